"""Encoding a clip off the GUI thread: frames scaled by PyAV for both formats, MP4
(H.264) encoded by PyAV, animated GIF written by Pillow.

Both packages are the optional extra ``nnsim[video]``; :func:`missing_packages` says
which a format lacks, and nothing here imports ``av`` or ``PIL`` before a clip is encoded.

:class:`FrameClock` turns grabs at irregular times into a constant frame rate of wall
time: a grab is written as many times as frame slots have passed since the last one
(0 when grabs come faster, 2+ when one was late), and stopping pads with the last frame,
so the clip lasts exactly as long as the recording did.

:class:`ClipEncoder` is one background thread consuming a bounded queue of grabbed
``QImage`` (QImage, unlike QPixmap, may be used off the GUI thread). It scales each
frame to the clip's size with the aspect kept, pads the rest with the theme's
background (letterbox or pillarbox, centred), converts it to RGB and encodes it;
PyAV (FFmpeg's scaler and encoder) and Pillow let go of the GIL while they resample
and encode, so the GUI thread keeps painting. It writes to a hidden temporary file in the target
folder and renames it over the target only when the clip is complete, so a cancelled
or failed clip leaves no file behind.
"""

from __future__ import annotations

import math
import os
import re
import secrets
import sys
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtGui import QColor, QImage

from nnsim.storage import remove_old_files

__all__ = [
    "CLIP_FPS",
    "FORMATS",
    "VIDEO_EXTRA",
    "ClipCancelled",
    "ClipEncoder",
    "FrameClock",
    "H264_ENCODERS",
    "MissingEncoder",
    "even_size",
    "fit_frame",
    "missing_packages",
    "remove_stale_parts",
]

#: Frames per second of every clip (wall time, whatever the training speed).
CLIP_FPS = 30
#: What to install for video clips.
VIDEO_EXTRA = 'pip install "nnsim[video]"'
#: Clip formats: key -> file suffix.
FORMATS: dict[str, str] = {"mp4": ".mp4", "gif": ".gif"}
#: Grabbed frames that may wait for the encoder, in bytes of the grabs themselves (a
#: 4K window grab is 33 MB whatever the clip's size).
QUEUE_BYTES = 192 * 1024 * 1024
#: H.264 encoders to try, best first: PyAV's wheels ship libx264; a distribution's
#: FFmpeg may have only OpenH264 ("h264" is FFmpeg's default H.264 encoder).
H264_ENCODERS: tuple[str, ...] = ("libx264", "h264", "libopenh264")
#: A ``.part`` file older than this beside a new clip was left by a crashed recording.
STALE_PART_S = 60.0
#: GIF frame delays in ms: GIF counts hundredths of a second, so 3, 3, 4 hundredths
#: make exactly 30 frames per second on average.
_GIF_DELAYS_MS = (30, 30, 40)


def missing_packages(fmt: str) -> list[str]:
    """The packages of ``nnsim[video]`` that ``fmt`` ("mp4" or "gif") needs and lacks."""
    # PyAV scales the frames of both formats (fit_frame); Pillow writes the GIF.
    needed = {"mp4": ("av",), "gif": ("av", "PIL")}[fmt]
    missing = []
    for name in needed:
        try:
            __import__(name)
        except ImportError:
            missing.append({"PIL": "Pillow"}.get(name, name))
    return missing


def even_size(width: int, height: int) -> tuple[int, int]:
    """``(width, height)`` rounded down to even numbers (yuv420p halves both), at least 2."""
    return max(2, int(width) // 2 * 2), max(2, int(height) // 2 * 2)


_SCALERS = threading.local()


def fit_frame(image: QImage, size: tuple[int, int], background: QColor) -> np.ndarray:
    """``image`` scaled into ``size`` with its aspect kept, centred on ``background``.

    Runs in the encoder thread. FFmpeg's scaler (PyAV's ``reformat``, area averaging)
    converts and shrinks in one pass with the GIL released: a 1080p window into a 720p
    clip takes about 6 ms here, where Pillow took 18 ms (a core's half at 30 frames/s,
    which dropped the window below 30 frames/s while it trained) and ``QImage.scaled``
    holds the GIL (the GUI thread up to ~100 ms late).

    Returns
    -------
    ndarray, shape (height, width, 3), uint8
        RGB; only ``background`` when ``image`` is empty (a view of zero size).
    """
    import av

    width, height = size
    if image.isNull() or image.width() <= 0 or image.height() <= 0:
        canvas = np.empty((height, width, 3), np.uint8)
        canvas[:] = background.getRgb()[:3]
        return canvas
    if image.format() not in (
        QImage.Format.Format_RGB32,
        QImage.Format.Format_ARGB32,
        QImage.Format.Format_ARGB32_Premultiplied,
    ):
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    words = np.frombuffer(image.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    # 0xffRRGGBB words: B, G, R, X in memory on a little-endian machine.
    layout = "bgra" if sys.byteorder == "little" else "argb"
    frame = av.VideoFrame(w, h, layout)
    plane = frame.planes[0]
    if plane.line_size == stride and plane.buffer_size == words.size:
        plane.update(words)  # one copy of the rows as they are (from_ndarray: 6x slower)
    else:
        frame = av.VideoFrame.from_ndarray(words[:, : w * 4].reshape(h, w, 4), format=layout)
    scale = min(width / w, height / h)
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    # One scaler per thread: FFmpeg computes a scaler's filters when it is set up,
    # which cost as much as the scaling itself with a new one per frame.
    scaler = getattr(_SCALERS, "scaler", None)
    if scaler is None:
        scaler = _SCALERS.scaler = av.video.reformatter.VideoReformatter()
    rgb = scaler.reformat(frame, sw, sh, "rgb24", interpolation="AREA").to_ndarray()
    if (sw, sh) == (width, height):
        return rgb
    canvas = np.empty((height, width, 3), np.uint8)
    canvas[:] = background.getRgb()[:3]
    x, y = (width - sw) // 2, (height - sh) // 2
    canvas[y : y + sh, x : x + sw] = rgb
    return canvas


class FrameClock:
    """How many frames each grab stands for, so the clip keeps wall time.

    Parameters
    ----------
    fps : float
    start : float
        Wall time (seconds) of the first grab.

    Attributes
    ----------
    count : int
        Frames accounted for so far.
    """

    def __init__(self, fps: float, start: float) -> None:
        self.fps = float(fps)
        self.start = float(start)
        self.count = 0

    def due(self, now: float) -> int:
        """Frames a grab at ``now`` fills: the slots from the last frame up to ``now``
        (0 when the previous grab already covers this slot)."""
        target = math.floor((now - self.start) * self.fps + 1e-6) + 1
        n = max(0, target - self.count)
        self.count += n
        return n

    def tail(self, now: float) -> int:
        """Frames to repeat at the end so the clip lasts ``now - start`` seconds."""
        total = max(1, round((now - self.start) * self.fps))
        n = max(0, total - self.count)
        self.count += n
        return n


class ClipCancelled(Exception):
    """The encoding was cancelled (the temporary file is gone)."""


class MissingEncoder(Exception):
    """PyAV's FFmpeg has none of :data:`H264_ENCODERS` (a build without libx264)."""

    def __init__(self, tried: tuple[str, ...]) -> None:
        super().__init__(f"no H.264 encoder in this FFmpeg (tried {', '.join(tried)})")
        self.tried = tried


def remove_stale_parts(folder: str | os.PathLike[str]) -> None:
    """Delete the hidden ``.<stem>.<8 hex>.part`` files a crashed recording left in
    ``folder``: only files of that pattern older than :data:`STALE_PART_S` (a fresh one
    may be another window's clip under way)."""
    try:
        candidates = list(Path(folder).glob(".?*.*.part"))
    except OSError:
        return
    ours = [p for p in candidates if _PART_NAME.fullmatch(p.name)]
    remove_old_files(ours, STALE_PART_S)


_PART_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.part")


class _Mp4Writer:
    """H.264 in MP4, yuv420p, constant frame rate: one packet timestamp per frame."""

    def __init__(self, path: Path, size: tuple[int, int], fps: int) -> None:
        import av

        self._container = av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"})
        try:
            stream = self._add_stream(av, fps)
            stream.width, stream.height = size
            stream.pix_fmt = "yuv420p"
            if stream.codec_context.name == "libx264":
                # veryfast: ~8 ms a 720p frame on one core, files a third of ultrafast's.
                stream.options = {"preset": "veryfast", "crf": "20"}
            else:  # OpenH264 and others know no crf: a bit rate that keeps text sharp
                stream.bit_rate = 4 * size[0] * size[1]
            stream.codec_context.thread_count = 1  # the other core trains
        except Exception:
            self._container.close()
            raise
        self._stream = stream
        self._av = av
        self._pts = 0

    def _add_stream(self, av: Any, fps: int) -> Any:
        """The first of :data:`H264_ENCODERS` this FFmpeg has (MissingEncoder if none)."""
        for name in H264_ENCODERS:
            try:
                return self._container.add_stream(name, rate=fps)
            except (ValueError, av.EncoderNotFoundError):
                continue  # UnknownCodecError is a ValueError: try the next encoder
        raise MissingEncoder(H264_ENCODERS)

    def write(self, rgb: np.ndarray, repeats: int) -> None:
        frame = self._av.VideoFrame.from_ndarray(rgb, format="rgb24")
        for _ in range(repeats):
            frame.pts = self._pts
            self._pts += 1
            self._container.mux(self._stream.encode(frame))

    def close(self) -> None:
        self._container.mux(self._stream.encode(None))  # flush x264's delayed frames
        self._container.close()

    def abort(self) -> None:
        try:
            self._container.close()
        except Exception:  # noqa: BLE001 - the file is deleted anyway
            pass


class _GifWriter:
    """An animated GIF written frame by frame (Pillow's streaming GIF functions), so a
    long clip never sits in memory. Every frame takes the first frame's palette, and
    only the rectangle that changed since the previous frame is stored (a repeated frame
    is one pixel), which keeps a lecture's GIF a fraction of full frames' size."""

    def __init__(self, path: Path, size: tuple[int, int], fps: int) -> None:
        self._file = open(path, "wb")  # noqa: SIM115 - closed in close() / abort()
        self._palette: Any = None
        self._previous: np.ndarray | None = None
        self._index = 0

    def write(self, rgb: np.ndarray, repeats: int) -> None:
        from PIL import GifImagePlugin, Image

        image = Image.fromarray(rgb, "RGB")
        if self._palette is None:
            self._palette = image.quantize(256)
            frame = self._palette
            header, _ = GifImagePlugin.getheader(frame.copy(), info={"loop": 0, "duration": 30})
            self._file.writelines(header)
        else:
            frame = image.quantize(palette=self._palette, dither=Image.Dither.NONE)
        indices = np.asarray(frame)
        if self._previous is None:
            box = (0, 0, frame.width, frame.height)
        else:
            changed = indices != self._previous
            rows, cols = np.flatnonzero(changed.any(1)), np.flatnonzero(changed.any(0))
            if rows.size:
                box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
            else:
                box = (0, 0, 1, 1)
        self._previous = indices
        part = frame.crop(box)
        for i in range(repeats):
            delay = _GIF_DELAYS_MS[self._index % len(_GIF_DELAYS_MS)]
            self._index += 1
            if i == 1:  # the same picture again: nothing changes
                part, box = frame.crop((0, 0, 1, 1)), (0, 0, 1, 1)
            self._file.writelines(GifImagePlugin.getdata(part, offset=box[:2], duration=delay))

    def close(self) -> None:
        self._file.write(b";")  # the GIF trailer
        self._file.close()

    def abort(self) -> None:
        self._file.close()


_WRITERS: dict[str, Callable[[Path, tuple[int, int], int], Any]] = {
    "mp4": _Mp4Writer,
    "gif": _GifWriter,
}


class ClipEncoder:
    """Encode frames to ``path`` in one background thread.

    Opening the temporary file happens in the constructor, so an unwritable folder
    raises ``OSError`` at once (before anything is recorded).

    Parameters
    ----------
    path : path-like
        The clip's file; replaced only when the clip is complete.
    fmt : str
        A :data:`FORMATS` key.
    size : (int, int)
        Width and height of the clip (even for MP4).
    background : QColor
        The padding around frames of another aspect.
    fps : int
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        fmt: str,
        size: tuple[int, int],
        background: QColor,
        fps: int = CLIP_FPS,
    ) -> None:
        self.path = Path(path)
        self.size = (int(size[0]), int(size[1]))
        self.background = QColor(background)
        self.fps = fps
        #: Frames (counting repeats) handed over, and written.
        self.submitted = 0
        self.written = 0
        #: Grabs not queued because the encoder was behind (the clock repeats others).
        self.dropped = 0
        #: What went wrong in the encoder thread (``None`` while all is well).
        self.error: BaseException | None = None
        #: Set once the clip has been renamed over the target: the only sign that the
        #: file at ``path`` is this clip (an older file of that name may be there).
        self.completed = False
        #: Bytes of the grabs waiting (``QImage.sizeInBytes``): the grabs are at the
        #: window's resolution, not the clip's, so the bound counts what they hold.
        self.queued_bytes = 0
        self._last_bytes = 0
        self._queue: deque[tuple[QImage | None, int, int]] = deque()
        self._cond = threading.Condition()
        self._closing = False
        self._cancelled = False
        self.done = threading.Event()
        # Not mkstemp: its 0600 would stay on the clip after the rename; os.open's 0666
        # takes the user's umask like any file they save.
        self._tmp = self.path.parent / f".{self.path.stem}.{secrets.token_hex(4)}.part"
        remove_stale_parts(self.path.parent)
        os.close(os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        try:
            self._writer = _WRITERS[fmt](self._tmp, self.size, fps)
        except BaseException:
            self._tmp.unlink(missing_ok=True)
            raise
        self._thread = threading.Thread(target=self._run, name="nnsim-clip", daemon=True)
        self._thread.start()

    @property
    def full(self) -> bool:
        """Whether a frame like the last one given would be refused now (the queue's
        bytes would pass :data:`QUEUE_BYTES`, or the encoder has stopped)."""
        return self._refuses(self._last_bytes)

    def _refuses(self, nbytes: int) -> bool:
        if self._closing or self.error is not None:
            return True
        # An empty queue takes any frame, however large: the clip must go on.
        return bool(self._queue) and self.queued_bytes + nbytes > QUEUE_BYTES

    def put(self, image: QImage, repeats: int) -> bool:
        """Queue ``image`` to be written ``repeats`` times; False (and nothing queued)
        when the queue is full or the encoder has stopped. Never blocks."""
        nbytes = int(image.sizeInBytes())
        with self._cond:
            self._last_bytes = nbytes
            if self._refuses(nbytes):
                self.dropped += 1
                return False
            self._queue.append((image, repeats, nbytes))
            self.queued_bytes += nbytes
            self.submitted += repeats
            self._cond.notify()
        return True

    def finish(self, tail: int = 0) -> None:
        """No more frames: repeat the last one ``tail`` more times, then close the file
        and rename it over the target (:attr:`done` is set when that is over)."""
        with self._cond:
            if tail > 0 and self.submitted > 0:
                self._queue.append((None, tail, 0))
                self.submitted += tail
            self._closing = True
            self._cond.notify()

    def cancel(self) -> None:
        """Stop at once and delete the temporary file; the target is not touched."""
        with self._cond:
            self._cancelled = True
            self._closing = True
            self._queue.clear()
            self.queued_bytes = 0
            self._cond.notify()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True when it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        last: np.ndarray | None = None
        try:
            while True:
                with self._cond:
                    while not self._queue and not self._closing:
                        self._cond.wait()
                    if self._cancelled:
                        raise ClipCancelled()
                    if not self._queue:
                        break  # closing, and every frame is written
                    image, repeats, nbytes = self._queue.popleft()
                    self.queued_bytes -= nbytes
                if image is not None:
                    last = fit_frame(image, self.size, self.background)
                if last is not None:
                    self._writer.write(last, repeats)
                self.written += repeats
            self._writer.close()  # MP4: the faststart rewrite can take seconds
            with self._cond:
                # A Cancel pressed while the file was being closed is honoured: the
                # user asked for no clip before it existed. Under the lock, so a cancel
                # either comes first (no file) or after `completed` (the clip is saved).
                if self._cancelled:
                    raise ClipCancelled()
                os.replace(self._tmp, self.path)  # atomic: the target is whole or untouched
                self.completed = True
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            if not isinstance(exc, ClipCancelled):
                self.error = exc
            self._writer.abort()
            self._tmp.unlink(missing_ok=True)
            with self._cond:
                self._closing = True
                self._queue.clear()
                self.queued_bytes = 0
        finally:
            self.done.set()
