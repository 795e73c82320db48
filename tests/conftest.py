import os
import posixpath
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run_cli(*args, cwd=ROOT):
    """Run the editors' command line as a separate process, as an editor would."""
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once from campaigns.yml for all tests that read it."""
    site = tmp_path_factory.mktemp("built") / "site"
    proc = run_cli("build", "--site-dir", str(site))
    assert proc.returncode == 0, proc.stderr
    return site


def site_pages(site: Path) -> list[Path]:
    """The built site's pages: its HTML files but those kept at old addresses to lead on."""
    from scripts.render import is_redirect

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
def new_campaign_site(tmp_path_factory):
    """The seed data plus one campaign as a new editor adds it (scripts/synthetic.new_campaign:
    a new slug, a new year, a region and a body used for the first time, an existing body in a
    year it had no activity, a weekly activity, a lesson), built once. The build date (set with
    SOURCE_DATE_EPOCH) is the first day of its weekly activity, so that it is on now."""
    import datetime as dt
    from types import SimpleNamespace

    from scripts.model import When
    from scripts.synthetic import write_new_campaign
    from scripts.validate import load_data

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
