"""The site scales: built from synthetic corpora of N = 10 and N = 30 campaigns, no page's HTML
grows with N beyond its own content. The page chrome (header, navigation, help bar, footer) is
the same byte for byte; pages that exist in both builds are the same; the campaigns index lists
a bounded number of campaigns and every year or region page lists only its own."""
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from scripts import synthetic
from scripts.render import NEWEST

from conftest import run_cli

SIZES = (10, 30)
LANG_PREFIXES = ("", "ru/", "en/")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    out = {}
    for n in SIZES:
        work = tmp_path_factory.mktemp(f"synthetic-{n}")
        data = synthetic.write(n, work / "data.yml")
        proc = run_cli("--data", str(data), "build", "--no-offline", "--site-dir", str(work / "site"),
                       "--cache-dir", str(work / "cache"))
        assert proc.returncode == 0, proc.stderr
        out[n] = (synthetic.corpus(n), work / "site")
    return out


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def chrome(html: str) -> str:
    """The page without its own content (the article and its table of contents)."""
    soup = BeautifulSoup(html, "html.parser")
    for article in soup.select("article.md-content__inner"):
        article.clear()
    for toc in soup.select("nav.md-nav--secondary"):
        toc.decompose()
    return str(soup)


def campaign_links(rel: str, html: str) -> set[str]:
    """Slugs of the campaign pages that the page at ``rel`` (below the site) links to."""
    soup = BeautifulSoup(html, "html.parser")
    slugs = set()
    for a in soup.find_all("a", href=True):
        path = urlsplit(urljoin(f"https://site.test/{rel}", a["href"])).path
        m = re.fullmatch(r"/(?:ru/|en/)?campaigns/([a-z0-9-]+)/(?:index\.html)?", path)
        if m:
            slugs.add(m.group(1))
    return slugs


def test_the_corpus_is_the_same_for_the_campaigns_both_have():
    small, large = synthetic.corpus(10), synthetic.corpus(30)
    assert large["campaigns"][:10] == small["campaigns"]
    assert len({c["slug"] for c in large["campaigns"]}) == 30
    assert len({c["region"] for c in large["campaigns"]}) > 4  # spread over regions …
    assert len({c["period"]["start"][:4] for c in large["campaigns"]}) > 4  # … and years


def test_page_chrome_does_not_grow_with_n(sites):
    small, large = pages(sites[10][1]), pages(sites[30][1])
    common = sorted(set(small) & set(large))
    assert len(common) >= 3 * (10 + 6)  # every campaign page of N = 10 and the fixed pages
    for rel in common:
        assert chrome(small[rel]) == chrome(large[rel]), f"{rel}: navigation or chrome differs with N"


def test_pages_of_both_builds_are_the_same_unless_they_list_campaigns(sites):
    small, large = pages(sites[10][1]), pages(sites[30][1])
    for rel in sorted(set(small) & set(large)):
        if "/year/" in rel or "/region/" in rel or rel.endswith("campaigns/index.html"):
            continue  # listings: checked below
        assert len(small[rel]) == len(large[rel]), f"{rel} changed size with N"


def test_new_pages_are_only_campaign_and_section_pages(sites):
    small, large = pages(sites[10][1]), pages(sites[30][1])
    data = sites[30][0]
    new_slugs = {c["slug"] for c in data["campaigns"][10:]}
    for rel in sorted(set(large) - set(small)):
        m = re.fullmatch(r"(?:ru/|en/)?campaigns/(?:(year|region)/[a-z0-9.-]+|([a-z0-9-]+))/index\.html", rel)
        assert m, f"unexpected new page {rel}"
        if m.group(2):
            assert m.group(2) in new_slugs


def test_no_page_lists_every_campaign(sites):
    data, site = sites[30]
    total = len(data["campaigns"])
    for rel, html in pages(site).items():
        linked = campaign_links(rel, html)
        assert len(linked) < total, f"{rel} links to every campaign"


def test_the_index_lists_a_bounded_number_of_campaigns(sites):
    for n, (data, site) in sites.items():
        for prefix in LANG_PREFIXES:
            rel = f"{prefix}campaigns/index.html"
            html = (site / rel).read_text(encoding="utf-8")
            assert len(campaign_links(rel, html)) == min(NEWEST, n)
            soup = BeautifulSoup(html, "html.parser")
            targets = [urlsplit(urljoin(f"https://site.test/{rel}", a["href"])).path
                       for a in soup.select("article a[href]")]
            years = {int(m.group(1)) for t in targets if (m := re.search(r"/campaigns/year/(\d{4})/$", t))}
            regions = {m.group(1) for t in targets if (m := re.search(r"/campaigns/region/([a-z0-9.-]+)/$", t))}
            assert years == {y for c in data["campaigns"]
                             for y in range(int(c["period"]["start"][:4]), int(c["period"]["end"][:4]) + 1)}
            assert regions == {c["region"] for c in data["campaigns"]}


def test_section_pages_list_only_their_own_campaigns(sites):
    data, site = sites[30]
    campaigns = data["campaigns"]
    for prefix in LANG_PREFIXES:
        for page in (site / prefix / "campaigns" / "region").glob("*/index.html"):
            region = page.parent.name
            expected = {c["slug"] for c in campaigns if c["region"] == region}
            rel = page.relative_to(site).as_posix()
            assert campaign_links(rel, page.read_text(encoding="utf-8")) == expected, page
        for page in (site / prefix / "campaigns" / "year").glob("*/index.html"):
            year = int(page.parent.name)
            expected = {c["slug"] for c in campaigns
                        if int(c["period"]["start"][:4]) <= year <= int(c["period"]["end"][:4])}
            rel = page.relative_to(site).as_posix()
            assert campaign_links(rel, page.read_text(encoding="utf-8")) == expected, page


def test_section_pages_stay_out_of_the_search_index(sites):
    _, site = sites[30]
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "campaigns/year/" not in index and "campaigns/region/" not in index
    assert '"location":"campaigns/doverie-111/"' in index
