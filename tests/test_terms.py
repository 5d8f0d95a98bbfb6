"""The terms of knowledge/terms.yaml: `kb check` warns when what the bot shows (a title,
an answer, a card, a description...) uses a term listed as wrong for its language, and
never about the example questions, which keep people's own words."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.commands import main
from bot.knowledge.loader import check_knowledge
from bot.knowledge.model import Term
from tests.conftest import PROJECT
from tests.test_knowledge_loader import edit, errors_of

TERMS = "en:\n  listening line: Helpline\n  sleep in a safe place: sleep in a shelter\n"


def with_terms(folder: Path, terms: str = TERMS) -> Path:
    (folder / "terms.yaml").write_text(terms, encoding="utf-8")
    return folder


def term_warnings(folder: Path) -> list[str]:
    return [str(p) for p in check_knowledge(folder) if "knowledge/terms.yaml" in p.message]


def test_a_wrong_term_in_an_answer_is_a_located_warning(mini_kb: Path) -> None:
    assert term_warnings(with_terms(mini_kb)) == [
        "knowledge/topics/shelter.tonight.yaml line 23: topic shelter.tonight (en) answer "
        "uses 'sleep in a safe place': write 'sleep in a shelter' instead (knowledge/terms.yaml)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("title: Sleep tonight", "title: Listening line tonight", "(en) title"),
        ("It is free.", "It is free.\n  card: |\n    A listening line.", "(en) card"),
    ],
)
def test_titles_and_cards_are_checked(mini_kb: Path, old: str, new: str, field: str) -> None:
    with_terms(mini_kb, "en:\n  listening line: Helpline\n")
    edit(mini_kb / "topics/shelter.tonight.yaml", old, new)
    [warning] = term_warnings(mini_kb)
    assert f"topic shelter.tonight {field} uses 'listening line'" in warning


def test_the_example_questions_keep_peoples_words(mini_kb: Path) -> None:
    with_terms(mini_kb, "en:\n  homeless: without a home\n")
    assert "homeless tonight" in (mini_kb / "topics/shelter.tonight.yaml").read_text("utf-8")
    assert term_warnings(mini_kb) == []


def test_an_organisation_description_is_checked(mini_kb: Path) -> None:
    with_terms(mini_kb, "en:\n  finds a place: gives a bed\n")
    [warning] = term_warnings(mini_kb)
    assert warning.startswith("knowledge/organisations.yaml line 12: organisation samu-social-115")


@pytest.mark.parametrize(
    ("lang", "wrong", "right", "text", "found"),
    [
        ("pt", "violação", "estupro (violação)", "Em caso de violação, vá ao hospital.", True),
        ("pt", "violação", "estupro (violação)", "Em caso de estupro (violação), vá já.", False),
        ("pt", "violação", "estupro (violação)", "Violação: vá ao hospital.", True),
        ("pt", "violação", "estupro (violação)", "violações", False),
        (
            "pt",
            "esquadra",
            "delegacia (esquadra)",
            "Vá à delegacia (esquadra, commissariat).",
            False,
        ),
        ("pt", "esquadra", "delegacia (esquadra)", "Vá à esquadra.", True),
        ("ro", "Ascultare", "Linie de sprijin", "Ascultare pentru femei.", True),
        ("ro", "Ascultare", "Linie de sprijin", "O rulotă: ascultare, prevenție.", False),
        ("zh", "此人", "这个人", "此人需要帮助。", True),
        ("ar", "ختان", "ختان الإناث", "والختان ممنوع", True),
        ("ar", "ختان", "ختان الإناث", "ختان الإناث ممنوع", False),
        ("ar", "1 شهر", "شهر واحد", "خلال 1 شهر", True),
        ("ar", "1 شهر", "شهر واحد", "خلال 11 شهر", False),
    ],
)
def test_how_a_wrong_term_is_found(
    lang: str, wrong: str, right: str, text: str, found: bool
) -> None:
    assert Term(lang, wrong, right).found_in(text) is found


@pytest.mark.parametrize(
    ("terms", "says"),
    [
        ("de:\n  Hilfe: Helfen\n", "'de' must be a language of the bot"),
        ("en:\n  listening line:\n", "'listening line' needs the term to write instead"),
    ],
)
def test_a_bad_terms_file_is_an_error(mini_kb: Path, terms: str, says: str) -> None:
    with_terms(mini_kb, terms)
    assert says in errors_of(mini_kb)[0]


def test_wrong_terms_do_not_fail_check_but_fail_strict(mini_kb: Path) -> None:
    with_terms(mini_kb)
    folder = ["--knowledge", str(mini_kb), "--topics", "/nonexistent"]
    assert CliRunner().invoke(main, ["kb", "check", *folder]).exit_code == 0
    strict = CliRunner().invoke(main, ["kb", "check", "--strict", *folder])
    assert strict.exit_code == 1 and "knowledge/terms.yaml" in strict.output


def test_the_shipped_terms_load_and_the_translators_guide_points_to_them() -> None:
    assert not [p for p in check_knowledge(PROJECT / "knowledge") if p.blocking]
    assert "knowledge/terms.yaml" in (PROJECT / "docs" / "TRANSLATORS.md").read_text("utf-8")
