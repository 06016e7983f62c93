"""The links layer: every link drawn from one image, redrawn only where a pen changed.

What a student sees must not depend on that: after any run of partial redraws the view
shows exactly what a fresh drawing of every link shows, each link's colour follows its
weight at once, and exports still get the links as vectors.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtWidgets import QApplication
from windows import rgb, shown

from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.core.trainer import Trainer
from nnsim.gui.editor.view import NetworkView


def _view(qtbot, w: int = 1280, h: int = 720) -> NetworkView:
    return shown(qtbot, NetworkView(), (w, h))


def _shot(view: NetworkView) -> np.ndarray:
    return rgb(view.viewport().grab().toImage())


def _deep_trainer(seed: int = 0) -> Trainer:
    exp = replace(Experiment(), hidden=tuple(LayerSpec(8, "tanh") for _ in range(6)))
    return Trainer(replace(exp, seed=seed))


def _fresh(view: NetworkView) -> np.ndarray:
    """The view with every link drawn anew (the image thrown away)."""
    view.network_scene.links_layer.invalidate()
    return _shot(view)


def test_partial_redraws_leave_exactly_what_a_full_drawing_shows(qtbot) -> None:
    view = _view(qtbot)
    trainer = _deep_trainer()
    trainer.step(3000)
    view.set_snapshot(trainer.snapshot(grid=40, thumb=16))
    layer = view.network_scene.links_layer  # the first snapshot built the drawing
    _shot(view)
    partial_before = layer.partial_redraws
    for _ in range(12):
        # Few steps between frames: a few links change their pen each time, as late in a run.
        trainer.step(20)
        view.set_snapshot(trainer.snapshot(grid=40, thumb=16))
        kept = _shot(view)
        np.testing.assert_array_equal(kept, _fresh(view))
    assert layer.partial_redraws > partial_before, "no frame took the partial path"


def test_the_image_matches_drawing_every_link_directly(qtbot) -> None:
    view = _view(qtbot)
    trainer = _deep_trainer(seed=3)
    trainer.step(50)
    view.set_snapshot(trainer.snapshot(grid=40, thumb=16))
    cached = _shot(view)
    view.network_scene.links_layer.cached = False
    direct = _shot(view)
    # Blending the image onto the canvas rounds differently from stroking onto it.
    assert np.abs(cached - direct).max() <= 4


def _midpoint(view: NetworkView, layer: int, src: int, dst: int) -> QPoint:
    link = view.network_scene.link_item(layer, src, dst)
    return view.mapFromScene(link.curve.pointAtPercent(0.5))


def _colour_at(shot: np.ndarray, p: QPoint) -> np.ndarray:
    return shot[p.y() - 1 : p.y() + 2, p.x() - 1 : p.x() + 2].reshape(-1, 3).mean(axis=0)


def test_one_weight_flipped_recolours_its_link_at_once(qtbot) -> None:
    view = _view(qtbot, 900, 600)
    trainer = Trainer(Experiment())
    snap = trainer.snapshot(grid=40, thumb=16)
    W = [np.array(w, copy=True) for w in snap.weights]
    W[0][0, 0] = 4.0  # thick and blue
    view.set_snapshot(replace(snap, step=1, weights=tuple(W)))
    p = _midpoint(view, 0, 0, 0)
    blue = _colour_at(_shot(view), p)
    full = view.network_scene.links_layer.full_redraws
    W[0][0, 0] = -4.0  # thick and orange: only this link's pen changes
    view.set_snapshot(replace(snap, step=2, weights=tuple(W)))
    orange = _colour_at(_shot(view), p)
    assert blue[2] > blue[0] + 40, blue
    assert orange[0] > orange[2] + 40, orange
    assert view.network_scene.links_layer.full_redraws == full, "one link redrew everything"


def test_a_frame_without_restyled_links_draws_no_link(qtbot) -> None:
    view = _view(qtbot)
    trainer = _deep_trainer()
    snap = trainer.snapshot(grid=40, thumb=16)
    view.set_snapshot(snap)
    layer = view.network_scene.links_layer
    before = _shot(view)
    counts = (layer.full_redraws, layer.partial_redraws)
    # The same weights again (a paused run's repeated frame): the thumbnails repaint,
    # the links come from the image.
    view.set_snapshot(replace(snap, step=snap.step + 1))
    after = _shot(view)
    assert (layer.full_redraws, layer.partial_redraws) == counts
    np.testing.assert_array_equal(before, after)


def test_hovering_a_link_draws_it_wider_and_on_top(qtbot) -> None:
    view = _view(qtbot, 900, 600)
    trainer = Trainer(Experiment())
    view.set_snapshot(trainer.snapshot(grid=40, thumb=16))
    link = view.network_scene.link_item(0, 1, 2)
    plain = _shot(view)
    link.set_hovered(True)
    hovered = _shot(view)
    link.set_hovered(False)
    again = _shot(view)
    assert np.abs(hovered - plain).max() > 60  # a wider stroke shows
    assert np.abs(again - _fresh(view)).max() <= ROUNDING
    assert np.abs(again - plain).max() <= ROUNDING


#: What a stroke cut by a clip may differ from the same stroke drawn whole, per channel.
ROUNDING = 4


@pytest.mark.parametrize(("zoom", "present"), [(1.0, False), (0.6, True), (1.7, True)])
def test_hover_scrub_and_restyles_leave_no_trace(qtbot, zoom: float, present: bool) -> None:
    """Links raised, widened and let go, at any zoom and line width: a full drawing's look."""
    from nnsim.gui.theme import Theme, theme

    view = _view(qtbot)
    trainer = _deep_trainer(seed=5)
    trainer.step(300)
    view.set_snapshot(trainer.snapshot(grid=40, thumb=16))
    if present:
        view.apply_theme(theme("light", 1.0, presenting=True, base_pt=Theme().base_pt))
    view.set_zoom(zoom)
    scene = view.network_scene
    links = scene.links_layer.links
    rng = np.random.default_rng(1)
    worst = 0
    for frame in range(25):
        for k in rng.choice(len(links), 3, replace=False):
            link = links[int(k)]
            action = frame % 3
            if action == 0:
                link.set_hovered(not link.hovered)
            elif action == 1:
                link.set_raised(True)
            else:
                link.set_style(min(link.style_width * 2, 12.0), link.style_color)
        kept = _shot(view)
        worst = max(worst, int(np.abs(kept - _fresh(view)).max()))
    assert worst <= ROUNDING
    # Letting everything go brings back the picture of the plain weights.
    for link in links:
        link.set_hovered(False)
        link.set_raised(False)
    view.set_snapshot(trainer.snapshot(grid=40, thumb=16))
    assert np.abs(_shot(view) - _fresh(view)).max() <= ROUNDING


def test_the_bounds_leave_room_for_the_widest_pen() -> None:
    from nnsim.gui.editor.items import LinksLayer
    from nnsim.gui.editor.styling import LINK_MAX_WIDTH
    from nnsim.gui.theme import Theme, theme

    line = max(t.line for t in (Theme(), theme("light", 2.5, presenting=True, base_pt=10)))
    widest = LINK_MAX_WIDTH * line + 1.5  # hovered
    assert widest / 2 + 1.0 + LinksLayer.BULGE <= LinksLayer.REACH + LinksLayer.BULGE


def test_a_scrubbed_link_goes_back_among_the_others(qtbot) -> None:
    from nnsim.gui.editor.interactions import LinkScrub

    view = _view(qtbot, 900, 600)
    view.set_snapshot(Trainer(Experiment()).snapshot(grid=40, thumb=16))
    scene = view.network_scene
    link = scene.link_item(0, 1, 2)
    scrub = LinkScrub(scene, 0, 1, 2, 1.0, lambda *a: None)
    scrub.start(link.curve.pointAtPercent(0.5))
    assert link.on_top
    scrub.cancel()
    assert not link.on_top
    scrub = LinkScrub(scene, 0, 1, 2, 1.0, lambda *a: None)
    p = link.curve.pointAtPercent(0.5)
    scrub.start(p)
    scrub.finish(p)
    assert not link.on_top


@pytest.mark.parametrize("zoom", [1.0, 1.7])
def test_zoom_and_resize_redraw_the_whole_image(qtbot, zoom: float) -> None:
    view = _view(qtbot)
    trainer = _deep_trainer()
    view.set_snapshot(trainer.snapshot(grid=40, thumb=16))
    _shot(view)
    view.resize(1000, 640)
    view.scale(zoom, zoom)
    QApplication.processEvents()
    kept = _shot(view)
    np.testing.assert_array_equal(kept, _fresh(view))
    view.network_scene.links_layer.cached = False
    assert np.abs(kept - _shot(view)).max() <= 4


def test_a_render_without_a_view_draws_links_as_vectors(qtbot) -> None:
    """SVG and slide exports render the scene: the links are strokes, not an image."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    view = _view(qtbot, 900, 600)
    view.set_snapshot(Trainer(Experiment()).snapshot(grid=40, thumb=16))
    scene = view.network_scene
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    rect = scene.sceneRect()
    gen.setSize(rect.size().toSize())
    gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    painter = QPainter(gen)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    svg = bytes(data).decode("utf-8", "replace")
    n_links = sum(len(row) for rows in scene.link_items.values() for row in rows)
    assert svg.count("<path") >= n_links


def test_without_tools_the_network_takes_the_whole_view(qtbot) -> None:
    """A slide of the drawing: no palette, trash, grips or -/+ buttons, bigger units."""
    view = _view(qtbot, 1280, 720)
    view.set_snapshot(_deep_trainer().snapshot(grid=40, thumb=16))
    scene = view.network_scene
    with_tools = scene.painted_texts()
    size_with = scene.layout.neuron
    view.set_tools_visible(False)
    without = scene.painted_texts()
    assert not scene.tools_visible
    assert scene.palette_item is not None and not scene.palette_item.isVisible()
    assert not any(b.isVisible() for b in scene.button_items.values())
    assert len(without) < len(with_tools)
    assert set(without) <= set(with_tools)
    assert scene.layout.neuron > size_with
    # What is drawn is the network: links stay correct in the new layout.
    np.testing.assert_array_equal(_shot(view), _fresh(view))
    view.set_tools_visible(True)
    assert scene.palette_item.isVisible() and scene.layout.neuron == size_with


def test_link_colours_are_a_few_shades_from_end_to_end_of_the_scale() -> None:
    """Few shades (fewer restyles per frame), still ordered, and the scale's ends reached."""
    from nnsim.gui.editor.styling import LINK_SHADES, link_style

    w = np.linspace(-3.0, 3.0, 20001)
    _width, index = link_style(w)
    shades = np.unique(index)
    assert len(shades) <= LINK_SHADES
    assert shades[0] == 0 and shades[-1] == 255  # |w| >= 1: the deepest orange and blue
    assert np.all(np.diff(index.astype(int)) >= 0)  # a larger weight is never less blue
    assert index[w < 0].max() < 128 <= index[w > 0].min()  # the sign is always visible
