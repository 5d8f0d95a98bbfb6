"""Numbers in right-to-left replies read in their own order: every Arabic reply, card,
contact and glossary line is laid out by a Unicode bidi algorithm (python-bidi, as a
Telegram client does) and each number must show as it is written."""

import re
from dataclasses import replace

import pytest
from bidi import get_display

from bot.core.engine import Engine
from bot.core.i18n import translator
from bot.core.render import isolate_numbers, render_outcome, render_topic
from bot.core.safety import Alert
from bot.knowledge.loader import load_knowledge
from tests.conftest import PROJECT

# Digit groups as a person reads them: split by a space ("0 800 840 800", "1 500") or kept
# together by a sign ("6,80", "09:00", "24/7").
WRITTEN_NUMBER = re.compile(r"\+?\d+(?:[ \u00a0.,:/]\d+)*")
INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))
ARABIC_TOPICS = [t.id for t in load_knowledge(PROJECT / "knowledge").topics]


def misread_numbers(text: str) -> list[tuple[str, str]]:
    """(number, displayed line) for each number that a reader would not see as written,
    whether the client lays the line out by its own direction or right to left."""
    misread = []
    for line in text.splitlines():
        written = line.translate(INVISIBLE)
        for base_dir in (None, "R"):
            shown = get_display(line, base_dir=base_dir).translate(INVISIBLE)
            misread += [(n, shown) for n in WRITTEN_NUMBER.findall(written) if n not in shown]
    return misread


def test_a_number_inside_arabic_text_is_isolated() -> None:
    assert isolate_numbers("اتصلوا بالرقم 116 006 الآن") == "اتصلوا بالرقم \u2066116 006\u2069 الآن"


def test_without_isolation_the_groups_of_a_number_show_backwards() -> None:
    line = "\u200fاتصلوا بالرقم 0 800 840 800 مجانًا"
    assert misread_numbers(line) and not misread_numbers(isolate_numbers(line))


def test_isolating_twice_changes_nothing() -> None:
    once = isolate_numbers("المبلغ 1 500 € أو +33 1 80 52 33 76")
    assert isolate_numbers(once) == once


@pytest.mark.parametrize(
    ("text", "isolated"),
    [
        ("0 800 840 800", ["0 800 840 800"]),
        ("+33 1 80 52 33 76", ["+33 1 80 52 33 76"]),
        ("6,80 €", ["6,80"]),
        ("24/7", ["24/7"]),
        ("09:00-12:00", ["09:00", "12:00"]),
        ("17 أو 112", ["17", "112"]),
    ],
)
def test_what_counts_as_one_number(text: str, isolated: list[str]) -> None:
    assert re.findall("\u2066(.*?)\u2069", isolate_numbers(text)) == isolated


def test_numbers_are_left_alone_in_left_to_right_languages(engine: Engine) -> None:
    reply = render_topic(engine.kb, engine.kb.topic("health.pep"), "fr", translator("fr"))
    assert "\u2066" not in reply.text


@pytest.mark.parametrize("topic_id", ARABIC_TOPICS)
def test_every_number_of_an_arabic_topic_reads_as_written(engine: Engine, topic_id: str) -> None:
    reply = render_topic(engine.kb, engine.kb.topic(topic_id), "ar", translator("ar"))
    assert reply.text.strip()
    assert misread_numbers(f"{reply.text}\n{reply.more}") == []


def test_every_number_of_the_arabic_emergency_block_reads_as_written(engine: Engine) -> None:
    outcome = engine.handle("au secours il va me tuer")
    outcome = replace(outcome, lang="ar", alert=Alert(danger=True, suicide=True, child=True))
    reply = render_outcome(engine.kb, outcome, translator("ar"))
    assert reply.sms == engine.kb.emergency.sms_text.strip()  # French, as staff read it
    assert misread_numbers(reply.text) == []


def test_every_number_of_an_arabic_reply_without_an_answer_reads_as_written(
    engine: Engine,
) -> None:
    outcome = replace(engine.handle("Ich brauche Hilfe mit meiner Wohnung bitte"), lang="ar")
    reply = render_outcome(engine.kb, outcome, translator("ar"))
    assert engine.kb.emergency.numbers.translate(INVISIBLE) in reply.text.translate(INVISIBLE)
    assert misread_numbers(reply.text) == []
