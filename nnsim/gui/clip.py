"""Record a clip a lecturer can upload: MP4 (H.264) or animated GIF of the window or one view.

:class:`ClipRecorder` grabs at :data:`~nnsim.gui.video.CLIP_FPS` frames per second of
wall time, whatever the training speed: a ``QTimer`` in the GUI thread (grabbing must
happen there) takes the pixels already on screen (``QScreen.grabWindow``, under a
millisecond, where re-rendering the window with ``QWidget.grab`` takes ~25 ms at 720p)
and a :class:`~nnsim.gui.video.FrameClock` repeats or drops grabs by their timestamps,
so a clip lasts as long as the recording did. Because the grab reads the window's
pixels, the recording aids drawn over it (the mouse ring, the shortcut overlay) are in
every frame, a single view included, at the place they are on screen. Where the
platform cannot read the screen (Wayland), the widget is rendered instead and the aids
that overlap it are painted at their mapped position.

The frames go to a :class:`~nnsim.gui.video.ClipEncoder` (a background thread); clips
are exactly 1280×720, 1920×1080, or the view's own size rounded down to even numbers
(the first frame's size), each frame scaled with its aspect kept and centred on the
theme's background. A view recorded with the caption gets the lesson caption under it,
set at the view's width.

:class:`ClipActions` is File > Export > Record clip… and the tool bar's record button
(Ctrl+Shift+R); pressed again it stops, and a progress dialog follows the encoding of
the frames still queued (cancelling leaves no file). PNG frame folders are gone: they
were not uploadable, and the optional extra ``nnsim[video]`` (PyAV and Pillow, wheels
on every platform) is one ``pip install`` away; the dialog says so when it is missing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QPoint,
    QRect,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFontMetricsF, QImage, QKeySequence, QPainter, QRegion
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from nnsim.gui import video
from nnsim.gui.app_context import AppContext
from nnsim.gui.clip_dialog import SIZES, TARGETS, ClipDialog, missing_extra_text, target_names
from nnsim.gui.recording import CaptionBar, ClickRing, ShortcutOverlay
from nnsim.gui.toolbar import media_icon

if TYPE_CHECKING:  # for the annotations only
    from nnsim.gui.lessons import TeachingDocks
    from nnsim.gui.recording import RecordingAids

__all__ = [
    "SIZES",
    "TARGETS",
    "ClipActions",
    "ClipDialog",
    "ClipRecorder",
    "NotShown",
    "caption_band",
    "grab_size",
    "is_shown",
    "render_with_overlays",
    "visible_rect",
]

#: Red, the colour of a record button on every ground.
RECORD_RED = QColor(220, 40, 40)
#: Seconds a closing window waits for the clip's tail before it shows the progress
#: (and a Cancel): a short tail finishes unseen.
QUIET_FINISH_S = 0.5


def caption_band(bar: CaptionBar, width: int, dpr: float = 1.0) -> QImage:
    """The caption bar's text set at ``width`` pixels, in its font and colours (wrapped,
    never cut), for a view recorded with its caption.

    ``dpr`` is the grab's device pixel ratio: on a 2x screen a grab has two pixels per
    point, and a band drawn at 1x would carry the caption at half the size it has on
    screen. The band is ``width`` device pixels wide and carries ``dpr``.
    """
    dpr = max(1.0, float(dpr))
    font = bar.label.font()
    flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
    logical_width = max(2, width) / dpr
    room = QRectF(0, 0, max(1.0, logical_width - 24), 1e6)
    text_rect = QFontMetricsF(font).boundingRect(room, flags, bar.text)
    height = math.ceil((math.ceil(text_rect.height()) + 16) * dpr)
    band = QImage(max(2, width), height, QImage.Format.Format_RGB32)
    band.setDevicePixelRatio(dpr)
    band.fill(bar.palette().color(bar.backgroundRole()))
    p = QPainter(band)
    p.setFont(font)
    p.setPen(bar.palette().color(bar.foregroundRole()))
    p.drawText(QRectF(12, 8, logical_width - 24, text_rect.height()), flags, bar.text)
    p.end()
    return band


def grab_size(widget: QWidget) -> tuple[int, int]:
    """The size in pixels of ``widget``'s grabs (its shown part at the screen's device
    pixel ratio), which "the view's own size" of a clip is."""
    rect = visible_rect(widget)
    dpr = widget.devicePixelRatioF()
    return round(rect.width() * dpr), round(rect.height() * dpr)


def is_shown(widget: QWidget) -> bool:
    """Whether ``widget`` is on screen with some part to grab (not a closed dock's)."""
    return widget.isVisible() and not visible_rect(widget).isEmpty()


def visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` its window shows, in the window's coordinates (a teaching
    view in a scrolled dock is cut to the dock's viewport; the window is all of itself)."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect &= QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return rect


def render_with_overlays(widget: QWidget) -> QImage:
    """``widget`` rendered (for a platform whose screen cannot be read), with the parts
    of the window's recording overlays (mouse ring, shortcuts) that lie over it."""
    image = widget.grab().toImage()
    window = widget.window()
    if widget is window:
        return image  # the overlays are the window's children: already rendered
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    p = QPainter(image)
    for overlay in window.findChildren(QWidget):
        if isinstance(overlay, (ClickRing, ShortcutOverlay)) and overlay.isVisible():
            # The overlay covers the window: its part over the view, at the view's origin.
            overlay.render(p, QPoint(0, 0), QRegion(rect), QWidget.RenderFlag(0))
    p.end()
    return image


class NotShown(Exception):
    """The widget to record is not on screen."""


class ClipRecorder(QObject):
    """Grab ``widget`` at 30 frames/s of wall time into a video or GIF at ``path``.

    Parameters
    ----------
    widget : QWidget
        The window or one of its views.
    path : path-like
        The clip's file (written whole when :meth:`stop` has finished encoding).
    fmt : str
        "mp4" or "gif".
    size : (int, int) or None
        The clip's size; None for the view's own (even-rounded) size.
    background : QColor
        Around a frame of another aspect.
    caption : CaptionBar, optional
        For a view: put the caption under it in every frame.
    clock : callable
        Wall time in seconds (tests may pass their own).

    Signals
    -------
    failed(str)
        The encoder stopped on an error (the message); recording has stopped.
    hidden()
        The widget is no longer shown (its dock was closed): the recorder has stopped
        itself, and its encoder is finishing the clip so far.

    Raises
    ------
    OSError
        From :meth:`start`, when the folder cannot take the file.
    NotShown
        From :meth:`start`, when the widget is not on screen (no pixels to grab).
    """

    failed = Signal(str)
    hidden = Signal()

    def __init__(
        self,
        widget: QWidget,
        path: str | Path,
        fmt: str = "mp4",
        size: tuple[int, int] | None = None,
        background: QColor | None = None,
        caption: CaptionBar | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if fmt not in video.FORMATS:
            raise ValueError(f"unknown clip format {fmt!r}")
        self.widget = widget
        self.path = Path(path)
        self.fmt = fmt
        self.size = size
        self.background = QColor(background) if background is not None else QColor("white")
        self.caption = caption
        self.encoder: video.ClipEncoder | None = None
        self._clock = clock
        self._frame_clock: video.FrameClock | None = None
        self.started: float | None = None
        self._band: tuple[tuple, QImage] | None = None
        self._active = False
        # One shot, set for the next frame slot each time: a fixed 33 ms interval beats
        # against the 33.3 ms slots (a slot grabbed twice, then one skipped: judder).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.grab_frame)

    @property
    def recording(self) -> bool:
        """Whether frames are being grabbed."""
        return self._active

    def start(self) -> None:
        """Grab the first frame, open the file (OSError if it cannot be) and go on."""
        if not is_shown(self.widget):
            raise NotShown()
        first = self.grab()
        if first.isNull() or first.width() == 0 or first.height() == 0:
            raise NotShown()  # nothing to size the clip by
        size = self.size or video.even_size(first.width(), first.height())
        self.encoder = video.ClipEncoder(self.path, self.fmt, size, self.background)
        self._frame_clock = video.FrameClock(video.CLIP_FPS, self._clock())
        #: Wall time of the first frame (the clip's time 0).
        self.started = self._frame_clock.start
        self.encoder.put(first, self._frame_clock.due(self._frame_clock.start))
        self._active = True
        self._schedule()

    def _schedule(self) -> None:
        """Wake up at the start of the next frame slot."""
        frame_clock = self._frame_clock
        if frame_clock is None or not self._active:
            return
        next_at = frame_clock.start + frame_clock.count / frame_clock.fps
        self._timer.start(max(0, math.ceil((next_at - self._clock()) * 1000)))

    def grab(self) -> QImage:
        """The widget's pixels as on screen now, with the caption under a single view."""
        widget, window = self.widget, self.widget.window()
        rect = visible_rect(widget)
        screen = window.screen()
        pixmap = (
            screen.grabWindow(window.winId(), rect.x(), rect.y(), rect.width(), rect.height())
            if screen is not None and widget.isVisible() and not rect.isEmpty()
            else None
        )
        if pixmap is not None and not pixmap.isNull():
            image = pixmap.toImage()
        else:
            image = render_with_overlays(widget)
        bar = self.caption
        if bar is not None and widget is not window and bar.text:
            image = self._with_caption(image, bar)
        return image

    def _with_caption(self, image: QImage, bar: CaptionBar) -> QImage:
        width, dpr = image.width(), image.devicePixelRatioF()
        key = (bar.text, width, dpr, bar.label.font().toString(), bar.palette().cacheKey())
        if self._band is None or self._band[0] != key:
            self._band = (key, caption_band(bar, width, dpr))
        band = self._band[1]
        out = QImage(width, image.height() + band.height(), QImage.Format.Format_RGB32)
        p = QPainter(out)
        # Target rectangles in pixels: both images are placed pixel for pixel whatever
        # device pixel ratio they carry.
        p.drawImage(QRect(0, 0, width, image.height()), image)
        p.drawImage(QRect(0, image.height(), band.width(), band.height()), band)
        p.end()
        return out

    def grab_frame(self) -> None:
        """Grab now if a frame slot has passed since the last grab (else nothing)."""
        encoder, frame_clock = self.encoder, self._frame_clock
        if encoder is None or frame_clock is None:
            return
        if encoder.error is not None:
            self._active = False
            self._timer.stop()
            self.failed.emit(str(encoder.error))
            return
        if not is_shown(self.widget):
            # A closed dock: grabbing would fall back to rendering the widget (~25 ms a
            # frame on the GUI thread) or to nothing. Stop and encode the clip so far.
            self.stop()
            self.hidden.emit()
            return
        if encoder.full:  # the encoder is behind: a later grab stands in for this slot
            encoder.dropped += 1
            self._timer.start(round(500 / frame_clock.fps))  # try again within the slot
            return
        due = frame_clock.due(self._clock())
        if due:
            image = self.grab()
            if image.isNull():  # a zero-size moment: the clock repeats the last frame
                frame_clock.count -= due
            else:
                encoder.put(image, due)
        self._schedule()

    def stop(self) -> video.ClipEncoder | None:
        """Stop grabbing; the encoder finishes the queued frames (padded to wall time)."""
        self._active = False
        self._timer.stop()
        encoder = self.encoder
        if encoder is not None and self._frame_clock is not None and not encoder.done.is_set():
            encoder.finish(self._frame_clock.tail(self._clock()))
        return encoder


class ClipActions(QObject):
    """Record clip… / Stop recording clip: one :attr:`action` (Ctrl+Shift+R) for the
    File > Export menu and the tool bar; the window places it.

    Parameters
    ----------
    context : AppContext
        Dialog parent, status-bar messages, the theme (the padding colour).
    widgets : mapping str -> QWidget
        The window and its views, by :data:`TARGETS` key.
    teaching : TeachingDocks, optional
        The teaching views; those open when the dialog opens can be recorded too.
    aids : RecordingAids, optional
        The caption bar a clip may show.

    Signals
    -------
    saved(object)
        The clip's ``Path``, once it is complete on disk.
    """

    saved = Signal(object)

    def __init__(
        self,
        context: AppContext,
        widgets: Mapping[str, QWidget],
        teaching: TeachingDocks | None = None,
        aids: RecordingAids | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else context)
        self._context = context
        self._widgets = dict(widgets)
        self._teaching = teaching
        self._aids = aids
        self.recorder: ClipRecorder | None = None
        #: The tail's progress dialog while one is shown.
        self.progress: QProgressDialog | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._on_poll)
        self._caption_before: bool | None = None
        self.action = QAction(self)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(self.toggle)
        self.retranslate_ui()
        context.language_changed.connect(self.retranslate_ui)

    @property
    def recording(self) -> bool:
        """Whether a clip is being recorded."""
        return self.recorder is not None and self.recorder.recording

    def retranslate_ui(self, _lang: str = "") -> None:
        """The action's text, tool tip and icon in the UI language and recording state."""
        if self.recording:
            self.action.setText(self.tr("Stop recording clip"))
            self.action.setIcon(media_icon("stop", RECORD_RED))
        else:
            self.action.setText(self.tr("Record clip…"))
            self.action.setIcon(media_icon("record", RECORD_RED))
        keys = self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.action.setToolTip(f"{self.action.text().rstrip('…')} ({keys})")

    def target_widgets(self) -> dict[str, QWidget]:
        """What can be recorded now, by key: the window, its views and the open
        teaching views (``"teaching:<key>"``)."""
        out = {k: self._widgets[k] for k in TARGETS if k in self._widgets}
        if self._teaching is not None:
            for key, dock in self._teaching.docks.items():
                if key in self._teaching.views and dock.isVisible():
                    out[f"teaching:{key}"] = self._teaching.views[key]
        return out

    def targets(self) -> dict[str, QWidget]:
        """What can be recorded, by the name the dialog shows (in the UI language)."""
        widgets = self.target_widgets()
        names = target_names(list(widgets))
        return {names[k]: w for k, w in widgets.items()}

    def toggle(self) -> None:
        """Stop a recording; else ask what to record and start."""
        if self.recording:
            self.stop()
            return
        if self.progress is not None:
            return  # the last clip is still being encoded
        widgets = self.target_widgets()
        dialog = ClipDialog(list(widgets), self._context.dialog_parent)
        dialog.set_view_sizes({k: grab_size(w) for k, w in widgets.items()})
        if dialog.exec() == ClipDialog.DialogCode.Accepted:
            self.start(
                widgets[dialog.target()],
                dialog.path(),
                dialog.fmt(),
                dialog.clip_size(),
                dialog.caption_box.isChecked(),
            )
        dialog.deleteLater()

    def start(
        self,
        widget: QWidget,
        path: str | Path,
        fmt: str = "mp4",
        size: tuple[int, int] | None = (1280, 720),
        caption: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> ClipRecorder | None:
        """Start recording ``widget`` into ``path``; None (and a message) when the
        extra is missing or the file cannot be written. ``clock`` is the recorder's
        wall time (seconds)."""
        if self.recorder is not None:
            # One clip at a time: a second would take over the first one's progress
            # dialog and report, and the first would finish unseen.
            self._context.notify(
                self.tr("The last clip is still being recorded or saved; wait for it."),
                6000,
            )
            return None
        missing = video.missing_packages(fmt)
        if missing:
            self._context.notify(missing_extra_text(), 8000)
            return None
        aids = self._aids
        if caption and aids is not None:
            self._caption_before = aids.caption_action.isChecked()
            aids.caption_action.setChecked(True)
        window = widget.window()
        recorder = ClipRecorder(
            widget,
            path,
            fmt,
            size,
            self._context.theme.color("background"),
            aids.captions if caption and aids is not None and widget is not window else None,
            clock,
            parent=self,
        )
        try:
            recorder.start()
        except Exception as exc:  # noqa: BLE001 - an unwritable folder, a codec refusing
            self._restore_caption()
            recorder.deleteLater()
            if isinstance(exc, NotShown):
                self._context.notify(
                    self.tr("The view to record is not shown; show it and try again."), 6000
                )
            elif isinstance(exc, video.MissingEncoder):
                self._missing_encoder(exc)
            else:
                self._fail(path, exc)
            return None
        recorder.failed.connect(lambda text: self._on_failed(recorder, text))
        recorder.hidden.connect(lambda: self._on_hidden(recorder))
        self.recorder = recorder
        self.retranslate_ui()
        keys = self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self._context.notify(
            self.tr("Recording {name} at 30 frames/s — {keys} stops").format(
                name=Path(path).name, keys=keys
            ),
            4000,
        )
        return recorder

    def _on_hidden(self, recorder: ClipRecorder) -> None:
        """The recorded view was closed: stop and keep the clip so far, and say why."""
        if recorder is not self.recorder or self.progress is not None:
            return
        self._follow(recorder.encoder)
        self._context.notify(
            self.tr(
                "Recording stopped: the recorded view is no longer shown. "
                "The clip so far is being saved."
            ),
            8000,
        )

    def stop(self) -> None:
        """Stop grabbing; a progress dialog follows the encoding of the queued frames."""
        recorder = self.recorder
        if recorder is None or not recorder.recording:
            return
        self._follow(recorder.stop())

    def _follow(self, encoder: video.ClipEncoder | None) -> None:
        """Grabbing has stopped: put the caption back, follow the tail's encoding."""
        self._restore_caption()
        self.retranslate_ui()
        if encoder is None:
            return
        progress = QProgressDialog(self._context.dialog_parent)
        progress.setWindowTitle(self.tr("Record clip"))
        progress.setLabelText(self.tr("Encoding the clip…"))
        progress.setRange(0, max(1, encoder.submitted))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)  # a short tail finishes without a flash
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(encoder.cancel)
        self.progress = progress
        self._poll.start()

    def _on_poll(self) -> None:
        recorder, progress = self.recorder, self.progress
        if recorder is None or recorder.encoder is None or progress is None:
            self._poll.stop()
            return
        encoder = recorder.encoder
        progress.setValue(min(encoder.written, progress.maximum()))
        if self.progress is not progress:
            # A modal dialog's setValue runs the event loop, so a poll nested in it may
            # already have finished this clip and reported it.
            return
        if not encoder.done.is_set():
            return
        self._poll.stop()
        self.progress = None
        progress.canceled.disconnect(encoder.cancel)
        progress.close()
        progress.deleteLater()
        self.recorder = None
        recorder.deleteLater()  # its last grabs and caption band go with it
        self._report(recorder.path, encoder)

    def _report(self, path: Path, encoder: video.ClipEncoder) -> None:
        if encoder.error is not None:
            self._fail(path, encoder.error)
        elif encoder.completed:  # not path.exists(): an older file may have that name
            self._context.notify(self.tr("Saved the clip {path}").format(path=path), 8000)
            self.saved.emit(path)
        else:
            self._context.notify(self.tr("Clip cancelled; no file was written"), 4000)

    def _on_failed(self, recorder: ClipRecorder, text: str) -> None:
        """The encoder failed while recording (a full disk): stop, say so once."""
        if recorder is self.recorder:
            self._restore_caption()
            self.recorder = None
            self.retranslate_ui()
            recorder.deleteLater()
            self._fail(recorder.path, text)

    def _missing_encoder(self, exc: video.MissingEncoder) -> None:
        QMessageBox.warning(
            self._context.dialog_parent,
            self.tr("Clip not saved"),
            self.tr(
                "This copy of PyAV has no H.264 encoder (tried: {encoders}), so it cannot "
                "write MP4. Record an animated GIF, or install PyAV's own build with: {command}"
            ).format(encoders=", ".join(exc.tried), command='pip install --force-reinstall "av"'),
        )

    def _fail(self, path: str | Path, reason: object) -> None:
        QMessageBox.warning(
            self._context.dialog_parent,
            self.tr("Clip not saved"),
            self.tr(
                "The clip could not be written to {path}:\n{reason}\n\n"
                "Nothing else was affected; choose another folder or free some space."
            ).format(path=path, reason=reason),
        )

    def _restore_caption(self) -> None:
        if self._caption_before is not None and self._aids is not None:
            self._aids.caption_action.setChecked(self._caption_before)
        self._caption_before = None

    def shutdown(self) -> None:
        """The window closes: stop and finish the clip. A tail longer than
        :data:`QUIET_FINISH_S` shows the progress dialog, whose Cancel deletes the
        partial file, instead of a window that hangs with no word."""
        recorder = self.recorder
        self.stop()
        encoder = recorder.encoder if recorder is not None else None
        if encoder is None:
            return
        if not encoder.wait(QUIET_FINISH_S) and self.progress is not None:
            self.progress.setMinimumDuration(0)
            self.progress.show()
            while not encoder.wait(0.02):
                # The poll timer moves the bar; the dialog's Cancel reaches the encoder.
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)
        encoder.wait()
        self._on_poll()
