"""What is built from the knowledge base, kept on disk between runs in a format that
cannot run code: numpy arrays saved with `allow_pickle=False`, plus JSON.

The vectors of the knowledge base's example texts are kept one per text, keyed by a hash
of the text and of the encoder's model: an association's edit re-embeds only the texts it
changed, and a fresh clone embeds them all once (minutes; progress on stderr). The
calibrated blend of lexical and semantic scores (three numbers) is kept too, keyed by a
fingerprint of the knowledge files and the core's code. The lexical parts are rebuilt at
each start (about 1.5 s): they are dictionaries of Python objects, and the pickle that kept
them could run code. Files are readable by their owner only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from bot.core.encoder import DIMENSION, Encoder, load_encoder
from bot.core.engine import Engine, build
from bot.core.semantic import Blend
from bot.knowledge.loader import load_knowledge

BATCH = 64  # texts embedded between two progress lines
KEPT_VECTORS = 30_000  # about 45 MB on disk; the shipped knowledge base has about 13,000
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def load_engine(folder: Path, cache: Path | None = None, encoder: Encoder | None = None) -> Engine:
    """The engine of the knowledge base in `folder`, with the sentence encoder when it
    loads (`encoder`, by default the shipped one). With `cache`, a folder, the example
    texts' vectors are kept there and only new or edited texts are embedded, and the
    calibrated blend is kept while the knowledge files and the core's code are unchanged."""
    kb = load_knowledge(folder)
    encoder = encoder or load_encoder()
    if encoder is None:
        return Engine(kb, build(kb, None))
    if cache is None:
        return Engine(kb, build(kb, encoder), encoder)
    calibration = cache / f"blend-{fingerprint(folder)}.json"
    built = build(kb, encoder, CachedVectors(encoder, cache), _read_blend(calibration))
    if built[-1] is not None and not calibration.is_file():
        blend = dataclasses.asdict(built[-1].blend)
        with contextlib.suppress(OSError):
            for old in cache.glob("blend-*.json"):
                old.unlink()
            write_private(calibration, lambda f: f.write(json.dumps(blend).encode()))
    return Engine(kb, built, encoder)


def _read_blend(path: Path) -> Blend | None:
    with contextlib.suppress(OSError, ValueError, TypeError):
        return Blend(**json.loads(path.read_text("utf-8")))
    return None


def fingerprint(folder: Path) -> str:
    """Changes when a knowledge file or the code that builds the engine changes."""
    digest = hashlib.sha256()
    code = Path(__file__).resolve().parent / "core"
    files = [*sorted(folder.rglob("*.yaml")), *sorted(code.glob("*.py"))]
    for path in files:
        if "suggestions" not in path.parts:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class CachedVectors:
    """An encoder for the knowledge base's example texts that remembers each text's vector
    on disk. Only example texts go through it: a person's message is never written."""

    def __init__(self, encoder: Encoder, folder: Path):
        self._encoder = encoder
        self.name = encoder.name
        self._folder = folder
        self._stem = "vectors-" + hashlib.sha256(encoder.name.encode()).hexdigest()[:12]

    def windows(self, text: str) -> list[str]:
        return self._encoder.windows(text)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of `texts`, embedding only those not yet on disk."""
        known = self._read()
        keys = [self._key(text) for text in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in known))
        if missing:
            known.update(
                zip(map(self._key, missing), self._embed_with_progress(missing), strict=True)
            )
        rows = np.stack([known[key] for key in keys]) if keys else np.zeros((0, DIMENSION))
        if missing:
            # These texts first, then the others already known, up to KEPT_VECTORS: another
            # knowledge base using the same folder (a test's, a copy being edited) must not
            # evict this one's vectors, and an edited text's old vector goes in the end.
            kept = list(dict.fromkeys([*keys, *known]))[:KEPT_VECTORS]
            self._write(kept, known)
        return rows.astype(np.float32)

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\0{text}".encode()).hexdigest()[:32]

    def _embed_with_progress(self, texts: Sequence[str]) -> list[np.ndarray]:
        started = time.monotonic()
        vectors: list[np.ndarray] = []
        for start in range(0, len(texts), BATCH):
            vectors.extend(self._encoder.embed(texts[start : start + BATCH]))
            done = min(start + BATCH, len(texts))
            elapsed = time.monotonic() - started
            left = elapsed / done * (len(texts) - done)
            print(
                f"\rembedding the knowledge base's examples: {done}/{len(texts)}"
                f" ({elapsed:.0f} s, about {left:.0f} s left)",
                end="\n" if done == len(texts) else "",
                file=sys.stderr,
                flush=True,
            )
        return vectors

    def _read(self) -> dict[str, np.ndarray]:
        """The vectors on disk by key; none when the files are missing or do not agree."""
        with contextlib.suppress(OSError, ValueError):
            keys = json.loads((self._folder / f"{self._stem}.json").read_text("utf-8"))
            array = np.load(self._folder / f"{self._stem}.npy", allow_pickle=False)
            if isinstance(keys, list) and array.shape == (len(keys), DIMENSION):
                return dict(zip(keys, array, strict=True))
        return {}

    def _write(self, keys: list[str], vectors: dict[str, np.ndarray]) -> None:
        array = np.stack([vectors[key] for key in keys]).astype(np.float32)
        with contextlib.suppress(OSError):
            write_private(self._folder / f"{self._stem}.npy", lambda f: np.save(f, array))
            write_private(
                self._folder / f"{self._stem}.json", lambda f: f.write(json.dumps(keys).encode())
            )


def write_private(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a file readable by its owner only, in a folder only its owner enters, whole
    or not at all (written aside, then renamed)."""
    path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    os.chmod(path.parent, FOLDER_MODE)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        write(file)
    temporary.replace(path)
