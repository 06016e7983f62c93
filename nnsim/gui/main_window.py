"""The main window: network in the centre, panels and views in docks, lecture controls.

The window wires three things together and owns none of their logic:

* the document (:class:`~nnsim.model.ExperimentModel`), edited only through commands
  on :attr:`MainWindow.undo_stack`;
* the :class:`~nnsim.gui.controller.TrainingController`, which follows every model
  change and sends snapshots back (the window never touches the Trainer);
* the views, which render only the latest snapshot, at most once per display frame.

Features (exports, clips, compare, draw mode ...) get the window's
:class:`~nnsim.gui.app_context.AppContext`, never the window, and hand back actions,
menus and widgets that the window places. The menus (:mod:`nnsim.gui.menus`), the tool
bar (:mod:`nnsim.gui.toolbar`), the status labels (:mod:`nnsim.gui.status_bar`), the
docks and the remembered layout (:mod:`nnsim.gui.docks`) and the training messages
(:mod:`nnsim.gui.alerts`) are built in their own modules, none of which imports this one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from time import perf_counter
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QShowEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox

from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.core.lessons import Lesson
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.snapshot import Snapshot
from nnsim.core.trainer import Trainer
from nnsim.gui import i18n
from nnsim.gui.alerts import TrainingAlerts
from nnsim.gui.app_context import AppContext, settings_enabled
from nnsim.gui.autosave import Autosaver
from nnsim.gui.clip import ClipActions
from nnsim.gui.commands import NO_MERGE, SetExperimentCommand, retranslate_stack
from nnsim.gui.compare import Comparison
from nnsim.gui.controller import TrainingController
from nnsim.gui.csv_import import add_data_panel_buttons, apply_custom, import_with_dialog
from nnsim.gui.data_panel import DataPanel
from nnsim.gui.docks import (
    STATE_VERSION,
    OutputColumn,
    add_main_docks,
    restore_layout,
    retranslate_main_docks,
    save_layout,
    share_default_sizes,
)
from nnsim.gui.draw_mode import DrawMode
from nnsim.gui.editor.view import NetworkView
from nnsim.gui.export import ExportActions, ExportViews
from nnsim.gui.hyper_panel import HyperPanel
from nnsim.gui.lessons import TeachingDocks
from nnsim.gui.menus import MainMenus, WindowSlots
from nnsim.gui.panels import error_text
from nnsim.gui.presentation import ShortcutsDialog
from nnsim.gui.recovery import Recovery, offer_recovery
from nnsim.gui.slides import SlideActions
from nnsim.gui.status_bar import StatusLabels
from nnsim.gui.theme import Theme
from nnsim.gui.toolbar import TrainingToolBar
from nnsim.gui.views.boundary import OutputView
from nnsim.gui.views.inspector import NeuronInspector
from nnsim.gui.views.plots import GradientPlot, LossPlot
from nnsim.model import ExperimentModel
from nnsim.model.edits import Edit, Units
from nnsim.storage import LoadError, atomic_write_text, read_csv_data, read_experiment

__all__ = ["PLOT_MS", "RENDER_MS", "MainWindow"]

#: Draw at most once per this many ms (the display rate).
RENDER_MS = 16
#: While training, the loss and per-layer plots refresh at most this often (ms).
PLOT_MS = 150
_FILE_FILTER = QT_TRANSLATE_NOOP("MainWindow", "nnsim experiment (*.json);;All files (*)")


class MainWindow(QMainWindow):
    """nnsim's main window.

    Parameters
    ----------
    experiment : Experiment, optional
        The document to start with (TF Playground's default when omitted).
    start : bool
        Start the training process at once. The command line's screenshot mode passes
        False and feeds :meth:`show_snapshot` itself.
    remember_layout : bool
        Restore the window layout of the last session and save it on close (QSettings).
        The command line's screenshot mode passes False, so a picture never depends
        on (or changes) what an earlier run left.

    Attributes
    ----------
    theme : Theme
        The look every view was given last (:meth:`apply_theme`).
    """

    def __init__(
        self,
        experiment: Experiment | None = None,
        *,
        start: bool = True,
        remember_layout: bool = True,
        trainer_factory: Callable[..., Trainer] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("nnsim_main_window")
        self.remember_layout = remember_layout and settings_enabled()
        self.model = ExperimentModel(experiment)
        self.undo_stack = QUndoStack(self)
        self.controller = TrainingController(
            self.model.experiment, self, trainer_factory=trainer_factory
        )
        #: What the features get instead of the window (nnsim.gui.app_context).
        self.context = AppContext(
            self.model, self.undo_stack, self.controller, dialog_parent=self, parent=self
        )
        self.context.notified.connect(self.statusBar().showMessage)
        #: Training > Compare A/B… and a lesson's run B (nnsim.gui.compare).
        self.compare = Comparison(self.context)
        if start:
            # The training process starts now, so it builds its trainer and first
            # snapshot on the other core while this one builds the window.
            self.controller.start()
        #: The snapshot on screen, and how many frames were rendered (for benchmarks).
        self.snapshot: Snapshot | None = None
        self.frames_rendered = 0
        self._pending: Snapshot | None = None
        self._shut_down = False
        self._sized = False
        self._restored = False
        #: Autosave while there is unsaved work (:meth:`enable_autosave`; the CLI turns it on).
        self.autosaver: Autosaver | None = None

        self.network_view = NetworkView()
        self.network_view.setObjectName("network_view")
        self.setCentralWidget(self.network_view)
        self.output_view = OutputView()
        self.loss_plot = LossPlot()
        self.gradient_plot = GradientPlot()
        self.inspector = NeuronInspector()
        self.data_panel = DataPanel(self.model, self.undo_stack)
        self.hyper_panel = HyperPanel(self.model, self.undo_stack)
        #: The output view with its toggles and the rows features add (nnsim.gui.docks).
        self.output_column = OutputColumn(self.output_view)
        #: The window's own docks by key ("data", "hyper", "output", "loss", ...).
        self.docks: dict[str, QDockWidget] = add_main_docks(
            self, self.data_panel, self.hyper_panel, self.output_column,
            self.loss_plot, self.inspector, self.gradient_plot,
        )  # fmt: skip
        #: The teaching views (lessons, activation, collapse, weights, walkthrough ...).
        self.teaching = TeachingDocks(
            self.context, self, self.docks, self.network_view, self.inspector
        )
        self.teaching.compare_requested.connect(self.compare.open)
        self.teaching.open_requested.connect(self.open_lesson)
        self._build_menus_and_toolbar()
        self._add_features()
        self.presentation.panels_action.toggled.connect(lambda _on: self._sync_output_controls())
        self.draw_mode.action.toggled.connect(lambda _on: self._sync_output_controls())
        self.status_labels = StatusLabels(self.statusBar())
        self.status_labels.fit(self.theme)
        self.status_labels.show_paused()

        self.model.changed.connect(self._on_model_changed)
        # The panel's layer-count and width boxes take the editor's path (one way to
        # change the network, weights kept by unit id).
        self.hyper_panel.request_edit = self.request_edit
        # Editor gestures: a finished one is one undo command; a weight scrub is
        # previewed on the live trainer (no undo step) until it ends.
        self.network_view.edit_requested.connect(self.request_edit)
        self.network_view.weight_previewed.connect(self.controller.preview_weight)
        self.network_view.neuron_clicked.connect(self._on_neuron_clicked)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        for panel in (self.data_panel, self.hyper_panel):
            panel.rejected.connect(self.context.refuse)
        c = self.controller
        c.snapshot_ready.connect(self._on_snapshot_ready)
        c.state_changed.connect(self._on_state_changed)
        #: Error and divergence boxes, stop messages (nnsim.gui.alerts).
        self.alerts = TrainingAlerts(self.context)

        # Draws a snapshot that arrived less than a display frame after the previous one.
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.timeout.connect(self._render_pending)
        self._last_render = 0.0
        self._last_plot = 0.0

        self.network_view.set_experiment(self.model.experiment)
        self.toolbar.show_pace(self.model.experiment.pace)
        self.retranslate_ui()
        self.apply_theme(self.presentation.current())
        self.resize(1440, 900)
        if self.remember_layout:
            self._restored = restore_layout(self)

    def _build_menus_and_toolbar(self) -> None:
        """The window's actions, the training tool bar and the menu bar (nnsim.gui.menus)."""
        slots = WindowSlots(
            new=self.new_experiment,
            open=self.open_dialog,
            save=self.save,
            save_as=self.save_as,
            import_csv=self.import_csv_dialog,
            quit=self.close,
            compare=lambda: self.compare.open(),
            shortcuts=self.show_shortcuts,
            max_speed=self.toggle_max_speed,
        )
        m = self.menus = MainMenus(self, self.context, slots)
        # The actions and tool-bar widgets by the names the rest of nnsim and the tests use.
        self.play_action, self.step_action, self.epoch_action = m.play, m.step, m.epoch
        self.reset_action, self.max_speed_action, self.new_action = m.reset, m.max_speed, m.new
        self.import_csv_action, self.quit_action = m.import_csv, m.quit
        self.undo_action, self.redo_action = m.undo, m.redo
        tb = self.toolbar = TrainingToolBar(
            self.context, m.play, m.step, m.epoch, m.reset, m.max_speed
        )
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self.speed_slider, self.speed_label = tb.speed_slider, tb.speed_label
        self.epoch_label, self.step_label = tb.epoch_label, tb.step_label
        self.epoch_caption = tb.epoch_caption
        m.build(self.menuBar(), self.toolbar, self.docks, self.teaching)
        self.file_menu = m.file_menu
        self.presentation, self.controls_menu = m.presentation, m.controls_menu
        self.presentation.theme_changed.connect(self.apply_theme)
        self.recording, self.languages = m.recording, m.languages

    def _add_features(self) -> None:
        """Make the features from the context and place what they hand back."""
        #: File > Export, File > Open Recent, plot right-click exports (nnsim.gui.export).
        views = ExportViews(
            self, self.network_view, self.output_view, self.loss_plot, self.gradient_plot
        )
        self.exports = ExportActions(self.context, views)
        self.exports.open_requested.connect(self.open_file)
        self.file_menu.insertMenu(self.quit_action, self.exports.recent_menu)
        self.file_menu.insertMenu(self.quit_action, self.exports.export_menu)
        self.file_menu.insertSeparator(self.quit_action)
        for key, plot in (("loss", self.loss_plot), ("gradient", self.gradient_plot)):
            plot.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            plot.addActions(self.exports.plot_actions(key))
        #: Draw mode on the output view (nnsim.gui.draw_mode), its row under the view.
        self.draw_mode = DrawMode(self.context, self.output_view.plot)
        self.addActions([self.draw_mode.action, *self.draw_mode.class_actions])
        self.output_column.add_row(self.draw_mode.panel)
        #: File > Export > Record clip… and the tool bar's record button (nnsim.gui.clip).
        self.clips = ClipActions(self.context, views.by_key(), self.teaching, self.recording)
        self.exports.export_menu.addSeparator()
        self.exports.export_menu.addAction(self.clips.action)
        self.toolbar.add_record_action(self.clips.action)
        #: File > Export > Slide images… (nnsim.gui.slides).
        t = self.teaching
        self.slides = SlideActions(self.context, views.by_key(), t.views, t.docks)
        self.exports.export_menu.addAction(self.slides.action)
        add_data_panel_buttons(self.data_panel, self.import_csv_action, self.draw_mode.action)

    @property
    def path(self) -> Path | None:
        """The file the document was last opened from or saved to (the context's)."""
        return self.context.path

    @path.setter
    def path(self, value: Path | None) -> None:
        self.context.path = value

    # ------------------------------------------------------------------ building
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if not self._restored:
                share_default_sizes(self, self.docks, self.data_panel, self.hyper_panel)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help > Keyboard shortcuts: every action's shortcut, read from the actions."""
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def toggle_max_speed(self) -> None:
        """Max speed in one key (M) or click; again goes back to the lecture pace."""
        self.toolbar.toggle_max_speed()

    def retranslate_ui(self) -> None:
        """Show menus, actions, docks, the tool bar and the status bar in the UI language."""
        self.toolbar.retranslate_ui()
        self.menus.retranslate_ui()
        retranslate_main_docks(self.docks)
        self.output_column.retranslate_ui()
        self._update_title()
        self.status_labels.fit(self.theme)
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)  # the status bar's texts, also when paused
        else:
            self.status_labels.show_paused()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.menus.remake_undo_actions()
            self.undo_action, self.redo_action = self.menus.undo, self.menus.redo
            retranslate_stack(self.undo_stack)
            self.retranslate_ui()

    @property
    def theme(self) -> Theme:
        """The look every view was given last (kept by the context, which features read)."""
        return self.context.theme

    def apply_theme(self, theme: Theme) -> None:
        """Give every view ``theme`` (colours, text scale, line and point sizes).

        Called by the presentation controller; each view styles its own items.
        """
        self.context.set_theme(theme)
        views = [
            self.network_view,
            self.output_view,
            self.loss_plot,
            self.gradient_plot,
            self.inspector,
            self.data_panel,
            self.hyper_panel,
            *self.teaching.built_views(),
            self.teaching.panel,
            self.recording,
        ]
        for view in views:
            apply = getattr(view, "apply_theme", None)
            if callable(apply):
                apply(theme)
        # Dock titles: QDockWidget paints its title in the "QDockWidgetTitle" font it read
        # when it was made, unless its own font differs from the application's; a
        # different style strategy makes it differ and use the scaled font.
        title_font = theme.app_font()
        title_font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        for dock in self.findChildren(QDockWidget):
            dock.setFont(title_font)
        self._sync_output_controls()
        self.toolbar.apply_theme(theme)
        self.status_labels.fit(theme)

    def _sync_output_controls(self) -> None:
        """On the stage the map gets the output dock's height: its toggles and draw row
        fold away with the side panels (F6 brings all back; draw mode keeps its row)."""
        stage = self.theme.presenting and not self.presentation.panels_action.isChecked()
        self.output_column.toggles.setVisible(not stage)
        draw = self.draw_mode
        draw.panel.setVisible(not stage or draw.action.isChecked())

    # ------------------------------------------------------------------ rendering
    def _on_snapshot_ready(self, snap: Snapshot) -> None:
        # Keep only the newest and draw it at most once per display frame. Drawing at
        # once (not on the next tick of a free-running timer) lets the worker, which
        # waits for the frame, resume sooner.
        self._pending = snap
        wait_ms = RENDER_MS - (perf_counter() - self._last_render) * 1000.0
        if wait_ms <= 0:
            self._render_pending()
        elif not self._render_timer.isActive():
            self._render_timer.start(max(1, round(wait_ms)))

    def _render_pending(self) -> None:
        snap = self._pending
        if snap is None:
            return
        self._pending = None
        self._last_render = perf_counter()
        self.show_snapshot(snap)

    def show_snapshot(self, snap: Snapshot) -> None:
        """Render ``snap`` in every view, the counters and the status bar now."""
        # Just before a divergence the weights and activations are huge; the views clamp
        # them for colour and size, and NumPy must not print overflow warnings over the
        # lecture while they do.
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            self._show_snapshot(snap)

    def _show_snapshot(self, snap: Snapshot) -> None:
        previous, self.snapshot = self.snapshot, snap
        self.network_view.set_snapshot(snap)
        self.inspector.set_snapshot(snap)
        self.output_view.set_snapshot(snap)
        self.teaching.set_snapshot(snap)  # hidden teaching views only store it
        # The curves gain about a pixel per frame, so while training they refresh at
        # PLOT_MS; a paused run, a new run and the first frame are drawn at once.
        now = perf_counter()
        if (
            snap.steps_per_second == 0
            or previous is None
            or previous.run_id != snap.run_id
            or (now - self._last_plot) * 1000.0 >= PLOT_MS
        ):
            self._last_plot = now
            self.loss_plot.set_snapshot(snap)
            self.gradient_plot.set_snapshot(snap)
        self.toolbar.show_counters(snap.step, snap.epoch)
        self.status_labels.show_snapshot(snap)
        self.frames_rendered += 1

    # ------------------------------------------------------------------ model & controller
    def _on_model_changed(self, _old: Experiment, new: Experiment, kind: str) -> None:
        # The carry hands the model's unit ids (and an edit's stored weights) to the
        # trainer, so its network stays keyed like the document.
        self.controller.apply(new, kind, self.model.carry)
        if new.pace != _old.pace or kind == "all":
            self.toolbar.show_pace(new.pace)  # undo, a lesson or a file brings its own pace
        if kind != "ui":
            # "ui" only shows or hides panel rows (the panels follow the model themselves).
            self.network_view.set_experiment(new)
            self.teaching.set_experiment(new)
        self._update_title()

    # ------------------------------------------------------------------ editor edits
    def request_edit(
        self, make: Callable[[Experiment, Units], Edit], merge_id: int = NO_MERGE
    ) -> bool:
        """Push an edit of the network as ONE undo command (:meth:`AppContext.request_edit`)."""
        return self.context.request_edit(make, merge_id)

    def _on_neuron_clicked(self, column: int, unit: int) -> None:
        """Show the clicked neuron's arithmetic in the inspector (raised to the front)."""
        dock = self.docks["inspector"]
        dock.show()
        dock.raise_()
        self.inspector.set_neuron(column, unit)

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_state_changed(self, playing: bool) -> None:
        self.toolbar.show_play_state(playing)
        if playing:
            self.statusBar().clearMessage()

    # ------------------------------------------------------------------ files
    def _update_title(self) -> None:
        name = self.path.name if self.path is not None else self.tr("untitled")
        title = self.model.experiment.title
        lesson = getattr(getattr(self, "teaching", None), "lesson", None)
        if lesson is not None and self.path is None and title == lesson.experiment.title:
            title = lesson.title_in(i18n.current_language())  # a lesson's title is bilingual
        self.setWindowTitle(f"{title or name}[*] — nnsim")

    def new_experiment(self) -> None:
        """Start over on the default experiment (undoable)."""
        self.undo_stack.push(
            SetExperimentCommand(
                self.model,
                Experiment(),
                QT_TRANSLATE_NOOP("MainWindow", "New experiment"),
                kind="all",
            )
        )
        self.path = None
        self._update_title()

    def open_dialog(self) -> None:
        start = str(self.path.parent) if self.path is not None else ""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open experiment"), start, i18n.localize(_FILE_FILTER)
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str | os.PathLike[str]) -> bool:
        """Load an experiment file as an undoable edit.

        A missing, unreadable or invalid file shows a message naming the problem and
        changes nothing (neither the experiment nor the undo stack). Returns success.
        """
        path = Path(path)
        notes: list[str] = []  # e.g. training curves of a newer nnsim, left out
        try:
            exp = read_experiment(path, notes)  # every failure is one LoadError, one message
        except LoadError as exc:
            self._show_load_error(
                self.tr("Cannot open experiment"), self.tr("{name} could not be opened:"), exc
            )
            return False
        text = QT_TRANSLATE_NOOP("MainWindow", "Open {name}").format(name=path.name)
        self.undo_stack.push(SetExperimentCommand(self.model, exp, text, kind="all"))
        self.path = path
        self.exports.recent.add(path)
        self.undo_stack.setClean()
        if self.autosaver is not None:
            self.autosaver.mark_clean(exp.step)
        self._update_title()
        self.show_notes(notes)
        return True

    def show_notes(self, notes: Iterable[str]) -> None:
        """Show what opening a file left out (e.g. curves of a newer nnsim) in the status bar.

        Said where a lecturer looks: a window started from a desktop launcher has no
        terminal. Each note replaces the one before, for 15 s.
        """
        for note in notes:
            self.statusBar().showMessage(i18n.localize(note), 15_000)

    def open_lesson(self, lesson: Lesson | str | os.PathLike[str]) -> bool:
        """Open a lesson (a Lesson, a shipped lesson's name or a lesson file) like a file.

        Its experiment becomes the document as one undoable edit and its views are
        shown; a lesson that cannot be loaded shows a message and changes nothing.
        Returns success.
        """
        if not self.teaching.open_lesson(lesson):
            return False
        self.path = None
        self.undo_stack.setClean()
        if self.autosaver is not None:
            self.autosaver.mark_clean(self.model.experiment.step)
        self._update_title()
        return True

    def _show_load_error(self, title: str, lead: str, exc: LoadError) -> None:
        """The one message of a failed load: the file's name and what is wrong with it.

        ``lead`` is a translated template with a ``{name}`` field ("{name} could not be
        opened:").
        """
        name = exc.path.name or str(exc.path)
        problem = i18n.localize(exc.problem)
        problem = problem[:1].upper() + problem[1:]
        QMessageBox.warning(self, title, lead.format(name=name) + "\n\n" + problem)

    def import_csv_dialog(self) -> None:
        start = str(self.path.parent) if self.path is not None else ""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import data"),
            start,
            self.tr("CSV data (*.csv *.txt *.tsv);;All files (*)"),
        )
        if path:
            # A preview and a choice of columns first (nnsim.gui.csv_import).
            import_with_dialog(self.context, path)

    def import_csv(self, path: str | os.PathLike[str]) -> bool:
        """Train on the points of a CSV file, as one undoable edit.

        The file has 1 or 2 input columns and the target in the last column (see
        :func:`nnsim.storage.read_csv_data`); the loss, output and features follow the
        data's task and dimensions (:func:`nnsim.gui.csv_import.apply_custom`, as after
        the import dialog). A bad file shows one message naming the problem (row and
        column where there is one) and changes nothing. Returns success.
        """
        path = Path(path)
        try:
            custom = read_csv_data(path)
        except LoadError as exc:
            self._show_load_error(
                self.tr("Cannot import data"), self.tr("{name} could not be imported:"), exc
            )
            return False

        def refused(exc: InvalidExperimentError) -> None:
            problem = self.tr("the data do not fit this experiment. {0}").format(error_text(exc))
            self._show_load_error(
                self.tr("Cannot import data"),
                self.tr("{name} could not be imported:"),
                LoadError(path, problem),
            )

        return apply_custom(self.context, custom, path.name, refused)

    def enable_autosave(
        self, directory: Path | None = None, interval_ms: int | None = None
    ) -> Autosaver:
        """Autosave while there is unsaved work (see :mod:`nnsim.gui.autosave`)."""
        if self.autosaver is None:
            self.autosaver = Autosaver(
                self.undo_stack,
                self.current_experiment,
                lambda: self.path,
                directory=directory,
                interval_ms=interval_ms,
                parent=self,
            )
            self.autosaver.failed.connect(
                lambda m: self.statusBar().showMessage(i18n.localize(m), 10_000)
            )
            # "Autosave is off" stays in view (status messages are replaced by the next).
            self.statusBar().addPermanentWidget(self.autosaver.indicator())
            self.autosaver.start()
        return self.autosaver

    def offer_recovery(self, ask: Callable[[Any, Recovery], bool] | None = None) -> bool:
        """Offer what a crashed session left in the autosave folder; returns whether it
        was restored (see :func:`nnsim.gui.recovery.offer_recovery`)."""
        folder = self.autosaver.directory if self.autosaver is not None else None
        return offer_recovery(self.recover_autosave, self.statusBar(), self, ask, folder)

    def recover_autosave(self, path: Path, document: Path | None) -> bool:
        """Load an autosave through the normal load path, as unsaved work of ``document``.

        Used by :func:`nnsim.gui.recovery.offer_recovery`. The undo stack stays dirty
        (the recovered work is not saved yet) and Save writes to ``document``.
        """
        try:
            exp = read_experiment(path)
        except LoadError as exc:
            self._show_load_error(
                self.tr("Cannot recover unsaved work"),
                self.tr("{name} could not be recovered:"),
                exc,
            )
            return False
        self.undo_stack.push(
            SetExperimentCommand(
                self.model,
                exp,
                QT_TRANSLATE_NOOP("MainWindow", "Recover unsaved work"),
                kind="all",
            )
        )
        self.path = document
        self._update_title()
        self.statusBar().showMessage(
            self.tr("Recovered the unsaved work of the last session."), 8000
        )
        return True

    def current_experiment(self) -> Experiment:
        """The document with the weights and step on screen (when they fit it)."""
        return self.context.current_experiment()

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_file(self.path)

    def save_as(self) -> bool:
        start = str(self.path) if self.path is not None else "experiment.json"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save experiment"), start, i18n.localize(_FILE_FILTER)
        )
        if not path:
            return False
        p = Path(path)
        if not p.suffix:
            p = p.with_suffix(".json")
        return self.save_file(p)

    def save_file(self, path: str | os.PathLike[str]) -> bool:
        """Save the experiment with its current weights as JSON (atomically); returns success."""
        path = Path(path)
        try:
            exp = self.current_experiment()
            atomic_write_text(path, exp.to_json())
        except (OSError, InvalidExperimentError, ValueError) as exc:
            QMessageBox.warning(
                self, self.tr("Cannot save experiment"), f"{path}:\n\n{i18n.localize(exc)}"
            )
            return False
        self.path = path
        self.exports.recent.add(path)
        self.undo_stack.setClean()
        if self.autosaver is not None:
            self.autosaver.mark_clean(exp.step)  # the saved file is the backup now
        self._update_title()
        self.statusBar().showMessage(self.tr("Saved {name}").format(name=path.name), 4000)
        return True

    # ------------------------------------------------------------------ layout & closing
    def normal_state(self) -> QByteArray:
        """The dock layout outside presentation mode (the one to remember)."""
        return self.presentation.layout_before() or self.saveState(STATE_VERSION)

    def shutdown(self) -> None:
        """Stop training and end the training process (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        self._render_timer.stop()
        self.compare.shutdown()  # run B's process must end too
        self.clips.shutdown()  # the clip's queued frames are encoded before the window goes
        if self.autosaver is not None:
            if self.undo_stack.isClean():
                self.autosaver.stop()  # nothing unsaved: the autosave is no longer needed
            else:
                # Closed with unsaved edits: keep a fresh autosave, which the next start
                # offers to restore, rather than lose a lecturer's prepared experiment.
                self.autosaver.tick()
                self.autosaver.stop(discard=False)
        self.controller.shutdown()
        if self.presentation.active or self.presentation.theme != "normal":
            self.presentation.restore_application()
        # The stack is a child: destroying the window clears it, which emits cleanChanged
        # into a half-destroyed window.
        self.undo_stack.cleanChanged.disconnect(self._on_clean_changed)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_layout:
            save_layout(self, self.normal_state())
        self.shutdown()
        super().closeEvent(event)
