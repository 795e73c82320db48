"""Printable materials: posters (A4, A3) per campaign and language, the stand kit, their QR
codes read back by an independent decoder, the PDF cache across builds, and the lists of
printable files on campaign pages and the materials page.

PDFs are checked as a reader sees them: page size from the PDF, fonts with poppler's
pdffonts, text with pdftotext, QR codes with zxing-cpp on a pdftoppm rendering."""
import io
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfReader

from scripts.printable import posters
from scripts.errors import BuildFailed
from scripts.publish.build import BuildContext
from scripts.sources.languages import t
from scripts.printable.pdf import KEEP_UNUSED, render_count
from scripts.pages.render import campaign_motto, campaign_name
from scripts.sources.validate import InvalidData, load_data

from conftest import FIXTURES, ROOT, crawl

LANGS = {"kk": "", "ru": "ru/", "en": "en/"}
DATA = load_data(ROOT / "campaigns.yml")
PRINTING = FIXTURES / "printing.yml"
MM = 72 / 25.4
SIZES = {"a4": (210, 297), "a3": (297, 420)}
KIT_CAMPAIGN = next(c for c in DATA.campaigns if c.slug == "doverie-111")


def norm(text: str) -> str:
    return " ".join(text.split())


def has(text: str, part: str) -> bool:
    """``part`` is in the PDF's text, whatever the line breaks (pdftotext drops a hyphen
    that ends a line: Северо-|Казахстанской comes out as СевероКазахстанской)."""
    squash = lambda s: re.sub(r"[\s\-\u2010\u2011\u00ad]", "", s)  # noqa: E731
    return squash(part) in squash(text)


def at(text: str, part: str) -> int:
    """Where ``part`` first is in the PDF's text (as ``has`` finds it)."""
    squash = lambda s: re.sub(r"[\s\-\u2010\u2011\u00ad]", "", s)  # noqa: E731
    return squash(text).index(squash(part))


def pdf_text(pdf: Path) -> str:
    return norm(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout)


def pdf_fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def qr_codes(pdf: Path, page: int = 1, dpi: int = 100) -> list[str]:
    png = subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    return sorted(b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
                  if b.format == zxingcpp.BarcodeFormat.QRCode)


def page_mm(pdf: Path) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in PdfReader(pdf).pages]


def site_file(site: Path, url: str) -> Path:
    """The built file a site URL (absolute, on the site's address) is served from."""
    assert url.startswith(DATA.site.url), url
    path = url[len(DATA.site.url):]
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def assert_fonts_embedded(pdf: Path):
    fonts = pdf_fonts(pdf)
    assert fonts, f"{pdf}: no fonts"
    for row in fonts:
        # name type encoding emb sub uni object ID: the 'emb' column is the 4th from the end
        assert row[-4] == "yes", f"{pdf}: font {row[0]} is not embedded"
        # named after the @font-face families of scripts/printable/pdf.py, which no installed font has
        assert row[0].split("+")[-1].startswith("Print-Sans"), f"{pdf}: font {row[0]} is not one of the local fonts"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", [c.slug for c in DATA.campaigns])
def test_posters_for_every_campaign_and_language(built_site, slug, lang):
    campaign = next(c for c in DATA.campaigns if c.slug == slug)
    url = DATA.site.url + LANGS[lang] + f"campaigns/{slug}/"
    for key, (w, h) in SIZES.items():
        pdf = built_site / LANGS[lang] / "campaigns" / slug / f"poster-{key}.pdf"
        assert pdf.is_file(), pdf
        assert page_mm(pdf) == [(w, h)], f"{pdf} is not one {key.upper()} page"
        assert_fonts_embedded(pdf)
        text = pdf_text(pdf)
        # the name and motto in the poster's language lead; the official original follows where it differs
        for named in (campaign_name(campaign, lang), campaign_motto(campaign, lang)):
            if named is None:
                continue
            assert has(text, named.text), f"{pdf}: {named.text!r} missing"
            if named.original:
                assert has(text, named.original), f"{pdf}: the original {named.original!r} missing"
                assert at(text, named.text) < at(text, named.original), f"{pdf}: the original comes first"
        assert re.search(r"(?<!\d)111(?!\d)", text)
        # in that language: the poster's own words come from i18n/<lang>.yml
        assert has(text, t(lang, "help.bar.call", number="111"))
        assert has(text, DATA.contacts.hotline.cost[lang]) and has(text, DATA.contacts.ombudsman.email)
        # immediate danger first: the emergency number, when campaigns.yml gives one, above the 111 line
        if DATA.contacts.emergency:
            danger = t(lang, "help.danger.lead")
            assert has(text, danger) and has(text, DATA.contacts.emergency.name[lang]), f"{pdf}: no 112 line"
            assert at(text, danger) < at(text, t(lang, "help.bar.call", number="111")), f"{pdf}: 112 after 111"
        # the QR code opens this campaign's page in the same language, and that page exists
        assert qr_codes(pdf, dpi=100 if key == "a4" else 72) == [url]
        assert site_file(built_site, url).is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_stand_kit(built_site, lang):
    pdf = built_site / LANGS[lang] / "campaigns" / "doverie-111" / "stand-kit.pdf"
    assert page_mm(pdf) == [(210, 297)] * 4  # the four sheets seed 002 lists, A4
    assert_fonts_embedded(pdf)
    text = pdf_text(pdf)
    h, o = DATA.contacts.hotline, DATA.contacts.ombudsman
    for part in (o.email, norm(o.name[lang]), norm(h.name[lang]), "111",
                 t(lang, "stand.principle.confidential"), t(lang, "stand.principle.accessible"),
                 t(lang, "stand.principle.free"), campaign_motto(KIT_CAMPAIGN, lang).text):
        assert has(text, part), part
    # the seeds give no logos or photos: framed places say where to mount them
    for key in ("stand.place.ombudsman_logo", "stand.place.hotline_logo", "stand.place.photo"):
        assert has(text, t(lang, key))
    # seed 002's stand holds no chat: the kit neither names it nor keeps a place for its code
    assert not has(text, DATA.contacts.telegram.name[lang])
    url = DATA.site.url + LANGS[lang] + "campaigns/doverie-111/"
    assert qr_codes(pdf, page=2) == [url]


def _outputs(data, cache_dir: Path) -> tuple[dict, int]:
    before = render_count()
    out = posters.outputs(data, BuildContext(root=ROOT, cache_dir=cache_dir))
    return out, render_count() - before


@pytest.fixture(scope="module")
def printing(tmp_path_factory):
    """The printing fixture rendered once into a fresh cache: (data, cache dir, outputs, renders)."""
    data = load_data(PRINTING)
    cache = tmp_path_factory.mktemp("pdf-cache")
    out, renders = _outputs(data, cache)
    return data, cache, out, renders


def test_official_qr_and_editor_images(printing, tmp_path):
    data, _, out, _ = printing
    official = data.contacts.telegram.url
    for lang in LANGS:
        pdf = tmp_path / f"poster-{lang}.pdf"
        pdf.write_bytes(out[f"{lang}/campaigns/first-campaign/poster-a4.pdf"])
        campaign_url = data.site.url + LANGS[lang] + "campaigns/first-campaign/"
        assert qr_codes(pdf) == sorted([campaign_url, official])
        text = pdf_text(pdf)
        assert has(text, t(lang, "poster.official_qr")) and has(text, data.contacts.telegram.name[lang])
        kit = tmp_path / f"kit-{lang}.pdf"
        kit.write_bytes(out[f"{lang}/campaigns/first-campaign/stand-kit.pdf"])
        assert qr_codes(kit, page=2) == [campaign_url]  # the stand holds no chat (seed 002)
        text = pdf_text(kit)
        # the given logo is printed with its caption; the missing ones keep their places
        assert has(text, data.stand_kit.ombudsman_logo.caption[lang])
        assert not has(text, t(lang, "stand.place.ombudsman_logo"))
        assert has(text, t(lang, "stand.place.hotline_logo"))
        images = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", str(kit)],
                                capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert len(images) == 1


def test_cache_renders_only_what_changed(printing, tmp_path):
    data, shared, first, renders = printing
    assert len(first) == 3 * (2 * 2 + 1)  # 3 languages × (2 campaigns × 2 papers + the kit)
    assert renders == 3 * (2 + 1)  # laid out: the A4 posters and the kit; the A3 posters are the A4 ones enlarged
    cache = tmp_path / "cache"
    shutil.copytree(shared, cache)
    second, renders = _outputs(data, cache)
    assert renders == 0 and second == first
    # change one campaign (not the kit's): only its 3 A4 posters are laid out again (and enlarged)
    campaigns = list(data.campaigns)
    campaigns[1] = campaigns[1].model_copy(update={"summary": campaigns[0].summary})
    changed = data.model_copy(update={"campaigns": campaigns})
    third, renders = _outputs(changed, cache)
    assert renders == 3
    assert {p for p in third if third[p] != first[p]} == {
        f"{lang}/campaigns/second-campaign/poster-{k}.pdf" for lang in LANGS for k in SIZES}
    # the changed campaign's old posters stay while another build may still use them (KEEP_UNUSED) …
    assert len(list(cache.rglob("*.pdf"))) == 3 * (2 * 2 + 1) + 3 * 2
    # … and go once no build has used them for longer (the cache keeps the A4 posters, the kits and the A3 posters)
    old = time.time() - KEEP_UNUSED - 60
    for path in cache.rglob("*"):
        os.utime(path, (old, old))
    _, renders = _outputs(changed, cache)
    assert renders == 0 and len(list(cache.rglob("*.pdf"))) == 3 * (2 * 2 + 1)


def test_replaced_image_renders_the_kit_again(printing, tmp_path):
    data, shared, _, _ = printing
    logo = tmp_path / "logo.png"
    logo.write_bytes((FIXTURES / "materials" / "test-logo.png").read_bytes())
    # an absolute path here (editors give paths from the repository root; the check is the same)
    kit = data.stand_kit.model_copy(update={"ombudsman_logo": data.stand_kit.ombudsman_logo.model_copy(
        update={"file": str(logo)})})
    data = data.model_copy(update={"stand_kit": kit})
    cache = tmp_path / "cache"
    shutil.copytree(shared, cache)
    _, renders = _outputs(data, cache)
    assert renders == 3  # the kits: the HTML names another file; the posters are unchanged
    _, renders = _outputs(data, cache)
    assert renders == 0
    Image.new("L", (40, 40), 0).save(logo)  # same name, new picture
    _, renders = _outputs(data, cache)
    assert renders == 3


def _with_summary_times(data, times: int):
    campaigns = list(data.campaigns)
    summary = campaigns[0].summary
    long = summary.model_copy(update={lang: " ".join([summary[lang]] * times) for lang in LANGS})
    campaigns[0] = campaigns[0].model_copy(update={"summary": long})
    return data.model_copy(update={"campaigns": campaigns})


def test_a_long_summary_is_set_in_smaller_type_and_the_cache_remembers(printing, tmp_path):
    """The lower part of a poster (the 111 line, the Ombudsman, the QR code) is pinned to the
    foot of the page. Texts that do not fit above it at full size are set smaller, on one page;
    the next build takes the size that fits from the cache without trying the others."""
    data = _with_summary_times(printing[0], 40)
    out, renders = _outputs(data, tmp_path / "cache")
    summary = data.campaigns[0].summary
    for lang in LANGS:
        for key, size in SIZES.items():
            pdf = tmp_path / f"{lang}-{key}.pdf"
            pdf.write_bytes(out[f"{lang}/campaigns/first-campaign/poster-{key}.pdf"])
            assert page_mm(pdf) == [size]
            assert has(pdf_text(pdf), summary[lang])
    assert renders > 3 * (2 + 1)  # the first campaign's posters were laid out more than once
    again, renders = _outputs(data, tmp_path / "cache")
    assert renders == 0 and again == out


def test_a_summary_too_long_for_the_poster_stops_the_build_and_says_what_to_shorten(printing, tmp_path):
    """Texts that do not fit even in the smallest type are not printed over the 111 line."""
    with pytest.raises(BuildFailed) as exc:
        _outputs(_with_summary_times(printing[0], 150), tmp_path / "cache")
    message = str(exc.value)
    assert re.match(r"(kk|ru|en)/campaigns/first-campaign/poster-a4\.pdf: the text is too long for the page", message)
    assert "name, motto" in message and "summary" in message and "campaigns.yml" in message


def test_stand_kit_problems_are_reported_with_lines(tmp_path):
    bad = tmp_path / "bad.yml"
    text = PRINTING.read_text(encoding="utf-8")
    bad.write_text(text.replace("campaign: first-campaign", "campaign: no-such-campaign")
                   .replace("test-logo.png", "missing-logo.png"), encoding="utf-8")
    with pytest.raises(InvalidData) as exc:
        load_data(bad)
    shown = [str(p) for p in exc.value.problems]
    lines = text.splitlines()
    kit_line = lines.index("  campaign: first-campaign") + 1
    file_line = next(i for i, ln in enumerate(lines, 1) if "test-logo.png" in ln)
    assert any(s.startswith(f"{bad}:{kit_line}:") and "stand_kit.campaign" in s and "no-such-campaign" in s for s in shown)
    assert any(s.startswith(f"{bad}:{file_line}:") and "stand_kit.ombudsman_logo.file" in s and "does not exist" in s
               for s in shown)


def _download_rows(soup: BeautifulSoup) -> list:
    """The rows of printed files (PDF); the share images' rows are checked in test_shareimages.py."""
    return [row for row in soup.select("tr.download") if row.select_one('a[type="application/pdf"]')]


@pytest.mark.parametrize("lang", LANGS)
def test_campaign_pages_list_their_printable_files(built_site, lang):
    for campaign in DATA.campaigns:
        page = built_site / LANGS[lang] / "campaigns" / campaign.slug / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        rows = _download_rows(soup)
        expected = 3 * 2 + (3 if campaign.slug == "doverie-111" else 0)
        assert len(rows) == expected, campaign.slug
        for row in rows:
            link = row.select_one("a")
            target = (page.parent / link["href"]).resolve()
            assert target.is_file(), link["href"]
            cells = [td.get_text(strip=True) for td in row.select("td")]
            other = link["hreflang"]
            assert cells[1] == t(other, "language_name")
            assert cells[2] == {"a4": "A4", "a3": "A3"}.get(target.stem[-2:], "A4")
            size_kb = target.stat().st_size / 1024
            number = float(re.sub(r"[^\d,.]", "", cells[3]).replace(",", "."))
            assert abs(number - size_kb) <= 1, (cells[3], size_kb)
        # the page's own language first
        assert rows[0].select_one("a")["hreflang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_materials_page_lists_every_printable_file(built_site, lang):
    """The materials page and its year pages (below materials/, linked from it) together list
    every PDF of the site, and nothing else; every link on them opens a file."""
    page_url = LANGS[lang] + "materials/"
    visited, _, broken = crawl(built_site, page_url, page_url)
    assert not broken, f"links that open nothing: {broken}"
    assert any(v.startswith(page_url + "year/") for v in visited), "the materials page links no year page"
    linked = set()
    for url in visited:
        listing = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        linked |= {(built_site / url / a["href"]).resolve() for a in listing.select("tr.download a[href]")}
    every = {p.resolve() for p in built_site.rglob("*.pdf")}
    every |= {p.resolve() for p in built_site.rglob("share-*.png")}  # the share images (test_shareimages.py)
    page = built_site / page_url / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    campaign_pdfs = {p for p in every if p.suffix == ".pdf" and p.parent.parent.name == "campaigns"}  # other features add PDFs too
    assert linked == every and len(campaign_pdfs) == 3 * (2 * len(DATA.campaigns) + 1)
    nav = soup.select_one(".md-nav")
    assert t(lang, "nav.materials") in nav.get_text()
