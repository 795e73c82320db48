"""HTML + CSS -> PDF bytes (WeasyPrint), with local fonts and a content-hash cache.

Generic: any generator that prints (posters, stand kits, lesson sheets) uses it.

    from .pdf import PdfCache, render_all, render_pdf

    cache = PdfCache(ctx.cache_dir / "pdf" / "posters")      # one folder per generator
    pdfs = render_all({path: html, ...}, cache)              # {path: bytes}, rendered in parallel
    pdf = render_pdf(html, base_url=TEMPLATES, cache=cache)  # one document: bytes
    a3 = enlarge(pdf, 841.89, 1190.55, "… A3")               # the same document on a larger paper
    cache.prune()                                            # optional: drop entries no build used for a day

What the cache lacks is rendered in worker processes, one per CPU (``PDF_WORKERS`` in the
environment sets fewer). ``describe(pdf_bytes)`` gives the page size and page count, noted at
render time (and kept in the cache), so the pages that list the files do not parse them.

The page's CSS sets ``font-family: "Print Sans"`` (or ``"Print Sans Condensed"``); the
``@font-face`` rules for them (FONT_CSS) are added to every document, with the fonts given by
their file path (Debian's fonts-dejavu-core and fonts-dejavu-extra), so a PDF never depends
on which other fonts a machine has. Every character of the text must be in those fonts:
``render_pdf`` refuses text it could not print with them (PdfError names the character).

Documents may only load files (``file:`` URLs, e.g. images next to ``base_url``) and ``data:``
URLs: any other address stops the render. A file that is missing stops it too.

A one-page layout may pin a part to the foot of the page (``position: absolute``, quicker in
WeasyPrint than a flex column) with the text flowing above it: it marks the pinned part with
``id="pinned"`` and the end of the flowing text with an empty ``<div id="flow-end">``. When the
text would run into the pinned part, or the document takes more than one page, the render fails
(PdfTooLong: the text is too long).

The cache key is a hash of the HTML, the stylesheets, the font files and the versions of
WeasyPrint and pydyf; files the document loaded (images) are recorded with their hashes and
checked on every lookup, so replacing an image renders again. ``cache.renders`` and
``cache.hits`` count what happened; ``render_count()`` counts renders in this process.
"""
from __future__ import annotations

import hashlib
import html.parser
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from fontTools.ttLib import TTFont

from ..errors import BuildFailed

# Bump when the way PDFs are made changes in a way the key does not see.
# 2: the @font-face fonts are really used (before, WeasyPrint was given no font configuration
# for them and fell back to the machine's default sans-serif font).
CACHE_FORMAT = 2

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# (family, weight, style) -> file. Families are named so that no installed font matches them.
FONTS: dict[tuple[str, int, str], Path] = {
    ("Print Sans", 400, "normal"): FONT_DIR / "DejaVuSans.ttf",  # fonts-dejavu-core
    ("Print Sans", 700, "normal"): FONT_DIR / "DejaVuSans-Bold.ttf",  # fonts-dejavu-core
    ("Print Sans", 400, "italic"): FONT_DIR / "DejaVuSans-Oblique.ttf",  # fonts-dejavu-extra
    ("Print Sans", 700, "italic"): FONT_DIR / "DejaVuSans-BoldOblique.ttf",  # fonts-dejavu-extra
    ("Print Sans Condensed", 400, "normal"): FONT_DIR / "DejaVuSansCondensed.ttf",  # fonts-dejavu-extra
    ("Print Sans Condensed", 700, "normal"): FONT_DIR / "DejaVuSansCondensed-Bold.ttf",  # fonts-dejavu-extra
}


# ids of a layout with a part pinned to the foot of the page (see the module's docstring)
FLOW_END, PINNED = "flow-end", "pinned"
TOO_LONG = "the text is too long for the page"


class PdfError(Exception):
    """A document could not be rendered (message says why, in plain words)."""


class PdfTooLong(PdfError):
    """The text of a one-page layout runs into the part pinned to the foot of the page."""


def _font_face(family: str, weight: int, style: str, path: Path) -> str:
    return (f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.as_uri()}") format("truetype"); }}')


FONT_CSS = "\n".join(_font_face(*key, path) for key, path in FONTS.items()) + (
    '\nhtml { font-family: "Print Sans"; }\n'
)


@lru_cache(maxsize=None)
def _file_hash(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_hash(path: Path) -> str:
    st = path.stat()
    return _file_hash(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=1)
def _fonts() -> tuple[dict[str, str], frozenset[int]]:
    """Hashes of the font files and the characters all of them can print."""
    missing = [str(p) for p in FONTS.values() if not p.is_file()]
    if missing:
        raise PdfError("font files are missing: " + ", ".join(missing)
                       + " (install the Debian packages fonts-dejavu-core and fonts-dejavu-extra: make build does)")
    hashes = {f"{fam}/{w}/{s}": file_hash(p) for (fam, w, s), p in FONTS.items()}
    covered = None
    for path in FONTS.values():
        cmap = set(TTFont(path, lazy=True).getBestCmap())
        covered = cmap if covered is None else covered & cmap
    return hashes, frozenset(covered)


class _TextChars(html.parser.HTMLParser):
    """Characters of the text of an HTML document (not of tags, scripts or styles)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chars.update(data)


def check_characters(html_text: str) -> None:
    """Raise PdfError if the text uses a character the local fonts cannot print."""
    _, covered = _fonts()
    parser = _TextChars()
    parser.feed(html_text)
    parser.close()
    bad = sorted(ch for ch in parser.chars if not ch.isspace() and ord(ch) >= 0x20 and ord(ch) not in covered
                 and ord(ch) not in (0xAD, 0x200B, 0x2060, 0xFEFF))
    if bad:
        shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in bad[:10])
        raise PdfError(f"the fonts for printing have no glyph for {shown}; write these characters differently")


@lru_cache(maxsize=1)
def _weasyprint():
    """WeasyPrint, imported when a document is to be laid out (about a second: a build whose
    PDFs all come from the cache does without it)."""
    # heavy: imported here, only when a PDF is to be laid out
    import weasyprint

    return weasyprint


@lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    """The versions of WeasyPrint and pydyf, for the cache key (without importing them)."""
    from importlib.metadata import version

    return {"weasyprint": version("weasyprint"), "pydyf": version("pydyf")}


@lru_cache(maxsize=1)
def _font_files() -> frozenset[Path]:
    return frozenset(path.resolve() for path in FONTS.values())


def _local_fetcher():
    """A URL fetcher that loads ``file:`` and ``data:`` URLs only and records every file it read."""
    weasyprint = _weasyprint()

    class LocalFetcher(weasyprint.URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
            self.files: set[Path] = set()

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path))
                if not path.is_file():
                    raise weasyprint.urls.FatalURLFetchingError(f"{path} does not exist")
                if path.resolve() not in _font_files():  # the fonts are in the cache key already
                    self.files.add(path.resolve())
            elif scheme != "data":
                raise weasyprint.urls.FatalURLFetchingError(
                    f"{url}: a printed document may only use local files, not other hosts")
            return super().fetch(url, headers)

    return LocalFetcher()


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


_RENDERS = 0


def render_count() -> int:
    """How many documents this process has rendered (cache hits not counted)."""
    return _RENDERS


@dataclass
class PdfCache:
    """Rendered PDFs by content hash, in ``directory`` (kept between builds).

    Give every generator its own directory so that ``prune()`` only drops its own entries.
    """

    directory: Path
    renders: int = 0
    hits: int = 0
    used: set[str] = field(default_factory=set)

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.directory / f"{key}.pdf", self.directory / f"{key}.json"

    def get(self, key: str) -> bytes | None:
        pdf, meta = self._paths(key)
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
            if not self._files_unchanged(record):
                return None
            content = pdf.read_bytes()
            if "info" in record:
                width, height, pages = record["info"]
                _note(content, PdfInfo(float(width), float(height), int(pages)))
            return content
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, content: bytes, files: set[Path], info: PdfInfo | None = None) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        pdf, meta = self._paths(key)
        _atomic_write(pdf, content)
        deps = {str(p): file_hash(p) for p in sorted(files)}
        record = {"files": deps}
        if info is not None:
            record["info"] = [info.width_pt, info.height_pt, info.pages]
        _atomic_write(meta, json.dumps(record, indent=1).encode("utf-8"))

    def too_long(self, key: str) -> str | None:
        """The message when this HTML was found too long for its page in an earlier build
        (with the same files: a new picture may change what fits)."""
        try:
            record = json.loads(self._paths(key)[1].read_text(encoding="utf-8"))
            if "too_long" not in record or not self._files_unchanged(record):
                return None
            return record["too_long"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put_too_long(self, key: str, message: str, files: set[Path]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {"too_long": message, "files": {str(p): file_hash(p) for p in sorted(files)}}
        _atomic_write(self._paths(key)[1], json.dumps(record, indent=1).encode("utf-8"))

    @staticmethod
    def _files_unchanged(record: dict) -> bool:
        return all(Path(name).is_file() and file_hash(Path(name)) == digest for name, digest in record["files"].items())

    def prune(self) -> int:
        """Delete the entries neither used since this cache object was made nor in the last
        KEEP_UNUSED seconds (by any build); returns how many."""
        return prune_folder(self.directory, self.used, (".pdf", ".json"))


# How long a cache entry no build has used stays. A build uses (and so keeps) its own entries;
# a build of other data the same day (the synthetic corpus of `make bench`, a draft data
# file, the tests' fixtures) does not drop them, and the next build of the real data finds
# them instead of laying every PDF out again. A text changed many times in the preview
# leaves at most a day of its old versions.
KEEP_UNUSED = 24 * 3600


def prune_folder(directory: Path, used: set[str], suffixes: tuple[str, ...]) -> int:
    """Delete the files of ``directory`` with one of ``suffixes`` whose stem (the cache key)
    is not in ``used`` and that were not touched in the last KEEP_UNUSED seconds; the used
    ones are touched (their modification time is when a build last used them). Returns
    how many entries went (counted by their first suffix)."""
    if not directory.is_dir():
        return 0
    removed = 0
    now = time.time()
    for path in directory.iterdir():
        if path.suffix not in suffixes:
            continue
        try:
            if path.stem in used:
                os.utime(path, (now, now))
            elif now - path.stat().st_mtime > KEEP_UNUSED:
                path.unlink()
                removed += path.suffix == suffixes[0]
        except FileNotFoundError:  # another build pruned it at the same moment
            pass
    return removed


def _atomic_write(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cache_key(html_text: str, stylesheets: tuple[str, ...] = ()) -> str:
    fonts, _ = _fonts()
    material = {
        "format": CACHE_FORMAT,
        **_versions(),
        "fonts": fonts,
        "font_css": FONT_CSS,
        "html": html_text,
        "css": list(stylesheets),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PdfInfo:
    """What a download list says of a PDF: page size in points and number of pages."""

    width_pt: float
    height_pt: float
    pages: int


# PDF info by the SHA-256 of its bytes: noted when a PDF is rendered or read from the cache, so
# that pages listing the files need not parse them again.
_INFO: dict[str, PdfInfo] = {}


def describe(content: bytes) -> PdfInfo:
    """Page size and page count of a PDF (noted at render time, else read with pypdf)."""
    digest = hashlib.sha256(content).hexdigest()
    info = _INFO.get(digest)
    if info is None:
        from io import BytesIO

        # pypdf: imported only when a PDF is read
        from pypdf import PdfReader

        reader = PdfReader(BytesIO(content))
        box = reader.pages[0].mediabox
        info = _INFO[digest] = PdfInfo(float(box.width), float(box.height), len(reader.pages))
    return info


def _note(content: bytes, info: PdfInfo | None) -> None:
    if info is not None:
        _INFO[hashlib.sha256(content).hexdigest()] = info


def render_pdf(html: str, *, base_url: Path, cache: PdfCache | None,
               stylesheets: tuple[str, ...] | list[str] = ()) -> bytes:
    """The PDF of ``html`` (a whole HTML document), from the cache when nothing changed.

    ``base_url``: the folder relative URLs in the document are resolved against.
    ``stylesheets``: extra CSS texts (the document's own <style> works too).
    ``cache``: a PdfCache, or None to always render.
    Raises PdfError with a plain message when the document cannot be printed.
    """
    return render_pdfs({"": html}, base_url=base_url, cache=cache, stylesheets=stylesheets, workers=1)[""]


def render_pdfs(documents: dict[str, str], *, base_url: Path, cache: PdfCache | None,
                stylesheets: tuple[str, ...] | list[str] = (), workers: int | None = None,
                refit: Callable[[str, int], str | None] | None = None) -> dict[str, bytes]:
    """Many documents at once: {label: HTML} -> {label: PDF bytes}, like ``render_pdf`` each.

    What the cache lacks is rendered in parallel, in ``workers`` processes (default: one per
    CPU, at most PDF_WORKERS from the environment). A document that cannot be printed raises
    PdfError, its message starting with its label. When a document's text is too long for its
    page, ``refit(label, attempt)`` (attempt 1, 2, …) may give another HTML to try instead (the
    same document in smaller type, say); when it gives None, PdfTooLong is raised. The cache
    remembers which HTML was too long, so a later build goes straight to the one that fits.

    One pool of workers serves the whole call: a document found too long is tried again in
    its next size as soon as its result is in, while the others are still being laid out (no
    round of documents waits for the slowest of the one before)."""
    stylesheets = tuple(stylesheets)
    out: dict[str, bytes] = {}
    attempts = dict.fromkeys(documents, 0)

    def next_try(label: str, html: str | None, error: str | None) -> tuple[str, str] | None:
        """The (key, HTML) of ``label`` to lay out now, after trying the cache: None when the
        cache had it (in ``out``). ``html`` None: the next smaller size after ``error``."""
        while True:
            if html is None:
                attempts[label] += 1
                html = refit(label, attempts[label]) if refit is not None else None
                if html is None:
                    raise PdfTooLong(_labelled(label, error or TOO_LONG))
            key = cache_key(html, stylesheets)  # a cached document passed check_characters when it was rendered
            if cache is None:
                return key, html
            cache.used.add(key)
            if (known := cache.too_long(key)) is not None:
                html, error = None, known
                continue
            stored = cache.get(key)
            if stored is None:
                return key, html
            cache.hits += 1
            out[label] = stored
            return None

    todo = {label: job for label, html in documents.items() if (job := next_try(label, html, None)) is not None}
    base = str(Path(base_url).resolve()) + os.sep
    workers = min(workers or _default_workers(), len(todo))
    if workers > 1:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        with ProcessPoolExecutor(workers, mp_context=_worker_context(), initializer=_start_worker) as pool:
            running = {pool.submit(_render_job, (html, base, stylesheets)): (label, key)
                       for label, (key, html) in todo.items()}
            try:
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        label, key = running.pop(future)
                        retry = _take(label, key, future.result(), out, cache, next_try)
                        if retry is not None:
                            running[pool.submit(_render_job, (retry[1], base, stylesheets))] = (label, retry[0])
            except BaseException:
                for future in running:
                    future.cancel()
                raise
    elif todo:
        fonts = _font_configuration()
        for label, (key, html) in todo.items():
            while (job := _take(label, key, _render_job((html, base, stylesheets), fonts), out, cache, next_try)):
                key, html = job
        del fonts  # its folder of font copies goes with it
    return {label: out[label] for label in documents}


def _take(label: str, key: str, result, out: dict[str, bytes], cache: PdfCache | None,
          next_try) -> tuple[str, str] | None:
    """Keep a worker's result for ``label``: its PDF in ``out`` (and the cache), or, when it
    was too long for its page, the (key, HTML) of the next size to lay out (None when that
    one came from the cache)."""
    global _RENDERS
    content, files, info, error = result
    _RENDERS += 1
    if error is not None and error.startswith(TOO_LONG):
        if cache is not None:
            cache.put_too_long(key, error, {Path(f) for f in files})
        return next_try(label, None, error)
    if error is not None:
        raise PdfError(_labelled(label, error))
    _note(content, info)
    if cache is not None:
        cache.renders += 1
        cache.put(key, content, {Path(f) for f in files}, info)
    out[label] = content
    return None


def enlarge(content: bytes, width_pt: float, height_pt: float, title: str, cache: PdfCache | None = None) -> bytes:
    """A PDF whose pages have the proportions of ``width_pt`` × ``height_pt`` (A4 and A3 do),
    enlarged to that size: every length times the same factor, the text, fonts, tags and links
    kept (pypdf). ``title`` replaces the document's title. Far quicker than laying the
    document out again; its page size and count are noted like a rendered PDF's. ``cache``
    keeps the result by a hash of the PDF, the size and the title."""
    key = hashlib.sha256(json.dumps({"format": CACHE_FORMAT, "enlarge": hashlib.sha256(content).hexdigest(),
                                     "size": [width_pt, height_pt], "title": title}).encode("utf-8")).hexdigest()
    if cache is not None:
        cache.used.add(key)
        stored = cache.get(key)
        if stored is not None:
            cache.hits += 1
            return stored
    result = _enlarge(content, width_pt, height_pt, title)
    if cache is not None:
        cache.put(key, result, set(), describe(result))
    return result


def _enlarge(content: bytes, width_pt: float, height_pt: float, title: str) -> bytes:
    from io import BytesIO

    # pypdf: imported only when a poster is enlarged
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(content)))
    for page in writer.pages:
        factor = width_pt / float(page.mediabox.width)
        if abs(float(page.mediabox.height) * factor - height_pt) > 1:
            raise PdfError(f"a page of {float(page.mediabox.width):.0f} × {float(page.mediabox.height):.0f} pt"
                           f" cannot be enlarged to {width_pt:.0f} × {height_pt:.0f} pt: the proportions differ")
        page.scale_by(factor)
        box = RectangleObject([0, 0, width_pt, height_pt])
        page.mediabox = page.cropbox = page.trimbox = page.bleedbox = page.artbox = box
    writer.add_metadata({"/Title": title})
    out = BytesIO()
    writer.write(out)
    result = out.getvalue()
    _note(result, PdfInfo(width_pt, height_pt, len(writer.pages)))
    return result


def render_all(documents: dict[str, str], cache: PdfCache, too_long: str = "",
               refit: Callable[[str, int], str | None] | None = None) -> dict[str, bytes]:
    """For output generators: {path: HTML} (relative URLs resolved from the repository) ->
    {path: PDF}, in parallel (``refit``: see render_pdfs). A document that cannot be printed
    stops the build (BuildFailed) with its path and the reason; ``too_long`` tells editors what
    to shorten when a text does not fit its page."""
    try:
        return render_pdfs(documents, base_url=Path(__file__).resolve().parents[2], cache=cache, refit=refit)
    except PdfError as exc:
        advice = f" ({too_long})" if too_long and isinstance(exc, PdfTooLong) else ""
        raise BuildFailed(f"{exc}{advice}") from None


def in_workers(func: Callable, jobs: list) -> list:
    """``[func(job) for job in jobs]``, in the PDF workers' processes when there are several
    jobs and CPUs (``func`` and the jobs must pickle: a module-level function and plain data).
    For work on laid-out PDFs that holds one core otherwise, e.g. rasterising share images
    (PDFium is not thread-safe, so threads would not do)."""
    workers = min(_default_workers(), len(jobs))
    if workers <= 1:
        return [func(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=_worker_context()) as pool:
        return list(pool.map(func, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def _labelled(label: str, message: str) -> str:
    return f"{label}: {message}" if label else message


@lru_cache(maxsize=1)
def _worker_context():
    """Where the workers come from: a small server process (multiprocessing's forkserver),
    started once with only this module and WeasyPrint imported, forks them. A worker forked
    from the build itself would start with a copy of everything the build holds (the data,
    the pages made so far) and, as Python touches those objects, end up with its own copy of
    most of it: at 100 campaigns that was about 200 MB per worker, against 60 MB now. Where there is no
    forkserver (not on Linux), a fresh interpreter (spawn)."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "weasyprint"])
    return context


def _default_workers() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    limit = os.environ.get("PDF_WORKERS", "").strip()
    return max(1, min(cpus, int(limit))) if limit.isdigit() else cpus


def _overrun(pages, pinned_layout: bool = False) -> str | None:
    """The too-long message for a one-page layout with a part pinned to the foot of the page
    (FLOW_END and PINNED): its text ends below the top of the pinned part, or the document
    takes more than one page; else None. ``pinned_layout``: the document is such a layout (its
    HTML has the ids), even when an overflow pushed both marks off every page."""
    marked = [page.anchors for page in pages if FLOW_END in page.anchors or PINNED in page.anchors]
    if not marked and not pinned_layout:
        return None
    if len(pages) > 1:
        return f"{TOO_LONG}: it takes {len(pages)} pages instead of one; shorten it"
    if not marked:
        return f"{TOO_LONG}: it pushes the part printed at the foot of the page off the page; shorten it"
    end, pinned = marked[0].get(FLOW_END), marked[0].get(PINNED)
    if end is not None and pinned is not None and end[1] > pinned[1] + 0.5:
        return (f"{TOO_LONG}: it runs {max(1, round((end[1] - pinned[1]) * 25.4 / 96))} mm into the part"
                " printed at the foot of the page; shorten it")
    return None


def _font_configuration():
    """WeasyPrint's fonts for a series of documents: the ``@font-face`` fonts of FONT_CSS are
    registered with it at the first document. WeasyPrint only honours ``@font-face`` rules of a
    stylesheet given a font configuration; without one it silently falls back to the machine's
    default sans-serif font. Made once per process, not per document: making one reads the
    configuration of every font on the machine (a new one per document took a fifth more
    time and grew the process three times as fast)."""
    # WeasyPrint is heavy: imported in the worker that lays out PDFs, not in the build
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


_WORKER_FONTS = None  # a worker process's font configuration (_start_worker)


def _start_worker() -> None:
    """In each worker process, before its first document: its font configuration, and the
    removal of the folder where WeasyPrint copies the fonts when the worker ends (workers
    end without collecting their objects, so WeasyPrint would leave the folder behind)."""
    global _WORKER_FONTS
    from multiprocessing.util import Finalize

    _WORKER_FONTS = _font_configuration()
    Finalize(None, _stop_worker, exitpriority=1)


def _stop_worker() -> None:
    global _WORKER_FONTS
    _WORKER_FONTS = None  # WeasyPrint removes its font folder when the configuration goes
    import gc

    gc.collect()


def _render_job(job: tuple[str, str, tuple[str, ...]], fonts=None):
    """Render one document: (PDF bytes, files it loaded, PdfInfo, None) or (…, error message).
    ``fonts``: the font configuration (default: the worker's, else a new one)."""
    html, base, stylesheets = job
    try:
        check_characters(html)
    except PdfError as exc:
        return b"", [], None, str(exc)
    if fonts is None:  # never none: WeasyPrint would fall back to the machine's fonts
        fonts = _WORKER_FONTS if _WORKER_FONTS is not None else _font_configuration()
    weasyprint = _weasyprint()
    fetcher = _local_fetcher()
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
        css = [weasyprint.CSS(string=FONT_CSS, url_fetcher=fetcher, font_config=fonts)]
        css += [weasyprint.CSS(string=s, base_url=base, url_fetcher=fetcher, font_config=fonts) for s in stylesheets]
        rendered = document.render(stylesheets=css, pdf_tags=True, font_config=fonts)
        error = _overrun(rendered.pages, f'id="{PINNED}"' in html)
        # a layout too long for its page is not written: the next size is tried instead
        content = rendered.write_pdf(pdf_tags=True) if error is None else b""
    except weasyprint.urls.FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        return b"", [], None, f"cannot load {cause}"
    finally:
        logger.removeHandler(collect)
    if collect.messages:
        return b"", [], None, "WeasyPrint reported: " + "; ".join(collect.messages[:5])
    if error:
        return b"", sorted(str(f) for f in fetcher.files), None, error
    first = rendered.pages[0]
    info = PdfInfo(first.width * 0.75, first.height * 0.75, len(rendered.pages))  # CSS px -> pt
    return content, sorted(str(f) for f in fetcher.files), info, None


__all__ = ["FONT_CSS", "FONTS", "PdfCache", "PdfError", "PdfTooLong", "PdfInfo", "describe", "enlarge", "render_pdf", "render_pdfs",
           "render_all", "render_count", "check_characters", "in_workers"]
