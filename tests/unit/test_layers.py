"""The package's import graph: no cycle, and no layer imports one above it.

Layers, from the bottom: the facts and checks (probe, checks, fleet, ...), the
verdict (verdict, run_context, waivers), the outputs (logtail_doctor.outputs,
remediation), and the run and its commands (run, merge, cli) on top. Read from
the source (module-level imports; those under `if TYPE_CHECKING:` are for types).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "logtail_doctor"
# Modules that run or merge a run: the only ones that may use the outputs.
TOP = {"logtail_doctor.run", "logtail_doctor.merge", "logtail_doctor.cli"}
# The old home of write_text, kept for remediation.py (logtail_doctor.report).
OUTPUT_LAYER = ("logtail_doctor.outputs", "logtail_doctor.remediation", "logtail_doctor.report")


def _imports() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE.name):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else str(node.module))
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith(PACKAGE.name)}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _in(module: str, layer: tuple[str, ...] | set[str]) -> bool:
    return any(module == top or module.startswith(f"{top}.") for top in layer)


def test_the_import_graph_has_no_cycle() -> None:
    graph = _imports()
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        for imported in sorted(graph[module]):
            if imported in path:
                cycles.append([*path[path.index(imported) :], imported])
            elif imported not in done:
                visit(imported, [*path, imported])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_only_the_run_and_its_commands_use_the_outputs() -> None:
    graph = _imports()
    wrong = [
        f"{module} imports {imported}"
        for module, imported_by_it in sorted(graph.items())
        for imported in sorted(imported_by_it)
        if _in(imported, OUTPUT_LAYER) and not _in(module, (*OUTPUT_LAYER, *TOP))
    ]
    assert not wrong, "\n".join(wrong)


def test_nothing_below_the_run_imports_it() -> None:
    graph = _imports()
    wrong = [
        f"{module} imports {imported}"
        for module, imported_by_it in sorted(graph.items())
        for imported in imported_by_it
        if _in(imported, TOP) and not _in(module, TOP)
    ]
    assert not wrong, "\n".join(wrong)
