"""Lecture paces: how much training one display frame shows (pure data, no Qt).

A pace is saved with the experiment (``Experiment.pace``), so a lesson or a lecture
file opens at the speed the class should watch it: one step per frame to follow a
single update, one epoch per frame (TF Playground's pace, the default) to watch the
boundary form, or as fast as the machine allows.

The GUI lists :data:`PACES` in order, shows each one's ``label`` through
``nnsim.gui.i18n.localize`` and turns the chosen pace into steps per frame with
:func:`steps_per_frame` (it knows the run's steps per epoch:
``Trainer.steps_per_epoch``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from nnsim.core.messages import QT_TRANSLATE_NOOP, Message

__all__ = ["DEFAULT_PACE", "PACES", "Pace", "steps_per_frame"]


@dataclass(frozen=True)
class Pace:
    """One lecture pace.

    Attributes
    ----------
    name : str
        Registry key and save-file value, e.g. ``"2-epochs"``.
    label : Message
        What the speed control shows, e.g. "2 epochs/frame" (translatable).
    steps : int
        Training steps per frame (0 when the pace counts epochs or is "max").
    epochs : int
        Epochs per frame (0 when the pace counts steps or is "max").
    """

    name: str
    label: Message
    steps: int = 0
    epochs: int = 0

    @property
    def is_max(self) -> bool:
        """Whether this is "max": as fast as the machine allows."""
        return self.steps == 0 and self.epochs == 0


def _steps(n: int) -> Pace:
    if n == 1:
        return Pace("1-step", QT_TRANSLATE_NOOP("Pace", "1 step/frame"), steps=1)
    return Pace(f"{n}-steps", QT_TRANSLATE_NOOP("Pace", "{n} steps/frame").format(n=n), steps=n)


def _epochs(n: int) -> Pace:
    if n == 1:
        return Pace("epoch", QT_TRANSLATE_NOOP("Pace", "1 epoch/frame"), epochs=1)
    return Pace(
        f"{n}-epochs", QT_TRANSLATE_NOOP("Pace", "{n} epochs/frame").format(n=n), epochs=n
    )


#: Paces by name, slowest first, in the order the GUI lists them.
PACES: Mapping[str, Pace] = MappingProxyType(
    {
        p.name: p
        for p in (
            _steps(1),
            _steps(2),
            _steps(5),
            _steps(10),
            _epochs(1),
            _epochs(2),
            _epochs(5),
            _epochs(20),
            Pace("max", QT_TRANSLATE_NOOP("Pace", "max")),
        )
    }
)

#: The pace of a new experiment and of files saved before paces existed: one epoch
#: per frame, as TF Playground trains.
DEFAULT_PACE = "epoch"


def steps_per_frame(pace: str, steps_per_epoch: int) -> int | None:
    """Training steps one display frame should show at ``pace``.

    Parameters
    ----------
    pace : str
        A :data:`PACES` name.
    steps_per_epoch : int
        Minibatches per epoch of the run (``Trainer.steps_per_epoch``: the training
        samples divided by the batch size, rounded up); values below 1 count as 1.

    Returns
    -------
    int or None
        At least 1; None for "max" (as fast as the machine allows).

    Raises
    ------
    KeyError
        ``pace`` is not a :data:`PACES` name.

    Examples
    --------
    250 training samples in batches of 10 make 25 steps per epoch:

    >>> steps_per_frame("epoch", 25), steps_per_frame("2-epochs", 25)
    (25, 50)
    >>> steps_per_frame("5-steps", 25), steps_per_frame("max", 25) is None
    (5, True)
    """
    try:
        p = PACES[pace]
    except (KeyError, TypeError):
        raise KeyError(f"unknown pace {pace!r}; known: {', '.join(PACES)}") from None
    if p.is_max:
        return None
    if p.steps:
        return p.steps
    return p.epochs * max(1, int(steps_per_epoch))
