"""Share images: for every campaign and language, the picture a messenger or a social network
shows with a link to its page, and that schools post on their own accounts.

    {lang}/campaigns/{slug}/share-1200x630.png     Open Graph / Twitter card (og:image)
    {lang}/campaigns/{slug}/share-1080x1080.png    square, for posts

Each shows the campaign's name and slogan in the image's language (the official original as a
second line where it differs), its dates and the 111 line. They are made like the posters:
a Jinja HTML template (templates/share.html.j2) laid out by WeasyPrint with the posters' fonts
(scripts/printable/pdf.py: Print Sans, so every Kazakh letter is printed and none falls back to a
machine's font) into a one-page PDF, cached by content hash, which pypdfium2 (PDFium) then
rasterises at the image's size (in the PDF workers' processes, in parallel). The PNG is cached
too, by the hash of its PDF: a second build with the same data lays out and rasterises nothing.

The 111 line is pinned to the foot of the image; when the name and slogan do not fit above it,
they are set in smaller type (TEXT_SIZES), and when they do not fit even in the smallest the
build stops, naming the image (campaign and language) and what to shorten. Nothing is cut.
The same texts must also fit a phone's first screen (the campaign page's heading and slogan):
FIRST_SCREEN_CHARS bounds them, with the same kind of message.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from markupsafe import Markup

from ..errors import BuildFailed
from ..sources.model import LANGUAGES, Campaign, Data
from ..pages import render
from ..pages.paths import SIZES, Size, share_path
from ..pages.templating import TEMPLATES
from .pdf import PdfCache, in_workers, prune_folder, render_all

ROOT = Path(__file__).resolve().parents[2]
CACHE_FORMAT = 1  # of the PNG cache; bump when the rasterising changes


# The sizes of the name and slogan, largest first, tried in turn until they fit.
TEXT_SIZES = (1.0, 0.85, 0.72, 0.6, 0.5)
# A phone (390 × 844) shows the campaign page's heading (name, original) and slogan (and its
# original) with the status, the dates, where and the three links on its first screen when the
# four texts together have at most this many characters (measured in Chromium with the seed
# campaigns: the longest, the road map's English name, 140 characters, takes 6 of the about
# 17 lines there is room for).
FIRST_SCREEN_CHARS = 320

TOO_LONG = ("a share image prints the campaign's name and motto (each with its original where it differs)"
            " in its language, even in the smallest type: shorten them in campaigns.yml")


def share_html(data: Data, campaign: Campaign, lang: str, size: Size, text: float = TEXT_SIZES[0]) -> str:
    return render._render("share.html.j2", render.Context(data, lang, depth=0), campaign=campaign, size=size,
                          text=text, css=Markup((TEMPLATES / "print.css").read_text(encoding="utf-8")))


def first_screen_problems(data: Data) -> list[str]:
    """Campaigns whose name and slogan would not fit a phone's first screen, per language."""
    problems = []
    for campaign in data.campaigns:
        for lang in LANGUAGES:
            name, motto = render.campaign_name(campaign, lang), render.campaign_motto(campaign, lang)
            texts = [name.text, name.original or ""] + ([motto.text, motto.original or ""] if motto else [])
            length = sum(len(t) for t in texts)
            if length > FIRST_SCREEN_CHARS:
                problems.append(
                    f"campaigns[{campaign.slug}] ({lang}): the name and motto with their originals have {length}"
                    f" characters; a phone's first screen shows at most {FIRST_SCREEN_CHARS}: shorten them in"
                    f" campaigns.yml")
    return problems


def rasterise(pdf: bytes, size: Size) -> bytes:
    """The first page of a one-page PDF as a PNG of exactly ``size`` pixels (PDFium)."""
    # pypdfium2: imported only when a share image is rasterised (the cache usually has it)
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = size.width / page.get_width()
        bitmap = page.render(scale=scale, draw_annots=False)
        image = bitmap.to_pil()
        if image.size != (size.width, size.height):
            image = image.resize((size.width, size.height))
        out = io.BytesIO()
        image.convert("RGB").quantize(colors=64).save(out, format="PNG")
        return out.getvalue()
    finally:
        document.close()


def _rasterise_job(job: tuple[bytes, Size]) -> bytes:
    return rasterise(*job)


class PngCache:
    """PNGs by the hash of their PDF and size, next to the PDF cache; ``renders`` counts new ones."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.renders = 0
        self.used: set[str] = set()

    def _path(self, pdf: bytes, size: Size) -> Path:
        key = hashlib.sha256(f"{CACHE_FORMAT}:{size.key}:".encode() + pdf).hexdigest()
        self.used.add(key)
        return self.directory / f"{key}.png"

    def get_all(self, wanted: list[tuple[bytes, Size]]) -> list[bytes]:
        """The PNG of each (PDF, size): from the cache, the others rasterised in parallel
        (pdf.in_workers) and kept."""
        paths = [self._path(pdf, size) for pdf, size in wanted]
        missing = [i for i, path in enumerate(paths) if not path.is_file()]
        made = dict(zip(missing, in_workers(_rasterise_job, [wanted[i] for i in missing])))
        out = []
        for i, path in enumerate(paths):
            if i in made:
                self.renders += 1
                self.directory.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(made[i])
                tmp.replace(path)
                out.append(made[i])
            else:
                out.append(path.read_bytes())
        return out

    def prune(self) -> None:
        prune_folder(self.directory, self.used, (".png",))


def outputs(data: Data, ctx) -> dict[str, bytes]:
    """Every share image: path below docs/ -> PNG bytes."""
    problems = first_screen_problems(data)
    if problems:
        raise BuildFailed("\n".join(problems))
    documents: dict[str, str] = {}
    made: dict[str, tuple[Campaign, str, Size]] = {}
    for lang in LANGUAGES:
        for campaign in data.campaigns:
            for size in SIZES:
                path = share_path(lang, campaign.slug, size)
                documents[path] = share_html(data, campaign, lang, size)
                made[path] = (campaign, lang, size)
    pdf_cache = PdfCache(ctx.cache_dir / "pdf" / "share")

    def smaller(path: str, attempt: int) -> str | None:
        if attempt >= len(TEXT_SIZES):
            return None
        campaign, lang, size = made[path]
        return share_html(data, campaign, lang, size, text=TEXT_SIZES[attempt])

    pdfs = render_all(documents, pdf_cache, too_long=TOO_LONG, refit=smaller)
    png_cache = PngCache(ctx.cache_dir / "share")
    out = dict(zip(pdfs, png_cache.get_all([(pdf, made[path][2]) for path, pdf in pdfs.items()])))
    pdf_cache.prune()
    png_cache.prune()
    outputs.last = (pdf_cache, png_cache)  # for tests and the benchmark: what this build laid out
    return out
