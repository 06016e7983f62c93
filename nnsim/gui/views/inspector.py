"""The neuron inspector: one neuron's arithmetic for one training sample.

Click a neuron in the network and the inspector spells out, with the current
weights, what that neuron computes for the chosen sample::

    z = w₁·x₁ + w₂·x₂ + b
      = 0.31·(−1.2) + 0.52·0.4 + 0.1
      = −0.064
    a = tanh(z) = −0.0639

The numbers come from :func:`nnsim.core.walkthrough.neuron_equation`, which uses the
same expression as the network's forward pass, so they are the ones training uses.
A table lists each input, its weight and their product, so a student can redo the
sum by hand. The inspector follows every snapshot (at most ten times a second), so
the numbers move while the network trains.
"""

from __future__ import annotations

import html
from time import perf_counter

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.activations import OUTPUT_ACTIVATIONS
from nnsim.core.features import FEATURES, feature_matrix
from nnsim.core.network import Network
from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import NeuronEquation, format_number, neuron_equation
from nnsim.gui.i18n import Retranslating, localize
from nnsim.gui.number_field import SAMPLE_FIELD, WholeField
from nnsim.gui.theme import Theme

__all__ = ["NeuronInspector"]

#: Refresh at most this often while training streams snapshots (seconds).
_REFRESH_S = 0.1
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_MAX_ROWS = 16  # the widest layer; a table longer than that would not fit anyway
_CAPTION = "#666666"  # the formula's caption in the normal theme


def _sub(k: int) -> str:
    return str(k).translate(_SUB)


class NeuronInspector(Retranslating, QWidget):
    """Shows z = Σ wᵢ·xᵢ + b and a = f(z) of the clicked neuron for one sample.

    Attributes
    ----------
    column, unit : int or None
        The neuron shown (drawing column >= 1, unit index), None before a click.
    sample_box : WholeField
        Which training sample (1-based on screen).
    equation : NeuronEquation or None
        The numbers on screen.
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column: int | None = None
        self.unit: int | None = None
        self.equation: NeuronEquation | None = None
        self.theme = Theme()
        self._snap: Snapshot | None = None
        self._problem: tuple[str, str] | None = None  # (kind, detail) of an empty view
        self._net: Network | None = None
        self._net_key: tuple | None = None
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.sample_box = WholeField("view.sample", SAMPLE_FIELD)
        self.sample_box.setRange(1, 1)
        self.sample_box.valueChanged.connect(self.refresh)
        self.sample_label = QLabel()
        self.sample_label.setWordWrap(True)
        self.formula = QLabel()
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula.setWordWrap(True)
        self.formula.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.table = QLabel()
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        self.sample_caption = QLabel()
        row.addWidget(self.sample_caption)
        row.addWidget(self.sample_box)
        self.count_label = QLabel()
        row.addWidget(self.count_label)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.sample_label)
        layout.addWidget(self.formula)
        layout.addWidget(self.table)
        layout.addStretch(1)
        self._show_empty()
        self.apply_theme(self.theme)
        self.retranslate_ui()

    # -- language and theme ----------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Static texts, and the neuron on screen, in the UI language."""
        self.sample_caption.setText(self.tr("Sample"))
        self.sample_box.setToolTip(self.tr("The training sample fed through the network"))
        self._show_count()
        self._redraw()

    def apply_theme(self, theme: Theme) -> None:
        """The title's (bold) font and the equation's caption colour from ``theme``.

        The rest is standard Qt and follows the application's font and palette.
        """
        self.theme = theme
        self.title.setFont(theme.font(bold=True))
        self._redraw()

    def _redraw(self) -> None:
        """Show the current state again without recomputing it."""
        snap, eq, c, u = self._snap, self.equation, self.column, self.unit
        if eq is not None and snap is not None and c is not None and u is not None:
            i = min(self.sample, snap.x_train.shape[0] - 1)
            self._render(snap, c, u, i, eq)
        else:
            self._show_empty(*(self._problem or ("click", "")))

    # -- inputs ----------------------------------------------------------------------
    def set_neuron(self, column: int, unit: int) -> None:
        """Inspect unit ``unit`` of drawing column ``column`` (1 = first hidden layer)."""
        self.column, self.unit = int(column), int(unit)
        self.refresh()

    def set_sample(self, index: int) -> None:
        """Show training sample ``index`` (0-based)."""
        self.sample_box.setValue(int(index) + 1)

    @property
    def sample(self) -> int:
        """The chosen training sample, 0-based."""
        return self.sample_box.value() - 1

    def set_snapshot(self, snap: Snapshot) -> None:
        """Follow ``snap`` (refreshes at most every 0.1 s, and only when shown)."""
        self._snap = snap
        n = int(snap.x_train.shape[0])
        if self.sample_box.maximum() != max(n, 1):
            blocker = self.sample_box.blockSignals(True)
            self.sample_box.setRange(1, max(n, 1))
            self.sample_box.blockSignals(blocker)
            self._show_count()
        if self.column is None or not self.isVisible():
            return
        wait = _REFRESH_S - (perf_counter() - self._last)
        if wait <= 0:
            self.refresh()
        elif not self._timer.isActive():
            self._timer.start(max(1, round(wait * 1000)))

    def _show_count(self) -> None:
        snap = self._snap
        if snap is None:
            self.count_label.clear()
            return
        n = int(snap.x_train.shape[0])
        self.count_label.setText(self.tr("of {total} training samples").format(total=n))

    # -- computing -------------------------------------------------------------------
    def _network(self, snap: Snapshot) -> Network:
        key = (tuple(snap.layer_sizes), tuple(snap.activations))
        if self._net is None or self._net_key != key:
            self._net = Network(list(snap.layer_sizes), list(snap.activations))
            self._net_key = key
        self._net.set_weights(snap.weights, snap.biases)
        return self._net

    def refresh(self) -> None:
        """Recompute and redraw from the latest snapshot."""
        self._last = perf_counter()
        snap = self._snap
        c, u = self.column, self.unit
        if snap is None or c is None or u is None:
            self._show_empty("click")
            return
        n_cols = len(snap.layer_sizes)
        if not (1 <= c < n_cols and 0 <= u < snap.layer_sizes[c]) or snap.x_train.shape[0] == 0:
            self.equation = None
            self._show_empty("gone")
            return
        i = min(self.sample, snap.x_train.shape[0] - 1)
        x_raw = np.asarray(snap.x_train[i : i + 1], dtype=np.float64)
        x_row = feature_matrix(x_raw, snap.features)[0]
        try:
            eq = neuron_equation(self._network(snap), c - 1, u, x_row)
        except ValueError as exc:  # a diverged net: NaN inputs
            self.equation = None
            self._show_empty("error", localize(exc.args[0]) if exc.args else str(exc))
            return
        self.equation = eq
        self._problem = None
        self._render(snap, c, u, i, eq)

    # -- drawing ---------------------------------------------------------------------
    def _show_empty(self, kind: str = "click", detail: str = "") -> None:
        """No equation: ``kind`` "click" (none chosen), "gone" or "error" (``detail``)."""
        self._problem = (kind, detail)
        if kind == "gone":
            text = self.tr("That neuron is gone. Click a neuron in the network.")
        elif kind == "error":
            text = self.tr("Cannot compute this neuron now: {error}").format(error=detail)
        else:
            text = self.tr("Click a neuron in the network to see what it computes.")
        self.title.setText(text)
        for label in (self.sample_label, self.formula, self.table):
            label.clear()

    def _input_names(self, snap: Snapshot, c: int) -> list[str]:
        if c == 1:
            return [localize(FEATURES[n].label) for n in snap.features]
        return [
            self.tr("unit {unit} of hidden {layer}").format(unit=k + 1, layer=c - 1)
            for k in range(snap.layer_sizes[c - 1])
        ]

    def _title(self, snap: Snapshot, c: int, u: int, activation: str) -> str:
        last = len(snap.layer_sizes) - 1
        if c == last and snap.layer_sizes[c] == 1:
            return self.tr("Output · {activation}").format(activation=activation)
        if c == last:
            return self.tr("Output, unit {unit} · {activation}").format(
                unit=u + 1, activation=activation
            )
        return self.tr("Hidden {layer}, unit {unit} · {activation}").format(
            layer=c, unit=u + 1, activation=activation
        )

    def _render(self, snap: Snapshot, c: int, u: int, i: int, eq: NeuronEquation) -> None:
        act = OUTPUT_ACTIVATIONS[eq.activation]
        self.title.setText(self._title(snap, c, u, localize(act.label)))

        raw = ", ".join(
            f"x{_sub(k + 1)} = {format_number(v)}" for k, v in enumerate(snap.x_train[i])
        )
        y = float(snap.y_train[i])
        if snap.task == "classification":
            target = self.tr("class {k}").format(k=int(y))
        else:
            target = format_number(y)
        self.sample_label.setText(
            self.tr("Sample {n}: point ({point}), target {target}").format(
                n=i + 1, point=raw, target=target
            )
        )

        names = self._input_names(snap, c)
        symbol = "x" if c == 1 else "a"
        n = len(eq.weights)
        shown = list(range(n)) if n <= 6 else [0, 1, 2, -1, n - 1]
        sym_terms = ["…" if k < 0 else f"w{_sub(k + 1)}·{symbol}{_sub(k + 1)}" for k in shown]
        num_terms = [
            "…" if k < 0 else f"{_factor(eq.weights[k])}·{_factor(eq.inputs[k])}" for k in shown
        ]
        a_value = f"<b>{format_number(eq.a)}</b>"
        if act.name == "linear":
            a_line = f"a = z = {a_value}"
        elif act.name == "softmax":
            a_line = f"a = softmax(z)<sub>{u + 1}</sub> = {a_value}"
        else:
            a_line = f"a = {html.escape(act.name)}(z) = {a_value}"
        lines = [
            f"z = {' + '.join(sym_terms)} + b",
            f"&nbsp;&nbsp;= {' + '.join(num_terms)} + {_factor(eq.bias)}",
            f"&nbsp;&nbsp;= <b>{format_number(eq.z)}</b>",
            a_line,
        ]
        caption = QColor(self.theme.secondary if self.theme.key != "normal" else _CAPTION).name()
        self.formula.setText(
            "<div style='font-family: monospace; font-size: 110%; line-height: 140%'>"
            + "<br>".join(lines)
            + f"</div><div style='color: {caption}'>f(z) = {html.escape(act.formula)}</div>"
        )
        head = (self.tr("input"), self.tr("value"), self.tr("weight"), self.tr("product"))
        rows = [
            f"<tr><th align='left'>{html.escape(head[0])}</th>"
            + "".join(f"<th align='right'>{html.escape(h)}</th>" for h in head[1:])
            + "</tr>"
        ]
        for k in range(min(n, _MAX_ROWS)):
            sym = f"{symbol}{_sub(k + 1)}"
            name = sym if names[k] == sym else f"{sym} = {html.escape(names[k])}"
            rows.append(
                f"<tr><td>{name}</td>"
                f"<td align='right'>{format_number(eq.inputs[k])}</td>"
                f"<td align='right'>{format_number(eq.weights[k])}</td>"
                f"<td align='right'>{format_number(eq.terms[k])}</td></tr>"
            )
        bias, total = html.escape(self.tr("bias b")), html.escape(self.tr("sum z"))
        rows.append(
            f"<tr><td>{bias}</td><td></td><td></td>"
            f"<td align='right'>{format_number(eq.bias)}</td></tr>"
        )
        rows.append(
            f"<tr><td><b>{total}</b></td><td></td><td></td>"
            f"<td align='right'><b>{format_number(eq.z)}</b></td></tr>"
        )
        self.table.setText(
            "<table cellspacing='0' cellpadding='3' style='border-collapse: collapse'>"
            + "".join(rows)
            + "</table>"
        )


def _factor(v: float) -> str:
    """A number as a factor: negatives in parentheses, as on paper."""
    s = format_number(v)
    return f"({s})" if v < 0 else s
