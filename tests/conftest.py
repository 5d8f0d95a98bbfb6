"""Shared fixtures: the shipped knowledge base, and a tiny one to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.knowledge.loader import load_knowledge

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
SHARED = PROJECT.parent / "shared"
MINI_KB = TESTS / "data" / "mini_kb"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the shipped knowledge base, built once for the whole run."""
    return Engine(load_knowledge(PROJECT / "knowledge"))


@pytest.fixture(scope="session")
def mini_engine() -> Engine:
    return Engine(load_knowledge(MINI_KB))


@pytest.fixture()
def mini_kb(tmp_path: Path) -> Path:
    """A copy of the tiny knowledge base that a test may break."""
    folder = tmp_path / "knowledge"
    shutil.copytree(MINI_KB, folder)
    return folder
