"""The teaching views in Korean, in the dark theme and at presentation scale.

Activation view, gradient bars, weight matrix, collapse view and composition lab: every
text a student sees (widgets, tool tips, axis labels, legends, painted labels) is
Korean in the Korean UI apart from proper names and maths; the dark theme leaves no
light ground and no dark text; nothing is clipped at the size a view says it needs;
and the lesson's numbers are computed (the sigmoid bound counts the hidden layers only
when the loss is cross-entropy).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QWidget,
)

from nnsim.core.experiment import Experiment, Hyper
from nnsim.core.walkthrough import format_number
from nnsim.gui import i18n
from nnsim.gui.theme import theme
from nnsim.gui.views.activation_view import ActivationView
from nnsim.gui.views.collapse_view import CollapseView, CompositionLab
from nnsim.gui.views.gradient_bars import GradientBars
from nnsim.gui.views.plot_style import axis_label_text
from nnsim.gui.views.weights_view import WeightsView
from tests.gui.snapshot_factory import make_snapshot

#: ASCII words allowed in the Korean UI: proper names, maths and key names.
ALLOWED = {
    "relu", "leaky", "sigmoid", "tanh", "linear", "softmax", "xor",
    "dl", "dz", "dw", "db", "da", "lr", "max", "eff", "sin", "log", "exp", "ctrl",
}  # fmt: skip


@pytest.fixture
def korean(qapp) -> Iterator[None]:
    """The UI in Korean for the test; English again afterwards, whatever happens."""
    try:
        i18n.install_language("ko")
    except i18n.TranslationUnavailable as exc:  # pragma: no cover - no lrelease here
        pytest.skip(str(exc))
    _deliver()
    try:
        yield
    finally:
        i18n.install_language("en")
        _deliver()


def _deliver() -> None:
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _switch(lang: str) -> None:
    i18n.install_language(lang)
    _deliver()


def _plain(text: str) -> str:
    """Rich text as the reader sees it (no tags)."""
    if "<" in text:
        doc = QTextDocument()
        doc.setHtml(text.replace("<sub>", "<sub>_"))  # W<sub>eff</sub> reads "W_eff"
        return doc.toPlainText()
    return text


def _english_words(text: str) -> list[str]:
    """ASCII words of two letters or more that are neither names nor maths."""
    words = re.findall(r"[A-Za-z]+", _plain(text))
    return [w for w in words if len(w) > 1 and w.lower() not in ALLOWED]


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _texts(view: QWidget) -> list[str]:
    """Every text the view shows: its widgets' texts and tool tips, and its painted texts."""
    out = [view.toolTip()]
    for w in view.findChildren(QWidget):
        out.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        elif isinstance(w, QComboBox):
            out += [w.itemText(k) for k in range(w.count())]
    out += view.painted_texts()
    return [t for t in out if t]


def _sigmoid_net(n_hidden: int = 3):
    return make_snapshot(hidden=(4,) * n_hidden, hidden_activation="sigmoid", seed=2)


def _views(qtbot) -> dict[str, QWidget]:
    """Each view with something on screen, computed."""
    act = ActivationView()
    act.set_snapshot(_sigmoid_net())
    bars = GradientBars()
    bars.resize(600, 400)  # wide bars: their values are painted too
    bars.set_snapshot(_sigmoid_net())
    weights = WeightsView()
    weights.set_snapshot(make_snapshot(hidden=(3, 2), seed=4))
    weights.select_unit(1)
    collapse = CollapseView()
    collapse.set_snapshot(
        make_snapshot(hidden=(4, 3, 2), hidden_activation=("tanh", "linear", "linear"), seed=3)
    )
    lab = CompositionLab()
    views = {"activation": act, "bars": bars, "weights": weights, "collapse": collapse, "lab": lab}
    for v in views.values():
        qtbot.addWidget(v)
        if hasattr(v, "ensure_current"):
            v.ensure_current()
    return views


# --------------------------------------------------------------------------- Korean


def test_every_text_is_korean_in_the_korean_ui(qtbot, korean) -> None:
    views = _views(qtbot)
    for name, view in views.items():
        texts = _texts(view)
        assert texts, name
        english = {t: _english_words(t) for t in texts if _english_words(t)}
        assert not english, f"{name}: {english}"
        assert any(_has_hangul(t) for t in texts), name
    # What the issue saw in English, now Korean.
    act = views["activation"]
    assert axis_label_text(act.hist_plot, "left") == "개수"
    assert "포화" in act.stats_label.text()
    assert "z = x·W + b" in act.hist_caption.text() and _has_hangul(act.hist_caption.text())
    lab = views["lab"]
    assert lab.x_label.text().startswith("입력")
    assert lab.steps_label.text().startswith("단계별")
    assert views["collapse"].button.text() == "한 층으로 합치기"
    assert _has_hangul(views["weights"].title.text())
    assert "출력" in views["bars"].painted_texts()


def test_walkthrough_and_more_views_are_korean_too(qtbot, korean) -> None:
    # ReLU (dead units), softmax, a regression output, the output layer itself.
    act = ActivationView()
    qtbot.addWidget(act)
    for snap, layer in (
        (make_snapshot(hidden=(3,), hidden_activation="relu"), 0),
        (make_snapshot(hidden=(3,), n_classes=3), 1),
        (make_snapshot(hidden=(3,), task="regression"), 1),
        (_sigmoid_net(2), 2),
    ):
        act.set_snapshot(snap)
        act.set_layer(layer)
        act.ensure_current()
        english = [t for t in _texts(act) if _english_words(t)]
        assert not english, english
    weights = _views(qtbot)["weights"]
    canvas = weights.canvas
    tip = canvas.tooltip_at(canvas.cell_rect(0, 0).center())
    assert _has_hangul(tip) and not _english_words(tip)
    header = QPointF(canvas.cell_rect(0, 0).center().x(), canvas.cell_rect(0, 0).top() - 3)
    assert _has_hangul(canvas.tooltip_at(header))


def test_switching_back_to_english_restores_english(qtbot, korean) -> None:
    views = _views(qtbot)
    _switch("en")
    act = views["activation"]
    assert axis_label_text(act.hist_plot, "left") == "count"
    assert "Saturated" in act.stats_label.text()
    assert act.combo.itemText(0) == "Hidden 1 · Sigmoid"
    assert views["lab"].add_button.text() == "Add function"
    assert views["lab"].steps_label.text().startswith("Step by step: f(10) = 21")
    assert views["collapse"].button.text() == "Collapse into one layer"
    assert views["weights"].layer_label.text() == "Layer"
    assert views["weights"].title.text() == "W: 2×3 · rows = inputs, columns = neurons"
    assert "out" in views["bars"].painted_texts()
    for view in views.values():
        assert not any(_has_hangul(t) for t in _texts(view))
    _switch("ko")
    assert act.combo.itemText(0) == "은닉층 1 · Sigmoid"


# --------------------------------------------------------------------------- lesson text


@pytest.mark.parametrize("n_hidden", [1, 3])
def test_sigmoid_bound_counts_the_hidden_layers_with_cross_entropy(qtbot, n_hidden) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.set_experiment(Experiment())  # binary cross-entropy: dL/dz = a − y at the output
    view.set_snapshot(_sigmoid_net(n_hidden))  # sigmoid hidden layers and a sigmoid output
    view.ensure_current()
    s = view.stats
    assert s is not None and s.max_grad == 0.25
    assert s.n_same == n_hidden + 1  # the output is a sigmoid too ...
    assert s.n_factors == n_hidden  # ... but its σ′ is not multiplied in
    assert s.bound == 0.25**n_hidden
    text = _plain(view.stats_label.text())
    power = "0.25" + "¹³"[n_hidden == 3] + " = " + format_number(0.25**n_hidden)
    assert power in text
    assert "a − y has no f′" in text
    assert "0.25" + "¹²³⁴"[n_hidden] not in text  # not the output's factor as well


def test_sigmoid_bound_includes_the_output_with_mean_squared_error(qtbot) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.set_experiment(Experiment(hyper=Hyper(loss="mse")))
    view.set_snapshot(_sigmoid_net(3))
    view.ensure_current()
    assert view.stats is not None and view.stats.n_factors == 4
    assert view.stats.bound == 0.25**4
    assert "0.25⁴ = " + format_number(0.25**4) in _plain(view.stats_label.text())


def test_sigmoid_output_layer_with_cross_entropy_says_its_slope_is_not_used(qtbot) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.set_snapshot(make_snapshot(hidden=(3,), hidden_activation="tanh"))
    view.set_layer(1)  # the sigmoid output, binary cross-entropy
    view.ensure_current()
    assert view.stats is not None and view.stats.n_factors == 0
    text = _plain(view.stats_label.text())
    assert "This is the output layer" in text and "Backprop multiplies" not in text


def test_korean_bound_text_has_the_number(qtbot, korean) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.set_snapshot(_sigmoid_net(3))
    view.ensure_current()
    text = _plain(view.stats_label.text())
    assert "은닉층 3개" in text and "0.25³ = " + format_number(0.25**3) in text


def test_collapse_view_without_a_hidden_layer_says_so(qtbot) -> None:
    view = CollapseView()
    qtbot.addWidget(view)
    view.set_snapshot(make_snapshot(hidden=()))
    assert view.runs == [] and view.current() is None and not view.button.isEnabled()
    text = _plain(view.stack_label.text())
    assert text.startswith("This network has no hidden layer left")
    assert "every hidden layer" not in text
    view.set_snapshot(make_snapshot(hidden=(3,), hidden_activation="tanh"))
    view.ensure_current()
    assert "every hidden layer has a non-linear activation" in _plain(view.stack_label.text())


def test_collapse_view_without_a_hidden_layer_in_korean(qtbot, korean) -> None:
    view = CollapseView()
    qtbot.addWidget(view)
    view.set_snapshot(make_snapshot(hidden=()))
    view.ensure_current()
    text = _plain(view.stack_label.text())
    assert "은닉층이 남아 있지 않습니다" in text and not _english_words(text)


# --------------------------------------------------------------------------- theme


def _dark(color: QColor) -> bool:
    return QColor(color).lightnessF() < 0.2


def _light(color: QColor) -> bool:
    return QColor(color).lightnessF() > 0.75


def test_dark_theme_is_dark_with_light_texts(qtbot) -> None:
    views = _views(qtbot)
    t = theme("dark", 2.0, True)
    for view in views.values():
        view.apply_theme(t)
    act, bars = views["activation"], views["bars"]
    for plot in (act.curve_plot, act.hist_plot, bars.plot):
        assert _dark(plot.backgroundBrush().color())
        for name in ("left", "bottom"):
            axis = plot.getPlotItem().getAxis(name)
            assert _light(axis.textPen().color()) and _light(axis.pen().color())
            assert axis.pen().widthF() == pytest.approx(t.line)
    assert _light(act.legend.labelTextColor()) and _dark(act.legend.brush().color())
    assert _light(act.max_label.color)
    assert _light(act.f_curve.opts["pen"].color())
    assert act.f_curve.opts["pen"].widthF() == pytest.approx(3 * t.line)
    assert all(_light(label.color) for label in bars.value_labels)
    assert act.formula.font().pointSizeF() == pytest.approx(t.pt(1.15))
    assert views["lab"].note.styleSheet() == f"color: {t.secondary};"

    # The matrix: a black ground, light labels, the cells in the data's colours.
    for key in ("weights", "collapse"):
        view = views[key]
        view.resize(view.minimumSizeHint().expandedTo(view.sizeHint()))
        view.show()
        qtbot.waitExposed(view)
        canvas = view.canvas
        img = canvas.grab().toImage()
        assert _dark(img.pixelColor(1, 1))
        cell = canvas.cell_rect(0, 0)
        label_right = int(cell.left()) - (int(cell.width()) + 12 if key == "weights" else 2)
        band = [
            img.pixelColor(x, y)
            for x in range(0, max(1, label_right))
            for y in range(int(cell.top()), int(cell.bottom()))
        ]
        assert any(_light(c) for c in band), key  # the row label, light on black
        assert not any(c.lightnessF() > 0.3 and c.lightnessF() < 0.7 for c in band[:50])


def test_back_to_normal_theme(qtbot) -> None:
    views = _views(qtbot)
    for view in views.values():
        view.apply_theme(theme("dark", 2.0, True))
        view.apply_theme(theme("normal"))
    plot = views["activation"].curve_plot
    assert plot.backgroundBrush().color() == QColor("#ffffff")
    assert views["lab"].note.styleSheet() == "color: #555555;"


# --------------------------------------------------------------------------- sizes


def _check_not_clipped(view: QWidget) -> list[str]:
    problems = []
    for w in view.findChildren(QWidget):
        if not w.isVisibleTo(view):
            continue
        fm = QFontMetrics(w.font())
        if isinstance(w, QLabel) and w.text():
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if w.height() < need:
                    problems.append(f"label {w.text()[:30]!r}: {w.height()} < {need}")
            else:
                m = w.contentsMargins()
                need = fm.horizontalAdvance(_plain(w.text())) + m.left() + m.right()
                if w.width() < need:
                    problems.append(f"label {w.text()!r}: {w.width()} < {need}")
        elif isinstance(w, QAbstractButton) and w.text():
            if w.width() < fm.horizontalAdvance(w.text()):
                problems.append(f"button {w.text()!r}: {w.width()}")
        elif isinstance(w, QComboBox) and w.count():
            widest = max(fm.horizontalAdvance(w.itemText(k)) for k in range(w.count()))
            if w.width() < widest:
                problems.append(f"combo {w.currentText()!r}: {w.width()} < {widest}")
    return problems


@pytest.mark.parametrize("scale", [1.0, 1.6, 2.5])
def test_nothing_is_clipped_at_the_minimum_size(qtbot, korean, scale: float) -> None:
    t = theme("dark", scale, scale > 1.0)
    app = QApplication.instance()
    old_font = app.font()
    app.setFont(t.app_font())  # as the window does with the theme
    try:
        for name, view in _views(qtbot).items():
            view.apply_theme(t)
            view.show()
            qtbot.waitExposed(view)
            size = view.minimumSizeHint()
            view.resize(size)
            _deliver()
            if hasattr(view, "ensure_current"):
                view.ensure_current()
            _deliver()
            problems = _check_not_clipped(view)
            assert not problems, (name, scale, size, problems)
            # The rotated left axis label fits the plot's height, the bottom one its width.
            for attr in ("curve_plot", "hist_plot", "plot"):
                plot = getattr(view, attr, None)
                if plot is None:
                    continue
                fm = QFontMetrics(t.font())
                left = fm.horizontalAdvance(axis_label_text(plot, "left"))
                bottom = fm.horizontalAdvance(axis_label_text(plot, "bottom"))
                assert plot.height() >= left and plot.width() >= bottom, name
            view.hide()
    finally:
        app.setFont(old_font)


def test_canvas_minimum_leaves_room_for_its_labels(qtbot) -> None:
    view = WeightsView()
    qtbot.addWidget(view)
    view.set_snapshot(make_snapshot(hidden=(6, 2), seed=1))
    view.set_layer(1)
    t = theme("normal", 2.5, True)
    view.apply_theme(t)
    view.ensure_current()
    canvas = view.canvas
    canvas.resize(canvas.minimumSizeHint())
    labels = [text for text in canvas.painted_texts() if text.startswith("h1.")]
    assert labels == [f"h1.{u}" for u in range(1, 7)]
    # Each row holds a line of the smallest label font, and the label column its labels.
    font = QFont(t.font())
    font.setPixelSize(round(9 * 2.5))
    fm = QFontMetrics(font)
    assert canvas.cell_rect(0, 0).height() >= fm.height()
    assert canvas.cell_rect(0, 0).left() >= fm.horizontalAdvance("h1.6")
