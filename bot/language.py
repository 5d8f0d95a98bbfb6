"""Language identification of short messages among the nine languages of the bot.

A small character n-gram model (naive Bayes) trained on the knowledge base's own texts,
which include the Latin-letter forms people really type: Russian and Bulgarian in Latin
letters, Arabic in Arabizi, Chinese in pinyin. Detectors that go by script alone miss
those. The script is a first cue, and the person's chosen language a prior.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.text import APOSTROPHES, script_of

ORDERS = (1, 2, 3, 4)
SMOOTHING = 0.1
PRIOR_BONUS = 2.5  # nats added to the chosen language: it wins unless the text says otherwise
CLEAR_MARGIN = 4.0  # nats between the best and the chosen language to call a switch clear
SCRIPT_LANGUAGES = {"han": ("zh",), "arabic": ("ar",), "cyrillic": ("ru", "bg")}


@dataclass(frozen=True)
class LanguageGuess:
    lang: str
    margin: float  # how far ahead of the runner-up, in nats: small means unsure

    def clearly_not(self, lang: str | None) -> bool:
        """Whether the message is clearly in another language than `lang`."""
        return lang is not None and lang != self.lang and self.margin >= CLEAR_MARGIN


class LanguageIdentifier:
    """Naive Bayes over character 1- to 4-grams, one table for all nine languages."""

    def __init__(self, samples: Mapping[str, Iterable[str]]):
        self.languages = tuple(samples)
        counts = {lang: Counter(g for text in texts for g in _ngrams(text))
                  for lang, texts in samples.items()}
        self._vocabulary = frozenset().union(*counts.values())
        self._log_probability: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}
        for lang, counter in counts.items():
            total = sum(counter.values()) + SMOOTHING * len(self._vocabulary)
            self._log_probability[lang] = {g: math.log((c + SMOOTHING) / total)
                                           for g, c in counter.items()}
            self._unseen[lang] = math.log(SMOOTHING / total)

    def identify(self, text: str, prior: str | None = None) -> LanguageGuess:
        """The most likely language of `text`; `prior` is the person's chosen language."""
        allowed = [lang for lang in SCRIPT_LANGUAGES.get(script_of(text), self.languages)
                   if lang in self.languages]
        grams = [g for g in _ngrams(text) if g in self._vocabulary]
        evidence = {lang: self._evidence(lang, grams) for lang in allowed}
        if not evidence:
            return LanguageGuess(prior or self.languages[0], 0.0)
        with_prior = {lang: s + (PRIOR_BONUS if lang == prior else 0.0)
                      for lang, s in evidence.items()}
        best = max(with_prior, key=with_prior.__getitem__)
        if prior in evidence and best != prior:
            return LanguageGuess(best, evidence[best] - evidence[prior])
        others = [s for lang, s in with_prior.items() if lang != best]
        return LanguageGuess(best, with_prior[best] - max(others, default=-math.inf))

    def _evidence(self, lang: str, grams: list[str]) -> float:
        table, unseen = self._log_probability[lang], self._unseen[lang]
        return sum(table.get(g, unseen) for g in grams)


def _ngrams(text: str) -> list[str]:
    """Character n-grams of each word, padded with spaces, accents kept (they tell languages
    apart: ș is Romanian, ã Portuguese, ñ Spanish)."""
    folded = unicodedata.normalize("NFKC", text).translate(APOSTROPHES).casefold()
    grams: list[str] = []
    for word in "".join(c if c.isalnum() or c == "'" else " " for c in folded).split():
        padded = f" {word} "
        for n in ORDERS:
            grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams
