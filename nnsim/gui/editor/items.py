"""Graphics items of the network drawing: features, neurons, links and layer headers.

Every item has a stable identity (:attr:`key`) made of model indices -- a neuron is
``("neuron", column, unit)``, a link ``("link", weight_layer, src, dst)`` -- and its
own :meth:`type`, so the scene can find it again after an update and a later drag
interaction can ask "what is under the mouse?" without guessing from geometry.

Items never compute their own geometry: :func:`nnsim.gui.editor.scene.compute_layout`
decides every position and size, and the scene pushes them in with ``set_geometry``.
Items never read a Snapshot either: the scene maps values to colours (vectorised,
once per layer) and hands each item its pixels, pen and values.

Nothing here paints in Python while training runs: a scene of a deep network has
hundreds of items, and a Python ``paint``/``boundingRect`` per item per frame would cost
the GUI most of its frame. So every item's geometry comes from a C++ base
(``QGraphicsRectItem``, ``QGraphicsPathItem``), the live parts (thumbnails, links, bias
squares) are drawn by plain C++ child items, and the few items drawn in Python
(captions, controls) are cached as pixmaps and repainted only when they change.

Column numbering follows ``Snapshot.neuron_grids``: column 0 is the input features,
column c >= 1 is the output of weight layer ``c - 1`` (the last column is the output).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from nnsim.gui.colors import NEUTRAL
from nnsim.gui.theme import Theme

__all__ = [
    "EditorItemType",
    "FeatureItem",
    "HeaderLines",
    "Ink",
    "ItemType",
    "LayerHeaderItem",
    "LinkHitItem",
    "WeightTable",
    "LinkItem",
    "NeuronItem",
    "ResizeHandleItem",
    "SelectionItem",
    "Thumbnail",
    "WidthButtonItem",
    "header_lines",
    "header_min_width",
    "ink_for",
    "wrap_words",
]


class ItemType(IntEnum):
    """``QGraphicsItem.type()`` of each nnsim item (for ``qgraphicsitem_cast``-style lookups)."""

    FEATURE = QGraphicsItem.UserType + 1
    NEURON = QGraphicsItem.UserType + 2
    LINK = QGraphicsItem.UserType + 3
    HEADER = QGraphicsItem.UserType + 4


class EditorItemType(IntEnum):
    """``type()`` of the editor's controls and feedback (not part of the network drawing).

    Kept apart from :class:`ItemType`, which names exactly the model's things.
    """

    HANDLE = QGraphicsItem.UserType + 20
    WIDTH_BUTTON = QGraphicsItem.UserType + 21
    CHIP = QGraphicsItem.UserType + 22
    TRASH = QGraphicsItem.UserType + 23
    PALETTE = QGraphicsItem.UserType + 24
    SELECTION = QGraphicsItem.UserType + 25
    OVERLAY = QGraphicsItem.UserType + 26


@dataclass(frozen=True)
class Ink:
    """The editor's colours and line factor for one :class:`~nnsim.gui.theme.Theme`.

    The scene hands it to every item it styles (:func:`ink_for`); the normal theme
    gives the editor's own light look, the high-contrast themes their colours.
    """

    background: QColor
    text: QColor
    subtext: QColor
    border: QColor
    control_fill: QColor
    control_hover: QColor
    control_ink: QColor
    accent: QColor
    accent_text: QColor
    chip_fill: QColor
    chip_hover: QColor
    chip_border: QColor
    chip_text: QColor
    icon_ink: QColor
    icon_axis: QColor
    strip: QColor
    strip_text: QColor
    trash_ink: QColor
    trash_fill: QColor
    trash_armed: QColor
    tag_fill: QColor
    tag_text: QColor
    line: float = 1.0
    dark: bool = False


def ink_for(theme: Theme) -> Ink:
    """The editor's colours in ``theme`` (dark themes: dark grounds, light text)."""
    c = QColor
    if theme.key == "normal":
        return Ink(
            background=c(255, 255, 255),
            text=c(50, 50, 50),
            subtext=c(110, 110, 110),
            border=c(40, 40, 40),
            control_fill=c(236, 238, 242),
            control_hover=c(214, 220, 230),
            control_ink=c(70, 76, 86),
            accent=c(20, 110, 220),
            accent_text=c(255, 255, 255),
            chip_fill=c(250, 251, 252),
            chip_hover=c(255, 255, 255),
            chip_border=c(120, 126, 136),
            chip_text=c(40, 44, 52),
            icon_ink=c(60, 64, 72),
            icon_axis=c(175, 180, 188),
            strip=c(240, 242, 245),
            strip_text=c(110, 114, 122),
            trash_ink=c(176, 58, 52),
            trash_fill=c(253, 242, 241),
            trash_armed=c(246, 200, 196),
            tag_fill=c(255, 255, 255, 228),
            tag_text=c(20, 20, 20),
            line=theme.line,
            dark=False,
        )
    bg, fg, sec = c(theme.background), c(theme.foreground), c(theme.secondary)
    surface, grid, accent = c(theme.surface), c(theme.grid), c(theme.accent)
    if theme.dark:
        strip = c(
            (bg.red() + surface.red()) // 2,
            (bg.green() + surface.green()) // 2,
            (bg.blue() + surface.blue()) // 2,
        )
        return Ink(
            background=bg,
            text=fg,
            subtext=sec,
            border=sec,
            control_fill=surface,
            control_hover=surface.lighter(180),
            control_ink=fg,
            accent=accent,
            accent_text=c(0, 0, 0),
            chip_fill=surface,
            chip_hover=surface.lighter(170),
            chip_border=sec,
            chip_text=fg,
            icon_ink=fg,
            icon_axis=grid,
            strip=strip,
            strip_text=sec,
            trash_ink=c(255, 128, 118),
            trash_fill=c(48, 18, 16),
            trash_armed=c(110, 36, 30),
            tag_fill=c(16, 16, 16, 235),
            tag_text=fg,
            line=theme.line,
            dark=True,
        )
    return Ink(
        background=bg,
        text=fg,
        subtext=sec,
        border=fg,
        control_fill=surface,
        control_hover=surface.darker(115),
        control_ink=fg,
        accent=accent,
        accent_text=c(255, 255, 255),
        chip_fill=surface,
        chip_hover=c(255, 255, 255),
        chip_border=sec,
        chip_text=fg,
        icon_ink=fg,
        icon_axis=grid,
        strip=surface.lighter(103),
        strip_text=sec,
        trash_ink=c(150, 30, 25),
        trash_fill=c(253, 242, 241),
        trash_armed=c(246, 200, 196),
        tag_fill=c(255, 255, 255, 235),
        tag_text=fg,
        line=theme.line,
        dark=False,
    )


#: The look until a theme is applied.
DEFAULT_INK = ink_for(Theme())


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


def _button_side(font: QFont) -> float:
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
        b = _button_side(font)
        if fm.horizontalAdvance(subtitle) + 2 * (b + 4) <= width:
            return HeaderLines(t, (subtitle,), True, True)
    return HeaderLines(t, tuple(wrap_words(subtitle, fm, width)), False, buttons)


def header_min_width(title: str, subtitle: str, font: QFont, buttons: bool = False) -> float:
    """The narrowest width a header can wrap into: its widest word (or the button row)."""
    fm, fm_b = QFontMetricsF(font), QFontMetricsF(_bold(font))
    need = max((fm_b.horizontalAdvance(w) for w in title.split(" ")), default=0.0)
    need = max(need, *(fm.horizontalAdvance(w) for w in subtitle.split(" ")))
    if buttons:
        need = max(need, 2 * _button_side(font) + 6)
    return float(np.ceil(need)) + 2.0


_BORDER = QColor(40, 40, 40)
_TEXT = QColor(50, 50, 50)
_NEUTRAL = QColor(NEUTRAL)
#: A hovered thumbnail grows to about this many scene pixels (TF Playground's hover card).
_HOVER_SIZE = 150.0
_CURVE_PEN = QPen(QColor(30, 30, 30), 1.6)
_CURVE_PEN.setCosmetic(True)  # width in device pixels, not scaled with the unit square
#: Opacity of input features that are switched off (drawn, like Playground, but faded).
DISABLED_OPACITY = 0.4


def _part(item: QGraphicsItem) -> QGraphicsItem:
    """A C++ child item that only draws: mouse and hover go to its owner."""
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setAcceptHoverEvents(False)
    return item


def _cached(item: QGraphicsItem) -> None:
    """Repaint a Python-drawn item only when it changes (``update()``), not every frame."""
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class _Frame(QGraphicsRectItem):
    """Base of items whose geometry is a rect kept in C++ and that draw nothing themselves.

    ``boundingRect`` and ``shape`` stay in C++ (no Python call to paint or hit-test);
    what shows comes from child items.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setPen(Qt.PenStyle.NoPen)
        self.setBrush(Qt.BrushStyle.NoBrush)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)


class Thumbnail:
    """A small picture of one unit's output over the input plane, as child items of its owner.

    2-D data: an image (T, T). 1-D data: a colour strip (1, T) under a curve of the
    values. Pixels come from :func:`nnsim.gui.colors.value_to_argb32` (``Format_RGB32``,
    what the raster engine draws without conversion). A C++ ``QGraphicsPixmapItem``
    scales the picture onto the tile, so drawing it needs no Python.
    """

    __slots__ = (
        "_buffer",
        "_curve_item",
        "_empty",
        "_pixmap_item",
        "_shape",
        "_size",
        "curve",
        "image",
    )

    def __init__(self, owner: QGraphicsItem) -> None:
        self._buffer: np.ndarray | None = None
        self.image: QImage | None = None
        self.curve: QPolygonF | None = None
        self._size = 40.0
        self._shape: tuple[int, int] | None = None  # (H, W) of the picture shown, if any
        self._empty = _part(QGraphicsRectItem(owner))
        self._empty.setPen(Qt.PenStyle.NoPen)
        self._empty.setBrush(_NEUTRAL)
        self._pixmap_item = _part(QGraphicsPixmapItem(owner))
        self._pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._pixmap_item.setVisible(False)
        self._curve_item = _part(QGraphicsPathItem(owner))
        self._curve_item.setPen(_CURVE_PEN)
        self._curve_item.setVisible(False)
        self.set_size(40.0)

    def set_size(self, size: float) -> None:
        """Side of the tile in the owner's coordinates."""
        self._size = size
        self._empty.setRect(QRectF(0, 0, size, size))
        self._curve_item.setTransform(QTransform.fromScale(size, size))
        self._fit()

    def _fit(self) -> None:
        pm = self._pixmap_item.pixmap()
        if not pm.isNull():
            self._pixmap_item.setTransform(
                QTransform.fromScale(self._size / pm.width(), self._size / pm.height())
            )

    def set_image(self, pixels: np.ndarray) -> None:
        """Show an image. ``pixels``: (H, W, 4) uint8 in RGB32 order, row 0 at the top."""
        if not pixels.flags.c_contiguous:
            pixels = np.ascontiguousarray(pixels)
        h, w = pixels.shape[:2]
        self._buffer = pixels  # QImage does not own memory it was constructed from
        self.image = QImage(pixels.data, w, h, 4 * w, QImage.Format.Format_RGB32)
        resized = self._shape != (h, w)
        self._pixmap_item.setPixmap(QPixmap.fromImage(self.image))
        if resized:  # a new grid size (or the first picture): fit it to the tile
            self._shape = (h, w)
            self._fit()
            self._pixmap_item.setVisible(True)
            self._empty.setVisible(False)
        if self.curve is not None:
            self.curve = None
            self._curve_item.setVisible(False)

    def set_curve(self, pixels: np.ndarray, values: np.ndarray, vmin: float, vmax: float) -> None:
        """Show a 1-D unit: a strip ``pixels`` (1, T, 4) and the curve of ``values`` (T,).

        The curve is kept in unit coordinates (0..1 both ways, y down) and scaled by
        its item's transform, so a re-layout never recomputes it.
        """
        self.set_image(pixels)
        t = values.shape[0]
        span = (vmax - vmin) or 1.0
        ys = 1.0 - np.clip((np.nan_to_num(values) - vmin) / span, 0.0, 1.0)
        ys = 0.08 + 0.84 * ys  # keep the curve off the border
        xs = (np.arange(t) + 0.5) / t
        self.curve = QPolygonF(
            [QPointF(x, y) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]
        )
        path = QPainterPath()
        path.addPolygon(self.curve)
        self._curve_item.setPath(path)
        self._curve_item.setVisible(True)

    def clear(self) -> None:
        self._buffer = None
        self.image = None
        self.curve = None
        self._shape = None
        self._pixmap_item.setVisible(False)
        self._curve_item.setVisible(False)
        self._empty.setVisible(True)


#: The output port sticks out of a tile by this share of its side.
PORT = 0.12


class _Tile(_Frame):
    """A square tile of one unit (feature or neuron) that grows while hovered.

    Its C++ children draw the thumbnail, a border and (when it feeds links) the output
    port on the right edge; subclasses add theirs and size the whole item's rect.
    """

    _base_z = 2.0

    def __init__(self) -> None:
        super().__init__()
        self._size = 40.0
        self.thumbnail = Thumbnail(self)
        self._border = _part(QGraphicsRectItem(self))
        self._border.setPen(QPen(_BORDER, 1.0))
        self._border.setBrush(Qt.BrushStyle.NoBrush)
        self._port = _part(QGraphicsPolygonItem(self))
        self._port.setPen(Qt.PenStyle.NoPen)
        self._port.setBrush(_BORDER)
        self.setAcceptHoverEvents(True)
        self.setZValue(self._base_z)

    @property
    def size(self) -> float:
        return self._size

    def set_ink(self, ink: Ink) -> None:
        """Colour the border and port (and what subclasses add) from ``ink``."""
        self._border.setPen(QPen(ink.border, 1.0 * ink.line))
        self._port.setBrush(ink.border)

    def _place_tile(self) -> None:
        """Fit the thumbnail, border and port to the side :attr:`size`."""
        s = self._size
        p = s * PORT
        self.thumbnail.set_size(s)
        self._border.setRect(QRectF(0, 0, s, s))
        self._port.setPolygon(
            QPolygonF(
                [QPointF(s, s / 2 - p * 0.8), QPointF(s + p, s / 2), QPointF(s, s / 2 + p * 0.8)]
            )
        )

    def out_anchor(self) -> QPointF:
        """Scene point where outgoing links start (tip of the port on the right)."""
        return self.mapToScene(QPointF(self._size * (1 + PORT), self._size / 2))

    # -- hover zoom -----------------------------------------------------------------
    def _hover_zoom(self, on: bool) -> None:
        if on:
            self.setTransformOriginPoint(self._size / 2, self._size / 2)
            self.setScale(max(1.0, _HOVER_SIZE / max(self._size, 1.0)))
            self.setZValue(10)
        else:
            self.setScale(1.0)
            self.setZValue(self._base_z)

    def unzoom(self) -> None:
        """Back to normal size (a drag starting on an enlarged item should not hide others)."""
        self._hover_zoom(False)

    @property
    def enlarged(self) -> bool:
        """True while hovered (drawn enlarged)."""
        return self.scale() > 1.0

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover_zoom(True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover_zoom(False)
        super().hoverLeaveEvent(event)


class NeuronItem(_Tile):
    """One hidden or output unit: a live thumbnail of its output, its bias and its port.

    Parameters
    ----------
    layer : int
        Drawing column (1 = first hidden layer; the last column is the output).
    unit : int
        Index of the unit in its layer (0 = top).
    """

    def __init__(self, layer: int, unit: int) -> None:
        super().__init__()
        self.layer = layer
        self.unit = unit
        self._bias_color = _NEUTRAL
        self._hovered = False
        self._class_tag: QColor | None = None
        # Over the tile's picture, border and port: the bias square and the class tag.
        self._bias = _part(QGraphicsRectItem(self))
        self._bias.setPen(QPen(_BORDER, 0.8))
        self._bias.setBrush(self._bias_color)
        self._tag = _part(QGraphicsRectItem(self))
        self._tag.setPen(Qt.PenStyle.NoPen)
        self._tag.setVisible(False)
        #: What the tooltip says: set by the scene (name once per caption, bias per frame).
        self.name = ""
        self.activation_label = ""
        self.bias: float | None = None
        self._place_parts()

    # -- identity ----------------------------------------------------------------
    @property
    def key(self) -> tuple[str, int, int]:
        return ("neuron", self.layer, self.unit)

    def type(self) -> int:
        return int(ItemType.NEURON)

    # -- geometry (pushed by the layout) -----------------------------------------
    def set_geometry(self, pos: QPointF, size: float) -> None:
        """Place the thumbnail's top-left corner at ``pos`` (scene) with side ``size``."""
        if size != self._size:
            self._size = size
            self._place_parts()
        self.setPos(pos)

    @property
    def class_tag(self) -> QColor | None:
        """Class colour tag drawn at the right edge (output units of k-class nets)."""
        return self._class_tag

    @class_tag.setter
    def class_tag(self, color: QColor | None) -> None:
        if color == self._class_tag:
            return
        self._class_tag = color
        self._place_parts()

    def _place_parts(self) -> None:
        s = self._size
        b = self._bias_side()
        p = s * PORT
        self.setRect(
            QRectF(-b / 2 - 1, -1, s + b / 2 + p + 2 + (5 if self._class_tag else 0), s + b / 2 + 2)
        )
        self._place_tile()
        self._bias.setRect(self.bias_rect())
        self._tag.setVisible(self._class_tag is not None)
        if self._class_tag is not None:
            self._tag.setBrush(self._class_tag)
            self._tag.setRect(QRectF(s + p + 1, 0, 4, s))

    def set_ink(self, ink: Ink) -> None:
        super().set_ink(ink)
        self._bias.setPen(QPen(ink.border, 0.8 * ink.line))

    def _bias_side(self) -> float:
        return max(4.0, round(self._size * 0.17))

    def bias_rect(self) -> QRectF:
        """The bias square, in item coordinates (double-click it to type a bias)."""
        b = self._bias_side()
        return QRectF(-b / 2, self._size - b / 2, b, b)

    def in_anchor(self) -> QPointF:
        """Scene point where incoming links end (middle of the left edge)."""
        return self.mapToScene(QPointF(0.0, self._size / 2))

    # -- data ----------------------------------------------------------------------
    def set_bias(self, value: float, color: QColor) -> None:
        """Show the bias ``value`` in the corner square, coloured ``color``."""
        self.bias = value
        if color != self._bias_color:
            self._bias_color = color
            self._bias.setBrush(color)
        if self._hovered:
            self.setToolTip(self.tooltip_text())

    @property
    def bias_color(self) -> QColor:
        """The bias square's colour."""
        return QColor(self._bias_color)

    def tooltip_text(self) -> str:
        """The hover text: which unit, its activation and its bias."""
        text = self.name
        if self.activation_label:
            text = QCoreApplication.translate("NeuronItem", "{name} ({activation})").format(
                name=self.name, activation=self.activation_label
            )
        if self.bias is not None:
            text += "\n" + QCoreApplication.translate("NeuronItem", "bias b = {value}").format(
                value=f"{self.bias:+.4g}"
            )
        return text

    # -- hover ---------------------------------------------------------------------
    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        # Tooltips are written when needed, not on every frame for every unit.
        self._hovered = True
        self.setToolTip(self.tooltip_text())
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        super().hoverLeaveEvent(event)


class FeatureItem(_Tile):
    """One input feature (x₁, x₂, x₁² ...): label and a thumbnail of its values.

    All features the data supports are drawn; the ones that are switched off are
    faded (as TF Playground does) and have no links.

    Parameters
    ----------
    name : str
        Registry key (``nnsim.core.features.FEATURES``).
    label : str
        Text printed left of the thumbnail, e.g. ``"x₁²"``.
    """

    def __init__(self, name: str, label: str) -> None:
        super().__init__()
        self.name = name
        self.label = label
        self._label_width = 40.0
        self._font = QFont()
        self._text = _part(QGraphicsSimpleTextItem(label, self))
        self._text.setBrush(_TEXT)
        #: Position of this feature in the network's input vector, or None when off.
        self.input_index: int | None = None
        self.set_enabled(None)
        self._place_parts()

    @property
    def key(self) -> tuple[str, str]:
        return ("feature", self.name)

    def type(self) -> int:
        return int(ItemType.FEATURE)

    @property
    def enabled(self) -> bool:
        """True when the feature is an input of the network."""
        return self.input_index is not None

    def set_enabled(self, input_index: int | None) -> None:
        self.input_index = input_index
        self.setOpacity(1.0 if input_index is not None else DISABLED_OPACITY)
        self._port.setVisible(input_index is not None)
        self.retranslate()

    def retranslate(self) -> None:
        """The tooltip in the UI language."""
        if self.input_index is not None:
            state = QCoreApplication.translate("FeatureItem", "input {n}").format(
                n=self.input_index + 1
            )
        else:
            state = QCoreApplication.translate("FeatureItem", "off")
        self.setToolTip(
            QCoreApplication.translate("FeatureItem", "Feature {label} ({state})").format(
                label=self.label, state=state
            )
        )

    def set_ink(self, ink: Ink) -> None:
        super().set_ink(ink)
        self._text.setBrush(ink.text)

    def painted_texts(self) -> list[str]:
        """The label drawn left of the thumbnail."""
        return [self.label] if self._text.isVisible() else []

    def clipped_texts(self) -> list[str]:
        """The label, if it is wider than the room the layout left for it."""
        room = self._label_width - 6.0
        return [self.label] if self._text.boundingRect().width() > room + 0.5 else []

    def set_geometry(self, pos: QPointF, size: float, label_width: float, font: QFont) -> None:
        self._size = size
        self._label_width = label_width
        self._font = QFont(font)
        self._place_parts()
        self.setPos(pos)

    def _place_parts(self) -> None:
        s = self._size
        self.setRect(QRectF(-self._label_width, -1, self._label_width + s * (1 + PORT) + 2, s + 2))
        self._text.setFont(self._font)
        text = self._text.boundingRect()
        # Right-aligned 6 px left of the tile, centred on it vertically.
        self._text.setPos(-6.0 - text.width(), (s - text.height()) / 2)
        self._place_tile()

    def _hover_zoom(self, on: bool) -> None:
        # The label would only get in the way of the enlarged view.
        self._text.setVisible(not on)
        super()._hover_zoom(on)


_PENS: dict[tuple[float, int], QPen] = {}


def _link_pen(width: float, color: QColor) -> QPen:
    """Shared pens (widths are quantised, colours come from a 256-entry table)."""
    key = (width, color.rgba())
    pen = _PENS.get(key)
    if pen is None:
        pen = QPen(color, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if len(_PENS) < 8192:
            _PENS[key] = pen
    return pen


class WeightTable:
    """The weight matrix one weight layer's links show, shared by those links.

    The scene stores each frame's ``W[i]`` here once instead of handing a number to
    every link; a link reads its entry when asked (tooltip, scrub, typed value).
    """

    __slots__ = ("hovered", "values")

    def __init__(self) -> None:
        #: W[i], (fan_in, fan_out), or None before any weights were shown.
        self.values: np.ndarray | None = None
        #: Links of this layer under the mouse (their tooltips follow the weights).
        self.hovered: set[LinkItem] = set()


class LinkHitItem(QGraphicsPathItem):
    """The invisible band around a link that the mouse hovers and grabs.

    A hair-thin link is hard to hit; this child of :class:`LinkItem` is the curve
    stroked :attr:`LinkItem.HIT_WIDTH` wide. It paints nothing and keeps its shape in
    C++, so hit-testing and painting need no Python.
    """

    def __init__(self, link: LinkItem) -> None:
        super().__init__(link)
        self.setPen(Qt.PenStyle.NoPen)
        self.setBrush(Qt.BrushStyle.NoBrush)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    @property
    def link(self) -> LinkItem:
        return self.parentItem()  # type: ignore[return-value]

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.link.set_hovered(True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.link.set_hovered(False)
        super().hoverLeaveEvent(event)


class LinkItem(QGraphicsPathItem):
    """One weight: a bezier from a unit's port to a unit of the next column.

    Its pen carries the weight, as in TF Playground: width grows with |w| and the
    colour is the value scale's (orange negative, blue positive). The curve is drawn
    by the C++ base; :attr:`hit` is the wider band the mouse finds it by.

    Parameters
    ----------
    layer : int
        Weight layer index i (the link is an entry of ``W[i]``).
    src, dst : int
        Row and column of ``W[i]``: input unit of column i, output unit of column i + 1.
    """

    #: Hit area around the curve, so a hair-thin link can still be hovered / grabbed.
    HIT_WIDTH = 9.0

    def __init__(self, layer: int, src: int, dst: int, table: WeightTable | None = None) -> None:
        super().__init__()
        self.layer = layer
        self.src = src
        self.dst = dst
        self._table = table if table is not None else WeightTable()
        self._weight: float | None = None  # until the table has a matrix this link is in
        #: "x₁ → hidden 1, unit 2": set by the scene, used in the tooltip.
        self.names = ""
        self.hit = LinkHitItem(self)
        self._hovered = False
        self._width = 1.0
        self._color = QColor(190, 190, 190)
        # The hit band takes hover and clicks: the C++ shape of a path item also covers
        # the area between the curve and its chord.
        self.setAcceptHoverEvents(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0.0)
        self._apply_pen()

    @property
    def key(self) -> tuple[str, int, int, int]:
        return ("link", self.layer, self.src, self.dst)

    def type(self) -> int:
        return int(ItemType.LINK)

    def set_endpoints(self, p1: QPointF, p2: QPointF) -> None:
        """Route the curve from ``p1`` (source port) to ``p2`` (target's left edge)."""
        path = QPainterPath(p1)
        dx = (p2.x() - p1.x()) * 0.5
        path.cubicTo(QPointF(p1.x() + dx, p1.y()), QPointF(p2.x() - dx, p2.y()), p2)
        stroker = QPainterPathStroker()
        stroker.setWidth(self.HIT_WIDTH)
        self.hit.setPath(stroker.createStroke(path))
        self.setPath(path)

    def set_style(self, width: float, color: QColor) -> None:
        """Set the pen (width in scene px, colour); no-op when unchanged."""
        if width == self._width and color == self._color:
            return
        self._width = width
        self._color = color
        self._apply_pen()

    def _in_table(self) -> bool:
        W = self._table.values
        return W is not None and self.src < W.shape[0] and self.dst < W.shape[1]

    @property
    def weight(self) -> float | None:
        """The weight shown, or None before any was."""
        if self._in_table():
            return float(self._table.values[self.src, self.dst])  # type: ignore[index]
        return self._weight

    def set_weight(self, w: float) -> None:
        """Show weight ``w`` for this link alone (a scrub before the next frame)."""
        if self._in_table():
            W = self._table.values
            assert W is not None
            if not W.flags.writeable:  # a snapshot's matrix: never write into it
                W = self._table.values = W.copy()
            W[self.src, self.dst] = w
        else:
            self._weight = w
        self.refresh_tooltip()

    def refresh_tooltip(self) -> None:
        """Rewrite the tooltip while hovered (the weight may have changed)."""
        if self._hovered:
            self.hit.setToolTip(self.tooltip_text())

    def tooltip_text(self) -> str:
        w = "?" if self.weight is None else f"{self.weight:+.4g}"
        return f"w = {w}\n{self.names}" if self.names else f"w = {w}"

    def _apply_pen(self) -> None:
        if self._hovered:
            pen = QPen(_link_pen(self._width, self._color))
            pen.setWidthF(self._width + 1.5)
        else:
            pen = _link_pen(self._width, self._color)
        self.setPen(pen)

    @property
    def style_width(self) -> float:
        """Pen width that encodes |w| (without the hover highlight)."""
        return self._width

    @property
    def style_color(self) -> QColor:
        return QColor(self._color)

    @property
    def hovered(self) -> bool:
        return self._hovered

    def set_hovered(self, on: bool) -> None:
        """Highlight the link (wider pen, on top) and caption it while the mouse is over it."""
        self._hovered = on
        if on:
            self._table.hovered.add(self)
            self.hit.setToolTip(self.tooltip_text())
        else:
            self._table.hovered.discard(self)
        self.setZValue(1.0 if on else 0.0)
        self._apply_pen()


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
        self.short_title = ""
        self.subtitle = ""
        self.color: QColor | None = None
        self._width = 80.0
        self._height = 40.0
        self._font = QFont()
        self._bold = QFont()
        self._lines = HeaderLines((), ())
        self._ink = DEFAULT_INK
        #: Room kept free at both ends of the subtitle line (for the +/- buttons).
        self.text_inset = 0.0
        self.setPen(Qt.PenStyle.NoPen)
        _cached(self)
        self.setZValue(1.0)

    @property
    def key(self) -> tuple[str, int]:
        return ("header", self.layer)

    def type(self) -> int:
        return int(ItemType.HEADER)

    def set_text(
        self, title: str, subtitle: str, color: QColor | None, short_title: str = ""
    ) -> None:
        """Caption the column (``short_title`` is kept for callers; texts wrap, never shorten)."""
        if (title, subtitle, color) != (self.title, self.subtitle, self.color):
            self.title, self.subtitle, self.color = title, subtitle, color
            self.short_title = short_title or title
            self.setToolTip(f"{title}: {subtitle}" if subtitle else title)
            self._lines = header_lines(title, subtitle, self._font, self._width, self.has_buttons)
            self.update()

    @property
    def has_buttons(self) -> bool:
        """Whether "−"/"+" buttons sit on this header (hidden layers)."""
        return self.text_inset > 0.0

    def set_draggable(self, on: bool) -> None:
        """Hidden layers can be dragged by their header (reorder, or onto the trash)."""
        if on:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()

    def set_ink(self, ink: Ink) -> None:
        self._ink = ink
        self.update()

    def set_geometry(
        self,
        center: QPointF,
        width: float,
        font: QFont,
        text_inset: float = 0.0,
        lines: HeaderLines | None = None,
        height: float | None = None,
    ) -> None:
        """Centre the caption horizontally on ``center.x()``, top at ``center.y()``.

        ``lines`` is how the layout broke the texts (worked out here when omitted),
        ``height`` the height shared by every header of the row.
        """
        self.text_inset = text_inset
        self._width = width
        self._font = QFont(font)
        self._bold = _bold(font)
        if lines is None:
            lines = header_lines(self.title, self.subtitle, self._font, width, self.has_buttons)
        self._lines = lines
        lh = QFontMetricsF(self._font).height()
        self._height = height if height is not None else lines.rows * lh + 8
        self.setRect(QRectF(-width / 2, 0, width, self._height))
        self.update()  # same rect, new font or inset: the cached picture is stale
        self.setPos(center)

    @property
    def font(self) -> QFont:
        """The caption's font (a copy), as the layout set it."""
        return QFont(self._font)

    @property
    def lines(self) -> HeaderLines:
        """The lines drawn now."""
        return self._lines

    @staticmethod
    def height_for(font: QFont, rows: int = 2) -> float:
        """Scene height the caption needs with ``font`` (``rows`` lines and the colour bar)."""
        return rows * QFontMetricsF(font).height() + 8

    def painted_texts(self) -> list[str]:
        """Every line drawn now (title lines, then subtitle lines)."""
        return [t for t in (*self._lines.title, *self._lines.subtitle) if t]

    def text_rooms(self) -> list[tuple[str, float, float]]:
        """``(line, its width, the width it may take)`` for every line drawn."""
        fm, fm_b = QFontMetricsF(self._font), QFontMetricsF(self._bold)
        out = [(t, fm_b.horizontalAdvance(t), self._width) for t in self._lines.title]
        room = self._width
        if self._lines.beside:
            room = self._width - 2 * (_button_side(self._font) + 4)
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


class ControlItem(QGraphicsRectItem):
    """A small clickable or draggable control in the editor (grip, +/- button, chip).

    Holds the shared pieces: a local rect placed by :meth:`set_geometry` (the C++
    bounds, one pixel larger) and a hover flag that repaints the control on enter and
    leave. Subclasses draw in Python; the picture is cached between changes.
    """

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self._hovered = False
        self._ink = DEFAULT_INK
        self.setPen(Qt.PenStyle.NoPen)
        _cached(self)
        self._set_rect(QRectF(0, 0, width, height))
        self.setAcceptHoverEvents(True)

    def set_ink(self, ink: Ink) -> None:
        """Colours (and line factor) of the control."""
        self._ink = ink
        self.update()

    def retranslate(self) -> None:
        """Texts (tooltips) in the UI language; controls with texts override it."""

    def _set_rect(self, rect: QRectF) -> None:
        self._rect = rect
        self.setRect(rect.adjusted(-1, -1, 1, 1))

    def set_geometry(self, rect: QRectF) -> None:
        """Place the control in scene rect ``rect``."""
        self._set_rect(QRectF(0, 0, rect.width(), rect.height()))
        self.update()
        self.setPos(rect.topLeft())

    def _body(self, painter: QPainter) -> QRectF:
        """Set the control's outline and (hover-dependent) fill; return its rect."""
        ink = self._ink
        painter.setPen(QPen(ink.control_ink, 1.0 * ink.line))
        painter.setBrush(ink.control_hover if self._hovered else ink.control_fill)
        return self._rect.adjusted(0.5, 0.5, -0.5, -0.5)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)


class ResizeHandleItem(ControlItem):
    """The grip below a hidden layer's last neuron: drag down to add neurons, up to remove.

    Parameters
    ----------
    layer : int
        Drawing column (a hidden layer, 1..n_hidden).
    """

    def __init__(self, layer: int) -> None:
        super().__init__(30, 10)
        self.layer = layer
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        # Above an enlarged (hovered) thumbnail: the grip must stay reachable.
        self.setZValue(11.0)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            QCoreApplication.translate(
                "ResizeHandleItem", "Drag down to add neurons, up to remove them"
            )
        )

    @property
    def key(self) -> tuple[str, int]:
        return ("handle", self.layer)

    def type(self) -> int:
        return int(EditorItemType.HANDLE)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._body(painter)
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        # Two grip lines, the usual sign for "pull me".
        painter.setPen(QPen(self._ink.control_ink, 1.2 * self._ink.line))
        cx, cy = r.center().x(), r.center().y()
        half = min(r.width() * 0.3, 14.0)
        for dy in (-r.height() * 0.16, r.height() * 0.16):
            painter.drawLine(QPointF(cx - half, cy + dy), QPointF(cx + half, cy + dy))


class WidthButtonItem(ControlItem):
    """A "−" or "+" button on a hidden layer's header: one neuron less or more.

    Parameters
    ----------
    layer : int
        Drawing column (a hidden layer).
    delta : int
        -1 or +1.
    """

    def __init__(self, layer: int, delta: int) -> None:
        super().__init__(14, 14)
        self.layer = layer
        self.delta = delta
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(11.0)
        self.retranslate()

    def retranslate(self) -> None:
        if self.delta > 0:
            tip = QCoreApplication.translate("WidthButtonItem", "Add a neuron")
        else:
            tip = QCoreApplication.translate("WidthButtonItem", "Remove the last neuron")
        self.setToolTip(tip)

    @property
    def key(self) -> tuple[str, int, int]:
        return ("width_button", self.layer, self.delta)

    def type(self) -> int:
        return int(EditorItemType.WIDTH_BUTTON)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._body(painter)
        painter.drawEllipse(r)
        pen = QPen(self._ink.control_ink, max(1.4, r.width() / 9))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        c, k = r.center(), r.width() * 0.27
        painter.drawLine(QPointF(c.x() - k, c.y()), QPointF(c.x() + k, c.y()))
        if self.delta > 0:
            painter.drawLine(QPointF(c.x(), c.y() - k), QPointF(c.x(), c.y() + k))


class SelectionItem(QGraphicsRectItem):
    """The outline around the selected layer or neuron (Delete removes it)."""

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF()
        self._ink = DEFAULT_INK
        self.setPen(Qt.PenStyle.NoPen)
        _cached(self)
        self.setZValue(9.0)
        self.setVisible(False)

    def type(self) -> int:
        return int(EditorItemType.SELECTION)

    def set_ink(self, ink: Ink) -> None:
        self._ink = ink
        self.update()

    def set_rect(self, rect: QRectF | None) -> None:
        """Outline scene rect ``rect``; None hides the outline."""
        if rect is None:
            self.setVisible(False)
            return
        self._rect = QRectF(0, 0, rect.width(), rect.height())
        self.setRect(self._rect.adjusted(-2, -2, 2, 2))
        self.update()
        self.setPos(rect.topLeft())
        self.setVisible(True)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        pen = QPen(self._ink.accent, 2.0 * self._ink.line)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(self._ink.accent)
        fill.setAlpha(40 if self._ink.dark else 22)
        painter.setBrush(fill)
        painter.drawRoundedRect(self._rect, 6, 6)
