"""Layer headers: the caption above each column, and how its texts wrap.

The layout (:func:`nnsim.gui.editor.layout.compute_layout`) asks :func:`header_lines`
and :func:`header_min_width` how wide the captions must be; :class:`LayerHeaderItem`
draws the lines it was given.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from nnsim.gui.editor.items.base import DEFAULT_INK, Ink, ItemType, cache_picture

__all__ = [
    "HeaderLines",
    "LayerHeaderItem",
    "header_button_side",
    "header_lines",
    "header_min_width",
    "wrap_words",
]


def wrap_words(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` (a word never breaks)."""
    words = text.split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if not line or fm.horizontalAdvance(trial) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class HeaderLines:
    """How a layer header's texts are broken into lines for its width.

    Attributes
    ----------
    title, subtitle : tuple of str
        The lines of the (bold) title and of the subtitle, top to bottom.
    beside : bool
        The "−"/"+" buttons sit at both ends of the (single) subtitle line; otherwise
        (when the header has buttons) they get a row of their own below it.
    buttons : bool
        Whether the header has the buttons at all (hidden layers).
    """

    title: tuple[str, ...]
    subtitle: tuple[str, ...]
    beside: bool = False
    buttons: bool = False

    @property
    def rows(self) -> int:
        """Text rows (and the button row) the header needs."""
        extra = 1 if self.buttons and not self.beside else 0
        return len(self.title) + len(self.subtitle) + extra


def header_button_side(font: QFont) -> float:
    """Side of the "−"/"+" buttons on a header captioned in ``font``."""
    return round(QFontMetricsF(font).height() * 0.95)


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def header_lines(
    title: str, subtitle: str, font: QFont, width: float, buttons: bool = False
) -> HeaderLines:
    """Break a header's ``title`` and ``subtitle`` into lines ``width`` wide.

    With ``buttons`` the subtitle keeps one line between the "−" and "+" buttons when
    that fits; otherwise it wraps and the buttons take a row below it.
    """
    fm, fm_b = QFontMetricsF(font), QFontMetricsF(_bold(font))
    t = tuple(wrap_words(title, fm_b, width)) if title else ()
    if not subtitle:
        return HeaderLines(t, (), False, buttons)
    if buttons:
        b = header_button_side(font)
        if fm.horizontalAdvance(subtitle) + 2 * (b + 4) <= width:
            return HeaderLines(t, (subtitle,), True, True)
    return HeaderLines(t, tuple(wrap_words(subtitle, fm, width)), False, buttons)


def header_min_width(title: str, subtitle: str, font: QFont, buttons: bool = False) -> float:
    """The narrowest width a header can wrap into: its widest word (or the button row)."""
    fm, fm_b = QFontMetricsF(font), QFontMetricsF(_bold(font))
    need = max((fm_b.horizontalAdvance(w) for w in title.split(" ")), default=0.0)
    need = max(need, *(fm.horizontalAdvance(w) for w in subtitle.split(" ")))
    if buttons:
        need = max(need, 2 * header_button_side(font) + 6)
    return float(np.ceil(need)) + 2.0


class LayerHeaderItem(QGraphicsRectItem):
    """The caption above a column: title, "width · activation", and the layer's colour.

    The underline is :func:`nnsim.gui.colors.layer_color` of the weight layer feeding
    the column, the colour of that layer's curve in the gradient plot. Texts are never
    elided: the layout gives the header a width and the lines its texts wrap into
    (:func:`header_lines`), and makes the columns wide enough for the widest word.

    Parameters
    ----------
    layer : int
        Drawing column (0 = features).
    """

    def __init__(self, layer: int) -> None:
        super().__init__()
        self.layer = layer
        self.title = ""
        self.subtitle = ""
        self.color: QColor | None = None
        self._width = 80.0
        self._height = 40.0
        self._font = QFont()
        self._bold = QFont()
        self._lines = HeaderLines((), ())
        self._ink = DEFAULT_INK
        self.setPen(Qt.PenStyle.NoPen)
        cache_picture(self)
        self.setZValue(1.0)

    @property
    def key(self) -> tuple[str, int]:
        return ("header", self.layer)

    def type(self) -> int:
        return int(ItemType.HEADER)

    def set_text(self, title: str, subtitle: str, color: QColor | None) -> None:
        """Caption the column; the lines they wrap into come with :meth:`set_geometry`."""
        if (title, subtitle, color) != (self.title, self.subtitle, self.color):
            self.title, self.subtitle, self.color = title, subtitle, color
            self.setToolTip(f"{title}: {subtitle}" if subtitle else title)
            self.update()

    def set_draggable(self, on: bool) -> None:
        """Hidden layers can be dragged by their header (reorder, or onto the trash)."""
        if on:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()

    def set_ink(self, ink: Ink) -> None:
        self._ink = ink
        self.update()

    @property
    def ink(self) -> Ink:
        """The colours the caption draws in (the scene's theme)."""
        return self._ink

    def set_geometry(
        self, center: QPointF, width: float, font: QFont, lines: HeaderLines, height: float
    ) -> None:
        """Centre the caption horizontally on ``center.x()``, top at ``center.y()``.

        ``lines`` is how the layout broke the texts, ``height`` the height shared by
        every header of the row.
        """
        self._width = width
        self._font = QFont(font)
        self._bold = _bold(font)
        self._lines = lines
        self._height = height
        self.setRect(QRectF(-width / 2, 0, width, self._height))
        self.update()  # same rect, new font or lines: the cached picture is stale
        self.setPos(center)

    @property
    def font(self) -> QFont:
        """The caption's font (a copy), as the layout set it."""
        return QFont(self._font)

    @property
    def lines(self) -> HeaderLines:
        """The lines drawn now."""
        return self._lines

    def painted_texts(self) -> list[str]:
        """Every line drawn now (title lines, then subtitle lines)."""
        return [t for t in (*self._lines.title, *self._lines.subtitle) if t]

    def text_rooms(self) -> list[tuple[str, float, float]]:
        """``(line, its width, the width it may take)`` for every line drawn."""
        fm, fm_b = QFontMetricsF(self._font), QFontMetricsF(self._bold)
        out = [(t, fm_b.horizontalAdvance(t), self._width) for t in self._lines.title]
        room = self._width
        if self._lines.beside:
            room = self._width - 2 * (header_button_side(self._font) + 4)
        out += [(t, fm.horizontalAdvance(t), room) for t in self._lines.subtitle]
        return out

    def clipped_texts(self) -> list[str]:
        """Lines wider than their room (none, when the layout did its job)."""
        return [t for t, w, room in self.text_rooms() if w > room + 0.5]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        w = self._width
        lh = QFontMetricsF(self._font).height()
        align = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        y = 0.0
        painter.setFont(self._bold)
        painter.setPen(self._ink.text)
        for line in self._lines.title:
            painter.drawText(QRectF(-w / 2, y, w, lh), align, line)
            y += lh
        painter.setFont(self._font)
        painter.setPen(self._ink.subtext)
        for line in self._lines.subtitle:
            painter.drawText(QRectF(-w / 2, y, w, lh), align, line)
            y += lh
        if self.color is not None:
            bar = min(w * 0.7, 60.0)
            thick = 3 * self._ink.line
            painter.fillRect(QRectF(-bar / 2, self._height - 2 - thick, bar, thick), self.color)
