"""The knowledge base the running bot serves, reloaded on /reload or when its files
change. An invalid knowledge base is refused with its errors, and the old one keeps
serving."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
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
        self._rebuilding = asyncio.Lock()  # one rebuild at a time, in the order asked
        self._reloads: set[asyncio.Task[None]] = set()

    def reload_later(self, report: Callable[[str | None], Awaitable[object]]) -> None:
        """Reload in the background, after any rebuild already running, then `report`
        the errors (None when the new knowledge base is in use). The caller does not
        wait: a moderator's /reload is acknowledged at once, even during a rebuild."""
        task = asyncio.create_task(self._reload_and_report(report))
        self._reloads.add(task)  # a task only weakly referenced may be collected
        task.add_done_callback(self._reloads.discard)

    async def _reload_and_report(self, report: Callable[[str | None], Awaitable[object]]) -> None:
        try:
            async with self._rebuilding:
                errors = await asyncio.to_thread(self.reload)
            await report(errors)
        except Exception as error:
            log.error("a reload failed", extra={"reason": type(error).__name__})

    def reload(self) -> str | None:
        """Load the knowledge files again; None when done, else the errors to fix."""
        self._seen = self._snapshot()
        unreadable = [
            f"{path}: this file cannot be read (missing, a broken link, or no permission)"
            for path, changed in self._seen.items()
            if changed is None
        ]
        if unreadable:
            log.warning("knowledge base refused", extra={"count": len(unreadable)})
            return "\n".join(unreadable[:30])
        try:
            self.engine = load_engine(self.folder, self.cache)
        except KnowledgeError as error:
            log.warning("knowledge base refused", extra={"count": len(error.problems)})
            return "\n".join(str(p) for p in error.problems[:30])
        except OSError as error:  # a file gone or locked between the look and the read
            log.warning("knowledge base refused", extra={"reason": type(error).__name__})
            name = getattr(error, "filename", None) or self.folder
            return f"{name}: this file cannot be read ({error.strerror or error})"
        log.info("knowledge base reloaded")
        keep_out_of_garbage_collection()
        return None

    async def watch(self, report: Callable[[str], Awaitable[None]]) -> None:
        """Reload whenever a knowledge file changes; `report` receives the errors. Any
        failure is logged and the watch goes on: it must never end silently."""
        while True:
            await asyncio.sleep(WATCH_EVERY)
            try:
                await self.look(report)
            except Exception as error:
                log.error("the knowledge watch failed once", extra={"reason": type(error).__name__})

    async def look(self, report: Callable[[str], Awaitable[None]]) -> None:
        """One look at the files: reload if they changed, and report what is wrong."""
        if self._snapshot() != self._seen:
            async with self._rebuilding:
                errors = await asyncio.to_thread(self.reload)
            if errors:
                await report(errors)

    def _snapshot(self) -> dict[str, float | None]:
        """When each knowledge file last changed (suggestions excluded: not served);
        None for a file that cannot be read."""
        seen: dict[str, float | None] = {}
        try:
            paths = list(self.folder.rglob("*.yaml"))
        except OSError:
            return {str(self.folder): None}
        for path in paths:
            if "suggestions" in path.parts:
                continue
            try:
                seen[str(path)] = path.stat().st_mtime if os.access(path, os.R_OK) else None
            except OSError:
                seen[str(path)] = None
        return seen


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
