"""Command line for editors and builders: python -m scripts COMMAND (or the make shortcuts).

    validate [EXTRA.yml ...]   check campaigns.yml, the pages in docs/ and the translation record
    build                      validate, generate pages and build the site into site/
                               (with the offline copies for schools; --no-offline skips them)
    new-campaign SLUG          add a campaign to campaigns.yml, ready to fill in kk, ru and en
    translations [--update]    missing and outdated translations, per language
    check-links                check every internal link and anchor of the built site
    nginx-conf                 print the nginx configuration for a built site (deploy/nginx.conf.j2)
    schema [--check]           write (or check) the JSON Schema of campaigns.yml and lessons.yml
                               and the field reference of CONTRIBUTING, from the models

Every problem is reported as file:line:col: field: message; the exit status is 1 when
there is a problem, 0 when there is none.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .sources import docpages, schema, terms, translations, yamlsource
from .sources.docpages import shown
from .sources.lessons import lessons_for, lessons_path, load_lessons
from .sources.validate import InvalidData, Problem, campaign_activities, check_data
from .pages.redirects import redirects_for, redirects_path
from .publish import links
from .publish.build import BuildFailed, build_site
from .publish.processes import apart, stop_on_signals, stop_signal
from .publish.nginx import prepare_prefix, render_config
from .publish.scaffold import ScaffoldError, new_campaign, page_paths

ROOT = Path(__file__).resolve().parent.parent


def _report(exc: InvalidData, what: str = "nothing was built") -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    n = len([p for p in exc.problems if not p.warning])
    print(f"\n{n} problem{'s' if n != 1 else ''} found; {what}.", file=sys.stderr)
    return 1


def _warn(warnings: list[Problem]) -> None:
    for problem in warnings:
        print(problem, file=sys.stderr)


def _sources(args):
    data_file = Path(args.data)
    docs_dir = Path(args.docs)
    lock_file = Path(args.lock) if args.lock else None
    return data_file, docs_dir, lock_file


def _load_all(args, extra=()):
    """The validated data and the warnings, after checking every source; raises InvalidData
    with all problems (and the warnings). When campaigns.yml has problems, lessons.yml is
    checked against the campaigns as written, so that its problems are reported in the same run."""
    data_file, docs_dir, lock_file = _sources(args)
    checked = check_data(data_file, docpages.shown(data_file), extra=tuple(Path(p) for p in extra))
    problems: list[Problem] = list(checked.problems)
    if problems and checked.src is not None and lessons_path(data_file).exists():
        try:
            load_lessons(lessons_path(data_file), campaign_activities(checked.src.data))
        except InvalidData as exc:
            problems.extend(exc.problems)
    problems.extend(docpages.check(docs_dir))
    problems.extend(terms.check(data_file, docs_dir))
    try:
        translations.read_lock(lock_file or translations.lock_path(data_file))
    except InvalidData as exc:
        problems.extend(exc.problems)
    if problems:
        raise InvalidData(problems + checked.warnings)
    return checked.data, checked.warnings


def cmd_validate(args) -> int:
    try:
        data, warnings = _load_all(args, args.extra)
    except InvalidData as exc:
        return _report(exc, "fix them and run the command again")
    _warn(warnings)
    n_act = sum(len(c.activities()) for c in data.campaigns)

    print(f"{shown(Path(args.data))}: OK — {len(data.campaigns)} campaigns, {n_act} activities, "
          f"{len(data.agencies)} agencies; pages in {shown(Path(args.docs))}/: OK")

    try:
        lessons = lessons_for(data, Path(args.data))
    except InvalidData as exc:
        return _report(exc)
    if lessons:
        print(f"{shown(lessons_path(Path(args.data)))}: OK — {len(lessons)} lessons")

    try:
        redirects, _ = redirects_for(Path(args.data))
    except InvalidData as exc:
        return _report(exc)
    if redirects:
        print(f"{shown(redirects_path(Path(args.data)))}: OK — {len(redirects)} old addresses"
              " (the build checks that each leads to a page)")
    return 0


def cmd_build(args) -> int:
    """Build the site; stopped (Ctrl+C, or SIGTERM: a cancelled CI job, ``timeout``), it stops
    its children and removes its work folder, and the previous site stays as it was."""
    import signal

    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    stop_signal.clear()
    stop_on_signals()
    try:
        return _build(args)
    except KeyboardInterrupt:
        signum = stop_signal[0] if stop_signal else signal.SIGINT
        print(f"build stopped ({signal.Signals(signum).name}): nothing was built, and the previous site was left"
              " as it was.", file=sys.stderr)
        return 128 + signum
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def _build(args) -> int:
    import json
    import time

    data_file, docs_dir, lock_file = _sources(args)
    timings: dict = {}
    started = time.perf_counter()
    try:
        data, warnings = apart(lambda: _load_all(args))  # loading leaves far more memory behind than the data needs
    except BuildFailed as exc:
        print(f"build failed: {exc}\nThe previous site was left as it was.", file=sys.stderr)
        return 1
    except InvalidData as exc:
        return _report(exc, "nothing was built, and the previous site was left as it was")
    _warn(warnings)
    timings["load"] = round(time.perf_counter() - started, 3)
    try:
        build_site(data, root=ROOT, site_dir=Path(args.site_dir), data_file=data_file, docs_src=docs_dir,
                   lock_file=lock_file, cache_dir=Path(args.cache_dir) if args.cache_dir else None,
                   offline=args.offline, keep_docs=Path(args.keep_docs) if args.keep_docs else None,
                   timings=timings)
    except InvalidData as exc:
        return _report(exc, "nothing was built, and the previous site was left as it was")
    except BuildFailed as exc:
        print(f"build failed: {exc}\nThe previous site was left as it was.", file=sys.stderr)
        return 1
    timings["total"] = round(time.perf_counter() - started, 3)
    if args.timings:
        Path(args.timings).write_text(json.dumps(timings, indent=1), encoding="utf-8")
    print(f"site built into {args.site_dir}/")
    return 0


def cmd_new_campaign(args) -> int:
    data_file = Path(args.data)
    try:
        first, last = new_campaign(data_file, args.slug)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 1

    name = docpages.shown(data_file)
    print(f"Added the campaign '{args.slug}' to {name}, lines {first}–{last}.\n"
          f"1. Fill in every \"\" there, in kk, ru and en, and delete the parts the campaign does not have.\n"
          f"2. Check it: make validate  (it lists every field still to fill in, with its line)\n"
          f"3. Look at it: make serve  — its page in each language:")
    for path in page_paths(args.slug):
        print(f"     http://127.0.0.1:8000{path}")
    print("4. When all three languages are finished: make translations-update")
    return 0


def cmd_translations(args) -> int:
    data_file, docs_dir, lock_file = _sources(args)
    try:
        report = translations.collect(data_file, docs_dir, lock_file)
    except InvalidData as exc:
        return _report(exc, "fix them and run the command again")
    if not args.update and not args.accept:
        print(translations.format_report(report))
        return 1 if report.any_missing() else 0
    lock, result = translations.update(report, tuple(args.accept))
    for pattern in result["unmatched"]:
        print(f"no text has the key '{pattern}' (keys are shown by `make translations`)", file=sys.stderr)
    for s in result["incomplete"]:
        print(f"{s.entry.key}: cannot be recorded while the {' and '.join(s.missing)} text is missing", file=sys.stderr)
    if result["unmatched"] or result["incomplete"]:
        print(f"{docpages.shown(report.lock_file)} was not changed.", file=sys.stderr)
        return 1
    translations.write_lock(report.lock_file, lock)
    print(f"{docpages.shown(report.lock_file)}: recorded {len(result['recorded'])} new or changed text(s).")
    kept = [s for s in result["kept"] if s.outdated]
    if kept:
        print(f"{len(kept)} text(s) are still outdated and keep their old record until they are translated:")
        for s in kept:
            print(f"  {s.entry.key}: outdated in {', '.join(s.outdated)}")
    return 1 if report.any_missing() else 0


def cmd_check_links(args) -> int:
    site = Path(args.site_dir)
    if not (site / "index.html").is_file():
        print(f"There is no built site in {site}/: run `make build` first.", file=sys.stderr)
        return 1
    site_url = None
    try:
        data = yamlsource.load(Path(args.data)).data
        site_url = data["site"]["url"]
    except (yamlsource.SourceProblem, KeyError, TypeError):
        pass  # links to the site's own address are then not checked
    pages, broken = links.check_site(site, site_url)
    for b in broken:
        print(b, file=sys.stderr)
    if broken:
        print(f"\n{len(broken)} broken link(s) in {pages} pages.", file=sys.stderr)
        return 1
    print(f"{site}/: {pages} pages, every internal link and anchor resolves.")
    return 0


def cmd_nginx_conf(args) -> int:
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


def cmd_schema(args) -> int:
    if args.check:
        problems = schema.check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
            return 1
        print("schema/ and the field reference of CONTRIBUTING.md and CONTRIBUTING.ru.md match the models; "
              "every field has a description in English and in Russian.")
        return 0
    problems = schema.description_problems()
    for path in schema.write():
        print(f"wrote {path.relative_to(schema.ROOT)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "campaigns.yml"), help="the data file (default campaigns.yml)")
    parser.add_argument("--docs", default=str(ROOT / "docs"), help="the hand-written pages (default docs/)")
    parser.add_argument("--lock", default=None,
                        help="the translation record (default translations.lock.yml next to the data file)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check campaigns.yml and the pages, and report every problem")
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
    p = sub.add_parser("nginx-conf", help="print the nginx configuration for a built site")
    p.add_argument("--site-dir", default=str(ROOT / "site"))
    p.add_argument("--listen", default="127.0.0.1:8080", help="nginx listen address (default 127.0.0.1:8080)")
    p.add_argument("--prefix", required=True, help="folder for nginx's pid, logs and temporary files")
    p.set_defaults(func=cmd_nginx_conf)
    p = sub.add_parser("new-campaign", help="add a campaign to campaigns.yml, ready to fill in")
    p.add_argument("slug", help="the campaign's address, e.g. safe-summer-2025 (lowercase ASCII, digits, hyphens)")
    p.set_defaults(func=cmd_new_campaign)
    p = sub.add_parser("translations", help="report missing and outdated translations")
    p.add_argument("--update", action="store_true",
                   help="record the finished translations in the translation record")
    p.add_argument("--accept", action="append", default=[], metavar="KEY",
                   help="record KEY (and the keys below it) as translated, even if another language changed")
    p.set_defaults(func=cmd_translations)
    p = sub.add_parser("schema", help="write the JSON Schema and CONTRIBUTING's field reference from the models")
    p.add_argument("--check", action="store_true",
                   help="only check: fail when a field has no description or what is committed differs")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("check-links", help="check the internal links and anchors of the built site")
    p.add_argument("--site-dir", default=str(ROOT / "site"))
    p.set_defaults(func=cmd_check_links)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
