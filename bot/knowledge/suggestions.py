"""Suggested example questions: what moderators assigned to a topic, for the association
to review before it joins the knowledge base (`kb accept-suggestions`).

The files in knowledge/suggestions/ are content, not personal data: the question is
already scrubbed, and only its language and day are kept with it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from bot.knowledge.editing import add_questions

HEADER = """# Questions moderators assigned to {topic}, for you to review.
# Set  accept: true  on the ones to keep as example questions (fix their spelling if you
# like), then run:  python -m bot kb accept-suggestions
"""


def suggestions_folder(knowledge: Path) -> Path:
    return knowledge / "suggestions"


def add_suggestion(knowledge: Path, topic: str, lang: str, question: str, day: dt.date) -> Path:
    path = suggestions_folder(knowledge) / f"{topic}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER.format(topic=topic)
    path.write_text(text + _entry(lang, question, day.isoformat()), encoding="utf-8")
    return path


def accept_suggestions(knowledge: Path) -> int:
    """Move every suggestion marked `accept: true` into its topic; return how many."""
    moved = 0
    for path in sorted(suggestions_folder(knowledge).glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        accepted = [e for e in entries if isinstance(e, dict) and e.get("accept") is True]
        for entry in accepted:
            moved += add_questions(
                knowledge, path.stem, str(entry["lang"]), [str(entry["question"])]
            )
        kept = [e for e in entries if e not in accepted]
        if not kept:
            path.unlink()
        elif accepted:
            remaining = "".join(_entry(e["lang"], str(e["question"]), str(e["day"])) for e in kept)
            path.write_text(HEADER.format(topic=path.stem) + remaining, encoding="utf-8")
    return moved


def remove_suggestion(knowledge: Path, topic: str, lang: str, question: str) -> bool:
    """Take a suggestion still waiting for review out of its file (/forget: it is the
    person's own words until accepted); True when one was removed."""
    path = suggestions_folder(knowledge) / f"{topic}.yaml"
    if not path.is_file():
        return False
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    kept = [
        e
        for e in entries
        if not (
            isinstance(e, dict)
            and e.get("accept") is not True
            and e.get("lang") == lang
            and e.get("question") == question
        )
    ]
    if len(kept) == len(entries):
        return False
    if not kept:
        path.unlink()
        return True
    remaining = "".join(
        _entry(str(e["lang"]), str(e["question"]), str(e["day"]), bool(e.get("accept")))
        for e in kept
    )
    path.write_text(HEADER.format(topic=topic) + remaining, encoding="utf-8")
    return True


def _entry(lang: str, question: str, day: str, accept: bool = False) -> str:
    quoted = json.dumps(question, ensure_ascii=False)
    flag = "true" if accept else "false"
    return f"- lang: {lang}\n  question: {quoted}\n  day: {day}\n  accept: {flag}\n"
