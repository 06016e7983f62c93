"""What the history plots draw, prepared from a snapshot's history without Qt.

The loss curves end at the step on screen (:func:`loss_curves`), and the per-layer
statistics, noisy from batch to batch, can be smoothed into their trend
(:func:`smooth_history`). Used by the window's plots (:mod:`nnsim.gui.views.plots`)
and the comparison window.
"""

from __future__ import annotations

import math

import numpy as np

from nnsim.core.snapshot import Snapshot

__all__ = ["SMOOTH_WINDOWS", "loss_curves", "smooth_history"]

#: Records per smoothing window: about this many windows across the plot.
SMOOTH_WINDOWS = 30


def loss_curves(snap: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Steps, training and test loss of ``snap``'s curves, ending at the snapshot's step.

    The history records every few dozen steps (its cost budget); the curves still end
    at the step on screen, with the snapshot's own full-set losses, so at a slow pace
    they grow with every frame.
    """
    h = snap.history
    steps, train, test = h.step, h.train_loss, h.test_loss
    if not len(h) and math.isfinite(snap.train_loss):
        # Before the first record the curves are the starting point: the axes then
        # show the loss the run starts from.
        return (
            np.array([snap.step], dtype=np.int64),
            np.array([snap.train_loss], dtype=np.float64),
            np.array([snap.test_loss], dtype=np.float64),
        )
    if len(h) and snap.step > steps[-1] and math.isfinite(snap.train_loss):
        steps = np.append(steps, snap.step)
        train = np.append(train, snap.train_loss)
        test = np.append(test, snap.test_loss)
    return steps, train, test


def smooth_history(values: np.ndarray, window: int, log: bool) -> np.ndarray:
    """Trailing moving average of each column, for a readable trend of noisy batch stats.

    Parameters
    ----------
    values : (m, L) array
        One column per layer; NaN where a layer has no value (it did not exist yet,
        or the statistic does not apply), and those stay NaN.
    window : int
        Records averaged (>= 1; 1 returns a copy).
    log : bool
        Average the logarithms (a geometric mean), which is what a log axis shows;
        values <= 0 are then treated as missing.

    Returns
    -------
    (m, L) array
    """
    v = np.array(values, dtype=np.float64)
    if window <= 1 or v.shape[0] == 0:
        return v
    # In place on the copy and with slices rather than index arrays: this runs on every
    # plot refresh (thousands of records x layers) in the GUI thread.
    with np.errstate(divide="ignore", invalid="ignore"):
        if log:
            v[~(v > 0)] = np.nan
            np.log10(v, out=v)
        ok = np.isfinite(v)
        v[~ok] = 0.0
        # Trailing sums over `window` records: cumulative sums minus the ones `window` back.
        total = np.cumsum(v, axis=0)
        total[window:] -= total[:-window].copy()
        count = np.cumsum(ok, axis=0, dtype=np.float64)
        count[window:] -= count[:-window].copy()
        mean = total
        np.divide(total, count, out=mean)  # count >= 1 wherever ok
        mean[~ok] = np.nan
        if log:
            np.power(10.0, mean, out=mean)
    return mean
