"""Example messages that teach the engine what words alone cannot:
`knowledge/emergency_examples/<lang>.yaml` and `knowledge/outside/<lang>.yaml`.

Each file holds messages as people really write them, in one language, grouped by kind.
An emergency file has `danger` ones from a person in danger right now, and `safe` ones that
only look like it (violence that is over, "if one day", "je meurs de faim", how to report a
dangerous client). An outside file has messages about what the bot does not answer (a
recipe, the weather, the price of a phone), so that it says so honestly instead of giving
a topic at random. Associations may add to both; the engine learns from all of them.

    lang: fr
    danger:
      door: ["il force la porte là", ...]
    safe:
      idiom: ["je meurs de faim", ...]

    lang: fr
    outside:
      cooking: ["c quoi la recette du couscous", ...]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from bot.knowledge.located_yaml import LocatedDocument
from bot.knowledge.model import LANGUAGES, EmergencyExample, OutsideExample

Report = Callable[[Path, int, str], None]
SIDES = {"danger": True, "safe": False}
OUTSIDE = "outside"


def read_examples(path: Path, doc: LocatedDocument, error: Report) -> list[EmergencyExample]:
    """The emergency examples of one file; each problem is reported with its line."""
    return [
        EmergencyExample(lang, kind, text, SIDES[side])
        for lang, side, kind, text in _messages(path, doc, error, tuple(SIDES))
    ]


def read_outside(path: Path, doc: LocatedDocument, error: Report) -> list[OutsideExample]:
    """The messages outside the bot's subjects of one file."""
    return [
        OutsideExample(lang, kind, text)
        for lang, _, kind, text in _messages(path, doc, error, (OUTSIDE,))
    ]


def _messages(
    path: Path, doc: LocatedDocument, error: Report, sides: tuple[str, ...]
) -> Iterator[tuple[str, str, str, str]]:
    """(lang, side, kind, message) for each message of the file's `sides`."""
    data = doc.data if isinstance(doc.data, dict) else {}
    lang = data.get("lang")
    if lang not in LANGUAGES:
        error(
            path,
            doc.line(("lang",)),
            "the file needs 'lang:' with one of " + ", ".join(LANGUAGES),
        )
        return
    if path.stem != lang:
        error(path, doc.line(("lang",)), f"'lang: {lang}' must be the file's name: {lang}.yaml")
    for field in set(data) - {"lang", *sides}:
        error(path, doc.line((field,)), f"unknown field '{field}': use " + _either(sides))
    for side in sides:
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
                yield lang, side, str(kind), message.strip()


def _either(sides: tuple[str, ...]) -> str:
    return " and ".join(f"'{side}'" for side in sides)
