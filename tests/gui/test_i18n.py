"""Korean and English UI: the .ts translations, switching at run time, ``--lang ko``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu

from nnsim.cli import build_parser
from nnsim.core.trainer import Trainer
from nnsim.gui import i18n
from nnsim.gui.main_window import MainWindow

KO = i18n.load_messages("ko")


def ko(text: str) -> str:
    return KO[(i18n.CONTEXT, text)]


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    w = MainWindow(start=False)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    yield w
    i18n.install_language("en")


def _texts(w: MainWindow) -> dict[str, str]:
    """Every user-visible text the switch touches, keyed by object and attribute."""
    out: dict[str, str] = {}
    for i, a in enumerate(w.findChildren(QAction)):
        out[f"action{i}:{a.objectName()}"] = a.text() + "|" + a.toolTip() + "|" + a.statusTip()
    for i, m in enumerate(w.findChildren(QMenu)):
        out[f"menu{i}"] = m.title()
    for i, d in enumerate(w.findChildren(QDockWidget)):
        out[f"dock{i}"] = d.windowTitle()
    for i, lb in enumerate(w.findChildren(QLabel)):
        out[f"label{i}"] = lb.text()
    return out


def test_parse_ts_keeps_finished_translations_only() -> None:
    text = """<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="ko_KR">
    <context><name>MainWindow</name>
    <message><source>Play</source><translation>학습</translation></message>
    <message><source>Step</source><translation type="unfinished">한 단계</translation></message>
    <message><source>Reset</source><translation></translation></message>
    </context></TS>"""
    assert i18n.parse_ts(text) == {("MainWindow", "Play"): "학습"}
    with pytest.raises(ValueError):
        i18n.parse_ts("<html/>")
    with pytest.raises(KeyError):
        i18n.load_messages("fr")


def test_shipped_korean_covers_the_lecturer_vocabulary() -> None:
    assert ko("Play") == "학습"
    assert ko("Pause") == "일시정지"
    assert ko("Step") == "한 단계"
    assert ko("Reset") == "초기화"
    assert ko("Learning rate") == "학습률"
    assert ko("Hidden layers") == "은닉층"
    assert ko("Activation") == "활성화 함수"
    assert ko("Loss") == "손실"
    # Menu titles keep a mnemonic, the Korean way: 파일(&F).
    for menu in ("&File", "&Edit", "&Training", "&View", "&Help"):
        assert "(&" in ko(menu)


def test_switching_to_korean_and_back_restores_english_exactly(window, qtbot) -> None:
    w = window
    w.show_snapshot(Trainer(w.model.experiment).snapshot(grid=20, thumb=8))
    english = _texts(w)
    assert w.status_labels["rate"].text() == "paused"
    file_menu = w.menuBar().actions()[0]
    assert file_menu.text() == "&File" and w.play_action.text() == "Play"

    w.languages.actions["ko"].trigger()
    assert i18n.current_language() == "ko"
    # Qt delivers LanguageChange to the windows through the event loop.
    qtbot.waitUntil(lambda: w.play_action.text() != "Play", timeout=3000)
    assert file_menu.text() == ko("&File") == "파일(&F)"
    assert w.play_action.text() == ko("Play")
    assert w.play_action.toolTip() == ko("Start or pause training (Space)")
    assert w.docks["hyper"].windowTitle() == ko("Hyper-parameters")
    assert w.teaching.docks["lessons"].windowTitle() == ko("Lessons")
    assert w.presentation.present_action.text() == ko("&Presentation mode")
    assert w.languages.actions["ko"].isChecked()
    # The lesson panel follows (its captions exist in both languages).
    assert w.teaching.panel.language == "ko"
    # The status bar too, without waiting for the next frame (training is paused).
    assert w.status_labels["rate"].text() == ko("paused")
    assert w.status_labels["step"].text() == ko("step {0}").format("0")
    korean = _texts(w)
    changed = sum(english[k] != korean[k] for k in english)
    assert changed >= 40

    # A text the code changes while the UI is Korean: Play becomes Pause.
    w._on_state_changed(True)
    assert w.play_action.text() == ko("Pause")
    w._on_state_changed(False)

    w.languages.actions["en"].trigger()
    assert i18n.current_language() == "en"
    qtbot.waitUntil(lambda: w.play_action.text() == "Play", timeout=3000)
    assert _texts(w) == english
    assert w.teaching.panel.language == "en"


def test_a_window_built_in_korean_starts_in_korean(qtbot) -> None:
    i18n.install_language("ko")
    try:
        w = MainWindow(start=False)
        qtbot.addWidget(w)
        assert w.menuBar().actions()[0].text() == ko("&File")
        assert w.play_action.text() == ko("Play")
    finally:
        i18n.install_language("en")


def test_cli_lang_ko_starts_in_korean(tmp_path: Path) -> None:
    assert build_parser().parse_args(["--lang", "ko"]).lang == "ko"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lang", "fr"])
    images = {}
    for lang in ("en", "ko"):
        out = tmp_path / f"{lang}.png"
        cmd = [sys.executable, "-m", "nnsim", "--screenshot", str(out), "--size", "960x600"]
        subprocess.run([*cmd, "--lang", lang], check=True, timeout=60, capture_output=True)
        images[lang] = QImage(str(out))
        assert (images[lang].width(), images[lang].height()) == (960, 600)
    # The menu bar (top rows) reads differently: the app started in Korean.
    bar = [images[lang].copy(0, 0, 400, 20) for lang in ("en", "ko")]
    assert bar[0] != bar[1]


def test_every_menu_entry_and_dock_title_has_a_korean_translation(window) -> None:
    w = window
    missing: set[str] = set()

    def need(text: str) -> None:
        # Language names stay in their own language; "1.6×" and "&1  1280 × 720" have
        # no words to translate.
        if text and text not in i18n.LANGUAGES.values() and any(c.isalpha() for c in text):
            if not any(ch.isalpha() and ch not in "x×" for ch in text.replace("&", "")):
                return
            if (i18n.CONTEXT, text) not in KO:
                missing.add(text)

    def walk(menu: QMenu) -> None:
        need(menu.title())
        for a in menu.actions():
            if a.menu() is not None:
                walk(a.menu())
            elif not a.isSeparator():
                need(a.text())

    for a in w.menuBar().actions():
        walk(a.menu())
    for dock in w.findChildren(QDockWidget):
        need(dock.windowTitle())
    for a in w.toolbar.actions():
        if a.toolTip() != a.text():
            need(a.toolTip())
    assert not missing, f"add these to resources/i18n/nnsim_ko.ts: {sorted(missing)}"


def test_network_canvas_and_plots_follow_the_language(window, qtbot) -> None:
    """Not only menus: the editor's column headers, palette and the plots' labels too."""
    from nnsim.core.trainer import Trainer

    window.show_snapshot(Trainer(window.model.experiment).snapshot())
    qtbot.waitUntil(lambda: window.network_view.network_scene.architecture is not None)
    scene = window.network_view.network_scene
    loss_axis = window.loss_plot.plot.getPlotItem().getAxis("bottom")
    before = (scene.header_items[1].title, scene.header_items[0].title, loss_axis.labelText)
    assert before == ("Hidden 1", "Features", "step")
    legend = window.gradient_plot.legend.text()
    assert "layer 1" in legend

    i18n.install_language("ko")
    qtbot.waitUntil(lambda: scene.header_items[1].title != "Hidden 1", timeout=3000)
    assert scene.header_items[1].title == ko("Hidden {n}").format(n=1)
    assert scene.header_items[0].title == ko("Features")
    assert loss_axis.labelText == ko("step")
    assert ko("layer {n}").format(n=1) in window.gradient_plot.legend.text()
    assert window.output_view.color_bar.caption() == ko("probability of the blue class")
    assert window.gradient_plot.combo.itemText(0) == ko("Gradient norm ‖dW‖₂")

    i18n.install_language("en")
    qtbot.waitUntil(lambda: scene.header_items[1].title == "Hidden 1", timeout=3000)
    assert (scene.header_items[1].title, scene.header_items[0].title, loss_axis.labelText) == before
    assert window.gradient_plot.legend.text() == legend
    assert window.output_view.color_bar.caption() == "probability of the blue class"
    assert window.gradient_plot.combo.itemText(0) == "Gradient norm ‖dW‖₂"
