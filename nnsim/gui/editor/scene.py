"""The network drawing as a ``QGraphicsScene``: a model -> item map, fed by snapshots.

The scene owns one item per model object (feature, neuron, weight, column caption),
indexed by model indices in :attr:`NetworkScene.feature_items`,
:attr:`~NetworkScene.neuron_items`, :attr:`~NetworkScene.link_items` and
:attr:`~NetworkScene.header_items`. Items are rebuilt only when the
:class:`Architecture` changes; a new snapshot of the same architecture only swaps
thumbnails, link pens and tooltips (DESIGN convention 7), which keeps 60 updates per
second cheap and lets a drag interaction hold on to an item across updates.

All geometry comes from one pure function, :func:`compute_layout`, so positions are
testable without painting and a future editor can ask where a column or a gap is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsScene

from nnsim.core.activations import OUTPUT_ACTIVATIONS
from nnsim.core.experiment import MAX_WIDTH
from nnsim.core.features import FEATURES, feature_matrix
from nnsim.core.grid import grid_points
from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import (
    class_color,
    diverging_lut,
    layer_color,
    rows_to_argb32,
)
from nnsim.gui.editor.items import (
    DEFAULT_INK,
    PORT,
    FeatureItem,
    HeaderLines,
    Ink,
    LayerHeaderItem,
    LinkItem,
    NeuronItem,
    ResizeHandleItem,
    SelectionItem,
    WeightTable,
    WidthButtonItem,
    header_lines,
    header_min_width,
    ink_for,
)
from nnsim.gui.editor.palette import (
    PaletteChipItem,
    PaletteGeometry,
    PaletteStripItem,
    TrashItem,
    chip_keys,
    palette_geometry,
)
from nnsim.gui.theme import Theme

__all__ = [
    "Architecture",
    "Layout",
    "NetworkScene",
    "column_title",
    "compute_layout",
    "header_texts",
    "link_style",
    "unit_range",
]

#: Link pen width range (scene px) and the |w| at which it saturates.
LINK_MIN_WIDTH = 0.5
LINK_MAX_WIDTH = 6.0
LINK_FULL_WEIGHT = 3.5
#: Neuron side limits (scene px). Below the minimum the view scales the whole drawing.
MIN_NEURON = 18.0
MAX_NEURON = 84.0
_FEATURE_THUMB = 40  # cells per axis of the feature thumbnails the scene computes itself
#: The value scale as QColors, so a frame only looks colours up.
_LUT_COLORS = [QColor(int(r), int(g), int(b)) for r, g, b, _ in diverging_lut()]


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Architecture:
    """What decides which items exist: change any field and the items are rebuilt.

    Attributes
    ----------
    layer_sizes : tuple of int
        [n_inputs, hidden widths..., n_outputs].
    features : tuple of str
        Input feature names in input order (``layer_sizes[0] == len(features)``).
    dims : int
        Raw data dimensions (1 or 2): features that need x₂ are not drawn for 1-D data.
    """

    layer_sizes: tuple[int, ...]
    features: tuple[str, ...]
    dims: int

    @classmethod
    def of(cls, source: Snapshot) -> Architecture:
        """The architecture drawn for a snapshot."""
        return cls(
            tuple(int(s) for s in source.layer_sizes), tuple(source.features), int(source.dims)
        )

    @property
    def shown_features(self) -> tuple[str, ...]:
        """Feature column, in registry (GUI) order: every feature the data supports."""
        return tuple(n for n, f in FEATURES.items() if f.dims_required <= self.dims)

    @property
    def n_columns(self) -> int:
        return len(self.layer_sizes)


@dataclass(frozen=True)
class Layout:
    """Every position of the drawing, from :func:`compute_layout`.

    Attributes
    ----------
    scene_rect : QRectF
        The drawing's extent (at least the viewport it was computed for).
    neuron : float
        Side of every thumbnail, features and neurons alike.
    font : QFont
        Font of labels and captions (pixel-sized, so it does not grow with the DPI twice).
    label_width : float
        Room left of the feature thumbnails for their labels.
    column_x : tuple of float
        Left edge of each column's thumbnails (column 0 = features).
    header_top : float
        Top of the captions.
    features : dict str -> QPointF
        Top-left of each shown feature's thumbnail.
    neurons : dict (column, unit) -> QPointF
        Top-left of each neuron's thumbnail.
    area_top : float
        Top of the columns (below the captions).
    row_pitch : float
        Vertical distance between neighbouring units of a column (one neuron's worth
        of a resize drag).
    bottom : float
        Bottom of the network area (the palette strip lies below it).
    gaps : tuple of float
        x of the gap after each column but the last (where a layer can be inserted):
        gap g lies between column g and column g + 1.
    handles : dict int -> QRectF
        Hidden column -> its resize grip, below its last neuron.
    buttons : dict (column, delta) -> QRectF
        Hidden column and -1/+1 -> the "−"/"+" button on its header.
    header_inset : float
        Room the header keeps free at both ends of its subtitle for those buttons.
    palette : PaletteGeometry
        The chips and the trash zone.
    header_width : float
        Width of every column's caption (its texts wrap within it, never elided).
    header_height : float
        Height of the captions' row (the tallest caption's lines and colour bar).
    header_lines : tuple of HeaderLines
        How each column's caption is broken into lines.
    """

    scene_rect: QRectF
    neuron: float
    font: QFont
    label_width: float
    column_x: tuple[float, ...]
    header_top: float
    features: dict[str, QPointF]
    neurons: dict[tuple[int, int], QPointF]
    area_top: float
    row_pitch: float
    bottom: float
    gaps: tuple[float, ...]
    handles: dict[int, QRectF]
    buttons: dict[tuple[int, int], QRectF]
    header_inset: float
    palette: PaletteGeometry
    header_width: float = 80.0
    header_height: float = 40.0
    header_lines: tuple[HeaderLines, ...] = field(default_factory=tuple)

    @property
    def column_pitch(self) -> float:
        """Horizontal distance between neighbouring columns."""
        if len(self.column_x) < 2:
            return self.scene_rect.width()
        return self.column_x[1] - self.column_x[0]


def column_title(arch: Architecture, c: int) -> str:
    """Title of column ``c`` in the UI language ("Features", "Hidden 2", "Output")."""
    if c == 0:
        return QCoreApplication.translate("NetworkScene", "Features")
    if c == arch.n_columns - 1:
        return QCoreApplication.translate("NetworkScene", "Output")
    return QCoreApplication.translate("NetworkScene", "Hidden {n}").format(n=c)


def header_texts(arch: Architecture, activations: Sequence[str] = ()) -> list[tuple[str, str]]:
    """``(title, subtitle)`` of every column's caption, in the UI language.

    Missing activations are captioned as Tanh (what a layout without captions assumes).
    """
    out = [
        (
            column_title(arch, 0),
            QCoreApplication.translate("NetworkScene", "{on} of {total} on").format(
                on=len(arch.features), total=len(arch.shown_features)
            ),
        )
    ]
    last = arch.n_columns - 1
    for c in range(1, arch.n_columns):
        act = activations[c - 1] if c - 1 < len(activations) else "tanh"
        label = _activation_label(act)
        n = arch.layer_sizes[c]
        sub = f"{n} · {label}" if c < last or n > 1 else label
        out.append((column_title(arch, c), sub))
    return out


def _lines_width(lines: HeaderLines, font: QFont) -> float:
    fm = QFontMetricsF(font)
    bold = QFont(font)
    bold.setBold(True)
    fm_b = QFontMetricsF(bold)
    widths = [fm_b.horizontalAdvance(t) for t in lines.title]
    widths += [fm.horizontalAdvance(t) for t in lines.subtitle]
    if lines.beside and lines.buttons:
        widths = [*widths, fm.horizontalAdvance(lines.subtitle[0]) + 2 * (fm.height() + 6)]
    return max(widths, default=0.0)


def compute_layout(
    arch: Architecture,
    width: float,
    height: float,
    text_scale: float = 1.0,
    headers: Sequence[tuple[str, str]] | None = None,
) -> Layout:
    """Place every item of ``arch`` in a ``width`` x ``height`` viewport (scene px).

    Thumbnails take the largest side that fits (between :data:`MIN_NEURON` and
    :data:`MAX_NEURON`) with a gap of a third of a thumbnail between rows and room
    for links between columns; columns spread over the width and each column is
    centred vertically. Text has a fixed pixel size (11-15 px by viewport size), so it
    stays legible on a laptop and does not balloon on a 4K screen. When even the
    minimum thumbnail does not fit, the layout grows beyond the viewport and the view
    scales the scene down.

    ``text_scale`` (presentation mode's font scale, 1.0-2.5) multiplies that pixel
    size: headers, feature labels and palette chips grow with the rest of the UI, and
    the layout makes room for them (a scale of 1 gives exactly the normal layout).

    ``headers`` are the captions' ``(title, subtitle)`` per column (:func:`header_texts`
    by default). No caption is ever elided: a caption wraps into more lines in a
    narrow column, and columns are at least as far apart as the widest word of any
    caption (the drawing grows beyond the viewport if it must). The palette's chips
    flow into as many rows as their whole labels need.
    """
    width = max(float(width), 200.0)
    height = max(float(height), 150.0)
    font = QFont()
    base_px = int(np.clip(round(min(width / 70.0, height / 42.0)), 11, 15))
    font.setPixelSize(max(1, round(base_px * float(text_scale))))
    fm = QFontMetricsF(font)
    margin = 10.0
    shown = arch.shown_features
    label_width = max(fm.horizontalAdvance(FEATURES[n].label) for n in shown) + 10.0
    n_cols = arch.n_columns
    if headers is None:
        headers = header_texts(arch)
    headers = list(headers)
    hidden = range(1, n_cols - 1)
    min_head = max(
        header_min_width(t, sub, font, c in hidden) for c, (t, sub) in enumerate(headers)
    )
    rows = max(len(shown), *arch.layer_sizes[1:])
    # Below the columns: the resize grips (under the bias squares), then the palette.
    handle_h = max(10.0, round(fm.height() * 0.8))
    handle_room = handle_h + 14.0
    pal0 = palette_geometry(font, margin, width - margin, 0.0)
    bottom_room = handle_room + pal0.strip.height()
    lh = fm.height()

    avail_w = width - 2 * margin - label_width
    gap, link_room, port = 0.35, 1.6, PORT  # port: the output triangle, in thumbnails
    tag = 6.0  # the k-class colour tag right of the output units
    header_rows = 2
    for _ in range(4):
        header_h = header_rows * lh + 8
        top = margin + header_h + 6.0
        avail_h = height - top - margin - bottom_room
        s_v = avail_h / (rows + gap * (rows - 1))
        s_h = (avail_w - tag) / (n_cols + port + link_room * (n_cols - 1))
        s = float(np.clip(np.floor(min(s_v, s_h, MAX_NEURON)), MIN_NEURON, MAX_NEURON))
        # Room from the first column's left edge to the last column's right edge.
        span_w = max(avail_w - port * s - tag, n_cols * s + link_room * s * (n_cols - 1))
        step_x = (span_w - s) / (n_cols - 1) if n_cols > 1 else 0.0
        # A shallow net in a wide view would stretch links thin: cap the column pitch.
        step_x = min(step_x, max(6.0 * s, 220.0))
        # ... but neighbouring captions never overlap, whatever their widest word.
        step_x = max(step_x, min_head + 8.0)
        header_w = max(step_x - 8.0, s, min_head) if n_cols > 1 else max(min_head, s)
        lines = tuple(
            header_lines(t, sub, font, header_w, c in hidden) for c, (t, sub) in enumerate(headers)
        )
        need_rows = max(ln.rows for ln in lines)
        if need_rows <= header_rows:
            break
        header_rows = need_rows

    x0 = margin + label_width
    used_w = s + step_x * (n_cols - 1)
    x0 += max(0.0, (span_w - used_w) / 2)
    # The first caption must not stick out of the drawing on the left ...
    x_min = max(margin + label_width, margin + _lines_width(lines[0], font) / 2 - s / 2)
    x0 = max(x0, x_min)
    # ... nor the last one on the right: move the columns left, then closer together,
    # as far as the captions allow, before the drawing grows beyond the viewport.
    last_half = max(s * (1 + port) + tag - s / 2, _lines_width(lines[-1], font) / 2)
    over = x0 + step_x * (n_cols - 1) + s / 2 + last_half + margin - width
    if over > 0:
        shift = min(over, x0 - x_min)
        x0 -= shift
        over -= shift
    if over > 0 and n_cols > 1:
        step_x -= min(over / (n_cols - 1), step_x - (min_head + 8.0))
    column_x = tuple(x0 + c * step_x for c in range(n_cols))
    if n_cols > 1 and step_x - 8.0 < header_w:
        # Closer columns: the captions wrap again in their narrower room.
        header_w = max(step_x - 8.0, s, min_head)
        lines = tuple(
            header_lines(t, sub, font, header_w, c in hidden) for c, (t, sub) in enumerate(headers)
        )
        header_rows = max(header_rows, *(ln.rows for ln in lines))
        header_h = header_rows * lh + 8
        top = margin + header_h + 6.0
        avail_h = height - top - margin - bottom_room
    # Vertical pitch: fill the height (gaps up to 0.8 s), else keep the minimum gap.
    if rows > 1:
        pitch = s + float(np.clip((avail_h - rows * s) / (rows - 1), gap * s, 0.8 * s))
    else:
        pitch = s
    need_h = top + rows * pitch - (pitch - s) + bottom_room + margin
    area_h = max(avail_h, need_h - top - margin - bottom_room)

    def column_y(k: int) -> list[float]:
        block = k * pitch - (pitch - s)
        y0 = top + (area_h - block) / 2
        return [y0 + u * pitch for u in range(k)]

    features = {
        name: QPointF(column_x[0], y) for name, y in zip(shown, column_y(len(shown)), strict=True)
    }
    neurons = {}
    for c in range(1, n_cols):
        for u, y in enumerate(column_y(arch.layer_sizes[c])):
            neurons[(c, u)] = QPointF(column_x[c], y)
    scene_w = max(
        width,
        column_x[-1] + s * (1 + port) + tag + margin,
        column_x[-1] + s / 2 + _lines_width(lines[-1], font) / 2 + margin,
        pal0.min_width + 2 * margin,
    )
    scene_h = max(height, need_h)

    bias_half = max(4.0, round(s * 0.17)) / 2
    handles = {
        c: QRectF(
            column_x[c],
            neurons[(c, arch.layer_sizes[c] - 1)].y() + s + bias_half + 4.0,
            s,
            handle_h,
        )
        for c in hidden
    }
    gaps = tuple((column_x[c] + s * (1 + port) + column_x[c + 1]) / 2 for c in range(n_cols - 1))
    # "−" and "+" flank the subtitle when it fits between them, else sit below it.
    b = round(lh * 0.95)
    buttons = {}
    for c in hidden:
        ln = lines[c]
        cx = column_x[c] + s / 2
        if ln.beside:
            cy = margin + (len(ln.title) + 0.5) * lh
            offset = fm.horizontalAdvance(ln.subtitle[0]) / 2 + 4 + b / 2
        else:
            cy = margin + (len(ln.title) + len(ln.subtitle) + 0.5) * lh
            offset = b / 2 + 3
        for delta in (-1, 1):
            buttons[(c, delta)] = QRectF(cx + delta * offset - b / 2, cy - b / 2, b, b)
    pal_h = palette_geometry(font, margin, scene_w - margin, 0.0).strip.height()
    pal_top = scene_h - margin - pal_h
    palette = palette_geometry(font, margin, scene_w - margin, pal_top)
    return Layout(
        scene_rect=QRectF(0, 0, scene_w, scene_h),
        neuron=s,
        font=font,
        label_width=label_width,
        column_x=column_x,
        header_top=margin,
        features=features,
        neurons=neurons,
        area_top=top,
        row_pitch=pitch,
        bottom=pal_top - 2.0,
        gaps=gaps,
        handles=handles,
        buttons=buttons,
        header_inset=b + 4.0,
        palette=palette,
        header_width=header_w,
        header_height=header_h,
        header_lines=lines,
    )


# --------------------------------------------------------------------------- colour rules


def link_style(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pen width and colour index for weights (vectorised).

    Parameters
    ----------
    w : ndarray, any shape
        Weights.

    Returns
    -------
    width : ndarray, same shape, float
        ``0.5 + 1.5 |w|`` clamped to [0.5, 6] px, in steps of 0.25 px (so tiny changes
        do not touch the pen).
    index : ndarray, same shape, uint8
        Row of :func:`~nnsim.gui.colors.diverging_lut`: the sign picks orange or blue,
        |w| up to 1 deepens it; even a near-zero weight keeps a visible tint.
    """
    # A diverged net (NaN/inf weights) still draws, without floating-point warnings.
    w = np.clip(np.nan_to_num(np.asarray(w, dtype=np.float64)), -1e6, 1e6)
    a = np.abs(w)
    width = np.clip(
        LINK_MIN_WIDTH + (LINK_MAX_WIDTH - LINK_MIN_WIDTH) * a / LINK_FULL_WEIGHT,
        LINK_MIN_WIDTH,
        LINK_MAX_WIDTH,
    )
    width = np.round(width * 4.0) / 4.0
    t = np.sign(w) * (0.3 + 0.7 * np.minimum(a, 1.0))  # in [-1, 1]
    index = np.rint((t + 1.0) * 127.5).astype(np.uint8)
    return width, index


def unit_range(
    values: np.ndarray, activation: str, is_output: bool, task: str
) -> tuple[float, float]:
    """The value range a column's thumbnails are coloured over (white at its middle).

    Classification outputs (sigmoid probability, softmax) use [0, 1], so 0.5 -- the
    decision threshold -- is white, as in the output view. Other layers use their
    activation's bounds (tanh [-1, 1], sigmoid [0, 1]); unbounded ones (ReLU,
    linear) a range symmetric about 0 set by the layer's 95th percentile of |value|
    (values beyond it saturate), so units of one layer stay comparable.
    """
    if is_output and task == "classification":
        return 0.0, 1.0
    act = OUTPUT_ACTIVATIONS.get(activation)
    if act is not None and act.bounds is not None:
        return float(act.bounds[0]), float(act.bounds[1])
    finite = np.abs(values[np.isfinite(values)])
    # A robust maximum: ReLU outputs grow linearly towards the plane's corners, and the
    # few largest values would otherwise wash every unit of the layer out to white.
    m = float(np.percentile(finite, 95.0)) if finite.size else 0.0
    m = m if m > 1e-12 else (float(finite.max()) if finite.size and finite.max() > 0 else 1.0)
    return -m, m


def _activation_label(name: str) -> str:
    act = OUTPUT_ACTIVATIONS.get(name)
    return act.label if act is not None else name


# --------------------------------------------------------------------------- scene


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
        for i in range(arch.n_columns - 1):
            rows = []
            table = self._weight_tables[i] = WeightTable()
            for src in range(arch.layer_sizes[i]):
                row = [LinkItem(i, src, dst, table) for dst in range(arch.layer_sizes[i + 1])]
                for it in row:
                    self.addItem(it)
                rows.append(row)
            self.link_items[i] = rows
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
        self.relayout(*self._viewport)

    def _styled_items(self) -> list:
        """Every item of the drawing that takes the theme's ink."""
        out: list = [*self.feature_items.values(), *self.header_items.values()]
        for items in self.neuron_items.values():
            out += items
        out += [*self.handle_items.values(), *self.button_items.values()]
        out += [*self.chip_items.values()]
        out += [it for it in (self.trash_item, self.palette_item, self.selection_item) if it]
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
                item.activation_label = _activation_label(act)
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
        lay = compute_layout(arch, width, height, self._text_scale, headers)
        self.layout = lay
        s = lay.neuron
        for name, item in self.feature_items.items():
            item.set_geometry(lay.features[name], s, lay.label_width, lay.font)
        for c, items in self.neuron_items.items():
            for u, item in enumerate(items):
                item.set_geometry(lay.neurons[(c, u)], s)
        for c, h in self.header_items.items():
            inset = lay.header_inset if c in self.handle_items else 0.0
            h.set_geometry(
                QPointF(lay.column_x[c] + s / 2, lay.header_top),
                lay.header_width,
                lay.font,
                inset,
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
        link.set_style(w * self._ink.line, _LUT_COLORS[k])
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
                links[k].set_style(float(width[k]) * line, _LUT_COLORS[index[k]])
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
                    item.set_bias(float(values[k]), _LUT_COLORS[colors[k]])
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
        self._paint_columns(columns, snap.dims)
        self.show_weights(snap.weights, snap.biases)

    def _paint_columns(
        self,
        columns: Sequence[tuple[Sequence[NeuronItem | FeatureItem], np.ndarray, float, float]],
        dims: int,
    ) -> None:
        """Colour columns of grids, each over its own range, in one pass.

        ``columns``: (items, grids, vmin, vmax) with grids (n, T, T) for 2-D data or
        (n, T) for 1-D. One pass instead of one per column: each NumPy call has a fixed
        cost, and a deep network has many columns every frame.
        """
        if not columns:
            return
        grids = np.concatenate([g for _, g, _, _ in columns])
        counts = [len(items) for items, _, _, _ in columns]
        vmin = np.repeat([lo for _, _, lo, _ in columns], counts)
        vmax = np.repeat([hi for _, _, _, hi in columns], counts)
        items = [item for its, _, _, _ in columns for item in its]
        if dims == 2:
            # Grid row 0 is ymin; image row 0 is the top, so flip rows to keep +y up.
            pixels = rows_to_argb32(grids[:, ::-1, :], vmin, vmax)
            for item, img in zip(items, pixels, strict=True):
                item.thumbnail.set_image(img)
        else:
            strips = rows_to_argb32(grids, vmin, vmax)[:, None, :, :]
            for item, strip, values, lo, hi in zip(items, strips, grids, vmin, vmax, strict=True):
                item.thumbnail.set_curve(strip, values, float(lo), float(hi))

    def _update_features(self, extent: Sequence[float], dims: int) -> None:
        """Thumbnails of every shown feature (on or off); recomputed only when the plane changes."""
        arch = self.architecture
        if arch is None:
            return
        key = (tuple(float(e) for e in extent), int(dims))
        if key == self._feature_key or dims != arch.dims:
            return
        self._feature_key = key
        n = _FEATURE_THUMB
        names = arch.shown_features
        fm = feature_matrix(grid_points(extent, n, dims), names)  # (n_pts, n_features)
        shape = (n, n) if dims == 2 else (n,)
        columns = []
        for j, name in enumerate(names):
            col = fm[:, j].reshape((1, *shape))
            m = float(np.max(np.abs(col))) or 1.0
            # Each feature on its own symmetric scale: x₁ spans orange..blue, x₁² white..blue.
            columns.append(([self.feature_items[name]], col, -m, m))
        self._paint_columns(columns, dims)

    def set_plane(self, extent: Sequence[float], dims: int) -> None:
        """Draw the feature thumbnails over ``extent`` before any snapshot has arrived."""
        self._update_features(extent, dims)
