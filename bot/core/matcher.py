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

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.text import CJK, Folded
from bot.knowledge.model import LANGUAGES, KnowledgeBase

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
        first_document: dict[str, int] = {}
        for number, document in enumerate(documents):
            first_document.setdefault(document.topic, number)
        self._topic_ids = list(first_document)
        self._topic_starts = np.array(list(first_document.values()), dtype=np.int64)
        self._documents = len(documents)
        self._feature_ids: dict[str, int] = {}
        features, counts, owners = self._count_features(documents)
        self._idf = self._rarity(features, owners)
        self._post(features, counts, owners, np.array([d.weight for d in documents]))
        self._parts: dict[str, _Part] = {}
        self._kept_postings = 0
        words = sorted({f[2:] for f in self._feature_ids if f.startswith("w:")})
        self._words_by_initial: dict[str, list[str]] = defaultdict(list)
        for word in words:
            self._words_by_initial[word[0]].append(word)

    def _count_features(
        self, documents: Sequence[Document]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every document's features (numbered on first sight), how often each occurs there,
        and which document it belongs to: three flat arrays, light at any size."""
        ids, counts, lengths = array("q"), array("d"), array("q")
        for document in documents:
            bag = Counter(chain.from_iterable(map(_features, self._keys(document.text))))
            ids.extend(self._feature_ids.setdefault(f, len(self._feature_ids)) for f in bag)
            counts.extend(bag.values())
            lengths.append(len(bag))
        owners = np.repeat(np.arange(len(documents)), np.frombuffer(lengths, np.int64))
        return np.frombuffer(ids, np.int64), np.frombuffer(counts), owners

    def _rarity(self, features: np.ndarray, owners: np.ndarray) -> np.ndarray:
        """Each feature's inverse topic frequency, and last (at id -1) that of a feature no
        topic has: a question full of words the knowledge base does not know is far from
        every topic.

        Rarity is counted in topics, not examples: a word that many topics use ("help",
        "the", "de") says little about which topic is meant."""
        count = len(self._feature_ids)
        topic_of = np.repeat(
            np.arange(len(self._topic_ids)), np.diff(self._topic_starts, append=self._documents)
        )
        pairs = np.unique(topic_of[owners] * count + features)
        topics_with = np.bincount(pairs % count, minlength=count)
        topics = len(self._topic_ids)
        return np.append(np.log((topics + 1) / (topics_with + 0.5)), math.log((topics + 1) / 0.5))

    def _post(
        self, features: np.ndarray, counts: np.ndarray, owners: np.ndarray, weights: np.ndarray
    ) -> None:
        """The postings: for each feature, the documents that have it and its weight there
        (TF-IDF, of unit length in each document, times the document's weight: a keyword
        alone is a weaker sign than a whole question), strongest first and at most
        POSTINGS_PER_FEATURE of them."""
        weighted = counts * self._idf[features]
        lengths = np.sqrt(np.bincount(owners, weights=weighted * weighted))
        weighted = weighted / lengths[owners] * weights[owners]
        order = np.lexsort((-weighted, features))
        per_feature = np.bincount(features, minlength=len(self._feature_ids))
        rank = np.arange(order.size) - np.repeat(np.cumsum(per_feature) - per_feature, per_feature)
        kept = order[rank < POSTINGS_PER_FEATURE]
        self._offsets = np.concatenate(
            ([0], np.cumsum(np.minimum(per_feature, POSTINGS_PER_FEATURE)))
        ).astype(np.int64)
        self._post_docs = owners[kept].astype(np.int32)
        self._post_weights = weighted[kept].astype(np.float32)

    def scores(self, text: str | Folded, limit: int | None = CANDIDATES) -> dict[str, float]:
        """The best cosine similarity of `text` with the `limit` best topics (ties
        included), or with every topic that shares a feature when `limit` is None.

        A question's TF-IDF vector is the sum of its words' vectors, so its dot product
        with every document is the sum of its words' products: each word's share is
        worked out once and kept, and only the vector's length is the question's own.
        """
        parts = self._parts_of(self._keys(text))
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

    def _keys(self, text: str | Folded) -> list[str]:
        """The words of `text` as the index knows them, and each pair of Chinese
        characters side by side (Chinese has no spaces: a pair is the nearest thing to a
        word)."""
        words = Folded.of(text).key(self.lang, self._spellings)
        pairs = (
            PAIR + left + right
            for left, right in zip(words, words[1:], strict=False)
            if CJK.match(left) and CJK.match(right)
        )
        return [*words, *pairs]

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
        """A word's features, and the nearest known word when the index does not know it."""
        bag: dict[str, float] = dict(Counter(_features(key)))
        if not key.startswith(PAIR) and f"w:{key}" not in self._feature_ids:
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


@lru_cache(maxsize=65536)
def _features(word: str) -> tuple[str, ...]:
    """The word itself and its character trigrams, padded; a Chinese character or pair
    has no trigrams."""
    if word.startswith(PAIR):
        return (f"w:{word[1:]}",)
    if CJK.match(word):
        return (f"w:{word}",)
    padded = f"<{word}>"
    return (f"w:{word}", *(f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2)))


class Matcher:
    """Searches the indexes of the languages a question may be in, then decides."""

    def __init__(
        self, indexes: Mapping[str, LanguageIndex], fallback: Sequence[str] = ("fr", "en")
    ):
        self._indexes = indexes
        self._fallback = fallback

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Matcher:
        """The indexes of a knowledge base's example questions and keywords."""
        return cls(
            {
                lang: LanguageIndex(lang, list(_documents(kb, lang)), kb.spellings.get(lang, {}))
                for lang in LANGUAGES
            }
        )

    def match(self, text: str | Folded, languages: Iterable[str]) -> Match:
        """Match `text` against `languages` first, then the French and English examples."""
        text = Folded.of(text)
        return decide(self.scores(text, languages), len(text.words))

    def scores(self, text: str | Folded, languages: Iterable[str]) -> dict[str, float]:
        """The best topics' scores in `languages`, and in French and English when none
        of them reaches the answer threshold."""
        text = Folded.of(text)
        searched = [lang for lang in dict.fromkeys(languages) if lang in self._indexes]
        best = self._search(text, searched)
        if not best or max(best.values()) < answer_threshold(len(text.words)):
            extra = [lang for lang in self._fallback if lang not in searched]
            for topic, score in self._search(text, extra).items():
                best[topic] = max(score, best.get(topic, 0.0))
        return best

    def _search(self, text: Folded, languages: Sequence[str]) -> dict[str, float]:
        if len(languages) == 1:
            return self._indexes[languages[0]].scores(text)
        best: dict[str, float] = {}
        for lang in languages:
            for topic, score in self._indexes[lang].scores(text).items():
                best[topic] = max(score, best.get(topic, 0.0))
        return best


def _documents(kb: KnowledgeBase, lang: str) -> Iterator[Document]:
    for topic in kb.topics:
        text = topic.texts.get(lang)
        if text is None:
            continue
        for question in text.questions:
            yield Document(topic.id, question)
        for keyword in text.keywords:
            yield Document(topic.id, keyword, KEYWORD_WEIGHT)
        yield Document(topic.id, " ".join((*text.questions, *text.keywords)))


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
