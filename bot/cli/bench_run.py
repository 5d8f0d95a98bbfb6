"""One run of the benchmark: every figure of `python -m bot bench`, as plain data."""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bot.cache import load_engine
from bot.cli.bench import (
    BM25Baseline,
    FuzzBaseline,
    Ranker,
    best_threshold,
    examples_of,
    machine,
    measure_speed,
    read_faq,
    relais_ranker,
    scale_point,
    score_ranking,
    startup,
)
from bot.cli.evaluation import read_rows
from bot.core.engine import Engine, build
from bot.core.matcher import Document, LanguageIndex
from bot.settings import local_paths

SCALES = (100, 1_000, 10_000)
FUZZ_THRESHOLDS = [t / 100 for t in range(40, 101, 5)]
BM25_THRESHOLDS = [float(t) for t in range(0, 41, 2)]
TELEGRAM_ROUNDS = 3
BURST_USERS, BURST_MESSAGES = 2_000, 20_000


def run_benchmark(
    folder: Path,
    labelled: Path,
    users: int,
    faq_kb: Path | None,
    faq_queries: Path | None,
    lang: str,
) -> dict[str, Any]:
    vectors = local_paths().cache_dir  # the example vectors: embedded once, kept warm
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch)
        engine = load_engine(folder, vectors)
        words_only = Engine(engine.kb, build(engine.kb, None))
        rows = read_rows(labelled)
        fuzz_baseline = FuzzBaseline(examples_of(engine.kb))
        bm25_baseline = BM25Baseline(examples_of(engine.kb))
        rankers: dict[str, tuple[Ranker, float]] = {
            "relais": (relais_ranker(engine), 1e-9),
            "rapidfuzz token_set_ratio": (
                fuzz_baseline.rank,
                best_threshold(rows, fuzz_baseline.rank, FUZZ_THRESHOLDS),
            ),
            "bm25": (bm25_baseline.rank, best_threshold(rows, bm25_baseline.rank, BM25_THRESHOLDS)),
        }
        queries = [row.text for row in rows]
        in_own_language = {row.text: row.lang for row in rows}
        results: dict[str, Any] = {
            "machine": machine(),
            "labelled_set": str(labelled.name),
            "quality": {
                name: dataclasses.asdict(score_ranking(rows, ranker, threshold))
                for name, (ranker, threshold) in rankers.items()
            },
            "speed": {
                # Each question in its own language, as `eval` and the bot pass it.
                "relais matcher": _speed(
                    lambda q: engine.matcher.match(q, [in_own_language[q]]), queries
                ),
                "relais engine, words only": _speed(
                    lambda q: words_only.handle(q, in_own_language[q]), queries
                ),
                "relais whole engine": _speed(
                    lambda q: engine.handle(q, in_own_language[q]), queries
                ),
                "1,000 chars, words only": _speed(words_only.handle, long_messages(queries)),
                "1,000 chars, whole engine": _speed(engine.handle, long_messages(queries)),
                "rapidfuzz token_set_ratio": _speed(fuzz_baseline.top, queries),
                "bm25": _speed(bm25_baseline.rank, queries),
            },
            "scaling": [
                dataclasses.asdict(scale_point(engine.kb, "fr", size, queries, cache))
                for size in SCALES
            ],
        }
        seconds, peak = startup(folder, vectors)
        results["startup"] = {
            "seconds": seconds,
            "peak_mb": peak,
            "encoder": engine.semantic is not None,
        }
    results["telegram"] = _telegram(engine, queries, users)
    # The burst measures staying whole under load, not the encoder: 20,000 messages at
    # 30 ms each would take ten minutes, so the engine answers with words only there.
    results["burst"] = _burst(words_only, queries)
    if faq_kb and faq_queries:
        results["faq"] = _faq(faq_kb, faq_queries, lang)
    return results


def long_messages(queries: list[str], size: int = 1000, count: int = 20) -> list[str]:
    """`count` messages of `size` characters, each made of dev questions in a row: what a
    person who tells a whole story sends."""
    text = " ".join(queries * (1 + size * count // max(1, sum(map(len, queries)))))
    return [text[n * size : (n + 1) * size] for n in range(count)]


def _speed(run: Any, queries: list[str]) -> dict[str, float]:
    return dataclasses.asdict(measure_speed(run, queries))


def _telegram(engine: Engine, queries: list[str], users: int) -> dict[str, float]:
    """Both bots in turn, a first round of each not counted (a running bot has its caches
    warm and its code loaded), then TELEGRAM_ROUNDS rounds: the medians, and the median of
    each round's share, as a shared machine's speed drifts from one round to the next."""
    from bot.cli.throughput import bare_throughput, relais_throughput

    relais: list[float] = []
    bare: list[float] = []
    for _ in range(TELEGRAM_ROUNDS + 1):
        relais.append(asyncio.run(relais_throughput(engine, queries, users)))
        bare.append(asyncio.run(bare_throughput(queries, users)))
    relais, bare = relais[1:], bare[1:]
    return {
        "users": users,
        "rounds": TELEGRAM_ROUNDS,
        "relais_per_second": statistics.median(relais),
        "bare_per_second": statistics.median(bare),
        "share": statistics.median(r / b for r, b in zip(relais, bare, strict=True)),
    }


def _burst(
    engine: Engine, queries: list[str], users: int = BURST_USERS, messages: int = BURST_MESSAGES
) -> dict[str, float]:
    """A burst of `messages` questions from `users` people: replies a second and memory
    growth (issue 16's goal: all answered, under 150 MB more)."""
    from bot.cli.throughput import relais_burst

    return asyncio.run(relais_burst(engine, queries, users, messages))


def _faq(kb_file: Path, queries_file: Path, lang: str) -> dict[str, dict[str, float]]:
    """Relais's matcher and the baselines on any FAQ set: nothing here is specific to the
    shipped knowledge base."""
    from bot.cli.evaluation import Row

    items, queries = read_faq(kb_file, queries_file)
    index = LanguageIndex(lang, [Document(str(i["id"]), i["question"]) for i in items], {})
    examples = [(str(i["id"]), i["question"]) for i in items]
    rows = [Row(q["query"], lang, tuple(str(r) for r in q["relevant_ids"]), None) for q in queries]

    def relais(text: str, _lang: str) -> list[tuple[str, float]]:
        return sorted(index.scores(text, limit=None).items(), key=lambda item: -item[1])

    rankers: dict[str, Ranker] = {
        "relais": relais,
        "rapidfuzz token_set_ratio": FuzzBaseline(examples).rank,
        "bm25": BM25Baseline(examples).rank,
    }
    return {
        name: dataclasses.asdict(score_ranking(rows, ranker, float("-inf")))
        for name, ranker in rankers.items()
    }
