"""Language identification of short messages among the nine languages of the bot.

A small character n-gram model (naive Bayes) trained on the knowledge base's own texts,
which include the Latin-letter forms people really type: Russian and Bulgarian in Latin
letters, Arabic in Arabizi, Chinese in pinyin. Detectors that go by script alone miss
those. The script is a first cue, and the person's chosen language a prior.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain

import numpy as np

from bot.core.text import Folded, script_of

ORDERS = (1, 2, 3, 4)
KNOWN_WORDS = 50_000  # words whose evidence is kept
WORD = re.compile(r"(?:[^\W_]|')+")  # letters, digits and apostrophes
# Letters of a word read for its language: a "word" of 4,000 times "a" would otherwise
# outweigh every real word of the message (its n-grams count once per letter).
LONGEST_WORD = 24
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
                    counts[(lang, script)].update(_ngrams(Folded.of(text)))
                    texts_per_model[(lang, script)] += 1
        self._models = list(counts)
        self._gram_ids = {g: n for n, g in enumerate(set().union(*counts.values()))}
        # One row per n-gram, one column per model: how much more likely the n-gram is
        # under the model than an unseen one. A message's evidence is a sum of rows.
        self._table = np.zeros((len(self._gram_ids), len(self._models)), dtype=np.float32)
        unseen = []
        for column, model in enumerate(self._models):
            total = sum(counts[model].values()) + SMOOTHING * len(self._gram_ids)
            unseen.append(math.log(SMOOTHING / total))
            for gram, count in counts[model].items():
                self._table[self._gram_ids[gram], column] = math.log(count / SMOOTHING + 1)
        self._unseen = np.array(unseen)
        # A model trained on few texts gives each n-gram it saw a high probability; its
        # prior share keeps it from winning short messages it barely matches ("hi").
        all_texts = sum(texts_per_model.values())
        self._prior = np.array([math.log(texts_per_model[m] / all_texts) for m in self._models])
        self._known_words: dict[str, np.ndarray] = {}

    def _word_evidence(self, word: str) -> np.ndarray:
        """The log-likelihood of one word under each model. Kept for the words already
        seen: people use the same few thousand words, and each costs dozens of n-grams."""
        found = self._known_words.get(word)
        if found is None:
            rows = [self._gram_ids[g] for g in _word_ngrams(word) if g in self._gram_ids]
            found = self._table[rows].sum(axis=0) + self._unseen * len(rows)
            if len(self._known_words) >= KNOWN_WORDS:
                self._known_words.clear()
            self._known_words[word] = found
        return found

    def identify(self, text: str | Folded, prior: str | None = None) -> LanguageGuess:
        """The most likely language of `text`; `prior` is the person's chosen language."""
        text = Folded.of(text)
        script = script_of(text.raw)
        words = [word[:LONGEST_WORD] for word in WORD.findall(text.lowered)]
        scores = (self._prior + sum(map(self._word_evidence, words))).tolist()
        evidence: dict[str, float] = {}
        for column, (lang, model_script) in enumerate(self._models):
            if script in (model_script, "none"):
                evidence[lang] = max(scores[column], evidence.get(lang, -math.inf))
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


def _ngrams(text: Folded) -> list[str]:
    return list(chain.from_iterable(map(_word_ngrams, WORD.findall(text.lowered))))


def _word_ngrams(word: str) -> tuple[str, ...]:
    """Character n-grams of a word, padded with spaces, accents kept (they tell languages
    apart: ș is Romanian, ã Portuguese, ñ Spanish)."""
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in ORDERS for i in range(len(padded) - n + 1))
