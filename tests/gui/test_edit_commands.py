"""EditCommand and MainWindow.request_edit: one undo step per edit, weights follow undo/redo.

Paused, undo and redo restore the architecture and every weight bit-identically.
Training, a layer brought back by undo returns with the weights it had when it was
removed while the other layers keep what they learnt since.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

import numpy as np
import pytest
from PySide6.QtGui import QUndoStack

from nnsim.core.experiment import Experiment, LayerSpec, Weights
from nnsim.core.snapshot import Snapshot
from nnsim.core.trainer import Trainer
from nnsim.gui.commands import field_id
from nnsim.gui.editor.commands import EditCommand
from nnsim.gui.main_window import MainWindow
from nnsim.model import ExperimentModel
from nnsim.model import edits as E


def hidden(*widths: int) -> Experiment:
    return replace(Experiment(), hidden=tuple(LayerSpec(w, "tanh") for w in widths))


@pytest.fixture
def make_window(make_window) -> Callable[..., MainWindow]:
    """The shared window fixture, returning once the worker shows the document."""
    return partial(make_window, wait="synced")


def _synced(qtbot, w: MainWindow) -> Snapshot:
    """The first snapshot that shows every edit sent so far, with the model's architecture."""
    c = w.controller

    def ok() -> bool:
        s = c.latest
        return c.synced and s is not None and s.layer_sizes == tuple(w.model.experiment.layer_sizes)

    qtbot.waitUntil(ok, timeout=10_000)
    assert c.latest is not None
    return c.latest


def _assert_weights(snap: Snapshot, weights: Weights) -> None:
    assert len(snap.weights) == len(weights.W)
    for got, want in zip(snap.weights, weights.W, strict=True):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(snap.biases, weights.b, strict=True):
        np.testing.assert_array_equal(got, want)


def _weights(snap: Snapshot) -> Weights:
    return Weights(snap.weights, snap.biases)


class _AfterApply:
    """Records the first snapshot published after the worker applied the next change.

    The worker publishes right after applying, before it trains on: that snapshot
    shows exactly the values the edit produced, even while training runs.
    """

    def __init__(self, w: MainWindow) -> None:
        self.applied = False
        self.snaps: list[Snapshot] = []
        w.controller.applied.connect(self._on_applied)
        w.controller.snapshot_ready.connect(self._on_snapshot)

    def _on_applied(self) -> None:
        self.applied = True

    def _on_snapshot(self, snap: Snapshot) -> None:
        if self.applied:
            self.snaps.append(snap)

    def wait(self, qtbot) -> Snapshot:
        qtbot.waitUntil(lambda: bool(self.snaps), timeout=10_000)
        return self.snaps[0]


# --------------------------------------------------------------------------- the command


def _trained_model() -> tuple[ExperimentModel, Experiment]:
    model = ExperimentModel(hidden(4, 3))
    t = Trainer(model.experiment, units=model.units)
    t.step(40)
    return model, t.to_experiment()


def test_a_pushed_edit_changes_the_model_and_undo_restores_it(qapp) -> None:
    model, on_screen = _trained_model()
    stack = QUndoStack()
    changes: list[tuple[str, object]] = []
    model.changed.connect(lambda _old, _new, kind: changes.append((kind, model.carry)))
    document = model.experiment
    edit = E.remove_layer(on_screen, model.units, 0)

    stack.push(EditCommand(model, edit))
    assert stack.count() == 1
    assert stack.undoText() == "Remove hidden layer 1"
    assert model.experiment is edit.after
    assert model.units == edit.units_after
    kind, carry = changes[-1]
    assert kind == "architecture"
    assert carry.fallback is edit.after.weights and carry.prefer == "auto"

    stack.undo()
    assert model.experiment is document
    assert model.units == edit.units_before
    kind, carry = changes[-1]
    assert carry.fallback is edit.before.weights and carry.units == edit.units_before

    stack.redo()
    assert model.experiment is edit.after
    assert len(changes) == 3


def test_a_weight_edit_notifies_even_though_only_numbers_change(qapp) -> None:
    model, on_screen = _trained_model()
    stack = QUndoStack()
    kinds: list[str] = []
    model.changed.connect(lambda _old, _new, kind: kinds.append(kind))
    edit = E.set_weight(on_screen, model.units, 1, 0, 2, -0.5)
    stack.push(EditCommand(model, edit))
    assert kinds == ["weights"]
    assert model.experiment.weights.W[1][0, 2] == -0.5
    assert model.carry.pinned_weights == {(model.units[1][0], model.units[2][2])}


def test_an_edit_made_for_other_ids_is_refused(qapp) -> None:
    model, on_screen = _trained_model()
    edit = E.remove_layer(on_screen, model.units, 0)
    EditCommand(model, edit).redo()
    with pytest.raises(ValueError, match="another version"):
        EditCommand(model, edit)


def test_commands_merge_only_when_asked(qapp) -> None:
    model, on_screen = _trained_model()
    stack = QUndoStack()
    document = model.experiment
    merge = field_id("hidden.width")
    first = E.set_all_widths(on_screen, model.units, 5)
    stack.push(EditCommand(model, first, merge))
    second = E.set_all_widths(model.experiment, model.units, 6)
    stack.push(EditCommand(model, second, merge))
    assert stack.count() == 1
    assert model.experiment.layer_sizes == [2, 6, 6, 1]
    stack.undo()
    assert model.experiment is document
    stack.redo()
    assert model.experiment is second.after
    # Gestures do not merge: two scrubs of one link are two undo steps.
    a = E.set_weight(model.experiment, model.units, 0, 0, 0, 1.0)
    stack.push(EditCommand(model, a))
    b = E.set_weight(model.experiment, model.units, 0, 0, 0, 2.0)
    stack.push(EditCommand(model, b))
    assert stack.count() == 3


# --------------------------------------------------------------------------- the window


def test_request_edit_pushes_one_command_and_undo_restores_weights_while_paused(
    make_window, qtbot
) -> None:
    w = make_window()
    c = w.controller
    c.step(30)
    qtbot.waitUntil(lambda: c.latest.step == 30, timeout=5000)
    start = _synced(qtbot, w)
    document = w.model.experiment

    assert w.request_edit(lambda exp, units: E.remove_layer(exp, units, 0))
    assert w.undo_stack.count() == 1
    edit = w.undo_stack.command(0).edit
    assert w.model.experiment.hidden == (LayerSpec(2, "tanh"),)
    assert edit.before.weights == _weights(start)  # the edit started from the screen
    snap = _synced(qtbot, w)
    assert snap.layer_sizes == (2, 2, 1)
    _assert_weights(snap, edit.after.weights)
    assert 30 in snap.history.marks

    c.step(20)  # train on the edited network, then take the edit back
    qtbot.waitUntil(lambda: c.latest.step == 50, timeout=5000)
    w.undo_stack.undo()
    assert w.model.experiment is document
    snap = _synced(qtbot, w)
    assert snap.layer_sizes == (2, 4, 2, 1)
    _assert_weights(snap, _weights(start))

    w.undo_stack.redo()
    snap = _synced(qtbot, w)
    _assert_weights(snap, edit.after.weights)


def test_undo_while_training_brings_a_layer_back_and_the_rest_keeps_training(
    make_window, qtbot
) -> None:
    w = make_window(hidden(4, 3, 2))
    c = w.controller
    c.play()
    qtbot.waitUntil(lambda: c.latest.step > 100, timeout=10_000)
    assert w.request_edit(lambda exp, units: E.remove_layer(exp, units, 1))
    stored = w.undo_stack.command(0).edit.before.weights
    removed = _synced(qtbot, w)
    assert removed.layer_sizes == (2, 4, 2, 1)
    qtbot.waitUntil(lambda: c.latest.step > removed.step + 200, timeout=10_000)

    after_undo = _AfterApply(w)
    w.undo_stack.undo()
    snap = after_undo.wait(qtbot)
    assert snap.layer_sizes == (2, 4, 3, 2, 1)
    # The layer returns with the weights it had when it was removed ...
    np.testing.assert_array_equal(snap.weights[1], stored.W[1])
    np.testing.assert_array_equal(snap.weights[2], stored.W[2])
    np.testing.assert_array_equal(snap.biases[1], stored.b[1])
    # ... while the layers that kept training keep what they learnt since.
    assert not np.array_equal(snap.weights[0], stored.W[0])
    assert not np.array_equal(snap.weights[3], stored.W[3])
    assert c.playing
    qtbot.waitUntil(lambda: c.latest.step > snap.step + 50, timeout=10_000)
    c.pause()


def test_a_weight_set_while_training_wins_and_undo_puts_the_old_one_back(
    make_window, qtbot
) -> None:
    w = make_window()
    c = w.controller
    c.play()
    qtbot.waitUntil(lambda: c.latest.step > 50, timeout=10_000)
    after_edit = _AfterApply(w)
    assert w.request_edit(lambda exp, units: E.set_weight(exp, units, 1, 2, 1, 2.5))
    old = float(w.undo_stack.command(0).edit.before.weights.W[1][2, 1])
    snap = after_edit.wait(qtbot)
    assert snap.weights[1][2, 1] == 2.5

    after_undo = _AfterApply(w)
    w.undo_stack.undo()
    snap = after_undo.wait(qtbot)
    assert snap.weights[1][2, 1] == old
    assert c.playing
    c.pause()


def test_a_refused_edit_shows_why_and_changes_nothing(make_window) -> None:
    w = make_window()
    document = w.model.experiment
    assert not w.request_edit(lambda exp, units: E.remove_layer(exp, units, 2))
    assert w.undo_stack.count() == 0
    assert w.model.experiment is document
    assert "output layer cannot be removed" in w.statusBar().currentMessage()
    # Dropping a layer where it already is: no command and no complaint.
    w.statusBar().clearMessage()
    assert not w.request_edit(lambda exp, units: E.set_width(exp, units, 0, 4))
    assert w.undo_stack.count() == 0
    assert w.statusBar().currentMessage() == ""


def test_a_previewed_weight_shows_at_once_while_paused(make_window, qtbot) -> None:
    w = make_window()
    c = w.controller
    start = _synced(qtbot, w)
    c.preview_weight(0, 1, 2, 3.0)
    qtbot.waitUntil(lambda: c.latest.weights[0][1, 2] == 3.0, timeout=5000)
    snap = c.latest
    assert snap.step == start.step
    assert not np.array_equal(snap.boundary, start.boundary)
    assert w.undo_stack.count() == 0
    c.preview_weight(0, 1, 2, float(start.weights[0][1, 2]))  # a cancelled scrub
    qtbot.waitUntil(
        lambda: np.array_equal(c.latest.weights[0], start.weights[0]), timeout=5000
    )
    c.preview_weight(7, 0, 0, 1.0)  # a stale scrub of a layer that is gone: ignored
    c.step(1)
    qtbot.waitUntil(lambda: c.latest.step == start.step + 1, timeout=5000)


def test_both_plots_mark_the_step_of_an_architecture_edit(make_window, qtbot) -> None:
    w = make_window()
    c = w.controller
    c.step(40)
    qtbot.waitUntil(lambda: c.latest.step == 40, timeout=5000)
    assert w.request_edit(lambda exp, units: E.insert_layer(exp, units, 1, 3))
    c.step(20)
    qtbot.waitUntil(lambda: w.snapshot is not None and w.snapshot.step == 60, timeout=5000)
    assert 40 in w.snapshot.history.marks
    assert 40 in w.loss_plot.mark_steps
    assert 40 in w.gradient_plot._marks.steps  # the plot exposes no public accessor


def test_the_panels_architecture_boxes_are_editor_edits(make_window, qtbot) -> None:
    w = make_window()
    c = w.controller
    c.step(30)
    qtbot.waitUntil(lambda: c.latest.step == 30, timeout=5000)
    start = _synced(qtbot, w)
    spin = w.hyper_panel.layers_spin
    spin.stepUp()
    spin.stepUp()  # two clicks, one undo step
    assert w.model.experiment.layer_sizes == [2, 4, 2, 2, 2, 1]
    assert w.undo_stack.count() == 1
    assert isinstance(w.undo_stack.command(0), EditCommand)
    snap = _synced(qtbot, w)
    np.testing.assert_array_equal(snap.weights[0], start.weights[0])  # kept by unit id
    np.testing.assert_array_equal(snap.weights[1], start.weights[1])
    w.undo_stack.undo()
    assert spin.value() == 2
    _assert_weights(_synced(qtbot, w), _weights(start))
