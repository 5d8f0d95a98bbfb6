"""The Telegram bot assembled in one place: settings → engine, store → dispatcher →
long polling (or a webhook server when WEBHOOK_URL is set)."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.types import BotCommand, ErrorEvent
from aiogram.utils.i18n import I18n

from bot.core.engine import Engine
from bot.core.i18n import DOMAIN, LOCALES
from bot.knowledge.model import LANGUAGES
from bot.settings import Settings
from bot.store.database import Store
from bot.store.health import StoreHealth
from bot.telegram.handlers import (
    menu,
    moderators,
    other,
    people_help,
    privacy,
    questions,
    start,
    threads,
)
from bot.telegram.json_session import JsonSession
from bot.telegram.live import CurrentEngine, LiveKnowledge, keep_out_of_garbage_collection
from bot.telegram.memory import ShortMemory
from bot.telegram.middlewares import (
    FloodMiddleware,
    InFlightMiddleware,
    PersonI18nMiddleware,
    PersonMiddleware,
)
from bot.telegram.once import HandleOnce
from bot.telegram.people import DEFAULT_LANGUAGE, People
from bot.telegram.polling import run_polling
from bot.telegram.relay import Relay
from bot.telegram.resilience import RetryRequests, SendGate
from bot.telegram.trail import ChatTrail, TrailIncoming, TrailOutgoing

log = logging.getLogger("relais.app")
SHUTDOWN_GRACE = 8.0  # seconds to finish the updates in hand after SIGTERM


def build_dispatcher(engine: Engine, store: Store, settings: Settings) -> Dispatcher:
    """Routers, middlewares and shared objects; the same for polling, webhook and tests."""
    live = LiveKnowledge(engine, settings.knowledge_dir, settings.cache_dir)
    health = StoreHealth()
    relay = Relay(store, settings, health, knowledge=lambda: live.engine.kb)
    trail = ChatTrail()
    memory = ShortMemory()
    dispatcher = Dispatcher(
        people=People(store, settings.pseudonym_secret, health),
        relay=relay,
        trail=trail,
        live=live,
        memory=memory,
        reload=live.reload,
    )
    in_flight = InFlightMiddleware()
    dispatcher.update.outer_middleware(in_flight)
    dispatcher.update.outer_middleware(HandleOnce(store, health))
    dispatcher.update.outer_middleware(CurrentEngine(live))
    dispatcher.update.outer_middleware(PersonMiddleware(dispatcher["people"], memory))
    dispatcher.message.outer_middleware(TrailIncoming(trail))
    i18n = I18n(path=LOCALES, default_locale=DEFAULT_LANGUAGE, domain=DOMAIN)
    PersonI18nMiddleware(i18n).setup(dispatcher)
    flood = FloodMiddleware(
        settings.flood_messages,
        settings.flood_seconds,
        engine.safety,
        settings.moderator_ids,
        settings.moderator_chat_id,
    )
    for kind in (dispatcher.message, dispatcher.edited_message, dispatcher.callback_query):
        kind.middleware(flood)
    # Questions come right after the moderators' replies: they are most of the traffic,
    # and aiogram tries the routers in order. Commands never reach them.
    dispatcher.include_routers(
        moderators.router(settings.moderator_chat_id),
        threads.router(),
        questions.router(),
        start.router(),
        menu.router(),
        people_help.router(),
        privacy.router(),
        other.router(),
    )
    dispatcher.errors.register(_log_error)
    background: list[asyncio.Task[None]] = []

    async def on_startup(bot: Bot) -> None:
        bot.session.middleware(TrailOutgoing(trail))
        await set_commands(bot, i18n)
        await relay.finish_unfinished(bot, i18n)

        async def report(errors: str) -> None:
            if settings.moderator_chat_id is not None:
                await bot.send_message(settings.moderator_chat_id, errors[:4000])

        background.append(asyncio.create_task(relay.purge_daily()))
        background.append(asyncio.create_task(live.watch(report)))
        keep_out_of_garbage_collection()

    async def on_shutdown() -> None:
        await in_flight.wait_idle(SHUTDOWN_GRACE)
        for task in background:
            task.cancel()

    dispatcher.startup.register(on_startup)
    dispatcher.shutdown.register(on_shutdown)
    return dispatcher


def build_bot(settings: Settings) -> Bot:
    api = (
        TelegramAPIServer.from_base(settings.bot_api_base) if settings.bot_api_base else PRODUCTION
    )
    session = JsonSession(api=api)
    session.middleware(RetryRequests())
    session.middleware(SendGate())
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
                BotCommand(
                    command="erase", description=_("Erase this conversation from your phone")
                ),
            ],
            language_code=lang,
        )


async def _log_error(event: ErrorEvent) -> bool:
    log.error("an update failed; the bot goes on", exc_info=event.exception)
    return True


async def run_bot(settings: Settings, engine: Engine) -> None:
    """Long polling until SIGTERM or SIGINT (see `polling` for why not aiogram's)."""
    store = Store(settings.database_path)
    dispatcher = build_dispatcher(engine, store, settings)
    bot = build_bot(settings)
    try:
        await run_polling(dispatcher, bot)
    finally:
        store.close()
