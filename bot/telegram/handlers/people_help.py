"""When the bot is not enough: "💬 Ask a person" passes the last question, scrubbed, to
the moderators through the relay; 👍 / 👎 say whether an answer helped, counted per
topic and language and tied to nobody; a 👎 offers a person."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.core.engine import Engine
from bot.core.render import phone_contacts
from bot.telegram.callbacks import AskPerson, Feedback
from bot.telegram.handlers.questions import MAX_RELAYED, count, relayed_notice
from bot.telegram.keyboards import ask_keyboard
from bot.telegram.memory import ShortMemory
from bot.telegram.people import Person
from bot.telegram.relay import Relay
from bot.telegram.replies import send_text


async def ask_person_tapped(
    query: CallbackQuery,
    bot: Bot,
    engine: Engine,
    person: Person,
    relay: Relay,
    memory: ShortMemory,
    update_id: int,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    message = query.message
    if not relay.enabled:
        no_one = _("No person reads the messages of this bot yet. You can call an association:")
        await send_text(message, f"{no_one}\n\n{phone_contacts(engine.kb, person.lang, _)}")
        return
    recent = memory.recall(person.pseudonym)
    if recent is None or not recent.question:
        await message.answer(_("Write your question in a few words. Then tap 💬 Ask a person."))
        return
    if not recent.relayed:
        outcome = await asyncio.to_thread(engine.handle, recent.question, person.lang)
        number = await relay.pass_on(
            bot,
            person.pseudonym,
            message.chat.id,
            recent.question[:MAX_RELAYED],
            outcome,
            update_id,
        )
        if number is None:
            await message.answer(
                _("I could not pass on your question now. Please try again later.")
            )
            return
        memory.note(person.pseudonym, relayed=True)
    await send_text(message, relayed_notice(_))


async def feedback_tapped(
    query: CallbackQuery, callback_data: Feedback, engine: Engine, person: Person, relay: Relay
) -> None:
    if not engine.kb.has_topic(callback_data.topic):
        await query.answer()
        return
    event = "helpful" if callback_data.helpful else "unhelpful"
    count(relay, event, callback_data.topic, person.lang)
    await query.answer(_("Thank you."))
    if not callback_data.helpful and isinstance(query.message, Message):
        await query.message.answer(
            _("Sorry this did not help. A person from an association can answer you."),
            reply_markup=ask_keyboard(_),
        )


def router() -> Router:
    """The handlers of "Ask a person" and 👍 / 👎 on a new router."""
    routes = Router(name="people_help")
    routes.callback_query.register(ask_person_tapped, AskPerson.filter())
    routes.callback_query.register(feedback_tapped, Feedback.filter())
    return routes
