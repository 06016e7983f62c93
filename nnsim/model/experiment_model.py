"""The editable document: the current :class:`~nnsim.core.experiment.Experiment` and its changes.

Pure Python (no Qt), so the model can be tested and scripted without a display. The GUI
changes it only through undo commands (``nnsim.gui.commands``); views and the training
controller listen to :attr:`ExperimentModel.changed`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

from nnsim.core.experiment import Experiment
from nnsim.core.units import UnitCarry, Units, check_units, default_units, reconcile_units

#: What an edit changed. The controller uses it to pick the cheapest way to follow:
#: "hyper" applies from the next step, "data"/"features"/"architecture" rebuild only
#: that part of the trainer, "weights" loads parameters, "all" starts a fresh run
#: (a new or opened document, a new weight seed); "ui" (only presentation settings
#: changed: the hidden panel controls or the lecture pace) leaves training alone.
KINDS = ("hyper", "data", "features", "architecture", "weights", "all", "ui")

Callback = Callable[..., Any]


class CallbackSignal:
    """A minimal signal: a list of callbacks called in order with the emitted arguments.

    Qt signals are not available in the model (it must not import Qt); this is the
    smallest thing that lets several listeners follow one document.
    """

    def __init__(self) -> None:
        self._callbacks: list[Callback] = []

    def connect(self, callback: Callback) -> None:
        """Call ``callback(*args)`` on every :meth:`emit` (once, however often connected)."""
        if callback not in self._callbacks:
            self._callbacks.append(callback)

    def disconnect(self, callback: Callback) -> None:
        """Stop calling ``callback``; ValueError if it was not connected."""
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        # Iterate over a copy: a listener may connect or disconnect others while we notify.
        for callback in list(self._callbacks):
            callback(*args)

    def __len__(self) -> int:
        return len(self._callbacks)

    def __repr__(self) -> str:
        return f"CallbackSignal({len(self._callbacks)} callbacks)"


def kind_of_change(old: Experiment, new: Experiment) -> str | None:
    """Classify the difference between two experiments; None when they are equal.

    The most far-reaching part wins, because the controller must rebuild at least that
    much: a new weight seed means a fresh run ("all"); then data, input features,
    architecture (hidden layers, output activation), hyper-parameters (including the
    stop condition and title), then "weights" when the stored parameters or step
    differ, and last "ui" when only presentation settings differ:
    :attr:`~Experiment.hidden_controls` or :attr:`~Experiment.pace` (the GUI shows or
    hides panel rows, or trains more or fewer steps per frame; nothing is reset or
    retrained).

    Parameters
    ----------
    old, new : Experiment
        The documents before and after the edit.

    Returns
    -------
    str or None
        One of :data:`KINDS`, or None if nothing changed.
    """
    if old == new:
        return None
    if old.seed != new.seed:
        return "all"
    if old.data != new.data:
        return "data"
    if old.features != new.features:
        return "features"
    if old.hidden != new.hidden or old.output_activation != new.output_activation:
        return "architecture"
    if old.hyper != new.hyper or old.stop != new.stop or old.title != new.title:
        return "hyper"
    if (old.weights, old.step, old.history) != (new.weights, new.step, new.history):
        return "weights"
    return "ui"


class ExperimentModel:
    """Holds the current experiment and tells listeners when it changes.

    Parameters
    ----------
    experiment : Experiment, optional
        The initial document (validated); TF Playground's default when omitted.

    Attributes
    ----------
    changed : CallbackSignal
        Emitted as ``changed(old, new, kind)`` after every effective change, with
        ``kind`` one of :data:`KINDS`. During the call :attr:`units` and :attr:`carry`
        already describe the new experiment.
    """

    def __init__(self, experiment: Experiment | None = None) -> None:
        exp = experiment if experiment is not None else Experiment()
        self._experiment = exp.validate()
        self.changed = CallbackSignal()
        self._units = default_units(self._experiment)
        self._next_id = self._units.next_id
        self._carry = UnitCarry(self._units)
        # Undo hands back the very document objects it replaced; they get back the very
        # ids they had (positions alone cannot tell which neuron was which after a
        # layer shrank and grew again). An undo command holds its documents, so the
        # ids are kept exactly as long as some command (or anyone) holds the document:
        # keyed on the object, through a weak reference, never evicted while it lives
        # -- the undo stack is unbounded, and a bounded memo lost ids past its bound.
        self._ids_of: dict[int, tuple[weakref.ref[Experiment], Units]] = {}
        self._remember(self._experiment, self._units)

    @property
    def experiment(self) -> Experiment:
        """The current (always valid) experiment."""
        return self._experiment

    @property
    def units(self) -> Units:
        """Stable ids of the current experiment's units, one tuple per column.

        Columns are (input features, hidden layers..., output); a feature's id is its
        index in the FEATURES registry. ``units.next_id`` is above every id the model
        has ever handed out, so an edit that adds units never reuses one.
        """
        return Units(self._units, self._next_id)

    @property
    def carry(self) -> UnitCarry:
        """How the trainer follows the latest change: the ids, stored weights, pins."""
        return self._carry

    def set_experiment(
        self,
        experiment: Experiment,
        kind: str | None = None,
        *,
        units: Sequence[Sequence[int]] | None = None,
        carry: UnitCarry | None = None,
    ) -> bool:
        """Replace the document after validating it, then notify listeners.

        Parameters
        ----------
        experiment : Experiment
            The new document.
        kind : str, optional
            What changed, one of :data:`KINDS`; computed with :func:`kind_of_change`
            when omitted. Pass "all" to force a fresh run (new or opened file).
        units : sequence of sequences of int, optional
            The unit ids of ``experiment`` (an editor edit knows them). Otherwise the
            ids this very object had when it was last set here (undo and redo hand
            back the documents they keep; see :meth:`units_of`), or the current ids
            kept by position (:func:`~nnsim.core.units.reconcile_units`).
        carry : UnitCarry, optional
            How the trainer fills the new network (an editor edit's, with its stored
            weights); by default by unit id from the live network.

        Returns
        -------
        bool
            True if listeners were notified; False when nothing changed (an equal
            document without an explicit kind).

        Raises
        ------
        InvalidExperimentError
            If the experiment is invalid; the model and its listeners are untouched.
        ValueError
            If ``kind`` is not one of :data:`KINDS`, or ``units`` or ``carry`` do not
            describe ``experiment``.
        """
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown change kind {kind!r}; known: {', '.join(KINDS)}")
        experiment.validate()
        old = self._experiment
        if units is not None:
            new_units = check_units(units, experiment)
        else:
            new_units = self.units_of(experiment) or reconcile_units(self.units, experiment)
        if carry is not None and carry.units != new_units:
            raise ValueError("the carry's unit ids are not those of the experiment")
        if kind is None:
            kind = kind_of_change(old, experiment)
            if kind is None:
                return False
        self._experiment = experiment
        self._units = new_units
        self._next_id = max(self._next_id, new_units.next_id)
        self._carry = carry if carry is not None else UnitCarry(new_units)
        self._remember(experiment, new_units)
        self.changed.emit(old, experiment, kind)
        return True

    def units_of(self, experiment: Experiment) -> Units | None:
        """The unit ids ``experiment`` -- this very object -- had when last set here.

        None for a document the model never held (an equal copy does not count: two
        equal documents can differ in which neuron is which). Kept for as long as the
        object lives, however many edits later it comes back.
        """
        entry = self._ids_of.get(id(experiment))
        if entry is None or entry[0]() is not experiment:
            return None
        return entry[1]

    def _remember(self, experiment: Experiment, units: Units) -> None:
        key = id(experiment)
        table = self._ids_of

        def forget(ref: weakref.ref[Experiment]) -> None:
            # The document is gone (no command holds it): so is the need for its ids.
            # An object remembered again since has a newer entry, which stays.
            entry = table.get(key)
            if entry is not None and entry[0] is ref:
                del table[key]

        table[key] = (weakref.ref(experiment, forget), units)

    def __repr__(self) -> str:
        e = self._experiment
        return f"ExperimentModel({e.data.dataset}, sizes={e.layer_sizes})"
