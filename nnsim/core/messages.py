"""Messages that the core writes in English and the GUI shows in the user's language.

The core imports no Qt, yet its messages (a refused experiment field, a divergence, a
bad CSV row) reach a Korean UI. So a message is written where it arises as a
*template* marked with :func:`QT_TRANSLATE_NOOP`, whose name Qt's ``lupdate`` knows::

    raise InvalidExperimentError(
        field,
        QT_TRANSLATE_NOOP("Experiment", "must be between {lo} and {hi}, got {value}").format(
            lo=lo, hi=hi, value=value
        ),
    )

The result is a :class:`Message`: a plain ``str`` holding the English text (so logs,
tests and ``str(exc)`` read as before) that also remembers its context, template and
arguments. The GUI passes it through :func:`localize` with Qt's translator and gets
the same sentence in Korean, arguments included (an argument may be a Message itself).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["QT_TRANSLATE_NOOP", "Message", "localize"]


class Message(str):
    """English text that remembers how to say it in another language.

    Parameters
    ----------
    context : str
        The translation context (one per class or module, as in Qt Linguist).
    template : str
        The English template with ``str.format`` fields.
    args, kwargs
        The template's arguments; the text is ``template.format(*args, **kwargs)``.
    """

    context: str
    template: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]

    def __new__(cls, context: str, template: str, *args: Any, **kwargs: Any) -> Message:
        text = template.format(*args, **kwargs) if (args or kwargs) else template
        self = super().__new__(cls, text)
        self.context = context
        self.template = template
        self.args = args
        self.kwargs = kwargs
        return self

    def format(self, *args: Any, **kwargs: Any) -> Message:  # type: ignore[override]
        """The template filled in, as a Message that can still be translated."""
        return Message(self.context, self.template, *args, **kwargs)

    def with_text(self, text: str) -> Message:
        """The same translatable message reading ``text`` in English.

        For a reason shown as a sentence (capitalised, with its full stop): the
        translation still comes from the template, which the translator writes as a
        sentence already, so only the English text changes.
        """
        out = str.__new__(Message, text)
        out.context = self.context
        out.template = self.template
        out.args = self.args
        out.kwargs = self.kwargs
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        # Messages cross the process boundary inside errors; keep them translatable.
        return (
            _rebuild,
            (self.context, self.template, self.args, dict(self.kwargs), str(self)),
        )


def _rebuild(
    context: str,
    template: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    text: str | None = None,
) -> Message:
    message = Message(context, template, *args, **kwargs)
    return message if text is None or text == message else message.with_text(text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> Message:  # noqa: N802 (lupdate's name)
    """Mark ``text`` for translation in ``context``; returns it as a :class:`Message`.

    ``lupdate`` finds the call by its name and literal arguments, so both must be
    string literals written in place.
    """
    return Message(context, text)


def localize(text: object, translate: Callable[[str, str], str]) -> str:
    """``text`` in the UI language.

    Parameters
    ----------
    text : object
        A :class:`Message` (translated, with its arguments localized in turn) or
        anything else (returned as ``str(text)``: numbers, names, paths).
    translate : callable (context, source) -> str
        Qt's ``QCoreApplication.translate``, or any function of that shape.
    """
    if not isinstance(text, Message):
        return str(text)
    template = translate(text.context, text.template) or text.template
    args = tuple(localize(a, translate) if isinstance(a, Message) else a for a in text.args)
    kwargs = {
        k: localize(v, translate) if isinstance(v, Message) else v for k, v in text.kwargs.items()
    }
    if not (args or kwargs):
        return template
    try:
        return template.format(*args, **kwargs)
    except (IndexError, KeyError, ValueError):
        # A translation with a broken field must not hide the message: say it in English.
        return str(text)
