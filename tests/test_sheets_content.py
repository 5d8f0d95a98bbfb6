"""What a printed sheet says, before any PDF: deep links, the topics and contacts chosen,
pictograms, numbers, the template's errors, and fonts that cover the knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.knowledge.model import LANGUAGES
from bot.sheets.content import (
    BotNameError,
    Line,
    bot_username,
    build_sheet,
    printed_topics,
    split_pictogram,
    start_link,
    useful_contacts,
    whole_numbers,
)
from bot.sheets.layout import LayoutError, load_layout
from bot.sheets.render import check_fonts
from bot.telegram.handlers.start import parse_start_payload
from tests.conftest import PROJECT

TEMPLATE = PROJECT / "knowledge" / "sheets.yaml"


@pytest.mark.parametrize(
    ("lang", "topic", "link"),
    [
        ("ro", "health.pep", "https://t.me/relais_bot?start=ro_health-pep"),
        ("ar", "shelter.tonight", "https://t.me/relais_bot?start=ar_shelter-tonight"),
        ("zh", "legal.exit_program", "https://t.me/relais_bot?start=zh_legal-exit_program"),
    ],
)
def test_the_deep_link_opens_the_topic_in_the_language(lang: str, topic: str, link: str) -> None:
    assert start_link("relais_bot", lang, topic) == link
    assert parse_start_payload(link.partition("?start=")[2]) == (lang, topic)


@pytest.mark.parametrize(
    ("given", "name"),
    [("relais_bot", "relais_bot"), ("@relais_bot", "relais_bot"), (" Relais_bot ", "Relais_bot")],
)
def test_the_bot_name_is_written_as_in_a_link(given: str, name: str) -> None:
    assert bot_username(given) == name


@pytest.mark.parametrize(
    ("given", "message"),
    [(None, "BOT_USERNAME"), ("", "--bot"), ("relais bot", "not a Telegram username")],
)
def test_a_missing_or_wrong_bot_name_says_what_to_do(given: str | None, message: str) -> None:
    with pytest.raises(BotNameError, match=message):
        bot_username(given)


def test_the_bots_own_topics_are_not_printed(engine: Engine) -> None:
    printed = {t.id for t in printed_topics(engine.kb)}
    assert {"bot.language", "bot.privacy", "smalltalk.greeting"}.isdisjoint(printed)
    assert {"health.pep", "emergency.now", "papers.asylum", "work.french"} <= printed


def test_contacts_leave_out_the_emergency_numbers_of_the_box(engine: Engine) -> None:
    topic = engine.kb.topic("violence.help")
    contacts = useful_contacts(engine.kb, topic, 3)
    assert 0 < len(contacts) <= 3
    assert not {"17", "112", "15"} & {c.phone for c in contacts}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("📞 Appelez le 15.", Line("📞", "Appelez le 15.")),
        ("❤️ Prenez soin de vous.", Line("❤", "Prenez soin de vous.")),
        ("\u200f🏥 اذهب الآن", Line("🏥", "اذهب الآن")),
        ("Sans pictogramme.", Line("", "Sans pictogramme.")),
    ],
)
def test_a_sentence_gives_its_pictogram_to_the_margin(line: str, expected: Line) -> None:
    assert split_pictogram(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0 800 840 800, gratuit", "0\u00a0800\u00a0840\u00a0800, gratuit"),
        ("le 116 006 ou le 17", "le 116\u00a0006 ou le 17"),
        ("dans les 48 heures", "dans les 48 heures"),
    ],
)
def test_numbers_never_break_apart(text: str, expected: str) -> None:
    assert whole_numbers(text) == expected


def test_checked_on_only_where_the_organisation_has_a_date(engine: Engine) -> None:
    sheet = build_sheet(engine.kb, engine.kb.topic("health.pep"), "fr", "relais_bot", 3)
    for contact in sheet.contacts:
        org = next(o for o in engine.kb.organisations.values() if o.name == contact.name)
        assert bool(contact.checked) == bool(org.checked)


def test_the_card_on_the_back_is_in_french_for_the_staff(engine: Engine) -> None:
    sheet = build_sheet(engine.kb, engine.kb.topic("health.pep"), "ro", "relais_bot", 3)
    assert sheet.card.startswith("Cette personne parle roumain.")
    assert "TPE" in sheet.card_translation and "persoană" in sheet.card_translation


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_fonts_draw_every_character_of_every_sheet(engine: Engine, lang: str) -> None:
    """Fails when the knowledge base uses a new character: run `make fonts`."""
    for topic in printed_topics(engine.kb):
        check_fonts(build_sheet(engine.kb, topic, lang, "relais_bot", 3))


def test_the_shipped_template_loads() -> None:
    layout = load_layout(TEMPLATE)
    assert layout.front == ("title", "answer", "contacts", "link")
    assert layout.formats["a5"].text < layout.formats["a4"].text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("    text: 17 ", "    text: big "), "'formats.a4.text' must be a number"),
        (('  title: "#1D3C78"', '  title: "blue"'), "'colours.title' must be a colour"),
        (("front: [title,", "front: [cover,"), "cover is not one"),
    ],
)
def test_a_broken_template_says_where(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    broken = tmp_path / "sheets.yaml"
    text = TEMPLATE.read_text(encoding="utf-8")
    assert change[0] in text
    broken.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(LayoutError, match=message):
        load_layout(broken)
