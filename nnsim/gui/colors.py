"""The colours of nnsim: one diverging scale for values, one palette per role.

TF Playground's lesson is that *one* colour scale carries every value on screen: the
data, each neuron's output and each weight are orange when negative, near-white at
zero and blue when positive. :func:`diverging_lut` is that scale; every view maps
values through it (vectorised, via :func:`value_to_rgba`) so a student learns it once.

Two further palettes are deliberately kept away from orange and blue so they never
read as values: :func:`layer_color` (one hue per weight layer, shared by the network
drawing and the gradient plot) and the extra hues of :func:`class_color` beyond the
first two classes (which *are* orange and blue, to match the binary data).
"""

from __future__ import annotations

import sys

import numpy as np
from numpy.typing import ArrayLike
from PySide6.QtGui import QColor

__all__ = [
    "NEGATIVE",
    "NEUTRAL",
    "POSITIVE",
    "class_color",
    "class_rgb",
    "contrast_color",
    "diverging_color",
    "diverging_lut",
    "layer_color",
    "lut_indices",
    "rows_to_argb32",
    "value_to_argb32",
    "value_to_rgba",
]

#: TF Playground's colours for -1, 0 and +1.
NEGATIVE = "#f59322"
NEUTRAL = "#e8eaeb"
POSITIVE = "#0877bd"

# Readable on white, distinct from each other and from the orange/blue value scale.
_LAYER_HUES = (
    "#2ca02c",  # green
    "#9467bd",  # purple
    "#d62728",  # red
    "#8c564b",  # brown
    "#e377c2",  # pink
    "#17a2b8",  # teal
    "#7f7f7f",  # grey
    "#b09a00",  # dark gold
    "#1b5e20",  # dark green
    "#6a1b9a",  # dark purple
    "#c2185b",  # magenta
)

# Classes 0 and 1 are the ends of the value scale, so binary data looks the same
# whichever way it is drawn; the rest are the layer hues' most distinct members.
_CLASS_HUES = (
    NEGATIVE,
    POSITIVE,
    "#2ca02c",
    "#9467bd",
    "#d62728",
    "#8c564b",
    "#e377c2",
    "#17becf",
)


def _hex_rgb(h: str) -> np.ndarray:
    return np.array([int(h[k : k + 2], 16) for k in (1, 3, 5)], dtype=np.float64)


def _build_lut() -> np.ndarray:
    lo, mid, hi = _hex_rgb(NEGATIVE), _hex_rgb(NEUTRAL), _hex_rgb(POSITIVE)
    v = np.linspace(-1.0, 1.0, 256)[:, None]  # value at each LUT entry
    # Piecewise-linear through the three anchors, like d3's linear scale in Playground.
    rgb = np.where(v < 0, mid + (mid - lo) * v, mid + (hi - mid) * v)
    lut = np.empty((256, 4), dtype=np.uint8)
    lut[:, :3] = np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
    lut[:, 3] = 255
    lut.setflags(write=False)
    return lut


_LUT = _build_lut()
# The same table in the memory order of QImage.Format_RGB32 (native 0xffRRGGBB words),
# the raster engine's own format: drawing it needs no per-pixel conversion.
_LUT32 = np.ascontiguousarray(
    _LUT[:, [2, 1, 0, 3]] if sys.byteorder == "little" else _LUT[:, [3, 0, 1, 2]]
)
_LUT32.setflags(write=False)


def diverging_lut() -> np.ndarray:
    """The shared value scale as a lookup table.

    Returns
    -------
    ndarray, shape (256, 4), uint8
        RGBA rows; row 0 is the colour of -1 (orange ``#f59322``), rows 127/128
        straddle 0 (near-white ``#e8eaeb``), row 255 is +1 (blue ``#0877bd``).
        Read-only: the same array is returned on every call.
    """
    return _LUT


def value_to_rgba(values: np.ndarray, vmin: float, vmax: float) -> np.ndarray:
    """Map values through the diverging scale, ``vmin`` -> orange, ``vmax`` -> blue.

    Parameters
    ----------
    values : array_like, any shape (...)
        Values to colour. NaN is drawn as the neutral colour; values outside the
        range are clamped to its ends.
    vmin, vmax : float
        The values shown as -1 and +1 of the scale. A symmetric range
        (``vmin == -vmax``) puts 0 at white; ``(0, 1)`` puts 0.5 at white.

    Returns
    -------
    ndarray, shape (..., 4), uint8
        RGBA, C-contiguous (ready for ``QImage``).
    """
    return _LUT[lut_indices(values, vmin, vmax)]


def lut_indices(values: np.ndarray, vmin: float, vmax: float) -> np.ndarray:
    """Row of :func:`diverging_lut` for each value: ``vmin`` -> 0, ``vmax`` -> 255.

    NaN gives the neutral middle; values outside the range are clamped; a range that is
    empty or not finite gives 128 everywhere. Returns uint8 of the values' shape.
    """
    return _rows_lut_indices(np.asarray(values)[None], [vmin], [vmax])[0]


def _rows_lut_indices(values: np.ndarray, vmin: ArrayLike, vmax: ArrayLike) -> np.ndarray:
    """:func:`lut_indices` of each row ``values[k]`` over its own ``vmin[k]..vmax[k]``."""
    with np.errstate(over="ignore"):  # a diverged net's huge values become inf: drawn clamped
        v = np.array(values, dtype=np.float32, order="C")  # a copy, reused in place below
    n = v.shape[0]
    lo = np.asarray(vmin, dtype=np.float64).reshape(n)
    span = np.asarray(vmax, dtype=np.float64).reshape(n) - lo
    ok = np.isfinite(span) & (span > 0.0)
    shape = (n,) + (1,) * (v.ndim - 1)
    # Rows without a usable range are drawn neutral (index 128).
    offset = np.where(ok, lo, 0.0).astype(np.float32).reshape(shape)
    scale = np.where(ok, 255.0 / np.where(ok, span, 1.0), 0.0).astype(np.float32).reshape(shape)
    base = np.where(ok, 0.0, 128.0).astype(np.float32).reshape(shape)
    with np.errstate(invalid="ignore", over="ignore"):  # inf * 0 of a neutral row: NaN
        np.subtract(v, offset, out=v)
        np.multiply(v, scale, out=v)
        np.add(v, base, out=v)
    np.clip(v, 0.0, 255.0, out=v)
    np.nan_to_num(v, copy=False, nan=127.5)  # NaN survives clip: show "no value"
    np.add(v, np.float32(0.5), out=v)
    return v.astype(np.uint8, order="C")


def value_to_argb32(values: np.ndarray, vmin: float, vmax: float) -> np.ndarray:
    """Like :func:`value_to_rgba`, but in ``QImage.Format_RGB32`` byte order.

    Returns
    -------
    ndarray, shape (..., 4), uint8
        Opaque pixels as native-endian 0xffRRGGBB words (B, G, R, 255 on little-endian
        machines), C-contiguous: wrap with ``QImage(buf.data, w, h, 4 * w,
        QImage.Format.Format_RGB32)``.
    """
    return _LUT32[lut_indices(values, vmin, vmax)]


_LUT32_WORDS = _LUT32.view(np.uint32).reshape(256)


def rows_to_argb32(values: np.ndarray, vmin: np.ndarray, vmax: np.ndarray) -> np.ndarray:
    """:func:`value_to_argb32` of many rows at once, each over its own range.

    The same pixels as ``value_to_argb32(values[k], vmin[k], vmax[k])`` for every k,
    in a few whole-array operations: the GUI colours all thumbnails of a network
    with it every frame, and each NumPy call has a fixed cost.

    Parameters
    ----------
    values : ndarray, shape (n, ...)
        One row per picture.
    vmin, vmax : array_like, shape (n,)
        Each row's range (see :func:`value_to_rgba`).

    Returns
    -------
    ndarray, shape (n, ..., 4), uint8
        ``Format_RGB32`` pixels, C-contiguous.
    """
    words = _LUT32_WORDS[_rows_lut_indices(values, vmin, vmax)]
    return words.view(np.uint8).reshape((*words.shape, 4))


def diverging_color(value: float, vmax: float = 1.0) -> QColor:
    """The scale's colour of one value in ``[-vmax, vmax]`` (clamped)."""
    rgba = value_to_rgba(np.array([value]), -vmax, vmax)[0]
    return QColor(int(rgba[0]), int(rgba[1]), int(rgba[2]))


def layer_color(i: int) -> QColor:
    """A distinct colour for weight layer ``i`` (W[i], feeding drawing column i + 1).

    The network drawing underlines the layer with it and the gradient plot draws
    layer i's curve in it. Never orange or blue, which mean values; cycles after 11.
    """
    return QColor(_LAYER_HUES[int(i) % len(_LAYER_HUES)])


def class_color(k: int) -> QColor:
    """The colour of class ``k``: 0 orange, 1 blue (the value scale's ends), then
    green, purple, red, brown, pink and cyan; cycles after 8 classes."""
    return QColor(_CLASS_HUES[int(k) % len(_CLASS_HUES)])


def class_rgb(n: int) -> np.ndarray:
    """The first ``n`` class colours as an array.

    Returns
    -------
    ndarray, shape (n, 3), float32
        RGB in 0..255, row k = :func:`class_color` (k).
    """
    return np.array([_hex_rgb(_CLASS_HUES[k % len(_CLASS_HUES)]) for k in range(n)], np.float32)


def contrast_color(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background`` (a swatch's number).

    By the WCAG relative luminance: white on the blue of class 1, black on the orange of
    class 0 and on light colours.
    """

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * linear(background.redF())
        + 0.7152 * linear(background.greenF())
        + 0.0722 * linear(background.blueF())
    )
    # Contrast with white (1.05 / (lum + 0.05)) against contrast with black ((lum + 0.05) / 0.05).
    return QColor(0, 0, 0) if (lum + 0.05) ** 2 > 0.0525 else QColor(255, 255, 255)
