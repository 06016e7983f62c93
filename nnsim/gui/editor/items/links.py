"""Links: one curve per weight, styled by the scene from the weight matrix.

The pen is the picture (width |w|, colour the sign); the shared :class:`WeightTable`
holds each frame's ``W[i]`` once, so a frame does not hand a number to every link.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsSceneHoverEvent

from nnsim.gui.editor.items.base import ItemType

__all__ = ["LinkHitItem", "LinkItem", "WeightTable"]


_PENS: dict[tuple[float, int], QPen] = {}


def _link_pen(width: float, color: QColor) -> QPen:
    """Shared pens (widths are quantised, colours come from a 256-entry table)."""
    key = (width, color.rgba())
    pen = _PENS.get(key)
    if pen is None:
        pen = QPen(color, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if len(_PENS) < 8192:
            _PENS[key] = pen
    return pen


class WeightTable:
    """The weight matrix one weight layer's links show, shared by those links.

    The scene stores each frame's ``W[i]`` here once instead of handing a number to
    every link; a link reads its entry when asked (tooltip, scrub, typed value).
    """

    __slots__ = ("hovered", "values")

    def __init__(self) -> None:
        #: W[i], (fan_in, fan_out), or None before any weights were shown.
        self.values: np.ndarray | None = None
        #: Links of this layer under the mouse (their tooltips follow the weights).
        self.hovered: set[LinkItem] = set()


class LinkHitItem(QGraphicsPathItem):
    """The invisible band around a link that the mouse hovers and grabs.

    A hair-thin link is hard to hit; this child of :class:`LinkItem` is the curve
    stroked :attr:`LinkItem.HIT_WIDTH` wide. It paints nothing and keeps its shape in
    C++, so hit-testing and painting need no Python.
    """

    def __init__(self, link: LinkItem) -> None:
        super().__init__(link)
        self.setPen(Qt.PenStyle.NoPen)
        self.setBrush(Qt.BrushStyle.NoBrush)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    @property
    def link(self) -> LinkItem:
        return self.parentItem()  # type: ignore[return-value]

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.link.set_hovered(True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.link.set_hovered(False)
        super().hoverLeaveEvent(event)


class LinkItem(QGraphicsPathItem):
    """One weight: a bezier from a unit's port to a unit of the next column.

    Its pen carries the weight, as in TF Playground: width grows with |w| and the
    colour is the value scale's (orange negative, blue positive). The curve is drawn
    by the C++ base; :attr:`hit` is the wider band the mouse finds it by.

    Parameters
    ----------
    layer : int
        Weight layer index i (the link is an entry of ``W[i]``).
    src, dst : int
        Row and column of ``W[i]``: input unit of column i, output unit of column i + 1.
    """

    #: Hit area around the curve, so a hair-thin link can still be hovered / grabbed.
    HIT_WIDTH = 9.0

    def __init__(self, layer: int, src: int, dst: int, table: WeightTable | None = None) -> None:
        super().__init__()
        self.layer = layer
        self.src = src
        self.dst = dst
        self._table = table if table is not None else WeightTable()
        self._weight: float | None = None  # until the table has a matrix this link is in
        #: "x₁ → hidden 1, unit 2": set by the scene, used in the tooltip.
        self.names = ""
        self.hit = LinkHitItem(self)
        self._hovered = False
        self._width = 1.0
        self._color = QColor(190, 190, 190)
        # The hit band takes hover and clicks: the C++ shape of a path item also covers
        # the area between the curve and its chord.
        self.setAcceptHoverEvents(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0.0)
        self._apply_pen()

    @property
    def key(self) -> tuple[str, int, int, int]:
        return ("link", self.layer, self.src, self.dst)

    def type(self) -> int:
        return int(ItemType.LINK)

    def set_endpoints(self, p1: QPointF, p2: QPointF) -> None:
        """Route the curve from ``p1`` (source port) to ``p2`` (target's left edge)."""
        path = QPainterPath(p1)
        dx = (p2.x() - p1.x()) * 0.5
        path.cubicTo(QPointF(p1.x() + dx, p1.y()), QPointF(p2.x() - dx, p2.y()), p2)
        stroker = QPainterPathStroker()
        stroker.setWidth(self.HIT_WIDTH)
        self.hit.setPath(stroker.createStroke(path))
        self.setPath(path)

    def set_style(self, width: float, color: QColor) -> None:
        """Set the pen (width in scene px, colour); no-op when unchanged."""
        if width == self._width and color == self._color:
            return
        self._width = width
        self._color = color
        self._apply_pen()

    def _in_table(self) -> bool:
        W = self._table.values
        return W is not None and self.src < W.shape[0] and self.dst < W.shape[1]

    @property
    def weight(self) -> float | None:
        """The weight shown, or None before any was."""
        if self._in_table():
            return float(self._table.values[self.src, self.dst])  # type: ignore[index]
        return self._weight

    def set_weight(self, w: float) -> None:
        """Show weight ``w`` for this link alone (a scrub before the next frame)."""
        if self._in_table():
            W = self._table.values
            assert W is not None
            if not W.flags.writeable:  # a snapshot's matrix: never write into it
                W = self._table.values = W.copy()
            W[self.src, self.dst] = w
        else:
            self._weight = w
        self.refresh_tooltip()

    def refresh_tooltip(self) -> None:
        """Rewrite the tooltip while hovered (the weight may have changed)."""
        if self._hovered:
            self.hit.setToolTip(self.tooltip_text())

    def tooltip_text(self) -> str:
        w = "?" if self.weight is None else f"{self.weight:+.4g}"
        return f"w = {w}\n{self.names}" if self.names else f"w = {w}"

    def _apply_pen(self) -> None:
        if self._hovered:
            pen = QPen(_link_pen(self._width, self._color))
            pen.setWidthF(self._width + 1.5)
        else:
            pen = _link_pen(self._width, self._color)
        self.setPen(pen)

    @property
    def style_width(self) -> float:
        """Pen width that encodes |w| (without the hover highlight)."""
        return self._width

    @property
    def style_color(self) -> QColor:
        return QColor(self._color)

    @property
    def hovered(self) -> bool:
        return self._hovered

    def set_hovered(self, on: bool) -> None:
        """Highlight the link (wider pen, on top) and caption it while the mouse is over it."""
        self._hovered = on
        if on:
            self._table.hovered.add(self)
            self.hit.setToolTip(self.tooltip_text())
        else:
            self._table.hovered.discard(self)
        self.setZValue(1.0 if on else 0.0)
        self._apply_pen()
