"""The real bot process (`python -m bot`) killed with SIGKILL during a burst of questions
it cannot answer and during the moderators' replies: in the end every person is
answered, every question is kept once and posted with its link, and every moderator's
reply reaches its person, its question closed (issue 16).

Nothing is lost. Nothing is doubled but what no bot can know: a message whose answer
from Telegram the bot had not read when it died is sent again after the restart (the Bot
API has no way to ask whether it arrived). At most `SENDS_AT_ONCE` messages are on their
way at once, so a kill repeats at most that many; in practice about one.
"""

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bot.store.database import Store
from bot.telegram.resilience import SENDS_AT_ONCE
from bot.testing.fake_api import BOT_USER, FakeBotAPI
from tests.telegram_harness import TOKEN

PROJECT = Path(__file__).resolve().parent.parent
MODERATOR, GROUP = 7001001, -1009876543210
PEOPLE = 80
FIRST_PERSON = 60_000_000
REPLIES = 40


class BotProcess:
    """`python -m bot` against the fake Bot API, started again after each kill."""

    def __init__(self, base: str, data_dir: Path):
        self.env = {
            **os.environ,
            "BOT_TOKEN": TOKEN,
            "BOT_API_BASE": base,
            "DATA_DIR": str(data_dir),
            "PSEUDONYM_SECRET": "a-secret-for-tests-only",
            "MODERATOR_IDS": str(MODERATOR),
            "MODERATOR_CHAT_ID": str(GROUP),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=PROJECT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


async def kill_when(bot: BotProcess, api: FakeBotAPI, counts: list[int]) -> None:
    """Kill the bot while it works, once `count` messages were delivered (a moment later,
    so that a kill does not always follow a delivery), and start it again."""
    for count in counts:
        await api.wait_delivered(count, timeout=300)
        await asyncio.sleep(0.05)
        bot.kill()
        bot.start()


def question_number(post: dict) -> int:
    return int(re.findall(r"#(\d+)", post["text"])[0])


def group_posts(api: FakeBotAPI) -> list[dict]:
    """The question posts in the moderators' group (not the "Sent." notes)."""
    return [
        c.result
        for c in api.delivered()
        if c.params["chat_id"] == str(GROUP) and c.params["text"].startswith("❓")
    ]


def to_people(api: FakeBotAPI) -> Counter[str]:
    return Counter(
        c.params["chat_id"] for c in api.delivered() if c.params["chat_id"] != str(GROUP)
    )


def reply_to(api: FakeBotAPI, post: dict, number: int) -> None:
    api.send(
        f"Réponse {number}: venez jeudi.",
        user_id=MODERATOR,
        chat_type="supergroup",
        chat_id=GROUP,
        reply_to_message={
            "message_id": post["message_id"],
            "date": int(time.time()),
            "chat": {"id": GROUP, "type": "supergroup"},
            "from": BOT_USER,
            "text": post["text"],
        },
    )


async def test_nothing_is_lost_or_doubled_when_the_bot_is_killed(tmp_path: Path) -> None:
    api = FakeBotAPI()
    bot = BotProcess(await api.start(), tmp_path)
    for person in range(PEOPLE):
        api.send(f"qqq zzz vvv xq{person}", user_id=FIRST_PERSON + person)
    bot.start()
    try:
        # The burst: a notice to each person and a post for each question.
        await kill_when(bot, api, [20, 90])
        await api.wait_delivered(2 * PEOPLE, timeout=300)
        # A kill between a post and its link posts a question twice: a moderator answers
        # it once (a second reply is told the person was already answered).
        posts = sorted(
            {question_number(p): p for p in group_posts(api)}.items(), key=lambda item: item[0]
        )
        for number, (_, post) in enumerate(posts[:REPLIES]):
            reply_to(api, post, number)
        # The replies: to each person, and "Sent." to the moderator.
        await kill_when(bot, api, [2 * PEOPLE + 30])
        await api.wait_delivered(2 * PEOPLE + 2 * REPLIES, timeout=300)
        await asyncio.sleep(1.0)  # any duplicate would come now
    finally:
        bot.stop()
        await api.stop()

    kills = 3
    posted = Counter(question_number(p) for p in group_posts(api))
    assert len(posted) == PEOPLE, "every question posted"
    answered = to_people(api)
    expected = [1] * (PEOPLE - REPLIES) + [2] * REPLIES  # a notice, then a moderator's reply
    assert len(answered) == PEOPLE and all(
        n >= 1 + (q < REPLIES) for q, n in enumerate(sorted(answered.values(), reverse=True))
    ), "every person answered"
    store = Store(tmp_path / "relais.db")
    questions = store.questions()
    deliveries = store.deliveries()
    store.close()
    assert len(questions) == PEOPLE, "each question kept once"
    links = {p["message_id"] for p in group_posts(api)}
    assert all(q.post_id in links for q in questions), "each question linked to its post"
    assert sum(q.status == "answered" and q.chat_id is None for q in questions) == REPLIES
    assert deliveries == []
    # A reply owed when the bot died is sent at start, copied from the moderators' group.
    copied = {int(c.params["message_id"]) for c in api.delivered("copyMessage")}
    moderators = [u["message"] for u in api._history.values() if "message" in u]
    texts = [c.params["text"] for c in api.delivered()] + [
        m["text"] for m in moderators if m["message_id"] in copied
    ]
    relayed = {int(n) for t in texts for n in re.findall(r"Réponse (\d+): venez jeudi", t)}
    assert relayed == set(range(REPLIES)), "each moderator's reply relayed"
    repeated = sum(posted.values()) - PEOPLE + sum(answered.values()) - sum(expected)
    assert repeated <= SENDS_AT_ONCE * kills
