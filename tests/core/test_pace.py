"""Lecture paces: the registry, steps per frame, and the pace saved with the experiment."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from nnsim.core.experiment import DataSpec, Experiment, Hyper, InvalidExperimentError
from nnsim.core.lessons import InvalidLessonError, lesson_from_dict
from nnsim.core.messages import Message, localize
from nnsim.core.pace import DEFAULT_PACE, PACES, steps_per_frame
from nnsim.core.trainer import Trainer
from nnsim.storage import load_lesson


def test_paces_are_listed_slowest_first_with_epoch_as_the_default() -> None:
    assert list(PACES) == [
        "1-step", "2-steps", "5-steps", "10-steps",
        "epoch", "2-epochs", "5-epochs", "20-epochs",
        "max",
    ]
    assert DEFAULT_PACE == "epoch" and Experiment().pace == "epoch"
    assert [PACES[n].label for n in ("1-step", "5-steps", "epoch", "20-epochs", "max")] == [
        "1 step/frame", "5 steps/frame", "1 epoch/frame", "20 epochs/frame", "max",
    ]
    assert sum(p.is_max for p in PACES.values()) == 1 and PACES["max"].is_max


def test_pace_labels_are_translatable_templates() -> None:
    label = PACES["2-epochs"].label
    assert isinstance(label, Message) and label.context == "Pace"
    assert (label.template, dict(label.kwargs)) == ("{n} epochs/frame", {"n": 2})
    table = {("Pace", "{n} epochs/frame"): "프레임당 {n}에포크", ("Pace", "max"): "최대"}

    def translate(context: str, text: str) -> str:
        return table.get((context, text), "")

    assert localize(label, translate) == "프레임당 2에포크"
    assert localize(PACES["max"].label, translate) == "최대"
    assert localize(PACES["1-step"].label, translate) == "1 step/frame"  # untranslated: English


def test_steps_per_frame_counts_steps_or_whole_epochs() -> None:
    # 500 samples, half for training: 250 training samples in batches of 10 = 25 steps.
    exp = Experiment(data=DataSpec(n_samples=500, train_fraction=0.5), hyper=Hyper(batch_size=10))
    spe = Trainer(exp).steps_per_epoch
    assert spe == 25
    expected = {
        "1-step": 1, "2-steps": 2, "5-steps": 5, "10-steps": 10,
        "epoch": 25, "2-epochs": 50, "5-epochs": 125, "20-epochs": 500, "max": None,
    }
    assert {name: steps_per_frame(name, spe) for name in PACES} == expected
    # Full batch: one step per epoch; a bogus epoch length still trains.
    assert steps_per_frame("epoch", 1) == 1 and steps_per_frame("2-epochs", 0) == 2
    with pytest.raises(KeyError, match="unknown pace"):
        steps_per_frame("fast", 25)


def test_pace_round_trips_through_a_file() -> None:
    exp = Experiment(pace="2-steps")
    doc = json.loads(exp.to_json())
    assert doc["pace"] == "2-steps"
    back = Experiment.from_json(exp.to_json())
    assert back == exp and back.pace == "2-steps"
    assert json.loads(Experiment().to_json())["pace"] == "epoch"
    assert Experiment(pace="max") != Experiment()


def test_files_without_a_pace_load_with_the_default() -> None:
    doc = json.loads(Experiment(title="old").to_json())
    del doc["pace"]
    assert Experiment.from_json(json.dumps(doc)).pace == "epoch"


@pytest.mark.parametrize("value", ["fast", "Epoch", "", 5, None, ["epoch"]])
def test_an_unknown_pace_is_refused_naming_the_field(value) -> None:
    doc = json.loads(Experiment().to_json())
    doc["pace"] = value
    with pytest.raises(InvalidExperimentError) as info:
        Experiment.from_json(json.dumps(doc))
    assert info.value.field == "pace"
    with pytest.raises(InvalidExperimentError) as info:
        Experiment(pace=value).validate()  # type: ignore[arg-type]
    assert info.value.field == "pace"
    if isinstance(value, str):
        assert "unknown pace" in str(info.value) and "epoch" in str(info.value)


def test_a_lesson_sets_the_pace_through_its_experiment() -> None:
    assert load_lesson("backprop").experiment.pace == "1-step"
    assert load_lesson("neuron").experiment.pace == "1-step"
    assert load_lesson("xor-features").experiment.pace == "epoch"
    d = json.loads(load_lesson("relu").to_json())
    d["experiment"]["pace"] = "5-epochs"
    assert lesson_from_dict(d).experiment.pace == "5-epochs"
    d["experiment"]["pace"] = "warp"
    with pytest.raises(InvalidLessonError) as info:
        lesson_from_dict(d)
    assert info.value.field == "experiment.pace"


def test_changing_the_pace_keeps_everything_else() -> None:
    exp = Experiment()
    slow = replace(exp, pace="1-step")
    assert slow.validate() is slow
    assert (slow.data, slow.hidden, slow.hyper, slow.weights) == (
        exp.data, exp.hidden, exp.hyper, exp.weights
    )
