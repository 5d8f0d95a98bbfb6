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

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
SHARED = PROJECT.parent / "shared"
MINI_KB = TESTS / "data" / "mini_kb"
# The vectors of the knowledge base's examples take minutes to embed: they are kept outside
# the checkout, for this run and the next ones (and for the commands tests start).
CACHE = Path(
    os.environ.setdefault("RELAIS_CACHE_DIR", str(Path(tempfile.gettempdir()) / "relais-tests"))
)


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
