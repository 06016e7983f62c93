"""Weight initialisers: where a network starts before it has learnt anything.

Each :class:`Initializer` makes one layer's ``W`` (fan_in, fan_out) and ``b``
(fan_out,) from a generator it is handed. The :class:`~nnsim.core.network.Network`
hands layer ``i`` its own ``np.random.default_rng([seed, i])``, and resolves the
name ``"auto"`` to the layer activation's ``default_init``.

``"zeros"`` and ``"constant"`` exist to *show* the symmetry problem: every neuron of a
layer starts equal, receives the same gradient and so stays equal forever.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnsim.core.messages import QT_TRANSLATE_NOOP

__all__ = ["INITIALIZERS", "Initializer", "init_layer"]

Array = np.ndarray


@dataclass(frozen=True)
class Initializer:
    """One initialisation scheme.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"glorot"``.
    label : str
        Display name (a translatable Message: show it with ``localize``).
    description : str
        One line for tooltips (a translatable Message).
    fn : callable
        ``fn(fan_in, fan_out, rng, value) -> (W, b)`` with ``W`` (fan_in, fan_out) and
        ``b`` (fan_out,), new float64 arrays.
    """

    name: str
    label: str
    description: str
    fn: Callable[[int, int, np.random.Generator, float], tuple[Array, Array]]


def _glorot(fan_in: int, fan_out: int, rng: np.random.Generator, value: float):
    # Glorot & Bengio (2010): keeps the activation variance roughly constant through
    # sigmoid/tanh layers in both directions.
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)), np.zeros(fan_out)


def _he(fan_in: int, fan_out: int, rng: np.random.Generator, value: float):
    # He et al. (2015): ReLU zeroes half the signal, so the variance is doubled.
    return rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, fan_out)), np.zeros(fan_out)


def _zeros(fan_in: int, fan_out: int, rng: np.random.Generator, value: float):
    return np.zeros((fan_in, fan_out)), np.zeros(fan_out)


def _constant(fan_in: int, fan_out: int, rng: np.random.Generator, value: float):
    return np.full((fan_in, fan_out), float(value)), np.full(fan_out, float(value))


#: Initialisers by name, in the order the GUI lists them ("auto" is not one of them:
#: the network resolves it from the activation).
INITIALIZERS: dict[str, Initializer] = {
    i.name: i
    for i in (
        Initializer(
            "glorot",
            QT_TRANSLATE_NOOP("Initializers", "Glorot (Xavier) uniform"),
            QT_TRANSLATE_NOOP(
                "Initializers", "uniform in ±sqrt(6 / (fan_in + fan_out)); biases 0"
            ),
            _glorot,
        ),
        Initializer(
            "he",
            QT_TRANSLATE_NOOP("Initializers", "He normal"),
            QT_TRANSLATE_NOOP("Initializers", "normal with std sqrt(2 / fan_in); biases 0"),
            _he,
        ),
        Initializer(
            "zeros",
            QT_TRANSLATE_NOOP("Initializers", "Zeros"),
            QT_TRANSLATE_NOOP("Initializers", "every weight and bias 0 (all neurons stay equal)"),
            _zeros,
        ),
        Initializer(
            "constant",
            QT_TRANSLATE_NOOP("Initializers", "Constant"),
            QT_TRANSLATE_NOOP(
                "Initializers", "every weight and bias the same value (all neurons stay equal)"
            ),
            _constant,
        ),
    )
}


def init_layer(
    name: str, fan_in: int, fan_out: int, rng: np.random.Generator, value: float = 0.1
) -> tuple[Array, Array]:
    """Fresh parameters for one layer.

    Parameters
    ----------
    name : str
        A key of :data:`INITIALIZERS` (not ``"auto"``: resolve that first).
    fan_in, fan_out : int
        Inputs and neurons of the layer (both >= 1).
    rng : numpy.random.Generator
        Source of randomness (unused by zeros/constant).
    value : float
        The value of the ``"constant"`` initialiser.

    Returns
    -------
    W : (fan_in, fan_out) float64 array
    b : (fan_out,) float64 array
        Zeros, except for ``"constant"`` where it is ``value``.

    Raises
    ------
    KeyError
        Unknown initialiser name.
    ValueError
        A fan that is not a positive integer.
    """
    if name not in INITIALIZERS:
        raise KeyError(f"unknown initialiser {name!r}; known: {', '.join(INITIALIZERS)}")
    fan_in, fan_out = int(fan_in), int(fan_out)
    if fan_in < 1 or fan_out < 1:
        raise ValueError(f"a layer needs fan_in and fan_out >= 1, got {fan_in}, {fan_out}")
    W, b = INITIALIZERS[name].fn(fan_in, fan_out, rng, value)
    return np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64)
