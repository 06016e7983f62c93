"""The network editor's undo command: one :class:`~nnsim.model.edits.Edit` on the stack.

:class:`EditCommand` changes only the model (DESIGN convention 9). Redo sets the
edited experiment and its unit ids, undo the document exactly as it was before;
each also hands the model a :class:`~nnsim.core.trainer.UnitCarry` that the training
controller passes to the worker, saying which weights to use:

* while paused, the stored ones -- undo and redo restore architecture *and* weights
  bit-identically;
* while training, the live ones for every unit the running network still has, and
  the stored ones for units it lacks -- a layer brought back by undo returns with
  the weights it had when it was removed, while the others keep training. Values set
  by hand (a weight scrub) are pinned: they win over the live ones.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from nnsim.core.experiment import Experiment
from nnsim.gui.commands import NO_MERGE
from nnsim.gui.i18n import localize
from nnsim.model import ExperimentModel
from nnsim.model.edits import Edit

__all__ = ["EditCommand"]


class EditCommand(QUndoCommand):
    """Apply ``edit`` to ``model`` on redo; put the previous document back on undo.

    Parameters
    ----------
    model : ExperimentModel
        The document; its unit ids must be ``edit.units_before``.
    edit : Edit
        Made from the model's experiment (with the weights on screen) and ids.
    merge_id : int, optional
        Consecutive commands with the same id (not :data:`~nnsim.gui.commands.NO_MERGE`)
        merge into one undo step, e.g. clicks on one spin box. A gesture pushes one
        command and does not merge.
    parent : QUndoCommand, optional
        For compound edits (``QUndoStack.beginMacro`` does the same).

    Raises
    ------
    ValueError
        The model's unit ids are not the ones the edit was made for (a stale edit).
    """

    def __init__(
        self,
        model: ExperimentModel,
        edit: Edit,
        merge_id: int = NO_MERGE,
        parent: QUndoCommand | None = None,
    ) -> None:
        # The edit's text is a translatable Message: shown in the UI language, and again
        # in a new one by retranslate() (nnsim.gui.commands.retranslate_stack).
        super().__init__(localize(edit.text), parent)
        if model.units != edit.units_before:
            raise ValueError("the edit was made for another version of the network")
        self._model = model
        self._edit = edit
        # Undo restores this document object itself (the weights of the edit's "before"
        # only tell the trainer what to load), so undo gives back exactly what was there.
        self._document = model.experiment
        self._merge_id = merge_id

    @property
    def edit(self) -> Edit:
        """The edit (merged edits: the combined one)."""
        return self._edit

    @property
    def document_before(self) -> Experiment:
        """The model's experiment when the command was made; undo restores it."""
        return self._document

    @property
    def source(self) -> str:
        """The text as the edit gives it (a Message keeps its template and values)."""
        return self._edit.text

    def retranslate(self) -> None:
        """Show the text in the current UI language (see ``retranslate_stack``)."""
        self.setText(localize(self._edit.text))

    def id(self) -> int:
        return self._merge_id

    def redo(self) -> None:
        e = self._edit
        self._model.set_experiment(e.after, e.change, units=e.units_after, carry=e.carry())

    def undo(self) -> None:
        e = self._edit
        self._model.set_experiment(
            self._document, e.change, units=e.units_before, carry=e.carry(undo=True)
        )

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, EditCommand)
            or other._model is not self._model
            or self._merge_id == NO_MERGE
            or other._merge_id != self._merge_id
        ):
            return False
        self._edit = self._edit.then(other._edit)
        self.retranslate()
        # Arrowing a spin box up and back down is no edit at all: drop the step.
        if self._edit.is_noop:
            self.setObsolete(True)
        return True

    def __repr__(self) -> str:
        return f"EditCommand({self.text()!r}, {self._edit.kind})"
