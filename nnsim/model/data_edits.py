"""Edits of an experiment's data: new data with the head it needs, drawn points.

Pure document logic (no Qt): the data panel, draw mode and CSV import all change the
data through these functions, so a new data set brings the same loss, output and
input features whichever way it arrives.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from nnsim.core.datasets import make_dataset
from nnsim.core.experiment import (
    MAX_CUSTOM_POINTS,
    CustomData,
    DataSpec,
    Experiment,
    InvalidExperimentError,
    default_head,
)
from nnsim.core.features import FEATURES
from nnsim.core.messages import QT_TRANSLATE_NOOP

__all__ = ["add_point", "current_points", "remove_nearest", "with_head", "with_points"]


def with_head(exp: Experiment, data: DataSpec) -> Experiment:
    """``exp`` on new data, with the loss/output and input features the data needs.

    A change of task or class count picks the matching head
    (:func:`~nnsim.core.experiment.default_head`); a change of raw dimensions
    (1-D <-> 2-D) keeps the features the new data supports, or falls back to the
    default ones when none is left or the dimension grew.
    """
    new = replace(exp, data=data)
    if (new.task, new.n_classes) != (exp.task, exp.n_classes):
        loss, out = default_head(new.task, new.n_classes)
        new = replace(new, output_activation=out, hyper=replace(new.hyper, loss=loss))
    dims = new.input_dims
    if dims != exp.input_dims:
        kept = tuple(f for f in new.features if FEATURES[f].dims_required <= dims)
        if not kept or dims > exp.input_dims:
            kept = tuple(f for f in Experiment().features if FEATURES[f].dims_required <= dims)
        new = replace(new, features=kept)
    return new


def with_points(exp: Experiment, points: CustomData) -> Experiment:
    """``exp`` training on ``points`` (head and features follow the data, as on import).

    Stored weights that no longer fit the network (another input or output width)
    are dropped, and the step goes back to 0.
    """
    new = with_head(exp, replace(exp.data, dataset="custom", custom=points))
    if new.layer_sizes != exp.layer_sizes:
        new = new.without_weights()
    return new


def current_points(exp: Experiment) -> CustomData:
    """The points of ``exp``'s data (training and test) as custom data.

    Custom data is returned as it is; a generated set is generated (seeded, so the
    points are the ones on screen).
    """
    d = exp.data
    if d.dataset == "custom" and d.custom is not None:
        return d.custom
    ds = make_dataset(d)
    x = np.concatenate([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test])
    return CustomData(x, y, ds.task, max(2, ds.n_classes) if ds.task == "classification" else 2)


def add_point(exp: Experiment, x: float, y: float, target: float) -> Experiment:
    """``exp`` with one more point at (x, y) -- or at x on 1-D data -- with ``target``.

    ``target`` is a class index (classification; a new index adds a class) or a value.

    Raises
    ------
    InvalidExperimentError
        When the data already hold :data:`~nnsim.core.experiment.MAX_CUSTOM_POINTS`.
    """
    pts = current_points(exp)
    coords = [x, y][: pts.dims]
    n_classes = pts.n_classes
    if pts.task == "classification":
        n_classes = max(n_classes, int(target) + 1)
    if pts.x.shape[0] >= MAX_CUSTOM_POINTS:
        # Context "DrawMode": the message is draw mode's, wherever the rule lives.
        raise InvalidExperimentError(
            "data.custom.x",
            QT_TRANSLATE_NOOP("DrawMode", "at most {n} points").format(n=MAX_CUSTOM_POINTS),
        )
    new = CustomData(
        np.vstack([pts.x, np.asarray([coords], dtype=np.float64)]),
        np.append(pts.y, float(target)),
        pts.task,
        n_classes,
    )
    return with_points(exp, new)


def remove_nearest(exp: Experiment, x: float, y: float) -> Experiment:
    """``exp`` without the point nearest to (x, y) (1-D: nearest in (x, value)).

    Raises
    ------
    InvalidExperimentError
        When only 2 points are left (a data set needs at least 2).
    """
    pts = current_points(exp)
    if pts.x.shape[0] <= 2:
        raise InvalidExperimentError(
            "data.custom.x", QT_TRANSLATE_NOOP("DrawMode", "at least 2 points are needed")
        )
    if pts.dims == 2:
        d2 = (pts.x[:, 0] - x) ** 2 + (pts.x[:, 1] - y) ** 2
    else:
        d2 = (pts.x[:, 0] - x) ** 2 + (pts.y - y) ** 2
    keep = np.ones(pts.x.shape[0], dtype=bool)
    keep[int(np.argmin(d2))] = False
    return with_points(exp, CustomData(pts.x[keep], pts.y[keep], pts.task, pts.n_classes))
