"""A saved run reopens with its loss and per-layer curves, and training continues them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from windows import START_TIMEOUT_S, close_window, wait_until

from nnsim.core.experiment import Experiment, LayerSpec, SavedHistory
from nnsim.core.saved_history import HISTORY_VERSION
from nnsim.core.snapshot import Snapshot
from nnsim.gui.main_window import MainWindow
from nnsim.gui.views.plots import LAYER_STATS

OLD_FILE = Path(__file__).parents[1] / "data" / "experiment_without_history.json"
#: relu then tanh: the dead-unit and saturation curves hold NaN for one layer each.
MIXED = replace(Experiment(), hidden=(LayerSpec(4, "relu"), LayerSpec(2, "tanh")))


def drawn(w: MainWindow) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The data of every curve the loss and per-layer plots draw, for every statistic."""
    out = {}
    for name, curve in (("train", w.loss_plot.train_curve), ("test", w.loss_plot.test_curve)):
        out[name] = (np.array(curve.xData), np.array(curve.yData))
    plot = w.gradient_plot
    shown = plot.combo.currentData()
    for stat in LAYER_STATS:
        plot.set_stat(stat.field)
        for i, curve in enumerate(plot.curves):
            out[f"{stat.field}[{i}]"] = (np.array(curve.xData), np.array(curve.yData))
    plot.set_stat(shown)
    out["marks"] = (np.array(w.loss_plot.mark_steps), np.array([]))
    return out


def assert_same_drawing(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        for x, y in zip(a[key], b[key], strict=True):
            np.testing.assert_array_equal(x, y, err_msg=key)  # NaN where NaN


def show_now(w: MainWindow, snap: Snapshot) -> None:
    """Draw ``snap`` in every view at once (a paused snapshot is never throttled)."""
    w.show_snapshot(replace(snap, steps_per_second=0.0))


def wait_for_step(w: MainWindow, step: int) -> Snapshot:
    wait_until(
        lambda: w.controller.latest is not None
        and w.controller.latest.step == step
        and w.snapshot is w.controller.latest,
        START_TIMEOUT_S,
        f"step {step} on screen",
    )
    return w.controller.latest


def test_a_run_saved_while_training_reopens_identical_and_continues(
    make_window, tmp_path: Path
) -> None:
    a = make_window(MIXED)
    a.controller.set_speed(None)
    a.controller.play()
    wait_until(lambda: a.controller.latest.step > 3000, START_TIMEOUT_S, "3000 steps")
    path = tmp_path / "run.json"
    snap = a.controller.latest  # what the save takes (nothing runs in between)
    assert a.save_file(path)
    a.controller.pause()
    assert snap.steps_per_second > 0  # saved while training
    assert np.isnan(snap.history.dead_frac).any()  # the tanh layer has no dead units

    show_now(a, snap)
    before = drawn(a)
    assert len(before["train"][0]) > 30

    b = make_window()
    assert b.open_file(path)
    reopened = wait_for_step(b, snap.step)
    assert_same_drawing(drawn(b), before)
    np.testing.assert_array_equal(reopened.weights[0], snap.weights[0])

    # Training resumes where the file stood: the curve goes on, on the same grid.
    old = snap.history.step
    b.controller.step(1500)
    later = wait_for_step(b, snap.step + 1500)
    steps = later.history.step
    np.testing.assert_array_equal(steps[: len(old)], old)
    np.testing.assert_array_equal(later.history.train_loss[: len(old)], snap.history.train_loss)
    new = steps[len(old) :]
    assert len(new) > 5 and np.all(np.diff(steps) > 0)
    assert old[-1] <= snap.step < new[0]
    assert new[0] - old[-1] == old[-1] - old[-2]  # no gap: the next point of the grid
    xs = b.loss_plot.train_curve.xData
    assert xs[0] == old[0] and xs[-1] == snap.step + 1500  # no restart at step 0


def test_the_window_a_file_starts_with_shows_its_curves(make_window, tmp_path: Path) -> None:
    # `nnsim --experiment run.json` opens the window on the file's document.
    t_exp = _trained_file(tmp_path)
    saved = Experiment.from_json(t_exp.read_bytes())
    w = make_window(saved)
    snap = wait_for_step(w, saved.step)
    np.testing.assert_array_equal(snap.history.step, saved.history.arrays.step)
    assert len(w.loss_plot.train_curve.xData) == len(saved.history) + 1  # + the step on screen


def _trained_file(tmp_path: Path, steps: int = 1200) -> Path:
    from nnsim.core.trainer import Trainer

    t = Trainer(MIXED)
    t.train(steps)
    path = tmp_path / "trained.json"
    path.write_text(t.to_experiment().to_json())
    return path


def test_a_file_from_before_curves_were_saved_still_opens(make_window) -> None:
    w = make_window()
    assert w.open_file(OLD_FILE)
    snap = wait_for_step(w, 600)
    assert len(snap.history) == 0  # nothing to show yet but the starting point
    w.controller.step(300)
    snap = wait_for_step(w, 900)
    assert snap.history.step[0] == 601  # a new curve from where the file stood


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda h: h.update(records=100_000), ("history.records", "between 1 and 4095")),
        (lambda h: h.update(test_loss=h["test_loss"] + "AAAA"), ("history.test_loss", "base64")),
    ],
)
def test_a_malformed_history_is_refused_and_nothing_changes(
    make_window, tmp_path: Path, warnings: list[str], change, words
) -> None:
    doc = json.loads(_trained_file(tmp_path).read_text())
    change(doc["history"])
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc))
    w = make_window()
    before = w.model.experiment
    assert w.open_file(path) is False
    assert len(warnings) == 1 and "broken.json" in warnings[0]
    for word in words:
        assert word in warnings[0]
    assert w.model.experiment is before and w.undo_stack.count() == 0 and w.path is None


def test_curves_of_a_newer_kind_are_left_out_with_a_note(make_window, tmp_path: Path) -> None:
    doc = json.loads(_trained_file(tmp_path).read_text())
    doc["history"] = {"version": HISTORY_VERSION + 1, "curves": "of the future"}
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(doc))
    w = make_window()
    assert w.open_file(path)
    assert w.model.experiment.weights is not None and w.model.experiment.history is None
    assert "newer kind" in w.statusBar().currentMessage()
    assert len(wait_for_step(w, doc["step"]).history) == 0


def test_edits_drop_the_curves_with_the_weights_and_undo_brings_them_back(
    make_window, tmp_path: Path
) -> None:
    w = make_window()
    assert w.open_file(_trained_file(tmp_path))
    opened = w.model.experiment
    snap = wait_for_step(w, opened.step)
    show_now(w, snap)
    before = drawn(w)

    # A feature more: the network's input width changes, the stored weights go, and
    # with them the curves that led to them.
    w.data_panel.feature_boxes["x1_sq"].setChecked(True)
    assert w.model.experiment.weights is None and w.model.experiment.history is None
    w.undo_stack.undo()
    assert w.model.experiment == opened and w.model.experiment.history is not None

    # A new experiment starts a new run (no curves); undoing it reopens the saved run.
    w.new_experiment()
    wait_until(lambda: w.controller.latest.step == 0, START_TIMEOUT_S, "a fresh run")
    assert len(w.controller.latest.history) == 0
    w.undo_stack.undo()
    assert w.model.experiment == opened
    snap = wait_for_step(w, opened.step)
    show_now(w, snap)
    assert_same_drawing(drawn(w), before)


def test_a_save_without_weights_has_no_curves(make_window, tmp_path: Path) -> None:
    from nnsim.gui.export import export_experiment_json

    w = make_window()
    w.controller.step(500)
    wait_for_step(w, 500)
    path = export_experiment_json(w.current_experiment(), tmp_path / "plain.json", False)
    doc = json.loads(path.read_text())
    assert "weights" not in doc and "history" not in doc
    full = export_experiment_json(w.current_experiment(), tmp_path / "full.json")
    assert json.loads(full.read_text())["history"]["version"] == HISTORY_VERSION


def test_a_screenshot_of_a_saved_run_shows_its_curves(
    qapp, tmp_path: Path, monkeypatch
) -> None:
    # `nnsim --experiment run.json --screenshot out.png`, in this process, watching
    # what the window draws before it is grabbed.
    from nnsim import cli

    path = _trained_file(tmp_path)
    saved = Experiment.from_json(path.read_bytes())
    seen: list[dict] = []
    show = MainWindow.show_snapshot

    def spy(self: MainWindow, snap: Snapshot) -> None:
        show(self, snap)
        seen.append(drawn(self))

    monkeypatch.setattr(MainWindow, "show_snapshot", spy)
    out = tmp_path / "run.png"
    args = ["--experiment", str(path), "--screenshot", str(out), "--size", "800x600"]
    assert cli.main(args) == 0
    assert out.stat().st_size > 0 and len(seen) == 1
    xs, ys = seen[0]["train"]
    np.testing.assert_array_equal(xs[:-1], saved.history.arrays.step)
    np.testing.assert_array_equal(ys[:-1], saved.history.arrays.train_loss)
    assert xs[-1] == saved.step


def test_an_autosave_keeps_the_curves_and_recovery_restores_them(
    make_window, tmp_path: Path
) -> None:
    folder = tmp_path / "autosave"
    a = make_window(MIXED)
    saver = a.enable_autosave(directory=folder, interval_ms=3_600_000)
    a.controller.step(2500)
    snap = wait_for_step(a, 2500)
    assert saver.tick() is True  # training moved on: unsaved work
    backup = Experiment.from_json(saver.path.read_bytes())
    assert backup.step == snap.step and backup.history == SavedHistory(snap.history)
    show_now(a, snap)
    before = drawn(a)

    b = make_window()
    assert b.recover_autosave(saver.path, None)
    assert_same_drawing(drawn_at(b, snap.step), before)


def drawn_at(w: MainWindow, step: int) -> dict:
    show_now(w, wait_for_step(w, step))
    return drawn(w)


def test_the_command_line_says_when_it_leaves_newer_curves_out(
    qapp, tmp_path: Path, capsys
) -> None:
    from nnsim import cli

    doc = json.loads(_trained_file(tmp_path).read_text())
    doc["history"]["version"] = HISTORY_VERSION + 1
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(doc))
    out = tmp_path / "newer.png"
    assert cli.main(["--experiment", str(path), "--screenshot", str(out)]) == 0
    err = capsys.readouterr().err
    assert "newer.json" in err and "newer kind (version 2)" in err and out.exists()


def test_a_save_right_after_open_while_training_writes_the_files_run(
    make_window, tmp_path: Path
) -> None:
    # Training a MIXED net; a MIXED file of another run is opened, and Ctrl+S comes
    # before the new run's first snapshot: the previous run's weights and curves must
    # not be written under the opened document.
    path = _trained_file(tmp_path)
    opened = Experiment.from_json(path.read_bytes())
    w = make_window(MIXED)
    w.controller.set_speed(None)
    w.controller.play()
    wait_until(lambda: w.controller.latest.step > 3000, START_TIMEOUT_S, "3000 steps")
    old = w.controller.latest
    assert w.open_file(path)
    assert w.controller.latest is old  # no event ran: the old run is still on screen
    assert w.save_file(tmp_path / "saved.json")
    saved = Experiment.from_json((tmp_path / "saved.json").read_bytes())
    assert saved.step == opened.step != old.step
    np.testing.assert_array_equal(saved.weights.W[0], opened.weights.W[0])
    assert saved.history == opened.history
    # Once the opened run is on screen, a save takes the live weights again.
    w.controller.step(10)
    snap = wait_for_step(w, opened.step + 10)
    assert w.save_file(tmp_path / "later.json")
    later = Experiment.from_json((tmp_path / "later.json").read_bytes())
    assert later.step == snap.step
    np.testing.assert_array_equal(later.weights.W[0], snap.weights[0])


def test_invalid_live_curves_are_left_out_of_a_save_with_a_note(
    make_window, tmp_path: Path, monkeypatch, warnings: list[str]
) -> None:
    from nnsim.gui.controller import TrainingController

    w = make_window(MIXED)
    w.controller.step(1500)
    snap = wait_for_step(w, 1500)
    # Curves whose steps run backwards (a bug somewhere upstream): check_history refuses.
    h = snap.history
    bad = replace(snap, history=replace(h, step=h.step[::-1].copy()))
    monkeypatch.setattr(TrainingController, "latest", property(lambda self: bad))
    path = tmp_path / "run.json"
    assert w.save_file(path) and warnings == []  # the weights are saved all the same
    saved = Experiment.from_json(path.read_bytes())
    assert saved.step == snap.step and saved.history is None
    np.testing.assert_array_equal(saved.weights.W[1], snap.weights[1])
    wait_until(
        lambda: "training curves" in w.statusBar().currentMessage(), 5, "the note"
    )
    assert "not saved" in w.statusBar().currentMessage()
    assert "history.step" in w.statusBar().currentMessage()


def test_a_weight_set_before_the_run_catches_up_keeps_the_files_curves(
    make_window, tmp_path: Path
) -> None:
    # A weight dragged (a scrub's final value) right after opening a saved run, before
    # its first snapshot: the document's curves stay, as with every other edit.
    from nnsim.gui.editor.edit_request import EditRequest

    w = make_window(MIXED)
    assert w.open_file(_trained_file(tmp_path))
    opened = w.model.experiment
    assert not w.controller.synced  # the worker has not answered yet
    original = float(opened.weights.W[0][0, 0])
    assert w.context.request_edit(EditRequest.set_weight(0, 0, 0, 1.25, original))
    after = w.model.experiment
    assert float(after.weights.W[0][0, 0]) == 1.25
    assert after.history is not None and after.history == opened.history
    snap = wait_for_step(w, opened.step)
    np.testing.assert_array_equal(snap.history.step, opened.history.arrays.step)


def test_the_window_started_on_a_file_says_when_it_leaves_newer_curves_out(
    qapp, tmp_path: Path, monkeypatch, capsys
) -> None:
    # `nnsim --experiment newer.json` from a desktop launcher: no terminal, so the note
    # must be in the window's status bar too.
    from PySide6.QtWidgets import QApplication

    from nnsim import cli

    doc = json.loads(_trained_file(tmp_path).read_text())
    doc["history"]["version"] = HISTORY_VERSION + 1
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(doc))
    windows: list[MainWindow] = []
    monkeypatch.setattr(cli, "_start_crash_safety", windows.append)  # no autosave here
    monkeypatch.setattr(cli, "_close_on_sigint", lambda _w: None)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)  # do not block in the loop
    assert cli.main(["--experiment", str(path)]) == 0
    (w,) = windows
    try:
        assert "newer kind (version 2)" in w.statusBar().currentMessage()
        assert w.model.experiment.weights is not None
    finally:
        close_window(w)
    assert "newer kind" in capsys.readouterr().err
