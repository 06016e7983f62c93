"""Loss and per-layer plots: created once, fed from the snapshot history, drawn on screen."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPen

from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.core.snapshot import Snapshot
from nnsim.core.trainer import Trainer
from nnsim.gui.colors import layer_color
from nnsim.gui.views.history_data import smooth_history
from nnsim.gui.views.plots import LAYER_STATS, GradientPlot, LossPlot


@pytest.fixture
def trainer() -> Trainer:
    t = Trainer(Experiment())
    t.step(120)
    return t


def _pen(curve: pg.PlotDataItem) -> QPen:
    """The pen a curve is drawn with (read only)."""
    return pg.mkPen(curve.opts["pen"])


def _shown(qtbot, plot: LossPlot | GradientPlot, w: int = 600, h: int = 250):
    plot.resize(w, h)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def _screen(plot: LossPlot | GradientPlot) -> QImage:
    return plot.plot.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _pixel_of(plot: LossPlot | GradientPlot, x: float, y: float) -> tuple[int, int]:
    """The plot widget's pixel showing data point (x, y) (y in displayed units)."""
    vb = plot.plot.getPlotItem().getViewBox()
    pos = plot.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
    return pos.x(), pos.y()


def _near(image: QImage, px: tuple[int, int], color: QColor, radius: int = 2) -> bool:
    """Whether a pixel within ``radius`` of ``px`` has (about) ``color``."""
    x0, y0 = px
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = image.pixelColor(x0 + dx, y0 + dy)
            if max(abs(c.red() - color.red()), abs(c.green() - color.green())) <= 12 and (
                abs(c.blue() - color.blue()) <= 12
            ):
                return True
    return False


def _with_tip(snap) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the loss plot shows: the history, then the snapshot's own step and losses."""
    h = snap.history
    if snap.step > h.step[-1]:
        return (np.append(h.step, snap.step), np.append(h.train_loss, snap.train_loss),
                np.append(h.test_loss, snap.test_loss))
    return h.step, h.train_loss, h.test_loss


def test_loss_plot_shows_the_history(qtbot, trainer: Trainer) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    snap = trainer.snapshot(grid=20, thumb=8)
    train, test = plot.train_curve, plot.test_curve
    plot.set_snapshot(snap)
    steps, train_loss, test_loss = _with_tip(snap)
    np.testing.assert_array_equal(train.xData, steps)
    np.testing.assert_array_equal(train.yData, train_loss)
    np.testing.assert_array_equal(test.xData, steps)
    np.testing.assert_array_equal(test.yData, test_loss)
    # The same items are fed again, never recreated.
    trainer.step(30)
    later = trainer.snapshot(grid=20, thumb=8)
    plot.set_snapshot(later)
    assert plot.train_curve is train and plot.test_curve is test
    steps, _, test_loss = _with_tip(later)
    np.testing.assert_array_equal(train.xData, steps)
    np.testing.assert_array_equal(test.yData, test_loss)
    # Between two records the curve still ends at the step on screen.
    trainer.train(1)
    tip = trainer.snapshot(grid=20, thumb=8)
    assert tip.step > tip.history.step[-1]
    plot.set_snapshot(tip)
    assert train.xData[-1] == tip.step and train.yData[-1] == tip.train_loss
    np.testing.assert_array_equal(train.xData[:-1], tip.history.step)
    assert plot.plot.getPlotItem().listDataItems() == [test, train]
    item = plot.plot.getPlotItem()
    assert item.clipToViewMode()
    assert item.downsampleMode()[1:] == (True, "peak")


def test_loss_curves_and_legend_are_on_screen(qtbot) -> None:
    t = Trainer(Experiment())
    t.step(600)
    plot = _shown(qtbot, LossPlot())
    snap = t.snapshot(grid=10, thumb=4)
    plot.set_snapshot(snap)
    image = _screen(plot)
    h = snap.history
    k = len(h) // 2
    # Each curve's colour runs through its data (the test loss on top of the training
    # loss where they cross).
    test_px = _pixel_of(plot, h.step[k], h.test_loss[k])
    assert _near(image, test_px, _pen(plot.test_curve).color())
    train_px = _pixel_of(plot, h.step[k], h.train_loss[k])
    if abs(train_px[1] - test_px[1]) > 4:
        assert _near(image, train_px, _pen(plot.train_curve).color())
    # The legend names both, in the view's top right corner.
    assert plot.legend_texts() == ["test loss", "training loss"]
    assert [sample.item for sample, _label in plot.legend.items] == [
        plot.test_curve,
        plot.train_curve,
    ]
    vb = plot.plot.getPlotItem().getViewBox().sceneBoundingRect()
    box = plot.legend.sceneBoundingRect()
    assert plot.legend.isVisible() and vb.contains(box)
    assert vb.right() - box.right() < 20 and box.top() - vb.top() < 20
    # The axes say what is plotted.
    item = plot.plot.getPlotItem()
    assert item.getAxis("bottom").labelText == "step"
    assert item.getAxis("left").labelText == "loss"


def test_loss_plot_marks_architecture_edits(qtbot, trainer: Trainer) -> None:
    plot = _shown(qtbot, LossPlot())
    exp = Experiment()
    trainer.apply(replace(exp, hidden=(*exp.hidden, LayerSpec(2, "tanh"))))
    trainer.step(10)
    plot.set_snapshot(trainer.snapshot(grid=20, thumb=8))
    assert plot.mark_steps == (120,)
    # A dashed vertical line at step 120, from the bottom of the view to its top.
    (line,) = plot._marks.lines
    assert line.value() == 120 and line.angle == 90 and line.isVisible()
    image = _screen(plot)
    (_x0, _x1), (y0, y1) = plot.plot.getPlotItem().getViewBox().viewRange()
    x, _ = _pixel_of(plot, 120, (y0 + y1) / 2)
    column = [image.pixelColor(x + dx, y).lightness() for dx in (-1, 0, 1) for y in range(20, 60)]
    assert min(column) < 200  # something drawn over the white ground


def test_gradient_plot_one_coloured_curve_per_layer(qtbot, trainer: Trainer) -> None:
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.smooth_box.setChecked(False)
    snap = trainer.snapshot(grid=20, thumb=8)
    plot.set_snapshot(snap)
    assert len(plot.curves) == snap.n_weight_layers == 3
    for i, curve in enumerate(plot.curves):
        assert _pen(curve).color() == layer_color(i)
        np.testing.assert_array_equal(curve.xData, snap.history.step)
        np.testing.assert_array_equal(curve.yData, snap.history.grad_norm[:, i])
    assert plot.curve_names == ["layer 1", "layer 2", "output"]
    assert [c.name() for c in plot.curves] == plot.curve_names  # the CSV columns
    assert plot.legend_texts() == plot.curve_names  # English: the same words
    for i, label in enumerate(plot.legend_labels):
        assert plot.curve_names[i] in label.text()
        assert layer_color(i).name() in label.text()
    item = plot.plot.getPlotItem()
    assert item.getAxis("left").logMode
    # Log axis: drawn in decades.
    _xs, ys = plot.curves[0].getData()
    assert np.nanmax(ys) == pytest.approx(np.log10(snap.history.grad_norm[:, 0].max()))

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
    assert item.listDataItems() == plot.curves  # the old curves are gone


def _count(image: QImage, color: QColor) -> int:
    """Pixels of ``image`` within a few levels of ``color``."""
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    rgb = rows[:, : image.width(), 2::-1].astype(int)
    want = np.array([color.red(), color.green(), color.blue()])
    return int((np.abs(rgb - want).max(axis=2) <= 12).sum())


def test_gradient_curves_are_on_screen_in_their_layer_colours(qtbot) -> None:
    t = Trainer(Experiment())
    t.step(400)
    plot = _shown(qtbot, GradientPlot(), 700, 300)
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    image = _screen(plot)
    for i, curve in enumerate(plot.curves):
        assert _pen(curve).color() == layer_color(i)
        assert _count(image, layer_color(i)) > 200, i  # a line across the plot
    plot.curves[1].setVisible(False)
    assert _count(_screen(plot), layer_color(1)) < 20


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
    left = plot.plot.getPlotItem().getAxis("left")

    plot.set_stat("dead_frac")
    assert not left.logMode
    np.testing.assert_allclose(plot.curves[0].yData, 100 * snap.history.dead_frac[:, 0])
    assert np.isnan(plot.curves[1].yData).all()  # tanh has no dead units
    assert plot.note.text() == ""

    plot.set_stat("sat_frac")
    np.testing.assert_allclose(plot.curves[1].yData, 100 * snap.history.sat_frac[:, 1])

    plot.set_stat("mean_abs_act")
    assert left.logMode
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


def test_gradient_plot_smooths_by_default(qtbot, trainer: Trainer) -> None:
    rng = np.random.default_rng(1)
    m = 900
    noisy = np.geomspace(1.0, 0.05, m)[:, None] * np.exp(rng.normal(0.0, 0.5, (m, 3)))
    losses = np.linspace(0.7, 0.1, m)
    snap = _with_history(trainer.snapshot(grid=10, thumb=4), losses, losses, grad=noisy)
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


def test_dense_curves_are_peak_downsampled(qtbot, trainer: Trainer) -> None:
    plot = _shown(qtbot, LossPlot(), 300, 200)
    rng = np.random.default_rng(2)
    m = 20_000
    train = np.geomspace(0.7, 0.05, m) * np.exp(rng.normal(0.0, 0.2, m))
    snap = _with_history(trainer.snapshot(grid=10, thumb=4), train, train * 1.1)
    plot.set_snapshot(snap)
    h = snap.history
    xs, ys = plot.train_curve.getData()  # what is drawn
    width = plot.plot.getPlotItem().getViewBox().width()
    assert len(xs) <= 4 * width < len(h.step)
    # Peaks, not averages: drawn values are records, the highest among them, and the
    # curve runs to the newest records (the view's last pixels).
    assert np.isin(ys, h.train_loss).all()
    assert ys.max() == h.train_loss.max()
    px_per_step = width / np.ptp(plot.plot.getPlotItem().getViewBox().viewRange()[0])
    assert (h.step[-1] - xs[-1]) * px_per_step < 3


def _with_history(snap: Snapshot, train: np.ndarray, test: np.ndarray, grad=None) -> Snapshot:
    """``snap`` with a made-up history: losses ``train``, ``test`` (m,) at steps 0, 10, ...

    The plots' tests must not depend on how densely the trainer records its history.
    """
    n, layers = len(train), snap.history.grad_norm.shape[1]
    grad = np.ones((n, layers)) if grad is None else grad
    history = replace(
        snap.history,
        step=np.arange(n, dtype=np.int64) * 10,
        epoch=np.arange(n, dtype=np.float64),
        train_loss=np.asarray(train, dtype=np.float64),
        test_loss=np.asarray(test, dtype=np.float64),
        grad_norm=grad,
        mean_abs_act=np.ones((n, layers)),
        dead_frac=np.full((n, layers), np.nan),
        sat_frac=np.zeros((n, layers)),
        marks=np.zeros(0, np.int64),
    )
    return replace(snap, history=history, run_id=snap.run_id + 1)


def test_a_diverging_run_draws_without_warnings(qtbot, trainer: Trainer) -> None:
    """The losses of a run blowing up reach 1e308 and inf: drawn, and no warning."""
    plot = _shown(qtbot, LossPlot(), 400, 200)
    train = np.array([0.7, 0.6, 0.5, 0.5, 0.6, 3.0, 1e12, 1e300, 1e308, np.inf])
    test = np.array([0.7, 0.6, 0.5, 0.5, 0.6, 2.0, 1e10, 1e200, np.inf, np.nan])
    snap = _with_history(trainer.snapshot(grid=10, thumb=4), train, test)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot.set_snapshot(snap)
        image = _screen(plot)
    # The view shows the whole run (a huge y range); the early points sit at its bottom.
    _xr, (y0, y1) = plot.plot.getPlotItem().getViewBox().viewRange()
    assert y0 <= 0.5 and y1 >= 1e300
    assert _near(image, _pixel_of(plot, 20, 0.5), _pen(plot.test_curve).color(), radius=3)


def test_before_the_first_record_the_axes_show_the_starting_loss(qtbot) -> None:
    """At step 0 the history is empty: the loss axis is the starting loss, not
    pyqtgraph's 0-1 square (whose "1.0" was cut at the top), and the per-layer axis
    a plain log scale with room for its labels."""
    snap = Trainer(Experiment()).snapshot(grid=10, thumb=6)
    assert len(snap.history) == 0 and snap.step == 0
    loss, grad = LossPlot(), GradientPlot()
    for w in (loss, grad):
        qtbot.addWidget(w)
        w.set_snapshot(snap)
    (x0, x1), (y0, y1) = loss.plot.getPlotItem().getViewBox().viewRange()
    assert (x0, x1) == (0, 10)
    assert y0 < min(snap.train_loss, snap.test_loss) < max(snap.train_loss, snap.test_loss) < y1
    assert y1 - y0 < 0.5  # a close look at where the run starts
    (_, _), (g0, g1) = grad.plot.getPlotItem().getViewBox().viewRange()
    assert g0 < -3 and g1 > 1  # 0.001 ... 10, every label inside
