"""CSV data: the text of a lecturer's spreadsheet export, parsed into points.

Pure parsing (no file access: :mod:`nnsim.storage` reads files, bounded, and hands the
bytes here). :func:`parse_csv_table` parses once into a :class:`CSVTable`; choosing
columns and the task then builds :class:`~nnsim.core.specs.CustomData` from that table
(:meth:`CSVTable.custom`) without reading or parsing again, which is what the import
dialog needs. Every problem is a :class:`CSVError` naming the 1-based row and column as
a spreadsheet numbers them.
"""

from __future__ import annotations

import csv
import io
import math
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.specs import (
    MAX_CLASSES,
    MAX_CUSTOM_POINTS,
    MAX_DATA_VALUE,
    MIN_SAMPLES,
    CustomData,
)

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_CSV_COLUMNS",
    "MAX_CSV_VALUE",
    "CSVError",
    "CSVTable",
    "TaskGuess",
    "check_task",
    "csv_data",
    "decode_csv",
    "infer_task",
    "parse_csv",
    "parse_csv_table",
]

MAX_CSV_BYTES = 20_000_000  # a reader refuses bigger files before reading a byte of them
MAX_CSV_COLUMNS = 100
#: The CSV reader's name for :data:`MAX_DATA_VALUE` (the same object, not a second limit).
MAX_CSV_VALUE = MAX_DATA_VALUE
_MAX_LINE_CHARS = 65_536

# A plain decimal number as spreadsheets write it. Python's float() also takes "nan",
# "inf", "1_000" and non-ASCII digits, which a data file should not contain.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)
_NONFINITE_WORDS = {"nan", "inf", "infinity", "-inf", "+inf", "-infinity", "+infinity",
                    "-nan", "+nan", "#n/a", "n/a", "na", "null", "none"}


@dataclass(frozen=True)
class TaskGuess:
    """What a target column is taken for when nobody says, and why.

    Attributes
    ----------
    task : str
        ``"classification"`` when every target is a whole number and there are at most
        ``MAX_CLASSES`` (8) distinct ones, else ``"regression"``.
    n_levels : int
        How many distinct values the column holds.
    whole : bool
        Whether every value is a whole number.
    note : str
        One sentence for the import preview saying how the column is read and why (a
        translatable Message), or "" when there is nothing to explain (fewer than two
        distinct values: the import refuses the column with its own message).
    """

    task: str
    n_levels: int
    whole: bool
    note: str


def infer_task(y: np.ndarray) -> TaskGuess:
    """Classification or regression for a target column, as :meth:`CSVTable.custom` decides it.

    Parameters
    ----------
    y : ndarray, shape (n,)
        The target column's values (finite).

    Returns
    -------
    TaskGuess
        The task, and a note for the preview: a label column with 9 or 1,000 distinct
        whole numbers silently became regression, which a lecturer who meant classes
        must be told before training on it.
    """
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    levels = np.unique(y)
    whole = bool(np.all(y == np.round(y)))
    n = int(len(levels))
    task = "classification" if whole and n <= MAX_CLASSES else "regression"
    note = ""
    if n >= 2:
        if task == "classification":
            note = QT_TRANSLATE_NOOP(
                "Datasets",
                "The target column has {n} different whole numbers, so it is read as "
                "{n} classes. Choose “value” to predict it as a number instead.",
            ).format(n=n)
        elif whole:
            note = QT_TRANSLATE_NOOP(
                "Datasets",
                "The target column has {n:,} different whole numbers, more than the {max} "
                "classes nnsim can show, so it is treated as a value to predict "
                "(regression), not as class labels.",
            ).format(n=n, max=MAX_CLASSES)
        else:
            note = QT_TRANSLATE_NOOP(
                "Datasets",
                "The target column holds fractions, so it is treated as a value to "
                "predict (regression).",
            )
    return TaskGuess(task=task, n_levels=n, whole=whole, note=note)


class CSVError(ValueError):
    """A CSV file cannot be used as data.

    Attributes
    ----------
    row, column : int or None
        1-based position of the problem as a spreadsheet numbers it (row = line of the
        file, header included), or None when the problem is not in one place.
    reason : str
        What is wrong, in words (a translatable
        :class:`~nnsim.core.messages.Message` for every reason the core writes).
    message : str
        The whole message with the place, e.g. "row 3, column 2: ...", as a Message
        (``str(exc)`` is its English text).
    """

    def __init__(self, reason: str, row: int | None = None, column: int | None = None) -> None:
        self.row = row
        self.column = column
        self.reason = reason
        if row is not None and column is not None:
            message = QT_TRANSLATE_NOOP("Datasets", "row {row}, column {column}: {reason}").format(
                row=row, column=column, reason=reason
            )
        elif row is not None:
            message = QT_TRANSLATE_NOOP("Datasets", "row {row}: {reason}").format(
                row=row, reason=reason
            )
        elif column is not None:
            message = QT_TRANSLATE_NOOP("Datasets", "column {column}: {reason}").format(
                column=column, reason=reason
            )
        else:
            message = reason
        self.message: str = message
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.reason, self.row, self.column))


def _show_cell(cell: str) -> str:
    return repr(cell if len(cell) <= 24 else cell[:21] + "...")


def _read_cell(cell: str) -> tuple[float | None, str, str]:
    """(value, kind, problem) of a stripped cell.

    kind is "number" (value set, problem empty), "empty", "text", or "bad": something
    meant as a number that we cannot use (NaN, infinity, too large, a decimal comma).
    A first row is a header only if it has a "text" cell, so a first data row with a
    NaN in it is reported as such instead of silently becoming column names.
    """
    if not cell:
        return None, "empty", QT_TRANSLATE_NOOP(
            "Datasets", "the cell is empty (every cell must hold a number)"
        )
    if _NUMBER.fullmatch(cell):
        v = float(cell)
        if math.isfinite(v) and abs(v) <= MAX_DATA_VALUE:
            return v, "number", ""
        return None, "bad", QT_TRANSLATE_NOOP(
            "Datasets", "{cell} is too large (numbers must lie within ±{max:g}; rescale the data)"
        ).format(cell=_show_cell(cell), max=MAX_DATA_VALUE)
    if cell.lower() in _NONFINITE_WORDS:
        return None, "bad", QT_TRANSLATE_NOOP(
            "Datasets",
            "{cell} is not allowed: every cell must be a finite number "
            "(missing values, NaN and infinity cannot be trained on)",
        ).format(cell=_show_cell(cell))
    if _DECIMAL_COMMA.fullmatch(cell):
        return None, "bad", QT_TRANSLATE_NOOP(
            "Datasets", "{cell} is not a number (use a dot as the decimal separator)"
        ).format(cell=_show_cell(cell))
    return None, "text", QT_TRANSLATE_NOOP("Datasets", "{cell} is not a number").format(
        cell=_show_cell(cell)
    )


def _cell_value(cell: str, row: int, column: int) -> float:
    """The finite number in a cell, or a CSVError saying why not."""
    value, _, problem = _read_cell(cell)
    if value is None:
        raise CSVError(problem, row, column)
    return value


#: Delimiters a data file may use, in order of preference when several fit.
_DELIMITERS = (";", ",", "\t")
#: Non-blank lines looked at to choose the delimiter (a header and a few data rows).
_SNIFF_LINES = 8


def _unquoted_counts(line: str) -> dict[str, int]:
    """How often each of :data:`_DELIMITERS` occurs in ``line`` outside quoted cells.

    A quoted header such as ``"x; first",x2,label`` holds a ';' that separates nothing;
    counting it made a valid comma file look semicolon-separated. A doubled quote
    (``""``, an escaped quote inside a cell) toggles twice and so changes nothing.
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return counts


def _delimiter(text: str) -> str:
    """The delimiter of a CSV text: comma, semicolon or tab.

    Counted outside quotes in the first few non-blank lines. A delimiter that occurs
    the same (non-zero) number of times on each of them splits every row into the same
    columns, so it is the file's; when several do, ';' wins over ',' (a file from a
    locale with decimal commas, "1,5;2,5;0", must be read as semicolon-separated, so
    that a ragged decimal comma is reported as such) and ',' over tab. When none is
    consistent (a ragged file), the first line decides with the same preference, so
    the parser can name the ragged row instead of failing on the header.
    """
    lines: list[dict[str, int]] = []
    for line in io.StringIO(text, newline=""):
        if line.strip():
            lines.append(_unquoted_counts(line.rstrip("\r\n")))
            if len(lines) >= _SNIFF_LINES:
                break
    if not lines:
        return ","
    for delim in _DELIMITERS:
        first = lines[0][delim]
        if first and all(counts[delim] == first for counts in lines):
            return delim
    for delim in _DELIMITERS:
        if lines[0][delim]:
            return delim
    return ","


def _parse(
    text: str, max_rows: int
) -> tuple[list[str] | None, np.ndarray, list[int]]:
    """Header, values (n, m) and the file row of each value row. See :func:`parse_csv`."""
    if not isinstance(text, str):
        raise TypeError("parse_csv needs text (str)")
    if text.startswith("\ufeff"):
        text = text[1:]
    delim = _delimiter(text)
    first: list[str] | None = None
    header: list[str] | None = None
    first_row = 0
    ncols = 0
    values = array("d")
    rows: list[int] = []
    # Lines are read one at a time and bounded before the csv module splits them, so a
    # hostile file cannot make us build millions of cells; records never span lines
    # (a newline inside quotes is not data we can use anyway).
    for line_no, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line_no > 4 * max_rows + 10:
            raise CSVError(
                QT_TRANSLATE_NOOP(
                    "Datasets", "the file has too many lines (nnsim holds at most {max} points)"
                ).format(max=max_rows),
                line_no,
            )
        # Spaces (not tabs: they may be delimiters) after a closing quote are harmless.
        line = line.rstrip("\r\n").rstrip(" ")
        if len(line) > _MAX_LINE_CHARS:
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "the line is too long ({n} characters)").format(
                    n=len(line)
                ),
                line_no,
            )
        if line.count(delim) >= MAX_CSV_COLUMNS:
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "more than {max} columns").format(
                    max=MAX_CSV_COLUMNS
                ),
                line_no,
            )
        if line.count('"') % 2:
            quote = line.rfind('"')
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "a quote mark is not closed"),
                line_no,
                line.count(delim, 0, quote) + 1,
            )
        try:
            # Not strict: a space between a closing quote and the delimiter is common in
            # hand-edited files and harmless once the cell is stripped.
            cells = next(csv.reader([line], delimiter=delim, skipinitialspace=True), [])
        except csv.Error as exc:  # pragma: no cover - the checks above leave none we know of
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "the line cannot be split into cells ({error})")
                .format(error=exc),
                line_no,
            ) from None
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue  # blank line, or a row of empty cells a spreadsheet left behind
        if first is None:
            first, first_row, ncols = cells, line_no, len(cells)
            if any(_read_cell(c)[1] == "text" for c in cells):
                # A header: a row with real text in it; every later row must be numbers.
                header = [
                    c if c else QT_TRANSLATE_NOOP("Datasets", "column {j}").format(j=j)
                    for j, c in enumerate(cells, start=1)
                ]
                continue
        elif len(cells) != ncols:
            col = min(len(cells), ncols) + 1
            if len(cells) > ncols:
                reason = QT_TRANSLATE_NOOP(
                    "Datasets", "an extra cell: this row has {n} cells but row {first} has {ncols}"
                )
            else:
                reason = QT_TRANSLATE_NOOP(
                    "Datasets", "a missing cell: this row has {n} cells but row {first} has {ncols}"
                )
            raise CSVError(
                reason.format(n=len(cells), first=first_row, ncols=ncols), line_no, col
            )
        if len(rows) >= max_rows:
            raise CSVError(
                QT_TRANSLATE_NOOP(
                    "Datasets", "more than {max} data rows (nnsim holds at most that many)"
                ).format(max=max_rows),
                line_no,
            )
        values.extend(_cell_value(c, line_no, j) for j, c in enumerate(cells, start=1))
        rows.append(line_no)

    if first is None:
        raise CSVError(QT_TRANSLATE_NOOP("Datasets", "the file is empty (no rows with values)"))
    if not rows:
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets", "the file has a header (row {row}) but no rows of numbers"
            ).format(row=first_row)
        )
    table = np.frombuffer(values, dtype=np.float64).reshape(len(rows), ncols).copy()
    return header, table, rows


def parse_csv(text: str) -> tuple[list[str] | None, np.ndarray]:
    """Parse CSV text into a table of finite numbers.

    Parameters
    ----------
    text : str
        Comma-separated values; semicolon- or tab-separated files are accepted too
        (the delimiter is the one that splits the first lines alike, counted outside
        quotes, so a quoted header cell may hold any of them). Blank lines are
        skipped. The first row is a header if it has a text cell (then every later row
        must be all numbers).

    Returns
    -------
    header : list of str or None
        Column names (empty names become ``"column j"``), or None without a header.
    table : ndarray, shape (n_rows, n_columns), float64

    Raises
    ------
    CSVError
        Empty text, a text/NaN/inf/empty/too large cell, a ragged row, more than
        ``MAX_CUSTOM_POINTS`` rows or :data:`MAX_CSV_COLUMNS` columns. The message names
        the 1-based row and column.
    """
    header, table, _ = _parse(text, MAX_CUSTOM_POINTS)
    return header, table


def _encoding_error(data: bytes, pos: int) -> CSVError:
    """Where the first non-UTF-8 byte sits, as row and column of the table."""
    # Line breaks as the parser counts them: \n, \r\n or a lone \r.
    row = data.count(b"\n", 0, pos) + data.count(b"\r", 0, pos) - data.count(b"\r\n", 0, pos) + 1
    line_start = max(data.rfind(b"\n", 0, pos), data.rfind(b"\r", 0, pos)) + 1
    prefix = data[line_start:pos].decode("utf-8", errors="replace")
    delim = _delimiter(data.decode("utf-8", errors="replace"))
    column = prefix.count(delim) + 1
    return CSVError(
        QT_TRANSLATE_NOOP(
            "Datasets", "byte 0x{byte:02x} is not UTF-8 text (save the file as UTF-8 CSV)"
        ).format(byte=data[pos]),
        row,
        column,
    )




def decode_csv(data: bytes) -> str:
    """The text of a CSV file's bytes: UTF-8, with or without a byte-order mark.

    Raises
    ------
    CSVError
        A byte that is not UTF-8, located by row and column.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # by hand: "utf-8-sig" would count error offsets after the BOM
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _encoding_error(data, exc.start) from None


@dataclass(frozen=True, eq=False)
class CSVTable:
    """A parsed CSV file: its numbers, ready to become points for any choice of columns.

    Attributes
    ----------
    header : list of str or None
        Column names (empty names become ``"column j"``), or None without a header.
    values : ndarray, shape (n_rows, n_columns), float64
        Every data cell, finite and within ±:data:`MAX_CSV_VALUE`.
    rows : tuple of int
        The file's 1-based row of each value row (for messages about a value).
    """

    header: list[str] | None
    values: np.ndarray
    rows: tuple[int, ...]

    def custom(
        self,
        x_columns: Sequence[int] | None = None,
        target_column: int = -1,
        task: str | None = None,
    ) -> CustomData:
        """The table as custom data points, for a choice of columns and task.

        Parameters
        ----------
        x_columns : sequence of int, optional
            0-based indices (negative counts from the end) of the 1 or 2 input columns;
            default: every column except the target.
        target_column : int
            0-based index of the target column; default the last.
        task : {"classification", "regression"}, optional
            Default: classification if every target is a whole number and there are at
            most 8 distinct ones, else regression (:func:`infer_task`, whose note the
            import preview shows). Class labels are renumbered 0..k-1 in sorted order
            (so TF-style -1/+1 become 0/1).

        Returns
        -------
        CustomData
            ``x`` (n, 1 or 2), ``y`` (n,), the task and the number of classes.

        Raises
        ------
        CSVError
            Too few rows; bad columns; or targets that do not fit the task.
        ValueError
            ``task`` is not one of the names above (a programming error).
        """
        return _custom(self, x_columns, target_column, task)


def check_task(task: str | None) -> None:
    """Raise ValueError unless ``task`` is "classification", "regression" or None.

    A programming error, not the file's: callers check before reading the file.
    """
    if task not in (None, "classification", "regression"):
        raise ValueError(f"task must be 'classification' or 'regression', got {task!r}")


def parse_csv_table(data: str | bytes) -> CSVTable:
    """Parse a CSV file's bytes (or text) once into a :class:`CSVTable`.

    Raises
    ------
    CSVError
        Not UTF-8, or not a usable table (see :func:`parse_csv`).
    """
    text = decode_csv(data) if isinstance(data, bytes | bytearray) else data
    header, values, rows = _parse(text, MAX_CUSTOM_POINTS)
    return CSVTable(header, values, tuple(rows))


def csv_data(
    data: str | bytes,
    x_columns: Sequence[int] | None = None,
    target_column: int = -1,
    task: str | None = None,
) -> CustomData:
    """A CSV file's bytes (or text) as custom data points: :func:`parse_csv_table` and
    :meth:`CSVTable.custom` in one call.

    Raises
    ------
    CSVError
        The content is not a usable table or does not fit the choice of columns and task.
    """
    check_task(task)
    return parse_csv_table(data).custom(x_columns, target_column, task)


def _custom(
    parsed: CSVTable, x_columns: Sequence[int] | None, target_column: int, task: str | None
) -> CustomData:
    """See :meth:`CSVTable.custom`."""
    check_task(task)
    table, rows = parsed.values, parsed.rows
    n, m = table.shape
    if m < 2:
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets", "the file has one column; it needs input columns and a target column"
            )
        )
    if n < MIN_SAMPLES:
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets", "the file has {n} data rows; at least {min} are needed"
            ).format(n=n, min=MIN_SAMPLES)
        )

    def resolve(index: int, target: bool) -> int:
        what = "target column" if target else "input column"
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise ValueError(f"{what} must be a column index, got {index!r}")
        if not -m <= index < m:
            if target:
                reason = QT_TRANSLATE_NOOP(
                    "Datasets", "there is no target column with index {index}: the file has {m} "
                    "columns"
                )
            else:
                reason = QT_TRANSLATE_NOOP(
                    "Datasets", "there is no input column with index {index}: the file has {m} "
                    "columns"
                )
            raise CSVError(reason.format(index=index, m=m))
        return int(index) % m

    t = resolve(target_column, True)
    if x_columns is None:
        xs = [j for j in range(m) if j != t]
    else:
        xs = [resolve(j, False) for j in x_columns]
    if t in xs:
        raise CSVError(
            QT_TRANSLATE_NOOP("Datasets", "the target column cannot also be an input"), None, t + 1
        )
    if len(set(xs)) != len(xs):
        raise CSVError(QT_TRANSLATE_NOOP("Datasets", "an input column is chosen twice"))
    if len(xs) not in (1, 2):
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets",
                "{n} input columns; nnsim plots 1 or 2 (choose which columns are inputs)",
            ).format(n=len(xs))
        )
    x = table[:, xs]
    y = table[:, t]

    whole = y == np.round(y)
    levels = np.unique(y)
    if task is None:
        # The same rule the import preview explains to the user (infer_task's note).
        task = infer_task(y).task
    if len(levels) < 2:
        raise CSVError(
            QT_TRANSLATE_NOOP(
                "Datasets",
                "every target is {value:g}; a target column needs at least 2 different values",
            ).format(value=levels[0]),
            None,
            t + 1,
        )
    n_classes = 2
    if task == "classification":
        if not np.all(whole):
            i = int(np.argmin(whole))
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "class label {value:g} is not a whole number").format(
                    value=y[i]
                ),
                rows[i],
                t + 1,
            )
        if len(levels) > MAX_CLASSES:
            raise CSVError(
                QT_TRANSLATE_NOOP("Datasets", "{n} different class labels; at most {max}").format(
                    n=len(levels), max=MAX_CLASSES
                ),
                None,
                t + 1,
            )
        n_classes = len(levels)
        y = np.searchsorted(levels, y).astype(np.float64)
    return CustomData(x=x, y=y, task=task, n_classes=n_classes)
