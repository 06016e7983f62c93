"""Narrow seams (DESIGN convention 15): nothing under ``nnsim.gui`` needs the main window.

Features get an :class:`~nnsim.gui.app_context.AppContext` and hand back what the
window places, so every ``nnsim.gui`` module but ``main_window`` imports without it:

* at run time, each module is imported in an interpreter where no ``nnsim.gui`` module
  was loaded before, and ``nnsim.gui.main_window`` must not be in ``sys.modules``
  afterwards;
* in the source, no module names ``nnsim.gui.main_window`` in an import, not even
  under ``TYPE_CHECKING`` or inside a function.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import nnsim.gui

GUI_DIR = Path(nnsim.gui.__file__).resolve().parent
WINDOW = "nnsim.gui.main_window"


def _module_name(path: Path) -> str:
    parts = path.relative_to(GUI_DIR.parent.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _path_of(name: str) -> Path:
    path = GUI_DIR.parent.parent.joinpath(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


#: Every module under nnsim.gui except the window itself.
MODULES = sorted(
    name for p in GUI_DIR.rglob("*.py") if (name := _module_name(p)) != WINDOW
)

# Each module is imported in a child forked from an interpreter that loaded only what
# every GUI module shares (Qt, pyqtgraph, NumPy, the core): one fresh interpreter per
# module would start PySide6 some forty times. Without fork, each gets its own process.
_SCRIPT = r"""
import importlib, json, os, sys
modules = json.loads(sys.argv[1])
WINDOW = "nnsim.gui.main_window"

def check(name):
    try:
        importlib.import_module(name)
    except BaseException as exc:  # reported, not raised: the other modules still run
        return f"import failed: {type(exc).__name__}: {exc}"
    return "main_window loaded" if WINDOW in sys.modules else "ok"

if len(modules) == 1:
    print(json.dumps({modules[0]: check(modules[0])}))
    raise SystemExit(0)
import numpy, pyqtgraph, PySide6.QtWidgets, PySide6.QtSvg  # noqa: F401, E401
import nnsim.core.experiment, nnsim.core.trainer, nnsim.model  # noqa: F401, E401
assert not any(m.startswith("nnsim.gui.") for m in sys.modules)
results = {}
for name in modules:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.write(w, check(name).encode())
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as pipe:
        results[name] = pipe.read() or "child died"
    os.waitpid(pid, 0)
print(json.dumps(results))
"""


def _run(modules: list[str]) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(modules)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def import_results() -> dict[str, str]:
    if hasattr(os, "fork"):
        return _run(MODULES)
    results: dict[str, str] = {}
    for name in MODULES:
        results.update(_run([name]))
    return results


def test_the_gui_modules_are_found() -> None:
    assert {"nnsim.gui.app_context", "nnsim.gui.compare", "nnsim.gui.views.plots"} <= set(
        MODULES
    )
    assert WINDOW not in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_module_imports_without_the_main_window(name: str, import_results) -> None:
    assert import_results[name] == "ok"


def _imports_of(path: Path) -> set[str]:
    """Every module named by an import anywhere in ``path`` (``from x import y``: x and x.y)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("name", MODULES)
def test_no_module_names_the_main_window_even_for_type_checking(name: str) -> None:
    assert WINDOW not in _imports_of(_path_of(name))
