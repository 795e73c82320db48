"""Calendars: pages by month, .ics feeds read back with an independent reader
(recurring-ical-events), stable UIDs, schema.org events, and bad dates reported with their line."""
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
import recurring_ical_events
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, run_cli, validate_here
from scripts.pages import calendar, events
from scripts.sources import schedule
from scripts.pages.dates import format_month_heading
from scripts.sources.languages import SETTINGS
from scripts.pages.render import is_redirect
from scripts.sources.validate import load_data

LANGS = {lang: s.prefix for lang, s in SETTINGS.items()}
SEEDS = ["12-days-against-child-labour", "bakytty-bala-bakytty-el", "karaganda-road-map-2023-2025"]  # 000, 001, 004
ROW_LINK = re.compile(r"campaigns/([a-z0-9-]+)/plan/#activity-(\d+)$")  # the activity on its campaign's plan page

DATA = load_data(ROOT / "campaigns.yml")
HOST = urlsplit(DATA.site.url).hostname


def norm(text: str) -> str:
    return " ".join(str(text).split())


def is_dated(activity) -> bool:
    return activity.when is not None and activity.when.kind != "text"


def campaign(slug, data=DATA):
    return next(c for c in data.campaigns if c.slug == slug)


def expected_months(when) -> set[str] | None:
    """Month sections an activity belongs in, worked out here from campaigns.yml
    (None: no month of its own, so it belongs under 'ongoing')."""
    if when.kind in ("date", "range", "month", "by"):
        value = when.date or when.start or when.month or when.by
        return {f"m-{value[:7]}"}
    if when.kind in ("weekly", "monthly", "dates"):  # their days are checked by hand below (REPEATING_DAYS)
        return {f"m-{d.year}-{d.month:02d}" for d in when.occurrences()}
    if when.kind == "repeat" and when.months:
        return {f"m-{y}-{m:02d}" for y in range(when.from_year, when.until_year + 1) for m in when.months}
    return None


def site_file(site: Path, url_path: str) -> Path:
    """The file a site-root-relative URL path is served from."""
    target = site / url_path.lstrip("/")
    return target / "index.html" if url_path.endswith("/") or target.is_dir() else target


def soup_of(site: Path, lang: str, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / LANGS[lang] / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def rows_by_section(soup: BeautifulSoup) -> dict[str, set[tuple[str, int]]]:
    sections = defaultdict(set)
    for row in soup.select("tr.cal-entry"):
        link = ROW_LINK.search(row.find("a")["href"])
        sections[row.find_previous("h2")["id"]].add((link[1], int(link[2])))
    return sections


def read_feed(site: Path, lang: str, name: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / LANGS[lang] / "calendar" / f"{name}.ics").read_bytes())


# ---------------------------------------------------------------- the built site

def year_pages(site: Path, lang: str, path: str) -> dict[int, BeautifulSoup]:
    """The year pages the main calendar page (``path`` below the language root) links to."""
    soup = soup_of(site, lang, path)
    years = {int(m[1]) for a in soup.select("article a[href]") if (m := re.fullmatch(r"(?:year/)?(\d{4})/", a["href"]))}
    assert years, path
    year_dir = "year/" if path == "calendar" else ""
    return {year: soup_of(site, lang, f"{path}/{year_dir}{year}") for year in sorted(years)}


def year_region_pages(site: Path, lang: str) -> dict[str, BeautifulSoup]:
    """calendar/year/<year>/<region> -> the page of one year in one region, as the year pages
    link them; a year page itself lists no activities, only its regions and campaigns."""
    out = {}
    for year, soup in year_pages(site, lang, "calendar").items():
        assert not soup.select("tr.cal-entry"), year
        regions = [re.fullmatch(r"([a-z0-9.-]+)/", a["href"])[1] for a in soup.select("#by-region ~ ul")[0].select("a[href]")]
        assert regions, year
        for region in regions:
            out[f"calendar/year/{year}/{region}"] = soup_of(site, lang, f"calendar/year/{year}/{region}")
    return out


def rows_of_years(site: Path, lang: str, data=DATA) -> dict[str, set[tuple[str, int]]]:
    """Rows by section over the pages of every year in every region the main calendar page
    leads to; each has only its own year's months and its own region's campaigns."""
    sections = defaultdict(set)
    regions = {c.slug: c.region for c in data.campaigns}
    for path, soup in year_region_pages(site, lang).items():
        year, region = path.split("/")[2:]
        for section, ids in rows_by_section(soup).items():
            assert not section.startswith("m-") or section.startswith(f"m-{year}-"), (path, section)
            assert {regions[slug] for slug, _ in ids} == {region}, (path, section)
            sections[section] |= ids
    return sections


@pytest.fixture(params=["seeds", "new campaign"])
def checked_site(request):
    """The rules below hold for the seed site and for the seed site with a new campaign added
    (conftest.new_campaign_site): a site, its data, the campaigns to follow closely (seeds 000,
    001 and 004 have every kind of date the seeds use; the new campaign has the weekly, monthly
    and list-of-dates forms) and its build date."""
    from types import SimpleNamespace

    if request.param == "seeds":
        return SimpleNamespace(site=request.getfixturevalue("built_site"), data=DATA, slugs=SEEDS,
                               today=schedule.build_date())
    new = request.getfixturevalue("new_campaign_site")
    return SimpleNamespace(site=new.site, data=new.data, slugs=[new.slug], today=new.today)


@pytest.mark.parametrize("lang", LANGS)
def test_every_dated_activity_is_in_the_calendar_pages(checked_site, lang):
    """On the year pages of the calendar (everything) and on each campaign's page."""
    built_site, data = checked_site.site, checked_site.data
    everything = rows_of_years(built_site, lang, data)
    for slug in checked_site.slugs:
        own = rows_by_section(soup_of(built_site, lang, f"calendar/{slug}"))
        activities = campaign(slug, data).activities()
        dated = [a for a in activities if is_dated(a)]
        assert dated, slug
        for sections in (everything, own):
            listed = {n for section, ids in sections.items() if section not in ("now", "undated")
                      for s, n in ids if s == slug}
            assert len(listed) == len(dated) and listed == {a.n for a in dated}, (lang, slug)
            for a in activities:
                where = {section for section, ids in sections.items() if (slug, a.n) in ids} - {"now"}
                if not is_dated(a):
                    assert where == {"undated"}, (lang, slug, a.n)
                else:
                    assert where == (expected_months(a.when) or {"ongoing"}), (lang, slug, a.n, where)


@pytest.mark.parametrize("lang", LANGS)
def test_every_dated_activity_is_in_the_feeds(checked_site, lang):
    built_site, data = checked_site.site, checked_site.data
    everything = read_feed(built_site, lang, "all")
    all_uids = [str(e["UID"]) for e in everything.walk("VEVENT")]
    assert len(all_uids) == len(set(all_uids))
    for slug in checked_site.slugs:
        dated = [a for a in campaign(slug, data).activities() if is_dated(a)]
        expected = {f"{slug}-{a.n}@{HOST}" for a in dated}
        events = list(read_feed(built_site, lang, slug).walk("VEVENT"))
        assert len(events) == len(dated)
        assert {str(e["UID"]) for e in events} == expected
        assert expected <= set(all_uids)
        texts = {f"{slug}-{a.n}@{HOST}": a for a in dated}
        for event in events:
            a = texts[str(event["UID"])]
            assert str(event["SUMMARY"]) == norm(a.text[lang])
            assert event["SUMMARY"].params["LANGUAGE"] == lang
            assert str(event["URL"]) == f"{DATA.site.url}{LANGS[lang]}campaigns/{slug}/plan/#activity-{a.n}"
            # all-day: DATE values, not date-times
            assert type(event.decoded("DTSTART")) is dt.date and type(event.decoded("DTEND")) is dt.date
            assert event["TRANSP"] == "TRANSPARENT"


def test_feeds_expand_with_an_independent_reader(built_site):
    slug = "karaganda-road-map-2023-2025"
    road_map = campaign(slug)
    quarterly = [a.n for a in road_map.activities() if a.when and a.when.repeat == "quarterly"]
    four_months = [a.n for a in road_map.activities() if a.when and a.when.months == [3, 6, 9, 12]]
    assert quarterly and four_months  # seed 004: «тоқсан сайын»; «жыл сайын қыркүйек, желтоқсан, наурыз, маусым»
    for lang in LANGS:
        occurrences = defaultdict(list)
        for event in recurring_ical_events.of(read_feed(built_site, lang, slug)).between(dt.date(2020, 1, 1), dt.date(2030, 1, 1)):
            occurrences[str(event["UID"])].append((event.start, event.end))
        for n in quarterly:
            starts = sorted(s for s, _ in occurrences[f"{slug}-{n}@{HOST}"])
            for year in (2023, 2024, 2025):
                assert [s for s in starts if s.year == year] == [dt.date(year, m, 1) for m in (1, 4, 7, 10)]
            assert len(starts) == 12
        for n in four_months:
            spans = sorted(occurrences[f"{slug}-{n}@{HOST}"])
            assert [(s.year, s.month) for s, _ in spans] == [(y, m) for y in (2023, 2024, 2025) for m in (3, 6, 9, 12)]
            for start, end in spans:  # each occurrence stays within its month
                assert start.day == 1 and (end - dt.timedelta(days=1)).month == start.month
        for a in road_map.activities():  # every recurring activity of the seed expands
            if a.when and a.when.repeat and a.when.repeat != "all-year":
                assert len(occurrences[f"{slug}-{a.n}@{HOST}"]) >= 3, a.n


# The calendar generator run on its own in a fresh interpreter (another hash seed, another order
# of whatever is kept in sets and dicts): the feeds it writes, by site path, as SHA-256.
FEEDS_APART = """
import hashlib, json, sys
from pathlib import Path
from scripts.pages import calendar
from scripts.sources.languages import SETTINGS
from scripts.sources.validate import load_data
out = calendar.outputs(load_data(Path(sys.argv[1])))
print(json.dumps({SETTINGS[rel.split("/", 1)[0]].prefix + rel.split("/", 1)[1]: hashlib.sha256(content if isinstance(content, bytes) else content.encode()).hexdigest()
                  for rel, content in out.items() if rel.endswith(".ics")}))
"""


def test_the_built_feeds_are_what_the_generator_writes_again_in_another_process(built_site):
    """The built site's feeds are byte for byte what the calendar generator writes again in
    another process: the feeds of a build do not depend on the run (UIDs, DTSTAMP, order). The
    build copies the generator's files as they are (MkDocs' static files); a second whole build
    would only repeat that copy."""
    feeds = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.ics"))
    assert len(feeds) == 3 * (len(DATA.campaigns) + 1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}  # SOURCE_DATE_EPOCH, if set, as the build had it
    proc = subprocess.run([sys.executable, "-c", FEEDS_APART, str(ROOT / "campaigns.yml")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    again = json.loads(proc.stdout)
    assert sorted(again) == feeds
    for rel in feeds:
        assert hashlib.sha256((built_site / rel).read_bytes()).hexdigest() == again[rel], rel


def test_uids_do_not_depend_on_positions_or_the_date():
    def uids(data, today):
        out = calendar.outputs(data, today=today)
        return {path: {str(e["UID"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT")}
                for path, content in out.items() if path.endswith(".ics")}

    reordered = DATA.model_copy(update={"campaigns": list(reversed([
        c.model_copy(update={"sections": [s.model_copy(update={"activities": list(reversed(s.activities))})
                                          for s in reversed(c.sections)]})
        for c in DATA.campaigns]))})
    assert uids(DATA, dt.date(2024, 1, 1)) == uids(reordered, dt.date(2026, 6, 1))
    # the feeds themselves do not depend on the build date either
    first = calendar.outputs(DATA, today=dt.date(2024, 1, 1))
    second = calendar.outputs(DATA, today=dt.date(2026, 6, 1))
    assert all(first[p] == second[p] for p in first if p.endswith(".ics"))


@pytest.mark.parametrize("lang", LANGS)
def test_entries_link_to_their_campaign_and_show_bodies_as_abbreviations(checked_site, lang):
    """Each row links to its activity on the campaign page and names its bodies by their
    abbreviations, each linked to the page's list of abbreviations, which spells it out."""
    built_site, data = checked_site.site, checked_site.data
    agencies = {a.id: a for a in data.agencies}
    pages = {"calendar": soup_of(built_site, lang, "calendar")}
    pages.update(year_region_pages(built_site, lang))
    rows = 0
    for path, soup in pages.items():
        page_url = f"/{LANGS[lang]}{path}/"
        # the page's list of abbreviations: its entries by id, each checked once below
        listed = {el["id"]: el for el in soup.select('[id^="body-"]')}
        checked = set()
        for row in soup.select("tr.cal-entry"):
            rows += 1
            href = row.find("a")["href"]
            slug, n = ROW_LINK.search(href).groups()
            assert site_file(built_site, urlsplit(urljoin(page_url, href)).path).exists(), href
            activity = next(a for a in campaign(slug, data).activities() if a.n == int(n))
            refs = [abbr.parent["href"] for abbr in row.select("abbr")]
            assert refs == [f"#body-{agencies[i].anchor}" for i in activity.agency_ids()], (path, slug, n)
            for ident in set(activity.agency_ids()) - checked:
                checked.add(ident)
                entry = listed.get(f"body-{agencies[ident].anchor}")
                assert entry is not None and entry.find_previous("h2")["id"] == "bodies", (path, ident)
                assert entry.get_text() == agencies[ident].abbr[lang]
                assert agencies[ident].name[lang] in entry.parent.get_text(" ", strip=True), (path, ident)
    assert rows > 50


@pytest.mark.parametrize("lang", LANGS)
def test_narrower_calendars_per_campaign_and_per_body(checked_site, lang):
    """Each campaign's calendar is linked from the year pages of its years; each body's from
    its region's page, which the main page links (with the number of the region's bodies); a
    body's page lists its activities of this year and later by month, and the campaigns of its
    earlier ones with their number."""
    built_site, data, today = checked_site.site, checked_site.data, checked_site.today
    every = events.entries(data)
    soup = soup_of(built_site, lang, "calendar")
    regions = {a["href"]: a.parent.get_text() for a in soup.select("#by-body ~ ul a[href]")}
    agencies = {a.id: a for a in data.agencies}
    links = []
    for href, item in regions.items():
        region = re.fullmatch(r"regions/([a-z0-9.-]+)/", href).group(1)
        page = soup_of(built_site, lang, f"calendar/regions/{region}")
        bodies = [a["href"] for a in page.select("article li a[href]")]
        assert item.endswith(f"({len(bodies)})"), item
        for body in bodies:
            ident = re.fullmatch(r"\.\./\.\./bodies/([a-z0-9.-]+)/", body).group(1)
            assert agencies[ident].region == region
            links.append(f"bodies/{ident}/")
    for year, page in year_pages(built_site, lang, "calendar").items():
        year_links = {a["href"] for a in page.select("#by-campaign ~ ul a[href]")}
        expected = {f"../../{c.slug}/" for c in data.campaigns
                    if any(year in (e.years) for e in every if e.campaign.slug == c.slug)}
        assert expected and expected <= year_links, year
    used = {i for c in data.campaigns for a in c.activities() for i in a.agency_ids()}
    for ident in used:
        assert f"bodies/{ident}/" in links
        page = soup_of(built_site, lang, f"calendar/bodies/{ident}")
        body = rows_by_section(page)
        own = [e for e in every if ident in e.activity.agency_ids()]
        # by month: what belongs to this year or later; earlier years: their campaigns, counted
        expected = {(e.campaign.slug, e.activity.n) for e in own if max(e.years) >= today.year}
        assert set().union(*(ids for section, ids in body.items() if section != "now")) == expected, ident
        earlier = Counter(e.campaign.slug for e in own if max(e.years) < today.year)
        listed = page.select("#earlier ~ ul")[0].select("li") if earlier else []
        assert {re.fullmatch(r"\.\./\.\./([a-z0-9-]+)/", li.a["href"])[1]: int(re.search(r"\((\d+)\)$", li.get_text())[1])
                for li in listed} == earlier, ident
        assert expected or earlier, ident


def test_old_body_pages_per_year_lead_to_the_body_page(checked_site):
    """Until December 2026 a body's calendar had a page per year; those addresses (listed in
    redirects.yml: they are a contract, printed and bookmarked) lead to the body's one page. A
    body in a year that never had such a page (a new body, or an old one in a new year) needs
    no old address: nothing is expected of it (this test used to expect one for every body and
    year, so any new campaign turned the tests red)."""
    from scripts.pages.redirects import load as load_redirects

    built_site, data = checked_site.site, checked_site.data
    redirects, _ = load_redirects(ROOT / "redirects.yml")
    per_year = [r for r in redirects if re.fullmatch(r"calendar/bodies/[a-z0-9.-]+/\d{4}/", r.from_)]
    assert per_year  # the old addresses are kept for good
    bodies = {a.id for a in data.agencies}
    for lang in LANGS:
        for r in per_year:
            ident = r.from_.split("/")[2]
            assert ident in bodies and r.to == f"calendar/bodies/{ident}/", r.from_
            old = built_site / LANGS[lang] / r.from_ / "index.html"
            assert is_redirect(old), old
            target = BeautifulSoup(old.read_text(encoding="utf-8"), "html.parser").select_one("body a[href]")["href"]
            assert (old.parent / target / "index.html").resolve() == \
                (built_site / LANGS[lang] / r.to / "index.html").resolve()


def test_a_body_in_a_year_it_had_no_activity_before(new_campaign_site):
    """The failure mode of issue 19: an existing body given an activity in a year it had none
    before (and a body used for the first time) builds, and its calendar lists the activity."""
    site, data = new_campaign_site.site, new_campaign_site.data
    for ident in (new_campaign_site.old_body, new_campaign_site.body):
        years_before = {y for e in events.entries(DATA) if ident in e.activity.agency_ids() for y in e.years}
        assert new_campaign_site.year not in years_before, ident
        for lang in LANGS:
            rows = rows_by_section(soup_of(site, lang, f"calendar/bodies/{ident}"))
            listed = set().union(*rows.values())
            assert {(new_campaign_site.slug, a.n) for a in campaign(new_campaign_site.slug, data).activities()
                    if ident in a.agency_ids()} <= listed, (lang, ident)
            assert not (site / LANGS[lang] / "calendar" / "bodies" / ident / str(new_campaign_site.year)).exists()


@pytest.mark.parametrize("lang", LANGS)
def test_subscribe_and_download_links(checked_site, lang):
    built_site, slugs = checked_site.site, checked_site.slugs
    pages = [("calendar", "all")] + [(f"campaigns/{slug}", slug) for slug in slugs] + [(f"calendar/{slug}", slug) for slug in slugs]
    for path, feed in pages:
        soup = soup_of(built_site, lang, path)
        webcal = [a["href"] for a in soup.select('a[href^="webcal://"]')]
        assert webcal == [f"webcal://{HOST}/{LANGS[lang]}calendar/{feed}.ics"], path
        downloads = [a["href"] for a in soup.select('a[href$=".ics"]') if not a["href"].startswith("webcal:")]
        assert len(downloads) == 1, path
        url = urljoin(f"/{LANGS[lang]}{path}/", downloads[0])
        assert url == f"/{LANGS[lang]}calendar/{feed}.ics"
        assert site_file(built_site, url).exists()


@pytest.mark.parametrize("lang", LANGS)
def test_json_ld_events_on_campaign_pages(checked_site, lang):
    """On the campaign's plan page, with the activities (the campaign page shows only the first ones)."""
    built_site, data = checked_site.site, checked_site.data
    for c in data.campaigns:
        assert not soup_of(built_site, lang, f"campaigns/{c.slug}").select('script[type="application/ld+json"]')
        if not c.sections:
            continue
        soup = soup_of(built_site, lang, f"campaigns/{c.slug}/plan")
        scripts = soup.select('script[type="application/ld+json"]')
        dated = [a for a in c.activities() if is_dated(a)]
        if not dated:
            assert not scripts
            continue
        assert len(scripts) == 1
        document = json.loads(scripts[0].string)
        assert document["@context"] == "https://schema.org"
        events = document["@graph"]
        assert [e["name"] for e in events] == [norm(a.text[lang]) for a in dated]
        for event, a in zip(events, dated):
            assert event["@type"] == "Event"
            start = dt.date.fromisoformat(event["startDate"])
            assert dt.date.fromisoformat(event["endDate"]) >= start
            assert event["inLanguage"] == lang
            assert event["url"] == f"{data.site.url}{LANGS[lang]}campaigns/{c.slug}/plan/#activity-{a.n}"
            organizers = [o["name"] for o in event.get("organizer", [])]
            assert organizers == [next(g for g in data.agencies if g.id == i).name[lang] for i in a.agency_ids()]


def test_calendar_is_in_the_navigation(built_site):
    for lang, word in {"kk": "Күнтізбе", "ru": "Календарь", "en": "Calendar"}.items():
        nav = soup_of(built_site, lang, "").select_one("nav.md-nav--primary")
        assert word in nav.get_text(" ")


# ---------------------------------------------------------------- every form of date (fixture)

FORMS = load_data(FIXTURES / "minimal.yml", extra=(FIXTURES / "calendar-forms.yml",))
D = dt.date


def month_starts(years, months):
    return [D(y, m, 1) for y in years for m in months]


# activity number -> (first day of each occurrence, last day of each occurrence), written out by hand
EXPECTED = {
    1: ([D(2024, 2, 29)], [D(2024, 2, 29)]),
    2: ([D(2024, 5, 30)], [D(2024, 6, 15)]),
    3: ([D(2024, 2, 1)], [D(2024, 2, 29)]),
    4: ([D(2024, 6, 10)], [D(2024, 6, 10)]),
    5: ([D(2024, 1, 1)], [D(2025, 12, 31)]),
    6: (month_starts((2023, 2024, 2025), (3, 6, 9, 12)), None),
    7: (month_starts((2023, 2024, 2025), (1,)), None),
    8: (month_starts((2023, 2024, 2025), (6, 12)), None),
    9: (month_starts((2023, 2024, 2025), (1, 7)), None),
    10: (month_starts((2023, 2024, 2025), (1, 4, 7, 10)), None),
    11: ([D(2023, 9, 1), D(2024, 9, 1)], [D(2024, 5, 31), D(2025, 5, 31)]),
    12: ([D(2023, 1, 1)], [D(2025, 12, 31)]),
}


def fixture_feed(lang="en"):
    out = calendar.outputs(FORMS, today=D(2024, 6, 10))
    return icalendar.Calendar.from_ical(out[f"{lang}/calendar/every-date-form.ics"])


def test_every_form_expands_to_its_dates():
    occurrences = defaultdict(list)
    for event in recurring_ical_events.of(fixture_feed()).between(D(2020, 1, 1), D(2030, 1, 1)):
        occurrences[str(event["UID"])].append((event.start, event.end - dt.timedelta(days=1)))
    assert set(occurrences) == {f"every-date-form-{n}@example.test" for n in EXPECTED}  # 13, 14: no date
    for n, (starts, ends) in EXPECTED.items():
        got = sorted(occurrences[f"every-date-form-{n}@example.test"])
        assert [s for s, _ in got] == starts, n
        if ends:
            last_days = [e for _, e in got]
            if n == 11:  # school years differ in length: the shorter one is used (see calendar.py)
                assert last_days[0] <= ends[0] and last_days[1] == ends[1]
            else:
                assert last_days == ends, n
        else:  # a recurring period: never spills into the next one, and covers most of it
            for start, end in got:
                following = schedule.add_months(start, {6: 1, 7: 12, 8: 1, 9: 6, 10: 3}[n])
                assert following - dt.timedelta(days=4) <= end < following, (n, start, end)


def test_rrules_are_written_as_documented():
    rules = {str(e["UID"]).split("@")[0].rsplit("-", 1)[1]: e.get("RRULE") for e in fixture_feed().walk("VEVENT")}
    assert rules["6"].to_ical() == b"FREQ=YEARLY;UNTIL=20251231;BYMONTH=3,6,9,12"
    assert rules["10"].to_ical() == b"FREQ=MONTHLY;UNTIL=20251231;INTERVAL=3"
    assert rules["9"].to_ical() == b"FREQ=MONTHLY;UNTIL=20251231;INTERVAL=6"
    assert rules["11"].to_ical() == b"FREQ=YEARLY;UNTIL=20241231"
    assert rules["12"] is None and rules["5"] is None and rules["1"] is None


def page_rows(markdown: str) -> dict[str, dict[int, str | None]]:
    """Section anchor -> {activity number: 'now' / 'soon' / None} from a generated page."""
    out, section = defaultdict(dict), None
    for line in markdown.splitlines():
        heading = re.match(r"^## .* \{ #([\w-]+) \}$", line)
        if heading:
            section = heading[1]
        elif line.startswith('<tr class="cal-entry'):
            row = BeautifulSoup(line, "html.parser").tr
            n = int(re.search(r"\]\([^)]*#activity-(\d+)\)", line)[1])  # the Markdown link to the campaign
            state = next((c.split("--")[1] for c in row["class"] if "--" in c), None)
            out[section][n] = state
    return out


def test_now_and_coming_up_follow_the_build_date():
    june = page_rows(calendar.outputs(FORMS, today=D(2024, 6, 10))["en/calendar/every-date-form/index.md"])
    assert set(june["now"]) == {2, 4, 5, 6, 7, 8, 9, 10, 12}
    assert set(june["now"].values()) == {"now"}
    assert june["m-2024-06"] == {4: "now", 6: "now", 8: "now"}
    assert june["m-2024-05"] == {2: "now"}
    assert june["m-2024-02"] == {1: None, 3: None}
    assert june["undated"] == {13: None, 14: None}
    july = page_rows(calendar.outputs(FORMS, today=D(2024, 7, 15))["en/calendar/every-date-form/index.md"])
    assert july["now"] == {5: "now", 7: "now", 9: "now", 10: "now", 12: "now", 6: "soon", 11: "soon"}
    assert july["m-2024-09"][6] == "soon" and july["ongoing"][11] == "soon"
    later = calendar.outputs(FORMS, today=D(2030, 1, 1))["en/calendar/index.md"]
    assert "now" not in page_rows(later)
    # points at the latest month, on the page of its year in the region of its first activity
    assert "No activity is under way now" in later and "(../calendar/year/2025/test-region/index.md#m-2025-12)" in later


def test_a_body_page_lists_this_year_and_later_by_month_and_earlier_years_by_campaign():
    page = calendar.outputs(FORMS, today=D(2025, 3, 1))["en/calendar/bodies/t.edu/index.md"]
    rows = page_rows(page)
    months = {section for section in rows if section.startswith("m-")}
    assert months == {"m-2025-03", "m-2025-06", "m-2025-09", "m-2025-12"}  # activity 6: 2023–2025
    assert all(set(rows[m]) == {6} for m in months) and rows["now"] == {6: "now"}
    earlier = page.split("{ #earlier }", 1)[1].split("{ #bodies }", 1)[0]
    # first-campaign 1 and 2 (2020), every-date-form 1 and 2 (2024): on their campaigns' calendars
    assert re.findall(r"\[([^]]+)\]\(\.\./\.\./\.\./calendar/([a-z-]+)/index\.md\) \((\d+)\)", earlier) == [
        ("Dates campaign", "every-date-form", "2"), ("First campaign", "first-campaign", "2")]
    # nothing of this year or later: only the earlier campaigns, and the pointer leads to the
    # latest month's campaign calendar
    later = calendar.outputs(FORMS, today=D(2030, 1, 1))["en/calendar/bodies/t.edu/index.md"]
    assert not [s for s in page_rows(later) if s.startswith("m-")]
    assert "(../../../calendar/every-date-form/index.md#m-2025-12)" in later and "{ #earlier }" in later
    assert "There are no activities in this list" not in later


def test_build_date_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 6, 10, 12, tzinfo=dt.timezone.utc).timestamp())))
    assert schedule.build_date() == D(2024, 6, 10)
    assert b"DTSTAMP:20240610T120000Z" in calendar.outputs(FORMS)["kk/calendar/all.ics"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    from scripts.errors import BuildFailed
    with pytest.raises(BuildFailed, match="SOURCE_DATE_EPOCH"):
        schedule.build_date()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert schedule.build_date() == dt.date.today()
    # without it, DTSTAMP is fixed by the data: the first day of the campaign
    assert b"DTSTAMP:20230101T000000Z" in calendar.outputs(FORMS)["kk/calendar/all.ics"]


@pytest.mark.parametrize("lang", LANGS)
def test_feed_text_is_in_the_feed_language(lang):
    out = calendar.outputs(FORMS, today=D(2024, 6, 10))
    events = {str(e["UID"]).split("@")[0].rsplit("-", 1)[1]: e
              for e in icalendar.Calendar.from_ical(out[f"{lang}/calendar/all.ics"]).walk("VEVENT")}
    two = events["2"]
    texts = {"kk": "Айдан айға", "ru": "Из месяца в месяц", "en": "Across months"}
    assert str(two["SUMMARY"]) == texts[lang]
    description = str(two["DESCRIPTION"])
    for piece in ({"kk": "Білім басқармасы (ББ)", "ru": "Управление образования (УО)", "en": "Education department (ED)"}[lang],
                  {"kk": "келісім бойынша", "ru": "по согласованию", "en": "by agreement"}[lang]):
        assert piece in description
    assert str(two["URL"]) == f"https://example.test/{LANGS[lang]}campaigns/every-date-form/plan/#activity-2"


def test_month_headings_use_the_locale():
    assert format_month_heading(2024, 6, "en") == "June 2024"
    assert format_month_heading(2024, 6, "ru").startswith("Июнь 2024")
    assert "маусым" in format_month_heading(2024, 6, "kk")


def test_reserved_slug_is_refused():
    from scripts.errors import BuildFailed
    data = FORMS.model_copy(update={"campaigns": [FORMS.campaigns[0].model_copy(update={"slug": "all"})]})
    with pytest.raises(BuildFailed, match="'all'"):
        calendar.outputs(data, today=D(2024, 1, 1))


# ---------------------------------------------------------------- malformed dates

MINIMAL = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
RANGE = 'when: {start: "2020-06-01", end: "2020-06-12"}'
BAD_DATES = [
    ("30 February", 'when: {start: "2020-02-30", end: "2020-06-12"}', "'2020-02-30' is not a real date"),
    ("month 13", 'when: {month: "2020-13"}', "'2020-13' has no month 13"),
    ("not ISO", 'when: {date: "10.06.2020"}', "'10.06.2020' is not a date written as YYYY-MM-DD"),
    ("end before start", 'when: {start: "2020-06-12", end: "2020-06-01"}', "the end 2020-06-01 is before the start 2020-06-12"),
    ("range without end", 'when: {start: "2020-06-01"}', "a range needs both 'start' and 'end'"),
    ("recurrence without period", "when: {repeat: yearly, months: [6]}", "needs its period"),
    ("until before from", "when: {repeat: quarterly, from: 2025, until: 2023}", "'until' 2023 is before 'from' 2025"),
    ("month 14 in a recurrence", "when: {repeat: yearly, months: [6, 14], from: 2023, until: 2025}", "months are numbered 1 to 12, not 14"),
    ("twice-yearly in three months", "when: {repeat: twice-yearly, months: [3, 6, 9], from: 2023, until: 2025}", "'twice-yearly' takes two 'months'"),
    ("two forms", 'when: {date: "2020-06-01", month: "2020-06"}', "use one form of date, not date and month"),
    ("years reversed", "when: {years: [2025, 2024]}", "'years' is [first, last]"),
]


@pytest.mark.parametrize("new,message", [c[1:] for c in BAD_DATES], ids=[c[0] for c in BAD_DATES])
def test_malformed_date_is_reported_with_its_line(tmp_path, new, message):
    bad = tmp_path / "campaigns.yml"
    bad.write_text(MINIMAL.replace(RANGE, new, 1), encoding="utf-8")
    line = MINIMAL[: MINIMAL.index(RANGE)].count("\n") + 1
    proc = validate_here("--data", str(bad), "validate")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(rf"^{re.escape(str(bad))}:{line}:\d+: campaigns\[0\]\.sections\[0\]\.activities\[0\]\.when", proc.stderr, re.M), proc.stderr
    assert message in proc.stderr, proc.stderr


def test_malformed_date_stops_the_build(tmp_path):
    bad = tmp_path / "campaigns.yml"
    bad.write_text(MINIMAL.replace(RANGE, 'when: {date: "2021-02-29"}', 1), encoding="utf-8")
    proc = run_cli("--data", str(bad), "build", "--site-dir", str(tmp_path / "site"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "'2021-02-29' is not a real date" in proc.stderr
    assert not (tmp_path / "site").exists()


# ---------------------------------------------------------------- days that repeat (fixture)

REPEATING = load_data(FIXTURES / "minimal.yml", extra=(FIXTURES / "calendar-recurring.yml",))
# activity number -> every day it happens, written out by hand
REPEATING_DAYS = {
    # weekly on Monday and Thursday, 25 November (a Wednesday) to 10 December 2026
    1: [D(2026, 11, 26), D(2026, 11, 30), D(2026, 12, 3), D(2026, 12, 7), D(2026, 12, 10)],
    # monthly on the 31st, January to June 2026: February, April and June have no 31st
    2: [D(2026, 1, 31), D(2026, 3, 31), D(2026, 5, 31)],
    # a list of dates
    3: [D(2026, 11, 25), D(2026, 12, 3), D(2026, 12, 10)],
}


@pytest.mark.parametrize("lang", LANGS)
def test_days_that_repeat_expand_to_exactly_their_days(lang):
    """Weekly, monthly and a list of dates: the feed parses with icalendar, and an independent
    reader (recurring-ical-events) expands it to exactly the days intended, each one day long."""
    out = calendar.outputs(REPEATING, today=D(2026, 11, 1))
    for name in ("repeating-days", "all"):
        feed = icalendar.Calendar.from_ical(out[f"{lang}/calendar/{name}.ics"])
        occurrences = defaultdict(list)
        for event in recurring_ical_events.of(feed).between(D(2020, 1, 1), D(2030, 1, 1)):
            occurrences[str(event["UID"])].append(event)
        for n, days in REPEATING_DAYS.items():
            got = sorted(occurrences[f"repeating-days-{n}@example.test"], key=lambda e: e.start)
            assert [e.start for e in got] == days, (lang, name, n)
            assert all(e.end - e.start == dt.timedelta(days=1) for e in got), (lang, name, n)
    events = {str(e["UID"]).split("@")[0].rsplit("-", 1)[1]: e
              for e in icalendar.Calendar.from_ical(out[f"{lang}/calendar/repeating-days.ics"]).walk("VEVENT")}
    assert events["1"]["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20261210;BYDAY=MO,TH"
    assert events["1"].decoded("DTSTART") == D(2026, 11, 26)  # the first Thursday, not the start date
    assert events["2"]["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20260630;BYMONTHDAY=31"
    assert "RRULE" not in events["3"] and events["3"].decoded("DTSTART") == D(2026, 11, 25)
    rdates = events["3"]["RDATE"]
    assert [p.dt for r in (rdates if isinstance(rdates, list) else [rdates]) for p in r.dts] == [D(2026, 12, 3), D(2026, 12, 10)]


@pytest.mark.parametrize("lang", LANGS)
def test_days_that_repeat_are_listed_once_under_each_month_they_fall_in(lang):
    page = calendar.outputs(REPEATING, today=D(2026, 1, 1))[f"{lang}/calendar/repeating-days/index.md"]
    rows = page_rows(page)
    months = {s: set(r) for s, r in rows.items() if s.startswith("m-")}
    expected = defaultdict(set)
    for n, days in REPEATING_DAYS.items():
        for day in days:
            expected[f"m-{day.year}-{day.month:02d}"].add(n)
    assert months == expected
    for section in months:  # one row per activity and month, however often it happens in it
        block = page.split(f"{{ #{section} }}", 1)[1].split("\n## ", 1)[0]
        assert len(re.findall(r'<tr class="cal-entry', block)) == len(expected[section]), section
        year, month = map(int, section[2:].split("-"))
        assert format_month_heading(year, month, lang) in page.split(f"{{ #{section} }}", 1)[0].rsplit("\n", 1)[-1]
    wording = {  # a list of days in one year gives the year once, where the language puts it
        "kk": ["дүйсенбі және бейсенбі сайын", "ай сайын 31-күні", "2026 жылғы 25 қараша, 3 желтоқсан және 10 желтоқсан"],
        "ru": ["по понедельникам и четвергам", "ежемесячно, 31-го числа", "25 ноября, 3 декабря и 10 декабря 2026 г."],
        "en": ["every Monday and Thursday", "monthly on day 31", "25 November, 3 December and 10 December 2026"],
    }[lang]
    plain = re.sub(r"[\u202f\u2009\xa0]", " ", page)
    for piece in wording:
        assert piece in plain, piece


def test_now_and_coming_up_follow_the_occurrences_not_the_range():
    """On a Thursday of the weekly activity it is on now; on the Saturday after it is only
    coming up (its next Monday), though the Saturday lies between its start and end."""
    def now(day):
        return page_rows(calendar.outputs(REPEATING, today=day)["en/calendar/repeating-days/index.md"]).get("now", {})

    assert now(D(2026, 11, 26)) == {1: "now", 3: "soon"}
    assert now(D(2026, 11, 28)) == {1: "soon", 3: "soon"}
    assert now(D(2026, 12, 3)) == {1: "now", 3: "now"}
    assert now(D(2026, 3, 31)) == {2: "now"}
    assert now(D(2026, 4, 15)) == {2: "soon"}  # its next day is 31 May
    assert now(D(2026, 12, 11)) == {}
