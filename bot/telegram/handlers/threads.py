"""A person's Telegram "Reply" to a moderator's answer continues the same thread: it is
posted as a reply to the question's post in the moderators' group, not as a new
question. Emergency detection runs on it first, as on every message."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Filter
from aiogram.types import Message
from aiogram.utils.i18n import I18n

from bot.core.engine import Engine
from bot.core.render import render_outcome
from bot.store.database import Question
from bot.telegram.handlers.questions import MAX_RELAYED, relayed_notice
from bot.telegram.keyboards import answer_keyboard
from bot.telegram.people import Person
from bot.telegram.relay import Relay
from bot.telegram.replies import send_text
from bot.telegram.resilience import always_retried


class ReplyInThread(Filter):
    """A private text that replies to a moderator's answer whose thread is still kept;
    gives the handler the thread's first question as `thread`."""

    async def __call__(self, message: Message, relay: Relay) -> bool | dict[str, Any]:
        if message.chat.type != "private" or not relay.enabled or not message.text:
            return False
        if message.reply_to_message is None or message.text.startswith("/"):
            return False
        thread = await asyncio.to_thread(
            relay.store.thread, message.chat.id, message.reply_to_message.message_id
        )
        return {"thread": thread} if thread is not None else False


async def continue_thread(
    message: Message,
    bot: Bot,
    engine: Engine,
    person: Person,
    i18n: I18n,
    relay: Relay,
    update_id: int,
    thread: Question,
) -> None:
    text = message.text or ""
    outcome = engine.handle(text, person.lang)
    translate = partial(i18n.gettext, locale=outcome.lang)
    if outcome.alert.emergency:  # the numbers first, then the thread goes on
        reply = render_outcome(engine.kb, outcome, translate)
        with always_retried(True):
            await send_text(message, reply.text, answer_keyboard(None, False, None, translate))
    kept = await relay.pass_on(
        bot, person.pseudonym, message.chat.id, text[:MAX_RELAYED], outcome, update_id, thread
    )
    if kept is not None and not outcome.alert.emergency:
        await message.answer(relayed_notice(translate))


def router() -> Router:
    routes = Router(name="threads")
    routes.message.register(continue_thread, ReplyInThread())
    return routes
