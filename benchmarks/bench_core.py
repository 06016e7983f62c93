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

The history figures train the two networks of issue 13 -- the default experiment
(2-4-2-1 tanh, circle data, 250 training points, batch 10) and the same with six tanh
layers of 8 -- through ``Trainer.train``: the history's share of training time over the
step ranges 0-1k, 1k-20k, 20k-100k, 100k-300k and 300k-1M (cut at ``--history-steps``),
and the bytes the history holds after the run. The share of a range is
``1 - bare / recording``: two trainers of the same experiment, one recording its history
and one with ``record_history=False``, train the same steps (their weights stay
bit-identical, so they do the same work) in alternating chunks, and short ranges are
repeated on copies (best of several), so that load from other processes hits both alike.

Usage::

    .venv/bin/python benchmarks/bench_core.py [--seconds 1.5] [--history-steps 100000]

``--history-steps 1000000`` gives the whole run of the issue (about 3 minutes).
"""

from __future__ import annotations

import argparse
import copy
import gc
import math
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from nnsim.core.network import Network
from nnsim.core.optimizers import make_optimizer

if TYPE_CHECKING:
    from nnsim.core.experiment import Experiment
    from nnsim.core.history import History
    from nnsim.core.trainer import Trainer

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


#: Step ranges of the share measurement: (start, end).
SHARE_RANGES = (
    (0, 1_000), (1_000, 20_000), (20_000, 100_000), (100_000, 300_000), (300_000, 1_000_000)
)


def share_experiments() -> list[tuple[str, Experiment]]:
    """(label, Experiment) of the two networks the history's cost is measured on."""
    from nnsim.core.experiment import Experiment, LayerSpec

    return [
        ("default 2-4-2-1", Experiment()),
        ("6x8 tanh", Experiment(hidden=tuple(LayerSpec(8, "tanh") for _ in range(6)))),
    ]


def _train_timed(trainer: Trainer, steps: int) -> float:
    t0 = time.perf_counter()
    done = trainer.train(steps)
    dt = time.perf_counter() - t0
    if done != steps:
        raise RuntimeError(f"trained {done} of {steps} steps (a stop condition?)")
    return dt


def _range_seconds(
    pair: list[Trainer], steps: int, chunk: int, rounds: int
) -> tuple[float, float]:
    """Seconds the recording and the bare trainer of ``pair`` take for their next ``steps``.

    Chunk by chunk, both train the same steps; with ``rounds`` > 1 each chunk is first
    timed on copies of both (``rounds - 1`` times) and the best of all rounds counts.
    The order alternates, so a burst of load from elsewhere hits both alike.
    """
    total = [0.0, 0.0]
    done = 0
    while done < steps:
        k = min(chunk, steps - done)
        best = [math.inf, math.inf]
        for r in range(rounds):
            for i in ((0, 1) if r % 2 == 0 else (1, 0)):
                last = r == rounds - 1
                trainer = pair[i] if last else copy.deepcopy(pair[i])
                gc.collect()
                best[i] = min(best[i], _train_timed(trainer, k))
        total[0] += best[0]
        total[1] += best[1]
        done += k
    return total[0], total[1]


def history_share(max_steps: int) -> None:
    """The history's share of ``Trainer.train``'s time over step ranges, both networks."""
    try:
        from nnsim.core.trainer import Trainer
    except ImportError as exc:
        print(f"history share: skipped, nnsim.core.trainer is not importable ({exc})")
        return
    print("history share of training time (1 - bare/recording, Trainer.train, "
          "recording vs record_history=False on the same steps):")
    for label, exp in share_experiments():
        pair = [Trainer(exp), Trainer(exp, record_history=False)]
        hist = pair[0].history
        print(f"  {label}: record stride {hist.min_stride} (lead-in {hist.stride})", flush=True)
        first_20k = [0.0, 0.0]
        for start, end in SHARE_RANGES:
            end = min(end, max_steps)
            if end <= start:
                break
            steps = end - start
            # Short ranges are over in milliseconds: repeat them on copies, best of several.
            rounds = 7 if steps <= 1_000 else 3 if steps <= 20_000 else 1
            chunk = 1_000 if steps <= 20_000 else 5_000
            rec, bare = _range_seconds(pair, steps, chunk, rounds)
            if end <= 20_000:
                first_20k[0] += rec
                first_20k[1] += bare
            records = _records_between(hist, start, end)
            print(
                f"    steps {start:>9,}-{end:<9,} recording {steps / rec:>8,.0f} steps/s, "
                f"bare {steps / bare:>8,.0f} steps/s, history {100 * (1 - bare / rec):5.1f} % "
                f"({records} records kept, stride now {hist.stride})",
                flush=True,
            )
            if not np.array_equal(pair[0].network.params, pair[1].network.params):
                print("    warning: the two trainers' weights differ")
        if label.startswith("6x8") and max_steps >= 20_000:
            rec, bare = first_20k
            print(
                f"  bare core over the first 20,000 steps of 6x8 with history vs without: "
                f"{20_000 / rec:,.0f} vs {20_000 / bare:,.0f} steps/s = {100 * bare / rec:.1f} %"
            )


def _records_between(history: History, start: int, end: int) -> int:
    """Records the (decimated) history holds at steps in ``(start, end]``."""
    steps = history.arrays().step
    return int(np.count_nonzero((steps > start) & (steps <= end)))


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
    parser.add_argument("--history-steps", type=int, default=100_000,
                        help="Trainer steps for the history figures: its memory, and its "
                             "share of training time up to this step (0 skips both)")
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
        history_share(args.history_steps)
        history_memory(args.history_steps)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
