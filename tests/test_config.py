"""Settings: every wrong value is reported at start, each in its own words."""

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults_put_the_database_under_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings({"DATA_DIR": str(tmp_path), "PSEUDONYM_SECRET": "x" * 16})
    assert settings.database_path == tmp_path / "relais.db"
    assert (settings.retention_days, settings.relay_ttl_days) == (30, 7)


def test_every_wrong_value_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            {
                "BOT_TOKEN": "nonsense",
                "MODERATOR_IDS": "12,abc",
                "RETENTION_DAYS": "-3",
                "WEBHOOK_URL": "http://x",
            }
        )
    text = "\n".join(caught.value.problems)
    for name in ("BOT_TOKEN", "PSEUDONYM_SECRET", "MODERATOR_IDS", "RETENTION_DAYS", "WEBHOOK_URL"):
        assert name in text


def test_tests_may_run_without_a_secret() -> None:
    assert load_settings({}, testing=True).pseudonym_secret
