"""Trainer: determinism, learning, edits while training, divergence, stop, snapshots."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pytest

from nnsim.core import (
    DataSpec,
    DivergedError,
    Experiment,
    LayerSpec,
    Network,
    StopCondition,
    Trainer,
    Weights,
)
from nnsim.core.experiment import default_head
from nnsim.core.features import feature_matrix
from nnsim.core.grid import grid_points
from nnsim.core.losses import LOSSES


def make_exp(
    dataset: str = "circle",
    hidden: tuple[tuple[int, str], ...] = ((4, "tanh"), (2, "tanh")),
    features: tuple[str, ...] = ("x1", "x2"),
    n_samples: int = 200,
    noise: float = 0.0,
    n_classes: int = 3,
    seed: int = 0,
    stop: StopCondition | None = None,
    **hyper,
) -> Experiment:
    """A valid experiment with the data set's natural output head."""
    exp = Experiment(
        data=DataSpec(dataset=dataset, n_samples=n_samples, noise=noise, n_classes=n_classes),
        features=features,
        hidden=tuple(LayerSpec(w, a) for w, a in hidden),
        seed=seed,
        stop=stop or StopCondition(),
    )
    loss, out = default_head(exp.task, exp.n_classes)
    hyper.setdefault("loss", loss)
    return replace(exp, output_activation=out, hyper=replace(exp.hyper, **hyper)).validate()


def with_hyper(exp: Experiment, **kw) -> Experiment:
    return replace(exp, hyper=replace(exp.hyper, **kw))


def with_hidden(exp: Experiment, *layers: tuple[int, str]) -> Experiment:
    return replace(exp, hidden=tuple(LayerSpec(w, a) for w, a in layers))


# --------------------------------------------------------------------------- determinism


def test_same_experiment_gives_bit_identical_runs():
    exp = Experiment()
    a, b = Trainer(exp), Trainer(exp)
    ma, mb = a.step(500), b.step(500)
    assert ma == mb
    ha, hb = a.history.arrays(), b.history.arrays()
    assert np.array_equal(ha.train_loss, hb.train_loss)
    assert np.array_equal(ha.test_loss, hb.test_loss)
    assert np.array_equal(ha.grad_norm, hb.grad_norm, equal_nan=True)
    assert np.array_equal(a.network.params, b.network.params)
    assert a.step_count == 500


def test_train_in_many_short_calls_is_step_without_the_evaluations(monkeypatch):
    # The GUI's worker trains a few dozen steps per call: same run as one long step(),
    # and no extra forward pass over the whole data set per call (the history's own
    # records still evaluate, as in step()).
    exp = with_hidden(Experiment(), (8, "tanh"), (8, "tanh"))
    full_passes: list[str] = []
    forward_all = Network.forward_all

    def counted(net, x):
        full_passes.append(who)
        return forward_all(net, x)

    monkeypatch.setattr(Network, "forward_all", counted)
    a, b, c = Trainer(exp), Trainer(exp), Trainer(exp)
    for t in (a, b, c):
        t.history.stride = 64  # as far into a run as the GUI gets in a second or two
    who = "a"
    a.step(700)
    who = "b"
    done = sum(b.train(35) for _ in range(20))
    who = "c"
    for _ in range(20):
        c.step(35)
    assert done == 700 and b.step_count == 700
    assert full_passes.count("b") <= full_passes.count("a")
    assert full_passes.count("c") >= full_passes.count("b") + 15
    assert np.array_equal(a.network.params, b.network.params)
    assert b.evaluate() == a.evaluate()
    ha, hb = a.history.arrays(), b.history.arrays()
    assert np.array_equal(ha.step, hb.step) and np.array_equal(ha.train_loss, hb.train_loss)


def test_train_stops_where_step_stops():
    exp = make_exp(n_samples=100, stop=StopCondition(epoch=3))  # 5 steps per epoch
    t = Trainer(exp)
    assert t.train(12) == 12
    assert t.train(10) == 3 and t.stopped and t.epoch == 3
    assert t.train(10) == 0
    with pytest.raises(ValueError):
        t.train(-1)


def test_another_seed_gives_another_run():
    exp = Experiment()
    a, b = Trainer(exp), Trainer(replace(exp, seed=1))
    a.step(500)
    b.step(500)
    assert not np.array_equal(a.network.params, b.network.params)
    # The seed is the weights' seed: the data stay the same.
    assert np.array_equal(a.dataset.x_train, b.dataset.x_train)


def test_epochs_visit_every_training_point_once():
    exp = make_exp(n_samples=100, batch_size=7)  # 50 training points: 8 batches, the last of 1
    t = Trainer(exp)
    assert t.steps_per_epoch == 8
    t.step(8)
    assert t.epoch == 1
    t.step(1)
    assert t.epoch == 1


def test_batch_size_is_clipped_to_the_training_set():
    t = Trainer(make_exp(n_samples=40, batch_size=1000))
    assert t.steps_per_epoch == 1
    t.step(3)
    assert t.epoch == 3


# --------------------------------------------------------------------------- learning


def test_xor_is_learned_by_one_hidden_layer_of_four_tanh_units():
    exp = make_exp("xor", hidden=((4, "tanh"),), n_samples=300, learning_rate=0.1)
    t = Trainer(exp)
    m = t.step(3000)
    assert m.train_metric > 0.95, m


def test_linear_hidden_layers_cannot_learn_a_circle_but_relu_can():
    linear = make_exp("circle", hidden=((8, "linear"), (8, "linear")), learning_rate=0.03)
    relu = make_exp("circle", hidden=((8, "relu"), (8, "relu")), learning_rate=0.03)
    m_linear = Trainer(linear).step(3000)
    m_relu = Trainer(relu).step(3000)
    assert m_linear.train_metric < 0.8, m_linear
    assert m_relu.train_metric > 0.95, m_relu


def test_metrics_report_the_loss_without_the_regularisation_penalty():
    exp = make_exp(regularization="l2", reg_rate=1.0)
    t = Trainer(exp)
    t.step(20)
    net, ds = t.network, t.dataset
    zs, acts = net.forward_all(feature_matrix(ds.x_train, exp.features))
    expected = LOSSES[exp.hyper.loss].value(zs[-1], acts[-1], ds.targets(ds.y_train))
    assert t.evaluate().train_loss == pytest.approx(expected, rel=1e-12)


def test_accuracy_counts_outputs_at_or_above_one_half_as_class_one():
    t = Trainer(make_exp())
    m = t.evaluate()
    ds = t.dataset
    out = t.network.forward(feature_matrix(ds.x_test, ("x1", "x2")))[:, 0]
    assert m.test_metric == pytest.approx(np.mean((out >= 0.5) == (ds.y_test == 1)))


def test_regression_reports_r_squared():
    t = Trainer(make_exp("plane", hidden=(), learning_rate=0.01))
    t.step(2000)
    m = t.evaluate()
    ds = t.dataset
    pred = t.network.forward(feature_matrix(ds.x_train, ("x1", "x2")))[:, 0]
    r2 = 1 - np.sum((pred - ds.y_train) ** 2) / np.sum((ds.y_train - ds.y_train.mean()) ** 2)
    assert m.train_metric == pytest.approx(r2)
    assert m.train_metric > 0.95  # a plane is exactly a linear model


# --------------------------------------------------------------------------- apply


def test_changing_the_learning_rate_keeps_step_and_weights_and_applies_next_step():
    exp = Experiment()
    t = Trainer(exp)
    t.step(137)
    params = t.network.params.copy()
    run_id = t.run_id
    optimizer = t.optimizer
    faster = with_hyper(exp, learning_rate=0.3)
    t.apply(faster)
    assert t.step_count == 137
    assert np.array_equal(t.network.params, params)
    assert t.run_id == run_id
    assert t.optimizer is optimizer
    assert len(t.history.arrays().marks) == 0
    # The next steps are those of a run resumed at this point with the new rate.
    resumed = Trainer(faster.with_weights(t.network.weights, t.network.biases, step=137))
    t.step(30)
    resumed.step(30)
    assert np.array_equal(t.network.params, resumed.network.params)


def test_changing_the_optimizer_kind_resets_its_state():
    exp = with_hyper(Experiment(), optimizer="momentum", momentum=0.5)
    t = Trainer(exp)
    t.step(10)
    before = t.optimizer
    velocity = before.velocity.copy()
    t.apply(with_hyper(exp, momentum=0.8))  # same kind: state kept, new coefficient
    assert t.optimizer is before and t.optimizer.momentum == 0.8
    assert np.array_equal(t.optimizer.velocity, velocity)
    t.apply(with_hyper(exp, optimizer="adam"))
    assert t.optimizer is not before and t.optimizer.name == "adam"
    assert t.step_count == 10
    t.step(10)


def test_changing_the_batch_size_continues_the_epoch():
    exp = make_exp(n_samples=100, batch_size=10)  # 50 training points: 5 steps per epoch
    t = Trainer(exp)
    t.step(7)  # epoch 1, 20 points into it
    t.apply(with_hyper(exp, batch_size=15))
    assert t.steps_per_epoch == 4
    t.step(2)  # points 20..50 of epoch 1
    assert (t.step_count, t.epoch) == (9, 2)


def test_changing_the_data_keeps_the_weights():
    exp = Experiment()
    t = Trainer(exp)
    t.step(50)
    params = t.network.params.copy()
    version, run_id = t.data_version, t.run_id
    noisy = replace(exp, data=replace(exp.data, noise=0.3, n_samples=300))
    t.apply(noisy)
    assert np.array_equal(t.network.params, params)
    assert t.step_count == 50
    assert t.data_version != version and t.run_id != run_id
    assert t.dataset.x_train.shape[0] == 150
    assert list(t.history.arrays().marks) == [50]
    t.step(20)
    assert t.step_count == 70


def test_adding_a_layer_at_the_end_keeps_the_earlier_layers():
    exp = Experiment()  # 2-4-2-1
    t = Trainer(exp)
    t.step(200)
    old_w = [w.copy() for w in t.network.weights]
    old_b = [b.copy() for b in t.network.biases]
    bigger = with_hidden(exp, (4, "tanh"), (2, "tanh"), (3, "tanh"))  # 2-4-2-3-1
    t.apply(bigger)
    net = t.network
    assert net.layer_sizes == [2, 4, 2, 3, 1]
    for i in (0, 1):
        assert np.array_equal(net.weights[i], old_w[i])
        assert np.array_equal(net.biases[i], old_b[i])
    fresh = Network(bigger.layer_sizes, bigger.activations, seed=bigger.seed)
    for i in (2, 3):
        assert np.array_equal(net.weights[i], fresh.weights[i])
    assert t.step_count == 200
    assert list(t.history.arrays().marks) == [200]
    assert t.history.arrays().grad_norm.shape[1] == 4
    t.step(10)  # trains on the new shape


def test_inserting_a_middle_layer_keeps_the_outer_layers():
    exp = with_hidden(Experiment(), (4, "relu"), (4, "relu"))  # 2-4-4-1
    t = Trainer(exp)
    t.step(100)
    old_w = [w.copy() for w in t.network.weights]
    t.apply(with_hidden(exp, (4, "relu"), (3, "relu"), (4, "relu")))  # 2-4-3-4-1
    net = t.network
    assert np.array_equal(net.weights[0], old_w[0])
    assert np.array_equal(net.weights[3], old_w[2])  # the output layer, found from the back
    # Layers whose shape is new start from their seeded init.
    fresh = Network(net.layer_sizes, net.activations, seed=exp.seed)
    assert np.array_equal(net.weights[1], fresh.weights[1])
    assert np.array_equal(net.weights[2], fresh.weights[2])


def test_deleting_a_middle_layer_keeps_the_outer_layers():
    exp = with_hidden(Experiment(), (4, "tanh"), (3, "tanh"), (4, "tanh"))  # 2-4-3-4-1
    t = Trainer(exp)
    t.step(100)
    old_w = [w.copy() for w in t.network.weights]
    t.apply(with_hidden(exp, (4, "tanh"), (4, "tanh")))  # 2-4-4-1
    assert np.array_equal(t.network.weights[0], old_w[0])
    assert np.array_equal(t.network.weights[2], old_w[3])


def test_an_explicit_carry_overrides_the_automatic_matching():
    exp = Experiment()
    t = Trainer(exp)
    t.step(100)
    old_w = [w.copy() for w in t.network.weights]
    t.apply(exp, carry=[None, 1, 2])
    fresh = Network(exp.layer_sizes, exp.activations, seed=exp.seed)
    assert np.array_equal(t.network.weights[0], fresh.weights[0])
    assert np.array_equal(t.network.weights[1], old_w[1])
    assert np.array_equal(t.network.weights[2], old_w[2])


def test_changing_an_activation_keeps_the_weights():
    exp = Experiment()
    t = Trainer(exp)
    t.step(100)
    params = t.network.params.copy()
    t.apply(with_hidden(exp, (4, "relu"), (2, "tanh")))
    assert t.network.activations[0] == "relu"
    assert np.array_equal(t.network.params, params)


def test_weights_in_the_experiment_are_loaded_exactly():
    exp = Experiment()
    t = Trainer(exp)
    t.step(40)
    rng = np.random.default_rng(7)
    sizes = exp.layer_sizes
    W = tuple(rng.normal(size=(sizes[i], sizes[i + 1])) for i in range(3))
    b = tuple(rng.normal(size=sizes[i + 1]) for i in range(3))
    loaded = replace(exp, weights=Weights(W, b))
    t.apply(loaded)
    for i in range(3):
        assert np.array_equal(t.network.weights[i], W[i])
        assert np.array_equal(t.network.biases[i], b[i])
    assert t.step_count == 40
    assert list(t.history.arrays().marks) == [40]
    # A later hyper edit of that experiment does not rewind the weights to the file's.
    t.step(10)
    trained = t.network.params.copy()
    t.apply(with_hyper(loaded, learning_rate=0.01))
    assert np.array_equal(t.network.params, trained)


def test_a_new_seed_starts_a_new_run():
    exp = Experiment()
    t = Trainer(exp)
    t.step(100)
    t.apply(replace(exp, seed=5))
    fresh = Trainer(replace(exp, seed=5))
    assert t.step_count == 0 and len(t.history) == 0
    assert np.array_equal(t.network.params, fresh.network.params)


def test_features_edit_rebuilds_the_first_layer_only():
    exp = Experiment()
    t = Trainer(exp)
    t.step(100)
    old_w = [w.copy() for w in t.network.weights]
    t.apply(replace(exp, features=("x1", "x2", "x1x2")))
    assert t.network.layer_sizes == [3, 4, 2, 1]
    assert np.array_equal(t.network.weights[1], old_w[1])
    assert np.array_equal(t.network.weights[2], old_w[2])
    assert list(t.history.arrays().marks) == [100]
    t.step(10)


# --------------------------------------------------------------------------- reset / save


def test_reset_restores_the_initial_weights_and_batch_order():
    exp = Experiment()
    t = Trainer(exp)
    t.step(300)
    t.reset()
    fresh = Trainer(exp)
    assert np.array_equal(t.network.params, fresh.network.params)
    assert (t.step_count, t.epoch, len(t.history)) == (0, 0, 0)
    assert t.step(123) == fresh.step(123)
    assert np.array_equal(t.network.params, fresh.network.params)


def test_to_experiment_round_trips_through_json():
    exp = Experiment()
    t = Trainer(exp)
    t.step(137)  # mid-epoch
    saved = t.to_experiment()
    assert saved.step == 137
    loaded = Experiment.from_json(saved.to_json())
    t2 = Trainer(loaded)
    assert t2.step_count == 137 and t2.epoch == t.epoch
    assert np.array_equal(t2.network.params, t.network.params)
    assert t.step(250) == t2.step(250)
    assert np.array_equal(t2.network.params, t.network.params)


# --------------------------------------------------------------------------- divergence


def test_divergence_rolls_back_and_raises_without_numpy_warnings():
    # A linear output under mse lets relu activations grow without bound at lr = 10.
    # (A sigmoid output saturates instead: its gradients vanish, nothing overflows.)
    exp = make_exp("spiral", hidden=((8, "relu"), (8, "relu")), learning_rate=10.0, loss="mse")
    exp = replace(exp, output_activation="linear").validate()
    t = Trainer(exp)
    start = t.evaluate().train_loss
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergedError, match="lower the learning rate") as info:
            t.step(2000)
        assert np.all(np.isfinite(t.network.params))
        assert t.evaluate().train_loss <= start  # healthy weights, not merely finite ones
        assert info.value.what == "loss"
        assert info.value.cause == "learning_rate"
        assert info.value.step <= 2000
        assert t.step_count < info.value.step
        assert "10" in str(info.value)  # names the learning rate in force
        t.snapshot(grid=10, thumb=5)  # drawing a rolled-back network does not warn either
        with pytest.raises(DivergedError):
            t.step(2000)  # still too fast: diverges again, cleanly


def test_weights_that_overflow_are_rolled_back_to_a_healthy_checkpoint(monkeypatch):
    exp = Experiment()
    t = Trainer(exp)
    start = t.evaluate().train_loss
    t.step(5)

    def explode(params, grad, lr):
        params *= 1e308
        params *= 1e308

    monkeypatch.setattr(t.optimizer, "step", explode)
    with pytest.raises(DivergedError) as info:
        t.step(1)
    err = info.value
    assert (err.step, err.what, err.cause) == (6, "weights", "learning_rate")
    assert t.step_count == 5  # the step counter never runs backwards
    # The weights are those of the step the message names: the same bits as a run
    # stopped there, with a training loss no higher than at the start.
    assert err.kept_step is not None and 0 <= err.kept_step <= 5
    assert f"step {err.kept_step}," in str(err)
    replay = Trainer(exp)
    if err.kept_step:
        replay.step(err.kept_step)
    assert np.array_equal(t.network.params, replay.network.params)
    assert t.evaluate().train_loss <= start


# --------------------------------------------------------------------------- stop


def test_stop_epoch_halts_exactly_at_the_end_of_that_epoch():
    exp = make_exp(n_samples=100, stop=StopCondition(epoch=3))  # 5 steps per epoch
    t = Trainer(exp)
    m = t.step(10**6)
    assert (t.step_count, t.epoch) == (15, 3)
    assert m.step == 15
    assert t.stopped and "epoch 3" in t.stopped
    t.step(10)  # still stopped: nothing happens
    assert t.step_count == 15 and t.stopped
    t.apply(replace(exp, stop=StopCondition()))
    assert t.stopped is None
    t.step(10)
    assert t.step_count == 25 and t.stopped is None


def test_stop_when_the_test_loss_drops_below_a_value():
    exp = make_exp(stop=StopCondition(test_loss_below=0.6), learning_rate=0.1)
    t = Trainer(exp)
    assert t.evaluate().test_loss > 0.6
    m = t.step(10**6)
    assert m.test_loss < 0.6
    assert 0 < t.step_count < 10**6
    assert t.stopped and "below 0.6" in t.stopped


# --------------------------------------------------------------------------- snapshot


def _assert_read_only_copies(snap, t):
    arrays = [
        snap.boundary,
        *snap.weights,
        *snap.biases,
        *snap.neuron_grids,
        snap.x_train,
        snap.y_train,
        snap.x_test,
        snap.y_test,
        snap.history.step,
        snap.history.train_loss,
        snap.history.grad_norm,
    ]
    if snap.boundary_class is not None:
        arrays.append(snap.boundary_class)
    for a in arrays:
        assert not a.flags.writeable
        assert not np.shares_memory(a, t.network.params)


def test_binary_snapshot_shapes_orientation_and_values():
    exp = Experiment()
    t = Trainer(exp)
    t.step(100)
    snap = t.snapshot(grid=30, thumb=12)
    assert (snap.step, snap.task, snap.n_classes, snap.dims) == (100, "classification", 2, 2)
    assert snap.layer_sizes == (2, 4, 2, 1)
    assert snap.boundary.shape == (30, 30) and snap.boundary.dtype == np.float32
    assert snap.boundary_class is None
    assert [g.shape for g in snap.neuron_grids] == [
        (2, 12, 12),
        (4, 12, 12),
        (2, 12, 12),
        (1, 12, 12),
    ]
    assert all(g.dtype == np.float32 for g in snap.neuron_grids)
    _assert_read_only_copies(snap, t)

    pts = grid_points(snap.extent, 30, 2)
    expected = t.network.forward(feature_matrix(pts, exp.features))[:, 0].reshape(30, 30)
    np.testing.assert_allclose(snap.boundary, expected, rtol=1e-6, atol=1e-7)
    # Row = y from ymin, column = x from xmin: entry 0 holds the raw inputs x1, x2.
    x1, x2 = snap.neuron_grids[0]
    assert np.all(np.diff(x1, axis=1) > 0) and np.all(np.diff(x1, axis=0) == 0)
    assert np.all(np.diff(x2, axis=0) > 0) and np.all(np.diff(x2, axis=1) == 0)
    xmin, xmax, ymin, ymax = snap.extent
    assert xmin < x1[0, 0] < x1[0, 1] and x1[0, -1] < xmax
    assert ymin < x2[0, 0] < x2[1, 0] and x2[-1, 0] < ymax

    # The snapshot is frozen: training on does not change it.
    before = snap.weights[0].copy()
    t.step(50)
    assert np.array_equal(snap.weights[0], before)
    # Records are spaced by the cost model, so the last one may precede the snapshot's
    # step; it holds the full-set loss of its own step.
    last = int(snap.history.step[-1])
    assert 100 - t.history.stride < last <= 100
    assert Trainer(exp).step(last).train_loss == pytest.approx(snap.history.train_loss[-1])


def test_multiclass_snapshot_gives_winning_class_and_its_probability():
    exp = make_exp("blobs", n_classes=3, hidden=((6, "relu"),))
    t = Trainer(exp)
    t.step(300)
    snap = t.snapshot(grid=20, thumb=8)
    assert snap.n_classes == 3 and snap.layer_sizes == (2, 6, 3)
    assert snap.boundary.shape == (20, 20)
    assert snap.boundary_class.shape == (20, 20) and snap.boundary_class.dtype == np.int8
    probs = t.network.forward(feature_matrix(grid_points(snap.extent, 20, 2), exp.features))
    np.testing.assert_array_equal(snap.boundary_class.ravel(), probs.argmax(axis=1))
    np.testing.assert_allclose(snap.boundary.ravel(), probs.max(axis=1), rtol=1e-6)
    assert np.all(snap.boundary >= 1 / 3 - 1e-6)
    assert snap.neuron_grids[-1].shape == (3, 8, 8)
    assert 0.0 <= snap.train_metric <= 1.0
    _assert_read_only_copies(snap, t)


def test_regression_plane_snapshot():
    exp = make_exp("plane", hidden=((3, "tanh"),))
    t = Trainer(exp)
    t.step(50)
    snap = t.snapshot(grid=16, thumb=6)
    assert (snap.task, snap.n_classes, snap.dims) == ("regression", 1, 2)
    assert snap.boundary.shape == (16, 16) and snap.boundary_class is None
    expected = t.network.forward(feature_matrix(grid_points(snap.extent, 16, 2), exp.features))
    np.testing.assert_allclose(snap.boundary.ravel(), expected[:, 0], rtol=1e-6, atol=1e-7)
    _assert_read_only_copies(snap, t)


def test_one_dimensional_snapshot_is_a_curve():
    exp = make_exp("line", hidden=((5, "tanh"),), features=("x1",))
    t = Trainer(exp)
    t.step(50)
    snap = t.snapshot(grid=64, thumb=10)
    assert snap.dims == 1
    assert snap.boundary.shape == (64,)
    assert [g.shape for g in snap.neuron_grids] == [(1, 10), (5, 10), (1, 10)]
    assert snap.x_train.shape[1] == 1
    expected = t.network.forward(feature_matrix(grid_points(snap.extent, 64, 1), ("x1",)))
    np.testing.assert_allclose(snap.boundary, expected[:, 0], rtol=1e-6, atol=1e-7)
    _assert_read_only_copies(snap, t)


def _raster_shape(snap, n: int) -> tuple[int, ...]:
    return (n, n) if snap.dims == 2 else (n,)


def _assert_snapshot_is_the_network(snap, t, grid: int, thumb: int) -> None:
    """Every number in ``snap`` equals the live network evaluated directly."""
    net = t.network
    assert snap.layer_sizes == tuple(net.layer_sizes)
    live = zip(snap.weights, snap.biases, net.weights, net.biases, strict=True)
    for w, b, live_w, live_b in live:
        assert np.array_equal(w, live_w) and np.array_equal(b, live_b)
    shape = _raster_shape(snap, grid)
    out = net.forward(feature_matrix(grid_points(snap.extent, grid, snap.dims), snap.features))
    if out.shape[1] > 1:
        np.testing.assert_array_equal(snap.boundary_class, out.argmax(axis=1).reshape(shape))
        expected = out.max(axis=1)
    else:
        assert snap.boundary_class is None
        expected = out[:, 0]
    assert snap.boundary.dtype == np.float32
    np.testing.assert_allclose(snap.boundary, expected.reshape(shape), rtol=1e-6, atol=1e-7)
    # Thumbnail l, unit j: column j of layer l's activation (entry 0: the features).
    pts = grid_points(snap.extent, thumb, snap.dims)
    _, acts = net.forward_all(feature_matrix(pts, snap.features))
    assert len(snap.neuron_grids) == len(acts)
    for g, a in zip(snap.neuron_grids, acts, strict=True):
        assert g.dtype == np.float32
        assert g.shape == (a.shape[1], *_raster_shape(snap, thumb))
        np.testing.assert_allclose(g, a.T.reshape(g.shape), rtol=1e-6, atol=1e-7)
    _assert_read_only_copies(snap, t)


def _raster_copies(snap) -> list[np.ndarray]:
    arrays = [snap.boundary, *snap.neuron_grids, *snap.weights, *snap.biases]
    if snap.boundary_class is not None:
        arrays.append(snap.boundary_class)
    return [a.copy() for a in arrays]


@pytest.mark.parametrize(
    "exp",
    [
        make_exp(hidden=tuple((8, "tanh") for _ in range(6))),
        make_exp(
            "xor",
            hidden=((5, "relu"), (4, "leaky_relu"), (3, "linear"), (2, "sigmoid")),
            features=("x1", "x2", "x1x2", "sin_x2"),
        ),
        make_exp("blobs", n_classes=4, hidden=((6, "relu"), (3, "tanh"))),
        make_exp("sine", hidden=((5, "tanh"),), features=("x1", "x1_sq", "sin_x1")),
        make_exp("plane", hidden=()),
    ],
    ids=["deep-tanh", "mixed-activations", "softmax", "one-dimensional", "no-hidden-layer"],
)
def test_snapshot_rasters_are_the_network_evaluated_on_the_grids(exp):
    t = Trainer(exp)
    t.step(60)
    first = t.snapshot(grid=30, thumb=12)
    kept = _raster_copies(first)
    _assert_snapshot_is_the_network(first, t, 30, 12)
    for grid, thumb in ((12, 30), (9, 9)):
        _assert_snapshot_is_the_network(t.snapshot(grid=grid, thumb=thumb), t, grid, thumb)

    # Later snapshots follow the live network -- more training, a weight set by hand,
    # edits of the data, the features and the architecture -- and never change an
    # earlier snapshot's arrays.
    t.step(20)
    _assert_snapshot_is_the_network(t.snapshot(grid=30, thumb=12), t, 30, 12)
    t.set_weight(0, 0, 0, 1.5)
    _assert_snapshot_is_the_network(t.snapshot(grid=30, thumb=12), t, 30, 12)
    t.apply(replace(t.experiment, data=replace(exp.data, noise=0.3, seed=5)))
    _assert_snapshot_is_the_network(t.snapshot(grid=30, thumb=12), t, 30, 12)
    features = ("x1_sq", "x1") if t.dataset.dims == 1 else ("x2", "x1x2", "x1")
    t.apply(replace(t.experiment, features=features))
    _assert_snapshot_is_the_network(t.snapshot(grid=30, thumb=12), t, 30, 12)
    t.apply(with_hidden(t.experiment, (3, "tanh"), (2, "relu")))
    t.step(5)
    _assert_snapshot_is_the_network(t.snapshot(grid=30, thumb=12), t, 30, 12)
    for before, now in zip(kept, _raster_copies(first), strict=True):
        assert np.array_equal(before, now)


def test_run_id_and_data_version_follow_rebuilds():
    exp = Experiment()
    t = Trainer(exp)
    s0 = t.snapshot(grid=4, thumb=2)
    t.apply(with_hyper(exp, learning_rate=0.1))
    s1 = t.snapshot(grid=4, thumb=2)
    assert (s1.run_id, s1.data_version) == (s0.run_id, s0.data_version)
    assert s1.learning_rate == 0.1
    t.apply(replace(with_hyper(exp, learning_rate=0.1), hidden=(LayerSpec(3, "tanh"),)))
    s2 = t.snapshot(grid=4, thumb=2)
    assert s2.run_id != s1.run_id and s2.data_version == s1.data_version
    t.apply(replace(t.experiment, data=replace(exp.data, seed=9)))
    s3 = t.snapshot(grid=4, thumb=2)
    assert s3.run_id != s2.run_id and s3.data_version != s2.data_version
    # A brand-new trainer never reuses an id, so views keyed on it rebuild.
    assert Trainer(exp).run_id not in {s0.run_id, s2.run_id, s3.run_id}


def test_repr_names_the_run():
    t = Trainer(Experiment())
    t.step(3)
    assert "step=3" in repr(t) and "circle" in repr(t)
    assert "records=1/4096" in repr(t.history)  # the first step; the next at the stride
    assert f"min_stride={t.history.min_stride}" in repr(t.history)
