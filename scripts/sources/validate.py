"""Validate campaigns.yml and report every problem at once, as file:line:col: path: message."""
from __future__ import annotations

import datetime as dt

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ValidationError

from ..errors import BuildFailed
from . import yamlsource
from .model import LANGUAGES, Data, Text, parse_date
from .schedule import add_months, build_date
from .yamlsource import Located, Position, SourceProblem


@dataclass(frozen=True)
class Problem:
    position: Position
    path: str
    message: str
    shown: str = ""  # the source line with a caret under the place (YAML syntax errors)
    warning: bool = False  # reported, but does not stop the build

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        kind = "warning: " if self.warning else ""
        return f"{self.position}: {kind}{where}{self.message}" + (f"\n{self.shown}" if self.shown else "")


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


def suggest(value: str, known, every: bool = False) -> str:
    """"did you mean …?" with the closest of ``known`` (difflib); ``every``: list them all when
    there are few (regions), so an editor sees what may be written."""
    known = sorted(set(known))
    folded = {k.casefold().replace("_", "-"): k for k in known}  # a different case or separator is still close
    wanted = value.casefold().replace("_", "-")
    scored = sorted(((difflib.SequenceMatcher(None, wanted, k).ratio(), k) for k in folded), reverse=True)
    scored = [(score, k) for score, k in scored if score >= 0.6]
    # the closest, and any others as close (within 0.05)
    close = [folded[k] for score, k in scored[:3] if score >= scored[0][0] - 0.05] if scored else []
    out = f": did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    if every and known and len(known) <= 30:
        out += f" (the ones there are: {', '.join(known)})"
    return out


def _items(raw, key) -> list[tuple[int, dict]]:
    value = raw.get(key) if isinstance(raw, dict) else None
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)] if isinstance(value, list) else []


def _str(value) -> bool:
    return isinstance(value, str) and value != ""


def _cross_references(raw, src: Located) -> list[Problem]:
    """Ids that must exist or be unique: unknown regions, agencies and campaigns, duplicate ids
    and activity numbers. Worked on the data as read (not the validated model), so that they are
    reported together with every field problem, in one run."""
    problems: list[Problem] = []

    def add(path, message):
        problems.append(Problem(src.where(path), _dotted(path), message))

    def dupes(items, attr, where):
        counts = Counter(x.get(attr) for _, x in items if _str(x.get(attr)))
        for i, item in items:
            value = item.get(attr)
            if _str(value) and counts[value] > 1:
                add(where + (i, attr), f"'{value}' is used more than once")

    regions_, agencies_, campaigns_ = _items(raw, "regions"), _items(raw, "agencies"), _items(raw, "campaigns")
    dupes(regions_, "id", ("regions",))
    dupes(agencies_, "id", ("agencies",))
    dupes(campaigns_, "slug", ("campaigns",))

    regions = {r["id"] for _, r in regions_ if _str(r.get("id"))}
    agencies = {a["id"] for _, a in agencies_ if _str(a.get("id"))}
    slugs = {c["slug"] for _, c in campaigns_ if _str(c.get("slug"))}

    for i, agency in agencies_:
        if _str(agency.get("region")) and agency["region"] not in regions:
            add(("agencies", i, "region"), f"unknown region '{agency['region']}'" + suggest(agency["region"], regions, every=True))
    for ci, c in campaigns_:
        base = ("campaigns", ci)
        if _str(c.get("region")) and c["region"] not in regions:
            add(base + ("region",), f"unknown region '{c['region']}'" + suggest(c["region"], regions, every=True))
        related = c.get("related") if isinstance(c.get("related"), list) else []
        targets = [(("report_on",), c.get("report_on"))] + [(("related", j), r) for j, r in enumerate(related)]
        for where, target in targets:
            if not _str(target):
                continue
            if target not in slugs:
                add(base + where, f"no campaign has the slug '{target}'" + suggest(target, slugs))
            elif target == c.get("slug"):
                add(base + where, "a campaign cannot point at itself")
        datasets = _items(c, "datasets")
        ds = Counter(d.get("id") for _, d in datasets if _str(d.get("id")))
        for di, d in datasets:
            if _str(d.get("id")) and ds[d["id"]] > 1:
                add(base + ("datasets", di, "id"), f"'{d['id']}' is used more than once")
        activities = [((si, ai), a) for si, section in _items(c, "sections") for ai, a in _items(section, "activities")]
        numbers = Counter(a.get("n") for _, a in activities if isinstance(a.get("n"), int))
        for (si, ai), activity in activities:
            apath = base + ("sections", si, "activities", ai)
            n = activity.get("n")
            if isinstance(n, int) and not isinstance(n, bool) and numbers[n] > 1:
                add(apath + ("n",), f"activity number {n} is used more than once in this campaign")
            refs = activity.get("responsible") if isinstance(activity.get("responsible"), list) else []
            for ri, ref in enumerate(refs):
                ident = ref.get("agency") if isinstance(ref, dict) else ref
                if _str(ident) and ident not in agencies:
                    add(apath + ("responsible", ri), f"unknown agency '{ident}'" + suggest(ident, agencies)
                        + " (a new body is added to 'agencies' first)")
    kit = raw.get("stand_kit") if isinstance(raw, dict) else None
    if isinstance(kit, dict) and _str(kit.get("campaign")) and kit["campaign"] not in slugs:
        add(("stand_kit", "campaign"), f"no campaign has the slug '{kit['campaign']}'" + suggest(kit["campaign"], slugs))
    return problems


def campaign_activities(raw) -> dict[str, set[int]]:
    """The campaigns' slugs with their activity numbers, from the data as read (lessons.yml is
    checked against them even when campaigns.yml has problems)."""
    out: dict[str, set[int]] = {}
    for _, c in _items(raw, "campaigns"):
        if _str(c.get("slug")):
            out.setdefault(c["slug"], set()).update(
                a.get("n") for _, section in _items(c, "sections") for _, a in _items(section, "activities")
                if isinstance(a.get("n"), int))
    return out


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


ROOT = Path(__file__).resolve().parents[2]


def _print_checks(data: Data, src: Located) -> list[Problem]:
    """The stand kit names an existing campaign; its image files exist."""
    kit = data.stand_kit
    if kit is None:
        return []
    problems = []
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
        raise InvalidData([Problem(exc.position, "", exc.message, exc.shown)]) from None
    if not isinstance(src.data, dict):
        raise InvalidData([Problem(src.where(()), "", f"the file must be a mapping with {what}")])
    try:
        parsed = model.model_validate(src.data)
    except ValidationError as exc:
        problems = _from_pydantic(exc, src)
        raise InvalidData(friendlier(problems) if friendlier else problems) from None
    return parsed, src


STALE_MONTHS = 12  # a contact checked longer ago than this gets a warning: help information goes stale


def _contact_checks(raw, src: Located, today=None) -> list[Problem]:
    """A contact's ``verified`` date: in the future is an error; more than STALE_MONTHS before
    the build date (SOURCE_DATE_EPOCH when set, see schedule.build_date) a warning naming it.
    "The future" is after the later of the build date and this machine's day: a build dated in
    the past (a preview of a past campaign's home page, a reproducible rebuild) still knows a
    contact an editor checked yesterday; a slip of the year (2031 for 2021) is an error either way."""
    try:
        today = today or build_date()
    except BuildFailed as exc:  # a malformed SOURCE_DATE_EPOCH: said once, where the dates are checked
        return [Problem(src.where(("contacts",)), "contacts", f"the build date cannot be worked out: {exc}")]
    contacts = raw.get("contacts") if isinstance(raw, dict) else None
    problems = []
    for key, contact in (contacts.items() if isinstance(contacts, dict) else ()):
        value = contact.get("verified") if isinstance(contact, dict) else None
        try:
            day = parse_date(value)
        except ValueError:
            continue  # the schema reports it
        path = ("contacts", key, "verified")
        if day > max(today, dt.date.today()):
            problems.append(Problem(src.where(path), _dotted(path),
                                    f"'{value}' is in the future (today is {max(today, dt.date.today()).isoformat()}): "
                                    "give the day the contact was last checked"))
        elif day < add_months(today, -STALE_MONTHS):
            problems.append(Problem(src.where(path), _dotted(path),
                                    f"the {key} contact was last checked on {value}, more than {STALE_MONTHS} months "
                                    f"before the build date ({today.isoformat()}): check it against its source "
                                    "and give the new date", warning=True))
    return problems


@dataclass
class Checked:
    """What a check of the data found: the data (None when it has errors), its source, the
    problems (errors) and the warnings."""

    data: Optional[Data]
    src: Optional[Located]
    problems: list[Problem]
    warnings: list[Problem]


def _by_position(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.position.file, p.position.line, p.position.col))


def check_data(path: Path, display_name: str | None = None, extra: tuple[Path, ...] = ()) -> Checked:
    """Check the data file and report every problem at once: field problems (the schema) and
    cross-references (unknown or duplicate ids) together; the rules that need valid fields
    (datasets, languages, markup, printed materials) once the fields are right."""
    try:
        src = yamlsource.load(path, display_name)
        others = [yamlsource.load(p) for p in extra]
    except SourceProblem as exc:
        return Checked(None, None, [Problem(exc.position, "", exc.message, exc.shown)], [])
    if isinstance(src.data, dict):
        try:
            for other in others:
                _merge(src, other)
        except InvalidData as exc:
            return Checked(None, src, exc.problems, [])
    return check_loaded(src)


def check_loaded(src: Located) -> Checked:
    """``check_data`` on data already read (the live preview reads only the part of the file
    that changed)."""
    if not isinstance(src.data, dict):
        return Checked(None, src, [Problem(src.where(()), "", "the file must be a mapping with site, contacts, regions, agencies and campaigns")], [])
    contacts = _contact_checks(src.data, src)
    warnings = [p for p in contacts if p.warning]
    problems = _cross_references(src.data, src) + [p for p in contacts if not p.warning]
    try:
        data = Data.model_validate(src.data)
    except ValidationError as exc:
        fields = _from_pydantic(exc, src)
        taken = {p.path for p in fields}
        problems = fields + [p for p in problems if p.path not in taken]
        return Checked(None, src, _by_position(problems), warnings)
    problems += (_dataset_checks(data, src) + _language_checks(data, src)
                 + _print_checks(data, src) + _markup_checks(data, src))
    return Checked(None if problems else data, src, _by_position(problems), warnings)


def check_source(src: Located) -> Data:
    """Validate data already read: the data, or InvalidData with every problem found."""
    checked = check_loaded(src)
    if checked.problems:
        raise InvalidData(checked.problems)
    return checked.data


def load_data(path: Path, display_name: str | None = None, extra: tuple[Path, ...] = (),
              warnings: list | None = None) -> Data:
    """Load and validate. Raises InvalidData with every problem found; ``warnings``, when
    given, receives the warnings (they do not stop the build).

    ``extra`` files add regions, agencies and campaigns (used to check drafts)."""
    checked = check_data(path, display_name, extra)
    if warnings is not None:
        warnings.extend(checked.warnings)
    if checked.problems:
        raise InvalidData(checked.problems)
    return checked.data
