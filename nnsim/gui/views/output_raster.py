"""The output map's picture: the network's output raster in the window's colours.

Binary and regression outputs go through the one diverging scale, k classes take their
class colours, paler where the net is unsure (:func:`boundary_rgba`); the view washes
the picture with white so the data points read clearly over it (:func:`wash`), and hands
it to its ``ImageItem`` in the form cheapest to draw every frame (:func:`output_image`:
one index into a washed lookup table per cell where it can). Array work, no widgets,
on the snapshot's rasters; drawn by :class:`~nnsim.gui.views.boundary.OutputView`.
"""

from __future__ import annotations

import numpy as np

from nnsim.core.snapshot import Snapshot
from nnsim.gui.colors import NEUTRAL, class_rgb, diverging_lut, lut_indices, value_to_rgba

__all__ = ["WASH", "boundary_rgba", "output_image", "wash"]

#: Share of white mixed into the background image, so full-colour points stand out on it.
WASH = 0.28


def boundary_rgba(snap: Snapshot, discretize: bool = False) -> np.ndarray:
    """Colour the snapshot's output raster.

    Parameters
    ----------
    snap : Snapshot
        Uses ``boundary`` (G, G) or (G,), ``boundary_class``, ``task`` and ``n_classes``.
    discretize : bool
        Binary: threshold the probability at 0.5; regression: the sign of the value;
        k classes: the winning class at full strength. Only two colours remain for a
        binary net.

    Returns
    -------
    ndarray, shape (*boundary.shape, 4), uint8
        RGBA, row 0 = ymin (for an ImageItem in row-major order, whose y axis points up).
        Binary classification: P(class 1) through the diverging scale with 0.5 white;
        regression: the value with 0 white and +-1 at full colour; k classes: each
        cell's winning class colour, blended from white by the confidence
        ``(p - 1/k) / (1 - 1/k)``.
    """
    if not _on_value_scale(snap):
        b = np.asarray(snap.boundary, dtype=np.float32)
        k = snap.n_classes
        cls = np.clip(np.asarray(snap.boundary_class, dtype=np.intp), 0, k - 1)
        if discretize:
            conf = np.ones(b.shape, np.float32)
        else:
            conf = np.clip((np.nan_to_num(b) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
        base = np.array([int(NEUTRAL[i : i + 2], 16) for i in (1, 3, 5)], np.float32)
        rgb = base + (class_rgb(k)[cls] - base) * conf[..., None]
        out = np.empty((*b.shape, 4), np.uint8)
        out[..., :3] = np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
        out[..., 3] = 255
        return out
    return value_to_rgba(*_scale_values(snap, discretize))


def _on_value_scale(snap: Snapshot) -> bool:
    """Whether the output is drawn on the diverging value scale (not in class colours)."""
    return not (
        snap.task == "classification" and snap.n_classes > 2 and snap.boundary_class is not None
    )


def _scale_values(snap: Snapshot, discretize: bool) -> tuple[np.ndarray, float, float]:
    """What a binary or regression output is coloured by, and the range of the scale."""
    b = np.asarray(snap.boundary, dtype=np.float32)
    if snap.task == "regression":
        return (np.sign(b) if discretize else b), -1.0, 1.0
    return ((b >= 0.5).astype(np.float32) if discretize else b), 0.0, 1.0


def wash(rgba: np.ndarray) -> np.ndarray:
    """Mix white into an RGBA image (in place) so data points read clearly over it.

    Returns ``rgba`` itself: (..., 4) uint8, its alpha untouched.
    """
    rgb = rgba[..., :3].astype(np.float32)
    rgba[..., :3] = (rgb * (1.0 - WASH) + 255.0 * WASH).astype(np.uint8)
    return rgba


#: The diverging scale, washed, as RGB: the output image's lookup table.
_WASHED_LUT = np.ascontiguousarray(wash(np.array(diverging_lut()))[:, :3])


def output_image(snap: Snapshot, discretize: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """The output raster as the view shows it: ``wash(boundary_rgba(snap, discretize))``.

    In the form cheapest to hand to an ``ImageItem`` every frame: binary and regression
    outputs as one row of the washed diverging scale per cell (Qt draws them as an
    indexed image), k classes as their blended colours.

    Returns
    -------
    image : ndarray, uint8
        (*boundary.shape) indices into ``lut``, or (*boundary.shape, 3) RGB when ``lut``
        is None; row 0 = ymin.
    lut : ndarray, shape (256, 3), uint8, or None
    """
    if not _on_value_scale(snap):
        return np.ascontiguousarray(wash(boundary_rgba(snap, discretize))[..., :3]), None
    return lut_indices(*_scale_values(snap, discretize)), _WASHED_LUT
