"""The text-to-number rule of every typed number, and its messages.

:func:`parse_number` reads what a person typed (plain or scientific notation, a sign,
the UI language's decimal separator as well as ``.``; see :mod:`nnsim.gui.number_field`
for the whole rule), :func:`read_number` checks it against a field's range from
:mod:`nnsim.core.ranges` and raises :class:`NumberRefused` with the message to show,
and :func:`format_value` writes a number back as people write it. The widgets that
use them live in :mod:`nnsim.gui.number_field`.
"""

from __future__ import annotations

import math
import re
import unicodedata

from PySide6.QtCore import QLocale

from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.ranges import RANGES, VIEW_RANGES, NumberRange
from nnsim.gui.i18n import localize

__all__ = [
    "NumberRefused",
    "NumberTextError",
    "display_range",
    "format_value",
    "parse_number",
    "range_of",
    "read_number",
    "text_of",
]


# --------------------------------------------------------------------------- ranges


def range_of(key: str) -> NumberRange:
    """The range of field ``key``: an experiment field's (:data:`RANGES`) or a view's."""
    return RANGES[key] if key in RANGES else VIEW_RANGES[key]


# --------------------------------------------------------------------------- text


def format_value(value: float, locale: QLocale | None = None) -> str:
    """``value`` as people write it: 0.03, 1e-05, 250, 0.9999 (12 significant digits).

    Twelve digits hide binary noise (0.9 + 0.05 shows as 0.95) yet show every number
    a person types. The decimal separator is the UI language's.
    """
    text = f"{float(value) + 0.0:.12g}"  # + 0.0: no "-0"
    point = (locale or QLocale()).decimalPoint()
    return text.replace(".", point) if point and point != "." else text


#: A number once the decimal separator is a point: digits with at most one point,
#: then an optional exponent. No "inf", "nan", "1_000" or hex, which float() takes.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class NumberTextError(ValueError):
    """Typed text that is not a number. ``kind``: "empty", "separator" or "not_a_number"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def parse_number(text: str, locale: QLocale | None = None, suffix: str = "") -> float:
    """The number typed as ``text`` (a unit ``suffix`` such as " %" may follow it).

    Parameters
    ----------
    text : str
        What the user typed.
    locale : QLocale, optional
        Whose decimal separator is accepted besides ".". Default: the UI language's.
    suffix : str
        A unit shown after the number, accepted (and ignored) at the end.

    Raises
    ------
    NumberTextError
        Empty text, a group separator, or anything else that is not a number.
    """
    # NFKC turns full-width digits and signs (a Korean input method's) into ASCII.
    s = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    unit = suffix.strip()
    if unit and s.endswith(unit):
        s = s[: -len(unit)].strip()
    if not s:
        raise NumberTextError("empty")
    loc = locale or QLocale()
    point, group = loc.decimalPoint(), loc.groupSeparator()
    normal = s.replace(point, ".") if len(point) == 1 and point != "." else s
    if not _NUMBER.fullmatch(normal):
        # A comma where it is not the decimal separator, the language's thousands
        # separator, or several points (1.000,5 in German): the user meant a decimal
        # (1,5) or thousands (1,000); say which separator to use rather than guess.
        if "," in normal or normal.count(".") > 1 or (group and group not in ".," and group in s):
            raise NumberTextError("separator")
        raise NumberTextError("not_a_number")
    return float(normal)


# --------------------------------------------------------------------------- messages

_EMPTY = QT_TRANSLATE_NOOP("NumberField", "{field}: type a number.")
_NOT_A_NUMBER = QT_TRANSLATE_NOOP(
    "NumberField", "{field}: “{text}” is not a number. Type numbers like {a} or {b}."
)
_SEPARATOR_POINT = QT_TRANSLATE_NOOP(
    "NumberField",
    "{field}: “{text}” is not a number here. "
    "Use a point (.) for decimals, without thousands separators.",
)
_SEPARATOR_COMMA = QT_TRANSLATE_NOOP(
    "NumberField",
    "{field}: “{text}” is not a number here. "
    "Use a comma (,) or a point (.) for decimals, without thousands separators.",
)
_BETWEEN = QT_TRANSLATE_NOOP(
    "NumberField", "{field} must be between {lo} and {hi} (you typed {text})."
)
_ABOVE = QT_TRANSLATE_NOOP(
    "NumberField", "{field} must be above {lo} and at most {hi} (you typed {text})."
)
_WHOLE = QT_TRANSLATE_NOOP("NumberField", "{field} must be a whole number (you typed {text}).")

#: Typed text quoted in a message is cut to this many characters (a pasted page must
#: not make a message box the size of the page).
_EXCERPT = 24


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


class NumberRefused(ValueError):
    """A typed text that a field refuses; ``message`` is in the UI language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_number(
    text: str, r: NumberRange, label: object, scale: float = 1.0, suffix: str = ""
) -> float:
    """The value ``text`` means in a field of range ``r`` (in field units).

    Parameters
    ----------
    text : str
        What was typed.
    r : NumberRange
        The field's range, in the document's units.
    label : str or Message
        The field's name in messages ("Momentum").
    scale : float
        Field units per document unit (100 for a fraction shown in percent): 12.5 (%)
        is checked as 0.125.
    suffix : str
        A unit shown after the number (" %"); typing it is optional.

    Raises
    ------
    NumberRefused
        With the message to show, in the UI language.
    """
    quoted = _excerpt(text)
    field = localize(label)
    try:
        value = parse_number(text, suffix=suffix)
    except NumberTextError as exc:
        if exc.kind == "empty":
            raise NumberRefused(localize(_EMPTY.format(field=field))) from None
        if exc.kind == "separator":
            comma = QLocale().decimalPoint() == ","
            template = _SEPARATOR_COMMA if comma else _SEPARATOR_POINT
            raise NumberRefused(localize(template.format(field=field, text=quoted))) from None
        message = _NOT_A_NUMBER.format(field=field, text=quoted, a=format_value(0.03), b="1e-3")
        raise NumberRefused(localize(message)) from None
    doc = value / scale
    if not r.contains(doc):
        lo, hi = (text_of(v, r, suffix) for v in display_range(r, scale))
        if r.whole and math.isfinite(doc) and r.lo <= doc <= r.hi:
            message = _WHOLE.format(field=field, text=quoted)
        else:
            template = _ABOVE if r.open_low else _BETWEEN
            message = template.format(field=field, lo=lo, hi=hi, text=quoted)
        raise NumberRefused(localize(message))
    return float(round(value)) if r.whole else value


def display_range(r: NumberRange, scale: float = 1.0) -> tuple[float, float]:
    """The bounds of ``r`` in field units (percent fields: 0.5 -> 50)."""
    return round(r.lo * scale, 12), round(r.hi * scale, 12)


def text_of(value: float, r: NumberRange, suffix: str = "") -> str:
    """``value`` (field units) as a field of range ``r`` shows it, unit included."""
    if r.whole and math.isfinite(value) and abs(value) < 1e15:
        return f"{round(value)}{suffix}"  # a seed shows all its digits
    return format_value(value) + suffix
