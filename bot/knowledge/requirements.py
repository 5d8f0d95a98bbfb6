"""The topics every knowledge base must have: those of shared/topics.yaml, and those the
project adds in its own knowledge/required_topics.yaml (same format)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.knowledge.model import Problem

# The project's own required topics, beside the topic files, in the format of topics.yaml.
PROJECT_TOPICS_FILE = "required_topics.yaml"


def required_topic_ids(topics_file: Path) -> list[str]:
    """The topic ids listed in topics.yaml (categories map ids to what they cover)."""
    data = yaml.safe_load(topics_file.read_text(encoding="utf-8")) or {}
    return [
        topic_id
        for category in data.values()
        if isinstance(category, dict)
        for topic_id in category
    ]


def missing_topics(folder: Path, topics_file: Path) -> list[Problem]:
    """An error for each required topic that no file of `folder` defines."""
    if not topics_file.is_file():
        return []
    # A topic file is named after its id: the loader reports any file that is not.
    present = {path.stem for path in (folder / "topics").glob("*.yaml")}
    return [
        Problem(
            str(topics_file),
            1,
            f"the required topic {topic_id} is missing: create topics/{topic_id}.yaml",
        )
        for topic_id in required_topic_ids(topics_file)
        if topic_id not in present
    ]


def missing_required_topics(folder: Path, shared_topics_file: Path) -> list[Problem]:
    """Missing topics of the shared list and of the knowledge folder's own list."""
    return missing_topics(folder, shared_topics_file) + missing_topics(
        folder, folder / PROJECT_TOPICS_FILE
    )
