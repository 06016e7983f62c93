"""Hand-built :class:`~nnsim.core.snapshot.Snapshot` objects for view tests.

Views must be testable without training: this module computes a snapshot's fields
with a few lines of NumPy (its own forward pass, following the field docs in
``nnsim/core/snapshot.py``), so tests can pin the weights and know exactly what
every pixel should show.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnsim.core.features import feature_matrix
from nnsim.core.snapshot import HistoryArrays, Snapshot, frozen

_ACT = {
    "linear": lambda z: z,
    "tanh": np.tanh,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500))),
    "relu": lambda z: np.maximum(z, 0.0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
}


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _apply(name: str, z: np.ndarray) -> np.ndarray:
    return _softmax(z) if name == "softmax" else _ACT[name](z)


def grid_points(extent: Sequence[float], n: int, dims: int) -> np.ndarray:
    """Cell centres over ``extent``: (n*n, 2) row-major over [iy, ix], or (n, 1)."""
    xs = extent[0] + (np.arange(n) + 0.5) * ((extent[1] - extent[0]) / n)
    if dims == 1:
        return xs[:, None]
    ys = extent[2] + (np.arange(n) + 0.5) * ((extent[3] - extent[2]) / n)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def forward_all(
    X: np.ndarray, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], acts: Sequence[str]
) -> list[np.ndarray]:
    """Activations of every column: [X, hidden..., output], each (n, width)."""
    out = [X]
    for W, b, a in zip(weights, biases, acts, strict=True):
        out.append(_apply(a, out[-1] @ W + b))
    return out


def _data(
    task: str, n_classes: int, dims: int, rng: np.random.Generator, n: int
) -> tuple[np.ndarray, np.ndarray]:
    if dims == 1:
        x = rng.uniform(-6, 6, size=(n, 1))
        if task == "regression":
            return x, np.sin(x[:, 0]) * 0.8
        return x, (x[:, 0] > 0).astype(np.float64)
    if task == "regression":
        x = rng.uniform(-6, 6, size=(n, 2))
        return x, np.clip((x[:, 0] + x[:, 1]) / 12.0, -1, 1)
    if n_classes > 2:
        angles = 2 * np.pi * np.arange(n_classes) / n_classes
        centres = 3.5 * np.column_stack([np.cos(angles), np.sin(angles)])
        y = rng.integers(0, n_classes, size=n)
        return centres[y] + rng.normal(0, 0.8, size=(n, 2)), y.astype(np.float64)
    # Playground's circle: class 1 (blue) inside radius 2, class 0 (orange) on a ring.
    half = n // 2
    r = np.concatenate([rng.uniform(0, 2, half), rng.uniform(3.5, 5, n - half)])
    t = rng.uniform(0, 2 * np.pi, n)
    x = np.column_stack([r * np.cos(t), r * np.sin(t)])
    y = np.concatenate([np.ones(half), np.zeros(n - half)])
    return x, y


def make_snapshot(
    hidden: Sequence[int] = (4, 2),
    hidden_activation: str | Sequence[str] = "tanh",
    features: Sequence[str] = ("x1", "x2"),
    task: str = "classification",
    n_classes: int = 2,
    dims: int = 2,
    weights: Sequence[np.ndarray] | None = None,
    biases: Sequence[np.ndarray] | None = None,
    output_activation: str | None = None,
    seed: int = 0,
    run_id: int = 1,
    data_version: int = 1,
    step: int = 0,
    grid: int = 40,
    thumb: int = 20,
    n_points: int = 120,
    extent: tuple[float, float, float, float] = (-6.0, 6.0, -6.0, 6.0),
) -> Snapshot:
    """A consistent snapshot of a network, computed directly.

    Parameters
    ----------
    hidden : widths of the hidden layers.
    hidden_activation : one name for all hidden layers, or one per layer.
    features : input feature names (registry keys), in input order.
    task, n_classes, dims : what kind of data ("regression" implies n_classes 1).
    weights, biases : W[i] (fan_in, fan_out), b[i] (fan_out,); random (seeded) if None.
    output_activation : default sigmoid (binary), softmax (k classes), linear (regression).
    run_id, data_version, step : passed through; keep run_id to mimic a weight-only update.
    grid, thumb : cells per axis of ``boundary`` and of each ``neuron_grids`` entry.
    """
    if task == "regression":
        n_classes = 1
    n_out = n_classes if n_classes > 2 else 1
    sizes = [len(features), *hidden, n_out]
    if isinstance(hidden_activation, str):
        hidden_acts = [hidden_activation] * len(hidden)
    else:
        hidden_acts = list(hidden_activation)
    if output_activation is None:
        output_activation = (
            "linear" if task == "regression" else "softmax" if n_classes > 2 else "sigmoid"
        )
    acts = [*hidden_acts, output_activation]
    rng = np.random.default_rng(seed)
    if weights is None:
        weights = [
            rng.normal(0, 1.0 / np.sqrt(sizes[i]), size=(sizes[i], sizes[i + 1]))
            for i in range(len(sizes) - 1)
        ]
    if biases is None:
        biases = [np.zeros(sizes[i + 1]) for i in range(len(sizes) - 1)]
    weights = [np.asarray(w, dtype=np.float64) for w in weights]
    biases = [np.asarray(b, dtype=np.float64) for b in biases]

    ext = extent if dims == 2 else (extent[0], extent[1], -1.0, 1.0)
    out = forward_all(
        feature_matrix(grid_points(ext, grid, dims), features), weights, biases, acts
    )[-1]
    shape = (grid, grid) if dims == 2 else (grid,)
    boundary_class = None
    if out.shape[1] > 1:
        cls = out.argmax(axis=1)
        boundary = out[np.arange(out.shape[0]), cls].reshape(shape)
        boundary_class = frozen(cls.astype(np.int8).reshape(shape))
    else:
        boundary = out[:, 0].reshape(shape)

    tshape = (thumb, thumb) if dims == 2 else (thumb,)
    cols = forward_all(
        feature_matrix(grid_points(ext, thumb, dims), features), weights, biases, acts
    )
    neuron_grids = tuple(
        frozen(a.T.astype(np.float32).reshape((a.shape[1], *tshape))) for a in cols
    )

    x, y = _data(task, n_classes, dims, np.random.default_rng([seed, 7]), n_points)
    half = n_points // 2
    perm = np.random.default_rng([seed, 8]).permutation(n_points)
    tr, te = perm[:half], perm[half:]
    L = len(weights)
    e = np.zeros(0)
    history = HistoryArrays(
        step=np.zeros(0, np.int64),
        epoch=e,
        train_loss=e,
        test_loss=e,
        grad_norm=np.zeros((0, L)),
        mean_abs_act=np.zeros((0, L)),
        dead_frac=np.zeros((0, L)),
        sat_frac=np.zeros((0, L)),
        marks=np.zeros(0, np.int64),
    )
    return Snapshot(
        run_id=run_id,
        data_version=data_version,
        step=step,
        epoch=0,
        task=task,
        n_classes=n_classes,
        features=tuple(features),
        layer_sizes=tuple(sizes),
        activations=tuple(acts),
        weights=tuple(frozen(w) for w in weights),
        biases=tuple(frozen(b) for b in biases),
        train_loss=0.5,
        test_loss=0.5,
        train_metric=0.5,
        test_metric=0.5,
        learning_rate=0.03,
        history=history,
        dims=dims,
        extent=tuple(float(v) for v in ext),
        boundary=frozen(boundary.astype(np.float32)),
        boundary_class=boundary_class,
        neuron_grids=neuron_grids,
        x_train=frozen(x[tr]),
        y_train=frozen(y[tr]),
        x_test=frozen(x[te]),
        y_test=frozen(y[te]),
    )


def circle_snapshot(**kwargs) -> Snapshot:
    """A hand-solved circle: output = sigmoid(6 - (x1² + x2²) / 2) through one linear unit.

    Blue (class 1) inside radius ~3.5, orange outside: the centre of the output image
    is blue and the corners orange, as for a net trained on Playground's circle.
    """
    w = [np.array([[-0.5], [-0.5]]), np.array([[1.0]])]
    b = [np.array([6.0]), np.array([0.0])]
    kw = {
        "hidden": (1,),
        "hidden_activation": "linear",
        "features": ("x1_sq", "x2_sq"),
        "weights": w,
        "biases": b,
    }
    kw.update(kwargs)
    return make_snapshot(**kw)
