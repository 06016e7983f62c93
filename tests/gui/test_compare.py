"""A/B compare: lockstep training, overlaid curves, and A untouched by closing B."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnsim.core.experiment import DataSpec, Experiment, LayerSpec
from nnsim.gui.compare import STYLE_A, STYLE_B, CompareWindow
from nnsim.gui.main_window import MainWindow


@pytest.fixture
def window(make_window) -> MainWindow:
    exp = Experiment(
        data=DataSpec(n_samples=100),
        hidden=(LayerSpec(4, "sigmoid"), LayerSpec(4, "sigmoid"), LayerSpec(2, "sigmoid")),
    )
    return make_window(exp, size=(1000, 700))


def _open(w: MainWindow, qtbot) -> CompareWindow:
    c = w.compare.open()
    qtbot.addWidget(c)
    qtbot.waitUntil(lambda: c.snap_b is not None and c.snap_a is not None, timeout=10_000)
    return c


def test_runs_train_in_lockstep_and_curves_overlay(window: MainWindow, qtbot) -> None:
    w = window
    c = _open(w, qtbot)
    assert c.steps == (0, 0)
    c.activation_box.setCurrentIndex(c.activation_box.findData("relu"))
    assert [h.activation for h in c.experiment_b.hidden] == ["relu"] * 3
    assert all(h.activation == "sigmoid" for h in w.model.experiment.hidden)  # A unchanged
    c.steps_box.setValue(7)
    c.set_playing(True)
    seen: list[tuple[int | None, int | None]] = []
    qtbot.waitUntil(lambda: seen.append(c.steps) or (c.steps[0] or 0) >= 70, timeout=20_000)
    c.set_playing(False)
    qtbot.waitUntil(c.in_step, timeout=10_000)
    a, b = c.steps
    assert a == b and a % 7 == 0 and a >= 70
    # Every time both were at rest, they were at the same round boundary.
    assert all(x % 7 == 0 for x, y in seen if x is not None and x == y)
    # The main window's view of A agrees.
    qtbot.waitUntil(lambda: w.controller.latest.step == a, timeout=5000)
    # Overlay: A solid, B dashed; one gradient curve per weight layer for each run.
    assert c.loss_curves["A"].opts["pen"].style() == STYLE_A == Qt.PenStyle.SolidLine
    assert c.loss_curves["B"].opts["pen"].style() == STYLE_B == Qt.PenStyle.DashLine
    for run, style in (("A", STYLE_A), ("B", STYLE_B)):
        curves = c.grad_curves[run]
        assert len(curves) == 4
        assert all(cv.opts["pen"].style() == style for cv in curves)
        # Each layer's curve shows every record with a gradient (log axis: > 0).
        h = (c.snap_a if run == "A" else c.snap_b).history
        assert len(h) > 3
        for layer, cv in enumerate(curves):
            shown = h.step[np.isfinite(h.grad_norm[:, layer]) & (h.grad_norm[:, layer] > 0)]
            np.testing.assert_array_equal(cv.xData if len(shown) else [], shown)
        assert c.loss_curves[run].xData[-1] == a
    # The losses differ: B really is another network (relu vs sigmoid).
    assert c.snap_a.train_loss != c.snap_b.train_loss
    # Boundaries side by side.
    assert c.view_a.snapshot is c.snap_a and c.view_b.snapshot is c.snap_b
    c.close()


def test_step_both_and_learning_rate_of_b(window: MainWindow, qtbot) -> None:
    c = _open(window, qtbot)
    c.rate_box.setValue(0.3)
    assert c.experiment_b.hyper.learning_rate == pytest.approx(0.3)
    assert window.model.experiment.hyper.learning_rate == pytest.approx(0.03)
    assert c.step(5)
    qtbot.waitUntil(lambda: c.in_step() and c.steps == (5, 5), timeout=10_000)
    assert c.step(5)
    qtbot.waitUntil(lambda: c.in_step() and c.steps == (10, 10), timeout=10_000)
    c.close()


def test_closing_b_leaves_a_untouched(window: MainWindow, qtbot) -> None:
    w = window
    c = _open(w, qtbot)
    c.activation_box.setCurrentIndex(c.activation_box.findData("tanh"))
    c.step(12)
    qtbot.waitUntil(lambda: c.in_step() and c.steps == (12, 12), timeout=10_000)
    exp_before = w.model.experiment
    depth = w.undo_stack.count()
    weights_before = [np.array(x) for x in w.controller.latest.weights]
    c.close()
    assert c.controller_b.running is False
    assert w.model.experiment is exp_before
    assert w.undo_stack.count() == depth
    after = w.controller.latest
    assert after.step == 12
    for x, y in zip(weights_before, after.weights, strict=True):
        np.testing.assert_array_equal(x, y)
    # A trains on alone, with its own settings.
    w.controller.step(3)
    qtbot.waitUntil(lambda: w.controller.latest.step == 15, timeout=10_000)
    assert all(h.activation == "sigmoid" for h in w.model.experiment.hidden)


def test_b_has_the_full_hyper_panel_and_a_is_untouched(window: MainWindow, qtbot) -> None:
    """Anything in B can change (architecture, optimizer, ...), not only the activation."""
    c = _open(window, qtbot)
    a_before = window.model.experiment
    panel = c.hyper_b
    panel.layers_spin.setValue(1)  # B: one hidden layer instead of three
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("adam"))
    assert len(c.experiment_b.hidden) == 1
    assert c.experiment_b.hyper.optimizer == "adam"
    assert window.model.experiment is a_before  # A's document did not move
    assert not panel.control_visible("hyper.seed")  # A and B share the seed
    assert c.step(5)
    qtbot.waitUntil(lambda: c.in_step() and c.steps == (5, 5), timeout=10_000)
    assert c.snap_b is not None and c.snap_a is not None
    assert len(c.snap_b.layer_sizes) == 3 and len(c.snap_a.layer_sizes) == 5
    # The small activation box and the panel stay in agreement.
    c.activation_box.setCurrentIndex(c.activation_box.findData("relu"))
    assert c.experiment_b.hidden[0].activation == "relu"
    assert panel.activation_combo.currentData() == "relu"
    c.close()


def test_a_lesson_run_b_replaces_the_open_compare_window_in_the_current_theme(
    window: MainWindow, qtbot
) -> None:
    w = window
    first = _open(w, qtbot)
    assert w.compare.open() is first  # the menu again: the same window, raised
    run_b = replace(w.model.experiment, hidden=(LayerSpec(3, "relu"),))
    w.teaching.compare_requested.emit(run_b)  # a lesson's "compare with run B"
    second = w.compare.window
    assert second is not None and second is not first
    qtbot.addWidget(second)
    assert first.closed and not second.closed
    assert [h.activation for h in second.experiment_b.hidden] == ["relu"]
    dark = replace(w.theme, background="#000000")
    w.apply_theme(dark)  # the window's theme reaches the compare window by the context
    assert second.theme is dark
    w.compare.shutdown()
    assert second.closed and second.controller_b.running is False


def test_b_starts_its_own_curves_and_a_keeps_its_past(window: MainWindow, qtbot) -> None:
    # A has trained for a while; B is a fresh comparison run from A's weights: its
    # curves begin at its own first step, not with A's past.
    w = window
    w.controller.step(400)
    qtbot.waitUntil(
        lambda: w.controller.latest.step == 400 and len(w.controller.latest.history) > 5,
        timeout=20_000,
    )
    past = np.array(w.controller.latest.history.step)
    c = _open(w, qtbot)
    assert c.experiment_b.history is None and c.experiment_b.step == 400
    assert len(c.snap_b.history) == 0  # nothing drawn for B before it trains
    assert c.step(60)
    qtbot.waitUntil(lambda: c.in_step() and c.steps == (460, 460), timeout=10_000)
    b_steps = np.array(c.snap_b.history.step)
    assert len(b_steps) > 0 and b_steps[0] > 400
    assert c.loss_curves["B"].xData[0] > 400
    # A's curve still reaches back to its beginning.
    a_steps = np.array(c.snap_a.history.step)
    np.testing.assert_array_equal(a_steps[: len(past)], past)
    assert c.loss_curves["A"].xData[0] == past[0] < 400
    c.close()
