"""`kb check` and `kb dump --json` from the command line."""

import json
from pathlib import Path

from click.testing import CliRunner

from bot.cli.commands import main

MINI_KB = Path(__file__).parent / "data" / "mini_kb"


def test_check_passes_on_the_shipped_knowledge_base() -> None:
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_check_fails_with_located_errors_on_a_broken_file(mini_kb: Path) -> None:
    (mini_kb / "topics" / "health.pep.yaml").write_text("id: health.pep\nfr: [\n", "utf-8")
    result = CliRunner().invoke(main, ["kb", "check", "--knowledge", str(mini_kb)])
    assert result.exit_code == 1
    assert "knowledge/topics/health.pep.yaml line" in result.output


def test_strict_check_fails_on_missing_translations() -> None:
    result = CliRunner().invoke(
        main, ["kb", "check", "--strict", "--knowledge", str(MINI_KB), "--topics", "/nonexistent"]
    )
    assert result.exit_code == 1
    assert "has no es translation" in result.output


def test_dump_gives_the_documented_shape() -> None:
    result = CliRunner().invoke(main, ["kb", "dump", "--json"])
    data = json.loads(result.stdout)
    assert data["languages"] == ["fr", "en", "es", "pt", "ro", "bg", "ru", "zh", "ar"]
    topic = data["topics"][0]
    assert {"id", "category", "questions", "answer", "referrals"} <= set(topic)
    organisation = data["organisations"][0]
    assert {"id", "name", "phone", "url", "city"} <= set(organisation)


def test_check_requires_the_projects_own_topics_too(mini_kb: Path) -> None:
    (mini_kb / "required_topics.yaml").write_text(
        "health:\n  health.dental_eye:\n    covers: teeth\n    must_give: the PASS\n", "utf-8"
    )
    result = CliRunner().invoke(
        main, ["kb", "check", "--knowledge", str(mini_kb), "--topics", "/nonexistent"]
    )
    assert result.exit_code == 1
    assert "the required topic health.dental_eye is missing" in result.output
    assert "required_topics.yaml" in result.output


def test_the_project_lists_the_ten_topics_of_issue_20() -> None:
    from bot.knowledge.requirements import PROJECT_TOPICS_FILE, required_topic_ids

    knowledge = Path(__file__).parents[1] / "knowledge"
    ids = required_topic_ids(knowledge / PROJECT_TOPICS_FILE)
    assert len(ids) == 10
    assert {"papers.eu_citizens", "health.dental_eye", "violence.partner"} <= set(ids)
    assert all((knowledge / "topics" / f"{topic_id}.yaml").is_file() for topic_id in ids)
