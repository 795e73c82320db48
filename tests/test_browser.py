"""The built site in a real browser, served as in production.

nginx (Debian's, with deploy/nginx.conf.j2 rendered for the built site) serves the site on a
loopback port; Debian's chromium, driven by Playwright, visits it. One server and one browser for
the whole module. Checked in kk, ru and en:

- WCAG 2.2 AA with axe-core (tags wcag2a, wcag2aa, wcag21aa, wcag22aa) on one page of every kind
  (PAGE_KINDS; kinds other features add are covered when the built site has them), at desktop and
  phone sizes: zero violations;
- no console errors (so no Content-Security-Policy violations) and no request to any other host;
- the quick exit: button, Shift pressed three times, Back does not return, without JavaScript;
- the keyboard: quick exit, 111 link and language switcher first, in that order, with a visible
  focus; no focused element is hidden (WCAG 2.4.11);
- page weight: the first view of every campaign page with a cold cache, in encoded bytes;
- the first screen of every campaign page on a 390×844 phone: the name and slogan in the page's
  language (the original second), the status, the 111 link and the three actions; at most
  MAX_CAMPAIGN_ELEMENTS elements; the status follows the reader's own day (campaign-status.js).

Chromium is told that every host but 127.0.0.1 does not exist, so no test can reach the internet
even if a page asked it to (the quick exit's neutral site is answered by the test itself).
"""
from __future__ import annotations

import fnmatch
import re
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright import sync_api

from scripts.dev import audit
from scripts.sources.languages import SETTINGS, t
from scripts.publish.nginx import inline_scripts, running, script_hash
from scripts.sources.validate import load_data

CHROMIUM = "/usr/bin/chromium"
LANGS = list(SETTINGS)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
PAGE_WEIGHT_BUDGET = 100_000  # bytes on the wire (compressed), first view, cold cache
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 800, "height": 1000}
PHONE = {"width": 360, "height": 640}
VIEWPORTS = {"desktop": DESKTOP, "tablet": TABLET, "phone": PHONE}
FIRST_SCREEN = {"width": 390, "height": 844}  # a phone a poster's QR code is scanned with (issue 18)
MAX_CAMPAIGN_ELEMENTS = 800  # DOM elements of a campaign page (its plan is bounded: render.PLAN_ROWS)

# One page of every kind (a glob below a language's root, the first match is used), and the kinds a
# feature may add later, covered whenever the built site has them: one list, shared with `make
# audit` (scripts/dev/audit.py). A page the navigation links to that matches no kind there fails
# test_every_nav_page_kind_is_covered.
PAGE_KINDS, OPTIONAL_KINDS = audit.PAGE_KINDS, audit.OPTIONAL_KINDS
NOT_FOUND_PATH = "no-such-page/"  # below each language's root: answered with the site's 404 page

ROOT = Path(__file__).resolve().parent.parent
DATA = load_data(ROOT / "campaigns.yml")
QUICK_EXIT_URL = DATA.site.quick_exit_url
HOTLINE = DATA.contacts.hotline.number
NEUTRAL_PAGE = "<!doctype html><html lang=en><title>Weather</title><p>Weather forecast</p></html>"


# ------------------------------------------------------------------------------- the server

@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT/
    prefix: Path  # nginx's own folder (logs)
    site: Path

    def url(self, lang: str, path: str = "") -> str:
        return self.base + SETTINGS[lang].prefix + path

    def access_log_size(self) -> int:
        return (self.prefix / "access.log").stat().st_size

    def access_log_since(self, offset: int) -> list[str]:
        with open(self.prefix / "access.log", encoding="utf-8") as fh:
            fh.seek(offset)
            return fh.read().splitlines()


@contextmanager
def serving(site: Path, prefix: Path):
    """nginx serving ``site`` as in production on a free loopback port (its own files in
    ``prefix``): scripts/publish/nginx.py's, as ``make audit`` and ``make bench`` serve it."""
    with running(site, prefix) as base:  # RuntimeError, with the reason, when nginx is missing or silent
        yield Server(base=base, prefix=prefix, site=site)


@pytest.fixture(scope="module")
def server(built_site, tmp_path_factory):
    with serving(built_site, tmp_path_factory.mktemp("nginx")) as srv:
        yield srv


def launch(pw):
    assert Path(CHROMIUM).exists(), "chromium is missing: `make test` installs Debian's chromium"
    return pw.chromium.launch(
        executable_path=CHROMIUM,
        args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
              "--disable-background-networking", "--disable-component-update", "--no-first-run"])


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """What one page view did: requests, console errors, uncaught errors."""
    requests: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def watch(page, visit: Visit) -> None:
    page.on("request", lambda r: visit.requests.append(r))
    page.on("console", lambda m: m.type == "error" and visit.errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: visit.errors.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: visit.errors.append(f"request failed: {r.url} {r.failure}"))


def answer_neutral_site(context, seen: list) -> None:
    """The quick exit's neutral site, answered here: the test never leaves the machine."""
    def fulfil(route):
        seen.append(route.request)
        route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
    context.route(re.compile("^" + re.escape(QUICK_EXIT_URL)), fulfil)


# ------------------------------------------------------------------------- the pages to visit

def page_kinds(site: Path) -> dict[str, str]:
    """kind -> glob pattern, for every kind the built site has (required ones must exist)."""
    kinds = dict(PAGE_KINDS)
    kinds.update({k: p for k, p in OPTIONAL_KINDS.items() if audit.first_page(site, LANGS[0], p) is not None})
    return kinds


def pages_to_check(site: Path) -> list[tuple[str, str, str]]:
    """(kind, lang, path below the language root) for one page of every kind in every language."""
    out = []
    for kind, pattern in page_kinds(site).items():
        for lang in LANGS:
            path = audit.first_page(site, lang, pattern)
            assert path is not None, f"no {kind} page ({pattern}) in {lang}"
            out.append((kind, lang, path))
    out += [("404", lang, NOT_FOUND_PATH) for lang in LANGS]
    return out


@dataclass
class Checked:
    kind: str
    lang: str
    url: str
    status: int
    visit: Visit
    violations: dict  # viewport name -> axe violations


AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary.split('\\n').slice(0, 2).join(' '))}));
}"""


def _check(server, pages: list[tuple[int, str, str, str]], axe: str, results: list) -> None:
    """Visit ``pages`` ((index, kind, lang, path)) in a browser of this thread's own and run axe on
    each at desktop and phone sizes; append (index, Checked) to ``results``."""
    with sync_api.sync_playwright() as pw:
        chromium = launch(pw)
        context = chromium.new_context(viewport=DESKTOP)
        try:
            for index, kind, lang, path in pages:
                visit = Visit()
                page = context.new_page()
                watch(page, visit)
                # "load": the first view asks for nothing after it (that is checked by the weight test),
                # and errors are recorded until the page is closed
                response = page.goto(server.url(lang, path), wait_until="load")
                page.evaluate(axe)  # evaluated through the debugger protocol: the page's CSP stays in force
                violations = {"desktop": page.evaluate(AXE_RUN, AXE_TAGS)}
                page.set_viewport_size(PHONE)  # Material's layout follows media queries: the phone layout
                page.wait_for_timeout(300)
                violations["phone"] = page.evaluate(AXE_RUN, AXE_TAGS)
                page.close()
                results.append((index, Checked(kind, lang, server.url(lang, path), response.status, visit, violations)))
        finally:
            context.close()
            chromium.close()


@pytest.fixture(scope="module")
def checked(server):
    """Every page kind in every language, visited once at desktop and once at phone size, with
    axe run on each; requests and console errors recorded. Two browsers share the pages, each in
    a thread with its own Playwright (its API is not shared between threads): axe's work is in
    the browsers, so both cores are busy."""
    import threading

    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    pages = [(i, *page) for i, page in enumerate(pages_to_check(server.site))]
    results: list = []
    errors: list[BaseException] = []

    def run(share):
        try:
            _check(server, share, axe, results)
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(pages[k::2],)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    assert len(results) == len(pages)
    return [checked for _, checked in sorted(results, key=lambda r: r[0])]


# --------------------------------------------------------------------------------- the tests

def test_every_nav_page_kind_is_covered(built_site):
    """Every page the navigation links to, in every language, is of a kind the tests visit."""
    kinds = page_kinds(built_site)
    for kind, pattern in PAGE_KINDS.items():
        assert audit.first_page(built_site, LANGS[0], pattern) is not None, f"the site has no {kind} page ({pattern})"
    for lang in LANGS:
        prefix = SETTINGS[lang].prefix
        home = "/" + prefix
        soup = BeautifulSoup((built_site / prefix / "index.html").read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")
                 if not a["href"].startswith("#")]  # the home page's own headings
        assert len(links) >= 7, links
        for href in links:
            path = urlsplit(urljoin(home, href)).path
            assert path.startswith(home), (lang, href)
            below = path[len(home):]
            assert any(fnmatch.fnmatchcase(below, pattern) for pattern in kinds.values()), (
                f"the {lang} navigation links to /{prefix}{below}, a page of a kind the browser tests "
                f"do not visit: add it to PAGE_KINDS or OPTIONAL_KINDS in scripts/dev/audit.py")


def test_axe_finds_no_wcag22_aa_violation_on_any_page_kind(checked):
    problems = []
    for page in checked:
        for viewport, violations in page.violations.items():
            for v in violations:
                problems.append(f"{page.url} [{viewport}] {v['id']} ({v['impact']}): {v['help']}\n      "
                                + "\n      ".join(v["nodes"]))
    kinds = sorted({p.kind for p in checked})
    assert len(checked) == len(kinds) * len(LANGS)
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


def test_pages_load_with_their_status_and_no_console_error(checked):
    """No console error on any page: a Content-Security-Policy violation, a failed request or an
    uncaught exception would show here. The 404 page's own status is expected."""
    problems = []
    for page in checked:
        assert page.status == (404 if page.kind == "404" else 200), page.url
        for error in page.visit.errors:
            if page.kind == "404" and "404" in error and "Failed to load resource" in error:
                continue  # the browser reports the page's own status
            problems.append(f"{page.url}: {error}")
    assert not problems, "\n".join(problems)


def test_no_page_requests_anything_from_another_host(checked, server):
    origin = server.base.rstrip("/")
    foreign = sorted({(p.url, r.url) for p in checked for r in p.visit.requests
                      if not (r.url.startswith(origin + "/") or r.url.startswith("data:"))})
    assert sum(len(p.visit.requests) for p in checked) > 3 * len(checked)
    assert not foreign, "requests to other hosts:\n" + "\n".join(f"{page} -> {url}" for page, url in foreign)


# ----------------------------------------------------------------------------- quick exit

@pytest.mark.parametrize("lang", LANGS)
def test_quick_exit_button_leaves_and_back_does_not_return(server, browser, lang):
    context = browser.new_context(viewport=PHONE)
    neutral = []
    answer_neutral_site(context, neutral)
    try:
        page = context.new_page()
        page.goto(server.url(lang), wait_until="networkidle")
        campaign = server.url(lang, "campaigns/doverie-111/")
        page.goto(campaign, wait_until="networkidle")
        button = page.locator(".quick-exit__button")
        assert button.inner_text().strip() == t(lang, "quick_exit.label")
        assert button.get_attribute("href") == QUICK_EXIT_URL
        assert button.is_visible()
        button.click()
        page.wait_for_url(QUICK_EXIT_URL)
        assert "Weather" in page.content()
        assert neutral and "referer" not in neutral[-1].headers  # the neutral site learns nothing
        page.go_back(wait_until="load")
        assert page.url == server.url(lang), "Back must skip the page that was left"
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_quick_exit_by_pressing_shift_three_times(server, browser, lang):
    context = browser.new_context(viewport=DESKTOP)
    neutral = []
    answer_neutral_site(context, neutral)
    try:
        page = context.new_page()
        page.goto(server.url(lang), wait_until="networkidle")
        page.goto(server.url(lang, "glossary/"), wait_until="networkidle")
        status = page.locator(".quick-exit__status")
        assert status.get_attribute("role") == "status"
        dots = page.locator(".quick-exit__dots > span")

        # Shift used as a modifier does not count
        for _ in range(3):
            page.keyboard.press("Shift+A")
        page.wait_for_timeout(100)
        assert page.url == server.url(lang, "glossary/") and status.inner_text() == ""

        # another key in between starts the count again, and says so
        page.keyboard.press("Shift")
        assert status.inner_text() == t(lang, "quick_exit.press_two")
        page.keyboard.press("ArrowDown")
        assert status.inner_text() == t(lang, "quick_exit.timed_out")
        assert page.locator(".quick-exit__dot--on").count() == 0

        page.keyboard.press("Shift")
        assert status.inner_text() == t(lang, "quick_exit.press_two")
        assert page.locator(".quick-exit__dots--shown").is_visible() and dots.count() == 3
        page.keyboard.press("Shift")
        assert status.inner_text() == t(lang, "quick_exit.press_one")
        assert page.locator(".quick-exit__dot--on").count() == 2
        page.keyboard.press("Shift")
        page.wait_for_url(QUICK_EXIT_URL)
        assert neutral and "referer" not in neutral[-1].headers
        page.go_back(wait_until="load")
        assert page.url == server.url(lang)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_quick_exit_works_without_javascript(server, browser, lang):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    neutral = []
    answer_neutral_site(context, neutral)
    try:
        page = context.new_page()
        page.goto(server.url(lang, "help/"))
        button = page.locator(".quick-exit__button")
        assert button.is_visible() and button.inner_text().strip() == t(lang, "quick_exit.label")
        assert set(button.get_attribute("rel").split()) >= {"noreferrer", "nofollow"}
        button.click()
        page.wait_for_url(QUICK_EXIT_URL)
        assert neutral and "referer" not in neutral[-1].headers
    finally:
        context.close()


def test_quick_exit_is_hidden_in_print_and_blanks_the_page_when_used(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(server.url("en", "about/"), wait_until="networkidle")
        page.emulate_media(media="print")
        assert not page.locator(".quick-exit__button").is_visible()
        page.emulate_media(media="screen")
        assert page.locator(".quick-exit__button").is_visible()
        # what the reader sees while the neutral site loads: nothing of this page
        context.route(re.compile("^" + re.escape(QUICK_EXIT_URL)), lambda route: None)  # never answers
        # (read straight from the page: its locators would wait for the navigation to finish)
        shown = page.evaluate("""() => {
            document.querySelector('.quick-exit__button').click();
            const overlay = document.querySelector('.quick-exit__overlay');
            const visible = el => getComputedStyle(el).visibility === 'visible';
            return {text: overlay && overlay.textContent, role: overlay && overlay.getAttribute('role'),
                    overlay: !!overlay && visible(overlay),
                    page: [...document.querySelectorAll('article, .helpbar, .md-header')].some(visible)};
        }""")
        assert shown == {"text": t("en", "quick_exit.activated"), "role": "alert", "overlay": True, "page": False}
    finally:
        context.close()


# ------------------------------------------------------------------------------- keyboard

FOCUS_INFO = """async () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const inView = r => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
                      && r.left < innerWidth && r.top < innerHeight;
  // seen: some point of the element, in the viewport, is not covered by anything else
  const seenNow = () => {
    const rect = el.getBoundingClientRect();
    if (!inView(rect)) return false;
    for (const fx of [0.1, 0.5, 0.9]) for (const fy of [0.1, 0.5, 0.9]) {
      const x = rect.left + rect.width * fx, y = rect.top + rect.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit))) return true;
    }
    return false;
  };
  // give a drawer or menu sliding in, a fading overlay or smooth scrolling up to 1 s to settle
  let seen = false;
  for (let i = 0; i < 20 && !(seen = seenNow()); i++) await new Promise(r => setTimeout(r, 50));
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return {
    name: (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('placeholder') || '').trim().slice(0, 40),
    tag: el.tagName, cls: String(el.className), href: el.getAttribute('href'),
    inMain: !!el.closest('main'), seen, outline,
  };
}"""


def tab_through(page, steps: int, key: str = "Tab") -> list[dict]:
    stops = []
    for _ in range(steps):
        page.keyboard.press(key)
        info = page.evaluate(FOCUS_INFO)
        if info is None:
            break
        if stops and info == stops[0] and len(stops) > 3:
            break  # came round again
        stops.append(info)
    return stops


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_reaches_quick_exit_111_and_language_first_with_visible_focus(server, browser, lang, viewport):
    context = browser.new_context(viewport=DESKTOP if viewport == "desktop" else PHONE)
    try:
        page = context.new_page()
        page.goto(server.url(lang, "campaigns/doverie-111/"), wait_until="networkidle")
        stops = tab_through(page, 14)
        order = [s["cls"].split()[0] if s["cls"] else s["tag"] for s in stops]
        # after Material's skip link: quick exit, then the 111 link and the 112 link (when
        # campaigns.yml gives an emergency number), later the language switcher
        danger = ("helpbar__danger",) if DATA.contacts.emergency else ()
        expected = ("quick-exit__button", "helpbar__call", *danger, "md-select__link")
        where = {name: order.index(name) for name in expected if name in order}
        assert set(where) == set(expected), order
        assert where["quick-exit__button"] <= 1, order
        assert [where[name] for name in expected] == sorted(where.values()), order
        if danger:
            assert stops[where["helpbar__danger"]]["href"] == f"tel:{DATA.contacts.emergency.number}"
        first_in_main = next((i for i, s in enumerate(stops) if s["inMain"]), len(stops))
        assert where["md-select__link"] < first_in_main, order
        assert stops[where["helpbar__call"]]["href"] == f"tel:{HOTLINE}"
        languages = [s["name"] for s in stops if s["cls"].startswith("md-select__link")]
        assert languages == [t(code, "language_name") for code in LANGS], languages
        for stop in stops[:first_in_main]:
            assert stop["outline"], f"no visible focus outline on {stop}"
            assert stop["seen"], f"focused but not visible: {stop}"
    finally:
        context.close()


@pytest.mark.parametrize("viewport, lang", list(zip(VIEWPORTS, LANGS)))  # each size once, each language once
def test_no_focused_element_is_hidden(server, browser, viewport, lang):
    """WCAG 2.4.11: tabbing through a whole long page, forwards and backwards, every focused element
    is at least partly visible: not covered by the sticky header or the quick-exit button, and not
    off screen (Material's closed drawer)."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.goto(server.url(lang, "campaigns/12-days-against-child-labour/"), wait_until="networkidle")
        forwards = tab_through(page, 200)
        backwards = tab_through(page, len(forwards) + 5, "Shift+Tab")
        assert len(forwards) > 20
        hidden = [s for s in forwards + backwards if not s["seen"]]
        assert not hidden, f"focused elements hidden from view: {hidden[:5]}"
        unmarked = [s for s in forwards if not s["outline"]]
        assert not unmarked, f"no focus outline: {unmarked[:5]}"
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_help_bar_stays_compact_on_a_phone(server, browser, lang):
    """On a 360 px screen the help bar takes at most four short lines (the 111 link and its facts,
    the 112 link for immediate danger, the link to all ways of getting help), none of them sits
    under the quick-exit button, and both calls are a finger's target: at least 24 px tall
    (WCAG 2.5.8)."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server.url(lang, "campaigns/doverie-111/"), wait_until="networkidle")
        box = lambda selector: page.locator(selector).bounding_box()
        banner, exit_button = box(".md-banner"), box(".quick-exit__button")
        calls = (".helpbar__call", ".helpbar__danger") if DATA.contacts.emergency else (".helpbar__call",)
        assert banner["height"] <= 110, banner
        for selector in calls:
            assert box(selector)["height"] >= 24, selector
        for selector in (*calls, ".helpbar__more", ".helpbar__facts"):
            link = box(selector)
            assert link["y"] + link["height"] <= banner["y"] + banner["height"], selector
            overlap_x = min(link["x"] + link["width"], exit_button["x"] + exit_button["width"]) - max(link["x"], exit_button["x"])
            overlap_y = min(link["y"] + link["height"], exit_button["y"] + exit_button["height"]) - max(link["y"], exit_button["y"])
            assert overlap_x <= 0 or overlap_y <= 0, f"{selector} is under the quick-exit button"
        for selector in (*calls, ".helpbar__facts"):
            assert page.locator(selector).is_visible(), selector
    finally:
        context.close()


def test_language_switcher_opens_the_same_page_in_the_other_language(server, browser):
    """Material's sitemap lookups are not sent (material-on-demand.js): its links do the work."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(server.url(LANGS[0], "campaigns/doverie-111/"), wait_until="networkidle")
        for other in LANGS[1:] + LANGS[:1]:  # kk -> ru -> en -> kk
            page.locator(".md-select").hover()
            page.locator(f'a.md-select__link[hreflang="{other}"]').click()
            page.wait_for_url(server.url(other, "campaigns/doverie-111/"))
            assert page.locator("html").get_attribute("lang") == other
    finally:
        context.close()


# ----------------------------------------------------------------------------- page weight

def test_first_view_of_every_campaign_page_weighs_at_most_100_kb(server, browser, capsys):
    """Encoded bytes (headers + compressed bodies) of every response of a first view with a cold
    cache, as the browser counts them; nginx's count of bytes sent is checked alongside."""
    rows = []
    for lang in LANGS:
        for campaign in DATA.campaigns:
            context = browser.new_context(viewport=PHONE)  # a fresh context: empty cache
            try:
                page = context.new_page()
                finished = []
                page.on("requestfinished", lambda r: finished.append(r))
                log_start = server.access_log_size()
                page.goto(server.url(lang, f"campaigns/{campaign.slug}/"), wait_until="networkidle")
                page.wait_for_timeout(300)
                browser_bytes = 0
                for request in finished:
                    sizes = request.sizes()
                    browser_bytes += sizes["responseHeadersSize"] + sizes["responseBodySize"]
                page.close()
                served = [line for line in server.access_log_since(log_start) if line.strip()]
                server_bytes = sum(int(line.rsplit(" ", 1)[1]) for line in served)
                index_fetched = any("/pagefind/" in line or "search.js" in line or "sitemap.xml" in line for line in served)
                rows.append((lang, campaign.slug, len(finished), browser_bytes, server_bytes, index_fetched))
            finally:
                context.close()
    with capsys.disabled():
        print("\nFirst view, cold cache (bytes on the wire, compressed; budget "
              f"{PAGE_WEIGHT_BUDGET // 1000} KB):")
        for lang, slug, n, measured, served, _ in rows:
            print(f"  {lang} {slug:40} {n:3} requests  {measured / 1000:6.1f} KB in the browser"
                  f"  ({served / 1000:6.1f} KB sent by nginx)")
        print(f"  heaviest: {max(r[3] for r in rows) / 1000:.1f} KB")
    for lang, slug, n, measured, served, index_fetched in rows:
        assert not index_fetched, f"{lang} {slug}: the search index, worker or a sitemap is part of the first view"
        assert measured >= 0.9 * served, f"{lang} {slug}: the browser counted {measured} B, nginx sent {served} B"
        assert max(measured, served) <= PAGE_WEIGHT_BUDGET, f"{lang} {slug}: {max(measured, served)} B"


def test_search_loads_its_index_when_the_reader_searches(server, browser):
    """The search is held back from the first view, but works: on a phone, opening the search
    and typing finds the campaign, from the index of the page's language only (tests/test_search.py
    checks the query set, the bytes, the filters and the keyboard)."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        visit = Visit()
        watch(page, visit)
        page.goto(server.url("ru"), wait_until="networkidle")
        assert not [r.url for r in visit.requests if "/pagefind/" in r.url]
        page.locator("label.md-header__button[for=__search]").click()
        page.keyboard.type("Доверие")
        # not a speed test (make bench measures the search): room for a machine busy with builds
        page.locator(".site-search__hit").first.wait_for(timeout=45000)
        assert any("/pagefind/pagefind.js" in r.url for r in visit.requests)
        assert not [r.url for r in visit.requests if re.search(r"/pagefind/.*/(kk|en)_", r.url)]
        titles = page.locator(".site-search__title").all_inner_texts()
        assert any("Доверие 111" in title for title in titles), titles
        assert not visit.errors, visit.errors
    finally:
        context.close()


# -------------------------------------------------------------------------- served by nginx

def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_nginx_serves_with_gzip_caching_and_a_strict_csp(server, built_site):
    bundle = next(built_site.glob("assets/javascripts/bundle.*.min.js")).relative_to(built_site).as_posix()
    css = next(built_site.glob("assets/stylesheets/main.*.min.css")).relative_to(built_site).as_posix()
    worker = "pagefind/pagefind-worker.js"
    chunk = next(built_site.glob("pagefind/index/ru_*.pf_index")).relative_to(built_site).as_posix()

    status, headers, _ = fetch(server.url("ru", "campaigns/doverie-111/"), **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert headers["referrer-policy"] == "no-referrer" and headers["x-content-type-options"] == "nosniff"
    csp = dict((d.split(" ", 1) + [""])[:2] for d in (part.strip() for part in headers["content-security-policy"].split(";")))
    script_src = csp["script-src"].split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert csp["default-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    # the search compiles its WebAssembly: 'wasm-unsafe-eval', never 'unsafe-eval'
    assert all(source in ("'self'", "'wasm-unsafe-eval'") or source.startswith("'sha256-") for source in script_src)
    assert "'wasm-unsafe-eval'" in script_src
    # every inline script of every built page is allowed by its hash, and nothing more
    needed = {script_hash(text) for page in built_site.rglob("*.html")
              for text in inline_scripts(page.read_text(encoding="utf-8"))}
    assert needed and set(script_src) - {"'self'", "'wasm-unsafe-eval'"} == needed

    for path in (bundle, css, "pagefind/pagefind.js", "pagefind/pagefind-entry.json", "assets/stylesheets/site.css"):
        status, headers, _ = fetch(server.base + path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip", path
        assert "content-security-policy" not in headers, path  # documents only
    for path in (bundle, css, chunk):
        assert fetch(server.base + path)[1]["cache-control"] == "public, max-age=31536000, immutable", path
    for path in ("assets/stylesheets/site.css", "assets/javascripts/quick-exit.js", "pagefind/pagefind.js",
                 "pagefind/pagefind-entry.json", "pagefind/wasm.ru.pagefind", worker):
        assert fetch(server.base + path)[1]["cache-control"] == "no-cache", path
    assert "content-security-policy" in fetch(server.base + worker)[1]  # the worker's own policy
    assert fetch(server.base + "search/search_index.json")[0] == 404  # no single index of every language

    status, headers, body = fetch(server.url("en", "no/such/page/"))
    assert status == 404 and "Page not found" in body.decode("utf-8")
    assert "content-security-policy" in headers
    status, _, body = fetch(server.url("en", "campaigns/doverie-111/sitemap.xml"))
    assert status == 200 and b"<urlset" in body
    # the access log keeps no visitor's address
    assert "127.0.0.1" not in (server.prefix / "access.log").read_text(encoding="utf-8")


def test_csp_blocks_an_injected_inline_script(server, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        visit = Visit()
        watch(page, visit)
        page.goto(server.url("en"), wait_until="networkidle")
        page.evaluate("""() => { const s = document.createElement('script');
                                  s.textContent = 'window.injected = true'; document.body.append(s); }""")
        page.wait_for_timeout(100)
        assert page.evaluate("() => window.injected === undefined")
        assert any("Content Security Policy" in e for e in visit.errors), visit.errors
    finally:
        context.close()


# ------------------------------------------------------------------ campaign pages on a phone

FIRST_SCREEN_CHECK = """() => {
  const h = window.innerHeight, w = window.innerWidth;
  const inside = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= h && r.left >= 0 && r.right <= w; };
  const text = (el) => el ? el.textContent.replace(/\\s+/g, " ").trim() : null;
  const article = document.querySelector("article");
  const h1 = article.querySelector("h1"), original = article.querySelector(".campaign-first .campaign-original");
  const motto = article.querySelector(".campaign-motto"), status = article.querySelector("[data-status]");
  const tel = [...document.querySelectorAll('a[href^="tel:"]')].filter(inside).map(a => a.getAttribute("href"));
  const actions = [...article.querySelectorAll(".campaign-actions a")];
  return {
    elements: document.getElementsByTagName("*").length, scrollY: window.scrollY,
    name: text(h1), nameInside: inside(h1), original: text(original), originalInside: inside(original),
    originalLang: original ? original.getAttribute("lang") : null,
    motto: text(motto), mottoInside: inside(motto),
    status: text(status), statusInside: inside(status), tel: tel,
    actions: actions.length, actionsInside: actions.every(inside),
  };
}"""


def test_first_screen_of_every_campaign_page_on_a_phone(server, browser):
    """Every campaign page in every language, as a pupil who scanned a poster sees it on a 390×844
    phone: under the header and the help bar, the name and slogan in the page's language (the
    official original as a second line where it differs, never first), the status, the tel:
    links of the helpline (111) and of the emergency number (112), and the three actions, all
    without scrolling; and the page stays light (at most MAX_CAMPAIGN_ELEMENTS elements)."""
    from scripts.pages.render import campaign_motto, campaign_name

    numbers = [DATA.contacts.hotline.number] + ([DATA.contacts.emergency.number] if DATA.contacts.emergency else [])
    problems = []
    context = browser.new_context(viewport=FIRST_SCREEN)
    try:
        page = context.new_page()
        for lang in LANGS:
            statuses = {t(lang, "status.now")} | {
                t(lang, key, date="") for key in ("status.soon", "status.ended")}
            for campaign in DATA.campaigns:
                page.goto(server.url(lang, f"campaigns/{campaign.slug}/"), wait_until="load")
                got = page.evaluate(FIRST_SCREEN_CHECK)
                where = f"{lang}/campaigns/{campaign.slug}/"
                name, motto = campaign_name(campaign, lang), campaign_motto(campaign, lang)
                if got["elements"] > MAX_CAMPAIGN_ELEMENTS:
                    problems.append(f"{where}: {got['elements']} elements (at most {MAX_CAMPAIGN_ELEMENTS})")
                if got["name"] != name.text or not got["nameInside"]:
                    problems.append(f"{where}: the heading {got['name']!r} (inside: {got['nameInside']}), not {name.text!r}")
                if name.original:
                    if got["original"] != name.original or not got["originalInside"] or got["originalLang"] != name.original_lang:
                        problems.append(f"{where}: the original name {name.original!r} is not the second line: {got['original']!r}")
                elif got["original"] is not None:
                    problems.append(f"{where}: a second line {got['original']!r} where the original is the page's own")
                if motto is not None:
                    if not got["motto"] or not got["motto"].split(": ", 1)[-1].startswith(motto.text) or not got["mottoInside"]:
                        problems.append(f"{where}: the slogan {motto.text!r} is not first on the first screen: {got['motto']!r}")
                    if motto.original and motto.original not in got["motto"]:
                        problems.append(f"{where}: the slogan's original {motto.original!r} is missing")
                if not got["statusInside"] or not any(got["status"].startswith(s.strip()) for s in statuses):
                    problems.append(f"{where}: no status on the first screen ({got['status']!r})")
                for number in numbers:
                    if f"tel:{number}" not in got["tel"]:
                        problems.append(f"{where}: no tel:{number} link on the first screen")
                if got["actions"] < 2 or not got["actionsInside"]:
                    problems.append(f"{where}: the actions (materials, calendar, lessons) are not all on the first screen")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_status_follows_the_readers_day(server, browser, lang):
    """The page carries the build's status; on the reader's own day the script puts it right:
    long after every campaign each one has ended, long before it each starts on its first day.
    Without JavaScript the build's status stays (it is in the HTML)."""
    import datetime as dt

    from scripts.pages.status import campaign_status

    campaign = DATA.campaigns[0]
    status = campaign_status(campaign, lang)
    for reader_day, expected in ((dt.datetime(2999, 1, 1, 12), status.label("ended")),
                                 (dt.datetime(1999, 1, 1, 12), status.label("soon"))):
        context = browser.new_context(viewport=FIRST_SCREEN)
        try:
            page = context.new_page()
            page.clock.set_fixed_time(reader_day)
            page.goto(server.url(lang, f"campaigns/{campaign.slug}/"), wait_until="load")
            assert page.locator("article [data-status]").first.text_content().strip() == expected
            page.goto(server.url(lang), wait_until="load")  # the home page's cards too
            cards = page.locator(".cards [data-status]")
            assert cards.count() >= 1
            for i in range(cards.count()):
                state = "ended" if reader_day.year > 2500 else "soon"
                assert cards.nth(i).get_attribute(f"data-label-{state}") == cards.nth(i).text_content().strip()
        finally:
            context.close()
    context = browser.new_context(viewport=FIRST_SCREEN, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url(lang, f"campaigns/{campaign.slug}/"))
        assert page.locator("article [data-status]").first.text_content().strip() == status.label()
    finally:
        context.close()


def test_an_old_link_to_an_activity_leads_to_the_plan(server, browser):
    """Campaign pages had every activity at #activity-N until 2026; one they no longer show is
    opened on the plan page."""
    from scripts.pages.render import PLAN_ROWS

    campaign = next((c for c in DATA.campaigns for s in c.sections if len(s.activities) > PLAN_ROWS), None)
    if campaign is None:
        pytest.skip("no campaign has a section longer than the campaign page shows")
    hidden = next(a for s in campaign.sections for a in s.activities[PLAN_ROWS:])
    context = browser.new_context(viewport=FIRST_SCREEN)
    try:
        page = context.new_page()
        page.goto(server.url("en", f"campaigns/{campaign.slug}/#activity-{hidden.n}"), wait_until="load")
        page.wait_for_url(re.compile(rf"/campaigns/{campaign.slug}/plan/#activity-{hidden.n}$"))
        assert page.locator(f"#activity-{hidden.n}").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_nginx_answers_each_languages_paths_with_its_own_404_page(server, lang):
    for path in (NOT_FOUND_PATH, "campaigns/no-such-campaign/", "no/such/file.pdf"):
        status, headers, body = fetch(server.url(lang, path))
        soup = BeautifulSoup(body.decode("utf-8"), "html.parser")
        assert status == 404 and soup.html["lang"] == lang, (lang, path)
        assert soup.select_one("article h1").get_text(strip=True) == t(lang, "notfound.title")
        assert "content-security-policy" in headers


def test_nginx_answers_a_moved_address_with_301_to_the_page_now_there(server, built_site):
    """Every address of redirects.yml, in every language, with and without index.html; the page
    kept there for hosts without server rules is still in the site."""
    from scripts.pages.redirects import redirects_for

    redirects, _ = redirects_for(ROOT / "campaigns.yml")
    assert redirects
    for r in redirects[:3] + redirects[-2:]:
        for lang in LANGS:
            for old in (r.from_, r.from_ + "index.html"):
                request = urllib.request.Request(server.url(lang, old), method="HEAD")
                opener = urllib.request.build_opener(_NoRedirect)
                try:
                    opener.open(request, timeout=10)
                    pytest.fail(f"{old} was not redirected")
                except urllib.error.HTTPError as err:
                    assert err.code == 301, (lang, old)
                    assert err.headers["Location"] == "/" + SETTINGS[lang].prefix + r.to, (lang, old)
            assert (built_site / SETTINGS[lang].prefix / r.from_ / "index.html").is_file()
            assert fetch(server.url(lang, r.to))[0] == 200


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_keeps_room_for_the_scrollbar_before_its_content_arrives(server, browser, lang):
    """A desktop browser with classic scrollbars (Chromium on Linux and Windows; Playwright hides
    them unless told not to) may paint a long page before all of it has arrived. Were the
    scrollbar's room taken only once the page grew long, the centred layout would then move
    left by half the scrollbar's width: the layout shift Lighthouse's desktop run found now and
    then (0.159). Here the page is long, then emptied of its content, as a page is before its
    content arrives: the width left for the layout is the same both times."""
    # a browser of its own, from the module's Playwright (a second Playwright would not start)
    chromium = browser.browser_type.launch(executable_path=CHROMIUM, ignore_default_args=["--hide-scrollbars"])
    try:
        page = chromium.new_page(viewport={"width": 1350, "height": 940})  # Lighthouse's desktop screen
        page.goto(server.url(lang), wait_until="load")
        width = "document.documentElement.clientWidth"
        long_page = page.evaluate(width)
        assert page.evaluate("document.documentElement.scrollHeight > innerHeight"), "the home page no longer scrolls"
        assert long_page < 1350, "no room taken by a scrollbar: the browser hides it, and this test sees nothing"
        page.evaluate("document.querySelector('.md-main').replaceChildren()")
        assert page.evaluate("document.documentElement.scrollHeight <= innerHeight"), "the emptied page still scrolls"
        assert page.evaluate(width) == long_page
    finally:
        chromium.close()
