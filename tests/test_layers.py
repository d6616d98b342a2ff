"""The house keeps its shape: every module imports only from its own stage or the stages below it
(the order in spinekg/ARCHITECTURE.md), and no two modules import each other, even lazily or for
type checking only. Read from the source with ast, so an import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "spinekg"

#: The stages, bottom first; a module may import from its own stage and any stage before it.
LAYERS: list[set[str]] = [
    {"errors", "values", "vocab", "paths", "files", "rq", "hierarchy"},
    {"curation"},
    {"compile"},
    {"engines"},
    {"query"},
    {"export"},
    {"kg"},
    {"serve", "validate"},
    {"__init__", "cli", "__main__"},
]


def _stage(module: str) -> str:
    """``spinekg.compile.owl`` -> ``compile``; ``spinekg`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(stage: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if stage in names)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every spinekg module ``path`` imports, wherever the import statement stands."""
    found = set()
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "spinekg"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *([base] if base else [])])
            if base.split(".")[0] != "spinekg":
                continue
            for alias in node.names:  # `from spinekg import vocab` imports the module spinekg.vocab
                candidate = f"{base}.{alias.name}"
                where = PACKAGE.parent / Path(*candidate.split("."))
                is_module = where.with_suffix(".py").is_file() or where.is_dir()
                found.add(candidate if is_module else base)
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_nothing_from_a_later_stage(module: str) -> None:
    mine = _stage(module)
    if mine == "__init__" and module != "spinekg":  # a subpackage's __init__ belongs to its stage
        mine = module.split(".")[1]
    upward = sorted(imported for imported in _imports(MODULES[module]) if imported != "spinekg" and _layer(_stage(imported)) > _layer(mine))
    assert upward == [], f"{module} ({mine}) imports from later stages: {upward}"


def test_the_stages_of_the_same_level_do_not_import_each_other() -> None:
    side = LAYERS[7]
    crossing = sorted(
        (module, imported)
        for module, path in MODULES.items()
        if _stage(module) in side
        for imported in _imports(path)
        if _stage(imported) in side and _stage(imported) != _stage(module)
    )
    assert crossing == []


def test_no_import_cycle_between_modules() -> None:
    import networkx as nx

    graph = nx.DiGraph((module, imported) for module, path in MODULES.items() for imported in _imports(path) if imported in MODULES and imported != module)
    graph.remove_node("spinekg")  # every module is inside the package; importing its __init__ is not a dependency on it
    assert sorted(sorted(c) for c in nx.simple_cycles(graph)) == []


def test_every_stage_is_in_the_map() -> None:
    stages = {_stage(m) if _stage(m) != "__init__" else "__init__" for m in MODULES}
    assert stages <= set().union(*LAYERS), stages - set().union(*LAYERS)


def test_no_module_imports_another_modules_private_name() -> None:
    private = sorted(
        (module, f"{node.module}.{alias.name}")
        for module, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("spinekg")
        for alias in node.names
        if alias.name.startswith("_")
    )
    assert private == []
