"""Divergence: catching an explosion early and falling back on healthy weights.

A learning rate too high for the network makes the loss and the weights grow by
orders of magnitude within a few steps. The trainer checks every step against the
limits here (cheap comparisons of numbers it computes anyway), keeps a few healthy
weight vectors in :class:`Checkpoints`, and on an explosion sets the weights back to
the best of them and raises :class:`DivergedError`, whose message says what to change.
"""

from __future__ import annotations

import math

import numpy as np

from nnsim.core.messages import QT_TRANSLATE_NOOP

__all__ = [
    "CAUSES",
    "CHECKPOINTS",
    "EXPLOSION_FACTOR",
    "WEIGHT_NORM_LIMIT",
    "Checkpoints",
    "DivergedError",
]

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
        The step whose weights training was set back to (see :class:`Checkpoints`);
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



class Checkpoints:
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
    sq_norm_limit : float
        Parameters whose squared Euclidean norm is above this (or NaN) have exploded:
        ``WEIGHT_NORM_LIMIT ** 2``, squared once so that a step compares one dot product.
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
        self.sq_norm_limit = WEIGHT_NORM_LIMIT**2
        sq = float(np.dot(self.start, self.start))
        self.start_exploded = not (
            start_loss <= EXPLOSION_FACTOR * scale and sq <= self.sq_norm_limit
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

    def cause(self, is_start: bool) -> str:
        """The :data:`CAUSES` entry of a divergence that fell back on the start or not.

        The learning rate, unless training fell back on a start that was not healthy
        either: then the weights are to blame, loaded from a file or set otherwise.
        """
        if is_start and self.start_exploded:
            return "loaded_weights" if self.source == "loaded" else "start_weights"
        return "learning_rate"

    def __repr__(self) -> str:
        newest = self._steps[(self._next - 1) % CHECKPOINTS] if self._count else None
        return (
            f"Checkpoints(start_step={self.start_step}, kept={self._count}, "
            f"newest={newest}, start_exploded={self.start_exploded}, source={self.source!r})"
        )

