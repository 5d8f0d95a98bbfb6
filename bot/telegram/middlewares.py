"""Cross-cutting concerns of every update: who is writing (by pseudonym), in which
language, not too fast, and finishing the updates in hand before a shutdown."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware
from aiogram.utils.i18n import gettext as _

from bot.core.safety import EmergencyDetector
from bot.telegram.memory import ShortMemory
from bot.telegram.people import People, Person

PRUNE_ABOVE = 10_000  # people in the flood table before the quiet ones are forgotten

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PersonMiddleware(BaseMiddleware):
    """Puts `person` (pseudonym and language) in the handler data; never the Telegram id."""

    def __init__(self, people: People, memory: ShortMemory | None = None):
        self.people = people
        self.memory = memory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None:
            person = await self.people.person(user.id, user.language_code)
            data["person"] = self._language_of_this_conversation(person)
        return await handler(event, data)

    def _language_of_this_conversation(self, person: Person) -> Person:
        """A person who chose no language (or asked to be forgotten) is answered in the
        language of their last replies while the short memory holds it."""
        if person.chosen or self.memory is None:
            return person
        recent = self.memory.recall(person.pseudonym)
        if recent is None or recent.lang is None:
            return person
        return replace(person, lang=recent.lang)


class PersonI18nMiddleware(I18nMiddleware):
    """The interface language is the person's chosen (or guessed) language."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        person: Person | None = data.get("person")
        return person.lang if person else self.i18n.default_locale


class FloodMiddleware(BaseMiddleware):
    """At most `limit` updates (messages, edits, button taps) per `seconds` from one
    person. Over the limit, a message about danger still gets its answer, which leads
    with the emergency numbers, once every `emergency_every` seconds: one person repeating
    an emergency word cannot spend the bot's sending quota. Moderators in their group are
    never limited."""

    def __init__(
        self,
        limit: int,
        seconds: float,
        safety: EmergencyDetector,
        moderators: frozenset[int] = frozenset(),
        moderator_chat_id: int | None = None,
        emergency_every: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limit = limit
        self.seconds = seconds
        self.safety = safety
        self.moderators = moderators
        self.moderator_chat_id = moderator_chat_id
        self.emergency_every = emergency_every
        self._clock = clock
        self._recent: dict[str, deque[float]] = {}
        self._last_emergency: dict[str, float] = {}
        self._prune_above = PRUNE_ABOVE

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        person: Person | None = data.get("person")
        if person is None or self._moderator_in_group(event):
            return await handler(event, data)
        now = self._clock()
        count = self._count(person.pseudonym, now)
        if count <= self.limit:
            return await handler(event, data)
        # The detector of the knowledge base in use (CurrentEngine puts it in `data`): a
        # trigger added and reloaded protects people at once, over the limit too.
        engine = data.get("engine")
        safety = engine.safety if engine is not None else self.safety
        if self._emergency_allowed(person.pseudonym, event, now, safety):
            return await handler(event, data)
        if count == self.limit + 1 and isinstance(event, Message | CallbackQuery):
            await event.answer(_("You are sending many messages. Please wait a minute."))
        return None

    def _count(self, pseudonym: str, now: float) -> int:
        """Note one more update of `pseudonym`; how many it sent in the window."""
        if len(self._recent) > self._prune_above:
            self._prune(now)
            self._prune_above = max(PRUNE_ABOVE, 2 * len(self._recent))
        recent = self._recent.setdefault(pseudonym, deque())
        while recent and now - recent[0] > self.seconds:
            recent.popleft()
        recent.append(now)
        return len(recent)

    def _emergency_allowed(
        self, pseudonym: str, event: TelegramObject, now: float, safety: EmergencyDetector
    ) -> bool:
        if not isinstance(event, Message) or not safety.detect(event.text or "").emergency:
            return False
        last = self._last_emergency.get(pseudonym)
        if last is not None and now - last < self.emergency_every:
            return False
        self._last_emergency[pseudonym] = now
        return True

    def _moderator_in_group(self, event: TelegramObject) -> bool:
        if self.moderator_chat_id is None:
            return False
        user = getattr(event, "from_user", None)
        message = event.message if isinstance(event, CallbackQuery) else event
        chat = getattr(message, "chat", None)
        return (
            user is not None
            and user.id in self.moderators
            and chat is not None
            and chat.id == self.moderator_chat_id
        )

    def _prune(self, now: float) -> None:
        """Forget the people quiet for a whole window: memory stays bounded by the
        people active in the last `seconds`, not by everyone ever seen."""
        horizon = max(self.seconds, self.emergency_every)
        self._recent = {k: v for k, v in self._recent.items() if v and now - v[-1] <= horizon}
        self._last_emergency = {
            k: t for k, t in self._last_emergency.items() if now - t <= self.emergency_every
        }


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
