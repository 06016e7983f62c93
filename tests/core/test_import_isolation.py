"""The core, the model and storage never pull in Qt (checked in a fresh interpreter):
storage is the command line's load path too."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import nnsim.core
import nnsim.storage


def test_core_model_and_storage_import_without_qt():
    modules = ["nnsim.core", "nnsim.model", "nnsim.storage"]
    for package in (nnsim.core, nnsim.storage):
        prefix = package.__name__ + "."
        modules += [prefix + m.name for m in pkgutil.iter_modules(package.__path__)]
    assert "nnsim.core.trainer" in modules and "nnsim.storage.documents" in modules
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
