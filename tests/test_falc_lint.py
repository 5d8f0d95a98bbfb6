"""`kb lint`: each easy-to-read rule is caught, with its line and a suggestion."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.commands import main
from bot.knowledge.lint import LintConfig, kandel_moles, lint_answer

CONFIG = LintConfig(
    levels={
        "sentence_length": "block",
        "mean_sentence_length": "block",
        "one_sentence_per_line": "block",
        "acronyms": "block",
        "numbers_in_letters": "block",
        "long_words": "warn",
        "negation": "warn",
        "passive": "warn",
        "conditional": "warn",
        "jargon": "warn",
    },
    known_acronyms=frozenset({"SMS"}),
    jargon={"fr": {"praticien": "médecin"}},
)


def rules(answer: str, lang: str = "fr", glossary: frozenset[str] = frozenset()) -> set[str]:
    return {f.rule for f in lint_answer("t", lang, answer, CONFIG, glossary)}


@pytest.mark.parametrize(
    ("answer", "rule"),
    [
        (
            "Vous pouvez aller voir une association de votre ville pour parler de votre "
            "situation avec une personne qui vous écoute.",
            "sentence_length",
        ),
        ("Appelez le 115. C'est gratuit.", "one_sentence_per_line"),
        ("Demandez l'AME à la caisse.", "acronyms"),
        ("Vous avez trois jours.", "numbers_in_letters"),
        ("Consultez un praticien.", "jargon"),
        ("Ne sortez pas.", "negation"),
        ("Votre plainte est enregistrée.", "passive"),
        ("Vous pourriez appeler.", "conditional"),
        ("Voici une anticonstitutionnellement longue phrase.", "long_words"),
    ],
)
def test_each_rule_is_caught(answer: str, rule: str) -> None:
    assert rule in rules(answer)


def test_an_easy_answer_passes_every_rule() -> None:
    answer = (
        "📞 Appelez le 115 pour dormir à l'abri ce soir.\nC'est gratuit.\n"
        "Pas de place ? Appelez encore plus tard.\nEnvoyez un SMS au 114."
    )
    assert rules(answer) == set()


def test_an_acronym_is_accepted_when_explained_or_in_the_glossary() -> None:
    assert "acronyms" not in rules("Demandez l'AME (aide pour payer le médecin).")
    assert "acronyms" not in rules("Demandez l'AME.\nL'AME est une aide.")
    assert "acronyms" not in rules("Demandez l'AME.", glossary=frozenset({"AME"}))


def test_chinese_sentences_are_counted_in_characters() -> None:
    assert "sentence_length" in rules("请" * 40 + "。", lang="zh")
    assert rules("请打115。", lang="zh") == set()


def test_french_readability_is_higher_for_easier_text() -> None:
    easy = "Appelez le 115.\nC'est gratuit.\nVous dormez au chaud."
    hard = (
        "L'hébergement d'urgence inconditionnel relève de la compétence départementale "
        "conformément aux dispositions législatives."
    )
    assert kandel_moles(easy) > kandel_moles(hard)


def test_lint_fails_with_located_messages_on_a_broken_answer(mini_kb: Path) -> None:
    (mini_kb / "lint.yaml").write_text("rules:\n  numbers_in_letters: block\n", "utf-8")
    path = mini_kb / "topics" / "shelter.tonight.yaml"
    path.write_text(
        path.read_text("utf-8").replace("C'est gratuit.", "Restez trois jours."), "utf-8"
    )
    result = CliRunner().invoke(main, ["kb", "lint", "--knowledge", str(mini_kb)])
    assert result.exit_code == 1
    assert "shelter.tonight [fr] answer line 2: 'trois': write numbers in digits" in result.output
