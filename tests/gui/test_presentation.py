"""Presentation mode, themes, window presets, recording aids and the shortcut list."""

from __future__ import annotations

from functools import partial

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from nnsim.gui.main_window import MainWindow
from nnsim.gui.presentation import DEFAULT_PRESENT_SCALE, SMALL_PRESENT_SCALE, shortcut_rows
from nnsim.gui.recording import SHORTCUT_MS
from nnsim.model.edits import insert_layer


def _label(w: MainWindow, text: str) -> QLabel:
    return next(lb for lb in w.hyper_panel.findChildren(QLabel) if lb.text() == text)


def _tick_size(w: MainWindow) -> float:
    axis = w.loss_plot.plot.getPlotItem().getAxis("bottom")
    # No tick font of its own: pyqtgraph draws the ticks in the view's font.
    return (axis.style["tickFont"] or w.loss_plot.plot.font()).pointSizeF()


def test_presentation_scales_fonts_lines_and_points_and_restores_them(window, qtbot) -> None:
    w = window
    p = w.presentation
    label = _label(w, "Learning rate")
    counter = w.epoch_label  # a label with a font and size of its own
    dock = w.docks["hyper"]
    item = w.loss_plot.plot.getPlotItem()
    axis = item.getAxis("bottom")
    before = {
        "label": label.font().pointSizeF(),
        "tick": _tick_size(w),
        "counter": counter.font().pointSizeF(),
        "counter_size": counter.size(),
        "dock": dock.font().pointSizeF(),
        "pen": w.loss_plot.test_curve.opts["pen"].widthF(),
        "points": w.output_view.train_points.opts["size"],
        "tick_font": axis.style["tickFont"],
        "label_style": dict(axis.labelStyle),
        "size": w.size(),
        "status_width": w.status_labels["loss"].width(),
    }
    assert not p.active

    w.presentation.present_action.trigger()  # F5
    qtbot.wait(10)
    # A window under 900 px tall starts at the smaller scale, so the stage still fits.
    s = SMALL_PRESENT_SCALE if w.height() < 900 else DEFAULT_PRESENT_SCALE
    assert p.active and p.scale == s
    assert label.font().pointSizeF() == pytest.approx(before["label"] * s)
    assert _tick_size(w) == pytest.approx(before["tick"] * s)
    assert counter.font().pointSizeF() == pytest.approx(before["counter"] * s)
    assert counter.width() > before["counter_size"].width()  # the counter still fits
    status = w.status_labels["loss"]  # fixed width, inherited font: grows too
    assert status.width() > before["status_width"]
    assert dock.font().pointSizeF() == pytest.approx(before["dock"] * s)
    assert w.loss_plot.test_curve.opts["pen"].widthF() == pytest.approx(before["pen"] * 2)
    assert w.output_view.train_points.opts["size"] > before["points"]
    assert axis.labelStyle["font-size"] == f"{before['tick'] * s:g}pt"
    assert p.theme == "light"  # high contrast unless another theme was chosen

    p.set_scale(2.5)
    assert label.font().pointSizeF() == pytest.approx(before["label"] * 2.5)
    p.set_scale(9.0)  # clipped to the range
    assert p.scale == 2.5

    w.presentation.present_action.trigger()  # F5 again: everything back exactly
    qtbot.wait(10)  # Qt hands a new application font to the windows through events
    assert not p.active
    assert label.font().pointSizeF() == before["label"]
    assert _tick_size(w) == before["tick"]
    assert axis.style["tickFont"] is before["tick_font"]
    assert axis.labelStyle == before["label_style"]
    assert counter.font().pointSizeF() == before["counter"]
    assert counter.size() == before["counter_size"]
    assert w.status_labels["loss"].width() == before["status_width"]
    assert dock.font().pointSizeF() == before["dock"]
    assert w.loss_plot.test_curve.opts["pen"].widthF() == before["pen"]
    assert w.output_view.train_points.opts["size"] == before["points"]
    assert p.theme == "normal"
    assert w.size() == before["size"]


def test_presets_resize_the_window_exactly(window, qtbot) -> None:
    w = window
    for action, size in zip(
        w.presentation.size_actions, [QSize(1280, 720), QSize(1920, 1080)], strict=True
    ):
        action.trigger()
        qtbot.waitUntil(lambda s=size: w.size() == s, timeout=2000)
        assert w.size() == size
    # Also with presentation mode's larger panels, a crowded lesson and the captions.
    assert w.open_lesson("vanishing-gradient")
    w.recording.caption_action.trigger()
    w.presentation.set_active(True)
    w.presentation.size_actions[0].trigger()
    qtbot.waitUntil(lambda: w.size() == QSize(1280, 720), timeout=2000)
    assert w.grab().size() == QSize(1280, 720)


def test_f11_toggles_full_screen(window, qtbot) -> None:
    w = window
    action = w.presentation.full_screen_action
    assert action.shortcut() == QKeySequence("F11")
    action.trigger()
    qtbot.waitUntil(w.isFullScreen, timeout=2000)
    assert action.isChecked()
    action.trigger()
    qtbot.waitUntil(lambda: not w.isFullScreen(), timeout=2000)
    assert not action.isChecked()


def test_themes_change_the_palette_and_the_plots(window) -> None:
    w = window
    p = w.presentation
    role = QPalette.ColorRole
    normal = QPalette(QApplication.palette())
    background = w.loss_plot.plot.backgroundBrush().color()
    p.theme_actions["dark"].trigger()
    pal = QApplication.palette()
    assert pal.color(role.Window).lightness() == 0
    assert pal.color(role.WindowText).lightness() == 255
    assert w.loss_plot.plot.backgroundBrush().color().lightness() == 0
    axis = w.loss_plot.plot.getPlotItem().getAxis("left")
    assert axis.textPen().color().lightness() == 255
    # The black test-loss curve would vanish on black: it is drawn light.
    assert w.loss_plot.test_curve.opts["pen"].color().lightness() > 200
    p.theme_actions["light"].trigger()
    assert QApplication.palette().color(role.Window).lightness() == 255
    assert QApplication.palette().color(role.WindowText).lightness() == 0
    p.theme_actions["normal"].trigger()
    assert QApplication.palette().color(role.Window) == normal.color(role.Window)
    assert w.loss_plot.plot.backgroundBrush().color() == background


def test_click_ring_follows_the_mouse_and_pulses(window, qtbot) -> None:
    w = window
    ring = w.recording.ring
    assert not ring.isVisible()
    w.recording.ring_action.trigger()
    assert ring.isVisible() and ring.geometry() == w.rect()
    viewport = w.network_view.viewport()
    target = QPoint(120, 90)
    QTest.mouseMove(viewport, target)
    expected = viewport.mapTo(w, target)
    qtbot.waitUntil(lambda: ring.pos == expected, timeout=2000)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=target)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert ring.clicks == 1
    qtbot.waitUntil(lambda: 0 < ring.pulse < 1, timeout=2000)
    # A transparent overlay: the click still reached the view under it.
    assert ring.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    qtbot.waitUntil(lambda: ring.pulse == 0, timeout=3000)
    w.resize(w.width() - 40, w.height() - 30)  # it keeps covering the window
    qtbot.waitUntil(lambda: ring.geometry() == w.rect(), timeout=2000)
    w.recording.ring_action.trigger()
    assert not ring.isVisible()
    w.resize(w.width() + 40, w.height() + 30)
    w.recording.ring_action.trigger()  # shown again: at the window's new size
    assert ring.isVisible() and ring.geometry() == w.rect()
    w.recording.ring_action.trigger()


def test_shortcut_overlay_names_the_key_and_the_action(window, qtbot) -> None:
    w = window
    overlay = w.recording.shortcuts
    w.recording.shortcut_action.trigger()
    name = w.play_action.text()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    w.network_view.setFocus()
    QTest.keyClick(w.network_view, Qt.Key.Key_Space)
    qtbot.waitUntil(overlay.isVisible, timeout=2000)
    assert overlay.text == f"Space — {name}"
    assert overlay.text == "Space — Play"
    qtbot.waitUntil(lambda: not overlay.isVisible(), timeout=SHORTCUT_MS + 2000)
    w.controller.pause()


def test_caption_bar_shows_the_lesson_and_steps_through_it(window, qtbot) -> None:
    w = window
    rec = w.recording
    rec.caption_action.trigger()
    assert rec.captions.isVisible()
    assert w.open_lesson("xor-features")
    lesson = w.teaching.lesson
    assert rec.captions.text == f"{lesson.title_in('en')} — {lesson.caption_in('en')}"
    rec.next_action.trigger()
    assert rec.captions.text.endswith(lesson.steps[0].text("en"))
    assert rec.captions.text.startswith(f"1/{len(lesson.steps)}")
    rec.prev_action.trigger()
    rec.prev_action.trigger()  # stays on the caption
    assert rec.captions.index == 0
    rec.caption_action.trigger()
    assert not rec.captions.isVisible() and not rec.next_action.isEnabled()


def test_keyboard_shortcuts_dialog_lists_the_actions(window, qtbot) -> None:
    w = window
    rows = shortcut_rows(w)
    keys = {name: shortcut for name, shortcut, _tip in rows}
    assert keys["Play"] == "Space"
    assert keys["Presentation mode"] == "F5"
    assert keys["Full screen"] == "F11"
    dialog = w.show_shortcuts()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(rows)
    shown = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert {"Play", "Step", "Reset", "Keyboard shortcuts"} <= shown
    dialog.close()


def test_every_menu_has_a_mnemonic(window) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    letters = [t[t.index("&") + 1].lower() for t in titles if "&" in t]
    assert len(letters) == len(titles), titles
    assert len(set(letters)) == len(letters), titles  # Alt+letter is unambiguous
    assert any(isinstance(i, pg.AxisItem) for i in window.loss_plot.plot.scene().items())


def test_curves_added_while_presenting_are_thick_too(window, qtbot) -> None:
    w = window
    plot = w.gradient_plot
    qtbot.waitUntil(lambda: len(plot.curves) > 0, timeout=5000)
    width = plot.curves[0].opts["pen"].widthF()
    n = len(plot.curves)
    w.presentation.set_active(True)
    assert plot.curves[0].opts["pen"].widthF() == pytest.approx(width * 2)
    assert w.request_edit(partial(insert_layer, index=0))  # one more layer, one more curve
    qtbot.waitUntil(lambda: len(plot.curves) == n + 1, timeout=5000)
    qtbot.waitUntil(
        lambda: all(c.opts["pen"].widthF() == pytest.approx(width * 2) for c in plot.curves),
        timeout=5000,
    )


def test_no_two_actions_share_a_shortcut(window) -> None:
    owners: dict[str, list[str]] = {}
    for name, keys, _tip in shortcut_rows(window):
        for key in keys.split(", "):
            owners.setdefault(key, []).append(name)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes  # an ambiguous shortcut fires neither action


def test_presentation_scales_the_network_editor_texts_and_restores_them(window, qtbot) -> None:
    w = window
    scene = w.network_view.network_scene
    header = scene.header_items[1]  # hidden layer 1's caption
    before_px = header.font.pixelSize()
    before_h = header.boundingRect().height()
    before_layout_px = scene.layout.font.pixelSize()
    # The room of the feature labels depends on their text only (not on the viewport,
    # which the docks' restore may change a little).
    before_labels = scene.layout.label_width
    assert before_px > 0

    w.presentation.present_action.trigger()  # F5
    scale = w.presentation.scale
    assert header.font.pixelSize() == round(before_px * scale)
    assert header.boundingRect().height() > before_h  # the caption takes more room
    # Feature labels and palette chips use the same (scaled) layout font.
    assert scene.layout.font.pixelSize() == round(before_layout_px * scale)
    assert scene.layout.label_width > before_labels

    w.presentation.set_scale(2.5)  # Ctrl+= while presenting follows at once
    assert header.font.pixelSize() == round(before_px * 2.5)

    w.presentation.present_action.trigger()  # F5 again: back exactly
    assert header.font.pixelSize() == before_px
    assert header.boundingRect().height() == before_h
    assert scene.layout.font.pixelSize() == before_layout_px
    assert scene.layout.label_width == before_labels


def test_a_curve_added_while_presenting_gets_the_thick_pen(window, qtbot) -> None:
    """A layer inserted during the lecture: its gradient curve is styled like the others."""
    from dataclasses import replace

    from nnsim.core.experiment import LayerSpec

    w = window
    w.presentation.present_action.trigger()
    plot = w.gradient_plot.plot.getPlotItem()
    widths = {c.opts["pen"].widthF() for c in plot.listDataItems()}
    n = len(plot.listDataItems())
    exp = w.model.experiment
    w.model.set_experiment(replace(exp, hidden=(*exp.hidden, LayerSpec(3, "tanh"))))
    qtbot.waitUntil(lambda: len(plot.listDataItems()) == n + 1, timeout=5000)
    qtbot.waitUntil(
        lambda: {c.opts["pen"].widthF() for c in plot.listDataItems()} == widths, timeout=5000
    )
    w.presentation.present_action.trigger()
