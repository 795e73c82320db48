"""The live preview (`make serve`, scripts/publish/preview.py).

- reading only the changed campaign's entry of campaigns.yml gives what reading the whole file
  gives (data and every position), for an edit in every campaign of the seed;
- the preview server, started on a copy of the seed site: a campaign's Russian summary changed
  and saved shows on the served page, rendered before the other pages (the listings, PDFs);
  an invalid date is reported in the terminal and as a banner on the open page, as `make
  validate` prints it, while the last good page is still served; once fixed, the page shows by
  itself again; after the edits, the preview's site is the site a full build of the same
  sources makes;
- the published build never has the preview's script.

How fast the page shows is measured by `make bench` (edit-to-preview latency), not here.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts.sources import yamlsource
from scripts.publish.preview import splice

from conftest import ROOT, run_cli

SEED_FILES = ("campaigns.yml", "lessons.yml", "redirects.yml", "translations.lock.yml")


def edit_value(text: str, src, path: tuple, insert: str) -> str:
    """``text`` with ``insert`` put at the start of the one-line scalar at ``path``."""
    pos = src.positions[path]
    lines = text.splitlines(keepends=True)
    line = lines[pos.line - 1]
    key_end = line.index(":", pos.col - 1) + 1
    value_at = len(line) - len(line[key_end:].lstrip(" "))
    if line[value_at] in "\"'":
        value_at += 1
    lines[pos.line - 1] = line[:value_at] + insert + line[value_at:]
    return "".join(lines)


def test_reading_one_changed_campaign_gives_what_reading_the_whole_file_gives():
    """For an edit inside each campaign of the seed: on one line, and one that adds lines
    (the positions after it move)."""
    text = (ROOT / "campaigns.yml").read_text(encoding="utf-8")
    src = yamlsource.loads(text, "campaigns.yml")
    for i, campaign in enumerate(src.data["campaigns"]):
        one_line = edit_value(text, src, ("campaigns", i, "slug"), "x")
        key = src.positions[("campaigns", i, "slug")]
        lines = text.splitlines(keepends=True)
        indent = " " * (key.col - 1)
        more_lines = "".join(lines[:key.line] + [f"{indent}# a comment\n", f"{indent}# another\n"] + lines[key.line:])
        for new in (one_line, more_lines):
            spliced = splice(text, src, new)
            assert spliced is not None, campaign["slug"]
            located, index = spliced
            whole = yamlsource.loads(new, "campaigns.yml")
            assert index == i
            assert located.data == whole.data
            assert located.positions == whole.positions


def test_a_change_outside_one_campaign_reads_the_whole_file():
    text = (ROOT / "campaigns.yml").read_text(encoding="utf-8")
    src = yamlsource.loads(text, "campaigns.yml")
    assert splice(text, src, text) is None
    assert splice(text, src, edit_value(text, src, ("site", "url"), "x")) is None
    first = src.positions[("campaigns", 0)].line
    second = src.positions[("campaigns", 1)].line
    lines = text.splitlines(keepends=True)
    # an edit across two campaigns, and a new campaign inside one campaign's lines
    across = "".join(lines[:second - 2] + ["    motto_x: a\n"] + lines[second - 1:second] + ["    x: 1\n"] + lines[second:])
    assert splice(text, src, across) is None
    indent = " " * (src.positions[("campaigns", 0)].col - 3)
    added = "".join(lines[:first] + [f"{indent}- slug: added\n"] + lines[first:])
    assert splice(text, src, added) is None
    # an entry whose dash moved to another column: alone it would read, in the file it does not
    dash_line = src.positions[("campaigns", 1)].line - 1
    moved = lines[:dash_line] + [" " + lines[dash_line]] + lines[dash_line + 1:]
    assert splice(text, src, "".join(moved)) is None


def test_a_campaign_page_from_its_own_data_is_the_page_from_all_the_data():
    """What the preview renders at once (scripts.publish.preview.page_data) is what the build renders,
    for every campaign of the seed, in every language."""
    from scripts.pages import render
    from scripts.sources import lessons
    from scripts.sources.model import LANGUAGES
    from scripts.publish.preview import page_data
    from scripts.sources.validate import load_data

    data = load_data(ROOT / "campaigns.yml")
    all_lessons = lessons.lessons_for(data, ROOT / "campaigns.yml")
    for campaign in data.campaigns:
        for lang in LANGUAGES:
            assert (render.render_campaign_page(page_data(data, campaign), campaign, lang, [], all_lessons)
                    == render.render_campaign_page(data, campaign, lang, [], all_lessons)), (campaign.slug, lang)


# ---------------------------------------------------------------- the server on a copy of the seed

def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _wait(what, seconds: float = 120, step: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("waited too long")


class Running:
    """The preview server as `make serve` runs it, on a copy of the seed's sources."""

    def __init__(self, tmp: Path, cache: Path):
        self.cache = cache
        self.sources = tmp / "sources"
        self.sources.mkdir()
        for name in SEED_FILES:
            shutil.copy(ROOT / name, self.sources / name)
        shutil.copytree(ROOT / "docs", self.sources / "docs")
        self.data = self.sources / "campaigns.yml"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scripts.publish.preview", "--data", str(self.data), "--docs", str(self.sources / "docs"),
             "--cache-dir", str(cache), "--port", "0"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.base = _wait(lambda: next((m[1] for line in self.lines
                                        if (m := re.search(r"Serving at (http://\S+/)", line))), None), 600)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def state(self) -> dict:
        return json.loads(_get(self.base + "__preview/state")[1])

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def running(tmp_path_factory, built_site):
    # a copy of the PDF cache the seed's build filled: the preview starts as it would on an
    # editor's machine after a first build, and lays out only what the edits change
    cache = tmp_path_factory.mktemp("preview-cache")
    if (ROOT / ".cache" / "pdf").is_dir():
        shutil.copytree(ROOT / ".cache" / "pdf", cache / "pdf")
    server = Running(tmp_path_factory.mktemp("preview"), cache)
    yield server
    server.stop()


def test_edit_invalid_fix_in_the_served_preview(running, tmp_path):
    from playwright import sync_api
    from test_browser import launch

    text = running.data.read_text(encoding="utf-8")
    src = yamlsource.loads(text, str(running.data))
    # the first campaign whose Russian summary is on one line (any campaign would do)
    i = next(i for i, c in enumerate(src.data["campaigns"])
             if c.get("summary", {}).get("ru") and "\n" not in c["summary"]["ru"])
    slug = src.data["campaigns"][i]["slug"]
    page = f"{running.base}ru/campaigns/{slug}/"
    status, html = _get(page)
    assert status == 200 and "/__preview/preview.js" in html

    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        tab = browser.new_page()
        tab.goto(page)

        # 1. a new Russian summary: the campaign's page first, the rest after it
        before = len(running.lines)
        running.data.write_text(edit_value(text, src, ("campaigns", i, "summary", "ru"), "Новое начало. "),
                                encoding="utf-8")
        _wait(lambda: "Новое начало." in _get(page)[1])
        tab.wait_for_function("document.body.innerText.includes('Новое начало.')", timeout=60_000)
        _wait(lambda: any("other pages and files" in line for line in running.lines[before:]), 300)
        told = running.lines[before:]
        first = next(n for n, line in enumerate(told) if line.startswith("Updated "))
        assert told[first].startswith(f"Updated ru/campaigns/{slug}/index.md")
        assert first < next(n for n, line in enumerate(told) if "other pages and files" in line)
        edited = running.data.read_text(encoding="utf-8")

        # 2. an invalid date: reported as `make validate` reports it; the last good page stays
        before = len(running.lines)
        start = src.positions[("campaigns", i, "period", "start")]
        lines = edited.splitlines(keepends=True)
        lines[start.line - 1] = re.sub(r"\d{4}-\d\d-\d\d", "2021-02-30", lines[start.line - 1], count=1)
        bad = "".join(lines)
        running.data.write_text(bad, encoding="utf-8")
        problems = _wait(lambda: running.state()["problems"])
        validate = run_cli("--data", str(running.data), "--docs", str(running.sources / "docs"), "validate")
        assert validate.returncode == 1
        expected = [line for line in validate.stderr.splitlines() if line.startswith(str(running.data))]
        assert expected and problems == expected
        assert f":{start.line}:" in problems[0]
        _wait(lambda: any(line == expected[0] for line in running.lines[before:]))  # the terminal
        status, html = _get(page)
        assert status == 200 and "Новое начало." in html
        banner = tab.locator("#preview-problems")
        banner.wait_for(timeout=30_000)
        assert expected[0] in banner.inner_text()
        assert "Новое начало." in tab.inner_text("article")

        # 3. fixed (and changed again): the page shows it by itself, without the banner
        running.data.write_text(edit_value(text, src, ("campaigns", i, "summary", "ru"), "Исправлено. "),
                                encoding="utf-8")
        _wait(lambda: "Исправлено." in _get(page)[1])
        tab.wait_for_function("document.body.innerText.includes('Исправлено.')", timeout=60_000)
        assert tab.locator("#preview-problems").count() == 0
        assert running.state()["problems"] == []
        browser.close()

    # 4. once it has done everything, the preview's site is what a full build makes
    _wait(lambda: sum("other pages and files" in line for line in running.lines) >= 2, 300)
    time.sleep(1)
    _wait(lambda: not running.state()["problems"])
    site = Path(running.state()["site"])
    full = tmp_path / "site"
    proc = run_cli("--data", str(running.data), "--docs", str(running.sources / "docs"), "build", "--no-offline",
                   "--site-dir", str(full), "--cache-dir", str(running.cache))
    assert proc.returncode == 0, proc.stderr
    # the preview keeps the search index of its last whole build (search works on the texts as
    # they were then): Pagefind's files are named by their content
    served = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}
    built = {p.relative_to(full).as_posix() for p in full.rglob("*") if p.is_file() and not p.relative_to(full).as_posix().startswith("pagefind/")}
    assert served == built
    assert (site / "pagefind" / "pagefind.js").is_file()
    differ = [rel for rel in sorted(served) if (site / rel).read_bytes() != (full / rel).read_bytes()]
    assert differ == []


def test_a_hand_written_page_and_a_new_campaign(running):
    """A page of docs/ shows at once; a new campaign (a new page in every language, a whole
    MkDocs build) shows once that build is served."""
    about = running.sources / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA paragraph added in the preview.\n", encoding="utf-8")
    _wait(lambda: "A paragraph added in the preview." in _get(running.base + "en/about/")[1])

    text = running.data.read_text(encoding="utf-8")
    src = yamlsource.loads(text, str(running.data))
    first, second = (src.positions[("campaigns", i)].line for i in (0, 1))
    lines = text.splitlines(keepends=True)
    slug = src.data["campaigns"][0]["slug"]
    entry = "".join(lines[first - 1:second - 1]).replace(f"slug: {slug}", f"slug: {slug}-copy", 1)
    assert f"slug: {slug}-copy" in entry
    running.data.write_text("".join(lines[:second - 1]) + entry + "".join(lines[second - 1:]), encoding="utf-8")
    for prefix in ("", "ru/", "en/"):
        _wait(lambda: _get(f"{running.base}{prefix}campaigns/{slug}-copy/")[0] == 200, 300)
    assert running.state()["problems"] == []


def test_the_published_build_has_no_preview_script(built_site):
    for page in built_site.rglob("*.html"):
        assert "__preview" not in page.read_text(encoding="utf-8"), page


def test_stopped_by_a_signal_the_preview_leaves_no_temporary_folder(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "scripts.publish.preview", "--port", "0"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _wait(lambda: any(tmp_path.glob("bala-preview-*")), 60)  # it has started its work
    proc.terminate()
    output, _ = proc.communicate(timeout=60)
    left = [str(p.relative_to(tmp_path)) for p in sorted(tmp_path.rglob("*"))][:20]
    assert not left, f"left behind: {left}\n{output[-3000:]}"


def test_a_stop_that_comes_during_the_fork_still_stops_the_child(tmp_path, monkeypatch):
    """The signal test above once failed on CI: a SIGTERM that arrived while the preview was
    forking its page generators was raised in the preview before it knew the child's
    number; the child went on writing into the folder the preview had just removed. Here
    the signal comes at exactly that moment, every time (processes.apart: the preview's children
    and the build's are forked by the same function)."""
    from scripts.publish import processes

    fork = os.fork

    def fork_then_signal():
        pid = fork()
        if pid:
            os.kill(os.getpid(), signal.SIGTERM)
        return pid

    def work():
        time.sleep(1)
        (tmp_path / "written-after-the-stop").write_text("x")

    before = signal.signal(signal.SIGTERM, processes._interrupt)
    try:
        monkeypatch.setattr(os, "fork", fork_then_signal)
        with pytest.raises(KeyboardInterrupt):
            processes.apart(work, lambda: False)
    finally:
        signal.signal(signal.SIGTERM, before)
    time.sleep(1.5)
    assert not (tmp_path / "written-after-the-stop").exists()
