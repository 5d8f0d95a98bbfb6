"""The knowledge watcher survives files that vanish, broken links and unreadable files,
and reports them to moderators as it reports a YAML error (issue 16, defect 7)."""

from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.telegram.live import LiveKnowledge


def dangling_link(kb: Path) -> Path:
    link = kb / "topics" / "gone.yaml"
    link.symlink_to(kb / "topics" / "nowhere.yaml")
    return link


def unreadable(kb: Path) -> Path:
    folder = kb / "topics" / "folder.yaml"  # a name the watcher lists, which cannot be read
    folder.mkdir()
    return folder


@pytest.mark.parametrize("break_it", [dangling_link, unreadable])
async def test_a_file_that_cannot_be_read_is_reported_and_the_watch_goes_on(
    mini_engine: Engine, mini_kb: Path, break_it: object
) -> None:
    live = LiveKnowledge(mini_engine, mini_kb)
    reports: list[str] = []

    async def report(errors: str) -> None:
        reports.append(errors)

    broken = break_it(mini_kb)  # type: ignore[operator]
    await live.look(report)
    assert len(reports) == 1 and broken.name in reports[0]
    assert live.engine is mini_engine  # the old knowledge base keeps serving
    (broken.rmdir if broken.is_dir() else broken.unlink)()
    await live.look(report)
    assert len(reports) == 1 and live.engine is not mini_engine  # fixed: reloaded


def test_reload_names_a_broken_link(mini_engine: Engine, mini_kb: Path) -> None:
    link = dangling_link(mini_kb)
    errors = LiveKnowledge(mini_engine, mini_kb).reload()
    assert errors is not None and link.name in errors
