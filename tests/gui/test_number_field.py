"""Typed numbers mean what was typed, in every field where a number is typed (issue 14, 1).

Written as a user meets it: click into a real field of the main window, select what
is there, type, press Enter (or leave the field), then look at the experiment, the
field, and the message. Before the number field, ``1e-3`` in the learning rate gave
13, ``-0.5`` gave 0.5 and ``1,5`` gave 15, without a word.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QLocale, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QToolTip,
    QWidget,
)
from snapshot_factory import make_snapshot
from windows import shown

from nnsim.core.experiment import Experiment, InvalidExperimentError, LayerSpec, StopCondition
from nnsim.gui.hyper_panel import HyperPanel
from nnsim.gui.main_window import MainWindow
from nnsim.gui.number_field import (
    RANGES,
    NumberField,
    NumberTextError,
    format_value,
    parse_number,
)
from nnsim.gui.views.collapse_view import CompositionLab
from nnsim.gui.views.inspector import NeuronInspector
from nnsim.gui.views.walkthrough_view import WalkthroughView
from nnsim.gui.views.weights_view import WeightsView
from nnsim.model import ExperimentModel

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(fresh_window: MainWindow) -> MainWindow:
    """The typing tests share one window (a window per test was 11 s)."""
    return fresh_window


def _text(field: QWidget) -> str:
    return field.currentText() if hasattr(field, "currentText") else field.text()


def _type(field: QWidget, text: str, key: Qt.Key | None = Qt.Key.Key_Return) -> None:
    """Click into ``field``, select all, type ``text`` (shown as typed), then ``key``."""
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_A, CTRL)
    if text:
        QTest.keyClicks(field, text)
    else:
        QTest.keyClick(field, Qt.Key.Key_Delete)
    # Every keystroke reached the field: nothing was silently dropped while typing.
    assert _text(field) == text
    if key is not None:
        QTest.keyClick(field, key)


def _refusal_shown(field: QWidget, window: MainWindow, qtbot, *parts: str) -> None:
    """The message is at the field (frame + bubble) and in the status bar."""
    message = field.error_message()
    for part in parts:
        assert part in message, (part, message)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text() == message, timeout=2000)
    assert message in window.statusBar().currentMessage()


# --------------------------------------------------------------------------- learning rate


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1e-3", 0.001), ("3e-4", 0.0003), ("2E-2", 0.02), ("1.5e1", 15.0), ("+2e-2", 0.02)],
)
def test_a_typed_learning_rate_is_the_number_typed(
    window: MainWindow, typed: str, value: float
) -> None:
    combo = window.hyper_panel.lr_combo
    count = window.undo_stack.count()
    _type(combo, typed)
    assert window.model.experiment.hyper.learning_rate == value  # exactly
    assert combo.currentText() == format_value(value)
    assert combo.error_message() == ""
    assert window.undo_stack.count() == count + 1  # one undoable edit
    window.undo_stack.undo()
    assert window.model.experiment.hyper.learning_rate == 0.03
    assert combo.currentText() == "0.03"


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("1e3", ["above 0 and at most 100", "1e3"]),  # 1000: out of range
        ("1,5", ["“1,5”", "point (.)"]),  # a thousands separator in an English UI
        ("-0.5", ["above 0", "-0.5"]),
        ("abc", ["“abc”", "not a number"]),
        ("", ["type a number"]),
        ("nan", ["not a number"]),
        ("inf", ["not a number"]),
        ("1e999", ["at most 100"]),
        # Was completed inline to the preset 0.0001 by the combo's completer.
        ("0.000", ["above 0"]),
    ],
)
def test_a_learning_rate_that_is_not_one_is_refused_at_the_field(
    window: MainWindow, qtbot, typed: str, parts: list[str]
) -> None:
    combo = window.hyper_panel.lr_combo
    before, count = window.model.experiment, window.undo_stack.count()
    _type(combo, typed)
    assert window.model.experiment == before  # the old value stays
    assert window.undo_stack.count() == count
    assert combo.currentText() == "0.03"
    _refusal_shown(combo, window, qtbot, "Learning rate", *parts)
    # Typing again takes the red frame away; a good number is then taken.
    _type(combo, "0.1")
    assert combo.error_message() == ""
    assert window.model.experiment.hyper.learning_rate == 0.1


def test_hovering_a_refusing_field_shows_why(window: MainWindow, qtbot) -> None:
    spin = window.hyper_panel.momentum_spin
    _type(spin, "1e-3x")
    message = spin.error_message()
    assert message.startswith("Momentum: “1e-3x” is not a number")
    QToolTip.hideText()
    centre = QPoint(spin.width() // 2, spin.height() // 2)
    QApplication.sendEvent(spin, QHelpEvent(QEvent.Type.ToolTip, centre, spin.mapToGlobal(centre)))
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text() == message, timeout=2000)
    QTest.keyClick(spin, Qt.Key.Key_5)  # typing again: the frame goes
    assert spin.error_message() == ""


def test_leaving_the_field_commits_the_typed_number_and_esc_throws_it_away(
    window: MainWindow, qtbot
) -> None:
    combo = window.hyper_panel.lr_combo
    _type(combo, "2e-2", key=None)
    window.hyper_panel.momentum_spin.setFocus()  # the user clicks elsewhere
    qtbot.waitUntil(lambda: window.model.experiment.hyper.learning_rate == 0.02, timeout=2000)
    _type(combo, "7e-3", key=Qt.Key.Key_Escape)
    assert combo.currentText() == "0.02"
    window.hyper_panel.momentum_spin.setFocus()
    QApplication.processEvents()
    assert window.model.experiment.hyper.learning_rate == 0.02


# --------------------------------------------------------------------------- other fields


def _check_stops(w: MainWindow) -> None:
    w.hyper_panel.stop_epoch_box.setChecked(True)
    w.hyper_panel.stop_loss_box.setChecked(True)


#: (field, typed, what the experiment then holds, the value it must hold)
TYPED: list[tuple[str, str, Callable[[Experiment], float], float]] = [
    ("momentum", "9.5e-1", lambda e: e.hyper.momentum, 0.95),
    ("reg_rate", "3e-4", lambda e: e.hyper.reg_rate, 0.0003),
    ("noise", "12.5", lambda e: e.data.noise, 0.125),
    ("noise", "1e1 %", lambda e: e.data.noise, 0.1),
    ("ratio", "7e1", lambda e: e.data.train_fraction, 0.7),
    ("epoch", "1e3", lambda e: e.stop.epoch, 1000),
    ("loss", "1e-3", lambda e: e.stop.test_loss_below, 0.001),
    # Whole numbers: QSpinBox's validator dropped the "e" and read 1e3 as 13.
    ("samples", "1e3", lambda e: e.data.n_samples, 1000),
    ("data_seed", "4294967295", lambda e: e.data.seed, 4294967295),  # was clipped to 2³¹-1
    ("layers", "3", lambda e: len(e.hidden), 3),
    ("width", "8", lambda e: e.hidden[0].width, 8),
    ("batch", "2e1", lambda e: e.hyper.batch_size, 20),
    ("seed", "1.2e3", lambda e: e.seed, 1200),
]


def _field(w: MainWindow, name: str) -> QWidget:
    hp, dp = w.hyper_panel, w.data_panel
    return {
        "momentum": hp.momentum_spin,
        "reg_rate": hp.reg_rate_combo,
        "noise": dp.noise_spin,
        "ratio": dp.ratio_spin,
        "epoch": hp.stop_epoch_spin,
        "loss": hp.stop_loss_spin,
        "samples": dp.samples_spin,
        "data_seed": dp.seed_spin,
        "layers": hp.layers_spin,
        "width": hp.width_spin,
        "batch": hp.batch_spin,
        "seed": hp.seed_spin,
    }[name]


@pytest.mark.parametrize(("name", "typed", "get", "value"), TYPED, ids=[t[1] for t in TYPED])
def test_every_number_field_takes_the_number_typed(
    window: MainWindow, name: str, typed: str, get: Callable[[Experiment], float], value: float
) -> None:
    _check_stops(window)
    field = _field(window, name)
    count = window.undo_stack.count()
    _type(field, typed)
    got = get(window.model.experiment)
    assert got == value and type(got) is type(value)
    # One undoable edit (a stop value merges into the "Stop condition" step just made).
    assert window.undo_stack.count() == count + (name not in ("epoch", "loss"))


REFUSED = [
    ("momentum", "-0.5", ["Momentum", "between 0 and 0.9999"]),
    ("momentum", "0,5", ["Momentum", "point (.)"]),
    ("reg_rate", "11", ["Regularisation rate", "between 0 and 10"]),
    ("noise", "60", ["Noise", "between 0 % and 50 %"]),
    ("ratio", "5", ["Training share", "between 10 % and 90 %"]),
    ("epoch", "2.5", ["Stop epoch", "whole number"]),
    ("epoch", "0", ["Stop epoch", "between 1 and 1000000000"]),
    ("loss", "0", ["Stop test loss", "above 0"]),
    ("loss", "x", ["Stop test loss", "not a number"]),
    ("samples", "12.5", ["Samples", "whole number"]),
    ("samples", "1e9", ["Samples", "between 4 and 20000"]),
    ("layers", "-1", ["Hidden layers", "between 0 and 10"]),
    ("width", "1,5", ["Neurons per layer", "point (.)"]),
    ("batch", "0", ["Batch size", "between 1 and 20000"]),
    ("seed", "abc", ["Weight seed", "not a number"]),
    ("data_seed", "-3", ["Data seed", "between 0 and 4294967295"]),
]


@pytest.mark.parametrize(
    ("name", "typed", "parts"), REFUSED, ids=[f"{r[0]}:{r[1]}" for r in REFUSED]
)
def test_every_number_field_refuses_what_is_not_its_number(
    window: MainWindow, qtbot, name: str, typed: str, parts: list[str]
) -> None:
    _check_stops(window)
    field = _field(window, name)
    before, count, shown = window.model.experiment, window.undo_stack.count(), _text(field)
    _type(field, typed)
    assert window.model.experiment == before
    assert window.undo_stack.count() == count
    assert _text(field) == shown  # the old value, shown again
    _refusal_shown(field, window, qtbot, *parts)


def test_arrows_step_to_the_next_multiple_and_stop_at_the_bounds(window: MainWindow) -> None:
    spin = window.hyper_panel.momentum_spin
    _type(spin, "0.93")
    assert window.model.experiment.hyper.momentum == 0.93
    QTest.keyClick(spin, Qt.Key.Key_Up)
    assert window.model.experiment.hyper.momentum == 0.95
    QTest.keyClick(spin, Qt.Key.Key_Up)
    assert window.model.experiment.hyper.momentum == 0.9999  # the top of the range
    QTest.keyClick(spin, Qt.Key.Key_Down)
    assert window.model.experiment.hyper.momentum == 0.95
    noise = window.data_panel.noise_spin
    QTest.keyClick(noise, Qt.Key.Key_Up)
    assert window.model.experiment.data.noise == 0.05 and noise.text() == "5 %"


# --------------------------------------------------------------------------- locale


@pytest.fixture
def german(qapp) -> Iterator[None]:
    """Numbers in a language whose decimal separator is a comma."""
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        yield
    finally:
        QLocale.setDefault(old)


def test_a_comma_is_the_decimal_separator_where_the_language_has_it(qtbot, german) -> None:
    model = ExperimentModel(Experiment())
    hp = HyperPanel(model, QUndoStack())
    qtbot.addWidget(hp)
    hp.show()
    assert hp.lr_combo.currentText() == "0,03"  # shown as the language writes it
    _type(hp.lr_combo, "1,5e-3")
    assert model.experiment.hyper.learning_rate == 0.0015
    assert hp.lr_combo.currentText() == "0,0015"
    _type(hp.momentum_spin, "0,5")
    assert model.experiment.hyper.momentum == 0.5
    _type(hp.momentum_spin, "0.25")  # a point is a decimal point everywhere
    assert model.experiment.hyper.momentum == 0.25
    _type(hp.momentum_spin, "1.000,5")  # German thousands: not guessed
    assert model.experiment.hyper.momentum == 0.25
    assert "comma (,) or a point (.)" in hp.momentum_spin.error_message()


def test_parse_number_reads_notations_and_refuses_the_rest() -> None:
    english = QLocale(QLocale.Language.English)
    german = QLocale(QLocale.Language.German)
    for text, value in [
        ("1e-3", 1e-3), ("3E-4", 3e-4), (".5", 0.5), ("5.", 5.0), ("+2", 2.0),
        ("−0.5", -0.5), (" 7 ", 7.0), ("１e-3", 1e-3), ("25 %", 25.0),
    ]:  # fmt: skip
        assert parse_number(text, english, " %") == value, text
    assert parse_number("1,5", german) == 1.5
    for text, kind in [
        ("", "empty"), ("  ", "empty"), ("1,5", "separator"), ("1,000", "separator"),
        ("abc", "not_a_number"), ("nan", "not_a_number"), ("inf", "not_a_number"),
        ("1_000", "not_a_number"), ("0x10", "not_a_number"), ("1e", "not_a_number"),
        ("--1", "not_a_number"), ("1.2.3", "separator"),
    ]:  # fmt: skip
        with pytest.raises(NumberTextError) as info:
            parse_number(text, english)
        assert info.value.kind == kind, text
    assert format_value(0.03) == "0.03" and format_value(1e-5) == "1e-05"
    assert format_value(0.9 + 0.05) == "0.95" and format_value(-0.0) == "0"


# --------------------------------------------------------------------------- one range rule


#: RANGES entries that are experiment fields -> how to put a value into an experiment.
_SETTERS: dict[str, Callable[[Experiment, float], Experiment]] = {
    "data.noise": lambda e, v: replace(e, data=replace(e.data, noise=v)),
    "data.train_fraction": lambda e, v: replace(e, data=replace(e.data, train_fraction=v)),
    "hyper.learning_rate": lambda e, v: replace(e, hyper=replace(e.hyper, learning_rate=v)),
    "hyper.momentum": lambda e, v: replace(e, hyper=replace(e.hyper, momentum=v)),
    "hyper.reg_rate": lambda e, v: replace(e, hyper=replace(e.hyper, reg_rate=v)),
    "stop.epoch": lambda e, v: replace(e, stop=StopCondition(epoch=int(v))),
    "stop.test_loss_below": lambda e, v: replace(e, stop=StopCondition(test_loss_below=v)),
    "data.n_samples": lambda e, v: replace(e, data=replace(e.data, n_samples=int(v))),
    "data.n_classes": lambda e, v: replace(e, data=replace(e.data, n_classes=int(v))),
    "data.seed": lambda e, v: replace(e, data=replace(e.data, seed=int(v))),
    "hidden.count": lambda e, v: replace(e, hidden=(LayerSpec(),) * int(v)),
    "hidden.width": lambda e, v: replace(e, hidden=(LayerSpec(int(v)),) * 2),
    "hyper.batch_size": lambda e, v: replace(e, hyper=replace(e.hyper, batch_size=int(v))),
    "seed": lambda e, v: replace(e, seed=int(v)),
}


def _valid(exp: Experiment) -> bool:
    try:
        exp.validate()
    except InvalidExperimentError:
        return False
    return True


@pytest.mark.parametrize("key", sorted(_SETTERS))
def test_the_fields_ranges_are_the_documents(key: str) -> None:
    """The range table and Experiment.validate agree at both ends of every range."""
    r, put = RANGES[key], _SETTERS[key]
    tiny = 1.0 if r.whole else max(abs(r.hi), 1.0) * 1e-9
    for value in (r.lo, r.hi, r.lo - tiny, r.hi + tiny, (r.lo + r.hi) / 2):
        if r.whole and not float(value).is_integer():
            continue
        if key == "hidden.count" and value < 0:
            continue  # no document holds -1 layers: nothing to compare
        assert r.contains(value) == _valid(put(Experiment(), value)), (key, value)
    assert set(_SETTERS) == set(RANGES)


# --------------------------------------------------------------------------- network editor


def _link_point(window: MainWindow, layer: int, src: int, dst: int) -> QPoint:
    view = window.network_view
    link = view.network_scene.link_item(layer, src, dst)
    for t in np.linspace(0.3, 0.7, 21):
        p = view.mapFromScene(link.path().pointAtPercent(float(t)))
        target = view.target_at(p)
        if target is not None and target.item is link:
            return p
    raise AssertionError("no free point on the link")


def _in_dialog(qtbot, act: Callable[[QDialog, QWidget], None]) -> list[QDialog]:
    """Run ``act(dialog, field)`` once the number dialog is open (it runs a modal loop)."""
    seen: list[QDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        try:
            act(dialog, dialog.findChild(QAbstractSpinBox))
        except BaseException:
            dialog.reject()  # end the modal loop; the test fails on what was raised
            raise

    QTimer.singleShot(0, poll)
    return seen


def test_a_typed_weight_is_the_number_typed(window: MainWindow, qtbot) -> None:
    view = window.network_view
    window.controller.pause()
    count = window.undo_stack.count()

    def refuse_then_type(dialog: QDialog, field: NumberField) -> None:
        _type(field, "1,5")  # refused: the dialog stays open, text kept
        assert dialog.isVisible() and "point (.)" in field.error_message()
        assert field.text() == "1,5"
        _type(field, "-2.5e-1")  # accepted: Enter closes the dialog

    seen = _in_dialog(qtbot, refuse_then_type)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_link_point(window, 0, 1, 2))
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert window.undo_stack.count() == count + 1
    weights = window.model.experiment.weights
    assert weights is not None and float(weights.W[0][1, 2]) == -0.25  # exactly


def test_a_typed_weight_out_of_range_keeps_the_dialog_open(window: MainWindow, qtbot) -> None:
    view = window.network_view
    window.controller.pause()
    count = window.undo_stack.count()

    def refuse_then_cancel(dialog: QDialog, field: NumberField) -> None:
        _type(field, "1e5")
        assert dialog.isVisible() and "between -10000 and 10000" in field.error_message()
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)  # OK: still refused
        assert dialog.isVisible()
        dialog.reject()

    seen = _in_dialog(qtbot, refuse_then_cancel)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_link_point(window, 0, 0, 0))
    assert seen and seen[0].result() == QDialog.DialogCode.Rejected
    assert window.undo_stack.count() == count


# --------------------------------------------------------------------------- compare


def test_compare_b_learning_rate_is_the_number_typed(window: MainWindow, qtbot) -> None:
    c = window.compare.open()
    qtbot.addWidget(c)
    c.show()
    qtbot.waitUntil(lambda: c.snap_b is not None and c.snap_a is not None, timeout=10_000)
    try:
        assert isinstance(c.rate_box, NumberField)
        _type(c.rate_box, "3e-4")
        assert c.experiment_b.hyper.learning_rate == 0.0003
        _type(c.rate_box, "-1")
        assert c.experiment_b.hyper.learning_rate == 0.0003
        assert "above 0" in c.rate_box.error_message()
        assert c.rate_box.error_message() in c.status.text()
        assert window.model.experiment.hyper.learning_rate == 0.03  # A untouched
    finally:
        c.close()


def test_a_typed_number_never_becomes_infinite_or_nan(window: MainWindow) -> None:
    combo = window.hyper_panel.lr_combo
    for typed in ("1e308", "1e-400", "-0"):
        _type(combo, typed)
        lr = window.model.experiment.hyper.learning_rate
        assert math.isfinite(lr) and lr == 0.03, typed


# --------------------------------------------------------------------------- teaching views


#: A teaching view on its own, as large as in its dock.
VIEW_SIZE = (720, 520)


@pytest.mark.parametrize("view_class", [NeuronInspector, WalkthroughView, WeightsView])
def test_a_typed_sample_number_is_the_sample_shown(qtbot, view_class: type) -> None:
    """The sample fields were QSpinBoxes: "1e1" gave sample 11, a typed 0 snapped to 1."""
    view = shown(qtbot, view_class(), VIEW_SIZE)
    snap = make_snapshot(hidden=(4, 2), seed=4)
    n = int(snap.x_train.shape[0])
    view.set_snapshot(snap)
    qtbot.waitUntil(lambda: view.sample_box.maximum() == n, timeout=5000)
    box = view.sample_box
    _type(box, "1e1")
    assert view.sample == 9 and box.text() == "10"  # numbered from 1 on screen
    for typed, part in (("0", f"between 1 and {n}"), (f"{n + 1}", f"between 1 and {n}"),
                        ("2.5", "whole number"), ("x", "not a number")):
        _type(box, typed)
        assert view.sample == 9 and box.text() == "10", typed
        assert "Sample" in box.error_message() and part in box.error_message(), typed


def test_the_collapse_labs_numbers_are_the_numbers_typed(qtbot) -> None:
    lab = shown(qtbot, CompositionLab(), VIEW_SIZE)  # the lecture's f(x) = 2x + 1, g(x) = -x + 1
    a_box, b_box = lab.rows[0]
    _type(a_box, "2.5e-1")  # f(x) = 0.25x + 1: h(x) = -0.25x + 0, h(10) = -2.5
    assert lab.composition() == (-0.25, 0.0) and lab.value() == -2.5
    _type(lab.x_box, "-1e1")  # h(-10) = 2.5
    assert lab.value() == 2.5 and lab.value_label.text() == "h(-10) = 2.5"
    _type(b_box, "1e4")
    assert lab.composition() == (-0.25, 0.0)
    assert "Constant term must be between -1000 and 1000" in b_box.error_message()


def test_compare_steps_per_round_are_the_number_typed(window: MainWindow, qtbot) -> None:
    c = window.compare.open()
    qtbot.addWidget(c)
    c.show()
    qtbot.waitUntil(lambda: c.snap_b is not None and c.snap_a is not None, timeout=10_000)
    try:
        _type(c.steps_box, "1e2")
        assert c.steps_box.value() == 100 and c.steps_box.text() == "100"
        _type(c.steps_box, "5e3")
        assert c.steps_box.value() == 100
        assert "Steps per round must be between 1 and 1000" in c.status.text()
    finally:
        c.close()


def test_a_drawn_points_typed_value_is_the_number_typed(window: MainWindow) -> None:
    box = window.draw_mode.value_box
    _type(box, "-5e-1")
    assert box.value() == -0.5 and window.draw_mode.target(0.0) == 0.0  # classification
    _type(box, "2")
    assert box.value() == -0.5 and "between -1 and 1" in window.statusBar().currentMessage()
