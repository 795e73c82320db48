"""Renderers: the validated model in, Markdown pages out. One Jinja template per page kind.

A renderer never writes files; ``build.py`` decides where pages go.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from ..sources import terms
from ..sources.languages import strings, t
from ..sources.model import LANGUAGES, Agency, Campaign, Data, Text
from ..sources.schedule import campaign_years
from . import charts, dates
from .events import CampaignCalendar
from .paths import WIDE, absolute_url, campaign_path, data_path, plan_path, region_path, share_url, year_path
from .status import activity_attributes, activity_on, campaign_status
from .templating import environment



_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_escape(text: str) -> str:
    """Text for a Markdown link label: Markdown's escapable characters get a backslash."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


@dataclass(frozen=True)
class Named:
    """A campaign's name or slogan as a page in ``lang`` shows it: ``text`` in the page's language
    first; ``original``, the official one as the source document gives it (in ``original_lang``),
    as a second line where it differs. Every place that shows a campaign's name uses this (through
    ``Context.name`` and the macros of templates/names.j2), so the order is the same everywhere."""

    text: str
    original: str | None = None
    original_lang: str | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def both(self) -> str:
        """One line, for plain text (titles, feeds): "Сенім 111 («Доверие 111»)"."""
        return f"{self.text} ({self.original})" if self.original else self.text


def named(text: Text, original_lang: str | None, lang: str) -> Named:
    """``text`` in ``lang`` with the original of ``original_lang`` where that differs."""
    own = " ".join(text[lang].split())
    if original_lang is None or original_lang == lang:
        return Named(own)
    original = " ".join(text[original_lang].split())
    return Named(own) if original == own else Named(own, original, original_lang)


def campaign_name(campaign: Campaign, lang: str) -> Named:
    return named(campaign.name, campaign.name_original, lang)


def campaign_motto(campaign: Campaign, lang: str) -> Named | None:
    return None if campaign.motto is None else named(campaign.motto, campaign.motto_original, lang)


class Context:
    """What templates may use for one language: text lookups, formatting and links."""

    def __init__(self, data: Data, lang: str, depth: int):
        self.data = data
        self.lang = lang
        self.depth = depth  # how deep the page is below the language root (for relative links)
        self.agencies = {a.id: a for a in data.agencies}
        self.regions = {r.id: r for r in data.regions}
        self.campaigns = {c.slug: c for c in data.campaigns}

    def t(self, key: str, **values) -> str:
        return t(self.lang, key, **values)

    def tx(self, text: Text | None) -> str:
        return "" if text is None else text[self.lang]

    def name(self, campaign: Campaign) -> Named:
        """The campaign's name in this language, with the official original where it differs."""
        return campaign_name(campaign, self.lang)

    def motto(self, campaign: Campaign) -> Named | None:
        return campaign_motto(campaign, self.lang)

    def status(self, campaign: Campaign):
        """Where the campaign stands on the build's day (scripts/pages/status.py)."""
        return campaign_status(campaign, self.lang)

    def activity_on(self, activity) -> bool:
        return activity_on(activity)

    def activity_attributes(self, activity) -> Markup:
        return activity_attributes(activity)

    def when(self, when) -> str:
        return dates.format_when(when, self.lang)

    def period(self, campaign: Campaign) -> str:
        if campaign.period_text is not None:
            return campaign.period_text[self.lang]
        return dates.format_period(campaign.period.start, campaign.period.end, self.lang)

    def share(self, campaign: Campaign) -> dict:
        """The campaign's wide share image in this language (og:image): URL, size, text alternative."""
        name, motto = self.name(campaign), self.motto(campaign)
        alt = " — ".join([name.text] + ([motto.text] if motto else []))
        return {"url": share_url(self.data, self.lang, campaign.slug, WIDE), "width": WIDE.width,
                "height": WIDE.height, "alt": f"{alt}. {self.t('help.bar.call', number=self.data.contacts.hotline.number)}"}

    def dates(self, campaign: Campaign) -> str:
        """The campaign's first and last day, short (cards, first screens), whatever its period_text."""
        return dates.format_period(campaign.period.start, campaign.period.end, self.lang)

    def day(self, value: str) -> str:
        return dates.format_day(value, self.lang)

    def source_date(self, value: str) -> str:
        """A source's date, as precise as it is given (a day, a month or a year)."""
        return dates.format_source_date(value, self.lang)

    def tm(self, key: str, **values) -> Markup:
        """An interface string as HTML, with {placeholders} filled in: plain values are escaped,
        Markup values (a link) are kept."""
        return Markup(escape(strings(self.lang)[key])).format(**values) if key in strings(self.lang) else Markup(self.t(key))

    def source(self, contact) -> Markup:
        """A contact's source: its name, and its address when it is online. The address is
        printed, not linked: the site's pages link to no other host (but the quick exit)."""
        if contact.source_url:
            return Markup('{}, <span class="contact-source__url">{}</span>').format(self.tx(contact.source), contact.source_url)
        return Markup("{}").format(self.tx(contact.source))

    def number(self, value) -> str:
        return format_decimal(value, locale=self.lang)

    def value(self, value, unit: str) -> str:
        shown = self.number(value)
        return self.t("unit.percent", value=shown) if unit == "percent" else shown

    def link(self, path: str) -> str:
        """A link from the current page to ``path`` (relative to the language root)."""
        return "../" * self.depth + path

    def abbr_title(self, agency: Agency) -> str:
        """The title of a body's <abbr>: its full name, and whether the abbreviation is the site's own."""
        if agency.abbr_is_official(self.lang):
            return agency.name[self.lang]
        return self.t("glossary.site_abbr_title", name=agency.name[self.lang])

    def abbr(self, ref) -> Markup:
        agency: Agency = self.agencies[ref if isinstance(ref, str) else ref.agency]
        html = Markup('<abbr title="{}">{}</abbr>').format(self.abbr_title(agency), agency.abbr[self.lang])
        if not isinstance(ref, str) and ref.by_agreement:
            html += Markup(" ({})").format(self.t("by_agreement"))
        return html

    def abbr_ref(self, ref) -> Markup:
        """A body's abbreviation linking to the page's list of abbreviations (``#body-ANCHOR``):
        for long listings, where a full name on every row would weigh more than the row."""
        agency: Agency = self.agencies[ref if isinstance(ref, str) else ref.agency]
        html = Markup('<a class="body-ref" href="#body-{}"><abbr>{}</abbr></a>').format(agency.anchor, agency.abbr[self.lang])
        if not isinstance(ref, str) and ref.by_agreement:
            html += Markup(" ({})").format(self.t("by_agreement"))
        return html

    def reports_on(self, campaign: Campaign) -> list[Campaign]:
        return [c for c in self.data.campaigns if c.report_on == campaign.slug]

    def label(self, label) -> str:
        return str(label) if isinstance(label, int) else label[self.lang]

    def chart(self, dataset) -> Markup:
        return charts.render_chart(dataset, self.lang)
    def calendar(self, campaign: Campaign):
        """The campaign's feed links and schema.org events (scripts/pages/calendar.py)."""
        return CampaignCalendar(self, campaign)


def _env():
    return environment()


def _render(template: str, ctx: Context, **values) -> str:
    return _env().get_template(template).render(c=ctx, data=ctx.data, lang=ctx.lang, **values)


def sorted_campaigns(data: Data) -> list[Campaign]:
    return sorted(data.campaigns, key=lambda c: (c.period.start, c.slug), reverse=True)


# A campaign page shows this many activities of each section of its plan; every activity is on
# the plan page (plan_path), one click further. This keeps the longest plan's page small (the
# Karaganda road map's 56 activities made a page of 1,733 elements, 30,000 px tall on a phone).
PLAN_ROWS = 3


# A campaign page shows its charts and their tables while together they make at most this many
# HTML elements (each chart's SVG counts every bar and label); beyond that they are on the
# campaign's data page (data_path) and the campaign page lists them. The road map's ten charts
# are about 780 elements: with them a phone's page had 1,300 (the aim is 800 at most).
DATA_ELEMENTS = 400
_ELEMENT = re.compile(r"<[a-zA-Z]")


def data_inline(data: Data, campaign: Campaign, lang: str) -> bool:
    """Whether the campaign page shows its datasets itself (see DATA_ELEMENTS)."""
    ctx = Context(data, lang, depth=2)
    template = _env().get_template("dataset.html.j2")
    weight = sum(len(_ELEMENT.findall(template.render(c=ctx, d=d))) for d in campaign.datasets)
    return weight <= DATA_ELEMENTS


def render_campaign_page(data: Data, campaign: Campaign, lang: str, downloads: list[dict] = (),
                         lessons: list = ()) -> str:
    return _render("campaign.md.j2", Context(data, lang, depth=2), campaign=campaign, downloads=list(downloads),
                   lessons=[lesson for lesson in lessons if lesson.campaign == campaign.slug],
                   plan_rows=PLAN_ROWS, data_inline=data_inline(data, campaign, lang))


def render_plan_page(data: Data, campaign: Campaign, lang: str) -> str:
    return _render("campaign-plan.md.j2", Context(data, lang, depth=3), campaign=campaign)


def render_data_page(data: Data, campaign: Campaign, lang: str) -> str:
    return _render("campaign-data.md.j2", Context(data, lang, depth=3), campaign=campaign)


# The campaigns index lists this many newest campaigns; the others are reached through the
# year and region pages, so that no page's size grows with the number of campaigns.
NEWEST = 10


def by_year(data: Data) -> dict[int, list[Campaign]]:
    """Year -> its campaigns, newest first; years newest first."""
    groups: dict[int, list[Campaign]] = {}
    for campaign in sorted_campaigns(data):
        for year in campaign_years(campaign):
            groups.setdefault(year, []).append(campaign)
    return dict(sorted(groups.items(), reverse=True))


def by_region(data: Data) -> dict[str, list[Campaign]]:
    """Region id -> its campaigns, newest first; regions in the order of campaigns.yml."""
    groups: dict[str, list[Campaign]] = {r.id: [] for r in data.regions}
    for campaign in sorted_campaigns(data):
        groups[campaign.region].append(campaign)
    return {rid: campaigns for rid, campaigns in groups.items() if campaigns}


def render_campaign_index(data: Data, lang: str) -> str:
    return _render("campaigns.md.j2", Context(data, lang, depth=1), campaigns=sorted_campaigns(data)[:NEWEST],
                   years=by_year(data), regions=by_region(data))


def render_year_page(data: Data, lang: str, year: int, campaigns: list[Campaign]) -> str:
    return _render("campaigns-year.md.j2", Context(data, lang, depth=3), year=year, campaigns=campaigns)


def render_region_page(data: Data, lang: str, region_id: str, campaigns: list[Campaign]) -> str:
    groups: dict[int, list[Campaign]] = {}
    for campaign in campaigns:
        groups.setdefault(int(campaign.period.start[:4]), []).append(campaign)
    return _render("campaigns-region.md.j2", Context(data, lang, depth=3),
                   region=next(r for r in data.regions if r.id == region_id), groups=groups)


def render_help_page(data: Data, lang: str) -> str:
    return _render("help.md.j2", Context(data, lang, depth=1))


def glossary_regions(data: Data) -> list[tuple]:
    """(region, its bodies by id) for every region that has bodies, in the order of campaigns.yml."""
    out = []
    for region in data.regions:
        agencies = sorted((a for a in data.agencies if a.region == region.id), key=lambda a: a.id)
        if agencies:
            out.append((region, agencies))
    return out


def render_glossary_page(data: Data, lang: str, termbase) -> str:
    """The glossary: the termbase's preferred forms (the page's language first) and the regions."""
    order = [lang] + [x for x in LANGUAGES if x != lang]
    return _render("glossary.md.j2", Context(data, lang, depth=1), regions=glossary_regions(data), md=md_escape,
                   termbase=termbase, term_languages=order, names={x: t(x, "language_name") for x in LANGUAGES})


def render_glossary_region_page(data: Data, lang: str, region, agencies: list[Agency]) -> str:
    return _render("glossary-region.md.j2", Context(data, lang, depth=2), region=region, agencies=agencies)


REDIRECT_MARK = b'http-equiv="refresh"'


def is_redirect(file) -> bool:
    """Whether a built HTML file is a page kept at an old address (render_redirect)."""
    with open(file, "rb") as fh:
        return REDIRECT_MARK in fh.read(600)


def render_redirect(data: Data, lang: str, old: str, new: str) -> str:
    """The page kept at the old address ``old`` that sends the reader on to ``new`` (both
    folders below the language root; see scripts/pages/redirects.py). A plain HTML file, not a page
    of the site: it is neither in the navigation nor in the search."""
    ctx = Context(data, lang, depth=old.count("/"))
    return _render("redirect.html.j2", ctx, target=ctx.link(new), url=absolute_url(data, lang, new),
                   hotline=data.contacts.hotline)


def pages(data: Data, downloads: dict[tuple[str, str], list[dict]] | None = None, lessons: list = ()) -> dict[str, str]:
    """Every generated page: path below docs/ -> Markdown.

    ``downloads``: (language, campaign slug) -> rows of the campaign's printable files
    (scripts/printable/materials.py), listed on its page. ``lessons``: the lessons (scripts/sources/lessons.py);
    a campaign page links to those that belong to it."""
    downloads = downloads or {}
    termbase = terms.load()
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        out[f"{lang}/campaigns/index.md"] = render_campaign_index(data, lang)
        for year, campaigns in by_year(data).items():
            out[f"{lang}/{year_path(year)}index.md"] = render_year_page(data, lang, year, campaigns)
        for region_id, campaigns in by_region(data).items():
            out[f"{lang}/{region_path(region_id)}index.md"] = render_region_page(data, lang, region_id, campaigns)
        for campaign in data.campaigns:
            out[f"{lang}/campaigns/{campaign.slug}/index.md"] = render_campaign_page(
                data, campaign, lang, downloads.get((lang, campaign.slug), []), lessons)
            if campaign.sections:
                out[f"{lang}/{plan_path(campaign.slug)}index.md"] = render_plan_page(data, campaign, lang)
            if campaign.datasets and not data_inline(data, campaign, lang):
                out[f"{lang}/{data_path(campaign.slug)}index.md"] = render_data_page(data, campaign, lang)
        out[f"{lang}/help.md"] = render_help_page(data, lang)
        out[f"{lang}/glossary/index.md"] = render_glossary_page(data, lang, termbase)
        for region, agencies in glossary_regions(data):
            out[f"{lang}/glossary/{region.id}/index.md"] = render_glossary_region_page(data, lang, region, agencies)
    return out


__all__ = ["pages", "render_campaign_page", "render_redirect", "campaign_path", "absolute_url", "escape"]
