"""The console chat: the same engine and replies as the bot, without Telegram."""

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.cli.console import run_chat
from bot.core.engine import Engine

PROJECT = Path(__file__).resolve().parent.parent


def chat(engine: Engine, *lines: str) -> str:
    out = io.StringIO()
    run_chat(engine, None, io.StringIO("\n".join(lines) + "\n"), out)
    return out.getvalue()


def test_a_question_gets_the_bot_answer(engine: Engine) -> None:
    assert "115" in chat(engine, "ou dormir se soir")


def test_help_lists_subjects_and_a_number_opens_one(engine: Engine) -> None:
    output = chat(engine, "/help", "1")
    first = engine.kb.topics[0]
    assert first.text("fr").answer.splitlines()[0] in output


def test_more_shows_the_details_only_when_asked(engine: Engine) -> None:
    topic, question = next(
        (t, q)
        for t in engine.kb.topics
        if t.texts["fr"].more
        for q in t.texts["fr"].questions
        if engine.handle(q, "fr").topic == t.id and engine.handle(q, "fr").decision == "answer"
    )
    detail = topic.texts["fr"].more.splitlines()[0]
    assert detail not in chat(engine, "/lang fr", question)
    assert detail in chat(engine, "/lang fr", question, "more")


def test_make_run_without_a_token_opens_the_console_chat() -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=PROJECT,
        env=env,
        input="ou dormir ce soir\n/quit\n",
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "console" in done.stdout and "115" in done.stdout
