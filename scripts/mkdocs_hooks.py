"""MkDocs hooks (mkdocs.yml ``hooks:``): the only code of ours that MkDocs loads.

Memory: MkDocs reads and renders every page of a language before it writes the first one, and
mkdocs-static-i18n builds the other languages while the first one's pages are still held. A
written page's Markdown and HTML body are not read again (links are checked against the
anchors each page keeps), so they are let go once the page is written: the build then holds
the text of about one language at a time instead of all three.
"""
from __future__ import annotations


def on_post_page(output: str, page, config) -> str:
    # the page's output is complete here; MkDocs writes it right after this event
    page.markdown = None
    page.content = None
    return output
