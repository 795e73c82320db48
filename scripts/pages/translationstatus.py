"""The translation-status page in every language (an output generator): which texts are missing
in a language and which are behind a newer text in another, from the translation record
(translations.py works the report out; this module only renders it as a page)."""
from __future__ import annotations

from pathlib import Path

from ..sources import terms
from ..sources.languages import SETTINGS, t
from ..sources.model import LANGUAGES
from ..sources.translations import STATUS_PAGE, for_build, page_url
from .render import Context
from .templating import environment as _env


def _source_label(where: str, root: Path) -> str:
    """The file of a 'file:line:col' position, relative to the repository."""
    file = Path(where.split(":")[0])
    try:
        return file.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return file.name


def status_pages(data, ctx) -> dict[str, str]:
    """The translation-status page in every language (an output generator)."""
    report = for_build(ctx)
    termbase = terms.load()
    term_counts = {x: termbase.coverage(x) for x in LANGUAGES}
    docs_dir = Path(getattr(ctx, "docs_src", None) or ctx.root / "docs")
    out = {}
    for lang in LANGUAGES:
        depth = STATUS_PAGE.count("/")
        root = "../" * (depth + SETTINGS[lang].prefix.count("/"))  # from this page to the site root

        def link(page: str | None, target: str) -> str | None:
            """URL-relative link to ``page`` in ``target`` language, when that page exists."""
            if page is None:
                return None
            if f"{target}/{page}" not in ctx.produced and not (docs_dir / target / page).exists():
                return None
            return root + SETTINGS[target].prefix + page_url(page)

        sections = []
        for kind in ("missing", "outdated"):
            for target in LANGUAGES:
                items = report.missing(target) if kind == "missing" else report.outdated(target)
                if items:
                    sections.append({"kind": kind, "lang": target, "items": [
                        {"key": s.entry.key, "link": link(s.entry.page, target),
                         "source": _source_label(s.entry.where[target], ctx.root), "newer": s.changed}
                        for s in items]})
        out[f"{lang}/{STATUS_PAGE}"] = _env().get_template("translation-status.md.j2").render(
            c=Context(data, lang, depth=depth), lang=lang, languages=LANGUAGES,
            names={x: t(x, "language_name") for x in LANGUAGES},
            counts={x: (len(report.missing(x)), len(report.outdated(x))) for x in LANGUAGES},
            sections=sections, unrecorded=len(report.unrecorded()),
            terms_total=len(termbase.terms), term_counts=term_counts)
    return out
