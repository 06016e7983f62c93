"""Immutable snapshots of a training run: what crosses from the training process to the GUI.

The training process (:mod:`nnsim.core.worker`) builds a :class:`Snapshot` from its
:class:`~nnsim.core.trainer.Trainer` (``Trainer.snapshot()``) and sends it, pickled, to
the GUI; views render the latest one. Every array in a snapshot is a private, read-only
copy, so a snapshot taken in the same process (a test's, a lesson's) stays as it was
while the trainer trains on.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


def frozen(a: np.ndarray) -> np.ndarray:
    """A read-only copy of ``a`` (the snapshot's own, never a view of live data)."""
    out = np.array(a, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class HistoryArrays:
    """Decimated training history, as arrays of equal length m.

    Attributes
    ----------
    step : (m,) int64
        Training step of each record.
    epoch : (m,) float64
        Epoch (fractional) of each record.
    train_loss, test_loss : (m,) float64
        Loss over the whole training / test set at that step.
    grad_norm : (m, L) float64
        L2 norm of dW for each of the L weight layers (layer 0 = first hidden layer).
    mean_abs_act : (m, L) float64
        Mean |activation| of each layer on the batch.
    dead_frac : (m, L) float64
        Fraction of relu-family units never active on the batch (NaN for other activations).
    sat_frac : (m, L) float64
        Fraction of sigmoid/tanh activations within 0.01 of their bounds (NaN for others).
    marks : (k,) int64
        Steps at which the architecture or data was edited (plots draw a marker there).
    """

    step: np.ndarray
    epoch: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    grad_norm: np.ndarray
    mean_abs_act: np.ndarray
    dead_frac: np.ndarray
    sat_frac: np.ndarray
    marks: np.ndarray

    def __len__(self) -> int:
        return int(self.step.shape[0])


#: The arrays of a :class:`HistoryArrays`, in field order.
HISTORY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(HistoryArrays))
#: Those holding one entry per record (``marks`` lists edit steps instead).
HISTORY_RECORD_FIELDS: tuple[str, ...] = tuple(n for n in HISTORY_FIELDS if n != "marks")


def same_values(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``a`` and ``b`` have the same shape and values, NaN matching NaN."""
    # NaN matching for floats only: isnan is undefined for some dtypes (object, text).
    return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Everything a view needs to draw one frame.

    Attributes
    ----------
    run_id : int
        Changes whenever the architecture, features or data are rebuilt: views rebuild
        their items when it changes and only update data otherwise.
    data_version : int
        Changes when the data set is regenerated (points need redrawing).
    step, epoch : int
        Training steps done, and complete epochs.
    task : str
        "classification" or "regression".
    n_classes : int
        2 for binary classification, k for k classes, 1 for regression.
    features : tuple[str, ...]
        Input feature names (registry keys).
    layer_sizes : tuple[int, ...]
        [n_inputs, hidden widths..., n_outputs].
    activations : tuple[str, ...]
        One per weight layer (hidden..., output).
    weights : tuple[np.ndarray, ...]
        W[i] of shape (layer_sizes[i], layer_sizes[i+1]).
    biases : tuple[np.ndarray, ...]
        b[i] of shape (layer_sizes[i+1],).
    train_loss, test_loss : float
        Loss on the whole training / test set.
    train_metric, test_metric : float
        Accuracy (0..1) for classification, R^2 for regression.
    learning_rate : float
        The learning rate in force.
    history : HistoryArrays
        Decimated curves for the loss and gradient plots.
    dims : int
        Raw input dimensions: 2 (plane) or 1 (1-D regression).
    extent : tuple[float, float, float, float]
        (xmin, xmax, ymin, ymax) of the grid in raw data coordinates (y unused when dims == 1).
    boundary : np.ndarray, float32
        dims == 2: (G, G) network output over the grid, indexed [iy, ix] (row = y, from ymin).
        Binary: probability of class 1 (or the output value for mse on tanh, in its range).
        Regression: predicted value. k classes: the probability of the winning class.
        dims == 1: (G,) predicted value along x.
    boundary_class : np.ndarray or None
        k classes only: (G, G) int8 winning class per grid cell.
    neuron_grids : tuple[np.ndarray, ...]
        One entry per column of the network drawing: entry 0 is the input features,
        then each hidden layer, then the output. Entry l has shape (n_units_l, T, T)
        (dims == 2) or (n_units_l, T) (dims == 1): each unit's activation over the
        input plane, float32, for the neuron thumbnails.
    x_train, y_train, x_test, y_test : np.ndarray
        Raw points (n, dims) and targets (n,): class index or real value.
    steps_per_second : float
        Measured training rate (filled in by the worker; 0 when idle).
    """

    run_id: int
    data_version: int
    step: int
    epoch: int
    task: str
    n_classes: int
    features: tuple[str, ...]
    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    train_loss: float
    test_loss: float
    train_metric: float
    test_metric: float
    learning_rate: float
    history: HistoryArrays
    dims: int
    extent: tuple[float, float, float, float]
    boundary: np.ndarray
    boundary_class: np.ndarray | None
    neuron_grids: tuple[np.ndarray, ...]
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    steps_per_second: float = 0.0

    @property
    def n_weight_layers(self) -> int:
        return len(self.weights)

    def __repr__(self) -> str:
        return (
            f"Snapshot(run={self.run_id}, step={self.step}, epoch={self.epoch}, "
            f"sizes={list(self.layer_sizes)}, train_loss={self.train_loss:.4g}, "
            f"test_loss={self.test_loss:.4g})"
        )
