"""Random edits while training runs, through the real main window.

Layers are added, removed and moved, widths and activations change, features go on
and off, weights are scrubbed, and edits are undone and redone -- in a seeded random
order, so a failure replays. After every edit, once the worker has applied it, the
network in the snapshot has the model's shape; the step counter keeps advancing; no
exception escapes and the worker reports no error.

Two sizes: :data:`CI_EDITS` edits in every ``pytest`` run, :data:`FULL_EDITS` in the
soak of ``pytest -m slow`` (``NNSIM_RANDOM_EDITS`` sets it).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.core.features import FEATURES
from nnsim.gui.main_window import MainWindow
from nnsim.model import edits as E

#: The run of every ``pytest``.
CI_EDITS = 80
#: The soak of ``pytest -m slow``.
FULL_EDITS = int(os.environ.get("NNSIM_RANDOM_EDITS", "200"))
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear", "leaky_relu")
OUTPUTS = ("sigmoid", "tanh", "linear", "relu")

Make = Callable[..., E.Edit]


def _random_make(rng: random.Random, exp: Experiment) -> tuple[str, Make]:
    """A random edit request for ``exp``; some break a limit on purpose."""
    n = len(exp.hidden)
    sizes = exp.layer_sizes
    # Removals (some refused) as often as inserts keep the network small enough to train
    # fast, while the 10-layer and 16-neuron limits are still reached now and then.
    kind = rng.choice(
        (
            "insert", "insert", "remove", "remove", "move", "width", "width", "neuron",
            "activation", "output", "feature", "weight", "weight", "bias",
        )
    )
    if kind == "insert":
        index, width = rng.randint(0, n), rng.randint(1, 5)
        act = rng.choice(ACTIVATIONS)
        return kind, lambda e, u: E.insert_layer(e, u, index, width, act)
    if kind == "remove":
        index = rng.randint(-1, n)
        return kind, lambda e, u: E.remove_layer(e, u, index)
    if kind == "move":
        src, dst = rng.randint(-1, n), rng.randint(-1, n)
        return kind, lambda e, u: E.move_layer(e, u, src, dst)
    if kind == "width":
        layer, width = rng.randint(0, n), rng.choice((0, 1, 2, 3, 4, 5, 6, 16, 17))
        return kind, lambda e, u: E.set_width(e, u, layer, width)
    if kind == "neuron":
        layer = rng.randint(0, max(0, n - 1))
        unit = rng.randint(0, max(0, (exp.hidden[layer].width if n else 1) - 1))
        return kind, lambda e, u: E.remove_neuron(e, u, layer, unit)
    if kind == "activation":
        layer, act = rng.randint(0, n), rng.choice(ACTIVATIONS)
        return kind, lambda e, u: E.set_activation(e, u, layer, act)
    if kind == "output":
        act = rng.choice(OUTPUTS)
        return kind, lambda e, u: E.set_activation(e, u, n, act)
    if kind == "feature":
        name = rng.choice(list(FEATURES))
        return kind, lambda e, u: E.toggle_feature(e, u, name)
    layer = rng.randint(0, len(sizes) - 2)
    src, dst = rng.randrange(sizes[layer]), rng.randrange(sizes[layer + 1])
    value = rng.uniform(-2.0, 2.0)
    if kind == "bias":
        return kind, lambda e, u: E.set_bias(e, u, layer, dst, value)
    return kind, lambda e, u: E.set_weight(e, u, layer, src, dst, value)


def _wait_applied(qtbot, w: MainWindow) -> None:
    """Until the worker has applied every edit and published the result."""
    c = w.controller
    qtbot.waitUntil(lambda: c.synced, timeout=10_000)
    exp = w.model.experiment
    snap = c.latest
    assert snap is not None
    assert snap.layer_sizes == tuple(exp.layer_sizes)
    assert snap.activations == tuple(exp.activations)
    assert snap.features == exp.features
    for W, (fan_in, fan_out) in zip(
        snap.weights, zip(exp.layer_sizes[:-1], exp.layer_sizes[1:], strict=True), strict=True
    ):
        assert W.shape == (fan_in, fan_out)
        assert np.all(np.isfinite(W))


@pytest.mark.parametrize(
    "n_edits",
    [pytest.param(CI_EDITS, id="ci"), pytest.param(FULL_EDITS, id="full", marks=pytest.mark.slow)],
)
def test_random_edits_while_training_keep_the_network_and_the_model_in_step(
    n_edits: int, make_window, qtbot
) -> None:
    rng = random.Random(20240611)
    start = replace(Experiment(), hidden=(LayerSpec(4, "tanh"), LayerSpec(2, "tanh")))
    w = make_window(start, wait=None)
    c = w.controller
    stack = w.undo_stack
    problems: list[str] = []
    c.errored.connect(problems.append)
    c.diverged.connect(problems.append)
    qtbot.waitUntil(lambda: c.synced, timeout=10_000)
    document = w.model.experiment

    c.play()
    qtbot.waitUntil(lambda: c.latest.step > 20, timeout=10_000)
    counts = {"pushed": 0, "refused": 0, "undo": 0, "redo": 0, "scrub": 0}
    last_step = c.latest.step
    for i in range(n_edits):
        if stack.canRedo() and rng.random() < 0.4:
            stack.redo()
            counts["redo"] += 1
        elif stack.canUndo() and rng.random() < 0.15:
            stack.undo()
            counts["undo"] += 1
        elif rng.random() < 0.1:
            # A scrub as the editor does it: live previews, then one edit on release
            # that starts from the value before the drag.
            snap = c.latest
            layer = rng.randrange(len(snap.weights))
            src = rng.randrange(snap.weights[layer].shape[0])
            dst = rng.randrange(snap.weights[layer].shape[1])
            original = float(snap.weights[layer][src, dst])
            for k in range(1, 4):
                c.preview_weight(layer, src, dst, original + 0.3 * k)
                qtbot.wait(2)
            value = original + 0.9

            def make(e, u, layer=layer, src=src, dst=dst, value=value):
                return E.set_weight(e, u, layer, src, dst, value)

            pushed = w.request_edit(make)
            counts["scrub"] += int(pushed)
        else:
            kind, make = _random_make(rng, w.model.experiment)
            before = stack.index()
            pushed = w.request_edit(make)
            if pushed:  # one command (pushing after an undo drops the redo branch)
                assert stack.index() == before + 1 == stack.count(), kind
            else:
                assert stack.index() == before, kind
            counts["pushed" if pushed else "refused"] += 1
        _wait_applied(qtbot, w)
        if i % 25 == 24:
            qtbot.waitUntil(lambda s=last_step: c.latest.step > s, timeout=10_000)
            last_step = c.latest.step
            assert c.playing, problems
    assert not problems
    # Every kind of step came up (for 200 edits: more than 50, 5, 5, 3 and 5).
    assert counts["pushed"] > n_edits / 4 and counts["refused"] > n_edits / 40
    assert counts["undo"] > n_edits / 40 and counts["redo"] > n_edits * 3 / 200
    assert counts["scrub"] > n_edits / 40

    # Undo all the way back: the very first document returns, and the network with it.
    c.pause()
    while stack.canUndo():
        stack.undo()
    assert w.model.experiment is document
    _wait_applied(qtbot, w)
    assert not problems
