"""The nginx configuration for a built site (deploy/nginx.conf.j2), with its Content-Security-Policy.

Scripts may come only from the site itself (and the search may compile its WebAssembly). Material writes a few small inline scripts into every
page; instead of allowing inline scripts in general ('unsafe-inline'), the policy lists the sha256
hash of each one, computed here from the built HTML so that it always matches the pages served.
"""
from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.j2"

# <script type=...> values a browser runs; anything else (application/json …) is data.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _InlineScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag != "script":
            return
        attrs = dict(attrs)
        if "src" not in attrs and (attrs.get("type") or "").strip().lower() in EXECUTABLE_TYPES:
            self._current = []

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run in ``html``."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP source expressions for every distinct inline script in the site's pages."""
    hashes = set()
    for page in sorted(Path(site_dir).rglob("*.html")):
        for text in inline_scripts(page.read_text(encoding="utf-8")):
            hashes.add(script_hash(text))
    return sorted(hashes)


def content_security_policy(site_dir: Path) -> str:
    directives = {
        "default-src": ["'none'"],
        # search (Pagefind) compiles its WebAssembly: 'wasm-unsafe-eval' allows that and nothing
        # else ('unsafe-eval' would also allow eval() and new Function(), never needed here)
        "script-src": ["'self'", "'wasm-unsafe-eval'", *inline_script_hashes(site_dir)],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs in its stylesheet
        "font-src": ["'self'"],
        "connect-src": ["'self'"],  # the search index's files (pagefind/)
        "worker-src": ["'self'"],  # Pagefind's worker (pagefind/pagefind-worker.js)
        "manifest-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def render_config(site_dir: Path, listen: str, prefix: Path) -> str:
    """The nginx configuration serving ``site_dir`` on ``listen``; nginx's own files go to ``prefix``."""
    env = Environment(loader=FileSystemLoader(TEMPLATE.parent), undefined=StrictUndefined,
                      autoescape=False, keep_trailing_newline=True)  # nginx syntax, not HTML
    site_dir, prefix = Path(site_dir).resolve(), Path(prefix).resolve()
    for value in (str(site_dir), str(prefix), listen):
        if any(ch in value for ch in '"\'$\\\n') or not value.strip():
            raise ValueError(f"cannot be written into an nginx configuration: {value!r}")
    return env.get_template(TEMPLATE.name).render(
        site_dir=site_dir, prefix=prefix, listen=listen, csp=content_security_policy(site_dir))


def prepare_prefix(prefix: Path) -> None:
    """Folders nginx writes into (temporary files, logs, pid)."""
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (Path(prefix) / "tmp" / name).mkdir(parents=True, exist_ok=True)
