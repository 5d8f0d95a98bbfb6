"""The short memory of a conversation and what it serves: follow-ups, cities named
alone, opening today, and the two contacts of both orientations."""

import datetime as dt

import pytest

from bot.core.engine import Engine
from bot.core.hours import PARIS, opening_note
from bot.core.i18n import translator
from bot.core.places import City
from bot.core.render import choose_contacts
from bot.knowledge.model import Organisation
from bot.telegram.memory import KEEP_FOR, ShortMemory

LYON = City("Lyon", 45.75, 4.85)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_memory_holds_the_topic_and_city_for_30_minutes() -> None:
    clock = Clock()
    memory = ShortMemory(clock)
    memory.note("p", topic="health.pep", city=LYON)
    clock.now += KEEP_FOR - 1
    recent = memory.recall("p")
    assert recent is not None and recent.topic == "health.pep" and recent.city == LYON


def test_the_memory_is_gone_after_30_minutes() -> None:
    clock = Clock()
    memory = ShortMemory(clock)
    memory.note("p", topic="health.pep", location=(45.7, 4.8))
    clock.now += KEEP_FOR + 1
    assert memory.recall("p") is None


def test_the_memory_is_gone_after_forget() -> None:
    memory = ShortMemory()
    memory.note("p", topic="health.pep", city=LYON)
    memory.forget("p")
    assert memory.recall("p") is None


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Belleville", "Paris"),
        ("i dey for paris", "Paris"),
        ("美丽城", "Paris"),
        ("我在美丽城", "Paris"),
        ("sunt in lyon", "Lyon"),
        ("ok nice thanks", None),
        ("je fais des tours", None),
    ],
)
def test_a_city_named_alone_is_found(engine: Engine, text: str, city: str | None) -> None:
    found = engine.places.city_in(text)
    assert (found.name if found else None) == city


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("closest?", "near"),
        ("le plus proche ?", "near"),
        ("unde e cel mai aproape? sunt in lyon", "near"),
        ("and in Lyon?", "near"),
        ("Belleville", "near"),
        ("where?", "near"),
        ("is it free?", "free"),
        ("ok thanks", None),
        ("where can I get condoms", None),
        ("我饿了 哪里可以吃饭", None),  # "I am hungry, where can I eat": a question of its own
        ("je cherche un médecin à Lyon", None),
    ],
)
def test_a_follow_up_of_the_last_topic(engine: Engine, text: str, kind: str | None) -> None:
    outcome = engine.handle(text, "en")
    assert engine.follow_up(text, outcome, "health.pep") == kind


@pytest.mark.parametrize(
    "text",
    [
        "le plus proche ?",
        "c'est gratuit ?",
        "where is the nearest?",
        "unde e cel mai aproape?",
        "где ближайший?",
        "最近的在哪里？",
        "وين أقرب؟",
        "je suis à Lyon",
    ],
)
def test_follow_up_words_alone_raise_no_alarm(engine: Engine, text: str) -> None:
    assert not engine.handle(text).alert.emergency


@pytest.mark.parametrize("text", ["au secours, où ?", "help, where?", "c'est la fin"])
def test_a_call_for_help_among_follow_up_words_still_raises_the_alarm(
    engine: Engine, text: str
) -> None:
    assert engine.handle(text).alert.emergency


THURSDAY_MORNING = dt.datetime(2026, 12, 3, 7, 30, tzinfo=PARIS)  # a Thursday
THURSDAYS = Organisation(id="t", name="T", hours={"thu": ("09:00-12:00",)})


def test_opening_later_today_says_today() -> None:
    assert THURSDAY_MORNING.weekday() == 3
    note = opening_note(THURSDAYS, THURSDAY_MORNING, "fr", translator("fr"))
    assert note == "Ouvre aujourd'hui à 09:00"


def test_opening_next_week_says_the_day() -> None:
    afternoon = THURSDAY_MORNING.replace(hour=15)
    assert opening_note(THURSDAYS, afternoon, "fr", translator("fr")) == "Ouvre jeudi à 09:00"


def test_where_both_orientations_serve_a_topic_the_two_contacts_are_one_of_each(
    engine: Engine,
) -> None:
    checked = 0
    for topic in engine.kb.topics:
        contacts = choose_contacts(engine.kb, topic, (), THURSDAY_MORNING)
        serving = {org.orientation for org in contacts if org.serves_topic(topic.id)}
        if {"rights", "exit"} <= serving:
            assert {org.orientation for org in contacts[:2]} == {"rights", "exit"}, topic.id
            checked += 1
    assert checked >= 3


def test_a_federation_that_does_not_receive_the_public_is_no_contact(engine: Engine) -> None:
    for topic in engine.kb.topics:
        contacts = choose_contacts(engine.kb, topic, (), THURSDAY_MORNING)
        assert all(org.orientation == "general" or org.serves for org in contacts), topic.id
