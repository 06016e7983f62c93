"""The training loop: data + network + optimizer, deterministic for a seed.

A :class:`Trainer` owns everything that changes while a network learns: the
generated data, the :class:`~nnsim.core.network.Network`, the optimizer state,
the batch order and a bounded :class:`History`. The worker thread drives it with
:meth:`Trainer.step` and publishes :meth:`Trainer.snapshot`; edits arrive through
:meth:`Trainer.apply`, which rebuilds only what an edit changed.

Determinism
-----------
Weights come from ``Network(seed=exp.seed)`` (layer ``i`` from
``default_rng([seed, i])``). The batch order of epoch ``e`` is the permutation drawn
from ``default_rng([seed, 1, e])`` -- a dedicated stream per epoch, so a trainer
resumed at step ``s`` (``Trainer(exp.with_weights(..., step=s))``) visits exactly
the batches a continuous run would, without replaying earlier epochs. The same
experiment therefore gives bit-identical losses and weights on every run.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from nnsim.core.activations import OUTPUT_ACTIVATIONS, ForwardInto
from nnsim.core.datasets import Dataset, make_dataset
from nnsim.core.experiment import Experiment, Weights
from nnsim.core.features import FEATURES, feature_matrix
from nnsim.core.losses import LOSSES, Loss
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.network import Network, _forward_kernel
from nnsim.core.optimizers import make_optimizer
from nnsim.core.snapshot import HistoryArrays, Snapshot, frozen

__all__ = [
    "FEATURE_IDS",
    "FIRST_UNIT_ID",
    "DivergedError",
    "History",
    "Metrics",
    "Trainer",
    "UnitCarry",
    "Units",
    "check_units",
    "default_units",
    "fresh_network",
    "grid_axis",
    "grid_points",
    "overlay_by_units",
    "reconcile_units",
    "record_stride",
]

#: Stream id of the batch-order generators: ``default_rng([seed, BATCH_STREAM, epoch])``.
BATCH_STREAM = 1
HISTORY_CAPACITY = 4096
#: Records at the start of a run taken at half the cost model's spacing (see History).
LEAD_RECORDS = 16
#: The share of training time the history's records may take by the cost model. The
#: goal is at most 10 % over any stretch of a run, including the lead-in at the start;
#: the model is off by about 20 % for a typical network, so it aims at 6 %.
HISTORY_SHARE = 0.06
MAX_MARKS = 256
#: Healthy checkpoints a divergence can fall back on, besides the start of the run.
CHECKPOINTS = 4
#: A minibatch loss this many times the run's loss scale is an explosion. The scale is
#: the largest of the loss at the start, the loss of an all-zero network (the targets'
#: own size) and 1, so a batch of one noisy sample, or a high but stable learning rate,
#: stays orders of magnitude below it, while an explosion -- which multiplies the loss
#: by many orders of magnitude within a few steps -- is caught long before it overflows
#: to infinity (measured: Adam at lr 10 on the plane data peaks at 7e4 times the start
#: and recovers; diverging runs pass 1e6 within 1-3 steps of leaving their scale).
EXPLOSION_FACTOR = 1e6
#: The parameters' Euclidean norm past which they count as exploded, whatever the loss.
#: Far past anything data can ask for (inputs and targets are at most 1e9 in size), but
#: well before overflow: its square, what is checked, still fits a float64.
WEIGHT_NORM_LIMIT = 1e100
_FLOAT_MAX = float(np.finfo(np.float64).max)
STAT_KEYS = ("grad_norm", "mean_abs_act", "dead_frac", "sat_frac")

# Run ids and data versions are process-wide, so a view that keeps its items keyed on
# run_id rebuilds even when the controller swaps in a brand-new Trainer.
_run_ids = itertools.count(1)
_data_versions = itertools.count(1)


# --------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Metrics:
    """How well the network does right now, on the whole training and test sets.

    The losses are the plain data loss (mean over samples): the L1/L2 penalty that
    training adds to the minibatch loss is *not* included, so changing the
    regularisation rate does not make the curves jump.

    Attributes
    ----------
    step : int
        Updates done.
    epoch : int
        Complete passes over the training set.
    train_loss, test_loss : float
        Loss over the whole training / test set (NaN for an empty set).
    train_metric, test_metric : float
        Classification: accuracy in 0..1 (binary: output >= 0.5 means class 1;
        k classes: arg-max). Regression: R^2 (NaN when the targets are constant).
    """

    step: int
    epoch: int
    train_loss: float
    test_loss: float
    train_metric: float
    test_metric: float


#: Why a run diverged, as :attr:`DivergedError.cause` says it.
CAUSES = ("learning_rate", "loaded_weights", "start_weights")


class DivergedError(RuntimeError):
    """Training blew up; the weights were set back to healthy ones.

    Attributes
    ----------
    step : int
        The step at which the loss or the weights blew up.
    what : str
        ``"loss"`` (the minibatch loss shot far above the run's scale, or became NaN or
        infinite) or ``"weights"`` (their size passed a bound, or became NaN or infinite).
    learning_rate : float or None
        The learning rate in use, named in the message.
    kept_step : int or None
        The step whose weights training was set back to (see :class:`_Checkpoints`);
        None for an error made without a rollback point, which keeps the older wording.
    cause : str
        One of :data:`CAUSES`: ``"learning_rate"`` (the usual case: the weights were
        healthy before), ``"loaded_weights"`` or ``"start_weights"`` (the weights
        training started from -- loaded with the experiment, or set otherwise -- were
        already exploded, so no learning rate helps; they were kept).
    message : str
        The explanation as a translatable :class:`~nnsim.core.messages.Message`
        (``str(exc)`` is its English text): show it with ``localize``.
    """

    def __init__(
        self,
        step: int,
        what: str,
        learning_rate: float | None = None,
        kept_step: int | None = None,
        cause: str = "learning_rate",
    ) -> None:
        if cause not in CAUSES:
            raise ValueError(f"cause must be one of {', '.join(CAUSES)}, got {cause!r}")
        self.step = int(step)
        self.what = what
        self.learning_rate = learning_rate
        self.kept_step = None if kept_step is None else int(kept_step)
        self.cause = cause
        self.message: str = self._explain()
        super().__init__(self.message)

    def _explain(self) -> str:
        # One whole sentence per case, so a translation can order the parts freely.
        step, lr = self.step, self.learning_rate
        if self.cause == "loaded_weights":
            # The learning rate is not the problem: no rate trains from these weights,
            # so the message must not send the lecturer lowering it (issue 14, item 10).
            return QT_TRANSLATE_NOOP(
                "Trainer",
                "Training diverged at step {step}: the weights loaded from the file are "
                "the cause, not the learning rate, as the loss is out of control with them "
                "from the start. They were kept as loaded; press Reset to start from new "
                "weights.",
            ).format(step=step)
        if self.cause == "start_weights":
            return QT_TRANSLATE_NOOP(
                "Trainer",
                "Training diverged at step {step}: the weights training started from are "
                "the cause, not the learning rate, as the loss is out of control with them "
                "from the start. They were kept; start from smaller weights, for example "
                "press Reset.",
            ).format(step=step)
        if self.kept_step is not None and lr is not None:
            if self.what == "weights":
                template = QT_TRANSLATE_NOOP(
                    "Trainer",
                    "Training diverged at step {step}: the weights grew far too large. "
                    "The weights were set back to those of step {kept}, whose training "
                    "loss was no higher than at the start; lower the learning rate "
                    "(now {lr:g}) and press Play to train on from there.",
                )
            else:
                template = QT_TRANSLATE_NOOP(
                    "Trainer",
                    "Training diverged at step {step}: the loss shot up far above its "
                    "value at the start. The weights were set back to those of step "
                    "{kept}, whose training loss was no higher than at the start; lower "
                    "the learning rate (now {lr:g}) and press Play to train on from there.",
                )
            return template.format(step=step, kept=self.kept_step, lr=lr)
        # Without a rollback point (an error built by other code): the earlier wording,
        # whose translations exist.
        if self.what == "weights":
            if lr is None:
                template = QT_TRANSLATE_NOOP(
                    "Trainer",
                    "Training diverged at step {step}: the weights became NaN or infinite. "
                    "The weights were rolled back to their last finite values; "
                    "try a smaller learning rate.",
                )
            else:
                template = QT_TRANSLATE_NOOP(
                    "Trainer",
                    "Training diverged at step {step}: the weights became NaN or infinite. "
                    "The weights were rolled back to their last finite values; "
                    "try a smaller learning rate (now {lr:g}).",
                )
        elif lr is None:
            template = QT_TRANSLATE_NOOP(
                "Trainer",
                "Training diverged at step {step}: the loss became NaN or infinite. "
                "The weights were rolled back to their last finite values; "
                "try a smaller learning rate.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "Trainer",
                "Training diverged at step {step}: the loss became NaN or infinite. "
                "The weights were rolled back to their last finite values; "
                "try a smaller learning rate (now {lr:g}).",
            )
        if lr is None:
            return template.format(step=step)
        return template.format(step=step, lr=lr)

    def __reduce__(self):  # keep the exception picklable despite the custom signature
        return (
            DivergedError,
            (self.step, self.what, self.learning_rate, self.kept_step, self.cause),
        )


# --------------------------------------------------------------------------- history


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


# --------------------------------------------------------------------------- grids


def grid_axis(lo: float, hi: float, n: int) -> np.ndarray:
    """Cell-centre coordinates of ``n`` equal cells covering ``[lo, hi]``, shape (n,).

    Sampling at cell centres means an image of the values stretched over exactly the
    extent rectangle puts every pixel over the point it was computed at.
    """
    return lo + (np.arange(n) + 0.5) * ((hi - lo) / n)


def grid_points(extent: Sequence[float], n: int, dims: int) -> np.ndarray:
    """Raw input points of the snapshot rasters.

    Parameters
    ----------
    extent : (xmin, xmax, ymin, ymax)
    n : int
        Cells per axis.
    dims : int
        2: returns (n*n, 2), row-major over [iy, ix] (y from ymin, x fastest), so
        ``values.reshape(n, n)`` is indexed ``[iy, ix]``. 1: returns (n, 1) along x.
    """
    xs = grid_axis(extent[0], extent[1], n)
    if dims == 1:
        return xs[:, None]
    ys = grid_axis(extent[2], extent[3], n)
    gx, gy = np.meshgrid(xs, ys)  # "xy" indexing: shape (n_y, n_x)
    return np.column_stack([gx.ravel(), gy.ravel()])


class _OutputStage:
    """The output layer of :class:`_GridPlan` and :class:`_LossPlan`, buffers included.

    The hidden layers run transposed (units x points); the output activation runs in
    row layout (N, k), as in ``Network.forward``, so a softmax normalises each point's
    k values exactly as it does there (and the loss reads the rows it expects).

    Parameters
    ----------
    mat : (k * (fan_in + 1),) float64 view
        The plan's slice of gathered parameters that holds ``[W^T | b]``.
    fans : (int, int)
        (fan_in, k) of the output layer.
    n : int
        Points per run.
    activation : Activation
        The output activation.
    """

    def __init__(self, mat: np.ndarray, fans: tuple[int, int], n: int, activation) -> None:
        fan_in, k = fans
        self._mat = mat.reshape(k, fan_in + 1)
        self._z = np.empty((k, n))
        self._transpose = k > 1
        self._zt = np.empty((n, k)) if k > 1 else self._z.reshape(n, 1)
        self._a = np.empty((n, k))
        self._kernel = _forward_kernel(activation)

    def run(self, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(z, a) in row layout (N, k) for the last hidden block ``h`` ([a; 1])."""
        np.dot(self._mat, h, out=self._z)
        if self._transpose:
            np.copyto(self._zt, self._z.T)
        return self._zt, self._kernel(self._zt, self._a)


class _GridPlan:
    """Preallocated evaluation of one network on the snapshot's two grids.

    The snapshot needs the output over the boundary grid and every unit's activation
    over the thumbnail grid. Both grids are stacked into one batch of N points, so a
    layer costs one BLAS product and one activation call for both, and the work runs
    transposed (units x points) because the layers are only a few units wide:

    * a unit's thumbnail is then a contiguous slice of its row: no transpose;
    * the bias rides in the product: every activation block carries a last row of
      ones and the layer's matrix a last column ``b``, so ``[W^T | b] @ [h; 1]`` adds
      the bias as the last term of the sum that ``h @ W + b`` computes. (In row
      layout, broadcasting a (w,) bias over (N, w) runs an inner loop of length w and
      costs about half as much as the tanh.)

    The numbers agree with :meth:`Network.forward` to rounding; with NumPy's bundled
    OpenBLAS they are the same bits.

    All buffers are allocated once per (network, grids) -- one block per layer, about
    0.1 MB per unit at the GUI's grid sizes: fresh megabyte arrays on every call cost
    page faults that triple the time of the products. The parameters are read on
    every :meth:`run`, which hands out only new arrays, plus :attr:`input_grids`
    (read-only; the plan never writes it again). Like the trainer, a plan is used by
    one thread at a time.

    Parameters
    ----------
    net : Network
    boundary_inputs, thumb_inputs : (n_b, n_in) and (n_t, n_in) float64 arrays
        Feature matrices of the boundary and thumbnail grid points (kept: the trainer
        checks by identity that they are still its current ones).
    boundary_shape, thumb_shape : tuple of int
        Raster shapes: ``(G, G)`` and ``(T, T)``, or ``(G,)`` and ``(T,)`` for 1-D data.
    """

    def __init__(
        self,
        net: Network,
        boundary_inputs: np.ndarray,
        thumb_inputs: np.ndarray,
        boundary_shape: tuple[int, ...],
        thumb_shape: tuple[int, ...],
    ) -> None:
        self.net = net
        self.boundary_inputs = boundary_inputs
        self.thumb_inputs = thumb_inputs
        self._bshape = boundary_shape
        self._tshape = thumb_shape
        sizes = [int(s) for s in net.layer_sizes]
        fans = list(zip(sizes[:-1], sizes[1:], strict=True))
        nb = boundary_inputs.shape[0]
        n = nb + thumb_inputs.shape[0]
        self._nb = nb
        self._rows = np.arange(nb)

        x = np.empty((sizes[0] + 1, n))
        x[:-1, :nb] = boundary_inputs.T
        x[:-1, nb:] = thumb_inputs.T
        x[-1] = 1.0
        self._x = x
        grids = np.ascontiguousarray(thumb_inputs.T, dtype=np.float32)
        self.input_grids = grids.reshape(sizes[0], *thumb_shape)
        self.input_grids.setflags(write=False)

        # One gather from params then fills every layer's [W^T | b].
        self._index = _gather_index(net)
        mats = np.empty(self._index.size)
        self._mats = mats

        acts = [OUTPUT_ACTIVATIONS[name] for name in net.activations]
        # Hidden layers: ([W^T | b], z, activation rows, activation block with the
        # row of ones, kernel). z is scratch shared by all layers (each activation
        # consumes it at once), except that a linear layer's z is its activation.
        self._hidden: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, ForwardInto]] = []
        scratch = np.empty(max(sizes[1:-1], default=0) * n)
        off = 0
        for (fan_in, fan_out), act in zip(fans[:-1], acts[:-1], strict=True):
            mat = mats[off : off + fan_out * (fan_in + 1)].reshape(fan_out, fan_in + 1)
            off += mat.size
            block = np.empty((fan_out + 1, n))
            block[-1] = 1.0
            a = block[:-1]
            z = a if act.name == "linear" else scratch[: fan_out * n].reshape(fan_out, n)
            self._hidden.append((mat, z, a, block, _forward_kernel(act)))
        self._output = _OutputStage(mats[off:], fans[-1], n, acts[-1])

    def run(self) -> tuple[np.ndarray, np.ndarray | None, list[np.ndarray]]:
        """Evaluate the network with its current parameters.

        Returns
        -------
        boundary : float32 array of the boundary shape
            The output (k = 1) or the winning class's output (k > 1).
        boundary_class : int8 array of the boundary shape, or None when k = 1
        neuron_grids : list of float32 arrays (n_units, *thumb_shape)
            One per column of the network: inputs, hidden layers, output.
        """
        np.take(self.net.params, self._index, out=self._mats)
        nb, tshape = self._nb, self._tshape
        dot = np.dot
        grids = [self.input_grids]
        h = self._x
        for mat, z, a, block, kernel in self._hidden:
            dot(mat, h, out=z)
            r = kernel(z, a)
            if r is not a:  # an identity kernel returns z (only linear, whose z is a)
                np.copyto(a, r)
            grids.append(_frozen_f32(a[:, nb:], tshape))
            h = block
        _, out = self._output.run(h)
        grids.append(_frozen_f32(out[nb:].T, tshape))

        out_b = out[:nb]
        boundary_class = None
        if out.shape[1] > 1:
            cls = np.argmax(out_b, axis=1)
            best = out_b[self._rows, cls]
            boundary_class = cls.astype(np.int8).reshape(self._bshape)
            boundary_class.setflags(write=False)
        else:
            best = out_b[:, 0]
        boundary = best.astype(np.float32).reshape(self._bshape)
        boundary.setflags(write=False)
        return boundary, boundary_class, grids


def _frozen_f32(rows: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A new read-only float32 copy of ``rows`` (units, points) as (units, *shape)."""
    g = np.ascontiguousarray(rows, dtype=np.float32).reshape(rows.shape[0], *shape)
    g.setflags(write=False)
    return g


class _LossPlan:
    """Preallocated full-set losses of one network on the stacked training and test sets.

    A history record needs only the two losses, not the accuracy :meth:`Trainer.evaluate`
    adds, and it is taken thousands of times a run, so it runs the way :class:`_GridPlan`
    does: transposed (units x samples), the bias riding in each product as a last
    column of the layer matrix against a row of ones, every buffer allocated once. The
    losses are the same bits as ``evaluate()``'s with NumPy's bundled OpenBLAS (the
    products sum the same terms in the same order); measured on the 2-core CI machine
    it takes 64 % of ``evaluate()``'s time on the default network and 72 % on 6x8 tanh.

    Unlike the grid plan, which hands out every layer's activations, this one needs
    only the last: the hidden layers take turns in two blocks, so the buffers a record
    touches stay few (cache misses after the training steps between two records cost
    about a tenth of a record on 6x8 with one block per layer).

    Parameters
    ----------
    net : Network
    inputs : (n, n_in) float64 array
        The training set's feature rows followed by the test set's (kept: the trainer
        checks by identity that they are still its current ones).
    n_train : int
        Rows of ``inputs`` that are the training set.
    y_train, y_test : (n_train, k) and (n - n_train, k) float64 arrays
        Loss targets.
    loss : Loss
    """

    def __init__(
        self,
        net: Network,
        inputs: np.ndarray,
        n_train: int,
        y_train: np.ndarray,
        y_test: np.ndarray,
        loss: Loss,
    ) -> None:
        self.net = net
        self.inputs = inputs
        self.loss = loss
        self._n_train = n_train
        self._y_train = y_train
        self._y_test = y_test
        self._has_test = y_test.shape[0] > 0
        sizes = [int(s) for s in net.layer_sizes]
        fans = list(zip(sizes[:-1], sizes[1:], strict=True))
        n = inputs.shape[0]
        x = np.empty((sizes[0] + 1, n))
        x[:-1] = inputs.T
        x[-1] = 1.0
        self._x = x
        self._index = _gather_index(net)
        mats = np.empty(self._index.size)
        self._mats = mats
        acts = [OUTPUT_ACTIVATIONS[name] for name in net.activations]
        # As in _GridPlan: z is scratch shared by the hidden layers (a kernel need not
        # work in place), except that a linear layer's z is its activation. Layer i
        # writes [a; 1] into turn i % 2; its row of ones must be written again on each
        # run only if a wider layer of the same turn overwrites it.
        widths = sizes[1:-1]
        rows = max(widths, default=0) + 1
        turns = (np.empty(rows * n), np.empty(rows * n))
        scratch = np.empty((rows - 1) * n)
        self._hidden: list[
            tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, ForwardInto, bool]
        ] = []
        off = 0
        for i, ((fan_in, fan_out), act) in enumerate(zip(fans[:-1], acts[:-1], strict=True)):
            mat = mats[off : off + fan_out * (fan_in + 1)].reshape(fan_out, fan_in + 1)
            off += mat.size
            block = turns[i % 2][: (fan_out + 1) * n].reshape(fan_out + 1, n)
            block[-1] = 1.0
            a = block[:-1]
            z = a if act.name == "linear" else scratch[: fan_out * n].reshape(fan_out, n)
            refill = any(w > fan_out for w in widths[i % 2 :: 2])
            self._hidden.append((mat, z, a, block, _forward_kernel(act), refill))
        self._output = _OutputStage(mats[off:], fans[-1], n, acts[-1])

    def run(self) -> tuple[float, float]:
        """(train loss, test loss) of the network's current parameters (test: NaN if empty)."""
        np.take(self.net.params, self._index, out=self._mats)
        dot = np.dot
        h = self._x
        for mat, z, a, block, kernel, refill in self._hidden:
            if refill:
                block[-1] = 1.0
            dot(mat, h, out=z)
            r = kernel(z, a)
            if r is not a:  # an identity kernel returns z (only linear, whose z is a)
                np.copyto(a, r)
            h = block
        zt, a = self._output.run(h)
        ntr = self._n_train
        value = self.loss.value
        train = value(zt[:ntr], a[:ntr], self._y_train)
        test = value(zt[ntr:], a[ntr:], self._y_test) if self._has_test else math.nan
        return train, test


def _gather_index(net: Network) -> np.ndarray:
    """Positions in ``net.params`` that, gathered in order, fill every layer's ``[W^T | b]``.

    The network's own layout applied to the positions 0..n_params-1 says where each
    entry lies, so one ``np.take`` per evaluation refreshes all transposed layer matrices.
    """
    w_pos, b_pos = net.param_views(np.arange(net.n_params, dtype=np.intp))
    return np.concatenate(
        [np.hstack([w.T, b[:, None]]).ravel() for w, b in zip(w_pos, b_pos, strict=True)]
    )


# --------------------------------------------------------------------------- unit ids

#: Id of each input feature: its index in :data:`~nnsim.core.features.FEATURES`, so
#: switching a feature off and on again gives it back its id (and its weights).
FEATURE_IDS: dict[str, int] = {name: i for i, name in enumerate(FEATURES)}
#: First id of hidden and output units; lower ids belong to the features.
FIRST_UNIT_ID = 100
#: Where :class:`UnitCarry` looks first for a value (``"auto"`` is resolved by the caller).
PREFER = ("live", "stored", "auto")


class Units(tuple):
    """Stable unit ids, one tuple per column: (features, hidden layers..., output).

    Compares equal to (and can be used as) a plain ``tuple[tuple[int, ...], ...]``;
    it also carries :attr:`next_id`, the lowest id that no unit has had yet, so
    edits that add units never reuse the id of one that was removed (whose weights
    an undo command may still hold).

    Parameters
    ----------
    columns : sequence of sequences of int
        Ids per column.
    next_id : int, optional
        Lower bound for :attr:`next_id` (taken from ``columns`` when it is a Units).
        The result is always above every id in ``columns`` and at least
        :data:`FIRST_UNIT_ID`.
    """

    next_id: int

    def __new__(cls, columns: Iterable[Iterable[int]] = (), next_id: int | None = None) -> Units:
        cols = tuple(tuple(int(u) for u in col) for col in columns)
        self = super().__new__(cls, cols)
        floor = next_id if next_id is not None else getattr(columns, "next_id", 0)
        top = max((u for col in cols for u in col), default=-1)
        self.next_id = max(FIRST_UNIT_ID, top + 1, int(floor))
        return self

    def __reduce__(self):  # copy/pickle keep next_id (tuple's own reduce would drop it)
        return (Units, (tuple(self), self.next_id))

    def __repr__(self) -> str:
        return f"Units({tuple(self)!r}, next_id={self.next_id})"

    @property
    def sizes(self) -> tuple[int, ...]:
        """Units per column (the layer sizes they describe)."""
        return tuple(len(col) for col in self)

    def positions(self) -> dict[int, tuple[int, int]]:
        """Map unit id -> (column, index within the column)."""
        return {u: (c, k) for c, col in enumerate(self) for k, u in enumerate(col)}


def check_units(units: Iterable[Iterable[int]], exp: Experiment) -> Units:
    """``units`` as :class:`Units` after checking that they describe ``exp``.

    Raises
    ------
    ValueError
        Wrong number of columns or units per column, feature ids that do not match
        ``exp.features``, or an id used twice. (A programming error, not a user's.)
    """
    u = units if isinstance(units, Units) else Units(units)
    sizes = tuple(exp.layer_sizes)
    if u.sizes != sizes:
        raise ValueError(f"unit ids for layer sizes {list(u.sizes)}, the network has {list(sizes)}")
    if u[0] != tuple(FEATURE_IDS[name] for name in exp.features):
        raise ValueError(f"feature ids {u[0]} do not match the features {exp.features}")
    flat = [i for col in u for i in col]
    if len(set(flat)) != len(flat):
        raise ValueError(f"a unit id is used twice in {tuple(u)}")
    if any(i < FIRST_UNIT_ID for col in u[1:] for i in col):
        raise ValueError(f"hidden and output ids must be >= {FIRST_UNIT_ID}")
    return u


def reconcile_units(units: Iterable[Iterable[int]], exp: Experiment) -> Units:
    """Unit ids for ``exp`` that keep ``units`` by position.

    Used for changes that do not say which unit went where (a data set with more
    classes, a hyper-parameter panel edit): feature ids come from the names; hidden
    layer ``i`` keeps the ids of old hidden layer ``i`` (cut or extended at the end);
    the output keeps its ids likewise. New units get fresh ids.

    Parameters
    ----------
    units : sequence of sequences of int
        The current ids (``()`` for none: every hidden and output id is fresh).
    exp : Experiment
        The experiment to describe.

    Returns
    -------
    Units
    """
    old = units if isinstance(units, Units) else Units(units)
    next_id = old.next_id
    old_hidden = list(old[1:-1]) if len(old) >= 2 else []
    old_out = old[-1] if len(old) >= 2 else ()

    def keep(ids: tuple[int, ...], n: int) -> tuple[int, ...]:
        nonlocal next_id
        kept = ids[:n]
        extra = tuple(range(next_id, next_id + n - len(kept)))
        next_id += len(extra)
        return kept + extra

    cols: list[tuple[int, ...]] = [tuple(FEATURE_IDS[name] for name in exp.features)]
    for i, layer in enumerate(exp.hidden):
        cols.append(keep(old_hidden[i] if i < len(old_hidden) else (), layer.width))
    cols.append(keep(old_out, exp.n_outputs))
    return Units(cols, next_id)


def default_units(exp: Experiment) -> Units:
    """The ids a fresh document gets: feature ids, then sequential ids from FIRST_UNIT_ID."""
    return reconcile_units((), exp)


def fresh_network(exp: Experiment) -> Network:
    """``exp``'s network with its seeded initial weights (layer i: ``default_rng([seed, i])``)."""
    return Network(
        exp.layer_sizes,
        exp.activations,
        seed=exp.seed,
        init=exp.hyper.init,
        init_value=exp.hyper.init_value,
    )


def overlay_by_units(
    W: Sequence[np.ndarray],
    b: Sequence[np.ndarray],
    units: Sequence[Sequence[int]],
    src_W: Sequence[np.ndarray],
    src_b: Sequence[np.ndarray],
    src_units: Sequence[Sequence[int]],
    links: Iterable[tuple[int, int]] | None = None,
    bias_units: Iterable[int] | None = None,
) -> None:
    """Copy, by unit id, every weight and bias of a source network that ``W``/``b`` also have.

    A weight belongs to the link (source unit id, target unit id); it is copied when
    the link exists in both networks (both units present and in adjacent columns).
    A bias belongs to its (non-input) unit and is copied when the unit exists in both.

    Parameters
    ----------
    W, b : sequences of (fan_in, fan_out) and (fan_out,) arrays
        The target parameters, written in place.
    units : sequence of sequences of int
        Ids per column of the target (``len(W) + 1`` columns).
    src_W, src_b : sequences of arrays
        The source parameters.
    src_units : sequence of sequences of int
        Ids per column of the source.
    links : iterable of (int, int), optional
        Copy only these links. With ``links`` or ``bias_units`` given, only the
        listed parameters are copied (a missing one of the two means none of its kind).
    bias_units : iterable of int, optional
        Copy only the biases of these units.
    """
    pos = {u: (c, k) for c, col in enumerate(src_units) for k, u in enumerate(col)}
    if links is not None or bias_units is not None:
        dpos = {u: (c, k) for c, col in enumerate(units) for k, u in enumerate(col)}
        for s, d in links or ():
            ds, dd, ss, sd = dpos.get(s), dpos.get(d), pos.get(s), pos.get(d)
            if None in (ds, dd, ss, sd) or dd[0] != ds[0] + 1 or sd[0] != ss[0] + 1:
                continue
            W[ds[0]][ds[1], dd[1]] = src_W[ss[0]][ss[1], sd[1]]
        for u in bias_units or ():
            du, su = dpos.get(u), pos.get(u)
            if du is None or su is None or du[0] == 0 or su[0] == 0:
                continue
            b[du[0] - 1][du[1]] = src_b[su[0] - 1][su[1]]
        return

    def by_column(ids: Sequence[int]) -> dict[int, tuple[list[int], list[int]]]:
        """Source column -> (indices in ``ids``, indices in that source column)."""
        groups: dict[int, tuple[list[int], list[int]]] = {}
        for k, u in enumerate(ids):
            p = pos.get(u)
            if p is not None:
                here, there = groups.setdefault(p[0], ([], []))
                here.append(k)
                there.append(p[1])
        return groups

    n_src = len(src_W)
    for i in range(len(W)):
        rows = by_column(units[i])
        cols = by_column(units[i + 1])
        for c, (r_new, r_src) in rows.items():
            if c >= n_src or c + 1 not in cols:
                continue
            c_new, c_src = cols[c + 1]
            W[i][np.ix_(r_new, c_new)] = src_W[c][np.ix_(r_src, c_src)]
        for c, (c_new, c_src) in cols.items():
            if c >= 1:
                b[i][c_new] = src_b[c - 1][c_src]


@dataclass(frozen=True, eq=False)
class UnitCarry:
    """How :meth:`Trainer.apply` fills the network of an edited architecture, by unit id.

    For every weight (link) and bias of the new architecture the value comes from the
    live network when its units exist there, else from :attr:`fallback` when they
    exist there, else from the fresh seeded initialisation -- with ``prefer="live"``.
    With ``prefer="stored"`` the fallback wins over the live network (an exact load
    when the fallback covers the whole network: undo while paused).

    Attributes
    ----------
    units : Units
        Ids per column of the new architecture.
    fallback : Weights or None
        Stored values (those an undo command kept when it removed a layer).
    fallback_units : Units or None
        Ids per column of ``fallback`` (default: :attr:`units`).
    pinned_weights : frozenset of (int, int)
        Links (source id, target id) whose value is taken from ``fallback`` even when
        they exist live: the numbers an edit set by hand (a weight scrub).
    pinned_biases : frozenset of int
        Units whose bias is taken from ``fallback`` likewise.
    prefer : str
        ``"live"``, ``"stored"``, or ``"auto"`` -- live while training, stored while
        paused; the training controller resolves "auto" (the Trainer refuses it).
    """

    units: Units
    fallback: Weights | None = None
    fallback_units: Units | None = None
    pinned_weights: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    pinned_biases: frozenset[int] = field(default_factory=frozenset)
    prefer: str = "live"

    def __post_init__(self) -> None:
        if self.prefer not in PREFER:
            raise ValueError(f"prefer must be one of {', '.join(PREFER)}, got {self.prefer!r}")
        units = self.units if isinstance(self.units, Units) else Units(self.units)
        object.__setattr__(self, "units", units)
        fb_units = self.fallback_units
        if fb_units is None:
            fb_units = units
        elif not isinstance(fb_units, Units):
            fb_units = Units(fb_units)
        object.__setattr__(self, "fallback_units", fb_units)
        object.__setattr__(self, "pinned_weights", frozenset(self.pinned_weights))
        object.__setattr__(self, "pinned_biases", frozenset(self.pinned_biases))
        if self.fallback is not None:
            sizes = fb_units.sizes
            shapes = [w.shape for w in self.fallback.W]
            want = [(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
            if shapes != want:
                raise ValueError(f"fallback weights {shapes} do not fit units of sizes {sizes}")

    def resolved(self, playing: bool) -> UnitCarry:
        """This carry with ``"auto"`` resolved: live while ``playing``, else stored."""
        if self.prefer != "auto":
            return self
        return replace(self, prefer="live" if playing else "stored")

    def __repr__(self) -> str:
        return (
            f"UnitCarry(sizes={list(self.units.sizes)}, fallback={self.fallback is not None}, "
            f"pinned={len(self.pinned_weights) + len(self.pinned_biases)}, prefer={self.prefer!r})"
        )


# --------------------------------------------------------------------------- checkpoints


class _Checkpoints:
    """Healthy weights to fall back on when training diverges.

    "Last finite" is not "last good": a few steps before the loss overflows, the weights
    are already enormous (issue 14: |w| = 2.6e47), and training from them diverges again
    at any learning rate. So the trainer keeps the weights of the start of the run
    (:attr:`start`) and a ring of the newest :data:`CHECKPOINTS` *healthy* ones -- taken
    at history records, where the full-set training loss is computed anyway, when it is
    no higher than at the start. Copying the parameters at a record costs well under a
    microsecond next to the record's tens of microseconds, and nothing is added to a
    plain step.

    The optimizer state is not kept: a rollback resets it, as the velocity or moments
    built up at the rate that diverged would push the restored weights the same way.

    Parameters
    ----------
    params : (n_params,) array
        The weights training starts from (copied).
    step : int
        The step counter at the start.
    start_loss : float
        Full-set training loss of ``params`` (NaN or inf when it overflows).
    zero_loss : float
        Training loss of an all-zero network: the targets' own scale.
    source : str
        ``"loaded"`` when ``params`` came with the experiment (a file), else
        ``"trainer"`` (seeded init, an edit, a value set by hand).

    Attributes
    ----------
    loss_limit : float
        A minibatch loss above this (or NaN) is an explosion.
    start_exploded : bool
        The start is itself exploded: its loss is not finite or already past
        :data:`EXPLOSION_FACTOR` times the targets' scale, or its weights past
        :data:`WEIGHT_NORM_LIMIT`. No learning rate helps then: training refuses to
        take a step and the divergence blames the weights (see :class:`DivergedError`).
    healthy_below : float
        A checkpoint's full-set training loss must be at most this: the start's.
    """

    def __init__(
        self, params: np.ndarray, step: int, start_loss: float, zero_loss: float, source: str
    ) -> None:
        self.start = params.copy()
        self.start_step = int(step)
        self.source = source
        scale = max(zero_loss, 1.0) if math.isfinite(zero_loss) else 1.0
        sq = float(np.dot(self.start, self.start))
        self.start_exploded = not (
            start_loss <= EXPLOSION_FACTOR * scale and sq <= WEIGHT_NORM_LIMIT**2
        )
        if self.start_exploded:
            # No learning rate trains sensibly from weights whose loss is already out of
            # scale (weights of 1e10 in a ReLU net "train" into a net of dead units):
            # the first step trips, and the divergence blames the weights.
            self.loss_limit = -math.inf
        else:
            # Capped below infinity, so an infinite loss trips the check too.
            self.loss_limit = min(EXPLOSION_FACTOR * max(start_loss, scale), _FLOAT_MAX)
        self.healthy_below = start_loss
        self._ring = np.empty((CHECKPOINTS, params.size))
        self._steps = [0] * CHECKPOINTS
        self._losses = [math.inf] * CHECKPOINTS
        self._count = 0  # valid ring entries, the newest at slot (_next - 1) % CHECKPOINTS
        self._next = 0

    def offer(self, params: np.ndarray, step: int, train_loss: float) -> None:
        """Keep ``params`` (the weights after ``step`` updates) if ``train_loss`` is healthy."""
        if not train_loss <= self.healthy_below:  # also refuses NaN
            return
        i = self._next
        np.copyto(self._ring[i], params)
        self._steps[i] = int(step)
        self._losses[i] = float(train_loss)
        self._next = (i + 1) % CHECKPOINTS
        self._count = min(self._count + 1, CHECKPOINTS)

    def fall_back(self) -> tuple[np.ndarray, int, bool]:
        """The weights to restore: ``(params, step, is_start)`` (params: do not write).

        Of the ring, the checkpoint with the lowest training loss, the newest among
        equals; the start when the ring is empty. Not simply the newest: a run that
        slowly works up to an explosion can still be under the start's loss at its
        last records, already on the rising flank, and the ring reaches back past it.
        Nothing is dropped, so diverging again and again at a rate still too high
        lands on the same weights (or better ones found in between): trained progress
        is never lost to repeated tries.
        """
        if not self._count:
            return self.start, self.start_step, True
        newest_first = [(self._next - 1 - k) % CHECKPOINTS for k in range(self._count)]
        i = min(newest_first, key=self._losses.__getitem__)
        return self._ring[i], self._steps[i], False

    def __repr__(self) -> str:
        newest = self._steps[(self._next - 1) % CHECKPOINTS] if self._count else None
        return (
            f"_Checkpoints(start_step={self.start_step}, kept={self._count}, "
            f"newest={newest}, start_exploded={self.start_exploded}, source={self.source!r})"
        )


# --------------------------------------------------------------------------- trainer


def _regularization(exp: Experiment) -> tuple[float, float]:
    h = exp.hyper
    if h.regularization == "l1":
        return float(h.reg_rate), 0.0
    if h.regularization == "l2":
        return 0.0, float(h.reg_rate)
    return 0.0, 0.0


class Trainer:
    """Data + network + optimizer for one experiment.

    Parameters
    ----------
    exp : Experiment
        Validated on entry. ``exp.weights``, if present, are loaded exactly and the
        step counter starts at ``exp.step`` (and the batch order resumes there);
        otherwise the weights come from ``Network(seed=exp.seed)`` at step 0.
    units : sequence of sequences of int, optional
        Stable ids of the network's units per column (the document's, so that later
        :class:`UnitCarry` edits can find trained values); :func:`default_units`
        when omitted.
    history_capacity : int
        Records kept by :attr:`history`.
    record_history : bool
        Whether training records :attr:`history` (see :attr:`record_history`).

    Attributes
    ----------
    experiment : Experiment
        The experiment in force (as last applied; its ``weights`` are not updated by
        training -- see :meth:`to_experiment`).
    network : Network
    dataset : Dataset
    step_count : int
        Updates done. (The contract calls this ``step``, but that name is the method.)
    epoch : int
        Complete passes over the training set.
    stopped : str or None
        Why the stop condition halted the last :meth:`step` call, else None; a
        translatable :class:`~nnsim.core.messages.Message` (show it with ``localize``).
    history : History
        The curves; records are spaced by the cost model of :func:`record_stride`.
    record_history : bool
        False leaves :attr:`history` without records (marks are still kept): for
        benchmarks that time the bare training step. Weights, losses and batches are
        the same bits either way -- up to a divergence: the healthy checkpoints are
        taken at records, so without them a divergence falls back on the start.
    run_id, data_version : int
        Bumped by rebuilds of the network/features/data and by data regeneration.
    units : Units
        Ids of the live network's units per column (see :class:`UnitCarry`).
    """

    def __init__(
        self,
        exp: Experiment,
        *,
        units: Sequence[Sequence[int]] | None = None,
        history_capacity: int = HISTORY_CAPACITY,
        record_history: bool = True,
    ) -> None:
        self._history_capacity = int(history_capacity)
        self.record_history = bool(record_history)
        self.stopped: str | None = None
        self.load(exp, units)

    # ------------------------------------------------------------------ building
    def load(self, exp: Experiment, units: Sequence[Sequence[int]] | None = None) -> None:
        """Start over on ``exp`` as if freshly constructed (weights and step from it).

        Use this, or a new Trainer, to open a file or lesson: :meth:`apply` is for
        edits of the running experiment and never rewinds the step counter.
        ``units`` are the ids of the network's units (:func:`default_units` if None).
        """
        exp.validate()
        self.units: Units = default_units(exp) if units is None else check_units(units, exp)
        self.experiment = exp
        self.stopped = None
        self._version = 0
        self._eval_cache: tuple[tuple[int, int], Metrics] | None = None
        self._grid_cache: dict[tuple, np.ndarray] = {}
        self._plan: _GridPlan | None = None
        self._data_arrays: tuple[Dataset, tuple[np.ndarray, ...]] | None = None
        self._loss_plan: _LossPlan | None = None
        self._build_data(exp)
        self.network = self._new_network(exp)
        self.history = History(len(exp.layer_sizes) - 1, self._history_capacity)
        self._set_hyper(exp, new_optimizer=True)
        self._weights_token = exp.weights
        self.step_count = 0
        if exp.weights is not None:
            self.network.set_weights(exp.weights.W, exp.weights.b)
            self.step_count = int(exp.step)
        self._restart_checkpoints("loaded" if exp.weights is not None else "trainer")
        self._position_batches()
        self._update_record_stride()
        self.run_id = next(_run_ids)

    def _build_data(self, exp: Experiment) -> None:
        ds = make_dataset(exp.data)
        if ds.x_train.shape[0] == 0:
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "Trainer", "the training set is empty; use more samples or a larger split"
                )
            )
        self.dataset: Dataset = ds
        self._y_train_t = np.ascontiguousarray(ds.targets(ds.y_train), dtype=np.float64)
        self._y_test_t = np.ascontiguousarray(ds.targets(ds.y_test), dtype=np.float64)
        self._build_features(exp)
        self.data_version = next(_data_versions)

    def _build_features(self, exp: Experiment) -> None:
        ds = self.dataset
        xtr = np.ascontiguousarray(feature_matrix(ds.x_train, exp.features), dtype=np.float64)
        xte = np.ascontiguousarray(feature_matrix(ds.x_test, exp.features), dtype=np.float64)
        self._x_train = xtr
        self._n_train = xtr.shape[0]
        # Train and test stacked: one forward pass evaluates both sets.
        self._x_all = np.concatenate([xtr, xte])
        # Shuffled copies of the training set for the current epoch: batches are then
        # contiguous slices (views), not fancy-indexed gathers, on every step.
        self._xs = np.empty_like(xtr)
        self._ys = np.empty_like(self._y_train_t)
        self._grid_cache = {}

    @staticmethod
    def _new_network(exp: Experiment) -> Network:
        return fresh_network(exp)

    def _set_hyper(self, exp: Experiment, new_optimizer: bool) -> None:
        h = exp.hyper
        self._lr = float(h.learning_rate)
        self._loss_name = h.loss
        self._loss = LOSSES[h.loss]
        self._l1, self._l2 = _regularization(exp)
        self._bs = max(1, min(int(h.batch_size), self._n_train))
        if new_optimizer:
            self._optimizer = make_optimizer(h.optimizer, self.network.params.size, h.momentum)

    def _position_batches(self) -> None:
        """Epoch and offset for ``step_count`` assuming the current batch size throughout."""
        spe = self.steps_per_epoch
        self.epoch, within = divmod(self.step_count, spe)
        self._offset = within * self._bs
        self._shuffle(self.epoch)

    def _shuffle(self, epoch: int) -> None:
        perm = np.random.default_rng([self.experiment.seed, BATCH_STREAM, epoch]).permutation(
            self._n_train
        )
        np.take(self._x_train, perm, axis=0, out=self._xs)
        np.take(self._y_train_t, perm, axis=0, out=self._ys)

    @property
    def steps_per_epoch(self) -> int:
        """Minibatches per epoch (the last one may be smaller)."""
        return -(-self._n_train // self._bs)

    @property
    def optimizer(self):
        """The optimizer in force (its state persists across hyper-parameter edits)."""
        return self._optimizer

    # ------------------------------------------------------------------ training
    def step(self, n: int = 1) -> Metrics:
        """Do ``n`` minibatch updates (fewer if the stop condition fires).

        Returns
        -------
        Metrics
            Full-set metrics after the last update.

        Raises
        ------
        DivergedError
            The loss or the weights exploded (see :class:`_Checkpoints`). The
            parameters were set back to the newest healthy checkpoint, the optimizer
            state was reset, and the step counter stays at the last update done (it
            never runs backwards: the curves keep the explosion, then the drop).
        """
        self.train(n)
        return self.evaluate()

    def train(self, n: int = 1) -> int:
        """Do ``n`` minibatch updates like :meth:`step`, without evaluating afterwards.

        :meth:`step` ends with a forward pass over the whole data set for its metrics;
        a caller that trains in many short calls and looks at the metrics less often
        (the GUI's training thread: a few dozen steps per call, one snapshot per frame)
        would spend several per cent of its time on those. Returns the updates done (fewer
        than ``n`` if the stop condition fires); raises as :meth:`step` does.
        """
        n = int(n)
        if n < 0:
            raise ValueError(f"cannot take {n} steps")
        before = self.step_count
        self.stopped = None
        with np.errstate(all="ignore"):
            if n > 0 and not self._check_stop(
                self._evaluate_now() if self._wants_test_loss() else None
            ):
                self._run(n)
        return self.step_count - before

    def _wants_test_loss(self) -> bool:
        return self.experiment.stop.test_loss_below is not None

    def _check_stop(self, m: Metrics | None) -> bool:
        """Set :attr:`stopped` and return True if the stop condition holds now.

        ``m`` (current metrics) is needed only for the test-loss condition.
        """
        stop = self.experiment.stop
        if stop.epoch is not None and self.epoch >= stop.epoch:
            self.stopped = QT_TRANSLATE_NOOP(
                "Trainer", "Stopped after epoch {epoch}, as the stop condition asks."
            ).format(epoch=self.epoch)
            return True
        if stop.test_loss_below is not None and m is not None:
            if m.test_loss < stop.test_loss_below:
                self.stopped = QT_TRANSLATE_NOOP(
                    "Trainer",
                    "Stopped at step {step}: the test loss {loss:.4g} is below {limit:g}.",
                ).format(step=m.step, loss=m.test_loss, limit=stop.test_loss_below)
                return True
        return False

    def _run(self, n: int) -> None:
        net = self.network
        params = net.params
        grad = net.grad
        checkpoints = self._checkpoints_now()
        # Explosion checks that cost a plain step nothing measurable: a comparison of
        # the minibatch loss it computes anyway, and one dot product (the squared norm,
        # in place of the sum that used to test for NaN). Both comparisons are written
        # "not x <= limit" so that NaN trips them too.
        loss_limit = checkpoints.loss_limit
        sq_limit = WEIGHT_NORM_LIMIT**2
        dot = np.dot
        compute = net.compute_gradients
        layer_stats = net.layer_stats
        opt_step = self._optimizer.step
        loss_name, l1, l2, lr = self._loss_name, self._l1, self._l2, self._lr
        bs, ntr = self._bs, self._n_train
        xs, ys = self._xs, self._ys
        hist = self.history
        stride = hist.stride
        recording = self.record_history
        # A run's curve starts at its first step, whatever the stride.
        first = recording and len(hist) == 0
        losses_now = self._losses_now
        want_test = self._wants_test_loss()
        step = self.step_count
        off = self._offset
        try:
            for _ in range(n):
                end = off + bs
                loss = compute(xs[off:end], ys[off:end], loss_name, l1, l2)
                if not loss <= loss_limit:
                    # Already far out of scale (or NaN): these weights are useless and
                    # the next ones would be worse. Nothing of this step is applied.
                    self._diverged(step + 1, "loss")
                record = first or (recording and (step + 1) % stride == 0)
                if record:
                    # Before the update: optimizers may reuse the gradient buffer.
                    stats = layer_stats()
                opt_step(params, grad, lr)
                if not dot(params, params) <= sq_limit:
                    self._diverged(step + 1, "weights")
                step += 1
                off = end
                epoch_end = off >= ntr
                if epoch_end:
                    self.epoch += 1
                    off = 0
                    self._shuffle(self.epoch)
                if record or epoch_end:
                    self.step_count = step
                    self._offset = off
                if record:
                    if want_test:
                        # The stop condition needs the metrics anyway (same losses).
                        m = self._evaluate_now()
                        train_loss, test_loss = m.train_loss, m.test_loss
                    else:
                        train_loss, test_loss = losses_now()
                    hist.record(step, self.epoch + off / ntr, train_loss, test_loss, stats)
                    # The full-set loss is at hand: a healthy point to fall back on.
                    checkpoints.offer(params, step, train_loss)
                    stride = hist.stride
                    first = False
                    if want_test and self._check_stop(m):
                        break
                if epoch_end and self._check_stop(self._evaluate_now() if want_test else None):
                    break
        finally:
            self.step_count = step
            self._offset = off

    def _diverged(self, step: int, what: str) -> None:
        """Set the weights back to the newest healthy checkpoint and raise."""
        checkpoints = self._checkpoints_now()
        kept, kept_step, is_start = checkpoints.fall_back()
        np.copyto(self.network.params, kept)
        # The velocity or moments were built at the rate that diverged.
        self._optimizer.reset()
        self._version += 1
        cause = "learning_rate"
        if is_start and checkpoints.start_exploded:
            # Not even the start was healthy: the weights, not the rate, are to blame.
            cause = "loaded_weights" if checkpoints.source == "loaded" else "start_weights"
        raise DivergedError(step, what, self._lr, kept_step, cause)

    def _restart_checkpoints(self, source: str) -> None:
        """Make the current weights the start of a new series of checkpoints.

        Called when the weights or what their loss means change (a load, a reset, data,
        features, architecture, loss or a value set by hand): earlier checkpoints would
        undo that change, and their losses no longer compare. The checkpoints are
        built by the next training call, so a burst of edits costs one evaluation.
        ``source`` is ``"loaded"`` for weights that came with the experiment.
        """
        self._checkpoints: _Checkpoints | None = None
        self._checkpoint_source = source

    def _checkpoints_now(self) -> _Checkpoints:
        checkpoints = self._checkpoints
        if checkpoints is None:
            start_loss = self._losses_now()[0]
            out = OUTPUT_ACTIVATIONS[self.network.activations[-1]]
            zeros = np.zeros_like(self._y_train_t)
            zero_loss = float(self._loss.value(zeros, out.fn(zeros), self._y_train_t))
            checkpoints = self._checkpoints = _Checkpoints(
                self.network.params,
                self.step_count,
                float(start_loss),
                zero_loss,
                self._checkpoint_source,
            )
        return checkpoints

    # ------------------------------------------------------------------ metrics
    def _losses_now(self) -> tuple[float, float]:
        """Full-set (train, test) losses for a history record, through a cached plan."""
        plan = self._loss_plan
        if (
            plan is None
            or plan.net is not self.network
            or plan.inputs is not self._x_all
            or plan.loss is not self._loss
        ):
            # _x_all is rebuilt with every data or feature change, and the targets with it.
            plan = _LossPlan(
                self.network,
                self._x_all,
                self._n_train,
                self._y_train_t,
                self._y_test_t,
                self._loss,
            )
            self._loss_plan = plan
        return plan.run()

    def _update_record_stride(self) -> None:
        """Tell the history the record spacing the cost model allows for this run."""
        ds = self.dataset
        self.history.set_min_stride(
            record_stride(
                self.network.layer_sizes,
                self.network.activations,
                self._loss_name,
                ds.x_train.shape[0] + ds.x_test.shape[0],
                self._bs,
            )
        )

    def evaluate(self) -> Metrics:
        """Full-set losses (without the regularisation penalty) and accuracy / R^2."""
        with np.errstate(all="ignore"):
            return self._evaluate_now()

    def _evaluate_now(self) -> Metrics:
        key = (self.step_count, self._version)
        if self._eval_cache is not None and self._eval_cache[0] == key:
            return self._eval_cache[1]
        zs, acts = self.network.forward_all(self._x_all)
        z, a = zs[-1], acts[-1]
        ntr = self._n_train
        ds = self.dataset
        tr_loss, tr_metric = self._score(z[:ntr], a[:ntr], self._y_train_t, ds.y_train)
        te_loss, te_metric = self._score(z[ntr:], a[ntr:], self._y_test_t, ds.y_test)
        m = Metrics(self.step_count, self.epoch, tr_loss, te_loss, tr_metric, te_metric)
        self._eval_cache = (key, m)
        return m

    def _score(
        self, z: np.ndarray, a: np.ndarray, yt: np.ndarray, y: np.ndarray
    ) -> tuple[float, float]:
        """Loss and accuracy / R^2 of outputs ``z``, ``a`` (n, k) against targets ``yt``
        (n, k) and raw labels or values ``y`` (n,)."""
        if y.shape[0] == 0:
            return math.nan, math.nan
        loss = float(self._loss.value(z, a, yt))
        if self.dataset.task == "regression":
            resid = float(np.sum((a[:, 0] - y) ** 2))
            total = float(np.sum((y - y.mean()) ** 2))
            metric = 1.0 - resid / total if total > 0 else math.nan
        elif a.shape[1] == 1:
            metric = int(np.count_nonzero((a[:, 0] >= 0.5) == (y >= 0.5))) / y.shape[0]
        else:
            metric = int(np.count_nonzero(np.argmax(a, axis=1) == y)) / y.shape[0]
        return loss, metric

    # ------------------------------------------------------------------ editing
    def reset(self) -> None:
        """Fresh weights from the seed, step 0, epoch 0, history cleared, same data.

        The weights are those of ``Trainer(exp.without_weights())``: a reset ignores
        weights loaded from a file.
        """
        exp = self.experiment
        self.network = self._new_network(exp)
        self._set_hyper(exp, new_optimizer=True)
        self._restart_checkpoints("trainer")
        self.step_count = 0
        self._position_batches()
        self.history.clear(len(exp.layer_sizes) - 1)
        self._update_record_stride()
        self.stopped = None
        self._version += 1

    def apply(
        self, exp: Experiment, carry: Sequence[int | None] | UnitCarry | None = None
    ) -> None:
        """Switch to an edited experiment, rebuilding only what the edit changed.

        * Hyper-parameters (learning rate, loss, optimizer, momentum, regularisation,
          batch size, init, stop condition): take effect on the next step; weights,
          step and history stay. The optimizer state is reset only when its kind
          changes.
        * Data (data set, noise, samples, split, data seed, custom points): the data
          are regenerated; the weights stay if the layer shapes stay.
        * Features / architecture / activations: a new network. Weight layer ``i``
          keeps trained values from old layer ``carry[i]`` when given (used only if the
          shapes match); otherwise automatically from the old layer with the same
          (fan_in, fan_out) at the same index counted from the front, or else from
          the back, so inserting or deleting a middle layer keeps the others. Other
          layers get their fresh seeded init (``default_rng([seed, i])``).
        * ``carry`` a :class:`UnitCarry`: every weight and bias is placed by unit id
          instead (see there): untouched units keep their trained values, units the
          live network lacks come from the carry's stored weights or their seeded
          init, and ``exp.weights`` is not loaded. When neither the architecture nor
          the ids change, the values are updated in place and the optimizer keeps
          its state (a weight set by hand while training).
        * ``exp.seed``: a new run -- like :meth:`reset` with the new seed.
        * ``exp.weights`` (without a UnitCarry): loaded exactly when it is a different
          ``Weights`` object from the one last applied (an edit made with
          ``dataclasses.replace`` keeps the object, so it does not rewind training).
          The step counter is kept.

        Data, feature and architecture changes and weight loads add a history mark at
        the current step. :attr:`units` follows the edit (by position when no
        UnitCarry says otherwise).

        Raises
        ------
        ValueError
            A carry that does not fit ``exp`` (or a UnitCarry with ``prefer="auto"``).
        """
        exp.validate()
        n_layers = len(exp.layer_sizes) - 1
        unit_carry = carry if isinstance(carry, UnitCarry) else None
        if unit_carry is not None:
            new_units = check_units(unit_carry.units, exp)
            if unit_carry.prefer == "auto":
                raise ValueError("resolve UnitCarry.prefer 'auto' (UnitCarry.resolved) first")
            carry = None
        else:
            if carry is not None and len(carry) != n_layers:
                raise ValueError(f"carry has {len(carry)} entries for {n_layers} weight layers")
            new_units = reconcile_units(self.units, exp)
        old = self.experiment
        self.experiment = exp
        self._version += 1
        self.stopped = None

        if exp.seed != old.seed:
            new_weights = (
                unit_carry is None
                and exp.weights is not None
                and exp.weights is not self._weights_token
            )
            self.load(exp if new_weights else replace(exp, weights=None, step=0), new_units)
            self.experiment = exp
            self._weights_token = exp.weights
            return

        data_changed = exp.data != old.data
        features_changed = exp.features != old.features
        net_changed = (
            exp.layer_sizes != old.layer_sizes
            or exp.activations != old.activations
            or carry is not None
        )
        if data_changed:
            self._build_data(exp)
        elif features_changed:
            self._build_features(exp)

        values_changed = False
        if unit_carry is not None:
            net_changed, values_changed = self._carry_units(exp, new_units, unit_carry)
        elif net_changed:
            mapping = self._rebuild_network(exp, carry)
            self.history.remap_layers(mapping)
        self.units = new_units
        new_opt = net_changed or exp.hyper.optimizer != old.hyper.optimizer
        self._set_hyper(exp, new_optimizer=new_opt)
        if not new_opt:
            # Optimizers read their coefficient on every step: a new momentum applies
            # at once and the accumulated velocity is kept.
            self._optimizer.momentum = float(exp.hyper.momentum)
        if (
            data_changed
            or features_changed
            or net_changed
            or values_changed
            or exp.hyper.loss != old.hyper.loss
        ):
            # New weights or a new meaning of the loss: the checkpoints start here.
            self._restart_checkpoints("trainer")

        if data_changed:
            # The old permutation indexes the old training set: start this epoch's
            # batch order afresh on the new data.
            self._offset = 0
        if data_changed or features_changed:
            # New buffers; same data and seed give the same permutation, so a
            # feature edit resumes the epoch where it was.
            self._shuffle(self.epoch)
        if self._offset >= self._n_train:
            self._offset = 0
        # Data size, batch size and architecture set what a record costs per step.
        self._update_record_stride()
        if unit_carry is not None:
            # The carry said where every number comes from; the document's stored
            # weights are the file's starting point, not this edit's.
            self._weights_token = exp.weights
            loaded = False
        else:
            loaded = self._load_weights_if_new(exp, mark=True)
        if data_changed or features_changed or net_changed:
            self.run_id = next(_run_ids)
            if not loaded:
                # Numbers set by hand (values_changed alone) get no mark: a lecturer
                # scrubbing weights would otherwise fill the plots with lines.
                self.history.mark(self.step_count)

    def _carry_units(
        self, exp: Experiment, units: Units, carry: UnitCarry
    ) -> tuple[bool, bool]:
        """Fill ``exp``'s network by unit id as ``carry`` says.

        Returns
        -------
        rebuilt : bool
            A new Network replaced the old one (architecture or unit ids changed).
        changed : bool
            Any parameter value changed.
        """
        live = self.network
        new = self._new_network(exp)
        W, b = new.weights, new.biases
        fb = carry.fallback
        fb_units = carry.fallback_units
        if carry.prefer == "live":
            if fb is not None:
                overlay_by_units(W, b, units, fb.W, fb.b, fb_units)
            overlay_by_units(W, b, units, live.weights, live.biases, self.units)
            if fb is not None and (carry.pinned_weights or carry.pinned_biases):
                overlay_by_units(
                    W, b, units, fb.W, fb.b, fb_units,
                    links=carry.pinned_weights, bias_units=carry.pinned_biases,
                )
        else:
            overlay_by_units(W, b, units, live.weights, live.biases, self.units)
            if fb is not None:
                overlay_by_units(W, b, units, fb.W, fb.b, fb_units)
        same = (
            live.layer_sizes == new.layer_sizes
            and live.activations == new.activations
            and units == self.units
        )
        if same:
            # Same network, maybe new numbers: keep the object, its buffers and the
            # optimizer state, so a weight set while training does not restart momentum.
            changed = not np.array_equal(live.params, new.params)
            if changed:
                np.copyto(live.params, new.params)
            return False, changed
        self.history.remap_layers(self._layer_mapping(units))
        self.network = new
        return True, True

    def _layer_mapping(self, units: Units) -> list[int | None]:
        """Per new weight layer, the old one whose output units it mostly keeps (or None)."""
        pos = self.units.positions()
        mapping: list[int | None] = []
        for col in units[1:]:
            counts: dict[int, int] = {}
            for u in col:
                p = pos.get(u)
                if p is not None and p[0] >= 1:
                    counts[p[0] - 1] = counts.get(p[0] - 1, 0) + 1
            mapping.append(max(counts, key=lambda j: (counts[j], -j)) if counts else None)
        return mapping

    def set_weight(self, layer: int, src: int, dst: int, value: float) -> None:
        """Set one weight ``W[layer][src, dst]`` of the live network (a weight scrub).

        Takes effect on the next step and in the next snapshot; the optimizer keeps
        its state. Raises IndexError for a link that does not exist and ValueError
        for a value that is not finite.
        """
        self._set_param(self.network.weights, layer, (src, dst), value)

    def set_bias(self, layer: int, unit: int, value: float) -> None:
        """Set one bias ``b[layer][unit]`` of the live network (see :meth:`set_weight`)."""
        self._set_param(self.network.biases, layer, (unit,), value)

    def _set_param(
        self, arrays: Sequence[np.ndarray], layer: int, index: tuple[int, ...], value: float
    ) -> None:
        v = float(value)
        if not math.isfinite(v):
            raise ValueError(f"a weight must be a finite number, got {value!r}")
        if not 0 <= layer < len(arrays):
            raise IndexError(f"no weight layer {layer} in a network of {len(arrays)}")
        a = arrays[layer]
        if any(not 0 <= k < n for k, n in zip(index, a.shape, strict=True)):
            raise IndexError(f"no parameter {index} in layer {layer} of shape {a.shape}")
        a[index] = v
        # The rollback point of a divergence must not undo the value set by hand.
        self._restart_checkpoints("trainer")
        self._version += 1

    def _load_weights_if_new(self, exp: Experiment, mark: bool) -> bool:
        if exp.weights is None or exp.weights is self._weights_token:
            self._weights_token = exp.weights
            return False
        self._weights_token = exp.weights
        self.network.set_weights(exp.weights.W, exp.weights.b)
        self._restart_checkpoints("loaded")
        if mark:
            self.history.mark(self.step_count)
        return True

    def _rebuild_network(
        self, exp: Experiment, carry: Sequence[int | None] | None
    ) -> list[int | None]:
        """New network for ``exp``; returns, per new layer, the old layer it copied."""
        old = self.network
        new = self._new_network(exp)
        old_shapes = [w.shape for w in old.weights]
        new_shapes = [w.shape for w in new.weights]
        n_old, n_new = len(old_shapes), len(new_shapes)
        mapping: list[int | None] = [None] * n_new
        if carry is not None:
            for i, j in enumerate(carry):
                if j is not None and 0 <= j < n_old and old_shapes[j] == new_shapes[i]:
                    mapping[i] = j
        else:
            used: set[int] = set()
            for i in range(min(n_old, n_new)):
                if old_shapes[i] == new_shapes[i]:
                    mapping[i] = i
                    used.add(i)
            for i in range(n_new):
                j = n_old - n_new + i
                if mapping[i] is not None or j < 0 or j in used:
                    continue
                if old_shapes[j] == new_shapes[i]:
                    mapping[i] = j
                    used.add(j)
        for i, j in enumerate(mapping):
            if j is not None:
                new.weights[i][...] = old.weights[j]
                new.biases[i][...] = old.biases[j]
        self.network = new
        return mapping

    def to_experiment(self) -> Experiment:
        """The experiment with the current weights and step (ready for ``to_json``).

        ``Trainer(trainer.to_experiment())`` continues with the same batches. The
        optimizer's internal state (momentum, Adam's moments) is not part of the
        document, so only plain SGD continues bit-identically.
        """
        net = self.network
        return replace(
            self.experiment,
            weights=Weights(tuple(net.weights), tuple(net.biases)),
            step=self.step_count,
        )

    # ------------------------------------------------------------------ snapshot
    def _grid_features(self, n: int) -> np.ndarray:
        ds = self.dataset
        key = (n, ds.dims, tuple(ds.extent), self.experiment.features)
        fm = self._grid_cache.get(key)
        if fm is None:
            pts = grid_points(ds.extent, n, ds.dims)
            fm = feature_matrix(pts, self.experiment.features)
            fm = np.ascontiguousarray(fm, dtype=np.float64)
            self._grid_cache[key] = fm
        return fm

    def _grid_plan(self, grid: int, thumb: int) -> _GridPlan:
        """The evaluation plan for these grid sizes (rebuilt when the network object or
        the grid inputs -- data extent, features -- change)."""
        fb = self._grid_features(grid)
        ft = self._grid_features(thumb)
        plan = self._plan
        if (
            plan is None
            or plan.net is not self.network
            or plan.boundary_inputs is not fb
            or plan.thumb_inputs is not ft
        ):
            two_d = self.dataset.dims == 2
            plan = _GridPlan(
                self.network,
                fb,
                ft,
                (grid, grid) if two_d else (grid,),
                (thumb, thumb) if two_d else (thumb,),
            )
            self._plan = plan
        return plan

    def _frozen_data(self) -> tuple[np.ndarray, ...]:
        """Read-only copies of x_train, y_train, x_test, y_test, made once per data set:
        snapshots share them, as nothing ever writes them."""
        ds = self.dataset
        cached = self._data_arrays
        if cached is None or cached[0] is not ds:
            arrays = (frozen(ds.x_train), frozen(ds.y_train), frozen(ds.x_test), frozen(ds.y_test))
            cached = self._data_arrays = (ds, arrays)
        return cached[1]

    def snapshot(self, grid: int = 100, thumb: int = 40) -> Snapshot:
        """An immutable picture of the run for the views.

        Parameters
        ----------
        grid : int
            Cells per axis of the output raster (``boundary``).
        thumb : int
            Cells per axis of each neuron thumbnail (``neuron_grids``).

        The rasters sample the cell centres of :func:`grid_points` over
        ``dataset.extent``; see :class:`~nnsim.core.snapshot.Snapshot` for the fields.
        The worker calls this many times a second while training, so the rasters come
        from a preallocated :class:`_GridPlan`.
        """
        exp = self.experiment
        ds = self.dataset
        net = self.network
        with np.errstate(all="ignore"):
            m = self._evaluate_now()
            plan = self._grid_plan(grid, thumb)
            boundary, boundary_class, neuron_grids = plan.run()
        # One read-only copy of all parameters; W[i] and b[i] are views into it.
        weights, biases = net.param_views(frozen(net.params))
        x_train, y_train, x_test, y_test = self._frozen_data()

        return Snapshot(
            run_id=self.run_id,
            data_version=self.data_version,
            step=self.step_count,
            epoch=self.epoch,
            task=ds.task,
            n_classes=exp.n_classes,
            features=tuple(exp.features),
            layer_sizes=tuple(int(s) for s in net.layer_sizes),
            activations=tuple(net.activations),
            weights=tuple(weights),
            biases=tuple(biases),
            train_loss=m.train_loss,
            test_loss=m.test_loss,
            train_metric=m.train_metric,
            test_metric=m.test_metric,
            learning_rate=self._lr,
            history=self.history.arrays(),
            dims=ds.dims,
            extent=tuple(float(e) for e in ds.extent),
            boundary=boundary,
            boundary_class=boundary_class,
            neuron_grids=tuple(neuron_grids),
            x_train=x_train,
            y_train=y_train,
            x_test=x_test,
            y_test=y_test,
        )

    def __repr__(self) -> str:
        exp = self.experiment
        return (
            f"Trainer(data={exp.data.dataset!r}, sizes={list(exp.layer_sizes)}, "
            f"step={self.step_count}, epoch={self.epoch}, lr={self._lr:g}, "
            f"optimizer={exp.hyper.optimizer!r}, batch={self._bs})"
        )
