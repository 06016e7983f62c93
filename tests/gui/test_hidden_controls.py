"""Hideable panel controls: View > Show/hide controls, saved with the experiment."""

from __future__ import annotations

import json
from pathlib import Path

from nnsim.core.experiment import Experiment
from nnsim.gui.main_window import MainWindow
from nnsim.model.controls import CONTROLS


def _panel_of(w: MainWindow, name: str):
    return w.data_panel if name.startswith("data.") else w.hyper_panel


def test_every_control_has_a_menu_entry_and_a_panel_row(window) -> None:
    w = window
    assert set(w.controls_menu.actions) == set(CONTROLS)
    for name in CONTROLS:
        assert _panel_of(w, name).control_visible(name)
        assert w.controls_menu.actions[name].isChecked()


def test_toggling_hides_the_row_and_undo_shows_it_again(window, qtbot) -> None:
    w = window
    panel = w.data_panel
    action = w.controls_menu.actions["data.noise"]
    label = panel.layout().itemAt(0).layout().labelForField(panel.noise_spin)
    assert panel.noise_spin.isVisible() and label.isVisible()
    count = w.undo_stack.count()

    action.trigger()  # unchecks: hide

    assert w.undo_stack.count() == count + 1  # one command
    assert w.model.experiment.hidden_controls == ("data.noise",)
    assert not panel.noise_spin.isVisible() and not label.isVisible()
    assert not action.isChecked()
    assert panel.samples_spin.isVisible()  # the other rows stay

    w.undo_stack.undo()
    assert w.model.experiment.hidden_controls == ()
    assert panel.noise_spin.isVisible() and label.isVisible()
    assert action.isChecked()

    w.undo_stack.redo()
    assert not panel.noise_spin.isVisible()


def test_hiding_a_row_with_several_widgets_hides_all_of_them(window) -> None:
    w = window
    hp = w.hyper_panel
    w.controls_menu.set_shown("hyper.optimizer", False)
    w.controls_menu.set_shown("hyper.stop", False)
    for widget in (hp.optimizer_combo, hp.momentum_spin, hp.stop_epoch_box, hp.stop_loss_spin):
        assert not widget.isVisible()
    w.controls_menu.set_shown("data.features", False)
    assert not any(box.isVisible() for box in w.data_panel.feature_boxes.values())
    # Registry order, whatever the order of the clicks.
    assert w.model.experiment.hidden_controls == ("data.features", "hyper.optimizer", "hyper.stop")


def test_hiding_a_control_does_not_reset_training(window, qtbot) -> None:
    w = window
    w.controller.step(25)
    qtbot.waitUntil(lambda: w.snapshot is not None and w.snapshot.step == 25, timeout=5000)

    assert w.controller.synced
    w.controls_menu.actions["hyper.learning_rate"].trigger()
    # Nothing was sent to the trainer: no apply is pending, so nothing is rebuilt.
    assert w.controller.synced
    w.undo_stack.undo()
    w.undo_stack.redo()
    w.controller.step(5)

    # Had the change rebuilt or reset the trainer the count would restart from 0.
    qtbot.waitUntil(lambda: w.snapshot.step == 30, timeout=5000)
    assert w.step_label.text() == "30"
    assert not w.hyper_panel.lr_combo.isVisible()


def test_save_and_open_keep_the_hidden_controls(window, tmp_path: Path) -> None:
    w = window
    w.controls_menu.set_shown("data.seed", False)
    w.controls_menu.set_shown("hyper.batch_size", False)
    path = tmp_path / "lesson.json"
    assert w.save_file(path)
    doc = json.loads(path.read_text())
    assert doc["hidden_controls"] == ["data.seed", "hyper.batch_size"]

    w.new_experiment()
    assert w.data_panel.control_visible("data.seed")
    assert w.open_file(path)
    assert w.model.experiment.hidden_controls == ("data.seed", "hyper.batch_size")
    assert not w.data_panel.seed_spin.isVisible()
    assert not w.data_panel.regenerate_button.isVisible()
    assert not w.hyper_panel.batch_spin.isVisible()
    assert not w.controls_menu.actions["data.seed"].isChecked()


def test_a_bad_control_name_in_a_file_is_refused_naming_the_field(
    window, tmp_path: Path, warnings: list[str]
) -> None:
    doc = json.loads(Experiment().to_json())
    doc["hidden_controls"] = ["data.noise", "data.colour"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    before = window.model.experiment

    assert window.open_file(bad) is False
    assert len(warnings) == 1
    assert "hidden_controls[1]" in warnings[0] and "data.colour" in warnings[0]
    assert window.model.experiment is before
    assert window.data_panel.noise_spin.isVisible()
