"""Opening and closing a main window in a test: one way in, one teardown.

Used by the ``make_window`` and ``window`` fixtures of ``tests/gui/conftest.py``, and
directly by a module-scoped window (``test_bad_files_gui.py``) that cannot use a
function-scoped fixture. Also :func:`shown` (one widget on its own, on screen) and
:func:`rgb` (an image's pixels as an array).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from time import perf_counter
from typing import TypeVar

import numpy as np
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from nnsim.core.experiment import Experiment
from nnsim.gui.controller import TrainingController
from nnsim.gui.main_window import MainWindow
from nnsim.gui.number_field import NumberCombo, NumberField

W = TypeVar("W", bound=QWidget)

#: How long the first snapshot (or the worker catching up) may take: a loaded 2-core
#: machine needs seconds to spawn the training process.
START_TIMEOUT_S = 30.0


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the event loop until ``condition()`` holds; fail after ``timeout_s``."""
    end = perf_counter() + timeout_s
    while not condition():
        if perf_counter() > end:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def open_window(
    experiment: Experiment | None = None,
    *,
    size: tuple[int, int] | None = (1280, 800),
    show: bool = True,
    wait: str | None = "snapshot",
    **kwargs,
) -> MainWindow:
    """A main window, as a test wants it.

    Parameters
    ----------
    experiment : Experiment, optional
        The document (TF Playground's default without one).
    size : (int, int) or None
        Resized to this before it is shown (None: the window's own size).
    show : bool
        Show it, wait until it is exposed and activate it.
    wait : "snapshot", "synced" or None
        Return once the window has drawn its first snapshot ("snapshot"), or once the
        worker's latest snapshot shows the document ("synced"), or at once (None).
        Ignored for a window built with ``start=False`` (no training process).
    **kwargs
        Passed to :class:`MainWindow` (``start``, ``remember_layout``, ``trainer_factory``).
    """
    w = MainWindow(experiment, **kwargs)
    try:
        _show(w, size, show, wait, kwargs.get("start", True))
    except BaseException:
        close_window(w)  # a window that never came up still ends its training process
        raise
    return w


def _show(w: MainWindow, size, show: bool, wait: str | None, started: bool) -> None:
    if size is not None:
        w.resize(*size)
    if show:
        w.show()
        wait_until(lambda: w.windowHandle() is not None and w.windowHandle().isExposed(),
                   START_TIMEOUT_S, "the window to be exposed")
        w.activateWindow()
    if started:
        if wait == "snapshot":
            wait_until(lambda: w.snapshot is not None, START_TIMEOUT_S, "the first snapshot")
        elif wait == "synced":
            wait_until(lambda: w.controller.synced, START_TIMEOUT_S, "the worker to catch up")
        elif wait is not None:
            raise ValueError(f"wait must be 'snapshot', 'synced' or None, not {wait!r}")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return True  # a process of someone else's has the number: ours is gone
    return False


def close_window(w: MainWindow) -> None:
    """The one teardown: close the window (its controller shuts down, Compare B's too),
    check that no training process is left, delete the window and let Qt clean up.

    Safe to call for a window the test closed itself; a window the test already
    deleted is left alone.
    """
    if not shiboken6.isValid(w):
        return
    # The window's own controller and any other it owns (Compare A/B's run B).
    controllers = [w.controller, *(c for c in w.findChildren(TrainingController)
                                   if c is not w.controller)]
    pids = [c.worker_pid for c in controllers if c.worker_pid is not None]
    w.close()
    for c in controllers:
        assert not c.running, "a training process outlived its window"
        assert c.worker_pid is None
    for pid in pids:
        # shutdown() reaps the process it ended: its number is free again.
        assert _gone(pid), f"training process {pid} is still there after the window closed"
    # What the close queued (a field's focus-out work) runs while the widgets live,
    # then the window is deleted: its application-wide event filters go with it.
    QApplication.processEvents()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def worker_round_trip(controller: TrainingController, timeout_s: float = START_TIMEOUT_S):
    """Wait until the paused training process has handled every command sent before.

    "Nothing moves after a pause" cannot be shown by waiting a while and seeing nothing
    (a slow machine sees nothing either). This sends the worker a command that answers
    at once while paused -- a weight preview of a new value, then of the old one -- and
    waits for the snapshot showing each: everything sent earlier (the pause, a step)
    was handled before the first. Returns the last snapshot, for the caller to compare
    its step; a worker that trained on never shows the previewed value (a failure here).

    The weight goes back to the value the latest snapshot showed at the call (one still
    in flight from before a pause may be a few steps behind the worker).
    """
    snap = controller.latest
    assert snap is not None, "no snapshot yet"
    old = float(snap.weights[0][0, 0])
    for value in (old + 1.0, old):
        controller.preview_weight(0, 0, 0, value)

        def answered(v: float = value) -> bool:
            # Only the preview's own snapshot shows v: one published before it (a
            # training step in flight when the pause was sent) does not.
            return float(controller.latest.weights[0][0, 0]) == v

        wait_until(answered, timeout_s, "the training process to answer a weight preview")
    return controller.latest


def shown(qtbot, widget: W, size: tuple[int, int]) -> W:
    """``widget`` at ``size``, shown and exposed; pytest-qt closes it after the test."""
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def rgb(image: QImage) -> np.ndarray:
    """The pixels of ``image`` as an (height, width, 3) array of R, G, B, signed ints (so
    differences of two images do not wrap around)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    words = np.frombuffer(image.constBits(), np.uint8)
    a = words.reshape(image.height(), image.bytesPerLine() // 4, 4)
    return a[:, : image.width(), 2::-1].astype(int)  # B, G, R, A in memory -> R, G, B


def as_fresh(w: MainWindow) -> MainWindow:
    """``w`` as a newly opened window shows it, for a module that shares one window.

    Paused on TF Playground's default document with an empty undo stack, no number
    field showing a refusal and an empty status bar. Only for tests that edit the
    document through the panels: docks, selections and dialogs are not reset.
    """
    w.controller.pause()
    w.model.set_experiment(Experiment(), "all")
    w.undo_stack.clear()
    for field in w.findChildren(NumberField) + w.findChildren(NumberCombo):
        field.revert()
    QToolTip.hideText()
    w.statusBar().clearMessage()
    w.activateWindow()
    QApplication.processEvents()
    return w
