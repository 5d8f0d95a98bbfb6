"""The cache of the example texts' vectors: plain arrays and JSON, private files, and only
new or edited texts embedded again."""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.cache import CachedVectors
from bot.core.encoder import DIMENSION


class CountingEncoder:
    """A stand-in encoder that records the texts it was asked to embed."""

    name = "counting"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += texts
        rows = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            row[len(text) % DIMENSION] = 1.0
        return rows

    def windows(self, text: str) -> list[str]:
        return [text]


def test_an_edit_embeds_only_the_changed_text(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    CachedVectors(encoder, tmp_path).embed(["un", "deux", "trois"])
    encoder.embedded.clear()
    vectors = CachedVectors(encoder, tmp_path).embed(["un", "deux", "quatre"])
    assert encoder.embedded == ["quatre"]
    assert vectors.shape == (3, DIMENSION)


def test_cached_vectors_are_the_vectors(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    first = CachedVectors(encoder, tmp_path).embed(["a", "bb"])
    assert np.array_equal(CachedVectors(encoder, tmp_path).embed(["a", "bb"]), first)


def test_cache_files_are_private_arrays_and_json(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    CachedVectors(CountingEncoder(), folder).embed(["a"])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(folder.iterdir())
    assert {f.suffix for f in files} == {".npy", ".json"}
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    np.load(next(f for f in files if f.suffix == ".npy"), allow_pickle=False)


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    CachedVectors(encoder, tmp_path).embed(["a"])
    for path in tmp_path.glob("*.npy"):
        path.write_bytes(b"not numpy")
    encoder.embedded.clear()
    CachedVectors(encoder, tmp_path).embed(["a"])
    assert encoder.embedded == ["a"]


def test_another_knowledge_base_in_the_same_folder_does_not_evict_the_first(
    tmp_path: Path,
) -> None:
    counting = CountingEncoder()
    CachedVectors(counting, tmp_path).embed(["un", "deux"])
    CachedVectors(counting, tmp_path).embed(["trois"])
    counting.embedded.clear()
    CachedVectors(counting, tmp_path).embed(["un", "deux", "trois"])
    assert counting.embedded == []
