"""View > Show/hide controls: hide panel rows a lesson does not need.

What is hidden belongs to the experiment (``Experiment.hidden_controls``), like TF
Playground's hideable controls: it is saved with the file, a lesson's JSON can set it,
and each toggle is one undoable edit. Such an edit is of kind "ui", which the training
controller ignores, so hiding a control never resets or rebuilds the run.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from nnsim.core.experiment import Experiment
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.gui.commands import SetExperimentCommand
from nnsim.gui.i18n import localize, notifier
from nnsim.model import ExperimentModel
from nnsim.model.controls import CONTROLS


def with_control_hidden(exp: Experiment, name: str, hidden: bool) -> Experiment:
    """``exp`` with control ``name`` hidden (or shown), names kept in registry order.

    The registry order makes the document independent of the order of the clicks, so
    hiding A then B equals hiding B then A.
    """
    if name not in CONTROLS:
        raise KeyError(f"unknown control {name!r}")
    names = set(exp.hidden_controls)
    if hidden:
        names.add(name)
    else:
        names.discard(name)
    return replace(exp, hidden_controls=tuple(n for n in CONTROLS if n in names))


class ControlsMenu(QObject):
    """The checkable "Show/hide controls" submenu, kept in step with the model.

    Parameters
    ----------
    window : QWidget
        Owner of the actions (their shortcuts' context).
    view_menu : QMenu
        The menu the submenu is added to.
    model : ExperimentModel
        The document whose ``hidden_controls`` the actions edit.
    stack : QUndoStack
        Where each toggle goes as one command.

    Attributes
    ----------
    actions : dict str -> QAction
        Control name -> its action, checked while the control is shown.
    """

    def __init__(
        self, window: QWidget, view_menu: QMenu, model: ExperimentModel, stack: QUndoStack
    ) -> None:
        super().__init__(window)
        self._model = model
        self._stack = stack
        self.menu = view_menu.addMenu("")
        self.actions: dict[str, QAction] = {}
        for name in CONTROLS:
            a = QAction(window)
            a.setCheckable(True)
            a.setObjectName(f"control:{name}")
            # triggered (not toggled): only the user's click edits, not our sync.
            a.triggered.connect(lambda on, n=name: self.set_shown(n, on))
            self.menu.addAction(a)
            self.actions[name] = a
        model.changed.connect(lambda _old, new, _kind: self._sync(new))
        self._sync(model.experiment)
        self.retranslate_ui()
        notifier().language_changed.connect(self.retranslate_ui)

    def retranslate_ui(self) -> None:
        """The submenu's title and entries in the UI language."""
        self.menu.setTitle(self.tr("Show/hide &controls"))
        for name, a in self.actions.items():
            a.setText(localize(CONTROLS[name]))

    def set_shown(self, name: str, shown: bool) -> None:
        """Show or hide control ``name`` as one undoable edit (nothing if already so)."""
        old = self._model.experiment
        new = with_control_hidden(old, name, not shown)
        if new == old:
            return
        # Messages, so Edit > Undo follows a language switch.
        if shown:
            text = QT_TRANSLATE_NOOP("ControlsMenu", "Show {control}")
        else:
            text = QT_TRANSLATE_NOOP("ControlsMenu", "Hide {control}")
        text = text.format(control=CONTROLS[name])
        self._stack.push(SetExperimentCommand(self._model, new, text))

    def _sync(self, exp: Experiment) -> None:
        for name, a in self.actions.items():
            a.setChecked(name not in exp.hidden_controls)
