"""Undo commands: every edit of the experiment goes through one of these.

Commands change only the model (:class:`~nnsim.model.ExperimentModel`); the views and the
training controller follow the model's ``changed`` notification, so undo and redo
replay an edit exactly as the original gesture did. ``QUndoStack``/``QUndoCommand``
live in ``QtGui`` in Qt 6.

A command's text (what Edit > Undo shows) is given in English, marked for translation
where it is written: a :class:`~nnsim.core.messages.Message` (``QT_TRANSLATE_NOOP(...)``
of :mod:`nnsim.core.messages`, optionally ``.format``-ed) stays translatable, so
:func:`retranslate_stack` can show the stack in a new UI language; a plain ``str`` (e.g.
``self.tr(...)`` already translated) is shown as it is.
"""

from __future__ import annotations

import zlib

from PySide6.QtGui import QUndoCommand, QUndoStack

from nnsim.core.experiment import Experiment
from nnsim.gui.i18n import localize
from nnsim.model import ExperimentModel, kind_of_change

#: ``QUndoCommand.id()`` meaning "never merge".
NO_MERGE = -1


def field_id(field: str) -> int:
    """A stable, positive command id for edits of one field (e.g. ``"hyper.batch_size"``).

    Consecutive commands with the same id merge into one undo step, so clicking a spin
    box arrow ten times is undone with one Ctrl+Z.
    """
    return zlib.crc32(field.encode("utf-8")) & 0x7FFFFFFF


class SetExperimentCommand(QUndoCommand):
    """Replace the model's experiment with ``new``; undo puts the previous one back.

    Parameters
    ----------
    model : ExperimentModel
        The document to change.
    new : Experiment
        The experiment after the edit; validated here, so an invalid edit raises
        before it reaches the undo stack.
    text : str
        What the Edit menu shows ("Undo Learning rate"): a translatable
        :class:`~nnsim.core.messages.Message` (shown in the UI language, and again in
        a new one by :func:`retranslate_stack`) or a text already translated.
    merge_id : int, optional
        :func:`field_id` of the edited field to merge consecutive edits of it,
        or :data:`NO_MERGE`.
    kind : str, optional
        Forced change kind (see :data:`nnsim.model.KINDS`), e.g. "all" for opening a
        file; computed from the difference when omitted.

    Raises
    ------
    InvalidExperimentError
        If ``new`` is invalid.
    """

    def __init__(
        self,
        model: ExperimentModel,
        new: Experiment,
        text: str,
        merge_id: int = NO_MERGE,
        kind: str | None = None,
    ) -> None:
        super().__init__(localize(text))
        self._source = text
        new.validate()
        self._model = model
        # Holding both documents is what keeps their unit ids: the model remembers the
        # ids of each document for as long as the object lives (ExperimentModel.units_of),
        # so undo and redo any number of steps later give every neuron its identity back.
        self._old = model.experiment
        self._new = new
        self._merge_id = merge_id
        self._kind = kind

    @property
    def source(self) -> str:
        """The text as given (a Message keeps its English template and arguments)."""
        return self._source

    def retranslate(self) -> None:
        """Show the text in the current UI language."""
        self.setText(localize(self._source))

    @property
    def old(self) -> Experiment:
        return self._old

    @property
    def new(self) -> Experiment:
        return self._new

    def id(self) -> int:
        return self._merge_id

    def redo(self) -> None:
        self._model.set_experiment(self._new, self._kind)

    def undo(self) -> None:
        self._model.set_experiment(self._old, self._kind)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, SetExperimentCommand)
            or other._model is not self._model
            or other._merge_id != self._merge_id
            or other._kind != self._kind
        ):
            return False
        self._new = other._new
        # Arrowing a spin box up and back down is no edit at all: drop the step.
        if kind_of_change(self._old, self._new) is None:
            self.setObsolete(True)
        return True

    def __repr__(self) -> str:
        return f"SetExperimentCommand({self.text()!r}, id={self._merge_id})"


def retranslate_stack(stack: QUndoStack) -> None:
    """Show every command of ``stack`` in the current UI language.

    Commands with a ``retranslate()`` method (:class:`SetExperimentCommand`, and any
    other command offering one) re-render their text, children included; then the
    stack announces its undo and redo texts again, so the actions of
    ``QUndoStack.createUndoAction`` / ``createRedoAction`` (Edit > Undo "…") follow.
    Call it when the language changes (``nnsim.gui.i18n.notifier().language_changed``).
    """

    def visit(command: QUndoCommand) -> None:
        retranslate = getattr(command, "retranslate", None)
        if callable(retranslate):
            retranslate()
        for i in range(command.childCount()):
            child = command.child(i)
            if child is not None:
                visit(child)

    for i in range(stack.count()):
        command = stack.command(i)
        if command is not None:
            visit(command)
    stack.undoTextChanged.emit(stack.undoText())
    stack.redoTextChanged.emit(stack.redoText())
