"""Lessons in the window: the panel opens each one (undoably), shows its views, and
``nnsim --lesson NAME --screenshot`` draws every lesson."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnsim.core.experiment import Experiment
from nnsim.core.grid import grid_points
from nnsim.core.trainer import Trainer
from nnsim.gui.lesson_panel import LESSON_VIEW_DOCKS, TEACHING_VIEWS, lesson_html
from nnsim.gui.main_window import MainWindow
from nnsim.gui.views.teaching import snapshot_inputs, snapshot_network
from nnsim.storage import list_lessons, load_lesson

LESSONS = list_lessons()


@pytest.fixture
def window(make_window) -> MainWindow:
    # No training process: the tests hand snapshots to the window themselves.
    return make_window(Experiment(), start=False)


def test_every_lesson_opens_through_the_lesson_panel(window: MainWindow, warnings) -> None:
    teaching = window.teaching
    panel = teaching.panel
    assert [le.name for le in panel.lessons] == [le.name for le in LESSONS]
    assert panel.list.count() == len(LESSONS)
    previous = window.model.experiment
    for n, lesson in enumerate(panel.lessons, start=1):
        assert panel.select(lesson.name)
        QTest.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
        assert window.model.experiment == lesson.experiment
        assert window.undo_stack.count() == n  # one undoable step per lesson
        assert window.path is None and panel.current == lesson.name
        for key in TEACHING_VIEWS:
            assert teaching.docks[key].isVisible() == (key in lesson.views), (lesson.name, key)
        for name, key in LESSON_VIEW_DOCKS.items():
            if key in window.docks:
                assert window.docks[key].isVisible() == (name in lesson.views), (lesson.name, key)
        assert teaching.docks["lessons"].isVisible()
        # None of the lesson's teaching views hides behind another one's tab.
        QApplication.processEvents()
        for key in lesson.views:
            if key in teaching.docks:
                assert not teaching.docks[key].visibleRegion().isEmpty(), (lesson.name, key)
        if lesson.highlight_layer is not None:
            assert teaching.activation.layer == lesson.highlight_layer
            assert teaching.weights.layer == lesson.highlight_layer
        # The lesson's views draw its run.
        window.show_snapshot(Trainer(lesson.experiment).snapshot(grid=20, thumb=8))
        for key in lesson.views:
            view = teaching.views.get(key)
            if view is not None and hasattr(view, "ensure_current"):
                view.ensure_current()
        if lesson.name == "vanishing-gradient":
            assert teaching.gradient_bars.ratio >= 100
        if lesson.name == "linear-collapse":
            result = teaching.collapse.current()
            assert result is not None and result.max_diff < 1e-12
            assert teaching.composition.value_label.text() == "h(10) = -20"
        if lesson.name == "backprop":
            teaching.walkthrough.next()
            assert teaching.walkthrough.current_step() is not None
        previous = lesson.experiment
    assert warnings == []
    window.undo_stack.undo()
    assert window.model.experiment == LESSONS[-2].experiment
    assert previous == LESSONS[-1].experiment


def test_vanishing_gradient_lesson_bars_sigmoid_against_relu(window: MainWindow) -> None:
    lesson = load_lesson("vanishing-gradient")
    assert window.open_lesson(lesson)
    bars = window.teaching.gradient_bars
    assert bars.isVisible()
    window.show_snapshot(Trainer(lesson.experiment).snapshot(grid=20, thumb=8))
    sigmoid = bars.ratio
    assert lesson.compare is not None
    window.show_snapshot(Trainer(lesson.compare).snapshot(grid=20, thumb=8))
    assert sigmoid >= 100 and bars.ratio <= 10
    assert "Run B" in lesson_html(lesson) and "Run B" in window.teaching.panel.text.toPlainText()


def test_a_bad_lesson_shows_a_message_and_changes_nothing(
    window: MainWindow, warnings, tmp_path: Path
) -> None:
    before = window.model.experiment
    assert not window.open_lesson("no-such-lesson")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nnsim-lesson", "schema_version": 1, "name": "x"}')
    assert not window.open_lesson(bad)
    assert len(warnings) == 2 and "no-such-lesson" in warnings[0]
    assert window.model.experiment is before
    assert window.undo_stack.count() == 0


def test_lesson_panel_follows_the_ui_language(window: MainWindow, qtbot) -> None:
    from nnsim.gui import i18n

    panel = window.teaching.panel
    try:
        i18n.install_language("ko")
        qtbot.waitUntil(lambda: panel.list.item(0).text() == f"1. {LESSONS[0].title['ko']}")
        assert LESSONS[0].caption["ko"][:20] in panel.text.toPlainText()
        assert "보기:" in panel.text.toPlainText()  # the panel's own words too
        assert window.teaching.docks["lessons"].windowTitle() == "수업"
    finally:
        i18n.install_language("en")
    qtbot.waitUntil(lambda: panel.list.item(0).text() == f"1. {LESSONS[0].title['en']}")
    assert "Views:" in panel.text.toPlainText()


def test_weight_column_click_highlights_the_neuron(window: MainWindow, qtbot) -> None:
    lesson = load_lesson("weight-matrix")
    assert window.open_lesson(lesson)
    window.show_snapshot(Trainer(lesson.experiment).snapshot(grid=20, thumb=8))
    weights = window.teaching.weights
    weights.ensure_current()
    qtbot.waitUntil(lambda: weights.canvas.width() > 100)
    rect = weights.canvas.cell_rect(0, 1)
    QTest.mouseClick(weights.canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    overlay = window.teaching.overlay
    assert overlay.highlighted == (1, 1)
    ring = overlay._ring
    assert ring is not None
    assert ring.parentItem() is window.network_view.network_scene.neuron_item(1, 1)


def test_collapse_button_is_one_undoable_edit_with_the_same_boundary(make_window, qtbot) -> None:
    lesson = load_lesson("linear-collapse")
    w = make_window(lesson.experiment, wait=None)
    w.teaching.show_lesson(lesson)
    w.controller.step(40)
    qtbot.waitUntil(lambda: w.snapshot is not None and w.snapshot.step >= 40, timeout=10_000)
    snap = w.snapshot
    assert snap is not None and len(snap.weights) == 5
    collapse = w.teaching.collapse
    qtbot.waitUntil(lambda: collapse.current() is not None and collapse.snapshot is snap)
    QTest.mouseClick(collapse.button, Qt.MouseButton.LeftButton)
    assert w.undo_stack.count() == 1
    assert len(w.model.experiment.hidden) == 0
    qtbot.waitUntil(lambda: w.snapshot is not None and len(w.snapshot.weights) == 1, timeout=10_000)
    one = w.snapshot
    X = snapshot_inputs(snap, grid_points(snap.extent, 100, snap.dims))
    diff = np.max(np.abs(snapshot_network(one).forward(X) - snapshot_network(snap).forward(X)))
    assert diff < 1e-12  # the decision boundary is the stack's
    assert collapse.runs == []

    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.snapshot is not None and len(w.snapshot.weights) == 5, timeout=10_000)
    assert w.model.experiment.hidden == lesson.experiment.hidden
    for W, sW in zip(w.snapshot.weights, snap.weights, strict=True):
        np.testing.assert_array_equal(W, sW)  # the run comes back with its weights


# --------------------------------------------------------------------------- command line


def _run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for key in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(key, None)
    env["NNSIM_NO_SETTINGS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "nnsim", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def _colours(path: Path) -> tuple[tuple[int, int], int]:
    image = QImage(str(path))
    assert not image.isNull(), path
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    stride = image.bytesPerLine() // 4
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=stride * image.height())
    pixels = data.reshape(image.height(), stride)[:, : image.width()] & 0xFFFFFF
    return (image.width(), image.height()), len(np.unique(pixels))


def test_lesson_screenshot_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "collapse.png"
    proc = _run("--lesson", "linear-collapse", "--screenshot", str(out), "--size", "1280x720")
    assert proc.returncode == 0, proc.stderr[-3000:]
    size, colours = _colours(out)
    assert size == (1280, 720) and colours > 50


def test_every_lesson_screenshot_is_non_blank(tmp_path: Path) -> None:
    # One process for all lessons (a hidden option of the same screenshot code path).
    proc = _run("--lesson-screenshots", str(tmp_path), "--size", "1280x720", "--steps", "50")
    assert proc.returncode == 0, proc.stderr[-3000:]
    for lesson in LESSONS:
        size, colours = _colours(tmp_path / f"{lesson.name}.png")
        assert size == (1280, 720)
        assert colours > 50, lesson.name


def test_unknown_lesson_is_a_usage_error(tmp_path: Path) -> None:
    proc = _run("--lesson", "no-such-lesson", "--screenshot", str(tmp_path / "x.png"))
    assert proc.returncode == 2
    assert "no-such-lesson" in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_weights_walkthrough_and_inspector_follow_one_sample(window: MainWindow) -> None:
    lesson = load_lesson("backprop")
    assert window.open_lesson(lesson)
    window.show_snapshot(Trainer(lesson.experiment).snapshot(grid=20, thumb=8))
    teaching = window.teaching
    walk = teaching.walkthrough
    walk.ensure_current()
    walk.sample_box.setValue(5)  # numbered from 1 on screen, like the inspector
    assert walk.sample == 4 and teaching.weights.sample == 4
    assert window.inspector.sample == 4
    window.inspector.set_sample(9)
    assert walk.sample == 9 and teaching.weights.sample == 9
    walk.ensure_current()
    assert walk.note.text().startswith("Sample 10 at")


def test_view_menu_shows_and_hides_each_teaching_view(window: MainWindow) -> None:
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    texts = [a.text() for a in view_menu.actions()]
    assert "Lessons" in texts
    sub = next(a.menu() for a in view_menu.actions() if a.text() == "Teaching views")
    entries = {a.text(): a for a in sub.actions()}
    assert set(entries) == {str(info.title) for info in TEACHING_VIEWS.values()}
    dock = window.teaching.docks["activation"]
    assert not dock.isVisible()  # hidden until a lesson or the menu asks for it
    entries["Activation"].trigger()
    assert dock.isVisible()
    window.show_snapshot(Trainer(Experiment()).snapshot(grid=20, thumb=8))
    assert window.teaching.activation.stats is not None


def test_no_dock_tab_bar_is_ever_shown(make_window) -> None:
    """Docks are never tabbed, so no dock tab bar can be left painted over a view."""
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QMainWindow, QTabBar

    from nnsim.storage import load_lesson

    window = make_window(start=False, size=(1280, 720))
    assert not window.dockOptions() & QMainWindow.DockOption.AllowTabbedDocks
    for name in (None, "vanishing-gradient", "xor-features", "weight-matrix", "backprop"):
        if name is not None:
            window.teaching.show_lesson(load_lesson(name))
        for _ in range(5):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        shown = [b for b in window.findChildren(QTabBar) if b.parent() is window and b.isVisible()]
        assert not shown, (name, [b.tabText(0) for b in shown])
    window.shutdown()


def test_views_from_the_menu_share_the_bottom_row_without_squeezing(window, qtbot) -> None:
    """Showing view after view keeps each one wide enough; the oldest makes room."""
    sub = window.teaching._menu
    for action in sub.actions():
        action.trigger()
    shown = [d for k, d in window.teaching.docks.items() if k != "lessons" and d.isVisible()]
    assert 1 <= len(shown) < len(sub.actions())
    # Once the docks' queued relayout has run.
    qtbot.waitUntil(lambda: all(d.width() >= 280 for d in shown), timeout=5000)
    # The view asked for last is among them.
    assert window.teaching.docks[list(TEACHING_VIEWS)[-1]].isVisible()
