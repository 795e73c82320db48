"""Atomic builds: the site folder is replaced only by a complete new site; any failure leaves
the previous site exactly as it was, and no temporary folder behind."""
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from scripts import build
from scripts.validate import load_data


def previous_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    (site / "old" / "page.html").write_text("a page that no longer exists", encoding="utf-8")
    return site


def untouched(tmp_path: Path, site: Path, *others: str):
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert (site / "old" / "page.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", *others])  # no .build-* left


def test_a_failure_inside_mkdocs_keeps_the_previous_site(tmp_path):
    """The data is valid; MkDocs --strict fails late, on a broken link in a page."""
    site = previous_site(tmp_path)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    about = docs / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the archive](archive.md).\n", encoding="utf-8")
    proc = run_cli("--data", str(FIXTURES / "minimal.yml"), "--docs", str(docs), "build", "--site-dir", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "archive.md" in proc.stderr and "The previous site was left as it was." in proc.stderr
    untouched(tmp_path, site, "docs")


def test_a_generator_conflict_keeps_the_previous_site(tmp_path):
    site = previous_site(tmp_path)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for lang in ("kk", "ru", "en"):
        (docs / lang / "help.md").write_text("---\ntitle: Help\n---\n\n# Help\n", encoding="utf-8")
    proc = run_cli("--data", str(FIXTURES / "minimal.yml"), "--docs", str(docs), "build", "--site-dir", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "help.md is written by hand but the generator makes it too" in proc.stderr
    untouched(tmp_path, site, "docs")


def fake_mkdocs(config_file: Path):
    """Stands in for MkDocs: writes a one-page site where the configuration says."""
    import yaml
    out = Path(yaml.safe_load(config_file.read_text(encoding="utf-8"))["site_dir"])
    out.mkdir()
    (out / "index.html").write_text("the new site", encoding="utf-8")


def test_an_unexpected_error_keeps_the_previous_site(tmp_path, monkeypatch):
    site = previous_site(tmp_path)

    def broken_generator(data, ctx):
        raise RuntimeError("a generator crashed")

    monkeypatch.setattr(build, "OUTPUTS", build.OUTPUTS + [broken_generator])
    with pytest.raises(RuntimeError):
        build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=site,
                         data_file=FIXTURES / "minimal.yml")
    untouched(tmp_path, site)


def test_a_failed_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    site = previous_site(tmp_path)
    monkeypatch.setattr(build, "run_mkdocs", fake_mkdocs)
    real_rename = Path.rename

    def rename(self, target):
        if Path(target) == site.resolve() and self.name == "site":
            raise OSError("the disk is full")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=site,
                         data_file=FIXTURES / "minimal.yml")
    untouched(tmp_path, site)


def test_a_successful_build_replaces_the_whole_site(tmp_path, monkeypatch):
    site = previous_site(tmp_path)
    monkeypatch.setattr(build, "run_mkdocs", fake_mkdocs)
    build.build_site(load_data(FIXTURES / "minimal.yml"), root=ROOT, site_dir=site, data_file=FIXTURES / "minimal.yml")
    assert (site / "index.html").read_text(encoding="utf-8") == "the new site"
    assert not (site / "old").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
