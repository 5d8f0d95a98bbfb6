"""/privacy says what is kept and for how long; /forget deletes it, after a confirmation."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.telegram.callbacks import Erase, EraseChoice, ForgetChoice
from bot.telegram.filters import (
    in_private,
)
from bot.telegram.keyboards import erase_keyboard, forget_keyboard
from bot.telegram.memory import ShortMemory
from bot.telegram.people import People, Person
from bot.telegram.relay import Relay
from bot.telegram.trail import ChatTrail, erase_chat


async def privacy(message: Message, relay: Relay) -> None:
    days = relay.settings.retention_days
    await message.answer(
        "\n".join(
            (
                _("🔒 Your privacy"),
                _("I never ask your name."),
                _(
                    "I keep your language and the day of your last message, under a code. "
                    "The code is not your Telegram number."
                ),
                _(
                    "If I cannot answer a question, I keep it for {days} days without phone "
                    "numbers, e-mails or web addresses, so that people from an association can "
                    "improve my answers. Please do not write names."
                ).format(days=days),
                _("To delete everything I keep about you, tap /forget."),
                _(
                    "Copies kept for safety are deleted after {days} days: then /forget "
                    "reaches them too."
                ).format(days=relay.settings.backup_days),
                _(
                    "To delete this conversation from your phone, tap /erase. It works for the "
                    "messages of the last 48 hours, since the bot last started."
                ),
                _("Tip: in Telegram, turn on auto-delete for this chat."),
                _("Tip: hide message previews in your phone's notifications."),
            )
        )
    )


async def erase(message: Message, bot: Bot, trail: ChatTrail) -> None:
    """Delete the messages of this conversation that Telegram still lets the bot delete."""
    await erase_chat(bot, trail, message.chat.id)


async def erase_tapped(query: CallbackQuery) -> None:
    """The 🧹 button under answers asks first: one slip of a finger must not wipe a
    conversation the person still needs (an address, a phone number)."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            _("Erase this conversation from your phone?"), reply_markup=erase_keyboard(_)
        )


async def erase_confirmed(
    query: CallbackQuery, callback_data: EraseChoice, bot: Bot, trail: ChatTrail
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.confirm:
        await erase_chat(bot, trail, query.message.chat.id)
    else:
        await query.message.edit_text(_("OK. Nothing was erased."))


async def forget(message: Message) -> None:
    await message.answer(_("Delete everything I keep about you?"), reply_markup=forget_keyboard(_))


async def forget_confirmed(
    query: CallbackQuery,
    callback_data: ForgetChoice,
    bot: Bot,
    people: People,
    person: Person,
    relay: Relay,
    memory: ShortMemory,
) -> None:
    """Everything of the person's goes: their posts in the moderators' group are
    replaced by a note, their suggestions still waiting for review are taken out, then
    the database forgets them (with the replies on their way). Done again in full if a
    crash interrupts it, as the update comes again."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if not callback_data.confirm:
        await query.message.edit_text(_("OK. Nothing was deleted."))
        return
    await relay.forget(bot, person.pseudonym)
    memory.forget(person.pseudonym)
    if await people.forget(person):
        # Only the language stays, in memory, for the rest of this conversation: the
        # confirmation, /privacy and the menus go on in the person's language.
        memory.note(person.pseudonym, lang=person.lang)
        await query.message.edit_text(_("Done. I deleted everything I kept about you."))
    else:
        await query.message.edit_text(
            _("I could not delete it now. Please try /forget again later.")
        )


def router() -> Router:
    """The privacy handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="privacy")
    routes.message.filter(in_private)
    routes.message.register(privacy, Command("privacy"))
    routes.message.register(forget, Command("forget"))
    routes.message.register(erase, Command("erase"))
    routes.callback_query.register(erase_tapped, Erase.filter())
    routes.callback_query.register(erase_confirmed, EraseChoice.filter())
    routes.callback_query.register(forget_confirmed, ForgetChoice.filter())
    return routes
