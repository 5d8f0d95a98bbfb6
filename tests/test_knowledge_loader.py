"""Loading the knowledge base: every mistake an association can make gets a clear error
with the file and line, and a broken knowledge base never half-loads."""

from pathlib import Path

import pytest

from bot.knowledge.loader import check_knowledge, load_knowledge
from bot.knowledge.model import KnowledgeError, phone_numbers


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_tiny_knowledge_base_loads(mini_kb: Path) -> None:
    kb = load_knowledge(mini_kb)
    assert [t.id for t in kb.topics] == ["health.pep", "shelter.tonight"]
    assert kb.topic("shelter.tonight").text("en").title == "Sleep tonight"


def test_bad_yaml_names_the_file_and_line(mini_kb: Path) -> None:
    edit(mini_kb / "topics/shelter.tonight.yaml", "category: basic_needs", "category: [basic")
    [message] = errors_of(mini_kb)
    assert message.startswith("knowledge/topics/shelter.tonight.yaml line ")
    assert "not valid YAML" in message


def test_unknown_referral_is_an_error(mini_kb: Path) -> None:
    edit(mini_kb / "topics/shelter.tonight.yaml", "[samu-social-115]", "[samu-social-115, nobody]")
    [message] = errors_of(mini_kb)
    assert message == (
        "knowledge/topics/shelter.tonight.yaml line 4: topic shelter.tonight "
        "refers to 'nobody', which is not in organisations.yaml"
    )


def test_missing_french_answer_is_an_error(mini_kb: Path) -> None:
    edit(mini_kb / "topics/health.pep.yaml", "  answer: |\n    🏥 Allez", "  more: |\n    🏥 Allez")
    assert "topic health.pep has no French answer" in errors_of(mini_kb)[0]


def test_missing_translation_is_a_warning_only(mini_kb: Path) -> None:
    problems = check_knowledge(mini_kb)
    missing = [p for p in problems if "has no es translation" in p.message]
    assert missing and not any(p.blocking for p in missing)
    load_knowledge(mini_kb)


def test_duplicate_topic_id_is_an_error(mini_kb: Path) -> None:
    copy = mini_kb / "topics/shelter.tonight.copy.yaml"
    copy.write_text((mini_kb / "topics/shelter.tonight.yaml").read_text("utf-8"), "utf-8")
    messages = errors_of(mini_kb)
    assert any("topic id 'shelter.tonight' is already used" in m for m in messages)


def test_duplicate_field_is_an_error(mini_kb: Path) -> None:
    edit(
        mini_kb / "topics/shelter.tonight.yaml",
        "category: basic_needs",
        "category: basic_needs\ncategory: health",
    )
    assert any("the field 'category' appears twice" in m for m in errors_of(mini_kb))


def test_unknown_language_block_is_an_error(mini_kb: Path) -> None:
    edit(mini_kb / "topics/shelter.tonight.yaml", "\nen:\n", "\nde:\n")
    assert any("unknown field 'de'" in m for m in errors_of(mini_kb))


def test_translation_with_other_phone_numbers_is_an_error(mini_kb: Path) -> None:
    edit(mini_kb / "topics/shelter.tonight.yaml", "📞 Call 115", "📞 Call 116")
    assert any("the en answer has the phone numbers" in m for m in errors_of(mini_kb))


def test_bad_hours_are_an_error(mini_kb: Path) -> None:
    edit(mini_kb / "organisations.yaml", '"09:00-12:00", "14:00-17:00"', '"9h-12h"')
    assert any("hours for 'mon'" in m for m in errors_of(mini_kb))


def test_a_stale_translation_is_a_warning(mini_kb: Path) -> None:
    from bot.knowledge.editing import stamp_translations

    list(stamp_translations(mini_kb, "en", ["shelter.tonight"]))
    edit(mini_kb / "topics/shelter.tonight.yaml", "C'est gratuit.", "C'est gratuit, jour et nuit.")
    stale = [p for p in check_knowledge(mini_kb) if "translates an older French text" in p.message]
    assert len(stale) == 1 and not stale[0].blocking


def test_stamp_keeps_comments_and_clears_the_warning(mini_kb: Path) -> None:
    from bot.knowledge.editing import stamp_translations

    assert list(stamp_translations(mini_kb, "en", [])) == [
        "knowledge/topics/health.pep.yaml",
        "knowledge/topics/shelter.tonight.yaml",
    ]
    text = (mini_kb / "topics/shelter.tonight.yaml").read_text("utf-8")
    assert text.startswith("# Where to sleep tonight.\n")
    assert not [p for p in check_knowledge(mini_kb) if "kb stamp" in p.message]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Appelez le 115. Ou le 17.", ["115", "17"]),
        ("0 800 840 800 ou +33 1 80 52 33 76", ["0180523376", "0800840800"]),
        ("le 3919 et le 116 006", ["116006", "3919"]),
        ("14 semaines, 48 heures, 18 ans, le 13 avril 2016, 1 500 €", []),
    ],
)
def test_phone_numbers_are_found_but_not_dates_or_amounts(text: str, numbers: list[str]) -> None:
    assert phone_numbers(text) == numbers


def test_added_questions_keep_the_file_valid_and_skip_known_ones(mini_kb: Path) -> None:
    from bot.knowledge.editing import add_questions

    added = add_questions(mini_kb, "shelter.tonight", "en", ["where to sleep", 'a "quoted": one'])
    assert added == 1
    questions = load_knowledge(mini_kb).topic("shelter.tonight").text("en").questions
    assert 'a "quoted": one' in questions and len(questions) == 9


def test_outside_examples_load_and_a_broken_file_names_its_line(mini_kb: Path) -> None:
    folder = mini_kb / "outside"
    folder.mkdir()
    (folder / "fr.yaml").write_text(
        'lang: fr\noutside:\n  cooking: ["recette du couscous"]\n  weather: "pluie"\n',
        encoding="utf-8",
    )
    [message] = errors_of(mini_kb)
    assert message.startswith("knowledge/outside/fr.yaml line 4")
    assert "'outside.weather' must be a list of messages" in message
    edit(folder / "fr.yaml", '"pluie"', '["il va pleuvoir ?"]')
    kb = load_knowledge(mini_kb)
    assert [(e.kind, e.text) for e in kb.outside] == [
        ("cooking", "recette du couscous"),
        ("weather", "il va pleuvoir ?"),
    ]
