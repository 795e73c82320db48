"""The layout of the code (ARCHITECTURE.md): no import cycle, stages in order, a map that names
every folder and module, tests found by their module's name, a short README."""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts"
# A stage imports only from the stages before it (and its own); dev may import any stage.
STAGES = ("errors", "sources", "pages", "printable", "publish", "__main__", "dev")


def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the scripts package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int, bool]]:
    """(module of ours imported, line, inside a function) for every import of the module,
    wherever it is: at the top, inside a function, under a condition."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for n in ast.walk(f) if n is not f}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        for candidate in candidates:
            if candidate in known and candidate != name:
                out.append((candidate, node.lineno, id(node) in in_function))
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {t for t, _, _ in imports(name, path, known)} for name, path in known.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def stage(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "scripts"


def test_the_import_graph_has_no_cycle():
    found = cycle(graph())
    assert found is None, "import cycle: " + " -> ".join(found)


def test_the_cycle_check_sees_imports_inside_functions(tmp_path):
    """A circle closed by an import inside a function counts as a circle."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import f\n")
    (pkg / "b.py").write_text("def f():\n    from .a import g\n")
    known = {"pkg": pkg / "__init__.py", "pkg.a": pkg / "a.py", "pkg.b": pkg / "b.py"}
    edges = {n: {t for t, _, _ in imports(n, p, known)} for n, p in known.items()}
    assert cycle(edges) in (["pkg.a", "pkg.b", "pkg.a"], ["pkg.b", "pkg.a", "pkg.b"])


def test_no_module_of_ours_is_imported_inside_a_function():
    """Imports of our own modules are at the top of the file: one inside a function is the old
    way round a circle, and hides it."""
    known = modules()
    late = [f"{path.relative_to(ROOT)}:{line}: {target}" for name, path in known.items()
            for target, line, inside in imports(name, path, known) if inside]
    assert not late, late


def test_a_late_import_of_a_library_says_why():
    """A library imported inside a function (to delay a heavy one: WeasyPrint, Playwright, MkDocs'
    internals, …) has a comment on the line above saying so; the standard library needs none."""
    missing = []
    for path in modules().values():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0):
                    top = (node.module if isinstance(node, ast.ImportFrom) else node.names[0].name).split(".")[0]
                    if top in sys.stdlib_module_names:
                        continue
                    above = [ln.strip() for ln in lines[max(0, node.lineno - 4):node.lineno - 1]]
                    if not any(ln.startswith("#") for ln in above):
                        missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not missing, missing


def test_stages_import_only_earlier_stages():
    wrong = []
    for name, targets in graph().items():
        own = stage(name)
        if own == "scripts":
            continue
        for target in targets:
            theirs = stage(target)
            if theirs == "scripts":
                continue
            if own != "dev" and STAGES.index(theirs) > STAGES.index(own):
                wrong.append(f"{name} imports {target}")
    assert not wrong, wrong


def test_architecture_names_every_folder_and_module():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(ROOT).as_posix()
        if "__pycache__" in rel or path.name == "__init__.py" or rel.startswith("scripts/templates/"):
            continue
        if path.is_dir():
            rel += "/"
        elif path.suffix not in (".py", ".js"):
            continue
        if f"`{rel}`" not in text:
            missing.append(rel)
    assert not missing, f"ARCHITECTURE.md does not name: {missing}"


def test_top_folders_are_on_the_map():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    tracked = {"docs", "i18n", "materials", "overrides", "schema", "deploy", "tools", "tests", "scripts"}
    present = {p.name for p in ROOT.iterdir() if p.is_dir()} & tracked
    missing = [f for f in sorted(present) if f"`{f}/" not in text]
    assert not missing, missing


def test_the_test_of_a_module_is_named_after_it():
    """tests/test_<module>.py tests that module; a test named after no module is one of the
    whole-site tests ARCHITECTURE.md lists."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("### Tests mirror the modules", 1)[1].split("\n## ", 1)[0]
    whole_site = set(re.findall(r"`(test_\w+\.py)`", section))
    names = {n.rsplit(".", 1)[-1] for n in modules()}
    stray = [p.name for p in sorted((ROOT / "tests").glob("test_*.py"))
             if p.stem[len("test_"):] not in names and p.name not in whole_site]
    assert not stray, f"neither a module's name nor a whole-site test listed in ARCHITECTURE.md: {stray}"
    listed_but_gone = [n for n in whole_site if not (ROOT / "tests" / n).exists()]
    assert not listed_but_gone, listed_but_gone


def test_module_names_are_unique_across_packages():
    """So that tests/test_<module>.py names one module."""
    names = [n.rsplit(".", 1)[-1] for n, p in modules().items() if p.name != "__init__.py"]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_readme_is_a_front_door():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 6500
    for target in ("ARCHITECTURE.md", "CONTRIBUTING.md", "BENCHMARKS.md", "deploy/README.md", "ARCHITECTURE.md#stack"):
        assert f"]({target})" in readme, target
    assert "make serve" in readme and "make test" in readme
    assert "### Stack" in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
