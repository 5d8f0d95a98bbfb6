"""`kb stamp`: record which French version a translation follows.

The knowledge files are edited by hand, so this changes one line of each file and
keeps everything else (comments, order, spacing) as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.knowledge import load_knowledge
from bot.located_yaml import read_located_yaml


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
