"""Check the internal links of a built site: every page and anchor a link points at exists.

Reads site/**/*.html as a browser would: a relative href is resolved against the page's
own URL, a link to a folder means its index.html, and a #fragment must be the id (or
<a name>) of an element of the target page. Links to the site's own address
(site.url in campaigns.yml, e.g. canonical links) are checked too; other hosts,
mailto: and tel: are not.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

# (tag, attribute) pairs whose value is a link to something in the site
LINK_ATTRIBUTES = {("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                   ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("form", "action")}
PAGE_BASE = "http://site.invalid/"  # a stand-in origin to resolve relative URLs against


@dataclass(frozen=True)
class Link:
    line: int
    tag: str
    url: str


@dataclass(frozen=True)
class Broken:
    file: str
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.url}: {self.reason}"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[Link] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name, value in attrs:
            if (tag, name) in LINK_ATTRIBUTES and value is not None:
                self.links.append(Link(self.getpos()[0], tag, value.strip()))

    handle_startendtag = handle_starttag


class Site:
    def __init__(self, site_dir: Path, site_url: str | None = None):
        self.dir = Path(site_dir)
        self.url = site_url.rstrip("/") + "/" if site_url else None
        self.base_path = urlsplit(self.url).path if self.url else "/"
        self._pages: dict[Path, _Page] = {}

    def page(self, file: Path) -> _Page:
        if file not in self._pages:
            parser = _Page()
            parser.feed(file.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._pages[file] = parser
        return self._pages[file]

    def target(self, file: Path, url: str) -> tuple[Path | None, str | None, str | None]:
        """(file the link points at, fragment, reason it is not checked) for a link on ``file``."""
        if self.url and url.startswith(self.url):
            url = self.base_path + url[len(self.url):]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None, None, "external"
        page_url = PAGE_BASE.rstrip("/") + self.base_path + file.relative_to(self.dir).as_posix()
        resolved = urlsplit(urljoin(page_url, url))
        path = unquote(resolved.path)
        if not path.startswith(self.base_path):
            return None, None, f"points outside the site ({path})"
        rel = PurePosixPath(path[len(self.base_path):])
        candidate = self.dir.joinpath(*rel.parts) if rel.parts else self.dir
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate, unquote(resolved.fragment) or None, None

    def check_file(self, file: Path) -> list[Broken]:
        broken = []
        shown = file.relative_to(self.dir.parent).as_posix() if self.dir.parent != file else str(file)
        for link in self.page(file).links:
            if not link.url or link.url.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            target, fragment, reason = self.target(file, link.url)
            if reason == "external":
                continue
            if reason:
                broken.append(Broken(shown, link.line, link.url, reason))
                continue
            if not target.is_file():
                where = target.relative_to(self.dir).as_posix() if target.is_relative_to(self.dir) else str(target)
                broken.append(Broken(shown, link.line, link.url, f"no such file in the site ({where})"))
                continue
            if fragment and link.tag in ("a", "area") and target.suffix == ".html":
                if fragment not in self.page(target).ids:
                    where = target.relative_to(self.dir).as_posix()
                    broken.append(Broken(shown, link.line, link.url, f"{where} has no element with id '{fragment}'"))
        return broken

    def check(self) -> tuple[int, list[Broken]]:
        files = sorted(self.dir.rglob("*.html"))
        broken = []
        for file in files:
            broken.extend(self.check_file(file))
        return len(files), broken


def check_site(site_dir: Path, site_url: str | None = None) -> tuple[int, list[Broken]]:
    """(number of pages read, broken links)."""
    return Site(site_dir, site_url).check()
