"""YAML documents that remember the line of every value.

Associations edit the knowledge files by hand; an error must name the line to fix.
PyYAML's composer gives every node its position, so a file is read once into plain
Python data plus a table from a path of keys (("fr", "questions", 3)) to a line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    """A file that is not valid YAML, with the line where reading stopped."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


class ImpossibleDate(YamlSyntaxError):
    """A value written as a date that is not one (2026-02-30, 2026-13-01)."""


@dataclass(frozen=True)
class LocatedDocument:
    """The data of one YAML file and the line of each value in it."""

    data: Any
    lines: dict[PathKey, int]
    duplicate_keys: tuple[tuple[PathKey, int], ...]

    def line(self, path: PathKey) -> int:
        """The line of the value at `path`, or of its nearest parent that exists."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def read_located_yaml(path: Path) -> LocatedDocument:
    """Read `path` as YAML; raise YamlSyntaxError with a line on a syntax error."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(line, str(error.problem or error)) from None
    if node is None:
        return LocatedDocument(None, {}, ())
    lines: dict[PathKey, int] = {}
    duplicates: list[tuple[PathKey, int]] = []
    _record_lines(node, (), lines, duplicates)
    try:
        data = Loader("").construct_document(node)
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark
        raise YamlSyntaxError(mark.line + 1 if mark else 1, str(error.problem)) from None
    except ValueError:
        # PyYAML reads 2026-02-30 as a date and fails without saying where.
        line, value = _impossible_date(node)
        raise ImpossibleDate(line, f"'{value}' is not a date of the calendar") from None
    return LocatedDocument(data, lines, tuple(duplicates))


def _impossible_date(node: yaml.Node) -> tuple[int, str]:
    """The line and text of the first date in `node` that is not a real one."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
        try:
            Loader("").construct_yaml_timestamp(node)
        except ValueError:
            return node.start_mark.line + 1, str(node.value)
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [value for _, value in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        found = _impossible_date(child)
        if found[0]:
            return found
    return 0, ""


def _record_lines(
    node: yaml.Node,
    path: PathKey,
    lines: dict[PathKey, int],
    duplicates: list[tuple[PathKey, int]],
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            if child in lines:
                duplicates.append((child, key_node.start_mark.line + 1))
            _record_lines(value_node, child, lines, duplicates)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines, duplicates)
