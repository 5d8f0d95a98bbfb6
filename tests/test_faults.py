"""Faults of the Bot API and of the network: every person is answered, and nobody twice
but where the bot cannot know that a message arrived (issue 16, defect 5)."""

from collections import Counter
from pathlib import Path

from bot.core.engine import Engine
from tests.telegram_harness import RunningBot, running_bot

PEOPLE = 30


def answers(bot: RunningBot) -> Counter[str]:
    return Counter(c.params["chat_id"] for c in bot.api.delivered())


async def test_errors_on_telegrams_side_lose_and_double_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.fault_rate(0.3, kinds=("500", "502_html", "bad_json"))
        bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
        for person in range(PEOPLE):
            bot.api.send("ou dormir ce soir", user_id=5000 + person)
        await bot.api.wait_delivered(PEOPLE, timeout=120)
        bot.api.fault_rate(0.0)
        bot.api.send("ou dormir ce soir", user_id=4999)  # the last: all before are done
        await bot.api.wait_delivered(PEOPLE + 1, timeout=60)
    assert sorted(answers(bot).values()) == [1] * (PEOPLE + 1)


async def test_a_reset_connection_sends_a_reply_again_once_at_most(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        for _ in range(3):
            bot.api.fault_next("sendMessage", "reset")
        for person in range(PEOPLE):
            bot.api.send("ou dormir ce soir", user_id=5000 + person)
        await bot.api.wait_delivered(PEOPLE, timeout=120)
        bot.api.send("ou dormir ce soir", user_id=4999)
        await bot.api.wait_delivered(PEOPLE + 1 + 3, timeout=60)  # 3 sent twice
    counts = answers(bot)
    assert len(counts) == PEOPLE + 1 and sorted(counts.values())[-4:] == [1, 2, 2, 2]


async def test_the_emergency_block_is_sent_again_after_any_network_error(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        for _ in range(3):
            bot.api.fault_next("sendMessage", "reset")
        bot.api.send("au secours il va me tuer")
        calls = await bot.api.wait_delivered(4, timeout=60)
    assert all("112" in c.params["text"] for c in calls)
