import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run_cli(*args, cwd=ROOT):
    """Run the editors' command line as a separate process, as an editor would."""
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once from campaigns.yml for all tests that read it."""
    site = tmp_path_factory.mktemp("built") / "site"
    proc = run_cli("build", "--site-dir", str(site))
    assert proc.returncode == 0, proc.stderr
    return site
