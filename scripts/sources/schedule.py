"""When things happen: the occurrences of an activity's ``when`` (spans of whole days, and the
repetition rule of its feed), the years a campaign's period touches, and the build's own day
("now" for every page: SOURCE_DATE_EPOCH when set). Plain date arithmetic on the model: no page,
no template. How the calendars use it is told in calendar.py's docstring."""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import Optional

from ..errors import BuildFailed
from .model import WEEKDAYS, Campaign, When, parse_date, parse_month

SCHOOL_YEAR_START = (9, 1)  # 1 September
SCHOOL_YEAR_END = (5, 31)  # 31 May of the next calendar year
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545 BYDAY, in the order of model.WEEKDAYS


# ---------------------------------------------------------------- occurrences

@dataclass(frozen=True)
class Span:
    """Whole days from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def includes(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _month(year: int, month: int) -> Span:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Span(dt.date(year, month, 1), following - dt.timedelta(days=1))


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _month(year, month).end.day))


def _periods(years: range, step: int) -> tuple[Span, ...]:
    """Consecutive periods of ``step`` months from each 1 January (12: years, 3: quarters)."""
    spans = []
    for year in years:
        for month in range(1, 13, step):
            first = dt.date(year, month, 1)
            spans.append(Span(first, add_months(first, step) - dt.timedelta(days=1)))
    return tuple(spans)


@dataclass(frozen=True)
class Schedule:
    spans: tuple[Span, ...]  # every occurrence, in order
    rule: Optional[dict] = None  # the RRULE of the feed; None: one span (or RDATEs)
    monthly: bool = True  # listed under its months; otherwise once, "throughout the period"
    dates: bool = False  # a list of days: the feed gives the first as DTSTART, the others as RDATE

    @property
    def length(self) -> int:
        """Days of each feed event: the shortest occurrence (see the module docstring)."""
        return min(s.days for s in self.spans)


def schedule(when: When | None) -> Schedule | None:
    """The occurrences of a ``when``; None when it has no date."""
    if when is None or when.kind == "text":
        return None
    kind = when.kind
    if kind in ("date", "by"):
        day = parse_date(when.date or when.by)
        return Schedule((Span(day, day),))
    if kind == "range":
        return Schedule((Span(parse_date(when.start), parse_date(when.end)),))
    if kind in ("weekly", "monthly", "dates"):
        days = when.occurrences()
        spans = tuple(Span(d, d) for d in days)
        if kind == "dates":
            return Schedule(spans, dates=True)
        until = parse_date(when.end)
        if kind == "weekly":
            byday = [WEEKDAY_CODES[WEEKDAYS.index(w)] for w in when.weekdays]
            return Schedule(spans, {"FREQ": "WEEKLY", "BYDAY": byday, "UNTIL": until})
        return Schedule(spans, {"FREQ": "MONTHLY", "BYMONTHDAY": [when.day], "UNTIL": until})
    if kind == "month":
        return Schedule((_month(*parse_month(when.month)),))
    if kind == "years":
        first, last = when.years
        return Schedule((Span(dt.date(first, 1, 1), dt.date(last, 12, 31)),), monthly=False)
    years = range(when.from_year, when.until_year + 1)
    until = dt.date(when.until_year, 12, 31)
    if when.repeat == "all-year":
        return Schedule((Span(dt.date(when.from_year, 1, 1), until),), monthly=False)
    if when.months:  # yearly, or twice-yearly, in the months given
        spans = tuple(_month(year, month) for year in years for month in when.months)
        return Schedule(spans, {"FREQ": "YEARLY", "BYMONTH": list(when.months), "UNTIL": until})
    if when.repeat == "school-year":
        (m1, d1), (m2, d2) = SCHOOL_YEAR_START, SCHOOL_YEAR_END
        spans = tuple(Span(dt.date(y, m1, d1), dt.date(y + 1, m2, d2)) for y in years)
        return Schedule(spans, {"FREQ": "YEARLY", "UNTIL": until}, monthly=False)
    step = {"yearly": 12, "twice-yearly": 6, "quarterly": 3}[when.repeat]
    rule = {"FREQ": "YEARLY"} if step == 12 else {"FREQ": "MONTHLY", "INTERVAL": step}
    return Schedule(_periods(years, step), {**rule, "UNTIL": until}, monthly=False)


def build_date() -> dt.date:
    """The date 'now' refers to: SOURCE_DATE_EPOCH when set, otherwise today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(_epoch(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _epoch(value: str) -> int:
    if not re.fullmatch(r"\d+", value.strip()):
        raise BuildFailed(f"SOURCE_DATE_EPOCH must be a number of seconds, not {value!r}")
    return int(value)


def campaign_years(campaign: Campaign) -> range:
    """The years a campaign's period touches: it is listed on each of those year pages."""
    return range(int(campaign.period.start[:4]), int(campaign.period.end[:4]) + 1)
