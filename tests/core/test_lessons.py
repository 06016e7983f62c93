"""Lessons load, validate, train, and actually show what their captions claim."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from nnsim.core.collapse import affine_formula, collapse_network, compose_affine, linear_runs
from nnsim.core.divergence import DivergedError
from nnsim.core.experiment import Experiment, InvalidExperimentError, LayerSpec
from nnsim.core.features import feature_matrix
from nnsim.core.lessons import (
    ACTIONS,
    VIEWS,
    InvalidLessonError,
    Lesson,
    lesson_from_dict,
    lesson_from_json,
)
from nnsim.core.trainer import Trainer
from nnsim.resources import resource
from nnsim.storage import LoadError, list_lessons, load_lesson, read_experiment, read_lesson

REQUIRED = {
    "xor-features",
    "spiral-depth",
    "linear-collapse",
    "neuron",
    "sigmoid-switch",
    "vanishing-gradient",
    "relu",
    "weight-matrix",
    "gradient-descent",
    "backprop",
}
HANGUL = re.compile("[\uac00-\ud7a3]")

LESSONS = list_lessons()
BY_NAME = {lesson.name: lesson for lesson in LESSONS}


def _train_set(tr: Trainer) -> tuple[np.ndarray, np.ndarray]:
    ds = tr.dataset
    return feature_matrix(ds.x_train, tr.experiment.features), ds.targets(ds.y_train)


# --------------------------------------------------------------------------- the shipped set


def test_the_lesson_list_is_complete_and_ordered():
    names = [lesson.name for lesson in LESSONS]
    assert REQUIRED <= set(names)
    assert len(names) == len(set(names))
    assert [lesson.order for lesson in LESSONS] == list(range(1, len(LESSONS) + 1))


def test_lesson_files_are_named_after_their_lesson():
    files = sorted(e.name for e in resource("lessons").iterdir() if e.name.endswith(".json"))
    assert files == sorted(f"{lesson.name}.json" for lesson in LESSONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.name)
def test_lesson_is_complete_in_both_languages(lesson: Lesson):
    assert all(v in VIEWS for v in lesson.views)
    assert 2 <= len(lesson.steps) <= 5
    for text in (lesson.title, lesson.caption, *(s.caption for s in lesson.steps)):
        assert text["en"].strip() and text["ko"].strip()
        assert HANGUL.search(text["ko"]), text["ko"]
        assert not HANGUL.search(text["en"]), text["en"]
    for s in lesson.steps:
        assert s.action in ACTIONS
    assert lesson.title_in("ko") == lesson.title["ko"]
    assert lesson.caption_in("fr") == lesson.caption["en"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.name)
def test_lesson_trains_200_steps(lesson: Lesson):
    for exp in (lesson.experiment, lesson.compare):
        if exp is None:
            continue
        tr = Trainer(exp)
        m = tr.step(200)
        assert tr.step_count == 200
        assert np.isfinite(m.train_loss) and np.isfinite(m.test_loss)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.name)
def test_lesson_round_trips_through_json(lesson: Lesson):
    again = lesson_from_json(lesson.to_json())
    assert again == lesson
    assert again.experiment == lesson.experiment


def test_load_by_name_and_by_path(tmp_path):
    by_name = load_lesson("relu")
    assert by_name == BY_NAME["relu"]
    path = tmp_path / "mine.json"
    path.write_text(by_name.to_json(), encoding="utf-8")
    assert load_lesson(path) == by_name
    assert load_lesson(str(path)) == by_name


def test_unknown_name_and_missing_file():
    # Lessons are loaded like every other file (nnsim.storage): one LoadError.
    with pytest.raises(LoadError) as err:
        load_lesson("no-such-lesson")
    assert "no lesson named" in str(err.value)
    assert "relu" in err.value.problem  # the message lists the known lessons
    with pytest.raises(LoadError):
        load_lesson("../../etc")
    with pytest.raises(LoadError, match="no such file"):
        load_lesson("/nonexistent/lesson.json")


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * 2_000_001)
    with pytest.raises(LoadError, match="at most 2,000,000 bytes"):
        load_lesson(path)


def test_an_invalid_lesson_file_names_the_file_and_the_field(tmp_path):
    doc = json.loads(load_lesson("relu").to_json())
    doc["experiment"]["hyper"]["learnig_rate"] = 1
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(LoadError) as err:
        read_lesson(path)
    assert str(err.value) == (
        "broken.json: it is not a valid nnsim lesson. "
        "experiment.hyper.learnig_rate: unknown field (check the spelling)."
    )
    assert isinstance(err.value.cause, InvalidLessonError)


# --------------------------------------------------------------------------- one JSON rule


def test_a_key_given_twice_in_a_lesson_is_refused_with_its_name():
    text = load_lesson("relu").to_json()
    twice = text.replace('"order": ', '"order": 1, "order": ', 1)
    assert twice != text
    with pytest.raises(InvalidLessonError) as err:
        lesson_from_json(twice)
    assert err.value.field == "order" and "twice" in str(err.value)


def test_a_long_duplicate_key_is_elided_in_the_message():
    key = "k" * 10_000
    with pytest.raises(InvalidLessonError) as err:
        lesson_from_json(json.dumps({key: 1}).replace("}", f', "{key}": 2}}'))
    assert len(err.value.field) <= 60 and len(str(err.value)) < 200


def test_an_unknown_long_key_in_a_lesson_is_elided_as_in_an_experiment():
    doc = json.loads(load_lesson("relu").to_json())
    doc["x" * 1_000_000] = 1
    with pytest.raises(InvalidLessonError) as err:
        lesson_from_dict(doc)
    assert "unknown field" in str(err.value) and len(str(err.value)) < 200


def test_a_nan_reads_the_same_in_a_lesson_and_in_an_experiment(tmp_path):
    lesson = json.loads(load_lesson("relu").to_json())
    lesson["experiment"]["hyper"]["learning_rate"] = "MARK"
    experiment = lesson["experiment"]
    lesson_text = json.dumps(lesson).replace('"MARK"', "NaN")
    experiment_text = json.dumps(experiment).replace('"MARK"', "NaN")
    with pytest.raises(InvalidLessonError) as in_lesson:
        lesson_from_json(lesson_text)
    with pytest.raises(InvalidExperimentError) as in_experiment:
        Experiment.from_json(experiment_text)
    assert in_lesson.value.field == "experiment.hyper.learning_rate"
    assert in_experiment.value.field == "hyper.learning_rate"
    reason = "NaN is not allowed in an nnsim file (numbers must be finite)"
    assert in_lesson.value.reason == in_experiment.value.reason == reason
    # And as a user opening the files meets it: one message naming file and field.
    (tmp_path / "lesson.json").write_text(lesson_text, encoding="utf-8")
    (tmp_path / "experiment.json").write_text(experiment_text, encoding="utf-8")
    with pytest.raises(LoadError) as opened_lesson:
        read_lesson(tmp_path / "lesson.json")
    with pytest.raises(LoadError) as opened_experiment:
        read_experiment(tmp_path / "experiment.json")
    assert f"experiment.hyper.learning_rate: {reason}." in str(opened_lesson.value)
    assert f"hyper.learning_rate: {reason}." in str(opened_experiment.value)


def test_a_lesson_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + load_lesson("relu").to_json().encode("utf-8"))
    assert read_lesson(path) == load_lesson("relu")
    assert lesson_from_json("\ufeff" + load_lesson("relu").to_json()) == load_lesson("relu")


def test_an_integer_of_thousands_of_digits_in_a_lesson_names_its_field():
    doc = json.loads(load_lesson("relu").to_json())
    doc["experiment"]["hyper"]["batch_size"] = "MARK"
    text = json.dumps(doc).replace('"MARK"', "9" * 5000)
    with pytest.raises(InvalidLessonError) as err:
        lesson_from_json(text)
    assert err.value.field == "experiment.hyper.batch_size"
    assert "5,000 digits" in str(err.value) and "4300" not in str(err.value)


# --------------------------------------------------------------------------- bad files


def _good() -> dict:
    return json.loads(BY_NAME["vanishing-gradient"].to_json())


def _set(d: dict, path: list, value) -> dict:
    node = d
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return d


_DELETE = object()

BAD = [
    (["format"], "nnsim-experiment", "format"),
    (["schema_version"], 2, "schema_version"),
    (["name"], "Bad Name!", "name"),
    (["name"], 5, "name"),
    (["order"], 0, "order"),
    (["order"], "1", "order"),
    (["title", "ko"], _DELETE, "title.ko"),
    (["title", "en"], "", "title.en"),
    (["title", "fr"], "Titre", "title.fr"),
    (["caption", "en"], "x" * 2001, "caption.en"),
    (["views"], [], "views"),
    (["views"], ["network", "network"], "views"),
    (["views", 0], "heatmap3d", "views[0]"),
    (["views"], "network", "views"),
    (["highlight_layer"], 11, "highlight_layer"),
    (["highlight_layer"], True, "highlight_layer"),
    (["steps"], [], "steps"),
    (["steps", 0, "action"], "explode", "steps[0].action"),
    (["steps", 0, "target"], "nowhere", "steps[0].target"),
    (["steps", 1, "target"], "gradients", "steps[1].target"),
    (["steps", 1, "colour"], "red", "steps[1].colour"),
    (["steps", 0, "caption"], {"en": "only English"}, "steps[0].caption.ko"),
    (["experiment", "hyper", "loss"], "hinge", "experiment.hyper.loss"),
    (["experiment", "hidden", 0, "activation"], "swish", "experiment.hidden[0].activation"),
    (["compare", "hidden", 0, "width"], 99, "compare.hidden[0].width"),
    (["experiment"], _DELETE, "experiment"),
    (["colour"], "red", "colour"),
]


@pytest.mark.parametrize(
    ("path", "value", "field"), BAD, ids=[f"{b[2]}-{i}" for i, b in enumerate(BAD)]
)
def test_bad_lesson_names_the_field(path, value, field):
    d = _set(_good(), path, value)
    with pytest.raises(InvalidLessonError) as err:
        lesson_from_json(json.dumps(d))
    assert err.value.field == field, str(err.value)
    assert isinstance(err.value, InvalidExperimentError)  # the GUI's open path catches both


@pytest.mark.parametrize(
    ("action", "target", "ok"),
    [
        ("select_layer", "10", True),  # 10 sigmoid layers + output: weight layers 0..10
        ("select_layer", "11", False),
        ("select_layer", "-1", False),
        ("select_neuron", "0:5", True),
        ("select_neuron", "0:6", False),
        ("select_neuron", "10:0", True),
        ("select_neuron", "0-1", False),
        ("set_activation", "leaky_relu", True),
        ("set_activation", "softmax", False),
        ("set_learning_rate", "0.3", True),
        ("set_learning_rate", "0", False),
        ("set_learning_rate", "1e400", False),
        ("set_learning_rate", "nan", False),
        ("set_learning_rate", "101", False),
        ("play", "now", False),
        ("show_view", None, False),
        ("show_compare", None, True),
    ],
)
def test_step_targets_are_checked_against_the_experiment(action, target, ok):
    d = _good()
    caption = {"en": "Do it.", "ko": "하세요."}
    d["steps"][0] = {"caption": caption, "action": action, "target": target}
    if ok:
        assert lesson_from_json(json.dumps(d)).steps[0].target == target
    else:
        with pytest.raises(InvalidLessonError) as err:
            lesson_from_json(json.dumps(d))
        assert err.value.field == "steps[0].target"


def test_show_compare_needs_a_compare_run():
    d = json.loads(BY_NAME["relu"].to_json())
    d["steps"][0] = {"caption": {"en": "B.", "ko": "B."}, "action": "show_compare", "target": None}
    with pytest.raises(InvalidLessonError) as err:
        lesson_from_json(json.dumps(d))
    assert err.value.field == "steps[0].action"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[1, 2]",
        '{"format": "nnsim-lesson", "order": NaN}',
        "[" * 100_000 + "]" * 100_000,
        b"\xff\xfe\x00garbage",
        "x" * 2_000_001,
    ],
    ids=["empty", "text", "list", "nan", "deep", "binary", "huge"],
)
def test_malformed_text_is_an_invalid_lesson(text):
    with pytest.raises(InvalidLessonError):
        lesson_from_json(text)


def test_lesson_documents_are_immutable():
    lesson = copy.copy(BY_NAME["neuron"])
    with pytest.raises(AttributeError):
        lesson.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        lesson.title["en"] = "changed"  # type: ignore[index]


# --------------------------------------------------------------------------- what they show


def test_xor_one_hidden_layer_learns_xor():
    tr = Trainer(BY_NAME["xor-features"].experiment)
    m = tr.step(3000)
    assert len(tr.experiment.hidden) == 1
    assert m.test_metric >= 0.9


def test_spiral_two_layers_beat_one_layer_of_the_same_neurons():
    lesson = BY_NAME["spiral-depth"]
    deep_exp, shallow_exp = lesson.experiment, lesson.compare
    assert shallow_exp is not None
    assert len(deep_exp.hidden) >= 2 and len(shallow_exp.hidden) == 1
    assert sum(h.width for h in shallow_exp.hidden) == sum(h.width for h in deep_exp.hidden)
    deep = Trainer(deep_exp).step(4000)
    shallow = Trainer(shallow_exp).step(4000)
    assert deep.test_metric >= 0.9
    assert shallow.test_metric <= deep.test_metric - 0.15


def test_vanishing_gradient_ratio_at_step_0():
    """The first layer's gradient is >= 100x smaller than the last's with sigmoid, not with relu."""
    lesson = BY_NAME["vanishing-gradient"]
    sig, relu = lesson.experiment, lesson.compare
    assert relu is not None
    assert len(sig.hidden) == 10 and {h.activation for h in sig.hidden} == {"sigmoid"}
    assert {h.activation for h in relu.hidden} == {"relu"}
    assert replace(relu, hidden=sig.hidden, title=sig.title) == sig  # same run but activations

    ratios = {}
    for exp in (sig, relu):
        tr = Trainer(exp)
        X, Y = _train_set(tr)
        _, grads = tr.network.loss_and_gradients(X, Y, exp.hyper.loss)
        norms = [float(np.linalg.norm(dW)) for dW, _ in grads]
        ratios[exp.hidden[0].activation] = norms[-1] / norms[0]
    assert ratios["sigmoid"] >= 100
    assert 0.1 <= ratios["relu"] <= 10


def test_vanishing_gradient_sigmoid_gets_stuck_at_guessing_while_relu_learns():
    lesson = BY_NAME["vanishing-gradient"]
    sig = Trainer(lesson.experiment)
    early = sig.step(1000)
    late = sig.step(2000)
    assert late.train_loss >= np.log(2) - 0.01  # a constant 50 % guess costs ln 2
    assert early.train_loss - late.train_loss < 0.005
    assert late.test_metric <= 0.6
    assert Trainer(lesson.compare).step(3000).test_metric >= 0.9


def test_linear_collapse_lesson_collapses_exactly_and_fails_while_relu_passes():
    lesson = BY_NAME["linear-collapse"]
    exp = lesson.experiment
    assert len(exp.hidden) >= 2 and {h.activation for h in exp.hidden} == {"linear"}
    tr = Trainer(exp)
    X, _ = _train_set(tr)
    for steps in (0, 200):
        tr.step(steps)
        net = tr.network
        n = len(net.weights)
        assert linear_runs(net.activations) == [(0, n)]
        one = collapse_network(net, 0, n)
        assert len(one.weights) == 1
        np.testing.assert_allclose(one.forward(X), net.forward(X), rtol=0, atol=1e-10)

    linear = Trainer(exp)
    m_linear = linear.step(3000)
    assert m_linear.test_metric <= 0.7
    relu_exp = replace(exp, hidden=tuple(LayerSpec(h.width, "relu") for h in exp.hidden))
    assert Trainer(relu_exp).step(3000).test_metric >= 0.9  # after Reset
    linear.apply(relu_exp)  # or straight on from the trained linear weights
    assert linear.step(1000).test_metric >= 0.9
    assert any(s.action == "set_activation" and s.target == "relu" for s in lesson.steps)


@pytest.mark.parametrize("seed", range(20))
def test_composition_of_affine_chains_is_exact(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 7))
    maps = [(int(a), int(b)) for a, b in rng.integers(-9, 10, size=(n, 2))]
    a, b = compose_affine(maps)
    for x in range(-10, 11):
        direct = Fraction(x)
        for m, c in maps:
            direct = m * direct + c
        assert a * x + b == direct  # small integers: exact in float64


@pytest.mark.parametrize("seed", range(20))
def test_composition_of_real_coefficients_matches_direct_evaluation(seed):
    rng = np.random.default_rng(100 + seed)
    maps = [(float(a), float(b)) for a, b in rng.uniform(-3, 3, size=(int(rng.integers(1, 9)), 2))]
    a, b = compose_affine(maps)
    for x in rng.uniform(-10, 10, size=5):
        direct = Fraction(float(x))
        for m, c in maps:
            direct = Fraction(m) * direct + Fraction(c)
        assert a * x + b == pytest.approx(float(direct), rel=1e-12, abs=1e-12)


def test_the_lecture_example_composes_to_what_the_math_says():
    # f(x) = 2x + 1 then g(x) = -x + 1: h(x) = -(2x + 1) + 1 = -2x (the note's -2x + 9 and
    # -11 are an arithmetic slip; the app shows the computed values).
    a, b = compose_affine([(2, 1), (-1, 1)])
    assert (a, b) == (-2.0, 0.0)
    assert affine_formula(a, b) == "-2x"
    assert a * 10 + b == -20.0


def test_lesson_captions_do_not_print_computed_results():
    """The collapse lesson points at h(10) instead of stating it (the app computes it)."""
    lesson = BY_NAME["linear-collapse"]
    texts = [lesson.caption["en"], lesson.caption["ko"]]
    texts += [t for s in lesson.steps for t in s.caption.values()]
    for t in texts:
        assert "-2x" not in t and "−2x" not in t
        assert "-11" not in t and "−11" not in t and "−20" not in t and "-20" not in t


def test_sigmoid_lesson_saturates_as_it_trains():
    lesson = BY_NAME["sigmoid-switch"]
    tr = Trainer(lesson.experiment)
    X, _ = _train_set(tr)

    def saturated() -> float:
        _, acts = tr.network.forward_all(X)
        h = acts[1]
        return float(np.mean((h < 0.01) | (h > 0.99)))

    before = saturated()
    m = tr.step(3000)
    assert saturated() > before + 0.2
    assert m.test_metric >= 0.9


def _dead_units(tr: Trainer) -> list[int]:
    """Per hidden layer: units whose output is 0 on every training sample."""
    X, _ = _train_set(tr)
    _, acts = tr.network.forward_all(X)
    return [int(np.sum(np.all(a <= 0, axis=0))) for a in acts[1:-1]]


def test_relu_lesson_learns_with_a_dead_unit_and_a_large_learning_rate_kills_a_layer():
    lesson = BY_NAME["relu"]
    exp = lesson.experiment
    tr = Trainer(exp)
    m = tr.step(3000)
    assert m.test_metric >= 0.9
    layer = int(next(s.target for s in lesson.steps if s.action == "select_layer"))
    assert _dead_units(tr)[layer] >= 1  # the layer the lesson points at shows a dead unit

    lr_step = next(s for s in lesson.steps if s.action == "set_learning_rate")
    fast = Trainer(replace(exp, hyper=replace(exp.hyper, learning_rate=float(lr_step.target))))
    try:
        fast.step(3000)
    except DivergedError:
        pass
    dead = _dead_units(fast)
    assert sum(dead) > sum(_dead_units(tr))
    assert max(d / h.width for d, h in zip(dead, exp.hidden, strict=True)) == 1.0


def test_gradient_descent_lesson_fits_the_line_and_diverges_when_told_to():
    lesson = BY_NAME["gradient-descent"]
    exp = lesson.experiment
    assert exp.hidden == () and exp.features == ("x1",) and exp.output_activation == "linear"
    assert exp.hyper.loss == "mse" and exp.data.dataset == "line"
    tr = Trainer(exp)
    assert tr.steps_per_epoch == 1  # one batch = the whole training set: plain gradient descent
    fit = tr.step(2000)
    assert fit.test_metric >= 0.95  # R^2

    rates = [float(s.target) for s in lesson.steps if s.action == "set_learning_rate"]
    big, small = max(rates), min(rates)
    assert big > exp.hyper.learning_rate > small
    with pytest.raises(DivergedError):
        Trainer(replace(exp, hyper=replace(exp.hyper, learning_rate=big))).step(2000)
    slow = Trainer(replace(exp, hyper=replace(exp.hyper, learning_rate=small))).step(200)
    normal = Trainer(exp).step(200)
    assert slow.train_loss > normal.train_loss


def test_walkthrough_lessons_show_the_walkthrough():
    assert "walkthrough" in BY_NAME["backprop"].views
    assert "inspector" in BY_NAME["neuron"].views
    assert "activation" in BY_NAME["sigmoid-switch"].views
    assert "weights" in BY_NAME["weight-matrix"].views
    assert {"collapse", "composition"} <= set(BY_NAME["linear-collapse"].views)
    assert {"gradients", "gradient_bars"} <= set(BY_NAME["vanishing-gradient"].views)
    assert isinstance(BY_NAME["backprop"].experiment, Experiment)
