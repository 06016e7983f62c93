"""Input features: what the network sees of a raw data point.

TF Playground lets the student feed the network transformed inputs (x1², sin x1 ...)
instead of, or besides, the raw coordinates; with the right feature a linear model
separates the circle. Each :class:`Feature` maps raw points of shape (n, dims) to one
column of shape (n,). The registry is in the order the GUI lists the input nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["FEATURES", "Feature", "feature_matrix"]


@dataclass(frozen=True)
class Feature:
    """One input feature.

    Attributes
    ----------
    name : str
        Registry key and save-file name, e.g. ``"x1_sq"``.
    label : str
        What the GUI prints on the input node, e.g. ``"x₁²"``.
    fn : callable
        ``fn(X) -> column``: raw points (n, dims) to feature values (n,).
    dims_required : int
        Raw dimensions the feature reads (2 for anything using x₂), so 1-D data sets
        can offer only the features that make sense for them.
    """

    name: str
    label: str
    fn: Callable[[np.ndarray], np.ndarray]
    dims_required: int


def _x1(X: np.ndarray) -> np.ndarray:
    return X[:, 0]


def _x2(X: np.ndarray) -> np.ndarray:
    return X[:, 1]


def _x1_sq(X: np.ndarray) -> np.ndarray:
    return X[:, 0] * X[:, 0]


def _x2_sq(X: np.ndarray) -> np.ndarray:
    return X[:, 1] * X[:, 1]


def _x1x2(X: np.ndarray) -> np.ndarray:
    return X[:, 0] * X[:, 1]


def _sin_x1(X: np.ndarray) -> np.ndarray:
    return np.sin(X[:, 0])


def _sin_x2(X: np.ndarray) -> np.ndarray:
    return np.sin(X[:, 1])


FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature("x1", "x₁", _x1, 1),
        Feature("x2", "x₂", _x2, 2),
        Feature("x1_sq", "x₁²", _x1_sq, 1),
        Feature("x2_sq", "x₂²", _x2_sq, 2),
        Feature("x1x2", "x₁x₂", _x1x2, 2),
        Feature("sin_x1", "sin(x₁)", _sin_x1, 1),
        Feature("sin_x2", "sin(x₂)", _sin_x2, 2),
    )
}


def feature_matrix(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """The network's input matrix for raw points.

    Parameters
    ----------
    X : ndarray, shape (n, dims)
        Raw points; dims is 1 or 2. A 1-D array of shape (n,) is read as (n, 1).
    names : sequence of str
        Feature names from :data:`FEATURES`, in input-node order.

    Returns
    -------
    ndarray, shape (n, len(names)), float64
        Column j is feature ``names[j]`` of every point.

    Raises
    ------
    KeyError
        A name is not in :data:`FEATURES`.
    ValueError
        ``X`` is not 1-D/2-D, or a feature needs more dimensions than ``X`` has.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise ValueError(f"points must have shape (n, dims), got {X.shape}")
    out = np.empty((X.shape[0], len(names)), dtype=np.float64)
    for j, name in enumerate(names):
        feat = FEATURES.get(name)
        if feat is None:
            raise KeyError(f"unknown feature {name!r}; known: {', '.join(FEATURES)}")
        if feat.dims_required > X.shape[1]:
            raise ValueError(
                f"feature {name} needs {feat.dims_required}-D points, got {X.shape[1]}-D"
            )
        # One vectorised column per feature: at most 7 Python iterations, never per sample.
        out[:, j] = feat.fn(X)
    return out
