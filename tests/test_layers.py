"""The package's folders are its layers, and imports run one way.

cli (and its commands) → tools → build (and config) → outputs → writers → pipeline → util → errors.
A module imports only from its own layer or the layers after it, and no module
imports itself back through others (no cycles), lazy imports inside functions
and imports for type checking included: each is a dependency all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "reportgen"

# In order, from the top: (layer, the modules or packages it holds).
LAYERS = [
    ("cli", ("reportgen.cli", "reportgen.__main__", "reportgen.commands",
             "reportgen.helppage")),
    ("tools", ("reportgen.tools",)),
    ("build", ("reportgen.build", "reportgen.config")),
    ("outputs", ("reportgen.outputs",)),
    ("writers", ("reportgen.writers",)),
    ("pipeline", ("reportgen.pipeline",)),
    ("util", ("reportgen.util",)),
    ("base", ("reportgen.errors", "reportgen")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    for index, (_name, members) in enumerate(LAYERS):
        if any(module == m or module.startswith(m + ".") for m in members if m != "reportgen"):
            return index
    assert module == "reportgen", f"{module} is in no layer: add it to LAYERS"
    return len(LAYERS) - 1


def imports_of(module: str) -> set[str]:
    """Every reportgen module ``module`` imports, wherever the import stands."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "reportgen"}
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([source] if source else []))
            if source.split(".")[0] != "reportgen":
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                found.add(full if full in MODULES else source)
    return found - {module}


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


def test_imports_run_downward_only() -> None:
    upward = [f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} "
              f"({LAYERS[layer_of(target)][0]})"
              for module, targets in GRAPH.items() for target in sorted(targets)
              if layer_of(target) < layer_of(module)]
    assert upward == []


def test_no_import_cycles() -> None:
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert [" → ".join(cycle) for cycle in cycles] == []


def test_the_checks_can_fail() -> None:
    """An upward import and a cycle, written the way the package writes imports."""
    assert layer_of("reportgen.pipeline.load") > layer_of("reportgen.outputs.cache")
    assert "reportgen.errors" in GRAPH["reportgen.pipeline.load"]
    assert "reportgen.pipeline.model" in GRAPH["reportgen.pipeline.validate"]
