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
:func:`nnsim.gui.editor.scene.compute_layout` (the one place that places items).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from nnsim.core.activations import ACTIVATIONS
from nnsim.gui.editor.items import ControlItem, EditorItemType
from nnsim.gui.i18n import tr

__all__ = [
    "DENSE",
    "PaletteChipItem",
    "PaletteGeometry",
    "PaletteStripItem",
    "TrashItem",
    "activation_key",
    "chip_keys",
    "palette_geometry",
]

#: Key of the Dense-layer chip; activation chips are ``"act:<name>"``.
DENSE = "dense"
_ACT_PREFIX = "act:"

_CHIP_FILL = QColor(250, 251, 252)
_CHIP_BORDER = QColor(120, 126, 136)
_CHIP_TEXT = QColor(40, 44, 52)
_ICON_INK = QColor(60, 64, 72)
_STRIP_FILL = QColor(240, 242, 245)
_STRIP_TEXT = QColor(110, 114, 122)
_TRASH_INK = QColor(176, 58, 52)
_TRASH_FILL = QColor(253, 242, 241)
_TRASH_ARMED = QColor(246, 200, 196)
_DENSE_SQUARES = QColor(8, 119, 189)  # the value scale's blue: "neurons"


def activation_key(name: str) -> str:
    """Chip key of activation ``name`` (e.g. ``"act:relu"``)."""
    return _ACT_PREFIX + name


def chip_keys() -> list[str]:
    """Keys of every chip, left to right: Dense, then the activation registry in order."""
    return [DENSE, *(activation_key(n) for n in ACTIVATIONS)]


def _chip_label(key: str) -> str:
    if key == DENSE:
        return tr("Dense layer")
    return ACTIVATIONS[key[len(_ACT_PREFIX) :]].label


@dataclass(frozen=True)
class PaletteGeometry:
    """Where the palette's parts go (scene px).

    Attributes
    ----------
    strip : QRectF
        The whole strip (background).
    caption : QRectF
        The "Drag:" caption at the strip's left.
    chips : dict str -> QRectF
        Chip key (see :func:`chip_keys`) -> its rectangle.
    trash : QRectF
        The trash zone, at the strip's right end.
    icons : bool
        Whether chips have room for their icons (dropped on narrow views).
    """

    strip: QRectF
    caption: QRectF
    chips: dict[str, QRectF]
    trash: QRectF
    icons: bool


def palette_height(font: QFont) -> float:
    """Height of the strip for ``font`` (chips are a bit taller than two-thirds of it)."""
    return round(QFontMetricsF(font).height() * 2.3)


def palette_geometry(font: QFont, left: float, right: float, top: float) -> PaletteGeometry:
    """Lay the palette out in ``[left, right]`` starting at ``top``.

    Chips get their natural width (padding, icon, label); on a narrow view icons are
    dropped first, then every chip shrinks alike (labels elide) so the strip never
    grows beyond ``right`` -- the network must fit the viewport without scaling.
    """
    fm = QFontMetricsF(font)
    h = palette_height(font)
    chip_h = round(fm.height() * 1.7)
    pad = round(fm.height() * 0.5)
    gap = max(4.0, round(fm.height() * 0.35))
    icon = chip_h - 8.0
    cy = top + (h - chip_h) / 2
    caption_w = fm.horizontalAdvance(tr("Drag:")) + 6 + pad
    trash_w = max(fm.horizontalAdvance(tr("Release to remove")) + 2 * pad, 5.0 * chip_h)
    keys = chip_keys()
    texts = [fm.horizontalAdvance(_chip_label(k)) for k in keys]
    room = (right - left) - caption_w - trash_w - gap * (len(keys) + 1)
    icons = True
    widths = [t + 2 * pad + icon + 4 for t in texts]
    if sum(widths) > room:
        icons = False
        widths = [t + 2 * pad for t in texts]
    if sum(widths) > room:
        k = max(room, 10.0 * len(keys)) / sum(widths)
        widths = [w * k for w in widths]
    chips = {}
    x = left + caption_w
    for key, w in zip(keys, widths, strict=True):
        chips[key] = QRectF(x, cy, w, chip_h)
        x += w + gap
    # The trash takes what is left at the right, but not absurdly much on a wide view.
    trash_left = max(x + gap, right - max(trash_w, min(right - x - gap, 1.6 * trash_w)))
    return PaletteGeometry(
        strip=QRectF(left, top, right - left, h),
        caption=QRectF(left, top, caption_w, h),
        chips=chips,
        trash=QRectF(trash_left, cy, right - trash_left, chip_h),
        icons=icons,
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

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_STRIP_FILL)
        painter.drawRoundedRect(self._rect, 6, 6)
        painter.setFont(self._font)
        painter.setPen(_STRIP_TEXT)
        painter.drawText(
            self._caption.adjusted(6, 0, 0, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            tr("Drag:"),
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
        self.label = _chip_label(key)
        self._font = QFont()
        self._icons = True
        self._curve = _function_curve(self.activation) if self.activation else None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(3.0)
        if self.activation is None:
            tip = "Drag into a gap between columns to insert a hidden layer (4 neurons)"
        else:
            act = ACTIVATIONS[self.activation]
            tip = f"{act.label}: f(z) = {act.formula}\nDrag onto a layer to use it there"
        self.setToolTip(tip)

    @property
    def kind(self) -> str:
        """``"dense"`` or ``"activation"``."""
        return "dense" if self.activation is None else "activation"

    def type(self) -> int:
        return int(EditorItemType.CHIP)

    def set_geometry(self, rect: QRectF, font: QFont, icons: bool) -> None:
        """Place the chip in scene rect ``rect``."""
        self._font = QFont(font)
        self._icons = icons
        super().set_geometry(rect)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        paint_chip(painter, self._rect, self.key, self._font, self._icons, self._hovered)


_CURVES: dict[str, QPolygonF] = {}


def paint_chip(
    painter: QPainter, rect: QRectF, key: str, font: QFont, icons: bool, hovered: bool = False
) -> None:
    """Draw chip ``key`` in ``rect`` (shared by the palette and the drag ghost)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(
        QPen(_CHIP_BORDER.darker(130) if hovered else _CHIP_BORDER, 1.4 if hovered else 1)
    )
    painter.setBrush(QColor(255, 255, 255) if hovered else _CHIP_FILL)
    r = rect.height() * 0.3
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), r, r)
    fm = QFontMetricsF(font)
    pad = round(fm.height() * 0.5)
    x = rect.left() + pad
    if icons:
        side = rect.height() - 8.0
        icon = QRectF(x, rect.top() + 4, side, side)
        if key == DENSE:
            _paint_dense_icon(painter, icon)
        else:
            name = key[len(_ACT_PREFIX) :]
            curve = _CURVES.get(name)
            if curve is None:
                curve = _CURVES[name] = _function_curve(name)
            _paint_curve_icon(painter, icon, curve)
        x += side + 4
    painter.setFont(font)
    painter.setPen(_CHIP_TEXT)
    text_rect = QRectF(x, rect.top(), rect.right() - x - pad / 2, rect.height())
    painter.drawText(
        text_rect,
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        fm.elidedText(_chip_label(key), Qt.TextElideMode.ElideRight, text_rect.width()),
    )


def _paint_dense_icon(painter: QPainter, rect: QRectF) -> None:
    # A column of three units: what the chip adds.
    side = rect.height() / 3.6
    painter.setPen(QPen(_ICON_INK, 0.8))
    painter.setBrush(_DENSE_SQUARES)
    x = rect.center().x() - side / 2
    for k in range(3):
        painter.drawRect(QRectF(x, rect.top() + k * side * 1.3, side, side))


def _paint_curve_icon(painter: QPainter, rect: QRectF, curve: QPolygonF) -> None:
    axis = QPen(QColor(175, 180, 188), 0.8)
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
    pen = QPen(_ICON_INK, 1.6)
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
        self.armed = False
        self.setPen(Qt.PenStyle.NoPen)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setRect(self._rect.adjusted(-1, -1, 1, 1))
        self.setZValue(3.0)
        self.setToolTip("Drag a layer (by its header) or a neuron here to remove it")

    def type(self) -> int:
        return int(EditorItemType.TRASH)

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

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._rect.adjusted(0.75, 0.75, -0.75, -0.75)
        pen = QPen(_TRASH_INK, 2.0 if self.armed else 1.2)
        if not self.armed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(_TRASH_ARMED if self.armed else _TRASH_FILL))
        r = rect.height() * 0.3
        painter.drawRoundedRect(rect, r, r)
        fm = QFontMetricsF(self._font)
        text = tr("Release to remove") if self.armed else tr("Trash")
        side = rect.height() - 10.0
        tw = fm.horizontalAdvance(text)
        x = rect.center().x() - (side + 6 + tw) / 2
        _paint_bin(painter, QRectF(x, rect.top() + 5, side, side))
        painter.setFont(self._font)
        painter.setPen(_TRASH_INK)
        painter.drawText(
            QRectF(x + side + 6, rect.top(), tw + 2, rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )


def _paint_bin(painter: QPainter, rect: QRectF) -> None:
    w, h = rect.width(), rect.height()
    pen = QPen(_TRASH_INK, max(1.2, h / 11))
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
