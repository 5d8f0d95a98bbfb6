"""The semantic emergency detector on the quarter of the example messages kept out of
training and calibration (tests/data/emergency_heldout), language by language.

Emergency = the trigger phrases OR the detector, as the engine decides it. The figures
are printed (`pytest -s`) and held to the floors they reached, so that they never fall;
the goals of issue 13 are recall 0.95 in every language and false alarms 0.10 overall.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.knowledge.examples import read_examples
from bot.knowledge.located_yaml import read_located_yaml
from bot.knowledge.model import LANGUAGES, EmergencyExample

HELD_OUT = Path(__file__).parent / "data" / "emergency_heldout"
RECALL_FLOOR = 0.85  # reached: 0.86 (ar) to 1.00 (pt); 0.91 overall
FALSE_ALARM_CEILING = 0.25  # reached: 0.23


def _held_out() -> list[EmergencyExample]:
    examples: list[EmergencyExample] = []
    for path in sorted(HELD_OUT.glob("*.yaml")):
        examples += read_examples(path, read_located_yaml(path), _fail)
    return examples


def _fail(path: Path, line: int, message: str) -> None:
    raise AssertionError(f"{path} line {line}: {message}")


@pytest.fixture(scope="module")
def figures(engine: Engine) -> dict[str, tuple[float, float]]:
    """Recall and false alarms per language, and under "all"."""
    if engine.semantic is None:
        pytest.skip("the sentence encoder is not available")
    flagged: dict[str, dict[bool, list[bool]]] = defaultdict(lambda: {True: [], False: []})
    for example in _held_out():
        alarm = engine.handle(example.text).alert.emergency
        for lang in (example.lang, "all"):
            flagged[lang][example.danger].append(alarm)
    result = {
        lang: (sum(by[True]) / len(by[True]), sum(by[False]) / len(by[False]))
        for lang, by in flagged.items()
    }
    for lang, (recall, false_alarms) in sorted(result.items()):
        print(f"{lang}: recall {recall:.3f}, false alarms {false_alarms:.3f}")
    return result


def test_held_out_examples_exist_for_every_language() -> None:
    assert {example.lang for example in _held_out()} == set(LANGUAGES)


def test_held_out_emergency_recall_and_false_alarms(
    figures: dict[str, tuple[float, float]],
) -> None:
    assert all(recall >= RECALL_FLOOR for recall, _ in figures.values()), figures
    assert figures["all"][1] <= FALSE_ALARM_CEILING, figures
