"""The architecture, from the imports: dependencies between apps point one way.

    accounts ← notifications ← invitations, events (and groups, buddies, privacy,
    feedback, directory, mydata) ← demo, peersupport

A domain app reaches another only through its public modules (services,
selectors, access). No app imports one of ours inside a function (the usual way
to hide a cycle), and the modules inside each app import each other in one
direction too. A failure names the file and the import to move.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each app and the apps of ours it may import (anything, for the project and demo data).
BASE = {"accounts"}
OUTBOX = {"accounts", "notifications"}
ALLOWED: dict[str, set[str] | None] = {
    "accounts": set(),
    "notifications": BASE,
    "invitations": OUTBOX,
    "events": OUTBOX,
    "groups": OUTBOX,
    "buddies": OUTBOX,
    "privacy": OUTBOX,
    "feedback": OUTBOX,
    "directory": OUTBOX,
    "mydata": OUTBOX,
    "demo": None,
    "peersupport": None,
}
DOMAIN_APPS = {"invitations", "events", "groups", "buddies", "privacy", "feedback", "directory", "mydata"}
# What a domain app may import from another domain app.
PUBLIC_MODULES = {"services", "selectors", "access"}
OURS = set(ALLOWED) | {"tests", "bench"}


def python_files(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(absolute module imported, line, inside a function?) for every import of ours in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                # "from . import services" imports the module services.
                found.extend((f"{target}.{alias.name}", child.lineno, in_function) for alias in child.names)
            visit(child, nested)

    visit(tree, False)
    return [(name, line, inside) for name, line, inside in found if name.split(".")[0] in OURS]


def test_every_app_is_in_the_table():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(ALLOWED), f"add {sorted(apps - set(ALLOWED))} to ALLOWED in {__file__}"


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_what_it_may(app):
    allowed = ALLOWED[app]
    wrong = []
    for path in python_files(app):
        for name, line, _ in imports(path):
            target = name.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line} imports {name}"
            if target in {"tests", "bench"}:
                wrong.append(f"{where} (the site never imports tests or benchmarks)")
            elif allowed is None or target == app:
                continue
            elif target not in allowed and not (app in DOMAIN_APPS and target in DOMAIN_APPS):
                wrong.append(f"{where} ({app} may import only {sorted(allowed) or 'none of our apps'})")
            elif target in DOMAIN_APPS and name.split(".")[1:2] and name.split(".")[1] not in PUBLIC_MODULES:
                wrong.append(f"{where} (another domain app only through {sorted(PUBLIC_MODULES)})")
            elif target in DOMAIN_APPS and len(name.split(".")) == 1:
                wrong.append(f"{where} (name the public module: {target}.services, .selectors or .access)")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_no_import_of_ours_inside_a_function(app):
    hidden = [
        f"{path.relative_to(ROOT)}:{line} imports {name} inside a function"
        for path in python_files(app)
        for name, line, inside in imports(path)
        if inside
    ]
    assert hidden == [], "\n".join(hidden)


def _module_graph(app: str) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in python_files(app)}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for imported, _, _ in imports(path):
            # "events.models.Event" → the module events.models; "events.access" → itself.
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported != app:
                graph[name].add(imported)
    return graph


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_modules_inside_an_app_import_each_other_one_way(app):
    graph = _module_graph(app)
    state: dict[str, str] = {}
    cycles = []

    def walk(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" → ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_the_checker_sees_a_forbidden_import(tmp_path, monkeypatch):
    """The table is enforced: an accounts module importing events is reported."""
    app = tmp_path / "accounts"
    app.mkdir()
    (app / "apps.py").write_text("")
    (app / "bad.py").write_text("from events.models import Event\n\ndef f():\n    from notifications import sending\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    with pytest.raises(AssertionError, match="accounts/bad.py:1 imports events.models.Event"):
        test_app_imports_only_what_it_may("accounts")
    with pytest.raises(AssertionError, match="inside a function"):
        test_no_import_of_ours_inside_a_function("accounts")


def test_benchmarks_import_no_test_module():
    """bench/ builds its data with the factories and helpers tests use, never from a test module."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / "bench").rglob("*.py"))
        for name, line, _ in imports(path)
        if any(part.startswith("test_") for part in name.split("."))
    ]
    assert wrong == [], "\n".join(wrong)
