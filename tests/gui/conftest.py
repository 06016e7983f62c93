"""Fixtures shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from nnsim.core.experiment import Experiment
from nnsim.gui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[..., MainWindow]]:
    """``make_window(experiment=None, **kwargs)``: a shown 1280x800 main window that
    has drawn its first snapshot (closed by qtbot at the end of the test)."""

    def make(exp: Experiment | None = None, **kwargs) -> MainWindow:
        w = MainWindow(exp, **kwargs)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        qtbot.waitUntil(lambda: w.snapshot is not None, timeout=10_000)
        return w

    yield make
