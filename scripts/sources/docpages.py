"""Check the hand-written Markdown pages in docs/{kk,ru,en}/ before a build.

MkDocs reads a broken front matter silently as page text (the page then shows the
YAML and loses its title), so every page is checked here and problems are reported
like those of campaigns.yml: ``file:line:col: field: message``.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import yamlsource
from .model import LANGUAGES, TITLE_NAME_LIMITS
from .validate import Problem
from .yamlsource import Position, SourceProblem

# Page metadata that MkDocs and Material understand (squidfunk.github.io/mkdocs-material/reference/).
KNOWN_KEYS = {
    "title": "text",
    "description": "text",
    "subtitle": "text",
    "icon": "text",
    "status": "text",
    "template": "text",
    "hide": "list",
    "tags": "list",
    "search": "mapping",
}
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags", "feedback")
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def shown(path: Path) -> str:
    """A path as an editor reads it: relative to the current folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_page(path: Path) -> tuple[str | None, Problem | None]:
    """The text of a page, or a problem (not UTF-8)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(Position(shown(path), line, 1), "", "the page is not UTF-8 text; save it as UTF-8")
    return text.removeprefix("\ufeff"), None


def split_front_matter(text: str) -> tuple[str | None, int]:
    """(front matter text or None, number of the line where the body starts).
    Raises ValueError when the front matter is not closed."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, 1
    for i, line in enumerate(lines[1:], start=1):
        if _FENCE.match(line.rstrip("\r\n")):
            return "".join(lines[1:i]), i + 2
    raise ValueError("the front matter that starts here is not closed: add a line '---' after it")


def check_page(path: Path) -> list[Problem]:
    name = shown(path)
    text, problem = read_page(path)
    if problem:
        return [problem]
    if not text.strip():
        return [Problem(Position(name, 1, 1), "", "the page is empty")]
    try:
        front, _ = split_front_matter(text)
    except ValueError as exc:
        return [Problem(Position(name, 1, 1), "front matter", str(exc))]
    if front is None:
        return []
    if not front.strip():
        return [Problem(Position(name, 1, 1), "front matter", "the front matter is empty: give at least a title, or remove the '---' lines")]
    try:
        # the front matter starts on line 2 of the page
        located = yamlsource.loads("\n" + front, name)
    except SourceProblem as exc:
        return [Problem(exc.position, "front matter", exc.message, exc.shown)]
    if not isinstance(located.data, dict):
        return [Problem(located.where(()), "front matter", "the front matter must be fields such as 'title: …'")]
    problems = []
    for key, value in located.data.items():
        where = located.where((key,))
        kind = KNOWN_KEYS.get(key)
        if kind is None:
            problems.append(Problem(where, f"front matter.{key}",
                                    f"unknown field '{key}' (check its spelling; known: {', '.join(KNOWN_KEYS)})"))
        elif kind == "text" and not isinstance(value, str):
            problems.append(Problem(where, f"front matter.{key}", f"'{key}' must be text, got {_what(value)}"))
        elif kind == "text" and not value.strip():
            problems.append(Problem(where, f"front matter.{key}", f"'{key}' is empty"))
        elif key == "title" and len(value) > TITLE_NAME_LIMITS["page"]:
            problems.append(Problem(where, f"front matter.{key}",
                                    f"the title is {len(value)} characters; page titles and browser tabs allow"
                                    f" {TITLE_NAME_LIMITS['page']} (with the site's name): shorten it (the"
                                    f" page's heading, '# …', can stay long)"))
        elif kind == "list" and not isinstance(value, list):
            problems.append(Problem(where, f"front matter.{key}", f"'{key}' must be a list, got {_what(value)}"))
        elif kind == "mapping" and not isinstance(value, dict):
            problems.append(Problem(where, f"front matter.{key}", f"'{key}' must be fields, got {_what(value)}"))
        elif key == "hide":
            for i, item in enumerate(value):
                if item not in HIDE_VALUES:
                    problems.append(Problem(located.where((key, i)), f"front matter.hide[{i}]",
                                            f"'{item}' cannot be hidden; use {', '.join(HIDE_VALUES)}"))
    return problems


def _what(value) -> str:
    if isinstance(value, dict):
        return "fields"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def pages(docs_dir: Path) -> dict[str, dict[str, Path]]:
    """Every page path below a language folder -> {lang: file} for the languages that have it."""
    out: dict[str, dict[str, Path]] = {}
    for lang in LANGUAGES:
        folder = docs_dir / lang
        if not folder.is_dir():
            continue
        for file in sorted(folder.rglob("*.md")):
            out.setdefault(file.relative_to(folder).as_posix(), {})[lang] = file
    return dict(sorted(out.items()))


def check(docs_dir: Path) -> list[Problem]:
    """Every problem of the hand-written pages: front matter, encoding, and pages that
    exist in one language but not in another."""
    docs_dir = Path(docs_dir)
    problems: list[Problem] = []
    if not docs_dir.is_dir():
        return [Problem(Position(shown(docs_dir), 1, 1), "", "the folder of pages does not exist")]
    for file in sorted(docs_dir.glob("*.md")):
        problems.append(Problem(Position(shown(file), 1, 1), "",
                                f"pages go into a language folder: docs/{{{','.join(LANGUAGES)}}}/{file.name}"))
    for rel, files in pages(docs_dir).items():
        for lang in LANGUAGES:
            if lang in files:
                problems.extend(check_page(files[lang]))
        absent = [lang for lang in LANGUAGES if lang not in files]
        if absent:
            first = files[next(lang for lang in LANGUAGES if lang in files)]
            wanted = ", ".join(shown(docs_dir / lang / rel) for lang in absent)
            which = " and ".join(absent) + (" translations of this page are" if len(absent) > 1 else " translation of this page is")
            problems.append(Problem(Position(shown(first), 1, 1), "", f"the {which} missing: add {wanted}"))
    return problems
