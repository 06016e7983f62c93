"""Training curves saved with the experiment: exact round trip, strict reader, resumed runs."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from worker_pipe import quit_worker, serve, until

from nnsim.core.experiment import (
    MAX_HIDDEN_LAYERS,
    MAX_JSON_CHARS,
    Experiment,
    InvalidExperimentError,
    LayerSpec,
    SavedHistory,
)
from nnsim.core.history import HISTORY_CAPACITY, STAT_KEYS
from nnsim.core.saved_history import HISTORY_VERSION, MAX_RECORDS
from nnsim.core.snapshot import HistoryArrays
from nnsim.core.trainer import Trainer
from nnsim.core.wire import encode
from nnsim.core.worker import WorkerInit, merge_history
from nnsim.model.data_edits import current_points, with_points

OLD_FILE = Path(__file__).parents[1] / "data" / "experiment_without_history.json"
FIELDS = ("step", "epoch", "train_loss", "test_loss", *STAT_KEYS, "marks")


def trained(exp: Experiment | None = None, steps: int = 3000) -> Trainer:
    t = Trainer(exp or Experiment())
    t.train(steps)
    return t


def same_arrays(a: HistoryArrays, b: HistoryArrays) -> None:
    for name in FIELDS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and x.shape == y.shape, name
        # Bit for bit: NaN where NaN, -0.0 where -0.0.
        assert x.tobytes() == y.tobytes(), name


def test_a_saved_run_reopens_with_identical_curves() -> None:
    t = trained(replace(Experiment(), hidden=(LayerSpec(4, "relu"), LayerSpec(2, "tanh"))))
    saved = t.to_experiment()
    assert saved.history is not None and len(saved.history) > 20
    # relu layers have dead units, tanh ones none: the stats hold NaN.
    assert np.isnan(saved.history.arrays.dead_frac).any()
    text = saved.to_json()
    assert "NaN" not in text and "Infinity" not in text  # nnsim's JSON rule holds
    reopened = Experiment.from_json(text)
    assert reopened == saved
    same_arrays(reopened.history.arrays, t.history.arrays())


def test_every_float_survives_nan_infinity_and_negative_zero() -> None:
    t = trained(steps=300)
    a = t.history.arrays()
    odd = np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308])
    train = np.array(a.train_loss)
    train[: odd.size] = odd
    stats = np.array(a.sat_frac)
    stats[0, :] = np.nan
    stats[1, 0] = -0.0
    h = replace(a, train_loss=train, sat_frac=stats)
    exp = t.to_experiment().with_weights(
        t.network.weights, t.network.biases, t.step_count, history=h
    )
    back = Experiment.from_json(exp.to_json())
    same_arrays(back.history.arrays, exp.history.arrays)


def test_the_format_is_versioned_and_compact() -> None:
    exp = trained().to_experiment()
    obj = json.loads(exp.to_json())["history"]
    assert obj["version"] == HISTORY_VERSION == 1
    n, layers = obj["records"], obj["layers"]
    assert (n, layers) == (len(exp.history), 3)
    steps = np.frombuffer(base64.b64decode(obj["step"]), dtype="<i8")
    np.testing.assert_array_equal(steps, exp.history.arrays.step)
    grad = np.frombuffer(base64.b64decode(obj["grad_norm"]), dtype="<f8").reshape(n, layers)
    np.testing.assert_array_equal(grad, exp.history.arrays.grad_norm)


def test_the_largest_history_fits_a_file() -> None:
    # 4,095 records of the deepest network: well inside the experiment file limit.
    exp = replace(Experiment(), hidden=(LayerSpec(1, "tanh"),) * MAX_HIDDEN_LAYERS)
    t = Trainer(exp)
    L = MAX_HIDDEN_LAYERS + 1
    n = MAX_RECORDS
    rng = np.random.default_rng(0)
    h = HistoryArrays(
        step=np.arange(1, n + 1, dtype=np.int64),
        epoch=np.linspace(0, 40, n),
        train_loss=rng.random(n),
        test_loss=rng.random(n),
        grad_norm=rng.random((n, L)),
        mean_abs_act=rng.random((n, L)),
        dead_frac=np.full((n, L), np.nan),
        sat_frac=rng.random((n, L)),
        marks=np.arange(0, 256, dtype=np.int64),
    )
    big = exp.with_weights(t.network.weights, t.network.biases, n, history=h)
    text = big.to_json()
    assert len(text) < MAX_JSON_CHARS / 8
    assert Experiment.from_json(text) == big


def test_a_resumed_run_continues_the_curve_as_if_it_never_stopped() -> None:
    # Plain SGD continues bit-identically from a file (the optimizer has no state).
    live = trained(steps=4000)
    reopened = Trainer(Experiment.from_json(live.to_experiment().to_json()))
    assert reopened.step_count == 4000
    for t in (live, reopened):
        t.train(3000)
    same_arrays(reopened.history.arrays(), live.history.arrays())
    steps = reopened.history.arrays().step
    assert np.all(np.diff(steps) > 0) and steps[0] == 1 and steps[-1] > 4000


def test_an_old_file_without_curves_opens() -> None:
    exp = Experiment.from_json(OLD_FILE.read_bytes())
    assert exp.weights is not None and exp.step == 600 and exp.history is None
    t = Trainer(exp)
    t.train(100)
    assert t.history.arrays().step[0] == 601  # a new curve, starting where the file stood


def _history_obj(exp: Experiment) -> tuple[dict, dict]:
    doc = json.loads(exp.to_json())
    return doc, doc["history"]


def _refused(doc: dict) -> InvalidExperimentError:
    with pytest.raises(InvalidExperimentError) as info:
        Experiment.from_json(json.dumps(doc))
    return info.value


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda h: h.update(records=HISTORY_CAPACITY + 10), "history.records", "between 1"),
        (lambda h: h.update(records=-1), "history.records", "between 1"),
        (lambda h: h.update(records="many"), "history.records", "whole number"),
        (lambda h: h.update(layers=5), "history.layers", "expected 3 layers"),
        (lambda h: h.update(train_loss=h["train_loss"][:-4]), "history.train_loss", "base64"),
        (lambda h: h.update(grad_norm="!" * len(h["grad_norm"])), "history.grad_norm", "base64"),
        (lambda h: h.update(epoch=12), "history.epoch", "base64"),
        (lambda h: h.pop("sat_frac"), "history.sat_frac", "base64"),
        (lambda h: h.update(step=base64.b64encode(
            np.zeros(h["records"], "<i8").tobytes()).decode()), "history.step", "increase"),
        (lambda h: h.update(marks=[10**9]), "history.marks[0]", "between 0"),
        (lambda h: h.update(colour="red"), "history.colour", "unknown field"),
        (lambda h: h.update(version=None), "history.version", "whole number"),
    ],
)
def test_a_malformed_history_is_refused_naming_the_field(change, field, words) -> None:
    doc, h = _history_obj(trained(steps=500).to_experiment())
    change(h)
    exc = _refused(doc)
    assert exc.field == field and words in str(exc.reason)


def test_a_history_of_no_records_is_refused() -> None:
    # A saved history holds at least one record; "no curves" is a file without one.
    doc, h = _history_obj(trained(steps=500).to_experiment())
    for key, value in list(h.items()):
        if isinstance(value, str):
            h[key] = ""  # zero numbers of base64
    h.update(records=0, marks=[])
    exc = _refused(doc)
    assert exc.field == "history.records" and "between 1" in str(exc.reason)


def test_records_after_the_weights_step_are_refused() -> None:
    doc, _h = _history_obj(trained(steps=500).to_experiment())
    doc["step"] = 10
    exc = _refused(doc)
    assert exc.field == "history.step" and "after the weights' step 10" in str(exc.reason)


def test_curves_without_weights_are_refused() -> None:
    doc, _h = _history_obj(trained(steps=500).to_experiment())
    del doc["weights"]
    assert _refused(doc).field == "history"


def test_a_history_of_a_newer_version_is_left_out_with_a_note() -> None:
    saved = trained(steps=500).to_experiment()
    doc, h = _history_obj(saved)
    h["version"] = HISTORY_VERSION + 1
    h["something_new"] = [1, 2, 3]
    notes: list[str] = []
    exp = Experiment.from_json(json.dumps(doc), notes)
    assert exp.history is None and exp.weights == saved.weights and exp.step == saved.step
    assert len(notes) == 1 and "newer kind (version 2)" in notes[0]
    assert Experiment.from_json(json.dumps(doc)).history is None  # no list: no note


def test_curves_follow_the_weights_through_edits() -> None:
    saved = trained(steps=500).to_experiment()
    assert saved.history is not None
    assert saved.without_weights().history is None
    assert replace(saved, weights=None, step=0).history is None
    assert "history" not in json.loads(saved.to_json(include_weights=False))
    # A data edit that changes the output width drops weights and curves together.
    three = replace(saved.data, dataset="custom", custom=current_points(saved))
    points = replace(three.custom, y=np.arange(three.custom.y.size) % 3, n_classes=3)
    assert with_points(saved, points).history is None
    # Other weights, another run: with_weights keeps only curves it is given.
    w = saved.weights
    assert saved.with_weights(w.W, w.b, saved.step).history is None
    again = saved.with_weights(w.W, w.b, saved.step, saved.history.arrays)
    assert again == saved


def test_histories_compare_by_value() -> None:
    t = trained(steps=500)
    a, b = SavedHistory(t.history.arrays()), SavedHistory(t.history.arrays())
    assert a == b and a is not b  # NaN stats count as equal
    t.train(500)
    assert SavedHistory(t.history.arrays()) != a


def test_the_training_process_opens_a_saved_run_with_its_curves() -> None:
    sock, thread, reader = serve(WorkerInit(Experiment()))
    seen: list = []
    held = None

    def snapshot():
        nonlocal held
        _, snap, update = until(sock, reader, "snapshot", seen)
        held = merge_history(held, update)
        return snap

    snapshot()
    saved = Experiment.from_json(trained(steps=2000).to_experiment().to_json())
    sock.sendall(encode(("apply", saved, "all", None, False)))  # File > Open
    snap = snapshot()
    assert snap.step == 2000
    assert SavedHistory(held) == saved.history
    sock.sendall(encode(("step", 500)))
    snap = snapshot()
    assert snap.step == 2500 and held.step[0] == 1 and held.step[-1] > 2000
    # A new weight seed of the same document: a new run, without the file's curves.
    sock.sendall(encode(("apply", replace(saved, seed=5, weights=None), "all", None, True)))
    snap = snapshot()
    assert snap.step == 0 and len(held) == 0
    quit_worker(sock, thread)
