"""ExperimentModel: validation before change, one notification per effective change."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from nnsim.core.experiment import (
    DataSpec,
    Experiment,
    Hyper,
    InvalidExperimentError,
    LayerSpec,
    StopCondition,
)
from nnsim.model import KINDS, CallbackSignal, ExperimentModel, kind_of_change


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[Experiment, Experiment, str]] = []

    def __call__(self, old: Experiment, new: Experiment, kind: str) -> None:
        self.calls.append((old, new, kind))


def test_default_model_holds_playground_default() -> None:
    model = ExperimentModel()
    assert model.experiment == Experiment()
    assert model.experiment.layer_sizes == [2, 4, 2, 1]


def test_set_experiment_notifies_old_new_and_kind() -> None:
    model = ExperimentModel()
    rec = Recorder()
    model.changed.connect(rec)
    old = model.experiment
    new = replace(old, hyper=replace(old.hyper, learning_rate=0.1))
    assert model.set_experiment(new) is True
    assert model.experiment is new
    assert rec.calls == [(old, new, "hyper")]


def test_equal_experiment_is_not_a_change() -> None:
    model = ExperimentModel()
    rec = Recorder()
    model.changed.connect(rec)
    assert model.set_experiment(Experiment()) is False
    assert rec.calls == []


def test_explicit_kind_forces_notification() -> None:
    model = ExperimentModel()
    rec = Recorder()
    model.changed.connect(rec)
    assert model.set_experiment(Experiment(), "all") is True
    assert rec.calls[0][2] == "all"


def test_invalid_experiment_is_refused_and_nothing_changes() -> None:
    model = ExperimentModel()
    rec = Recorder()
    model.changed.connect(rec)
    before = model.experiment
    bad = replace(before, hyper=replace(before.hyper, learning_rate=-1.0))
    with pytest.raises(InvalidExperimentError) as info:
        model.set_experiment(bad)
    assert info.value.field == "hyper.learning_rate"
    assert model.experiment is before
    assert rec.calls == []


def test_unknown_kind_is_refused() -> None:
    model = ExperimentModel()
    with pytest.raises(ValueError, match="unknown change kind"):
        model.set_experiment(Experiment(), "everything")


def test_invalid_initial_experiment_is_refused() -> None:
    with pytest.raises(InvalidExperimentError):
        ExperimentModel(Experiment(hidden=(LayerSpec(0, "tanh"),)))


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        ({"seed": 7}, "all"),
        ({"seed": 7, "hyper": Hyper(learning_rate=0.3)}, "all"),
        ({"data": DataSpec(noise=0.2)}, "data"),
        ({"data": DataSpec(dataset="xor"), "hyper": Hyper(learning_rate=0.3)}, "data"),
        ({"features": ("x1", "x2", "x1_sq")}, "features"),
        ({"hidden": (LayerSpec(4, "tanh"),)}, "architecture"),
        ({"hidden": (LayerSpec(4, "relu"), LayerSpec(2, "tanh"))}, "architecture"),
        ({"output_activation": "tanh", "hyper": Hyper(loss="mse")}, "architecture"),
        ({"hyper": Hyper(batch_size=30)}, "hyper"),
        ({"stop": StopCondition(epoch=50)}, "hyper"),
        ({"title": "lecture 3"}, "hyper"),
    ],
)
def test_kind_of_change_names_the_widest_part(change: dict, kind: str) -> None:
    old = Experiment()
    new = replace(old, **change)
    assert kind_of_change(old, new) == kind
    assert kind in KINDS


def test_kind_of_change_weights_only() -> None:
    old = Experiment()
    W = [np.zeros((2, 4)), np.zeros((4, 2)), np.zeros((2, 1))]
    b = [np.zeros(4), np.zeros(2), np.zeros(1)]
    assert kind_of_change(old, old.with_weights(W, b, step=5)) == "weights"
    assert kind_of_change(old, Experiment()) is None


def test_kind_of_change_pace_only_is_ui() -> None:
    # The lecture pace is presentation, like the hidden controls: nothing is reset.
    old = Experiment()
    new = replace(old, pace="1-step")
    assert kind_of_change(old, new) == "ui"
    assert kind_of_change(new, replace(new, hidden_controls=("data.noise",))) == "ui"
    both = replace(new, hyper=replace(old.hyper, learning_rate=0.1))
    assert kind_of_change(old, both) == "hyper"
    assert kind_of_change(old, replace(new, seed=5)) == "all"
    model = ExperimentModel(old)
    seen: list[str] = []
    model.changed.connect(lambda _o, _n, kind: seen.append(kind))
    assert model.set_experiment(new)
    assert seen == ["ui"] and model.experiment.pace == "1-step"


def test_kind_of_change_hidden_controls_only_is_ui() -> None:
    old = Experiment()
    new = replace(old, hidden_controls=("data.noise",))
    assert kind_of_change(old, new) == "ui"
    # Anything that matters to training wins over the hidden controls.
    both = replace(new, hyper=replace(old.hyper, learning_rate=0.1))
    assert kind_of_change(old, both) == "hyper"
    model = ExperimentModel(old)
    seen: list[str] = []
    model.changed.connect(lambda _o, _n, kind: seen.append(kind))
    assert model.set_experiment(new)
    assert seen == ["ui"]


def test_callback_signal_connects_once_and_disconnects() -> None:
    sig = CallbackSignal()
    seen: list[int] = []

    def first(x: int) -> None:
        seen.append(x)
        if x == 1:
            sig.disconnect(second)  # disconnecting during emit must not skip or crash

    def second(x: int) -> None:
        seen.append(-x)

    sig.connect(first)
    sig.connect(first)
    sig.connect(second)
    assert len(sig) == 2
    sig.emit(1)
    assert seen == [1, -1]
    sig.emit(2)
    assert seen == [1, -1, 2]
    with pytest.raises(ValueError):
        sig.disconnect(second)


def test_model_never_imports_qt() -> None:
    code = (
        "import sys, nnsim.model, nnsim.core.experiment; "
        "assert not any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph')))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
