"""Example messages for emergency detection: `knowledge/emergency_examples/<lang>.yaml`.

Each file holds messages as people really write them, in one language: `danger` ones from
a person in danger right now, and `safe` ones that only look like it (violence that is
over, "if one day", "je meurs de faim", how to report a dangerous client). Both are grouped
by kind. Associations may add to them; the semantic detector learns from all of them.

    lang: fr
    danger:
      door: ["il force la porte là", ...]
    safe:
      idiom: ["je meurs de faim", ...]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.knowledge.located_yaml import LocatedDocument
from bot.knowledge.model import LANGUAGES, EmergencyExample

Report = Callable[[Path, int, str], None]
SIDES = {"danger": True, "safe": False}


def read_examples(path: Path, doc: LocatedDocument, error: Report) -> list[EmergencyExample]:
    """The examples of one file; each problem is reported with its line."""
    data = doc.data if isinstance(doc.data, dict) else {}
    lang = data.get("lang")
    if lang not in LANGUAGES:
        error(
            path,
            doc.line(("lang",)),
            "the file needs 'lang:' with one of " + ", ".join(LANGUAGES),
        )
        return []
    if path.stem != lang:
        error(path, doc.line(("lang",)), f"'lang: {lang}' must be the file's name: {lang}.yaml")
    for field in set(data) - {"lang", *SIDES}:
        error(path, doc.line((field,)), f"unknown field '{field}': use 'danger' and 'safe'")
    examples: list[EmergencyExample] = []
    for side, danger in SIDES.items():
        kinds = data.get(side) or {}
        if not isinstance(kinds, dict):
            error(path, doc.line((side,)), f"'{side}' must have one list of messages per kind")
            continue
        for kind, messages in kinds.items():
            if not isinstance(messages, list):
                error(path, doc.line((side, kind)), f"'{side}.{kind}' must be a list of messages")
                continue
            for number, message in enumerate(messages):
                if not isinstance(message, str) or not message.strip():
                    error(
                        path,
                        doc.line((side, kind, number)),
                        f"'{side}.{kind}' item {number + 1} must be a message in quotes",
                    )
                    continue
                examples.append(EmergencyExample(lang, str(kind), message.strip(), danger))
    return examples
