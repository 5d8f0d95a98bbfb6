"""The README stays true: its module map names every module, and every command explains itself."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from bot.cli.commands import main
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")
MAP_START = README.index("```\nbot/\n")
MODULE_MAP = README[MAP_START : README.index("```", MAP_START + 3)]


def _modules() -> list[str]:
    return sorted(
        path.relative_to(PROJECT / "bot").as_posix()
        for path in (PROJECT / "bot").rglob("*.py")
        if path.name != "__init__.py"
    )


@pytest.mark.parametrize("module", _modules())
def test_the_module_map_names_every_module(module: str) -> None:
    folder, _, name = module.rpartition("/")
    assert re.search(rf"\b{re.escape(name)}\b", MODULE_MAP), f"{module} is not in the README map"
    if folder:
        assert f"{folder.rpartition('/')[2]}/" in MODULE_MAP


def _commands() -> list[list[str]]:
    found: list[list[str]] = []

    def walk(group: object, path: list[str]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            found.append([*path, name])
            walk(command, [*path, name])

    walk(main, [])
    return found


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    summary = result.output.split("\n\n")[1].strip()
    assert summary and not summary.startswith("Options:"), f"{' '.join(command)} has no help text"
