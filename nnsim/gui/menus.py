"""The main window's actions and menu bar: File, Edit, Training, View, Help.

:class:`MainMenus` makes the window's own actions (training, files, undo/redo, compare,
shortcuts) and, in :meth:`MainMenus.build`, the menus, including the lecture entries of
the View menu (presentation mode, show/hide controls, recording aids, language). Features
hand their menus and actions to the window, which places them; this module knows no
feature and does not import the window. Its texts are the main window's (translation
context "MainWindow").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMenuBar, QToolBar

from nnsim.gui.app_context import AppContext
from nnsim.gui.control_menu import ControlsMenu
from nnsim.gui.docks import STATE_VERSION
from nnsim.gui.i18n import LanguageSwitcher, strip_mnemonic, translate
from nnsim.gui.lessons import TeachingDocks
from nnsim.gui.presentation import PresentationController
from nnsim.gui.recording import RecordingAids

__all__ = ["MainMenus", "WindowSlots"]

Shortcut = QKeySequence | str | QKeySequence.StandardKey | Qt.Key | None


@dataclass(frozen=True)
class WindowSlots:
    """What the window's own actions call (the training ones call the controller)."""

    new: Callable[[], object]
    open: Callable[[], object]
    save: Callable[[], object]
    save_as: Callable[[], object]
    import_csv: Callable[[], object]
    quit: Callable[[], object]
    compare: Callable[[], object]
    shortcuts: Callable[[], object]
    max_speed: Callable[[], object]


class MainMenus(QObject):
    """The window's actions, then (:meth:`build`) its menu bar.

    Parameters
    ----------
    window : QMainWindow
        Owner of the actions: each is added to it, so its shortcut works whichever
        dock has the focus.
    context : AppContext
        The controller (Play, Step, Epoch, Reset), the undo stack (Undo, Redo) and the
        status bar (a language that cannot be shown).
    slots : WindowSlots
        The window's other commands.

    Attributes
    ----------
    play, step, epoch, reset, max_speed, new, open, save, save_as, import_csv, quit,
    compare, shortcuts, undo, redo : QAction
    file_menu, edit_menu, train_menu, view_menu, language_menu, help_menu : QMenu
        Made by :meth:`build`.
    """

    def __init__(self, window: QMainWindow, context: AppContext, slots: WindowSlots) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._stack: QUndoStack = context.undo_stack
        c = context.controller
        self.play = self._action(c.toggle, Qt.Key.Key_Space)
        self.step = self._action(lambda: c.step(1), Qt.Key.Key_Right)
        self.epoch = self._action(c.step_epoch, QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Right))
        self.reset = self._action(c.reset, Qt.Key.Key_R)
        self.max_speed = self._action(slots.max_speed, Qt.Key.Key_M)
        self.max_speed.setCheckable(True)
        self.new = self._action(slots.new, QKeySequence.StandardKey.New)
        self.open = self._action(slots.open, QKeySequence.StandardKey.Open)
        self.save = self._action(slots.save, QKeySequence.StandardKey.Save)
        self.save_as = self._action(slots.save_as, QKeySequence("Ctrl+Shift+S"))
        self.import_csv = self._action(slots.import_csv)
        self.quit = self._action(slots.quit, QKeySequence("Ctrl+Q"))
        self.compare = self._action(slots.compare, QKeySequence("Ctrl+Shift+B"))
        self.shortcuts = self._action(slots.shortcuts, QKeySequence("Ctrl+/"))
        self.undo: QAction | None = None
        self.redo: QAction | None = None
        self.edit_menu: QMenu | None = None
        self.remake_undo_actions()

    def _action(self, slot: Callable[[], object], shortcut: Shortcut = None) -> QAction:
        action = QAction(self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        # Window-wide: the shortcuts work whichever dock has the focus.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._window.addAction(action)
        return action

    def remake_undo_actions(self) -> None:
        """Edit > Undo/Redo. QUndoStack's actions keep the prefix they were made with, so
        a language switch makes them again."""
        old = [a for a in (self.undo, self.redo) if a is not None]
        w = self._window
        self.undo = self._stack.createUndoAction(w, translate("MainWindow", "&Undo"))
        self.undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo = self._stack.createRedoAction(w, translate("MainWindow", "&Redo"))
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo, self.redo):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            w.addAction(action)
        if old and self.edit_menu is not None:
            self.edit_menu.insertActions(old[0], [self.undo, self.redo])
            for a in old:
                self.edit_menu.removeAction(a)
                w.removeAction(a)
                a.deleteLater()

    def build(
        self,
        bar: QMenuBar,
        toolbar: QToolBar,
        docks: Mapping[str, QDockWidget],
        teaching: TeachingDocks,
    ) -> None:
        """Fill ``bar``: File, Edit, Training, View (docks, tool bar, teaching views,
        lecture entries, language) and Help."""
        w = self._window
        self.file_menu = bar.addMenu("")
        for action in (self.new, self.open, self.save, self.save_as):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_csv)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit)
        self.edit_menu = bar.addMenu("")
        assert self.undo is not None and self.redo is not None
        self.edit_menu.addAction(self.undo)
        self.edit_menu.addAction(self.redo)
        self.train_menu = bar.addMenu("")
        for action in (self.play, self.step, self.epoch, self.reset, self.max_speed):
            self.train_menu.addAction(action)
        self.train_menu.addSeparator()
        # A/B comparison in its own window (nnsim.gui.compare).
        self.train_menu.addAction(self.compare)
        view = self.view_menu = bar.addMenu("")
        for dock in docks.values():
            view.addAction(dock.toggleViewAction())
        view.addAction(toolbar.toggleViewAction())
        teaching.add_menu_entries(view)
        # The lecture entries: presentation mode, show/hide controls, recording aids.
        ctx = self._context
        self.presentation = PresentationController(w, view, docks, STATE_VERSION)
        self.controls_menu = ControlsMenu(w, view, ctx.model, ctx.undo_stack)
        self.recording = RecordingAids(w, view, teaching)
        self.language_menu = view.addMenu("")
        self.languages = LanguageSwitcher(self.language_menu)
        self.languages.failed.connect(lambda message: ctx.notify(message, 10_000))
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.shortcuts)

    def retranslate_ui(self) -> None:
        """The actions' texts (except Play's, the tool bar's) and the menus' titles."""

        def put(action: QAction, text: str, tip: str = "") -> None:
            action.setText(text)
            action.setToolTip(tip or strip_mnemonic(text))
            action.setStatusTip(tip)

        put(
            self.step,
            translate("MainWindow", "Step"),
            translate("MainWindow", "Train one step (Right)"),
        )
        put(
            self.epoch,
            translate("MainWindow", "Epoch"),
            translate("MainWindow", "Train to the end of the epoch (Shift+Right)"),
        )
        put(
            self.reset,
            translate("MainWindow", "Reset"),
            translate("MainWindow", "New weights from the same seed, step 0 (R)"),
        )
        put(
            self.max_speed,
            translate("MainWindow", "Max speed"),
            translate(
                "MainWindow", "As fast as the machine allows; again: back to the lecture pace (M)"
            ),
        )
        put(self.new, translate("MainWindow", "&New"))
        put(self.open, translate("MainWindow", "&Open…"))
        put(self.save, translate("MainWindow", "&Save"))
        put(self.save_as, translate("MainWindow", "Save &As…"))
        put(
            self.import_csv,
            translate("MainWindow", "&Import CSV…"),
            translate("MainWindow", "Train on points from a CSV file"),
        )
        put(self.quit, translate("MainWindow", "&Quit"))
        put(
            self.compare,
            translate("MainWindow", "&Compare A/B…"),
            translate(
                "MainWindow", "Train a copy with another activation or learning rate side by side"
            ),
        )
        put(self.shortcuts, translate("MainWindow", "&Keyboard shortcuts"))
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        assert self.edit_menu is not None
        self.edit_menu.setTitle(translate("MainWindow", "&Edit"))
        self.train_menu.setTitle(translate("MainWindow", "&Training"))
        self.view_menu.setTitle(translate("MainWindow", "&View"))
        self.language_menu.setTitle(translate("MainWindow", "&Language"))
        self.help_menu.setTitle(translate("MainWindow", "&Help"))
