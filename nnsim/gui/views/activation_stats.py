"""The activation view's figures for one layer, computed without Qt.

How saturated a sigmoid/tanh layer is, how many units of a ReLU-family layer are
dead, the activation's largest and mean slope, and how many of those slopes
backpropagation multiplies on its way to the first layer (:func:`slope_factors`: the
hidden layers with the activation, and the output only when the loss goes through its
f′). The numbers come from the core's activation registry and the layer's
pre-activations on the training set; :class:`~nnsim.gui.views.activation_view.ActivationView`
draws and words them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnsim.core.activations import Activation
from nnsim.core.losses import LOSSES, MeanSquaredError

__all__ = [
    "SATURATION_MARGIN",
    "ActivationStats",
    "activation_stats",
    "output_slope_in_chain",
    "slope_factors",
]

#: Activation values this close to a bound count as saturated (as in the core's stats).
SATURATION_MARGIN = 0.01


@dataclass(frozen=True)
class ActivationStats:
    """What the activation view computed for one layer.

    Attributes
    ----------
    layer : int
        Weight layer (0 = first hidden layer).
    activation : str
        Registry name.
    max_grad : float
        Largest f′(z) on the plotted range (sigmoid: 0.25 at z = 0); NaN for softmax.
    z_at_max : float
        Where it is reached (the first such z).
    mean_grad : float
        Mean f′(z) over the layer's pre-activations on the training set (NaN for softmax).
    sat_frac : float
        Fraction of the layer's activation values within :data:`SATURATION_MARGIN` of
        the activation's bounds (NaN when it has none).
    dead_units : int
        Rectifier units whose output is <= 0 for every training sample (0 otherwise).
    dead_frac : float
        ``dead_units / n_units`` for rectifiers, NaN otherwise.
    n_units : int
        Neurons in the layer.
    n_same : int
        Weight layers of the network with this activation.
    n_factors : int
        How many f′ of this activation backprop multiplies on its way to the first
        layer (:func:`slope_factors`).
    """

    layer: int
    activation: str
    max_grad: float
    z_at_max: float
    mean_grad: float
    sat_frac: float
    dead_units: int
    dead_frac: float
    n_units: int
    n_same: int
    n_factors: int

    @property
    def bound(self) -> float:
        """At most how much the f′ of this activation shrink a gradient on its way back.

        ``max_grad ** n_factors``: ``n_factors`` is how many of them backprop multiplies
        (:func:`slope_factors`: the hidden layers with this activation, and the output
        only when the loss goes through its f′). NaN for softmax.
        """
        return self.max_grad**self.n_factors


def activation_stats(
    act: Activation,
    z: np.ndarray,
    a: np.ndarray,
    layer: int,
    n_same: int,
    n_factors: int,
    z_grid: np.ndarray,
    g: np.ndarray | None,
) -> ActivationStats:
    """Saturation, dead units and slopes of one layer.

    Parameters
    ----------
    act : Activation
    z, a : (n, units) arrays
        Pre-activations and activations of the layer on the training set.
    layer, n_same, n_factors : int
        See :class:`ActivationStats`.
    z_grid : (m,) array
        Where the curve is drawn (for the maximum slope).
    g : (m,) array or None
        f′ on ``z_grid``, as the view draws it (computed once for both); None for
        softmax, which has no slope curve.
    """
    n_units = int(z.shape[1])
    if g is not None:
        k = int(np.argmax(g))
        max_grad, z_at_max = float(g[k]), float(z_grid[k])
        mean_grad = float(np.mean(act.grad(z, a))) if z.size else math.nan
    else:
        max_grad = z_at_max = mean_grad = math.nan
    if act.bounds is not None and a.size:
        lo, hi = act.bounds
        near = (a <= lo + SATURATION_MARGIN) | (a >= hi - SATURATION_MARGIN)
        sat = float(np.mean(near))
    else:
        sat = math.nan
    if act.rectifier and z.shape[0]:
        dead_units = int(np.sum(np.max(a, axis=0) <= 0.0))
        dead = dead_units / n_units
    else:
        dead_units, dead = 0, math.nan
    return ActivationStats(
        layer,
        act.name,
        max_grad,
        z_at_max,
        mean_grad,
        sat,
        dead_units,
        dead,
        n_units,
        n_same,
        n_factors,
    )


def slope_factors(activations: tuple[str, ...] | list[str], name: str, loss: str) -> int:
    """How many f′ of activation ``name`` backprop multiplies on its way to layer 0.

    Every hidden layer's dL/dz is dL/da × f′(z). The output's is too with mean squared
    error, but binary and softmax cross-entropy give dL/dz = a − y directly: no f′ of
    the output at all.
    """
    acts = list(activations)
    hidden = sum(1 for a in acts[:-1] if a == name)
    output = 1 if acts and acts[-1] == name and output_slope_in_chain(loss) else 0
    return hidden + output


def output_slope_in_chain(loss: str) -> bool:
    """Whether the loss's dL/dz at the output goes through the output's f′ (MSE only)."""
    return isinstance(LOSSES.get(loss), MeanSquaredError)
