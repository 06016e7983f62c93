"""The training loop: data + network + optimizer, deterministic for a seed.

A :class:`Trainer` owns everything that changes while a network learns: the
generated data, the :class:`~nnsim.core.network.Network`, the optimizer state, the
batch order and a bounded :class:`~nnsim.core.history.History`. The training process
(:mod:`nnsim.core.worker`) drives it with :meth:`Trainer.step` and publishes
:meth:`Trainer.snapshot`; edits arrive through
:meth:`Trainer.apply`, which rebuilds only what an edit changed.

Determinism
-----------
Weights come from ``Network(seed=exp.seed)`` (layer ``i`` from
``default_rng([seed, i])``). The batch order of epoch ``e`` is the permutation drawn
from ``default_rng([seed, 1, e])`` (see :mod:`~nnsim.core.samples`) -- a dedicated
stream per epoch, so a trainer resumed at step ``s``
(``Trainer(exp.with_weights(..., step=s))``) visits exactly the batches a continuous
run would, without replaying earlier epochs. The same experiment therefore gives
bit-identical losses and weights on every run.

What the trainer uses lives beside it: :mod:`~nnsim.core.history` (the curves and
the cost model that spaces their records), :mod:`~nnsim.core.grid` (the snapshot's
rasters and the records' full-set losses), :mod:`~nnsim.core.units` (unit identity,
which edits carry weights by), :mod:`~nnsim.core.divergence` (explosion checks and
healthy checkpoints), :mod:`~nnsim.core.samples` (the data in the layouts training
reads) and :mod:`~nnsim.core.metrics`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from nnsim.core.activations import OUTPUT_ACTIVATIONS
from nnsim.core.datasets import Dataset, make_dataset
from nnsim.core.divergence import Checkpoints, DivergedError
from nnsim.core.experiment import Experiment, SavedHistory, Weights
from nnsim.core.grid import GridCache, LossPlan
from nnsim.core.history import HISTORY_CAPACITY, History, record_stride
from nnsim.core.losses import LOSSES
from nnsim.core.metrics import Metrics, score, stop_reason
from nnsim.core.network import Network
from nnsim.core.optimizers import Optimizer, make_optimizer, regularization_rates
from nnsim.core.samples import Samples
from nnsim.core.snapshot import Snapshot, frozen
from nnsim.core.units import (
    UnitCarry,
    Units,
    check_units,
    default_units,
    fresh_network,
    layer_mapping,
    reconcile_units,
    shape_mapping,
)

__all__ = ["Trainer"]

# Run ids and data versions are process-wide, so a view that keeps its items keyed on
# run_id rebuilds even when the controller swaps in a brand-new Trainer.
_run_ids = itertools.count(1)
_data_versions = itertools.count(1)


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
        :class:`~nnsim.core.units.UnitCarry` edits can find trained values);
        :func:`~nnsim.core.units.default_units` when omitted.
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
        The curves; records are spaced by the cost model of
        :func:`~nnsim.core.history.record_stride`.
    record_history : bool
        False leaves :attr:`history` without records (marks are still kept): for
        benchmarks that time the bare training step. Weights, losses and batches are
        the same bits either way -- up to a divergence: the healthy checkpoints are
        taken at records, so without them a divergence falls back on the start.
    run_id, data_version : int
        Bumped by rebuilds of the network/features/data and by data regeneration.
    units : Units
        Ids of the live network's units per column (see :class:`~nnsim.core.units.UnitCarry`).
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
        ``units`` are the ids of the network's units
        (:func:`~nnsim.core.units.default_units` if None).
        """
        exp.validate()
        self.units: Units = default_units(exp) if units is None else check_units(units, exp)
        self.experiment = exp
        self.stopped = None
        self._version = 0
        self._eval_cache: tuple[tuple[int, int], Metrics] | None = None
        self._grids = GridCache()
        self._loss_plan: LossPlan | None = None
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
        if exp.history is not None:  # never without weights (Experiment drops it)
            # A saved run continues its curves: new records join them on their grid
            # (after the record stride is known, which the restored grid must honour).
            self.history.restore(exp.history.arrays)
        self.run_id = next(_run_ids)

    def _build_data(self, exp: Experiment) -> None:
        self._samples = Samples(make_dataset(exp.data), exp.features)
        self._grids.clear()
        self.data_version = next(_data_versions)

    def _build_features(self, exp: Experiment) -> None:
        self._samples.set_features(exp.features)
        self._grids.clear()

    @property
    def dataset(self) -> Dataset:
        """The data set in force (regenerated by data edits)."""
        return self._samples.dataset

    @staticmethod
    def _new_network(exp: Experiment) -> Network:
        return fresh_network(exp)

    def _set_hyper(self, exp: Experiment, new_optimizer: bool) -> None:
        h = exp.hyper
        self._lr = float(h.learning_rate)
        self._loss_name = h.loss
        self._loss = LOSSES[h.loss]
        self._l1, self._l2 = regularization_rates(h.regularization, h.reg_rate)
        self._bs = max(1, min(int(h.batch_size), self._samples.n_train))
        if new_optimizer:
            self._optimizer = make_optimizer(h.optimizer, self.network.params.size, h.momentum)

    def _position_batches(self) -> None:
        """Epoch and offset for ``step_count`` assuming the current batch size throughout."""
        spe = self.steps_per_epoch
        self.epoch, within = divmod(self.step_count, spe)
        self._offset = within * self._bs
        self._shuffle(self.epoch)

    def _shuffle(self, epoch: int) -> None:
        self._samples.shuffle(self.experiment.seed, epoch)

    @property
    def steps_per_epoch(self) -> int:
        """Minibatches per epoch (the last one may be smaller)."""
        return -(-self._samples.n_train // self._bs)

    @property
    def optimizer(self) -> Optimizer:
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
            The loss or the weights exploded (see :class:`Checkpoints`). The
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
        (the training process: a few dozen steps per call, one snapshot per frame)
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
        reason = stop_reason(self.experiment.stop, self.epoch, m)
        if reason is None:
            return False
        self.stopped = reason
        return True

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
        sq_limit = checkpoints.sq_norm_limit
        dot = np.dot
        compute = net.compute_gradients
        layer_stats = net.layer_stats
        opt_step = self._optimizer.step
        loss_name, l1, l2, lr = self._loss_name, self._l1, self._l2, self._lr
        samples = self._samples
        bs, ntr = self._bs, samples.n_train
        xs, ys = samples.xs, samples.ys
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
        raise DivergedError(step, what, self._lr, kept_step, checkpoints.cause(is_start))

    def _restart_checkpoints(self, source: str) -> None:
        """Make the current weights the start of a new series of checkpoints.

        Called when the weights or what their loss means change (a load, a reset, data,
        features, architecture, loss or a value set by hand): earlier checkpoints would
        undo that change, and their losses no longer compare. The checkpoints are
        built by the next training call, so a burst of edits costs one evaluation.
        ``source`` is ``"loaded"`` for weights that came with the experiment.
        """
        self._checkpoints: Checkpoints | None = None
        self._checkpoint_source = source

    def _checkpoints_now(self) -> Checkpoints:
        checkpoints = self._checkpoints
        if checkpoints is None:
            start_loss = self._losses_now()[0]
            out = OUTPUT_ACTIVATIONS[self.network.activations[-1]]
            y = self._samples.y_train
            zeros = np.zeros_like(y)
            zero_loss = float(self._loss.value(zeros, out.fn(zeros), y))
            checkpoints = self._checkpoints = Checkpoints(
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
        data = self._samples
        if (
            plan is None
            or plan.net is not self.network
            or plan.inputs is not data.x_all
            or plan.loss is not self._loss
        ):
            # x_all is rebuilt with every data or feature change, and the targets with it.
            plan = LossPlan(
                self.network, data.x_all, data.n_train, data.y_train, data.y_test, self._loss
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
        data = self._samples
        zs, acts = self.network.forward_all(data.x_all)
        z, a = zs[-1], acts[-1]
        ntr = data.n_train
        ds, loss = data.dataset, self._loss
        tr_loss, tr_metric = score(loss, ds.task, z[:ntr], a[:ntr], data.y_train, ds.y_train)
        te_loss, te_metric = score(loss, ds.task, z[ntr:], a[ntr:], data.y_test, ds.y_test)
        m = Metrics(self.step_count, self.epoch, tr_loss, te_loss, tr_metric, te_metric)
        self._eval_cache = (key, m)
        return m

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
        * ``carry`` a :class:`~nnsim.core.units.UnitCarry`: every weight and bias is
          placed by unit id instead (see there): untouched units keep their trained
          values, units the live network lacks come from the carry's stored weights or
          their seeded init, and ``exp.weights`` is not loaded. When neither the
          architecture nor the ids change, the values are updated in place and the
          optimizer keeps its state (a weight set by hand while training).
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
            self.load(exp if new_weights else exp.without_weights(), new_units)
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
        if self._offset >= self._samples.n_train:
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
        carry.fill(new.weights, new.biases, live.weights, live.biases, self.units)
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
        self.history.remap_layers(layer_mapping(self.units, units))
        self.network = new
        return True, True

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
        shapes = [w.shape for w in old.weights], [w.shape for w in new.weights]
        mapping = shape_mapping(*shapes, carry)
        for i, j in enumerate(mapping):
            if j is not None:
                new.weights[i][...] = old.weights[j]
                new.biases[i][...] = old.biases[j]
        self.network = new
        return mapping

    def to_experiment(self) -> Experiment:
        """The experiment with the current weights, step and history (ready for ``to_json``).

        ``Trainer(trainer.to_experiment())`` continues with the same batches. The
        optimizer's internal state (momentum, Adam's moments) is not part of the
        document, so only plain SGD continues bit-identically.
        """
        net = self.network
        return replace(
            self.experiment,
            weights=Weights(tuple(net.weights), tuple(net.biases)),
            step=self.step_count,
            history=SavedHistory.of(self.history.arrays()),
        )

    # ------------------------------------------------------------------ snapshot
    def snapshot(self, grid: int = 100, thumb: int = 40) -> Snapshot:
        """An immutable picture of the run for the views.

        Parameters
        ----------
        grid : int
            Cells per axis of the output raster (``boundary``).
        thumb : int
            Cells per axis of each neuron thumbnail (``neuron_grids``).

        The rasters sample the cell centres of :func:`~nnsim.core.grid.grid_points`
        over ``dataset.extent``; see :class:`~nnsim.core.snapshot.Snapshot` for the fields.
        The worker calls this many times a second while training, so the rasters come
        from a preallocated :class:`~nnsim.core.grid.GridPlan`.
        """
        exp = self.experiment
        ds = self.dataset
        net = self.network
        with np.errstate(all="ignore"):
            m = self._evaluate_now()
            plan = self._grids.plan(net, ds.extent, ds.dims, exp.features, grid, thumb)
            boundary, boundary_class, neuron_grids = plan.run()
        # One read-only copy of all parameters; W[i] and b[i] are views into it.
        weights, biases = net.param_views(frozen(net.params))
        x_train, y_train, x_test, y_test = self._samples.frozen()

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
