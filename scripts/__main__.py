"""Command line for editors and builders: python -m scripts COMMAND.

    validate [EXTRA.yml ...]   check campaigns.yml (and draft files added to it)
    build                      validate, generate pages and build the site into site/
                               (with the offline copies for schools; --no-offline skips them)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .validate import InvalidData, load_data

ROOT = Path(__file__).resolve().parent.parent


def _report(exc: InvalidData) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    n = len(exc.problems)
    print(f"\n{n} problem{'s' if n != 1 else ''} found; nothing was built.", file=sys.stderr)
    return 1


def cmd_validate(args) -> int:
    try:
        data = load_data(Path(args.data), extra=tuple(Path(p) for p in args.extra))
    except InvalidData as exc:
        return _report(exc)
    n_act = sum(len(c.activities()) for c in data.campaigns)
    print(f"{args.data}: OK — {len(data.campaigns)} campaigns, {n_act} activities, {len(data.agencies)} agencies")
    return 0


def cmd_build(args) -> int:
    import json
    import time

    from .build import BuildFailed, build_site

    timings: dict = {}
    started = time.perf_counter()
    try:
        data = load_data(Path(args.data))
    except InvalidData as exc:
        return _report(exc)
    timings["load"] = round(time.perf_counter() - started, 3)
    try:
        build_site(data, root=ROOT, site_dir=Path(args.site_dir), data_file=Path(args.data),
                   cache_dir=Path(args.cache_dir) if args.cache_dir else None, offline=args.offline,
                   keep_docs=Path(args.keep_docs) if args.keep_docs else None, timings=timings)
    except InvalidData as exc:
        return _report(exc)
    except BuildFailed as exc:
        print(f"build failed: {exc}\nThe previous site was left as it was.", file=sys.stderr)
        return 1
    timings["total"] = round(time.perf_counter() - started, 3)
    if args.timings:
        Path(args.timings).write_text(json.dumps(timings, indent=1), encoding="utf-8")
    print(f"site built into {args.site_dir}/")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "campaigns.yml"), help="the data file (default campaigns.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check campaigns.yml and report every problem")
    p.add_argument("extra", nargs="*", help="draft YAML files whose regions/agencies/campaigns are added")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("build", help="validate and build the site")
    p.add_argument("--site-dir", default=str(ROOT / "site"))
    p.add_argument("--no-offline", dest="offline", action="store_false",
                   help="skip the offline copies (zips) for schools: a quicker build for previews")
    p.add_argument("--cache-dir", help="cache kept between builds (default .cache/)")
    p.add_argument("--keep-docs", metavar="DIR", help="also keep the generated Markdown pages in DIR")
    p.add_argument("--timings", metavar="FILE", help="write the time of each build phase to FILE (JSON)")
    p.set_defaults(func=cmd_build)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
