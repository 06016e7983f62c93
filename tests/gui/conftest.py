"""Fixtures shared by the GUI tests.

* ``make_window(experiment=None, *, size=(1280, 800), show=True, wait="snapshot", **kw)``
  opens a main window (see :func:`windows.open_window`); ``window`` is one with TF
  Playground's default experiment. A test file that wants another experiment overrides
  ``window`` with ``return make_window(...)``.
* Every window they open has one teardown (:func:`windows.close_window`): the window
  closes, its controller shuts down and the training process is gone (checked), the
  window is deleted, and the application's palette and font are as before.
* ``warnings``: the texts of the ``QMessageBox.warning`` boxes a test brings up, each
  answered with OK at once instead of waiting in its own event loop.
* Settings are isolated for the whole GUI suite: QSettings and the per-user data
  folders (autosaves, recent files) live in a temporary folder, never in the tester's
  home. ``NNSIM_NO_SETTINGS=1`` (``tests/conftest.py``) keeps windows from remembering
  their layout unless a test turns that on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from windows import as_fresh, close_window, open_window

from nnsim.gui.main_window import MainWindow

_USER_DIRS = {
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_CACHE_HOME": "cache",
    "XDG_STATE_HOME": "state",
}


@pytest.fixture(scope="session", autouse=True)
def isolated_home(tmp_path_factory) -> Iterator[Path]:
    """The temporary folder holding the suite's per-user files: ``config`` (QSettings and
    XDG_CONFIG_HOME), ``data`` (XDG_DATA_HOME: autosaves), ``cache``, ``state``."""
    home = tmp_path_factory.mktemp("user")
    saved = {key: os.environ.get(key) for key in _USER_DIRS}
    for key, name in _USER_DIRS.items():
        os.environ[key] = str(home / name)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / "config"))
    yield home
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """The text of every ``QMessageBox.warning`` shown from now on (the box is not shown:
    it answers OK at once, where a real one would block the test)."""
    shown: list[str] = []

    def warning(_parent, _title, text, *_args, **_kwargs) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


@pytest.fixture
def make_window(qapp) -> Iterator[Callable[..., MainWindow]]:
    """``make_window(experiment=None, **kwargs)``: a shown 1280x800 main window that
    has drawn its first snapshot (see :func:`windows.open_window` for the options)."""
    palette = QPalette(QApplication.palette())
    font = QFont(QApplication.font())
    opened: list[MainWindow] = []

    def make(experiment=None, **kwargs) -> MainWindow:
        w = open_window(experiment, **kwargs)
        opened.append(w)
        return w

    yield make
    try:
        for w in opened:
            close_window(w)
    finally:
        QApplication.setPalette(palette)
        QApplication.setFont(font)


@pytest.fixture
def window(make_window) -> MainWindow:
    """A shown main window with TF Playground's default experiment, first snapshot drawn."""
    return make_window()


@pytest.fixture(scope="module")
def shared_window(qapp) -> Iterator[MainWindow]:
    """One window for a whole test module, for tests that only edit the document
    through the panels (building a window per test was most of their time)."""
    w = open_window()
    yield w
    close_window(w)


@pytest.fixture
def fresh_window(shared_window: MainWindow) -> MainWindow:
    """The module's shared window, reset to a fresh window's state (:func:`windows.as_fresh`)."""
    return as_fresh(shared_window)
