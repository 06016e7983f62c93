"""Regression guard for the PySide6 we install.

PySide6-Essentials 6.12.0 on CPython 3.11 leaks one reference to ``True`` on every
``Signal.emit()`` and aborts in ``bool_dealloc`` after roughly 570 emits; pyproject.toml
pins ``<6.12`` on 3.11 for that reason. The worker emits a snapshot every frame, so
this is what would kill a lecture after ten seconds of training.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

EMITS = 10_000


def test_ten_thousand_signal_emits_do_not_crash() -> None:
    code = textwrap.dedent(
        f"""
        from PySide6.QtCore import QCoreApplication, QObject, Signal

        class Source(QObject):
            bare = Signal()
            flag = Signal(bool)
            payload = Signal(object)

        app = QCoreApplication([])
        source = Source()
        seen = [0, 0, 0]
        source.bare.connect(lambda: seen.__setitem__(0, seen[0] + 1))
        source.flag.connect(lambda v: seen.__setitem__(1, seen[1] + int(v)))
        source.payload.connect(lambda p: seen.__setitem__(2, seen[2] + len(p)))
        for i in range({EMITS}):
            source.bare.emit()
            source.flag.emit(True)
            source.payload.emit((i, True))
        assert seen == [{EMITS}, {EMITS}, 2 * {EMITS}], seen
        print("ok")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
