"""new-campaign SLUG: appends an entry to campaigns.yml whose texts are empty in kk, ru and en;
validation then lists exactly what is left to fill, each with its line."""
import re
import shutil

import yaml

from conftest import FIXTURES, run_cli

MINIMAL = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")


def new(tmp_path, slug, text=MINIMAL):
    data = tmp_path / "campaigns.yml"
    if not data.exists():
        data.write_text(text, encoding="utf-8")
    return data, run_cli("--data", str(data), "new-campaign", slug)


def test_the_entry_is_added_at_the_end_of_the_campaigns(tmp_path, monkeypatch):
    # a build date within 12 months of the fixture's contacts' 'verified': no warnings about them
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01
    data, proc = new(tmp_path, "safe-summer-2025")
    assert proc.returncode == 0, proc.stderr
    text = data.read_text(encoding="utf-8")
    assert text.startswith(MINIMAL)  # nothing else is touched
    first, last = map(int, re.search(r"lines (\d+)–(\d+)", proc.stdout).groups())
    lines = text.splitlines()
    assert lines[first - 1].strip().startswith('# ---- New campaign "safe-summer-2025"')
    assert last == len(lines)
    for prefix in ("/campaigns/", "/ru/campaigns/", "/en/campaigns/"):
        assert f"http://127.0.0.1:8000{prefix}safe-summer-2025/" in proc.stdout
    campaigns = yaml.safe_load(text)["campaigns"]
    assert [c["slug"] for c in campaigns] == ["first-campaign", "second-campaign", "safe-summer-2025"]
    assert campaigns[-1]["name"] == {"kk": "", "ru": "", "en": ""}

    # validation lists every text still to fill, in each language, on the new lines only
    proc = run_cli("--data", str(data), "validate")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    problems = re.findall(rf"^{re.escape(str(data))}:(\d+):\d+: (\S+): (.*)$", proc.stderr, re.M)
    assert problems and all(first <= int(line) <= last for line, _, _ in problems)
    fields = {field for _, field, _ in problems}
    for lang in ("kk", "ru", "en"):
        for field in ("name", "summary", "goals[0]", "sections[0].title", "sections[0].activities[0].text"):
            assert f"campaigns[2].{field}.{lang}" in fields
    assert "campaigns[2].region" in fields and "campaigns[2].period.start" in fields
    assert "test-region" in text  # the regions to choose from are listed in a comment


def test_the_campaigns_list_need_not_be_last(tmp_path):
    head, campaigns = MINIMAL.split("campaigns:\n")
    text = "campaigns:\n" + campaigns.rstrip("\n") + "\n# The regions follow.\n" + head
    data, proc = new(tmp_path, "safe-summer-2025", text)
    assert proc.returncode == 0, proc.stderr
    loaded = yaml.safe_load(data.read_text(encoding="utf-8"))
    assert loaded["campaigns"][-1]["slug"] == "safe-summer-2025"
    assert loaded["regions"][0]["id"] == "test-region" and loaded["site"]["url"] == "https://example.test/"


def test_refusals_leave_the_file_unchanged(tmp_path):
    data, proc = new(tmp_path, "first-campaign")
    assert proc.returncode == 1 and "already exists" in proc.stderr
    assert re.match(rf"{re.escape(str(data))}:\d+:\d+: ", proc.stderr)
    for slug in ("Safe-Summer", "безопасное-лето", "safe summer", "safe-", "safe--summer"):
        _, proc = new(tmp_path, slug)
        assert proc.returncode == 1 and "cannot be a slug" in proc.stderr, slug
    assert data.read_text(encoding="utf-8") == MINIMAL
    data.write_text(MINIMAL.replace("kind: report\n", "kind: [report\n"), encoding="utf-8")
    _, proc = new(tmp_path, "safe-summer-2025")
    assert proc.returncode == 1 and "YAML syntax error" in proc.stderr and "Traceback" not in proc.stderr


def test_make_shortcut_needs_a_slug(tmp_path):
    import subprocess
    from conftest import ROOT
    proc = subprocess.run(["make", "-s", "-o", ".venv/.installed", "new-campaign"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "Usage: make new-campaign SLUG=" in proc.stderr


def test_the_entry_lists_every_field_with_its_hint():
    """Every field of a campaign (and of its sections, activities, dates and figures) is in the
    new entry, active or as an optional line to uncomment, with its one-line hint from the model."""
    from scripts.sources.model import Activity, Campaign, Figure, Period, Section, When
    from scripts.publish.scaffold import hint, stub

    text = stub("safe-summer-2025", ["test-region"], ["t.edu"], 2)
    for model in (Campaign, Section, Activity, Period, Figure, When):
        for name, info in model.model_fields.items():
            key = info.alias or name
            assert re.search(rf"(^|[\s{{,#-]){re.escape(key)}:", text, re.M), f"{model.__name__}.{key}"
    for model, field in (("Campaign", "motto"), ("Campaign", "figures"), ("When", "weekdays"), ("Activity", "funding")):
        assert f"# {hint(model, field)}" in text
