"""The shape of the house, read from the code: imports point one way, no circles, no oversized rooms.

``docs/architecture.md`` describes the rules; this test holds the code to them.
Imports are parsed with ``ast``, including imports inside functions, since a
circle hidden in a function body is still a circle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Lower layers first: an app may import the ones before it, never the ones after.
APPS = ("portal", "home", "providers", "intake")
# The rooms of intake; each may import intake's core, the core imports none of them.
INTAKE_ROOMS = ("intake.triage", "intake.reporting", "intake.privacy")
# Where Django and Wagtail look for code: these modules wire the rooms together.
WIRING = ("intake.wagtail_hooks", "intake.management", "intake.templatetags", "portal.urls", "portal.settings")
SKIPPED_FOLDERS = {"tests", "migrations", "__pycache__", "demo_content", "fixtures", "templates", "static"}
MAX_MODULE_LINES = 400
MAX_PACKAGE_SHARE = 0.35


def project_modules():
    """Dotted name → path of every module of the apps, tests and migrations left out."""
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if SKIPPED_FOLDERS & set(path.relative_to(ROOT).parts) or path.name.startswith("test_"):
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


MODULES = project_modules()


def imported_modules(name, path):
    """The project modules that ``name`` imports, wherever in the file the import stands."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = name.split(".") if is_package else name.split(".")[:-1]
            if node.level:
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            targets = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imported_modules(name, path) for name, path in MODULES.items()}


def is_within(module, package):
    return module == package or module.startswith(package + ".")


def room_of(module):
    return next((room for room in INTAKE_ROOMS if is_within(module, room)), None)


def is_wiring(module):
    return any(is_within(module, place) for place in WIRING)


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for successor in graph.get(todo.pop(), ()):
            if successor not in seen:
                seen.add(successor)
                todo.append(successor)
    return seen


def cycles(graph):
    """The groups of modules that reach each other through imports, each as a sorted list."""
    reach = {node: reachable(graph, node) for node in graph}
    groups = {
        frozenset({node} | {other for other in reach[node] if node in reach[other]})
        for node in graph
        if node in reach[node]
    }
    # A package that imports its own modules is not a circle between modules.
    return sorted(sorted(group) for group in groups if not all(is_within(member, min(group)) for member in group))


def test_the_modules_import_each_other_without_a_circle():
    assert cycles(GRAPH) == []


def test_apps_import_only_the_apps_below_them():
    """intake → providers → home → portal; portal's urls and settings name the apps that they wire."""
    rank = {app: position for position, app in enumerate(APPS)}
    upward = sorted(
        f"{module} → {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if rank[target.split(".")[0]] > rank[module.split(".")[0]] and not is_wiring(module)
    )
    assert upward == []


def sideways_reason_given(module, room):
    """A room may use another room when its module docstring names that room and says why."""
    docstring = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8"))) or ""
    return room in docstring


def test_intakes_core_imports_none_of_its_rooms_and_rooms_import_each_other_only_with_a_reason():
    wrong = []
    for module, targets in GRAPH.items():
        if not is_within(module, "intake") or is_wiring(module):
            continue
        for target in targets:
            target_room = room_of(target)
            if target_room is None or target_room == room_of(module):
                continue
            if room_of(module) is None or not sideways_reason_given(module, target_room):
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_a_model_never_imports_a_view():
    def is_models(module):
        return "models" in module.split(".")

    def is_views(module):
        return module.split(".")[-1].endswith("views")

    assert [
        f"{module} → {target}" for module in GRAPH if is_models(module) for target in GRAPH[module] if is_views(target)
    ] == []


def code_lines(path):
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_no_module_is_over_the_size_limit():
    long_modules = {name: code_lines(path) for name, path in MODULES.items() if code_lines(path) > MAX_MODULE_LINES}
    assert long_modules == {}


def package_of(module):
    """The app, or the package inside an app, that a module belongs to (Django's own folders count to the app)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] not in ("management", "templatetags") and (ROOT / parts[0] / parts[1]).is_dir():
        return ".".join(parts[:2])
    return parts[0]


def test_no_app_or_package_holds_more_than_a_third_of_the_code():
    lines = {}
    for name, path in MODULES.items():
        lines[package_of(name)] = lines.get(package_of(name), 0) + code_lines(path)
    total = sum(lines.values())
    assert {
        package: round(count / total, 2) for package, count in lines.items() if count / total > MAX_PACKAGE_SHARE
    } == {}


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"intake.models": {"intake.models.base"}, "intake.models.base": {"intake.models"}}, []),
    ],
)
def test_the_circle_finder_finds_circles(graph, expected):
    assert cycles(graph) == expected
