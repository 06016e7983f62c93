"""How well a network does, and whether that is good enough to stop training.

:class:`Metrics` are the full-set losses and accuracy or R^2 at one moment of a run;
:func:`stop_reason` checks the experiment's stop condition against them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnsim.core.experiment import StopCondition
from nnsim.core.losses import Loss
from nnsim.core.messages import QT_TRANSLATE_NOOP

__all__ = ["Metrics", "score", "stop_reason"]


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


def score(
    loss: Loss, task: str, z: np.ndarray, a: np.ndarray, yt: np.ndarray, y: np.ndarray
) -> tuple[float, float]:
    """The loss and the metric of :class:`Metrics` for one set of samples.

    Parameters
    ----------
    loss : Loss
        The data loss (no regularisation penalty).
    task : str
        ``"regression"`` (the metric is R^2) or a classification task (accuracy).
    z, a : (n, k) arrays
        The network's output pre-activations and activations.
    yt : (n, k) array
        Loss targets (one-hot rows for k classes).
    y : (n,) array
        Raw labels or values.

    Returns
    -------
    (float, float)
        Loss and accuracy / R^2; both NaN for an empty set.
    """
    if y.shape[0] == 0:
        return math.nan, math.nan
    value = float(loss.value(z, a, yt))
    if task == "regression":
        resid = float(np.sum((a[:, 0] - y) ** 2))
        total = float(np.sum((y - y.mean()) ** 2))
        metric = 1.0 - resid / total if total > 0 else math.nan
    elif a.shape[1] == 1:
        metric = int(np.count_nonzero((a[:, 0] >= 0.5) == (y >= 0.5))) / y.shape[0]
    else:
        metric = int(np.count_nonzero(np.argmax(a, axis=1) == y)) / y.shape[0]
    return value, metric


def stop_reason(stop: StopCondition, epoch: int, m: Metrics | None) -> str | None:
    """Why ``stop`` halts training now, or None to train on.

    Parameters
    ----------
    stop : StopCondition
        The experiment's stop condition.
    epoch : int
        Complete passes over the training set so far.
    m : Metrics or None
        The current metrics; needed only for the test-loss condition (None skips it).

    Returns
    -------
    str or None
        A translatable :class:`~nnsim.core.messages.Message` (show it with
        ``localize``), or None.
    """
    if stop.epoch is not None and epoch >= stop.epoch:
        return QT_TRANSLATE_NOOP(
            "Trainer", "Stopped after epoch {epoch}, as the stop condition asks."
        ).format(epoch=epoch)
    if stop.test_loss_below is not None and m is not None:
        if m.test_loss < stop.test_loss_below:
            return QT_TRANSLATE_NOOP(
                "Trainer",
                "Stopped at step {step}: the test loss {loss:.4g} is below {limit:g}.",
            ).format(step=m.step, loss=m.test_loss, limit=stop.test_loss_below)
    return None
