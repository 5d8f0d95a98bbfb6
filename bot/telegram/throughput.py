"""Questions a second through the real aiogram polling loop, against the local fake Bot
API: Relais, and a bare aiogram bot that answers every message with a fixed text."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bot.config import load_settings
from bot.engine import Engine
from bot.store import Store
from bot.telegram.app import build_bot, build_dispatcher
from bot.telegram.fake_api import FakeBotAPI

TOKEN = "4242:BENCH-token-for-the-local-fake-bot-api"


async def relais_throughput(engine: Engine, questions: list[str], users: int) -> float:
    with tempfile.TemporaryDirectory() as data:
        api = FakeBotAPI()
        base = await api.start()
        settings = load_settings(
            {
                "BOT_TOKEN": TOKEN,
                "BOT_API_BASE": base,
                "DATA_DIR": data,
                "PSEUDONYM_SECRET": "bench-secret-not-for-use",
            }
        )
        store = Store(Path(data) / "relais.db")
        try:
            dispatcher = build_dispatcher(engine, store, settings)
            return await _run(api, dispatcher, build_bot(settings), questions, users)
        finally:
            store.close()
            await api.stop()


async def bare_throughput(questions: list[str], users: int) -> float:
    api = FakeBotAPI()
    base = await api.start()
    routes = Router()

    async def fixed(message: Message) -> None:
        await message.answer("Merci pour votre message.")

    routes.message.register(fixed)
    dispatcher = Dispatcher()
    dispatcher.include_router(routes)
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base)))
    try:
        return await _run(api, dispatcher, bot, questions, users)
    finally:
        await api.stop()


async def _run(
    api: FakeBotAPI, dispatcher: Dispatcher, bot: Bot, questions: list[str], users: int
) -> float:
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    await asyncio.sleep(0.5)
    before = len(api.sent())
    start = time.perf_counter()
    for user in range(users):
        api.send(questions[user % len(questions)], user_id=10_000_000 + user)
    await api.wait_sent(before + users, timeout=600)
    elapsed = time.perf_counter() - start
    await dispatcher.stop_polling()
    await polling
    return users / elapsed
