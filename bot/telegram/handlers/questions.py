"""Free-text questions in a private chat: the whole path of one message.

engine.handle (language, emergency, match) → render → send, the emergency block first.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import lru_cache, partial

from aiogram import Bot, Router
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n

from bot.core.engine import Engine
from bot.core.i18n import Gettext
from bot.core.render import render_outcome
from bot.telegram.filters import (
    plain_text,
)
from bot.telegram.keyboards import answer_keyboard, choices_keyboard
from bot.telegram.people import Person
from bot.telegram.relay import Relay
from bot.telegram.replies import send_text
from bot.telegram.resilience import always_retried

log = logging.getLogger("relais.questions")

MAX_RELAYED = 1000  # characters passed on to the moderators


async def answer_question(
    message: Message,
    bot: Bot,
    engine: Engine,
    person: Person,
    i18n: I18n,
    relay: Relay,
    update_id: int,
) -> None:
    text = message.text or ""
    outcome = engine.handle(text, person.lang)  # the whole message: a danger may come last
    translate = _translator(i18n, outcome.lang)
    reply = render_outcome(engine.kb, outcome, translate)
    if outcome.decision == "unanswered" and relay.enabled:
        kept = await relay.pass_on(
            bot, person.pseudonym, message.chat.id, text[:MAX_RELAYED], outcome, update_id
        )
        if kept is not None:
            reply = replace(reply, body=relayed_notice(translate))
    switch_to = outcome.lang if outcome.lang != person.lang else None
    keyboard = (
        choices_keyboard(reply.choices, translate)
        if reply.choices
        else _answer_keyboard(reply.topic, bool(reply.more), switch_to, outcome.lang, i18n)
    )
    with always_retried(outcome.alert.emergency):
        await send_text(message, reply.text, keyboard)
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


@lru_cache(maxsize=64)
def _translator(i18n: I18n, lang: str) -> Gettext:
    """One translation function for each language, so that rendered answers kept for a
    language and translation function are found again."""
    return partial(i18n.gettext, locale=lang)


@lru_cache(maxsize=1024)
def _answer_keyboard(
    topic: str | None, has_more: bool, switch_to: str | None, lang: str, i18n: I18n
) -> InlineKeyboardMarkup:
    """The same few keyboards serve every answer: built once each, not per message."""
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
