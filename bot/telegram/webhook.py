"""Webhook mode (WEBHOOK_URL set): an aiohttp server that Telegram calls, checked with
WEBHOOK_SECRET, instead of long polling."""

from __future__ import annotations

from urllib.parse import urlparse

from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.config import Settings
from bot.engine import Engine
from bot.store import Store
from bot.telegram.app import build_bot, build_dispatcher


def run_webhook(settings: Settings, engine: Engine) -> None:
    store = Store(settings.database_path)
    dispatcher = build_dispatcher(engine, store, settings)
    bot = build_bot(settings)
    path = urlparse(settings.webhook_url).path or "/"

    async def register(*_: object) -> None:
        await bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret or None)

    dispatcher.startup.register(register)
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token=settings.webhook_secret or None).register(
        app, path=path
    )
    setup_application(app, dispatcher, bot=bot)
    web.run_app(app, host="0.0.0.0", port=settings.webhook_port)
