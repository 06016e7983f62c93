"""The teaching views' docks, and opening a lesson.

:class:`~nnsim.gui.lesson_panel.LessonPanel` (the browser, in its own module) lists
the shipped lessons (:func:`~nnsim.storage.list_lessons`)
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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from nnsim.core.experiment import Experiment
from nnsim.core.lessons import Lesson
from nnsim.core.messages import Message
from nnsim.core.snapshot import Snapshot
from nnsim.gui.commands import SetExperimentCommand
from nnsim.gui.docks import LazyDock, make_dock
from nnsim.gui.editor.overlay import NeuronOverlay
from nnsim.gui.i18n import current_language
from nnsim.gui.lesson_panel import LESSON_VIEW_DOCKS, TEACHING_VIEWS, LessonPanel
from nnsim.gui.panels import error_text
from nnsim.model import collapse_edit
from nnsim.storage import LoadError, load_lesson

if TYPE_CHECKING:
    from nnsim.gui.app_context import AppContext
    from nnsim.gui.editor.view import NetworkView
    from nnsim.gui.views.activation_view import ActivationView
    from nnsim.gui.views.collapse_view import CollapseView, CompositionLab
    from nnsim.gui.views.gradient_bars import GradientBars
    from nnsim.gui.views.inspector import NeuronInspector
    from nnsim.gui.views.walkthrough_view import WalkthroughView
    from nnsim.gui.views.weights_view import WeightsView

__all__ = ["TeachingDocks"]


#: The views that show one weight layer: picking a layer in one selects it in all.
_LAYER_VIEWS = ("activation", "weights")
#: The views that follow one sample through the network (with the inspector).
_SAMPLE_VIEWS = ("weights", "walkthrough")
#: Narrow charts that go under the right column when it shows a single view.
_RIGHT_WHEN_FREE = frozenset({"gradient_bars"})
#: A view in the bottom row gets at least this many pixels of width; when the row is
#: full, showing another teaching view hides the one shown longest ago.
_MIN_VIEW_WIDTH = 320


class TeachingDocks(QObject):
    """The teaching views and the Lessons dock of a main window.

    Parameters
    ----------
    context : AppContext
        The document, its undo stack and the editor's edit path (a collapse).
    host : QMainWindow
        The window the docks are placed in (and arranged in, for a lesson's layout).
    main_docks : dict str -> QDockWidget
        The host's own docks by key ("data", "hyper", "output", "loss", "gradient",
        "inspector"): the lessons go above the panels, a lesson's views beside them.
    network_view : NetworkView
        The network drawing the overlay writes on and whose clicks select a layer.
    inspector : NeuronInspector, optional
        Follows the sample the weight and walkthrough views show.

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
    #: A lesson asked to compare its network with its run B (an Experiment); the
    #: window opens the compare window.
    compare_requested = Signal(object)
    #: The Lessons panel asked to open a lesson (a Lesson); the window opens it through
    #: its own entry point, which also resets its file name and title.
    open_requested = Signal(object)

    def __init__(
        self,
        context: AppContext,
        host: QMainWindow,
        main_docks: dict[str, QDockWidget],
        network_view: NetworkView,
        inspector: NeuronInspector | None = None,
    ) -> None:
        super().__init__(host)
        self._context = context
        self._host = host
        self._main_docks = main_docks
        self._network_view = network_view
        self._inspector = inspector
        self.lesson: Lesson | None = None
        #: The teaching views by key. A view is made when its dock is first shown or it
        #: is asked for here: most windows never open most of them, and making all six
        #: was 40 % of opening a window.
        self.views: Mapping[str, QWidget] = _Views(self)
        self.docks: dict[str, QDockWidget] = {}
        self.panel = LessonPanel()
        self.overlay = NeuronOverlay(network_view)
        #: Teaching docks in the order they were last shown (the row's oldest first).
        self._shown_order: list[str] = []
        # What the views follow, kept for views made later.
        self._experiment: Experiment = context.model.experiment
        self._snapshot: Snapshot | None = None
        self._layer: int | None = None
        self._sample: int | None = None
        self._unit: int | None = None

        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        for key in TEACHING_VIEWS:
            dock = self._dock(key, None, bottom, partial(self._build, key))
            dock.hide()
            dock.toggleViewAction().triggered.connect(
                lambda on, k=key: self._on_view_toggled(k, on)
            )
        lessons = self._dock("lessons", self.panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        if "data" in main_docks:
            # The lessons go on top of the left column, above the panels (never tabbed).
            host.splitDockWidget(lessons, main_docks["data"], Qt.Orientation.Vertical)
            if "hyper" in main_docks:
                host.splitDockWidget(
                    main_docks["data"], main_docks["hyper"], Qt.Orientation.Vertical
                )
        lessons.hide()
        self._wire()
        self.retranslate_ui()

    # -- views by type (for the main window and tests) ----------------------------------
    def view(self, key: str) -> QWidget:
        """The teaching view ``key``, made now (in its hidden dock) if it was not yet."""
        dock = self.docks[key]
        assert isinstance(dock, LazyDock)
        return dock.contents()

    def built_views(self) -> list[QWidget]:
        """The teaching views made so far (the others follow the theme when made)."""
        return self._made_among(TEACHING_VIEWS)

    def _made(self, key: str) -> QWidget | None:
        """Teaching view ``key`` if it was made, without making it."""
        dock = self.docks[key]
        assert isinstance(dock, LazyDock)
        return dock.contents() if dock.built else None

    def _made_among(self, keys: Iterable[str]) -> list[QWidget]:
        """The views of ``keys`` made so far (views made later are told by ``_build``)."""
        return [v for key in keys if (v := self._made(key)) is not None]

    @property
    def activation(self) -> ActivationView:
        """The activation view."""
        return self.view("activation")  # type: ignore[return-value]

    @property
    def collapse(self) -> CollapseView:
        """The linear-collapse view."""
        return self.view("collapse")  # type: ignore[return-value]

    @property
    def composition(self) -> CompositionLab:
        """The 1-D composition lab."""
        return self.view("composition")  # type: ignore[return-value]

    @property
    def weights(self) -> WeightsView:
        """The weight-matrix view."""
        return self.view("weights")  # type: ignore[return-value]

    @property
    def walkthrough(self) -> WalkthroughView:
        """The forward/backward walkthrough."""
        return self.view("walkthrough")  # type: ignore[return-value]

    @property
    def gradient_bars(self) -> GradientBars:
        """The gradient bar chart."""
        return self.view("gradient_bars")  # type: ignore[return-value]

    # -- building ------------------------------------------------------------------------
    def _dock(
        self,
        key: str,
        widget: QWidget | None,
        area: Qt.DockWidgetArea,
        build: Callable[[], QWidget] | None = None,
    ) -> QDockWidget:
        dock = make_dock(self._host, key, widget, area, scroll=key != "lessons", build=build)
        self.docks[key] = dock
        return dock

    def _build(self, key: str) -> QWidget:
        """Make teaching view ``key`` as if it had been there all along."""
        view = TEACHING_VIEWS[key].make()
        apply = getattr(view, "apply_theme", None)
        if callable(apply):
            apply(self._context.theme)
        setter = getattr(view, "set_experiment", None)
        if setter is not None:
            setter(self._experiment)
        setter = getattr(view, "set_snapshot", None)
        if setter is not None and self._snapshot is not None:
            setter(self._snapshot)
        if key in _LAYER_VIEWS and self._layer is not None:
            view.set_layer(self._layer)  # type: ignore[attr-defined]
        if key in _SAMPLE_VIEWS and self._sample is not None:
            view.set_sample(self._sample)  # type: ignore[attr-defined]
        if key == "weights" and self._unit is not None:
            view.select_unit(self._unit)  # type: ignore[attr-defined]
        self._wire_view(key, view)
        return view

    def retranslate_ui(self, _lang: str = "") -> None:
        """Dock titles and the menu entry in the UI language."""
        for key, info in TEACHING_VIEWS.items():
            self.docks[key].setWindowTitle(QCoreApplication.translate("TeachingDocks", info.title))
        self.docks["lessons"].setWindowTitle(self.tr("Lessons"))
        menu = getattr(self, "_menu", None)
        if menu is not None:
            menu.setTitle(self.tr("Teaching views"))

    def _wire(self) -> None:
        self.panel.open_requested.connect(self.open_requested)
        self.panel.compare_requested.connect(self.compare_requested)
        from nnsim.gui.i18n import notifier

        notifier().language_changed.connect(self.retranslate_ui)
        inspector = self._inspector
        if inspector is not None:
            inspector.sample_box.valueChanged.connect(self._on_inspector_sample)
        view = self._network_view
        if hasattr(view, "layer_selected"):
            view.layer_selected.connect(self._on_network_layer)
        if hasattr(view, "neuron_clicked"):
            view.neuron_clicked.connect(self._on_network_neuron)

    def _wire_view(self, key: str, view: QWidget) -> None:
        overlay = self.overlay
        if key == "walkthrough":
            view.overlay_changed.connect(lambda p: overlay.show_texts(*p))
        if key == "weights":
            view.column_clicked.connect(lambda layer, unit: overlay.highlight(layer + 1, unit))
        if key in _LAYER_VIEWS:
            view.layer_changed.connect(self._on_layer_picked)
        if key in _SAMPLE_VIEWS:
            view.sample_changed.connect(self._on_view_sample)
        if key == "collapse":
            view.collapse_requested.connect(self.collapse_run)

    def add_menu_entries(self, menu: QMenu) -> None:
        """Add a show/hide entry per teaching view and the Lessons dock to ``menu``."""
        menu.addSeparator()
        menu.addAction(self.docks["lessons"].toggleViewAction())
        sub = menu.addMenu(self.tr("Teaching views"))
        self._menu = sub
        for key in TEACHING_VIEWS:
            sub.addAction(self.docks[key].toggleViewAction())

    # -- feeding -------------------------------------------------------------------------
    def set_snapshot(self, snap: Snapshot) -> None:
        """Hand ``snap`` to every teaching view made (hidden ones only store it)."""
        self._snapshot = snap
        for view in self.built_views():
            setter = getattr(view, "set_snapshot", None)
            if setter is not None:
                setter(snap)

    def set_experiment(self, exp: Experiment) -> None:
        """Hand the edited document to the views that need its hyper-parameters."""
        self._experiment = exp
        for view in self.built_views():
            setter = getattr(view, "set_experiment", None)
            if setter is not None:
                setter(exp)

    def set_layer(self, layer: int) -> None:
        """Select weight layer ``layer`` in the activation and weight views."""
        self._layer = layer
        for view in self._made_among(_LAYER_VIEWS):
            view.set_layer(layer)  # type: ignore[attr-defined]

    def _on_layer_picked(self, layer: int) -> None:
        # One view picked a layer: the other follows, so both talk about the same layer.
        self.set_layer(layer)

    def _set_sample(self, sample: int) -> None:
        self._sample = sample
        for view in self._made_among(_SAMPLE_VIEWS):
            view.set_sample(sample)  # type: ignore[attr-defined]

    def _on_view_sample(self, sample: int) -> None:
        # One sample for the three views that follow a sample through the network.
        self._set_sample(sample)
        if self._inspector is not None:
            self._inspector.set_sample(sample)

    def _on_inspector_sample(self, value: int) -> None:
        # The inspector numbers samples from 1.
        self._set_sample(value - 1)

    def _on_network_layer(self, column: int) -> None:
        if column >= 1:
            self.set_layer(column - 1)

    def _on_network_neuron(self, column: int, unit: int) -> None:
        if column >= 1:
            self.set_layer(column - 1)
            self._unit = unit
            weights = self._made("weights")
            if weights is not None:
                weights.select_unit(unit)  # type: ignore[attr-defined]
            # The editor marks its own selection; drop the ring of an earlier column click.
            self.overlay.highlight(None)

    # -- lessons -------------------------------------------------------------------------
    def _on_view_toggled(self, key: str, on: bool) -> None:
        """A view shown from the View menu joins the bottom row, never squeezed.

        The row holds as many views as the window's width gives each
        :data:`_MIN_VIEW_WIDTH` pixels; beyond that the view shown longest ago is
        hidden (the menu brings it back).
        """
        if key in self._shown_order:
            self._shown_order.remove(key)
        if not on:
            return
        self._shown_order.append(key)
        visible = [k for k in self._shown_order if self.docks[k].isVisible()]
        # The bottom row runs under the canvas, between the side columns.
        central = self._host.centralWidget()
        row = central.width() if central is not None else self._host.width()
        room = max(1, row // _MIN_VIEW_WIDTH)
        grad = self._main_docks.get("gradient")
        if grad is not None and grad.isVisible():
            room = max(1, room - 1)
        while len(visible) > room:
            oldest = visible.pop(0)
            self.docks[oldest].hide()
            self._shown_order.remove(oldest)
        self._arrange(visible)
        shares = len(visible) + (1 if grad is not None and grad.isVisible() else 0)
        self._make_room(shares * _MIN_VIEW_WIDTH)

    def _make_room(self, needed: int) -> None:
        """Narrow the side columns (down to a floor) until the bottom row is ``needed`` wide."""
        w = self._host
        central = w.centralWidget()
        if central is None:
            return
        deficit = needed - central.width()
        if deficit <= 0:
            return
        horizontal = Qt.Orientation.Horizontal
        for keys, floor in (
            (("lessons",), 220),
            (("data", "hyper"), 220),
            (("output", "loss"), 260),
        ):
            for key in keys:
                dock = self.docks.get(key) or self._main_docks.get(key)
                if dock is not None and dock.isVisible() and not dock.isFloating():
                    give = min(deficit, max(0, dock.width() - floor))
                    if give:
                        w.resizeDocks([dock], [dock.width() - give], horizontal)
                        deficit -= give
                    break
            if deficit <= 0:
                return

    def open_lesson(self, lesson: Lesson | str | Path) -> bool:
        """Open a lesson (a :class:`Lesson`, a shipped lesson's name or a file path).

        The lesson's experiment replaces the document through one undoable command,
        exactly like File > Open; then its views are shown. A lesson that cannot be
        loaded shows a message and changes nothing. Returns success.
        """
        w = self._host
        if not isinstance(lesson, Lesson):
            try:
                lesson = load_lesson(lesson)
            except LoadError as exc:
                QMessageBox.warning(
                    w,
                    self.tr("Cannot open lesson"),
                    self.tr("The lesson could not be opened:") + "\n\n" + error_text(exc),
                )
                return False
        # A Message: Edit > Undo shows it in the UI language, also after a switch.
        template = QT_TRANSLATE_NOOP("TeachingDocks", "Open lesson: {title}")
        text = Message("TeachingDocks", template).format(
            title=_LessonTitle(lesson)
        )
        ctx = self._context
        ctx.undo_stack.push(SetExperimentCommand(ctx.model, lesson.experiment, text, kind="all"))
        self.show_lesson(lesson)
        return True

    def show_lesson(self, lesson: Lesson) -> None:
        """Show the lesson's views (raised), hide the other views, select its layer."""
        self.lesson = lesson
        wanted = set(lesson.views)
        for key, dock in self.docks.items():
            if key == "lessons":
                continue
            dock.setVisible(key in wanted)
        self._shown_order = [k for k in lesson.views if k in TEACHING_VIEWS]
        for name, key in LESSON_VIEW_DOCKS.items():
            dock = self._main_docks.get(key)
            if dock is not None:
                dock.setVisible(name in wanted)
        self._arrange([n for n in lesson.views if n in self.docks])
        for name in reversed(lesson.views):  # the first listed ends up on top
            dock = self.docks.get(name) or self._main_docks.get(LESSON_VIEW_DOCKS.get(name, ""))
            if dock is not None:
                dock.raise_()
        self._show_lessons_dock()
        if lesson.highlight_layer is not None:
            self.set_layer(lesson.highlight_layer)
        self.overlay.clear()
        self.panel.set_current(lesson)
        self.lesson_shown.emit(lesson)

    def _show_lessons_dock(self) -> None:
        """The lesson text on top of the left column, with most of its height."""
        w = self._host
        dock = self.docks["lessons"]
        dock.show()
        column = [dock] + [
            d
            for k in ("data", "hyper")
            if (d := self._main_docks.get(k)) is not None and d.isVisible()
        ]
        if len(column) > 1 and not dock.isFloating():
            h = w.height()
            rest = max(80, int(h * 0.35 / (len(column) - 1)))
            w.resizeDocks(
                column, [int(h * 0.6)] + [rest] * (len(column) - 1), Qt.Orientation.Vertical
            )

    def _arrange(self, names: Sequence[str]) -> None:
        """Place the lesson's teaching docks so each one has room to be read.

        They sit side by side in the bottom area (with the per-layer curves, when shown).
        A narrow chart (:data:`_RIGHT_WHEN_FREE`) goes under the right column instead
        when that column holds a single view, leaving the bottom row wider.
        """
        w = self._host
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        right = [d for k in ("output", "loss") if (d := self._main_docks.get(k)) is not None]
        right = [d for d in right if d.isVisible() and not d.isFloating()]
        side = [self.docks[n] for n in names if n in _RIGHT_WHEN_FREE and len(right) == 1]
        docks = [self.docks[n] for n in names if self.docks[n] not in side]
        grad = self._main_docks.get("gradient")
        if grad is not None and grad.isVisible():
            docks.insert(0, grad)
        # Re-added in order, then split: a dock placed by an earlier lesson or by hand
        # starts from a known place.
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
            shares = [1.3 if d is grad else 1.0 for d in docks]
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
            self._context.request_edit(
                partial(collapse_edit.collapse_run, start=start, stop=stop)
            )
        )


class _Views(Mapping[str, QWidget]):
    """The teaching views by key; looking one up makes it (membership does not)."""

    def __init__(self, docks: TeachingDocks) -> None:
        self._docks = docks

    def __getitem__(self, key: str) -> QWidget:
        if key not in TEACHING_VIEWS:
            raise KeyError(key)
        return self._docks.view(key)

    def __contains__(self, key: object) -> bool:
        return key in TEACHING_VIEWS

    def __iter__(self) -> Iterator[str]:
        return iter(TEACHING_VIEWS)

    def __len__(self) -> int:
        return len(TEACHING_VIEWS)


class _LessonTitle(str):
    """A lesson's title that follows the UI language inside a translatable message."""

    def __new__(cls, lesson: Lesson) -> _LessonTitle:
        self = super().__new__(cls, lesson.title_in("en"))
        self.lesson = lesson
        return self

    def __format__(self, spec: str) -> str:
        return format(self.lesson.title_in(current_language()), spec)
