"""The parts both live history plots are built from (:mod:`nnsim.gui.views.plots`).

A stock pyqtgraph ``PlotWidget`` made once (:func:`make_plot`: outward ticks, no
mouse interaction, clip-to-view and peak downsampling), curves added to it
(:func:`add_curve`), axis ranges that follow the data in jumps so the tick labels stand
still (:class:`StickyRange`), vertical lines at the history marks
(:class:`HistoryMarks`), and the pens, axis and legend styles a
:class:`~nnsim.gui.theme.Theme` gives them (the comparison window's overlays use them
too), through pyqtgraph's public API (DESIGN conventions 7 and 17).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

from nnsim.gui.theme import Theme
from nnsim.gui.views.plot_style import curve_color, theme_axes

__all__ = [
    "HistoryMarks",
    "StickyRange",
    "add_curve",
    "axis_label_style",
    "curve_pen",
    "make_plot",
    "mark_pen",
    "style_axes",
    "style_legend",
]


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


def make_plot() -> pg.PlotWidget:
    """A compact plot with outward ticks and no mouse interaction, in the default theme.

    Its owner styles it (:func:`style_axes`, axis labels) in ``apply_theme``.
    """
    plot = pg.PlotWidget(
        background=Theme().background,
        axisItems={"left": _Axis("left"), "bottom": _Axis("bottom")},
    )
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.enableAutoSIPrefix(False)  # "loss (x0.001)" confuses more than it saves
        axis.setStyle(tickLength=5)  # outward: inward ticks would cross the curves
    # Curves get these when added (PlotItem.addItem). Clip-to-view needs a fixed x range,
    # which StickyRange sets; peak mode keeps every spike of a noisy loss visible.
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")
    item.setMouseEnabled(x=False, y=False)
    item.setMenuEnabled(False)
    item.hideButtons()
    item.disableAutoRange()
    plot.setMinimumSize(160, 100)
    style_axes(plot, Theme())
    return plot


def add_curve(item: pg.PlotItem, color: QColor, theme: Theme, name: str) -> pg.PlotDataItem:
    """A curve in ``item``; ``name`` (English) heads its columns in a CSV export."""
    # About two drawn points per pixel column (peak mode keeps the min and max of each
    # bucket) instead of pyqtgraph's ten: a thick line costs per segment, and more
    # segments than pixels show nothing more; it halves the loss plot's paint time.
    # (A constructor option of PlotDataItem; were it ever dropped, curves would only be
    # drawn with more points.)
    curve = pg.PlotDataItem(pen=curve_pen(color, theme), name=name, autoDownsampleFactor=1.0)
    item.addItem(curve)  # takes the plot's clip-to-view, downsampling and log mode
    return curve


# ---------------------------------------------------------------------------- theme

#: Curve width at Theme().line == 1, in pixels.
_CURVE_WIDTH = 2.0
#: Opacity of a legend's box over the curves.
_LEGEND_ALPHA = 200
#: The history marks' colour in the normal theme.
_MARK_COLOR = "#969696"


def curve_pen(color: QColor, theme: Theme, style: Qt.PenStyle | None = None) -> QPen:
    """A curve's pen: ``color`` kept readable on ``theme``'s ground, the theme's line width.

    ``style`` dashes it (the comparison window's run B); solid when omitted.
    """
    return pg.mkPen(curve_color(color, theme), width=_CURVE_WIDTH * theme.line, style=style)


def mark_pen(theme: Theme) -> QPen:
    """The dashed pen of the history marks on ``theme``."""
    color = _MARK_COLOR if theme.key == "normal" else theme.secondary if theme.dark else theme.grid
    return pg.mkPen(color, width=theme.line, style=Qt.PenStyle.DashLine)


def _tick_font(theme: Theme) -> QFont | None:
    """The axes' tick font: the widget's own at scale 1 (the normal look), else scaled."""
    return None if theme.scale == 1.0 else theme.font()


def axis_label_style(theme: Theme) -> dict[str, str]:
    """CSS of an axis label (``PlotItem.setLabel``'s keyword arguments).

    At the normal scale the label keeps pyqtgraph's own size (the normal look), unlike
    the teaching plots' :func:`~nnsim.gui.views.plot_style.label_style`.
    """
    style = {"color": QColor(theme.foreground).name()}
    if theme.scale != 1.0:
        style["font-size"] = f"{theme.pt():g}pt"
    return style


def style_axes(plot: pg.PlotWidget, theme: Theme) -> None:
    """Background, axis lines, tick texts and tick fonts of ``plot`` (not the labels)."""
    theme_axes(plot, theme, _tick_font(theme))


def style_legend(legend: pg.LegendItem, theme: Theme) -> None:
    """A legend over the curves: a translucent box, its texts in ``theme``'s colour and size."""
    box = QColor(theme.background)
    box.setAlpha(_LEGEND_ALPHA)
    legend.setBrush(box)
    legend.setLabelTextColor(QColor(theme.foreground))
    legend.setLabelTextSize(f"{theme.pt():g}pt")
    for sample, label in legend.items:
        label.setText(label.text)  # re-render in the new colour and size
        sample.update()  # its line follows the curve's pen


_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def _nice_ceil(x: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) >= x > 0."""
    p = 10.0 ** np.floor(np.log10(x))
    for k in _NICE:
        if k * p >= x * (1 - 1e-12):
            return k * p
    return 10.0 * p


class StickyRange:
    """Axis ranges that follow the data in jumps, so the tick labels stand still.

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
        """Forget both ranges: the next :meth:`fit` sets them anew (a new run, statistic)."""
        self.x = self.y = None

    def fit(self, x: np.ndarray, ys: np.ndarray, log_y: bool) -> None:
        """Adjust the view to steps ``x`` (m,) and values ``ys`` (m,) or (m, k)."""
        if x.size == 0:
            if self.x is None:
                # Before the first record: a plain empty chart (steps 0-10, a value
                # range with room for its top label; on a log axis 0.001-10), not
                # pyqtgraph's 0-1 square with "1.0" cut at the top edge.
                y_range = (-3.3, 1.3) if log_y else (-self.PAD, 1 + self.PAD)
                self._item.setXRange(0.0, 10.0, padding=0)
                self._item.setYRange(*y_range, padding=0)
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


class HistoryMarks:
    """Vertical lines at the history marks (edits of data or architecture)."""

    def __init__(self, item: pg.PlotItem) -> None:
        self._item = item
        self._lines: list[pg.InfiniteLine] = []
        self._steps: tuple[int, ...] = ()
        self._pen = mark_pen(Theme())

    def set_pen(self, pen: QPen) -> None:
        """Draw the marks, present and future, with ``pen``."""
        self._pen = pen
        for line in self._lines:
            line.setPen(pen)

    def update(self, marks: np.ndarray) -> None:
        """Draw a line at each step of ``marks`` (m,) (the history's ``marks``)."""
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
        """The steps marked now."""
        return self._steps

    @property
    def lines(self) -> list[pg.InfiniteLine]:
        """The lines drawn now."""
        return list(self._lines)
