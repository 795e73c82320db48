"""The JSON Schema of campaigns.yml and lessons.yml and CONTRIBUTING's field reference are made
from the models, describe every field, and are what is committed; the schema accepts what
`make validate` accepts and marks what an editor's tool should mark."""
import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, ROOT
from scripts.sources import schema
from scripts.sources.model import Strict, Text


def test_schema_check_passes():
    """`python -m scripts schema --check`, as make test runs it."""
    proc = subprocess.run([sys.executable, "-m", "scripts", "schema", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_a_field_without_a_description_is_named(monkeypatch):
    class Extra(Strict):
        described: int = 0
        """Has one."""
        bare: int = 0

    monkeypatch.setitem(schema.FILES, "extra.yml", (Extra, "extra.schema.json"))
    monkeypatch.setitem(schema.SOURCES, Extra.__module__, "tests/test_schema.py")
    problems = schema.description_problems({"Extra.described": "Есть."})
    named = [p for p in problems if "Extra." in p]
    assert named == [
        "tests/test_schema.py: Extra.bare has no description: add a docstring on the line under the field 'bare' "
        "of class Extra (one sentence, for editors)",
        "schema/descriptions.ru.yml: Extra.bare has no Russian description: add 'Extra.bare: …' (the English one: None)",
    ]


def test_a_guide_edited_by_hand_fails_the_check(monkeypatch, tmp_path):
    """The committed files are compared with what the models give: here a copy of the guide
    whose field reference was edited by hand."""
    guide = tmp_path / "CONTRIBUTING.md"
    text = schema.GUIDES["en"].read_text(encoding="utf-8")
    assert "The campaign's slogan" in text
    guide.write_text(text.replace("The campaign's slogan", "The slogan"), encoding="utf-8")
    monkeypatch.setitem(schema.GUIDES, "en", guide)
    assert f"{guide}: the field reference differs from the models: run `python -m scripts schema` and commit the result" \
        in schema.check()


def test_every_field_is_in_both_guides():
    for lang, guide in schema.GUIDES.items():
        text = guide.read_text(encoding="utf-8")
        block = text[text.index(schema.START):text.index(schema.END)]
        ru = schema.read_ru()
        for f in schema.every_field():
            if f.owner is Text:
                continue
            description = f.description if lang == "en" else ru[f.key]
            assert f"| `{f.name}` |" in block and " ".join(description.split()) in block, (lang, f.key)


def test_the_data_files_name_their_schema():
    for data_file in schema.FILES:
        assert (ROOT / data_file).read_text(encoding="utf-8").split("\n", 1)[0] == schema.schema_line(data_file)
        target = ROOT / schema.schema_line(data_file).split("=", 1)[1]
        assert target.is_file()


def load_schema(name):
    return json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("data_file,schema_file,paths", [
    ("campaigns.yml", "campaigns.schema.json", [ROOT / "campaigns.yml", FIXTURES / "minimal.yml"]),
    ("lessons.yml", "lessons.schema.json", [ROOT / "lessons.yml", FIXTURES / "lessons.yml"]),
])
def test_the_schema_accepts_valid_files_and_marks_mistakes(data_file, schema_file, paths):
    """As VS Code's YAML extension would check the file (dates stay text, as our loader reads them)."""
    from scripts.sources import yamlsource

    validator = jsonschema.Draft202012Validator(load_schema(schema_file))
    for path in paths:
        data = yamlsource.load(path).data
        assert not list(validator.iter_errors(data)), path
    data = yamlsource.load(paths[-1]).data
    first = data["campaigns" if data_file == "campaigns.yml" else "lessons"][0]
    first["colour"] = "blue"  # a field the schema does not know
    errors = list(validator.iter_errors(data))
    assert errors and any("colour" in e.message for e in errors)


def test_every_field_has_a_description_in_the_schema():
    def walk(node, path="#"):
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                assert prop.get("description"), f"{path}/properties/{name}"
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}/{i}")
    for name in ("campaigns.schema.json", "lessons.schema.json"):
        walk(load_schema(name))


def test_the_russian_descriptions_are_complete():
    ru = yaml.safe_load(schema.RU_DESCRIPTIONS.read_text(encoding="utf-8"))
    assert set(ru) - {"_words"} == {f.key for f in schema.every_field()}
