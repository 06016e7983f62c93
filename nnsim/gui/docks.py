"""Docks that never grow the window, and the main window's own docks and their layout.

A dock's minimum size is its widget's; a teaching view or a panel whose minimum is
larger than its share of a 1280x720 window would make Qt grow the window past the
screen (a 720p recording then crops it). Inside a :class:`QScrollArea` a dock can be
as small as the layout wants, and its contents keep their own minimum size and scroll.

:func:`add_main_docks` places the window's panels and views (data and hyper-parameters
on the left, the output map over the loss curves and the neuron inspector on the right,
the per-layer statistics at the bottom); :func:`share_default_sizes` divides a window
that has no remembered layout between them. Their titles are the main window's texts
(translation context "MainWindow").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nnsim import __version__
from nnsim.gui.i18n import translate

__all__ = [
    "STATE_VERSION",
    "LazyDock",
    "OutputColumn",
    "add_main_docks",
    "layout_key",
    "make_dock",
    "restore_layout",
    "retranslate_main_docks",
    "save_layout",
    "share_default_sizes",
]

#: Version of the remembered dock layout. Part of the settings key together with
#: nnsim's version, so a layout saved by another version (other docks, tab groups) is
#: never restored; Qt's own check refuses a state whose docks do not match.
STATE_VERSION = 3


class _Fitted(QWidget):
    """Holds a dock's contents in its scroll area: as tall as the dock, or as they need.

    The contents' minimum height is the one for the width they get (wrapped texts need
    fewer lines in a wide dock), not the one for their narrowest width; and a layout
    with a height for width would make QScrollArea give them their *preferred* height,
    hundreds of pixels of plot: a teaching view grew 1,000 px tall in a 300 px dock,
    its lower half out of sight. So the contents are placed by hand, filling this
    widget, and this widget asks for their minimum height at its width.
    """

    def __init__(self, contents: QWidget) -> None:
        super().__init__()
        self.contents = contents
        contents.setParent(self)

    def _min_height(self, width: int) -> int:
        layout = self.contents.layout()
        if layout is not None and layout.hasHeightForWidth():
            return layout.totalMinimumHeightForWidth(width)
        return self.contents.minimumSizeHint().height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        least = self.contents.minimumSizeHint().width()
        return QSize(least, self._min_height(max(least, self.width())))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.contents.sizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return self._min_height(width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self.contents.setGeometry(self.rect())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the contents' needs changed: the scroll area re-asks
        return super().event(event)


def make_dock(
    window: QMainWindow,
    key: str,
    widget: QWidget | None,
    area: Qt.DockWidgetArea,
    *,
    scroll: bool = True,
    build: Callable[[], QWidget] | None = None,
) -> QDockWidget:
    """A movable, floatable, closable dock named ``{key}_dock`` holding ``widget``.

    Parameters
    ----------
    window : QMainWindow
        Where the dock is added, in ``area``.
    key : str
        Its name (``objectName`` ``{key}_dock``, what a saved layout refers to).
    widget : QWidget or None
        The contents; None with ``build``.
    scroll : bool
        Put ``widget`` in a scroll area (the default). Plots, which draw at any size,
        pass False.
    build : callable, optional
        Makes the contents the first time the dock is shown or :meth:`LazyDock.contents`
        is asked for (a :class:`LazyDock`): a window opens without building views
        nobody has opened yet.

    The title is set by the owner's ``retranslate_ui`` (it is translated).
    """
    if build is not None:
        dock: QDockWidget = LazyDock(window, key, build, scroll)
    else:
        assert widget is not None
        dock = QDockWidget(window)
        _fill(dock, key, widget, scroll)
    dock.setObjectName(f"{key}_dock")
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(area, dock)
    return dock


def _fill(dock: QDockWidget, key: str, widget: QWidget, scroll: bool) -> None:
    if scroll:
        area_widget = QScrollArea()
        area_widget.setObjectName(f"{key}_scroll")
        area_widget.setWidgetResizable(True)
        # The scroll area keeps the contents at least at an explicit minimum size if
        # one is set, even below what their layout needs at a larger font (buttons were
        # squeezed in presentation mode); without one, the layout's minimum rules.
        widget.setMinimumSize(0, 0)
        area_widget.setFrameShape(QFrame.Shape.NoFrame)
        area_widget.setWidget(_Fitted(widget))
        dock.setWidget(area_widget)
    else:
        dock.setWidget(widget)
    dock.visibilityChanged.connect(lambda on: on and _relayout(widget))


class LazyDock(QDockWidget):
    """A dock whose contents are made when it is first shown or asked for.

    Showing goes through ``setVisible`` (the View menu, a lesson, a restored layout),
    so the contents exist before Qt lays the dock out.
    """

    def __init__(
        self, window: QMainWindow, key: str, build: Callable[[], QWidget], scroll: bool
    ) -> None:
        super().__init__(window)
        self._key = key
        self._build: Callable[[], QWidget] | None = build
        self._scroll = scroll
        self._contents: QWidget | None = None

    @property
    def built(self) -> bool:
        """Whether the contents were made."""
        return self._contents is not None

    def contents(self) -> QWidget:
        """The contents, made now if they were not yet."""
        if self._contents is None:
            build, self._build = self._build, None
            assert build is not None
            self._contents = build()
            _fill(self, self._key, self._contents, self._scroll)
        return self._contents

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt override)
        if visible:
            self.contents()
        super().setVisible(visible)


def _relayout(widget: QWidget) -> None:
    """Have every layout in ``widget`` measure its contents again.

    A hidden widget does not pass size-hint changes on to its layout, so a dock
    hidden while the font grew (presentation mode) or a text changed would come
    back laid out for the old sizes, its labels clipped.
    """
    for w in [widget, *widget.findChildren(QWidget)]:
        layout = w.layout()
        if layout is not None:
            layout.invalidate()


# --------------------------------------------------------------------------- main docks


class OutputColumn(QWidget):
    """The output view, its toggles (test data, discretized output) and rows below.

    Parameters
    ----------
    view : OutputView
        The decision-boundary map (it has ``set_show_test`` and ``set_discretize``).

    Features add their rows under the toggles with :meth:`add_row` (draw mode).
    """

    def __init__(self, view: QWidget) -> None:
        super().__init__()
        self.view = view
        self.show_test_box = QCheckBox()
        self.discretize_box = QCheckBox()
        self.show_test_box.toggled.connect(view.set_show_test)
        self.discretize_box.toggled.connect(view.set_discretize)
        self.toggles = QWidget()
        toggles = QHBoxLayout(self.toggles)
        toggles.setContentsMargins(6, 0, 6, 4)
        toggles.addWidget(self.show_test_box)
        toggles.addWidget(self.discretize_box)
        toggles.addStretch(1)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(2)
        self._column.addWidget(view, 1)
        self._column.addWidget(self.toggles)

    def add_row(self, row: QWidget) -> None:
        """Put ``row`` under the toggles (and under the rows added before)."""
        self._column.addWidget(row)

    def retranslate_ui(self) -> None:
        """The toggles' texts in the UI language."""
        self.show_test_box.setText(translate("MainWindow", "Show test data"))
        self.discretize_box.setText(translate("MainWindow", "Discretize output"))


def add_main_docks(
    window: QMainWindow,
    data: QWidget,
    hyper: QWidget,
    output: OutputColumn,
    loss: QWidget,
    inspector: QWidget,
    gradient: QWidget,
) -> dict[str, QDockWidget]:
    """Dock the window's panels and views; returns the docks by key.

    Keys: "data", "hyper" (left), "output", "loss", "inspector" (right; the inspector
    under the loss curves, hidden until a neuron is clicked), "gradient" (bottom).
    """
    window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    # No tab groups: a dock shares its place only by splitting it. Qt's main-window
    # layout can leave a tab group's bar painted at a stale place over another dock
    # (measured with Qt 6.11, from a remembered layout), so there are none to leave.
    # No AnimatedDocks either: it animates every relayout, and a relayout is not free.
    window.setDockOptions(QMainWindow.DockOption(0))
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    right = Qt.DockWidgetArea.RightDockWidgetArea
    docks = {
        "data": make_dock(window, "data", data, left),
        "hyper": make_dock(window, "hyper", hyper, left),
        "output": make_dock(window, "output", output, right, scroll=False),
        "loss": make_dock(window, "loss", loss, right, scroll=False),
        # The inspector sits under the loss curves (split, never tabbed); clicking a
        # neuron shows it.
        "inspector": make_dock(window, "inspector", inspector, right),
    }
    window.splitDockWidget(docks["loss"], docks["inspector"], Qt.Orientation.Vertical)
    docks["inspector"].hide()
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    docks["gradient"] = make_dock(window, "gradient", gradient, bottom, scroll=False)
    return docks


def retranslate_main_docks(docks: dict[str, QDockWidget]) -> None:
    """The titles of the docks of :func:`add_main_docks` in the UI language."""
    titles = {
        "data": translate("MainWindow", "Data && features"),
        "hyper": translate("MainWindow", "Hyper-parameters"),
        "output": translate("MainWindow", "Output"),
        "loss": translate("MainWindow", "Loss"),
        "inspector": translate("MainWindow", "Neuron inspector"),
        "gradient": translate("MainWindow", "Per-layer statistics"),
    }
    for key, title in titles.items():
        docks[key].setWindowTitle(title)


def share_default_sizes(
    window: QMainWindow, docks: dict[str, QDockWidget], data: QWidget, hyper: QWidget
) -> None:
    """Share the window between docks for its size (used when no layout was saved).

    Side columns get what their panels (``data``, ``hyper``) need; the output view gets
    a square; the network in the centre gets the rest, with the per-layer plot below it.
    """
    w, h = window.width(), window.height()
    d = docks
    left = max(data.sizeHint().width(), hyper.sizeHint().width()) + 24
    left = min(left, int(w * 0.26))
    right = max(280, int(w * 0.25))
    bottom = max(150, int(h * 0.27))
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    window.resizeDocks([d["data"], d["output"]], [left, right], horizontal)
    window.resizeDocks([d["gradient"]], [bottom], vertical)
    # Output: a square plot plus its colour bar and toggles; the loss plot below.
    window.resizeDocks([d["output"], d["loss"]], [right + 90, max(120, h - right - 90)], vertical)
    window.resizeDocks(
        [d["data"], d["hyper"]],
        [data.sizeHint().height() + 30, hyper.sizeHint().height() + 30],
        vertical,
    )


# --------------------------------------------------------------------------- remembered layout


def layout_key() -> str:
    """The settings group the window layout is remembered under (version-specific)."""
    return f"window-v{STATE_VERSION}-{__version__}"


def restore_layout(window: QMainWindow) -> bool:
    """Give ``window`` the last session's size and dock layout, if this version saved them.

    A layout saved by another nnsim version or layout version lives under another key
    and is never read; a state Qt refuses (other docks) is dropped. Returns whether a
    dock layout was restored.
    """
    s = QSettings("nnsim", "nnsim")
    s.beginGroup(layout_key())
    geometry = s.value("geometry")
    state = s.value("state")
    s.endGroup()
    restored = False
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    if isinstance(state, QByteArray) and not state.isEmpty():
        restored = bool(window.restoreState(state, STATE_VERSION))
    # Layouts of earlier versions: forgotten, so they cannot come back.
    for group in s.childGroups():
        if group.startswith("window") and group != layout_key():
            s.remove(group)
    s.remove("window/state")
    s.remove("window/geometry")
    return restored


def save_layout(window: QMainWindow, state: QByteArray) -> None:
    """Remember ``window``'s size and the dock layout ``state`` for the next session."""
    s = QSettings("nnsim", "nnsim")
    s.beginGroup(layout_key())
    s.setValue("geometry", window.saveGeometry())
    s.setValue("state", state)
    s.endGroup()
