import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_configure(config):
    """Each parallel test process (pytest-xdist worker) gets a temporary folder of its own
    (TMPDIR, inherited by the processes it starts): a test that checks what is left in the
    temporary folder (test_pdf) then sees only what its own process left, not the files of the
    other test processes working at the same time. It lies beside the process's basetemp, so
    pytest removes it with the run's other folders (keeping the last three runs')."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and config.option.basetemp:
        private = Path(config.option.basetemp).parent / f"tmp-{worker}"
        private.mkdir(parents=True, exist_ok=True)
        os.environ["TMPDIR"] = str(private)
        tempfile.tempdir = None


def run_cli(*args, cwd=ROOT, env: dict | None = None):
    """Run the editors' command line as a separate process, as an editor would. ``env``: variables
    to set for it (e.g. SOURCE_DATE_EPOCH)."""
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, **env) if env else None)


def validate_here(*args) -> subprocess.CompletedProcess:
    """``python -m scripts [ARGS…]`` (a ``validate``) run in this process, with the exit status
    and output ``run_cli`` gives: for the tests that try many bad inputs, each without a new
    interpreter's second of start-up. An error that would print a traceback there raises here.
    Each module that uses it also runs the command as a separate process at least once."""
    import contextlib
    import io

    from scripts.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return subprocess.CompletedProcess([sys.executable, "-m", "scripts", *args], status, out.getvalue(), err.getvalue())


# ------------------------------------------------------------------ what the session builds once
# `make test` runs the tests in parallel (pytest-xdist, one process per core). A session fixture
# runs once per process, so a site every process needs would be built once per process. Each
# kind of site is built once per test session instead, by the first process that asks for it,
# under a file lock; the others wait for it and read the same folder (pytest-xdist's documented
# recipe, "Making session-scoped fixtures execute only once"). Building a new kind of site for
# tests: a session fixture that calls ``shared_site`` (or ``shared``) with a name of its own.

def _shared_root(tmp_path_factory, worker_id: str) -> Path:
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent  # the folder every worker's lies in


def shared(tmp_path_factory, worker_id: str, name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name``, made once per test session by ``make(folder)`` in whichever test
    process asks first; every process gets the same folder. When ``make`` failed, every test that
    asks fails with its message (it is not tried again)."""
    folder = _shared_root(tmp_path_factory, worker_id) / f"shared-{name}"
    with FileLock(f"{folder}.lock"):
        failed = folder.with_name(folder.name + ".failed")
        if failed.exists():
            pytest.fail(f"making {name} failed (in another test process):\n{failed.read_text(encoding='utf-8')}")
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            try:
                make(folder)
            except BaseException as exc:
                failed.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
                raise
            (folder / ".made").touch()
    return folder


def shared_site(tmp_path_factory, worker_id: str, name: str, *args: str, env: dict | None = None,
                prepare: Callable[[Path], list[str]] | None = None) -> Path:
    """A site built once per test session by ``python -m scripts [ARGS…] --site-dir …`` (see
    ``shared``). ``prepare(folder)`` may write sources into the folder first and return more
    arguments (e.g. ``["--data", …]`` placed before ``build``). Returns the site folder."""
    def make(folder: Path) -> None:
        before = prepare(folder) if prepare else []
        proc = run_cli(*before, *args, "--site-dir", str(folder / "site"), env=env)
        assert proc.returncode == 0, proc.stderr

    return shared(tmp_path_factory, worker_id, name, make) / "site"


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory, worker_id):
    """The real site, built once from campaigns.yml for all tests that read it."""
    return shared_site(tmp_path_factory, worker_id, "seed", "build")


@pytest.fixture(scope="session")
def built_site(seed_site):
    """The site a module's tests read: the real one (``seed_site``), unless the module gives
    another (test_new_campaign.py serves the new campaign's to test_browser's tests)."""
    return seed_site


def seed_site_on(tmp_path_factory, worker_id, seed_site: Path, day) -> Path:
    """The real site built for ``day`` (SOURCE_DATE_EPOCH: noon UTC), without the offline
    zips, once per test session and day. ``seed_site``: asked for first, so that this build
    finds every PDF in the cache the seed build filled (the repository's .cache/, which both
    use) instead of laying them out a second time at the same time."""
    import datetime as dt

    assert seed_site.is_dir()
    epoch = int(dt.datetime.combine(day, dt.time(12), dt.timezone.utc).timestamp())
    return shared_site(tmp_path_factory, worker_id, f"seed-on-{day.isoformat()}", "build", "--no-offline",
                       env={"SOURCE_DATE_EPOCH": str(epoch)})


def site_pages(site: Path) -> list[Path]:
    """The built site's pages: its HTML files but those kept at old addresses to lead on."""
    from scripts.pages.render import is_redirect

    return [p for p in sorted(site.rglob("*.html")) if not is_redirect(p)]


def resolve_link(site: Path, page_url: str, href: str) -> Path | None:
    """The file a relative link on the page at ``page_url`` (site-relative folder, "" or ending
    with /) opens; None for an anchor on the same page."""
    href = href.split("#", 1)[0]
    if not href:
        return None
    target = posixpath.normpath(posixpath.join(page_url, href))
    path = site / target
    return path / "index.html" if href.endswith("/") or path.is_dir() else path


def crawl(site: Path, start: str, below: str, links: str = "article a[href]"):
    """Follow the links of the page at ``start`` (site-relative folder ending with /) to every
    page it reaches whose folder is below ``below`` (its listing sub-pages). Returns (the pages
    visited, every file their ``links`` open, [(page, href) of links that open nothing]).
    Absolute URLs count as broken: these pages link only within the site."""
    from bs4 import BeautifulSoup

    root = site.resolve()
    seen, targets, broken, todo = set(), set(), [], [start]
    while todo:
        page_url = todo.pop()
        if page_url in seen:
            continue
        seen.add(page_url)
        soup = BeautifulSoup((site / page_url / "index.html").read_text(encoding="utf-8"), "html.parser")
        for a in soup.select(links):
            href = a["href"]
            if href.startswith(("#", "tel:", "mailto:")):
                continue
            file = resolve_link(site, page_url, href) if "://" not in href else None
            if file is None or not file.is_file():
                broken.append((page_url, href))
                continue
            file = file.resolve()
            targets.add(file)
            rel = file.relative_to(root).as_posix()
            if rel.endswith("/index.html") or rel == "index.html":
                folder = rel[: -len("index.html")]
                if folder.startswith(below):
                    todo.append(folder)
    return seen, targets, broken


@pytest.fixture(scope="session")
def new_campaign_site(tmp_path_factory, seed_site):
    """The seed data plus one campaign as a new editor adds it (scripts/synthetic.new_campaign:
    a new slug, a new year, a region and a body used for the first time, an existing body in a
    year it had no activity, a weekly activity, a lesson), built once. The build date (set with
    SOURCE_DATE_EPOCH) is the first day of its weekly activity, so that it is on now. Built after
    the seed site (``seed_site``), whose PDFs it then finds in the cache they share."""
    import datetime as dt
    from types import SimpleNamespace

    from scripts.sources.model import When
    from scripts.dev.synthetic import write_new_campaign
    from scripts.sources.validate import load_data

    folder = tmp_path_factory.mktemp("new-campaign")
    facts = write_new_campaign(folder / "data")
    data = load_data(facts["data"])
    campaign = next(c for c in data.campaigns if c.slug == facts["slug"])
    weekly = next(a.when for a in campaign.activities() if a.when and a.when.kind == "weekly")
    today = weekly.occurrences()[0]
    epoch = int(dt.datetime.combine(today, dt.time(12), dt.timezone.utc).timestamp())
    site = folder / "site"
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    proc = subprocess.run([sys.executable, "-m", "scripts", "--data", str(facts["data"]), "--docs", str(ROOT / "docs"),
                           "build", "--site-dir", str(site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert proc.returncode == 0, proc.stderr
    assert isinstance(weekly, When)
    return SimpleNamespace(site=site, today=today, epoch=epoch, **{**facts, "data_file": facts["data"], "data": data})
