"""The bot's files are its user's only: the data folder 0700, every file in it 0600,
whatever the umask the bot was started with (issue 16, defect 8)."""

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path

from bot.store.database import Store
from bot.testing.fake_api import FakeBotAPI
from tests.telegram_harness import TOKEN

PROJECT = Path(__file__).resolve().parent.parent


def test_a_new_database_is_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        Store(tmp_path / "data" / "relais.db").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "data" / "relais.db").stat().st_mode) == 0o600


async def test_the_running_bot_keeps_its_data_folder_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    api = FakeBotAPI()
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "BOT_API_BASE": await api.start(),
        "DATA_DIR": str(data),
        "PSEUDONYM_SECRET": "a-secret-for-tests-only",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: os.umask(0o022),  # noqa: PLW1509 (the child alone; no threads yet)
    )
    try:
        api.tap("l:ro")
        await api.wait_sent(1, timeout=60)
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 15)
        await api.stop()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    paths = list(data.rglob("*"))
    assert any(p.name == "relais.db" for p in paths)
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
