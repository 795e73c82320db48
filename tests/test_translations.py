"""Translation status: missing and outdated texts per language, the translation record
(translations.lock.yml), the status page and the notice on outdated pages."""
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, run_cli
from scripts.sources import translations
from scripts.sources.languages import I18N_DIR

MINIMAL = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
SUMMARY_EN = "en: A short description.}"


@pytest.fixture
def project(tmp_path):
    """A data file, a copy of docs/ and a translation record of them, all in sync."""
    (tmp_path / "campaigns.yml").write_text(MINIMAL, encoding="utf-8")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    proc = cli(tmp_path, "translations", "--update")
    assert proc.returncode == 0, proc.stderr
    return tmp_path


def cli(project: Path, *args):
    return run_cli("--data", str(project / "campaigns.yml"), "--docs", str(project / "docs"), *args)


def edit(file: Path, old: str, new: str):
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(file: Path, piece: str) -> int:
    text = file.read_text(encoding="utf-8")
    return text[: text.index(piece)].count("\n") + 1


def section(out: str, lang: str) -> str:
    """The part of the report about one language."""
    match = re.search(rf"^{lang} \(.*?(?=^\w\w \(|^\n|\Z)", out, re.M | re.S)
    assert match, out
    return match.group(0)


def test_the_repository_record_is_readable_and_in_sync():
    report = translations.collect(ROOT / "campaigns.yml", ROOT / "docs")
    assert report.lock_exists
    assert not report.any_missing()
    for lang in ("kk", "ru", "en"):
        assert report.outdated(lang) == [], [s.entry.key for s in report.outdated(lang)]


def test_keys_name_items_by_slug_id_and_number_not_position(project):
    keys = {s.entry.key for s in translations.collect(project / "campaigns.yml", project / "docs").statuses}
    assert "campaigns[first-campaign].summary" in keys
    assert "campaigns[first-campaign].sections[0].activities[n=2].text" in keys
    assert "agencies[t.police].name" in keys
    assert "contacts.hotline.cost" in keys
    assert "i18n[nav.home]" in keys
    assert "docs/about.md" in keys


def test_reordering_campaigns_changes_nothing(project):
    data = project / "campaigns.yml"
    text = data.read_text(encoding="utf-8")
    first = text[text.index("  - slug: first-campaign"): text.index("  - slug: second-campaign")]
    data.write_text(text.replace(first, "") + first, encoding="utf-8")
    proc = cli(project, "translations")
    assert proc.returncode == 0
    assert "0 missing, 0 outdated" in proc.stdout, proc.stdout


def test_an_edit_in_one_language_makes_the_other_two_outdated(project):
    data = project / "campaigns.yml"
    edit(data, SUMMARY_EN, "en: A short description that is now longer.}")
    proc = cli(project, "translations")
    assert proc.returncode == 0, proc.stderr  # outdated is reported, it does not fail
    line = line_of(data, "summary: {kk:")
    for lang in ("kk", "ru"):
        part = section(proc.stdout, lang)
        assert "0 missing, 1 outdated" in part
        assert re.search(rf"{re.escape(str(data))}:{line}:\d+: campaigns\[first-campaign\]\.summary: outdated: "
                         r"the en text changed", part), part
    assert "every text is present and up to date" in section(proc.stdout, "en")


def test_a_missing_translation_fails(project):
    data = project / "campaigns.yml"
    edit(data, "ru: Описание отчёта., ", "")
    proc = cli(project, "translations")
    assert proc.returncode == 1
    part = section(proc.stdout, "ru")
    assert re.search(rf"{re.escape(str(data))}:{line_of(data, 'Есептің сипаттамасы')}:\d+: "
                     r"campaigns\[second-campaign\]\.summary: missing", part), part


def test_docs_pages_are_tracked(project):
    edit(project / "docs/en/about.md", "# About this site", "# About this website")
    (project / "docs/ru/volunteers.md").write_text("---\ntitle: Волонтёры\n---\n\n# Волонтёры\n", encoding="utf-8")
    proc = cli(project, "translations")
    assert proc.returncode == 1  # volunteers.md exists in ru only
    for lang in ("kk", "ru"):
        assert f"docs/{lang}/about.md: docs/about.md: outdated: the en text changed" in section(proc.stdout, lang)
    for lang in ("kk", "en"):
        assert f"docs/{lang}/volunteers.md: docs/volunteers.md: missing" in section(proc.stdout, lang)


def test_interface_strings_are_tracked(tmp_path):
    i18n = tmp_path / "i18n"
    shutil.copytree(I18N_DIR, i18n)
    data, docs, lock = ROOT / "campaigns.yml", ROOT / "docs", ROOT / "translations.lock.yml"
    edit(i18n / "ru.yml", "nav.help: Получить помощь", "nav.help: Где получить помощь")
    report = translations.collect(data, docs, lock, i18n_dir=i18n)
    assert [s.entry.key for s in report.outdated("kk")] == ["i18n[nav.help]"]
    assert [s.entry.key for s in report.outdated("en")] == ["i18n[nav.help]"]
    assert report.outdated("ru") == []


def test_update_records_finished_translations_only(project):
    data = project / "campaigns.yml"
    edit(data, SUMMARY_EN, "en: A short description that is now longer.}")
    edit(data, "name: {kk: Есеп, ru: Отчёт, en: Report}", "name: {kk: Есеп беру, ru: Отчётность, en: Reporting}")
    proc = cli(project, "translations", "--update")
    assert proc.returncode == 0
    assert "recorded 1 new or changed" in proc.stdout  # the name, changed in all three languages
    assert "campaigns[first-campaign].summary: outdated in kk, ru" in proc.stdout
    proc = cli(project, "translations")
    assert "campaigns[first-campaign].summary: outdated" in section(proc.stdout, "kk")
    assert "second-campaign" not in proc.stdout
    # the translators finish: nothing is outdated any more, and the record takes the new texts
    edit(data, "summary: {kk: Қысқаша сипаттама., ru: Краткое описание.,",
         "summary: {kk: Енді ұзағырақ болған қысқаша сипаттама., ru: Уже не такое краткое описание.,")
    proc = cli(project, "translations")
    assert "0 missing, 0 outdated" in proc.stdout
    assert cli(project, "translations", "--update").returncode == 0
    # a later edit in one language is noticed again
    edit(data, "en: A short description that is now longer.}", "en: A short description that is longer still.}")
    assert "1 outdated" in section(cli(project, "translations").stdout, "ru")


def test_accept_records_a_change_that_needs_no_translation(project):
    data = project / "campaigns.yml"
    lock = project / "translations.lock.yml"
    edit(data, SUMMARY_EN, "en: A brief description.}")  # a wording change that needs no translation
    edit(data, "en: About the report.}", "en: About this report.}")
    before = lock.read_text(encoding="utf-8")
    proc = cli(project, "translations", "--accept", "campaigns[no-such-campaign]")
    assert proc.returncode == 1 and "no text has the key" in proc.stderr
    assert lock.read_text(encoding="utf-8") == before
    proc = cli(project, "translations", "--accept", "campaigns[first-campaign]")
    assert proc.returncode == 0, proc.stderr
    out = cli(project, "translations").stdout
    assert "first-campaign" not in out
    assert "campaigns[second-campaign].summary: outdated" in out  # not accepted: still outdated


def test_a_broken_record_is_reported_with_its_line(project):
    lock = project / "translations.lock.yml"
    text = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    text.insert(8, "<<<<<<< HEAD\n")
    lock.write_text("".join(text), encoding="utf-8")
    for command in ("translations", "validate"):
        proc = cli(project, command)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert f"{lock}:9:1: a merge conflict is left in this file" in proc.stderr


def test_the_site_shows_outdated_pages_and_the_status_page(project):
    data, docs = project / "campaigns.yml", project / "docs"
    edit(data, SUMMARY_EN, "en: A short description that is now longer.}")
    edit(docs / "ru/about.md", "# О сайте", "# О нашем сайте")
    site = project / "site"
    proc = cli(project, "build", "--site-dir", str(site))
    assert proc.returncode == 0, proc.stderr

    def notice(path):
        soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        return soup.select_one(".translation-outdated")

    for path, newer in [("campaigns/first-campaign", {"en": "English"}), ("ru/campaigns/first-campaign", {"en": "English"}),
                        ("about", {"ru": "Русский"}), ("en/about", {"ru": "Русский"})]:
        box = notice(path)
        assert box is not None, path
        links = {a["hreflang"]: a for a in box.select("a[hreflang]")}
        assert {k: a.get_text() for k, a in links.items()} == newer, path
    for path in ("en/campaigns/first-campaign", "ru/about", "campaigns/second-campaign", "en/campaigns/second-campaign"):
        assert notice(path) is None, path
    box = notice("ru/campaigns/first-campaign")
    assert "Перевод может быть устаревшим" in box.get_text()
    assert box.select_one('a[hreflang="en"]')["href"] == "../../../en/campaigns/first-campaign/"

    status = BeautifulSoup((site / "en/translation-status/index.html").read_text(encoding="utf-8"), "html.parser")
    counts = {row.th.get_text(): [td.get_text() for td in row.find_all("td")]
              for row in status.select(".translation-summary tbody tr")}
    assert counts == {"Қазақша": ["0", "2"], "Русский": ["0", "1"], "English": ["0", "1"]}
    kk_list = status.select_one('.translation-list--outdated[data-lang="kk"]')
    assert kk_list is not None
    links = {a.get_text(): a["href"] for a in kk_list.select("a")}
    assert links == {"campaigns[first-campaign].summary": "../../campaigns/first-campaign/",
                     "docs/about.md": "../../about/"}
    proc = run_cli("--data", str(data), "check-links", "--site-dir", str(site))
    assert proc.returncode == 0, proc.stderr


def test_the_real_site_has_a_status_page_in_every_language(built_site):
    for prefix, words in (("", "Аудармалардың жай-күйі"), ("ru/", "Состояние переводов"), ("en/", "Translation status")):
        soup = BeautifulSoup((built_site / prefix / "translation-status/index.html").read_text(encoding="utf-8"),
                             "html.parser")
        assert soup.h1.get_text() == words
        assert len(soup.select(".translation-summary tbody tr")) == 3
        about = (built_site / prefix / "about/index.html").read_text(encoding="utf-8")
        assert 'href="../translation-status/"' in about
