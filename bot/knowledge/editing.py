"""Small, careful edits of the associations' knowledge files by the bot's tools:
recording which French version a translation follows (`kb stamp`), adding example
questions. The files are edited by hand too, so each edit changes or adds lines and
keeps everything else (comments, order, spacing) as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.knowledge.loader import load_knowledge
from bot.knowledge.located_yaml import read_located_yaml


def stamp_translations(folder: Path, lang: str, topic_ids: Iterable[str]) -> Iterator[str]:
    """Set `source:` of the `lang` block of each topic (all when none is named) to the
    fingerprint of its current French text; yield the names of the changed files."""
    kb = load_knowledge(folder)
    wanted = set(topic_ids)
    for topic in kb.topics:
        if (wanted and topic.id not in wanted) or lang not in topic.texts:
            continue
        if topic.texts[lang].source == topic.source_hash:
            continue
        path = folder.parent / topic.file
        _set_source_line(path, lang, topic.source_hash)
        yield topic.file


def _set_source_line(path: Path, lang: str, fingerprint: str) -> None:
    doc = read_located_yaml(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if (lang, "source") in doc.lines:
        index = doc.lines[(lang, "source")] - 1
        lines[index] = re.sub(r"source:.*", f"source: {fingerprint}", lines[index])
    else:
        block_line = doc.lines[(lang,)] - 1
        child = (
            next(
                (
                    doc.lines[key]
                    for key in sorted(doc.lines, key=doc.lines.__getitem__)
                    if len(key) == 2 and key[0] == lang
                ),
                block_line + 2,
            )
            - 1
        )
        line = lines[child] if child < len(lines) else "  "
        indent = line[: len(line) - len(line.lstrip())]
        lines.insert(block_line + 1, f"{indent}source: {fingerprint}\n")
    path.write_text("".join(lines), encoding="utf-8")


def add_questions(folder: Path, topic_id: str, lang: str, questions: Iterable[str]) -> int:
    """Append `questions` to the example questions of `topic_id` in `lang`, skipping those
    it already has; return how many were added. The language block must exist."""
    kb = load_knowledge(folder)
    topic = kb.topic(topic_id)
    known = set(topic.texts[lang].questions) if lang in topic.texts else set()
    new = [q.strip() for q in dict.fromkeys(questions) if q.strip() and q.strip() not in known]
    if not new:
        return 0
    path = folder.parent / topic.file
    doc = read_located_yaml(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    items = sorted(
        line for key, line in doc.lines.items() if len(key) == 3 and key[:2] == (lang, "questions")
    )
    if not items:
        raise ValueError(f"{topic.file}: the {lang} block has no list of questions to extend")
    # New items go before the first one: its line is surely where an item starts, while
    # the last item may go on over several lines.
    first = items[0] - 1
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    # Items are written as JSON strings, which YAML reads as double-quoted strings.
    lines[first:first] = [f"{indent}- {json.dumps(q, ensure_ascii=False)}\n" for q in new]
    path.write_text("".join(lines), encoding="utf-8")
    return len(new)


def set_text_fields(path: Path, lang: str, values: dict[str, str]) -> None:
    """Set text fields (answer, title...) of one language block of the topic file `path`,
    creating the fields or the block when missing."""
    for field, value in values.items():
        _set_text_field(path, lang, field, value)


def _set_text_field(path: Path, lang: str, field: str, value: str) -> None:
    """A one-line value is written quoted, a longer one as a literal block (`|`)."""
    doc = read_located_yaml(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if (lang,) not in doc.lines:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += [f"{lang}:\n", "  status: draft\n", *_field_lines(field, value, "  ")]
    elif (lang, field) in doc.lines:
        start = doc.lines[(lang, field)] - 1
        indent = _indent(lines[start])
        end = start + 1
        while end < len(lines) and (
            not lines[end].strip() or len(_indent(lines[end])) > len(indent)
        ):
            end += 1
        lines[start:end] = _field_lines(field, value, indent)
    else:
        block = doc.lines[(lang,)] - 1
        first_child = (
            min(line for key, line in doc.lines.items() if len(key) == 2 and key[0] == lang) - 1
        )
        lines[block + 1 : block + 1] = _field_lines(field, value, _indent(lines[first_child]))
    path.write_text("".join(lines), encoding="utf-8")


def _field_lines(field: str, value: str, indent: str) -> list[str]:
    value = value.strip()
    if "\n" not in value:
        return [f"{indent}{field}: {json.dumps(value, ensure_ascii=False)}\n"]
    return [
        f"{indent}{field}: |\n",
        *(f"{indent}  {line}\n" if line else "\n" for line in value.splitlines()),
    ]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]
