"""Input features: the transformed inputs a student can switch on."""

from __future__ import annotations

import numpy as np
import pytest

from nnsim.core.features import FEATURES, feature_matrix

X = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, -4.0]])


def test_registry_order_labels_and_dimensions() -> None:
    assert list(FEATURES) == ["x1", "x2", "x1_sq", "x2_sq", "x1x2", "sin_x1", "sin_x2"]
    assert [f.label for f in FEATURES.values()] == [
        "x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin(x₁)", "sin(x₂)"
    ]
    assert {n for n, f in FEATURES.items() if f.dims_required == 1} == {"x1", "x1_sq", "sin_x1"}
    assert all(f.name == n for n, f in FEATURES.items())


@pytest.mark.parametrize(
    "name, expected",
    [
        ("x1", X[:, 0]),
        ("x2", X[:, 1]),
        ("x1_sq", X[:, 0] ** 2),
        ("x2_sq", X[:, 1] ** 2),
        ("x1x2", X[:, 0] * X[:, 1]),
        ("sin_x1", np.sin(X[:, 0])),
        ("sin_x2", np.sin(X[:, 1])),
    ],
)
def test_each_feature(name: str, expected: np.ndarray) -> None:
    np.testing.assert_allclose(FEATURES[name].fn(X), expected, rtol=0, atol=0)
    np.testing.assert_allclose(feature_matrix(X, [name])[:, 0], expected, rtol=0, atol=0)


def test_matrix_columns_follow_the_requested_order() -> None:
    M = feature_matrix(X, ["x1x2", "x1", "sin_x2"])
    assert M.shape == (3, 3) and M.dtype == np.float64
    np.testing.assert_array_equal(M, np.column_stack([X[:, 0] * X[:, 1], X[:, 0], np.sin(X[:, 1])]))


def test_matrix_is_a_fresh_array() -> None:
    src = X.copy()
    M = feature_matrix(src, ["x1", "x2"])
    M[0, 0] = 42.0
    assert src[0, 0] == 1.0


def test_one_dimensional_points() -> None:
    x = np.array([0.0, 1.0, -2.0])
    M = feature_matrix(x, ["x1", "x1_sq", "sin_x1"])
    np.testing.assert_allclose(M, np.column_stack([x, x**2, np.sin(x)]))
    M = feature_matrix(x[:, None], ["x1"])
    assert M.shape == (3, 1)
    with pytest.raises(ValueError, match="x2"):
        feature_matrix(x[:, None], ["x1", "x2"])


def test_no_features_and_no_points() -> None:
    assert feature_matrix(X, []).shape == (3, 0)
    assert feature_matrix(np.empty((0, 2)), ["x1", "x1x2"]).shape == (0, 2)


def test_bad_input() -> None:
    with pytest.raises(KeyError, match="unknown feature 'x3'"):
        feature_matrix(X, ["x3"])
    with pytest.raises(ValueError, match="shape"):
        feature_matrix(np.zeros((2, 2, 2)), ["x1"])


def test_large_batch_matches_per_point_formulas() -> None:
    rng = np.random.default_rng(0)
    P = rng.uniform(-6, 6, (10_000, 2))
    M = feature_matrix(P, list(FEATURES))
    for k in (0, 4_321, 9_999):
        a, b = P[k]
        np.testing.assert_allclose(M[k], [a, b, a * a, b * b, a * b, np.sin(a), np.sin(b)])
