"""The bad-input corpus (tests/fixtures/bad/, described in its index.yml): every malformed input
gives a clear message with its file and line, exit status 1 and no traceback, from both
`validate` and `build`, and a failed build leaves the previous site untouched. The one valid
hostile input (HTML and <script> in text fields) builds, and shows up escaped, never live."""
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, run_cli, shared_site
from scripts.__main__ import main
from scripts.sources.validate import load_data

BAD = FIXTURES / "bad"
CORPUS = yaml.safe_load((BAD / "index.yml").read_text(encoding="utf-8"))
MALFORMED = [case for case in CORPUS if not case.get("valid")]
PROBLEM_LINE = re.compile(r"^(.+?):(\d+):(\d+): ", re.M)
# The build date of these runs: the fixtures' contacts were verified on 1 January 2024, within
# the twelve months before it, so that only the corpus's own problems are reported.
BUILD_DATE_EPOCH = "1717200000"  # 2024-06-01 00:00 UTC


@pytest.fixture(autouse=True)
def build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)


def test_the_corpus_is_complete():
    assert len(MALFORMED) >= 30
    listed = {case["file"] for case in CORPUS}
    on_disk = {p.name for p in BAD.iterdir() if p.name != "index.yml"}
    assert listed == on_disk, "every fixture is described in index.yml, and every description has its file"
    kinds = " ".join(case["what"] for case in MALFORMED)
    for kind in ["quotation mark", "tab", "instead of", "missing", "30 February", "helpline number",
                 "agency", "share a slug", "empty", "Latin-1", "larger than", "front matter",
                 "in the future", "weekly activity without", "suggests the closest", "indentation slip"]:
        assert kind in kinds, kind


def place(case, tmp_path: Path) -> tuple[list[str], Path]:
    """Put the fixture where an editor's file would be; returns the CLI options and the file."""
    content = (BAD / case["file"]).read_bytes()
    if "pad" in case:
        line = b"# padding " + b"x" * 100 + b"\n"
        content += line * (case["pad"] // len(line) + 1)
    where = case.get("as", "campaigns.yml")
    data = tmp_path / "campaigns.yml"
    docs = ROOT / "docs"
    if where != "campaigns.yml":
        shutil.copy(FIXTURES / "minimal.yml", data)
    if where.startswith("docs/"):
        docs = tmp_path / "docs"
        shutil.copytree(ROOT / "docs", docs)
    target = tmp_path / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return ["--data", str(data), "--docs", str(docs)], target


def check_messages(case, target: Path, err: str):
    found = PROBLEM_LINE.findall(err)
    assert found, err
    assert {f for f, _, _ in found} == {str(target)}, err
    assert sorted(int(line) for _, line, _ in found) == sorted(case["lines"]), err
    for piece in case["message"]:
        assert piece in err, (piece, err)
    assert "Traceback" not in err


@pytest.mark.parametrize("case", MALFORMED, ids=[c["file"] for c in MALFORMED])
def test_validate_reports_file_and_line(case, tmp_path, capsys):
    options, target = place(case, tmp_path)
    assert main([*options, "validate"]) == 1
    check_messages(case, target, capsys.readouterr().err)


@pytest.mark.parametrize("case", MALFORMED, ids=[c["file"] for c in MALFORMED])
def test_build_fails_and_keeps_the_previous_site(case, tmp_path, capsys):
    options, target = place(case, tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main([*options, "build", "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err
    check_messages(case, target, err)
    assert "previous site was left as it was" in err
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # no half-built site left


def test_a_malformed_input_gives_no_traceback_from_the_command_line(tmp_path):
    """The same as above, as a separate process: what an editor sees."""
    for name in ["not-utf8.yml", "only-comments.yml", "yaml-unclosed-quote.yml"]:
        bad = tmp_path / name
        shutil.copy(BAD / name, bad)
        proc = run_cli("--data", str(bad), "build", "--site-dir", str(tmp_path / "site"))
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr and proc.stderr.startswith(f"{bad}:"), proc.stderr
        assert not (tmp_path / "site").exists()


HOSTILE = next(case for case in CORPUS if case.get("valid"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, worker_id):
    return shared_site(tmp_path_factory, worker_id, "hostile", "--data", str(BAD / HOSTILE["file"]), "build")


def test_html_in_text_fields_is_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "en/campaigns/first-campaign/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = page.get_text(" ")
    for piece in HOSTILE["escaped"]:
        assert piece in text, piece
    assert "</title><script>alert('campaign name')</script>First campaign" in page.select_one("h1").get_text()
    assert page.title.get_text() == "</title><script>x()</script> – Test</title><script>s()"  # short names
    assert page.select_one(".helpbar__facts").get_text().startswith("free<script>alert('hotline cost')</script>")
    # its data gives no emergency number: the help bar then has no link for one
    assert load_data(BAD / HOSTILE["file"]).contacts.emergency is None and page.select_one(".helpbar__danger") is None


def test_no_text_field_becomes_live_html(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for file in pages:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # data, not code: it must stay valid JSON
                json.loads(script.get_text())
                assert "<" not in script.get_text(), (file, script)
            else:
                assert "alert" not in script.get_text(), (file, script)
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.startswith("on"), (file, element)
                if attribute in ("href", "src"):
                    assert not str(value).lower().startswith("javascript:"), (file, element)
        for tag in ("img", "b", "i"):
            for element in soup.find_all(tag):
                assert "alert" not in str(element), (file, element)
