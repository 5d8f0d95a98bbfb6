"""Free-text questions in a private chat: the whole path of one message.

engine.handle (language, emergency, match) → render → send, the emergency block first.
"""

from __future__ import annotations

import logging
from functools import partial

from aiogram import F, Router
from aiogram.types import Message
from aiogram.utils.i18n import I18n

from bot.engine import Engine
from bot.render import render_outcome
from bot.telegram.keyboards import answer_keyboard, choices_keyboard
from bot.telegram.people import Person
from bot.telegram.replies import send_text

log = logging.getLogger("relais.questions")

MAX_QUESTION = 1000  # characters read for matching; the rest of a long message is context


async def answer_question(message: Message, engine: Engine, person: Person, i18n: I18n) -> None:
    text = (message.text or "")[:MAX_QUESTION]
    outcome = engine.handle(text, person.lang)
    translate = partial(i18n.gettext, locale=outcome.lang)
    reply = render_outcome(engine.kb, outcome, translate)
    switch_to = outcome.lang if outcome.lang != person.lang else None
    keyboard = (
        choices_keyboard(reply.choices, translate)
        if reply.choices
        else answer_keyboard(reply.topic, bool(reply.more), switch_to, translate)
    )
    await send_text(message, reply.text, keyboard)
    log.info(
        "answered",
        extra={
            "person": person.pseudonym[:8],
            "decision": outcome.decision,
            "topic": outcome.topic,
            "lang": outcome.lang,
            "emergency": outcome.alert.emergency,
        },
    )


def router() -> Router:
    """The questions handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="questions")
    routes.message.register(
        answer_question, F.chat.type == "private", F.text, ~F.text.startswith("/")
    )
    return routes
