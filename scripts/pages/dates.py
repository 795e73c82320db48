"""Dates of activities, written out in each language with Babel."""
from __future__ import annotations

import datetime as dt

import re
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton, get_month_names

from ..sources.languages import SETTINGS, t
from ..sources.model import When, parse_date, parse_month


def _locale(lang: str) -> str:
    return SETTINGS[lang].dates


def _day(value: str, lang: str) -> str:
    return format_date(parse_date(value), SETTINGS[lang].day_pattern or "long", locale=_locale(lang))


def _month(year: int, month: int, lang: str) -> str:
    day = dt.date(year, month, 1)
    if SETTINGS[lang].month_pattern:
        return format_date(day, SETTINGS[lang].month_pattern, locale=_locale(lang))
    return format_skeleton("yMMMM", day, locale=_locale(lang))


@lru_cache(maxsize=None)
def _interval_patterns(lang: str) -> dict[str, list[str]]:
    """The language's day-range patterns: its own (languages.py) or the locale's (CLDR 'yMMMd'),
    with month names written in full."""
    if SETTINGS[lang].range_patterns:
        return {diff: [first, second] for diff, first, second in SETTINGS[lang].range_patterns}
    patterns = Locale.parse(_locale(lang)).interval_formats["yMMMd"]
    full = lambda p: re.sub(r"(?<!M)MMM(?!M)", "MMMM", p)  # noqa: E731
    return {diff: [full(part) for part in parts] for diff, parts in patterns.items() if diff}


def _interval(start: dt.date, end: dt.date, lang: str) -> str:
    if start == end:
        return _day(start.isoformat(), lang)
    diff = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    first, second = _interval_patterns(lang)[diff]
    return format_date(start, first, locale=_locale(lang)) + format_date(end, second, locale=_locale(lang))


def _list(words: list[str], lang: str) -> str:
    if len(words) == 1:
        return words[0]
    return t(lang, "date.list_sep").join(words[:-1]) + t(lang, "date.list_last") + words[-1]


def _months(months: list[int], lang: str) -> str:
    names = get_month_names("wide", "stand-alone", locale=_locale(lang))
    return _list([names[m].lower() if SETTINGS[lang].lowercase_months else names[m] for m in months], lang)


def _days(days: list[dt.date], lang: str) -> str:
    """A list of days; when they share a year it is written once, where the language's long
    date puts it ("5, 25 ноября" … "9 декабря 2026 г."; "2026 жылғы 5 қараша, …")."""
    if len({d.year for d in days}) != 1 or len(days) == 1:
        return _list([_day(d.isoformat(), lang) for d in days], lang)
    words = [format_skeleton("MMMMd", d, locale=_locale(lang)) for d in days]
    pattern = SETTINGS[lang].day_pattern or Locale.parse(_locale(lang)).date_formats["long"].pattern
    at = 0 if pattern.index("y") < pattern.index("d") else -1
    words[at] = _day(days[at].isoformat(), lang)
    return _list(words, lang)


def format_when(when: When | None, lang: str) -> str:
    """The date of an activity as a reader of ``lang`` expects to see it."""
    if when is None:
        return t(lang, "date.none")
    if when.text is not None:
        return when.text[lang]
    kind = when.kind
    if kind == "date":
        return _day(when.date, lang)
    if kind == "range":
        return _interval(parse_date(when.start), parse_date(when.end), lang)
    if kind == "dates":
        return _days([parse_date(d) for d in when.dates], lang)
    if kind == "weekly":
        # the weekday's form in a list ("по понедельникам и четвергам") is an interface string:
        # CLDR has only the names
        weekdays = _list([t(lang, f"date.weekday.{w}") for w in when.weekdays], lang)
        return t(lang, "date.weekly", weekdays=weekdays,
                 period=_interval(parse_date(when.start), parse_date(when.end), lang))
    if kind == "monthly":
        return t(lang, "date.monthly", day=when.day,
                 period=_interval(parse_date(when.start), parse_date(when.end), lang))
    if kind == "month":
        return _month(*parse_month(when.month), lang)
    if kind == "by":
        return t(lang, "date.by", date=_day(when.by, lang))
    if kind == "years":
        return t(lang, "date.years", start=when.years[0], end=when.years[1])
    # recurring
    span = {"start": when.from_year, "end": when.until_year}
    if when.repeat == "yearly" and when.months:
        return t(lang, "date.yearly_months", months=_months(when.months, lang), **span)
    if when.repeat == "twice-yearly" and when.months:
        return t(lang, "date.twice-yearly", months=_months(when.months, lang), **span)
    if when.repeat == "twice-yearly":
        return t(lang, "date.half-yearly", **span)
    return t(lang, f"date.{when.repeat}", **span)


def format_period(start: str, end: str, lang: str) -> str:
    return _interval(parse_date(start), parse_date(end), lang)


def format_day(value: str, lang: str) -> str:
    return _day(value, lang)


def format_source_date(value: str, lang: str) -> str:
    """A source's date given as YYYY-MM-DD, YYYY-MM or YYYY: a day, a month or a year."""
    if len(value) == 4:
        return value
    if len(value) == 7:
        return _month(*parse_month(value), lang)
    return _day(value, lang)


def format_month_heading(year: int, month: int, lang: str) -> str:
    """A month and its year as a heading (the locale's own pattern, first letter capital)."""
    text = _month(year, month, lang)
    return text[:1].upper() + text[1:]
