"""History: bounded, evenly decimated curves and edit marks."""

from __future__ import annotations

import numpy as np
import pytest

from nnsim.core import DataSpec, Experiment, History, Trainer


def _fill(h: History, last_step: int) -> None:
    stats = {"grad_norm": np.array([1.0, 2.0]), "mean_abs_act": np.array([0.5, 0.25])}
    for s in range(1, last_step + 1):
        if h.due(s):
            h.record(s, s / 10, 1.0 / s, 2.0 / s, stats)


def test_history_stays_within_capacity_and_evenly_spaced():
    h = History(n_layers=2, capacity=16)
    _fill(h, 1000)
    a = h.arrays()
    assert len(a) <= 16
    assert len(a) >= 8
    assert a.step[0] == 1  # the start of the curve is never dropped
    assert np.all(np.diff(a.step) > 0)
    assert np.all(a.step[1:] % h.stride == 0)
    assert 1000 - a.step[-1] < h.stride
    assert h.stride & (h.stride - 1) == 0  # a power of two
    np.testing.assert_array_equal(a.train_loss, 1.0 / a.step)
    assert a.grad_norm.shape == (len(a), 2)
    np.testing.assert_array_equal(a.grad_norm[:, 1], 2.0)
    assert np.all(np.isnan(a.dead_frac))  # not given: NaN, not zero


def test_history_arrays_are_read_only_copies():
    h = History(n_layers=2, capacity=8)
    _fill(h, 5)
    a = h.arrays()
    assert not a.step.flags.writeable and not a.grad_norm.flags.writeable
    _fill_more = [s for s in range(6, 40) if h.due(s)]
    for s in _fill_more:
        h.record(s, 0.0, 0.0, 0.0)
    assert list(a.step) == [1, 2, 3, 4, 5]  # the earlier arrays did not change


def test_marks_are_bounded_and_deduplicated():
    h = History(n_layers=1, capacity=8, max_marks=4)
    for s in (3, 3, 5, 7, 9, 11):
        h.mark(s)
    assert list(h.arrays().marks) == [5, 7, 9, 11]
    h.clear()
    assert len(h) == 0 and len(h.arrays().marks) == 0 and h.stride == 1


def test_remap_layers_follows_carried_layers():
    h = History(n_layers=2, capacity=8)
    h.record(1, 0.0, 1.0, 1.0, {"grad_norm": np.array([10.0, 20.0])})
    h.remap_layers([0, None, 1])
    g = h.arrays().grad_norm
    assert g.shape == (1, 3)
    assert g[0, 0] == 10.0 and np.isnan(g[0, 1]) and g[0, 2] == 20.0


def test_capacity_must_allow_decimation():
    with pytest.raises(ValueError):
        History(n_layers=1, capacity=2)


def test_a_long_run_keeps_bounded_memory():
    exp = Experiment(data=DataSpec(dataset="gauss", n_samples=40), hidden=())
    t = Trainer(exp, history_capacity=256)
    t.step(10**5)
    a = t.history.arrays()
    assert t.step_count == 10**5
    assert 128 <= len(a) <= 256
    assert t.history._step.shape == (256,)  # preallocated, never grown
    assert a.step[0] == 1
    assert np.all(np.diff(a.step) > 0)
    assert 10**5 - a.step[-1] < t.history.stride
    assert np.all(np.diff(a.epoch) > 0)
    assert np.all(np.isfinite(a.train_loss)) and np.all(np.isfinite(a.test_loss))
    assert a.grad_norm.shape == (len(a), 1)


def test_default_capacity_records_every_step_at_first():
    t = Trainer(Experiment())
    t.step(100)
    a = t.history.arrays()
    np.testing.assert_array_equal(a.step, np.arange(1, 101))
    assert a.grad_norm.shape == (100, 3) and np.all(np.isfinite(a.grad_norm))
    assert np.all(np.isnan(a.dead_frac))  # tanh/sigmoid layers have no dead units
    assert np.all((a.sat_frac >= 0) & (a.sat_frac <= 1))
    assert t.history.capacity == 4096
