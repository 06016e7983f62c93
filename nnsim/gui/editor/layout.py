"""Where everything of the network drawing goes: one pure function of the architecture.

:func:`compute_layout` places every item of an :class:`Architecture` in a viewport
and returns a :class:`Layout`; nothing here touches an item, so positions are
testable without painting and a future editor can ask where a column or a gap is.
The captions' texts (:func:`header_texts`) live here too, because their widths
decide the columns' spacing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from nnsim.core.activations import activation_label
from nnsim.core.features import FEATURES
from nnsim.core.snapshot import Snapshot
from nnsim.gui.editor.items import (
    PORT,
    HeaderLines,
    bias_side,
    header_button_side,
    header_lines,
    header_min_width,
)
from nnsim.gui.editor.palette import PaletteGeometry, palette_geometry

__all__ = [
    "MAX_NEURON",
    "MIN_NEURON",
    "Architecture",
    "Layout",
    "activation_label",
    "column_title",
    "compute_layout",
    "header_texts",
]

#: Neuron side limits (scene px). Below the minimum the view scales the whole drawing.
MIN_NEURON = 18.0
MAX_NEURON = 84.0


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
        label = activation_label(act)
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
    tools: bool = True,
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

    Without ``tools`` (a slide of the drawing) no room is kept for the resize grips
    and the palette below the columns: the network takes the whole height.
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
    bottom_room = handle_room + pal0.strip.height() if tools else 0.0
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
        pal0.min_width + 2 * margin if tools else 0.0,
    )
    scene_h = max(height, need_h)

    bias_half = bias_side(s) / 2
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
    b = header_button_side(font)
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
        palette=palette,
        header_width=header_w,
        header_height=header_h,
        header_lines=lines,
    )
