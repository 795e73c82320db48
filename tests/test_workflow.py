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


def test_pull_requests_run_the_lighthouse_audit_after_the_tests():
    test = load()["jobs"]["test"]
    order = [step.get("run", "").strip() for step in steps(test)]
    assert "make audit" in order and order.index("make test") < order.index("make audit")
    assert "if" not in steps(test)[order.index("make audit")]  # every pull request, every push
