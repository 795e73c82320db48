"""`make audit` (scripts/dev/audit.py): what it visits, how it reads a Lighthouse report, when it
fails. Lighthouse itself runs in `make audit` (several minutes), not here."""
import json
from pathlib import Path

from scripts.dev import audit
from scripts.sources.languages import SETTINGS

import test_browser

ROOT = Path(__file__).resolve().parent.parent


def test_it_audits_the_page_kinds_the_browser_tests_visit():
    assert audit.PAGE_KINDS == test_browser.PAGE_KINDS
    assert audit.OPTIONAL_KINDS == test_browser.OPTIONAL_KINDS


def test_every_kind_in_every_language_and_each_languages_404_page(built_site):
    pages = audit.pages(built_site)
    kinds = {kind for kind, _, _ in pages}
    assert set(audit.PAGE_KINDS) | {"404"} <= kinds
    assert len(pages) == len(kinds) * len(SETTINGS)
    for kind, lang, path in pages:
        target = built_site / SETTINGS[lang].prefix / path
        assert (target if path.endswith(".html") else target / "index.html").is_file(), (kind, lang, path)


def report(scores: dict, audits: dict) -> dict:
    """A Lighthouse report's shape: categories with their scores and audit references."""
    return {"categories": {c: {"score": scores[c] / 100, "auditRefs": [{"id": a} for a, (cat, _) in audits.items() if cat == c]}
                           for c in audit.CATEGORIES},
            "audits": {a: {"title": a.replace("-", " "), "score": score, "scoreDisplayMode": "binary"}
                       for a, (_, score) in audits.items()}}


def test_failing_audits_and_thresholds():
    data = report({"performance": 96, "accessibility": 97, "best-practices": 100, "seo": 100},
                  {"aria-dialog-name": ("accessibility", 0), "image-alt": ("accessibility", 1),
                   "total-blocking-time": ("performance", 0.95), "dom-size": ("performance", 0.5)})
    failing = audit.failing_audits(data)
    assert any("aria-dialog-name" in line for line in failing) and any("dom-size" in line for line in failing)
    assert not any("image-alt" in line or "total-blocking-time" in line for line in failing)
    result = audit.Result("help", "kk", "phone", "http://x/", scores={"performance": 96, "accessibility": 97,
                                                                      "best-practices": 100, "seo": 100})
    assert result.below() == ["accessibility"]
    result.scores["accessibility"] = 100
    result.scores["performance"] = 94
    assert result.below() == ["performance"] and "**94**" in audit.row(result)
    assert audit.Result("help", "kk", "phone", "http://x/", error="no page").below() == ["error"]


def test_a_failing_audit_names_its_elements_and_a_layout_shift_the_shifted_ones():
    """Where to look: the HTML of the elements an accessibility audit found, and for a failing
    cumulative layout shift (a metric, which names no element) the elements that moved."""
    data = report({"performance": 93, "accessibility": 96, "best-practices": 100, "seo": 100},
                  {"aria-prohibited-attr": ("accessibility", 0), "cumulative-layout-shift": ("performance", 0.7)})
    node = lambda snippet: {"node": {"type": "node", "snippet": snippet}}
    data["audits"]["aria-prohibited-attr"]["details"] = {"items": [node('<label for="__search" aria-label="Close">')]}
    data["audits"]["layout-shifts"] = {"title": "layout shifts", "score": None, "scoreDisplayMode": "informative",
                                       "details": {"items": [node('<div class="md-main__inner md-grid">')] * 5}}
    failing = audit.failing_audits(data)
    assert any('aria-prohibited-attr' in line and '<label for="__search" aria-label="Close">' in line for line in failing)
    shift = next(line for line in failing if "cumulative-layout-shift" in line)
    assert shift.count("md-main__inner") == 3 and shift.endswith("and 2 more")


def test_lighthouse_is_pinned_and_its_folder_not_committed():
    package = json.loads((ROOT / "tools" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "tools" / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("lighthouse", "html-validate"):
        version = package["dependencies"][name]
        assert version[0].isdigit(), (name, version)  # an exact version, no range
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert "tools/node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
