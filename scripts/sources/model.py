"""The schema of campaigns.yml: what an editor may write, checked before every build.

Every user-facing string is a ``Text``: a mapping with kk, ru and en. Dates are read
from strings here (never by PyYAML) so that a wrong date is reported with its line.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal, Optional, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

LANGUAGES = ("kk", "ru", "en")
Lang = Literal["kk", "ru", "en"]

SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=80)]
Ident = Annotated[str, StringConstraints(pattern=ID_RE, max_length=80)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, use_attribute_docstrings=True)


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


NonBlank = Annotated[str, StringConstraints(min_length=1)]


# A page's <title> is its own short name, " – " and the site's short name, within TITLE_MAX
# characters (search results and browser tabs cut longer ones; the page's heading keeps the long
# name). Names that go into titles are bounded so that every kind of title fits: the limits below,
# with the longest interface string around them (tests/test_titles.py checks every title kind).
TITLE_MAX = 70
TITLE_SEPARATOR = " – "
TITLE_NAME_LIMITS = {"site": 27, "campaign": 29, "lesson": 40, "page": 40, "region": 20, "abbr": 20}


def _short_name_fits(kind: str, short: "Text | None", name: "Text | None") -> "Text | None":
    """The check of a ``short_name`` field (validated also when absent): the short name, or the
    name when there is none, fits page titles in every language."""
    limit = TITLE_NAME_LIMITS[kind]
    used = short if short is not None else name
    if used is None:  # the name itself was wrong: reported there
        return short
    long = [f"{lang} {len(used[lang])}" for lang in LANGUAGES if len(used[lang]) > limit]
    if long:
        what = "is" if short is not None else "is not given, and the name is"
        raise ValueError(f"{what} too long for page titles and browser tabs: at most {limit} characters"
                         f" ({', '.join(long)}); the heading keeps the full name")
    return short


class Text(Strict):
    """One user-facing string in every language of the site."""

    kk: NonBlank
    """The text in Kazakh."""
    ru: NonBlank
    """The text in Russian."""
    en: NonBlank
    """The text in English."""

    @field_validator("kk", "ru", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        return _nonblank(value)

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


# ---------------------------------------------------------------- dates

def parse_date(value: str) -> dt.date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"'{value}' is not a date written as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None


def parse_month(value: str) -> tuple[int, int]:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}", value):
        raise ValueError(f"'{value}' is not a month written as YYYY-MM")
    year, month = int(value[:4]), int(value[5:])
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' has no month {month}")
    return year, month


DateStr = Annotated[str, Field(description="YYYY-MM-DD")]

Repeat = Literal["weekly", "monthly", "yearly", "quarterly", "twice-yearly", "school-year", "all-year"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # in calendar order, Monday first (ISO 8601)
DATED_REPEATS = ("weekly", "monthly")  # recurring between two dates (start, end), not two years


class When(Strict):
    """When an activity happens. Exactly one form is used:

    - ``date``: one day;  ``start`` + ``end``: a range (within or across months);
    - ``dates``: a list of days, e.g. ["2026-11-25", "2026-12-03"];
    - ``month``: a whole month (YYYY-MM);  ``by``: a deadline;
    - ``years``: a span of whole years, e.g. [2024, 2025];
    - ``repeat: weekly`` on ``weekdays`` (e.g. [monday, thursday]) and ``repeat: monthly`` on a
      ``day`` of the month, from ``start`` to ``end`` (dates);
    - ``repeat``: recurring (yearly [in ``months``], quarterly, twice-yearly [in two
      ``months``, or else once in each half-year], school-year, all-year) between the
      years ``from`` and ``until``.
    ``text`` keeps the wording as written where the structure alone says less.
    """

    date: Optional[str] = None
    """One day, YYYY-MM-DD in quotes, e.g. "2026-06-01"."""
    start: Optional[str] = None
    """The first day (YYYY-MM-DD) of a range, or of a weekly or monthly repeat."""
    end: Optional[str] = None
    """The last day (YYYY-MM-DD) of a range, or of a weekly or monthly repeat (included)."""
    dates: Optional[list[str]] = None
    """A list of days (YYYY-MM-DD), in calendar order, when the activity happens on a few separate days."""
    month: Optional[str] = None
    """A whole month, YYYY-MM in quotes, e.g. "2026-06"."""
    by: Optional[str] = None
    """A deadline: the day (YYYY-MM-DD) by which it is done."""
    years: Optional[list[int]] = None
    """Whole years, first and last, e.g. [2024, 2025]."""
    repeat: Optional[Repeat] = None
    """How it repeats: weekly or monthly (between start and end), or yearly, quarterly, twice-yearly, school-year, all-year (between the years from and until)."""
    weekdays: Optional[list[Weekday]] = None
    """With repeat: weekly: the days of the week, e.g. [monday, thursday]."""
    day: Optional[int] = None
    """With repeat: monthly: the day of the month (1 to 31; a month without that day is skipped)."""
    months: Optional[list[int]] = None
    """With repeat: yearly or twice-yearly: the months (1 to 12), e.g. [3, 9]."""
    from_year: Optional[int] = Field(default=None, alias="from")
    """With a yearly, quarterly, twice-yearly, school-year or all-year repeat: the first year."""
    until_year: Optional[int] = Field(default=None, alias="until")
    """With a yearly, quarterly, twice-yearly, school-year or all-year repeat: the last year."""
    text: Optional[Text] = None
    """The date in words as the source document gives it (kk, ru, en); alone, the activity has no date in the calendar."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True)

    @field_validator("date", "start", "end", "by")
    @classmethod
    def _date(cls, value):
        if value is not None:
            parse_date(value)
        return value

    @field_validator("dates")
    @classmethod
    def _dates(cls, value):
        if value is not None:
            if not value:
                raise ValueError("list at least one day")
            days = [parse_date(v) for v in value]
            if sorted(set(days)) != days:
                raise ValueError("list the days once each, in calendar order")
        return value

    @field_validator("month")
    @classmethod
    def _month(cls, value):
        if value is not None:
            parse_month(value)
        return value

    @field_validator("months")
    @classmethod
    def _months(cls, value):
        if value is not None:
            bad = [m for m in value if not 1 <= m <= 12]
            if bad:
                raise ValueError(f"months are numbered 1 to 12, not {bad[0]}")
            if sorted(set(value)) != list(value):
                raise ValueError("list the months once each, in calendar order")
        return value

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value):
        if value is not None:
            if not value:
                raise ValueError("name at least one day of the week, e.g. [monday]")
            if sorted(set(value), key=WEEKDAYS.index) != list(value):
                raise ValueError("list the days of the week once each, Monday first")
        return value

    @field_validator("day")
    @classmethod
    def _day(cls, value):
        if value is not None and not 1 <= value <= 31:
            raise ValueError(f"a day of the month is 1 to 31, not {value}")
        return value

    @model_validator(mode="after")
    def _one_form(self):
        dated_repeat = self.repeat in DATED_REPEATS
        forms = [
            name
            for name, present in (
                ("date", self.date is not None),
                ("start/end", (self.start is not None or self.end is not None) and not dated_repeat),
                ("dates", self.dates is not None),
                ("month", self.month is not None),
                ("by", self.by is not None),
                ("years", self.years is not None),
                ("repeat", self.repeat is not None),
            )
            if present
        ]
        if len(forms) > 1:
            raise ValueError(f"use one form of date, not {' and '.join(forms)}")
        if self.weekdays is not None and self.repeat != "weekly":
            raise ValueError("'weekdays' belongs with 'repeat: weekly'")
        if self.day is not None and self.repeat != "monthly":
            raise ValueError("'day' belongs with 'repeat: monthly'")
        if not forms:
            if self.months or self.from_year or self.until_year:
                raise ValueError("'months', 'from' and 'until' belong with 'repeat'")
            if self.text is None:
                raise ValueError("give a date (date, start/end, dates, month, by, years or repeat)")
            return self
        if forms == ["start/end"]:
            if self.start is None or self.end is None:
                raise ValueError("a range needs both 'start' and 'end'")
            if parse_date(self.end) < parse_date(self.start):
                raise ValueError(f"the end {self.end} is before the start {self.start}")
        if forms == ["years"]:
            if len(self.years) != 2 or self.years[1] < self.years[0]:
                raise ValueError("'years' is [first, last], e.g. [2024, 2025]")
        if forms == ["repeat"] and dated_repeat:
            if self.months or self.from_year or self.until_year:
                raise ValueError(f"'repeat: {self.repeat}' runs from 'start' to 'end' (dates), "
                                 "not 'from' and 'until' (years); it takes no 'months'")
            if self.start is None or self.end is None:
                raise ValueError(f"'repeat: {self.repeat}' needs its period: 'start' and 'end' (dates, YYYY-MM-DD)")
            if parse_date(self.end) < parse_date(self.start):
                raise ValueError(f"the end {self.end} is before the start {self.start}")
            if self.repeat == "weekly" and self.weekdays is None:
                raise ValueError("'repeat: weekly' needs its days of the week, e.g. weekdays: [monday, thursday]")
            if self.repeat == "monthly" and self.day is None:
                raise ValueError("'repeat: monthly' needs its day of the month, e.g. day: 15")
            if not self.occurrences():
                raise ValueError(f"no {'weekday' if self.repeat == 'weekly' else 'day'} given falls "
                                 f"between {self.start} and {self.end}")
        elif forms == ["repeat"]:
            if self.from_year is None or self.until_year is None:
                raise ValueError("a recurring activity needs its period: 'from' and 'until' (years)")
            if self.until_year < self.from_year:
                raise ValueError(f"'until' {self.until_year} is before 'from' {self.from_year}")
            if self.repeat == "twice-yearly" and self.months and len(self.months) != 2:
                raise ValueError("'twice-yearly' takes two 'months' (or none: once in each half of the year)")
            if self.repeat in ("quarterly", "school-year", "all-year") and self.months:
                raise ValueError(f"'{self.repeat}' takes no 'months'")
        elif self.months or self.from_year or self.until_year:
            raise ValueError("'months', 'from' and 'until' belong with 'repeat'")
        return self

    # -- helpers for renderers
    @property
    def kind(self) -> str:
        if self.date:
            return "date"
        if self.dates:
            return "dates"
        if self.repeat in DATED_REPEATS:
            return self.repeat
        if self.start:
            return "range"
        if self.month:
            return "month"
        if self.by:
            return "by"
        if self.years:
            return "years"
        if self.repeat:
            return "repeat"
        return "text"

    def occurrences(self) -> list[dt.date]:
        """The days of a weekly or monthly repeat or of a list of dates, in order."""
        if self.dates:
            return [parse_date(d) for d in self.dates]
        if self.repeat not in DATED_REPEATS:
            return []
        first, last = parse_date(self.start), parse_date(self.end)
        days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
        if self.repeat == "weekly":
            wanted = {WEEKDAYS.index(w) for w in self.weekdays or ()}
            return [d for d in days if d.weekday() in wanted]
        return [d for d in days if d.day == self.day]


# ---------------------------------------------------------------- contacts, agencies

def parse_source_date(value: str) -> str:
    """A source's date as precise as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        parse_month(value)
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        parse_date(value)
        return value
    raise ValueError(f"'{value}' is not a date written as YYYY-MM-DD, YYYY-MM or YYYY")


class Contact(Strict):
    name: Text
    """The contact's name as readers know it."""
    description: Optional[Text] = None
    """A sentence on what the contact does for the reader."""
    source: Text
    """The document the contact's facts come from, named so that an editor can find it (facts are never invented)."""
    source_url: Optional[Annotated[str, StringConstraints(pattern=r"^https://\S+$")]] = None
    """Where an editor can read the source online (https://…), when it is online."""
    source_date: Optional[str] = None
    """The date of the source (YYYY-MM-DD, or YYYY-MM or YYYY when it gives no day); shown as the source's date."""
    verified: str
    """The day (YYYY-MM-DD) an editor last checked the details against the source, shown as such; not in the future, and a warning after 12 months."""

    @field_validator("verified")
    @classmethod
    def _verified(cls, value):
        parse_date(value)
        return value

    @field_validator("source_date")
    @classmethod
    def _source_date(cls, value):
        return value if value is None else parse_source_date(value)


class Hotline(Contact):
    number: Annotated[str, StringConstraints(pattern=r"^\d{3,12}$")]
    """The number to call, digits only, in quotes, e.g. "111"."""
    hours: Text
    """When the line answers, e.g. 24/7."""
    cost: Text
    """What a call costs, e.g. free."""
    confidentiality: Text
    """Whether a call is confidential or anonymous."""
    reach: Text
    """From which phones the number can be called."""


class EmailContact(Contact):
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]
    """The e-mail address."""


class ChatContact(Contact):
    url: Optional[Annotated[str, StringConstraints(pattern=r"^https://\S+$")]] = None
    """The chat's https:// address; when given, its QR code is printed."""


class EmergencyLine(Contact):
    """The single number for immediate danger (police, ambulance, fire): help pages give it first."""

    number: Annotated[str, StringConstraints(pattern=r"^\d{3,12}$")]
    """Digits only, e.g. 112."""
    cost: Optional[Text] = None
    """What a call costs, as the source says."""
    reach: Optional[Text] = None
    """From which phones it can be called, as the source says."""


class Contacts(Strict):
    emergency: Optional[EmergencyLine] = None
    """The emergency number for immediate danger (112): the help bar over every page and the posters give it; the help and stay-safe pages open with it."""
    hotline: Hotline
    """The helpline (111): number, hours, cost, confidentiality and reach."""
    ombudsman: EmailContact
    """The Ombudsman for children's rights: e-mail address."""
    telegram: ChatContact
    """The official chat; with 'url' its QR code is printed on posters and the stand kit."""


class Region(Strict):
    id: Ident
    """The region's id: lowercase letters, digits, '-' and '.', e.g. karaganda; never changed once used."""
    name: Text
    """The region's name."""
    short_name: Optional[Text] = Field(None, validate_default=True)
    """The region's name in page titles and browser tabs, at most 20 characters; needed where `name` is longer (e.g. Kazakhstan for Republic of Kazakhstan (national level))."""

    @field_validator("short_name")
    @classmethod
    def _short_name_fits(cls, value, info):
        return _short_name_fits("region", value, info.data.get("name"))

    def title_name(self) -> Text:
        """The name in page titles."""
        return self.short_name or self.name


class Agency(Strict):
    id: Ident
    """The body's id, e.g. kar.bb (region, a dot, the body); activities name it in 'responsible'."""
    abbr: Text
    """The abbreviation shown in activity tables and calendars."""
    abbr_official: list[Literal["kk", "ru", "en"]] = []
    """The languages whose abbreviation is not the site's own: a source document uses it, or it is in general use (NGO, СМИ, БАҚ); in the other languages the glossary and the abbreviation's title say that the site made it."""

    @field_validator("abbr")
    @classmethod
    def _abbr_fits(cls, value):
        return _short_name_fits("abbr", value, None)

    @property
    def anchor(self) -> str:
        """The id as an HTML id (letters, digits, - and _): "." becomes "_", which ids never hold."""
        return self.id.replace(".", "_")

    name: Text
    """The full name, shown in the glossary and where the abbreviation is explained."""
    region: Ident
    """The id of the region the body belongs to (from 'regions')."""
    aliases: list[str] = []  # spellings met in source documents, for editors' search
    """Other spellings of the name met in source documents, for editors' search."""

    def abbr_is_official(self, lang: str) -> bool:
        return lang in self.abbr_official


class Responsible(Strict):
    agency: Ident
    """The body's id from 'agencies'."""
    by_agreement: bool = False
    """true when the body takes part by agreement."""


ResponsibleRef = Union[Ident, Responsible]

Funding = Literal["not-required", "republican-budget", "within-allocated-funds", "local-budget"]


# ---------------------------------------------------------------- campaigns

class Activity(Strict):
    n: Annotated[int, Field(ge=1)]
    """The activity's number, 1, 2, 3 … once across the whole campaign."""
    text: Text
    """What is done."""
    when: Optional[When] = None
    """When it happens: one form of date (see the 'when' table); without it the activity has no date."""
    responsible: list[ResponsibleRef] = []
    """Who does it: body ids from 'agencies', or {agency: id, by_agreement: true}."""
    form: Optional[Text] = None  # completion form, as the plan gives it
    """The form of completion, as the plan gives it (e.g. a report)."""
    funding: Optional[Funding] = None
    """How it is funded: not-required, republican-budget, within-allocated-funds or local-budget."""
    note: Optional[Text] = None
    """A note shown with the activity."""

    def agency_ids(self) -> list[str]:
        return [r if isinstance(r, str) else r.agency for r in self.responsible]


class Section(Strict):
    title: Text
    """The stage's or block's title."""
    goal: Optional[Text] = None
    """What this stage is for."""
    activities: list[Activity] = []
    """Its activities."""


class Figure(Strict):
    """A single number worth showing on its own (e.g. 1,074 raids)."""

    value: Union[int, float]
    """The number (not negative)."""
    label: Text
    """What the number counts."""

    @field_validator("value")
    @classmethod
    def _non_negative(cls, value):
        if value < 0:
            raise ValueError("must not be negative")
        return value


def _label_kind(value) -> str:
    return "int" if isinstance(value, int) and not isinstance(value, bool) else "Text"


# A category is a year or other whole number (the same in every language) or a Text.
Label = Annotated[
    Union[Annotated[int, Tag("int")], Annotated[Text, Tag("Text")]],
    Discriminator(_label_kind),
]


def _chart_number(value):
    """A figure in a dataset: a real, non-negative number written as a number (not text or yes/no)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"expected a number, got {value!r}")
    if value < 0:
        raise ValueError(f"must not be negative ({value:g})")
    return value


ChartNumber = Annotated[Union[int, float], PlainValidator(_chart_number)]


class Series(Strict):
    name: Text
    """The series' name, shown in the legend."""
    values: list[ChartNumber]
    """Its values, one per category, numbers not below 0."""


class Dataset(Strict):
    """Figures for a chart and its table: categories along one axis, one or more series.

    Rules that involve several fields (one value per category, shares adding up to 100,
    percentages up to 100) are checked in validate.py, where each problem is reported at
    the line of the value that breaks it.
    """

    id: Slug
    """The dataset's id within the campaign (lowercase, digits, hyphens)."""
    title: Text
    """The chart's and table's title."""
    chart: Literal["bar", "line"] = "bar"
    """bar or line."""
    unit: Literal["count", "percent"] = "count"
    """count or percent."""
    categories: Annotated[list[Label], Field(min_length=1)]
    """The categories along one axis: years (numbers) or texts in kk, ru and en."""
    series: Annotated[list[Series], Field(min_length=1, max_length=4)]
    """One to four series of values, one value per category."""
    total: Optional[Literal[100]] = None  # shares of one whole must add up to 100
    """100 when the values are shares of one whole (they must add up to 100)."""
    multiple_choice: bool = False  # percentages of respondents; answers overlap
    """true for percentages of respondents whose answers overlap."""
    # per-series: one panel per series, each with its own scale (for series of very
    # different size, e.g. national and regional targets)
    scale: Literal["shared", "per-series"] = "shared"
    """shared, or per-series (each series its own panel and scale)."""
    note: Optional[Text] = None
    """A note under the chart (the source, how it was counted)."""


class Period(Strict):
    start: str
    """The first day, YYYY-MM-DD in quotes."""
    end: str
    """The last day, YYYY-MM-DD in quotes (not before the start)."""

    @field_validator("start", "end")
    @classmethod
    def _date(cls, value):
        parse_date(value)
        return value

    @model_validator(mode="after")
    def _order(self):
        if parse_date(self.end) < parse_date(self.start):
            raise ValueError(f"the end {self.end} is before the start {self.start}")
        return self


Kind = Literal["information-campaign", "action", "lesson", "road-map", "report"]


class Campaign(Strict):
    slug: Slug
    """The page address: lowercase Latin letters, digits and hyphens; never changed once published (QR codes point at it)."""
    kind: Kind
    """What it is: information-campaign, action, lesson, road-map or report."""
    name: Text
    """The campaign's name in each language of the site, as a reader of that language says it: the name in the page's language comes first everywhere it is shown."""
    short_name: Optional[Text] = Field(None, validate_default=True)
    """The campaign's name in page titles and browser tabs, at most 29 characters; needed where `name` is longer. The page's heading keeps the full name."""
    name_original: Optional[Lang] = None
    """The language (kk, ru or en) in which the source document gives the official name: on the pages in the other languages that name follows as a second line. Leave it out when the name is a description rather than a proper name."""
    region: Ident
    """The id of the region it runs in (from 'regions')."""
    period: Period
    """Its first and last day."""
    period_text: Optional[Text] = None
    """The period in words as the source document gives it."""
    approved_by: Optional[Text] = None
    """Who approved the plan (the document and body), as the source gives it."""
    summary: Text
    """Two or three sentences: what the campaign is for and who it is for."""
    motto: Optional[Text] = None
    """The campaign's slogan in each language of the site, as a reader of that language says it (no brackets, no translation notes)."""
    motto_original: Optional[Lang] = None
    """The language (kk, ru or en) in which the source document gives the slogan: on the pages in the other languages it follows as a second line."""
    geography: list[Text] = []
    """Where it takes place, one item per place."""
    organizers: list[Text] = []
    """Who organises it, one item each."""
    goals: list[Text] = []
    """Its goals, one item each."""
    tasks: list[Text] = []
    """Its tasks, one item each."""
    target_groups: list[Text] = []
    """Whom it is for, one item per group."""
    participants: list[Text] = []
    """Who takes part, one item each."""
    background: Optional[Text] = None  # Markdown
    """Why it is needed (Markdown)."""
    expected_results: list[Text] = []
    """What it should achieve, one item each."""
    sections: list[Section] = []
    """The activity plan: stages or blocks, each with its activities."""
    figures: list[Figure] = []
    """Single numbers worth showing on their own, e.g. 1,074 raids."""
    datasets: list[Dataset] = []
    """Figures for a chart and its table."""
    report_on: Optional[Slug] = None  # a report names the campaign it reports on
    """For a report: the slug of the campaign it reports on."""
    related: list[Slug] = []
    """Slugs of related campaigns, linked from its page."""

    @model_validator(mode="after")
    def _original_of_motto(self):
        if self.motto_original is not None and self.motto is None:
            raise ValueError("'motto_original' says the language of the motto: give the 'motto' too")
        return self

    def activities(self) -> list[Activity]:
        return [a for s in self.sections for a in s.activities]

    @field_validator("short_name")
    @classmethod
    def _short_name_fits(cls, value, info):
        return _short_name_fits("campaign", value, info.data.get("name"))

    def title_name(self) -> Text:
        """The name in page titles (the heading keeps ``name``)."""
        return self.short_name or self.name


class Site(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+(/[^\s]*)?/$")]
    """The site's address, ending with /, e.g. https://example.kz/."""
    name: Text
    """The site's name, shown in the header and in feeds."""
    short_name: Optional[Text] = Field(None, validate_default=True)
    """The site's name after a page's own in page titles, and under the site's icon on a phone's home screen; at most 27 characters (default: `name`)."""
    description: Text
    """One sentence about the site, for search engines and shared links."""
    quick_exit_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
    """The neutral page (https://…) the quick-exit button opens."""

    @field_validator("short_name")
    @classmethod
    def _short_name_fits(cls, value, info):
        return _short_name_fits("site", value, info.data.get("name"))

    def title_name(self) -> Text:
        """The site's name in page titles and on a phone's home screen."""
        return self.short_name or self.name


# ---------------------------------------------------------------- printed materials

ImageFile = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.(png|jpg|jpeg|svg)$")]


class PrintImage(Strict):
    """An image file for printed materials, given by the editors (never made up)."""

    file: ImageFile  # path from the repository root, e.g. materials/ombudsman-logo.png
    """The image file, a path from the repository root, e.g. materials/ombudsman-logo.png."""
    caption: Text  # what or who it shows; printed under it and used as its text alternative
    """What or who it shows; printed under it and used as its text alternative."""


class StandKit(Strict):
    """The school information stand kit (seed 002): one multi-page PDF per language.

    Logos and photos are official material the site does not have: where a file is not
    given, the kit prints a framed, labelled place where the school mounts the printed original.
    """

    campaign: Slug  # the campaign whose page offers the kit (stand-kit.pdf in its folder)
    """The slug of the campaign whose page offers the kit."""
    ombudsman_logo: Optional[PrintImage] = None
    """The Ombudsman's official logo, as an image file."""
    hotline_logo: Optional[PrintImage] = None
    """The 111 line's official logo, as an image file."""
    photos: list[PrintImage] = []  # well-known people with the 111 logo
    """Photographs of well-known people with the 111 logo."""


class Data(Strict):
    site: Site
    """The site as a whole: its address, name, description and the quick-exit page."""
    contacts: Contacts
    """Where to get help, defined once and shown on every page: the helpline, the Ombudsman, the chat."""
    regions: list[Region]
    """The regions campaigns and bodies belong to; each has an id used elsewhere in the file."""
    agencies: list[Agency]
    """The responsible bodies, each with an id that activities name in 'responsible'."""
    campaigns: list[Campaign]
    """The campaigns, each with its own page in kk, ru and en."""
    stand_kit: Optional[StandKit] = None
    """The school information stand kit: which campaign offers it and its official images."""
