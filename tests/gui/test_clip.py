"""Record clip: numbered PNG frames of a view while training keeps running."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from nnsim.core.experiment import DataSpec, Experiment
from nnsim.gui.clip import ClipRecorder, frame_name
from nnsim.gui.main_window import MainWindow


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window(Experiment(data=DataSpec(n_samples=100)), size=(1000, 700))


def test_recorder_writes_n_numbered_frames_while_training(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    w = window
    w.controller.play()
    qtbot.waitUntil(lambda: w.snapshot.step > 0, timeout=10_000)
    folder = tmp_path / "clip"
    rec = ClipRecorder(w.output_view, folder, fps=30, max_frames=6)
    written: list[int] = []
    rec.frame_written.connect(written.append)
    rec.start()
    qtbot.waitUntil(lambda: not rec.recording, timeout=10_000)
    assert rec.stop() == 6
    qtbot.waitUntil(lambda: len(written) == 6, timeout=5000)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [frame_name(i) for i in range(1, 7)] == [p.name for p in rec.paths]
    dpr = w.output_view.devicePixelRatioF()
    size = (round(w.output_view.width() * dpr), round(w.output_view.height() * dpr))
    for p in rec.paths:
        image = QImage(str(p))
        assert not image.isNull() and (image.width(), image.height()) == size
    # Training went on while recording.
    step = w.snapshot.step
    qtbot.waitUntil(lambda: w.snapshot.step > step, timeout=10_000)
    w.controller.pause()


def test_menu_action_records_the_whole_window_until_stopped(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    w = window
    assert w.clips.action in w.exports.export_menu.actions()
    rec = w.clips.start(w, tmp_path / "win", 24)
    assert w.clips.action.text() == "Stop recording clip"
    qtbot.waitUntil(lambda: rec.frames >= 3, timeout=10_000)
    n = w.clips.stop()
    assert n >= 3 and not rec.recording
    assert len(list((tmp_path / "win").glob("frame_*.png"))) == n
    assert w.clips.action.text() == "Record clip…"


def test_bad_frame_rate_is_refused(window: MainWindow, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="frame rate"):
        ClipRecorder(window, tmp_path, fps=0)
