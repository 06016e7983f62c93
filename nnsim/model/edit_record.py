"""The record of one undoable edit of the network, and the refusal of one.

An :class:`Edit` is what every editor gesture produces (:mod:`nnsim.model.edits`,
:mod:`nnsim.model.collapse_edit`) and what an undo command keeps: the experiment and
the unit ids before and after, the weights of each side included. It carries all that
its redo and undo need, so undoing it gives back exactly what was there, however
many edits later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from nnsim.core.experiment import Experiment
from nnsim.core.units import UnitCarry, Units, overlay_by_units

__all__ = ["CHANGE_OF_KIND", "Edit", "EditRefused", "UnitsLike"]

#: The model's change kind (:data:`nnsim.model.KINDS`) of each edit kind.
CHANGE_OF_KIND: dict[str, str] = {
    "insert_layer": "architecture",
    "remove_layer": "architecture",
    "move_layer": "architecture",
    "set_width": "architecture",
    "remove_neuron": "architecture",
    "set_activation": "architecture",
    "set_layer_count": "architecture",
    "set_all_widths": "architecture",
    "toggle_feature": "features",
    "set_weight": "weights",
    "set_bias": "weights",
}

#: Unit ids per column, as a :class:`~nnsim.core.units.Units` or plain sequences.
UnitsLike = Sequence[Sequence[int]]


class EditRefused(Exception):
    """A gesture that would break a limit or make no sense; nothing was changed.

    Attributes
    ----------
    reason : str
        One sentence for the status bar, e.g. "A network has at most 10 hidden layers.":
        a translatable :class:`~nnsim.core.messages.Message` (show it with ``localize``).
    message : str
        The same sentence (every typed error of the core and model has a ``message``).
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.message = reason
        super().__init__(reason)


@dataclass(frozen=True, eq=False)
class Edit:
    """One undoable edit of the experiment.

    Attributes
    ----------
    kind : str
        The function that made it, e.g. ``"insert_layer"`` (a key of :data:`CHANGE_OF_KIND`).
    text : str
        The undo-stack label, e.g. "Insert hidden layer 2": a translatable
        :class:`~nnsim.core.messages.Message` (show it with ``localize``).
    before : Experiment
        The experiment the edit started from, carrying the weights at edit time.
    after : Experiment
        The edited experiment; its weights are ``before``'s, placed by unit id, plus
        seeded initial values for new links and units.
    units_before, units_after : Units
        Stable unit ids per column (features, hidden layers..., output).
    """

    kind: str
    text: str
    before: Experiment
    after: Experiment
    units_before: Units
    units_after: Units

    @property
    def change(self) -> str:
        """The model's change kind: "architecture", "features" or "weights"."""
        return CHANGE_OF_KIND.get(self.kind, "architecture")

    @property
    def is_noop(self) -> bool:
        """Whether the edit changes nothing (a layer dropped where it was, the same value)."""
        return self.units_before == self.units_after and self.before == self.after

    @cached_property
    def edited_parameters(self) -> tuple[frozenset[tuple[int, int]], frozenset[int]]:
        """Links (source id, target id) and units whose value the edit set by hand.

        Those are the weights and biases that exist before and after with different
        values. Training must not overwrite them with live values when the edit is
        applied (or undone) mid-run: they are pinned in :meth:`carry`.
        """
        before, after = self.before.weights, self.after.weights
        if before is None or after is None:
            return frozenset(), frozenset()
        # Before's values placed on after's architecture; NaN where after has new ones.
        W = [np.full(w.shape, np.nan) for w in after.W]
        b = [np.full(v.shape, np.nan) for v in after.b]
        overlay_by_units(W, b, self.units_after, before.W, before.b, self.units_before)
        links: set[tuple[int, int]] = set()
        biases: set[int] = set()
        units = self.units_after
        for i, (old, new) in enumerate(zip(W, after.W, strict=True)):
            for r, c in zip(*np.nonzero(~np.isnan(old) & (old != new)), strict=True):
                links.add((units[i][r], units[i + 1][c]))
        for i, (old, new) in enumerate(zip(b, after.b, strict=True)):
            for c in np.flatnonzero(~np.isnan(old) & (old != new)):
                biases.add(units[i + 1][c])
        return frozenset(links), frozenset(biases)

    def carry(self, undo: bool = False) -> UnitCarry:
        """How the trainer should follow this edit (``undo=False``) or its undo.

        The stored weights of the target side (``after`` for redo, ``before`` for
        undo) are the fallback for units the live network lacks -- a layer brought
        back by undo returns with the weights it had when it was removed -- and the
        hand-set values are pinned. ``prefer="auto"``: the controller loads the stored
        weights exactly while paused and keeps the live ones while training.
        """
        target = self.before if undo else self.after
        units = self.units_before if undo else self.units_after
        links, biases = self.edited_parameters
        return UnitCarry(
            units,
            fallback=target.weights,
            fallback_units=units,
            pinned_weights=links,
            pinned_biases=biases,
            prefer="auto",
        )

    def then(self, other: Edit) -> Edit:
        """This edit followed by ``other`` as one edit (for merging undo commands)."""
        return Edit(
            other.kind,
            self.text,
            self.before,
            other.after,
            self.units_before,
            other.units_after,
        )

    def __repr__(self) -> str:
        return (
            f"Edit({self.kind!r}, {self.text!r}, sizes {self.before.layer_sizes} -> "
            f"{self.after.layer_sizes})"
        )
