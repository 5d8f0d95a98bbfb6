"""The database: upgrades without loss, clear errors, the queue from the command line."""

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from bot.cli.commands import main
from bot.core.hours import today_in_france
from bot.store.database import Store, StoreError, migrations


def test_a_database_from_an_older_version_upgrades_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "relais.db"
    old = Database(sqlite3.connect(path))
    migrations.apply(old, stop_before="create_questions_and_audit")
    old.table("people").insert({"pseudonym": "abc", "lang": "ro", "last_active": "2026-01-01"})
    old.close()
    store = Store(path)
    assert store.language("abc") == "ro"
    assert store.add_question("abc", "ro", "o întrebare", [], None, 7) == 1


def test_a_damaged_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "relais.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="move it away"):
        Store(path)


def test_queue_commands_read_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "relais.db")
    store.add_question(
        "p",
        "ro",
        "unde dorm [phone]",
        [{"topic": "shelter.tonight", "score": 0.2}],
        None,
        7,
        today_in_france(),
    )
    store.close()
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "relais.db"))
    runner = CliRunner()
    assert "unde dorm [phone]" in runner.invoke(main, ["queue", "list"]).output
    exported = runner.invoke(main, ["queue", "export", "--csv"]).output
    assert exported.splitlines()[0] == "id,lang,day,status,topic,best_candidate,text"
    assert "shelter.tonight" in exported
    stats = runner.invoke(main, ["queue", "stats"]).output
    assert "passed to moderators: 1 (waiting: 1)" in stats and "shelter.tonight (1)" in stats


def test_accepted_suggestions_join_their_topic(mini_kb: Path) -> None:
    from bot.knowledge.loader import load_knowledge
    from bot.knowledge.suggestions import accept_suggestions, add_suggestion

    add_suggestion(mini_kb, "shelter.tonight", "en", "no bed for me tonite", today_in_france())
    add_suggestion(mini_kb, "shelter.tonight", "en", "not this one", today_in_france())
    path = mini_kb / "suggestions" / "shelter.tonight.yaml"
    path.write_text(path.read_text("utf-8").replace("accept: false", "accept: true", 1), "utf-8")
    assert accept_suggestions(mini_kb) == 1
    questions = load_knowledge(mini_kb).topic("shelter.tonight").text("en").questions
    assert "no bed for me tonite" in questions and "not this one" not in questions
    assert "not this one" in path.read_text("utf-8")
