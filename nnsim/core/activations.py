"""Activation functions and their derivatives: the registry the GUI and the network share.

Each :class:`Activation` carries the plain functions a student reads (``fn``, ``grad``)
and two optional in-place kernels the :class:`~nnsim.core.network.Network` uses on its
preallocated buffers. ``fn`` is implemented *with* the kernel, so the public function and
the training fast path give bit-identical numbers.

All of them accept any array shape (softmax normalises along the last axis) and stay
finite without a floating-point warning for ``|z|`` up to 1e4 and beyond.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "LEAKY_SLOPE",
    "OUTPUT_ACTIVATIONS",
    "Activation",
    "BackwardInto",
    "ForwardInto",
    "activation_label",
    "backward_kernel",
    "forward_kernel",
    "get_activation",
]

#: Slope of leaky ReLU for z <= 0.
LEAKY_SLOPE = 0.01

Array = np.ndarray
ForwardInto = Callable[[Array, Array], Array]
BackwardInto = Callable[[Array, Array, Array, Array], None]


@dataclass(frozen=True)
class Activation:
    """One activation function ``a = f(z)``.

    Attributes
    ----------
    name : str
        Registry key and save-file name, e.g. ``"relu"``.
    label : str
        Display name, e.g. ``"ReLU"``.
    fn : callable
        ``fn(z) -> a``, element-wise (softmax: along the last axis); a new array of
        z's shape.
    grad : callable
        ``grad(z, a) -> f'(z)`` element-wise, given ``a = fn(z)`` so sigmoid and tanh
        reuse the output. Softmax has no element-wise derivative and raises
        ``ValueError`` (its loss computes dL/dz directly).
    bounds : tuple of float or None
        Range of a saturating function, ``(0, 1)`` for sigmoid, ``(-1, 1)`` for tanh
        (used for the saturation statistics); None otherwise.
    rectifier : bool
        True for the ReLU family (used for the dead-unit statistics).
    default_init : str
        Initialiser used when the network asks for ``"auto"``: ``"glorot"`` for
        sigmoid/tanh/linear/softmax, ``"he"`` for the ReLU family.
    formula : str
        Human-readable definition, e.g. ``"max(0, z)"``.
    forward_into : callable or None
        Fast path ``forward_into(z, out) -> a``: writes ``f(z)`` into ``out`` (same
        shape) and returns it, or returns ``z`` itself when ``f`` is the identity.
    backward_into : callable or None
        Fast path ``backward_into(z, a, d, tmp)``: multiplies ``d`` (dL/da, same shape
        as z) in place by ``f'(z)``, turning it into dL/dz. ``tmp`` is scratch space of
        the same shape. None for softmax.
    """

    name: str
    label: str
    fn: Callable[[Array], Array]
    grad: Callable[[Array, Array], Array]
    bounds: tuple[float, float] | None
    rectifier: bool
    default_init: str
    formula: str
    forward_into: ForwardInto | None = field(default=None, repr=False, compare=False)
    backward_into: BackwardInto | None = field(default=None, repr=False, compare=False)


def forward_kernel(act: Activation) -> ForwardInto:
    """``act``'s in-place forward kernel, or one built from its ``fn``.

    The network and the trainer's evaluation plans call this kernel on their
    preallocated buffers; an activation registered without one still works there,
    at the cost of a temporary array per call.
    """
    if act.forward_into is not None:
        return act.forward_into

    def kernel(z: Array, out: Array) -> Array:
        np.copyto(out, act.fn(z))
        return out

    return kernel


def backward_kernel(act: Activation) -> BackwardInto:
    """``act``'s in-place ``d *= f'(z)`` kernel, or one built from its ``grad``."""
    if act.backward_into is not None:
        return act.backward_into

    def kernel(z: Array, a: Array, d: Array, tmp: Array) -> None:
        np.multiply(d, act.grad(z, a), out=d)

    return kernel


def _from_kernel(forward_into: ForwardInto) -> Callable[[Array], Array]:
    """The public ``fn`` built on the in-place kernel (same numbers, fresh array)."""

    def fn(z: Array) -> Array:
        z = np.asarray(z, dtype=np.float64)
        out = np.empty_like(z)
        a = forward_into(z, out)
        return out if a is out else np.array(a, copy=True)

    return fn


def _const(v: float) -> Array:
    # 0-d arrays, not Python floats: NumPy 2 resolves a Python scalar operand on every
    # call, which costs about as much as the arithmetic on a playground-size layer.
    c = np.array(v, dtype=np.float64)
    c.setflags(write=False)
    return c


_ZERO = _const(0.0)
_ONE = _const(1.0)
_SLOPE = _const(LEAKY_SLOPE)
# exp(700) ~ 1e304 is finite; sigmoid(-700) ~ 1e-304 is indistinguishable from the
# true value for any purpose, and clipping there keeps exp from overflowing.
_EXP_LIMIT = _const(700.0)


# --------------------------------------------------------------------------- linear


def _linear_fwd(z: Array, out: Array) -> Array:
    # The identity: no copy on the hot path, the caller's buffer is the activation.
    return z


def _linear_bwd(z: Array, a: Array, d: Array, tmp: Array) -> None:
    return None


def _linear_grad(z: Array, a: Array) -> Array:
    return np.ones_like(np.asarray(z, dtype=np.float64))


# --------------------------------------------------------------------------- sigmoid


def _sigmoid_fwd(z: Array, out: Array) -> Array:
    # 1 / (1 + e^-z) with e^-z clipped at e^700: no overflow and no warning for any z
    # (z = 1e4 gives 1, z = -1e4 gives 1e-304), and full relative precision down to
    # z = -700 (unlike 0.5 + 0.5 tanh(z / 2), which loses it for negative z).
    np.negative(z, out=out)
    np.minimum(out, _EXP_LIMIT, out=out)
    np.exp(out, out=out)
    np.add(out, _ONE, out=out)
    return np.reciprocal(out, out=out)


def _sigmoid_bwd(z: Array, a: Array, d: Array, tmp: Array) -> None:
    np.subtract(_ONE, a, out=tmp)
    np.multiply(tmp, a, out=tmp)
    np.multiply(d, tmp, out=d)


def _sigmoid_grad(z: Array, a: Array) -> Array:
    return a * (1.0 - a)


# --------------------------------------------------------------------------- tanh


def _tanh_fwd(z: Array, out: Array) -> Array:
    return np.tanh(z, out=out)


def _tanh_bwd(z: Array, a: Array, d: Array, tmp: Array) -> None:
    np.multiply(a, a, out=tmp)
    np.subtract(_ONE, tmp, out=tmp)
    np.multiply(d, tmp, out=d)


def _tanh_grad(z: Array, a: Array) -> Array:
    return 1.0 - a * a


# --------------------------------------------------------------------------- relu


def _relu_fwd(z: Array, out: Array) -> Array:
    return np.maximum(z, _ZERO, out=out)


def _relu_bwd(z: Array, a: Array, d: Array, tmp: Array) -> None:
    # a = max(z, 0) >= 0, so sign(a) is exactly f'(z): 1 where z > 0, else 0 (f'(0) is
    # taken as 0, as in most frameworks). A float->float ufunc is much cheaper than
    # casting the boolean z > 0.
    np.sign(a, out=tmp)
    np.multiply(d, tmp, out=d)


def _relu_grad(z: Array, a: Array) -> Array:
    return (np.asarray(z) > 0.0).astype(np.float64)


# --------------------------------------------------------------------------- leaky relu


def _leaky_fwd(z: Array, out: Array) -> Array:
    # max(0.01 z, z) equals z for z > 0 and 0.01 z otherwise.
    np.multiply(z, _SLOPE, out=out)
    return np.maximum(z, out, out=out)


def _leaky_bwd(z: Array, a: Array, d: Array, tmp: Array) -> None:
    # a has the sign of z: max(sign(a), 0.01) is 1 for z > 0 and 0.01 for z <= 0.
    np.sign(a, out=tmp)
    np.maximum(tmp, _SLOPE, out=tmp)
    np.multiply(d, tmp, out=d)


def _leaky_grad(z: Array, a: Array) -> Array:
    return np.where(np.asarray(z) > 0.0, 1.0, LEAKY_SLOPE)


# --------------------------------------------------------------------------- softmax


def _softmax_fwd(z: Array, out: Array) -> Array:
    # Shift by the row maximum: exp never overflows and the largest term is exactly 1.
    m = np.maximum.reduce(z, axis=-1, keepdims=True)
    np.subtract(z, m, out=out)
    np.exp(out, out=out)
    s = np.add.reduce(out, axis=-1, keepdims=True)
    return np.divide(out, s, out=out)


def _softmax_grad(z: Array, a: Array) -> Array:
    raise ValueError(
        "softmax couples its outputs: its derivative is a Jacobian, not an element-wise "
        "f'(z). Use it with the softmax_ce loss, which computes dL/dz = softmax(z) - y "
        "directly."
    )


def _make(
    name: str,
    label: str,
    fwd: ForwardInto,
    bwd: BackwardInto | None,
    grad: Callable[[Array, Array], Array],
    bounds: tuple[float, float] | None,
    rectifier: bool,
    default_init: str,
    formula: str,
) -> Activation:
    return Activation(
        name=name,
        label=label,
        fn=_from_kernel(fwd),
        grad=grad,
        bounds=bounds,
        rectifier=rectifier,
        default_init=default_init,
        formula=formula,
        forward_into=fwd,
        backward_into=bwd,
    )


#: Activations for hidden layers and outputs, in the order the GUI lists them.
ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        _make("linear", "Linear", _linear_fwd, _linear_bwd, _linear_grad, None, False,
              "glorot", "z"),
        _make("sigmoid", "Sigmoid", _sigmoid_fwd, _sigmoid_bwd, _sigmoid_grad, (0.0, 1.0),
              False, "glorot", "1 / (1 + e^-z)"),
        _make("tanh", "Tanh", _tanh_fwd, _tanh_bwd, _tanh_grad, (-1.0, 1.0), False,
              "glorot", "(e^z - e^-z) / (e^z + e^-z)"),
        _make("relu", "ReLU", _relu_fwd, _relu_bwd, _relu_grad, None, True, "he",
              "max(0, z)"),
        _make("leaky_relu", "Leaky ReLU", _leaky_fwd, _leaky_bwd, _leaky_grad, None, True,
              "he", f"max({LEAKY_SLOPE:g}z, z)"),
    )
}

#: Output activations: all of :data:`ACTIVATIONS` plus softmax (only with softmax_ce).
OUTPUT_ACTIVATIONS: dict[str, Activation] = {
    **ACTIVATIONS,
    "softmax": _make("softmax", "Softmax", _softmax_fwd, None, _softmax_grad, None, False,
                     "glorot", "e^z_i / Σ_j e^z_j"),
}


def activation_label(name: str) -> str:
    """The caption of activation ``name`` (its registry label; unknown names as they are)."""
    act = OUTPUT_ACTIVATIONS.get(name)
    return act.label if act is not None else name


def get_activation(name: str) -> Activation:
    """The activation called ``name`` (hidden or output).

    Raises
    ------
    KeyError
        Unknown name; the message lists the known ones.
    """
    try:
        return OUTPUT_ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise KeyError(
            f"unknown activation {name!r}; known: {', '.join(OUTPUT_ACTIVATIONS)}"
        ) from None
