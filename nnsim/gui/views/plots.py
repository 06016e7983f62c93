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

Each plot re-translates its labels and legend on Qt's ``LanguageChange``
(``retranslate_ui``) and styles its own items with a :class:`~nnsim.gui.theme.Theme`
(``apply_theme``: background, axes, fonts, curve widths, legend), through pyqtgraph's
public API; curves created later (a layer added) take the theme too.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneResizeEvent,
    QGraphicsView,
    QGraphicsWidget,
    QLabel,
    QLayout,
    QLayoutItem,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import layer_color
from nnsim.gui.i18n import Retranslating
from nnsim.gui.theme import Theme


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
    about :attr:`downsample_factor` buckets per pixel, like pyqtgraph's "peak" mode), in
    the ViewBox's pixel coordinates under a transform back to data coordinates -- so the
    pen's width pads its bounding rect by pixels rather than data units, and a repaint
    stays inside the plot. :meth:`set_many` feeds several curves that share their x in
    one pass. Only the line is drawn: no symbols, fill or shadow pen; x must increase
    (as pyqtgraph's clip-to-view assumes too).

    Parameters
    ----------
    pen : pen arguments
        As for ``pyqtgraph.mkPen``.
    downsample_factor : float, optional
        Drawn points per pixel column under auto-downsampling (pyqtgraph's
        ``autoDownsampleFactor``, 5, by default).

    Attributes
    ----------
    downsample_factor : float
        See above; change it before the next ``setData``.
    """

    def __init__(self, pen: Any, downsample_factor: float | None = None) -> None:
        self._line: QGraphicsPathItem | None = None  # PlotDataItem.__init__ calls updateItems
        self._building = False  # a path is being built: a nested rebuild is redundant
        self._shown: tuple[np.ndarray, np.ndarray] | None = None
        self._pen_source: object = None  # the opts["pen"] the line's pen was made from
        self.downsample_factor = 5.0  # pyqtgraph's default autoDownsampleFactor
        super().__init__(pen=pen)
        if downsample_factor is not None:
            self.downsample_factor = float(downsample_factor)
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
    keys = ("logMode", "clipToView", "autoDownsample")
    if any(
        c.getViewBox() is not vb
        or c.downsample_factor != first.downsample_factor
        or any(c.opts[k] != first.opts[k] for k in keys)
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
    xs, shown = _display_data(x, ys, first.opts, m, vb.width(), first.downsample_factor)
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
    x: np.ndarray,
    ys: np.ndarray,
    opts: dict[str, Any],
    m: QTransform,
    width_px: float,
    factor: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The data coordinates of the points to draw: x (n',) and ys (k, n').

    ``m`` maps data to the ViewBox's pixels, ``width_px`` is the ViewBox's width,
    ``factor`` the drawn points per pixel column under auto-downsampling.
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
        ds = int(per_px / float(factor))
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


def _make_plot() -> NativePlotWidget:
    """A compact plot with outward ticks and no mouse interaction, in the default theme.

    Its owner styles it (:func:`_style_axes`, axis labels) in ``apply_theme``.
    """
    plot = NativePlotWidget(
        background=Theme().background,
        axisItems={"left": _Axis("left"), "bottom": _BottomAxis()},
    )
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        # Curves reach the edge of the axes' rects, so the axes repaint with them: from
        # Qt's cache, not by pyqtgraph's Python paint (which runs when the ticks change).
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        axis.enableAutoSIPrefix(False)  # "loss (x0.001)" confuses more than it saves
        # Outward ticks: inward ones overlap the curves, and the (Python-painted) axis
        # would be repainted with them.
        axis.setStyle(tickLength=5)
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")
    item.setMouseEnabled(x=False, y=False)
    item.setMenuEnabled(False)
    item.hideButtons()
    item.disableAutoRange()
    plot.setMinimumSize(160, 100)
    _style_axes(plot, Theme())
    return plot


def _add_curve(item: pg.PlotItem, color: QColor, theme: Theme) -> LiveCurve:
    # About two drawn points per pixel column (peak mode keeps min and max of each):
    # thick lines cost per segment, and more segments than pixels show nothing more.
    curve = LiveCurve(_curve_pen(color, theme), downsample_factor=1.0)
    item.addItem(curve)
    return curve


# ---------------------------------------------------------------------------- theme

#: Curve width at Theme().line == 1, in pixels.
_CURVE_WIDTH = 2.0
#: The history marks' colour in the normal theme.
_MARK_COLOR = "#969696"
#: The per-layer plot's note in the normal theme.
_NOTE_COLOR = "#777777"


def curve_color(color: QColor | str, theme: Theme) -> QColor:
    """``color`` as a curve on ``theme``'s ground.

    On a dark ground a dark curve would vanish: greys are inverted (the black test
    loss turns near-white) and dark hues lightened, keeping their hue (a layer's
    curve keeps the colour of the layer in the network drawing). Otherwise unchanged.
    """
    c = QColor(color)
    if not theme.dark or c.lightnessF() >= 0.45:
        return c
    if c.hsvSaturationF() < 0.15:
        return QColor(255 - c.red(), 255 - c.green(), 255 - c.blue())
    return c.lighter(170)


def _curve_pen(color: QColor, theme: Theme) -> QPen:
    return pg.mkPen(curve_color(color, theme), width=_CURVE_WIDTH * theme.line)


def _mark_pen(theme: Theme) -> QPen:
    color = _MARK_COLOR if theme.key == "normal" else theme.secondary if theme.dark else theme.grid
    return pg.mkPen(color, width=theme.line, style=Qt.PenStyle.DashLine)


def _tick_font(theme: Theme) -> QFont | None:
    """The axes' tick font: the widget's own at scale 1 (the normal look), else scaled."""
    return None if theme.scale == 1.0 else theme.font()


def _label_style(theme: Theme) -> dict[str, str]:
    """CSS of an axis label (``PlotItem.setLabel``'s keyword arguments)."""
    style = {"color": QColor(theme.foreground).name()}
    if theme.scale != 1.0:
        style["font-size"] = f"{theme.pt():g}pt"
    return style


def _style_axes(plot: pg.PlotWidget, theme: Theme) -> None:
    """Background, axis lines, tick texts and tick fonts of ``plot`` (not the labels)."""
    plot.setBackground(theme.background)
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.foreground, width=theme.line))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setTickFont(_tick_font(theme))


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
        self._pen = _mark_pen(Theme())

    def set_pen(self, pen: QPen) -> None:
        """Draw the marks, present and future, with ``pen``."""
        self._pen = pen
        for line in self._lines:
            line.setPen(pen)

    def update(self, marks: np.ndarray) -> None:
        steps = tuple(int(s) for s in marks)
        if steps == self._steps:
            return
        self._steps = steps
        # Reuse lines; add or remove only the difference.
        while len(self._lines) > len(steps):
            self._item.removeItem(self._lines.pop())
        while len(self._lines) < len(steps):
            line = pg.InfiniteLine(angle=90, movable=False, pen=self._pen)
            self._item.addItem(line, ignoreBounds=True)
            self._lines.append(line)
        for line, s in zip(self._lines, steps, strict=True):
            line.setValue(s)

    @property
    def steps(self) -> tuple[int, ...]:
        return self._steps

    @property
    def lines(self) -> list[pg.InfiniteLine]:
        """The lines drawn now."""
        return list(self._lines)


#: TF Playground's convention: test loss black, training loss grey.
_TEST_COLOR = QColor(30, 30, 30)
_TRAIN_COLOR = QColor(150, 150, 150)
#: Opacity of the loss legend's box over the curves.
_LEGEND_ALPHA = 200


class LossPlot(Retranslating, QWidget):
    """Training and test loss against the training step.

    Attributes
    ----------
    train_curve, test_curve : pyqtgraph.PlotDataItem
        The two curves (created once).
    legend : pyqtgraph.LegendItem
        Their legend, in the view's top right corner.
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.plot = _make_plot()
        item = self.plot.getPlotItem()
        legend = _Legend(offset=(-8, 8))
        legend.setParentItem(item.getViewBox())
        item.legend = legend  # where PlotItem.addLegend keeps its own
        self.test_curve = _add_curve(item, _TEST_COLOR, self.theme)
        self.train_curve = _add_curve(item, _TRAIN_COLOR, self.theme)
        self.test_curve.setZValue(1)  # the one that matters stays on top
        # The texts come from retranslate_ui.
        legend.addItem(self.test_curve, "test loss")
        legend.addItem(self.train_curve, "training loss")
        for _sample, label in legend.items:
            # A LabelItem draws nothing itself (its text is a C++ child item): tell Qt, so
            # the legend's repaint over the changing curves calls less Python.
            label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.legend = legend
        self.range = StickyRange(item)
        self._marks = _Marks(item)
        self._key: tuple[int, int, int] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Axis labels and legend entries in the UI language."""
        item = self.plot.getPlotItem()
        style = _label_style(self.theme)
        item.setLabel("bottom", self.tr("step"), **style)
        item.setLabel("left", self.tr("loss"), **style)
        for curve, text in (
            (self.test_curve, self.tr("test loss")),
            (self.train_curve, self.tr("training loss")),
        ):
            label = self.legend.getLabel(curve)
            if label is not None:
                label.setText(text)
        self.legend.updateSize()

    def apply_theme(self, theme: Theme) -> None:
        """Style the plot's own items with ``theme`` (idempotent)."""
        self.theme = theme
        _style_axes(self.plot, theme)
        self.test_curve.setPen(_curve_pen(_TEST_COLOR, theme))
        self.train_curve.setPen(_curve_pen(_TRAIN_COLOR, theme))
        legend = self.legend
        box = QColor(theme.background)
        box.setAlpha(_LEGEND_ALPHA)
        legend.setBrush(box)
        legend.setLabelTextColor(QColor(theme.foreground))
        legend.setLabelTextSize(f"{theme.pt():g}pt")
        for sample, label in legend.items:
            label.setText(label.text)  # re-render in the new colour and size
            sample.update()  # its line follows the curve's pen
        self._marks.set_pen(_mark_pen(theme))
        self.retranslate_ui()  # the axis labels carry the theme's colour and size

    def legend_texts(self) -> list[str]:
        """The legend's entries as shown."""
        return [label.text for _sample, label in self.legend.items]

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
    """One per-layer statistic of :class:`~nnsim.core.snapshot.HistoryArrays`.

    ``label`` and ``empty_note`` are English, marked for translation in the context
    "GradientPlot" (shown with ``QCoreApplication.translate("GradientPlot", text)``).
    """

    field: str  # HistoryArrays attribute, shape (m, L)
    label: str
    scale: float  # multiply for display (fractions -> %)
    log: bool  # log y axis
    empty_note: str  # shown when no layer has the statistic (all NaN)


#: The statistics the gradient plot can show, in combo order.
LAYER_STATS: tuple[LayerStat, ...] = (
    LayerStat("grad_norm", QT_TRANSLATE_NOOP("GradientPlot", "Gradient norm ‖dW‖₂"), 1.0, True, ""),
    LayerStat(
        "mean_abs_act", QT_TRANSLATE_NOOP("GradientPlot", "Mean |activation|"), 1.0, True, ""
    ),
    LayerStat(
        "dead_frac",
        QT_TRANSLATE_NOOP("GradientPlot", "Dead ReLU units (%)"),
        100.0,
        False,
        QT_TRANSLATE_NOOP("GradientPlot", "no ReLU-family layers"),
    ),
    LayerStat(
        "sat_frac",
        QT_TRANSLATE_NOOP("GradientPlot", "Saturated activations (%)"),
        100.0,
        False,
        QT_TRANSLATE_NOOP("GradientPlot", "no sigmoid/tanh layers"),
    ),
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


class _FlowLayout(QLayout):
    """Items left to right, a new row only between two items (never inside one).

    The per-layer plot's header: the statistic's combo box, the smooth box, a note and
    one legend entry per layer. When the plot is narrow (or the text large) the entries
    go on to the next row whole, so no label is ever broken ("layer / 1"). Items of a
    row are centred vertically; hidden items take no room.
    """

    def __init__(self, spacing: int = 8, row_spacing: int = 2) -> None:
        super().__init__()
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._row_gap = row_spacing

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """One row of everything."""
        shown = [it.sizeHint() for it in self._items if not it.isEmpty()]
        m = self.contentsMargins()
        w = sum(s.width() for s in shown) + self._gap * max(0, len(shown) - 1)
        h = max((s.height() for s in shown), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest item (a row of its own)."""
        size = QSize()
        for it in self._items:
            if not it.isEmpty():
                size = size.expandedTo(it.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def rows(self) -> list[list[QLayoutItem]]:
        """The items row by row as laid out for the current width."""
        return self._rows(self.contentsRect().width())

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = []
        used = 0
        for it in self._items:
            if it.isEmpty():
                continue
            w = it.sizeHint().width()
            if rows and used + self._gap + w <= width:
                rows[-1].append(it)
                used += self._gap + w
            else:
                rows.append([it])
                used = w
        return rows

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = inner.y()
        rows = self._rows(inner.width())
        for row in rows:
            height = max(it.sizeHint().height() for it in row)
            x = inner.x()
            for it in row:
                hint = it.sizeHint()
                w = min(hint.width(), max(inner.width(), it.minimumSize().width()))
                if apply:
                    it.setGeometry(QRect(x, y + (height - hint.height()) // 2, w, hint.height()))
                x += w + self._gap
            y += height + self._row_gap
        if rows:
            y -= self._row_gap
        return y - rect.y() + m.bottom()


class GradientPlot(Retranslating, QWidget):
    """One curve per weight layer of a per-layer statistic (gradient norm by default).

    Curve i has the colour of layer i in the network panel
    (:func:`nnsim.gui.colors.layer_color`). Curves are rebuilt only when the number of
    weight layers changes.

    The legend sits in the header, not over the curves it would hide: one entry per
    layer, each whole on one line; entries that do not fit beside the combo box move to
    the next row.

    Attributes
    ----------
    curves : list[pyqtgraph.PlotDataItem]
        One per weight layer, in layer order.
    curve_names : list[str]
        Their English names (CSV export columns): "layer 1", ..., "output".
    legend_labels : list[QLabel]
        The legend entries, one per curve (shown in the UI language).
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.combo = QComboBox()
        for stat in LAYER_STATS:
            self.combo.addItem(stat.label, stat.field)  # translated in retranslate_ui
        self.smooth_box = QCheckBox()
        self.smooth_box.setChecked(True)
        self.note = QLabel()
        self.note.hide()
        self.plot = _make_plot()  # the combo box names the quantity
        # The header may take two rows (large text, a narrow dock): the plot gives way.
        self.plot.setMinimumHeight(60)
        self._item = self.plot.getPlotItem()
        self.curves: list[pg.PlotDataItem] = []
        self.curve_names: list[str] = []
        self.legend_labels: list[QLabel] = []
        self._legend_shown: list[str] = []
        self.range = StickyRange(self._item)
        self._marks = _Marks(self._item)
        self._snap: Snapshot | None = None
        self._key: tuple[int, int, int, int] | None = None
        self._empty = False  # the statistic applies to no layer: the note says so

        self.header = header = _FlowLayout()
        header.setContentsMargins(4, 2, 4, 0)
        header.addWidget(self.combo)
        header.addWidget(self.smooth_box)
        header.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.plot, 1)
        self.combo.currentIndexChanged.connect(self._on_stat_changed)
        self.smooth_box.toggled.connect(self._on_smooth_toggled)
        self._apply_stat_axes()
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Header, axis label and legend in the UI language."""
        with QSignalBlocker(self.combo):
            for i, stat in enumerate(LAYER_STATS):
                self.combo.setItemText(i, QCoreApplication.translate("GradientPlot", stat.label))
        self.combo.setToolTip(self.tr("Which per-layer statistic to plot"))
        self.smooth_box.setText(self.tr("smooth"))
        self.smooth_box.setToolTip(
            self.tr(
                "Average over a sliding window: batch statistics are noisy, the trend is the lesson"
            )
        )
        self._item.setLabel("bottom", self.tr("step"), **_label_style(self.theme))
        self._set_legend_text()
        self._show_note()

    def apply_theme(self, theme: Theme) -> None:
        """Style the plot's own items with ``theme`` (idempotent; later curves too)."""
        self.theme = theme
        _style_axes(self.plot, theme)
        for i, curve in enumerate(self.curves):
            curve.setPen(_curve_pen(layer_color(i), theme))
        self._marks.set_pen(_mark_pen(theme))
        note = _NOTE_COLOR if theme.key == "normal" else QColor(theme.secondary).name()
        self.note.setStyleSheet(f"color: {note};")
        self.retranslate_ui()  # the axis label and the legend's swatches follow the theme

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

    def legend_texts(self) -> list[str]:
        """The legend's entries as shown (one per curve)."""
        return list(self._legend_shown)

    # ------------------------------------------------------------------ internals
    def _ensure_curves(self, n_layers: int) -> None:
        if len(self.curves) == n_layers:
            return
        for curve in self.curves:
            self._item.removeItem(curve)
        for label in self.legend_labels:
            self.header.removeWidget(label)
            label.deleteLater()
        self.curves = []
        self.curve_names = []
        self.legend_labels = []
        for i in range(n_layers):
            self.curves.append(_add_curve(self._item, layer_color(i), self.theme))
            self.curve_names.append("output" if i == n_layers - 1 else f"layer {i + 1}")
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(False)
            self.header.addWidget(label)
            self.legend_labels.append(label)
        self._set_legend_text()

    def _set_legend_text(self) -> None:
        n = len(self.legend_labels)
        self._legend_shown = []
        for i, label in enumerate(self.legend_labels):
            shown = self.tr("output") if i == n - 1 else self.tr("layer {n}").format(n=i + 1)
            self._legend_shown.append(shown)
            color = curve_color(layer_color(i), self.theme)
            label.setText(
                f'<span style="color:{color.name()}; font-weight:bold;">━</span>'
                f"&nbsp;{html.escape(shown)}"
            )

    def _show_note(self) -> None:
        note = self.stat.empty_note if self._empty else ""
        self.note.setText(QCoreApplication.translate("GradientPlot", note) if note else "")
        self.note.setVisible(bool(note))

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
        empty = len(h) > 0 and not bool(np.isfinite(values).any())
        if empty != self._empty or empty:
            self._empty = empty
            self._show_note()
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
