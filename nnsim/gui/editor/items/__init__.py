"""Graphics items of the network drawing: features, neurons, links and layer headers.

Every item has a stable identity (:attr:`key`) made of model indices -- a neuron is
``("neuron", column, unit)``, a link ``("link", weight_layer, src, dst)`` -- and its
own :meth:`type`, so the scene can find it again after an update and a later drag
interaction can ask "what is under the mouse?" without guessing from geometry.

Items never compute their own geometry: :func:`nnsim.gui.editor.layout.compute_layout`
decides every position and size, and the scene pushes them in with ``set_geometry``.
Items never read a Snapshot either: the scene maps values to colours (vectorised,
once per layer) and hands each item its pixels, pen and values.

Nothing here paints in Python while training runs: a scene of a deep network has
hundreds of items, and a Python ``paint``/``boundingRect`` per item per frame would cost
the GUI most of its frame. So every item's geometry comes from a C++ base
(``QGraphicsRectItem``, ``QGraphicsPathItem``), the live parts (thumbnails, bias
squares) are drawn by plain C++ child items, the links by one layer that keeps them in
an image and redraws only the links whose pen changed, and the few items drawn in
Python (captions, controls) are cached as pixmaps and repainted only when they change.

Column numbering follows ``Snapshot.neuron_grids``: column 0 is the input features,
column c >= 1 is the output of weight layer ``c - 1`` (the last column is the output).

The items live in modules by kind -- :mod:`.base` (type ids, the theme's
:class:`Ink`), :mod:`.units` (features and neurons), :mod:`.links`, :mod:`.header`
and :mod:`.controls` (grips, buttons, the selection) -- and are all importable from
here.
"""

from nnsim.gui.editor.items.base import (
    DEFAULT_INK,
    EditorItemType,
    Ink,
    ItemType,
    cache_picture,
    ink_for,
)
from nnsim.gui.editor.items.controls import (
    ControlItem,
    ResizeHandleItem,
    SelectionItem,
    WidthButtonItem,
)
from nnsim.gui.editor.items.header import (
    HeaderLines,
    LayerHeaderItem,
    header_button_side,
    header_lines,
    header_min_width,
    wrap_words,
)
from nnsim.gui.editor.items.links import LinkHitItem, LinkItem, LinksLayer, WeightTable
from nnsim.gui.editor.items.units import (
    DISABLED_OPACITY,
    PORT,
    FeatureItem,
    NeuronItem,
    Thumbnail,
    bias_side,
)

__all__ = [
    "DEFAULT_INK",
    "DISABLED_OPACITY",
    "PORT",
    "ControlItem",
    "EditorItemType",
    "FeatureItem",
    "HeaderLines",
    "Ink",
    "ItemType",
    "LayerHeaderItem",
    "LinkHitItem",
    "LinkItem",
    "LinksLayer",
    "NeuronItem",
    "ResizeHandleItem",
    "SelectionItem",
    "Thumbnail",
    "WeightTable",
    "WidthButtonItem",
    "bias_side",
    "cache_picture",
    "header_button_side",
    "header_lines",
    "header_min_width",
    "ink_for",
    "wrap_words",
]
