"""The staff settings: defaults, and one clear line naming a malformed variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings import Settings, SettingsError, load_settings
from adapters.wiring import core_config


def test_defaults_reach_the_core() -> None:
    config = core_config(Settings(_env_file=None))  # type: ignore[call-arg]
    assert (config.max_bookings_per_member, config.urgent_escalate_minutes,
            config.urgent_max_escalations, config.staff_oncall_mention) == (2, 10, 3, "")


@pytest.mark.parametrize("name, value", [("MAX_BOOKINGS_PER_MEMBER", "0"),
                                         ("URGENT_ESCALATE_MINUTES", "soon"),
                                         ("URGENT_MAX_ESCALATIONS", "-1"),
                                         ("STAFF_ONCALL_MENTION", "<!here>")])
def test_a_malformed_staff_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                      name: str, value: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=f"^{name}: "):
        load_settings()


def test_an_on_call_mention_is_accepted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STAFF_ONCALL_MENTION", "role:1187654321098765999")
    assert load_settings().staff_oncall_mention == "role:1187654321098765999"
