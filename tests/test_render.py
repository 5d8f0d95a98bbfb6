"""Replies: emergency numbers first, contacts with their check date, "show this" cards,
and right-to-left Arabic that stays readable with numbers."""

import datetime as dt
import re
from dataclasses import replace

import pytest

from bot.core import render
from bot.core.engine import Engine
from bot.core.hours import PARIS
from bot.core.i18n import translator
from bot.core.render import RLM, render_outcome, render_topic
from bot.knowledge import model as knowledge
from bot.knowledge.model import LANGUAGES, phone_numbers


def numbers_in(lines: list[str]) -> list[str]:
    """The short phone numbers of these lines, in order."""
    return re.findall(r"\b(?:3114|119|11[25]|1[5-8])\b", " ".join(lines))


def reply_to(engine: Engine, text: str, lang: str | None = None):
    outcome = engine.handle(text, lang)
    return render_outcome(engine.kb, outcome, translator(outcome.lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_emergency_block_comes_first_in_the_persons_language(engine: Engine, lang: str) -> None:
    outcome = replace(engine.handle("au secours il va me tuer"), lang=lang)
    reply = render_outcome(engine.kb, outcome, translator(lang))
    assert reply.text.startswith(reply.emergency)
    assert engine.kb.emergency.block[lang].splitlines()[0].strip() in reply.emergency
    assert {"17", "112", "114", "15"} <= set(phone_numbers(reply.emergency))
    assert reply.sms == engine.kb.emergency.sms_text.strip()
    assert reply.messages[1].endswith(reply.sms)  # the SMS to copy is its own message


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("je veux mourir ce soir", "fr"),
        ("i want to kill myself tonight", "en"),
        ("quiero morir", "es"),
        ("хочу умереть", "ru"),
        ("أريد أن أنتحر", "ar"),
    ],
)
def test_wanting_to_die_puts_3114_and_15_first(engine: Engine, text: str, lang: str) -> None:
    lines = reply_to(engine, text, lang).text.splitlines()
    assert "3114" in " ".join(lines[:3])
    assert numbers_in(lines[:2]) == ["3114", "15"]


def test_a_child_in_danger_gets_119_and_17_first(engine: Engine) -> None:
    reply = reply_to(engine, "un enfant est en danger chez moi il le frappe", "fr")
    assert numbers_in(reply.text.splitlines()[:2]) == ["119", "17"]


def test_the_more_page_says_once_when_the_contacts_were_checked(engine: Engine) -> None:
    reply = render_topic(engine.kb, engine.kb.topic("shelter.tonight"), "fr", translator("fr"))
    assert reply.more.count("✔️") == 1 and "2026" in reply.more
    assert "✔️" not in reply.body


def test_a_card_is_in_french_for_staff_then_in_the_persons_language(engine: Engine) -> None:
    reply = render_topic(engine.kb, engine.kb.topic("health.pep"), "ro", translator("ro"))
    assert "Cette personne parle roumain." in reply.card
    assert "{language}" not in reply.card
    assert "română" in reply.card


def test_arabic_lines_are_marked_right_to_left(engine: Engine) -> None:
    reply = render_topic(engine.kb, engine.kb.topic("shelter.tonight"), "ar", translator("ar"))
    assert all(line.startswith(RLM) for line in reply.body.splitlines() if line)


def test_a_confidential_address_is_never_shown(engine: Engine) -> None:
    from bot.core.render import contact_line

    org = replace(
        next(iter(engine.kb.organisations.values())), address="1 rue Secrète", confidential=True
    )
    assert "Secrète" not in contact_line(org, "fr", translator("fr"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_carries_the_french_phone_numbers(engine: Engine, lang: str) -> None:
    from bot.knowledge.model import same_phone_numbers

    for topic in engine.kb.topics:
        french, text = topic.texts["fr"], topic.text(lang)
        for part in ("answer", "more", "card"):
            assert same_phone_numbers(getattr(french, part), getattr(text, part)), (topic.id, part)
    block = engine.kb.emergency.block
    assert same_phone_numbers(block["fr"], block[lang])


def test_a_message_in_an_unknown_language_still_gets_the_emergency_numbers(engine: Engine) -> None:
    reply = reply_to(engine, "Ich brauche Hilfe mit meiner Wohnung bitte")
    assert engine.kb.emergency.numbers in reply.text
    assert {"17", "112", "114"} <= set(engine.kb.emergency.numbers.replace("·", " ").split())


def test_a_topic_is_written_once_a_minute_for_each_language(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = engine.kb.topic("shelter.tonight")
    _ = translator("fr")
    now = dt.datetime(2026, 11, 25, 17, 59, 30, tzinfo=PARIS)
    monkeypatch.setattr(render, "now_in_france", lambda: now)
    first = render_topic(engine.kb, topic, "fr", _)
    assert render_topic(engine.kb, topic, "fr", _) is first
    assert render_topic(engine.kb, topic, "en", translator("en")) is not first
    now = dt.datetime(2026, 11, 25, 18, 0, 5, tzinfo=PARIS)
    later = render_topic(engine.kb, topic, "fr", _)
    assert later is not first


def test_kept_values_start_afresh_past_their_bound(
    mini_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(knowledge, "KEPT_VALUES", 2)
    made = [mini_engine.kb.kept(("test", n), lambda n=n: n * n) for n in range(5)]
    assert made == [0, 1, 4, 9, 16]
    assert mini_engine.kb.kept(("test", 4), lambda: -1) == 16


CARD = "Cette personne parle {language}.\n{interpreter} Merci d'appeler un interprète.\nElle a mal."


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Elle a mal."),
        ("ro", "Cette personne parle roumain.\nMerci d'appeler un interprète.\nElle a mal."),
    ],
)
def test_lines_about_the_persons_language_are_left_out_for_french(lang: str, expected: str) -> None:
    assert render.fill_card(CARD, lang, "fr") == expected


def test_a_french_speaker_gets_no_language_or_interpreter_line(engine: Engine) -> None:
    card = render_topic(engine.kb, engine.kb.topic("health.pep"), "fr", translator("fr")).card
    assert "TPE" in card
    assert "parle" not in card and "interprète" not in card and "{" not in card


def test_a_card_with_only_lines_about_the_language_is_not_shown_in_french(
    engine: Engine,
) -> None:
    topic = engine.kb.topic("health.pep")
    french = replace(topic.texts["fr"], card="Cette personne parle {language}.")
    topic = replace(topic, texts={**topic.texts, "fr": french})
    assert render.render_card(topic, "fr", translator("fr")) == ""


def test_a_mark_in_a_card_does_not_make_translations_stale(engine: Engine) -> None:
    topic = engine.kb.topic("health.pep")
    unmarked = topic.texts["fr"].card.replace("{interpreter} ", "")
    plain = replace(topic, texts={**topic.texts, "fr": replace(topic.texts["fr"], card=unmarked)})
    assert plain.source_hash == topic.source_hash


@pytest.mark.parametrize(
    "text",
    ["au secours", "je veux mourir", "où dormir ce soir", "quels sont les numéros d'urgence"],
)
def test_the_reply_leads_with_the_numbers_exactly_when_the_alarm_is_raised(
    engine: Engine, text: str
) -> None:
    outcome = engine.handle(text, "fr")
    reply = render_outcome(engine.kb, outcome, translator("fr"))
    block_start = engine.kb.emergency.block["fr"].splitlines()[0]
    assert (block_start in reply.text.split("\n\n")[0]) is outcome.alert.emergency
