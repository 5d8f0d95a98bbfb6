"""Matching a free-text question to the topics of the knowledge base.

Each example question and keyword of a topic is a small document, and so are all of
them together (a long message may echo several examples of one topic). A question is compared
with them by cosine similarity of TF-IDF vectors over words and character trigrams: the
words reward the right vocabulary, the trigrams forgive misspellings ("dormire", "logment").
A word the index does not know is also mapped to its nearest known word (rapidfuzz). An
inverted index touches only the documents that share a feature with the question, and a
feature shared by thousands of documents keeps only those where it weighs most, so the cost
of a question grows with its words, not with the size of the knowledge base.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import itemgetter

import numpy as np
from rapidfuzz import fuzz, process

from bot.text import CJK, Folded

KEYWORD_WEIGHT = 0.9  # a keyword alone is a weaker sign than a whole example question
CORRECTION_CUTOFF = 80  # rapidfuzz ratio for mapping an unknown word to a known one
CORRECTION_MIN_LENGTH = 4

# Calibrated on labelled questions (shared/eval/dev.jsonl): below the answer threshold
# most questions are off-topic. A long message carries context words no example has, so
# its similarity is lower for the same meaning: the threshold falls with its length.
ANSWER_THRESHOLD = 0.27
THRESHOLD_FALL_PER_WORD = 0.005  # for each word beyond SHORT_MESSAGE_WORDS
SHORT_MESSAGE_WORDS = 8
LOWEST_THRESHOLD = 0.15
CLOSE_SHARE = 0.03  # two topics this close are offered as a choice rather than guessed
SURE_SCORE = 0.5  # at or above this, answer even when a second topic is close
CANDIDATES = 3
PAIR = "\x00"  # marks a pair of Chinese characters among the words
KEPT_POSTINGS = 500_000  # postings of the words' shares kept, per language (4 MB)
# A feature keeps the documents where it weighs most. Only a word or trigram that thousands
# of documents share ("de", "<la") has more; elsewhere its weight is small, and the top
# topics of a question stay the same (measured on 10,000 topics) at a quarter of the cost.
POSTINGS_PER_FEATURE = 5_000


@dataclass(frozen=True)
class Candidate:
    topic: str
    score: float


@dataclass(frozen=True)
class Match:
    """The matcher's decision: 'answer', 'clarify' or 'unanswered'.

    `candidates` keep the best topics and their scores even when unanswered: the
    moderators need them.
    """

    decision: str
    topic: str | None
    candidates: tuple[Candidate, ...]
    score: float


@dataclass(frozen=True)
class _Part:
    """A word's share of a question: its features' TF-IDF weights, and the documents it
    touches with its (not yet normalised) product with each."""

    weights: dict[str, float]
    docs: np.ndarray
    products: np.ndarray


@dataclass(frozen=True)
class Document:
    topic: str
    text: str
    weight: float = 1.0


class LanguageIndex:
    """The example questions and keywords of one language, ready to be searched.

    Documents are grouped by topic. The index holds, for each feature, the documents
    that have it and its weight there, in flat numpy arrays: a question's scores are one
    `bincount` over the postings of its own features, and each topic's best document one
    `maximum.reduceat`, whatever the size of the knowledge base.
    """

    def __init__(self, lang: str, documents: Sequence[Document], spellings: Mapping[str, str]):
        self.lang = lang
        self._spellings = dict(spellings)
        documents = sorted(documents, key=lambda d: d.topic)
        topics = [d.topic for d in documents]
        first_document: dict[str, int] = {}
        for number, topic in enumerate(topics):
            first_document.setdefault(topic, number)
        self._topic_ids = list(first_document)
        self._topic_starts = np.array(list(first_document.values()), dtype=np.int64)
        bags = [self._bag(Folded.of(d.text)) for d in documents]
        # Rarity is counted in topics, not examples: a word that many topics use ("help",
        # "the", "de") says little about which topic is meant.
        topics_with = Counter(f for features in _features_by_topic(topics, bags) for f in features)
        topic_count = len(self._topic_ids)
        self._feature_ids = {f: n for n, f in enumerate(topics_with)}
        # A feature no topic has counts at full rarity: a question full of words the
        # knowledge base does not know is far from every topic. It sits last, at id -1.
        self._idf = np.array(
            [*(math.log((topic_count + 1) / (topics_with[f] + 0.5)) for f in topics_with)]
            + [math.log((topic_count + 1) / 0.5)],
        )
        postings: list[list[tuple[int, float]]] = [[] for _ in topics_with]
        # A keyword alone is a weaker sign than a whole question: each document's weight
        # is in its postings.
        for number, (bag, document) in enumerate(zip(bags, documents, strict=True)):
            ids, weights = self._vector(bag)
            for feature, weight in zip(ids.tolist(), weights.tolist(), strict=True):
                postings[feature].append((number, weight * document.weight))
        postings = [_strongest(p, POSTINGS_PER_FEATURE) for p in postings]
        self._offsets = np.concatenate(([0], np.cumsum([len(p) for p in postings]))).astype(
            np.int64
        )
        self._post_docs = np.array([d for p in postings for d, _w in p], dtype=np.int32)
        self._post_weights = np.array([w for p in postings for _d, w in p], dtype=np.float32)
        self._documents = len(documents)
        self._parts: dict[str, _Part] = {}
        self._kept_postings = 0
        words = sorted({f[2:] for f in self._feature_ids if f.startswith("w:")})
        self._words_by_initial: dict[str, list[str]] = defaultdict(list)
        for word in words:
            self._words_by_initial[word[0]].append(word)

    def scores(self, text: str | Folded, limit: int | None = CANDIDATES) -> dict[str, float]:
        """The best cosine similarity of `text` with the `limit` best topics (ties
        included), or with every topic that shares a feature when `limit` is None.

        A question's TF-IDF vector is the sum of its words' vectors, so its dot product
        with every document is the sum of its words' products: each word's share is
        worked out once and kept, and only the vector's length is the question's own.
        """
        words = Folded.of(text).key(self.lang, self._spellings)
        pairs = [
            PAIR + left + right
            for left, right in zip(words, words[1:], strict=False)
            if CJK.match(left) and CJK.match(right)
        ]
        parts = self._parts_of([*words, *pairs])
        merged: dict[str, float] = {}
        for part in parts:
            for feature, weight in part.weights.items():
                merged[feature] = merged.get(feature, 0.0) + weight
        norm = math.sqrt(sum(w * w for w in merged.values()))
        if not norm or not any(part.docs.size for part in parts):
            return {}
        docs = np.concatenate([part.docs for part in parts])
        products = np.concatenate([part.products for part in parts])
        totals = np.bincount(docs, weights=products, minlength=self._documents)
        best = np.maximum.reduceat(totals, self._topic_starts) / norm
        if limit is not None and best.size > limit:
            best[best < np.partition(best, best.size - limit)[best.size - limit]] = 0.0
        keep = np.flatnonzero(best > 0).tolist()
        return {
            self._topic_ids[i]: score for i, score in zip(keep, best[keep].tolist(), strict=True)
        }

    def _parts_of(self, keys: list[str]) -> list[_Part]:
        """The shares of these words (and Chinese pairs), the missing ones worked out
        together: one gather of postings for the whole question, not one for each word."""
        found = {key: self._parts[key] for key in keys if key in self._parts}
        missing = {key: self._bag_of(key) for key in keys if key not in found}
        if missing:
            made = self._make_parts(missing)
            size = sum(part.docs.size for part in made.values())
            if self._kept_postings + size > KEPT_POSTINGS:
                self._parts.clear()
                self._kept_postings = 0
            self._parts.update(made)
            self._kept_postings += size
            found.update(made)
        return [found[key] for key in keys]

    def _bag_of(self, key: str) -> dict[str, float]:
        """A word's features (and the nearest known word, when the index does not know
        it); a Chinese pair is one feature."""
        if key.startswith(PAIR):
            return {f"w:{key[1:]}": 1.0}
        bag: dict[str, float] = dict(Counter(_features(key)))
        if f"w:{key}" not in self._feature_ids:
            self._add_correction(bag, key)
        return bag

    def _make_parts(self, bags: dict[str, dict[str, float]]) -> dict[str, _Part]:
        features = [feature for bag in bags.values() for feature in bag]
        counts = np.fromiter(
            (count for bag in bags.values() for count in bag.values()), np.float64, len(features)
        )
        ids = np.array(list(map(self._feature_ids.get, features, repeat(-1))), dtype=np.int64)
        weighted = counts * self._idf[ids]
        owners = np.repeat(np.arange(len(bags)), [len(bag) for bag in bags.values()])
        known = ids >= 0
        starts = self._offsets[ids[known]]
        lengths = self._offsets[ids[known] + 1] - starts
        # The postings of all the features, gathered in one step: for each feature, the
        # positions from its offset to the next one.
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        positions = shift + np.arange(shift.size)
        products = self._post_weights[positions] * np.repeat(weighted[known], lengths)
        per_word = np.bincount(owners[known], weights=lengths, minlength=len(bags))
        ends = np.cumsum(per_word).astype(np.int64)
        docs = np.split(self._post_docs[positions], ends[:-1])
        shares = np.split(products, ends[:-1])
        weights = iter(weighted.tolist())
        return {
            key: _Part({feature: next(weights) for feature in bag}, docs[n], shares[n])
            for n, (key, bag) in enumerate(bags.items())
        }

    def _bag(self, text: Folded) -> dict[str, float]:
        words = text.key(self.lang, self._spellings)
        bag: dict[str, float] = dict(Counter(chain.from_iterable(map(_features, words))))
        for left, right in zip(words, words[1:], strict=False):
            if CJK.match(left) and CJK.match(right):
                bag[f"w:{left}{right}"] = bag.get(f"w:{left}{right}", 0.0) + 1.0
        return bag

    def _add_correction(self, bag: dict[str, float], word: str) -> None:
        """Credit the nearest known word of the same first letter (misspellings rarely
        touch the first letter, and it keeps the search short at any size)."""
        if len(word) < CORRECTION_MIN_LENGTH or CJK.match(word) or word.isdigit():
            return
        found = process.extractOne(
            word,
            self._words_by_initial.get(word[0], ()),
            scorer=fuzz.ratio,
            score_cutoff=CORRECTION_CUTOFF,
        )
        if found is not None:
            bag[f"w:{found[0]}"] = bag.get(f"w:{found[0]}", 0.0) + found[1] / 100

    def _vector(self, bag: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids (-1 for unknown) and their TF-IDF weights, of unit length."""
        ids = np.array(list(map(self._feature_ids.get, bag, repeat(-1))), dtype=np.int64)
        weighted = np.fromiter(bag.values(), np.float64, len(bag)) * self._idf[ids]
        norm = float(np.sqrt(weighted @ weighted)) or 1.0
        return ids, weighted / norm


@lru_cache(maxsize=65536)
def _features(word: str) -> tuple[str, ...]:
    """The word itself and its character trigrams, padded; a Chinese character has no
    trigrams."""
    if CJK.match(word):
        return (f"w:{word}",)
    padded = f"<{word}>"
    return (f"w:{word}", *(f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2)))


def _strongest(postings: list[tuple[int, float]], limit: int) -> list[tuple[int, float]]:
    if len(postings) <= limit:
        return postings
    return heapq.nlargest(limit, postings, key=itemgetter(1))


def _features_by_topic(topics: list[str], bags: list[dict[str, float]]) -> list[set[str]]:
    by_topic: dict[str, set[str]] = defaultdict(set)
    for topic, bag in zip(topics, bags, strict=True):
        by_topic[topic].update(bag)
    return list(by_topic.values())


class Matcher:
    """Searches the indexes of the languages a question may be in, then decides."""

    def __init__(
        self, indexes: Mapping[str, LanguageIndex], fallback: Sequence[str] = ("fr", "en")
    ):
        self._indexes = indexes
        self._fallback = fallback

    def match(self, text: str | Folded, languages: Iterable[str]) -> Match:
        """Match `text` against `languages` first, then the French and English examples."""
        text = Folded.of(text)
        searched = [lang for lang in dict.fromkeys(languages) if lang in self._indexes]
        words = len(text.words)
        best = self._search(text, searched)
        if not best or max(best.values()) < answer_threshold(words):
            extra = [lang for lang in self._fallback if lang not in searched]
            for topic, score in self._search(text, extra).items():
                best[topic] = max(score, best.get(topic, 0.0))
        return decide(best, words)

    def _search(self, text: Folded, languages: Sequence[str]) -> dict[str, float]:
        if len(languages) == 1:
            return self._indexes[languages[0]].scores(text)
        best: dict[str, float] = {}
        for lang in languages:
            for topic, score in self._indexes[lang].scores(text).items():
                best[topic] = max(score, best.get(topic, 0.0))
        return best


def answer_threshold(words: int) -> float:
    extra_words = max(0, words - SHORT_MESSAGE_WORDS)
    return max(LOWEST_THRESHOLD, ANSWER_THRESHOLD - THRESHOLD_FALL_PER_WORD * extra_words)


def decide(scores: Mapping[str, float], words: int = 1) -> Match:
    """Turn topic scores into answer, clarify or unanswered, by the calibrated thresholds;
    `words` is the length of the message."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
    candidates = tuple(Candidate(topic, round(min(score, 1.0), 4)) for topic, score in ranked)
    if not candidates:
        return Match("unanswered", None, (), 0.0)
    top = candidates[0]
    if top.score < answer_threshold(words):
        return Match("unanswered", None, candidates, top.score)
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if top.score >= SURE_SCORE or top.score - runner_up >= CLOSE_SHARE * top.score:
        return Match("answer", top.topic, candidates, top.score)
    return Match("clarify", None, candidates, top.score)
