"""`python -m bot match`: the exact JSON shape that tools outside the project read."""

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from bot.cli.commands import main

MINI_KB = Path(__file__).parent / "data" / "mini_kb"
KEYS = ["decision", "topic", "candidates", "emergency", "lang", "score"]


def run_match(lines: list[str]) -> list[dict]:
    result = CliRunner().invoke(
        main, ["match", "--knowledge", str(MINI_KB)], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_each_line_in_gives_one_line_out_with_exactly_the_keys() -> None:
    records = run_match(
        ['{"text": "ou dormir se soir"}', '{"text": "help", "lang": "en"}', '{"text": "xqzv wrrt"}']
    )
    assert len(records) == 3
    for record in records:
        assert list(record) == KEYS
        assert record["decision"] in {"answer", "clarify", "unanswered"}
        assert isinstance(record["emergency"], bool)
        assert 0.0 <= record["score"] <= 1.0
        assert len(record["candidates"]) <= 3


def test_topic_is_set_only_for_an_answer() -> None:
    answer, alarm, nothing = run_match(
        [
            '{"text": "ou dormir se soir", "lang": "fr"}',
            '{"text": "help!!!"}',
            '{"text": "xqzv wrrt"}',
        ]
    )
    assert answer["decision"] == "answer" and answer["topic"] == "shelter.tonight"
    assert answer["candidates"][0] == "shelter.tonight"
    assert alarm["emergency"] is True and alarm["topic"] == "emergency.now"
    assert nothing == {
        "decision": "unanswered",
        "topic": None,
        "candidates": [],
        "emergency": False,
        "lang": nothing["lang"],
        "score": nothing["score"],
    }


def test_a_line_that_cannot_be_read_gets_an_error_line_in_its_place() -> None:
    records = run_match(["not json", '{"text": 3}', "", '["help"]', '{"text": "help!!!"}'])
    assert [list(r) for r in records[:4]] == [["error"]] * 4
    assert records[4]["emergency"] is True


def test_an_unknown_language_hint_is_ignored_not_the_message() -> None:
    hinted, plain = run_match(
        ['{"text": "ou dormir se soir", "lang": "xx"}', '{"text": "ou dormir se soir"}']
    )
    assert hinted == plain
    assert hinted["topic"] == "shelter.tonight"


def test_match_runs_as_a_module_with_nothing_else_on_stdout() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "match", "--knowledge", str(MINI_KB)],
        input='{"text": "la capote a craqué", "lang": "fr"}\n',
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(done.stdout)["topic"] == "health.pep"


def test_a_danger_after_1500_characters_is_found() -> None:
    story = "Je voudrais vous raconter ma vie en France depuis deux ans. " * 26
    [record] = run_match([json.dumps({"text": story + "Il est là, il va me tuer."})])
    assert record["emergency"] is True
