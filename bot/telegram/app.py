"""The Telegram bot assembled in one place: settings → engine, store → dispatcher →
long polling (or a webhook server when WEBHOOK_URL is set)."""

from __future__ import annotations

import asyncio
import logging
import sys

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.types import BotCommand, ErrorEvent
from aiogram.utils.i18n import I18n

from bot.config import Settings, SettingsError, load_settings
from bot.engine import Engine
from bot.i18n import DOMAIN, LOCALES
from bot.knowledge import LANGUAGES, KnowledgeError, load_knowledge
from bot.logs import setup_logging
from bot.store import Store, StoreError
from bot.telegram.handlers import menu, other, privacy, questions, start
from bot.telegram.middlewares import (
    FloodMiddleware,
    InFlightMiddleware,
    PersonI18nMiddleware,
    PersonMiddleware,
)
from bot.telegram.people import DEFAULT_LANGUAGE, People
from bot.telegram.resilience import RetryRequests

log = logging.getLogger("relais.app")
SHUTDOWN_GRACE = 8.0  # seconds to finish the updates in hand after SIGTERM


def build_dispatcher(engine: Engine, store: Store, settings: Settings) -> Dispatcher:
    """Routers, middlewares and shared objects; the same for polling, webhook and tests."""
    dispatcher = Dispatcher(engine=engine, people=People(store, settings.pseudonym_secret))
    in_flight = InFlightMiddleware()
    dispatcher.update.outer_middleware(in_flight)
    dispatcher.update.outer_middleware(PersonMiddleware(dispatcher["people"]))
    i18n = I18n(path=LOCALES, default_locale=DEFAULT_LANGUAGE, domain=DOMAIN)
    PersonI18nMiddleware(i18n).setup(dispatcher)

    async def announce_commands(bot: Bot) -> None:
        await set_commands(bot, i18n)

    dispatcher.startup.register(announce_commands)
    dispatcher.message.middleware(
        FloodMiddleware(settings.flood_messages, settings.flood_seconds, engine.safety)
    )
    dispatcher.include_routers(
        start.router(), menu.router(), privacy.router(), questions.router(), other.router()
    )
    dispatcher.errors.register(_log_error)

    async def finish_in_hand() -> None:
        await in_flight.wait_idle(SHUTDOWN_GRACE)

    dispatcher.shutdown.register(finish_in_hand)
    return dispatcher


def build_bot(settings: Settings) -> Bot:
    api = (
        TelegramAPIServer.from_base(settings.bot_api_base) if settings.bot_api_base else PRODUCTION
    )
    session = AiohttpSession(api=api)
    session.middleware(RetryRequests())
    return Bot(settings.bot_token, session=session)


async def set_commands(bot: Bot, i18n: I18n) -> None:
    for lang in LANGUAGES:

        def _(text: str, lang: str = lang) -> str:
            return i18n.gettext(text, locale=lang)

        await bot.set_my_commands(
            [
                BotCommand(command="help", description=_("Menu of subjects")),
                BotCommand(command="lang", description=_("Change language")),
                BotCommand(command="privacy", description=_("What I keep about you")),
                BotCommand(command="forget", description=_("Delete what I keep about you")),
            ],
            language_code=lang,
        )


async def _log_error(event: ErrorEvent) -> bool:
    log.error("an update failed; the bot goes on", exc_info=event.exception)
    return True


async def run_polling(settings: Settings, engine: Engine) -> None:
    store = Store(settings.database_path)
    dispatcher = build_dispatcher(engine, store, settings)
    bot = build_bot(settings)
    try:
        await dispatcher.start_polling(bot, handle_signals=True)
    finally:
        store.close()


def run_from_environment() -> None:
    """`python -m bot`: the bot when BOT_TOKEN is set, else the console chat."""
    setup_logging()
    try:
        settings = load_settings(testing="BOT_TOKEN" not in _environment())
    except SettingsError as error:
        sys.exit("Settings to fix before the bot can start:\n- " + "\n- ".join(error.problems))
    try:
        engine = Engine(load_knowledge(settings.knowledge_dir))
    except KnowledgeError as error:
        sys.exit("The knowledge base has errors:\n" + str(error))
    if not settings.bot_token:
        from bot.console import run_chat

        print("BOT_TOKEN is not set: opening the console chat instead of Telegram.")
        run_chat(engine, None, sys.stdin, sys.stdout)
        return
    try:
        if settings.webhook_url:
            from bot.telegram.webhook import run_webhook

            run_webhook(settings, engine)
        else:
            asyncio.run(run_polling(settings, engine))
    except StoreError as error:
        sys.exit(str(error))


def _environment() -> dict[str, str]:
    import os

    from bot.config import PROJECT, read_dotenv

    return {k: v for k, v in {**read_dotenv(PROJECT / ".env"), **os.environ}.items() if v}
