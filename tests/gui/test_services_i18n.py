"""The services' texts in Korean and back (autosave, recovery, load errors, undo texts,
exports, clips, the controller's divergence message, the recording aids), and the
recording aids' themes.

Translations come from resources/i18n/nnsim_ko.ts (the lead regenerates it from every
helper's JSON; ``python /tmp/i18n/merge.py`` does it locally).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QWidget

from nnsim.core.experiment import DataSpec, Experiment, Hyper, LayerSpec
from nnsim.gui import i18n
from nnsim.gui.app_context import AppContext
from nnsim.gui.autosave import RECOVER_UNDO_TEXT, Autosaver
from nnsim.gui.clip import TARGETS, ClipActions, ClipDialog
from nnsim.gui.commands import SetExperimentCommand, retranslate_stack
from nnsim.gui.controller import TrainingController
from nnsim.gui.export import ExportActions, ExportViews
from nnsim.gui.recording import CAPTION_LINES, CAPTION_SIZE, RecordingAids
from nnsim.gui.recovery import Recovery, ask_recover
from nnsim.gui.theme import Theme, theme
from nnsim.model import ExperimentModel
from nnsim.storage import LoadError, list_lessons, read_experiment


@pytest.fixture
def korean(qapp) -> Iterator[None]:
    """The UI in Korean for the test; English again afterwards, whatever happens."""
    try:
        i18n.install_language("ko")
        QApplication.processEvents()  # LanguageChange reaches the widgets
        yield
    finally:
        i18n.install_language("en")
        QApplication.processEvents()


def _english() -> None:
    i18n.install_language("en")
    QApplication.processEvents()


class _Window(QMainWindow):
    """A window with exports and clips: a context and plain widgets as the views."""

    def __init__(self) -> None:
        super().__init__()
        exp = Experiment()
        model = ExperimentModel(exp)
        context = AppContext(model, QUndoStack(self), TrainingController(exp), self, self)
        self.network_view = QWidget(self)
        self.output_view = QWidget(self)
        self.loss_plot = QWidget(self)
        self.gradient_plot = QWidget(self)
        views = ExportViews(
            self, self.network_view, self.output_view, self.loss_plot, self.gradient_plot
        )
        self.exports = ExportActions(context, views)
        self.clips = ClipActions(context, views.by_key())


@pytest.fixture
def window(qtbot) -> _Window:
    w = _Window()
    qtbot.addWidget(w)
    return w


# ----------------------------------------------------------------------------- exports


def test_export_menu_and_dialog_in_korean(window, korean, monkeypatch) -> None:
    w = window
    assert w.exports.export_menu.title() == "내보내기(&E)"
    assert w.exports.recent_menu.title() == "최근 파일 열기(&R)"
    assert w.exports.actions["loss_png"].text() == "손실 그래프를 PNG로…"
    assert w.exports.actions["json_bare"].text() == "실험을 JSON으로 (가중치 없이)…"
    asked: list[tuple[str, str]] = []

    def save_name(_parent, title, _start, filters):
        asked.append((title, filters))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    w.exports.actions["loss_png"].trigger()
    assert asked == [("내보내기", "PNG 이미지 (*.png);;모든 파일 (*)")]  # globs kept
    _english()
    assert w.exports.export_menu.title() == "&Export"
    assert w.exports.actions["loss_png"].text() == "Loss plot as PNG…"
    w.exports.actions["script"].trigger()
    assert asked[-1] == ("Export", "Python script (*.py);;All files (*)")


# ----------------------------------------------------------------------------- clips


def test_clip_action_and_dialog_in_korean(window, korean, qtbot) -> None:
    w = window
    assert w.clips.action.text() == "화면 녹화…"
    dialog = ClipDialog(list(TARGETS), w)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "화면 녹화"
    assert dialog.target_box.itemText(0) == "창 전체"
    dialog.target_box.setCurrentIndex(3)
    dialog.format_box.setCurrentIndex(1)
    _english()  # the open dialog follows, keeping the choice and its data
    assert w.clips.action.text() == "Record clip…"
    assert dialog.windowTitle() == "Record clip"
    assert dialog.target_box.currentText() == "loss plot"
    assert dialog.target_box.currentData() == "loss"
    assert dialog.format_box.currentText() == "animated GIF" and dialog.fmt() == "gif"
    assert w.clips.targets()["loss plot"] is w.loss_plot


# ----------------------------------------------------------------------------- autosave


def test_recovery_offer_and_autosave_failure_in_korean(korean, tmp_path, monkeypatch) -> None:
    rec = Recovery(tmp_path / "a.json", None, time.time() - 5, "", 1234)
    text = rec.describe()
    assert "제목 없는 실험" in text and "1,234" in text and "초 전" in text
    assert "복구할까요?" in text
    shown: list[tuple[str, str]] = []

    def question(_parent, title, body, *_args):
        shown.append((title, body))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    assert ask_recover(None, rec) is False
    assert shown == [("저장하지 않은 작업을 복구할까요?", text)]
    old = Recovery(tmp_path / "b.json", None, time.time() - 3 * 86400, "강의", 7)
    assert "“강의”" in old.describe() and "년" in old.describe()  # a Korean date

    stack = QUndoStack()
    exp = Experiment()
    saver = Autosaver(stack, lambda: exp, lambda: None, directory=tmp_path, interval_ms=60_000)
    saver.start()
    stack.push(SetExperimentCommand(ExperimentModel(exp), replace(exp, title="x"), "edit"))
    failures: list[str] = []
    saver.failed.connect(failures.append)
    saver.path.mkdir()  # a folder where the file should go
    assert saver.tick() is False
    assert len(failures) == 1 and failures[0].startswith("자동 저장 실패: ")
    saver.path.rmdir()
    saver.stop()
    _english()
    assert rec.describe().startswith("nnsim did not close normally last time")


# ----------------------------------------------------------------------------- load errors


def test_load_errors_keep_english_text_and_localize(korean, tmp_path) -> None:
    with pytest.raises(LoadError) as missing:
        read_experiment(tmp_path / "gone.json")
    assert str(missing.value).startswith("gone.json: there is no such file")
    assert i18n.localize(missing.value.message) == (
        "gone.json: 그런 파일이 없습니다 (옮겨졌거나 이름이 바뀌었거나 삭제되었을 수 있습니다)."
    )
    with pytest.raises(LoadError) as folder:
        read_experiment(tmp_path)
    assert i18n.localize(folder.value.problem) == "파일이 아니라 폴더입니다."
    bad = tmp_path / "bad.json"
    bad.write_text('{"hyper": {"learning_rate": "fast"}}')
    with pytest.raises(LoadError) as invalid:
        read_experiment(bad)
    problem = invalid.value.problem
    assert problem.startswith("it is not a valid nnsim experiment. ") and problem.endswith(".")
    assert i18n.localize(problem).startswith("올바른 nnsim 실험 파일이 아닙니다. ")
    assert "learning_rate" in i18n.localize(problem)  # the core's reason, inside


# ----------------------------------------------------------------------------- undo texts


def test_undo_text_follows_the_language(qapp) -> None:
    model = ExperimentModel(Experiment())
    stack = QUndoStack()
    undo = stack.createUndoAction(None, "&Undo")
    try:
        stack.push(
            SetExperimentCommand(model, replace(model.experiment, title="a"), RECOVER_UNDO_TEXT)
        )
        assert stack.undoText() == "Recover unsaved work"
        i18n.install_language("ko")
        retranslate_stack(stack)
        assert stack.undoText() == "저장하지 않은 작업 복구"
        assert undo.text().endswith("저장하지 않은 작업 복구")  # Edit > Undo "…"
        # Made while the UI is Korean: Korean from the start.
        command = SetExperimentCommand(
            model, replace(model.experiment, title="b"), RECOVER_UNDO_TEXT
        )
        assert command.text() == "저장하지 않은 작업 복구"
    finally:
        i18n.install_language("en")
    retranslate_stack(stack)
    assert (
        stack.undoText() == "Recover unsaved work" and undo.text() == "&Undo Recover unsaved work"
    )


# ----------------------------------------------------------------------------- controller


def test_divergence_message_reaches_the_ui_in_korean(korean, qtbot) -> None:
    exp = Experiment(
        data=DataSpec(dataset="plane"),
        hidden=(LayerSpec(8, "relu"), LayerSpec(8, "relu")),
        output_activation="linear",
        hyper=Hyper(loss="mse", learning_rate=100.0),
    )
    c = TrainingController(exp)
    try:
        c.start()
        qtbot.waitUntil(lambda: c.latest is not None, timeout=10_000)
        with qtbot.waitSignal(c.diverged, timeout=10_000) as diverged:
            c.play()
        message = diverged.args[0]
        assert "학습이 발산했습니다" in message, message
        assert "diverged" in str(c.halt_message)  # kept untranslated, to show again
        _english()
        assert i18n.localize(c.halt_message) == str(c.halt_message)
    finally:
        c.shutdown()


# ----------------------------------------------------------------------------- recording


@pytest.fixture
def aids(qtbot) -> Iterator[tuple[QMainWindow, RecordingAids]]:
    w = QMainWindow()
    w.setCentralWidget(QWidget())
    qtbot.addWidget(w)
    view = w.menuBar().addMenu("&View")
    rec = RecordingAids(w, view)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    yield w, rec
    rec.ring.set_enabled(False)
    rec.shortcuts.set_enabled(False)


def test_recording_aids_in_korean(aids, korean) -> None:
    _w, rec = aids
    assert rec.menu.title() == "녹화 도우미(&R)"
    assert rec.ring_action.text() == "마우스 고리(&R)"
    assert rec.shortcut_action.text() == "단축키 표시(&S)"
    assert rec.caption_action.text() == "수업 자막(&C)"
    assert rec.next_action.text() == "다음 자막(&N)"
    assert rec.captions.text == "수업을 열면 여기에 자막이 나옵니다."
    assert rec.captions.windowTitle() == "자막"
    _english()
    assert rec.menu.title() == "&Recording aids"
    assert rec.captions.text == "Open a lesson to see its captions here."


def _overlay_pixel(rec: RecordingAids) -> QColor:
    image = rec.shortcuts.grab().toImage()
    size = rec.shortcuts.size()
    return image.pixelColor(size.width() // 2, size.height() - 80)


def test_recording_aids_follow_the_theme(aids, qtbot) -> None:
    w, rec = aids
    bar, overlay, ring = rec.captions, rec.shortcuts, rec.ring
    rec.caption_action.trigger()
    qtbot.waitUntil(bar.isVisible, timeout=2000)
    normal_palette = QPalette(bar.palette())
    normal_pt = bar.label.font().pointSizeF()
    assert normal_pt == pytest.approx(Theme().pt(CAPTION_SIZE))  # today's 1.4 x 9 pt
    assert ring.rim_color == QColor(0, 0, 0, 160)
    assert overlay.box_color == QColor(20, 20, 20, 215)
    assert overlay.text_color == QColor(255, 255, 255)
    overlay.show_text("Space — Play")
    assert overlay.painted_texts() == ["Space — Play"]
    normal_font = overlay.text_font().pointSizeF()

    dark = theme("dark", 1.6, True)
    rec.apply_theme(dark)
    QApplication.processEvents()
    assert bar.palette().color(QPalette.ColorRole.Window) == QColor(dark.surface)
    assert bar.palette().color(QPalette.ColorRole.WindowText) == QColor(dark.foreground)
    assert bar.label.font().pointSizeF() == pytest.approx(dark.pt(CAPTION_SIZE))
    assert overlay.text_font().pointSizeF() == pytest.approx(1.6 * normal_font)
    assert overlay.text_color == QColor("#ffffff") and overlay.border_color is not None
    assert _overlay_pixel(rec).lightness() < 60  # a dark slab, not a white one
    assert ring.rim_color == QColor(255, 255, 255, 160)  # a light rim on the black ground
    assert ring.pulse_radius > 42.0

    rec.apply_theme(Theme())
    QApplication.processEvents()
    assert bar.palette() == normal_palette
    assert bar.label.font().pointSizeF() == pytest.approx(normal_pt)
    assert overlay.text_font().pointSizeF() == pytest.approx(normal_font)
    assert overlay.box_color == QColor(20, 20, 20, 215) and overlay.border_color is None
    assert ring.rim_color == QColor(0, 0, 0, 160) and ring.pulse_radius == 42.0
    assert w.size() == QSize(1280, 720)


def test_a_long_caption_is_never_clipped_or_elided(aids, qtbot) -> None:
    w, rec = aids
    bar = rec.captions
    rec.caption_action.trigger()
    lesson = max(list_lessons(), key=lambda ls: len(ls.caption_in("en")))
    bar.set_lesson(lesson)
    full = f"{lesson.title_in('en')} — {lesson.caption_in('en')}"
    for theme_now, width in ((Theme(), 1280), (theme("dark", 1.6, True), 1280), (Theme(), 700)):
        rec.apply_theme(theme_now)
        w.resize(width, 720)
        QApplication.processEvents()
        qtbot.waitUntil(lambda: bar.label.width() > 0, timeout=2000)
        QApplication.processEvents()
        assert bar.text == full  # the whole caption, no "…"
        nominal = theme_now.pt(CAPTION_SIZE)
        pt = bar.label.font().pointSizeF()
        assert bar.lines <= CAPTION_LINES or pt <= 0.6 * nominal + 0.01
        # Tall enough for every line it takes: nothing cut off at the bottom.
        metrics = bar.label.fontMetrics()
        margins = bar.label.contentsMargins()
        inner = bar.label.width() - margins.left() - margins.right()
        needed = metrics.boundingRect(0, 0, inner, 10**6, 0x1000, bar.text).height()
        assert bar.label.height() - margins.top() - margins.bottom() >= needed
    bar.set_lesson(None)
    rec.apply_theme(Theme())
    QApplication.processEvents()
    assert bar.lines == 1
    assert bar.label.font().pointSizeF() == pytest.approx(Theme().pt(CAPTION_SIZE))
