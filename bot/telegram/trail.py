"""Quick erase: the message ids of each private chat, held in memory only, so that the
bot can delete a conversation from the person's phone. Never written to disk; lost on
restart; Telegram lets a bot delete messages for about 48 hours."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import Message, TelegramObject

DELETABLE_FOR = 47 * 3600  # a little under Telegram's 48 hours
BATCH = 100  # deleteMessages takes at most 100 ids


class ChatTrail:
    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._messages: dict[int, deque[tuple[float, int]]] = defaultdict(deque)

    def add(self, chat_id: int, message_id: int) -> None:
        now = self._clock()
        trail = self._messages[chat_id]
        trail.append((now, message_id))
        while trail and now - trail[0][0] > DELETABLE_FOR:
            trail.popleft()

    def take(self, chat_id: int) -> list[int]:
        """The ids still deletable in `chat_id`, forgotten once taken."""
        now = self._clock()
        trail = self._messages.pop(chat_id, deque())
        return [message_id for at, message_id in trail if now - at <= DELETABLE_FOR]


class TrailIncoming(BaseMiddleware):
    """Notes the id of each message a person sends in a private chat."""

    def __init__(self, trail: ChatTrail):
        self.trail = trail

    async def __call__(self, handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Message) and event.chat.type == "private":
            self.trail.add(event.chat.id, event.message_id)
        return await handler(event, data)


class TrailOutgoing(BaseRequestMiddleware):
    """Notes the id of each message the bot sends in a private chat."""

    def __init__(self, trail: ChatTrail):
        self.trail = trail

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Response[Any]:
        sent = await make_request(bot, method)
        if isinstance(sent, Message) and sent.chat.type == "private":
            self.trail.add(sent.chat.id, sent.message_id)
        return sent


async def erase_chat(bot: Bot, trail: ChatTrail, chat_id: int) -> None:
    ids = trail.take(chat_id)
    for start in range(0, len(ids), BATCH):
        await bot.delete_messages(chat_id, ids[start : start + BATCH])
