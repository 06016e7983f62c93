"""Data sets: seeded generators in TF Playground's shapes and the train/test split.

CSV data is parsed in :mod:`nnsim.core.csv_data`.

The generators reproduce TF Playground's ``dataset.ts`` (coordinates in -6..6, noise
0..0.5 as a fraction of the data's scale) and add moons, blobs (k classes) and two
1-D regression sets. Every generator draws the same random numbers whatever the noise
level, so moving the noise slider perturbs the same points instead of dealing new ones.

Class labels are 0..k-1; for the binary sets 0 is TF's orange (-1) and 1 its blue (+1).
Regression targets lie roughly within [-1, 1].

:class:`~nnsim.core.specs.DataSpec` comes from the leaf :mod:`nnsim.core.specs`, so
this module and :mod:`nnsim.core.experiment` (which imports
:data:`DATASETS` from here) do not import each other.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.specs import DataSpec

__all__ = [
    "CUSTOM_LABEL",
    "DATASETS",
    "Dataset",
    "DatasetInfo",
    "make_dataset",
]

Generator = Callable[[int, float, np.random.Generator, int], tuple[np.ndarray, np.ndarray]]

# --------------------------------------------------------------------------- generators
#
# Each generator: (n, noise, rng, n_classes) -> X (n, dims) float64, y (n,) float64.
# Points come out grouped by class; make_dataset shuffles them before splitting.


def _halves(n: int) -> tuple[int, int]:
    """Sizes of the two classes of a binary set: they differ by at most one point."""
    return n - n // 2, n // 2


def _circle(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # dataset.ts classifyCircleData: radius 5; class 1 drawn at r < 2.5, class 0 at
    # 3.5 <= r <= 5. Noise moves the point the *label* is computed from, not the point
    # itself, so noisy circle data has clean rings with some wrong colours.
    radius = 5.0
    n_in, n_out = _halves(n)
    r = np.concatenate(
        [rng.uniform(0.0, radius * 0.5, n_in), rng.uniform(radius * 0.7, radius, n_out)]
    )
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    offset = rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(*(X + offset).T) < radius * 0.5).astype(np.float64)
    return X, y


def _xor(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # classifyXORData: uniform in -5..5, pushed 0.3 away from the axes; class 1 where
    # x1*x2 >= 0 (quadrants I and III). Noise, as for the circle, only flips labels.
    X = rng.uniform(-5.0, 5.0, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    offset = rng.uniform(-5.0, 5.0, (n, 2)) * noise
    P = X + offset
    y = (P[:, 0] * P[:, 1] >= 0).astype(np.float64)
    return X, y


def _gauss(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # classifyTwoGaussData: class 1 around (2, 2), class 0 around (-2, -2); the
    # variance grows linearly from 0.5 (noise 0) to 4 (noise 0.5).
    variance = 0.5 + 7.0 * noise
    n1, n0 = _halves(n)
    centres = np.concatenate([np.full((n1, 2), 2.0), np.full((n0, 2), -2.0)])
    X = centres + math.sqrt(variance) * rng.standard_normal((n, 2))
    y = np.concatenate([np.ones(n1), np.zeros(n0)])
    return X, y


def _spiral(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # classifySpiralData: two arms, 1.75 turns, radius growing to 5; class 1 starts at
    # angle 0, class 0 half a turn later. Noise is uniform +-noise on each coordinate.
    parts = []
    for m, delta in zip(_halves(n), (0.0, np.pi), strict=True):
        i = np.arange(m, dtype=np.float64)
        r = i / max(m, 1) * 5.0
        t = 1.75 * i / max(m, 1) * 2.0 * np.pi + delta
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    X = np.concatenate(parts) + rng.uniform(-1.0, 1.0, (n, 2)) * noise
    n1, n0 = _halves(n)
    y = np.concatenate([np.ones(n1), np.zeros(n0)])
    return X, y


def _moons(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # Two interleaving half circles (scikit-learn's make_moons), centred and scaled by
    # 3.5 so they span about -5.3..5.3 like the other sets. Class 1 is the upper moon.
    scale = 3.5
    n1, n0 = _halves(n)
    t = rng.uniform(0.0, np.pi, n)
    upper = np.column_stack([np.cos(t[:n1]), np.sin(t[:n1])])
    lower = np.column_stack([1.0 - np.cos(t[n1:]), 0.5 - np.sin(t[n1:])])
    X = (np.concatenate([upper, lower]) - [0.5, 0.25]) * scale
    # Gaussian jitter of std 2*noise: at 0.5 the moons overlap about as much as the
    # two Gaussians do at TF's maximum noise.
    X += rng.standard_normal((n, 2)) * (2.0 * noise)
    y = np.concatenate([np.ones(n1), np.zeros(n0)])
    return X, y


def _blobs(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # k Gaussian blobs with centres evenly spread on a ring of radius 4 (class 0 at the
    # top), spread like TF's two Gaussians: variance 0.5 at noise 0 up to 4 at 0.5.
    k = int(n_classes)
    if not 2 <= k <= 8:
        raise ValueError(f"blobs needs 2..8 classes, got {k}")
    counts = np.full(k, n // k)
    counts[: n % k] += 1
    labels = np.repeat(np.arange(k, dtype=np.float64), counts)
    angle = np.pi / 2 + 2.0 * np.pi * labels / k
    centres = 4.0 * np.column_stack([np.cos(angle), np.sin(angle)])
    variance = 0.5 + 7.0 * noise
    X = centres + math.sqrt(variance) * rng.standard_normal((n, 2))
    return X, labels


def _plane(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # regressPlane: target (x1 + x2) / 10 read at a noise-shifted point.
    X = rng.uniform(-6.0, 6.0, (n, 2))
    offset = rng.uniform(-6.0, 6.0, (n, 2)) * noise
    y = (X + offset).sum(axis=1) / 10.0
    return X, y


# regressGaussian's six bumps: (centre x, centre y, sign).
_BUMPS = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]],
    dtype=np.float64,
)


def _multi_gauss(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # regressGaussian: each bump contributes sign * max(0, 1 - distance / 2); the target
    # is the contribution largest in magnitude (the first one on ties, as in TF).
    X = rng.uniform(-6.0, 6.0, (n, 2))
    P = X + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    d = np.hypot(P[:, :1] - _BUMPS[:, 0], P[:, 1:] - _BUMPS[:, 1])  # (n, 6)
    values = _BUMPS[:, 2] * np.clip(1.0 - d / 2.0, 0.0, 1.0)
    y = values[np.arange(n), np.argmax(np.abs(values), axis=1)]
    return X, y


def _line(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # y = a x + b with the slope and intercept drawn from the data seed, bounded so
    # |y| <= 0.97 on -6..6. Noise is Gaussian on the target, std noise / 2 (at 0.5
    # about as much as TF's plane gets from its noisy inputs).
    a = rng.uniform(0.05, 0.12) * rng.choice([-1.0, 1.0])
    b = rng.uniform(-0.25, 0.25)
    x = rng.uniform(-6.0, 6.0, n)
    y = a * x + b + rng.standard_normal(n) * (0.5 * noise)
    return x[:, None], y


def _sine(n: int, noise: float, rng: np.random.Generator, n_classes: int):
    # y = sin(x) on -6..6 (almost two periods), Gaussian target noise as for the line.
    x = rng.uniform(-6.0, 6.0, n)
    y = np.sin(x) + rng.standard_normal(n) * (0.5 * noise)
    return x[:, None], y


@dataclass(frozen=True)
class DatasetInfo:
    """A built-in data set in the registry.

    Attributes
    ----------
    name : str
        Registry key and save-file name.
    label : str
        Human name for menus.
    task : str
        ``"classification"`` or ``"regression"``.
    dims : int
        Raw dimensions of a point: 2, or 1 for the 1-D regression sets.
    multiclass : bool
        True if the number of classes comes from ``DataSpec.n_classes`` (blobs).
    extent : tuple of float
        (low, high) coordinate range of the inputs, TF Playground's (-6, 6).
    generate : callable
        ``generate(n, noise, rng, n_classes) -> (X (n, dims), y (n,))``.
    """

    name: str
    label: str
    task: str
    dims: int
    multiclass: bool
    extent: tuple[float, float]
    generate: Generator


_C, _R = "classification", "regression"
_PLAY = (-6.0, 6.0)

DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo("circle", "Circle", _C, 2, False, _PLAY, _circle),
        DatasetInfo("xor", "Exclusive or", _C, 2, False, _PLAY, _xor),
        DatasetInfo("gauss", "Two Gaussians", _C, 2, False, _PLAY, _gauss),
        DatasetInfo("spiral", "Spiral", _C, 2, False, _PLAY, _spiral),
        DatasetInfo("moons", "Moons", _C, 2, False, _PLAY, _moons),
        DatasetInfo("blobs", "Blobs", _C, 2, True, _PLAY, _blobs),
        DatasetInfo("plane", "Plane", _R, 2, False, _PLAY, _plane),
        DatasetInfo("multi_gauss", "Multi Gaussian", _R, 2, False, _PLAY, _multi_gauss),
        DatasetInfo("line", "Line", _R, 1, False, _PLAY, _line),
        DatasetInfo("sine", "Sine", _R, 1, False, _PLAY, _sine),
    )
}

#: Display label of points drawn by hand or imported from CSV (``DataSpec.dataset ==
#: "custom"``, or an imported file's entry). The built-in sets' labels above are names
#: (Circle, Spiral, ...) and stay English; this one is translated.
CUSTOM_LABEL = QT_TRANSLATE_NOOP("Datasets", "Custom data")


# --------------------------------------------------------------------------- Dataset


def _readonly(a: np.ndarray, ndim: int) -> np.ndarray:
    out = np.array(a, dtype=np.float64, copy=True)
    if ndim == 2 and out.ndim == 1:
        out = out[:, None]
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class Dataset:
    """Training and test points, ready for the trainer.

    Attributes
    ----------
    x_train : ndarray, shape (n_train, dims)
    y_train : ndarray, shape (n_train,)
        Class index 0..k-1 (as float64) for classification, value for regression.
    x_test : ndarray, shape (n_test, dims)
    y_test : ndarray, shape (n_test,)
    task : str
        ``"classification"`` or ``"regression"``.
    n_classes : int
        Number of classes; 1 for regression.
    dims : int
        Raw dimensions of a point (1 or 2).
    extent : tuple of float
        (xmin, xmax, ymin, ymax) of the plot: (-6, 6, -6, 6) for generated 2-D sets;
        for 1-D sets x is the input and y the target.

    All arrays are read-only private copies.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: str
    n_classes: int
    dims: int
    extent: tuple[float, float, float, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "x_train", _readonly(self.x_train, 2))
        object.__setattr__(self, "x_test", _readonly(self.x_test, 2))
        object.__setattr__(self, "y_train", _readonly(self.y_train, 1))
        object.__setattr__(self, "y_test", _readonly(self.y_test, 1))
        object.__setattr__(self, "extent", tuple(float(v) for v in self.extent))

    @property
    def n_outputs(self) -> int:
        """Width of :meth:`targets`: k for k > 2 classes, else 1."""
        return self.n_classes if self.task == "classification" and self.n_classes > 2 else 1

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Labels as the loss wants them.

        Parameters
        ----------
        y : ndarray, shape (n,)
            ``y_train``, ``y_test`` or a subset of them.

        Returns
        -------
        ndarray, shape (n, k), float64
            Binary classification: (n, 1) of 0/1; k > 2 classes: one-hot (n, k);
            regression: the values as an (n, 1) column.
        """
        y = np.asarray(y, dtype=np.float64).reshape(-1)
        if self.n_outputs == 1:
            return y[:, None].copy()
        idx = y.astype(np.intp)
        if np.any(idx != y) or np.any(idx < 0) or np.any(idx >= self.n_classes):
            raise ValueError(f"class labels must be whole numbers 0..{self.n_classes - 1}")
        out = np.zeros((y.shape[0], self.n_classes), dtype=np.float64)
        out[np.arange(y.shape[0]), idx] = 1.0
        return out

    def __repr__(self) -> str:
        return (
            f"Dataset(task={self.task!r}, n_classes={self.n_classes}, dims={self.dims}, "
            f"n_train={self.x_train.shape[0]}, n_test={self.x_test.shape[0]}, "
            f"extent={self.extent})"
        )


def _span(values: np.ndarray, margin: float = 0.1) -> tuple[float, float]:
    """(low, high) of ``values`` widened by ``margin`` of the range on each side.

    Python floats, so a range near the float64 limit saturates to the limit instead of
    raising an overflow warning; a single value gets a unit-wide window around it.
    """
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = (hi * margin - lo * margin) or 1.0
    big = np.finfo(np.float64).max
    return max(lo - pad, -big), min(hi + pad, big)


def _split(
    X: np.ndarray, y: np.ndarray, train_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n = X.shape[0]
    order = rng.permutation(n)
    n_train = int(math.floor(n * float(train_fraction) + 0.5))
    if n >= 2:
        # Both sets must be non-empty: the test loss is always on screen.
        n_train = min(max(n_train, 1), n - 1)
    tr, te = order[:n_train], order[n_train:]
    return X[tr], y[tr], X[te], y[te]


def make_dataset(spec: DataSpec) -> Dataset:
    """Generate (or take the custom points of) a data set and split it.

    Parameters
    ----------
    spec : DataSpec
        ``dataset`` names an entry of :data:`DATASETS` or is ``"custom"`` (then
        ``spec.custom`` holds the points and ``n_samples``/``noise`` are ignored).

    Returns
    -------
    Dataset
        Deterministic for ``spec.seed``: the generator and the shuffle before the split
        use independent streams of it, so changing ``train_fraction`` moves the split
        point through the same shuffled order and changing the noise keeps the layout.

    Raises
    ------
    ValueError
        Unknown data set, missing custom points, or a value out of range.
    """
    gen_seq, split_seq = np.random.SeedSequence(int(spec.seed)).spawn(2)
    if not 0.0 < float(spec.train_fraction) < 1.0:
        raise ValueError(f"train_fraction must be between 0 and 1, got {spec.train_fraction}")
    if spec.dataset == "custom":
        custom = spec.custom
        if custom is None:
            raise ValueError("the 'custom' data set needs points (DataSpec.custom)")
        X, y = custom.x, custom.y
        if X.shape[0] < 2 or y.shape != (X.shape[0],):
            raise ValueError("custom data needs at least 2 points and one target per point")
        task = custom.task
        n_classes = custom.n_classes if task == "classification" else 1
        dims = custom.dims
        if dims == 2:
            extent = (*_span(X[:, 0]), *_span(X[:, 1]))
        else:
            extent = (*_span(X[:, 0]), *_span(y))
    else:
        info = DATASETS.get(spec.dataset)
        if info is None:
            raise ValueError(f"unknown data set {spec.dataset!r}; known: {', '.join(DATASETS)}")
        if not 0.0 <= float(spec.noise) <= 0.5:
            raise ValueError(f"noise must be within 0..0.5, got {spec.noise}")
        n = int(spec.n_samples)
        if n < 2:
            raise ValueError(f"at least 2 samples are needed, got {n}")
        X, y = info.generate(n, float(spec.noise), np.random.default_rng(gen_seq), spec.n_classes)
        task = info.task
        dims = info.dims
        if task == "regression":
            n_classes = 1
        else:
            n_classes = int(spec.n_classes) if info.multiclass else 2
        if dims == 2:
            extent = (*info.extent, *info.extent)
        else:
            extent = (*info.extent, *_span(y))
    x_tr, y_tr, x_te, y_te = _split(X, y, spec.train_fraction, np.random.default_rng(split_seq))
    return Dataset(x_tr, y_tr, x_te, y_te, task, n_classes, dims, extent)
