"""Input meant to mislead or profile: a forged button shows nothing, a very long repeated
text keeps its language, and logs never tie a pseudonym to a topic (issue 16, defects
9 and 10)."""

import io
import logging
from pathlib import Path

from bot.core.engine import Engine
from bot.logs import JsonFormatter
from bot.store.pseudonyms import pseudonym
from tests.telegram_harness import running_bot

PERSON = 4455667


async def test_a_forged_category_button_never_shows_its_text(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.tap("c:Envoyez 50 euros au 0600000000", user_id=PERSON)
        bot.api.send("ou dormir ce soir", user_id=PERSON)
        await bot.api.wait_sent(1)
        shown = [c.params.get("text", "") for c in bot.api.calls]
        assert not any("50 euros" in text for text in shown)


async def test_a_very_long_repeated_text_keeps_its_french(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("où dormir " + 4086 * "a", user_id=PERSON, language_code="fr")
        [reply] = await bot.api.wait_sent(1)
        french = engine.kb.topic("shelter.tonight").text("fr").answer.splitlines()[0]
        assert french in reply["text"]


async def test_no_log_line_ties_a_pseudonym_to_a_topic(engine: Engine, tmp_path: Path) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        async with running_bot(engine, tmp_path) as bot:
            bot.api.send("ou dormir ce soir", user_id=PERSON)
            await bot.api.wait_sent(1)
            code = pseudonym(PERSON, bot.settings.pseudonym_secret)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    logs = stream.getvalue()
    assert "shelter.tonight" in logs  # the topic is logged, for the figures...
    assert code[:6] not in logs  # ...but never whose question it was
