"""The lessons as the site publishes them (an output generator): each lesson's page in every
language, with its printable guide and handouts (PDFs). The lessons themselves, lessons.yml's
model and checks, are lessons.py's."""
from __future__ import annotations

import markdown
from markupsafe import Markup

from ..sources.lessons import Lesson, lessons_for
from ..sources.model import LANGUAGES, Data
from ..pages.paths import absolute_url, lesson_dir
from ..pages.render import Context, _render
from ..pages.templating import TEMPLATES
from .materials import file_size
from .pdf import PdfCache, render_all

GUIDE_PDF = "lesson.pdf"


def handout_pdf(n: int) -> str:
    return f"handout-{n}.pdf"


def render_page(data: Data, lesson: Lesson, lang: str, sizes: dict[str, int]) -> str:
    """The lesson's web page (Markdown). ``sizes``: its PDFs (file name -> bytes)."""
    return _render("lesson.md.j2", Context(data, lang, depth=2), lesson=lesson,
                   campaign=next(c for c in data.campaigns if c.slug == lesson.campaign),
                   sizes=sizes, guide=GUIDE_PDF, handout_pdf=handout_pdf,
                   size=lambda n: _file_size(n, lang))


def _file_size(n: int, lang: str) -> str:
    return file_size(n, lang)


def _md(text: str) -> Markup:
    """Markdown of lessons.yml (an editor's text, like the pages') as HTML for print."""
    return Markup(markdown.markdown(text, extensions=["tables", "sane_lists"]))


def _print_values(data: Data, lesson: Lesson, lang: str) -> dict:
    return {
        "lesson": lesson,
        "campaign": next(c for c in data.campaigns if c.slug == lesson.campaign),
        "md": _md,
        "css": Markup((TEMPLATES / "lesson-print.css").read_text(encoding="utf-8")),  # our own file
        "url": absolute_url(data, lang, f"lessons/{lesson.slug}/"),
    }


def guide_html(data: Data, lesson: Lesson, lang: str) -> str:
    """The printable lesson guide (a whole HTML document for scripts/printable/pdf.py)."""
    return _render("lesson.html.j2", Context(data, lang, depth=0), **_print_values(data, lesson, lang))


def handout_html(data: Data, lesson: Lesson, lang: str, number: int) -> str:
    """Handout ``number`` (1-based) of a lesson, printable."""
    return _render("handout.html.j2", Context(data, lang, depth=0), handout=lesson.handouts[number - 1],
                   number=number, **_print_values(data, lesson, lang))


def outputs(data: Data, ctx) -> dict[str, str | bytes]:
    """Build generator: every lesson in every language, as a page and PDFs."""
    lessons = lessons_for(data, ctx.data_file or ctx.root / "campaigns.yml")
    cache = PdfCache(ctx.cache_dir / "pdf" / "lessons")
    documents: dict[str, str] = {}
    for lang in LANGUAGES:
        for lesson in lessons:
            base = lesson_dir(lang, lesson.slug)
            documents[base + GUIDE_PDF] = guide_html(data, lesson, lang)
            for n in range(1, len(lesson.handouts) + 1):
                documents[base + handout_pdf(n)] = handout_html(data, lesson, lang, n)
    pdfs = render_all(documents, cache)
    cache.prune()
    out: dict[str, str | bytes] = {}
    for lang in LANGUAGES:
        for lesson in lessons:
            base = lesson_dir(lang, lesson.slug)
            names = [GUIDE_PDF] + [handout_pdf(n) for n in range(1, len(lesson.handouts) + 1)]
            out[base + "index.md"] = render_page(data, lesson, lang, {name: len(pdfs[base + name]) for name in names})
            out.update({base + name: pdfs[base + name] for name in names})
    return out
