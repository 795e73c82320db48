"""Share cards: Open Graph and Twitter tags on every page, and the campaigns' share images
(scripts/printable/shareimages.py): their sizes, their fonts and letters, their cache, and the build's
message when a name or slogan is too long for them or for a phone's first screen."""
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from scripts.pages import paths

from scripts.printable import shareimages
from scripts.errors import BuildFailed
from scripts.publish.build import BuildContext
from scripts.sources.languages import SETTINGS
from scripts.printable.pdf import render_pdf
from scripts.pages.render import campaign_motto, campaign_name
from scripts.sources.validate import load_data

from conftest import FIXTURES, ROOT, crawl, site_pages

DATA = load_data(ROOT / "campaigns.yml")
PRINTING = FIXTURES / "printing.yml"
LANGS = list(SETTINGS)
KAZAKH_LETTERS = "әғқңөұүһі ӘҒҚҢӨҰҮҺІ"


def lang_of(site, page) -> str:
    rel = page.relative_to(site).as_posix()
    return next((lang for lang in LANGS if SETTINGS[lang].prefix and rel.startswith(SETTINGS[lang].prefix)),
                next(lang for lang in LANGS if not SETTINGS[lang].prefix))


def test_every_page_has_open_graph_and_twitter_tags(built_site):
    problems = []
    pages = site_pages(built_site)
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if page.name == "404.html":
            continue  # an answer to a wrong address, with no address of its own to share
        og = {}
        for meta in soup.select('meta[property^="og:"]'):
            og.setdefault(meta["property"], []).append(meta.get("content", ""))
        tw = {meta["name"]: meta.get("content", "") for meta in soup.select('meta[name^="twitter:"]')}
        rel = page.relative_to(built_site).as_posix()
        lang = soup.html.get("lang")
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale"):
            if not og.get(key) or not og[key][0].strip():
                problems.append(f"{rel}: no {key}")
        if lang in SETTINGS:
            assert og.get("og:locale") == [SETTINGS[lang].og_locale], rel
            assert sorted(og.get("og:locale:alternate", [])) == sorted(
                SETTINGS[other].og_locale for other in LANGS if other != lang), rel
        if og.get("og:url") and not og["og:url"][0].startswith(DATA.site.url):
            problems.append(f"{rel}: og:url {og['og:url'][0]} is not an address of the site")
        for key in ("twitter:card", "twitter:title", "twitter:description"):
            if not tw.get(key):
                problems.append(f"{rel}: no {key}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("lang", LANGS)
def test_every_campaign_page_shares_its_own_image(built_site, lang):
    for campaign in DATA.campaigns:
        page = built_site / SETTINGS[lang].prefix / "campaigns" / campaign.slug / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        image = soup.select_one('meta[property="og:image"]')["content"]
        assert image == paths.share_url(DATA, lang, campaign.slug)
        assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
        assert soup.select_one('meta[name="twitter:image"]')["content"] == image
        file = built_site / image[len(DATA.site.url):]
        assert file.is_file(), image
        width, height = (soup.select_one(f'meta[property="og:image:{k}"]')["content"] for k in ("width", "height"))
        assert Image.open(file).size == (int(width), int(height)) == (1200, 630)
        alt = soup.select_one('meta[property="og:image:alt"]')["content"]
        assert campaign_name(campaign, lang).text in alt


@pytest.mark.parametrize("lang", LANGS)
def test_share_images_of_every_campaign_at_their_sizes_and_listed(built_site, lang):
    page_url = SETTINGS[lang].prefix + "materials/"
    _, targets, broken = crawl(built_site, page_url, page_url)
    assert not broken
    for campaign in DATA.campaigns:
        for size in paths.SIZES:
            file = built_site / paths.share_path(lang, campaign.slug, size).replace(f"{lang}/", SETTINGS[lang].prefix, 1)
            assert file.is_file(), file
            image = Image.open(file)
            assert image.format == "PNG" and image.size == (size.width, size.height)
            colours = image.convert("RGB").getcolors(maxcolors=4096)
            assert colours is None or len(colours) > 8, f"{file} is nearly blank"
            assert file.resolve() in targets, f"{file} is not listed on the materials pages"
        # and on the campaign's own page, with the printable files
        page = built_site / SETTINGS[lang].prefix / "campaigns" / campaign.slug / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        listed = {a["href"] for a in soup.select('tr.download a[type="image/png"]')}
        assert {f"share-{s.key}.png" for s in paths.SIZES} <= listed


def test_kazakh_letters_are_drawn_with_the_posters_fonts(tmp_path):
    """Every Kazakh letter is in the image's text, printed with the embedded posters' fonts
    (scripts/printable/pdf.py refuses a character they lack), and the picture is not blank."""
    data = load_data(PRINTING)
    campaign = data.campaigns[0]
    name = campaign.name.model_copy(update={"kk": f"Сынақ {KAZAKH_LETTERS}"})
    data = data.model_copy(update={"campaigns": [campaign.model_copy(update={"name": name})]})
    html = shareimages.share_html(data, data.campaigns[0], "kk", paths.WIDE)
    pdf = tmp_path / "share.pdf"
    pdf.write_bytes(render_pdf(html, base_url=ROOT, cache=None))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert all(letter in text for letter in KAZAKH_LETTERS.replace(" ", ""))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(row.split()[0].split("+")[-1].startswith("Print-Sans") for row in fonts)
    png = tmp_path / "share.png"
    png.write_bytes(shareimages.rasterise(pdf.read_bytes(), paths.WIDE))
    assert Image.open(png).size == (1200, 630)


def test_share_images_are_made_once_per_content(tmp_path):
    """A second build with the same data lays out no share image and rasterises none."""
    data = load_data(PRINTING)
    ctx = BuildContext(root=ROOT, cache_dir=tmp_path / "cache")
    first = shareimages.outputs(data, ctx)
    pdf_cache, png_cache = shareimages.outputs.last
    expected = len(data.campaigns) * len(LANGS) * len(paths.SIZES)
    assert len(first) == expected and pdf_cache.renders >= expected and png_cache.renders == expected
    again = shareimages.outputs(data, ctx)
    pdf_cache, png_cache = shareimages.outputs.last
    assert again == first
    assert pdf_cache.renders == 0 and png_cache.renders == 0 and pdf_cache.hits == expected


def _with_motto(data, lang: str, text: str):
    campaign = data.campaigns[0]
    motto = campaign.motto.model_copy(update={lang: text})
    return data.model_copy(update={"campaigns": [campaign.model_copy(update={"motto": motto}), *data.campaigns[1:]]})


def test_a_slogan_too_long_for_the_share_card_stops_the_build(tmp_path, monkeypatch):
    """Nothing is cut: the build names the image (campaign and language) and what to shorten."""
    monkeypatch.setattr(shareimages, "FIRST_SCREEN_CHARS", 100_000)  # the card's own check
    data = _with_motto(load_data(PRINTING), "ru", " ".join(["Очень длинный девиз кампании"] * 40))
    with pytest.raises(BuildFailed) as exc:
        shareimages.outputs(data, BuildContext(root=ROOT, cache_dir=tmp_path / "cache"))
    message = str(exc.value)
    assert re.match(r"ru/campaigns/first-campaign/share-\d+x\d+\.png: the text is too long", message), message
    assert "name and motto" in message and "campaigns.yml" in message


def test_a_name_too_long_for_the_first_screen_stops_the_build(tmp_path):
    """Through the command line, as an editor meets it: exit status 1, the campaign and the
    language named, no traceback, no site."""
    text = PRINTING.read_text(encoding="utf-8")
    long_name = " ".join(["Очень длинное название кампании"] * 12)
    assert len(long_name) > shareimages.FIRST_SCREEN_CHARS
    text = text.replace("name: {kk: Бірінші науқан, ru: Первая кампания, en: First campaign}",
                        f"name: {{kk: Бірінші науқан, ru: {long_name}, en: First campaign}}\n"
                        # a short name for the page titles: the name itself is what is too long here
                        "    short_name: {kk: Бірінші науқан, ru: Первая кампания, en: First campaign}")
    data = tmp_path / "campaigns.yml"
    data.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "scripts", "--data", str(data), "build", "--no-offline",
                           "--site-dir", str(site), "--cache-dir", str(tmp_path / "cache")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "campaigns[first-campaign] (ru)" in proc.stderr and "first screen" in proc.stderr, proc.stderr
    assert not site.exists()
