"""The activation view: f and f′ of one layer's activation, with that layer's pre-activations.

The lecture's sigmoid is a "switch" whose slope is at most 0.25, and that slope is what
backpropagation multiplies the gradient by at every hidden layer (at the output only
with mean squared error: cross-entropy's dL/dz = a − y has no f′; the bound the view
states is computed from the network and its loss, :func:`slope_factors`). This view draws, for the
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

Every view here says its texts in the UI language (:class:`~nnsim.gui.i18n.Retranslating`),
styles its own items with the window's theme (``apply_theme``) and lists the texts it
paints itself (``painted_texts``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS, Activation
from nnsim.core.experiment import Experiment, default_head
from nnsim.core.features import feature_matrix
from nnsim.core.losses import LOSSES, MeanSquaredError
from nnsim.core.network import Network
from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import format_number
from nnsim.gui.colors import layer_color
from nnsim.gui.i18n import Retranslating, localize
from nnsim.gui.theme import Theme

__all__ = [
    "SATURATION_MARGIN",
    "ActivationStats",
    "ActivationView",
    "LayerCombo",
    "TeachingView",
    "activation_stats",
    "axis_label_text",
    "fit_plot",
    "honest_minimum",
    "label_style",
    "left_axis_width",
    "on_ground",
    "output_slope_in_chain",
    "slope_factors",
    "theme_plot",
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
    """Display name of weight layer ``i`` in the UI language: "hidden 1" ... or "output"."""
    if i == n_layers - 1:
        return QCoreApplication.translate("TeachingView", "output")
    return QCoreApplication.translate("TeachingView", "hidden {n}").format(n=i + 1)


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
    """No mouse interaction (a stray drag loses nothing), no SI prefixes; default theme.

    ``left``/``bottom`` label the axes; ``left_width`` > 0 fixes the left axis width, so
    stacked plots line up their x axes. The owner restyles the plot with
    :func:`theme_plot` in its ``apply_theme``.
    """
    item = plot.getPlotItem()
    if left_width:
        item.getAxis("left").setWidth(left_width)
    for name in ("left", "bottom"):
        item.getAxis(name).enableAutoSIPrefix(False)
    item.setMouseEnabled(x=False, y=False)
    item.setMenuEnabled(False)
    item.hideButtons()
    theme_plot(plot, Theme(), left=left, bottom=bottom)


def label_style(theme: Theme) -> dict[str, str]:
    """CSS of an axis label (``PlotItem.setLabel``'s keyword arguments) for ``theme``."""
    return {"color": QColor(theme.foreground).name(), "font-size": f"{theme.pt():g}pt"}


def theme_plot(
    plot: pg.PlotWidget, theme: Theme, left: str | None = None, bottom: str | None = None
) -> None:
    """Background, axis pens, tick fonts and (given) axis labels of ``plot`` for ``theme``."""
    plot.setBackground(theme.background)
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.foreground, width=theme.line))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setTickFont(theme.font())
    style = label_style(theme)
    if left is not None:
        item.setLabel("left", left, **style)
    if bottom is not None:
        item.setLabel("bottom", bottom, **style)


def axis_label_text(plot: pg.PlotWidget, name: str) -> str:
    """The label drawn on axis ``name`` of ``plot`` ("" when it has none)."""
    axis = plot.getPlotItem().getAxis(name)
    return str(axis.labelText or "") if axis.label.isVisible() else ""


def left_axis_width(theme: Theme, samples: tuple[str, ...] = ("−0.00", "00000")) -> int:
    """A left axis wide enough for tick texts like ``samples`` and a rotated label."""
    ticks = QFontMetricsF(theme.font())
    widest = max(ticks.horizontalAdvance(s) for s in samples)
    return int(math.ceil(widest + 2 * ticks.height() + 12))


def fit_plot(plot: pg.PlotWidget, theme: Theme, floor: QSize, left_width: int) -> None:
    """Minimum size of ``plot`` so its axis labels are never clipped (honest layouts).

    The rotated left label needs the plot's height, the bottom label its width.
    """
    fm = QFontMetricsF(theme.font())
    left = fm.horizontalAdvance(axis_label_text(plot, "left"))
    bottom = fm.horizontalAdvance(axis_label_text(plot, "bottom"))
    bottom_h = 2 * fm.height() + 14 if axis_label_text(plot, "bottom") else fm.height() + 12
    plot.setMinimumSize(
        max(floor.width(), int(math.ceil(left_width + bottom + 24))),
        max(floor.height(), int(math.ceil(left + bottom_h + 16))),
    )


def on_ground(color: QColor, theme: Theme) -> QColor:
    """``color`` as a line or bar on ``theme``'s ground (dark ones lightened on black)."""
    c = QColor(color)
    if not theme.dark or c.lightnessF() >= 0.45:
        return c
    if c.hsvSaturationF() < 0.15:
        return QColor(255 - c.red(), 255 - c.green(), 255 - c.blue())
    return c.lighter(170)


def honest_minimum(widget: QWidget, floor: QSize | None = None) -> QSize:
    """The smallest size at which none of ``widget``'s laid-out texts is clipped.

    Qt's own hint is one line high for word-wrapped labels; at the minimum width they
    may need several, so the height is the layout's height for that width.
    """
    lay = widget.layout()
    if lay is None:
        return QSize(floor) if floor is not None else QSize(0, 0)
    m = lay.totalMinimumSize()
    w, h = m.width(), m.height()
    if floor is not None:
        w, h = max(w, floor.width()), max(h, floor.height())
    if lay.hasHeightForWidth():
        h = max(h, lay.totalMinimumHeightForWidth(w))
    return QSize(w, h)


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


class LayerCombo(Retranslating, QComboBox):
    """Chooses a weight layer: "Hidden 1 · Sigmoid" ... "Output · Sigmoid".

    Items are rebuilt only when the layers or their activations change, so the
    selection survives training frames; their texts follow the UI language.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key: tuple[str, ...] | None = None
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Tool tip and item texts in the UI language."""
        self.setToolTip(self.tr("Which weight layer to show (hidden layers, then the output)"))
        if self._key is not None:
            with QSignalBlocker(self):
                for i in range(min(self.count(), len(self._key))):
                    self.setItemText(i, self._item_text(i))

    def _item_text(self, i: int) -> str:
        key = self._key or ()
        name = key[i]
        act = OUTPUT_ACTIVATIONS[name] if name in OUTPUT_ACTIVATIONS else ACTIVATIONS[name]
        if i == len(key) - 1:
            return self.tr("Output · {activation}").format(activation=act.label)
        return self.tr("Hidden {n} · {activation}").format(n=i + 1, activation=act.label)

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
                    self.addItem(self._item_text(i), i)
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
    n_factors : int
        How many f′ of this activation backprop multiplies on its way to the first
        layer (:func:`slope_factors`).
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
    n_factors: int = 0

    @property
    def bound(self) -> float:
        """At most how much the f′ of this activation shrink a gradient on its way back.

        ``max_grad ** n_factors``: ``n_factors`` is how many of them backprop multiplies
        (:func:`slope_factors`: the hidden layers with this activation, and the output
        only when the loss goes through its f′). NaN for softmax.
        """
        return self.max_grad**self.n_factors


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


def slope_factors(activations: tuple[str, ...] | list[str], name: str, loss: str) -> int:
    """How many f′ of activation ``name`` backprop multiplies on its way to layer 0.

    Every hidden layer's dL/dz is dL/da × f′(z). The output's is too with mean squared
    error, but binary and softmax cross-entropy give dL/dz = a − y directly: no f′ of
    the output at all.
    """
    acts = list(activations)
    hidden = sum(1 for a in acts[:-1] if a == name)
    output = 1 if acts and acts[-1] == name and output_slope_in_chain(loss) else 0
    return hidden + output


def output_slope_in_chain(loss: str) -> bool:
    """Whether the loss's dL/dz at the output goes through the output's f′ (MSE only)."""
    return isinstance(LOSSES.get(loss), MeanSquaredError)


class ActivationView(Retranslating, TeachingView):
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
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    layer_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = 0
        self.stats: ActivationStats | None = None
        self.theme = Theme()
        self._hist: tuple[np.ndarray, np.ndarray] = (np.zeros(1), np.zeros(0))
        self._shown: tuple[Activation, ActivationStats, Snapshot, str] | None = None
        self._max_pos = (0.0, 0.0)

        self.combo = LayerCombo()
        self.combo.currentIndexChanged.connect(self._on_combo)
        self.layer_label = QLabel()
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setContentsMargins(6, 0, 6, 0)
        header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        header.addWidget(self.layer_label)
        header.addWidget(self.combo)
        header.addStretch(1)

        self.curve_plot = pg.PlotWidget()
        style_plot(self.curve_plot)
        citem = self.curve_plot.getPlotItem()
        self.legend = citem.addLegend(offset=(8, 8))
        self.f_curve = citem.plot(name="f(z)")
        self.grad_curve = citem.plot(name="f′(z)")
        self._zero_lines = [pg.InfiniteLine(pos=0, angle=90), pg.InfiniteLine(pos=0, angle=0)]
        for line in self._zero_lines:
            citem.addItem(line)
        self.max_marker = pg.ScatterPlotItem(size=11)
        citem.addItem(self.max_marker)
        self.max_label = self._make_max_label(self.theme)
        citem.addItem(self.max_label)

        self.hist_caption = QLabel()
        self.hist_caption.setWordWrap(True)
        self.hist_caption.setContentsMargins(6, 0, 6, 0)
        self.hist_plot = pg.PlotWidget()
        style_plot(self.hist_plot)
        self.hist_bars = pg.BarGraphItem(x0=[0], x1=[1], height=[0], brush=layer_color(0))
        self.hist_plot.addItem(self.hist_bars)
        self.hist_plot.setXLink(self.curve_plot)

        self.stats_label = QLabel()
        self.stats_label.setWordWrap(True)
        self.stats_label.setTextFormat(Qt.TextFormat.RichText)
        self.stats_label.setContentsMargins(6, 0, 6, 4)

        plots = QVBoxLayout()
        plots.setSpacing(2)
        plots.addWidget(self.curve_plot, 3)
        plots.addWidget(self.hist_plot, 2)
        # The wrapped texts in a column of their own: a layout holding a word-wrapped
        # label asks its height for the width as its minimum, and the plots' preferred
        # heights would become minimums with it.
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.hist_caption)
        texts.addWidget(self.stats_label)
        # Wide and low (a bottom dock): the text goes beside the plots, not under them.
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(4)
        self.body.addLayout(plots, 3)
        self.body.addLayout(texts, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.formula)
        layout.addLayout(self.body, 1)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    # -- language and theme ------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Labels, axis titles and the figures' sentences in the UI language."""
        self.layer_label.setText(self.tr("Layer"))
        self.hist_caption.setText(
            self.tr("Lower plot: histogram of this layer's z = x·W + b on the training set.")
        )
        theme_plot(self.curve_plot, self.theme, left="f, f′")
        theme_plot(self.hist_plot, self.theme, left=self.tr("count"), bottom="z")
        self._fit_plots()
        self._show_texts()
        self.updateGeometry()

    def apply_theme(self, theme: Theme) -> None:
        """Style the view's own items with ``theme`` (idempotent)."""
        self.theme = theme
        fg, bg = QColor(theme.foreground), QColor(theme.background)
        self.formula.setFont(theme.font(1.15, bold=True))
        self.stats_label.setFont(theme.font(1.05))
        self.hist_caption.setFont(theme.font())
        self.layer_label.setFont(theme.font())
        self.combo.setFont(theme.font())
        box = QColor(bg)
        box.setAlpha(210)
        self.legend.setBrush(pg.mkBrush(box))
        self.legend.setPen(pg.mkPen(theme.grid))
        self.legend.setLabelTextColor(fg)
        self.legend.setLabelTextSize(f"{theme.pt():g}pt")
        for _sample, label in self.legend.items:
            label.setText(label.text)  # re-render in the new colour and size
        self.legend.updateSize()
        self.f_curve.setPen(pg.mkPen(fg, width=3 * theme.line))
        for line in self._zero_lines:
            line.setPen(pg.mkPen(theme.grid, width=theme.line))
        self.max_marker.setPen(pg.mkPen(fg, width=1.5 * theme.line))
        self.max_marker.setBrush(pg.mkBrush(bg))
        self.max_marker.setSize(11 * theme.point)
        # A TextItem's fill is fixed when it is made: make the label anew.
        text = self.max_label.textItem.toPlainText()
        citem = self.curve_plot.getPlotItem()
        citem.removeItem(self.max_label)
        self.max_label = self._make_max_label(theme)
        self.max_label.setText(text)
        self.max_label.setPos(*self._max_pos)
        citem.addItem(self.max_label)
        w = left_axis_width(theme)
        self.curve_plot.getPlotItem().getAxis("left").setWidth(w)
        self.hist_plot.getPlotItem().getAxis("left").setWidth(w)
        self._color_layer()
        self.retranslate_ui()  # axis labels carry the theme's colour and size

    def _make_max_label(self, theme: Theme) -> pg.TextItem:
        box = QColor(theme.background)
        box.setAlpha(210)
        label = pg.TextItem(color=QColor(theme.foreground), anchor=(0.0, 1.0), fill=box)
        label.setFont(theme.font(1.1, bold=True))
        return label

    def _color_layer(self) -> None:
        color = on_ground(layer_color(self.layer), self.theme)
        self.grad_curve.setPen(
            pg.mkPen(color, width=3 * self.theme.line, style=Qt.PenStyle.DashLine)
        )
        edge = color.lighter(130) if self.theme.dark else color.darker(130)
        self.hist_bars.setOpts(brush=pg.mkBrush(color), pen=pg.mkPen(edge))

    def _fit_plots(self) -> None:
        w = left_axis_width(self.theme)
        lh = QFontMetricsF(self.theme.font()).height()
        fit_plot(self.curve_plot, self.theme, QSize(160, int(6 * lh)), w)
        fit_plot(self.hist_plot, self.theme, QSize(160, int(4 * lh)), w)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return honest_minimum(self)

    def painted_texts(self) -> list[str]:
        """Every text the plots paint now: axis labels, legend entries, the slope label."""
        out = [
            axis_label_text(self.curve_plot, "left"),
            axis_label_text(self.curve_plot, "bottom"),
            axis_label_text(self.hist_plot, "left"),
            axis_label_text(self.hist_plot, "bottom"),
            *(label.text for _sample, label in self.legend.items),
            self.max_label.textItem.toPlainText(),
        ]
        return [t for t in out if t]

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
        loss = loss_for(snap, self.experiment)
        stats = replace(
            activation_stats(act, z, a, i, n_same, z_grid),
            n_factors=slope_factors(snap.activations, act.name, loss),
        )
        self.stats = stats

        self._color_layer()
        if act.name == "softmax":
            self.f_curve.setData([], [])
            self.grad_curve.setData([], [])
            self.max_marker.setData([], [])
        else:
            f = act.fn(z_grid)
            g = act.grad(z_grid, f)
            self.f_curve.setData(z_grid, f)
            self.grad_curve.setData(z_grid, g)
            self.max_marker.setData([stats.z_at_max], [stats.max_grad])
            self._max_pos = (stats.z_at_max + 0.02 * R, stats.max_grad)
            self.max_label.setPos(*self._max_pos)
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
        self._shown = (act, stats, snap, loss)
        self._show_texts()

    def _show_texts(self) -> None:
        """The formula, the slope label and the figures' sentences (no recomputation)."""
        if self._shown is None:
            return
        act, stats, snap, loss = self._shown
        self.formula.setText(f"{act.label}:  f(z) = {act.formula}")
        if act.name == "softmax":
            self.max_label.setText("")
        else:
            self.max_label.setText(
                self.tr("max f′ = {value}").format(value=format_number(stats.max_grad))
            )
        self.stats_label.setText(self._stats_text(act, stats, snap, loss))

    def _stats_text(self, act: Activation, s: ActivationStats, snap: Snapshot, loss: str) -> str:
        parts = []
        n_layers = len(snap.activations)
        name = layer_name(s.layer, n_layers)
        if act.bounds is not None:
            lo, hi = act.bounds
            parts.append(
                self.tr(
                    "<b>Saturated: {percent}</b> of {layer}'s outputs are within {margin} of "
                    "{lo} or {hi}, where f′ ≈ 0."
                ).format(
                    percent=f"{s.sat_frac:.1%}",
                    layer=name,
                    margin=f"{SATURATION_MARGIN:g}",
                    lo=f"{lo:g}",
                    hi=f"{hi:g}",
                )
            )
        if act.rectifier:
            parts.append(
                self.tr(
                    "<b>Dead: {dead} of {units} units ({percent})</b> output 0 for every "
                    "training sample, so they get no gradient."
                ).format(dead=s.dead_units, units=s.n_units, percent=f"{s.dead_frac:.0%}")
            )
        if act.name == "softmax":
            parts.append(
                self.tr(
                    "Softmax couples its outputs, so it has no single f′(z); with the softmax "
                    "cross-entropy loss dL/dz = a − y directly."
                )
            )
            return " ".join(parts)
        parts.append(
            self.tr("Mean f′(z) on these samples: <b>{value}</b>.").format(
                value=format_number(s.mean_grad)
            )
        )
        through_output = output_slope_in_chain(loss)
        loss_label = localize(LOSSES[loss].label) if loss in LOSSES else loss
        if s.layer == n_layers - 1 and not through_output:
            parts.append(
                self.tr(
                    "This is the output layer: with {loss} its dL/dz = a − y directly, so its "
                    "f′ never multiplies the gradient."
                ).format(loss=loss_label)
            )
        if s.max_grad >= 1.0 - 1e-12:
            parts.append(
                self.tr(
                    "f′ reaches {value}, so a layer need not shrink the gradient on its way back."
                ).format(value=format_number(s.max_grad))
            )
        elif s.n_factors > 0:
            fields = {
                "activation": act.label,
                "n": s.n_factors,
                "bound": _power_text(s.max_grad, s.n_factors),
                "loss": loss_label,
            }
            if through_output:
                text = (
                    self.tr(
                        "Backprop multiplies the gradient by f′(z) at every layer on its way "
                        "back, the output's too (with {loss} dL/dz = dL/da × f′(z)): through "
                        "the one {activation} layer of this network by at most <b>{bound}</b>."
                    )
                    if s.n_factors == 1
                    else self.tr(
                        "Backprop multiplies the gradient by f′(z) at every layer on its way "
                        "back, the output's too (with {loss} dL/dz = dL/da × f′(z)): through "
                        "the {n} {activation} layers of this network by at most <b>{bound}</b>."
                    )
                )
            else:
                text = (
                    self.tr(
                        "Backprop multiplies the gradient by f′(z) at every hidden layer on its "
                        "way back; the output's dL/dz = a − y has no f′ with {loss}. Through "
                        "the one hidden {activation} layer of this network: at most "
                        "<b>{bound}</b>."
                    )
                    if s.n_factors == 1
                    else self.tr(
                        "Backprop multiplies the gradient by f′(z) at every hidden layer on its "
                        "way back; the output's dL/dz = a − y has no f′ with {loss}. Through "
                        "the {n} hidden {activation} layers of this network: at most "
                        "<b>{bound}</b>."
                    )
                )
            parts.append(text.format(**fields))
        return " ".join(parts)
