"""The activation view: f and f′ of one layer's activation, with that layer's pre-activations.

The lecture's sigmoid is a "switch" whose slope is at most 0.25, and that slope is what
backpropagation multiplies the gradient by at every hidden layer (at the output only
with mean squared error: cross-entropy's dL/dz = a − y has no f′; the bound the view
states is computed from the network and its loss,
:func:`~nnsim.gui.views.activation_stats.slope_factors`). This view draws, for the
selected weight layer, the activation ``f`` and its derivative ``f′`` straight from the
:data:`~nnsim.core.activations.ACTIVATIONS` registry, marks the largest slope, and puts
underneath a histogram of the layer's *current* pre-activations ``z`` on the training
set, so a student sees where the layer actually works: on the steep middle of the
sigmoid or out on its flat, saturated tails. It also reports the layer's saturated
fraction (sigmoid/tanh) or dead fraction (ReLU family).

The figures are computed in :mod:`nnsim.gui.views.activation_stats`; the pieces every
teaching view shares (:class:`~nnsim.gui.views.teaching.TeachingView`, the snapshot's
network, inputs and targets) are in :mod:`nnsim.gui.views.teaching`, and the plots'
styling in :mod:`nnsim.gui.views.plot_style`.

Every teaching view says its texts in the UI language (:class:`~nnsim.gui.i18n.Retranslating`),
styles its own items with the window's theme (``apply_theme``) and lists the texts it
paints itself (``painted_texts``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnsim.core.activations import Activation
from nnsim.core.losses import LOSSES
from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import format_number
from nnsim.gui.colors import layer_color
from nnsim.gui.i18n import Retranslating, localize
from nnsim.gui.theme import Theme
from nnsim.gui.views.activation_stats import (
    SATURATION_MARGIN,
    ActivationStats,
    activation_stats,
    output_slope_in_chain,
    slope_factors,
)
from nnsim.gui.views.plot_style import (
    axis_label_text,
    curve_color,
    fit_plot,
    left_axis_width,
    style_plot,
    theme_plot,
)
from nnsim.gui.views.teaching import (
    LayerCombo,
    TeachingView,
    honest_minimum,
    layer_activation,
    layer_name,
    loss_for,
    snapshot_inputs,
    snapshot_network,
)

__all__ = ["ActivationView"]

_MAX_RANGE = 50.0  # |z| shown at most: beyond that every curve is flat anyway
_Y_CLIP = 1.6  # |f| shown at most, so f′ (<= 1) stays readable beside an unbounded f
_N_GRID = 801  # odd, so z = 0 is a grid point and sigmoid's maximum slope is exact
_WIDE_PX = 560  # from this width on, the figures' text sits right of the plots


def _power_text(base: float, n: int) -> str:
    exp = "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(c)] for c in str(n))
    return f"{format_number(base)}{exp} = {format_number(base**n)}"


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
        color = curve_color(layer_color(self.layer), self.theme)
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
        n_factors = slope_factors(snap.activations, act.name, loss)
        # softmax is not elementwise: no curve of f and f′ to draw.
        f = act.fn(z_grid) if act.name != "softmax" else None
        g = act.grad(z_grid, f) if f is not None else None
        stats = activation_stats(act, z, a, i, n_same, n_factors, z_grid, g)
        self.stats = stats

        self._color_layer()
        if f is None or g is None:
            self.f_curve.setData([], [])
            self.grad_curve.setData([], [])
            self.max_marker.setData([], [])
        else:
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
