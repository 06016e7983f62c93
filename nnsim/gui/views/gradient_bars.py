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
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import format_number
from nnsim.gui.colors import layer_color
from nnsim.gui.i18n import Retranslating
from nnsim.gui.theme import Theme
from nnsim.gui.views.plot_style import (
    axis_label_text,
    curve_color,
    fit_plot,
    left_axis_width,
    style_plot,
    theme_plot,
)
from nnsim.gui.views.teaching import (
    TeachingView,
    honest_minimum,
    loss_for,
    regularization_for,
    snapshot_inputs,
    snapshot_network,
    snapshot_targets,
)

__all__ = ["GradientBars", "gradient_norms"]

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


class GradientBars(Retranslating, TeachingView):
    """Bars of the current per-layer gradient norms, log scale, first layer at the left.

    Attributes
    ----------
    norms : (L,) ndarray
        The values drawn (after :meth:`ensure_current`).
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self._norms = np.zeros(0)
        self._tops = np.zeros(0)
        self._labels: list[pg.TextItem] = []
        self._ticks: list[tuple[float, str]] = []
        self._n = -1

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(6, 4, 6, 0)
        self.plot = pg.PlotWidget()
        style_plot(self.plot)
        self._item = self.plot.getPlotItem()
        # Bars are drawn at log10(value); log mode only makes the axis label 10^k.
        self._item.setLogMode(x=False, y=True)
        self._item.showGrid(x=False, y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.7, brush=layer_color(0))
        self._item.addItem(self.bars)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.plot, 1)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    # -- language and theme ------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Header, tool tip, axis labels and the layer ticks in the UI language."""
        self.header.setToolTip(
            self.tr(
                "Each bar: the norm of dL/dW of one layer, from one backward pass over the "
                "whole training set with the current weights (log scale)."
            )
        )
        theme_plot(
            self.plot, self.theme, left="‖dL/dW‖", bottom=self.tr("layer (first at the left)")
        )
        self._set_ticks()
        fit_plot(self.plot, self.theme, QSize(220, 140), left_axis_width(self.theme, ("10⁻¹⁰",)))
        self.header.setText(self._header_text(self._norms))
        self.updateGeometry()

    def apply_theme(self, theme: Theme) -> None:
        """Style the chart's own items with ``theme`` (idempotent)."""
        self.theme = theme
        self.header.setFont(theme.font(1.1))
        self._item.getAxis("left").setWidth(left_axis_width(theme, ("10⁻¹⁰",)))
        self._color_bars()
        for label in self._labels:
            label.setColor(QColor(theme.foreground))
            label.setFont(theme.font(0.9))
        self.retranslate_ui()  # axis labels carry the theme's colour and size

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return honest_minimum(self)

    def painted_texts(self) -> list[str]:
        """Every text the chart paints now: axis labels, layer ticks, bar values."""
        out = [axis_label_text(self.plot, "left"), axis_label_text(self.plot, "bottom")]
        out += [text for _pos, text in self._ticks]
        out += [label.textItem.toPlainText() for label in self._labels]
        return [t for t in out if t]

    def _set_ticks(self) -> None:
        n = max(self._n, 0)
        self._ticks = [
            (float(i), self.tr("out", "the output layer's tick") if i == n - 1 else str(i + 1))
            for i in range(n)
        ]
        self._item.getAxis("bottom").setTicks([self._ticks] if n else None)

    def _color_bars(self) -> None:
        L = self._norms.size
        if L == 0:
            return
        colors = [curve_color(layer_color(i), self.theme) for i in range(L)]
        self.bars.setOpts(
            brushes=[pg.mkBrush(c) for c in colors],
            pens=[
                pg.mkPen(
                    c.lighter(140) if self.theme.dark else c.darker(140), width=self.theme.line
                )
                for c in colors
            ],
        )

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

    @property
    def value_labels(self) -> list[pg.TextItem]:
        """The value texts above the bars (one per layer; empty texts when too narrow)."""
        return list(self._labels)

    def bar_heights(self) -> np.ndarray:
        """The drawn bar tops, log10 of the norms (zero norms sit at the baseline)."""
        self.ensure_current()
        return self._tops.copy()

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
        self.bars.setOpts(x=x, y0=np.full(L, float(lo)), height=tops - lo, width=0.7)
        self._color_bars()
        span = max(hi - lo, 1.0)
        self._item.setRange(xRange=(-0.6, L - 0.4), yRange=(lo, hi + 0.18 * span), padding=0)
        if L != self._n:
            self._n = L
            self._set_ticks()
            for label in self._labels:
                self._item.removeItem(label)
            self._labels = []
            for _ in range(L):
                label = pg.TextItem(color=QColor(self.theme.foreground), anchor=(0.5, 1.0))
                label.setFont(self.theme.font(0.9))
                self._item.addItem(label, ignoreBounds=True)
                self._labels.append(label)
        self._tops = tops
        self._place_labels()
        self.header.setText(self._header_text(norms))

    def _place_labels(self) -> None:
        """Values above the bars, when the bars are wide enough to carry them."""
        norms, tops = self._norms, self._tops
        fm = QFontMetricsF(self.theme.font(0.9))
        need = max(_MIN_LABEL_PX, fm.horizontalAdvance("1.2e-05") + 4)
        wide = self.plot.width() / max(norms.size, 1) >= need
        for i, label in enumerate(self._labels[: norms.size]):
            label.setText(format_number(norms[i], 2) if wide else "")
            label.setPos(float(i), float(tops[i]))

    def _header_text(self, norms: np.ndarray) -> str:
        if norms.size < 2:
            return self.tr("Gradient reaching each layer, ‖dL/dW‖ on the training set.")
        if norms[0] > 0:
            r = norms[-1] / norms[0]
            if r >= 100:
                return self.tr(
                    "Output ÷ layer 1 = <b>{ratio}</b>: the first layer hardly learns."
                ).format(ratio=format_number(r))
            return self.tr("Output ÷ layer 1 = <b>{ratio}</b>.").format(ratio=format_number(r))
        return self.tr("Layer 1 gets <b>no gradient at all</b>.")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_labels()
