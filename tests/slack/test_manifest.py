"""The shipped Slack app manifest asks for exactly what the adapter uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from adapters.settings import SlackSettings

MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.yaml"


def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_scopes_are_exactly_the_ones_the_bot_uses() -> None:
    assert sorted(manifest()["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read", "channels:read", "chat:write", "commands", "files:write", "groups:read",
        "im:history", "im:write"]
    assert "user" not in manifest()["oauth_config"]["scopes"]


def test_events_command_interactivity_home_and_socket_mode() -> None:
    data = manifest()
    settings = data["settings"]
    assert sorted(settings["event_subscriptions"]["bot_events"]) == ["app_home_opened", "app_mention",
                                                                     "message.im"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    home = data["features"]["app_home"]
    assert home["home_tab_enabled"] is True and home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False
    [command] = data["features"]["slash_commands"]
    assert command["command"] == SlackSettings.model_fields["slack_command"].default == "/frontdoor"
    assert len(data["display_information"]["description"]) <= 140
    assert 175 <= len(data["display_information"]["long_description"]) <= 4000

