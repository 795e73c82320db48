"""The offline copy for schools: one zip per language, linked from the site, that works opened
from disk (file://) in headless Chromium: pages, navigation, search and — when the build makes
PDFs — the PDFs, with no request to any other place."""
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from scripts import offline
from scripts.validate import load_data

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"kk": "", "ru": "ru/", "en": "en/"}
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def data():
    return load_data(ROOT / "campaigns.yml")


@pytest.fixture(scope="module")
def bundles(built_site, data, tmp_path_factory):
    """Each language's zip from the built site, unpacked: lang -> its folder."""
    out = {}
    for lang in LANGS:
        zip_file = built_site / offline.zip_site_path(data, lang)
        assert zip_file.is_file(), zip_file
        target = tmp_path_factory.mktemp(f"offline-{lang}")
        with zipfile.ZipFile(zip_file) as zf:
            zf.extractall(target)
        out[lang] = target / offline.bundle_name(data, lang)
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def test_the_download_is_linked_from_the_home_page(built_site, data):
    for lang, prefix in LANGS.items():
        home = BeautifulSoup((built_site / prefix / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert home.select_one('article a[href="offline/"]'), lang
        page = BeautifulSoup((built_site / prefix / "offline" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        link = page.select_one("a[download]")
        assert link["href"] == offline.bundle_name(data, lang) + ".zip"
        assert (built_site / prefix / "offline" / link["href"]).is_file()


def test_each_copy_holds_one_language_with_its_own_search(bundles):
    for lang, folder in bundles.items():
        home = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in home
        assert 'href="campaigns/index.html"' in home  # links a browser can open from a folder
        index = (folder / "search" / "search_index.js").read_text(encoding="utf-8")
        assert index.startswith("var __index = ")
        locations = re.findall(r'"location":"([^"]*)"', index)
        assert locations and not any(loc.startswith(("ru/", "en/")) for loc in locations), lang
        assert not (folder / "search" / "search_index.json").exists()  # the browser reads the .js
        # every page of the language is there
        assert (folder / "campaigns" / "doverie-111" / "index.html").is_file()
        assert (folder / "glossary.html").is_file() and (folder / "help.html").is_file()


def test_no_copy_refers_to_another_host(bundles, data):
    own = re.escape(re.sub(r"^https?://", "", data.site.url).strip("/"))
    pattern = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!%s)([^/"' >]+)""" % own)
    for folder in bundles.values():
        for path in list(folder.rglob("*.html")) + list(folder.rglob("*.js")):
            text = path.read_text(encoding="utf-8", errors="replace")
            hosts = set(pattern.findall(text)) - {"www.gismeteo.kz"}  # the quick-exit target
            assert not hosts, (path, hosts)
            if path.suffix == ".html":  # the offline plugin's CDN copy of the worker shim
                assert "unpkg.com" not in text and "iframe-worker-shim.js" in text, path


def _open(browser, url):
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, requests, errors


@pytest.mark.parametrize("lang", LANGS)
def test_a_copy_opened_from_disk_leads_from_home_to_a_campaign_and_its_pdf(browser, bundles, lang):
    folder = bundles[lang]
    page, requests, errors = _open(browser, (folder / "index.html").as_uri())
    try:
        page.click("article a[href='campaigns/index.html']")
        assert page.url == (folder / "campaigns" / "index.html").as_uri()
        campaign_links = page.locator("article h3 a")
        assert campaign_links.count() >= 1
        page.click("article h3 a >> nth=0")
        assert re.search(r"/campaigns/[a-z0-9-]+/index\.html$", page.url), page.url
        assert page.locator("article h1").inner_text().strip()
        assert page.locator("a[href='tel:111']").count() >= 1
        # the navigation works from disk too: back home through the menu
        home_link = page.locator("nav.md-nav--primary a.md-nav__link[href$='index.html']").first
        assert home_link.get_attribute("href").endswith("index.html")

        pdfs = sorted(folder.rglob("*.pdf"))
        if pdfs:  # asserted only when the build makes PDFs (posters, lessons, stand kit)
            # campaign pages first (posters), then any page (lessons, teachers' hub …)
            candidates = sorted(folder.glob("campaigns/*/index.html")) + sorted(folder.rglob("*.html"))
            found = None
            for candidate in candidates:
                if ".pdf" not in candidate.read_text(encoding="utf-8"):
                    continue
                page.goto(candidate.as_uri())
                link = page.locator("article a[href$='.pdf']").first
                if link.count():
                    found = link
                    break
            assert found is not None, f"{len(pdfs)} PDFs in the copy but no page links one"
            target = found.evaluate("a => a.href")
            assert target.startswith("file://")
            pdf = Path(re.sub(r"^file://", "", target))
            assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", target
        assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in requests), \
            [u for u in requests if not u.startswith(("file:", "data:", "about:", "blob:"))]
        assert not errors, errors
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_search_works_in_a_copy_opened_from_disk(browser, bundles, lang):
    page, requests, errors = _open(browser, (bundles[lang] / "index.html").as_uri())
    try:
        page.locator("input.md-search__input").click(force=True)
        page.keyboard.type("111")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        first = page.locator(".md-search-result__item a").first.get_attribute("href")
        assert first.startswith("file://") or not first.startswith("http"), first
        assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in requests)
        assert not errors, errors
    finally:
        page.close()
