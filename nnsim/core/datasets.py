"""Data sets: seeded generators in TF Playground's shapes, the train/test split, CSV import.

The generators reproduce TF Playground's ``dataset.ts`` (coordinates in -6..6, noise
0..0.5 as a fraction of the data's scale) and add moons, blobs (k classes) and two
1-D regression sets. Every generator draws the same random numbers whatever the noise
level, so moving the noise slider perturbs the same points instead of dealing new ones.

Class labels are 0..k-1; for the binary sets 0 is TF's orange (-1) and 1 its blue (+1).
Regression targets lie roughly within [-1, 1].

The limits and :class:`~nnsim.core.specs.CustomData` come from the leaf
:mod:`nnsim.core.specs`, so this module and :mod:`nnsim.core.experiment` (which imports
:data:`DATASETS` from here) do not import each other.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.specs import (
    MAX_CLASSES,
    MAX_CUSTOM_POINTS,
    MAX_DATA_VALUE,
    MIN_SAMPLES,
    CustomData,
    DataSpec,
)

__all__ = [
    "CUSTOM_LABEL",
    "DATASETS",
    "MAX_CSV_BYTES",
    "MAX_CSV_COLUMNS",
    "MAX_CSV_VALUE",
    "MAX_DATA_VALUE",
    "CSVError",
    "Dataset",
    "DatasetInfo",
    "TaskGuess",
    "format_sizes",
    "infer_task",
    "load_csv",
    "make_dataset",
    "parse_csv",
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


# --------------------------------------------------------------------------- CSV

MAX_CSV_BYTES = 20_000_000  # refuse bigger files before reading a byte of them
MAX_CSV_COLUMNS = 100
#: The CSV reader's name for :data:`MAX_DATA_VALUE` (the same object, not a second limit).
MAX_CSV_VALUE = MAX_DATA_VALUE
_MAX_LINE_CHARS = 65_536

# A plain decimal number as spreadsheets write it. Python's float() also takes "nan",
# "inf", "1_000" and non-ASCII digits, which a data file should not contain.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)
_NONFINITE_WORDS = {"nan", "inf", "infinity", "-inf", "+inf", "-infinity", "+infinity",
                    "-nan", "+nan", "#n/a", "n/a", "na", "null", "none"}


def format_sizes(*sizes: int) -> tuple[str, ...]:
    """File sizes for a message, each in B, MB or GB, that differ where the sizes differ.

    "it is 20.0 MB; ... at most 20.0 MB" told a lecturer nothing: a file one byte over a
    limit rounds to the limit. So digits are added (up to three decimals) until unequal
    sizes read differently, and if that is not enough every size is given in bytes
    ("20,000,001 bytes ... 20,000,000 bytes").

    Parameters
    ----------
    *sizes : int
        Sizes in bytes, e.g. a file's and the limit it exceeds.

    Returns
    -------
    tuple of str
        One text per size, in the same order (byte counts are translatable Messages).
    """

    def bytes_text(n: int) -> str:
        return QT_TRANSLATE_NOOP("Datasets", "{n:,} bytes").format(n=n)

    def text(n: int, decimals: int) -> str:
        if n >= 10**9:
            return f"{n / 1e9:.{decimals}f} GB"
        if n >= 10**6:
            return f"{n / 1e6:.{decimals}f} MB"
        return bytes_text(n)

    for decimals in (1, 2, 3):
        texts = tuple(text(int(n), decimals) for n in sizes)
        # Equal sizes give equal texts, so equal counts mean unequal sizes read unequal.
        if len(set(texts)) == len(set(sizes)):
            return texts
    return tuple(bytes_text(int(n)) for n in sizes)


@dataclass(frozen=True)
class TaskGuess:
    """What a target column is taken for when nobody says, and why.

    Attributes
    ----------
    task : str
        ``"classification"`` when every target is a whole number and there are at most
        ``MAX_CLASSES`` (8) distinct ones, else ``"regression"``.
    n_levels : int
        How many distinct values the column holds.
    whole : bool
        Whether every value is a whole number.
    note : str
        One sentence for the import preview saying how the column is read and why (a
        translatable Message), or "" when there is nothing to explain (fewer than two
        distinct values: the import refuses the column with its own message).
    """

    task: str
    n_levels: int
    whole: bool
    note: str


def infer_task(y: np.ndarray) -> TaskGuess:
    """Classification or regression for a target column, as :func:`load_csv` decides it.

    Parameters
    ----------
    y : ndarray, shape (n,)
        The target column's values (finite).

    Returns
    -------
    TaskGuess
        The task, and a note for the preview: a label column with 9 or 1,000 distinct
        whole numbers silently became regression, which a lecturer who meant classes
        must be told before training on it.
    """
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    levels = np.unique(y)
    whole = bool(np.all(y == np.round(y)))
    n = int(len(levels))
    task = "classification" if whole and n <= MAX_CLASSES else "regression"
    note = ""
    if n >= 2:
        if task == "classification":
            note = QT_TRANSLATE_NOOP(
                "Datasets",
                "The target column has {n} different whole numbers, so it is read as "
                "{n} classes. Choose “value” to predict it as a number instead.",
            ).format(n=n)
        elif whole:
            note = QT_TRANSLATE_NOOP(
                "Datasets",
                "The target column has {n:,} different whole numbers, more than the {max} "
                "classes nnsim can show, so it is treated as a value to predict "
                "(regression), not as class labels.",
            ).format(n=n, max=MAX_CLASSES)
        else:
            note = QT_TRANSLATE_NOOP(
                "Datasets",
                "The target column holds fractions, so it is treated as a value to "
                "predict (regression).",
            )
    return TaskGuess(task=task, n_levels=n, whole=whole, note=note)


class CSVError(ValueError):
    """A CSV file cannot be used as data.

    Attributes
    ----------
    row, column : int or None
        1-based position of the problem as a spreadsheet numbers it (row = line of the
        file, header included), or None when the problem is not in one place.
    reason : str
        What is wrong, in words (a translatable
        :class:`~nnsim.core.messages.Message` for every reason the core writes).
    message : str
        The whole message with the place, e.g. "row 3, column 2: ...", as a Message
        (``str(exc)`` is its English text).
    """

    def __init__(self, reason: str, row: int | None = None, column: int | None = None) -> None:
        self.row = row
        self.column = column
        self.reason = reason
        if row is not None and column is not None:
            message = QT_TRANSLATE_NOOP("Datasets", "row {row}, column {column}: {reason}").format(
                row=row, column=column, reason=reason
            )
        elif row is not None:
            message = QT_TRANSLATE_NOOP("Datasets", "row {row}: {reason}").format(
                row=row, reason=reason
            )
        elif column is not None:
            message = QT_TRANSLATE_NOOP("Datasets", "column {column}: {reason}").format(
                column=column, reason=reason
            )
        else:
            message = reason
        self.message: str = message
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.reason, self.row, self.column))


def _show_cell(cell: str) -> str:
    return repr(cell if len(cell) <= 24 else cell[:21] + "...")


def _read_cell(cell: str) -> tuple[float | None, str, str]:
    """(value, kind, problem) of a stripped cell.

    kind is "number" (value set, problem empty), "empty", "text", or "bad": something
    meant as a number that we cannot use (NaN, infinity, too large, a decimal comma).
    A first row is a header only if it has a "text" cell, so a first data row with a
    NaN in it is reported as such instead of silently becoming column names.
    """
    if not cell:
        return None, "empty", QT_TRANSLATE_NOOP(
            "Datasets", "the cell is empty (every cell must hold a number)"
        )
    if _NUMBER.fullmatch(cell):
        v = float(cell)
        if math.isfinite(v) and abs(v) <= MAX_DATA_VALUE:
            return v, "number", ""
        return None, "bad", QT_TRANSLATE_NOOP(
            "Datasets", "{cell} is too large (numbers must lie within ±{max:g}; rescale the data)"
        ).format(cell=_show_cell(cell), max=MAX_DATA_VALUE)
    if cell.lower() in _NONFINITE_WORDS:
        return None, "bad", QT_TRANSLATE_NOOP(
            "Datasets",
            "{cell} is not allowed: every cell must be a finite number "
            "(missing values, NaN and infinity cannot be trained on)",
        ).format(cell=_show_cell(cell))
    if _DECIMAL_COMMA.fullmatch(cell):
        return None, "bad", QT_TRANSLATE_NOOP(
            "Datasets", "{cell} is not a number (use a dot as the decimal separator)"
        ).format(cell=_show_cell(cell))
    return None, "text", QT_TRANSLATE_NOOP("Datasets", "{cell} is not a number").format(
        cell=_show_cell(cell)
    )


def _cell_value(cell: str, row: int, column: int) -> float:
    """The finite number in a cell, or a CSVError saying why not."""
    value, _, problem = _read_cell(cell)
    if value is None:
        raise CSVError(problem, row, column)
    return value


#: Delimiters a data file may use, in order of preference when several fit.
_DELIMITERS = (";", ",", "\t")
#: Non-blank lines looked at to choose the delimiter (a header and a few data rows).
_SNIFF_LINES = 8


def _unquoted_counts(line: str) -> dict[str, int]:
    """How often each of :data:`_DELIMITERS` occurs in ``line`` outside quoted cells.

    A quoted header such as ``"x; first",x2,label`` holds a ';' that separates nothing;
    counting it made a valid comma file look semicolon-separated. A doubled quote
    (``""``, an escaped quote inside a cell) toggles twice and so changes nothing.
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return counts


def _delimiter(text: str) -> str:
    """The delimiter of a CSV text: comma, semicolon or tab.

    Counted outside quotes in the first few non-blank lines. A delimiter that occurs
    the same (non-zero) number of times on each of them splits every row into the same
    columns, so it is the file's; when several do, ';' wins over ',' (a file from a
    locale with decimal commas, "1,5;2,5;0", must be read as semicolon-separated, so
    that a ragged decimal comma is reported as such) and ',' over tab. When none is
    consistent (a ragged file), the first line decides with the same preference, so
    the parser can name the ragged row instead of failing on the header.
    """
    lines: list[dict[str, int]] = []
    for line in io.StringIO(text, newline=""):
        if line.strip():
            lines.append(_unquoted_counts(line.rstrip("\r\n")))
            if len(lines) >= _SNIFF_LINES:
                break
    if not lines:
        return ","
    for delim in _DELIMITERS:
        first = lines[0][delim]
        if first and all(counts[delim] == first for counts in lines):
            return delim
    for delim in _DELIMITERS:
        if lines[0][delim]:
            return delim
    return ","


def _parse(
    text: str, max_rows: int
) -> tuple[list[str] | None, np.ndarray, list[int]]:
    """Header, values (n, m) and the file row of each value row. See :func:`parse_csv`."""
    if not isinstance(text, str):
        raise TypeError("parse_csv needs text (str)")
    if text.startswith("\ufeff"):
        text = text[1:]
    delim = _delimiter(text)
    first: list[str] | None = None
    header: list[str] | None = None
    first_row = 0
    ncols = 0
    values = array("d")
    rows: list[int] = []
    # Lines are read one at a time and bounded before the csv module splits them, so a
    # hostile file cannot make us build millions of cells; records never span lines
    # (a newline inside quotes is not data we can use anyway).
    for line_no, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line_no > 4 * max_rows + 10:
            raise CSVError(
                QT_TRANSLATE_NOOP(
                    "Datasets", "the file has too many lines (nnsim holds at most {max} points)"
                ).format(max=max_rows),
                line_no,
            )
        # Spaces (not tabs: they may be delimiters) after a closing quote are harmless.
        line = line.rstrip("\r\n").rstrip(" ")
        if len(line) > _MAX_LINE_CHARS:
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "the line is too long ({n} characters)").format(
                    n=len(line)
                ),
                line_no,
            )
        if line.count(delim) >= MAX_CSV_COLUMNS:
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "more than {max} columns").format(
                    max=MAX_CSV_COLUMNS
                ),
                line_no,
            )
        if line.count('"') % 2:
            quote = line.rfind('"')
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "a quote mark is not closed"),
                line_no,
                line.count(delim, 0, quote) + 1,
            )
        try:
            # Not strict: a space between a closing quote and the delimiter is common in
            # hand-edited files and harmless once the cell is stripped.
            cells = next(csv.reader([line], delimiter=delim, skipinitialspace=True), [])
        except csv.Error as exc:  # pragma: no cover - the checks above leave none we know of
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "the line cannot be split into cells ({error})")
                .format(error=exc),
                line_no,
            ) from None
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue  # blank line, or a row of empty cells a spreadsheet left behind
        if first is None:
            first, first_row, ncols = cells, line_no, len(cells)
            if any(_read_cell(c)[1] == "text" for c in cells):
                # A header: a row with real text in it; every later row must be numbers.
                header = [
                    c if c else QT_TRANSLATE_NOOP("Datasets", "column {j}").format(j=j)
                    for j, c in enumerate(cells, start=1)
                ]
                continue
        elif len(cells) != ncols:
            col = min(len(cells), ncols) + 1
            if len(cells) > ncols:
                reason = QT_TRANSLATE_NOOP(
                    "Datasets", "an extra cell: this row has {n} cells but row {first} has {ncols}"
                )
            else:
                reason = QT_TRANSLATE_NOOP(
                    "Datasets", "a missing cell: this row has {n} cells but row {first} has {ncols}"
                )
            raise CSVError(
                reason.format(n=len(cells), first=first_row, ncols=ncols), line_no, col
            )
        if len(rows) >= max_rows:
            raise CSVError(
                QT_TRANSLATE_NOOP(
                    "Datasets", "more than {max} data rows (nnsim holds at most that many)"
                ).format(max=max_rows),
                line_no,
            )
        values.extend(_cell_value(c, line_no, j) for j, c in enumerate(cells, start=1))
        rows.append(line_no)

    if first is None:
        raise CSVError(QT_TRANSLATE_NOOP("Datasets", "the file is empty (no rows with values)"))
    if not rows:
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets", "the file has a header (row {row}) but no rows of numbers"
            ).format(row=first_row)
        )
    table = np.frombuffer(values, dtype=np.float64).reshape(len(rows), ncols).copy()
    return header, table, rows


def parse_csv(text: str) -> tuple[list[str] | None, np.ndarray]:
    """Parse CSV text into a table of finite numbers.

    Parameters
    ----------
    text : str
        Comma-separated values; semicolon- or tab-separated files are accepted too
        (the delimiter is the one that splits the first lines alike, counted outside
        quotes, so a quoted header cell may hold any of them). Blank lines are
        skipped. The first row is a header if it has a text cell (then every later row
        must be all numbers).

    Returns
    -------
    header : list of str or None
        Column names (empty names become ``"column j"``), or None without a header.
    table : ndarray, shape (n_rows, n_columns), float64

    Raises
    ------
    CSVError
        Empty text, a text/NaN/inf/empty/too large cell, a ragged row, more than
        ``MAX_CUSTOM_POINTS`` rows or :data:`MAX_CSV_COLUMNS` columns. The message names
        the 1-based row and column.
    """
    header, table, _ = _parse(text, MAX_CUSTOM_POINTS)
    return header, table


def _read_text(path: str | os.PathLike[str]) -> str:
    """The file's text, refusing anything that is not a small regular UTF-8 file."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise CSVError(
            QT_TRANSLATE_NOOP("Datasets", "{file}: no such file").format(file=name)
        ) from None
    except OSError as exc:
        raise CSVError(
            QT_TRANSLATE_NOOP("Datasets", "{file}: cannot open it ({error})").format(
                file=name, error=exc.strerror or exc
            )
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise CSVError(
            QT_TRANSLATE_NOOP("Datasets", "{file} is a folder, not a CSV file").format(file=name)
        )
    if not stat.S_ISREG(st.st_mode):
        raise CSVError(
            QT_TRANSLATE_NOOP("Datasets", "{file} is not a regular file").format(file=name)
        )
    if st.st_size > MAX_CSV_BYTES:
        size, limit = format_sizes(st.st_size, MAX_CSV_BYTES)
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets", "{file} is {size}; data files may be at most {max}"
            ).format(file=name, size=size, max=limit)
        )
    try:
        with open(name, "rb") as fh:
            # Read one byte past the limit: the file may have grown since stat().
            data = fh.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise CSVError(
            QT_TRANSLATE_NOOP("Datasets", "{file}: cannot read it ({error})").format(
                file=name, error=exc.strerror or exc
            )
        ) from None
    if len(data) > MAX_CSV_BYTES:
        raise CSVError(
            QT_TRANSLATE_NOOP("Datasets", "{file} is larger than {max:.0f} MB").format(
                file=name, max=MAX_CSV_BYTES / 1e6
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # by hand: "utf-8-sig" would count error offsets after the BOM
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _encoding_error(data, exc.start) from None


def _encoding_error(data: bytes, pos: int) -> CSVError:
    """Where the first non-UTF-8 byte sits, as row and column of the table."""
    # Line breaks as the parser counts them: \n, \r\n or a lone \r.
    row = data.count(b"\n", 0, pos) + data.count(b"\r", 0, pos) - data.count(b"\r\n", 0, pos) + 1
    line_start = max(data.rfind(b"\n", 0, pos), data.rfind(b"\r", 0, pos)) + 1
    prefix = data[line_start:pos].decode("utf-8", errors="replace")
    delim = _delimiter(data.decode("utf-8", errors="replace"))
    column = prefix.count(delim) + 1
    return CSVError(
        QT_TRANSLATE_NOOP(
            "Datasets", "byte 0x{byte:02x} is not UTF-8 text (save the file as UTF-8 CSV)"
        ).format(byte=data[pos]),
        row,
        column,
    )


def load_csv(
    path: str | os.PathLike[str],
    x_columns: Sequence[int] | None = None,
    target_column: int = -1,
    task: str | None = None,
) -> CustomData:
    """Read a CSV file as custom data points.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV file of at most :data:`MAX_CSV_BYTES` bytes (checked before reading).
    x_columns : sequence of int, optional
        0-based indices (negative counts from the end) of the 1 or 2 input columns;
        default: every column except the target.
    target_column : int
        0-based index of the target column; default the last.
    task : {"classification", "regression"}, optional
        Default: classification if every target is a whole number and there are at most
        8 distinct ones, else regression (:func:`infer_task`, whose note the import
        preview shows). Class labels are renumbered 0..k-1 in sorted
        order (so TF-style -1/+1 become 0/1).

    Returns
    -------
    CustomData
        ``x`` (n, 1 or 2), ``y`` (n,), the task and the number of classes.

    Raises
    ------
    CSVError
        The file is missing, not a regular file, unreadable, too large, not UTF-8, or
        its content is not a usable table (see :func:`parse_csv`); too few rows; bad
        columns; or targets that do not fit the task. The message names the 1-based
        row and column where there is one.
    ValueError
        ``task`` is not one of the names above.
    """
    if task not in (None, "classification", "regression"):
        raise ValueError(f"task must be 'classification' or 'regression', got {task!r}")
    text = _read_text(path)
    header, table, rows = _parse(text, MAX_CUSTOM_POINTS)
    n, m = table.shape
    if m < 2:
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets", "the file has one column; it needs input columns and a target column"
            )
        )
    if n < MIN_SAMPLES:
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets", "the file has {n} data rows; at least {min} are needed"
            ).format(n=n, min=MIN_SAMPLES)
        )

    def resolve(index: int, target: bool) -> int:
        what = "target column" if target else "input column"
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise ValueError(f"{what} must be a column index, got {index!r}")
        if not -m <= index < m:
            if target:
                reason = QT_TRANSLATE_NOOP(
                    "Datasets", "there is no target column with index {index}: the file has {m} "
                    "columns"
                )
            else:
                reason = QT_TRANSLATE_NOOP(
                    "Datasets", "there is no input column with index {index}: the file has {m} "
                    "columns"
                )
            raise CSVError(reason.format(index=index, m=m))
        return int(index) % m

    t = resolve(target_column, True)
    if x_columns is None:
        xs = [j for j in range(m) if j != t]
    else:
        xs = [resolve(j, False) for j in x_columns]
    if t in xs:
        raise CSVError(
            QT_TRANSLATE_NOOP("Datasets", "the target column cannot also be an input"), None, t + 1
        )
    if len(set(xs)) != len(xs):
        raise CSVError(QT_TRANSLATE_NOOP("Datasets", "an input column is chosen twice"))
    if len(xs) not in (1, 2):
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets",
                "{n} input columns; nnsim plots 1 or 2 (choose which columns are inputs)",
            ).format(n=len(xs))
        )
    x = table[:, xs]
    y = table[:, t]

    whole = y == np.round(y)
    levels = np.unique(y)
    if task is None:
        # The same rule the import preview explains to the user (infer_task's note).
        task = infer_task(y).task
    if len(levels) < 2:
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets",
                "every target is {value:g}; a target column needs at least 2 different values",
            ).format(value=levels[0]),
            None,
            t + 1,
        )
    n_classes = 2
    if task == "classification":
        if not np.all(whole):
            i = int(np.argmin(whole))
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "class label {value:g} is not a whole number").format(
                    value=y[i]
                ),
                rows[i],
                t + 1,
            )
        if len(levels) > MAX_CLASSES:
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "{n} different class labels; at most {max}").format(
                    n=len(levels), max=MAX_CLASSES
                ),
                None,
                t + 1,
            )
        n_classes = len(levels)
        y = np.searchsorted(levels, y).astype(np.float64)
    return CustomData(x=x, y=y, task=task, n_classes=n_classes)
