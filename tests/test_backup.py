"""Backups: a consistent copy while the bot writes, private, rotated, and restorable."""

from __future__ import annotations

import datetime as dt
import os
import stat
import threading
from pathlib import Path

import pytest

from bot.store.backup import (
    BackupError,
    integrity_problem,
    prune_backups,
    restore_backup,
    take_backup,
)
from bot.store.database import Store


def _ask(store: Store, number: int) -> int:
    return store.add_question(f"person-{number}", "fr", f"question {number}", [], None, 7)


def test_a_backup_during_a_stream_of_writes_is_whole_and_holds_what_came_before(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "relais.db")
    before = [_ask(store, n) for n in range(50)]
    stop = threading.Event()

    def keep_writing() -> None:
        n = 1000
        while not stop.is_set():
            _ask(store, n)
            n += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        copy = take_backup(tmp_path / "relais.db", tmp_path / "backups")
    finally:
        stop.set()
        writer.join()
        store.close()
    assert integrity_problem(copy) == ""
    kept = Store(copy)
    assert {q.id for q in kept.questions()} >= set(before)
    kept.close()


def test_a_backup_is_private(tmp_path: Path) -> None:
    Store(tmp_path / "relais.db").close()
    copy = take_backup(tmp_path / "relais.db", tmp_path / "one.db")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_no_backup_older_than_the_rotation_is_kept(tmp_path: Path) -> None:
    now = dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)
    ages = {"relais-old.db": 8, "relais-limit.db": 6, "relais-new.db": 0, "notes.db": 30}
    for name, days in ages.items():
        path = tmp_path / name
        path.write_bytes(b"")
        stamp = (now - dt.timedelta(days=days)).timestamp()
        os.utime(path, (stamp, stamp))
    deleted = prune_backups(tmp_path, 7, now)
    assert [p.name for p in deleted] == ["relais-old.db"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.db",
        "relais-limit.db",
        "relais-new.db",
    ]


def test_restore_brings_back_the_backed_up_questions(tmp_path: Path) -> None:
    store = Store(tmp_path / "relais.db")
    kept = _ask(store, 1)
    store.close()
    copy = take_backup(tmp_path / "relais.db", tmp_path / "backups")
    store = Store(tmp_path / "relais.db")
    store.forget("person-1")
    store.close()
    restore_backup(copy, tmp_path / "relais.db")
    store = Store(tmp_path / "relais.db")
    assert [q.id for q in store.questions()] == [kept]
    store.close()


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    damaged = tmp_path / "relais-bad.db"
    damaged.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(damaged, tmp_path / "relais.db")
