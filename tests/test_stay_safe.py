"""The "stay safe online" page in every language."""
import re

import pytest
from bs4 import BeautifulSoup

from scripts.sources.languages import SETTINGS, t


def page(site, lang, path="stay-safe/"):
    file = site / SETTINGS[lang].prefix / path / "index.html"
    assert file.exists(), file
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", list(SETTINGS))
def test_stay_safe_page(built_site, lang):
    soup = page(built_site, lang)
    article = soup.select_one("article")
    text = re.sub(r"\s+", " ", article.get_text(" "))
    assert soup.html["lang"] == lang
    assert article.select_one("h1").get_text(strip=True) == t(lang, "nav.stay_safe")
    # names the button as it is labelled, and the Shift shortcut
    assert f"«{t(lang, 'quick_exit.label')}»" in text or t(lang, "quick_exit.label") in text
    assert "Shift" in text
    # the honest note: the quick exit does not erase the history
    warning = article.select_one(".admonition.warning")
    assert warning is not None and len(warning.get_text(strip=True)) > 100
    # phones and desktop browsers, private browsing and deleting history
    for word in ["Chrome", "Android", "Safari", "iPhone", "Firefox", "Edge", "Ctrl+Shift+N", "Ctrl+Shift+P",
                 "Ctrl+H", "Ctrl+Shift+Delete", "⌘+Shift+N"]:
        assert word in text, word
    assert len(article.select("h2")) >= 4 and len(article.select("h3")) >= 6
    # help is one link away
    assert any(a["href"].endswith("help/") for a in article.select("a[href]"))


@pytest.mark.parametrize("lang", list(SETTINGS))
def test_stay_safe_is_in_the_navigation_and_on_the_home_page(built_site, lang):
    home = page(built_site, lang, "")
    nav = [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a.md-nav__link")]
    assert t(lang, "nav.stay_safe") in nav
    assert any(a["href"].rstrip("/").endswith("stay-safe") for a in home.select("article a[href]"))
