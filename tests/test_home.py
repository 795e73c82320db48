"""The home page of each language, built for a given day (SOURCE_DATE_EPOCH): the campaigns on
now and coming up first, then help and teachers' shortcuts; when nothing is on, the most recent
ones as ended. The hand-written introduction of docs/{lang}/index.md stays at the top.

Two builds of the real data, for days chosen by rule (not by slug): the last day of the newest
campaign (it is then on now and ends before any other that is on: it comes first), and the day
after every campaign has ended."""
import datetime as dt

import pytest
from bs4 import BeautifulSoup

from scripts.pages.dates import format_day
from scripts.sources.languages import SETTINGS, t
from scripts.pages.render import campaign_name
from scripts.pages.status import HOME_RECENT
from scripts.sources.validate import load_data

from conftest import ROOT, seed_site_on

DATA = load_data(ROOT / "campaigns.yml")
LANGS = list(SETTINGS)


def _period(c):
    return dt.date.fromisoformat(c.period.start), dt.date.fromisoformat(c.period.end)


NEWEST = max(DATA.campaigns, key=lambda c: (_period(c)[0], c.slug))
LAST_END = max(_period(c)[1] for c in DATA.campaigns)
DAYS = {"inside": _period(NEWEST)[1], "after": LAST_END + dt.timedelta(days=1)}


@pytest.fixture(scope="module", params=list(DAYS))
def built_for(request, tmp_path_factory, worker_id, seed_site):
    day = DAYS[request.param]
    return request.param, day, seed_site_on(tmp_path_factory, worker_id, seed_site, day)


def cards(site, lang):
    soup = BeautifulSoup((site / SETTINGS[lang].prefix / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup, soup.select("article ul.cards > li.card")


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_lists_the_campaign_on_now_first_or_the_most_recent_as_ended(built_for, lang):
    which, day, site = built_for
    soup, listed = cards(site, lang)
    assert listed, f"no campaign cards on the {lang} home page built for {day}"
    first = listed[0]
    link = first.select_one(".card__name a")["href"]
    status = first.select_one("[data-status]")
    if which == "inside":
        expected = NEWEST
        assert status.get_text(strip=True) == t(lang, "status.now")
    else:
        expected = max(DATA.campaigns, key=lambda c: (_period(c)[1], c.slug))
        assert status.get_text(strip=True) == t(lang, "status.ended", date=format_day(expected.period.end, lang))
        assert len(listed) <= HOME_RECENT
        assert all("status--ended" in card.select_one("[data-status]")["class"] for card in listed)
    assert link.rstrip("/").endswith(f"campaigns/{expected.slug}"), (lang, link)
    name = campaign_name(expected, lang)
    assert first.select_one(".card__name").get_text(strip=True) == name.text  # in the page's language first
    if name.original:
        assert first.select_one(".name-original").get_text(strip=True) == name.original


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_keeps_its_introduction_then_help_and_teachers(built_for, lang):
    _, _, site = built_for
    soup, _ = cards(site, lang)
    article = soup.select_one("article")
    hand_written = (ROOT / "docs" / lang / "index.md").read_text(encoding="utf-8")
    heading = next(line[2:].strip() for line in hand_written.splitlines() if line.startswith("# "))
    assert article.select_one("h1").get_text(strip=True) == heading
    order = [h.get("id") for h in article.select("h2")]
    assert order[:3] == ["now", "help", "teachers"], order
    number = DATA.contacts.hotline.number
    assert article.select_one(f'#help ~ p a[href="tel:{number}"]') is not None
    hrefs = [a["href"] for a in article.select("a[href]")]
    for target in ("help/", "stay-safe/", "teachers/#lessons", "materials/", "offline/"):
        assert any(h.endswith(target) for h in hrefs), (lang, target)
