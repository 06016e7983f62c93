"""Files, safely: bounded reads, atomic saves, and the one load-error type.

Two guarantees of issue 7 ("nothing lost, nothing crashes") live here:

* :func:`atomic_write_text` / :func:`atomic_write_bytes` -- a save either leaves the
  old file or the complete new one, never a truncated mix (temporary file in the same
  folder, ``fsync``, :func:`os.replace`, then ``fsync`` of the folder so the rename itself
  is durable).
* :func:`read_bounded` and :class:`LoadError` -- every way a file can be unusable
  (missing, a folder, a FIFO, no permission, too large, not UTF-8, malformed or hostile
  JSON/CSV, out of memory, nested too deeply, ...) becomes *one*
  exception carrying *one* sentence that names the file and the problem. The GUI shows
  that sentence and changes nothing. Sizes are checked with ``stat`` before a byte is
  read, and non-regular files are refused before they are opened (opening a FIFO would
  block the GUI thread until someone writes to it).

No Qt here: the helpers are plain Python, so the command line and tests use them too.
The problems are therefore written like the core's messages
(:func:`nnsim.core.messages.QT_TRANSLATE_NOOP`, context "LoadError"): English text
that remembers how to say it in the UI language, which the GUI shows with
:func:`nnsim.gui.i18n.localize` (``localize(error.message)`` or
``localize(error.problem)``); the core's own reasons (an invalid field, a bad CSV
row) stay translatable inside them.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable
from pathlib import Path

from nnsim.core.csv_data import CSVError
from nnsim.core.experiment import InvalidExperimentError
from nnsim.core.jsontext import JSONTextError
from nnsim.core.lessons import InvalidLessonError
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message

__all__ = [
    "STALE_TMP_S",
    "LoadError",
    "atomic_write_bytes",
    "atomic_write_text",
    "describe_load_error",
    "format_sizes",
    "read_bounded",
    "remove_old_files",
    "remove_stale_temporaries",
    "too_large_reason",
    "unexpected_load_error",
]


class LoadError(Exception):
    """A file cannot be loaded. ``str(error)`` is the one message to show the user.

    Attributes
    ----------
    path : Path
        The file that was asked for.
    problem : str
        What is wrong, in words a lecturer understands (no traceback, no errno): a
        translatable :class:`~nnsim.core.messages.Message` for every problem nnsim
        describes (show it with ``localize``), else the text it was given.
    message : str
        ``"<file name>: <problem>"`` as a Message (``str(error)`` is its English text).
    unexpected : bool
        True when the cause was not one of the anticipated error types (a bug in
        nnsim rather than in the file); the traceback was printed to stderr.
    cause : BaseException or None
        The reader's own error (e.g. a :class:`~nnsim.core.csv_data.CSVError` with its
        row and column), for callers that need more than the sentence.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        problem: str,
        unexpected: bool = False,
        cause: BaseException | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.unexpected = unexpected
        self.cause = cause
        # Punctuation only, the same in every language: not a catalogue entry (an
        # untranslated template is used as it is), but the problem inside is localized.
        self.message: str = Message(
            "LoadError", "{name}: {problem}", name=self.path.name or str(self.path), problem=problem
        )
        super().__init__(self.message)


def describe_load_error(exc: BaseException) -> str:
    """The problem behind a failed load, as one plain sentence.

    Parameters
    ----------
    exc : BaseException
        What the reader raised: :class:`InvalidExperimentError`, :class:`CSVError`,
        :class:`OSError` (and its subclasses), :class:`UnicodeError`,
        :class:`MemoryError`, :class:`RecursionError` or any other exception.

    Returns
    -------
    str
        E.g. ``"it is not a valid nnsim experiment. hyper.learning_rate: must be a
        number, got 'fast'."`` or ``"it is a folder, not a file."``: a translatable
        :class:`~nnsim.core.messages.Message` (English as ``str``; ``localize`` it).
    """
    # Subclasses first: IsADirectoryError and PermissionError are OSErrors,
    # InvalidLessonError is an InvalidExperimentError, and they and CSVError are ValueErrors.
    if isinstance(exc, InvalidLessonError):
        return QT_TRANSLATE_NOOP("LoadError", "it is not a valid nnsim lesson. {reason}").format(
            reason=_sentence(getattr(exc, "message", str(exc)))
        )
    if isinstance(exc, JSONTextError):
        # A side file nnsim wrote (an autosave note) read by the one JSON rule.
        return QT_TRANSLATE_NOOP("LoadError", "it is not a valid nnsim file. {reason}").format(
            reason=_sentence(exc.message)
        )
    if isinstance(exc, InvalidExperimentError):
        return QT_TRANSLATE_NOOP(
            "LoadError", "it is not a valid nnsim experiment. {reason}"
        ).format(reason=_sentence(getattr(exc, "message", str(exc))))
    if isinstance(exc, CSVError):
        return QT_TRANSLATE_NOOP("LoadError", "it cannot be used as data. {reason}").format(
            reason=_sentence(getattr(exc, "message", str(exc)))
        )
    if isinstance(exc, FileNotFoundError):
        return QT_TRANSLATE_NOOP(
            "LoadError", "there is no such file (it may have been moved, renamed or deleted)."
        )
    if isinstance(exc, IsADirectoryError):
        return _FOLDER
    if isinstance(exc, PermissionError):
        return QT_TRANSLATE_NOOP("LoadError", "you do not have permission to read it.")
    if isinstance(exc, OSError):
        if exc.errno == errno.ELOOP:
            return QT_TRANSLATE_NOOP("LoadError", "it is a link that points to itself.")
        if exc.errno == errno.ENAMETOOLONG:
            return QT_TRANSLATE_NOOP("LoadError", "its name is too long.")
        reason = exc.strerror or str(exc) or type(exc).__name__
        # The reason is the operating system's own words (in its language).
        return QT_TRANSLATE_NOOP("LoadError", "the system could not read it ({reason}).").format(
            reason=reason
        )
    if isinstance(exc, UnicodeDecodeError):
        return QT_TRANSLATE_NOOP(
            "LoadError", "it is not UTF-8 text (byte {byte} cannot be decoded); save it as UTF-8."
        ).format(byte=exc.start)
    if isinstance(exc, UnicodeError):
        return QT_TRANSLATE_NOOP("LoadError", "it is not UTF-8 text; save it as UTF-8.")
    if isinstance(exc, MemoryError):
        return QT_TRANSLATE_NOOP(
            "LoadError", "it is too large to load (the computer ran out of memory)."
        )
    if isinstance(exc, RecursionError):
        return QT_TRANSLATE_NOOP("LoadError", "it is nested too deeply to be an nnsim file.")
    text = str(exc).strip()
    return QT_TRANSLATE_NOOP("LoadError", "an unexpected error occurred ({error}).").format(
        error=f"{type(exc).__name__}{': ' + text if text else ''}"
    )


_FOLDER = QT_TRANSLATE_NOOP("LoadError", "it is a folder, not a file.")
_NOT_REGULAR = QT_TRANSLATE_NOOP(
    "LoadError", "it is not a regular file (a device, pipe or socket)."
)
#: Kinds of file :func:`read_bounded` names in its size messages: one whole sentence each
#: (a translation cannot put a kind's name into another sentence with the right particle).
_TOO_LARGE: dict[str, tuple[Message, Message]] = {
    "file": (
        QT_TRANSLATE_NOOP("LoadError", "it is {size}; an nnsim file is at most {limit}."),
        QT_TRANSLATE_NOOP("LoadError", "it is larger than {limit}, the limit for an nnsim file."),
    ),
    "experiment": (
        QT_TRANSLATE_NOOP("LoadError", "it is {size}; an nnsim experiment is at most {limit}."),
        QT_TRANSLATE_NOOP(
            "LoadError", "it is larger than {limit}, the limit for an nnsim experiment."
        ),
    ),
    "data file": (
        QT_TRANSLATE_NOOP("LoadError", "it is {size}; an nnsim data file is at most {limit}."),
        QT_TRANSLATE_NOOP(
            "LoadError", "it is larger than {limit}, the limit for an nnsim data file."
        ),
    ),
    "autosave note": (
        QT_TRANSLATE_NOOP("LoadError", "it is {size}; an nnsim autosave note is at most {limit}."),
        QT_TRANSLATE_NOOP(
            "LoadError", "it is larger than {limit}, the limit for an nnsim autosave note."
        ),
    ),
}


def format_sizes(*sizes: int) -> tuple[str, ...]:
    """File sizes for a message, each in B, MB or GB, that differ where the sizes differ.

    "it is 20.0 MB; ... at most 20.0 MB" told a lecturer nothing: a file one byte over a
    limit rounds to the limit. So digits are added (up to three decimals) until unequal
    sizes read differently, and if that is not enough every size is given in bytes
    ("20,000,001 bytes ... 20,000,000 bytes").

    Parameters
    ----------
    *sizes : int
        Sizes in bytes, e.g. a file's and the limit it exceeds.

    Returns
    -------
    tuple of str
        One text per size, in the same order (byte counts are translatable Messages).
    """

    def bytes_text(n: int) -> str:
        return QT_TRANSLATE_NOOP("Datasets", "{n:,} bytes").format(n=n)

    def text(n: int, decimals: int) -> str:
        if n >= 10**9:
            return f"{n / 1e9:.{decimals}f} GB"
        if n >= 10**6:
            return f"{n / 1e6:.{decimals}f} MB"
        return bytes_text(n)

    for decimals in (1, 2, 3):
        texts = tuple(text(int(n), decimals) for n in sizes)
        # Equal sizes give equal texts, so equal counts mean unequal sizes read unequal.
        if len(set(texts)) == len(set(sizes)):
            return texts
    return tuple(bytes_text(int(n)) for n in sizes)


def _sentence(text: str) -> str:
    """``text`` with a full stop; a Message stays translatable."""
    plain = text.strip()
    plain = plain if plain.endswith((".", "!", "?")) else plain + "."
    return text.with_text(plain) if isinstance(text, Message) else plain


def _refuse(path: Path, problem: str) -> LoadError:
    return LoadError(path, problem)


def _too_large(what: str) -> tuple[Message, Message]:
    return _TOO_LARGE.get(what, _TOO_LARGE["file"])


def too_large_reason(limit: int, what: str = "file") -> Message:
    """Why a file of kind ``what`` is refused when more than ``limit`` bytes were read
    (its whole size unknown), as :func:`read_bounded` says it."""
    return _too_large(what)[1].format(limit=format_sizes(limit)[0])


def read_bounded(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The bytes of a small regular file, refusing anything else *before* reading it.

    Parameters
    ----------
    path : str or path-like
    limit : int
        Largest size accepted, in bytes (checked with ``stat`` before opening, and
        again while reading, since the file may grow in between).
    what : str
        The kind of file the size messages name: "file", "experiment", "data file" or
        "autosave note" (each has its own whole sentence, for translation; another
        kind is called a "file").

    Returns
    -------
    bytes

    Raises
    ------
    LoadError
        Missing, a folder, not a regular file (FIFO, device, socket), no permission,
        larger than ``limit``, or any other OS error.
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except OSError as exc:
        raise LoadError(p, describe_load_error(exc)) from None
    except ValueError as exc:  # e.g. an embedded NUL character in the name
        raise LoadError(
            p,
            QT_TRANSLATE_NOOP("LoadError", "the file name is not valid ({error}).").format(
                error=exc
            ),
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise _refuse(p, _FOLDER)
    if not stat.S_ISREG(st.st_mode):
        # A FIFO would block open() until a writer appears; a device may never end.
        raise _refuse(p, _NOT_REGULAR)
    if st.st_size > limit:
        # format_sizes: a file just over the limit must not read "20.0 MB; at most 20.0 MB".
        size_text, limit_text = format_sizes(st.st_size, limit)
        raise _refuse(p, _too_large(what)[0].format(size=size_text, limit=limit_text))
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since stat(), open() returns
        # at once instead of hanging; fstat() below then refuses it.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise LoadError(p, describe_load_error(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refuse(p, _NOT_REGULAR)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise LoadError(p, describe_load_error(exc)) from None
    except MemoryError:
        raise LoadError(p, describe_load_error(MemoryError())) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _refuse(p, too_large_reason(limit, what))
    return data


def unexpected_load_error(path: str | os.PathLike[str], exc: BaseException) -> LoadError:
    """A LoadError for an exception no reader should raise: say so, keep the traceback."""
    print(f"nnsim: unexpected error while loading {path}:", file=sys.stderr)
    traceback.print_exception(exc, file=sys.stderr)
    return LoadError(path, describe_load_error(exc), unexpected=True, cause=exc)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` so that a crash leaves either the old or the new file.

    :func:`atomic_write_bytes` with ``text`` encoded in ``encoding``.

    Parameters
    ----------
    path : str or path-like
        The target; its folder must exist.
    text : str
    encoding : str

    Raises
    ------
    OSError
        The folder is not writable, the disk is full, ... The target is unchanged and
        no temporary file is left behind.
    """
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    The bytes go to a temporary file in the same folder (same file system, so the
    rename is atomic), are flushed and ``fsync``-ed, get the permissions the target
    had (or the umask's default -- ``mkstemp`` alone would leave 0600, which other
    users and a web server could not read), and are renamed over the target with
    :func:`os.replace`. The folder is then ``fsync``-ed (where the platform allows)
    so that the rename survives a power cut too.

    Parameters
    ----------
    path : str or path-like
        The target; its folder must exist.
    data : bytes

    Raises
    ------
    OSError
        The folder is not writable, the disk is full, ... The target is unchanged and
        no temporary file is left behind.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        try:
            os.fchmod(fd, _mode_for(target))
        except (AttributeError, OSError):  # not on every platform / file system
            pass
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)
    remove_stale_temporaries(folder, target.name)


#: A temporary file of an atomic write older than this was left by a killed process.
STALE_TMP_S = 120.0


def remove_stale_temporaries(folder: str | os.PathLike[str], name: str | None = None) -> None:
    """Delete ``.NAME.*.tmp`` files that a process killed mid-save left beside ``name``.

    Only old ones (:data:`STALE_TMP_S`): a fresh one may belong to a save still under way
    in another process. Every save calls this for its own file; the autosave calls it
    for its whole folder (``name`` None: every ``.*.*.tmp``) when the app starts.
    """
    folder = Path(folder)
    pattern = f".{glob.escape(name)}.*.tmp" if name is not None else ".?*.*.tmp"
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return
    remove_old_files(candidates, STALE_TMP_S)


def remove_old_files(paths: Iterable[Path], max_age: float) -> None:
    """Delete each of ``paths`` that is a file last written over ``max_age`` seconds ago.

    For leftovers of killed writers: a younger file may be a write still under way in
    another process. Files that vanish or cannot be deleted are left alone.
    """
    now = time.time()
    for path in paths:
        try:
            if now - path.stat().st_mtime > max_age and path.is_file():
                path.unlink()
        except OSError:
            pass  # gone already, or not ours to delete


def _mode_for(target: Path) -> int:
    """Permission bits for a saved file: the old file's, else what ``open()`` would give."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the data itself is synced
    finally:
        os.close(dfd)
