"""The nginx configuration for a built site (deploy/nginx.conf.j2): its Content-Security-Policy,
each language's 404 page, and a 301 for every moved address.

Scripts may come only from the site itself (and the search may compile its WebAssembly). Material writes a few small inline scripts into every
page; instead of allowing inline scripts in general ('unsafe-inline'), the policy lists the sha256
hash of each one, computed here from the built HTML so that it always matches the pages served.
"""
from __future__ import annotations

import base64
import hashlib
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..sources.languages import SETTINGS
from ..pages.render import is_redirect

ROOT = Path(__file__).resolve().parents[2]
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


class _Canonical(HTMLParser):
    def __init__(self):
        super().__init__()
        self.href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical" and self.href is None:
            self.href = attrs.get("href")


def moved_addresses(site_dir: Path) -> dict[str, str]:
    """Old path -> new path (from the site's root, ending with /) for every page the build kept
    at an old address (scripts/pages/redirects.py): nginx answers them with 301, and the HTML page
    stays for hosts without server rules (GitHub Pages). Read from the built site, so that the
    rules always match what it holds."""
    site_dir = Path(site_dir)
    moved = {}
    for page in sorted(site_dir.rglob("index.html")):
        if not is_redirect(page):
            continue
        parser = _Canonical()
        parser.feed(page.read_text(encoding="utf-8"))
        if not parser.href:
            raise ValueError(f"{page}: a page kept at an old address names no new one (link rel=canonical)")
        old = "/" + page.parent.relative_to(site_dir).as_posix() + "/"
        moved[old] = urlsplit(parser.href).path
    return moved


def language_folders() -> list[dict]:
    """The languages served below a folder of their own (/ru/, /en/), with their 404 page; the
    default language's 404 page, at the root, answers for every other path."""
    return [{"folder": "/" + s.prefix, "not_found": "/" + s.prefix + "404.html"}
            for s in SETTINGS.values() if s.prefix]


def render_config(site_dir: Path, listen: str, prefix: Path) -> str:
    """The nginx configuration serving ``site_dir`` on ``listen``; nginx's own files go to ``prefix``."""
    env = Environment(loader=FileSystemLoader(TEMPLATE.parent), undefined=StrictUndefined,
                      autoescape=False, keep_trailing_newline=True)  # nginx syntax, not HTML
    site_dir, prefix = Path(site_dir).resolve(), Path(prefix).resolve()
    for value in (str(site_dir), str(prefix), listen):
        if any(ch in value for ch in '"\'$\\\n') or not value.strip():
            raise ValueError(f"cannot be written into an nginx configuration: {value!r}")
    moved = moved_addresses(site_dir)
    for path in [*moved, *moved.values()]:
        if any(ch in path for ch in '"\'$\\;{} \n'):
            raise ValueError(f"cannot be written into an nginx configuration: {path!r}")
    return env.get_template(TEMPLATE.name).render(
        site_dir=site_dir, prefix=prefix, listen=listen, csp=content_security_policy(site_dir),
        moved=moved, languages=language_folders())


def prepare_prefix(prefix: Path) -> None:
    """Folders nginx writes into (temporary files, logs, pid)."""
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (Path(prefix) / "tmp" / name).mkdir(parents=True, exist_ok=True)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(site_dir: Path, prefix: Path):
    """nginx serving ``site_dir`` with the production configuration on a free loopback port,
    for as long as the ``with`` block runs; yields the base URL (``http://127.0.0.1:PORT/``).
    In the foreground, one process: as root, worker processes would switch to a user that
    cannot read a private temporary folder."""
    import shutil
    import socket
    import subprocess
    import time

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is missing: `make system-deps` installs Debian's nginx")
    prefix = Path(prefix)
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(render_config(site_dir, f"127.0.0.1:{port}", prefix), encoding="utf-8")
    prepare_prefix(prefix)
    proc = subprocess.Popen([nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf),
                             "-g", "daemon off; master_process off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"nginx did not start:\n{proc.stdout.read()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("nginx did not answer within 15 s")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
