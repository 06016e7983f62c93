"""The core's user-visible texts are translatable Messages: English as before, any language
through ``localize`` (here with a dict standing in for Qt's translator)."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from nnsim.core.controls import CONTROLS
from nnsim.core.csv_data import CSVError, parse_csv
from nnsim.core.datasets import CUSTOM_LABEL
from nnsim.core.divergence import DivergedError
from nnsim.core.experiment import (
    REGULARIZATION_LABELS,
    REGULARIZATIONS,
    Experiment,
    Hyper,
    InvalidExperimentError,
    LayerSpec,
    StopCondition,
)
from nnsim.core.initializers import INITIALIZERS
from nnsim.core.lessons import ACTIONS, VIEWS, InvalidLessonError, lesson_from_json
from nnsim.core.losses import LOSSES
from nnsim.core.messages import Message, localize
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.core.trainer import Trainer
from nnsim.storage import load_lesson

KOREAN = {
    ("Experiment", "{field}: {reason}"): "{field}: {reason}",
    ("Experiment", "must be between {lo} and {hi}, got {value}"):
        "{lo}에서 {hi} 사이여야 합니다. 입력값: {value}",
    ("Experiment", "must be above {lo} and at most {hi}, got {value:g}"):
        "{lo}보다 크고 {hi} 이하여야 합니다. 입력값: {value:g}",
    ("Experiment", "unknown field (check the spelling)"):
        "알 수 없는 항목입니다 (철자를 확인하세요)",
    ("Datasets", "row {row}, column {column}: {reason}"): "{row}행 {column}열: {reason}",
    ("Datasets", "{cell} is not a number"): "{cell}은(는) 숫자가 아닙니다",
    ("Datasets", "Custom data"): "직접 만든 데이터",
    ("Losses", "Binary cross-entropy"): "이진 교차 엔트로피",
    ("Trainer", "Stopped after epoch {epoch}, as the stop condition asks."):
        "정지 조건에 따라 에포크 {epoch}에서 멈췄습니다.",
    ("Lessons", "{reason} (in {file})"): "{reason} (파일 {file})",
    ("Lessons", "unknown field (check the spelling)"): "알 수 없는 항목입니다 (철자를 확인하세요)",
}


def translate(context: str, text: str) -> str:
    """Qt's ``QCoreApplication.translate`` shape: "" when there is no translation."""
    return KOREAN.get((context, text), "")


def test_a_bound_error_is_a_template_with_named_fields() -> None:
    with pytest.raises(InvalidExperimentError) as info:
        Experiment(hidden=(LayerSpec(17, "relu"),)).validate()
    err = info.value
    assert err.field == "hidden[0].width"
    assert isinstance(err.reason, Message) and err.reason.context == "Experiment"
    assert err.reason.template == "must be between {lo} and {hi}, got {value}"
    assert dict(err.reason.kwargs) == {"lo": 1, "hi": 16, "value": 17}
    # str(exc) stays English; the whole message is a template with the reason nested.
    assert str(err) == "hidden[0].width: must be between 1 and 16, got 17"
    assert isinstance(err.message, Message) and err.message.template == "{field}: {reason}"
    assert err.message.kwargs["reason"] is err.reason
    assert localize(err.message, translate) == (
        "hidden[0].width: 1에서 16 사이여야 합니다. 입력값: 17"
    )


def test_a_real_bound_uses_one_whole_sentence() -> None:
    with pytest.raises(InvalidExperimentError) as info:
        Experiment(hyper=Hyper(learning_rate=0.0)).validate()
    reason = info.value.reason
    assert reason == "must be above 0.0 and at most 100.0, got 0"
    assert reason.template == "must be above {lo} and at most {hi}, got {value:g}"
    assert localize(reason, translate) == "0.0보다 크고 100.0 이하여야 합니다. 입력값: 0"


def test_an_unknown_field_in_a_file_is_translatable() -> None:
    doc = json.loads(Experiment().to_json())
    doc["hyper"]["learnig_rate"] = 0.1
    with pytest.raises(InvalidExperimentError) as info:
        Experiment.from_json(json.dumps(doc))
    assert str(info.value) == "hyper.learnig_rate: unknown field (check the spelling)"
    assert localize(info.value.message, translate) == (
        "hyper.learnig_rate: 알 수 없는 항목입니다 (철자를 확인하세요)"
    )


def test_errors_survive_the_worker_pipe_still_translatable() -> None:
    with pytest.raises(InvalidExperimentError) as info:
        Experiment(seed=-1).validate()
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.field, str(again)) == ("seed", str(info.value))
    assert isinstance(again.reason, Message) and again.reason.template == info.value.reason.template
    csv_err = pickle.loads(pickle.dumps(CSVError("it is wrong", 3, 2)))
    assert (csv_err.row, csv_err.column, str(csv_err)) == (3, 2, "row 3, column 2: it is wrong")
    lesson_err = pickle.loads(pickle.dumps(InvalidLessonError("name", "bad")))
    assert isinstance(lesson_err, InvalidLessonError) and str(lesson_err) == "name: bad"
    div = pickle.loads(pickle.dumps(DivergedError(7, "loss", 3.0)))
    assert isinstance(div.message, Message) and "step 7" in div.message


def test_a_csv_error_names_its_place_in_a_template() -> None:
    with pytest.raises(CSVError) as info:
        parse_csv("x,y\n1,2\n3,abc\n")
    err = info.value
    assert (err.row, err.column) == (3, 2)
    assert str(err) == "row 3, column 2: 'abc' is not a number"
    assert err.reason.template == "{cell} is not a number"
    assert err.message.template == "row {row}, column {column}: {reason}"
    assert localize(err.message, translate) == "3행 2열: 'abc'은(는) 숫자가 아닙니다"


def test_divergence_and_stop_messages_are_whole_sentences() -> None:
    err = DivergedError(12, "weights", 0.5)
    assert str(err) == (
        "Training diverged at step 12: the weights became NaN or infinite. The weights were "
        "rolled back to their last finite values; try a smaller learning rate (now 0.5)."
    )
    assert err.message.template.endswith("(now {lr:g}).") and err.message.context == "Trainer"
    assert dict(err.message.kwargs) == {"step": 12, "lr": 0.5}
    assert "(now" not in DivergedError(12, "loss").message

    t = Trainer(Experiment(stop=StopCondition(epoch=1)))
    t.train(10_000)
    assert isinstance(t.stopped, Message)
    assert t.stopped == "Stopped after epoch 1, as the stop condition asks."
    assert localize(t.stopped, translate) == "정지 조건에 따라 에포크 1에서 멈췄습니다."


def test_a_lesson_error_wraps_the_experiment_reason() -> None:
    # The file's name is added by the load path (nnsim.storage's LoadError); the lesson
    # error keeps the experiment's translatable reason under the lesson's field.
    doc = json.loads(load_lesson("relu").to_json())
    doc["experiment"]["hyper"]["learnig_rate"] = 1
    with pytest.raises(InvalidLessonError) as info:
        lesson_from_json(json.dumps(doc).encode())
    err = info.value
    assert err.field == "experiment.hyper.learnig_rate"
    assert err.reason == "unknown field (check the spelling)"
    assert localize(err.reason, translate) == "알 수 없는 항목입니다 (철자를 확인하세요)"


def test_registry_labels_are_marked_where_they_are_words() -> None:
    assert [str(loss.label) for loss in LOSSES.values()] == [
        "Mean squared error", "Binary cross-entropy", "Softmax cross-entropy",
    ]
    assert all(isinstance(loss.label, Message) for loss in LOSSES.values())
    assert localize(LOSSES["bce"].label, translate) == "이진 교차 엔트로피"
    assert {n: str(o.label) for n, o in OPTIMIZERS.items()} == {
        "sgd": "SGD", "momentum": "Momentum", "adam": "Adam",
    }
    assert isinstance(OPTIMIZERS["momentum"].label, Message)
    assert tuple(REGULARIZATION_LABELS) == REGULARIZATIONS
    assert isinstance(REGULARIZATION_LABELS["none"], Message)
    assert REGULARIZATION_LABELS["l2"] == "L2"
    assert localize(CUSTOM_LABEL, translate) == "직접 만든 데이터"
    for texts in (CONTROLS.values(), VIEWS.values(), [a.description for a in ACTIONS.values()]):
        assert all(isinstance(t, Message) and t for t in texts)
    assert all(isinstance(i.label, Message) for i in INITIALIZERS.values())


def test_plain_text_passes_through_localize() -> None:
    # Names that stay English (ReLU, Circle, x₁) are plain strings: localize keeps them.
    assert localize("ReLU", translate) == "ReLU"
    assert localize(np.float64(0.5), translate) == "0.5"
