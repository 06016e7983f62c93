"""Optimizers: exact update rules, hand-written references, and that they descend."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnsim.core.network import Network
from nnsim.core.optimizers import OPTIMIZERS, Adam, Momentum, make_optimizer


def grads(n: int, steps: int = 3, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=n) for _ in range(steps)]


def test_registry_and_factory():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "adam"]
    for name in OPTIMIZERS:
        opt = make_optimizer(name, 5, 0.8)
        assert opt.name == name and opt.size == 5
        assert repr(opt).startswith(type(opt).__name__ + "(size=5")
    with pytest.raises(KeyError, match="unknown optimizer 'nesterov'.*adam"):
        make_optimizer("nesterov", 5)
    with pytest.raises(ValueError, match="momentum"):
        make_optimizer("momentum", 5, 1.0)
    with pytest.raises(ValueError, match="parameters"):
        make_optimizer("sgd", 5).step(np.zeros(4), np.zeros(4), 0.1)


def test_sgd_step_is_exactly_params_minus_lr_grad():
    rng = np.random.default_rng(1)
    p = rng.normal(size=50)
    g = rng.normal(size=50)
    expected = p - 0.03 * g
    g_before = g.copy()
    buf = p  # the update happens in place, on the caller's buffer
    make_optimizer("sgd", 50).step(buf, g, 0.03)
    np.testing.assert_array_equal(buf, expected)
    np.testing.assert_array_equal(g, g_before)


def test_momentum_matches_a_hand_written_reference():
    beta, lr = 0.9, 0.1
    p0 = np.array([1.0, -2.0, 0.5])
    gs = grads(3)
    # v1 = g1; v2 = 0.9 g1 + g2; v3 = 0.81 g1 + 0.9 g2 + g3; p_t = p_{t-1} - lr v_t.
    v1 = gs[0]
    v2 = beta * v1 + gs[1]
    v3 = beta * v2 + gs[2]
    expected = p0 - lr * (v1 + v2 + v3)
    p = p0.copy()
    opt = make_optimizer("momentum", 3, beta)
    for g in gs:
        opt.step(p, g, lr)
    np.testing.assert_allclose(p, expected, rtol=1e-14)
    assert isinstance(opt, Momentum)


def test_adam_matches_a_hand_written_reference():
    b1, b2, eps, lr = 0.9, 0.999, 1e-8, 0.01
    p0 = np.array([0.3, -1.0, 2.0, 0.0])
    gs = grads(4, seed=3)
    p, m, v = p0.copy(), np.zeros(4), np.zeros(4)
    for t, g in enumerate(gs, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    q = p0.copy()
    opt = make_optimizer("adam", 4)
    for g in gs:
        opt.step(q, g, lr)
    np.testing.assert_allclose(q, p, rtol=1e-12)
    assert isinstance(opt, Adam) and opt.t == 3
    # First Adam step moves every coordinate by about lr, whatever the gradient's scale.
    r = p0.copy()
    make_optimizer("adam", 4).step(r, 1e-3 * gs[0], lr)
    np.testing.assert_allclose(np.abs(r - p0), lr, rtol=1e-4)


def test_adam_beta1_is_the_momentum_setting():
    gs = grads(2, steps=2, seed=4)
    a, b = np.zeros(2), np.zeros(2)
    fast, slow = make_optimizer("adam", 2, 0.5), make_optimizer("adam", 2, 0.99)
    for g in gs:
        fast.step(a, g, 0.1)
        slow.step(b, g, 0.1)
    assert fast.momentum == 0.5 and slow.momentum == 0.99
    assert not np.allclose(a, b)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_reset_forgets_the_state(name):
    gs = grads(6, seed=5)
    opt = make_optimizer(name, 6)
    p = np.zeros(6)
    for g in gs:
        opt.step(p, g, 0.1)
    opt.reset()
    after, fresh = np.ones(6), np.ones(6)
    opt.step(after, gs[0], 0.1)
    make_optimizer(name, 6).step(fresh, gs[0], 0.1)
    np.testing.assert_array_equal(after, fresh)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_each_optimizer_descends_a_convex_quadratic(name):
    # f(p) = 1/2 p.A p - c.p, minimum at A^-1 c.
    rng = np.random.default_rng(7)
    M = rng.normal(size=(5, 5))
    A = M @ M.T + np.eye(5)
    c = rng.normal(size=5)
    p_star = np.linalg.solve(A, c)

    def f(p: np.ndarray) -> float:
        return 0.5 * p @ A @ p - c @ p

    lr = {"sgd": 0.5 / np.linalg.eigvalsh(A).max(), "momentum": 0.05, "adam": 0.05}[name]
    opt = make_optimizer(name, 5, 0.9)
    p = np.zeros(5)
    start = f(p)
    values = []
    for _ in range(3000):
        opt.step(p, A @ p - c, lr)
        values.append(f(p))
    assert values[0] < start
    assert values[-1] < start
    assert values[-1] - f(p_star) < 1e-3 * (start - f(p_star))
    np.testing.assert_allclose(p, p_star, atol=0.05)
    assert all(math.isfinite(v) for v in values)


def test_optimizer_trains_a_network_through_its_flat_buffer():
    net = Network([2, 6, 1], ["tanh", "sigmoid"], seed=0)
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(64, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    opt = make_optimizer("adam", net.n_params)
    first = net.compute_gradients(X, Y, "bce")
    for _ in range(300):
        opt.step(net.params, net.grad, 0.05)
        last = net.compute_gradients(X, Y, "bce")
    assert last < 0.5 * first
