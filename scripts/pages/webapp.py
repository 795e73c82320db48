"""What browsers and crawlers read besides the pages: ``robots.txt`` naming the sitemap, a web
manifest per language (name, colours, icons, the language's home as start), and the site's icons
as PNG for phones' home screens (``apple-touch-icon``), drawn from the theme's favicon.svg.

The colours are the site's own (``--md-primary-fg-color`` in site.css); overrides/main.html links
the manifest, the touch icon and ``theme-color`` on every page (``config.extra.webapp``).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import BuildFailed
from ..sources.languages import SETTINGS
from ..sources.model import LANGUAGES, Data
from .templating import environment

ROOT = Path(__file__).resolve().parents[2]
FAVICON = ROOT / "overrides" / "assets" / "images" / "favicon.svg"
SITE_CSS = ROOT / "overrides" / "assets" / "stylesheets" / "site.css"
BACKGROUND = "#ffffff"  # Material's page background (the site sets no other)
MANIFEST = "manifest.webmanifest"
ICON_DIR = "assets/images/"  # below the site root, beside favicon.svg
# file name -> (pixels, on the site's colour): the favicon as it is, and on a full square for
# the home screens that crop icons (maskable) and for iOS (which fills transparency with black)
ICONS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, True),
}
TOUCH_ICON = "apple-touch-icon.png"


def theme_color(css: Path = SITE_CSS) -> str:
    """The site's primary colour, as site.css sets it for the theme."""
    found = re.search(r"--md-primary-fg-color:\s*(#[0-9a-fA-F]{3,8})\s*;", css.read_text(encoding="utf-8"))
    if not found:
        raise ValueError(f"{css}: no --md-primary-fg-color: the web manifest takes the site's colour from it")
    return found.group(1).lower()


def theme_extra(lang: str) -> dict:
    """config.extra.webapp for the pages of ``lang`` (paths below the site root)."""
    return {"manifest": SETTINGS[lang].prefix + MANIFEST, "touch_icon": ICON_DIR + TOUCH_ICON,
            "theme_color": theme_color()}


def robots(data: Data) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {data.site.url}sitemap.xml\n"


def manifest(data: Data, lang: str) -> str:
    """The web manifest of ``lang``'s pages; its addresses are relative to where it is served."""
    up = "../" * SETTINGS[lang].prefix.count("/")
    icons = [{"src": f"{up}{ICON_DIR}favicon.svg", "sizes": "any", "type": "image/svg+xml"}]
    for name, (size, filled) in ICONS.items():
        if name != TOUCH_ICON:
            icons.append({"src": f"{up}{ICON_DIR}{name}", "sizes": f"{size}x{size}", "type": "image/png",
                          "purpose": "maskable" if filled else "any"})
    return json.dumps({
        "name": data.site.name[lang],
        "short_name": data.site.title_name()[lang],
        "description": data.site.description[lang],
        "lang": lang,
        "dir": "ltr",
        "start_url": "./",
        "scope": f"{up}" or "./",
        "display": "browser",
        "theme_color": theme_color(),
        "background_color": BACKGROUND,
        "icons": icons,
    }, ensure_ascii=False, indent=2) + "\n"


def icons(cache_dir: Path) -> dict[str, bytes]:
    """The PNG icons, drawn from favicon.svg (WeasyPrint lays it out, poppler's pdftocairo
    rasterises it with its transparency); kept in ``cache_dir`` by a hash of what they are made of."""
    color = theme_color()
    svg = FAVICON.read_bytes()
    out = {}
    for name, (size, filled) in ICONS.items():
        key = hashlib.sha256(b"%d %d %s " % (size, filled, color.encode()) + svg).hexdigest()[:16]
        cached = cache_dir / "icons" / f"{key}.png"
        if not cached.exists():
            cached.parent.mkdir(parents=True, exist_ok=True)
            _draw(cached, size, color if filled else None)
        out[name] = cached.read_bytes()
    return out


def _draw(target: Path, size: int, background: str | None) -> None:
    # WeasyPrint is heavy: imported only when an icon is drawn
    from weasyprint import HTML

    html = environment().get_template("icon.html.j2").render(favicon=FAVICON.as_uri(), background=background)
    tool = shutil.which("pdftocairo")
    if tool is None:
        raise BuildFailed("pdftocairo is missing (Debian's poppler-utils): it draws the site's PNG icons")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "icon.pdf"
        HTML(string=html, base_url=str(FAVICON.parent)).write_pdf(pdf)
        subprocess.run([tool, "-png", "-singlefile", "-scale-to", str(size), *([] if background else ["-transp"]),
                        str(pdf), str(Path(tmp) / "icon")], check=True, capture_output=True)
        shutil.move(Path(tmp) / "icon.png", target.with_suffix(".tmp"))
    target.with_suffix(".tmp").replace(target)


def outputs(data: Data, ctx) -> dict[str, str | bytes]:
    """The generator registered in build.OUTPUTS: robots.txt, the manifests and the icons (the
    default language's folder is the site root)."""
    root = next(code for code, s in SETTINGS.items() if s.default) + "/"
    out: dict[str, str | bytes] = {root + "robots.txt": robots(data)}
    for lang in LANGUAGES:
        out[f"{lang}/{MANIFEST}"] = manifest(data, lang)
    for name, png in icons(ctx.cache_dir).items():
        out[root + ICON_DIR + name] = png
    return out
