"""The offline copy for schools: one zip per language that works opened from disk (file://).

Each language is built on its own by MkDocs, from the same generated pages as the site, with
``use_directory_urls: false`` (links end in .../index.html, which a browser can open from a
folder) and Material's offline plugin (the search index inlined as a script). Built per
language, each copy keeps its own search index: under static-i18n the offline plugin would keep
only the last-built language's. The plugin's Web Worker shim (iframe-worker) is served from
scripts/vendor/, never from a CDN.

``pages`` (an output generator) makes the page ``{lang}/offline/index.md`` that offers the
download; ``build_bundles`` (called by build.py, in parallel with the main MkDocs run) makes the
zips, which go next to that page: ``{prefix}offline/{name}.zip``.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import time
import zipfile
from pathlib import Path

import yaml

from .languages import SETTINGS, t
from .model import LANGUAGES, Data
from .render import Context, _render

VENDOR = Path(__file__).resolve().parent / "vendor"
SHIM = "assets/javascripts/iframe-worker-shim.js"  # where the offline build serves the shim


def bundle_name(data: Data, lang: str) -> str:
    """The zip's name without .zip, also the folder inside it: e.g. bala-campaigns-kz-ru."""
    host = re.sub(r"^https?://", "", data.site.url).strip("/")
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") + f"-{lang}"


def zip_site_path(data: Data, lang: str) -> str:
    """Where the zip is in the built site (next to the offline page)."""
    return f"{SETTINGS[lang].prefix}offline/{bundle_name(data, lang)}.zip"


def render_page(data: Data, lang: str, *, in_copy: bool, has_pdf: bool, made_on: str | None = None) -> str:
    return _render("offline.md.j2", Context(data, lang, depth=1), in_copy=in_copy, has_pdf=has_pdf,
                   name=bundle_name(data, lang), made_on=made_on,
                   site_url=data.site.url + SETTINGS[lang].prefix)


def _has_pdf(produced, lang: str) -> bool:
    return any(p.startswith(f"{lang}/") and p.endswith(".pdf") for p in produced)


def pages(data: Data, ctx) -> dict[str, str]:
    """The download page in every language (an output generator: register it last, so that it
    knows whether the copy holds PDFs)."""
    return {f"{lang}/offline/index.md": render_page(data, lang, in_copy=False, has_pdf=_has_pdf(ctx.produced, lang))
            for lang in LANGUAGES}


def _translate_nav(nav, lang: str):
    out = []
    for item in nav:
        if isinstance(item, dict):
            out.append({t(lang, key): _translate_nav(value, lang) if isinstance(value, list) else value
                        for key, value in item.items()})
        else:
            out.append(item)
    return out


def offline_config(data: Data, main: dict, lang: str, docs_dir: Path, site_dir: Path) -> dict:
    """The site's composed MkDocs configuration, made into a one-language offline build."""
    from .build import help_extra, quick_exit_extra

    config = copy.deepcopy(main)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["site_url"] = data.site.url + SETTINGS[lang].prefix
    config["use_directory_urls"] = False
    config["site_name"] = data.site.name[lang]
    config["site_description"] = data.site.description[lang]
    config["theme"]["language"] = lang
    config["nav"] = _translate_nav(config["nav"], lang)
    extra = {key: value for key, value in config.get("extra", {}).items() if key != "x_default_lang"}
    extra["help"] = dict(help_extra(data, lang), path="help.html")
    extra["quick_exit"] = quick_exit_extra(data, lang)
    extra["polyfills"] = [SHIM]  # the offline plugin adds a CDN copy unless one is listed
    config["extra"] = extra
    plugins = [p for p in config["plugins"] if not (isinstance(p, dict) and "i18n" in p)]
    config["plugins"] = plugins + ["offline"]
    return config


def _copy_docs(docs_dir: Path, lang: str, target: Path) -> None:
    """One language's pages at the root, with whatever docs/ holds outside the language folders."""
    shutil.copytree(docs_dir / lang, target)
    for entry in docs_dir.iterdir():
        if entry.name in LANGUAGES:
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, dirs_exist_ok=True)
        else:
            shutil.copy2(entry, target / entry.name)


def _lunr_files(search_langs: list[str]) -> set[str]:
    """The lunr files Material's search worker loads for these languages (as its worker does:
    lunr.LANG for each language but English, lunr.multi for several, and their support file)."""
    base = "assets/javascripts/lunr/"
    files = {f"{base}min/lunr.{lang}.min.js" for lang in search_langs if lang != "en"}
    files |= {base + "tinyseg.js" for lang in search_langs if lang == "ja"}
    files |= {base + "wordcut.js" for lang in search_langs if lang in ("hi", "th")}
    if len(search_langs) > 1:
        files.add(f"{base}min/lunr.multi.min.js")
    if files:
        files.add(f"{base}min/lunr.stemmer.support.min.js")
    return files


def _needless(rel: str, search_langs: list[str]) -> bool:
    """Files a copy opened from disk never uses: source maps, sitemaps, the search index as
    JSON (the browser reads search_index.js), and lunr's packs for languages search is not in."""
    if rel.endswith(".map") or rel.startswith("sitemap.xml") or rel == "search/search_index.json":
        return True
    return rel.startswith("assets/javascripts/lunr/") and rel not in _lunr_files(search_langs)


def _search_langs(config: dict) -> list[str]:
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "search" in plugin:
            lang = (plugin["search"] or {}).get("lang", ["en"])
            return [lang] if isinstance(lang, str) else list(lang)
    return ["en"]


def _zip(folder: Path, zip_file: Path, top: str, search_langs: list[str]) -> None:
    with zipfile.ZipFile(zip_file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and not _needless(rel, search_langs):
                zf.write(path, f"{top}/{rel}")


def build_bundles(data: Data, main_config: dict, docs_dir: Path, work: Path, timings: dict | None = None
                  ) -> dict[str, Path]:
    """Build and zip the offline copy of every language, one after another.
    Returns {path in the site: zip file}. Raises BuildFailed (from MkDocs) on any problem."""
    from .build import compact_search_index, run_mkdocs

    timings = {} if timings is None else timings
    made_on = dt.date.today().isoformat()
    out = {}
    started_all = time.perf_counter()
    for lang in LANGUAGES:
        started = time.perf_counter()
        name = bundle_name(data, lang)
        base = work / lang
        odocs, osite = base / "docs", base / "site"
        _copy_docs(docs_dir, lang, odocs)
        has_pdf = any(odocs.rglob("*.pdf"))
        (odocs / "offline" / "index.md").write_text(
            render_page(data, lang, in_copy=True, has_pdf=has_pdf, made_on=made_on), encoding="utf-8")
        (odocs / SHIM).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(VENDOR / "iframe-worker" / "shim.js", odocs / SHIM)
        config = offline_config(data, main_config, lang, odocs, osite)
        config_file = base / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        run_mkdocs(config_file)
        compact_search_index(osite / "search" / "search_index.js", prefix="var __index = ")
        zip_file = base / f"{name}.zip"
        _zip(osite, zip_file, name, _search_langs(config))
        out[zip_site_path(data, lang)] = zip_file
        timings.setdefault("offline_langs", {})[lang] = round(time.perf_counter() - started, 3)
    timings["offline"] = round(time.perf_counter() - started_all, 3)
    return out
