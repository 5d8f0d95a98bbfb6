"""The bot as a person meets it on Telegram: the real aiogram polling loop over HTTP
against the fake Bot API, with the shipped knowledge base. These tests are the
reference for the bot's behaviour."""

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.knowledge.model import LANGUAGES
from bot.telegram.callbacks import LanguageChoice, TopicChoice
from bot.testing.fake_api import FakeBotAPI
from tests.telegram_harness import TOKEN, running_bot

PROJECT = Path(__file__).resolve().parent.parent


def buttons(message: dict) -> list[dict]:
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_start_welcomes_and_offers_the_nine_languages(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("/start", language_code="ro")
        welcome, menu = await bot.api.wait_sent(2)
        labels = [b["text"] for b in buttons(menu)]
        assert labels == [
            "français",
            "English",
            "español",
            "português",
            "română",
            "български",
            "русский",
            "中文",
            "العربية",
        ]
        assert "112" in welcome["text"]
        assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(menu))


async def test_a_language_chosen_by_button_is_used_for_answers(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.tap(LanguageChoice(code="es").pack())
        await bot.api.wait_sent(1)
        bot.api.send("no tengo donde dormir esta noche")
        replies = await bot.api.wait_sent(2)
        assert "115" in replies[-1]["text"]
        assert (
            engine.kb.topic("shelter.tonight").text("es").answer.splitlines()[0]
            in (replies[-1]["text"])
        )


async def test_a_question_gets_the_answer_with_its_contacts(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("ou dormir se soir jsuis a la rue")
        [reply] = await bot.api.wait_sent(1)
        assert "115" in reply["text"]
        assert "🤝" in reply["text"]  # the best contacts, one line each


async def test_a_clarification_can_be_clicked_through(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        outcome = engine.handle("papiers", "fr")
        assert outcome.decision in {"clarify", "answer"}
        bot.api.send("papiers")
        [reply] = await bot.api.wait_sent(1)
        topic = outcome.candidates[0].topic
        assert (
            any(b.get("callback_data") == TopicChoice(topic=topic).pack() for b in buttons(reply))
            or outcome.decision == "answer"
        )
        bot.api.tap(TopicChoice(topic=topic).pack())
        replies = await bot.api.wait_sent(2)
        assert engine.kb.topic(topic).text("fr").answer.splitlines()[0] in replies[-1]["text"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("помогите он меня бьёт прямо сейчас", "ru"),
        ("ajutor ma bate acum", "ro"),
        ("救命 有人要杀我", "zh"),
        ("ساعدوني يريد قتلي", "ar"),
    ],
)
async def test_an_emergency_leads_with_the_numbers_in_the_persons_language(
    engine: Engine, tmp_path: Path, text: str, lang: str
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send(text, language_code="fr")
        [reply] = await bot.api.wait_sent(1)
        block = engine.kb.emergency.block[lang]
        assert (
            reply["text"].lstrip("\u200f").startswith(block.splitlines()[0].lstrip("\u200f")[:10])
        )
        assert "112" in reply["text"].split("\n\n")[0]


LONG_STORY = "Je voudrais vous raconter ma vie en France depuis deux ans. " * 26  # 1,534


async def test_a_danger_after_1500_characters_is_found(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send(LONG_STORY + "Il est là, il va me tuer.")
        [reply] = await bot.api.wait_sent(1)
        assert reply["text"].startswith(engine.kb.emergency.block["fr"].splitlines()[0])


@pytest.mark.parametrize(
    "content",
    [
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            }
        },
        {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
        {"video": {"file_id": "v", "file_unique_id": "v", "width": 1, "height": 1, "duration": 1}},
        {"document": {"file_id": "d", "file_unique_id": "d"}},
        {"contact": {"phone_number": "+33600000000", "first_name": "X"}},
    ],
    ids=["sticker", "photo", "voice", "video", "document", "contact"],
)
async def test_non_text_messages_get_a_short_reply_in_the_persons_language(
    engine: Engine, tmp_path: Path, content: dict
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send(None, language_code="en", **content)
        [reply] = await bot.api.wait_sent(1)
        assert "/help" in reply["text"]
        assert "+33600000000" not in reply["text"]


async def test_an_edited_message_is_answered_with_a_note(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("ou dormir", edited=True)
        [reply] = await bot.api.wait_sent(1)
        assert reply["text"]


async def test_a_very_long_message_is_answered_within_telegram_limits(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("je dors dehors " * 290)
        replies = await bot.api.wait_sent(1)
        assert all(len(r["text"]) <= 4096 for r in replies)


@pytest.mark.parametrize(
    "command", ["/start ???junk<>", "/help me now please", "/lang zz", "/nonsense"]
)
async def test_commands_with_junk_arguments_still_answer(
    engine: Engine, tmp_path: Path, command: str
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send(command)
        replies = await bot.api.wait_sent(1)
        assert replies[0]["text"]


async def test_a_location_gets_contacts(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send(None, location={"latitude": 45.76, "longitude": 4.83})
        [reply] = await bot.api.wait_sent(1)
        assert "🤝" in reply["text"]


async def test_in_a_group_the_bot_is_silent_unless_addressed(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("ou dormir ce soir", chat_type="supergroup", chat_id=-100123)
        bot.api.send("@relais_test_bot ou dormir", chat_type="supergroup", chat_id=-100123)
        [reply] = await bot.api.wait_sent(1)
        assert "t.me/relais_test_bot" in reply["text"]
        await asyncio.sleep(0.5)
        assert len(bot.api.sent()) == 1


async def test_one_failing_update_does_not_stop_the_bot(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.fail_next("sendMessage", 400, "Bad Request: message text is empty")
        bot.api.send("ou dormir ce soir")
        bot.api.send("ou dormir ce soir")
        replies = await bot.api.wait_sent(2)
        assert "115" in replies[-1]["text"]


async def test_sigterm_stops_the_bot_cleanly_within_seconds(tmp_path: Path) -> None:
    api = FakeBotAPI()
    base = await api.start()
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "BOT_API_BASE": base,
        "DATA_DIR": str(tmp_path),
        "PSEUDONYM_SECRET": "a-secret-for-tests-only",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        api.send("ou dormir ce soir")
        await api.wait_sent(1, timeout=60)
        process.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(process.wait, 15)
        assert code == 0
    finally:
        if process.poll() is None:
            process.kill()
        await asyncio.to_thread(process.communicate)
        await api.stop()


def test_every_language_has_an_interface_catalog() -> None:
    for lang in LANGUAGES:
        assert (PROJECT / "locales" / lang / "LC_MESSAGES" / "relais.po").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_bot_answers_in_each_language(engine: Engine, tmp_path: Path, lang: str) -> None:
    topic = engine.kb.topic("shelter.tonight")
    async with running_bot(engine, tmp_path) as bot:
        bot.api.tap(LanguageChoice(code=lang).pack())
        [confirmation] = await bot.api.wait_sent(1)
        bot.api.send(topic.text(lang).questions[-1])
        replies = await bot.api.wait_sent(2)
        assert confirmation["text"]
        shown = replies[-1]["text"].replace("\u2066", "").replace("\u2069", "")  # bidi isolates
        assert topic.text(lang).answer.splitlines()[0] in shown


async def test_a_person_who_blocked_the_bot_is_skipped(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
        bot.api.send("ou dormir ce soir", user_id=5551)
        bot.api.send("ou dormir ce soir", user_id=5552)
        replies = await bot.api.wait_sent(2)
        assert replies[-1]["chat_id"] == "5552"


async def test_flooding_is_slowed_but_a_danger_message_goes_through(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path, FLOOD_MESSAGES="3", FLOOD_SECONDS="600") as bot:
        for _ in range(5):
            bot.api.send("ou dormir ce soir")
        bot.api.send("au secours il va me tuer")
        replies = await bot.api.wait_sent(5)
        assert sum("115" in r["text"] for r in replies) == 3
        assert any("17" in r["text"] and "112" in r["text"] for r in replies)


async def test_a_message_not_understood_offers_the_languages(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("Ich brauche Hilfe mit meiner Wohnung bitte")
        [reply] = await bot.api.wait_sent(1)
        labels = {b["text"] for b in buttons(reply)}
        assert {"română", "العربية"} <= labels
        assert "112" in reply["text"]
