"""The output view: the network's decision over the input plane, with the data on top.

TF Playground's right-hand panel, in pyqtgraph: an ``ImageItem`` shows the network
output at every grid cell (through the one diverging scale; k classes in their class
colours, paler where the net is unsure), a ``ScatterPlotItem`` shows the training
points (white outline) and optionally the test points (dark outline), and a colour
bar under the plot says what the colours mean. For 1-D data the plot shows the points
(x, y) and the network's prediction as a curve that moves while it learns.

Items are created once; a snapshot only feeds them (a new pixmap, ``setData``), and the
points are rebuilt only when ``snapshot.data_version`` changes (DESIGN convention 7).

The view is redrawn for every frame, in the GUI thread, which shares the GIL with the
training thread; so a frame's share of Python is kept small. The plot paints in C++
(:class:`~nnsim.gui.views.plots.NativePlotWidget`); the output raster is coloured with one
lookup per pixel straight into ``QImage.Format_RGB32`` and shown by a C++
``QGraphicsPixmapItem`` (pyqtgraph's ``ImageItem`` paints in Python); the points, which
change only with the data, are drawn from Qt's pixmap cache rather than by pyqtgraph's
Python ``paint`` on every frame. While training runs, 2-D frames go to a C++-only
:class:`_LiveLayer` over the plot area, so that repainting the image asks none of
pyqtgraph's Python items for its bounds either.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import NEUTRAL, class_rgb, diverging_lut, lut_indices, value_to_rgba
from nnsim.gui.i18n import tr
from nnsim.gui.views.plots import LiveCurve, NativePlotWidget

__all__ = ["ColorBar", "OutputView", "boundary_rgba", "washed_rgb32"]

_AXIS = QColor(60, 60, 60)
#: Share of white mixed into the background image, so full-colour points stand out on it.
_WASH = 0.28
_POINT_SIZE = 7
_TRAIN_PEN = pg.mkPen(QColor(255, 255, 255), width=1.0)
_TEST_PEN = pg.mkPen(QColor(20, 20, 20), width=1.3)
# Regression points can be near-white (y ~ 0): a grey rim keeps them visible on a pale plane.
_TRAIN_PEN_VALUES = pg.mkPen(QColor(120, 120, 120), width=0.8)
_CURVE_PEN = pg.mkPen(QColor(25, 25, 25), width=2.5)


def boundary_rgba(snap: Snapshot, discretize: bool = False) -> np.ndarray:
    """Colour the snapshot's output raster.

    Parameters
    ----------
    snap : Snapshot
        Uses ``boundary`` (G, G) or (G,), ``boundary_class``, ``task`` and ``n_classes``.
    discretize : bool
        Binary: threshold the probability at 0.5; regression: the sign of the value;
        k classes: the winning class at full strength. Only two colours remain for a
        binary net.

    Returns
    -------
    ndarray, shape (*boundary.shape, 4), uint8
        RGBA, row 0 = ymin (for an ImageItem in row-major order, whose y axis points up).
        Binary classification: P(class 1) through the diverging scale with 0.5 white;
        regression: the value with 0 white and +-1 at full colour; k classes: each
        cell's winning class colour, blended from white by the confidence
        ``(p - 1/k) / (1 - 1/k)``.
    """
    if not _on_value_scale(snap):
        b = np.asarray(snap.boundary, dtype=np.float32)
        k = snap.n_classes
        cls = np.clip(np.asarray(snap.boundary_class, dtype=np.intp), 0, k - 1)
        if discretize:
            conf = np.ones(b.shape, np.float32)
        else:
            conf = np.clip((np.nan_to_num(b) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
        base = np.array([int(NEUTRAL[i : i + 2], 16) for i in (1, 3, 5)], np.float32)
        rgb = base + (class_rgb(k)[cls] - base) * conf[..., None]
        out = np.empty((*b.shape, 4), np.uint8)
        out[..., :3] = np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
        out[..., 3] = 255
        return out
    return value_to_rgba(*_scale_values(snap, discretize))


def _on_value_scale(snap: Snapshot) -> bool:
    """Whether the output is drawn on the diverging value scale (not in class colours)."""
    return not (
        snap.task == "classification" and snap.n_classes > 2 and snap.boundary_class is not None
    )


def _scale_values(snap: Snapshot, discretize: bool) -> tuple[np.ndarray, float, float]:
    """What a binary or regression output is coloured by, and the range of the scale."""
    b = np.asarray(snap.boundary, dtype=np.float32)
    if snap.task == "regression":
        return (np.sign(b) if discretize else b), -1.0, 1.0
    return ((b >= 0.5).astype(np.float32) if discretize else b), 0.0, 1.0


def _wash(rgba: np.ndarray) -> np.ndarray:
    """Mix white into an RGBA image (in place) so data points read clearly over it."""
    rgb = rgba[..., :3].astype(np.float32)
    rgba[..., :3] = (rgb * (1.0 - _WASH) + 255.0 * _WASH).astype(np.uint8)
    return rgba


def _pack_rgb32(rgba: np.ndarray) -> np.ndarray:
    """(..., 4) uint8 RGBA -> (...) uint32 ``QImage.Format_RGB32`` words (0xffRRGGBB)."""
    c = rgba.astype(np.uint32)
    return (0xFF << 24) | (c[..., 0] << 16) | (c[..., 1] << 8) | c[..., 2]


def _unpack_rgb32(words: np.ndarray) -> np.ndarray:
    """Inverse of :func:`_pack_rgb32`: (...) uint32 -> (..., 4) uint8 RGBA, alpha 255."""
    out = np.empty((*words.shape, 4), np.uint8)
    out[..., 0] = (words >> 16) & 0xFF
    out[..., 1] = (words >> 8) & 0xFF
    out[..., 2] = words & 0xFF
    out[..., 3] = 255
    return out


#: The diverging scale, washed, as RGB32 words: a frame is one lookup per pixel.
_WASHED_LUT32 = _pack_rgb32(_wash(np.array(diverging_lut())))


def washed_rgb32(snap: Snapshot, discretize: bool = False) -> np.ndarray:
    """``_wash(boundary_rgba(snap, discretize))`` as ``QImage.Format_RGB32`` words.

    The same colours, computed for the screen: binary and regression outputs take one
    lookup per pixel in a pre-washed table (the RGBA route, with its float wash, costs
    several times as much per frame).

    Returns
    -------
    ndarray, shape boundary.shape, uint32
    """
    if not _on_value_scale(snap):
        return _pack_rgb32(_wash(boundary_rgba(snap, discretize)))
    return _WASHED_LUT32[lut_indices(*_scale_values(snap, discretize))]


class ColorBar(QWidget):
    """Legend under the plot: the diverging scale with ticks, or the class swatches.

    ``set_mode("binary" | "regression" | "classes", n_classes)``; the text tells the
    student what a colour means in this task.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = "binary"
        self.n_classes = 2
        lut = np.ascontiguousarray(diverging_lut()[None, :, :])
        self._lut_buf = lut  # QImage does not own its memory
        self._lut_img = QImage(lut.data, 256, 1, 256 * 4, QImage.Format.Format_RGBA8888)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            "One colour scale for data, neuron and weight values:\n"
            "orange = negative / class 0, white = 0 / undecided, blue = positive / class 1."
        )

    def set_mode(self, mode: str, n_classes: int = 2) -> None:
        if (mode, n_classes) != (self.mode, self.n_classes):
            self.mode, self.n_classes = mode, n_classes
            self.update()

    def caption(self) -> str:
        if self.mode == "binary":
            return tr("probability of the blue class")
        if self.mode == "regression":
            return tr("predicted value")
        return tr("winning class (paler: less sure)")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update()  # the caption is read at paint time
        super().changeEvent(event)

    def ticks(self) -> tuple[str, str, str]:
        return ("0", "0.5", "1") if self.mode == "binary" else ("-1", "0", "1")

    def _font(self) -> QFont:
        f = QFont(self.font())
        f.setPixelSize(11)
        return f

    def sizeHint(self) -> QSize:
        h = QFontMetricsF(self._font()).height()
        return QSize(220, int(2 * h + 16))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        font = self._font()
        p.setFont(font)
        fm = QFontMetricsF(font)
        lh = fm.height()
        w = float(self.width())
        pad = 8.0
        cap_w = fm.horizontalAdvance(self.caption())
        bar_w = max(60.0, min(240.0, w - 2 * pad))
        x0 = max(pad, (w - bar_w) / 2)
        bar = QRectF(x0, 4, bar_w, 10)
        p.setPen(_AXIS)
        if self.mode == "classes":
            n = self.n_classes
            colors = class_rgb(n)
            cell = bar_w / n
            for k in range(n):
                c = colors[k]
                r = QRectF(x0 + k * cell, bar.top(), cell - 2, bar.height())
                p.fillRect(r, QColor(int(c[0]), int(c[1]), int(c[2])))
                if cell >= fm.horizontalAdvance(str(k)) + 2:
                    p.drawText(
                        QRectF(r.left(), bar.bottom() + 1, cell, lh),
                        int(Qt.AlignmentFlag.AlignHCenter),
                        str(k),
                    )
        else:
            p.drawImage(bar, self._lut_img)
            p.setPen(QPen(QColor(150, 150, 150), 1))
            p.drawRect(bar)
            p.setPen(_AXIS)
            for i, t in enumerate(self.ticks()):
                x = bar.left() + bar.width() * i / 2
                tw = fm.horizontalAdvance(t)
                tx = min(max(x - tw / 2, 0.0), w - tw)
                p.drawText(
                    QRectF(tx, bar.bottom() + 1, tw + 1, lh), int(Qt.AlignmentFlag.AlignLeft), t
                )
        text = fm.elidedText(self.caption(), Qt.TextElideMode.ElideRight, w - 2 * pad)
        p.setPen(QColor(90, 90, 90))
        cx = x0 + max(0.0, (bar_w - min(cap_w, w - 2 * pad)) / 2)
        p.drawText(
            QRectF(cx, bar.bottom() + lh + 1, w - cx, lh), int(Qt.AlignmentFlag.AlignLeft), text
        )
        p.end()


class _LiveLayer:
    """A C++-only copy of the 2-D plot area, laid over it while training runs.

    pyqtgraph's items (the ViewBox, the axes, the scatter) are Python objects: every
    repaint of the image under them asks each of them for its ``boundingRect`` or
    ``shape``, and each ask has to win the GIL from the training thread (about seven
    hand-overs per frame, each costing the worker a thread wake-up). While training,
    the image therefore goes to this plain ``QGraphicsView`` over the plot area instead:
    its scene holds only C++ items (the image, and the points as one pre-rendered
    pixmap), so its frames are painted without any Python. The plot underneath keeps
    the points, the axes and the mouse (the layer lets every event through); the
    layer is re-laid whenever the plot area or what is drawn over the image changes,
    and hidden again when training stops, when the plot takes the latest image back.
    """

    def __init__(self, plot: NativePlotWidget) -> None:
        self._plot = plot
        self.scene = QGraphicsScene()
        view = QGraphicsView(self.scene, plot.viewport())
        view.setFrameShape(QFrame.Shape.NoFrame)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        view.setInteractive(False)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        view.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        for w in (view, view.viewport()):
            # Clicks, hover and wheel go to the plot underneath (draw mode, tooltips).
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            # Opaque: a frame repaints the layer only, never the Python plot under it.
            w.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        view.hide()
        self.view = view
        self.image = QGraphicsPixmapItem()
        self.image.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.points = QGraphicsPixmapItem()
        self.points.setZValue(10)
        self.scene.addItem(self.image)
        self.scene.addItem(self.points)
        self._key: tuple | None = None

    @property
    def active(self) -> bool:
        return not self.view.isHidden()

    def place(self, image: QGraphicsPixmapItem, key: tuple) -> None:
        """Lay the layer over the plot area and redraw the points if ``key`` changed.

        ``key`` sums up everything drawn over the image (data, sizes, pens, toggles);
        the plot area's place is added here, and the view range with the image's scene
        transform (which maps through it).
        """
        plot = self._plot
        vb = plot.getPlotItem().getViewBox()
        area = plot.mapFromScene(vb.sceneBoundingRect()).boundingRect()
        area = area.intersected(plot.viewport().rect())
        t = image.sceneTransform()
        full = (
            key,
            area.getRect(),
            (t.m11(), t.m22(), t.dx(), t.dy()),
            plot.devicePixelRatioF(),
            plot.backgroundBrush().color().rgba(),  # presentation themes change it
        )
        if full == self._key:
            return
        self._key = full
        view = self.view
        view.setBackgroundBrush(plot.backgroundBrush())
        view.setGeometry(area)
        source = plot.mapToScene(area).boundingRect()
        view.setSceneRect(source)
        view.setTransform(plot.transform())
        self.image.setTransform(t)
        self.points.setPixmap(self._render_points(image, area, source))
        self.points.setPos(source.topLeft())

    def _render_points(self, image: QGraphicsPixmapItem, area: QRect, source: QRectF) -> QPixmap:
        """What the plot draws over the image in ``area``, on a transparent pixmap."""
        dpr = self._plot.devicePixelRatioF()
        canvas = QImage(
            max(1, round(area.width() * dpr)),
            max(1, round(area.height() * dpr)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        canvas.setDevicePixelRatio(dpr)
        canvas.fill(Qt.GlobalColor.transparent)
        scene = self._plot.scene()
        brush = scene.backgroundBrush()
        was_visible = image.isVisible()
        image.setVisible(False)
        scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
        painter = QPainter(canvas)
        painter.setRenderHints(self._plot.renderHints())
        scene.render(painter, QRectF(0, 0, area.width(), area.height()), source)
        painter.end()
        scene.setBackgroundBrush(brush)
        image.setVisible(was_visible)
        pixmap = QPixmap.fromImage(canvas)
        pixmap.setDevicePixelRatio(dpr)
        return pixmap

    def show(self) -> None:
        self.view.show()
        self.view.raise_()

    def hide(self) -> None:
        self.view.hide()
        self._key = None


class OutputView(QWidget):
    """Decision boundary (or fitted curve) with the training and test points.

    Attributes
    ----------
    plot : NativePlotWidget
        A pyqtgraph ``PlotWidget`` that paints in C++.
    image : QGraphicsPixmapItem
        The network's output over the plane (2-D data; a background strip for 1-D
        classes), in data coordinates, scaled with bilinear filtering.
    curve : LiveCurve
        The prediction along x (1-D data): a ``PlotDataItem`` drawn by a C++ path item.
    train_points, test_points : pyqtgraph.ScatterPlotItem
        Drawn from Qt's device-coordinate cache (they change only with the data).
    color_bar : ColorBar
    show_test, discretize : bool
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_test = False
        self.discretize = False
        self.snapshot: Snapshot | None = None
        self._points_key: tuple | None = None
        self._range_key: tuple | None = None
        self._rgb32: np.ndarray | None = None  # the image on screen, RGB32 words
        # Where the image goes; its transform is set whenever the rect or the raster size
        # changes.
        self._image_rect: QRectF | None = None
        self._placed: tuple | None = None

        self.plot = NativePlotWidget(background="w")
        item = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(_AXIS)
            axis.setTextPen(_AXIS)
            # Ticks point outwards: inward ones would overlap the image, so the axis
            # (Python-painted pyqtgraph) would be repainted with it on every frame.
            axis.setStyle(tickLength=5)
        item.setMouseEnabled(x=False, y=False)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setContentsMargins(2, 8, 10, 2)  # room for the end tick labels ("6")
        self.plot.setMinimumSize(160, 160)

        self.image = QGraphicsPixmapItem()
        # Bilinear scaling of the 100x100 raster: a smooth boundary, not a staircase.
        self.image.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.image.setZValue(-10)
        self.curve = LiveCurve(_CURVE_PEN)
        self.curve.setZValue(5)
        self.curve.setVisible(False)
        self.train_points = pg.ScatterPlotItem(size=_POINT_SIZE, pen=_TRAIN_PEN, antialias=True)
        self.train_points.setZValue(10)
        self.test_points = pg.ScatterPlotItem(size=_POINT_SIZE, pen=_TEST_PEN, antialias=True)
        self.test_points.setZValue(11)
        self.test_points.setVisible(False)
        for scatter in (self.train_points, self.test_points):
            # The image under the points changes every frame, so they are repainted every
            # frame: from Qt's cache of their pixels, not by pyqtgraph's Python paint.
            scatter.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for it in (self.image, self.curve, self.train_points, self.test_points):
            self.plot.addItem(it)
        self._live = _LiveLayer(self.plot)
        self._pixmap: QPixmap | None = None  # the latest image, wherever it is shown
        # Resizes and range changes are rare: re-lay the live layer at once, not a frame late.
        self.plot.getPlotItem().getViewBox().sigResized.connect(self._place_live)
        self.plot.getPlotItem().getViewBox().sigRangeChanged.connect(self._place_live)

        # Brushes are made once and shared, so pyqtgraph's symbol cache stays small.
        lut = diverging_lut()
        self._value_brushes = [pg.mkBrush(QColor(int(r), int(g), int(b))) for r, g, b, _ in lut]
        self._class_brushes: list[pg.QtGui.QBrush] = []

        self.color_bar = ColorBar()
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor(255, 255, 255))
        self.setPalette(pal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.color_bar)
        self._set_axes(dims=2, task="classification")

    # -- public API -----------------------------------------------------------------
    def set_snapshot(self, snap: Snapshot) -> None:
        """Show ``snap``: recolour the image / move the curve; points only on new data."""
        self.snapshot = snap
        key = (snap.data_version, snap.dims, snap.task, snap.n_classes, tuple(snap.extent))
        if key != self._points_key:
            self._points_key = key
            self._set_axes(snap.dims, snap.task)
            self._set_points(snap)
            self._set_range(snap)
            item = self.plot.getPlotItem()
            for name in ("left", "bottom"):
                # pyqtgraph centres an axis label only when the axis is resized: re-centre
                # the new label (its text may also have lost an SI prefix with the range).
                item.getAxis(name).resizeEvent()
        mode = (
            "regression"
            if snap.task == "regression"
            else "classes"
            if snap.n_classes > 2
            else "binary"
        )
        self.color_bar.set_mode(mode, snap.n_classes)
        # A running 2-D frame goes to the live layer (see _LiveLayer); a paused one, or
        # 1-D data, to the plot itself.
        self._set_live(snap.dims == 2 and snap.steps_per_second > 0)
        self._render(snap)

    def set_training(self, playing: bool) -> None:
        """Training started or stopped; when stopped, the plot shows the latest image itself.

        Snapshots say whether training runs, but a run stopped by an error sends none.
        """
        if not playing:
            self._set_live(False)

    @property
    def live(self) -> bool:
        """Whether the image is on the C++ live layer over the plot (training runs, 2-D)."""
        return self._live.active

    def sync_scene(self) -> None:
        """Give the plot's own image item the latest image (before exporting its scene)."""
        if self._pixmap is not None:
            self.image.setPixmap(self._pixmap)

    def set_show_test(self, on: bool) -> None:
        """Show the test points (dark outline) over the training points."""
        self.show_test = bool(on)
        self.test_points.setVisible(self.show_test)
        self._place_live()

    def set_discretize(self, on: bool) -> None:
        """Show the hard decision (binary: P >= 0.5) instead of the graded output."""
        self.discretize = bool(on)
        if self.snapshot is not None:
            self._render(self.snapshot)

    def image_rgba(self) -> np.ndarray | None:
        """The RGBA image on screen: (G, G, 4) or (1, G, 4), row 0 = ymin; None if hidden."""
        if self._rgb32 is None or not self.image.isVisible():
            return None
        return _unpack_rgb32(self._rgb32)

    # -- internals ---------------------------------------------------------------------
    def _set_axes(self, dims: int, task: str) -> None:
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x₁", color=_AXIS.name())
        # A C++ path item draws with the view's hints: antialias the 1-D prediction curve.
        # Not in 2-D, where it would soften the edges of the image (axes and points set
        # their own hints).
        self.plot.setRenderHint(QPainter.RenderHint.Antialiasing, dims == 1)
        if dims == 2:
            item.setLabel("left", "x₂", color=_AXIS.name())
            item.setAspectLocked(True, ratio=1.0)
            item.showGrid(x=False, y=False)
        else:
            item.setLabel("left", "y" if task == "regression" else "class", color=_AXIS.name())
            item.setAspectLocked(False)
            item.showGrid(x=True, y=True, alpha=0.15)

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
        self.train_points.setPen(_TRAIN_PEN_VALUES if snap.task == "regression" else _TRAIN_PEN)
        for scatter, x, y in (
            (self.train_points, snap.x_train, snap.y_train),
            (self.test_points, snap.x_test, snap.y_test),
        ):
            if len(y) == 0:
                scatter.setData(x=[], y=[])
                continue
            px, py = self._point_xy(x, y, snap)
            scatter.setData(x=px, y=py, brush=self._brushes_for(np.asarray(y), snap))

    def _set_range(self, snap: Snapshot) -> None:
        xmin, xmax, ymin, ymax = (float(v) for v in snap.extent)
        item = self.plot.getPlotItem()
        if snap.dims == 2:
            self._image_rect = QRectF(xmin, ymin, xmax - xmin, ymax - ymin)
            # A hair of margin: an image flush with the plot's edge would make every frame
            # repaint the axis beside it too, and that axis is drawn by Python.
            item.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0.015)
            return
        ys = np.concatenate([np.asarray(snap.y_train, float), np.asarray(snap.y_test, float)])
        if snap.task == "classification":
            lo, hi = -0.25, max(1.0, snap.n_classes - 1.0) + 0.25
        elif ys.size:
            lo, hi = float(np.min(ys)), float(np.max(ys))
            pad = 0.15 * (hi - lo) or 0.5
            lo, hi = lo - pad, hi + pad
        else:
            lo, hi = -1.2, 1.2
        self._image_rect = QRectF(xmin, lo, xmax - xmin, hi - lo)
        item.setRange(xRange=(xmin, xmax), yRange=(lo, hi), padding=0.02)

    def _show_image(self, words: np.ndarray) -> None:
        """Show (H, W) RGB32 words, row 0 at ymin, stretched over the image rect."""
        words = np.ascontiguousarray(words, dtype=np.uint32)
        self._rgb32 = words
        h, w = words.shape
        image = QImage(words.data, w, h, 4 * w, QImage.Format.Format_RGB32)
        self._pixmap = QPixmap.fromImage(image)  # a copy: `words` may go
        r = self._image_rect
        if r is not None:
            key = (h, w, r.x(), r.y(), r.width(), r.height())
            if key != self._placed:
                self._placed = key
                # Pixel (u, v) -> data (x0 + u * w_px, y0 + v * h_px): row 0 at the bottom
                # of the plot, whose y axis points up.
                self.image.setTransform(
                    QTransform(r.width() / w, 0.0, 0.0, r.height() / h, r.x(), r.y())
                )
        self.image.setVisible(True)
        if self._live.active:
            self._place_live()
            self._live.image.setPixmap(self._pixmap)
        else:
            self.image.setPixmap(self._pixmap)

    def _set_live(self, on: bool) -> None:
        if on == self._live.active:
            return
        if on:
            self._live.show()
        else:
            self._live.hide()
            self.sync_scene()

    def _place_live(self, *_args: object) -> None:
        """Re-lay the live layer if the plot area or anything drawn over the image changed."""
        if not self._live.active:
            return
        key: tuple = (self._points_key, self.show_test)
        for scatter in (self.train_points, self.test_points):
            pen = scatter.opts["pen"]
            key += (
                scatter.isVisible(),
                scatter.opts["size"],
                pen.widthF(),
                pen.color().rgba(),
                len(scatter.data),
            )
        self._live.place(self.image, key)

    def _render(self, snap: Snapshot) -> None:
        b = np.asarray(snap.boundary)
        if snap.dims == 2:
            self.curve.setVisible(False)
            self._show_image(washed_rgb32(snap, self.discretize))
            return
        # 1-D: the prediction as a curve (regression value, or P(class 1) for a binary net),
        # over a background strip of the decision for classification.
        xmin, xmax = float(snap.extent[0]), float(snap.extent[1])
        g = b.shape[0]
        xs = xmin + (np.arange(g) + 0.5) * ((xmax - xmin) / g)
        if snap.task == "classification":
            self._show_image(washed_rgb32(snap, self.discretize)[None, :])
        else:
            self._rgb32 = None
            self.image.setVisible(False)
        show_curve = snap.task == "regression" or snap.n_classes <= 2
        self.curve.setVisible(show_curve)
        if show_curve:
            self.curve.setData(xs, np.nan_to_num(b.astype(np.float64)))
