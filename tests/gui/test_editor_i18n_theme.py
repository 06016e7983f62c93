"""The network editor in Korean, in the dark theme and at presentation text sizes.

* In Korean every text the drawing paints (captions, chips, palette, trash) is Korean,
  except the activation names, which are proper names; undo texts follow the language.
* At the text scales of presentation mode, in a viewport the size the editor gets on
  a 1280x720 projector, no chip is narrower than its label and no caption is clipped.
* The dark theme makes the canvas, the palette and its chips dark, with light text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QApplication

from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.gui.commands import retranslate_stack
from nnsim.gui.editor.commands import EditCommand
from nnsim.gui.editor.view import NetworkView
from nnsim.gui.i18n import install_language
from nnsim.gui.theme import Theme, theme
from nnsim.model import ExperimentModel
from nnsim.model import edits as E

#: Proper names and maths that stay as they are in Korean.
ALLOWED = {"ReLU", "Leaky", "Sigmoid", "Tanh", "Linear", "Softmax", "sin", "x", "f", "z", "b", "w"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _english_words(texts: list[str]) -> set[str]:
    return {w for t in texts for w in re.findall(r"[A-Za-z]+", t)} - ALLOWED


@pytest.fixture
def ko(qapp) -> Iterator[None]:
    install_language("ko")
    yield
    install_language("en")


def _experiment(*widths: int, activation: str = "tanh") -> Experiment:
    exp = Experiment()
    hidden = tuple(LayerSpec(w, activation) for w in widths)
    from dataclasses import replace

    return replace(exp, hidden=hidden, weights=None)


def _view(qtbot, exp: Experiment | None = None, size=(800, 500)) -> NetworkView:
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    QApplication.processEvents()
    view.set_experiment(exp if exp is not None else _experiment(4, 2))
    QApplication.processEvents()
    return view


def _check_nothing_clipped(view: NetworkView) -> None:
    scene = view.network_scene
    assert view.clipped_texts() == []
    lay = scene.layout
    scene_rect = lay.scene_rect
    chips = list(scene.chip_items.values())
    for chip in chips:
        rect = chip.mapRectToScene(chip.boundingRect())
        assert chip.text_room() >= chip.text_width() - 0.5, chip.label
        assert rect.width() >= chip.text_width(), chip.label
        assert scene_rect.contains(rect), chip.label  # in the drawing, not cut off
    for a in chips:  # chips flow into rows; they never overlap
        for b in chips:
            if a is not b:
                ra = a.mapRectToScene(a.boundingRect()).adjusted(1, 1, -1, -1)
                rb = b.mapRectToScene(b.boundingRect()).adjusted(1, 1, -1, -1)
                assert not ra.intersects(rb), (a.label, b.label)
    trash = scene.trash_item.sceneBoundingRect()
    assert scene_rect.contains(trash.adjusted(1, 1, -1, -1))
    # Every caption line fits its room, and neighbouring captions never overlap.
    spans = []
    for c, header in sorted(scene.header_items.items()):
        assert header.painted_texts(), c
        widest = 0.0
        for text, width, room in header.text_rooms():
            assert width <= room + 0.5, (text, width, room)
            assert "…" not in text
            widest = max(widest, width)
        x = header.scenePos().x()
        assert x - widest / 2 >= -0.5 and x + widest / 2 <= scene_rect.right() + 0.5
        spans.append((x - widest / 2, x + widest / 2))
    for (_l0, r0), (l1, _r1) in zip(spans, spans[1:], strict=False):
        assert r0 <= l1
    # The captions' texts are the whole titles (no abbreviation, no elision).
    titles = {h.title for h in scene.header_items.values()}
    shown = " ".join(scene.painted_texts())
    for title in titles:
        assert all(word in shown for word in title.split(" "))


# --------------------------------------------------------------------------- language


def test_korean_chips_captions_and_painted_texts(qtbot, ko) -> None:
    view = _view(qtbot)
    scene = view.network_scene
    assert scene.chip_items["dense"].label == "밀집층"
    assert scene.chip_items["act:sigmoid"].label == "Sigmoid"  # a proper name
    assert scene.header_items[3].title == "출력"
    assert scene.header_items[1].title == "은닉층 1"
    assert scene.header_items[1].subtitle == "4 · Tanh"
    texts = view.painted_texts()
    assert "밀집층" in texts and "휴지통" in texts
    assert not _english_words(texts), _english_words(texts)
    tips = [chip.toolTip() for chip in scene.chip_items.values()]
    tips += [scene.trash_item.toolTip(), scene.handle_items[1].toolTip()]
    tips += [b.toolTip() for b in scene.button_items.values()]
    assert all(HANGUL.search(t) for t in tips), tips
    menu = view.layer_menu(1)
    labels = [a.text() for a in menu.actions() if a.text()]
    assert "층 삭제" in labels and "활성화 함수" in labels
    menu.deleteLater()


def test_switching_language_remakes_the_drawing_texts(qtbot, qapp) -> None:
    view = _view(qtbot)
    scene = view.network_scene
    assert "Dense layer" in view.painted_texts()
    install_language("ko")
    try:
        QApplication.processEvents()
        assert "밀집층" in view.painted_texts()
        assert scene.header_items[0].title == "특성"
        assert not _english_words(view.painted_texts())
        assert view.clipped_texts() == []
    finally:
        install_language("en")
    QApplication.processEvents()
    assert "Dense layer" in view.painted_texts()
    assert scene.header_items[0].title == "Features"


def test_drag_feedback_is_translated(qtbot, ko) -> None:
    from nnsim.gui.editor.interactions import InsertLayerDrag, ResizeDrag

    view = _view(qtbot)
    scene = view.network_scene
    lay = scene.layout
    chip = scene.chip_items["dense"]
    drag = InsertLayerDrag(scene, "dense", chip.mapRectToScene(chip.boundingRect()))
    drag.start(QPointF(lay.gaps[1], lay.bottom - 30))
    assert "+ 층" in view.painted_texts() and "밀집층" in view.painted_texts()
    drag.cancel()
    resize = ResizeDrag(scene, 1)
    grip = scene.handle_items[1].sceneBoundingRect().center()
    resize.start(grip)
    resize.update(grip + QPointF(0, 2 * lay.row_pitch))
    assert "뉴런 4개 → 6개" in view.painted_texts()
    resize.cancel()
    assert not _english_words(view.painted_texts())


def test_undo_texts_retranslate_when_the_language_changes(qapp) -> None:
    model = ExperimentModel(_experiment(4, 3))
    stack = QUndoStack()
    stack.push(EditCommand(model, E.insert_layer(model.experiment, model.units, 1, 4, "tanh")))
    stack.push(EditCommand(model, E.set_width(model.experiment, model.units, 0, 5)))
    stack.undo()
    assert stack.undoText() == "Insert hidden layer 2"
    assert stack.redoText() == "Hidden layer 1: 5 neurons"
    undo_texts: list[str] = []
    stack.undoTextChanged.connect(undo_texts.append)
    install_language("ko")
    try:
        retranslate_stack(stack)
        assert stack.undoText() == "은닉층 2 추가"
        assert stack.redoText() == "은닉층 1: 뉴런 5개"
        assert undo_texts[-1] == "은닉층 2 추가"  # Edit > Undo follows
    finally:
        install_language("en")
    retranslate_stack(stack)
    assert stack.undoText() == "Insert hidden layer 2"
    assert stack.command(0).text() == "Insert hidden layer 2"


# --------------------------------------------------------------------------- text sizes


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("scale", [1.0, 1.6, 2.5])
@pytest.mark.parametrize("widths", [(4, 2), (8, 8, 8, 8), (1,)])
def test_no_chip_or_caption_is_clipped_at_presentation_sizes(qtbot, qapp, lang, scale, widths):
    install_language(lang)
    try:
        view = _view(qtbot, _experiment(*widths, activation="sigmoid"))
        view.apply_theme(theme("normal", scale, scale > 1.0))
        QApplication.processEvents()
        assert view.network_scene.text_scale == scale
        _check_nothing_clipped(view)
        # The whole drawing stays in the viewport (scaled down if it must).
        rect = view.mapFromScene(view.sceneRect()).boundingRect()
        assert view.viewport().rect().adjusted(-1, -1, 1, 1).contains(rect)
    finally:
        install_language("en")


def test_a_narrow_view_wraps_the_palette_into_rows(qtbot) -> None:
    view = _view(qtbot, size=(800, 500))
    assert view.network_scene.layout.palette.rows == 1
    view.apply_theme(theme("normal", 2.5, True))
    assert view.network_scene.layout.palette.rows >= 2
    _check_nothing_clipped(view)
    view.apply_theme(Theme())
    assert view.network_scene.layout.palette.rows == 1
    assert view.network_scene.text_scale == 1.0


def test_captions_wrap_in_narrow_columns_instead_of_eliding(qtbot) -> None:
    view = _view(qtbot, _experiment(8, 8, 8, 8, 8, 8, activation="leaky_relu"), size=(600, 400))
    view.apply_theme(theme("normal", 1.6, True))
    _check_nothing_clipped(view)
    header = view.network_scene.header_items[1]
    lines = header.lines
    assert len(lines.title) + len(lines.subtitle) > 2  # wrapped into more lines
    assert " ".join(header.painted_texts()) == "Hidden 1 8 · Leaky ReLU"
    assert not lines.beside  # "−" and "+" moved to a row of their own


# --------------------------------------------------------------------------- theme


def _pixel(view: NetworkView, scene_point: QPointF) -> QColor:
    image = view.viewport().grab().toImage()
    p = view.mapFromScene(scene_point)
    return image.pixelColor(p.x(), p.y())


def test_dark_theme_makes_canvas_palette_and_chips_dark(qtbot) -> None:
    view = _view(qtbot)
    scene = view.network_scene
    view.apply_theme(theme("dark", 2.0, True))
    QApplication.processEvents()
    assert scene.backgroundBrush().color().lightness() < 30
    assert view.backgroundBrush().color().lightness() < 30
    ink = scene.ink
    assert ink.chip_fill.lightness() < 60 and ink.strip.lightness() < 60
    assert ink.trash_fill.lightness() < 60
    for light in (ink.text, ink.subtext, ink.chip_text, ink.strip_text, ink.icon_ink, ink.border):
        assert light.lightness() > 180
    # What is on screen: a dark canvas, dark chips, dark palette strip.
    lay = scene.layout
    assert _pixel(view, QPointF(3, 3)).lightness() < 30
    for chip in scene.chip_items.values():
        r = chip.mapRectToScene(chip.boundingRect())
        inside = QPointF(r.right() - 6, r.center().y())  # right of the label
        assert _pixel(view, inside).lightness() < 60, chip.label
    strip = lay.palette.strip
    assert _pixel(view, QPointF(strip.left() + 4, strip.bottom() - 3)).lightness() < 60
    # Outlines and links get the presentation line width.
    neuron = scene.neuron_item(1, 0)
    link = scene.link_item(0, 0, 0)
    assert link.pen().widthF() >= 2 * 0.5
    assert neuron.border_pen.widthF() == pytest.approx(2.0)
    assert neuron.border_pen.color().lightness() > 180
    # Back to normal: light again, exactly the normal look.
    view.apply_theme(Theme())
    assert scene.backgroundBrush().color() == QColor(255, 255, 255)
    assert scene.ink.chip_fill.lightness() > 240
    assert _pixel(view, QPointF(3, 3)).lightness() > 240


def test_the_theme_survives_a_rebuild(qtbot) -> None:
    view = _view(qtbot)
    view.apply_theme(theme("dark", 1.0))
    view.set_experiment(_experiment(3, 3, 3))  # new items
    scene = view.network_scene
    for chip in scene.chip_items.values():
        assert chip.ink.dark
    assert scene.header_items[2].ink.dark
