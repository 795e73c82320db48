"""Renderers: the validated model in, Markdown pages out. One Jinja template per page kind.

A renderer never writes files; ``build.py`` decides where pages go.
"""
from __future__ import annotations

import re

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from . import charts, dates
from .languages import SETTINGS, t
from .templating import TEMPLATES, environment
from .model import LANGUAGES, Agency, Campaign, Data, Text



_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_escape(text: str) -> str:
    """Text for a Markdown link label: Markdown's escapable characters get a backslash."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def campaign_path(slug: str) -> str:
    """The page of a campaign, relative to a language's root. URLs are a contract: never change."""
    return f"campaigns/{slug}/"


def page_url(lang: str, path: str) -> str:
    """Site-root-relative URL of ``path`` in ``lang`` (e.g. 'ru/campaigns/x/')."""
    return SETTINGS[lang].prefix + path


def absolute_url(data: Data, lang: str, path: str) -> str:
    return data.site.url + page_url(lang, path)


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

    def when(self, when) -> str:
        return dates.format_when(when, self.lang)

    def period(self, campaign: Campaign) -> str:
        if campaign.period_text is not None:
            return campaign.period_text[self.lang]
        return dates.format_period(campaign.period.start, campaign.period.end, self.lang)

    def day(self, value: str) -> str:
        return dates.format_day(value, self.lang)

    def number(self, value) -> str:
        return format_decimal(value, locale=self.lang)

    def value(self, value, unit: str) -> str:
        shown = self.number(value)
        return self.t("unit.percent", value=shown) if unit == "percent" else shown

    def link(self, path: str) -> str:
        """A link from the current page to ``path`` (relative to the language root)."""
        return "../" * self.depth + path

    def abbr(self, ref) -> Markup:
        agency: Agency = self.agencies[ref if isinstance(ref, str) else ref.agency]
        html = Markup('<abbr title="{}">{}</abbr>').format(agency.name[self.lang], agency.abbr[self.lang])
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
        """The campaign's feed links and schema.org events (scripts/calendar.py)."""
        from .calendar import CampaignCalendar

        return CampaignCalendar(self, campaign)


def _env():
    return environment()


def _render(template: str, ctx: Context, **values) -> str:
    return _env().get_template(template).render(c=ctx, data=ctx.data, lang=ctx.lang, **values)


def sorted_campaigns(data: Data) -> list[Campaign]:
    return sorted(data.campaigns, key=lambda c: (c.period.start, c.slug), reverse=True)


def render_campaign_page(data: Data, campaign: Campaign, lang: str, downloads: list[dict] = (),
                         lessons: list = ()) -> str:
    return _render("campaign.md.j2", Context(data, lang, depth=2), campaign=campaign, downloads=list(downloads),
                   lessons=[lesson for lesson in lessons if lesson.campaign == campaign.slug])


# The campaigns index lists this many newest campaigns; the others are reached through the
# year and region pages, so that no page's size grows with the number of campaigns.
NEWEST = 10


def campaign_years(campaign: Campaign) -> range:
    """The years a campaign's period touches: it is listed on each of those year pages."""
    return range(int(campaign.period.start[:4]), int(campaign.period.end[:4]) + 1)


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


def year_path(year: int) -> str:
    return f"campaigns/year/{year}/"


def region_path(region_id: str) -> str:
    return f"campaigns/region/{region_id}/"


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


def render_glossary_page(data: Data, lang: str) -> str:
    return _render("glossary.md.j2", Context(data, lang, depth=1), regions=glossary_regions(data), md=md_escape)


def render_glossary_region_page(data: Data, lang: str, region, agencies: list[Agency]) -> str:
    return _render("glossary-region.md.j2", Context(data, lang, depth=2), region=region, agencies=agencies)


REDIRECT_MARK = b'http-equiv="refresh"'


def is_redirect(file) -> bool:
    """Whether a built HTML file is a page kept at an old address (render_redirect)."""
    with open(file, "rb") as fh:
        return REDIRECT_MARK in fh.read(600)


def render_redirect(data: Data, lang: str, old: str, new: str) -> str:
    """The page kept at the old address ``old`` that sends the reader on to ``new`` (both
    folders below the language root; see scripts/redirects.py). A plain HTML file, not a page
    of the site: it is neither in the navigation nor in the search."""
    ctx = Context(data, lang, depth=old.count("/"))
    return _render("redirect.html.j2", ctx, target=ctx.link(new), url=absolute_url(data, lang, new),
                   hotline=data.contacts.hotline)


def pages(data: Data, downloads: dict[tuple[str, str], list[dict]] | None = None, lessons: list = ()) -> dict[str, str]:
    """Every generated page: path below docs/ -> Markdown.

    ``downloads``: (language, campaign slug) -> rows of the campaign's printable files
    (scripts/materials.py), listed on its page. ``lessons``: the lessons (scripts/lessons.py);
    a campaign page links to those that belong to it."""
    downloads = downloads or {}
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        out[f"{lang}/campaigns/index.md"] = render_campaign_index(data, lang)
        for year, campaigns in by_year(data).items():
            out[f"{lang}/{year_path(year)}index.md"] = render_year_page(data, lang, year, campaigns)
        for region_id, campaigns in by_region(data).items():
            out[f"{lang}/{region_path(region_id)}index.md"] = render_region_page(data, lang, region_id, campaigns)
        for campaign in data.campaigns:
            out[f"{lang}/campaigns/{campaign.slug}/index.md"] = render_campaign_page(data, campaign, lang, downloads.get((lang, campaign.slug), []), lessons)
        out[f"{lang}/help.md"] = render_help_page(data, lang)
        out[f"{lang}/glossary/index.md"] = render_glossary_page(data, lang)
        for region, agencies in glossary_regions(data):
            out[f"{lang}/glossary/{region.id}/index.md"] = render_glossary_region_page(data, lang, region, agencies)
    return out


__all__ = ["pages", "render_campaign_page", "render_redirect", "campaign_path", "absolute_url", "escape"]
