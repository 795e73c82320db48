"""Translation status: which texts are missing in a language, and which translations are
behind a newer text in another language.

What is tracked: every trilingual text of the data files (campaigns.yml and the other
files in DATA_FILES), every interface string in i18n/, and every hand-written page in
docs/{kk,ru,en}/. Each has a language-neutral key that survives reordering:
``campaigns[doverie-111].summary``, ``agencies[kz.mon].name``, ``i18n[nav.home]``,
``docs/about.md``.

``translations.lock.yml`` (committed, next to campaigns.yml) records, for every key, a
short hash of each language's text as of the last time the three said the same thing.
If since then one language's text changed and another's did not, the other is
outdated. ``python -m scripts translations --update`` records the texts whose
translations are finished; an outdated text keeps its old record until its
translations change too (or an editor accepts it with ``--accept KEY``).

Nothing here writes during a build: the build only reads the lock, publishes the report
as a page in every language and gives outdated pages a notice.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import docpages, yamlsource
from .languages import I18N_DIR, SETTINGS, t
from .model import LANGUAGES
from .validate import InvalidData, Problem
from .yamlsource import Located, Position, SourceProblem

LOCK_NAME = "translations.lock.yml"
# Other trilingual data files, looked for next to campaigns.yml; tracked when they exist.
DATA_FILES = ("lessons.yml",)
# A list item is named by the first of these fields it has (so reordering keeps its key).
ID_FIELDS = ("slug", "id", "n")
# Which page (below a language folder) shows the texts under a top-level key of a data file
# ({id}: the list item's id or slug; {item[field]}: one of its fields).
PAGES = {
    "campaigns": "campaigns/{id}/index.md",
    "lessons": "lessons/{id}/index.md",
    "contacts": "help.md",
    "agencies": "glossary/{item[region]}/index.md",
    "regions": "glossary/{id}/index.md",
}
STATUS_PAGE = "translation-status/index.md"
HASH_LENGTH = 12


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass
class Entry:
    """One text in every language it exists in."""

    key: str
    texts: dict[str, str | None]  # lang -> text; None when missing or empty
    where: dict[str, str]  # lang -> "file:line:col" (or the file to create)
    page: str | None = None  # the page below a language folder that shows this text


@dataclass
class Status:
    entry: Entry
    missing: list[str]
    outdated: list[str]  # languages whose text is older than another language's
    changed: list[str]  # languages whose text changed since the lock
    recorded: bool  # the lock has this key

    @property
    def complete(self) -> bool:
        return not self.missing

    def hashes(self) -> dict[str, str]:
        return {lang: digest(self.entry.texts[lang]) for lang in LANGUAGES}


@dataclass
class Report:
    statuses: list[Status]
    lock_file: Path
    lock_exists: bool
    lock: dict[str, dict[str, str]] = field(default_factory=dict)

    def missing(self, lang: str) -> list[Status]:
        return [s for s in self.statuses if lang in s.missing]

    def outdated(self, lang: str) -> list[Status]:
        return [s for s in self.statuses if lang in s.outdated]

    def unrecorded(self) -> list[Status]:
        return [s for s in self.statuses if s.complete and not s.recorded]

    def any_missing(self) -> bool:
        return any(s.missing for s in self.statuses)

    def outdated_pages(self, lang: str) -> dict[str, list[str]]:
        """Page (below the language folder) -> languages with a newer text."""
        pages: dict[str, list[str]] = {}
        for s in self.outdated(lang):
            if s.entry.page:
                newer = pages.setdefault(s.entry.page, [])
                newer.extend(x for x in s.changed if x not in newer)
        return {page: [x for x in LANGUAGES if x in newer] for page, newer in pages.items()}


# ------------------------------------------------------------------ collecting texts

def _is_text(obj) -> bool:
    """A trilingual text: a mapping with a kk, ru or en key (other keys are validation's concern)."""
    return isinstance(obj, dict) and any(lang in obj for lang in LANGUAGES)


def _value(obj, lang: str) -> str | None:
    value = obj.get(lang)
    if value is None:
        return None
    value = value if isinstance(value, str) else str(value)
    return value if value.strip() else None


def _item_names(items: list) -> list[str]:
    """How each item of a list is named in keys: by its slug/id/n when unique, else by position."""
    names = []
    for i, item in enumerate(items):
        name = str(i)
        if isinstance(item, dict):
            for id_field in ID_FIELDS:
                value = item.get(id_field)
                if isinstance(value, (str, int)) and not isinstance(value, bool):
                    same = [x for x in items if isinstance(x, dict) and x.get(id_field) == value]
                    if len(same) == 1:
                        # a number would read as a position: activities[n=3], not activities[3]
                        name = f"{id_field}={value}" if isinstance(value, int) else str(value)
                    break
        names.append(name)
    return names


def data_entries(located: Located) -> list[Entry]:
    entries: list[Entry] = []

    def page_of(names: tuple) -> str | None:
        if not names or names[0] not in PAGES:
            return None
        pattern = PAGES[names[0]]
        if "{" not in pattern:
            return pattern
        if len(names) < 2:
            return None
        items = located.data.get(names[0]) if isinstance(located.data, dict) else None
        item = next((i for i in items or [] if isinstance(i, dict) and str(i.get("id", i.get("slug"))) == names[1]), {})
        try:
            return pattern.format(id=names[1], item=item)
        except (KeyError, IndexError):
            return None

    def walk(obj, path: tuple, key: str, names: tuple):
        if _is_text(obj):
            entries.append(Entry(
                key=key,
                texts={lang: _value(obj, lang) for lang in LANGUAGES},
                where={lang: str(located.where(path + (lang,))) for lang in LANGUAGES},
                page=page_of(names),
            ))
        elif isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, path + (k,), f"{key}.{k}" if key else str(k), names + (str(k),))
        elif isinstance(obj, list):
            for i, (item, name) in enumerate(zip(obj, _item_names(obj))):
                walk(item, path + (i,), f"{key}[{name}]", names + (name,))

    walk(located.data, (), "", ())
    return entries


def docs_entries(docs_dir: Path) -> list[Entry]:
    entries = []
    for rel, files in docpages.pages(docs_dir).items():
        texts, where = {}, {}
        for lang in LANGUAGES:
            file = files.get(lang)
            text = None
            if file is not None:
                text, _ = docpages.read_page(file)
                if text is not None:
                    text = text.replace("\r\n", "\n").rstrip()
                    text = text or None
            texts[lang] = text
            where[lang] = docpages.shown(docs_dir / lang / rel)
        entries.append(Entry(key=f"docs/{rel}", texts=texts, where=where, page=rel))
    return entries


def i18n_entries(i18n_dir: Path) -> list[Entry]:
    sources = {lang: yamlsource.load(i18n_dir / f"{lang}.yml", docpages.shown(i18n_dir / f"{lang}.yml"))
               for lang in LANGUAGES}
    keys: list[str] = []
    for lang in LANGUAGES:
        data = sources[lang].data if isinstance(sources[lang].data, dict) else {}
        keys.extend(k for k in data if k not in keys)
    entries = []
    for key in keys:
        texts, where = {}, {}
        for lang in LANGUAGES:
            data = sources[lang].data if isinstance(sources[lang].data, dict) else {}
            texts[lang] = _value(data, key)
            where[lang] = str(sources[lang].where((key,)))
        entries.append(Entry(key=f"i18n[{key}]", texts=texts, where=where))
    return entries


def data_files(data_file: Path) -> list[Path]:
    return [data_file] + [data_file.parent / name for name in DATA_FILES if (data_file.parent / name).exists()]


def entries(data_file: Path, docs_dir: Path, i18n_dir: Path = I18N_DIR) -> list[Entry]:
    """Every tracked text. Raises InvalidData when a source cannot be read."""
    out: list[Entry] = []
    try:
        for file in data_files(data_file):
            out.extend(data_entries(yamlsource.load(file, docpages.shown(file))))
        out.extend(i18n_entries(i18n_dir))
    except SourceProblem as exc:
        raise InvalidData([Problem(exc.position, "", exc.message)]) from None
    out.extend(docs_entries(docs_dir))
    return out


# ------------------------------------------------------------------ the lock

LOCK_HEADER = """\
# Translation record: for every text, a short hash of each language's version as of the
# last time all three said the same thing. A text whose hash changed in one language but
# not in another is reported as outdated in the other (make translations).
# Written by `make translations-update` after translators finish; do not edit by hand.
# A merge conflict here is resolved by keeping the lines of both sides.
"""


def read_lock(lock_file: Path) -> dict[str, dict[str, str]]:
    if not lock_file.exists():
        return {}
    name = docpages.shown(lock_file)
    raw = lock_file.read_bytes().decode("utf-8", errors="replace")
    conflict = re.search(r"^(<{7}|={7}|>{7})( |$)", raw, re.M)
    if conflict:
        line = raw[: conflict.start()].count("\n") + 1
        raise InvalidData([Problem(Position(name, line, 1), "",
                                   "a merge conflict is left in this file: keep the lines of both sides, remove the "
                                   "lines <<<<<<<, ======= and >>>>>>>, then run `make translations`")])
    try:
        located = yamlsource.load(lock_file, name)
    except SourceProblem as exc:
        if "only comments" in exc.message:
            return {}
        raise InvalidData([Problem(exc.position, "", exc.message + fix_lock_hint(lock_file))]) from None
    if not isinstance(located.data, dict):
        raise InvalidData([Problem(located.where(()), "", "the translation record must be a mapping of keys to hashes" + fix_lock_hint(lock_file))])
    problems = []
    lock = {}
    for key, hashes in located.data.items():
        if not (isinstance(hashes, dict) and set(hashes) == set(LANGUAGES)
                and all(isinstance(h, str) for h in hashes.values())):
            problems.append(Problem(located.where((key,)), str(key),
                                    f"expected {{kk: HASH, ru: HASH, en: HASH}}" + fix_lock_hint(lock_file)))
            continue
        lock[str(key)] = {lang: hashes[lang] for lang in LANGUAGES}
    if problems:
        raise InvalidData(problems)
    return lock


def fix_lock_hint(lock_file: Path) -> str:
    return (f" ({lock_file.name} is written by `make translations-update`: correct or delete this line,"
            " and the next update records the text again)")


def write_lock(lock_file: Path, lock: dict[str, dict[str, str]]) -> None:
    body = {key: {lang: lock[key][lang] for lang in LANGUAGES} for key in sorted(lock)}
    text = LOCK_HEADER + (yaml.safe_dump(body, allow_unicode=True, sort_keys=False,
                                         default_flow_style=None, width=100000) if body else "")
    fd, tmp = tempfile.mkstemp(prefix=".lock-", dir=lock_file.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, lock_file)


# ------------------------------------------------------------------ comparing

def compare(entry: Entry, recorded: dict[str, str] | None) -> Status:
    missing = [lang for lang in LANGUAGES if entry.texts[lang] is None]
    changed: list[str] = []
    outdated: list[str] = []
    if recorded is not None:
        present = [lang for lang in LANGUAGES if lang not in missing]
        changed = [lang for lang in present if digest(entry.texts[lang]) != recorded.get(lang)]
        if changed:
            outdated = [lang for lang in present if lang not in changed]
    return Status(entry, missing, outdated, changed, recorded is not None)


def lock_path(data_file: Path) -> Path:
    return data_file.parent / LOCK_NAME


def collect(data_file: Path, docs_dir: Path, lock_file: Path | None = None,
            i18n_dir: Path = I18N_DIR) -> Report:
    lock_file = lock_file or lock_path(data_file)
    lock = read_lock(lock_file)
    statuses = [compare(e, lock.get(e.key)) for e in entries(data_file, docs_dir, i18n_dir)]
    return Report(statuses, lock_file, lock_file.exists(), lock)


def key_matches(key: str, pattern: str) -> bool:
    return key == pattern or (key.startswith(pattern) and key[len(pattern)] in ".[")


def update(report: Report, accept: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """The new lock, and what happened: recorded, kept (outdated or incomplete), unmatched
    accept patterns, incomplete accepted keys."""
    lock: dict[str, dict[str, str]] = {}
    recorded, kept, incomplete = [], [], []
    matched = {p: False for p in accept}
    for s in report.statuses:
        key = s.entry.key
        accepted = False
        for p in accept:
            if key_matches(key, p):
                matched[p] = True
                accepted = True
        if s.complete and (accepted or not s.outdated):
            lock[key] = s.hashes()
            if not s.recorded or s.changed:
                recorded.append(s)
        else:
            if accepted:
                incomplete.append(s)
            if key in report.lock:
                lock[key] = report.lock[key]
                kept.append(s)
    return lock, {"recorded": recorded, "kept": kept,
                  "unmatched": [p for p, m in matched.items() if not m], "incomplete": incomplete}


# ------------------------------------------------------------------ the command-line report

def language_label(lang: str) -> str:
    return f"{lang} ({t(lang, 'language_name')})"


def format_report(report: Report) -> str:
    lines = []
    lock_name = docpages.shown(report.lock_file)
    if not report.lock_exists:
        lines.append(f"No translation record yet ({lock_name}): nothing can be outdated. "
                     "Run `make translations-update` when all three languages agree.")
    for lang in LANGUAGES:
        missing, outdated = report.missing(lang), report.outdated(lang)
        if not missing and not outdated:
            lines.append(f"{language_label(lang)}: every text is present and up to date")
            continue
        lines.append(f"{language_label(lang)}: {len(missing)} missing, {len(outdated)} outdated")
        for s in missing:
            lines.append(f"  {s.entry.where[lang]}: {s.entry.key}: missing: the {lang} text is not there yet")
        for s in outdated:
            newer = " and ".join(s.changed)
            lines.append(f"  {s.entry.where[lang]}: {s.entry.key}: outdated: the {newer} text changed after this translation was made")
    unrecorded = report.unrecorded()
    if unrecorded:
        shown = ", ".join(s.entry.key for s in unrecorded[:5]) + (", …" if len(unrecorded) > 5 else "")
        lines.append(f"\n{len(unrecorded)} text(s) are new and not yet in {lock_name} ({shown}). "
                     "When their three languages are finished, run `make translations-update`.")
    total_missing = sum(len(report.missing(lang)) for lang in LANGUAGES)
    total_outdated = sum(len(report.outdated(lang)) for lang in LANGUAGES)
    lines.append(f"\n{total_missing} missing, {total_outdated} outdated translation(s).")
    if total_outdated:
        lines.append("Update the outdated texts, then run `make translations-update` to record them. If a change needs no "
                     "translation (a typo, say), record it as it is: make translations-update ACCEPT=KEY")
    return "\n".join(lines)


# ------------------------------------------------------------------ the build: status page and notices

_CACHE: dict[tuple, Report] = {}


def _fingerprint(paths: list[Path]) -> tuple:
    out = []
    for p in paths:
        for f in ([p] if p.is_file() else sorted(p.rglob("*")) if p.is_dir() else []):
            st = f.stat()
            out.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(out)


def for_build(ctx) -> Report:
    """The report of the sources a build reads (memoised: the status page and the notices
    of one build need it both)."""
    data_file = Path(getattr(ctx, "data_file", None) or ctx.root / "campaigns.yml")
    docs_dir = Path(getattr(ctx, "docs_src", None) or ctx.root / "docs")
    lock_file = Path(getattr(ctx, "lock_file", None) or lock_path(data_file))
    key = (str(data_file), str(docs_dir), str(lock_file),
           _fingerprint(data_files(data_file) + [docs_dir, lock_file, I18N_DIR]))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = collect(data_file, docs_dir, lock_file)
    return _CACHE[key]


def page_url(path: str) -> str:
    """URL of a page below a language root: 'about.md' -> 'about/', 'x/index.md' -> 'x/'."""
    path = path.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return path


def notices(ctx, lang: str) -> dict:
    """What the theme needs to show the outdated-translation notice on pages of ``lang``."""
    report = for_build(ctx)
    return {
        "outdated": {f"{lang}/{page}": newer for page, newer in report.outdated_pages(lang).items()},
        "title": t(lang, "translation.notice.title"),
        "text": t(lang, "translation.notice.text"),
        "newer": t(lang, "translation.notice.newer"),
        "status": t(lang, "translation.status.title"),
        "status_path": SETTINGS[lang].prefix + page_url(STATUS_PAGE),
    }
