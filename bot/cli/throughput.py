"""Questions a second through the real aiogram polling loop, against the local fake Bot
API: Relais, and a bare aiogram bot that answers every message with a fixed text.

The fake Bot API runs in a process of its own (`fake_api.serve`) and does not parse what
the bots send, as Telegram's servers are not on the bot's machine: their work is not
counted against the bot. It holds the questions of `users` people from the start and times
from their first delivery to the last reply.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import tempfile
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bot.core.engine import Engine
from bot.settings import load_settings
from bot.store.database import Store
from bot.telegram.app import build_bot, build_dispatcher
from bot.testing.fake_api import serve

TOKEN = "4242:BENCH-token-for-the-local-fake-bot-api"


async def relais_throughput(engine: Engine, questions: list[str], users: int) -> float:
    with tempfile.TemporaryDirectory() as data:

        async def run(base: str) -> tuple[Dispatcher, Bot]:
            settings = load_settings(
                {
                    "BOT_TOKEN": TOKEN,
                    "BOT_API_BASE": base,
                    "DATA_DIR": data,
                    "PSEUDONYM_SECRET": "bench-secret-not-for-use",
                }
            )
            store = Store(Path(data) / "relais.db")
            return build_dispatcher(engine, store, settings), build_bot(settings)

        return await _measure(run, questions, users)


async def bare_throughput(questions: list[str], users: int) -> float:
    async def run(base: str) -> tuple[Dispatcher, Bot]:
        routes = Router()

        async def fixed(message: Message) -> None:
            await message.answer("Merci pour votre message.")

        routes.message.register(fixed)
        dispatcher = Dispatcher()
        dispatcher.include_router(routes)
        return dispatcher, Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base)))

    return await _measure(run, questions, users)


async def _measure(make: object, questions: list[str], users: int) -> float:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=serve, args=(child, questions, users), daemon=True)
    server.start()
    base = await asyncio.to_thread(parent.recv)
    dispatcher, bot = await make(base)  # type: ignore[operator]
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    rate = await asyncio.to_thread(parent.recv)
    await dispatcher.stop_polling()
    await polling
    server.join(5)
    return float(rate)
