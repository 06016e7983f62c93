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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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


def _make_plot(left: str | None) -> pg.PlotWidget:
    """A white, compact plot with dark axes (projectors wash out dark themes)."""
    plot = pg.PlotWidget(
        background=_BACKGROUND,
        axisItems={"left": _Axis("left"), "bottom": _Axis("bottom")},
    )
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(_AXIS)
        axis.setTextPen(_AXIS)
        axis.enableAutoSIPrefix(False)  # "loss (x0.001)" confuses more than it saves
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


def _add_curve(item: pg.PlotItem, pen: QPen) -> pg.PlotDataItem:
    curve = item.plot(pen=pen)
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
        with np.errstate(divide="ignore", invalid="ignore"):
            if log_y:
                v = np.log10(np.where(v > 0, v, np.nan))
            v = v[np.isfinite(v)]
        if v.size == 0:
            return
        lo, hi = float(v.min()), float(v.max())
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
        legend = item.addLegend(
            offset=(-8, 8), labelTextColor=_AXIS, brush=pg.mkBrush(255, 255, 255, 200)
        )
        # TF Playground's convention: test loss black, training loss grey.
        self.test_curve = _add_curve(item, pg.mkPen(QColor(30, 30, 30), width=2))
        self.train_curve = _add_curve(item, pg.mkPen(QColor(150, 150, 150), width=2))
        self.test_curve.setZValue(1)  # the one that matters stays on top
        legend.addItem(self.test_curve, tr("test loss"))
        legend.addItem(self.train_curve, tr("training loss"))
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
        self.train_curve.setData(h.step, h.train_loss)
        self.test_curve.setData(h.step, h.test_loss)
        self.range.fit(h.step, np.column_stack([h.train_loss, h.test_loss]), log_y=False)
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
    with np.errstate(divide="ignore", invalid="ignore"):
        if log:
            v = np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)
        ok = np.isfinite(v)
        csum = np.concatenate([np.zeros((1, v.shape[1])), np.cumsum(np.where(ok, v, 0.0), 0)])
        ccnt = np.concatenate([np.zeros((1, v.shape[1])), np.cumsum(ok, 0)])
        hi = np.arange(1, v.shape[0] + 1)
        lo = np.maximum(0, hi - window)
        total = csum[hi] - csum[lo]
        count = ccnt[hi] - ccnt[lo]
        mean = np.where(ok & (count > 0), total / np.where(count > 0, count, 1), np.nan)
    return np.power(10.0, mean) if log else mean


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
        for i, curve in enumerate(self.curves):
            curve.setData(h.step, values[:, i])
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
