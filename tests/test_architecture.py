"""Arrows point down: the project's import graph has no cycle, and `portal` imports no app.

The graph is read from the source with `ast` (nothing is imported): every `import` statement
counts, at module level and inside functions or classes, because an import moved into a
function to dodge a circular import is still a circle between the two modules. Relative imports
are resolved, and `from package import module` points at the module, not at the package.
Migrations and tests are left out.
"""

import ast
import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The apps `portal` (the base layer) must never import.
APPS = ("home", "taxonomy", "pages", "surveys", "experiences", "registrations")


def first_party_packages():
    """The top-level packages pyproject ships (`[tool.setuptools.packages.find] include`)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    names = {pattern.split(".")[0].rstrip("*") for pattern in patterns}
    return sorted(name for name in names if (ROOT / name / "__init__.py").exists())


def excluded(relative):
    parts = relative.parts
    return "migrations" in parts or "tests" in parts or parts[-1].startswith("test_")


@cache
def project_modules():
    """Dotted module name -> (path, is_package) for every first-party module in the graph."""
    modules = {}
    for package in first_party_packages():
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if excluded(relative):
                continue
            parts = list(relative.with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            modules[".".join(parts)] = (path, is_package)
    return modules


def known(name):
    """The project module `name` designates (its longest known prefix), or None."""
    modules = project_modules()
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imported_modules(module):
    """(imported project module, line) for every import statement of `module`."""
    path, is_package = project_modules()[module]
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if is_package else module.rpartition(".")[0]
    return imports_in(tree, package)


def imports_in(tree, package):
    """(project module, line) for every import in `tree`, a module of `package`, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if target := known(alias.name):
                    yield target, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                # `from package import module` imports the module itself.
                if f"{source}.{alias.name}" in project_modules():
                    yield f"{source}.{alias.name}", node.lineno
                elif target := known(source):
                    yield target, node.lineno


@cache
def import_graph():
    graph = {}
    for module in project_modules():
        edges = {}
        for target, line in imported_modules(module):
            if target != module:
                edges.setdefault(target, line)
        graph[module] = edges
    return graph


def find_cycles(graph):
    """Every strongly connected component of more than one module, each with one cycle in it."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def visit(node):  # Tarjan's algorithm; the graph is small enough for recursion.
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [(component, one_cycle(graph, component)) for component in components]


def one_cycle(graph, component):
    """A shortest path from the component's first module back to itself, inside the component."""
    members, start = set(component), component[0]
    paths, queue = {start: [start]}, [start]
    for node in queue:
        for target in sorted(graph[node]):
            if target == start:
                return paths[node] + [start]
            if target in members and target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    raise AssertionError("a strongly connected component always holds a cycle")


def describe(graph, cycle):
    steps = []
    for source, target in zip(cycle, cycle[1:], strict=False):
        path = project_modules()[source][0].relative_to(ROOT)
        steps.append(f"  {source} -> {target}  ({path}:{graph[source][target]})")
    return "\n".join(steps)


def test_the_graph_covers_every_first_party_package():
    packages = first_party_packages()
    assert {"portal", *APPS} <= set(packages)
    graph = import_graph()
    assert {"portal.access", "pages.models.base", "surveys.views"} <= set(graph)
    # Relative imports (`from .base import ...`) and `from package import module` are resolved.
    assert "pages.models.base" in graph["pages.models"]
    assert "surveys.models.responses" in graph["surveys.submission"]
    assert not any(module.split(".")[-1] == "migrations" for module in graph)


def test_no_import_cycle_between_project_modules():
    graph = import_graph()
    cycles = find_cycles(graph)
    report = "\n\n".join(
        f"Cycle among {', '.join(component)}:\n{describe(graph, cycle)}"
        for component, cycle in cycles
    )
    assert not cycles, f"{len(cycles)} import cycle(s):\n\n{report}"


def test_portal_imports_no_app():
    graph = import_graph()
    reaching_up = [
        f"  {module} -> {target}  "
        f"({project_modules()[module][0].relative_to(ROOT)}:{graph[module][target]})"
        for module in sorted(graph)
        if module.split(".")[0] == "portal"
        for target in sorted(graph[module])
        if target.split(".")[0] in APPS
    ]
    assert not reaching_up, "portal imports an app:\n" + "\n".join(reaching_up)


def test_the_cycle_finder_on_a_known_graph():
    # A cycle through three modules is found and printed in order; "d", which only points
    # into the cycle, is not part of it.
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {"a": 4}}
    cycles = find_cycles(graph)
    assert [component for component, _ in cycles] == [["a", "b", "c"]]
    assert cycles[0][1] == ["a", "b", "c", "a"]


def test_imports_inside_functions_and_relative_imports_are_edges():
    # As if in a module of pages/models/: relative imports climb from that package.
    source = """
from . import base
from .seasons import SeasonPage
from ..blocks import BodyBlock

def lazy():
    from surveys.models import responses
    import portal.access
"""
    found = [target for target, _line in imports_in(ast.parse(source), "pages.models")]
    assert found == [
        "pages.models.base",
        "pages.models.seasons",
        "pages.blocks",
        "surveys.models.responses",
        "portal.access",
    ]
