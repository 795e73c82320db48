"""The teachers' hub, one page per language: every lesson and every printable file of the site.

It runs LAST among the generators and knows no other generator: it lists what was made
before it (``ctx.produced``) and the files written by hand in docs/, by the URL plan:

    {lang}/campaigns/{slug}/*.pdf   posters, stand kits …   -> the campaign {slug}
    {lang}/lessons/{slug}/*.pdf     lesson guide, handouts  -> the lesson's campaign
    {lang}/calendar/{slug}.ics      calendar feeds          -> the campaign {slug} (all.ics: all)
    any other {lang}/….pdf / .ics                           -> "other materials"

So files that other features add later appear here without a change. Lessons are grouped
by grade band, files by campaign; every file is listed in every language's hub, with its
language and size. The page is plain HTML tables and links: it needs no JavaScript.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from . import render
from .languages import SETTINGS, MissingString, t
from .lessons import Lesson, lessons_for
from .model import LANGUAGES, Data

HUB = "teachers/index.md"  # below a language's root
KINDS = (".pdf", ".ics")
ALL = "*all*"  # group of files about every campaign
OTHER = "*other*"  # group of files the URL plan does not place


@dataclass(frozen=True)
class Entry:
    path: str  # below docs/: ru/lessons/personal-safety/handout-1.pdf
    lang: str
    size: int  # bytes
    group: str  # a campaign slug, ALL or OTHER
    lesson: Lesson | None  # the lesson a file belongs to
    kind: str  # lesson, handout, poster, stand-kit, feed … (from the file name)
    number: int | None  # handout-2 -> 2
    paper: str | None  # A4, A3 … for PDFs

    @property
    def url(self) -> str:
        """Site-root-relative URL."""
        return SETTINGS[self.lang].prefix + self.path.split("/", 1)[1]

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    @property
    def ext(self) -> str:
        return posixpath.splitext(self.path)[1]


def files_of_site(ctx) -> dict[str, int]:
    """Printable files and feeds so far: path below docs/ -> size. Made by generators
    (ctx.produced) or written by hand in docs/."""
    found = {p: size for p, size in ctx.produced.items() if p.endswith(KINDS)}
    docs = Path(ctx.root) / "docs"
    if docs.is_dir():
        for file in docs.rglob("*"):
            if file.is_file() and file.suffix in KINDS:
                found.setdefault(file.relative_to(docs).as_posix(), file.stat().st_size)
    return {p: s for p, s in found.items() if p.split("/", 1)[0] in LANGUAGES and "/" in p}


def _classify(path: str, size: int, data: Data, lessons: dict[str, Lesson], ctx) -> Entry:
    from .materials import read_printable

    lang, rest = path.split("/", 1)
    parts = rest.split("/")
    slugs = {c.slug for c in data.campaigns}
    group, lesson = OTHER, None
    if len(parts) == 3 and parts[0] == "campaigns" and parts[1] in slugs:
        group = parts[1]
    elif len(parts) == 3 and parts[0] == "lessons" and parts[1] in lessons:
        lesson = lessons[parts[1]]
        group = lesson.campaign
    elif len(parts) == 2 and parts[0] == "calendar" and path.endswith(".ics"):
        stem = posixpath.splitext(parts[1])[0]
        group = stem if stem in slugs else (ALL if stem == "all" else OTHER)
    kind, number, paper = "feed", None, None
    if path.endswith(".pdf"):
        file = Path(ctx.docs_dir) / path if ctx.docs_dir else None
        if file is None or not file.is_file():
            file = Path(ctx.root) / "docs" / path
        printable = read_printable(path, file)
        kind, number, paper = printable.kind, printable.number, printable.paper
    return Entry(path, lang, size, group, lesson, kind, number, paper)


def entries(data: Data, ctx, lessons: list[Lesson]) -> list[Entry]:
    by_slug = {lesson.slug: lesson for lesson in lessons}
    return [_classify(p, s, data, by_slug, ctx) for p, s in sorted(files_of_site(ctx).items())]


class Hub:
    """What the hub template needs for one page language."""

    def __init__(self, data: Data, lang: str, lessons: list[Lesson], files: list[Entry]):
        self.data, self.lang, self.lessons, self.files = data, lang, lessons, files
        self.page_url = SETTINGS[lang].prefix + posixpath.dirname(HUB) + "/"
        self.order = [lang] + [other for other in LANGUAGES if other != lang]

    def href(self, entry: Entry) -> str:
        return posixpath.relpath(entry.url, self.page_url.rstrip("/") or ".")

    def md_link(self, entry: Entry) -> str:
        """Markdown link from this hub's source to a file of the same language (checked by the build)."""
        return posixpath.relpath(entry.path, posixpath.dirname(f"{self.lang}/{HUB}"))

    def page_href(self, lang: str, path: str) -> str:
        """URL-relative link from this hub to a page (path below the language root)."""
        return posixpath.relpath(SETTINGS[lang].prefix + path, self.page_url.rstrip("/") or ".") + "/"

    def label(self, entry: Entry) -> str:
        lang = self.lang
        if entry.kind == "feed":
            if entry.group == ALL:
                return t(lang, "teachers.feed_all")
            return t(lang, "teachers.feed")
        values = {"n": entry.number} if entry.number is not None else {}
        try:
            kind = t(lang, f"download.kind.{entry.kind}", **values)
        except (MissingString, KeyError):
            kind = entry.name
        if entry.lesson is not None:
            title = " ".join(entry.lesson.title[lang].split())
            if entry.kind == "handout" and entry.number and entry.number <= len(entry.lesson.handouts):
                title = " ".join(entry.lesson.handouts[entry.number - 1].title[lang].split())
            return f"{kind}: {title}"
        return f"{kind} {entry.paper}" if entry.paper and kind != entry.name else kind

    def fmt(self, entry: Entry) -> str:
        if entry.ext == ".ics":
            return "ICS"
        return f"PDF, {entry.paper}" if entry.paper else "PDF"

    def size(self, entry: Entry) -> str:
        from .materials import file_size

        return file_size(entry.size, self.lang)

    def language(self, lang: str) -> str:
        return t(lang, "language_name")

    def sort(self, files: list[Entry]) -> list[Entry]:
        from .materials import PAPER_SIZES_MM

        kinds = {"lesson": 0, "handout": 1, "feed": 9}
        area = {name: w * h for name, (w, h) in PAPER_SIZES_MM.items()}
        return sorted(files, key=lambda e: (self.order.index(e.lang), e.lesson.slug if e.lesson else "",
                                            kinds.get(e.kind, 5), e.kind, e.number or 0,
                                            area.get(e.paper or "", 0), e.paper or "", e.name))

    # -- lessons by grade band
    def bands(self) -> list[tuple[tuple[int, int], list[Lesson]]]:
        bands: dict[tuple[int, int], list[Lesson]] = {}
        for lesson in self.lessons:
            bands.setdefault((lesson.grades.first, lesson.grades.last), []).append(lesson)
        return sorted(bands.items())

    def lesson_files(self, lesson: Lesson, lang: str) -> list[Entry]:
        return self.sort([e for e in self.files if e.lesson is lesson and e.lang == lang])

    # -- files by campaign
    def groups(self) -> list[dict]:
        out = []
        for campaign in render.sorted_campaigns(self.data):
            files = [e for e in self.files if e.group == campaign.slug]
            lessons = [lesson for lesson in self.lessons if lesson.campaign == campaign.slug]
            if files or lessons:
                out.append({"campaign": campaign, "lessons": lessons, "files": self.sort(files)})
        for group, key in ((ALL, "teachers.all_campaigns"), (OTHER, "teachers.other")):
            files = [e for e in self.files if e.group == group]
            if files:
                out.append({"campaign": None, "title": t(self.lang, key), "lessons": [], "files": self.sort(files)})
        return out


def render_hub(data: Data, lang: str, lessons: list[Lesson], files: list[Entry]) -> str:
    return render._render("teachers.md.j2", render.Context(data, lang, depth=1), hub=Hub(data, lang, lessons, files))


def hub(data: Data, ctx) -> dict[str, str]:
    """Build generator (register it LAST): the hub page of every language."""
    lessons = lessons_for(data, ctx.data_file or Path(ctx.root) / "campaigns.yml")
    files = entries(data, ctx, lessons)
    return {f"{lang}/{HUB}": render_hub(data, lang, lessons, files) for lang in LANGUAGES}
