"""The built site: every seed campaign in kk, ru and en with its facts, help on every page,
hreflang alternates, no third-party hosts. Facts are the seed documents' own figures."""
import json
import re
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from bs4 import BeautifulSoup

from scripts.sources.languages import t
from scripts.sources.validate import load_data

from conftest import site_pages

LANGS = {"kk": "", "ru": "ru/", "en": "en/"}
DATA = load_data(Path(__file__).resolve().parent.parent / "campaigns.yml")

# slug -> (number of activities in the seed, figures from the seed that must appear)
SEEDS = {
    "12-days-against-child-labour": (12, [2020]),  # 000: 12 activities in 3 stages
    "bakytty-bala-bakytty-el": (37, [2021]),  # 001: 8 blocks
    "doverie-111": (7, [1743471, 7042, 4102, 2229, 111, 42, 7, 711, 2016, 775]),  # 002
    "12-days-report-north-kazakhstan": (None, [42, 500, 200, 86, 52, 6, 23, 8, 31, 26, 18, 1074, 1164, 10]),  # 003
    "karaganda-road-map-2023-2025": (56, [317681, 172154, 39789, 13817, 107, 104, 92, 251, 167, 182,
                                          70, 172, 129, 1648, 1565, 1486, 1904, 1808, 1717, 147, 139,
                                          130, 293, 278, 264, 90, 93, 96]),  # 004
}


def norm(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)


def page(site: Path, lang: str, path: str) -> BeautifulSoup:
    file = site / LANGS[lang] / path / "index.html"
    assert file.exists(), file
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", SEEDS)
def test_seed_campaign_page(built_site, slug, lang):
    soup = page(built_site, lang, f"campaigns/{slug}")
    assert soup.html["lang"] == lang
    expected_activities, figures = SEEDS[slug]
    if expected_activities is not None:
        # every activity is on the plan page; the campaign page shows each section's first ones
        plan = page(built_site, lang, f"campaigns/{slug}/plan")
        assert len(plan.select("tr.activity")) == expected_activities
        shown = len(soup.select("tr.activity"))
        assert 0 < shown <= expected_activities and soup.select_one('.plan-all a[href="plan/"]')
    text = norm(soup.get_text(" "))
    if (built_site / LANGS[lang] / "campaigns" / slug / "data" / "index.html").exists():  # charts too many for the page
        text += " " + norm(page(built_site, lang, f"campaigns/{slug}/data").get_text(" "))
    for figure in figures:
        # as the locale writes numbers (1 743 471 / 1,743,471), or plain digits for years
        forms = {norm(format_decimal(figure, locale=lang)), str(figure)}
        assert any(re.search(rf"(?<![\d,.]){re.escape(f)}(?![\d]|[,.]\d)", text) for f in forms), \
            f"{figure} missing on {lang} {slug}"


def test_seed_000_abbreviations_in_every_language(built_site):
    for lang in LANGS:
        soup = page(built_site, lang, "campaigns/12-days-against-child-labour")
        abbrs = {a["title"] for a in soup.select("tr.activity abbr")}
        assert len(abbrs) >= 6  # ОО, МИО, НПО, ОВПКиРЯ, РОП, ОЗиСП appear as responsible bodies
        glossary = page(built_site, lang, "glossary")
        regions = [a["href"] for a in glossary.select("article li a[href]")]
        assert len(regions) == len({a.region for a in DATA.agencies})  # a page per region with bodies
        text = " ".join(page(built_site, lang, f"glossary/{href.rstrip('/')}").get_text() for href in regions)
        for title in abbrs:
            # the full name; an abbreviation the site made up says so in its title (issue 22)
            names = [a.name[lang] for a in DATA.agencies if t(lang, "glossary.site_abbr_title", name=a.name[lang]) == title]
            assert title in text or (names and names[0] in text), title


def test_report_is_linked_from_its_campaign(built_site):
    for lang in LANGS:
        soup = page(built_site, lang, "campaigns/12-days-against-child-labour")
        hrefs = [a["href"] for a in soup.find_all("a", href=True)]
        assert any("12-days-report-north-kazakhstan" in h for h in hrefs)


def html_pages(site: Path):
    return site_pages(site)


def test_every_page_has_the_helpline_and_emergency_links_in_its_help_bar(built_site):
    """Whatever page a reader lands on, the help bar over it calls the helpline (111) and, for
    immediate danger, the emergency number (112) that campaigns.yml gives."""
    pages = html_pages(built_site)
    assert len(pages) >= 3 * 9
    links = [f'<a class="helpbar__call" href="tel:{DATA.contacts.hotline.number}">']
    if DATA.contacts.emergency:
        links.append(f'<a class="helpbar__danger" href="tel:{DATA.contacts.emergency.number}">')
    for file in pages:
        html = file.read_text(encoding="utf-8")
        for link in links:
            assert link in html, (file, link)


def test_every_page_has_absolute_hreflang_alternates_and_404_pages_none(built_site):
    """Search engines ignore relative alternates: each is the absolute address of the same page in
    that language (x-default: Kazakh's); a 404 page has no counterparts, so no alternates."""
    site_url = DATA.site.url
    for file in html_pages(built_site):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        links = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
        if file.name == "404.html":
            assert links == {}, file
            continue
        assert set(links) == {"kk", "ru", "en", "x-default"}, file
        own = soup.select_one('link[rel="canonical"]')["href"]
        lang = soup.html["lang"]
        assert links[lang] == own and links["x-default"] == links["kk"], file
        below = own[len(site_url) + len(LANGS[lang]):]
        for code, prefix in LANGS.items():
            assert links[code] == site_url + prefix + below, (file, code, links[code])


def test_language_switcher_keeps_the_page(built_site):
    soup = page(built_site, "en", "campaigns/doverie-111")
    links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}
    assert links["ru"].endswith("ru/campaigns/doverie-111/")
    assert links["kk"].endswith("campaigns/doverie-111/") and "/ru/" not in links["kk"]


def test_sitemap_lists_alternates(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="ru" href="https://bala-campaigns.kz/ru/campaigns/doverie-111/"' in sitemap


def test_no_page_references_another_host(built_site):
    own = "bala-campaigns.kz"
    pattern = re.compile(r"""(?:src|href|action|content)\s*=\s*["'](?:https?:)?//([^/"']+)""")
    allowed_links = {own}
    for file in list(html_pages(built_site)) + list(built_site.rglob("*.css")) + list(built_site.rglob("*.js")):
        text = file.read_text(encoding="utf-8", errors="replace")
        if file.suffix == ".html":
            hosts = set(pattern.findall(text))
            # mailto:/tel: are not hosts; the quick-exit target is the one intended way out
            assert hosts <= allowed_links | {"www.gismeteo.kz"}, (file, hosts - allowed_links)
        else:
            assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, file


def test_navigation_is_translated(built_site):
    for lang, words in {"kk": ["Науқандар", "Көмек алу", "Глоссарий"], "ru": ["Кампании", "Получить помощь"],
                        "en": ["Campaigns", "Get help", "Glossary", "About"]}.items():
        nav = page(built_site, lang, "").select_one("nav.md-nav--primary").get_text(" ")
        for word in words:
            assert word in nav


def test_search_index_holds_each_language_apart_and_only_the_pages_marked_for_it(built_site):
    """Pagefind's index has one part per language, each of the pages of that language that mark
    their content for search (data-pagefind-body): not listings, redirects or the 404 page."""
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    marked = {lang: 0 for lang in LANGS}
    for file in built_site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        if "data-pagefind-body" in html:
            lang = re.search(r'<html lang="([a-z]+)"', html)[1]
            marked[lang] += 1
    assert all(marked.values())
    assert {lang: part["page_count"] for lang, part in entry["languages"].items()} == marked
    assert not (built_site / "search" / "search_index.json").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_page_of_each_language_speaks_it_first(built_site, lang):
    """Each language has its 404 page (nginx serves it below the language's folder); the root's
    is the default language's, Kazakh. It says so in its language first, then in the others."""
    soup = BeautifulSoup((built_site / LANGS[lang] / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    sections = [(s["lang"], s.get_text(" ")) for s in soup.select("section.notfound[lang]")]
    assert [code for code, _ in sections] == [lang] + [code for code in LANGS if code != lang]
    texts = dict(sections)
    assert "Бет табылмады" in texts["kk"] and "Страница не найдена" in texts["ru"]
    assert "Page not found" in texts["en"]
    heading = soup.select_one("article h1").get_text(strip=True)
    assert heading == t(lang, "notfound.title") and soup.title.get_text().startswith(heading + " – ")
    assert "Not found" not in soup.select_one("article").get_text()  # Material's English default is gone


def test_theme_strings_are_in_the_page_language(built_site):
    expected = {"kk": ("Іздеу", "Негізгі мазмұнға өту"), "ru": ("Поиск", "Перейти к содержанию"),
                "en": ("Search", "Skip to content")}
    for lang, (search, skip) in expected.items():
        soup = page(built_site, lang, "help")
        assert soup.select_one("input.md-search__input")["placeholder"] == search
        assert soup.select_one("a.md-skip").get_text(strip=True) == skip


def test_campaign_pages_link_their_lessons(built_site):
    expected = {"doverie-111": "doverie-111-class-hour", "12-days-against-child-labour": "minors-labour-rights",
                "karaganda-road-map-2023-2025": "personal-safety"}
    for lang in LANGS:
        for slug, lesson in expected.items():
            hrefs = [a["href"] for a in page(built_site, lang, f"campaigns/{slug}").find_all("a", href=True)]
            assert f"../../lessons/{lesson}/" in hrefs, (lang, slug)
            assert (built_site / LANGS[lang] / "lessons" / lesson / "index.html").exists()


def test_not_found_page_language_switcher_leads_to_the_language_homes(built_site):
    soup = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}
    assert links == {"kk": "/", "ru": "/ru/", "en": "/en/"}
