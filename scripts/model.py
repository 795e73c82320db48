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

SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=80)]
Ident = Annotated[str, StringConstraints(pattern=ID_RE, max_length=80)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


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
    ru: NonBlank
    en: NonBlank

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

Repeat = Literal["yearly", "quarterly", "twice-yearly", "school-year", "all-year"]


class When(Strict):
    """When an activity happens. Exactly one form is used:

    - ``date``: one day;  ``start`` + ``end``: a range (within or across months);
    - ``month``: a whole month (YYYY-MM);  ``by``: a deadline;
    - ``years``: a span of whole years, e.g. [2024, 2025];
    - ``repeat``: recurring (yearly [in ``months``], quarterly, twice-yearly [in two
      ``months``, or else once in each half-year], school-year, all-year) between the
      years ``from`` and ``until``.
    ``text`` keeps the wording as written where the structure alone says less.
    """

    date: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    month: Optional[str] = None
    by: Optional[str] = None
    years: Optional[list[int]] = None
    repeat: Optional[Repeat] = None
    months: Optional[list[int]] = None
    from_year: Optional[int] = Field(default=None, alias="from")
    until_year: Optional[int] = Field(default=None, alias="until")
    text: Optional[Text] = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("date", "start", "end", "by")
    @classmethod
    def _date(cls, value):
        if value is not None:
            parse_date(value)
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

    @model_validator(mode="after")
    def _one_form(self):
        forms = [
            name
            for name, present in (
                ("date", self.date is not None),
                ("start/end", self.start is not None or self.end is not None),
                ("month", self.month is not None),
                ("by", self.by is not None),
                ("years", self.years is not None),
                ("repeat", self.repeat is not None),
            )
            if present
        ]
        if len(forms) > 1:
            raise ValueError(f"use one form of date, not {' and '.join(forms)}")
        if not forms:
            if self.months or self.from_year or self.until_year:
                raise ValueError("'months', 'from' and 'until' belong with 'repeat'")
            if self.text is None:
                raise ValueError("give a date (date, start/end, month, by, years or repeat)")
            return self
        if forms == ["start/end"]:
            if self.start is None or self.end is None:
                raise ValueError("a range needs both 'start' and 'end'")
            if parse_date(self.end) < parse_date(self.start):
                raise ValueError(f"the end {self.end} is before the start {self.start}")
        if forms == ["years"]:
            if len(self.years) != 2 or self.years[1] < self.years[0]:
                raise ValueError("'years' is [first, last], e.g. [2024, 2025]")
        if forms == ["repeat"]:
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


# ---------------------------------------------------------------- contacts, agencies

class Contact(Strict):
    name: Text
    description: Optional[Text] = None
    source: Text
    verified: str

    @field_validator("verified")
    @classmethod
    def _verified(cls, value):
        parse_date(value)
        return value


class Hotline(Contact):
    number: Annotated[str, StringConstraints(pattern=r"^\d{3,12}$")]
    hours: Text
    cost: Text
    confidentiality: Text
    reach: Text


class EmailContact(Contact):
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]


class ChatContact(Contact):
    url: Optional[Annotated[str, StringConstraints(pattern=r"^https://\S+$")]] = None


class Contacts(Strict):
    hotline: Hotline
    ombudsman: EmailContact
    telegram: ChatContact


class Region(Strict):
    id: Ident
    name: Text
    short_name: Optional[Text] = Field(
        None, validate_default=True,
        description="The region's name in page titles and browser tabs, at most 20 characters; needed"
                    " where `name` is longer (e.g. Kazakhstan for Republic of Kazakhstan (national level)).")

    @field_validator("short_name")
    @classmethod
    def _short_name_fits(cls, value, info):
        return _short_name_fits("region", value, info.data.get("name"))

    def title_name(self) -> Text:
        """The name in page titles."""
        return self.short_name or self.name


class Agency(Strict):
    id: Ident
    abbr: Text  # in page titles (a body's calendar): at most 20 characters

    @field_validator("abbr")
    @classmethod
    def _abbr_fits(cls, value):
        return _short_name_fits("abbr", value, None)

    @property
    def anchor(self) -> str:
        """The id as an HTML id (letters, digits, - and _): "." becomes "_", which ids never hold."""
        return self.id.replace(".", "_")
    name: Text
    region: Ident
    aliases: list[str] = []  # spellings met in source documents, for editors' search


class Responsible(Strict):
    agency: Ident
    by_agreement: bool = False


ResponsibleRef = Union[Ident, Responsible]

Funding = Literal["not-required", "republican-budget", "within-allocated-funds", "local-budget"]


# ---------------------------------------------------------------- campaigns

class Activity(Strict):
    n: Annotated[int, Field(ge=1)]
    text: Text
    when: Optional[When] = None
    responsible: list[ResponsibleRef] = []
    form: Optional[Text] = None  # completion form, as the plan gives it
    funding: Optional[Funding] = None
    note: Optional[Text] = None

    def agency_ids(self) -> list[str]:
        return [r if isinstance(r, str) else r.agency for r in self.responsible]


class Section(Strict):
    title: Text
    goal: Optional[Text] = None
    activities: list[Activity] = []


class Figure(Strict):
    """A single number worth showing on its own (e.g. 1,074 raids)."""

    value: Union[int, float]
    label: Text

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
    values: list[ChartNumber]


class Dataset(Strict):
    """Figures for a chart and its table: categories along one axis, one or more series.

    Rules that involve several fields (one value per category, shares adding up to 100,
    percentages up to 100) are checked in validate.py, where each problem is reported at
    the line of the value that breaks it.
    """

    id: Slug
    title: Text
    chart: Literal["bar", "line"] = "bar"
    unit: Literal["count", "percent"] = "count"
    categories: Annotated[list[Label], Field(min_length=1)]
    series: Annotated[list[Series], Field(min_length=1, max_length=4)]
    total: Optional[Literal[100]] = None  # shares of one whole must add up to 100
    multiple_choice: bool = False  # percentages of respondents; answers overlap
    # per-series: one panel per series, each with its own scale (for series of very
    # different size, e.g. national and regional targets)
    scale: Literal["shared", "per-series"] = "shared"
    note: Optional[Text] = None


class Period(Strict):
    start: str
    end: str

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
    kind: Kind
    name: Text  # the proper name as used in each language (may be the same string)
    short_name: Optional[Text] = Field(
        None, validate_default=True,
        description="The campaign's name in page titles and browser tabs, at most 29 characters; needed"
                    " where `name` is longer. The page's heading keeps the full name.")
    translation: Optional[Text] = None  # what the name means, where it is not translated
    region: Ident
    period: Period
    period_text: Optional[Text] = None
    approved_by: Optional[Text] = None
    summary: Text
    motto: Optional[Text] = None
    geography: list[Text] = []
    organizers: list[Text] = []
    goals: list[Text] = []
    tasks: list[Text] = []
    target_groups: list[Text] = []
    participants: list[Text] = []
    background: Optional[Text] = None  # Markdown
    expected_results: list[Text] = []
    sections: list[Section] = []
    figures: list[Figure] = []
    datasets: list[Dataset] = []
    report_on: Optional[Slug] = None  # a report names the campaign it reports on
    related: list[Slug] = []

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
    name: Text
    short_name: Optional[Text] = Field(
        None, validate_default=True,
        description="The site's name after a page's own in page titles, and under the site's icon on a"
                    " phone's home screen; at most 27 characters (default: `name`).")
    description: Text
    quick_exit_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]

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
    caption: Text  # what or who it shows; printed under it and used as its text alternative


class StandKit(Strict):
    """The school information stand kit (seed 002): one multi-page PDF per language.

    Logos and photos are official material the site does not have: where a file is not
    given, the kit prints a framed, labelled place where the school mounts the printed original.
    """

    campaign: Slug  # the campaign whose page offers the kit (stand-kit.pdf in its folder)
    ombudsman_logo: Optional[PrintImage] = None
    hotline_logo: Optional[PrintImage] = None
    photos: list[PrintImage] = []  # well-known people with the 111 logo


class Data(Strict):
    site: Site
    contacts: Contacts
    regions: list[Region]
    agencies: list[Agency]
    campaigns: list[Campaign]
    stand_kit: Optional[StandKit] = None
