"""/help: the menu of categories, then topics, so a person who cannot type finds
everything by tapping; and the buttons under answers: topic choices, and what is one tap
away from an answer ("More", "Other contacts", "Show to staff", "Near me")."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.core.engine import Engine
from bot.core.render import category_name, render_topic
from bot.telegram.callbacks import (
    CategoryChoice,
    MenuChoice,
    MoreDetail,
    NearMe,
    OtherContacts,
    StaffCard,
    TopicChoice,
)
from bot.telegram.filters import (
    in_private,
)
from bot.telegram.keyboards import (
    categories_keyboard,
    near_me_keyboard,
    topics_keyboard,
)
from bot.telegram.memory import ShortMemory
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
    query: CallbackQuery,
    callback_data: TopicChoice,
    engine: Engine,
    person: Person,
    i18n: I18n,
    memory: ShortMemory,
) -> None:
    await query.answer()
    if isinstance(query.message, Message) and engine.kb.has_topic(callback_data.topic):
        memory.note(person.pseudonym, topic=callback_data.topic, lang=person.lang)
        await send_topic(
            query.message, engine, engine.kb.topic(callback_data.topic), person.lang, i18n
        )


async def more_tapped(
    query: CallbackQuery, callback_data: MoreDetail, engine: Engine, person: Person
) -> None:
    """The rest of the answer, the details, the glossary and when the contacts were checked."""
    await _one_tap_away(query, engine, person, callback_data.topic, "more")


async def others_tapped(
    query: CallbackQuery, callback_data: OtherContacts, engine: Engine, person: Person
) -> None:
    await _one_tap_away(query, engine, person, callback_data.topic, "others")


async def card_tapped(
    query: CallbackQuery, callback_data: StaffCard, engine: Engine, person: Person
) -> None:
    await _one_tap_away(query, engine, person, callback_data.topic, "card")


async def _one_tap_away(
    query: CallbackQuery, engine: Engine, person: Person, topic_id: str, part: str
) -> None:
    await query.answer()
    if not isinstance(query.message, Message) or not engine.kb.has_topic(topic_id):
        return  # a forged button shows nothing
    reply = render_topic(engine.kb, engine.kb.topic(topic_id), person.lang, _)
    await send_text(
        query.message, getattr(reply, part) or _("There is nothing more on this subject.")
    )


async def near_me_tapped(
    query: CallbackQuery, callback_data: NearMe, person: Person, memory: ShortMemory, engine: Engine
) -> None:
    """A button that shares the location: Telegram asks the person before sending it."""
    await query.answer()
    if isinstance(query.message, Message) and engine.kb.has_topic(callback_data.topic):
        memory.note(person.pseudonym, topic=callback_data.topic)
        await query.message.answer(
            _("Tap the button below to share your location, or write your city."),
            reply_markup=near_me_keyboard(_),
        )


def router() -> Router:
    """The menu handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="menu")
    routes.message.register(show_menu, Command("help"), in_private)
    routes.callback_query.register(menu_tapped, MenuChoice.filter())
    routes.callback_query.register(category_tapped, CategoryChoice.filter())
    routes.callback_query.register(topic_tapped, TopicChoice.filter())
    routes.callback_query.register(more_tapped, MoreDetail.filter())
    routes.callback_query.register(others_tapped, OtherContacts.filter())
    routes.callback_query.register(card_tapped, StaffCard.filter())
    routes.callback_query.register(near_me_tapped, NearMe.filter())
    return routes
