"""Typing a number: the widgets of every field where a person types one.

Every such field -- learning rate, regularisation rate, momentum, noise, training
share, the stop loss, a link's weight or a neuron's bias, Compare B's learning rate,
and the whole numbers (samples, classes, seeds, layers, neurons, batch size, the stop
epoch, a teaching view's sample, Compare's steps: :class:`WholeField`) -- reads the text with
:func:`nnsim.gui.number_text.read_number` against its entry of
:mod:`nnsim.core.ranges`, so a typed number means the same thing in every field:

* plain and scientific notation: ``0.03``, ``.5``, ``5.``, ``1e-3``, ``3E-4``;
* a sign (``-0.5``, also the typographic minus ``−``); whether a negative value is
  allowed is the field's range, so "must be above 0" names the real problem;
* the decimal separator of the UI language (``QLocale()``, which
  :func:`nnsim.gui.i18n.install_language` sets) as well as ``.``. Group separators
  are never read as decimals: ``1,5`` in an English UI is refused with a message, not
  read as 15 (the bug of issue 14), and read as 1.5 only where ``,`` is the decimal
  separator.

Anything else (text, an empty field, out of range, NaN, infinity) is refused with a
message at the field -- a red frame, a tool tip bubble under it, the same text on
hover -- and in the :attr:`refused` signal, which the panels forward to the status
bar; the field shows the old value again, so it never disagrees with the document.

Qt's number validators are not used: they silently drop keystrokes they cannot
place (``e``, ``-``, ``,``), which turned ``1e-3`` into 13. Here every keystroke
reaches the field (the validator answers *Intermediate* for anything that is not a
valid number yet) and the text is judged once, on Enter or when the field loses the
focus.

Two shells share that machinery (:class:`_NumberInput`): :class:`NumberField`, a
spin box with arrows and wheel, and :class:`NumberCombo`, an editable combo of
preset values (TF Playground's learning rates). :class:`NumberDialog` asks for one
number in a small modal dialog (the network editor's typed weights and biases).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QValidator,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.ranges import RANGES, NumberRange
from nnsim.gui.number_text import (
    NumberRefused,
    NumberTextError,
    display_range,
    format_value,
    parse_number,
    range_of,
    read_number,
    text_of,
)

__all__ = [
    "COEFFICIENT_FIELD",
    "CONSTANT_FIELD",
    "INPUT_X_FIELD",
    "POINT_VALUE_FIELD",
    "RANGES",
    "SAMPLE_FIELD",
    "STEPS_FIELD",
    "NumberCombo",
    "NumberDialog",
    "NumberField",
    "NumberRange",
    "NumberRefused",
    "NumberTextError",
    "WholeField",
    "format_value",
    "parse_number",
    "range_of",
]


#: The teaching views' sample field's name in messages ("Sample must be between 1 and
#: 250").
SAMPLE_FIELD = QT_TRANSLATE_NOOP("NumberField", "Sample")
#: Names of the other typed numbers in messages: Compare's steps per round, a drawn
#: regression point's value, and the collapse lab's a, b (of a·x + b) and x.
STEPS_FIELD = QT_TRANSLATE_NOOP("NumberField", "Steps per round")
POINT_VALUE_FIELD = QT_TRANSLATE_NOOP("NumberField", "Point value")
COEFFICIENT_FIELD = QT_TRANSLATE_NOOP("NumberField", "Coefficient of x")
CONSTANT_FIELD = QT_TRANSLATE_NOOP("NumberField", "Constant term")
INPUT_X_FIELD = QT_TRANSLATE_NOOP("NumberField", "Input x")

#: How long the bubble under a refusing field stays (ms); the red frame stays longer.
_TIP_MS = 10_000
#: The frame of a field that refused its text. Red reads on the light, dark and
#: high-contrast themes alike; the theme has no colour for errors.
_ERROR_COLOR = QColor(211, 47, 47)


# --------------------------------------------------------------------------- shared


class _NumberInput:
    """What :class:`NumberField` and :class:`NumberCombo` share (mixin, first base).

    The text-to-number rule, the range check with its messages, and the error state
    (red frame, bubble, hover text). A shell provides :meth:`_edit` (its line edit),
    :meth:`_show_value` and the signals ``valueChanged(float)`` and ``refused(str)``.
    """

    _range: NumberRange
    _label: object
    _scale: float
    _suffix: str
    _value: float
    _shown: str
    _error: str
    _revert: bool

    def _setup_number(self, key: str, label: object, scale: float, suffix: str) -> None:
        self._range = range_of(key)
        self._label = label
        self._scale = float(scale)
        self._suffix = suffix
        self._value = 0.0
        self._shown = ""
        self._error = ""
        self._revert = True

    # -- to be provided by the shell ---------------------------------------------------
    def _edit(self) -> QLineEdit:  # pragma: no cover - every shell overrides it
        raise NotImplementedError

    def _show_value(self, value: float) -> None:  # pragma: no cover
        raise NotImplementedError

    # -- text and range ----------------------------------------------------------------
    def text_from_value(self, value: float) -> str:
        """``value`` (in the field's units) as the field shows it, unit included."""
        return text_of(value, self._range, self._suffix)

    def display_range(self) -> tuple[float, float]:
        """The bounds in the field's units (percent fields: 0.5 -> 50)."""
        return display_range(self._range, self._scale)

    def value_from_text(self, text: str) -> float:
        """The value ``text`` means in this field.

        Raises
        ------
        NumberRefused
            With the message to show, in the UI language.
        """
        return read_number(text, self._range, self._label, self._scale, self._suffix)

    def classify(self, text: str) -> QValidator.State:
        """Acceptable for a valid number, else Intermediate: a keystroke is never dropped."""
        try:
            self.value_from_text(text)
        except NumberRefused:
            return QValidator.State.Intermediate
        return QValidator.State.Acceptable

    # -- committing --------------------------------------------------------------------
    def value(self) -> float:
        """The field's value (in its units: percent fields hold 25 for 25 %)."""
        return self._value

    def setValue(self, value: float) -> None:  # noqa: N802 (the spin boxes' name)
        """Show ``value``; ``valueChanged`` is emitted if it changed (as QSpinBox does)."""
        self._accept(float(value))

    def commit(self) -> bool:
        """Judge the typed text now (Enter and focus-out do this); False if refused.

        A refused text leaves the value as it was: the field shows that value again
        (or keeps the text in a dialog, see :class:`NumberDialog`) with the message.
        """
        text = self._edit().text()
        if text == self._shown:
            return True  # nothing typed since the value was shown
        try:
            value = self.value_from_text(text)
        except NumberRefused as exc:
            if self._revert:
                self._show_value(self._value)
            self._set_error(exc.message)
            self.refused.emit(exc.message)  # type: ignore[attr-defined]
            return False
        self._accept(value)
        return True

    def revert(self) -> None:
        """Throw away the typed text: show the value again (Esc)."""
        self._set_error("")
        self._show_value(self._value)

    def _accept(self, value: float) -> None:
        self._set_error("")
        changed = value != self._value
        self._value = value
        # The teaching views set their sample on every frame: showing an unchanged
        # value again would measure and set the same text each time. A typed "1e3"
        # equal to the value is still rewritten as the field writes it.
        shown = self._edit().text()
        if changed or shown != self._shown or shown != self.text_from_value(value):
            self._show_value(value)
        if changed:
            self._emit_value(value)

    def _emit_value(self, value: float) -> None:
        self.valueChanged.emit(value)  # type: ignore[attr-defined]

    # -- the error state ---------------------------------------------------------------
    def error_message(self) -> str:
        """The message of the last refusal while its frame is shown, else ""."""
        return self._error

    def _set_error(self, message: str) -> None:
        widget: Any = self
        if message == self._error:
            if message:
                widget._show_tip()  # refused again: show the bubble again
            return
        old, self._error = self._error, message
        widget.update()  # draws or removes the red frame
        if message:
            widget._show_tip()
        elif old and QToolTip.isVisible() and QToolTip.text() == old:
            QToolTip.hideText()  # our bubble only

    def _show_tip(self) -> None:
        widget: Any = self
        if self._error and widget.isVisible():
            # Under the field, so the bubble does not cover what was typed.
            at = widget.mapToGlobal(QPoint(0, widget.height()))
            QToolTip.showText(at, self._error, widget, QRect(), _TIP_MS)

    # Qt overrides for both shells: the mixin comes first in their bases, so these run
    # and hand on to the Qt class with super().
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)  # type: ignore[misc]
        self._paint_error()

    def event(self, event: Any) -> bool:
        return self._error_tooltip(event) or super().event(event)  # type: ignore[misc]

    def _paint_error(self) -> None:
        """A red frame around the field while it shows a refusal (painted over the
        style's own frame, so the field keeps its look and no style sheet is needed)."""
        if not self._error:
            return
        widget: Any = self
        painter = QPainter(widget)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(_ERROR_COLOR)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.drawRoundedRect(widget.rect().adjusted(1, 1, -1, -1), 3.0, 3.0)
        painter.end()

    def _error_tooltip(self, event: Any) -> bool:
        """Hovering a refusing field shows the refusal (instead of its usual tip)."""
        if self._error and event.type() == event.Type.ToolTip:
            QToolTip.showText(event.globalPos(), self._error, self)  # type: ignore[arg-type]
            return True
        return False

    def _on_text_edited(self, _text: str) -> None:
        # Typing again takes the refusal back: the frame goes, the message stays in
        # the status bar.
        self._set_error("")


def _is_enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


# --------------------------------------------------------------------------- spin box


class NumberField(_NumberInput, QAbstractSpinBox):
    """A spin box for a real number: type it (any notation), or step with arrows/wheel.

    Parameters
    ----------
    key : str
        The :data:`RANGES` entry of the field.
    label : str or Message
        The field's name in messages ("Momentum"); a Message follows the language.
    step : float
        What one arrow click or wheel notch adds.
    scale : float
        Field units per document unit: 100 for a fraction shown in percent.
    suffix : str
        A unit shown after the number (" %"); typing it is optional.
    keep_refused_text : bool
        Keep a refused text in the field to be corrected (a dialog, where nothing
        else shows the value) instead of showing the old value again (a panel, which
        must always show the document).

    Signals
    -------
    valueChanged(float)
        A new value: typed and committed, stepped, or set with :meth:`setValue`.
    refused(str)
        Typed text was refused; the message, in the UI language.
    """

    valueChanged = Signal(float)  # noqa: N815 (QDoubleSpinBox's name: callers keep working)
    refused = Signal(str)

    def __init__(
        self,
        key: str,
        label: object,
        step: float = 1.0,
        scale: float = 1.0,
        suffix: str = "",
        keep_refused_text: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._setup_number(key, label, scale, suffix)
        self._revert = not keep_refused_text
        self._step = float(step)
        # Typed text is judged on Enter / focus-out, not at every keystroke.
        self.setKeyboardTracking(False)
        self.setAccelerated(True)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        self._show_value(self._value)

    # -- QSpinBox's vocabulary, for the code that used QSpinBox / QDoubleSpinBox ------
    def minimum(self) -> float:
        """The lower bound in field units (whole bounds as int, as QSpinBox gave them)."""
        return _whole_as_int(self.display_range()[0])

    def maximum(self) -> float:
        """The upper bound in field units."""
        return _whole_as_int(self.display_range()[1])

    def singleStep(self) -> float:  # noqa: N802
        return self._step

    def setSingleStep(self, step: float) -> None:  # noqa: N802
        self._step = float(step)

    def suffix(self) -> str:
        return self._suffix

    def setSuffix(self, suffix: str) -> None:  # noqa: N802
        """Show ``suffix`` after the number from now on (" (mixed)" on the width)."""
        if suffix != self._suffix:
            self._suffix = suffix
            self._show_value(self._value)
            self.updateGeometry()

    def setRange(self, lo: float, hi: float) -> None:  # noqa: N802
        """Narrow the field to ``lo``..``hi`` (field units; the sample fields follow the
        data). A value outside is moved to the nearer bound and ``valueChanged`` is
        emitted, as QSpinBox does."""
        r = self._range
        lo_r, hi_r = float(lo) / self._scale, float(hi) / self._scale
        if (lo_r, hi_r) != (r.lo, r.hi):  # the teaching views set it on every frame
            self._range = replace(r, lo=lo_r, hi=hi_r)
            self.updateGeometry()
        lo_f, hi_f = self.display_range()
        if self._value < lo_f or self._value > hi_f:
            self._accept(min(max(self._value, lo_f), hi_f))

    # -- showing -----------------------------------------------------------------------
    def _edit(self) -> QLineEdit:
        return self.lineEdit()

    def _show_value(self, value: float) -> None:
        text = self.text_from_value(value)
        wider = self.fontMetrics().horizontalAdvance(text) > self.fontMetrics().horizontalAdvance(
            self._shown
        )
        self._shown = text
        self.lineEdit().setText(text)
        if wider:
            self.updateGeometry()  # the size hint includes the text shown

    # -- Qt overrides ------------------------------------------------------------------
    def validate(self, text: str, pos: int) -> object:
        return self.classify(text), text, pos

    def fixup(self, text: str) -> str:
        return text

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt override)
        base = self._value
        if self.lineEdit().text() != self._shown:
            try:  # step from what was typed, when it is a number
                base = self.value_from_text(self.lineEdit().text())
            except NumberRefused:
                pass
        lo, hi = self.display_range()
        # To the next multiple of the step, so 0.9999 steps down to 0.95, not 0.9499;
        # the tolerance keeps a value on the grid there despite binary noise.
        k = base / self._step
        grid = math.floor(k + 1e-9) if steps > 0 else math.ceil(k - 1e-9)
        # Rounding hides binary noise: 19 * 0.05 is 0.95, not 0.9500000000000001.
        new = min(max(round((grid + steps) * self._step, 12), lo), hi)
        if self._range.open_low and new <= lo:
            new = base  # the bound itself is not allowed: stay on the smallest step
        if self._range.whole:
            new = float(round(new))
        self._accept(new)
        self.selectAll()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 (Qt override)
        flag = QAbstractSpinBox.StepEnabledFlag
        if self.isReadOnly():
            return flag.StepNone
        lo, hi = self.display_range()
        out = flag.StepNone
        if self._value < hi:
            out |= flag.StepUpEnabled
        low_ok = self._value - self._step > lo if self._range.open_low else self._value > lo
        if low_ok:
            out |= flag.StepDownEnabled
        return out

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if _is_enter(event):
            if not self.commit():
                self.selectAll()  # to type the number again at once
                event.accept()  # refused: a dialog's default button must not fire
                return
            # Accepted: QAbstractSpinBox selects the text and passes Enter on (a
            # dialog's default button) and emits editingFinished.
        elif event.key() == Qt.Key.Key_Escape and self.lineEdit().text() != self._shown:
            self.revert()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        # A popup (the line edit's context menu) takes the focus for a moment only.
        if event.reason() != Qt.FocusReason.PopupFocusReason and self.commit() is False:
            QTimer.singleShot(0, self, self._show_tip)  # after the focus moved (it hides tips)
        super().focusOutEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for the bounds and the value shown (how QAbstractSpinBox sizes itself;
        its own hint knows no value of a Python subclass)."""
        self.ensurePolished()
        fm = self.fontMetrics()
        texts = [*(self.text_from_value(v) for v in self.display_range()), self._shown]
        width = max(fm.horizontalAdvance(t + " ") for t in texts) + 2  # + cursor
        height = self.lineEdit().sizeHint().height()
        opt = QStyleOptionSpinBox()
        self.initStyleOption(opt)
        return self.style().sizeFromContents(
            QStyle.ContentsType.CT_SpinBox, opt, QSize(width, height), self
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # A narrow column may shrink a field to this: the value must still show whole.
        return self.sizeHint()


class WholeField(NumberField):
    """A :class:`NumberField` for a whole number (a sample count, a seed, steps): the
    drop-in for QSpinBox, whose validator dropped ``e`` and turned ``1e3`` into 13.

    ``value()`` is an int and ``valueChanged`` carries an int, as QSpinBox's did; the
    key must name a whole range. ``1e3`` is 1000; ``2.5`` is refused as not whole.
    """

    # A Python int, not a C int: a seed goes up to 2**32 - 1, past QSpinBox's limit.
    valueChanged = Signal(object)  # noqa: N815 (QSpinBox's name: callers keep working)

    def __init__(self, key: str, label: object, step: int = 1, **kwargs: Any) -> None:
        if not range_of(key).whole:
            raise ValueError(f"{key} is not a whole-number range")
        super().__init__(key, label, step=step, **kwargs)
        lo, hi = self.display_range()
        if not lo <= self._value <= hi:  # start inside the range, as QSpinBox does
            self._value = lo
            self._show_value(lo)

    def value(self) -> int:
        return round(self._value)

    def _emit_value(self, value: float) -> None:
        self.valueChanged.emit(round(value))


def _whole_as_int(value: float) -> float:
    return int(value) if float(value).is_integer() else value


# --------------------------------------------------------------------------- combo


class _ComboEdit(QLineEdit):
    """The line edit of a :class:`NumberCombo`: Enter, Esc and focus-out judge the text."""

    def __init__(self, host: NumberCombo) -> None:
        super().__init__(host)
        self._host = host

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if _is_enter(event):
            # Judged here, not by QLineEdit (which stays silent on Intermediate text)
            # nor by QComboBox (which would look the text up among the presets).
            self._host.commit()
            self.selectAll()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.text() != self._host._shown:
            self._host.revert()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        if event.reason() != Qt.FocusReason.PopupFocusReason and self._host.commit() is False:
            QTimer.singleShot(0, self, self._host._show_tip)
        super().focusOutEvent(event)


class _Validator(QValidator):
    def __init__(self, host: _NumberInput, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = host

    def validate(self, text: str, pos: int) -> object:  # Qt override
        return self._host.classify(text), text, pos


class NumberCombo(_NumberInput, QComboBox):
    """An editable combo of preset numbers that takes any typed number of its range.

    As wide as its longest entry or value (like ``panels.FitComboBox``). Parameters as
    :class:`NumberField`'s, with ``presets`` for the drop-down list.

    Signals
    -------
    valueChanged(float)
        A new value: a preset picked, typed text committed, or :meth:`setValue`.
    refused(str)
        Typed text was refused; the message, in the UI language.
    """

    valueChanged = Signal(float)  # noqa: N815 (the spin boxes' name)
    refused = Signal(str)

    def __init__(
        self,
        key: str,
        label: object,
        presets: tuple[float, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._setup_number(key, label, 1.0, "")
        self._showing = False
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setEditable(True)
        self.setLineEdit(_ComboEdit(self))
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # No inline completion: typing "0.000" must not become the preset 0.0001.
        self.setCompleter(None)
        self.lineEdit().setValidator(_Validator(self, self))
        for v in presets:
            self.addItem(format_value(v), float(v))
        self.currentIndexChanged.connect(self._on_index_changed)
        # Code (and tests) that set the text and emit editingFinished commit it too.
        self.lineEdit().editingFinished.connect(self.commit)
        self.lineEdit().textEdited.connect(self._on_text_edited)

    def _edit(self) -> QLineEdit:
        return self.lineEdit()

    def _show_value(self, value: float) -> None:
        self._showing = True
        try:
            self.setCurrentIndex(self.findData(float(value)))  # -1 if not a preset
            text = self.text_from_value(value)
            self.setEditText(text)
            self._shown = text
        finally:
            self._showing = False
        self.updateGeometry()

    def _on_index_changed(self, index: int) -> None:
        if self._showing or index < 0:
            return
        self._accept(float(self.itemData(index)))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """The presets' width (AdjustToContents), widened for a longer typed value."""
        hint = super().sizeHint()
        fm = self.fontMetrics()
        texts = (self.itemText(i) for i in range(self.count()))
        widest = max((fm.horizontalAdvance(t) for t in texts), default=0)
        extra = fm.horizontalAdvance(self._shown) - widest
        return QSize(hint.width() + max(0, extra), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # Qt keeps a combo's minimum from before a font change (presentation mode's
        # larger text), so a layout could squeeze it and clip its text.
        return self.sizeHint()


# --------------------------------------------------------------------------- dialog


class NumberDialog(QDialog):
    """Asks for one number (a typed weight or bias): a label, a :class:`NumberField`, OK.

    OK and Enter accept only a number the field takes; otherwise the field shows
    why and the dialog stays open with the typed text, to be corrected.
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        value: float,
        key: str = "network.value",
        name: object = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.field = NumberField(key, name or title, step=1.0, keep_refused_text=True)
        self.field.setValue(value)
        self.label = QLabel(label)
        self.label.setBuddy(self.field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        self.field.selectAll()

    def accept(self) -> None:
        if self.field.commit():
            super().accept()

    def value(self) -> float:
        return self.field.value()

    @staticmethod
    def get_number(
        parent: QWidget | None, title: str, label: str, value: float, key: str = "network.value"
    ) -> float | None:
        """Ask modally; the number, or None when cancelled."""
        dialog = NumberDialog(parent, title, label, value, key)
        try:
            ok = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.value() if ok else None
        finally:
            dialog.deleteLater()
