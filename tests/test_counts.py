"""Daily counts: figures per day, event, topic and language, tied to nobody."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.store.counts import Count
from bot.store.database import Store

DAY = dt.date(2026, 11, 30)


def test_events_of_a_day_add_up_per_topic_and_language(tmp_path: Path) -> None:
    store = Store(tmp_path / "relais.db")
    for _ in range(3):
        store.counts.add("answered", "health.pep", "ro", DAY)
    store.counts.add("answered", "health.pep", "fr", DAY)
    store.counts.add("unanswered", None, "ro", DAY)
    assert store.counts.between(DAY, DAY) == [
        Count(DAY, "answered", "health.pep", "fr", 1),
        Count(DAY, "answered", "health.pep", "ro", 3),
        Count(DAY, "unanswered", "", "ro", 1),
    ]
    store.close()


def test_only_the_asked_days_are_given(tmp_path: Path) -> None:
    store = Store(tmp_path / "relais.db")
    store.counts.add("helpful", "food", "en", DAY)
    store.counts.add("helpful", "food", "en", DAY + dt.timedelta(days=1))
    assert [c.day for c in store.counts.between(DAY, DAY)] == [DAY]
    store.close()


def test_an_unknown_event_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "relais.db")
    with pytest.raises(ValueError, match="unknown event"):
        store.counts.add("clicked", "food", "en", DAY)
    store.close()


def test_counts_hold_nothing_that_points_at_a_person(tmp_path: Path) -> None:
    store = Store(tmp_path / "relais.db")
    store.close()
    with sqlite3.connect(tmp_path / "relais.db") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(daily_counts)")]
    assert columns == ["day", "event", "topic", "lang", "count"]


def test_counts_survive_forget(tmp_path: Path) -> None:
    store = Store(tmp_path / "relais.db")
    store.remember_language("someone", "ro")
    store.counts.add("answered", "food", "ro", DAY)
    store.forget("someone")
    assert store.counts.between(DAY, DAY) == [Count(DAY, "answered", "food", "ro", 1)]
    store.close()
