"""Sending a rendered reply: the emergency block, the SMS to copy (its own message, in a
monospace block that a phone copies in one tap), then the answer with its buttons; each
split under Telegram's 4096-character limit at paragraph boundaries."""

from __future__ import annotations

from functools import partial

from aiogram.types import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup
from aiogram.utils.formatting import Pre, Text
from aiogram.utils.i18n import I18n

from bot.core.engine import Engine
from bot.core.i18n import Gettext
from bot.core.render import Reply, render_topic
from bot.knowledge.model import Topic
from bot.telegram.keyboards import answer_keyboard

LIMIT = 4096


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    """Parts of at most `limit` characters, cut between paragraphs, else between lines,
    else anywhere."""
    parts: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        joined = f"{current}\n\n{piece}" if current else piece
        if len(joined) <= limit:
            current = joined
        else:
            parts.append(current)
            current = piece
    if current:
        parts.append(current)
    return parts or [""]


def _pieces(text: str, limit: int) -> list[str]:
    pieces = []
    for paragraph in text.split("\n\n"):
        if len(paragraph) <= limit:
            pieces.append(paragraph)
            continue
        line_block = ""
        for line in paragraph.split("\n"):
            while len(line) > limit:
                pieces.append(line[:limit])
                line = line[limit:]
            if len(line_block) + len(line) + 1 > limit:
                pieces.append(line_block)
                line_block = line
            else:
                line_block = f"{line_block}\n{line}" if line_block else line
        if line_block:
            pieces.append(line_block)
    return [p for p in pieces if p.strip()]


async def send_text(
    message: Message,
    text: str,
    keyboard: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None,
) -> None:
    parts = split_message(text)
    for number, part in enumerate(parts, 1):
        await message.answer(
            part,
            reply_markup=keyboard if number == len(parts) else None,
            disable_web_page_preview=True,
        )


async def send_reply(message: Message, reply: Reply, keyboard: InlineKeyboardMarkup) -> None:
    """The parts of a reply as separate messages, the keyboard under the answer."""
    if reply.emergency:
        await send_text(message, reply.emergency, None if reply.body or reply.sms else keyboard)
    if reply.sms:
        sms = Text(reply.sms_intro, "\n\n", Pre(reply.sms)) if reply.sms_intro else Pre(reply.sms)
        await message.answer(**sms.as_kwargs(), reply_markup=None if reply.body else keyboard)
    if reply.body:
        await send_text(message, reply.body, keyboard)


def reply_keyboard(reply: Reply, switch_to: str | None, translate: Gettext) -> InlineKeyboardMarkup:
    """The buttons under an answer: only those that lead somewhere."""
    return answer_keyboard(
        reply.topic,
        bool(reply.more),
        switch_to,
        translate,
        has_others=bool(reply.others),
        has_card=bool(reply.card),
    )


async def send_topic(message: Message, engine: Engine, topic: Topic, lang: str, i18n: I18n) -> None:
    """A topic's answer with its buttons, as the menu and deep links show it."""
    translate = partial(i18n.gettext, locale=lang)
    reply = render_topic(engine.kb, topic, lang, translate)
    await send_reply(message, reply, reply_keyboard(reply, None, translate))
