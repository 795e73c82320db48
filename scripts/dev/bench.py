"""``make bench``: how fast and how big the build is, for the seed site and synthetic sites.

For each corpus (the seed campaigns.yml, then synthetic corpora of N campaigns made by
scripts/dev/synthetic.py) it runs, each as a separate process, measured from outside:

1. our full build (``python -m scripts build``: data, every generator — pages, PDFs, feeds,
   whatever OUTPUTS holds —, MkDocs, and the offline zips) with an empty cache;
2. the same build again with the cache it left (a rebuild: the PDFs come from the cache, as in
   any build that changed no printed text);
3. a bare Material + static-i18n build of the very same Markdown pages (kept by step 1):
   theme material without our overrides, plugins search and i18n with the same three
   languages, the same Markdown extensions, no nav (MkDocs lists every page), not strict.

4. the live preview (``python -m scripts.publish.preview``, what ``make serve`` runs) on a copy of the
   corpus, with the cache step 1 left: the time it takes to start, then, for a few edits of a
   campaign's Russian summary, the edit-to-preview latency (from saving the changed file to
   the served page containing the new text, polled every 20 ms over HTTP) and the time until
   everything else the edit touched (listings, posters, feeds) was updated too. Each edit is
   made once the preview has finished the previous one, as an editor's next save would be.

It prints wall-clock times, each phase the build reports (``--timings``), peak memory, what
the site holds by kind (pages, PDFs, feeds, zips, search index) and the ratios to the targets
of issues 9 and 24. For the search (issue 20) it prints the time Pagefind took to index the built
site, its index's size, and what a typical query costs a reader: the site served by the production
nginx configuration, one query per language typed in Debian's chromium with a cold cache, the
compressed bytes nginx sent for it; beside it, today's single-file index of every language that a
first query used to fetch whole (the bare build's search_index.json, compressed as nginx does).
Figures are printed, never asserted: speed depends on the machine.

    python -m scripts.dev.bench [--sizes 100,300] [--keep DIR] [--json FILE] [--preview-only]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path

import yaml

from ..sources import yamlsource
from ..sources.languages import SETTINGS
from ..sources.lessons import lessons_path
from ..sources.translations import lock_path
from ..pages.render import is_redirect
from ..publish.nginx import prepare_prefix, render_config

ROOT = Path(__file__).resolve().parents[2]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

# Targets from issue 9 (benchmark figures, not tests).
TARGET_AVG_HTML = 60 * 1024  # bytes, at the largest N
TARGET_RATIO = 1.2  # our build time per page / the bare baseline's
TARGET_GROWTH = 3.3  # t(300) / t(100)
TARGET_SEED_SECONDS = 15.0
TARGET_PEAK_BYTES = 1024 ** 3
# Targets from issue 24: edit-to-preview latency, on 2 cores.
TARGET_PREVIEW_SEED = 1.0  # seconds, the seed site
TARGET_PREVIEW_300 = 3.0  # seconds, N = 300
PREVIEW_EDITS = 3
TARGET_QUERY_BYTES = 300 * 1000  # a search query's bytes on the wire (issue 20), at N = 300


# ---------------------------------------------------------------- measuring a process

def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _memory(pid: int) -> int:
    """A process's proportional set size (PSS): its own pages plus its share of the pages it
    shares. Forked PDF workers share most of their parent's memory; the sum of their RSS would
    count those pages once per process, the sum of PSS counts them once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:  # no smaps_rollup (old kernels): RSS
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(pid: int) -> int:
    """The memory of a process and all its descendants at once (sum of PSS)."""
    children = _children_map()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _memory(p)
        todo.extend(children.get(p, []))
    return total


def run_measured(cmd: list[str], log: Path) -> dict:
    """Run ``cmd``; return its wall time, exit code, the peak RSS of its largest single process
    (from the kernel, exact) and the peak memory of its whole process tree at once (sum of PSS,
    sampled every 100 ms, so a short peak may be missed) and its CPU time, with that of the
    processes it left behind (on Linux: see _adopt_orphans)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    _adopt_orphans()
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        peak = [0]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime + _orphans_cpu()
    return {"seconds": wall, "exit": proc.returncode, "max_rss": usage.ru_maxrss * 1024,
            "tree_rss": peak[0], "cpu": cpu}


@lru_cache(maxsize=1)
def _adopt_orphans() -> bool:
    """Make this process the one that collects its descendants left without a parent (Linux's
    "child subreaper"). A build's PDF workers are forked by multiprocessing's forkserver,
    which the build never waits for: without this, the workers' CPU time would be counted
    nowhere, and the CPU time of a full build would leave out most of its PDF layout."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _orphans_cpu() -> float:
    """Wait for the descendants a finished build left behind (they came to this process, see
    _adopt_orphans; the forkserver ends once the build has gone) and return their CPU time,
    with that of the processes they waited for (the forkserver's workers). None came when this
    process could not adopt them: then there is nothing to wait for. A build that left a
    process running for good would keep the benchmark waiting here."""
    total = 0.0
    while True:
        try:
            _, _, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        total += usage.ru_utime + usage.ru_stime
    return total


# ---------------------------------------------------------------- what a site holds

def inventory(site: Path) -> dict:
    html = []
    kinds: dict[str, list[int]] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            if is_redirect(path):  # a few hundred bytes at an old address: not a page to average
                kinds.setdefault("redirect", []).append(size)
            elif path.name != "404.html":
                html.append((size, rel))
            continue
        kind = {".pdf": "pdf", ".ics": "ics", ".zip": "zip"}.get(path.suffix)
        if rel == "search/search_index.json":
            kind = "search index"
        elif rel.startswith("pagefind/"):
            kind = "pagefind"
        kinds.setdefault(kind or "other", []).append(size)
    html.sort()
    return {
        "pages": len(html),
        "html_total": sum(s for s, _ in html),
        "html_avg": sum(s for s, _ in html) / len(html) if html else 0,
        "html_max": html[-1][0] if html else 0,
        "html_max_page": html[-1][1] if html else "",
        "kinds": {k: {"count": len(v), "bytes": sum(v), "max": max(v)} for k, v in sorted(kinds.items())},
        "total_bytes": sum(s for s, _ in html) + sum(sum(v) for v in kinds.values()),
    }


CAMPAIGN_PAGE_ELEMENTS = 800  # a campaign page's budget (issue 18); the browser test holds it for the seed


def campaign_pages(site: Path) -> dict:
    """The campaign pages (``[lang/]campaigns/<slug>/index.html``) of a built site: the one with
    the most HTML elements (what the browser's DOM holds, but for the few it adds, such as a
    <tbody> the HTML leaves out), and the one with the most bytes."""
    # lxml only for this measurement: imported here to keep the benchmark's start light
    from lxml import html as lxml_html

    prefixes = sorted((s.prefix for s in SETTINGS.values()), key=len, reverse=True)
    most_elements, most_bytes = (0, 0, ""), (0, "")
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        below = next(rel[len(p):] for p in prefixes if rel.startswith(p))
        parts = below.split("/")
        if len(parts) != 3 or parts[0] != "campaigns" or parts[1] in ("year", "region") or is_redirect(path):
            continue
        content = path.read_bytes()
        elements = sum(1 for el in lxml_html.document_fromstring(content).iter() if isinstance(el.tag, str))
        most_elements = max(most_elements, (elements, len(content), rel))
        most_bytes = max(most_bytes, (len(content), rel))
    return {"elements": most_elements[0], "elements_bytes": most_elements[1], "elements_page": most_elements[2],
            "bytes": most_bytes[0], "bytes_page": most_bytes[1]}


# ---------------------------------------------------------------- the bare baseline

def bare_config(docs: Path, site: Path, theme_dir: Path) -> dict:
    """The baseline's configuration. Material has no Kazakh interface strings, so the one file
    that gives them (overrides/partials/languages/kk.html) is its only addition."""
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme_dir.mkdir(parents=True, exist_ok=True)
    for partial in (ROOT / "overrides" / "partials" / "languages").glob("*.html"):
        (theme_dir / "partials" / "languages").mkdir(parents=True, exist_ok=True)
        shutil.copy2(partial, theme_dir / "partials" / "languages" / partial.name)
    i18n = next(p["i18n"] for p in ours["plugins"] if isinstance(p, dict) and "i18n" in p)
    languages = [{k: lang[k] for k in ("locale", "name", "default", "build") if k in lang}
                 for lang in i18n["languages"]]
    return {
        "site_name": "Baseline",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "theme": {"name": "material", "custom_dir": str(theme_dir)},
        "markdown_extensions": ours.get("markdown_extensions", []),
        "plugins": ["search", {"i18n": {"docs_structure": "folder", "languages": languages}}],
    }


def markdown_only(docs: Path, target: Path) -> int:
    """Copy the Markdown pages only (the baseline is a build of pages, not of PDFs or feeds)."""
    n = 0
    for path in docs.rglob("*.md"):
        dest = target / path.relative_to(docs)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
        n += 1
    return n


# ---------------------------------------------------------------- one corpus

def bench_corpus(label: str, data_file: Path, work: Path, preview_only: bool = False) -> dict:
    work.mkdir(parents=True)
    py = sys.executable
    result: dict = {"label": label}
    if preview_only:  # the preview's own first build fills the cache
        result["preview"] = bench_preview(label, data_file, work, work / "cache")
        result["preview"]["cache"] = "empty at its start"
        return result

    def ours(name: str, *extra: str) -> dict:
        timings = work / f"{name}-timings.json"
        run = run_measured([py, "-m", "scripts", "--data", str(data_file), "build",
                            "--site-dir", str(work / name), "--cache-dir", str(work / "cache"),
                            "--timings", str(timings), *extra], work / f"{name}.log")
        if run["exit"] != 0:
            sys.exit(f"bench: our build of {label} failed; see {work / (name + '.log')}:\n"
                     + (work / f"{name}.log").read_text(encoding="utf-8")[-3000:])
        run["phases"] = json.loads(timings.read_text(encoding="utf-8"))
        return run

    result["full"] = ours("site", "--keep-docs", str(work / "docs"))
    result["site"] = inventory(work / "site")
    result["campaign_pages"] = campaign_pages(work / "site")
    result["rebuild"] = ours("site-rebuild")

    bare_docs = work / "bare-docs"
    result["markdown_pages"] = markdown_only(work / "docs", bare_docs)
    config = work / "bare-mkdocs.yml"
    config.write_text(yaml.safe_dump(bare_config(bare_docs, work / "bare-site", work / "bare-theme"),
                                     allow_unicode=True),
                      encoding="utf-8")
    bare = run_measured([py, "-m", "mkdocs", "build", "--quiet", "-f", str(config)], work / "bare.log")
    if bare["exit"] != 0:
        sys.exit(f"bench: the bare baseline of {label} failed:\n"
                 + (work / "bare.log").read_text(encoding="utf-8")[-3000:])
    result["bare"] = bare
    result["bare_site"] = inventory(work / "bare-site")
    single = work / "bare-site" / "search" / "search_index.json"
    if single.exists():
        result["single_index_gzip"] = len(gzip.compress(single.read_bytes(), compresslevel=6))
    result["queries"] = query_bytes(work / "site", work / "nginx")
    _orphans_cpu()  # what chromium left to this process: collected here, not counted in a build
    result["preview"] = bench_preview(label, data_file, work, work / "cache")
    result["preview"]["cache"] = "the builds' PDF cache"
    return result


# ---------------------------------------------------------------- the live preview

def insert_into_value(text: str, located, path: tuple, insert: str) -> str:
    """``text`` (a YAML file) with ``insert`` put at the start of the one-line scalar at
    ``path`` (located: yamlsource.Located of ``text``)."""
    pos = located.positions[path]
    lines = text.splitlines(keepends=True)
    line = lines[pos.line - 1]
    key_end = line.index(":", pos.col - 1) + 1
    at = len(line) - len(line[key_end:].lstrip(" "))
    if line[at] in "\"'":
        at += 1
    lines[pos.line - 1] = line[:at] + insert + line[at:]
    return "".join(lines)


def _get(url: str) -> str:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            return resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.read().decode("utf-8")
    except OSError:
        return ""


def bench_preview(label: str, data_file: Path, work: Path, cache: Path) -> dict:
    """Start the preview on a copy of ``data_file`` (and the files beside it), edit a
    campaign's Russian summary PREVIEW_EDITS times, and time each edit until the served page
    shows it and until the preview has done everything the edit touched."""
    src_dir = work / "preview-sources"
    src_dir.mkdir(parents=True)
    data = src_dir / data_file.name
    for f in (data_file, lessons_path(data_file), data_file.parent / "redirects.yml", lock_path(data_file)):
        if f.exists():
            shutil.copy(f, src_dir / f.name)
    text = data.read_text(encoding="utf-8")
    located = yamlsource.loads(text, str(data))
    campaigns = located.data["campaigns"]
    with_summary = [i for i, c in enumerate(campaigns) if "\n" not in (c.get("summary") or {}).get("ru", "\n")]
    index = with_summary[len(with_summary) // 2]  # one in the middle of the file
    slug = campaigns[index]["slug"]
    log = open(work / "preview.log", "w", encoding="utf-8")
    lines: list[str] = []
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "scripts.publish.preview", "--data", str(data), "--docs", str(ROOT / "docs"),
                             "--cache-dir", str(cache), "--port", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def read():
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            log.write(line)
            log.flush()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def wait_for(test, what: str, seconds: float = 1800):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if proc.poll() is not None and not reader.is_alive():
                break
            value = test()
            if value:
                return value
            time.sleep(0.02)
        proc.kill()
        sys.exit(f"bench: the preview of {label} did not {what}; see {work / 'preview.log'}")

    result: dict = {"slug": slug, "edits": []}
    try:
        base = wait_for(lambda: next((line.split("Serving at ", 1)[1].split()[0] for line in lines
                                      if line.startswith("Serving at ")), None), "start")
        result["start"] = time.perf_counter() - started
        page = f"{base}ru/campaigns/{slug}/"
        for n in range(1, PREVIEW_EDITS + 1):
            marker = f"Правка {n}. "
            done_before = sum("other pages and files" in line for line in lines)
            edited = insert_into_value(text, located, ("campaigns", index, "summary", "ru"), marker)
            saved = time.perf_counter()
            data.write_text(edited, encoding="utf-8")
            wait_for(lambda: marker in _get(page), f"show edit {n}")
            shown = time.perf_counter() - saved
            wait_for(lambda: sum("other pages and files" in line for line in lines) > done_before,
                     f"finish edit {n}")
            result["edits"].append({"shown": shown, "everything": time.perf_counter() - saved})
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return result


# ---------------------------------------------------------------- what a search query costs

# One typical query per language: words of the seed campaigns, which the synthetic ones repeat.
TYPICAL_QUERIES = {"kk": "сенім телефоны", "ru": "телефон доверия", "en": "child labour"}


def query_bytes(site: Path, prefix: Path) -> list[dict]:
    """Each typical query typed into the search box of ``site`` served by the production nginx
    configuration, in Debian's chromium with a cold cache: the bytes nginx sent for it. An empty
    list (with the reason printed) when nginx, chromium or Playwright is missing."""
    import socket

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    try:
        # Playwright is heavy and optional here: imported only when the search is measured
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("bench: Playwright is missing: no search query measured", file=sys.stderr)
        return []
    if not Path(nginx).exists() or not Path("/usr/bin/chromium").exists():
        print("bench: nginx or chromium is missing (make system-deps): no search query measured", file=sys.stderr)
        return []
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    prefix.mkdir(parents=True, exist_ok=True)
    prepare_prefix(prefix)
    conf = prefix / "nginx.conf"
    conf.write_text(render_config(site, f"127.0.0.1:{port}", prefix), encoding="utf-8")
    server = subprocess.Popen([nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf),
                               "-g", "daemon off; master_process off;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = prefix / "access.log"
    rows = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                          args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
            try:
                for lang, query in TYPICAL_QUERIES.items():
                    context = chromium.new_context(viewport={"width": 360, "height": 640})
                    page = context.new_page()
                    page.goto(f"http://127.0.0.1:{port}/{SETTINGS[lang].prefix}help/", wait_until="load")
                    start = log.stat().st_size
                    page.locator("label.md-header__button[for=__search]").click()
                    page.locator("[data-site-search-input]").fill(query)
                    page.wait_for_function("() => !document.querySelector('[data-site-search-results]')"
                                           ".hasAttribute('aria-busy')", timeout=60000)
                    results = page.locator(".site-search__hit").count()
                    page.wait_for_timeout(300)
                    with open(log, encoding="utf-8") as fh:
                        fh.seek(start)
                        lines = [ln for ln in fh.read().splitlines() if ln.strip()]
                    rows.append({"lang": lang, "query": query, "results": results, "requests": len(lines),
                                 "bytes": sum(int(ln.rsplit(" ", 1)[1]) for ln in lines)})
                    context.close()
            finally:
                chromium.close()
    finally:
        server.terminate()
        server.wait()
    return rows


# ---------------------------------------------------------------- printing

def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def report_preview(r: dict) -> list[str]:
    p = r["preview"]
    shown = ", ".join(f"{e['shown']:.2f} s" for e in p["edits"])
    everything = ", ".join(f"{e['everything']:.1f} s" for e in p["edits"])
    return [f"  live preview (make serve)       started in {p['start']:.1f} s ({p.get('cache', 'PDF cache kept')});"
            f" {len(p['edits'])} edits of the Russian summary of {p['slug']}:",
            f"    edit-to-preview latency       {shown}  (saved -> the served page shows it)",
            f"    everything the edit touched   {everything}  (listings, posters, feeds, translation notices)"]


def report_corpus(r: dict) -> list[str]:
    if "full" not in r:
        return [f"== {r['label']}; load average before: {r['load_before']:.1f}"] + report_preview(r)
    full, site, bare, bare_site = r["full"], r["site"], r["bare"], r["bare_site"]
    ph = full["phases"]
    lines = [f"== {r['label']}: {site['pages']} HTML pages ({r['markdown_pages']} Markdown pages);"
             f" load average before: {r['load_before']:.1f}"]
    lines.append(f"  our full build (cold cache)    {full['seconds']:6.1f} s wall, {full['cpu']:6.1f} s CPU")
    lines.append(f"    load + validate data        {ph.get('load', 0):6.2f} s")
    for g in ph.get("generators", []):
        files = ", ".join(f"{n} .{ext}" for ext, n in g["files"].items()) or "no files"
        lines.append(f"    generator {g['name']:<36}{g['seconds']:6.2f} s  ({files})")
    lines.append(f"    MkDocs, all languages       {ph.get('mkdocs', 0):6.2f} s")
    if "offline" in ph:
        langs = ", ".join(f"{k} {v:.1f} s" for k, v in ph.get("offline_langs", {}).items())
        lines.append(f"    offline copies (zips)       {ph['offline']:6.2f} s  ({langs}; made from the built site)")
    lines.append("    (PDFs and feeds are timed as the generators that make them, above; a generator that"
                 " makes several kinds is timed as a whole)")
    re_ = r["rebuild"]
    lines.append(f"  rebuild with the cache kept     {re_['seconds']:6.1f} s wall, {re_['cpu']:6.1f} s CPU"
                 f"  (MkDocs {re_['phases'].get('mkdocs', 0):.1f} s)")
    lines.append(f"  bare Material + static-i18n     {bare['seconds']:6.1f} s wall, {bare['cpu']:6.1f} s CPU  (same Markdown pages, no nav, not strict; Kazakh theme strings only)")
    lines.append(f"  ratio ours / bare               {full['seconds'] / bare['seconds']:6.2f}  (full build, PDFs laid out);"
                 f" {re_['seconds'] / bare['seconds']:.2f} (rebuild, PDFs from the cache);"
                 f" CPU time {full['cpu'] / bare['cpu']:.2f} / {re_['cpu'] / bare['cpu']:.2f}")
    lines.append(f"  peak memory                     {mb(full['max_rss'])} largest process,"
                 f" {mb(full['tree_rss'])} whole build at once (sum of PSS, sampled); bare: {mb(bare['max_rss'])}")
    lines.append(f"  HTML per page                   average {kb(site['html_avg'])}, largest {kb(site['html_max'])}"
                 f" ({site['html_max_page']}); total {mb(site['html_total'])}")
    cp = r.get("campaign_pages")
    if cp and cp["elements_page"]:
        lines.append(f"  largest campaign page           {cp['elements']:,} elements (budget {CAMPAIGN_PAGE_ELEMENTS}),"
                     f" {kb(cp['elements_bytes'])} HTML ({cp['elements_page']}); most bytes {kb(cp['bytes'])}"
                     f" ({cp['bytes_page']})")
    lines.append(f"  bare HTML per page              average {kb(bare_site['html_avg'])}, largest"
                 f" {kb(bare_site['html_max'])}; total {mb(bare_site['html_total'])}")
    kinds = site["kinds"]
    pf, search = kinds.get("pagefind"), ph.get("search_index", {})
    single = bare_site["kinds"].get("search index", {}).get("bytes", 0)
    lines.append(f"  search index (Pagefind)         {search.get('seconds', 0):6.2f} s to index {search.get('pages', 0)} pages;"
                 f" {pf['count'] if pf else 0} files, {mb(pf['bytes']) if pf else 'none'} in all languages")
    lines.append(f"    today's single index          {mb(ph.get('single_search_index_bytes', 0))} (ours, every language;"
                 f" kept for the offline copies only); bare build's {mb(single)},"
                 f" {mb(r.get('single_index_gzip', 0))} compressed: what a first query fetched whole")
    for q in r.get("queries", []):
        lines.append(f"    a query, cold cache           {q['lang']} «{q['query']}»: {kb(q['bytes'])} in {q['requests']}"
                     f" requests ({q['results']} results shown)")
    for kind, label in (("pdf", "PDFs"), ("ics", "calendar feeds (.ics)"), ("zip", "offline zips"),
                        ("redirect", "pages at old addresses")):
        k = kinds.get(kind)
        if k:
            lines.append(f"  {label:<31} {k['count']} files, {mb(k['bytes'])} (largest {mb(k['max'])})")
        else:
            lines.append(f"  {label:<31} none in this build")
    lines.append(f"  whole site                      {mb(site['total_bytes'])}")
    return lines + (report_preview(r) if "preview" in r else [])


def verdict(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"


def preview_summary(results: list[dict]) -> list[str]:
    """Issue 24's targets: the slowest of the edits, for the seed site and at N = 300."""
    lines = ["== targets (issue 24): edit-to-preview latency, the slowest edit"]
    for r in results:
        if "preview" not in r:
            continue
        worst = max(e["shown"] for e in r["preview"]["edits"])
        target = TARGET_PREVIEW_SEED if r["label"] == "seed" else TARGET_PREVIEW_300 if r.get("n") == 300 else None
        if target is None:
            lines.append(f"  {r['label']}: {worst:.2f} s (for comparison: targets are set for the seed and N = 300)")
        else:
            lines.append(f"  {r['label']}: {worst:.2f} s (≤ {target:.0f} s): {verdict(worst <= target)}")
    return lines


def summary(results: list[dict]) -> list[str]:
    results = [r for r in results if "full" in r]
    if not results:
        return []
    lines = ["== targets (issue 9)"]
    seed = next((r for r in results if r["label"] == "seed"), None)
    synth = {r["n"]: r for r in results if "n" in r}
    if seed:
        t, again = seed["full"]["seconds"], seed["rebuild"]["seconds"]
        bare = seed["bare"]["seconds"]
        lines.append(f"  seed full build {t:.1f} s, PDFs laid out (≤ {TARGET_SEED_SECONDS:.0f} s):"
                     f" {verdict(t <= TARGET_SEED_SECONDS)}; rebuild {again:.1f} s: {verdict(again <= TARGET_SEED_SECONDS)}"
                     f" (bare Material alone on the same pages: {bare:.1f} s)")
    if synth:
        big = synth[max(synth)]
        avg = big["site"]["html_avg"]
        lines.append(f"  average HTML page at N = {big['n']}: {kb(avg)} (≤ {kb(TARGET_AVG_HTML)}):"
                     f" {verdict(avg <= TARGET_AVG_HTML)}")
    for r in results:  # the target is set at the largest N; the others are shown beside it
        ratio = r["full"]["seconds"] / r["bare"]["seconds"]
        again = r["rebuild"]["seconds"] / r["bare"]["seconds"]
        if synth and r is synth[max(synth)]:
            lines.append(f"  build time per page / bare, {r['label']}: full {ratio:.2f} (≤ {TARGET_RATIO}):"
                         f" {verdict(ratio <= TARGET_RATIO)}; rebuild {again:.2f}: {verdict(again <= TARGET_RATIO)}")
        else:
            lines.append(f"  build time per page / bare, {r['label']}: full {ratio:.2f}, rebuild {again:.2f}"
                         f" (for comparison: the target of {TARGET_RATIO} is set at the largest N)")
    if 100 in synth and 300 in synth:
        growth = synth[300]["full"]["seconds"] / synth[100]["full"]["seconds"]
        lines.append(f"  growth t(300) / t(100): {growth:.2f} (≤ {TARGET_GROWTH}): {verdict(growth <= TARGET_GROWTH)}")
    peak = max(max(r["full"]["max_rss"], r["full"]["tree_rss"]) for r in results)
    lines.append(f"  peak memory: {mb(peak)} (≤ {mb(TARGET_PEAK_BYTES)}): {verdict(peak <= TARGET_PEAK_BYTES)}")
    lines.append("== search (issue 20): a query with a cold cache, everything it fetches, compressed")
    for r in results:
        spent = [q["bytes"] for q in r.get("queries", [])]
        if spent:
            lines.append(f"  {r['label']}: at most {kb(max(spent))} (≤ {kb(TARGET_QUERY_BYTES)}):"
                         f" {verdict(max(spent) <= TARGET_QUERY_BYTES)}; the single index it replaces:"
                         f" {mb(r.get('single_index_gzip', 0))} compressed")
        else:
            lines.append(f"  {r['label']}: not measured (see above)")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.dev.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,300", help="synthetic corpus sizes (default 100,300)")
    parser.add_argument("--keep", type=Path, help="keep the built sites in this folder (default: removed)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--preview-only", action="store_true",
                        help="only the live preview's figures (no full, rebuild or bare builds)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    m = machine()
    head = [f"make bench — {time.strftime('%Y-%m-%d %H:%M')}",
            f"machine: {m['nproc']} cores ({m['cpu']}), {m['memory'] / 1024 ** 3:.1f} GiB memory,"
            f" {m['system']}, Python {m['python']}"]
    head.append("Times are wall clock unless marked CPU; other work on the machine lengthens wall times"
                " (CPU times are less affected). Each corpus shows the load average (1 min) before it ran.")
    print("\n".join(head), flush=True)
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the folder is not empty")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    results = []
    try:
        corpora = [("seed", ROOT / "campaigns.yml", None)]
        for n in sizes:
            data = work / f"data-{n}" / "campaigns.yml"  # a folder each: its lessons.yml goes beside it
            data.parent.mkdir(parents=True, exist_ok=True)
            # in a child process: this process stays small, and a forked child's peak memory
            # (which counts what it shares with its parent before exec) is the build's own
            subprocess.run([sys.executable, "-m", "scripts.dev.synthetic", str(n), str(data)],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            corpora.append((f"synthetic N = {n}", data, n))
        for label, data, n in corpora:
            print(f"… building {label}", file=sys.stderr, flush=True)
            load = os.getloadavg()[0]
            r = bench_corpus(label, data, work / label.replace(" ", "").replace("=", "-"), args.preview_only)
            r["load_before"] = load
            if n is not None:
                r["n"] = n
            results.append(r)
            print("\n".join(report_corpus(r)), flush=True)
        print("\n".join(summary(results) + preview_summary(results)))
        if args.json:
            args.json.write_text(json.dumps({"machine": m, "results": results}, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
