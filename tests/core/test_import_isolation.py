"""The core and the model never pull in Qt (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import nnsim.core


def test_core_and_model_import_without_qt():
    modules = ["nnsim.core", "nnsim.model"]
    modules += [f"nnsim.core.{m.name}" for m in pkgutil.iter_modules(nnsim.core.__path__)]
    assert "nnsim.core.trainer" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = ('PySide6', 'pyqtgraph', 'shiboken6')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in qt)\n"
        "print(' '.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"Qt was imported: {out.stdout}"
