"""The built pages' HTML, checked by html-validate (pinned in tools/package.json; `make test`
installs it into tools/node_modules) with its recommended rules: one page of every kind in every
language (the kinds `make audit` checks, scripts/dev/audit.py), and each language's 404 page.

Two rules of the preset are off (tests/html-validate.json): no-trailing-whitespace and
doctype-style are about how the source is typed (Material indents its templates and writes
`<!doctype html>`), not about what the browser gets. The theme's own findings are listed once
below (THEME_FINDINGS), each with why it is there; any other finding fails the test: the
project's own markup stays valid.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.dev.audit import pages
from scripts.sources.languages import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
HTML_VALIDATE = ROOT / "tools" / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"
CONFIG = Path(__file__).resolve().parent / "html-validate.json"

# (rule, a regular expression the message or the element's selector matches, why it is Material's)
THEME_FINDINGS = [
    ("valid-id", r'id "__(drawer|search|config|toc)" must begin with a letter',
     "Material's own ids (the drawer and search toggles, its configuration, the table of contents);"
     " its JavaScript looks them up by these names"),
    ("valid-autocomplete", r'autocomplete attribute cannot be used on <input type="checkbox">',
     "Material's drawer and search toggles are checkboxes with autocomplete=\"off\" (so that a"
     " browser does not restore them open on Back)"),
    ("no-implicit-button-type", r"button",
     "Material's header and search buttons (they are not in a form that could be submitted)"),
    ("wcag/h32", r"<form> element must have a submit button",
     "Material's search form: results appear as the reader types, Enter opens the first"),
    ("unique-landmark", r"nav",
     "Material's navigation and table of contents nest <nav> elements named by their headings"
     " (aria-labelledby a label that is not always on the page)"),
]


def _theme_finding(message: dict) -> bool:
    text = f"{message.get('message', '')} {message.get('selector') or ''}"
    return any(message["ruleId"] == rule and re.search(pattern, text) for rule, pattern, _ in THEME_FINDINGS)


def _node() -> str:
    node = shutil.which("node")
    assert node, "node is missing: `make test` installs Debian's nodejs and npm where there is none"
    assert HTML_VALIDATE.exists(), "html-validate is missing: `make test` installs it (npm ci --prefix tools)"
    return node


def validate(files: list[Path], tmp_path: Path) -> list[dict]:
    """html-validate's findings for ``files``: [{file, ruleId, message, selector, line}]. The JSON
    report goes to a file (node may end before a pipe has taken all of it)."""
    out = tmp_path / "report.json"
    proc = subprocess.run([_node(), str(HTML_VALIDATE), "--config", str(CONFIG), f"--formatter=json={out}",
                           *map(str, files)], capture_output=True, text=True, timeout=300)
    assert out.exists(), proc.stderr or proc.stdout
    findings = []
    for result in json.loads(out.read_text(encoding="utf-8")):
        for m in result["messages"]:
            findings.append({"file": result["filePath"], "ruleId": m["ruleId"], "message": m["message"],
                             "selector": m.get("selector"), "line": m.get("line")})
    assert proc.returncode in (0, 1) and (proc.returncode == 1) == bool(findings), proc.stderr
    return findings


def checked_files(site: Path) -> list[Path]:
    files = []
    for _, lang, path in pages(site):
        target = site / SETTINGS[lang].prefix / path
        files.append(target if target.suffix == ".html" else target / "index.html")
    return files


def test_every_page_kind_is_valid_html_but_for_the_themes_listed_findings(built_site, tmp_path):
    files = checked_files(built_site)
    assert len(files) >= 3 * 20 and all(f.is_file() for f in files)
    ours = [f for f in validate(files, tmp_path) if not _theme_finding(f)]
    assert not ours, f"{len(ours)} finding(s) in the project's markup:\n" + "\n".join(
        f"  {Path(f['file']).relative_to(built_site)}:{f['line']}: {f['ruleId']}: {f['message']}"
        f" ({f['selector']})" for f in ours[:40])


def test_the_check_finds_what_it_should(tmp_path):
    """The same check on a page with the kinds of mistakes it is there for: it is not blind."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
                    '<main><div role="region" aria-label="a"><p id="1st" markdown="0">x</p>'
                    '<a href="tel:111">Call 111</a><p id="a.b">y</p></div></main></body></html>', encoding="utf-8")
    rules = {f["ruleId"] for f in validate([page], tmp_path) if not _theme_finding(f)}
    assert {"valid-id", "prefer-native-element", "tel-non-breaking"} <= rules, rules


def test_no_markdown_attribute_is_left_in_a_page(built_site):
    """md_in_html removes `markdown` from the elements it reads; one left over means the
    template asked for something Markdown never saw (`markdown="0"` on a raw HTML block)."""
    from conftest import site_pages

    left = [p.relative_to(built_site).as_posix() for p in site_pages(built_site)
            if re.search(r"<[a-z][^>]*\smarkdown=", p.read_text(encoding="utf-8"))]
    assert not left, left[:10]
