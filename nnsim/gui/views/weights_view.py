"""The weight-matrix view: a layer's W as a heatmap, and x · W + b = z for one sample.

The lecture's picture of a layer is a matrix product: row i of ``W`` belongs to
incoming feature i, column j is the recipe of new feature j, and for a data row ``x``
the new features are ``z = x·W + b``, then ``a = f(z)``. :class:`WeightsCanvas` paints
exactly that: the sample's inputs ``x`` as a column beside the rows of ``W`` they
multiply, ``W`` in the one diverging colour scale (orange negative, white 0, blue
positive) with the numbers printed when they fit, and under each column its bias, its
``z`` and its ``f(z)``. Clicking a column selects that neuron (the main window lights
it up in the network drawing) and writes its weighted sum out term by term, computed
by :func:`~nnsim.core.walkthrough.neuron_equation`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from nnsim.core.features import FEATURES
from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import format_number, neuron_equation
from nnsim.gui.colors import contrast_color, value_to_rgba
from nnsim.gui.i18n import Retranslating
from nnsim.gui.number_field import SAMPLE_FIELD, WholeField
from nnsim.gui.theme import Theme
from nnsim.gui.views.teaching import (
    LayerCombo,
    TeachingView,
    honest_minimum,
    layer_activation,
    layer_name,
    snapshot_inputs,
    snapshot_network,
)

__all__ = ["CanvasData", "WeightsCanvas", "WeightsView", "input_labels"]

_MARGIN = 6.0
_MAX_CELL_W = 96.0
_MAX_CELL_H = 44.0
_MIN_FONT_PX = 8


def input_labels(snap: Snapshot, layer: int) -> list[str]:
    """Names of the rows of ``W[layer]``: the feature labels, or the previous layer's units."""
    if layer == 0:
        return [FEATURES[name].label if name in FEATURES else name for name in snap.features]
    n_prev = snap.layer_sizes[layer]
    short = f"h{layer}"
    return [f"{short}.{u + 1}" for u in range(n_prev)]


def _rgba_color(values: np.ndarray, vmin: float, vmax: float) -> list[QColor]:
    rgba = value_to_rgba(np.asarray(values, dtype=np.float64), vmin, vmax).reshape(-1, 4)
    return [QColor(int(r), int(g), int(b)) for r, g, b, _ in rgba]


def _symmetric(values: np.ndarray) -> float:
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    m = float(np.max(np.abs(v))) if v.size else 0.0
    return m if m > 0 else 1.0


@dataclass(frozen=True, eq=False)
class CanvasData:
    """What :class:`WeightsCanvas` draws.

    Attributes
    ----------
    W : (r, c) ndarray
        The matrix; row i = incoming feature i, column j = new feature j.
    b : (c,) ndarray or None
        Biases, drawn as a row under ``W``.
    row_labels, col_labels : sequence of str
        Names of the rows (incoming features) and columns (new features).
    x : (r,) ndarray or None
        A sample's inputs, drawn as a column left of ``W`` (x_i beside row i).
    z, a : (c,) ndarray or None
        ``x·W + b`` and ``f(z)``, drawn as rows under ``b``.
    a_range : (float, float) or None
        Colour range of ``a`` (the activation's bounds); symmetric around 0 if None.
    """

    W: np.ndarray
    b: np.ndarray | None = None
    row_labels: Sequence[str] = ()
    col_labels: Sequence[str] = ()
    x: np.ndarray | None = None
    z: np.ndarray | None = None
    a: np.ndarray | None = None
    a_range: tuple[float, float] | None = None


class WeightsCanvas(Retranslating, QWidget):
    """Paints a weight matrix (and optionally x, b, z, f(z)) with clickable columns.

    Signals
    -------
    column_clicked(int)
        A column (a new feature, i.e. a neuron) was clicked.

    Attributes
    ----------
    data : CanvasData or None
    selected : int or None
        The highlighted column.
    theme : Theme
        The theme applied (:meth:`apply_theme`): the ground, the labels' colour and size.
        The cells keep the data's colours, with black or white numbers on them.
    """

    column_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: CanvasData | None = None
        self.selected: int | None = None
        self.theme = Theme()
        self.setMouseTracking(False)
        self.setAutoFillBackground(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The painted labels are math and names; the tool tips are made when asked."""
        self.update()

    def apply_theme(self, theme: Theme) -> None:
        """Ground, label colour and label size from ``theme`` (idempotent)."""
        self.theme = theme
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor(theme.background))
        self.setPalette(pal)
        self.updateGeometry()
        self.update()

    # -- data --------------------------------------------------------------------------
    def set_data(self, data: CanvasData | None) -> None:
        """Draw ``data`` (None clears the canvas)."""
        self.data = data
        if data is not None and self.selected is not None and self.selected >= data.W.shape[1]:
            self.selected = None
        self.updateGeometry()
        self.update()

    def set_selected(self, column: int | None) -> None:
        """Highlight ``column`` (None: no highlight)."""
        self.selected = column
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        m = self.minimumSizeHint()
        return QSize(max(420, m.width()), max(260, m.height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for every row label, at the smallest label size, beside tiny cells."""
        d = self.data
        if d is None:
            return QSize(160, 90)
        r, c = d.W.shape
        fm = QFontMetricsF(self._font(self._min_label_px()))
        labels = [*d.row_labels, *self._extra_rows(), "x"]
        label_w = max((fm.horizontalAdvance(s) for s in labels), default=10.0) + 10.0
        x_cols = 1 if d.x is not None else 0
        w = 2 * _MARGIN + label_w + (10.0 if x_cols else 0.0) + (c + x_cols) * 6.0
        n_rows = r + len(self._extra_rows())
        h = 2 * _MARGIN + fm.height() + 6 + 4 + n_rows * (fm.height() + 1)
        return QSize(int(math.ceil(max(w, 160))), int(math.ceil(max(h, 90))))

    # -- geometry ------------------------------------------------------------------------
    def _min_label_px(self) -> int:
        return max(9, round(9 * self.theme.scale))

    def _font(self, px: float) -> QFont:
        font = QFont(self.theme.font())
        font.setPixelSize(max(1, int(px)))
        return font

    def _extra_rows(self) -> list[str]:
        d = self.data
        if d is None:
            return []
        rows = []
        if d.b is not None:
            rows.append("+ b")
        if d.z is not None:
            rows.append("= z")
        if d.a is not None:
            rows.append("f(z)")
        return rows

    def _geometry(self) -> dict[str, float]:
        """Cell size, font size and the origin of each block (widget px)."""
        d = self.data
        assert d is not None
        r, c = d.W.shape
        n_rows = r + len(self._extra_rows())
        w, h = float(self.width()), float(self.height())
        s = self.theme.scale
        margin = _MARGIN
        # The label font first (it sizes the label column), then the cells share the rest.
        lo = self._min_label_px()
        label_px = int(np.clip((h - 40.0) / max(n_rows, 1) * 0.5, lo, max(lo, 16 * s)))
        fm = QFontMetricsF(self._font(label_px))
        labels = [*d.row_labels, *self._extra_rows(), "x"]
        label_w = max((fm.horizontalAdvance(t) for t in labels), default=10.0) + 10.0
        x_cols = 1 if d.x is not None else 0
        gap = 10.0 if x_cols else 0.0
        header_h = max(18.0, fm.height() + 6.0)
        cell_w = (w - 2 * margin - label_w - gap) / (c + x_cols)
        cell_h = (h - 2 * margin - header_h - (4.0 if self._extra_rows() else 0.0)) / max(n_rows, 1)
        cell_w = float(np.clip(cell_w, 6.0, _MAX_CELL_W * s))
        cell_h = float(np.clip(cell_h, 6.0, _MAX_CELL_H * s))
        font_px = int(np.clip(min(cell_h * 0.46, cell_w / 4.6), 6, 18 * s))
        total_w = label_w + gap + (c + x_cols) * cell_w
        left = margin + max(0.0, (w - 2 * margin - total_w) / 2)
        x_left = left + label_w
        w_left = x_left + x_cols * cell_w + gap
        top = margin + header_h
        return {
            "cell_w": cell_w,
            "cell_h": cell_h,
            "font_px": float(font_px),
            "label_px": float(label_px),
            "left": left,
            "x_left": x_left,
            "w_left": w_left,
            "top": top,
            "extra_top": top + r * cell_h + 4.0,
            "header_h": header_h,
        }

    def cell_rect(self, row: int, col: int) -> QRectF:
        """Widget rectangle of ``W[row, col]``."""
        g = self._geometry()
        return QRectF(
            g["w_left"] + col * g["cell_w"], g["top"] + row * g["cell_h"], g["cell_w"], g["cell_h"]
        )

    def column_at(self, pos: QPointF) -> int | None:
        """The column under ``pos`` (header, W, b, z or f(z) cells), or None."""
        d = self.data
        if d is None:
            return None
        g = self._geometry()
        r, c = d.W.shape
        bottom = g["extra_top"] + len(self._extra_rows()) * g["cell_h"]
        x, y = pos.x(), pos.y()
        if not (g["top"] - g["header_h"] <= y <= bottom):
            return None
        j = math.floor((x - g["w_left"]) / g["cell_w"])
        return j if 0 <= j < c else None

    # -- events ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            j = self.column_at(event.position())
            if j is not None:
                self.set_selected(j)
                self.column_clicked.emit(j)
                event.accept()
                return
        super().mousePressEvent(event)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            text = self.tooltip_at(QPointF(e.pos()))
            if text:
                QToolTip.showText(e.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def tooltip_at(self, pos: QPointF) -> str:
        """The tool tip at ``pos`` (a weight and its link, or the column's neuron)."""
        d = self.data
        j = self.column_at(pos)
        if d is None or j is None:
            return ""
        g = self._geometry()
        i = math.floor((pos.y() - g["top"]) / g["cell_h"])
        col = d.col_labels[j] if j < len(d.col_labels) else str(j + 1)
        if 0 <= i < d.W.shape[0]:
            row = d.row_labels[i] if i < len(d.row_labels) else str(i + 1)
            return self.tr("W[{i},{j}] = {value}  (from {row} to new feature {col})").format(
                i=i + 1, j=j + 1, value=f"{d.W[i, j]:.6g}", row=row, col=col
            )
        return self.tr("new feature {col}: click to select this neuron").format(col=col)

    # -- painting -------------------------------------------------------------------------
    def _ops(self) -> list[tuple]:
        """What :meth:`paintEvent` draws, in order.

        ``("cell", rect, fill)``, ``("text", rect, flags, text, font, colour)`` and
        ``("frame", rect)`` (the selected column).
        """
        d = self.data
        if d is None or d.W.size == 0:
            return []
        g = self._geometry()
        ops: list[tuple] = []
        font = self._font(g["font_px"])
        fm = QFontMetricsF(font)
        label_font = self._font(g["label_px"])
        label_fm = QFontMetricsF(label_font)
        text_color = QColor(self.theme.foreground)
        center = Qt.AlignmentFlag.AlignCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        r, c = d.W.shape
        cw, ch = g["cell_w"], g["cell_h"]
        show_text = g["font_px"] >= _MIN_FONT_PX

        def cell(rect: QRectF, value: float, color: QColor) -> None:
            ops.append(("cell", rect, color))
            if not show_text:
                return
            text = format_number(value)
            if fm.horizontalAdvance(text) > rect.width() - 3:
                text = format_number(value, 2)
                if fm.horizontalAdvance(text) > rect.width() - 3:
                    return
            # Black or white, whichever reads on the cell (the cells keep the data's colours).
            ops.append(("text", rect, center, text, font, contrast_color(color)))

        # Column headers: the new features (only where they fit).
        for j in range(c):
            label = d.col_labels[j] if j < len(d.col_labels) else str(j + 1)
            rect = QRectF(g["w_left"] + j * cw, g["top"] - g["header_h"], cw, g["header_h"])
            if label_fm.horizontalAdvance(label) <= cw:
                ops.append(("text", rect, center, label, label_font, text_color))
        if d.x is not None:
            rect = QRectF(g["x_left"], g["top"] - g["header_h"], cw, g["header_h"])
            if label_fm.horizontalAdvance("x") <= cw:
                ops.append(("text", rect, center, "x", label_font, text_color))

        # Row labels, x column and W.
        wmax = _symmetric(d.W)
        w_colors = _rgba_color(d.W, -wmax, wmax)
        for i in range(r):
            y = g["top"] + i * ch
            label = d.row_labels[i] if i < len(d.row_labels) else str(i + 1)
            rect = QRectF(g["left"], y, g["x_left"] - g["left"] - 6, ch)
            ops.append(("text", rect, right, label, label_font, text_color))
            for j in range(c):
                cell(QRectF(g["w_left"] + j * cw, y, cw, ch), float(d.W[i, j]), w_colors[i * c + j])
        if d.x is not None:
            xmax = _symmetric(d.x)
            x_colors = _rgba_color(d.x, -xmax, xmax)
            for i in range(r):
                cell(QRectF(g["x_left"], g["top"] + i * ch, cw, ch), float(d.x[i]), x_colors[i])

        # b, z, f(z) rows under W, each aligned with its column.
        y = g["extra_top"]
        for name in self._extra_rows():
            if name == "+ b":
                vals, lo, hi = d.b, -_symmetric(d.b), _symmetric(d.b)
            elif name == "= z":
                vals, lo, hi = d.z, -_symmetric(d.z), _symmetric(d.z)
            else:
                vals = d.a
                lo, hi = d.a_range if d.a_range is not None else (-_symmetric(d.a), _symmetric(d.a))
            assert vals is not None
            colors = _rgba_color(vals, lo, hi)
            rect = QRectF(g["left"], y, g["w_left"] - g["left"] - 6, ch)
            ops.append(("text", rect, right, name, label_font, text_color))
            for j in range(c):
                cell(QRectF(g["w_left"] + j * cw, y, cw, ch), float(vals[j]), colors[j])
            y += ch

        if self.selected is not None and 0 <= self.selected < c:
            j = self.selected
            bottom = g["extra_top"] + len(self._extra_rows()) * ch
            top = g["top"] - g["header_h"]
            ops.append(("frame", QRectF(g["w_left"] + j * cw, top, cw, bottom - top)))
        return ops

    def painted_texts(self) -> list[str]:
        """Every text painted now (labels, headers and the numbers that fit their cells)."""
        return [op[3] for op in self._ops() if op[0] == "text"]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        ops = self._ops()
        if not ops:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        grid = QPen(QColor(self.theme.background), 1.0)
        for op in ops:
            if op[0] == "cell":
                p.setPen(grid)
                p.setBrush(op[2])
                p.drawRect(op[1])
            elif op[0] == "text":
                _kind, rect, flags, text, font, color = op
                p.setFont(font)
                p.setPen(color)
                p.drawText(rect, flags, text)
            else:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(QColor(self.theme.foreground), 2.5 * self.theme.line))
                p.drawRect(op[1])
        p.end()


def _row(v: np.ndarray, limit: int = 8) -> str:
    items = [format_number(x) for x in np.ravel(v)[:limit]]
    if np.size(v) > limit:
        items.append("…")
    return "[" + "  ".join(items) + "]"


class WeightsView(Retranslating, TeachingView):
    """The selected layer's W as a heatmap; x · W + b = z and f(z) for a chosen sample.

    Signals
    -------
    column_clicked(int, int)
        ``(layer, unit)``: a column of W (a neuron of weight layer ``layer``) was clicked.
    layer_changed(int)
        The user picked another weight layer.
    sample_changed(int)
        The user picked another training sample.

    Attributes
    ----------
    layer : int
        Weight layer shown (0 = first hidden layer).
    sample : int
        Index of the training sample whose x · W is shown.
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    column_clicked = Signal(int, int)
    layer_changed = Signal(int)
    sample_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = 0
        self.sample = 0
        self.theme = Theme()
        self._shown: tuple | None = None
        self.combo = LayerCombo()
        self.combo.currentIndexChanged.connect(self._on_combo)
        self.sample_box = WholeField("view.sample", SAMPLE_FIELD)
        # Numbered from 1 on screen, like the inspector; ``sample`` stays 0-based.
        self.sample_box.setRange(1, 1)
        self.sample_box.valueChanged.connect(self._on_sample)
        self.layer_label = QLabel()
        self.sample_label = QLabel()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setContentsMargins(6, 0, 6, 0)
        header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        header.addWidget(self.layer_label)
        header.addWidget(self.combo)
        header.addSpacing(10)
        header.addWidget(self.sample_label)
        header.addWidget(self.sample_box)
        header.addStretch(1)

        self.canvas = WeightsCanvas()
        self.canvas.column_clicked.connect(self._on_column)
        self.equation = QLabel()
        self.equation.setWordWrap(True)
        self.equation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.equation.setContentsMargins(6, 0, 6, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.title)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.equation)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    # -- language and theme ------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Labels, tool tips, the matrix's title and the equation in the UI language."""
        self.layer_label.setText(self.tr("Layer"))
        self.sample_label.setText(self.tr("Sample"))
        self.sample_box.setToolTip(self.tr("Which training sample x to multiply by W"))
        self._show_texts()
        self.updateGeometry()

    def apply_theme(self, theme: Theme) -> None:
        """Fonts of the texts and the canvas's colours from ``theme`` (idempotent)."""
        self.theme = theme
        for w in (self.layer_label, self.sample_label, self.combo, self.sample_box, self.title):
            w.setFont(theme.font())
        self.equation.setFont(theme.font(1.1))
        self.canvas.apply_theme(theme)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return honest_minimum(self)

    def painted_texts(self) -> list[str]:
        """Every text the matrix canvas paints now."""
        return self.canvas.painted_texts()

    # -- public API ------------------------------------------------------------------
    def set_layer(self, layer: int) -> None:
        """Show weight layer ``layer`` (0 = first hidden layer)."""
        if int(layer) != self.layer:
            self.layer = int(layer)
            self.canvas.set_selected(None)
            self._invalidate()

    def set_sample(self, index: int) -> None:
        """Use training sample ``index`` for x · W = z."""
        if int(index) != self.sample:
            self.sample = int(index)
            self._invalidate()

    def select_unit(self, unit: int | None) -> None:
        """Highlight column ``unit`` and write out its weighted sum (None: no column)."""
        self.canvas.set_selected(unit)
        self._invalidate()

    def canvas_data(self) -> CanvasData | None:
        """What the canvas draws now."""
        self.ensure_current()
        return self.canvas.data

    # -- internals ---------------------------------------------------------------------
    def _on_combo(self, index: int) -> None:
        if index < 0:
            return
        self.layer = int(self.combo.itemData(index))
        self.canvas.set_selected(None)
        self.layer_changed.emit(self.layer)
        self.refresh()

    def _on_sample(self, value: int) -> None:
        index = value - 1
        if index != self.sample:
            self.sample = index
            self.sample_changed.emit(index)
            self.refresh()

    def _on_column(self, unit: int) -> None:
        self.column_clicked.emit(self.layer, unit)
        self.refresh()

    def _render(self, snap: Snapshot) -> None:
        self.layer = self.combo.follow(snap, self.layer)
        i = self.layer
        n_train = int(snap.x_train.shape[0])
        with_sample = n_train > 0
        self.sample_box.blockSignals(True)
        self.sample_box.setRange(1, max(1, n_train))
        self.sample = int(np.clip(self.sample, 0, max(0, n_train - 1)))
        self.sample_box.setValue(self.sample + 1)
        self.sample_box.blockSignals(False)

        W = np.asarray(snap.weights[i], dtype=np.float64)
        b = np.asarray(snap.biases[i], dtype=np.float64)
        act = layer_activation(snap, i)
        cols = [str(u + 1) for u in range(W.shape[1])]
        x = z = a = None
        eq = None
        if with_sample:
            net = snapshot_network(snap)
            x_in = snapshot_inputs(snap, snap.x_train[self.sample : self.sample + 1])
            with np.errstate(all="ignore"):
                zs, acts = net.forward_all(x_in)
            x, z, a = acts[i][0], zs[i][0], acts[i + 1][0]
            unit = self.canvas.selected
            if unit is not None and 0 <= unit < W.shape[1]:
                eq = neuron_equation(net, i, unit, x_in[0])
        self.canvas.set_data(
            CanvasData(
                W=W,
                b=b,
                row_labels=input_labels(snap, i),
                col_labels=cols,
                x=x,
                z=z,
                a=a,
                a_range=act.bounds,
            )
        )
        self._shown = (i, len(snap.weights), W.shape, act, x, z, a, eq)
        self._show_texts()

    def _show_texts(self) -> None:
        """The matrix's title and the equation line in the UI language."""
        if self._shown is None:
            self.title.setText("")
            self.equation.setText("")
            return
        i, n_layers, (rows, cols), act, x, z, a, eq = self._shown
        name = layer_name(i, n_layers)
        shape = f"{rows}×{cols}"
        self.title.setText(
            self.tr("W: {shape} · rows = inputs, columns = neurons").format(shape=shape)
        )
        self.title.setToolTip(
            self.tr(
                "W of {layer} ({shape}): a row per incoming feature, a column per new feature "
                "(neuron, {activation}). Column j of W is the recipe of new feature j."
            ).format(layer=name, shape=shape, activation=act.label)
        )
        if eq is not None:
            self.equation.setText(
                self.tr("Column {n} of {layer}: {equation}").format(
                    n=eq.unit + 1, layer=name, equation=eq.text
                )
            )
        elif x is not None and z is not None and a is not None:
            # The product in the lecture's row form; the canvas draws x beside the rows
            # of W its entries multiply.
            self.equation.setText(
                self.tr(
                    "x = {x} · W + b = z = {z},  f(z) = {a}.  Click a column to write its sum out."
                ).format(x=_row(x), z=_row(z), a=_row(a))
            )
        else:
            self.equation.setText("")
