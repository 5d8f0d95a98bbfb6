"""Balance between orientations: a topic that refers to rights-based associations only,
or exit-oriented ones only, gets a warning when associations of the other orientation
serve the same need and receive the public; the person chooses."""

from pathlib import Path

import pytest

from bot.knowledge.loader import check_knowledge
from bot.knowledge.model import Organisation
from tests.test_knowledge_loader import edit, errors_of

ORGANISATIONS = {
    "droits": ("rights", "[shelter]"),
    "sortie": ("exit", "[shelter.tonight]"),
    "federation": ("rights", None),  # does not receive the public: no 'serves'
    "sante": ("rights", "[health]"),
}


def with_organisations(folder: Path, **serves: str | None) -> Path:
    """The tiny knowledge base with the organisations above, `serves` overridden."""
    entries = ""
    for org_id, (orientation, needs) in ORGANISATIONS.items():
        needs = serves.get(org_id, needs)
        entries += f"  - id: {org_id}\n    name: {org_id.title()}\n    orientation: {orientation}\n"
        entries += f"    url: https://example.org/{org_id}\n"
        entries += f"    serves: {needs}\n" if needs else ""
    with (folder / "organisations.yaml").open("a", encoding="utf-8") as file:
        file.write(entries)
    return folder


def refer(folder: Path, *org_ids: str) -> None:
    edit(
        folder / "topics/shelter.tonight.yaml",
        "referrals: [samu-social-115]",
        f"referrals: [samu-social-115, {', '.join(org_ids)}]",
    )


def balance_warnings(folder: Path) -> list[str]:
    return [str(p) for p in check_knowledge(folder) if "refers only to" in p.message]


def test_one_orientation_only_is_a_warning_naming_the_other(mini_kb: Path) -> None:
    refer(with_organisations(mini_kb), "sortie")
    assert balance_warnings(mini_kb) == [
        "knowledge/topics/shelter.tonight.yaml line 4: topic shelter.tonight refers only "
        "to exit-oriented associations for this need, but rights-based ones serve it too: "
        "Droits; add one to 'referrals' so that the person can choose (an association "
        "counts when its 'serves' in organisations.yaml names this topic)"
    ]


def test_both_orientations_give_no_warning(mini_kb: Path) -> None:
    refer(with_organisations(mini_kb), "sortie", "droits")
    assert balance_warnings(mini_kb) == []


def test_no_warning_where_only_one_orientation_serves_the_need(mini_kb: Path) -> None:
    refer(with_organisations(mini_kb, droits="[health]"), "sortie")
    assert balance_warnings(mini_kb) == []


def test_an_organisation_that_does_not_receive_the_public_does_not_count(mini_kb: Path) -> None:
    refer(with_organisations(mini_kb), "sortie", "federation")
    [warning] = balance_warnings(mini_kb)
    assert "refers only to exit-oriented associations" in warning


def test_a_rights_only_topic_is_warned_too(mini_kb: Path) -> None:
    refer(with_organisations(mini_kb), "droits")
    [warning] = balance_warnings(mini_kb)
    assert "rights-based associations for this need, but exit-oriented ones" in warning
    assert warning.endswith(
        "serve it too: Sortie; add one to 'referrals' so that the "
        "person can choose (an association counts when its 'serves' "
        "in organisations.yaml names this topic)"
    )


def test_a_need_that_names_no_topic_is_an_error(mini_kb: Path) -> None:
    with_organisations(mini_kb, sante="[helth]")
    [message] = errors_of(mini_kb)
    assert "organisation sante serves 'helth', which is no topic id" in message


def test_serves_must_be_a_list(mini_kb: Path) -> None:
    with_organisations(mini_kb, sante="health")
    assert "'serves' must be a list of topic ids" in errors_of(mini_kb)[0]


@pytest.mark.parametrize(
    ("needs", "topic", "served"),
    [
        (("health",), "health.pep", True),
        (("health.pep",), "health.pep", True),
        (("health.pep",), "health.prep", False),
        (("health",), "healthcare.x", False),
        (("housing",), "housing", True),
        ((), "housing", False),
    ],
)
def test_a_need_is_a_topic_id_or_the_first_part_of_ids(
    needs: tuple[str, ...], topic: str, served: bool
) -> None:
    assert Organisation("x", "X", serves=needs).serves_topic(topic) is served
