"""The decimating training history and the cost model that spaces its records.

A :class:`History` keeps the curves of a run -- full-set losses and per-layer
statistics -- in preallocated arrays of fixed capacity, halving its resolution when
they fill up, so a run of a million steps costs bounded memory. A record evaluates
the whole data set, which for a playground-size network costs more than a training
step; :func:`record_stride` says how far apart records must be for them to take a
fixed share of the training time, from the network's sizes alone, so the recorded
steps stay a deterministic function of the experiment.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence

import numpy as np

from nnsim.core.snapshot import HistoryArrays, frozen

__all__ = [
    "HISTORY_CAPACITY",
    "HISTORY_SHARE",
    "LEAD_RECORDS",
    "MAX_MARKS",
    "STAT_KEYS",
    "History",
    "record_stride",
]

#: Records a history keeps at most (see :class:`History`).
HISTORY_CAPACITY = 4096
#: Records at the start of a run taken at half the cost model's spacing (see History).
LEAD_RECORDS = 16
#: The share of training time the history's records may take by the cost model. The
#: goal is at most 10 % over any stretch of a run, including the lead-in at the start;
#: the model is off by about 20 % for a typical network, so it aims at 6 %.
HISTORY_SHARE = 0.06
#: Edit marks a history keeps (the oldest are dropped).
MAX_MARKS = 256
#: The per-layer statistics recorded, as named by ``Network.layer_stats``.
STAT_KEYS = ("grad_norm", "mean_abs_act", "dead_frac", "sat_frac")


class History:
    """Bounded, decimated training curves.

    The first record of a run is taken at its first step, and the others at steps that
    are multiples of :attr:`stride`. The arrays are preallocated for ``capacity``
    records; when they fill up, every record whose step is not a multiple of
    ``2 * stride`` is dropped (except the very first record) and the stride doubles
    (or grows further, if older records already sit on a coarser grid). A run of a
    million steps therefore keeps between ``capacity / 2`` and ``capacity`` records,
    evenly spaced, in constant memory.

    A record costs a forward pass over the whole data set, which for a playground-size
    network costs more than a training step. The trainer therefore sets
    :attr:`min_stride` from a cost model (see :func:`record_stride`): records are at
    least that far apart, except that the first :data:`LEAD_RECORDS` are taken at half
    that spacing, so the curve's start -- all a student sees in the first second -- is
    drawn with as many points as the cost allows. Every stride the history takes is a
    power-of-two multiple of the first one (the lead stride), so decimation stays exact.

    Parameters
    ----------
    n_layers : int
        Weight layers L (columns of the per-layer statistics).
    capacity : int
        Maximum number of records (at least 4).
    max_marks : int
        Maximum number of edit marks kept (the oldest are dropped).
    min_stride : int
        The initial :attr:`min_stride`.

    Attributes
    ----------
    stride : int
        Records are due at multiples of this. Only grows while records are kept; a
        caller may raise it (records then stay on the coarser grid).
    """

    def __init__(
        self,
        n_layers: int,
        capacity: int = HISTORY_CAPACITY,
        max_marks: int = MAX_MARKS,
        min_stride: int = 1,
    ) -> None:
        if capacity < 4:
            raise ValueError(f"history capacity must be at least 4, got {capacity}")
        self._capacity = int(capacity)
        self._marks: deque[int] = deque(maxlen=int(max_marks))
        self._step = np.zeros(self._capacity, dtype=np.int64)
        self._epoch = np.zeros(self._capacity)
        self._train = np.zeros(self._capacity)
        self._test = np.zeros(self._capacity)
        self._alloc_stats(int(n_layers))
        self._count = 0
        self._cached: HistoryArrays | None = None
        self._min_stride = 1
        self.stride = 1
        self.set_min_stride(min_stride)

    def _alloc_stats(self, n_layers: int) -> None:
        # (4, capacity, L): one block so decimation and remapping are single NumPy ops.
        self._stats = np.full((len(STAT_KEYS), self._capacity, n_layers), np.nan)
        self._n_layers = n_layers

    @property
    def capacity(self) -> int:
        return self._capacity

    @property
    def n_layers(self) -> int:
        return self._n_layers

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        last = int(self._step[self._count - 1]) if self._count else None
        return (
            f"History(records={self._count}/{self._capacity}, stride={self.stride}, "
            f"min_stride={self._min_stride}, "
            f"last_step={last}, layers={self._n_layers}, marks={len(self._marks)})"
        )

    @property
    def min_stride(self) -> int:
        """Fewest steps between records once the lead-in is over (the cost model's floor)."""
        return self._min_stride

    def set_min_stride(self, min_stride: int) -> None:
        """Space the records at least ``min_stride`` steps apart from now on.

        An empty history starts over at the lead stride, ``ceil(min_stride / 2)``, for
        its first :data:`LEAD_RECORDS` records and then twice that. A history that has
        records only ever raises :attr:`stride`, by doubling, so the records already
        taken stay on its grid (a smaller floor -- a cheaper network -- takes effect at
        the next :meth:`clear`).
        """
        floor = max(1, int(min_stride))
        self._min_stride = floor
        if self._count == 0:
            self.stride = -(-floor // 2)
        self._raise_stride()

    def _raise_stride(self) -> None:
        floor = self._min_stride
        want = floor if self._count >= LEAD_RECORDS else -(-floor // 2)
        while self.stride < want:
            self.stride *= 2

    def due(self, step: int) -> bool:
        """Whether ``step`` is a record point: the first step recorded, or a multiple of
        the current stride."""
        return self._count == 0 or step % self.stride == 0

    def record(
        self,
        step: int,
        epoch: float,
        train_loss: float,
        test_loss: float,
        stats: dict[str, np.ndarray] | None = None,
    ) -> None:
        """Append one record; decimate when full.

        Parameters
        ----------
        step : int
            Must be larger than the previous record's step.
        epoch : float
            Fractional epoch.
        train_loss, test_loss : float
            Full-set losses.
        stats : dict of str to (L,) arrays, optional
            ``Network.layer_stats()`` of this step's batch; missing keys are NaN.
        """
        i = self._count
        self._step[i] = step
        self._epoch[i] = epoch
        self._train[i] = train_loss
        self._test[i] = test_loss
        if stats is not None:
            for k, key in enumerate(STAT_KEYS):
                v = stats.get(key)
                if v is None:
                    self._stats[k, i] = np.nan
                else:
                    self._stats[k, i] = v
        else:
            self._stats[:, i] = np.nan
        self._count = i + 1
        self._cached = None
        while self._count >= self._capacity:
            self._decimate()
        if self._count == LEAD_RECORDS:
            self._raise_stride()  # the lead-in is over: the cost model's own spacing

    def _decimate(self) -> None:
        n = self._count
        steps = self._step[:n]
        last = int(steps[n - 1])
        new_stride = self.stride * 2
        while True:
            mask = steps % new_stride == 0
            # The first record is the start of the curve (the steepest part): always keep it.
            mask[0] = True
            keep = np.flatnonzero(mask)
            if keep.size <= n // 2 + 1:
                break
            if new_stride > last:
                # Records not on any common grid (cannot happen through Trainer); fall
                # back to plain "every other record" so the buffer always frees space.
                keep = np.arange(0, n, 2)
                break
            # Older records on a coarser grid than the newer ones (curves replayed into
            # a fresh history, whose stride starts small): coarsen until half go.
            new_stride *= 2
        m = keep.size
        self._step[:m] = self._step[keep]
        self._epoch[:m] = self._epoch[keep]
        self._train[:m] = self._train[keep]
        self._test[:m] = self._test[keep]
        self._stats[:, :m] = self._stats[:, keep]
        self._stats[:, m:n] = np.nan
        self._count = m
        self.stride = new_stride

    def mark(self, step: int) -> None:
        """Note that the data or architecture was edited at ``step``."""
        step = int(step)
        if self._marks and self._marks[-1] == step:
            return
        self._marks.append(step)
        self._cached = None

    def clear(self, n_layers: int | None = None) -> None:
        """Forget all records and marks; stride back to the lead stride of :attr:`min_stride`."""
        if n_layers is not None and n_layers != self._n_layers:
            self._alloc_stats(int(n_layers))
        else:
            self._stats[:] = np.nan
        self._count = 0
        self._marks.clear()
        self._cached = None
        self.set_min_stride(self._min_stride)

    def restore(self, arrays: HistoryArrays) -> bool:
        """Continue the curves ``arrays`` (a restarted training process keeps its plots).

        The records replace this history's; recording goes on at the coarsest stride the
        restored records all sit on (after the first, which is always kept), so new
        records join them on the same grid. Returns False, changing nothing, when the
        curves belong to a network with another number of weight layers or do not fit.
        """
        n = len(arrays)
        if arrays.grad_norm.shape[1:] != (self._n_layers,) or n >= self._capacity:
            return False
        self.clear()
        self._step[:n] = arrays.step
        self._epoch[:n] = arrays.epoch
        self._train[:n] = arrays.train_loss
        self._test[:n] = arrays.test_loss
        for k, key in enumerate(STAT_KEYS):
            self._stats[k, :n] = getattr(arrays, key)
        self._count = n
        later = [int(v) for v in arrays.step[1:]]
        self._raise_stride()
        while later and all(v % (2 * self.stride) == 0 for v in later) and self.stride < later[-1]:
            self.stride *= 2
        for mark in arrays.marks:
            self.mark(int(mark))
        self._cached = None
        return True

    def remap_layers(self, mapping: Sequence[int | None]) -> None:
        """Re-index the per-layer columns after an architecture change.

        Parameters
        ----------
        mapping : sequence of int or None, length L_new
            ``mapping[j]`` is the old column whose past values new layer ``j``
            inherits (a carried-over layer), or None for a new layer (NaN past).
        """
        old = self._stats
        self._alloc_stats(len(mapping))
        n = self._count
        for j, src in enumerate(mapping):
            if src is not None and 0 <= src < old.shape[2]:
                self._stats[:, :n, j] = old[:, :n, src]
        self._cached = None

    def arrays(self) -> HistoryArrays:
        """Read-only copies of the records (cached until the next change)."""
        if self._cached is None:
            n = self._count
            s = self._stats
            self._cached = HistoryArrays(
                step=frozen(self._step[:n]),
                epoch=frozen(self._epoch[:n]),
                train_loss=frozen(self._train[:n]),
                test_loss=frozen(self._test[:n]),
                grad_norm=frozen(s[0, :n]),
                mean_abs_act=frozen(s[1, :n]),
                dead_frac=frozen(s[2, :n]),
                sat_frac=frozen(s[3, :n]),
                marks=frozen(np.array(self._marks, dtype=np.int64)),
            )
        return self._cached


# --------------------------------------------------------------------------- record cost
#
# How many steps apart history records must be for them to take HISTORY_SHARE of the
# time is estimated from the sizes, never from a clock, so the recorded steps are a
# deterministic function of the experiment. The model, in microseconds:
#
#   step   = 7.9 + 3.9 L + 0.0049 V_b + 0.0030 P + (forward + backward kernel ns) V_b
#   record = 35 + 1.66 L + 0.00011 V_n + 0.00007 M_n + 0.0033 V_b
#            + (forward kernel ns) V_n + (loss ns) n k
#
# with L weight layers, P parameters, V_b / V_n the activation values of one batch /
# of the n training + test samples, M_n the multiply-adds of a forward pass over the n
# samples, k outputs. The per-value kernel and loss costs are timings on 4,000-40,000
# values. The other coefficients are a least-squares fit (relative error) to 240 random
# configurations -- 0-10 hidden layers of width 1-16, every activation and loss, 50 to
# 20,000 samples, batches of 1-500 -- timed on the 2-core CI machine (AMD EPYC, AVX-512,
# NumPy 2.4 and its OpenBLAS, another process busy on the second core) inside
# Trainer.train: bare steps, and recording at the stride this model gives, the
# difference per record being the record's cost. That is more than a record costs
# timed alone (layer_stats + full-set losses + History.record: 36 us on the default
# network, 90 on 6x8): between records the training loop pushes the evaluation's code
# and data out of the caches, and the more so the longer the stride -- from 52 us per
# record at stride 20 to 72 at stride 80 on the default network, 100-130 on 6x8. The
# fit (intercept 23.2) was made at the strides of a 7 % share; the intercept above adds
# 12 us for the longer strides of HISTORY_SHARE, so that at stride 40 the model is at
# or a little above the measured cost of both networks (default: 23 us/step, 53-62
# us/record, model 20 and 56; 6x8: 42 and 98-120, model 40 and 115). Fitted on two
# thirds of the configurations, the model's record/step ratio was within 18 % of the
# measured one on the rest for the median configuration, 73 % at the 90th percentile
# (the worst: large data sets, whose buffers do not fit the caches, and softmax outputs
# on some data sets). A small network is bound by NumPy's per-call overhead, hence the
# large constant and per-layer terms.

# ns per value of each activation's forward kernel and of its backward kernel.
_ACT_FWD_NS = {"linear": 0.0, "sigmoid": 2.5, "tanh": 1.75, "relu": 0.55, "leaky_relu": 0.5,
               "softmax": 18.0}
_ACT_BWD_NS = {"linear": 0.0, "sigmoid": 0.8, "tanh": 0.75, "relu": 1.0, "leaky_relu": 1.5,
               "softmax": 0.0}
_DEFAULT_ACT_NS = 2.5  # an activation registered later: priced like the dearest common one
# ns per output value of each loss's value() (bce's logaddexp is the dear one).
_LOSS_NS = {"mse": 1.0, "bce": 15.0, "softmax_ce": 17.0}
_DEFAULT_LOSS_NS = 17.0


def record_stride(
    layer_sizes: Sequence[int],
    activations: Sequence[str],
    loss: str,
    n_eval: int,
    batch_size: int,
    share: float = HISTORY_SHARE,
) -> int:
    """Fewest steps between history records so that they take about ``share`` of the time.

    A record evaluates the losses over the whole data set (``n_eval`` samples, training
    and test) and the per-layer statistics of the last batch; a step is one minibatch
    update. Both costs are estimated from the sizes alone (the model and its
    calibration are described in the comment above this function), and the result is
    the smallest stride ``s`` with ``record / (s * step + record) <= share``.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, hidden..., n_outputs]``.
    activations : sequence of str
        One per weight layer (the last is the output activation).
    loss : str
        The :data:`~nnsim.core.losses.LOSSES` name.
    n_eval : int
        Training plus test samples.
    batch_size : int
        Samples per minibatch (at most the training set).
    share : float
        Target share of the training time, in (0, 1).

    Returns
    -------
    int
        At least 1.
    """
    sizes = [int(s) for s in layer_sizes]
    n_layers = len(sizes) - 1
    bs = max(1, int(batch_size))
    n = max(0, int(n_eval))
    widths = sizes[1:]
    fans = zip(sizes[:-1], widths, activations, strict=True)
    v_batch = v_eval = m_eval = params = step_ns = record_ns = 0.0
    for fan_in, fan_out, act in fans:
        fwd = _ACT_FWD_NS.get(act, _DEFAULT_ACT_NS)
        bwd = _ACT_BWD_NS.get(act, _DEFAULT_ACT_NS)
        v_batch += bs * fan_out
        v_eval += n * fan_out
        m_eval += n * (fan_in + 1) * fan_out
        params += (fan_in + 1) * fan_out
        step_ns += bs * fan_out * (fwd + bwd)
        record_ns += n * fan_out * fwd
    record_ns += n * widths[-1] * _LOSS_NS.get(loss, _DEFAULT_LOSS_NS)
    step = 7.9 + 3.9 * n_layers + 0.0049 * v_batch + 0.0030 * params + 1e-3 * step_ns
    record = (
        35.0 + 1.66 * n_layers + 0.00011 * v_eval + 0.00007 * m_eval + 0.0033 * v_batch
        + 1e-3 * record_ns
    )
    return max(1, math.ceil(record / step * (1.0 - share) / share))
