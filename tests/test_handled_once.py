"""Each update has its effects once, however often Telegram delivers it, and the relay's
steps are finished after a crash (issue 16, defects 1 and 2)."""

import asyncio
from pathlib import Path

from bot.core.engine import Engine
from bot.store.database import Store
from bot.testing.fake_api import FakeBotAPI
from tests.test_moderation_e2e import (
    GROUP,
    MODERATOR,
    OFF_TOPIC,
    PERSON,
    copy_knowledge,
    group_reply,
    moderated,
)


def to(api: FakeBotAPI, chat: int) -> list[str]:
    return [c.params["text"] for c in api.delivered() if c.params["chat_id"] == str(chat)]


async def test_a_question_delivered_twice_is_kept_posted_and_answered_once(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        bot.api.send(OFF_TOPIC, user_id=PERSON)
        await bot.api.wait_delivered(2)
        bot.api.deliver_again(max(bot.api._history))
        bot.api.send("ou dormir ce soir", user_id=PERSON)  # a later update, to wait for
        await bot.api.wait_delivered(3)
        await asyncio.sleep(0.5)
        assert len(to(bot.api, GROUP)) == 1
        assert len(to(bot.api, PERSON)) == 2
        assert len(bot.store.questions()) == 1


async def test_a_moderators_reply_delivered_twice_reaches_the_person_once(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        bot.api.send(OFF_TOPIC, user_id=PERSON)
        [post] = [
            c.result for c in await bot.api.wait_delivered(2) if c.params["chat_id"] == str(GROUP)
        ]
        group_reply(bot, "Venez jeudi.", post, MODERATOR)
        await bot.api.wait_delivered(4)
        bot.api.deliver_again(max(bot.api._history))
        bot.api.send("ou dormir ce soir", user_id=PERSON)
        await bot.api.wait_delivered(5)
        await asyncio.sleep(0.5)
        assert sum("Venez jeudi." in text for text in to(bot.api, PERSON)) == 1
        [question] = bot.store.questions()
        assert question.status == "answered" and question.chat_id is None


async def test_a_question_kept_but_not_posted_is_posted_at_start(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    store = Store(tmp_path / "relais.db")
    number = store.add_question("p", "fr", "qqq question", [], PERSON, 7, update_id=99)
    store.close()
    async with moderated(engine, tmp_path) as bot:
        [post] = await bot.api.wait_delivered(1)
        assert post.params["chat_id"] == str(GROUP) and "qqq question" in post.params["text"]
        await asyncio.sleep(0.2)
        assert bot.store.question(number).post_id == post.result["message_id"]


async def test_a_reply_owed_when_the_bot_died_is_sent_at_start(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    store = Store(tmp_path / "relais.db")
    number = store.add_question("p", "fr", "qqq question", [], PERSON, 7, update_id=99)
    store.set_post(number, 500)
    question = store.question(number)
    assert question is not None
    store.start_delivery(100, question, message_id=501)
    store.close()
    async with moderated(engine, tmp_path) as bot:
        [copy] = await bot.api.wait_delivered(1, method="copyMessage")
        assert copy.params["chat_id"] == str(PERSON) and copy.params["message_id"] == "501"
        await asyncio.sleep(0.2)
        assert bot.store.deliveries() == []
        assert bot.store.question(number).status == "answered"
        assert bot.store.was_handled(100)
