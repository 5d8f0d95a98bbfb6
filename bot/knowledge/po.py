"""The translators' workflow: knowledge texts to and from gettext catalogs (PO files),
so translators work in the tools they know (Poedit, Weblate, a text editor).

`export_po` writes one catalog per language: the French text as msgid, the current
translation as msgstr, the place ("health.pep answer") as msgctxt; a translation that
follows an older French text is marked fuzzy. `import_po` writes the translations back
into the topic files, changing only the fields it translates, and records the French
version each one follows. Babel reads and writes the catalogs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.knowledge.editing import set_text_fields, stamp_translations
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import SOURCE_LANGUAGE, KnowledgeBase, Text

FIELDS = ("title", "answer", "more", "card")


@dataclass(frozen=True)
class ImportReport:
    written: int
    skipped: tuple[str, ...]  # why entries were left out, one line each


def export_po(kb: KnowledgeBase, lang: str, out: BinaryIO) -> None:
    catalog = Catalog(locale=lang, project="Relais", fuzzy=False)
    for topic in kb.topics:
        french = topic.texts[SOURCE_LANGUAGE]
        translation = topic.texts.get(lang)
        stale = translation is not None and translation.source != topic.source_hash
        for field in FIELDS:
            source = getattr(french, field)
            if not source:
                continue
            target = getattr(translation, field) if translation else ""
            catalog.add(
                source,
                target,
                context=f"{topic.id} {field}",
                flags=["fuzzy"] if stale and target else [],
                auto_comments=[
                    f"status: {translation.status}" if translation else "status: to translate"
                ],
            )
    write_po(out, catalog, width=0, sort_output=False)


def import_po(folder: Path, source: BinaryIO, lang: str | None = None) -> ImportReport:
    """Write the translated, non-fuzzy entries of a catalog into the knowledge files."""
    catalog = read_po(source)
    lang = lang or (str(catalog.locale) if catalog.locale else None)
    if not lang or lang == SOURCE_LANGUAGE:
        raise ValueError("the catalog does not say its language: give it with --lang")
    kb = load_knowledge(folder)
    skipped: list[str] = []
    changes: dict[str, dict[str, str]] = defaultdict(dict)
    for context, french, translation in _entries(catalog):
        topic_id, _, field = context.partition(" ")
        if not kb.has_topic(topic_id) or field not in FIELDS:
            skipped.append(f"{context}: no such topic or field")
            continue
        topic = kb.topic(topic_id)
        if getattr(topic.texts[SOURCE_LANGUAGE], field).strip() != french.strip():
            skipped.append(f"{context}: the French text changed since the export")
            continue
        if getattr(topic.texts.get(lang, _EMPTY), field).strip() != translation.strip():
            changes[topic_id][field] = translation
    for topic_id, values in changes.items():
        set_text_fields(folder.parent / kb.topic(topic_id).file, lang, values)
    if changes:
        list(stamp_translations(folder, lang, sorted(changes)))
    return ImportReport(sum(len(v) for v in changes.values()), tuple(skipped))


_EMPTY = Text(answer="")


def _entries(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(context, French text, translation) of each translated entry."""
    for message in catalog:
        french, translation = message.id, message.string
        done = isinstance(french, str) and isinstance(translation, str) and not message.fuzzy
        if done and french and translation:
            yield message.context or "", str(french), str(translation)
