"""The data and hyper-parameter panels, CSV import, draw mode, the controls menu and the
compare window in Korean and back; the panels in a narrow column at presentation text
size (nothing clipped, in English and Korean); themes.

Translations come from resources/i18n/nnsim_ko.ts (the lead regenerates it from every
helper's JSON; ``python /tmp/i18n/merge.py`` does it locally).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QFont, QPalette, QTextDocument, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.experiment import CustomData, DataSpec, Experiment, Hyper, LayerSpec
from nnsim.gui import i18n
from nnsim.gui.app_context import AppContext
from nnsim.gui.commands import retranslate_stack
from nnsim.gui.compare import CompareWindow
from nnsim.gui.control_menu import ControlsMenu
from nnsim.gui.controller import TrainingController
from nnsim.gui.csv_import import CsvImportDialog, add_data_panel_buttons
from nnsim.gui.data_panel import DataPanel
from nnsim.gui.draw_mode import DrawMode
from nnsim.gui.hyper_panel import HyperPanel
from nnsim.gui.theme import Theme, theme
from nnsim.gui.views.boundary import OutputView
from nnsim.model import ExperimentModel

#: Texts that stay English in the Korean UI: names, symbols and numbers.
NAMES = {
    "Circle", "Exclusive or", "Two Gaussians", "Spiral", "Moons", "Blobs", "Plane",
    "Multi Gaussian", "Line", "Sine", "Linear", "Sigmoid", "Tanh", "ReLU", "Leaky ReLU",
    "Softmax", "SGD", "Adam", "L1", "L2", "CSV", "nnsim", "sin(",
}  # fmt: skip


def _switch(lang: str) -> None:
    i18n.install_language(lang)
    QApplication.processEvents()  # LanguageChange reaches the widgets


@pytest.fixture
def korean(qapp) -> Iterator[None]:
    """The UI in Korean for the test; English again afterwards, whatever happens."""
    try:
        _switch("ko")
        yield
    finally:
        _switch("en")


def _plain(text: str) -> str:
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def _english_left(text: str) -> bool:
    """Whether ``text`` holds an English word that is not a name."""
    for name in sorted(NAMES, key=len, reverse=True):  # "Leaky ReLU" before "ReLU"
        text = text.replace(name, "")
    return re.search(r"[A-Za-z]{3,}", text) is not None


def _panel_texts(panel: QWidget) -> list[str]:
    out: list[str] = []
    for w in panel.findChildren(QWidget):
        out.append(w.toolTip())
        if isinstance(w, QLabel):
            out.append(_plain(w.text()))
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QComboBox):
            out.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QAbstractSpinBox):
            out.append(w.text())
    return [t for t in out if t]


def _mixed_experiment() -> Experiment:
    """Widest texts: custom data, many mixed hidden layers, momentum, L2, both stops."""
    rng = np.random.default_rng(0)
    custom = CustomData(rng.uniform(-5, 5, (40, 2)), (rng.uniform(size=40) > 0.5) * 1.0)
    hidden = tuple(LayerSpec(16 if i % 2 else 15, "leaky_relu") for i in range(10))
    exp = Experiment(
        data=DataSpec(dataset="custom", custom=custom),
        hidden=hidden,
        hyper=Hyper(optimizer="momentum", regularization="l2", reg_rate=0.003),
    )

    from nnsim.core.experiment import StopCondition

    return replace(exp, stop=StopCondition(epoch=100000, test_loss_below=0.0123))


# ----------------------------------------------------------------------------- panels


def test_panels_in_korean_and_back_without_an_edit(qtbot) -> None:
    model = ExperimentModel(_mixed_experiment())
    stack = QUndoStack()
    dp, hp = DataPanel(model, stack), HyperPanel(model, stack)
    for p in (dp, hp):
        qtbot.addWidget(p)
    changes: list[object] = []
    model.changed.connect(lambda *args: changes.append(args))
    before = model.experiment
    combos = [w for p in (dp, hp) for w in p.findChildren(QComboBox)]
    selected = [(c.currentIndex(), c.currentData(), c.currentText()) for c in combos]
    english = {p: _panel_texts(p) for p in (dp, hp)}
    try:
        _switch("ko")
        assert dp._row_labels["data.noise"].text() == "잡음"
        assert hp._row_labels["hyper.learning_rate"].text() == "학습률"
        assert dp.regenerate_button.text() == "다시 생성"
        assert dp.features_title.text() == "입력 특성"
        assert dp.feature_boxes["x1"].toolTip() == "신경망 입력에 x₁ 넣기"
        assert dp.dataset_combo.currentText() == "직접 만든 데이터"
        assert hp.optimizer_combo.currentText() == "모멘텀"
        assert hp.reg_combo.itemText(hp.reg_combo.findData("none")) == "없음"
        assert hp.loss_combo.currentText() == "이진 교차 엔트로피"
        assert hp.stop_epoch_box.text() == "에포크"
        assert hp.stop_loss_box.text() == "테스트 손실 <"
        assert hp.width_spin.suffix() == " (혼합)"
        for p in (dp, hp):
            left = [t for t in _panel_texts(p) if _english_left(t)]
            assert left == [], left
    finally:
        _switch("en")
    for p in (dp, hp):
        assert _panel_texts(p) == english[p]  # exactly as before
    assert hp.optimizer_combo.currentText() == "Momentum"
    assert hp.reg_combo.itemText(0) == "none"
    # The switch re-labelled, nothing else: no edit, no undo step, same selections.
    assert stack.count() == 0 and changes == [] and model.experiment is before
    assert [(c.currentIndex(), c.currentData(), c.currentText()) for c in combos] == selected


def test_panel_edits_have_undo_texts_that_follow_the_language(qtbot) -> None:
    model = ExperimentModel(Experiment())
    stack = QUndoStack()
    hp = HyperPanel(model, stack)
    qtbot.addWidget(hp)
    hp.momentum_spin.setValue(0.5)
    hp.batch_spin.setValue(20)
    assert stack.undoText() == "Batch size"
    try:
        _switch("ko")
        retranslate_stack(stack)  # what the window does on a switch
        assert stack.undoText() == "배치 크기"
        assert stack.command(0).text() == "모멘텀"
    finally:
        _switch("en")
    retranslate_stack(stack)
    assert stack.command(0).text() == "Momentum"


def test_a_refused_edit_is_reported_in_the_ui_language(qtbot, korean) -> None:
    model = ExperimentModel(Experiment())
    hp = HyperPanel(model, QUndoStack())
    qtbot.addWidget(hp)
    seen: list[str] = []
    hp.rejected.connect(seen.append)
    hp.loss_combo.setCurrentIndex(hp.loss_combo.findData("softmax_ce"))  # not for 2 classes
    assert seen and re.search("[가-힣]", seen[-1]), seen


def _type_and_enter(field: QWidget, text: str) -> None:
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Delete)
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def test_a_refused_typed_number_is_explained_in_korean(qtbot, korean) -> None:
    """The message at the field and in the status bar is Korean, field name included."""
    model = ExperimentModel(Experiment())
    dp, hp = DataPanel(model, QUndoStack()), HyperPanel(model, QUndoStack())
    for p in (dp, hp):
        qtbot.addWidget(p)
    seen: list[str] = []
    hp.rejected.connect(seen.append)
    dp.rejected.connect(seen.append)
    before = model.experiment

    _type_and_enter(hp.lr_combo, "1e3")
    assert hp.lr_combo.error_message() == "학습률 값은 0보다 크고 100 이하여야 합니다(입력값: 1e3)."
    _type_and_enter(hp.momentum_spin, "1,5")
    assert hp.momentum_spin.error_message() == (
        "모멘텀: “1,5”은(는) 여기서 숫자로 읽을 수 없습니다. "
        "소수점은 점(.)으로 쓰고 천 단위 구분 기호는 쓰지 마세요."
    )
    _type_and_enter(dp.noise_spin, "60")
    assert dp.noise_spin.error_message() == "잡음 값은 0 %에서 50 % 사이여야 합니다(입력값: 60)."
    hp.stop_epoch_box.setChecked(True)
    _type_and_enter(hp.stop_epoch_spin, "2.5")
    assert hp.stop_epoch_spin.error_message() == "정지 에포크 값은 정수여야 합니다(입력값: 2.5)."
    _type_and_enter(hp.stop_epoch_spin, "")
    assert hp.stop_epoch_spin.error_message() == "정지 에포크: 숫자를 입력하세요."
    _type_and_enter(hp.reg_rate_combo, "abc")
    assert hp.reg_rate_combo.error_message().startswith("정규화 강도: “abc”은(는) 숫자가 아닙니다.")
    assert len(seen) == 6 and all(re.search("[가-힣]", m) for m in seen), seen
    assert replace(model.experiment, stop=before.stop) == before  # nothing typed was taken


def _content_width(w: QWidget) -> int:
    """Width available to the text of ``w`` (its edit field for combos and spin boxes)."""
    style = w.style()
    if isinstance(w, QComboBox):
        opt = QStyleOptionComboBox()
        w.initStyleOption(opt)
        rect = style.subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, w
        )
        return rect.width()
    if isinstance(w, QAbstractSpinBox):
        opt = QStyleOptionSpinBox()
        w.initStyleOption(opt)
        rect = style.subControlRect(
            QStyle.ComplexControl.CC_SpinBox, opt, QStyle.SubControl.SC_SpinBoxEditField, w
        )
        return rect.width()
    return w.contentsRect().width()


def _clipped(panel: QWidget) -> list[str]:
    """Every visible text of ``panel`` that does not fit its widget (or the panel)."""
    problems: list[str] = []
    for w in panel.findChildren(QWidget):
        if not w.isVisibleTo(panel) or w.width() <= 0:
            continue
        corner = w.mapTo(panel, QPoint(w.width(), w.height()))
        if corner.x() > panel.width() or corner.y() > panel.height():
            problems.append(f"{type(w).__name__} {w.objectName()} outside the panel")
        fm = w.fontMetrics()
        if isinstance(w, QLabel):
            text = _plain(w.text())
            if not text:
                continue
            if w.wordWrap():
                # A wrapping label needs its longest unbreakable piece and its height.
                pieces = re.split(r"[\s\u200b]+", text)
                need = max(fm.horizontalAdvance(p) for p in pieces)
                if w.height() < w.heightForWidth(w.width()):
                    problems.append(f"label {text!r} too short")
            else:
                need = fm.horizontalAdvance(text)
            if _content_width(w) < need:
                problems.append(f"label {text!r}: {_content_width(w)} < {need}")
        elif isinstance(w, QAbstractButton):
            text = w.text().replace("&", "")
            need = max(w.sizeHint().width(), fm.horizontalAdvance(text))
            if text and w.width() < need:
                problems.append(f"button {text!r}: {w.width()} < {w.sizeHint().width()}")
        elif isinstance(w, QComboBox):
            text = w.currentText()
            margin = 4 if w.isEditable() else 2
            if _content_width(w) < fm.horizontalAdvance(text) + margin:
                problems.append(f"combo {text!r}: {_content_width(w)}")
        elif isinstance(w, QAbstractSpinBox):
            text = w.text()
            if _content_width(w) < fm.horizontalAdvance(text) + 2:
                problems.append(f"spin box {text!r}: {_content_width(w)}")
    return problems


@pytest.fixture
def presentation_font(qapp) -> Iterator[float]:
    """The application font x 1.6, as presentation mode sets it; restored afterwards."""
    original = QFont(QApplication.font())
    big = QFont(original)
    big.setPointSizeF(original.pointSizeF() * 1.6)
    try:
        QApplication.setFont(big)
        yield 1.6
    finally:
        QApplication.setFont(original)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("experiment", ["default", "mixed"])
def test_panels_fit_a_narrow_column_at_presentation_size(
    qtbot, presentation_font, lang: str, experiment: str
) -> None:
    exp = Experiment() if experiment == "default" else _mixed_experiment()
    model = ExperimentModel(exp)
    stack = QUndoStack()
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    dp, hp = DataPanel(model, stack), HyperPanel(model, stack)
    layout.addWidget(dp)
    layout.addWidget(hp)
    try:
        if lang != "en":
            _switch(lang)
        host.show()
        QApplication.processEvents()
        narrowest = max(dp.minimumSizeHint().width(), hp.minimumSizeHint().width())
        # One folding side panel of the presentation stage: ~300-380 px at scale 1.6.
        assert narrowest <= 300, narrowest
        for width in (340, narrowest, 480):
            host.resize(width, host.heightForWidth(width))
            QApplication.processEvents()
            assert host.width() == width
            for panel in (dp, hp):
                assert panel.width() == width
                assert _clipped(panel) == [], (width, _clipped(panel))
    finally:
        _switch("en")


def test_panels_follow_a_font_change_after_they_were_built(qtbot, qapp) -> None:
    """Presentation mode enlarges the font of panels that exist: the fields widen too."""
    model = ExperimentModel(_mixed_experiment())
    hp = HyperPanel(model, QUndoStack())
    qtbot.addWidget(hp)
    hp.show()
    small = hp.minimumSizeHint().width()
    original = QFont(QApplication.font())
    big = QFont(original)
    big.setPointSizeF(original.pointSizeF() * 1.6)
    try:
        QApplication.setFont(big)
        for _ in range(3):  # font change, then the layouts' requests
            QApplication.processEvents()
        assert hp.minimumSizeHint().width() > small
        hp.resize(hp.minimumSizeHint().width(), hp.heightForWidth(hp.minimumSizeHint().width()))
        QApplication.processEvents()
        assert _clipped(hp) == []
    finally:
        QApplication.setFont(original)


def test_panel_captions_take_the_theme(qtbot) -> None:
    hp = HyperPanel(ExperimentModel(Experiment()), QUndoStack())
    qtbot.addWidget(hp)
    role = QPalette.ColorRole.WindowText
    assert hp.sizes_label.palette().color(role) == QColor(Theme().secondary)
    hp.apply_theme(theme("dark", 1.6, True))
    assert hp.sizes_label.palette().color(role) == QColor("#d0d0d0")
    hp.apply_theme(Theme())
    assert hp.sizes_label.palette().color(role) == QColor(Theme().secondary)
    # Nothing but that caption has a colour of its own: the rest follows the palette.
    own = [w for w in hp.findChildren(QWidget) if w.styleSheet()]
    assert own == []


# ----------------------------------------------------------------------------- CSV


def _csv(tmp_path: Path, text: str, name: str = "points.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_csv_dialog_in_korean_and_back(qtbot, tmp_path: Path) -> None:
    rows = "\n".join(f"{i * 0.1:.1f},{-i * 0.1:.1f},{i % 2}" for i in range(30))
    d = CsvImportDialog(_csv(tmp_path, rows + "\n"))  # no header: "column 1", ...
    qtbot.addWidget(d)
    d.choose(x1=1, x2=None, target=2, task="regression")
    choice = d.selection()
    assert d.column_names() == ["column 1", "column 2", "column 3"]
    assert d.message.text() == "30 rows; the first 20 are shown."
    try:
        _switch("ko")
        assert d.windowTitle() == "points.csv 가져오기"
        assert d.first_rows.text() == "points.csv의 처음 몇 행:"
        assert d.column_names() == ["1열", "2열", "3열"]
        assert d.preview.horizontalHeaderItem(0).text() == "1열"
        assert d.x2_box.currentText() == "없음 (1차원 데이터)"
        assert d.target_box.currentText() == "3열"
        assert d.task_box.currentText() == "값"
        assert d.message.text() == "30행 중 처음 20행을 보여 줍니다."
        labels = [lb.text() for lb in d._form_labels]
        assert labels == ["x₁ 열", "x₂ 열", "목표값 열", "목표값의 종류"]
        assert d.selection() == choice
    finally:
        _switch("en")
    assert d.windowTitle() == "Import points.csv"
    assert d.x2_box.currentText() == "none (1-D data)"
    assert d.task_box.currentText() == "value"
    assert d.selection() == choice


def test_csv_problem_is_shown_in_korean_with_a_warning_sign(qtbot, tmp_path: Path) -> None:
    d = CsvImportDialog(_csv(tmp_path, "a,b,c\n1,2,3\n1,x?,3\n"))
    qtbot.addWidget(d)
    d.show()
    assert "row 3, column 2" in d.message.text()
    assert d.message_icon.isVisible()
    try:
        _switch("ko")
        assert "3행 2열" in d.message.text()  # the core's message, localized
        assert d.message_icon.isVisible()
    finally:
        _switch("en")
    assert "row 3, column 2" in d.message.text()
    assert d.message.styleSheet() == ""  # no hard-coded colour


# ----------------------------------------------------------------------------- draw mode


class _Window(QMainWindow):
    """Just what the data panel's buttons use of the main window (and draw mode)."""

    def __init__(self, exp: Experiment) -> None:
        super().__init__()
        self.model = ExperimentModel(exp)
        self.undo_stack = QUndoStack(self)
        self.output_view = OutputView()
        self.setCentralWidget(self.output_view)
        self.import_csv_action = QAction("&Import CSV…", self)
        self.data_panel = DataPanel(self.model, self.undo_stack)
        # Draw mode needs a context and the plot, not the window; a controller that
        # never starts is enough.
        context = AppContext(self.model, self.undo_stack, TrainingController(exp), parent=self)
        context.notified.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.draw_mode = DrawMode(context, self.output_view.plot)
        self.source_buttons = add_data_panel_buttons(
            self.data_panel, self.import_csv_action, self.draw_mode.action
        )


def test_draw_mode_and_data_buttons_in_korean_and_back(qtbot) -> None:
    pts = CustomData(np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0.0, 1.0]))
    w = _Window(Experiment(data=DataSpec(dataset="custom", custom=pts)))
    qtbot.addWidget(w)
    dm = w.draw_mode
    dm.set_enabled(True)
    dm.set_class(2)
    buttons = {b.defaultAction(): b for b in w.source_buttons.buttons}
    assert buttons[dm.action].text() == "Draw data points"
    assert buttons[w.import_csv_action].text() == "Import CSV…"
    try:
        _switch("ko")
        assert dm.action.text() == "데이터 점 그리기(&D)"
        assert buttons[dm.action].text() == "데이터 점 그리기"
        assert buttons[w.import_csv_action].text() == "CSV 가져오기…"
        assert dm.class_box.currentText() == "클래스 3" and dm.class_index == 2
        assert dm.class_actions[0].text() == "클래스 1"
        assert dm.hint.text() == "클릭: 추가 (클래스 3) · 오른쪽 클릭: 삭제"
        assert not _english_left(dm.action.statusTip())
        # The last 2 points cannot go: the reason is Korean.
        assert not dm.click(0.0, 0.0, add=False)
        assert "점이 2개 이상 있어야 합니다" in w.statusBar().currentMessage()
        assert dm.click(0.5, 0.5, add=True)
        assert w.undo_stack.undoText() == "점 찍기"
    finally:
        _switch("en")
    assert dm.hint.text() == "click: add (class 3) · right-click: remove"
    assert dm.class_box.currentText() == "class 3"
    assert buttons[dm.action].text() == "Draw data points"
    dm.set_enabled(False)


# ----------------------------------------------------------------------------- controls menu


def test_controls_menu_in_korean_and_back(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    view = window.menuBar().addMenu("&View")
    model = ExperimentModel(Experiment())
    stack = QUndoStack()
    menu = ControlsMenu(window, view, model, stack)
    assert menu.menu.title() == "Show/hide &controls"
    try:
        _switch("ko")
        assert menu.menu.title() == "컨트롤 표시/숨기기(&C)"
        assert menu.actions["data.noise"].text() == "잡음"
        menu.set_shown("data.noise", False)
        assert stack.undoText() == "잡음 숨기기"
    finally:
        _switch("en")
    assert menu.actions["data.noise"].text() == "Noise"
    retranslate_stack(stack)
    assert stack.undoText() == "Hide Noise"


# ----------------------------------------------------------------------------- compare


@pytest.fixture
def compare(qtbot) -> Iterator[CompareWindow]:
    # Run A is a context's: a model and a controller that is never started, no window.
    exp = Experiment(data=DataSpec(n_samples=60))
    context = AppContext(ExperimentModel(exp), QUndoStack(), TrainingController(exp))
    c = CompareWindow(context)
    qtbot.addWidget(c)
    yield c
    c.close()
    context.controller.shutdown()


def test_compare_window_in_korean_and_back(compare, qtbot) -> None:
    c = compare
    c.activation_box.setCurrentIndex(c.activation_box.findData("relu"))
    english = {lb: lb.text() for lb in c.findChildren(QLabel) if lb is not c.status}
    axis = c.loss_plot.getPlotItem().getAxis("left")
    try:
        _switch("ko")
        assert c.windowTitle() == "A / B 비교 — nnsim"
        assert c.play_button.text() == "둘 다 학습"
        assert c.reset_button.text() == "둘 다 초기화"
        assert c.activation_label.text() == "B: 은닉층 활성화 함수"
        assert "(실선)" in c.title_a.text() and "학습률" in c.title_a.text()
        assert "ReLU" in c.title_b.text() and "(점선)" in c.title_b.text()
        assert axis.labelText == "학습 손실"
        assert c.activation_box.currentData() == "relu"
        assert c.hyper_b.stop_epoch_box.text() == "에포크"  # the hosted panel too
        for label in c.findChildren(QLabel):
            assert not _english_left(_plain(label.text())), label.text()
    finally:
        _switch("en")
    assert {lb: lb.text() for lb in english} == english
    assert axis.labelText == "training loss"
    assert c.experiment_b.hidden[0].activation == "relu"


def test_compare_window_applies_a_theme_and_restores_the_normal_one(compare) -> None:
    if not hasattr(OutputView, "apply_theme"):
        pytest.skip("OutputView.apply_theme is not there yet (another part of this round)")
    c = compare
    plot = c.loss_plot
    normal_bg = plot.backgroundBrush().color()
    normal_width = c.loss_curves["A"].opts["pen"].widthF()
    normal_size = plot.getPlotItem().getAxis("left").labelStyle["font-size"]
    c.apply_theme(theme("dark", 1.6, True))
    assert plot.backgroundBrush().color() == QColor("#000000")
    assert c.loss_curves["A"].opts["pen"].widthF() == pytest.approx(normal_width * 2)
    assert plot.getPlotItem().getAxis("left").labelStyle["font-size"] != normal_size
    assert c.hyper_b.theme.dark
    c.apply_theme(Theme())
    assert plot.backgroundBrush().color() == normal_bg
    assert c.loss_curves["A"].opts["pen"].widthF() == pytest.approx(normal_width)
    assert plot.getPlotItem().getAxis("left").labelStyle["font-size"] == normal_size
