"""Lesson guides: lessons.yml is checked like campaigns.yml (file:line, exit 1); every lesson is
a page and an A4 PDF in kk, ru and en, with a PDF per handout; the teachers' hub lists every
lesson, printable file and feed of the built site, and every link on it resolves."""
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader, PdfWriter

from conftest import FIXTURES, ROOT, crawl, run_cli, validate_here
from scripts.sources.lessons import load_lessons
from scripts.sources.validate import load_data

LANGS = {"kk": "", "ru": "ru/", "en": "en/"}
LESSONS_FIXTURE = (FIXTURES / "lessons.yml").read_text(encoding="utf-8")


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def real():
    data = load_data(ROOT / "campaigns.yml")
    return data, {lesson.slug: lesson for lesson in load_lessons(ROOT / "lessons.yml", data)}


# ---------------------------------------------------------------- the three lessons the issue asks for

def test_the_three_lessons(real):
    data, lessons = real
    expected = {  # slug -> (campaign, grades, duration or None, campaign activity or None)
        "doverie-111-class-hour": ("doverie-111", (5, 9), 45, None),
        "personal-safety": ("karaganda-road-map-2023-2025", (1, 4), None, 12),
        "minors-labour-rights": ("12-days-against-child-labour", (8, 11), None, None),
    }
    assert set(expected) <= set(lessons)
    for slug, (campaign, grades, duration, activity) in expected.items():
        lesson = lessons[slug]
        assert lesson.campaign == campaign
        assert (lesson.grades.first, lesson.grades.last) == grades
        assert duration is None or lesson.duration == duration
        assert activity is None or activity in lesson.activities
        assert sum(s.minutes for s in lesson.steps) == lesson.duration
        assert lesson.handouts and lesson.keywords and lesson.preparation and lesson.sources
        assert "hotline" in lesson.signposting and "ombudsman" in lesson.signposting


def test_doverie_class_hour_has_training_game_and_project_elements(real):
    _, lessons = real
    lesson = lessons["doverie-111-class-hour"]
    titles = " ".join(s.title.ru for s in lesson.steps)
    for element in ("ролевая игра", "игра", "проектная работа"):
        assert element in titles
    assert "111" in " ".join(s.teacher.ru for s in lesson.steps)


def test_labour_rights_lesson_states_the_ages_and_conventions(real):
    _, lessons = real
    text = " ".join(h.body.ru for h in lessons["minors-labour-rights"].handouts)
    for fact in ("С 16 лет", "15 лет", "14 лет", "№ 138", "№ 182", "ночное время"):
        assert fact in text, fact


# ---------------------------------------------------------------- pages and PDFs in the built site

def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return norm(out.stdout)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["doverie-111-class-hour", "personal-safety", "minors-labour-rights"])
def test_lesson_page_and_pdfs(built_site, real, slug, lang):
    data, lessons = real
    lesson = lessons[slug]
    folder = built_site / LANGS[lang] / "lessons" / slug
    soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    assert norm(soup.h1.get_text()) == norm(lesson.title[lang])
    text = norm(soup.get_text(" "))
    for step in lesson.steps:
        assert norm(step.title[lang]) in text
    # safeguarding and signposting, the contacts printed from campaigns.yml
    assert soup.find(id="safeguarding") is not None
    help_block = soup.select_one(".signposting")
    assert help_block.select_one(f'a[href="tel:{data.contacts.hotline.number}"]') is not None
    assert help_block.select_one(f'a[href="mailto:{data.contacts.ombudsman.email}"]') is not None
    # the guide: A4, fonts embedded, the title in the language of the PDF
    guide = folder / "lesson.pdf"
    reader = PdfReader(guide)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert norm(lesson.title[lang]) in pdf_text(guide)
    fonts = subprocess.run(["pdffonts", str(guide)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
    # the @font-face families of scripts/printable/pdf.py, which no installed font has: no fallback font
    assert all(row.split()[0].split("+")[-1].startswith("Print-Sans") for row in rows), fonts
    # one PDF per handout, linked from the page
    links = {a["href"] for a in soup.find_all("a", href=True)}
    assert "lesson.pdf" in links
    for n, handout in enumerate(lesson.handouts, start=1):
        file = folder / f"handout-{n}.pdf"
        assert norm(handout.title[lang]) in pdf_text(file)
        assert f"handout-{n}.pdf" in links
    assert not (folder / f"handout-{len(lesson.handouts) + 1}.pdf").exists()


# ---------------------------------------------------------------- the teachers' hub

@pytest.mark.parametrize("lang", LANGS)
def test_hub_lists_every_printable_file_and_feed_and_its_links_resolve(built_site, real, lang):
    """The hub and its year pages (the pages below teachers/ that it links to) together list
    every PDF and feed of the built site, and every link on them opens a file."""
    _, lessons = real
    page_url = LANGS[lang] + "teachers/"
    visited, targets, broken = crawl(built_site, page_url, page_url)
    assert not broken, f"links that open nothing: {broken}"
    present = {p.resolve() for p in built_site.rglob("*") if p.suffix in (".pdf", ".ics")}
    assert present, "the built site has no printable files"
    missing = sorted(str(p.relative_to(built_site.resolve())) for p in present - targets)
    assert not missing, f"not listed on the {lang} hub or its year pages: {missing}"
    assert any(v.startswith(page_url + "year/") for v in visited), "the hub links no year page"
    for slug in lessons:
        assert (built_site / LANGS[lang] / "lessons" / slug / "index.html").resolve() in targets
    # the offline copy, when the site has one
    assert (built_site / LANGS[lang] / "offline" / "index.html").resolve() in targets
    # sizes are shown next to the files, and the hub is in the navigation
    soup = BeautifulSoup((built_site / page_url / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("article").select(".download-size")
    home = BeautifulSoup((built_site / LANGS[lang] / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = home.select_one("nav.md-nav--primary")
    assert any(a.get("href", "").rstrip("/").endswith("teachers") for a in nav.find_all("a"))


def tiny_pdf(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    writer.add_blank_page(width=595.28, height=841.89)
    with open(path, "wb") as fh:
        writer.write(fh)


def test_hub_picks_up_files_other_features_add(tmp_path):
    """Files made by generators the hub does not know (feeds, a stand kit, something new)
    are listed by where they are, with their sizes."""
    from scripts.printable.teachers import hub

    data = load_data(FIXTURES / "minimal.yml")
    docs = tmp_path / "docs"
    produced = {}
    for path in ("en/campaigns/first-campaign/stand-kit.pdf", "en/workshops/kit/worksheet.pdf"):
        tiny_pdf(docs / path)
        produced[path] = (docs / path).stat().st_size
    for path in ("en/calendar/first-campaign.ics", "en/calendar/all.ics", "ru/calendar/all.ics"):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        produced[path] = (docs / path).stat().st_size
    produced["en/campaigns/index.md"] = 10  # pages are not listed
    ctx = SimpleNamespace(root=tmp_path, docs_dir=docs, produced=produced, data_file=tmp_path / "campaigns.yml")
    pages = hub(data, ctx)
    hubs = {"kk/teachers/index.md", "ru/teachers/index.md", "en/teachers/index.md"}
    years = {int(y) for y in range(int(data.campaigns[0].period.start[:4]), int(data.campaigns[0].period.end[:4]) + 1)}
    assert set(pages) == hubs | {f"{lang}/teachers/year/{y}/index.md" for lang in LANGS for y in years}
    page = pages["en/teachers/index.md"]
    for href in ("../campaigns/first-campaign/stand-kit.pdf", "../calendar/first-campaign.ics",
                 "../calendar/all.ics", "../../ru/calendar/all.ics", "../workshops/kit/worksheet.pdf"):
        assert f'href="{href}"' in page, href
    assert "Calendar feed: all campaigns" in page and "Other materials" in page
    assert "index.md\"" not in page.split("## Materials of the newest campaigns")[1].split("<table>")[1]
    assert "offline/index.md" not in page  # this site has no offline page: no link to one
    year = pages[f"en/teachers/year/{min(years)}/index.md"]
    assert 'href="../../../campaigns/first-campaign/stand-kit.pdf"' in year
    assert 'href="../../../calendar/first-campaign.ics"' in year and "all.ics" not in year
    # once the offline page exists, the hub links it
    ctx.produced.update({f"{lang}/offline/index.md": 10 for lang in LANGS})
    assert "](../offline/index.md)" in hub(data, ctx)["en/teachers/index.md"]
    kk = pages["kk/teachers/index.md"]
    assert 'href="../en/calendar/first-campaign.ics"' in kk and "Іс-шаралар күнтізбесі" in kk


# ---------------------------------------------------------------- validation of lessons.yml

CASES = [  # (name, text to replace in the fixture, replacement, key whose line is reported, message pieces)
    ("minutes do not add up", "        minutes: 30\n", "        minutes: 25\n", "    duration: 45",
     ["lessons[0].duration", "the steps add up to 40 minutes, but the lesson lasts 45"]),
    ("no safeguarding notes",
     LESSONS_FIXTURE[LESSONS_FIXTURE.index("    safeguarding:"):LESSONS_FIXTURE.index("    steps:")], "",
     "  - slug: test-lesson", ["lessons[0].safeguarding", "every lesson needs safeguarding notes"]),
    ("empty safeguarding notes", "      ending:\n        - {kk: Жылы сөзбен аяқтаңыз., ru: Закончите словами поддержки., en: End with warm words.}\n",
     "      ending: []\n", "      ending:", ["lessons[0].safeguarding.ending", "give at least one note"]),
    ("grade above 11", "grades: {from: 5, to: 9}", "grades: {from: 5, to: 12}", "    grades:",
     ["lessons[0].grades.to", "school grades run from 1 to 11, not 12"]),
    ("grade 0", "grades: {from: 5, to: 9}", "grades: {from: 0, to: 9}", "    grades:",
     ["lessons[0].grades.from", "not 0"]),
    ("grade band upside down", "grades: {from: 5, to: 9}", "grades: {from: 9, to: 5}", "    grades:",
     ["lessons[0].grades", "ends (5) before it starts (9)"]),
    ("no signposting", "    signposting: [hotline, ombudsman]\n", "", "  - slug: test-lesson",
     ["lessons[0].signposting", "every lesson needs signposting"]),
    ("signposting without 111", "signposting: [hotline, ombudsman]", "signposting: [ombudsman]", "    signposting:",
     ["lessons[0].signposting", "'hotline'"]),
    ("unknown contact", "signposting: [hotline, ombudsman]", "signposting: [hotline, police]", "    signposting:",
     ["lessons[0].signposting[1]", "'police' is not allowed"]),
    ("unknown campaign", "campaign: first-campaign", "campaign: no-such-campaign", "    campaign:",
     ["lessons[0].campaign", "no campaign in campaigns.yml has the slug 'no-such-campaign'"]),
    ("unknown activity", "activities: [1]", "activities: [7]", "    activities:",
     ["lessons[0].activities[0]", "has no activity 7"]),
    ("missing handout", "        handouts: [1]\n", "        handouts: [2]\n", "        handouts: [2]",
     ["lessons[0].steps[1].handouts[0]", "there is no handout 2"]),
    ("missing translation", "title: {kk: Сынақ сабағы, ru: Тестовый урок, en: Test lesson}",
     "title: {kk: Сынақ сабағы, ru: Тестовый урок}", "    title:", ["lessons[0].title.en", "the en translation is missing"]),
]


@pytest.mark.parametrize("name,old,new,key,pieces", CASES, ids=[c[0] for c in CASES])
def test_bad_lessons_are_reported_with_file_and_line(tmp_path, name, old, new, key, pieces):
    assert old in LESSONS_FIXTURE, f"fixture changed: {old!r}"
    shutil.copy(FIXTURES / "minimal.yml", tmp_path / "campaigns.yml")
    bad = tmp_path / "lessons.yml"
    text = LESSONS_FIXTURE.replace(old, new, 1)
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if ln.startswith(key))
    proc = validate_here("--data", str(tmp_path / "campaigns.yml"), "validate")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert re.search(rf"^{re.escape(str(bad))}:{line}:\d+: ", proc.stderr, re.M), proc.stderr
    for piece in pieces:
        assert piece in proc.stderr, proc.stderr


def test_valid_fixture_and_bad_build(tmp_path):
    shutil.copy(FIXTURES / "minimal.yml", tmp_path / "campaigns.yml")
    (tmp_path / "lessons.yml").write_text(LESSONS_FIXTURE, encoding="utf-8")
    proc = run_cli("--data", str(tmp_path / "campaigns.yml"), "validate")
    assert proc.returncode == 0, proc.stderr
    assert "1 lessons" in proc.stdout
    # a broken lessons file stops the build too, and the previous site stays
    (tmp_path / "lessons.yml").write_text(LESSONS_FIXTURE.replace("minutes: 30", "minutes: 31"), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good site")
    proc = run_cli("--data", str(tmp_path / "campaigns.yml"), "build", "--site-dir", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "lessons.yml:" in proc.stderr and "the steps add up to 46 minutes" in proc.stderr
    assert (site / "index.html").read_text() == "previous good site"
