"""Backups of the database: a consistent copy while the bot runs, kept a few days only.

SQLite's online backup API copies the database page by page under its own locks, so a
backup taken during a stream of messages is a valid database holding every transaction
committed before it began. Backups are as private as the database (mode 0600) and are
deleted after `BACKUP_DAYS`: a person's `/forget` reaches them when they expire.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import closing
from pathlib import Path

PREFIX = "relais-"
SUFFIX = ".db"


class BackupError(Exception):
    """A backup or a restore that could not be done; the message says why."""


def backup_name(moment: dt.datetime) -> str:
    """A name that sorts by time and says when the copy was taken."""
    return f"{PREFIX}{moment:%Y%m%d-%H%M%S}{SUFFIX}"


def take_backup(database: Path, target: Path) -> Path:
    """Copy `database` into `target` (a file, or a folder where the copy gets a dated name);
    returns the file written, mode 0600."""
    if not database.is_file():
        raise BackupError(f"there is no database at {database} to back up")
    if target.is_dir() or target.suffix != SUFFIX:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = target / backup_name(dt.datetime.now(dt.UTC))
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    _copy(database, partial)
    partial.replace(target)
    return target


def prune_backups(folder: Path, days: int, now: dt.datetime) -> list[Path]:
    """Delete the backups of `folder` older than `days`; returns the deleted files."""
    deleted = []
    for path in sorted(folder.glob(f"{PREFIX}*{SUFFIX}")):
        taken = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        if now - taken > dt.timedelta(days=days):
            path.unlink()
            deleted.append(path)
    return deleted


def restore_backup(backup: Path, database: Path) -> None:
    """Replace `database` with the copy in `backup`, after checking the copy is whole.
    The bot must be stopped: a running bot keeps its own connection to the old file."""
    if not backup.is_file():
        raise BackupError(f"there is no backup at {backup}")
    problem = integrity_problem(backup)
    if problem:
        raise BackupError(f"{backup} is damaged ({problem}); choose another backup")
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        leftover.unlink(missing_ok=True)
    partial = database.with_name(database.name + ".restoring")
    _copy(backup, partial)
    partial.replace(database)


def integrity_problem(path: Path) -> str:
    """What SQLite's integrity check finds wrong with the database at `path`; empty if whole."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)
    return "" if result == "ok" else str(result)


def _copy(source: Path, destination: Path) -> None:
    destination.unlink(missing_ok=True)
    descriptor = os.open(destination, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(descriptor)
    try:
        with (
            closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reader,
            closing(sqlite3.connect(destination)) as writer,
        ):
            reader.backup(writer)
    except sqlite3.DatabaseError as error:
        destination.unlink(missing_ok=True)
        raise BackupError(f"cannot copy {source}: {error}") from None
