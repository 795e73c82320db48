"""Campaign and activity status (scripts/pages/status.py) and what the home page lists, as rules
over dates: whatever the campaigns, the statuses follow their periods and occurrences."""
import datetime as dt
from pathlib import Path

import pytest

from scripts.sources import schedule
from scripts.sources.model import When
from scripts.pages.status import HOME_CARDS, HOME_RECENT, activity_on, campaign_status, home_campaigns, state_on
from scripts.sources.validate import load_data

from conftest import ROOT

DATA = load_data(ROOT / "campaigns.yml")
DAY = dt.timedelta(days=1)


def period(c):
    return dt.date.fromisoformat(c.period.start), dt.date.fromisoformat(c.period.end)


@pytest.mark.parametrize("campaign", DATA.campaigns, ids=lambda c: c.slug)
def test_a_campaign_is_on_from_its_first_to_its_last_day(campaign):
    start, end = period(campaign)
    assert campaign_status(campaign, "en", start - DAY).state == "soon"
    assert campaign_status(campaign, "en", start).state == "now"
    assert campaign_status(campaign, "en", end).state == "now"
    assert campaign_status(campaign, "en", end + DAY).state == "ended"


def test_status_phrases_name_the_day_in_each_language():
    campaign = DATA.campaigns[0]
    start, end = period(campaign)
    for lang in ("kk", "ru", "en"):
        soon = campaign_status(campaign, lang, start - DAY)
        ended = campaign_status(campaign, lang, end + DAY)
        from scripts.pages.dates import format_day

        assert format_day(campaign.period.start, lang) in str(soon)
        assert format_day(campaign.period.end, lang) in str(ended)
        attributes = str(soon.attributes)
        for state in ("now", "soon", "ended"):  # the script can show any of them on the reader's day
            assert f'data-label-{state}="' in attributes
        assert f'data-start="{campaign.period.start}"' in attributes and f'data-end="{campaign.period.end}"' in attributes


def test_a_recurring_activity_is_on_only_on_its_own_days():
    """Yearly in March and October from 2023 to 2025: on in those months, not between them;
    the occurrences are the calendar's (the same that make the feeds)."""
    from scripts.sources.model import Activity

    activity = Activity(n=1, text={"kk": "а", "ru": "а", "en": "a"},
                        when=When(repeat="yearly", months=[3, 10], **{"from": 2023, "until": 2025}))
    spans = schedule.schedule(activity.when).spans
    for span in spans:
        assert activity_on(activity, span.start) and activity_on(activity, span.end)
        assert not activity_on(activity, span.start - DAY) or any(s.includes(span.start - DAY) for s in spans)
    assert not activity_on(activity, dt.date(2024, 6, 15))
    assert not activity_on(activity, dt.date(2026, 3, 15))  # after its period
    # an activity without a date is never "on now"
    assert not activity_on(Activity(n=2, text={"kk": "а", "ru": "а", "en": "a"}), dt.date(2024, 3, 1))


def test_every_seed_activity_is_on_exactly_on_its_occurrences():
    for campaign in DATA.campaigns:
        for activity in campaign.activities():
            sched = schedule.schedule(activity.when)
            if sched is None:
                continue
            for span in sched.spans[:3]:
                assert activity_on(activity, span.start), (campaign.slug, activity.n)
                after = span.end + DAY
                assert activity_on(activity, after) == any(s.includes(after) for s in sched.spans)


def _days_of_interest():
    for c in DATA.campaigns:
        start, end = period(c)
        yield from (start - DAY, start, end, end + DAY)


@pytest.mark.parametrize("day", sorted(set(_days_of_interest())), ids=str)
def test_home_lists_on_now_then_coming_up_else_the_most_recent(day):
    listed = home_campaigns(DATA, day)
    states = {c.slug: state_on(*period(c), day) for c in DATA.campaigns}
    on_now = [c.slug for c in DATA.campaigns if states[c.slug] == "now"]
    soon = [c.slug for c in DATA.campaigns if states[c.slug] == "soon"]
    if on_now or soon:
        shown = [c.slug for c in listed.current]
        assert len(shown) == min(HOME_CARDS, len(on_now) + len(soon)) and not listed.recent
        # every campaign on now comes before every one coming up; on now, the one ending first first
        kinds = [states[s] for s in shown]
        assert kinds == sorted(kinds, key=lambda k: k != "now")
        ends = [period(c)[1] for c in listed.current if states[c.slug] == "now"]
        assert ends == sorted(ends)
        starts = [period(c)[0] for c in listed.current if states[c.slug] == "soon"]
        assert starts == sorted(starts)
    else:
        assert not listed.current
        ends = [period(c)[1] for c in listed.recent]
        assert len(ends) == min(HOME_RECENT, len(DATA.campaigns)) and ends == sorted(ends, reverse=True)
        assert ends[0] == max(period(c)[1] for c in DATA.campaigns)
        assert all(states[c.slug] == "ended" for c in listed.recent)
