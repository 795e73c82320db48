"""The JSON Schema of campaigns.yml and lessons.yml, and the field reference of CONTRIBUTING.

Both are generated from the pydantic models (scripts/sources/model.py, scripts/sources/lessons.py): a field's
description is its attribute docstring (the string on the line under the field), in English.
The Russian guide's descriptions are kept in ``schema/descriptions.ru.yml``, one per field, keyed
by the model and the field (``Campaign.motto``); the English ones are never written anywhere else.

    python -m scripts schema            write schema/*.schema.json and the guides' field reference
    python -m scripts schema --check    fail when a field has no description (in English or in
                                        Russian), or when what is committed differs from the models

The YAML files name their schema on their first line (``# yaml-language-server: $schema=…``), so
that an editor (VS Code with the YAML extension) completes fields and marks mistakes as one types.
"""
from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel

from .lessons import LessonFile
from .model import Data, Text

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schema"
RU_DESCRIPTIONS = SCHEMA_DIR / "descriptions.ru.yml"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"

# data file -> (its model, the schema file beside the others in schema/)
FILES = {
    "campaigns.yml": (Data, "campaigns.schema.json"),
    "lessons.yml": (LessonFile, "lessons.schema.json"),
}
GUIDES = {"en": ROOT / "CONTRIBUTING.md", "ru": ROOT / "CONTRIBUTING.ru.md"}
START, END = "<!-- field-reference:start -->", "<!-- field-reference:end -->"
SOURCES = {Data.__module__: "scripts/sources/model.py", LessonFile.__module__: "scripts/sources/lessons.py"}


def schema_line(data_file: str) -> str:
    """The first line of a data file: where editors' tools find its schema."""
    return f"# yaml-language-server: $schema=schema/{FILES[data_file][1]}"


def json_schema(model: type[BaseModel], data_file: str) -> dict:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": JSON_SCHEMA, "title": data_file,
            "description": f"{data_file}: generated from {SOURCES[model.__module__]} by `python -m scripts schema`; "
                           "do not edit by hand.",
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def schema_text(model: type[BaseModel], data_file: str) -> str:
    return json.dumps(json_schema(model, data_file), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- the fields, walked

@dataclass(frozen=True)
class Field:
    model: type[BaseModel]
    name: str  # as written in the YAML (the alias, e.g. 'from')
    attr: str  # the Python attribute
    annotation: object
    required: bool
    description: str | None

    @property
    def owner(self) -> type[BaseModel]:
        """The class that declares the field (Contact for Hotline.name)."""
        return next(c for c in self.model.__mro__ if self.attr in getattr(c, "__annotations__", {}))

    @property
    def key(self) -> str:
        """The key of its Russian description: Model.field, the model that declares it."""
        return f"{self.owner.__name__}.{self.name}"


def fields(model: type[BaseModel]) -> list[Field]:
    return [Field(model, info.alias or name, name, info.annotation, info.is_required(), info.description)
            for name, info in model.model_fields.items()]


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out = []
    for arg in typing.get_args(annotation):
        out += _models_in(arg)
    return out


def sections(root: type[BaseModel]) -> list[tuple[str, type[BaseModel]]]:
    """(the YAML paths where a model is met, joined by ", "; the model), from the file's top, in
    the order of the fields (a model's own parts follow it); Text (kk, ru, en) is described once,
    in words, not as a section."""
    paths: dict[type[BaseModel], list[str]] = {}
    order: list[type[BaseModel]] = []

    def visit(path: str, model: type[BaseModel]):
        if model is Text:
            return
        if model in paths:
            paths[model].append(path)
            return
        paths[model] = [path]
        order.append(model)
        for f in fields(model):
            for inner in _models_in(f.annotation):
                visit((f"{path}." if path else "") + f.name + ("[]" if _is_list(f.annotation) else ""), inner)

    visit("", root)
    return [(", ".join(f"`{p}`" if p else "" for p in paths[m]), m) for m in order]


def _is_list(annotation) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(a) for a in typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType))


def every_field() -> list[Field]:
    seen, out = set(), []
    for model, _ in FILES.values():
        for _, section_model in sections(model) + [("", Text)]:
            for f in fields(section_model):
                if f.key not in seen:
                    seen.add(f.key)
                    out.append(f)
    return out


def description_problems(ru: dict | None = None) -> list[str]:
    """Fields without a description: in English (the model) or in Russian (descriptions.ru.yml),
    each named exactly, with where to add it; Russian entries of fields that no longer exist."""
    ru = read_ru() if ru is None else ru
    problems = []
    keys = set()
    for f in every_field():
        keys.add(f.key)
        if not f.description or not f.description.strip():
            problems.append(f"{SOURCES[f.owner.__module__]}: {f.key} has no description: add a docstring on the line "
                            f"under the field '{f.attr}' of class {f.owner.__name__} (one sentence, for editors)")
        if not str(ru.get(f.key) or "").strip():
            problems.append(f"{RU_DESCRIPTIONS.relative_to(ROOT)}: {f.key} has no Russian description: add "
                            f"'{f.key}: …' (the English one: {f.description!r})")
    for key in sorted(set(ru) - keys - {"_words"}):
        problems.append(f"{RU_DESCRIPTIONS.relative_to(ROOT)}: {key} is not a field of the models: remove it")
    return problems


def read_ru() -> dict:
    if not RU_DESCRIPTIONS.exists():
        return {}
    return yaml.safe_load(RU_DESCRIPTIONS.read_text(encoding="utf-8")) or {}


# ---------------------------------------------------------------- the field reference

WORDS = {  # how a value is written, in the English guide (the Russian words are in descriptions.ru.yml, _words)
    "text": "text in kk, ru and en", "list": "list of: {item}", "date": "date \"YYYY-MM-DD\"",
    "month": "month \"YYYY-MM\"", "number": "number", "whole": "whole number", "bool": "true or false",
    "one of": "one of: {values}", "id": "id", "fields": "fields (see {path})", "either": "{a} or {b}",
    "required": "required", "optional": "optional", "field": "field", "value": "what to write",
    "description": "what it is", "in": "In `{file}`", "top": "the top of the file", "text_value": "text",
    "need": "required?",
}


def _words(lang: str) -> dict:
    if lang == "en":
        return WORDS
    return {**WORDS, **(read_ru().get("_words") or {})}


def _type(annotation, words: dict, paths: dict) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0], words, paths)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if set(options) == {int, float}:
            return words["number"]
        if len(options) == 1:
            return _type(options[0], words, paths)
        parts = [_type(a, words, paths) for a in options]
        return words["either"].format(a=", ".join(parts[:-1]), b=parts[-1])
    if origin is list:
        return words["list"].format(item=_type(args[0], words, paths))
    if origin is typing.Literal:
        return words["one of"].format(values=", ".join(f"`{a}`" for a in args))
    if annotation is Text:
        return words["text"]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return words["fields"].format(path=f"`{paths.get(annotation, annotation.__name__)}`")
    if annotation is bool:
        return words["bool"]
    if annotation is int:
        return words["whole"]
    if annotation is float:
        return words["number"]
    return words["text_value"] if annotation is str else words["value"]


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def reference(lang: str) -> str:
    """The field reference of the guide in ``lang``: for each file, each kind of entry, a table
    of its fields (what to write, whether it is required, what it is)."""
    words = _words(lang)
    ru = read_ru() if lang != "en" else {}
    out = []
    for data_file, (model, _) in FILES.items():
        found = sections(model)
        paths = {m: (p.split(", ")[0].strip("`") or words["top"]) for p, m in found}
        out.append(f"### {words['in'].format(file=data_file)}\n")
        for path, section_model in found:
            out.append(f"#### {path or words['top']}\n")
            out.append(f"| {words['field']} | {words['value']} | {words['need']} | {words['description']} |")
            out.append("| --- | --- | --- | --- |")
            for f in fields(section_model):
                what = _type(f.annotation, words, paths)
                need = words["required"] if f.required else words["optional"]
                text = f.description if lang == "en" else ru.get(f.key, "")
                out.append(f"| `{f.name}` | {_cell(what)} | {need} | {_cell(text)} |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _replace_between(text: str, body: str) -> str:
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n" + body + text[end:]


# ---------------------------------------------------------------- write and check

def expected_files() -> dict[Path, str]:
    """Every generated file with the text it must have."""
    out = {SCHEMA_DIR / name: schema_text(model, data_file) for data_file, (model, name) in FILES.items()}
    for lang, guide in GUIDES.items():
        out[guide] = _replace_between(guide.read_text(encoding="utf-8"), reference(lang))
    return out


def check() -> list[str]:
    problems = description_problems()
    for path, text in expected_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            what = "the field reference" if path.suffix == ".md" else "the schema"
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            problems.append(f"{shown}: {what} differs from the models: run `python -m scripts schema`"
                            " and commit the result")
    for data_file in FILES:
        first = (ROOT / data_file).read_text(encoding="utf-8").split("\n", 1)[0]
        if first != schema_line(data_file):
            problems.append(f"{data_file}:1:1: the first line must name the schema: {schema_line(data_file)}")
    return problems


def write() -> list[Path]:
    written = []
    SCHEMA_DIR.mkdir(exist_ok=True)
    for path, text in expected_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
