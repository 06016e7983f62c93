"""The editor's controls on the drawing: resize grips, "−"/"+" buttons, the selection.

They are not part of the network (their ``type()`` is an :class:`EditorItemType`);
each draws in Python and is cached between changes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from nnsim.gui.editor.items.base import DEFAULT_INK, EditorItemType, Ink, cache_picture

__all__ = ["ControlItem", "ResizeHandleItem", "SelectionItem", "WidthButtonItem"]


class ControlItem(QGraphicsRectItem):
    """A small clickable or draggable control in the editor (grip, +/- button, chip).

    Holds the shared pieces: a local rect placed by :meth:`set_geometry` (the C++
    bounds, one pixel larger) and a hover flag that repaints the control on enter and
    leave. Subclasses draw in Python; the picture is cached between changes.
    """

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self._hovered = False
        self._ink = DEFAULT_INK
        self.setPen(Qt.PenStyle.NoPen)
        cache_picture(self)
        self._set_rect(QRectF(0, 0, width, height))
        self.setAcceptHoverEvents(True)

    def set_ink(self, ink: Ink) -> None:
        """Colours (and line factor) of the control."""
        self._ink = ink
        self.update()

    @property
    def ink(self) -> Ink:
        """The colours the control draws in (the scene's theme)."""
        return self._ink

    def retranslate(self) -> None:
        """Texts (tooltips) in the UI language; controls with texts override it."""

    def _set_rect(self, rect: QRectF) -> None:
        self._rect = rect
        self.setRect(rect.adjusted(-1, -1, 1, 1))

    def set_geometry(self, rect: QRectF) -> None:
        """Place the control in scene rect ``rect``."""
        self._set_rect(QRectF(0, 0, rect.width(), rect.height()))
        self.update()
        self.setPos(rect.topLeft())

    def _body(self, painter: QPainter) -> QRectF:
        """Set the control's outline and (hover-dependent) fill; return its rect."""
        ink = self._ink
        painter.setPen(QPen(ink.control_ink, 1.0 * ink.line))
        painter.setBrush(ink.control_hover if self._hovered else ink.control_fill)
        return self._rect.adjusted(0.5, 0.5, -0.5, -0.5)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)


class ResizeHandleItem(ControlItem):
    """The grip below a hidden layer's last neuron: drag down to add neurons, up to remove.

    Parameters
    ----------
    layer : int
        Drawing column (a hidden layer, 1..n_hidden).
    """

    def __init__(self, layer: int) -> None:
        super().__init__(30, 10)
        self.layer = layer
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        # Above an enlarged (hovered) thumbnail: the grip must stay reachable.
        self.setZValue(11.0)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            QCoreApplication.translate(
                "ResizeHandleItem", "Drag down to add neurons, up to remove them"
            )
        )

    @property
    def key(self) -> tuple[str, int]:
        return ("handle", self.layer)

    def type(self) -> int:
        return int(EditorItemType.HANDLE)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._body(painter)
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        # Two grip lines, the usual sign for "pull me".
        painter.setPen(QPen(self._ink.control_ink, 1.2 * self._ink.line))
        cx, cy = r.center().x(), r.center().y()
        half = min(r.width() * 0.3, 14.0)
        for dy in (-r.height() * 0.16, r.height() * 0.16):
            painter.drawLine(QPointF(cx - half, cy + dy), QPointF(cx + half, cy + dy))


class WidthButtonItem(ControlItem):
    """A "−" or "+" button on a hidden layer's header: one neuron less or more.

    Parameters
    ----------
    layer : int
        Drawing column (a hidden layer).
    delta : int
        -1 or +1.
    """

    def __init__(self, layer: int, delta: int) -> None:
        super().__init__(14, 14)
        self.layer = layer
        self.delta = delta
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(11.0)
        self.retranslate()

    def retranslate(self) -> None:
        if self.delta > 0:
            tip = QCoreApplication.translate("WidthButtonItem", "Add a neuron")
        else:
            tip = QCoreApplication.translate("WidthButtonItem", "Remove the last neuron")
        self.setToolTip(tip)

    @property
    def key(self) -> tuple[str, int, int]:
        return ("width_button", self.layer, self.delta)

    def type(self) -> int:
        return int(EditorItemType.WIDTH_BUTTON)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._body(painter)
        painter.drawEllipse(r)
        pen = QPen(self._ink.control_ink, max(1.4, r.width() / 9))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        c, k = r.center(), r.width() * 0.27
        painter.drawLine(QPointF(c.x() - k, c.y()), QPointF(c.x() + k, c.y()))
        if self.delta > 0:
            painter.drawLine(QPointF(c.x(), c.y() - k), QPointF(c.x(), c.y() + k))


class SelectionItem(QGraphicsRectItem):
    """The outline around the selected layer or neuron (Delete removes it)."""

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF()
        self._ink = DEFAULT_INK
        self.setPen(Qt.PenStyle.NoPen)
        cache_picture(self)
        self.setZValue(9.0)
        self.setVisible(False)

    def type(self) -> int:
        return int(EditorItemType.SELECTION)

    def set_ink(self, ink: Ink) -> None:
        self._ink = ink
        self.update()

    def set_rect(self, rect: QRectF | None) -> None:
        """Outline scene rect ``rect``; None hides the outline."""
        if rect is None:
            self.setVisible(False)
            return
        self._rect = QRectF(0, 0, rect.width(), rect.height())
        self.setRect(self._rect.adjusted(-2, -2, 2, 2))
        self.update()
        self.setPos(rect.topLeft())
        self.setVisible(True)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        pen = QPen(self._ink.accent, 2.0 * self._ink.line)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(self._ink.accent)
        fill.setAlpha(40 if self._ink.dark else 22)
        painter.setBrush(fill)
        painter.drawRoundedRect(self._rect, 6, 6)
