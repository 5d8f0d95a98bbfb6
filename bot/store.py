"""What the bot keeps, in SQLite through sqlite-utils: the least it can.

A person is a pseudonym (see bot.privacy) with a chosen language and the day of their
last message. Deleted rows are overwritten (secure_delete) and the write-ahead log is
truncated after a deletion, so that /forget leaves no trace in any file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("relais")


@migrations()
def create_people(db: Database) -> None:
    db.table("people").create({"pseudonym": str, "lang": str, "last_active": str}, pk="pseudonym")


class StoreError(Exception):
    """The database cannot be opened or used; the message says what to do."""


class Store:
    """The bot's database. Safe to call from worker threads (one connection, one lock)."""

    def __init__(self, path: Path):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, check_same_thread=False, timeout=10)
            self.db = Database(connection)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA secure_delete=ON")
            migrations.apply(self.db)
        except (sqlite3.DatabaseError, OSError) as error:
            raise StoreError(
                f"cannot open the database {path}: {error}. If the file is damaged, "
                "move it away and start again (the bot keeps very little)."
            ) from None
        self._lock = threading.Lock()

    def language(self, person: str) -> str | None:
        with self._lock:
            rows = list(
                self.db.table("people").rows_where("pseudonym = ?", [person], select="lang")
            )
        return rows[0]["lang"] if rows else None

    def remember_language(self, person: str, lang: str, today: dt.date | None = None) -> None:
        day = (today or dt.date.today()).isoformat()
        with self._lock, self.db.atomic():
            self.db.table("people").upsert(
                {"pseudonym": person, "lang": lang, "last_active": day}, pk="pseudonym"
            )

    def forget(self, person: str) -> None:
        """Delete everything linked to `person`, and the traces SQLite keeps of it."""
        with self._lock:
            with self.db.atomic():
                self.db.table("people").delete_where("pseudonym = ?", [person])
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self.db.close()
