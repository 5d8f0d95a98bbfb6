"""Moderators: replies to question posts go back to the person; buttons assign a
question to a topic (a suggested example question) or dismiss it; /queue, /stats and
/reload in private. Only ids in MODERATOR_IDS can do any of this; others are ignored."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.core.engine import Engine
from bot.core.hours import today_in_france
from bot.knowledge.suggestions import add_suggestion
from bot.store.database import Delivery
from bot.store.health import StorageError
from bot.store.reports import pending, queue_text, stats, stats_text
from bot.telegram.callbacks import Moderation
from bot.telegram.filters import (
    ReplyInChat,
    command_or_reply,
    in_private,
)
from bot.telegram.relay import Relay

EngineLoader = Callable[[], str | None]


async def relay_reply(message: Message, bot: Bot, relay: Relay, i18n: I18n, update_id: int) -> None:
    """A moderator's Telegram reply to a question post goes to the person who asked. The
    question is closed before the reply leaves, in the same transaction that records the
    reply as owed: a crash in between is finished when Telegram delivers the update
    again, or at the next start."""
    if message.from_user is None or not relay.is_moderator(message.from_user.id):
        return
    if message.reply_to_message is None or not message.text:
        return
    store = relay.store
    delivery = await asyncio.to_thread(store.delivery, update_id)
    if delivery is None:
        question = await asyncio.to_thread(relay.question_replied_to, message.reply_to_message)
        if question is None:
            return
        if question.chat_id is None:
            await message.reply(
                _("This person can no longer be reached (answered, deleted or too old).")
            )
            return
        try:
            delivery = await asyncio.to_thread(
                store.start_delivery, update_id, question, message.message_id
            )
            await asyncio.to_thread(
                store.audit, relay.moderator_code(message.from_user.id), "reply", question.id
            )
        except StorageError as error:  # the person still gets the reply
            relay.health.failed(error)
            delivery = Delivery(
                update_id, question.id, question.chat_id, question.lang, message.message_id
            )
    await relay.deliver(bot, delivery, message.text, i18n)
    await message.reply(_("Sent."))


async def moderation_tapped(
    query: CallbackQuery, callback_data: Moderation, relay: Relay, engine: Engine
) -> None:
    if not relay.is_moderator(query.from_user.id):
        await query.answer()
        return
    await query.answer()
    store, number = relay.store, callback_data.question
    question = await asyncio.to_thread(store.question, number)
    if question is None or not isinstance(query.message, Message):
        return
    if callback_data.action == "search":
        await query.message.edit_reply_markup(reply_markup=_categories(engine, number))
        return
    if callback_data.action == "category":
        await query.message.edit_reply_markup(
            reply_markup=_topics(engine, number, callback_data.topic)
        )
        return
    moderator = relay.moderator_code(query.from_user.id)
    if callback_data.action == "assign" and engine.kb.has_topic(callback_data.topic):
        await asyncio.to_thread(
            add_suggestion,
            relay.settings.knowledge_dir,
            callback_data.topic,
            question.lang,
            question.text,
            today_in_france(),
        )
        await asyncio.to_thread(store.close_question, number, "assigned", callback_data.topic)
        outcome = f"✅ → {callback_data.topic}"
    elif callback_data.action == "dismiss":
        await asyncio.to_thread(store.close_question, number, "dismissed")
        outcome = "🗑️"
    else:
        return
    await asyncio.to_thread(store.audit, moderator, callback_data.action, number)
    await query.message.edit_text(f"{query.message.text or ''}\n\n{outcome}", reply_markup=None)


async def show_queue(message: Message, relay: Relay) -> None:
    if message.from_user is None or not relay.is_moderator(message.from_user.id):
        await message.answer(_("This command is for moderators."))
        return
    await message.answer(queue_text(await asyncio.to_thread(pending, relay.store)))


async def show_stats(message: Message, relay: Relay) -> None:
    if message.from_user is None or not relay.is_moderator(message.from_user.id):
        await message.answer(_("This command is for moderators."))
        return
    figures = await asyncio.to_thread(stats, relay.store, today_in_france())
    await message.answer(stats_text(figures))


async def reload_knowledge(message: Message, relay: Relay, reload: EngineLoader) -> None:
    if message.from_user is None or not relay.is_moderator(message.from_user.id):
        await message.answer(_("This command is for moderators."))
        return
    errors = await asyncio.to_thread(reload)
    await message.answer(errors or _("The knowledge base was reloaded."))


def _categories(engine: Engine, number: int) -> InlineKeyboardMarkup:
    categories = dict.fromkeys(t.category for t in engine.kb.topics)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=category,
                    callback_data=Moderation(
                        action="category", question=number, topic=category
                    ).pack(),
                )
            ]
            for category in categories
        ]
    )


def _topics(engine: Engine, number: int, category: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=topic.id,
                    callback_data=Moderation(
                        action="assign", question=number, topic=topic.id
                    ).pack(),
                )
            ]
            for topic in engine.kb.topics
            if topic.category == category
        ]
    )


def router(moderator_chat_id: int | None) -> Router:
    """The moderator handlers on a new router (a router joins one dispatcher only)."""
    routes = Router(name="moderators")
    routes.message.filter(command_or_reply)  # one cheap look before three command parsers
    if moderator_chat_id is not None:
        routes.message.register(relay_reply, ReplyInChat(moderator_chat_id))
    routes.callback_query.register(moderation_tapped, Moderation.filter())
    routes.message.register(show_queue, Command("queue"), in_private)
    routes.message.register(show_stats, Command("stats"), in_private)
    routes.message.register(reload_knowledge, Command("reload"), in_private)
    return routes
