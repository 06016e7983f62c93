"""The network drawing as a ``QGraphicsScene``: a model -> item map, fed by snapshots.

The scene owns one item per model object (feature, neuron, weight, column caption),
indexed by model indices in :attr:`NetworkScene.feature_items`,
:attr:`~NetworkScene.neuron_items`, :attr:`~NetworkScene.link_items` and
:attr:`~NetworkScene.header_items`. Items are rebuilt only when the
:class:`Architecture` changes; a new snapshot of the same architecture only swaps
thumbnails, link pens and tooltips (DESIGN convention 7), which keeps 60 updates per
second cheap and lets a drag interaction hold on to an item across updates.

All geometry comes from one pure function, :func:`~nnsim.gui.editor.layout.compute_layout`,
and the per-frame colour rules from :mod:`nnsim.gui.editor.styling`; both are
importable from here as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Signal
from PySide6.QtWidgets import QGraphicsScene

from nnsim.core.experiment import MAX_WIDTH
from nnsim.core.features import FEATURES, feature_matrix
from nnsim.core.grid import grid_points
from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import class_color, layer_color
from nnsim.gui.editor.items import (
    DEFAULT_INK,
    FeatureItem,
    Ink,
    LayerHeaderItem,
    LinkItem,
    LinksLayer,
    NeuronItem,
    ResizeHandleItem,
    SelectionItem,
    WeightTable,
    WidthButtonItem,
    ink_for,
)
from nnsim.gui.editor.layout import (
    Architecture,
    Layout,
    activation_label,
    column_title,
    compute_layout,
    header_texts,
)
from nnsim.gui.editor.palette import PaletteChipItem, PaletteStripItem, TrashItem, chip_keys
from nnsim.gui.editor.styling import (
    FEATURE_THUMB,
    LUT_COLORS,
    link_style,
    paint_columns,
    unit_range,
)
from nnsim.gui.theme import Theme

__all__ = ["NetworkScene"]


class NetworkScene(QGraphicsScene):
    """Items for one architecture, and the rules that colour them from a snapshot.

    Attributes
    ----------
    architecture : Architecture or None
        What the items currently draw.
    feature_items : dict str -> FeatureItem
        Every shown feature (enabled or not), by registry name.
    neuron_items : dict int -> list of NeuronItem
        Column c >= 1 (hidden layers, then the output) -> its units, top to bottom.
    link_items : dict int -> list of list of LinkItem
        Weight layer i -> ``[src][dst]``, one item per entry of ``W[i]``.
    header_items : dict int -> LayerHeaderItem
        Column -> its caption.
    handle_items : dict int -> ResizeHandleItem
        Hidden column -> the grip below its last neuron.
    button_items : dict (int, int) -> WidthButtonItem
        (hidden column, -1 or +1) -> the "−"/"+" button on its header.
    chip_items : dict str -> PaletteChipItem
        Palette chip key (:func:`~nnsim.gui.editor.palette.chip_keys`) -> chip.
    trash_item : TrashItem or None
        The trash zone.
    selection : tuple or None
        ``("layer", column)`` or ``("neuron", column, unit)``: what Delete removes.
    layout : Layout or None
        The geometry in force.
    rebuilds : int
        How many times the items were rebuilt (an architecture change each time).

    Signals
    -------
    rebuilding()
        Emitted just before the items are deleted and rebuilt, so a gesture holding
        on to items can cancel first.
    relaid_out()
        The geometry changed (:attr:`layout` is new): e.g. captions in another
        language need wider columns. The view fits the drawing again.
    """

    rebuilding = Signal()
    relaid_out = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Few hundred items that restyle every frame: the BSP index would cost more than it saves.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.theme = Theme()
        self._ink: Ink = DEFAULT_INK
        self.setBackgroundBrush(self._ink.background)
        self.architecture: Architecture | None = None
        self.feature_items: dict[str, FeatureItem] = {}
        self.neuron_items: dict[int, list[NeuronItem]] = {}
        self.link_items: dict[int, list[list[LinkItem]]] = {}
        #: Draws every link (the link items themselves paint nothing).
        self.links_layer = LinksLayer()
        self.header_items: dict[int, LayerHeaderItem] = {}
        self.handle_items: dict[int, ResizeHandleItem] = {}
        self.button_items: dict[tuple[int, int], WidthButtonItem] = {}
        self.chip_items: dict[str, PaletteChipItem] = {}
        self.trash_item: TrashItem | None = None
        self.palette_item: PaletteStripItem | None = None
        self.selection_item: SelectionItem | None = None
        self.selection: tuple[str, int] | tuple[str, int, int] | None = None
        self.layout: Layout | None = None
        self.rebuilds = 0
        self._activations: tuple[str, ...] = ()
        self._task = "classification"
        self._n_classes = 2
        self._viewport = (900.0, 600.0)
        self._text_scale = 1.0
        self._feature_key: tuple | None = None
        self._tools = True
        # Pen width and colour index of every link of the last frame, flat over the
        # weight layers of ``key`` (in order), so the next frame restyles only changes.
        self._link_flat: tuple[tuple[int, ...], np.ndarray, np.ndarray] | None = None
        self._flat_links: dict[tuple[int, ...], list[LinkItem]] = {}
        self._weight_tables: dict[int, WeightTable] = {}

    @property
    def activations(self) -> tuple[str, ...]:
        """Activation name of each weight layer, as captioned."""
        return self._activations

    # -- lookups -----------------------------------------------------------------
    def neuron_item(self, layer: int, unit: int) -> NeuronItem:
        return self.neuron_items[layer][unit]

    def link_item(self, layer: int, src: int, dst: int) -> LinkItem:
        return self.link_items[layer][src][dst]

    def feature_item(self, name: str) -> FeatureItem:
        return self.feature_items[name]

    def input_items(self) -> list[FeatureItem]:
        """The enabled features, in input order (row j of W[0] leaves ``input_items()[j]``)."""
        assert self.architecture is not None
        return [self.feature_items[n] for n in self.architecture.features]

    def column_title(self, c: int) -> str:
        assert self.architecture is not None
        return column_title(self.architecture, c)

    def unit_name(self, c: int, u: int, capital: bool = False) -> str:
        """Human name of unit u of column c, e.g. ``"x₁"``, ``"hidden 2, unit 3"``, ``"output"``.

        ``capital``: the form that starts a sentence or tooltip ("Hidden 2, unit 3").
        """
        assert self.architecture is not None
        if c == 0:
            return FEATURES[self.architecture.features[u]].label
        if c == self.architecture.n_columns - 1:
            if self.architecture.layer_sizes[-1] == 1:
                if capital:
                    return QCoreApplication.translate("NetworkScene", "Output")
                return QCoreApplication.translate("NetworkScene", "output")
            if capital:
                return QCoreApplication.translate("NetworkScene", "Output {n}").format(n=u + 1)
            return QCoreApplication.translate("NetworkScene", "output {n}").format(n=u + 1)
        if capital:
            return QCoreApplication.translate("NetworkScene", "Hidden {layer}, unit {n}").format(
                layer=c, n=u + 1
            )
        return QCoreApplication.translate("NetworkScene", "hidden {layer}, unit {n}").format(
            layer=c, n=u + 1
        )

    # -- structure ----------------------------------------------------------------
    def set_architecture(
        self,
        arch: Architecture,
        activations: Sequence[str],
        task: str = "classification",
        n_classes: int = 2,
    ) -> bool:
        """Make the items match ``arch``; return True if they had to be rebuilt.

        Activation, task or class-count changes alone only recaption the columns.
        """
        rebuilt = False
        if arch != self.architecture:
            self._rebuild(arch)
            rebuilt = True
        meta = (tuple(activations), task, int(n_classes))
        if rebuilt or meta != (self._activations, self._task, self._n_classes):
            self._activations, self._task, self._n_classes = meta
            self._caption()
        return rebuilt

    def _rebuild(self, arch: Architecture) -> None:
        self.rebuilding.emit()
        self.clear()  # deletes the old items (the scene owns them)
        self.selection = None
        self.architecture = arch
        self.rebuilds += 1
        self._link_flat = None
        self._flat_links = {}
        self._weight_tables = {}
        self._feature_key = None
        self.feature_items = {}
        for name in arch.shown_features:
            item = FeatureItem(name, FEATURES[name].label)
            self.feature_items[name] = item
            self.addItem(item)
        for j, name in enumerate(arch.features):
            if name in self.feature_items:
                self.feature_items[name].set_enabled(j)
        self.neuron_items = {}
        for c in range(1, arch.n_columns):
            items = [NeuronItem(c, u) for u in range(arch.layer_sizes[c])]
            for it in items:
                self.addItem(it)
            self.neuron_items[c] = items
        self.link_items = {}
        self.links_layer = LinksLayer()
        self.addItem(self.links_layer)
        for i in range(arch.n_columns - 1):
            rows = []
            table = self._weight_tables[i] = WeightTable()
            for src in range(arch.layer_sizes[i]):
                row = [LinkItem(i, src, dst, table) for dst in range(arch.layer_sizes[i + 1])]
                for it in row:
                    self.addItem(it)
                rows.append(row)
            self.link_items[i] = rows
        self.links_layer.set_links(
            [link for rows in self.link_items.values() for row in rows for link in row]
        )
        self.header_items = {}
        for c in range(arch.n_columns):
            h = LayerHeaderItem(c)
            h.set_draggable(0 < c < arch.n_columns - 1)
            self.header_items[c] = h
            self.addItem(h)
        self.handle_items = {}
        self.button_items = {}
        for c in range(1, arch.n_columns - 1):
            self.handle_items[c] = ResizeHandleItem(c)
            self.addItem(self.handle_items[c])
            for delta in (-1, 1):
                self.button_items[(c, delta)] = WidthButtonItem(c, delta)
                self.addItem(self.button_items[(c, delta)])
        self.palette_item = PaletteStripItem()
        self.addItem(self.palette_item)
        self.chip_items = {key: PaletteChipItem(key) for key in chip_keys()}
        for chip in self.chip_items.values():
            self.addItem(chip)
        self.trash_item = TrashItem()
        self.addItem(self.trash_item)
        self.selection_item = SelectionItem()
        self.addItem(self.selection_item)
        self._ink_items()
        self._show_tools()
        self.relayout(*self._viewport)

    @property
    def tools_visible(self) -> bool:
        """Whether the editing tools (palette, trash, grips, -/+ buttons) are shown."""
        return self._tools

    def set_tools_visible(self, on: bool) -> None:
        """Show the editing tools, or hide them and let the next :meth:`relayout` give
        the network their room (a slide); the view lays out again for its own size."""
        if on == self._tools:
            return
        self._tools = on
        self._show_tools()

    def _tool_items(self) -> list:
        out: list = [*self.handle_items.values(), *self.button_items.values()]
        out += [*self.chip_items.values()]
        return out + [it for it in (self.trash_item, self.palette_item) if it]

    def _show_tools(self) -> None:
        for item in self._tool_items():
            item.setVisible(self._tools)

    def _styled_items(self) -> list:
        """Every item of the drawing that takes the theme's ink."""
        out: list = [*self.feature_items.values(), *self.header_items.values()]
        for items in self.neuron_items.values():
            out += items
        out += self._tool_items()
        if self.selection_item is not None:
            out.append(self.selection_item)
        return out

    def _ink_items(self) -> None:
        for item in self._styled_items():
            item.set_ink(self._ink)

    # -- language and theme --------------------------------------------------------------
    def retranslate(self) -> None:
        """Redo the texts (and the layout their widths decide) in the UI language."""
        if self.architecture is None:
            return
        for item in self._styled_items():
            retranslate = getattr(item, "retranslate", None)
            if callable(retranslate):
                retranslate()
        self._caption()
        self.update()

    @property
    def ink(self) -> Ink:
        """The editor's colours for the theme applied (:meth:`apply_theme`)."""
        return self._ink

    def apply_theme(self, theme: Theme) -> None:
        """Canvas, captions, outlines, controls and palette in ``theme`` (idempotent).

        The text scale follows ``theme.scale`` (the layout makes room for the larger
        texts) and outline and link widths are multiplied by ``theme.line``.
        """
        old_line = self._ink.line
        self.theme = theme
        self._ink = ink_for(theme)
        self.setBackgroundBrush(self._ink.background)
        self._ink_items()
        if self._ink.line != old_line:
            k = self._ink.line / old_line
            for rows in self.link_items.values():
                for row in rows:
                    for link in row:
                        link.set_style(link.style_width * k, link.style_color)
        scale = float(theme.scale)
        if scale > 0 and np.isfinite(scale) and scale != self._text_scale:
            self._text_scale = scale
        self.relayout(*self._viewport)
        self.update()

    def painted_texts(self) -> list[str]:
        """Every text the drawing paints now: captions, feature labels, palette, overlays."""
        out: list[str] = []
        for item in self.items():
            texts = getattr(item, "painted_texts", None)
            if callable(texts) and item.isVisible():
                out += [t for t in texts() if t]
        return out

    def clipped_texts(self) -> list[str]:
        """Texts drawn wider than the room they have (empty when nothing is clipped)."""
        out: list[str] = []
        for item in self.items():
            clipped = getattr(item, "clipped_texts", None)
            if callable(clipped) and item.isVisible():
                out += clipped()
        return out

    def _caption(self) -> None:
        arch = self.architecture
        if arch is None:
            return
        texts = header_texts(arch, self._activations)
        self.header_items[0].set_text(*texts[0], None)
        for c in range(1, arch.n_columns):
            n = arch.layer_sizes[c]
            self.header_items[c].set_text(*texts[c], layer_color(c - 1))
            if c in self.handle_items:
                self.handle_items[c].setToolTip(
                    QCoreApplication.translate(
                        "NetworkScene",
                        "{n} neurons: drag down to add neurons, up to remove them (1..{max})",
                    ).format(n=n, max=MAX_WIDTH)
                )
        for c, items in self.neuron_items.items():
            act = self._activations[c - 1] if c - 1 < len(self._activations) else ""
            for u, item in enumerate(items):
                item.name = self.unit_name(c, u, capital=True)
                item.activation_label = activation_label(act)
        for i, rows in self.link_items.items():
            for src, row in enumerate(rows):
                for dst, link in enumerate(row):
                    link.names = f"{self.unit_name(i, src)} → {self.unit_name(i + 1, dst)}"
        tagged = self._task == "classification" and self._n_classes > 2
        last = arch.n_columns - 1
        for u, item in enumerate(self.neuron_items.get(last, [])):
            tag = class_color(u) if tagged else None
            item.class_tag = tag
        # The captions' widths decide the columns' spacing.
        self.relayout(*self._viewport)

    # -- geometry -------------------------------------------------------------------
    @property
    def text_scale(self) -> float:
        """Factor on the layout's text size (presentation mode's font scale)."""
        return self._text_scale

    def set_text_scale(self, scale: float) -> None:
        """Scale headers, feature labels and palette texts by ``scale``; relayout if it changed."""
        scale = float(scale)
        if scale <= 0.0 or not np.isfinite(scale):
            raise ValueError(f"text scale must be a positive number, got {scale}")
        if scale == self._text_scale:
            return
        self._text_scale = scale
        self.relayout(*self._viewport)

    def relayout(self, width: float, height: float) -> Layout | None:
        """Recompute the geometry for a viewport of ``width`` x ``height`` and move items."""
        self._viewport = (float(width), float(height))
        arch = self.architecture
        if arch is None:
            return None
        headers = [(h.title, h.subtitle) for _c, h in sorted(self.header_items.items())]
        if not all(t for t, _sub in headers):
            headers = header_texts(arch, self._activations)
        lay = compute_layout(arch, width, height, self._text_scale, headers, self._tools)
        self.layout = lay
        s = lay.neuron
        for name, item in self.feature_items.items():
            item.set_geometry(lay.features[name], s, lay.label_width, lay.font)
        for c, items in self.neuron_items.items():
            for u, item in enumerate(items):
                item.set_geometry(lay.neurons[(c, u)], s)
        for c, h in self.header_items.items():
            h.set_geometry(
                QPointF(lay.column_x[c] + s / 2, lay.header_top),
                lay.header_width,
                lay.font,
                lay.header_lines[c],
                lay.header_height,
            )
        for c, handle in self.handle_items.items():
            handle.set_geometry(lay.handles[c])
        for key, button in self.button_items.items():
            button.set_geometry(lay.buttons[key])
        pal = lay.palette
        if self.palette_item is not None:
            self.palette_item.set_geometry(pal, lay.font)
        for key, chip in self.chip_items.items():
            chip.set_geometry(pal.chips[key], lay.font, pal.icons)
        if self.trash_item is not None:
            self.trash_item.set_geometry(pal.trash, lay.font)
        inputs = self.input_items()
        for i, rows in self.link_items.items():
            srcs = inputs if i == 0 else self.neuron_items[i]
            dsts = self.neuron_items[i + 1]
            for src, row in enumerate(rows):
                p1 = srcs[src].out_anchor()
                for dst, link in enumerate(row):
                    link.set_endpoints(p1, dsts[dst].in_anchor())
        self.links_layer.geometry_changed()
        self.setSceneRect(lay.scene_rect)
        self._place_selection()
        self.relaid_out.emit()
        return lay

    # -- editing support --------------------------------------------------------------
    def column_rect(self, c: int) -> QRectF:
        """Scene rect of column ``c``: its header, its units and (hidden layers) its grip."""
        lay = self.layout
        assert lay is not None and self.architecture is not None
        rect = self.header_items[c].sceneBoundingRect()
        if c == 0:
            units = [it.sceneBoundingRect() for it in self.feature_items.values()]
        else:
            units = [it.mapRectToScene(it.boundingRect()) for it in self.neuron_items[c]]
            if c in self.handle_items:
                units.append(self.handle_items[c].sceneBoundingRect())
        for r in units:
            rect = rect.united(r)
        # As wide as the thumbnails' own column (the header can be much wider).
        left = lay.column_x[c] - lay.neuron * 0.25
        right = lay.column_x[c] + lay.neuron * 1.25
        if c == 0:
            left = lay.column_x[0] - lay.label_width
        return QRectF(left, rect.top() - 2, right - left, rect.height() + 4)

    def set_selection(self, selection: tuple[str, int] | tuple[str, int, int] | None) -> None:
        """Outline ``("layer", column)`` or ``("neuron", column, unit)``; None clears it."""
        self.selection = selection
        self._place_selection()

    def _place_selection(self) -> None:
        item = self.selection_item
        if item is None:
            return
        sel = self.selection
        if sel is None or self.layout is None:
            item.set_rect(None)
        elif sel[0] == "layer":
            item.set_rect(self.column_rect(sel[1]))
        else:
            neuron = self.neuron_items[sel[1]][sel[2]]
            s = neuron.size
            item.set_rect(neuron.mapRectToScene(QRectF(0, 0, s, s)).adjusted(-5, -5, 5, 5))

    def in_network(self, p: QPointF) -> bool:
        """Whether scene point ``p`` is over the network drawing (not the palette)."""
        lay = self.layout
        if lay is None:
            return False
        right = lay.column_x[-1] + lay.neuron * 1.6
        return lay.column_x[0] - lay.label_width <= p.x() <= right and 0 <= p.y() <= lay.bottom

    def gap_at(self, p: QPointF, lo: int = 0, hi: int | None = None) -> int | None:
        """The gap (see :attr:`Layout.gaps`) nearest to ``p``, among gaps ``lo..hi``.

        None when ``p`` is not over the network. Gap g is where a new hidden layer
        becomes hidden layer g + 1 (column g + 1).
        """
        lay = self.layout
        if lay is None or not lay.gaps or not self.in_network(p):
            return None
        hi = len(lay.gaps) - 1 if hi is None else hi
        if hi < lo:
            return None
        return min(range(lo, hi + 1), key=lambda g: abs(lay.gaps[g] - p.x()))

    def column_at(self, p: QPointF) -> int | None:
        """The column (1 = first hidden layer .. output) under scene point ``p``, or None."""
        lay = self.layout
        if lay is None or not self.in_network(p):
            return None
        centres = [x + lay.neuron / 2 for x in lay.column_x]
        c = min(range(1, len(centres)), key=lambda k: abs(centres[k] - p.x()), default=None)
        if c is None or abs(centres[c] - p.x()) > max(lay.column_pitch / 2, lay.neuron):
            return None
        return c

    def over_trash(self, p: QPointF) -> bool:
        """Whether scene point ``p`` is on the trash zone."""
        return self.trash_item is not None and self.trash_item.sceneBoundingRect().contains(p)

    def preview_weight(self, layer: int, src: int, dst: int, value: float) -> None:
        """Restyle one link for ``value`` at once (a scrub shows before any snapshot)."""
        link = self.link_items[layer][src][dst]
        width, index = link_style(np.array([value]))
        w, k = float(width[0]), int(index[0])
        link.set_style(w * self._ink.line, LUT_COLORS[k])
        link.set_weight(float(value))
        flat = self._link_flat
        if flat is not None and layer in flat[0]:
            links = self._flat_links[flat[0]]
            at = links.index(link)  # a scrub, not a frame: a search is fine
            flat[1][at] = w
            flat[2][at] = k

    # -- data --------------------------------------------------------------------------
    def show_weights(self, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]) -> None:
        """Style links from ``weights`` (W[i]: (fan_in, fan_out)) and bias squares from ``biases``.

        Used for snapshots and for weights stored in an experiment (before training starts).
        All layers are styled in one vectorised pass and only links whose pen changed
        are touched: this runs every frame, and the GUI's time per frame is what
        keeps the window at 30 frames/s on a deep network.
        """
        arch = self.architecture
        if arch is None:
            return
        layers: list[tuple[int, np.ndarray]] = []
        for i in self.link_items:
            if i >= len(weights):
                break
            W = np.asarray(weights[i])
            if W.shape == (arch.layer_sizes[i], arch.layer_sizes[i + 1]):
                layers.append((i, W))
        if layers:
            key = tuple(i for i, _ in layers)
            flat = np.concatenate([W.ravel() for _, W in layers])
            width, index = link_style(flat)
            prev = self._link_flat
            if prev is not None and prev[0] == key:
                changed = np.flatnonzero((prev[1] != width) | (prev[2] != index))
            else:
                changed = np.arange(flat.size)
            self._link_flat = (key, width, index)
            links = self._flat_links.get(key)
            if links is None:
                links = self._flat_links[key] = [
                    link for i in key for row in self.link_items[i] for link in row
                ]
            line = self._ink.line
            for k in changed.tolist():
                links[k].set_style(float(width[k]) * line, LUT_COLORS[index[k]])
            for i, W in layers:
                table = self._weight_tables[i]
                table.values = W
                for link in table.hovered:
                    link.refresh_tooltip()
        columns: list[tuple[list[NeuronItem], np.ndarray]] = []
        for c, items in self.neuron_items.items():
            if c - 1 >= len(biases):
                break
            b = np.asarray(biases[c - 1])
            if b.shape == (len(items),):
                columns.append((items, b))
        if columns:
            values = np.concatenate([b for _, b in columns])
            colors = link_style(values)[1].tolist()
            k = 0
            for items, _ in columns:
                for item in items:
                    item.set_bias(float(values[k]), LUT_COLORS[colors[k]])
                    k += 1

    def update_snapshot(self, snap: Snapshot) -> None:
        """Recolour thumbnails, links and biases from ``snap`` (same architecture)."""
        arch = self.architecture
        if arch is None or Architecture.of(snap) != arch:
            return
        self._update_features(snap.extent, snap.dims)
        last = arch.n_columns - 1
        columns: list[tuple[list[NeuronItem], np.ndarray, float, float]] = []
        for c in range(1, arch.n_columns):
            if c >= len(snap.neuron_grids):
                break
            grids = np.asarray(snap.neuron_grids[c])
            items = self.neuron_items[c]
            if grids.shape[0] != len(items):
                continue
            vmin, vmax = unit_range(grids, snap.activations[c - 1], c == last, snap.task)
            columns.append((items, grids, vmin, vmax))
        paint_columns(columns, snap.dims)
        self.show_weights(snap.weights, snap.biases)

    def _update_features(self, extent: Sequence[float], dims: int) -> None:
        """Thumbnails of every shown feature (on or off); recomputed only when the plane changes."""
        arch = self.architecture
        if arch is None:
            return
        key = (tuple(float(e) for e in extent), int(dims))
        if key == self._feature_key or dims != arch.dims:
            return
        self._feature_key = key
        n = FEATURE_THUMB
        names = arch.shown_features
        fm = feature_matrix(grid_points(extent, n, dims), names)  # (n_pts, n_features)
        shape = (n, n) if dims == 2 else (n,)
        columns = []
        for j, name in enumerate(names):
            col = fm[:, j].reshape((1, *shape))
            m = float(np.max(np.abs(col))) or 1.0
            # Each feature on its own symmetric scale: x₁ spans orange..blue, x₁² white..blue.
            columns.append(([self.feature_items[name]], col, -m, m))
        paint_columns(columns, dims)

    def set_plane(self, extent: Sequence[float], dims: int) -> None:
        """Draw the feature thumbnails over ``extent`` before any snapshot has arrived."""
        self._update_features(extent, dims)
