"""The experiment document: defaults, lossless JSON round trips, and typed errors for bad files."""

from __future__ import annotations

import copy
import json
import tracemalloc
from dataclasses import replace

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.controls import CONTROLS
from nnsim.core.csv_data import MAX_CSV_VALUE, CSVError, csv_data
from nnsim.core.datasets import DATASETS
from nnsim.core.experiment import (
    MAX_BATCH,
    MAX_CLASSES,
    MAX_HIDDEN_LAYERS,
    MAX_SAMPLES,
    MAX_SEED,
    MAX_WIDTH,
    MIN_SAMPLES,
    REGULARIZATIONS,
    SCHEMA_VERSION,
    CustomData,
    DataSpec,
    Experiment,
    Hyper,
    InvalidExperimentError,
    LayerSpec,
    StopCondition,
    Weights,
    default_head,
)
from nnsim.core.features import FEATURES
from nnsim.core.initializers import INITIALIZERS
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.core.specs import MAX_DATA_VALUE

# ----------------------------------------------------------------------------- defaults


def test_default_is_tf_playground() -> None:
    exp = Experiment()
    assert exp.data.dataset == "circle"
    assert exp.features == ("x1", "x2")
    assert exp.hidden == (LayerSpec(4, "tanh"), LayerSpec(2, "tanh"))
    assert exp.layer_sizes == [2, 4, 2, 1]
    assert exp.activations == ["tanh", "tanh", "sigmoid"]
    assert (exp.task, exp.n_classes, exp.n_outputs) == ("classification", 2, 1)
    assert exp.hyper.learning_rate == 0.03 and exp.hyper.batch_size == 10
    assert exp.weights is None and exp.step == 0
    assert exp.validate() is exp


def test_default_head() -> None:
    assert default_head("regression", 1) == ("mse", "linear")
    assert default_head("classification", 2) == ("bce", "sigmoid")
    assert default_head("classification", 5) == ("softmax_ce", "softmax")


def test_experiment_is_immutable() -> None:
    exp = Experiment(features=["x1", "x2"], hidden=[LayerSpec(3, "relu")])
    assert exp.features == ("x1", "x2") and isinstance(exp.hidden, tuple)
    with pytest.raises(AttributeError):
        exp.seed = 3  # type: ignore[misc]
    w = exp.with_weights([np.ones((2, 3)), np.ones((3, 1))], [np.zeros(3), np.zeros(1)])
    with pytest.raises(ValueError):
        w.weights.W[0][0, 0] = 5.0


def test_derived_sizes_for_blobs_and_one_dimensional_data() -> None:
    exp = Experiment(
        data=DataSpec(dataset="blobs", n_classes=5),
        output_activation="softmax",
        hyper=Hyper(loss="softmax_ce"),
    ).validate()
    assert exp.layer_sizes == [2, 4, 2, 5]
    exp = Experiment(
        data=DataSpec(dataset="sine"),
        features=("x1", "sin_x1"),
        hidden=(),
        output_activation="linear",
        hyper=Hyper(loss="mse"),
    ).validate()
    assert (exp.input_dims, exp.task, exp.n_classes) == (1, "regression", 1)
    assert exp.layer_sizes == [2, 1]


# ----------------------------------------------------------------------------- strategies

_finite = st.floats(allow_nan=False, allow_infinity=False)
#: Data values obey the one range rule of CSV import (|value| <= MAX_DATA_VALUE).
_data_value = st.floats(min_value=-MAX_DATA_VALUE, max_value=MAX_DATA_VALUE)


def _real(lo: float, hi: float, open_low: bool = False) -> st.SearchStrategy[float]:
    return st.floats(min_value=lo, max_value=hi, exclude_min=open_low)


@st.composite
def custom_data(draw) -> CustomData:
    n = draw(st.integers(2, 30))
    dims = draw(st.sampled_from([1, 2]))
    x = draw(hnp.arrays(np.float64, (n, dims), elements=_data_value))
    if draw(st.booleans()):
        k = draw(st.integers(2, MAX_CLASSES))
        y = draw(hnp.arrays(np.float64, n, elements=st.integers(0, k - 1).map(float)))
        return CustomData(x=x, y=y, task="classification", n_classes=k)
    y = draw(hnp.arrays(np.float64, n, elements=_data_value))
    return CustomData(x=x, y=y, task="regression")


@st.composite
def experiments(draw) -> Experiment:
    """A random *valid* experiment, with or without weights and custom data."""
    dataset = draw(st.sampled_from([*DATASETS, "custom"]))
    custom = draw(custom_data()) if dataset == "custom" or draw(st.booleans()) else None
    data = DataSpec(
        dataset=dataset,
        noise=draw(_real(0.0, 0.5)),
        n_samples=draw(st.integers(MIN_SAMPLES, MAX_SAMPLES)),
        train_fraction=draw(_real(0.1, 0.9)),
        n_classes=draw(st.integers(2, MAX_CLASSES)),
        seed=draw(st.integers(0, MAX_SEED)),
        custom=custom,
    )
    probe = Experiment(data=data)
    dims, task, k = probe.input_dims, probe.task, probe.n_classes
    usable = [n for n, f in FEATURES.items() if f.dims_required <= dims]
    features = draw(
        st.lists(st.sampled_from(usable), min_size=1, max_size=len(usable), unique=True)
    )
    hidden = draw(
        st.lists(
            st.builds(LayerSpec, st.integers(1, MAX_WIDTH), st.sampled_from(list(ACTIVATIONS))),
            max_size=MAX_HIDDEN_LAYERS,
        )
    )
    non_softmax = [a for a in OUTPUT_ACTIVATIONS if a != "softmax"]
    if task == "regression":
        loss, out = "mse", draw(st.sampled_from(non_softmax))
    elif k > 2:
        loss, out = "softmax_ce", "softmax"
    else:
        loss, out = draw(
            st.one_of(
                st.just(("bce", "sigmoid")),
                st.tuples(st.just("mse"), st.sampled_from(non_softmax)),
            )
        )
    hyper = Hyper(
        learning_rate=draw(_real(0.0, 100.0, open_low=True)),
        loss=loss,
        optimizer=draw(st.sampled_from(list(OPTIMIZERS))),
        momentum=draw(_real(0.0, 0.9999)),
        regularization=draw(st.sampled_from(REGULARIZATIONS)),
        reg_rate=draw(_real(0.0, 10.0)),
        batch_size=draw(st.integers(1, MAX_BATCH)),
        init=draw(st.sampled_from(["auto", *INITIALIZERS])),
        init_value=draw(_real(-10.0, 10.0)),
    )
    stop = StopCondition(
        epoch=draw(st.none() | st.integers(1, 10**9)),
        test_loss_below=draw(st.none() | _real(0.0, 1e6, open_low=True)),
    )
    exp = Experiment(
        data=data,
        features=tuple(features),
        hidden=tuple(hidden),
        output_activation=out,
        hyper=hyper,
        stop=stop,
        seed=draw(st.integers(0, MAX_SEED)),
        step=draw(st.integers(0, 10**12)),
        title=draw(st.text(max_size=40)),
        hidden_controls=tuple(draw(st.lists(st.sampled_from(list(CONTROLS)), unique=True))),
    )
    if draw(st.booleans()):
        sizes = exp.layer_sizes
        W = [
            draw(hnp.arrays(np.float64, (a, b), elements=_finite))
            for a, b in zip(sizes, sizes[1:], strict=False)
        ]
        b = [draw(hnp.arrays(np.float64, (s,), elements=_finite)) for s in sizes[1:]]
        exp = replace(exp, weights=Weights(tuple(W), tuple(b)))
    return exp.validate()


_PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_PROPERTY
@given(experiments())
def test_json_round_trip_is_lossless(exp: Experiment) -> None:
    text = exp.to_json()
    back = Experiment.from_json(text)
    assert back == exp
    assert back.to_json() == text
    assert Experiment.from_json(text.encode("utf-8")) == exp
    assert Experiment.from_json(exp.to_json(indent=None)) == exp


@_PROPERTY
@given(experiments())
def test_json_without_weights_round_trips_to_the_bare_experiment(exp: Experiment) -> None:
    text = exp.to_json(include_weights=False)
    assert "weights" not in json.loads(text)
    back = Experiment.from_json(text)
    assert back == exp.without_weights()
    assert back.weights is None and back.step == 0


@_PROPERTY
@given(experiments())
def test_equality_notices_any_weight_change(exp: Experiment) -> None:
    if exp.weights is None:
        return
    W = [w.copy() for w in exp.weights.W]
    W[-1][0, 0] = 1.0 if W[-1][0, 0] != 1.0 else 2.0
    assert exp.with_weights(W, exp.weights.b, exp.step) != exp


def test_saved_file_is_plain_json_with_format_and_version() -> None:
    doc = json.loads(Experiment().to_json())
    assert doc["format"] == "nnsim-experiment"
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["hidden"] == [{"width": 4, "activation": "tanh"}, {"width": 2, "activation": "tanh"}]


def test_numpy_scalars_serialise() -> None:
    # GUI code often hands over numpy integers (argmax, spin-box arithmetic on arrays).
    exp = Experiment(
        seed=np.int64(3),
        hidden=(LayerSpec(np.int64(3), "relu"),),
        data=DataSpec(n_samples=np.int64(100), noise=np.float64(0.1)),
        hyper=Hyper(batch_size=np.int32(5)),
    ).validate()
    back = Experiment.from_json(exp.to_json())
    assert back == exp
    assert type(json.loads(exp.to_json())["seed"]) is int


# ----------------------------------------------------------------------------- errors


def _doc() -> dict:
    exp = Experiment().with_weights(
        [np.full((2, 4), 0.5), np.full((4, 2), -0.25), np.full((2, 1), 1.0)],
        [np.zeros(4), np.zeros(2), np.zeros(1)],
        step=7,
    )
    return json.loads(exp.to_json())


def _fails(text: str | bytes | dict, field: str, *words: str) -> InvalidExperimentError:
    if isinstance(text, dict):
        text = json.dumps(text)
    with pytest.raises(InvalidExperimentError) as info:
        Experiment.from_json(text)
    err = info.value
    assert err.field == field, f"{err.field!r}: {err}"
    assert str(err).strip()
    for w in words:
        assert w.lower() in str(err).lower(), str(err)
    return err


def _edit(path: tuple, value) -> dict:
    doc = _doc()
    obj = doc
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value
    return doc


def test_valid_base_document_loads() -> None:
    exp = Experiment.from_json(json.dumps(_doc()))
    assert exp.step == 7 and exp.weights is not None


@pytest.mark.parametrize(
    "path, value, field",
    [
        (("seed",), "abc", "seed"),
        (("seed",), True, "seed"),
        (("seed",), 1.5, "seed"),
        (("title",), 5, "title"),
        (("data",), [], "data"),
        (("data", "noise"), "high", "data.noise"),
        (("data", "n_samples"), None, "data.n_samples"),
        (("features",), "x1", "features"),
        (("features",), [1, 2], "features[0]"),
        (("hidden",), {"width": 4}, "hidden"),
        (("hidden", 0), 4, "hidden[0]"),
        (("hidden", 0, "width"), "4", "hidden[0].width"),
        (("hidden", 1, "activation"), 3, "hidden[1].activation"),
        (("hyper",), "fast", "hyper"),
        (("hyper", "learning_rate"), "fast", "hyper.learning_rate"),
        (("hyper", "batch_size"), 2.5, "hyper.batch_size"),
        (("stop", "epoch"), "never", "stop.epoch"),
        (("weights",), {"W": []}, "weights"),
        (("weights", 0), [], "weights[0]"),
        (("weights", 0, "W"), "zeros", "weights[0].W"),
        (("weights", 1, "b"), [0, "x"], "weights[1].b"),
        (("weights", 1, "b"), [0, True], "weights[1].b"),
    ],
)
def test_wrong_types(path: tuple, value, field: str) -> None:
    _fails(_edit(path, value), field)


def test_top_level_must_be_an_object() -> None:
    _fails("[1, 2]", "(top level)")
    _fails('"circle"', "(top level)")


@pytest.mark.parametrize(
    "path, value, field",
    [
        (("hidden", 1, "activation"), "relu6", "hidden[1].activation"),
        (("hidden", 0, "activation"), "softmax", "hidden[0].activation"),
        (("output_activation",), "swish", "output_activation"),
        (("hyper", "optimizer"), "rmsprop", "hyper.optimizer"),
        (("hyper", "loss"), "hinge", "hyper.loss"),
        (("hyper", "init"), "lecun", "hyper.init"),
        (("hyper", "regularization"), "dropout", "hyper.regularization"),
        (("data", "dataset"), "mnist", "data.dataset"),
        (("features",), ["x1", "x3"], "features[1]"),
        (("features",), ["x1", "x1"], "features"),
        (("features",), [], "features"),
    ],
)
def test_unknown_names(path: tuple, value, field: str) -> None:
    err = _fails(_edit(path, value), field)
    if field != "features":  # the two list-level feature errors are not about names
        assert "unknown" in str(err) or "must be one of" in str(err)


@pytest.mark.parametrize(
    "path, value, field",
    [
        (("hidden", 0, "width"), -1, "hidden[0].width"),
        (("hidden", 0, "width"), 0, "hidden[0].width"),
        (("hidden", 0, "width"), MAX_WIDTH + 1, "hidden[0].width"),
        (("data", "noise"), 0.51, "data.noise"),
        (("data", "n_samples"), 3, "data.n_samples"),
        (("data", "n_samples"), 10**9, "data.n_samples"),
        (("data", "train_fraction"), 1.0, "data.train_fraction"),
        (("data", "n_classes"), 9, "data.n_classes"),
        (("hyper", "learning_rate"), 0.0, "hyper.learning_rate"),
        (("hyper", "learning_rate"), -0.1, "hyper.learning_rate"),
        (("hyper", "momentum"), 1.0, "hyper.momentum"),
        (("hyper", "batch_size"), 0, "hyper.batch_size"),
        (("seed",), -1, "seed"),
        (("seed",), 2**32, "seed"),
        (("step",), -5, "step"),
        (("stop", "epoch"), 0, "stop.epoch"),
        (("title",), "x" * 501, "title"),
    ],
)
def test_out_of_bounds(path: tuple, value, field: str) -> None:
    _fails(_edit(path, value), field)


def test_too_many_hidden_layers() -> None:
    doc = _doc()
    doc.pop("weights")
    doc["hidden"] = [{"width": 2, "activation": "relu"}] * (MAX_HIDDEN_LAYERS + 1)
    _fails(doc, "hidden", str(MAX_HIDDEN_LAYERS))


@pytest.mark.parametrize("width", [10**9, 2**62, 10**15])
def test_enormous_width_fails_fast_without_allocating(width: int) -> None:
    doc = _edit(("hidden", 0, "width"), width)
    text = json.dumps(doc)
    tracemalloc.start()
    try:
        _fails(text, "hidden[0].width")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, f"refusing width {width} allocated {peak} bytes"


def test_enormous_width_in_memory_fails_before_building_anything() -> None:
    with pytest.raises(InvalidExperimentError) as info:
        Experiment(hidden=(LayerSpec(10**9, "relu"),)).validate()
    assert info.value.field == "hidden[0].width"


@pytest.mark.parametrize(
    "token, path, field",
    [
        ("NaN", ("weights", 0, "W", 1, 2), "weights[0].W[1][2]"),
        ("NaN", ("weights", 2, "b", 0), "weights[2].b[0]"),
        ("-Infinity", ("weights", 1, "W", 3, 0), "weights[1].W[3][0]"),
        ("Infinity", ("hyper", "learning_rate"), "hyper.learning_rate"),
        ("NaN", ("data", "noise"), "data.noise"),
        ("NaN", ("stop", "test_loss_below"), "stop.test_loss_below"),
        ("1e400", ("weights", 0, "W", 0, 0), "weights[0].W[0][0]"),
        ("-1e400", ("hyper", "reg_rate"), "hyper.reg_rate"),
        ("1" + "0" * 400, ("weights", 0, "b", 0), "weights[0].b"),
        ("1" + "0" * 400, ("seed",), "seed"),
        ("-1" + "0" * 400, ("hidden", 0, "width"), "hidden[0].width"),
        ("1" + "0" * 400, ("hyper", "learning_rate"), "hyper.learning_rate"),
    ],
)
def test_non_finite_and_huge_numbers_name_their_field(
    token: str, path: tuple, field: str
) -> None:
    text = json.dumps(_edit(path, 0.123456789)).replace("0.123456789", token, 1)
    _fails(text, field)


def test_nan_nested_in_custom_points() -> None:
    doc = _doc()
    doc.pop("weights")
    doc["data"]["dataset"] = "custom"
    doc["data"]["custom"] = {
        "task": "classification", "x": [[0, 1], [2, 0.123456789]], "y": [0, 1]
    }
    text = json.dumps(doc).replace("0.123456789", "NaN")
    # Refused while parsing, naming the very entry (it used to name only the list).
    _fails(text, "data.custom.x[1][1]", "NaN is not allowed", "finite")


@pytest.mark.parametrize(
    "path, field, words",
    [
        (("seed",), "seed", ("5,000 digits",)),
        (("hyper", "batch_size"), "hyper.batch_size", ("5,000 digits",)),
        (("hyper", "learning_rate"), "hyper.learning_rate", ("5,000 digits",)),
        (("stop", "epoch"), "stop.epoch", ("5,000 digits",)),
        (("weights", 1, "W", 2, 1), "weights[1].W", ("entry 5", "too large")),
        (("title",), "title", ("must be text", "5,000 digits")),
    ],
)
def test_integer_with_thousands_of_digits_names_its_field(
    path: tuple, field: str, words: tuple[str, ...]
) -> None:
    # Python's own error ("Exceeds the limit (4300 digits) ... use
    # sys.set_int_max_str_digits()") named no field and spoke to programmers.
    text = json.dumps(_edit(path, 0.123456789)).replace("0.123456789", "9" * 5000, 1)
    err = _fails(text, field, *words)
    assert "set_int_max_str_digits" not in str(err) and "4300" not in str(err)
    assert len(str(err)) < 200


def test_negative_integer_with_thousands_of_digits() -> None:
    text = json.dumps(_edit(("seed",), 0.123456789)).replace("0.123456789", "-" + "9" * 4400)
    _fails(text, "seed", "4,400 digits")


def _custom_doc(x: list, y: list, task: str = "regression") -> dict:
    doc = _doc()
    doc.pop("weights")
    doc["data"]["dataset"] = "custom"
    doc["data"]["custom"] = {"task": task, "x": x, "y": y}
    if task == "regression":
        doc["hyper"]["loss"] = "mse"
        doc["output_activation"] = "linear"
    return doc


@pytest.mark.parametrize(
    "x, y, field, shown",
    [
        ([[0, 0], [1e300, 1], [2, 2]], [0, 1, 2], "data.custom.x[1][0]", "1e+300"),
        ([[0, 0], [1, 1], [2, -1.7e308]], [0, 1, 2], "data.custom.x[2][1]", "-1.7e+308"),
        ([[0, 0], [1, 1], [2, 2]], [0, 1, 2e9], "data.custom.y[2]", "2e+09"),
        ([[0], [1], [1000000001]], [0, 1, 2], "data.custom.x[2][0]", "1e+09"),
    ],
)
def test_custom_points_obey_the_csv_range(x: list, y: list, field: str, shown: str) -> None:
    # A file with points near ±1.8e308 loaded, then broke the output view's axes.
    err = _fails(_custom_doc(x, y), field, shown, "±1e+09", "rescale")
    assert "data values" in str(err)


def test_custom_points_at_the_limit_are_accepted() -> None:
    lim = MAX_DATA_VALUE
    exp = Experiment.from_json(json.dumps(_custom_doc([[-lim, 0], [lim, 1]], [lim, -lim])))
    assert exp.data.custom is not None and float(exp.data.custom.x.max()) == lim


def test_csv_and_experiment_files_share_one_range_rule(tmp_path) -> None:
    from nnsim.core import experiment

    assert experiment.MAX_DATA_VALUE is MAX_CSV_VALUE is MAX_DATA_VALUE
    over = MAX_DATA_VALUE * 1.5
    csv = tmp_path / "big.csv"
    csv.write_text(f"0,0,0\n1,1,1\n2,{over!r},0\n3,3,1\n")
    with pytest.raises(CSVError, match="too large"):
        csv_data(csv.read_bytes())
    _fails(_custom_doc([[0, 0], [1, 1], [2, over]], [0, 1, 0], "classification"),
           "data.custom.x[2][1]")
    # Points made in the app (drawn, imported) are held to it by validate() too.
    with pytest.raises(InvalidExperimentError) as info:
        Experiment(
            data=DataSpec(
                dataset="custom", custom=CustomData(x=[[0, 0], [over, 0]], y=[0, 1])
            )
        ).validate()
    assert info.value.field == "data.custom.x[1][0]"


@pytest.mark.parametrize(
    "edit, field",
    [
        (lambda d: d["weights"][0].__setitem__("W", [[0.0] * 4] * 3), "weights[0].W"),
        (lambda d: d["weights"][0]["W"].__setitem__(1, [0.0] * 5), "weights[0].W[1]"),
        (lambda d: d["weights"][0].__setitem__("b", [0.0] * 5), "weights[0].b"),
        (lambda d: d["weights"][2].__setitem__("b", [[0.0]]), "weights[2].b"),
        (lambda d: d["weights"].pop(), "weights"),
        (lambda d: d["weights"].append(d["weights"][-1]), "weights"),
        (lambda d: d["weights"][0].pop("W"), "weights[0].W"),
        (lambda d: d["weights"][0].__setitem__("W", [[0.0] * 4] * 100_000), "weights[0].W"),
    ],
)
def test_wrong_weight_shapes(edit, field: str) -> None:
    doc = _doc()
    edit(doc)
    _fails(doc, field)


def test_weights_of_another_architecture() -> None:
    doc = _doc()
    doc["hidden"][0]["width"] = 3  # weights still say 4
    _fails(doc, "weights[0].W[0]", "expected 3 numbers")


def test_in_memory_weight_shapes() -> None:
    with pytest.raises(InvalidExperimentError) as info:
        Experiment().with_weights(
            [np.ones((2, 4)), np.ones((4, 3)), np.ones((2, 1))],
            [np.zeros(4), np.zeros(2), np.zeros(1)],
        )
    assert info.value.field == "weights[1].W"
    with pytest.raises(InvalidExperimentError) as info:
        Experiment().with_weights(
            [np.ones((2, 4)), np.ones((4, 2)), np.full((2, 1), np.nan)],
            [np.zeros(4), np.zeros(2), np.zeros(1)],
        )
    assert info.value.field == "weights[2].W"


@pytest.mark.parametrize("cut", [0, 1, 10, 100, 500, -2, -1])
def test_truncated_json(cut: int) -> None:
    text = json.dumps(_doc())
    _fails(text[:cut], "", "not valid json")


@pytest.mark.parametrize(
    "path, field",
    [
        (("colour",), "colour"),
        (("hyper", "speed"), "hyper.speed"),
        (("data", "size"), "data.size"),
        (("hidden", 0, "bias"), "hidden[0].bias"),
        (("stop", "when"), "stop.when"),
        (("weights", 0, "gamma"), "weights[0].gamma"),
    ],
)
def test_unknown_fields(path: tuple, field: str) -> None:
    _fails(_edit(path, 1), field, "unknown field")


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"a":' * 100_000,
        "[" * 100_000 + "]" * 100_000,
        '{"title": ' + "[" * 50_000 + "]" * 50_000 + "}",
    ],
)
def test_deeply_nested_json(text: str) -> None:
    _fails(text, "")


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe{}",
        json.dumps(_doc()).encode("utf-16"),
        '{"title": "caf\u00e9"}'.encode("latin-1"),
        b"\x80",
    ],
)
def test_non_utf8_bytes(data: bytes) -> None:
    _fails(data, "", "utf-8")


def test_utf8_bytes_with_bom_load() -> None:
    text = Experiment(title="Grüße, 다층").to_json()
    assert Experiment.from_json(b"\xef\xbb\xbf" + text.encode()).title == "Grüße, 다층"


def test_an_experiment_file_saved_with_a_byte_order_mark_opens(tmp_path) -> None:
    # Windows editors write one; File > Open reads it as the lessons' loader does.
    from nnsim.storage import read_experiment

    exp = Experiment(title="Grüße, 다층")
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + exp.to_json().encode("utf-8"))
    assert read_experiment(path) == exp
    assert Experiment.from_json("\ufeff" + exp.to_json()) == exp


@pytest.mark.parametrize("version", [0, 2, 99, "1", None, 1.0])
def test_wrong_schema_version(version) -> None:
    _fails(_edit(("schema_version",), version), "schema_version")


def test_wrong_format() -> None:
    _fails(_edit(("format",), "keras-model"), "format")


def test_not_text_at_all() -> None:
    with pytest.raises(InvalidExperimentError):
        Experiment.from_json(12)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"output_activation": "linear"}, "hyper.loss"),  # bce needs sigmoid
        ({"output_activation": "softmax"}, "hyper.loss"),  # bce with softmax
        ({"hyper": {"loss": "softmax_ce"}, "output_activation": "sigmoid"}, "hyper.loss"),
        ({"hyper": {"loss": "mse"}, "output_activation": "softmax"}, "hyper.loss"),
        # softmax_ce on two classes
        ({"hyper": {"loss": "softmax_ce"}, "output_activation": "softmax"}, "hyper.loss"),
        ({"data": {"dataset": "plane"}}, "hyper.loss"),  # regression with bce
        ({"data": {"dataset": "blobs", "n_classes": 4}}, "hyper.loss"),  # 4 classes with bce
        ({"data": {"dataset": "sine"}, "features": ["x1", "x2"]}, "features[1]"),
    ],
)
def test_loss_output_and_data_mismatch(changes: dict, field: str) -> None:
    doc = _doc()
    doc.pop("weights")
    for key, value in changes.items():
        if isinstance(value, dict):
            doc[key].update(value)
        else:
            doc[key] = value
    _fails(doc, field)


@pytest.mark.parametrize(
    "custom, field",
    [
        ({"task": "clustering", "x": [[0, 0], [1, 1]], "y": [0, 1]}, "data.custom.task"),
        ({"x": [[0, 0], [1, 1]], "y": [0]}, "data.custom.y"),
        ({"x": [], "y": []}, "data.custom.x"),
        ({"x": [[0, 0, 0], [1, 1, 1]], "y": [0, 1]}, "data.custom.x[0]"),
        ({"x": [[0, 0], [1]], "y": [0, 1]}, "data.custom.x[1]"),
        ({"x": [[0, 0], [1, 1]], "y": [0, 2]}, "data.custom.y"),
        ({"x": [[0, 0], [1, 1]], "y": [0, 0.5]}, "data.custom.y"),
        ({"x": [[0, 0], [1, 1]], "y": [0, 1], "n_classes": 9}, "data.custom.n_classes"),
        ({"x": [[0, 0]], "y": [0]}, "data.custom.x"),
        ({"x": [[0, 0]] * 20_001, "y": [0] * 20_001}, "data.custom.x"),
        ({"x": [[0, 0], [1, 1]], "y": [0, 1], "extra": 1}, "data.custom.extra"),
    ],
)
def test_bad_custom_data(custom: dict, field: str) -> None:
    doc = _doc()
    doc.pop("weights")
    doc["data"]["dataset"] = "custom"
    doc["data"]["custom"] = custom
    _fails(doc, field)


def test_custom_without_points() -> None:
    doc = _doc()
    doc["data"]["dataset"] = "custom"
    _fails(doc, "data.custom")


def test_errors_never_change_the_input_document() -> None:
    doc = _doc()
    doc["hidden"][0]["width"] = -3
    before = copy.deepcopy(doc)
    with pytest.raises(InvalidExperimentError):
        Experiment.from_dict(doc)
    assert doc == before


def test_in_memory_validation_fields() -> None:
    cases = [
        (Experiment(seed=-1), "seed"),
        (Experiment(hyper=Hyper(learning_rate=float("nan"))), "hyper.learning_rate"),
        (Experiment(hidden=(LayerSpec(4, "gelu"),)), "hidden[0].activation"),
        (Experiment(hidden=(LayerSpec(-2, "relu"),)), "hidden[0].width"),
        (Experiment(hidden=(LayerSpec(True, "relu"),)), "hidden[0].width"),
        (Experiment(data=DataSpec(dataset="custom")), "data.custom"),
        (Experiment(output_activation="relu"), "hyper.loss"),
    ]
    for exp, field in cases:
        with pytest.raises(InvalidExperimentError) as info:
            exp.validate()
        assert info.value.field == field, (field, str(info.value))


def test_error_carries_field_and_reason() -> None:
    err = InvalidExperimentError("hidden[2].activation", "unknown activation 'x'")
    assert (err.field, err.reason) == ("hidden[2].activation", "unknown activation 'x'")
    assert str(err) == "hidden[2].activation: unknown activation 'x'"
    assert str(InvalidExperimentError("", "bad file")) == "bad file"
    assert isinstance(err, ValueError)


# ----------------------------------------------------------------------------- hidden controls


def test_hidden_controls_round_trip_through_a_file() -> None:
    exp = Experiment(hidden_controls=("data.noise", "hyper.optimizer"))
    doc = json.loads(exp.to_json())
    assert doc["hidden_controls"] == ["data.noise", "hyper.optimizer"]
    back = Experiment.from_json(exp.to_json())
    assert back == exp and back.hidden_controls == ("data.noise", "hyper.optimizer")
    # Nothing hidden: the key is left out, so older files and new ones read the same.
    assert "hidden_controls" not in json.loads(Experiment().to_json())


@pytest.mark.parametrize(
    "value, field, word",
    [
        (["data.noise", "hyper.bogus"], "hidden_controls[1]", "unknown control"),
        ([3], "hidden_controls[0]", "unknown control"),
        ("data.noise", "hidden_controls", "list"),
        (["data.noise", "data.noise"], "hidden_controls", "twice"),
        (list(CONTROLS) + ["data.noise"], "hidden_controls", "at most"),
    ],
)
def test_bad_hidden_controls_in_a_file_are_refused(value, field: str, word: str) -> None:
    doc = _doc()
    doc["hidden_controls"] = value
    _fails(doc, field, word)


def test_bad_hidden_controls_in_memory_are_refused() -> None:
    with pytest.raises(InvalidExperimentError) as info:
        Experiment(hidden_controls=("nope",)).validate()
    assert info.value.field == "hidden_controls[0]"
    with pytest.raises(InvalidExperimentError) as info:
        Experiment(hidden_controls="data.noise").validate()  # type: ignore[arg-type]
    assert info.value.field == "hidden_controls"


def test_hidden_controls_are_immutable() -> None:
    exp = Experiment(hidden_controls=["data.noise"])  # type: ignore[arg-type]
    assert exp.hidden_controls == ("data.noise",)
    with pytest.raises(AttributeError):
        exp.hidden_controls = ()  # type: ignore[misc]


def test_a_key_given_twice_is_refused_not_silently_replaced() -> None:
    import json

    import pytest

    from nnsim.core.experiment import Experiment, InvalidExperimentError

    doc = Experiment().to_json()
    twice = doc.replace('"learning_rate": 0.03', '"learning_rate": 0.03, "learning_rate": 99', 1)
    assert twice != doc and json.loads(twice)["hyper"]["learning_rate"] == 99
    with pytest.raises(InvalidExperimentError) as exc:
        Experiment.from_json(twice)
    assert exc.value.field == "learning_rate" and "twice" in str(exc.value)


def test_an_unknown_field_message_stays_short() -> None:
    import json

    import pytest

    from nnsim.core.experiment import Experiment, InvalidExperimentError

    obj = json.loads(Experiment().to_json())
    obj["k" * 1_000_000] = 1
    with pytest.raises(InvalidExperimentError) as exc:
        Experiment.from_json(json.dumps(obj))
    assert len(str(exc.value)) < 300 and "unknown field" in str(exc.value)
