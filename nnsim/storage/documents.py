"""Reading nnsim's documents from files: experiments, CSV data, lessons, side notes.

Every reader here is the same three steps: :func:`~nnsim.storage.files.read_bounded`
(stat first, refuse folders, FIFOs and oversized files before reading a byte), the
core's parser (:meth:`Experiment.from_json`, :func:`~nnsim.core.csv_data.parse_csv_table`,
:func:`~nnsim.core.lessons.lesson_from_json`, :func:`~nnsim.core.jsontext.parse_json`),
and one :class:`~nnsim.storage.files.LoadError` for whatever went wrong, naming the file.
So a file is read once, by one rule, and a caller handles exactly one exception type.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nnsim.core.csv_data import MAX_CSV_BYTES, CSVError, CSVTable, check_task, parse_csv_table
from nnsim.core.experiment import MAX_JSON_CHARS, CustomData, Experiment, InvalidExperimentError
from nnsim.core.jsontext import JSONTextError, parse_json
from nnsim.core.lessons import MAX_LESSON_BYTES, Lesson, is_lesson_name, lesson_from_json
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.resources import resource
from nnsim.storage.files import (
    LoadError,
    describe_load_error,
    read_bounded,
    too_large_reason,
    unexpected_load_error,
)

__all__ = [
    "MAX_EXPERIMENT_BYTES",
    "list_lessons",
    "load_lesson",
    "read_csv_data",
    "read_csv_table",
    "read_experiment",
    "read_json",
    "read_lesson",
]

#: Largest experiment file we read (bytes): the core refuses longer JSON anyway.
MAX_EXPERIMENT_BYTES = MAX_JSON_CHARS

#: The errors a parser raises for a bad file (anything else is a bug in nnsim).
_FILE_FAULTS = (
    InvalidExperimentError,
    CSVError,
    JSONTextError,
    OSError,
    UnicodeError,
    MemoryError,
    RecursionError,
)


def _parsed(path: Path, parse: Any, data: bytes) -> Any:
    """``parse(data)``, with every failure turned into a LoadError naming ``path``."""
    try:
        return parse(data)
    except _FILE_FAULTS as exc:
        raise LoadError(path, describe_load_error(exc), cause=exc) from None
    except Exception as exc:  # a loader bug must not take the lecture down with it
        raise unexpected_load_error(path, exc) from None


def read_experiment(
    path: str | os.PathLike[str], notes: list[str] | None = None
) -> Experiment:
    """Read and validate an experiment file (the GUI's one load path).

    Parameters
    ----------
    path : str or path-like
        A UTF-8 JSON experiment of at most :data:`MAX_EXPERIMENT_BYTES` bytes.

    notes : list of str, optional
        Receives what the user should be told about a file that was opened anyway
        (translatable messages; e.g. training curves of an unknown version left out).

    Returns
    -------
    Experiment
        Valid; its weights (if any) match the architecture and are finite, and its
        training history (if any) continues them.

    Raises
    ------
    LoadError
        For every problem, with one message naming it. Nothing else escapes.
    """
    p = Path(path)
    data = read_bounded(p, MAX_EXPERIMENT_BYTES, "experiment")
    return _parsed(p, lambda text: Experiment.from_json(text, notes), data)


def read_csv_table(path: str | os.PathLike[str]) -> CSVTable:
    """Read and parse a CSV file once, for any later choice of columns.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV of at most :data:`~nnsim.core.csv_data.MAX_CSV_BYTES` bytes.

    Returns
    -------
    CSVTable
        Its header, numbers and row numbers; :meth:`CSVTable.custom` makes points of
        it without reading the file again.

    Raises
    ------
    LoadError
        For every problem, with one message naming it (row and column where known;
        the :class:`~nnsim.core.csv_data.CSVError` is its ``cause``).
    """
    p = Path(path)
    data = read_bounded(p, MAX_CSV_BYTES, "data file")
    return _parsed(p, parse_csv_table, data)


def read_csv_data(
    path: str | os.PathLike[str],
    x_columns: Sequence[int] | None = None,
    target_column: int = -1,
    task: str | None = None,
) -> CustomData:
    """Read a CSV file as custom data points.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV of at most :data:`~nnsim.core.csv_data.MAX_CSV_BYTES` bytes.
    x_columns, target_column, task
        As for :meth:`nnsim.core.csv_data.CSVTable.custom`: by default every column but
        the last is an input and the last is the target, whose task is inferred.

    Returns
    -------
    CustomData
        ``x`` (n, 1 or 2), ``y`` (n,), the task and the number of classes.

    Raises
    ------
    LoadError
        For every problem, with one message naming it (row and column where known).
    ValueError
        ``task`` is not "classification", "regression" or None (a programming error).
    """
    check_task(task)
    table = read_csv_table(path)
    p = Path(path)
    try:
        return table.custom(x_columns, target_column, task)
    except CSVError as exc:
        raise LoadError(p, describe_load_error(exc), cause=exc) from None


def read_json(path: str | os.PathLike[str], limit: int, what: str = "file") -> Any:
    """A small JSON file nnsim wrote (an autosave note), read by the one JSON rule.

    Parameters
    ----------
    path : str or path-like
    limit : int
        Largest size accepted, in bytes.
    what : str
        The kind of file size messages name (see :func:`read_bounded`).

    Returns
    -------
    object
        The parsed document (:func:`nnsim.core.jsontext.parse_json`): finite numbers,
        no duplicate keys; over-long integers are :class:`~nnsim.core.jsontext.LongNumber`
        markers, which the caller's type checks refuse.

    Raises
    ------
    LoadError
        Unreadable, too large, not UTF-8 or not such JSON.
    """
    p = Path(path)
    data = read_bounded(p, limit, what)
    # read_bounded has refused a larger file already; parse_json needs a reason anyway.
    too_large = too_large_reason(limit, what)
    return _parsed(p, lambda d: parse_json(d, max_chars=limit, too_large=too_large), data)


# --------------------------------------------------------------------------- lessons


def read_lesson(path: str | os.PathLike[str]) -> Lesson:
    """Read and validate a lesson file.

    Raises
    ------
    LoadError
        For every problem; an invalid lesson's field is named in the message.
    """
    p = Path(path)
    data = read_bounded(p, MAX_LESSON_BYTES, "file")
    return _parsed(p, lesson_from_json, data)


def _read_shipped(entry: Any) -> Lesson:
    """A lesson shipped with nnsim (an importlib.resources entry, perhaps in a wheel)."""
    # Shipped files are ours, so no size check: but a broken one still gets the message.
    return _parsed(Path(entry.name), lesson_from_json, entry.read_bytes())


def list_lessons() -> list[Lesson]:
    """Every shipped lesson, sorted by ``order``.

    Raises
    ------
    LoadError
        If a shipped file is invalid (naming the file) or two lessons share a name.
    """
    folder = resource("lessons")
    out: list[Lesson] = []
    seen: dict[str, str] = {}
    if not folder.is_dir():
        return out
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json") or not entry.is_file():
            continue
        lesson = _read_shipped(entry)
        if lesson.name in seen:
            raise LoadError(
                entry.name,
                QT_TRANSLATE_NOOP("Lessons", "{name} is used by both {first} and {second}").format(
                    name=repr(lesson.name), first=seen[lesson.name], second=entry.name
                ),
            )
        seen[lesson.name] = entry.name
        out.append(lesson)
    out.sort(key=lambda le: (le.order, le.name))
    return out


def load_lesson(name_or_path: str | os.PathLike[str]) -> Lesson:
    """A shipped lesson by name (``"vanishing-gradient"``) or a lesson file by path.

    A path-like object, or a string that ends in ``.json`` or contains a path separator,
    is read as a file (:func:`read_lesson`); anything else is a lesson name.

    Raises
    ------
    LoadError
        If the name is unknown, the file cannot be read, or the lesson is invalid.
    """
    if not isinstance(name_or_path, str) or _looks_like_path(name_or_path):
        return read_lesson(name_or_path)
    name = name_or_path
    if not is_lesson_name(name):
        shown = repr(name) if len(name) <= 40 else repr(name[:37]) + "..."
        raise LoadError(
            name[:40],
            QT_TRANSLATE_NOOP("Lessons", "{name} is not a lesson name").format(name=shown),
        )
    # Files are named after their lesson, so the direct look-up is the common case.
    entry = resource("lessons", f"{name}.json")
    if entry.is_file():
        lesson = _read_shipped(entry)
        if lesson.name == name:
            return lesson
    lessons = list_lessons()
    for lesson in lessons:
        if lesson.name == name:
            return lesson
    raise LoadError(
        name,
        QT_TRANSLATE_NOOP("Lessons", "no lesson named {name}; known: {known}").format(
            name=repr(name), known=", ".join(le.name for le in lessons)
        ),
    )


def _looks_like_path(s: str) -> bool:
    return s.endswith(".json") or "/" in s or "\\" in s
