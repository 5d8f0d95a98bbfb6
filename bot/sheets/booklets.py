"""Which PDFs a print run makes, and where: one per topic and language, and one booklet
per language and category holding every topic of that category."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from bot.knowledge.model import KnowledgeBase, Topic
from bot.sheets.content import CATEGORIES, build_sheet, printed_topics
from bot.sheets.layout import Layout
from bot.sheets.render import sheets_pdf


def write_sheets(
    kb: KnowledgeBase,
    layout: Layout,
    *,
    bot: str,
    languages: Sequence[str],
    topics: Sequence[Topic],
    paper: str,
    out: Path,
    booklets: bool,
) -> Iterator[Path]:
    """Write the sheets of `topics` in each language under `out/<lang>/`, and with
    `booklets` a booklet per category; yields each file once it is written."""
    for lang in languages:
        folder = out / lang
        folder.mkdir(parents=True, exist_ok=True)
        for topic in topics:
            sheet = build_sheet(kb, topic, lang, bot, layout.contacts)
            yield _write(folder / f"{topic.id}.{paper}.pdf", sheets_pdf([sheet], layout, paper))
        if not booklets:
            continue
        for category in CATEGORIES:
            chosen = printed_topics(kb, category)
            if chosen:
                sheets = [build_sheet(kb, t, lang, bot, layout.contacts) for t in chosen]
                path = folder / f"booklet.{category}.{paper}.pdf"
                yield _write(path, sheets_pdf(sheets, layout, paper))


def _write(path: Path, pdf: bytes) -> Path:
    path.write_bytes(pdf)
    return path
