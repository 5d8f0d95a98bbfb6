"""Opening hours in the person's language, and organisations near a place."""

import datetime as dt

import pytest

from bot.core.engine import Engine
from bot.core.hours import PARIS, opening_note, weekly_hours
from bot.core.i18n import translator
from bot.core.places import distance_km
from bot.knowledge.model import Closure, Organisation

PLACE = Organisation(
    id="day-centre",
    name="Accueil",
    hours={"mon": ("09:00-12:00", "14:00-17:00"), "fri": ("20:00-02:00",)},
    closures=(Closure(dt.date(2026, 12, 24), dt.date(2027, 1, 2)),),
)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=PARIS)  # 23 Nov 2026 is a Monday


@pytest.mark.parametrize(
    ("moment", "lang", "note"),
    [
        (at(23, 10), "en", "Open now, until 12:00\u202fPM"),
        (at(23, 12, 30), "fr", "14:00"),
        (at(24, 10), "en", "Opens Friday at 8:00\u202fPM"),
        (at(28, 1), "en", "Open now, until 2:00\u202fAM"),  # Friday night goes on after midnight
    ],
)
def test_opening_note(moment: dt.datetime, lang: str, note: str) -> None:
    assert note in opening_note(PLACE, moment, lang, translator(lang))


WEEKDAYS_OPEN = Organisation(
    id="office",
    name="Bureau",
    hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("09:00-17:00",)),
)


def test_a_place_open_every_weekday_is_closed_on_christmas_day() -> None:
    christmas = dt.datetime(2026, 12, 25, 10, tzinfo=PARIS)  # a Friday
    note = opening_note(WEEKDAYS_OPEN, christmas, "en", translator("en"))
    assert "Open now" not in note
    assert "Monday" in note


def test_a_place_may_say_it_opens_on_public_holidays() -> None:
    open_on_holidays = Organisation(
        id="office", name="Bureau", hours={**WEEKDAYS_OPEN.hours, "holidays": ("10:00-16:00",)}
    )
    bastille_day = dt.datetime(2026, 7, 14, 11, tzinfo=PARIS)
    note = opening_note(open_on_holidays, bastille_day, "en", translator("en"))
    assert note.startswith("Open now, until 4:00")


def test_a_temporary_closure_is_said() -> None:
    moment = dt.datetime(2026, 12, 28, 10, tzinfo=PARIS)
    assert "2027" in opening_note(PLACE, moment, "en", translator("en"))


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("je suis à Lyon", "Lyon"),
        ("une association a marseille ?", "Marseille"),
        ("Toulouse", "Toulouse"),
        ("nice to meet you", None),
        ("où dormir ce soir", None),
    ],
)
def test_a_city_named_in_a_message(engine: Engine, text: str, city: str | None) -> None:
    found = engine.places.city_in(text)
    assert (found.name if found else None) == city


def test_distance_between_paris_and_lyon() -> None:
    assert 380 < distance_km((48.8566, 2.3522), (45.764, 4.8357)) < 400


def test_a_question_naming_a_city_lists_associations_there(engine: Engine) -> None:
    from bot.core.render import render_outcome

    outcome = engine.handle("je cherche une association à Lyon", "fr")
    reply = render_outcome(engine.kb, outcome, translator("fr"))
    in_lyon = [o.name for o in engine.kb.organisations.values() if o.city == "Lyon"]
    assert any(f"🤝 {name} " in reply.body for name in in_lyon) and " km" in reply.body


WEEK = Organisation(
    id="week",
    name="Semaine",
    hours={
        **dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("09:00-18:00",)),
        "sat": ("10:00-12:00", "14:00-16:00"),
    },
)


@pytest.mark.parametrize(
    ("org", "lang", "words"),
    [
        (WEEK, "fr", "Du lundi au vendredi: 09:00–18:00\nSamedi: 10:00–12:00, 14:00–16:00"),
        (WEEK, "bg", "От понеделник до петък: 9:00–18:00\nСъбота: 10:00–12:00, 14:00–16:00"),
        (WEEK, "zh", "星期一至星期五: 09:00–18:00\n星期六: 10:00–12:00, 14:00–16:00"),
        (Organisation(id="n", name="N", always_open=True), "en", "Open day and night, every day"),
        (Organisation(id="d", name="D", hours={"mon": ("09:00-17:00",)}), "en", "Monday: 9:00"),
        (Organisation(id="u", name="U"), "fr", ""),
    ],
)
def test_weekly_hours_in_words_for_paper(org: Organisation, lang: str, words: str) -> None:
    assert weekly_hours(org, lang, translator(lang)).startswith(words)
