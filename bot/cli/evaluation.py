"""Measuring the engine on a labelled set of questions (`python -m bot eval FILE`).

Each line of the file is {"text", "lang", "expect": [topic ids or "none"], "emergency":
true, false or null}. The figures follow shared/NOTES.md: top-1 counts an `answer` with an
expected topic; top-3 counts an expected topic among the topic and the first 3
candidates; out-of-scope counts `unanswered` on rows that expect "none"; emergency
rows marked null count neither as a miss nor as a false alarm.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.engine import Engine

OUT_OF_SCOPE = "none"


@dataclass(frozen=True)
class Row:
    text: str
    lang: str
    expect: tuple[str, ...]
    emergency: bool | None


@dataclass
class Tally:
    """Counts for one language, or for all."""

    in_scope: int = 0
    top1: int = 0
    top3: int = 0
    out_of_scope: int = 0
    unanswered_ok: int = 0
    emergencies: int = 0
    caught: int = 0
    calm: int = 0
    false_alarms: int = 0
    rows: int = 0
    language_ok: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | None]:
        return {
            "rows": self.rows,
            "top1": _share(self.top1, self.in_scope),
            "top3": _share(self.top3, self.in_scope),
            "out_of_scope": _share(self.unanswered_ok, self.out_of_scope),
            "emergency_recall": _share(self.caught, self.emergencies),
            "false_alarms": _share(self.false_alarms, self.calm),
            "language": _share(self.language_ok, self.rows),
        }


def read_rows(path: Path) -> list[Row]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            rows.append(
                Row(data["text"], data["lang"], tuple(data["expect"]), data.get("emergency"))
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path} line {number}: not a labelled question ({error})") from None
    return rows


def evaluate(engine: Engine, rows: Iterable[Row]) -> dict[str, Tally]:
    """Tallies per language and under "all"."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        outcome = engine.handle(row.text, row.lang)
        detected = engine.languages.identify(row.text).lang
        ranked = [outcome.topic, *(c.topic for c in outcome.candidates)]
        for tally in (tallies[row.lang], tallies["all"]):
            tally.rows += 1
            tally.language_ok += detected == row.lang
            if OUT_OF_SCOPE in row.expect:
                tally.out_of_scope += 1
                tally.unanswered_ok += outcome.decision == "unanswered"
            else:
                tally.in_scope += 1
                hit = outcome.decision == "answer" and outcome.topic in row.expect
                tally.top1 += hit
                tally.top3 += any(t in row.expect for t in ranked[:4] if t)
                if not hit and tally is tallies["all"]:
                    tally.misses.append(
                        f"{row.lang} {row.text!r}: expected {row.expect}, "
                        f"got {outcome.decision} {outcome.topic} "
                        f"{[(c.topic, c.score) for c in outcome.candidates]}"
                    )
            if row.emergency is True:
                tally.emergencies += 1
                tally.caught += outcome.alert.emergency
            elif row.emergency is False:
                tally.calm += 1
                tally.false_alarms += outcome.alert.emergency
    return dict(tallies)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
