"""Record a clip: numbered PNG frames of the window or one view while training runs.

:class:`ClipRecorder` grabs a widget at a chosen frame rate with a ``QTimer`` in the
GUI thread (grabbing must happen there) and hands each frame, already converted to a
``QImage``, to one background thread that compresses and writes it -- PNG encoding is
the expensive part, and off the GUI thread it does not hold up the training display.
Frames are ``frame_00001.png``, ``frame_00002.png`` ... in the chosen folder. When
Pillow happens to be importable (it is not a dependency), stopping can also assemble an
animated GIF from them.

:class:`ClipActions` is the Record clip… / Stop recording action (a dialog: what to
record, the frame rate, the folder); the window puts it in File > Export.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from nnsim.gui.app_context import AppContext
from nnsim.gui.i18n import Retranslating

#: Frame rates offered (frames per second).
FRAME_RATES = (5, 10, 15, 24, 30)
#: Frames waiting to be written before new grabs are skipped (bounded memory).
MAX_QUEUED = 32
#: What can be recorded: key -> the name the dialog shows (context "ClipDialog").
TARGETS: dict[str, str] = {
    "window": QT_TRANSLATE_NOOP("ClipDialog", "whole window"),
    "network": QT_TRANSLATE_NOOP("ClipDialog", "network view"),
    "output": QT_TRANSLATE_NOOP("ClipDialog", "output view"),
    "loss": QT_TRANSLATE_NOOP("ClipDialog", "loss plot"),
    "gradient": QT_TRANSLATE_NOOP("ClipDialog", "per-layer plot"),
}


def pillow_available() -> bool:
    """Whether Pillow can be imported (then an animated GIF can be made)."""
    try:
        import PIL.Image  # noqa: F401
    except ImportError:
        return False
    return True


def frame_name(index: int) -> str:
    """File name of frame ``index`` (1-based): ``frame_00001.png``."""
    return f"frame_{index:05d}.png"


class ClipRecorder(QObject):
    """Grab ``widget`` every 1/fps seconds into numbered PNGs in ``folder``.

    Parameters
    ----------
    widget : QWidget
        What to record (the window or one view).
    folder : path-like
        Created if missing. Existing ``frame_*.png`` files there are overwritten.
    fps : int
        Frames per second (1..60).
    max_frames : int or None
        Stop by itself after this many frames.

    Signals
    -------
    frame_written(int)
        Frame ``n`` (1-based) is on disk.
    finished(int)
        Recording stopped and every frame is written (the frame count).
    """

    frame_written = Signal(int)
    finished = Signal(int)

    def __init__(
        self,
        widget: QWidget,
        folder: str | os.PathLike[str],
        fps: int = 10,
        max_frames: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if not 1 <= int(fps) <= 60:
            raise ValueError(f"the frame rate must be 1..60 frames/s, got {fps}")
        self.widget = widget
        self.folder = Path(folder)
        self.fps = int(fps)
        self.max_frames = max_frames
        self.frames = 0  # grabbed
        self.skipped = 0  # grabs dropped because the writer fell behind
        self.errors: list[str] = []
        self._pending: list[Future[None]] = []
        self._pool: ThreadPoolExecutor | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(round(1000 / self.fps))
        self._timer.timeout.connect(self.grab_frame)

    @property
    def recording(self) -> bool:
        return self._timer.isActive()

    @property
    def paths(self) -> list[Path]:
        """The frames written so far, in order."""
        return [self.folder / frame_name(i) for i in range(1, self.frames + 1)]

    def start(self) -> None:
        """Start grabbing (the first frame at once)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nnsim-clip")
        self._timer.start()
        self.grab_frame()

    def grab_frame(self) -> None:
        """Grab one frame now and queue it for writing."""
        if self._pool is None:
            return
        self._pending = [f for f in self._pending if not f.done()]
        if len(self._pending) >= MAX_QUEUED:
            self.skipped += 1  # a slow disk must not eat memory; the clip just skips
            return
        image = self.widget.grab().toImage()  # QPixmap is GUI-thread only; QImage is not
        self.frames += 1
        index = self.frames
        self._pending.append(self._pool.submit(self._write, image, index))
        if self.max_frames is not None and self.frames >= self.max_frames:
            self.stop()

    def _write(self, image: QImage, index: int) -> None:
        path = self.folder / frame_name(index)
        if not image.save(str(path), "PNG"):
            self.errors.append(self.tr("cannot write {path}").format(path=path))
            return
        self.frame_written.emit(index)  # queued to the GUI thread

    def stop(self) -> int:
        """Stop grabbing and wait until every frame is written; returns the frame count."""
        self._timer.stop()
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
            self._pending = []
            self.finished.emit(self.frames)
        return self.frames

    def make_gif(self, path: str | os.PathLike[str] | None = None) -> Path | None:
        """Assemble the frames into an animated GIF if Pillow is importable, else None."""
        if not pillow_available() or self.frames == 0:
            return None
        from PIL import Image

        target = Path(path) if path is not None else self.folder / "clip.gif"
        frames = [Image.open(p).convert("RGB") for p in self.paths if p.exists()]
        if not frames:
            return None
        frames[0].save(
            target,
            save_all=True,
            append_images=frames[1:],
            duration=round(1000 / self.fps),
            loop=0,
        )
        return target


class ClipDialog(Retranslating, QDialog):
    """What to record, at which frame rate, into which folder.

    Parameters
    ----------
    targets : dict
        Key -> the untranslated name to show (:data:`TARGETS`, context "ClipDialog");
        the chosen key is ``target_box.currentData()``.
    """

    def __init__(self, targets: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._targets = dict(targets)
        self.target_box = QComboBox()
        for key, name in self._targets.items():
            self.target_box.addItem(name, key)
        self.rate_box = QComboBox()
        for fps in FRAME_RATES:
            self.rate_box.addItem(str(fps), fps)
        self.rate_box.setCurrentIndex(FRAME_RATES.index(10))
        self.folder_edit = QLineEdit(str(Path.home() / "nnsim-clip"))
        browse = QPushButton("…")
        browse.clicked.connect(self._browse)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(browse)
        self.gif_box = QCheckBox()
        self.gif_box.setEnabled(pillow_available())
        # Ok and Cancel are Qt's own buttons (translated by Qt's catalogue).
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        self._labels = (QLabel(), QLabel(), QLabel())
        form.addRow(self._labels[0], self.target_box)
        form.addRow(self._labels[1], self.rate_box)
        form.addRow(self._labels[2], folder)
        form.addRow("", self.gif_box)
        form.addRow(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every text in the UI language (items keep their data and the choice)."""
        self.setWindowTitle(self.tr("Record clip"))
        with QSignalBlocker(self.target_box):
            for i in range(self.target_box.count()):
                name = self._targets[self.target_box.itemData(i)]
                self.target_box.setItemText(i, QCoreApplication.translate("ClipDialog", name))
        with QSignalBlocker(self.rate_box):
            for i in range(self.rate_box.count()):
                fps = self.rate_box.itemData(i)
                self.rate_box.setItemText(i, self.tr("{fps} frames/s").format(fps=fps))
        self.gif_box.setText(self.tr("also make an animated GIF"))
        if not pillow_available():
            self.gif_box.setToolTip(
                self.tr("Needs Pillow (pip install pillow); PNG frames are saved")
            )
        texts = (self.tr("record"), self.tr("frame rate"), self.tr("folder"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the frames"))
        if path:
            self.folder_edit.setText(path)


class ClipActions(QObject):
    """Record clip… / Stop recording: one :attr:`action`, which the window places.

    Its texts follow the UI language (:meth:`retranslate_ui` on the context's
    ``language_changed``).

    Parameters
    ----------
    context : AppContext
        For the dialog's parent and the status-bar messages.
    widgets : mapping str -> QWidget
        What can be recorded, by :data:`TARGETS` key.
    """

    def __init__(
        self,
        context: AppContext,
        widgets: Mapping[str, QWidget],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else context)
        self._context = context
        self._widgets = dict(widgets)
        self.recorder: ClipRecorder | None = None
        self._gif = False
        self.action = QAction(self)
        self.action.triggered.connect(self.toggle)
        self.retranslate_ui()
        context.language_changed.connect(self.retranslate_ui)

    @property
    def recording(self) -> bool:
        """Whether a clip is being recorded."""
        return self.recorder is not None and self.recorder.recording

    def retranslate_ui(self, _lang: str = "") -> None:
        """Set the action's text in the UI language (it depends on the recording state)."""
        if self.recording:
            self.action.setText(self.tr("Stop recording clip"))
        else:
            self.action.setText(self.tr("Record clip…"))

    def target_widgets(self) -> dict[str, QWidget]:
        """What can be recorded, by :data:`TARGETS` key."""
        return {k: self._widgets[k] for k in TARGETS}

    def targets(self) -> dict[str, QWidget]:
        """What can be recorded, by the name the dialog shows (in the UI language)."""
        widgets = self.target_widgets()
        return {QCoreApplication.translate("ClipDialog", TARGETS[k]): widgets[k] for k in TARGETS}

    def toggle(self) -> None:
        if self.recording:
            self.stop()
            return
        dialog = ClipDialog(TARGETS, self._context.dialog_parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._gif = dialog.gif_box.isChecked()
            self.start(
                self.target_widgets()[dialog.target_box.currentData()],
                dialog.folder_edit.text(),
                int(dialog.rate_box.currentData()),
            )
        dialog.deleteLater()

    def start(self, widget: QWidget, folder: str | os.PathLike[str], fps: int) -> ClipRecorder:
        """Start recording ``widget`` into ``folder`` at ``fps`` frames per second."""
        if self.recorder is not None:
            self.recorder.stop()
        self.recorder = ClipRecorder(widget, folder, fps, parent=self)
        self.recorder.start()
        self.retranslate_ui()
        self._context.notify(
            self.tr("Recording into {folder} at {fps} frames/s").format(folder=folder, fps=fps),
            4000,
        )
        return self.recorder

    def stop(self) -> int:
        """Stop recording; returns the number of frames written."""
        recorder = self.recorder
        if recorder is None:
            return 0
        n = recorder.stop()
        self.retranslate_ui()
        gif = recorder.make_gif() if self._gif else None
        if gif is None:
            text = self.tr("Saved {n} frames in {folder}").format(n=n, folder=recorder.folder)
        else:
            text = self.tr("Saved {n} frames in {folder} and {gif}").format(
                n=n, folder=recorder.folder, gif=gif.name
            )
        self._context.notify(text, 8000)
        return n
