"""Divergence in the window: training pauses, says why, keeps healthy weights, stays quiet,
and a lower learning rate typed into the field trains on from those weights.

Learning rate 10 with relu layers on the spiral blows up within a few steps when the
output is linear under mse (a sigmoid output under bce saturates instead and never
overflows -- see tests/core/test_trainer.py and tests/core/test_divergence.py).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget
from windows import worker_round_trip

from nnsim.core.experiment import DataSpec, Experiment, Hyper, LayerSpec
from nnsim.core.snapshot import Snapshot, frozen
from nnsim.core.trainer import Trainer
from nnsim.gui.main_window import MainWindow

DIVERGING = Experiment(
    data=DataSpec(dataset="spiral"),
    hidden=(LayerSpec(8, "relu"), LayerSpec(8, "relu")),
    output_activation="linear",
    hyper=Hyper(learning_rate=10.0, loss="mse"),
)


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window(DIVERGING)


def _visible_boxes(w: MainWindow) -> list[QMessageBox]:
    return [b for b in w.findChildren(QMessageBox) if b.isVisible()]


def _diverge(w: MainWindow, qtbot) -> tuple[str, int]:
    """Press Play and wait for the divergence; return the message and its step."""
    with qtbot.waitSignal(w.controller.diverged, timeout=20_000) as caught:
        w.play_action.trigger()
    message = caught.args[0]
    qtbot.waitUntil(lambda: not w.controller.playing, timeout=5000)
    match = re.search(r"step (\d+)", message)
    assert match, message
    return message, int(match.group(1))


def _rendered(w: MainWindow, qtbot) -> Snapshot:
    """The controller's latest snapshot, once the window has drawn it."""
    qtbot.waitUntil(lambda: w.snapshot is w.controller.latest, timeout=5000)
    assert w.snapshot is not None
    return w.snapshot


def test_divergence_pauses_with_a_message_and_finite_weights(window, qtbot, capfd) -> None:
    start = _rendered(window, qtbot).train_loss
    capfd.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        message, step = _diverge(window, qtbot)
        snap = _rendered(window, qtbot)
        # Paused: after later commands have been handled, nothing has moved.
        worker_round_trip(window.controller)
        later = _rendered(window, qtbot)

    # Says what happened, at which step, and what to do about it.
    assert "diverged" in message.lower()
    assert "lower the learning rate (now 10)" in message
    status = window.statusBar().currentMessage()
    assert f"step {step}" in status and "lower the learning rate" in status
    boxes = _visible_boxes(window)
    assert len(boxes) == 1
    assert f"step {step}" in boxes[0].text() and "lower the learning rate" in boxes[0].text()
    assert not boxes[0].isModal()  # the lecturer can change the rate right away

    # Paused at that step, set back to healthy weights: finite, and no worse than at
    # the start.
    assert not window.controller.playing
    assert window.play_action.text() == "Play"
    assert snap.step == step - 1
    assert later.step == snap.step
    for w, b in zip(snap.weights, snap.biases, strict=True):
        assert np.all(np.isfinite(w)) and np.all(np.isfinite(b))
    assert np.isfinite(snap.train_loss) and snap.train_loss <= start

    # The model document is untouched by a divergence (it is not an edit).
    assert window.model.experiment == DIVERGING
    assert window.undo_stack.count() == 0

    # Quiet: no NumPy warning from any thread, nothing on the console.
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not runtime, [f"{w.filename}:{w.lineno}: {w.message}" for w in runtime]
    err = capfd.readouterr().err
    assert "RuntimeWarning" not in err and "overflow" not in err, err[-2000:]


def test_playing_again_diverges_again_with_one_box_and_a_smaller_rate_trains(
    window, qtbot
) -> None:
    _, first = _diverge(window, qtbot)
    _, second = _diverge(window, qtbot)
    assert second > first  # resumed from the rolled-back weights, diverged again
    assert len(_visible_boxes(window)) == 1  # the same box, updated -- not a pile of them

    combo = window.hyper_panel.lr_combo
    combo.setCurrentIndex(combo.findData(0.003))
    assert window.model.experiment.hyper.learning_rate == 0.003
    start = _rendered(window, qtbot).step
    window.controller.step(300)
    qtbot.waitUntil(lambda: window.controller.latest.step == start + 300, timeout=10_000)
    snap = _rendered(window, qtbot)
    assert all(np.all(np.isfinite(w)) for w in snap.weights)
    assert np.isfinite(snap.train_loss)


PLANE = Experiment(
    data=DataSpec(dataset="plane"),
    hidden=(LayerSpec(4, "linear"),),
    output_activation="linear",
    hyper=Hyper(learning_rate=0.03, loss="mse"),
)


def _type(field: QWidget, text: str) -> None:
    """Click into ``field``, select all, type ``text`` and press Enter, as a user does."""
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def test_a_lower_rate_typed_after_a_divergence_trains_on_from_healthy_weights(
    make_window, qtbot
) -> None:
    # Issue 14: plane data, one hidden linear layer of 4, linear output, mse, lr 100
    # kept |w| = 2.6e47 and a train loss of 2.2e191; lowering the rate to 0.001 and
    # pressing Play diverged again at the next step.
    w = make_window(PLANE)
    start = _rendered(w, qtbot).train_loss

    combo = w.hyper_panel.lr_combo
    _type(combo, "100")
    assert w.model.experiment.hyper.learning_rate == 100.0
    message, step = _diverge(w, qtbot)
    kept = _rendered(w, qtbot)
    assert kept.step == step - 1
    assert max(float(np.abs(a).max()) for a in (*kept.weights, *kept.biases)) < 10.0
    assert kept.train_loss <= start
    boxes = _visible_boxes(w)
    assert len(boxes) == 1 and boxes[0].text() == message
    assert "lower the learning rate (now 100)" in message

    # The box stays open (non-modal) while the lecturer types the lower rate.
    _type(combo, "0.001")
    assert w.model.experiment.hyper.learning_rate == 0.001
    diverged_again: list[str] = []
    w.controller.diverged.connect(diverged_again.append)
    w.play_action.trigger()
    qtbot.waitUntil(lambda: w.controller.playing, timeout=5000)
    qtbot.waitUntil(lambda: w.controller.latest.step >= kept.step + 500, timeout=30_000)
    w.play_action.trigger()  # pause
    qtbot.waitUntil(lambda: not w.controller.playing, timeout=5000)
    later = _rendered(w, qtbot)
    assert not diverged_again
    assert later.step >= kept.step + 500
    assert all(np.all(np.isfinite(a)) for a in (*later.weights, *later.biases))
    assert np.isfinite(later.train_loss) and later.train_loss < start
    assert "diverged" not in w.statusBar().currentMessage().lower()
    w.close()


def _extreme(snap: Snapshot, weight: float, grid: float, loss: float) -> Snapshot:
    """``snap`` with every number a view computes on replaced by an extreme value."""

    def fill(a: np.ndarray, v: float) -> np.ndarray:
        return frozen(np.full(a.shape, v, dtype=a.dtype))

    h = snap.history
    n = len(h.step)
    alternating = np.where(np.arange(n) % 2 == 0, loss, np.nan)
    history = replace(
        h,
        train_loss=frozen(alternating),
        test_loss=frozen(np.full(n, loss)),
        grad_norm=fill(h.grad_norm, weight),
        mean_abs_act=fill(h.mean_abs_act, weight),
    )
    return replace(
        snap,
        weights=tuple(fill(w, weight) for w in snap.weights),
        biases=tuple(fill(b, -weight) for b in snap.biases),
        boundary=fill(snap.boundary, grid),
        neuron_grids=tuple(fill(g, grid) for g in snap.neuron_grids),
        train_loss=loss,
        test_loss=loss,
        history=history,
    )


@pytest.mark.parametrize(
    ("weight", "grid", "loss"),
    [
        (1e300, 3e38, 1e300),  # huge but finite: what a network shows just before it diverges
        (1e30, 1e30, 1e30),
        (np.inf, np.inf, np.inf),
        (np.nan, np.nan, np.nan),
    ],
    ids=["1e300", "1e30", "inf", "nan"],
)
def test_views_draw_extreme_snapshots_without_numpy_warnings(
    make_window, weight: float, grid: float, loss: float
) -> None:
    w = make_window(start=False)
    # A run that trains (at lr 10 it now stops within a few steps, before anything is
    # extreme): the extremes are written into its snapshot below.
    trainer = Trainer(replace(DIVERGING, hyper=replace(DIVERGING.hyper, learning_rate=0.03)))
    trainer.step(40)
    snap = trainer.snapshot()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w.show_snapshot(_extreme(snap, weight, grid, loss))
        w.grab()  # paint every view too
        w.show_snapshot(snap)  # and back to normal numbers
        w.grab()
    numpy_warnings = [c for c in caught if issubclass(c.category, RuntimeWarning)]
    assert not numpy_warnings, [f"{c.filename}:{c.lineno}: {c.message}" for c in numpy_warnings]
