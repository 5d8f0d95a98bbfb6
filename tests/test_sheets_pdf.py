"""The printed sheets as PDFs: every language prints with no missing glyph, the QR code
opens the right topic, Arabic reads from right to left with numbers in their order, a
booklet has a page per topic, the command's options work, and a discreet sheet opens
with a neutral cover.

Only a few sheets are drawn (one topic per language, one small booklet, a few discreet
sheets), once each."""

from __future__ import annotations

import itertools
import logging
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from bot.cli.commands import main
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import LANGUAGES, KnowledgeBase
from bot.sheets.content import build_sheet, printed_topics
from bot.sheets.discreet import all_words, naming_words
from bot.sheets.layout import Layout, load_layout
from bot.sheets.render import sheets_pdf
from tests.conftest import PROJECT

BOT = "relais_test_bot"
TOPIC = "health.pep"  # has a card, contacts and a phone number in its answer
POINTS_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(PROJECT / "knowledge")


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout(PROJECT / "knowledge" / "sheets.yaml")


@pytest.fixture(scope="module")
def printed(kb: KnowledgeBase, layout: Layout) -> dict[str, bytes]:
    """The sheet of TOPIC in each language, drawn once for the module; fpdf2's warnings
    (a missing glyph is one) fail the run."""
    logger = logging.getLogger("fpdf")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        return {lang: _sheet(kb, layout, lang) for lang in LANGUAGES}
    finally:
        logger.removeHandler(handler)
        assert not handler.records, [r.getMessage() for r in handler.records]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _sheet(kb: KnowledgeBase, layout: Layout, lang: str, paper: str = "a4") -> bytes:
    return sheets_pdf([build_sheet(kb, kb.topic(TOPIC), lang, BOT, layout.contacts)], layout, paper)


def _image(pdf: bytes, page: int = 0) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    return document[page].render(scale=2, fill_color=(255, 255, 255, 255)).to_pil().convert("L")


def _characters(pdf: bytes, page: int = 0) -> list[tuple[str, float, float, float]]:
    """Each character of a page as printed: the character, its left, right and top."""
    text = pdfium.PdfDocument(pdf)[page].get_textpage()
    found = []
    for index in range(text.count_chars()):
        left, _bottom, right, top = text.get_charbox(index)
        found.append((text.get_text_range(index, 1), left, right, top))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_prints_a_page_that_is_not_blank(
    printed: dict[str, bytes], lang: str
) -> None:
    image = _image(printed[lang])
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.width * image.height


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_text_layer_holds_the_title_and_the_phone_numbers(
    printed: dict[str, bytes], kb: KnowledgeBase, lang: str
) -> None:
    text = pdfium.PdfDocument(printed[lang])[0].get_textpage().get_text_range()
    plain = re.sub(r"\s", "", text)
    assert "0800840800" in plain  # Sida Info Service, in the answer and as a contact
    title = kb.topic(TOPIC).text(lang).title
    if lang != "ar":  # pdfium gives Arabic in the order it is drawn
        assert title in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_qr_code_opens_the_topic_in_the_language(printed: dict[str, bytes], lang: str) -> None:
    codes = zxingcpp.read_barcodes(_image(printed[lang]))
    assert [c.text for c in codes] == [f"https://t.me/{BOT}?start={lang}_health-pep"]


def test_the_arabic_page_is_laid_out_from_right_to_left(printed: dict[str, bytes]) -> None:
    characters = _characters(printed["ar"])
    page_width = pdfium.PdfDocument(printed["ar"])[0].get_width()
    title = [c for c in characters[:40] if "\u0600" <= c[0] <= "\u06ff"]
    right_edge = max(c[2] for c in title)
    left_edge = min(c[1] for c in title)
    assert right_edge > page_width - 20 * POINTS_PER_MM  # against the right margin
    assert left_edge > page_width / 2  # a short title stays on the right
    french = [c for c in _characters(printed["fr"])[:40] if c[0].isalpha()]
    assert min(c[1] for c in french) < 20 * POINTS_PER_MM  # French starts on the left


def test_arabic_phone_numbers_print_in_their_own_order(printed: dict[str, bytes]) -> None:
    """Read from left to right, the digits of each line of the Arabic page give the
    number as it is dialled, never its groups reversed ("800 840 800 0")."""
    rows: dict[int, list[tuple[float, str]]] = {}
    for char, left, _right, top in _characters(printed["ar"]):
        if char.isdigit():
            rows.setdefault(round(top), []).append((left, char))
    lines = ["".join(d for _, d in sorted(row)) for row in rows.values()]
    assert lines.count("0800840800") >= 2  # in the answer and as a contact
    assert "0805160011" in lines  # AIDES


def test_the_card_to_cut_out_is_on_the_back_in_french(printed: dict[str, bytes]) -> None:
    document = pdfium.PdfDocument(printed["zh"])
    assert len(document) == 2
    back = document[1].get_textpage().get_text_range()
    assert "Cette personne parle chinois." in back
    assert re.search(r"17\D+112", back)  # the emergency box is on every page


def test_a_booklet_has_a_page_per_topic_and_a_back_per_card(
    kb: KnowledgeBase, layout: Layout
) -> None:
    topics = printed_topics(kb, "life")
    sheets = [build_sheet(kb, t, "ru", BOT, layout.contacts) for t in topics]
    document = pdfium.PdfDocument(sheets_pdf(sheets, layout, "a5"))
    cards = sum(bool(t.texts["fr"].card) for t in topics)
    assert len(document) == len(topics) + cards
    titles = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    for topic in topics:
        assert sum(topic.text("ru").title in page for page in titles) >= 1


def test_the_command_prints_the_chosen_topics_languages_and_paper(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["sheets", "--lang", "bg", "--topic", "work.french", "--format", "a5"]
        + ["--out", str(tmp_path), "--bot", BOT],
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf"))
    assert written == ["bg/work.french.a5.pdf"]
    page = pdfium.PdfDocument(tmp_path / written[0])[0]
    assert round(page.get_width() / POINTS_PER_MM) == 148  # A5
    codes = zxingcpp.read_barcodes(_image((tmp_path / written[0]).read_bytes()))
    assert codes[0].text == f"https://t.me/{BOT}?start=bg_work-french"


def test_the_bot_name_comes_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "@from_settings_bot")
    arguments = ["sheets", "--lang", "en", "--topic", "food", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    codes = zxingcpp.read_barcodes(_image((tmp_path / "en" / "food.a4.pdf").read_bytes()))
    assert codes[0].text == "https://t.me/from_settings_bot?start=en_food"


def test_without_a_bot_name_the_command_says_so_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOT_USERNAME", raising=False)
    result = CliRunner().invoke(main, ["sheets", "--topic", "food", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "BOT_USERNAME" in result.output and "--bot" in result.output
    assert not list(tmp_path.rglob("*.pdf"))


def test_an_unknown_topic_is_named(tmp_path: Path) -> None:
    arguments = ["sheets", "--topic", "health.nothing", "--out", str(tmp_path), "--bot", BOT]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert "health.nothing" in result.output


DISCREET_LANGUAGES = ("fr", "ar", "zh", "ru")
# Two topics whose own page names prostitution in its title, and one that does not.
DISCREET_TOPICS = ("legal.sexwork_law", "legal.exit_program", "health.pep")
PAPERS = ("a4", "a5")
DISCREET_SHEETS = list(itertools.product(DISCREET_LANGUAGES, PAPERS, DISCREET_TOPICS))


@pytest.fixture(scope="module")
def discreet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The discreet sheets of three topics in four languages and both papers, printed
    once for the module by the command."""
    out = tmp_path_factory.mktemp("discreet")
    languages = [option for lang in DISCREET_LANGUAGES for option in ("--lang", lang)]
    topics = [option for topic in DISCREET_TOPICS for option in ("--topic", topic)]
    for paper in PAPERS:
        arguments = ["sheets", "--discreet", *languages, *topics, "--format", paper]
        result = CliRunner().invoke(main, [*arguments, "--out", str(out), "--bot", BOT])
        assert result.exit_code == 0, result.output
    return out


def _discreet_pdf(folder: Path, lang: str, paper: str, topic: str) -> bytes:
    return (folder / lang / f"{topic}.{paper}.discreet.pdf").read_bytes()


def _page_text(pdf: bytes, page: int = 0) -> str:
    """The text layer of a page, with one space wherever pdfium breaks a line."""
    text = pdfium.PdfDocument(pdf)[page].get_textpage().get_text_range()
    return re.sub(r"\s+", " ", text)


def test_discreet_sheets_are_written_beside_the_others_under_their_own_name(
    discreet: Path,
) -> None:
    written = {p.relative_to(discreet).as_posix() for p in discreet.rglob("*.pdf")}
    assert written == {
        f"{lang}/{topic}.{paper}.discreet.pdf" for lang, paper, topic in DISCREET_SHEETS
    }


@pytest.mark.parametrize(("lang", "paper", "topic"), DISCREET_SHEETS)
def test_a_discreet_cover_names_neither_prostitution_nor_sex_work(
    discreet: Path, layout: Layout, lang: str, paper: str, topic: str
) -> None:
    cover = _page_text(_discreet_pdf(discreet, lang, paper, topic))
    assert naming_words(cover, all_words(layout.discreet)) == []


@pytest.mark.parametrize(("lang", "paper", "topic"), DISCREET_SHEETS)
def test_a_discreet_cover_holds_the_neutral_title(
    discreet: Path, layout: Layout, lang: str, paper: str, topic: str
) -> None:
    cover = _page_text(_discreet_pdf(discreet, lang, paper, topic))
    assert layout.discreet.titles[lang] in cover


@pytest.mark.parametrize(("lang", "paper", "topic"), DISCREET_SHEETS)
def test_a_discreet_cover_is_not_blank(discreet: Path, lang: str, paper: str, topic: str) -> None:
    image = _image(_discreet_pdf(discreet, lang, paper, topic))
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.width * image.height


@pytest.mark.parametrize(("lang", "paper", "topic"), DISCREET_SHEETS)
def test_the_qr_code_of_a_discreet_cover_opens_the_topic_inside(
    discreet: Path, lang: str, paper: str, topic: str
) -> None:
    codes = zxingcpp.read_barcodes(_image(_discreet_pdf(discreet, lang, paper, topic)))
    link = f"https://t.me/{BOT}?start={lang}_{topic.replace('.', '-')}"
    assert [c.text for c in codes] == [link]


@pytest.mark.parametrize(("lang", "paper"), list(itertools.product(DISCREET_LANGUAGES, PAPERS)))
@pytest.mark.parametrize("topic", ["legal.sexwork_law", "legal.exit_program"])
def test_behind_the_cover_the_topic_still_names_prostitution(
    discreet: Path, layout: Layout, lang: str, paper: str, topic: str
) -> None:
    """Only the cover is neutral: the page inside is the ordinary sheet, whose first page
    names prostitution here. Reading it proves that the words are found in each language
    as printed, so that the cover's test above would fail on an ordinary sheet."""
    inside = _page_text(_discreet_pdf(discreet, lang, paper, topic), page=1)
    assert naming_words(inside, all_words(layout.discreet))


def test_a_discreet_cover_that_would_name_sex_work_is_not_printed(tmp_path: Path) -> None:
    template = tmp_path / "sheets.yaml"
    shipped = (PROJECT / "knowledge" / "sheets.yaml").read_text(encoding="utf-8")
    changed = shipped.replace("fr: Santé, droits, aide", "fr: Aide aux personnes prostituées")
    template.write_text(changed, encoding="utf-8")
    out = tmp_path / "out"
    arguments = ["sheets", "--discreet", "--lang", "fr", "--topic", "food", "--out", str(out)]
    result = CliRunner().invoke(main, [*arguments, "--bot", BOT, "--layout", str(template)])
    assert result.exit_code == 1
    assert "'prostitu'" in result.output and "discreet.title" in result.output
    assert not list(out.rglob("*.pdf"))
