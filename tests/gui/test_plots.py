"""Loss and per-layer plots: created once, fed from the snapshot history."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.core.trainer import Trainer
from nnsim.gui.colors import layer_color
from nnsim.gui.views.plots import LAYER_STATS, GradientPlot, LossPlot, smooth_history


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
    for i, name in enumerate(plot.curve_names):
        assert name in plot.legend.text()
        assert layer_color(i).name() in plot.legend.text()
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
