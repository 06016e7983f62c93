"""Why stacking linear layers buys nothing: consecutive affine maps compose into one.

The lecture's example in one dimension: f(x) = 2x + 1 then g(x) = -x + 1 gives
h(x) = g(f(x)) = -(2x + 1) + 1 = -2x, so h(10) = -20. In matrix form, a layer
``x -> x W1 + b1`` followed by a *linear* (identity-activation) layer
``-> (x W1 + b1) W2 + b2`` is the single layer ``x (W1 W2) + (b1 W2 + b2)``.

:func:`linear_runs` finds where a network has such runs, and :func:`collapse_network`
builds the equivalent, smaller network (same outputs up to rounding).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from nnsim.core.network import Network

__all__ = [
    "affine_formula",
    "collapse_layers",
    "collapse_network",
    "compose_affine",
    "linear_runs",
]

Array = np.ndarray


def compose_affine(maps: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Compose 1-D affine maps ``x -> a x + b``, applied in the given order.

    Parameters
    ----------
    maps : sequence of (a, b)
        ``maps[0]`` is applied first. An empty sequence is the identity.

    Returns
    -------
    (a, b) : tuple of float
        The single map equal to the composition, e.g. ``[(2, 1), (-1, 1)]``
        (f(x) = 2x + 1, then g(x) = -x + 1) gives ``(-2.0, 0.0)``: h(x) = -2x.
    """
    a_tot, b_tot = 1.0, 0.0
    for a, b in maps:
        # g(f(x)) = a (a_tot x + b_tot) + b
        a_tot, b_tot = float(a) * a_tot, float(a) * b_tot + float(b)
    return a_tot, b_tot


def _number(v: float) -> str:
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.6g}"


def affine_formula(a: float, b: float, var: str = "x") -> str:
    """The map ``x -> a x + b`` as a student writes it.

    Examples: ``(-2, 0)`` -> ``"-2x"``, ``(2, 1)`` -> ``"2x + 1"``, ``(1, -3)`` ->
    ``"x - 3"``, ``(0, 5)`` -> ``"5"``, ``(0.5, 0.25)`` -> ``"0.5x + 0.25"``.
    Numbers are shown with up to 6 significant digits.
    """
    a, b = float(a), float(b)
    if not (math.isfinite(a) and math.isfinite(b)):
        return f"{a:g}{var} + {b:g}"
    a_txt = _number(a)
    b_txt = _number(abs(b))
    if a_txt in ("0", "-0"):
        return _number(b) if b_txt != "0" else "0"
    if a_txt == "1":
        term = var
    elif a_txt == "-1":
        term = f"-{var}"
    else:
        term = f"{a_txt}{var}"
    if b_txt == "0":
        return term
    return f"{term} {'-' if b < 0 else '+'} {b_txt}"


def collapse_layers(weights: Sequence[Array], biases: Sequence[Array]) -> tuple[Array, Array]:
    """Compose consecutive affine layers into one, ignoring any activation.

    Parameters
    ----------
    weights : sequence of (fan_in_i, fan_out_i) arrays
        ``W_1, W_2, ...`` with ``fan_out_i == fan_in_{i+1}`` (at least one).
    biases : sequence of (fan_out_i,) arrays

    Returns
    -------
    W_eff : (fan_in_1, fan_out_last) array
        ``W_1 W_2 ... W_m``.
    b_eff : (fan_out_last,) array
        ``(...((b_1 W_2 + b_2) W_3 + b_3)...) W_m + b_m``, so that
        ``x W_eff + b_eff`` equals applying the layers one after another.
    """
    if len(weights) != len(biases) or not weights:
        raise ValueError("collapse_layers needs one bias per weight matrix, at least one layer")
    W_eff = np.array(weights[0], dtype=np.float64)
    b_eff = np.array(biases[0], dtype=np.float64)
    if W_eff.ndim != 2 or b_eff.shape != (W_eff.shape[1],):
        raise ValueError(f"layer 0: W {W_eff.shape} and b {b_eff.shape} do not fit")
    for i in range(1, len(weights)):
        W = np.asarray(weights[i], dtype=np.float64)
        b = np.asarray(biases[i], dtype=np.float64)
        if W.ndim != 2 or W.shape[0] != W_eff.shape[1] or b.shape != (W.shape[1],):
            raise ValueError(
                f"layer {i}: W {W.shape} and b {b.shape} do not follow a layer with "
                f"{W_eff.shape[1]} outputs"
            )
        W_eff = W_eff @ W
        b_eff = b_eff @ W + b
    return W_eff, b_eff


def linear_runs(activations: Sequence[str]) -> list[tuple[int, int]]:
    """Where consecutive weight layers can be merged into one.

    Parameters
    ----------
    activations : sequence of str
        One activation per weight layer (hidden layers, then the output).

    Returns
    -------
    list of (start, stop)
        Maximal half-open runs of weight layers in which layers ``start .. stop-2``
        are ``"linear"`` (at least one) and layer ``stop-1`` is the layer right after
        them, with any activation. Each run equals ONE layer with layer ``stop-1``'s
        activation. E.g. ``["tanh", "linear", "linear", "tanh"]`` -> ``[(1, 4)]``.
    """
    acts = list(activations)
    L = len(acts)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < L:
        if acts[i] != "linear":
            i += 1
            continue
        j = i
        while j < L and acts[j] == "linear":
            j += 1
        # Layers i .. j-1 are linear; j is the first layer after them, if any.
        if j < L:
            runs.append((i, j + 1))
            i = j + 1
        else:
            # Linear to the end: the last layer is the "layer after" the others.
            if j - i >= 2:
                runs.append((i, L))
            i = L
    return runs


def collapse_network(net: Network, start: int, stop: int) -> Network:
    """An equivalent network with weight layers ``start .. stop-1`` merged into one.

    Parameters
    ----------
    net : Network
        Left unchanged.
    start, stop : int
        A run as :func:`linear_runs` describes (any sub-run works): layers
        ``start .. stop-2`` must be linear and ``stop - start >= 2``.

    Returns
    -------
    Network
        Its layer sizes drop the hidden sizes inside the run; the merged layer has
        layer ``stop-1``'s activation and the parameters of :func:`collapse_layers`.
        Its outputs equal ``net``'s up to rounding (~1e-12 relative).

    Raises
    ------
    ValueError
        The range is not a run of linear layers followed by one more layer.
    """
    L = net.n_layers
    start, stop = int(start), int(stop)
    if not (0 <= start and stop <= L and stop - start >= 2):
        raise ValueError(
            f"({start}, {stop}) is not a run of at least two of the {L} weight layers"
        )
    inner = net.activations[start : stop - 1]
    if any(a != "linear" for a in inner):
        raise ValueError(
            f"layers {start}..{stop - 2} must all be linear to merge them, got {inner}"
        )
    sizes = net.layer_sizes[: start + 1] + net.layer_sizes[stop:]
    acts = net.activations[:start] + net.activations[stop - 1 :]
    inits = net.inits[:start] + net.inits[stop - 1 :]
    W_eff, b_eff = collapse_layers(net.weights[start:stop], net.biases[start:stop])
    out = Network(sizes, acts, seed=net.seed, init=inits, init_value=net.init_value)
    out.set_weights(
        [*net.weights[:start], W_eff, *net.weights[stop:]],
        [*net.biases[:start], b_eff, *net.biases[stop:]],
    )
    return out
