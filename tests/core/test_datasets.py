"""Built-in data sets: TF Playground's shapes, seeded, split as asked."""

from __future__ import annotations

import numpy as np
import pytest

from nnsim.core.datasets import DATASETS, Dataset, make_dataset
from nnsim.core.experiment import CustomData, DataSpec

CLASSIFICATION = ["circle", "xor", "gauss", "spiral", "moons", "blobs"]
REGRESSION = ["plane", "multi_gauss", "line", "sine"]
ALL = CLASSIFICATION + REGRESSION


def spec(name: str, **kw) -> DataSpec:
    kw.setdefault("n_samples", 400)
    return DataSpec(dataset=name, **kw)


def all_points(ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate([ds.x_train, ds.x_test]), np.concatenate([ds.y_train, ds.y_test])


def test_registry_matches_the_contract() -> None:
    assert list(DATASETS) == ALL
    for name in CLASSIFICATION:
        assert DATASETS[name].task == "classification"
    for name in REGRESSION:
        assert DATASETS[name].task == "regression"
    assert {n for n, i in DATASETS.items() if i.dims == 1} == {"line", "sine"}
    assert {n for n, i in DATASETS.items() if i.multiclass} == {"blobs"}
    for name, info in DATASETS.items():
        assert info.name == name
        assert info.label.strip()
        assert info.extent == (-6.0, 6.0)


@pytest.mark.parametrize("name", ALL)
def test_same_seed_same_data_other_seed_other_data(name: str) -> None:
    a = make_dataset(spec(name, seed=7, noise=0.2))
    b = make_dataset(spec(name, seed=7, noise=0.2))
    c = make_dataset(spec(name, seed=8, noise=0.2))
    for field in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize("name", ALL)
def test_shapes_dtypes_and_read_only(name: str) -> None:
    ds = make_dataset(spec(name, n_samples=101, train_fraction=0.3))
    dims = DATASETS[name].dims
    assert ds.dims == dims
    assert ds.x_train.shape == (30, dims) and ds.x_test.shape == (71, dims)
    assert ds.y_train.shape == (30,) and ds.y_test.shape == (71,)
    for a in (ds.x_train, ds.y_train, ds.x_test, ds.y_test):
        assert a.dtype == np.float64
        assert np.all(np.isfinite(a))
        with pytest.raises(ValueError):
            a[0] = 1.0
    assert ds.task == DATASETS[name].task


@pytest.mark.parametrize("name", ["circle", "xor", "gauss", "spiral", "moons"])
def test_binary_sets_have_both_classes_evenly(name: str) -> None:
    ds = make_dataset(spec(name, n_samples=301))
    _, y = all_points(ds)
    assert ds.n_classes == 2
    assert set(np.unique(y)) == {0.0, 1.0}
    if name in ("gauss", "spiral", "moons"):  # classes are drawn, not labelled by position
        assert np.count_nonzero(y == 1) == 151 and np.count_nonzero(y == 0) == 150


@pytest.mark.parametrize("k", range(2, 9))
def test_blobs_have_the_declared_classes(k: int) -> None:
    ds = make_dataset(spec("blobs", n_classes=k, n_samples=10 * k + 3))
    _, y = all_points(ds)
    assert ds.n_classes == k
    counts = np.bincount(y.astype(int))
    assert len(counts) == k
    assert counts.max() - counts.min() <= 1


def test_blobs_centres_lie_on_a_ring_in_the_playground_square() -> None:
    ds = make_dataset(spec("blobs", n_classes=6, n_samples=3000))
    X, y = all_points(ds)
    centres = np.array([X[y == c].mean(axis=0) for c in range(6)])
    np.testing.assert_allclose(np.hypot(*centres.T), 4.0, atol=0.2)
    assert np.all(np.abs(centres) < 6)


def test_blobs_refuse_an_impossible_class_count() -> None:
    with pytest.raises(ValueError, match="classes"):
        make_dataset(spec("blobs", n_classes=9))


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("n, fraction", [(500, 0.5), (101, 0.3), (4, 0.9), (4, 0.1), (7, 0.5)])
def test_split_sizes(name: str, n: int, fraction: float) -> None:
    ds = make_dataset(spec(name, n_samples=n, train_fraction=fraction))
    n_train = min(max(int(np.floor(n * fraction + 0.5)), 1), n - 1)
    assert len(ds.x_train) == len(ds.y_train) == n_train
    assert len(ds.x_test) == len(ds.y_test) == n - n_train


@pytest.mark.parametrize("name", ALL)
def test_moving_the_split_keeps_the_shuffled_order(name: str) -> None:
    a = make_dataset(spec(name, train_fraction=0.2, seed=3))
    b = make_dataset(spec(name, train_fraction=0.8, seed=3))
    for xa, xb in zip(all_points(a), all_points(b), strict=True):
        np.testing.assert_array_equal(xa, xb)


@pytest.mark.parametrize("name", ALL)
def test_split_is_shuffled_not_class_blocks(name: str) -> None:
    ds = make_dataset(spec(name, n_samples=400))
    if ds.task == "classification":
        assert set(np.unique(ds.y_train)) == set(np.unique(ds.y_test))
    # Sorted data would put the generator's groups in order; the split must mix them.
    assert not np.array_equal(ds.x_train[:, 0], np.sort(ds.x_train[:, 0]))


@pytest.mark.parametrize("name", ALL)
def test_noise_changes_the_data_but_zero_noise_is_reproducible(name: str) -> None:
    clean = all_points(make_dataset(spec(name, noise=0.0)))
    again = all_points(make_dataset(spec(name, noise=0.0)))
    noisy = all_points(make_dataset(spec(name, noise=0.3)))
    for a, b in zip(clean, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not (np.array_equal(clean[0], noisy[0]) and np.array_equal(clean[1], noisy[1]))


@pytest.mark.parametrize("name", ["gauss", "spiral", "moons", "blobs", "line", "sine"])
def test_noise_moves_points_of_sets_with_positional_noise(name: str) -> None:
    clean = all_points(make_dataset(spec(name, noise=0.0)))
    noisy = all_points(make_dataset(spec(name, noise=0.3)))
    moved = clean[0] if DATASETS[name].dims == 2 else clean[1]
    shifted = noisy[0] if DATASETS[name].dims == 2 else noisy[1]
    assert np.mean(np.abs(moved - shifted)) > 0.05


@pytest.mark.parametrize("name", ["circle", "xor", "plane", "multi_gauss"])
def test_tf_label_noise_keeps_the_points_and_changes_labels(name: str) -> None:
    # TF Playground reads the label at a noise-shifted position: same points, other labels.
    clean = all_points(make_dataset(spec(name, noise=0.0)))
    noisy = all_points(make_dataset(spec(name, noise=0.4)))
    np.testing.assert_array_equal(clean[0], noisy[0])
    assert not np.array_equal(clean[1], noisy[1])


def test_circle_labels_match_the_radius() -> None:
    X, y = all_points(make_dataset(spec("circle", n_samples=1000)))
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all(r <= 5.0)
    assert np.all((y == 1) == (r < 2.5))
    assert not np.any((r >= 2.5) & (r < 3.5)), "a gap separates the inner and outer ring"
    assert np.count_nonzero(y == 1) == 500


def test_noisy_circle_has_some_wrong_colours() -> None:
    X, y = all_points(make_dataset(spec("circle", n_samples=1000, noise=0.5)))
    r = np.hypot(X[:, 0], X[:, 1])
    wrong = np.count_nonzero((y == 1) != (r < 2.5))
    assert 20 < wrong < 500


def test_xor_labels_match_the_quadrant_with_padding() -> None:
    X, y = all_points(make_dataset(spec("xor", n_samples=1000)))
    assert np.all(np.abs(X) >= 0.3) and np.all(np.abs(X) <= 5.3)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] >= 0).astype(float))


def test_gauss_classes_sit_around_their_centres() -> None:
    X, y = all_points(make_dataset(spec("gauss", n_samples=4000)))
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-2, -2], atol=0.1)
    np.testing.assert_allclose(X[y == 1].var(axis=0), [0.5, 0.5], rtol=0.15)
    Xn, yn = all_points(make_dataset(spec("gauss", n_samples=4000, noise=0.5)))
    np.testing.assert_allclose(Xn[yn == 1].var(axis=0), [4.0, 4.0], rtol=0.15)


def test_spiral_arms_are_half_a_turn_apart() -> None:
    X, y = all_points(make_dataset(spec("spiral", n_samples=400)))
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.max() < 5.0
    # TF's parametrisation: r = 5 i/n, t = 3.5 pi i/n (+ pi for class 0); so a class-1
    # point at angle t mirrored through the origin lies on the class-0 arm.
    ones = X[y == 1]
    zeros = X[y == 0]
    mirrored = {tuple(np.round(-p, 9)) for p in ones}
    assert mirrored == {tuple(np.round(p, 9)) for p in zeros}


def test_moons_interleave() -> None:
    X, y = all_points(make_dataset(spec("moons", n_samples=1000)))
    upper, lower = X[y == 1], X[y == 0]
    # Each moon is a half circle of radius 3.5 around its own centre.
    np.testing.assert_allclose(np.hypot(*(upper - [-1.75, -0.875]).T), 3.5, atol=1e-9)
    np.testing.assert_allclose(np.hypot(*(lower - [1.75, 0.875]).T), 3.5, atol=1e-9)
    assert np.all(np.abs(X) <= 6)


def test_plane_target_is_the_scaled_sum() -> None:
    X, y = all_points(make_dataset(spec("plane")))
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 10, atol=1e-12)
    assert np.all(np.abs(X) <= 6) and np.all(np.abs(y) <= 1.2)


def test_multi_gauss_has_signed_bumps() -> None:
    X, y = all_points(make_dataset(spec("multi_gauss", n_samples=4000)))
    assert np.all(np.abs(y) <= 1.0)
    near = np.hypot(X[:, 0] + 4, X[:, 1] - 2.5) < 0.5  # bump at (-4, 2.5) is positive
    assert np.all(y[near] > 0.7)
    near = np.hypot(X[:, 0], X[:, 1] - 2.5) < 0.5  # bump at (0, 2.5) is negative
    assert np.all(y[near] < -0.7)
    assert y.max() > 0.9 and y.min() < -0.9


@pytest.mark.parametrize("seed", range(5))
def test_line_is_a_line_within_unit_range(seed: int) -> None:
    ds = make_dataset(spec("line", seed=seed))
    x, y = all_points(ds)
    a, b = np.polyfit(x[:, 0], y, 1)
    np.testing.assert_allclose(y, a * x[:, 0] + b, atol=1e-12)
    assert 0.04 < abs(a) < 0.13
    assert np.all(np.abs(y) <= 1.0)


def test_sine_follows_sin() -> None:
    x, y = all_points(make_dataset(spec("sine")))
    np.testing.assert_allclose(y, np.sin(x[:, 0]), atol=1e-15)
    assert np.all(np.abs(x) <= 6)


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_targets_roughly_within_unit_range(name: str) -> None:
    _, y = all_points(make_dataset(spec(name, noise=0.0, n_samples=2000)))
    assert np.abs(y).max() <= 1.2  # the plane's corners reach (6 + 6) / 10
    assert np.quantile(np.abs(y), 0.9) <= 1.0
    _, y = all_points(make_dataset(spec(name, noise=0.5, n_samples=2000)))
    assert np.mean(np.abs(y)) < 1.0 and np.abs(y).max() < 2.5


@pytest.mark.parametrize("name", ALL)
def test_extent(name: str) -> None:
    ds = make_dataset(spec(name, noise=0.2))
    if ds.dims == 2:
        assert ds.extent == (-6.0, 6.0, -6.0, 6.0)
    else:
        x0, x1, y0, y1 = ds.extent
        assert (x0, x1) == (-6.0, 6.0)
        _, y = all_points(ds)
        assert y0 < y.min() and y.max() < y1
        assert y1 - y0 < 1.5 * (y.max() - y.min())


def test_targets_binary_multiclass_regression() -> None:
    ds = make_dataset(spec("circle", n_samples=20))
    t = ds.targets(ds.y_train)
    assert t.shape == (10, 1)
    np.testing.assert_array_equal(t[:, 0], ds.y_train)

    ds = make_dataset(spec("blobs", n_classes=4, n_samples=40))
    t = ds.targets(ds.y_test)
    assert t.shape == (20, 4)
    np.testing.assert_array_equal(t.sum(axis=1), 1.0)
    np.testing.assert_array_equal(t.argmax(axis=1), ds.y_test)

    ds = make_dataset(spec("sine", n_samples=20))
    t = ds.targets(ds.y_train)
    assert t.shape == (10, 1)
    np.testing.assert_array_equal(t[:, 0], ds.y_train)
    t[0, 0] = 99.0  # the caller's own array: the data set stays intact
    assert ds.y_train[0] != 99.0


def test_targets_rejects_labels_out_of_range() -> None:
    ds = make_dataset(spec("blobs", n_classes=3, n_samples=30))
    with pytest.raises(ValueError, match="0..2"):
        ds.targets(np.array([0.0, 3.0]))


def test_custom_two_dimensional() -> None:
    x = np.array([[0.0, 10.0], [1.0, 12.0], [2.0, 14.0], [3.0, 16.0], [4.0, 18.0]])
    y = np.array([0, 1, 2, 1, 0])
    custom = CustomData(x=x, y=y, task="classification", n_classes=3)
    ds = make_dataset(DataSpec(dataset="custom", custom=custom, train_fraction=0.6, seed=2))
    assert (ds.task, ds.n_classes, ds.dims) == ("classification", 3, 2)
    assert ds.x_train.shape == (3, 2) and ds.x_test.shape == (2, 2)
    X, Y = all_points(ds)
    # Every point once, the pairs intact.
    order = np.argsort(X[:, 0])
    np.testing.assert_array_equal(X[order], x)
    np.testing.assert_array_equal(Y[order], y)
    x0, x1, y0, y1 = ds.extent
    assert x0 < 0 and x1 > 4 and y0 < 10 and y1 > 18
    np.testing.assert_allclose([x0, x1, y0, y1], [-0.4, 4.4, 9.2, 18.8])
    again = make_dataset(DataSpec(dataset="custom", custom=custom, train_fraction=0.6, seed=2))
    np.testing.assert_array_equal(again.x_train, ds.x_train)


def test_custom_split_follows_the_data_seed() -> None:
    custom = CustomData(x=np.arange(40.0)[:, None], y=np.arange(40.0) / 40, task="regression")
    a = make_dataset(DataSpec(dataset="custom", custom=custom, seed=1))
    b = make_dataset(DataSpec(dataset="custom", custom=custom, seed=2))
    assert not np.array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.y_train, a.x_train[:, 0] / 40)  # pairs stay together


def test_custom_one_dimensional_regression() -> None:
    x = np.linspace(-1, 1, 10)
    y = 3 * x
    custom = CustomData(x=x, y=y, task="regression")
    ds = make_dataset(DataSpec(dataset="custom", custom=custom))
    assert (ds.task, ds.n_classes, ds.dims) == ("regression", 1, 1)
    assert ds.x_train.shape == (5, 1)
    np.testing.assert_allclose(ds.extent, (-1.2, 1.2, -3.6, 3.6))
    assert ds.targets(ds.y_train).shape == (5, 1)


def test_custom_points_all_in_one_place_still_get_a_window() -> None:
    custom = CustomData(x=np.zeros((4, 2)), y=np.array([0, 1, 0, 1]))
    ds = make_dataset(DataSpec(dataset="custom", custom=custom))
    x0, x1, y0, y1 = ds.extent
    assert x0 < 0 < x1 and y0 < 0 < y1


def test_custom_extremes_do_not_overflow() -> None:
    big = np.finfo(np.float64).max / 2
    custom = CustomData(x=np.array([[-big, 0], [big, 1], [0, 2]]), y=np.array([0, 1, 0]))
    ds = make_dataset(DataSpec(dataset="custom", custom=custom))
    assert all(np.isfinite(ds.extent))


def test_errors() -> None:
    with pytest.raises(ValueError, match="unknown data set"):
        make_dataset(DataSpec(dataset="nope"))
    with pytest.raises(ValueError, match="custom"):
        make_dataset(DataSpec(dataset="custom"))
    with pytest.raises(ValueError, match="noise"):
        make_dataset(DataSpec(dataset="circle", noise=0.7))


def test_repr_is_informative() -> None:
    text = repr(make_dataset(spec("circle", n_samples=10)))
    assert "classification" in text and "n_train=5" in text
