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
from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QFontMetrics,
    QKeySequence,
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
    QScrollArea,
    QSlider,
    QStyle,
    QTabBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.core.lessons import Lesson
from nnsim.core.snapshot import Snapshot
from nnsim.gui import i18n
from nnsim.gui.autosave import Autosaver
from nnsim.gui.clip import ClipActions
from nnsim.gui.commands import NO_MERGE, SetExperimentCommand
from nnsim.gui.compare import open_compare
from nnsim.gui.control_menu import ControlsMenu
from nnsim.gui.controller import TrainingController
from nnsim.gui.csv_import import add_data_panel_buttons, import_with_dialog
from nnsim.gui.draw_mode import DrawMode
from nnsim.gui.editor.commands import EditCommand
from nnsim.gui.editor.view import NetworkView
from nnsim.gui.export import ExportActions
from nnsim.gui.lessons import TeachingDocks
from nnsim.gui.panels import DataPanel, HyperPanel, _with_head
from nnsim.gui.presentation import PresentationController, ShortcutsDialog
from nnsim.gui.recording import RecordingAids
from nnsim.gui.safety import LoadError, atomic_write_text, read_csv_data, read_experiment
from nnsim.gui.views.boundary import OutputView
from nnsim.gui.views.inspector import NeuronInspector
from nnsim.gui.views.plots import GradientPlot, LossPlot
from nnsim.model import ExperimentModel
from nnsim.model.edits import Edit, EditRefused, Units

#: Speed slider positions: steps per display frame; None = as fast as pacing allows.
SPEEDS: tuple[int | None, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, None)
#: Draw at most once per this many ms (the display rate).
RENDER_MS = 16
#: While training, the loss and per-layer plots refresh at most this often (ms).
PLOT_MS = 150
#: Bump when the dock layout changes incompatibly (old saved layouts are then ignored).
_STATE_VERSION = 2  # bump when docks are added, so old saved layouts are ignored
_FILE_FILTER = "nnsim experiment (*.json);;All files (*)"


def settings_enabled() -> bool:
    """Whether window layout is remembered (QSettings), i.e. env NNSIM_NO_SETTINGS is not 1."""
    return os.environ.get("NNSIM_NO_SETTINGS", "") != "1"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves either the old or the new file.

    See :func:`nnsim.gui.safety.atomic_write_text` (temporary file in the same folder,
    fsync, :func:`os.replace`, fsync of the folder).
    """
    atomic_write_text(path, text)


def _fixed_label(template: str, font: QFont) -> QLabel:
    """A plain-text label exactly as wide as ``template`` in ``font``.

    Its size never changes with its text, so updating it every frame does not make
    Qt relayout the toolbar or status bar around it.
    """
    label = QLabel()
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setContentsMargins(6, 0, 6, 0)
    metrics = QFontMetrics(font)
    label.setFixedSize(metrics.horizontalAdvance(template) + 14, metrics.height() + 4)
    return label


def _format_loss(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else "–"  # NaN for an empty test set


def _format_share(value: float) -> str:
    return f"{value:.1%}" if math.isfinite(value) else "–"


class _LayoutWatcher(QObject):
    """Calls ``on_layout`` after each ``LayoutRequest`` the watched object receives."""

    def __init__(self, on_layout: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_layout = on_layout

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self._on_layout()  # a zero-interval timer: runs after the layout settled
        return False


class MainWindow(QMainWindow):
    """nnsim's main window.

    Parameters
    ----------
    experiment : Experiment, optional
        The document to start with (TF Playground's default when omitted).
    start : bool
        Start the training thread at once. The command line's screenshot mode passes
        False and feeds :meth:`show_snapshot` itself.
    """

    def __init__(self, experiment: Experiment | None = None, *, start: bool = True) -> None:
        super().__init__()
        self.setObjectName("nnsim_main_window")
        self.model = ExperimentModel(experiment)
        self.undo_stack = QUndoStack(self)
        self.controller = TrainingController(self.model.experiment, self)
        self.path: Path | None = None
        #: The snapshot on screen, and how many frames were rendered (for benchmarks).
        self.snapshot: Snapshot | None = None
        self.frames_rendered = 0
        self._pending: Snapshot | None = None
        self._shut_down = False
        self._sized = False
        self._restored = False
        self._watch_layout()
        #: Autosave while there is unsaved work (:meth:`enable_autosave`; the CLI turns it on).
        self.autosaver: Autosaver | None = None
        #: The one non-modal box that reports divergence (reused, never stacked).
        self.divergence_box: QMessageBox | None = None

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
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        #: File > Export, File > Open Recent, plot right-click exports (nnsim.gui.export).
        self.exports = ExportActions(self, self.file_menu)
        #: Draw mode on the output view (nnsim.gui.draw_mode).
        self.draw_mode = DrawMode(self)
        #: File > Export > Record clip… (nnsim.gui.clip).
        self.clips = ClipActions(self)
        add_data_panel_buttons(self)  # Import CSV… and Draw in the data panel
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

        # Draws a snapshot that arrived less than a display frame after the previous one.
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.timeout.connect(self._render_pending)
        self._last_render = 0.0
        self._last_plot = 0.0

        self.network_view.set_experiment(self.model.experiment)
        self._update_title()
        if i18n.current_language() != "en":
            self.retranslate_ui()  # built after the translator was installed (--lang ko)
        self.resize(1440, 900)
        self._restore_layout()
        if start:
            c.start()

    # ------------------------------------------------------------------ building
    def _add_dock(
        self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea, scroll: bool = False
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{key}_dock")
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        if scroll:
            # Panels keep their natural size and scroll on small screens instead of squashing.
            area_widget = QScrollArea()
            area_widget.setWidgetResizable(True)
            area_widget.setFrameShape(QScrollArea.Shape.NoFrame)
            area_widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area_widget.setWidget(widget)
            dock.setWidget(area_widget)
        else:
            dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _build_docks(self) -> None:
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        # No AnimatedDocks: it animates every relayout, and a relayout is not free.
        self.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks)
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self._add_dock("data", "Data && features", self.data_panel, left, scroll=True)
        self._add_dock("hyper", "Hyper-parameters", self.hyper_panel, left, scroll=True)

        output = QWidget()
        self.show_test_box = QCheckBox("Show test data")
        self.discretize_box = QCheckBox("Discretize output")
        self.show_test_box.toggled.connect(self.output_view.set_show_test)
        self.discretize_box.toggled.connect(self.output_view.set_discretize)
        toggles = QHBoxLayout()
        toggles.setContentsMargins(6, 0, 6, 4)
        toggles.addWidget(self.show_test_box)
        toggles.addWidget(self.discretize_box)
        toggles.addStretch(1)
        layout = QVBoxLayout(output)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.output_view, 1)
        layout.addLayout(toggles)
        self._add_dock("output", "Output", output, right)
        self._add_dock("loss", "Loss", self.loss_plot, right)
        # The inspector shares the loss plot's place; clicking a neuron brings it up.
        self._add_dock("inspector", "Neuron inspector", self.inspector, right)
        self.tabifyDockWidget(self.docks["loss"], self.docks["inspector"])
        self.docks["loss"].raise_()
        self._add_dock(
            "gradient",
            "Per-layer statistics",
            self.gradient_plot,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )

    def _apply_default_dock_sizes(self) -> None:
        """Share the window between docks for its size (used when no layout was saved).

        Side columns get what their panels need; the output view gets a square; the
        network in the centre gets the rest, with the per-layer plot below it.
        """
        w, h = self.width(), self.height()
        d = self.docks
        left = max(self.data_panel.sizeHint().width(), self.hyper_panel.sizeHint().width()) + 24
        right = max(280, int(w * 0.23))
        bottom = max(150, int(h * 0.27))
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        self.resizeDocks([d["data"], d["output"]], [left, right], horizontal)
        self.resizeDocks([d["gradient"]], [bottom], vertical)
        # Output: a square plot plus its colour bar and toggles; the loss plot below.
        self.resizeDocks([d["output"], d["loss"]], [right + 80, max(120, h - right - 80)], vertical)
        # The data panel gets its natural height and the hyper-parameters the rest; when
        # the column is too short for both, Qt scales them alike and the panels scroll.
        title = self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight) + 6
        data_h = self.data_panel.sizeHint().height() + title
        hyper_h = self.hyper_panel.sizeHint().height() + title
        column = h - self.menuBar().sizeHint().height() - self.toolbar.sizeHint().height()
        column -= self.statusBar().sizeHint().height()
        self.resizeDocks([d["data"], d["hyper"]], [data_h, max(hyper_h, column - data_h)], vertical)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if not self._restored:
                self._apply_default_dock_sizes()

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
        icon: QStyle.StandardPixmap | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        # Window-wide: the shortcuts work whichever dock has the focus.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        c = self.controller
        self.play_action = self._action(
            "Play", c.toggle, Qt.Key.Key_Space, sp.SP_MediaPlay, "Start or pause training (Space)"
        )
        self.step_action = self._action(
            "Step",
            lambda: c.step(1),
            Qt.Key.Key_Right,
            sp.SP_MediaSeekForward,
            "Train one step (Right)",
        )
        self.epoch_action = self._action(
            "Epoch",
            c.step_epoch,
            QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Right),
            sp.SP_MediaSkipForward,
            "Train to the end of the epoch (Shift+Right)",
        )
        self.reset_action = self._action(
            "Reset",
            c.reset,
            Qt.Key.Key_R,
            sp.SP_BrowserReload,
            "New weights from the same seed, step 0 (R)",
        )
        self.new_action = self._action(
            "&New", self.new_experiment, QKeySequence.StandardKey.New, sp.SP_FileIcon
        )
        self.open_action = self._action(
            "&Open…", self.open_dialog, QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton
        )
        self.save_action = self._action(
            "&Save", self.save, QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton
        )
        self.save_as_action = self._action("Save &As…", self.save_as, QKeySequence("Ctrl+Shift+S"))
        self.import_csv_action = self._action(
            "&Import CSV…", self.import_csv_dialog, tip="Train on points from a CSV file"
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence("Ctrl+Q"))
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Training")
        bar.setObjectName("training_toolbar")
        bar.setIconSize(QSize(22, 22))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.play_action, self.step_action, self.epoch_action, self.reset_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Speed "))
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setValue(len(SPEEDS) - 1)
        self.speed_slider.setFixedWidth(130)
        self.speed_slider.setToolTip("Training steps per display frame")
        self.speed_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows stay Step
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(90)
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        bar.addWidget(self.speed_slider)
        bar.addWidget(self.speed_label)
        self._on_speed_changed(self.speed_slider.value())
        bar.addSeparator()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.35)
        bold = QFont(big)
        bold.setBold(True)
        self.epoch_label = _fixed_label("000,000,000", bold)
        self.step_label = _fixed_label("000,000,000", bold)
        for title, label in (("Epoch", self.epoch_label), ("Step", self.step_label)):
            caption = QLabel(title)
            caption.setFont(big)
            caption.setContentsMargins(12, 0, 4, 0)
            bar.addWidget(caption)
            bar.addWidget(label)
        self._show_counters(0, 0)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.file_menu = file_menu
        for action in (self.new_action, self.open_action, self.save_action, self.save_as_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_csv_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        train_menu = menu.addMenu("&Training")
        for action in (self.play_action, self.step_action, self.epoch_action, self.reset_action):
            train_menu.addAction(action)
        train_menu.addSeparator()
        # A/B comparison in its own window (nnsim.gui.compare).
        self.compare_action = self._action(
            "&Compare A/B…",
            lambda: open_compare(self),
            QKeySequence("Ctrl+Shift+B"),
            tip="Train a copy with another activation or learning rate side by side",
        )
        train_menu.addAction(self.compare_action)
        view_menu = menu.addMenu("&View")
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
        self.language_menu = view_menu.addMenu("&Language")
        self.languages = i18n.LanguageSwitcher(self.language_menu)
        help_menu = menu.addMenu("&Help")
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts", self.show_shortcuts, QKeySequence("Ctrl+/")
        )
        help_menu.addAction(self.shortcuts_action)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help > Keyboard shortcuts: every action's shortcut, read from the actions."""
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def retranslate_ui(self) -> None:
        """Show menus, actions, docks, the tool bar and panels in the UI language."""
        i18n.retranslate_tree(self)
        self.teaching.panel.set_language(i18n.current_language())
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)  # the status bar's texts, also when paused

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_labels: dict[str, QLabel] = {}
        # Widths fit the widest text each label shows, so new numbers never relayout the bar.
        templates = {
            "step": "step 000,000,000",
            "epoch": "epoch 00,000,000",
            "loss": "loss train 000.000 · test 000.000",
            "metric": "accuracy train 100.0% · test 100.0%",
            "rate": "0,000,000 steps/s",
        }
        for key, template in templates.items():
            label = _fixed_label(template, self.font())
            bar.addPermanentWidget(label)
            self.status_labels[key] = label

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
        tr = i18n.tr  # the status bar speaks the UI language too
        labels["step"].setText(tr("step {0}").format(f"{snap.step:,}"))
        labels["epoch"].setText(tr("epoch {0}").format(f"{snap.epoch:,}"))
        labels["loss"].setText(
            tr("loss train {0} · test {1}").format(
                _format_loss(snap.train_loss), _format_loss(snap.test_loss)
            )
        )
        if snap.task == "regression":
            train, test = _format_loss(snap.train_metric), _format_loss(snap.test_metric)
            labels["metric"].setText(tr("R² train {0} · test {1}").format(train, test))
        else:
            train, test = _format_share(snap.train_metric), _format_share(snap.test_metric)
            labels["metric"].setText(tr("accuracy train {0} · test {1}").format(train, test))
        rate = snap.steps_per_second
        labels["rate"].setText(
            tr("{0} steps/s").format(f"{rate:,.0f}") if rate > 0 else tr("paused")
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
        if kind != "ui":
            # "ui" only shows or hides panel rows (the panels follow the model themselves).
            self.network_view.set_experiment(new)
            self.teaching.set_experiment(new)
        self._update_title()

    # ------------------------------------------------------------------ editor edits
    def edit_experiment(self) -> Experiment:
        """The experiment an edit starts from: the model's, with the weights on screen.

        The weights are the latest snapshot's when it shows the current document;
        while an edit is still on its way to the worker they are the model's own
        (the last edit's result), or the seeded ones when it has none.
        """
        exp = self.model.experiment
        c = self.controller
        snap = c.latest
        if (
            snap is not None
            and c.synced
            and tuple(snap.layer_sizes) == tuple(exp.layer_sizes)
            and tuple(snap.features) == tuple(exp.features)
        ):
            return exp.with_weights(snap.weights, snap.biases, snap.step)
        return exp

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
            reason in the status bar and changes nothing; an edit that changes
            nothing (a layer dropped where it was) pushes nothing.
        """
        try:
            edit = make(self.edit_experiment(), self.model.units)
        except EditRefused as exc:
            self._on_edit_rejected(exc.reason)
            return False
        if edit.is_noop:
            return False
        self.undo_stack.push(EditCommand(self.model, edit, merge_id))
        return True

    def _on_neuron_clicked(self, column: int, unit: int) -> None:
        """Show the clicked neuron's arithmetic in the inspector (raised to the front)."""
        dock = self.docks["inspector"]
        dock.show()
        dock.raise_()
        self.inspector.set_neuron(column, unit)

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_edit_rejected(self, message: str) -> None:
        self.statusBar().showMessage(f"Not applied: {message}", 8000)

    def _on_state_changed(self, playing: bool) -> None:
        self.output_view.set_training(playing)
        sp = QStyle.StandardPixmap
        i18n.set_text(self.play_action, "Pause" if playing else "Play")
        self.play_action.setIcon(
            self.style().standardIcon(sp.SP_MediaPause if playing else sp.SP_MediaPlay)
        )
        if playing:
            self.statusBar().clearMessage()
            # The window gets several events a frame while training, and a filter runs
            # Python (winning the GIL from the training thread) for each; docks rarely
            # move meanwhile, and pausing tidies up after any that did.
            self.removeEventFilter(self._layout_watcher)
        else:
            self.installEventFilter(self._layout_watcher)
            self._tab_timer.start()

    def _on_speed_changed(self, position: int) -> None:
        speed = SPEEDS[position]
        self.speed_label.setText("max" if speed is None else f"{speed} steps/frame")
        self.controller.set_speed(speed)

    def _on_errored(self, details: str) -> None:
        self.statusBar().showMessage("Training stopped by an error (see the dialog).")
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Training error",
            "Training hit an error and was paused. The network and data are unchanged.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, does not block the event loop (rendering goes on)

    def _on_diverged(self, message: str) -> None:
        # The message names the step and suggests a smaller learning rate. One box,
        # reused: pressing Play again at a rate that still diverges must not stack them.
        self.statusBar().showMessage(message)
        box = self.divergence_box
        if box is None:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Training diverged",
                message,
                QMessageBox.StandardButton.Ok,
                self,
            )
            # Non-modal: the lecturer can lower the learning rate with the box still open.
            box.setWindowModality(Qt.WindowModality.NonModal)
            self.divergence_box = box
        box.setText(message)
        box.show()

    def _on_stopped(self, reason: str) -> None:
        self.statusBar().showMessage(reason)

    # ------------------------------------------------------------------ files
    def _update_title(self) -> None:
        name = self.path.name if self.path is not None else "untitled"
        title = self.model.experiment.title
        self.setWindowTitle(f"{title or name}[*] — nnsim")

    def new_experiment(self) -> None:
        """Start over on the default experiment (undoable)."""
        self.undo_stack.push(
            SetExperimentCommand(self.model, Experiment(), "New experiment", kind="all")
        )
        self.path = None
        self._update_title()

    def open_dialog(self) -> None:
        start = str(self.path.parent) if self.path is not None else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open experiment", start, _FILE_FILTER)
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
            self._show_load_error("Cannot open experiment", "opened", exc)
            return False
        self.undo_stack.push(SetExperimentCommand(self.model, exp, f"Open {path.name}", kind="all"))
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

    def _show_load_error(self, title: str, verb: str, exc: LoadError) -> None:
        """The one message of a failed load: the file's name and what is wrong with it."""
        name = exc.path.name or str(exc.path)
        problem = exc.problem[:1].upper() + exc.problem[1:]
        QMessageBox.warning(self, title, f"{name} could not be {verb}:\n\n{problem}")

    def import_csv_dialog(self) -> None:
        start = str(self.path.parent) if self.path is not None else ""
        path, _ = QFileDialog.getOpenFileName(
            self, "Import data", start, "CSV data (*.csv *.txt *.tsv);;All files (*)"
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
            self._show_load_error("Cannot import data", "imported", exc)
            return False
        exp = self.model.experiment
        new = _with_head(exp, replace(exp.data, dataset="custom", custom=custom))
        if new.layer_sizes != exp.layer_sizes:
            new = replace(new, weights=None, step=0)  # stored weights no longer fit
        if new == exp:
            self.statusBar().showMessage(f"{path.name} holds the data already in use", 4000)
            return True
        try:
            command = SetExperimentCommand(self.model, new, f"Import {path.name}")
        except InvalidExperimentError as exc:
            problem = f"the data do not fit this experiment. {exc}"
            self._show_load_error("Cannot import data", "imported", LoadError(path, problem))
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
            self.autosaver.failed.connect(lambda m: self.statusBar().showMessage(m, 10_000))
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
            self._show_load_error("Cannot recover unsaved work", "recovered", exc)
            return False
        self.undo_stack.push(
            SetExperimentCommand(self.model, exp, "Recover unsaved work", kind="all")
        )
        self.path = document
        self._update_title()
        self.statusBar().showMessage("Recovered the unsaved work of the last session.", 8000)
        return True

    def current_experiment(self) -> Experiment:
        """The document with the weights and step on screen (when they fit it)."""
        exp = self.model.experiment
        snap = self.controller.latest
        if snap is not None and tuple(snap.layer_sizes) == tuple(exp.layer_sizes):
            return exp.with_weights(snap.weights, snap.biases, snap.step)
        return exp

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_file(self.path)

    def save_as(self) -> bool:
        start = str(self.path) if self.path is not None else "experiment.json"
        path, _ = QFileDialog.getSaveFileName(self, "Save experiment", start, _FILE_FILTER)
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
            QMessageBox.warning(self, "Cannot save experiment", f"{path}:\n\n{exc}")
            return False
        self.path = path
        self.exports.recent.add(path)
        self.undo_stack.setClean()
        if self.autosaver is not None:
            self.autosaver.mark_clean(exp.step)  # the saved file is the backup now
        self._update_title()
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    # ------------------------------------------------------------------ layout & closing
    def _restore_layout(self) -> None:
        if not settings_enabled():
            return
        s = QSettings("nnsim", "nnsim")
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self._restored = bool(self.restoreState(state, _STATE_VERSION))

    def _save_layout(self) -> None:
        if not settings_enabled():
            return
        s = QSettings("nnsim", "nnsim")
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(_STATE_VERSION))

    def shutdown(self) -> None:
        """Stop training and join the worker thread (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        self._render_timer.stop()
        compare = getattr(self, "compare_window", None)
        if compare is not None:
            compare.shutdown()  # run B's thread must be joined too
            compare.close()
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
        # The stack is a child: destroying the window clears it, which emits cleanChanged
        # into a half-destroyed window.
        self.undo_stack.cleanChanged.disconnect(self._on_clean_changed)

    def _watch_layout(self) -> None:
        """Tidy the dock tab bars after each relayout of the window (see below).

        An event filter rather than an ``event()`` override: an override would run the
        whole window's painting inside a Python call, holding the GIL that the training
        thread needs, while from a filter Qt paints without it.
        """
        self._tab_timer = QTimer(self)  # a child: dies with the window, never fires late
        self._tab_timer.setSingleShot(True)
        self._tab_timer.setInterval(0)
        self._tab_timer.timeout.connect(self._hide_stale_tab_bars)
        self._layout_watcher = _LayoutWatcher(self._tab_timer.start, self)
        self.installEventFilter(self._layout_watcher)

    def _hide_stale_tab_bars(self) -> None:
        """Hide dock tab bars that Qt's main-window layout left behind.

        QMainWindowLayout keeps the tab bar of docks that were tabified and later split
        or hidden; in Qt 6.11 such a bar can stay visible at a stale place, painting
        "Loss | Neuron inspector" over another dock. A bar in use has two or more tabs,
        lies inside the window, and is the widest of any bars with the same tabs.
        """
        bars = [b for b in self.findChildren(QTabBar) if b.parent() is self and b.isVisible()]
        inside = self.rect()
        widest: dict[tuple[str, ...], QTabBar] = {}
        for bar in bars:
            tabs = tuple(bar.tabText(i) for i in range(bar.count()))
            if not inside.intersects(bar.geometry()):
                # Parked off the window it paints nothing. Qt re-shows such a bar on every
                # relayout and a hide() requests one, so hiding it looped forever (a
                # full core even when idle, training at a sixth of its speed).
                continue
            if len(tabs) < 2 or not inside.contains(bar.geometry()):
                bar.hide()
                continue
            best = widest.get(tabs)
            if best is None or bar.width() > best.width():
                if best is not None:
                    best.hide()
                widest[tabs] = bar
            else:
                bar.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_layout()
        self.shutdown()
        super().closeEvent(event)
