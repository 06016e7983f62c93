"""Edit requests: what a finished gesture asks the model for, in the edit functions' terms.

A gesture's ``finish`` returns at most one :class:`EditRequest`, a
``make(experiment, units) -> Edit`` callable the view sends out as ``edit_requested``;
the requests translate the drawing's columns (0 = features, 1..H = hidden layers,
H + 1 = output) into the indices of :mod:`nnsim.model.edits` in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from nnsim.core.experiment import Experiment

if TYPE_CHECKING:
    from nnsim.model.edits import Edit

__all__ = ["EditRequest", "default_activation"]


def default_activation(exp: Experiment) -> str:
    """Activation of a newly inserted layer: the first hidden layer's, else tanh."""
    return exp.hidden[0].activation if exp.hidden else "tanh"


def _edits():  # noqa: ANN202 - the module
    # Imported when an edit is made, not when the editor loads: the drawing works
    # (and is tested) on its own.
    from nnsim.model import edits

    return edits


def _insert_layer(exp: Experiment, units: Any, index: int) -> Edit:
    return _edits().insert_layer(exp, units, index, 4, default_activation(exp))


def _set_weight(
    exp: Experiment, units: Any, layer: int, src: int, dst: int, value: float, original: float
) -> Edit:
    # During a scrub the live trainer already runs with the previewed value, so the
    # weights handed in may carry it; the edit's "before" must be the value the user
    # started from, or undo would return to a half-way point of the drag.
    if exp.weights is not None and layer < len(exp.weights.W):
        W = [np.array(w, dtype=np.float64) for w in exp.weights.W]
        W[layer][src, dst] = original
        # The document's curves stay with it, as every other edit keeps them (an
        # unsynced edit starts from the document, whose curves are the only copy).
        exp = exp.with_weights(W, exp.weights.b, exp.step, exp.history)
    return _edits().set_weight(exp, units, layer, src, dst, value)


@dataclass(frozen=True)
class EditRequest:
    """A ``make(experiment, units) -> Edit`` callable that knows what it asks for.

    Attributes
    ----------
    name : str
        Edit function of :mod:`nnsim.model.edits` (``"insert_layer"``, ...).
    args : tuple
        Its arguments after ``(exp, units)``, in the edit functions' indices.
    """

    name: str
    args: tuple[Any, ...] = ()
    _fn: Callable[..., Edit] | None = field(default=None, repr=False, compare=False)

    def __call__(self, exp: Experiment, units: Any) -> Edit:
        fn = self._fn if self._fn is not None else getattr(_edits(), self.name)
        return fn(exp, units, *self.args)

    # The drawing's columns -> the edit functions' indices, in one place.
    @classmethod
    def insert_layer(cls, gap: int) -> EditRequest:
        """A new hidden layer in gap ``gap`` (it becomes hidden layer ``gap``, 0-based)."""
        return cls("insert_layer", (gap,), _insert_layer)

    @classmethod
    def remove_layer(cls, column: int) -> EditRequest:
        return cls("remove_layer", (column - 1,))

    @classmethod
    def move_layer(cls, column: int, dst: int) -> EditRequest:
        """Hidden layer of ``column`` to hidden position ``dst`` (0-based)."""
        return cls("move_layer", (column - 1, dst))

    @classmethod
    def set_width(cls, column: int, width: int) -> EditRequest:
        return cls("set_width", (column - 1, width))

    @classmethod
    def remove_neuron(cls, column: int, unit: int) -> EditRequest:
        return cls("remove_neuron", (column - 1, unit))

    @classmethod
    def set_activation(cls, column: int, activation: str) -> EditRequest:
        """Activation of the layer drawn in ``column`` (the output layer included)."""
        return cls("set_activation", (column - 1, activation))

    @classmethod
    def toggle_feature(cls, name: str) -> EditRequest:
        return cls("toggle_feature", (name,))

    @classmethod
    def set_weight(
        cls, layer: int, src: int, dst: int, value: float, original: float | None = None
    ) -> EditRequest:
        """``W[layer][src, dst] = value``; ``original`` is the value before a scrub."""
        if original is None:
            return cls("set_weight", (layer, src, dst, float(value)))
        return cls("set_weight", (layer, src, dst, float(value), float(original)), _set_weight)

    @classmethod
    def set_bias(cls, column: int, unit: int, value: float) -> EditRequest:
        return cls("set_bias", (column - 1, unit, float(value)))
