"""Links: one curve per weight, styled by the scene from the weight matrix.

The pen is the picture (width |w|, colour the sign); the shared :class:`WeightTable`
holds each frame's ``W[i]`` once, so a frame does not hand a number to every link.

A :class:`LinkItem` paints nothing itself: every link is drawn by one
:class:`LinksLayer`, which keeps them in an image at the screen's resolution and
redraws only the part around links whose pen changed. Antialiased curves wider than a
pixel go through Qt's general rasteriser; on a 6x8 network at 1080p drawing all 344 of
them took about 8 ms a frame, while after the first seconds of training only a few
links change style per frame, and often none.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QRegion,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from nnsim.gui.editor.items.base import ItemType

__all__ = ["LinkHitItem", "LinkItem", "LinksLayer", "WeightTable"]


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
    colour is the value scale's (orange negative, blue positive). The curve is drawn by
    the scene's :class:`LinksLayer` (the item itself paints nothing); :attr:`hit` is the
    wider band the mouse finds it by.

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
        self._raised = False
        self._width = 1.0
        self._color = QColor(190, 190, 190)
        self._curve = QPainterPath()
        #: Scene x, y of the curve's start and end (its control points follow from them).
        self.ends = (0.0, 0.0, 0.0, 0.0)
        #: The layer that draws this link (set by :meth:`LinksLayer.set_links`).
        self.drawn_by: LinksLayer | None = None
        # The layer paints the curve; a C++ pen here would only cost geometry updates.
        super().setPen(Qt.PenStyle.NoPen)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
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
        """Route the curve from ``p1`` (source port) to ``p2`` (target's left edge).

        The caller tells :attr:`drawn_by` (:meth:`LinksLayer.geometry_changed`), once
        for all the links it moves.
        """
        path = QPainterPath(p1)
        dx = (p2.x() - p1.x()) * 0.5
        path.cubicTo(QPointF(p1.x() + dx, p1.y()), QPointF(p2.x() - dx, p2.y()), p2)
        stroker = QPainterPathStroker()
        stroker.setWidth(self.HIT_WIDTH)
        self.hit.setPath(stroker.createStroke(path))
        self.setPath(path)
        self._curve = path
        self.ends = (p1.x(), p1.y(), p2.x(), p2.y())

    @property
    def curve(self) -> QPainterPath:
        """The curve as drawn (scene coordinates)."""
        return QPainterPath(self._curve)

    def pen(self) -> QPen:
        """The pen the link is drawn with (width |w|, colour the sign; wider when hovered)."""
        return QPen(self._pen)

    def set_style(self, width: float, color: QColor) -> None:
        """Set the pen (width in scene px, colour); no-op when unchanged."""
        if width == self._width and color == self._color:
            return
        self._width = width
        self._color = color
        self._restyle()

    def _restyle(self) -> None:
        before = self._pen.widthF()
        self._apply_pen()
        if self.drawn_by is not None:
            self.drawn_by.mark_dirty(self, max(before, self._pen.widthF()) / 2 + 1.0)

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
        self._pen = pen

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

    @property
    def on_top(self) -> bool:
        """Drawn above the other links: hovered, or held by a scrub."""
        return self._hovered or self._raised

    def set_hovered(self, on: bool) -> None:
        """Highlight the link (wider pen, on top) and caption it while the mouse is over it."""
        self._hovered = on
        if on:
            self._table.hovered.add(self)
            self.hit.setToolTip(self.tooltip_text())
        else:
            self._table.hovered.discard(self)
        self.setZValue(1.0 if self.on_top else 0.0)
        self._restyle()

    def set_raised(self, on: bool) -> None:
        """Draw the link above the others (a scrub holds it)."""
        self._raised = on
        self.setZValue(1.0 if self.on_top else 0.0)
        self._restyle()


class LinksLayer(QGraphicsItem):
    """Every link of the drawing, painted as one item from an image of the links.

    On screen (a view paints it) the links are kept in an image at the device's
    resolution, covering the visible part of the drawing. A restyled link marks the
    boxes along its curve dirty; the next paint clears those boxes in the image and
    redraws, clipped to them, only the links that pass through them, in the order a
    full drawing uses. The pixels are those of a full redraw up to antialiasing's
    rounding: Qt's rasteriser takes another path for a stroke cut by a clip, which moves
    a few edge pixels by at most 4 of 255 (measured), and a later redraw of that spot
    starts from cleared pixels, so it never adds up. A new transform (zoom,
    scroll, resize) or a new layout redraws the whole image. Painted without a view
    (``QGraphicsScene.render`` for SVG or slide export), the links are drawn as vectors.
    """

    #: Beyond this share of links restyled at once, one full redraw costs less.
    FULL_REDRAW_SHARE = 0.1
    #: Boxes along each curve: a restyle clears and redraws only around its own curve.
    SEGMENTS = 16
    #: Scene px the curve can stray from the box of its chord between two box corners
    #: (a sixteenth of a link's curve is nearly straight).
    BULGE = 2.0
    #: Scene px any pen can reach beyond its curve: the margin of the layer's bounds.
    #: The widest pen is a hovered presentation link, 6 * 2 + 1.5 px, reaching 7.75 px
    #: with antialiasing (a test keeps this in step with the styling).
    REACH = 12.0

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setZValue(0.0)
        self._links: list[LinkItem] = []
        self._index: dict[LinkItem, int] = {}
        self._bounds = QRectF()
        self._bounds_stale = True
        self._boxes: np.ndarray | None = None  # (n, SEGMENTS, 4): x0, y0, x1, y1
        self._outer: np.ndarray | None = None  # (n, 4): the box around each curve's boxes
        # How far each link's pen can reach beyond its chord boxes, kept up to date by
        # mark_dirty so a redraw need not ask every link for its pen.
        self._pen_reach = np.zeros(0)
        self._image: QImage | None = None
        self._key: tuple | None = None
        self._dirty: dict[int, float] = {}  # link index -> reach of its pens
        self._all_dirty = True
        self._update_pending = False
        #: Keep the image (True) or draw every link on every paint (False, for comparison).
        self.cached = True
        #: Whole-image and clipped redraws of the image so far.
        self.full_redraws = 0
        self.partial_redraws = 0

    @property
    def links(self) -> list[LinkItem]:
        return list(self._links)

    def set_links(self, links: list[LinkItem]) -> None:
        """Draw ``links`` (in this order; links on top last)."""
        self._links = list(links)
        self._index = {link: k for k, link in enumerate(self._links)}
        for link in self._links:
            link.drawn_by = self
        self._pen_reach = np.array([self._reach_of(link) for link in self._links])
        self.geometry_changed()

    def _reach_of(self, link: LinkItem) -> float:
        return link._pen.widthF() / 2 + self.BULGE + 1.0

    def geometry_changed(self) -> None:
        """A curve moved: new bounds and a whole new image."""
        if not self._bounds_stale:
            self.prepareGeometryChange()
            self._bounds_stale = True
        self._boxes = self._outer = None
        self.invalidate()

    def invalidate(self) -> None:
        """Redraw the whole image at the next paint."""
        self._all_dirty = True
        self._dirty.clear()
        self._schedule()

    def mark_dirty(self, link: LinkItem, reach: float) -> None:
        """``link``'s pen changed; its old and new pen reach ``reach`` px from the curve."""
        reach += self.BULGE
        k = self._index.get(link)
        if k is None:
            return
        self._pen_reach[k] = self._reach_of(link)
        if self._all_dirty:
            self._schedule()
            return
        self._dirty[k] = max(reach, self._dirty.get(k, 0.0))
        if len(self._dirty) > self.FULL_REDRAW_SHARE * len(self._links):
            self.invalidate()
        self._schedule()

    def _schedule(self) -> None:
        if not self._update_pending:
            self._update_pending = True
            self.update()

    def boundingRect(self) -> QRectF:
        if self._bounds_stale:
            rect = QRectF()
            for link in self._links:
                rect = rect.united(link._curve.boundingRect())
            m = self.REACH
            self._bounds = rect.adjusted(-m, -m, m, m) if not rect.isNull() else QRectF()
            self._bounds_stale = False
        return QRectF(self._bounds)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        self._update_pending = False
        t = painter.worldTransform()
        device = painter.device()
        if (
            widget is None
            or not self.cached
            or device is None
            or t.m12() != 0.0
            or t.m21() != 0.0
            or not t.isAffine()
        ):
            self.draw(painter)
            return
        area = t.mapRect(self.boundingRect()).intersected(
            QRectF(0, 0, device.width(), device.height())
        )
        if area.isEmpty():
            return
        x0, y0 = math.floor(area.left()), math.floor(area.top())
        w, h = math.ceil(area.right()) - x0, math.ceil(area.bottom()) - y0
        dpr = device.devicePixelRatioF()
        key = (t.m11(), t.m22(), t.dx(), t.dy(), x0, y0, w, h, dpr)
        if key != self._key or self._image is None:
            size = (max(1, round(w * dpr)), max(1, round(h * dpr)))
            self._image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
            self._image.setDevicePixelRatio(dpr)
            self._key = key
            self._all_dirty = True
        to_image = t * QTransform.fromTranslate(-x0, -y0)
        if self._all_dirty:
            self._redraw_all(to_image, painter.renderHints())
        elif self._dirty:
            self._redraw_dirty(to_image, painter.renderHints())
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPointF(x0, y0), self._image)
        painter.restore()

    def _redraw_all(self, to_image: QTransform, hints: QPainter.RenderHint) -> None:
        assert self._image is not None
        self._image.fill(Qt.GlobalColor.transparent)
        p = QPainter(self._image)
        p.setRenderHints(hints)
        p.setTransform(to_image)
        self.draw(p)
        p.end()
        self._all_dirty = False
        self._dirty.clear()
        self.full_redraws += 1

    def _redraw_dirty(self, to_image: QTransform, hints: QPainter.RenderHint) -> None:
        assert self._image is not None
        boxes, outer = self._segment_boxes()
        index = np.fromiter(self._dirty.keys(), int, len(self._dirty))
        reach = np.fromiter(self._dirty.values(), float, len(self._dirty))
        self._dirty.clear()
        # Boxes to clear: along each restyled curve, as far as its old or new pen reached.
        dirty = boxes[index].copy()  # (d, SEGMENTS, 4)
        dirty[:, :, :2] -= reach[:, None, None]
        dirty[:, :, 2:] += reach[:, None, None]
        # Links to redraw: those whose pen enters a cleared box. First by whole curves,
        # then, for the few candidates, box by box along the curves.
        pens = self._pen_reach
        d_outer = np.concatenate([dirty[:, :, :2].min(axis=1), dirty[:, :, 2:].max(axis=1)], 1)
        near = _overlap(outer, pens, d_outer).any(axis=1)
        cand = np.flatnonzero(near)
        flat = dirty.reshape(-1, 4)
        mine = boxes[cand].reshape(-1, 4)
        hit = _overlap(mine, np.repeat(pens[cand], self.SEGMENTS), flat).any(axis=1)
        redraw = cand[hit.reshape(len(cand), self.SEGMENTS).any(axis=1)]
        # The boxes in image pixels (paint() only caches under a scale and a shift), as
        # QRectF.toAlignedRect would give them, one pixel wider for antialiasing.
        sx, sy = to_image.m11(), to_image.m22()
        left = np.floor(flat[:, 0] * sx + to_image.dx()).astype(int) - 1
        top = np.floor(flat[:, 1] * sy + to_image.dy()).astype(int) - 1
        right = np.ceil(flat[:, 2] * sx + to_image.dx()).astype(int) + 1
        bottom = np.ceil(flat[:, 3] * sy + to_image.dy()).astype(int) + 1
        p = QPainter(self._image)
        cleared = []
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        for x0, y0, x1, y1 in zip(
            left.tolist(), top.tolist(), right.tolist(), bottom.tolist(), strict=True
        ):
            box = QRect(x0, y0, x1 - x0, y1 - y0)
            p.fillRect(box, Qt.GlobalColor.transparent)
            cleared.append(box)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        p.setClipRegion(_union_of(cleared))
        p.setRenderHints(hints)
        p.setTransform(to_image)
        self.draw(p, [self._links[k] for k in redraw.tolist()])
        p.end()
        self.partial_redraws += 1

    def _segment_boxes(self) -> tuple[np.ndarray, np.ndarray]:
        """(n, SEGMENTS, 4) boxes of the chords between points along each curve, and the
        (n, 4) box around each curve's boxes."""
        if self._boxes is None or self._outer is None:
            ends = np.array([link.ends for link in self._links], dtype=float).reshape(-1, 4)
            x1, y1, x2, y2 = (ends[:, j, None] for j in range(4))
            t = np.linspace(0.0, 1.0, self.SEGMENTS + 1)[None, :]
            # The cubic of LinkItem.set_endpoints (controls halfway across, level with
            # each end), written out per coordinate.
            xs = x1 + (x2 - x1) * (1.5 * t - 1.5 * t**2 + t**3)
            ys = y1 + (y2 - y1) * (3 * t**2 - 2 * t**3)
            lo_x = np.minimum(xs[:, :-1], xs[:, 1:])
            hi_x = np.maximum(xs[:, :-1], xs[:, 1:])
            lo_y = np.minimum(ys[:, :-1], ys[:, 1:])
            hi_y = np.maximum(ys[:, :-1], ys[:, 1:])
            self._boxes = np.stack([lo_x, lo_y, hi_x, hi_y], axis=-1)
            self._outer = np.stack(
                [lo_x.min(axis=1), lo_y.min(axis=1), hi_x.max(axis=1), hi_y.max(axis=1)], axis=-1
            )
        return self._boxes, self._outer

    def draw(self, painter: QPainter, links: list[LinkItem] | None = None) -> None:
        """Draw ``links`` (default: all) with ``painter``, the links on top last."""
        on_top = []
        for link in self._links if links is None else links:
            if link._hovered or link._raised:
                on_top.append(link)
                continue
            painter.setPen(link._pen)
            painter.drawPath(link._curve)
        for link in on_top:
            painter.setPen(link._pen)
            painter.drawPath(link._curve)


def _union_of(rects: list[QRect]) -> QRegion:
    """The region ``rects`` cover, united pairwise: adding one box at a time to a growing
    region copies that region each time, which took milliseconds a frame with a few
    dozen links restyled."""
    regions = [QRegion(rect) for rect in rects]
    while len(regions) > 1:
        paired = [a.united(b) for a, b in zip(regions[::2], regions[1::2], strict=False)]
        if len(regions) % 2:
            paired.append(regions[-1])
        regions = paired
    return regions[0] if regions else QRegion()


def _overlap(boxes: np.ndarray, grow: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(len(boxes), len(others)): box k grown by ``grow[k]`` meets box j of ``others``."""
    g = grow[:, None]
    return (
        (boxes[:, None, 0] - g <= others[None, :, 2])
        & (boxes[:, None, 2] + g >= others[None, :, 0])
        & (boxes[:, None, 1] - g <= others[None, :, 3])
        & (boxes[:, None, 3] + g >= others[None, :, 1])
    )
