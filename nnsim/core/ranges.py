"""The ranges of every number a person types, in one table (no Qt).

A typed number is checked against the entry of the field it edits: the panels, the
network editor's dialogs, Compare, the collapse lab and the teaching views all read
:data:`RANGES` or :data:`VIEW_RANGES` (through :mod:`nnsim.gui.number_field`), and
:meth:`Experiment.validate` checks the experiment's fields against the same
:data:`RANGES` entries (:func:`nnsim.core.fields.check_range`), so a field never
accepts what the document refuses, nor refuses what a lesson file may hold. A leaf:
it imports only the limits of :mod:`nnsim.core.specs`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nnsim.core.specs import (
    MAX_BATCH,
    MAX_CLASSES,
    MAX_HIDDEN_LAYERS,
    MAX_SAMPLES,
    MAX_SEED,
    MAX_WIDTH,
    MIN_SAMPLES,
)

__all__ = ["RANGES", "VIEW_RANGES", "NumberRange"]


@dataclass(frozen=True)
class NumberRange:
    """The values a field accepts, in the document's units.

    Attributes
    ----------
    lo, hi : float
        The bounds, both included unless ``open_low``.
    open_low : bool
        ``lo`` itself is refused (a learning rate must be above 0).
    whole : bool
        Only whole numbers (a sample count, a seed, an epoch).
    """

    lo: float
    hi: float
    open_low: bool = False
    whole: bool = False

    def contains(self, value: float) -> bool:
        """Whether ``value`` is finite and inside the range."""
        if not math.isfinite(value) or value < self.lo or value > self.hi:
            return False
        if self.open_low and value <= self.lo:
            return False
        return not self.whole or float(value).is_integer()


def _whole(lo: int, hi: int) -> NumberRange:
    return NumberRange(float(lo), float(hi), whole=True)


#: Fields that edit the experiment, keyed by the experiment field (as validate names it).
RANGES: dict[str, NumberRange] = {
    "data.noise": NumberRange(0.0, 0.5),
    "data.train_fraction": NumberRange(0.1, 0.9),
    "data.n_samples": _whole(MIN_SAMPLES, MAX_SAMPLES),
    "data.n_classes": _whole(2, MAX_CLASSES),
    "data.seed": _whole(0, MAX_SEED),
    "hidden.count": _whole(0, MAX_HIDDEN_LAYERS),
    "hidden.width": _whole(1, MAX_WIDTH),
    "hyper.learning_rate": NumberRange(0.0, 100.0, open_low=True),
    "hyper.momentum": NumberRange(0.0, 0.9999),
    "hyper.reg_rate": NumberRange(0.0, 10.0),
    "hyper.batch_size": _whole(1, MAX_BATCH),
    "seed": _whole(0, MAX_SEED),
    "stop.epoch": _whole(1, 10**9),
    "stop.test_loss_below": NumberRange(0.0, 1e6, open_low=True),
}

#: Fields that edit no experiment field, or only through the editor. "network.value" is
#: a weight or bias typed in the network editor: the document takes any finite value,
#: the editor keeps them to a range a person can read on a link. "view.sample" is the
#: teaching views' sample number (its upper bound follows the data: the field narrows
#: it). The collapse lab's coefficients and input, Compare's steps per round and the
#: value of a drawn regression point have ranges of their own.
VIEW_RANGES: dict[str, NumberRange] = {
    "network.value": NumberRange(-1e4, 1e4),
    "view.sample": _whole(1, MAX_SAMPLES),
    "collapse.value": NumberRange(-1000.0, 1000.0),
    "compare.steps": _whole(1, 1000),
    "draw.value": NumberRange(-1.0, 1.0),
}
