"""Why non-linearity: linear layers collapse into one.

Two views for the lecture's argument:

* :class:`CompositionLab` -- the 1-D version. ``f(x) = ax + b`` then ``g(x) = cx + d``
  (and more functions, chained) is a single linear function ``h``; the lab computes
  ``h``'s formula with :func:`~nnsim.core.collapse.compose_affine` and ``h(x)``, and
  beside it evaluates the chain step by step, so the two can be compared. With the
  lecture's f and g it computes h(x) = -2x and h(10) = -20 (the note's "-2x + 9"
  and "-11" are slips; the app never types a number in).
* :class:`CollapseView` -- the same with whole layers. When a run of consecutive
  layers is linear (:func:`~nnsim.core.collapse.linear_runs`), it shows the single
  equivalent layer ``W_eff = W_1 W_2 ...``, ``b_eff`` beside the stack, how far the
  stack's and the single layer's outputs are apart on a 100 x 100 grid (rounding
  only, ~1e-16), and a Collapse button that asks for an undoable edit replacing the
  run by that layer (:func:`nnsim.model.collapse_edit.collapse_run`, pushed by the
  main window like every editor edit).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.activations import OUTPUT_ACTIVATIONS
from nnsim.core.collapse import (
    affine_formula,
    collapse_layers,
    collapse_network,
    compose_affine,
    linear_runs,
)
from nnsim.core.grid import grid_points
from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import format_number
from nnsim.gui.i18n import Retranslating
from nnsim.gui.number_field import COEFFICIENT_FIELD, CONSTANT_FIELD, INPUT_X_FIELD, NumberField
from nnsim.gui.theme import Theme
from nnsim.gui.views.teaching import (
    TeachingView,
    honest_minimum,
    layer_name,
    snapshot_inputs,
    snapshot_network,
)
from nnsim.gui.views.weights_view import CanvasData, WeightsCanvas, input_labels

__all__ = [
    "COMPOSITION_NAMES",
    "CollapseResult",
    "CollapseView",
    "CompositionLab",
    "collapse_result",
]

#: Grid cells per axis on which the stack and the single layer are compared.
GRID = 100
#: Names of the chained functions in the lab (h is the composition).
COMPOSITION_NAMES = ("f", "g", "p", "q", "r", "s", "u", "v")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_NOTE = "#555555"  # the lab's note in the normal theme


# --------------------------------------------------------------------------- layers


@dataclass(frozen=True, eq=False)
class CollapseResult:
    """One run of linear layers and its single equivalent layer.

    Attributes
    ----------
    start, stop : int
        The run: weight layers ``start .. stop-1`` (layers ``start .. stop-2`` linear).
    W_eff : (fan_in, fan_out) ndarray
        ``W_start W_start+1 ... W_stop-1``.
    b_eff : (fan_out,) ndarray
    max_diff : float
        Largest ``|stack output - single layer output|`` over the grid (the run's
        output, after layer ``stop-1``'s activation).
    max_diff_network : float
        The same for the whole network's output (the decision boundary).
    grid : int
        Cells per axis of the comparison grid.
    """

    start: int
    stop: int
    W_eff: np.ndarray
    b_eff: np.ndarray
    max_diff: float
    max_diff_network: float
    grid: int = GRID


def collapse_result(snap: Snapshot, start: int, stop: int, grid: int = GRID) -> CollapseResult:
    """Collapse run ``[start, stop)`` of the snapshot's network and measure the difference.

    Parameters
    ----------
    snap : Snapshot
    start, stop : int
        A run from :func:`~nnsim.core.collapse.linear_runs` (or a sub-run of one).
    grid : int
        The stack and the single layer are compared on ``grid x grid`` points over the
        data's extent (``grid`` points for 1-D data).
    """
    net = snapshot_network(snap)
    W_eff, b_eff = collapse_layers(net.weights[start:stop], net.biases[start:stop])
    X = snapshot_inputs(snap, grid_points(snap.extent, grid, snap.dims))
    with np.errstate(all="ignore"):
        _, acts = net.forward_all(X)
        act = OUTPUT_ACTIVATIONS[net.activations[stop - 1]]
        single = act.fn(acts[start] @ W_eff + b_eff)
        collapsed = collapse_network(net, start, stop).forward(X)
    return CollapseResult(
        start=start,
        stop=stop,
        W_eff=W_eff,
        b_eff=b_eff,
        max_diff=float(np.max(np.abs(single - acts[stop]))),
        max_diff_network=float(np.max(np.abs(collapsed - acts[-1]))),
        grid=grid,
    )


def run_title(start: int, stop: int, n_layers: int) -> str:
    """``"hidden 1 … output (5 weight layers)"`` in the UI language."""
    first, last = layer_name(start, n_layers), layer_name(stop - 1, n_layers)
    return QCoreApplication.translate(
        "CollapseView", "{first} … {last} ({n} weight layers)"
    ).format(first=first, last=last, n=stop - start)


class CollapseView(Retranslating, TeachingView):
    """A run of linear layers beside the single equivalent layer, with a Collapse button.

    Signals
    -------
    collapse_requested(int, int)
        ``(start, stop)``: the user pressed Collapse for that run.

    Attributes
    ----------
    result : CollapseResult or None
        The run shown and its single layer (None when the network has no linear run).
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    collapse_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: CollapseResult | None = None
        self.theme = Theme()
        self._runs: list[tuple[int, int]] = []
        self._run_index = 0
        self._n_layers = 0
        self._shown: tuple | None = None

        self.run_combo = QComboBox()
        self.run_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.run_combo.currentIndexChanged.connect(self._on_run)
        self.button = QPushButton()
        self.button.clicked.connect(self._on_collapse)
        header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        self.run_label = QLabel()
        header.addWidget(self.run_label)
        header.addWidget(self.run_combo, 1)
        header.addStretch(0)
        header.addWidget(self.button)

        self.stack_label = QLabel()
        self.stack_label.setWordWrap(True)
        self.stack_label.setTextFormat(Qt.TextFormat.RichText)
        self.stack_label.setContentsMargins(6, 0, 6, 0)
        self.canvas = WeightsCanvas()
        self.canvas.setCursor(Qt.CursorShape.ArrowCursor)
        self.diff_label = QLabel()
        self.diff_label.setWordWrap(True)
        self.diff_label.setTextFormat(Qt.TextFormat.RichText)
        self.diff_label.setContentsMargins(6, 0, 6, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(header)
        layout.addWidget(self.stack_label)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.diff_label)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    # -- language and theme ------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Controls, the run names and the explanation in the UI language."""
        self.run_combo.setToolTip(self.tr("Runs of linear layers in this network"))
        self.run_label.setText(self.tr("Run"))
        self.button.setText(self.tr("Collapse into one layer"))
        self.button.setToolTip(
            self.tr(
                "Replace the run by the single equivalent layer (undo with Ctrl+Z). "
                "The decision boundary does not change."
            )
        )
        with QSignalBlocker(self.run_combo):
            for k, (start, stop) in enumerate(self._runs):
                self.run_combo.setItemText(k, run_title(start, stop, self._n_layers))
        self._show_texts()
        self.updateGeometry()

    def apply_theme(self, theme: Theme) -> None:
        """Fonts of the texts and the canvas's colours from ``theme`` (idempotent)."""
        self.theme = theme
        for w in (self.run_label, self.run_combo, self.button):
            w.setFont(theme.font())
        self.stack_label.setFont(theme.font(1.1))
        self.diff_label.setFont(theme.font(1.15))
        self.canvas.apply_theme(theme)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return honest_minimum(self)

    def painted_texts(self) -> list[str]:
        """Every text the single layer's matrix paints now."""
        return self.canvas.painted_texts()

    # -- state -------------------------------------------------------------------------
    @property
    def runs(self) -> list[tuple[int, int]]:
        """The linear runs of the snapshot's network."""
        self.ensure_current()
        return list(self._runs)

    def current(self) -> CollapseResult | None:
        """The run shown, with its single layer and the measured difference."""
        self.ensure_current()
        return self.result

    def _on_run(self, index: int) -> None:
        if index >= 0:
            self._run_index = index
            self.refresh()

    def _on_collapse(self) -> None:
        r = self.current()
        if r is not None:
            self.collapse_requested.emit(r.start, r.stop)

    def _render(self, snap: Snapshot) -> None:
        runs = linear_runs(snap.activations)
        n_layers = len(snap.weights)
        with QSignalBlocker(self.run_combo):
            if runs != self._runs or n_layers != self._n_layers:
                self._runs = runs
                self._n_layers = n_layers
                self.run_combo.clear()
                for start, stop in runs:
                    self.run_combo.addItem(run_title(start, stop, n_layers))
                self._run_index = 0
            self.run_combo.setCurrentIndex(self._run_index if runs else -1)
        # One run needs no chooser: the text below names it.
        self.run_combo.setVisible(len(runs) > 1)
        self.run_label.setVisible(len(runs) > 1)
        self.button.setEnabled(bool(runs))
        if not runs:
            self.result = None
            self.canvas.set_data(None)
            self._shown = ("none", n_layers)
            self._show_texts()
            return
        start, stop = runs[min(self._run_index, len(runs) - 1)]
        r = collapse_result(snap, start, stop)
        self.result = r
        shapes = [tuple(snap.weights[i].shape) for i in range(start, stop)]
        act = OUTPUT_ACTIVATIONS[snap.activations[stop - 1]]
        cols = [str(u + 1) for u in range(r.W_eff.shape[1])]
        self.canvas.set_data(
            CanvasData(W=r.W_eff, b=r.b_eff, row_labels=input_labels(snap, start), col_labels=cols)
        )
        self._shown = ("run", n_layers, r, shapes, act)
        self._show_texts()

    def _show_texts(self) -> None:
        """The explanation of the run on screen (or why there is none)."""
        shown = self._shown
        if shown is None:
            self.stack_label.setText("")
            self.diff_label.setText("")
            return
        if shown[0] == "none":
            self.stack_label.setText(self.no_run_text(shown[1]))
            self.diff_label.setText("")
            return
        _kind, _n_layers, r, shapes, act = shown
        start, stop = r.start, r.stop
        factors = " · ".join(
            f"W{str(i + 1).translate(_SUB)} ({rows}×{cols})"
            for i, (rows, cols) in zip(range(start, stop), shapes, strict=True)
        )
        fields = {
            "factors": factors,
            "shape": f"{r.W_eff.shape[0]}×{r.W_eff.shape[1]}",
            "activation": act.label,
        }
        # Every linear layer of a run is a hidden layer (the run ends in the layer after).
        if stop - start == 2:
            text = self.tr(
                "Hidden layer {n} is linear, so <b>{factors}</b> = <b>W<sub>eff</sub></b> "
                "({shape}), then {activation}: one layer."
            ).format(n=start + 1, **fields)
        else:
            text = self.tr(
                "Hidden layers {first} to {last} are linear, so <b>{factors}</b> = "
                "<b>W<sub>eff</sub></b> ({shape}), then {activation}: one layer."
            ).format(first=start + 1, last=stop - 1, **fields)
        self.stack_label.setText(text)
        self.diff_label.setText(
            self.tr(
                "Largest difference between the stack and the single layer on a "
                "{grid}×{grid} grid: <b>{diff}</b> (rounding only; the network output "
                "differs by {network})."
            ).format(
                grid=r.grid,
                diff=format_number(r.max_diff),
                network=format_number(r.max_diff_network),
            )
        )

    def no_run_text(self, n_layers: int) -> str:
        """Why nothing can be collapsed in a network of ``n_layers`` weight layers."""
        if n_layers <= 1:
            return self.tr(
                "This network has no hidden layer left: the inputs go straight into the "
                "output layer, which is already a single layer, so there is nothing to merge."
            )
        return self.tr(
            "No two neighbouring layers can be merged: every hidden layer has a "
            "non-linear activation. Set a hidden layer to <b>Linear</b> and it collapses "
            "into the layer after it."
        )


# --------------------------------------------------------------------------- the 1-D lab


def _plain(v: float) -> str:
    """A number as a student writes it: ``-20``, ``0.5``, ``1.33333``."""
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.6g}"


def nested_call(names: Sequence[str], arg: str = "x") -> str:
    """``["f", "g", "p"]`` -> ``"p(g(f(x)))"``: the chain applied in order."""
    out = arg
    for name in names:
        out = f"{name}({out})"
    return out


class CompositionLab(Retranslating, QWidget):
    """Compose 1-D linear functions: f(x) = ax + b, g(x) = cx + d, ... into h.

    Signals
    -------
    changed()
        A coefficient, x or the number of functions changed.

    Attributes
    ----------
    rows : list of (NumberField, NumberField)
        The ``(a, b)`` editors of each function, in the order they are applied.
    x_box : NumberField
        The input x.
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    changed = Signal()
    MAX_FUNCTIONS = len(COMPOSITION_NAMES)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.rows: list[tuple[NumberField, NumberField]] = []
        self._row_labels: list[tuple[QLabel, QLabel]] = []

        self.grid = QGridLayout()
        self.grid.setContentsMargins(6, 4, 6, 0)
        self.grid.setHorizontalSpacing(4)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_function())
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_function)
        self.example_button = QPushButton()
        self.example_button.clicked.connect(self.load_lecture_example)
        # Three buttons side by side may not fit a narrow dock at a large text size:
        # each one keeps its whole text, and the row breaks in two instead.
        buttons = QGridLayout()
        buttons.setContentsMargins(6, 0, 6, 0)
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.remove_button, 0, 1)
        buttons.addWidget(self.example_button, 1, 0, 1, 2)
        buttons.setColumnStretch(2, 1)

        self.x_box = self._spin(10.0, INPUT_X_FIELD)
        x_row = QHBoxLayout()
        x_row.setContentsMargins(6, 0, 6, 0)
        self.x_label = QLabel()
        x_row.addWidget(self.x_label)
        x_row.addWidget(self.x_box)
        x_row.addStretch(1)

        self.formula_label = QLabel()
        self.value_label = QLabel()
        self.steps_label = QLabel()
        for label in (self.formula_label, self.value_label, self.steps_label):
            label.setWordWrap(True)
            label.setContentsMargins(6, 0, 6, 0)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setContentsMargins(6, 0, 6, 4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)
        layout.addLayout(x_row)
        layout.addWidget(self.formula_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.x_box.valueChanged.connect(self._update)
        self.load_lecture_example()
        self.apply_theme(self.theme)
        self.retranslate_ui()

    # -- language and theme ------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Buttons, labels and the step-by-step line in the UI language."""
        self.add_button.setText(self.tr("Add function"))
        self.add_button.setToolTip(self.tr("Chain one more linear function after the last one"))
        self.remove_button.setText(self.tr("Remove last"))
        self.remove_button.setToolTip(self.tr("Remove the last function of the chain"))
        self.example_button.setText(self.tr("Lecture example"))
        self.example_button.setToolTip(
            self.tr("The lecture's example: {f}, {g}, x = 10").format(
                f="f(x) = 2x + 1", g="g(x) = −x + 1"
            )
        )
        self.x_label.setText(self.tr("input  x ="))
        self.note.setText(
            self.tr(
                "Whatever the coefficients, the chain is again one linear function: stacking "
                "linear layers adds no power."
            )
        )
        self._show_texts()
        self.updateGeometry()

    def apply_theme(self, theme: Theme) -> None:
        """Fonts and the note's colour from ``theme`` (idempotent)."""
        self.theme = theme
        big = theme.font(1.2)
        self.x_label.setFont(big)
        self.x_box.setFont(big)
        for a_box, b_box in self.rows:
            a_box.setFont(big)
            b_box.setFont(big)
        for left, mid in self._row_labels:
            left.setFont(big)
            mid.setFont(big)
        for button in (self.add_button, self.remove_button, self.example_button):
            button.setFont(theme.font())
        self.formula_label.setFont(theme.font(1.35, bold=True))
        self.value_label.setFont(theme.font(1.35, bold=True))
        self.steps_label.setFont(theme.font(1.05))
        self.note.setFont(theme.font())
        note = _NOTE if theme.key == "normal" else QColor(theme.secondary).name()
        self.note.setStyleSheet(f"color: {note};")
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return honest_minimum(self)

    def painted_texts(self) -> list[str]:
        """The lab paints no text itself (its texts are labels): an empty list."""
        return []

    # -- editing -------------------------------------------------------------------------
    def _spin(self, value: float, label: str) -> NumberField:
        box = NumberField("collapse.value", label, step=1.0)
        box.setValue(value)
        box.setFont(self.theme.font(1.2))
        box.setMinimumWidth(80)
        return box

    def add_function(self, a: float = 1.0, b: float = 0.0) -> bool:
        """Chain ``x -> a x + b`` after the last function; False when the lab is full."""
        n = len(self.rows)
        if n >= self.MAX_FUNCTIONS:
            return False
        name = COMPOSITION_NAMES[n]
        a_box, b_box = self._spin(a, COEFFICIENT_FIELD), self._spin(b, CONSTANT_FIELD)
        left = QLabel(f"{name}(x) =")
        mid = QLabel("x  +")
        for label in (left, mid):
            label.setFont(self.theme.font(1.2))
        self.grid.addWidget(left, n, 0)
        self.grid.addWidget(a_box, n, 1)
        self.grid.addWidget(mid, n, 2)
        self.grid.addWidget(b_box, n, 3)
        self.grid.setColumnStretch(4, 1)
        a_box.valueChanged.connect(self._update)
        b_box.valueChanged.connect(self._update)
        self.rows.append((a_box, b_box))
        self._row_labels.append((left, mid))
        self._update()
        return True

    def remove_function(self) -> bool:
        """Drop the last function (at least one stays); returns whether one was removed."""
        if len(self.rows) <= 1:
            return False
        for w in (*self.rows.pop(), *self._row_labels.pop()):
            self.grid.removeWidget(w)
            w.deleteLater()
        self._update()
        return True

    def set_function(self, i: int, a: float, b: float) -> None:
        """Set function ``i`` (0 = f) to ``x -> a x + b``."""
        a_box, b_box = self.rows[i]
        with QSignalBlocker(a_box), QSignalBlocker(b_box):
            a_box.setValue(a)
            b_box.setValue(b)
        self._update()

    def set_x(self, x: float) -> None:
        """Set the input x."""
        self.x_box.setValue(x)

    def load_lecture_example(self) -> None:
        """The lecture's f(x) = 2x + 1, g(x) = -x + 1 and x = 10."""
        while len(self.rows) > 2:
            self.remove_function()
        while len(self.rows) < 2:
            self.add_function()
        self.set_function(0, 2.0, 1.0)
        self.set_function(1, -1.0, 1.0)
        self.set_x(10.0)

    # -- results --------------------------------------------------------------------------
    def maps(self) -> list[tuple[float, float]]:
        """``[(a, b), ...]`` of the chained functions, in the order they are applied."""
        return [(a.value(), b.value()) for a, b in self.rows]

    def composition(self) -> tuple[float, float]:
        """``(a, b)`` of h(x) = a x + b, from :func:`~nnsim.core.collapse.compose_affine`."""
        return compose_affine(self.maps())

    def value(self) -> float:
        """h(x) from the composed formula."""
        a, b = self.composition()
        return a * self.x_box.value() + b

    def direct_values(self) -> list[float]:
        """The chain evaluated one function at a time: ``[f(x), g(f(x)), ...]``."""
        out = []
        v = self.x_box.value()
        for a, b in self.maps():
            v = a * v + b
            out.append(v)
        return out

    def _update(self) -> None:
        self._show_texts()
        self.add_button.setEnabled(len(self.rows) < self.MAX_FUNCTIONS)
        self.remove_button.setEnabled(len(self.rows) > 1)
        self.changed.emit()

    def _show_texts(self) -> None:
        names = list(COMPOSITION_NAMES[: len(self.rows)])
        a, b = self.composition()
        x = self.x_box.value()
        chain = nested_call(names)
        self.formula_label.setText(f"h(x) = {chain} = {affine_formula(a, b)}")
        self.value_label.setText(f"h({_plain(x)}) = {_plain(self.value())}")
        steps = []
        arg = _plain(x)
        for name, v in zip(names, self.direct_values(), strict=True):
            steps.append(f"{name}({arg}) = {_plain(v)}")
            arg = _plain(v)
        self.steps_label.setText(self.tr("Step by step: {steps}").format(steps=",  ".join(steps)))
