"""redirects.yml: old addresses that lead on, in every language; problems with file:line."""
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.pages import redirects
from scripts.publish.build import BuildContext
from scripts.pages.render import is_redirect
from scripts.sources.validate import InvalidData, load_data

from conftest import ROOT, run_cli

DATA = load_data(ROOT / "campaigns.yml")
LANGS = {"kk": "", "ru": "ru/", "en": "en/"}
PAGES = {f"{lang}/{page}": 1 for lang in LANGS for page in ("campaigns/new-name/index.md", "help.md")}


def generate(tmp_path: Path, text: str, produced=PAGES) -> dict:
    data_file = tmp_path / "campaigns.yml"
    data_file.write_text("", encoding="utf-8")
    (tmp_path / "redirects.yml").write_text(text, encoding="utf-8")
    ctx = BuildContext(root=ROOT, cache_dir=tmp_path, data_file=data_file, docs_dir=tmp_path / "docs",
                       produced=dict(produced))
    return redirects.outputs(DATA, ctx)


def test_every_language_gets_a_page_at_the_old_address_that_leads_on(tmp_path):
    out = generate(tmp_path, "redirects:\n  - from: campaigns/old-name/\n    to: campaigns/new-name/\n"
                             "  - from: get-help/\n    to: help/\n")
    assert set(out) == {f"{lang}/{old}index.html" for lang in LANGS for old in ("campaigns/old-name/", "get-help/")}
    for lang, prefix in LANGS.items():
        page = tmp_path / "page.html"
        page.write_text(out[f"{lang}/campaigns/old-name/index.html"], encoding="utf-8")
        assert is_redirect(page)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == lang
        assert soup.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../../campaigns/new-name/"
        assert soup.select_one('link[rel="canonical"]')["href"] == f"{DATA.site.url}{prefix}campaigns/new-name/"
        # the help line and the emergency number, for a browser that stays here
        assert soup.select_one(f'a[href="tel:{DATA.contacts.hotline.number}"]')
        if DATA.contacts.emergency:
            assert soup.select_one(f'a[href="tel:{DATA.contacts.emergency.number}"]')


@pytest.mark.parametrize("text, line, field, message", [
    ("redirects:\n  - from: campaigns/old/\n    to: campaigns/missing/\n", 3, "redirects[0].to", "no page at 'campaigns/missing/'"),
    ("redirects:\n  - from: help/\n    to: campaigns/new-name/\n", 2, "redirects[0].from", "the site has a page at 'help/'"),
    ("redirects:\n  - from: /campaigns/old\n    to: campaigns/new-name/\n", 2, "redirects[0].from", ""),
    ("redirects:\n  - from: a/\n    to: help/\n  - from: a/\n    to: help/\n", 4, "redirects[1].from", "listed twice"),
    ("redirects:\n  - from: a/\n    to: a/\n", 3, "redirects[0].to", "leads to itself"),
    ("redirects:\n  - from: a/\n    too: help/\n", 3, "redirects[0]", ""),
])
def test_problems_name_the_line_and_field(tmp_path, text, line, field, message):
    with pytest.raises(InvalidData) as exc:
        generate(tmp_path, text)
    shown = [str(p) for p in exc.value.problems]
    assert any(s.startswith(f"{tmp_path / 'redirects.yml'}:{line}:") and field in s and message in s for s in shown), shown


def test_validate_reads_the_file_and_reports_its_problems(tmp_path):
    data_file = tmp_path / "campaigns.yml"
    data_file.write_text((ROOT / "campaigns.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "translations.lock.yml").write_text((ROOT / "translations.lock.yml").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    (tmp_path / "redirects.yml").write_text("redirects:\n  - from: Кампании/\n    to: help/\n", encoding="utf-8")
    proc = run_cli("--data", str(data_file), "validate")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "redirects.yml:2:" in proc.stderr and "redirects[0].from" in proc.stderr


def test_the_seed_site_keeps_the_old_addresses(built_site):
    listed, _ = redirects.redirects_for(ROOT / "campaigns.yml")
    assert listed
    for r in listed:
        for prefix in LANGS.values():
            old = built_site / prefix / r.from_ / "index.html"
            assert is_redirect(old), old
            target = BeautifulSoup(old.read_text(encoding="utf-8"), "html.parser").select_one("body a[href]")["href"]
            assert (old.parent / target / "index.html").resolve() == (built_site / prefix / r.to / "index.html").resolve()
