"""Command line for editors and builders: python -m scripts COMMAND.

    validate [EXTRA.yml ...]   check campaigns.yml (and draft files added to it)
    build                      validate, generate pages and build the site into site/
    nginx-conf                 print the nginx configuration for a built site (deploy/nginx.conf.j2)
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
    from .build import BuildFailed, build_site

    try:
        data = load_data(Path(args.data))
    except InvalidData as exc:
        return _report(exc)
    try:
        build_site(data, root=ROOT, site_dir=Path(args.site_dir), data_file=Path(args.data))
    except InvalidData as exc:
        return _report(exc)
    except BuildFailed as exc:
        print(f"build failed: {exc}\nThe previous site was left as it was.", file=sys.stderr)
        return 1
    print(f"site built into {args.site_dir}/")
    return 0


def cmd_nginx_conf(args) -> int:
    from .nginx import prepare_prefix, render_config

    site = Path(args.site_dir)
    if not (site / "index.html").exists():
        print(f"{site}/ holds no built site: run `python -m scripts build` first", file=sys.stderr)
        return 1
    try:
        text = render_config(site, args.listen, Path(args.prefix))
    except ValueError as exc:
        print(f"nginx-conf: {exc}", file=sys.stderr)
        return 1
    prepare_prefix(Path(args.prefix))
    sys.stdout.write(text)
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
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("nginx-conf", help="print the nginx configuration for a built site")
    p.add_argument("--site-dir", default=str(ROOT / "site"))
    p.add_argument("--listen", default="127.0.0.1:8080", help="nginx listen address (default 127.0.0.1:8080)")
    p.add_argument("--prefix", required=True, help="folder for nginx's pid, logs and temporary files")
    p.set_defaults(func=cmd_nginx_conf)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
