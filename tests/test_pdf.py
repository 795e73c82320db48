"""scripts/printable/pdf.py: HTML to PDF with the local fonts only, a content-hash cache, local files only."""
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from scripts.printable.pdf import (FONT_CSS, FONTS, KEEP_UNUSED, PdfCache, PdfError, PdfTooLong, enlarge, render_count, render_pdf,
                         render_pdfs)

KAZAKH = "Сен жалғыз емессің! ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"


def page(body: str, css: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="kk"><head><meta charset="utf-8"><title>Сынақ</title>'
            f"<style>@page {{ size: A4; }} {css}</style></head><body>{body}</body></html>")


def test_kazakh_text_with_embedded_local_fonts(tmp_path):
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(render_pdf(page(f"<h1>{KAZAKH}</h1><p>{KAZAKH}</p><p><i>{KAZAKH}</i></p>"
                                    f"<h2 style='font-family: \"Print Sans Condensed\"'>{KAZAKH}</h2>"),
                               base_url=tmp_path, cache=None))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert " ".join(KAZAKH.split()) in " ".join(text.split())
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    names = {row.split()[0].split("+")[-1] for row in rows}
    # named after the @font-face families, which no installed font has: no fallback font
    assert names == {"Print-Sans", "Print-Sans-Bold", "Print-Sans-Italic",
                     "Print-Sans-Condensed,-Bold-Semi-Condensed"}
    assert all(row.split()[-4] == "yes" for row in rows)


def test_documents_in_worker_processes_match_those_made_one_by_one(tmp_path):
    """A batch laid out by worker processes (each keeping its fonts from one document to the
    next) gives the same files as each document laid out alone, every font each one uses is
    embedded, and the workers leave no copies of the fonts behind in the temporary folder."""
    import tempfile

    styles = ["", "<b>{}</b>", "<i>{}</i>", "<b>{}</b> <i>{}</i>"]
    documents = {f"d{n}": page(f"<p>{n}: " + styles[n % 4].format(KAZAKH, KAZAKH) + "</p>") for n in range(12)}
    left_before = set(Path(tempfile.gettempdir()).glob("weasyprint-*"))
    together = render_pdfs(documents, base_url=tmp_path, cache=None, workers=2)
    assert set(Path(tempfile.gettempdir()).glob("weasyprint-*")) <= left_before
    for label in ("d0", "d3", "d7"):
        alone = render_pdf(documents[label], base_url=tmp_path, cache=None)
        assert together[label] == alone
        (tmp_path / f"{label}.pdf").write_bytes(together[label])
        rows = subprocess.run(["pdffonts", str(tmp_path / f"{label}.pdf")], capture_output=True, text=True,
                              check=True).stdout.splitlines()[2:]
        expected = {0: {"Print-Sans"}, 3: {"Print-Sans", "Print-Sans-Bold", "Print-Sans-Italic"},
                    7: {"Print-Sans", "Print-Sans-Bold", "Print-Sans-Italic"}}[int(label[1:])]
        assert {row.split()[0].split("+")[-1] for row in rows} == expected


def test_fonts_are_given_by_file_path():
    for path in FONTS.values():
        assert path.is_file() and path.as_uri() in FONT_CSS


def test_cache_hit_returns_the_stored_pdf_without_rendering(tmp_path):
    cache = PdfCache(tmp_path / "cache")
    html = page("<p>Бір</p>")
    first = render_pdf(html, base_url=tmp_path, cache=cache)
    before = render_count()
    again = render_pdf(html, base_url=tmp_path, cache=PdfCache(tmp_path / "cache"))
    assert again == first and render_count() == before
    other = render_pdf(html, base_url=tmp_path, cache=cache, stylesheets=["p { font-weight: bold; }"])
    assert other != first and cache.renders == 2
    # prune keeps what this cache object used, and what another build used within KEEP_UNUSED
    # (a build of other data the same day: the tests' fixtures, the benchmark's corpus)
    fresh = PdfCache(tmp_path / "cache")
    render_pdf(html, base_url=tmp_path, cache=fresh)
    assert fresh.prune() == 0 and len(list((tmp_path / "cache").glob("*.pdf"))) == 2
    # … and drops an entry nobody used for longer
    old = time.time() - KEEP_UNUSED - 60
    for path in (tmp_path / "cache").iterdir():
        os.utime(path, (old, old))
    assert fresh.prune() == 1 and len(list((tmp_path / "cache").glob("*.pdf"))) == 1
    # the entry this build used was marked as used now: the next prune keeps it whatever its age was
    assert all(time.time() - path.stat().st_mtime < 60 for path in (tmp_path / "cache").iterdir())


def test_a_changed_image_file_is_rendered_again(tmp_path):
    from PIL import Image

    Image.new("L", (10, 10), 0).save(tmp_path / "pic.png")
    cache = PdfCache(tmp_path / "cache")
    html = page('<img src="pic.png" alt="сурет">')
    first = render_pdf(html, base_url=tmp_path, cache=cache)
    render_pdf(html, base_url=tmp_path, cache=cache)
    assert (cache.renders, cache.hits) == (1, 1)
    Image.new("L", (20, 20), 0).save(tmp_path / "pic.png")
    assert render_pdf(html, base_url=tmp_path, cache=cache) != first and cache.renders == 2


@pytest.mark.parametrize("body, message", [
    ('<img src="https://example.com/logo.png" alt="">', "only use local files"),
    ('<img src="missing.png" alt="">', "does not exist"),
    ("<p>中文</p>", "no glyph for '中' (U+4E2D)"),
    ('<p style="color: nonsense(">x</p>', "WeasyPrint reported"),
])
def test_problems_stop_the_render_with_a_plain_message(tmp_path, body, message):
    with pytest.raises(PdfError, match=re.escape(message)):
        render_pdf(page(body), base_url=tmp_path, cache=None)


PINNED_PAGE = ("<style>@page {{ size: A6; margin: 10mm; }} .sheet {{ position: relative; height: 128mm; }}"
               " .foot {{ position: absolute; left: 0; right: 0; bottom: 0; height: 40mm; }}</style>"
               '<div class="sheet"><p>{text}</p><div id="flow-end"></div>'
               '<div class="foot" id="pinned">111</div></div>')


def test_a_text_that_runs_into_the_part_pinned_to_the_foot_is_refused(tmp_path):
    """A layout with a part pinned to the foot of the page (ids flow-end and pinned) renders while
    the text fits above it, and is refused, saying by how much, when the text runs into it."""
    short = PINNED_PAGE.format(text="Сен жалғыз емессің! " * 5)
    assert render_pdf(page(short), base_url=tmp_path, cache=None).startswith(b"%PDF-")
    overlapping = PINNED_PAGE.format(text="Сен жалғыз емессің! " * 30)  # a little more than fits above
    with pytest.raises(PdfTooLong, match=r"the text is too long for the page: it runs \d+ mm into the part"):
        render_pdf(page(overlapping), base_url=tmp_path, cache=None)
    long = PINNED_PAGE.format(text="Сен жалғыз емессің! " * 200)
    with pytest.raises(PdfTooLong, match=r"the text is too long for the page: it takes 6 pages instead of one"):
        render_pdf(page(long), base_url=tmp_path, cache=None)


def test_enlarge_keeps_text_fonts_tags_and_links_at_the_larger_size(tmp_path):
    """A4 enlarged to A3: every length times √2, the same text in the same embedded fonts, the
    tags (for screen readers) and the links kept, the new title set; other proportions refused."""
    from io import BytesIO

    from pypdf import PdfReader

    a4 = render_pdf(page(f'<p>{KAZAKH}</p><p><a href="https://example.test/">111</a></p>'),
                    base_url=tmp_path, cache=None)
    a3 = enlarge(a4, 841.89, 1190.55, title="Сынақ — A3")
    small, large = PdfReader(BytesIO(a4)), PdfReader(BytesIO(a3))
    assert [round(float(x)) for x in large.pages[0].mediabox] == [0, 0, 842, 1191]
    assert large.metadata.title == "Сынақ — A3"
    assert "/StructTreeRoot" in large.trailer["/Root"]
    texts = []
    for name, content in (("a4", a4), ("a3", a3)):
        (tmp_path / f"{name}.pdf").write_bytes(content)
        texts.append(subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True,
                                    text=True, check=True).stdout)
    assert texts[0] == texts[1] and " ".join(KAZAKH.split()) in " ".join(texts[1].split())
    link = lambda reader: [float(v) for v in reader.pages[0]["/Annots"][0].get_object()["/Rect"]]  # noqa: E731
    factor = float(large.pages[0].mediabox.width) / float(small.pages[0].mediabox.width)
    assert factor == pytest.approx(2 ** 0.5, abs=1e-3)
    assert [v * factor for v in link(small)] == pytest.approx(link(large), abs=0.05)
    with pytest.raises(PdfError, match="proportions differ"):
        enlarge(a4, 841.89, 841.89, title="square")
