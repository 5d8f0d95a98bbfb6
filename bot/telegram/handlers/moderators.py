"""Moderators: a reply to a question post goes back to the person; buttons send a topic's
answer or a ready reply in the person's language, or dismiss the question; /queue,
/stats, /report and /reload. Only ids in MODERATOR_IDS can do any of this; others are
ignored."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.core.engine import Engine
from bot.core.hours import today_in_france
from bot.core.i18n import translator
from bot.core.render import category_name, topic_title
from bot.core.titles import find_topics
from bot.knowledge.model import KnowledgeBase, Organisation
from bot.store.chart import observatory_png
from bot.store.database import Handling, Question
from bot.store.observatory import month_before, observatory
from bot.store.reports import pending, queue_text, stats, stats_text
from bot.telegram.callbacks import Moderation
from bot.telegram.filters import (
    IsModerator,
    ModeratorsPlace,
    ReplyInChat,
    command_or_reply,
    in_private,
    not_a_command,
)
from bot.telegram.live import LiveKnowledge
from bot.telegram.relay import MODERATORS_LANGUAGE, Relay

MODERATOR_COMMANDS = ("queue", "stats", "report", "reload")
MOST_ORGANISATIONS = 40  # buttons in the list of organisations for a ready reply


async def relay_reply(message: Message, bot: Bot, relay: Relay, i18n: I18n, update_id: int) -> None:
    """A moderator's Telegram reply to a question post goes to the person who asked. The
    question is closed before the reply leaves, in the same transaction that records the
    reply as owed: a crash in between is finished when Telegram delivers the update
    again, or at the next start."""
    if message.from_user is None or message.reply_to_message is None or not message.text:
        return
    delivery = await asyncio.to_thread(relay.store.delivery, update_id)
    if delivery is None:
        question = await asyncio.to_thread(relay.question_replied_to, message.reply_to_message)
        if question is None:
            return
        if question.chat_id is None:
            await message.reply(
                _("This person can no longer be reached (answered, deleted or too old).")
            )
            return
        handling = Handling(relay.moderator_code(message.from_user.id), "replied")
        delivery = await asyncio.to_thread(
            relay.start, update_id, question, handling, message.message_id
        )
    await relay.deliver(bot, delivery, message.text, i18n)
    await message.reply(_("Sent."))


async def search_topics(
    message: Message, command: CommandObject, relay: Relay, engine: Engine
) -> None:
    """`/topic words` in reply to a question's post: the topics whose titles hold the
    words, as buttons that send one to the person (bot.core.titles)."""
    assert message.reply_to_message is not None  # ReplyInChat
    question = await asyncio.to_thread(relay.question_replied_to, message.reply_to_message)
    if question is None:
        return
    found = find_topics(engine.kb, command.args or "")
    if not found:
        await message.reply(_("No topic has these words in its title: try others, or 🔎."))
        return
    rows = [
        [
            InlineKeyboardButton(
                text=f"📨 {topic_title(topic, MODERATORS_LANGUAGE)}",
                callback_data=Moderation(
                    action="assign", question=question.id, topic=topic.id
                ).pack(),
            )
        ]
        for topic in found
    ]
    await message.reply(
        _("Topics for #{number}:").format(number=question.id),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
    )


async def moderation_tapped(
    query: CallbackQuery,
    callback_data: Moderation,
    bot: Bot,
    relay: Relay,
    engine: Engine,
    i18n: I18n,
    update_id: int,
) -> None:
    question = await asyncio.to_thread(relay.store.question, callback_data.question)
    if question is None or not isinstance(query.message, Message):
        await query.answer()
        return
    if question.status != "new":  # handled already (perhaps by another moderator)
        await query.answer(_("Already handled."))
        await relay.show_handled(bot, question)
        return
    await query.answer()
    kb, action = engine.kb, callback_data.action
    if action in {"search", "category", "orgs"}:
        await query.message.edit_reply_markup(reply_markup=_browse(kb, question, callback_data))
        return
    moderator = relay.moderator_code(query.from_user.id)
    if action == "assign" and kb.has_topic(callback_data.topic):
        await relay.send_topic(bot, i18n, question, callback_data.topic, moderator, update_id)
    elif action == "ready" and kb.reply(callback_data.topic) is not None:
        if question.chat_id is None:
            await query.message.reply(
                _("This person can no longer be reached (answered, deleted or too old).")
            )
            return
        await relay.send_ready(
            bot, i18n, question, callback_data.topic, callback_data.org, moderator, update_id
        )
    elif action == "dismiss":
        await relay.dismiss(bot, question, moderator)


def _browse(kb: KnowledgeBase, question: Question, tapped: Moderation) -> InlineKeyboardMarkup:
    """The next list after a tap: categories, the topics of one (by title), or the
    organisations a ready reply can name; each with a way back to the question."""
    number = question.id
    if tapped.action == "search":
        items = [
            (category_name(c, translator(MODERATORS_LANGUAGE)), "category", c, "")
            for c in dict.fromkeys(t.category for t in kb.topics)
        ]
    elif tapped.action == "category":
        items = [
            (f"📨 {topic_title(t, MODERATORS_LANGUAGE)}", "assign", t.id, "")
            for t in kb.topics
            if t.category == tapped.topic
        ]
    else:
        items = [
            (org.name[:60], "ready", tapped.topic, org.id)
            for org in _organisations_for(kb, question)
        ]
    rows = [
        [
            InlineKeyboardButton(
                text=text,
                callback_data=Moderation(
                    action=action, question=number, topic=topic, org=org
                ).pack(),
            )
        ]
        for text, action, topic, org in items
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _organisations_for(kb: KnowledgeBase, question: Question) -> list[Organisation]:
    """The organisations a ready reply may name: those of the candidate topics first
    (their referrals, then the ones that serve them), then the others."""
    topics = [c["topic"] for c in question.candidates if kb.has_topic(c["topic"])]
    first = [org for t in topics for org in kb.topic(t).referrals]
    first += [o.id for o in kb.organisations.values() if any(o.serves_topic(t) for t in topics)]
    ids = list(dict.fromkeys([*first, *kb.organisations]))
    return [kb.organisations[i] for i in ids if i in kb.organisations][:MOST_ORGANISATIONS]


async def show_queue(message: Message, relay: Relay) -> None:
    await message.answer(queue_text(await asyncio.to_thread(pending, relay.store)))


async def show_stats(message: Message, relay: Relay, engine: Engine) -> None:
    figures = await asyncio.to_thread(stats, relay.store, today_in_france())
    await message.answer(stats_text(figures, engine.kb))


async def send_report(
    message: Message, command: CommandObject, relay: Relay, engine: Engine
) -> None:
    """/report month: the observatory of the last 30 days, as Markdown and a chart."""
    first, last = month_before(today_in_france())
    figures = await asyncio.to_thread(observatory, relay.store, engine.kb, first, last)
    await message.answer(figures.markdown()[:4000])
    png = await asyncio.to_thread(observatory_png, figures)
    await message.answer_document(BufferedInputFile(png, filename=f"relais-{first}-{last}.png"))


async def reload_knowledge(message: Message, relay: Relay, live: LiveKnowledge) -> None:
    """Acknowledged at once, even while a rebuild runs; a second message once the new
    knowledge base is in use (or its errors, the old one still serving)."""
    await message.answer(_("Reloading the knowledge base…"))

    async def report(errors: str | None) -> None:
        await message.answer(errors or _("The new knowledge base is in use."))

    live.reload_later(report)


async def refuse_command(message: Message) -> None:
    await message.answer(_("This command is for moderators."))


async def ignore_tap(query: CallbackQuery) -> None:
    await query.answer()


def router(moderator_chat_id: int | None) -> Router:
    """The moderator handlers on a new router (a router joins one dispatcher only). Every
    handler but the refusals needs IsModerator; a person's reply in the group is ignored."""
    routes = Router(name="moderators")
    routes.message.filter(command_or_reply)  # one cheap look before the command parsers
    moderator = IsModerator()
    if moderator_chat_id is not None:
        replies = ReplyInChat(moderator_chat_id)
        routes.message.register(search_topics, Command("topic"), replies, moderator)
        # A command sent as a reply ("/stats") is a command, never words for the person.
        routes.message.register(relay_reply, replies, moderator, not_a_command)
    place = ModeratorsPlace(moderator_chat_id)
    routes.callback_query.register(moderation_tapped, Moderation.filter(), moderator)
    routes.callback_query.register(ignore_tap, Moderation.filter())
    routes.message.register(show_queue, Command("queue"), in_private, moderator)
    routes.message.register(show_stats, Command("stats"), place, moderator)
    routes.message.register(send_report, Command("report"), place, moderator)
    routes.message.register(reload_knowledge, Command("reload"), place, moderator)
    routes.message.register(refuse_command, Command(*MODERATOR_COMMANDS), place)
    return routes
