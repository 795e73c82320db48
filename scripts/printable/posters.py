"""Printable stand materials: A4 and A3 posters for every campaign and language, and the
school stand kit (seed 002), as PDFs rendered from Jinja HTML templates (WeasyPrint).

    {lang}/campaigns/{slug}/poster-a4.pdf, poster-a3.pdf   every campaign
    {lang}/campaigns/{kit}/stand-kit.pdf                     stand_kit.campaign in campaigns.yml

Each poster carries a QR code (segno, drawn as vector SVG) with the absolute URL of the
campaign's page in the same language. When ``contacts.telegram.url`` is set, that official
chat QR is printed on posters too, labelled and framed differently (not on the stand kit:
seed 002's list of what the stand holds has no chat). Logos and photos are never made up:
the stand kit prints the image files editors give in ``stand_kit``, or else a framed,
labelled place where the school mounts the printed official material.

The poster is laid out on A4; A3 is that PDF enlarged by the square root of 2 (every size of
the layout is in rem, so that is what laying it out on A3 would give). The lower part (the 111
line, the Ombudsman, the QR codes) is pinned to the foot of the page; when the campaign's own
texts do not fit above it, they are set in smaller type (TEXT_SIZES), and a poster whose texts
do not fit even in the smallest stops the build, saying what to shorten.

Unchanged documents are not rendered again (scripts/printable/pdf.py caches by content hash).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import segno
from markupsafe import Markup

from ..sources.model import LANGUAGES, Campaign, Data
from ..pages import render
from ..pages.paths import absolute_url, campaign_path
from ..pages.templating import TEMPLATES
from .pdf import PdfCache, enlarge, render_all

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Paper:
    key: str  # in the file name: poster-a4.pdf
    name: str  # as printed: A4
    width_mm: int
    height_mm: int

    @property
    def scale(self) -> float:
        """Sizes grow with the paper: A3 is A4 enlarged by the square root of 2."""
        return self.width_mm / 210

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width_mm * 72 / 25.4, self.height_mm * 72 / 25.4


PAPERS = (Paper("a4", "A4", 210, 297), Paper("a3", "A3", 297, 420))
# The paper posters are laid out on; the larger ones are that PDF enlarged (pdf.enlarge), which
# is what the layout's sizes in rem make them anyway, without laying the poster out again.
BASE_PAPER = PAPERS[0]
# The sizes of a poster's own texts (name, motto, their originals, summary), largest first: when they
# do not fit above the 111 line at one size, the poster is laid out again at the next.
TEXT_SIZES = (1.0, 0.85, 0.72, 0.6)


def poster_path(lang: str, slug: str, paper: Paper) -> str:
    return f"{lang}/{campaign_path(slug)}poster-{paper.key}.pdf"


def stand_kit_path(lang: str, slug: str) -> str:
    return f"{lang}/{campaign_path(slug)}stand-kit.pdf"


def campaign_url(data: Data, lang: str, slug: str) -> str:
    """What a poster's QR code opens: the campaign's page in the poster's language."""
    return absolute_url(data, lang, campaign_path(slug))


def qr_svg(url: str) -> Markup:
    """A QR code as inline SVG (vector: sharp at any print size), black on white.

    Error correction M with the quiet zone of 4 modules the standard asks for; the
    size is set by CSS."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return Markup(code.svg_inline(omitsize=True, border=4, dark="#000", light="#fff"))


def _help(data: Data, lang: str) -> dict:
    h = data.contacts.hotline
    return {"facts": [h.cost[lang], h.confidentiality[lang], h.hours[lang]]}


def _official_qr(data: Data) -> Markup | None:
    url = data.contacts.telegram.url
    return qr_svg(url) if url else None


def poster_title(data: Data, campaign: Campaign, lang: str, paper: Paper) -> str:
    """The PDF's title: the campaign's name, the kind of document and the paper."""
    ctx = render.Context(data, lang, depth=0)
    return f"{ctx.name(campaign).text} — {ctx.t('download.kind.poster')} {paper.name}"


def poster_html(data: Data, campaign: Campaign, lang: str, paper: Paper, text: float = TEXT_SIZES[0]) -> str:
    url = campaign_url(data, lang, campaign.slug)
    return render._render(
        "poster.html.j2", render.Context(data, lang, depth=0), title=poster_title(data, campaign, lang, paper), text=text,
        campaign=campaign, paper=paper, url=url, qr=qr_svg(url), official_qr=_official_qr(data),
        help=_help(data, lang), css=_css("print.css"),
    )


def stand_kit_html(data: Data, campaign: Campaign, lang: str) -> str:
    url = campaign_url(data, lang, campaign.slug)
    kit = data.stand_kit
    return render._render(
        "stand-kit.html.j2", render.Context(data, lang, depth=0),
        campaign=campaign, kit=kit, paper=PAPERS[0], url=url, qr=qr_svg(url),
        help=_help(data, lang), css=_css("print.css"), css_string=css_string,
    )


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return Markup(f'"{escaped}"')


def _css(name: str) -> str:
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))  # our own file, not data


def outputs(data: Data, ctx) -> dict[str, bytes]:
    """Every poster and stand kit: path below docs/ -> PDF bytes."""
    documents: dict[str, str] = {}
    posters: dict[str, tuple[Campaign, str]] = {}
    for lang in LANGUAGES:
        for campaign in data.campaigns:
            path = poster_path(lang, campaign.slug, BASE_PAPER)
            documents[path] = poster_html(data, campaign, lang, BASE_PAPER)
            posters[path] = (campaign, lang)
        if data.stand_kit is not None:
            campaign = next(c for c in data.campaigns if c.slug == data.stand_kit.campaign)
            documents[stand_kit_path(lang, campaign.slug)] = stand_kit_html(data, campaign, lang)
    cache = PdfCache(ctx.cache_dir / "pdf" / "posters")

    def smaller(path: str, attempt: int) -> str | None:
        """A poster whose texts did not fit, in the next smaller size; None for the kit."""
        if path not in posters or attempt >= len(TEXT_SIZES):
            return None
        campaign, lang = posters[path]
        return poster_html(data, campaign, lang, BASE_PAPER, text=TEXT_SIZES[attempt])

    out = render_all(documents, cache, refit=smaller,
                     too_long="a poster prints the campaign's name, motto (each with its original where it differs)"
                              " and summary in the language of its folder, even in the smallest type: shorten them in"
                              " campaigns.yml")
    for lang in LANGUAGES:
        for campaign in data.campaigns:
            base = out[poster_path(lang, campaign.slug, BASE_PAPER)]
            for paper in PAPERS:
                if paper != BASE_PAPER:
                    out[poster_path(lang, campaign.slug, paper)] = enlarge(
                        base, *paper.size_pt, title=poster_title(data, campaign, lang, paper), cache=cache)
    cache.prune()
    return out


def paper_name(width_pt: float, height_pt: float) -> str | None:
    """A4 or A3 from a page size in points (portrait or landscape), else None."""
    for paper in PAPERS:
        w, h = paper.size_pt
        if math.isclose(min(width_pt, height_pt), w, abs_tol=1) and math.isclose(max(width_pt, height_pt), h, abs_tol=1):
            return paper.name
    return None
