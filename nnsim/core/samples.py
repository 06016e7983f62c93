"""A run's data in the layouts the training loop and the evaluations read.

A :class:`~nnsim.core.datasets.Dataset` holds raw inputs and labels; training wants
feature rows, loss targets, the training and test sets stacked for one forward pass,
and a shuffled copy of the training set per epoch, all contiguous float64 buffers
built once per data set (and, for the features, once per feature choice).

Batch order
-----------
The batches of epoch ``e`` are consecutive slices of the training set permuted by
``default_rng([seed, BATCH_STREAM, e])``: a dedicated stream per epoch, so a run
resumed at any step visits exactly the batches a continuous run would.
"""

from __future__ import annotations

import numpy as np

from nnsim.core.datasets import Dataset
from nnsim.core.features import feature_matrix
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.snapshot import frozen

__all__ = ["BATCH_STREAM", "Samples"]

#: Stream id of the batch-order generators: ``default_rng([seed, BATCH_STREAM, epoch])``.
BATCH_STREAM = 1


class Samples:
    """The training and test sets of one data set, as the trainer reads them.

    Parameters
    ----------
    dataset : Dataset
        Must have at least one training sample.
    features : tuple of str
        The input features (names in :data:`~nnsim.core.features.FEATURES`).

    Attributes
    ----------
    dataset : Dataset
    y_train, y_test : (n_train, k) and (n_test, k) float64 arrays
        Loss targets (one-hot rows for k classes).
    x_train : (n_train, n_in) float64 array
        Feature rows of the training set.
    n_train : int
    x_all : (n_train + n_test, n_in) float64 array
        The training rows followed by the test rows. A new array whenever the
        features change (evaluation plans check it by identity).
    xs, ys : arrays shaped like ``x_train`` and ``y_train``
        The current epoch's shuffled copies (see :meth:`shuffle`), written in place.

    Raises
    ------
    ValueError
        The training set is empty (a translatable message).
    """

    def __init__(self, dataset: Dataset, features: tuple[str, ...]) -> None:
        if dataset.x_train.shape[0] == 0:
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "Trainer", "the training set is empty; use more samples or a larger split"
                )
            )
        ds = dataset
        self.dataset = ds
        self.y_train = np.ascontiguousarray(ds.targets(ds.y_train), dtype=np.float64)
        self.y_test = np.ascontiguousarray(ds.targets(ds.y_test), dtype=np.float64)
        self._frozen: tuple[np.ndarray, ...] | None = None
        self.set_features(features)

    def set_features(self, features: tuple[str, ...]) -> None:
        """Rebuild the feature rows for new input features (the shuffle must follow)."""
        ds = self.dataset
        xtr = np.ascontiguousarray(feature_matrix(ds.x_train, features), dtype=np.float64)
        xte = np.ascontiguousarray(feature_matrix(ds.x_test, features), dtype=np.float64)
        self.x_train = xtr
        self.n_train = xtr.shape[0]
        # Train and test stacked: one forward pass evaluates both sets.
        self.x_all = np.concatenate([xtr, xte])
        # Shuffled copies of the training set for the current epoch: batches are then
        # contiguous slices (views), not fancy-indexed gathers, on every step.
        self.xs = np.empty_like(xtr)
        self.ys = np.empty_like(self.y_train)

    def shuffle(self, seed: int, epoch: int) -> None:
        """Fill :attr:`xs` and :attr:`ys` with epoch ``epoch``'s order (see the module)."""
        perm = np.random.default_rng([seed, BATCH_STREAM, epoch]).permutation(self.n_train)
        np.take(self.x_train, perm, axis=0, out=self.xs)
        np.take(self.y_train, perm, axis=0, out=self.ys)

    def frozen(self) -> tuple[np.ndarray, ...]:
        """Read-only copies of the raw x_train, y_train, x_test, y_test, made once:
        snapshots share them, as nothing ever writes them."""
        if self._frozen is None:
            ds = self.dataset
            self._frozen = (
                frozen(ds.x_train), frozen(ds.y_train), frozen(ds.x_test), frozen(ds.y_test)
            )
        return self._frozen

    def __repr__(self) -> str:
        return (
            f"Samples(task={self.dataset.task!r}, train={self.n_train}, "
            f"test={self.y_test.shape[0]}, inputs={self.x_train.shape[1]})"
        )
