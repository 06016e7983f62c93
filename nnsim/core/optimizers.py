"""Optimizers: how a gradient becomes a change of the weights.

Each optimizer updates the network's ONE flat parameter buffer in place with a few
whole-buffer NumPy operations (no loop over layers or weights), using scratch and
state buffers allocated once for the buffer's size. The learning rate is an argument
of every :meth:`Optimizer.step`, so changing it while training takes effect at once.

Update rules (g = gradient, lr = learning rate, t = step number from 1):

* ``sgd``: ``p <- p - lr g``
* ``momentum`` (heavy ball, PyTorch's form): ``v <- beta v + g``; ``p <- p - lr v``
* ``adam`` (Kingma & Ba, PyTorch's form): ``m <- b1 m + (1 - b1) g``;
  ``v <- b2 v + (1 - b2) g^2``; ``p <- p - (lr / (1 - b1^t)) m / (sqrt(v / (1 - b2^t)) + eps)``
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np

from nnsim.core.messages import QT_TRANSLATE_NOOP

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adam",
    "Momentum",
    "Optimizer",
    "make_optimizer",
    "regularization_rates",
]

Array = np.ndarray


class Optimizer(ABC):
    """Base class: an in-place update of a flat float64 parameter buffer.

    Parameters
    ----------
    size : int
        Length of the parameter buffer the optimizer will update.
    momentum : float
        The momentum coefficient (beta, or Adam's beta1); ignored by sgd.

    Attributes
    ----------
    name : str
        Registry key and save-file name (class attribute).
    label : str
        Display name (class attribute): ``OPTIMIZERS[name].label``. SGD and Adam are
        names; "Momentum" is a translatable Message (show it with ``localize``).
    """

    name = ""
    label: str = ""

    def __init__(self, size: int, momentum: float = 0.9) -> None:
        size = int(size)
        if size < 0:
            raise ValueError(f"the parameter buffer size must be >= 0, got {size}")
        momentum = float(momentum)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.size = size
        self.momentum = momentum
        # Scratch for lr * update, so a step allocates nothing.
        self._tmp = np.zeros(size)

    @abstractmethod
    def step(self, params: Array, grad: Array, lr: float) -> None:
        """Update ``params`` in place.

        Parameters
        ----------
        params : (size,) float64 array
            The flat parameter buffer (updated in place).
        grad : (size,) float64 array
            dL/dparams, same layout (left unchanged).
        lr : float
            Learning rate.
        """

    @abstractmethod
    def reset(self) -> None:
        """Forget the accumulated state (velocities, moments, step count)."""

    def _check(self, params: Array, grad: Array) -> None:
        if params.shape != (self.size,) or grad.shape != (self.size,):
            raise ValueError(
                f"{self.name} was made for {self.size} parameters; got params "
                f"{params.shape} and grad {grad.shape}"
            )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(size={self.size}, momentum={self.momentum})"


class SGD(Optimizer):
    """Plain gradient descent: ``p <- p - lr g``."""

    name = "sgd"
    label = "SGD"

    def step(self, params: Array, grad: Array, lr: float) -> None:
        if params.shape[0] != self.size:
            self._check(params, grad)
        tmp = self._tmp
        np.multiply(grad, lr, out=tmp)
        np.subtract(params, tmp, out=params)

    def reset(self) -> None:
        # Plain gradient descent remembers nothing between steps.
        return None

    def __repr__(self) -> str:
        return f"SGD(size={self.size})"


class Momentum(Optimizer):
    """Heavy-ball momentum: ``v <- beta v + g``; ``p <- p - lr v``.

    The velocity is kept in gradient units (PyTorch's convention), so a learning-rate
    change applies to the whole step at once.
    """

    name = "momentum"
    label = QT_TRANSLATE_NOOP("Optimizers", "Momentum")

    def __init__(self, size: int, momentum: float = 0.9) -> None:
        super().__init__(size, momentum)
        self.velocity = np.zeros(self.size)

    def step(self, params: Array, grad: Array, lr: float) -> None:
        if params.shape[0] != self.size:
            self._check(params, grad)
        v, tmp = self.velocity, self._tmp
        np.multiply(v, self.momentum, out=v)
        np.add(v, grad, out=v)
        np.multiply(v, lr, out=tmp)
        np.subtract(params, tmp, out=params)

    def reset(self) -> None:
        self.velocity.fill(0.0)


class Adam(Optimizer):
    """Adam with bias correction; ``beta1 = momentum``, ``beta2 = 0.999``, ``eps = 1e-8``."""

    name = "adam"
    label = "Adam"

    def __init__(
        self, size: int, momentum: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(size, momentum)
        self.beta2 = float(beta2)
        self.eps = float(eps)
        self.m = np.zeros(self.size)
        self.v = np.zeros(self.size)
        self.t = 0

    def step(self, params: Array, grad: Array, lr: float) -> None:
        if params.shape[0] != self.size:
            self._check(params, grad)
        b1, b2 = self.momentum, self.beta2
        m, v, tmp = self.m, self.v, self._tmp
        self.t += 1
        t = self.t
        # m += (1 - b1) (g - m) is b1 m + (1 - b1) g without a second scratch buffer.
        np.subtract(grad, m, out=tmp)
        np.multiply(tmp, 1.0 - b1, out=tmp)
        np.add(m, tmp, out=m)
        np.multiply(grad, grad, out=tmp)
        np.subtract(tmp, v, out=tmp)
        np.multiply(tmp, 1.0 - b2, out=tmp)
        np.add(v, tmp, out=v)
        # denom = sqrt(v) / sqrt(1 - b2^t) + eps ; p -= lr / (1 - b1^t) * m / denom
        np.sqrt(v, out=tmp)
        np.multiply(tmp, 1.0 / math.sqrt(1.0 - b2**t), out=tmp)
        np.add(tmp, self.eps, out=tmp)
        np.divide(m, tmp, out=tmp)
        np.multiply(tmp, lr / (1.0 - b1**t), out=tmp)
        np.subtract(params, tmp, out=params)

    def reset(self) -> None:
        self.m.fill(0.0)
        self.v.fill(0.0)
        self.t = 0

    def __repr__(self) -> str:
        return (
            f"Adam(size={self.size}, beta1={self.momentum}, beta2={self.beta2}, "
            f"eps={self.eps}, t={self.t})"
        )


#: Optimizer factories ``factory(size, momentum) -> Optimizer``, in GUI order.
OPTIMIZERS: dict[str, Callable[[int, float], Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "adam": Adam,
}


def make_optimizer(name: str, size: int, momentum: float = 0.9) -> Optimizer:
    """A fresh optimizer for a parameter buffer of ``size`` values.

    Raises
    ------
    KeyError
        Unknown optimizer name (the message lists the known ones).
    ValueError
        Negative size or a momentum outside [0, 1).
    """
    try:
        factory = OPTIMIZERS[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown optimizer {name!r}; known: {', '.join(OPTIMIZERS)}") from None
    return factory(size, momentum)


def regularization_rates(kind: str, rate: float) -> tuple[float, float]:
    """The ``(l1, l2)`` coefficients of a regularisation setting.

    The experiment names one kind (``"none"``, ``"l1"`` or ``"l2"``) and one rate;
    the gradient computation takes both coefficients, the one not chosen being 0.

    Parameters
    ----------
    kind : str
        ``Hyper.regularization``.
    rate : float
        ``Hyper.reg_rate``.

    Returns
    -------
    (float, float)
        ``(rate, 0)`` for L1, ``(0, rate)`` for L2, ``(0, 0)`` otherwise.
    """
    if kind == "l1":
        return float(rate), 0.0
    if kind == "l2":
        return 0.0, float(rate)
    return 0.0, 0.0
