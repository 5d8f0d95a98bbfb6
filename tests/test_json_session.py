"""Calls to the Bot API go as JSON bodies; a call with a file still goes as a form."""

from __future__ import annotations

import json
from pathlib import Path

from aiogram.client.default import DefaultBotProperties
from aiogram.methods import SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.app import build_bot
from bot.telegram.json_session import json_body
from bot.testing.fake_api import FakeBotAPI
from tests.telegram_harness import fake_api_settings


def _message() -> SendMessage:
    button = InlineKeyboardButton(text="Menu", callback_data="menu")
    return SendMessage(
        chat_id=7,
        text="Où dormir ce soir ? 今晚 ليلة",
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
    )


def test_a_call_is_plain_json_without_its_empty_fields(tmp_path: Path) -> None:
    bot = build_bot(fake_api_settings("http://127.0.0.1:9", tmp_path))
    body = json.loads(json_body(bot, _message()))
    assert body == {
        "chat_id": 7,
        "text": "Où dormir ce soir ? 今晚 ليلة",
        "reply_markup": {"inline_keyboard": [[{"text": "Menu", "callback_data": "menu"}]]},
    }


def test_the_bots_defaults_fill_the_fields_left_to_them(tmp_path: Path) -> None:
    bot = build_bot(fake_api_settings("http://127.0.0.1:9", tmp_path))
    bot.default = DefaultBotProperties(parse_mode="HTML")
    assert json.loads(json_body(bot, _message()))["parse_mode"] == "HTML"


async def test_the_fake_api_reads_json_calls_and_form_calls_with_files(tmp_path: Path) -> None:
    api = FakeBotAPI()
    bot = build_bot(fake_api_settings(await api.start(), tmp_path))
    try:
        await bot(_message())
        await bot.send_document(7, BufferedInputFile(b"hello", "note.txt"), caption="a file")
    finally:
        await bot.session.close()
        await api.stop()
    [sent] = api.sent()
    assert sent["text"] == "Où dormir ce soir ? 今晚 ليلة"
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "menu"
    assert sent["chat_id"] == "7"  # as a form would give it
    [document] = api.sent("sendDocument")
    assert document["caption"] == "a file"
