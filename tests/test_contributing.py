"""CONTRIBUTING.md is followed to the letter: its worked example's commands are run, its entry
is filled in as the guide shows, and the new campaign's page is built in three languages."""
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

GUIDES = {"en": ROOT / "CONTRIBUTING.md", "ru": ROOT / "CONTRIBUTING.ru.md"}
COMMANDS = ["make validate", "make new-campaign", "make translations", "make translations-update",
            "make serve", "make build", "make check-links", "make test"]


def worked_example(guide: Path) -> list[tuple[str, str]]:
    text = guide.read_text(encoding="utf-8")
    start, end = text.index("<!-- worked-example:start -->"), text.index("<!-- worked-example:end -->")
    return re.findall(r"```(\w+)\n(.*?)```", text[start:end], re.S)


@pytest.mark.parametrize("lang", GUIDES)
def test_the_guide_documents_every_command(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"`{command}" in text, command
    for topic in ("campaigns.yml", "lessons.yml", "docs/kk/", "translations.lock.yml", ".github/workflows/site.yml",
                  "ACCEPT=", "127.0.0.1:8000"):
        assert topic in text, topic


def test_the_guides_share_one_worked_example():
    assert worked_example(GUIDES["en"]) == worked_example(GUIDES["ru"])
    kinds = [kind for kind, _ in worked_example(GUIDES["en"])]
    assert kinds == ["sh", "yaml", "sh", "sh"]


def copy_repository(tmp_path: Path) -> Path:
    """The repository as an editor has it (with the PDF cache, which only saves time)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, symlinks=True,
                    ignore=shutil.ignore_patterns(".git", "site", ".build-*", "__pycache__", ".pytest_cache",
                                                  ".venv", "tests"))
    (repo / ".venv").symlink_to(Path(sys.executable).resolve().parent.parent if not (ROOT / ".venv").exists()
                                else (ROOT / ".venv").resolve())
    return repo


def run(command: str, repo: Path):
    """One documented command, as an editor runs it. `make serve` builds, then serves until
    stopped: here it is its build step, `make build`. Make does not reinstall the venv."""
    words = shlex.split(command)
    if words[:2] == ["make", "serve"]:
        words[1] = "build"
    if words[0] == "make":
        words = ["make", "-s", "-o", ".venv/.installed", f"PY={sys.executable}", *words[1:]]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(words, cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def fill_in(repo: Path, slug: str, entry: str):
    """Step 2 of the guide: the stub (from its '# ---- New campaign' line to the end of the
    campaigns list) is replaced by the finished entry the guide shows."""
    data = repo / "campaigns.yml"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f'# ---- New campaign "{slug}"'))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("  ")):
        end += 1
    data.write_text("".join(lines[:start] + [entry] + lines[end:]), encoding="utf-8")


def test_a_new_campaign_following_the_guide(tmp_path, seed_site):
    # seed_site first: the copy's PDF cache then holds the seed's PDFs, as an editor's working
    # copy does after its first build, and only the new campaign's are laid out here
    repo = copy_repository(tmp_path)
    blocks = worked_example(GUIDES["en"])
    entry = next(body for kind, body in blocks if kind == "yaml")
    slug = yaml.safe_load(entry)[0]["slug"]
    filled = False
    for kind, body in blocks:
        if kind == "yaml":
            fill_in(repo, slug, entry)
            filled = True
            continue
        for command in [ln.strip() for ln in body.splitlines() if ln.strip() and not ln.startswith("#")]:
            proc = run(command, repo)
            assert proc.returncode == 0, (command, proc.stdout, proc.stderr)
            if command.startswith("make new-campaign"):
                # before filling in, the half-made campaign is refused, with its lines
                check = run("make validate", repo)
                assert check.returncode != 0 and "translation is empty" in check.stderr
            if command == "make validate":
                assert "OK" in proc.stdout
    assert filled
    name = yaml.safe_load(entry)[0]["name"]
    for lang, prefix in (("kk", ""), ("ru", "ru/"), ("en", "en/")):
        page = repo / "site" / prefix / "campaigns" / slug / "index.html"
        assert page.exists(), page
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html and name[lang] in html
        listing = (repo / "site" / prefix / "campaigns" / "index.html").read_text(encoding="utf-8")
        assert f'href="{slug}/"' in listing
    lock = (repo / "translations.lock.yml").read_text(encoding="utf-8")
    assert f"campaigns[{slug}].summary:" in lock  # step 4 recorded the translations
