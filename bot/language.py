"""Language identification of short messages among the nine languages of the bot.

A small character n-gram model (naive Bayes) trained on the knowledge base's own texts,
which include the Latin-letter forms people really type: Russian and Bulgarian in Latin
letters, Arabic in Arabizi, Chinese in pinyin. Detectors that go by script alone miss
those. The script is a first cue, and the person's chosen language a prior.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.text import APOSTROPHES, script_of

ORDERS = (1, 2, 3, 4)
SMOOTHING = 0.1
PRIOR_BONUS = 2.5  # nats added to the chosen language: it wins unless the text says otherwise
CLEAR_MARGIN = 4.0  # nats between the best and the chosen language to call a switch clear


@dataclass(frozen=True)
class LanguageGuess:
    lang: str
    margin: float  # how far ahead of the runner-up, in nats: small means unsure

    def clearly_not(self, lang: str | None) -> bool:
        """Whether the message is clearly in another language than `lang`."""
        return lang is not None and lang != self.lang and self.margin >= CLEAR_MARGIN


class LanguageIdentifier:
    """Naive Bayes over character 1- to 4-grams.

    Each language has one model per script it is written in (Russian in Cyrillic and in
    Latin letters, Arabic in Arabic letters and in Arabizi), so that a few Latin-letter
    examples are not drowned by the many in the language's own script. A message is
    compared only with the models of its own script.
    """

    def __init__(self, samples: Mapping[str, Iterable[str]]):
        self.languages = tuple(samples)
        counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        texts_per_model: Counter[tuple[str, str]] = Counter()
        for lang, texts in samples.items():
            for text in texts:
                script = script_of(text)
                if script != "none":
                    counts[(lang, script)].update(_ngrams(text))
                    texts_per_model[(lang, script)] += 1
        # A model trained on few texts gives each n-gram it saw a high probability; its
        # prior share keeps it from winning short messages it barely matches ("hi").
        all_texts = sum(texts_per_model.values())
        self._prior = {m: math.log(n / all_texts) for m, n in texts_per_model.items()}
        self._vocabulary = frozenset().union(*counts.values())
        self._log_probability: dict[tuple[str, str], dict[str, float]] = {}
        self._unseen: dict[tuple[str, str], float] = {}
        for model, counter in counts.items():
            total = sum(counter.values()) + SMOOTHING * len(self._vocabulary)
            self._log_probability[model] = {
                g: math.log((c + SMOOTHING) / total) for g, c in counter.items()
            }
            self._unseen[model] = math.log(SMOOTHING / total)

    def identify(self, text: str, prior: str | None = None) -> LanguageGuess:
        """The most likely language of `text`; `prior` is the person's chosen language."""
        script = script_of(text)
        models = [m for m in self._log_probability if m[1] == script] or list(self._log_probability)
        grams = [g for g in _ngrams(text) if g in self._vocabulary]
        evidence: dict[str, float] = {}
        for model in models:
            score = self._evidence(model, grams)
            evidence[model[0]] = max(score, evidence.get(model[0], -math.inf))
        if not evidence:
            return LanguageGuess(prior or self.languages[0], 0.0)
        with_prior = {
            lang: s + (PRIOR_BONUS if lang == prior else 0.0) for lang, s in evidence.items()
        }
        best = max(with_prior, key=with_prior.__getitem__)
        if prior in evidence and best != prior:
            return LanguageGuess(best, evidence[best] - evidence[prior])
        others = [s for lang, s in with_prior.items() if lang != best]
        return LanguageGuess(best, with_prior[best] - max(others, default=-math.inf))

    def _evidence(self, model: tuple[str, str], grams: list[str]) -> float:
        table, unseen = self._log_probability[model], self._unseen[model]
        return self._prior[model] + sum(table.get(g, unseen) for g in grams)


def _ngrams(text: str) -> list[str]:
    """Character n-grams of each word, padded with spaces, accents kept (they tell languages
    apart: ș is Romanian, ã Portuguese, ñ Spanish)."""
    folded = unicodedata.normalize("NFKC", text).translate(APOSTROPHES).casefold()
    grams: list[str] = []
    for word in "".join(c if c.isalnum() or c == "'" else " " for c in folded).split():
        padded = f" {word} "
        for n in ORDERS:
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams
