"""Autosave while there is unsaved work, and recovery after a crash.

Every :data:`AUTOSAVE_INTERVAL_MS` (10 s; env ``NNSIM_AUTOSAVE_MS`` overrides it, for
tests) an :class:`Autosaver` writes the current experiment -- with the weights and the
step on screen -- to the platform's app-data folder
(``QStandardPaths.AppDataLocation``/autosave, e.g. ``~/.local/share/nnsim/nnsim/autosave``;
``XDG_DATA_HOME`` moves it), but only while there is unsaved work: the undo stack is not
clean, or training moved the step since the last save or load. Writes are atomic
(:func:`~nnsim.storage.atomic_write_text`), so a kill mid-write leaves the previous
autosave intact. A clean save, a load and a normal exit delete the autosave.

Several windows may run at once (two networks side by side in a lecture), so every
session writes its own ``autosave-<session>.json`` and holds ``session-<session>.lock``
(a :class:`QLockFile`) while it lives. At start,
:func:`~nnsim.gui.recovery.find_recovery` looks for autosaves whose lock is free --
their process died (the lock file names a PID that is no longer running) -- and
:func:`~nnsim.gui.recovery.offer_recovery` asks whether to restore the newest one; it
is then loaded through the window's normal load path
(:func:`~nnsim.storage.read_experiment` and an undoable command), so a damaged
autosave shows the usual message instead of crashing. An autosave older than the
document it came from (saved again since) is obsolete and removed without asking.
Finding and offering lives in :mod:`nnsim.gui.recovery`.

The file is a plain experiment JSON (it opens with File > Open too); a small
``.meta.json`` beside it remembers which document it belongs to.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QLockFile,
    QObject,
    QStandardPaths,
    QTimer,
    Signal,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget

from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.gui.i18n import Retranslating, localize
from nnsim.storage import atomic_write_text

__all__ = [
    "AUTOSAVE_INTERVAL_MS",
    "AUTOSAVE_PREFIX",
    "INTERVAL_ENV",
    "MAX_META_BYTES",
    "META_SUFFIX",
    "RECOVER_UNDO_TEXT",
    "AutosaveIndicator",
    "Autosaver",
    "autosave_dir",
    "autosave_interval_ms",
    "lock_path",
    "meta_path",
    "new_lock",
    "unlink_quietly",
]

#: Autosave period while there is unsaved work (the issue's "every 10 s").
AUTOSAVE_INTERVAL_MS = 10_000
#: Environment variable overriding the period (ms), for tests.
INTERVAL_ENV = "NNSIM_AUTOSAVE_MS"
#: The undo-stack text of restoring an autosave (Edit > Undo "…"): a translatable
#: Message, so :class:`~nnsim.gui.commands.SetExperimentCommand` shows it in the UI
#: language and :func:`~nnsim.gui.commands.retranslate_stack` follows a switch.
RECOVER_UNDO_TEXT = QT_TRANSLATE_NOOP("Recovery", "Recover unsaved work")
_MIN_INTERVAL_MS = 50
_MAX_INTERVAL_MS = 3_600_000
AUTOSAVE_PREFIX = "autosave-"
META_SUFFIX = ".meta.json"
MAX_META_BYTES = 64_000


def autosave_interval_ms() -> int:
    """The autosave period: ``NNSIM_AUTOSAVE_MS`` if it is a sane number, else 10 s."""
    text = os.environ.get(INTERVAL_ENV, "").strip()
    if not text:
        return AUTOSAVE_INTERVAL_MS
    try:
        value = int(text)
    except ValueError:
        return AUTOSAVE_INTERVAL_MS
    return min(max(value, _MIN_INTERVAL_MS), _MAX_INTERVAL_MS)


def autosave_dir() -> Path:
    """``<AppDataLocation>/autosave`` (follows ``XDG_DATA_HOME`` on Linux).

    Falls back to ``~/.nnsim/autosave`` if Qt knows no writable app-data folder.
    """
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return (Path(base) if base else Path.home() / ".nnsim") / "autosave"


def meta_path(path: Path) -> Path:
    return path.with_name(path.stem + META_SUFFIX)


def lock_path(directory: Path, session: str) -> Path:
    return directory / f"session-{session}.lock"


def unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a leftover file is harmless; never crash over it
        print(f"nnsim: could not remove {path}: {exc.strerror or exc}", file=sys.stderr)


def new_lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path))
    # Never time-based: a live session keeps its lock for hours. A lock is stale only
    # when the process named in it is gone (what a SIGKILL leaves behind).
    lock.setStaleLockTime(0)
    return lock


# --------------------------------------------------------------------------- autosaver


class Autosaver(QObject):
    """Writes the document to an autosave file while there is unsaved work.

    Parameters
    ----------
    stack : QUndoStack
        The window's undo stack: not clean means unsaved edits.
    document : callable () -> Experiment
        The experiment to save, with the weights and step on screen.
    document_path : callable () -> Path or None
        The file the document belongs to (None: untitled), remembered for recovery.
    directory : Path, optional
        Where autosaves go; :func:`autosave_dir` by default.
    interval_ms : int, optional
        The period; :func:`autosave_interval_ms` by default.
    parent : QObject, optional

    Signals
    -------
    saved(str)
        An autosave was written (its path).
    failed(str)
        Autosaving failed (a message for the status bar, in the UI language); emitted
        once per run of failures, and the autosaver keeps trying.
    saving_changed(bool, str)
        Autosave stopped working (False and the reason, the same sentence as
        ``failed``) or works again (True and ""). A status message lasts seconds and
        the next one replaces it; this drives :meth:`indicator`, which stays in view
        for as long as the user's work is not being backed up.
    """

    saved = Signal(str)
    failed = Signal(str)
    saving_changed = Signal(bool, str)

    def __init__(
        self,
        stack: QUndoStack,
        document: Callable[[], Experiment],
        document_path: Callable[[], Path | None],
        *,
        directory: Path | None = None,
        interval_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._stack = stack
        self._document = document
        self._document_path = document_path
        self.directory = Path(directory) if directory is not None else autosave_dir()
        self.session = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.path = self.directory / f"{AUTOSAVE_PREFIX}{self.session}.json"
        self.interval_ms = int(interval_ms) if interval_ms is not None else autosave_interval_ms()
        self._lock: QLockFile | None = None
        self._clean_step: int | None = None
        self._last_text: str | None = None
        #: Why autosave is off (made in the UI language when asked), or None while it works.
        self._off_reason: Callable[[], str] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.interval_ms)
        self._timer.timeout.connect(self.tick)

    @property
    def active(self) -> bool:
        """Whether the autosaver holds its session lock and its timer runs."""
        return self._lock is not None and self._timer.isActive()

    def start(self) -> bool:
        """Create the folder, take the session lock, start the timer; returns success.

        Without the lock other sessions could take this one's autosave for a crashed
        one, so a failure here disables autosaving (and says so through ``failed``).
        """
        if self._lock is not None:
            return True
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            strerror = exc.strerror or str(exc)
            self._turn_off(
                lambda: self.tr("Autosave is off: cannot create {folder} ({reason})").format(
                    folder=self.directory, reason=strerror
                )
            )
            return False
        lock = new_lock(lock_path(self.directory, self.session))
        if not lock.tryLock(0):
            self._turn_off(
                lambda: self.tr("Autosave is off: cannot lock a session file in {folder}").format(
                    folder=self.directory
                )
            )
            return False
        self._lock = lock
        if self._clean_step is None:
            self._clean_step = self._current_step()
        self._timer.start()
        return True

    def stop(self, discard: bool = True) -> None:
        """Stop autosaving; delete this session's autosave (unless ``discard`` is False)."""
        self._timer.stop()
        if discard:
            self._remove_files()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def mark_clean(self, step: int) -> None:
        """The document was just saved or loaded at ``step``: nothing is unsaved now."""
        self._clean_step = int(step)
        self._remove_files()

    def is_dirty(self, exp: Experiment | None = None) -> bool:
        """Whether there is unsaved work: edits on the undo stack, or training moved on."""
        if not self._stack.isClean():
            return True
        step = exp.step if exp is not None else self._current_step()
        return self._clean_step is not None and step != self._clean_step

    def tick(self) -> bool:
        """Autosave now if there is unsaved work that is not saved yet; returns whether
        a file was written. Never raises (it runs from a timer during a lecture)."""
        try:
            exp = self._document()
            if not self.is_dirty(exp):
                # Undone back to the saved state: the old autosave is obsolete.
                self._remove_files()
                return False
            text = exp.to_json()
            if text == self._last_text and self.path.exists():
                return False
            doc = self._document_path()
            meta = {
                "format": "nnsim-autosave",
                "session": self.session,
                "pid": os.getpid(),
                "saved_at": time.time(),
                "document": str(doc) if doc is not None else None,
                "title": exp.title,
                "step": int(exp.step),
            }
            # On the GUI thread on purpose: with a full history of a 6x8 net (4,095
            # records, a 1.4 MB file) a tick measured 6.4 ms median (to_json 3.6 ms,
            # both writes with fsync ~2.7 ms, ext4), under a frame; a thread would cost
            # the "written when tick() returns" guarantee that Save and exit rely on.
            # The experiment first: a kill between the two writes leaves at worst an
            # older meta file, never a missing or half-written experiment.
            atomic_write_text(self.path, text)
            atomic_write_text(meta_path(self.path), json.dumps(meta))
        except (OSError, InvalidExperimentError, ValueError, MemoryError) as exc:
            if self._off_reason is None:
                # The operating system's words, or the core's translatable Message
                # (localized when shown, so a language switch re-translates it).
                cause: object = (
                    exc.strerror
                    if isinstance(exc, OSError) and exc.strerror
                    else getattr(exc, "message", None) or str(exc)
                )
                self._turn_off(
                    lambda: self.tr("Autosave failed: {reason}").format(reason=localize(cause))
                )
            return False
        self._turn_on()
        self._last_text = text
        self.saved.emit(str(self.path))
        return True

    @property
    def saving(self) -> bool:
        """False while autosave is off (a failed start, a read-only folder, a full disk)."""
        return self._off_reason is None

    def off_reason(self) -> str:
        """Why autosave is off, in the UI language ("" while it works)."""
        return self._off_reason() if self._off_reason is not None else ""

    def indicator(self, parent: QWidget | None = None) -> AutosaveIndicator:
        """A status-bar widget that is visible exactly while autosave is off.

        The window adds it with ``statusBar().addPermanentWidget(...)``: unlike the
        status message it is not replaced by the next one, so the lecturer keeps seeing
        that their work is not being backed up.
        """
        return AutosaveIndicator(self, parent)

    def _turn_off(self, reason: Callable[[], str]) -> None:
        """Autosave stopped working: say so once (``failed``) and keep the indicator up."""
        self._off_reason = reason
        message = reason()
        self.failed.emit(message)
        self.saving_changed.emit(False, message)

    def _turn_on(self) -> None:
        if self._off_reason is not None:
            self._off_reason = None
            self.saving_changed.emit(True, "")

    def _current_step(self) -> int:
        try:
            return int(self._document().step)
        except (InvalidExperimentError, ValueError):
            return 0

    def _remove_files(self) -> None:
        self._last_text = None
        unlink_quietly(self.path)
        unlink_quietly(meta_path(self.path))


class AutosaveIndicator(Retranslating, QWidget):
    """"Autosave is off" with a warning sign, shown only while autosave does not work.

    Made by :meth:`Autosaver.indicator`; the tooltip gives the reason and what to do.
    It follows the autosaver's ``saving_changed`` and the UI language.

    Attributes
    ----------
    icon_label, text_label : QLabel
    """

    def __init__(self, autosaver: Autosaver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._autosaver = autosaver
        self.icon_label = QLabel()
        self.text_label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.text_label)
        # Hidden explicitly: QStatusBar.addPermanentWidget then leaves it hidden while
        # autosave works, instead of showing it.
        self.setVisible(not autosaver.saving)
        autosaver.saving_changed.connect(self._on_saving_changed)
        self.retranslate_ui()

    def text(self) -> str:
        return self.text_label.text()

    def retranslate_ui(self) -> None:
        """The text and the reason in the UI language."""
        self.text_label.setText(self.tr("Autosave is off"))
        size = max(12, self.text_label.fontMetrics().height())
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon_label.setPixmap(icon.pixmap(size, size))
        reason = self._autosaver.off_reason()
        tip = (
            self.tr(
                "{reason}\nYour work is not being backed up automatically: save the "
                "experiment yourself to keep it."
            ).format(reason=reason)
            if reason
            else ""
        )
        for widget in (self, self.icon_label, self.text_label):
            widget.setToolTip(tip)

    def _on_saving_changed(self, ok: bool, _reason: str) -> None:
        self.retranslate_ui()  # the tooltip names the new reason
        self.setVisible(not ok)
