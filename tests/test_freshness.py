"""Freshness that tells the truth: figures with a validity period warn once it is past,
contacts checked over a year ago are a reminder, and the bot never says a detail was
checked when it was not."""

import datetime as dt
from pathlib import Path

import pytest

from bot.core.i18n import translator
from bot.core.render import checked_line, contact_line
from bot.knowledge.loader import check_fails, check_knowledge, load_knowledge
from bot.knowledge.model import Problem, Validity
from tests.test_knowledge_loader import edit, errors_of

TOPIC = "topics/shelter.tonight.yaml"


def add_validity(folder: Path, lines: str) -> None:
    edit(folder / TOPIC, "category: basic_needs", f"category: basic_needs\nvalid_until:\n{lines}")


def messages(folder: Path) -> list[Problem]:
    return [p for p in check_knowledge(folder) if "valid" in p.message or "checked" in p.message]


def test_a_figure_valid_until_a_future_date_is_loaded_without_warning(mini_kb: Path) -> None:
    add_validity(mini_kb, '  - {what: "montant du RSA", date: 2999-03-31}')
    kb = load_knowledge(mini_kb)
    assert kb.topic("shelter.tonight").valid_until == (
        Validity("montant du RSA", dt.date(2999, 3, 31)),
    )
    assert messages(mini_kb) == []


def test_a_figure_past_its_date_is_a_warning_that_strict_fails_on(mini_kb: Path) -> None:
    add_validity(mini_kb, '  - {what: "montant du RSA", date: 2025-03-31}')
    [problem] = messages(mini_kb)
    assert str(problem) == (
        "knowledge/topics/shelter.tonight.yaml line 5: topic shelter.tonight: 'montant du "
        "RSA' was valid until 2025-03-31: check it against its source, then update the "
        "text and the date"
    )
    assert not problem.blocking
    assert check_fails([problem], strict=True) and not check_fails([problem], strict=False)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('  - {what: "RSA", date: 31/03/2027}', "the 'date' of valid_until 'RSA' is '31/03/2027'"),
        ('  - {what: "RSA", date: "soon"}', "write the last day it holds, like 2027-03-31"),
        ('  - {what: "RSA", date: 2027-02-30}', "'2027-02-30' is not a date of the calendar"),
        ("  - {date: 2027-03-31}", "each line of 'valid_until' needs 'what'"),
        ('  - {what: "RSA", until: 2027-03-31}', "needs 'what' (the figure or rule) and 'date'"),
        ("  2027-03-31", "'valid_until' must be a list of lines like"),
    ],
)
def test_a_bad_validity_is_an_error_that_says_how_to_write_it(
    mini_kb: Path, line: str, says: str
) -> None:
    add_validity(mini_kb, line)
    [message] = errors_of(mini_kb)
    assert message.startswith("knowledge/topics/shelter.tonight.yaml line ")
    assert says in message


def test_a_contact_checked_over_a_year_ago_is_only_a_reminder(mini_kb: Path) -> None:
    edit(mini_kb / "organisations.yaml", "checked: 2026-11-25", "checked: 2020-01-10")
    [problem] = messages(mini_kb)
    assert "more than a year ago" in problem.message
    assert problem.reminder and not check_fails([problem], strict=True)


def test_a_checked_date_to_come_is_an_error(mini_kb: Path) -> None:
    edit(mini_kb / "organisations.yaml", "checked: 2026-11-25", "checked: 2999-01-10")
    assert "'checked' is 2999-01-10, a day still to come" in errors_of(mini_kb)[0]


def test_a_checked_date_without_a_source_is_a_warning(mini_kb: Path) -> None:
    edit(
        mini_kb / "organisations.yaml",
        "    source: https://refugies.info/fr/demarche/62503d59664c115fa5121c6a\n",
        "",
    )
    [problem] = messages(mini_kb)
    assert "has 'checked' but no 'source'" in problem.message


def test_a_contact_that_was_not_checked_does_not_say_it_was(mini_kb: Path) -> None:
    edit(
        mini_kb / "organisations.yaml",
        "    checked: 2026-11-25\n",
        "",
    )
    org = load_knowledge(mini_kb).organisations["samu-social-115"]
    shown = contact_line(org, "fr", translator("fr")) + checked_line([org], "fr", translator("fr"))
    assert org.checked is None and "✔️" not in shown and "2026" not in shown
