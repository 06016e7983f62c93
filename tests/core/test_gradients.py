"""Backpropagation is proven, not trusted: analytic gradients against finite differences.

Every hidden activation x every valid (loss, output activation) head x 0..6 hidden
layers of random widths 1..5, each without, with L1 and with L2 regularisation. The
numeric gradient differentiates a *reference* loss written here from the textbook
formulas (not the library's), so the same test also checks the loss values.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.losses import LOSSES
from nnsim.core.network import Network

HIDDEN = list(ACTIVATIONS)
# (loss, output activation): mse with every non-softmax output, bce on sigmoid,
# softmax_ce on softmax.
HEADS = [("mse", name) for name in ACTIVATIONS] + [("bce", "sigmoid"), ("softmax_ce", "softmax")]
DEPTHS = range(7)
EPS = 1e-6
RTOL = 1e-6
# Gradient components below ~1e-6 are compared in absolute terms.
ATOL = 1e-12
KINK_MARGIN = 1e-3


# ----------------------------------------------------------------------- reference
#
# Central differences in float64 lose about 1e-15 / EPS ~ 1e-9 to rounding, more than
# rtol 1e-6 allows on the small gradients of deep sigmoid stacks. The reference loss is
# therefore evaluated in extended precision (x86's 80-bit long double: rounding noise
# ~1e-13) at the very same float64 parameters. Where long double is plain double, a
# fourth-order stencil with a larger step keeps the noise down instead (also tested
# here, below, so both paths are known to work).

EXTENDED = np.finfo(np.longdouble).eps < 1e-17


def ref_act(name: str, z: np.ndarray) -> np.ndarray:
    """Textbook activations (fine for the moderate z of these tests)."""
    if name == "linear":
        return z
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0 * z)
    if name == "leaky_relu":
        return np.where(z > 0, z, z / 100)
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise AssertionError(name)


def ref_loss(name: str, a: np.ndarray, y: np.ndarray):
    n = a.shape[0]
    if name == "mse":
        return np.mean((a - y) ** 2)
    if name == "bce":
        return -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / n
    if name == "softmax_ce":
        return -np.sum(y * np.log(a)) / n
    raise AssertionError(name)


def unflatten(net: Network, params: np.ndarray) -> tuple[list, list]:
    """W and b from a flat vector laid out as the contract says: all W, then all b."""
    Ws, bs, off = [], [], 0
    for W in net.weights:
        Ws.append(params[off : off + W.size].reshape(W.shape))
        off += W.size
    for b in net.biases:
        bs.append(params[off : off + b.size])
        off += b.size
    assert off == params.size
    return Ws, bs


def ref_total(net: Network, params: np.ndarray, X, Y, loss: str, l1: float, l2: float):
    """The regularised loss of ``net``'s architecture at the flat parameter vector,
    computed in the dtype of ``params``."""
    Ws, bs = unflatten(net, params)
    h = X.astype(params.dtype)
    for W, b, act in zip(Ws, bs, net.activations, strict=True):
        h = ref_act(act, h @ W + b)
    penalty = sum(l1 * np.abs(W).sum() + l2 / 2 * (W**2).sum() for W in Ws)
    return ref_loss(loss, h, Y.astype(params.dtype)) + penalty


def numeric_grad(net, X, Y, loss, l1, l2, extended: bool = EXTENDED) -> np.ndarray:
    """dL/dparams by central differences (see the note above)."""
    if extended:
        p0 = net.params.astype(np.longdouble)
        steps = [(EPS, 1.0)]
        denom = 2 * EPS
    else:
        p0 = net.params.copy()
        h = 1e-4
        # f' ~ (8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h, error O(h^4).
        steps = [(h, 8.0), (2 * h, -1.0)]
        denom = 12 * h
    g = np.empty(p0.size)
    for j in range(p0.size):
        total = 0
        for step, weight in steps:
            p = p0.copy()
            p[j] = p0[j] + step
            up = ref_total(net, p, X, Y, loss, l1, l2)
            p[j] = p0[j] - step
            down = ref_total(net, p, X, Y, loss, l1, l2)
            total += weight * (up - down)
        g[j] = float(total / denom)
    return g


# ----------------------------------------------------------------------- cases


def make_case(hidden: str, loss: str, out: str, depth: int, case_seed: int):
    """A random net and batch with every pre-activation of a kinked function and every
    weight (for L1) at least KINK_MARGIN away from its kink."""
    for attempt in range(100):
        rng = np.random.default_rng([case_seed, attempt])
        n_in = int(rng.integers(1, 6))
        widths = [int(w) for w in rng.integers(1, 6, size=depth)]
        if loss == "softmax_ce":
            k = int(rng.integers(2, 5))
        elif loss == "bce":
            k = int(rng.integers(1, 3))
        else:
            k = int(rng.integers(1, 4))
        sizes = [n_in, *widths, k]
        acts = [hidden] * depth + [out]
        net = Network(sizes, acts, seed=int(rng.integers(0, 2**31)))
        # Random biases too, so their gradients are exercised away from zero.
        for b in net.biases:
            b[:] = rng.normal(0.0, 0.5, size=b.shape)
        if any(np.min(np.abs(W)) < KINK_MARGIN for W in net.weights):
            continue
        n = int(rng.integers(1, 9))
        X = rng.normal(0.0, 1.0, size=(n, n_in))
        if loss == "softmax_ce":
            Y = np.eye(k)[rng.integers(0, k, size=n)]
        elif loss == "bce":
            Y = rng.integers(0, 2, size=(n, k)).astype(np.float64)
        elif out == "sigmoid":
            Y = rng.uniform(0.05, 0.95, size=(n, k))
        else:
            Y = rng.uniform(-1.0, 1.0, size=(n, k))
        zs, _ = net.forward_all(X)
        kinked = [OUTPUT_ACTIVATIONS[a].rectifier for a in acts]
        if any(k_ and np.min(np.abs(z)) < KINK_MARGIN for z, k_ in zip(zs, kinked, strict=True)):
            continue
        return net, X, Y
    raise AssertionError("no kink-free case found")


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize(("loss", "out"), HEADS, ids=[f"{lo}-{o}" for lo, o in HEADS])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_analytic_gradients_match_finite_differences(hidden, loss, out, depth):
    case_seed = HIDDEN.index(hidden) * 1000 + HEADS.index((loss, out)) * 10 + depth
    net, X, Y = make_case(hidden, loss, out, depth, case_seed)
    for l1, l2 in [(0.0, 0.0), (0.03, 0.0), (0.0, 0.07)]:
        value, grads = net.loss_and_gradients(X, Y, loss, l1=l1, l2=l2)
        analytic = np.concatenate(
            [gW.ravel() for gW, _ in grads] + [gb.ravel() for _, gb in grads]
        )
        numeric = numeric_grad(net, X, Y, loss, l1, l2)
        expected_value = float(ref_total(net, net.params, X, Y, loss, l1, l2))
        np.testing.assert_allclose(value, expected_value, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(analytic, numeric, rtol=RTOL, atol=ATOL)
        # And as one relative error over the whole gradient vector.
        scale = max(np.linalg.norm(numeric), 1e-12)
        assert np.linalg.norm(analytic - numeric) / scale < RTOL
        # The fast path filled the flat buffer with the same numbers.
        np.testing.assert_array_equal(net.grad, analytic)


@pytest.mark.parametrize(("hidden", "loss", "out"), [
    ("sigmoid", "mse", "leaky_relu"), ("tanh", "bce", "sigmoid"), ("relu", "softmax_ce", "softmax"),
])
def test_float64_stencil_agrees_too(hidden, loss, out):
    # The fallback used where long double has no extra precision.
    net, X, Y = make_case(hidden, loss, out, 5, 99)
    _, grads = net.loss_and_gradients(X, Y, loss, l1=0.01, l2=0.02)
    analytic = np.concatenate([gW.ravel() for gW, _ in grads] + [gb.ravel() for _, gb in grads])
    numeric = numeric_grad(net, X, Y, loss, 0.01, 0.02, extended=False)
    np.testing.assert_allclose(analytic, numeric, rtol=RTOL, atol=1e-10)


def test_gradient_layout_matches_the_parameter_layout():
    net = Network([3, 4, 2], ["tanh", "sigmoid"], seed=3)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 3))
    Y = rng.integers(0, 2, size=(5, 2)).astype(float)
    _, grads = net.loss_and_gradients(X, Y, "bce")
    for i, (gW, gb) in enumerate(grads):
        assert gW.shape == net.weights[i].shape and gb.shape == net.biases[i].shape
        np.testing.assert_array_equal(gW, net.grad_weights[i])
        np.testing.assert_array_equal(gb, net.grad_biases[i])
        # Copies: the caller may keep them across the next step.
        assert not np.shares_memory(gW, net.grad)


def test_batch_sizes_can_alternate_without_stale_buffers():
    # Training alternates a full batch and a shorter last batch; evaluation uses others.
    net = Network([2, 5, 3, 1], ["relu", "tanh", "sigmoid"], seed=1)
    rng = np.random.default_rng(2)
    batches = [(rng.normal(size=(n, 2)), rng.integers(0, 2, size=(n, 1)).astype(float))
               for n in (10, 3, 10, 1, 7, 10, 2, 9, 4)]
    for X, Y in batches:
        fresh = net.copy()
        expected = fresh.loss_and_gradients(X, Y, "bce", l2=0.01)
        got = net.loss_and_gradients(X, Y, "bce", l2=0.01)
        assert got[0] == expected[0]
        for (a, b), (c, d) in zip(got[1], expected[1], strict=True):
            np.testing.assert_array_equal(a, c)
            np.testing.assert_array_equal(b, d)


# ----------------------------------------------------------------------- losses


def test_loss_deltas_match_finite_differences_of_the_value():
    rng = np.random.default_rng(5)
    for loss, out in HEADS:
        act = OUTPUT_ACTIVATIONS[out]
        k = 3
        z = rng.normal(0.0, 2.0, size=(6, k))
        z[np.abs(z) < 1e-2] = 0.5  # away from relu kinks
        if loss == "softmax_ce":
            y = np.eye(k)[rng.integers(0, k, size=6)]
        elif loss == "bce":
            y = rng.integers(0, 2, size=(6, k)).astype(float)
        else:
            y = rng.normal(size=(6, k))
        L = LOSSES[loss]
        delta = L.delta(z, act.fn(z), y, act)
        numeric = np.empty_like(z)
        for idx in np.ndindex(z.shape):
            zp, zm = z.copy(), z.copy()
            zp[idx] += EPS
            zm[idx] -= EPS
            numeric[idx] = (L.value(zp, act.fn(zp), y) - L.value(zm, act.fn(zm), y)) / (2 * EPS)
        np.testing.assert_allclose(delta, numeric, rtol=RTOL, atol=ATOL, err_msg=loss + out)


def test_loss_values_follow_the_textbook_formulas():
    rng = np.random.default_rng(6)
    z = rng.normal(size=(8, 3))
    y = rng.normal(size=(8, 3))
    a = np.tanh(z)
    assert LOSSES["mse"].value(z, a, y) == pytest.approx(np.mean((a - y) ** 2), rel=1e-14)
    zb = rng.normal(size=(8, 1))
    yb = rng.integers(0, 2, size=(8, 1)).astype(float)
    p = 1 / (1 + np.exp(-zb))
    expected = -np.mean(yb * np.log(p) + (1 - yb) * np.log(1 - p))
    assert LOSSES["bce"].value(zb, p, yb) == pytest.approx(expected, rel=1e-13)
    ys = np.eye(3)[rng.integers(0, 3, size=8)]
    sm = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    expected = -np.mean(np.sum(ys * np.log(sm), axis=1))
    assert LOSSES["softmax_ce"].value(z, sm, ys) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize(("loss", "out"), HEADS, ids=[f"{lo}-{o}" for lo, o in HEADS])
def test_losses_stay_finite_and_silent_for_huge_pre_activations(loss, out):
    act = OUTPUT_ACTIVATIONS[out]
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 3.0], [1e4, 1e4, -1e4]])
    k = z.shape[1]
    if loss == "softmax_ce":
        y = np.eye(k)[[0, 0, 2]]
    elif loss == "bce":
        y = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 0.0]])
    else:
        y = np.ones((3, k)) * 0.5
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        a = act.fn(z)
        value = LOSSES[loss].value(z, a, y)
        delta = LOSSES[loss].delta(z, a, y, act)
    assert np.isfinite(value) and value >= 0.0
    assert np.all(np.isfinite(delta))
    if loss != "mse":
        # A wrong answer at |z| = 1e4 costs about 1e4, not infinity.
        assert 1e3 < value < 1e5


def test_cross_entropies_keep_tiny_losses_of_confident_right_answers():
    # log1p(e^-40) = 4.248e-18: the loss of a right answer at z = 40, which a naive
    # softplus(z) - y z would round to 0 (or below).
    z = np.array([[40.0], [-40.0]])
    y = np.array([[1.0], [0.0]])
    a = OUTPUT_ACTIVATIONS["sigmoid"].fn(z)
    assert LOSSES["bce"].value(z, a, y) == pytest.approx(np.log1p(np.exp(-40.0)), rel=1e-12)
    zs = np.array([[40.0, 0.0], [0.0, 40.0]])
    ys = np.eye(2)
    a = OUTPUT_ACTIVATIONS["softmax"].fn(zs)
    assert LOSSES["softmax_ce"].value(zs, a, ys) == pytest.approx(
        np.log1p(np.exp(-40.0)), rel=1e-12
    )


def test_losses_accept_only_their_output_activations():
    for name in OUTPUT_ACTIVATIONS:
        assert LOSSES["mse"].accepts(name) == (name != "softmax")
        assert LOSSES["bce"].accepts(name) == (name == "sigmoid")
        assert LOSSES["softmax_ce"].accepts(name) == (name == "softmax")


def test_loss_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="shape"):
        LOSSES["mse"].value(np.zeros((3, 1)), np.zeros((3, 1)), np.zeros((3, 2)))
