"""Serve the built site on loopback the way the production server does (see deploy/ for nginx):

- unknown paths get their language's 404 page (``/ru/404.html`` below ``/ru/`` …) with status 404;
- any ``…/sitemap.xml`` is answered with the root sitemap. Material's language-switcher script
  fetches ``sitemap.xml`` relative to every ``<link rel="alternate">``, and static-i18n makes those
  links page URLs, so without this every page load would 404 (known upstream: zensical/zensical#908).
"""
from __future__ import annotations

import argparse
import functools
import http.server
from pathlib import Path

from ..sources.languages import SETTINGS


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean.endswith("/sitemap.xml"):
            path = "/sitemap.xml"
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        folder = self.path.lstrip("/").split("/", 1)[0] + "/"
        prefix = next((s.prefix for s in SETTINGS.values() if s.prefix and s.prefix == folder), "")
        page = Path(self.directory) / prefix / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # quieter: only errors
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Serve the built site on loopback.")
    parser.add_argument("--directory", default="site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    handler = functools.partial(SiteHandler, directory=args.directory)
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"Serving {args.directory}/ at http://{args.bind}:{args.port}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
