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

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from nnsim.core.datasets import make_dataset
from nnsim.core.experiment import (
    MAX_CLASSES,
    MAX_CUSTOM_POINTS,
    CustomData,
    Experiment,
    InvalidExperimentError,
)
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.gui.commands import SetExperimentCommand
from nnsim.gui.i18n import notifier
from nnsim.gui.number_field import POINT_VALUE_FIELD, NumberField
from nnsim.gui.panels import FitComboBox, _with_head, error_text

if TYPE_CHECKING:
    from nnsim.gui.main_window import MainWindow


def current_points(exp: Experiment) -> CustomData:
    """The points of ``exp``'s data (training and test) as custom data.

    Custom data is returned as it is; a generated set is generated (seeded, so the
    points are the ones on screen).
    """
    d = exp.data
    if d.dataset == "custom" and d.custom is not None:
        return d.custom
    ds = make_dataset(d)
    x = np.concatenate([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test])
    return CustomData(x, y, ds.task, max(2, ds.n_classes) if ds.task == "classification" else 2)


def with_points(exp: Experiment, points: CustomData) -> Experiment:
    """``exp`` training on ``points`` (head and features follow the data, as on import)."""
    new = _with_head(exp, replace(exp.data, dataset="custom", custom=points))
    if new.layer_sizes != exp.layer_sizes:
        new = replace(new, weights=None, step=0)  # stored weights no longer fit
    return new


def add_point(exp: Experiment, x: float, y: float, target: float) -> Experiment:
    """``exp`` with one more point at (x, y) -- or at x on 1-D data -- with ``target``.

    ``target`` is a class index (classification; a new index adds a class) or a value.
    """
    pts = current_points(exp)
    coords = [x, y][: pts.dims]
    n_classes = pts.n_classes
    if pts.task == "classification":
        n_classes = max(n_classes, int(target) + 1)
    if pts.x.shape[0] >= MAX_CUSTOM_POINTS:
        raise InvalidExperimentError(
            "data.custom.x",
            QT_TRANSLATE_NOOP("DrawMode", "at most {n} points").format(n=MAX_CUSTOM_POINTS),
        )
    new = CustomData(
        np.vstack([pts.x, np.asarray([coords], dtype=np.float64)]),
        np.append(pts.y, float(target)),
        pts.task,
        n_classes,
    )
    return with_points(exp, new)


def remove_nearest(exp: Experiment, x: float, y: float) -> Experiment:
    """``exp`` without the point nearest to (x, y) (1-D: nearest in (x, value))."""
    pts = current_points(exp)
    if pts.x.shape[0] <= 2:
        raise InvalidExperimentError(
            "data.custom.x", QT_TRANSLATE_NOOP("DrawMode", "at least 2 points are needed")
        )
    if pts.dims == 2:
        d2 = (pts.x[:, 0] - x) ** 2 + (pts.x[:, 1] - y) ** 2
    else:
        d2 = (pts.x[:, 0] - x) ** 2 + (pts.y - y) ** 2
    keep = np.ones(pts.x.shape[0], dtype=bool)
    keep[int(np.argmin(d2))] = False
    return with_points(exp, CustomData(pts.x[keep], pts.y[keep], pts.task, pts.n_classes))


class DrawMode(QObject):
    """Draw mode on a main window's output view (see the module docstring).

    Attributes
    ----------
    action : QAction
        The checkable toggle (View menu, the button under the output view, Ctrl+D).
    panel : QWidget
        The button, the class box and the value box, under the output view.
    class_index : int
        The class the next left-click adds (0-based).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.class_index = 0
        self.action = QAction(window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+D"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.toggled.connect(self.set_enabled)
        window.addAction(self.action)
        # Keys 1..8 pick the class, only while drawing (they are free otherwise).
        self.class_actions: list[QAction] = []
        for k in range(MAX_CLASSES):
            act = QAction(window)
            act.setShortcut(QKeySequence(str(k + 1)))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setEnabled(False)
            act.triggered.connect(lambda _checked=False, k=k: self.set_class(k))
            window.addAction(act)
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
        self.value_box.refused.connect(lambda text: window.statusBar().showMessage(text, 8000))
        self.hint = QLabel()
        self.hint.setWordWrap(True)  # a narrow column at large text: two lines, not clipped
        layout = QHBoxLayout(self.panel)
        layout.setContentsMargins(6, 0, 6, 4)
        layout.addWidget(button)
        layout.addWidget(self.class_box)
        layout.addWidget(self.value_box)
        layout.addWidget(self.hint, 1)
        self.retranslate_ui()
        notifier().language_changed.connect(self.retranslate_ui)

        # Under the output view, next to its show-test / discretize toggles.
        dock = window.docks.get("output")
        box = dock.widget().layout() if dock is not None and dock.widget() is not None else None
        if box is not None:
            box.addWidget(self.panel)
        window.model.changed.connect(lambda *_: self._sync_widgets())

    def retranslate_ui(self) -> None:
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
        blocker = QSignalBlocker(self.class_box)
        for k in range(self.class_box.count()):
            self.class_box.setItemText(k, self.tr("class {n}").format(n=k + 1))
        del blocker
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
        viewport = self._window.output_view.plot.viewport()
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
        regression = self._window.model.experiment.task == "regression"
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
        exp = self._window.model.experiment
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
        w = self._window
        exp = w.model.experiment
        try:
            if add:
                new = add_point(exp, x, y, self.target(y))
                text = QT_TRANSLATE_NOOP("DrawMode", "Draw a point")  # Edit > Undo's
            else:
                new = remove_nearest(exp, x, y)
                text = QT_TRANSLATE_NOOP("DrawMode", "Remove a point")
            command = SetExperimentCommand(w.model, new, text)
        except (InvalidExperimentError, ValueError) as exc:
            w.statusBar().showMessage(
                self.tr("Not applied: {error}").format(error=error_text(exc)), 6000
            )
            return False
        w.undo_stack.push(command)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.enabled or event.type() != QEvent.Type.MouseButtonPress:
            return False
        assert isinstance(event, QMouseEvent)
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return False
        plot = self._window.output_view.plot
        scene_pos = plot.mapToScene(event.position().toPoint())
        point: QPointF = plot.getPlotItem().vb.mapSceneToView(scene_pos)
        self.click(point.x(), point.y(), add=button == Qt.MouseButton.LeftButton)
        return True
