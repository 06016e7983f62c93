"""Export an experiment as a standalone NumPy script: the bridge from the simulator to code.

The script embeds the exact data points (train and test), rebuilds the input features,
starts from the exact weights the app would start from, and trains with the same
optimizer, learning rate, regularisation, seed and batch order as
:class:`~nnsim.core.trainer.Trainer`. After every update it prints one line::

    <step> <train loss repr> <test loss repr>

where the losses are the full-set data losses (mean over samples, without the L1/L2
penalty) -- exactly ``Trainer.step(1).train_loss`` / ``.test_loss``. The written
code uses the same NumPy operations in the same order as the core, so the numbers
agree with the app's to the last bit on the same machine (and to ~1e-12 anywhere).

The script needs only NumPy. It does not reproduce the stop condition, divergence
roll-back or the optimizer's saved state (a file holds none: a loaded experiment
starts with a fresh optimizer, as the app does).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from nnsim.core.experiment import Experiment
from nnsim.core.optimizers import regularization_rates
from nnsim.core.samples import BATCH_STREAM
from nnsim.core.trainer import Trainer

__all__ = ["export_script", "write_script"]


def _array_literal(a: np.ndarray) -> str:
    """``a`` as a Python literal that round-trips exactly (``repr`` of each float)."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        return "[" + ", ".join(repr(float(v)) for v in a) + "]"
    rows = ",\n    ".join(_array_literal(row) for row in a)
    return "[\n    " + rows + ",\n]" if a.shape[0] else "[]"


_TEMPLATE = '''#!/usr/bin/env python3
"""{title} -- exported from nnsim.

Rebuilds the network {sizes}
(activations {acts}) and trains it with {optimizer}
(learning rate {lr!r}, batch size {batch}, loss {loss}) on the embedded data,
with the same seed and batch order as nnsim. Prints one line per update:

    step  training-set loss  test-set loss

(full-set data losses, without the regularisation penalty). Needs only NumPy.
Usage: python {fname} [steps]     (default {steps} steps)
"""

import math
import sys

import numpy as np

SEED = {seed}
BATCH_STREAM = {stream}
START_STEP = {start}
LAYER_SIZES = {sizes}
ACTIVATIONS = {acts!r}  # one per weight layer, the output's last
FEATURES = {features!r}
TASK = {task!r}
N_OUTPUTS = {n_out}
LOSS = {loss!r}
OPTIMIZER = {optimizer!r}
LEARNING_RATE = {lr!r}
MOMENTUM = {momentum!r}
L1 = {l1!r}
L2 = {l2!r}
BATCH_SIZE = {batch}

# ---- the data: raw points (n, dims) and labels / values (n,)
X_TRAIN = np.array({x_train}, dtype=np.float64).reshape(-1, {dims})
Y_TRAIN = np.array({y_train}, dtype=np.float64)
X_TEST = np.array({x_test}, dtype=np.float64).reshape(-1, {dims})
Y_TEST = np.array({y_test}, dtype=np.float64)

# ---- the starting weights: W[i] is (fan_in, fan_out), column j = recipe of unit j
W_INIT = [
{weights}
]
B_INIT = [
{biases}
]

FEATURE_FNS = {{
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1_sq": lambda X: X[:, 0] * X[:, 0],
    "x2_sq": lambda X: X[:, 1] * X[:, 1],
    "x1x2": lambda X: X[:, 0] * X[:, 1],
    "sin_x1": lambda X: np.sin(X[:, 0]),
    "sin_x2": lambda X: np.sin(X[:, 1]),
}}


def features(X):
    """Raw points (n, dims) -> network inputs (n, len(FEATURES))."""
    return np.ascontiguousarray(np.stack([FEATURE_FNS[f](X) for f in FEATURES], axis=1))


def targets(y):
    """Labels (n,) -> what the loss compares with, (n, N_OUTPUTS)."""
    if N_OUTPUTS == 1:
        return np.ascontiguousarray(y.reshape(-1, 1))
    onehot = np.zeros((y.shape[0], N_OUTPUTS))
    onehot[np.arange(y.shape[0]), y.astype(np.int64)] = 1.0
    return onehot


def activate(name, z):
    if name == "linear":
        return z
    if name == "sigmoid":
        return np.reciprocal(np.add(np.exp(np.minimum(np.negative(z), 700.0)), 1.0))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.maximum(z, np.multiply(z, 0.01))
    if name == "softmax":
        e = np.exp(np.subtract(z, np.maximum.reduce(z, axis=-1, keepdims=True)))
        return np.divide(e, np.add.reduce(e, axis=-1, keepdims=True))
    raise ValueError(name)


def activation_backward(name, a, d):
    """d (dL/da) -> dL/dz, given the activation's output a."""
    if name == "sigmoid":
        return d * ((1.0 - a) * a)
    if name == "tanh":
        return d * (1.0 - a * a)
    if name == "relu":
        return d * np.sign(a)
    if name == "leaky_relu":
        return d * np.maximum(np.sign(a), 0.01)
    return d  # linear (softmax only comes with softmax_ce, handled in the loss)


def loss_value(z, a, y):
    """Mean data loss over the samples of (n, k) outputs z, a and targets y."""
    n = z.shape[0]
    if n == 0:
        return math.nan
    if LOSS == "mse":
        d = a - y
        return float(np.vdot(d, d)) / d.size
    if LOSS == "bce":
        yz = np.multiply(y, z)
        return float(np.add.reduce(np.logaddexp(-yz, z - yz), axis=None)) / n
    t = np.subtract(z, np.maximum.reduce(z, axis=1, keepdims=True))  # softmax_ce
    yz = float(np.vdot(y, t))
    return (float(np.add.reduce(np.log(np.add.reduce(np.exp(t), axis=1)), axis=None)) - yz) / n


# ---- the parameters live in one flat buffer (all W, then all b), like nnsim's
shapes = list(zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]))
n_w = sum(i * o for i, o in shapes)
params = np.zeros(n_w + sum(o for _, o in shapes))
grad = np.zeros_like(params)


def views(buf):
    Ws, bs, off = [], [], 0
    for i, o in shapes:
        Ws.append(buf[off:off + i * o].reshape(i, o))
        off += i * o
    for _, o in shapes:
        bs.append(buf[off:off + o])
        off += o
    return Ws, bs


W, b = views(params)
gW, gb = views(grad)
for i in range(len(shapes)):
    W[i][...] = np.array(W_INIT[i], dtype=np.float64).reshape(shapes[i])
    b[i][...] = np.array(B_INIT[i], dtype=np.float64)


def forward(X):
    acts = [X]
    zs = []
    h = X
    for Wi, bi, name in zip(W, b, ACTIVATIONS):
        z = np.dot(h, Wi)
        z += bi
        h = activate(name, z)
        zs.append(z)
        acts.append(h)
    return zs, acts


def compute_gradients(X, Y):
    """Forward + backward on one batch; fills `grad`; returns the batch loss + penalty."""
    zs, acts = forward(X)
    z, a = zs[-1], acts[-1]
    n = X.shape[0]
    if LOSS == "mse":
        value = loss_value(z, a, Y)
        d = (a - Y) * (2.0 / (a - Y).size)
        d = activation_backward(ACTIVATIONS[-1], a, d)
    else:  # bce on sigmoid, softmax_ce on softmax: dL/dz = (a - y) / n
        value = loss_value(z, a, Y)
        d = (a - Y) * (1.0 / n)
    ones = np.ones(n)
    for i in range(len(W) - 1, -1, -1):
        gW[i][...] = np.dot(np.ascontiguousarray(acts[i].T), d)
        gb[i][...] = np.dot(ones, d)
        if i > 0:
            d = activation_backward(ACTIVATIONS[i - 1], acts[i], np.dot(d, W[i].T))
    w, gw = params[:n_w], grad[:n_w]
    if L1:
        s = np.sign(w)
        value += L1 * float(np.vdot(s, w))
        gw += s * L1
    if L2:
        value += 0.5 * L2 * float(np.vdot(w, w))
        gw += w * L2
    return value


class Optimizer:
    def __init__(self):
        self.v = np.zeros_like(params)
        self.m = np.zeros_like(params)
        self.t = 0

    def step(self, lr):
        if OPTIMIZER == "sgd":
            params[...] = params - grad * lr
        elif OPTIMIZER == "momentum":
            self.v[...] = self.v * MOMENTUM + grad
            params[...] = params - self.v * lr
        else:  # adam: beta1 = MOMENTUM, beta2 = 0.999, eps = 1e-8
            b1, b2 = MOMENTUM, 0.999
            self.t += 1
            t = self.t
            self.m += (grad - self.m) * (1.0 - b1)
            self.v += (grad * grad - self.v) * (1.0 - b2)
            denom = np.sqrt(self.v) * (1.0 / math.sqrt(1.0 - b2**t)) + 1e-8
            params[...] = params - (self.m / denom) * (lr / (1.0 - b1**t))


def main(steps):
    x_train, x_test = features(X_TRAIN), features(X_TEST)
    y_train, y_test = targets(Y_TRAIN), targets(Y_TEST)
    x_all = np.concatenate([x_train, x_test])  # one forward pass scores both sets
    n_train = x_train.shape[0]
    bs = max(1, min(BATCH_SIZE, n_train))
    per_epoch = -(-n_train // bs)
    epoch, within = divmod(START_STEP, per_epoch)
    offset = within * bs

    def shuffle(e):
        # Epoch e's batch order: its own generator, so any step can be resumed.
        perm = np.random.default_rng([SEED, BATCH_STREAM, e]).permutation(n_train)
        return np.take(x_train, perm, axis=0), np.take(y_train, perm, axis=0)

    xs, ys = shuffle(epoch)
    opt = Optimizer()
    for step in range(START_STEP + 1, START_STEP + steps + 1):
        compute_gradients(xs[offset:offset + bs], ys[offset:offset + bs])
        opt.step(LEARNING_RATE)
        offset += bs
        if offset >= n_train:
            epoch += 1
            offset = 0
            xs, ys = shuffle(epoch)
        zs, acts = forward(x_all)
        z, a = zs[-1], acts[-1]
        train = loss_value(z[:n_train], a[:n_train], y_train)
        test = loss_value(z[n_train:], a[n_train:], y_test)
        print(step, repr(train), repr(test))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else {steps})
'''


def export_script(exp: Experiment, steps: int = 100, name: str = "nnsim_network.py") -> str:
    """The source of a standalone NumPy script that rebuilds and trains ``exp``.

    Parameters
    ----------
    exp : Experiment
        The experiment; its ``weights`` and ``step``, if present, are the starting
        point (as when the app opens it), else the seeded initial weights at step 0.
    steps : int
        Updates the script runs when called without an argument.
    name : str
        The file name the docstring's usage line shows.

    Returns
    -------
    str
        Python source needing only NumPy. Each printed line is
        ``step train_loss test_loss`` with the losses of ``Trainer.step(1)``.
    """
    trainer = Trainer(exp)  # the same data, features and starting weights as the app
    ds = trainer.dataset
    net = trainer.network
    h = exp.hyper
    l1, l2 = regularization_rates(h.regularization, h.reg_rate)
    dims = int(ds.x_train.shape[1])
    weights = ",\n".join(_array_literal(np.asarray(w).reshape(-1)) for w in net.weights)
    biases = ",\n".join(_array_literal(np.asarray(v)) for v in net.biases)
    return _TEMPLATE.format(
        title=exp.title or "nnsim network",
        fname=name,
        steps=int(steps),
        seed=int(exp.seed),
        stream=BATCH_STREAM,
        start=int(trainer.step_count),
        sizes=list(exp.layer_sizes),
        acts=list(exp.activations),
        features=list(exp.features),
        task=exp.task,
        n_out=int(exp.n_outputs),
        loss=h.loss,
        optimizer=h.optimizer,
        lr=float(h.learning_rate),
        momentum=float(h.momentum),
        l1=float(l1),
        l2=float(l2),
        batch=int(h.batch_size),
        dims=dims,
        x_train=_array_literal(ds.x_train.reshape(-1)),
        y_train=_array_literal(ds.y_train),
        x_test=_array_literal(ds.x_test.reshape(-1)),
        y_test=_array_literal(ds.y_test),
        weights=weights,
        biases=biases,
    )


def write_script(path: str | os.PathLike[str], exp: Experiment, steps: int = 100) -> Path:
    """Write :func:`export_script` of ``exp`` to ``path`` (UTF-8); returns the path."""
    path = Path(path)
    path.write_text(export_script(exp, steps, path.name), encoding="utf-8")
    return path
