"""The main window as a lecturer uses it: keys, docks, live plots, files, undo."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from windows import worker_round_trip

from nnsim.core.experiment import DataSpec, Experiment, Hyper, LayerSpec
from nnsim.core.snapshot import Snapshot
from nnsim.core.trainer import Trainer
from nnsim.gui.editor.view import NetworkView
from nnsim.gui.main_window import MainWindow

DOCKS = {"data", "hyper", "output", "loss", "gradient"}


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def _snap(w: MainWindow) -> Snapshot:
    assert w.snapshot is not None
    return w.snapshot


def _drawn(w: MainWindow, qtbot, snap: Snapshot) -> Snapshot:
    """``snap`` once the window has drawn it."""
    qtbot.waitUntil(lambda: w.snapshot is snap, timeout=10_000)
    return snap


def _points(curve) -> int:
    return 0 if curve.xData is None else len(curve.xData)


def _press(w: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(w, key, modifier)


def test_window_opens_with_every_dock(window: MainWindow) -> None:
    # The panels of the vertical slice are open at start; teaching views may add more docks.
    assert DOCKS <= set(window.docks)
    for key, dock in window.docks.items():
        assert dock.objectName() == f"{key}_dock"
        assert not dock.isFloating()
    for key in DOCKS:
        # A dock in a background tab is not "visible" but is one click away: not hidden.
        assert not window.docks[key].isHidden(), key
    assert isinstance(window.centralWidget(), NetworkView)
    assert window.status_labels["step"].text() == "step 0"


def test_space_starts_training_and_space_pauses(window: MainWindow, qtbot) -> None:
    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.playing and _snap(window).step > 100, timeout=10_000)
    qtbot.waitUntil(lambda: _points(window.loss_plot.train_curve) > 5, timeout=10_000)
    assert window.play_action.text() == "Pause"
    assert window.status_labels["step"].text().startswith("step ")
    assert window.status_labels["step"].text() != "step 0"

    _press(window, Qt.Key.Key_Space)
    assert not window.controller.playing
    # Paused: once the worker has handled the pause, the step and the curve stand still
    # through later commands (a trainer that ran on would publish a later step).
    step = _drawn(window, qtbot, worker_round_trip(window.controller)).step
    points = _points(window.loss_plot.train_curve)
    assert _drawn(window, qtbot, worker_round_trip(window.controller)).step == step
    assert _points(window.loss_plot.train_curve) == points
    assert window.play_action.text() == "Play"


def test_right_steps_once_and_shift_right_one_epoch(window: MainWindow, qtbot) -> None:
    _press(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: _snap(window).step == 1, timeout=5000)
    # Exactly one: after a later command has been handled, still step 1.
    assert _drawn(window, qtbot, worker_round_trip(window.controller)).step == 1
    _press(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    spe = Trainer(Experiment()).steps_per_epoch
    qtbot.waitUntil(lambda: _snap(window).step == spe, timeout=5000)
    assert _snap(window).epoch == 1
    assert window.epoch_label.text() == "000,001"
    assert window.step_label.text() == f"{spe:,}"


def test_reset_restores_initial_weights(window: MainWindow, qtbot) -> None:
    initial = _snap(window).weights
    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _snap(window).step > 200, timeout=10_000)
    _press(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: _snap(window).step == 0, timeout=5000)
    assert not window.controller.playing
    for a, b in zip(_snap(window).weights, initial, strict=True):
        np.testing.assert_array_equal(a, b)


def test_xor_trains_below_a_tenth_and_the_loss_plot_shows_the_drop(make_window, qtbot) -> None:
    exp = Experiment(
        data=DataSpec(dataset="xor"),
        hidden=(LayerSpec(8, "tanh"), LayerSpec(4, "tanh")),
        hyper=Hyper(learning_rate=0.1),
    )
    w = make_window(exp)
    w.controller.play()
    qtbot.waitUntil(lambda: _snap(w).train_loss < 0.1, timeout=30_000)
    w.controller.pause()
    # The pause publishes a final snapshot (rate 0), which the plots draw at once.
    qtbot.waitUntil(lambda: _snap(w).steps_per_second == 0, timeout=5000)
    y = np.asarray(w.loss_plot.train_curve.yData)
    assert y.size > 5
    assert y[0] > 0.5  # an untrained net is at chance (bce ~ 0.69)
    assert y[-1] < 0.1
    np.testing.assert_allclose(y[-1], _snap(w).train_loss)  # the curve ends where the run is


def test_gradient_plot_has_one_curve_per_layer_and_follows_the_model(window, qtbot) -> None:
    plot = window.gradient_plot
    assert len(plot.curves) == 3  # 2-4-2-1: three weight layers
    exp = window.model.experiment
    window.model.set_experiment(replace(exp, hidden=(*exp.hidden, LayerSpec(3, "tanh"))))
    qtbot.waitUntil(lambda: len(plot.curves) == 4, timeout=5000)
    window.controller.step(200)
    qtbot.waitUntil(lambda: _snap(window).step == 200, timeout=5000)
    records = len(_snap(window).history)
    assert records > 3
    # Every record of every layer is on its curve (the plot shows the whole history).
    qtbot.waitUntil(
        lambda: all(c.yData is not None and len(c.yData) == records for c in plot.curves)
    )
    # The new layer (index 2) has no past before the edit; it has values after it.
    assert np.isfinite(plot.curves[2].yData[-1])


def test_learning_rate_change_while_training_keeps_the_step(window: MainWindow, qtbot) -> None:
    window.controller.play()
    qtbot.waitUntil(lambda: _snap(window).step > 200, timeout=10_000)
    before = _snap(window).step
    combo = window.hyper_panel.lr_combo
    combo.setCurrentIndex(combo.findData(0.3))
    assert window.model.experiment.hyper.learning_rate == 0.3
    qtbot.waitUntil(lambda: _snap(window).learning_rate == 0.3, timeout=5000)
    assert _snap(window).step >= before
    assert window.controller.playing
    qtbot.waitUntil(lambda: _snap(window).step > before + 100, timeout=10_000)


def test_closing_while_training_exits_cleanly(make_window, qtbot, qtlog) -> None:
    w = make_window()
    w.controller.play()
    qtbot.waitUntil(lambda: w.snapshot is not None and w.snapshot.step > 100, timeout=10_000)
    w.close()
    assert not w.controller.running
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # deleted now
    QApplication.processEvents()
    messages = [r.message for r in qtlog.records]
    assert not [m for m in messages if "QThread" in m or "Timers cannot" in m], messages


def test_bad_file_shows_a_message_and_changes_nothing(
    window, tmp_path: Path, warnings: list[str]
) -> None:
    bad = tmp_path / "bad.json"
    doc = json.loads(Experiment().to_json())
    doc["hyper"]["learning_rate"] = "fast"
    bad.write_text(json.dumps(doc))
    window.hyper_panel.batch_spin.setValue(20)  # something on the undo stack
    before = window.model.experiment
    count = window.undo_stack.count()

    assert window.open_file(bad) is False
    assert len(warnings) == 1 and "hyper.learning_rate" in warnings[0]
    assert window.model.experiment is before
    assert window.undo_stack.count() == count
    assert window.open_file(tmp_path / "missing.json") is False
    assert len(warnings) == 2
    assert window.model.experiment is before


def test_open_save_round_trip_and_undo_of_open(window, tmp_path: Path, qtbot) -> None:
    window.controller.step(30)
    qtbot.waitUntil(lambda: window.controller.latest.step == 30, timeout=5000)
    path = tmp_path / "run.json"
    assert window.save_file(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json"]  # no temp file left
    saved = Experiment.from_json(path.read_bytes())
    assert saved.step == 30
    np.testing.assert_array_equal(saved.weights.W[0], window.controller.latest.weights[0])

    other = replace(Experiment(), data=DataSpec(dataset="xor"), seed=3)
    other_path = tmp_path / "other.json"
    other_path.write_text(other.to_json())
    assert window.open_file(other_path)
    assert window.model.experiment == other
    qtbot.waitUntil(lambda: window.snapshot.step == 0 and window.snapshot.run_id > 0)
    window.undo_stack.undo()
    assert window.model.experiment == Experiment()

    assert window.open_file(path)
    qtbot.waitUntil(lambda: window.controller.latest.step == 30, timeout=5000)
    np.testing.assert_array_equal(window.controller.latest.weights[0], saved.weights.W[0])


EDITS: dict[str, Callable[[MainWindow], None]] = {
    "dataset": lambda w: w.data_panel.dataset_combo.setCurrentIndex(
        w.data_panel.dataset_combo.findData("spiral")
    ),
    "noise": lambda w: w.data_panel.noise_spin.setValue(25),
    "ratio": lambda w: w.data_panel.ratio_spin.setValue(70),
    "samples": lambda w: w.data_panel.samples_spin.setValue(300),
    "data seed": lambda w: w.data_panel.seed_spin.setValue(4),
    "regenerate": lambda w: w.data_panel.regenerate_button.click(),
    "feature": lambda w: w.data_panel.feature_boxes["x1_sq"].setChecked(True),
    "learning rate": lambda w: w.hyper_panel.lr_combo.setCurrentIndex(0),
    "typed learning rate": lambda w: (
        w.hyper_panel.lr_combo.setEditText("0.05"),
        w.hyper_panel.lr_combo.lineEdit().editingFinished.emit(),
    ),
    "activation": lambda w: w.hyper_panel.activation_combo.setCurrentIndex(
        w.hyper_panel.activation_combo.findData("relu")
    ),
    "layers": lambda w: w.hyper_panel.layers_spin.setValue(3),
    "width": lambda w: w.hyper_panel.width_spin.setValue(6),
    "loss": lambda w: w.hyper_panel.loss_combo.setCurrentIndex(
        w.hyper_panel.loss_combo.findData("mse")
    ),
    "optimizer": lambda w: w.hyper_panel.optimizer_combo.setCurrentIndex(
        w.hyper_panel.optimizer_combo.findData("adam")
    ),
    "momentum": lambda w: w.hyper_panel.momentum_spin.setValue(0.5),
    "regularisation": lambda w: w.hyper_panel.reg_combo.setCurrentIndex(
        w.hyper_panel.reg_combo.findData("l2")
    ),
    "regularisation rate": lambda w: w.hyper_panel.reg_rate_combo.setCurrentIndex(3),
    "batch": lambda w: w.hyper_panel.batch_spin.setValue(25),
    "seed": lambda w: w.hyper_panel.seed_spin.setValue(9),
    "stop epoch": lambda w: w.hyper_panel.stop_epoch_box.setChecked(True),
    "stop loss": lambda w: w.hyper_panel.stop_loss_box.setChecked(True),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_parameter_change_is_one_undoable_command(
    fresh_window: MainWindow, edit: str
) -> None:
    before = fresh_window.model.experiment
    count = fresh_window.undo_stack.count()
    EDITS[edit](fresh_window)
    after = fresh_window.model.experiment
    assert after != before, "the edit did not reach the model"
    assert fresh_window.undo_stack.count() == count + 1
    fresh_window.undo_stack.undo()
    assert fresh_window.model.experiment == before
    fresh_window.undo_stack.redo()
    assert fresh_window.model.experiment == after


def test_undo_updates_the_widgets_without_new_commands(fresh_window: MainWindow) -> None:
    panel = fresh_window.hyper_panel
    panel.batch_spin.setValue(30)
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("adam"))
    assert fresh_window.undo_stack.count() == 2
    fresh_window.undo_stack.undo()
    fresh_window.undo_stack.undo()
    assert panel.batch_spin.value() == 10
    assert panel.optimizer_combo.currentData() == "sgd"
    assert fresh_window.undo_stack.count() == 2  # refreshing the widgets pushed nothing


def test_spin_box_clicks_merge_into_one_undo_step(fresh_window: MainWindow) -> None:
    spin = fresh_window.hyper_panel.batch_spin
    for _ in range(4):
        spin.stepUp()
    assert fresh_window.model.experiment.hyper.batch_size == 14
    assert fresh_window.undo_stack.count() == 1
    fresh_window.undo_stack.undo()
    assert fresh_window.model.experiment.hyper.batch_size == 10
    assert spin.value() == 10


def test_dataset_change_picks_the_matching_head(fresh_window: MainWindow) -> None:
    combo = fresh_window.data_panel.dataset_combo
    combo.setCurrentIndex(combo.findData("blobs"))
    exp = fresh_window.model.experiment
    assert (exp.hyper.loss, exp.output_activation) == ("softmax_ce", "softmax")
    combo.setCurrentIndex(combo.findData("sine"))
    exp = fresh_window.model.experiment
    assert (exp.hyper.loss, exp.output_activation) == ("mse", "linear")
    assert exp.features == ("x1",)
    assert not fresh_window.data_panel.feature_boxes["x2"].isEnabled()
    combo.setCurrentIndex(combo.findData("circle"))
    exp = fresh_window.model.experiment
    assert (exp.hyper.loss, exp.output_activation) == ("bce", "sigmoid")
    assert exp.features == ("x1", "x2")


def test_an_invalid_edit_is_refused_with_a_message(fresh_window: MainWindow) -> None:
    boxes = fresh_window.data_panel.feature_boxes
    boxes["x1"].setChecked(False)
    count = fresh_window.undo_stack.count()
    boxes["x2"].setChecked(False)  # no input left
    assert fresh_window.model.experiment.features == ("x2",)
    assert boxes["x2"].isChecked()
    assert fresh_window.undo_stack.count() == count
    assert "features" in fresh_window.statusBar().currentMessage()


def test_a_worker_error_is_shown_and_training_pauses(make_window, qtbot) -> None:
    from worker_faults import RaisingTrainer

    window = make_window(trainer_factory=RaisingTrainer)
    _press(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None, timeout=5000)
    box = window.findChild(QMessageBox)
    assert box.isVisible()
    assert "boom in the trainer" in box.detailedText()
    assert "error" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=5000)
    assert window.play_action.text() == "Play"
    box.close()


def _spin(ms: int) -> None:
    """Run the GUI event loop for ``ms`` (Python entered from it shows up as our callees)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def test_training_starts_at_a_lecture_pace_and_reaches_max_in_one_key(
    window, qtbot, tmp_path
) -> None:
    from nnsim.core.pace import steps_per_frame

    w = window
    exp = w.model.experiment
    assert exp.pace == "epoch" and w.speed_label.text() == "1 epoch/frame"
    # One epoch per frame: the worker trains steps_per_epoch steps per display frame.
    spe = -(-round(exp.data.n_samples * exp.data.train_fraction) // exp.hyper.batch_size)
    assert w.controller.speed == "epoch" and steps_per_frame("epoch", spe) == spe

    QTest.keyClick(w, Qt.Key.Key_M)  # max in one key ...
    assert w.speed_label.text() == "max" and w.max_speed_action.isChecked()
    assert w.model.experiment.pace == "max"
    assert w.controller.speed == "max"
    QTest.keyClick(w, Qt.Key.Key_M)  # ... and back to the lecture pace
    assert w.model.experiment.pace == "epoch" and not w.max_speed_action.isChecked()
    w.speed_slider.setValue(0)
    assert w.model.experiment.pace == "1-step" and w.speed_label.text() == "1 step/frame"
    w.undo_stack.undo()  # the pace is part of the document: undoable ...
    assert w.model.experiment.pace == "epoch" and w.speed_label.text() == "1 epoch/frame"
    w.speed_slider.setValue(2)
    path = tmp_path / "paced.json"
    assert w.save_file(path)  # ... and saved with it
    assert json.loads(path.read_text())["pace"] == "5-steps"
    w.new_experiment()
    assert w.speed_label.text() == "1 epoch/frame"
    assert w.open_file(path)
    assert w.speed_label.text() == "5 steps/frame"
    assert w.open_lesson("backprop")  # a lesson sets its own pace
    assert w.speed_label.text() == "1 step/frame"
    assert w.controller.speed == "1-step"


def test_status_bar_numbers_stay_short_when_the_loss_explodes() -> None:
    from nnsim.gui.status_bar import format_loss, format_share

    assert format_loss(0.12345) == "0.123"
    assert format_loss(2.2e191) == "2.2e+191"
    assert format_loss(-3.5e7) == "-3.5e+07"
    assert format_loss(float("nan")) == "–"
    assert format_share(0.5) == "50.0%" and format_share(float("nan")) == "–"
