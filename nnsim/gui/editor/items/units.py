"""The tiles of the drawing: input features and neurons, each with a live thumbnail.

Every tile's geometry is a C++ rect and its picture a C++ pixmap child, so a frame
of training repaints hundreds of them without a Python ``paint`` call.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainterPath, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
)

from nnsim.gui.colors import NEUTRAL
from nnsim.gui.editor.items.base import Ink, ItemType

__all__ = [
    "DISABLED_OPACITY",
    "PORT",
    "FeatureItem",
    "NeuronItem",
    "Thumbnail",
    "bias_side",
]

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


def bias_side(size: float) -> float:
    """Side of the bias square on the corner of a neuron ``size`` px wide."""
    return max(4.0, round(size * 0.17))


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

    @property
    def border_pen(self) -> QPen:
        """The pen of the tile's outline (the theme's border colour and line width)."""
        return self._border.pen()

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
        b = bias_side(self._size)
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

    def bias_rect(self) -> QRectF:
        """The bias square, in item coordinates (double-click it to type a bias)."""
        b = bias_side(self._size)
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
