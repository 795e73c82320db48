"""Where everything the site publishes lives: paths below a language's root and absolute URLs.
URLs are a contract: a page, feed or image once published keeps its address (an address that
has to move gets a redirect, redirects.yml). Every generator asks this module, never builds an
address itself."""
from __future__ import annotations

from dataclasses import dataclass

from ..sources.languages import SETTINGS
from ..sources.model import Data


def campaign_path(slug: str) -> str:
    """The page of a campaign, relative to a language's root. URLs are a contract: never change."""
    return f"campaigns/{slug}/"


def page_url(lang: str, path: str) -> str:
    """Site-root-relative URL of ``path`` in ``lang`` (e.g. 'ru/campaigns/x/')."""
    return SETTINGS[lang].prefix + path


def absolute_url(data: Data, lang: str, path: str) -> str:
    return data.site.url + page_url(lang, path)


def plan_path(slug: str) -> str:
    """The whole plan of a campaign, every activity at #activity-N (a new address in 2026: the
    campaign page's own address is unchanged)."""
    return f"{campaign_path(slug)}plan/"


def data_path(slug: str) -> str:
    """A campaign's charts and tables, when too many for its page (a new address in 2026)."""
    return f"{campaign_path(slug)}data/"


def year_path(year: int) -> str:
    return f"campaigns/year/{year}/"


def region_path(region_id: str) -> str:
    return f"campaigns/region/{region_id}/"



def lesson_dir(lang: str, slug: str) -> str:
    """Where a lesson's files go below docs/. URLs are a contract: never change."""
    return f"{lang}/lessons/{slug}/"


# ---------------------------------------------------------------- share images

@dataclass(frozen=True)
class Size:
    width: int  # pixels
    height: int

    @property
    def key(self) -> str:
        return f"{self.width}x{self.height}"


WIDE = Size(1200, 630)  # Open Graph's recommended size; Twitter's summary_large_image
SQUARE = Size(1080, 1080)
SIZES = (WIDE, SQUARE)


def share_path(lang: str, slug: str, size: Size) -> str:
    return f"{lang}/{campaign_path(slug)}share-{size.key}.png"


def share_url(data: Data, lang: str, slug: str, size: Size = WIDE) -> str:
    """The absolute URL of a share image (og:image wants one)."""
    return absolute_url(data, lang, f"{campaign_path(slug)}share-{size.key}.png")
