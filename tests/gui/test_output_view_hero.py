"""The output view as the window's hero: a square map fitted to the data, the curve over
the points, the one colour key, Korean and English, themes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from snapshot_factory import circle_snapshot, make_snapshot
from windows import shown

from nnsim.gui import i18n
from nnsim.gui.theme import Theme, theme
from nnsim.gui.views.boundary import OutputView
from nnsim.gui.views.color_bar import ColorBar

DARK = theme("dark", 1.6, True)
KEY_CAPTION = "Colours show data, neuron and weight values"


def _view(qtbot, w: int = 400, h: int = 400) -> OutputView:
    return shown(qtbot, OutputView(), (w, h))


def _settle(view: OutputView) -> None:
    """Paint once (pyqtgraph sizes its axes to their tick texts while painting) and let
    the view square its map again."""
    view.plot.grab()
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _map_size(view: OutputView) -> tuple[float, float]:
    vb = view.plot.getPlotItem().getViewBox()
    return float(vb.width()), float(vb.height())


def _pen(curve: pg.PlotDataItem) -> QPen:
    """The pen a curve is drawn with (read only)."""
    return pg.mkPen(curve.opts["pen"])


def _ranges(view: OutputView) -> tuple[tuple[float, float], tuple[float, float]]:
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    return (x0, x1), (y0, y1)


@pytest.fixture
def korean(qapp) -> Iterator[None]:
    """The UI in Korean for the test; English again afterwards, whatever happens."""
    try:
        i18n.install_language("ko")
    except i18n.TranslationUnavailable as exc:  # pragma: no cover - no lrelease here
        pytest.skip(str(exc))
    try:
        yield
    finally:
        i18n.install_language("en")


def _switch(lang: str) -> None:
    i18n.install_language(lang)
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


# ------------------------------------------------------------------------- the square map


@pytest.mark.parametrize(
    "size", [(760, 320), (260, 720), (400, 400)], ids=["wide", "tall", "square"]
)
def test_the_map_is_the_largest_centred_square(qtbot, size) -> None:
    view = _view(qtbot, *size)
    view.set_snapshot(circle_snapshot())
    _settle(view)
    w, h = _map_size(view)
    assert abs(w - h) <= 1.0
    plot = view.plot.geometry()
    key = view.color_bar.geometry()
    # Everything inside the widget, the key right under the map.
    assert view.rect().contains(plot) and view.rect().contains(key)
    assert key.top() >= plot.bottom() and key.top() - plot.bottom() <= 8
    # The largest square: it fills the width or the height that is left for it.
    spare_w = view.width() - plot.width()
    spare_h = view.height() - plot.height() - key.height()
    assert min(spare_w, spare_h) <= 8
    # Centred: the map's centre is the widget's (horizontally), the group's vertically.
    m = view.map_rect()
    if plot.width() < view.width() - 1:
        assert abs(m.center().x() - view.width() / 2) <= 2
    else:  # no room to centre the map beside its axis: the plot fills the width
        assert plot.left() == 0
    top_gap, bottom_gap = plot.top(), view.height() - key.bottom() - 1
    assert abs(top_gap - bottom_gap) <= 2


def test_a_wide_widget_does_not_stretch_the_map(qtbot) -> None:
    view = _view(qtbot, 900, 300)
    view.set_snapshot(circle_snapshot())
    _settle(view)
    w, h = _map_size(view)
    assert abs(w - h) <= 1.0 and w < 300
    (x0, x1), (y0, y1) = _ranges(view)
    # Equal scales: the same span on both axes over the same number of pixels.
    assert (x1 - x0) == pytest.approx(y1 - y0)


def test_the_map_stays_square_after_resizes_and_new_data(qtbot) -> None:
    view = _view(qtbot, 300, 500)
    view.set_snapshot(circle_snapshot(data_version=1))
    for size in [(500, 300), (320, 640), (410, 410)]:
        view.resize(*size)
        _settle(view)
        w, h = _map_size(view)
        assert abs(w - h) <= 1.0, size
    # 1-D data has other tick texts (a wider left axis): still square.
    view.set_snapshot(make_snapshot(dims=1, task="regression", features=("x1",), data_version=2))
    _settle(view)
    w, h = _map_size(view)
    assert abs(w - h) <= 1.0


def test_size_hints_ask_for_a_square(qtbot) -> None:
    view = _view(qtbot, 300, 420)
    view.set_snapshot(circle_snapshot())
    _settle(view)
    assert view.hasHeightForWidth() and view.sizePolicy().hasHeightForWidth()
    hint, least = view.sizeHint(), view.minimumSizeHint()
    assert least.width() < hint.width() and least.height() < hint.height()
    assert 250 <= hint.width() <= 420 and hint.height() > hint.width()  # the key goes under
    # At the height for its width, the map fills the width.
    view.resize(360, view.heightForWidth(360))
    _settle(view)
    w, h = _map_size(view)
    assert abs(w - h) <= 1.0
    assert view.plot.width() >= 356


# ----------------------------------------------------------------------- fitted ranges


def test_ranges_fit_the_data_in_a_tall_narrow_widget(qtbot) -> None:
    view = _view(qtbot, 240, 700)
    view.set_snapshot(circle_snapshot())
    _settle(view)
    for lo, hi in _ranges(view):
        assert -6.6 <= lo <= -6.0 and 6.0 <= hi <= 6.6


def test_ranges_include_points_outside_the_grid(qtbot) -> None:
    snap = circle_snapshot()
    x = np.array(snap.x_train, dtype=float)
    x[0] = (8.0, -7.0)
    view = _view(qtbot)
    view.set_snapshot(replace(snap, x_train=x))
    (x0, x1), (y0, y1) = _ranges(view)
    assert x1 >= 8.0 and y0 <= -7.0
    assert x1 - x0 == pytest.approx(y1 - y0)  # still one scale for both axes
    assert x1 <= 8.0 + 0.1 * (x1 - x0)


def test_a_non_square_extent_keeps_equal_scales(qtbot) -> None:
    view = _view(qtbot)
    snap = circle_snapshot(grid=30, extent=(-3.0, 3.0, -2.0, 2.0))
    inside = np.array([0.5, 1.0 / 3.0])  # the circle's +-5 into the extent
    snap = replace(
        snap,
        x_train=np.asarray(snap.x_train) * inside,
        x_test=np.asarray(snap.x_test) * inside,
    )
    view.set_snapshot(snap)
    (x0, x1), (y0, y1) = _ranges(view)
    assert x1 - x0 == pytest.approx(y1 - y0)
    assert x0 <= -3.0 and x1 >= 3.0 and y0 <= -2.0 and y1 >= 2.0
    assert x1 - x0 <= 6.0 * 1.1


def test_one_dimensional_ranges_fit_x_and_the_targets(qtbot) -> None:
    view = _view(qtbot, 300, 600)
    snap = make_snapshot(dims=1, task="regression", hidden=(4,), features=("x1",), grid=64)
    view.set_snapshot(snap)
    _settle(view)
    (x0, x1), (y0, y1) = _ranges(view)
    assert -6.6 <= x0 <= -6.0 and 6.0 <= x1 <= 6.6
    ys = np.concatenate([snap.y_train, snap.y_test])
    span = ys.max() - ys.min()
    assert y0 < ys.min() and y1 > ys.max()
    assert (y1 - y0) <= span * 1.2
    w, h = _map_size(view)
    assert abs(w - h) <= 1.0


# ----------------------------------------------------------------- the curve over the points


@pytest.mark.parametrize("task", ["regression", "classification"])
def test_the_prediction_curve_is_drawn_over_the_points(qtbot, task) -> None:
    view = _view(qtbot, 400, 400)
    view.set_show_test(True)
    snap = make_snapshot(dims=1, task=task, hidden=(4,), features=("x1",), grid=64)
    view.set_snapshot(snap)
    assert view.curve.isVisible() and view.curve_outline.isVisible()
    points = max(view.train_points.zValue(), view.test_points.zValue())
    assert view.curve_outline.zValue() > points
    assert view.curve.zValue() > view.curve_outline.zValue()
    # The outline is the same line, wider, in the plot's background colour.
    np.testing.assert_allclose(view.curve_outline.getData()[1], view.curve.getData()[1])
    line, outline = _pen(view.curve), _pen(view.curve_outline)
    assert outline.widthF() >= line.widthF() + 2
    assert outline.color() == QColor(Theme().background)
    assert line.color().lightness() < 60


def test_the_curve_is_drawn_on_screen_over_a_point(qtbot) -> None:
    # A point right on the curve: the curve's dark pixels show at its centre.
    snap = make_snapshot(dims=1, task="regression", hidden=(4,), features=("x1",), grid=64)
    xs = snap.extent[0] + (np.arange(64) + 0.5) * ((snap.extent[1] - snap.extent[0]) / 64)
    k = 32
    x = np.array(snap.x_train, dtype=float)
    y = np.array(snap.y_train, dtype=float)
    x[0, 0], y[0] = xs[k], float(snap.boundary[k])
    view = _view(qtbot, 400, 400)
    view.set_snapshot(replace(snap, x_train=x, y_train=y))
    _settle(view)
    vb = view.plot.getPlotItem().getViewBox()
    from PySide6.QtCore import QPointF

    pos = view.plot.mapFromScene(vb.mapViewToScene(QPointF(xs[k], float(snap.boundary[k]))))
    image = view.plot.grab().toImage()
    assert image.pixelColor(pos).lightness() < 90
    # The outline: a ring of the background colour round the curve, over the point.
    ring = [image.pixelColor(pos.x(), pos.y() + d) for d in range(-6, 7)]
    assert any(c.lightness() > 235 for c in ring)


# ------------------------------------------------------------------------ the colour key


def test_the_key_shows_values_and_the_output_reading(qtbot) -> None:
    view = _view(qtbot)
    bar = view.color_bar
    view.set_snapshot(circle_snapshot())
    assert bar.key_caption() == KEY_CAPTION
    assert bar.value_ticks() == ("-1", "0", "1")
    assert bar.ticks() == ("0", "0.5", "1")
    assert bar.caption() == "probability of the blue class"
    assert bar.painted_texts() == [
        KEY_CAPTION,
        "-1",
        "0",
        "1",
        "0",
        "0.5",
        "1",
        "probability of the blue class",
    ]
    view.set_snapshot(make_snapshot(task="regression"))
    assert bar.mode == "regression" and bar.ticks() == ("-1", "0", "1")
    assert bar.painted_texts()[-1] == "predicted value"
    view.set_snapshot(make_snapshot(n_classes=4, hidden=(3,), data_version=3))
    assert bar.mode == "classes"
    texts = bar.painted_texts()
    assert texts[4:8] == ["0", "1", "2", "3"]
    assert texts[-1] == "winning class (paler: less sure)"
    assert all("…" not in t for t in texts)


@pytest.mark.parametrize("scale", [1.0, 1.6, 2.5])
@pytest.mark.parametrize("mode", ["binary", "regression", "classes"])
def test_the_key_never_clips_its_text(qtbot, scale, mode) -> None:
    bar = ColorBar()
    qtbot.addWidget(bar)
    bar.apply_theme(theme("normal", scale, scale > 1.0))
    bar.set_mode(mode, 6 if mode == "classes" else 2)
    least = bar.minimumSizeHint()
    from PySide6.QtGui import QFontMetricsF

    fm = QFontMetricsF(bar.theme.font(0.92))
    words = " ".join([bar.key_caption(), bar.caption()]).split()
    assert least.width() >= max(fm.horizontalAdvance(w) for w in words)
    for width in (least.width(), least.width() + 37, 500):
        h = bar.heightForWidth(width)
        # Every line of text fits: two captions (wrapped), two tick rows and the bar.
        assert h >= 4 * fm.height()
        bar.resize(width, h)
        assert bar.grab().width() >= width  # paints without errors
    # Narrower means more lines, never fewer.
    assert bar.heightForWidth(least.width()) >= bar.heightForWidth(500)


def test_the_key_is_laid_out_at_its_height_for_width(qtbot) -> None:
    view = _view(qtbot, 300, 520)
    view.apply_theme(theme("normal", 2.5, True))
    view.set_snapshot(circle_snapshot())
    _settle(view)
    key = view.color_bar
    assert key.height() >= key.heightForWidth(key.width())
    assert key.width() >= key.minimumSizeHint().width()
    view.apply_theme(Theme())


def test_the_window_may_place_the_key_elsewhere(qtbot) -> None:
    view = _view(qtbot, 480, 420)  # the key's height limits the map
    view.set_snapshot(circle_snapshot())
    _settle(view)
    before = _map_size(view)[0]
    tall = view.heightForWidth(400)
    other = QWidget()
    qtbot.addWidget(other)
    QVBoxLayout(other).addWidget(view.color_bar)
    _settle(view)
    w, h = _map_size(view)
    assert w > before + 20 and abs(w - h) <= 1.0  # the map takes the key's room
    assert view.heightForWidth(400) < tall - 40  # and asks for no room for it
    # The view still drives the key's mode and theme.
    view.set_snapshot(make_snapshot(task="regression", data_version=2))
    assert view.color_bar.mode == "regression"
    view.apply_theme(DARK)
    assert view.color_bar.theme == DARK
    view.apply_theme(Theme())


# ---------------------------------------------------------------- Korean and English


def test_texts_follow_the_language(qtbot, korean) -> None:
    _switch("en")
    view = _view(qtbot)
    view.set_snapshot(make_snapshot(dims=1, hidden=(3,), features=("x1",), grid=50))
    bar = view.color_bar
    left = view.plot.getPlotItem().getAxis("left")
    english = (bar.key_caption(), bar.caption(), bar.toolTip(), left.labelText)
    assert english[0] == KEY_CAPTION and english[1] == "probability of the blue class"
    assert english[3] == "class"
    try:
        _switch("ko")
        texts = (bar.key_caption(), bar.caption(), bar.toolTip(), left.labelText)
        assert all(_has_hangul(t) for t in texts), texts
        assert bar.caption() == "파란 클래스일 확률"
        assert left.labelText == "클래스"
        assert all(_has_hangul(t) for t in (bar.painted_texts()[0], bar.painted_texts()[-1]))
        # Math symbols stay as they are.
        view.set_snapshot(circle_snapshot(data_version=2))
        assert left.labelText == "x₂"
        assert view.plot.getPlotItem().getAxis("bottom").labelText == "x₁"
        view.set_snapshot(make_snapshot(n_classes=3, hidden=(3,), data_version=3))
        assert bar.caption() == "예측 클래스 (옅을수록 덜 확실)"
    finally:
        _switch("en")
    assert bar.caption() == "winning class (paler: less sure)"
    assert bar.key_caption() == KEY_CAPTION and bar.toolTip() == english[2]


# ---------------------------------------------------------------------------- themes


def _look(view: OutputView) -> dict:
    item = view.plot.getPlotItem()
    axis = item.getAxis("bottom")
    return {
        "background": view.plot.backgroundBrush().color().name(),
        "fill": view.palette().color(view.backgroundRole()).name(),
        "axis_pen": (axis.pen().color().name(), axis.pen().widthF()),
        "text_pen": axis.textPen().color().name(),
        "tick_font": axis.style["tickFont"],
        "label": dict(axis.labelStyle),
        "curve": (_pen(view.curve).color().name(), _pen(view.curve).widthF()),
        "outline": _pen(view.curve_outline).color().name(),
        "points": view.point_size(),
        "key": view.color_bar.theme,
    }


def test_dark_theme_restyles_everything_and_normal_restores_it(qtbot) -> None:
    view = _view(qtbot, 420, 560)
    view.set_snapshot(make_snapshot(dims=1, task="regression", hidden=(4,), features=("x1",)))
    _settle(view)
    normal = _look(view)
    assert normal["background"] == "#ffffff" and normal["fill"] == "#ffffff"
    assert normal["tick_font"] is None and "font-size" not in normal["label"]
    assert normal["points"] == 7.0
    view.apply_theme(DARK)
    _settle(view)
    dark = _look(view)
    assert dark["background"] == "#000000" and dark["fill"] == "#000000"
    assert dark["axis_pen"][0] == "#ffffff" and dark["text_pen"] == "#ffffff"
    assert dark["tick_font"].pointSizeF() == pytest.approx(DARK.pt())
    assert dark["label"]["font-size"] == f"{DARK.pt():g}pt"
    assert QColor(dark["curve"][0]).lightness() > 200  # a light curve on black
    assert dark["curve"][1] == pytest.approx(normal["curve"][1] * DARK.line)
    assert dark["outline"] == "#000000"
    assert dark["points"] > normal["points"]
    assert dark["key"] == DARK
    # Nothing stays a white slab: the view's corners are dark.
    image = view.grab().toImage()
    for x, y in ((1, 1), (image.width() - 2, image.height() - 2)):
        assert image.pixelColor(x, y).lightness() < 40
    view.apply_theme(Theme())
    _settle(view)
    assert _look(view) == normal


def test_points_stay_in_proportion_to_the_map(qtbot) -> None:
    view = _view(qtbot, 300, 560)
    view.set_snapshot(circle_snapshot())
    view.apply_theme(theme("light", 2.5, True))
    _settle(view)
    side = min(_map_size(view))
    size = view.point_size()
    assert side > 100
    assert size <= max(4.0, side / 30) + 0.5 < 1.6 * 7
    assert {p.size() for p in view.train_points.points()} == {size}  # what is drawn
    view.resize(700, 900)
    _settle(view)
    assert view.point_size() > size  # a larger map has room for the larger points
    view.apply_theme(Theme())


def test_the_map_keeps_its_colours_under_a_theme(qtbot) -> None:
    view = _view(qtbot)
    snap = circle_snapshot(grid=30)
    view.set_snapshot(replace(snap, steps_per_second=100.0))
    view.train_points.setVisible(False)
    _settle(view)
    vb = view.plot.getPlotItem().getViewBox()
    from PySide6.QtCore import QPointF

    def colour(x: float, y: float) -> QColor:
        pos = view.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
        return view.plot.grab().toImage().pixelColor(pos)

    normal = (colour(0.0, 0.0).name(), colour(5.5, 5.5).name())
    view.apply_theme(DARK)
    _settle(view)
    # The output's colours are data: a theme changes the ground around them, not them.
    assert (colour(0.0, 0.0).name(), colour(5.5, 5.5).name()) == normal
    inside = view.map_rect().topLeft().toPoint()
    assert view.grab().toImage().pixelColor(inside.x() + 2, inside.y() + 2).lightness() < 40
    view.apply_theme(Theme())
