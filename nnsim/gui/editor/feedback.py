"""What a gesture shows while it runs: overlay items it adds to the scene and removes.

A ghost following the pointer, a drop marker in the gap where a layer would land, a
highlighted column, ghost neurons for a resize, a tag with the scrubbed weight. None
of them is hit by the mouse, and all draw above the network in the scene's ink.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from nnsim.gui.editor.items import DEFAULT_INK, EditorItemType, Ink
from nnsim.gui.editor.palette import chip_label, paint_chip

__all__ = [
    "DropMarkerItem",
    "GhostItem",
    "GhostNeuronsItem",
    "HighlightItem",
    "ValueTagItem",
]

_DANGER = QColor(200, 50, 45)
_OVERLAY_Z = 20.0


class _Overlay(QGraphicsItem):
    """Feedback drawn during a gesture: never hit by the mouse, above everything."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(_OVERLAY_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def type(self) -> int:
        return int(EditorItemType.OVERLAY)

    @property
    def ink(self) -> Ink:
        """The scene's colours (the theme applied to the drawing)."""
        return getattr(self.scene(), "ink", DEFAULT_INK)

    def painted_texts(self) -> list[str]:
        """The text drawn now (drag feedback), if any."""
        text = getattr(self, "text", "")
        return [text] if text else []


class DropMarkerItem(_Overlay):
    """A vertical bar in the gap where a layer will land, with a caption."""

    def __init__(self, text: str, font: QFont) -> None:
        super().__init__()
        self.text = text
        self._font = QFont(font)
        self._font.setBold(True)
        self._rect = QRectF()
        self.setVisible(False)

    def place(self, x: float, top: float, bottom: float) -> None:
        fm = QFontMetricsF(self._font)
        w = max(fm.horizontalAdvance(self.text) + 12, 14.0)
        self.prepareGeometryChange()
        self._rect = QRectF(-w / 2, 0, w, bottom - top)
        self.setPos(x, top)
        self.setVisible(True)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._rect
        lh = QFontMetricsF(self._font).height() + 6
        band = QRectF(-5, lh + 4, 10, r.height() - lh - 4)
        ink = self.ink
        painter.setPen(Qt.PenStyle.NoPen)
        fill = QColor(ink.accent)
        fill.setAlpha(60)
        painter.setBrush(fill)
        painter.drawRoundedRect(band, 5, 5)
        pen = QPen(ink.accent, 2.5 * ink.line)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(0, band.top() + 3), QPointF(0, band.bottom() - 3))
        _paint_tag(painter, QPointF(0, 0), self.text, self._font, ink.accent, ink.accent_text)


class GhostItem(_Overlay):
    """What is being dragged, half transparent, under the pointer.

    ``kind`` is ``"chip"`` (a palette chip, ``text`` = its key), ``"card"`` (a layer
    header: ``text`` is its title) or ``"neuron"`` (a unit square).
    """

    def __init__(self, kind: str, text: str, size: QRectF, font: QFont, icons: bool = True) -> None:
        super().__init__()
        self.kind = kind
        self.text = text
        self._icons = icons
        # Up and to the right of the pointer, so the drop target under it stays visible.
        self._rect = QRectF(8, -size.height() - 8, size.width(), size.height())
        self._font = QFont(font)
        self.setOpacity(0.8)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def painted_texts(self) -> list[str]:
        if self.kind == "chip":
            return [chip_label(self.text)]
        return [self.text] if self.text else []

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._rect
        ink = self.ink
        if self.kind == "chip":
            paint_chip(painter, r, self.text, self._font, self._icons, True, ink)
            return
        painter.setPen(QPen(ink.text, 1.5 * ink.line))
        painter.setBrush(ink.control_fill)
        if self.kind == "neuron":
            painter.drawRect(r)
            return
        painter.drawRoundedRect(r, 6, 6)
        bold = QFont(self._font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(ink.text)
        painter.drawText(r, int(Qt.AlignmentFlag.AlignCenter), self.text)


class HighlightItem(_Overlay):
    """A tinted frame around a column, with a caption of what the drop will do."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = QFont(font)
        self._font.setBold(True)
        self._rect = QRectF()
        self.text = ""
        self.setZValue(_OVERLAY_Z - 1)
        self.setVisible(False)

    def place(self, rect: QRectF, text: str) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(0, 0, rect.width(), rect.height())
        self.text = text
        self.setPos(rect.topLeft())
        self.setVisible(True)

    def boundingRect(self) -> QRectF:
        fm = QFontMetricsF(self._font)
        w = max(self._rect.width(), fm.horizontalAdvance(self.text) + 12)
        return QRectF(
            self._rect.center().x() - w / 2 - 2,
            -2,
            w + 4,
            self._rect.height() + fm.height() + 12,
        )

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        ink = self.ink
        fill = QColor(ink.accent)
        fill.setAlpha(35)
        painter.setBrush(fill)
        painter.setPen(QPen(ink.accent, 2.5 * ink.line))
        painter.drawRoundedRect(self._rect, 8, 8)
        if self.text:
            _paint_tag(
                painter,
                QPointF(self._rect.center().x(), self._rect.bottom() + 4),
                self.text,
                self._font,
                ink.accent,
                ink.accent_text,
            )


def _paint_tag(
    painter: QPainter,
    top_centre: QPointF,
    text: str,
    font: QFont,
    color: QColor,
    text_color: QColor,
) -> None:
    """A label filled with ``color``, ``text`` in ``text_color``, hanging from ``top_centre``."""
    fm = QFontMetricsF(font)
    w, h = fm.horizontalAdvance(text) + 12, fm.height() + 6
    rect = QRectF(top_centre.x() - w / 2, top_centre.y(), w, h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(rect, 4, 4)
    painter.setFont(font)
    painter.setPen(text_color)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)


class GhostNeuronsItem(_Overlay):
    """Resize feedback: dashed squares for neurons to add, crosses on neurons to remove."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = QFont(font)
        self._font.setBold(True)
        self.font = self._font
        self._adds: list[QRectF] = []
        self._removes: list[QRectF] = []
        self._tag = QPointF()
        self.text = ""
        self.valid = True
        self._bounds = QRectF()

    def place(
        self,
        adds: Sequence[QRectF],
        removes: Sequence[QRectF],
        tag: QPointF,
        text: str,
        valid: bool,
    ) -> None:
        self.prepareGeometryChange()
        self._adds, self._removes = list(adds), list(removes)
        self._tag, self.text, self.valid = QPointF(tag), text, valid
        fm = QFontMetricsF(self._font)
        w, h = fm.horizontalAdvance(text) + 16, fm.height() + 8
        bounds = QRectF(tag.x() - w / 2, tag.y(), w, h)
        for r in (*self._adds, *self._removes):
            bounds = bounds.united(r)
        self._bounds = bounds.adjusted(-3, -3, 3, 3)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        ink = self.ink
        color = ink.accent if self.valid else _DANGER
        pen = QPen(color, 2.0 * ink.line)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(color)
        fill.setAlpha(30)
        painter.setBrush(fill)
        for r in self._adds:
            painter.drawRect(r)
        cross = QPen(_DANGER, 3.0)
        cross.setCapStyle(Qt.PenCapStyle.RoundCap)
        for r in self._removes:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150) if ink.dark else QColor(255, 255, 255, 150))
            painter.drawRect(r)
            painter.setPen(cross)
            k = r.width() * 0.2
            inner = r.adjusted(k, k, -k, -k)
            painter.drawLine(inner.topLeft(), inner.bottomRight())
            painter.drawLine(inner.topRight(), inner.bottomLeft())
        if self.text:
            text_color = ink.accent_text if self.valid else QColor(255, 255, 255)
            _paint_tag(painter, self._tag, self.text, self._font, color, text_color)


class ValueTagItem(_Overlay):
    """A small label next to the pointer (the scrubbed weight)."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = QFont(font)
        self._font.setBold(True)
        self.text = ""

    def set_text(self, text: str) -> None:
        self.prepareGeometryChange()
        self.text = text

    def boundingRect(self) -> QRectF:
        fm = QFontMetricsF(self._font)
        return QRectF(12, -fm.height() - 14, fm.horizontalAdvance(self.text) + 16, fm.height() + 10)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self.boundingRect().adjusted(2, 2, -2, -2)
        ink = self.ink
        _paint_tag(
            painter,
            QPointF(r.center().x(), r.top()),
            self.text,
            self._font,
            ink.accent,
            ink.accent_text,
        )
