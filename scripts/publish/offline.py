"""The offline copy for schools: one zip per language that works opened from disk (file://).

Each copy is made from the built site, not by building it again: the language's pages and
files, and what every language shares (the theme's assets, the search), with

- links that a browser cannot open from a folder made explicit: ``../campaigns/`` becomes
  ``../campaigns/index.html`` (a web server adds index.html, a folder on disk does not);
- links to what is not in the copy (another language's pages and files) made absolute: they
  open the site itself when there is a connection;
- its own search index, of its language only, as the script ``search/search_index.js``: the
  site's search (Pagefind) cannot fetch its index from file://, so the search box
  (overrides/assets/javascripts/search.js) reads this one there, made from the sections of
  Material's single index (``search/search_index.json``, which the build removes from the site
  once the copies are made), with the same explicit locations.

The site keeps its folders in the copy: the default language's pages at the root, another
language's under its prefix (``ru/``) with a start page ``index.html`` at the root that opens
it, so the page files need no change but their links. Sitemaps, robots.txt, source maps, the 404
pages, the JSON search index, the site's Pagefind index, Material's own search worker and the pages
kept at old addresses stay out (a copy on disk does not use them).

``pages`` (an output generator) makes the page ``{lang}/offline/index.md`` that offers the
download; ``build_bundles`` (called by build.py once MkDocs has built the site) makes the zips,
which go next to that page: ``{prefix}offline/{name}.zip``.
"""
from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from ..sources.languages import SETTINGS, t
from ..sources.model import LANGUAGES, Data
from ..sources.schedule import build_date
from ..pages.render import Context, _render, is_redirect
from ..printable.materials import file_size

SHARED = ("assets/", "search/", "pagefind/")  # what every language of the built site uses
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", "robots.txt", "search/search_index.json")
NOT_FOUND_PAGE = "404.html"  # every language's (a server's page, none in a folder on disk)
# Folders a copy does without: the site's search index (Pagefind cannot read it from disk) and
# Material's search worker with its lunr scripts (this site's search box does not use them)
LEFT_OUT_FOLDERS = ("pagefind/", "assets/javascripts/workers/", "assets/javascripts/lunr/")
# href and src attributes as MkDocs, Material and our templates write them (double quotes)
URL_ATTRIBUTE = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
NOT_A_PATH = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")  # a scheme, another host, the page itself


def bundle_name(data: Data, lang: str) -> str:
    """The zip's name without .zip, also the folder inside it: e.g. bala-campaigns-kz-ru."""
    host = re.sub(r"^https?://", "", data.site.url).strip("/")
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") + f"-{lang}"


def zip_site_path(data: Data, lang: str) -> str:
    """Where the zip is in the built site (next to the offline page)."""
    return f"{SETTINGS[lang].prefix}offline/{bundle_name(data, lang)}.zip"


def _has_pdf(produced, lang: str) -> bool:
    return any(p.startswith(f"{lang}/") and p.endswith(".pdf") for p in produced)


def render_page(data: Data, lang: str, *, has_pdf: bool, made_on: str) -> str:
    """The download page. The copy holds this same page: what it says is true in both places."""
    return _render("offline.md.j2", Context(data, lang, depth=1), has_pdf=has_pdf, made_on=made_on,
                   name=bundle_name(data, lang), site_url=data.site.url + SETTINGS[lang].prefix)


def pages(data: Data, ctx) -> dict[str, str]:
    """The download page in every language (an output generator: register it after every PDF,
    so that it knows whether the copy holds PDFs)."""
    made_on = build_date().isoformat()
    return {f"{lang}/offline/index.md": render_page(data, lang, has_pdf=_has_pdf(ctx.produced, lang), made_on=made_on)
            for lang in LANGUAGES}


# ---------------------------------------------------------------- what a copy holds

def _language_of(rel: str) -> str | None:
    """The language a file of the built site belongs to; None for what all languages share."""
    if rel.startswith(SHARED):
        return None
    for lang in LANGUAGES:
        prefix = SETTINGS[lang].prefix
        if prefix and rel.startswith(prefix):
            return lang
    return next(code for code, s in SETTINGS.items() if s.default)


def copy_files(site: Path, lang: str) -> list[str]:
    """The files of the built site that go into the copy of ``lang`` (paths below the site)."""
    out = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or _language_of(rel) not in (lang, None):
            continue
        if rel in LEFT_OUT or path.name == NOT_FOUND_PAGE or rel.endswith(".map") or rel.endswith(".zip"):
            continue
        if rel.startswith(LEFT_OUT_FOLDERS):
            continue
        if rel.endswith(".html") and is_redirect(path):
            continue  # an old address kept for links from elsewhere: a new copy has none
        out.append(rel)
    return out


# ---------------------------------------------------------------- links

def rewrite_links(html: str, page: str, site: Path, inside: set[str], site_url: str) -> str:
    """The links of the page at ``page`` (its path below the site) as the copy needs them:
    a link to a folder names its index.html; a link to what the copy lacks (``inside``: the
    copy's files) goes to the site at ``site_url``."""
    folder = posixpath.dirname(page)

    def fix(match: re.Match) -> str:
        url = match.group("url")
        if not url or NOT_A_PATH.match(url):
            return match.group(0)
        path = urlsplit(url).path
        rest = url[len(path):]  # ?query and #fragment, as written
        if not path:
            return match.group(0)
        target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
        if target == ".." or target.startswith("../"):
            return match.group(0)  # outside the site: not ours to change
        target = "" if target == "." else target
        is_folder = target == "" or path.endswith("/") or (site / target).is_dir()
        file = f"{target}/index.html".lstrip("/") if is_folder else target
        if file not in inside:
            online = f"{target}/".lstrip("/") if is_folder else target
            return f'{match.group("attr")}="{site_url}{online}{rest}"'
        return f'{match.group("attr")}="{posixpath.relpath(file, folder or ".")}{rest}"'

    return URL_ATTRIBUTE.sub(fix, html)


def search_index(site: Path, lang: str, inside: set[str]) -> str:
    """The copy's search index: the language's entries of the site's index, their locations
    naming index.html, as the script the search box reads from file://."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = []
    for doc in index["docs"]:
        location, _, anchor = doc["location"].partition("#")
        if _language_of(location) != lang:
            continue
        file = location + "index.html" if location == "" or location.endswith("/") else location
        if file not in inside:
            continue
        docs.append(dict(doc, location=file + (f"#{anchor}" if anchor else "")))
    return "var __index = " + json.dumps(dict(index, docs=docs), ensure_ascii=False, separators=(",", ":"))


def start_page(data: Data, lang: str) -> str:
    """The copy's index.html when the language's home page is below a prefix (ru/index.html)."""
    return _render("offline-start.html.j2", Context(data, lang, depth=0),
                   home=SETTINGS[lang].prefix + "index.html")


# ---------------------------------------------------------------- the zips

def build_bundle(data: Data, site: Path, lang: str, zip_file: Path) -> None:
    """Zip the offline copy of ``lang`` made from the built ``site``."""
    name = bundle_name(data, lang)
    files = copy_files(site, lang)
    inside = set(files)
    if (site / "search" / "search_index.json").exists():
        inside.add("search/search_index.js")
    site_url = data.site.url.rstrip("/") + "/"
    zip_file.parent.mkdir(parents=True, exist_ok=True)
    stamp = member_time()
    with zipfile.ZipFile(zip_file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        def add(path: str, content: str | bytes, stored: bool = False) -> None:
            info = zipfile.ZipInfo(f"{name}/{path}", date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # rw-r--r--, as a file written by the build
            zf.writestr(info, content, compresslevel=None if stored else 6)

        for rel in files:
            if rel.endswith(".html"):
                html = (site / rel).read_text(encoding="utf-8")
                add(rel, rewrite_links(html, rel, site, inside, site_url))
            else:  # PDFs, images and fonts are compressed already
                stored = rel.endswith((".pdf", ".png", ".jpg", ".jpeg", ".woff", ".woff2", ".gz"))
                add(rel, (site / rel).read_bytes(), stored)
        if "search/search_index.js" in inside:
            add("search/search_index.js", search_index(site, lang, inside))
        if SETTINGS[lang].prefix:
            add("index.html", start_page(data, lang))


def member_time() -> tuple[int, int, int, int, int, int]:
    """The time every file of a zip carries: the build's (``SOURCE_DATE_EPOCH`` when set, so that
    two builds of the same sources give the same zips; the zip format starts in 1980)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch and epoch.strip().isdigit() else time.localtime()
    return max(tuple(moment[:6]), (1980, 1, 1, 0, 0, 0))


def build_bundles(data: Data, site: Path, work: Path, timings: dict | None = None) -> dict[str, Path]:
    """The offline copy of every language, zipped in ``work`` from the built ``site``.
    Returns {path in the site: zip file}; build.py moves them into the site."""
    timings = {} if timings is None else timings
    out = {}
    started_all = time.perf_counter()
    for lang in LANGUAGES:
        started = time.perf_counter()
        zip_file = work / f"{bundle_name(data, lang)}.zip"
        build_bundle(data, site, lang, zip_file)
        out[zip_site_path(data, lang)] = zip_file
        timings.setdefault("offline_langs", {})[lang] = round(time.perf_counter() - started, 3)
    timings["offline"] = round(time.perf_counter() - started_all, 3)
    return out


SIZE_PLACE = re.compile(r'<span class="offline-size" data-lang="(?P<lang>[a-z]+)"></span>')


def size_text(lang: str, size: int) -> str:
    """The zip's size as the download page gives it (as every download on the site is given):
    teachers on a slow line see what the download costs."""
    return t(lang, "offline.size", size=file_size(size, lang))


def show_size(html: str, size: int) -> str:
    """The download page with the zip's size filled in (it is left empty in the copy itself)."""
    return SIZE_PLACE.sub(lambda m: m.group(0).replace("></span>", f">{size_text(m['lang'], size)}</span>"), html)


def move_into(site: Path, bundles: dict[str, Path]) -> None:
    """Put the zips next to their download pages and give each page its zip's size."""
    for rel, bundle in bundles.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        size = bundle.stat().st_size
        shutil.move(bundle, site / rel)
        page = site / posixpath.dirname(rel) / "index.html"
        if page.exists():
            page.write_text(show_size(page.read_text(encoding="utf-8"), size), encoding="utf-8")
