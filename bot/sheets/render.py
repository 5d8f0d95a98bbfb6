"""Drawing the sheets with fpdf2: the front (title, answer, contacts, QR code), the back
(the card to cut out), the cover of the discreet variant and, at the bottom of every page,
the emergency box.

fpdf2 shapes text with HarfBuzz (Arabic letters joined, right-to-left lines laid out by
the Unicode bidi algorithm, each number kept in its order) and embeds only the
glyphs it prints; segno gives the QR code, drawn as vector squares so it scans sharp
at any size.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import cast

import segno
from fpdf import FPDF

from bot.core.i18n import is_right_to_left
from bot.knowledge.model import SOURCE_LANGUAGE
from bot.sheets.content import Line, Sheet
from bot.sheets.discreet import Cover
from bot.sheets.fonts import FACES, FOLDER, drawn_by, families, is_pictogram, missing_characters
from bot.sheets.layout import Layout, Sizes

MM_PER_POINT = 25.4 / 72
GAP = 0.6  # the space between two parts of a page, as a share of the text size
SCALE_STEP = 0.05


class MissingGlyphs(Exception):
    """A text has characters that the committed fonts do not draw."""


@dataclass(frozen=True)
class Page:
    """One paper format with the template, at the scale the text of a page fits in."""

    layout: Layout
    paper: str
    scale: float = 1.0

    @property
    def sizes(self) -> Sizes:
        base = self.layout.formats[self.paper]
        scaled = {f.name: getattr(base, f.name) * self.scale for f in fields(Sizes)}
        return Sizes(**{**scaled, "margin": base.margin})

    def colour(self, name: str) -> tuple[int, int, int]:
        return self.layout.colours[name]


def sheets_pdf(
    sheets: Sequence[Sheet], layout: Layout, paper: str, cover: Cover | None = None
) -> bytes:
    """One PDF holding each sheet's front, then its back when the topic has a card; with
    a `cover` (the discreet variant), that cover first."""
    for sheet in sheets:
        check_fonts(sheet)
    if cover:
        check_cover_fonts(cover)
    pdf = _document(layout, paper, sheets[0].lang if sheets else SOURCE_LANGUAGE)
    if cover:
        pdf.add_page()
        _cover(pdf, cover, Page(layout, paper))
        _emergency_box(pdf, cover, Page(layout, paper))
    for sheet in sheets:
        page = Page(layout, paper, _fitting_scale(sheet, layout, paper))
        pdf.add_page()
        _front(pdf, sheet, page)
        _emergency_box(pdf, sheet, page)
        if sheet.card:
            pdf.add_page()
            _back(pdf, sheet, Page(layout, paper))
            _emergency_box(pdf, sheet, Page(layout, paper))
    try:
        return bytes(pdf.output())
    finally:
        _close_fonts(pdf)


def _close_fonts(pdf: FPDF) -> None:
    """fpdf2 reads each font file lazily and never closes it: close them once the PDF is
    written, so that making many sheets does not keep a file open per font and sheet."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


def check_fonts(sheet: Sheet) -> None:
    """Refuse a sheet that would print a box in place of a letter, and say how to fix it."""
    texts = [sheet.category, sheet.title, sheet.contacts_heading, sheet.link_caption]
    texts += [line.text for line in (*sheet.lines, *sheet.emergency)]
    texts += [getattr(c, f.name) for c in sheet.contacts for f in fields(c)]
    texts += [sheet.card_heading, sheet.card_translation, sheet.card_translation_heading]
    missing = missing_characters("".join(texts), sheet.lang)
    missing += missing_characters(sheet.card, SOURCE_LANGUAGE)
    _refuse_missing(missing, f"topic {sheet.topic} in {sheet.lang}")


def check_cover_fonts(cover: Cover) -> None:
    """The same for a discreet cover: an association may give it a title in new letters."""
    texts = [cover.title, cover.link_caption, *(line.text for line in cover.emergency)]
    _refuse_missing(missing_characters("".join(texts), cover.lang), f"the cover in {cover.lang}")


def _refuse_missing(missing: str, what: str) -> None:
    if missing:
        raise MissingGlyphs(
            f"{what} uses characters that the fonts of the sheets do not have: "
            f"{' '.join(dict.fromkeys(missing))}. "
            "Run 'make fonts' to add them (it needs the full Noto fonts), then commit "
            "bot/sheets/fonts/."
        )


def _document(layout: Layout, paper: str, lang: str) -> FPDF:
    width, height = layout.paper(paper)
    pdf = FPDF(unit="mm", format=(width, height))
    # Only the fonts this language needs, and the French ones for the card: fpdf2 reads
    # and embeds every font added.
    needed = {*families(lang), *families(SOURCE_LANGUAGE)}
    for face in FACES:
        if face.family in needed:
            pdf.add_font(face.family, face.style, str(FOLDER / face.file))
    margin = layout.formats[paper].margin
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(False)
    pdf.set_creator("Relais")
    pdf.set_lang(lang)
    return pdf


def _fitting_scale(sheet: Sheet, layout: Layout, paper: str) -> float:
    """The largest type scale, in steps of 5 % down to the template's `smallest`, at which
    the front of `sheet` ends above the emergency box: one topic, one page.

    The height of a text grows about as the square of its type size (taller lines, and
    more of them): the first guess after a page too full starts there, then steps down.
    """
    scratch = _document(layout, paper, sheet.lang)
    scale = 1.0
    try:
        while True:
            scratch.add_page()
            page = Page(layout, paper, scale)
            top = scratch.get_y()
            _front(scratch, sheet, page)
            room = _box_top(scratch, sheet, page) - top
            if scratch.get_y() - top <= room or scale <= layout.smallest:
                return scale
            scale = _next_scale(scale, room, scratch.get_y() - top, layout.smallest)
    finally:
        _close_fonts(scratch)


def _next_scale(scale: float, room: float, height: float, smallest: float) -> float:
    """The next scale to try after a front `height` too tall for its `room`."""
    guess = math.floor(scale * math.sqrt(room / height) / SCALE_STEP)
    return max(smallest, min(scale - SCALE_STEP, round(guess * SCALE_STEP, 2)))


def _front(pdf: FPDF, sheet: Sheet, page: Page) -> None:
    draw = {"title": _title, "answer": _answer, "contacts": _contacts, "link": _link}
    for part in page.layout.front:
        draw[part](pdf, sheet, page)
        pdf.ln(page.sizes.text * MM_PER_POINT * GAP)


def _title(pdf: FPDF, sheet: Sheet, page: Page) -> None:
    size = page.sizes
    _paragraph(pdf, page, sheet.category, sheet.lang, size.category, colour="category")
    _paragraph(pdf, page, sheet.title, sheet.lang, size.title, colour="title", style="B")


def _answer(pdf: FPDF, sheet: Sheet, page: Page) -> None:
    """One sentence a line, each opened by its pictogram in a margin of its own."""
    size = page.sizes.text
    for line in sheet.lines:
        _pictogram_line(pdf, page, line, sheet.lang, size, "text")
        pdf.ln(size * MM_PER_POINT * 0.25)


def _contacts(pdf: FPDF, sheet: Sheet, page: Page) -> None:
    if not sheet.contacts:
        return
    size, lang = page.sizes, sheet.lang
    _paragraph(pdf, page, sheet.contacts_heading, lang, size.heading, colour="heading", style="B")
    for contact in sheet.contacts:
        pdf.ln(size.contact * MM_PER_POINT * GAP)
        _paragraph(pdf, page, contact.name, lang, size.contact * 1.1, style="B")
        if contact.phone:
            _paragraph(pdf, page, f"☎ {contact.phone}", lang, size.phone, colour="phone", style="B")
        if contact.sms:
            _paragraph(pdf, page, f"✉ SMS {contact.sms}", lang, size.contact, style="B")
        for text in (contact.description, contact.hours):
            if text:
                _paragraph(pdf, page, text, lang, size.contact)
        for text in (contact.url, contact.checked):
            if text:
                _paragraph(pdf, page, text, lang, size.contact * 0.9, colour="muted")


def _link(pdf: FPDF, sheet: Sheet, page: Page) -> None:
    _qr_with_caption(pdf, sheet, page, address=sheet.link.removeprefix("https://"))


def _qr_with_caption(pdf: FPDF, item: Sheet | Cover, page: Page, address: str) -> None:
    """The QR code at the side where lines start, its caption beside it, and under the
    caption the link's `address` (if any) for a phone that does not read QR codes."""
    side = page.sizes.qr
    top = pdf.get_y()
    rtl = item.right_to_left
    x = pdf.w - pdf.r_margin - side if rtl else pdf.l_margin
    draw_qr(pdf, item.link, x, top, side)
    pdf.set_y(top + side * 0.2)
    caption_x = pdf.l_margin if rtl else pdf.l_margin + side + 4
    width = pdf.epw - side - 4
    size = page.sizes.contact
    _paragraph(pdf, page, item.link_caption, item.lang, size, x=caption_x, width=width)
    if address:
        _paragraph(pdf, page, address, "en", size * 0.9, colour="muted", x=caption_x, width=width)
    pdf.set_y(max(pdf.get_y(), top + side))


def draw_qr(pdf: FPDF, link: str, x: float, y: float, side: float) -> None:
    """The QR code of `link` as black squares, a run of a row at a time; the white
    border around it (four modules) lies inside `side`."""
    code = segno.make(link, error="m", micro=False)
    modules = code.symbol_size(border=4)[0]
    unit = side / modules
    pdf.set_fill_color(0, 0, 0)
    for row, bits in enumerate(code.matrix):
        column = 0
        while column < len(bits):
            if not bits[column]:
                column += 1
                continue
            start = column
            while column < len(bits) and bits[column]:
                column += 1
            left, top = x + (start + 4) * unit, y + (row + 4) * unit
            pdf.rect(left, top, (column - start) * unit, unit, style="F")


def _cover(pdf: FPDF, cover: Cover, page: Page) -> None:
    """The neutral title, large, a fifth of the way down the page, then the QR code: a
    page that says only "health, rights, help" to whoever looks at it. The link's address
    is not printed, as it is on a sheet: it holds the topic's id ("legal-sexwork_law")."""
    size = page.sizes
    pdf.set_y(pdf.h / 5)
    _paragraph(pdf, page, cover.title, cover.lang, size.title * 1.3, colour="title", style="B")
    pdf.ln(size.title * MM_PER_POINT * 2)
    _qr_with_caption(pdf, cover, page, address="")


def _back(pdf: FPDF, sheet: Sheet, page: Page) -> None:
    """The card in French inside a dashed line to cut along, and under it what it says
    in the person's language."""
    size = page.sizes
    heading = f"✂ {sheet.card_heading}"
    _paragraph(pdf, page, heading, sheet.lang, size.heading, colour="heading", style="B")
    pdf.ln(size.card * MM_PER_POINT)
    padding = size.card * MM_PER_POINT
    inner = pdf.epw - 2 * padding
    top = pdf.get_y()
    pdf.set_y(top + padding)
    left = pdf.l_margin + padding
    _paragraph(pdf, page, sheet.card, SOURCE_LANGUAGE, size.card, x=left, width=inner)
    bottom = pdf.get_y() + padding
    pdf.set_draw_color(*page.colour("card_border"))
    pdf.set_line_width(0.4)
    pdf.set_dash_pattern(dash=3, gap=2)
    pdf.rect(pdf.l_margin, top, pdf.epw, bottom - top)
    pdf.set_dash_pattern()
    pdf.set_y(bottom + size.card * MM_PER_POINT)
    if sheet.card_translation:
        heading = sheet.card_translation_heading
        _paragraph(pdf, page, heading, sheet.lang, size.contact, colour="muted", style="B")
        _paragraph(pdf, page, sheet.card_translation, sheet.lang, size.contact, colour="muted")


def _emergency_box(pdf: FPDF, sheet: Sheet | Cover, page: Page) -> None:
    """The emergency lines in a coloured box at the bottom of the page."""
    top = _box_top(pdf, sheet, page)
    padding = _box_padding(page)
    pdf.set_fill_color(*page.colour("emergency_background"))
    pdf.set_draw_color(*page.colour("emergency_border"))
    pdf.set_line_width(0.8)
    pdf.rect(pdf.l_margin, top, pdf.epw, pdf.h - pdf.b_margin - top, style="DF")
    pdf.set_y(top + padding)
    size = page.layout.formats[page.paper].emergency  # the same box on every page, unscaled
    for line in sheet.emergency:
        _pictogram_line(pdf, page, line, sheet.lang, size, "emergency_text", padding, "B")


def _box_top(pdf: FPDF, sheet: Sheet | Cover, page: Page) -> float:
    """Where the emergency box starts: its lines, measured as they will print."""
    size = page.layout.formats[page.paper].emergency
    line_height = size * MM_PER_POINT * page.layout.line_spacing
    lines = 0
    for line in sheet.emergency:
        _set_text(pdf, sheet.lang, size, "B")
        width = pdf.epw - 2 * _box_padding(page) - _pictogram_width(size)
        text = _printable(line.text, sheet.lang, page.layout)
        wrapped = pdf.multi_cell(width, line_height, text, dry_run=True, output="LINES")
        lines += len(cast(list[str], wrapped))
    return pdf.h - pdf.b_margin - lines * line_height - 2 * _box_padding(page)


def _box_padding(page: Page) -> float:
    return page.layout.formats[page.paper].emergency * MM_PER_POINT * 0.6


def _pictogram_line(
    pdf: FPDF,
    page: Page,
    line: Line,
    lang: str,
    size: float,
    colour: str,
    inset: float = 0.0,
    style: str = "",
) -> None:
    """A sentence with its pictogram in a column of its own, at the side where the
    sentence starts: on the right in Arabic."""
    column = _pictogram_width(size)
    width = pdf.epw - 2 * inset - column
    rtl = is_right_to_left(lang)
    top = pdf.get_y()
    pictogram = _printable(line.pictogram, lang, page.layout)
    if pictogram:
        x = pdf.w - pdf.r_margin - inset - column if rtl else pdf.l_margin + inset
        _set_text(pdf, lang, size, "", page.colour(colour))
        pdf.set_xy(x, top)
        pdf.cell(column, size * MM_PER_POINT * page.layout.line_spacing, pictogram, align="C")
        pdf.set_y(top)
    x = pdf.l_margin + inset if rtl else pdf.l_margin + inset + column
    _paragraph(pdf, page, line.text, lang, size, colour=colour, style=style, x=x, width=width)


def _pictogram_width(size: float) -> float:
    return size * MM_PER_POINT * 1.7


def _paragraph(
    pdf: FPDF,
    page: Page,
    text: str,
    lang: str,
    size: float,
    *,
    colour: str = "text",
    style: str = "",
    x: float | None = None,
    width: float | None = None,
) -> None:
    """A paragraph in the fonts and direction of `lang`, wrapped to `width`."""
    printable = _printable(text, lang, page.layout)
    if not printable:
        return
    _set_text(pdf, lang, size, style, page.colour(colour))
    pdf.set_x(pdf.l_margin if x is None else x)
    align = "R" if is_right_to_left(lang) else "L"
    height = size * MM_PER_POINT * page.layout.line_spacing
    pdf.multi_cell(width or pdf.epw, height, printable, align=align, new_x="LMARGIN", new_y="NEXT")


def _set_text(
    pdf: FPDF, lang: str, size: float, style: str, colour: tuple[int, int, int] = (0, 0, 0)
) -> None:
    main, *fallbacks = families(lang)
    pdf.set_font(main, style, size)
    pdf.set_fallback_fonts(fallbacks, exact_match=False)
    direction = "rtl" if is_right_to_left(lang) else "ltr"
    pdf.set_text_shaping(use_shaping_engine=True, direction=direction)
    pdf.set_text_color(*colour)


def _printable(text: str, lang: str, layout: Layout) -> str:
    """`text` with each emoji that no font draws replaced by the template's symbol for
    it, or left out with the space after it."""
    kept = []
    for char in text.replace("\ufe0f", ""):
        if is_pictogram(char) and drawn_by(char, lang) is None:
            char = layout.pictograms.get(char, "")
            if char and drawn_by(char, lang) is None:
                char = ""
        kept.append(char)
    return re.sub(" {2,}", " ", "".join(kept)).strip()
