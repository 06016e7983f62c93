"""A seeded monkey: thousands of random GUI actions while the network trains.

Every action goes through the paths a lecturer's clicks take -- panel widgets (which
push undo commands), the editor's ``request_edit`` (when the editor engine is
present), undo/redo, the toolbar actions, the speed slider, File > Open of a bad file,
CSV import -- mixed with pauses that let the worker train and the views draw. The
learning rate goes up to 10, so training diverges now and then.

Checked throughout:

* no exception anywhere (``sys.excepthook`` and the worker's ``errored`` signal);
* no deadlock: every action returns within :data:`ACTION_LIMIT_S` (a hang guard, not
  a speed target), and the worker catches up with every edit within
  :data:`CATCH_UP_S`;
* once caught up, the latest snapshot has exactly the model's network: layer sizes,
  activations, features and weight shapes -- and its weights are finite;
* every bad file shows exactly one message and changes nothing.

Two sizes: a CI-sized run of :data:`CI_ACTIONS` actions in every ``pytest`` run, and
the full soak (``pytest -m slow``) of :data:`FULL_ACTIONS` (default 2000, about a
minute; ``NNSIM_MONKEY_ACTIONS`` sets it). ``NNSIM_MONKEY_SEED`` sets the seed (default
1234). The run is reproducible in its sequence of actions; thread timing still differs
between runs.
"""

from __future__ import annotations

import importlib
import os
import random
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from nnsim.core.experiment import MAX_WIDTH, Experiment
from nnsim.gui.main_window import MainWindow
from nnsim.gui.toolbar import SPEEDS

#: The run of every ``pytest``: each kind of action comes up several times.
CI_ACTIONS = 300
#: The soak of ``pytest -m slow``.
FULL_ACTIONS = int(os.environ.get("NNSIM_MONKEY_ACTIONS", "2000"))
SEED = int(os.environ.get("NNSIM_MONKEY_SEED", "1234"))
#: An action (including the events it triggers) that takes longer than this is a hang.
ACTION_LIMIT_S = 20.0  # a deadlock guard, not a speed target: generous for a loaded 2-core CI box
#: The worker must show the model's network within this long after any edit.
CATCH_UP_S = 10.0

Action = Callable[[MainWindow, random.Random], None]


def _combo_pick(combo, rng: random.Random) -> None:
    enabled = [i for i in range(combo.count()) if combo.model().item(i) is None
               or combo.model().item(i).isEnabled()]
    if enabled:
        combo.setCurrentIndex(rng.choice(enabled))


def _spin_pick(spin, rng: random.Random, lo: int | None = None, hi: int | None = None) -> None:
    lo = spin.minimum() if lo is None else max(lo, spin.minimum())
    hi = spin.maximum() if hi is None else min(hi, spin.maximum())
    spin.setValue(rng.randint(lo, hi))


def _editor_actions() -> list[tuple[int, str, Action]]:
    """Edits through the editor's entry point, when the editor engine is installed."""
    if not hasattr(MainWindow, "request_edit"):
        return []
    try:
        edits = importlib.import_module("nnsim.model.edits")
    except ImportError:
        return []

    def hidden(w: MainWindow) -> int:
        return len(w.model.experiment.hidden)

    def insert(w: MainWindow, rng: random.Random) -> None:
        i = rng.randint(0, hidden(w))
        w.request_edit(lambda e, u: edits.insert_layer(e, u, i, rng.randint(1, 6)))

    def remove(w: MainWindow, rng: random.Random) -> None:
        if hidden(w):
            i = rng.randrange(hidden(w))
            w.request_edit(lambda e, u: edits.remove_layer(e, u, i))

    def move(w: MainWindow, rng: random.Random) -> None:
        if hidden(w) > 1:
            a, b = rng.sample(range(hidden(w)), 2)
            w.request_edit(lambda e, u: edits.move_layer(e, u, a, b))

    def width(w: MainWindow, rng: random.Random) -> None:
        if hidden(w):
            i = rng.randrange(hidden(w))
            w.request_edit(lambda e, u: edits.set_width(e, u, i, rng.randint(1, MAX_WIDTH)))

    def neuron(w: MainWindow, rng: random.Random) -> None:
        if hidden(w):
            i = rng.randrange(hidden(w))
            unit = rng.randrange(w.model.experiment.hidden[i].width)
            w.request_edit(lambda e, u: edits.remove_neuron(e, u, i, unit))

    def activation(w: MainWindow, rng: random.Random) -> None:
        if hidden(w):
            i = rng.randrange(hidden(w))
            name = rng.choice(["linear", "sigmoid", "tanh", "relu", "leaky_relu"])
            w.request_edit(lambda e, u: edits.set_activation(e, u, i, name))

    def feature(w: MainWindow, rng: random.Random) -> None:
        name = rng.choice(["x1", "x2", "x1_sq", "x2_sq", "x1x2", "sin_x1", "sin_x2"])
        w.request_edit(lambda e, u: edits.toggle_feature(e, u, name))

    def weight(w: MainWindow, rng: random.Random) -> None:
        sizes = w.model.experiment.layer_sizes
        layer = rng.randrange(len(sizes) - 1)
        src, dst = rng.randrange(sizes[layer]), rng.randrange(sizes[layer + 1])
        value = rng.uniform(-5, 5)
        w.request_edit(lambda e, u: edits.set_weight(e, u, layer, src, dst, value))

    def bias(w: MainWindow, rng: random.Random) -> None:
        sizes = w.model.experiment.layer_sizes
        layer = rng.randrange(len(sizes) - 1)
        unit = rng.randrange(sizes[layer + 1])
        value = rng.uniform(-5, 5)
        w.request_edit(lambda e, u: edits.set_bias(e, u, layer, unit, value))

    return [
        (weight_, f"editor.{fn.__name__}", fn)
        for weight_, fn in [(3, insert), (2, remove), (1, move), (3, width), (1, neuron),
                            (2, activation), (2, feature), (3, weight), (2, bias)]
    ]


def _actions(
    bad_files: list[Path], good_csv: Path, save_to: Path
) -> list[tuple[int, str, Action]]:
    def hp(w: MainWindow):
        return w.hyper_panel

    def dp(w: MainWindow):
        return w.data_panel

    def learning_rate(w: MainWindow, rng: random.Random) -> None:
        combo = hp(w).lr_combo
        # Up to 10, with the large rates over-represented so training diverges often.
        index = rng.choice([*range(combo.count()), combo.count() - 1, combo.count() - 2])
        combo.setCurrentIndex(index)

    def typed_learning_rate(w: MainWindow, rng: random.Random) -> None:
        combo = hp(w).lr_combo
        combo.setEditText(rng.choice(["0.5", "7", "10", "abc", "-1", "0", "1e-3", ""]))
        combo.lineEdit().editingFinished.emit()

    def feature_box(w: MainWindow, rng: random.Random) -> None:
        box = rng.choice(list(dp(w).feature_boxes.values()))
        if box.isEnabled():
            box.setChecked(not box.isChecked())

    def open_bad(w: MainWindow, rng: random.Random) -> None:
        assert w.open_file(rng.choice(bad_files)) is False

    def import_csv(w: MainWindow, rng: random.Random) -> None:
        if rng.random() < 0.5:
            assert w.import_csv(rng.choice(bad_files)) is False
        else:
            assert w.import_csv(good_csv) is True

    def dataset(w: MainWindow, rng: random.Random) -> None:
        combo = dp(w).dataset_combo
        # Every entry, "Custom data" too (even after an undo removed the points).
        combo.setCurrentIndex(rng.randrange(combo.count()))

    def speed(w: MainWindow, rng: random.Random) -> None:
        # Mostly fast: slow speeds make a short run train too little to matter.
        w.speed_slider.setValue(rng.choice([len(SPEEDS) - 1] * 3 + list(range(len(SPEEDS)))))

    def undo_many(w: MainWindow, rng: random.Random) -> None:
        for _ in range(rng.randint(2, 6)):
            w.undo_stack.undo()

    def redo_many(w: MainWindow, rng: random.Random) -> None:
        for _ in range(rng.randint(2, 6)):
            w.undo_stack.redo()

    def stop_condition(w: MainWindow, rng: random.Random) -> None:
        box = rng.choice([hp(w).stop_epoch_box, hp(w).stop_loss_box])
        box.setChecked(not box.isChecked())

    def save(w: MainWindow, rng: random.Random) -> None:
        assert w.save_file(save_to)

    actions: list[tuple[int, str, Action]] = [
        (8, "play/pause", lambda w, r: w.play_action.trigger()),
        (3, "play", lambda w, r: w.controller.play()),
        (3, "pause", lambda w, r: w.controller.pause()),
        (4, "step", lambda w, r: w.step_action.trigger()),
        (1, "epoch", lambda w, r: w.epoch_action.trigger()),
        (2, "reset", lambda w, r: w.reset_action.trigger()),
        (8, "undo", lambda w, r: w.undo_stack.undo()),
        (6, "redo", lambda w, r: w.undo_stack.redo()),
        (1, "undo_many", undo_many),
        (1, "redo_many", redo_many),
        (6, "learning_rate", learning_rate),
        (1, "typed_learning_rate", typed_learning_rate),
        (3, "hyper.activation_combo", lambda w, r: _combo_pick(hp(w).activation_combo, r)),
        (3, "hyper.layers_spin", lambda w, r: _spin_pick(hp(w).layers_spin, r, 0, 6)),
        (3, "hyper.width_spin", lambda w, r: _spin_pick(hp(w).width_spin, r, 1, 8)),
        (1, "hyper.output_combo", lambda w, r: _combo_pick(hp(w).output_combo, r)),
        (1, "hyper.loss_combo", lambda w, r: _combo_pick(hp(w).loss_combo, r)),
        (2, "hyper.optimizer_combo", lambda w, r: _combo_pick(hp(w).optimizer_combo, r)),
        (1, "hyper.momentum_spin", lambda w, r: hp(w).momentum_spin.setValue(r.uniform(0, 0.99))),
        (1, "hyper.reg_combo", lambda w, r: _combo_pick(hp(w).reg_combo, r)),
        (1, "hyper.reg_rate_combo", lambda w, r: _combo_pick(hp(w).reg_rate_combo, r)),
        (2, "hyper.batch_spin", lambda w, r: _spin_pick(hp(w).batch_spin, r, 1, 60)),
        (1, "hyper.seed_spin", lambda w, r: _spin_pick(hp(w).seed_spin, r, 0, 50)),
        (1, "stop_condition", stop_condition),
        (4, "dataset", dataset),
        (2, "data.noise_spin", lambda w, r: _spin_pick(dp(w).noise_spin, r)),
        (1, "data.ratio_spin", lambda w, r: _spin_pick(dp(w).ratio_spin, r)),
        (2, "data.samples_spin", lambda w, r: _spin_pick(dp(w).samples_spin, r, 20, 600)),
        (1, "data.classes_spin", lambda w, r: _spin_pick(dp(w).classes_spin, r)),
        (1, "data.seed_spin", lambda w, r: _spin_pick(dp(w).seed_spin, r, 0, 50)),
        (1, "data.regenerate_button", lambda w, r: dp(w).regenerate_button.click()),
        (3, "feature_box", feature_box),
        (2, "speed", speed),
        (2, "open_bad", open_bad),
        (1, "import_csv", import_csv),
        (1, "save", save),
        (1, "new", lambda w, r: w.new_action.trigger()),
    ]
    return actions + _editor_actions()


def _caught_up(w: MainWindow) -> bool:
    snap = w.controller.latest
    exp = w.model.experiment
    return (
        snap is not None
        and tuple(snap.layer_sizes) == tuple(exp.layer_sizes)
        and tuple(snap.activations) == tuple(exp.activations)
        and tuple(snap.features) == tuple(exp.features)
    )


def _check_network(w: MainWindow) -> None:
    snap = w.controller.latest
    assert snap is not None
    sizes = w.model.experiment.layer_sizes
    assert [tuple(a.shape) for a in snap.weights] == [
        (sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)
    ]
    assert [tuple(b.shape) for b in snap.biases] == [(n,) for n in sizes[1:]]
    for a in (*snap.weights, *snap.biases):
        assert np.all(np.isfinite(a)), "non-finite weights reached the GUI"


def _wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    end = perf_counter() + timeout_s
    while not condition():
        if perf_counter() > end:
            return False
        QApplication.processEvents()
    return True


@pytest.mark.parametrize(
    "n_actions",
    [
        pytest.param(CI_ACTIONS, id="ci"),
        pytest.param(FULL_ACTIONS, id="full", marks=pytest.mark.slow),
    ],
)
def test_random_actions_while_training(
    n_actions: int, make_window, qtbot, tmp_path: Path, monkeypatch, warnings: list[str]
) -> None:
    hook_errors: list[str] = []
    previous_hook = sys.excepthook

    def excepthook(kind, value, tb) -> None:
        hook_errors.append("".join(traceback.format_exception(kind, value, tb)))
        previous_hook(kind, value, tb)

    monkeypatch.setattr(sys, "excepthook", excepthook)

    bad_files = []
    for name, data in {
        "truncated.json": Experiment().to_json().encode()[:200],
        "width.json": Experiment().to_json().replace('"width": 4', '"width": 1000000000').encode(),
        "folder.json": None,
        "utf16.csv": "1,2,0\n".encode("utf-16"),
        "missing.json": b"",
    }.items():
        path = tmp_path / name
        if data is None:
            path.mkdir()
        elif name != "missing.json":
            path.write_bytes(data)
        bad_files.append(path)
    rng0 = np.random.default_rng(SEED)
    pts = rng0.uniform(-4, 4, size=(80, 2))
    good_csv = tmp_path / "good.csv"
    good_csv.write_text("".join(f"{a},{b},{int(a * b > 0)}\n" for a, b in pts))

    w = make_window(wait=None)
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=30_000)
    errors: list[str] = []
    w.controller.errored.connect(errors.append)
    diverged: list[str] = []
    w.controller.diverged.connect(diverged.append)
    w.controller.play()

    actions = _actions(bad_files, good_csv, tmp_path / "saved.json")
    weights = [weight for weight, _, _ in actions]
    rng = random.Random(SEED)
    counts: dict[str, int] = {}
    slowest = (0.0, "")
    bad_opens = 0
    started = perf_counter()
    for i in range(n_actions):
        ((_, name, action),) = rng.choices(actions, weights=weights)
        counts[name] = counts.get(name, 0) + 1
        before_messages = len(warnings)
        t0 = perf_counter()
        action(w, rng)
        # Let the events it caused run: queued commands, snapshots, paints.
        for _ in range(rng.choice([1, 1, 2, 5])):
            QApplication.processEvents()
        if rng.random() < 0.1:
            qtbot.wait(rng.choice([5, 20, 50]))
        elapsed = perf_counter() - t0
        if elapsed > slowest[0]:
            slowest = (elapsed, name)
        assert elapsed < ACTION_LIMIT_S, f"action {i} ({name}) hung for {elapsed:.1f} s"

        new_messages = len(warnings) - before_messages
        if name == "open_bad":
            bad_opens += 1
            assert new_messages == 1, warnings[before_messages:]
        assert not errors, errors[0]
        assert not hook_errors, hook_errors[0]

        # Once the worker has caught up with the model, it shows the model's network.
        assert _wait_until(lambda: _caught_up(w), CATCH_UP_S), (
            f"after action {i} ({name}) the worker did not catch up with "
            f"{w.model.experiment.layer_sizes}: {w.controller.latest.layer_sizes}"
        )
        _check_network(w)

    total = perf_counter() - started
    # The run really exercised training, edits and divergence.
    assert w.undo_stack.count() > 0
    assert bad_opens > 0
    print(
        f"\nmonkey: {n_actions} actions in {total:.1f} s, slowest {slowest[0] * 1000:.0f} ms "
        f"({slowest[1]}), {len(diverged)} divergences, {bad_opens} bad opens, "
        f"undo stack {w.undo_stack.count()}\n"
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )

    # And it still closes cleanly, joining the worker.
    t0 = perf_counter()
    w.close()
    assert not w.controller.running
    assert perf_counter() - t0 < ACTION_LIMIT_S
