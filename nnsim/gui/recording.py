"""Recording aids: what a viewer of a screen recording cannot see otherwise.

Each one is toggled in View > Recording aids:

* :class:`ClickRing` -- a ring that follows the mouse and pulses on every click, drawn
  by a transparent overlay over the main window (mouse events pass through it); an
  application-wide event filter feeds it, so it sees the mouse over every dock.
* :class:`ShortcutOverlay` -- the keyboard shortcut just used and its action
  ("Space — Play"), for about 1.5 s. It watches the ``QEvent.Shortcut`` events Qt
  delivers to actions, so any action with a shortcut is shown, whoever added it.
* :class:`CaptionBar` -- a bar under the window's content with the open lesson's
  caption, then each of its steps (Page Down / Page Up, which presenter remotes send),
  in the UI language. Its text is never clipped or elided: it wraps to at most two
  lines, and a longer caption is shown in a smaller font (down to
  :data:`CAPTION_MIN_FACTOR` of the normal size; only then more lines).

:class:`RecordingAids` owns them and their menu entries; its texts follow the UI
language, and :meth:`RecordingAids.apply_theme` styles all three with a
:class:`~nnsim.gui.theme.Theme` (colours from the theme, text at its scale, ring widths
at its line factor). The ring's yellow and orange are highlight colours that read on
every ground, so, like data colours, they stay; its rim contrasts with the theme's
ground.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QObject,
    QPoint,
    QRectF,
    Qt,
    QTimer,
    QVariantAnimation,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcutEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QWidget,
)

from nnsim.core.lessons import Lesson
from nnsim.gui.i18n import Retranslating, current_language, notifier
from nnsim.gui.theme import Theme

if TYPE_CHECKING:  # for the annotation only
    from nnsim.gui.lessons import TeachingDocks

__all__ = ["CaptionBar", "ClickRing", "RecordingAids", "ShortcutOverlay", "action_label"]

#: How long the shortcut overlay stays (ms).
SHORTCUT_MS = 1500
_RING_RADIUS = 18.0
_PULSE_RADIUS = 42.0
#: The ring's highlight colours (read on white and black grounds alike).
_RING_COLOR = QColor(255, 200, 0, 230)
_PULSE_COLOR = QColor(255, 120, 0)
#: Caption text size, times the theme's text size.
CAPTION_SIZE = 1.4
#: Lines the caption bar shows before its font shrinks.
CAPTION_LINES = 2
#: The smallest the caption font gets (times its normal size) to stay within two lines.
CAPTION_MIN_FACTOR = 0.6
#: Shortcut overlay text size, times the theme's text size.
SHORTCUT_SIZE = 2.0
_MIN_PT = 6.0


def _contrast(color: str, alpha: int) -> QColor:
    """The colour opposite ``color`` (black on a white ground, white on a black one)."""
    c = QColor(color)
    return QColor(255 - c.red(), 255 - c.green(), 255 - c.blue(), alpha)


def action_label(action: QAction) -> str:
    """An action's text as a viewer reads it: no mnemonic ampersand, no ellipsis."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…. ")


class _Overlay(QWidget):
    """A child widget covering the whole window, invisible to the mouse."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(window.rect())

    # The window is watched (for its size) only while the overlay shows: a filter on the
    # window runs Python for each of its events, several per frame while training.
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.parentWidget().installEventFilter(self)
        self.setGeometry(self.parentWidget().rect())
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.parentWidget().removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def bring_up(self) -> None:
        """Cover the window's content again (docks added later sit above older siblings)."""
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()


class ClickRing(_Overlay):
    """A ring around the mouse pointer that pulses outwards on each click.

    Attributes
    ----------
    pos : QPoint
        The pointer, in window coordinates.
    pulse : float
        0 when idle; runs from 1 to 0 after a click.
    clicks : int
        Clicks seen while shown (for tests and curious lecturers).
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.pos = QPoint(-100, -100)
        self.pulse = 0.0
        self.clicks = 0
        self._last_press: tuple | None = None
        self.theme = Theme()
        self.rim_color = _contrast(self.theme.background, 160)
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(1.0)
        self._anim.setEndValue(0.0)
        self._anim.setDuration(450)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._anim.valueChanged.connect(self._on_pulse)
        self.hide()
        self.apply_theme(self.theme)

    def apply_theme(self, theme: Theme) -> None:
        """Rim contrasting with the theme's ground; sizes at its point, widths at its line."""
        self.theme = theme
        self.rim_color = _contrast(theme.background, 160)
        self.update()

    @property
    def ring_radius(self) -> float:
        return _RING_RADIUS * self.theme.point

    @property
    def pulse_radius(self) -> float:
        return _PULSE_RADIUS * self.theme.point

    def set_enabled(self, on: bool) -> None:
        """Show the ring and start following the mouse (True), or hide it."""
        app = QApplication.instance()
        if on:
            app.installEventFilter(self)
            self.bring_up()
        else:
            app.removeEventFilter(self)
            self.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        super().eventFilter(obj, event)
        kind = event.type()
        if kind in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress) and isinstance(
            event, QMouseEvent
        ):
            window = self.parentWidget()
            local = window.mapFromGlobal(event.globalPosition().toPoint())
            if local != self.pos:
                self._repaint_around(self.pos)
                self.pos = local
                self._repaint_around(local)
            # Qt hands one press to the widget and then to each parent that ignores it
            # (and the app filter sees every hand-over): count it once.
            key = (event.timestamp(), event.globalPosition().toPoint(), event.button())
            if kind == QEvent.Type.MouseButtonPress and key != self._last_press:
                self._last_press = key
                self.clicks += 1
                self.raise_()
                self._anim.stop()
                self._anim.start()
        return False

    def _on_pulse(self, value: float) -> None:
        self.pulse = float(value)
        self._repaint_around(self.pos)

    def _repaint_around(self, p: QPoint) -> None:
        r = math.ceil(self.pulse_radius + 6 * self.theme.line)
        self.update(p.x() - r, p.y() - r, 2 * r, 2 * r)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        center = self.pos.toPointF()
        line = self.theme.line
        ring, pulse_radius = self.ring_radius, self.pulse_radius
        # Yellow with a rim in the ground's opposite reads on every plot and theme.
        p.setPen(QPen(self.rim_color, 5 * line))
        p.drawEllipse(center, ring, ring)
        p.setPen(QPen(_RING_COLOR, 3 * line))
        p.drawEllipse(center, ring, ring)
        if self.pulse > 0:
            radius = ring + (pulse_radius - ring) * (1.0 - self.pulse)
            pulse = QColor(_PULSE_COLOR)
            pulse.setAlpha(int(255 * self.pulse))
            p.setPen(QPen(pulse, 4 * line))
            p.drawEllipse(center, radius, radius)
        p.end()


class ShortcutOverlay(_Overlay):
    """The shortcut just used ("Space — Play") at the bottom of the window for :data:`SHORTCUT_MS`.

    Attributes
    ----------
    text : str
        The last shortcut shown ("" before the first).
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.text = ""
        #: A widget the text must not cover (the caption bar).
        self.avoid: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._enabled = False
        self.hide()
        self.apply_theme(Theme())

    def apply_theme(self, theme: Theme) -> None:
        """Colours from ``theme`` and text at its scale.

        On a light ground a near-black box (the theme's text colour, darkened) with
        text in the ground's colour; on a dark ground a slab of the theme's surface
        colour, outlined and lettered in its text colour.
        """
        self.theme = theme
        if theme.dark:
            self.box_color = QColor(theme.surface)
            self.box_color.setAlpha(235)
            self.border_color: QColor | None = QColor(theme.foreground)
            self.text_color = QColor(theme.foreground)
        else:
            self.box_color = QColor(theme.foreground).darker(300)
            self.box_color.setAlpha(215)
            self.border_color = None
            self.text_color = QColor(theme.background)
        self.update()

    def text_font(self) -> QFont:
        """The font the text is painted in: the theme's, smaller only if the text would
        not fit the window's width otherwise (never elided)."""
        font = self.theme.font(SHORTCUT_SIZE, bold=True)
        room = self.width() - 32 - 48
        while font.pointSizeF() > _MIN_PT and QFontMetricsF(font).horizontalAdvance(
            self.text
        ) > max(room, 1):
            font.setPointSizeF(max(_MIN_PT, font.pointSizeF() * 0.9))
        return font

    def painted_texts(self) -> list[str]:
        """The text as painted now (nothing while hidden)."""
        return [self.text] if self.text and self.isVisible() else []

    def set_enabled(self, on: bool) -> None:
        """Start (True) or stop showing shortcuts."""
        self._enabled = on
        app = QApplication.instance()
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
            self._timer.stop()
            self.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        super().eventFilter(obj, event)
        if (
            self._enabled
            and event.type() == QEvent.Type.Shortcut
            and isinstance(obj, QAction)
            and isinstance(event, QShortcutEvent)
            and obj.isEnabled()
        ):
            keys = event.key().toString(QKeySequence.SequenceFormat.NativeText)
            self.show_text(f"{keys} — {action_label(obj)}")
        return False

    def show_text(self, text: str) -> None:
        """Show ``text`` for :data:`SHORTCUT_MS`."""
        self.text = text
        self.bring_up()
        self.update()
        self._timer.start(SHORTCUT_MS)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self.text:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self.text_font()
        p.setFont(font)
        metrics = QFontMetricsF(font)
        room = max(1.0, self.width() - 32.0 - 48.0)
        flags = int(Qt.AlignmentFlag.AlignCenter)
        if metrics.horizontalAdvance(self.text) <= room:
            whole = p.fontMetrics()  # whole pixels, as the box always had
            w = whole.horizontalAdvance(self.text) + 48
            h = whole.height() + 24
        else:  # a window too narrow even for the smallest font: wrapped, never cut
            flags |= int(Qt.TextFlag.TextWordWrap)
            text_rect = metrics.boundingRect(QRectF(0, 0, room, 1e6), flags, self.text)
            w = text_rect.width() + 48
            h = text_rect.height() + 24
        bottom = self.height() - 60
        bar = self.avoid
        if bar is not None and bar.isVisible():
            bottom = min(bottom, bar.geometry().top() - 16)  # never over the caption
        box = QRectF((self.width() - w) / 2, bottom - h, w, h)
        if self.border_color is not None:
            p.setPen(QPen(self.border_color, 2 * self.theme.line))
        else:
            p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.box_color)
        p.drawRoundedRect(box, 12, 12)
        p.setPen(self.text_color)
        p.drawText(box, flags, self.text)
        p.end()


class CaptionBar(Retranslating, QToolBar):
    """The open lesson's caption, then its steps one at a time, under the window's content.

    The caption wraps to at most :data:`CAPTION_LINES` lines; a longer one is set in a
    smaller font (never elided, never clipped: below :data:`CAPTION_MIN_FACTOR` of the
    normal size it takes more lines instead).

    Attributes
    ----------
    lesson : Lesson or None
    index : int
        0 shows the lesson's caption; i >= 1 shows step i.
    theme : Theme
    lines : int
        Lines the caption takes now.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("caption_bar")
        self.setMovable(False)
        self.lesson: Lesson | None = None
        self.index = 0
        self.theme = Theme()
        self.lines = 1
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setProperty("_i18n_skip", True)
        self.label.setContentsMargins(12, 6, 12, 6)
        self.label.installEventFilter(self)  # its width decides the font and the lines
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        self.addWidget(holder)
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self)
        self.toggleViewAction().setVisible(False)  # toggled from Recording aids
        self.hide()
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The bar's name and the caption in the UI language."""
        self.setWindowTitle(self.tr("Caption"))
        self.refresh()

    def apply_theme(self, theme: Theme) -> None:
        """Caption text at the theme's scale; the theme's slab and text colours.

        The normal theme keeps the application's own palette (today's look); the
        high-contrast ones set the bar on the theme's surface in its text colour.
        """
        self.theme = theme
        if theme.key == "normal":
            self.setPalette(QPalette())  # nothing of its own: the application palette
        else:
            pal = QPalette()
            for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Button):
                pal.setColor(role, QColor(theme.surface))
            for role in (
                QPalette.ColorRole.WindowText,
                QPalette.ColorRole.Text,
                QPalette.ColorRole.ButtonText,
            ):
                pal.setColor(role, QColor(theme.foreground))
            self.setPalette(pal)
        self.setAutoFillBackground(theme.key != "normal")
        self._fit()

    def caption_font(self) -> QFont:
        """The caption's font at the theme's scale, before any shrinking to fit."""
        return self.theme.font(CAPTION_SIZE)

    def _fit(self) -> None:
        """Pick the font that keeps the caption within two lines of the label's width,
        and make the label exactly as tall as the caption's lines (nothing clipped)."""
        font = self.caption_font()
        text = self.label.text()
        margins = self.label.contentsMargins()
        width = self.label.width() - margins.left() - margins.right()
        flags = int(Qt.TextFlag.TextWordWrap)
        if self.isVisible() and width > 0 and text:
            floor = max(_MIN_PT, font.pointSizeF() * CAPTION_MIN_FACTOR)
            while True:
                metrics = QFontMetricsF(font)
                rect = metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text)
                lines = max(1, round(rect.height() / metrics.lineSpacing()))
                fits = lines <= CAPTION_LINES and rect.width() <= width
                if fits or font.pointSizeF() <= floor:
                    break
                font.setPointSizeF(max(floor, font.pointSizeF() * 0.93))
            height = rect.height()
        else:
            metrics = QFontMetricsF(font)
            lines, height = 1, metrics.height()
        self.lines = lines
        if self.label.font() != font:
            self.label.setFont(font)
        # Exactly the caption's lines: a word-wrapped label would otherwise ask for the
        # height of its own guess at a width (the tool bar does no height-for-width).
        needed = math.ceil(height) + margins.top() + margins.bottom()
        if self.label.minimumHeight() != needed or self.label.maximumHeight() != needed:
            self.label.setFixedHeight(needed)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.label and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fit()
        return False

    @property
    def text(self) -> str:
        """The caption shown now."""
        return self.label.text()

    def set_lesson(self, lesson: Lesson | None) -> None:
        """Show ``lesson``'s caption (step 0)."""
        self.lesson = lesson
        self.index = 0
        self.refresh()

    def step(self, delta: int) -> None:
        """Move ``delta`` steps forward (or back), staying within the lesson."""
        if self.lesson is None:
            return
        self.index = max(0, min(len(self.lesson.steps), self.index + delta))
        self.refresh()

    def refresh(self) -> None:
        """Show the current caption in the UI language."""
        lesson, lang = self.lesson, current_language()
        if lesson is None:
            self.label.setText(self.tr("Open a lesson to see its captions here."))
        elif self.index == 0:
            # The lesson's own texts, in the UI language (a lesson carries both).
            self.label.setText(f"{lesson.title_in(lang)} — {lesson.caption_in(lang)}")
        else:
            n = len(lesson.steps)
            self.label.setText(f"{self.index}/{n}  {lesson.steps[self.index - 1].text(lang)}")
        self._fit()


class RecordingAids(QObject):
    """The three recording aids of a window and their View > Recording aids entries.

    Its texts follow the UI language (:meth:`retranslate_ui` on
    ``nnsim.gui.i18n.notifier().language_changed``); :meth:`apply_theme` styles the
    aids.

    Parameters
    ----------
    window : QMainWindow
        The main window the aids draw over.
    view_menu : QMenu
    teaching : TeachingDocks, optional
        The lessons: the caption bar follows the lesson shown last.
    """

    def __init__(
        self, window: QMainWindow, view_menu: QMenu, teaching: TeachingDocks | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.theme = Theme()
        self.ring = ClickRing(window)
        self.shortcuts = ShortcutOverlay(window)
        self.captions = CaptionBar(window)
        self.shortcuts.avoid = self.captions
        self.menu = view_menu.addMenu("")

        def toggle(text: str, slot, shortcut: str | None = None) -> QAction:
            a = QAction(text, window)
            a.setCheckable(True)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.toggled.connect(slot)
            window.addAction(a)
            self.menu.addAction(a)
            return a

        # Texts: retranslate_ui.
        self.ring_action = toggle("", self.ring.set_enabled, "Ctrl+Shift+M")
        self.shortcut_action = toggle("", self.shortcuts.set_enabled, "Ctrl+Shift+K")
        self.caption_action = toggle("", self.captions.setVisible, "Ctrl+Shift+L")
        self.menu.addSeparator()
        self.next_action = QAction(window)
        self.next_action.setShortcut(QKeySequence(Qt.Key.Key_PageDown))
        self.prev_action = QAction(window)
        self.prev_action.setShortcut(QKeySequence(Qt.Key.Key_PageUp))
        for a, delta in ((self.next_action, 1), (self.prev_action, -1)):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.setEnabled(False)  # only while the caption bar is shown: lists keep Page keys
            a.triggered.connect(lambda _on=False, d=delta: self.captions.step(d))
            window.addAction(a)
            self.menu.addAction(a)
        self.caption_action.toggled.connect(self.next_action.setEnabled)
        self.caption_action.toggled.connect(self.prev_action.setEnabled)

        if teaching is not None:
            teaching.lesson_shown.connect(self.captions.set_lesson)
            self.captions.set_lesson(teaching.lesson)
        else:
            self.captions.refresh()
        self.retranslate_ui()
        notifier().language_changed.connect(self.retranslate_ui)

    def retranslate_ui(self, _lang: str = "") -> None:
        """Set the menu's and the actions' texts in the UI language."""
        self.menu.setTitle(self.tr("&Recording aids"))
        self.ring_action.setText(self.tr("Mouse &ring"))
        self.shortcut_action.setText(self.tr("Show &shortcuts"))
        self.caption_action.setText(self.tr("Lesson &captions"))
        self.next_action.setText(self.tr("&Next caption"))
        self.prev_action.setText(self.tr("&Previous caption"))

    def apply_theme(self, theme: Theme) -> None:
        """Style the caption bar, the shortcut overlay and the mouse ring with ``theme``."""
        self.theme = theme
        self.ring.apply_theme(theme)
        self.shortcuts.apply_theme(theme)
        self.captions.apply_theme(theme)

    def painted_texts(self) -> list[str]:
        """Texts the aids paint themselves now (the shortcut overlay's)."""
        return self.shortcuts.painted_texts()
