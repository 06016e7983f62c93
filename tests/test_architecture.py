"""The package's shape, as issue 15 wrote it down: every module reads on its own.

Import-linter (``lint-imports`` in CI) checks which layer may import which; these
tests check what it cannot: no module reaches into another module's private names,
and no file grows past a size a newcomer can read in one sitting.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "nnsim"
SOURCES = sorted(PACKAGE.rglob("*.py"))
#: "About 700 lines" (issue 15), with room for a docstring's growth.
MAX_LINES = 750


def private_imports(source: str) -> list[str]:
    """``module.name`` of every private name imported from nnsim in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nnsim"):
            found += [
                f"{node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    return found


def test_the_checks_see_the_whole_package() -> None:
    assert len(SOURCES) > 60 and PACKAGE / "gui" / "main_window.py" in SOURCES


def test_the_private_import_detector_finds_one() -> None:
    source = "from nnsim.gui.panels import _hidden, shown\nfrom os import _exit\n"
    assert private_imports(source) == ["nnsim.gui.panels._hidden"]


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in SOURCES
        for name in private_imports(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_longer_than_a_newcomer_reads_at_once(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)} has {lines} lines"
