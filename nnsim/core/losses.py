"""Loss functions: how wrong the output is, and dL/dz at the output layer.

Each :class:`Loss` works from the output layer's pre-activation ``z`` and activation
``a = f(z)``, both (n, k), against targets ``y`` (n, k): binary labels as a 0/1
column, k classes one-hot, regression values as a column.

* ``mse``: mean over samples *and* outputs of ``(a - y)^2``; any output activation
  but softmax (the chain rule goes through that activation's ``f'``).
* ``bce``: binary cross-entropy, from ``z`` so it never takes ``log(0)``:
  ``softplus(z) - y z`` per element, summed over outputs, mean over samples;
  dL/dz = (sigmoid(z) - y) / n. Sigmoid output only.
* ``softmax_ce``: ``-sum(y * log_softmax(z))`` per sample via log-sum-exp, mean over
  samples; dL/dz = (softmax(z) - y) / n. Softmax output only.

Every value is finite and never negative (not even by a rounding error) for ``|z|`` up
to 1e4 and beyond, so a log-scale loss plot always has something to draw.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from nnsim.core.activations import Activation
from nnsim.core.messages import QT_TRANSLATE_NOOP

__all__ = ["LOSSES", "BinaryCrossEntropy", "Loss", "MeanSquaredError", "SoftmaxCrossEntropy"]

Array = np.ndarray


@dataclass(frozen=True)
class Loss(ABC):
    """A loss function. Subclasses implement the maths; this class fixes the interface.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"bce"``.
    label : str
        Display name, a translatable :class:`~nnsim.core.messages.Message`: show it
        with ``nnsim.gui.i18n.localize``.
    formula : str
        Human-readable definition for one sample.
    """

    name: str
    label: str
    formula: str = ""

    @abstractmethod
    def accepts(self, output_activation: str) -> bool:
        """Whether this loss can sit on an output layer with that activation."""

    @abstractmethod
    def value(self, z: Array, a: Array, y: Array) -> float:
        """The loss, averaged over the n samples.

        Parameters
        ----------
        z, a : (n, k) arrays
            Output pre-activation and activation ``a = f(z)``.
        y : (n, k) array
            Targets.

        Returns
        -------
        float
            The mean loss (NaN when n is 0).
        """

    @abstractmethod
    def value_and_delta_into(
        self, z: Array, a: Array, y: Array, act: Activation, out: Array, tmp: Array
    ) -> float:
        """Fast path: the loss value, and dL/dz written into ``out``.

        Parameters
        ----------
        z, a, y : (n, k) arrays
            As for :meth:`value`.
        act : Activation
            The output activation (its derivative is chained for mse).
        out, tmp : (n, k) float64 arrays
            Receives dL/dz (including the 1/n); scratch space.

        Returns
        -------
        float
            The same number :meth:`value` returns.
        """

    def delta(self, z: Array, a: Array, y: Array, act: Activation) -> Array:
        """dL/dz at the output, (n, k), including the 1/n of the mean.

        Parameters
        ----------
        z, a, y : (n, k) arrays
            As for :meth:`value`.
        act : Activation
            The output activation.
        """
        z, a, y = _check(z, a, y)
        out = np.empty_like(z)
        self.value_and_delta_into(z, a, y, act, out, np.empty_like(z))
        return out


def _check(z: Array, a: Array, y: Array) -> tuple[Array, Array, Array]:
    z = np.asarray(z, dtype=np.float64)
    a = np.asarray(a, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if z.ndim != 2 or a.shape != z.shape or y.shape != z.shape:
        raise ValueError(
            f"z, a and y must all have the same (n, k) shape; got {z.shape}, {a.shape}, {y.shape}"
        )
    return z, a, y


@dataclass(frozen=True)
class MeanSquaredError(Loss):
    """Mean over samples and outputs of ``(a - y)^2``."""

    def accepts(self, output_activation: str) -> bool:
        return output_activation != "softmax"

    def value(self, z: Array, a: Array, y: Array) -> float:
        z, a, y = _check(z, a, y)
        if z.size == 0:
            return math.nan
        d = a - y
        return float(np.vdot(d, d)) / d.size

    def value_and_delta_into(
        self, z: Array, a: Array, y: Array, act: Activation, out: Array, tmp: Array
    ) -> float:
        np.subtract(a, y, out=out)
        size = out.size
        if size == 0:
            return math.nan
        # vdot(d, d) is a sum of squares: never negative, one BLAS call.
        v = float(np.vdot(out, out)) / size
        np.multiply(out, 2.0 / size, out=out)
        if act.backward_into is not None:
            act.backward_into(z, a, out, tmp)
        else:
            np.multiply(out, act.grad(z, a), out=out)
        return v


@dataclass(frozen=True)
class BinaryCrossEntropy(Loss):
    """``softplus(z) - y z`` per output, summed over outputs, mean over samples."""

    def accepts(self, output_activation: str) -> bool:
        return output_activation == "sigmoid"

    @staticmethod
    def _terms(z: Array, y: Array, t1: Array, t2: Array) -> Array:
        # softplus(z) - y z = log(e^{-y z} + e^{(1 - y) z}) = logaddexp(-y z, z - y z):
        # exact for any y, and for 0/1 labels both arguments are exact, so a confident
        # right answer gives its tiny loss (e.g. 4e-18 at z = 40) instead of a
        # cancellation to 0 or below.
        np.multiply(y, z, out=t1)
        np.subtract(z, t1, out=t2)
        np.negative(t1, out=t1)
        return np.logaddexp(t1, t2, out=t1)

    def value(self, z: Array, a: Array, y: Array) -> float:
        z, a, y = _check(z, a, y)
        n = z.shape[0]
        if n == 0:
            return math.nan
        t = self._terms(z, y, np.empty_like(z), np.empty_like(z))
        return float(np.add.reduce(t, axis=None)) / n

    def value_and_delta_into(
        self, z: Array, a: Array, y: Array, act: Activation, out: Array, tmp: Array
    ) -> float:
        n = z.shape[0]
        if n == 0:
            return math.nan
        v = float(np.add.reduce(self._terms(z, y, out, tmp), axis=None)) / n
        # d/dz (softplus(z) - y z) = sigmoid(z) - y, and a is sigmoid(z).
        np.subtract(a, y, out=out)
        np.multiply(out, 1.0 / n, out=out)
        return v


@dataclass(frozen=True)
class SoftmaxCrossEntropy(Loss):
    """``-sum_k y_k log softmax(z)_k`` per sample, mean over samples."""

    def accepts(self, output_activation: str) -> bool:
        return output_activation == "softmax"

    @staticmethod
    def _sum(z: Array, y: Array, t: Array) -> float:
        # -sum y log_softmax(z) = log(sum e^{z - m}) - y.(z - m) for one-hot (or any
        # sum-to-one) y. With m the row maximum, the first term is >= 0 (the sum holds
        # an exact 1) and y.(z - m) <= 0, so the total never cancels below 0.
        m = np.maximum.reduce(z, axis=1, keepdims=True)
        np.subtract(z, m, out=t)
        yz = float(np.vdot(y, t))
        np.exp(t, out=t)
        s = np.add.reduce(t, axis=1)
        np.log(s, out=s)
        return float(np.add.reduce(s, axis=None)) - yz

    def value(self, z: Array, a: Array, y: Array) -> float:
        z, a, y = _check(z, a, y)
        n = z.shape[0]
        if n == 0:
            return math.nan
        return self._sum(z, y, np.empty_like(z)) / n

    def value_and_delta_into(
        self, z: Array, a: Array, y: Array, act: Activation, out: Array, tmp: Array
    ) -> float:
        n = z.shape[0]
        if n == 0:
            return math.nan
        v = self._sum(z, y, tmp) / n
        np.subtract(a, y, out=out)
        np.multiply(out, 1.0 / n, out=out)
        return v


#: Losses by name, in the order the GUI lists them.
LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        MeanSquaredError(
            "mse", QT_TRANSLATE_NOOP("Losses", "Mean squared error"), "(a - y)²"
        ),
        BinaryCrossEntropy(
            "bce",
            QT_TRANSLATE_NOOP("Losses", "Binary cross-entropy"),
            "-y log a - (1 - y) log(1 - a)",
        ),
        SoftmaxCrossEntropy(
            "softmax_ce", QT_TRANSLATE_NOOP("Losses", "Softmax cross-entropy"), "-Σ_k y_k log a_k"
        ),
    )
}
