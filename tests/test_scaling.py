"""The site scales: built from synthetic corpora of N = 10 and N = 20 campaigns (scripts/dev/synthetic.py),
no page grows with N. The rule, page by page:

- the page chrome (header, navigation, help bar, footer) is the same byte for byte at both N;
- a page present at both N is the same size, unless it is
  - a bounded listing page (BOUNDED): the campaigns it lists are at most its documented bound, and
    its other links (to pages that are neither campaigns nor listings) are the same at both N; or
  - a per-year, per-region or per-body listing page (SCOPED, REGION_BODIES, BODY): everything it
    lists belongs to that year, region or body;
- the pages new at N = 20 are only the new campaigns' pages and their own sub-pages (e.g. their
  calendar page calendar/<slug>/) and lessons, or listing pages of years (a year's calendar: of
  years in a region) that N = 10 does not have;
- no page links to every campaign (its page, its files, its calendar, its feed or its lessons);
- every PDF and feed is still reachable from the teachers' hub, and every PDF from the materials
  page, through their year pages.
"""
import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from scripts.dev import synthetic

from scripts.pages import calendar, events, status

from scripts.sources import schedule
from scripts.pages.render import NEWEST
from scripts.sources.validate import load_data

from conftest import ROOT, crawl, shared, shared_site, site_pages

# The two sizes: the smaller at the listings' bounds (10), the larger past them, with room for
# campaigns on now and coming up beyond calendar.NOW_LIMIT.
SMALL, LARGE = 10, 20
SIZES = (SMALL, LARGE)
LANG_PREFIXES = ("", "ru/", "en/")
LANG = re.compile(r"^(?:ru/|en/)?")

# Pages that list some campaigns, below a language root -> the most campaigns they may list.
BOUNDED = {
    "campaigns/index.html": NEWEST,  # the newest campaigns, then years and regions
    "materials/index.html": NEWEST,  # the newest campaigns' files, then the years
    "teachers/index.html": NEWEST,  # the newest campaigns' files, then the years
    "calendar/index.html": calendar.NOW_LIMIT,  # now and coming up, then the years and the regions' bodies
    "glossary/index.html": 0,  # the regions, each with a page of its bodies
    "index.html": max(status.HOME_CARDS, status.HOME_RECENT),  # the home page: on now and coming up, or the latest
}
BODY = re.compile(r"calendar/bodies/([a-z0-9.-]+)/index\.html")  # a body's calendar: only its activities
# Pages that list only what belongs to their year, region or body (below a language root); the
# calendar of a year has a page per region (calendar/year/<year>/<region>/).
SCOPED = re.compile(r"(?:(campaigns|materials|teachers|calendar)/year/(\d{4})"
                    r"|campaigns/region/([a-z0-9.-]+))(?:/([a-z0-9.-]+))?/index\.html")
# Pages that list the bodies of one region (the glossary's and the calendar's), which grow with
# the region's bodies, never with N: a campaign moved to a region is run by that region's bodies.
REGION_BODIES = re.compile(r"(glossary|calendar/regions)/([a-z0-9.-]+)/index\.html")
# The links of a listing page to another listing page (below a language root). A body's calendar
# counts as one: calendar rows name their bodies, and the page's list of abbreviations links to them.
LISTING_LINK = re.compile(r"(?:(?:campaigns|materials|teachers|calendar)/year/\d{4}|campaigns/region/[a-z0-9.-]+"
                          r"|calendar/bodies/[a-z0-9.-]+|glossary/[a-z0-9.-]+|calendar/regions/[a-z0-9.-]+)/")
ROW_LINK = re.compile(r"campaigns/([a-z0-9-]+)/plan/#activity-(\d+)$")  # the activity on its campaign's plan page


def busiest_day(n: int) -> dt.date:
    """The last day on which the most campaigns of the corpus of ``n`` are on (by their
    periods), whatever campaigns.yml (the corpus's seeds) holds: "now and coming up" then holds
    more campaigns at the larger N than at the smaller, and, the corpora's years being spread
    before it, bodies have earlier activities at both."""
    periods = [(dt.date.fromisoformat(c["period"]["start"]), dt.date.fromisoformat(c["period"]["end"]))
               for c in synthetic.corpus(n)["campaigns"]]
    return max(sorted({start for start, _ in periods}, reverse=True), key=lambda day: sum(s <= day <= e for s, e in periods))


# The build date of the synthetic sites.
TODAY = busiest_day(LARGE)


@pytest.fixture(scope="module")
def sites(tmp_path_factory, worker_id, seed_site):
    """The synthetic sites, each built once per test session (conftest.shared_site)."""
    out = {}
    epoch = int(dt.datetime.combine(TODAY, dt.time(12), dt.timezone.utc).timestamp())
    # one PDF cache for both N (the first ten campaigns are the same at both), started as a
    # copy of the one the seed build filled (seed_site, asked for first): the corpus's first
    # campaigns are the seeds, whose PDFs are then not laid out again
    cache = shared(tmp_path_factory, worker_id, "scaling-pdf-cache",
                   lambda folder: shutil.copytree(ROOT / ".cache", folder, dirs_exist_ok=True))
    for n in SIZES:
        def prepare(folder: Path, n=n) -> list[str]:
            return ["--data", str(synthetic.write(n, folder / "data.yml"))]

        site = shared_site(tmp_path_factory, worker_id, f"synthetic-{n}", "build", "--no-offline",
                           "--cache-dir", str(cache), env={"SOURCE_DATE_EPOCH": str(epoch)}, prepare=prepare)
        out[n] = (synthetic.corpus(n), site, load_data(site.parent / "data.yml"))
    return out


@dataclass(frozen=True)
class Page:
    """What the tests read of one built page, parsed once (lxml: the sites hold thousands)."""

    size: int  # bytes of HTML
    chrome: str  # the page without its own content (the article and its table of contents)
    targets: tuple[str, ...]  # where the links of its content go (see page_targets)
    rows: frozenset[tuple[str, int]]  # (campaign, activity) of every activity row of a calendar page
    month_years: frozenset[int]  # the years of its month headings (calendar pages)
    row_ids: frozenset[str]  # the ids of its table rows (a glossary page: its bodies)


def page_targets(rel: str, doc) -> tuple[str, ...]:
    """Where the links of the page's content go: paths below the language root, with the
    fragment when there is one ("#…" links to the page itself are left out)."""
    out = []
    for a in doc.cssselect("article a[href]"):
        href = a.get("href")
        if href.startswith("#"):
            continue
        url = urlsplit(urljoin(f"https://site.test/{rel}", href))
        if url.netloc != "site.test":
            out.append(href)
            continue
        out.append(LANG.sub("", url.path.lstrip("/")) + (f"#{url.fragment}" if url.fragment else ""))
    return tuple(out)


def read_page(rel: str, html: str) -> Page:
    doc = lxml.html.document_fromstring(html)
    rows = frozenset((m[1], int(m[2])) for row in doc.cssselect("tr.cal-entry")
                     if (m := ROW_LINK.search(row.cssselect("a")[0].get("href"))))
    month_years = frozenset(int(h.get("id")[2:6]) for h in doc.cssselect("h2[id^=m-]"))
    targets = page_targets(rel, doc)
    row_ids = frozenset(tr.get("id") for tr in doc.cssselect("article tr[id]"))
    for article in doc.cssselect("article.md-content__inner"):
        for child in list(article):
            article.remove(child)
        article.text = None
    for toc in doc.cssselect("nav.md-nav--secondary"):
        toc.getparent().remove(toc)
    return Page(len(html.encode("utf-8")), lxml.html.tostring(doc, encoding="unicode"), targets, rows, month_years,
                row_ids)


@lru_cache(maxsize=None)
def pages(site: Path) -> dict[str, Page]:
    """Every HTML page of a built site (path below the site -> Page), read once per site."""
    return {p.relative_to(site).as_posix(): read_page(p.relative_to(site).as_posix(), p.read_text(encoding="utf-8"))
            for p in site_pages(site)}


def local(rel: str) -> str:
    """A page's path below its language root."""
    return LANG.sub("", rel)


@lru_cache(maxsize=1)
def lesson_campaigns() -> dict[str, str]:
    """Lesson slug -> its campaign, for every lesson of the largest corpus (the smaller ones'
    lessons are among them)."""
    return {lesson["slug"]: lesson["campaign"] for lesson in synthetic.lessons(max(SIZES))["lessons"]}


def campaign_of(target: str, slugs: set[str]) -> str | None:
    """The campaign a link belongs to: its page or what is below it, its calendar page, its feed,
    one of its lessons (the lesson's page or files)."""
    m = re.match(r"(?:campaigns/([a-z0-9-]+)/|calendar/([a-z0-9-]+)(?:/|\.ics$)|lessons/([a-z0-9-]+)/)", target)
    slug = m and (m.group(1) or m.group(2) or lesson_campaigns().get(m.group(3)))
    return slug if slug in slugs else None


def listed(page: Page, slugs: set[str]) -> set[str]:
    """The campaigns a page lists (links to)."""
    return {s for t in page.targets if (s := campaign_of(t, slugs))}


def others(page: Page, slugs: set[str]) -> set[str]:
    """The links of a page to neither a campaign nor a listing page."""
    return {t for t in page.targets if not campaign_of(t, slugs) and not LISTING_LINK.match(t)}


def activity_years(data) -> dict[tuple[str, int], set[int]]:
    """(campaign, activity) -> the year pages it belongs on (calendar.py's rule): the years of the
    months an activity with months begins in, every year another dated one runs in, the years
    of its campaign's period for an undated one."""
    out = {}
    for c in data.campaigns:
        period = set(range(int(c.period.start[:4]), int(c.period.end[:4]) + 1))
        for a in c.activities():
            sched = schedule.schedule(a.when)
            if sched is None:
                out[(c.slug, a.n)] = period
            elif sched.monthly:  # under the month it begins in
                out[(c.slug, a.n)] = {s.start.year for s in sched.spans}
            else:  # throughout the period: every year it runs in
                out[(c.slug, a.n)] = {y for s in sched.spans for y in range(s.start.year, s.end.year + 1)}
    return out


def years_of(campaign: dict) -> set[int]:
    return set(range(int(campaign["period"]["start"][:4]), int(campaign["period"]["end"][:4]) + 1))


def kind(rel: str) -> str:
    page = local(rel)
    if page in BOUNDED:
        return "bounded"
    if SCOPED.fullmatch(page) or REGION_BODIES.fullmatch(page) or BODY.fullmatch(page):
        return "scoped"
    return "fixed"


# ---------------------------------------------------------------- the corpus

def test_the_corpus_is_the_same_for_the_campaigns_both_have():
    small, large = synthetic.corpus(SMALL), synthetic.corpus(LARGE)
    assert large["campaigns"][:SMALL] == small["campaigns"]
    assert len({c["slug"] for c in large["campaigns"]}) == LARGE
    assert len({c["region"] for c in large["campaigns"]}) > 4  # spread over regions …
    assert len({c["period"]["start"][:4] for c in large["campaigns"]}) > 4  # … and years
    # more campaigns than any bound, or a bounded page would not be tested
    assert LARGE > max(*BOUNDED.values(), calendar.NOW_LIMIT)
    # each campaign has the lessons of its seed: lessons grow with N too
    few, many = synthetic.lessons(SMALL)["lessons"], synthetic.lessons(LARGE)["lessons"]
    assert many[:len(few)] == few and len(many) >= (LARGE // SMALL) * len(few) > 0
    seeds = {lesson["campaign"] for lesson in few if lesson["campaign"] in {c["slug"] for c in small["campaigns"][:5]}}
    assert {c["slug"] for c in large["campaigns"] if c["slug"].split("-")[-1].isdigit() and
            re.sub(r"-\d+$", "", c["slug"]) in seeds} <= {lesson["campaign"] for lesson in many}


# ---------------------------------------------------------------- pages present at both N

def test_page_chrome_does_not_grow_with_n(sites):
    small, large = pages(sites[SMALL][1]), pages(sites[LARGE][1])
    common = sorted(set(small) & set(large))
    assert len(common) >= 3 * (SMALL + 6)  # every campaign page of N = 10 and the fixed pages
    for rel in common:
        assert small[rel].chrome == large[rel].chrome, f"{rel}: navigation or chrome differs with N"


def test_pages_of_both_builds_are_the_same_unless_they_are_listings(sites):
    small, large = pages(sites[SMALL][1]), pages(sites[LARGE][1])
    kinds = {}
    for rel in sorted(set(small) & set(large)):
        kinds.setdefault(kind(rel), []).append(rel)
        if kind(rel) == "fixed":
            assert small[rel].size == large[rel].size, f"{rel} changed size with N"
    # every listing kind is there, so the exceptions above are exercised
    for page in BOUNDED:
        assert all(prefix + page in kinds["bounded"] for prefix in LANG_PREFIXES), page
    assert any(BODY.fullmatch(local(rel)) for rel in kinds["scoped"])
    for section in ("campaigns/year/", "campaigns/region/", "materials/year/", "teachers/year/", "calendar/year/",
                    "calendar/bodies/", "glossary/", "calendar/regions/"):
        assert any(local(rel).startswith(section) for rel in kinds["scoped"]), section


def test_bounded_pages_list_at_most_their_bound(sites):
    small_pages = pages(sites[SMALL][1])
    for n, (data, site, _) in sites.items():
        slugs = {c["slug"] for c in data["campaigns"]}
        for rel, info in pages(site).items():
            page = local(rel)
            if page not in BOUNDED:
                continue
            bound = BOUNDED[page]
            assert len(listed(info, slugs)) <= bound, f"{rel} lists more than {bound} campaigns at N = {n}"
            if n == LARGE and rel in small_pages:  # its other links do not depend on N
                assert others(info, slugs) == others(small_pages[rel], slugs), rel


def test_the_index_lists_the_newest_campaigns_and_every_year_and_region(sites):
    for n, (data, site, _) in sites.items():
        slugs = {c["slug"] for c in data["campaigns"]}
        newest = sorted(data["campaigns"], key=lambda c: (c["period"]["start"], c["slug"]), reverse=True)[:NEWEST]
        for prefix in LANG_PREFIXES:
            info = pages(site)[f"{prefix}campaigns/index.html"]
            assert listed(info, slugs) == {c["slug"] for c in newest}
            links = info.targets
            years = {int(m.group(1)) for t in links if (m := re.fullmatch(r"campaigns/year/(\d{4})/", t))}
            regions = {m.group(1) for t in links if (m := re.fullmatch(r"campaigns/region/([a-z0-9.-]+)/", t))}
            assert years == {y for c in data["campaigns"] for y in years_of(c)}
            assert regions == {c["region"] for c in data["campaigns"]}


def test_scoped_pages_list_only_what_belongs_to_them(sites):
    for n, (data, site, model) in sites.items():
        campaigns = data["campaigns"]
        slugs = {c["slug"] for c in campaigns}
        when = activity_years(model)
        region_of = {c.slug: c.region for c in model.campaigns}
        seen = set()
        for rel, info in pages(site).items():
            m = SCOPED.fullmatch(local(rel))
            if not m:
                continue
            section, year, region, year_region = m.groups()
            assert year_region is None or section == "calendar", rel
            mine = listed(info, slugs)
            if region:
                seen.add("region")
                assert mine == {c["slug"] for c in campaigns if c["region"] == region}, rel
            elif section in ("campaigns", "materials", "teachers"):
                seen.add(section)
                assert mine == {c["slug"] for c in campaigns if int(year) in years_of(c)}, rel
            elif year_region:  # the calendar of one year in one region
                seen.add("calendar of a region")
                year = int(year)
                found = info.rows
                expected = {key for key, years in when.items() if year in years and region_of[key[0]] == year_region}
                assert found == expected and found, rel
                assert info.month_years <= {year}, rel
                assert mine == {slug for slug, _ in found}, rel
            else:  # the calendar of one year: its regions' pages and its campaigns' calendars
                seen.add("calendar")
                year = int(year)
                assert not info.rows and not info.month_years, rel
                assert mine == {slug for (slug, _), years in when.items() if year in years}, rel
                regions = {m[1] for t in info.targets if (m := re.fullmatch(rf"calendar/year/{year}/([a-z0-9.-]+)/", t))}
                assert regions == {region_of[slug] for (slug, _), years in when.items() if year in years}, rel
        assert seen == {"region", "campaigns", "materials", "teachers", "calendar", "calendar of a region"}, n


def test_region_pages_list_the_bodies_of_their_region(sites):
    """A region's glossary page holds its bodies, its calendar page links the calendars of those
    with activities; the first pages link only to the regions' pages."""
    for n, (_, site, model) in sites.items():
        region_of = {a.id: a.region for a in model.agencies}
        anchors = {a.id: a.anchor for a in model.agencies}  # a body's row id on its glossary page
        active = {i for c in model.campaigns for a in c.activities() for i in a.agency_ids()}
        seen = set()
        for rel, info in pages(site).items():
            m = REGION_BODIES.fullmatch(local(rel))
            if not m:
                continue
            section, region = m.groups()
            seen.add(section)
            if section == "glossary":
                assert info.row_ids == {anchors[i] for i, r in region_of.items() if r == region}, rel
            else:
                linked = {t.split("/")[2] for t in info.targets if t.startswith("calendar/bodies/")}
                assert linked == {i for i in active if region_of[i] == region}, rel
        assert seen == {"glossary", "calendar/regions"}, n
        for prefix in LANG_PREFIXES:
            glossary = pages(site)[f"{prefix}glossary/index.html"]
            assert {t for t in glossary.targets if t.startswith("glossary/")} == \
                {f"glossary/{r}/" for r in region_of.values()}


def test_body_pages_list_the_bodys_activities_and_only_those(sites):
    """A body's page lists its activities of the build year and later, and links the calendars
    of the campaigns of its earlier ones: it grows with what the body does now, not with the
    years kept."""
    for n, (data, site, model) in sites.items():
        slugs = {c["slug"] for c in data["campaigns"]}
        agencies = {(c.slug, a.n): set(a.agency_ids()) for c in model.campaigns for a in c.activities()}
        when = activity_years(model)
        seen, earlier = 0, 0
        for rel, info in pages(site).items():
            if m := BODY.fullmatch(local(rel)):
                seen += 1
                body = m.group(1)
                own = {key for key, bodies in agencies.items() if body in bodies}
                current = {key for key in own if max(when[key]) >= TODAY.year}
                # "now and coming up" repeats some rows; every current activity of the body is there
                assert info.rows == current, rel
                assert info.month_years <= set(range(TODAY.year, 2100)), rel
                assert listed(info, slugs) == {slug for slug, _ in own}, rel
                earlier += own != current
        assert seen >= 3 * len(set().union(*agencies.values())), n
        assert earlier, n  # some bodies have earlier years


# ---------------------------------------------------------------- pages new at N = 20

def test_new_pages_are_only_campaign_pages_and_listings_of_new_years(sites):
    """… or of a year's calendar in a region that N = 10 does not have."""
    small, large = pages(sites[SMALL][1]), pages(sites[LARGE][1])
    new_slugs = {c["slug"] for c in sites[LARGE][0]["campaigns"][SMALL:]}
    old_data, old_model = sites[SMALL][0], sites[SMALL][2]
    old_years = {y for c in old_data["campaigns"] for y in years_of(c)}  # of campaigns, materials, teachers
    old_regions = {c["region"] for c in old_data["campaigns"]}
    old_activity_years = activity_years(old_model)
    old_calendar_years = set().union(*old_activity_years.values())
    agencies = {(c.slug, a.n): set(a.agency_ids()) for c in old_model.campaigns for a in c.activities()}
    old_bodies = set().union(*agencies.values())
    old_year_regions = {(y, region) for c in old_model.campaigns for a in c.activities()
                        for y in old_activity_years[(c.slug, a.n)] for region in [c.region]}
    old_body_regions = {a.region for a in old_model.agencies}
    new = sorted(set(large) - set(small))
    assert new
    for rel in new:
        page = local(rel)
        if m := re.fullmatch(r"(?:campaigns|calendar)/([a-z0-9-]+)/(?:[a-z0-9-]+/)*index\.html", page):
            if m.group(1) in new_slugs:
                continue  # a new campaign's page or one of its own sub-pages
        if m := re.fullmatch(r"lessons/([a-z0-9-]+)/index\.html", page):
            assert lesson_campaigns().get(m.group(1)) in new_slugs, f"{rel}: a lesson of N = 10 got a new page"
            continue  # a new campaign's lesson
        if m := BODY.fullmatch(page):
            assert m.group(1) not in old_bodies, f"{rel}: a body of N = 10 got a new page"
            continue
        if m := REGION_BODIES.fullmatch(page):
            assert m.group(2) not in old_body_regions, f"{rel}: a region with bodies at N = 10 got a new page"
            continue
        m = SCOPED.fullmatch(page)
        assert m, f"unexpected new page {rel}"
        section, year, region, year_region = m.groups()
        if year_region:
            assert (int(year), year_region) not in old_year_regions, f"{rel}: a year and region of N = 10 got a new page"
        elif region:
            assert region not in old_regions, f"{rel}: a region of N = 10 got a new page"
        else:
            before = old_calendar_years if section == "calendar" else old_years
            assert int(year) not in before, f"{rel}: a year of N = 10 got a new page"


def test_no_page_links_to_every_campaign(sites):
    data, site, _ = sites[LARGE]
    slugs = {c["slug"] for c in data["campaigns"]}
    for rel, info in pages(site).items():
        assert len(listed(info, slugs)) < len(slugs), f"{rel} links to every campaign"


# ---------------------------------------------------------------- nothing is lost

def test_every_file_is_reachable_from_the_hub_and_the_materials_page(sites):
    """At N = 20 the hub and the materials page list only the newest campaigns: the rest is on
    their year pages, and nothing is lost."""
    _, site, _ = sites[LARGE]
    root = site.resolve()
    pdfs = {p.resolve() for p in site.rglob("*.pdf")}
    feeds = {p.resolve() for p in site.rglob("*.ics")}
    assert len(pdfs) >= 3 * 2 * LARGE and len(feeds) >= 3 * (LARGE + 1)
    for prefix in LANG_PREFIXES:
        for start, wanted in (("teachers/", pdfs | feeds), ("materials/", pdfs)):
            visited, found, broken = crawl(site, prefix + start, prefix + start)
            assert not broken, broken
            assert len(visited) > 1, f"{prefix}{start} links none of its year pages"
            missing = sorted(p.relative_to(root).as_posix() for p in wanted - found)
            assert not missing, f"not reachable from {prefix}{start}: {missing[:5]} …"


def test_calendar_year_pages_hold_every_activity(sites):
    """Every activity of every campaign is on a year page linked from the calendar."""
    data, site, model = sites[LARGE]
    for prefix in LANG_PREFIXES:
        visited, _, broken = crawl(site, prefix + "calendar/", prefix + "calendar/year/")
        assert all(href.startswith("webcal://") for _, href in broken), broken
        assert len(visited) > 1
        found = set().union(*(pages(site)[f"{url}index.html"].rows for url in visited))
        assert found == {(c.slug, a.n) for c in model.campaigns for a in c.activities()}


LISTINGS = ("campaigns/year/", "campaigns/region/", "materials/year/", "teachers/year/", "calendar/year/",
            "calendar/bodies/", "calendar/regions/", "translation-status/")


def test_listing_pages_stay_out_of_the_search_index(sites):
    """Listings (by year, region or body) are not marked for search; every campaign page is, and
    Pagefind's index of each language holds just the marked pages."""
    from scripts.pages.render import is_redirect

    _, site, model = sites[LARGE]
    marked = {prefix: 0 for prefix in LANG_PREFIXES}
    for file in site.rglob("*.html"):
        rel = file.relative_to(site).as_posix()
        below = LANG.sub("", rel)
        html = file.read_text(encoding="utf-8")
        is_marked = "data-pagefind-body" in html
        marked[rel[: len(rel) - len(below)]] += is_marked
        if below.startswith(LISTINGS):
            assert not is_marked, rel
        if re.fullmatch(r"campaigns/[a-z0-9-]+/index\.html", below) and not is_redirect(file):
            assert is_marked, rel
    assert all(count > len(model.campaigns) for count in marked.values()), marked
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: part["page_count"] for lang, part in entry["languages"].items()} == {
        "kk": marked[""], "ru": marked["ru/"], "en": marked["en/"]}


# A typical query per language: the words of the seed campaigns the synthetic ones are made of.
TYPICAL_QUERIES = {"kk": "сенім телефоны", "ru": "телефон доверия", "en": "child labour"}


def test_a_search_query_fetches_at_most_300_kb_at_every_size(sites, tmp_path_factory, capsys):
    """Served by the production nginx configuration, a query typed with a cold cache fetches the
    page language's part of the index only, at most SEARCH_BUDGET bytes (compressed, everything
    the search needs), at N = 10 and N = 20 alike: the index is read in chunks and fragments."""
    from playwright import sync_api

    from test_browser import launch, serving
    from test_search import SEARCH_BUDGET, open_search, search, served_bytes

    rows = []
    with sync_api.sync_playwright() as pw:
        chromium = launch(pw)
        try:
            for n in SIZES:
                _, site, _ = sites[n]
                with serving(site, tmp_path_factory.mktemp(f"nginx-{n}")) as server:
                    for lang, query in TYPICAL_QUERIES.items():
                        context = chromium.new_context(viewport={"width": 360, "height": 640})
                        try:
                            page = context.new_page()
                            page.goto(server.url(lang, "help/"), wait_until="load")
                            before = server.access_log_size()
                            open_search(page)
                            found = search(page, query)
                            page.wait_for_timeout(200)
                            lines = server.access_log_since(before)
                            rows.append((n, lang, query, len(found), served_bytes(lines)))
                            assert found, (n, lang, query)
                            others = [code for code in TYPICAL_QUERIES if code != lang]
                            assert not [ln for ln in lines if re.search(rf"/pagefind/\S*\b({'|'.join(others)})_", ln)]
                        finally:
                            context.close()
        finally:
            chromium.close()
    with capsys.disabled():
        print(f"\nA query with a cold cache (bytes on the wire, compressed; budget {SEARCH_BUDGET // 1000} KB):")
        for n, lang, query, count, spent in rows:
            print(f"  N = {n:3} {lang} {query:20} {count:3} results  {spent / 1000:6.1f} KB")
    assert all(spent <= SEARCH_BUDGET for *_, spent in rows), rows


def test_now_and_coming_up_is_cut_at_its_bound(sites, monkeypatch):
    """More campaigns on at once than NOW_LIMIT: the main page shows NOW_LIMIT of them and says
    the others are on the year pages (at N = 20 fewer are on at once, so the bound is lowered)."""
    _, _, model = sites[LARGE]
    on = calendar.View("", events.entries(model), TODAY, "en", summary=True)._now
    assert len(on) > 3
    monkeypatch.setattr(calendar, "NOW_LIMIT", 3)
    page = calendar.outputs(model, today=TODAY)["en/calendar/index.md"]
    now = page.split("{ #now }", 1)[1].split("{ #by-year }", 1)[0]
    assert len(set(re.findall(r"campaigns/([a-z0-9-]+)/plan/index\.md#activity-", now))) == 3
    assert "Only the first 3 campaigns are shown here" in now
    # and of each campaign at most NOW_ROWS rows, with a link to the rest on its calendar
    rows = {g.campaign.slug: len(g.rows) for g in on[:3]}
    assert max(rows.values()) > 2
    monkeypatch.setattr(calendar, "NOW_ROWS", 2)
    page = calendar.outputs(model, today=TODAY)["en/calendar/index.md"]
    now = page.split("{ #now }", 1)[1].split("{ #by-year }", 1)[0]
    for slug, count in rows.items():
        shown = re.findall(rf"campaigns/{slug}/plan/index\.md#activity-", now)
        assert len(shown) == min(count, 2), slug
        more = re.search(rf"coming up \({count - 2}\) are on its calendar\.\]\((?:\.\./)*calendar/{slug}/index\.md#now\)", now)
        assert bool(more) == (count > 2), slug
