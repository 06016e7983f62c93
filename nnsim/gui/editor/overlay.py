"""Numbers and highlights drawn over the network drawing by the teaching views.

The walkthrough puts each neuron's values *on the neuron* (``a = 0.42`` in the forward
pass, ``dL/dz = −0.013`` in the backward pass), and the weight-matrix view lights up the
neuron whose column was clicked. Both are small items parented to the scene's neuron
(or feature) items, so they move and zoom with them when the drawing is laid out again;
they ignore the mouse, so every click still reaches the editor underneath.

:class:`NeuronOverlay` manages them for one :class:`~nnsim.gui.editor.view.NetworkView`.
Columns are drawing columns: 0 = the input features, ``c >= 1`` = the units of weight
layer ``c - 1`` (the last column is the output).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from nnsim.gui.editor.view import NetworkView

__all__ = ["HighlightRing", "NeuronOverlay", "ValueTag"]

_TAG_FILL = QColor(255, 255, 255, 228)
_TAG_BORDER = QColor(90, 90, 90)
_TAG_TEXT = QColor(20, 20, 20)
_EMPHASIS = QColor(255, 214, 0)  # the current step's neurons: a yellow tag
_RING = QColor(20, 20, 20)
_Z = 30.0

Key = tuple[int, int]


def _parent_size(item: QGraphicsItem) -> float:
    parent = item.parentItem()
    size = getattr(parent, "size", 40.0)
    return float(size() if callable(size) else size)


class ValueTag(QGraphicsItem):
    """A small label with one or two lines of numbers, centred on its parent's thumbnail."""

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.text = ""
        self.emphasis = False
        self.setZValue(_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def set_text(self, text: str, emphasis: bool = False) -> None:
        """Show ``text`` (lines separated by ``\\n``); ``emphasis`` marks the current step."""
        if text != self.text or emphasis != self.emphasis:
            self.prepareGeometryChange()
            self.text = text
            self.emphasis = emphasis
            self.update()

    def _font(self) -> QFont:
        font = QFont()
        font.setPixelSize(int(max(10, min(15, _parent_size(self) * 0.3))))
        return font

    def _rect(self) -> QRectF:
        fm = QFontMetricsF(self._font())
        lines = self.text.split("\n") if self.text else [""]
        w = max(fm.horizontalAdvance(s) for s in lines) + 8
        h = fm.height() * len(lines) + 4
        s = _parent_size(self)
        # Over the lower half of the thumbnail: the top half stays visible.
        return QRectF(s / 2 - w / 2, s - h * 0.75, w, h)

    def boundingRect(self) -> QRectF:
        return self._rect().adjusted(-2, -2, 2, 2)

    def painted_texts(self) -> list[str]:
        """The numbers shown (lines of the tag)."""
        return self.text.split("\n") if self.text else []

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self.text:
            return
        rect = self._rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # The drawing's theme: dark tags with light numbers on a dark canvas.
        ink = getattr(self.scene(), "ink", None)
        dark = ink is not None and ink.dark and not self.emphasis
        painter.setPen(QPen(ink.border if dark else _TAG_BORDER, 1.0))
        fill = ink.tag_fill if dark else _TAG_FILL
        painter.setBrush(_EMPHASIS if self.emphasis else fill)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setFont(self._font())
        painter.setPen(ink.tag_text if dark else _TAG_TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)


class HighlightRing(QGraphicsItem):
    """A thick frame around its parent's thumbnail: "this neuron"."""

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.setZValue(_Z - 1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def boundingRect(self) -> QRectF:
        s = _parent_size(self)
        return QRectF(-6, -6, s + 12, s + 12)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        s = _parent_size(self)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(_EMPHASIS, 6.0))
        painter.drawRect(QRectF(-3, -3, s + 6, s + 6))
        painter.setPen(QPen(_RING, 2.0))
        painter.drawRect(QRectF(-4, -4, s + 8, s + 8))


class NeuronOverlay:
    """Value tags and a highlight ring over a :class:`NetworkView`'s units.

    Parameters
    ----------
    view : NetworkView
        The drawing to annotate. Items are re-created on the fly when the scene has
        rebuilt its items (an architecture change deletes their parents).

    Attributes
    ----------
    texts : dict (column, unit) -> str
        What is shown (units that do not exist in the drawing are skipped).
    highlighted : (column, unit) or None
    """

    def __init__(self, view: NetworkView) -> None:
        self.view = view
        self.texts: dict[Key, str] = {}
        self.emphasis: frozenset[Key] = frozenset()
        self.highlighted: Key | None = None
        self._tags: dict[Key, ValueTag] = {}
        self._ring: HighlightRing | None = None
        self._rebuilds = -1

    # -- public API ------------------------------------------------------------------
    def show_texts(self, texts: Mapping[Key, str], emphasis: Iterable[Key] = ()) -> None:
        """Put ``texts[(column, unit)]`` on those units; every other tag is removed."""
        self.texts = dict(texts)
        self.emphasis = frozenset(emphasis)
        self.refresh()

    def highlight(self, column: int | None, unit: int | None = None) -> None:
        """Frame unit ``unit`` of drawing column ``column`` (None removes the frame)."""
        self.highlighted = None if column is None or unit is None else (int(column), int(unit))
        self.refresh()

    def clear(self) -> None:
        """Remove every tag and the frame."""
        self.texts = {}
        self.emphasis = frozenset()
        self.highlighted = None
        self.refresh()

    def tag_texts(self) -> dict[Key, str]:
        """The texts actually on screen, by unit (for tests and tools)."""
        self._sync()
        return {k: t.text for k, t in self._tags.items() if t.text}

    # -- internals ---------------------------------------------------------------------
    def _item(self, key: Key) -> QGraphicsItem | None:
        scene = self.view.network_scene
        if scene.architecture is None:
            return None
        col, unit = key
        try:
            if col == 0:
                return scene.input_items()[unit]
            return scene.neuron_items[col][unit]
        except (KeyError, IndexError):
            return None

    def _sync(self) -> None:
        """Forget items whose parents the scene deleted in a rebuild."""
        rebuilds = self.view.network_scene.rebuilds
        if rebuilds != self._rebuilds:
            self._rebuilds = rebuilds
            self._tags = {k: t for k, t in self._tags.items() if shiboken6.isValid(t)}
            if self._ring is not None and not shiboken6.isValid(self._ring):
                self._ring = None

    def refresh(self) -> None:
        """Re-apply :attr:`texts` and :attr:`highlighted` to the current items."""
        self._sync()
        for key in list(self._tags):
            tag = self._tags[key]
            if key not in self.texts or tag.parentItem() is not self._item(key):
                self._remove(tag)
                del self._tags[key]
        for key, text in self.texts.items():
            parent = self._item(key)
            if parent is None:
                continue
            tag = self._tags.get(key)
            if tag is None:
                tag = ValueTag(parent)
                self._tags[key] = tag
            tag.set_text(text, key in self.emphasis)
        target = self._item(self.highlighted) if self.highlighted is not None else None
        if self._ring is not None and (target is None or self._ring.parentItem() is not target):
            self._remove(self._ring)
            self._ring = None
        if target is not None and self._ring is None:
            self._ring = HighlightRing(target)

    def _remove(self, item: QGraphicsItem) -> None:
        scene = item.scene()
        if scene is not None:
            scene.removeItem(item)
