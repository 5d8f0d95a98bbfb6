"""The moderators' view of the questions the bot could not answer: the queue of pending
ones and figures for the week. Shared by /queue, /stats and `python -m bot queue`."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from bot.store.database import Question, Store

WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Stats:
    total: int
    by_status: dict[str, int]
    by_language: dict[str, int]
    by_topic: dict[str, int]
    answer_rate: float | None  # share of closed questions that got an answer or a topic
    themes_this_week: list[tuple[str, int]]  # best candidate topics of open questions
    # The last week's daily counts, tied to nobody: decisions, 👍 / 👎 (bot.store.counts).
    events_this_week: dict[str, int] = field(default_factory=dict)
    unhelpful_topics: list[tuple[str, int]] = field(default_factory=list)


def pending(store: Store) -> list[Question]:
    return store.questions("new")


def queue_text(questions: list[Question], limit: int = 20) -> str:
    lines = [f"#{q.id} [{q.lang}] {q.day}: {q.text[:120]}" for q in questions[:limit]]
    if len(questions) > limit:
        lines.append(f"… +{len(questions) - limit}")
    return "\n".join(lines) or "0"


def queue_csv(questions: list[Question]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "lang", "day", "status", "topic", "best_candidate", "text"])
    for q in questions:
        best = q.candidates[0]["topic"] if q.candidates else ""
        writer.writerow([q.id, q.lang, q.day, q.status, q.topic or "", best, q.text])
    return out.getvalue()


def stats(store: Store, today: dt.date) -> Stats:
    questions = store.questions()
    by_status = Counter(q.status for q in questions)
    closed = by_status["answered"] + by_status["assigned"] + by_status["dismissed"]
    week_start = (today - WEEK).isoformat()
    themes = Counter(
        q.candidates[0]["topic"]
        for q in questions
        if q.status == "new" and q.day >= week_start and q.candidates
    )
    events, unhelpful = week_counts(store, today)
    return Stats(
        total=len(questions),
        by_status=dict(by_status),
        by_language=dict(Counter(q.lang for q in questions)),
        by_topic=dict(Counter(q.topic for q in questions if q.topic)),
        answer_rate=(by_status["answered"] + by_status["assigned"]) / closed if closed else None,
        themes_this_week=themes.most_common(5),
        events_this_week=events,
        unhelpful_topics=unhelpful,
    )


def week_counts(store: Store, today: dt.date) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """The events of the last seven days by kind, and the topics most often marked 👎."""
    counts = store.counts.between(today - WEEK, today)
    events: Counter[str] = Counter()
    unhelpful: Counter[str] = Counter()
    for count in counts:
        events[count.event] += count.count
        if count.event == "unhelpful":
            unhelpful[count.topic] += count.count
    return dict(events), unhelpful.most_common(5)


def stats_text(figures: Stats) -> str:
    rate = "-" if figures.answer_rate is None else f"{figures.answer_rate:.0%}"
    return "\n".join(
        (
            f"questions: {figures.total}",
            "status: " + ", ".join(f"{k} {v}" for k, v in sorted(figures.by_status.items())),
            "languages: " + ", ".join(f"{k} {v}" for k, v in sorted(figures.by_language.items())),
            "topics: " + ", ".join(f"{k} {v}" for k, v in sorted(figures.by_topic.items())),
            f"answer rate: {rate}",
            "themes this week: " + ", ".join(f"{k} ({v})" for k, v in figures.themes_this_week),
            "this week: "
            + ", ".join(f"{k} {v}" for k, v in sorted(figures.events_this_week.items())),
            f"👍 {figures.events_this_week.get('helpful', 0)} "
            f"👎 {figures.events_this_week.get('unhelpful', 0)}"
            + "".join(f", 👎 {k} ({v})" for k, v in figures.unhelpful_topics),
        )
    )
