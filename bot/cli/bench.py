"""`python -m bot bench`: how good and how fast the matcher is, measured in one run on
this machine against what a developer would build instead.

Baselines, built here on the same example questions:
- rapidfuzz `process.extractOne` with `fuzz.token_set_ratio` and `utils.default_process`;
- BM25 (rank-bm25) over word tokens.
Each baseline gets the answer threshold that suits it best on the labelled set, which
favours the baselines, not Relais.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from bot.cli.evaluation import OUT_OF_SCOPE, Row
from bot.core.engine import EMERGENCY_TOPIC, Engine
from bot.core.matcher import KEYWORD_WEIGHT, Document, LanguageIndex
from bot.core.text import tokens
from bot.knowledge.model import KnowledgeBase

Ranker = Callable[[str, str], list[tuple[str, float]]]  # text, lang → (topic, score) best first


@dataclass(frozen=True)
class Quality:
    top1: float
    top3: float
    out_of_scope: float
    mrr: float


@dataclass(frozen=True)
class Speed:
    median_ms: float
    p99_ms: float
    per_second: float


def measure_speed(run: Callable[[str], object], queries: Sequence[str], rounds: int = 3) -> Speed:
    times = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            run(query)
            times.append(time.perf_counter() - start)
    times.sort()
    return Speed(
        statistics.median(times) * 1000,
        times[int(len(times) * 0.99)] * 1000,
        len(times) / sum(times),
    )


def score_ranking(rows: Sequence[Row], ranker: Ranker, threshold: float) -> Quality:
    """Top-1 counts only answers (best score ≥ threshold); out-of-scope counts refusals."""
    top1 = top3 = refused = in_scope = out = 0
    reciprocal = 0.0
    for row in rows:
        ranked = ranker(row.text, row.lang)
        answered = bool(ranked) and ranked[0][1] >= threshold
        if OUT_OF_SCOPE in row.expect:
            out += 1
            refused += not answered
            continue
        in_scope += 1
        topics = [topic for topic, _score in ranked]
        top1 += answered and topics[0] in row.expect
        top3 += any(t in row.expect for t in topics[:3])
        rank = next((n for n, t in enumerate(topics, 1) if t in row.expect), None)
        reciprocal += 1 / rank if rank else 0.0
    return Quality(
        top1 / max(in_scope, 1),
        top3 / max(in_scope, 1),
        refused / max(out, 1),
        reciprocal / max(in_scope, 1),
    )


def best_threshold(rows: Sequence[Row], ranker: Ranker, candidates: Sequence[float]) -> float:
    """The threshold that gives a baseline its best top-1 plus out-of-scope accuracy."""
    cached = {id(r): ranker(r.text, r.lang) for r in rows}

    def quality(threshold: float) -> float:
        top1 = refused = 0
        for row in rows:
            ranked = cached[id(row)]
            answered = bool(ranked) and ranked[0][1] >= threshold
            if OUT_OF_SCOPE in row.expect:
                refused += not answered
            else:
                top1 += answered and ranked[0][0] in row.expect
        return top1 + refused

    return max(candidates, key=quality)


def relais_ranker(engine: Engine) -> Ranker:
    """The engine as `match` and `eval` use it, emergency rule included."""

    def rank(text: str, lang: str) -> list[tuple[str, float]]:
        outcome = engine.handle(text, lang)
        ranked = [(c.topic, c.score) for c in outcome.candidates]
        if outcome.decision == "answer" and outcome.topic == EMERGENCY_TOPIC:
            ranked = [(EMERGENCY_TOPIC, 1.0), *ranked]
        if outcome.decision != "answer" and ranked:
            ranked[0] = (ranked[0][0], 0.0)  # not answered: below any threshold
        return ranked or [("", 0.0)]

    return rank


class FuzzBaseline:
    """rapidfuzz token_set_ratio over every example question, as a developer would."""

    def __init__(self, examples: Sequence[tuple[str, str]]):
        self._topics = [topic for topic, _text in examples]
        self._choices = [utils.default_process(text) for _topic, text in examples]

    def rank(self, text: str, lang: str = "") -> list[tuple[str, float]]:
        found = process.extract(
            utils.default_process(text),
            self._choices,
            scorer=fuzz.token_set_ratio,
            processor=None,
            limit=30,
        )
        return _best_per_topic((self._topics[index], score / 100) for _c, score, index in found)

    def top(self, text: str) -> object:
        return process.extractOne(
            utils.default_process(text), self._choices, scorer=fuzz.token_set_ratio, processor=None
        )


class BM25Baseline:
    """BM25 (rank-bm25) over word tokens of every example question."""

    def __init__(self, examples: Sequence[tuple[str, str]]):
        from rank_bm25 import BM25Okapi

        self._topics = [topic for topic, _text in examples]
        self._bm25 = BM25Okapi([tokens(text.casefold()) or [""] for _t, text in examples])

    def rank(self, text: str, lang: str = "") -> list[tuple[str, float]]:
        scores = self._bm25.get_scores(tokens(text.casefold()))
        order = scores.argsort()[::-1][:30]
        return _best_per_topic((self._topics[i], float(scores[i])) for i in order)


def _best_per_topic(pairs: object) -> list[tuple[str, float]]:
    best: dict[str, float] = {}
    for topic, score in pairs:  # type: ignore[attr-defined]
        best.setdefault(topic, score)
    return sorted(best.items(), key=lambda item: -item[1])


def examples_of(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [(t.id, q) for t in kb.topics for text in t.texts.values() for q in text.questions]


# -- scaling ---------------------------------------------------------------------------------


def synthetic_documents(kb: KnowledgeBase, lang: str, topics: int) -> list[Document]:
    """A knowledge base of about `topics` topics derived from the real one: each copy of a
    topic keeps its example questions with one word dropped in turn and a word of its own,
    so copies differ as topics of one large directory would."""
    base = [t for t in kb.topics if lang in t.texts]
    documents = []
    for number in range(topics):
        topic = base[number % len(base)]
        text = topic.texts[lang]
        marker = f"lieu{number}"
        for index, question in enumerate(text.questions):
            words = question.split()
            if len(words) > 3:
                del words[(number + index) % len(words)]
            documents.append(Document(f"{topic.id}#{number}", " ".join([*words, marker])))
        for keyword in text.keywords:
            documents.append(Document(f"{topic.id}#{number}", keyword, KEYWORD_WEIGHT))
    return documents


@dataclass(frozen=True)
class ScalePoint:
    topics: int
    documents: int
    build_s: float
    cached_load_s: float
    memory_mb: float  # growth of peak memory while building, 0 when within earlier peaks
    speed: Speed


def scale_point(
    kb: KnowledgeBase, lang: str, topics: int, queries: Sequence[str], cache: Path
) -> ScalePoint:
    import pickle

    documents = synthetic_documents(kb, lang, topics)
    gc.collect()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    index = LanguageIndex(lang, documents, kb.spellings.get(lang, {}))
    build = time.perf_counter() - start
    # Growth of the process's peak memory: sizes are measured from small to large.
    memory = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    path = cache / f"scale-{topics}.pickle"
    path.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    start = time.perf_counter()
    pickle.loads(path.read_bytes())
    loaded = time.perf_counter() - start
    path.unlink()
    return ScalePoint(
        topics,
        len(documents),
        build,
        loaded,
        memory,
        measure_speed(index.scores, queries, rounds=2),
    )


# -- start-up -------------------------------------------------------------------------------


def startup(folder: Path, cache: Path) -> tuple[float, float]:
    """Seconds from process start to an engine ready to answer (knowledge loaded, index
    built or read from the warm on-disk cache), and that process's peak memory (MB; VmHWM,
    which, unlike ru_maxrss, does not carry over the parent's peak into a child)."""
    code = (
        "import time; start = time.perf_counter(); "
        "from pathlib import Path; from bot.cache import load_engine; "
        f"load_engine(Path({str(folder)!r}), Path({str(cache)!r})); "
        "print(time.perf_counter() - start, next(int(line.split()[1]) for line in "
        "open('/proc/self/status') if line.startswith('VmHWM')) / 1024)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # warm cache
    begin = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    whole = time.perf_counter() - begin  # interpreter start and exit included
    _ready, peak = (float(x) for x in done.stdout.split())
    return whole, peak


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def read_faq(
    kb_file: Path, queries_file: Path
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    items = [json.loads(line) for line in kb_file.read_text("utf-8").splitlines() if line.strip()]
    queries = [
        json.loads(line) for line in queries_file.read_text("utf-8").splitlines() if line.strip()
    ]
    return items, queries
