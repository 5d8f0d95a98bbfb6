"""The bot over the real Bot API protocol (fake server, real aiogram polling), on the tiny
knowledge base: the plumbing every feature relies on."""

from pathlib import Path

from bot.core.engine import Engine
from tests.telegram_harness import running_bot


async def test_a_question_gets_its_answer(mini_engine: Engine, tmp_path: Path) -> None:
    async with running_bot(mini_engine, tmp_path) as bot:
        bot.api.send("ou dormir se soir")
        [reply] = await bot.api.wait_sent(1)
        assert "115" in reply["text"]
        assert reply["chat_id"] == "1001"


async def test_a_429_is_waited_out_and_the_reply_still_arrives(
    mini_engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(mini_engine, tmp_path) as bot:
        bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        bot.api.send("ou dormir se soir")
        replies = await bot.api.wait_sent(2)
        assert "115" in replies[-1]["text"]
