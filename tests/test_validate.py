"""Malformed campaigns.yml: every case exits 1 with file:line, field and language, no traceback."""
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli, validate_here
from scripts.sources.validate import InvalidData, load_data

MINIMAL = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")


def test_minimal_fixture_is_valid():
    data = load_data(FIXTURES / "minimal.yml")
    assert [c.slug for c in data.campaigns] == ["first-campaign", "second-campaign"]


# (name, text to replace in minimal.yml, replacement, line of the problem counted from the first
#  line of the replacement, expected message pieces)
CASES = [
    ("missing translation",
     "name: {kk: Бірінші науқан, ru: Первая кампания, en: First campaign}",
     "name: {kk: Бірінші науқан, ru: Первая кампания}", 0,
     ["campaigns[0].name.en", "the en translation is missing"]),
    ("empty translation",
     "en: A short description.}\n    sections",
     "en: \"  \"}\n    sections", 0, ["campaigns[0].summary.en", "is empty"]),
    ("impossible date",
     'period: {start: "2020-06-01", end: "2020-06-12"}',
     'period: {start: "2020-02-30", end: "2020-06-12"}', 0,
     ["campaigns[0].period.start", "'2020-02-30' is not a real date"]),
    ("month 13 unquoted (PyYAML would turn it into a bare ValueError)",
     'period: {start: "2020-06-01", end: "2020-06-12"}',
     'period: {start: 2026-13-01, end: "2020-06-12"}', 0,
     ["campaigns[0].period.start", "'2026-13-01' is not a real date"]),
    ("end before start",
     'when: {start: "2020-06-01", end: "2020-06-12"}',
     'when: {start: "2020-06-12", end: "2020-06-01"}', 0,
     ["campaigns[0].sections[0].activities[0].when", "the end 2020-06-01 is before the start 2020-06-12"]),
    ("recurrence without a period",
     'when: {by: "2020-06-10"}', "when: {repeat: quarterly}", 0,
     ["activities[1].when", "needs its period"]),
    ("unknown agency",
     "responsible: [t.edu]", "responsible: [t.nobody]", 0,
     ["campaigns[0].sections[0].activities[1].responsible[0]", "unknown agency 't.nobody'"]),
    ("duplicate slug",
     "slug: second-campaign", "slug: first-campaign", 0,
     ["campaigns[1].slug", "'first-campaign' is used more than once"]),
    ("YAML syntax error",
     "kind: report\n", "kind: [report\n", 0, ["YAML syntax error", "the '[' opened here is not closed"]),
    ("wrong type",
     "          - n: 2\n", "          - n: two\n", 0,
     ["campaigns[0].sections[0].activities[1].n", "expected a whole number, got 'two'"]),
    ("unknown field",
     "    kind: report\n", "    kind: report\n    colour: red\n", 1,
     ["campaigns[1].colour", "unknown field 'colour'"]),
    ("unknown kind",
     "kind: report", "kind: newsletter", 0,
     ["campaigns[1].kind", "'newsletter' is not allowed"]),
    ("non-ASCII slug",
     "slug: second-campaign", "slug: екінші-науқан", 0,
     ["campaigns[1].slug", "lowercase ASCII"]),
    ("malformed phone number",
     'number: "111"', 'number: "1-1-1"', 0,
     ["contacts.hotline.number", "digits only"]),
    ("report on a missing campaign",
     "report_on: first-campaign", "report_on: no-such-campaign", 0,
     ["campaigns[1].report_on", "no campaign has the slug 'no-such-campaign'"]),
    ("untranslated English",
     "en: Handing out posters}", "en: Распространение плакатов}", 0,
     ["activities[0].text.en", "Cyrillic"]),
    ("tab indentation",
     "    kind: report\n", "\tkind: report\n", 0, ["tab"]),
    ("duplicate key",
     "    kind: report\n", "    kind: report\n    kind: action\n", 1, ["the key 'kind' appears twice"]),
]


@pytest.mark.parametrize("name,old,new,line,pieces", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_its_line(tmp_path, name, old, new, line, pieces):
    assert old in MINIMAL, f"fixture changed: {old!r}"
    bad = tmp_path / "campaigns.yml"
    bad.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    line += MINIMAL[: MINIMAL.index(old)].count("\n") + 1
    proc = validate_here("--data", str(bad), "validate")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert re.search(rf"^{re.escape(str(bad))}:{line}:\d+: ", proc.stderr, re.M), proc.stderr
    for piece in pieces:
        assert piece in proc.stderr, proc.stderr


def test_all_problems_are_reported_at_once(tmp_path):
    text = MINIMAL.replace("responsible: [t.edu]", "responsible: [t.nobody]")
    text = text.replace("slug: second-campaign", "slug: first-campaign")
    bad = tmp_path / "campaigns.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidData) as exc:
        load_data(bad)
    messages = [str(p) for p in exc.value.problems]
    assert any("unknown agency 't.nobody'" in m for m in messages)
    assert any("'first-campaign' is used more than once" in m for m in messages)


@pytest.mark.parametrize("content,message", [
    (b"", "the file is empty"),
    (b"site: \xff\xfe broken", "not UTF-8"),
    (b"- just\n- a list\n", "must be a mapping"),
])
def test_unusable_files(tmp_path, content, message):
    bad = tmp_path / "campaigns.yml"
    bad.write_bytes(content)
    proc = run_cli("--data", str(bad), "validate")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.match(rf"^{re.escape(str(bad))}:\d+:\d+: ", proc.stderr), proc.stderr
    assert message in proc.stderr


def test_bad_build_leaves_previous_site_untouched(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good site")
    bad = tmp_path / "campaigns.yml"
    bad.write_text(MINIMAL.replace("responsible: [t.edu]", "responsible: [t.nobody]"), encoding="utf-8")
    proc = run_cli("--data", str(bad), "build", "--site-dir", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (site / "index.html").read_text() == "previous good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["campaigns.yml", "site"]


def test_real_data_is_valid():
    proc = run_cli("validate")
    assert proc.returncode == 0, proc.stderr


def test_interface_strings_exist_in_every_language():
    from scripts.sources.languages import check_strings
    assert check_strings() == []


# ---------------------------------------------------------------- many mistakes at once

MANY = FIXTURES / "many-mistakes"
BUILD_DATE = "1717200000"  # 2024-06-01: the fixtures' contacts were verified within 12 months of it
# (file, line, field, message pieces): every mistake marked MISTAKE in tests/fixtures/many-mistakes/
EVERY_MISTAKE = [
    ("campaigns.yml", 23, "contacts.ombudsman.verified", "'2301-01-01' is in the future"),
    ("campaigns.yml", 39, "agencies[1].region", "unknown region 'test-regoin': did you mean 'test-region'?"),
    ("campaigns.yml", 43, "campaigns[0].name.en", "the en translation is missing"),
    ("campaigns.yml", 45, "campaigns[0].period.end", "'2020-06-31' is not a real date"),
    ("campaigns.yml", 53, "campaigns[0].sections[0].activities[0].responsible[0]", "unknown agency 't.eud': did you mean 't.edu'?"),
    ("campaigns.yml", 56, "campaigns[0].sections[0].activities[1].when", "'repeat: weekly' needs its days of the week"),
    ("campaigns.yml", 64, "campaigns[1].colour", "unknown field 'colour'"),
    ("campaigns.yml", 65, "campaigns[1].report_on", "no campaign has the slug 'first-campain': did you mean 'first-campaign'?"),
    ("lessons.yml", 4, "lessons[0].campaign", "no campaign in campaigns.yml has the slug 'frist-campaign': did you mean 'first-campaign'?"),
    ("lessons.yml", 8, "lessons[0].grades.to", "school grades run from 1 to 11, not 12"),
]


def test_every_mistake_is_reported_in_one_run(tmp_path):
    """Field problems and unknown ids (agency, region, campaign) of campaigns.yml and lessons.yml
    in one run, each at a file:line:col relative to where the editor runs the command."""
    for name in ("campaigns.yml", "lessons.yml"):
        (tmp_path / name).write_bytes((MANY / name).read_bytes())
    marked = {(name, i) for name in ("campaigns.yml", "lessons.yml")
              for i, line in enumerate((MANY / name).read_text(encoding="utf-8").splitlines(), start=1)
              if "# MISTAKE" in line}
    assert marked == {(f, line) for f, line, _, _ in EVERY_MISTAKE} and len(marked) >= 8
    import os
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "scripts", "--data", "campaigns.yml", "--docs", str(ROOT / "docs"),
                           "--lock", str(ROOT / "translations.lock.yml"), "validate"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, SOURCE_DATE_EPOCH=BUILD_DATE, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    reported = re.findall(r"^(\S+?):(\d+):(\d+): (\S+): (.*)$", proc.stderr, re.M)
    assert len(reported) == len(EVERY_MISTAKE), proc.stderr
    for (file, line, field, message), (got_file, got_line, _, got_field, got_message) in zip(EVERY_MISTAKE, reported):
        assert (got_file, int(got_line), got_field) == (file, line, field), proc.stderr
        assert message in got_message, proc.stderr
    assert f"{len(EVERY_MISTAKE)} problems found" in proc.stderr


def test_a_contact_not_checked_for_a_year_gets_a_warning(tmp_path, monkeypatch):
    """The build date comes from SOURCE_DATE_EPOCH; a warning names the contact, and does not
    stop validation."""
    from scripts.sources.validate import check_data

    bad = tmp_path / "campaigns.yml"
    bad.write_text(MINIMAL.replace('verified: "2024-01-01"', 'verified: "2023-05-31"', 1), encoding="utf-8")
    # 2024-06-01: more than 12 months after 2023-05-31; 2024-01-01: less
    for epoch, expected in (("1717200000", ["hotline"]), ("1704067200", [])):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        checked = check_data(bad)
        assert not checked.problems and checked.data is not None
        assert [w.path.split(".")[1] for w in checked.warnings] == expected
        for w in checked.warnings:
            assert "warning:" in str(w) and "the hotline contact was last checked on 2023-05-31" in str(w)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28: every contact is stale
    proc = run_cli("--data", str(bad), "validate")  # warnings, and exit status 0
    assert proc.returncode == 0 and "warning: contacts.hotline.verified" in proc.stderr, proc.stderr


# ---------------------------------------------------------------- YAML syntax errors in editors' words

SLIPS = [  # (name, text, line reported, words)
    ("field indented one space too many", "a:\n  b: 1\n   c: 2\n", 3, "indented by 3 spaces, more than the line above (2)"),
    ("field indented less than its siblings", "a:\n  b:\n    x: 1\n   c: 2\n", 4, "(line 3 has 4)"),
    ("no colon after the field name", "a:\n  b 1\n  c: 2\n", 2, "no ':' after its field name"),
    ("a value with ': ' in it", "a:\n  b: Time: 10:00\n", 2, "put the whole value in quotation marks"),
    ("quotation mark not closed", 'a:\n  b: "abc\n  c: 1\n  d: "x"\n', 2, "quotation mark opened on this line is not closed"),
    ("no space after '-'", "a:\n  -b: 1\n  - c: 2\n", 2, "needs a space after it"),
    ("a list item beside a field", "a:\n  - 1\n  b: 2\n", 3, "a list item ('- ') and a field"),
    ("bracket not closed", "a: [1, 2\nb: 3\n", 1, "the '[' opened here is not closed with ']'"),
]


@pytest.mark.parametrize("text,line,words", [c[1:] for c in SLIPS], ids=[c[0] for c in SLIPS])
def test_yaml_syntax_errors_in_editors_words(text, line, words):
    from scripts.sources import yamlsource

    with pytest.raises(yamlsource.SourceProblem) as exc:
        yamlsource.loads(text, "campaigns.yml")
    problem = exc.value
    assert problem.position.line == line and words in problem.message, str(problem)
    shown, caret = problem.shown.splitlines()
    assert shown == f"{line:>5} | {text.splitlines()[line - 1]}"
    assert caret.index("^") == len(f"{line:>5} | ") + problem.position.col - 1  # under the place
