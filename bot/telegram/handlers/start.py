"""/start, /lang and the language buttons; deep links t.me/<bot>?start=<topic> open a topic."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.core.engine import Engine
from bot.knowledge.model import LANGUAGES
from bot.telegram.callbacks import LanguageChoice, LanguageMenu
from bot.telegram.filters import (
    in_private,
)
from bot.telegram.keyboards import languages_keyboard
from bot.telegram.memory import ShortMemory
from bot.telegram.people import People, Person
from bot.telegram.replies import send_topic


def parse_start_payload(payload: str | None) -> tuple[str | None, str | None]:
    """A deep link's (language, topic id): "health-pep" or "ro_health-pep"."""
    if not payload:
        return None, None
    prefix, separator, rest = payload.partition("_")
    if separator and prefix in LANGUAGES:
        return prefix, rest.replace("-", ".")
    return None, payload.replace("-", ".")


async def start(
    message: Message,
    command: CommandObject,
    engine: Engine,
    people: People,
    person: Person,
    i18n: I18n,
    memory: ShortMemory,
) -> None:
    lang, topic_id = parse_start_payload(command.args)
    if lang:
        person, saved = await people.choose_language(person, lang)
        if not saved:
            await message.answer(not_saved(i18n, person.lang))
    if topic_id and engine.kb.has_topic(topic_id):
        # From a flyer or a link: one line says what this is, with a way to change language.
        await message.answer(
            i18n.gettext(
                "Relais gives free and anonymous information on your rights, health and "
                "safety in France.",
                locale=person.lang,
            ),
            reply_markup=language_button(i18n, person.lang),
        )
        memory.note(person.pseudonym, topic=topic_id, lang=person.lang)
        await send_topic(message, engine, engine.kb.topic(topic_id), person.lang, i18n)
        return
    welcome = i18n.gettext(
        "Hello. I give simple information about your rights, health, shelter and safety in "
        "France.\nIt is free and anonymous. I never ask your name.\nWrite your question in a "
        "few words, or tap /help.\nIn danger now? Call 17 or 112.",
        locale=person.lang,
    )
    await message.answer(welcome)
    await message.answer(
        i18n.gettext("Choose your language:", locale=person.lang), reply_markup=languages_keyboard()
    )


async def choose_language(message: Message) -> None:
    await message.answer(_("Choose your language:"), reply_markup=languages_keyboard())


async def language_menu_tapped(query: CallbackQuery) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await choose_language(query.message)


def language_button(i18n: I18n, lang: str) -> InlineKeyboardMarkup:
    text = "🌐 " + i18n.gettext("Language", locale=lang)
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=LanguageMenu().pack())]]
    )


async def language_chosen(
    query: CallbackQuery, callback_data: LanguageChoice, people: People, person: Person, i18n: I18n
) -> None:
    person, saved = await people.choose_language(person, callback_data.code)
    await query.answer()
    if isinstance(query.message, Message):
        confirmation = i18n.gettext(
            "OK. I will answer in {language}. Write your question, or tap /help.",
            locale=person.lang,
        ).format(language=_own_name(person.lang))
        if not saved:
            confirmation += "\n" + not_saved(i18n, person.lang)
        await query.message.answer(confirmation)


def not_saved(i18n: I18n, lang: str) -> str:
    """Said when the database could not keep a choice: honest, in the chosen language."""
    return i18n.gettext("I could not save this choice. I may forget it later.", locale=lang)


def _own_name(lang: str) -> str:
    from bot.core.i18n import language_name

    return language_name(lang)


def router() -> Router:
    """The start handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="start")
    routes.message.filter(in_private)
    routes.message.register(start, CommandStart())
    routes.message.register(choose_language, Command("lang"))
    routes.callback_query.register(language_chosen, LanguageChoice.filter(F.code.in_(LANGUAGES)))
    routes.callback_query.register(language_menu_tapped, LanguageMenu.filter())
    return routes
