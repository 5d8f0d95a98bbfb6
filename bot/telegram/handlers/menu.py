"""/help: the menu of categories, then topics, so a person who cannot type finds
everything by tapping; and the buttons under answers ("More", topic choices)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.core.engine import Engine
from bot.core.render import category_name
from bot.telegram.callbacks import CategoryChoice, MenuChoice, MoreDetail, TopicChoice
from bot.telegram.filters import (
    in_private,
)
from bot.telegram.keyboards import (
    categories_keyboard,
    topics_keyboard,
)
from bot.telegram.people import Person
from bot.telegram.replies import send_text, send_topic


async def show_menu(message: Message, engine: Engine) -> None:
    await message.answer(_("Choose a subject:"), reply_markup=categories_keyboard(engine.kb, _))


async def menu_tapped(query: CallbackQuery, engine: Engine) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            _("Choose a subject:"), reply_markup=categories_keyboard(engine.kb, _)
        )


async def category_tapped(
    query: CallbackQuery, callback_data: CategoryChoice, engine: Engine, person: Person
) -> None:
    await query.answer()
    known = any(topic.category == callback_data.category for topic in engine.kb.topics)
    if known and isinstance(query.message, Message):  # a forged button shows nothing
        await query.message.edit_text(
            category_name(callback_data.category, _),
            reply_markup=topics_keyboard(engine.kb, callback_data.category, person.lang, _),
        )


async def topic_tapped(
    query: CallbackQuery, callback_data: TopicChoice, engine: Engine, person: Person, i18n: I18n
) -> None:
    await query.answer()
    if isinstance(query.message, Message) and engine.kb.has_topic(callback_data.topic):
        await send_topic(
            query.message, engine, engine.kb.topic(callback_data.topic), person.lang, i18n
        )


async def more_tapped(
    query: CallbackQuery, callback_data: MoreDetail, engine: Engine, person: Person
) -> None:
    await query.answer()
    if isinstance(query.message, Message) and engine.kb.has_topic(callback_data.topic):
        more = engine.kb.topic(callback_data.topic).text(person.lang).more
        await send_text(query.message, more or _("There is nothing more on this subject."))


def router() -> Router:
    """The menu handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="menu")
    routes.message.register(show_menu, Command("help"), in_private)
    routes.callback_query.register(menu_tapped, MenuChoice.filter())
    routes.callback_query.register(category_tapped, CategoryChoice.filter())
    routes.callback_query.register(topic_tapped, TopicChoice.filter())
    routes.callback_query.register(more_tapped, MoreDetail.filter())
    return routes
