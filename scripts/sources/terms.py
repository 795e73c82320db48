"""The termbase (i18n/terms.yml): one preferred form per recurring term and language, and the
variants to avoid. ``check`` finds an avoided variant in any text of campaigns.yml,
lessons.yml, docs/ and i18n/ and reports it as ``file:line:col`` with the preferred form.

A variant is looked for only in texts of its own language: in the data files, the values of
``kk:``/``ru:``/``en:`` keys; a page of ``docs/<lang>/``; ``i18n/<lang>.yml``. It matches as a
whole word (``педагогтар*`` with a final ``*`` also matches longer words that begin with it),
ignoring case unless it is written in capitals only (``MM`` is not ``mm``). Words inside
«guillemets» are quotations of a source and are kept as written; so are the ``aliases`` of
agencies (spellings met in the source documents).

The files are first searched as plain text, so a source with no avoided variant costs one
regular-expression pass; only a file with a match is parsed to find the language of the text
the match is in.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import yamlsource
from .docpages import shown
from .languages import I18N_DIR
from .model import LANGUAGES
from .translations import data_files
from .validate import InvalidData, Problem, _dotted, _from_pydantic
from .yamlsource import Position, SourceProblem

TERMS_FILE = I18N_DIR / "terms.yml"

Variant = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Avoid(_Strict):
    kk: list[Variant] = Field([], description="Kazakh variants to avoid")
    ru: list[Variant] = Field([], description="Russian variants to avoid")
    en: list[Variant] = Field([], description="English variants to avoid")

    @field_validator("kk", "ru", "en")
    @classmethod
    def _not_blank(cls, value: list[str]) -> list[str]:
        for variant in value:
            if not variant.strip("* "):
                raise ValueError("a variant to avoid is empty")
        return value


class Term(_Strict):
    id: str = Field(description="a short name of the term, unique in the termbase (e.g. hotline-111)")
    kk: Optional[str] = Field(None, description="the preferred Kazakh form; left out while no form is agreed")
    ru: Optional[str] = Field(None, description="the preferred Russian form; left out while no form is agreed")
    en: Optional[str] = Field(None, description="the preferred English form; left out while no form is agreed")
    note: Optional[str] = Field(None, description="for editors: why this form, what the source says")
    avoid: Avoid = Field(Avoid(), description="per language, the variants that must not be used")

    def form(self, lang: str) -> Optional[str]:
        return getattr(self, lang)


class Termbase(_Strict):
    terms: list[Term] = Field(description="the recurring terms, each with its preferred forms")

    def coverage(self, lang: str) -> tuple[int, list[Term]]:
        """(number of terms with an agreed form in ``lang``, the terms without one)."""
        missing = [t for t in self.terms if not t.form(lang)]
        return len(self.terms) - len(missing), missing


def load(path: Path = TERMS_FILE) -> Termbase:
    """The termbase, validated; raises InvalidData with file:line:col problems."""
    try:
        src = yamlsource.load(path, shown(path))
    except SourceProblem as exc:
        raise InvalidData([Problem(exc.position, "", exc.message)]) from None
    try:
        base = Termbase.model_validate(src.data)
    except ValidationError as exc:
        raise InvalidData(_from_pydantic(exc, src)) from None
    problems = []
    seen: set[str] = set()
    for i, term in enumerate(base.terms):
        if term.id in seen:
            problems.append(Problem(src.where(("terms", i, "id")), _dotted(("terms", i, "id")),
                                    f"'{term.id}' is used more than once"))
        seen.add(term.id)
        for lang in LANGUAGES:
            form = term.form(lang)
            for variant in getattr(term.avoid, lang):
                if form and _pattern(variant).search(form):
                    problems.append(Problem(src.where(("terms", i, "avoid", lang)),
                                            _dotted(("terms", i, "avoid", lang)),
                                            f"the variant '{variant}' matches the preferred form '{form}'"))
    if problems:
        raise InvalidData(problems)
    return base


# ------------------------------------------------------------------ matching

def _regex(variant: str) -> str:
    """A variant as a regular expression: a whole word (a final * allows a longer word), with
    case ignored unless the variant is written in capitals only (an abbreviation: MM, not mm)."""
    stem = variant.endswith("*")
    body = re.escape(variant.rstrip("*"))
    exact = any(ch.isalpha() for ch in variant) and variant.upper() == variant
    core = body if exact else f"(?i:{body})"
    return r"(?<!\w)" + core + ("" if stem else r"(?!\w)")


@lru_cache(maxsize=None)
def _pattern(variant: str) -> re.Pattern:
    return re.compile(_regex(variant))


@dataclass(frozen=True)
class _Rule:
    term: Term
    lang: str
    variant: str

    @property
    def pattern(self) -> re.Pattern:
        return _pattern(self.variant)


def _rules(base: Termbase) -> list[_Rule]:
    return [_Rule(term, lang, v) for term in base.terms for lang in LANGUAGES for v in getattr(term.avoid, lang)]


_QUOTED = re.compile(r"«[^«»\n]*(?:«[^«»\n]*»[^«»\n]*)*»")


def _combined(rules: list[_Rule]) -> re.Pattern:
    """One pattern for all the rules (one pass over a text), the longest variants first, so that
    of overlapping variants («National helpline 111», «helpline 111») the longest is found."""
    order = sorted(range(len(rules)), key=lambda i: -len(rules[i].variant))
    return re.compile("|".join(f"(?P<r{i}>{_regex(rules[i].variant)})" for i in order))


def _matches(text: str, rules: list[_Rule]):
    """(line index, column index, rule, the words found) of every avoided variant outside
    «quotes» in ``text``, in reading order."""
    folded = text.casefold()
    rules = [r for r in rules if r.variant.rstrip("*").casefold() in folded]  # a fast first sieve
    if not rules:
        return
    pattern = _combined(rules)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    quoted = None
    for m in pattern.finditer(text):
        if quoted is None:
            quoted = [q.span() for q in _QUOTED.finditer(text)]
        if any(a <= m.start() < b for a, b in quoted):
            continue
        rule = rules[int(m.lastgroup[1:])]
        line = bisect.bisect_right(starts, m.start()) - 1
        yield line, m.start() - starts[line], rule, m.group(0)


def _problem(file: str, line: int, col: int, rule: _Rule, found: str) -> Problem:
    preferred = rule.term.form(rule.lang)
    advice = f"write '{preferred}'" if preferred else "the termbase has no agreed form yet: ask the editors"
    return Problem(Position(file, line + 1, col + 1), f"{rule.lang}",
                   f"'{found}' is a variant to avoid ({rule.term.id}): {advice} (i18n/terms.yml)")


def _yaml_languages(text: str, default: Optional[str]) -> list[tuple[tuple, tuple, str]]:
    """(start, end, language) of every scalar in a YAML text that is a text in a known language:
    the value of a kk/ru/en key, or any value when the file has one ``default`` language.
    The agencies' ``aliases`` (source spellings) are left out."""
    out = []

    def walk(node, lang, skip):
        if isinstance(node, yaml.ScalarNode):
            if lang and not skip:
                out.append(((node.start_mark.line, node.start_mark.column),
                            (node.end_mark.line, node.end_mark.column), lang))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, lang, skip)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                walk(value, name if name in LANGUAGES else lang, skip or name == "aliases")

    walk(yaml.compose(text, Loader=yamlsource._FastNoDatesLoader), default, False)
    return out


def _check_yaml(path: Path, rules: list[_Rule], default: Optional[str] = None) -> list[Problem]:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    hits = list(_matches(text, rules))
    if not hits:
        return []
    scalars = _yaml_languages(text, default)
    problems = []
    for line, col, rule, found in hits:
        lang = next((lg for start, end, lg in scalars if start <= (line, col) < end), None)
        if lang == rule.lang:
            problems.append(_problem(shown(path), line, col, rule, found))
    return problems


def _check_page(path: Path, lang: str, rules: list[_Rule]) -> list[Problem]:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    own = [r for r in rules if r.lang == lang]
    return [_problem(shown(path), line, col, rule, found) for line, col, rule, found in _matches(text, own)]


def check(data_file: Path, docs_dir: Path, i18n_dir: Path = I18N_DIR, terms_file: Optional[Path] = None) -> list[Problem]:
    """Every avoided variant in the site's texts, as problems (an empty list when there is none)."""
    try:
        base = load(terms_file or i18n_dir / "terms.yml")
    except InvalidData as exc:
        return exc.problems
    rules = _rules(base)
    problems: list[Problem] = []

    # a file that cannot be read (missing, not UTF-8, bad YAML) is reported by its own check
    unreadable = (OSError, UnicodeDecodeError, yaml.YAMLError)
    for file in data_files(data_file):
        try:
            problems.extend(_check_yaml(file, rules))
        except unreadable:
            pass
    for lang in LANGUAGES:
        file = i18n_dir / f"{lang}.yml"
        try:
            problems.extend(_check_yaml(file, rules, default=lang))
        except unreadable:
            pass
        for page in sorted((docs_dir / lang).rglob("*.md")) if (docs_dir / lang).is_dir() else ():
            try:
                problems.extend(_check_page(page, lang, rules))
            except unreadable:
                pass
    return problems
