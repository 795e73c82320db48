"""The GitHub Actions workflow: valid YAML that tests every pull request and publishes site/
to GitHub Pages from main (it cannot run here; its shape is checked)."""
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def load():
    # BaseLoader keeps `on` a string (YAML 1.1 would read it as true)
    return yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(job):
    return job["steps"]


def test_pull_requests_run_the_tests():
    flow = load()
    assert "pull_request" in flow["on"]
    test = flow["jobs"]["test"]
    runs = [step.get("run", "") for step in steps(test)]
    assert any(run.strip() == "make test" for run in runs)
    assert any("check-links" in run for run in runs)
    assert test["container"] == "debian:bookworm"  # Debian 12: python3 is Python 3.11
    first = [step.get("uses", step.get("run", "")) for step in steps(test)][:2]
    assert "python3-venv" in first[0] and "make" in first[0] and first[1].startswith("actions/checkout@")


def test_main_deploys_the_site_to_pages():
    flow = load()
    assert flow["on"]["push"]["branches"] == ["main"]
    test, deploy = flow["jobs"]["test"], flow["jobs"]["deploy"]
    upload = next(step for step in steps(test) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert "refs/heads/main" in upload["if"] and "pull_request" in upload["if"]
    assert deploy["needs"] == "test"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in steps(deploy))


def test_the_build_for_pages_follows_the_tests():
    test = load()["jobs"]["test"]
    order = [step.get("run", step.get("uses", "")) for step in steps(test)]
    index = {name: i for i, name in enumerate(order)}
    upload = next(i for i, name in enumerate(order) if name.startswith("actions/upload-pages-artifact@"))
    assert index["make test"] < upload and index["make check-links"] < upload


def test_the_site_is_rebuilt_and_published_every_day():
    """Statuses and the home page follow the build's date: a daily build keeps them true."""
    flow = load()
    crons = [entry["cron"] for entry in flow["on"]["schedule"]]
    assert crons, "no schedule"
    for cron in crons:
        minute, hour, day, month, weekday = cron.split()
        assert (day, month, weekday) == ("*", "*", "*"), cron  # every day
        assert hour.isdigit() and int(hour) < 19, cron  # the UTC date is already the day in Kazakhstan (UTC+5)
    # a scheduled run is not a pull request and runs on main: it publishes
    deploy = flow["jobs"]["deploy"]
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert "schedule" not in deploy["if"]


def test_the_pdf_and_pip_caches_are_kept_between_runs():
    """A pull request that changes one campaign lays out only its PDFs: .cache/pdf comes back
    from the previous run, under a key that changes with the fonts, the print templates and
    WeasyPrint (then no earlier PDF is used); pip's downloads come back too."""
    test = load()["jobs"]["test"]
    order = [step.get("run", step.get("uses", "")).strip() for step in steps(test)]
    caches = {step["with"]["path"]: (i, step) for i, step in enumerate(steps(test))
              if step.get("uses", "").startswith("actions/cache@")}
    assert set(caches) == {".cache/pdf", "~/.cache/pip"}
    pdf_at, pdf = caches[".cache/pdf"]
    assert pdf_at < order.index("make test")
    key_step = next(step for step in steps(test) if step.get("id") == "pdf")
    assert pdf["with"]["key"].startswith("${{ steps.pdf.outputs.key }}")
    assert pdf["with"]["restore-keys"].startswith("${{ steps.pdf.outputs.key }}")
    script = key_step["run"]
    for depends_on in ("/usr/share/fonts/truetype/dejavu/", "weasyprint", "scripts/templates/**"):
        assert depends_on in script.lower(), depends_on
    fonts_installed = next(i for i, step in enumerate(steps(test)) if step.get("run", "").strip() == "make system-deps")
    assert fonts_installed < steps(test).index(key_step) < pdf_at
    pip_at, pip = caches["~/.cache/pip"]
    assert pip_at < order.index("make test") and "hashFiles('requirements.txt')" in pip["with"]["key"]


def test_pull_requests_run_the_lighthouse_audit_after_the_tests():
    test = load()["jobs"]["test"]
    order = [step.get("run", "").strip() for step in steps(test)]
    assert "make audit" in order and order.index("make test") < order.index("make audit")
    assert "if" not in steps(test)[order.index("make audit")]  # every pull request, every push
