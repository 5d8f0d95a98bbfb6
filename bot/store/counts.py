"""Daily counts for the associations' figures: what people ask, in which language, what
the bot answered or not, and whether it helped — never tied to a person.

A row is (day, event, topic, lang) → count. Nothing in it points at a pseudonym, so the
counts survive `/forget` and the retention purge: they hold nothing personal. The
observatory shows small counts as "<5" so that no figure can point at one person.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# The events counted: the engine's decision for a question, a person's 👍 / 👎, a
# moderator's reply reaching a person.
EVENTS = (
    "answered",
    "clarified",
    "unanswered",
    "emergency",
    "helpful",
    "unhelpful",
    "human_reply",
)
NO_TOPIC = ""  # the topic of an event that has none (an unanswered question)

migrations = Migrations("relais-counts")


@migrations()
def create_daily_counts(db: Database) -> None:
    db.table("daily_counts").create(
        {"day": str, "event": str, "topic": str, "lang": str, "count": int},
        pk=("day", "event", "topic", "lang"),
        not_null={"day", "event", "topic", "lang", "count"},
    )


# How long people waited for a human reply, counted per day in a few bands (never a
# delay per question, which a moderator could match with a question they answered).
REPLY_TIMES = ("under 1 h", "1–4 h", "4–24 h", "1–3 days", "over 3 days")
_BAND_ENDS = (1.0, 4.0, 24.0, 72.0)


@migrations()
def create_reply_times(db: Database) -> None:
    db.table("reply_times").create(
        {"day": str, "band": str, "count": int}, pk=("day", "band"), not_null={"day", "band"}
    )


def reply_time_band(hours: float) -> str:
    """The band of REPLY_TIMES that a wait of `hours` falls in."""
    for band, end in zip(REPLY_TIMES, _BAND_ENDS, strict=False):
        if hours < end:
            return band
    return REPLY_TIMES[-1]


@dataclass(frozen=True)
class Count:
    day: dt.date
    event: str
    topic: str
    lang: str
    count: int


class DailyCounts:
    """Counts kept in the bot's database; safe to call from worker threads."""

    def __init__(self, db: Database, lock: threading.Lock) -> None:
        self.db = db
        self._lock = lock
        migrations.apply(db)

    def add(self, event: str, topic: str | None, lang: str, day: dt.date) -> None:
        """Count one `event` (one of EVENTS) for `topic` and `lang` on `day`."""
        if event not in EVENTS:
            raise ValueError(f"unknown event {event!r}: one of {', '.join(EVENTS)}")
        with self._lock, self.db.atomic():
            self.db.execute(
                "INSERT INTO daily_counts (day, event, topic, lang, count) VALUES (?, ?, ?, ?, 1) "
                "ON CONFLICT (day, event, topic, lang) DO UPDATE SET count = count + 1",
                [day.isoformat(), event, topic or NO_TOPIC, lang],
            )

    def add_reply_time(self, hours: float, day: dt.date) -> None:
        """Count one human reply that came `hours` after its question, on `day`."""
        with self._lock, self.db.atomic():
            self.db.execute(
                "INSERT INTO reply_times (day, band, count) VALUES (?, ?, 1) "
                "ON CONFLICT (day, band) DO UPDATE SET count = count + 1",
                [day.isoformat(), reply_time_band(hours)],
            )

    def reply_times(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str, int]]:
        """(day, band of REPLY_TIMES, count) from `first` to `last`, both included."""
        with self._lock:
            rows = self.db.execute(
                "SELECT day, band, count FROM reply_times WHERE day >= ? AND day <= ? ORDER BY day",
                [first.isoformat(), last.isoformat()],
            ).fetchall()
        return [(dt.date.fromisoformat(day), band, count) for day, band, count in rows]

    def between(self, first: dt.date, last: dt.date) -> list[Count]:
        """Every count from `first` to `last`, both included."""
        with self._lock:
            rows = list(
                self.db.table("daily_counts").rows_where(
                    "day >= ? AND day <= ?",
                    [first.isoformat(), last.isoformat()],
                    order_by="day, event, topic, lang",
                )
            )
        return [
            Count(dt.date.fromisoformat(r["day"]), r["event"], r["topic"], r["lang"], r["count"])
            for r in rows
        ]
