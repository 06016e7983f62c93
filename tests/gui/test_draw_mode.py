"""Draw mode: points clicked on the output view become the training set, undoably."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from nnsim.core.experiment import CustomData, DataSpec, Experiment, Hyper
from nnsim.gui.commands import SetExperimentCommand
from nnsim.gui.main_window import MainWindow
from nnsim.model.data_edits import with_points
from nnsim.storage import read_experiment


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window(Experiment(data=DataSpec(n_samples=40)))


def _viewport_pos(w: MainWindow, x: float, y: float) -> QPoint:
    plot = w.output_view.plot
    scene = plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene)


def _click(w: MainWindow, x: float, y: float, button=Qt.MouseButton.LeftButton) -> None:
    QTest.mouseClick(w.output_view.plot.viewport(), button, pos=_viewport_pos(w, x, y))


def _n_points(w: MainWindow) -> int:
    snap = w.snapshot
    assert snap is not None
    return len(snap.y_train) + len(snap.y_test)


def _wait_points(qtbot, w: MainWindow, n: int) -> None:
    qtbot.waitUntil(lambda: _n_points(w) == n, timeout=10_000)


def test_clicks_add_points_of_the_chosen_class_and_undo_removes_them(
    window: MainWindow, qtbot
) -> None:
    w = window
    n0 = _n_points(w)
    train0 = len(w.snapshot.x_train)
    QTest.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert w.draw_mode.enabled
    QTest.keyClick(w, Qt.Key.Key_2)  # class 2 (index 1)
    assert w.draw_mode.class_index == 1
    _click(w, 1.5, -2.0)
    _click(w, -3.0, 2.5)
    _wait_points(qtbot, w, n0 + 2)
    exp = w.model.experiment
    assert exp.data.dataset == "custom"
    custom = exp.data.custom
    assert custom is not None and custom.x.shape == (n0 + 2, 2)
    np.testing.assert_allclose(custom.x[-2:], [[1.5, -2.0], [-3.0, 2.5]], atol=0.1)
    assert list(custom.y[-2:]) == [1.0, 1.0]
    assert len(w.snapshot.x_train) > train0  # the drawn points are trained on
    # A third class key adds a class: the head becomes softmax over 3 classes.
    QTest.keyClick(w, Qt.Key.Key_3)
    _click(w, 0.0, 0.0)
    _wait_points(qtbot, w, n0 + 3)
    assert w.model.experiment.n_classes == 3
    assert w.model.experiment.output_activation == "softmax"
    # Each click is one undo step; undoing them all restores the generated data.
    for _ in range(3):
        w.undo_stack.undo()
    _wait_points(qtbot, w, n0)
    assert w.model.experiment.data.dataset == "circle"
    assert len(w.snapshot.x_train) == train0


def test_right_click_removes_the_nearest_point(window: MainWindow, qtbot) -> None:
    w = window
    pts = CustomData(
        np.array([[-4.0, -4.0], [4.0, 4.0], [4.0, -4.0], [-4.0, 4.0]]), np.array([0, 1, 1, 0])
    )
    w.draw_mode.set_enabled(True)
    w.undo_stack.push(SetExperimentCommand(w.model, with_points(w.model.experiment, pts), "points"))
    _wait_points(qtbot, w, 4)
    _click(w, 3.6, -3.5, Qt.MouseButton.RightButton)
    _wait_points(qtbot, w, 3)
    left = w.model.experiment.data.custom
    assert left is not None
    assert [4.0, -4.0] not in left.x.tolist()
    # Not below 2 points: refused with a message, nothing changes.
    _click(w, 4.0, 4.0, Qt.MouseButton.RightButton)
    _wait_points(qtbot, w, 2)
    depth = w.undo_stack.count()
    _click(w, -4.0, 4.0, Qt.MouseButton.RightButton)
    assert w.undo_stack.count() == depth
    assert "at least 2" in w.statusBar().currentMessage()


def test_draw_mode_off_ignores_clicks_and_points_are_saved(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    w = window
    depth = w.undo_stack.count()
    _click(w, 1.0, 1.0)
    assert w.undo_stack.count() == depth
    w.draw_mode.set_enabled(True)
    _click(w, 1.0, 1.0)
    assert w.undo_stack.count() == depth + 1
    assert w.save_file(tmp_path / "drawn.json")
    again = read_experiment(tmp_path / "drawn.json")
    assert again.data.custom == w.model.experiment.data.custom


def test_regression_uses_the_value_box(make_window) -> None:
    w = make_window(_plane(), size=(1000, 700))
    w.draw_mode.set_enabled(True)
    assert w.draw_mode.value_box.isVisibleTo(w) and not w.draw_mode.class_box.isVisibleTo(w)
    w.draw_mode.value_box.setValue(-0.5)
    _click(w, 2.0, 2.0)
    custom = w.model.experiment.data.custom
    assert custom is not None and custom.task == "regression"
    assert custom.y[-1] == -0.5


def _plane() -> Experiment:
    return Experiment(
        data=DataSpec(dataset="plane", n_samples=20),
        output_activation="linear",
        hyper=Hyper(loss="mse"),
    )
