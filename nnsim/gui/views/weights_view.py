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
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QToolTip, QVBoxLayout, QWidget

from nnsim.core.features import FEATURES
from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import format_number, neuron_equation
from nnsim.gui.colors import value_to_rgba
from nnsim.gui.views.activation_view import (
    LayerCombo,
    TeachingView,
    layer_activation,
    layer_name,
    scaled_font,
    snapshot_inputs,
    snapshot_network,
)

__all__ = ["CanvasData", "WeightsCanvas", "WeightsView", "input_labels"]

_TEXT = QColor(35, 35, 35)
_GRID = QColor(255, 255, 255)
_SELECT = QColor(20, 20, 20)
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


class WeightsCanvas(QWidget):
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
    """

    column_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: CanvasData | None = None
        self.selected: int | None = None
        self.setMouseTracking(False)
        self.setMinimumSize(160, 90)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor(255, 255, 255))
        self.setPalette(pal)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    # -- data --------------------------------------------------------------------------
    def set_data(self, data: CanvasData | None) -> None:
        """Draw ``data`` (None clears the canvas)."""
        self.data = data
        if data is not None and self.selected is not None and self.selected >= data.W.shape[1]:
            self.selected = None
        self.update()

    def set_selected(self, column: int | None) -> None:
        """Highlight ``column`` (None: no highlight)."""
        self.selected = column
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    # -- geometry ------------------------------------------------------------------------
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
        margin = 6.0
        # First guess of the font for the label column, then the cells share the rest.
        probe = QFont(self.font())
        probe.setPixelSize(int(np.clip((h - 40.0) / max(n_rows, 1) * 0.5, 9, 16)))
        fm = QFontMetricsF(probe)
        labels = [*d.row_labels, *self._extra_rows(), "x"]
        label_w = max((fm.horizontalAdvance(s) for s in labels), default=10.0) + 10.0
        x_cols = 1 if d.x is not None else 0
        gap = 10.0 if x_cols else 0.0
        header_h = 18.0
        cell_w = (w - 2 * margin - label_w - gap) / (c + x_cols)
        cell_h = (h - 2 * margin - header_h - (4.0 if self._extra_rows() else 0.0)) / max(n_rows, 1)
        cell_w = float(np.clip(cell_w, 6.0, _MAX_CELL_W))
        cell_h = float(np.clip(cell_h, 6.0, _MAX_CELL_H))
        font_px = int(np.clip(min(cell_h * 0.46, cell_w / 4.6), 6, 18))
        # Labels stay legible even when the cells are too small for their numbers.
        label_px = int(np.clip(cell_h * 0.5, 9, 16))
        header_h = max(header_h, label_px + 6.0)
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
    def mousePressEvent(self, event: QMouseEvent) -> None:
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
            text = self._tooltip(QPointF(e.pos()))
            if text:
                QToolTip.showText(e.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def _tooltip(self, pos: QPointF) -> str:
        d = self.data
        j = self.column_at(pos)
        if d is None or j is None:
            return ""
        g = self._geometry()
        i = math.floor((pos.y() - g["top"]) / g["cell_h"])
        col = d.col_labels[j] if j < len(d.col_labels) else str(j + 1)
        if 0 <= i < d.W.shape[0]:
            row = d.row_labels[i] if i < len(d.row_labels) else str(i + 1)
            return f"W[{i + 1},{j + 1}] = {d.W[i, j]:.6g}  (from {row} to new feature {col})"
        return f"new feature {col}: click to select this neuron"

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        d = self.data
        if d is None or d.W.size == 0:
            return
        g = self._geometry()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        font = QFont(self.font())
        font.setPixelSize(int(g["font_px"]))
        fm = QFontMetricsF(font)
        label_font = QFont(self.font())
        label_font.setPixelSize(int(g["label_px"]))
        label_fm = QFontMetricsF(label_font)
        p.setFont(label_font)
        r, c = d.W.shape
        cw, ch = g["cell_w"], g["cell_h"]
        show_text = g["font_px"] >= _MIN_FONT_PX

        # Column headers: the new features.
        p.setPen(_TEXT)
        for j in range(c):
            label = d.col_labels[j] if j < len(d.col_labels) else str(j + 1)
            rect = QRectF(g["w_left"] + j * cw, g["top"] - g["header_h"], cw, g["header_h"])
            if label_fm.horizontalAdvance(label) <= cw:
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        if d.x is not None:
            rect = QRectF(g["x_left"], g["top"] - g["header_h"], cw, g["header_h"])
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "x")

        # Row labels, x column and W.
        wmax = _symmetric(d.W)
        w_colors = _rgba_color(d.W, -wmax, wmax)
        for i in range(r):
            y = g["top"] + i * ch
            label = d.row_labels[i] if i < len(d.row_labels) else str(i + 1)
            p.setPen(_TEXT)
            p.setFont(label_font)
            p.drawText(
                QRectF(g["left"], y, g["x_left"] - g["left"] - 6, ch),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            p.setFont(font)
            for j in range(c):
                self._cell(
                    p,
                    fm,
                    QRectF(g["w_left"] + j * cw, y, cw, ch),
                    float(d.W[i, j]),
                    w_colors[i * c + j],
                    wmax,
                    show_text,
                )
        if d.x is not None:
            p.setFont(font)
            xmax = _symmetric(d.x)
            x_colors = _rgba_color(d.x, -xmax, xmax)
            for i in range(r):
                rect = QRectF(g["x_left"], g["top"] + i * ch, cw, ch)
                self._cell(p, fm, rect, float(d.x[i]), x_colors[i], xmax, show_text)

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
            p.setPen(_TEXT)
            p.setFont(label_font)
            p.drawText(
                QRectF(g["left"], y, g["w_left"] - g["left"] - 6, ch),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            p.setFont(font)
            for j in range(c):
                rect = QRectF(g["w_left"] + j * cw, y, cw, ch)
                self._cell(p, fm, rect, float(vals[j]), colors[j], 1.0, show_text, dark=False)
            y += ch

        if self.selected is not None and 0 <= self.selected < c:
            j = self.selected
            bottom = g["extra_top"] + len(self._extra_rows()) * ch
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(_SELECT, 2.5))
            p.drawRect(
                QRectF(
                    g["w_left"] + j * cw,
                    g["top"] - g["header_h"],
                    cw,
                    bottom - g["top"] + g["header_h"],
                )
            )
        p.end()

    def _cell(
        self,
        p: QPainter,
        fm: QFontMetricsF,
        rect: QRectF,
        value: float,
        color: QColor,
        vmax: float,
        show_text: bool,
        dark: bool = True,
    ) -> None:
        p.setPen(QPen(_GRID, 1.0))
        p.setBrush(color)
        p.drawRect(rect)
        if not show_text:
            return
        text = format_number(value)
        if fm.horizontalAdvance(text) > rect.width() - 3:
            text = format_number(value, 2)
            if fm.horizontalAdvance(text) > rect.width() - 3:
                return
        # Dark cells (strong values) need light text to stay readable.
        strong = color.lightnessF() < 0.55
        p.setPen(QColor(255, 255, 255) if strong else _TEXT)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _row(v: np.ndarray, limit: int = 8) -> str:
    items = [format_number(x) for x in np.ravel(v)[:limit]]
    if np.size(v) > limit:
        items.append("…")
    return "[" + "  ".join(items) + "]"


class WeightsView(TeachingView):
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
    """

    column_clicked = Signal(int, int)
    layer_changed = Signal(int)
    sample_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = 0
        self.sample = 0
        self.combo = LayerCombo()
        self.combo.currentIndexChanged.connect(self._on_combo)
        self.sample_box = QSpinBox()
        # Numbered from 1 on screen, like the inspector; ``sample`` stays 0-based.
        self.sample_box.setRange(1, 1)
        self.sample_box.setToolTip("Which training sample x to multiply by W")
        self.sample_box.valueChanged.connect(self._on_sample)
        self.title = QLabel()
        self.title.setMinimumWidth(10)
        header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        header.addWidget(QLabel("Layer"))
        header.addWidget(self.combo)
        header.addSpacing(10)
        header.addWidget(QLabel("Sample"))
        header.addWidget(self.sample_box)
        header.addSpacing(10)
        header.addWidget(self.title, 1)

        self.canvas = WeightsCanvas()
        self.canvas.column_clicked.connect(self._on_column)
        self.equation = QLabel()
        self.equation.setWordWrap(True)
        self.equation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.equation.setFont(scaled_font(self, 1.1))
        self.equation.setContentsMargins(6, 0, 6, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.equation)
        self.setMinimumSize(260, 200)

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
        n_layers = len(snap.weights)
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
        net = None
        if with_sample:
            net = snapshot_network(snap)
            x_in = snapshot_inputs(snap, snap.x_train[self.sample : self.sample + 1])
            with np.errstate(all="ignore"):
                zs, acts = net.forward_all(x_in)
            x, z, a = acts[i][0], zs[i][0], acts[i + 1][0]
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
        name = layer_name(i, n_layers)
        shape = f"{W.shape[0]}×{W.shape[1]}"
        self.title.setText(f"W: {shape} · rows = inputs, columns = neurons")
        self.title.setToolTip(
            f"W of {name} ({shape}): a row per incoming feature, a column per new feature "
            f"(neuron, {act.label}). Column j of W is the recipe of new feature j."
        )
        unit = self.canvas.selected
        if net is not None and unit is not None and 0 <= unit < W.shape[1]:
            x_row = snapshot_inputs(snap, snap.x_train[self.sample : self.sample + 1])[0]
            eq = neuron_equation(net, i, unit, x_row)
            self.equation.setText(f"Column {unit + 1} of {name}: {eq.text}")
        elif with_sample and x is not None and z is not None and a is not None:
            # The product in the lecture's row form; the canvas draws x beside the rows
            # of W its entries multiply.
            self.equation.setText(
                f"x = {_row(x)} · W + b = z = {_row(z)},  f(z) = {_row(a)}.  "
                "Click a column to write its sum out."
            )
        else:
            self.equation.setText("")
