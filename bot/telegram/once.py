"""Each update has its effects once, however often Telegram delivers it.

Updates are confirmed to Telegram only once handled (see `polling`), so after a crash
Telegram delivers again those the bot was working on, and some it had finished. The ids
of the updates handled are kept two days (no text): one that comes again is skipped.
Effects that take several steps (a question kept, then posted to the moderators) find
their own finished steps by the same update id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.store.database import Store
from bot.store.health import StorageError, StoreHealth


class HandleOnce(BaseMiddleware):
    """Skips an update already handled; puts `update_id` in the handler data."""

    def __init__(self, store: Store, health: StoreHealth):
        self.store = store
        self.health = health

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        if self._was_handled(event.update_id):
            return None
        data["update_id"] = event.update_id
        result = await handler(event, data)
        try:
            self.store.mark_handled(event.update_id)
        except StorageError as error:
            self.health.failed(error)
        return result

    def _was_handled(self, update_id: int) -> bool:
        """Read in the event loop, not a thread: a lookup by key costs microseconds, and
        the shorter the time between an effect and its record, the fewer effects a crash
        can repeat."""
        try:
            return self.store.was_handled(update_id)
        except StorageError as error:
            self.health.failed(error)
            return False
