"""The one rule by which nnsim reads JSON text: experiments, lessons, autosave notes.

Python's :func:`json.loads` is lenient where a lecturer's file must not be: it reads
``NaN`` and ``Infinity`` (and turns ``1e999`` into infinity), lets the last of two equal
keys win silently, and stops at 4,300 digits with advice for programmers. Every reader
of an nnsim file goes through :func:`parse_json` instead, which

* accepts UTF-8 with or without a byte-order mark (bytes or text);
* refuses text longer than the caller's limit before parsing it;
* refuses ``NaN``, ``Infinity``, ``-Infinity`` and numbers beyond the float range while
  parsing, naming the field that holds the first of them (``weights[0].W[1][2]``);
* refuses a key given twice in one object, naming it (elided to
  :data:`MAX_KEY_CHARS` characters);
* never converts an integer of more than :data:`MAX_INT_DIGITS` digits: it becomes a
  :class:`LongNumber` marker, which the typed readers refuse naming their field
  (:func:`too_long` is their reason), so no message mentions Python's digit limit.

Every problem is a :class:`JSONTextError` with a field (possibly empty) and a
translatable reason; the experiment and lesson readers turn it into their own typed
error with the same field and reason, so the same fault reads the same in both.
"""

from __future__ import annotations

import json
import math
from typing import Any

from nnsim.core.messages import QT_TRANSLATE_NOOP, Message

__all__ = [
    "MAX_INT_DIGITS",
    "MAX_KEY_CHARS",
    "FieldError",
    "JSONTextError",
    "LongNumber",
    "field_message",
    "parse_json",
    "short_key",
    "too_long",
]

#: Field names in messages are cut to this many characters (a 1 MB key must not make a
#: 1 MB message box).
MAX_KEY_CHARS = 60
#: Longest integer literal converted: float64 ends near 1.8e308 (309 digits), and every
#: integer field is bounded far below that, so a longer one can only be refused. Python
#: itself refuses more than 4,300 digits, naming no field.
MAX_INT_DIGITS = 400

TOO_DEEP = QT_TRANSLATE_NOOP("JSON", "the file is nested too deeply")


def field_message(field: str, reason: str) -> str:
    """``"field: reason"`` as a translatable Message, or ``reason`` alone without a field.

    Every error that names a field says it this way (one catalogue entry, in the
    "Experiment" context where it has always been).
    """
    if not field:
        return reason
    return QT_TRANSLATE_NOOP("Experiment", "{field}: {reason}").format(field=field, reason=reason)


class FieldError(ValueError):
    """A value nnsim does not accept, named by where it stands.

    Attributes
    ----------
    field : str
        Dotted path of the offending value or key (``"hyper.learning_rate"``,
        ``"weights[0].W[1][2]"``), or ``""`` when the problem is the text as a whole.
    reason : str
        What is wrong, a translatable :class:`~nnsim.core.messages.Message`.
    message : str
        The whole message, ``"field: reason"`` (or the reason alone without a field),
        as a Message; ``str(exc)`` is its English text.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        self.message: str = field_message(field, reason)
        super().__init__(self.message)

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross the worker's pipe: rebuild from (field, reason), not the message.
        return (type(self), (self.field, self.reason))


class JSONTextError(FieldError):
    """JSON text that nnsim does not read (see :class:`FieldError` for the attributes)."""


def short_key(key: str) -> str:
    """``key`` as a message may show it: at most :data:`MAX_KEY_CHARS` characters."""
    return key if len(key) <= MAX_KEY_CHARS else key[: MAX_KEY_CHARS - 1] + "…"


class LongNumber:
    """An integer literal of more than :data:`MAX_INT_DIGITS` digits, never converted.

    The typed readers refuse it naming the field that holds it; anywhere else its repr
    says what it is instead of printing thousands of digits.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<a number of {self.digits:,} digits>"


def too_long(value: LongNumber) -> Message:
    """The reason a typed reader gives for a :class:`LongNumber` in its field."""
    return QT_TRANSLATE_NOOP("JSON", "a number with {digits:,} digits is far too large").format(
        digits=value.digits
    )


class _NonFinite:
    """Where ``NaN``, ``Infinity`` or an overflowing literal stood in the parsed tree."""

    __slots__ = ("literal",)

    def __init__(self, literal: str) -> None:
        self.literal = literal


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``' object hook: a dict, refusing a key given twice."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _parse_int(literal: str) -> int | LongNumber:
    digits = len(literal) - literal.startswith("-")
    if digits > MAX_INT_DIGITS:
        return LongNumber(digits)
    return int(literal)


def parse_json(text: str | bytes, *, max_chars: int, too_large: str) -> Any:
    """Parse one JSON document by nnsim's rule (see the module docstring).

    Parameters
    ----------
    text : str or bytes
        The document; bytes must be UTF-8 (a leading byte-order mark is dropped, as is a
        leading U+FEFF in text).
    max_chars : int
        Longest accepted text, in bytes for bytes and characters for text.
    too_large : str
        The reason given for a longer text (each kind of file names itself).

    Returns
    -------
    object
        Plain JSON values (dict, list, str, int, float, bool, None) and
        :class:`LongNumber` markers for over-long integers. Every float is finite.

    Raises
    ------
    JSONTextError
        For any text that is not such a document.
    """
    if isinstance(text, bytes | bytearray):
        if len(text) > max_chars:
            raise JSONTextError("", too_large)
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JSONTextError(
                "",
                QT_TRANSLATE_NOOP("JSON", "the file is not UTF-8 text (byte {byte})").format(
                    byte=exc.start
                ),
            ) from None
    if not isinstance(text, str):
        raise JSONTextError("", QT_TRANSLATE_NOOP("JSON", "expected JSON text"))
    if len(text) > max_chars:
        raise JSONTextError("", too_large)
    text = text.removeprefix("\ufeff")
    found: list[bool] = []

    def non_finite(literal: str) -> Any:
        # Kept as a marker, not raised: json gives a hook no position, and the walk
        # below names the field that holds it, which a lecturer can find and fix.
        found.append(True)
        return _NonFinite(literal)

    def parse_float(literal: str) -> Any:
        value = float(literal)
        return value if math.isfinite(value) else non_finite(literal)

    try:
        obj = json.loads(
            text,
            parse_constant=non_finite,
            parse_float=parse_float,
            parse_int=_parse_int,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:
        raise JSONTextError("", TOO_DEEP) from None
    except _DuplicateKey as exc:
        # Silently letting the last one win loaded "learning_rate": 0.03 then 99 as 99.
        raise JSONTextError(
            short_key(exc.key),
            QT_TRANSLATE_NOOP("JSON", "appears twice in the same object; keep only one of them"),
        ) from None
    except json.JSONDecodeError as exc:
        raise JSONTextError(
            "",
            QT_TRANSLATE_NOOP(
                "JSON", "not valid JSON at line {line}, column {column}: {error}"
            ).format(line=exc.lineno, column=exc.colno, error=exc.msg),
        ) from None
    except ValueError as exc:  # pragma: no cover - the hooks leave none we know of
        raise JSONTextError(
            "",
            QT_TRANSLATE_NOOP("JSON", "the file holds an unreadable number ({error})").format(
                error=exc
            ),
        ) from None
    if found:
        _refuse_non_finite(obj)
    return obj


def _refuse_non_finite(obj: Any) -> None:
    """Raise for the first (in document order) non-finite number in ``obj``."""
    stack: list[tuple[Any, str]] = [(obj, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _NonFinite):
            literal = value.literal if len(value.literal) <= 24 else value.literal[:21] + "..."
            raise JSONTextError(
                path,
                QT_TRANSLATE_NOOP(
                    "JSON", "{value} is not allowed in an nnsim file (numbers must be finite)"
                ).format(value=literal),
            )
        if isinstance(value, dict):
            items = [
                (v, f"{path}.{short_key(k)}" if path else short_key(k)) for k, v in value.items()
            ]
        elif isinstance(value, list):
            items = [(v, f"{path}[{i}]") for i, v in enumerate(value)]
        else:
            continue
        stack.extend(reversed(items))
