"""check-links: every internal link and #anchor of the built site resolves, in every language."""
from pathlib import Path

from conftest import run_cli
from scripts.publish.links import check_site


def write(site: Path, rel: str, body: str):
    file = site / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"<!doctype html>\n<html><body>\n{body}\n</body></html>\n", encoding="utf-8")


def small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write(site, "index.html", '<h1 id="top">Home</h1>\n<a href="ru/">ru</a>\n<a href="ru/help/#hotline">ok</a>\n'
                              '<a href="https://example.test/">other host</a> <a href="mailto:a@b.test">mail</a>\n'
                              '<a href="https://bala.test/ru/help/">own address</a>')
    write(site, "ru/index.html", '<a href="../">home</a>\n<a href="help/#nowhere">missing anchor</a>\n'
                                 '<a href="#top">not on this page</a>\n<img src="../img/logo.svg">')
    write(site, "ru/help/index.html", '<h2 id="hotline">111</h2>\n<a href="../about/">no page</a>\n'
                                      '<a href="https://bala.test/en/">own address, no page</a>\n<a href="#hotline">ok</a>')
    return site


def test_broken_links_and_anchors_are_reported_with_file_and_line(tmp_path):
    site = small_site(tmp_path)
    pages, broken = check_site(site, "https://bala.test/")
    assert pages == 3
    assert sorted(str(b) for b in broken) == sorted([
        "site/ru/index.html:4: help/#nowhere: ru/help/index.html has no element with id 'nowhere'",
        "site/ru/index.html:5: #top: ru/index.html has no element with id 'top'",
        "site/ru/index.html:6: ../img/logo.svg: no such file in the site (img/logo.svg)",
        "site/ru/help/index.html:4: ../about/: no such file in the site (ru/about/index.html)",
        "site/ru/help/index.html:5: https://bala.test/en/: no such file in the site (en/index.html)",
    ])


def test_the_command_exits_1_on_a_broken_link_and_0_when_all_resolve(tmp_path):
    site = small_site(tmp_path)
    proc = run_cli("check-links", "--site-dir", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "ru/help/index.html:4: ../about/: no such file" in proc.stderr
    for rel in ("ru/about/index.html", "en/index.html", "img/logo.svg"):
        write(site, rel, "")
    write(site, "ru/index.html", '<a href="../">home</a> <a href="help/#hotline">ok</a>')
    proc = run_cli("check-links", "--site-dir", str(site))
    assert proc.returncode == 0, proc.stderr


def test_no_built_site(tmp_path):
    proc = run_cli("check-links", "--site-dir", str(tmp_path / "site"))
    assert proc.returncode == 1 and "run `make build` first" in proc.stderr


def test_the_real_site_has_no_broken_link_in_any_language(built_site):
    proc = run_cli("check-links", "--site-dir", str(built_site))
    assert proc.returncode == 0, proc.stderr
    for prefix in ("", "ru/", "en/"):
        assert (built_site / prefix / "campaigns/doverie-111/index.html").exists()
    pages, broken = check_site(built_site, "https://bala-campaigns.kz/")
    assert broken == [] and pages >= 3 * 11
