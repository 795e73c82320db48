"""Malformed campaigns.yml: every case exits 1 with file:line, field and language, no traceback."""
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from scripts.validate import InvalidData, load_data

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
     "kind: report\n", "kind: [report\n", 1, ["YAML syntax error"]),
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
    proc = run_cli("--data", str(bad), "validate")
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
    from scripts.languages import check_strings
    assert check_strings() == []
