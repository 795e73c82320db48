"""Printable files of the site: what each campaign page offers, and the materials page.

A printable file is any PDF an earlier generator made (ctx.produced). Its language is the
first folder of its path; its kind comes from its file name (``poster-a4.pdf`` is a poster,
``handout-2.pdf`` a handout numbered 2) and is named by the i18n key ``download.kind.<kind>``;
its paper size is read from the PDF itself; the group it belongs to is its folder's page.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.numbers import format_decimal

from ..sources.languages import SETTINGS, t
from ..sources.lessons import lessons_for
from ..sources.model import LANGUAGES, Data
from ..sources.schedule import campaign_years
from ..pages import render
from ..pages.paths import campaign_path, lesson_dir, page_url
from .pdf import describe

_PAPER_SUFFIX = re.compile(r"-(a3|a4|a5)$")
_NUMBER_SUFFIX = re.compile(r"-(\d+)$")
_PIXELS_SUFFIX = re.compile(r"-(\d+)x(\d+)$")  # share-1200x630.png (scripts/printable/shareimages.py)

PAPER_SIZES_MM = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210)}


@dataclass(frozen=True)
class Printable:
    path: str  # below docs/: ru/campaigns/doverie-111/poster-a4.pdf
    lang: str
    folder: str  # below the language root: campaigns/doverie-111
    kind: str  # poster, stand-kit, handout …
    number: int | None  # handout-2 -> 2
    paper: str  # A4, A3, or the size in mm
    pages: int
    size: int  # bytes
    type: str = "application/pdf"  # media type of the link

    @property
    def url(self) -> str:
        """Site-root-relative URL of the file."""
        return SETTINGS[self.lang].prefix + self.folder + "/" + posixpath.basename(self.path)

    def label(self, lang: str) -> str:
        values = {"n": self.number} if self.number is not None else {}
        return t(lang, f"download.kind.{self.kind}", **values)


def paper_of(width_pt: float, height_pt: float) -> str:
    short, long_ = sorted((width_pt * 25.4 / 72, height_pt * 25.4 / 72))
    for name, (w, h) in PAPER_SIZES_MM.items():
        if abs(short - w) < 1 and abs(long_ - h) < 1:
            return name
    return f"{round(short)} × {round(long_)} mm"


def read_printable(path: str, file: Path) -> Printable:
    lang, rest = path.split("/", 1)
    folder, name = posixpath.split(rest)
    stem = posixpath.splitext(name)[0]
    if name.endswith(".png") and (m := _PIXELS_SUFFIX.search(stem)):  # an image: its size in pixels
        return Printable(path=path, lang=lang, folder=folder, kind=stem[: m.start()], number=None,
                         paper=t(lang, "size.pixels", width=m.group(1), height=m.group(2)), pages=1,
                         size=file.stat().st_size, type="image/png")
    stem = _PAPER_SUFFIX.sub("", stem)
    number = None
    if m := _NUMBER_SUFFIX.search(stem):
        number, stem = int(m.group(1)), stem[: m.start()]
    content = file.read_bytes()
    info = describe(content)
    return Printable(path=path, lang=lang, folder=folder, kind=stem, number=number,
                     paper=paper_of(info.width_pt, info.height_pt), pages=info.pages, size=len(content))


def printables(ctx) -> list[Printable]:
    """Every PDF made so far in this build (needs ctx.docs_dir to read them)."""
    if ctx.docs_dir is None:
        return []
    return [read_printable(path, ctx.docs_dir / path) for path in sorted(ctx.produced)
            if (path.endswith(".pdf") or _PIXELS_SUFFIX.search(posixpath.splitext(path)[0]) and path.endswith(".png"))
            and path.split("/", 1)[0] in LANGUAGES]


def file_size(size: int, lang: str) -> str:
    if size < 1024 * 1024:
        return t(lang, "size.kb", value=format_decimal(max(1, round(size / 1024)), locale=lang))
    return t(lang, "size.mb", value=format_decimal(round(size / 1024 / 1024, 1), format="#,##0.0", locale=lang))


def rows(files: list[Printable], page_lang: str, page_url: str) -> list[dict]:
    """Table rows for a page in ``page_lang`` at ``page_url`` (site-root-relative, ends with /):
    the page's language first, then the others; links relative to the page."""
    order = [page_lang] + [lang for lang in LANGUAGES if lang != page_lang]
    area = {name: w * h for name, (w, h) in PAPER_SIZES_MM.items()}
    first = {"lesson": 0, "handout": 1}  # a lesson's guide before its handouts, as on the teachers' hub
    files = sorted(files, key=lambda f: (order.index(f.lang), first.get(f.kind, 2), f.kind, f.number or 0,
                                         area.get(f.paper, 0), f.paper))
    return [{
        "href": posixpath.relpath(f.url, page_url.rstrip("/") or "."),
        "label": f.label(page_lang),
        "lang": f.lang,
        "language": t(f.lang, "language_name"),
        "paper": f.paper,
        "size": file_size(f.size, page_lang),
        "pages": f.pages,
        "type": f.type,
    } for f in files]


def _folder_title(ctx, data: Data, lang: str, folder: str) -> str:
    campaigns = {campaign_path(c.slug).rstrip("/"): c for c in data.campaigns}
    if folder in campaigns:
        return render.campaign_name(campaigns[folder], lang).text
    page = ctx.docs_dir / lang / folder / "index.md" if ctx.docs_dir else None
    if page is not None and page.is_file():
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\n---" in text[4:]:
            meta = yaml.safe_load(text[4:text.index("\n---", 4)]) or {}
            if meta.get("title"):
                return str(meta["title"])
        if m := re.search(r"^# (.+)$", text, re.M):
            return m.group(1).strip()
    return folder


# The materials page shows the files of this many newest campaigns (their own and their
# lessons'), and every file that belongs to no campaign; the others are on one page per year.
NEWEST = render.NEWEST
YEAR_DIR = "materials/year/{year}/"  # below a language root


def _group(data: Data, lang: str, files: list[Printable], folder: str, page_url: str, up: str, ctx) -> dict:
    source = ctx.docs_dir / lang / folder / "index.md" if ctx.docs_dir else None
    has_page = f"{lang}/{folder}/index.md" in ctx.produced or (source is not None and source.is_file())
    return {
        "title": _folder_title(ctx, data, lang, folder),
        "link": f"{up}{folder}/index.md" if has_page else None,
        "rows": rows([f for f in files if f.folder == folder], lang, page_url),
    }


def _campaign_folders(data: Data, files: list[Printable], ctx) -> list[tuple]:
    """(campaign, its folders with files) of the campaigns that have files, newest first: the
    campaign's own folder, then its lessons' (a lesson's files belong to its campaign, so the
    materials page does not grow with the number of lessons)."""
    lessons = lessons_for(data, ctx.data_file or Path(ctx.root) / "campaigns.yml")
    folders = {f.folder for f in files}
    out = []
    for c in render.sorted_campaigns(data):
        own = [campaign_path(c.slug).rstrip("/")]
        own += [lesson_dir("", lesson.slug).strip("/") for lesson in lessons if lesson.campaign == c.slug]
        mine = [folder for folder in own if folder in folders]
        if mine:
            out.append((c, mine))
    return out


def by_year(listed: list[tuple]) -> dict[int, list[tuple]]:
    """Year -> (campaign, folders) of the campaigns of ``listed`` whose period touches it,
    newest first; years newest first."""
    years: dict[int, list[tuple]] = {}
    for campaign, folders in listed:
        for year in campaign_years(campaign):
            years.setdefault(year, []).append((campaign, folders))
    return dict(sorted(years.items(), reverse=True))


def render_materials_page(data: Data, lang: str, files: list[Printable], listed: list[tuple], ctx) -> str:
    others = sorted({f.folder for f in files} - {folder for _, folders in listed for folder in folders})
    page_url = SETTINGS[lang].prefix + "materials/"
    groups = [_group(data, lang, files, folder, page_url, "../", ctx)
              for folder in [folder for _, folders in listed[:NEWEST] for folder in folders] + others]
    years = {year: len(campaigns) for year, campaigns in by_year(listed).items()}
    return render._render("materials.md.j2", render.Context(data, lang, depth=1), groups=groups, years=years)


def render_year_page(data: Data, lang: str, files: list[Printable], year: int, listed: list[tuple], ctx) -> str:
    page_url = SETTINGS[lang].prefix + YEAR_DIR.format(year=year)
    groups = [_group(data, lang, files, folder, page_url, "../../../", ctx)
              for _, folders in listed for folder in folders]
    return render._render("materials-year.md.j2", render.Context(data, lang, depth=3), groups=groups, year=year)


def pages(data: Data, ctx) -> dict[str, str]:
    """The materials page of every language (the newest campaigns' files and those of their
    lessons, and other materials) and one page per year with the files of that year's
    campaigns: together they list every printable file of the site."""
    files = printables(ctx)
    listed = _campaign_folders(data, files, ctx)
    out = {}
    for lang in LANGUAGES:
        out[f"{lang}/materials/index.md"] = render_materials_page(data, lang, files, listed, ctx)
        for year, campaigns in by_year(listed).items():
            out[f"{lang}/{YEAR_DIR.format(year=year)}index.md"] = render_year_page(data, lang, files, year, campaigns, ctx)
    return out


def campaign_downloads(data: Data, ctx) -> dict[tuple[str, str], list[dict]]:
    """(page language, campaign slug) -> table rows of the campaign's printable files."""
    files = printables(ctx)
    out = {}
    for campaign in data.campaigns:
        folder = campaign_path(campaign.slug).rstrip("/")
        mine = [f for f in files if f.folder == folder]
        if mine:
            for lang in LANGUAGES:
                out[(lang, campaign.slug)] = rows(mine, lang, page_url(lang, campaign_path(campaign.slug)))
    return out
