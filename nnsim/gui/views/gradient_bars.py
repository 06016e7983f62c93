"""The vanishing-gradient bar chart: each layer's gradient norm now, first layer at the left.

The per-layer curves of :class:`~nnsim.gui.views.plots.GradientPlot` show how gradient
norms develop over training; this chart answers the lecture's question at a glance:
*right now*, how much gradient reaches each layer? Bars are ``‖dL/dW_i‖₂`` on the whole
training set (one full-batch backward pass of the snapshot's weights, so it is defined
at step 0, before any training), on a log scale, coloured like the layer in the
network drawing. After ten sigmoid layers the first bar is orders of magnitude below
the last one; with ReLU they stay comparable.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import format_number
from nnsim.gui.colors import layer_color
from nnsim.gui.views.activation_view import (
    TeachingView,
    loss_for,
    regularization_for,
    scaled_font,
    snapshot_inputs,
    snapshot_network,
    snapshot_targets,
    style_plot,
)

__all__ = ["GradientBars", "gradient_norms"]

_DARK = QColor(30, 30, 30)
#: Label the bars with their values only when a bar is at least this wide (px).
_MIN_LABEL_PX = 46.0


def gradient_norms(snap: Snapshot, loss: str, l1: float = 0.0, l2: float = 0.0) -> np.ndarray:
    """``‖dL/dW_i‖₂`` of every weight layer on the whole training set.

    Parameters
    ----------
    snap : Snapshot
        Weights, points and targets.
    loss : str
        Loss name; ``l1``, ``l2`` the penalty rates (their gradient is included, as in
        the trainer's statistics).

    Returns
    -------
    (L,) float64 array
        Layer 0 (the first hidden layer) first, the output layer last.
    """
    net = snapshot_network(snap)
    with np.errstate(all="ignore"):
        _, grads = net.loss_and_gradients(
            snapshot_inputs(snap), snapshot_targets(snap), loss, l1, l2
        )
    return np.array([float(np.linalg.norm(dW)) for dW, _ in grads])


class GradientBars(TeachingView):
    """Bars of the current per-layer gradient norms, log scale, first layer at the left.

    Attributes
    ----------
    norms : (L,) ndarray
        The values drawn (after :meth:`ensure_current`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._norms = np.zeros(0)
        self._tops = np.zeros(0)
        self._labels: list[pg.TextItem] = []
        self._n = -1

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(6, 4, 6, 0)
        self.header.setFont(scaled_font(self, 1.1))
        self.header.setToolTip(
            "Each bar: the norm of dL/dW of one layer, from one backward pass over the whole "
            "training set with the current weights (log scale)."
        )
        self.plot = pg.PlotWidget(background="w")
        style_plot(
            self.plot,
            left="‖dL/dW‖ on the training set",
            bottom="layer (first at the left)",
            left_width=64,
        )
        self._item = self.plot.getPlotItem()
        # Bars are drawn at log10(value); log mode only makes the axis label 10^k.
        self._item.setLogMode(x=False, y=True)
        self._item.showGrid(x=False, y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.7, brush=layer_color(0))
        self._item.addItem(self.bars)
        self.plot.setMinimumSize(220, 140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.plot, 1)

    # -- data ------------------------------------------------------------------------
    @property
    def norms(self) -> np.ndarray:
        """Gradient norm of each weight layer, first hidden layer first."""
        self.ensure_current()
        return self._norms.copy()

    @property
    def ratio(self) -> float:
        """Last layer's norm divided by the first's (inf when the first gets none)."""
        n = self.norms
        if n.size == 0:
            return math.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.float64(n[-1]) / np.float64(n[0]))

    def bar_heights(self) -> np.ndarray:
        """The drawn bar tops, log10 of the norms (zero norms sit at the baseline)."""
        self.ensure_current()
        y0 = np.asarray(self.bars.opts["y0"], dtype=np.float64)
        return y0 + np.asarray(self.bars.opts["height"], dtype=np.float64)

    # -- drawing ---------------------------------------------------------------------
    def _render(self, snap: Snapshot) -> None:
        exp = self.experiment
        loss = loss_for(snap, exp)
        l1, l2 = regularization_for(exp)
        norms = gradient_norms(snap, loss, l1, l2)
        self._norms = norms
        L = norms.size
        positive = norms[np.isfinite(norms) & (norms > 0)]
        with np.errstate(divide="ignore"):
            logs = np.where(norms > 0, np.log10(np.where(norms > 0, norms, 1.0)), np.nan)
        if positive.size:
            lo = math.floor(float(np.log10(positive.min())) - 0.3)
            hi = float(np.log10(positive.max()))
        else:
            lo, hi = -3.0, 0.0
        tops = np.where(np.isfinite(logs), logs, lo)
        x = np.arange(L, dtype=np.float64)
        brushes = [pg.mkBrush(layer_color(i)) for i in range(L)]
        self.bars.setOpts(
            x=x,
            y0=np.full(L, float(lo)),
            height=tops - lo,
            width=0.7,
            brushes=brushes,
            pens=[pg.mkPen(layer_color(i).darker(140)) for i in range(L)],
        )
        span = max(hi - lo, 1.0)
        self._item.setRange(xRange=(-0.6, L - 0.4), yRange=(lo, hi + 0.18 * span), padding=0)
        if L != self._n:
            self._n = L
            ticks = [(float(i), "out" if i == L - 1 else str(i + 1)) for i in range(L)]
            self._item.getAxis("bottom").setTicks([ticks])
            for label in self._labels:
                self._item.removeItem(label)
            self._labels = []
            for _ in range(L):
                label = pg.TextItem(color=_DARK, anchor=(0.5, 1.0))
                self._item.addItem(label, ignoreBounds=True)
                self._labels.append(label)
        self._tops = tops
        self._place_labels()
        self.header.setText(self._header_text(snap, norms))

    def _place_labels(self) -> None:
        """Values above the bars, when the bars are wide enough to carry them."""
        norms, tops = self._norms, self._tops
        wide = self.plot.width() / max(norms.size, 1) >= _MIN_LABEL_PX
        for i, label in enumerate(self._labels[: norms.size]):
            label.setText(format_number(norms[i], 2) if wide else "")
            label.setPos(float(i), float(tops[i]))

    def _header_text(self, snap: Snapshot, norms: np.ndarray) -> str:
        if norms.size < 2:
            return "Gradient reaching the layer, ‖dL/dW‖ on the training set."
        if norms[0] > 0:
            r = norms[-1] / norms[0]
            tail = ": the first layer hardly learns." if r >= 100 else "."
            return f"Output ÷ layer 1 = <b>{format_number(r)}</b>{tail}"
        return "Layer 1 gets <b>no gradient at all</b>."

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_labels()
