"""Ready replies (knowledge/replies.yaml) and the {hours:…} / {phone:…} placeholders of
answers: checked by the loader with errors people can act on, filled when written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.i18n import translator
from bot.core.render import fill_placeholders
from bot.knowledge.loader import check_knowledge, placeholder_problems, written_hours
from bot.knowledge.model import LANGUAGES


def test_every_shipped_ready_reply_is_in_the_nine_languages(engine: Engine) -> None:
    assert {r.id for r in engine.kb.replies} >= {"looking", "call", "city"}
    for reply in engine.kb.replies:
        assert set(reply.texts) == set(LANGUAGES), reply.id


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Appelez le {phone:planning-familial}.", None),
        ("Ouvert : {hours:planning-familial}.", None),
        ("Appelez le {phone:nobody-here}.", "'nobody-here', which is not in organisations.yaml"),
        ("Ouvert : {hour:planning-familial}.", "not a placeholder the bot knows"),
    ],
)
def test_placeholders_name_a_known_organisation(
    engine: Engine, text: str, problem: str | None
) -> None:
    problems = placeholder_problems(text, engine.kb.organisations)
    assert (problem in problems[0]) if problem else not problems


def test_hours_written_by_hand_that_an_organisation_holds_are_found(engine: Engine) -> None:
    found = written_hours("Le Planning répond de 9 h à 20 h.", engine.kb.organisations)
    assert ("09:00-20:00", "planning-familial") in found


def test_a_placeholder_is_filled_from_organisations_yaml(engine: Engine) -> None:
    org = engine.kb.organisations["planning-familial"]
    filled = fill_placeholders(
        engine.kb,
        "Appelez le {phone:planning-familial} ({hours:planning-familial}).",
        "fr",
        translator("fr"),
    )
    assert org.phone in filled and "{" not in filled and "20:00" in filled


def _write_replies(folder: Path, text: str) -> list[str]:
    (folder / "replies.yaml").write_text(text, "utf-8")
    return [str(p) for p in check_knowledge(folder) if "replies.yaml" in p.file]


def test_a_ready_reply_without_french_is_an_error_with_its_line(mini_kb: Path) -> None:
    problems = _write_replies(mini_kb, "city:\n  button: Ville ?\n  en: Which city?\n")
    assert any("replies.yaml line 1" in p and "has no French text" in p for p in problems)


def test_organisation_mark_must_be_in_every_language_or_none(mini_kb: Path) -> None:
    problems = _write_replies(
        mini_kb, "call:\n  button: Appel\n  fr: 'Appelez : {organisation}'\n  en: Please call.\n"
    )
    assert any("line 4" in p and "{organisation}" in p for p in problems)
