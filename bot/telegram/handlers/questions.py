"""Free-text questions in a private chat: the whole path of one message.

A follow-up of the last answer ("where?", "closest?", a city) → that topic's places;
otherwise engine.handle (language, emergency, match) → render → send, the emergency
block first. The decision is counted per topic and language, tied to nobody.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import lru_cache, partial

from aiogram import Bot, Router
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n

from bot.core.engine import Engine
from bot.core.hours import today_in_france
from bot.core.i18n import Gettext
from bot.core.outcome import Outcome
from bot.core.render import render_free, render_near, render_outcome
from bot.store.health import StorageError
from bot.telegram.filters import plain_text
from bot.telegram.keyboards import answer_keyboard, choices_keyboard, near_me_keyboard
from bot.telegram.memory import Recent, ShortMemory
from bot.telegram.people import Person
from bot.telegram.relay import Relay
from bot.telegram.replies import reply_keyboard, send_reply, send_text
from bot.telegram.resilience import always_retried

log = logging.getLogger("relais.questions")

MAX_RELAYED = 1000  # characters passed on to the moderators
EVENTS = {"answer": "answered", "clarify": "clarified", "unanswered": "unanswered"}
# Topics about the conversation itself: "where?" after them is no follow-up.
NOT_REMEMBERED = ("smalltalk.", "bot.")


async def answer_question(
    message: Message,
    bot: Bot,
    engine: Engine,
    person: Person,
    i18n: I18n,
    relay: Relay,
    memory: ShortMemory,
    update_id: int,
) -> None:
    text = message.text or ""
    outcome = engine.handle(text, person.lang)  # the whole message: a danger may come last
    translate = _translator(i18n, outcome.lang)
    recent = memory.recall(person.pseudonym)
    follow_up = engine.follow_up(text, outcome, recent.topic if recent else None)
    if recent is not None and follow_up is not None:
        await answer_follow_up(
            message, engine, memory, person, recent, outcome, follow_up, translate
        )
        return
    reply = render_outcome(engine.kb, outcome, translate)
    relayed = False
    if outcome.decision == "unanswered" and not outcome.outside and relay.enabled:
        kept = await relay.pass_on(
            bot, person.pseudonym, message.chat.id, text[:MAX_RELAYED], outcome, update_id
        )
        if kept is not None:
            reply, relayed = replace(reply, body=relayed_notice(translate)), True
    _remember(memory, person, outcome, text, relayed)
    switch_to = outcome.lang if outcome.lang != person.lang else None
    keyboard = (
        choices_keyboard(reply.choices, translate)
        if reply.choices
        else _answer_keyboard(reply.topic, bool(reply.more), switch_to, outcome.lang, i18n)
        if not reply.topic
        else reply_keyboard(reply, switch_to, translate)
    )
    with always_retried(outcome.alert.emergency):
        await send_reply(message, reply, keyboard)
    event = "emergency" if outcome.alert.emergency else EVENTS[outcome.decision]
    count(relay, event, outcome.topic, outcome.lang)
    # No pseudonym here: with the topic, it would let a log reader profile a person.
    log.info(
        "answered",
        extra={
            "decision": outcome.decision,
            "topic": outcome.topic,
            "lang": outcome.lang,
            "emergency": outcome.alert.emergency,
        },
    )


async def answer_follow_up(
    message: Message,
    engine: Engine,
    memory: ShortMemory,
    person: Person,
    recent: Recent,
    outcome: Outcome,
    kind: str,
    _: Gettext,
) -> None:
    """The last topic again, for a place ("closest?", "and in Lyon?") or its price."""
    assert recent.topic is not None  # a follow-up needs a topic (Engine.follow_up)
    topic, lang = engine.kb.topic(recent.topic), outcome.lang
    keyboard = answer_keyboard(topic.id, False, None, _)
    if kind == "free" and (free := render_free(topic, lang)):
        await send_text(message, free, keyboard)
        return
    if outcome.city is not None:
        recent = memory.note(person.pseudonym, city=outcome.city, location=None)
    if recent.place is None:
        await send_text(
            message,
            _("Where are you? Write your city, or share your location with the button."),
            near_me_keyboard(_),
        )
        return
    await send_text(message, near_text(engine, recent, lang, _), keyboard)


def near_text(engine: Engine, recent: Recent, lang: str, _: Gettext) -> str:
    """The remembered topic's places near the remembered place."""
    assert recent.topic is not None and recent.place is not None
    name, point = recent.place
    place = name if recent.location is None else None
    return render_near(
        engine.kb, engine.kb.topic(recent.topic), place, engine.nearest(point), lang, _
    )


def _remember(
    memory: ShortMemory, person: Person, outcome: Outcome, text: str, relayed: bool
) -> None:
    """The question and its answer's topic, for a follow-up or "Ask a person"."""
    changes: dict[str, object] = {"lang": outcome.lang, "question": text[:MAX_RELAYED]}
    changes["relayed"] = relayed
    topic = outcome.topic
    if outcome.decision == "answer" and topic and not topic.startswith(NOT_REMEMBERED):
        changes["topic"] = topic
    if outcome.city is not None:
        changes.update(city=outcome.city, location=None)
    memory.note(person.pseudonym, **changes)


def count(relay: Relay, event: str, topic: str | None, lang: str) -> None:
    """One more `event` in the day's figures; a failing disk never stops a reply. Written
    in the event loop, not a thread (an upsert by key costs microseconds): after a reply,
    the update is marked handled at once, and a crash in between sends the reply again."""
    try:
        relay.store.counts.add(event, topic, lang, today_in_france())
    except StorageError as error:
        relay.health.failed(error)


@lru_cache(maxsize=64)
def _translator(i18n: I18n, lang: str) -> Gettext:
    """One translation function for each language, so that rendered answers kept for a
    language and translation function are found again."""
    return partial(i18n.gettext, locale=lang)


@lru_cache(maxsize=1024)
def _answer_keyboard(
    topic: str | None, has_more: bool, switch_to: str | None, lang: str, i18n: I18n
) -> InlineKeyboardMarkup:
    """The keyboard of "I don't understand", the same for everyone: built once each."""
    return answer_keyboard(topic, has_more, switch_to, partial(i18n.gettext, locale=lang))


def relayed_notice(_: Gettext) -> str:
    """What a person is told when their question goes to the moderators. The relay is
    not an emergency service, and the person must know it."""
    return "\n".join(
        (
            _("I passed your question to people from an association."),
            _("They answer on working days, when they can. They never see your name."),
            _("This is not an emergency service. In danger, call 17 or 112, day and night."),
            _("You can also choose a subject in the menu: /help"),
        )
    )


def router() -> Router:
    """The questions handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="questions")
    routes.message.register(answer_question, plain_text)
    return routes
