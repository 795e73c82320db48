"""The one place that maps a language to its settings and interface strings."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .model import LANGUAGES

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"


@dataclass(frozen=True)
class Language:
    code: str  # kk, ru, en: also the Babel locale and the HTML lang
    prefix: str  # URL prefix of this language's pages: "" for the default, "ru/" …
    default: bool
    lowercase_months: bool = False  # month names inside a sentence: "в марте", "наурызда"; "in March"
    # Search (overrides/assets/javascripts/search.js): final letters of a query word that change
    # when an ending follows. Pagefind has no Kazakh stemmer; a final к/қ/п becomes г/ғ/б before
    # a vowel (еңбек -> еңбегін), so such a letter is dropped and the rest matched as a prefix.
    search_soft_endings: str = ""


# Kazakh, the state language, is served at the site root; the others under /ru/ and /en/.
SETTINGS = {
    "kk": Language("kk", "", True, lowercase_months=True, search_soft_endings="кқпгғб"),
    "ru": Language("ru", "ru/", False, lowercase_months=True),
    "en": Language("en", "en/", False),
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
