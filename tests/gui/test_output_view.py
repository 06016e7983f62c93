"""The output view: decision boundary, data points, discretize and test-point toggles."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from snapshot_factory import circle_snapshot, make_snapshot
from windows import shown

from nnsim.core.experiment import Experiment
from nnsim.core.trainer import Trainer
from nnsim.gui.colors import class_rgb
from nnsim.gui.views.boundary import OutputView
from nnsim.gui.views.output_raster import boundary_rgba, output_image, wash


def _view(qtbot, w: int = 400, h: int = 400) -> OutputView:
    return shown(qtbot, OutputView(), (w, h))


def _blue(px) -> bool:
    return int(px[2]) > int(px[0]) + 40


def _orange(px) -> bool:
    return int(px[0]) > int(px[2]) + 40


def _screen_color(view: OutputView, x: float, y: float) -> QColor:
    """Colour on screen at data coordinates (x, y), as the user sees it."""
    vb = view.plot.getPlotItem().getViewBox()
    pos = view.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
    return view.plot.grab().toImage().pixelColor(pos)


def test_circle_net_is_blue_inside_and_orange_outside(qtbot) -> None:
    view = _view(qtbot)
    snap = circle_snapshot(grid=60)
    view.set_snapshot(snap)
    img = view.image_rgba()
    assert img is not None and img.shape == (60, 60, 4)
    assert _blue(img[30, 30]) and _orange(img[0, 0]) and _orange(img[-1, -1])
    # And on screen, where the image is stretched over the data's extent.
    view.train_points.setVisible(False)
    assert _blue(QColor(_screen_color(view, 0.0, 0.0)).getRgb())
    assert _orange(QColor(_screen_color(view, -5.5, 5.5)).getRgb())
    assert _orange(QColor(_screen_color(view, 5.5, -5.5)).getRgb())


def test_trained_network_boundary(qtbot) -> None:
    trainer = Trainer(Experiment())  # Playground's circle, 2-4-2-1 tanh
    trainer.step(2500)
    view = _view(qtbot)
    snap = trainer.snapshot(grid=50, thumb=10)
    view.set_snapshot(snap)
    img = view.image_rgba()
    assert _blue(img[25, 25]) and _orange(img[0, 0]) and _orange(img[0, -1])
    assert _orange(img[-1, 0]) and _orange(img[-1, -1])


def test_image_is_oriented_with_y_up(qtbot) -> None:
    # Unit = x2 through a sigmoid output: blue at the top of the plot (y > 0).
    snap = make_snapshot(
        hidden=(1,), hidden_activation="linear", weights=[np.array([[0.0], [2.0]]), np.ones((1, 1))]
    )
    view = _view(qtbot)
    view.set_snapshot(snap)
    view.train_points.setVisible(False)
    assert _blue(QColor(_screen_color(view, 0.0, 5.0)).getRgb())
    assert _orange(QColor(_screen_color(view, 0.0, -5.0)).getRgb())


def test_discretize_leaves_two_colours(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(circle_snapshot(grid=40))
    graded = {tuple(p) for p in view.image_rgba().reshape(-1, 4)}
    assert len(graded) > 10
    view.set_discretize(True)
    hard = view.image_rgba()
    colours = {tuple(p) for p in hard.reshape(-1, 4)}
    assert len(colours) == 2
    assert _blue(hard[20, 20]) and _orange(hard[0, 0])
    view.set_discretize(False)
    assert len({tuple(p) for p in view.image_rgba().reshape(-1, 4)}) == len(graded)


def test_points_and_test_toggle(qtbot) -> None:
    view = _view(qtbot)
    snap = circle_snapshot(n_points=100)
    view.set_snapshot(snap)
    assert len(view.train_points.data) == len(snap.x_train)
    assert len(view.test_points.data) == len(snap.x_test)
    assert view.train_points.isVisible() and not view.test_points.isVisible()
    view.set_show_test(True)
    assert view.test_points.isVisible()
    view.set_show_test(False)
    assert not view.test_points.isVisible()
    # Points wear their class colours: orange class 0, blue class 1.
    brushes = view.train_points.data["brush"]
    for y, brush in zip(snap.y_train, brushes, strict=True):
        c = brush.color().getRgb()
        assert _blue(c) if y == 1 else _orange(c)
    # Test points are told apart by their dark outline.
    view.set_show_test(True)
    assert all(p.pen().color().lightness() < 80 for p in view.test_points.points())
    assert all(p.pen().color().lightness() > 200 for p in view.train_points.points())


def test_points_are_rebuilt_only_for_new_data(qtbot) -> None:
    view = _view(qtbot)
    snap = circle_snapshot(data_version=1)
    view.set_snapshot(snap)
    image, data = view.image, view.train_points.data
    view.set_snapshot(replace(snap, step=10))
    assert view.train_points.data is data and view.image is image
    view.set_snapshot(
        replace(snap, data_version=2, x_train=snap.x_train[:10], y_train=snap.y_train[:10])
    )
    assert view.train_points.data is not data and len(view.train_points.data) == 10
    assert view.image is image


def test_k_classes_blend_class_colours_by_confidence(qtbot) -> None:
    view = _view(qtbot)
    snap = make_snapshot(hidden=(6,), n_classes=4, seed=3, grid=30)
    view.set_snapshot(snap)
    assert view.color_bar.mode == "classes"
    raw = boundary_rgba(snap, discretize=True)
    colours = {tuple(p[:3]) for p in raw.reshape(-1, 4)}
    palette = {tuple(int(v) for v in c) for c in class_rgb(4)}
    assert colours <= palette
    # Each cell shows its winning class.
    cls = snap.boundary_class
    k = int(cls[15, 15])
    assert tuple(raw[15, 15, :3]) == tuple(int(v) for v in class_rgb(4)[k])
    soft = boundary_rgba(snap)
    # Less sure -> paler (closer to white) than the hard colour.
    assert soft[..., :3].astype(int).sum() >= raw[..., :3].astype(int).sum()
    view.set_discretize(True)
    assert len({tuple(p) for p in view.image_rgba().reshape(-1, 4)}) <= 4


def test_regression_surface_is_centred_at_zero(qtbot) -> None:
    # Output = (x1 + x2) / 6, linear: orange bottom-left, blue top-right, white diagonal.
    snap = make_snapshot(
        task="regression",
        hidden=(1,),
        hidden_activation="linear",
        weights=[np.array([[1.0], [1.0]]), np.array([[1 / 6]])],
        grid=40,
    )
    view = _view(qtbot)
    view.set_snapshot(snap)
    img = view.image_rgba()
    assert _orange(img[0, 0]) and _blue(img[-1, -1])
    mid = img[0, -1, :3].astype(int)  # (xmax, ymin): value ~0
    assert np.ptp(mid) < 20 and mid.min() > 200
    assert view.color_bar.mode == "regression" and view.color_bar.ticks() == ("-1", "0", "1")
    view.set_discretize(True)
    assert len({tuple(p) for p in view.image_rgba().reshape(-1, 4)}) <= 3


def test_one_dimensional_data_shows_points_and_curve(qtbot) -> None:
    view = _view(qtbot, 400, 300)
    snap = make_snapshot(dims=1, task="regression", hidden=(4,), features=("x1",), grid=64)
    view.set_snapshot(snap)
    assert view.curve.isVisible() and not view.image.isVisible()
    xs, ys = view.curve.getData()
    assert len(xs) == 64 and xs[0] < xs[-1]
    np.testing.assert_allclose(ys, snap.boundary, rtol=1e-6)
    px, py = view.train_points.getData()
    np.testing.assert_allclose(px, snap.x_train[:, 0])
    np.testing.assert_allclose(py, snap.y_train)
    item = view.plot.getPlotItem()
    assert "y" in item.getAxis("left").labelText
    # The curve moves when the network changes.
    view.set_snapshot(
        make_snapshot(dims=1, task="regression", hidden=(4,), features=("x1",), grid=64, seed=5)
    )
    assert not np.allclose(view.curve.getData()[1], ys)


def test_one_dimensional_classification_has_a_background(qtbot) -> None:
    view = _view(qtbot, 400, 300)
    snap = make_snapshot(dims=1, hidden=(3,), features=("x1",), grid=50)
    view.set_snapshot(snap)
    assert view.image.isVisible() and view.image_rgba().shape == (1, 50, 4)
    assert view.curve.isVisible()


def test_axes_are_labelled_and_fixed_to_the_extent(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(circle_snapshot())
    item = view.plot.getPlotItem()
    assert "x₁" in item.getAxis("bottom").labelText
    assert "x₂" in item.getAxis("left").labelText
    (x0, x1), (y0, y1) = item.getViewBox().viewRange()
    assert x0 <= -6 and x1 >= 6 and y0 <= -6 and y1 >= 6
    assert view.color_bar.mode == "binary" and view.color_bar.ticks() == ("0", "0.5", "1")


@pytest.mark.parametrize(
    "snap",
    [
        make_snapshot(),
        make_snapshot(n_classes=5, hidden=(3,)),
        make_snapshot(task="regression"),
        make_snapshot(dims=1, task="regression", features=("x1", "x1_sq")),
        make_snapshot(dims=1, n_classes=3, features=("x1",)),
    ],
    ids=["binary", "k-class", "regression", "1d-regression", "1d-k-class"],
)
def test_every_kind_of_snapshot_renders(qtbot, tmp_path, snap) -> None:
    view = _view(qtbot)
    view.set_show_test(True)
    view.set_snapshot(snap)
    view.set_discretize(True)
    view.set_snapshot(snap)
    path = tmp_path / "out.png"
    assert view.grab().save(str(path)) and path.stat().st_size > 1000


def test_switching_data_kinds_keeps_the_image_on_the_extent(qtbot) -> None:
    view = _view(qtbot)
    view.set_snapshot(circle_snapshot(grid=40, data_version=1))
    view.set_snapshot(make_snapshot(dims=1, n_classes=2, features=("x1",), data_version=2))
    view.set_snapshot(circle_snapshot(grid=80, data_version=3, extent=(-3.0, 3.0, -2.0, 2.0)))
    rect = view.image.mapRectToParent(view.image.boundingRect())  # parent: data coordinates
    assert (rect.left(), rect.right()) == pytest.approx((-3.0, 3.0))
    assert (rect.top(), rect.bottom()) == pytest.approx((-2.0, 2.0))
    assert not view.curve.isVisible()
    assert "x₂" in view.plot.getPlotItem().getAxis("left").labelText


def test_a_diverged_network_still_draws(qtbot) -> None:
    view = _view(qtbot)
    snap = circle_snapshot(grid=20)
    b = np.array(snap.boundary)
    b[::2] = np.nan
    b[1::4] = np.inf
    view.set_snapshot(replace(snap, boundary=b))
    view.set_discretize(True)
    assert view.image_rgba().shape == (20, 20, 4)
    reg = make_snapshot(task="regression", grid=10)
    view.set_snapshot(replace(reg, boundary=np.full((10, 10), np.nan, np.float32)))
    assert view.image_rgba() is not None


def _cell_on_screen(view: OutputView, snap, row: int, col: int) -> tuple[int, int]:
    """The plot widget's pixel at the centre of output cell (row, col); row 0 = ymin."""
    xmin, xmax, ymin, ymax = (float(v) for v in snap.extent)
    rows, cols = np.asarray(snap.boundary).reshape(-1, np.shape(snap.boundary)[-1]).shape
    x = xmin + (col + 0.5) * (xmax - xmin) / cols
    if snap.dims == 2:
        y = ymin + (row + 0.5) * (ymax - ymin) / rows
    else:  # a strip over the whole height of the plot, under 1-D data's grid lines
        (_x0, _x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
        y = y0 + 0.37 * (y1 - y0)  # between two grid lines
    vb = view.plot.getPlotItem().getViewBox()
    pos = view.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
    return pos.x(), pos.y()


@pytest.mark.parametrize(
    "snap",
    [
        circle_snapshot(grid=30),
        make_snapshot(n_classes=4, hidden=(3,), grid=20),
        make_snapshot(task="regression", grid=20),
        make_snapshot(dims=1, n_classes=2, features=("x1",)),
    ],
    ids=["binary", "k-class", "regression", "1d"],
)
@pytest.mark.parametrize("discretize", [False, True])
def test_screen_colours_are_the_washed_boundary_colours(qtbot, snap, discretize) -> None:
    expected = wash(boundary_rgba(snap, discretize))
    data, lut = output_image(snap, discretize)
    shown_rgb = lut[data] if lut is not None else data
    np.testing.assert_array_equal(shown_rgb, expected[..., :3])
    view = _view(qtbot)
    view.set_discretize(discretize)
    view.set_snapshot(snap)
    view.train_points.setVisible(False)
    view.curve.setVisible(False)
    view.curve_outline.setVisible(False)
    view.plot.getPlotItem().showGrid(x=False, y=False)  # 1-D data's grid lines cross the strip
    shown = view.image_rgba()
    assert shown is not None
    np.testing.assert_array_equal(shown.reshape(expected.shape), expected)
    # On screen, the centre of a cell shows its colour; bilinear smoothing mixes in its
    # neighbours only as far as they differ from it.
    grid = expected.reshape(-1, expected.shape[-2], 4)[..., :3].astype(int)
    screen = view.plot.grab().toImage()
    rows, cols = grid.shape[:2]
    for row in sorted({0, rows // 3, rows // 2, rows - 1}):
        for col in sorted({0, cols // 4, cols // 2, cols - 1}):
            want = grid[row, col]
            near = grid[max(row - 1, 0) : row + 2, max(col - 1, 0) : col + 2]
            tol = int(np.abs(near - want).max()) + 3
            c = screen.pixelColor(*_cell_on_screen(view, snap, row, col))
            got = np.array([c.red(), c.green(), c.blue()])
            assert np.abs(got - want).max() <= tol, (row, col, got, want)


def test_each_frame_shows_the_newest_snapshot(qtbot) -> None:
    view = _view(qtbot)
    snap = circle_snapshot(grid=40)
    flipped = replace(snap, step=snap.step + 1, boundary=1.0 - np.asarray(snap.boundary))
    view.set_snapshot(snap)
    view.train_points.setVisible(False)
    image = view.image
    centre = _cell_on_screen(view, snap, 20, 20)
    for frame in (snap, flipped, snap, flipped):
        view.set_snapshot(replace(frame, steps_per_second=1000.0))  # training runs
        colour = QColor(view.plot.grab().toImage().pixelColor(*centre)).getRgb()
        assert (_blue if frame is snap else _orange)(colour)
        assert view.image is image  # fed, never rebuilt


def test_nothing_covers_the_plot(qtbot) -> None:
    # Draw mode and tooltips need clicks on the plot while training runs.
    view = _view(qtbot)
    view.set_snapshot(replace(circle_snapshot(grid=40), steps_per_second=1000.0))
    centre = view.plot.viewport().rect().center()
    assert view.plot.viewport().childAt(centre) is None
    assert view.childAt(view.plot.mapTo(view, centre)) is view.plot.viewport()
