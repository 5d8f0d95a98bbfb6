"""Matching a free-text question to the topics of the knowledge base.

Each example question and keyword of a topic is a small document, and so are all of
them together (a long message may echo several examples of one topic). A question is compared
with them by cosine similarity of TF-IDF vectors over words and character trigrams: the
words reward the right vocabulary, the trigrams forgive misspellings ("dormire", "logment").
A word the index does not know is also mapped to its nearest known word (rapidfuzz). An
inverted index touches only the documents that share a feature with the question, so the
cost of a question grows with its words, not with the size of the knowledge base.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.text import CJK, match_key, tokens

TRIGRAM_WEIGHT = 1.0
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
        self._doc_weights = np.array([d.weight for d in documents], dtype=np.float32)
        bags = [self._bag(d.text) for d in documents]
        # Rarity is counted in topics, not examples: a word that many topics use ("help",
        # "the", "de") says little about which topic is meant.
        topics_with = Counter(f for features in _features_by_topic(topics, bags) for f in features)
        topic_count = len(self._topic_ids)
        self._idf = {f: math.log((topic_count + 1) / (n + 0.5)) for f, n in topics_with.items()}
        self._unknown_idf = math.log((topic_count + 1) / 0.5)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, bag in enumerate(bags):
            for feature, weight in self._vector(bag).items():
                postings[feature].append((number, weight))
        self._feature_ids = {f: n for n, f in enumerate(postings)}
        lengths = [len(postings[f]) for f in postings]
        self._offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        self._post_docs = np.array([d for f in postings for d, _w in postings[f]], dtype=np.int32)
        self._post_weights = np.array(
            [w for f in postings for _d, w in postings[f]], dtype=np.float32
        )
        self._documents = len(documents)
        words = sorted({f[2:] for f in self._idf if f.startswith("w:")})
        self._words_by_initial: dict[str, list[str]] = defaultdict(list)
        for word in words:
            self._words_by_initial[word[0]].append(word)

    def scores(self, text: str) -> dict[str, float]:
        """The best cosine similarity of `text` with each topic that shares a feature."""
        vector = self._vector(self._bag(text, correct=True))
        found = [(self._feature_ids[f], w) for f, w in vector.items() if f in self._feature_ids]
        if not found:
            return {}
        slices = [(self._offsets[i], self._offsets[i + 1], w) for i, w in found]
        docs = np.concatenate([self._post_docs[a:b] for a, b, _w in slices])
        weights = np.concatenate([self._post_weights[a:b] * w for a, b, w in slices])
        totals = np.bincount(docs, weights=weights, minlength=self._documents)
        best = np.maximum.reduceat(totals * self._doc_weights, self._topic_starts)
        keep = np.flatnonzero(best > 0)
        return {self._topic_ids[i]: float(best[i]) for i in keep}

    def _bag(self, text: str, correct: bool = False) -> dict[str, float]:
        words = match_key(text, self.lang, self._spellings)
        bag: dict[str, float] = defaultdict(float)
        for word in words:
            if correct and f"w:{word}" not in self._idf:
                self._add_correction(bag, word)
            bag[f"w:{word}"] += 1.0
            if not CJK.match(word):
                padded = f"<{word}>"
                for i in range(len(padded) - 2):
                    bag[f"c:{padded[i : i + 3]}"] += TRIGRAM_WEIGHT
        for left, right in zip(words, words[1:], strict=False):
            if CJK.match(left) and CJK.match(right):
                bag[f"w:{left}{right}"] += 1.0
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
            bag[f"w:{found[0]}"] += found[1] / 100

    def _vector(self, bag: dict[str, float]) -> dict[str, float]:
        # A feature no topic has counts at full rarity in the norm: a question full of
        # words the knowledge base does not know is far from every topic.
        weighted = {f: count * self._idf.get(f, self._unknown_idf) for f, count in bag.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {f: w / norm for f, w in weighted.items()}


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

    def match(self, text: str, languages: Iterable[str]) -> Match:
        """Match `text` against `languages` first, then the French and English examples."""
        searched = [lang for lang in dict.fromkeys(languages) if lang in self._indexes]
        words = len(tokens(text))
        best = self._search(text, searched)
        if not best or max(best.values()) < answer_threshold(words):
            extra = [lang for lang in self._fallback if lang not in searched]
            for topic, score in self._search(text, extra).items():
                best[topic] = max(score, best.get(topic, 0.0))
        return decide(best, words)

    def _search(self, text: str, languages: Iterable[str]) -> dict[str, float]:
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
