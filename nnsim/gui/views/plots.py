"""Live plots: train/test loss and per-layer statistics over training steps.

Both plots follow DESIGN convention 7: their curves are created once and fed with
``setData`` from the snapshot's decimated history (bounded, so a million steps cost
the same as a thousand), with clip-to-view and peak downsampling; items are rebuilt
only when the topology changes (the number of weight layers, the history marks).

Rendering is the GUI thread's share of the GIL, which the training thread needs too,
so the plots keep each frame cheap: no grid (its lines sit over the curves and would
be repainted with them every frame), and "sticky" axis ranges that move only when the
data leaves them or shrinks well inside them, so the axes (text) repaint rarely
instead of on every frame as pyqtgraph's auto-range would. The plots are for
watching, not exploring: mouse pan/zoom is off, so a stray drag during a lecture
cannot lose the view.

Painting takes no GIL for what changes: the plot widget paints in C++
(:class:`NativePlotWidget`; pyqtgraph's own view paints inside a Python call, which held
the GIL through all of Qt's rasterisation) and the curves are C++ path items
(:class:`LiveCurve`); the Python left in a paint is that of the still items around them
(axes, legend), a few short calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneResizeEvent,
    QGraphicsView,
    QGraphicsWidget,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import layer_color
from nnsim.gui.i18n import tr

_BACKGROUND = "w"
_AXIS = QColor(60, 60, 60)
_MARK_PEN = pg.mkPen(QColor(150, 150, 150), width=1, style=Qt.PenStyle.DashLine)


class _Axis(pg.AxisItem):
    """An axis whose log mode labels only the 1-2-5 ticks of each decade.

    pyqtgraph labels every minor tick of a short log range ("0.1 0.09 0.08 0.07"),
    which piles the labels on top of each other.
    """

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        strings = super().logTickStrings(values, scale, spacing)
        out = []
        for v, text in zip(values, strings, strict=True):
            lead = 10.0 ** (float(v) - np.floor(float(v)))
            out.append(text if any(abs(lead - k) < 1e-6 * k for k in (1, 2, 5, 10)) else "")
        return out


class _BottomAxis(_Axis):
    """A horizontal axis whose bounds are its rect, answered by Qt without the GIL.

    Qt asks every item of a plot for its bounds whenever any part of the plot repaints,
    so a curve that moves asks the axes too. pyqtgraph's answer only widens the rect for
    ticks pointing inwards or for end labels allowed past the ends; a bottom axis hides
    such labels (``hideOverlappingLabels``) and our ticks point outwards.
    """

    boundingRect = QGraphicsWidget.boundingRect

    def __init__(self) -> None:
        super().__init__("bottom")
        self.setStyle(hideOverlappingLabels=True, tickLength=5)


class _Legend(pg.LegendItem):
    """A legend painted from Qt's pixmap cache, with Qt's own bounds (its rect)."""

    boundingRect = QGraphicsWidget.boundingRect

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(sampleType=_Sample, **kwargs)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class _Sample(pg.ItemSample):
    """A legend sample drawn from Qt's cache; its rect is pyqtgraph's fixed 20 x 20."""

    boundingRect = QGraphicsWidget.boundingRect

    def __init__(self, item: pg.GraphicsObject) -> None:
        super().__init__(item)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class NativeViewBox(pg.ViewBox):
    """A ViewBox that applies a new range, size or auto-range at once.

    pyqtgraph defers the ViewBox's matrix and auto-range updates to
    ``sigPrepareForPaint``, which its ``GraphicsView`` emits from a Python
    ``paintEvent``; :class:`NativePlotWidget` paints without that override, so the
    updates happen here, when they are queued (all rare while training: a range jump,
    a resize; the live views set their ranges themselves). Draws no border, and tells Qt
    so (``ItemHasNoContents``): Qt then calls none of its Python code while painting.
    """

    # It clips its children, so Qt asks for its shape and bounds on every repaint of a
    # curve: Qt's own answers (the widget's rect) need no GIL. pyqtgraph's differ only by
    # half a pixel of room for a border this view does not draw.
    boundingRect = QGraphicsWidget.boundingRect
    shape = QGraphicsWidget.shape

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        # The group that carries the data transform draws nothing either.
        self.childGroup.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)

    def _ready(self) -> bool:
        return getattr(self, "childGroup", None) is not None  # None while __init__ runs

    def queueUpdateAutoRange(self) -> None:
        super().queueUpdateAutoRange()
        if self._ready():
            self.updateAutoRange()  # a no-op while auto-range is off

    def updateViewRange(self, forceX: bool = False, forceY: bool = False) -> None:
        super().updateViewRange(forceX, forceY)
        if self._ready():
            self.updateMatrix()

    def resizeEvent(self, ev: QGraphicsSceneResizeEvent) -> None:
        super().resizeEvent(ev)
        self.updateMatrix()


class NativePlotWidget(pg.PlotWidget):
    """A ``PlotWidget`` that Qt paints in C++, without taking the GIL for the paint.

    pyqtgraph's ``GraphicsView.paintEvent`` is a Python override (it only emits
    ``sigPrepareForPaint``), so every paint of a pyqtgraph plot -- Qt's own
    rasterisation of the curves and the axis text included -- ran inside a Python call,
    holding the GIL the training thread needs. With Qt's own handler a paint holds the
    GIL only while it calls items implemented in Python: keep what changes every frame
    in C++ items (:class:`LiveCurve`, ``QGraphicsPixmapItem``) and the rest still.

    Uses a :class:`NativeViewBox`. Items that wait for ``sigPrepareForPaint`` besides
    the ViewBox (pyqtgraph's ``TextItem``) are not updated. Keyword arguments go to
    ``PlotItem``.
    """

    # Qt's handler, not pyqtgraph's Python one (Shiboken calls no Python for it).
    paintEvent = QGraphicsView.paintEvent

    def __init__(self, background: Any = "default", **kwargs: Any) -> None:
        super().__init__(background=background, viewBox=NativeViewBox(), **kwargs)
        # The PlotItem draws nothing itself either; spare Qt its Python boundingRect.
        self.getPlotItem().setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        # Repaint exactly what changed: Qt's default 2-pixel margin around each change
        # reaches the axes next to a curve, and repainting them runs Python.
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)


#: Pixel coordinates are clamped to this (a diverged run's 1e300 would stall the rasteriser).
_PX_LIMIT = 1e6


class LiveCurve(pg.PlotDataItem):
    """A ``PlotDataItem`` whose line is drawn by a C++ ``QGraphicsPathItem``.

    The data, the pen, log mode and the clip-to-view and auto-downsampling settings
    stay pyqtgraph's (``setData``, ``setPen``, ``xData``/``yData``, the legend sample,
    the exporters and the presentation mode use them as for any ``PlotDataItem``).
    Only the drawing moves: pyqtgraph's ``PlotCurveItem`` paints in Python, holding the
    GIL while Qt strokes every segment; it is kept hidden, and a path item that Qt
    paints without Python shows the line instead.

    The path is built here, in one pass of NumPy per change: log-mapped, clipped to
    the visible x range and peak-downsampled (the min and max of each bucket of points,
    about ``autoDownsampleFactor`` buckets per pixel, like pyqtgraph's "peak" mode), in
    the ViewBox's pixel coordinates under a transform back to data coordinates -- so the
    pen's width pads its bounding rect by pixels rather than data units, and a repaint
    stays inside the plot. :meth:`set_many` feeds several curves that share their x in
    one pass. Only the line is drawn: no symbols, fill or shadow pen; x must increase
    (as pyqtgraph's clip-to-view assumes too).
    """

    def __init__(self, pen: Any) -> None:
        self._line: QGraphicsPathItem | None = None  # PlotDataItem.__init__ calls updateItems
        self._building = False  # a path is being built: a nested rebuild is redundant
        self._shown: tuple[np.ndarray, np.ndarray] | None = None
        self._pen_source: object = None  # the opts["pen"] the line's pen was made from
        super().__init__(pen=pen)
        self.curve.setVisible(False)
        self.scatter.setVisible(False)
        self._line = QGraphicsPathItem(self)
        self.updateItems()

    @property
    def line(self) -> QGraphicsPathItem:
        """The C++ item that draws the curve."""
        assert self._line is not None
        return self._line

    @staticmethod
    def set_many(curves: Sequence[LiveCurve], x: np.ndarray, ys: np.ndarray) -> None:
        """``curves[i].setData(x, ys[:, i])``, with the paths built in one pass.

        For curves in one ViewBox with the same display options (the per-layer plot's):
        NumPy then runs once over all of them instead of once per curve, which in the
        GUI thread means less time holding the GIL, and fewer of the GIL hand-offs NumPy
        makes for large arrays.
        """
        ys = np.asarray(ys, dtype=np.float64)
        for curve in curves:
            curve._building = True
        try:
            for i, curve in enumerate(curves):
                curve.setData(x, ys[:, i])
        finally:
            for curve in curves:
                curve._building = False
        if curves:
            _draw_lines(curves, np.asarray(x, dtype=np.float64), ys.T)

    def updateItems(self, styleUpdate: bool = True) -> None:  # pyqtgraph's signature
        line = self._line
        if line is None:
            return
        if self.opts["pen"] is not self._pen_source:  # setPen replaces it
            self._pen_source = self.opts["pen"]
            pen = pg.mkPen(self._pen_source)
            # pyqtgraph draws a thick solid line as separate segments, each with square
            # caps, which fill out the corners of a dense, jagged curve; a polyline with
            # miter joins cut at the pen's width looks the same (and Qt strokes one path
            # faster than pyqtgraph can hand it thousands of segments).
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            pen.setMiterLimit(1.0)
            line.setPen(pen)
        self._rebuild()

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self._rebuild()  # new range or size: re-fit the pixel path and its downsampling

    def getData(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The points drawn (after log mapping, clipping and downsampling).

        Before the plot is laid out nothing is drawn yet: then the data as given.
        """
        if self._shown is None:
            return self.xData, self.yData
        return self._shown

    def _rebuild(self) -> None:
        if self._line is None or self._building:
            return
        x, y = self.xData, self.yData
        if x is None or y is None:
            self._clear()
            return
        _draw_lines([self], np.asarray(x, dtype=np.float64), np.asarray(y, np.float64)[None, :])

    def _clear(self) -> None:
        self._shown = None
        if self._line is not None:
            self._line.setPath(QPainterPath())


def _draw_lines(curves: Sequence[LiveCurve], x: np.ndarray, ys: np.ndarray) -> None:
    """Build the paths of ``curves`` (one ViewBox, one set of display options).

    ``x`` (n,) is shared; ``ys`` (k, n) has one row per curve. Curves that do not share
    the first one's ViewBox and options are built one by one.
    """
    first = curves[0]
    vb = first.getViewBox()
    keys = ("logMode", "clipToView", "autoDownsample", "autoDownsampleFactor")
    if any(
        c.getViewBox() is not vb or any(c.opts[k] != first.opts[k] for k in keys)
        for c in curves[1:]
    ):
        for curve, y in zip(curves, ys, strict=True):
            _draw_lines([curve], x, y[None, :])
        return
    m = None
    if vb is not None and len(x) >= 2:
        for curve in curves:  # childTransform may emit sigTransformChanged -> _rebuild
            curve._building = True
        try:
            m = vb.childTransform()
        finally:
            for curve in curves:
                curve._building = False
    inverse, ok = m.inverted() if m is not None else (None, False)
    if m is None or not ok or m.m12() != 0.0 or m.m21() != 0.0:
        # No data, or not laid out yet (viewTransformChanged comes back after layout).
        for curve in curves:
            curve._clear()
        return
    xs, shown = _display_data(x, ys, first.opts, m, vb.width())
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run's 1e308 losses
        px = xs * m.m11() + m.m31()
        py = np.clip(shown * m.m22() + m.m32(), -_PX_LIMIT, _PX_LIMIT)
    finite_x = bool(np.isfinite(px).all())
    finite_rows = np.isfinite(py).all(axis=1) & finite_x
    for i, curve in enumerate(curves):
        curve._shown = (xs, shown[i])
        curve.line.setTransform(inverse)
        curve.line.setPath(_polyline_path(px, py[i], bool(finite_rows[i])))


def _display_data(
    x: np.ndarray, ys: np.ndarray, opts: dict[str, Any], m: QTransform, width_px: float
) -> tuple[np.ndarray, np.ndarray]:
    """The data coordinates of the points to draw: x (n',) and ys (k, n').

    ``m`` maps data to the ViewBox's pixels, ``width_px`` is the ViewBox's width.
    """
    log_x, log_y = opts["logMode"]
    with np.errstate(divide="ignore", invalid="ignore"):
        if log_x:
            x = np.log10(np.where(x > 0, x, np.nan))
        if log_y:
            ys = np.log10(np.where(ys > 0, ys, np.nan))
    n = len(x)
    if opts["clipToView"] and n > 2 and m.m11() != 0.0:
        # Keep one point beyond each edge so the line runs to the border.
        lo = (0.0 - m.m31()) / m.m11()
        hi = (width_px - m.m31()) / m.m11()
        lo, hi = min(lo, hi), max(lo, hi)
        i0 = max(int(np.searchsorted(x, lo)) - 1, 0)
        i1 = min(int(np.searchsorted(x, hi, side="right")) + 1, n)
        x, ys = x[i0:i1], ys[:, i0:i1]
        n = len(x)
    if opts["autoDownsample"] and n > 2 and width_px > 0:
        span_px = abs(float(x[-1] - x[0]) * m.m11())
        per_px = (n - 1) / span_px if span_px > 0 else 1.0
        ds = int(per_px / float(opts["autoDownsampleFactor"]))
        if ds > 1:
            x, ys = _peak(x, ys, ds)
    return x, ys


def _polyline_path(x: np.ndarray, y: np.ndarray, finite: bool | None = None) -> QPainterPath:
    """The polyline through (x, y), broken where a point is not finite.

    One subpath per run of two or more finite points (a lone point has no segment to
    draw, as with pyqtgraph's line segments). ``finite``: whether all points are, if
    known.
    """
    if finite is None:
        finite = bool(np.isfinite(x).all() and np.isfinite(y).all())
    if finite:
        return pg.arrayToQPath(x, y, connect="all", finiteCheck=False)
    ok = np.isfinite(x) & np.isfinite(y)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.view(np.int8), [0]))))
    path = QPainterPath()
    for a, b in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True):
        if b - a >= 2:
            path.addPath(pg.arrayToQPath(x[a:b], y[a:b], connect="all", finiteCheck=False))
    return path


def _peak(x: np.ndarray, ys: np.ndarray, ds: int) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of each row of ``ys`` (k, n) per bucket of ``ds`` points.

    pyqtgraph's "peak" downsampling: both at the bucket's first x, except that the
    last, partial bucket is kept (the newest records are drawn too). NaN-only buckets
    stay NaN (a gap).
    """
    k, n = ys.shape
    full = n // ds
    starts = np.arange(0, n, ds)
    lo = np.empty((k, len(starts)))
    hi = np.empty((k, len(starts)))
    with np.errstate(invalid="ignore"):
        if ds <= 32:
            # Buckets side by side, folded in one offset at a time: a few whole-array
            # operations (reduceat is several times slower per element).
            v = ys[:, : full * ds].reshape(k, full, ds)
            lo_f, hi_f = lo[:, :full], hi[:, :full]
            lo_f[...] = v[:, :, 0]
            hi_f[...] = v[:, :, 0]
            for j in range(1, ds):
                np.fmin(lo_f, v[:, :, j], out=lo_f)
                np.fmax(hi_f, v[:, :, j], out=hi_f)
            if full < len(starts):
                tail = ys[:, full * ds :]
                lo[:, full] = np.fmin.reduce(tail, axis=1)
                hi[:, full] = np.fmax.reduce(tail, axis=1)
        else:
            lo[...] = np.fmin.reduceat(ys, starts, axis=1)
            hi[...] = np.fmax.reduceat(ys, starts, axis=1)
    xs = np.repeat(x[starts], 2)
    out = np.empty((k, 2 * len(starts)))
    out[:, 0::2] = lo
    out[:, 1::2] = hi
    return xs, out


def _make_plot(left: str | None) -> pg.PlotWidget:
    """A white, compact plot with dark axes (projectors wash out dark themes)."""
    plot = NativePlotWidget(
        background=_BACKGROUND,
        axisItems={"left": _Axis("left"), "bottom": _BottomAxis()},
    )
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        # Curves reach the edge of the axes' rects, so the axes repaint with them: from
        # Qt's cache, not by pyqtgraph's Python paint (which runs when the ticks change).
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        axis.setPen(_AXIS)
        axis.setTextPen(_AXIS)
        axis.enableAutoSIPrefix(False)  # "loss (x0.001)" confuses more than it saves
        # Outward ticks: inward ones overlap the curves, and the (Python-painted) axis
        # would be repainted with them.
        axis.setStyle(tickLength=5)
    item.setLabel("bottom", tr("step"), color=_AXIS.name())
    if left:
        item.setLabel("left", tr(left), color=_AXIS.name())
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")
    item.setMouseEnabled(x=False, y=False)
    item.setMenuEnabled(False)
    item.hideButtons()
    item.disableAutoRange()
    plot.setMinimumSize(160, 100)
    return plot


def _add_curve(item: pg.PlotItem, pen: QPen) -> LiveCurve:
    curve = LiveCurve(pen)
    item.addItem(curve)
    # About two drawn points per pixel column (peak mode keeps min and max of each):
    # thick lines cost per segment, and more segments than pixels show nothing more.
    curve.opts["autoDownsampleFactor"] = 1.0
    return curve


_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def _nice_ceil(x: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) >= x > 0."""
    p = 10.0 ** np.floor(np.log10(x))
    for k in _NICE:
        if k * p >= x * (1 - 1e-12):
            return k * p
    return 10.0 * p


class StickyRange:
    """Axis ranges that follow the data in jumps, so the axes rarely need repainting.

    x runs from the first step to a round number 25-50 % ahead of the last one, and
    jumps to the next when the data reaches it (ever rarer, as the jumps grow with
    the run). y fits the data with a margin and
    refits only when the data leaves it or fills less than :attr:`SHRINK` of it (a loss
    that falls for a while gets a closer look). On a log axis y works in decades.
    """

    SHRINK = 0.4
    PAD = 0.08

    def __init__(self, item: pg.PlotItem) -> None:
        self._item = item
        self.x: tuple[float, float] | None = None
        self.y: tuple[float, float] | None = None

    def reset(self) -> None:
        self.x = self.y = None

    def fit(self, x: np.ndarray, ys: np.ndarray, log_y: bool) -> None:
        """Adjust the view to steps ``x`` (m,) and values ``ys`` (m,) or (m, k)."""
        if x.size == 0:
            return
        x0, x1 = float(x[0]), float(x[-1])
        if (
            self.x is None
            or x0 < self.x[0]
            or x1 > self.x[1]
            or x1 - x0 < 0.25 * (self.x[1] - self.x[0])
        ):
            self.x = (x0, x0 + _nice_ceil(max(10.0, 1.25 * (x1 - x0))))
            self._item.setXRange(*self.x, padding=0)
        v = np.asarray(ys, dtype=np.float64)
        # Extremes of the finite (log: positive) values, without copying them out; the
        # log of the extremes is the extreme of the logs.
        usable = np.isfinite(v)
        if log_y:
            usable &= v > 0
        if not usable.any():
            return
        lo = float(np.min(v, where=usable, initial=np.inf))
        hi = float(np.max(v, where=usable, initial=-np.inf))
        if log_y:
            lo, hi = float(np.log10(lo)), float(np.log10(hi))
        if self.y is not None:
            ylo, yhi = self.y
            inside = ylo <= lo and hi <= yhi
            if inside and (hi - lo) >= self.SHRINK * (yhi - ylo):
                return
        span = hi - lo
        pad = self.PAD * (span if span > 0 else max(abs(hi), 1.0 if not log_y else 0.5))
        self.y = (lo - pad, hi + pad)
        self._item.setYRange(*self.y, padding=0)


class _Marks:
    """Vertical lines at the history marks (edits of data or architecture)."""

    def __init__(self, item: pg.PlotItem) -> None:
        self._item = item
        self._lines: list[pg.InfiniteLine] = []
        self._steps: tuple[int, ...] = ()

    def update(self, marks: np.ndarray) -> None:
        steps = tuple(int(s) for s in marks)
        if steps == self._steps:
            return
        self._steps = steps
        # Reuse lines; add or remove only the difference.
        while len(self._lines) > len(steps):
            self._item.removeItem(self._lines.pop())
        while len(self._lines) < len(steps):
            line = pg.InfiniteLine(angle=90, movable=False, pen=_MARK_PEN)
            self._item.addItem(line, ignoreBounds=True)
            self._lines.append(line)
        for line, s in zip(self._lines, steps, strict=True):
            line.setValue(s)

    @property
    def steps(self) -> tuple[int, ...]:
        return self._steps


class LossPlot(QWidget):
    """Training and test loss against the training step.

    Attributes
    ----------
    train_curve, test_curve : pyqtgraph.PlotDataItem
        The two curves (created once).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _make_plot("loss")
        item = self.plot.getPlotItem()
        legend = _Legend(
            offset=(-8, 8), labelTextColor=_AXIS, brush=pg.mkBrush(255, 255, 255, 200)
        )
        legend.setParentItem(item.getViewBox())
        item.legend = legend  # where PlotItem.addLegend keeps its own
        # TF Playground's convention: test loss black, training loss grey.
        self.test_curve = _add_curve(item, pg.mkPen(QColor(30, 30, 30), width=2))
        self.train_curve = _add_curve(item, pg.mkPen(QColor(150, 150, 150), width=2))
        self.test_curve.setZValue(1)  # the one that matters stays on top
        legend.addItem(self.test_curve, tr("test loss"))
        legend.addItem(self.train_curve, tr("training loss"))
        for _sample, label in legend.items:
            # A LabelItem draws nothing itself (its text is a C++ child item): tell Qt, so
            # the legend's repaint over the changing curves calls less Python.
            label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._legend = legend
        self.range = StickyRange(item)
        self._marks = _Marks(item)
        self._key: tuple[int, int, int] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            item = self.plot.getPlotItem()
            item.setLabel("bottom", tr("step"), color=_AXIS.name())
            item.setLabel("left", tr("loss"), color=_AXIS.name())
            for (_sample, label), source in zip(
                self._legend.items, ("test loss", "training loss"), strict=True
            ):
                label.setText(tr(source))
        super().changeEvent(event)

    @property
    def mark_steps(self) -> tuple[int, ...]:
        """Steps at which a vertical mark is drawn."""
        return self._marks.steps

    def set_snapshot(self, snap: Snapshot) -> None:
        """Show the loss history of ``snap`` (a no-op if the history did not change)."""
        h = snap.history
        n = len(h)
        key = (snap.run_id, n, int(h.step[-1]) if n else -1)
        if key == self._key:
            return
        if self._key is None or key[0] != self._key[0]:
            self.range.reset()
        self._key = key
        losses = np.column_stack([h.train_loss, h.test_loss])
        LiveCurve.set_many([self.train_curve, self.test_curve], h.step, losses)
        self.range.fit(h.step, losses, log_y=False)
        self._marks.update(h.marks)


@dataclass(frozen=True)
class LayerStat:
    """One per-layer statistic of :class:`~nnsim.core.snapshot.HistoryArrays`."""

    field: str  # HistoryArrays attribute, shape (m, L)
    label: str
    scale: float  # multiply for display (fractions -> %)
    log: bool  # log y axis
    empty_note: str  # shown when no layer has the statistic (all NaN)


#: The statistics the gradient plot can show, in combo order.
LAYER_STATS: tuple[LayerStat, ...] = (
    LayerStat("grad_norm", "Gradient norm ‖dW‖₂", 1.0, True, ""),
    LayerStat("mean_abs_act", "Mean |activation|", 1.0, True, ""),
    LayerStat("dead_frac", "Dead ReLU units (%)", 100.0, False, "no ReLU-family layers"),
    LayerStat("sat_frac", "Saturated activations (%)", 100.0, False, "no sigmoid/tanh layers"),
)


def smooth_history(values: np.ndarray, window: int, log: bool) -> np.ndarray:
    """Trailing moving average of each column, for a readable trend of noisy batch stats.

    Parameters
    ----------
    values : (m, L) array
        One column per layer; NaN where a layer has no value (it did not exist yet,
        or the statistic does not apply), and those stay NaN.
    window : int
        Records averaged (>= 1; 1 returns a copy).
    log : bool
        Average the logarithms (a geometric mean), which is what a log axis shows;
        values <= 0 are then treated as missing.

    Returns
    -------
    (m, L) array
    """
    v = np.array(values, dtype=np.float64)
    if window <= 1 or v.shape[0] == 0:
        return v
    # In place on the copy and with slices rather than index arrays: this runs on every
    # plot refresh (thousands of records x layers) in the GUI thread.
    with np.errstate(divide="ignore", invalid="ignore"):
        if log:
            v[~(v > 0)] = np.nan
            np.log10(v, out=v)
        ok = np.isfinite(v)
        v[~ok] = 0.0
        # Trailing sums over `window` records: cumulative sums minus the ones `window` back.
        total = np.cumsum(v, axis=0)
        total[window:] -= total[:-window].copy()
        count = np.cumsum(ok, axis=0, dtype=np.float64)
        count[window:] -= count[:-window].copy()
        mean = total
        np.divide(total, count, out=mean)  # count >= 1 wherever ok
        mean[~ok] = np.nan
        if log:
            np.power(10.0, mean, out=mean)
    return mean


#: Records per smoothing window: about this many windows across the plot.
SMOOTH_WINDOWS = 30


class GradientPlot(QWidget):
    """One curve per weight layer of a per-layer statistic (gradient norm by default).

    Curve i has the colour of layer i in the network panel
    (:func:`nnsim.gui.colors.layer_color`). Curves are rebuilt only when the number of
    weight layers changes.

    Attributes
    ----------
    curves : list[pyqtgraph.PlotDataItem]
        One per weight layer, in layer order.
    curve_names : list[str]
        Their legend names: "layer 1", ..., "output".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        for stat in LAYER_STATS:
            self.combo.addItem(tr(stat.label), stat.field)
        self.combo.setToolTip("Which per-layer statistic to plot")
        self.smooth_box = QCheckBox("smooth")
        self.smooth_box.setChecked(True)
        self.smooth_box.setToolTip(
            "Average over a sliding window: batch statistics are noisy, the trend is the lesson"
        )
        self.note = QLabel()
        self.note.setStyleSheet("color: #777;")
        self.plot = _make_plot(None)  # the combo box names the quantity
        self._item = self.plot.getPlotItem()
        # The legend sits in the header, not over the curves it would hide.
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.curves: list[pg.PlotDataItem] = []
        self.curve_names: list[str] = []
        self.range = StickyRange(self._item)
        self._marks = _Marks(self._item)
        self._snap: Snapshot | None = None
        self._key: tuple[int, int, int, int] | None = None

        header = QHBoxLayout()
        header.setContentsMargins(4, 2, 4, 0)
        header.addWidget(self.combo)
        header.addWidget(self.smooth_box)
        header.addWidget(self.note)
        header.addStretch(1)
        header.addWidget(self.legend, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.plot, 1)
        self.combo.currentIndexChanged.connect(self._on_stat_changed)
        self.smooth_box.toggled.connect(self._on_smooth_toggled)
        self._apply_stat_axes()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._item.setLabel("bottom", tr("step"), color=_AXIS.name())
            self._set_legend_text()
            for i, stat in enumerate(LAYER_STATS):
                self.combo.setItemText(i, tr(stat.label))
        super().changeEvent(event)

    @property
    def stat(self) -> LayerStat:
        """The statistic currently shown."""
        return LAYER_STATS[max(0, self.combo.currentIndex())]

    def set_stat(self, field: str) -> None:
        """Show the statistic named ``field`` (a :data:`LAYER_STATS` field)."""
        index = self.combo.findData(field)
        if index < 0:
            raise KeyError(f"unknown statistic {field!r}; known: {[s.field for s in LAYER_STATS]}")
        self.combo.setCurrentIndex(index)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Show the per-layer history of ``snap``."""
        self._snap = snap
        h = snap.history
        n = len(h)
        key = (snap.run_id, n, int(h.step[-1]) if n else -1, snap.n_weight_layers)
        if key == self._key:
            return
        if self._key is None or key[0] != self._key[0]:
            self.range.reset()
        self._key = key
        self._ensure_curves(snap.n_weight_layers)
        self._feed()

    # ------------------------------------------------------------------ internals
    def _ensure_curves(self, n_layers: int) -> None:
        if len(self.curves) == n_layers:
            return
        for curve in self.curves:
            self._item.removeItem(curve)
        self.curves = []
        self.curve_names = []
        for i in range(n_layers):
            name = "output" if i == n_layers - 1 else f"layer {i + 1}"
            color = layer_color(i)
            self.curves.append(_add_curve(self._item, pg.mkPen(color, width=2)))
            self.curve_names.append(name)
        self._set_legend_text()

    def _set_legend_text(self) -> None:
        entries = []
        for i in range(len(self.curves)):
            last = i == len(self.curves) - 1
            shown = tr("output") if last else tr("layer {n}").format(n=i + 1)
            color = layer_color(i)
            entries.append(
                f'<span style="color:{color.name()}; font-weight:bold;">━</span>&nbsp;{shown}'
            )
        self.legend.setText("&nbsp;&nbsp; ".join(entries))

    def _feed(self) -> None:
        snap = self._snap
        if snap is None:
            return
        h = snap.history
        stat = self.stat
        data = np.asarray(getattr(h, stat.field), dtype=np.float64)
        if data.ndim != 2 or data.shape[1] != len(self.curves):
            data = np.full((len(h), len(self.curves)), np.nan)
        values = data * stat.scale
        if self.smooth_box.isChecked():
            values = smooth_history(values, len(h) // SMOOTH_WINDOWS, stat.log)
        LiveCurve.set_many(self.curves, h.step, values)
        self.range.fit(h.step, values, log_y=stat.log)
        has_any = len(h) == 0 or bool(np.isfinite(values).any())
        self.note.setText("" if has_any else stat.empty_note)
        self._marks.update(h.marks)

    def _apply_stat_axes(self) -> None:
        self._item.setLogMode(x=False, y=self.stat.log)
        self.range.reset()

    def _on_stat_changed(self, _index: int) -> None:
        self._apply_stat_axes()
        self._feed()

    def _on_smooth_toggled(self, _on: bool) -> None:
        self.range.reset()  # raw data spreads wider than its trend
        self._feed()
