"""MkDocs hooks (mkdocs.yml ``hooks:``): the only code of ours that MkDocs loads.

Memory: MkDocs reads and renders every page of a language before it writes the first one, and
mkdocs-static-i18n builds the other languages while the first one's pages are still held. A
written page's Markdown and HTML body are not read again (links are checked against the
anchors each page keeps), so they are let go once the page is written: the build then holds
the text of about one language at a time instead of all three.

Time: each language's build makes a new Jinja environment, which would compile the theme's
templates again; the compiled templates are kept for the next language's (Jinja checks each
against its source), and in the build's cache (TEMPLATE_CACHE_DIR, set by the build) for the
next build: compiling them took about half a second of every build.

Heading anchors: Unicode slugs that keep Kazakh and Russian letters (pymdownx.slugs, which comes
with Material), so that ``#көмек-алу`` means something in a shared link and does not change when
another heading is added (Python-Markdown's default drops every non-Latin letter and numbers
what is left: ``#_1``, ``#_2``). An anchor that would not start with a letter gets ``h-`` before
it (``#h-111``): HTML checkers and some tools expect ids to start with a letter.

404 pages: each language's build writes its own (see on_post_template).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import jinja2
from pymdownx.slugs import slugify as _unicode_slugify

_slug = _unicode_slugify(case="lower")


def heading_slug(text: str, separator: str) -> str:
    """A heading's anchor: its words in their own letters, lower case, joined by ``separator``."""
    slug = re.sub(f"(?:{re.escape(separator)})+", separator, _slug(text, separator)).strip(separator)
    return slug if slug[:1].isalpha() else f"h{separator}{slug}" if slug else "h"


def on_config(config):
    config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
    return config


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, in memory for the rest of this MkDocs run, and on disk in
    ``directory`` (the build's cache, TEMPLATE_CACHE_DIR) for the next build when given."""

    def __init__(self, directory: str | None = None) -> None:
        self.store: dict[str, bytes] = {}
        self.disk = jinja2.FileSystemBytecodeCache(directory) if directory else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
        elif self.disk is not None:
            try:  # a cache never fails a build: what cannot be read is compiled again
                self.disk.load_bytecode(bucket)  # Jinja checks it against the template's source
            except OSError:
                return
            if bucket.code is not None:
                self.store[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            try:
                Path(self.disk.directory).mkdir(parents=True, exist_ok=True)
                self.disk.dump_bytecode(bucket)
            except OSError:
                pass


_COMPILED: _CompiledTemplates | None = None


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = _CompiledTemplates(os.environ.get("TEMPLATE_CACHE_DIR") or None)
    env.bytecode_cache = _COMPILED
    return env


def on_post_page(output: str, page, config) -> str:
    # the page's output is complete here; MkDocs writes it right after this event
    page.markdown = None
    page.content = None
    return output


def on_post_template(output: str, template_name: str, config) -> str:
    """Each language's build renders the theme's 404.html for the site root: it goes to its own
    language's place instead (config.extra.notfound.page, set by scripts/publish/build.py), so that the
    root's stays the default language's. An empty result tells MkDocs not to write it there."""
    target = ((config.extra or {}).get("notfound") or {}).get("page")
    if template_name != "404.html" or not target or target == template_name:
        return output
    path = Path(config.site_dir) / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output, encoding="utf-8")
    return ""
