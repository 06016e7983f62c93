"""The editor's palette: chips to drag onto the network, and the trash zone.

The palette is a strip along the bottom of the network scene (so a whole gesture --
press on a chip, drag, drop on the network -- happens on one viewport, the same way
for a mouse, a test and ``xdotool``):

* a **Dense layer** chip, dropped into a gap between columns, inserts a hidden layer;
* one **activation** chip per entry of :data:`nnsim.core.activations.ACTIVATIONS`
  (the registry, never a hard-coded list), dropped onto a layer, sets its activation;
  each chip draws a small plot of its function so the shapes can be compared;
* the **trash** zone, where a dragged layer header or neuron is removed.

Geometry comes from :func:`palette_geometry`, called by
:func:`nnsim.gui.editor.layout.compute_layout` (the one place that places items).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from nnsim.core.activations import ACTIVATIONS
from nnsim.gui.editor.items import DEFAULT_INK, ControlItem, EditorItemType, Ink

__all__ = [
    "DENSE",
    "PaletteChipItem",
    "PaletteGeometry",
    "PaletteStripItem",
    "TrashItem",
    "activation_key",
    "chip_keys",
    "chip_label",
    "palette_geometry",
    "palette_height",
]

#: Key of the Dense-layer chip; activation chips are ``"act:<name>"``.
DENSE = "dense"
_ACT_PREFIX = "act:"

_DENSE_SQUARES = QColor(8, 119, 189)  # the value scale's blue: "neurons"


def activation_key(name: str) -> str:
    """Chip key of activation ``name`` (e.g. ``"act:relu"``)."""
    return _ACT_PREFIX + name


def chip_keys() -> list[str]:
    """Keys of every chip, left to right: Dense, then the activation registry in order."""
    return [DENSE, *(activation_key(n) for n in ACTIVATIONS)]


def chip_label(key: str) -> str:
    """The text on chip ``key`` in the UI language (activation names are proper names)."""
    if key == DENSE:
        return QCoreApplication.translate("Palette", "Dense layer")
    return ACTIVATIONS[key[len(_ACT_PREFIX) :]].label




def _caption_text() -> str:
    return QCoreApplication.translate("Palette", "Drag:")


def _trash_text(armed: bool) -> str:
    if armed:
        return QCoreApplication.translate("Palette", "Release to remove")
    return QCoreApplication.translate("Palette", "Trash")


@dataclass(frozen=True)
class PaletteGeometry:
    """Where the palette's parts go (scene px).

    Attributes
    ----------
    strip : QRectF
        The whole strip (background).
    caption : QRectF
        The "Drag:" caption at the first row's left.
    chips : dict str -> QRectF
        Chip key (see :func:`chip_keys`) -> its rectangle.
    trash : QRectF
        The trash zone, at the right end of the last row.
    icons : bool
        Whether chips draw their icons (dropped only when one chip with its icon is
        wider than the whole strip).
    rows : int
        Rows the chips flow into (a narrow view or large text wraps them).
    min_width : float
        The narrowest strip that still shows every chip whole (its widest part).
    """

    strip: QRectF
    caption: QRectF
    chips: dict[str, QRectF]
    trash: QRectF
    icons: bool
    rows: int = 1
    min_width: float = 0.0


def _metrics(font: QFont) -> tuple[float, float, float, float]:
    """Chip height, inner padding, gap between parts and outer padding for ``font``."""
    lh = QFontMetricsF(font).height()
    return round(lh * 1.7), round(lh * 0.5), max(4.0, round(lh * 0.35)), round(lh * 0.3)


def palette_height(font: QFont, rows: int = 1) -> float:
    """Height of a strip of ``rows`` rows of chips for ``font`` (one row: 2.3 lines)."""
    chip_h, _pad, gap, vpad = _metrics(font)
    return float(2 * vpad + rows * chip_h + (rows - 1) * gap)


def chip_width(key: str, font: QFont, icons: bool = True) -> float:
    """Natural width of chip ``key``: padding, icon, its whole label."""
    fm = QFontMetricsF(font)
    chip_h, pad, _gap, _vpad = _metrics(font)
    icon = (chip_h - 8.0 + 4) if icons else 0.0
    return float(np.ceil(pad + icon + fm.horizontalAdvance(chip_label(key)) + pad))


def trash_width(font: QFont) -> float:
    """Natural width of the trash zone (its longer text, the bin icon, padding)."""
    fm = QFontMetricsF(font)
    chip_h, pad, _gap, _vpad = _metrics(font)
    text = max(fm.horizontalAdvance(_trash_text(True)), fm.horizontalAdvance(_trash_text(False)))
    return float(np.ceil(text + (chip_h - 10.0) + 6 + 2 * pad))


def palette_geometry(font: QFont, left: float, right: float, top: float) -> PaletteGeometry:
    """Lay the palette out in ``[left, right]`` starting at ``top``.

    The caption, the chips and the trash flow left to right at their natural widths
    (every label whole, at any text size) and wrap into further rows when the strip
    is too narrow; the trash ends the last row, on its right. Only if a single chip
    with its icon is wider than the whole strip are the icons dropped; the result's
    :attr:`~PaletteGeometry.min_width` tells the layout how wide the strip must be.
    """
    fm = QFontMetricsF(font)
    chip_h, pad, gap, vpad = _metrics(font)
    caption_w = float(np.ceil(fm.horizontalAdvance(_caption_text()))) + 6 + pad
    trash_w = trash_width(font)
    keys = chip_keys()
    width = right - left
    icons = True
    widths = [chip_width(k, font, True) for k in keys]
    if max(widths) + 2 * gap > width:
        icons = False
        widths = [chip_width(k, font, False) for k in keys]
    parts = [("caption", caption_w), *zip(keys, widths, strict=True), ("trash", trash_w)]
    min_width = max(w for _k, w in parts) + 2 * gap
    rows: list[list[tuple[str, float]]] = [[]]
    x = gap
    for key, w in parts:
        if rows[-1] and x + w + gap > width:
            rows.append([])
            x = gap
        rows[-1].append((key, w))
        x += w + gap
    chips: dict[str, QRectF] = {}
    caption = QRectF()
    trash = QRectF()
    for r, row in enumerate(rows):
        y = top + vpad + r * (chip_h + gap)
        x = left + gap
        for key, w in row:
            if key == "caption":
                caption = QRectF(left, y, w + gap, chip_h)
                x = left + w + gap
                continue
            if key == "trash":
                # Right-aligned in its row; on a wide view a little wider than needed.
                room = left + width - gap - x
                tw = max(w, min(room, 1.6 * w))
                trash = QRectF(left + width - gap - tw, y, tw, chip_h)
                continue
            chips[key] = QRectF(x, y, w, chip_h)
            x += w + gap
    h = palette_height(font, len(rows))
    return PaletteGeometry(
        strip=QRectF(left, top, width, h),
        caption=caption,
        chips=chips,
        trash=trash,
        icons=icons,
        rows=len(rows),
        min_width=min_width,
    )


def _function_curve(name: str, n: int = 33) -> QPolygonF:
    """The activation's graph over z in [-3, 3], in unit coordinates (0..1, y down)."""
    z = np.linspace(-3.0, 3.0, n)
    a = np.asarray(ACTIVATIONS[name].fn(z), dtype=np.float64)
    lo, hi = float(a.min()), float(a.max())
    # Bounded functions show their bounds; the others their own range.
    bounds = ACTIVATIONS[name].bounds
    if bounds is not None:
        lo, hi = min(lo, bounds[0]), max(hi, bounds[1])
    span = (hi - lo) or 1.0
    ys = 1.0 - (a - lo) / span
    xs = (z + 3.0) / 6.0
    return QPolygonF([QPointF(x, y) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)])


class PaletteStripItem(QGraphicsRectItem):
    """The strip's background and its "Drag:" caption (bounds in C++, picture cached)."""

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF()
        self._caption = QRectF()
        self._font = QFont()
        self._ink = DEFAULT_INK
        self.setPen(Qt.PenStyle.NoPen)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(-1.0)

    def type(self) -> int:
        return int(EditorItemType.PALETTE)

    def set_geometry(self, geo: PaletteGeometry, font: QFont) -> None:
        self._rect = QRectF(geo.strip)
        self._caption = QRectF(geo.caption)
        self._font = QFont(font)
        self.setRect(self._rect)
        self.update()

    def set_ink(self, ink: Ink) -> None:
        self._ink = ink
        self.update()

    def retranslate(self) -> None:
        self.update()

    def painted_texts(self) -> list[str]:
        return [_caption_text()]

    def clipped_texts(self) -> list[str]:
        text = _caption_text()
        room = self._caption.width() - 6
        return [text] if QFontMetricsF(self._font).horizontalAdvance(text) > room + 0.5 else []

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._ink.strip)
        painter.drawRoundedRect(self._rect, 6, 6)
        painter.setFont(self._font)
        painter.setPen(self._ink.strip_text)
        painter.drawText(
            self._caption.adjusted(6, 0, 0, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            _caption_text(),
        )


class PaletteChipItem(ControlItem):
    """A chip to drag onto the network: the Dense layer or one activation.

    Parameters
    ----------
    key : str
        :data:`DENSE` or ``activation_key(name)``.
    """

    def __init__(self, key: str) -> None:
        super().__init__(80, 24)
        self.key = key
        self.activation: str | None = (
            key[len(_ACT_PREFIX) :] if key.startswith(_ACT_PREFIX) else None
        )
        self._font = QFont()
        self._icons = True
        self._curve = _function_curve(self.activation) if self.activation else None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(3.0)
        self.retranslate()

    @property
    def label(self) -> str:
        """The chip's text in the UI language."""
        return chip_label(self.key)

    def retranslate(self) -> None:
        if self.activation is None:
            tip = QCoreApplication.translate(
                "Palette", "Drag into a gap between columns to insert a hidden layer (4 neurons)"
            )
        else:
            act = ACTIVATIONS[self.activation]
            tip = QCoreApplication.translate(
                "Palette", "{name}: f(z) = {formula}\nDrag onto a layer to use it there"
            ).format(name=act.label, formula=act.formula)
        self.setToolTip(tip)
        self.update()

    @property
    def kind(self) -> str:
        """``"dense"`` or ``"activation"``."""
        return "dense" if self.activation is None else "activation"

    def type(self) -> int:
        return int(EditorItemType.CHIP)

    def set_geometry(self, rect: QRectF, font: QFont, icons: bool) -> None:  # type: ignore[override]
        """Place the chip in scene rect ``rect``."""
        self._font = QFont(font)
        self._icons = icons
        super().set_geometry(rect)

    @property
    def font(self) -> QFont:
        return QFont(self._font)

    def text_width(self) -> float:
        """Width of the label in the chip's font."""
        return QFontMetricsF(self._font).horizontalAdvance(self.label)

    def text_room(self) -> float:
        """Width the chip leaves for its label (never less than :meth:`text_width`)."""
        return _text_rect(self._rect, self._font, self._icons).width()

    def painted_texts(self) -> list[str]:
        return [self.label]

    def clipped_texts(self) -> list[str]:
        return [self.label] if self.text_width() > self.text_room() + 0.5 else []

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        paint_chip(painter, self._rect, self.key, self._font, self._icons, self._hovered, self._ink)


_CURVES: dict[str, QPolygonF] = {}


def _text_rect(rect: QRectF, font: QFont, icons: bool) -> QRectF:
    fm = QFontMetricsF(font)
    pad = round(fm.height() * 0.5)
    x = rect.left() + pad
    if icons:
        x += rect.height() - 8.0 + 4
    return QRectF(x, rect.top(), rect.right() - x - pad / 2, rect.height())


def paint_chip(
    painter: QPainter,
    rect: QRectF,
    key: str,
    font: QFont,
    icons: bool,
    hovered: bool = False,
    ink: Ink | None = None,
) -> None:
    """Draw chip ``key`` in ``rect`` (shared by the palette and the drag ghost)."""
    ink = ink or DEFAULT_INK
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    border = ink.chip_border.lighter(140) if ink.dark else ink.chip_border.darker(130)
    painter.setPen(
        QPen(border if hovered else ink.chip_border, (1.4 if hovered else 1.0) * ink.line)
    )
    painter.setBrush(ink.chip_hover if hovered else ink.chip_fill)
    r = rect.height() * 0.3
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), r, r)
    fm = QFontMetricsF(font)
    pad = round(fm.height() * 0.5)
    x = rect.left() + pad
    if icons:
        side = rect.height() - 8.0
        icon = QRectF(x, rect.top() + 4, side, side)
        if key == DENSE:
            _paint_dense_icon(painter, icon, ink)
        else:
            name = key[len(_ACT_PREFIX) :]
            curve = _CURVES.get(name)
            if curve is None:
                curve = _CURVES[name] = _function_curve(name)
            _paint_curve_icon(painter, icon, curve, ink)
    painter.setFont(font)
    painter.setPen(ink.chip_text)
    painter.drawText(
        _text_rect(rect, font, icons),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        chip_label(key),
    )


def _paint_dense_icon(painter: QPainter, rect: QRectF, ink: Ink = DEFAULT_INK) -> None:
    # A column of three units: what the chip adds.
    side = rect.height() / 3.6
    painter.setPen(QPen(ink.icon_ink, 0.8))
    painter.setBrush(_DENSE_SQUARES)
    x = rect.center().x() - side / 2
    for k in range(3):
        painter.drawRect(QRectF(x, rect.top() + k * side * 1.3, side, side))


def _paint_curve_icon(
    painter: QPainter, rect: QRectF, curve: QPolygonF, ink: Ink = DEFAULT_INK
) -> None:
    axis = QPen(ink.icon_axis, 0.8)
    painter.setPen(axis)
    painter.drawLine(
        QPointF(rect.left(), rect.center().y()), QPointF(rect.right(), rect.center().y())
    )
    painter.drawLine(
        QPointF(rect.center().x(), rect.top()), QPointF(rect.center().x(), rect.bottom())
    )
    painter.save()
    painter.translate(rect.topLeft())
    painter.scale(rect.width(), rect.height())
    pen = QPen(ink.icon_ink, 1.6 * ink.line)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline(curve)
    painter.restore()


class TrashItem(QGraphicsRectItem):
    """Drop a layer (by its header) or a neuron here to remove it.

    Attributes
    ----------
    armed : bool
        True while something removable is dragged over it (drawn highlighted).
    """

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF(0, 0, 100, 24)
        self._font = QFont()
        self._ink = DEFAULT_INK
        self.armed = False
        self.setPen(Qt.PenStyle.NoPen)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setRect(self._rect.adjusted(-1, -1, 1, 1))
        self.setZValue(3.0)
        self.retranslate()

    def type(self) -> int:
        return int(EditorItemType.TRASH)

    def retranslate(self) -> None:
        self.setToolTip(
            QCoreApplication.translate(
                "Palette", "Drag a layer (by its header) or a neuron here to remove it"
            )
        )
        self.update()

    def set_ink(self, ink: Ink) -> None:
        self._ink = ink
        self.update()

    def set_geometry(self, rect: QRectF, font: QFont) -> None:
        self._rect = QRectF(0, 0, rect.width(), rect.height())
        self._font = QFont(font)
        self.setRect(self._rect.adjusted(-1, -1, 1, 1))
        self.update()
        self.setPos(rect.topLeft())

    def set_armed(self, armed: bool) -> None:
        if armed != self.armed:
            self.armed = armed
            self.update()

    @property
    def text(self) -> str:
        """The text drawn now ("Trash", or "Release to remove" while armed)."""
        return _trash_text(self.armed)

    def painted_texts(self) -> list[str]:
        return [self.text]

    def _text_geometry(self, text: str) -> tuple[float, float, float]:
        """(icon side, text width, room for the text) in the current rect."""
        rect = self._rect.adjusted(0.75, 0.75, -0.75, -0.75)
        side = rect.height() - 10.0
        tw = QFontMetricsF(self._font).horizontalAdvance(text)
        return side, tw, rect.width() - side - 6 - 4

    def clipped_texts(self) -> list[str]:
        out = []
        for armed in (False, True):
            text = _trash_text(armed)
            _side, tw, room = self._text_geometry(text)
            if tw > room + 0.5:
                out.append(text)
        return out

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        ink = self._ink
        rect = self._rect.adjusted(0.75, 0.75, -0.75, -0.75)
        pen = QPen(ink.trash_ink, (2.0 if self.armed else 1.2) * ink.line)
        if not self.armed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(ink.trash_armed if self.armed else ink.trash_fill))
        r = rect.height() * 0.3
        painter.drawRoundedRect(rect, r, r)
        text = self.text
        side, tw, _room = self._text_geometry(text)
        x = max(rect.left() + 2, rect.center().x() - (side + 6 + tw) / 2)
        _paint_bin(painter, QRectF(x, rect.top() + 5, side, side), ink)
        painter.setFont(self._font)
        painter.setPen(ink.trash_ink)
        painter.drawText(
            QRectF(x + side + 6, rect.top(), tw + 2, rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )


def _paint_bin(painter: QPainter, rect: QRectF, ink: Ink = DEFAULT_INK) -> None:
    w, h = rect.width(), rect.height()
    pen = QPen(ink.trash_ink, max(1.2, h / 11))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    left, top = rect.left(), rect.top()
    painter.drawLine(
        QPointF(left + 0.1 * w, top + 0.22 * h), QPointF(left + 0.9 * w, top + 0.22 * h)
    )
    painter.drawLine(
        QPointF(left + 0.38 * w, top + 0.08 * h), QPointF(left + 0.62 * w, top + 0.08 * h)
    )
    body = QPolygonF(
        [
            QPointF(left + 0.2 * w, top + 0.3 * h),
            QPointF(left + 0.27 * w, top + h),
            QPointF(left + 0.73 * w, top + h),
            QPointF(left + 0.8 * w, top + 0.3 * h),
        ]
    )
    painter.drawPolyline(body)
    for fx in (0.42, 0.58):
        painter.drawLine(
            QPointF(left + fx * w, top + 0.42 * h), QPointF(left + fx * w, top + 0.88 * h)
        )
