"""The quick exit in the built pages (its behaviour in a browser is in test_browser.py)."""
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.publish.build import quick_exit_extra
from scripts.sources.languages import SETTINGS, t
from scripts.sources.validate import load_data

from conftest import FIXTURES, ROOT, site_pages

DATA = load_data(ROOT / "campaigns.yml")


def pages(site: Path):
    for file in site_pages(site):
        yield file, BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def test_every_page_has_the_quick_exit_first_in_its_language(built_site):
    n = 0
    for file, soup in pages(built_site):
        lang = soup.html["lang"]
        buttons = soup.select(".quick-exit__button")
        assert len(buttons) == 1, file
        button = buttons[0]
        assert button["href"] == DATA.site.quick_exit_url, file
        assert {"noreferrer", "nofollow"} <= set(button["rel"]), file
        assert button.get_text(strip=True) == t(lang, "quick_exit.label"), file
        hint = soup.find(id=button["aria-describedby"])
        assert hint.get_text(strip=True) == t(lang, "quick_exit.hint"), file
        box = soup.select_one("[data-quick-exit]")
        for attr, key in (("data-press-two", "press_two"), ("data-press-one", "press_one"),
                          ("data-timed-out", "timed_out"), ("data-activated", "activated")):
            assert box[attr] == t(lang, f"quick_exit.{key}"), (file, attr)
        assert box.select_one(".quick-exit__status[role=status]") is not None, file
        # first in the document after Material's skip link: before the 111 link and the header
        links = [a for a in soup.select("body a[href]") if "md-skip" not in a.get("class", [])]
        assert links[0] is button, file
        assert soup.select_one('meta[name="referrer"]')["content"] == "no-referrer", file
        scripts = [s["src"] for s in soup.select("script[src]")]
        names = [src.rsplit("/", 1)[-1] for src in scripts]
        assert names.index("quick-exit.js") < names.index("material-on-demand.js") < next(
            i for i, name in enumerate(names) if name.startswith("bundle.")), file
        n += 1
    assert n >= 3 * 10


def test_quick_exit_settings_come_from_the_data_and_the_language(tmp_path):
    data = load_data(FIXTURES / "minimal.yml")
    for lang in SETTINGS:
        extra = quick_exit_extra(data, lang)
        assert extra["url"] == "https://weather.example.test/"
        assert extra["label"] == t(lang, "quick_exit.label")
        assert extra["press_one"] == t(lang, "quick_exit.press_one")
    labels = {t(lang, "quick_exit.label") for lang in SETTINGS}
    assert len(labels) == 3  # really translated


def test_quick_exit_address_must_be_https(tmp_path):
    source = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yml"
    bad.write_text(source.replace("https://weather.example.test/", "javascript:alert(1)"), encoding="utf-8")
    from scripts.sources.validate import InvalidData

    with pytest.raises(InvalidData) as exc:
        load_data(bad)
    assert any("quick_exit_url" in str(p) for p in exc.value.problems)


def test_quick_exit_assets_are_local(built_site):
    for name in ("quick-exit.js", "material-on-demand.js"):
        text = (built_site / "assets" / "javascripts" / name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text
