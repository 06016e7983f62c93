"""How a frame's numbers become the drawing's colours and pens (vectorised).

:func:`link_style` maps weights to pen widths and colours, :func:`unit_range` picks
the range a column's thumbnails are coloured over, and :func:`paint_columns` turns
grids of unit outputs into thumbnail pixels. They run every frame for every item,
so each works on whole layers at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtGui import QColor

from nnsim.core.activations import OUTPUT_ACTIVATIONS
from nnsim.gui.colors import diverging_lut, rows_to_argb32
from nnsim.gui.editor.items import FeatureItem, NeuronItem

__all__ = [
    "FEATURE_THUMB",
    "LINK_FULL_WEIGHT",
    "LINK_MAX_WIDTH",
    "LINK_MIN_WIDTH",
    "LUT_COLORS",
    "link_style",
    "paint_columns",
    "unit_range",
]

#: Link pen width range (scene px) and the |w| at which it saturates.
LINK_MIN_WIDTH = 0.5
LINK_MAX_WIDTH = 6.0
LINK_FULL_WEIGHT = 3.5
#: Shades of each colour a link can take. Far below what the eye separates on a thin
#: curve, and coarse enough that a training frame restyles few links: on a 6x8 net at
#: 600 steps a frame, 256 shades changed about 44 links a frame early on and 1 later
#: (60 % of frames), 64 shades 21 and 0.3 (26 %).
LINK_SHADES = 64
#: Cells per axis of the feature thumbnails the scene computes itself.
FEATURE_THUMB = 40
#: The value scale as QColors, so a frame only looks colours up.
LUT_COLORS = [QColor(int(r), int(g), int(b)) for r, g, b, _ in diverging_lut()]


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
        |w| up to 1 deepens it; even a near-zero weight keeps a visible tint. One of
        :data:`LINK_SHADES` evenly spaced rows (the ends of the scale included).
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
    shade = np.rint((t + 1.0) * ((LINK_SHADES - 1) / 2.0))
    index = np.rint(shade * (255.0 / (LINK_SHADES - 1))).astype(np.uint8)
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


def paint_columns(
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
