"""The layers stay layers: no forbidden imports between packages and no import cycles.

Reads every module under ``src/eventwire/`` with the stdlib ``ast`` (nothing is imported) and
collects all imports of our own modules, at module level and inside functions alike.
``from pkg import name`` counts as an import of ``pkg.name`` when that is a module, else of
``pkg``. Importing a package does not count as importing its parent package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

from paths import REPO

SRC = REPO / "src"
ROOT = "eventwire"

FRONT_ENDS = ("eventwire.api", "eventwire.web", "eventwire.cli")

# (importing layer, layers it must not import, why). A layer is a module or a package with all
# its submodules.
RULES: list[tuple[str, tuple[str, ...], str]] = [
    ("eventwire.models", ("eventwire",),
     "the contracts between stages depend on nothing of ours"),
    ("eventwire.search_syntax", ("eventwire",),
     "the search language is read by the store, the read side and the front ends"),
    ("eventwire.records", ("eventwire",),
     "the export record shapes (shared by store, export and API) depend on nothing of ours"),
    ("eventwire.knowledge",
     ("eventwire.analyze", "eventwire.store", "eventwire.query", "eventwire.pipeline",
      "eventwire.stories", "eventwire.export", "eventwire.evaluate", *FRONT_ENDS),
     "the KB is shared by analysis and the read side, so it imports neither"),
    ("eventwire.ingest",
     ("eventwire.analyze", "eventwire.store", "eventwire.query", "eventwire.pipeline",
      "eventwire.stories", "eventwire.export", *FRONT_ENDS),
     "reading and cleaning come before everything else"),
    ("eventwire.analyze",
     ("eventwire.store", "eventwire.query", "eventwire.pipeline", "eventwire.stories",
      "eventwire.export", "eventwire.evaluate", *FRONT_ENDS),
     "analysis is pure: Article in, Analysis out; the pipeline hands it stored data"),
    ("eventwire.store",
     ("eventwire.analyze", "eventwire.query", "eventwire.pipeline", "eventwire.stories",
      "eventwire.export", "eventwire.evaluate", *FRONT_ENDS),
     "storage knows rows, not how they were made or shown"),
    ("eventwire.stories",
     ("eventwire.analyze", "eventwire.query", "eventwire.pipeline", "eventwire.export",
      *FRONT_ENDS),
     "stories work on stored analyses"),
    ("eventwire.query",
     ("eventwire.analyze", "eventwire.pipeline", "eventwire.export", "eventwire.evaluate",
      *FRONT_ENDS),
     "the read side reads the store (and the KB through eventwire.knowledge)"),
    ("eventwire.export", ("eventwire.analyze", "eventwire.pipeline", *FRONT_ENDS),
     "exports read the store"),
]


def _in(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def module_files(src: Path, root: str = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package ``root`` under ``src``."""
    out = {}
    for path in sorted((src / root).rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imported(node: ast.AST, module: str, is_package: bool, modules: dict) -> Iterable[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            yield sub if sub in modules else target


def import_graph(src: Path, root: str = ROOT) -> dict[str, dict[str, int]]:
    """module -> {imported module of ours: line of the first such import}."""
    modules = module_files(src, root)
    graph: dict[str, dict[str, int]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: dict[str, int] = {}
        for node in ast.walk(tree):
            for target in _imported(node, module, path.name == "__init__.py", modules):
                if _in(target, root) and target != module:
                    edges.setdefault(target, node.lineno)
        graph[module] = edges
    return graph


def forbidden_imports(graph: dict[str, dict[str, int]], rules=RULES) -> list[str]:
    """One line per import that breaks a rule."""
    out = []
    for layer, forbidden, why in rules:
        for module, edges in sorted(graph.items()):
            if not _in(module, layer):
                continue
            for target, line in sorted(edges.items()):
                bad = [f for f in forbidden if _in(target, f) and not _in(target, layer)]
                if bad:
                    out.append(f"{module} (line {line}) imports {target}: {layer} must not "
                               f"import {bad[0]} ({why})")
    return out


def import_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, {}))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _describe(cycle: list[str], graph: dict[str, dict[str, int]]) -> str:
    members = set(cycle)
    edges = [f"  {m} (line {line}) -> {t}" for m in cycle
             for t, line in sorted(graph[m].items()) if t in members]
    return "import cycle between " + ", ".join(cycle) + ":\n" + "\n".join(edges)


GRAPH = import_graph(SRC)


def test_the_source_tree_is_read():
    assert {"eventwire.models", "eventwire.analyze", "eventwire.query", "eventwire.knowledge",
            "eventwire.store"} <= set(GRAPH)
    assert "eventwire.knowledge" in GRAPH["eventwire.query.directory"]  # function-level import


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_no_forbidden_import(rule):
    problems = forbidden_imports(GRAPH, [rule])
    assert not problems, "\n".join(problems)


def test_no_import_cycles():
    cycles = import_cycles(GRAPH)
    assert not cycles, "\n".join(_describe(c, GRAPH) for c in cycles)


def test_the_checks_catch_a_violation_and_a_cycle(tmp_path):
    """The checks themselves: a made-up tree with one forbidden import and one cycle."""
    pkg = tmp_path / "eventwire"
    for name, text in {
        "__init__.py": "",
        "models.py": "",
        "analyze/__init__.py": "",
        "analyze/a.py": "def f():\n    from eventwire.store import db\n",
        "analyze/b.py": "from . import c\n",
        "analyze/c.py": "from eventwire.analyze.b import x\n",
        "store/__init__.py": "",
        "store/db.py": "from eventwire.models import Article\n",
    }.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text)
    graph = import_graph(tmp_path)
    assert graph["eventwire.analyze.a"] == {"eventwire.store.db": 2}
    assert forbidden_imports(graph) == [
        "eventwire.analyze.a (line 2) imports eventwire.store.db: eventwire.analyze must not "
        "import eventwire.store (analysis is pure: Article in, Analysis out; the pipeline hands "
        "it stored data)"
    ]
    assert import_cycles(graph) == [["eventwire.analyze.b", "eventwire.analyze.c"]]
