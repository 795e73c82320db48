"""Search: a Pagefind index of the built site, one per language, in fragments.

Pagefind (``pagefind[bin]`` from PyPI: its binary is inside the wheel) reads the built pages,
finds each page's language in ``<html lang>`` and writes ``pagefind/`` into the site: per
language a small entry, an index split into chunks and one fragment per page. A query fetches
the language's WebAssembly, its entry and filter files, the index chunks of its words and the
fragments of the results it shows, so what a reader downloads barely grows with the site.

What is indexed is decided in the templates, not here: ``overrides/main.html`` marks a page's
content with ``data-pagefind-body`` (and its filters and weight, from the page's front matter
``search:``) unless the front matter says ``search: {exclude: true}``; pages without it (listings,
redirects, the 404 page) stay out. The search box is ``overrides/partials/search.html`` with
``overrides/assets/javascripts/search.js``.
"""
from __future__ import annotations

import time
from pathlib import Path

from ..sources.languages import SETTINGS, t
from .processes import run_to_end

BUNDLE = "pagefind"  # the folder of the index in the site


class SearchIndexFailed(Exception):
    pass


def executable() -> Path:
    try:
        # pagefind_bin: imported here so that its absence is a clear build error, not an import error
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexFailed("Pagefind is not installed: `make build` installs requirements.txt "
                                "(pagefind[bin])") from None
    try:
        return get_executable()
    except FileNotFoundError as exc:
        raise SearchIndexFailed(f"the Pagefind binary is missing from pagefind_bin: {exc}") from None


def build_index(site: Path) -> dict:
    """Index the built ``site`` into ``site/pagefind/``. Returns what Pagefind reported
    (pages, words, languages) and its time; raises SearchIndexFailed with Pagefind's own
    messages when it fails or indexes nothing."""
    started = time.perf_counter()
    # stopped meanwhile (Ctrl+C), Pagefind goes, and has gone before its folder is removed
    proc = run_to_end([str(executable()), "--site", str(site), "--output-subdir", BUNDLE])
    seconds = round(time.perf_counter() - started, 3)
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        lines = [ln for ln in output.splitlines() if ln.strip()][-15:]
        raise SearchIndexFailed(f"Pagefind stopped with exit status {proc.returncode}:\n  " + "\n  ".join(lines))
    report = {"seconds": seconds}
    for line in output.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "Indexed" and words[1].isdigit():
            report[words[2]] = int(words[1])
    if not report.get("pages") or not (site / BUNDLE / "pagefind-entry.json").is_file():
        raise SearchIndexFailed("Pagefind indexed no page (no data-pagefind-body in the built pages?):\n  "
                                + "\n  ".join(output.splitlines()[-15:]))
    return report


KINDS = ("campaign", "lesson", "material", "calendar")  # the kinds of page a reader can choose
_STRINGS = ("label", "close", "clear", "filters", "filter.kind", "filter.kind.any", "filter.year",
            "filter.year.any", "start", "loading", "none", "count", "section", "more", "failed", "hint")


def ui(lang: str) -> dict:
    """What the search box says and needs in ``lang`` (config.extra.search, read by
    overrides/partials/search.html)."""
    return {
        "strings": {key: t(lang, f"search.{key}") for key in _STRINGS},
        "kinds": [{"value": kind, "label": t(lang, f"search.kind.{kind}")} for kind in KINDS],
        "soft_endings": SETTINGS[lang].search_soft_endings,
        "bundle": BUNDLE + "/",
    }
