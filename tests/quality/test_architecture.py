"""The import layers of docs/architecture.md, checked on the source (no Django needed).

    komensite -> {pages, resources, affiliates, forums} -> core
    demo, bench -> anything; nothing in the product imports them

Every import counts, at module level or inside a function: a function-local import still
makes a cycle, it only hides it until run time.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The bottom layer: shared pieces (core) and the task worker (worker), importing no app above.
CORE = {"core", "worker"}
DOMAIN = {"pages", "resources", "affiliates", "forums"}
SITE = {"komensite"}
TOOLS = {"demo", "bench"}
APPS = CORE | DOMAIN | SITE | TOOLS
# What each layer may import, besides itself.
ALLOWED = {
    **dict.fromkeys(CORE, set()),
    **dict.fromkeys(DOMAIN, CORE | DOMAIN),
    **dict.fromkeys(SITE, CORE | DOMAIN),
    **dict.fromkeys(TOOLS, CORE | DOMAIN | SITE),
}


def module_name(path, root=ROOT):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path, root=ROOT):
    """(imported module, line) for every import in the file, relative ones resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield target, node.lineno
            # `from forums import moderation` imports the module forums.moderation.
            for alias in node.names:
                yield f"{target}.{alias.name}", node.lineno


def source_files():
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def app_edges():
    """{(from app, to app): ["module:line -> imported", ...]} between different apps."""
    edges = {}
    for app, path in source_files():
        for target, line in imported_modules(path):
            other = target.split(".")[0]
            if other in APPS and other != app:
                edges.setdefault((app, other), set()).add(f"{module_name(path)}:{line} -> {target}")
    return edges


def find_cycles(graph):
    """Every elementary cycle's edge list, found by depth-first search (the graphs are small)."""
    cycles, seen = [], set()

    def visit(node, trail):
        for nxt in sorted(graph.get(node, ())):
            if nxt in trail:
                cycle = trail[trail.index(nxt) :] + [nxt]
                key = frozenset(zip(cycle, cycle[1:], strict=False))
                if key not in seen:
                    seen.add(key)
                    cycles.append(cycle)
            else:
                visit(nxt, trail + [nxt])

    for start in sorted(graph):
        visit(start, [start])
    return cycles


def describe(cycles, edges):
    lines = []
    for cycle in cycles:
        lines.append(" -> ".join(cycle))
        for a, b in zip(cycle, cycle[1:], strict=False):
            lines += [f"    {where}" for where in sorted(edges[(a, b)])[:5]]
    return "\n".join(lines)


def test_the_check_sees_every_app_and_both_kinds_of_import(tmp_path):
    """The parser follows relative and function-local imports (so the checks below can fail)."""
    assert all((ROOT / app).is_dir() for app in APPS)
    package = tmp_path / "forums"
    package.mkdir()
    (package / "__init__.py").write_text("")
    sample = package / "sample.py"
    sample.write_text("from . import posting\n\ndef f():\n    from komensite.views import search\n")
    found = {target for target, _line in imported_modules(sample, root=tmp_path)}
    assert {"forums.posting", "komensite.views"} <= found
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_core_imports_no_app():
    edges = app_edges()
    upward = {edge: where for edge, where in edges.items() if edge[0] in CORE}
    assert not upward, upward


def test_apps_import_only_downward():
    """A domain app never imports komensite, demo or bench; komensite never imports demo or bench."""
    edges = app_edges()
    upward = {
        f"{a} -> {b}": sorted(where) for (a, b), where in edges.items() if b not in ALLOWED[a] and a != b
    }
    assert not upward, upward


def test_no_import_cycle_between_apps():
    edges = app_edges()
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    cycles = find_cycles(graph)
    assert not cycles, describe(cycles, edges)


def module_edges(app):
    edges = {}
    modules = {module_name(path) for source_app, path in source_files() if source_app == app}
    for source_app, path in source_files():
        if source_app != app:
            continue
        source = module_name(path)
        for target, line in imported_modules(path):
            if target in modules and target not in (source, app):
                edges.setdefault((source, target), set()).add(f"{source}:{line} -> {target}")
    return edges


def forums_module_edges():
    return module_edges("forums")


def test_no_import_cycle_between_modules_of_forums():
    edges = forums_module_edges()
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    cycles = find_cycles(graph)
    assert not cycles, describe(cycles, edges)


@pytest.mark.parametrize("app", ["core", "pages", "resources", "affiliates", "komensite"])
def test_no_import_cycle_between_modules_of_the_other_product_apps(app):
    """No module of the app imports one that imports it back, at module level or in a function
    (a model that must reach a module importing it looks the model up with apps.get_model)."""
    edges = module_edges(app)
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    cycles = find_cycles(graph)
    assert not cycles, describe(cycles, edges)
