"""The main window: network in the centre, panels and views in docks, lecture controls.

The window wires three things together and owns none of their logic:

* the document (:class:`~nnsim.model.ExperimentModel`), edited only through commands
  on :attr:`MainWindow.undo_stack`;
* the :class:`~nnsim.gui.controller.TrainingController`, which follows every model
  change and sends snapshots back (the window never touches the Trainer);
* the views, which render only the latest snapshot, at most once per display frame.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from time import perf_counter

import numpy as np
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QPointF,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPixmap,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QSlider,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nnsim import __version__
from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.core.lessons import Lesson
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.pace import DEFAULT_PACE, PACES
from nnsim.core.snapshot import Snapshot
from nnsim.core.trainer import Trainer
from nnsim.gui import i18n
from nnsim.gui.app_context import AppContext, settings_enabled
from nnsim.gui.autosave import Autosaver
from nnsim.gui.clip import ClipActions
from nnsim.gui.commands import NO_MERGE, SetExperimentCommand, field_id, retranslate_stack
from nnsim.gui.compare import Comparison
from nnsim.gui.control_menu import ControlsMenu
from nnsim.gui.controller import TrainingController
from nnsim.gui.csv_import import add_data_panel_buttons, import_with_dialog
from nnsim.gui.docks import make_dock
from nnsim.gui.draw_mode import DrawMode
from nnsim.gui.editor.view import NetworkView
from nnsim.gui.export import ExportActions, ExportViews
from nnsim.gui.lessons import TeachingDocks
from nnsim.gui.panels import DataPanel, HyperPanel
from nnsim.gui.presentation import PresentationController, ShortcutsDialog
from nnsim.gui.recording import RecordingAids
from nnsim.gui.safety import LoadError, atomic_write_text, read_csv_data, read_experiment
from nnsim.gui.theme import Theme
from nnsim.gui.views.boundary import OutputView
from nnsim.gui.views.inspector import NeuronInspector
from nnsim.gui.views.plots import GradientPlot, LossPlot
from nnsim.model import ExperimentModel
from nnsim.model.data_edits import with_head
from nnsim.model.edits import Edit, Units

#: Speed slider positions: lecture pace names (:data:`nnsim.core.pace.PACES`), slowest
#: first; the last is "max".
SPEEDS: tuple[str, ...] = tuple(PACES)
#: Draw at most once per this many ms (the display rate).
RENDER_MS = 16
#: While training, the loss and per-layer plots refresh at most this often (ms).
PLOT_MS = 150
#: Version of the remembered dock layout. Part of the settings key together with
#: nnsim's version, so a layout saved by another version (other docks, tab groups) is
#: never restored; Qt's own check refuses a state whose docks do not match.
_STATE_VERSION = 3
_FILE_FILTER = QT_TRANSLATE_NOOP("MainWindow", "nnsim experiment (*.json);;All files (*)")
#: The status bar never grows past this text scale, so it fits a 720p window.
_STATUS_MAX_SCALE = 1.3


def layout_key() -> str:
    """The settings group the window layout is remembered under (version-specific)."""
    return f"window-v{_STATE_VERSION}-{__version__}"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves either the old or the new file.

    See :func:`nnsim.gui.safety.atomic_write_text` (temporary file in the same folder,
    fsync, :func:`os.replace`, fsync of the folder).
    """
    atomic_write_text(path, text)


def _fix_label_size(label: QLabel, template: str) -> None:
    """Size ``label`` once for its widest text (``template``) in its current font.

    Its size never changes with its text, so updating it every frame does not make
    Qt relayout the toolbar or status bar around it.
    """
    metrics = QFontMetrics(label.font())
    label.setFixedSize(metrics.horizontalAdvance(template) + 14, metrics.height() + 4)


def _fixed_label(template: str, font: QFont) -> QLabel:
    """A plain-text label exactly as wide as ``template`` in ``font``."""
    label = QLabel()
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setContentsMargins(6, 0, 6, 0)
    _fix_label_size(label, template)
    return label


def _format_loss(value: float) -> str:
    """A loss or R² for the status bar: 3 decimals, or 3 significant digits when huge."""
    if not math.isfinite(value):
        return "–"  # NaN for an empty test set
    # A diverging run's 2.2e191 would otherwise print its 190 digits.
    return f"{value:.3f}" if abs(value) < 1e4 else f"{value:.3g}"


def _format_share(value: float) -> str:
    return f"{value:.1%}" if math.isfinite(value) else "–"


def media_icon(kind: str, color: QColor, size: int = 48) -> QIcon:
    """A tool-bar icon drawn in ``color``: "play", "pause", "step", "epoch", "reset".

    Drawn here rather than taken from the platform style, whose media icons are fixed
    dark glyphs that vanish on the dark theme.
    """
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    s = float(size)

    def triangle(x0: float, x1: float) -> None:
        path = QPainterPath(QPointF(x0, s * 0.18))
        path.lineTo(QPointF(x1, s * 0.5))
        path.lineTo(QPointF(x0, s * 0.82))
        path.closeSubpath()
        p.drawPath(path)

    if kind == "play":
        triangle(s * 0.22, s * 0.84)
    elif kind == "pause":
        p.drawRect(int(s * 0.22), int(s * 0.18), int(s * 0.2), int(s * 0.64))
        p.drawRect(int(s * 0.58), int(s * 0.18), int(s * 0.2), int(s * 0.64))
    elif kind == "step":
        triangle(s * 0.16, s * 0.66)
        p.drawRect(int(s * 0.7), int(s * 0.18), int(s * 0.12), int(s * 0.64))
    elif kind == "epoch":
        triangle(s * 0.08, s * 0.46)
        triangle(s * 0.42, s * 0.80)
        p.drawRect(int(s * 0.82), int(s * 0.18), int(s * 0.1), int(s * 0.64))
    elif kind == "reset":
        pen = p.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(color)
        pen.setWidthF(s * 0.11)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        m = s * 0.2
        p.drawArc(int(m), int(m), int(s - 2 * m), int(s - 2 * m), 100 * 16, 290 * 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        tip = QPainterPath(QPointF(s * 0.5, s * 0.04))
        tip.lineTo(QPointF(s * 0.72, s * 0.2))
        tip.lineTo(QPointF(s * 0.5, s * 0.36))
        tip.closeSubpath()
        p.drawPath(tip)
    p.end()
    return QIcon(pix)


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

    #: The version its dock layout is saved with (presentation mode saves one too).
    STATE_VERSION = _STATE_VERSION

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
        self.theme = Theme()
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
        self.context.notified.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
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
        #: The one non-modal box that reports divergence (reused, never stacked).
        self.divergence_box: QMessageBox | None = None
        self._playing = False

        self.network_view = NetworkView()
        self.network_view.setObjectName("network_view")
        self.setCentralWidget(self.network_view)
        self.output_view = OutputView()
        self.loss_plot = LossPlot()
        self.gradient_plot = GradientPlot()
        self.inspector = NeuronInspector()
        self.data_panel = DataPanel(self.model, self.undo_stack)
        self.hyper_panel = HyperPanel(self.model, self.undo_stack)
        self.docks: dict[str, QDockWidget] = {}
        self._build_docks()
        #: The teaching views (lessons, activation, collapse, weights, walkthrough ...).
        self.teaching = TeachingDocks(self)
        self.teaching.compare_requested.connect(self.compare.open)
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
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
        self.output_column.addWidget(self.draw_mode.panel)
        #: File > Export > Record clip… (nnsim.gui.clip).
        self.clips = ClipActions(self.context, views.by_key())
        self.exports.export_menu.addSeparator()
        self.exports.export_menu.addAction(self.clips.action)
        add_data_panel_buttons(self)  # Import CSV… and Draw in the data panel
        self.presentation.panels_action.toggled.connect(lambda _on: self._sync_output_controls())
        self.draw_mode.action.toggled.connect(lambda _on: self._sync_output_controls())
        self._build_status_bar()

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
            panel.rejected.connect(self._on_edit_rejected)
        c = self.controller
        c.snapshot_ready.connect(self._on_snapshot_ready)
        c.state_changed.connect(self._on_state_changed)
        c.errored.connect(self._on_errored)
        c.diverged.connect(self._on_diverged)
        c.stopped.connect(self._on_stopped)
        c.worker_lost.connect(self._on_worker_lost)

        # Draws a snapshot that arrived less than a display frame after the previous one.
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.timeout.connect(self._render_pending)
        self._last_render = 0.0
        self._last_plot = 0.0

        self.network_view.set_experiment(self.model.experiment)
        self._show_pace(self.model.experiment.pace)
        self.retranslate_ui()
        self.apply_theme(self.presentation.current())
        self.resize(1440, 900)
        self._restore_layout()

    @property
    def path(self) -> Path | None:
        """The file the document was last opened from or saved to (the context's)."""
        return self.context.path

    @path.setter
    def path(self, value: Path | None) -> None:
        self.context.path = value

    # ------------------------------------------------------------------ building
    def _add_dock(
        self, key: str, widget: QWidget, area: Qt.DockWidgetArea, scroll: bool = True
    ) -> QDockWidget:
        dock = make_dock(self, key, widget, area, scroll=scroll)
        self.docks[key] = dock
        return dock

    def _build_docks(self) -> None:
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        # No tab groups: a dock shares its place only by splitting it. Qt's main-window
        # layout can leave a tab group's bar painted at a stale place over another dock
        # (measured with Qt 6.11, from a remembered layout), so there are none to leave.
        # No AnimatedDocks either: it animates every relayout, and a relayout is not free.
        self.setDockOptions(QMainWindow.DockOption(0))
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self._add_dock("data", self.data_panel, left)
        self._add_dock("hyper", self.hyper_panel, left)

        output = QWidget()
        self.show_test_box = QCheckBox()
        self.discretize_box = QCheckBox()
        self.show_test_box.toggled.connect(self.output_view.set_show_test)
        self.discretize_box.toggled.connect(self.output_view.set_discretize)
        self.output_toggles = QWidget()
        toggles = QHBoxLayout(self.output_toggles)
        toggles.setContentsMargins(6, 0, 6, 4)
        toggles.addWidget(self.show_test_box)
        toggles.addWidget(self.discretize_box)
        toggles.addStretch(1)
        layout = QVBoxLayout(output)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.output_view, 1)
        layout.addWidget(self.output_toggles)
        #: Under the output view: its toggles, then the rows features add (draw mode).
        self.output_column = layout
        self._add_dock("output", output, right, scroll=False)
        self._add_dock("loss", self.loss_plot, right, scroll=False)
        # The inspector sits under the loss curves (split, never tabbed); clicking a
        # neuron shows it.
        self._add_dock("inspector", self.inspector, right)
        self.splitDockWidget(self.docks["loss"], self.docks["inspector"], Qt.Orientation.Vertical)
        self.docks["inspector"].hide()
        self._add_dock(
            "gradient", self.gradient_plot, Qt.DockWidgetArea.BottomDockWidgetArea, scroll=False
        )

    def _apply_default_dock_sizes(self) -> None:
        """Share the window between docks for its size (used when no layout was saved).

        Side columns get what their panels need; the output view gets a square; the
        network in the centre gets the rest, with the per-layer plot below it.
        """
        w, h = self.width(), self.height()
        d = self.docks
        left = max(self.data_panel.sizeHint().width(), self.hyper_panel.sizeHint().width()) + 24
        left = min(left, int(w * 0.26))
        right = max(280, int(w * 0.25))
        bottom = max(150, int(h * 0.27))
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        self.resizeDocks([d["data"], d["output"]], [left, right], horizontal)
        self.resizeDocks([d["gradient"]], [bottom], vertical)
        # Output: a square plot plus its colour bar and toggles; the loss plot below.
        self.resizeDocks([d["output"], d["loss"]], [right + 90, max(120, h - right - 90)], vertical)
        self.resizeDocks(
            [d["data"], d["hyper"]],
            [self.data_panel.sizeHint().height() + 30, self.hyper_panel.sizeHint().height() + 30],
            vertical,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if not self._restored:
                self._apply_default_dock_sizes()

    def _action(
        self,
        slot: object,
        shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        # Window-wide: the shortcuts work whichever dock has the focus.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        c = self.controller
        self.play_action = self._action(c.toggle, Qt.Key.Key_Space)
        self.step_action = self._action(lambda: c.step(1), Qt.Key.Key_Right)
        self.epoch_action = self._action(
            c.step_epoch, QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Right)
        )
        self.reset_action = self._action(c.reset, Qt.Key.Key_R)
        self.max_speed_action = self._action(self.toggle_max_speed, Qt.Key.Key_M)
        self.max_speed_action.setCheckable(True)
        self.new_action = self._action(self.new_experiment, QKeySequence.StandardKey.New)
        self.open_action = self._action(self.open_dialog, QKeySequence.StandardKey.Open)
        self.save_action = self._action(self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(self.save_as, QKeySequence("Ctrl+Shift+S"))
        self.import_csv_action = self._action(self.import_csv_dialog)
        self.quit_action = self._action(self.close, QKeySequence("Ctrl+Q"))
        self.compare_action = self._action(
            lambda: self.compare.open(), QKeySequence("Ctrl+Shift+B")
        )
        self.shortcuts_action = self._action(self.show_shortcuts, QKeySequence("Ctrl+/"))
        self._make_undo_actions()

    def _make_undo_actions(self) -> None:
        """Edit > Undo/Redo. QUndoStack's actions keep the prefix they were made with, so
        a language switch makes them again."""
        old = [
            a for a in (getattr(self, "undo_action", None), getattr(self, "redo_action", None)) if a
        ]
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        if old and hasattr(self, "edit_menu"):
            self.edit_menu.insertActions(old[0], [self.undo_action, self.redo_action])
            for a in old:
                self.edit_menu.removeAction(a)
                self.removeAction(a)
                a.deleteLater()

    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setObjectName("training_toolbar")
        bar.setIconSize(QSize(22, 22))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.play_action, self.step_action, self.epoch_action, self.reset_action):
            bar.addAction(action)
        bar.addSeparator()
        self.speed_caption = QLabel()
        self.speed_caption.setContentsMargins(6, 0, 4, 0)
        bar.addWidget(self.speed_caption)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setFixedWidth(120)
        self.speed_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows stay Step
        self.speed_label = QLabel()
        self.speed_label.setTextFormat(Qt.TextFormat.PlainText)
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        bar.addWidget(self.speed_slider)
        bar.addWidget(self.speed_label)
        bar.addAction(self.max_speed_action)
        bar.addSeparator()
        self.epoch_caption = QLabel()
        self.step_caption = QLabel()
        self.epoch_label = _fixed_label("000,000,000", self.font())
        self.step_label = _fixed_label("000,000,000", self.font())
        for caption, label in (
            (self.epoch_caption, self.epoch_label),
            (self.step_caption, self.step_label),
        ):
            caption.setContentsMargins(12, 0, 4, 0)
            bar.addWidget(caption)
            bar.addWidget(label)
        self._show_counters(0, 0)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("")
        self.file_menu = file_menu
        for action in (self.new_action, self.open_action, self.save_action, self.save_as_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_csv_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu = menu.addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.train_menu = menu.addMenu("")
        for action in (
            self.play_action,
            self.step_action,
            self.epoch_action,
            self.reset_action,
            self.max_speed_action,
        ):
            self.train_menu.addAction(action)
        self.train_menu.addSeparator()
        # A/B comparison in its own window (nnsim.gui.compare).
        self.train_menu.addAction(self.compare_action)
        view_menu = menu.addMenu("")
        self.view_menu = view_menu
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(self.toolbar.toggleViewAction())
        self.teaching.add_menu_entries(view_menu)
        self._build_lecture_menus(menu, view_menu)

    def _build_lecture_menus(self, menu: QMenuBar, view_menu: QMenu) -> None:
        """Presentation mode, recording aids, View > Language and Help > Keyboard shortcuts."""
        self.presentation = PresentationController(self, view_menu)
        self.controls_menu = ControlsMenu(self, view_menu, self.model, self.undo_stack)
        self.recording = RecordingAids(self, view_menu)
        self.language_menu = view_menu.addMenu("")
        self.languages = i18n.LanguageSwitcher(self.language_menu)
        self.languages.failed.connect(self._on_language_failed)
        self.help_menu = menu.addMenu("")
        self.help_menu.addAction(self.shortcuts_action)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help > Keyboard shortcuts: every action's shortcut, read from the actions."""
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def retranslate_ui(self) -> None:
        """Show menus, actions, docks, the tool bar and the status bar in the UI language."""

        def put(action: QAction, text: str, tip: str = "") -> None:
            action.setText(text)
            action.setToolTip(tip or i18n.strip_mnemonic(text))
            action.setStatusTip(tip)

        self._show_play_state(self._playing)
        put(self.step_action, self.tr("Step"), self.tr("Train one step (Right)"))
        put(
            self.epoch_action,
            self.tr("Epoch"),
            self.tr("Train to the end of the epoch (Shift+Right)"),
        )
        put(
            self.reset_action,
            self.tr("Reset"),
            self.tr("New weights from the same seed, step 0 (R)"),
        )
        put(
            self.max_speed_action,
            self.tr("Max speed"),
            self.tr("As fast as the machine allows; again: back to the lecture pace (M)"),
        )
        put(self.new_action, self.tr("&New"))
        put(self.open_action, self.tr("&Open…"))
        put(self.save_action, self.tr("&Save"))
        put(self.save_as_action, self.tr("Save &As…"))
        put(
            self.import_csv_action,
            self.tr("&Import CSV…"),
            self.tr("Train on points from a CSV file"),
        )
        put(self.quit_action, self.tr("&Quit"))
        put(
            self.compare_action,
            self.tr("&Compare A/B…"),
            self.tr("Train a copy with another activation or learning rate side by side"),
        )
        put(self.shortcuts_action, self.tr("&Keyboard shortcuts"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.train_menu.setTitle(self.tr("&Training"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Training"))
        titles = {
            "data": self.tr("Data && features"),
            "hyper": self.tr("Hyper-parameters"),
            "output": self.tr("Output"),
            "loss": self.tr("Loss"),
            "inspector": self.tr("Neuron inspector"),
            "gradient": self.tr("Per-layer statistics"),
        }
        for key, title in titles.items():
            self.docks[key].setWindowTitle(title)
        self.show_test_box.setText(self.tr("Show test data"))
        self.discretize_box.setText(self.tr("Discretize output"))
        self.speed_caption.setText(self.tr("Speed"))
        self.speed_slider.setToolTip(self.tr("How much training one display frame shows"))
        # The counters' captions are nouns ("Epoch 12"), not the buttons' verbs.
        self.epoch_caption.setText(self.tr("Epoch", "counter"))
        self.step_caption.setText(self.tr("Step", "counter"))
        self._fit_speed_label()
        self._update_title()
        self._size_status_labels()
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)  # the status bar's texts, also when paused
        else:
            self.status_labels["rate"].setText(self.tr("paused"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._make_undo_actions()
            retranslate_stack(self.undo_stack)
            self.retranslate_ui()

    def apply_theme(self, theme: Theme) -> None:
        """Give every view ``theme`` (colours, text scale, line and point sizes).

        Called by the presentation controller; each view styles its own items.
        """
        self.theme = theme
        self.context.set_theme(theme)
        views = [
            self.network_view,
            self.output_view,
            self.loss_plot,
            self.gradient_plot,
            self.inspector,
            self.data_panel,
            self.hyper_panel,
            *self.teaching.views.values(),
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
        fg = theme.color("foreground")
        self._icons = {k: media_icon(k, fg) for k in ("play", "pause", "step", "epoch", "reset")}
        self.step_action.setIcon(self._icons["step"])
        self.epoch_action.setIcon(self._icons["epoch"])
        self.reset_action.setIcon(self._icons["reset"])
        self._show_play_state(self._playing)
        icon = round(22 * min(theme.scale, 1.8))
        self.toolbar.setIconSize(QSize(icon, icon))
        # Presenting, the buttons other than Play show their icon only (tool tips keep
        # the words), so the counters fit a 720p tool bar at large text.
        for action in (self.step_action, self.epoch_action, self.reset_action):
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setToolButtonStyle(
                    Qt.ToolButtonStyle.ToolButtonIconOnly
                    if theme.presenting
                    else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                )
        big = theme.font(1.35, bold=True)
        for label in (self.epoch_label, self.step_label):
            label.setFont(big)
            _fix_label_size(label, "000,000,000")
        for caption in (self.epoch_caption, self.step_caption):
            caption.setFont(theme.font(1.35))
        self.speed_slider.setFixedWidth(round(120 * min(theme.scale, 1.6)))
        self.speed_label.setFont(theme.font())
        self._fit_speed_label()
        if hasattr(self, "status_labels"):
            self._size_status_labels()

    def _sync_output_controls(self) -> None:
        """On the stage the map gets the output dock's height: its toggles and draw row
        fold away with the side panels (F6 brings all back; draw mode keeps its row)."""
        presentation = getattr(self, "presentation", None)
        draw = getattr(self, "draw_mode", None)
        stage = (
            self.theme.presenting
            and presentation is not None
            and not presentation.panels_action.isChecked()
        )
        self.output_toggles.setVisible(not stage)
        if draw is not None:
            draw.panel.setVisible(not stage or draw.action.isChecked())

    # ------------------------------------------------------------------ status bar
    def _status_templates(self) -> dict[str, str]:
        # Widths fit the widest text each label shows, so new numbers never relayout the bar.
        return {
            "step": self.tr("step {0}").format("000,000,000"),
            "epoch": self.tr("epoch {0}").format("00,000,000"),
            "loss": self.tr("loss train {0} · test {1}").format("000.000", "000.000"),
            "metric": self.tr("accuracy train {0} · test {1}").format("100.0%", "100.0%"),
            "rate": self.tr("{0} steps/s").format("0,000,000"),
        }

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_labels: dict[str, QLabel] = {}
        for key in ("step", "epoch", "loss", "metric", "rate"):
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
            self.status_labels[key] = label
        self._size_status_labels()
        self.status_labels["rate"].setText(self.tr("paused"))

    def _size_status_labels(self) -> None:
        t = self.theme
        font = t.font(min(t.scale, _STATUS_MAX_SCALE) / t.scale)
        templates = self._status_templates()
        for key, label in self.status_labels.items():
            label.setFont(font)
            _fix_label_size(label, templates[key])
            # The tool bar's counters show step and epoch large while presenting.
            label.setVisible(not (t.presenting and key in ("step", "epoch")))

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
        self._show_counters(snap.step, snap.epoch)
        labels = self.status_labels
        labels["step"].setText(self.tr("step {0}").format(f"{snap.step:,}"))
        labels["epoch"].setText(self.tr("epoch {0}").format(f"{snap.epoch:,}"))
        labels["loss"].setText(
            self.tr("loss train {0} · test {1}").format(
                _format_loss(snap.train_loss), _format_loss(snap.test_loss)
            )
        )
        if snap.task == "regression":
            train, test = _format_loss(snap.train_metric), _format_loss(snap.test_metric)
            labels["metric"].setText(self.tr("R² train {0} · test {1}").format(train, test))
        else:
            train, test = _format_share(snap.train_metric), _format_share(snap.test_metric)
            labels["metric"].setText(self.tr("accuracy train {0} · test {1}").format(train, test))
        rate = snap.steps_per_second
        labels["rate"].setText(
            self.tr("{0} steps/s").format(f"{rate:,.0f}") if rate > 0 else self.tr("paused")
        )
        self.frames_rendered += 1

    def _show_counters(self, step: int, epoch: int) -> None:
        self.epoch_label.setText(f"{epoch:07,}")
        self.step_label.setText(f"{step:,}")

    # ------------------------------------------------------------------ model & controller
    def _on_model_changed(self, _old: Experiment, new: Experiment, kind: str) -> None:
        # The carry hands the model's unit ids (and an edit's stored weights) to the
        # trainer, so its network stays keyed like the document.
        self.controller.apply(new, kind, self.model.carry)
        if new.pace != _old.pace or kind == "all":
            self._show_pace(new.pace)  # undo, a lesson or a file brings its own pace
        if kind != "ui":
            # "ui" only shows or hides panel rows (the panels follow the model themselves).
            self.network_view.set_experiment(new)
            self.teaching.set_experiment(new)
        self._update_title()

    # ------------------------------------------------------------------ editor edits
    def edit_experiment(self) -> Experiment:
        """The experiment an edit starts from (:meth:`AppContext.edit_experiment`)."""
        return self.context.edit_experiment()

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

    def _on_edit_rejected(self, message: str) -> None:
        self.context.refuse(message)

    def _on_language_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def _show_play_state(self, playing: bool) -> None:
        text = self.tr("Pause") if playing else self.tr("Play")
        self.play_action.setText(text)
        self.play_action.setIconText(text)
        self.play_action.setToolTip(self.tr("Start or pause training (Space)"))
        icons = getattr(self, "_icons", None)
        if icons is not None:
            self.play_action.setIcon(icons["pause" if playing else "play"])

    def _on_state_changed(self, playing: bool) -> None:
        self._playing = playing
        self._show_play_state(playing)
        if playing:
            self.statusBar().clearMessage()

    # ------------------------------------------------------------------ lecture pace
    def _show_pace(self, pace: str) -> None:
        """Put the speed control on ``pace`` (a :data:`SPEEDS` name) without an edit."""
        if pace not in SPEEDS:
            pace = DEFAULT_PACE
        self.speed_slider.blockSignals(True)
        self.speed_slider.setValue(SPEEDS.index(pace))
        self.speed_slider.blockSignals(False)
        self._on_speed_changed(self.speed_slider.value(), edit=False)

    def _fit_speed_label(self) -> None:
        """Size the pace label for its widest text in the current font and language.

        Done when those change, so moving the slider never relayouts the tool bar.
        """
        fm = QFontMetrics(self.speed_label.font())
        widest = max(fm.horizontalAdvance(i18n.localize(p.label)) for p in PACES.values())
        self.speed_label.setFixedWidth(widest + 12)
        self.speed_label.setText(i18n.localize(PACES[SPEEDS[self.speed_slider.value()]].label))

    def _on_speed_changed(self, position: int, edit: bool = True) -> None:
        pace = SPEEDS[position]
        self.speed_label.setText(i18n.localize(PACES[pace].label))
        self.max_speed_action.setChecked(PACES[pace].is_max)
        self.controller.set_speed(pace)
        exp = self.model.experiment
        if edit and exp.pace != pace:
            # The pace is saved with the experiment: one undo step per slider gesture.
            self.undo_stack.push(
                SetExperimentCommand(
                    self.model,
                    replace(exp, pace=pace),
                    QT_TRANSLATE_NOOP("MainWindow", "Speed"),
                    merge_id=field_id("pace"),
                )
            )

    def toggle_max_speed(self) -> None:
        """Max speed in one key (M) or click; again goes back to the lecture pace."""
        if PACES[SPEEDS[self.speed_slider.value()]].is_max:
            back = getattr(self, "_pace_before_max", DEFAULT_PACE)
            self.speed_slider.setValue(SPEEDS.index(back))
        else:
            self._pace_before_max = SPEEDS[self.speed_slider.value()]
            self.speed_slider.setValue(len(SPEEDS) - 1)
        self.max_speed_action.setChecked(PACES[SPEEDS[self.speed_slider.value()]].is_max)

    def _on_errored(self, details: str) -> None:
        self.statusBar().showMessage(self.tr("Training stopped by an error (see the dialog)."))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Training error"),
            self.tr("Training hit an error and was paused. The network and data are unchanged."),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, does not block the event loop (rendering goes on)

    def _on_diverged(self, message: str) -> None:
        # The message names the step, the healthy weights training was set back to and
        # what to change: a lower learning rate, or new weights when the loaded ones are
        # the cause. One box, reused: pressing Play again at a rate that still diverges
        # must not stack them.
        self.statusBar().showMessage(message)
        box = self.divergence_box
        if box is None:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Training diverged"),
                message,
                QMessageBox.StandardButton.Ok,
                self,
            )
            # Non-modal: the lecturer can lower the learning rate (or press Reset) with
            # the box still open.
            box.setWindowModality(Qt.WindowModality.NonModal)
            self.divergence_box = box
        box.setText(message)
        box.show()

    def _on_stopped(self, reason: str) -> None:
        self.statusBar().showMessage(reason)

    def _on_worker_lost(self, message: str) -> None:
        self.statusBar().showMessage(message, 30_000)

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
        try:
            exp = read_experiment(path)  # every failure is one LoadError with one message
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
        return True

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
            import_with_dialog(self, path)

    def import_csv(self, path: str | os.PathLike[str]) -> bool:
        """Train on the points of a CSV file, as one undoable edit.

        The file has 1 or 2 input columns and the target in the last column (see
        :func:`nnsim.core.datasets.load_csv`); the loss, output and features follow the
        data's task and dimensions. A bad file shows one message naming the problem
        (row and column where there is one) and changes nothing. Returns success.
        """
        path = Path(path)
        try:
            custom = read_csv_data(path)
        except LoadError as exc:
            self._show_load_error(
                self.tr("Cannot import data"), self.tr("{name} could not be imported:"), exc
            )
            return False
        exp = self.model.experiment
        new = with_head(exp, replace(exp.data, dataset="custom", custom=custom))
        if new.layer_sizes != exp.layer_sizes:
            new = replace(new, weights=None, step=0)  # stored weights no longer fit
        if new == exp:
            self.statusBar().showMessage(
                self.tr("{name} holds the data already in use").format(name=path.name), 4000
            )
            return True
        try:
            text = QT_TRANSLATE_NOOP("MainWindow", "Import {name}").format(name=path.name)
            command = SetExperimentCommand(self.model, new, text)
        except InvalidExperimentError as exc:
            problem = self.tr("the data do not fit this experiment. {0}").format(
                i18n.localize(getattr(exc, "message", None) or str(exc))
            )
            self._show_load_error(
                self.tr("Cannot import data"),
                self.tr("{name} could not be imported:"),
                LoadError(path, problem),
            )
            return False
        self.undo_stack.push(command)
        return True

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

    def recover_autosave(self, path: Path, document: Path | None) -> bool:
        """Load an autosave through the normal load path, as unsaved work of ``document``.

        Used by :func:`nnsim.gui.autosave.offer_recovery`. The undo stack stays dirty
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
            write_atomic(path, exp.to_json())
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
    def _restore_layout(self) -> None:
        """The last session's window size and dock layout, if it was saved by this version.

        A layout saved by another nnsim version or layout version lives under another
        key and is never read; a state Qt refuses (other docks) is dropped.
        """
        if not self.remember_layout:
            return
        s = QSettings("nnsim", "nnsim")
        s.beginGroup(layout_key())
        geometry = s.value("geometry")
        state = s.value("state")
        s.endGroup()
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self._restored = bool(self.restoreState(state, _STATE_VERSION))
        # Layouts of earlier versions: forgotten, so they cannot come back.
        for group in s.childGroups():
            if group.startswith("window") and group != layout_key():
                s.remove(group)
        s.remove("window/state")
        s.remove("window/geometry")

    def normal_state(self) -> QByteArray:
        """The dock layout outside presentation mode (the one to remember)."""
        saved = getattr(self.presentation, "_saved", None)
        if self.presentation.active and saved is not None:
            return saved.state
        return self.saveState(_STATE_VERSION)

    def _save_layout(self) -> None:
        if not self.remember_layout:
            return
        s = QSettings("nnsim", "nnsim")
        s.beginGroup(layout_key())
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.normal_state())
        s.endGroup()

    def shutdown(self) -> None:
        """Stop training and end the training process (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        self._render_timer.stop()
        self.compare.shutdown()  # run B's process must end too
        self.clips.stop()  # every grabbed frame is written before the window goes
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
        self._save_layout()
        self.shutdown()
        super().closeEvent(event)
