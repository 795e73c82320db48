"""MkDocs hooks (mkdocs.yml ``hooks:``): the only code of ours that MkDocs loads.

Memory: MkDocs reads and renders every page of a language before it writes the first one, and
mkdocs-static-i18n builds the other languages while the first one's pages are still held. A
written page's Markdown and HTML body are not read again (links are checked against the
anchors each page keeps), so they are let go once the page is written: the build then holds
the text of about one language at a time instead of all three.

Time: each language's build makes a new Jinja environment, which would compile the theme's
templates again; the compiled templates are kept for the next language's (Jinja checks each
against its source).
"""
from __future__ import annotations

import jinja2


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, in memory, for the rest of this MkDocs run."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    env.bytecode_cache = _COMPILED
    return env


def on_post_page(output: str, page, config) -> str:
    # the page's output is complete here; MkDocs writes it right after this event
    page.markdown = None
    page.content = None
    return output
