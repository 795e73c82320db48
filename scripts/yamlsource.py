"""Load YAML while remembering where every value came from.

PyYAML's SafeLoader turns date-like strings into ``datetime.date`` on its own and
then a bad date (``2026-13-01``) fails with a bare ValueError and no line. Here
timestamps are left as strings, so the schema sees them and reports them with
their position, and every mapping key / sequence item gets a ``file:line:col``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# Hundreds of campaigns (20 regions, several a year, kept for years) make a file of tens of MB
# (the 300-campaign benchmark corpus is 17 MB); far more than that is a mistake.
MAX_BYTES = 64 * 1024 * 1024


class _NoDatesLoader(yaml.SafeLoader):
    pass


# Drop the implicit timestamp resolver: dates stay strings until the schema parses them.
_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# The same, parsed by libyaml when PyYAML has it (about ten times faster on large files;
# positions are the same).
if getattr(yaml, "__with_libyaml__", False):
    class _FastNoDatesLoader(yaml.CSafeLoader):
        pass

    _FastNoDatesLoader.yaml_implicit_resolvers = _NoDatesLoader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML wheels ship libyaml
    _FastNoDatesLoader = _NoDatesLoader


@dataclass(frozen=True)
class Position:
    file: str
    line: int  # 1-based
    col: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass
class SourceProblem(Exception):
    """A problem that stops loading, already phrased for an editor."""

    position: Position
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.message}"


@dataclass
class Located:
    """Plain Python data plus a map from a path (tuple of keys/indexes) to its position."""

    data: object
    positions: dict[tuple, Position] = field(default_factory=dict)
    file: str = ""

    def where(self, path: tuple) -> Position:
        """The position of the deepest part of ``path`` that exists in the source."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Position(self.file, 1, 1))


def _pos(file: str, mark) -> Position:
    return Position(file, mark.line + 1, mark.column + 1)


def load(path: Path, display_name: str | None = None) -> Located:
    """Read one YAML file into plain data with positions. Raises SourceProblem."""
    name = display_name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceProblem(Position(name, 1, 1), f"cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise SourceProblem(
            Position(name, 1, 1),
            f"the file is {len(raw) // 1024} KiB; the limit is {MAX_BYTES // 1024} KiB",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceProblem(
            Position(name, line, 1), "the file is not UTF-8 text; save it as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return loads(text, name)


def loads(text: str, name: str) -> Located:
    if not text.strip():
        raise SourceProblem(Position(name, 1, 1), "the file is empty")
    tab = re.search(r"^( *)\t", text, re.M)
    if tab:
        line = text[: tab.start()].count("\n") + 1
        raise SourceProblem(
            Position(name, line, len(tab.group(1)) + 1),
            "a tab is used for indentation; YAML needs spaces",
        )
    try:
        node = yaml.compose(text, Loader=_FastNoDatesLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark and exc.context_mark.line != mark.line:
            # e.g. an unclosed quote is only noticed lines later: say where it began
            what += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise SourceProblem(_pos(name, mark), f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML always marks syntax errors
        raise SourceProblem(Position(name, 1, 1), f"YAML error: {exc}") from None
    if node is None:
        raise SourceProblem(Position(name, 1, 1), "the file holds only comments: there is no data in it")
    located = Located(None, {}, name)
    loader = _NoDatesLoader("")
    located.data = _convert(node, (), located, loader, name)
    return located


def _convert(node, path, located: Located, loader, name):
    located.positions[path] = _pos(name, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceProblem(_pos(name, key_node.start_mark), "a key must be plain text")
            key = key_node.value
            if key in out:
                raise SourceProblem(
                    _pos(name, key_node.start_mark), f"the key '{key}' appears twice here"
                )
            out[key] = _convert(value_node, path + (key,), located, loader, name)
            # a field's message is best placed on its key
            located.positions[path + (key,)] = _pos(name, key_node.start_mark)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, path + (i,), located, loader, name) for i, item in enumerate(node.value)
        ]
    if node.tag == "tag:yaml.org,2002:merge" or node.value in ("<<",):
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise SourceProblem(_pos(name, node.start_mark), f"cannot read this value: {exc.problem}") from None
