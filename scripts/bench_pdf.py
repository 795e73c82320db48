"""Time to render the printable PDFs, each and all, without the cache (a figure, not a test).

    python -m scripts.bench_pdf [--data campaigns.yml]

Prints one line per PDF (seconds, size) and the total; then the time of the same run
served from the cache, which is what an unchanged build costs.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from . import posters
from .build import BuildContext
from .model import LANGUAGES
from .pdf import PdfCache, render_pdf
from .validate import load_data

ROOT = Path(__file__).resolve().parent.parent


def documents(data):
    """(path, html) of every printable document, in build order."""
    for lang in LANGUAGES:
        for campaign in data.campaigns:
            for paper in posters.PAPERS:
                yield posters.poster_path(lang, campaign.slug, paper), posters.poster_html(data, campaign, lang, paper)
        if data.stand_kit is not None:
            campaign = next(c for c in data.campaigns if c.slug == data.stand_kit.campaign)
            yield posters.stand_kit_path(lang, campaign.slug), posters.stand_kit_html(data, campaign, lang)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_pdf", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "campaigns.yml"))
    args = parser.parse_args(argv)
    data = load_data(Path(args.data))
    docs = list(documents(data))
    total = 0.0
    print(f"{'seconds':>8}  {'KB':>6}  PDF")
    for path, html in docs:
        start = time.perf_counter()
        pdf = render_pdf(html, base_url=ROOT, cache=None)
        took = time.perf_counter() - start
        total += took
        print(f"{took:8.3f}  {len(pdf) / 1024:6.1f}  {path}")
    print(f"{total:8.3f}  {'':6}  all {len(docs)} PDFs rendered ({total / len(docs):.3f} s per PDF)")
    with tempfile.TemporaryDirectory() as tmp:
        ctx = BuildContext(root=ROOT, cache_dir=Path(tmp))
        posters.outputs(data, ctx)
        start = time.perf_counter()
        cache = PdfCache(Path(tmp) / "pdf" / "posters")
        for _, html in docs:
            render_pdf(html, base_url=ROOT, cache=cache)
        cached = time.perf_counter() - start
    print(f"{cached:8.3f}  {'':6}  all {len(docs)} PDFs from the cache ({cache.renders} rendered)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
