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

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem

from nnsim.core.experiment import MAX_WIDTH
from nnsim.gui.editor.edit_request import EditRequest
from nnsim.gui.editor.feedback import (
    DropMarkerItem,
    GhostItem,
    GhostNeuronsItem,
    HighlightItem,
    ValueTagItem,
)
from nnsim.gui.editor.scene import NetworkScene

__all__ = [
    "ActivationDrag",
    "InsertLayerDrag",
    "Interaction",
    "LayerDrag",
    "LinkScrub",
    "NeuronDrag",
    "ResizeDrag",
    "SCRUB_PER_PIXEL",
]

#: Weight change per viewport pixel of a link scrub (up = larger); 50 px = 1.0.
SCRUB_PER_PIXEL = 0.02


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
        # Held for the whole gesture: a rebuild of the drawing cancels the gesture first.
        self._link = link = scene.link_items[layer][src][dst]
        self.original = float(link.weight) if link.weight is not None else 0.0
        self.value = self.original
        self._scale = pixels_per_unit
        self._preview = preview
        self._tag = self._add(ValueTagItem(self.font))

    def start(self, pos: QPointF) -> None:
        super().start(pos)
        self._link.set_raised(True)
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

    def _cleanup(self) -> None:
        super()._cleanup()
        self._link.set_raised(False)  # drawn on top while held

    def _result(self) -> EditRequest | None:
        if self.value == self.original:
            return None
        return EditRequest.set_weight(
            self.layer, self.src, self.dst, self.value, original=self.original
        )
