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
(a :class:`QLockFile`) while it lives. At start, :func:`find_recovery` looks for
autosaves whose lock is free -- their process died (the lock file names a PID that is no
longer running) -- and :func:`offer_recovery` asks whether to restore the newest one;
it is then loaded through the window's normal load path
(:func:`~nnsim.storage.read_experiment` and an undoable command), so a damaged
autosave shows the usual message instead of crashing. An autosave older than the
document it came from (saved again since) is obsolete and removed without asking.

The file is a plain experiment JSON (it opens with File > Open too); a small
``.meta.json`` beside it remembers which document it belongs to.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QStyle, QWidget

from nnsim.core.experiment import MAX_STEP, MAX_TITLE_CHARS, Experiment, InvalidExperimentError
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message
from nnsim.gui.i18n import Retranslating, localize
from nnsim.storage import LoadError, atomic_write_text, read_json, remove_stale_temporaries

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

__all__ = [
    "AUTOSAVE_INTERVAL_MS",
    "INTERVAL_ENV",
    "RECOVER_UNDO_TEXT",
    "AutosaveIndicator",
    "Autosaver",
    "Recovery",
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
        self.path = self.directory / f"{_PREFIX}{self.session}.json"
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
        lock = _new_lock(_lock_path(self.directory, self.session))
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
            # The experiment first: a kill between the two writes leaves at worst an
            # older meta file, never a missing or half-written experiment.
            atomic_write_text(self.path, text)
            atomic_write_text(_meta_path(self.path), json.dumps(meta))
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
        _unlink(self.path)
        _unlink(_meta_path(self.path))


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
    note_problem : str or None
        What was wrong with the note beside the autosave (a translatable Message), if it
        was damaged; the note has been removed and the backup is offered without it.
    """

    path: Path
    document: Path | None
    saved_at: float
    title: str
    step: int
    _lock: QLockFile | None = None
    note_problem: str | None = None

    def describe(self) -> str:
        """The question shown to the user (in the UI language)."""
        question = self._question()
        if self.note_problem is None:
            return question
        # The report goes before the last paragraph, so the question is still read last.
        report = localize(_note_report(self.note_problem))
        head, sep, ask = question.rpartition("\n\n")
        return f"{head}\n\n{report}\n\n{ask}" if sep else f"{question}\n\n{report}"

    def _question(self) -> str:
        saved_at = self.saved_at
        if not _plausible_time(saved_at):
            # _read_note already refuses implausible times; this guards a Recovery made
            # elsewhere: the question must be asked whatever the clock or a file says.
            saved_at = time.time()
        when = time.strftime("%H:%M:%S", time.localtime(saved_at))
        age = max(0, round(time.time() - saved_at))
        if age < 120:
            ago = QCoreApplication.translate("Recovery", "{n} s ago").format(n=age)
        elif age < 7200:
            ago = QCoreApplication.translate("Recovery", "{n} min ago").format(n=age // 60)
        else:
            # A Qt date format, so month names follow the UI language.
            date = QDateTime.fromSecsSinceEpoch(int(saved_at)).date()
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


#: Longest document path a note may name (Linux's PATH_MAX); a longer one is damage.
_MAX_DOCUMENT_CHARS = 4096
#: A note's time must lie between 2000-01-01 and a day from now (clocks drift a little);
#: anything else ("saved_at": 1e300, NaN, -1e18) is damage, not a time.
_EARLIEST_SAVE = 946_684_800.0
_CLOCK_SLACK_S = 86_400.0
#: What is wrong with a damaged note (problems of its fields name the field, which is a
#: key of the file, so it stays untranslated inside the sentence).
_NOTE_NOT_OBJECT = QT_TRANSLATE_NOOP("Recovery", "it does not hold a JSON object")
_NOTE_BAD_FIELD = QT_TRANSLATE_NOOP("Recovery", "its field {field} is not valid")


def _note_report(problem: str) -> Message:
    """The sentence that tells the user a damaged note was found and removed."""
    return QT_TRANSLATE_NOOP(
        "Recovery",
        "The note saved beside this backup was damaged ({problem}) and has been removed; "
        "the backup itself is offered as it is.",
    ).format(problem=problem)


def _plausible_time(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        t = float(value)
    except OverflowError:  # an int beyond float range
        return False
    return math.isfinite(t) and _EARLIEST_SAVE <= t <= time.time() + _CLOCK_SLACK_S


def _valid_document(value: object) -> bool:
    # A NUL makes every os call on the path raise ValueError; an empty or huge one is
    # no path a save wrote.
    return (
        isinstance(value, str)
        and 0 < len(value) <= _MAX_DOCUMENT_CHARS
        and "\x00" not in value
    )


def _read_note(path: Path) -> tuple[dict[str, object], str | None]:
    """The valid fields of the ``.meta.json`` note beside ``path``, and what was damaged.

    Returns
    -------
    fields : dict
        ``document`` (Path or None), ``saved_at`` (float), ``title`` (str) and ``step``
        (int), each only if present and valid.
    problem : str or None
        The first damage found (a translatable Message), or None for a sound note or
        none at all (a kill between the two writes of a save may leave no note).
    """
    meta_file = _meta_path(path)
    if not meta_file.exists():
        return {}, None
    try:
        # The one JSON rule: NaN, duplicate keys, a truncated note or bytes that are not
        # UTF-8 are refused here (a 5,000-digit number arrives as a marker, refused below).
        meta = read_json(meta_file, _MAX_META_BYTES, "autosave note")
    except LoadError as exc:
        return {}, exc.problem
    if not isinstance(meta, dict):
        return {}, _NOTE_NOT_OBJECT
    fields: dict[str, object] = {}
    problems: list[str] = []

    def bad(name: str) -> None:
        problems.append(_NOTE_BAD_FIELD.format(field=name))

    if "document" in meta:
        doc = meta["document"]
        if doc is None:
            fields["document"] = None
        elif _valid_document(doc):
            fields["document"] = Path(doc)  # type: ignore[arg-type]
        else:
            bad("document")
    if "saved_at" in meta:
        if _plausible_time(meta["saved_at"]):
            fields["saved_at"] = float(meta["saved_at"])
        else:
            bad("saved_at")
    if "title" in meta:
        title = meta["title"]
        if isinstance(title, str) and len(title) <= MAX_TITLE_CHARS:
            fields["title"] = title
        else:
            bad("title")
    if "step" in meta:
        step = meta["step"]
        if isinstance(step, int) and not isinstance(step, bool) and 0 <= step <= MAX_STEP:
            fields["step"] = step
        else:
            bad("step")
    return fields, (problems[0] if problems else None)


def _discard_note(path: Path, problem: str) -> None:
    """Report a damaged note (stderr) and delete it, so the next start does not trip on it."""
    meta_file = _meta_path(path)
    print(
        f"nnsim: the autosave note {meta_file} is damaged ({problem}); it was removed, "
        "and the backup is offered without it",
        file=sys.stderr,
    )
    _unlink(meta_file)


def _recovery_for(path: Path, lock: QLockFile) -> Recovery:
    fields, problem = _read_note(path)
    if problem is not None:
        _discard_note(path, problem)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = time.time()
    saved_at = fields.get("saved_at")
    if not isinstance(saved_at, float):
        # The file's own time; a clock set to 1970 or 2300 must not break the question.
        saved_at = mtime if _plausible_time(mtime) else time.time()
    doc = fields.get("document")
    title = fields.get("title", "")
    step = fields.get("step", 0)
    return Recovery(
        path=path,
        document=doc if isinstance(doc, Path) else None,
        saved_at=saved_at,
        title=title if isinstance(title, str) else "",
        step=step if isinstance(step, int) else 0,
        _lock=lock,
        note_problem=problem,
    )


def _obsolete(rec: Recovery) -> bool:
    """The document was saved after the autosave was written: nothing to recover."""
    if rec.document is None:
        return False
    try:
        return rec.document.stat().st_mtime >= rec.path.stat().st_mtime
    except (OSError, ValueError):  # ValueError: a path the OS cannot even look up
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
    # Temporary files of saves killed mid-write (hidden ".NAME.XXXX.tmp", full size)
    # would otherwise wait for the next save of the same name, which may never come.
    remove_stale_temporaries(folder)
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
        try:
            rec = _recovery_for(path, lock)
        except Exception as exc:  # noqa: BLE001 - a side file must never stop the start
            lock.unlock()
            print(f"nnsim: skipped the autosave {path}: {exc!r}", file=sys.stderr)
            continue
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
    restore: Callable[[Path, Path | None], bool],
    status: QStatusBar | None = None,
    parent: QWidget | None = None,
    ask: Callable[[QWidget | None, Recovery], bool] | None = None,
    directory: Path | None = None,
) -> bool:
    """At start: offer the newest crashed session's autosave; returns whether it was restored.

    Parameters
    ----------
    restore : callable (path, document) -> bool
        Loads the autosave through the normal load path as unsaved work of
        ``document`` (``MainWindow.recover_autosave``): a damaged file shows one
        message and changes nothing.
    status : QStatusBar, optional
        Where a damaged side note is reported after the answer.
    parent : QWidget, optional
        The question's parent window.
    ask : callable (parent, Recovery) -> bool, optional
        :func:`ask_recover` by default.
    directory : Path, optional
        Where to look; :func:`autosave_dir` by default.
    """
    rec = find_recovery(directory)
    if rec is None:
        return False
    try:
        wanted = (ask or ask_recover)(parent, rec)
        restored = bool(wanted) and restore(rec.path, rec.document)
    except BaseException:
        rec.release()  # keep the file: nothing was decided
        raise
    # Recovered: this session owns the work now (its undo stack is not clean, so its own
    # autosave takes over). Declined or unreadable: the backup is of no further use.
    rec.discard()
    if rec.note_problem is not None and status is not None:
        # Said in the question too; the status bar keeps it in view after the answer,
        # after whatever the recovery itself reported ("Recovered the unsaved work ...").
        report = localize(_note_report(rec.note_problem))
        status.showMessage(" ".join(t for t in (status.currentMessage(), report) if t), 15_000)
    return restored
