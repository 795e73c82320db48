"""Compare two built sites file by file, byte for byte: python -m scripts.dev.samesite BEFORE AFTER.

Shows that a change of the code (a move, a refactoring) changes nothing the site publishes:
build both with the same SOURCE_DATE_EPOCH into two folders, then compare them. Exit status 0
when they are the same, 1 with the differences listed.

Two things may differ between two builds of the same sources, whatever the code, and are
compared for what they hold instead:

- the offline copies (zips): their members carry the build's date (SOURCE_DATE_EPOCH; without it
  the moment of the build), so the members are compared by name, order and bytes, not by date;
- Pagefind's index: two Pagefind runs on the same pages write their filter and meta files
  (``*.pf_filter``, ``*.pf_meta``) under different names, and pagefind-entry.json names them;
  those are compared by number, every other file of pagefind/ byte for byte.
"""
from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

UNSTABLE = (".pf_filter", ".pf_meta")  # Pagefind: different names in every run on the same pages
ENTRY = "pagefind/pagefind-entry.json"


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _zip_differences(name: str, a: Path, b: Path) -> list[str]:
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        ia, ib = za.infolist(), zb.infolist()
        if [i.filename for i in ia] != [i.filename for i in ib]:
            return [f"{name}: the members differ (names or order)"]
        return [f"{name}: member {x.filename} differs" for x, y in zip(ia, ib) if za.read(x) != zb.read(y)]


def differences(before: Path, after: Path) -> list[str]:
    fa, fb = _files(before), _files(after)
    stable = lambda names: {n for n in names if not n.endswith(UNSTABLE) and n != ENTRY}  # noqa: E731
    out = [f"only in {before}: {p}" for p in sorted(stable(fa) - stable(fb))]
    out += [f"only in {after}: {p}" for p in sorted(stable(fb) - stable(fa))]
    for suffix in UNSTABLE:
        na, nb = sum(n.endswith(suffix) for n in fa), sum(n.endswith(suffix) for n in fb)
        if na != nb:
            out.append(f"Pagefind's {suffix} files: {na} in {before}, {nb} in {after}")
    for path in sorted(stable(fa) & stable(fb)):
        if fa[path].read_bytes() != fb[path].read_bytes():
            out += _zip_differences(path, fa[path], fb[path]) if path.endswith(".zip") else [f"{path} differs"]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.dev.samesite", description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    found = differences(args.before, args.after)
    for line in found:
        print(line)
    n = len(_files(args.before))
    print(f"{n} files compared: " + ("the same" if not found else f"{len(found)} differences"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
