"""The figures on shared/eval/dev.jsonl must not fall below the goals of the issues."""

import pytest

from bot.cli.evaluation import Row, evaluate, read_rows
from bot.core.engine import Engine
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return read_rows(shared_file("eval/dev.jsonl"))


def test_french_and_english_questions_meet_the_foundation_goals(
    engine: Engine, rows: list[Row]
) -> None:
    figures = evaluate(engine, [r for r in rows if r.lang in {"fr", "en"}])["all"].figures()
    assert figures["top1"] >= 0.90
    assert figures["emergency_recall"] == 1.0
    assert figures["false_alarms"] <= 0.05
    assert figures["out_of_scope"] >= 0.7


def test_every_language_meets_the_goals(engine: Engine, rows: list[Row]) -> None:
    tallies = evaluate(engine, rows)
    overall = tallies["all"].figures()
    assert overall["top1"] >= 0.90
    assert overall["emergency_recall"] == 1.0
    assert overall["language"] >= 0.98
    for lang, tally in tallies.items():
        assert tally.figures()["top1"] >= 0.80, lang
