"""Settings: the only place the environment (and a .env file) is read.

One typed model per command, each knowing what that command requires: ``Settings`` for
every command (the store, the core's rules, logging), ``SlackSettings`` for ``frontdoor
slack``, ``DiscordSettings`` for ``frontdoor discord``, ``InviteSettings`` for ``frontdoor
discord --invite-url`` and ``CheckSettings`` for ``frontdoor check`` (platforms optional).
Building one either succeeds or raises ``SettingsError``, one line naming the variable
(every missing variable at once, so one edit of ``.env`` fixes them).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import Field, ValidationError, ValidatorFunctionWrapHandler, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.language.residence import parse_eligible_states
from bot.reminders import parse_offsets

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/frontdoor.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
NOT_SET = "not set: add {them} to the environment or .env (see .env.example)"
SLACK_CONNECT = "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)"


S = TypeVar("S", bound="Settings")


class SettingsError(Exception):
    """A missing or malformed setting; the message is one line naming the variable."""


def _blank_is_unset(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def not_set(names: list[str]) -> SettingsError:
    verb, them = ("is", "it") if len(names) == 1 else ("are", "them")
    return SettingsError(f"{_names(names)} {verb} {NOT_SET.format(them=them)}")


class Settings(BaseSettings):
    """What every command reads: the store, the core's rules, logging."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      case_sensitive=False)
    #: Either of these is required (named together when missing): (shown name, fields).
    one_of: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()
    #: Name every missing variable in the one line (else the first, as the command always did).
    all_missing_at_once: ClassVar[bool] = False

    database_url: str = DEFAULT_DATABASE_URL
    staff_user_ids: str = ""
    eligible_states: str = "FL,NY,NJ"
    staff_notices_reference_only: bool = False
    member_ref_secret: str | None = None
    min_age: int = Field(default=18, ge=0, le=120)
    max_bookings_per_member: int = Field(default=2, ge=1, le=100)
    urgent_escalate_minutes: int = Field(default=10, ge=1, le=1440)
    urgent_max_escalations: int = Field(default=3, ge=0, le=50)
    staff_oncall_mention: str = ""
    reminder_offsets: str = "24h,1h"
    rate_limit_per_minute: int = Field(default=20, ge=0)
    log_level: str = Field(default="INFO")

    @model_validator(mode="wrap")
    @classmethod
    def _one_line(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Any problem becomes one ``SettingsError`` line: everything missing, else the first."""
        given = data if isinstance(data, dict) else {}
        try:
            settings = handler(data)
        except ValidationError as error:
            raise cls._problem(error, given) from None
        if cls._missing(given):
            raise not_set(cls._missing(given))
        return settings

    @classmethod
    def _missing(cls, given: dict[str, Any], error: ValidationError | None = None) -> list[str]:
        """Every missing variable (and alternative), in the order the model declares them."""
        order = list(cls.model_fields)
        found: list[tuple[int, str]] = []
        for problem in error.errors() if error else ():
            name = str(problem["loc"][0]) if problem.get("loc") else ""
            field = cls.model_fields.get(name)
            if field is not None and (problem["type"] == "missing"
                                      or (field.is_required() and problem.get("input") is None)):
                found.append((order.index(name), name.upper()))
        for shown, fields in cls.one_of:
            if not any(_blank_is_unset(given.get(field)) for field in fields):
                found.append((order.index(fields[0]), shown))
        names = [name for _, name in sorted(found)]
        return names if cls.all_missing_at_once else names[:1]

    @classmethod
    def _problem(cls, error: ValidationError, given: dict[str, Any]) -> SettingsError:
        missing = cls._missing(given, error)
        if missing:
            return not_set(missing)
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first.get("loc") else "settings"
        message = str(first.get("msg", "is malformed")).removeprefix("Value error, ")
        return SettingsError(f"{name}: {message}")

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        value = value.strip()
        if "://" not in value:
            raise ValueError("must be a URL such as sqlite+aiosqlite:///var/frontdoor.db")
        return value

    @field_validator("eligible_states")
    @classmethod
    def _eligible_states(cls, value: str) -> str:
        parse_eligible_states(value)
        return value

    @field_validator("staff_oncall_mention")
    @classmethod
    def _oncall(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"(?:role:|user:)?[A-Za-z0-9]{2,40}", value):
            raise ValueError("must be a Slack user group (S...) or user id (U...), or a Discord "
                             "role:ID or user:ID")
        return value

    @field_validator("reminder_offsets")
    @classmethod
    def _reminder_offsets(cls, value: str) -> str:
        parse_offsets(value)  # "" turns reminders off
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value

    @property
    def eligible_state_codes(self) -> frozenset[str]:
        return parse_eligible_states(self.eligible_states)

    @property
    def reminder_offset_minutes(self) -> tuple[int, ...]:
        return parse_offsets(self.reminder_offsets)

    @property
    def staff_ids(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.staff_user_ids.split(",") if part.strip())


def _slack_api_url(value: str | None) -> str:
    """``SLACK_API_URL`` as slack_sdk wants it (ending in ``/``), or Slack's own."""
    if not value:
        return DEFAULT_SLACK_API_URL
    url = value.strip()
    if not url.startswith(("https://", "http://")):
        raise ValueError("must be an http(s) URL such as https://slack.com/api/")
    return url if url.endswith("/") else url + "/"


class SlackSettings(Settings):
    """``frontdoor slack``: a bot token, a staff channel, and a way to connect."""

    one_of: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        (SLACK_CONNECT, ("slack_app_token", "slack_signing_secret")),)
    all_missing_at_once: ClassVar[bool] = True

    slack_bot_token: str
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    slack_staff_channel: str
    slack_command: str = "/frontdoor"

    _blank = field_validator("slack_bot_token", "slack_app_token", "slack_signing_secret",
                             "slack_staff_channel", mode="before")(_blank_is_unset)

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: str) -> str:
        if not value.startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb- (OAuth & Permissions > Bot "
                             "User OAuth Token)")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp- (Basic Information > "
                             "App-Level Tokens, scope connections:write)")
        return value

    @field_validator("slack_api_url", mode="before")
    @classmethod
    def _api_url(cls, value: object) -> str:
        return _slack_api_url(value if isinstance(value, str) else None)

    @field_validator("slack_command")
    @classmethod
    def _command(cls, value: str) -> str:
        command = value.strip()
        if not command.startswith("/") or len(command) < 2 or " " in command:
            raise ValueError("must be a slash command such as /frontdoor")
        return command

    @property
    def mode(self) -> Literal["socket", "http"]:
        """Socket Mode when ``SLACK_APP_TOKEN`` is set (no public URL needed), else HTTP mode."""
        return "socket" if self.slack_app_token else "http"


class InviteSettings(Settings):
    """``frontdoor discord --invite-url``: the application id, or a token to read it from."""

    discord_token: str | None = None
    discord_application_id: int | None = None

    _blank = field_validator("discord_token", "discord_application_id", mode="before")(_blank_is_unset)


class DiscordSettings(InviteSettings):
    """``frontdoor discord``: a bot token and the staff channel."""

    discord_token: str
    discord_staff_channel_id: int
    discord_message_content: bool = False

    _blank_channel = field_validator("discord_staff_channel_id", mode="before")(_blank_is_unset)


class CheckSettings(InviteSettings):
    """``frontdoor check``: every variable; a platform that is not set up is skipped."""

    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str | None = None
    slack_staff_channel: str | None = None
    slack_command: str = "/frontdoor"
    discord_staff_channel_id: int | None = None

    _blank_platform = field_validator("slack_bot_token", "slack_app_token", "slack_signing_secret",
                                      "slack_api_url", "slack_staff_channel", "discord_staff_channel_id",
                                      mode="before")(_blank_is_unset)

    def slack(self) -> SlackSettings:
        """These settings as ``frontdoor slack`` reads them (``SettingsError`` if they don't do)."""
        return SlackSettings(_env_file=None, **self.model_dump())  # type: ignore[call-arg]

    def discord(self) -> DiscordSettings:
        return DiscordSettings(_env_file=None, **self.model_dump())  # type: ignore[call-arg]


def load_settings(model: type[S] = Settings) -> S:  # type: ignore[assignment]
    """The settings of one command, from the environment and ``.env``."""
    return model()
