"""Docks that never grow the window: their contents scroll instead.

A dock's minimum size is its widget's; a teaching view or a panel whose minimum is
larger than its share of a 1280x720 window would make Qt grow the window past the
screen (a 720p recording then crops it). Inside a :class:`QScrollArea` a dock can be
as small as the layout wants, and its contents keep their own minimum size and scroll.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QWidget

__all__ = ["make_dock"]


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
    widget: QWidget,
    area: Qt.DockWidgetArea,
    *,
    scroll: bool = True,
) -> QDockWidget:
    """A movable, floatable, closable dock named ``{key}_dock`` holding ``widget``.

    Parameters
    ----------
    window : QMainWindow
        Where the dock is added, in ``area``.
    key : str
        Its name (``objectName`` ``{key}_dock``, what a saved layout refers to).
    widget : QWidget
        The contents.
    scroll : bool
        Put ``widget`` in a scroll area (the default). Plots, which draw at any size,
        pass False.

    The title is set by the owner's ``retranslate_ui`` (it is translated).
    """
    dock = QDockWidget(window)
    dock.setObjectName(f"{key}_dock")
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
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
    window.addDockWidget(area, dock)
    dock.visibilityChanged.connect(lambda on: on and _relayout(widget))
    return dock


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
