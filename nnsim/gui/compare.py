"""A/B comparison: the current run (A) against a copy with one thing changed (B).

"Compare" duplicates the window's experiment -- with the weights and step on screen --
into run B, which has its own :class:`~nnsim.gui.controller.TrainingController` (its
own worker thread). A small panel changes B's hidden activation and learning rate.
Both runs then train in **lockstep**: the compare window sends the same ``step(n)``
to both controllers and sends the next one only when both snapshots have reached the
same step, so their step counts are always equal when drawn. Loss and per-layer
gradient curves are overlaid (A solid, B dashed, layer colours as in the network
panel) and the two boundaries are shown side by side.

Run A is the main window's own run: it is trained (that is the point), but its
document is never edited, and closing the compare window shuts B's thread down and
leaves A exactly as it is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.activations import ACTIVATIONS
from nnsim.core.controls import CONTROLS
from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import layer_color
from nnsim.gui.controller import TrainingController
from nnsim.gui.panels import HyperPanel
from nnsim.gui.views.boundary import OutputView
from nnsim.model import ExperimentModel, kind_of_change

if TYPE_CHECKING:
    from nnsim.gui.main_window import MainWindow

#: Line styles of the two runs.
STYLE_A = Qt.PenStyle.SolidLine
STYLE_B = Qt.PenStyle.DashLine
#: Lockstep polling interval (ms).
TICK_MS = 15


def _overlay_plot(left: str, log_y: bool) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    item = plot.getPlotItem()
    item.setLabel("bottom", "step")
    item.setLabel("left", left)
    item.setLogMode(x=False, y=log_y)
    item.setMenuEnabled(False)
    item.setMouseEnabled(x=False, y=False)
    item.showGrid(x=True, y=True, alpha=0.15)
    plot.setMinimumSize(240, 160)
    return plot


def with_hidden_activation(exp: Experiment, activation: str) -> Experiment:
    """``exp`` with every hidden layer using ``activation``."""
    hidden = tuple(LayerSpec(h.width, activation) for h in exp.hidden)
    return replace(exp, hidden=hidden)


class CompareWindow(QWidget):
    """Run B next to the window's run A, trained in lockstep (see the module docstring).

    Parameters
    ----------
    window : MainWindow
        Supplies run A (its controller and current experiment).

    Attributes
    ----------
    controller_b : TrainingController
    experiment_b : Experiment
        B's experiment as last applied.
    loss_curves : dict[str, pyqtgraph.PlotDataItem]
        "A", "B": the training-loss curves.
    grad_curves : dict[str, list[pyqtgraph.PlotDataItem]]
        "A", "B": one gradient-norm curve per weight layer.
    view_a, view_b : OutputView
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("Compare A / B — nnsim")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._window = window
        self.controller_a = window.controller
        self.controller_a.pause()
        exp_a = window.current_experiment()
        # B's document hides its seed row: A and B train on the same seed.
        hide = {*exp_a.hidden_controls, "hyper.seed"}
        self.experiment_b = replace(
            exp_a, hidden_controls=tuple(n for n in CONTROLS if n in hide)
        )
        self.controller_b = TrainingController(self.experiment_b, self)
        self.snap_a: Snapshot | None = self.controller_a.latest
        self.snap_b: Snapshot | None = None
        self._target: int | None = None  # the step both runs were told to reach
        self._playing = False
        self._closed = False

        # ---- B's panel
        self.activation_box = QComboBox()
        for name, act in ACTIVATIONS.items():
            self.activation_box.addItem(act.label, name)
        hidden = self.experiment_b.hidden
        if hidden:
            self.activation_box.setCurrentIndex(self.activation_box.findData(hidden[0].activation))
        else:
            self.activation_box.setEnabled(False)  # no hidden layer to change
        self.rate_box = QDoubleSpinBox()
        self.rate_box.setDecimals(5)
        self.rate_box.setRange(1e-5, 10.0)
        self.rate_box.setSingleStep(0.01)
        self.rate_box.setValue(self.experiment_b.hyper.learning_rate)
        # Everything else about B: the full hyper-parameter panel (architecture,
        # activations, loss, optimizer, regularisation, batch, stop) on B's own document
        # and undo stack. No data panel and no seed row: A and B share data and seed.
        self.model_b = ExperimentModel(self.experiment_b)
        self.undo_stack_b = QUndoStack(self)
        self.hyper_b = HyperPanel(self.model_b, self.undo_stack_b, self)
        self.model_b.changed.connect(lambda _old, new, _kind: self.set_experiment_b(new))
        self.activation_box.currentIndexChanged.connect(lambda _i: self._apply_b())
        self.rate_box.valueChanged.connect(lambda _v: self._apply_b())
        self.steps_box = QSpinBox()
        self.steps_box.setRange(1, 1000)
        self.steps_box.setValue(10)
        self.steps_box.setToolTip("Steps per lockstep round")
        self.play_button = QPushButton("Play both")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self.set_playing)
        step_button = QPushButton("Step both")
        step_button.clicked.connect(lambda: self.step(self.steps_box.value()))
        reset_button = QPushButton("Reset both")
        reset_button.clicked.connect(self.reset_both)
        self.status = QLabel()
        controls = QHBoxLayout()
        controls.addWidget(QLabel("B: hidden activation"))
        controls.addWidget(self.activation_box)
        controls.addWidget(QLabel("learning rate"))
        controls.addWidget(self.rate_box)
        controls.addSpacing(12)
        controls.addWidget(self.play_button)
        controls.addWidget(step_button)
        controls.addWidget(QLabel("steps/round"))
        controls.addWidget(self.steps_box)
        controls.addWidget(reset_button)
        controls.addStretch(1)

        # ---- overlays
        self.loss_plot = _overlay_plot("training loss", log_y=False)
        self.grad_plot = _overlay_plot("gradient norm ‖dW‖", log_y=True)
        self.loss_plot.getPlotItem().addLegend(offset=(-8, 8))
        self.loss_curves = {
            run: self.loss_plot.plot(
                pen=pg.mkPen(QColor(40, 40, 40), width=2, style=style), name=f"{run}"
            )
            for run, style in (("A", STYLE_A), ("B", STYLE_B))
        }
        self.grad_curves: dict[str, list[pg.PlotDataItem]] = {"A": [], "B": []}
        self.view_a = OutputView()
        self.view_b = OutputView()
        self.title_a = QLabel()
        self.title_b = QLabel()
        views = QHBoxLayout()
        for title, view in ((self.title_a, self.view_a), (self.title_b, self.view_b)):
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(view, 1)
            views.addLayout(column, 1)
        plots = QHBoxLayout()
        plots.addWidget(self.loss_plot, 1)
        plots.addWidget(self.grad_plot, 1)
        main = QVBoxLayout()
        main.addLayout(controls)
        main.addLayout(views, 3)
        main.addLayout(plots, 2)
        main.addWidget(self.status)
        panel = QScrollArea()
        panel.setWidget(self.hyper_b)
        panel.setWidgetResizable(True)
        panel.setMinimumWidth(300)
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Run B</b> (A's data and seed)"))
        side.addWidget(panel, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(side)
        layout.addLayout(main, 1)

        self.controller_a.snapshot_ready.connect(self._on_snapshot_a)
        self.controller_b.snapshot_ready.connect(self._on_snapshot_b)
        self._halt_slots = []
        for run, c in (("A", self.controller_a), ("B", self.controller_b)):
            for signal in (c.stopped, c.diverged, c.errored):
                slot = lambda reason, run=run: self._on_halted(run, reason)  # noqa: E731
                signal.connect(slot)
                self._halt_slots.append((signal, slot))
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._update_titles()
        self.resize(1100, 760)
        self.controller_b.start()
        if self.snap_a is not None:
            self._show("A", self.snap_a)

    # ------------------------------------------------------------------ B's settings
    def _apply_b(self) -> None:
        exp = self.experiment_b
        new = exp
        activation = self.activation_box.currentData()
        if exp.hidden and activation is not None:
            new = with_hidden_activation(new, str(activation))
        new = replace(new, hyper=replace(new.hyper, learning_rate=float(self.rate_box.value())))
        self.set_experiment_b(new)

    def set_experiment_b(self, new: Experiment) -> None:
        """Change run B (validated); it takes effect between two lockstep rounds."""
        new.validate()
        kind = kind_of_change(self.experiment_b, new)
        if kind is None:
            return
        self.experiment_b = new
        if self.model_b.experiment is not new:
            # Keep B's panel showing B (its echo comes back here as "no change").
            self.model_b.set_experiment(new, kind)
        self.controller_b.apply(new, kind)
        self._update_titles()

    def _update_titles(self) -> None:
        def describe(exp: Experiment) -> str:
            acts = ", ".join(sorted({h.activation for h in exp.hidden})) or "no hidden layer"
            return f"{acts} · learning rate {exp.hyper.learning_rate:g}"

        self.title_a.setText(f"<b>A</b> (solid): {describe(self._window.model.experiment)}")
        self.title_b.setText(f"<b>B</b> (dashed): {describe(self.experiment_b)}")

    # ------------------------------------------------------------------ lockstep
    @property
    def steps(self) -> tuple[int | None, int | None]:
        """The step counts of the latest snapshots of A and B."""
        a = self.snap_a.step if self.snap_a is not None else None
        b = self.snap_b.step if self.snap_b is not None else None
        return a, b

    def in_step(self) -> bool:
        """Both runs have a snapshot, at the same step, and no round is under way."""
        a, b = self.steps
        return a is not None and a == b and (self._target is None or a == self._target)

    def step(self, n: int = 1) -> bool:
        """Train both runs ``n`` steps from the same step count; False if not in step yet.

        If the counts differ (B was just made, or one run was trained alone), the run
        that is behind is first brought level with the other.
        """
        a, b = self.steps
        if a is None or b is None or (self._target is not None and (a, b) != (self._target,) * 2):
            return False
        if a != b:  # bring the one behind level first
            behind = self.controller_a if a < b else self.controller_b
            behind.step(abs(a - b))
            self._target = max(a, b)
            return False
        self._target = a + int(n)
        self.controller_a.step(int(n))
        self.controller_b.step(int(n))
        return True

    def set_playing(self, on: bool) -> None:
        """Train both runs in lockstep rounds until paused."""
        self._playing = bool(on)
        if self.play_button.isChecked() != self._playing:
            self.play_button.setChecked(self._playing)
        if on:
            self.controller_a.pause()  # A's free-running play would leave B behind
            self._timer.start()
        else:
            self._timer.stop()

    def reset_both(self) -> None:
        """Fresh seeded weights and step 0 for both runs."""
        self._target = 0
        self.controller_a.reset()
        self.controller_b.reset()

    def _tick(self) -> None:
        if self.controller_a.playing:
            self.controller_a.pause()  # the main window's Play: keep lockstep instead
        a, b = self.steps
        if self._target is not None and (a, b) != (self._target,) * 2:
            return  # a round is under way
        self.step(self.steps_box.value())

    def _on_halted(self, run: str, reason: str) -> None:
        # A run stopped short of the round (stop condition, divergence, error): the
        # other one may be ahead now, so the lockstep pauses; Step brings them level.
        self.set_playing(False)
        self._target = None
        self.status.setText(f"Run {run} stopped: {reason.splitlines()[0] if reason else ''}")

    def _on_snapshot_a(self, snap: Snapshot) -> None:
        self.snap_a = snap
        self._show("A", snap)

    def _on_snapshot_b(self, snap: Snapshot) -> None:
        self.snap_b = snap
        self._show("B", snap)

    # ------------------------------------------------------------------ drawing
    def _show(self, run: str, snap: Snapshot) -> None:
        (self.view_a if run == "A" else self.view_b).set_snapshot(snap)
        h = snap.history
        self.loss_curves[run].setData(h.step, h.train_loss)
        curves = self.grad_curves[run]
        n_layers = snap.n_weight_layers
        if len(curves) != n_layers:
            for curve in curves:
                self.grad_plot.removeItem(curve)
            style = STYLE_A if run == "A" else STYLE_B
            curves[:] = [
                self.grad_plot.plot(pen=pg.mkPen(layer_color(i), width=2, style=style))
                for i in range(n_layers)
            ]
        grad = np.asarray(h.grad_norm, dtype=np.float64)
        for i, curve in enumerate(curves):
            if grad.ndim == 2 and grad.shape[1] == n_layers and len(h.step):
                ys = grad[:, i]
                ok = np.isfinite(ys) & (ys > 0)  # log axis
                curve.setData(h.step[ok], ys[ok])
            else:
                curve.setData([], [])
        a, b = self.steps
        self.status.setText(
            f"A: step {a if a is not None else '–'} · B: step {b if b is not None else '–'}"
        )

    # ------------------------------------------------------------------ closing
    def shutdown(self) -> None:
        """Stop the lockstep, disconnect from A and join B's thread (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self.controller_a.snapshot_ready.disconnect(self._on_snapshot_a)
        for signal, slot in self._halt_slots:
            signal.disconnect(slot)
        self.controller_b.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def open_compare(window: MainWindow) -> CompareWindow:
    """Open (or raise) the window's compare window."""
    existing: CompareWindow | None = getattr(window, "compare_window", None)
    if existing is not None and not existing._closed:
        existing.show()
        existing.raise_()
        return existing
    compare = CompareWindow(window)
    window.compare_window = compare  # type: ignore[attr-defined]
    compare.show()
    return compare
