"""Clips a lecturer can upload: MP4 and GIF of the window or one view, at 30 frames/s of
wall time while training runs, with the caption and the mouse ring drawn in."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtGui import QColor, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QPushButton

from nnsim.core.experiment import DataSpec, Experiment
from nnsim.gui import video
from nnsim.gui.clip import (
    ClipDialog,
    ClipRecorder,
    caption_band,
    grab_size,
    render_with_overlays,
    visible_rect,
)
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
    window: MainWindow, qtbot, tmp_path, held_encoder: threading.Event
) -> None:
    w = window
    rec = w.clips.start(w, tmp_path / "clip.mp4", "mp4", (1280, 720))
    record_for(qtbot, rec, 0.8)
    w.clips.stop()
    assert rec.encoder.written < rec.encoder.submitted  # a tail to encode
    qtbot.waitUntil(lambda: w.clips.progress is not None and w.clips.progress.isVisible())
    w.clips.progress.findChild(QPushButton).click()
    held_encoder.set()
    finish(qtbot, w)
    assert list(tmp_path.iterdir()) == []
    assert "no file" in w.statusBar().currentMessage()


def test_an_unwritable_folder_is_said_and_nothing_recorded(
    window: MainWindow, tmp_path, warnings: list[str]
) -> None:
    path = tmp_path / "missing" / "clip.mp4"
    assert window.clips.start(window, path, "mp4") is None
    assert not window.clips.recording and len(warnings) == 1 and str(path) in warnings[0]
    assert not (tmp_path / "missing").exists()


def test_a_full_disk_while_recording_stops_with_one_message(
    window: MainWindow, qtbot, tmp_path, monkeypatch, warnings: list[str]
) -> None:
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
    assert len(warnings) == 1 and "No space left on device" in warnings[0]
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


# -- review fixes ------------------------------------------------------------------------


def messages(w: MainWindow) -> list[str]:
    """Every status-bar message the clip feature gives from now on."""
    shown: list[str] = []
    w.context.notified.connect(lambda text, _ms: shown.append(text))
    return shown


@pytest.fixture
def held_encoder(make_window, monkeypatch) -> Iterator[threading.Event]:
    """An encoder held at its first frame until the returned event is set: every later
    grab waits in its queue, so stopping leaves a tail to encode however fast the
    encoder and however slow the machine (a merely slowed one could keep up under load).

    Set at teardown, which comes before the window's (this fixture is set up after
    ``make_window``): a closing window waits for its clip's encoder.
    """
    go = threading.Event()
    fit = video.fit_frame

    def held_fit(*args):
        go.wait()
        return fit(*args)

    monkeypatch.setattr(video, "fit_frame", held_fit)
    yield go
    go.set()


def test_gif_needs_pyav_too_and_mp4_does_not_need_pillow(
    window: MainWindow, qtbot, monkeypatch, tmp_path
) -> None:
    monkeypatch.setitem(sys.modules, "av", None)  # PyAV not installed
    dialog = ClipDialog(["window"], window)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(1)
    assert dialog.fmt() == "gif" and "nnsim[video]" in dialog.notice.text()
    assert not dialog.record_button().isEnabled()
    assert window.clips.start(window, tmp_path / "c.gif", "gif") is None
    assert "nnsim[video]" in window.statusBar().currentMessage()
    monkeypatch.setitem(sys.modules, "av", av)
    monkeypatch.setitem(sys.modules, "PIL", None)  # Pillow not installed: MP4 still works
    dialog.format_box.setCurrentIndex(0)
    assert dialog.record_button().isEnabled() and not dialog.notice.isVisibleTo(dialog)
    assert video.missing_packages("mp4") == [] and video.missing_packages("gif") == ["Pillow"]


def test_cancelling_over_an_older_file_keeps_it_and_says_no_clip(
    window: MainWindow, qtbot, tmp_path, held_encoder: threading.Event
) -> None:
    w = window
    target = tmp_path / "clip.mp4"
    target.write_bytes(b"last week's clip")
    saved: list[object] = []
    w.clips.saved.connect(saved.append)
    rec = w.clips.start(w, target, "mp4", (1280, 720))
    record_for(qtbot, rec, 0.8)
    w.clips.stop()
    qtbot.waitUntil(lambda: w.clips.progress is not None and w.clips.progress.isVisible())
    w.clips.progress.findChild(QPushButton).click()
    held_encoder.set()
    finish(qtbot, w)
    assert "no file" in w.statusBar().currentMessage() and saved == []
    assert target.read_bytes() == b"last week's clip"
    assert [p.name for p in tmp_path.iterdir()] == ["clip.mp4"]


def test_a_poll_nested_in_the_progress_bar_reports_the_clip_once(
    window: MainWindow, qtbot, tmp_path, held_encoder: threading.Event
) -> None:
    """A window-modal progress dialog runs the event loop inside setValue, so the poll
    timer (or the closing window's own poll) can fire inside a poll: the finished clip
    is still reported once, and nothing raises."""
    w = window
    path = tmp_path / "clip.mp4"
    saved: list[object] = []
    w.clips.saved.connect(saved.append)
    rec = w.clips.start(w, path, "mp4", (640, 360))
    record_for(qtbot, rec, 0.5)
    w.clips.stop()
    progress = w.clips.progress
    assert progress is not None
    real_set_value = progress.setValue
    nested: list[bool] = []

    def set_value_running_events(value: int) -> None:
        real_set_value(value)
        if not nested and rec.encoder.done.is_set():
            nested.append(True)
            w.clips._on_poll()  # what the event loop inside setValue may call

    progress.setValue = set_value_running_events
    w.clips._poll.stop()
    held_encoder.set()
    rec.encoder.wait()
    w.clips._on_poll()
    assert nested == [True] and saved == [path] and w.clips.recorder is None
    assert decode(path)[0][0].shape == (360, 640, 3)


def test_cancel_while_the_file_is_closed_is_honoured(tmp_path, monkeypatch) -> None:
    closing, release = threading.Event(), threading.Event()
    real = video._WRITERS["gif"]

    def slow_close_writer(path, size, fps):
        writer = real(path, size, fps)
        close = writer.close

        def slow_close() -> None:  # an MP4's faststart rewrite of a long clip
            closing.set()
            release.wait(10)
            close()

        writer.close = slow_close
        return writer

    monkeypatch.setitem(video._WRITERS, "gif", slow_close_writer)
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    encoder = video.ClipEncoder(tmp_path / "c.gif", "gif", (64, 36), QColor("white"))
    encoder.put(image, 3)
    encoder.finish()
    assert closing.wait(10)
    encoder.cancel()  # the user's Cancel, while the file is being closed
    release.set()
    assert encoder.wait(10)
    assert not encoder.completed and encoder.error is None
    assert list(tmp_path.iterdir()) == []


def test_the_file_field_takes_what_people_type(window: MainWindow, qtbot, monkeypatch) -> None:
    dialog = ClipDialog(["window"], window)
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def save_file_name(_parent, _title, start, _filters):
        asked.append(start)
        return "", ""  # the user cancels the file dialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file_name))
    dialog.path_edit.setText("")
    assert not dialog.record_button().isEnabled()
    dialog.format_box.setCurrentIndex(1)  # neither raises on an empty field
    dialog.browse_button.click()
    assert asked and asked[0].endswith("nnsim-clip.gif") and dialog.path_edit.text() == ""
    dialog.path_edit.setText("~")
    assert dialog.record_button().isEnabled()
    dialog.accept()
    assert dialog.result() != ClipDialog.DialogCode.Accepted and dialog.problem.isVisibleTo(dialog)
    assert "folder" in dialog.problem.text()
    dialog.path_edit.setText("/tmp/talk.v2")
    assert not dialog.problem.isVisibleTo(dialog)
    assert dialog.path() == Path("/tmp/talk.v2.gif")
    dialog.format_box.setCurrentIndex(0)
    assert dialog.path_edit.text() == "/tmp/talk.v2.mp4" and dialog.path() == Path(
        "/tmp/talk.v2.mp4"
    )
    dialog.accept()
    assert dialog.result() == ClipDialog.DialogCode.Accepted


def test_the_queue_bound_counts_the_grabs_bytes(tmp_path, monkeypatch) -> None:
    """A big window into a small clip: the waiting grabs stay within QUEUE_BYTES."""
    go = threading.Event()
    fit = video.fit_frame
    monkeypatch.setattr(video, "fit_frame", lambda *a: (go.wait(10), fit(*a))[1])
    grab = QImage(3840, 2160, QImage.Format.Format_RGB32)  # a 4K window: 33 MB
    grab.fill(QColor("blue"))
    encoder = video.ClipEncoder(tmp_path / "c.mp4", "mp4", (640, 360), QColor("white"))
    taken = sum(encoder.put(grab, 1) for _ in range(60))
    assert encoder.queued_bytes <= video.QUEUE_BYTES
    assert taken <= video.QUEUE_BYTES // grab.sizeInBytes() + 1  # + the one being encoded
    assert encoder.dropped == 60 - taken and encoder.full
    encoder.cancel()
    go.set()
    assert encoder.wait(10) and list(tmp_path.iterdir()) == []


def test_a_closed_dock_stops_the_recording_and_keeps_the_clip(
    window: MainWindow, qtbot, tmp_path
) -> None:
    w = window
    shown = messages(w)
    dock = w.teaching.docks["weights"]
    dock.show()
    path = tmp_path / "weights.mp4"
    rec = w.clips.start(w.teaching.views["weights"], path, "mp4", None)
    assert rec is not None
    record_for(qtbot, rec, 0.3)
    dock.close()
    qtbot.waitUntil(lambda: not w.clips.recording, timeout=5000)
    assert any("no longer shown" in m for m in shown)
    finish(qtbot, w)
    assert path.exists() and len(decode(path)[0]) >= 5
    # A hidden view is refused up front, with a message and no file.
    assert w.clips.start(w.teaching.views["weights"], tmp_path / "x.mp4", "mp4") is None
    assert "not shown" in w.statusBar().currentMessage()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weights.mp4"]


def test_an_empty_frame_is_the_background() -> None:
    frame = video.fit_frame(QImage(), (64, 36), QColor(10, 20, 30))
    assert frame.shape == (36, 64, 3) and (frame == (10, 20, 30)).all()


def test_hidpi_own_size_and_caption_match_the_grabs(window: MainWindow, monkeypatch) -> None:
    view = window.output_view
    rect = visible_rect(view)
    monkeypatch.setattr(view, "devicePixelRatioF", lambda: 2.0)
    assert grab_size(view) == (2 * rect.width(), 2 * rect.height())
    bar = window.recording.captions
    assert bar.text

    def ink_rows(band: QImage) -> int:
        rows = np.array(
            [
                [band.pixelColor(x, y).lightness() for x in range(0, band.width(), 3)]
                for y in range(band.height())
            ]
        )
        inked = np.flatnonzero(np.abs(rows - np.median(rows)).max(1) > 60)
        return int(inked[-1] - inked[0] + 1)

    one, two = caption_band(bar, 900), caption_band(bar, 1800, 2.0)
    assert two.width() == 1800 and abs(two.height() - 2 * one.height()) <= 2
    assert abs(ink_rows(two) - 2 * ink_rows(one)) <= 4  # the text at the screen's size


def test_closing_the_window_mid_tail_shows_progress_that_can_cancel(
    window: MainWindow, qtbot, tmp_path, held_encoder: threading.Event
) -> None:
    w = window
    rec = w.clips.start(w, tmp_path / "clip.mp4", "mp4", (1280, 720))
    record_for(qtbot, rec, 1.0)
    seen: list[bool] = []

    def press_cancel() -> None:
        try:
            progress = w.clips.progress
            seen.append(progress is not None and progress.isVisible())
            if progress is not None:
                progress.findChild(QPushButton).click()
        finally:
            held_encoder.set()  # else shutdown() would wait for the held encoder forever

    # The window as context: a timer left over by a failed run cannot fire in a later test.
    QTimer.singleShot(1500, w, press_cancel)
    w.clips.shutdown()
    assert seen == [True]
    assert rec.encoder.written < rec.encoder.submitted  # the tail was cut, not encoded
    assert list(tmp_path.iterdir()) == [] and w.clips.recorder is None


@pytest.mark.parametrize("encoders", [("nnsim-no-such-encoder", "h264"), ("nnsim-none",)])
def test_without_libx264_another_h264_encoder_or_a_clear_message(
    window: MainWindow, qtbot, tmp_path, monkeypatch, encoders, warnings: list[str]
) -> None:
    monkeypatch.setattr(video, "H264_ENCODERS", encoders)
    path = tmp_path / "c.mp4"
    rec = window.clips.start(window, path, "mp4", (640, 360))
    if len(encoders) == 1:
        assert rec is None and len(warnings) == 1
        assert "H.264" in warnings[0] and "nnsim-none" in warnings[0] and "space" not in warnings[0]
        assert list(tmp_path.iterdir()) == []
        return
    record_for(qtbot, rec, 0.2)
    window.clips.stop()
    finish(qtbot, window)
    assert warnings == [] and decode(path)[0][0].shape == (360, 640, 3)


def test_status_keys_old_parts_finished_recorders_and_one_clip_at_a_time(
    window: MainWindow, qtbot, tmp_path
) -> None:
    w = window
    old, fresh = tmp_path / ".talk.0123abcd.part", tmp_path / ".talk.89abcdef.part"
    others = [tmp_path / ".notes.part", tmp_path / "talk.deadbeef.part"]
    for p in (old, fresh, *others):
        p.write_bytes(b"x")
    os.utime(old, (time.time() - 600, time.time() - 600))
    os.utime(others[0], (time.time() - 600, time.time() - 600))
    os.utime(others[1], (time.time() - 600, time.time() - 600))
    w.clips.action.setShortcut(QKeySequence("Ctrl+Alt+V"))
    rec = w.clips.start(w, tmp_path / "clip.mp4", "mp4", (1280, 720))
    keys = QKeySequence("Ctrl+Alt+V").toString(QKeySequence.SequenceFormat.NativeText)
    assert keys in w.statusBar().currentMessage()
    assert not old.exists() and fresh.exists() and all(p.exists() for p in others)
    record_for(qtbot, rec, 0.5)
    w.clips.stop()  # encoding the tail
    assert w.clips.start(w, tmp_path / "second.mp4", "mp4") is None
    assert "still being" in w.statusBar().currentMessage() and w.clips.progress is not None
    finish(qtbot, w)
    assert (tmp_path / "clip.mp4").exists() and not (tmp_path / "second.mp4").exists()
    qtbot.waitUntil(lambda: not w.clips.findChildren(ClipRecorder))  # deleted when done
    w.clips.action.setShortcut(QKeySequence("Ctrl+Shift+R"))


HIDPI_SCRIPT = """
import json
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
from nnsim.gui import video
from nnsim.gui.clip import ClipRecorder, caption_band, grab_size
from nnsim.gui.recording import CaptionBar
window = QMainWindow()
view = QLabel("a view")
window.setCentralWidget(view)
bar = CaptionBar(window)
window.resize(400, 300)
window.show()
app.processEvents()
rec = ClipRecorder(view, sys.argv[1], "gif", None)
rec.start()
rec.stop().wait(30)
plain = rec.grab()
band = ClipRecorder(view, sys.argv[1], caption=bar).grab().height() - plain.height()
print(json.dumps({
    "shown": video.even_size(*grab_size(view)), "grab": [plain.width(), plain.height()],
    "clip": rec.encoder.size, "band": band,
    "band_1x": caption_band(bar, plain.width() // 2).height(),
}))
"""


def test_at_twice_the_pixels_the_dialog_the_clip_and_the_caption_agree(tmp_path) -> None:
    """A real X server at QT_SCALE_FACTOR=2 (the offscreen platform's grabWindow
    ignores the scale): the own size the dialog shows is the clip's size, and the
    caption band is twice as tall as at 1x."""
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        pytest.skip("needs xvfb-run")
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="xcb")
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[2]), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [
            xvfb,
            "-a",
            "-s",
            "-screen 0 1600x1000x24",
            sys.executable,
            "-c",
            HIDPI_SCRIPT,
            str(tmp_path / "c.gif"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert list(got["shown"]) == list(got["clip"])  # the dialog's own size is the clip's
    assert got["grab"][0] >= 2 * 400 - 2  # device pixels: the 400-point window at 2x
    assert abs(got["band"] - 2 * got["band_1x"]) <= 2  # the caption at its size on screen
