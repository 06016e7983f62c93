"""The output view: the network's decision over the input plane, with the data on top.

TF Playground's right-hand panel, in pyqtgraph, and the window's largest picture: an
``ImageItem`` shows the network output at every grid cell (through the one
diverging scale; k classes in their class colours, paler where the net is unsure), a
``ScatterPlotItem`` shows the training points (white outline) and optionally the test
points (dark outline), and the one colour key
(:class:`~nnsim.gui.views.color_bar.ColorBar`) under the plot says what every colour on
screen means. For 1-D data the plot shows the points (x, y) and
the network's prediction as a curve over them that moves while it learns.

The map is a hero, as in Playground: the plot area is always square with equal scales
on both axes, the largest square the widget's rectangle holds beside its axes, centred
(:meth:`OutputView._lay_out`); its ranges are fitted to the data (points and the output grid)
with a small margin, never widened to fill the widget. Points keep a size in proportion
to the map, so they never cover it.

Items are created once and fed (DESIGN convention 7, as in pyqtgraph's examples): a
snapshot recolours the ``ImageItem`` (``setImage`` with ``autoLevels=False``: one uint8
index per cell through the washed diverging scale as its lookup table, or the class
colours as RGB) and moves the 1-D curve (``setData``); the points are rebuilt only when
``snapshot.data_version`` changes.

Texts are marked for Qt's translation machinery and re-translated on ``LanguageChange``
(``retranslate_ui``); ``apply_theme`` styles the plot, the points, the curve and the key
with a :class:`~nnsim.gui.theme.Theme` through pyqtgraph's public API.

The picture's colours are computed in :mod:`nnsim.gui.views.output_raster`, and the key
is :mod:`nnsim.gui.views.color_bar`.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QChildEvent, QRect, QRectF, QSize, QTimer
from PySide6.QtGui import QColor, QPainter, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import class_rgb, diverging_lut
from nnsim.gui.i18n import Retranslating
from nnsim.gui.theme import Theme
from nnsim.gui.views.color_bar import ColorBar
from nnsim.gui.views.output_raster import output_image

__all__ = ["OutputView"]

#: Point diameter in pixels at ``Theme().point == 1`` ...
_POINT_SIZE = 7.0
#: ... but never more than this share of the map's side (so points never cover the map),
_POINT_SHARE = 1.0 / 30.0
#: ... nor less than this.
_MIN_POINT = 4.0
#: Width of the 1-D prediction curve at ``Theme().line == 1``; its outline adds this.
_CURVE_WIDTH = 2.5
_HALO_WIDTH = 3.0
#: Room around the data on each side, as a share of the data's span.
_MARGIN = 0.03
#: 1-D regression: room above and below the targets, as a share of their span.
_Y_MARGIN = 0.08
#: The map's side (pixels) the view asks for, and the least it works with.
_HINT_SIDE = 260
_MIN_SIDE = 120
#: Pixels between the map's axis and the key under it.
_KEY_GAP = 4


def _curve_color(theme: Theme) -> QColor:
    """The 1-D prediction curve: near-black, near-white on a dark ground."""
    return QColor(230, 230, 230) if theme.dark else QColor(25, 25, 25)


class OutputView(Retranslating, QWidget):
    """Decision boundary (or fitted curve) with the training and test points.

    The map is square, fitted to the data and as large as the widget allows (see the
    module docstring); the colour key sits under it unless the window places
    :attr:`color_bar` elsewhere (any layout may take it; the map then takes the room).

    Attributes
    ----------
    plot : pyqtgraph.PlotWidget
        The map with its axes.
    image : pyqtgraph.ImageItem
        The network's output over the plane (2-D data; a background strip for 1-D
        classes), in data coordinates, scaled with bilinear filtering.
    curve : pyqtgraph.PlotDataItem
        The prediction along x (1-D data), drawn over the points.
    curve_outline : pyqtgraph.PlotDataItem
        The same line, wider and in the background colour, under the curve and over the
        points, so the curve reads clearly wherever it crosses them.
    train_points, test_points : pyqtgraph.ScatterPlotItem
    color_bar : ColorBar
        The one colour key (output, neuron thumbnails and links).
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    show_test, discretize : bool
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.show_test = False
        self.discretize = False
        self.snapshot: Snapshot | None = None
        self._points_key: tuple | None = None
        # The image on screen as given to the ImageItem: (data, lut) of output_image.
        self._shown: tuple[np.ndarray, np.ndarray | None] | None = None
        # Where the image goes; it is placed anew whenever the rect or the raster size
        # changes.
        self._image_rect: QRectF | None = None
        self._placed: tuple | None = None
        self._dims, self._task = 2, "classification"
        self._point_key: tuple | None = None  # the points' size and pens applied
        self._relayout_pending = False

        self.plot = pg.PlotWidget(background=self.theme.background)
        # Bilinear scaling of the 100x100 raster: a smooth boundary, not a staircase.
        self.plot.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        item = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setStyle(tickLength=5)  # outward: inward ticks would cover the map's edge
            axis.enableAutoSIPrefix(False)  # "(x0.001)" would be an untranslated text
        item.setMouseEnabled(x=False, y=False)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setContentsMargins(2, 8, 10, 2)  # room for the end tick labels ("6")

        self.image = pg.ImageItem(axisOrder="row-major")  # as the snapshot's rasters
        self.image.setZValue(-10)
        self.train_points = pg.ScatterPlotItem(size=_POINT_SIZE, antialias=True)
        self.train_points.setZValue(10)
        self.test_points = pg.ScatterPlotItem(size=_POINT_SIZE, antialias=True)
        self.test_points.setZValue(11)
        self.test_points.setVisible(False)
        # The prediction is what the lesson is about: over the points, with an outline.
        self.curve_outline = pg.PlotDataItem(pen=pg.mkPen(self.theme.background), antialias=True)
        self.curve_outline.setZValue(20)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(_curve_color(self.theme)), antialias=True)
        self.curve.setZValue(21)
        for curve in (self.curve_outline, self.curve):
            curve.setVisible(False)
        for it in (
            self.image,
            self.train_points,
            self.test_points,
            self.curve_outline,
            self.curve,
        ):
            self.plot.addItem(it)
        vb = self.plot.getPlotItem().getViewBox()
        # A new map size: points in proportion, and the map kept square (the axes may
        # have changed width with their tick texts).
        vb.sigResized.connect(self._on_map_resized)

        # Brushes are made once and shared, so pyqtgraph's symbol cache stays small.
        lut = diverging_lut()
        self._value_brushes = [pg.mkBrush(QColor(int(r), int(g), int(b))) for r, g, b, _ in lut]
        self._class_brushes: list[pg.QtGui.QBrush] = []

        self.plot.setParent(self)
        self.color_bar = ColorBar(self)
        # A new key size (mode, language, theme): the map makes room for it.
        self.color_bar.size_changed.connect(self._relayout)
        self.setAutoFillBackground(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._set_axes(dims=2, task="classification")
        self.apply_theme(self.theme)
        self.retranslate_ui()

    # -- public API -----------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """The axis labels in the UI language (the key translates itself)."""
        self._label_axes()

    def apply_theme(self, theme: Theme) -> None:
        """Style the plot, points, curve and key with ``theme`` (idempotent).

        Background, axis lines and texts (tick fonts and labels at ``theme.scale``), the
        curve's width (x ``theme.line``), the points' size (x ``theme.point``, but never
        more than :data:`_POINT_SHARE` of the map) and the key's texts.
        """
        self.theme = theme
        self.plot.setBackground(theme.background)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor(theme.background))
        self.setPalette(pal)
        item = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(theme.foreground, width=theme.line))
            axis.setTextPen(pg.mkPen(theme.foreground))
            # The widget's own font at scale 1 (the normal look), else the scaled one.
            axis.setTickFont(None if theme.scale == 1.0 else theme.font())
        self.curve.setPen(pg.mkPen(_curve_color(theme), width=_CURVE_WIDTH * theme.line))
        self.curve_outline.setPen(
            pg.mkPen(theme.background, width=(_CURVE_WIDTH + _HALO_WIDTH) * theme.line)
        )
        self._style_points()
        self.color_bar.apply_theme(theme)
        self._label_axes()  # the labels carry the theme's colour and size
        self.updateGeometry()  # the axes' and the key's sizes may have changed
        self._lay_out()

    def set_snapshot(self, snap: Snapshot) -> None:
        """Show ``snap``: recolour the image / move the curve; points only on new data."""
        self.snapshot = snap
        key = (snap.data_version, snap.dims, snap.task, snap.n_classes, tuple(snap.extent))
        if key != self._points_key:
            self._points_key = key
            self._set_axes(snap.dims, snap.task)
            self._set_points(snap)
            self._set_range(snap)
        mode = (
            "regression"
            if snap.task == "regression"
            else "classes"
            if snap.n_classes > 2
            else "binary"
        )
        self.color_bar.set_mode(mode, snap.n_classes)
        self._render(snap)

    def set_show_test(self, on: bool) -> None:
        """Show the test points (dark outline) over the training points."""
        self.show_test = bool(on)
        self.test_points.setVisible(self.show_test)

    def set_discretize(self, on: bool) -> None:
        """Show the hard decision (binary: P >= 0.5) instead of the graded output."""
        self.discretize = bool(on)
        if self.snapshot is not None:
            self._render(self.snapshot)

    def image_rgba(self) -> np.ndarray | None:
        """The RGBA image on screen: (G, G, 4) or (1, G, 4), row 0 = ymin; None if hidden."""
        if self._shown is None or not self.image.isVisible():
            return None
        data, lut = self._shown
        rgb = lut[data] if lut is not None else data
        out = np.empty((*rgb.shape[:2], 4), np.uint8)
        out[..., :3] = rgb
        out[..., 3] = 255
        return out

    def map_rect(self) -> QRectF:
        """The map (the plot's view box) in this widget's coordinates, in pixels."""
        vb = self.plot.getPlotItem().getViewBox()
        area = self.plot.mapFromScene(vb.sceneBoundingRect()).boundingRect()
        return QRectF(area.translated(self.plot.pos()))

    def point_size(self) -> float:
        """The data points' diameter in pixels, as drawn now."""
        return self._point_key[0] if self._point_key is not None else _POINT_SIZE

    # -- layout ----------------------------------------------------------------------
    # The map is laid out by hand (no QLayout): the plot widget is sized so that its view
    # box is the largest square the rect holds beside the plot's axes and margins
    # (:meth:`_plot_extras`); the key, while it is still here (the window may place it
    # elsewhere), goes right under the map, centred on it and at least as wide as its own
    # size hint; map and key are centred together.
    def _plot_extras(self) -> tuple[float, float, float, float]:
        """Pixels the plot widget needs left, right, above and below its square map.

        The plot item's margins and its layout's, and the axes' sizes (pyqtgraph fixes
        each axis' size to its tick texts and label).
        """
        item = self.plot.getPlotItem()
        ml, mt, mr, mb = item.getContentsMargins()
        ll, lt, lr, lb = item.layout.getContentsMargins()

        def size(name: str, vertical: bool) -> float:
            axis = item.getAxis(name)
            if not axis.isVisible():
                return 0.0
            return axis.maximumWidth() if vertical else axis.maximumHeight()

        return (
            ml + ll + size("left", True),
            mr + lr + size("right", True),
            mt + lt + size("top", False),
            mb + lb + size("bottom", False),
        )

    def _key_here(self) -> bool:
        bar = self.color_bar
        return bar.parentWidget() is self and not bar.isHidden()

    def _key_width(self, side: float, width: int) -> int:
        """The key's width under a map of ``side`` in ``width``: the map's or its hint."""
        bar = self.color_bar
        return min(width, max(round(side), bar.sizeHint().width(), bar.minimumSizeHint().width()))

    def _key_height(self, key_width: int) -> int:
        """The key's height at ``key_width``, with the gap above it (0 when not here)."""
        if not self._key_here():
            return 0
        return self.color_bar.heightForWidth(key_width) + _KEY_GAP

    def _size_for(self, side: int, least: bool) -> QSize:
        left, right, top, bottom = self._plot_extras()
        w = math.ceil(side + left + right)
        if self._key_here():
            bar = self.color_bar
            w = max(w, (bar.minimumSizeHint() if least else bar.sizeHint()).width())
        h = math.ceil(side + top + bottom) + self._key_height(self._key_width(side, w))
        return QSize(w, h)

    def sizeHint(self) -> QSize:
        """A map of :data:`_HINT_SIDE` pixels (Playground's), with axes and key."""
        return self._size_for(_HINT_SIDE, least=False)

    def minimumSizeHint(self) -> QSize:
        return self._size_for(_MIN_SIDE, least=True)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """The height at which ``width`` gives a square map filling the width."""
        left, right, top, bottom = self._plot_extras()
        side = max(1.0, width - left - right)
        return math.ceil(side + top + bottom) + self._key_height(self._key_width(side, width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out()

    def childEvent(self, event: QChildEvent) -> None:
        super().childEvent(event)
        if event.removed() and not self._relayout_pending:
            # The window took the key elsewhere: the map takes the room (once the key has
            # its new parent; it still has this one while the event is sent).
            self._relayout_pending = True
            QTimer.singleShot(0, self, self._relayout)

    def _relayout(self) -> None:
        """Lay out anew, and tell the window that the size hint may have changed."""
        self._relayout_pending = False
        self._lay_out()
        self.updateGeometry()

    def _lay_out(self) -> None:
        r = self.rect()
        if r.isEmpty():
            return
        left, right, top, bottom = self._plot_extras()
        side = max(1.0, r.width() - left - right)
        key_w = self._key_width(side, r.width())
        key_h = self._key_height(key_w)
        for _ in range(4):  # a smaller map may mean a narrower key, wrapped to more lines
            side = max(1.0, min(r.width() - left - right, r.height() - top - bottom - key_h))
            key_w = self._key_width(side, r.width())
            need = self._key_height(key_w)
            if need <= key_h:
                break
            key_h = need
        plot_w = max(1, round(side + left + right))
        plot_h = max(1, round(side + top + bottom))
        # The map (not the plot with its axes) is centred, as far as the rect allows.
        x = round(r.width() / 2 - left - side / 2)
        x = max(0, min(x, r.width() - plot_w))
        y = max(0, (r.height() - plot_h - key_h) // 2)
        self.plot.setGeometry(QRect(x, y, plot_w, plot_h))
        if self._key_here():
            bx = round(x + left + side / 2 - key_w / 2)
            bx = max(0, min(bx, r.width() - key_w))
            self.color_bar.setGeometry(QRect(bx, y + plot_h + _KEY_GAP, key_w, key_h - _KEY_GAP))

    def _on_map_resized(self, *_args: object) -> None:
        self._style_points()
        vb = self.plot.getPlotItem().getViewBox()
        w, h = vb.width(), vb.height()
        if w > 1 and h > 1 and abs(w - h) > 1.0:
            # An axis changed its width with its tick texts: square the map again, after
            # the plot's own layout pass has finished.
            if not self._relayout_pending:
                self._relayout_pending = True
                QTimer.singleShot(0, self, self._relayout)

    def _map_side(self) -> float:
        vb = self.plot.getPlotItem().getViewBox()
        return float(min(vb.width(), vb.height()))

    def _style_points(self) -> None:
        """Points' size (x ``theme.point``, in proportion to the map) and outlines."""
        size = _POINT_SIZE * self.theme.point
        size = min(size, max(_MIN_POINT, self._map_side() * _POINT_SHARE))
        size = round(size * 2) / 2  # a resize by a pixel does not re-render the points
        regression = self._task == "regression"
        key = (size, regression)
        if key == self._point_key:
            return
        self._point_key = key
        f = size / _POINT_SIZE  # outlines grow with the points
        if regression:
            # Regression points can be near-white (y ~ 0): a grey rim keeps them visible.
            train_pen = pg.mkPen(QColor(120, 120, 120), width=0.8 * f)
        else:
            train_pen = pg.mkPen(QColor(255, 255, 255), width=1.0 * f)
        self.train_points.setPen(train_pen)
        self.test_points.setPen(pg.mkPen(QColor(20, 20, 20), width=1.3 * f))
        self.train_points.setSize(size)
        self.test_points.setSize(size)

    # -- internals ---------------------------------------------------------------------
    def _label_axes(self) -> None:
        item = self.plot.getPlotItem()
        style = {"color": QColor(self.theme.foreground).name()}
        if self.theme.scale != 1.0:
            style["font-size"] = f"{self.theme.pt():g}pt"
        if self._dims == 2:
            left = "x₂"
        elif self._task == "regression":
            left = "y"
        else:
            left = self.tr("class")
        item.setLabel("bottom", "x₁", **style)
        item.setLabel("left", left, **style)
        for name in ("left", "bottom"):
            # pyqtgraph centres an axis label only when the axis is resized: re-centre
            # the new label.
            item.getAxis(name).resizeEvent()

    def _set_axes(self, dims: int, task: str) -> None:
        self._dims, self._task = dims, task
        item = self.plot.getPlotItem()
        # The map is square by its layout, and its ranges are set to equal spans in 2-D:
        # no aspect lock, which would widen a range whenever the map is a pixel off.
        item.setAspectLocked(False)
        if dims == 2:
            item.showGrid(x=False, y=False)
        else:
            item.showGrid(x=True, y=True, alpha=0.15)
        self._label_axes()
        self._style_points()

    def _brushes_for(self, y: np.ndarray, snap: Snapshot) -> list:
        if snap.task == "regression":
            t = np.clip((np.nan_to_num(y) + 1.0) * 127.5, 0, 255)
            return [self._value_brushes[int(i)] for i in np.rint(t).astype(int)]
        k = max(2, snap.n_classes)
        if len(self._class_brushes) < k:
            self._class_brushes = [
                pg.mkBrush(QColor(int(r), int(g), int(b))) for r, g, b in class_rgb(k)
            ]
        cls = np.clip(np.nan_to_num(y).astype(int), 0, k - 1)
        return [self._class_brushes[c] for c in cls]

    def _point_xy(
        self, x: np.ndarray, y: np.ndarray, snap: Snapshot
    ) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray(x, dtype=np.float64)
        if snap.dims == 2:
            return x[:, 0], x[:, 1]
        return x[:, 0], np.asarray(y, dtype=np.float64)

    def _set_points(self, snap: Snapshot) -> None:
        for scatter, x, y in (
            (self.train_points, snap.x_train, snap.y_train),
            (self.test_points, snap.x_test, snap.y_test),
        ):
            if len(y) == 0:
                scatter.setData(x=[], y=[])
                continue
            px, py = self._point_xy(x, y, snap)
            scatter.setData(x=px, y=py, brush=self._brushes_for(np.asarray(y), snap))

    def _data_bounds(self, snap: Snapshot) -> tuple[np.ndarray, np.ndarray]:
        """All points' coordinates (train and test), finite ones only: (xs, ys)."""
        xs, ys = [], []
        for x, y in ((snap.x_train, snap.y_train), (snap.x_test, snap.y_test)):
            if len(y):
                px, py = self._point_xy(x, y, snap)
                xs.append(px)
                ys.append(py)
        px = np.concatenate(xs) if xs else np.zeros(0)
        py = np.concatenate(ys) if ys else np.zeros(0)
        ok = np.isfinite(px) & np.isfinite(py)
        return px[ok], py[ok]

    def _set_range(self, snap: Snapshot) -> None:
        """Fit the ranges to the grid's extent and the points, with a small margin.

        2-D: both axes get the same span (equal scales on a square map), centred on the
        data. 1-D: x as in 2-D; y the targets' range (regression) or the classes'.
        """
        xmin, xmax, ymin, ymax = (float(v) for v in snap.extent)
        px, py = self._data_bounds(snap)
        x_lo = min([xmin, *([float(px.min())] if px.size else [])])
        x_hi = max([xmax, *([float(px.max())] if px.size else [])])
        item = self.plot.getPlotItem()
        if snap.dims == 2:
            self._image_rect = QRectF(xmin, ymin, xmax - xmin, ymax - ymin)
            y_lo = min([ymin, *([float(py.min())] if py.size else [])])
            y_hi = max([ymax, *([float(py.max())] if py.size else [])])
            span = max(x_hi - x_lo, y_hi - y_lo) or 1.0
            # A margin keeps the image and the outermost points off the axes.
            half = span * (0.5 + _MARGIN)
            cx, cy = (x_lo + x_hi) / 2, (y_lo + y_hi) / 2
            item.setRange(xRange=(cx - half, cx + half), yRange=(cy - half, cy + half), padding=0)
            return
        if snap.task == "classification":
            lo, hi = -0.25, max(1.0, snap.n_classes - 1.0) + 0.25
        elif py.size:
            lo, hi = float(py.min()), float(py.max())
            pad = _Y_MARGIN * (hi - lo) or 0.5
            lo, hi = lo - pad, hi + pad
        else:
            lo, hi = -1.2, 1.2
        span = (x_hi - x_lo) or 1.0
        self._image_rect = QRectF(xmin, lo, xmax - xmin, hi - lo)
        item.setRange(
            xRange=(x_lo - _MARGIN * span, x_hi + _MARGIN * span), yRange=(lo, hi), padding=0
        )

    def _show_image(self, data: np.ndarray, lut: np.ndarray | None) -> None:
        """Show ``output_image``'s ``data`` (row 0 at ymin) stretched over the image rect.

        ``data`` and ``lut`` as :func:`~nnsim.gui.views.output_raster.output_image` returns them.
        """
        self._shown = (data, lut)
        self.image.setImage(data, autoLevels=False, lut=lut)
        r = self._image_rect
        if r is not None:
            key = (data.shape[:2], r.getRect())
            if key != self._placed:
                self._placed = key
                # Row 0 at the rect's top in item coordinates, which is ymin: the plot's y
                # axis points up.
                self.image.setRect(r)
        self.image.setVisible(True)

    def _render(self, snap: Snapshot) -> None:
        b = np.asarray(snap.boundary)
        if snap.dims == 2:
            self.curve.setVisible(False)
            self.curve_outline.setVisible(False)
            self._show_image(*output_image(snap, self.discretize))
            return
        # 1-D: the prediction as a curve (regression value, or P(class 1) for a binary net),
        # over a background strip of the decision for classification.
        xmin, xmax = float(snap.extent[0]), float(snap.extent[1])
        g = b.shape[0]
        xs = xmin + (np.arange(g) + 0.5) * ((xmax - xmin) / g)
        if snap.task == "classification":
            data, lut = output_image(snap, self.discretize)
            self._show_image(data[None, :], lut)
        else:
            self._shown = None
            self.image.setVisible(False)
        show_curve = snap.task == "regression" or snap.n_classes <= 2
        self.curve.setVisible(show_curve)
        self.curve_outline.setVisible(show_curve)
        if show_curve:
            ys = np.nan_to_num(b.astype(np.float64))
            self.curve_outline.setData(xs, ys)
            self.curve.setData(xs, ys)
