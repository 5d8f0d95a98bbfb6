"""`python -m bot doctor`: exit 0 on a good deployment, and each broken setting named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.cli.doctor import diagnose
from bot.store.database import Store
from tests.conftest import PROJECT

GOOD_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
GOOD_SECRET = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d0f"


@pytest.fixture()
def deployment(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    Store(data / "relais.db").close()
    for path in data.iterdir():
        path.chmod(0o600)
    return {
        "BOT_TOKEN": GOOD_TOKEN,
        "PSEUDONYM_SECRET": GOOD_SECRET,
        "DATA_DIR": str(data),
        "KNOWLEDGE_DIR": str(PROJECT / "knowledge"),
    }


def test_a_good_deployment_has_no_problem(deployment: dict[str, str]) -> None:
    assert diagnose(deployment) == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"BOT_TOKEN": "not-a-token"}, "BOT_TOKEN"),
        ({"BOT_TOKEN": "123:short"}, "BOT_TOKEN"),
        ({"PSEUDONYM_SECRET": "a" * 40}, "PSEUDONYM_SECRET"),
        ({"PSEUDONYM_SECRET": "too-short"}, "PSEUDONYM_SECRET"),
        ({"MODERATOR_IDS": "12, x"}, "MODERATOR_IDS"),
        ({"MODERATOR_CHAT_ID": "-100123"}, "MODERATOR_IDS is empty"),
        ({"MODERATOR_IDS": "12", "MODERATOR_CHAT_ID": "123"}, "starts with -"),
        ({"FLOOD_MESSAGES": "abc"}, "FLOOD_MESSAGES"),
        ({"DATA_DIR": "/nonexistent/relais"}, "does not exist"),
        ({"KNOWLEDGE_DIR": str(PROJECT / "tests" / "data")}, "knowledge"),
    ],
)
def test_each_broken_setting_is_named(
    deployment: dict[str, str], change: dict[str, str], named: str
) -> None:
    problems = diagnose({**deployment, **change})
    assert problems, f"{change} was not reported"
    assert any(named in problem for problem in problems), problems


def test_a_data_folder_others_can_read_is_reported(deployment: dict[str, str]) -> None:
    Path(deployment["DATA_DIR"]).chmod(0o755)
    assert any("chmod 700" in problem for problem in diagnose(deployment))


def test_a_readable_database_file_is_reported(deployment: dict[str, str]) -> None:
    (Path(deployment["DATA_DIR"]) / "relais.db").chmod(0o644)
    assert any("chmod 600" in problem for problem in diagnose(deployment))


def test_a_damaged_database_is_reported(deployment: dict[str, str]) -> None:
    database = Path(deployment["DATA_DIR"]) / "relais.db"
    database.write_bytes(b"SQLite format 3\0" + os.urandom(2000))
    assert any("damaged" in problem for problem in diagnose(deployment))
