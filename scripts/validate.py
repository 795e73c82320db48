"""Validate campaigns.yml and report every problem at once, as file:line:col: path: message."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import yamlsource
from .model import LANGUAGES, Data, Text
from .yamlsource import Located, Position, SourceProblem


@dataclass(frozen=True)
class Problem:
    position: Position
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.position}: {where}{self.message}"


class InvalidData(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def __reduce__(self):  # pickled with its problems (a build's generators run in a child process)
        return (InvalidData, (self.problems,))


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + str(part))
    return out


_UNION_TAGS = re.compile(r"^(str|int|float|bool|Text|Responsible|constrained-str|function-.*|literal\[.*\]|list\[.*\])$")


def _clean_loc(loc: tuple) -> tuple:
    return tuple(p for p in loc if not (isinstance(p, str) and _UNION_TAGS.match(p)))


def _message(err: dict, loc: tuple) -> str:
    kind = err["type"]
    last = loc[-1] if loc else None
    if kind == "missing":
        if last in LANGUAGES:
            return f"the {last} translation is missing"
        return "this field is required"
    if kind == "extra_forbidden":
        return f"unknown field '{last}' (check its spelling)"
    msg = err["msg"]
    msg = re.sub(r"^Value error, ", "", msg)
    if kind == "string_pattern_mismatch" and err.get("input") == "":
        return "this field is empty: fill it in"
    if kind == "string_pattern_mismatch":
        field = str(last)
        hints = {
            "slug": "use lowercase ASCII letters, digits and hyphens (e.g. doverie-111)",
            "number": "write the phone number as digits only (e.g. 111)",
            "email": "this is not an e-mail address",
            "url": "must be a full https:// address",
            "file": "give a path from the repository root to a .png, .jpg or .svg file (e.g. materials/logo.png)",
        }
        return f"'{err.get('input')}' is not valid: " + hints.get(field, "use lowercase ASCII letters, digits, '-' and '.'")
    if kind in ("model_type", "dict_type") and "categories" in loc:
        return f"a category is a year (e.g. 2021) or a text in kk, ru and en, not {err.get('input')!r}"
    if kind in ("string_type", "model_type", "list_type", "int_type", "int_parsing", "float_type", "float_parsing",
                "bool_type", "bool_parsing", "dict_type"):
        expected = {
            "string_type": "text",
            "model_type": "a mapping of fields",
            "dict_type": "a mapping of fields",
            "list_type": "a list",
            "int_type": "a whole number",
            "int_parsing": "a whole number",
            "float_type": "a number",
            "float_parsing": "a number",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
        }[kind]
        got = err.get("input")
        shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__.replace("dict", "a mapping").replace("list", "a list")
        if isinstance(loc[-1] if loc else None, str) and loc[-1] in LANGUAGES and kind == "string_type":
            return f"the {loc[-1]} text must be text, got {shown}"
        return f"expected {expected}, got {shown}"
    if kind == "literal_error":
        return f"'{err.get('input')}' is not allowed: {msg.replace('Input should be ', 'use ')}"
    if msg == "is empty" and last in LANGUAGES:
        return f"the {last} translation is empty"
    if kind == "string_too_short" and last in LANGUAGES:
        return f"the {last} translation is empty"
    if kind == "too_short":
        return f"give at least {err['ctx']['min_length']}"
    if kind == "too_long":
        return f"give at most {err['ctx']['max_length']}, not {err['ctx']['actual_length']}"
    return msg


def _from_pydantic(exc: ValidationError, src: Located) -> list[Problem]:
    problems, seen = [], set()
    errors = exc.errors()
    locs = [_clean_loc(err["loc"]) for err in errors]
    for err, loc in zip(errors, locs):
        # a value that may take several forms fails once per form; the deeper failure says
        # more ("by_agreement: expected true or false") than "expected text, got a mapping"
        if any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs):
            continue
        # a missing field has no position of its own: point at its parent
        pos = src.where(loc)
        key = (pos, loc, err["type"])
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(pos, _dotted(loc), _message(err, loc)))
    return problems


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")


def _texts(obj, path: tuple = ()):
    """Every Text in the model, with its path (the keys as written in the YAML)."""
    if isinstance(obj, Text):
        yield obj, path
    elif isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            yield from _texts(getattr(obj, name), path + (info.alias or name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _texts(item, path + (i,))


def _language_checks(data: Data, src: Located) -> list[Problem]:
    """Catch text left in the wrong language: English with Cyrillic outside «quoted names»,
    or a Kazakh text copied unchanged from Russian."""
    problems = []
    for obj, path in _texts(data):
        if path and path[-1] in ("name", "short_name") and path[-3:-2] != ("series",):
            continue  # proper names (and their short forms) keep their original form (a data series' name is not one)
        en = _QUOTED.sub("", obj.en)
        if _CYRILLIC.search(en):
            problems.append(Problem(src.where(path + ("en",)), _dotted(path + ("en",)),
                                    "the en text has Cyrillic letters outside «quotes»: is it translated?"))
        if obj.kk == obj.ru and len(_QUOTED.sub("", obj.ru).split()) > 3:
            problems.append(Problem(src.where(path + ("kk",)), _dotted(path + ("kk",)),
                                    "the kk text is the same as the ru text: is it translated?"))
    return problems


# Texts are HTML-escaped when pages are made, so HTML in them shows as text. Two pieces of
# Markdown would still run script: an attribute list ("{ onclick=... }", the attr_list
# extension) and a link to a script URL ("[x](javascript:...)").
_ATTR_LIST = re.compile(r"\{:?[ \t]*(?:[#.][^\s}]|[^{}\n]*=)[^{}\n]*\}")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)>]*)|^[ \t]*\[[^\]]+\]:[ \t]*<?(\S+)", re.M)
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _markup_checks(data: Data, src: Located) -> list[Problem]:
    problems = []
    for obj, path in _texts(data):
        for lang in LANGUAGES:
            text = obj[lang]
            where = path + (lang,)
            attrs = _ATTR_LIST.search(text)
            if attrs:
                problems.append(Problem(src.where(where), _dotted(where),
                                        f"'{attrs.group(0)}' would set HTML attributes on the page; remove the curly braces"))
            for match in _LINK_TARGET.finditer(text):
                target = re.sub(r"[\s\x00-\x1f]", "", match.group(1) or match.group(2) or "").lower()
                scheme = re.match(r"^[a-z][a-z0-9+.-]*:", target)
                if scheme and not target.startswith(_SAFE_SCHEMES):
                    problems.append(Problem(src.where(where), _dotted(where),
                                            f"a link to '{scheme.group(0)}' is not allowed; links use https://, mailto: or tel:"))
    return problems


def _cross_references(data: Data, src: Located) -> list[Problem]:
    problems: list[Problem] = []

    def dupes(items, attr, where):
        counts = Counter(getattr(x, attr) for x in items)
        for i, item in enumerate(items):
            value = getattr(item, attr)
            if counts[value] > 1:
                path = where + (i, attr)
                problems.append(Problem(src.where(path), _dotted(path), f"'{value}' is used more than once"))

    dupes(data.regions, "id", ("regions",))
    dupes(data.agencies, "id", ("agencies",))
    dupes(data.campaigns, "slug", ("campaigns",))

    regions = {r.id for r in data.regions}
    agencies = {a.id for a in data.agencies}
    slugs = {c.slug for c in data.campaigns}

    for i, agency in enumerate(data.agencies):
        if agency.region not in regions:
            path = ("agencies", i, "region")
            problems.append(Problem(src.where(path), _dotted(path), f"unknown region '{agency.region}'"))
    for ci, c in enumerate(data.campaigns):
        base = ("campaigns", ci)
        if c.region not in regions:
            problems.append(Problem(src.where(base + ("region",)), _dotted(base + ("region",)), f"unknown region '{c.region}'"))
        for field, targets in (("report_on", [c.report_on] if c.report_on else []), ("related", c.related)):
            for j, target in enumerate(targets):
                path = base + ((field,) if field == "report_on" else (field, j))
                if target not in slugs:
                    problems.append(Problem(src.where(path), _dotted(path), f"no campaign has the slug '{target}'"))
                elif target == c.slug:
                    problems.append(Problem(src.where(path), _dotted(path), "a campaign cannot point at itself"))
        numbers = Counter(a.n for a in c.activities())
        ds = Counter(d.id for d in c.datasets)
        for di, d in enumerate(c.datasets):
            if ds[d.id] > 1:
                path = base + ("datasets", di, "id")
                problems.append(Problem(src.where(path), _dotted(path), f"'{d.id}' is used more than once"))
        for si, section in enumerate(c.sections):
            for ai, activity in enumerate(section.activities):
                apath = base + ("sections", si, "activities", ai)
                if numbers[activity.n] > 1:
                    problems.append(Problem(src.where(apath + ("n",)), _dotted(apath + ("n",)),
                                            f"activity number {activity.n} is used more than once in this campaign"))
                for ri, ref in enumerate(activity.responsible):
                    ident = ref if isinstance(ref, str) else ref.agency
                    if ident not in agencies:
                        path = apath + ("responsible", ri)
                        problems.append(Problem(src.where(path), _dotted(path),
                                                f"unknown agency '{ident}' (add it to 'agencies' first)"))
    return problems


SHARE_ROUNDING = 1  # shares rounded to whole per cent may add up to 99 or 101


def _category_key(label) -> object:
    return label if isinstance(label, int) else label.en.strip().casefold()


def _dataset_checks(data: Data, src: Located) -> list[Problem]:
    """Rules of a dataset that involve several fields, each reported where it breaks."""
    problems: list[Problem] = []

    def report(path, message):
        problems.append(Problem(src.where(path), _dotted(path), message))

    for ci, c in enumerate(data.campaigns):
        for di, d in enumerate(c.datasets):
            base = ("campaigns", ci, "datasets", di)
            seen: dict = {}
            for k, label in enumerate(d.categories):
                key = _category_key(label)
                if key in seen:
                    report(base + ("categories", k), f"this category is already listed as number {seen[key] + 1}")
                else:
                    seen[key] = k
            names: dict = {}
            for j, s in enumerate(d.series):
                key = s.name.en.strip().casefold()
                if key in names:
                    report(base + ("series", j, "name"), f"two series are named '{s.name.en}'")
                names[key] = j
            if d.total is not None and d.multiple_choice:
                report(base + ("multiple_choice",),
                       "use either 'total: 100' (shares of one whole) or 'multiple_choice: true' (answers overlap), not both")
            for field in ("total", "multiple_choice"):
                if getattr(d, field) and d.unit != "percent":
                    report(base + (field,), f"'{field}' is for percentages: add 'unit: percent' or remove '{field}'")
            if d.scale == "per-series" and len(d.series) < 2:
                report(base + ("scale",), "'per-series' gives each series its own scale: it needs two or more series")
            for j, s in enumerate(d.series):
                spath = base + ("series", j, "values")
                if len(s.values) != len(d.categories):
                    report(spath, f"{len(s.values)} values for {len(d.categories)} categories: give one value per category")
                    continue
                if d.unit == "percent":
                    for k, v in enumerate(s.values):
                        if v > 100:
                            report(spath + (k,), f"a percentage cannot be more than 100 ({v:g})")
                if d.total is not None and not d.multiple_choice and d.unit == "percent":
                    added = sum(s.values)
                    if abs(added - d.total) > SHARE_ROUNDING:
                        report(spath, f"the shares of '{s.name.en}' add up to {added:g} %, not {d.total} %"
                                      " (mark the data 'multiple_choice: true' if answers overlap)")
    return problems


ROOT = Path(__file__).resolve().parent.parent


def _print_checks(data: Data, src: Located) -> list[Problem]:
    """The stand kit names an existing campaign; its image files exist."""
    kit = data.stand_kit
    if kit is None:
        return []
    problems = []
    if kit.campaign not in {c.slug for c in data.campaigns}:
        path = ("stand_kit", "campaign")
        problems.append(Problem(src.where(path), _dotted(path), f"no campaign has the slug '{kit.campaign}'"))
    images = [(("stand_kit", "ombudsman_logo"), kit.ombudsman_logo), (("stand_kit", "hotline_logo"), kit.hotline_logo)]
    images += [(("stand_kit", "photos", i), photo) for i, photo in enumerate(kit.photos)]
    for base, image in images:
        if image is not None and not (ROOT / image.file).is_file():
            path = base + ("file",)
            problems.append(Problem(src.where(path), _dotted(path),
                                    f"the file '{image.file}' does not exist (paths start at the repository root)"))
    return problems


_LISTS = ("regions", "agencies", "campaigns")


def _merge(main: Located, extra: Located) -> None:
    """Append the lists of ``extra`` to those of ``main``, keeping every position."""
    if not isinstance(extra.data, dict):
        raise InvalidData([Problem(extra.where(()), "", "the file must be a mapping")])
    for key, value in extra.data.items():
        if key not in _LISTS or not isinstance(value, list):
            raise InvalidData([Problem(extra.where((key,)), key, f"only {', '.join(_LISTS)} can be added from another file")])
        target = main.data.setdefault(key, [])
        offset = len(target)
        target.extend(value)
        for path, pos in extra.positions.items():
            if path[:1] == (key,) and len(path) > 1:
                main.positions[(key, path[1] + offset) + path[2:]] = pos


def load_file(path: Path, model: type[BaseModel], what: str, display_name: str | None = None,
              friendlier=None) -> tuple[BaseModel, Located]:
    """Read a YAML file beside campaigns.yml (lessons.yml, redirects.yml) and validate it against
    ``model``, with file:line problems; ``what`` names the keys the file must have,
    ``friendlier`` may reword pydantic's problems. Raises InvalidData."""
    try:
        src = yamlsource.load(path, display_name)
    except SourceProblem as exc:
        raise InvalidData([Problem(exc.position, "", exc.message)]) from None
    if not isinstance(src.data, dict):
        raise InvalidData([Problem(src.where(()), "", f"the file must be a mapping with {what}")])
    try:
        parsed = model.model_validate(src.data)
    except ValidationError as exc:
        problems = _from_pydantic(exc, src)
        raise InvalidData(friendlier(problems) if friendlier else problems) from None
    return parsed, src


def load_data(path: Path, display_name: str | None = None, extra: tuple[Path, ...] = ()) -> Data:
    """Load and validate. Raises InvalidData with every problem found.

    ``extra`` files add regions, agencies and campaigns (used to check drafts)."""
    try:
        src = yamlsource.load(path, display_name)
        others = [yamlsource.load(p) for p in extra]
    except SourceProblem as exc:
        raise InvalidData([Problem(exc.position, "", exc.message)]) from None
    if isinstance(src.data, dict):
        for other in others:
            _merge(src, other)
    if not isinstance(src.data, dict):
        raise InvalidData([Problem(src.where(()), "", "the file must be a mapping with site, contacts, regions, agencies and campaigns")])
    try:
        data = Data.model_validate(src.data)
    except ValidationError as exc:
        raise InvalidData(_from_pydantic(exc, src)) from None
    problems = (_cross_references(data, src) + _dataset_checks(data, src) + _language_checks(data, src)
                + _print_checks(data, src) + _markup_checks(data, src))
    if problems:
        raise InvalidData(problems)
    return data
