"""Activations: values, derivatives, numerical safety, and the registry the GUI lists."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnsim.core.activations import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    OUTPUT_ACTIVATIONS,
    get_activation,
)

ELEMENTWISE = list(ACTIVATIONS)


def test_registry_matches_the_contract():
    assert list(ACTIVATIONS) == ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]
    assert list(OUTPUT_ACTIVATIONS) == [*ACTIVATIONS, "softmax"]
    assert "softmax" not in ACTIVATIONS
    for name, act in OUTPUT_ACTIVATIONS.items():
        assert act.name == name and act.label and act.formula
    assert ACTIVATIONS["relu"].label == "ReLU"
    assert ACTIVATIONS["sigmoid"].bounds == (0.0, 1.0)
    assert ACTIVATIONS["tanh"].bounds == (-1.0, 1.0)
    assert {n for n, a in OUTPUT_ACTIVATIONS.items() if a.bounds} == {"sigmoid", "tanh"}
    assert {n for n, a in OUTPUT_ACTIVATIONS.items() if a.rectifier} == {"relu", "leaky_relu"}
    assert {n for n, a in OUTPUT_ACTIVATIONS.items() if a.default_init == "he"} == {
        "relu", "leaky_relu"}


def test_get_activation_names_the_known_ones_on_a_typo():
    assert get_activation("softmax") is OUTPUT_ACTIVATIONS["softmax"]
    with pytest.raises(KeyError, match="unknown activation 'rleu'.*relu"):
        get_activation("rleu")


def test_values_follow_the_definitions():
    z = np.linspace(-5, 5, 41)
    f = {name: act.fn for name, act in ACTIVATIONS.items()}
    np.testing.assert_array_equal(f["linear"](z), z)
    np.testing.assert_allclose(f["sigmoid"](z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(f["tanh"](z), np.tanh(z), rtol=1e-15)
    np.testing.assert_array_equal(f["relu"](z), np.where(z > 0, z, 0.0))
    np.testing.assert_allclose(f["leaky_relu"](z), np.where(z > 0, z, LEAKY_SLOPE * z),
                               rtol=1e-15)
    assert f["sigmoid"](np.array(0.0)) == 0.5


def test_softmax_is_a_stable_row_wise_distribution():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0], [-1e4, 0.0, 1e4]])
    a = OUTPUT_ACTIVATIONS["softmax"].fn(z)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-15)
    # Shifting a row changes nothing.
    np.testing.assert_allclose(a[0], a[1], rtol=1e-14)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(a[0], e / e.sum(), rtol=1e-15)
    np.testing.assert_array_equal(a[2], [0.0, 0.0, 1.0])
    with pytest.raises(ValueError, match="softmax_ce"):
        OUTPUT_ACTIVATIONS["softmax"].grad(z, a)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivatives_match_finite_differences(name):
    act = ACTIVATIONS[name]
    z = np.random.default_rng(0).uniform(-4, 4, size=200)
    z = z[np.abs(z) > 1e-3]  # away from the relu kink
    eps = 1e-6
    numeric = (act.fn(z + eps) - act.fn(z - eps)) / (2 * eps)
    np.testing.assert_allclose(act.grad(z, act.fn(z)), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_fast_kernels_equal_the_public_functions(name):
    # The network trains with the in-place kernels; students read fn and grad.
    act = ACTIVATIONS[name]
    rng = np.random.default_rng(1)
    z = rng.normal(0, 3, size=(7, 5))
    out = np.empty_like(z)
    a = act.forward_into(z, out)
    np.testing.assert_array_equal(a, act.fn(z))
    d = rng.normal(size=z.shape)
    expected = d * act.grad(z, a)
    act.backward_into(z, a, d, np.empty_like(z))
    np.testing.assert_allclose(d, expected, rtol=1e-15, atol=0)


def test_kinks_take_the_left_derivative():
    z = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(ACTIVATIONS["relu"].grad(z, ACTIVATIONS["relu"].fn(z)),
                                  [0, 0, 1])
    a = ACTIVATIONS["leaky_relu"].fn(z)
    np.testing.assert_array_equal(ACTIVATIONS["leaky_relu"].grad(z, a),
                                  [LEAKY_SLOPE, LEAKY_SLOPE, 1])
    for name in ("relu", "leaky_relu"):
        act = ACTIVATIONS[name]
        d = np.ones(3)
        act.backward_into(z, act.fn(z), d, np.empty(3))
        np.testing.assert_array_equal(d, act.grad(z, act.fn(z)))


def test_sigmoid_never_overflows_or_warns_up_to_1e4():
    z = np.concatenate([np.linspace(-1e4, 1e4, 20001), [-745.5, -709.9, 709.9, 745.5]])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        act = ACTIVATIONS["sigmoid"]
        a = act.fn(z)
        g = act.grad(z, a)
    assert np.all(np.isfinite(a)) and np.all((a >= 0) & (a <= 1))
    assert np.all(np.diff(np.sort(z)) >= 0) and np.all(np.diff(a[np.argsort(z)]) >= 0)
    assert a[-5] == 1.0 and a[0] < 1e-300
    assert np.all(np.isfinite(g))


def test_sigmoid_keeps_relative_precision_in_the_left_tail():
    # sigmoid(z) = e^z / (1 + e^z); for z = -30 that is 9.357622968839299e-14.
    z = np.array([-30.0, -300.0, -5.0])
    expected = np.exp(z) / (1 + np.exp(z))
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].fn(z), expected, rtol=1e-14)


@pytest.mark.parametrize("name", list(OUTPUT_ACTIVATIONS))
def test_every_activation_is_finite_and_silent_for_huge_inputs(name):
    act = OUTPUT_ACTIVATIONS[name]
    z = np.array([[-1e4, -1.0, 0.0, 1.0, 1e4], [1e4, 1e4, -1e4, 3.0, 0.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        a = act.fn(z)
        if name != "softmax":
            g = act.grad(z, a)
            assert np.all(np.isfinite(g))
    assert np.all(np.isfinite(a))


def test_fn_returns_a_new_array():
    z = np.array([1.0, -2.0])
    for act in OUTPUT_ACTIVATIONS.values():
        a = act.fn(z)
        assert a is not z and not np.shares_memory(a, z)
    np.testing.assert_array_equal(z, [1.0, -2.0])
