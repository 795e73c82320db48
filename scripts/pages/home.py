"""The home page of each language: the hand-written introduction, then what the data says now.

    {lang}/index.md   the hand-written docs/{lang}/index.md, with generated sections inserted

The hand-written page stays the editors' (its front matter, heading and introduction, and any
sections they add). Its text up to its first second-level heading (``## ``) is the introduction;
then come the generated sections (templates/home.md.j2):

1. the campaigns on now and coming up (at most status.HOME_CARDS cards: name and slogan in the
   page's language with the original second, status, dates, where); when none is, the most
   recent ones, "ended on …" (status.HOME_RECENT);
2. help: the 111 line, the help and stay-safe pages;
3. what teachers need: lessons by grade, printable materials, calendar feeds, the offline copy;

and after them the rest of the hand-written page. The statuses are the build's (SOURCE_DATE_EPOCH
when set); campaign-status.js puts them right for the reader's day, and the daily rebuild of the
publishing workflow moves the cards on.
"""
from __future__ import annotations

import re

from ..sources.model import LANGUAGES, Data
from . import render
from .status import home_campaigns

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_SECTION = re.compile(r"^## ", re.M)


def split_page(text: str) -> tuple[str, str, str]:
    """A hand-written page -> (front matter, introduction, the rest from its first ``## ``)."""
    match = _FRONT_MATTER.match(text)
    front = match.group(0) if match else ""
    body = text[len(front):]
    section = _SECTION.search(body)
    if section is None:
        return front, body, ""
    return front, body[:section.start()], body[section.start():]


def render_home(data: Data, lang: str, hand_written: str) -> str:
    front, intro, rest = split_page(hand_written)
    listed = home_campaigns(data)
    return render._render("home.md.j2", render.Context(data, lang, depth=0), front=front, intro=intro.rstrip() + "\n",
                          rest=rest, current=listed.current, recent=listed.recent)


def outputs(data: Data, ctx) -> dict[str, str]:
    """Every language's home page, made from its hand-written page in the build's docs folder."""
    out = {}
    for lang in LANGUAGES:
        page = ctx.docs_dir / lang / "index.md"
        out[f"{lang}/index.md"] = render_home(data, lang, page.read_text(encoding="utf-8"))
    return out


# The build lets this generator write over the hand-written page it was made from.
outputs.composes_hand_written = True
