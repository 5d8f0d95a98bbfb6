"""Logs never hold message text, Telegram ids or the bot token, even when a library
logs an error about an update."""

import io
import json
import logging
from pathlib import Path

from bot.core.engine import Engine
from bot.logs import JsonFormatter
from tests.telegram_harness import TOKEN, running_bot

BLNS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "blns.json"
PERSON = 987654321
TELLING = (
    [s for s in json.loads(BLNS.read_text("utf-8")) if len(s.strip()) >= 10]
    if BLNS.is_file()
    else []
)


async def test_no_text_id_or_token_reaches_the_logs(engine: Engine, tmp_path: Path) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        async with running_bot(engine, tmp_path, FLOOD_MESSAGES="100000") as bot:
            messages = ["je dors dehors ce soir, mon numéro est 0612345678", *TELLING[:150]]
            bot.api.fail_next("sendMessage", 400, "Bad Request: can't parse " + messages[0])
            for text in messages:
                bot.api.send(text, user_id=PERSON)
            await bot.api.wait_sent(len(messages) - 1, timeout=120)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    logs = stream.getvalue()
    assert logs, "the bot logged nothing"
    assert str(PERSON) not in logs
    assert TOKEN.split(":")[1] not in logs
    assert "0612345678" not in logs
    leaked = [text for text in messages if text in logs]
    assert leaked == []
