"""File > Export > Slide images…: what a lecturer finds in the folder, and the window unchanged."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QFont, QImage, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QMessageBox
from windows import wait_until

from nnsim.gui import i18n
from nnsim.gui.main_window import MainWindow
from nnsim.gui.slides import (
    SLIDE_SCALE,
    SLIDE_SIZES,
    SlideDialog,
    render_widget,
    slide_files,
    slide_theme,
    write_png,
)
from nnsim.gui.theme import Theme

MAIN_FILES = ["01-network.png", "02-output.png", "03-loss.png", "04-per-layer.png"]


def _pixels(image: QImage | str | Path) -> np.ndarray:
    """(h, w, 3) uint8 RGB of an image or an image file."""
    img = QImage(str(image)) if not isinstance(image, QImage) else image
    img = img.convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = img.height(), img.width(), img.bytesPerLine()
    data = np.frombuffer(img.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return data[:, : w * 3].reshape(h, w, 3).copy()


def _ink(rgb: np.ndarray, background: str) -> int:
    """Pixels that differ clearly from the slide's background colour."""
    bg = np.array([int(background[i : i + 2], 16) for i in (1, 3, 5)], dtype=int)
    return int((np.abs(rgb.astype(int) - bg).sum(axis=2) > 90).sum())


def _train(w: MainWindow, steps: int) -> None:
    target = (w.snapshot.step if w.snapshot is not None else 0) + steps
    w.controller.step(steps)
    wait_until(
        lambda: w.controller.latest is not None and w.controller.latest.step >= target,
        20,
        "the steps",
    )
    wait_until(lambda: len(w.controller.latest.history) > 3, 20, "the history")


def _teaching_dock(w: MainWindow, key: str, on: bool) -> None:
    action = w.teaching.docks[key].toggleViewAction()
    if action.isChecked() != on:
        action.trigger()
    QApplication.processEvents()


@pytest.fixture(scope="module")
def trained(shared_window: MainWindow) -> MainWindow:
    _train(shared_window, 120)
    return shared_window


def test_every_slide_is_written_named_sized_and_not_blank(
    trained: MainWindow, tmp_path: Path
) -> None:
    w = trained
    slides = w.slides.slides()
    assert [s.key for s in slides] == ["network", "output", "loss", "gradient"]
    paths = w.slides.write(tmp_path, (1280, 720), slides)
    assert [p.name for p in paths] == MAIN_FILES
    # Only the slides are left in the folder (the temporary files were renamed).
    assert sorted(p.name for p in tmp_path.iterdir()) == MAIN_FILES
    for p in paths:
        rgb = _pixels(p)
        assert rgb.shape == (720, 1280, 3), p.name
        assert rgb.std() > 10, f"{p.name} is blank"
    # 1080p: the same slides, exactly that size.
    big = w.slides.write(tmp_path / "big", (1920, 1080), slides[2:3])
    assert [p.name for p in big] == ["01-loss.png"]
    assert _pixels(big[0]).shape == (1080, 1920, 3)


def test_the_loss_slide_shows_the_curves_drawn_by_training(make_window, tmp_path: Path) -> None:
    w = make_window()
    loss = [s for s in w.slides.slides() if s.key == "loss"]
    t = slide_theme(w.theme)

    def plot_ink() -> int:
        image = w.slides.render(loss[0], 1280, 720)
        # The plot's inside, away from the axes' labels and the legend (top right).
        return _ink(_pixels(image)[120:600, 150:900], t.background)

    before = plot_ink()
    _train(w, 200)
    assert plot_ink() > before + 1500


def test_slides_use_the_presentation_theme(trained: MainWindow) -> None:
    w = trained
    assert not w.presentation.active and w.theme.key == "normal"
    t = slide_theme(w.theme)
    assert t.presenting and t.scale == SLIDE_SCALE and t.key == "light"
    # The same view in the window's theme and in the slides' theme: the slide's text
    # and curves are larger and thicker, so they cover clearly more of the picture.
    loss = [s for s in w.slides.slides() if s.key == "loss"][0]
    slide = _pixels(w.slides.render(loss, 1280, 720))
    copy = type(w.loss_plot)()
    copy.set_snapshot(w.controller.latest)
    try:
        plain = _pixels(render_widget(copy, w.theme, 1280, 720))
    finally:
        copy.deleteLater()
    assert _ink(slide, t.background) > 1.3 * _ink(plain, t.background)
    # The slides' colours: the window's high-contrast theme when it has one.
    w.presentation.set_theme("dark")
    try:
        dark = slide_theme(w.theme)
        assert dark.key == "dark" and dark.presenting
        net = [s for s in w.slides.slides() if s.key == "network"][0]
        rgb = _pixels(w.slides.render(net, 1280, 720))
        assert tuple(rgb[5, 5]) == (0, 0, 0)  # the dark theme's ground, in the margin
    finally:
        w.presentation.set_theme("normal")


def test_the_window_looks_exactly_as_before(trained: MainWindow, tmp_path: Path) -> None:
    w = trained
    QApplication.processEvents()
    palette, font = QPalette(QApplication.palette()), QFont(QApplication.font())
    state = QByteArray(w.saveState())
    themes = [v.theme for v in (w.network_view, w.output_view, w.loss_plot, w.gradient_plot)]
    sizes = [v.size() for v in (w.network_view, w.output_view, w.loss_plot, w.gradient_plot)]
    before = _pixels(w.grab().toImage())
    w.slides.write(tmp_path, (1920, 1080), w.slides.slides())
    QApplication.processEvents()
    assert not w.presentation.active and w.presentation.theme == "normal"
    assert w.theme == Theme(base_pt=w.theme.base_pt)
    assert QApplication.palette() == palette and QApplication.font() == font
    assert w.saveState() == state
    assert [v.theme for v in (w.network_view, w.output_view, w.loss_plot, w.gradient_plot)] == (
        themes
    )
    assert [v.size() for v in (w.network_view, w.output_view, w.loss_plot, w.gradient_plot)] == (
        sizes
    )
    assert np.array_equal(_pixels(w.grab().toImage()), before)


def test_teaching_views_are_slides_only_while_open(trained: MainWindow, tmp_path: Path) -> None:
    w = trained
    assert "walkthrough" not in [s.key for s in w.slides.slides()]
    _teaching_dock(w, "walkthrough", True)
    try:
        slides = w.slides.slides()
        assert [s.key for s in slides][-1] == "walkthrough"
        paths = w.slides.write(tmp_path, (1280, 720), slides)
        assert [p.name for p in paths] == [*MAIN_FILES, "05-walkthrough.png"]
        assert _pixels(paths[-1]).std() > 10
    finally:
        _teaching_dock(w, "walkthrough", False)
    assert "walkthrough" not in [s.key for s in w.slides.slides()]


def test_the_dialog_lists_open_views_checked_and_the_sizes(
    trained: MainWindow, tmp_path: Path
) -> None:
    w = trained
    _teaching_dock(w, "weights", True)
    try:
        dialog = SlideDialog(w.slides.slides(), str(tmp_path), w)
        assert list(dialog.checks) == ["network", "output", "loss", "gradient", "weights"]
        assert all(box.isChecked() for box in dialog.checks.values())
        sizes = [dialog.size_box.itemData(i) for i in range(dialog.size_box.count())]
        assert sizes == [tuple(s) for s in SLIDE_SIZES]
        assert (1280, 720) in sizes and (1920, 1080) in sizes and (3840, 2160) in sizes
        dialog.checks["network"].setChecked(False)
        dialog.checks["weights"].setChecked(False)
        assert [s.key for s in dialog.chosen()] == ["output", "loss", "gradient"]
        assert slide_files(dialog.chosen())[0] == "01-output.png"
        dialog.deleteLater()
    finally:
        _teaching_dock(w, "weights", False)


def test_the_menu_entry_opens_the_dialog_and_writes(
    trained: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    w = trained
    assert w.slides.action in w.exports.export_menu.actions()

    def answer(dialog: SlideDialog) -> int:
        dialog.folder_edit.setText(str(tmp_path / "deck"))
        dialog.size_box.setCurrentIndex(0)
        dialog.checks["gradient"].setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SlideDialog, "exec", answer)
    w.slides.action.trigger()
    names = sorted(p.name for p in (tmp_path / "deck").iterdir())
    assert names == ["01-network.png", "02-output.png", "03-loss.png"]
    assert _pixels(tmp_path / "deck" / "01-network.png").shape == (720, 1280, 3)


def test_existing_files_are_replaced_only_when_the_user_agrees(
    trained: MainWindow, tmp_path: Path
) -> None:
    w = trained
    slides = w.slides.slides()[:1]
    old = tmp_path / "01-network.png"
    old.write_bytes(b"keep me")
    asked: list[list[str]] = []
    ask = w.slides.confirm_replace
    w.slides.confirm_replace = lambda folder, names: asked.append(names) or False
    try:
        assert w.slides.write_checked(tmp_path, (1280, 720), slides) is None
        assert asked == [["01-network.png"]] and old.read_bytes() == b"keep me"
        w.slides.confirm_replace = lambda folder, names: True
        assert w.slides.write_checked(tmp_path, (1280, 720), slides) == [old]
        assert _pixels(old).shape == (720, 1280, 3)
    finally:
        w.slides.confirm_replace = ask  # back to the question box
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-network.png"]


def test_an_unwritable_folder_gives_a_message_and_the_app_keeps_working(
    trained: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    w = trained
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda _p, title, text, *a: shown.append((title, text))),
    )
    assert w.slides.write_checked(blocker / "slides", (1280, 720), w.slides.slides()) is None
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Cannot write slide images" and str(blocker / "slides") in text
    assert QApplication.overrideCursor() is None
    # Still working: the next export goes through.
    assert len(w.slides.write(tmp_path / "ok", (1280, 720), w.slides.slides()[:1])) == 1


def test_dialog_texts_in_korean(trained: MainWindow, tmp_path: Path) -> None:
    w = trained
    i18n.install_language("ko")
    try:
        dialog = SlideDialog(w.slides.slides(), str(tmp_path), w)
        texts = [
            dialog.windowTitle(),
            dialog.note.text(),
            *(b.text() for b in dialog.checks.values()),
        ]
        for text in texts:
            # File names, sizes and "PNG" may stay in Latin letters; words may not.
            words = [
                t
                for t in text.replace("…", " ").split()
                if t.isascii() and t.isalpha() and t != "PNG"
            ]
            assert not words, text
        assert w.slides.action.text() != "&Slide images…"
        dialog.deleteLater()
    finally:
        i18n.install_language("en")


def test_slides_are_readable_by_others_like_any_saved_file(tmp_path: Path) -> None:
    # A lecturer copies the deck to a web server: the PNGs must not be private (0600).
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    image.fill(0xFF336699)
    old = os.umask(0o022)
    try:
        new = write_png(image, tmp_path / "01-network.png")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        # A file being replaced keeps the permissions its owner gave it.
        kept = tmp_path / "02-output.png"
        kept.write_bytes(b"old")
        kept.chmod(0o640)
        write_png(image, kept)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
        assert QImage(str(kept)).size() == image.size()
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-network.png", "02-output.png"]


def test_all_slides_of_one_export_show_the_same_step_while_training_plays(
    make_window, tmp_path: Path, monkeypatch
) -> None:
    w = make_window()
    _train(w, 120)
    slides = w.slides.slides()
    given: list[tuple[str, int]] = []
    for s in slides:
        cls = type(s.view)
        original = cls.set_snapshot

        def spy(self, snap, _original=original, _key=s.key):
            # Only the offscreen copies the export makes, not the views on screen.
            if self.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen):
                given.append((_key, snap.step))
                # A slow slide: a newer snapshot arrives before the next slide is made
                # (rendering runs events; a 4K slide of a big net takes this long).
                wait_until(lambda: w.controller.latest.step > snap.step, 20, "a new step")
            return _original(self, snap)

        monkeypatch.setattr(cls, "set_snapshot", spy)
    w.controller.play()
    try:
        w.slides.write(tmp_path, (1280, 720), slides)
    finally:
        w.controller.pause()
    assert [k for k, _ in given] == [s.key for s in slides]
    assert len({step for _, step in given}) == 1, given


def test_an_empty_folder_writes_nothing_into_the_working_directory(
    trained: MainWindow, tmp_path: Path, monkeypatch, warnings: list[str]
) -> None:
    w = trained
    monkeypatch.chdir(tmp_path)
    dialog = SlideDialog(w.slides.slides(), str(tmp_path / "deck"), w)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.folder_edit.setText("   ")
    assert not ok.isEnabled()
    dialog.folder_edit.setText(str(tmp_path / "deck"))
    assert ok.isEnabled()
    dialog.deleteLater()
    # A scripted (or sneaked) OK with no folder: a message, and no files anywhere.

    def answer(dialog: SlideDialog) -> int:
        dialog.folder_edit.setText("")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SlideDialog, "exec", answer)
    w.slides.action.trigger()
    assert warnings == ["Choose a folder for the slide images."]
    assert list(tmp_path.iterdir()) == []


def test_the_dialog_labels_are_capitalised_and_size_is_still_the_widget_size(
    trained: MainWindow, tmp_path: Path
) -> None:
    w = trained
    dialog = SlideDialog(w.slides.slides(), str(tmp_path), w)
    try:
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert {"Folder", "Size", "Views"} <= set(labels)
        dialog.size_box.setCurrentIndex(0)
        assert dialog.slide_size() == (1280, 720)
        assert dialog.size() == dialog.rect().size()  # QWidget.size, not shadowed
    finally:
        dialog.deleteLater()
