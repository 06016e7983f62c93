"""Editor gestures: one small object per multi-step mouse gesture (DESIGN convention 8).

Every gesture has the same life: :meth:`Interaction.start` on the press (once the
mouse has moved far enough to be a drag), :meth:`~Interaction.update` on every move
with the button held, then either :meth:`~Interaction.finish` on release or
:meth:`~Interaction.cancel` (Esc, or the drawing being rebuilt under it). Gestures
never touch the model: ``finish`` returns at most one :class:`EditRequest` -- the
``make`` callable the view sends out as ``edit_requested`` -- so a whole drag becomes
exactly one undo command, and a cancelled or pointless drag none.

While a gesture runs it shows what will happen, using overlay items it owns and
removes again: a ghost following the pointer, a drop marker in the gap where a layer
would land, a highlighted column, ghost neurons for a resize, the armed trash zone.

Column numbering is the drawing's (0 = features, 1..H = hidden layers, H + 1 =
output); :class:`EditRequest` translates it to the edit functions' indices
(hidden-layer index for layer edits, weight-layer index for weights and biases).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from nnsim.core.experiment import MAX_WIDTH, Experiment
from nnsim.gui.editor.items import DEFAULT_INK, EditorItemType, Ink
from nnsim.gui.editor.palette import chip_label, paint_chip
from nnsim.gui.editor.scene import NetworkScene

if TYPE_CHECKING:
    from nnsim.model.edits import Edit

__all__ = [
    "ActivationDrag",
    "EditRequest",
    "InsertLayerDrag",
    "Interaction",
    "LayerDrag",
    "LinkScrub",
    "NeuronDrag",
    "ResizeDrag",
    "SCRUB_PER_PIXEL",
    "default_activation",
]

#: Weight change per viewport pixel of a link scrub (up = larger); 50 px = 1.0.
SCRUB_PER_PIXEL = 0.02
_DANGER = QColor(200, 50, 45)
_OVERLAY_Z = 20.0


# --------------------------------------------------------------------------- edit requests


def default_activation(exp: Experiment) -> str:
    """Activation of a newly inserted layer: the first hidden layer's, else tanh."""
    return exp.hidden[0].activation if exp.hidden else "tanh"


def _edits():  # noqa: ANN202 - the module
    # Imported when an edit is made, not when the editor loads: the drawing works
    # (and is tested) on its own.
    from nnsim.model import edits

    return edits


def _insert_layer(exp: Experiment, units: Any, index: int) -> Edit:
    return _edits().insert_layer(exp, units, index, 4, default_activation(exp))


def _set_weight(
    exp: Experiment, units: Any, layer: int, src: int, dst: int, value: float, original: float
) -> Edit:
    # During a scrub the live trainer already runs with the previewed value, so the
    # weights handed in may carry it; the edit's "before" must be the value the user
    # started from, or undo would return to a half-way point of the drag.
    if exp.weights is not None and layer < len(exp.weights.W):
        W = [np.array(w, dtype=np.float64) for w in exp.weights.W]
        W[layer][src, dst] = original
        exp = exp.with_weights(W, exp.weights.b, exp.step)
    return _edits().set_weight(exp, units, layer, src, dst, value)


@dataclass(frozen=True)
class EditRequest:
    """A ``make(experiment, units) -> Edit`` callable that knows what it asks for.

    Attributes
    ----------
    name : str
        Edit function of :mod:`nnsim.model.edits` (``"insert_layer"``, ...).
    args : tuple
        Its arguments after ``(exp, units)``, in the edit functions' indices.
    """

    name: str
    args: tuple[Any, ...] = ()
    _fn: Callable[..., Edit] | None = field(default=None, repr=False, compare=False)

    def __call__(self, exp: Experiment, units: Any) -> Edit:
        fn = self._fn if self._fn is not None else getattr(_edits(), self.name)
        return fn(exp, units, *self.args)

    # The drawing's columns -> the edit functions' indices, in one place.
    @classmethod
    def insert_layer(cls, gap: int) -> EditRequest:
        """A new hidden layer in gap ``gap`` (it becomes hidden layer ``gap``, 0-based)."""
        return cls("insert_layer", (gap,), _insert_layer)

    @classmethod
    def remove_layer(cls, column: int) -> EditRequest:
        return cls("remove_layer", (column - 1,))

    @classmethod
    def move_layer(cls, column: int, dst: int) -> EditRequest:
        """Hidden layer of ``column`` to hidden position ``dst`` (0-based)."""
        return cls("move_layer", (column - 1, dst))

    @classmethod
    def set_width(cls, column: int, width: int) -> EditRequest:
        return cls("set_width", (column - 1, width))

    @classmethod
    def remove_neuron(cls, column: int, unit: int) -> EditRequest:
        return cls("remove_neuron", (column - 1, unit))

    @classmethod
    def set_activation(cls, column: int, activation: str) -> EditRequest:
        """Activation of the layer drawn in ``column`` (the output layer included)."""
        return cls("set_activation", (column - 1, activation))

    @classmethod
    def toggle_feature(cls, name: str) -> EditRequest:
        return cls("toggle_feature", (name,))

    @classmethod
    def set_weight(
        cls, layer: int, src: int, dst: int, value: float, original: float | None = None
    ) -> EditRequest:
        """``W[layer][src, dst] = value``; ``original`` is the value before a scrub."""
        if original is None:
            return cls("set_weight", (layer, src, dst, float(value)))
        return cls("set_weight", (layer, src, dst, float(value), float(original)), _set_weight)

    @classmethod
    def set_bias(cls, column: int, unit: int, value: float) -> EditRequest:
        return cls("set_bias", (column - 1, unit, float(value)))


# --------------------------------------------------------------------------- overlay items


class _Overlay(QGraphicsItem):
    """Feedback drawn during a gesture: never hit by the mouse, above everything."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(_OVERLAY_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def type(self) -> int:
        return int(EditorItemType.OVERLAY)

    @property
    def ink(self) -> Ink:
        """The scene's colours (the theme applied to the drawing)."""
        return getattr(self.scene(), "ink", DEFAULT_INK)

    def painted_texts(self) -> list[str]:
        """The text drawn now (drag feedback), if any."""
        text = getattr(self, "text", "")
        return [text] if text else []


class DropMarkerItem(_Overlay):
    """A vertical bar in the gap where a layer will land, with a caption."""

    def __init__(self, text: str, font: QFont) -> None:
        super().__init__()
        self.text = text
        self._font = QFont(font)
        self._font.setBold(True)
        self._rect = QRectF()
        self.setVisible(False)

    def place(self, x: float, top: float, bottom: float) -> None:
        fm = QFontMetricsF(self._font)
        w = max(fm.horizontalAdvance(self.text) + 12, 14.0)
        self.prepareGeometryChange()
        self._rect = QRectF(-w / 2, 0, w, bottom - top)
        self.setPos(x, top)
        self.setVisible(True)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._rect
        fm = QFontMetricsF(self._font)
        lh = fm.height() + 6
        band = QRectF(-5, lh + 4, 10, r.height() - lh - 4)
        ink = self.ink
        painter.setPen(Qt.PenStyle.NoPen)
        fill = QColor(ink.accent)
        fill.setAlpha(60)
        painter.setBrush(fill)
        painter.drawRoundedRect(band, 5, 5)
        pen = QPen(ink.accent, 2.5 * ink.line)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(0, band.top() + 3), QPointF(0, band.bottom() - 3))
        label = QRectF(r.left(), 0, r.width(), lh)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink.accent)
        painter.drawRoundedRect(label, 4, 4)
        painter.setFont(self._font)
        painter.setPen(ink.accent_text)
        painter.drawText(label, int(Qt.AlignmentFlag.AlignCenter), self.text)


class GhostItem(_Overlay):
    """What is being dragged, half transparent, under the pointer.

    ``kind`` is ``"chip"`` (a palette chip, ``text`` = its key), ``"card"`` (a layer
    header: ``text`` is its title) or ``"neuron"`` (a unit square).
    """

    def __init__(self, kind: str, text: str, size: QRectF, font: QFont, icons: bool = True) -> None:
        super().__init__()
        self.kind = kind
        self.text = text
        self._icons = icons
        # Up and to the right of the pointer, so the drop target under it stays visible.
        self._rect = QRectF(8, -size.height() - 8, size.width(), size.height())
        self._font = QFont(font)
        self.setOpacity(0.8)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def painted_texts(self) -> list[str]:
        if self.kind == "chip":
            return [chip_label(self.text)]
        return [self.text] if self.text else []

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self._rect
        ink = self.ink
        if self.kind == "chip":
            paint_chip(painter, r, self.text, self._font, self._icons, True, ink)
            return
        painter.setPen(QPen(ink.text, 1.5 * ink.line))
        painter.setBrush(ink.control_fill)
        if self.kind == "neuron":
            painter.drawRect(r)
            return
        painter.drawRoundedRect(r, 6, 6)
        bold = QFont(self._font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(ink.text)
        painter.drawText(r, int(Qt.AlignmentFlag.AlignCenter), self.text)


class HighlightItem(_Overlay):
    """A tinted frame around a column, with a caption of what the drop will do."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = QFont(font)
        self._font.setBold(True)
        self._rect = QRectF()
        self.text = ""
        self.setZValue(_OVERLAY_Z - 1)
        self.setVisible(False)

    def place(self, rect: QRectF, text: str) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(0, 0, rect.width(), rect.height())
        self.text = text
        self.setPos(rect.topLeft())
        self.setVisible(True)

    def boundingRect(self) -> QRectF:
        fm = QFontMetricsF(self._font)
        w = max(self._rect.width(), fm.horizontalAdvance(self.text) + 12)
        return QRectF(
            self._rect.center().x() - w / 2 - 2,
            -2,
            w + 4,
            self._rect.height() + fm.height() + 12,
        )

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        ink = self.ink
        fill = QColor(ink.accent)
        fill.setAlpha(35)
        painter.setBrush(fill)
        painter.setPen(QPen(ink.accent, 2.5 * ink.line))
        painter.drawRoundedRect(self._rect, 8, 8)
        if self.text:
            _paint_tag(
                painter,
                QPointF(self._rect.center().x(), self._rect.bottom() + 4),
                self.text,
                self._font,
                ink.accent,
                ink.accent_text,
            )


def _paint_tag(
    painter: QPainter,
    top_centre: QPointF,
    text: str,
    font: QFont,
    color: QColor,
    text_color: QColor | None = None,
) -> None:
    """A filled label (white text unless ``text_color``), hanging from ``top_centre``."""
    fm = QFontMetricsF(font)
    w, h = fm.horizontalAdvance(text) + 12, fm.height() + 6
    rect = QRectF(top_centre.x() - w / 2, top_centre.y(), w, h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(rect, 4, 4)
    painter.setFont(font)
    painter.setPen(text_color if text_color is not None else QColor(255, 255, 255))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)


class GhostNeuronsItem(_Overlay):
    """Resize feedback: dashed squares for neurons to add, crosses on neurons to remove."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = QFont(font)
        self._font.setBold(True)
        self.font = self._font
        self._adds: list[QRectF] = []
        self._removes: list[QRectF] = []
        self._tag = QPointF()
        self.text = ""
        self.valid = True
        self._bounds = QRectF()

    def place(
        self,
        adds: Sequence[QRectF],
        removes: Sequence[QRectF],
        tag: QPointF,
        text: str,
        valid: bool,
    ) -> None:
        self.prepareGeometryChange()
        self._adds, self._removes = list(adds), list(removes)
        self._tag, self.text, self.valid = QPointF(tag), text, valid
        fm = QFontMetricsF(self._font)
        w, h = fm.horizontalAdvance(text) + 16, fm.height() + 8
        bounds = QRectF(tag.x() - w / 2, tag.y(), w, h)
        for r in (*self._adds, *self._removes):
            bounds = bounds.united(r)
        self._bounds = bounds.adjusted(-3, -3, 3, 3)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        ink = self.ink
        color = ink.accent if self.valid else _DANGER
        pen = QPen(color, 2.0 * ink.line)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(color)
        fill.setAlpha(30)
        painter.setBrush(fill)
        for r in self._adds:
            painter.drawRect(r)
        cross = QPen(_DANGER, 3.0)
        cross.setCapStyle(Qt.PenCapStyle.RoundCap)
        for r in self._removes:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150) if ink.dark else QColor(255, 255, 255, 150))
            painter.drawRect(r)
            painter.setPen(cross)
            k = r.width() * 0.2
            inner = r.adjusted(k, k, -k, -k)
            painter.drawLine(inner.topLeft(), inner.bottomRight())
            painter.drawLine(inner.topRight(), inner.bottomLeft())
        if self.text:
            text_color = ink.accent_text if self.valid else QColor(255, 255, 255)
            _paint_tag(painter, self._tag, self.text, self._font, color, text_color)


class ValueTagItem(_Overlay):
    """A small label next to the pointer (the scrubbed weight)."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = QFont(font)
        self._font.setBold(True)
        self.text = ""

    def set_text(self, text: str) -> None:
        self.prepareGeometryChange()
        self.text = text

    def boundingRect(self) -> QRectF:
        fm = QFontMetricsF(self._font)
        return QRectF(12, -fm.height() - 14, fm.horizontalAdvance(self.text) + 16, fm.height() + 10)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = self.boundingRect().adjusted(2, 2, -2, -2)
        ink = self.ink
        _paint_tag(
            painter,
            QPointF(r.center().x(), r.top()),
            self.text,
            self._font,
            ink.accent,
            ink.accent_text,
        )


# --------------------------------------------------------------------------- interactions


class Interaction:
    """A gesture in progress: start / update / finish / cancel.

    Parameters
    ----------
    scene : NetworkScene
        The drawing the gesture works on (its layout answers "where").
    """

    #: Pointer shape while this gesture runs.
    cursor = Qt.CursorShape.ClosedHandCursor

    def __init__(self, scene: NetworkScene) -> None:
        self.scene = scene
        self._overlays: list[QGraphicsItem] = []
        self.origin = QPointF()
        self.pos = QPointF()

    def _add(self, item: QGraphicsItem) -> QGraphicsItem:
        self.scene.addItem(item)
        self._overlays.append(item)
        return item

    @property
    def font(self) -> QFont:
        lay = self.scene.layout
        return QFont(lay.font) if lay is not None else QFont()

    @property
    def icons(self) -> bool:
        """Whether the palette draws chip icons (a chip's ghost looks like the chip)."""
        lay = self.scene.layout
        return lay.palette.icons if lay is not None else True

    def start(self, pos: QPointF) -> None:
        """The drag begins at scene point ``pos`` (where the button went down)."""
        self.origin = QPointF(pos)
        self.pos = QPointF(pos)

    def update(self, pos: QPointF) -> None:
        """The pointer moved to scene point ``pos`` with the button held."""
        self.pos = QPointF(pos)

    def finish(self, pos: QPointF) -> EditRequest | None:
        """The button was released at ``pos``: the one edit to request, or None."""
        self.update(pos)
        request = self._result()
        self._cleanup()
        return request

    def cancel(self) -> None:
        """Abandon the gesture: remove the feedback, request nothing."""
        self._cleanup()

    def _result(self) -> EditRequest | None:
        raise NotImplementedError

    def _cleanup(self) -> None:
        for item in self._overlays:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self._overlays = []
        if self.scene.trash_item is not None:
            self.scene.trash_item.set_armed(False)


class InsertLayerDrag(Interaction):
    """Dense chip -> a gap between columns: insert a hidden layer there."""

    def __init__(self, scene: NetworkScene, chip_key: str, chip_size: QRectF) -> None:
        super().__init__(scene)
        self.gap: int | None = None
        self._ghost = self._add(GhostItem("chip", chip_key, chip_size, self.font, self.icons))
        self._marker = self._add(
            DropMarkerItem(QCoreApplication.translate("Interaction", "+ layer"), self.font)
        )
        self._ghost.setVisible(False)

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        self._ghost.setVisible(True)
        self.update(pos)

    def update(self, pos: QPointF) -> None:
        super().update(pos)
        self._ghost.setPos(pos)
        arch = self.scene.architecture
        self.gap = self.scene.gap_at(pos) if arch is not None else None
        lay = self.scene.layout
        if self.gap is None or lay is None:
            self._marker.setVisible(False)
            return
        self._marker.place(lay.gaps[self.gap], lay.area_top - 4, lay.bottom)

    def _result(self) -> EditRequest | None:
        return None if self.gap is None else EditRequest.insert_layer(self.gap)


class ActivationDrag(Interaction):
    """Activation chip -> a layer: use that activation there."""

    def __init__(
        self, scene: NetworkScene, chip_key: str, activation: str, chip_size: QRectF
    ) -> None:
        super().__init__(scene)
        self.activation = activation
        self.column: int | None = None
        self._ghost = self._add(GhostItem("chip", chip_key, chip_size, self.font, self.icons))
        self._frame = self._add(HighlightItem(self.font))
        self._ghost.setVisible(False)

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        self._ghost.setVisible(True)
        self.update(pos)

    def update(self, pos: QPointF) -> None:
        super().update(pos)
        self._ghost.setPos(pos)
        self.column = self.scene.column_at(pos)
        if self.column is None:
            self._frame.setVisible(False)
            return
        label = self.scene.chip_items[f"act:{self.activation}"].label
        self._frame.place(self.scene.column_rect(self.column), f"→ {label}")  # a proper name

    def _result(self) -> EditRequest | None:
        c = self.column
        if c is None:
            return None
        if c - 1 < len(self.scene.activations) and self.scene.activations[c - 1] == self.activation:
            return None  # already that activation: nothing would change
        return EditRequest.set_activation(c, self.activation)


class ResizeDrag(Interaction):
    """A layer's grip, dragged down/up: one neuron more/less per row of the layout.

    The target width is shown even when it breaks the 1..16 limit (in red): the
    edit is still requested on release, and refused there with a message, so the
    limit is explained rather than silently clamped.
    """

    cursor = Qt.CursorShape.SizeVerCursor

    def __init__(self, scene: NetworkScene, column: int) -> None:
        super().__init__(scene)
        self.column = column
        arch = scene.architecture
        assert arch is not None
        self.width0 = int(arch.layer_sizes[column])
        self.width = self.width0
        self._ghosts = self._add(GhostNeuronsItem(self.font))

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        self.update(pos)

    def update(self, pos: QPointF) -> None:
        super().update(pos)
        lay = self.scene.layout
        assert lay is not None
        dy = pos.y() - self.origin.y()
        self.width = int(np.clip(self.width0 + round(dy / lay.row_pitch), 0, MAX_WIDTH + 1))
        items = self.scene.neuron_items[self.column]
        s = lay.neuron
        last = items[-1].pos()
        adds = [
            QRectF(last.x(), last.y() + k * lay.row_pitch, s, s)
            for k in range(1, self.width - self.width0 + 1)
        ]
        removes = [QRectF(it.pos().x(), it.pos().y(), s, s) for it in items[max(self.width, 0) :]]
        valid = 1 <= self.width <= MAX_WIDTH
        if self.width == self.width0:
            if self.width == 1:
                text = QCoreApplication.translate("Interaction", "1 neuron")
            else:
                text = QCoreApplication.translate("Interaction", "{n} neurons").format(n=self.width)
        elif valid:
            text = QCoreApplication.translate("Interaction", "{old} → {new} neurons").format(
                old=self.width0, new=self.width
            )
        elif self.width < 1:
            text = QCoreApplication.translate("Interaction", "at least 1 neuron")
        else:
            text = QCoreApplication.translate("Interaction", "at most {n} neurons").format(
                n=MAX_WIDTH
            )
        # The caption sits right of the grip, where the pointer does not cover it.
        fm = QFontMetricsF(self._ghosts.font)
        grip = self.scene.handle_items[self.column].sceneBoundingRect()
        tag = QPointF(grip.right() + 12 + (fm.horizontalAdvance(text) + 12) / 2, grip.top())
        self._ghosts.place(adds, removes, tag, text, valid)

    def _result(self) -> EditRequest | None:
        if self.width == self.width0:
            return None
        return EditRequest.set_width(self.column, self.width)


class _TrashDrag(Interaction):
    """Shared part of dragging a thing that the trash can take."""

    def __init__(self, scene: NetworkScene) -> None:
        super().__init__(scene)
        self.on_trash = False

    def update(self, pos: QPointF) -> None:
        super().update(pos)
        self.on_trash = self.scene.over_trash(pos)
        if self.scene.trash_item is not None:
            self.scene.trash_item.set_armed(self.on_trash)


class LayerDrag(_TrashDrag):
    """A hidden layer dragged by its header: sideways to reorder, onto the trash to remove."""

    def __init__(self, scene: NetworkScene, column: int) -> None:
        super().__init__(scene)
        self.column = column
        self.gap: int | None = None
        self.target: int | None = None
        lay = scene.layout
        assert lay is not None
        header = scene.header_items[column]
        fm = QFontMetricsF(lay.font)
        size = QRectF(0, 0, fm.horizontalAdvance(header.title) + 24, fm.height() * 1.8)
        self._frame = self._add(HighlightItem(lay.font))
        self._ghost = self._add(GhostItem("card", header.title, size, lay.font))
        self._marker = self._add(
            DropMarkerItem(QCoreApplication.translate("Interaction", "move here"), lay.font)
        )
        self._ghost.setVisible(False)

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        self._frame.place(self.scene.column_rect(self.column), "")
        self._ghost.setVisible(True)
        self.update(pos)

    def update(self, pos: QPointF) -> None:
        super().update(pos)
        self._ghost.setPos(pos)
        arch = self.scene.architecture
        lay = self.scene.layout
        assert arch is not None and lay is not None
        n_hidden = arch.n_columns - 2
        src = self.column - 1
        self.gap = None if self.on_trash else self.scene.gap_at(pos, 0, n_hidden)
        # Gap g is "before hidden layer g"; the gaps on either side of the layer leave it put.
        if self.gap is None or self.gap in (src, src + 1):
            self.target = None
            self._marker.setVisible(False)
        else:
            self.target = self.gap if self.gap < src else self.gap - 1
            self._marker.place(lay.gaps[self.gap], lay.area_top - 4, lay.bottom)

    def _result(self) -> EditRequest | None:
        if self.on_trash:
            return EditRequest.remove_layer(self.column)
        if self.target is not None:
            return EditRequest.move_layer(self.column, self.target)
        return None


class NeuronDrag(_TrashDrag):
    """A hidden neuron dragged onto the trash: remove that neuron."""

    def __init__(self, scene: NetworkScene, column: int, unit: int) -> None:
        super().__init__(scene)
        self.column = column
        self.unit = unit
        lay = scene.layout
        assert lay is not None
        s = lay.neuron
        self._ghost = self._add(GhostItem("neuron", "", QRectF(0, 0, s, s), lay.font))

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        self.update(pos)

    def update(self, pos: QPointF) -> None:
        super().update(pos)
        self._ghost.setPos(pos)

    def _result(self) -> EditRequest | None:
        return EditRequest.remove_neuron(self.column, self.unit) if self.on_trash else None


class LinkScrub(Interaction):
    """A link dragged up/down: scrub its weight live; one ``set_weight`` on release.

    Parameters
    ----------
    scene : NetworkScene
    layer, src, dst : int
        The weight ``W[layer][src, dst]``.
    pixels_per_unit : float
        Viewport pixels per scene unit (the view's scale), so the scrub speed is
        the same at any zoom.
    preview : callable (layer, src, dst, value) -> None
        Called on every change of the value (and with the original on cancel).
    """

    cursor = Qt.CursorShape.SizeVerCursor

    def __init__(
        self,
        scene: NetworkScene,
        layer: int,
        src: int,
        dst: int,
        pixels_per_unit: float,
        preview: Callable[[int, int, int, float], None],
    ) -> None:
        super().__init__(scene)
        self.layer, self.src, self.dst = layer, src, dst
        link = scene.link_items[layer][src][dst]
        self.original = float(link.weight) if link.weight is not None else 0.0
        self.value = self.original
        self._scale = pixels_per_unit
        self._preview = preview
        self._tag = self._add(ValueTagItem(self.font))

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        link = self.scene.link_items[self.layer][self.src][self.dst]
        link.setZValue(1.0)
        self.update(pos)

    def update(self, pos: QPointF) -> None:
        super().update(pos)
        dy_px = (pos.y() - self.origin.y()) * self._scale
        # Whole hundredths of change: a scrub lands on readable numbers.
        value = self.original + round(-dy_px * SCRUB_PER_PIXEL, 2)
        self._tag.setPos(pos)
        self._tag.set_text(f"w = {value:+.2f}")
        if value != self.value:
            self.value = value
            self.scene.preview_weight(self.layer, self.src, self.dst, value)
            self._preview(self.layer, self.src, self.dst, value)

    def cancel(self) -> None:
        if self.value != self.original:
            self.value = self.original
            self.scene.preview_weight(self.layer, self.src, self.dst, self.original)
            self._preview(self.layer, self.src, self.dst, self.original)
        super().cancel()

    def _result(self) -> EditRequest | None:
        if self.value == self.original:
            return None
        return EditRequest.set_weight(
            self.layer, self.src, self.dst, self.value, original=self.original
        )
