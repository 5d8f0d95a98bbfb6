"""Which PDFs a print run makes, and where: one per topic and language, and one booklet
per language and category holding every topic of that category."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from bot.knowledge.model import KnowledgeBase, Topic
from bot.sheets.content import CATEGORIES, Sheet, build_sheet, printed_topics
from bot.sheets.discreet import build_cover
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
    discreet: bool = False,
) -> Iterator[Path]:
    """Write the sheets of `topics` in each language under `out/<lang>/`, and with
    `booklets` a booklet per category; yields each file once it is written. With
    `discreet`, each PDF opens with a neutral cover."""
    for lang in languages:
        folder = out / lang
        folder.mkdir(parents=True, exist_ok=True)
        for topic in topics:
            sheet = build_sheet(kb, topic, lang, bot, layout.contacts)
            path = folder / pdf_name(topic.id, paper, discreet)
            yield _write(path, _pdf([sheet], layout, paper, discreet))
        if not booklets:
            continue
        for category in CATEGORIES:
            chosen = printed_topics(kb, category)
            if chosen:
                sheets = [build_sheet(kb, t, lang, bot, layout.contacts) for t in chosen]
                path = folder / pdf_name(f"booklet.{category}", paper, discreet)
                yield _write(path, _pdf(sheets, layout, paper, discreet))


def pdf_name(stem: str, paper: str, discreet: bool) -> str:
    """ "health.pep.a4.pdf", or "health.pep.a4.discreet.pdf" for the discreet variant, so
    that both can sit in one folder and the staff tell them apart."""
    return f"{stem}.{paper}.discreet.pdf" if discreet else f"{stem}.{paper}.pdf"


def _pdf(sheets: Sequence[Sheet], layout: Layout, paper: str, discreet: bool) -> bytes:
    cover = build_cover(sheets[0], layout.discreet) if discreet else None
    return sheets_pdf(sheets, layout, paper, cover)


def _write(path: Path, pdf: bytes) -> Path:
    path.write_bytes(pdf)
    return path
