"""Undo brings back unit identity however far back it goes (issue 15, item 3).

The undo stack is unbounded; the model once remembered the unit ids of only its last
512 documents, so undoing a panel edit made more than 512 edits ago gave the
neurons it brought back new ids, silently. The two kinds of undo record are played
here without Qt, exactly as ``nnsim.gui.commands.SetExperimentCommand`` (keeps the
two documents and passes no ids) and ``nnsim.gui.editor.commands.EditCommand``
(keeps an :class:`~nnsim.model.edits.Edit`, which carries ids and weights) drive
the model, with a trainer following it as the training process does.
"""

from __future__ import annotations

import gc
import weakref
from dataclasses import dataclass, replace

import numpy as np

from nnsim.core.experiment import DataSpec, Experiment, LayerSpec
from nnsim.core.trainer import Trainer
from nnsim.core.units import Units
from nnsim.model import ExperimentModel
from nnsim.model import edits as E

#: More edits than the old memo kept (512), so its bound is crossed.
HYPER_EDITS = 520


class DocumentChange:
    """What SetExperimentCommand does: keep both documents, pass no unit ids.

    As a panel does (``panels._commit``), stored weights that no longer fit the
    network are dropped from the new document.
    """

    def __init__(self, model: ExperimentModel, new: Experiment) -> None:
        old = model.experiment
        if new.weights is not None and new.layer_sizes != old.layer_sizes:
            new = replace(new, weights=None, step=0)
        self.model, self.old, self.new = model, old, new

    def redo(self) -> None:
        self.model.set_experiment(self.new)

    def undo(self) -> None:
        self.model.set_experiment(self.old)


class EditChange:
    """What EditCommand does: the edit's ids and carry; undo restores the document."""

    def __init__(self, model: ExperimentModel, edit: E.Edit) -> None:
        self.model, self.edit, self.document = model, edit, model.experiment

    def redo(self) -> None:
        e = self.edit
        self.model.set_experiment(e.after, e.change, units=e.units_after, carry=e.carry())

    def undo(self) -> None:
        e = self.edit
        self.model.set_experiment(
            self.document, e.change, units=e.units_before, carry=e.carry(undo=True)
        )


@dataclass
class Follower:
    """The training process's side (``Worker.apply``), paused: stored weights win."""

    trainer: Trainer
    model: ExperimentModel

    def __call__(self, _old: Experiment, new: Experiment, _kind: str) -> None:
        self.trainer.apply(new, carry=self.model.carry.resolved(playing=False))

    def on_screen(self) -> Experiment:
        """The model's experiment with the live weights (``MainWindow.edit_experiment``)."""
        net = self.trainer.network
        return self.model.experiment.with_weights(
            net.weights, net.biases, self.trainer.step_count
        )


def small(*widths: int) -> Experiment:
    return replace(
        Experiment(),
        data=DataSpec(n_samples=60),
        hidden=tuple(LayerSpec(w, "tanh") for w in widths),
    )


def test_undoing_past_512_edits_brings_back_every_units_identity_and_weights() -> None:
    model = ExperimentModel(small(3, 2))
    trainer = Trainer(model.experiment, units=model.units)
    trainer.train(100)
    follow = Follower(trainer, model)
    model.changed.connect(follow)
    start = (model.experiment, model.units, trainer.network.params.copy())

    records: list[DocumentChange | EditChange] = []
    # What undoing record i must give back: the model's state before it was done.
    before: list[tuple[Experiment, Units, np.ndarray]] = []

    def do(record: DocumentChange | EditChange) -> None:
        before.append((model.experiment, model.units, trainer.network.params.copy()))
        record.redo()
        records.append(record)

    # An editor edit (ids explicit): hidden layer 0 loses its first neuron.
    do(EditChange(model, E.remove_neuron(follow.on_screen(), model.units, 0, 0)))
    # A panel edit widens it again (the model gives the new neuron a fresh id) ...
    exp = model.experiment
    do(DocumentChange(model, replace(exp, hidden=(LayerSpec(3, "tanh"), exp.hidden[1]))))
    grown = model.units[1]
    assert grown[2] not in before[0][1][1]
    # ... a weight of that new neuron is set by hand ...
    do(EditChange(model, E.set_weight(follow.on_screen(), model.units, 0, 1, 2, 0.75)))
    # ... and a panel edit narrows the layer: the neuron, and its id, leave.
    exp = model.experiment
    do(DocumentChange(model, replace(exp, hidden=(LayerSpec(2, "tanh"), exp.hidden[1]))))
    assert grown[2] not in model.units[1]
    # Then many more edits than the old memo held.
    for i in range(HYPER_EDITS):
        exp = model.experiment
        rate = 0.01 if i % 2 else 0.02
        do(DocumentChange(model, replace(exp, hyper=replace(exp.hyper, learning_rate=rate))))
    assert len(records) > 512

    while records:
        record = records.pop()
        record.undo()
        document, units, params = before.pop()
        assert model.experiment is document
        assert model.units == units, f"undoing record {len(records)}: ids {model.units} != {units}"
        assert model.carry.units == units
        assert trainer.units == units
        if isinstance(record, EditChange):
            # The undo carries the weights the edit started from: loaded exactly, the
            # number set by hand on the neuron that came back under its own id included.
            assert model.carry.fallback is record.edit.before.weights
            np.testing.assert_array_equal(trainer.network.params, params)
        elif record.old.layer_sizes == record.new.layer_sizes:
            np.testing.assert_array_equal(trainer.network.params, params)
        # else: a panel edit stores no weights, so undoing the narrowing brings the
        # neuron back (under its own id) with its seeded weights, until the editor edit
        # before it is undone.

    assert model.experiment is start[0]
    assert model.units == start[1]
    np.testing.assert_array_equal(trainer.network.params, start[2])


def test_the_model_does_not_keep_documents_alive() -> None:
    """The ids of a document live as long as the document: no bound, and no leak."""
    model = ExperimentModel(small(3))
    first = model.experiment
    gone = weakref.ref(first)
    for i in range(5):
        exp = model.experiment
        model.set_experiment(replace(exp, hyper=replace(exp.hyper, learning_rate=0.01 + i)))
    del first
    gc.collect()
    assert gone() is None
