"""A/B comparison: the current run (A) against a copy with one thing changed (B).

"Compare" duplicates the document -- with the weights and step on screen --
into run B, which has its own :class:`~nnsim.gui.controller.TrainingController` (its
own training process). A small panel changes B's hidden activation and learning rate.
Both runs then train in **lockstep**: the compare window sends the same ``step(n)``
to both controllers and sends the next one only when both snapshots have reached the
same step, so their step counts are always equal when drawn. Loss and per-layer
gradient curves are overlaid (A solid, B dashed, layer colours as in the network
panel) and the two boundaries are shown side by side.

Run A is the application's own run (the context's controller): it is trained (that
is the point), but its document is never edited, and closing the compare window ends
B's process and leaves A exactly as it is.

The window speaks the UI language (it re-translates itself on a language switch) and
takes the application's theme (:meth:`CompareWindow.apply_theme`): it styles its two
overlay plots itself and hands the theme to the views and the panel it hosts.
:class:`Comparison` is the feature the main window holds: it opens, raises and
replaces the one compare window and keeps it in the application's theme.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.activations import ACTIVATIONS
from nnsim.core.controls import CONTROLS
from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.core.snapshot import Snapshot
from nnsim.gui.app_context import AppContext
from nnsim.gui.colors import layer_color
from nnsim.gui.controller import TrainingController
from nnsim.gui.hyper_panel import HyperPanel
from nnsim.gui.i18n import Retranslating, localize
from nnsim.gui.number_field import STEPS_FIELD, NumberField, WholeField
from nnsim.gui.panels import relabel_items
from nnsim.gui.theme import Theme
from nnsim.gui.views.boundary import OutputView
from nnsim.gui.views.history_data import loss_curves
from nnsim.gui.views.history_plot import curve_pen, style_axes, style_legend
from nnsim.gui.views.plot_style import label_style
from nnsim.gui.widgets import FitComboBox
from nnsim.model import ExperimentModel, kind_of_change

#: Line styles of the two runs.
STYLE_A = Qt.PenStyle.SolidLine
STYLE_B = Qt.PenStyle.DashLine
#: Lockstep polling interval (ms).
TICK_MS = 15
#: The loss curves' colour (A and B differ by their dash).
_LOSS_COLOR = QColor(40, 40, 40)


def _overlay_plot(log_y: bool) -> pg.PlotWidget:
    """A plot for overlaid curves (labels: retranslate_ui; colours: apply_theme)."""
    plot = pg.PlotWidget()
    item = plot.getPlotItem()
    item.setLogMode(x=False, y=log_y)
    for name in ("left", "bottom"):
        item.getAxis(name).enableAutoSIPrefix(False)  # "loss (x0.001)" confuses more
    item.setMenuEnabled(False)
    item.setMouseEnabled(x=False, y=False)
    item.showGrid(x=True, y=True, alpha=0.15)
    plot.setMinimumSize(240, 160)
    return plot


def with_hidden_activation(exp: Experiment, activation: str) -> Experiment:
    """``exp`` with every hidden layer using ``activation``."""
    hidden = tuple(LayerSpec(h.width, activation) for h in exp.hidden)
    return replace(exp, hidden=hidden)


class CompareWindow(Retranslating, QWidget):
    """Run B next to the application's run A, trained in lockstep (see the module docstring).

    Parameters
    ----------
    context : AppContext
        Supplies run A (its controller and the document with the weights on screen).
    experiment_b : Experiment, optional
        Run B as given (a lesson's "run B"); a copy of A when omitted. B always trains
        on A's data.

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
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    def __init__(self, context: AppContext, experiment_b: Experiment | None = None) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.theme = Theme()
        #: The status line, made in the UI language when it is shown.
        self._status: Callable[[], str] = str
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._context = context
        self.controller_a = context.controller
        self.controller_a.pause()
        exp_a = context.current_experiment()
        # B's document hides its seed row: A and B train on the same seed.
        hide = {*exp_a.hidden_controls, "hyper.seed"}
        base_b = exp_a if experiment_b is None else replace(experiment_b, data=exp_a.data)
        # B is a new run from A's weights: its curves start at its own first step (A's
        # past curves are A's, and stay in A's window).
        base_b = replace(base_b, history=None)
        self.experiment_b = replace(base_b, hidden_controls=tuple(n for n in CONTROLS if n in hide))
        self.controller_b = TrainingController(self.experiment_b, self)
        self.snap_a: Snapshot | None = self.controller_a.latest
        self.snap_b: Snapshot | None = None
        self._target: int | None = None  # the step both runs were told to reach
        self._playing = False
        self._closed = False

        # ---- B's panel
        self.activation_box = FitComboBox()
        for name, act in ACTIVATIONS.items():
            self.activation_box.addItem(localize(act.label), name)
        hidden = self.experiment_b.hidden
        if hidden:
            self.activation_box.setCurrentIndex(self.activation_box.findData(hidden[0].activation))
        else:
            self.activation_box.setEnabled(False)  # no hidden layer to change
        # B's learning rate is typed like every other number (nnsim.gui.number_field);
        # a refused text is explained at the field and in the status line.
        self.rate_box = NumberField(
            "hyper.learning_rate", CONTROLS["hyper.learning_rate"], step=0.01
        )
        self.rate_box.setValue(self.experiment_b.hyper.learning_rate)
        self.rate_box.refused.connect(lambda message: self._set_status(lambda: message))
        # Everything else about B: the full hyper-parameter panel (architecture,
        # activations, loss, optimizer, regularisation, batch, stop) on B's own document
        # and undo stack. No data panel and no seed row: A and B share data and seed.
        self.model_b = ExperimentModel(self.experiment_b)
        self.undo_stack_b = QUndoStack(self)
        self.hyper_b = HyperPanel(self.model_b, self.undo_stack_b, self)
        self.model_b.changed.connect(lambda _old, new, _kind: self.set_experiment_b(new))
        self.activation_box.currentIndexChanged.connect(lambda _i: self._apply_b())
        self.rate_box.valueChanged.connect(lambda _v: self._apply_b())
        self.steps_box = WholeField("compare.steps", STEPS_FIELD)
        self.steps_box.setValue(10)
        self.steps_box.refused.connect(lambda message: self._set_status(lambda: message))
        self.play_button = QPushButton()
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self.set_playing)
        self.step_button = QPushButton()
        self.step_button.clicked.connect(lambda: self.step(self.steps_box.value()))
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset_both)
        self.status = QLabel()
        self.activation_label = QLabel()
        self.activation_label.setBuddy(self.activation_box)
        self.rate_label = QLabel()
        self.rate_label.setBuddy(self.rate_box)
        self.steps_label = QLabel()
        self.steps_label.setBuddy(self.steps_box)
        controls = QHBoxLayout()
        controls.addWidget(self.activation_label)
        controls.addWidget(self.activation_box)
        controls.addWidget(self.rate_label)
        controls.addWidget(self.rate_box)
        controls.addSpacing(12)
        controls.addWidget(self.play_button)
        controls.addWidget(self.step_button)
        controls.addWidget(self.steps_label)
        controls.addWidget(self.steps_box)
        controls.addWidget(self.reset_button)
        controls.addStretch(1)

        # ---- overlays
        self.loss_plot = _overlay_plot(log_y=False)
        self.grad_plot = _overlay_plot(log_y=True)
        self.legend = self.loss_plot.getPlotItem().addLegend(offset=(-8, 8))
        # "A" and "B" name the runs, in every language.
        self.loss_curves = {
            run: self.loss_plot.plot(pen=curve_pen(_LOSS_COLOR, self.theme, style), name=run)
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
        self.side_title = QLabel()
        side = QVBoxLayout()
        side.addWidget(self.side_title)
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
        self._style(self.theme)  # the hosted views and panel start in the default theme
        self.retranslate_ui()
        self.resize(1100, 760)
        self.controller_b.start()
        if self.snap_a is not None:
            self._show("A", self.snap_a)

    # ------------------------------------------------------------------ language, theme
    def retranslate_ui(self) -> None:
        """Every text of the window in the UI language (B's settings are kept)."""
        self.setWindowTitle(self.tr("Compare A / B — nnsim"))
        relabel_items(self.activation_box, lambda name: localize(ACTIVATIONS[name].label))
        self.activation_label.setText(self.tr("B: hidden activation"))
        self.rate_label.setText(self.tr("learning rate"))
        self.steps_label.setText(self.tr("steps/round"))
        self.steps_box.setToolTip(self.tr("Steps per lockstep round"))
        self.play_button.setText(self.tr("Play both"))
        self.play_button.setToolTip(self.tr("Train A and B in lockstep rounds until paused"))
        self.step_button.setText(self.tr("Step both"))
        self.step_button.setToolTip(self.tr("Train A and B one round of steps"))
        self.reset_button.setText(self.tr("Reset both"))
        self.reset_button.setToolTip(self.tr("Fresh weights from the seed and step 0 for both"))
        self.side_title.setText(self.tr("<b>Run B</b> (A's data and seed)"))
        style = label_style(self.theme)
        self.loss_plot.getPlotItem().setLabel("bottom", self.tr("step"), **style)
        self.loss_plot.getPlotItem().setLabel("left", self.tr("training loss"), **style)
        self.grad_plot.getPlotItem().setLabel("bottom", self.tr("step"), **style)
        self.grad_plot.getPlotItem().setLabel("left", self.tr("gradient norm ‖dW‖"), **style)
        self._update_titles()
        self.status.setText(self._status())

    def apply_theme(self, theme: Theme) -> None:
        """Style the overlay plots with ``theme``, hand it to the hosted views (idempotent)."""
        self.view_a.apply_theme(theme)
        self.view_b.apply_theme(theme)
        self.hyper_b.apply_theme(theme)
        self._style(theme)
        self.retranslate_ui()  # the axis labels carry the theme's colour and size

    def _style(self, theme: Theme) -> None:
        """The window's own items: the overlay plots, their curves and legend."""
        self.theme = theme
        for plot in (self.loss_plot, self.grad_plot):
            style_axes(plot, theme)
        for run, style in (("A", STYLE_A), ("B", STYLE_B)):
            self.loss_curves[run].setPen(curve_pen(_LOSS_COLOR, theme, style))
            for i, curve in enumerate(self.grad_curves[run]):
                curve.setPen(curve_pen(layer_color(i), theme, style))
        style_legend(self.legend, theme)

    def _set_status(self, make: Callable[[], str]) -> None:
        self._status = make
        self.status.setText(make())

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

    def _describe(self, exp: Experiment) -> str:
        """A run's hidden activations and learning rate, in the UI language."""
        names = sorted({h.activation for h in exp.hidden})
        if not names:
            acts = self.tr("no hidden layer")
        else:
            acts = ", ".join(localize(ACTIVATIONS[n].label) for n in names)
        return self.tr("{activations} · learning rate {rate:g}").format(
            activations=acts, rate=exp.hyper.learning_rate
        )

    def _update_titles(self) -> None:
        self.title_a.setText(
            self.tr("<b>A</b> (solid): {description}").format(
                description=self._describe(self._context.model.experiment)
            )
        )
        self.title_b.setText(
            self.tr("<b>B</b> (dashed): {description}").format(
                description=self._describe(self.experiment_b)
            )
        )

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
        first = localize(reason).splitlines()[0] if reason else ""
        self._set_status(
            lambda: self.tr("Run {run} stopped: {reason}").format(run=run, reason=first)
        )

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
        steps, train, _ = loss_curves(snap)
        self.loss_curves[run].setData(steps, train)
        curves = self.grad_curves[run]
        n_layers = snap.n_weight_layers
        if len(curves) != n_layers:
            for curve in curves:
                self.grad_plot.removeItem(curve)
            style = STYLE_A if run == "A" else STYLE_B
            curves[:] = [
                self.grad_plot.plot(pen=curve_pen(layer_color(i), self.theme, style))
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
        self._set_status(
            lambda: self.tr("A: step {a} · B: step {b}").format(
                a=a if a is not None else "–", b=b if b is not None else "–"
            )
        )

    # ------------------------------------------------------------------ closing
    @property
    def closed(self) -> bool:
        """Whether the window was shut down (B's process ended)."""
        return self._closed

    def shutdown(self) -> None:
        """Stop the lockstep, disconnect from A and end B's process (idempotent)."""
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


class Comparison(QObject):
    """The main window's A/B comparison: at most one :class:`CompareWindow`.

    The window wires its Training > Compare A/B… action (and a lesson's "compare") to
    :meth:`open`, and ends B's process with :meth:`shutdown` when it closes.

    Parameters
    ----------
    context : AppContext
        Run A, the theme the compare window follows and the window it covers.

    Attributes
    ----------
    window : CompareWindow or None
        The compare window opened last (None before the first).
    """

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else context)
        self._context = context
        self.window: CompareWindow | None = None
        context.theme_changed.connect(self._on_theme_changed)

    def open(self, experiment_b: Experiment | None = None) -> CompareWindow:
        """Open (or raise) the compare window.

        With ``experiment_b`` (a lesson's run B) an open compare window is replaced by
        one comparing with it.
        """
        existing = self.window
        if existing is not None and not existing.closed:
            if experiment_b is None:
                existing.show()
                existing.raise_()
                return existing
            existing.shutdown()
            existing.close()
        compare = CompareWindow(self._context, experiment_b)
        compare.apply_theme(self._context.theme)  # the current look (presentation, dark)
        self.window = compare
        # Over the main window at its size: what a 720p or 1080p recording captures.
        parent = self._context.dialog_parent
        if parent is not None:
            compare.setGeometry(parent.geometry())
        compare.show()
        return compare

    def shutdown(self) -> None:
        """Close the compare window and end run B's process (A is left as it is)."""
        if self.window is not None:
            self.window.shutdown()
            self.window.close()

    def _on_theme_changed(self, theme: Theme) -> None:
        if self.window is not None and not self.window.closed:
            self.window.apply_theme(theme)
