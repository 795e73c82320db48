"""Search in a real browser, on the built site served by the production nginx configuration (the
harness of test_browser.py): from a kk, a ru and an en page, every query of the query set
(tests/search_queries.yml: the words people type, misspellings included) finds its page among
the first three results, and only pages of the page's language; a query with a cold cache fetches
at most SEARCH_BUDGET bytes (compressed, everything the search needs), and nothing before the
reader turns to search; campaign pages rank above their calendars; the filters by kind and year
narrow the results and are labelled in the page's language; keyboard only works; axe finds no
violation in the open search with results.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from scripts.sources.languages import SETTINGS, t
from scripts.sources.validate import load_data

from test_browser import AXE_RUN, AXE_TAGS, DESKTOP, PHONE, browser, server  # noqa: F401 (fixtures)

LANGS = list(SETTINGS)
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
SEARCH_BUDGET = 300_000  # bytes on the wire for one query with a cold cache (issue 20)
# Where each language's searches start: pages of different kinds (search works from any page).
START = {"kk": "", "ru": "campaigns/doverie-111/", "en": "help/"}
ROOT = Path(__file__).resolve().parent.parent
DATA = load_data(ROOT / "campaigns.yml")


def open_search(page) -> None:
    """As a reader on a phone does: the magnifier in the header."""
    page.locator("label.md-header__button[for=__search]").click()
    page.locator("[data-site-search-input]").wait_for(state="visible")


def search(page, query: str) -> list[str]:
    """Type ``query`` into the open search; the paths of the results' pages, best first."""
    page.wait_for_function("() => window.__siteSearch")  # search.js, loaded when the reader turns to search
    page.locator("[data-site-search-input]").fill(query)
    page.wait_for_function("() => !document.querySelector('[data-site-search-results]').hasAttribute('aria-busy')",
                           timeout=20000)
    return page.locator(".site-search__title").evaluate_all("els => els.map(e => new URL(e.href).pathname)")


def total(page) -> int:
    """The number of results the status line announces."""
    return int(re.search(r"\d+", page.locator("[data-site-search-status]").inner_text())[0])


def served_bytes(lines: list[str]) -> int:
    return sum(int(line.rsplit(" ", 1)[1]) for line in lines if line.strip())


def in_language(path: str, lang: str) -> bool:
    """Whether the site path belongs to ``lang`` (kk at the root, the others below their prefix)."""
    own = "/" + SETTINGS[lang].prefix
    others = ["/" + s.prefix for code, s in SETTINGS.items() if code != lang and s.prefix]
    return path.startswith(own) and not any(path.startswith(o) for o in others)


@pytest.mark.parametrize("lang", LANGS)
def test_every_query_finds_its_page_in_the_first_three_in_the_page_language(server, browser, lang, capsys):
    """Each query in a fresh browser context (cold cache): its bytes are all it costs a reader."""
    assert len(QUERIES[lang]) >= 10 and any(q.get("misspelt") for q in QUERIES[lang])
    rows, problems = [], []
    for case in QUERIES[lang]:
        context = browser.new_context(viewport=PHONE)
        try:
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            start = server.access_log_size()
            page.goto(server.url(lang, START[lang]), wait_until="load")
            first_view = server.access_log_since(start)
            assert not [line for line in first_view if "/pagefind/" in line or "search.js" in line], \
                "search files in the first view"
            before = server.access_log_size()
            open_search(page)
            found = search(page, case["query"])
            page.wait_for_timeout(200)  # nginx logs a request once it is answered
            spent = served_bytes(server.access_log_since(before))
            rows.append((case["query"], len(found), spent))
            expected = "/" + SETTINGS[lang].prefix + case["page"]
            if expected not in found[:3]:
                problems.append(f"{case['query']!r}: {expected} not in the first three: {found[:5]}")
            foreign = [p for p in found if not in_language(p, lang)]
            if foreign:
                problems.append(f"{case['query']!r}: pages of another language: {foreign}")
            for i, path in enumerate(found):  # a campaign ranks above its own calendar
                m = re.search(r"/calendar/([a-z0-9-]+)/$", path)
                twin = path.replace("/calendar/", "/campaigns/") if m else None
                if twin in found and found.index(twin) > i:
                    problems.append(f"{case['query']!r}: {path} ranks above {twin}")
            if spent > SEARCH_BUDGET:
                problems.append(f"{case['query']!r}: {spent} bytes (budget {SEARCH_BUDGET})")
            if errors:
                problems.append(f"{case['query']!r}: {errors}")
        finally:
            context.close()
    with capsys.disabled():
        print(f"\nSearch from a {lang} page, cold cache (bytes on the wire, compressed; budget {SEARCH_BUDGET // 1000} KB):")
        for query, n, spent in rows:
            print(f"  {query:28} {n:3} results  {spent / 1000:6.1f} KB")
    assert not problems, "\n".join(problems)


def test_a_result_shows_its_title_the_passage_highlighted_and_its_section(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(server.url("ru", "about/"), wait_until="networkidle")
        page.keyboard.press("/")  # Material's shortcut opens the search
        found = search(page, "телефон доверия")
        assert found
        first = page.locator(".site-search__hit").first
        assert first.locator(".site-search__title").inner_text().strip()
        marks = first.locator(".site-search__excerpt mark").all_inner_texts()
        assert any(m.lower().startswith(("телефон", "доверия")) for m in marks), marks
        sections = page.locator(".site-search__section a")
        assert sections.count() > 0
        assert all("#" in href for href in sections.evaluate_all("els => els.map(e => e.href)"))
        total = int(re.search(r"\d+", page.locator("[data-site-search-status]").inner_text())[0])
        assert page.locator("[data-site-search-status]").inner_text() == t("ru", "search.count", n=total)
        assert total >= len(found)
        more = page.locator("[data-site-search-more]")
        assert more.is_visible() == (total > len(found))
        if total > len(found):  # the next results, and the keyboard's place on the first of them
            more.click()
            page.wait_for_function(f"() => document.querySelectorAll('.site-search__hit').length > {len(found)}")
            assert page.evaluate("() => document.activeElement.matches('.site-search__title')")
    finally:
        context.close()


def campaign_years(slug: str) -> set[int]:
    campaign = next(c for c in DATA.campaigns if c.slug == slug)
    return set(range(int(campaign.period.start[:4]), int(campaign.period.end[:4]) + 1))


@pytest.mark.parametrize("lang", LANGS)
def test_filters_by_kind_and_year_narrow_the_results_in_the_page_language(server, browser, lang):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(server.url(lang, "help/"), wait_until="networkidle")
        page.locator("[data-site-search-input]").focus()
        search(page, "111")
        everything = total(page)
        filters = page.locator("[data-site-search-filters]")
        filters.wait_for(state="visible")
        labels = [label.strip() for label in filters.locator("label").all_inner_texts()]
        assert labels[0].startswith(t(lang, "search.filter.kind")) and labels[1].startswith(t(lang, "search.filter.year"))
        kinds = page.locator("[data-site-search-filter=kind] option").all_inner_texts()
        assert kinds == [t(lang, "search.filter.kind.any")] + [t(lang, f"search.kind.{k}") for k in
                                                               ("campaign", "lesson", "material", "calendar")]
        prefix = "/" + SETTINGS[lang].prefix
        for kind, folder in (("campaign", "campaigns/"), ("lesson", "lessons/"), ("calendar", "calendar/")):
            page.locator("[data-site-search-filter=kind]").select_option(kind)
            found = search(page, "111")
            assert found and total(page) < everything, (kind, found)
            assert all(p.startswith(prefix + folder) for p in found), (kind, found)
        page.locator("[data-site-search-filter=kind]").select_option("campaign")
        years = [y for y in page.locator("[data-site-search-filter=year] option").evaluate_all(
            "els => els.map(e => e.value)") if y]
        assert years == sorted(years, reverse=True) and years
        for year in years:
            page.locator("[data-site-search-filter=year]").select_option(year)
            found = search(page, "111")
            for path in found:
                slug = re.search(r"/campaigns/([a-z0-9-]+)/(?:plan/|data/)?$", path)[1]  # a campaign, its plan or its data
                assert int(year) in campaign_years(slug), (year, path)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_search_by_keyboard_only(server, browser, lang):
    """"/" opens the search, typing searches, the arrow keys reach the results, Enter opens one;
    Escape closes the search; Tab leads from the box through the filters to the results."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(server.url(lang, "about/"), wait_until="networkidle")
        page.keyboard.press("/")
        assert page.evaluate("() => document.activeElement.matches('[data-site-search-input]')")
        assert page.evaluate("() => document.getElementById('__search').checked")
        page.keyboard.type(QUERIES[lang][0]["query"])
        page.wait_for_function("() => document.querySelector('.site-search__hit') && "
                               "!document.querySelector('[data-site-search-results]').hasAttribute('aria-busy')")
        page.keyboard.press("Escape")
        assert not page.evaluate("() => document.getElementById('__search').checked")
        page.keyboard.press("/")
        stops = []
        for _ in range(6):
            page.keyboard.press("Tab")
            stops.append(page.evaluate("() => document.activeElement.tagName + ':' + (document.activeElement.name || document.activeElement.classList[0] || '')"))
        assert {"SELECT:kind", "SELECT:year", "A:site-search__title"} <= set(stops), stops
        assert stops.index("SELECT:kind") < stops.index("SELECT:year") < stops.index("A:site-search__title"), stops
        assert page.locator("button[type=reset]").get_attribute("aria-label") == t(lang, "search.clear")
        page.locator("[data-site-search-input]").focus()
        page.keyboard.press("ArrowDown")
        target = page.evaluate("() => document.activeElement.href")
        assert target and page.evaluate("() => document.activeElement.matches('.site-search__title')")
        page.keyboard.press("Enter")
        page.wait_for_url(target)
        assert page.locator("html").get_attribute("lang") == lang
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation_in_the_open_search_with_results(server, browser, lang):
    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server.url(lang, "campaigns/doverie-111/"), wait_until="networkidle")
        open_search(page)
        assert search(page, QUERIES[lang][0]["query"])
        box = page.locator("[data-site-search-input]")
        assert box.get_attribute("aria-label") == t(lang, "search.label")
        page.evaluate(axe)
        violations = {"phone": page.evaluate(AXE_RUN, AXE_TAGS)}
        page.set_viewport_size(DESKTOP)
        page.wait_for_timeout(300)
        violations["desktop"] = page.evaluate(AXE_RUN, AXE_TAGS)
        problems = [f"[{size}] {v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"])
                    for size, found in violations.items() for v in found]
        assert not problems, "\n".join(problems)
    finally:
        context.close()
