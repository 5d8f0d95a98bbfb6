"""Webhook mode (WEBHOOK_URL set): an aiohttp server that Telegram calls, checked with
WEBHOOK_SECRET, instead of long polling.

Telegram's call is answered only once its update was handled: until then Telegram keeps
the update, and calls again if the bot died (the update then has its effects once, see
`once`)."""

from __future__ import annotations

import asyncio
from functools import partial
from urllib.parse import urlparse

from aiogram import Bot
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.core.engine import Engine
from bot.settings import Settings
from bot.store.database import Store
from bot.telegram.app import build_bot, build_dispatcher


def build_webhook_app(
    settings: Settings, engine: Engine, store: Store, bot: Bot | None = None
) -> web.Application:
    """The web application that receives Telegram's updates on WEBHOOK_URL's path."""
    dispatcher = build_dispatcher(engine, store, settings)
    bot = bot or build_bot(settings)

    async def register(*_: object) -> None:
        await bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret or None)

    dispatcher.startup.register(register)
    app = web.Application()
    app.router.add_get("/healthz", partial(_health, store))
    SimpleRequestHandler(
        dispatcher, bot, handle_in_background=False, secret_token=settings.webhook_secret or None
    ).register(app, path=urlparse(settings.webhook_url).path or "/")
    setup_application(app, dispatcher, bot=bot)
    return app


async def _health(store: Store, _request: web.Request) -> web.Response:
    """200 while this server handles Telegram's calls and the database answers, else 503:
    for a reverse proxy or a monitor. It says nothing about anyone."""
    if await asyncio.to_thread(store.answers):
        return web.Response(text="ok\n")
    return web.Response(status=503, text="the database does not answer\n")


def run_webhook(settings: Settings, engine: Engine) -> None:
    store = Store(settings.database_path)
    try:
        web.run_app(
            build_webhook_app(settings, engine, store),
            host=settings.webhook_host,
            port=settings.webhook_port,
        )
    finally:
        store.close()
