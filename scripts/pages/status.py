"""Where a campaign stands on a given day: on now, starts on …, ended on ….

The build works the status out for its own date (``schedule.build_date()``: SOURCE_DATE_EPOCH
when set, otherwise today), so a page without JavaScript shows that. The page also carries the
dates and the three phrases (``data-*`` attributes, see ``Status.attributes``), and
``overrides/assets/javascripts/campaign-status.js`` puts the status right for the reader's own
day: a page built on Monday still says "on now" correctly on Thursday. The publishing workflow
rebuilds every day, so what the home page lists moves on by itself.

A campaign is on now from the first to the last day of its period. An activity is on now only
on its own days: its occurrences come from ``schedule.schedule`` (one span, or one per
recurrence), the same that make the feeds, so a monthly activity is "on now" in its months only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from ..sources.languages import t
from ..sources.model import Activity, Campaign, Data, parse_date
from ..sources.schedule import build_date, schedule
from . import dates

State = Literal["now", "soon", "ended"]

# The home page: at most this many campaigns on now and coming up; when none is, this many of the
# most recent ones, each "ended on …".
HOME_CARDS = 6
HOME_RECENT = 3


@dataclass(frozen=True)
class Status:
    state: State
    start: dt.date
    end: dt.date
    lang: str

    def label(self, state: State | None = None) -> str:
        """The status in words, in the page's language (``state``: another one's, for the script)."""
        state = state or self.state
        if state == "now":
            return t(self.lang, "status.now")
        if state == "soon":
            return t(self.lang, "status.soon", date=dates.format_day(self.start.isoformat(), self.lang))
        return t(self.lang, "status.ended", date=dates.format_day(self.end.isoformat(), self.lang))

    def __str__(self) -> str:
        return self.label()

    @property
    def attributes(self) -> Markup:
        """The data the status script needs: the period and the phrase of every state."""
        values = {"start": self.start.isoformat(), "end": self.end.isoformat(),
                  **{f"label-{s}": self.label(s) for s in ("now", "soon", "ended")}}
        return Markup(" ").join(Markup('data-{}="{}"').format(k, v) for k, v in values.items())


def state_on(start: dt.date, end: dt.date, today: dt.date) -> State:
    if today < start:
        return "soon"
    return "ended" if today > end else "now"


def campaign_status(campaign: Campaign, lang: str, today: dt.date | None = None) -> Status:
    today = today or build_date()
    start, end = parse_date(campaign.period.start), parse_date(campaign.period.end)
    return Status(state_on(start, end, today), start, end, lang)


def activity_spans(activity: Activity) -> list[tuple[dt.date, dt.date]]:
    """The days of an activity (its occurrences, from the calendar); empty when it has no date."""
    sched = schedule(activity.when)
    return [] if sched is None else [(s.start, s.end) for s in sched.spans]


def activity_on(activity: Activity, today: dt.date | None = None) -> bool:
    """Whether an activity is on that day: one of its own occurrences includes it."""
    today = today or build_date()
    return any(start <= today <= end for start, end in activity_spans(activity))


def activity_attributes(activity: Activity) -> Markup:
    """The occurrences of an activity for the status script ("start/end start/end …"); the
    script shows the "on now" mark on the reader's day only when one of them includes it."""
    spans = " ".join(f"{a.isoformat()}/{b.isoformat()}" for a, b in activity_spans(activity))
    return Markup('data-spans="{}"').format(spans) if spans else Markup("")


@dataclass(frozen=True)
class HomeCampaigns:
    """What the home page lists: ``current`` (on now, then coming up), or when nothing is,
    ``recent`` (the latest to end)."""

    current: list[Campaign]
    recent: list[Campaign]


def home_campaigns(data: Data, today: dt.date | None = None) -> HomeCampaigns:
    """On now first (those ending soonest first), then coming up (soonest first): at most
    HOME_CARDS. When none is on or coming up, the HOME_RECENT that ended last."""
    today = today or build_date()
    period = {c.slug: (parse_date(c.period.start), parse_date(c.period.end)) for c in data.campaigns}
    state = {slug: state_on(*span, today) for slug, span in period.items()}
    on_now = sorted((c for c in data.campaigns if state[c.slug] == "now"), key=lambda c: (period[c.slug][1], c.slug))
    soon = sorted((c for c in data.campaigns if state[c.slug] == "soon"), key=lambda c: (period[c.slug][0], c.slug))
    current = (on_now + soon)[:HOME_CARDS]
    if current:
        return HomeCampaigns(current, [])
    ended = sorted(data.campaigns, key=lambda c: (period[c.slug][1], c.slug), reverse=True)
    return HomeCampaigns([], ended[:HOME_RECENT])


__all__ = ["Status", "campaign_status", "activity_on", "home_campaigns", "HOME_CARDS", "HOME_RECENT"]
