"""Draw mode: make the data set in front of the class by clicking on the output view.

While draw mode is on:

* left-click adds a point of the current class (keys 1..8 choose it; a class beyond
  the data's classes adds one, and the output head follows) -- for regression the
  point's value comes from the value box, except on 1-D data where the click's
  height *is* the value;
* right-click removes the point nearest to the click;
* each click is one undoable edit: the points become ``DataSpec(dataset="custom")``
  (:class:`~nnsim.core.experiment.CustomData`) through a
  :class:`~nnsim.gui.commands.SetExperimentCommand`, so they are saved with the
  experiment and Ctrl+Z takes a point back.

The first click on a generated data set (circle, xor ...) turns its current points
(training and test) into custom points, so the lecturer edits what is on screen.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from nnsim.core.experiment import MAX_CLASSES, InvalidExperimentError
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.gui.app_context import AppContext
from nnsim.gui.commands import SetExperimentCommand
from nnsim.gui.number_field import POINT_VALUE_FIELD, NumberField
from nnsim.gui.panels import error_text, relabel_items
from nnsim.gui.widgets import FitComboBox
from nnsim.model.data_edits import add_point, remove_nearest

__all__ = ["DrawMode"]


class DrawMode(QObject):
    """Draw mode on the output view's plot (see the module docstring).

    Parameters
    ----------
    context : AppContext
        The document and undo stack the points go to; refusals go to its status bar.
    plot : pyqtgraph.PlotWidget
        The output view's plot: clicks on it add and remove points.

    The window places :attr:`action` and :attr:`class_actions` (it adds them to
    itself, so their shortcuts work in every dock) and :attr:`panel` (under the
    output view).

    Attributes
    ----------
    action : QAction
        The checkable toggle (View menu, the button under the output view, Ctrl+D).
    panel : QWidget
        The button, the class box and the value box, under the output view.
    class_index : int
        The class the next left-click adds (0-based).
    """

    def __init__(self, context: AppContext, plot: pg.PlotWidget) -> None:
        super().__init__(context)
        self._context = context
        self._plot = plot
        self.class_index = 0
        self.action = QAction(self)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+D"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.toggled.connect(self.set_enabled)
        # Keys 1..8 pick the class, only while drawing (they are free otherwise).
        self.class_actions: list[QAction] = []
        for k in range(MAX_CLASSES):
            act = QAction(self)
            act.setShortcut(QKeySequence(str(k + 1)))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setEnabled(False)
            act.triggered.connect(lambda _checked=False, k=k: self.set_class(k))
            self.class_actions.append(act)

        self.panel = QWidget()
        button = QToolButton()
        button.setDefaultAction(self.action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.class_box = FitComboBox()
        for k in range(MAX_CLASSES):
            self.class_box.addItem(str(k + 1), k)  # labelled in retranslate_ui
        self.class_box.currentIndexChanged.connect(self.set_class)
        self.value_box = NumberField("draw.value", POINT_VALUE_FIELD, step=0.1)
        self.value_box.setValue(1.0)
        self.value_box.refused.connect(lambda text: context.notify(text, 8000))
        self.hint = QLabel()
        self.hint.setWordWrap(True)  # a narrow column at large text: two lines, not clipped
        layout = QHBoxLayout(self.panel)
        layout.setContentsMargins(6, 0, 6, 4)
        layout.addWidget(button)
        layout.addWidget(self.class_box)
        layout.addWidget(self.value_box)
        layout.addWidget(self.hint, 1)
        self.retranslate_ui()
        context.language_changed.connect(self.retranslate_ui)
        context.model.changed.connect(lambda *_: self._sync_widgets())

    def retranslate_ui(self, _lang: str = "") -> None:
        """Every text of draw mode in the UI language (the class chosen is kept)."""
        self.action.setText(self.tr("&Draw data points"))
        self.action.setIconText(self.tr("Draw data points"))
        self.action.setStatusTip(
            self.tr(
                "Left-click adds a point of the chosen class (keys 1-8), right-click removes one"
            )
        )
        self.action.setToolTip(self.action.statusTip())
        for k, act in enumerate(self.class_actions):
            act.setText(self.tr("Class {n}").format(n=k + 1))
        relabel_items(self.class_box, lambda k: self.tr("class {n}").format(n=int(k) + 1))
        self.class_box.setToolTip(self.tr("The class of the next point (keys 1-8)"))
        self.value_box.setToolTip(self.tr("Regression: the value of the next point"))
        self._sync_widgets()

    # ------------------------------------------------------------------ state
    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def set_enabled(self, on: bool) -> None:
        """Turn draw mode on or off (the cursor becomes a cross while it is on)."""
        if self.action.isChecked() != bool(on):
            self.action.setChecked(bool(on))  # emits toggled -> back here
            return
        for act in self.class_actions:
            act.setEnabled(bool(on))
        viewport = self._plot.viewport()
        # Clicks are watched only while drawing: the viewport repaints every frame, and
        # a filter would run Python for each paint.
        if on:
            viewport.installEventFilter(self)
        else:
            viewport.removeEventFilter(self)
        cursor = Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor
        viewport.setCursor(cursor)
        self._sync_widgets()

    def set_class(self, k: int) -> None:
        """Choose the class of the next left-click (0-based)."""
        self.class_index = max(0, min(int(k), MAX_CLASSES - 1))
        if self.class_box.currentIndex() != self.class_index:
            self.class_box.setCurrentIndex(self.class_index)
        self._sync_widgets()

    def _sync_widgets(self) -> None:
        regression = self._context.model.experiment.task == "regression"
        self.class_box.setVisible(not regression)
        self.value_box.setVisible(regression)
        if not self.enabled:
            self.hint.setText("")
        elif regression:
            self.hint.setText(self.tr("click: add (the value) · right-click: remove"))
        else:
            self.hint.setText(
                self.tr("click: add (class {n}) · right-click: remove").format(
                    n=self.class_index + 1
                )
            )

    # ------------------------------------------------------------------ clicks
    def target(self, click_y: float) -> float:
        """The next point's target: its class, the value box, or (1-D regression) ``click_y``."""
        exp = self._context.model.experiment
        if exp.task != "regression":
            return float(self.class_index)
        if exp.input_dims == 1:
            return float(click_y)
        return float(self.value_box.value())

    def click(self, x: float, y: float, add: bool) -> bool:
        """Add a point at (x, y) (``add``) or remove the nearest one, as one undo step.

        (x, y) are data coordinates. Returns True if the data changed; a refused edit
        (e.g. removing one of the last 2 points) shows why in the status bar.
        """
        ctx = self._context
        exp = ctx.model.experiment
        try:
            if add:
                new = add_point(exp, x, y, self.target(y))
                text = QT_TRANSLATE_NOOP("DrawMode", "Draw a point")  # Edit > Undo's
            else:
                new = remove_nearest(exp, x, y)
                text = QT_TRANSLATE_NOOP("DrawMode", "Remove a point")
            command = SetExperimentCommand(ctx.model, new, text)
        except (InvalidExperimentError, ValueError) as exc:
            ctx.notify(self.tr("Not applied: {error}").format(error=error_text(exc)), 6000)
            return False
        ctx.undo_stack.push(command)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.enabled or event.type() != QEvent.Type.MouseButtonPress:
            return False
        assert isinstance(event, QMouseEvent)
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return False
        plot = self._plot
        scene_pos = plot.mapToScene(event.position().toPoint())
        point: QPointF = plot.getPlotItem().vb.mapSceneToView(scene_pos)
        self.click(point.x(), point.y(), add=button == Qt.MouseButton.LeftButton)
        return True
