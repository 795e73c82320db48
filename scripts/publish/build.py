"""One build: validated data -> generated pages -> MkDocs (strict) -> site/, atomically.

The site folder is replaced only when everything succeeded; a failed build leaves the
previous site untouched. MkDocs runs as a separate process on a composed configuration,
so the generator itself does not depend on MkDocs internals.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import yaml
from markupsafe import escape

from ..errors import BuildFailed
from ..sources import lessons, translations
from ..sources.languages import SETTINGS, check_strings, t
from ..sources.model import LANGUAGES, Data
from ..pages import calendar, home, redirects, render, templating, translationstatus, webapp
from ..printable import lessonpages, materials, posters, shareimages, teachers
from . import offline as offline_mod, search
from .processes import apart, run_to_end, signals_held


@dataclass(frozen=True)
class BuildContext:
    """What an output generator may need besides the data."""

    root: Path  # the repository
    cache_dir: Path  # kept between builds (e.g. rendered PDFs by content hash)
    produced: dict[str, int] = field(default_factory=dict)  # path below docs/ -> size in bytes
    docs_dir: Path | None = None  # where earlier generators' files are (to read them back)
    data_file: Path | None = None  # the data file of this build (default root/campaigns.yml); lessons.yml beside it belongs to it
    docs_src: Path | None = None  # the hand-written pages (default root/docs)
    lock_file: Path | None = None  # the translation record (default next to the data file)


# Every generator: (data, BuildContext) -> {path below docs/: text or bytes}.
# Markdown files become pages; anything else is copied into the site as it is.
# Generators run in this order; a later one sees what earlier ones made in ctx.produced
# (e.g. pages list the PDFs made before them, with their sizes).
# To add an output kind, write its module and add its function here.
OUTPUTS: list[Callable[[Data, BuildContext], dict[str, str | bytes]]] = [
    posters.outputs,  # before the pages: campaign pages list their printable files
    shareimages.outputs,  # the campaigns' share images (PNG), listed with the printable files
    calendar.outputs,
    lambda data, ctx: render.pages(data, materials.campaign_downloads(data, ctx),
                                   lessons.lessons_for(data, ctx.data_file)),
    lessonpages.outputs,  # lesson pages with their guide and handout PDFs
    home.outputs,  # the home pages: the hand-written docs/{lang}/index.md with the campaigns on now
    materials.pages,  # lists every printable file made before it
    offline_mod.pages,  # after every PDF: the offline page says whether the copy holds PDFs
    teachers.hub,  # after every printable file and feed: it lists them all (and the offline page)
    translationstatus.status_pages,  # after every page: it links to the pages made before it
    webapp.outputs,  # robots.txt, the web manifests and the PNG icons
    redirects.outputs,  # last: an old address may not hide a page, a new one must be a page
]


def _generator_name(generate) -> str:
    name = f"{generate.__module__}.{generate.__qualname__}"
    return "scripts.pages.render.pages" if "<lambda>" in name else name


def write_outputs(data: Data, docs_dir: Path, ctx: BuildContext, timings: dict | None = None) -> list[str]:
    """Write every generated file into ``docs_dir`` (which already holds the hand-written
    pages). A generated file never overwrites a hand-written one. ``timings`` (optional)
    receives each generator's time and what it made, for ``make bench``."""
    templating.keep_compiled_templates(ctx.cache_dir / "templates")
    written = []
    for generate in OUTPUTS:
        started = time.perf_counter()
        made = generate(data, ctx)
        if timings is not None:
            timings.setdefault("generators", []).append({
                "name": _generator_name(generate),
                "seconds": round(time.perf_counter() - started, 3),
                "files": dict(Counter(Path(rel).suffix.lstrip(".") or "other" for rel in made)),
            })
        for rel, content in made.items():
            target = docs_dir / rel
            # a generator that composes a hand-written page (home.outputs) writes it back
            if target.exists() and not getattr(generate, "composes_hand_written", False):
                raise BuildFailed(f"docs/{rel} is written by hand but the generator makes it too; rename or remove it")
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
            ctx.produced[rel] = target.stat().st_size
            written.append(rel)
        del made  # written: not kept while the next generator runs
    return written


def write_outputs_apart(data: Data, docs_dir: Path, ctx: BuildContext, timings: dict) -> dict[str, dict]:
    """``write_outputs`` in a child process (``apart``): what the generators load and keep (PDF
    layout, templates, caches, the pages they made) is given back when it exits, before MkDocs
    needs the memory. ``ctx.produced`` and ``timings`` receive what the child made and measured.
    Returns, per language, the outdated-translation notices for the theme, worked out in the
    child too: the translation report reads every source again."""
    def run():
        write_outputs(data, docs_dir, ctx, timings)
        return ctx.produced, timings, {lang: translations.notices(ctx, lang) for lang in LANGUAGES}

    produced, child_timings, notices = apart(run)
    ctx.produced.update(produced)
    timings.update(child_timings)
    return notices


def help_extra(data: Data, lang: str) -> dict:
    """The help bar over every page (overrides/main.html): the helpline's call link and facts,
    the emergency number's link when campaigns.yml gives one, and the way to the help page."""
    h, emergency = data.contacts.hotline, data.contacts.emergency
    return {
        "label": t(lang, "help.bar.label"),
        "lead": t(lang, "help.bar.lead"),
        "number": h.number,
        "call": t(lang, "help.bar.call", number=h.number),
        "facts": templating.numbers_with_words(f"{h.cost[lang]}, {h.confidentiality[lang]}, {h.hours[lang]}"),
        "danger_number": emergency.number if emergency else None,
        "danger": t(lang, "help.bar.danger", number=emergency.number) if emergency else None,
        "more": t(lang, "help.bar.more"),
        "path": SETTINGS[lang].prefix + "help/",
    }


def quick_exit_extra(data: Data, lang: str) -> dict:
    """The quick-exit button: where it leads, its label and what screen readers announce."""
    return {
        "url": data.site.quick_exit_url,
        **{key: t(lang, f"quick_exit.{key}")
           for key in ("label", "hint", "press_two", "press_one", "timed_out", "activated")},
    }


def open_graph_extra(lang: str) -> dict:
    """Open Graph's locale of the language and of the others (og:locale, og:locale:alternate)."""
    return {"locale": SETTINGS[lang].og_locale, "home": SETTINGS[lang].prefix,
            "alternates": [SETTINGS[other].og_locale for other in LANGUAGES if other != lang]}


def notfound_extra(lang: str) -> dict:
    """The 404 page of ``lang`` (served for the paths below its folder, see deploy/nginx.conf.j2):
    where it is written (scripts/publish/mkdocs_hooks.py) and what it says, in ``lang`` first and then in
    the other languages, for a reader who came to the wrong language's folder."""
    order = [lang] + [other for other in LANGUAGES if other != lang]
    return {
        "page": SETTINGS[lang].prefix + "404.html",
        "texts": [{"lang": code, "title": t(code, "notfound.title"), "text": t(code, "notfound.text"),
                   "home_label": t(code, "notfound.home"), "home": SETTINGS[code].prefix} for code in order],
    }


def compose_config(data: Data, base: Path, docs_dir: Path, site_dir: Path, root: Path) -> dict:
    config = yaml.safe_load(base.read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["site_url"] = data.site.url
    default = next(code for code, s in SETTINGS.items() if s.default)
    # the theme prints these as HTML, unescaped: they are escaped here
    config["site_name"] = _html(data.site.name[default])
    config["site_description"] = _html(data.site.description[default])
    config["theme"]["custom_dir"] = str(root / config["theme"]["custom_dir"])
    config["hooks"] = [str(root / hook) for hook in config.get("hooks", [])]
    config.setdefault("extra", {})["x_default_lang"] = default
    # absolute hreflang alternates: the site's scheme and host (a language's home is a path)
    config["extra"]["site_origin"] = "{0.scheme}://{0.netloc}".format(urlsplit(data.site.url))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                lang = language["locale"]
                language["site_name"] = _html(data.site.name[lang])
                language["site_description"] = _html(data.site.description[lang])
                # nav titles in mkdocs.yml are keys of i18n/<lang>.yml
                language["nav_translations"] = {key: t(lang, key) for key in _nav_keys(config["nav"])}
                language["extra"] = {"help": help_extra(data, lang)}
                language["extra"]["quick_exit"] = quick_exit_extra(data, lang)
                language["extra"]["og"] = open_graph_extra(lang)
                language["extra"]["site_short_name"] = _html(data.site.title_name()[lang])
                language["extra"]["webapp"] = webapp.theme_extra(lang)
                language["extra"]["notfound"] = notfound_extra(lang)
                language["extra"]["search"] = search.ui(lang)
                language["theme"] = {"language": lang}
    return config


def _html(text: str) -> str:
    return str(escape(text))


def _nav_keys(nav) -> list[str]:
    keys = []
    for item in nav:
        if isinstance(item, dict):
            for key, value in item.items():
                keys.append(key)
                if isinstance(value, list):
                    keys.extend(_nav_keys(value))
    return keys


def run_mkdocs(config_file: Path, cache_dir: Path | None = None) -> None:
    """``mkdocs build --strict`` of ``config_file``; the theme's compiled templates are kept in
    ``cache_dir``/templates (scripts/publish/mkdocs_hooks.py) when it is given."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if cache_dir is not None:
        env["TEMPLATE_CACHE_DIR"] = str(cache_dir / "templates")
    # No --quiet: it hides warnings from the counter that --strict relies on, and the build then
    # passes with broken links (MkDocs 1.6). The output is captured anyway.
    proc = run_to_end([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file)], env=env)
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
        shown = [ln for ln in lines if "WARNING" in ln or "ERROR" in ln] or lines[-15:]
        raise BuildFailed("MkDocs reported:\n  " + "\n  ".join(shown))


def add_language_extra(config: dict, values) -> None:
    """Add ``values(lang)`` to each language's config.extra (what the theme reads per language)."""
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                language.setdefault("extra", {}).update(values(language["locale"]))


def compact_search_index(path: Path) -> None:
    """Rewrite MkDocs' search index as UTF-8 without spaces: it escapes every Cyrillic letter
    as \\uXXXX (6 bytes instead of 2), so the index shrinks to about 40 %."""
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def build_site(data: Data, root: Path, site_dir: Path, data_file: Path | None = None, *,
               docs_src: Path | None = None, lock_file: Path | None = None,
               cache_dir: Path | None = None, offline: bool = True, keep_docs: Path | None = None,
               timings: dict | None = None) -> Path:
    """Build the site into ``site_dir``. ``offline`` also makes the per-language offline zips
    (scripts/publish/offline.py) from the built site. ``keep_docs`` keeps a copy of
    the generated docs folder (the benchmark builds a bare baseline from it); ``timings``
    receives the duration of each phase."""
    timings = {} if timings is None else timings
    problems = check_strings()
    if problems:
        raise BuildFailed("\n".join(problems))
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=site_dir.parent))
    try:
        docs_dir = work / "docs"
        shutil.copytree(docs_src or root / "docs", docs_dir)
        ctx = BuildContext(root=root, cache_dir=cache_dir or root / ".cache", docs_dir=docs_dir,
                           data_file=data_file or root / "campaigns.yml",
                           docs_src=docs_src, lock_file=lock_file)
        started = time.perf_counter()
        notices = write_outputs_apart(data, docs_dir, ctx, timings)
        timings["generators_total"] = round(time.perf_counter() - started, 3)
        new_site = work / "site"
        config = compose_config(data, root / "mkdocs.yml", docs_dir, new_site, root)
        # outdated translations: the theme shows a notice on those pages
        add_language_extra(config, lambda lang: {"translation": notices[lang]})
        config_file = work / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        started = time.perf_counter()
        run_mkdocs(config_file, ctx.cache_dir)
        compact_search_index(new_site / "search" / "search_index.json")
        timings["mkdocs"] = round(time.perf_counter() - started, 3)
        try:  # inside the work folder: a failed index leaves the site as it was
            timings["search_index"] = search.build_index(new_site)
        except search.SearchIndexFailed as exc:
            raise BuildFailed(f"the search index could not be built: {exc}") from None
        if offline:
            offline_mod.move_into(new_site, offline_mod.build_bundles(data, new_site, work / "offline", timings))
        # Material's single index of every language: read by the offline copies (above), never
        # by the site, whose search reads pagefind/
        single_index = new_site / "search" / "search_index.json"
        if single_index.exists():
            timings["single_search_index_bytes"] = single_index.stat().st_size
            shutil.rmtree(single_index.parent)
        if keep_docs is not None:
            shutil.copytree(docs_dir, keep_docs)
        # Swap in the new site: rename is atomic on one filesystem.
        old = work / "previous-site"
        swapped = False
        try:
            with signals_held():  # a stop waits until the new site is in place (or the old one back)
                if site_dir.exists():
                    site_dir.rename(old)
                try:
                    new_site.rename(site_dir)
                except BaseException:
                    if old.exists():
                        old.rename(site_dir)  # put the previous site back before the work folder goes
                    raise
                swapped = True
        except KeyboardInterrupt:
            if not swapped:
                raise
            # the stop came while the new site was put in place: it is there, whole; the build is done
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return site_dir
