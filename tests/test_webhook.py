"""Webhook mode: Telegram's calls with the right secret are answered, others refused."""

import time
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.core.engine import Engine
from bot.store.database import Store
from bot.telegram.webhook import build_webhook_app
from bot.testing.fake_api import FakeBotAPI
from tests.telegram_harness import fake_api_settings

SECRET = "webhook-secret-for-tests"


def update(text: str) -> dict:
    return {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": 5001, "type": "private"},
            "from": {"id": 5001, "is_bot": False, "first_name": "P", "language_code": "fr"},
        },
    }


async def test_a_webhook_call_with_the_secret_is_answered(engine: Engine, tmp_path: Path) -> None:
    api = FakeBotAPI()
    base = await api.start()
    settings = fake_api_settings(
        base, tmp_path, WEBHOOK_URL="https://bot.example/telegram", WEBHOOK_SECRET=SECRET
    )
    store = Store(settings.database_path)
    client = TestClient(TestServer(build_webhook_app(settings, engine, store)))
    await client.start_server()
    try:
        refused = await client.post(
            "/telegram",
            json=update("ou dormir ce soir"),
            headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
        )
        assert refused.status == 401
        accepted = await client.post(
            "/telegram",
            json=update("ou dormir ce soir"),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        assert accepted.status == 200
        [reply] = await api.wait_sent(1)
        assert "115" in reply["text"]
        assert api.sent("setWebhook")[0]["secret_token"] == SECRET
    finally:
        await client.close()
        store.close()
        await api.stop()


async def test_healthz_answers_200_while_the_database_answers_and_503_when_it_does_not(
    engine: Engine, tmp_path: Path
) -> None:
    api = FakeBotAPI()
    base = await api.start()
    settings = fake_api_settings(base, tmp_path, WEBHOOK_URL="https://bot.example/telegram")
    store = Store(settings.database_path)
    client = TestClient(TestServer(build_webhook_app(settings, engine, store)))
    await client.start_server()
    try:
        healthy = await client.get("/healthz")
        assert healthy.status == 200
        assert (await healthy.text()) == "ok\n"
        store.close()  # the database can no longer be read
        broken = await client.get("/healthz")
        assert broken.status == 503
        assert "5001" not in await broken.text()
    finally:
        await client.close()
        await api.stop()
