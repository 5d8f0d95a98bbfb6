"""The knowledge base the running bot serves, reloaded on /reload or when its files
change. An invalid knowledge base is refused with its errors, and the old one keeps
serving."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.cache import load_engine
from bot.core.engine import Engine
from bot.knowledge.model import KnowledgeError

log = logging.getLogger("relais.knowledge")
WATCH_EVERY = 5.0  # seconds between two looks at the knowledge files


def keep_out_of_garbage_collection() -> None:
    """What is loaded so far lives as long as the bot (the knowledge base, the engine's
    indexes, aiogram's models): leave it out of the garbage collector's full passes,
    which otherwise stop the bot for a fifth of a second every few hundred messages."""
    gc.collect()
    gc.freeze()


class LiveKnowledge:
    def __init__(self, engine: Engine, folder: Path, cache: Path | None = None):
        self.engine = engine
        self.folder = folder
        self.cache = cache
        self._seen = self._snapshot()

    def reload(self) -> str | None:
        """Load the knowledge files again; None when done, else the errors to fix."""
        self._seen = self._snapshot()
        try:
            self.engine = load_engine(self.folder, self.cache)
        except KnowledgeError as error:
            log.warning("knowledge base refused", extra={"count": len(error.problems)})
            return "\n".join(str(p) for p in error.problems[:30])
        log.info("knowledge base reloaded")
        keep_out_of_garbage_collection()
        return None

    async def watch(self, report: Callable[[str], Awaitable[None]]) -> None:
        """Reload whenever a knowledge file changes; `report` receives the errors."""
        while True:
            await asyncio.sleep(WATCH_EVERY)
            if self._snapshot() != self._seen:
                errors = await asyncio.to_thread(self.reload)
                if errors:
                    await report(errors)

    def _snapshot(self) -> dict[str, float]:
        """When each knowledge file last changed (suggestions excluded: not served)."""
        return {
            str(p): p.stat().st_mtime
            for p in self.folder.rglob("*.yaml")
            if "suggestions" not in p.parts
        }


class CurrentEngine(BaseMiddleware):
    """Gives each update the engine of the knowledge base being served now."""

    def __init__(self, live: LiveKnowledge):
        self.live = live

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["engine"] = self.live.engine
        return await handler(event, data)
