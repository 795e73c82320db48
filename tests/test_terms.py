"""The termbase (i18n/terms.yml): its check, the glossary's preferred forms, the status page's coverage."""
import shutil
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from conftest import ROOT, run_cli
from scripts.sources import terms
from scripts.sources.languages import t
from scripts.sources.model import LANGUAGES
from scripts.pages.render import render_glossary_page
from scripts.sources.validate import load_data

DATA = load_data(ROOT / "campaigns.yml")
TERMBASE = terms.load()


def test_termbase_exists_and_every_term_is_agreed_in_every_language():
    assert (ROOT / "i18n" / "terms.yml").is_file()
    assert TERMBASE.terms
    for term in TERMBASE.terms:
        for lang in LANGUAGES:
            assert term.form(lang), f"{term.id} has no {lang} form"
            # a preferred form is never one of its own variants to avoid (load() refuses that)
            assert not any(terms._pattern(v).search(term.form(lang)) for v in getattr(term.avoid, lang))


def test_the_site_has_no_avoided_variant():
    assert [str(p) for p in terms.check(ROOT / "campaigns.yml", ROOT / "docs")] == []


def _position(path: Path, needle: str) -> tuple[int, int]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(f"{needle!r} is not in {path}")


@pytest.fixture()
def sources(tmp_path):
    """A copy of the data and the pages that an editor can break."""
    shutil.copy(ROOT / "campaigns.yml", tmp_path / "campaigns.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


def _avoided(lang: str) -> tuple[terms.Term, str]:
    """A term with a variant to avoid in ``lang`` (any term of the termbase will do)."""
    term = next(term for term in TERMBASE.terms if getattr(term.avoid, lang) and term.form(lang))
    return term, next(v for v in getattr(term.avoid, lang) if not v.endswith("*"))


def test_validate_reports_an_avoided_variant_with_its_place_and_the_preferred_form(sources):
    data = sources / "campaigns.yml"
    term, variant = _avoided("en")
    kk_term, kk_variant = _avoided("kk")
    text = data.read_text(encoding="utf-8")
    site = yaml.safe_load(text)["site"]
    # the English variant in an English text, and once more in «quotes» (a quotation, kept);
    # the Kazakh variant in a Kazakh text, next to the English one (not checked in Kazakh texts)
    en, kk = site["description"]["en"], site["description"]["kk"]
    assert f"    en: {en}" in text and f"    kk: {kk}" in text
    text = text.replace(f"    en: {en}", f"    en: {en} {variant} «{variant}»", 1)
    text = text.replace(f"    kk: {kk}", f"    kk: {kk} {kk_variant} {variant}", 1)
    data.write_text(text, encoding="utf-8")
    page = sources / "docs" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nPlease call {variant}.\n", encoding="utf-8")

    proc = run_cli("--data", str(data), "--docs", str(sources / "docs"), "validate")
    assert proc.returncode == 1
    out = proc.stderr
    line, col = _position(data, f" {variant} «")
    assert f"{data}:{line}:{col + 1}: en: '{variant}' is a variant to avoid ({term.id}): write '{term.en}'" in out
    line, col = _position(data, f" {kk_variant} {variant}")
    assert f"{data}:{line}:{col + 1}: kk: '{kk_variant}' is a variant to avoid ({kk_term.id}): write '{kk_term.kk}'" in out
    line, col = _position(page, f"call {variant}")
    assert f"{page}:{line}:{col + 5}: en: '{variant}' is a variant to avoid" in out
    # the English variant: in the English text and on the page; not in «quotes», not in Kazakh
    assert sum(f"en: '{variant}' is a variant to avoid" in row for row in out.splitlines()) == 2


def test_a_variant_matches_whole_words_and_capitals_only_when_written_in_capitals():
    assert terms._pattern("MM").search("the MM said") and not terms._pattern("MM").search("210 × 297 mm")
    assert terms._pattern("trust line").search("Trust line") and not terms._pattern("trust line").search("trust lines")
    assert terms._pattern("педагогтар*").search("педагогтардың")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_shows_every_preferred_form(lang):
    page = render_glossary_page(DATA, lang, TERMBASE)
    for term in TERMBASE.terms:
        for x in LANGUAGES:
            assert str(escape(term.form(x))) in page
    assert t(lang, "glossary.terms") in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translation_status_shows_the_termbase_coverage(built_site, lang):
    prefix = {"kk": "", "ru": "ru/", "en": "en/"}[lang]
    html = (built_site / prefix / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert t(lang, "translation.status.terms") in html
    total = len(TERMBASE.terms)
    for x in LANGUAGES:
        agreed, _ = TERMBASE.coverage(x)
        assert f"{agreed} / {total}" in html


def test_a_term_without_a_form_counts_as_not_covered(tmp_path):
    path = tmp_path / "terms.yml"
    path.write_text("terms:\n  - id: x\n    kk: а\n    en: b\n  - id: y\n    kk: c\n    ru: d\n    en: e\n", encoding="utf-8")
    base = terms.load(path)
    assert base.coverage("ru")[0] == 1 and [t.id for t in base.coverage("ru")[1]] == ["x"]
    assert base.coverage("kk") == (2, [])


def test_a_bad_termbase_is_reported_with_its_line(tmp_path):
    path = tmp_path / "terms.yml"
    path.write_text("terms:\n  - id: x\n    en: the 111 helpline\n    avoid:\n      en: [\"111 helpline\"]\n", encoding="utf-8")
    with pytest.raises(Exception) as exc:
        terms.load(path)
    assert ":5:" in str(exc.value.problems[0]) and "matches the preferred form" in str(exc.value.problems[0])
