"""Korean and English UI through Qt's machinery: lupdate, lrelease, QTranslator, LanguageChange."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu

from nnsim.cli import build_parser
from nnsim.core.trainer import Trainer
from nnsim.gui import i18n
from nnsim.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "nnsim_ko.ts"


def _entries(ts: Path) -> dict[tuple[str, str, str], ET.Element]:
    """(context, source, disambiguation) -> <translation> of a .ts file (test-side reading)."""
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            out[(name, m.findtext("source") or "", m.findtext("comment") or "")] = m.find(
                "translation"
            )
    return out


def ko(context: str, text: str, disambiguation: str | None = None) -> str:
    """The shipped Korean of ``text`` (asserting it has one)."""
    i18n.install_language("ko")
    out = QCoreApplication.translate(context, text, disambiguation)
    assert out != text or not any(c.isalpha() for c in text), (context, text)
    return out


@pytest.fixture
def english(qapp) -> Iterator[None]:
    i18n.install_language("en")
    yield
    i18n.install_language("en")


@pytest.fixture
def window(make_window, english) -> MainWindow:
    return make_window(start=False, remember_layout=False, size=(1280, 720))


def test_lupdate_over_the_code_finds_nothing_new_or_unfinished(tmp_path: Path) -> None:
    """The catalogue is in sync with the code: every marked text has its translation."""
    copy = tmp_path / "nnsim_ko.ts"
    shutil.copy(TS, copy)
    done = subprocess.run(
        [str(i18n.lupdate_path()), *i18n.LUPDATE_ARGS, "nnsim", "-ts", str(copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "0 new" in done.stdout, done.stdout
    shipped, fresh = _entries(TS), _entries(copy)
    assert set(fresh) == set(shipped), "run lupdate: texts appeared in or left the code"
    unfinished = [k for k, t in fresh.items() if t.get("type") or not (t.text or "").strip()]
    assert not unfinished, f"translate these in {TS.name}: {unfinished[:20]}"
    assert len(fresh) > 500  # the whole UI, not a few menus


def test_no_home_made_catalogue_reading_is_left() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "nnsim").rglob("*.py"))
    for banned in ("parse_ts", "ElementTree", "retranslate_tree", "load_messages"):
        assert banned not in code, banned


def test_catalogue_compiles_with_lrelease_and_is_cached(tmp_path: Path, qapp) -> None:
    first = i18n.catalogue("ko", cache=tmp_path)
    assert first.suffix == ".qm" and first.stat().st_size > 10_000
    mtime = first.stat().st_mtime_ns
    assert i18n.catalogue("ko", cache=tmp_path) == first  # the second start reuses it
    assert first.stat().st_mtime_ns == mtime
    with pytest.raises(KeyError):
        i18n.catalogue("fr", cache=tmp_path)


def test_qt_own_dialog_texts_are_korean_too(english) -> None:
    i18n.install_language("ko")
    # qtbase_ko.qm (inside PySide6) translates the standard buttons and file dialogs.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "취소"
    assert QCoreApplication.translate("QFileDialog", "File &name:") != "File &name:"
    i18n.install_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_lecturer_vocabulary(english) -> None:
    assert ko("MainWindow", "Play") == "학습"
    assert ko("MainWindow", "Reset") == "초기화"
    assert ko("Controls", "Learning rate") == "학습률"
    # Menu titles keep a mnemonic, the Korean way: 파일(&F).
    for menu in ("&File", "&Edit", "&Training", "&View", "&Help"):
        assert "(&" in ko("MainWindow", menu)
    # Counters are nouns, buttons are verbs: separate entries.
    assert ko("MainWindow", "Epoch", "counter") != ko("MainWindow", "Epoch")
    assert ko("MainWindow", "Step", "counter") == "단계"


def _texts(w: MainWindow) -> dict[str, str]:
    """Every user-visible text the switch touches, keyed by object and attribute."""
    out: dict[str, str] = {}
    # Keyed by object: Edit > Undo/Redo are made anew on a switch (their prefix).
    for a in w.findChildren(QAction):
        if a not in (w.undo_action, w.redo_action):
            out[f"action{id(a)}"] = a.text() + "|" + a.toolTip()
    for m in w.findChildren(QMenu):
        out[f"menu{id(m)}"] = m.title()
    for d in w.findChildren(QDockWidget):
        out[f"dock{id(d)}"] = d.windowTitle()
    for lb in w.findChildren(QLabel):
        out[f"label{id(lb)}"] = lb.text()
    return out


def test_switching_to_korean_and_back_restores_english_exactly(window, qtbot) -> None:
    w = window
    w.show_snapshot(Trainer(w.model.experiment).snapshot(grid=20, thumb=8))
    english = _texts(w)
    assert w.status_labels["rate"].text() == "paused"
    file_menu = w.menuBar().actions()[0]
    assert file_menu.text() == "&File" and w.play_action.text() == "Play"
    assert w.epoch_caption.text() == "Epoch"

    w.languages.actions["ko"].trigger()
    assert i18n.current_language() == "ko"
    # Qt delivers LanguageChange to the windows through the event loop.
    qtbot.waitUntil(lambda: w.play_action.text() != "Play", timeout=3000)
    assert file_menu.text() == "파일(&F)"
    assert w.play_action.text() == "학습"
    assert w.docks["hyper"].windowTitle() == ko("MainWindow", "Hyper-parameters")
    assert w.teaching.docks["lessons"].windowTitle() == ko("TeachingDocks", "Lessons")
    assert w.presentation.present_action.text() == ko(
        "PresentationController", "&Presentation mode"
    )
    assert w.languages.actions["ko"].isChecked()
    assert w.teaching.panel.language == "ko"
    # The counters read "에포크 12", not "한 에포크 12".
    assert w.epoch_caption.text() == ko("MainWindow", "Epoch", "counter")
    # The status bar too, without waiting for the next frame (training is paused).
    assert w.status_labels["rate"].text() == ko("MainWindow", "paused")
    assert w.status_labels["step"].text() == ko("MainWindow", "step {0}").format("0")
    korean = _texts(w)
    changed = sum(english[k] != korean.get(k) for k in english)
    assert changed >= 60

    # A text the code changes while the UI is Korean: Play becomes Pause.
    w._on_state_changed(True)
    assert w.play_action.text() == ko("MainWindow", "Pause")
    w._on_state_changed(False)
    # Edit > Undo names the last edit in Korean, and again after a switch.
    w.new_experiment()
    assert w.undo_action.text().startswith(ko("MainWindow", "&Undo"))
    assert ko("MainWindow", "New experiment") in w.undo_action.text()

    w.languages.actions["en"].trigger()
    assert i18n.current_language() == "en"
    qtbot.waitUntil(lambda: w.play_action.text() == "Play", timeout=3000)
    assert w.undo_action.text() == "&Undo New experiment"
    w.undo_stack.undo()
    w.undo_stack.clear()
    after = _texts(w)
    differing = {k for k in english if k in after and english[k] != after[k]}
    assert not differing, [(english[k], after[k]) for k in sorted(differing)][:10]
    assert w.teaching.panel.language == "en"


def test_a_window_built_in_korean_starts_in_korean(make_window, english) -> None:
    i18n.install_language("ko")
    w = make_window(start=False, remember_layout=False, show=False)
    assert w.menuBar().actions()[0].text() == "파일(&F)"
    assert w.play_action.text() == "학습"
    assert w.speed_label.text() != "1 epoch/frame"


def test_cli_lang_ko_starts_in_korean(tmp_path: Path) -> None:
    assert build_parser().parse_args(["--lang", "ko"]).lang == "ko"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lang", "fr"])
    images = {}
    for lang in ("en", "ko"):
        out = tmp_path / f"{lang}.png"
        cmd = [sys.executable, "-m", "nnsim", "--screenshot", str(out), "--size", "960x600"]
        subprocess.run([*cmd, "--lang", lang], check=True, timeout=120, capture_output=True)
        images[lang] = QImage(str(out))
        assert (images[lang].width(), images[lang].height()) == (960, 600)
    # The menu bar (top rows) reads differently: the app started in Korean.
    bar = [images[lang].copy(0, 0, 400, 20) for lang in ("en", "ko")]
    assert bar[0] != bar[1]


def test_every_menu_entry_and_dock_title_is_korean(window, qtbot) -> None:
    w = window
    i18n.install_language("ko")
    qtbot.waitUntil(lambda: w.play_action.text() == "학습", timeout=3000)
    english: set[str] = set()

    def need(text: str) -> None:
        # Language names stay in their own language; "1.6×" and "&1  1280 × 720" have
        # no words; Ctrl, F5 and proper names may stay.
        plain = i18n.strip_mnemonic(text)
        if plain in i18n.LANGUAGES.values():
            return
        words = [t for t in plain.replace("/", " ").split() if t.isascii() and t.isalpha()]
        allowed = {"A", "B", "x", "CSV", "GIF", "PNG", "Python", "PyTorch", "NumPy", "nnsim"}
        if [t for t in words if t not in allowed and len(t) > 1]:
            english.add(text)

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
        need(a.toolTip())
    assert not english, sorted(english)
