"""Everything that is not a text question gets a short, clear reply in the person's
language: stickers, photos, voice, files, edited messages, unknown commands. In groups,
the bot stays silent unless it is addressed, and then asks for a private chat."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.core.engine import Engine
from bot.core.render import contact_line, phone_contacts
from bot.telegram.filters import (
    in_group,
    in_private,
    shared_location,
    unknown_command,
)
from bot.telegram.handlers.questions import near_text
from bot.telegram.keyboards import answer_keyboard
from bot.telegram.memory import ShortMemory
from bot.telegram.people import Person
from bot.telegram.replies import send_text

NEAREST_SHOWN = 3


async def edited(message: Message) -> None:
    await message.answer(_("I only read new messages. Please send your question again."))


async def location(message: Message, engine: Engine, person: Person, memory: ShortMemory) -> None:
    """A shared location: after an answer, that topic's nearest places, with phone and
    opening; else the associations nearest to it, else the national ones. The point is
    kept in memory only, for a follow-up."""
    if message.location is None:
        return
    point = (message.location.latitude, message.location.longitude)
    recent = memory.note(person.pseudonym, location=point)
    if recent.topic is not None and engine.kb.has_topic(recent.topic):
        keyboard = answer_keyboard(recent.topic, False, None, _)
        await send_text(message, near_text(engine, recent, person.lang, _), keyboard)
        return
    nearby = engine.nearest(point)[:NEAREST_SHOWN]
    if nearby:
        lines = [contact_line(org, person.lang, _, km) for org, km in nearby]
        await send_text(message, _("Associations near you:") + "\n" + "\n".join(lines))
        return
    national = phone_contacts(engine.kb, person.lang, _)
    await send_text(
        message, _("I know no association near this place. You can contact:") + "\n\n" + national
    )


async def unknown(message: Message) -> None:
    await message.answer(_("I do not know this command. Tap /help for the menu."))


async def not_text(message: Message) -> None:
    await message.answer(
        _("I can only read text. Write your question in a few words, or tap /help for the menu.")
    )


async def group_message(message: Message, bot: Bot) -> None:
    me = await bot.me()
    addressed = (
        message.reply_to_message is not None
        and message.reply_to_message.from_user is not None
        and message.reply_to_message.from_user.id == me.id
    ) or (f"@{me.username}".lower() in (message.text or message.caption or "").lower())
    if addressed:
        await message.reply(
            _("For your safety, write to me in a private chat: t.me/{name}").format(
                name=me.username
            )
        )


def router() -> Router:
    """The other handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="other")
    routes.edited_message.register(edited, in_private)
    routes.message.register(location, shared_location)
    routes.message.register(unknown, unknown_command)
    routes.message.register(not_text, in_private)
    routes.message.register(group_message, in_group)
    return routes
