"""Lesson guides for schools: the schema of lessons.yml and its checks (their pages and PDFs: lessonpages.py).

lessons.yml sits next to campaigns.yml. Each lesson belongs to a campaign (by slug) and
becomes, in every language, a page ``{lang}/lessons/{slug}/index.md``, an A4 guide
``lesson.pdf`` and one PDF per handout (``handout-N.pdf``).

Problems are reported like those of campaigns.yml (``file:line:col: path: message``,
see validate.py), all at once.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import Field, field_validator

from . import yamlsource
from .docpages import shown
from .model import Data, Slug, Strict, Text, _short_name_fits
from .validate import InvalidData, Problem, _dotted, _language_checks, load_file, suggest
from .yamlsource import Located

LESSONS_FILE = "lessons.yml"
GRADES = (1, 11)  # school grades in Kazakhstan

# Which entries of campaigns.yml `contacts` a lesson points pupils to. The lesson names
# them; the templates print them from the one contacts source.
ContactKey = Literal["emergency", "hotline", "ombudsman", "telegram"]

Minutes = Annotated[int, Field(ge=1, le=240)]


def _at_least_one(what: str):
    def check(value):
        if not value:
            raise ValueError(f"give at least one {what}")
        return value
    return check


class Term(Strict):
    """A key word with a definition pupils of the lesson's age understand."""

    term: Text
    """The key word."""
    meaning: Text
    """Its definition."""


class Handout(Strict):
    """A sheet given out in the lesson; printed as its own A4 PDF."""

    title: Text
    """The handout's title."""
    purpose: Text  # for the teacher: what it is and how to use it
    """For the teacher: what it is and how to use it."""
    body: Text  # Markdown: what is printed
    """What is printed (Markdown)."""
    # how it is printed: sheet (as written); cards (every paragraph a card to cut out);
    # pocket (two copies of the body to cut apart); worksheet (with a large space to draw in)
    layout: Literal["sheet", "cards", "pocket", "worksheet"] = "sheet"
    """How it is printed: sheet, cards, pocket or worksheet."""
    contacts: list[ContactKey] = []  # printed under the body, from campaigns.yml contacts
    """Contacts printed under the body (hotline, ombudsman, telegram)."""


class Step(Strict):
    title: Text
    """The step's title."""
    minutes: Minutes
    """How long it takes, in minutes."""
    teacher: Text  # Markdown: what the teacher does and says
    """What the teacher does and says (Markdown)."""
    pupils: Text  # Markdown: what pupils do
    """What pupils do (Markdown)."""
    questions: list[Text] = []  # questions to ask
    """Questions to ask."""
    handouts: list[int] = []  # numbers (1-based) of the handouts used in this step
    """Numbers (from 1) of the handouts used in this step."""


class GradeBand(Strict):
    first: int = Field(alias="from")
    """The lowest grade (1 to 11)."""
    last: int = Field(alias="to")
    """The highest grade (1 to 11)."""

    model_config = Strict.model_config | {"populate_by_name": True}

    @field_validator("first", "last")
    @classmethod
    def _school_grade(cls, value: int) -> int:
        low, high = GRADES
        if not low <= value <= high:
            raise ValueError(f"school grades run from {low} to {high}, not {value}")
        return value


class Adaptation(Strict):
    younger: Text
    """For younger pupils."""
    older: Text
    """For older pupils."""


class Safeguarding(Strict):
    """What the teacher must know before teaching a lesson on abuse, danger or exploitation."""

    disclosure: list[Text]  # what to do if a child tells about abuse
    """What to do if a child tells about abuse."""
    distance: list[Text]  # teach through stories and situations; never press for personal stories
    """How to keep distance: stories and situations, never pressing for personal stories."""
    ending: list[Text]  # how to close the lesson safely
    """How to close the lesson safely."""

    @field_validator("disclosure", "distance", "ending")
    @classmethod
    def _notes(cls, value):
        return _at_least_one("note")(value)


class Lesson(Strict):
    slug: Slug
    """The lesson's page address: lowercase Latin letters, digits and hyphens; never changed once published."""
    campaign: Slug
    """The slug of the campaign (in campaigns.yml) the lesson belongs to."""
    activities: list[int] = []  # numbers of the campaign's activities this lesson carries out
    """The numbers of the campaign's activities this lesson carries out."""
    title: Text
    """The lesson's title."""
    short_title: Optional[Text] = Field(None, validate_default=True)
    """The lesson's title in page titles and browser tabs, at most 40 characters; needed where `title` is longer. The page's heading keeps the full title."""
    summary: Text
    """What the lesson is about, in one or two sentences."""
    grades: GradeBand
    """The school grades it is for, e.g. {from: 5, to: 9}."""
    duration: Minutes
    """Its length in minutes; the steps' minutes add up to it."""
    format: Optional[Text] = None
    """Its form, e.g. a class hour or a discussion."""
    objectives: list[Text]
    """What pupils will know or be able to do, one item each."""
    keywords: list[Term] = []
    """Key words with a definition pupils of that age understand."""
    materials: list[Text] = []
    """What the teacher needs, one item each."""
    preparation: list[Text] = []
    """What to prepare beforehand, one item each."""
    handouts: list[Handout] = []
    """Sheets given out in the lesson, each printed as its own A4 PDF."""
    safeguarding: Safeguarding
    """What the teacher must know before teaching it: disclosure, distance, ending."""
    steps: list[Step]
    """The lesson's steps, in order."""
    adaptations: Adaptation
    """How to adapt it for younger and older pupils."""
    reflection: list[Text]
    """How pupils reflect at the end, one item each."""
    signposting: list[ContactKey]
    """The contacts pupils are pointed to (hotline, ombudsman, telegram); always hotline."""
    sources: list[Text] = []
    """The documents the lesson is based on."""

    @field_validator("objectives", "steps", "reflection", "signposting")
    @classmethod
    def _not_empty(cls, value):
        return _at_least_one("entry")(value)

    @field_validator("short_title")
    @classmethod
    def _short_title_fits(cls, value, info):
        return _short_name_fits("lesson", value, info.data.get("title"))

    def title_name(self) -> Text:
        """The title in page titles (the heading keeps ``title``)."""
        return self.short_title or self.title


class LessonFile(Strict):
    lessons: list[Lesson]
    """The lessons, each with its page and PDFs in kk, ru and en."""


# What an editor is told when a whole part of a lesson is missing.
_MISSING = {
    "safeguarding": "every lesson needs safeguarding notes for the teacher "
                    "(disclosure, distance, ending)",
    "signposting": "every lesson needs signposting: the contacts pupils are pointed to (e.g. [hotline, ombudsman])",
    "steps": "every lesson needs its steps",
    "grades": "give the grade band, e.g. {from: 5, to: 9}",
    "duration": "give the lesson's length in minutes",
}


def _friendlier(problems: list[Problem]) -> list[Problem]:
    out = []
    for p in problems:
        last = p.path.rsplit(".", 1)[-1]
        if p.message == "this field is required" and last in _MISSING:
            p = Problem(p.position, p.path, _MISSING[last])
        out.append(p)
    return out


def _checks(lessons: list[Lesson], campaigns: dict[str, set[int]], src: Located,
            contacts: set[str] | None = None) -> list[Problem]:
    """``campaigns``: each campaign's slug with its activity numbers; ``contacts``: the contacts
    campaigns.yml gives (None when it could not be read: not checked then)."""
    problems: list[Problem] = []

    def add(path: tuple, message: str):
        problems.append(Problem(src.where(path), _dotted(path), message))

    slugs = Counter(lesson.slug for lesson in lessons)
    for i, lesson in enumerate(lessons):
        base = ("lessons", i)
        if slugs[lesson.slug] > 1:
            add(base + ("slug",), f"'{lesson.slug}' is used more than once")
        numbers = campaigns.get(lesson.campaign)
        if numbers is None:
            add(base + ("campaign",), f"no campaign in campaigns.yml has the slug '{lesson.campaign}'"
                + suggest(lesson.campaign, campaigns))
        else:
            for j, n in enumerate(lesson.activities):
                if n not in numbers:
                    add(base + ("activities", j), f"the campaign '{lesson.campaign}' has no activity {n}")
        if lesson.grades.last < lesson.grades.first:
            add(base + ("grades",), f"the grade band ends ({lesson.grades.last}) before it starts ({lesson.grades.first})")
        total = sum(step.minutes for step in lesson.steps)
        if total != lesson.duration:
            add(base + ("duration",),
                f"the steps add up to {total} minutes, but the lesson lasts {lesson.duration}: "
                "change a step's minutes or the duration")
        if "hotline" not in lesson.signposting:
            add(base + ("signposting",), "every lesson points pupils to the 111 line: add 'hotline'")
        named = [(base + ("signposting", j), key) for j, key in enumerate(lesson.signposting)]
        named += [(base + ("handouts", h, "contacts", j), key)
                  for h, handout in enumerate(lesson.handouts) for j, key in enumerate(handout.contacts)]
        for path, key in named:
            if key == "emergency" and contacts is not None and key not in contacts:
                add(path, "campaigns.yml has no 'emergency' contact to print here: add it to contacts, or remove it")
        for si, step in enumerate(lesson.steps):
            for hi, n in enumerate(step.handouts):
                if not 1 <= n <= len(lesson.handouts):
                    add(base + ("steps", si, "handouts", hi),
                        f"there is no handout {n} (this lesson has {len(lesson.handouts)})")
    return problems


def load_lessons(path: Path, data: Data | dict[str, set[int]], display_name: str | None = None) -> list[Lesson]:
    """Load and check lessons.yml against the campaigns (the validated data, or each campaign's
    slug with its activity numbers when campaigns.yml has problems of its own). Raises
    InvalidData with every problem, the lessons' field problems and the unknown campaigns and
    activities together."""
    contacts = None
    if isinstance(data, Data):
        contacts = {key for key, value in data.contacts if value is not None}
        data = {c.slug: {a.n for a in c.activities()} for c in data.campaigns}
    display_name = display_name or shown(path)
    try:
        parsed, src = load_file(path, LessonFile, "'lessons'", display_name, friendlier=_friendlier)
    except InvalidData as exc:
        taken = {p.path for p in exc.problems}
        problems = exc.problems + [p for p in _raw_campaigns(path, display_name, data) if p.path not in taken]
        raise InvalidData(sorted(problems, key=lambda p: (p.position.line, p.position.col))) from None
    problems = _checks(parsed.lessons, data, src, contacts) + _language_checks(parsed, src)
    if problems:
        raise InvalidData(problems)
    return parsed.lessons


def _raw_campaigns(path: Path, display_name: str, campaigns: dict[str, set[int]]) -> list[Problem]:
    """Unknown campaigns of lessons that have field problems too (reported in the same run)."""
    try:
        src = yamlsource.load(path, display_name)
    except yamlsource.SourceProblem:
        return []  # already reported
    out = []
    lessons = src.data.get("lessons") if isinstance(src.data, dict) else None
    for i, lesson in enumerate(lessons if isinstance(lessons, list) else []):
        slug = lesson.get("campaign") if isinstance(lesson, dict) else None
        if isinstance(slug, str) and slug and slug not in campaigns:
            path_ = ("lessons", i, "campaign")
            out.append(Problem(src.where(path_), _dotted(path_),
                               f"no campaign in campaigns.yml has the slug '{slug}'" + suggest(slug, campaigns)))
    return out


def lessons_path(data_file: Path) -> Path:
    """Lessons live next to the campaigns file they refer to."""
    return data_file.with_name(LESSONS_FILE)


_LOADED: list = []  # [data, (file, hash of its bytes), lessons] of the last lessons file loaded


def lessons_for(data: Data, data_file: Path) -> list[Lesson]:
    """The lessons beside ``data_file``; none if there is no lessons file. Four generators of a
    build ask for them: the file is read and checked once per data object and file version
    (4 s for the 180 lessons of the N = 300 benchmark; hashing the file takes milliseconds).
    Callers do not change the list."""
    path = lessons_path(data_file)
    if not path.exists():
        return []
    stamp = (str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest())
    if _LOADED and _LOADED[0] is data and _LOADED[1] == stamp:
        return _LOADED[2]
    lessons = load_lessons(path, data)
    _LOADED[:] = [data, stamp, lessons]
    return lessons
