"""Network: layout, initialisation, determinism, symmetry, statistics, regularisation."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.initializers import INITIALIZERS, init_layer
from nnsim.core.losses import LOSSES
from nnsim.core.network import Network
from nnsim.core.optimizers import make_optimizer


def circle_batch(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points uniform in [-6, 6]^2, label 1 inside the circle of radius 3."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-6.0, 6.0, size=(n, 2))
    Y = (np.hypot(X[:, 0], X[:, 1]) < 3.0).astype(np.float64)[:, None]
    return X, Y


# ----------------------------------------------------------------------- layout


def test_params_is_one_flat_buffer_with_weight_then_bias_views():
    net = Network([3, 4, 2, 1], ["tanh", "relu", "sigmoid"], seed=0)
    sizes = [(3, 4), (4, 2), (2, 1)]
    assert net.n_params == 12 + 8 + 2 + 4 + 2 + 1
    assert net.params.shape == (net.n_params,) and net.params.dtype == np.float64
    off = 0
    for W, shape in zip(net.weights, sizes, strict=True):
        assert W.shape == shape and W.base is not None
        assert np.shares_memory(W, net.params)
        np.testing.assert_array_equal(W.ravel(), net.params[off : off + W.size])
        off += W.size
    for b, (_, fo) in zip(net.biases, sizes, strict=True):
        assert b.shape == (fo,)
        np.testing.assert_array_equal(b, net.params[off : off + fo])
        off += fo
    assert off == net.n_params
    # Writing through a view changes the buffer, and the other way round.
    net.weights[1][0, 1] = 7.5
    assert 7.5 in net.params
    net.params[-1] = -3.25
    assert net.biases[-1][0] == -3.25
    for g, p in zip(net.grad_weights + net.grad_biases, net.weights + net.biases, strict=True):
        assert g.shape == p.shape and np.shares_memory(g, net.grad)


def test_forward_all_and_forward_agree_with_the_formula():
    net = Network([2, 3, 3, 2], ["relu", "linear", "softmax"], seed=4)
    X = np.random.default_rng(1).normal(size=(5, 2))
    zs, acts = net.forward_all(X)
    assert len(zs) == 3 and len(acts) == 4
    np.testing.assert_array_equal(acts[0], X)
    h = X
    for i, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        z = h @ W + b
        np.testing.assert_array_equal(zs[i], z)
        h = OUTPUT_ACTIVATIONS[net.activations[i]].fn(z)
        np.testing.assert_array_equal(acts[i + 1], h)
    np.testing.assert_array_equal(net.forward(X), acts[-1])
    np.testing.assert_allclose(acts[-1].sum(axis=1), 1.0, rtol=1e-15)
    # A linear layer's activation is its own array, not an alias of z.
    assert acts[2] is not zs[1]


def test_training_loss_is_the_loss_of_the_forward_pass():
    net = Network([2, 4, 2, 1], ["tanh", "tanh", "sigmoid"], seed=0)
    X, Y = circle_batch(10)
    value = net.compute_gradients(X, Y, "bce")
    zs, acts = net.forward_all(X)
    assert value == pytest.approx(LOSSES["bce"].value(zs[-1], acts[-1], Y), rel=1e-14)


def test_no_hidden_layers_is_logistic_regression():
    net = Network([2, 1], ["sigmoid"], seed=0)
    X, Y = circle_batch(20)
    value, [(dW, db)] = net.loss_and_gradients(X, Y, "bce")
    p = 1 / (1 + np.exp(-(X @ net.weights[0] + net.biases[0])))
    np.testing.assert_allclose(dW, X.T @ (p - Y) / 20, rtol=1e-12)
    np.testing.assert_allclose(db, (p - Y).sum(0) / 20, rtol=1e-12)
    assert net.layer_stats()["grad_norm"].shape == (1,)


# ----------------------------------------------------------------------- initialisation


def test_same_seed_gives_bit_identical_weights_and_different_seeds_differ():
    a = Network([2, 8, 8, 1], ["tanh", "relu", "sigmoid"], seed=42)
    b = Network([2, 8, 8, 1], ["tanh", "relu", "sigmoid"], seed=42)
    c = Network([2, 8, 8, 1], ["tanh", "relu", "sigmoid"], seed=43)
    np.testing.assert_array_equal(a.params, b.params)
    for Wa, Wc in zip(a.weights, c.weights, strict=True):
        assert not np.array_equal(Wa, Wc)


def test_layer_init_depends_only_on_seed_and_layer_index():
    small = Network([2, 4, 1], ["tanh", "sigmoid"], seed=7)
    bigger = Network([2, 4, 3, 1], ["tanh", "tanh", "sigmoid"], seed=7)
    # Adding a layer at the end keeps the earlier layers' initial weights.
    np.testing.assert_array_equal(small.weights[0], bigger.weights[0])
    rng = np.random.default_rng([7, 1])
    W, b = init_layer("glorot", 4, 3, rng)
    np.testing.assert_array_equal(bigger.weights[1], W)
    # init_layer(i) restores exactly that layer.
    before = bigger.params.copy()
    bigger.weights[1][...] = 0.0
    bigger.biases[1][...] = 5.0
    bigger.init_layer(1)
    np.testing.assert_array_equal(bigger.params, before)


def test_auto_init_is_glorot_for_saturating_and_he_for_rectifying_layers():
    fan = 400
    for name, act in OUTPUT_ACTIVATIONS.items():
        net = Network([fan, fan, 2], [name if name != "softmax" else "tanh", "softmax"], seed=1)
        W = net.weights[0]
        np.testing.assert_array_equal(net.biases[0], 0.0)
        if act.default_init == "glorot":
            limit = math.sqrt(6 / (2 * fan))
            assert np.abs(W).max() <= limit
            assert np.std(W) == pytest.approx(limit / math.sqrt(3), rel=0.02)
        else:
            assert act.rectifier
            assert np.std(W) == pytest.approx(math.sqrt(2 / fan), rel=0.02)
            assert np.abs(W).max() > math.sqrt(6 / (2 * fan))  # a normal has tails
    assert ACTIVATIONS["relu"].default_init == "he" and ACTIVATIONS["tanh"].default_init == "glorot"
    assert OUTPUT_ACTIVATIONS["softmax"].default_init == "glorot"


def test_explicit_and_per_layer_initialisers():
    net = Network([3, 4, 2], ["relu", "sigmoid"], init=["zeros", "constant"], init_value=0.25)
    np.testing.assert_array_equal(net.weights[0], 0.0)
    np.testing.assert_array_equal(net.biases[0], 0.0)
    np.testing.assert_array_equal(net.weights[1], 0.25)
    np.testing.assert_array_equal(net.biases[1], 0.25)
    assert set(INITIALIZERS) == {"glorot", "he", "zeros", "constant"}
    with pytest.raises(KeyError, match="known"):
        init_layer("xavier", 2, 2, np.random.default_rng(0))


@pytest.mark.parametrize("init", ["zeros", "constant"])
@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "relu"])
def test_symmetric_init_gives_identical_neurons_that_stay_identical(init, hidden):
    net = Network([2, 5, 4, 1], [hidden, hidden, "sigmoid"], seed=3, init=init, init_value=0.3)
    opt = make_optimizer("sgd", net.n_params)
    X, Y = circle_batch(10)

    def assert_symmetric() -> None:
        for W, b in zip(net.weights[:-1], net.biases[:-1], strict=True):
            # Every neuron (column) of a hidden layer has the same recipe.
            np.testing.assert_allclose(W, np.repeat(W[:, :1], W.shape[1], axis=1),
                                       rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(b, b[0], rtol=1e-12, atol=1e-15)

    assert_symmetric()
    for _ in range(5):
        net.compute_gradients(X, Y, "bce")
        for gW in net.grad_weights[:-1]:
            np.testing.assert_allclose(gW, np.repeat(gW[:, :1], gW.shape[1], axis=1),
                                       rtol=1e-12, atol=1e-15)
        opt.step(net.params, net.grad, 0.5)
        assert_symmetric()
    if init == "constant" and hidden != "relu":
        # They do learn -- all in lockstep.
        assert not np.allclose(net.weights[0], 0.3)


# ----------------------------------------------------------------------- vanishing gradient


def grad_ratio(activation: str, X: np.ndarray, Y: np.ndarray) -> float:
    net = Network([2] + [8] * 10 + [1], [activation] * 10 + ["sigmoid"], seed=0)
    net.compute_gradients(X, Y, "bce")
    norms = net.layer_stats()["grad_norm"]
    return norms[0] / norms[-1]


def test_deep_sigmoid_net_shows_a_vanishing_gradient_and_relu_does_not():
    X, Y = circle_batch(200)
    assert grad_ratio("sigmoid", X, Y) < 1 / 100
    assert 1 / 10 < grad_ratio("relu", X, Y) < 10


def test_vanishing_gradient_on_the_default_circle_data():
    from nnsim.core.datasets import make_dataset
    from nnsim.core.experiment import DataSpec

    ds = make_dataset(DataSpec())
    X, Y = ds.x_train, ds.targets(ds.y_train)
    assert grad_ratio("sigmoid", X, Y) < 1 / 100
    assert 1 / 10 < grad_ratio("relu", X, Y) < 10


# ----------------------------------------------------------------------- statistics


def test_layer_stats_match_a_direct_computation():
    net = Network([2, 6, 5, 4, 3], ["relu", "tanh", "leaky_relu", "softmax"], seed=2)
    # Kill two relu units (they are off for every input) and saturate the tanh layer.
    net.biases[0][[1, 4]] = -1e3
    net.weights[1][...] *= 8.0
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 2))
    Y = np.eye(3)[rng.integers(0, 3, size=12)]
    net.compute_gradients(X, Y, "softmax_ce")
    stats = net.layer_stats()
    assert set(stats) == {"grad_norm", "mean_abs_act", "dead_frac", "sat_frac"}
    _, acts = net.forward_all(X)
    for i in range(4):
        a = acts[i + 1]
        assert stats["grad_norm"][i] == pytest.approx(np.linalg.norm(net.grad_weights[i]),
                                                      rel=1e-12)
        assert stats["mean_abs_act"][i] == pytest.approx(np.mean(np.abs(a)), rel=1e-12)
    a0, a1, a2 = acts[1], acts[2], acts[3]
    assert stats["dead_frac"][0] == pytest.approx(np.mean(np.all(a0 <= 0, axis=0)))
    assert stats["dead_frac"][0] >= 2 / 6
    assert stats["dead_frac"][2] == pytest.approx(np.mean(np.all(a2 <= 0, axis=0)))
    assert np.isnan(stats["dead_frac"][1]) and np.isnan(stats["dead_frac"][3])
    sat = np.mean((a1 <= -1 + 0.01) | (a1 >= 1 - 0.01))
    assert stats["sat_frac"][1] == pytest.approx(sat) and sat > 0.3
    assert np.isnan(stats["sat_frac"][0]) and np.isnan(stats["sat_frac"][2])
    assert np.isnan(stats["sat_frac"][3])


def test_sigmoid_saturation_counts_both_ends():
    net = Network([1, 1], ["sigmoid"], seed=0)
    net.set_weights([np.array([[1.0]])], [np.array([0.0])])
    X = np.array([[-10.0], [-4.0], [0.0], [4.0], [10.0]])  # a = 4.5e-5 .. 0.99995
    net.compute_gradients(X, np.zeros((5, 1)), "bce")
    assert net.layer_stats()["sat_frac"][0] == pytest.approx(2 / 5)


def test_layer_stats_need_gradients_first():
    with pytest.raises(RuntimeError, match="compute_gradients"):
        Network([2, 1], ["linear"]).layer_stats()


# ----------------------------------------------------------------------- regularisation


@pytest.mark.parametrize("l1, l2", [(0.1, 0.0), (0.0, 0.3), (0.05, 0.2)])
def test_regularisation_adds_its_penalty_and_gradient_on_weights_only(l1, l2):
    net = Network([3, 4, 2], ["tanh", "linear"], seed=5)
    for b in net.biases:
        b[:] = 0.5
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    plain, g0 = net.loss_and_gradients(X, Y, "mse")
    reg, g1 = net.loss_and_gradients(X, Y, "mse", l1=l1, l2=l2)
    penalty = sum(l1 * np.abs(W).sum() + l2 * 0.5 * (W**2).sum() for W in net.weights)
    assert reg == pytest.approx(plain + penalty, rel=1e-13)
    for W, (dW0, db0), (dW1, db1) in zip(net.weights, g0, g1, strict=True):
        np.testing.assert_allclose(dW1 - dW0, l1 * np.sign(W) + l2 * W, rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(db1, db0)


# ----------------------------------------------------------------------- robustness


@pytest.mark.parametrize("loss, out", [("bce", "sigmoid"), ("softmax_ce", "softmax"),
                                       ("mse", "tanh"), ("mse", "sigmoid")])
def test_huge_pre_activations_give_finite_losses_without_warnings(loss, out):
    k = 3 if out == "softmax" else 1
    net = Network([2, 4, k], ["sigmoid", out], seed=0)
    net.weights[1][...] = 2500.0 * np.sign(net.weights[1])
    net.biases[1][...] = 0.0
    X, Y = circle_batch(10)
    if out == "softmax":
        Y = np.eye(3)[(Y[:, 0]).astype(int)]
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        value = net.compute_gradients(X, Y, loss)
        net.layer_stats()
    assert np.isfinite(value)
    assert np.all(np.isfinite(net.grad))
    assert np.max(np.abs(net.forward_all(X)[0][-1])) > 1e3


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="activations"):
        Network([2, 3, 1], ["tanh"])
    with pytest.raises(ValueError, match="softmax"):
        Network([2, 3, 2], ["softmax", "softmax"])
    with pytest.raises(ValueError, match="at least one unit"):
        Network([2, 0, 1], ["tanh", "sigmoid"])
    with pytest.raises(ValueError, match="initialiser"):
        Network([2, 1], ["tanh"], init="xavier")
    with pytest.raises(ValueError, match="seed"):
        Network([2, 1], ["tanh"], seed=-1)
    net = Network([2, 3, 1], ["tanh", "sigmoid"])
    X, Y = circle_batch(4)
    with pytest.raises(ValueError, match="cannot be used with a sigmoid output"):
        net.compute_gradients(X, Y, "softmax_ce")
    with pytest.raises(ValueError, match="X must have shape"):
        net.compute_gradients(X[:, :1], Y, "bce")
    with pytest.raises(ValueError, match="Y must have shape"):
        net.compute_gradients(X, np.zeros((4, 2)), "bce")
    with pytest.raises(ValueError, match="shape"):
        net.set_weights([np.zeros((2, 3)), np.zeros((3, 2))], [np.zeros(3), np.zeros(1)])


def test_set_weights_copy_and_repr():
    net = Network([2, 3, 1], ["relu", "linear"], seed=9)
    W = [np.arange(6.0).reshape(2, 3), np.ones((3, 1))]
    b = [np.array([1.0, 2.0, 3.0]), np.array([-1.0])]
    net.set_weights(W, b)
    np.testing.assert_array_equal(net.params, [0, 1, 2, 3, 4, 5, 1, 1, 1, 1, 2, 3, -1])
    twin = net.copy()
    np.testing.assert_array_equal(twin.params, net.params)
    twin.weights[0][0, 0] = 99.0
    assert net.weights[0][0, 0] == 0.0
    assert twin.layer_sizes == net.layer_sizes and twin.activations == net.activations
    text = repr(net)
    assert "layer_sizes=[2, 3, 1]" in text and "relu" in text and "n_params=13" in text


def test_an_empty_batch_gives_nan_loss_and_zero_gradients():
    net = Network([2, 3, 1], ["relu", "sigmoid"], seed=0)
    value = net.compute_gradients(np.zeros((0, 2)), np.zeros((0, 1)), "bce")
    assert math.isnan(value)
    np.testing.assert_array_equal(net.grad, 0.0)
    stats = net.layer_stats()
    np.testing.assert_array_equal(stats["grad_norm"], 0.0)
    assert np.all(np.isnan(stats["mean_abs_act"]))


def test_a_loss_object_or_name_is_accepted():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    X, Y = circle_batch(8)
    assert net.compute_gradients(X, Y, LOSSES["bce"]) == net.compute_gradients(X, Y, "bce")
    with pytest.raises(ValueError, match="unknown loss"):
        net.compute_gradients(X, Y, "hinge")


def test_an_activation_without_fast_kernels_still_trains(monkeypatch):
    # A new activation only needs fn and grad; the kernels are an optimisation.
    import dataclasses

    X, Y = circle_batch(10)
    fast = Network([2, 4, 3, 1], ["tanh", "sigmoid", "sigmoid"], seed=1)
    expected = fast.loss_and_gradients(X, Y, "mse", l2=0.01)
    for name in ("tanh", "sigmoid"):
        plain = dataclasses.replace(ACTIVATIONS[name], forward_into=None, backward_into=None)
        monkeypatch.setitem(ACTIVATIONS, name, plain)
        monkeypatch.setitem(OUTPUT_ACTIVATIONS, name, plain)
    slow = Network([2, 4, 3, 1], ["tanh", "sigmoid", "sigmoid"], seed=1)
    value, grads = slow.loss_and_gradients(X, Y, "mse", l2=0.01)
    assert value == pytest.approx(expected[0], rel=1e-15)
    for (a, b), (c, d) in zip(grads, expected[1], strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-14, atol=1e-17)
        np.testing.assert_allclose(b, d, rtol=1e-14, atol=1e-17)
