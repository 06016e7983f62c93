"""History: bounded, evenly decimated curves and edit marks, spaced by a cost model."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nnsim.core import DataSpec, Experiment, History, LayerSpec, Trainer
from nnsim.core.experiment import default_head
from nnsim.core.history import LEAD_RECORDS, record_stride

SIX_BY_EIGHT = Experiment(hidden=tuple(LayerSpec(8, "tanh") for _ in range(6)))


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


def _expected_steps(min_stride: int, last: int) -> np.ndarray:
    """The record steps of a fresh run: step 1, LEAD_RECORDS - 1 more at the lead
    stride ceil(min_stride / 2), then every 2 * lead (which is >= min_stride)."""
    lead = -(-min_stride // 2)
    steps = [1]
    while True:
        stride = lead if len(steps) < LEAD_RECORDS else 2 * lead
        s = (steps[-1] // stride + 1) * stride  # the next multiple after the last record
        if s > last:
            return np.array(steps)
        steps.append(s)


@pytest.mark.parametrize("exp", [Experiment(), SIX_BY_EIGHT], ids=["default", "6x8"])
def test_recording_starts_at_the_first_step_then_follows_the_cost_model(exp):
    t = Trainer(exp)
    net, ds = t.network, t.dataset
    floor = record_stride(
        net.layer_sizes, net.activations, exp.hyper.loss,
        ds.x_train.shape[0] + ds.x_test.shape[0], exp.hyper.batch_size,
    )
    assert t.history.min_stride == floor > 1  # a record costs more than a step here
    t.step(2000)
    a = t.history.arrays()
    np.testing.assert_array_equal(a.step, _expected_steps(floor, 2000))
    # Enough points for the start of the curve: a student sees it in the first second.
    assert np.count_nonzero(a.step <= 500) >= 18
    # Every record has the per-layer statistics of its batch.
    n_layers = len(exp.layer_sizes) - 1
    assert a.grad_norm.shape == (len(a), n_layers) and np.all(np.isfinite(a.grad_norm))
    assert np.all(np.isfinite(a.mean_abs_act))
    assert np.all(np.isnan(a.dead_frac))  # tanh/sigmoid layers have no dead units
    assert np.all((a.sat_frac >= 0) & (a.sat_frac <= 1))
    assert t.history.capacity == 4096


def test_a_reset_or_a_resumed_run_records_its_first_step():
    t = Trainer(Experiment())
    t.step(500)
    t.reset()
    t.train(1)
    assert list(t.history.arrays().step) == [1]
    t.train(400)
    # Opened from a file at step 401 written before files kept their curves.
    resumed = Trainer(replace(t.to_experiment(), history=None))
    resumed.train(3)
    assert list(resumed.history.arrays().step) == [402]


def test_recorded_steps_are_a_deterministic_function_of_the_experiment():
    # Not of the clock, nor of how the caller slices the run into train() calls.
    exp = SIX_BY_EIGHT
    a, b, c = Trainer(exp), Trainer(exp), Trainer(exp)
    a.step(3000)
    for _ in range(100):
        b.train(30)
    for n in (1, 2, 3, 5, 7, 11, 13, 17, 19, 23) * 15:
        c.train(min(n, 3000 - c.step_count))
    c.train(3000 - c.step_count)
    ha, hb, hc = a.history.arrays(), b.history.arrays(), c.history.arrays()
    for h in (hb, hc):
        np.testing.assert_array_equal(h.step, ha.step)
        np.testing.assert_array_equal(h.train_loss, ha.train_loss)
        np.testing.assert_array_equal(h.test_loss, ha.test_loss)
        np.testing.assert_array_equal(h.grad_norm, ha.grad_norm)
    assert a.history.stride == b.history.stride == c.history.stride


@pytest.mark.parametrize(
    "dataset, hidden, loss",
    [
        ("circle", ((4, "tanh"), (2, "tanh")), None),
        ("circle", ((5, "relu"), (3, "linear")), "mse"),
        ("blobs", ((6, "leaky_relu"),), None),
        ("sine", ((6, "sigmoid"), (4, "tanh")), None),
        ("spiral", (), None),
        # Layers of unequal width sharing the evaluation's buffers.
        ("xor", ((3, "tanh"), (5, "relu"), (8, "linear"), (2, "sigmoid")), None),
    ],
)
def test_records_hold_the_full_set_losses_of_their_step(dataset, hidden, loss):
    exp = Experiment(
        data=DataSpec(dataset=dataset, n_samples=120, n_classes=3),
        features=("x1",) if dataset == "sine" else ("x1", "x2"),
        hidden=tuple(LayerSpec(w, act) for w, act in hidden),
    )
    head_loss, out = default_head(exp.task, exp.n_classes)
    exp = replace(exp, output_activation=out, hyper=replace(exp.hyper, loss=loss or head_loss))
    t = Trainer(exp.validate())
    checked = 0
    while t.step_count < 200:
        before = len(t.history)
        t.train(1)
        if len(t.history) > before:
            a = t.history.arrays()
            m = t.evaluate()
            assert a.step[-1] == t.step_count
            # The same sums as evaluate()'s (the same bits with NumPy's OpenBLAS).
            assert a.train_loss[-1] == pytest.approx(m.train_loss, rel=1e-12)
            assert a.test_loss[-1] == pytest.approx(m.test_loss, rel=1e-12)
            checked += 1
    assert checked >= 5


def test_a_run_without_recording_trains_the_same_bits():
    exp = replace(SIX_BY_EIGHT, hyper=replace(SIX_BY_EIGHT.hyper, optimizer="adam"))
    rec, bare = Trainer(exp), Trainer(exp, record_history=False)
    for n in (1, 40, 999, 3000):
        rec.train(n)
        bare.train(n)
        assert np.array_equal(rec.network.params, bare.network.params)
    assert rec.evaluate() == bare.evaluate()
    assert len(rec.history) > 50 and len(bare.history) == 0
    assert bare.step_count == rec.step_count == 4040
    # Edits still leave their marks on a trainer that does not record.
    bare.apply(replace(exp, hidden=exp.hidden[:-1]))
    assert list(bare.history.arrays().marks) == [4040]


def test_the_record_stride_follows_edits_without_leaving_the_grid():
    exp = Experiment()
    t = Trainer(exp)
    t.step(1000)
    small = t.history.min_stride
    # Ten times the data: a record's evaluation costs ten times as much.
    t.apply(replace(exp, data=replace(exp.data, n_samples=5000)))
    big = t.history.min_stride
    assert big > 3 * small
    assert t.history.stride >= big
    t.step(20_000)
    steps = t.history.arrays().step
    assert np.all(steps[1:] % (-(-small // 2)) == 0)  # on the run's first grid throughout
    late = steps[steps > 1000]
    assert np.all(np.diff(late) >= big)
    # A cheaper edit does not thin the records already taken, nor crowd the new ones.
    stride = t.history.stride
    t.apply(exp)
    assert t.history.min_stride == small and t.history.stride == stride
    # A reset starts over with the lead-in of the current cost.
    t.reset()
    assert t.history.stride == -(-small // 2) and len(t.history) == 0


def test_record_stride_grows_with_the_data_and_shrinks_with_the_batch():
    sizes, acts = [2, 8, 8, 1], ["tanh", "tanh", "sigmoid"]

    def stride(n_eval=500, batch=10, share=0.07, loss="bce"):
        return record_stride(sizes, acts, loss, n_eval, batch, share=share)

    assert stride(n_eval=5000) > 3 * stride(n_eval=500)
    assert stride(batch=100) < stride(batch=10)
    assert stride(share=0.2) < stride() < stride(share=0.02)
    assert stride(loss="mse") < stride(loss="bce")  # bce's logaddexp is dear
    assert stride(n_eval=2, batch=1000) < stride() / 3  # full batches: records are cheap
    assert record_stride([1, 1], ["linear"], "mse", 2, 1, share=0.9) == 1  # never below 1
    assert record_stride(sizes, ["tanh", "tanh", "future_act"], "new_loss", 500, 10) >= 1


def test_min_stride_gives_a_lead_in_then_only_raises_the_stride():
    h = History(n_layers=1, capacity=1000, min_stride=10)
    assert (h.min_stride, h.stride) == (10, 5)
    assert h.due(3)  # the first record is due whatever its step
    h.record(3, 0.0, 1.0, 1.0)
    assert not h.due(6) and h.due(5)
    for s in range(5, 5 * LEAD_RECORDS, 5):
        h.record(s, 0.0, 1.0, 1.0)
    assert len(h) == LEAD_RECORDS and h.stride == 10  # the lead-in is over
    h.set_min_stride(30)
    assert h.stride == 40  # doubled from 10: the records so far stay on the grid
    h.set_min_stride(3)
    assert h.stride == 40 and h.min_stride == 3  # never lowered while records are kept
    h.clear()
    assert h.stride == 2 and len(h) == 0  # ceil(3 / 2)


def test_decimation_coarsens_until_half_the_records_go():
    # Curves replayed into a fresh history (a restarted worker): old records every 64
    # steps, then new ones every 8 until the buffer is full.
    h = History(n_layers=1, capacity=64)
    old = [1, *range(64, 64 * 48, 64)]
    for s in old:
        h.record(s, 0.0, 1.0, 1.0)
    h.stride = 8
    s = old[-1]
    while len(h) >= 48:
        s += 8
        h.record(s, 0.0, 1.0, 1.0)
    a = h.arrays()
    assert len(a) <= 33
    assert a.step[0] == 1 and np.all(a.step[1:] % h.stride == 0)
    assert np.all(np.diff(a.step) > 0)
    assert h.stride == 128


def test_restored_curves_continue_as_if_the_run_never_stopped() -> None:
    """A restarted training process gets the dead one's curves and records on their grid."""
    live = Trainer(Experiment(), history_capacity=256)
    live.train(30_000)  # past a few decimations of the 256-record buffer
    restarted = Trainer(live.to_experiment(), history_capacity=256)
    assert restarted.history.restore(live.history.arrays())
    for trainer in (live, restarted):
        trainer.train(20_000)
    a, b = live.history.arrays(), restarted.history.arrays()
    np.testing.assert_array_equal(a.step, b.step)
    np.testing.assert_array_equal(a.train_loss, b.train_loss)
    np.testing.assert_array_equal(a.grad_norm, b.grad_norm)


def test_curves_of_another_network_are_not_restored() -> None:
    other = Trainer(replace(Experiment(), hidden=(LayerSpec(3, "tanh"),)))
    other.train(500)
    trainer = Trainer(Experiment())
    assert not trainer.history.restore(other.history.arrays())
    assert len(trainer.history) == 0
