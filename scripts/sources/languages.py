"""The one place that maps a language to its settings and interface strings."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .model import LANGUAGES

I18N_DIR = Path(__file__).resolve().parents[2] / "i18n"


@dataclass(frozen=True)
class Language:
    code: str  # kk, ru, en: the HTML lang
    prefix: str  # URL prefix of this language's pages: "" for the default, "ru/" …
    default: bool
    lowercase_months: bool = False  # month names inside a sentence: "в марте", "наурызда"; "in March"
    # Search (overrides/assets/javascripts/search.js): final letters of a query word that change
    # when an ending follows. Pagefind has no Kazakh stemmer; a final к/қ/п becomes г/ғ/б before
    # a vowel (еңбек -> еңбегін), so such a letter is dropped and the rest matched as a prefix.
    search_soft_endings: str = ""
    og_locale: str = ""  # Open Graph's og:locale (language_TERRITORY)
    date_locale: str = ""  # the Babel locale whose date patterns the pages use; the code when empty
    # Patterns that replace the locale's own (Babel/CLDR syntax), so that generated dates are
    # written as the language's texts write them: a day, a month, and a range of days as
    # (what differs: "d", "M" or "y", the start's pattern, the end's pattern).
    day_pattern: str = ""
    month_pattern: str = ""
    range_patterns: tuple = ()

    @property
    def dates(self) -> str:
        return self.date_locale or self.code


# Kazakh, the state language, is served at the site root; the others under /ru/ and /en/.
# English dates are written as GOV.UK writes them, "25 November 2026" and "20–24 November
# 2017" (British English), not "November 25, 2026" (Babel's "en" is American English).
# Kazakh dates are written as Kazakh documents and this site's texts write them, "2017 жылғы
# 20–24 қараша", not CLDR's "2017 ж. 20–24 қараша".
_KK_DAY = "y 'жылғы' d MMMM"


SETTINGS = {
    "kk": Language("kk", "", True, lowercase_months=True, og_locale="kk_KZ", search_soft_endings="кқпгғб", day_pattern=_KK_DAY,
                   month_pattern="y 'жылғы' MMMM",
                   range_patterns=(("d", "y 'жылғы' d–", "d MMMM"), ("M", _KK_DAY + " – ", "d MMMM"),
                                   ("y", _KK_DAY + " – ", _KK_DAY))),
    "ru": Language("ru", "ru/", False, lowercase_months=True, og_locale="ru_RU"),
    "en": Language("en", "en/", False, og_locale="en_GB", date_locale="en_GB"),
}
assert tuple(SETTINGS) == LANGUAGES


class MissingString(KeyError):
    pass


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    with open(I18N_DIR / f"{lang}.yml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {str(k): str(v) for k, v in data.items()}


def t(lang: str, key: str, **values) -> str:
    """An interface string in ``lang``, with {placeholders} filled in."""
    try:
        text = strings(lang)[key]
    except KeyError:
        raise MissingString(f"i18n/{lang}.yml has no string '{key}'") from None
    return text.format(**values) if values else text


def check_strings() -> list[str]:
    """Every key in every language; returns problems as file: message."""
    problems = []
    keys = {lang: set(strings(lang)) for lang in LANGUAGES}
    every = set().union(*keys.values())
    for lang in LANGUAGES:
        for key in sorted(every - keys[lang]):
            problems.append(f"i18n/{lang}.yml: '{key}' is missing (the {lang} translation)")
    return problems
