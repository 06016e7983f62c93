"""The experiment's fields, typed: the error naming a field, the range rules, the readers.

:mod:`nnsim.core.experiment` holds the document; this module holds what checks and reads
its fields one by one, so that both :meth:`Experiment.validate` (documents built in
code) and :meth:`Experiment.from_dict` (parsed files) apply the same rules and name the
offending field the same way. It imports the registries and the leaf
:mod:`nnsim.core.specs`, never :mod:`nnsim.core.experiment`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from nnsim.core.controls import CONTROLS
from nnsim.core.jsontext import FieldError, LongNumber, short_key, too_long
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message
from nnsim.core.pace import PACES
from nnsim.core.ranges import RANGES
from nnsim.core.specs import MAX_CLASSES, MAX_CUSTOM_POINTS, MAX_DATA_VALUE, CustomData

__all__ = [
    "CUSTOM_TASK",
    "FINITE",
    "NONFINITE",
    "TOO_LARGE",
    "TOO_LARGE_NUMBER",
    "InvalidExperimentError",
    "Reader",
    "a_number",
    "bad",
    "check_hidden_controls",
    "check_int",
    "check_pace",
    "check_real",
    "index",
    "registry_names",
    "numeric_array",
    "plain",
    "read_custom",
    "read_hidden_controls",
    "shape_reason",
    "show",
    "too_many_entries",
    "validate_custom",
    "whole_number",
]


class InvalidExperimentError(FieldError):
    """An experiment (file or edit) is invalid.

    Attributes
    ----------
    field : str
        Dotted path of the offending value, e.g. ``"hidden[2].activation"``.
    reason : str
        What is wrong with it, in words a lecturer understands: a
        :class:`~nnsim.core.messages.Message` (English text that the GUI can show
        translated with ``localize``) for every reason the core writes.
    message : str
        The whole message, ``"field: reason"`` (or the reason alone without a field),
        as a Message; ``str(exc)`` is its English text.
    """


def plain(value: Any) -> Any:
    """A JSON-serialisable Python scalar for numpy ones (validate() accepts np.integer)."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def registry_names(registry: Mapping[str, Any]) -> str:
    return ", ".join(registry)


def bad(field: str, reason: str) -> None:
    raise InvalidExperimentError(field, reason)


# Reasons used in several places (each is one translatable text).
NONFINITE = QT_TRANSLATE_NOOP("Experiment", "contains NaN or infinity")
FINITE = QT_TRANSLATE_NOOP("Experiment", "must be a finite number")
TOO_LARGE_NUMBER = QT_TRANSLATE_NOOP("Experiment", "number is too large")
TOO_LARGE = QT_TRANSLATE_NOOP("Experiment", "the file is too large to be an experiment")
CUSTOM_TASK = QT_TRANSLATE_NOOP("Experiment", "must be 'classification' or 'regression'")


def whole_number(value: Any) -> Message:
    return QT_TRANSLATE_NOOP("Experiment", "must be a whole number, got {value}").format(
        value=show(value)
    )


def a_number(value: Any) -> Message:
    return QT_TRANSLATE_NOOP("Experiment", "must be a number, got {value}").format(
        value=show(value)
    )


def shape_reason(shape: tuple[int, ...], expected: tuple[int, ...]) -> Message:
    return QT_TRANSLATE_NOOP("Experiment", "shape {shape}, expected {expected}").format(
        shape=shape, expected=expected
    )


def check_int(field: str, value: Any, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        bad(field, whole_number(value))
    if not lo <= value <= hi:
        bad(
            field,
            QT_TRANSLATE_NOOP("Experiment", "must be between {lo} and {hi}, got {value}").format(
                lo=lo, hi=hi, value=value
            ),
        )


def check_real(
    field: str, value: Any, lo: float, hi: float, open_low: bool = False
) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        bad(field, a_number(value))
    v = float(value)
    if not math.isfinite(v):
        bad(field, FINITE)
    if v < lo or v > hi or (open_low and v <= lo):
        if open_low:
            reason = QT_TRANSLATE_NOOP(
                "Experiment", "must be above {lo} and at most {hi}, got {value:g}"
            )
        else:
            reason = QT_TRANSLATE_NOOP(
                "Experiment", "must be at least {lo} and at most {hi}, got {value:g}"
            )
        bad(field, reason.format(lo=lo, hi=hi, value=v))


def check_range(field: str, value: Any, key: str | None = None) -> None:
    """Check ``value`` against the range table's entry ``key`` (default: ``field``).

    The same :data:`nnsim.core.ranges.RANGES` entry bounds the GUI's typed-number
    field, so a field never accepts what a document refuses, nor the other way round.
    """
    r = RANGES[key or field]
    if r.whole:
        check_int(field, value, int(r.lo), int(r.hi))
    else:
        check_real(field, value, r.lo, r.hi, open_low=r.open_low)


def show(value: Any) -> str:
    s = repr(value)
    return s if len(s) <= 40 else s[:37] + "..."


class Reader:
    """Typed access to one JSON object, naming the field path in every error."""

    def __init__(self, obj: Any, path: str, allowed: Sequence[str]) -> None:
        if not isinstance(obj, dict):
            bad(
                path or "(top level)",
                QT_TRANSLATE_NOOP("Experiment", "must be an object, got {type}").format(
                    type=type(obj).__name__
                ),
            )
        unknown = [k for k in obj if k not in allowed]
        if unknown:
            key = short_key(str(unknown[0]))  # a 1 MB key must not make a 1 MB message
            where = f"{path}.{key}" if path else key
            bad(where, QT_TRANSLATE_NOOP("Experiment", "unknown field (check the spelling)"))
        self.obj = obj
        self.path = path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.obj

    def str(self, key: str, default: str) -> str:
        v = self.obj.get(key, default)
        if not isinstance(v, str):
            bad(
                self.where(key),
                QT_TRANSLATE_NOOP("Experiment", "must be text, got {value}").format(
                    value=show(v)
                ),
            )
        if len(v) > 500:
            bad(self.where(key), QT_TRANSLATE_NOOP("Experiment", "text is too long"))
        return v

    def int(self, key: str, default: int | None, optional: bool = False) -> Any:
        v = self.obj.get(key, default)
        if v is None and optional:
            return None
        if isinstance(v, LongNumber):
            bad(self.where(key), too_long(v))
        if isinstance(v, bool) or not isinstance(v, int):
            bad(self.where(key), whole_number(v))
        if abs(v) > 10**15:
            bad(self.where(key), TOO_LARGE_NUMBER)
        return v

    def real(self, key: str, default: float | None, optional: bool = False) -> Any:
        v = self.obj.get(key, default)
        if v is None and optional:
            return None
        if isinstance(v, LongNumber):
            bad(self.where(key), too_long(v))
        if isinstance(v, bool) or not isinstance(v, int | float):
            bad(self.where(key), a_number(v))
        if isinstance(v, int) and abs(v) > 10**15:
            bad(self.where(key), TOO_LARGE_NUMBER)
        f = float(v)
        if not math.isfinite(f):
            bad(self.where(key), FINITE)
        return f

    def list(self, key: str, max_len: int) -> list[Any]:
        v = self.obj.get(key)
        if not isinstance(v, list):
            bad(
                self.where(key),
                QT_TRANSLATE_NOOP("Experiment", "must be a list, got {value}").format(
                    value=show(v)
                ),
            )
        if len(v) > max_len:
            bad(self.where(key), too_many_entries(len(v), max_len))
        return v


def index(k: int, shape: tuple[int, ...]) -> str:
    """``[k]``, or ``[row][column]`` of the k-th entry (row-major) of a 2-D ``shape``."""
    return f"[{k}]" if len(shape) == 1 else f"[{k // shape[1]}][{k % shape[1]}]"


def too_many_entries(n: int, max_len: int) -> Message:
    return QT_TRANSLATE_NOOP("Experiment", "has {n} entries; at most {max}").format(
        n=n, max=max_len
    )


def numeric_array(obj: Any, path: str, shape: tuple[int, ...]) -> np.ndarray:
    """A finite float array of exactly ``shape`` from nested lists, checked element-wise.

    The shape is known from the (already validated) architecture, so a file claiming
    a huge array is refused by its outer length before any allocation.
    """
    rows_reason = QT_TRANSLATE_NOOP("Experiment", "expected {n} rows, got {got}")
    numbers_reason = QT_TRANSLATE_NOOP("Experiment", "expected {n} numbers, got {got}")
    if len(shape) == 2:
        if not isinstance(obj, list) or len(obj) != shape[0]:
            got = len(obj) if isinstance(obj, list) else type(obj).__name__
            bad(path, rows_reason.format(n=shape[0], got=got))
        for r, row in enumerate(obj):
            if not isinstance(row, list) or len(row) != shape[1]:
                got = len(row) if isinstance(row, list) else type(row).__name__
                bad(f"{path}[{r}]", numbers_reason.format(n=shape[1], got=got))
    else:
        if not isinstance(obj, list) or len(obj) != shape[0]:
            got = len(obj) if isinstance(obj, list) else type(obj).__name__
            bad(path, numbers_reason.format(n=shape[0], got=got))
    flat = obj if len(shape) == 1 else [v for row in obj for v in row]
    for k, v in enumerate(flat):
        if isinstance(v, LongNumber) or (isinstance(v, int) and abs(v) > 10**300):
            bad(path, QT_TRANSLATE_NOOP("Experiment", "entry {k} is too large").format(k=k))
        if isinstance(v, bool) or not isinstance(v, int | float):
            bad(
                path,
                QT_TRANSLATE_NOOP("Experiment", "entry {k} is not a number ({value})").format(
                    k=k, value=show(v)
                ),
            )
    arr = np.array(flat, dtype=np.float64).reshape(shape)
    if not np.all(np.isfinite(arr)):
        bad(path, NONFINITE)
    return arr


def check_hidden_controls(names: Any) -> None:
    if not isinstance(names, tuple):
        bad("hidden_controls", QT_TRANSLATE_NOOP("Experiment", "must be a list of control names"))
    if len(names) > len(CONTROLS):
        bad("hidden_controls", too_many_entries(len(names), len(CONTROLS)))
    for i, name in enumerate(names):
        if not isinstance(name, str) or name not in CONTROLS:
            bad(
                f"hidden_controls[{i}]",
                QT_TRANSLATE_NOOP("Experiment", "unknown control {name}; known: {known}").format(
                    name=show(name), known=registry_names(CONTROLS)
                ),
            )
    if len(set(names)) != len(names):
        bad("hidden_controls", QT_TRANSLATE_NOOP("Experiment", "a control is listed twice"))


def check_pace(pace: Any) -> None:
    if not isinstance(pace, str) or pace not in PACES:
        bad(
            "pace",
            QT_TRANSLATE_NOOP("Experiment", "unknown pace {name}; known: {known}").format(
                name=show(pace), known=registry_names(PACES)
            ),
        )


def read_hidden_controls(top: Reader) -> tuple[str, ...]:
    if not top.has("hidden_controls"):
        return ()
    raw = top.list("hidden_controls", len(CONTROLS))
    names = tuple(raw)
    check_hidden_controls(names)
    return names


def read_custom(obj: Any) -> CustomData:
    cr = Reader(obj, "data.custom", ("task", "n_classes", "x", "y"))
    task = cr.str("task", "classification")
    if task not in ("classification", "regression"):
        bad("data.custom.task", CUSTOM_TASK)
    n_classes = cr.int("n_classes", 2)
    check_int("data.custom.n_classes", n_classes, 2, MAX_CLASSES)
    xs = cr.list("x", MAX_CUSTOM_POINTS)
    ys = cr.list("y", MAX_CUSTOM_POINTS)
    if len(xs) != len(ys):
        bad(
            "data.custom.y",
            QT_TRANSLATE_NOOP("Experiment", "{targets} targets for {points} points").format(
                targets=len(ys), points=len(xs)
            ),
        )
    if not xs:
        bad("data.custom.x", QT_TRANSLATE_NOOP("Experiment", "no points"))
    dims = len(xs[0]) if isinstance(xs[0], list) else -1
    if dims not in (1, 2):
        bad(
            "data.custom.x[0]",
            QT_TRANSLATE_NOOP("Experiment", "each point must be a list of 1 or 2 numbers"),
        )
    x = numeric_array(xs, "data.custom.x", (len(xs), dims))
    y = numeric_array(ys, "data.custom.y", (len(ys),))
    return CustomData(x=x, y=y, task=task, n_classes=n_classes)


def validate_custom(c: CustomData) -> None:
    if c.task not in ("classification", "regression"):
        bad("data.custom.task", CUSTOM_TASK)
    if c.x.ndim != 2 or c.x.shape[1] not in (1, 2):
        bad(
            "data.custom.x", QT_TRANSLATE_NOOP("Experiment", "points must have 1 or 2 coordinates")
        )
    if c.x.shape[0] < 2:
        bad("data.custom.x", QT_TRANSLATE_NOOP("Experiment", "at least 2 points are needed"))
    if c.x.shape[0] > MAX_CUSTOM_POINTS:
        bad(
            "data.custom.x",
            QT_TRANSLATE_NOOP("Experiment", "at most {max} points").format(max=MAX_CUSTOM_POINTS),
        )
    if c.y.shape != (c.x.shape[0],):
        bad("data.custom.y", QT_TRANSLATE_NOOP("Experiment", "one target per point is needed"))
    if not (np.all(np.isfinite(c.x)) and np.all(np.isfinite(c.y))):
        bad("data.custom", NONFINITE)
    # The one range rule for data (CSV cells obey the same MAX_DATA_VALUE): points near
    # the float64 limit broke the output view's axes and made pyqtgraph raise.
    for name, values in (("x", c.x), ("y", c.y)):
        outside = np.flatnonzero(np.abs(values) > MAX_DATA_VALUE)
        if outside.size:
            k = int(outside[0])
            bad(
                f"data.custom.{name}{index(k, values.shape)}",
                QT_TRANSLATE_NOOP(
                    "Experiment",
                    "{value:g} is outside ±{max:g}, the range of data values (rescale the data)",
                ).format(value=float(values.flat[k]), max=MAX_DATA_VALUE),
            )
    if c.task == "classification":
        check_int("data.custom.n_classes", c.n_classes, 2, MAX_CLASSES)
        if np.any(c.y != np.round(c.y)) or np.any(c.y < 0) or np.any(c.y >= c.n_classes):
            bad(
                "data.custom.y",
                QT_TRANSLATE_NOOP(
                    "Experiment", "class labels must be whole numbers 0..{last}"
                ).format(last=c.n_classes - 1),
            )
