"""The activation view: f and f′ of one layer's activation, with that layer's pre-activations.

The lecture's sigmoid is a "switch" whose slope is at most 0.25, and that slope is what
backpropagation multiplies the gradient by at every layer. This view draws, for the
selected weight layer, the activation ``f`` and its derivative ``f′`` straight from the
:data:`~nnsim.core.activations.ACTIVATIONS` registry, marks the largest slope, and puts
underneath a histogram of the layer's *current* pre-activations ``z`` on the training
set, so a student sees where the layer actually works: on the steep middle of the
sigmoid or out on its flat, saturated tails. It also reports the layer's saturated
fraction (sigmoid/tanh) or dead fraction (ReLU family).

The module also holds the small pieces every teaching view shares: rebuilding a core
:class:`~nnsim.core.network.Network` from a snapshot's weights, the network inputs and
targets of the snapshot's points, and :class:`TeachingView`, a widget base that
recomputes only while it is visible and at most a few times per second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS, Activation
from nnsim.core.experiment import Experiment, default_head
from nnsim.core.features import feature_matrix
from nnsim.core.losses import LOSSES
from nnsim.core.network import Network
from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import format_number
from nnsim.gui.colors import layer_color

__all__ = [
    "SATURATION_MARGIN",
    "ActivationStats",
    "ActivationView",
    "LayerCombo",
    "TeachingView",
    "activation_stats",
    "layer_activation",
    "layer_name",
    "loss_for",
    "regularization_for",
    "scaled_font",
    "snapshot_inputs",
    "snapshot_network",
    "snapshot_targets",
    "style_plot",
]

#: Activation values this close to a bound count as saturated (as in the core's stats).
SATURATION_MARGIN = 0.01
_AXIS = QColor(60, 60, 60)
_DARK = QColor(30, 30, 30)
_MAX_RANGE = 50.0  # |z| shown at most: beyond that every curve is flat anyway
_Y_CLIP = 1.6  # |f| shown at most, so f′ (<= 1) stays readable beside an unbounded f
_N_GRID = 801  # odd, so z = 0 is a grid point and sigmoid's maximum slope is exact
_WIDE_PX = 560  # from this width on, the figures' text sits right of the plots


# --------------------------------------------------------------------------- shared helpers


def snapshot_network(snap: Snapshot) -> Network:
    """A core network with the snapshot's architecture and weights.

    Parameters
    ----------
    snap : Snapshot
        Uses ``layer_sizes``, ``activations``, ``weights`` (fan_in, fan_out) and
        ``biases`` (fan_out,).

    Returns
    -------
    Network
        An independent copy; running it never touches the training thread's network.
    """
    net = Network(list(snap.layer_sizes), list(snap.activations))
    net.set_weights(snap.weights, snap.biases)
    return net


def snapshot_inputs(snap: Snapshot, points: np.ndarray | None = None) -> np.ndarray:
    """The network inputs of raw points, through the snapshot's input features.

    Parameters
    ----------
    snap : Snapshot
    points : (n, dims) array, optional
        Raw points; the training points ``snap.x_train`` when omitted.

    Returns
    -------
    (n, n_inputs) float64 array
    """
    pts = snap.x_train if points is None else points
    return feature_matrix(np.asarray(pts, dtype=np.float64), snap.features)


def snapshot_targets(snap: Snapshot, y: np.ndarray | None = None) -> np.ndarray:
    """Targets as the loss sees them (as ``Dataset.targets``).

    Parameters
    ----------
    snap : Snapshot
    y : (n,) array, optional
        Class indices or values; ``snap.y_train`` when omitted.

    Returns
    -------
    (n, k) float64 array
        Binary: a 0/1 column; k classes: one-hot; regression: the values as a column.
    """
    y = np.asarray(snap.y_train if y is None else y, dtype=np.float64).reshape(-1)
    k = int(snap.layer_sizes[-1])
    if k == 1:
        return y[:, None].copy()
    out = np.zeros((y.shape[0], k))
    out[np.arange(y.shape[0]), np.clip(y.astype(np.intp), 0, k - 1)] = 1.0
    return out


def loss_for(snap: Snapshot, exp: Experiment | None) -> str:
    """The loss the trainer uses: the experiment's, if it fits the snapshot's output.

    Right after an edit the snapshot may still be of the previous network; then (or
    without an experiment) the task's default loss is used.
    """
    out = snap.activations[-1]
    if exp is not None and exp.hyper.loss in LOSSES and LOSSES[exp.hyper.loss].accepts(out):
        return exp.hyper.loss
    loss, _ = default_head(snap.task, snap.n_classes)
    if not LOSSES[loss].accepts(out):
        loss = next(name for name, obj in LOSSES.items() if obj.accepts(out))
    return loss


def regularization_for(exp: Experiment | None) -> tuple[float, float]:
    """``(l1, l2)`` penalty rates of the experiment (zeros without one)."""
    if exp is None:
        return 0.0, 0.0
    h = exp.hyper
    return (
        float(h.reg_rate) if h.regularization == "l1" else 0.0,
        float(h.reg_rate) if h.regularization == "l2" else 0.0,
    )


def layer_name(i: int, n_layers: int) -> str:
    """Display name of weight layer ``i``: ``"hidden 1"`` ... or ``"output"``."""
    return "output" if i == n_layers - 1 else f"hidden {i + 1}"


def layer_activation(snap: Snapshot, i: int) -> Activation:
    """The :class:`Activation` of weight layer ``i`` (the output layer may be softmax)."""
    name = snap.activations[i]
    return OUTPUT_ACTIVATIONS[name] if name in OUTPUT_ACTIVATIONS else ACTIVATIONS[name]


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font, ``factor`` times larger (for numbers a class reads from afar)."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(max(8, round(font.pixelSize() * factor)))
    font.setBold(bold)
    return font


def style_plot(
    plot: pg.PlotWidget, left: str | None = None, bottom: str | None = None, left_width: int = 0
) -> None:
    """White background, dark axes, no mouse interaction (a stray drag loses nothing).

    ``left_width`` > 0 fixes the left axis width, so stacked plots line up their x axes.
    """
    item = plot.getPlotItem()
    if left_width:
        item.getAxis("left").setWidth(left_width)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(_AXIS)
        axis.setTextPen(_AXIS)
        axis.enableAutoSIPrefix(False)
    if left:
        item.setLabel("left", left, color=_AXIS.name())
    if bottom:
        item.setLabel("bottom", bottom, color=_AXIS.name())
    item.setMouseEnabled(x=False, y=False)
    item.setMenuEnabled(False)
    item.hideButtons()


class TeachingView(QWidget):
    """Base of the teaching views: keeps the latest snapshot, computes only when seen.

    A hidden dock costs nothing: :meth:`set_snapshot` only stores the snapshot, and the
    view recomputes when it is shown. While visible it recomputes at most once per
    :attr:`REFRESH_MS` (the last snapshot of a burst is always drawn). Accessors used by
    tests and by other views call :meth:`ensure_current` first.

    Attributes
    ----------
    snapshot : Snapshot or None
        The latest snapshot given.
    experiment : Experiment or None
        The current document (for the loss, learning rate and regularisation).
    """

    REFRESH_MS = 100

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshot: Snapshot | None = None
        self.experiment: Experiment | None = None
        self._dirty = False
        self._cooldown = QTimer(self)
        self._cooldown.setSingleShot(True)
        self._cooldown.setInterval(self.REFRESH_MS)
        self._cooldown.timeout.connect(self._on_cooldown)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Show ``snap`` (computed now if visible, else when the view is shown)."""
        self.snapshot = snap
        self._invalidate()

    def set_experiment(self, exp: Experiment) -> None:
        """Follow the edited document (loss, learning rate, regularisation)."""
        self.experiment = exp
        self._invalidate()

    def ensure_current(self) -> None:
        """Recompute now if anything changed since the last computation."""
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw from the latest snapshot (a no-op without one)."""
        self._dirty = False
        if self.snapshot is not None:
            self._render(self.snapshot)

    def _render(self, snap: Snapshot) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _invalidate(self) -> None:
        self._dirty = True
        if not self.isVisible() or self._cooldown.isActive():
            return
        self.refresh()
        self._cooldown.start()

    def _on_cooldown(self) -> None:
        if self._dirty and self.isVisible():
            self.refresh()
            self._cooldown.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_current()

    def hideEvent(self, event: QHideEvent) -> None:
        self._cooldown.stop()
        super().hideEvent(event)


class LayerCombo(QComboBox):
    """Chooses a weight layer: "hidden 1 · Sigmoid" ... "output · Sigmoid".

    Items are rebuilt only when the layers or their activations change, so the
    selection survives training frames.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key: tuple[str, ...] | None = None
        self.setToolTip("Which weight layer to show (hidden layers, then the output)")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def follow(self, snap: Snapshot, wanted: int) -> int:
        """Match the snapshot's layers; select ``wanted`` (clamped); return the selection."""
        key = tuple(snap.activations)
        n = len(key)
        wanted = int(np.clip(wanted, 0, n - 1))
        with QSignalBlocker(self):
            if key != self._key:
                self._key = key
                self.clear()
                for i in range(n):
                    label = layer_activation(snap, i).label
                    self.addItem(f"{layer_name(i, n).capitalize()} · {label}", i)
            if self.currentIndex() != wanted:
                self.setCurrentIndex(wanted)
        return wanted


# --------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class ActivationStats:
    """What the activation view computed for one layer.

    Attributes
    ----------
    layer : int
        Weight layer (0 = first hidden layer).
    activation : str
        Registry name.
    max_grad : float
        Largest f′(z) on the plotted range (sigmoid: 0.25 at z = 0); NaN for softmax.
    z_at_max : float
        Where it is reached (the first such z).
    mean_grad : float
        Mean f′(z) over the layer's pre-activations on the training set (NaN for softmax).
    sat_frac : float
        Fraction of the layer's activation values within :data:`SATURATION_MARGIN` of
        the activation's bounds (NaN when it has none).
    dead_units : int
        Rectifier units whose output is <= 0 for every training sample (0 otherwise).
    dead_frac : float
        ``dead_units / n_units`` for rectifiers, NaN otherwise.
    n_units : int
        Neurons in the layer.
    n_same : int
        Weight layers of the network with this activation.
    """

    layer: int
    activation: str
    max_grad: float
    z_at_max: float
    mean_grad: float
    sat_frac: float
    dead_units: int
    dead_frac: float
    n_units: int
    n_same: int


def activation_stats(
    act: Activation, z: np.ndarray, a: np.ndarray, layer: int, n_same: int, z_grid: np.ndarray
) -> ActivationStats:
    """Saturation, dead units and slopes of one layer.

    Parameters
    ----------
    act : Activation
    z, a : (n, units) arrays
        Pre-activations and activations of the layer on the training set.
    layer, n_same : int
        See :class:`ActivationStats`.
    z_grid : (m,) array
        Where the curve is drawn (for the maximum slope).
    """
    n_units = int(z.shape[1])
    elementwise = act.name != "softmax"
    if elementwise:
        g = act.grad(z_grid, act.fn(z_grid))
        k = int(np.argmax(g))
        max_grad, z_at_max = float(g[k]), float(z_grid[k])
        mean_grad = float(np.mean(act.grad(z, a))) if z.size else math.nan
    else:
        max_grad = z_at_max = mean_grad = math.nan
    if act.bounds is not None and a.size:
        lo, hi = act.bounds
        near = (a <= lo + SATURATION_MARGIN) | (a >= hi - SATURATION_MARGIN)
        sat = float(np.mean(near))
    else:
        sat = math.nan
    if act.rectifier and z.shape[0]:
        dead_units = int(np.sum(np.max(a, axis=0) <= 0.0))
        dead = dead_units / n_units
    else:
        dead_units, dead = 0, math.nan
    return ActivationStats(
        layer, act.name, max_grad, z_at_max, mean_grad, sat, dead_units, dead, n_units, n_same
    )


def _power_text(base: float, n: int) -> str:
    exp = "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(c)] for c in str(n))
    return f"{format_number(base)}{exp} = {format_number(base**n)}"


class ActivationView(TeachingView):
    """f and f′ of the selected layer's activation over its current pre-activations.

    Signals
    -------
    layer_changed(int)
        The user picked another weight layer.

    Attributes
    ----------
    layer : int
        The weight layer shown (0 = first hidden layer).
    stats : ActivationStats or None
        The figures of the last computation.
    """

    layer_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = 0
        self.stats: ActivationStats | None = None
        self._hist: tuple[np.ndarray, np.ndarray] = (np.zeros(1), np.zeros(0))

        self.combo = LayerCombo()
        self.combo.currentIndexChanged.connect(self._on_combo)
        self.formula = QLabel()
        self.formula.setFont(scaled_font(self, 1.15, bold=True))
        header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        header.addWidget(QLabel("Layer"))
        header.addWidget(self.combo)
        header.addSpacing(12)
        header.addWidget(self.formula, 1)

        self.curve_plot = pg.PlotWidget(background="w")
        style_plot(self.curve_plot, left="f, f′", left_width=54)
        citem = self.curve_plot.getPlotItem()
        citem.addLegend(offset=(8, 8), labelTextColor=_AXIS, brush=pg.mkBrush(255, 255, 255, 210))
        self.f_curve = citem.plot(pen=pg.mkPen(_DARK, width=3), name="f(z)")
        self.grad_curve = citem.plot(
            pen=pg.mkPen(layer_color(0), width=3, style=Qt.PenStyle.DashLine), name="f′(z)"
        )
        citem.addItem(pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(200, 200, 200)))
        citem.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(200, 200, 200)))
        self.max_marker = pg.ScatterPlotItem(
            size=11, pen=pg.mkPen(_DARK, width=1.5), brush=pg.mkBrush(255, 255, 255)
        )
        citem.addItem(self.max_marker)
        self.max_label = pg.TextItem(color=_DARK, anchor=(0.0, 1.0), fill=(255, 255, 255, 210))
        self.max_label.setFont(scaled_font(self, 1.1, bold=True))
        citem.addItem(self.max_label)
        self.curve_plot.setMinimumHeight(110)

        self.hist_plot = pg.PlotWidget(background="w")
        style_plot(
            self.hist_plot,
            left="count",
            bottom="z = x·W + b of this layer (training set)",
            left_width=54,
        )
        self.hist_bars = pg.BarGraphItem(x0=[0], x1=[1], height=[0], brush=layer_color(0))
        self.hist_plot.addItem(self.hist_bars)
        self.hist_plot.setXLink(self.curve_plot)
        self.hist_plot.setMinimumHeight(80)

        self.stats_label = QLabel()
        self.stats_label.setWordWrap(True)
        self.stats_label.setTextFormat(Qt.TextFormat.RichText)
        self.stats_label.setContentsMargins(6, 0, 6, 4)
        self.stats_label.setFont(scaled_font(self, 1.05))

        plots = QVBoxLayout()
        plots.setSpacing(2)
        plots.addWidget(self.curve_plot, 3)
        plots.addWidget(self.hist_plot, 2)
        # Wide and low (a bottom dock): the text goes beside the plots, not under them.
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(4)
        self.body.addLayout(plots, 3)
        self.body.addWidget(self.stats_label, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addLayout(self.body, 1)
        self.setMinimumSize(260, 240)

    # -- public API ------------------------------------------------------------------
    def set_layer(self, layer: int) -> None:
        """Show weight layer ``layer`` (0 = first hidden layer; clamped to the network)."""
        layer = int(layer)
        if layer == self.layer:
            return
        self.layer = layer
        self._invalidate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.width() >= _WIDE_PX and self.width() > 1.6 * self.height()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.body.direction() != direction:
            self.body.setDirection(direction)
            self.body.setStretch(1, 2 if wide else 0)

    def curve_data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The drawn curves: ``(z, f(z), f′(z))``, each (m,); empty for softmax."""
        self.ensure_current()
        z, f = self.f_curve.getData()
        _, g = self.grad_curve.getData()
        if z is None or g is None:
            e = np.zeros(0)
            return e, e, e
        return np.asarray(z), np.asarray(f), np.asarray(g)

    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """``(edges (b+1,), counts (b,))`` of the layer's pre-activations."""
        self.ensure_current()
        return self._hist

    # -- drawing ---------------------------------------------------------------------
    def _on_combo(self, index: int) -> None:
        if index < 0:
            return
        self.layer = int(self.combo.itemData(index))
        self.layer_changed.emit(self.layer)
        self.refresh()

    def _render(self, snap: Snapshot) -> None:
        self.layer = self.combo.follow(snap, self.layer)
        i = self.layer
        act = layer_activation(snap, i)
        net = snapshot_network(snap)
        with np.errstate(all="ignore"):
            zs, acts = net.forward_all(snapshot_inputs(snap))
        z, a = zs[i], acts[i + 1]
        finite = z[np.isfinite(z)]
        spread = float(np.percentile(np.abs(finite), 99.5)) if finite.size else 0.0
        R = float(min(_MAX_RANGE, max(6.0, math.ceil(spread * 1.1))))
        z_grid = np.linspace(-R, R, _N_GRID)
        n_same = sum(1 for name in snap.activations if name == act.name)
        stats = activation_stats(act, z, a, i, n_same, z_grid)
        self.stats = stats

        color = layer_color(i)
        self.grad_curve.setPen(pg.mkPen(color, width=3, style=Qt.PenStyle.DashLine))
        self.hist_bars.setOpts(brush=pg.mkBrush(color), pen=pg.mkPen(color.darker(130)))
        self.formula.setText(f"{act.label}:  f(z) = {act.formula}")
        if act.name == "softmax":
            self.f_curve.setData([], [])
            self.grad_curve.setData([], [])
            self.max_marker.setData([], [])
            self.max_label.setText("")
        else:
            f = act.fn(z_grid)
            g = act.grad(z_grid, f)
            self.f_curve.setData(z_grid, f)
            self.grad_curve.setData(z_grid, g)
            self.max_marker.setData([stats.z_at_max], [stats.max_grad])
            self.max_label.setText(f"max f′ = {format_number(stats.max_grad)}")
            self.max_label.setPos(stats.z_at_max + 0.02 * R, stats.max_grad)
            # The slope is the lesson: unbounded curves (ReLU, linear) leave the plot above
            # ±_Y_CLIP rather than squash f′ flat.
            lo = float(max(min(np.min(f), np.min(g), 0.0), -_Y_CLIP))
            hi = float(min(max(np.max(f), np.max(g), 1.0), _Y_CLIP))
            pad = 0.08 * (hi - lo)
            self.curve_plot.getPlotItem().setRange(
                xRange=(-R, R), yRange=(lo - pad, hi + pad * 2.5), padding=0
            )
        counts, edges = np.histogram(np.clip(finite, -R, R), bins=40, range=(-R, R))
        self._hist = (edges, counts)
        self.hist_bars.setOpts(x0=edges[:-1], x1=edges[1:], height=counts)
        self.hist_plot.getPlotItem().setYRange(0, max(1.0, float(counts.max()) * 1.08), padding=0)
        self.stats_label.setText(self._stats_text(act, stats, snap))

    def _stats_text(self, act: Activation, s: ActivationStats, snap: Snapshot) -> str:
        parts = []
        name = layer_name(s.layer, len(snap.activations))
        if act.bounds is not None:
            lo, hi = act.bounds
            parts.append(
                f"<b>Saturated: {s.sat_frac:.1%}</b> of {name}'s outputs are within "
                f"{SATURATION_MARGIN:g} of {lo:g} or {hi:g}, where f′ ≈ 0."
            )
        if act.rectifier:
            parts.append(
                f"<b>Dead: {s.dead_units} of {s.n_units} units ({s.dead_frac:.0%})</b> output 0 "
                "for every training sample, so they get no gradient."
            )
        if act.name == "softmax":
            parts.append(
                "Softmax couples its outputs, so it has no single f′(z); with the softmax "
                "cross-entropy loss dL/dz = a − y directly."
            )
        else:
            parts.append(f"Mean f′(z) on these samples: <b>{format_number(s.mean_grad)}</b>.")
            if s.max_grad < 1.0 - 1e-12:
                parts.append(
                    f"Backprop multiplies the gradient by f′(z) at every layer: through the "
                    f"{s.n_same} {act.label} layers of this network by at most "
                    f"<b>{_power_text(s.max_grad, s.n_same)}</b>."
                )
            else:
                parts.append(
                    f"f′ reaches {format_number(s.max_grad)}, so a layer need not shrink the "
                    "gradient on its way back."
                )
        return " ".join(parts)
