"""Hostile and odd input (the Big List of Naughty Strings) never breaks the engine, the
reply or `match`, and the reply still leads with the emergency numbers when flagged."""

import json

import pytest
from click.testing import CliRunner

from bot.cli.commands import main
from bot.core.engine import Engine
from bot.core.i18n import translator
from bot.core.render import render_outcome
from tests.conftest import SHARED, shared_file

BLNS = SHARED / "data" / "blns.json"
STRINGS: list[str] = json.loads(BLNS.read_text("utf-8")) if BLNS.is_file() else []


@pytest.fixture(autouse=True)
def _naughty_strings_are_beside_the_project() -> None:
    shared_file("data/blns.json")


def test_the_list_is_the_expected_one() -> None:
    assert len(STRINGS) == 515


def test_every_string_gets_a_reply(engine: Engine) -> None:
    for text in STRINGS:
        for lang in (None, "ar", "zh"):
            outcome = engine.handle(text, lang)
            reply = render_outcome(engine.kb, outcome, translator(outcome.lang))
            assert reply.text.strip(), repr(text)
            if outcome.alert.emergency:
                assert reply.text.startswith(reply.emergency)


def test_match_answers_every_string_with_one_json_line() -> None:
    lines = "\n".join(json.dumps({"text": t}) for t in STRINGS) + "\n"
    result = CliRunner().invoke(main, ["match"], input=lines)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(STRINGS)
