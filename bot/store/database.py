"""What the bot keeps, in SQLite through sqlite-utils: the least it can.

- people: a pseudonym (see bot.privacy), the chosen language, the day of the last
  message, whether the person agreed to a human reply.
- questions: what the bot could not answer, scrubbed of personal data, for moderators;
  the Telegram chat id only while a human reply is pending.
- audit: what moderators did, by the moderator's pseudonym.
- daily_counts: figures per day, topic and language, tied to nobody (bot.store.counts).
- handled: the ids of the Telegram updates already handled, for two days, so that an
  update Telegram delivers again after a crash has no effect twice.
- deliveries: a moderator's reply on its way to the person (ids only: the text stays in
  the moderators' group; or the topic or ready reply sent), from the moment its question
  is closed until it is sent.
- threads: which message the bot sent to a person answers which question, so that the
  person's Telegram "Reply" to it joins the same thread; kept `RELAY_TTL_DAYS`.

Deleted rows are overwritten (secure_delete) and the write-ahead log is truncated after
each deletion, so that /forget and the retention purge leave no trace in any file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Sequence
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


@migrations()
def remember_handled_updates(db: Database) -> None:
    db.table("handled").create({"update_id": int, "day": str}, pk="update_id")
    db.table("questions").add_column("update_id", int)
    db.table("questions").create_index(["update_id"], unique=True)
    db.table("deliveries").create(
        {
            "update_id": int,
            "question": int,
            "chat_id": int,
            "lang": str,
            "message_id": int,
            "until": str,
        },
        pk="update_id",
    )


@migrations()
def keep_threads(db: Database) -> None:
    questions = db.table("questions")
    questions.add_column("parent", int)  # a person's reply in the thread of this question
    questions.add_column("asked_at", str)  # UTC time, for the time to a human reply
    questions.add_column("handled_at", str)
    questions.add_column("handled_by", str)  # the moderator's pseudonym
    questions.add_column("handled_how", str)  # "replied", "sent topic health.pep"...
    deliveries = db.table("deliveries")
    deliveries.add_column("kind", str, not_null_default="reply")  # reply, topic, ready
    deliveries.add_column("ref", str)  # the topic or the ready reply sent
    deliveries.add_column("org", str)  # the organisation of a ready reply
    db.table("threads").create(
        {"chat_id": int, "message_id": int, "question": int, "until": str},
        pk=("chat_id", "message_id"),
    )
    db.table("threads").create_index(["question"])


HANDLED_DAYS = 2  # Telegram keeps an update for 24 hours: it never comes back after this


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
    post_id: int | None = None
    parent: int | None = None
    asked_at: str | None = None
    handled_at: str | None = None
    handled_by: str | None = None
    handled_how: str | None = None


@dataclass(frozen=True)
class Delivery:
    """What a moderator sends to `chat_id`: their reply (`message_id` in the moderators'
    group), a topic's answer (`kind` "topic", `ref` its id) or a ready reply (`kind`
    "ready", `ref` its name, `org` the organisation it names)."""

    update_id: int
    question: int
    chat_id: int
    lang: str
    message_id: int
    kind: str = "reply"
    ref: str = ""
    org: str = ""


@dataclass(frozen=True)
class Handling:
    """Who handled a question and how, as its post in the moderators' group shows it."""

    moderator: str
    how: str  # "replied", "sent topic health.pep", "ready reply city", "dismissed"


class StoreError(Exception):
    """The database cannot be opened or used; the message says what to do."""


class Store:
    """The bot's database. Safe to call from worker threads (one connection, one lock)."""

    def __init__(self, path: Path):
        try:
            keep_private(path)
            connection = sqlite3.connect(path, check_same_thread=False, timeout=10)
            self.db = Database(connection)
            self.db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL survives a killed process (only a power cut can lose the
            # last commits), and makes the one write each update costs cheap.
            self.db.execute("PRAGMA synchronous=NORMAL")
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
                for table in ("deliveries", "threads"):
                    self.db.execute(
                        f"DELETE FROM {table} WHERE question IN "
                        "(SELECT id FROM questions WHERE pseudonym = ?)",
                        [person],
                    )
                self.db.table("questions").delete_where("pseudonym = ?", [person])
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def questions_of(self, person: str) -> list[Question]:
        """The questions `person` asked that are still kept, for /forget to undo their
        traces outside the database (posts, suggestions)."""
        with self._lock:
            rows = list(self.db.table("questions").rows_where("pseudonym = ?", [person]))
        return [_question(row) for row in rows]

    # -- updates handled once ----------------------------------------------------------

    def was_handled(self, update_id: int) -> bool:
        with self._lock:
            row = self.db.execute(
                "SELECT 1 FROM handled WHERE update_id = ?", [update_id]
            ).fetchone()
        return row is not None

    def mark_handled(self, update_id: int, today: dt.date | None = None) -> None:
        day = (today or today_in_france()).isoformat()
        with self._lock, self.db.atomic():
            self.db.execute(
                "INSERT OR IGNORE INTO handled (update_id, day) VALUES (?, ?)", [update_id, day]
            )

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
        update_id: int | None = None,
        parent: int | None = None,
    ) -> int:
        """Keep an unanswered question (already scrubbed); returns its number. The same
        `update_id` again (Telegram delivering an update a second time) keeps nothing
        more and returns the number it got the first time. `parent`: the question whose
        thread this message continues (the person replied to a moderator's answer)."""
        day = today or today_in_france()
        with self._lock, self.db.atomic():
            if update_id is not None:
                row = self.db.execute(
                    "SELECT id FROM questions WHERE update_id = ?", [update_id]
                ).fetchone()
                if row is not None:
                    return int(row[0])
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
                    "update_id": update_id,
                    "parent": parent,
                    "asked_at": _now(),
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

    def close_question(
        self,
        number: int,
        status: str,
        topic: str | None = None,
        handling: Handling | None = None,
    ) -> None:
        """Set the question's status; the chat id goes, as no reply is pending any more."""
        with self._lock:
            with self.db.atomic():
                self.db.table("questions").update(
                    number,
                    {
                        "status": status,
                        "topic": topic,
                        "chat_id": None,
                        "relay_until": None,
                        **_handled(handling),
                    },
                )
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def unposted(self) -> list[Question]:
        """Questions kept but not (or not known to be) in the moderators' group."""
        with self._lock:
            rows = list(
                self.db.table("questions").rows_where(
                    "status = 'new' AND post_id IS NULL", order_by="id"
                )
            )
        return [_question(row) for row in rows]

    # -- moderators' replies on their way ------------------------------------------------

    def start_delivery(
        self,
        update_id: int,
        question: Question,
        message_id: int,
        handling: Handling | None = None,
        kind: str = "reply",
        ref: str = "",
        org: str = "",
    ) -> Delivery:
        """Close `question` as answered and owe its person the reply `message_id` (or the
        topic or ready reply `ref`), in one transaction: a crash can no longer leave an
        answered question open."""
        if question.chat_id is None:
            raise ValueError("the question has no one to deliver to")
        delivery = Delivery(
            update_id, question.id, question.chat_id, question.lang, message_id, kind, ref, org
        )
        with self._lock, self.db.atomic():
            until = self.db.execute(
                "SELECT relay_until FROM questions WHERE id = ?", [question.id]
            ).fetchone()
            self.db.table("deliveries").insert(
                {**vars(delivery), "until": until[0] if until else None}, replace=True
            )
            self.db.table("questions").update(
                question.id,
                {
                    "status": "answered",
                    "topic": ref if kind == "topic" else question.topic,
                    "chat_id": None,
                    "relay_until": None,
                    **_handled(handling),
                },
            )
        return delivery

    def delivery(self, update_id: int) -> Delivery | None:
        with self._lock:
            rows = list(self.db.table("deliveries").rows_where("update_id = ?", [update_id]))
        return _delivery(rows[0]) if rows else None

    def deliveries(self) -> list[Delivery]:
        with self._lock:
            rows = list(self.db.table("deliveries").rows_where(order_by="update_id"))
        return [_delivery(row) for row in rows]

    def finish_delivery(
        self,
        update_id: int,
        sent: Sequence[int] = (),
        thread_days: int = 0,
        today: dt.date | None = None,
    ) -> bool:
        """The reply was sent, as the messages `sent` in the person's chat: the delivery
        goes and its update counts as handled; for `thread_days`, a reply to one of those
        messages continues the question's thread. False when it was already finished."""
        day = today or today_in_france()
        with self._lock:
            with self.db.atomic():
                row = self.db.execute(
                    "SELECT chat_id, question FROM deliveries WHERE update_id = ?", [update_id]
                ).fetchone()
                self.db.table("deliveries").delete_where("update_id = ?", [update_id])
                self.db.execute(
                    "INSERT OR IGNORE INTO handled (update_id, day) VALUES (?, ?)",
                    [update_id, day.isoformat()],
                )
                if row is not None and thread_days > 0:
                    until = (day + dt.timedelta(days=thread_days)).isoformat()
                    self.db.table("threads").insert_all(
                        [
                            {"chat_id": row[0], "message_id": m, "question": row[1], "until": until}
                            for m in sent
                        ],
                        replace=True,
                    )
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return row is not None

    def thread(
        self, chat_id: int, message_id: int, today: dt.date | None = None
    ) -> Question | None:
        """The question whose answer is the message `message_id` of chat `chat_id`, while
        its thread is kept (the first question of the thread, not a later reply)."""
        day = (today or today_in_france()).isoformat()
        with self._lock:
            row = self.db.execute(
                "SELECT question FROM threads WHERE chat_id = ? AND message_id = ? AND until >= ?",
                [chat_id, message_id, day],
            ).fetchone()
        if row is None:
            return None
        question = self.question(int(row[0]))
        if question is not None and question.parent is not None:
            return self.question(question.parent) or question
        return question

    def handling_times(self, first: dt.date, last: dt.date) -> list[float]:
        """Hours from each question asked between `first` and `last` to its first human
        reply (a moderator's text, a topic or a ready reply)."""
        with self._lock:
            rows = self.db.execute(
                "SELECT asked_at, handled_at FROM questions WHERE status = 'answered' "
                "AND asked_at IS NOT NULL AND handled_at IS NOT NULL AND day >= ? AND day <= ?",
                [first.isoformat(), last.isoformat()],
            ).fetchall()
        return [
            (dt.datetime.fromisoformat(b) - dt.datetime.fromisoformat(a)).total_seconds() / 3600
            for a, b in rows
        ]

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
                    "at": _now(),
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
                self.db.execute(
                    "DELETE FROM deliveries WHERE until IS NOT NULL AND until < ?",
                    [day.isoformat()],
                )
                self.db.execute(
                    "DELETE FROM threads WHERE until < ? "
                    "OR question NOT IN (SELECT id FROM questions)",
                    [day.isoformat()],
                )
                self.db.execute(
                    "DELETE FROM handled WHERE day < ?",
                    [(day - dt.timedelta(days=HANDLED_DAYS)).isoformat()],
                )
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(deleted)

    def answers(self) -> bool:
        """Whether the database can be read right now (for the health check)."""
        try:
            with self._lock:
                self.db.execute("SELECT count(*) FROM people").fetchone()
        except (sqlite3.DatabaseError, sqlite3.ProgrammingError):
            return False
        return True

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
        post_id=row.get("post_id"),
        parent=row.get("parent"),
        asked_at=row.get("asked_at"),
        handled_at=row.get("handled_at"),
        handled_by=row.get("handled_by"),
        handled_how=row.get("handled_how"),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _handled(handling: Handling | None) -> dict[str, str]:
    if handling is None:
        return {}
    return {"handled_by": handling.moderator, "handled_how": handling.how, "handled_at": _now()}


def _delivery(row: dict[str, Any]) -> Delivery:
    return Delivery(
        update_id=row["update_id"],
        question=row["question"],
        chat_id=row["chat_id"],
        lang=row["lang"],
        message_id=row["message_id"],
        kind=row.get("kind") or "reply",
        ref=row.get("ref") or "",
        org=row.get("org") or "",
    )


def make_private(data_dir: Path) -> None:
    """From now on, every file the bot creates is readable by its user only (umask 077),
    and the data folder is 0700 (the database, the engine cache, anything added later)."""
    os.umask(0o077)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    data_dir.chmod(0o700)


def keep_private(database: Path) -> None:
    """The database file readable by the bot's user only (0600; SQLite gives its -wal and
    -shm files the database's mode), in a folder made 0700 when the bot creates it (a
    folder that exists is the data folder, made private at start, or the owner's choice)."""
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not database.exists():
        database.touch(mode=0o600)
    database.chmod(0o600)
