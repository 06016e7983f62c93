"""Clips a lecturer can upload: MP4 and GIF of the window or one view, at 30 frames/s of
wall time while training runs, with the caption and the mouse ring drawn in."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton

from nnsim.core.experiment import DataSpec, Experiment
from nnsim.gui import video
from nnsim.gui.clip import ClipDialog, ClipRecorder, render_with_overlays, visible_rect
from nnsim.gui.main_window import MainWindow

av = pytest.importorskip("av")
pytest.importorskip("PIL")


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window(Experiment(data=DataSpec(n_samples=100), pace="max"), size=(1280, 800))


def decode(path: Path) -> tuple[list[np.ndarray], float, object]:
    """Every frame (RGB arrays), the duration in seconds and the stream's average rate."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        duration = float(container.duration) / 1e6
        return frames, duration, stream.average_rate


def record_for(qtbot, recorder: ClipRecorder, seconds: float) -> None:
    """Let ``recorder`` run ``seconds`` of wall time from its first frame."""
    qtbot.waitUntil(lambda: time.monotonic() - recorder.started >= seconds, timeout=20_000)


def finish(qtbot, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: w.clips.progress is None and w.clips.recorder is None, timeout=30_000)


def test_three_seconds_of_the_window_while_training(window: MainWindow, qtbot, tmp_path) -> None:
    """The menu's recording (MP4) and a GIF of the same 3 s: 30 frames/s of wall time."""
    w = window
    w.controller.play()
    qtbot.waitUntil(lambda: w.snapshot.step > 0, timeout=10_000)
    mp4, gif = tmp_path / "lecture.mp4", tmp_path / "lecture.gif"
    # Wall time that stops at 3 s: the recording is 3 s long however late the test's
    # own stop comes on a busy machine (the grabs before it run in real time).
    t0 = time.monotonic()
    clock = lambda: min(time.monotonic(), t0 + 3.0)  # noqa: E731
    rec = w.clips.start(w, mp4, "mp4", (1280, 720), clock=clock)
    assert rec is not None and w.clips.recording
    assert w.clips.action.text() == "Stop recording clip"
    gif_rec = ClipRecorder(w, gif, "gif", (1280, 720), clock=clock, parent=w)
    gif_rec.start()
    step = w.snapshot.step
    qtbot.waitUntil(lambda: time.monotonic() >= t0 + 3.0, timeout=20_000)
    w.clips.action.trigger()  # the tool bar's button / Ctrl+Shift+R stops
    gif_rec.stop()
    assert w.snapshot.step > step  # training went on
    finish(qtbot, w)
    assert w.clips.action.text() == "Record clip…"
    assert gif_rec.encoder.wait(30) and gif_rec.encoder.error is None
    frames, duration, rate = decode(mp4)
    assert 88 <= len(frames) <= 92
    assert rate == 30 and duration == pytest.approx(3.0, abs=0.1)
    assert frames[0].shape == (720, 1280, 3)
    assert not np.array_equal(frames[0], frames[-1])  # the training moved on screen
    gif_frames, gif_duration, _ = decode(gif)
    assert 88 <= len(gif_frames) <= 92 and gif_frames[0].shape == (720, 1280, 3)
    assert gif_duration == pytest.approx(3.0, abs=0.15)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lecture.gif", "lecture.mp4"]
    w.controller.pause()


def test_a_view_at_its_own_size_or_a_chosen_one(window: MainWindow, qtbot, tmp_path) -> None:
    w = window
    view = w.output_view
    own = ClipRecorder(view, tmp_path / "own.gif", "gif", None, parent=w)
    big = ClipRecorder(w.loss_plot, tmp_path / "big.mp4", "mp4", (1920, 1080), parent=w)
    for rec in (own, big):
        rec.start()
    record_for(qtbot, own, 0.3)
    for rec in (own, big):
        assert rec.stop().wait(30)
    dpr = view.devicePixelRatioF()
    width, height = video.even_size(round(view.width() * dpr), round(view.height() * dpr))
    frames, _, _ = decode(tmp_path / "own.gif")
    assert frames[0].shape == (height, width, 3)
    frames, _, _ = decode(tmp_path / "big.mp4")
    assert frames[0].shape == (1080, 1920, 3)
    # Another aspect: scaled and centred on the theme's background (white here).
    assert (frames[0][:, :40] > 240).all() or (frames[0][:40] > 240).all()


def test_the_mouse_ring_is_in_a_view_recording_where_it_is_on_screen(window: MainWindow) -> None:
    w = window
    w.recording.ring_action.setChecked(True)
    view = w.output_view
    centre = QPoint(view.width() // 2, view.height() // 2)
    ring = w.recording.ring
    ring.pos = view.mapTo(w, centre)
    ring.update()
    w.repaint()
    r = round(ring.ring_radius)
    rec = ClipRecorder(view, "unused.mp4")
    for image in (rec.grab(), render_with_overlays(view)):  # screen read, and rendered
        assert image.size() == view.size()
        color = image.pixelColor(centre.x() + r, centre.y())
        # The ring's yellow (or its rim), not the output map under it.
        assert color.red() > 200 and color.green() > 150 and color.blue() < 120, color.name()
    w.recording.ring_action.setChecked(False)


def test_a_teaching_view_in_a_scrolled_dock_is_cut_to_what_shows(window: MainWindow) -> None:
    w = window
    w.teaching.docks["weights"].show()
    view = w.teaching.views["weights"]
    rect = visible_rect(view)
    scroll = w.teaching.docks["weights"].widget()
    assert QRect(scroll.mapTo(w, QPoint(0, 0)), scroll.size()).contains(rect)
    image = ClipRecorder(view, "unused.mp4").grab()
    assert (image.width(), image.height()) == (rect.width(), rect.height())


def test_caption_bar_is_in_the_frames(window: MainWindow, qtbot, tmp_path) -> None:
    w = window
    bottoms = []
    for caption in (False, True):
        path = tmp_path / f"caption_{caption}.mp4"
        rec = w.clips.start(w.output_view, path, "mp4", None, caption=caption)
        assert w.recording.caption_action.isChecked() is caption
        record_for(qtbot, rec, 0.3)
        w.clips.stop()
        finish(qtbot, w)
        frames, _, _ = decode(path)
        bottoms.append(frames[-1])
    assert not w.recording.caption_action.isChecked()  # put back as it was
    plain, captioned = bottoms
    assert captioned.shape[0] > plain.shape[0]  # the caption under the view
    band = captioned[plain.shape[0] :]
    assert band.std() > 5  # text, not an empty strip


def test_cancel_while_encoding_the_tail_leaves_no_file(
    window: MainWindow, qtbot, tmp_path, monkeypatch
) -> None:
    w = window
    fit = video.fit_frame

    def slow_fit(*args):
        time.sleep(0.05)  # a slow encoder: frames queue up
        return fit(*args)

    monkeypatch.setattr(video, "fit_frame", slow_fit)
    rec = w.clips.start(w, tmp_path / "clip.mp4", "mp4", (1280, 720))
    record_for(qtbot, rec, 0.8)
    w.clips.stop()
    assert rec.encoder.written < rec.encoder.submitted  # a tail to encode
    qtbot.waitUntil(lambda: w.clips.progress is not None and w.clips.progress.isVisible())
    w.clips.progress.findChild(QPushButton).click()
    finish(qtbot, w)
    assert list(tmp_path.iterdir()) == []
    assert "no file" in w.statusBar().currentMessage()


def test_an_unwritable_folder_is_said_and_nothing_recorded(
    window: MainWindow, tmp_path, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text: shown.append(text))
    )
    path = tmp_path / "missing" / "clip.mp4"
    assert window.clips.start(window, path, "mp4") is None
    assert not window.clips.recording and len(shown) == 1 and str(path) in shown[0]
    assert not (tmp_path / "missing").exists()


def test_a_full_disk_while_recording_stops_with_one_message(
    window: MainWindow, qtbot, tmp_path, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text: shown.append(text))
    )
    fit = video.fit_frame
    calls = [0]

    def full_disk(*args):
        calls[0] += 1
        if calls[0] > 5:
            raise OSError(28, "No space left on device")
        return fit(*args)

    monkeypatch.setattr(video, "fit_frame", full_disk)
    w = window
    w.controller.play()
    assert w.clips.start(w, tmp_path / "clip.mp4", "mp4", (1280, 720)) is not None
    qtbot.waitUntil(lambda: not w.clips.recording, timeout=10_000)
    assert len(shown) == 1 and "No space left on device" in shown[0]
    assert w.clips.action.text() == "Record clip…" and list(tmp_path.iterdir()) == []
    step = w.snapshot.step  # training and the window go on
    qtbot.waitUntil(lambda: w.snapshot.step > step, timeout=10_000)
    w.controller.pause()


def test_missing_extra_names_it(window: MainWindow, qtbot, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(video, "missing_packages", lambda fmt: ["av"])
    dialog = ClipDialog(["window", "output"], window)
    qtbot.addWidget(dialog)
    assert dialog.notice.isVisibleTo(dialog)
    assert 'pip install "nnsim[video]"' in dialog.notice.text()
    assert not dialog.record_button().isEnabled()
    assert window.clips.start(window, tmp_path / "c.mp4") is None
    assert "nnsim[video]" in window.statusBar().currentMessage()
    assert list(tmp_path.iterdir()) == []


def test_record_button_menu_entry_and_dialog_choices(window: MainWindow, qtbot) -> None:
    w = window
    action = w.clips.action
    assert action in w.exports.export_menu.actions() and action in w.toolbar.actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+R")
    w.teaching.docks["activation"].show()
    keys = list(w.clips.target_widgets())
    assert keys[:5] == ["window", "network", "output", "loss", "gradient"]
    assert "teaching:activation" in keys
    dialog = ClipDialog(keys, w)
    qtbot.addWidget(dialog)
    dialog.set_view_sizes({"output": (321, 243)})
    dialog.target_box.setCurrentIndex(2)
    dialog.size_box.setCurrentIndex(2)
    assert dialog.clip_size() is None and "320 × 242" in dialog.size_box.currentText()
    assert dialog.target_box.itemText(keys.index("teaching:activation")) == "Activation"
    dialog.format_box.setCurrentIndex(1)
    assert dialog.fmt() == "gif" and dialog.path().suffix == ".gif"


def test_the_clock_repeats_late_grabs_and_drops_early_ones() -> None:
    clock = video.FrameClock(30, start=100.0)
    assert clock.due(100.0) == 1  # the first frame
    assert clock.due(100.01) == 0  # same slot: dropped
    assert clock.due(100.034) == 1
    assert clock.due(100.2) == 5  # a late grab fills the slots it missed
    assert clock.tail(103.0) == 90 - 7  # 3 s of wall time are 90 frames
    assert clock.count == 90
