"""Long polling that confirms an update to Telegram only once it was handled.

aiogram's own polling moves the getUpdates offset as soon as it reads an update and
handles it later in a task of its own: a crash then loses every update read but not yet
handled, and a burst of messages piles up in memory without limit. Here the bot reads at
most `BATCH` updates, handles them all, and only then asks for the next ones with an
offset past them, which is what tells Telegram they are done. Telegram keeps what is not
confirmed (for 24 hours), so after a crash the same updates come again; `HandleOnce` makes
that harmless. The updates of one person are handled in order, different people at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections import defaultdict
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update

log = logging.getLogger("relais.polling")

BATCH = 100  # updates in hand at once: the bound on memory under any burst
FIRST_BACKOFF = 0.5
LONGEST_BACKOFF = 30.0


async def poll_updates(
    dispatcher: Dispatcher,
    bot: Bot,
    stop: asyncio.Event,
    *,
    polling_timeout: int = 10,
    batch: int = BATCH,
) -> None:
    """Read, handle and confirm updates until `stop` is set; the batch in hand is
    finished and confirmed before returning."""
    allowed = dispatcher.resolve_used_update_types()
    offset: int | None = None
    backoff = FIRST_BACKOFF
    while not stop.is_set():
        request = GetUpdates(
            offset=offset, limit=batch, timeout=polling_timeout, allowed_updates=allowed
        )
        try:
            updates = await _unless_stopped(
                bot(request, request_timeout=int(bot.session.timeout + polling_timeout)), stop
            )
        except Exception as error:
            log.warning("cannot read updates; trying again", extra={"reason": type(error).__name__})
            await _sleep_unless_stopped(backoff, stop)
            backoff = min(backoff * 2, LONGEST_BACKOFF)
            continue
        backoff = FIRST_BACKOFF
        if not updates:
            continue
        await handle_batch(dispatcher, bot, updates)
        offset = updates[-1].update_id + 1
    if offset is not None:
        await _confirm(bot, offset)


async def handle_batch(dispatcher: Dispatcher, bot: Bot, updates: list[Update]) -> None:
    """Handle every update of the batch: one person's in order, people side by side."""
    by_person: dict[int | None, list[Update]] = defaultdict(list)
    for update in updates:
        by_person[_sender(update)].append(update)
    await asyncio.gather(*(_in_order(dispatcher, bot, queue) for queue in by_person.values()))


async def _in_order(dispatcher: Dispatcher, bot: Bot, updates: list[Update]) -> None:
    for update in updates:
        try:
            await dispatcher.feed_update(bot, update)
        except Exception as error:
            log.error("an update failed; the bot goes on", extra={"reason": type(error).__name__})


def _sender(update: Update) -> int | None:
    event: Any = update.event
    user = getattr(event, "from_user", None)
    return user.id if user is not None else None


async def _confirm(bot: Bot, offset: int) -> None:
    """Tell Telegram that everything before `offset` is handled, without waiting."""
    with contextlib.suppress(Exception):
        await bot(GetUpdates(offset=offset, limit=1, timeout=0))


async def _unless_stopped(call: Any, stop: asyncio.Event) -> list[Update]:
    """The updates of `call`, or none when `stop` is set first (the call is dropped:
    what it would have read is still Telegram's)."""
    reading = asyncio.ensure_future(call)
    stopping = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if reading in done:
        return list(reading.result())
    reading.cancel()
    with contextlib.suppress(BaseException):
        await reading
    return []


async def _sleep_unless_stopped(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_polling(
    dispatcher: Dispatcher, bot: Bot, stop: asyncio.Event | None = None, polling_timeout: int = 10
) -> None:
    """The bot's life: start-up hooks, polling until `stop` is set (by default, until
    SIGTERM or SIGINT), shut-down hooks, then the HTTP session closed."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, stop.set)
    workflow = {"dispatcher": dispatcher, "bots": (bot,), **dispatcher.workflow_data}
    try:
        await dispatcher.emit_startup(bot=bot, **workflow)
        await poll_updates(dispatcher, bot, stop, polling_timeout=polling_timeout)
    finally:
        try:
            await dispatcher.emit_shutdown(bot=bot, **workflow)
        finally:
            await bot.session.close()
