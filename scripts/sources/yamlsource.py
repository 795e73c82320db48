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
    """A problem that stops loading, already phrased for an editor; ``shown``: the line of the
    file it is on, with a caret under the place (empty when there is no line to show)."""

    position: Position
    message: str
    shown: str = ""

    def __str__(self) -> str:
        return f"{self.position}: {self.message}" + (f"\n{self.shown}" if self.shown else "")


def show_line(text: str, line: int, col: int) -> str:
    """Line ``line`` of ``text`` (1-based) and a caret under column ``col``, as an editor sees them."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    source = lines[line - 1].rstrip()
    number = f"{line:>5} | "
    return f"{number}{source}\n{' ' * (len(number) - 2)}| {' ' * max(col - 1, 0)}^"


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
        line, col, what = explain(text, exc)
        raise SourceProblem(Position(name, line, col), f"YAML syntax error: {what}", show_line(text, line, col)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML always marks syntax errors
        raise SourceProblem(Position(name, 1, 1), f"YAML error: {exc}") from None
    if node is None:
        raise SourceProblem(Position(name, 1, 1), "the file holds only comments: there is no data in it")
    located = Located(None, {}, name)
    loader = _NoDatesLoader("")
    located.data = _convert(node, (), located, loader, name)
    return located


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(lines: list[str], index: int) -> int | None:
    """The index of the nearest line before ``index`` with content (not blank, not a comment)."""
    for i in range(index - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


def _alone(line: str):
    """The error PyYAML gives for this one line on its own (None: it is fine alone)."""
    try:
        yaml.safe_load(line.strip().removeprefix("- ").strip())
    except yaml.MarkedYAMLError as exc:
        return exc
    return None


def explain(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Line, column and words an editor understands for a YAML syntax error: what is most likely
    wrong (indentation, a quotation mark or bracket not closed, a missing colon or space)."""
    lines = text.splitlines() or [""]
    mark = exc.problem_mark or exc.context_mark
    line, col = mark.line + 1, mark.column + 1
    problem, context = exc.problem or "", exc.context or ""
    first = exc.context_mark.line if exc.context_mark is not None else 0
    # a quotation mark not closed is noticed lines later: find the line where it was opened
    for i in range(max(first, 0), min(mark.line + 1, len(lines))):
        alone = _alone(lines[i])
        if alone is not None and "quoted scalar" in (alone.context or ""):
            quote = lines[i].index(lines[i].strip()[0]) if lines[i].strip() else 0
            opened = max(lines[i].rfind('"'), lines[i].rfind("'"), quote)
            return i + 1, opened + 1, ("a quotation mark opened on this line is not closed: "
                                       "add the closing one at the end of the text (or remove the opening one)")
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        start = exc.context_mark
        return start.line + 1, start.column + 1, (
            f"the '{bracket}' opened here is not closed with '{closing}' before line {line} "
            f"(or a ',' is missing between two of its items)")
    current = lines[mark.line] if mark.line < len(lines) else ""
    before = _content(lines, mark.line)
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        at = exc.context_mark.line
        return at + 1, _indent(lines[at]) + 1, ("this line has no ':' after its field name: "
                                                 "write it as 'field: value'")
    if "mapping values are not allowed" in problem:
        if before is not None and ":" not in lines[before].split("#")[0] and not lines[before].strip().startswith("- "):
            return before + 1, _indent(lines[before]) + 1, ("this line has no ':' after its field name: "
                                                           "write it as 'field: value'")
        if before is not None and _indent(current) > _indent(lines[before]) and not lines[before].rstrip().endswith(":"):
            return line, _indent(current) + 1, (
                f"this line is indented by {_indent(current)} spaces, more than the line above "
                f"({_indent(lines[before])}): fields of one entry start in the same column")
        return line, col, ("a value has ': ' (a colon and a space) in it: put the whole value in "
                           "quotation marks, e.g. \"Time: 10:00\"")
    if problem.startswith("did not find expected") and before is not None:
        for i in (mark.line, before):
            if re.match(r"-[^\s-]", lines[i].lstrip(" ")):
                return i + 1, _indent(lines[i]) + 1, "a '-' that starts a list item needs a space after it ('- ')"
        if _indent(current) == _indent(lines[before]):
            return line, _indent(current) + 1, (
                "a list item ('- ') and a field ('name: value') stand at the same level here: "
                "the items of a list go under a field, indented further")
        return line, _indent(current) + 1, (
            f"this line is indented by {_indent(current)} spaces, but it does not line up with the lines "
            f"above it (line {before + 1} has {_indent(lines[before])}): fields of one entry, and the "
            "'- ' of the items of one list, start in the same column; YAML counts the spaces")
    what = problem or context or "invalid YAML"
    return line, col, what


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
