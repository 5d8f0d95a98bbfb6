"""Message filters as coroutines: aiogram runs a plain (non-async) filter, magic filters
included, in a worker thread, which costs more than the check itself on every message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

if TYPE_CHECKING:
    from bot.telegram.relay import Relay


async def in_private(message: Message) -> bool:
    return message.chat.type == "private"


async def in_group(message: Message) -> bool:
    return message.chat.type in {"group", "supergroup"}


async def plain_text(message: Message) -> bool:
    """A text that is not a command."""
    return (
        message.chat.type == "private"
        and bool(message.text)
        and not (message.text or "").startswith("/")
    )


async def unknown_command(message: Message) -> bool:
    return message.chat.type == "private" and (message.text or "").startswith("/")


async def not_a_command(message: Message) -> bool:
    return not (message.text or "").startswith("/")


async def command_or_reply(message: Message) -> bool:
    """A command, or a reply to a message: the only messages moderators send the bot."""
    return (message.text or "").startswith("/") or message.reply_to_message is not None


async def shared_location(message: Message) -> bool:
    return message.chat.type == "private" and message.location is not None


class ReplyInChat(Filter):
    """A reply to a message in one given chat (the moderators' group)."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id

    async def __call__(self, message: Message) -> bool:
        return message.chat.id == self.chat_id and message.reply_to_message is not None


class ModeratorsPlace(Filter):
    """A private chat, or the moderators' group: where moderators' commands are read."""

    def __init__(self, chat_id: int | None) -> None:
        self.chat_id = chat_id

    async def __call__(self, message: Message) -> bool:
        return message.chat.type == "private" or message.chat.id == self.chat_id


class IsModerator(Filter):
    """Sent or tapped by a moderator (MODERATOR_IDS): the one check of the moderators'
    router. The relay, which knows them, comes from the dispatcher's data."""

    async def __call__(self, event: Message | CallbackQuery, relay: Relay) -> bool:
        return event.from_user is not None and relay.is_moderator(event.from_user.id)
