"""The observatory: figures the associations can put in their reports and show funders
(what people ask, in which languages, what the bot could not answer, how long a human
reply takes), without ever exposing a person.

Everything comes from the daily counts, tied to nobody, and from the unanswered
questions still kept (scrubbed). Small numbers could point at one person ("the only
Bulgarian speaker who asked about an abortion in week 46"), so:
- every cell under SMALL is shown as "<5", zeros included;
- no total is shown, and wherever cells add up to a figure shown elsewhere (the decisions
  of a week and its languages; the answered questions and their categories; a category
  and its topics), a group never has exactly one hidden cell: the smallest other cell is
  hidden too, so that no hidden cell can be worked out by subtraction;
- a theme of unanswered questions shows a question's text only when at least SMALL
  questions share it.
Used by `python -m bot report` and the moderators' /report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass

from bot.core.text import fold, tokens
from bot.knowledge.model import KnowledgeBase
from bot.store.counts import REPLY_TIMES
from bot.store.database import Question, Store

SMALL = 5
HIDDEN = "<5"
DECISIONS = ("answered", "clarified", "unanswered", "emergency")
MOST_THEMES = 10
SAME_THEME = 0.3  # share of words two questions have in common to be one theme
OTHER_CATEGORY = "other"


@dataclass(frozen=True)
class Table:
    """Weekly figures: one row per decision, language, category or topic."""

    name: str
    weeks: tuple[dt.date, ...]  # the first day of each week in the period
    rows: tuple[tuple[str, tuple[int | None, ...]], ...]  # None: hidden ("<5")


@dataclass(frozen=True)
class Theme:
    """Unanswered questions that use the same words."""

    size: int | None  # None: fewer than SMALL
    example: str  # a scrubbed question; empty when fewer than SMALL share it
    topic: str  # the topic the bot found closest, often the best hint


@dataclass(frozen=True)
class Observatory:
    first: dt.date
    last: dt.date
    tables: tuple[Table, ...]
    themes: tuple[Theme, ...]

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def csv(self) -> str:
        """One line per figure: table, row, week, count (a number or "<5")."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["table", "row", "week", "count"])
        for table in self.tables:
            for row, cells in table.rows:
                for week, cell in zip(table.weeks, cells, strict=True):
                    writer.writerow([table.name, row, week.isoformat(), _cell(cell)])
        for theme in self.themes:
            example = theme.example or "(fewer than 5 questions: no text shown)"
            writer.writerow(
                ["unanswered themes", example, self.first.isoformat(), _cell(theme.size)]
            )
        return out.getvalue()

    def markdown(self) -> str:
        lines = [
            f"# Relais observatory, {self.first} to {self.last}",
            "",
            f'Weekly counts. A count under {SMALL} is shown as "{HIDDEN}", and a few other '
            "counts are hidden with it, so that no person can be singled out. No totals.",
        ]
        for table in self.tables:
            lines += ["", f"## {table.name}", ""]
            lines.append("| | " + " | ".join(f"week of {w}" for w in table.weeks) + " |")
            lines.append("|---" * (len(table.weeks) + 1) + "|")
            lines += [
                f"| {row} | " + " | ".join(_cell(c) for c in cells) + " |"
                for row, cells in table.rows
            ]
        lines += ["", "## Top unanswered themes", ""]
        for theme in self.themes:
            text = f'"{theme.example}"' if theme.example else "(fewer than 5 questions: no text)"
            lines.append(f"- {_cell(theme.size)} × {text}, closest topic: {theme.topic or '-'}")
        if not self.themes:
            lines.append("- none")
        return "\n".join(lines) + "\n"


def _cell(value: int | None) -> str:
    return HIDDEN if value is None else str(value)


def month_before(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 30 days, today included: the period of /report month."""
    return today - dt.timedelta(days=29), today


def observatory(store: Store, kb: KnowledgeBase, first: dt.date, last: dt.date) -> Observatory:
    """The figures from `first` to `last`, both included, with small counts hidden."""
    weeks = _weeks(first, last)
    cells: dict[tuple[str, str], Counter[dt.date]] = {}

    def add(table: str, row: str, day: dt.date, count: int) -> None:
        cells.setdefault((table, row), Counter())[_week_of(day, weeks)] += count

    for count in store.counts.between(first, last):
        if count.event not in DECISIONS:
            continue
        add("decisions", count.event, count.day, count.count)
        add("languages", count.lang, count.day, count.count)
        if count.event == "answered":
            category = kb.topic(count.topic).category if kb.has_topic(count.topic) else ""
            add("categories", category or OTHER_CATEGORY, count.day, count.count)
            add(f"topics: {category or OTHER_CATEGORY}", count.topic, count.day, count.count)
    for day, band, waited in store.counts.reply_times(first, last):
        add("time to a human reply", band, day, waited)
    values = {
        (table, row, week): counter[week]
        for (table, row), counter in cells.items()
        for week in weeks
    }
    for decision in DECISIONS:  # every decision has a row, so that a missing one tells nothing
        for week in weeks:
            values.setdefault(("decisions", decision, week), 0)
    for band in REPLY_TIMES:
        for week in weeks:
            values.setdefault(("time to a human reply", band, week), 0)
    hidden = suppress(values, _groups(values, weeks))
    return Observatory(first, last, _tables(values, hidden, weeks), _themes(store, kb, first, last))


Cell = tuple[str, str, dt.date]


def _groups(values: dict[Cell, int], weeks: tuple[dt.date, ...]) -> list[list[Cell]]:
    """Cells that add up to a figure shown elsewhere (or to one another): within each,
    one hidden cell alone could be worked out."""
    rows: dict[str, list[str]] = {}
    for table, row, _week in values:
        rows.setdefault(table, [])
        if row not in rows[table]:
            rows[table].append(row)
    groups = []
    for week in weeks:
        for table in ("decisions", "languages", "time to a human reply"):
            groups.append([(table, row, week) for row in rows.get(table, [])])
        answered = [("decisions", "answered", week)]
        groups.append(answered + [("categories", c, week) for c in rows.get("categories", [])])
        for category in rows.get("categories", []):
            topics = rows.get(f"topics: {category}", [])
            groups.append(
                [("categories", category, week)]
                + [(f"topics: {category}", t, week) for t in topics]
            )
    return [g for g in groups if g]


def suppress(values: dict[Cell, int], groups: list[list[Cell]]) -> set[Cell]:
    """The cells to hide: every one under SMALL, then, in any group with exactly one
    hidden cell, the smallest other one, until no group has a lone hidden cell. A lone
    hidden zero may stay alone: working it out points at nobody."""
    hidden = {cell for cell, value in values.items() if value < SMALL}
    changed = True
    while changed:
        changed = False
        for group in groups:
            shown = [cell for cell in group if cell not in hidden]
            lone = [cell for cell in group if cell in hidden]
            if len(lone) == 1 and values.get(lone[0], 0) > 0 and shown:
                hidden.add(min(shown, key=lambda cell: (values.get(cell, 0), cell[1])))
                changed = True
    return hidden


def _tables(
    values: dict[Cell, int], hidden: set[Cell], weeks: tuple[dt.date, ...]
) -> tuple[Table, ...]:
    order = ["decisions", "languages", "categories"]
    names = order + sorted({t for t, _, _ in values if t.startswith("topics: ")})
    names.append("time to a human reply")
    tables = []
    for name in names:
        rows = sorted({row for table, row, _ in values if table == name}, key=_row_order(name))
        tables.append(
            Table(
                name,
                weeks,
                tuple(
                    (
                        row,
                        tuple(
                            None if (name, row, w) in hidden else values.get((name, row, w), 0)
                            for w in weeks
                        ),
                    )
                    for row in rows
                ),
            )
        )
    return tuple(tables)


def _row_order(table: str):  # type: ignore[no-untyped-def]
    fixed = {"decisions": DECISIONS, "time to a human reply": REPLY_TIMES}.get(table)
    if fixed:
        return lambda row: (fixed.index(row) if row in fixed else len(fixed), row)
    return lambda row: (0, row)


def _weeks(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """The first day of each week (Monday to Sunday) within the period."""
    starts = [first]
    monday = first - dt.timedelta(days=first.weekday()) + dt.timedelta(days=7)
    while monday <= last:
        starts.append(monday)
        monday += dt.timedelta(days=7)
    return tuple(starts)


def _week_of(day: dt.date, weeks: tuple[dt.date, ...]) -> dt.date:
    return max(w for w in weeks if w <= day)


def _themes(store: Store, kb: KnowledgeBase, first: dt.date, last: dt.date) -> tuple[Theme, ...]:
    """Unanswered questions grouped by the words they share, biggest group first."""
    questions = [
        q
        for q in store.questions()
        if q.parent is None and first.isoformat() <= q.day <= last.isoformat()
    ]
    groups: list[tuple[set[str], list[Question]]] = []
    for question in questions:
        words = _words(question.text)
        for seen, members in groups:
            if words and len(words & seen) / len(words | seen) >= SAME_THEME:
                members.append(question)
                break
        else:
            groups.append((words, [question]))
    groups.sort(key=lambda group: -len(group[1]))
    themes = []
    for _words_seen, members in groups[:MOST_THEMES]:
        closest = Counter(q.candidates[0]["topic"] for q in members if q.candidates)
        topic = closest.most_common(1)[0][0] if closest else ""
        big = len(members) >= SMALL
        themes.append(
            Theme(
                size=len(members) if big else None,
                example=members[0].text[:120] if big else "",
                topic=topic,
            )
        )
    return tuple(themes)


def _words(text: str) -> set[str]:
    """The words that tell a question's theme: not the marks of scrubbed details."""
    return {
        w
        for w in tokens(fold(text))
        if (len(w) > 2 or not w.isascii()) and w not in {"phone", "email", "url", "handle"}
    }
