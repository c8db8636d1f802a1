"""The house's floors, read from the source with ast: data flows one way and nothing imports in a circle.

Corpus → segmentation → attribution → sides → framing → narratives →
comparison → report: only the report layer itself and the command line
import ``narratives.report`` (notebook display reaches it by name, through
:mod:`narratives.display`), and no two modules import each other, directly
or round a longer circle, when they are imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "narratives"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """Ids of the nodes inside ``if TYPE_CHECKING:`` blocks (never run)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The narratives modules an import statement names (``from narratives import lang`` names ``narratives.lang``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]


def imports(module: str, *, lazy: bool) -> set[str]:
    """The narratives modules ``module`` imports: at its top level, and also inside functions when ``lazy``."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    statements = ast.walk(tree) if lazy else iter(tree.body)
    found: set[str] = set()
    for node in statements:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped:
            found.update(name for name in _imported(node, module, path.name == "__init__.py") if name.startswith("narratives"))
    return found - {module}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def _in_report(module: str) -> bool:
    return module.split(".")[:2] == ["narratives", "report"]


def test_only_the_report_layer_and_the_cli_import_narratives_report() -> None:
    offenders = {
        module: sorted(filter(_in_report, imports(module, lazy=True)))
        for module in MODULES
        if not _in_report(module) and module.split(".")[:2] != ["narratives", "cli"]
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = {module: imports(module, lazy=True) for module in MODULES}  # imports inside functions count too
    assert _circles(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
