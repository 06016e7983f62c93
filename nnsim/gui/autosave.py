"""Autosave while there is unsaved work, and recovery after a crash.

Every :data:`AUTOSAVE_INTERVAL_MS` (10 s; env ``NNSIM_AUTOSAVE_MS`` overrides it, for
tests) an :class:`Autosaver` writes the current experiment -- with the weights and the
step on screen -- to the platform's app-data folder
(``QStandardPaths.AppDataLocation``/autosave, e.g. ``~/.local/share/nnsim/nnsim/autosave``;
``XDG_DATA_HOME`` moves it), but only while there is unsaved work: the undo stack is not
clean, or training moved the step since the last save or load. Writes are atomic
(:func:`~nnsim.gui.safety.atomic_write_text`), so a kill mid-write leaves the previous
autosave intact. A clean save, a load and a normal exit delete the autosave.

Several windows may run at once (two networks side by side in a lecture), so every
session writes its own ``autosave-<session>.json`` and holds ``session-<session>.lock``
(a :class:`QLockFile`) while it lives. At start, :func:`find_recovery` looks for
autosaves whose lock is free -- their process died (the lock file names a PID that is no
longer running) -- and :func:`offer_recovery` asks whether to restore the newest one;
it is then loaded through the window's normal load path
(:func:`~nnsim.gui.safety.read_experiment` and an undoable command), so a damaged
autosave shows the usual message instead of crashing. An autosave older than the
document it came from (saved again since) is obsolete and removed without asking.

The file is a plain experiment JSON (it opens with File > Open too); a small
``.meta.json`` beside it remembers which document it belongs to.

Test hook
---------
``NNSIM_TEST_SCRIPT`` (read by ``nnsim.cli``; see :class:`TestScript`) lets the kill test
drive a real ``python -m nnsim`` process: answer the recovery offer, make a change,
start training, dump the state, quit. It is not a user feature.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QLocale,
    QLockFile,
    QObject,
    QStandardPaths,
    QTimer,
    Signal,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.gui.i18n import localize
from nnsim.gui.safety import LoadError, atomic_write_text, read_bounded

if TYPE_CHECKING:  # the window imports this module; no import cycle at run time
    from nnsim.gui.main_window import MainWindow

__all__ = [
    "AUTOSAVE_INTERVAL_MS",
    "INTERVAL_ENV",
    "RECOVER_UNDO_TEXT",
    "SCRIPT_ENV",
    "Autosaver",
    "Recovery",
    "TestScript",
    "ask_recover",
    "autosave_dir",
    "autosave_interval_ms",
    "find_recovery",
    "offer_recovery",
]

#: Autosave period while there is unsaved work (the issue's "every 10 s").
AUTOSAVE_INTERVAL_MS = 10_000
#: Environment variable overriding the period (ms), for tests.
INTERVAL_ENV = "NNSIM_AUTOSAVE_MS"
#: Environment variable holding a :class:`TestScript` (test hook, read by the CLI).
SCRIPT_ENV = "NNSIM_TEST_SCRIPT"
#: The undo-stack text of restoring an autosave (Edit > Undo "…"): a translatable
#: Message, so :class:`~nnsim.gui.commands.SetExperimentCommand` shows it in the UI
#: language and :func:`~nnsim.gui.commands.retranslate_stack` follows a switch.
RECOVER_UNDO_TEXT = QT_TRANSLATE_NOOP("Recovery", "Recover unsaved work")
_MIN_INTERVAL_MS = 50
_MAX_INTERVAL_MS = 3_600_000
_PREFIX = "autosave-"
_META_SUFFIX = ".meta.json"
_MAX_META_BYTES = 64_000


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


def _meta_path(path: Path) -> Path:
    return path.with_name(path.stem + _META_SUFFIX)


def _lock_path(directory: Path, session: str) -> Path:
    return directory / f"session-{session}.lock"


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a leftover file is harmless; never crash over it
        print(f"nnsim: could not remove {path}: {exc.strerror or exc}", file=sys.stderr)


def _new_lock(path: Path) -> QLockFile:
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
    """

    saved = Signal(str)
    failed = Signal(str)

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
        self.path = self.directory / f"{_PREFIX}{self.session}.json"
        self.interval_ms = int(interval_ms) if interval_ms is not None else autosave_interval_ms()
        self._lock: QLockFile | None = None
        self._clean_step: int | None = None
        self._last_text: str | None = None
        self._failing = False
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
            self.failed.emit(
                self.tr("Autosave is off: cannot create {folder} ({reason})").format(
                    folder=self.directory, reason=exc.strerror
                )
            )
            return False
        lock = _new_lock(_lock_path(self.directory, self.session))
        if not lock.tryLock(0):
            self.failed.emit(
                self.tr("Autosave is off: cannot lock a session file in {folder}").format(
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
            # The experiment first: a kill between the two writes leaves at worst an
            # older meta file, never a missing or half-written experiment.
            atomic_write_text(self.path, text)
            atomic_write_text(_meta_path(self.path), json.dumps(meta))
        except (OSError, InvalidExperimentError, ValueError, MemoryError) as exc:
            if not self._failing:
                self._failing = True
                if isinstance(exc, OSError) and exc.strerror:
                    reason = exc.strerror
                else:  # the core's reasons are translatable Messages
                    reason = localize(getattr(exc, "message", None) or str(exc))
                self.failed.emit(self.tr("Autosave failed: {reason}").format(reason=reason))
            return False
        self._failing = False
        self._last_text = text
        self.saved.emit(str(self.path))
        return True

    def _current_step(self) -> int:
        try:
            return int(self._document().step)
        except (InvalidExperimentError, ValueError):
            return 0

    def _remove_files(self) -> None:
        self._last_text = None
        _unlink(self.path)
        _unlink(_meta_path(self.path))


# --------------------------------------------------------------------------- recovery


@dataclass
class Recovery:
    """An autosave left behind by a session that did not exit normally.

    While a Recovery exists its session lock is held, so no other starting instance
    offers the same file. Call :meth:`discard` (recovered or declined) or
    :meth:`release` (keep it for a later start).

    Attributes
    ----------
    path : Path
        The autosaved experiment (plain experiment JSON).
    document : Path or None
        The file it was opened from or last saved to; None for an untitled one.
    saved_at : float
        When it was written (seconds since the epoch).
    title : str
    step : int
        The training step it holds.
    """

    path: Path
    document: Path | None
    saved_at: float
    title: str
    step: int
    _lock: QLockFile | None = None

    def describe(self) -> str:
        """The question shown to the user (in the UI language)."""
        when = time.strftime("%H:%M:%S", time.localtime(self.saved_at))
        age = max(0, round(time.time() - self.saved_at))
        if age < 120:
            ago = QCoreApplication.translate("Recovery", "{n} s ago").format(n=age)
        elif age < 7200:
            ago = QCoreApplication.translate("Recovery", "{n} min ago").format(n=age // 60)
        else:
            # A Qt date format, so month names follow the UI language.
            date = QDateTime.fromSecsSinceEpoch(int(self.saved_at)).date()
            ago = QLocale().toString(
                date, QCoreApplication.translate("Recovery", "dd MMM yyyy", "Qt date format")
            )
        if self.title or self.document is not None:
            name = f"“{self.title}”" if self.title else self.document.name  # type: ignore[union-attr]
            return QCoreApplication.translate(
                "Recovery",
                "nnsim did not close normally last time, and there was unsaved work.\n\n"
                "An automatic backup of {name} (step {step:,}) from {time} ({ago}) "
                "is available.\n\n"
                "Recover it? (No deletes the backup.)",
            ).format(name=name, step=self.step, time=when, ago=ago)
        return QCoreApplication.translate(
            "Recovery",
            "nnsim did not close normally last time, and there was unsaved work.\n\n"
            "An automatic backup of an untitled experiment (step {step:,}) from {time} "
            "({ago}) is available.\n\n"
            "Recover it? (No deletes the backup.)",
        ).format(step=self.step, time=when, ago=ago)

    def discard(self) -> None:
        """Delete the autosave and its session lock."""
        _unlink(self.path)
        _unlink(_meta_path(self.path))
        self.release()

    def release(self) -> None:
        """Let go of the session lock, keeping the autosave for a later start."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def _read_meta(path: Path) -> dict[str, object]:
    meta_file = _meta_path(path)
    try:
        meta = json.loads(read_bounded(meta_file, _MAX_META_BYTES, "autosave note"))
    except (LoadError, ValueError, RecursionError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _recovery_for(path: Path, lock: QLockFile) -> Recovery:
    meta = _read_meta(path)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = time.time()
    doc = meta.get("document")
    title = meta.get("title")
    step = meta.get("step")
    saved_at = meta.get("saved_at")
    return Recovery(
        path=path,
        document=Path(doc) if isinstance(doc, str) and doc else None,
        saved_at=float(saved_at) if isinstance(saved_at, int | float) else mtime,
        title=title if isinstance(title, str) else "",
        step=step if isinstance(step, int) and not isinstance(step, bool) else 0,
        _lock=lock,
    )


def _obsolete(rec: Recovery) -> bool:
    """The document was saved after the autosave was written: nothing to recover."""
    if rec.document is None:
        return False
    try:
        return rec.document.stat().st_mtime >= rec.path.stat().st_mtime
    except OSError:
        return False


def find_recovery(directory: Path | None = None) -> Recovery | None:
    """The newest autosave of a session that died, with its lock held; or None.

    Autosaves of running sessions (their lock is held) are left alone, obsolete ones
    (older than their saved document) are deleted, and older crashed ones are kept for
    a later start.

    Parameters
    ----------
    directory : Path, optional
        Where to look; :func:`autosave_dir` by default.
    """
    folder = Path(directory) if directory is not None else autosave_dir()
    try:
        paths = [
            p
            for p in folder.glob(f"{_PREFIX}*.json")
            if not p.name.endswith(_META_SUFFIX) and p.is_file()
        ]
    except OSError:
        return None
    found: list[Recovery] = []
    for path in paths:
        session = path.stem[len(_PREFIX) :]
        lock = _new_lock(_lock_path(folder, session))
        if not lock.tryLock(0):
            continue  # a running session (this process's or another's)
        rec = _recovery_for(path, lock)
        if _obsolete(rec):
            rec.discard()
            continue
        found.append(rec)
    if not found:
        return None
    found.sort(key=lambda r: r.saved_at, reverse=True)
    for rec in found[1:]:
        rec.release()
    return found[0]


def ask_recover(parent: QWidget | None, rec: Recovery) -> bool:
    """Ask the user whether to recover ``rec`` (a modal question; tests patch it)."""
    # Yes and No are Qt's own buttons (translated by Qt's catalogue).
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("Recovery", "Recover unsaved work?"),
        rec.describe(),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def offer_recovery(
    window: MainWindow,
    ask: Callable[[QWidget | None, Recovery], bool] | None = None,
    directory: Path | None = None,
) -> bool:
    """At start: offer the newest crashed session's autosave; returns whether it was restored.

    Parameters
    ----------
    window : MainWindow
        Restores through ``window.recover_autosave(path, document)`` -- the normal load
        path: a damaged file shows one message and changes nothing.
    ask : callable (parent, Recovery) -> bool, optional
        :func:`ask_recover` by default.
    directory : Path, optional
        Where to look; the window's autosaver folder, else :func:`autosave_dir`.
    """
    if directory is None and getattr(window, "autosaver", None) is not None:
        directory = window.autosaver.directory
    rec = find_recovery(directory)
    if rec is None:
        return False
    try:
        wanted = (ask or ask_recover)(window, rec)
        restored = bool(wanted) and window.recover_autosave(rec.path, rec.document)
    except BaseException:
        rec.release()  # keep the file: nothing was decided
        raise
    # Recovered: this session owns the work now (its undo stack is not clean, so its own
    # autosave takes over). Declined or unreadable: the backup is of no further use.
    rec.discard()
    return restored


# --------------------------------------------------------------------------- test hook


@dataclass(frozen=True)
class TestScript:
    """A tiny script that drives the window in a subprocess (``NNSIM_TEST_SCRIPT``).

    A test hook for ``tests/gui/test_kill_recovery.py``, not a user feature. Steps are
    separated by ``;`` and run in order once the first snapshot has arrived:

    ``recover=yes`` / ``recover=no``
        How to answer the recovery offer (no dialog is shown). Without it the normal
        dialog asks.
    ``lr=0.1`` / ``title=TEXT``
        Make an undoable change of the learning rate or the title.
    ``play``
        Start training.
    ``dump=PATH``
        Write the current experiment (weights and step included) to PATH once the
        worker shows the document's network (and its stored weights, if it has any;
        at most 30 s after start).
    ``quit``
        Close the window (a normal exit).
    """

    __test__ = False  # not a pytest class, despite the name

    steps: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, text: str) -> TestScript:
        steps = []
        for part in text.split(";"):
            part = part.strip()
            if not part:
                continue
            key, _, value = part.partition("=")
            key = key.strip().lower()
            if key not in ("recover", "lr", "title", "play", "dump", "quit"):
                raise ValueError(f"{SCRIPT_ENV}: unknown step {part!r}")
            steps.append((key, value.strip()))
        return cls(tuple(steps))

    @classmethod
    def from_env(cls) -> TestScript | None:
        text = os.environ.get(SCRIPT_ENV, "")
        return cls.parse(text) if text.strip() else None

    @property
    def recover_answer(self) -> bool | None:
        for key, value in self.steps:
            if key == "recover":
                return value.lower() in ("yes", "y", "1", "true")
        return None

    def ask(self, parent: QWidget | None, rec: Recovery) -> bool:
        answer = self.recover_answer
        return ask_recover(parent, rec) if answer is None else answer

    def run(self, window: MainWindow) -> None:
        """Run the steps (except ``recover``) from the event loop, in order."""
        pending = [s for s in self.steps if s[0] != "recover"]
        deadline = time.monotonic() + 30.0

        def caught_up() -> bool:
            # The worker shows the document's network -- and, for a document carrying
            # weights (an opened or recovered one), exactly those weights.
            snap = window.controller.latest
            exp = window.model.experiment
            if snap is None or tuple(snap.layer_sizes) != tuple(exp.layer_sizes):
                return False
            if exp.weights is None:
                return True
            return snap.step == exp.step and all(
                np.array_equal(a, b) for a, b in zip(snap.weights, exp.weights.W, strict=True)
            )

        def next_step() -> None:
            if not pending:
                return
            key, value = pending[0]
            if key == "dump" and not caught_up() and time.monotonic() < deadline:
                QTimer.singleShot(20, next_step)
                return
            pending.pop(0)
            self._do(window, key, value)
            if key != "quit":
                QTimer.singleShot(0, next_step)

        QTimer.singleShot(0, next_step)

    @staticmethod
    def _do(window: MainWindow, key: str, value: str) -> None:
        from nnsim.gui.commands import SetExperimentCommand

        exp = window.model.experiment
        if key == "lr":
            new = replace(exp, hyper=replace(exp.hyper, learning_rate=float(value)))
            window.undo_stack.push(SetExperimentCommand(window.model, new, "Learning rate"))
        elif key == "title":
            window.undo_stack.push(
                SetExperimentCommand(window.model, replace(exp, title=value), "Title")
            )
        elif key == "play":
            window.controller.play()
        elif key == "dump":
            atomic_write_text(Path(value), window.current_experiment().to_json())
        elif key == "quit":
            window.close()
