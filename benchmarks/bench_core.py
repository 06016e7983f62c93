"""Training-step throughput of the NumPy core, against PyTorch when it is installed.

Prints figures; asserts nothing. One "step" is what the trainer does per minibatch:
``Network.compute_gradients`` (forward, loss, backward) and one SGD update of the flat
parameter buffer, in float64. The PyTorch step is the equivalent eager code: forward,
loss, ``backward()``, ``optim.SGD.step()`` and reading the loss as a Python float, in
float64 with ``torch.set_num_threads(1)``, in this same process.

Both start from the same weights (nnsim's seeded initialisation copied into the torch
model), and the first step's losses are compared, so the two really do the same work.
PyTorch is *not* a dependency of nnsim; this script imports it only if present.

NumPy's OpenBLAS uses its default thread count, which matters only for the big case;
run with ``OPENBLAS_NUM_THREADS=1`` for a single-thread comparison. The machine's load
from other processes shows in the figures: each is the best of several interleaved runs.

Usage::

    .venv/bin/python benchmarks/bench_core.py [--seconds 1.5] [--history-steps 1000000]
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from nnsim.core.network import Network
from nnsim.core.optimizers import make_optimizer

LR = 0.03

# (label, layer sizes, hidden activation, output activation, loss, batch)
CASES = [
    ("2-4-2-1 tanh, bce, batch 10", [2, 4, 2, 1], "tanh", "sigmoid", "bce", 10),
    ("2-8-8-8-8-8-8-1 tanh, bce, batch 10", [2, 8, 8, 8, 8, 8, 8, 1], "tanh", "sigmoid", "bce",
     10),
    ("784-256-256-10 relu, softmax_ce, batch 128", [784, 256, 256, 10], "relu", "softmax",
     "softmax_ce", 128),
]


def batch(sizes: list[int], loss: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inputs (n, in), loss targets (n, k) and class indices (n,) for one fixed batch."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(n, sizes[0]))
    k = sizes[-1]
    if loss == "bce":
        cls = rng.integers(0, 2, size=n)
        Y = cls[:, None].astype(np.float64)
    else:
        cls = rng.integers(0, k, size=n)
        Y = np.eye(k)[cls]
    return X, Y, cls


def calibrate(step: Callable[[], object], seconds: float) -> int:
    """Warm up, then the number of calls that takes about ``seconds``."""
    for _ in range(20):
        step()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        dt = time.perf_counter() - t0
        if dt > 0.05:
            return max(1, int(n * seconds / dt))
        n *= 2


def rates(steps: list[Callable[[], object]], seconds: float, rounds: int = 5) -> list[float]:
    """Steps per second of each callable: the best of ``rounds`` interleaved timed runs.

    The runs alternate between the callables so that a burst of load from other
    processes on the machine hits all of them alike; the best run is the least
    disturbed one.
    """
    counts = [calibrate(step, seconds / rounds) for step in steps]
    best = [float("inf")] * len(steps)
    for _ in range(rounds):
        for k, (step, n) in enumerate(zip(steps, counts, strict=True)):
            t0 = time.perf_counter()
            for _ in range(n):
                step()
            best[k] = min(best[k], (time.perf_counter() - t0) / n)
    return [1.0 / b for b in best]


def make_net(sizes, hidden, out) -> Network:
    return Network(sizes, [hidden] * (len(sizes) - 2) + [out], seed=0)


def numpy_step(sizes, hidden, out, loss, n) -> Callable[[], float]:
    net = make_net(sizes, hidden, out)
    opt = make_optimizer("sgd", net.n_params)
    X, Y, _ = batch(sizes, loss, n)
    compute, update, params, grad = net.compute_gradients, opt.step, net.params, net.grad

    def step() -> float:
        value = compute(X, Y, loss)
        update(params, grad, LR)
        return value

    return step


def torch_step(torch, sizes, hidden, out, loss, n) -> Callable[[], float]:
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh() if hidden == "tanh" else torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    net = make_net(sizes, hidden, out)
    linear = [m for m in model if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        for m, W, b in zip(linear, net.weights, net.biases, strict=True):
            m.weight.copy_(torch.from_numpy(W.T.copy()))  # torch keeps (fan_out, fan_in)
            m.bias.copy_(torch.from_numpy(b.copy()))
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    Xn, Yn, cls = batch(sizes, loss, n)
    X = torch.from_numpy(Xn)
    if loss == "bce":
        # From the logits, like nnsim's bce (softplus(z) - y z).
        lossf = torch.nn.BCEWithLogitsLoss()
        target = torch.from_numpy(Yn)
    else:
        lossf = torch.nn.CrossEntropyLoss()
        target = torch.from_numpy(cls)

    def step() -> float:
        opt.zero_grad()
        value = lossf(model(X), target)
        value.backward()
        opt.step()
        return value.item()

    return step


def held_bytes(obj: object) -> int:
    """Bytes of everything reachable from ``obj``, measured with tracemalloc.

    tracemalloc slows every allocation several-fold, so instead of tracing a whole
    training run, this traces one deep copy of the object: the copy allocates exactly
    what the original holds (arrays, lists, deques, any leak that grew inside it).
    """
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        clone = copy.deepcopy(obj)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    del clone
    return held


def history_memory(steps: int) -> None:
    """Bytes the trainer's history holds after ``steps`` Trainer steps."""
    try:
        from nnsim.core.experiment import Experiment
        from nnsim.core.trainer import Trainer
    except ImportError as exc:
        print(f"history memory: skipped, nnsim.core.trainer is not importable ({exc})")
        return
    trainer = Trainer(Experiment())
    start = held_bytes(trainer.history)
    t0 = time.perf_counter()
    done = 0
    while done < steps:
        burst = min(10_000, steps - done)
        trainer.step(burst)
        done += burst
    dt = time.perf_counter() - t0
    end = held_bytes(trainer.history)
    print(
        f"history memory (tracemalloc): {start:,} bytes after construction, {end:,} bytes "
        f"after {steps:,} Trainer steps ({len(trainer.history)} records, stride "
        f"{trainer.history.stride}); Trainer.step ran {steps / dt:,.0f} steps/s "
        f"(default 2-4-2-1 experiment, history and evaluation included)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5,
                        help="timing budget per case and library")
    parser.add_argument("--history-steps", type=int, default=1_000_000,
                        help="Trainer steps for the history-memory figure (0 skips it)")
    args = parser.parse_args(argv)

    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} cpus")
    env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                      "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
           if k in os.environ}
    print(f"BLAS environment: {env or 'none of OPENBLAS_CORETYPE/L2_SIZE/NUM_THREADS set'}")
    try:
        import torch
    except ImportError:
        torch = None
        print("torch: not installed, NumPy figures only")
    else:
        torch.set_num_threads(1)
        print(f"torch {torch.__version__}, 1 thread")

    for label, sizes, hidden, out, loss, n in CASES:
        steps = [numpy_step(sizes, hidden, out, loss, n)]
        if torch is not None:
            steps.append(torch_step(torch, sizes, hidden, out, loss, n))
            first_np, first_torch = steps[0](), steps[1]()
            if abs(first_np - first_torch) > 1e-9 * abs(first_torch):
                print(f"  warning: first losses differ: numpy {first_np!r}, torch {first_torch!r}")
        measured = rates(steps, args.seconds)
        line = f"{label:44s} numpy {measured[0]:10,.0f} steps/s"
        if torch is not None:
            np_rate, t_rate = measured
            line += (f" | torch {t_rate:10,.0f} steps/s | numpy/torch {np_rate / t_rate:5.2f}x"
                     f" | first losses {first_np:.12g} vs {first_torch:.12g}")
        print(line, flush=True)

    if args.history_steps > 0:
        history_memory(args.history_steps)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
