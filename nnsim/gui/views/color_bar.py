"""The one colour key: what every colour in the window means.

As TF Playground's "Colors shows data, neuron and weight values": the diverging scale
for neuron values and weights, and how the output map reads it in the current task.
Painted by hand so its texts wrap to any width and are never clipped; it sits under the
output map (:class:`~nnsim.gui.views.boundary.OutputView`) unless the window places it
elsewhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from nnsim.gui.colors import class_color, contrast_color, diverging_lut
from nnsim.gui.i18n import Retranslating
from nnsim.gui.theme import Theme

__all__ = ["ColorBar"]

#: The colour key's text, relative to the application font.
_KEY_FONT = 0.92


@dataclass(frozen=True)
class _KeyGeometry:
    """Where :class:`ColorBar` paints each part, for one width (pixels)."""

    font: QFont
    line: float  # text line height
    caption: QRectF  # "Colours show data, neuron and weight values" (wrapped)
    value_ticks: float  # top of the -1 / 0 / 1 row
    bar: QRectF  # the diverging scale
    output_row: QRectF  # the output's ticks, or the class swatches
    output_caption: QRectF  # what the output map shows (wrapped)
    height: int


_WRAP = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class ColorBar(Retranslating, QWidget):
    """The one colour key, for the output map, the neuron thumbnails and the links.

    As TF Playground's "Colors shows data, neuron and weight values": a caption, the
    diverging scale with ticks -1, 0 and 1 above it (neuron values and weights), and
    under it how the output map reads it -- binary: P(class 1) 0, 0.5, 1; regression:
    the value -1, 0, 1; k classes: the class swatches -- with a caption saying so.

    ``set_mode("binary" | "regression" | "classes", n_classes)``. The texts wrap to the
    widget's width and the height follows (``heightForWidth``), so nothing is ever
    clipped or elided; :meth:`painted_texts` lists them.
    """

    #: The size hint may have changed (mode, language, theme): for a parent that lays
    #: the key out by hand (:class:`~nnsim.gui.views.boundary.OutputView`).
    size_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = "binary"
        self.n_classes = 2
        self.theme = Theme()
        lut = np.ascontiguousarray(diverging_lut()[None, :, :])
        self._lut_buf = lut  # QImage does not own its memory
        self._lut_img = QImage(lut.data, 256, 1, 256 * 4, QImage.Format.Format_RGBA8888)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.retranslate_ui()

    # -- texts -----------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """The tool tip; the painted texts are read when painting."""
        self.setToolTip(
            self.tr(
                "One colour scale for data, neuron and weight values:\n"
                "orange = negative / class 0, white = 0 / undecided, blue = positive / class 1."
            )
        )
        self._changed()

    def key_caption(self) -> str:
        """What the scale is for (Playground's "Colors shows data, neuron and weight values")."""
        return self.tr("Colours show data, neuron and weight values")

    def caption(self) -> str:
        """What the output map's colours mean in this task."""
        if self.mode == "binary":
            return self.tr("probability of the blue class")
        if self.mode == "regression":
            return self.tr("predicted value")
        return self.tr("winning class (paler: less sure)")

    def value_ticks(self) -> tuple[str, str, str]:
        """The scale's ticks for neuron values and weights."""
        return ("-1", "0", "1")

    def ticks(self) -> tuple[str, str, str]:
        """The output's reading of the same positions (binary: P(class 1))."""
        return ("0", "0.5", "1") if self.mode == "binary" else ("-1", "0", "1")

    def painted_texts(self) -> list[str]:
        """Every text as painted now (never elided)."""
        out = [self.key_caption(), *self.value_ticks()]
        if self.mode == "classes":
            out += [str(k) for k in range(self.n_classes)]
        else:
            out += list(self.ticks())
        out.append(self.caption())
        return out

    # -- state -----------------------------------------------------------------------
    def set_mode(self, mode: str, n_classes: int = 2) -> None:
        if (mode, n_classes) != (self.mode, self.n_classes):
            self.mode, self.n_classes = mode, n_classes
            self._changed()

    def apply_theme(self, theme: Theme) -> None:
        """Text size and colours, and the scale's frame, from ``theme`` (idempotent)."""
        self.theme = theme
        self._changed()

    def _changed(self) -> None:
        self.updateGeometry()  # the height follows the texts (wrapping) and the font
        self.update()
        self.size_changed.emit()

    # -- geometry --------------------------------------------------------------------
    def _font(self) -> QFont:
        return self.theme.font(_KEY_FONT)

    def _geometry(self, width: float) -> _KeyGeometry:
        font = self._font()
        fm = QFontMetricsF(font)
        lh = fm.height()
        pad = max(2.0, round(0.25 * lh))
        gap = max(1.0, round(0.15 * lh))
        text_w = max(1.0, width - 2 * pad)
        wrap = QRectF(0, 0, text_w, 1e6)
        key_h = fm.boundingRect(wrap, _WRAP, self.key_caption()).height()
        cap_h = fm.boundingRect(wrap, _WRAP, self.caption()).height()
        ends = max(fm.horizontalAdvance(t) for t in (*self.value_ticks()[::2], *self.ticks()[::2]))
        side = pad + ends / 2 + 1
        bar_len = max(1.0, min(width - 2 * side, 18.0 * lh))
        x0 = (width - bar_len) / 2
        bar_h = max(6.0, round(0.7 * lh))
        y = pad
        caption = QRectF(pad, y, text_w, key_h)
        y += key_h + gap
        ticks_top = y
        y += lh
        bar = QRectF(x0, y, bar_len, bar_h)
        y += bar_h + gap
        row_h = lh + 2 if self.mode == "classes" else lh
        output_row = QRectF(x0, y, bar_len, row_h)
        y += row_h + gap
        output_caption = QRectF(pad, y, text_w, cap_h)
        y += cap_h + pad
        return _KeyGeometry(
            font, lh, caption, ticks_top, bar, output_row, output_caption, math.ceil(y)
        )

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._geometry(float(width)).height

    def _min_width(self) -> int:
        fm = QFontMetricsF(self._font())
        lh = fm.height()
        pad = max(2.0, round(0.25 * lh))
        words = (self.key_caption() + " " + self.caption()).split()
        longest = max((fm.horizontalAdvance(w) for w in words), default=0.0)
        tick_w = max(fm.horizontalAdvance(t) for t in (*self.value_ticks(), *self.ticks()))
        scale = 3 * tick_w + 2 * lh  # three ticks apart, plus an end's overhang
        swatches = self.n_classes * (fm.horizontalAdvance("8") + 8) if self.mode == "classes" else 0
        return math.ceil(max(longest, scale, swatches, 4 * lh) + 2 * pad + 2)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self._font())
        lh = fm.height()
        natural = max(fm.horizontalAdvance(self.key_caption()), 16 * lh) + lh
        w = max(self._min_width(), math.ceil(natural))
        return QSize(w, self.heightForWidth(w))

    def minimumSizeHint(self) -> QSize:
        w = self._min_width()
        return QSize(w, self.heightForWidth(w))

    # -- painting --------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        g = self._geometry(float(self.width()))
        t = self.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.setFont(g.font)
        fm = QFontMetricsF(g.font)
        p.setPen(t.color("secondary"))
        p.drawText(g.caption, _WRAP, self.key_caption())
        bar = g.bar
        p.setPen(t.color("foreground"))
        self._draw_ticks(p, fm, self.value_ticks(), g.value_ticks, g.line, bar)
        p.drawImage(bar, self._lut_img)
        p.setPen(QPen(t.color("grid"), 1))
        p.drawRect(bar)
        row = g.output_row
        if self.mode == "classes":
            n = max(1, self.n_classes)
            cell = row.width() / n
            for k in range(n):
                r = QRectF(row.left() + k * cell + 1, row.top(), cell - 2, row.height())
                color = class_color(k)
                p.fillRect(r, color)
                p.setPen(contrast_color(color))
                p.drawText(r, _CENTRE, str(k))
        else:
            p.setPen(t.color("foreground"))
            self._draw_ticks(p, fm, self.ticks(), row.top(), g.line, bar)
        p.setPen(t.color("secondary"))
        p.drawText(g.output_caption, _WRAP, self.caption())
        p.end()

    @staticmethod
    def _draw_ticks(
        p: QPainter, fm: QFontMetricsF, ticks: tuple[str, ...], top: float, lh: float, bar: QRectF
    ) -> None:
        """``ticks`` centred under -1 (left end), 0 (middle) and 1 (right end) of ``bar``."""
        n = len(ticks) - 1
        for i, text in enumerate(ticks):
            x = bar.left() + bar.width() * i / n
            tw = fm.horizontalAdvance(text) + 2
            p.drawText(QRectF(x - tw / 2, top, tw, lh), _CENTRE, text)
