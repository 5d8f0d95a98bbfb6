"""One phone screen: every topic in every language keeps to the budget of its first
message, with its essential lines and at most two contacts; the emergency block stays
short and gives each number once."""

import statistics
from dataclasses import replace

import pytest

from bot.core.engine import Engine
from bot.core.i18n import translator
from bot.core.render import (
    BLOCK_CHARACTERS,
    CONTACTS_SHOWN,
    ESSENTIAL_MARK,
    FIRST_CHARACTERS,
    FIRST_LINES,
    INVISIBLE,
    render_outcome,
    render_topic,
    visible_length,
)
from bot.core.safety import Alert
from bot.knowledge.model import LANGUAGES, phone_numbers


def first_messages(engine: Engine, lang: str) -> dict[str, str]:
    _ = translator(lang)
    return {t.id: render_topic(engine.kb, t, lang, _).body for t in engine.kb.topics}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_first_message_fits_one_phone_screen(engine: Engine, lang: str) -> None:
    for topic_id, body in first_messages(engine, lang).items():
        assert visible_length(body) <= FIRST_CHARACTERS, (topic_id, visible_length(body))
        assert len(body.splitlines()) <= FIRST_LINES, (topic_id, body)
        assert body.count("🤝") <= CONTACTS_SHOWN, topic_id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_essential_line_is_in_the_first_message(engine: Engine, lang: str) -> None:
    for topic in engine.kb.topics:
        body = render_topic(engine.kb, topic, lang, translator(lang)).body.translate(INVISIBLE)
        answer = topic.text(lang).answer.strip().splitlines()
        for line in (answer[0], *(line for line in answer if line.startswith(ESSENTIAL_MARK))):
            assert line in body, (topic.id, line)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_essential_lines_are_marked_alike_in_french_and_its_translations(
    engine: Engine, lang: str
) -> None:
    def marked(text: str) -> int:
        return sum(line.startswith(ESSENTIAL_MARK) for line in text.splitlines())

    for topic in engine.kb.topics:
        if lang in topic.texts:
            assert marked(topic.texts[lang].answer) == marked(topic.texts["fr"].answer), topic.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_contact_repeats_a_number_of_the_answer(engine: Engine, lang: str) -> None:
    for topic in engine.kb.topics:
        body = render_topic(engine.kb, topic, lang, translator(lang)).body
        answer, _blank, contacts = body.rpartition("\n\n")
        if "🤝" not in contacts:
            continue
        in_contacts = phone_numbers(contacts)
        assert len(in_contacts) == len(set(in_contacts)), topic.id
        assert not set(in_contacts) & set(phone_numbers(answer)), topic.id


ALERTS = [
    Alert(danger=True),
    Alert(danger=True, suicide=True),
    Alert(danger=True, child=True),
    Alert(danger=True, suicide=True, child=True),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("alert", ALERTS)
def test_the_emergency_reply_gives_each_number_once(
    engine: Engine, lang: str, alert: Alert
) -> None:
    outcome = replace(engine.handle("au secours il va me tuer"), lang=lang, alert=alert)
    reply = render_outcome(engine.kb, outcome, translator(lang))
    assert visible_length(reply.emergency) <= BLOCK_CHARACTERS
    block = phone_numbers(reply.emergency)
    assert len(block) == len(set(block))
    assert not set(block) & set(phone_numbers(reply.sms_intro))
    assert not set(block) & set(phone_numbers(reply.body))
    assert reply.messages[1].endswith(reply.sms)  # the SMS to copy, its own message


def test_the_figures_of_benchmarks_md(engine: Engine) -> None:
    """Prints the median and largest first message per language (pytest -s)."""
    for lang in LANGUAGES:
        lengths = [visible_length(body) for body in first_messages(engine, lang).values()]
        print(lang, statistics.median(lengths), max(lengths))
