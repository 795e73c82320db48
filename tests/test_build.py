"""Atomic builds: the site folder is replaced only by a complete new site; any failure leaves
the previous site exactly as it was, and no temporary folder behind."""
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, run_cli
from scripts.publish import build
from scripts.sources.validate import load_data


def previous_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    (site / "old" / "page.html").write_text("a page that no longer exists", encoding="utf-8")
    return site


def untouched(tmp_path: Path, site: Path, *others: str):
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert (site / "old" / "page.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", *others])  # no .build-* left


def test_a_failure_inside_mkdocs_keeps_the_previous_site(tmp_path):
    """The data is valid; MkDocs --strict fails late, on a broken link in a page."""
    site = previous_site(tmp_path)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    about = docs / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the archive](archive.md).\n", encoding="utf-8")
    proc = run_cli("--data", str(FIXTURES / "minimal.yml"), "--docs", str(docs), "build", "--site-dir", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "archive.md" in proc.stderr and "The previous site was left as it was." in proc.stderr
    untouched(tmp_path, site, "docs")


def test_a_generator_conflict_keeps_the_previous_site(tmp_path):
    site = previous_site(tmp_path)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for lang in ("kk", "ru", "en"):
        (docs / lang / "help.md").write_text("---\ntitle: Help\n---\n\n# Help\n", encoding="utf-8")
    proc = run_cli("--data", str(FIXTURES / "minimal.yml"), "--docs", str(docs), "build", "--site-dir", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "help.md is written by hand but the generator makes it too" in proc.stderr
    untouched(tmp_path, site, "docs")


def fake_mkdocs(config_file: Path, cache_dir: Path | None = None):
    """Stands in for MkDocs: writes a one-page site where the configuration says."""
    out = Path(yaml.safe_load(config_file.read_text(encoding="utf-8"))["site_dir"])
    out.mkdir()
    (out / "index.html").write_text("the new site", encoding="utf-8")


def test_an_unexpected_error_keeps_the_previous_site(tmp_path, monkeypatch):
    site = previous_site(tmp_path)

    def broken_generator(data, ctx):
        raise RuntimeError("a generator crashed")

    monkeypatch.setattr(build, "OUTPUTS", build.OUTPUTS + [broken_generator])
    with pytest.raises(RuntimeError):
        build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=site,
                         data_file=FIXTURES / "minimal.yml")
    untouched(tmp_path, site)


def no_search_index(site: Path) -> dict:
    """Stands in for Pagefind (the stand-in MkDocs' page is not one it can index)."""
    return {}


def test_a_failed_search_index_keeps_the_previous_site(tmp_path, monkeypatch):
    """Pagefind runs inside the build, before the swap: when it fails (here on the stand-in
    MkDocs' page, which has no <html> element), the build says so with Pagefind's own words and
    the previous site stays."""
    site = previous_site(tmp_path)
    monkeypatch.setattr(build, "run_mkdocs", fake_mkdocs)
    with pytest.raises(build.BuildFailed, match=r"(?s)search index could not be built: Pagefind stopped with exit "
                                                r"status 1.*not able to build an index"):
        build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=site,
                         data_file=FIXTURES / "minimal.yml", offline=False)
    untouched(tmp_path, site)


def test_a_failed_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    site = previous_site(tmp_path)
    monkeypatch.setattr(build, "run_mkdocs", fake_mkdocs)
    monkeypatch.setattr(build.search, "build_index", no_search_index)
    real_rename = Path.rename

    def rename(self, target):
        if Path(target) == site.resolve() and self.name == "site":
            raise OSError("the disk is full")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=site,
                         data_file=FIXTURES / "minimal.yml")
    untouched(tmp_path, site)


def test_a_successful_build_replaces_the_whole_site(tmp_path, monkeypatch):
    site = previous_site(tmp_path)
    monkeypatch.setattr(build, "run_mkdocs", fake_mkdocs)
    monkeypatch.setattr(build.search, "build_index", no_search_index)
    build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=site, data_file=FIXTURES / "minimal.yml")
    assert (site / "index.html").read_text(encoding="utf-8") == "the new site"
    assert not (site / "old").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_generators_run_in_a_child_process_that_hands_back_what_it_made(tmp_path, monkeypatch):
    """So that their memory is given back before MkDocs runs; what they made, their timings and
    their errors still reach the build."""
    import os

    from scripts.sources.validate import InvalidData, Problem
    from scripts.sources.yamlsource import Position

    def where(data, ctx):
        return {"en/where.md": f"---\ntitle: pid\n---\n\n{os.getpid()}\n"}

    seen = {}

    def mkdocs(config_file: Path, cache_dir: Path | None = None):
        docs = Path(yaml.safe_load(config_file.read_text(encoding="utf-8"))["docs_dir"])
        seen["pid"] = int((docs / "en" / "where.md").read_text(encoding="utf-8").split()[-1])
        fake_mkdocs(config_file)

    monkeypatch.setattr(build, "OUTPUTS", build.OUTPUTS + [where])
    monkeypatch.setattr(build, "run_mkdocs", mkdocs)
    monkeypatch.setattr(build.search, "build_index", no_search_index)
    timings = {}
    build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=tmp_path / "site",
                     data_file=FIXTURES / "minimal.yml", offline=False, timings=timings)
    assert seen["pid"] != os.getpid()
    assert [g["name"] for g in timings["generators"]][-1].endswith("where")

    problem = Problem(position=Position("campaigns.yml", 3, 1), path="campaigns[0]", message="a bad field")

    def invalid(data, ctx):
        raise InvalidData([problem])

    monkeypatch.setattr(build, "OUTPUTS", build.OUTPUTS[:-1] + [invalid])
    with pytest.raises(InvalidData) as raised:
        build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=tmp_path / "site2",
                         data_file=FIXTURES / "minimal.yml", offline=False)
    assert [str(p) for p in raised.value.problems] == ["campaigns.yml:3:1: campaigns[0]: a bad field"]
    assert not (tmp_path / "site2").exists()


def test_links_to_anchors_of_other_pages_are_still_checked(tmp_path):
    """scripts/publish/mkdocs_hooks.py lets a written page's text go; MkDocs checks links to anchors
    after every page is written, against the ids each page keeps, so a link to a missing anchor
    of another page still fails the build."""
    assert "scripts/publish/mkdocs_hooks.py" in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["hooks"]
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    about = docs / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the hotline](help.md#no-such-part).\n",
                     encoding="utf-8")
    proc = run_cli("--data", str(FIXTURES / "minimal.yml"), "--docs", str(docs), "build", "--no-offline",
                   "--site-dir", str(tmp_path / "site"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "#no-such-part" in proc.stderr and not (tmp_path / "site").exists()



def test_compiled_templates_are_kept_for_the_next_build(tmp_path, monkeypatch):
    """The generators' templates, compiled once, are read back by the next build (a fresh
    environment on the same folder compiles nothing); a folder that cannot be written only means compiling again."""
    from jinja2 import Environment

    from scripts.pages import templating

    env = templating.environment()
    monkeypatch.setattr(env, "bytecode_cache", env.bytecode_cache)  # put back after the test
    kept = tmp_path / "templates"
    templating.keep_compiled_templates(kept)
    name = sorted(env.list_templates(extensions=["j2"]))[0]
    env.overlay(cache_size=0, bytecode_cache=env.bytecode_cache).get_template(name)
    assert list(kept.iterdir()), "nothing kept"

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "compile", no_compiling)
    env.overlay(cache_size=0, bytecode_cache=env.bytecode_cache).get_template(name)
    monkeypatch.undo()
    monkeypatch.setattr(env, "bytecode_cache", env.bytecode_cache)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    templating.keep_compiled_templates(blocked)
    assert env.overlay(cache_size=0, bytecode_cache=env.bytecode_cache).get_template(name)  # compiled, not kept


def _session_processes(sid: int) -> list[str]:
    """The processes still running in session ``sid`` (those a command started, whatever their
    process group): their command lines."""
    left = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            fields = text[text.rindex(")") + 2:].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                left.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, ValueError):
            continue  # gone meanwhile
    return left


@pytest.mark.parametrize("phase", ["generators", "mkdocs"])
def test_a_build_stopped_by_sigterm_leaves_the_previous_site_and_nothing_running(tmp_path, phase):
    """A cancelled CI job or `timeout` stops `make build` with SIGTERM (not Ctrl+C). It stops
    while the page generators lay out PDFs (a child process with its PDF workers; an empty
    cache, so that they do) or while MkDocs runs: its children stop too, its work folder goes,
    nothing is left in the temporary folder (a PDF worker's copies of the fonts, 4 MB each,
    were), and the previous site stays, with a message and the exit status of a stop by
    SIGTERM (143)."""
    import os
    import signal
    import subprocess
    import sys
    import tempfile
    import time

    site = previous_site(tmp_path)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    # a temporary folder of its own, to see what is left in it (a short path: see apart)
    scratch = Path(tempfile.mkdtemp(prefix="t-"))
    cache = ["--cache-dir", str(tmp_path / "cache")] if phase == "generators" else []
    proc = subprocess.Popen([sys.executable, "-m", "scripts", "--data", str(FIXTURES / "minimal.yml"), "--docs",
                             str(docs), "build", "--site-dir", str(site), *cache],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(scratch)))
    # the moment: a PDF worker has started (WeasyPrint has copied its fonts), or MkDocs runs
    marker = (scratch, "*/weasyprint-*") if phase == "generators" else (tmp_path, ".build-*/mkdocs.yml")
    deadline = time.monotonic() + 120
    while not list(marker[0].glob(marker[1])):
        assert proc.poll() is None, f"the build ended before the {phase} ran: {proc.communicate()}"
        assert time.monotonic() < deadline, f"the {phase} did not start"
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, (proc.returncode, err)
    assert "build stopped (SIGTERM)" in err and "Traceback" not in err, err
    deadline = time.monotonic() + 10
    while (left := _session_processes(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"still running after the build stopped: {left}"
    assert not list(scratch.iterdir()), list(scratch.rglob("*"))[:5]
    scratch.rmdir()
    untouched(tmp_path, site, "docs", *(["cache"] if cache else []))
