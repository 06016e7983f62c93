"""Editor gestures driven with real mouse events on the network view's viewport.

Every test goes through the real main window (model, undo stack, training thread):
a gesture is a press, moves with the button held and a release on
``view.viewport()``; then the model must have changed as intended, exactly one
command must be on the undo stack, undo must restore the previous experiment and
weights exactly (training is paused, so bit-identical) and redo must re-apply it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnsim.core.experiment import MAX_HIDDEN_LAYERS, MAX_WIDTH, Experiment, LayerSpec
from nnsim.core.snapshot import Snapshot
from nnsim.gui.editor.feedback import DropMarkerItem, GhostNeuronsItem, HighlightItem
from nnsim.gui.editor.interactions import LinkScrub
from nnsim.gui.editor.items import EditorItemType, LinkItem
from nnsim.gui.editor.view import NetworkView
from nnsim.gui.main_window import MainWindow
from nnsim.gui.number_field import NumberDialog

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def make_window(make_window) -> Callable[..., MainWindow]:
    """The shared window fixture, at 1400x900."""
    return partial(make_window, size=(1400, 900))


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


# --------------------------------------------------------------------------- helpers


def _view(w: MainWindow) -> NetworkView:
    return w.network_view


def _vp(view: NetworkView, p: QPointF) -> QPoint:
    """Scene point -> viewport point."""
    return view.mapFromScene(p)


def _move(view: NetworkView, p: QPoint) -> None:
    """A mouse move with the left button held (QTest.mouseMove carries no buttons)."""
    vp = view.viewport()
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(p),
        QPointF(vp.mapToGlobal(p)),
        Qt.MouseButton.NoButton,
        LEFT,
        NO_MOD,
    )
    QApplication.sendEvent(vp, event)


def _press_and_move(view: NetworkView, a: QPoint, b: QPoint, steps: int = 10) -> None:
    QTest.mousePress(view.viewport(), LEFT, NO_MOD, a)
    for k in range(1, steps + 1):
        t = k / steps
        _move(view, QPoint(round(a.x() + (b.x() - a.x()) * t), round(a.y() + (b.y() - a.y()) * t)))


def _drag(view: NetworkView, a: QPoint, b: QPoint, steps: int = 10) -> None:
    _press_and_move(view, a, b, steps)
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, b)


def _click(view: NetworkView, p: QPoint) -> None:
    QTest.mouseClick(view.viewport(), LEFT, NO_MOD, p)


def _centre(item) -> QPointF:
    return item.sceneBoundingRect().center()


def _state(w: MainWindow) -> tuple[Experiment, list[np.ndarray], list[np.ndarray]]:
    """The document (without weights) and the weights on screen."""
    snap = w.snapshot
    assert snap is not None
    return (
        w.model.experiment.without_weights(),
        [np.array(a) for a in snap.weights],
        [np.array(a) for a in snap.biases],
    )


def _wait_shown(qtbot, w: MainWindow, exp: Experiment) -> Snapshot:
    """Wait until the snapshot on screen is of ``exp``'s architecture and features."""

    def ok() -> bool:
        s = w.snapshot
        return (
            s is not None
            and tuple(s.layer_sizes) == tuple(exp.layer_sizes)
            and tuple(s.activations) == tuple(exp.activations)
            and tuple(s.features) == tuple(exp.features)
        )

    qtbot.waitUntil(ok, timeout=10_000)
    assert w.snapshot is not None
    return w.snapshot


def _assert_same_weights(snap: Snapshot, W: list[np.ndarray], b: list[np.ndarray]) -> None:
    assert len(snap.weights) == len(W)
    for got, want in zip(snap.weights, W, strict=True):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(snap.biases, b, strict=True):
        np.testing.assert_array_equal(got, want)


def _check_undo_redo(qtbot, w: MainWindow, before: tuple, count0: int) -> Experiment:
    """One command landed; undo restores ``before`` exactly; redo re-applies. Returns after."""
    stack = w.undo_stack
    assert stack.count() == count0 + 1
    after = w.model.experiment.without_weights()
    assert after != before[0]
    _wait_shown(qtbot, w, after)
    stack.undo()
    assert w.model.experiment.without_weights() == before[0]
    snap = _wait_shown(qtbot, w, before[0])
    _assert_same_weights(snap, before[1], before[2])
    stack.redo()
    assert w.model.experiment.without_weights() == after
    _wait_shown(qtbot, w, after)
    return after


def _overlays(view: NetworkView, cls: type) -> list:
    return [
        it
        for it in view.network_scene.items()
        if it.type() == EditorItemType.OVERLAY and isinstance(it, cls) and it.isVisible()
    ]


def _status(w: MainWindow) -> str:
    return w.statusBar().currentMessage()


# --------------------------------------------------------------------------- palette


def test_dense_chip_dropped_in_a_gap_inserts_a_hidden_layer(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    lay = scene.layout
    chip = _vp(view, _centre(scene.chip_items["dense"]))
    target = _vp(view, QPointF(lay.gaps[1], lay.bottom - 30))  # between hidden 1 and 2
    _press_and_move(view, chip, target)
    # While dragging, a marker shows where the layer will land; nothing changed yet.
    markers = _overlays(view, DropMarkerItem)
    assert len(markers) == 1 and abs(markers[0].pos().x() - lay.gaps[1]) < 0.5
    assert window.undo_stack.count() == n0
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, target)
    assert not _overlays(view, DropMarkerItem)
    hidden = window.model.experiment.hidden
    assert hidden == (LayerSpec(4, "tanh"), LayerSpec(4, "tanh"), LayerSpec(2, "tanh"))
    _check_undo_redo(qtbot, window, before, n0)


def test_inserted_layer_takes_the_first_hidden_layers_activation(make_window, qtbot) -> None:
    w = make_window(Experiment(hidden=(LayerSpec(3, "relu"),)))
    view = _view(w)
    scene = view.network_scene
    lay = scene.layout
    chip = _vp(view, _centre(scene.chip_items["dense"]))
    _drag(view, chip, _vp(view, QPointF(lay.gaps[0], lay.bottom - 30)))  # before hidden 1
    assert w.model.experiment.hidden == (LayerSpec(4, "relu"), LayerSpec(3, "relu"))


def test_a_net_without_hidden_layers_gets_a_tanh_layer(make_window, qtbot) -> None:
    w = make_window(Experiment(hidden=()))
    view = _view(w)
    scene = view.network_scene
    lay = scene.layout
    _drag(
        view,
        _vp(view, _centre(scene.chip_items["dense"])),
        _vp(view, QPointF(lay.gaps[0], lay.bottom - 30)),
    )
    assert w.model.experiment.hidden == (LayerSpec(4, "tanh"),)


def test_dense_chip_dropped_on_the_palette_does_nothing(window: MainWindow) -> None:
    view = _view(window)
    scene = view.network_scene
    exp, n0 = window.model.experiment, window.undo_stack.count()
    _drag(
        view,
        _vp(view, _centre(scene.chip_items["dense"])),
        _vp(view, _centre(scene.chip_items["act:relu"])),
    )
    assert window.model.experiment is exp and window.undo_stack.count() == n0


def test_activation_chip_dropped_on_a_layer_sets_its_activation(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    chip = _vp(view, _centre(scene.chip_items["act:relu"]))
    target = _vp(view, _centre(scene.neuron_item(2, 1)))
    _press_and_move(view, chip, target)
    frames = _overlays(view, HighlightItem)
    assert len(frames) == 1 and "ReLU" in frames[0].text  # the column lights up
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, target)
    assert [h.activation for h in window.model.experiment.hidden] == ["tanh", "relu"]
    _check_undo_redo(qtbot, window, before, n0)
    assert scene.header_items[2].subtitle == "2 · ReLU"


def test_right_click_menu_sets_the_activation(window: MainWindow, qtbot, monkeypatch) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    shown: list[list[str]] = []

    def choose(menu, pos):  # what the user picks in the real menu
        labels = [a.text() for a in menu.actions() if a.data()]
        shown.append(labels)
        return next(a for a in menu.actions() if a.text() == "Sigmoid")

    monkeypatch.setattr(view, "exec_menu", choose)
    p = _vp(view, _centre(scene.neuron_item(1, 0)))
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, p, view.viewport().mapToGlobal(p), NO_MOD
    )
    QApplication.sendEvent(view.viewport(), event)
    # The menu lists the activation registry, then "Remove layer".
    assert shown == [["Linear", "Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "Remove layer"]]
    assert [h.activation for h in window.model.experiment.hidden] == ["sigmoid", "tanh"]
    _check_undo_redo(qtbot, window, before, n0)


# --------------------------------------------------------------------------- widths


def test_dragging_the_handle_down_adds_neurons(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    pitch = scene.layout.row_pitch
    handle = _centre(scene.handle_items[1])
    a, b = _vp(view, handle), _vp(view, handle + QPointF(0, 2 * pitch))
    _press_and_move(view, a, b)
    ghosts = _overlays(view, GhostNeuronsItem)
    assert len(ghosts) == 1 and ghosts[0].text == "4 → 6 neurons" and ghosts[0].valid
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, b)
    assert [h.width for h in window.model.experiment.hidden] == [6, 2]
    _check_undo_redo(qtbot, window, before, n0)
    assert len(scene.neuron_items[1]) == 6


def test_dragging_the_handle_up_removes_neurons(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    pitch = scene.layout.row_pitch
    handle = _centre(scene.handle_items[1])
    _drag(view, _vp(view, handle), _vp(view, handle - QPointF(0, pitch)))
    assert [h.width for h in window.model.experiment.hidden] == [3, 2]
    _check_undo_redo(qtbot, window, before, n0)


def test_plus_and_minus_buttons_change_the_width(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    _click(view, _vp(view, _centre(scene.button_items[(2, 1)])))
    assert [h.width for h in window.model.experiment.hidden] == [4, 3]
    _check_undo_redo(qtbot, window, before, n0)
    _click(view, _vp(view, _centre(scene.button_items[(1, -1)])))
    assert [h.width for h in window.model.experiment.hidden] == [3, 3]
    assert window.undo_stack.count() == n0 + 2


def test_limits_are_refused_with_a_message(make_window, qtbot) -> None:
    w = make_window(Experiment(hidden=(LayerSpec(MAX_WIDTH, "tanh"), LayerSpec(1, "tanh"))))
    view = _view(w)
    scene = view.network_scene
    exp, n0 = w.model.experiment, w.undo_stack.count()
    _click(view, _vp(view, _centre(scene.button_items[(1, 1)])))  # a 17th neuron
    assert w.model.experiment is exp and w.undo_stack.count() == n0
    assert "16" in _status(w)
    w.statusBar().clearMessage()
    handle = _centre(scene.handle_items[2])  # the 1-neuron layer, dragged up to 0
    a = _vp(view, handle)
    b = _vp(view, handle - QPointF(0, 1.2 * scene.layout.row_pitch))
    _press_and_move(view, a, b)
    ghost = _overlays(view, GhostNeuronsItem)[0]
    assert not ghost.valid and ghost.text == "at least 1 neuron"  # shown in red while dragging
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, b)
    assert w.model.experiment is exp and w.undo_stack.count() == n0
    assert _status(w) != ""


def test_an_eleventh_hidden_layer_is_refused(make_window, qtbot) -> None:
    w = make_window(Experiment(hidden=(LayerSpec(1, "tanh"),) * MAX_HIDDEN_LAYERS))
    view = _view(w)
    scene = view.network_scene
    exp, n0 = w.model.experiment, w.undo_stack.count()
    lay = scene.layout
    _drag(
        view,
        _vp(view, _centre(scene.chip_items["dense"])),
        _vp(view, QPointF(lay.gaps[3], lay.bottom - 20)),
    )
    assert w.model.experiment is exp and w.undo_stack.count() == n0
    assert "10" in _status(w)


# --------------------------------------------------------------------------- layers


def test_dragging_a_header_sideways_reorders_hidden_layers(make_window, qtbot) -> None:
    w = make_window(Experiment(hidden=(LayerSpec(4, "tanh"), LayerSpec(2, "relu"))))
    view = _view(w)
    scene = view.network_scene
    before, n0 = _state(w), w.undo_stack.count()
    lay = scene.layout
    header = _centre(scene.header_items[1])
    target = QPointF(lay.gaps[2], header.y())  # between hidden 2 and the output
    _press_and_move(view, _vp(view, header), _vp(view, target))
    assert len(_overlays(view, DropMarkerItem)) == 1
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, _vp(view, target))
    assert w.model.experiment.hidden == (LayerSpec(2, "relu"), LayerSpec(4, "tanh"))
    _check_undo_redo(qtbot, w, before, n0)


def test_dropping_a_header_back_in_place_does_nothing(window: MainWindow) -> None:
    view = _view(window)
    scene = view.network_scene
    exp, n0 = window.model.experiment, window.undo_stack.count()
    header = _centre(scene.header_items[1])
    _drag(view, _vp(view, header), _vp(view, header + QPointF(25, 0)))
    assert window.model.experiment is exp and window.undo_stack.count() == n0


def test_a_header_dragged_onto_the_trash_removes_the_layer(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    trash = _vp(view, _centre(scene.trash_item))
    _press_and_move(view, _vp(view, _centre(scene.header_items[1])), trash)
    assert scene.trash_item.armed  # lit up while something removable is over it
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, trash)
    assert not scene.trash_item.armed
    assert window.model.experiment.hidden == (LayerSpec(2, "tanh"),)
    _check_undo_redo(qtbot, window, before, n0)


def test_a_neuron_dragged_onto_the_trash_is_removed(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    W1 = before[1][0]
    _drag(view, _vp(view, _centre(scene.neuron_item(1, 1))), _vp(view, _centre(scene.trash_item)))
    assert [h.width for h in window.model.experiment.hidden] == [3, 2]
    # The other three neurons keep their weights: unit 1's column is the one gone.
    snap = _wait_shown(qtbot, window, window.model.experiment)
    np.testing.assert_array_equal(snap.weights[0], W1[:, [0, 2, 3]])
    _check_undo_redo(qtbot, window, before, n0)


def test_delete_removes_the_selected_neuron_or_layer(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    _click(view, _vp(view, _centre(scene.neuron_item(1, 3))))
    assert view.selection == ("neuron", 1, 3)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert [h.width for h in window.model.experiment.hidden] == [3, 2]
    _check_undo_redo(qtbot, window, before, n0)
    _click(view, _vp(view, _centre(scene.header_items[2])))
    assert view.selection == ("layer", 2)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert [h.width for h in window.model.experiment.hidden] == [3]
    assert window.undo_stack.count() == n0 + 2


# --------------------------------------------------------------------------- features


def test_clicking_a_feature_switches_it(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    _click(view, _vp(view, _centre(scene.feature_item("x1_sq"))))
    assert window.model.experiment.features == ("x1", "x2", "x1_sq")
    _check_undo_redo(qtbot, window, before, n0)
    _click(view, _vp(view, _centre(scene.feature_item("x1"))))
    assert window.model.experiment.features == ("x2", "x1_sq")


# --------------------------------------------------------------------------- weights


def _grab_point(view: NetworkView, link: LinkItem) -> QPoint:
    """A viewport point where ``link`` is the topmost thing under the mouse."""
    for t in np.linspace(0.3, 0.7, 21):
        p = _vp(view, link.path().pointAtPercent(float(t)))
        target = view.target_at(p)
        if target is not None and target.item is link:
            return p
    raise AssertionError(f"no free point on {link.key}")


def test_scrubbing_a_link_previews_live_then_sets_the_weight(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    before, n0 = _state(window), window.undo_stack.count()
    link = scene.link_item(1, 2, 0)
    w0 = float(before[1][1][2, 0])
    seen: list[tuple[int, int, int, float]] = []
    view.weight_previewed.connect(lambda *a: seen.append(a))
    a = _grab_point(view, link)
    b = a - QPoint(0, 50)  # 50 px up: +1.0
    _press_and_move(view, a, b)
    assert isinstance(view.interaction, LinkScrub)
    assert seen and seen[-1][:3] == (1, 2, 0)
    expected = w0 + 1.0  # 0.02 per screen pixel, whatever the zoom
    assert seen[-1][3] == pytest.approx(expected)
    assert link.weight == pytest.approx(expected)  # the link shows it at once
    # The live network follows while paused: boundary and thumbnails come from it.
    qtbot.waitUntil(
        lambda: abs(float(window.snapshot.weights[1][2, 0]) - expected) < 1e-12, timeout=5000
    )
    assert window.undo_stack.count() == n0  # no command while dragging
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, b)
    assert window.undo_stack.count() == n0 + 1
    weights = window.model.experiment.weights
    assert weights is not None and float(weights.W[1][2, 0]) == pytest.approx(expected)
    stack = window.undo_stack
    stack.undo()
    qtbot.waitUntil(
        lambda: float(window.snapshot.weights[1][2, 0]) == w0, timeout=5000
    )  # exactly the weight before the scrub
    _assert_same_weights(window.snapshot, before[1], before[2])
    stack.redo()
    qtbot.waitUntil(
        lambda: float(window.snapshot.weights[1][2, 0]) == pytest.approx(expected), timeout=5000
    )


def test_double_click_types_an_exact_weight_or_bias(window: MainWindow, qtbot, monkeypatch) -> None:
    view = _view(window)
    scene = view.network_scene
    n0 = window.undo_stack.count()
    asked: list[str] = []

    def answer(title: str, label: str, value: float) -> float:
        asked.append(title)
        return 0.5 if title == "Weight" else -0.25

    monkeypatch.setattr(view, "ask_number", answer)
    link = scene.link_item(0, 1, 3)
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, _grab_point(view, link))
    assert asked == ["Weight"]
    qtbot.waitUntil(lambda: float(window.snapshot.weights[0][1, 3]) == 0.5, timeout=5000)
    assert window.undo_stack.count() == n0 + 1
    neuron = scene.neuron_item(2, 1)
    bias = neuron.mapToScene(neuron.bias_rect().center())
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, _vp(view, bias))
    assert asked == ["Weight", "Bias"]
    qtbot.waitUntil(lambda: float(window.snapshot.biases[1][1]) == -0.25, timeout=5000)
    assert window.undo_stack.count() == n0 + 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: float(window.snapshot.weights[0][1, 3]) != 0.5, timeout=5000)


# --------------------------------------------------------------------------- Esc


def _start_each_gesture(view: NetworkView) -> list[Callable[[], tuple[QPoint, QPoint]]]:
    scene = view.network_scene

    def dense():
        lay = scene.layout
        return _centre(scene.chip_items["dense"]), QPointF(lay.gaps[1], lay.bottom - 30)

    def activation():
        return _centre(scene.chip_items["act:relu"]), _centre(scene.neuron_item(1, 0))

    def handle():
        h = _centre(scene.handle_items[1])
        return h, h + QPointF(0, 2 * scene.layout.row_pitch)

    def header():
        return _centre(scene.header_items[1]), _centre(scene.trash_item)

    def neuron():
        return _centre(scene.neuron_item(1, 0)), _centre(scene.trash_item)

    return [dense, activation, handle, header, neuron]


@pytest.mark.parametrize("gesture", range(5))
def test_escape_during_a_drag_changes_nothing(window: MainWindow, gesture: int) -> None:
    view = _view(window)
    exp, n0 = window.model.experiment, window.undo_stack.count()
    a, b = _start_each_gesture(view)[gesture]()
    _press_and_move(view, _vp(view, a), _vp(view, b))
    assert view.interaction is not None
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.interaction is None
    assert not [i for i in view.network_scene.items() if i.type() == EditorItemType.OVERLAY]
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, _vp(view, b))
    assert window.model.experiment is exp and window.undo_stack.count() == n0
    assert not view.network_scene.trash_item.armed


def test_escape_during_a_scrub_puts_the_weight_back(window: MainWindow, qtbot) -> None:
    view = _view(window)
    exp, n0 = window.model.experiment, window.undo_stack.count()
    link = view.network_scene.link_item(0, 0, 0)
    w0 = float(window.snapshot.weights[0][0, 0])
    seen: list[float] = []
    view.weight_previewed.connect(lambda *a: seen.append(a[3]))
    a = _grab_point(view, link)
    _press_and_move(view, a, a + QPoint(0, 40))
    assert seen and seen[-1] != w0
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, a + QPoint(0, 40))
    assert seen[-1] == w0 and link.weight == w0
    assert window.model.experiment is exp and window.undo_stack.count() == n0
    qtbot.waitUntil(lambda: float(window.snapshot.weights[0][0, 0]) == w0, timeout=5000)


def test_an_edit_from_elsewhere_during_a_drag_cancels_it(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    h = _centre(scene.handle_items[1])
    _press_and_move(view, _vp(view, h), _vp(view, h + QPointF(0, 60)))
    assert view.interaction is not None
    # E.g. Ctrl+Z or a lesson replaces the network under the mouse.
    window.model.set_experiment(replace(window.model.experiment, hidden=(LayerSpec(3, "tanh"),)))
    assert view.interaction is None
    n0 = window.undo_stack.count()
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, _vp(view, h + QPointF(0, 60)))
    assert window.undo_stack.count() == n0


# --------------------------------------------------------------------------- inspector


def test_clicking_a_neuron_opens_the_inspector(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    clicked: list[tuple[int, int]] = []
    view.neuron_clicked.connect(lambda c, u: clicked.append((c, u)))
    n0 = window.undo_stack.count()
    _click(view, _vp(view, _centre(scene.neuron_item(2, 1))))
    assert clicked == [(2, 1)] and window.undo_stack.count() == n0
    inspector = window.inspector
    assert window.docks["inspector"].isVisible()
    qtbot.waitUntil(lambda: inspector.equation is not None, timeout=5000)
    eq = inspector.equation
    assert (eq.layer, eq.unit) == (1, 1)
    assert inspector.title.text() == "Hidden 2, unit 2 · Tanh"


def test_a_cancelled_value_dialog_changes_nothing(window: MainWindow, monkeypatch) -> None:
    view = _view(window)
    exp, n0 = window.model.experiment, window.undo_stack.count()
    calls: list[float] = []

    def get_number(parent, title, label, value):  # the user presses Cancel
        calls.append(value)
        return None

    monkeypatch.setattr(NumberDialog, "get_number", staticmethod(get_number))
    link = view.network_scene.link_item(0, 0, 0)
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, _grab_point(view, link))
    assert calls == [pytest.approx(link.weight)]  # the dialog starts at the current value
    assert window.model.experiment is exp and window.undo_stack.count() == n0


def test_the_value_dialog_sets_the_typed_number(window: MainWindow, qtbot, monkeypatch) -> None:
    view = _view(window)
    monkeypatch.setattr(NumberDialog, "get_number", staticmethod(lambda *args: -1.5))
    link = view.network_scene.link_item(2, 1, 0)
    QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, _grab_point(view, link))
    qtbot.waitUntil(lambda: float(window.snapshot.weights[2][1, 0]) == -1.5, timeout=5000)


def test_an_output_activation_the_loss_cannot_use_is_refused(window: MainWindow) -> None:
    view = _view(window)
    scene = view.network_scene
    exp, n0 = window.model.experiment, window.undo_stack.count()
    _drag(
        view,
        _vp(view, _centre(scene.chip_items["act:relu"])),
        _vp(view, _centre(scene.neuron_item(3, 0))),  # the output, trained with cross-entropy
    )
    assert window.model.experiment is exp and window.undo_stack.count() == n0
    assert "ReLU" in _status(window)


def test_right_click_can_remove_the_layer(window: MainWindow, qtbot, monkeypatch) -> None:
    view = _view(window)
    before, n0 = _state(window), window.undo_stack.count()
    monkeypatch.setattr(
        view,
        "exec_menu",
        lambda menu, pos: next(a for a in menu.actions() if a.text() == "Remove layer"),
    )
    p = _vp(view, _centre(view.network_scene.header_items[2]))
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, p, view.viewport().mapToGlobal(p), NO_MOD
    )
    QApplication.sendEvent(view.viewport(), event)
    assert window.model.experiment.hidden == (LayerSpec(4, "tanh"),)
    _check_undo_redo(qtbot, window, before, n0)


def test_clicking_a_header_selects_the_layer(window: MainWindow) -> None:
    view = _view(window)
    selected: list[int] = []
    view.layer_selected.connect(selected.append)
    _click(view, _vp(view, _centre(view.network_scene.header_items[1])))
    assert selected == [1] and view.selection == ("layer", 1)
    assert view.network_scene.selection_item.isVisible()
    # Clicking the empty background clears the selection; Delete then does nothing.
    _click(view, QPoint(3, 3))
    assert view.selection is None
    n0 = window.undo_stack.count()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert window.undo_stack.count() == n0


def test_a_gesture_while_training_keeps_training(window: MainWindow, qtbot) -> None:
    view = _view(window)
    scene = view.network_scene
    window.controller.play()
    qtbot.waitUntil(lambda: window.snapshot.step > 50, timeout=10_000)
    n0 = window.undo_stack.count()
    h = _centre(scene.handle_items[2])
    _drag(view, _vp(view, h), _vp(view, h + QPointF(0, scene.layout.row_pitch)))
    assert [x.width for x in window.model.experiment.hidden] == [4, 3]
    assert window.undo_stack.count() == n0 + 1
    snap = _wait_shown(qtbot, window, window.model.experiment)
    step = snap.step
    qtbot.waitUntil(lambda: window.snapshot.step > step + 50, timeout=10_000)
    shapes = [w.shape for w in window.snapshot.weights]
    assert shapes == [(2, 4), (4, 3), (3, 1)]
    window.controller.pause()
