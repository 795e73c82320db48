"""A new campaign goes in green: the seed data plus one campaign as a new editor adds it
(conftest.new_campaign_site: a new slug, a new year, a region and a body used for the first
time, an existing body in a year it had no activity, a weekly activity, a list of dates, a
monthly one, a motto, figures and a lesson) builds, and the site-wide checks hold for it: pages
in three languages, calendars and feeds, posters, the teachers' hub, links, and the first view
in a browser behind the production nginx configuration.

The calendar rules themselves run over this site too (tests/test_calendar.py, ``checked_site``).
Any content that `make validate` accepts must pass `make test`."""
import datetime as dt
import subprocess
from collections import defaultdict

import icalendar
import pytest
import recurring_ical_events
from bs4 import BeautifulSoup

from scripts.publish import links
from scripts.pages.dates import format_when
from scripts.sources.languages import SETTINGS

LANGS = list(SETTINGS)


def page(site, lang, path) -> BeautifulSoup:
    return BeautifulSoup((site / SETTINGS[lang].prefix / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def the_campaign(new):
    return next(c for c in new.data.campaigns if c.slug == new.slug)


@pytest.mark.parametrize("lang", LANGS)
def test_its_pages_in_three_languages(new_campaign_site, lang):
    new = new_campaign_site
    c = the_campaign(new)
    soup = page(new.site, lang, f"campaigns/{c.slug}")
    assert soup.html["lang"] == lang
    text = " ".join(soup.get_text(" ").split())
    for piece in (c.name[lang], c.motto[lang], c.figures[0].label[lang]):
        assert " ".join(piece.split()) in text, piece
    for a in c.activities():  # every date in the reader's language, the weekly one included
        assert " ".join(format_when(a.when, lang).split()) in text, a.n
    # listed on the campaigns page, and its lesson has its page
    assert soup.select_one(f'a[href$="{c.slug}/"]') or page(new.site, lang, "campaigns").select_one(f'a[href*="{c.slug}/"]')
    lesson = page(new.site, lang, f"lessons/{new.lesson}")
    assert lesson.html["lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_its_calendars_year_region_and_feed(new_campaign_site, lang):
    new = new_campaign_site
    c = the_campaign(new)
    year = page(new.site, lang, f"calendar/year/{new.year}")
    assert year.select_one(f'#by-region ~ ul a[href="{new.region}/"]'), "the new region is on the new year's page"
    assert page(new.site, lang, f"calendar/year/{new.year}/{new.region}").select("tr.cal-entry")
    assert page(new.site, lang, f"calendar/regions/{new.region}").select_one(f'a[href$="bodies/{new.body}/"]')
    # "now" on the build date (the first day of the weekly activity) follows the occurrences
    now = page(new.site, lang, "calendar")
    assert any(f"campaigns/{c.slug}/plan/#activity-1" in a["href"] for a in now.select("#now ~ * tr.cal-entry--now a[href]")
               ), "the weekly activity is on now on its first day"
    feed = icalendar.Calendar.from_ical((new.site / SETTINGS[lang].prefix / "calendar" / f"{c.slug}.ics").read_bytes())
    days = defaultdict(list)
    for event in recurring_ical_events.of(feed).between(dt.date(new.year, 1, 1), dt.date(new.year + 1, 12, 31)):
        days[int(str(event["UID"]).split("@")[0].rsplit("-", 1)[1])].append(event.start)
    for a in c.activities():
        assert sorted(days[a.n]) == a.when.occurrences(), a.n


@pytest.mark.parametrize("lang", LANGS)
def test_its_posters_and_the_teachers_hub(new_campaign_site, lang):
    new = new_campaign_site
    c = the_campaign(new)
    folder = new.site / SETTINGS[lang].prefix / "campaigns" / c.slug
    for paper in ("a4", "a3"):
        pdf = folder / f"poster-{paper}.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-", pdf
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
        assert " ".join(c.name[lang].split()) in text and "111" in text, (pdf, text[:200])
    hub = page(new.site, lang, "teachers")
    hrefs = [a["href"] for a in hub.select("a[href]")]
    assert any(h.endswith(f"lessons/{new.lesson}/") for h in hrefs), "the newest campaign's lesson is on the hub"
    assert any(h.endswith(f"lessons/{new.lesson}/lesson.pdf") for h in hrefs)
    assert (new.site / SETTINGS[lang].prefix / "lessons" / new.lesson / "lesson.pdf").read_bytes()[:5] == b"%PDF-"


def test_every_link_of_the_site_resolves(new_campaign_site):
    pages, broken = links.check_site(new_campaign_site.site, new_campaign_site.data.site.url)
    assert pages > 100 and not broken, "\n".join(map(str, broken[:20]))


# ---------------------------------------------------------------- in a browser, behind nginx

@pytest.fixture(scope="module")
def built_site(new_campaign_site):
    """test_browser's server (production nginx configuration) serves this site here."""
    return new_campaign_site.site


from test_browser import PAGE_WEIGHT_BUDGET, browser, server  # noqa: E402,F401  (fixtures, reused)

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("lang", LANGS)
def test_first_view_on_a_phone(new_campaign_site, server, browser, lang, tmp_path_factory):  # noqa: F811
    """What a reader arriving from the poster's QR code sees at once: the campaign's name, the
    111 line, nothing broken, within the page-weight budget."""
    new = new_campaign_site
    c = the_campaign(new)
    context = browser.new_context(viewport=PHONE)
    try:
        p = context.new_page()
        errors, finished = [], []
        p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        p.on("requestfinished", lambda r: finished.append(r))
        response = p.goto(server.url(lang, f"campaigns/{c.slug}/"), wait_until="networkidle")
        assert response.status == 200
        h1 = p.locator("article h1").first
        assert " ".join(c.name[lang].split()) in " ".join(h1.inner_text().split())
        box = h1.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], "the name is in the first view"
        helpline = p.locator("a[href='tel:111']").first
        hb = helpline.bounding_box()
        assert hb and hb["y"] < PHONE["height"], "the 111 line is in the first view"
        assert not errors, errors
        weight = sum(r.sizes()["responseHeadersSize"] + r.sizes()["responseBodySize"] for r in finished)
        assert weight <= PAGE_WEIGHT_BUDGET, weight
        p.screenshot(path=str(tmp_path_factory.getbasetemp() / f"new-campaign-{lang}.png"))
    finally:
        context.close()
