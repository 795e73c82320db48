"""The teachers' hub, one page per language: the lessons and printable files of the newest
campaigns, with one page per year for every campaign's (``teachers/year/{year}/``).

It runs after every generator of files and knows no other generator: it lists what was made
before it (``ctx.produced``) and the files written by hand in docs/, by the URL plan:

    {lang}/campaigns/{slug}/*.pdf   posters, stand kits …   -> the campaign {slug}
    {lang}/lessons/{slug}/*.pdf     lesson guide, handouts  -> the lesson's campaign
    {lang}/calendar/{slug}.ics      calendar feeds          -> the campaign {slug} (all.ics: all)
    any other {lang}/….pdf / .ics                           -> "other materials"

So files that other features add later appear here without a change. Lessons are grouped
by grade band, files by campaign; every file is listed in every language's hub or its year
pages, with its language and size. The hub shows the files of the NEWEST campaigns, the
feed of all campaigns and "other materials"; a campaign's files and lessons are also on the
page of each year its period touches. The hub's lessons by grade band are those of the NEWEST
campaigns too, so no page grows with the number of campaigns or lessons.
The hub links the offline copy's page when an earlier generator made it (or it is written by
hand). The pages are plain HTML tables and links: they need no JavaScript.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..sources.languages import SETTINGS, MissingString, t
from ..sources.lessons import Lesson, lessons_for
from ..sources.model import LANGUAGES, Data
from ..sources.schedule import campaign_years
from ..pages import render
from .materials import PAPER_SIZES_MM, file_size, read_printable

HUB = "teachers/index.md"  # below a language's root
YEAR_PAGE = "teachers/year/{year}/index.md"  # below a language's root
NEWEST = render.NEWEST  # campaigns whose files the hub itself lists
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

    def __init__(self, data: Data, lang: str, lessons: list[Lesson], files: list[Entry], page: str = HUB):
        self.data, self.lang, self.lessons, self.files, self.page = data, lang, lessons, files, page
        self.page_url = SETTINGS[lang].prefix + posixpath.dirname(page) + "/"
        self.order = [lang] + [other for other in LANGUAGES if other != lang]

    def href(self, entry: Entry) -> str:
        return posixpath.relpath(entry.url, self.page_url.rstrip("/") or ".")

    def md_link(self, entry: Entry) -> str:
        """Markdown link from this hub's source to a file of the same language (checked by the build)."""
        return posixpath.relpath(entry.path, posixpath.dirname(f"{self.lang}/{self.page}"))

    def md_page(self, path: str) -> str:
        """Markdown link from this page's source to a page source (path below the language root)."""
        return posixpath.relpath(path, posixpath.dirname(self.page))

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
        return file_size(entry.size, self.lang)

    def language(self, lang: str) -> str:
        return t(lang, "language_name")

    def sort(self, files: list[Entry]) -> list[Entry]:
        kinds = {"lesson": 0, "handout": 1, "feed": 9}
        area = {name: w * h for name, (w, h) in PAPER_SIZES_MM.items()}
        return sorted(files, key=lambda e: (self.order.index(e.lang), e.lesson.slug if e.lesson else "",
                                            kinds.get(e.kind, 5), e.kind, e.number or 0,
                                            area.get(e.paper or "", 0), e.paper or "", e.name))

    # -- lessons by grade band
    def shown_lessons(self) -> list[Lesson]:
        """The hub's lessons: those of the NEWEST campaigns (every campaign's are on its year
        pages), so the hub does not grow with the number of lessons either."""
        newest = {c.slug for c in self.listed()[:NEWEST]}
        return [lesson for lesson in self.lessons if lesson.campaign in newest]

    def bands(self) -> list[tuple[tuple[int, int], list[Lesson]]]:
        bands: dict[tuple[int, int], list[Lesson]] = {}
        for lesson in self.shown_lessons():
            bands.setdefault((lesson.grades.first, lesson.grades.last), []).append(lesson)
        return sorted(bands.items())

    def lesson_files(self, lesson: Lesson, lang: str) -> list[Entry]:
        return self.sort([e for e in self.files if e.lesson is lesson and e.lang == lang])

    # -- files by campaign
    def listed(self) -> list:
        """The campaigns with files or lessons, newest first."""
        return [c for c in render.sorted_campaigns(self.data)
                if any(e.group == c.slug for e in self.files) or any(l.campaign == c.slug for l in self.lessons)]

    def years(self) -> dict[int, list]:
        """Year -> its campaigns with files or lessons (their period touches it); newest first."""
        years: dict[int, list] = {}
        for campaign in self.listed():
            for year in campaign_years(campaign):
                years.setdefault(year, []).append(campaign)
        return dict(sorted(years.items(), reverse=True))

    def year_page(self, year: int) -> str:
        return self.md_page(YEAR_PAGE.format(year=year))

    def groups(self, campaigns: list | None = None) -> list[dict]:
        """Files by campaign: ``campaigns`` (a year page's), or else the NEWEST campaigns and
        the groups that belong to no campaign (the hub's)."""
        out = []
        for campaign in (campaigns if campaigns is not None else self.listed()[:NEWEST]):
            files = [e for e in self.files if e.group == campaign.slug]
            lessons = [lesson for lesson in self.lessons if lesson.campaign == campaign.slug]
            out.append({"campaign": campaign, "lessons": lessons, "files": self.sort(files)})
        if campaigns is not None:
            return out
        for group, key in ((ALL, "teachers.all_campaigns"), (OTHER, "teachers.other")):
            files = [e for e in self.files if e.group == group]
            if files:
                out.append({"campaign": None, "title": t(self.lang, key), "lessons": [], "files": self.sort(files)})
        return out


OFFLINE = "offline/index.md"  # below a language's root: the offline copy's page, when the site has one


def has_page(ctx, path: str) -> bool:
    """Whether the page (path below docs/) was made by an earlier generator or written by hand."""
    if path in ctx.produced:
        return True
    docs = getattr(ctx, "docs_src", None) or Path(ctx.root) / "docs"
    return (Path(docs) / path).is_file()


def render_hub(data: Data, lang: str, lessons: list[Lesson], files: list[Entry], offline: bool = False) -> str:
    """``offline``: link the offline copy's page (only when it exists)."""
    return render._render("teachers.md.j2", render.Context(data, lang, depth=1), hub=Hub(data, lang, lessons, files),
                          offline=offline and posixpath.relpath(OFFLINE, posixpath.dirname(HUB)))


def render_year_page(data: Data, lang: str, lessons: list[Lesson], files: list[Entry], year: int,
                     campaigns: list) -> str:
    hub_ = Hub(data, lang, lessons, files, page=YEAR_PAGE.format(year=year))
    return render._render("teachers-year.md.j2", render.Context(data, lang, depth=3), hub=hub_, year=year,
                          groups=hub_.groups(campaigns))


def hub(data: Data, ctx) -> dict[str, str]:
    """Build generator (after every generator of files, and the offline page's): the hub and
    its year pages in every language."""
    lessons = lessons_for(data, ctx.data_file or Path(ctx.root) / "campaigns.yml")
    files = entries(data, ctx, lessons)
    out = {}
    for lang in LANGUAGES:
        out[f"{lang}/{HUB}"] = render_hub(data, lang, lessons, files, offline=has_page(ctx, f"{lang}/{OFFLINE}"))
        for year, campaigns in Hub(data, lang, lessons, files).years().items():
            out[f"{lang}/{YEAR_PAGE.format(year=year)}"] = render_year_page(data, lang, lessons, files, year, campaigns)
    return out
