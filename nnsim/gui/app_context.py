"""What a feature of the application may use, without the main window (DESIGN, 15).

A feature (export, clips, compare, draw mode ...) receives an :class:`AppContext`:
the document model, its undo stack, the training controller, the settings, a way to
say something in the status bar, the theme and language signals, and a widget to
parent its dialogs on. It hands back its actions, menus, docks or widgets and the
window places them. A feature therefore never imports ``main_window`` and can be
built in a test from a model, a stack and a controller that was never started.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.core.snapshot import Snapshot
from nnsim.gui.commands import NO_MERGE
from nnsim.gui.controller import TrainingController
from nnsim.gui.editor.commands import EditCommand
from nnsim.gui.i18n import localize, notifier
from nnsim.gui.theme import Theme
from nnsim.model import ExperimentModel
from nnsim.model.edits import Edit, EditRefused, Units

__all__ = ["AppContext", "settings_enabled"]


def settings_enabled() -> bool:
    """Whether nnsim remembers anything (QSettings), i.e. env NNSIM_NO_SETTINGS is not 1."""
    return os.environ.get("NNSIM_NO_SETTINGS", "") != "1"


class AppContext(QObject):
    """The application as features see it: document, undo, training, settings, status.

    Parameters
    ----------
    model : ExperimentModel
        The document.
    undo_stack : QUndoStack
        Every edit of ``model`` goes through it.
    controller : TrainingController
        Trains the document (it need not be started: a test's context trains nothing).
    dialog_parent : QWidget, optional
        What dialogs and message boxes are parented on (the main window).

    Signals
    -------
    notified(str, int)
        :meth:`notify` was called: a status-bar message and how long it stays (ms, 0:
        until replaced). The window shows it.
    theme_changed(object)
        A new :class:`~nnsim.gui.theme.Theme` (:meth:`set_theme`).
    language_changed(str)
        The UI language switched ("en" or "ko"); widgets also get ``LanguageChange``.

    Attributes
    ----------
    path : Path or None
        The file the document was last opened from or saved to.
    theme : Theme
        The theme given last.
    """

    notified = Signal(str, int)
    theme_changed = Signal(object)
    language_changed = Signal(str)

    def __init__(
        self,
        model: ExperimentModel,
        undo_stack: QUndoStack,
        controller: TrainingController,
        dialog_parent: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.undo_stack = undo_stack
        self.controller = controller
        self.dialog_parent = dialog_parent
        self.path: Path | None = None
        self.theme = Theme()
        notifier().language_changed.connect(self.language_changed)

    # ------------------------------------------------------------------ services
    def settings(self) -> QSettings | None:
        """nnsim's settings, or None when they are off (``NNSIM_NO_SETTINGS=1``, tests)."""
        return QSettings("nnsim", "nnsim") if settings_enabled() else None

    def notify(self, text: str, msecs: int = 0) -> None:
        """Show ``text`` in the status bar for ``msecs`` ms (0: until the next message)."""
        self.notified.emit(text, int(msecs))

    def set_theme(self, theme: Theme) -> None:
        """Make ``theme`` the current one and tell every feature that follows it."""
        self.theme = theme
        self.theme_changed.emit(theme)

    # ------------------------------------------------------------------ the document
    def current_experiment(self) -> Experiment:
        """The document with the weights, step and curves on screen, when they show it.

        What Save, the autosave and the exports write. The latest snapshot is used only
        while the controller is :attr:`~TrainingController.synced` with the document:
        between File > Open (or an undo of it) and the new run's first snapshot, the
        snapshot on screen is still the previous run's, and its weights and curves
        must not be written under the new document -- the document's own weights and
        curves are the right ones then.

        Curves that fail validation (a bug, never a user's doing) are left out with a
        note in the status bar rather than failing the whole save: the weights are
        what the run learnt, the curves only a view of how.
        """
        exp = self.model.experiment
        snap = self._snapshot_of(exp)
        if snap is None:
            return exp
        try:
            return exp.with_weights(snap.weights, snap.biases, snap.step, snap.history)
        except InvalidExperimentError as exc:
            if snap.history is None:
                raise
            try:
                plain = exp.with_weights(snap.weights, snap.biases, snap.step)
            except InvalidExperimentError:
                raise exc from None  # the weights themselves are wrong: the save fails
            self._note_curves_left_out(exc)
            return plain

    def _note_curves_left_out(self, exc: InvalidExperimentError) -> None:
        text = QCoreApplication.translate(
            "AppContext", "The training curves are not valid and were not saved: {0}"
        ).format(localize(exc))
        # After the caller's own message (Save shows "Saved <name>" once this returns),
        # which would otherwise replace the note at once.
        QTimer.singleShot(0, self, lambda: self.notify(text, 15_000))

    def edit_experiment(self) -> Experiment:
        """The experiment an edit starts from: the model's, with the weights on screen.

        The weights are the latest snapshot's when it shows the current document;
        while an edit is still on its way to the worker they are the model's own
        (the last edit's result), or the seeded ones when it has none.
        """
        exp = self.model.experiment
        snap = self._snapshot_of(exp)
        if snap is None:
            return exp
        return exp.with_weights(snap.weights, snap.biases, snap.step)

    def _snapshot_of(self, exp: Experiment) -> Snapshot | None:
        """The latest snapshot if it shows ``exp`` (synced, same network shape), else None."""
        c = self.controller
        snap = c.latest
        if (
            snap is None
            or not c.synced
            or tuple(snap.layer_sizes) != tuple(exp.layer_sizes)
            or tuple(snap.features) != tuple(exp.features)
        ):
            return None
        return snap

    def request_edit(
        self, make: Callable[[Experiment, Units], Edit], merge_id: int = NO_MERGE
    ) -> bool:
        """Make an edit of the network and push it as ONE undo command.

        Parameters
        ----------
        make : callable (experiment, units) -> Edit
            Usually a function of :mod:`nnsim.model.edits` with its arguments bound;
            called with :meth:`edit_experiment` and the model's unit ids.
        merge_id : int, optional
            :func:`~nnsim.gui.commands.field_id` of a spin box whose consecutive clicks
            make one undo step; gestures leave it at NO_MERGE.

        Returns
        -------
        bool
            True if a command was pushed. A refused edit (``EditRefused``) shows its
            reason in the status bar (:meth:`refuse`) and changes nothing; an edit
            that changes nothing (a layer dropped where it was) pushes nothing.
        """
        try:
            edit = make(self.edit_experiment(), self.model.units)
        except EditRefused as exc:
            self.refuse(exc.reason)
            return False
        if edit.is_noop:
            return False
        self.undo_stack.push(EditCommand(self.model, edit, merge_id))
        return True

    def refuse(self, reason: object) -> None:
        """Say in the status bar that an edit was not applied, and why."""
        # The main window's text: the refusal reads the same from any feature.
        text = QCoreApplication.translate("MainWindow", "Not applied: {0}")
        self.notify(text.format(localize(reason)), 8000)
