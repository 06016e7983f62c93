"""Plots, walkthrough and neuron inspector: Korean and English, themes, update rounding."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QApplication

from nnsim.core.experiment import Experiment, Hyper, LayerSpec
from nnsim.core.trainer import Trainer
from nnsim.gui import i18n
from nnsim.gui.colors import layer_color
from nnsim.gui.export import export_plot_csv
from nnsim.gui.theme import Theme, theme
from nnsim.gui.views.inspector import NeuronInspector
from nnsim.gui.views.plots import GradientPlot, LossPlot
from nnsim.gui.views.walkthrough_display import update_texts
from nnsim.gui.views.walkthrough_view import WalkthroughView, step_caption

DARK = theme("dark", 1.6, True)


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
    """Show the UI in ``lang`` and deliver Qt's LanguageChange events."""
    i18n.install_language(lang)
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _trainer(exp: Experiment | None = None, steps: int = 60) -> Trainer:
    t = Trainer(exp or Experiment())
    t.step(steps)
    return t


# --------------------------------------------------------------------------- languages


def test_loss_plot_speaks_korean_and_english_again(qtbot, korean, tmp_path) -> None:
    _switch("en")
    plot = LossPlot()
    qtbot.addWidget(plot)
    item = plot.plot.getPlotItem()
    assert item.getAxis("bottom").labelText == "step"
    assert item.getAxis("left").labelText == "loss"
    assert plot.legend_texts() == ["test loss", "training loss"]
    _switch("ko")
    assert item.getAxis("bottom").labelText == "단계"
    assert item.getAxis("left").labelText == "손실"
    assert plot.legend_texts() == ["테스트 손실", "학습 손실"]
    # A table exported from the Korean UI keeps English column names.
    plot.set_snapshot(_trainer().snapshot(grid=10, thumb=4))
    path = export_plot_csv(plot.plot, tmp_path / "loss.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "test loss_x,test loss_y,training loss_x,training loss_y"
    _switch("en")
    assert item.getAxis("bottom").labelText == "step"
    assert plot.legend_texts() == ["test loss", "training loss"]


def test_gradient_plot_speaks_korean_and_english_again(qtbot, korean) -> None:
    plot = GradientPlot()  # built while Korean is on
    qtbot.addWidget(plot)
    plot.set_snapshot(_trainer().snapshot(grid=10, thumb=4))
    plot.set_stat("dead_frac")  # tanh only: the note says no layer has the statistic
    combo = [plot.combo.itemText(i) for i in range(plot.combo.count())]
    assert combo[0] == "기울기 크기 ‖dW‖₂" and all(_has_hangul(t) for t in combo)
    assert plot.combo.currentIndex() == 2  # re-filled in place
    assert plot.smooth_box.text() == "부드럽게" and _has_hangul(plot.smooth_box.toolTip())
    assert plot.legend_texts() == ["층 1", "층 2", "출력층"]
    assert plot.curve_names == ["layer 1", "layer 2", "output"]  # CSV columns stay English
    assert _has_hangul(plot.note.text()) and "ReLU" in plot.note.text()
    assert plot.plot.getPlotItem().getAxis("bottom").labelText == "단계"
    _switch("en")
    assert plot.combo.itemText(0) == "Gradient norm ‖dW‖₂"
    assert plot.combo.itemData(2) == "dead_frac" and plot.combo.currentIndex() == 2
    assert plot.smooth_box.text() == "smooth"
    assert plot.legend_texts() == ["layer 1", "layer 2", "output"]
    assert plot.note.text() == "no ReLU-family layers"


def _walkthrough(qtbot) -> tuple[WalkthroughView, Trainer]:
    t = _trainer(Experiment(hyper=Hyper(batch_size=1)), steps=5)
    view = WalkthroughView()
    qtbot.addWidget(view)
    view.set_snapshot(t.snapshot(grid=10, thumb=4))
    view.ensure_current()
    return view, t


def test_walkthrough_speaks_korean_and_english_again(qtbot, korean) -> None:
    _switch("en")
    view, _t = _walkthrough(qtbot)
    view.go_to(0)
    english = {
        "prev": view.prev_button.text(),
        "position": view.position.text(),
        "header": view.tree.headerItem().text(0),
        "layer": view.tree.topLevelItem(1).text(0),
        "links": view.links_title.text(),
    }
    assert english == {
        "prev": "◀ Previous",
        "position": f"Step 1 of {len(view.walk)}: forward pass, hidden 1",
        "header": "neuron",
        "layer": "Hidden 1 · Tanh",
        "links": "W and b of hidden 1: z = x·W + b (rows = inputs, columns = neurons)",
    }
    assert view.note.text().startswith("Sample 1 at (")
    _switch("ko")
    assert view.prev_button.text() == "◀ 이전"
    assert view.next_button.text() == "다음 ▶"
    assert view.restart_button.text() == "처음부터"
    assert view.follow_box.text() == "학습 따라가기"
    assert view.position.text() == f"단계 1/{len(view.walk)}: 순전파, 은닉층 1"
    assert view.tree.headerItem().text(0) == "뉴런"
    assert view.tree.headerItem().text(5) == "b → 새 b"
    assert view.tree.topLevelItem(1).text(0) == "은닉층 1 · Tanh"
    assert view.tree.topLevelItem(1).child(0).text(0) == "뉴런 1"
    assert view.links_title.text().startswith("은닉층 1의 W와 b")
    assert view.links.horizontalHeaderItem(0).text() == "뉴런 1"
    assert _has_hangul(view.note.text())
    assert view.caption.text() == step_caption(view.current_step())
    assert _has_hangul(view.caption.text())  # the core's caption, translated
    view.go_to(-1)
    assert _has_hangul(view.caption.text()) and _has_hangul(view.position.text())
    _switch("en")
    assert view.position.text() == f"Start (0 of {len(view.walk)})"
    assert view.caption.text().startswith("The sample enters the network as x = [")
    view.go_to(0)
    assert {
        "prev": view.prev_button.text(),
        "position": view.position.text(),
        "header": view.tree.headerItem().text(0),
        "layer": view.tree.topLevelItem(1).text(0),
        "links": view.links_title.text(),
    } == english


def test_neuron_inspector_speaks_korean_and_english_again(qtbot, korean) -> None:
    _switch("en")
    view = NeuronInspector()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.title.text().startswith("Click a neuron")
    snap = _trainer(Experiment(hidden=(LayerSpec(3, "relu"),))).snapshot(grid=10, thumb=4)
    view.set_snapshot(snap)
    view.set_neuron(1, 2)
    n = snap.x_train.shape[0]
    assert view.count_label.text() == f"of {n} training samples"
    assert view.title.text() == "Hidden 1, unit 3 · ReLU"
    _switch("ko")
    assert view.title.text() == "은닉층 1, 뉴런 3 · ReLU"
    assert view.count_label.text() == f"(학습 샘플 {n}개 중)"
    assert view.sample_label.text().startswith("샘플 1: 점 (")
    assert "가중치" in view.table.text() and "편향 b" in view.table.text()
    view.set_neuron(2, 0)
    assert view.title.text() == "출력층 · Sigmoid"
    _switch("en")
    assert view.title.text() == "Output · Sigmoid"
    assert view.sample_label.text().startswith("Sample 1: point (")
    assert "weight" in view.table.text() and "bias b" in view.table.text()
    view.set_neuron(1, 9)  # no such neuron
    view.refresh()
    _switch("ko")
    assert view.title.text() == "그 뉴런은 없어졌습니다. 신경망의 뉴런을 누르세요."


# --------------------------------------------------------------------------- themes


def _pen(curve: pg.PlotDataItem) -> QPen:
    """The pen a curve is drawn with (read only)."""
    return pg.mkPen(curve.opts["pen"])


def _plot_look(plot: LossPlot | GradientPlot) -> tuple:
    """What a plot draws with: background, axes, labels, legend, curves, marks."""
    item = plot.plot.getPlotItem()
    axes = []
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        font = axis.style["tickFont"]
        axes.append(
            (
                axis.pen().color().name(),
                axis.pen().widthF(),
                axis.textPen().color().name(),
                None if font is None else font.pointSizeF(),
                axis.label.toHtml() if axis.labelText else "",
            )
        )
    curves = plot.curves if isinstance(plot, GradientPlot) else [plot.test_curve, plot.train_curve]
    pens = [(_pen(c).color().name(), _pen(c).widthF()) for c in curves]
    marks = [(m.pen.color().name(), m.pen.widthF()) for m in plot._marks.lines]
    if isinstance(plot, LossPlot):
        legend = (
            plot.legend.brush().color().name(QColor.NameFormat.HexArgb),
            [label.item.toHtml() for _s, label in plot.legend.items],
        )
    else:
        legend = ([label.text() for label in plot.legend_labels], plot.note.styleSheet())
    return (plot.plot.backgroundBrush().color().name(), axes, pens, marks, legend)


def _marked_trainer() -> Trainer:
    t = _trainer(steps=30)
    exp = Experiment()
    t.apply(replace(exp, hidden=(*exp.hidden, LayerSpec(2, "tanh"))))
    t.step(10)
    return t


@pytest.mark.parametrize("kind", [LossPlot, GradientPlot])
def test_plot_themes_apply_and_restore(qtbot, kind) -> None:
    t = _marked_trainer()
    plot = kind()
    qtbot.addWidget(plot)
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    normal = _plot_look(plot)
    item = plot.plot.getPlotItem()
    # The default theme is the look the plots always had.
    assert normal[0] == "#ffffff"
    assert all(a[0] == "#3c3c3c" and a[3] is None for a in normal[1])
    assert all(width == 2.0 for _c, width in normal[2])
    assert normal[3] == [("#969696", 1.0)]  # the edit's mark

    plot.apply_theme(DARK)
    dark = _plot_look(plot)
    assert dark[0] == "#000000"
    for _pen, width, text, tick_pt, label in dark[1]:
        assert text == "#ffffff" and width == 2.0
        assert tick_pt == pytest.approx(DARK.pt())
        assert label == "" or f"{DARK.pt():g}pt" in label
    assert "#ffffff" in item.getAxis("bottom").label.toHtml()
    assert all(width == 4.0 for _c, width in dark[2])  # curves x theme.line
    for name, _w in dark[2]:
        assert QColor(name).lightnessF() >= 0.45  # none vanishes on black
    assert dark[3][0][1] == 2.0
    if kind is LossPlot:
        assert dark[4][0] == "#c8000000"  # a black box behind white text
        assert all("#ffffff" in html and f"{DARK.pt():g}pt" in html for html in dark[4][1])

    plot.apply_theme(theme("light"))
    plot.apply_theme(DARK)
    assert _plot_look(plot) == dark  # idempotent: A then B looks like B
    plot.apply_theme(Theme())
    assert _plot_look(plot) == normal


def test_a_layer_added_under_a_theme_is_styled_too(qtbot) -> None:
    t = _trainer(steps=20)
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.apply_theme(DARK)
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    exp = Experiment()
    t.apply(replace(exp, hidden=(*exp.hidden, LayerSpec(2, "relu"), LayerSpec(2, "relu"))))
    t.step(5)
    plot.set_snapshot(t.snapshot(grid=10, thumb=4))
    assert len(plot.curves) == 5
    for i, curve in enumerate(plot.curves):
        pen = _pen(curve)
        assert pen.widthF() == 4.0
        assert QColor(pen.color()).lightnessF() >= 0.45
        if layer_color(i).lightnessF() >= 0.45:
            assert pen.color() == layer_color(i)  # bright hues keep the drawing's colour
        assert pen.color().name() in plot.legend_labels[i].text()  # the legend agrees
    assert plot._marks.lines[0].pen.widthF() == 2.0  # a mark drawn after the theme


def test_walkthrough_and_inspector_themes(qtbot) -> None:
    view, _t = _walkthrough(qtbot)
    view.go_to(0)
    current = view.tree.topLevelItem(1).child(0).background(1).color().name()
    caption_pt = view.caption.font().pointSizeF()
    assert current == QColor(255, 236, 140).name()
    view.apply_theme(DARK)
    assert view.caption.font().pointSizeF() == pytest.approx(DARK.pt(1.2))
    assert view.tree.font().pointSizeF() == pytest.approx(DARK.pt(1.1))
    dark_current = view.tree.topLevelItem(1).child(0).background(1).color()
    assert dark_current.lightnessF() < 0.3  # white text stays readable on it
    assert DARK.secondary in view.note.styleSheet()
    view.apply_theme(Theme())
    assert view.caption.font().pointSizeF() == pytest.approx(caption_pt)
    assert view.tree.topLevelItem(1).child(0).background(1).color().name() == current

    inspector = NeuronInspector()
    qtbot.addWidget(inspector)
    inspector.show()
    qtbot.waitExposed(inspector)
    inspector.set_snapshot(_trainer().snapshot(grid=10, thumb=4))
    inspector.set_neuron(1, 0)
    assert "#666666" in inspector.formula.text()
    title_pt = inspector.title.font().pointSizeF()
    inspector.apply_theme(DARK)
    assert DARK.secondary in inspector.formula.text() and "#666666" not in inspector.formula.text()
    assert inspector.title.font().pointSizeF() == pytest.approx(DARK.pt())
    assert inspector.title.font().bold()
    inspector.apply_theme(Theme())
    assert "#666666" in inspector.formula.text()
    assert inspector.title.font().pointSizeF() == pytest.approx(title_pt)


# --------------------------------------------------------------------------- update rounding


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        (0.2651, 0.2649, ("0.2651", "0.2649")),  # was "0.265 → 0.265"
        (0.26514, 0.26506, ("0.26514", "0.26506")),
        (1.0004, 0.9996, ("1.0004", "0.9996")),  # same decimals across a power of ten
        (0.5, 0.25, ("0.500", "0.250")),
        (-0.1234, 0.4, ("−0.123", "0.400")),
        (12.5, 10.25, ("12.500", "10.250")),
        (0.3, 0.3, ("0.300", "0.300")),
        (-0.00001, 0.00001, ("−0.00001", "0.00001")),
    ],
)
def test_update_texts_round_both_alike_and_show_the_change(old, new, shown) -> None:
    assert update_texts(old, new) == shown


def test_update_texts_never_hide_a_change() -> None:
    rng = np.random.default_rng(3)
    olds = rng.normal(0, 1, 4000) * 10.0 ** rng.integers(-4, 3, 4000)
    changes = rng.normal(0, 1, 4000) * 10.0 ** rng.integers(-12, 0, 4000)
    for old, change in zip(olds, changes, strict=True):
        new = old - change
        a, b = update_texts(old, new)
        assert (a != b) == (old != new), (old, new, a, b)
        if "e" not in a + b:
            assert len(a.partition(".")[2]) == len(b.partition(".")[2]), (a, b)


def test_walkthrough_update_cells_show_every_change(qtbot) -> None:
    # A small learning rate: most weights move in the fourth digit or later.
    exp = Experiment(hyper=Hyper(batch_size=1, learning_rate=0.001))
    t = _trainer(exp, steps=5)
    view = WalkthroughView()
    qtbot.addWidget(view)
    view.set_experiment(exp)
    view.set_snapshot(t.snapshot(grid=10, thumb=4))
    view.ensure_current()
    updates = view.walk.of_kind("update")
    view.go_to(view.walk.steps.index(updates[0]))
    arrays = updates[0].arrays
    old = np.vstack([arrays["W_old"], arrays["b_old"][None, :]])
    new = np.vstack([arrays["W_new"], arrays["b_new"][None, :]])
    changed = 0
    for r in range(old.shape[0]):
        for c in range(old.shape[1]):
            before, _, after = view.links.item(r, c).text().partition(" → ")
            assert (before != after) == (old[r, c] != new[r, c])
            assert len(before.partition(".")[2]) == len(after.partition(".")[2])
            changed += before != after
    assert changed > 0
    bias_cell = view.tree.topLevelItem(1).child(0).text(5)
    before, _, after = bias_cell.partition(" → ")
    assert (before != after) == (arrays["b_old"][0] != arrays["b_new"][0])


# --------------------------------------------------------------------------- legend layout


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_per_layer_legend_never_wraps_a_label(qtbot, korean, lang) -> None:
    _switch(lang)
    exp = Experiment(hidden=(LayerSpec(4, "tanh"), LayerSpec(3, "tanh"), LayerSpec(2, "tanh")))
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.setFont(DARK.app_font())  # the window's application font at scale 1.6
    plot.apply_theme(DARK)
    plot.resize(400, 160)
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_snapshot(_trainer(exp, steps=20).snapshot(grid=10, thumb=4))
    qtbot.wait(10)
    labels = plot.legend_labels
    assert len(labels) == 4
    header = [plot.combo, plot.smooth_box, *labels]
    boxes: list[QRect] = []
    for w in header:
        assert w.isVisible()
        box = QRect(w.mapTo(plot, w.rect().topLeft()), w.size())
        assert plot.rect().contains(box), (w, box)
        assert box.width() >= w.sizeHint().width() and box.height() >= w.sizeHint().height()
        assert all(not box.intersects(other) for other in boxes)
        boxes.append(box)
    for label in labels:
        assert not label.wordWrap()
        # One line: as tall as one line of its font.
        assert label.height() < 2 * label.fontMetrics().height()
    # The header sits above the plot, not over the curves.
    plot_top = plot.plot.mapTo(plot, plot.plot.rect().topLeft()).y()
    assert max(b.bottom() for b in boxes) < plot_top
    # ... and leaves the plot its room inside the widget.
    assert plot_top + plot.plot.height() <= plot.height()
    assert plot.plot.height() >= plot.plot.minimumHeight()
