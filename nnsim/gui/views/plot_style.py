"""How the teaching views style their small pyqtgraph plots with a theme.

The plots of the activation view and the gradient bars are for reading, not for
exploring: no mouse interaction, no SI prefixes, axis labels that are never clipped
(:func:`fit_plot`), and stacked plots whose x axes line up (:func:`left_axis_width`).
Each view styles its own plots in ``apply_theme`` with :func:`theme_plot` (DESIGN
convention 17), through pyqtgraph's public API only.

:func:`curve_color` is shared by every plot in the window, the live history plots and
the comparison window included: a line's colour kept readable on a dark ground.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from nnsim.gui.theme import Theme

__all__ = [
    "axis_label_text",
    "curve_color",
    "fit_plot",
    "label_style",
    "left_axis_width",
    "style_plot",
    "theme_axes",
    "theme_plot",
]


def curve_color(color: QColor | str, theme: Theme) -> QColor:
    """``color`` as a curve (or bar) on ``theme``'s ground.

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


def theme_axes(plot: pg.PlotWidget, theme: Theme, tick_font: QFont | None) -> None:
    """Background, axis lines and tick texts of ``plot`` for ``theme`` (not the labels).

    ``tick_font`` None keeps the widget's own font (the live history plots' normal look).
    """
    plot.setBackground(theme.background)
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.foreground, width=theme.line))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setTickFont(tick_font)


def theme_plot(
    plot: pg.PlotWidget, theme: Theme, left: str | None = None, bottom: str | None = None
) -> None:
    """Background, axis pens, tick fonts and (given) axis labels of ``plot`` for ``theme``."""
    theme_axes(plot, theme, theme.font())
    item = plot.getPlotItem()
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
