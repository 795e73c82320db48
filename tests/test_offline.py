"""The offline copy for schools: one zip per language, linked from the site, that works opened
from disk (file://) in headless Chromium: pages, navigation, search and the PDFs, with no
request to any other place; links to what a copy lacks (the other languages) lead to the site."""
import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from scripts.publish import offline
from scripts.sources.languages import t
from scripts.sources.validate import load_data

from conftest import site_pages

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"kk": "", "ru": "ru/", "en": "en/"}
CHROMIUM = "/usr/bin/chromium"
LOCAL = ("file:", "data:", "about:", "blob:",
         "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/",  # Chromium's own PDF viewer …
         "chrome://resources/")  # … and the styles and scripts it loads from inside the browser (not always seen)


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
            assert {name.split("/", 1)[0] for name in zf.namelist()} == {offline.bundle_name(data, lang)}
            zf.extractall(target)
        out[lang] = target / offline.bundle_name(data, lang)
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def pages_of(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_the_download_is_linked_from_the_home_page(built_site, data):
    for lang, prefix in LANGS.items():
        home = BeautifulSoup((built_site / prefix / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert home.select_one('article a[href="offline/"]'), lang
        page = BeautifulSoup((built_site / prefix / "offline" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        link = page.select_one("a[download]")
        assert link["href"] == offline.bundle_name(data, lang) + ".zip"
        assert (built_site / prefix / "offline" / link["href"]).is_file()
        assert t(lang, "offline.works.pdf") in page.get_text()  # the build makes PDFs: the copy holds them


def test_the_download_page_gives_the_size_of_the_zip(built_site, bundles, data):
    """Teachers on a slow line see what the download costs: the zip's own size, in megabytes,
    written as the language writes numbers. The copy's own page cannot know it and says nothing."""
    for lang, prefix in LANGS.items():
        page = BeautifulSoup((built_site / prefix / "offline" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        size = (built_site / offline.zip_site_path(data, lang)).stat().st_size
        assert size > 1024 ** 2  # the seed site's copies: megabytes
        shown = page.select_one(".offline-download small .offline-size").get_text()
        number = re.search(r"(\d+)[.,](\d) (\S+)$", shown)
        assert number and number[3] == t(lang, "size.mb", value="").strip(), (lang, shown)
        assert abs(float(f"{number[1]}.{number[2]}") - size / 1024 ** 2) <= 0.05 + 1e-9, (lang, shown, size)
        assert ("," in shown.split()[-2]) == (lang != "en"), (lang, shown)  # 1,4 МБ but 1.4 MB
        copy = BeautifulSoup((bundles[lang] / prefix / "offline" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        assert copy.select_one(".offline-size").get_text() == "", lang


def test_each_copy_holds_one_language_every_page_of_it_and_its_own_search(built_site, bundles):
    for lang, folder in bundles.items():
        prefix = LANGS[lang]
        home = (folder / prefix / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in home
        assert 'href="campaigns/index.html"' in home  # links a browser can open from a folder
        # every page and PDF of the language is there, and nothing of the others
        pages = {p.relative_to(built_site).as_posix() for p in site_pages(built_site)
                 if p.name != "404.html" and offline._language_of(p.relative_to(built_site).as_posix()) == lang}
        copy_pages = {p.relative_to(folder).as_posix() for p in pages_of(folder)} - ({"index.html"} if prefix else set())
        assert copy_pages == pages, lang
        site_pdfs = {p.relative_to(built_site).as_posix() for p in built_site.glob(prefix + "**/*.pdf")
                     if offline._language_of(p.relative_to(built_site).as_posix()) == lang}
        assert site_pdfs and {p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf")} == site_pdfs
        index = (folder / "search" / "search_index.js").read_text(encoding="utf-8")
        assert index.startswith("var __index = ")
        locations = re.findall(r'"location":"([^"]*)"', index)
        assert locations and all(offline._language_of(loc) == lang for loc in locations), lang
        assert all((folder / loc.split("#")[0]).is_file() for loc in locations), lang
        assert not (folder / "search" / "search_index.json").exists()  # the browser reads the .js
        assert not list(folder.rglob("sitemap.xml*")) and not list(folder.rglob("*.zip"))
        # the site's index (Pagefind cannot read it from disk) and Material's worker stay out
        assert not (folder / "pagefind").exists() and not (folder / "assets" / "javascripts" / "workers").exists()


def test_every_link_opens_a_file_of_the_copy_or_a_page_of_the_site(bundles, data):
    """Relative links open a file of the copy (a folder's index.html, named); links to the other
    languages go to the site's own address. No link goes to any other host but the quick exit's."""
    own = data.site.url.rstrip("/") + "/"
    attribute = re.compile(r'\b(?:href|src)="([^"]*)"')
    for lang, folder in bundles.items():
        for page in pages_of(folder):
            rel = page.relative_to(folder).as_posix()
            html = page.read_text(encoding="utf-8")
            for url in attribute.findall(html):
                if not url or url.startswith(("#", "tel:", "mailto:", "webcal://", "data:")):
                    continue
                if "://" in url:
                    assert url.startswith(own) or url == data.site.quick_exit_url, (rel, url)
                    continue
                path = url.split("#")[0].split("?")[0]
                target = folder / posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
                assert target.is_file(), (lang, rel, url)
            assert "unpkg.com" not in html, rel


@pytest.mark.parametrize("lang", LANGS)
def test_a_copy_opened_from_disk_leads_from_home_to_a_campaign_and_its_pdf(browser, bundles, lang):
    """Opened from disk: the folder's index.html, the campaigns, a campaign page, its poster."""
    folder = bundles[lang]
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((folder / "index.html").as_uri())
        page.wait_for_url((folder / LANGS[lang] / "index.html").as_uri())  # the start page opens the home page
        page.locator("article a[href='campaigns/index.html']").first.click()
        page.wait_for_url((folder / LANGS[lang] / "campaigns" / "index.html").as_uri())
        campaign = page.locator("article h3 a").first
        campaign.wait_for()
        campaign.click()
        page.wait_for_url(re.compile(r"/campaigns/[a-z0-9-]+/index\.html$"))
        assert page.locator("article h1").inner_text().strip()
        assert page.locator("a[href='tel:111']").count() >= 1
        # the menu works from disk too
        home_link = page.locator("nav.md-nav--primary a.md-nav__link[href$='index.html']").first
        assert home_link.get_attribute("href").endswith("index.html")
        # the poster in the page's own language, from the list of printable files
        campaign_page = page.url
        page.locator(f"tr.download a[hreflang='{lang}'][href$='poster-a4.pdf']").click()
        page.wait_for_url(re.compile(r"/poster-a4\.pdf$"))  # Chromium's PDF viewer opens it
        assert page.url == campaign_page.replace("index.html", "poster-a4.pdf")
        assert Path(unquote(urlsplit(page.url).path)).read_bytes()[:5] == b"%PDF-"
        assert all(u.startswith(LOCAL) for u in requests), [u for u in requests if not u.startswith(LOCAL)]
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_search_works_in_a_copy_opened_from_disk(browser, bundles, lang):
    """The search box of the site, answered from the copy's own index of its language: a page of
    the copy, with the passage highlighted, opens from the result."""
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((bundles[lang] / LANGS[lang] / "index.html").as_uri())
        page.locator("input.md-search__input").click(force=True)
        page.keyboard.type("111")
        page.wait_for_selector(".site-search__hit", timeout=15000)
        assert page.locator(".site-search__hit mark").count() > 0
        assert page.locator("[data-site-search-status]").inner_text().endswith(tuple("0123456789"))
        first = page.locator(".site-search__title").first
        href = first.evaluate("a => a.href")
        assert href.startswith((bundles[lang] / LANGS[lang]).as_uri()) and ".html" in href, href
        assert not [h for h in page.locator(".site-search__title").evaluate_all("els => els.map(e => e.href)")
                    if not h.startswith(bundles[lang].as_uri())]  # the copy's own language only
        first.click()
        page.wait_for_url(re.compile(r"\.html(#.*)?$"))
        assert page.locator("article h1").count() == 1
        assert all(u.startswith(LOCAL) for u in requests), [u for u in requests if not u.startswith(LOCAL)]
        assert not errors, errors
    finally:
        page.close()


def test_a_zip_is_the_same_for_the_same_sources_and_date(built_site, data, tmp_path, monkeypatch):
    """Reproducible copies: with SOURCE_DATE_EPOCH every member carries the build's date (not the
    moment it was written), so two builds of the same sources give the same zip, byte for byte, and
    a school that downloads it again can tell that nothing changed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01 00:00 UTC: any fixed date
    lang = "en"  # any language: the copies are made alike
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    offline.build_bundle(data, built_site, lang, first)
    offline.build_bundle(data, built_site, lang, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert {info.date_time for info in zf.infolist()} == {(2025, 12, 1, 0, 0, 0)}
        assert zf.testzip() is None
