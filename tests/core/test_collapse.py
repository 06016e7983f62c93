"""Collapsing linear layers: composition of affine maps, in 1-D and as networks."""

from __future__ import annotations

import numpy as np
import pytest

from nnsim.core.collapse import (
    affine_formula,
    collapse_layers,
    collapse_network,
    compose_affine,
    linear_runs,
)
from nnsim.core.network import Network


def test_lecture_example_composes_to_minus_two_x():
    # By hand: f(x) = 2x + 1, g(x) = -x + 1, so h(x) = g(f(x)) = -(2x + 1) + 1 = -2x,
    # and h(10) = -20. (The lecture note's "h(x) = -2x + 9" and "-11" are a typo.)
    a, b = compose_affine([(2, 1), (-1, 1)])
    assert (a, b) == (-2.0, 0.0)
    assert affine_formula(a, b) == "-2x"

    def f(x: float) -> float:
        return 2 * x + 1

    def g(x: float) -> float:
        return -x + 1

    assert a * 10 + b == g(f(10)) == -20


def test_order_matters_and_empty_is_identity():
    assert compose_affine([(-1, 1), (2, 1)]) == (-2.0, 3.0)  # 2(-x + 1) + 1
    assert compose_affine([]) == (1.0, 0.0)


def test_random_chains_match_direct_evaluation():
    rng = np.random.default_rng(0)
    for _ in range(50):
        maps = [tuple(rng.normal(size=2)) for _ in range(int(rng.integers(1, 8)))]
        a, b = compose_affine(maps)
        for x in rng.normal(size=5) * 10:
            y = x
            for m, c in maps:
                y = m * y + c
            assert a * x + b == pytest.approx(y, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    ("a", "b", "text"),
    [
        (-2, 0, "-2x"),
        (2, 1, "2x + 1"),
        (1, -3, "x - 3"),
        (-1, 1, "-x + 1"),
        (0, 5, "5"),
        (0, -5, "-5"),
        (0, 0, "0"),
        (-0.0, -0.0, "0"),
        (0.5, 0.25, "0.5x + 0.25"),
        (1 / 3, -2 / 3, "0.333333x - 0.666667"),
        (3, 0, "3x"),
    ],
)
def test_affine_formula(a, b, text):
    assert affine_formula(a, b) == text


def test_affine_formula_variable_name():
    assert affine_formula(2, 1, var="t") == "2t + 1"


def test_four_linear_layers_equal_one():
    rng = np.random.default_rng(1)
    sizes = [3, 5, 4, 6, 2]
    Ws = [rng.normal(size=(sizes[i], sizes[i + 1])) for i in range(4)]
    bs = [rng.normal(size=sizes[i + 1]) for i in range(4)]
    W_eff, b_eff = collapse_layers(Ws, bs)
    assert W_eff.shape == (3, 2) and b_eff.shape == (2,)
    X = rng.normal(size=(20, 3))
    h = X
    for W, b in zip(Ws, bs, strict=True):
        h = h @ W + b
    np.testing.assert_allclose(X @ W_eff + b_eff, h, rtol=1e-10, atol=1e-10)
    # And through the network's own forward pass.
    net = Network(sizes, ["linear"] * 4, seed=0)
    net.set_weights(Ws, bs)
    np.testing.assert_allclose(net.forward(X), X @ W_eff + b_eff, rtol=1e-10, atol=1e-10)


def test_collapse_layers_checks_shapes():
    with pytest.raises(ValueError):
        collapse_layers([], [])
    with pytest.raises(ValueError, match="layer 1"):
        collapse_layers([np.ones((2, 3)), np.ones((4, 1))], [np.ones(3), np.ones(1)])


@pytest.mark.parametrize(
    ("acts", "runs"),
    [
        (["linear", "linear", "sigmoid"], [(0, 3)]),
        (["tanh", "linear", "linear", "tanh"], [(1, 4)]),
        (["linear", "linear", "linear", "linear"], [(0, 4)]),
        (["relu", "linear", "relu", "linear", "linear"], [(1, 3), (3, 5)]),
        (["linear", "tanh", "linear", "sigmoid"], [(0, 2), (2, 4)]),
        (["tanh", "relu", "sigmoid"], []),
        (["linear"], []),
        (["tanh", "linear"], []),
        (["linear", "softmax"], [(0, 2)]),
    ],
)
def test_linear_runs(acts, runs):
    assert linear_runs(acts) == runs


@pytest.mark.parametrize(
    "acts",
    [
        ["linear", "linear", "sigmoid"],
        ["tanh", "linear", "linear", "tanh"],
        ["relu", "linear", "relu", "linear", "linear"],
        ["linear", "linear", "linear", "softmax"],
    ],
)
def test_collapse_network_keeps_the_outputs(acts):
    rng = np.random.default_rng(len(acts))
    sizes = [2, *rng.integers(2, 7, size=len(acts) - 1).tolist(), 3]
    net = Network(sizes, acts, seed=4)
    for b in net.biases:
        b[:] = rng.normal(size=b.shape)
    before = net.params.copy()
    X = rng.normal(size=(30, 2))
    expected = net.forward(X)
    collapsed = net
    # Merge from the last run backwards so the earlier indices stay valid.
    for start, stop in reversed(linear_runs(acts)):
        collapsed = collapse_network(collapsed, start, stop)
    assert linear_runs(collapsed.activations) == []
    assert collapsed.n_layers == net.n_layers - sum(
        stop - start - 1 for start, stop in linear_runs(acts)
    )
    assert collapsed.layer_sizes[0] == 2 and collapsed.layer_sizes[-1] == 3
    assert collapsed.activations[-1] == acts[-1]
    np.testing.assert_allclose(collapsed.forward(X), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(net.params, before)  # the original is untouched


def test_collapse_network_sub_run_and_invalid_runs():
    net = Network([2, 3, 4, 1], ["linear", "linear", "sigmoid"], seed=0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    partial = collapse_network(net, 1, 3)
    assert partial.layer_sizes == [2, 3, 1] and partial.activations == ["linear", "sigmoid"]
    np.testing.assert_allclose(partial.forward(X), net.forward(X), rtol=1e-12)
    with pytest.raises(ValueError, match="linear"):
        collapse_network(Network([2, 3, 1], ["tanh", "linear"]), 0, 2)
    with pytest.raises(ValueError, match="run"):
        collapse_network(net, 0, 1)
    with pytest.raises(ValueError, match="run"):
        collapse_network(net, 1, 4)
