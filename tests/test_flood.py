"""Flood control on every kind of update, per person; danger still answered, but not
without limit; moderators in their group never limited (issue 16, defect 4)."""

import asyncio
from pathlib import Path

from bot.core.engine import Engine
from bot.telegram.callbacks import TopicChoice
from tests.telegram_harness import running_bot
from tests.test_moderation_e2e import (
    GROUP,
    MODERATOR,
    OFF_TOPIC,
    PERSON,
    copy_knowledge,
    group_reply,
    moderated,
)

FLOOD = {"FLOOD_MESSAGES": "3", "FLOOD_SECONDS": "600"}


async def test_button_taps_and_edits_count_against_the_limit(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path, **FLOOD) as bot:
        for _ in range(4):
            bot.api.tap(TopicChoice(topic="shelter.tonight").pack(), user_id=PERSON)
        for _ in range(4):
            bot.api.send("ou dormir", user_id=PERSON, edited=True)
        bot.api.send("ou dormir ce soir", user_id=PERSON + 1)  # someone else: answered
        await bot.api.wait_sent(4)
        answered = [m for m in bot.api.sent() if m["chat_id"] == str(PERSON)]
        assert len(answered) == 3
        assert len(bot.api.sent("answerCallbackQuery")) <= 4


async def test_a_flooding_person_gets_the_emergency_block_once_a_minute(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path, **FLOOD) as bot:
        for _ in range(3):
            bot.api.send("ou dormir ce soir", user_id=PERSON)
        for _ in range(10):
            bot.api.send("au secours il va me tuer", user_id=PERSON)
        bot.api.send("ou dormir ce soir", user_id=PERSON + 1)
        await bot.api.wait_sent(7)  # the emergency reply is 3 messages: block, SMS, answer
        await asyncio.sleep(0.5)
        texts = [m["text"] for m in bot.api.sent() if m["chat_id"] == str(PERSON)]
        assert len(texts) == 6 and texts[3].startswith("🚨")  # 3 answers, then the block once
        assert sum(text.startswith("🚨") for text in texts) == 1


async def test_moderators_in_their_group_are_not_limited(engine: Engine, tmp_path: Path) -> None:
    copy_knowledge(tmp_path)
    people = 23  # the moderator replies more often than FLOOD_MESSAGES (20 a minute)
    async with moderated(engine, tmp_path) as bot:
        for n in range(people):
            bot.api.send(f"{OFF_TOPIC} {n}", user_id=PERSON + n)
        calls = await bot.api.wait_delivered(2 * people)
        posts = [c.result for c in calls if c.params["chat_id"] == str(GROUP)]
        for post in posts:
            group_reply(bot, "Venez jeudi.", post, MODERATOR)
        await bot.api.wait_delivered(4 * people)
        relayed = [c for c in bot.api.delivered() if "Venez jeudi." in c.params["text"]]
        assert len(relayed) == people
