"""Loss and per-layer plots: created once, fed from the snapshot history."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.core.trainer import Trainer
from nnsim.gui.colors import layer_color
from nnsim.gui.views.plots import (
    LAYER_STATS,
    GradientPlot,
    LiveCurve,
    LossPlot,
    NativePlotWidget,
    _peak,
    smooth_history,
)


@pytest.fixture
def trainer() -> Trainer:
    t = Trainer(Experiment())
    t.step(120)
    return t


def test_loss_plot_shows_the_history(qtbot, trainer: Trainer) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    snap = trainer.snapshot(grid=20, thumb=8)
    train, test = plot.train_curve, plot.test_curve
    plot.set_snapshot(snap)
    np.testing.assert_array_equal(train.xData, snap.history.step)
    np.testing.assert_array_equal(train.yData, snap.history.train_loss)
    np.testing.assert_array_equal(test.yData, snap.history.test_loss)
    # The same items are fed again, never recreated.
    trainer.step(30)
    plot.set_snapshot(trainer.snapshot(grid=20, thumb=8))
    assert plot.train_curve is train and plot.test_curve is test
    assert train.xData[-1] == 150
    item = plot.plot.getPlotItem()
    assert item.ctrl.clipToViewCheck.isChecked()
    assert item.ctrl.peakRadio.isChecked()


def test_loss_plot_marks_architecture_edits(qtbot, trainer: Trainer) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    exp = Experiment()
    trainer.apply(replace(exp, hidden=(*exp.hidden, LayerSpec(2, "tanh"))))
    trainer.step(10)
    plot.set_snapshot(trainer.snapshot(grid=20, thumb=8))
    assert plot.mark_steps == (120,)


def test_gradient_plot_one_coloured_curve_per_layer(qtbot, trainer: Trainer) -> None:
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.smooth_box.setChecked(False)
    snap = trainer.snapshot(grid=20, thumb=8)
    plot.set_snapshot(snap)
    assert len(plot.curves) == snap.n_weight_layers == 3
    for i, curve in enumerate(plot.curves):
        assert curve.opts["pen"].color() == layer_color(i)
        np.testing.assert_array_equal(curve.yData, snap.history.grad_norm[:, i])
    assert plot.curve_names == ["layer 1", "layer 2", "output"]
    assert plot.legend_texts() == plot.curve_names  # English: the same words
    for i, label in enumerate(plot.legend_labels):
        assert plot.curve_names[i] in label.text()
        assert layer_color(i).name() in label.text()
    assert plot.plot.getPlotItem().ctrl.logYCheck.isChecked()

    first = plot.curves[0]
    trainer.step(10)
    plot.set_snapshot(trainer.snapshot(grid=20, thumb=8))
    assert plot.curves[0] is first  # same layer count: fed, not rebuilt

    exp = Experiment()
    trainer.apply(replace(exp, hidden=(*exp.hidden, LayerSpec(2, "tanh"))))
    trainer.step(5)
    plot.set_snapshot(trainer.snapshot(grid=20, thumb=8))
    assert len(plot.curves) == 4
    assert plot.curve_names == ["layer 1", "layer 2", "layer 3", "output"]


def test_gradient_plot_switches_statistic(qtbot) -> None:
    exp = replace(Experiment(), hidden=(LayerSpec(4, "relu"), LayerSpec(2, "tanh")))
    t = Trainer(exp)
    t.step(60)
    snap = t.snapshot(grid=20, thumb=8)
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.smooth_box.setChecked(False)
    plot.set_snapshot(snap)
    assert [plot.combo.itemData(i) for i in range(plot.combo.count())] == [
        s.field for s in LAYER_STATS
    ]

    plot.set_stat("dead_frac")
    assert not plot.plot.getPlotItem().ctrl.logYCheck.isChecked()
    np.testing.assert_allclose(plot.curves[0].yData, 100 * snap.history.dead_frac[:, 0])
    assert np.isnan(plot.curves[1].yData).all()  # tanh has no dead units
    assert plot.note.text() == ""

    plot.set_stat("sat_frac")
    np.testing.assert_allclose(plot.curves[1].yData, 100 * snap.history.sat_frac[:, 1])

    plot.set_stat("mean_abs_act")
    assert plot.plot.getPlotItem().ctrl.logYCheck.isChecked()
    np.testing.assert_allclose(plot.curves[2].yData, snap.history.mean_abs_act[:, 2])

    with pytest.raises(KeyError):
        plot.set_stat("nonsense")


def test_gradient_plot_says_when_a_statistic_does_not_apply(qtbot, trainer: Trainer) -> None:
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.set_snapshot(trainer.snapshot(grid=20, thumb=8))  # all tanh / sigmoid
    plot.set_stat("dead_frac")
    assert "ReLU" in plot.note.text()
    plot.set_stat("grad_norm")
    assert plot.note.text() == ""


def test_smoothing_shows_the_trend_and_keeps_gaps(qtbot) -> None:
    rng = np.random.default_rng(0)
    m = 600
    trend = np.geomspace(1.0, 0.01, m)
    noisy = trend * np.exp(rng.normal(0.0, 0.8, m))
    values = np.column_stack([noisy, noisy])
    values[:100, 1] = np.nan  # layer 2 did not exist yet
    smooth = smooth_history(values, 20, log=True)
    assert np.isnan(smooth[:100, 1]).all() and np.isfinite(smooth[100:, 1]).all()
    # Much closer to the trend than the raw data (in log terms), and not lagging wildly.
    raw_err = np.abs(np.log10(noisy / trend)).mean()
    smooth_err = np.abs(np.log10(smooth[:, 0] / trend)).mean()
    assert smooth_err < raw_err / 2
    np.testing.assert_array_equal(smooth_history(values, 1, log=True), values)
    linear = smooth_history(np.arange(10.0)[:, None], 3, log=False)
    np.testing.assert_allclose(linear[2:, 0], np.arange(1.0, 9.0))


def test_gradient_plot_smooths_by_default(qtbot) -> None:
    t = Trainer(Experiment())
    t.step(400)
    snap = t.snapshot(grid=20, thumb=8)
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.set_snapshot(snap)
    assert plot.smooth_box.isChecked()
    raw = snap.history.grad_norm[:, 0]
    shown = plot.curves[0].yData
    assert shown.shape == raw.shape
    assert np.std(np.diff(np.log10(shown))) < np.std(np.diff(np.log10(raw)))
    plot.smooth_box.setChecked(False)
    np.testing.assert_array_equal(plot.curves[0].yData, raw)


def test_axes_follow_the_data_in_jumps_not_every_frame(qtbot) -> None:
    t = Trainer(Experiment())
    t.step(400)
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    x0, x1 = plot.range.x
    y0, y1 = plot.range.y
    h = t.history.arrays()
    assert x0 <= h.step[0] and h.step[-1] < x1
    assert y0 <= min(h.train_loss.min(), h.test_loss.min())
    assert max(h.train_loss.max(), h.test_loss.max()) <= y1
    view = plot.plot.getPlotItem().getViewBox().viewRange()
    assert view[0] == pytest.approx([x0, x1]) and view[1] == pytest.approx([y0, y1])

    t.step(20)  # a little more data: the axes stay put
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    assert plot.range.x == (x0, x1) and plot.range.y == (y0, y1)

    t.step(int(x1))  # past the end: x jumps ahead by a round span
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    start, end = plot.range.x
    assert end > t.step_count
    assert end - start in {
        k * 10.0**e for k in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8) for e in range(1, 7)
    }


@contextmanager
def python_calls() -> Iterator[Callable[[], set[str]]]:
    """Record "file:function" of every Python function called inside the block."""
    seen: set[str] = set()

    def hook(frame, event, _arg) -> None:
        if event == "call":
            seen.add(f"{frame.f_code.co_filename.rsplit('/', 1)[-1]}:{frame.f_code.co_name}")

    sys.setprofile(hook)
    try:
        yield lambda: seen
    finally:
        sys.setprofile(None)


def _shown(qtbot, kind: type[LossPlot | GradientPlot], steps: int):
    """A trainer ``steps`` into the default run, and a shown plot of its snapshot."""
    t = Trainer(Experiment())
    t.step(steps)
    plot = kind()
    qtbot.addWidget(plot)
    plot.resize(600, 250)
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    return t, plot


def test_curves_are_painted_without_python(qtbot) -> None:
    # Painting runs no Python for the view or the curves: the training thread keeps the
    # GIL while Qt rasterises them (the still items around them make a few short calls).
    _t, plot = _shown(qtbot, GradientPlot, steps=300)
    for curve in plot.curves:
        assert isinstance(curve, LiveCurve)
        assert not curve.curve.isVisible()  # pyqtgraph's Python-painted curve
        assert not curve.line.path().isEmpty()
    with python_calls() as calls:
        plot.plot.grab()
    painted = calls()
    assert "GraphicsView.py:paintEvent" not in painted
    assert not any(name.startswith(("PlotCurveItem.py", "PlotDataItem.py")) for name in painted)


def test_live_curve_draws_what_pyqtgraph_would(qtbot) -> None:
    widget = NativePlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 200)
    widget.show()
    qtbot.waitExposed(widget)
    item = widget.getPlotItem()
    curve = LiveCurve(pg.mkPen("r", width=2))
    item.addItem(curve)
    item.setXRange(0, 100, padding=0)
    item.setYRange(-3, 3, padding=0)
    x = np.arange(101.0)
    y = np.sin(x / 10)
    y[40:45] = np.nan
    curve.setData(x, y)
    xs, ys = curve.getData()
    np.testing.assert_array_equal(xs, x)  # 1 point per pixel or fewer: all drawn
    np.testing.assert_array_equal(ys, y)
    np.testing.assert_array_equal(curve.yData, y)  # the data as given stays pyqtgraph's
    # The line is in the ViewBox's pixels; mapped back it runs through the data.
    path = curve.line.path()
    first = curve.mapFromItem(curve.line, path.elementAt(0).x, path.elementAt(0).y)
    assert (first.x(), first.y()) == pytest.approx((0.0, 0.0), abs=1e-6)
    # A NaN breaks the line: two pieces.
    moves = sum(path.elementAt(i).isMoveTo() for i in range(path.elementCount()))
    assert moves == 2
    # setPen (as presentation mode does) restyles the line; joins are kept tight.
    curve.setPen(pg.mkPen("b", width=4))
    assert curve.line.pen().color().name() == "#0000ff" and curve.line.pen().widthF() == 4
    assert curve.line.pen().joinStyle() == Qt.PenJoinStyle.MiterJoin
    # Log y: drawn in decades, and values <= 0 leave a gap.
    item.setLogMode(False, True)
    curve.setData(x, np.where(x > 50, 10.0 ** (x / 50), -1.0))
    xs, ys = curve.getData()
    assert np.isnan(ys[x <= 50]).all()
    np.testing.assert_allclose(ys[x > 50], x[x > 50] / 50)


def test_a_diverging_curve_draws_clamped_without_warnings(qtbot) -> None:
    """The losses of a run blowing up reach 1e308 and inf: drawn at the edge, no warning."""
    import warnings

    widget = NativePlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 200)
    widget.show()
    qtbot.waitExposed(widget)
    item = widget.getPlotItem()
    curve = LiveCurve(pg.mkPen("r", width=2))
    item.addItem(curve)
    item.setXRange(0, 10, padding=0)
    item.setYRange(0, 1, padding=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        curve.setData(np.arange(10.0), np.array([0.5] * 7 + [1e300, 1e308, np.inf]))
        QApplication.processEvents()
    path = curve.line.path()
    assert path.elementCount() >= 2
    ys = [path.elementAt(i).y for i in range(path.elementCount())]
    assert all(np.isfinite(ys)) and max(abs(v) for v in ys) <= 1e6


def test_dense_curves_are_peak_downsampled(qtbot) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(300, 200)
    plot.show()
    qtbot.waitExposed(plot)
    t = Trainer(Experiment())
    t.step(3000)
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    h = t.history.arrays()
    xs, ys = plot.train_curve.getData()
    width = plot.plot.getPlotItem().getViewBox().width()
    assert len(xs) <= 4 * width < len(h.step)
    # Every record's value lies within the drawn envelope, the last ones included.
    assert ys.min() == h.train_loss.min() and ys.max() == h.train_loss.max()
    assert ys[-2:].min() <= h.train_loss[-1] <= ys[-2:].max()


def test_peak_keeps_the_extremes_of_every_bucket_and_the_partial_last_one() -> None:
    x = np.arange(7.0)
    y = np.array([3.0, 1.0, 2.0, np.nan, np.nan, 5.0, 4.0])
    xs, ys = _peak(x, np.stack([y, -y]), 2)  # one row per curve
    np.testing.assert_array_equal(xs, [0, 0, 2, 2, 4, 4, 6, 6])
    np.testing.assert_array_equal(ys[0], [1, 3, 2, 2, 5, 5, 4, 4])
    np.testing.assert_array_equal(ys[1], [-3, -1, -2, -2, -5, -5, -4, -4])
    _, gap = _peak(x[3:5], y[None, 3:5], 2)
    assert np.isnan(gap).all()


def test_curves_fed_together_draw_as_if_fed_one_by_one(qtbot) -> None:
    t = Trainer(Experiment())
    t.step(2000)
    h = t.history.arrays()
    plots = []
    for together in (True, False):
        plot = GradientPlot()
        qtbot.addWidget(plot)
        plot.resize(500, 200)
        plot.show()
        qtbot.waitExposed(plot)
        plot.set_snapshot(t.snapshot(grid=10, thumb=4))  # the plot's own range and curves
        if together:
            LiveCurve.set_many(plot.curves, h.step, h.grad_norm)
        else:
            for i, curve in enumerate(plot.curves):
                curve.setData(h.step, h.grad_norm[:, i])
        plots.append(plot)
    for a, b in zip(plots[0].curves, plots[1].curves, strict=True):
        np.testing.assert_array_equal(a.yData, b.yData)
        for u, v in zip(a.getData(), b.getData(), strict=True):
            np.testing.assert_array_equal(u, v)
        assert a.line.path() == b.line.path()
