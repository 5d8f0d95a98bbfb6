"""Running the real bot (aiogram polling over HTTP) against the fake Bot API in a test."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiogram import Dispatcher

from bot.core.engine import Engine
from bot.settings import Settings, load_settings
from bot.store.database import Store
from bot.telegram.app import build_bot, build_dispatcher
from bot.telegram.polling import run_polling
from bot.testing.fake_api import FakeBotAPI

TOKEN = "4242:TEST-token-for-the-fake-bot-api-server"


@dataclass
class RunningBot:
    api: FakeBotAPI
    dispatcher: Dispatcher
    settings: Settings
    store: Store


def fake_api_settings(base: str, data_dir: Path, **env: str) -> Settings:
    """Settings of a bot that talks to the fake Bot API at `base`."""
    return load_settings(
        {
            "BOT_TOKEN": TOKEN,
            "BOT_API_BASE": base,
            "DATA_DIR": str(data_dir),
            "PSEUDONYM_SECRET": "a-secret-for-tests-only",
            # The vectors embedded once for the run: a /reload must not embed them again.
            "RELAIS_CACHE_DIR": os.environ["RELAIS_CACHE_DIR"],
            **env,
        }
    )


@asynccontextmanager
async def running_bot(engine: Engine, data_dir: Path, **env: str) -> AsyncIterator[RunningBot]:
    api = FakeBotAPI()
    base = await api.start()
    settings = fake_api_settings(base, data_dir, **env)
    store = Store(settings.database_path)
    dispatcher = build_dispatcher(engine, store, settings)
    stop = asyncio.Event()
    polling = asyncio.create_task(
        run_polling(dispatcher, build_bot(settings), stop, polling_timeout=1)
    )
    try:
        yield RunningBot(api, dispatcher, settings, store)
    finally:
        api.release_polls()
        stop.set()
        await polling
        store.close()
        await api.stop()
