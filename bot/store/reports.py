"""The moderators' view: the queue of pending questions, and the figures of the last 30
days from the daily counts and the questions kept. Shared by /queue, /stats and
`python -m bot queue`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import Counter
from dataclasses import dataclass

from bot.core.render import topic_title
from bot.knowledge.model import KnowledgeBase
from bot.store.database import Question, Store

WEEK = dt.timedelta(days=7)


DECISIONS = ("answered", "clarified", "unanswered", "emergency")
STATS_DAYS = 30


@dataclass(frozen=True)
class Stats:
    """The moderators' figures for the last STATS_DAYS days."""

    first: dt.date
    last: dt.date
    decisions: dict[str, int]  # the engine's decision for each question (daily counts)
    by_topic: dict[str, int]  # questions answered, per topic
    by_language: dict[str, int]  # questions, per language
    helpful: int
    unhelpful: int
    thumbs_by_topic: dict[str, tuple[int, int]]  # 👍 and 👎, per topic
    human_replies: int
    passed_on: int  # questions passed to the moderators, still kept
    waiting: int  # of those, not handled yet
    median_hours: float | None  # from a question to its human reply
    themes_this_week: list[tuple[str, int]]  # best candidate topics of open questions

    @property
    def questions(self) -> int:
        return sum(self.decisions.values())

    @property
    def answered_share(self) -> float | None:
        return self.decisions.get("answered", 0) / self.questions if self.questions else None


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
    first = today - dt.timedelta(days=STATS_DAYS - 1)
    counted: Counter[tuple[str, str, str]] = Counter()
    for count in store.counts.between(first, today):
        counted[(count.event, count.topic, count.lang)] += count.count

    def total(event: str) -> int:
        return sum(n for (e, _, _), n in counted.items() if e == event)

    questions = [q for q in store.questions() if q.parent is None and q.day >= first.isoformat()]
    week_start = (today - WEEK).isoformat()
    themes = Counter(
        q.candidates[0]["topic"]
        for q in questions
        if q.status == "new" and q.day >= week_start and q.candidates
    )
    times = sorted(store.handling_times(first, today))
    by_language: Counter[str] = Counter()
    by_topic: Counter[str] = Counter()
    thumbs: dict[str, Counter[str]] = {}
    for (event, topic, lang), n in counted.items():
        if event in DECISIONS:
            by_language[lang] += n
        if event == "answered":
            by_topic[topic] += n
        if event in ("helpful", "unhelpful"):
            thumbs.setdefault(topic, Counter())[event] += n
    return Stats(
        first=first,
        last=today,
        decisions={d: total(d) for d in DECISIONS},
        by_topic=dict(by_topic.most_common()),
        by_language=dict(by_language.most_common()),
        helpful=total("helpful"),
        unhelpful=total("unhelpful"),
        thumbs_by_topic={
            topic: (c["helpful"], c["unhelpful"])
            for topic, c in sorted(thumbs.items(), key=lambda item: -item[1].total())
        },
        human_replies=total("human_reply"),
        passed_on=len(questions),
        waiting=sum(q.status == "new" for q in questions),
        median_hours=statistics.median(times) if times else None,
        themes_this_week=themes.most_common(5),
    )


def stats_text(figures: Stats, kb: KnowledgeBase | None = None) -> str:
    """The figures as /stats and `queue stats` show them; topics by title with `kb`."""

    def title(topic: str) -> str:
        if kb is not None and kb.has_topic(topic):
            return topic_title(kb.topic(topic), "fr")
        return topic

    share = "-" if figures.answered_share is None else f"{figures.answered_share:.0%}"
    median = "-" if figures.median_hours is None else _duration(figures.median_hours)
    top_topics = list(figures.by_topic.items())[:10]
    return "\n".join(
        (
            f"📊 {figures.first} – {figures.last}",
            f"questions: {figures.questions}",
            f"answered: {figures.decisions['answered']} ({share})",
            f"clarified: {figures.decisions['clarified']}",
            f"unanswered: {figures.decisions['unanswered']}",
            f"emergencies: {figures.decisions['emergency']}",
            "topics: " + (", ".join(f"{title(k)} {v}" for k, v in top_topics) or "-"),
            "languages: " + (", ".join(f"{k} {v}" for k, v in figures.by_language.items()) or "-"),
            f"👍 {figures.helpful} · 👎 {figures.unhelpful}"
            + "".join(
                f"\n  {title(topic)}: 👍 {up} · 👎 {down}"
                for topic, (up, down) in list(figures.thumbs_by_topic.items())[:10]
            ),
            f"passed to moderators: {figures.passed_on} (waiting: {figures.waiting})",
            f"human replies: {figures.human_replies}, median time to a human reply: {median}",
            "themes this week: "
            + (", ".join(f"{title(k)} ({v})" for k, v in figures.themes_this_week) or "-"),
        )
    )


def _duration(hours: float) -> str:
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"
