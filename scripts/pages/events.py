"""A campaign's activities as dated events: one ``Entry`` per activity with its occurrences
(schedule.py), their stable UIDs, the schema.org Event JSON-LD of a campaign page, and what a
campaign page shows of its calendar (``CampaignCalendar``, c.calendar in templates). The feeds
and the calendar pages themselves are calendar.py's; its docstring tells the rules."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Optional
from urllib.parse import urlsplit

from markupsafe import Markup

from ..sources.model import Activity, Campaign, Data
from ..sources.schedule import WEEKDAY_CODES, Schedule, campaign_years, schedule
from .paths import absolute_url, plan_path

@dataclass(frozen=True)
class Entry:
    """One activity of one campaign, with its occurrences (None: no date)."""

    campaign: Campaign
    activity: Activity
    schedule: Optional[Schedule]
    order: int  # position in campaigns.yml, for a stable order

    @property
    def dated(self) -> bool:
        return self.schedule is not None

    def current(self, today: dt.date) -> bool:
        """Listed on a body's calendar by month: it belongs to this year or a later one."""
        return max(self.years) >= today.year

    @cached_property
    def years(self) -> set[int]:
        """The year pages it is listed on: a monthly activity under the months it begins in,
        any other dated one in every year an occurrence touches, an undated one in every year
        of its campaign's period."""
        if not self.dated:
            return set(campaign_years(self.campaign))
        if self.schedule.monthly:
            return {s.start.year for s in self.schedule.spans}
        return {y for s in self.schedule.spans for y in range(s.start.year, s.end.year + 1)}


def entries(data: Data) -> list[Entry]:
    """Every activity of every campaign, in order (worked out once per data object: every
    campaign page asks for its own)."""
    return _indexed(data)[0]


def campaign_entries(data: Data, slug: str) -> list[Entry]:
    """The activities of one campaign."""
    return _indexed(data)[1].get(slug, [])


_ENTRIES: dict[int, tuple[Data, list[Entry], dict[str, list[Entry]]]] = {}


def _indexed(data: Data) -> tuple[list[Entry], dict[str, list[Entry]]]:
    cached = _ENTRIES.get(id(data))
    if cached is None or cached[0] is not data:
        every = _entries(data)
        by_slug: dict[str, list[Entry]] = {}
        for e in every:
            by_slug.setdefault(e.campaign.slug, []).append(e)
        _ENTRIES.clear()  # one data object at a time: a build has one
        cached = _ENTRIES[id(data)] = (data, every, by_slug)
    return cached[1], cached[2]


def _entries(data: Data) -> list[Entry]:
    out = []
    for campaign in data.campaigns:
        for activity in campaign.activities():
            out.append(Entry(campaign, activity, schedule(activity.when), len(out)))
    return out


def host(data: Data) -> str:
    return urlsplit(data.site.url).hostname


def uid(data: Data, entry: Entry) -> str:
    """Stable: campaign slug, activity number and site host; never positions or times."""
    return f"{entry.campaign.slug}-{entry.activity.n}@{host(data)}"


def feed_path(lang: str, name: str) -> str:
    """Below docs/: name is a campaign slug or calendar.ALL_FEED."""
    return f"{lang}/calendar/{name}.ics"


def feed_url(data: Data, lang: str, name: str) -> str:
    return absolute_url(data, lang, f"calendar/{name}.ics")


def webcal_url(data: Data, lang: str, name: str) -> str:
    return "webcal://" + feed_url(data, lang, name).split("://", 1)[1]


def activity_url(data: Data, lang: str, entry: Entry) -> str:
    return absolute_url(data, lang, plan_path(entry.campaign.slug)) + f"#activity-{entry.activity.n}"


# ---------------------------------------------------------------- schema.org events

_FREQUENCY = {("YEARLY", 1): "P1Y", ("MONTHLY", 6): "P6M", ("MONTHLY", 3): "P3M", ("MONTHLY", 1): "P1M",
              ("WEEKLY", 1): "P1W"}
_SCHEMA_DAYS = dict(zip(WEEKDAY_CODES, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))


def event_jsonld(ctx, entry: Entry) -> dict:
    sched, a = entry.schedule, entry.activity
    event = {
        "@type": "Event",
        "name": " ".join(ctx.tx(a.text).split()),
        "startDate": sched.spans[0].start.isoformat(),
        "endDate": sched.spans[-1].end.isoformat(),
        "description": ctx.when(a.when),
        "inLanguage": ctx.lang,
        "url": activity_url(ctx.data, ctx.lang, entry),
        "location": {
            "@type": "Place",
            "name": ctx.tx(ctx.regions[entry.campaign.region].name),
            "address": {"@type": "PostalAddress", "addressCountry": "KZ"},
        },
    }
    if sched.rule:
        schedule_ = {
            "@type": "Schedule",
            "repeatFrequency": _FREQUENCY[(sched.rule["FREQ"], sched.rule.get("INTERVAL", 1))],
            "startDate": sched.spans[0].start.isoformat(),
            "endDate": sched.rule["UNTIL"].isoformat(),
            "duration": f"P{sched.length}D",
        }
        if "BYMONTH" in sched.rule:
            schedule_["byMonth"] = sched.rule["BYMONTH"]
        if "BYDAY" in sched.rule:
            schedule_["byDay"] = [f"https://schema.org/{_SCHEMA_DAYS[d]}" for d in sched.rule["BYDAY"]]
        if "BYMONTHDAY" in sched.rule:
            schedule_["byMonthDay"] = sched.rule["BYMONTHDAY"]
        event["eventSchedule"] = schedule_
    elif sched.dates and len(sched.spans) > 1:  # a list of days: one sub-event per day
        event["subEvent"] = [{"@type": "Event", "name": event["name"], "startDate": span.start.isoformat(),
                              "endDate": span.end.isoformat()} for span in sched.spans]
    organizers = []
    for ref in a.responsible:
        agency = ctx.agencies[ref if isinstance(ref, str) else ref.agency]
        organizer = {"@type": "Organization", "name": ctx.tx(agency.name)}
        if agency.abbr_is_official(ctx.lang):  # an abbreviation the site made up is no name of the body
            organizer["alternateName"] = ctx.tx(agency.abbr)
        organizers.append(organizer)
    if organizers:
        event["organizer"] = organizers
    return event


def _script_json(value) -> Markup:
    """JSON for a <script> element: <, > and & escaped so that it cannot end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


class CampaignCalendar:
    """What a campaign page shows of its calendar (used from campaign.md.j2 as c.calendar)."""

    def __init__(self, ctx, campaign: Campaign):
        self.ctx, self.campaign = ctx, campaign
        self.entries = [e for e in campaign_entries(ctx.data, campaign.slug) if e.dated]
        self.events = bool(self.entries)

    @property
    def webcal(self) -> str:
        return webcal_url(self.ctx.data, self.ctx.lang, self.campaign.slug)

    @property
    def download(self) -> str:
        return self.ctx.link(f"calendar/{self.campaign.slug}.ics")

    @property
    def page(self) -> str:
        return self.ctx.link(f"calendar/{self.campaign.slug}/index.md")

    @property
    def jsonld(self) -> Markup:
        return _script_json({
            "@context": "https://schema.org",
            "@graph": [event_jsonld(self.ctx, e) for e in self.entries],
        })
