"""Questions a second through the real aiogram polling loop, against the local fake Bot
API: Relais, and a bare aiogram bot that answers every message with a fixed text.

The fake Bot API runs in a process of its own (`fake_api.serve`) and does not parse what
the bots send, as Telegram's servers are not on the bot's machine: their work is not
counted against the bot. It holds the questions of `users` people from the start and times
from their first delivery to the last reply.

The burst (`relais_burst`) sends many messages from each person at once, as a flood or an
attack would, and watches the bot's memory meanwhile: reading a bounded batch of updates
at a time (`telegram.polling`) keeps it flat however many wait at Telegram.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import tempfile
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bot.core.engine import Engine
from bot.settings import load_settings
from bot.store.database import Store
from bot.telegram.app import build_bot, build_dispatcher
from bot.telegram.polling import run_polling
from bot.testing.fake_api import serve

Runner = Callable[[Dispatcher, Bot], Awaitable[Callable[[], Awaitable[None]]]]

TOKEN = "4242:BENCH-token-for-the-local-fake-bot-api"


async def relais_throughput(engine: Engine, questions: list[str], users: int) -> float:
    rate, _ = await _relais(engine, questions, users, users)
    return rate


async def relais_burst(
    engine: Engine, questions: list[str], users: int, messages: int
) -> dict[str, float]:
    """`messages` questions from `users` people at once: replies a second, and how much
    the bot's memory grew while it answered them all (peak resident size over the size
    before the burst)."""
    rate, growth = await _relais(engine, questions, users, messages)
    return {
        "users": users,
        "messages": messages,
        "replies_per_second": rate,
        "memory_growth_mb": growth,
    }


async def _relais(
    engine: Engine, questions: list[str], users: int, messages: int
) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as data:

        async def run(base: str) -> tuple[Dispatcher, Bot, Runner]:
            settings = load_settings(
                {
                    "BOT_TOKEN": TOKEN,
                    "BOT_API_BASE": base,
                    "DATA_DIR": data,
                    "PSEUDONYM_SECRET": "bench-secret-not-for-use",
                }
            )
            store = Store(Path(data) / "relais.db")
            return build_dispatcher(engine, store, settings), build_bot(settings), _own_polling

        return await _measure(run, questions, users, messages)


async def bare_throughput(questions: list[str], users: int) -> float:
    async def run(base: str) -> tuple[Dispatcher, Bot, Runner]:
        routes = Router()

        async def fixed(message: Message) -> None:
            await message.answer("Merci pour votre message.")

        routes.message.register(fixed)
        dispatcher = Dispatcher()
        dispatcher.include_router(routes)
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base)))
        return dispatcher, bot, _aiogram_polling

    rate, _ = await _measure(run, questions, users, users)
    return rate


async def _own_polling(dispatcher: Dispatcher, bot: Bot) -> Callable[[], Awaitable[None]]:
    stop = asyncio.Event()
    task = asyncio.create_task(run_polling(dispatcher, bot, stop, polling_timeout=1))

    async def stopped() -> None:
        stop.set()
        await task

    return stopped


async def _aiogram_polling(dispatcher: Dispatcher, bot: Bot) -> Callable[[], Awaitable[None]]:
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )

    async def stopped() -> None:
        await dispatcher.stop_polling()
        await task

    return stopped


async def _measure(
    make: object, questions: list[str], users: int, messages: int
) -> tuple[float, float]:
    """Replies a second, and the growth of resident memory in MB while answering."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=serve, args=(child, questions, users, messages), daemon=True)
    server.start()
    base = await asyncio.to_thread(parent.recv)
    dispatcher, bot, polling = await make(base)  # type: ignore[operator]
    with MemoryWatch() as memory:
        stop = await polling(dispatcher, bot)
        rate = await asyncio.to_thread(parent.recv)
    await stop()
    server.join(5)
    return float(rate), memory.growth_mb


class MemoryWatch:
    """The peak resident size of this process over its size at the start, sampled from
    /proc every 50 ms in a thread (0 where /proc is missing)."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._start = self._peak = _resident_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(0.05):
            self._peak = max(self._peak, _resident_mb())

    @property
    def growth_mb(self) -> float:
        return self._peak - self._start


def _resident_mb() -> float:
    try:
        fields = Path("/proc/self/statm").read_text().split()
    except OSError:
        return 0.0
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
