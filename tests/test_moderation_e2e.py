"""Moderators and the human relay, end to end over the fake Bot API: unanswered
questions reach the moderators scrubbed, a moderator's reply reaches the person, nobody
else can act, and /forget and retention leave no trace on disk."""

import asyncio
import datetime as dt
import time
from pathlib import Path

from bot.core.engine import Engine
from bot.store.database import Store
from bot.telegram.callbacks import ForgetChoice, Moderation
from tests.telegram_harness import running_bot

MODERATOR, STRANGER, PERSON = 7001001, 7002002, 880055577
GROUP = -1009876543210
OFF_TOPIC = "qqq zzz vvv mon numéro 06 12 34 56 78 écris moi à jo@mail.example.org"


def moderated(engine: Engine, tmp_path: Path, data_dir: Path | None = None):
    """The bot with moderators, its knowledge copied into `tmp_path` (data there too,
    unless `data_dir` is given)."""
    return running_bot(
        engine,
        data_dir or tmp_path,
        MODERATOR_IDS=str(MODERATOR),
        MODERATOR_CHAT_ID=str(GROUP),
        KNOWLEDGE_DIR=str(tmp_path / "knowledge"),
    )


def copy_knowledge(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(Path(__file__).resolve().parent.parent / "knowledge", tmp_path / "knowledge")


def group_reply(bot, text: str, post: dict, user_id: int) -> None:
    bot.api.send(
        text,
        user_id=user_id,
        chat_type="supergroup",
        chat_id=GROUP,
        reply_to_message={
            "message_id": post["message_id"],
            "date": int(time.time()),
            "chat": {"id": GROUP, "type": "supergroup"},
        },
    )


async def ask_unanswered(bot) -> dict:
    bot.api.send(OFF_TOPIC, user_id=PERSON)
    await bot.api.wait_sent(2)
    [post_call] = [
        c
        for c in bot.api.calls
        if c.method == "sendMessage" and str(c.params["chat_id"]) == str(GROUP)
    ]
    return post_call.result


async def test_an_unanswered_question_reaches_the_moderators_scrubbed(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        post = await ask_unanswered(bot)
        assert "[phone]" in post["text"] and "[email]" in post["text"]
        assert "06 12 34 56 78" not in post["text"] and str(PERSON) not in post["text"]
        [to_person] = [m for m in bot.api.sent() if m["chat_id"] == str(PERSON)]
        assert "17" in to_person["text"]  # the relay is not an emergency service


async def test_a_question_outside_the_subjects_is_not_passed_on(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        bot.api.send("combien coûte un iphone 15 chez darty", user_id=PERSON)
        [reply] = await bot.api.wait_sent(1)
        assert reply["chat_id"] == str(PERSON)
        await asyncio.sleep(0.5)  # a post to the moderators would come now
        assert [m["chat_id"] for m in bot.api.sent()] == [str(PERSON)]
        assert bot.store.questions() == []


async def test_a_moderators_reply_reaches_the_person(engine: Engine, tmp_path: Path) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        post = await ask_unanswered(bot)
        group_reply(bot, "Bonjour, venez jeudi à 14 h.", post, MODERATOR)
        replies = await bot.api.wait_sent(4)
        to_person = [m for m in replies if m["chat_id"] == str(PERSON)]
        assert "Bonjour, venez jeudi à 14 h." in to_person[-1]["text"]


async def test_a_reply_from_someone_else_is_ignored(engine: Engine, tmp_path: Path) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        post = await ask_unanswered(bot)
        group_reply(bot, "je suis un inconnu", post, STRANGER)
        await asyncio.sleep(1.5)
        assert not any("inconnu" in m["text"] for m in bot.api.sent())


async def test_queue_is_refused_to_people_who_are_not_moderators(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        await ask_unanswered(bot)
        bot.api.send("/queue", user_id=STRANGER)
        [refusal] = (await bot.api.wait_sent(3))[2:]
        assert "qqq" not in refusal["text"]
        bot.api.send("/queue", user_id=MODERATOR)
        [queue] = (await bot.api.wait_sent(4))[3:]
        assert "qqq" in queue["text"] and "[phone]" in queue["text"]


async def test_assigning_a_question_writes_a_suggestion_without_personal_data(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        post = await ask_unanswered(bot)
        number = int(post["text"].split("#")[1].split()[0])
        data = Moderation(action="assign", question=number, topic="health.testing").pack()
        bot.api.tap(data, user_id=STRANGER)
        bot.api.tap(data, user_id=MODERATOR)
        await bot.api.wait_sent(1, method="editMessageText")
        suggestion = (tmp_path / "knowledge" / "suggestions" / "health.testing.yaml").read_text(
            "utf-8"
        )
        assert "qqq" in suggestion and "[phone]" in suggestion
        assert str(PERSON) not in suggestion and "pseudonym" not in suggestion


async def test_forget_leaves_no_trace_in_any_file(engine: Engine, tmp_path: Path) -> None:
    copy_knowledge(tmp_path)
    data_dir = tmp_path / "data"
    async with moderated(engine, tmp_path, data_dir) as bot:
        bot.api.tap("l:ro", user_id=PERSON)
        await bot.api.wait_sent(1)
        await ask_unanswered(bot)
        bot.api.tap(ForgetChoice(confirm=True).pack(), user_id=PERSON)
        await bot.api.wait_sent(1, method="editMessageText")
    traces = [b"qqq zzz", b"[phone]", str(PERSON).encode()]
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert files
    for path in files:
        content = path.read_bytes()
        assert not any(trace in content for trace in traces), path


def test_retention_deletes_old_questions_and_pending_chat_ids(tmp_path: Path) -> None:
    store = Store(tmp_path / "relais.db")
    today = dt.date(2026, 11, 25)
    old = store.add_question(
        "p1", "fr", "vieille question", [], 111, 7, today - dt.timedelta(days=40)
    )
    recent = store.add_question(
        "p2", "fr", "question récente", [], 222, 7, today - dt.timedelta(days=10)
    )
    assert store.purge(30, today) == 1
    assert store.question(old) is None
    assert store.question(recent).chat_id is None  # the relay time (7 days) is over
    store.close()
    assert b"vieille question" not in b"".join(p.read_bytes() for p in tmp_path.iterdir())


async def test_a_broken_knowledge_base_is_refused_and_the_old_one_keeps_serving(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        broken = tmp_path / "knowledge" / "topics" / "food.yaml"
        broken.write_text("id: food\nfr: [\n", "utf-8")
        bot.api.send("/reload", user_id=MODERATOR)
        [acknowledged, errors] = await bot.api.wait_sent(2)
        assert "food.yaml line" in errors["text"]
        bot.api.send("ou dormir ce soir", user_id=PERSON)
        replies = await bot.api.wait_sent(3)
        assert "115" in replies[-1]["text"]


async def test_erase_deletes_the_conversation_from_the_phone(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        asked = bot.api.send("ou dormir ce soir", user_id=PERSON)
        await bot.api.wait_sent(1)
        erase = bot.api.send("/erase", user_id=PERSON)
        [deletion] = await bot.api.wait_sent(1, method="deleteMessages")
        deleted = set(deletion["message_ids"])
        answer_id = bot.api.calls[-2].result["message_id"]
        assert {asked, erase, answer_id} <= deleted
