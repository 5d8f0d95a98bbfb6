"""/privacy says what is kept and for how long; /forget deletes it, after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.telegram.callbacks import ForgetChoice
from bot.telegram.keyboards import forget_keyboard
from bot.telegram.people import People, Person


async def privacy(message: Message) -> None:
    await message.answer(
        "\n".join(
            (
                _("🔒 Your privacy"),
                _("I never ask your name."),
                _("I keep only your language, under a code. The code is not your Telegram number."),
                _("I do not keep your messages."),
                _("To delete everything I keep about you, tap /forget."),
                _("Tip: in Telegram, turn on auto-delete for this chat."),
                _("Tip: hide message previews in your phone's notifications."),
            )
        )
    )


async def forget(message: Message) -> None:
    await message.answer(_("Delete everything I keep about you?"), reply_markup=forget_keyboard(_))


async def forget_confirmed(
    query: CallbackQuery, callback_data: ForgetChoice, people: People, person: Person
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.confirm:
        await people.forget(person)
        await query.message.edit_text(_("Done. I deleted everything I kept about you."))
    else:
        await query.message.edit_text(_("OK. Nothing was deleted."))


def router() -> Router:
    """The privacy handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="privacy")
    routes.message.filter(F.chat.type == "private")
    routes.message.register(privacy, Command("privacy"))
    routes.message.register(forget, Command("forget"))
    routes.callback_query.register(forget_confirmed, ForgetChoice.filter())
    return routes
