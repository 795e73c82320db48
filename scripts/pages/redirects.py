"""Old addresses that lead on: ``redirects.yml`` beside campaigns.yml.

URLs are a contract: printed QR codes and bookmarks point at them for years. When a page
moves (a campaign's slug is corrected, a kind of page is reorganised), its old address is
listed in redirects.yml with the new one, and every build leaves a small page at the old
address, in every language, that sends the reader on (and shows the 111 line, for a browser
that does not follow it). Paths are below each language's root and end with ``/``:

    redirects:
      - from: calendar/bodies/kar.bb/2024/
        to: calendar/bodies/kar.bb/

Problems are reported like those of campaigns.yml (``file:line:col: path: message``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from ..sources.docpages import shown
from ..sources.model import LANGUAGES, Data, Strict
from ..sources.validate import InvalidData, Problem, load_file
from ..sources.yamlsource import Located
from .render import render_redirect

REDIRECTS_FILE = "redirects.yml"
# a folder below a language root: ASCII, lower case, ending with /
SitePath = Annotated[str, StringConstraints(pattern=r"^(?:[a-z0-9][a-z0-9._-]*/)+$", max_length=300)]


class Redirect(Strict):
    from_: SitePath = Field(alias="from")
    to: SitePath


class RedirectFile(Strict):
    redirects: list[Redirect] = []


def redirects_path(data_file: Path) -> Path:
    return data_file.with_name(REDIRECTS_FILE)


def load(path: Path, display_name: str | None = None) -> tuple[list[Redirect], Located]:
    """The redirects of ``path`` with their source positions. Raises InvalidData."""
    parsed, src = load_file(path, RedirectFile, "'redirects'", display_name)
    problems = []
    seen: dict[str, int] = {}
    for i, r in enumerate(parsed.redirects):
        if r.from_ in seen:
            problems.append(Problem(src.where(("redirects", i, "from")), f"redirects[{i}].from",
                                    f"'{r.from_}' is listed twice (first at redirects[{seen[r.from_]}])"))
        seen.setdefault(r.from_, i)
        if r.from_ == r.to:
            problems.append(Problem(src.where(("redirects", i, "to")), f"redirects[{i}].to",
                                    "leads to itself"))
    if problems:
        raise InvalidData(problems)
    return parsed.redirects, src


def redirects_for(data_file: Path) -> tuple[list[Redirect], Located | None]:
    path = redirects_path(data_file)
    if not path.exists():
        return [], None

    return load(path, shown(path))


def outputs(data: Data, ctx) -> dict[str, str]:
    """An output generator (registered last: it checks the new addresses against every page
    made): ``{lang}/{from}index.html`` for every redirect and language."""
    redirects, src = redirects_for(ctx.data_file or ctx.root / "campaigns.yml")
    problems = []
    out = {}
    for i, r in enumerate(redirects):
        for lang in LANGUAGES:
            if _is_page(ctx, lang, r.from_):
                problems.append(Problem(src.where(("redirects", i, "from")), f"redirects[{i}].from",
                                        f"the site has a page at '{r.from_}' ({lang}): a redirect would hide it"))
                break
            if not _is_page(ctx, lang, r.to):
                problems.append(Problem(src.where(("redirects", i, "to")), f"redirects[{i}].to",
                                        f"the site has no page at '{r.to}' ({lang})"))
                break
            out[f"{lang}/{r.from_}index.html"] = render_redirect(data, lang, r.from_, r.to)
    if problems:
        raise InvalidData(problems)
    return out


def _is_page(ctx, lang: str, folder: str) -> bool:
    """Whether the build makes (or docs/ holds) the page served at ``folder`` in ``lang``."""
    candidates = [f"{lang}/{folder}index.md", f"{lang}/{folder.rstrip('/')}.md"]
    if any(c in ctx.produced for c in candidates):
        return True
    return ctx.docs_dir is not None and any((ctx.docs_dir / c).is_file() for c in candidates)
