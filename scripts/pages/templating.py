"""The one Jinja environment every renderer uses: HTML autoescape on, undefined names fail."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["oneline"] = lambda s: " ".join(str(s).split())
    env.filters["n"] = lambda v: f"{v:.1f}".rstrip("0").rstrip(".")  # SVG coordinates
    env.filters["with_number"] = with_number
    env.filters["numbers_with_words"] = numbers_with_words
    return env


def with_number(text: str, number: str) -> Markup:
    """A call button's label: no space in it breaks (a telephone link's text keeps non-breaking
    spaces, html-validate's tel-non-breaking), the number stays with its neighbouring word, and
    the other words may still wrap on a narrow phone, at a ``<wbr>`` after their space
    («112 нөміріне | қоңырау шал», never «қоңы|рау»)."""
    words = str(text).split(" ")
    out = escape(words[0])
    for before, word in zip(words, words[1:]):
        out += Markup("\u00a0" if number in before or number in word else "\u00a0<wbr>") + escape(word)
    return out


def numbers_with_words(text: str) -> str:
    """``text`` with a number kept on the line of the word after it ("24 hours a day" never
    breaks after "24"), on the narrowest phone too."""
    return re.sub(r"(\d) ", "\\1\u00a0", str(text))


class _KeptTemplates(FileSystemBytecodeCache):
    """Jinja's folder of compiled templates, which never fails a build: a template that cannot
    be kept (the folder went, the disk is full) is only compiled again next time."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def keep_compiled_templates(directory: Path) -> None:
    """Keep the compiled templates in ``directory`` (the build's cache) for the next build:
    compiling them took about half a second of every build. Jinja checks each against its
    source, so a changed template is compiled again."""
    environment().bytecode_cache = _KeptTemplates(str(directory))
