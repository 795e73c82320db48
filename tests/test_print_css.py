"""Web pages on paper (overrides/assets/stylesheets/print.css): printed with Debian's chromium,
a page keeps its content and the 111 line, loses navigation, search, header and footer, and
shows the address after each link."""
import re
import shutil
import subprocess
import tempfile

import pytest

from scripts.sources.languages import t

CHROMIUM = shutil.which("chromium")


def print_page(site, path: str, out):
    profile = tempfile.mkdtemp()
    try:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                        (site / path / "index.html").as_uri()],
                       capture_output=True, timeout=120, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_printed_campaign_page(built_site, tmp_path):
    text = print_page(built_site, "ru/campaigns/doverie-111", tmp_path / "page.pdf")
    assert "«Доверие 111»" in text
    # the help line stays, the chrome goes
    assert t("ru", "help.bar.call", number="111") in text
    for chrome in (t("ru", "nav.glossary"), t("ru", "nav.about"), t("ru", "help.bar.more"), "Поиск"):
        assert chrome not in text, chrome
    # a link is followed by its full address
    squashed = re.sub(r"\s", "", text)
    label = re.sub(r"\s", "", t("ru", "downloads.all"))
    assert re.search(re.escape(label) + r"\(file:///[^)]*/ru/materials/(index\.html)?\)", squashed), squashed[:3000]
