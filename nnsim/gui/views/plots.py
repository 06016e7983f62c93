"""Live plots: train/test loss and per-layer statistics over training steps.

Both plots follow DESIGN convention 7, in the manner of pyqtgraph's own
``scrollingPlots.py`` and ``PlotSpeedTest.py``: a stock ``PlotWidget`` made once, one
``PlotDataItem`` per curve fed with ``setData`` from the snapshot's decimated history
(bounded, so a million steps cost the same as a thousand), with clip-to-view and peak
downsampling; items are rebuilt only when the topology changes (the number of weight
layers, the history marks).

The axis ranges are "sticky": they move in jumps when the data leaves them or shrinks
well inside them, rather than on every frame as pyqtgraph's auto-range would, so the
tick labels stand still while a student reads them. The plots are for watching, not
exploring: mouse pan/zoom is off, so a stray drag during a lecture cannot lose the view.

Each plot re-translates its labels and legend on Qt's ``LanguageChange``
(``retranslate_ui``) and styles its own items with a :class:`~nnsim.gui.theme.Theme`
(``apply_theme``: background, axes, fonts, curve widths, legend), through pyqtgraph's
public API; curves created later (a layer added) take the theme too.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLayout,
    QLayoutItem,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import layer_color
from nnsim.gui.i18n import Retranslating
from nnsim.gui.theme import Theme


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


def _make_plot() -> pg.PlotWidget:
    """A compact plot with outward ticks and no mouse interaction, in the default theme.

    Its owner styles it (:func:`_style_axes`, axis labels) in ``apply_theme``.
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
    _style_axes(plot, Theme())
    return plot


def _add_curve(item: pg.PlotItem, color: QColor, theme: Theme, name: str) -> pg.PlotDataItem:
    """A curve in ``item``; ``name`` (English) heads its columns in a CSV export."""
    # About two drawn points per pixel column (peak mode keeps the min and max of each
    # bucket) instead of pyqtgraph's ten: a thick line costs per segment, and more
    # segments than pixels show nothing more; it halves the loss plot's paint time.
    # (A constructor option of PlotDataItem; were it ever dropped, curves would only be
    # drawn with more points.)
    curve = pg.PlotDataItem(pen=_curve_pen(color, theme), name=name, autoDownsampleFactor=1.0)
    item.addItem(curve)  # takes the plot's clip-to-view, downsampling and log mode
    return curve


# ---------------------------------------------------------------------------- theme

#: Curve width at Theme().line == 1, in pixels.
_CURVE_WIDTH = 2.0
#: The history marks' colour in the normal theme.
_MARK_COLOR = "#969696"
#: The per-layer plot's note in the normal theme.
_NOTE_COLOR = "#777777"


def curve_color(color: QColor | str, theme: Theme) -> QColor:
    """``color`` as a curve on ``theme``'s ground.

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


def _curve_pen(color: QColor, theme: Theme) -> QPen:
    return pg.mkPen(curve_color(color, theme), width=_CURVE_WIDTH * theme.line)


def _mark_pen(theme: Theme) -> QPen:
    color = _MARK_COLOR if theme.key == "normal" else theme.secondary if theme.dark else theme.grid
    return pg.mkPen(color, width=theme.line, style=Qt.PenStyle.DashLine)


def _tick_font(theme: Theme) -> QFont | None:
    """The axes' tick font: the widget's own at scale 1 (the normal look), else scaled."""
    return None if theme.scale == 1.0 else theme.font()


def _label_style(theme: Theme) -> dict[str, str]:
    """CSS of an axis label (``PlotItem.setLabel``'s keyword arguments)."""
    style = {"color": QColor(theme.foreground).name()}
    if theme.scale != 1.0:
        style["font-size"] = f"{theme.pt():g}pt"
    return style


def _style_axes(plot: pg.PlotWidget, theme: Theme) -> None:
    """Background, axis lines, tick texts and tick fonts of ``plot`` (not the labels)."""
    plot.setBackground(theme.background)
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.foreground, width=theme.line))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setTickFont(_tick_font(theme))


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


class _Marks:
    """Vertical lines at the history marks (edits of data or architecture)."""

    def __init__(self, item: pg.PlotItem) -> None:
        self._item = item
        self._lines: list[pg.InfiniteLine] = []
        self._steps: tuple[int, ...] = ()
        self._pen = _mark_pen(Theme())

    def set_pen(self, pen: QPen) -> None:
        """Draw the marks, present and future, with ``pen``."""
        self._pen = pen
        for line in self._lines:
            line.setPen(pen)

    def update(self, marks: np.ndarray) -> None:
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
        return self._steps

    @property
    def lines(self) -> list[pg.InfiniteLine]:
        """The lines drawn now."""
        return list(self._lines)


#: TF Playground's convention: test loss black, training loss grey.
_TEST_COLOR = QColor(30, 30, 30)
_TRAIN_COLOR = QColor(150, 150, 150)
#: Opacity of the loss legend's box over the curves.
_LEGEND_ALPHA = 200


def loss_curves(snap: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Steps, training and test loss of ``snap``'s curves, ending at the snapshot's step.

    The history records every few dozen steps (its cost budget); the curves still end
    at the step on screen, with the snapshot's own full-set losses, so at a slow pace
    they grow with every frame.
    """
    h = snap.history
    steps, train, test = h.step, h.train_loss, h.test_loss
    if len(h) and snap.step > steps[-1] and math.isfinite(snap.train_loss):
        steps = np.append(steps, snap.step)
        train = np.append(train, snap.train_loss)
        test = np.append(test, snap.test_loss)
    return steps, train, test


class LossPlot(Retranslating, QWidget):
    """Training and test loss against the training step.

    Attributes
    ----------
    train_curve, test_curve : pyqtgraph.PlotDataItem
        The two curves (created once).
    legend : pyqtgraph.LegendItem
        Their legend, in the view's top right corner.
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.plot = _make_plot()
        item = self.plot.getPlotItem()
        self.test_curve = _add_curve(item, _TEST_COLOR, self.theme, "test loss")
        self.train_curve = _add_curve(item, _TRAIN_COLOR, self.theme, "training loss")
        self.test_curve.setZValue(1)  # the one that matters stays on top
        # Made after the curves, so PlotItem does not list them under their English
        # (CSV) names; the entries' texts come from retranslate_ui.
        legend = item.addLegend(offset=(-8, 8))
        legend.addItem(self.test_curve, "test loss")
        legend.addItem(self.train_curve, "training loss")
        self.legend = legend
        self.range = StickyRange(item)
        self._marks = _Marks(item)
        self._key: tuple[int, int, int] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Axis labels and legend entries in the UI language."""
        item = self.plot.getPlotItem()
        style = _label_style(self.theme)
        item.setLabel("bottom", self.tr("step"), **style)
        item.setLabel("left", self.tr("loss"), **style)
        for curve, text in (
            (self.test_curve, self.tr("test loss")),
            (self.train_curve, self.tr("training loss")),
        ):
            label = self.legend.getLabel(curve)
            if label is not None:
                label.setText(text)
        self.legend.updateSize()

    def apply_theme(self, theme: Theme) -> None:
        """Style the plot's own items with ``theme`` (idempotent)."""
        self.theme = theme
        _style_axes(self.plot, theme)
        self.test_curve.setPen(_curve_pen(_TEST_COLOR, theme))
        self.train_curve.setPen(_curve_pen(_TRAIN_COLOR, theme))
        legend = self.legend
        box = QColor(theme.background)
        box.setAlpha(_LEGEND_ALPHA)
        legend.setBrush(box)
        legend.setLabelTextColor(QColor(theme.foreground))
        legend.setLabelTextSize(f"{theme.pt():g}pt")
        for sample, label in legend.items:
            label.setText(label.text)  # re-render in the new colour and size
            sample.update()  # its line follows the curve's pen
        self._marks.set_pen(_mark_pen(theme))
        self.retranslate_ui()  # the axis labels carry the theme's colour and size

    def legend_texts(self) -> list[str]:
        """The legend's entries as shown."""
        return [label.text for _sample, label in self.legend.items]

    @property
    def mark_steps(self) -> tuple[int, ...]:
        """Steps at which a vertical mark is drawn."""
        return self._marks.steps

    def set_snapshot(self, snap: Snapshot) -> None:
        """Show the loss history of ``snap`` (a no-op if the history did not change)."""
        h = snap.history
        n = len(h)
        steps, train, test = loss_curves(snap)
        key = (snap.run_id, n, int(steps[-1]) if n else -1)
        if key == self._key:
            return
        if self._key is None or key[0] != self._key[0]:
            self.range.reset()
        self._key = key
        # The range first: a curve fed into the old range would be clipped and
        # downsampled for it, then again for the new one.
        self.range.fit(steps, np.column_stack([train, test]), log_y=False)
        self.train_curve.setData(steps, train)
        self.test_curve.setData(steps, test)
        self._marks.update(h.marks)


@dataclass(frozen=True)
class LayerStat:
    """One per-layer statistic of :class:`~nnsim.core.snapshot.HistoryArrays`.

    ``label`` and ``empty_note`` are English, marked for translation in the context
    "GradientPlot" (shown with ``QCoreApplication.translate("GradientPlot", text)``).
    """

    field: str  # HistoryArrays attribute, shape (m, L)
    label: str
    scale: float  # multiply for display (fractions -> %)
    log: bool  # log y axis
    empty_note: str  # shown when no layer has the statistic (all NaN)


#: The statistics the gradient plot can show, in combo order.
LAYER_STATS: tuple[LayerStat, ...] = (
    LayerStat("grad_norm", QT_TRANSLATE_NOOP("GradientPlot", "Gradient norm ‖dW‖₂"), 1.0, True, ""),
    LayerStat(
        "mean_abs_act", QT_TRANSLATE_NOOP("GradientPlot", "Mean |activation|"), 1.0, True, ""
    ),
    LayerStat(
        "dead_frac",
        QT_TRANSLATE_NOOP("GradientPlot", "Dead ReLU units (%)"),
        100.0,
        False,
        QT_TRANSLATE_NOOP("GradientPlot", "no ReLU-family layers"),
    ),
    LayerStat(
        "sat_frac",
        QT_TRANSLATE_NOOP("GradientPlot", "Saturated activations (%)"),
        100.0,
        False,
        QT_TRANSLATE_NOOP("GradientPlot", "no sigmoid/tanh layers"),
    ),
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
    # In place on the copy and with slices rather than index arrays: this runs on every
    # plot refresh (thousands of records x layers) in the GUI thread.
    with np.errstate(divide="ignore", invalid="ignore"):
        if log:
            v[~(v > 0)] = np.nan
            np.log10(v, out=v)
        ok = np.isfinite(v)
        v[~ok] = 0.0
        # Trailing sums over `window` records: cumulative sums minus the ones `window` back.
        total = np.cumsum(v, axis=0)
        total[window:] -= total[:-window].copy()
        count = np.cumsum(ok, axis=0, dtype=np.float64)
        count[window:] -= count[:-window].copy()
        mean = total
        np.divide(total, count, out=mean)  # count >= 1 wherever ok
        mean[~ok] = np.nan
        if log:
            np.power(10.0, mean, out=mean)
    return mean


#: Records per smoothing window: about this many windows across the plot.
SMOOTH_WINDOWS = 30


class _FlowLayout(QLayout):
    """Items left to right, a new row only between two items (never inside one).

    The per-layer plot's header: the statistic's combo box, the smooth box, a note and
    one legend entry per layer. When the plot is narrow (or the text large) the entries
    go on to the next row whole, so no label is ever broken ("layer / 1"). Items of a
    row are centred vertically; hidden items take no room.
    """

    def __init__(self, spacing: int = 8, row_spacing: int = 2) -> None:
        super().__init__()
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._row_gap = row_spacing

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """One row of everything."""
        shown = [it.sizeHint() for it in self._items if not it.isEmpty()]
        m = self.contentsMargins()
        w = sum(s.width() for s in shown) + self._gap * max(0, len(shown) - 1)
        h = max((s.height() for s in shown), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest item (a row of its own)."""
        size = QSize()
        for it in self._items:
            if not it.isEmpty():
                size = size.expandedTo(it.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def rows(self) -> list[list[QLayoutItem]]:
        """The items row by row as laid out for the current width."""
        return self._rows(self.contentsRect().width())

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = []
        used = 0
        for it in self._items:
            if it.isEmpty():
                continue
            w = it.sizeHint().width()
            if rows and used + self._gap + w <= width:
                rows[-1].append(it)
                used += self._gap + w
            else:
                rows.append([it])
                used = w
        return rows

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = inner.y()
        rows = self._rows(inner.width())
        for row in rows:
            height = max(it.sizeHint().height() for it in row)
            x = inner.x()
            for it in row:
                hint = it.sizeHint()
                w = min(hint.width(), max(inner.width(), it.minimumSize().width()))
                if apply:
                    it.setGeometry(QRect(x, y + (height - hint.height()) // 2, w, hint.height()))
                x += w + self._gap
            y += height + self._row_gap
        if rows:
            y -= self._row_gap
        return y - rect.y() + m.bottom()


class GradientPlot(Retranslating, QWidget):
    """One curve per weight layer of a per-layer statistic (gradient norm by default).

    Curve i has the colour of layer i in the network panel
    (:func:`nnsim.gui.colors.layer_color`). Curves are rebuilt only when the number of
    weight layers changes.

    The legend sits in the header, not over the curves it would hide: one entry per
    layer, each whole on one line; entries that do not fit beside the combo box move to
    the next row.

    Attributes
    ----------
    curves : list[pyqtgraph.PlotDataItem]
        One per weight layer, in layer order.
    curve_names : list[str]
        Their English names (CSV export columns): "layer 1", ..., "output".
    legend_labels : list[QLabel]
        The legend entries, one per curve (shown in the UI language).
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.combo = QComboBox()
        for stat in LAYER_STATS:
            self.combo.addItem(stat.label, stat.field)  # translated in retranslate_ui
        self.smooth_box = QCheckBox()
        self.smooth_box.setChecked(True)
        self.note = QLabel()
        self.note.hide()
        self.plot = _make_plot()  # the combo box names the quantity
        # The header may take two rows (large text, a narrow dock): the plot gives way.
        self.plot.setMinimumHeight(60)
        self._item = self.plot.getPlotItem()
        self.curves: list[pg.PlotDataItem] = []
        self.curve_names: list[str] = []
        self.legend_labels: list[QLabel] = []
        self._legend_shown: list[str] = []
        self.range = StickyRange(self._item)
        self._marks = _Marks(self._item)
        self._snap: Snapshot | None = None
        self._key: tuple[int, int, int, int] | None = None
        self._empty = False  # the statistic applies to no layer: the note says so

        self.header = header = _FlowLayout()
        header.setContentsMargins(4, 2, 4, 0)
        header.addWidget(self.combo)
        header.addWidget(self.smooth_box)
        header.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.plot, 1)
        self.combo.currentIndexChanged.connect(self._on_stat_changed)
        self.smooth_box.toggled.connect(self._on_smooth_toggled)
        self._apply_stat_axes()
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Header, axis label and legend in the UI language."""
        with QSignalBlocker(self.combo):
            for i, stat in enumerate(LAYER_STATS):
                self.combo.setItemText(i, QCoreApplication.translate("GradientPlot", stat.label))
        self.combo.setToolTip(self.tr("Which per-layer statistic to plot"))
        self.smooth_box.setText(self.tr("smooth"))
        self.smooth_box.setToolTip(
            self.tr(
                "Average over a sliding window: batch statistics are noisy, the trend is the lesson"
            )
        )
        self._item.setLabel("bottom", self.tr("step"), **_label_style(self.theme))
        self._set_legend_text()
        self._show_note()

    def apply_theme(self, theme: Theme) -> None:
        """Style the plot's own items with ``theme`` (idempotent; later curves too)."""
        self.theme = theme
        _style_axes(self.plot, theme)
        for i, curve in enumerate(self.curves):
            curve.setPen(_curve_pen(layer_color(i), theme))
        self._marks.set_pen(_mark_pen(theme))
        note = _NOTE_COLOR if theme.key == "normal" else QColor(theme.secondary).name()
        self.note.setStyleSheet(f"color: {note};")
        self.retranslate_ui()  # the axis label and the legend's swatches follow the theme

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

    def legend_texts(self) -> list[str]:
        """The legend's entries as shown (one per curve)."""
        return list(self._legend_shown)

    # ------------------------------------------------------------------ internals
    def _ensure_curves(self, n_layers: int) -> None:
        if len(self.curves) == n_layers:
            return
        for curve in self.curves:
            self._item.removeItem(curve)
        for label in self.legend_labels:
            self.header.removeWidget(label)
            label.deleteLater()
        self.curves = []
        self.curve_names = []
        self.legend_labels = []
        for i in range(n_layers):
            name = "output" if i == n_layers - 1 else f"layer {i + 1}"
            self.curves.append(_add_curve(self._item, layer_color(i), self.theme, name))
            self.curve_names.append(name)
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(False)
            self.header.addWidget(label)
            self.legend_labels.append(label)
        self._set_legend_text()

    def _set_legend_text(self) -> None:
        n = len(self.legend_labels)
        self._legend_shown = []
        for i, label in enumerate(self.legend_labels):
            shown = self.tr("output") if i == n - 1 else self.tr("layer {n}").format(n=i + 1)
            self._legend_shown.append(shown)
            color = curve_color(layer_color(i), self.theme)
            label.setText(
                f'<span style="color:{color.name()}; font-weight:bold;">━</span>'
                f"&nbsp;{html.escape(shown)}"
            )

    def _show_note(self) -> None:
        note = self.stat.empty_note if self._empty else ""
        self.note.setText(QCoreApplication.translate("GradientPlot", note) if note else "")
        self.note.setVisible(bool(note))

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
        self.range.fit(h.step, values, log_y=stat.log)  # before the curves: see LossPlot
        columns = np.ascontiguousarray(values.T)  # one contiguous row per curve
        for curve, y in zip(self.curves, columns, strict=True):
            curve.setData(h.step, y)
        empty = len(h) > 0 and not bool(np.isfinite(values).any())
        if empty != self._empty or empty:
            self._empty = empty
            self._show_note()
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
