"""TrainingController: commands go to the training process, snapshots come back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from time import perf_counter

import numpy as np
import pytest

from nnsim.core.experiment import DataSpec, Experiment, Hyper, LayerSpec, StopCondition
from nnsim.core.snapshot import Snapshot
from nnsim.core.trainer import Trainer
from nnsim.gui.controller import TrainingController


@pytest.fixture
def make_controller(qtbot) -> Iterator:
    made: list[TrainingController] = []

    def make(exp: Experiment | None = None, **kwargs) -> TrainingController:
        c = TrainingController(exp if exp is not None else Experiment(), **kwargs)
        made.append(c)
        c.start()
        qtbot.waitUntil(lambda: c.latest is not None, timeout=10_000)
        return c

    yield make
    for c in made:
        c.shutdown()
        assert not c.running


def _latest(c: TrainingController) -> Snapshot:
    assert c.latest is not None
    return c.latest


def test_first_snapshot_is_step_zero_of_the_experiment(make_controller) -> None:
    c = make_controller()
    snap = _latest(c)
    assert snap.step == 0
    assert snap.layer_sizes == (2, 4, 2, 1)
    assert snap.boundary.shape == (100, 100)
    assert not c.playing


def test_play_trains_and_pause_stops(make_controller, qtbot) -> None:
    c = make_controller()
    with qtbot.waitSignal(c.state_changed, timeout=5000) as started:
        c.play()
    assert started.args == [True]
    qtbot.waitUntil(lambda: _latest(c).step > 100, timeout=10_000)
    assert _latest(c).steps_per_second > 0
    with qtbot.waitSignal(c.state_changed, timeout=5000) as paused:
        c.pause()
    assert paused.args == [False]
    # The pause publishes where it stopped (a snapshot with no rate) ...
    qtbot.waitUntil(lambda: _latest(c).steps_per_second == 0.0, timeout=5000)
    frozen_step = _latest(c).step
    # ... and nothing trains after it: the next command finds the run exactly there.
    c.step(1)
    qtbot.waitUntil(lambda: _latest(c).step != frozen_step, timeout=5000)
    assert _latest(c).step == frozen_step + 1
    assert not c.playing


def test_step_does_exactly_n_steps(make_controller, qtbot) -> None:
    c = make_controller()
    c.step(1)
    qtbot.waitUntil(lambda: _latest(c).step == 1, timeout=5000)
    c.step(7)
    qtbot.waitUntil(lambda: _latest(c).step >= 8, timeout=5000)
    assert _latest(c).step == 8


def test_step_epoch_goes_to_the_next_epoch_boundary(make_controller, qtbot) -> None:
    c = make_controller()
    steps_per_epoch = Trainer(Experiment()).steps_per_epoch  # 250 points / batch 10
    c.step(3)
    qtbot.waitUntil(lambda: _latest(c).step == 3, timeout=5000)
    c.step_epoch()
    qtbot.waitUntil(lambda: _latest(c).step == steps_per_epoch, timeout=5000)
    assert _latest(c).epoch == 1
    c.step_epoch()
    qtbot.waitUntil(lambda: _latest(c).step == 2 * steps_per_epoch, timeout=5000)
    assert _latest(c).epoch == 2


def test_reset_restores_the_initial_weights(make_controller, qtbot) -> None:
    c = make_controller()
    initial = _latest(c).weights
    c.step(40)
    qtbot.waitUntil(lambda: _latest(c).step == 40, timeout=5000)
    assert not np.array_equal(_latest(c).weights[0], initial[0])
    c.reset()
    qtbot.waitUntil(lambda: _latest(c).step == 0, timeout=5000)
    for a, b in zip(_latest(c).weights, initial, strict=True):
        np.testing.assert_array_equal(a, b)
    assert len(_latest(c).history) == 0


def test_hyper_change_applies_while_training_without_reset(make_controller, qtbot) -> None:
    c = make_controller()
    c.play()
    qtbot.waitUntil(lambda: _latest(c).step > 200, timeout=10_000)
    before = _latest(c).step
    exp = Experiment()
    c.apply(replace(exp, hyper=replace(exp.hyper, learning_rate=0.3)), "hyper")
    qtbot.waitUntil(lambda: _latest(c).learning_rate == 0.3, timeout=5000)
    assert _latest(c).step >= before
    qtbot.waitUntil(lambda: _latest(c).step > before + 100, timeout=10_000)
    assert c.playing
    c.pause()


def test_architecture_change_keeps_matching_layers(make_controller, qtbot) -> None:
    c = make_controller()
    c.step(50)
    qtbot.waitUntil(lambda: _latest(c).step == 50, timeout=5000)
    trained_first = _latest(c).weights[0]
    exp = Experiment()
    wider_end = replace(exp, hidden=(*exp.hidden, LayerSpec(3, "tanh")))
    c.apply(wider_end, "architecture")
    qtbot.waitUntil(lambda: _latest(c).layer_sizes == (2, 4, 2, 3, 1), timeout=5000)
    snap = _latest(c)
    assert snap.step == 50
    np.testing.assert_array_equal(snap.weights[0], trained_first)
    assert 50 in snap.history.marks


def test_new_seed_is_a_fresh_run(make_controller, qtbot) -> None:
    c = make_controller()
    c.step(20)
    qtbot.waitUntil(lambda: _latest(c).step == 20, timeout=5000)
    c.apply(replace(Experiment(), seed=5), "all")
    qtbot.waitUntil(lambda: _latest(c).step == 0, timeout=5000)
    expected = Trainer(replace(Experiment(), seed=5)).network.weights[0]
    np.testing.assert_array_equal(_latest(c).weights[0], expected)


def test_stop_condition_pauses_and_reports(make_controller, qtbot) -> None:
    c = make_controller(replace(Experiment(), stop=StopCondition(epoch=2)))
    with qtbot.waitSignal(c.stopped, timeout=10_000) as stopped:
        c.play()
    assert "epoch 2" in stopped.args[0]
    qtbot.waitUntil(lambda: not c.playing and _latest(c).epoch == 2, timeout=5000)
    assert _latest(c).step == 2 * Trainer(Experiment()).steps_per_epoch


def test_divergence_pauses_and_reports(make_controller, qtbot) -> None:
    exp = Experiment(
        data=DataSpec(dataset="plane"),
        hidden=(LayerSpec(8, "relu"), LayerSpec(8, "relu")),
        output_activation="linear",
        hyper=Hyper(loss="mse", learning_rate=100.0),
    )
    c = make_controller(exp)
    with qtbot.waitSignal(c.diverged, timeout=10_000) as diverged:
        c.play()
    assert "diverged" in diverged.args[0]
    qtbot.waitUntil(lambda: not c.playing, timeout=5000)
    snap = _latest(c)
    assert all(np.isfinite(w).all() for w in snap.weights)


def test_worker_exception_is_reported_and_pauses(make_controller, qtbot) -> None:
    from worker_faults import RaisingTrainer

    c = make_controller(trainer_factory=RaisingTrainer)
    with qtbot.waitSignal(c.errored, timeout=5000) as errored:
        c.play()
    assert "boom in the trainer" in errored.args[0]
    assert "Traceback" in errored.args[0]
    qtbot.waitUntil(lambda: not c.playing, timeout=5000)
    assert c.running  # an exception pauses training; the process lives on


def test_slow_speed_trains_about_one_step_per_frame(make_controller, qtbot) -> None:
    c = make_controller()
    c.set_speed(1)
    t0 = perf_counter()
    c.play()
    qtbot.waitUntil(lambda: _latest(c).step >= 5, timeout=10_000)
    qtbot.wait(300)
    c.pause()
    qtbot.waitUntil(lambda: _latest(c).steps_per_second == 0.0, timeout=5000)
    elapsed = perf_counter() - t0  # an upper bound of the time it trained
    # One step per 1/60 s frame at most, plus the small catch-up allowance.
    assert _latest(c).step <= 60 * elapsed * 1.5 + 5


def test_shutdown_while_playing_ends_the_process(make_controller, qtbot) -> None:
    c = make_controller()
    c.play()
    qtbot.waitUntil(lambda: _latest(c).step > 50, timeout=10_000)
    c.shutdown()
    assert not c.running
    c.shutdown()  # idempotent


