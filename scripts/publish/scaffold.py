"""`new-campaign SLUG`: add an entry to campaigns.yml, ready to fill in three languages.

The entry is appended to the end of the `campaigns:` list. Its texts are empty ("") in
kk, ru and en, so `make validate` lists what is left to fill, each with its line, and
the site cannot be built with a half-filled campaign. The campaign's page in every
language is made from this entry by the build: there is no page file to write.
"""
from __future__ import annotations

import os
import re
import tempfile
import typing
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..sources import model as models, yamlsource
from ..sources.model import LANGUAGES, SLUG_RE, Kind
from ..sources.yamlsource import SourceProblem
from ..pages.paths import campaign_path, page_url
from ..pages.templating import TEMPLATES


class ScaffoldError(Exception):
    pass


def _yaml_env() -> Environment:
    # YAML out, not HTML: no HTML escaping. Every value put in is an ASCII slug or id
    # that has been checked (or read from the validated data file's keys).
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _campaigns_node(text: str, name: str):
    try:
        root = yaml.compose(text, Loader=yamlsource._NoDatesLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == "campaigns":
            return value
    return None


def hint(model: str, field: str) -> str:
    """The one-line hint of a field in the new entry: its description in the model (the same
    text as the schema's and CONTRIBUTING's field reference)."""
    for name, info in getattr(models, model).model_fields.items():
        if field in (name, info.alias):
            return " ".join((info.description or "").split())
    raise KeyError(f"{model} has no field '{field}'")


def stub(slug: str, regions: list[str], agencies: list[str], indent: int) -> str:
    text = _yaml_env().get_template("new-campaign.yml.j2").render(
        slug=slug, kinds=typing.get_args(Kind), regions=regions, agency=agencies[0] if agencies else "agency.id",
        languages=LANGUAGES, hint=hint)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def new_campaign(data_file: Path, slug: str) -> tuple[int, int]:
    """Append the entry for ``slug``; returns its first and last line. Raises ScaffoldError."""
    if not re.fullmatch(SLUG_RE, slug) or len(slug) > 80:
        raise ScaffoldError(f"'{slug}' cannot be a slug: use lowercase ASCII letters, digits and hyphens, "
                            "e.g. safe-summer-2025 (it becomes the page address and never changes)")
    name = str(data_file)
    try:
        located = yamlsource.load(data_file, name)
    except SourceProblem as exc:
        raise ScaffoldError(f"{exc}\nFix this first (make validate), then add the campaign.") from None
    data = located.data if isinstance(located.data, dict) else {}
    campaigns = data.get("campaigns")
    if not isinstance(campaigns, list) or not campaigns:
        raise ScaffoldError(f"{name}: there is no 'campaigns:' list to add to")
    if any(isinstance(c, dict) and c.get("slug") == slug for c in campaigns):
        where = next(located.where(("campaigns", i, "slug")) for i, c in enumerate(campaigns)
                     if isinstance(c, dict) and c.get("slug") == slug)
        raise ScaffoldError(f"{where}: a campaign with the slug '{slug}' already exists")
    regions = [r["id"] for r in data.get("regions", []) if isinstance(r, dict) and isinstance(r.get("id"), str)]
    agencies = [a["id"] for a in data.get("agencies", []) if isinstance(a, dict) and isinstance(a.get("id"), str)]

    text = data_file.read_bytes().decode("utf-8").removeprefix("\ufeff")
    node = _campaigns_node(text, name)
    if not isinstance(node, yaml.SequenceNode) or node.flow_style:
        raise ScaffoldError(f"{name}: 'campaigns:' must be a list written one item per '- ' line")
    indent = node.value[0].start_mark.column - 2  # the column of '- '
    # insert after the line where the last campaign's last value ends
    end = _last_end(node.value[-1])
    if end > 0 and text[end - 1] == "\n":
        cut = end
    else:
        newline = text.find("\n", end)
        cut = len(text) if newline == -1 else newline + 1
    head = text[:cut] if text[:cut].endswith("\n") else text[:cut] + "\n"
    entry = stub(slug, regions, agencies, indent)
    new_text = head + "\n" + entry + text[cut:]

    # the result must still be readable and end its campaigns with the new slug
    check = _campaigns_node(new_text, name)
    if check is None or not check.value or _slug_of(check.value[-1]) != slug:
        raise ScaffoldError(f"{name}: could not find where the campaigns list ends; add the entry by hand")
    first_line = head.count("\n") + 2
    last_line = first_line + entry.count("\n") - 1
    fd, tmp = tempfile.mkstemp(prefix=".campaigns-", dir=data_file.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(new_text)
    os.chmod(tmp, data_file.stat().st_mode & 0o777)
    os.replace(tmp, data_file)
    return first_line, last_line


def _last_end(node) -> int:
    """Where the text of ``node`` ends (a block collection's own end mark lies at the next
    token, after comments that may belong to what follows)."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _last_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_end(node.value[-1])
    return node.end_mark.index


def _slug_of(node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "slug" and isinstance(value, yaml.ScalarNode):
                return value.value
    return None


def page_paths(slug: str) -> list[str]:
    """The addresses of the new campaign's page in every language."""
    return ["/" + page_url(lang, campaign_path(slug)) for lang in LANGUAGES]
