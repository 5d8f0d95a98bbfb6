"""Cross-cutting concerns of every update: who is writing (by pseudonym), in which
language, not too fast, and finishing the updates in hand before a shutdown."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware
from aiogram.utils.i18n import gettext as _

from bot.core.safety import EmergencyDetector
from bot.telegram.people import People, Person

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PersonMiddleware(BaseMiddleware):
    """Puts `person` (pseudonym and language) in the handler data; never the Telegram id."""

    def __init__(self, people: People):
        self.people = people

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None:
            data["person"] = await self.people.person(user.id, user.language_code)
        return await handler(event, data)


class PersonI18nMiddleware(I18nMiddleware):
    """The interface language is the person's chosen (or guessed) language."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        person: Person | None = data.get("person")
        return person.lang if person else self.i18n.default_locale


class FloodMiddleware(BaseMiddleware):
    """At most `limit` messages per `seconds` from one person; a message about danger
    always goes through."""

    def __init__(self, limit: int, seconds: float, safety: EmergencyDetector):
        self.limit = limit
        self.seconds = seconds
        self.safety = safety
        self._recent: dict[str, deque[float]] = defaultdict(deque)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        person: Person | None = data.get("person")
        if person is None or not isinstance(event, Message):
            return await handler(event, data)
        now = time.monotonic()
        recent = self._recent[person.pseudonym]
        while recent and now - recent[0] > self.seconds:
            recent.popleft()
        recent.append(now)
        if len(recent) <= self.limit or self.safety.detect(event.text or "").emergency:
            return await handler(event, data)
        if len(recent) == self.limit + 1:
            await event.answer(_("You are sending many messages. Please wait a minute."))
        return None


class InFlightMiddleware(BaseMiddleware):
    """Counts the updates being handled, so a shutdown can wait for them to finish."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self._count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self._count -= 1
            if self._count == 0:
                self._idle.set()

    async def wait_idle(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return
