"""The benchmark's measures, on small inputs (the full run is `python -m bot bench`)."""

from pathlib import Path

from bot.cli.bench import (
    BM25Baseline,
    FuzzBaseline,
    measure_speed,
    score_ranking,
    synthetic_documents,
)
from bot.cli.bench_report import _encoder_section
from bot.cli.bench_run import _burst, _faq, _telegram, long_messages
from bot.cli.evaluation import Row
from bot.core.engine import Engine

DATA = Path(__file__).parent / "data"


def test_any_faq_set_is_scored_with_relais_and_both_baselines() -> None:
    results = _faq(DATA / "faq_kb.jsonl", DATA / "faq_queries.jsonl", "fr")
    assert set(results) == {"relais", "rapidfuzz token_set_ratio", "bm25"}
    assert results["relais"]["top1"] >= 0.75
    assert all(0 <= q["mrr"] <= 1 for q in results.values())


def test_out_of_scope_counts_refusals_below_the_threshold() -> None:
    rows = [Row("hello", "en", ("none",), None), Row("sleep", "en", ("a",), None)]
    quality = score_ranking(rows, lambda text, lang: [("a", 0.9 if text == "sleep" else 0.1)], 0.5)
    assert (quality.top1, quality.out_of_scope) == (1.0, 1.0)


def test_baselines_rank_topics_best_first() -> None:
    examples = [
        ("sleep", "où dormir ce soir"),
        ("food", "manger gratuitement"),
        ("doctor", "voir un médecin"),
        ("papers", "titre de séjour"),
    ]
    for baseline in (FuzzBaseline(examples), BM25Baseline(examples)):
        assert baseline.rank("dormir ce soir")[0][0] == "sleep"


def test_the_synthetic_knowledge_base_has_the_asked_size(engine: Engine) -> None:
    documents = synthetic_documents(engine.kb, "fr", 100)
    assert len({d.topic for d in documents}) == 100


def test_speed_is_measured_per_query() -> None:
    speed = measure_speed(lambda q: q.upper(), ["a", "b"], rounds=2)
    assert speed.median_ms >= 0 and speed.per_second > 0


def test_the_telegram_path_is_measured_for_relais_and_a_bare_bot(engine: Engine) -> None:
    telegram = _telegram(engine, ["où dormir ce soir", "i need a doctor"], users=20)
    assert telegram["users"] == 20
    assert telegram["relais_per_second"] > 0 and telegram["bare_per_second"] > 0
    assert telegram["share"] > 0


def test_a_burst_is_answered_whole_with_its_memory_growth_measured(engine: Engine) -> None:
    burst = _burst(engine, ["où dormir ce soir", "i need a doctor"], users=20, messages=200)
    assert burst["messages"] == 200 and burst["replies_per_second"] > 0
    assert 0 <= burst["memory_growth_mb"] < 150


def test_long_messages_have_the_asked_size() -> None:
    messages = long_messages(["où dormir ce soir", "i need a doctor"], size=1000, count=5)
    assert len(messages) == 5 and all(len(m) == 1000 for m in messages)


def test_the_hand_written_encoder_section_is_kept_once(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# B\n\n## The sentence encoder\n\nChosen.\n\n## First message\n\n| a |\n")
    assert _encoder_section(path) == "\n## The sentence encoder\n\nChosen.\n\n"
