"""Shared fixtures: the shipped knowledge base, and a tiny one to break on purpose."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.cache import load_engine
from bot.core.engine import Engine
from bot.knowledge.loader import load_knowledge

# Tests never read the developer's .env nor write into the checkout: settings come from
# each test, and the bot's files (database, cache) go to a folder of this run.
os.environ["ENV_FILE"] = os.devnull
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="relais-tests-")

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
SHARED = PROJECT.parent / "shared"
MINI_KB = TESTS / "data" / "mini_kb"
# The vectors of the knowledge base's examples take minutes to embed: they are kept outside
# the checkout, for this run and the next ones (and for the commands tests start).
CACHE = Path(
    os.environ.setdefault("RELAIS_CACHE_DIR", str(Path(tempfile.gettempdir()) / "relais-tests"))
)


def shared_file(relative: str) -> Path:
    """A file of ../shared (the evaluation set, the naughty strings). A developer without
    it gets the tests that need it skipped; in CI (CI=true) its absence fails the run, so
    a clean checkout never loses the quality gate in silence."""
    path = SHARED / relative
    if not path.is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"../shared/{relative} is missing: CI needs ../shared beside the project")
        pytest.skip(f"../shared/{relative} is not beside the project")
    return path


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the shipped knowledge base, with the sentence encoder, built once
    for the whole run."""
    return load_engine(PROJECT / "knowledge", CACHE)


@pytest.fixture(scope="session")
def mini_engine() -> Engine:
    return Engine(load_knowledge(MINI_KB))


@pytest.fixture()
def mini_kb(tmp_path: Path) -> Path:
    """A copy of the tiny knowledge base that a test may break."""
    folder = tmp_path / "knowledge"
    shutil.copytree(MINI_KB, folder)
    return folder
