"""Time to make the printable PDFs, each and all, without the cache (a figure, not a test).

    python -m scripts.dev.bench_pdf [--data campaigns.yml]

Prints one line per document the build lays out (seconds, size), one at a time in this
process, and the time to enlarge the A4 posters to A3; then the time of the generators
themselves with an empty cache (in parallel worker processes, as a build runs them) and again
with the cache they left, which is what an unchanged build costs.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ..sources import lessons
from ..sources.model import LANGUAGES
from ..sources.validate import load_data
from ..pages.paths import lesson_dir
from ..printable import lessonpages, posters
from ..printable.pdf import enlarge, render_pdf
from ..publish.build import BuildContext

ROOT = Path(__file__).resolve().parents[2]


def documents(data, data_file: Path):
    """(path, html) of every document the build lays out, in build order."""
    for lang in LANGUAGES:
        for campaign in data.campaigns:
            yield (posters.poster_path(lang, campaign.slug, posters.BASE_PAPER),
                   posters.poster_html(data, campaign, lang, posters.BASE_PAPER))
        if data.stand_kit is not None:
            campaign = next(c for c in data.campaigns if c.slug == data.stand_kit.campaign)
            yield posters.stand_kit_path(lang, campaign.slug), posters.stand_kit_html(data, campaign, lang)
    for lang in LANGUAGES:
        for lesson in lessons.lessons_for(data, data_file):
            base = lesson_dir(lang, lesson.slug)
            yield base + lessonpages.GUIDE_PDF, lessonpages.guide_html(data, lesson, lang)
            for n in range(1, len(lesson.handouts) + 1):
                yield base + lessonpages.handout_pdf(n), lessonpages.handout_html(data, lesson, lang, n)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.dev.bench_pdf", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "campaigns.yml"))
    args = parser.parse_args(argv)
    data_file = Path(args.data)
    data = load_data(data_file)
    docs = list(documents(data, data_file))
    total = 0.0
    rendered = {}
    print(f"{'seconds':>8}  {'KB':>6}  PDF (laid out one at a time)")
    for path, html in docs:
        start = time.perf_counter()
        rendered[path] = pdf = render_pdf(html, base_url=ROOT, cache=None)
        took = time.perf_counter() - start
        total += took
        print(f"{took:8.3f}  {len(pdf) / 1024:6.1f}  {path}")
    print(f"{total:8.3f}  {'':6}  all {len(docs)} PDFs laid out ({total / len(docs):.3f} s per PDF)")
    start, enlarged = time.perf_counter(), 0
    for lang in LANGUAGES:
        for campaign in data.campaigns:
            base = rendered[posters.poster_path(lang, campaign.slug, posters.BASE_PAPER)]
            for paper in posters.PAPERS:
                if paper != posters.BASE_PAPER:
                    enlarge(base, *paper.size_pt, title=paper.name)
                    enlarged += 1
    print(f"{time.perf_counter() - start:8.3f}  {'':6}  {enlarged} posters enlarged from A4")
    with tempfile.TemporaryDirectory() as tmp:
        ctx = BuildContext(root=ROOT, cache_dir=Path(tmp), data_file=data_file)
        for label in ("empty cache", "cache kept"):
            start = time.perf_counter()
            made = len(posters.outputs(data, ctx)) + sum(p.endswith(".pdf") for p in lessonpages.outputs(data, ctx))
            print(f"{time.perf_counter() - start:8.3f}  {'':6}  the generators, {made} PDFs, {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
