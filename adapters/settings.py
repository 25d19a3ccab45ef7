"""Settings: the only place the environment (and a .env file) is read."""

from __future__ import annotations

import re

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.reminders import parse_offsets
from bot.language.residence import parse_eligible_states

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/frontdoor.db"


class SettingsError(Exception):
    """A missing or malformed setting; the message is one line naming the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      case_sensitive=False)

    database_url: str = DEFAULT_DATABASE_URL
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str | None = None
    slack_staff_channel: str | None = None
    slack_command: str = "/frontdoor"
    discord_token: str | None = None
    discord_staff_channel_id: int | None = None
    discord_application_id: int | None = None
    discord_message_content: bool = False
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

    @field_validator("slack_bot_token", "slack_app_token", "slack_signing_secret", "slack_api_url",
                     "slack_staff_channel", "discord_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_staff_channel_id", "discord_application_id", mode="before")
    @classmethod
    def _blank_id(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

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

    def require(self, *names: str) -> None:
        """Stop with one clear line if any named setting is missing."""
        for name in names:
            if not getattr(self, name.lower()):
                raise SettingsError(f"{name} is not set: add it to the environment or .env "
                                    "(see .env.example)")


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first.get("loc") else "settings"
        message = str(first.get("msg", "is malformed")).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
