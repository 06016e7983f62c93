"""Data edits (nnsim.model.data_edits): the head follows the data, points come and go."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nnsim.core.experiment import (
    MAX_CUSTOM_POINTS,
    CustomData,
    DataSpec,
    Experiment,
    InvalidExperimentError,
)
from nnsim.core.trainer import Trainer
from nnsim.model.data_edits import (
    add_point,
    current_points,
    remove_nearest,
    with_head,
    with_points,
)


def _points(n_classes: int = 2) -> CustomData:
    x = np.array([[0.0, 0.0], [1.0, 1.0], [-1.0, 1.0]])
    y = np.array([0.0, 1.0, float(n_classes - 1)])
    return CustomData(x, y, "classification", n_classes)


def test_with_head_picks_the_head_of_a_new_task_and_class_count() -> None:
    exp = Experiment()
    assert (exp.hyper.loss, exp.output_activation) == ("bce", "sigmoid")
    three = with_head(exp, replace(exp.data, dataset="custom", custom=_points(3)))
    assert (three.hyper.loss, three.output_activation) == ("softmax_ce", "softmax")
    values = CustomData(np.array([[0.0], [1.0]]), np.array([0.5, -0.5]), "regression")
    regression = with_head(exp, replace(exp.data, dataset="custom", custom=values))
    assert (regression.hyper.loss, regression.output_activation) == ("mse", "linear")


def test_with_head_keeps_the_head_and_features_when_the_data_need_no_change() -> None:
    exp = replace(Experiment(), features=("x1", "x2", "x1x2"))
    new = with_head(exp, replace(exp.data, noise=0.2))
    assert new.features == exp.features
    assert (new.hyper, new.output_activation) == (exp.hyper, exp.output_activation)
    assert new.data.noise == 0.2


def test_with_head_keeps_only_the_features_1d_data_support_and_restores_2d_ones() -> None:
    exp = Experiment()
    line = CustomData(np.array([[0.0], [1.0]]), np.array([0.0, 1.0]), "classification")
    one_d = with_head(exp, replace(exp.data, dataset="custom", custom=line))
    assert one_d.input_dims == 1
    assert one_d.features == ("x1",)
    back = with_head(one_d, DataSpec())
    assert back.features == Experiment().features  # the dimension grew: the defaults


def test_with_points_drops_weights_only_when_the_network_changes_shape() -> None:
    t = Trainer(Experiment(data=DataSpec(n_samples=40)))
    t.step(5)
    trained = t.to_experiment()
    assert trained.weights is not None
    same = with_points(trained, _points(2))
    assert same.data.dataset == "custom" and same.weights is not None  # sizes unchanged
    three = with_points(trained, _points(3))
    assert three.weights is None and three.step == 0  # the output grew to 3 units


def test_current_points_of_a_generated_set_are_its_training_and_test_points() -> None:
    exp = Experiment(data=DataSpec(n_samples=40))
    pts = current_points(exp)
    assert pts.x.shape == (40, 2) and pts.task == "classification"
    np.testing.assert_array_equal(current_points(exp).x, pts.x)  # seeded: the same
    custom = replace(exp, data=DataSpec(dataset="custom", custom=_points()))
    assert current_points(custom) is custom.data.custom


def test_add_point_adds_a_class_and_remove_nearest_takes_the_closest() -> None:
    exp = with_points(Experiment(), _points(2))
    more = add_point(exp, 0.5, 0.5, target=2)
    assert more.data.custom is not None
    assert more.data.custom.x.shape == (4, 2) and more.n_classes == 3
    assert more.hyper.loss == "softmax_ce"
    fewer = remove_nearest(more, 0.4, 0.6)
    assert fewer.data.custom is not None
    np.testing.assert_array_equal(fewer.data.custom.x, exp.data.custom.x)


def test_point_edits_refuse_too_few_and_too_many_points() -> None:
    two = with_points(Experiment(), CustomData(np.eye(2), np.array([0.0, 1.0])))
    with pytest.raises(InvalidExperimentError):
        remove_nearest(two, 0.0, 0.0)
    rng = np.random.default_rng(0)
    full = CustomData(
        rng.uniform(-1, 1, (MAX_CUSTOM_POINTS, 2)), rng.integers(0, 2, MAX_CUSTOM_POINTS) * 1.0
    )
    with pytest.raises(InvalidExperimentError):
        add_point(with_points(Experiment(), full), 0.0, 0.0, 1)


def test_a_1d_point_keeps_one_coordinate_and_takes_its_value() -> None:
    values = CustomData(np.array([[0.0], [1.0]]), np.array([0.5, -0.5]), "regression")
    exp = with_points(Experiment(), values)
    new = add_point(exp, 0.25, 0.0, target=0.75)
    assert new.data.custom is not None
    np.testing.assert_array_equal(new.data.custom.x[:, 0], [0.0, 1.0, 0.25])
    np.testing.assert_array_equal(new.data.custom.y, [0.5, -0.5, 0.75])
