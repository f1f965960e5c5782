"""The import layers of docs/architecture.md, checked on the source (no Django needed).

    komensite -> {pages, resources, affiliates, forums} -> core
    demo, bench -> anything; nothing in the product imports them

Every import counts, at module level or inside a function: a function-local import still
makes a cycle, it only hides it until run time. So does looking a model up in the app registry
by a name written in the code (`apps.get_model("pages", "TopicIndexPage")`): it counts as an
import of that app's models, and the product never does it (a lookup by a name that comes
from data, such as settings or a report over every model, is fine).
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


def registry_lookups(path):
    """(model label, line) for every `<registry>.get_model("<app>", "<Model>")` or
    `get_model("<app>.<Model>")` whose name is written in the file."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        first = node.args[0]
        if name == "get_model" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            label = first.value
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                label = f"{label}.{node.args[1].value}"
            yield label, node.lineno


def imported_modules(path, root=ROOT):
    """(imported module, line) for every import in the file, relative ones resolved; a model
    looked up by a written name imports its app's models."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for label, line in registry_lookups(path):
        yield f"{label.split('.')[0]}.models", line
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
    sample.write_text(
        "from . import posting\n\ndef f():\n    from komensite.views import search\n"
        'def g():\n    return apps.get_model("pages", "TopicIndexPage"), apps.get_model("resources.Resource")\n'
        "def h(label):\n    return apps.get_model(label)\n"
    )
    found = {target for target, _line in imported_modules(sample, root=tmp_path)}
    assert {"forums.posting", "komensite.views", "pages.models", "resources.models"} <= found
    assert [label for label, _line in registry_lookups(sample)] == [
        "pages.TopicIndexPage",
        "resources.Resource",
    ]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    # Importing pages.models.settings runs pages/models/__init__.py first.
    assert list(enclosing_packages("pages.models.settings", "pages.notices")) == [
        "pages.models",
        "pages.models.settings",
    ]
    assert list(enclosing_packages("pages.models.settings", "pages.models.home")) == ["pages.models.settings"]


def test_the_product_looks_up_no_model_by_a_written_name():
    """`apps.get_model("<app>", "<Model>")` in the product hides an import (usually a cycle) the
    way a function-local import does: import the model, after removing the cycle (move the
    shared piece down a layer, or pass what is needed in). Migrations and tools are exempt."""
    found = [
        f"{module_name(path)}:{line} looks up {label}"
        for app, path in source_files()
        if app not in TOOLS
        for label, line in registry_lookups(path)
    ]
    assert not found, "\n".join(found)


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
            for module in enclosing_packages(target, source):
                if module in modules and module != app:
                    edges.setdefault((source, module), set()).add(f"{source}:{line} -> {target}")
    return edges


def enclosing_packages(target, source):
    """`target` and the packages Python runs first to import it (a.b for a.b.c: its
    __init__ may import modules that import `source` back), leaving out `source` and the
    packages `source` itself is in."""
    parts = target.split(".")
    for size in range(2, len(parts) + 1):
        module = ".".join(parts[:size])
        if module != source and not source.startswith(module + "."):
            yield module


def forums_module_edges():
    return module_edges("forums")


def test_no_import_cycle_between_modules_of_forums():
    edges = forums_module_edges()
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    cycles = find_cycles(graph)
    assert not cycles, describe(cycles, edges)


# The layers of forums (docs/architecture.md), top to bottom: a module imports modules of its
# own layer or of a layer below it. A package (models, policy) is one module here.
FORUMS_LAYERS = [
    (
        "urls, admin and commands",
        {
            "forums",
            "apps",
            "urls",
            "urls_members",
            "moderation_urls",
            "modtools_urls",
            "appeal_urls",
            "wagtail_hooks",
            "admin_modtools",
            "management",
            "templatetags",
        },
    ),
    (
        "views",
        {
            "views",
            "views_posting",
            "views_board_actions",
            "views_account",
            "views_modtools",
            "views_crisis",
            "views_topic_tools",
            "views_appeals",
            "views_members",
            "views_messages",
            "moderation_views",
            "account_views",
            "account_adapter",
        },
    ),
    (
        "view helpers and forms",
        {
            "view_helpers",
            "fragments",
            "board_fragments",
            "blank_forms",
            "queue_cards",
            "anon_pages",
            "member_pages",
            "forms",
            "forms_modtools",
            "member_forms",
        },
    ),
    (
        "actions and queries",
        {
            "actions",
            "member_actions",
            "appeals",
            "topic_actions",
            "reports",
            "messages",
            "message_reports",
            "crisis_outreach",
            "privacy",
            "member_privacy",
            "review_queue",
            "queue_history",
            "dashboard",
            "search",
            "listing",
        },
    ),
    (
        "posting",
        {"posting", "watched_outcomes", "notifications_center", "reactions", "mentions", "member_profile"},
    ),
    ("crisis and log", {"crisis", "crisis_mail", "audit"}),
    ("mail", {"tasks", "notifications", "email_preferences"}),
    ("rules", {"policy", "screening", "slowmode", "ratelimit"}),
    (
        "models",
        {
            "models",
            "member_models",
            "modtools_models",
            "choices",
            "markup",
            "routes",
            "watched_words",
        },
    ),
]


def forums_layer(module):
    """Index in FORUMS_LAYERS of a module of forums (0 is the top), or None when unlisted."""
    top = module.split(".")[1] if "." in module else module
    for index, (_name, modules) in enumerate(FORUMS_LAYERS):
        if top in modules:
            return index
    return None


def test_every_module_of_forums_has_a_layer():
    unlisted = sorted(
        module_name(path)
        for app, path in source_files()
        if app == "forums" and forums_layer(module_name(path)) is None
    )
    assert not unlisted, f"Add these modules to FORUMS_LAYERS and docs/architecture.md: {unlisted}"


def test_modules_of_forums_import_only_their_layer_and_below():
    upward = []
    for (a, b), places in forums_module_edges().items():
        above, below = forums_layer(b), forums_layer(a)
        if above is not None and below is not None and above < below:
            layers = f"({FORUMS_LAYERS[below][0]} -> {FORUMS_LAYERS[above][0]})"
            upward += [f"{where} {layers}" for where in sorted(places)]
    assert not upward, "\n".join(sorted(upward))


def test_the_layer_check_sees_an_upward_import():
    assert forums_layer("forums.models.topics") > forums_layer("forums.policy.reading")
    assert forums_layer("forums.view_helpers") > forums_layer("forums.views")


# Modules longer than MAX_MODULE_LINES that are one cohesive thing, each with why. Keep it short:
# a long module usually holds several concerns, and splitting it by concern is the fix.
LONG_MODULES = {
    # The settings every environment shares, one section per concern; dev, test and
    # production override a few values each.
    "komensite/settings/base.py",
}
MAX_MODULE_LINES = 400
PRODUCT_APPS = CORE | DOMAIN | SITE


def test_no_product_module_is_longer_than_the_limit():
    """A module of the product (not migrations, not tests, not demo or bench) over
    MAX_MODULE_LINES lines holds several concerns: split it, or add it to LONG_MODULES saying
    why it is one thing."""
    too_long = []
    for app, path in source_files():
        relative = path.relative_to(ROOT).as_posix()
        if app in PRODUCT_APPS and relative not in LONG_MODULES:
            lines = len(path.read_text().splitlines())
            if lines > MAX_MODULE_LINES:
                too_long.append(f"{relative}: {lines} lines")
    assert not too_long, "\n".join(too_long)


def test_every_long_module_exception_is_still_long():
    """An exception that got short (or went away) leaves the list."""
    stale = [
        name
        for name in sorted(LONG_MODULES)
        if not (ROOT / name).exists() or len((ROOT / name).read_text().splitlines()) <= MAX_MODULE_LINES
    ]
    assert not stale, stale


@pytest.mark.parametrize("app", ["core", "pages", "resources", "affiliates", "komensite"])
def test_no_import_cycle_between_modules_of_the_other_product_apps(app):
    """No module of the app imports one that imports it back, at module level, in a function or
    through a model looked up by its written name."""
    edges = module_edges(app)
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    cycles = find_cycles(graph)
    assert not cycles, describe(cycles, edges)
