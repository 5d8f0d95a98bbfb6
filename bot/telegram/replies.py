"""Sending a rendered reply: split under Telegram's 4096-character limit at paragraph
boundaries, with the keyboard on the last part."""

from __future__ import annotations

from functools import partial

from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n

from bot.core.engine import Engine
from bot.core.render import render_topic
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
    message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    parts = split_message(text)
    for number, part in enumerate(parts, 1):
        await message.answer(
            part,
            reply_markup=keyboard if number == len(parts) else None,
            disable_web_page_preview=True,
        )


async def send_topic(message: Message, engine: Engine, topic: Topic, lang: str, i18n: I18n) -> None:
    """A topic's answer with its buttons, as the menu and deep links show it."""
    translate = partial(i18n.gettext, locale=lang)
    reply = render_topic(engine.kb, topic, lang, translate)
    await send_text(
        message, reply.text, answer_keyboard(topic.id, bool(reply.more), None, translate)
    )
