"""What search engines, browsers and phones read besides the content (issue 21): page titles,
meta descriptions, heading anchors, robots.txt, the web manifest and its icons, theme colour."""
from __future__ import annotations

import json
import re
import struct
import sys
from pathlib import Path
from string import Formatter

import pytest
from bs4 import BeautifulSoup

from scripts.pages import webapp
from scripts.sources.languages import SETTINGS, strings, t
from scripts.sources.model import LANGUAGES, TITLE_MAX, TITLE_NAME_LIMITS, TITLE_SEPARATOR
from scripts.sources.validate import load_data

from conftest import FIXTURES, run_cli, site_pages

ROOT = Path(__file__).resolve().parent.parent
DATA = load_data(ROOT / "campaigns.yml")
sys.path.insert(0, str(ROOT / "scripts" / "publish"))  # the MkDocs hooks are loaded by path, as MkDocs does
from mkdocs_hooks import heading_slug  # noqa: E402


def soup_of(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


# ------------------------------------------------------------------------------- titles

def test_every_page_title_is_its_own_name_and_the_sites_within_70_characters(built_site):
    seen = set()
    for file in site_pages(built_site):
        soup = soup_of(file)
        title = soup.title.get_text()
        lang = soup.html["lang"]
        assert len(title) <= TITLE_MAX, (file, len(title), title)
        site = DATA.site.title_name()[lang]
        if file.relative_to(built_site).as_posix() != SETTINGS[lang].prefix + "index.html":
            assert title.endswith(TITLE_SEPARATOR + site), (file, title)
        seen.add(title)
    assert len(seen) > 0.9 * len(site_pages(built_site)) / 1  # titles tell pages apart


def test_the_long_official_name_stays_the_heading(built_site):
    for campaign in DATA.campaigns:
        for lang in LANGUAGES:
            soup = soup_of(built_site / SETTINGS[lang].prefix / "campaigns" / campaign.slug / "index.html")
            heading = " ".join(soup.select_one("article h1").get_text(" ").split())
            assert heading == " ".join(campaign.name[lang].split()), (campaign.slug, lang)
            assert soup.title.get_text().startswith(campaign.title_name()[lang] + TITLE_SEPARATOR)


# every placeholder of a page title, and the kind of name it takes (model.TITLE_NAME_LIMITS)
PLACEHOLDER_KINDS = {"name": "campaign", "region": "region", "abbr": "abbr", "year": None}
# the interface strings used as page titles (front matter `title:` of the generated pages)
TITLE_KEYS = ["help.page.title", "campaigns.title", "campaigns.year.title", "campaigns.region.title",
              "offline.short_title", "glossary.title", "glossary.region_title", "notfound.title",
              "calendar.title", "calendar.region_short_title", "calendar.campaign_title",
              "calendar.body_short_title", "calendar.year.title", "calendar.year.region_short_title",
              "materials.title", "materials.year.short_title", "teachers.title", "teachers.year.title",
              "translation.status.title", "campaign.plan.short_title", "campaign.data.short_title"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_title_kind_fits_with_the_longest_names_validation_allows(lang):
    """The rule behind the titles: with every name as long as `make validate` allows and the
    site's short name as long as allowed, every kind of page title stays within 70 characters."""
    site = TITLE_NAME_LIMITS["site"]
    longest = {"name": "N" * TITLE_NAME_LIMITS["campaign"], "region": "R" * TITLE_NAME_LIMITS["region"],
               "abbr": "A" * TITLE_NAME_LIMITS["abbr"], "year": "2099"}
    for key in TITLE_KEYS:
        fields = {f for _, f, _, _ in Formatter().parse(strings(lang)[key]) if f}
        assert fields <= set(PLACEHOLDER_KINDS), (key, fields)
        own = t(lang, key, **{f: longest[f] for f in fields})
        assert len(own) + len(TITLE_SEPARATOR) + site <= TITLE_MAX, (lang, key, own)
    # lessons and hand-written pages: their own short title
    assert max(TITLE_NAME_LIMITS["lesson"], TITLE_NAME_LIMITS["page"]) + len(TITLE_SEPARATOR) + site <= TITLE_MAX


def test_a_hand_written_page_title_too_long_for_titles_is_reported(tmp_path):
    from scripts.sources.docpages import check_page

    page = tmp_path / "about.md"
    page.write_text("---\ntitle: " + "Сайт туралы толығырақ " * 3 + "\n---\n\n# Heading\n", encoding="utf-8")
    problems = check_page(page)
    assert len(problems) == 1 and problems[0].position.line == 2 and "shorten it" in problems[0].message


def test_generated_pages_use_only_the_listed_title_keys():
    """A new kind of page takes its title from TITLE_KEYS (or a model's short name), so that the
    rule above covers it."""
    used = set()
    for template in (ROOT / "scripts" / "templates").glob("*.md.j2"):
        used |= set(re.findall(r'^title:.*?c\.t\("([^"]+)"', template.read_text(encoding="utf-8"), re.M))
    used |= set(re.findall(r'short_title=ctx\.t\("([^"]+)"', (ROOT / "scripts" / "pages" / "calendar.py").read_text()))
    assert used and used <= set(TITLE_KEYS), used - set(TITLE_KEYS)


def test_a_name_too_long_for_titles_is_reported_with_what_to_do(tmp_path):
    text = (ROOT / "campaigns.yml").read_text(encoding="utf-8")
    first = text.index("    short_name:  # in page titles and browser tabs\n")
    end = text.index("    region:", first)
    (tmp_path / "campaigns.yml").write_text(text[:first] + text[end:], encoding="utf-8")
    for name in ("lessons.yml", "redirects.yml"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_cli("--data", str(tmp_path / "campaigns.yml"), "validate")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(r"campaigns\.yml:\d+:\d+: campaigns\[0\]\.short_name: is not given, and the name is too long"
                     r" for page titles and browser tabs: at most 29 characters \(.*ru 51", proc.stderr), proc.stderr


# ------------------------------------------------------------------------- descriptions

DESCRIBED = ["campaigns/*/", "lessons/*/", "calendar/", "calendar/*/", "calendar/bodies/*/",
             "calendar/regions/*/", "calendar/year/*/", "calendar/year/*/*/", "help/"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_campaign_lesson_calendar_and_help_pages_have_their_own_description(built_site, lang):
    root = built_site / SETTINGS[lang].prefix
    generic = DATA.site.description[lang]
    seen: dict[str, Path] = {}
    for pattern in DESCRIBED:
        files = sorted(root.glob(pattern + "index.html"))
        assert files, pattern
        for file in files:
            meta = soup_of(file).select_one('meta[name="description"]')
            text = meta["content"] if meta else ""
            assert text and text != generic, file
            assert text not in seen, (file, seen.get(text))
            seen[text] = file


# ---------------------------------------------------------------------------- anchors

def test_heading_anchors_keep_their_letters_and_start_with_one():
    assert heading_slug("Көмек алу жолдары", "-") == "көмек-алу-жолдары"
    assert heading_slug("Кто может позвонить?", "-") == "кто-может-позвонить"
    assert heading_slug("«12 дней» — итоги", "-") == "h-12-дней-итоги"
    assert heading_slug("111", "-") == "h-111"
    assert heading_slug("Who can call?", "-") == "who-can-call"


def test_built_headings_have_unicode_anchors_not_numbers(built_site):
    """Every heading's anchor is its Unicode slug (a second heading of the same text gets _2 …),
    or an id the template gave it (ASCII, chosen to last); none is a bare counter (`_1`) and
    every one starts with a letter."""
    cyrillic = re.compile(r"[а-яёәғқңөұүһі]")
    unicode_anchors = 0
    for file in site_pages(built_site):
        for h in soup_of(file).select("article h2[id], article h3[id], article h4[id]"):
            anchor, auto = h["id"], heading_slug(h.get_text(" "), "-")
            assert re.match(r"[^\W\d_]", anchor), (file, anchor)
            assert (anchor == auto or re.fullmatch(re.escape(auto) + r"_\d+", anchor)
                    or re.fullmatch(r"[a-z][a-z0-9-]*", anchor)), (file, anchor, h.get_text(" "))
            unicode_anchors += bool(cyrillic.search(anchor))
    assert unicode_anchors > 100


def test_an_anchor_does_not_change_when_another_heading_is_added():
    import markdown

    def anchors(text):
        md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": heading_slug}})
        md.convert(text)
        return [t["id"] for t in md.toc_tokens]

    before = anchors("## Көмек алу\n\n## Сенім телефоны\n")
    after = anchors("## Жаңа бөлім\n\n## Көмек алу\n\n## Сенім телефоны\n")
    assert before == ["көмек-алу", "сенім-телефоны"] and after[1:] == before


# ----------------------------------------------------------------- robots, manifest, icons

def test_robots_txt_names_the_sitemap(built_site):
    text = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {DATA.site.url}sitemap.xml" in text.splitlines()
    assert "Disallow: /" not in text.splitlines()
    assert (built_site / "sitemap.xml").is_file()
    assert not (built_site / "ru" / "robots.txt").exists()  # crawlers read the root's only


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_a_manifest_with_the_sites_colours_and_icons(built_site, lang):
    folder = built_site / SETTINGS[lang].prefix
    manifest = json.loads((folder / webapp.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["lang"] == lang and manifest["name"] == DATA.site.name[lang]
    assert manifest["short_name"] == DATA.site.title_name()[lang]
    css = (ROOT / "overrides" / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert f"--md-primary-fg-color: {manifest['theme_color']};" in css
    assert (folder / manifest["start_url"] / "index.html").resolve() == (folder / "index.html").resolve()
    sizes = set()
    for icon in manifest["icons"]:
        file = (folder / icon["src"]).resolve()
        assert file.is_file() and built_site.resolve() in file.parents, icon
        if icon["type"] == "image/png":
            w, h = png_size(file.read_bytes())
            assert f"{w}x{h}" == icon["sizes"], icon
            sizes.add((w, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes
    # every page of the language links it, with the colour and the touch icon
    for page in sorted(folder.glob("campaigns/*/index.html"))[:2] + [folder / "index.html", folder / "404.html"]:
        head = soup_of(page).head
        assert head.select_one('link[rel="manifest"]') is not None, page
        assert head.select_one('meta[name="theme-color"]')["content"] == manifest["theme_color"]
        touch = head.select_one('link[rel="apple-touch-icon"]')["href"]
        base = page.parent if page.name == "index.html" else page.parent
        target = (base / touch) if not touch.startswith("/") else built_site / touch.lstrip("/")
        assert png_size(target.read_bytes()) == (180, 180), page


def test_print_css_is_linked_for_print_only_and_the_logo_is_sized(built_site):
    soup = soup_of(built_site / "index.html")
    print_links = [l for l in soup.select('link[rel="stylesheet"]') if "print.css" in l["href"]]
    assert len(print_links) == 1 and print_links[0]["media"] == "print"
    logo = soup.select_one(".md-logo img")
    assert logo["width"] and logo["height"] and logo["alt"] == ""
    dialog = soup.select_one('[role="dialog"]')
    assert dialog is None or dialog.get("aria-label") or dialog.get("aria-labelledby")
