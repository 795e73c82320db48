"""Live preview for editors: ``make serve`` (``python -m scripts.publish.preview``).

It builds the site once, serves it on loopback like ``scripts/publish/serve.py`` (404 page, sitemap
from every folder) and watches campaigns.yml, lessons.yml, redirects.yml, the translation
record, docs/, i18n/, overrides/ and materials/. On a save it rebuilds what the change touches
and every open page reloads by itself:

- a campaign's text (campaigns.yml): the file is read again only from that campaign's entry
  (the rest of the file is unchanged, and a 17 MB file takes seconds to parse), the whole data
  is validated, and the campaign's pages (kk, ru, en) are rendered and shown at once. Then, in
  a child process that a newer save cancels, every generator runs again (PDFs come from the
  cache unless their text changed) and only the pages and files whose content changed are
  rendered or copied: the listings that show the campaign, its posters, its calendar;
- a hand-written page (docs/): that page at once, then the same complete pass (translation
  status);
- anything else (lessons.yml, redirects.yml, i18n/, overrides/, materials/): the complete pass,
  and a whole MkDocs build when the theme, the interface strings, the site's settings or the
  set of pages changed.

A change that fails validation is printed in the terminal (``file:line:col: field: message``,
as ``make validate`` prints it) and shown as a banner on the open page; the last good site is
served until the problem is fixed. The banner and the reload come from a small script that
this server adds to the HTML it sends (``scripts/publish/preview.js``); the files on disk, and the
published build, never contain it.

MkDocs internals: this module, and no other, drives MkDocs in the same process through its
page-rendering functions (``mkdocs.commands.build._populate_page`` and ``_build_page``) and
mkdocs-static-i18n's per-language state (``current_language``, its language configurations),
so that one page is rendered in milliseconds instead of a whole build (about 100 s at 300
campaigns). That is what a preview within seconds costs; the published build
(``scripts/publish/build.py``) runs MkDocs as a separate process on its command line and does not
import this module. Pinned MkDocs 1.6.1 and static-i18n 1.3.1; tests/test_preview.py fails
when an upgrade changes what is used here.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import http.server
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..sources import docpages, languages, lessons as lessons_mod, translations, yamlsource
from ..sources.languages import check_strings, t
from ..sources.model import LANGUAGES, Data
from ..sources.validate import InvalidData, Problem, check_source
from ..sources.yamlsource import Located, Position, SourceProblem
from ..pages import render, templating
from ..printable import materials
from . import search
from .build import BuildContext, BuildFailed, add_language_extra, compose_config, write_outputs
from .processes import Cancelled, apart, signals_held, stop_on_signals
from .serve import SiteHandler

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "preview.js"
WATCHED_DIRS = ("docs", "i18n", "overrides", "materials")
QUIET = 0.08  # seconds without a new file event before a change is handled (editors save in steps)
log = logging.getLogger("preview")


# ---------------------------------------------------------------- reading only what changed

def _same_start(a: str, b: str, chunk: int = 1 << 16) -> int:
    """How many characters ``a`` and ``b`` share at their start (compared in C, a block at a time)."""
    n, i = min(len(a), len(b)), 0
    while i < n and a[i:i + chunk] == b[i:i + chunk]:
        i += chunk
    if i >= n:
        return n
    while a[i] == b[i]:
        i += 1
    return i


def _same_end(a: str, b: str, limit: int, chunk: int = 1 << 16) -> int:
    """How many characters ``a`` and ``b`` share at their end, at most ``limit``."""
    i = 0
    while i < limit and a[len(a) - min(i + chunk, limit):len(a) - i] == b[len(b) - min(i + chunk, limit):len(b) - i]:
        i = min(i + chunk, limit)
    if i >= limit:
        return limit
    while i < limit and a[len(a) - 1 - i] == b[len(b) - 1 - i]:
        i += 1
    return i


def splice(old_text: str, old: Located, new_text: str) -> tuple[Located, int] | None:
    """The data of ``new_text`` when it differs from ``old_text`` only inside one entry of
    ``campaigns:``: that entry is parsed alone and put in place of the old one, with its
    positions (and those after it) right for the new text. Returns (located, index of the
    entry), or None when the change is anywhere else or the entry does not read as one
    entry on its own (the whole file is then read, which also gives the right message)."""
    if not isinstance(old.data, dict) or not isinstance(old.data.get("campaigns"), list) or old_text == new_text:
        return None
    head = _same_start(old_text, new_text)
    tail = _same_end(old_text, new_text, min(len(old_text), len(new_text)) - head)
    first = old_text.count("\n", 0, head)  # the first changed line (0-based)
    # the old text's lines [first, changed_end) changed; a line ending in the common end is unchanged
    changed_end = old_text.count("\n", 0, len(old_text) - tail) + 1
    total = old_text.count("\n") + (not old_text.endswith("\n"))
    items = old.data["campaigns"]
    starts = [old.positions[("campaigns", i)].line - 1 for i in range(len(items))]
    bounds = sorted(set(starts) | {old.positions[(key,)].line - 1 for key in old.data})
    for i, start in enumerate(starts):
        end = next((x for x in bounds if x > start), total)
        if start <= first and changed_end <= end:
            break
    else:
        return None
    # the entry's lines in the new text: from its start (in the common start) to the line its
    # next neighbour starts on (in the common end)
    begin = _line_offset(old_text, start)
    stop_old = _line_offset(old_text, end)
    stop = stop_old + len(new_text) - len(old_text)
    if len(old_text) - stop_old > tail and end < total:
        return None
    delta = new_text.count("\n", begin, stop) - old_text.count("\n", begin, stop_old)
    fragment = new_text[begin:stop]
    # still an entry of the same list: its dash where it was, every other line indented further
    # (alone, a dash moved to another column would read well; in the file it would not)
    dash = len(old_text[begin:stop_old]) - len(old_text[begin:stop_old].lstrip(" "))
    lines = fragment.splitlines()
    if not lines or not lines[0].startswith(" " * dash + "- ") or any(
            line.strip() and not line.lstrip().startswith("#") and not line.startswith(" " * (dash + 1))
            for line in lines[1:]):
        return None
    try:
        part = yamlsource.loads("\n" * start + fragment, old.file)
    except SourceProblem:
        return None
    if not isinstance(part.data, list) or len(part.data) != 1:
        return None
    data = dict(old.data)
    data["campaigns"] = list(items)
    data["campaigns"][i] = part.data[0]
    key = ("campaigns", i)
    positions = {}
    for path, pos in old.positions.items():
        if path[:2] == key:
            continue
        if delta and pos.line - 1 >= end:
            pos = Position(pos.file, pos.line + delta, pos.col)
        positions[path] = pos
    for path, pos in part.positions.items():
        if path[:1] == (0,):
            positions[key + path[1:]] = pos
    return Located(data, positions, old.file), i


def _line_offset(text: str, line: int) -> int:
    """Where the 0-based ``line`` of ``text`` starts (its length past the last line)."""
    at = 0
    for _ in range(line):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at


# ---------------------------------------------------------------- MkDocs, in this process

class _Capture:
    """A plugin of the preview only: keeps each language's files, theme environment and
    navigation as static-i18n builds that language, to render single pages later."""

    def __init__(self, session: "MkDocsSession"):
        self.session = session

    def on_env(self, env, config, files):
        self.session.state[self.session.i18n.current_language] = {"files": files, "env": env}
        return env

    def on_page_context(self, context, page, config, nav):
        self.session.state[self.session.i18n.current_language]["nav"] = nav
        return context


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _collect_warnings():
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


class MkDocsSession:
    """One loaded MkDocs configuration: built once in full, then renders single pages."""

    def __init__(self, config_file: Path):
        # MkDocs' internals: imported only when the preview starts MkDocs, never by `make build`
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.plugins import BasePlugin

        self.state: dict[str, dict] = {}
        self.config = load_config(str(config_file))
        self.i18n = self.config.plugins["i18n"]
        capture = type("PreviewCapture", (_Capture, BasePlugin), {})(self)
        self.config.plugins["preview-capture"] = capture
        with _collect_warnings() as warnings:
            self.config.plugins.on_startup(command="serve", dirty=False)
            build(self.config)
        self.warnings = warnings
        if set(self.state) != set(LANGUAGES) or any("nav" not in s for s in self.state.values()):
            raise BuildFailed("the preview could not follow MkDocs' build of every language")

    def _language(self, lang: str):
        self.i18n.current_language = lang
        self.config = self.config.plugins.on_config(self.config)
        return self.state[lang]

    def has(self, rel: str) -> bool:
        return any(s["files"].get_file_from_path(rel) is not None for s in self.state.values())

    def dest(self, rel: str) -> Path:
        """Where the file below docs/ is in the built site."""
        for s in self.state.values():
            if (file := s["files"].get_file_from_path(rel)) is not None:
                return Path(file.abs_dest_path)
        raise FileNotFoundError(rel)

    def set_language_extra(self, lang: str, key: str, value) -> None:
        self.i18n.get_language_config(lang)["extra"][key] = value

    def render(self, pages: list[str]) -> list[str]:
        """Render the pages (paths below docs/, e.g. ``ru/campaigns/x/index.md``) and copy the
        other files given; returns MkDocs' warnings."""
        # MkDocs' internals: imported only when the preview renders pages
        from mkdocs.commands.build import _build_page, _populate_page

        by_lang: dict[str, list[str]] = {}
        for rel in pages:
            by_lang.setdefault(rel.split("/", 1)[0] if rel.split("/", 1)[0] in LANGUAGES else LANGUAGES[0], []).append(rel)
        with _collect_warnings() as warnings:
            for lang, rels in by_lang.items():
                state = self._language(lang)
                files = state["files"]
                doc_files = files.documentation_pages()
                for rel in rels:
                    file = files.get_file_from_path(rel)
                    if file is None:
                        raise KeyError(rel)
                    if not rel.endswith(".md"):
                        file.copy_file()
                        continue
                    _populate_page(file.page, self.config, files)
                    _build_page(file.page, self.config, doc_files, state["nav"], state["env"])
                    file.page.validate_anchor_links(files=files, log_level=self.config.validation.links.anchors)
        return warnings


def page_data(data: Data, campaign) -> Data:
    """The data a campaign's page is rendered from at once: the campaign and the campaigns its
    page names (those it relates to or reports on, and the reports on it). The page's helpers
    work out things for every campaign of the data they get (its calendar entries: about a
    second at 300 campaigns); the page is the same (tests/test_preview.py checks it for every
    seed campaign), and the complete pass renders it again from the whole data anyway."""
    named = {campaign.slug, campaign.report_on, *campaign.related}
    return data.model_copy(update={"campaigns": [c for c in data.campaigns
                                                 if c.slug in named or c.report_on == campaign.slug]})


def _digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- the preview

@dataclass
class Generated:
    """What one run of every generator made (in the child), handed back to the preview."""

    docs: Path  # a complete docs folder: hand-written pages and every generated file
    digests: dict[str, str]  # generated file below docs/ -> hash of its content
    notices: dict[str, dict]  # language -> outdated-translation notices for the theme
    downloads: dict  # (language, campaign) -> printable files listed on the campaign page
    lessons: list
    seconds: float = 0.0


@dataclass
class Preview:
    root: Path = ROOT
    data_file: Path = ROOT / "campaigns.yml"
    docs_src: Path = ROOT / "docs"
    lock_file: Path | None = None
    cache_dir: Path | None = None
    work: Path | None = None
    quiet: bool = False
    # state
    site_dir: Path | None = None
    version: int = 0  # the served site's version: a page reloads when it changes
    problems: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""  # campaigns.yml as last read without problems
    src: Located | None = None
    data: Data | None = None
    generated: Generated | None = None
    session: MkDocsSession | None = None
    composed: dict | None = None

    def __post_init__(self):
        self.lock_file = self.lock_file or translations.lock_path(self.data_file)
        self.cache_dir = self.cache_dir or self.root / ".cache"
        self.work = Path(tempfile.mkdtemp(prefix="bala-preview-", dir=self.work))
        self.docs_dir = self.work / "docs"
        self.changed = threading.Condition()
        self.pending: set[Path] = set()
        self.stopped = False
        self._count = 0

    # -------------------------------------------------------- what the server and the script read

    def state(self) -> dict:
        problems = [p for group in self.problems.values() for p in group]
        return {"version": self.version, "problems": problems, "site": str(self.site_dir),
                "title": {lang: t(lang, "preview.problems") for lang in LANGUAGES}}

    def _publish(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def _set_problems(self, source: str, problems: list) -> None:
        text = [str(p) for p in problems]
        if self.problems.get(source, []) == text:
            return
        with self.changed:
            if text:
                self.problems[source] = text
            else:
                self.problems.pop(source, None)
            self.changed.notify_all()
        if text:
            self._say("\n".join(text) + f"\n{len(text)} problem{'s' if len(text) != 1 else ''}:"
                      " the preview shows the last good version until they are fixed.", err=True)

    def _say(self, message: str, err: bool = False) -> None:
        if not self.quiet or err:
            print(message, file=sys.stderr if err else sys.stdout, flush=True)

    def _next_dir(self, name: str) -> Path:
        self._count += 1
        return self.work / f"{name}-{self._count}"

    # -------------------------------------------------------- reading and checking the sources

    def _read_text(self) -> str:
        raw = self.data_file.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return ""  # the whole read reports it, with its line
        return text[1:] if text.startswith("\ufeff") else text

    def load(self, *, whole: bool = False) -> tuple[Data, list[int]] | None:
        """Read and validate campaigns.yml (only the changed campaign's entry when that is all
        that changed). Returns (data, indexes of the campaigns that alone changed) and keeps it
        as the last good data; None (problems shown) when it has problems."""
        name = docpages.shown(self.data_file)
        text = self._read_text()
        spliced = None if whole or self.src is None or not text else splice(self.text, self.src, text)
        try:
            if spliced:
                src, index = spliced
            else:
                src, index = yamlsource.load(self.data_file, name), None
            data = check_source(src)
        except SourceProblem as exc:
            self._set_problems("data", [Problem(exc.position, "", exc.message)])
            return None
        except InvalidData as exc:
            self._set_problems("data", exc.problems)
            return None
        self._set_problems("data", [])
        before = self.data
        self.text, self.src, self.data = text, src, data
        if before is None:
            return data, []
        if index is not None:
            changed = [index] if before.campaigns[index] != data.campaigns[index] else []
        elif ([c.slug for c in before.campaigns] == [c.slug for c in data.campaigns]
              and before.model_copy(update={"campaigns": []}) == data.model_copy(update={"campaigns": []})):
            changed = [i for i, (a, b) in enumerate(zip(before.campaigns, data.campaigns)) if a != b]
        else:
            changed = []  # more than campaigns' texts changed: the complete pass shows it
        return data, changed

    def _check_pages(self) -> bool:
        problems = list(docpages.check(self.docs_src))
        try:
            translations.read_lock(self.lock_file)
        except InvalidData as exc:
            problems.extend(exc.problems)
        problems.extend(check_strings())
        self._set_problems("pages", problems)
        return not problems

    # -------------------------------------------------------- generating and building

    def _generate(self, data: Data, out: Path) -> Generated:
        """Every generator, into ``out/docs`` (run in a child process)."""
        languages.strings.cache_clear()  # i18n/ and the templates may have changed since the start
        templating.environment.cache_clear()
        started = time.perf_counter()
        docs = out / "docs"
        shutil.copytree(self.docs_src, docs)
        ctx = BuildContext(root=self.root, cache_dir=self.cache_dir, docs_dir=docs, data_file=self.data_file,
                           docs_src=self.docs_src, lock_file=self.lock_file)
        write_outputs(data, docs, ctx)
        return Generated(
            docs=docs, digests={rel: _digest(docs / rel) for rel in ctx.produced},
            notices={lang: translations.notices(ctx, lang) for lang in LANGUAGES},
            downloads=materials.campaign_downloads(data, ctx),
            lessons=lessons_mod.lessons_for(data, self.data_file),
            seconds=time.perf_counter() - started)

    def _compose(self, data: Data, site_dir: Path) -> dict:
        config = compose_config(data, self.root / "mkdocs.yml", self.docs_dir, site_dir, self.root)
        config["strict"] = False  # the preview shows MkDocs' warnings and goes on
        return config

    def _new_session(self, data: Data, notices: dict) -> None:
        """A whole MkDocs build into a new folder, served once it is complete."""
        site = self._next_dir("site")
        config = self._compose(data, site)
        composed = json.loads(json.dumps(config))
        add_language_extra(config, lambda lang: {"translation": notices[lang]})
        config_file = self.work / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        session = MkDocsSession(config_file)
        # the search index of this whole build, as `make build` makes it (Pagefind); the pages
        # rendered after an edit are searched as they were at this build
        try:
            search.build_index(site)
            self._set_problems("search", [])
        except search.SearchIndexFailed as exc:
            self._set_problems("search", [f"the search index could not be built: {exc}"])
        shutil.rmtree(site / "search", ignore_errors=True)  # Material's single index: only the offline copies read it
        self._set_problems("mkdocs", session.warnings)
        old, self.site_dir, self.session, self.composed = self.site_dir, site, session, composed
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def start(self) -> bool:
        """The first build. False (problems shown) when the sources have problems."""
        started = time.perf_counter()
        pages_ok = self._check_pages()
        loaded = self.load(whole=True)
        if loaded is None or not pages_ok:
            return False
        out = self._next_dir("gen")
        try:
            generated = apart(lambda: self._generate(self.data, out))
        except (InvalidData, BuildFailed) as exc:
            self._set_problems("build", getattr(exc, "problems", None) or [str(exc)])
            return False
        self._set_problems("build", [])
        if self.docs_dir.exists():
            shutil.rmtree(self.docs_dir)
        generated.docs.rename(self.docs_dir)
        shutil.rmtree(out, ignore_errors=True)
        generated.docs = self.docs_dir
        self.generated = generated
        self._new_session(self.data, generated.notices)
        self._warm_up()
        self._publish()
        self._say(f"Built the preview in {time.perf_counter() - started:.1f} s.")
        return True

    def _warm_up(self) -> None:
        """Render a campaign's page once, as an edit would (the same text, so the same file):
        the first edit then finds the templates compiled and each language's configuration
        applied once, like every later one (a second less for the first edit)."""
        if not self.data.campaigns:
            return
        campaign = self.data.campaigns[0]
        pages = []
        for lang in LANGUAGES:
            rel = f"{lang}/campaigns/{campaign.slug}/index.md"
            if self.session.has(rel):
                render.render_campaign_page(page_data(self.data, campaign), campaign, lang,
                                            self.generated.downloads.get((lang, campaign.slug), []),
                                            self.generated.lessons)
                pages.append(rel)
        self.session.render(pages)

    def _apply(self, generated: Generated, rebuild: bool) -> int:
        """Move what ``generated`` changed into the docs folder and the served site; a whole
        MkDocs build when ``rebuild`` or when pages came or went. Returns the files updated."""
        old = self.generated.digests
        new = generated.digests
        changed = [rel for rel, digest in new.items() if old.get(rel) != digest]
        removed = [rel for rel in old if rel not in new]
        pages_came_or_went = any(rel.endswith(".md") for rel in removed) or any(
            rel.endswith(".md") and rel not in old for rel in changed)
        config = json.loads(json.dumps(self._compose(self.data, self.site_dir)))
        if rebuild or pages_came_or_went or config != self.composed or any(
                not self.session.has(rel) for rel in changed):
            # a whole build, from the complete docs folder the generators made (hand-written
            # pages that came or went too)
            shutil.rmtree(self.docs_dir)
            generated.docs.rename(self.docs_dir)
            generated.docs = self.docs_dir
            self.generated = generated
            self._new_session(self.data, generated.notices)
            return len(changed) + len(removed)
        for rel in removed:  # files only: a page that went is a whole build
            with contextlib.suppress(FileNotFoundError):
                (self.docs_dir / rel).unlink()
            with contextlib.suppress(FileNotFoundError):
                self.session.dest(rel).unlink()
        for rel in changed:
            target = self.docs_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(generated.docs / rel, target)
        notices_changed = generated.notices != self.generated.notices
        self.generated = generated
        pages = list(changed)
        if notices_changed:
            for lang in LANGUAGES:
                before = self.session.i18n.get_language_config(lang)["extra"].get("translation", {}).get("outdated", {})
                after = generated.notices[lang]["outdated"]
                self.session.set_language_extra(lang, "translation", generated.notices[lang])
                pages += [key for key in set(before) | set(after)
                          if before.get(key) != after.get(key) and self.session.has(key)]
        pages = sorted(set(pages))
        if pages:
            self._set_problems("mkdocs", self.session.render(pages))
        return len(pages) + len(removed)

    def complete(self, rebuild: bool = False) -> bool:
        """Every generator again (in a child a newer save cancels), then what changed."""
        if self.data is None or self.session is None:
            return self.start()

        started = time.perf_counter()
        languages.strings.cache_clear()  # i18n/ may have changed: the configuration uses the strings too
        out = self._next_dir("gen")
        data = self.data
        try:
            generated = apart(lambda: self._generate(data, out), self._has_pending)
        except Cancelled:
            shutil.rmtree(out, ignore_errors=True)
            return False
        except (InvalidData, BuildFailed) as exc:
            shutil.rmtree(out, ignore_errors=True)
            self._set_problems("build", getattr(exc, "problems", None) or [str(exc)])
            return True
        self._set_problems("build", [])
        try:
            updated = self._apply(generated, rebuild)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        if updated:
            self._publish()
        self._say(f"  … and {updated} other pages and files in {time.perf_counter() - started:.1f} s"
                  " (listings, PDFs, feeds).")
        return True

    # -------------------------------------------------------- one change

    def quick(self, paths: set[Path]) -> set[str]:
        """Show what can be shown at once; returns what remains to do ("complete", "rebuild")."""
        started = time.perf_counter()
        rels = {self._kind(p) for p in paths}
        todo: set[str] = set()
        rendered: list[str] = []
        if ("data", None) in rels:
            loaded = self.load()
            if loaded is None:
                return todo
            data, changed = loaded
            todo.add("complete")
            for campaign in [data.campaigns[i] for i in changed][:3]:  # more: the complete pass
                for lang in LANGUAGES:
                    rel = f"{lang}/campaigns/{campaign.slug}/index.md"
                    if not self.session.has(rel):
                        continue
                    text = render.render_campaign_page(
                        page_data(data, campaign), campaign, lang,
                        self.generated.downloads.get((lang, campaign.slug), []), self.generated.lessons)
                    target = self.docs_dir / rel
                    if target.read_text(encoding="utf-8") != text:
                        target.write_text(text, encoding="utf-8")
                        self.generated.digests[rel] = hashlib.sha1(text.encode("utf-8")).hexdigest()
                        rendered.append(rel)
        for kind, rel in rels:
            if kind == "page":
                todo.add("complete")
                if not self._check_pages():
                    continue
                source, target = self.docs_src / rel, self.docs_dir / rel
                if not source.exists() or not target.exists():
                    todo.add("rebuild")  # a page came or went
                    continue
                shutil.copyfile(source, target)
                if self.session is not None and self.session.has(rel):
                    rendered.append(rel)
            elif kind in ("source", "materials"):
                todo.add("complete")
            elif kind in ("theme", "strings"):
                todo |= {"complete", "rebuild"}
                if kind == "strings":
                    self._check_pages()
        if rendered and self.session is not None:
            self._set_problems("mkdocs", self.session.render(rendered))
            self._publish()
            self._say(f"Updated {', '.join(rendered)} in {time.perf_counter() - started:.2f} s.")
        return todo

    def _kind(self, path: Path) -> tuple[str, str | None]:
        path = Path(os.path.abspath(path))
        if path == Path(os.path.abspath(self.data_file)):
            return "data", None
        with contextlib.suppress(ValueError):
            return "page", path.relative_to(os.path.abspath(self.docs_src)).as_posix()
        with contextlib.suppress(ValueError):
            top = path.relative_to(self.root).parts[0]
            if top == "overrides":
                return "theme", None
            if top == "i18n":
                return "strings", None
            if top == "materials":
                return "materials", None
        return "source", None  # lessons.yml, redirects.yml, the translation record

    def watched(self, path: Path) -> bool:
        path = Path(os.path.abspath(path))
        if path.name.startswith(".") or path.name.endswith(("~", ".swp", ".tmp")) or path.is_dir():
            return False
        beside = {Path(os.path.abspath(p)) for p in (
            self.data_file, lessons_mod.lessons_path(self.data_file), self.data_file.parent / "redirects.yml",
            self.lock_file)}
        if path in beside:
            return True
        dirs = [Path(os.path.abspath(self.docs_src))] + [self.root / d for d in WATCHED_DIRS if d != "docs"]
        return any(path.is_relative_to(d) for d in dirs)

    # -------------------------------------------------------- the loop

    def notify(self, path: Path) -> None:
        if self.watched(path):
            with self.changed:
                self.pending.add(Path(path))
                self.changed.notify_all()

    def _has_pending(self) -> bool:
        return bool(self.pending)

    def _take(self, block: bool) -> set[Path]:
        with self.changed:
            while block and not self.pending and not self.stopped:
                self.changed.wait()
        if not self.pending:
            return set()
        while True:  # wait until the editor has finished saving
            seen = len(self.pending)
            time.sleep(QUIET)
            if len(self.pending) == seen:
                break
        with self.changed:
            paths, self.pending = self.pending, set()
        return paths

    def run(self) -> None:
        """Handle changes until ``stop()``: the page first, the rest after it."""
        todo: set[str] = set()
        while not self.stopped:
            paths = self._take(block=not todo)
            if self.stopped:
                break
            try:
                if paths and self.session is None:  # no good build yet: try again from the start
                    self.start()
                    todo.clear()
                elif paths:
                    todo |= self.quick(paths)
                elif todo:
                    if self.complete(rebuild="rebuild" in todo):
                        todo.clear()
            except Exception as exc:  # the preview goes on; the next save tries again
                log.exception("preview")
                self._set_problems("build", [f"{type(exc).__name__}: {exc}"])
                todo.clear()

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()

    def close(self) -> None:
        self.stop()
        # a process killed a moment ago (a build's PDF worker) may still finish writing a file
        # into the folder while it is being removed: then again
        for _ in range(50):
            shutil.rmtree(self.work, ignore_errors=True)
            if not self.work.exists():
                break
            time.sleep(0.1)


# ---------------------------------------------------------------- serving

class PreviewHandler(SiteHandler):
    """scripts/publish/serve.py's handler (404 page, sitemap), with the preview's script added to every
    HTML page it sends and the preview's events at /__preview/."""

    preview: Preview

    def __init__(self, *args, preview: Preview, **kwargs):
        self.preview = preview
        super().__init__(*args, directory=str(preview.site_dir or preview.work), **kwargs)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        clean = self.path.split("?", 1)[0]
        if clean == "/__preview/events":
            return self._events()
        if clean == "/__preview/preview.js":
            return self._send(200, SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if clean == "/__preview/state":
            return self._send(200, json.dumps(self.preview.state()).encode(), "application/json")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not clean.endswith("/"):
                return super().do_GET()  # the redirect to the folder
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._send(200, self._with_script(path.read_bytes()), "text/html; charset=utf-8")
        if self.preview.site_dir is None:
            return self._send(503, self._with_script(b"<!doctype html><html lang=\"en\"><body></body></html>"),
                              "text/html; charset=utf-8")
        return super().do_GET()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            return self._send(404, self._with_script(page.read_bytes()), "text/html; charset=utf-8")
        return super().send_error(code, message, explain)

    def _with_script(self, html: bytes) -> bytes:
        tag = f'<script src="/__preview/preview.js" data-version="{self.preview.version}"></script>'.encode()
        at = html.rfind(b"</body>")
        return html[:at] + tag + html[at:] if at >= 0 else html + tag

    def _send(self, code: int, body: bytes, kind: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events: the preview's state now and after every change."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        preview, sent = self.preview, None
        try:
            while not preview.stopped:
                state = preview.state()
                if state != sent:
                    self.wfile.write(f"data: {json.dumps(state, ensure_ascii=False)}\n\n".encode())
                    self.wfile.flush()
                    sent = state
                with preview.changed:
                    preview.changed.wait(timeout=15)
                if preview.state() == sent:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True


def watch(preview: Preview):
    """Start watching the sources (watchdog: inotify on Linux). Returns the observer."""
    # watchdog: imported only when the preview starts watching
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("opened", "closed_no_write") or event.is_directory:
                return  # a folder's own events: its files have theirs
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    preview.notify(Path(os.fsdecode(path)))

    observer = Observer()
    handler = Handler()
    folders = {preview.data_file.parent.resolve(), preview.lock_file.parent.resolve()}
    for folder in folders:
        observer.schedule(handler, str(folder), recursive=False)
    for folder in [preview.docs_src] + [preview.root / d for d in WATCHED_DIRS if d != "docs"]:
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    return observer


def serve(preview: Preview, bind: str, port: int):
    server = PreviewServer((bind, port), functools.partial(PreviewHandler, preview=preview))
    threading.Thread(target=server.serve_forever, daemon=True, name="preview-http").start()
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the site, serve it and rebuild what a saved change touches.")
    parser.add_argument("--data", default=str(ROOT / "campaigns.yml"))
    parser.add_argument("--docs", default=str(ROOT / "docs"))
    parser.add_argument("--lock", default=None)
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    # stopped by a signal (a test, a service manager) as by Ctrl+C: its temporary folder goes too
    stop_on_signals()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    for path in (Path(args.data), Path(args.docs)):
        if not path.exists():
            print(f"{path} does not exist", file=sys.stderr)
            return 1
    preview = observer = server = None
    try:
        with signals_held():  # the temporary folder is made and in hand, or not made
            preview = Preview(data_file=Path(args.data).resolve(), docs_src=Path(args.docs).resolve(),
                              lock_file=Path(args.lock).resolve() if args.lock else None,
                              cache_dir=Path(args.cache_dir).resolve() if args.cache_dir else None)
        observer = watch(preview)  # before the first build: a save during it is not missed
        server = serve(preview, args.bind, args.port)
        print(f"Building the preview; it will be at http://{args.bind}:{server.server_address[1]}/", flush=True)
        preview.start()
        print(f"Serving at http://{args.bind}:{server.server_address[1]}/ — saved changes show by themselves"
              " (Ctrl+C to stop)", flush=True)
        preview.run()
    except KeyboardInterrupt:
        pass
    finally:
        if observer is not None:
            observer.stop()
        if server is not None:
            server.shutdown()
        if preview is not None:
            preview.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
