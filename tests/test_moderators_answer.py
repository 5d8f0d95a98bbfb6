"""Moderators answer anyone in their own language, end to end over the fake Bot API: a
topic or a ready reply sent with a tap, a free reply framed as a volunteer's, the
handled post without buttons, the person's reply in the same thread, /stats and /reload."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.core.engine import Engine
from bot.core.hours import today_in_france
from bot.core.i18n import translator
from bot.core.titles import find_topics
from bot.telegram.callbacks import LanguageChoice, Moderation
from tests.test_moderation_e2e import GROUP, MODERATOR, copy_knowledge, group_reply, moderated

CHINESE = 880066601
UNANSWERED_ZH = "这个怎么弄"  # "how do I do this?": a question only a person can take up
VOLUNTEER_ZH = "协会的志愿者"


def posts(bot: Any) -> list[Any]:
    """The bot's calls that posted to the moderators' group."""
    return [
        c
        for c in bot.api.calls
        if c.method == "sendMessage"
        and str(c.params["chat_id"]) == str(GROUP)
        and c.params["text"].startswith(("❓", "↩️"))
    ]


def to_person(bot: Any) -> list[Any]:
    return [
        c
        for c in bot.api.calls
        if c.method == "sendMessage" and str(c.params["chat_id"]) == str(CHINESE)
    ]


async def ask_in_chinese(bot: Any) -> tuple[int, dict[str, Any]]:
    """She chooses Chinese and asks what the bot cannot answer; (number, post)."""
    bot.api.tap(LanguageChoice(code="zh").pack(), user_id=CHINESE)
    await bot.api.wait_sent(1)
    bot.api.send(UNANSWERED_ZH, user_id=CHINESE, language_code="zh")
    await bot.api.wait_sent(3)  # her confirmation, the post, the notice to her
    [post] = posts(bot)
    return int(post.result["text"].split("#")[1].split()[0]), post.result


def tap(bot: Any, action: str, number: int, topic: str = "", org: str = "") -> None:
    data = Moderation(action=action, question=number, topic=topic, org=org).pack()
    assert len(data.encode()) <= 64  # Telegram's limit for callback data
    bot.api.tap(data, user_id=MODERATOR)


async def test_the_post_gives_the_language_in_words_and_topic_titles(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        _, post = await ask_in_chinese(bot)
        assert "chinois (zh)" in post["text"]
        [call] = posts(bot)
        buttons = [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
        assert "🔎 Send topic…" in buttons and "🏙️ Dans quelle ville ?" in buttons
        assert not any("legal.sexwork_law" in b for b in buttons)  # titles, not ids


async def test_send_topic_reaches_her_in_chinese_and_closes_the_post(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        number, _ = await ask_in_chinese(bot)
        tap(bot, "assign", number, "health.pep")
        [edit] = await bot.api.wait_sent(1, method="editMessageText")
        answer = to_person(bot)[-1].params["text"]
        assert VOLUNTEER_ZH in answer
        assert engine.kb.topic("health.pep").text("zh").answer.splitlines()[0] in answer
        assert "sent topic health.pep" in edit["text"] and "👤" in edit["text"]
        assert not edit.get("reply_markup")  # the buttons are gone
        suggestion = tmp_path / "knowledge" / "suggestions" / "health.pep.yaml"
        assert UNANSWERED_ZH in suggestion.read_text("utf-8")  # an example to review


async def test_a_second_tap_on_a_handled_question_sends_nothing_more(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        number, _ = await ask_in_chinese(bot)
        tap(bot, "assign", number, "health.pep")
        await bot.api.wait_sent(1, method="editMessageText")
        sent = len(to_person(bot))
        tap(bot, "ready", number, "city")
        await bot.api.wait_sent(2, method="editMessageText")  # shown handled again
        assert len(to_person(bot)) == sent


async def test_her_reply_to_the_moderator_lands_in_the_same_thread(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        number, post = await ask_in_chinese(bot)
        tap(bot, "assign", number, "health.pep")
        await bot.api.wait_sent(1, method="editMessageText")
        answer = to_person(bot)[-1].result
        bot.api.send(
            "谢谢，那我在哪里可以拿药",  # "thank you, so where can I get the medicine"
            user_id=CHINESE,
            language_code="zh",
            reply_to_message={
                "message_id": answer["message_id"],
                "date": int(time.time()),
                "chat": {"id": CHINESE, "type": "private"},
                "from": {"id": 4242, "is_bot": True, "first_name": "Relais"},
                "text": answer["text"],
            },
        )
        while len(posts(bot)) < 2:
            await bot.api.wait_sent(len(bot.api.sent()) + 1)
        follow_up = posts(bot)[-1]
        assert follow_up.params["reply_parameters"]["message_id"] == post["message_id"]
        assert f"thread of #{number}" in follow_up.result["text"]
        assert "谢谢" in follow_up.result["text"]


async def test_an_emergency_in_her_reply_still_gets_the_numbers_first(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        number, _ = await ask_in_chinese(bot)
        group_reply(bot, "Bonjour, quelle ville ?", {"message_id": _post_id(bot)}, MODERATOR)
        await bot.api.wait_sent(5)  # her answer and "Sent." to the moderator
        answer = to_person(bot)[-1].result
        bot.api.send(
            "他要杀我，救命",  # "he wants to kill me, help"
            user_id=CHINESE,
            language_code="zh",
            reply_to_message={
                "message_id": answer["message_id"],
                "date": int(time.time()),
                "chat": {"id": CHINESE, "type": "private"},
                "text": answer["text"],
            },
        )
        while len(posts(bot)) < 2:
            await bot.api.wait_sent(len(bot.api.sent()) + 1)
        emergency = to_person(bot)[-1].params["text"]
        assert "112" in emergency and "17" in emergency


def _candidates(bot: Any) -> list[str]:
    return [c["topic"] for c in bot.store.question(1).candidates]


def _post_id(bot: Any) -> int:
    return int(posts(bot)[0].result["message_id"])


async def test_a_free_reply_is_framed_as_a_volunteers_in_her_language(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        await ask_in_chinese(bot)
        group_reply(bot, "Bonjour, venez jeudi à 14 h.", {"message_id": _post_id(bot)}, MODERATOR)
        [edit] = await bot.api.wait_sent(1, method="editMessageText")
        text = to_person(bot)[-1].params["text"]
        assert VOLUNTEER_ZH in text and "法语" in text  # may be in French
        assert "Bonjour, venez jeudi à 14 h." in text
        assert "replied" in edit["text"] and not edit.get("reply_markup")


@pytest.mark.parametrize(
    ("reply", "org", "expected"),
    [
        ("city", "", "您在哪个城市"),
        ("looking", "", "24小时"),
        ("call", "planning-familial", "Planning familial"),
    ],
)
async def test_a_ready_reply_arrives_in_her_language(
    engine: Engine, tmp_path: Path, reply: str, org: str, expected: str
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        number, _ = await ask_in_chinese(bot)
        tap(bot, "ready", number, reply, org)
        [edit] = await bot.api.wait_sent(1, method="editMessageText")
        text = to_person(bot)[-1].params["text"]
        assert VOLUNTEER_ZH in text and expected in text
        assert f"ready reply {reply}" in edit["text"]


async def test_call_this_association_lets_the_moderator_choose_the_organisation(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        number, _ = await ask_in_chinese(bot)
        tap(bot, "orgs", number, "call")
        [markup] = await bot.api.wait_sent(1, method="editMessageReplyMarkup")
        choices = [b for row in markup["reply_markup"]["inline_keyboard"] for b in row]
        first = engine.kb.topic(_candidates(bot)[0]).referrals[0]  # the closest topic's contacts
        assert Moderation.unpack(choices[0]["callback_data"]).org == first
        assert all(Moderation.unpack(b["callback_data"]).action == "ready" for b in choices)


async def test_stats_figures_match_the_events(engine: Engine, tmp_path: Path) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        today = today_in_france()
        for _ in range(6):  # what the engine counted earlier today
            bot.store.counts.add("answered", "health.pep", "fr", today)
        bot.store.counts.add("helpful", "health.pep", "fr", today)
        bot.store.counts.add("unhelpful", "food", "ro", today)
        number, _ = await ask_in_chinese(bot)
        tap(bot, "assign", number, "health.pep")
        await bot.api.wait_sent(1, method="editMessageText")
        unanswered = sum(
            c.count for c in bot.store.counts.between(today, today) if c.event == "unanswered"
        )
        bot.api.send("/stats", user_id=MODERATOR)
        sent = len(bot.api.sent())
        [*_, figures] = await bot.api.wait_sent(sent + 1)
        text = figures["text"]
        title = engine.kb.topic("health.pep").text("fr").title
        assert "answered: 6 (" in text and f"{title} 6" in text
        assert f"unanswered: {unanswered}" in text
        assert "👍 1 · 👎 1" in text
        assert "passed to moderators: 1 (waiting: 0)" in text
        assert "human replies: 1, median time to a human reply: " in text
        assert "reply: -" not in text


async def test_two_reloads_are_both_acknowledged_before_either_rebuild_ends(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.telegram import live

    rebuilt = live.load_engine
    release = threading.Event()

    def slow_rebuild(*args: Any, **kwargs: Any) -> Engine:
        release.wait(300)
        return rebuilt(*args, **kwargs)

    monkeypatch.setattr(live, "load_engine", slow_rebuild)
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        bot.api.send("/reload", user_id=MODERATOR)
        bot.api.send("/reload", user_id=MODERATOR)
        acknowledgements = await bot.api.wait_sent(2, timeout=20)
        _ = translator("fr")  # the moderator's Telegram language
        assert all(m["text"] == _("Reloading the knowledge base…") for m in acknowledgements)
        release.set()
        done = await bot.api.wait_sent(4, timeout=120)
        assert all(m["text"] == _("The new knowledge base is in use.") for m in done[2:])
        await asyncio.sleep(0)


async def test_report_month_in_the_group_sends_the_summary_and_the_chart(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        for _ in range(7):
            bot.store.counts.add("answered", "health.pep", "zh", today_in_france())
        bot.api.send("/report month", user_id=MODERATOR, chat_type="supergroup", chat_id=GROUP)
        [summary] = await bot.api.wait_sent(1)
        await bot.api.wait_sent(1, method="sendDocument")
        assert "# Relais observatory" in summary["text"] and "| zh |" in summary["text"]


@pytest.mark.parametrize(
    ("words", "topic"),
    [
        ("avortement", "health.abortion"),
        ("avortemnt", "health.abortion"),  # a typo
        ("papiers perdus", "papers.lost"),
        ("dent", "health.dental_eye"),  # the start of a word
        ("避孕", "health.contraception"),  # a title in another language
        ("health.pep", "health.pep"),  # the id
    ],
)
def test_topics_are_found_by_the_words_of_their_titles(
    engine: Engine, words: str, topic: str
) -> None:
    assert find_topics(engine.kb, words)[0].id == topic


def test_words_in_no_title_find_nothing(engine: Engine) -> None:
    assert find_topics(engine.kb, "xyzzy") == []


async def test_a_moderator_finds_a_topic_by_its_words_and_sends_it(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        number, post = await ask_in_chinese(bot)
        group_reply(bot, "/topic avortement", post, MODERATOR)
        [found] = (await bot.api.wait_sent(4))[3:]
        assert f"#{number}" in found["text"]
        assert not any("/topic" in c.params["text"] for c in to_person(bot))  # not relayed
        [first, *_] = [b for row in found["reply_markup"]["inline_keyboard"] for b in row]
        assert first["text"] == "📨 " + engine.kb.topic("health.abortion").text("fr").title
        bot.api.tap(first["callback_data"], user_id=MODERATOR)
        await bot.api.wait_sent(1, method="editMessageText")
        answer = to_person(bot)[-1].params["text"]
        assert engine.kb.topic("health.abortion").text("zh").answer.splitlines()[0] in answer


async def test_a_command_sent_as_a_reply_is_a_command_not_words_for_her(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        _, post = await ask_in_chinese(bot)
        group_reply(bot, "/stats", post, MODERATOR)
        [figures] = (await bot.api.wait_sent(4))[3:]
        assert figures["text"].startswith("📊")
        assert not any("/stats" in c.params["text"] for c in to_person(bot))
