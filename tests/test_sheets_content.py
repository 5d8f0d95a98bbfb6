"""What a printed sheet says, before any PDF: deep links, the topics and contacts chosen,
pictograms, numbers, the template's errors, fonts that cover the knowledge base, and the
discreet cover that names neither prostitution nor sex work."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.knowledge.model import LANGUAGES
from bot.sheets.booklets import pdf_name
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
from bot.sheets.discreet import NotDiscreet, all_words, build_cover, naming_words
from bot.sheets.layout import Discreet, LayoutError, load_layout
from bot.sheets.render import check_cover_fonts, check_fonts
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
        (("    ar: الصحة، الحقوق، المساعدة\n", ""), "'discreet.title.ar' must give"),
        (("    zh: [性工作,", "    zh: [性工作, '',"), "'discreet.words.zh' must list"),
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


@pytest.fixture(scope="module")
def discreet() -> Discreet:
    return load_layout(TEMPLATE).discreet


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("La loi sur la prostitution", "prostitu"),
        ("Syndicat des travailleuses et travailleurs du sexe", "travailleurs du sexe"),
        ("Le PROXÉNÉTISME est interdit", "proxénétisme"),
        ("Union run by sex-workers themselves", "sex work"),
        ("Sindicato de las trabajadoras y trabajadores sexuales", "trabajadores sexuales"),
        ("Deixar a prostituição", "prostitu"),
        ("lucrătoarele și lucrătorii sexuali", "lucrătorii sexuali"),
        ("Ieşirea din prostituţie", "prostitu"),  # the cedillas of older Romanian keyboards
        ("ръководен от самите секс работници", "секс работ"),
        ("Проституция и закон", "проститу"),
        ("сами секс-работники", "секс работ"),
        ("由性工作者自己管理的工会", "性工作"),
        ("在法国，成年人卖性服务不违法", "性服务"),
        ("الدعارة والقانون", "دعارة"),
        ("الخروج من الدعـــارة", "دعارة"),  # stretched with tatweel
        ("ﺍﻟﺪﻋﺎﺭﺓ", "دعارة"),  # letter forms, as a PDF's text layer may give them
        ("نقابة يديرها العاملات والعاملون في الجنس", "العاملون في الجنس"),
        ("العمل الجنسي", "العمل الجنسي"),
    ],
)
def test_the_words_that_name_sex_work_are_found_in_every_language(
    discreet: Discreet, text: str, named: str
) -> None:
    assert named in naming_words(text, all_words(discreet))


@pytest.mark.parametrize(
    "text",
    [
        "Santé, droits, aide",
        "Viol, agression sexuelle",  # sexual violence is not sex work
        "Dépistage du VIH et des infections sexuellement transmissibles",
        "Trabajadora social",
        "Уйти из этой работы",
        "退出这一行",
    ],
)
def test_ordinary_words_are_not_taken_for_sex_work(discreet: Discreet, text: str) -> None:
    assert naming_words(text, all_words(discreet)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_neutral_title_names_nothing_in_any_language(discreet: Discreet, lang: str) -> None:
    assert naming_words(discreet.titles[lang], all_words(discreet)) == []


def test_the_neutral_title_is_health_rights_help(discreet: Discreet) -> None:
    assert discreet.titles["fr"] == "Santé, droits, aide"
    assert set(discreet.titles) == set(discreet.words) == set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_cover_holds_the_neutral_title_and_the_first_topics_link(
    engine: Engine, discreet: Discreet, lang: str
) -> None:
    first = build_sheet(engine.kb, engine.kb.topic("legal.sexwork_law"), lang, "relais_bot", 3)
    cover = build_cover(first, discreet)
    assert cover.title == discreet.titles[lang]
    assert cover.link == "https://t.me/relais_bot?start=" + f"{lang}_legal-sexwork_law"
    assert cover.emergency == first.emergency
    check_cover_fonts(cover)


def test_a_cover_whose_title_names_sex_work_is_refused(engine: Engine, discreet: Discreet) -> None:
    first = build_sheet(engine.kb, engine.kb.topic("health.pep"), "ru", "relais_bot", 3)
    told = Discreet({**discreet.titles, "ru": "Для секс-работниц"}, discreet.words)
    with pytest.raises(NotDiscreet, match=r"in ru would hold 'секс работ' in its title"):
        build_cover(first, told)


@pytest.mark.parametrize(
    ("stem", "discreet_variant", "name"),
    [
        ("health.pep", False, "health.pep.a4.pdf"),
        ("health.pep", True, "health.pep.a4.discreet.pdf"),
        ("booklet.health", True, "booklet.health.a4.discreet.pdf"),
    ],
)
def test_discreet_files_are_named_apart(stem: str, discreet_variant: bool, name: str) -> None:
    assert pdf_name(stem, "a4", discreet_variant) == name
