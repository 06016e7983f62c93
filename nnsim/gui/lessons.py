"""The lesson browser and the teaching views' docks.

:class:`LessonPanel` lists the shipped lessons (:func:`~nnsim.core.lessons.list_lessons`)
with their title in the chosen language, and shows the selected lesson's caption, the
views it uses and its steps ("what to click"). Opening a lesson goes through the same
path as File > Open: its experiment becomes the document through one undoable
:class:`~nnsim.gui.commands.SetExperimentCommand` (a bad lesson shows a message and
changes nothing), then the lesson's views are shown and raised and the others hidden.

:class:`TeachingDocks` owns the teaching views (activation, linear collapse, 1-D
composition lab, weight matrix, walkthrough, gradient bars) and the Lessons dock for
the main window: it creates their docks (hidden until a lesson or the View menu asks
for them), feeds them snapshots and the document, and wires them to each other and to
the network drawing (the walkthrough's values and the weight view's selected column
appear on the neurons through :class:`~nnsim.gui.editor.overlay.NeuronOverlay`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.experiment import Experiment
from nnsim.core.lessons import (
    ACTIONS,
    VIEWS,
    InvalidLessonError,
    Lesson,
    list_lessons,
    load_lesson,
)
from nnsim.core.snapshot import Snapshot
from nnsim.gui.commands import SetExperimentCommand
from nnsim.gui.editor.overlay import NeuronOverlay
from nnsim.gui.views.activation_view import ActivationView
from nnsim.gui.views.collapse_view import CollapseView, CompositionLab
from nnsim.gui.views.gradient_bars import GradientBars
from nnsim.gui.views.walkthrough_view import WalkthroughView
from nnsim.gui.views.weights_view import WeightsView
from nnsim.model import collapse_edit

__all__ = [
    "LANGUAGES",
    "LESSON_VIEW_DOCKS",
    "TEACHING_VIEWS",
    "LessonPanel",
    "TeachingDocks",
    "lesson_html",
]

#: Languages of the lesson texts, code -> name shown.
LANGUAGES = {"en": "English", "ko": "한국어"}


@dataclass(frozen=True)
class _ViewInfo:
    title: str
    make: Callable[[], QWidget]


#: The teaching views, dock key (= lesson view name) -> title and factory.
TEACHING_VIEWS: dict[str, _ViewInfo] = {
    "gradient_bars": _ViewInfo("Gradient bars", GradientBars),
    "activation": _ViewInfo("Activation", ActivationView),
    "collapse": _ViewInfo("Linear collapse", CollapseView),
    "composition": _ViewInfo("Composition lab", CompositionLab),
    "weights": _ViewInfo("Weight matrix", WeightsView),
    "walkthrough": _ViewInfo("Walkthrough", WalkthroughView),
}

#: Lesson view names served by the main window's own docks, -> their ``window.docks`` key.
LESSON_VIEW_DOCKS = {
    "output": "output",
    "loss": "loss",
    "gradients": "gradient",
    "inspector": "inspector",
}


#: Narrow charts that go under the right column when it shows a single view.
_RIGHT_WHEN_FREE = frozenset({"gradient_bars"})


def default_language() -> str:
    """Korean when the system speaks it, else English."""
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def lesson_html(lesson: Lesson, lang: str = "en") -> str:
    """The lesson as the panel shows it: title, caption, views, steps and run B."""
    esc = html.escape
    out = [
        f"<h3>{lesson.order}. {esc(lesson.title_in(lang))}</h3>",
        f"<p>{esc(lesson.caption_in(lang))}</p>",
    ]
    shown = [v for v in lesson.views if v in VIEWS]
    out.append("<p><b>Views:</b> " + ", ".join(esc(v.replace("_", " ")) for v in shown) + "</p>")
    out.append("<p><b>What to click</b></p><ol>")
    for step in lesson.steps:
        what = ACTIONS[step.action].description if step.action in ACTIONS else step.action
        out.append(f"<li>{esc(step.text(lang))} <span style='color:#777'>({esc(what)})</span></li>")
    out.append("</ol>")
    if lesson.compare is not None:
        b = lesson.compare
        arch = "-".join(str(s) for s in b.layer_sizes)
        acts = ", ".join(sorted({h.activation for h in b.hidden})) or "no hidden layers"
        out.append(
            f"<p><b>Run B</b> (for comparison): {esc(b.title or 'untitled')} — {arch}, "
            f"{esc(acts)}, seed {b.seed}. Running it side by side comes in a later "
            "version; compare with these settings by hand.</p>"
        )
    return "\n".join(out)


class LessonPanel(QWidget):
    """The Lessons dock: the list, the selected lesson's text, and an Open button.

    Signals
    -------
    open_requested(object)
        The user asked to open a :class:`~nnsim.core.lessons.Lesson`.
    language_changed(str)
        "en" or "ko".

    Attributes
    ----------
    lessons : list of Lesson
        The shipped lessons, in order (empty if one of them is broken: the panel then
        says why).
    language : str
    """

    open_requested = Signal(object)
    language_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, language: str | None = None) -> None:
        super().__init__(parent)
        self.language = language or default_language()
        self.current: str | None = None
        self.error = ""
        try:
            self.lessons: list[Lesson] = list_lessons()
        except InvalidLessonError as exc:
            self.lessons = []
            self.error = f"The lessons could not be loaded: {exc}"

        self.lang_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.lang_combo.addItem(name, code)
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(self.language)))
        self.lang_combo.currentIndexChanged.connect(self._on_language)
        self.open_button = QPushButton("Open lesson")
        self.open_button.setToolTip("Open the selected lesson (undo with Ctrl+Z)")
        self.open_button.clicked.connect(self._on_open)
        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(self.lang_combo)
        top.addStretch(1)
        top.addWidget(self.open_button)

        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemActivated.connect(lambda _item: self._on_open())
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.status = QLabel(self.error)
        self.status.setWordWrap(True)
        self.status.setVisible(bool(self.error))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self._fill()

    # -- public API ------------------------------------------------------------------
    def lesson(self, name: str) -> Lesson | None:
        """The listed lesson called ``name``."""
        return next((le for le in self.lessons if le.name == name), None)

    def selected(self) -> Lesson | None:
        """The lesson selected in the list."""
        row = self.list.currentRow()
        return self.lessons[row] if 0 <= row < len(self.lessons) else None

    def select(self, name: str) -> bool:
        """Select the lesson called ``name`` in the list; False if there is none."""
        for row, le in enumerate(self.lessons):
            if le.name == name:
                self.list.setCurrentRow(row)
                return True
        return False

    def set_current(self, lesson: Lesson | None) -> None:
        """Mark ``lesson`` as the open one (bold in the list) and show its text."""
        self.current = lesson.name if lesson is not None else None
        self._fill()
        if lesson is not None:
            if not self.select(lesson.name):
                self.text.setHtml(lesson_html(lesson, self.language))

    def set_language(self, lang: str) -> None:
        """Show titles, captions and steps in ``lang`` ("en" or "ko")."""
        if lang not in LANGUAGES or lang == self.language:
            return
        self.language = lang
        with QSignalBlocker(self.lang_combo):
            self.lang_combo.setCurrentIndex(self.lang_combo.findData(lang))
        self._fill()
        self.language_changed.emit(lang)

    # -- internals ---------------------------------------------------------------------
    def _fill(self) -> None:
        row = self.list.currentRow()
        with QSignalBlocker(self.list):
            self.list.clear()
            for le in self.lessons:
                item = QListWidgetItem(f"{le.order}. {le.title_in(self.language)}")
                item.setToolTip(le.caption_in(self.language))
                if le.name == self.current:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.list.addItem(item)
            if self.lessons:
                self.list.setCurrentRow(max(0, row))
        self._on_row(self.list.currentRow())

    def _on_row(self, row: int) -> None:
        lesson = self.lessons[row] if 0 <= row < len(self.lessons) else None
        self.open_button.setEnabled(lesson is not None)
        self.text.setHtml("" if lesson is None else lesson_html(lesson, self.language))

    def _on_language(self, index: int) -> None:
        self.set_language(str(self.lang_combo.itemData(index)))

    def _on_open(self) -> None:
        lesson = self.selected()
        if lesson is not None:
            self.open_requested.emit(lesson)


class TeachingDocks(QObject):
    """The teaching views and the Lessons dock of a main window.

    Parameters
    ----------
    window : QMainWindow
        The main window. It must have ``model``, ``undo_stack``, ``network_view``,
        ``docks`` (its own docks, by key), ``request_edit`` and ``open_lesson``, as
        :class:`~nnsim.gui.main_window.MainWindow` has.

    Attributes
    ----------
    views : dict str -> QWidget
        The teaching views by lesson view name (see :data:`TEACHING_VIEWS`).
    docks : dict str -> QDockWidget
        Their docks, plus ``"lessons"``.
    panel : LessonPanel
    overlay : NeuronOverlay
        Values and highlights on the network drawing.
    lesson : Lesson or None
        The lesson opened last.
    """

    #: A lesson was shown (its Lesson); the recording aids' caption bar follows it.
    lesson_shown = Signal(object)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lesson: Lesson | None = None
        self.views: dict[str, QWidget] = {k: info.make() for k, info in TEACHING_VIEWS.items()}
        self.docks: dict[str, QDockWidget] = {}
        self.panel = LessonPanel()
        self.overlay = NeuronOverlay(window.network_view)

        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        first: QDockWidget | None = None
        for key, info in TEACHING_VIEWS.items():
            dock = self._dock(key, info.title, self.views[key], bottom)
            if first is None:
                window.splitDockWidget(window.docks["gradient"], dock, Qt.Orientation.Horizontal)
                first = dock
            else:
                window.tabifyDockWidget(first, dock)
            dock.hide()
        lessons = self._dock("lessons", "Lessons", self.panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        if "data" in window.docks:
            window.tabifyDockWidget(window.docks["data"], lessons)
            window.docks["data"].raise_()
        self._wire()

    # -- views by type (for the main window and tests) ----------------------------------
    @property
    def activation(self) -> ActivationView:
        """The activation view."""
        return self.views["activation"]  # type: ignore[return-value]

    @property
    def collapse(self) -> CollapseView:
        """The linear-collapse view."""
        return self.views["collapse"]  # type: ignore[return-value]

    @property
    def composition(self) -> CompositionLab:
        """The 1-D composition lab."""
        return self.views["composition"]  # type: ignore[return-value]

    @property
    def weights(self) -> WeightsView:
        """The weight-matrix view."""
        return self.views["weights"]  # type: ignore[return-value]

    @property
    def walkthrough(self) -> WalkthroughView:
        """The forward/backward walkthrough."""
        return self.views["walkthrough"]  # type: ignore[return-value]

    @property
    def gradient_bars(self) -> GradientBars:
        """The gradient bar chart."""
        return self.views["gradient_bars"]  # type: ignore[return-value]

    # -- building ------------------------------------------------------------------------
    def _dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(f"{key}_dock")
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        dock.setWidget(widget)
        self.window.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _wire(self) -> None:
        w = self.window
        overlay = self.overlay
        self.walkthrough.overlay_changed.connect(lambda p: overlay.show_texts(*p))
        self.weights.column_clicked.connect(lambda layer, unit: overlay.highlight(layer + 1, unit))
        self.weights.layer_changed.connect(self._on_layer_picked)
        self.activation.layer_changed.connect(self._on_layer_picked)
        self.weights.sample_changed.connect(self.walkthrough.set_sample)
        self.walkthrough.sample_changed.connect(self.weights.set_sample)
        self.collapse.collapse_requested.connect(self.collapse_run)
        self.panel.open_requested.connect(self._on_open_requested)
        self.panel.language_changed.connect(self.walkthrough.set_language)
        self.walkthrough.set_language(self.panel.language)
        inspector = getattr(w, "inspector", None)
        if inspector is not None:
            # One sample for the three views that follow a sample through the network.
            for v in (self.weights, self.walkthrough):
                v.sample_changed.connect(inspector.set_sample)
            inspector.sample_box.valueChanged.connect(self._on_inspector_sample)
        view = w.network_view
        if hasattr(view, "layer_selected"):
            view.layer_selected.connect(self._on_network_layer)
        if hasattr(view, "neuron_clicked"):
            view.neuron_clicked.connect(self._on_network_neuron)
        self.set_experiment(w.model.experiment)

    def add_menu_entries(self, menu: QMenu) -> None:
        """Add a show/hide entry per teaching view and the Lessons dock to ``menu``."""
        menu.addSeparator()
        menu.addAction(self.docks["lessons"].toggleViewAction())
        sub = menu.addMenu("Teaching views")
        for key in TEACHING_VIEWS:
            sub.addAction(self.docks[key].toggleViewAction())

    # -- feeding -------------------------------------------------------------------------
    def set_snapshot(self, snap: Snapshot) -> None:
        """Hand ``snap`` to every teaching view (hidden ones only store it)."""
        for view in self.views.values():
            setter = getattr(view, "set_snapshot", None)
            if setter is not None:
                setter(snap)

    def set_experiment(self, exp: Experiment) -> None:
        """Hand the edited document to the views that need its hyper-parameters."""
        for view in self.views.values():
            setter = getattr(view, "set_experiment", None)
            if setter is not None:
                setter(exp)

    def set_layer(self, layer: int) -> None:
        """Select weight layer ``layer`` in the activation and weight views."""
        self.activation.set_layer(layer)
        self.weights.set_layer(layer)

    def _on_layer_picked(self, layer: int) -> None:
        # One view picked a layer: the other follows, so both talk about the same layer.
        self.set_layer(layer)

    def _on_inspector_sample(self, value: int) -> None:
        # The inspector numbers samples from 1.
        self.weights.set_sample(value - 1)
        self.walkthrough.set_sample(value - 1)

    def _on_network_layer(self, column: int) -> None:
        if column >= 1:
            self.set_layer(column - 1)

    def _on_network_neuron(self, column: int, unit: int) -> None:
        if column >= 1:
            self.set_layer(column - 1)
            self.weights.select_unit(unit)
            # The editor marks its own selection; drop the ring of an earlier column click.
            self.overlay.highlight(None)

    # -- lessons -------------------------------------------------------------------------
    def _on_open_requested(self, lesson: Lesson) -> None:
        # The window's own entry point also resets its file name and title.
        self.window.open_lesson(lesson)

    def open_lesson(self, lesson: Lesson | str | Path) -> bool:
        """Open a lesson (a :class:`Lesson`, a shipped lesson's name or a file path).

        The lesson's experiment replaces the document through one undoable command,
        exactly like File > Open; then its views are shown. A lesson that cannot be
        loaded shows a message and changes nothing. Returns success.
        """
        w = self.window
        if not isinstance(lesson, Lesson):
            try:
                lesson = load_lesson(lesson)
            except InvalidLessonError as exc:
                QMessageBox.warning(
                    w, "Cannot open lesson", f"The lesson could not be opened:\n\n{exc}"
                )
                return False
        title = lesson.title_in(self.panel.language)
        w.undo_stack.push(
            SetExperimentCommand(w.model, lesson.experiment, f"Open lesson: {title}", kind="all")
        )
        self.show_lesson(lesson)
        return True

    def show_lesson(self, lesson: Lesson) -> None:
        """Show the lesson's views (raised), hide the other views, select its layer."""
        self.lesson = lesson
        w = self.window
        wanted = set(lesson.views)
        for key, dock in self.docks.items():
            if key == "lessons":
                continue
            dock.setVisible(key in wanted)
        for name, key in LESSON_VIEW_DOCKS.items():
            dock = w.docks.get(key)
            if dock is not None:
                dock.setVisible(name in wanted)
        self._arrange([n for n in lesson.views if n in self.docks])
        for name in reversed(lesson.views):  # the first listed ends up on top
            dock = self.docks.get(name) or w.docks.get(LESSON_VIEW_DOCKS.get(name, ""))
            if dock is not None:
                dock.raise_()
        self.docks["lessons"].show()
        self.docks["lessons"].raise_()
        if lesson.highlight_layer is not None:
            self.set_layer(lesson.highlight_layer)
        self.overlay.clear()
        self.panel.set_current(lesson)
        self.lesson_shown.emit(lesson)

    def _arrange(self, names: Sequence[str]) -> None:
        """Place the lesson's teaching docks so each one has room to be read.

        They sit side by side in the bottom area (with the per-layer curves, when shown).
        A narrow chart (:data:`_RIGHT_WHEN_FREE`) goes under the right column instead
        when that column holds a single view, leaving the bottom row wider.
        """
        w = self.window
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        right = [d for k in ("output", "loss") if (d := w.docks.get(k)) is not None]
        right = [d for d in right if d.isVisible() and not d.isFloating()]
        side = [self.docks[n] for n in names if n in _RIGHT_WHEN_FREE and len(right) == 1]
        docks = [self.docks[n] for n in names if self.docks[n] not in side]
        grad = w.docks.get("gradient")
        if grad is not None and grad.isVisible():
            docks.insert(0, grad)
        # splitDockWidget cannot split a tab group: take the docks out of theirs first.
        # A side dock is appended below the right column (splitting the column's dock
        # would only add a tab when it shares its place with another one).
        for dock, area in [(d, Qt.DockWidgetArea.BottomDockWidgetArea) for d in docks] + [
            (d, Qt.DockWidgetArea.RightDockWidgetArea) for d in side
        ]:
            if not dock.isFloating():
                w.removeDockWidget(dock)
                w.addDockWidget(area, dock, vertical)
                dock.show()
        for dock in side:
            w.resizeDocks([right[0], dock], [w.height() // 2, w.height() // 2], vertical)
        for prev, dock in zip(docks, docks[1:], strict=False):
            w.splitDockWidget(prev, dock, horizontal)
        if docks:
            # The per-layer curves carry a legend: they get a larger share of the width.
            shares = [1.6 if d is grad else 1.0 for d in docks]
            unit = w.width() / (len(docks) + 2)
            w.resizeDocks(docks, [max(200, int(unit * k)) for k in shares], horizontal)
            w.resizeDocks([docks[0]], [max(220, int(w.height() * 0.4))], vertical)
        if right and docks:
            # A narrower right column leaves the bottom views more room.
            w.resizeDocks(right[:1], [max(250, int(w.width() * 0.21))], horizontal)

    # -- collapsing ------------------------------------------------------------------------
    def collapse_run(self, start: int, stop: int) -> bool:
        """Replace linear run ``[start, stop)`` by its single layer: one undoable edit.

        Goes through the window's ``request_edit`` like every editor gesture: the edit
        (:func:`~nnsim.model.collapse_edit.collapse_run`) starts from the weights on
        screen; a refusal is shown in the status bar. Returns whether it was applied.
        """
        return bool(
            self.window.request_edit(partial(collapse_edit.collapse_run, start=start, stop=stop))
        )
