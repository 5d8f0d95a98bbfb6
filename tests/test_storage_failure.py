"""A database that cannot be written (a full disk) never silences the bot: the person
still gets the answer, an honest word when a setting was not saved, memory keeps
following the database, and all works again once it can be written (defect 6)."""

import io
import logging
from pathlib import Path

from bot.core.engine import Engine
from bot.logs import JsonFormatter
from bot.store.database import Store
from bot.telegram.callbacks import ForgetChoice
from tests.telegram_harness import running_bot
from tests.test_moderation_e2e import OFF_TOPIC, PERSON, copy_knowledge, moderated


def writable(store: Store, yes: bool) -> None:
    """A full disk, as the bot meets it: every write fails, reads still work."""
    with store._lock:
        store.db.execute(f"PRAGMA query_only = {'OFF' if yes else 'ON'}")


async def test_a_language_that_cannot_be_saved_is_used_and_said_so(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        writable(bot.store, False)
        bot.api.tap("l:ro", user_id=PERSON)
        [confirmation] = await bot.api.wait_sent(1)
        assert "română" in confirmation["text"]  # the choice serves this reply
        assert "Nu am putut salva" in confirmation["text"]  # and the person knows
        bot.api.send("ou dormir ce soir", user_id=PERSON)
        [_, answer] = await bot.api.wait_sent(2)
        assert "115" in answer["text"] and "Appelez" in answer["text"]  # memory: still French
        assert bot.store.languages() == {}
        writable(bot.store, True)
        bot.api.tap("l:ro", user_id=PERSON)
        [*_, saved] = await bot.api.wait_sent(3)
        assert "Nu am putut salva" not in saved["text"]


async def test_a_question_that_cannot_be_kept_is_still_answered(
    engine: Engine, tmp_path: Path
) -> None:
    copy_knowledge(tmp_path)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    try:
        async with moderated(engine, tmp_path) as bot:
            writable(bot.store, False)
            for n in range(3):
                bot.api.send(f"{OFF_TOPIC} {n}", user_id=PERSON + n)
            replies = await bot.api.wait_sent(3)
            assert all("association" in r["text"].lower() for r in replies)
            writable(bot.store, True)
            bot.api.send(OFF_TOPIC, user_id=PERSON + 9)
            await bot.api.wait_sent(5)  # kept, posted and answered again
            assert len(bot.store.questions()) == 1
    finally:
        logging.getLogger().removeHandler(handler)
    failures = [line for line in stream.getvalue().splitlines() if "cannot be used" in line]
    assert len(failures) == 1 and "readonly" in failures[0]


async def test_forget_that_cannot_delete_says_so(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.tap("l:ro", user_id=PERSON)
        await bot.api.wait_sent(1)
        writable(bot.store, False)
        bot.api.tap(ForgetChoice(confirm=True).pack(), user_id=PERSON)
        [edit] = await bot.api.wait_sent(1, method="editMessageText")
        assert "/forget" in edit["text"]
        assert bot.store.languages()  # nothing was deleted, and the bot does not pretend
