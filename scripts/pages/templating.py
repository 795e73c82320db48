"""The one Jinja environment every renderer uses: HTML autoescape on, undefined names fail."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape

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
    return env


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
