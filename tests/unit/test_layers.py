"""The import graph of logtail_doctor/ and lab/: no cycle, and no import up across layers.

Every module is parsed with ast (nothing is imported). An edge is any
``import`` or ``from ... import`` in the module, wherever it stands: at the
top, inside a function, or under ``if TYPE_CHECKING:`` (a type is a
dependency too). The layers are written once, below; a new module must be
given one. Within a layer any import is allowed as long as it makes no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Lowest first: a module may import from its own layer and the layers before it.
# A name covers the module and, for a package, everything under it; the longest
# name that covers a module decides its layer.
PRODUCT_LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "logtail_doctor",
            "logtail_doctor.text",
            "logtail_doctor.i18n",
            "logtail_doctor.facts",
            "logtail_doctor.targets",
            "logtail_doctor.outcome",
            "logtail_doctor.actions",
            "logtail_doctor.doc_links",
            "logtail_doctor.plain",
            "logtail_doctor.yaml_input",
            "logtail_doctor.sls.errors",
            "logtail_doctor.sls.times",
        ),
    ),
    (
        "read",
        (
            "logtail_doctor.transport",
            "logtail_doctor.probe",
            "logtail_doctor.parsers",
            "logtail_doctor.kube",  # kubectl's JSON: pods, the DaemonSet, the ConfigMap
            "logtail_doctor.agent_config",
            "logtail_doctor.agent_log",  # the agent's own log, parsed (pure)
            "logtail_doctor.sls",
        ),
    ),
    (
        "judge",
        (
            "logtail_doctor.checks",
            "logtail_doctor.catalogue",
            "logtail_doctor.verdict",
            "logtail_doctor.run_context",
            # probes the fleet and judges each host: a Diagnosis is what the verdict reads
            "logtail_doctor.fleet",
            "logtail_doctor.waivers",
            "logtail_doctor.group_plan",
            "logtail_doctor.ip_prediction",
            # a site's own tests' results, judged after the guide's checks
            "logtail_doctor.site",
        ),
    ),
    (
        "outputs",
        (
            "logtail_doctor.outputs",
            "logtail_doctor.docs_pages",
            # line builders the terminal writer calls
            "logtail_doctor.sls.terminal_lines",
        ),
    ),
    (
        "run",
        (
            "logtail_doctor.run",
            "logtail_doctor.heap",
            "logtail_doctor.watch",
            "logtail_doctor.alert_rules",  # monitoring/'s rules from the catalogue, a command
            "logtail_doctor.merge",
            "logtail_doctor.cli",
            "logtail_doctor.shard",
            "logtail_doctor.arguments",
            "logtail_doctor.packaged",
            "logtail_doctor.init_targets",
            # the server's view applied to the run's fleet and diagnoses
            "logtail_doctor.sls.fleet_view",
        ),
    ),
)

LAB_LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "lab base",
        (
            "lab.errors",
            "lab.scenario",
            "lab.render",
            "lab.tls",
            # stand-alone programs the lab starts (stdlib only)
            "lab.latency_relay",
            "lab.sls_standin",
            "lab.kubectl_standin",
            "lab.templates",
        ),
    ),
    (
        "lab steps",
        (
            "lab.system",
            "lab.state",
            "lab.network",
            "lab.host_files",
            "lab.containers",
            "lab.snapshot",
            "lab.launch",
            "lab.readiness",
            "lab.teardown",
            "lab.build",
        ),
    ),
    ("lab facade", ("lab", "lab.core", "lab.__main__")),
)

# Top-level packages: their name covers only their __init__, so that a new
# module is never placed in a layer by accident.
ROOTS = ("logtail_doctor", "lab")

# Known upward imports whose fix belongs to another branch of issue 29, as
# (importer, imported, whose fix). Each must still fail: once it is fixed,
# delete its line. Empty: every edge found on this branch was fixed here.
EXPECTED_FAILURES: tuple[tuple[str, str, str], ...] = ()


def module_files(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under the packages."""
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if "_suite" in parts:  # an installed wheel's copy of the suite, not the package
                continue
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, known: Iterable[str]) -> set[str]:
    """The known modules that module ``name`` imports (itself excluded)."""
    modules = set(known)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                # "from pkg import mod" imports the module pkg.mod, not just pkg
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in modules else source)
    found: set[str] = set()
    for target in targets:
        # "import a.b.c" of a known a.b: the nearest known module is the edge
        nearest = target
        while nearest and nearest not in modules:
            nearest = nearest.rpartition(".")[0]
        if nearest and nearest != name:
            found.add(nearest)
    return found


def import_graph(root: Path, packages: Iterable[str]) -> dict[str, set[str]]:
    files = module_files(root, packages)
    return {name: imports_of(name, path, files) for name, path in files.items()}


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Each strongly connected group of two or more modules, as one cycle through it.

    Tarjan's algorithm, iterative (no recursion limit on a deep chain).
    """
    edges = {node: sorted(set(targets) & set(graph)) for node, targets in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if position < len(edges[node]):
                work.append((node, position + 1))
                target = edges[node][position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(_cycle_through(sorted(group), edges))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def _cycle_through(group: list[str], edges: Mapping[str, list[str]]) -> list[str]:
    """A path from the group's first module back to itself, inside the group (BFS)."""
    members = set(group)
    start = group[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in edges[node]:
                if target == start:
                    back = [node]  # node, its predecessor, ... start
                    while back[-1] != start:
                        back.append(came_from[back[-1]])
                    return [*reversed(back), start]
                if target in members and target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group has one


def layer_of(module: str, layers: Iterable[tuple[str, tuple[str, ...]]]) -> tuple[int, str] | None:
    """(rank, layer name) of the longest name covering module, or None."""
    best: tuple[int, int, str] | None = None
    for rank, (layer, names) in enumerate(layers):
        for name in names:
            covers = module == name or (name not in ROOTS and module.startswith(name + "."))
            if covers and (best is None or len(name) > best[0]):
                best = (len(name), rank, layer)
    return None if best is None else (best[1], best[2])


def layer_violations(
    graph: Mapping[str, Iterable[str]],
    stacks: Iterable[tuple[tuple[str, tuple[str, ...]], ...]],
) -> list[str]:
    """One line per import that goes up a layer or from one stack into another."""
    placed: dict[str, tuple[int, int, str]] = {}
    for stack_index, layers in enumerate(stacks):
        for module in graph:
            found = layer_of(module, layers)
            if found is not None:
                placed[module] = (stack_index, *found)
    problems = []
    for importer in sorted(graph):
        for imported in sorted(graph[importer]):
            if importer not in placed or imported not in placed:
                continue  # reported by the "every module has a layer" test
            stack_a, rank_a, layer_a = placed[importer]
            stack_b, rank_b, layer_b = placed[imported]
            if stack_a != stack_b:
                problems.append(f"{importer} ({layer_a}) imports {imported} ({layer_b})")
            elif rank_b > rank_a:
                problems.append(f"{importer} ({layer_a}) imports {imported} ({layer_b}, higher)")
    return problems


# --------------------------------------------------------------------------- the repo


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(REPO, ROOTS)


def test_the_graph_sees_the_packages(graph: dict[str, set[str]]) -> None:
    # Guards against a parser that silently finds nothing: known edges are there.
    assert "logtail_doctor.checks.server_heartbeat" in graph["logtail_doctor.run"]
    assert "logtail_doctor.checks" in graph["logtail_doctor.fleet"]
    assert "lab.system" in graph["lab.teardown"]
    assert len(graph) > 60


def test_every_module_has_a_layer(graph: dict[str, set[str]]) -> None:
    unplaced = [
        m
        for m in sorted(graph)
        if layer_of(m, PRODUCT_LAYERS) is None and layer_of(m, LAB_LAYERS) is None
    ]
    assert not unplaced, f"give these modules a layer in {Path(__file__).name}: {unplaced}"


def test_no_import_cycle(graph: dict[str, set[str]]) -> None:
    found = cycles(graph)
    assert not found, "import cycles: " + "; ".join(" -> ".join(c) for c in found)


def test_no_import_goes_up_a_layer(graph: dict[str, set[str]]) -> None:
    problems = layer_violations(graph, (PRODUCT_LAYERS, LAB_LAYERS))
    expected = {
        p
        for p in problems
        for importer, imported, _owner in EXPECTED_FAILURES
        if p.startswith(f"{importer} (") and f" imports {imported} (" in p
    }
    unexpected = [p for p in problems if p not in expected]
    assert not unexpected, "imports against the layers:\n" + "\n".join(unexpected)
    fixed = [
        (importer, imported)
        for importer, imported, _owner in EXPECTED_FAILURES
        if not any(
            p.startswith(f"{importer} (") and f" imports {imported} (" in p for p in problems
        )
    ]
    assert not fixed, f"fixed now, delete from EXPECTED_FAILURES: {fixed}"


def test_lab_and_the_product_do_not_import_each_other(graph: dict[str, set[str]]) -> None:
    crossing = [
        (a, b)
        for a, targets in graph.items()
        for b in targets
        if a.split(".")[0] != b.split(".")[0]
    ]
    assert not crossing


# --------------------------------------------------------------------------- the checker itself


def _package(root: Path, name: str, modules: Mapping[str, str]) -> None:
    (root / name).mkdir()
    (root / name / "__init__.py").write_text("")
    for module, source in modules.items():
        (root / name / f"{module}.py").write_text(source)


def test_a_planted_cycle_is_found(tmp_path: Path) -> None:
    _package(
        tmp_path,
        "pkg",
        {
            "a": "from pkg import b\n",
            "b": "from pkg.c import thing\n",
            # only for type checking, and inside a function: both still count
            "c": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from . import a\ndef thing() -> None:\n    import pkg.d\n",
            "d": "import os\n",
        },
    )
    graph = import_graph(tmp_path, ["pkg"])
    assert graph["pkg.c"] == {"pkg.a", "pkg.d"}
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]
    del graph["pkg.c"]
    graph["pkg.b"] = set()
    assert cycles(graph) == []


def test_an_upward_import_is_reported_and_a_downward_one_not(tmp_path: Path) -> None:
    _package(
        tmp_path,
        "pkg",
        {"low": "from pkg.high import x\n", "high": "from pkg import low\nx = 1\n"},
    )
    graph = import_graph(tmp_path, ["pkg"])
    layers = (("low", ("pkg.low",)), ("high", ("pkg.high",)))
    assert layer_violations(graph, [layers]) == ["pkg.low (low) imports pkg.high (high, higher)"]
    assert cycles(graph) == [["pkg.high", "pkg.low", "pkg.high"]]


def test_the_longest_name_decides_the_layer() -> None:
    assert layer_of("logtail_doctor.sls.view", PRODUCT_LAYERS) == (1, "read")
    assert layer_of("logtail_doctor.checks.server_heartbeat", PRODUCT_LAYERS) == (2, "judge")
    assert layer_of("logtail_doctor.checks.host", PRODUCT_LAYERS) == (2, "judge")
    # a root package's name covers its __init__ only
    assert layer_of("logtail_doctor.brand_new", PRODUCT_LAYERS) is None
