"""The network drawing: one item per feature, neuron and weight, restyled by snapshots."""

from __future__ import annotations

import inspect
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from snapshot_factory import make_snapshot
from windows import rgb, shown

from nnsim.core.experiment import DataSpec, Experiment, LayerSpec
from nnsim.core.features import FEATURES
from nnsim.core.trainer import Trainer
from nnsim.gui.colors import (
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    class_color,
    diverging_color,
    diverging_lut,
    layer_color,
    value_to_argb32,
    value_to_rgba,
)
from nnsim.gui.editor.items import (
    FeatureItem,
    ItemType,
    LayerHeaderItem,
    LinkItem,
    LinksLayer,
    NeuronItem,
)
from nnsim.gui.editor.layout import Architecture, compute_layout
from nnsim.gui.editor.view import NetworkView


def _view(qtbot, w: int = 900, h: int = 600) -> NetworkView:
    return shown(qtbot, NetworkView(), (w, h))


def _items(view: NetworkView, kind: ItemType) -> list:
    return [it for it in view.network_scene.items() if it.type() == kind]


def _all_items(view: NetworkView) -> list:
    return view.network_scene.items()


def _same(a: list, b: list) -> bool:
    """The same Python objects (both lists hold them alive, so ids are not reused)."""
    return {id(x) for x in a} == {id(x) for x in b}


def _disjoint(a: list, b: list) -> bool:
    return not {id(x) for x in a} & {id(x) for x in b}


def _rgb(c: QColor) -> tuple[int, int, int]:
    return c.red(), c.green(), c.blue()


def _is_blue(c: QColor) -> bool:
    return c.blue() > c.red() + 40


def _is_orange(c: QColor) -> bool:
    return c.red() > c.blue() + 40


# --------------------------------------------------------------------------- colours


def test_value_scale_is_playgrounds_orange_white_blue() -> None:
    lut = diverging_lut()
    assert lut.shape == (256, 4) and lut.dtype == np.uint8
    assert QColor(*lut[0, :3].tolist()) == QColor(NEGATIVE)
    assert QColor(*lut[255, :3].tolist()) == QColor(POSITIVE)
    mid = QColor(NEUTRAL)
    for row in (127, 128):
        assert np.all(np.abs(lut[row, :3].astype(int) - _rgb(mid)) <= 3)
    rgba = value_to_rgba(np.array([[-5.0, 0.0, 5.0, np.nan]]), -1.0, 1.0)
    assert rgba.shape == (1, 4, 4)
    np.testing.assert_array_equal(rgba[0, 0], lut[0])
    np.testing.assert_array_equal(rgba[0, 2], lut[255])
    assert np.all(np.abs(rgba[0, 3, :3].astype(int) - _rgb(mid)) <= 3)  # NaN -> neutral
    # Sigmoid range: 0.5 is white.
    assert np.all(np.abs(value_to_rgba(np.array(0.5), 0.0, 1.0)[:3].astype(int) - _rgb(mid)) <= 3)
    # The QImage byte order holds the same colours.
    img_px = value_to_argb32(np.array([[1.0]]), -1.0, 1.0)
    img = QImage(img_px.data, 1, 1, 4, QImage.Format.Format_RGB32)
    assert img.pixelColor(0, 0) == QColor(POSITIVE)
    assert diverging_color(-3.0) == QColor(NEGATIVE) and diverging_color(2.0, vmax=2.0) == QColor(
        POSITIVE
    )


def test_layer_and_class_colours_are_distinct() -> None:
    layers = {layer_color(i).name() for i in range(11)}
    assert len(layers) == 11
    assert not layers & {QColor(NEGATIVE).name(), QColor(POSITIVE).name()}
    assert class_color(0) == QColor(NEGATIVE) and class_color(1) == QColor(POSITIVE)
    assert len({class_color(k).name() for k in range(8)}) == 8


# --------------------------------------------------------------------------- structure


def test_items_match_the_architecture(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot(hidden=(4, 2)))  # 2-4-2-1
    assert len(_items(view, ItemType.NEURON)) == 4 + 2 + 1
    assert len(_items(view, ItemType.FEATURE)) == 7  # every feature, as Playground
    assert len(_items(view, ItemType.LINK)) == 2 * 4 + 4 * 2 + 2 * 1
    assert len(_items(view, ItemType.HEADER)) == 4
    scene = view.network_scene
    assert [len(scene.neuron_items[c]) for c in (1, 2, 3)] == [4, 2, 1]
    assert scene.neuron_item(2, 1).key == ("neuron", 2, 1)
    assert scene.link_item(1, 3, 1).key == ("link", 1, 3, 1)
    assert isinstance(scene.feature_item("x1_sq"), FeatureItem)
    titles = [scene.header_items[c].title for c in range(4)]
    assert titles == ["Features", "Hidden 1", "Hidden 2", "Output"]
    assert scene.header_items[1].subtitle == "4 · Tanh"
    assert scene.header_items[3].subtitle == "Sigmoid"
    # The header swatch is the colour of that layer's gradient curve.
    assert scene.header_items[2].color == layer_color(1)


def test_switched_off_features_are_faded_and_unlinked(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot(features=("x2", "sin_x1")))
    scene = view.network_scene
    on = {name for name, it in scene.feature_items.items() if it.enabled}
    assert on == {"x2", "sin_x1"}
    for name, item in scene.feature_items.items():
        assert (item.opacity() == 1.0) == (name in on)
    # Row j of W[0] leaves input j: x2 is input 0, sin_x1 input 1.
    assert [it.name for it in scene.input_items()] == ["x2", "sin_x1"]
    starts = {
        (round(l.path().elementAt(0).x), round(l.path().elementAt(0).y))
        for l in scene.link_items[0][1]
    }
    anchor = scene.feature_item("sin_x1").out_anchor()
    assert starts == {(round(anchor.x()), round(anchor.y()))}


def test_weight_update_restyles_the_same_items(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot(seed=1, run_id=5))
    before = _all_items(view)
    link = view.network_scene.link_item(0, 0, 0)
    w_before = link.weight
    view.set_snapshot(make_snapshot(seed=2, run_id=5, step=10))
    assert _same(_all_items(view), before)  # not one item recreated
    assert view.network_scene.rebuilds == 1
    assert view.network_scene.link_item(0, 0, 0) is link
    assert link.weight != w_before


def test_architecture_change_rebuilds(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot(hidden=(4, 2), run_id=1))
    old = _all_items(view)
    view.set_snapshot(make_snapshot(hidden=(3,), run_id=2))
    assert len(_items(view, ItemType.NEURON)) == 3 + 1
    assert len(_items(view, ItemType.LINK)) == 2 * 3 + 3
    assert _disjoint(old, _all_items(view))
    # Features alone also change the items.
    view.set_snapshot(make_snapshot(hidden=(3,), features=("x1", "x2", "x1x2"), run_id=3))
    assert len(_items(view, ItemType.LINK)) == 3 * 3 + 3
    assert view.network_scene.rebuilds == 3


def test_activation_change_recaptions_without_rebuild(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot(run_id=1))
    items = _all_items(view)
    view.set_snapshot(make_snapshot(run_id=2, hidden_activation="relu"))
    assert _same(_all_items(view), items)
    assert view.network_scene.header_items[1].subtitle == "4 · ReLU"


# --------------------------------------------------------------------------- weights


def _fixed(W0: np.ndarray, **kw):
    """2-4-1 net with first-layer weights W0 (2, 4)."""
    return make_snapshot(
        hidden=(4,),
        weights=[W0, np.full((4, 1), 0.5)],
        biases=[np.zeros(4), np.zeros(1)],
        **kw,
    )


def test_link_width_grows_with_abs_weight_and_colour_shows_sign(qtbot) -> None:
    view = _view(qtbot)
    W0 = np.array([[0.05, 0.8, 2.0, -2.0], [0.0, -0.05, 10.0, -10.0]])
    view.set_snapshot(_fixed(W0))
    link = view.network_scene.link_item
    widths = [link(0, 0, j).pen().widthF() for j in range(3)]
    assert widths[0] < widths[1] < widths[2]
    assert link(0, 0, 2).pen().widthF() == link(0, 0, 3).pen().widthF()  # |w| equal
    assert 0.5 <= link(0, 1, 0).pen().widthF() <= link(0, 1, 2).pen().widthF() <= 6.0
    assert _is_blue(link(0, 0, 2).pen().color())
    assert _is_orange(link(0, 0, 3).pen().color())
    # Even a tiny weight keeps a visible tint of its sign.
    assert _is_blue(link(0, 0, 0).pen().color()) or link(0, 0, 0).pen().color().blue() > 200
    assert link(0, 1, 1).pen().color().red() > link(0, 1, 1).pen().color().blue()
    # Flip the sign: the same item turns orange.
    item = link(0, 0, 2)
    view.set_snapshot(_fixed(W0 * np.array([[1, 1, -1, 1], [1, 1, 1, 1]])))
    assert link(0, 0, 2) is item and _is_orange(item.pen().color())


def test_tooltips_give_the_values(qtbot) -> None:
    view = _view(qtbot)
    W0 = np.array([[0.25, 0.8, 2.0, -2.0], [0.0, -0.05, 1.0, -1.0]])
    snap = make_snapshot(
        hidden=(4,), weights=[W0, np.full((4, 1), 0.5)], biases=[np.arange(4) * 0.1, np.zeros(1)]
    )
    view.set_snapshot(snap)
    scene = view.network_scene
    link = scene.link_item(0, 1, 3)
    assert "w = -1" in link.tooltip_text() and "x₂ → hidden 1, unit 4" in link.tooltip_text()
    neuron = scene.neuron_item(1, 2)
    assert "bias b = +0.2" in neuron.tooltip_text() and "Tanh" in neuron.tooltip_text()
    # Hovering puts the text on the item, where Qt's tooltip reads it.
    _hover(view, neuron)
    assert neuron.toolTip() == neuron.tooltip_text()


def _hover(view: NetworkView, item) -> QPoint:
    """Move the mouse over ``item``'s centre (as a user would)."""
    centre = item.mapToScene(item.boundingRect().center())
    pos = view.mapFromScene(centre)
    QTest.mouseMove(view.viewport(), pos)
    QApplication.processEvents()
    return pos


def test_hover_enlarges_a_neuron(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot())
    neuron = view.network_scene.neuron_item(1, 0)
    assert not neuron.enlarged
    _hover(view, neuron)
    assert neuron.enlarged and neuron.zValue() > 5
    QTest.mouseMove(view.viewport(), QPoint(2, view.viewport().height() - 2))
    QApplication.processEvents()
    assert not neuron.enlarged


# --------------------------------------------------------------------------- thumbnails


def test_thumbnails_show_each_unit_over_the_plane(qtbot) -> None:
    view = _view(qtbot)
    # Unit 0 = tanh(3 x1): orange left, blue right. Unit 1 = tanh(3 x2): blue on top.
    W0 = np.array([[3.0, 0.0, 0.0, -3.0], [0.0, 3.0, 0.0, 0.0]])
    view.set_snapshot(_fixed(W0))
    img = view.network_scene.neuron_item(1, 0).thumbnail.image
    w, h = img.width(), img.height()
    assert _is_orange(img.pixelColor(1, h // 2)) and _is_blue(img.pixelColor(w - 2, h // 2))
    img = view.network_scene.neuron_item(1, 1).thumbnail.image
    assert _is_blue(img.pixelColor(w // 2, 1)) and _is_orange(img.pixelColor(w // 2, h - 2))
    # A dead unit (all weights 0, tanh(0) = 0) is the neutral near-white.
    img = view.network_scene.neuron_item(1, 2).thumbnail.image
    centre = np.array(_rgb(img.pixelColor(w // 2, h // 2)))
    assert np.all(np.abs(centre - _rgb(QColor(NEUTRAL))) < 6)
    # Features are drawn too, on their own symmetric scale.
    fimg = view.network_scene.feature_item("x1").thumbnail.image
    assert _is_orange(fimg.pixelColor(0, 5)) and _is_blue(fimg.pixelColor(fimg.width() - 1, 5))


def _pixels(img: QImage) -> bytes:
    return bytes(img.constBits())


def test_thumbnails_change_when_weights_change(qtbot) -> None:
    view = _view(qtbot)
    W0 = np.array([[3.0, 0.0, 1.0, -3.0], [0.0, 3.0, 1.0, 0.0]])
    view.set_snapshot(_fixed(W0, run_id=9))
    out = view.network_scene.neuron_item(2, 0)
    first = [_pixels(it.thumbnail.image) for it in view.network_scene.neuron_items[1]]
    first_out = _pixels(out.thumbnail.image)
    view.set_snapshot(_fixed(-W0, run_id=9, step=1))
    second = [_pixels(it.thumbnail.image) for it in view.network_scene.neuron_items[1]]
    assert all(a != b for a, b in zip(first, second, strict=True))
    assert _pixels(out.thumbnail.image) != first_out
    assert view.network_scene.neuron_item(2, 0) is out


def test_relu_thumbnails_use_the_layers_own_range(qtbot) -> None:
    view = _view(qtbot)
    # ReLU outputs grow without bound: the layer's own scale keeps them readable.
    W0 = np.array([[0.01, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    view.set_snapshot(_fixed(W0, hidden_activation="relu"))
    img = view.network_scene.neuron_item(1, 0).thumbnail.image
    assert _is_blue(img.pixelColor(img.width() - 1, img.height() // 2))


def test_trained_network_output_neuron_shows_the_circle(qtbot) -> None:
    trainer = Trainer(Experiment())
    trainer.step(2500)
    view = _view(qtbot)
    view.set_snapshot(trainer.snapshot(grid=30, thumb=40))
    img = view.network_scene.neuron_item(3, 0).thumbnail.image
    c = img.width() // 2
    assert _is_blue(img.pixelColor(c, c))
    assert _is_orange(img.pixelColor(0, 0)) and _is_orange(img.pixelColor(c * 2 - 1, c * 2 - 1))


# --------------------------------------------------------------------------- other data


def test_k_class_output_units_carry_class_tags(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot(hidden=(5,), n_classes=4))
    outs = view.network_scene.neuron_items[2]
    assert len(outs) == 4
    assert [o.class_tag for o in outs] == [class_color(k) for k in range(4)]
    assert view.network_scene.header_items[2].subtitle == "4 · Softmax"


def test_one_dimensional_data_draws_curves(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot(dims=1, task="regression", hidden=(3,), features=("x1",)))
    scene = view.network_scene
    # Only the features that make sense on a line are offered.
    assert set(scene.feature_items) == {n for n, f in FEATURES.items() if f.dims_required == 1}
    for item in [*scene.neuron_items[1], *scene.neuron_items[2], scene.feature_item("x1")]:
        assert item.thumbnail.curve is not None and item.thumbnail.curve.size() > 10
    assert scene.header_items[2].subtitle == "Linear"


# --------------------------------------------------------------------------- experiment edits


def test_experiment_draws_at_once_and_stale_frames_are_ignored(qtbot) -> None:
    view = _view(qtbot)
    exp = Experiment()
    view.set_experiment(exp)  # before any snapshot: the architecture is already drawn
    assert len(_items(view, ItemType.NEURON)) == 7
    assert view.network_scene.feature_item("x1").thumbnail.image is not None
    old = make_snapshot(hidden=(4, 2), run_id=1)
    view.set_snapshot(old)
    assert view.network_scene.rebuilds == 1  # same architecture: no rebuild
    wider = replace(exp, hidden=(LayerSpec(5, "tanh"), LayerSpec(2, "tanh")))
    view.set_experiment(wider)
    assert len(view.network_scene.neuron_items[1]) == 5
    items = _all_items(view)
    view.set_snapshot(replace(old, step=7))  # a frame of the old run, still in flight
    assert len(view.network_scene.neuron_items[1]) == 5 and _same(_all_items(view), items)
    view.set_snapshot(make_snapshot(hidden=(5, 2), run_id=2))
    assert _same(_all_items(view), items)  # the edit already built these
    assert view.network_scene.neuron_item(1, 4).thumbnail.image is not None


def test_experiment_weights_show_before_training(qtbot) -> None:
    view = _view(qtbot)
    exp = Experiment(hidden=(LayerSpec(2, "tanh"),))
    W = [np.array([[3.0, -3.0], [0.0, 0.0]]), np.array([[1.0], [1.0]])]
    b = [np.zeros(2), np.zeros(1)]
    view.set_experiment(exp.with_weights(W, b))
    link = view.network_scene.link_item
    assert _is_blue(link(0, 0, 0).pen().color()) and _is_orange(link(0, 0, 1).pen().color())
    assert link(0, 0, 0).pen().widthF() > link(0, 1, 0).pen().widthF()


def test_one_dimensional_experiment(qtbot) -> None:
    view = _view(qtbot)
    exp = Experiment(
        data=DataSpec(dataset="sine"),
        features=("x1",),
        output_activation="linear",
    )
    exp = replace(exp, hyper=replace(exp.hyper, loss="mse"))
    view.set_experiment(exp)
    assert len(view.network_scene.feature_items) == 3


# --------------------------------------------------------------------------- geometry


@pytest.mark.parametrize("size", [(600, 400), (900, 600), (1280, 720), (2400, 1400)])
def test_layout_fits_and_stays_legible(size) -> None:
    arch = Architecture((2, 8, 8, 8, 8, 8, 8, 1), ("x1", "x2"), 2)
    lay = compute_layout(arch, *size)
    rect = lay.scene_rect
    assert rect.width() <= size[0] + 0.5 and rect.height() <= size[1] + 0.5  # no scaling needed
    assert 11 <= lay.font.pixelSize() <= 15
    pts = sorted(lay.neurons.items())
    for (c, u), p in pts:
        assert p.x() >= 0 and p.y() >= 0
        assert p.x() + lay.neuron <= rect.width() and p.y() + lay.neuron <= rect.height()
        if u > 0:  # rows never overlap
            assert p.y() - lay.neurons[(c, u - 1)].y() >= lay.neuron * 1.3
    gaps = np.diff(lay.column_x)
    assert np.all(gaps >= lay.neuron * 2.5)  # room for the links between columns


def test_layout_grows_with_the_view_and_big_nets_shrink_to_fit(qtbot) -> None:
    arch = Architecture((2, 4, 2, 1), ("x1", "x2"), 2)
    small, big = compute_layout(arch, 600, 400), compute_layout(arch, 1600, 1000)
    assert big.neuron > small.neuron
    view = _view(qtbot, 600, 400)
    view.set_snapshot(make_snapshot(hidden=(16,) * 10, thumb=8))
    rect = view.mapFromScene(view.sceneRect()).boundingRect()
    vp = view.viewport().rect()
    assert vp.contains(rect.adjusted(1, 1, -1, -1))  # whole net visible, scaled down


def test_resize_moves_items_without_rebuilding(qtbot) -> None:
    view = _view(qtbot, 600, 400)
    view.set_snapshot(make_snapshot())
    items = _all_items(view)
    neuron = view.network_scene.neuron_item(1, 0)
    s0 = neuron.size
    view.resize(1200, 800)
    QApplication.processEvents()
    assert _same(_all_items(view), items) and neuron.size > s0
    # Links follow their neurons.
    link = view.network_scene.link_item(0, 0, 0)
    end = link.path().elementAt(link.path().elementCount() - 1)
    anchor = neuron.in_anchor()
    assert abs(end.x - anchor.x()) < 0.01 and abs(end.y - anchor.y()) < 0.01


def test_ctrl_wheel_zooms(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(make_snapshot())
    k0 = view.transform().m11()
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre,
        view.viewport().mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)
    assert view.transform().m11() == pytest.approx(k0 * 1.15**2)
    view.reset_zoom()
    assert view.transform().m11() == pytest.approx(k0)


def test_item_classes_have_stable_types() -> None:
    assert NeuronItem(1, 0).type() == ItemType.NEURON
    assert LinkItem(0, 0, 0).type() == ItemType.LINK
    assert FeatureItem("x1", "x₁").type() == ItemType.FEATURE
    assert LayerHeaderItem(0).type() == ItemType.HEADER
    assert len(set(ItemType)) == 4


def test_a_diverged_network_still_draws(qtbot) -> None:
    view = _view(qtbot)
    snap = make_snapshot(seed=1)
    bad = [
        np.where(np.arange(w.size).reshape(w.shape) % 2 == 0, np.nan, np.inf) for w in snap.weights
    ]
    grids = tuple(np.full(g.shape, np.nan, np.float32) for g in snap.neuron_grids)
    view.set_snapshot(replace(snap, weights=tuple(bad), neuron_grids=grids, step=5))
    link = view.network_scene.link_item(0, 0, 0)
    assert 0.5 <= link.pen().widthF() <= 6.0
    assert view.network_scene.neuron_item(1, 0).thumbnail.image is not None


def test_large_screens_magnify_the_drawing(qtbot) -> None:
    view = _view(qtbot, 1200, 800)
    view.set_snapshot(make_snapshot())
    neuron = view.network_scene.neuron_item(1, 0)
    on_screen = view.mapFromScene(neuron.sceneBoundingRect()).boundingRect().width()
    view.resize(2800, 1600)  # a 4K projector at 100 % scaling
    QApplication.processEvents()
    assert view.transform().m11() > 1.5
    bigger = view.mapFromScene(neuron.sceneBoundingRect()).boundingRect().width()
    assert bigger > 1.5 * on_screen
    rect = view.mapFromScene(view.sceneRect()).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(rect)


def test_hyper_edit_does_not_repaint_stored_weights_over_training(qtbot) -> None:
    view = _view(qtbot)
    exp = Experiment(hidden=(LayerSpec(2, "tanh"),))
    W = [np.array([[3.0, -3.0], [0.0, 0.0]]), np.array([[1.0], [1.0]])]
    loaded = exp.with_weights(W, [np.zeros(2), np.zeros(1)])
    view.set_experiment(loaded)
    trained = [np.array([[-3.0, 3.0], [0.0, 0.0]]), np.array([[1.0], [1.0]])]
    view.set_snapshot(make_snapshot(hidden=(2,), weights=trained, run_id=4))
    link = view.network_scene.link_item(0, 0, 0)
    assert _is_orange(link.pen().color())  # the live frame
    view.set_experiment(replace(loaded, hyper=replace(loaded.hyper, learning_rate=0.1)))
    assert _is_orange(link.pen().color())  # still the live frame


# --------------------------------------------------------------------------- painting in C++


def _python_calls_while_painting(view: NetworkView, snap) -> list[str]:
    """Python functions of nnsim that run while the view takes ``snap`` and repaints."""
    import sys

    view.set_snapshot(snap)
    for _ in range(3):  # settle: cached captions and controls get drawn once
        QApplication.processEvents()
    calls: list[str] = []
    painted: list[int] = []

    class Spy(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(1)
            return False

    spy = Spy()
    view.viewport().installEventFilter(spy)

    def profile(frame, event, arg) -> None:
        code = frame.f_code
        if event == "call" and "nnsim" in code.co_filename and code.co_name != "eventFilter":
            calls.append(f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_name}")

    later = replace(snap, step=snap.step + 1, weights=tuple(-w for w in snap.weights))
    view.set_snapshot(later)
    sys.setprofile(profile)
    try:
        view.viewport().update()  # painted by the event loop, as while training
        QApplication.processEvents()
    finally:
        sys.setprofile(None)
        view.viewport().removeEventFilter(spy)
    assert painted, "the view did not repaint"
    return calls


def test_a_training_frame_paints_without_python_per_item(qtbot) -> None:
    """Qt draws the items in C++: the only Python a frame runs is the links layer's paint.

    A Python ``paint``/``boundingRect``/``shape`` on an item would be called for every
    item of a deep network in every frame, and the GUI's frame time is what keeps the
    window at 30 frames/s while it trains. The links are one item that keeps them in an
    image, so it is painted once per frame whatever the number of links.
    """
    view = _view(qtbot, 1280, 720)
    exp = replace(Experiment(), hidden=tuple(LayerSpec(8, "tanh") for _ in range(6)))
    trainer = Trainer(exp)
    trainer.step(20)
    view.set_selection(("layer", 2))  # the selection outline is drawn too
    calls = _python_calls_while_painting(view, trainer.snapshot(grid=50, thumb=20))
    links = Path(inspect.getfile(LinksLayer)).name  # the module the one allowed paint is in
    others = [c for c in calls if not c.startswith(f"{links}:")]
    assert others == [], "\n".join(sorted(set(others)))
    assert calls.count(f"{links}:paint") == 1


def test_what_the_view_paints_is_the_thumbnail(qtbot) -> None:
    view = _view(qtbot)
    W0 = np.array([[3.0, 0.0, 1.0, -3.0], [0.0, 3.0, 1.0, 0.0]])
    view.set_snapshot(_fixed(W0, run_id=9))
    shot = view.viewport().grab().toImage()
    for neuron in view.network_scene.neuron_items[1]:
        tile = view.mapFromScene(neuron.mapRectToScene(QRectF(0, 0, neuron.size, neuron.size)))
        r = tile.boundingRect().adjusted(3, 3, -3, -3)  # inside the border
        drawn = rgb(shot.copy(r))
        full = neuron.thumbnail.image.scaled(
            tile.boundingRect().size(),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        want = rgb(full.copy(r.translated(-tile.boundingRect().topLeft())))
        assert drawn.shape == want.shape
        assert np.abs(drawn - want).mean() < 10, neuron.key


def _beside(link: LinkItem, t: float, distance: float) -> QPointF:
    """The point ``distance`` scene px off ``link``'s curve at ``t``, along the normal."""
    import math

    on = link.path().pointAtPercent(t)
    angle = math.radians(link.path().angleAtPercent(t))  # counter-clockwise, y up
    return QPointF(on.x() + distance * math.sin(angle), on.y() + distance * math.cos(angle))


def test_a_thin_link_is_found_beside_its_stroke(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(_fixed(np.zeros((2, 4))))  # every first-layer link hair-thin
    link = view.network_scene.link_item(0, 0, 3)
    found = 0
    for t in np.linspace(0.2, 0.8, 13):
        # 3 px off the curve, outside its 0.5 px pen: where no other link crosses,
        # the hit band finds it.
        target = view.target_at(view.mapFromScene(_beside(link, float(t), 3.0)))
        found += target is not None and target.item is link
        # 12 px off, between the links, it is not this one.
        target = view.target_at(view.mapFromScene(_beside(link, float(t), 12.0)))
        assert target is None or target.item is not link
    assert found >= 3


def test_a_hovered_links_tooltip_follows_the_weights(qtbot) -> None:
    view = _view(qtbot)
    W0 = np.array([[0.25, 0.8, 2.0, -2.0], [0.0, -0.05, 1.0, -1.0]])
    view.set_snapshot(_fixed(W0, run_id=3))
    link = view.network_scene.link_item(0, 1, 2)
    mid = view.mapFromScene(link.path().pointAtPercent(0.5))
    QTest.mouseMove(view.viewport(), mid)
    QApplication.processEvents()
    assert link.hovered and link.pen().widthF() > link.style_width
    assert "w = +1" in link.hit.toolTip()
    view.set_snapshot(_fixed(W0 * -0.5, run_id=3, step=1))
    assert link.weight == pytest.approx(-0.5)
    assert "w = -0.5" in link.hit.toolTip()
