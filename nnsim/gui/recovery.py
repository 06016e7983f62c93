"""Recovery after a crash: find what a dead session autosaved, and offer it.

:func:`find_recovery` looks in the autosave folder (:mod:`nnsim.gui.autosave`) for
autosaves whose session lock is free -- their process died -- and reads the side note
that says which document each belongs to; a damaged note is reported and discarded,
never a reason to withhold the backup. :func:`offer_recovery` asks whether to restore
the newest one and hands it to the window's normal load path.
"""

from __future__ import annotations

import math
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
)
from PySide6.QtWidgets import QMessageBox, QWidget

from nnsim.core.experiment import MAX_STEP, MAX_TITLE_CHARS
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message
from nnsim.gui.i18n import localize
from nnsim.storage import LoadError, read_json, remove_stale_temporaries

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

from nnsim.gui.autosave import (
    AUTOSAVE_PREFIX,
    MAX_META_BYTES,
    META_SUFFIX,
    autosave_dir,
    lock_path,
    meta_path,
    new_lock,
    unlink_quietly,
)

__all__ = ["Recovery", "ask_recover", "find_recovery", "offer_recovery"]


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
        unlink_quietly(self.path)
        unlink_quietly(meta_path(self.path))
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
    meta_file = meta_path(path)
    if not meta_file.exists():
        return {}, None
    try:
        # The one JSON rule: NaN, duplicate keys, a truncated note or bytes that are not
        # UTF-8 are refused here (a 5,000-digit number arrives as a marker, refused below).
        meta = read_json(meta_file, MAX_META_BYTES, "autosave note")
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
    meta_file = meta_path(path)
    print(
        f"nnsim: the autosave note {meta_file} is damaged ({problem}); it was removed, "
        "and the backup is offered without it",
        file=sys.stderr,
    )
    unlink_quietly(meta_file)


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
            for p in folder.glob(f"{AUTOSAVE_PREFIX}*.json")
            if not p.name.endswith(META_SUFFIX) and p.is_file()
        ]
    except OSError:
        return None
    found: list[Recovery] = []
    for path in paths:
        session = path.stem[len(AUTOSAVE_PREFIX) :]
        lock = new_lock(lock_path(folder, session))
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
