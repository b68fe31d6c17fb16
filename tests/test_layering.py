"""The layers of docs/ARCHITECTURE.md, checked on the source itself.

Every module of villagedesk is parsed (imports inside functions too: a lazy import is still
an arrow between layers) and its imports are held against the house rules:

* ui, cli and render never import the store; the store never imports services, ui, cli or
  render; services never import ui or cli;
* core imports only core, the standard library (minus the modules that reach the outside
  world: sqlite3, files and processes) and the pure libraries it is allowed; and calls no
  file I/O: its data is handed to it;
* nothing but ui imports Qt; files.py and resources.py (below store and render) import only
  core; a migration step imports only what keeps it frozen (store/migration_steps);
* no import circle between modules, of any length (the cycle is printed).

Imports under `if TYPE_CHECKING:` are left out: they never run, and `from __future__ import
annotations` lets a service name `Session` in its signatures without importing it.

Nothing is allowed silently: what must stay for now is a named exception below, with the
reason and the owner of the fix, and an exception that no longer matches fails the test too,
so the list only shrinks.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "villagedesk"

# Third-party libraries core may use: pure computation, no I/O, no Qt.
CORE_LIBRARIES = {"cryptography", "pypinyin"}
# Standard modules that reach the disk, a database, other processes or the network.
IMPURE_STDLIB = {"sqlite3", "shutil", "tempfile", "glob", "subprocess", "socket", "ctypes", "urllib", "http",
                 "ftplib", "smtplib", "tkinter", "multiprocessing", "threading", "asyncio", "io", "mmap", "fileinput",
                 "zipfile", "tarfile", "gzip", "bz2", "lzma", "logging", "webbrowser"}
# Calls that read or write files (core is handed text and bytes instead): open(…) and these
# methods of Path and os (names a str or a list does not have: not replace, remove, glob).
FILE_IO_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "iterdir", "rglob", "listdir",
                 "scandir", "mkdir", "makedirs", "unlink", "rmdir", "touch", "chmod", "fdopen"}
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
# What a frozen migration step may import besides the standard library, sqlite_utils and cryptography.
MIGRATION_STEP_IMPORTS = ("villagedesk.core", "villagedesk.files", "villagedesk.store.migration_steps",
                          "villagedesk.store.key_file")

# (importer, imported) → why it stays for now and who removes it.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("villagedesk.core.errors", "sqlite3"):
        "recognises sqlite3's exception classes to word the machine's faults in Chinese; opens nothing",
}
# (module, call) → why core still touches files there.
CORE_FILE_IO_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST):
    """Every Import/ImportFrom in the tree, at any depth, except under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _owning_module(name: str) -> str:
    """The villagedesk module `name` is or lies in (an attribute imported from a module)."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _targets(module: str, path: Path, node) -> list[str]:
    """The names an import statement brings in: modules where they are modules."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[:len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    out = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        out.append(candidate if candidate in MODULES else base)
    return out


def _imports() -> dict[str, set[tuple[str, int]]]:
    """module → {(imported name: a villagedesk module or a top-level external name, line)}."""
    graph: dict[str, set[tuple[str, int]]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found = set()
        for node in _import_nodes(tree):
            for name in _targets(module, path, node):
                if name == "villagedesk" or name.startswith("villagedesk."):
                    target = _owning_module(name)
                    if target != module:
                        found.add((target, node.lineno))
                else:
                    found.add((name.split(".")[0] if not name.startswith("__") else name, node.lineno))
        graph[module] = found
    return graph


IMPORTS = _imports()
USED_EXCEPTIONS: set[tuple[str, str]] = set()


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _breaks(rule) -> list[str]:
    """Every import the rule refuses, minus the named exceptions (noted as used)."""
    found = []
    for module, targets in sorted(IMPORTS.items()):
        for target, line in sorted(targets):
            why = rule(module, target)
            if not why:
                continue
            if (module, target) in EXCEPTIONS:
                USED_EXCEPTIONS.add((module, target))
                continue
            found.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: {module} → {target} ({why})")
    return found


def _internal(target: str) -> bool:
    return target.startswith("villagedesk")


FORBIDDEN = {  # importer's layer → the layers it must never import, and why
    "ui": ({"store"}, "the window calls services only"),
    "cli": ({"store"}, "the command line calls services only"),
    "render": ({"store", "services", "ui", "cli"}, "render draws what it is handed"),
    "store": ({"services", "ui", "cli", "render"}, "the store sits below every use case"),
    "services": ({"ui", "cli"}, "services are called by both faces, never the other way"),
    "spreadsheet": ({"store", "services", "ui", "cli", "render"}, "reads and writes tables only"),
}


def test_no_layer_imports_against_the_arrows():
    def rule(module, target):
        layers, why = FORBIDDEN.get(_layer(module), (set(), ""))
        return why if _internal(target) and _layer(target) in layers else ""

    breaks = _breaks(rule)
    assert not breaks, "\n".join(breaks)


def test_core_imports_only_core_the_pure_standard_library_and_its_allowed_libraries():
    stdlib = set(sys.stdlib_module_names) - IMPURE_STDLIB

    def rule(module, target):
        if _layer(module) != "core":
            return ""
        if _internal(target):
            return "" if _layer(target) == "core" else "core imports nothing else of ours"
        if target in stdlib or target == "__future__" or target in CORE_LIBRARIES:
            return ""
        return "core is pure: no Qt, database, file or process modules"

    breaks = _breaks(rule)
    assert not breaks, "\n".join(breaks)


def test_core_reads_and_writes_no_file():
    found, used = [], set()
    for module, path in sorted(MODULES.items()):
        if _layer(module) != "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in FILE_IO_CALLS:
                continue
            if (module, name) in CORE_FILE_IO_EXCEPTIONS:
                used.add((module, name))
                continue
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}()")
    assert not found, "core is handed its data (a loader in services/ or resources.py reads the file):\n" + "\n".join(found)
    assert used == set(CORE_FILE_IO_EXCEPTIONS), f"stale exceptions: {set(CORE_FILE_IO_EXCEPTIONS) - used}"


def test_loading_every_core_module_loads_neither_qt_nor_the_rest_of_the_project():
    """The same rule at run time, in a fresh interpreter: what core's modules really load."""
    import subprocess

    code = ("import sys, pkgutil, importlib, villagedesk.core as core\n"
            "for m in pkgutil.walk_packages(core.__path__, 'villagedesk.core.'):\n    importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'reportlab', 'sqlite_utils', 'openpyxl')) or "
            "(m.startswith('villagedesk.') and not m.startswith('villagedesk.core'))]\nprint(bad)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def test_nothing_but_ui_imports_qt():
    def rule(module, target):
        return "only ui imports Qt" if target.split(".")[0] in QT and _layer(module) != "ui" else ""

    breaks = _breaks(rule)
    assert not breaks, "\n".join(breaks)


def test_the_neutral_lower_modules_import_only_core():
    def rule(module, target):
        if module not in ("villagedesk.files", "villagedesk.resources") or not _internal(target):
            return ""
        return "" if _layer(target) == "core" else "files.py and resources.py sit below store and render"

    breaks = _breaks(rule)
    assert not breaks, "\n".join(breaks)


def test_migration_steps_stay_frozen():
    def rule(module, target):
        if not module.startswith("villagedesk.store.migration_steps") or not _internal(target):
            return ""
        if target.startswith(MIGRATION_STEP_IMPORTS):
            return ""
        return "a migration step never calls today's store code (Electrum's wallet upgrades)"

    breaks = _breaks(rule)
    assert not breaks, "\n".join(breaks)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
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
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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


def _a_cycle(graph: dict[str, set[str]], members: list[str]) -> list[str]:
    """One concrete circle through the component, to print: a → b → … → a."""
    inside = set(members)
    start = members[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & inside):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    return members


def test_no_import_circle():
    graph = {m: {t for t, _ in targets if t in MODULES} for m, targets in IMPORTS.items()}
    circles = [" → ".join(_a_cycle(graph, c)) + f"  (all {len(c)} modules of this knot: {', '.join(c)})"
               for c in _cycles(graph)]
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_the_cycle_finder_finds_and_prints_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _a_cycle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]


def test_imports_inside_functions_and_relative_ones_are_seen(tmp_path):
    tree = ast.parse("def f():\n    from villagedesk.store import db\nif TYPE_CHECKING:\n    import villagedesk.ui\n")
    names = [n.module for n in _import_nodes(tree) if isinstance(n, ast.ImportFrom)]
    assert names == ["villagedesk.store"]
    node = ast.parse("from ..store import db").body[0]
    assert _targets("villagedesk.cli.desk", PACKAGE / "cli" / "desk.py", node) == ["villagedesk.store.db"]


def test_every_named_exception_is_still_needed():
    USED_EXCEPTIONS.clear()
    for check in (test_no_layer_imports_against_the_arrows,
                  test_core_imports_only_core_the_pure_standard_library_and_its_allowed_libraries):
        try:
            check()
        except AssertionError:
            pass  # reported by the check's own test
    assert set(EXCEPTIONS) - USED_EXCEPTIONS == set(), "remove the exceptions that no longer match"
