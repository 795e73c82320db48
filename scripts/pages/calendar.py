"""Activity calendars: calendar pages, iCalendar feeds (RFC 5545) and schema.org events.

What it makes, per language (paths below docs/):

    {lang}/calendar/index.md                 what is on now and coming up (at most NOW_LIMIT
                                             campaigns, NOW_ROWS rows each), the years, the regions
    {lang}/calendar/year/{year}/index.md     one year: its regions and its campaigns
    {lang}/calendar/year/{year}/{region}/index.md
                                             every activity of one year in one region, by month
    {lang}/calendar/regions/{id}/index.md    the responsible bodies of one region
    {lang}/calendar/{slug}/index.md          one campaign's activities (all its years)
    {lang}/calendar/bodies/{id}/index.md     one responsible body: now and coming up, its
                                             activities of this year and later by month, and
                                             the campaigns of its earlier ones
    {lang}/calendar/{slug}.ics               one campaign's feed
    {lang}/calendar/all.ics                  every campaign's feed

Campaign pages get "Subscribe" (webcal://) and "Download .ics" links and a schema.org
Event JSON-LD block (on its plan page, with the activities) through ``CampaignCalendar``
(templates calendar-links.md.j2 and calendar-jsonld.html.j2).

From a date to occurrences
--------------------------
``schedule()`` turns an activity's ``when`` into its occurrences: spans of whole days, ends
included. The same occurrences drive the pages, the feeds (DTSTART/DTEND and RRULE) and the
JSON-LD, so they always agree.

    date               that day
    start/end          the days from start to end
    dates [d1, d2, …]  each of those days (feed: DTSTART d1, RDATE the others)
    repeat weekly      each of its ``weekdays`` from ``start`` to ``end``, one day each
                       (FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=end); DTSTART is the first such day
    repeat monthly     the ``day`` of each month from ``start`` to ``end`` (a month without
                       that day is skipped, as RFC 5545 does: FREQ=MONTHLY;BYMONTHDAY=d;UNTIL=end)
    month              the whole month
    by (deadline)      the deadline day
    years [a, b]       1 January a – 31 December b, one span
    repeat all-year    1 January ``from`` – 31 December ``until``, one span: the activity
                       never pauses, so it is not cut into years (no RRULE)
    repeat yearly      with months: each of those months, every year
                       (FREQ=YEARLY;BYMONTH=...); without months: each whole year
                       (FREQ=YEARLY)
    twice-yearly       with two months: as yearly in those months; without months: each
                       half-year, January–June and July–December (FREQ=MONTHLY;INTERVAL=6)
    quarterly          each calendar quarter (FREQ=MONTHLY;INTERVAL=3)
    school-year        each school year that starts in ``from``..``until``: 1 September –
                       31 May of the next year (FREQ=YEARLY)

Every RRULE ends with UNTIL, a DATE like DTSTART: 31 December of the ``until`` year, or the
``end`` of a weekly or monthly repeat.

An RRULE repeats one fixed length, but months, quarters, half-years and school years differ
in length. A recurring event therefore lasts as long as the shortest of its periods: it never
spills into the next period, and in a longer period the last day or days are not covered
(an activity "in June and December" is 1–30 June and 1–30 December). SUMMARY and
DESCRIPTION give the period in words, as the plan writes it.

Feeds
-----
All dates are all-day DATE values (no time zone needed), and events are TRANSP:TRANSPARENT
(a month-long activity does not make anyone "busy").
UID = ``{campaign slug}-{activity number}@{site host}``: the same in every build and every
language (the activity in kk, ru and en is one event).
DTSTAMP = SOURCE_DATE_EPOCH when it is set (the reproducible-builds convention), otherwise
midnight UTC on the first day of the campaign's period; never the build time, so two builds
of the same data give byte-identical feeds.

Pages
-----
No page lists every campaign, and none grows with the years kept: the site keeps hundreds of
campaigns over the years, so the main page shows what is on now and coming up (at most
NOW_LIMIT campaigns) and links to one page per year and one per region; a year's page links
to a page per region with that year's activities there, a body's page lists that body's
activities of this year and later (its earlier ones are on their campaigns' calendars, which
it links). The year pages are listings, kept out of the search index (each activity is found
through its campaign's page). The feeds are not pages: all.ics holds every dated
activity and grows with the campaigns, as a feed must.

An activity is listed under the month it begins in; a recurring one (and a list of dates)
once under each month it recurs in. Activities with no month of their own (years, all-year, yearly without months,
half-yearly, quarterly, school-year) are listed once, under "Throughout the period".
"Now" and "coming up" are relative to the build date: SOURCE_DATE_EPOCH when set, otherwise
today. An occurrence is "now" when it includes the build date and "coming up" when it starts
within the next two months.

An activity whose ``when`` is missing or only words (``text``, e.g. "before International
Children's Day") has no date: the pages list it under "Without a date"; it is not in the
feeds or the JSON-LD.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import icalendar

from ..errors import BuildFailed
from ..sources.model import LANGUAGES, Activity, Agency, Campaign, Data, Region, parse_date
from ..sources.schedule import Span, _epoch, add_months, build_date
from . import dates
from .events import Entry, activity_url, campaign_entries, entries, feed_path, feed_url, host, uid, webcal_url
from .paths import absolute_url
from .render import Context, _render, md_escape

ALL_FEED = "all"  # {lang}/calendar/all.ics
UPCOMING_MONTHS = 2  # "coming up": starts within this many months of the build date (i18n says "two")
BODIES = "bodies"  # {lang}/calendar/bodies/{agency id}/
YEARS = "year"  # {lang}/calendar/year/{year}/
REGIONS = "regions"  # {lang}/calendar/regions/{region id}/: the region's bodies, each with its calendar
NOW_LIMIT = 10  # campaigns shown under "now and coming up" on the main page (a summary)
NOW_ROWS = 6  # rows of each of those campaigns there; the others are on the campaign's calendar


def _stamp(campaign: Campaign) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(_epoch(epoch), dt.timezone.utc)
    return dt.datetime.combine(parse_date(campaign.period.start), dt.time(0), dt.timezone.utc)


# ---------------------------------------------------------------- feeds

def _responsible(ctx: Context, activity: Activity) -> str:
    names = []
    for ref in activity.responsible:
        agency = ctx.agencies[ref if isinstance(ref, str) else ref.agency]
        extra = "" if isinstance(ref, str) or not ref.by_agreement else ", " + ctx.t("by_agreement")
        names.append(f"{agency.name[ctx.lang]} ({agency.abbr[ctx.lang]}{extra})")
    return "; ".join(names)


def _description(ctx: Context, entry: Entry) -> str:
    a = entry.activity
    lines = [
        ctx.name(entry.campaign).both,
        f"{ctx.t('table.when')}: {ctx.when(a.when)}",
    ]
    if a.responsible:
        lines.append(f"{ctx.t('table.responsible')}: {_responsible(ctx, a)}")
    if a.form:
        lines.append(f"{ctx.t('table.form')}: {ctx.tx(a.form)}")
    if a.note:
        lines.append(f"{ctx.t('table.note')}: {ctx.tx(a.note)}")
    return "\n".join(" ".join(line.split()) for line in lines)


def _event(ctx: Context, entry: Entry) -> icalendar.Event:
    data, lang, sched = ctx.data, ctx.lang, entry.schedule
    first = sched.spans[0]
    language = {"LANGUAGE": lang}
    event = icalendar.Event()
    event.add("uid", uid(data, entry))
    event.add("dtstamp", _stamp(entry.campaign))
    event.add("dtstart", first.start)
    event.add("dtend", first.start + dt.timedelta(days=sched.length))
    if sched.rule:
        event.add("rrule", sched.rule)
    if sched.dates and len(sched.spans) > 1:
        event.add("rdate", [span.start for span in sched.spans[1:]])
    event.add("summary", " ".join(ctx.tx(entry.activity.text).split()), parameters=language)
    event.add("description", _description(ctx, entry), parameters=language)
    event.add("location", ctx.tx(ctx.regions[entry.campaign.region].name), parameters=language)
    event.add("url", activity_url(data, lang, entry))
    event.add("transp", "TRANSPARENT")
    return event


def feed(data: Data, lang: str, chosen: list[Entry], name: str, title: str, description: str,
         page: str, events: dict[int, icalendar.Event] | None = None) -> bytes:
    """An iCalendar file of the dated activities in ``chosen``. ``events`` keeps the events made
    (by entry order) for the other feeds of the language: each activity is in two of them."""
    ctx = Context(data, lang, depth=0)
    events = {} if events is None else events
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{host(data)}//activity calendar//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # NAME, X-WR-CALNAME and X-WR-CALDESC are TEXT, which icalendar escapes only when told
    for key in ("name", "x-wr-calname"):
        cal.add(key, icalendar.vText(title))
    for key in ("description", "x-wr-caldesc"):
        cal.add(key, icalendar.vText(description))
    cal.add("url", absolute_url(data, lang, page))
    cal.add("source", feed_url(data, lang, name), parameters={"VALUE": "URI"})
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    for entry in chosen:
        if entry.dated:
            if entry.order not in events:
                events[entry.order] = _event(ctx, entry)
            cal.add_component(events[entry.order])
    return cal.to_ical()


# ---------------------------------------------------------------- pages

@dataclass(frozen=True)
class Row:
    entry: Entry
    state: Optional[str]  # "now", "soon" or None


def state(spans, today: dt.date) -> Optional[str]:
    if any(s.includes(today) for s in spans):
        return "now"
    horizon = add_months(today, UPCOMING_MONTHS)
    if any(today < s.start <= horizon for s in spans):
        return "soon"
    return None


@dataclass(frozen=True)
class Group:
    """The rows of one campaign within a section of a calendar page; ``more``: its rows left
    out (on the main page, which shows at most NOW_ROWS of a campaign's)."""

    campaign: Campaign
    rows: list[Row]
    more: int = 0


def grouped(rows: list[Row]) -> list[Group]:
    """Rows by campaign, campaigns in the order of campaigns.yml, rows keeping their order."""
    groups: dict[str, Group] = {}
    for row in rows:
        groups.setdefault(row.entry.campaign.slug, Group(row.entry.campaign, []))
        groups[row.entry.campaign.slug].rows.append(row)
    first = {slug: min(r.entry.order for r in g.rows) for slug, g in groups.items()}
    return sorted(groups.values(), key=lambda g: first[g.campaign.slug])


@dataclass
class Month:
    year: int
    month: int
    heading: str
    rows: list[Row] = field(default_factory=list)

    @property
    def groups(self) -> list[Group]:
        return grouped(self.rows)

    @property
    def anchor(self) -> str:
        return f"m-{self.year}-{self.month:02d}"


@dataclass
class View:
    """One calendar page: everything, one campaign or one responsible body. For everything:
    the summary (``summary``: now and coming up, the years), a ``year``'s page (its regions and
    campaigns) or the page of one year in one ``region`` (its activities by month). A campaign's
    page has all its years; a body's lists by month what belongs to this year or later, and
    its earlier activities by campaign (``earlier``)."""

    title: str
    chosen: list[Entry]
    today: dt.date
    lang: str
    short_title: Optional[str] = None  # in the page's <title> where ``title`` is long (the heading keeps it)
    campaign: Optional[Campaign] = None
    agency: Optional[Agency] = None
    year: Optional[int] = None
    region: Optional[Region] = None
    summary: bool = False

    @property
    def scope(self) -> str:
        return "campaign" if self.campaign else "body" if self.agency else "all"

    @cached_property
    def listed(self) -> list[Entry]:
        """The entries this page is about: one year's (in one region), a body's of this year
        and later, or all of them."""
        if self.year is not None:
            return [e for e in self.chosen if self.year in e.years
                    and (self.region is None or e.campaign.region == self.region.id)]
        if self.agency:
            return [e for e in self.chosen if e.current(self.today)]
        return self.chosen

    @property
    def by_month(self) -> bool:
        """Whether the page lists its activities by month (the summary and a year's page
        link to pages that do)."""
        return not self.summary and not (self.year is not None and self.region is None)

    @cached_property
    def earlier(self) -> list[tuple[Campaign, int]]:
        """A body's activities of earlier years: their campaigns (newest first), with the number
        of the body's activities in each; each campaign's calendar lists them."""
        if not self.agency:
            return []
        return _by_campaign([e for e in self.chosen if not e.current(self.today)])

    @cached_property
    def only_campaign(self) -> Optional[Campaign]:
        """The one campaign all activities of this page belong to, if there is just one."""
        slugs = {e.campaign.slug for e in self.chosen}
        return self.chosen[0].campaign if len(slugs) == 1 else None

    @property
    def feed(self) -> Optional[str]:
        if self.year is not None or self.agency:
            return None
        return self.campaign.slug if self.campaign else ALL_FEED

    @property
    def folder(self) -> str:
        """The page's folder below the language root (ends with /)."""
        if self.campaign:
            return f"calendar/{self.campaign.slug}/"
        if self.agency:
            return f"calendar/{BODIES}/{self.agency.id}/"
        if self.year is None:
            return "calendar/"
        return f"calendar/{YEARS}/{self.year}/" + (f"{self.region.id}/" if self.region else "")

    @staticmethod
    def year_page(year: int, region: Optional[str] = None) -> str:
        """Path below the language root of the page of one year (in one region)."""
        return f"calendar/{YEARS}/{year}/" + (f"{region}/" if region else "") + "index.md"

    @cached_property
    def _now(self) -> list[Group]:
        rows = [Row(e, state(e.schedule.spans, self.today)) for e in self.chosen if e.dated]
        rows = [r for r in rows if r.state]

        def first_relevant(row):
            spans = row.entry.schedule.spans
            return next(s.start for s in spans if s.end >= self.today)

        return grouped(sorted(rows, key=lambda r: (r.state != "now", first_relevant(r), r.entry.order)))

    @cached_property
    def now(self) -> list[Group]:
        """Now and coming up, by campaign: on a summary page at most NOW_LIMIT campaigns, each
        with at most NOW_ROWS rows."""
        if not self.summary:
            return self._now
        return [Group(g.campaign, g.rows[:NOW_ROWS], max(0, len(g.rows) - NOW_ROWS)) for g in self._now[:NOW_LIMIT]]

    @property
    def now_more(self) -> bool:
        return self.summary and len(self._now) > NOW_LIMIT

    @cached_property
    def years(self) -> list[tuple[int, int]]:
        """(year, number of activities listed there), newest first."""
        counts: dict[int, int] = {}
        for e in self.chosen:
            for year in e.years:
                counts[year] = counts.get(year, 0) + 1
        return sorted(counts.items(), reverse=True)

    def _months(self, chosen: list[Entry], year: Optional[int] = None, since: Optional[int] = None) -> list[Month]:
        """The months of ``chosen`` (of one ``year``, or ``since`` a year), each with its rows."""
        months: dict[tuple[int, int], Month] = {}
        for e in chosen:
            if e.dated and e.schedule.monthly:
                spans_by_month: dict[tuple[int, int], list[Span]] = {}
                for span in e.schedule.spans:
                    spans_by_month.setdefault((span.start.year, span.start.month), []).append(span)
                for key, spans in spans_by_month.items():  # one row per month, however often it recurs in it
                    if (year is not None and key[0] != year) or (since is not None and key[0] < since):
                        continue
                    if key not in months:
                        months[key] = Month(*key, dates.format_month_heading(*key, self.lang))
                    months[key].rows.append(Row(e, state(spans, self.today)))
        for m in months.values():
            m.rows.sort(key=lambda r: r.entry.order)
        return [months[k] for k in sorted(months)]

    @cached_property
    def months(self) -> list[Month]:
        if not self.by_month:
            return []
        return self._months(self.listed, self.year, self.today.year if self.agency else None)

    @cached_property
    def ongoing(self) -> list[Group]:
        if not self.by_month:
            return []
        chosen = [e for e in self.listed if e.dated and not e.schedule.monthly]
        return grouped([Row(e, state(e.schedule.spans, self.today)) for e in chosen])

    @cached_property
    def undated(self) -> list[Group]:
        if not self.by_month:
            return []
        return grouped([Row(e, None) for e in self.listed if not e.dated])

    @cached_property
    def campaigns(self) -> list[tuple[Campaign, int]]:
        """A year page's campaigns (newest first) with their number of activities there."""
        return _by_campaign(self.listed)

    @cached_property
    def regions(self) -> dict[str, int]:
        """A year page's regions: region id -> number of its activities that year; each region
        has a page of them."""
        if self.year is None or self.region is not None:
            return {}
        counts: dict[str, int] = {}
        for e in self.listed:
            counts[e.campaign.region] = counts.get(e.campaign.region, 0) + 1
        return counts

    @property
    def pointer(self) -> Optional[tuple[str, Month, str]]:
        """When nothing is on: the next month with activities, or else the latest one, with
        the link to the page that lists it (path below the language root and anchor; "" for
        this page): on the summary the year page of the region of its first activity, on a
        body's page its own month or, for an earlier year, the campaign's calendar."""
        months = self._months(self.chosen)
        this = (self.today.year, self.today.month)
        later = [m for m in months if (m.year, m.month) > this]
        key, month = ("calendar.next", later[0]) if later else ("calendar.latest", months[-1]) if months else (None, None)
        if month is None:
            return None
        first = min(month.rows, key=lambda r: r.entry.order).entry.campaign
        if self.summary:
            return key, month, self.year_page(month.year, first.region)
        if any((m.year, m.month) == (month.year, month.month) for m in self.months):
            return key, month, ""
        return key, month, f"calendar/{first.slug}/index.md"


    def bodies_shown(self, agencies: dict[str, Agency]) -> list[Agency]:
        """The responsible bodies named in this page's rows, for its list of abbreviations
        (rows name bodies by abbreviation and link to that list)."""
        sections = [self.now if not self.year else [], *(m.groups for m in self.months), self.ongoing, self.undated]
        ids = dict.fromkeys(i for groups in sections for g in groups for r in g.rows
                            for i in r.entry.activity.agency_ids())
        return sorted((agencies[i] for i in ids), key=lambda a: (a.abbr[self.lang].casefold(), a.id))


def _by_campaign(chosen: list[Entry]) -> list[tuple[Campaign, int]]:
    """The campaigns of ``chosen`` (newest first), each with its number of entries there."""
    counts: dict[str, int] = {}
    for e in chosen:
        counts[e.campaign.slug] = counts.get(e.campaign.slug, 0) + 1
    return [(c, counts[c.slug]) for c in sorted({e.campaign.slug: e.campaign for e in chosen}.values(),
                                                key=lambda c: (c.period.start, c.slug), reverse=True)]


def render_calendar_page(data: Data, lang: str, view: View) -> str:
    ctx = Context(data, lang, depth=view.folder.count("/"))
    bodies = []
    if view.scope == "all" and view.summary:  # the main page: each region's bodies with activities
        active = {i for e in view.chosen for i in e.activity.agency_ids()}
        bodies = [(region, sorted((a for a in data.agencies if a.region == region.id and a.id in active),
                                  key=lambda a: a.abbr[lang].casefold()))
                  for region in data.regions]
    return _render(
        "calendar.md.j2", ctx, view=view, md=md_escape, today=view.today.isoformat(),
        # a year's page: its regions in the order of campaigns.yml, each with its number of activities
        year_regions=[(region, view.regions[region.id]) for region in data.regions if region.id in view.regions],
        bodies=[(region, agencies) for region, agencies in bodies if agencies],
        webcal=webcal_url(data, lang, view.feed) if view.feed else None,
        bodies_dir=BODIES, regions_dir=REGIONS, now_limit=NOW_LIMIT,
    )


def render_region_page(data: Data, lang: str, region, agencies: list[tuple[Agency, int]]) -> str:
    """A region's responsible bodies, each with the number of its activities and a link to its
    calendar (the calendar's main page lists the regions: no page lists every body)."""
    return _render("calendar-region.md.j2", Context(data, lang, depth=3), region=region, agencies=agencies,
                   md=md_escape, bodies_dir=BODIES)


def pages_of(view: View, ctx: Context) -> list[View]:
    """The summary of everything, one view per year of its activities and, for each year, one
    per region with activities that year."""
    out = [view]
    for year, _ in view.years:
        page = View(ctx.t("calendar.year.title", year=year), view.chosen, view.today, view.lang, year=year)
        out.append(page)
        for region_id in page.regions:
            region = ctx.regions[region_id]
            out.append(View(ctx.t("calendar.year.region_title", year=year, region=ctx.tx(region.name)),
                            page.listed, view.today, view.lang, year=year, region=region,
                            short_title=ctx.t("calendar.year.region_short_title", year=year,
                                              region=ctx.tx(region.title_name()))))
    return out


def outputs(data: Data, build_ctx=None, today: dt.date | None = None) -> dict[str, str | bytes]:
    """The generator registered in build.OUTPUTS: every calendar page and feed."""
    today = today or build_date()
    clash = [c.slug for c in data.campaigns if c.slug in (ALL_FEED, BODIES, YEARS, REGIONS)]
    if clash:
        raise BuildFailed(f"the campaign slug '{clash[0]}' is taken by the calendar (calendar/{ALL_FEED}.ics, "
                          f"calendar/{BODIES}/, calendar/{YEARS}/, calendar/{REGIONS}/): choose another slug")
    every = entries(data)
    by_agency: dict[str, list[Entry]] = {}
    for e in every:
        for ident in dict.fromkeys(e.activity.agency_ids()):
            by_agency.setdefault(ident, []).append(e)
    out: dict[str, str | bytes] = {}
    site = data.site.name
    for lang in LANGUAGES:
        ctx = Context(data, lang, depth=0)
        events: dict[int, icalendar.Event] = {}  # shared by the language's feeds
        title = ctx.t("calendar.title")
        for view in pages_of(View(title, every, today, lang, summary=True), ctx):
            out[f"{lang}/{view.folder}index.md"] = render_calendar_page(data, lang, view)
        out[feed_path(lang, ALL_FEED)] = feed(
            data, lang, every, ALL_FEED,
            ctx.t("calendar.feed.all", site=site[lang]),
            ctx.t("calendar.feed.all_description", site=site[lang]),
            "calendar/", events,
        )
        for campaign in data.campaigns:
            chosen = campaign_entries(data, campaign.slug)
            name = ctx.name(campaign).text
            view = View(ctx.t("calendar.campaign_title", name=name), chosen, today, lang, campaign=campaign,
                        short_title=ctx.t("calendar.campaign_title", name=campaign.title_name()[lang]))
            out[f"{lang}/{view.folder}index.md"] = render_calendar_page(data, lang, view)
            out[feed_path(lang, campaign.slug)] = feed(
                data, lang, chosen, campaign.slug, name,
                " ".join(campaign.summary[lang].split()), f"calendar/{campaign.slug}/", events,
            )
        for region in data.regions:
            agencies = sorted(((a, len(by_agency[a.id])) for a in data.agencies
                               if a.region == region.id and a.id in by_agency),
                              key=lambda pair: pair[0].abbr[lang].casefold())
            if agencies:
                out[f"{lang}/calendar/{REGIONS}/{region.id}/index.md"] = render_region_page(data, lang, region, agencies)
        for agency in data.agencies:
            chosen = by_agency.get(agency.id, [])
            if chosen:
                view = View(ctx.t("calendar.body_title", abbr=agency.abbr[lang], name=agency.name[lang]),
                            chosen, today, lang, agency=agency,
                            short_title=ctx.t("calendar.body_short_title", abbr=agency.abbr[lang]))
                out[f"{lang}/{view.folder}index.md"] = render_calendar_page(data, lang, view)
    return out
