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

The plots are assembled from :mod:`nnsim.gui.views.history_plot` (the plot widget,
curves, sticky ranges, marks and their pens) and fed from
:mod:`nnsim.gui.views.history_data` (the curves' data, without Qt).
"""

from __future__ import annotations

import html
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
from PySide6.QtGui import QColor
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
from nnsim.gui.views.history_data import SMOOTH_WINDOWS, loss_curves, smooth_history
from nnsim.gui.views.history_plot import (
    HistoryMarks,
    StickyRange,
    add_curve,
    axis_label_style,
    curve_pen,
    make_plot,
    mark_pen,
    style_axes,
    style_legend,
)
from nnsim.gui.views.plot_style import curve_color

__all__ = ["LAYER_STATS", "GradientPlot", "LayerStat", "LossPlot"]


#: The per-layer plot's note in the normal theme.
_NOTE_COLOR = "#777777"
#: TF Playground's convention: test loss black, training loss grey.
_TEST_COLOR = QColor(30, 30, 30)
_TRAIN_COLOR = QColor(150, 150, 150)


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
        self.plot = make_plot()
        item = self.plot.getPlotItem()
        self.test_curve = add_curve(item, _TEST_COLOR, self.theme, "test loss")
        self.train_curve = add_curve(item, _TRAIN_COLOR, self.theme, "training loss")
        self.test_curve.setZValue(1)  # the one that matters stays on top
        # Made after the curves, so PlotItem does not list them under their English
        # (CSV) names; the entries' texts come from retranslate_ui.
        legend = item.addLegend(offset=(-8, 8))
        legend.addItem(self.test_curve, "test loss")
        legend.addItem(self.train_curve, "training loss")
        self.legend = legend
        self.range = StickyRange(item)
        self._marks = HistoryMarks(item)
        self._key: tuple[int, int, int] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Axis labels and legend entries in the UI language."""
        item = self.plot.getPlotItem()
        style = axis_label_style(self.theme)
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
        style_axes(self.plot, theme)
        self.test_curve.setPen(curve_pen(_TEST_COLOR, theme))
        self.train_curve.setPen(curve_pen(_TRAIN_COLOR, theme))
        style_legend(self.legend, theme)
        self._marks.set_pen(mark_pen(theme))
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
        self.plot = make_plot()  # the combo box names the quantity
        # The header may take two rows (large text, a narrow dock): the plot gives way.
        self.plot.setMinimumHeight(60)
        self._item = self.plot.getPlotItem()
        self.curves: list[pg.PlotDataItem] = []
        self.curve_names: list[str] = []
        self.legend_labels: list[QLabel] = []
        self._legend_shown: list[str] = []
        self.range = StickyRange(self._item)
        self._marks = HistoryMarks(self._item)
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
        self._item.setLabel("bottom", self.tr("step"), **axis_label_style(self.theme))
        self._set_legend_text()
        self._show_note()

    def apply_theme(self, theme: Theme) -> None:
        """Style the plot's own items with ``theme`` (idempotent; later curves too)."""
        self.theme = theme
        style_axes(self.plot, theme)
        for i, curve in enumerate(self.curves):
            curve.setPen(curve_pen(layer_color(i), theme))
        self._marks.set_pen(mark_pen(theme))
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
            self.curves.append(add_curve(self._item, layer_color(i), self.theme, name))
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
