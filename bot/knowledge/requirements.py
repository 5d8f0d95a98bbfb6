"""The topics every knowledge base must have, from shared/topics.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.knowledge.model import Problem


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
