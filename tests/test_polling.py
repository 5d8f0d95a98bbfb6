"""Long polling that loses nothing: an update is confirmed to Telegram only once handled,
and a burst is read a bounded batch at a time (issue 16, defect 1)."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from aiogram import Dispatcher, Router
from aiogram.types import Message, Update

from bot.telegram.app import build_bot
from bot.telegram.polling import BATCH, run_polling
from bot.testing.fake_api import FakeBotAPI
from tests.telegram_harness import fake_api_settings


@contextlib.asynccontextmanager
async def polled(dispatcher: Dispatcher, api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[None]:
    settings = fake_api_settings(await api.start(), tmp_path)
    stop = asyncio.Event()
    task = asyncio.create_task(run_polling(dispatcher, build_bot(settings), stop, 1))
    try:
        yield
    finally:
        stop.set()
        await task
        await api.stop()


async def test_no_update_is_confirmed_before_it_was_handled(tmp_path: Path) -> None:
    api = FakeBotAPI()
    confirmed_too_early: list[int] = []
    in_hand = most = 0
    routes = Router()

    async def slow_reply(message: Message, event_update: Update) -> None:
        nonlocal in_hand, most
        in_hand += 1
        most = max(most, in_hand)
        await asyncio.sleep(0.01)
        if event_update.update_id < api.confirmed:
            confirmed_too_early.append(event_update.update_id)
        await message.answer("ok")
        in_hand -= 1

    routes.message.register(slow_reply)
    dispatcher = Dispatcher()
    dispatcher.include_router(routes)
    for person in range(3 * BATCH):
        api.send("hello", user_id=10_000 + person)
    async with polled(dispatcher, api, tmp_path):
        await api.wait_delivered(3 * BATCH, timeout=120)
    assert confirmed_too_early == []
    assert most <= BATCH
    assert api.most_in_hand <= BATCH


async def test_one_persons_updates_are_handled_in_order(tmp_path: Path) -> None:
    api = FakeBotAPI()
    seen: list[str] = []
    routes = Router()

    async def note(message: Message) -> None:
        await asyncio.sleep(0.01 if message.text == "1" else 0)
        seen.append(message.text or "")
        await message.answer("ok")

    routes.message.register(note)
    dispatcher = Dispatcher()
    dispatcher.include_router(routes)
    for text in "123":
        api.send(text)
    async with polled(dispatcher, api, tmp_path):
        await api.wait_delivered(3)
    assert seen == ["1", "2", "3"]


async def test_polling_goes_on_when_reading_updates_fails(tmp_path: Path) -> None:
    api = FakeBotAPI()
    routes = Router()

    async def reply(message: Message) -> None:
        await message.answer("ok")

    routes.message.register(reply)
    dispatcher = Dispatcher()
    dispatcher.include_router(routes)
    for kind in ("500", "502_html", "bad_json"):
        api.fault_next("getUpdates", kind)
    api.send("hello")
    async with polled(dispatcher, api, tmp_path):
        await api.wait_delivered(1, timeout=60)
