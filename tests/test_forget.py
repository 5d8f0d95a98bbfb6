"""/forget deletes everything of the person's: their suggestions still waiting for
review, the bot's post in the moderators' group, the relay's pending state; examples
already accepted stay, as the association's content (issue 16, defect 3)."""

from pathlib import Path

from bot.core.engine import Engine
from bot.knowledge.suggestions import accept_suggestions
from bot.telegram.callbacks import ForgetChoice, Moderation
from tests.telegram_harness import RunningBot
from tests.test_moderation_e2e import (
    GROUP,
    MODERATOR,
    OFF_TOPIC,
    PERSON,
    ask_unanswered,
    copy_knowledge,
    moderated,
)

SUGGESTIONS = Path("knowledge") / "suggestions" / "health.testing.yaml"


async def assign(bot: RunningBot, post: dict) -> None:
    number = int(post["text"].split("#")[1].split()[0])
    data = Moderation(action="assign", question=number, topic="health.testing").pack()
    bot.api.tap(data, user_id=MODERATOR)
    await bot.api.wait_sent(1, method="editMessageText")


async def forget(bot: RunningBot, edits: int) -> list[dict]:
    bot.api.tap(ForgetChoice(confirm=True).pack(), user_id=PERSON)
    return await bot.api.wait_sent(edits, method="editMessageText")


async def test_forget_redacts_the_post_and_removes_the_waiting_suggestion(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        post = await ask_unanswered(bot)
        await assign(bot, post)
        assert "qqq" in (tmp_path / SUGGESTIONS).read_text("utf-8")
        edits = await forget(bot, 3)
    redacted = [e for e in edits if e["chat_id"] == str(GROUP)]
    assert redacted[-1]["message_id"] == str(post["message_id"])
    assert redacted[-1]["text"] == "[deleted at the person's request]"
    assert not (tmp_path / SUGGESTIONS).exists()


async def test_forget_ends_a_pending_reply(engine: Engine, tmp_path: Path) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        post = await ask_unanswered(bot)
        await forget(bot, 2)
        assert bot.store.questions() == [] and bot.store.deliveries() == []
        assert post["message_id"]


async def test_an_accepted_example_stays(engine: Engine, tmp_path: Path) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        post = await ask_unanswered(bot)
        await assign(bot, post)
        path = tmp_path / SUGGESTIONS
        path.write_text(path.read_text("utf-8").replace("accept: false", "accept: true"), "utf-8")
        assert accept_suggestions(tmp_path / "knowledge") == 1
        await forget(bot, 3)
    topic = (tmp_path / "knowledge" / "topics" / "health.testing.yaml").read_text("utf-8")
    assert OFF_TOPIC.split()[0] in topic
