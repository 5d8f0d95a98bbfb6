"""What the bot keeps, in SQLite through sqlite-utils: the least it can.

- people: a pseudonym (see bot.privacy), the chosen language, the day of the last
  message, whether the person agreed to a human reply.
- questions: what the bot could not answer, scrubbed of personal data, for moderators;
  the Telegram chat id only while a human reply is pending.
- audit: what moderators did, by the moderator's pseudonym.
- daily_counts: figures per day, topic and language, tied to nobody (bot.store.counts).

Deleted rows are overwritten (secure_delete) and the write-ahead log is truncated after
each deletion, so that /forget and the retention purge leave no trace in any file.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from bot.core.hours import today_in_france
from bot.store.counts import DailyCounts

migrations = Migrations("relais")
STATUSES = ("new", "answered", "assigned", "dismissed")


@migrations()
def create_people(db: Database) -> None:
    db.table("people").create({"pseudonym": str, "lang": str, "last_active": str}, pk="pseudonym")


@migrations()
def create_questions_and_audit(db: Database) -> None:
    db.table("questions").create(
        {
            "id": int,
            "pseudonym": str,
            "lang": str,
            "text": str,
            "day": str,
            "candidates": str,
            "status": str,
            "topic": str,
            "post_id": int,
            "chat_id": int,
            "relay_until": str,
        },
        pk="id",
        not_null={"pseudonym", "text", "day", "status"},
        defaults={"status": "new"},
    )
    db.table("questions").create_index(["pseudonym"])
    db.table("questions").create_index(["post_id"])
    db.table("audit").create(
        {"id": int, "moderator": str, "action": str, "question": int, "at": str}, pk="id"
    )


@dataclass(frozen=True)
class Question:
    id: int
    lang: str
    text: str
    day: str
    candidates: list[dict[str, Any]]
    status: str
    topic: str | None
    chat_id: int | None


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
            self._lock = threading.Lock()
            self.counts = DailyCounts(self.db, self._lock)
        except (sqlite3.DatabaseError, OSError) as error:
            raise StoreError(
                f"cannot open the database {path}: {error}. If the file is damaged, "
                "move it away and start again (the bot keeps very little)."
            ) from None

    # -- people ----------------------------------------------------------------------

    def language(self, person: str) -> str | None:
        with self._lock:
            rows = list(
                self.db.table("people").rows_where("pseudonym = ?", [person], select="lang")
            )
        return rows[0]["lang"] if rows else None

    def languages(self) -> dict[str, str]:
        """Every person's chosen language, to hold in memory: a message then costs no read."""
        with self._lock:
            return {row["pseudonym"]: row["lang"] for row in self.db.table("people").rows}

    def remember_language(self, person: str, lang: str, today: dt.date | None = None) -> None:
        day = (today or today_in_france()).isoformat()
        with self._lock, self.db.atomic():
            self.db.table("people").upsert(
                {"pseudonym": person, "lang": lang, "last_active": day}, pk="pseudonym"
            )

    def forget(self, person: str) -> None:
        """Delete everything linked to `person`, and the traces SQLite keeps of it."""
        with self._lock:
            with self.db.atomic():
                self.db.table("people").delete_where("pseudonym = ?", [person])
                self.db.table("questions").delete_where("pseudonym = ?", [person])
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- questions ---------------------------------------------------------------------

    def add_question(
        self,
        person: str,
        lang: str,
        scrubbed: str,
        candidates: list[dict[str, Any]],
        chat_id: int | None,
        relay_days: int,
        today: dt.date | None = None,
    ) -> int:
        """Keep an unanswered question (already scrubbed); returns its number."""
        day = today or today_in_france()
        with self._lock, self.db.atomic():
            table = self.db.table("questions")
            table.insert(
                {
                    "pseudonym": person,
                    "lang": lang,
                    "text": scrubbed,
                    "day": day.isoformat(),
                    "candidates": json.dumps(candidates),
                    "status": "new",
                    "chat_id": chat_id,
                    "relay_until": (day + dt.timedelta(days=relay_days)).isoformat()
                    if chat_id
                    else None,
                }
            )
            return int(table.last_pk)  # type: ignore[arg-type]

    def set_post(self, question: int, post_id: int) -> None:
        with self._lock, self.db.atomic():
            self.db.table("questions").update(question, {"post_id": post_id})

    def question(self, number: int) -> Question | None:
        with self._lock:
            rows = list(self.db.table("questions").rows_where("id = ?", [number]))
        return _question(rows[0]) if rows else None

    def question_for_post(self, post_id: int) -> Question | None:
        with self._lock:
            rows = list(self.db.table("questions").rows_where("post_id = ?", [post_id]))
        return _question(rows[0]) if rows else None

    def close_question(self, number: int, status: str, topic: str | None = None) -> None:
        """Set the question's status; the chat id goes, as no reply is pending any more."""
        with self._lock:
            with self.db.atomic():
                self.db.table("questions").update(
                    number, {"status": status, "topic": topic, "chat_id": None, "relay_until": None}
                )
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def questions(self, status: str | None = None) -> list[Question]:
        where, args = ("status = ?", [status]) if status else (None, [])
        with self._lock:
            rows = list(self.db.table("questions").rows_where(where, args, order_by="id"))
        return [_question(row) for row in rows]

    # -- audit and retention -----------------------------------------------------------------

    def audit(self, moderator: str, action: str, question: int | None) -> None:
        with self._lock, self.db.atomic():
            self.db.table("audit").insert(
                {
                    "moderator": moderator,
                    "action": action,
                    "question": question,
                    "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                }
            )

    def purge(self, retention_days: int, today: dt.date | None = None) -> int:
        """Delete questions older than `retention_days` and chat ids past their time;
        returns how many questions were deleted."""
        day = today or today_in_france()
        oldest = (day - dt.timedelta(days=retention_days)).isoformat()
        with self._lock:
            with self.db.atomic():
                deleted = self.db.execute("DELETE FROM questions WHERE day < ?", [oldest]).rowcount
                self.db.execute(
                    "UPDATE questions SET chat_id = NULL, relay_until = NULL "
                    "WHERE relay_until IS NOT NULL AND relay_until < ?",
                    [day.isoformat()],
                )
                self.db.execute("DELETE FROM audit WHERE at < ?", [oldest])
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(deleted)

    def close(self) -> None:
        with self._lock:
            self.db.close()


def _question(row: dict[str, Any]) -> Question:
    return Question(
        id=row["id"],
        lang=row["lang"],
        text=row["text"],
        day=row["day"],
        candidates=json.loads(row["candidates"] or "[]"),
        status=row["status"],
        topic=row["topic"],
        chat_id=row["chat_id"],
    )
