"""`make audit`: Lighthouse on one page of every kind, in every language, on a phone and on a
desktop, served by the production nginx configuration (deploy/nginx.conf.j2).

Lighthouse is the version pinned in tools/package.json, installed from npm by the Makefile into
tools/node_modules (not committed); it drives Debian's chromium (CHROME_PATH, never a downloaded
browser), started once here and reused for every run. Chromium is told that every host but
127.0.0.1 does not exist, so a page cannot reach the internet during the audit.

Prints a table of the four scores of every page and form factor, then every failing audit, and
exits with status 1 when an accessibility, best-practices or SEO score is below 100 or a
performance score below 95. Performance is measured with Lighthouse's simulated throttling
(a mid-range phone on a slow 4G network; a desktop on cable), but the page's own work is timed on
this machine: on a busy machine it scores lower.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..sources.languages import SETTINGS
from ..publish.nginx import free_port, running

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "tools" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
THRESHOLDS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
FORM_FACTORS = ("phone", "desktop")

# One page of every kind, by its path below a language's root (a glob: the first match is used);
# the browser tests visit the same kinds (tests/test_browser.py reads this list).
PAGE_KINDS = {
    "home": "",
    "campaigns index": "campaigns/",
    "campaign": "campaigns/*/",
    "campaign plan": "campaigns/*/plan/",
    "campaigns by year": "campaigns/year/*/",
    "campaigns by region": "campaigns/region/*/",
    "calendar": "calendar/",
    "campaign calendar": "calendar/*/",
    "body calendar": "calendar/bodies/*/",
    "bodies of a region": "calendar/regions/*/",
    "lesson": "lessons/*/",
    "teachers' hub": "teachers/",
    "materials": "materials/",
    "help": "help/",
    "stay safe online": "stay-safe/",
    "glossary": "glossary/",
    "glossary of a region": "glossary/*/",
    "about": "about/",
    "translation status": "translation-status/",
    "offline copy": "offline/",
}
OPTIONAL_KINDS = {"lessons index": "lessons/", "campaign data": "campaigns/*/data/"}  # audited when the site has them
NOT_FOUND_PATH = "404.html"  # the language's 404 page itself: Lighthouse stops at a 404 status


def first_page(site: Path, lang: str, pattern: str) -> str | None:
    prefix = SETTINGS[lang].prefix
    matches = sorted(site.glob(prefix + pattern + "index.html"))
    if not matches:
        return None
    rel = matches[0].parent.relative_to(site / prefix).as_posix()
    return "" if rel == "." else rel + "/"


def pages(site: Path, kinds: list[str] | None = None, langs: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(kind, lang, path below the language's root) of one page of every kind, and the 404 page."""
    every = {**PAGE_KINDS, **{k: p for k, p in OPTIONAL_KINDS.items() if first_page(site, next(iter(SETTINGS)), p)}}
    out = []
    for kind, pattern in [*every.items(), ("404", None)]:
        if kinds and kind not in kinds:
            continue
        for lang in langs or list(SETTINGS):
            path = NOT_FOUND_PATH if pattern is None else first_page(site, lang, pattern)
            if path is None:
                raise SystemExit(f"audit: the site has no {kind} page ({pattern}) in {lang}")
            out.append((kind, lang, path))
    return out


@dataclass
class Result:
    kind: str
    lang: str
    form: str
    url: str
    scores: dict[str, int] = field(default_factory=dict)
    failing: list[str] = field(default_factory=list)
    error: str = ""

    def below(self) -> list[str]:
        if self.error:
            return ["error"]
        return [c for c in CATEGORIES if self.scores.get(c, 0) < THRESHOLDS[c]]


def failing_audits(report: dict) -> list[str]:
    """Every audit that counts against a category's score and did not pass (performance: the
    metrics and diagnostics Lighthouse marks as failing, a score below 0.9)."""
    out = []
    for cid in CATEGORIES:
        for ref in report["categories"][cid]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            score, mode = audit.get("score"), audit.get("scoreDisplayMode")
            if score is None or mode in ("informative", "notApplicable", "manual", "error"):
                continue
            limit = 0.9 if cid == "performance" else 1
            if score < limit:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                # a metric names no element itself: layout shifts are listed by their own audit
                named = report["audits"].get("layout-shifts", {}) if ref["id"] == "cumulative-layout-shift" else audit
                out.append(f"{cid}: {ref['id']} — {audit['title']}{value}{offenders(named)}")
    return out


def offenders(audit: dict, most: int = 3) -> str:
    """The elements an audit names (accessibility, best practices): their HTML snippets, so that a
    failing audit says where to look, not only what failed."""
    items = (audit.get("details") or {}).get("items") or []
    snippets = [i["node"]["snippet"] for i in items if isinstance(i.get("node"), dict) and i["node"].get("snippet")]
    if not snippets:
        return ""
    more = f" and {len(snippets) - most} more" if len(snippets) > most else ""
    return ": " + "; ".join(" ".join(s.split())[:160] for s in snippets[:most]) + more


def run_lighthouse(url: str, form: str, port: int, timeout: int = 180) -> dict:
    args = ["node", str(LIGHTHOUSE), url, "--port", str(port), "--output", "json", "--output-path", "stdout",
            "--quiet", "--only-categories", ",".join(CATEGORIES), "--max-wait-for-load", "60000"]
    if form == "desktop":
        args.append("--preset=desktop")
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, CHROME_PATH=CHROMIUM))
    if proc.returncode != 0:
        raise RuntimeError((proc.stderr or proc.stdout).strip()[-800:])
    return json.loads(proc.stdout)


def start_chromium(port: int, profile: Path) -> subprocess.Popen:
    args = [CHROMIUM, "--headless=new", f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "about:blank"]
    if os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # chromium refuses to run as root with its sandbox
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import urllib.request

    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=1).read()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("chromium did not start its debugging port")
            time.sleep(0.2)


def audit(site: Path, kinds=None, langs=None, forms=FORM_FACTORS, report=print) -> list[Result]:
    if not LIGHTHOUSE.exists():
        raise SystemExit("audit: Lighthouse is not installed: `make audit` installs it into tools/node_modules")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"audit: {CHROMIUM} is missing: `make system-deps` installs Debian's chromium")
    results = []
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp, running(site, Path(tmp) / "nginx") as base:
        port = free_port()
        chromium = start_chromium(port, Path(tmp) / "profile")
        try:
            for kind, lang, path in pages(site, kinds, langs):
                for form in forms:
                    url = base + SETTINGS[lang].prefix + path
                    result = Result(kind, lang, form, url)
                    try:
                        data = run_lighthouse(url, form, port)
                        result.scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
                        result.failing = failing_audits(data)
                    except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as exc:
                        result.error = str(exc)
                    report(row(result))
                    results.append(result)
        finally:
            chromium.terminate()
            try:
                chromium.wait(timeout=10)
            except subprocess.TimeoutExpired:
                chromium.kill()
    return results


HEADER = f"| page kind | lang | form | {' | '.join(CATEGORIES)} |\n| --- | --- | --- |{' ---: |' * len(CATEGORIES)}"


def row(r: Result) -> str:
    if r.error:
        return f"| {r.kind} | {r.lang} | {r.form} | {' | '.join(['error'] * len(CATEGORIES))} |"
    cells = [f"**{r.scores[c]}**" if r.scores[c] < THRESHOLDS[c] else str(r.scores[c]) for c in CATEGORIES]
    return f"| {r.kind} | {r.lang} | {r.form} | {' | '.join(cells)} |"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.dev.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", default=str(ROOT / "site"))
    parser.add_argument("--kind", action="append", help="only this page kind (repeatable)")
    parser.add_argument("--lang", action="append", choices=list(SETTINGS), help="only this language (repeatable)")
    parser.add_argument("--form", action="append", choices=FORM_FACTORS, help="only phone or desktop")
    args = parser.parse_args(argv)
    site = Path(args.site_dir)
    if not (site / "index.html").is_file():
        print(f"There is no built site in {site}/: run `make build` first.", file=sys.stderr)
        return 1
    # stopped from outside (kill, CI's cancel): nginx and chromium are stopped on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    load = os.getloadavg()[0]
    print(f"Lighthouse {json.loads((LIGHTHOUSE.parent.parent / 'package.json').read_text())['version']}"
          f" on {subprocess.run([CHROMIUM, '--version'], capture_output=True, text=True).stdout.strip()},"
          f" {site}/ served by nginx (deploy/nginx.conf.j2); load average {load:.1f} on {os.cpu_count()} cores\n")
    print(HEADER)
    results = audit(site, args.kind, args.lang, tuple(args.form or FORM_FACTORS),
                    report=lambda line: print(line, flush=True))  # each row as soon as it is known
    failed = [r for r in results if r.below()]
    print(f"\n{len(results)} runs in {time.monotonic() - started:.0f} s; load average at the end {os.getloadavg()[0]:.1f}.")
    details = [(r, line) for r in results for line in ([r.error] if r.error else r.failing)]
    if details:
        print("\nFailing audits:")
        for r, line in details:
            print(f"  {r.kind} ({r.lang}, {r.form}): {line}")
    if failed:
        print(f"\n{len(failed)} of {len(results)} below the thresholds (performance {THRESHOLDS['performance']},"
              " accessibility, best practices and SEO 100).", file=sys.stderr)
        return 1
    print("\nEvery page meets the thresholds.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
