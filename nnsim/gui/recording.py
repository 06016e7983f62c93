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
  in the UI language.
"""

from __future__ import annotations

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
    QHideEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
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
from nnsim.gui.i18n import current_language, tr

__all__ = ["CaptionBar", "ClickRing", "RecordingAids", "ShortcutOverlay", "action_label"]

#: How long the shortcut overlay stays (ms).
SHORTCUT_MS = 1500
_RING_RADIUS = 18.0
_PULSE_RADIUS = 42.0


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
    # window runs Python for each of its events, several per frame while training, and
    # each such call has to win the GIL from the training thread.
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
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(1.0)
        self._anim.setEndValue(0.0)
        self._anim.setDuration(450)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._anim.valueChanged.connect(self._on_pulse)
        self.hide()

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
        r = int(_PULSE_RADIUS) + 6
        self.update(p.x() - r, p.y() - r, 2 * r, 2 * r)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        center = self.pos.toPointF()
        # Yellow with a dark rim reads on white plots and on the dark theme alike.
        p.setPen(QPen(QColor(0, 0, 0, 160), 5))
        p.drawEllipse(center, _RING_RADIUS, _RING_RADIUS)
        p.setPen(QPen(QColor(255, 200, 0, 230), 3))
        p.drawEllipse(center, _RING_RADIUS, _RING_RADIUS)
        if self.pulse > 0:
            radius = _RING_RADIUS + (_PULSE_RADIUS - _RING_RADIUS) * (1.0 - self.pulse)
            p.setPen(QPen(QColor(255, 120, 0, int(255 * self.pulse)), 4))
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
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        p.setFont(font)
        metrics = p.fontMetrics()
        w = metrics.horizontalAdvance(self.text) + 48
        h = metrics.height() + 24
        bottom = self.height() - 60
        bar = self.avoid
        if bar is not None and bar.isVisible():
            bottom = min(bottom, bar.geometry().top() - 16)  # never over the caption
        box = QRectF((self.width() - w) / 2, bottom - h, w, h)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(20, 20, 20, 215))
        p.drawRoundedRect(box, 12, 12)
        p.setPen(QColor(255, 255, 255))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text)
        p.end()


class CaptionBar(QToolBar):
    """The open lesson's caption, then its steps one at a time, under the window's content.

    Attributes
    ----------
    lesson : Lesson or None
    index : int
        0 shows the lesson's caption; i >= 1 shows step i.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__("Caption", window)
        self.setObjectName("caption_bar")
        self.setMovable(False)
        self.lesson: Lesson | None = None
        self.index = 0
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setProperty("_i18n_skip", True)
        font = QFont(self.label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.label.setFont(font)
        self.label.setContentsMargins(12, 6, 12, 6)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        self.addWidget(holder)
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self)
        self.toggleViewAction().setVisible(False)  # toggled from Recording aids
        self.hide()

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
            self.label.setText(tr("Open a lesson to see its captions here."))
        elif self.index == 0:
            self.label.setText(f"{lesson.title_in(lang)} — {lesson.caption_in(lang)}")
        else:
            n = len(lesson.steps)
            self.label.setText(f"{self.index}/{n}  {lesson.steps[self.index - 1].text(lang)}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()


class RecordingAids(QObject):
    """The three recording aids of a window and their View > Recording aids entries.

    Parameters
    ----------
    window : QMainWindow
        The main window; if it has ``teaching`` (:class:`~nnsim.gui.lessons.TeachingDocks`)
        with a ``lesson_shown`` signal, the caption bar follows the opened lesson.
    view_menu : QMenu
    """

    def __init__(self, window: QMainWindow, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.ring = ClickRing(window)
        self.shortcuts = ShortcutOverlay(window)
        self.captions = CaptionBar(window)
        self.shortcuts.avoid = self.captions
        self.menu = view_menu.addMenu("&Recording aids")

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

        self.ring_action = toggle("Mouse &ring", self.ring.set_enabled, "Ctrl+Shift+M")
        self.shortcut_action = toggle("Show &shortcuts", self.shortcuts.set_enabled, "Ctrl+Shift+K")
        self.caption_action = toggle("Lesson &captions", self.captions.setVisible, "Ctrl+Shift+L")
        self.menu.addSeparator()
        self.next_action = QAction("&Next caption", window)
        self.next_action.setShortcut(QKeySequence(Qt.Key.Key_PageDown))
        self.prev_action = QAction("&Previous caption", window)
        self.prev_action.setShortcut(QKeySequence(Qt.Key.Key_PageUp))
        for a, delta in ((self.next_action, 1), (self.prev_action, -1)):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.setEnabled(False)  # only while the caption bar is shown: lists keep Page keys
            a.triggered.connect(lambda _on=False, d=delta: self.captions.step(d))
            window.addAction(a)
            self.menu.addAction(a)
        self.caption_action.toggled.connect(self.next_action.setEnabled)
        self.caption_action.toggled.connect(self.prev_action.setEnabled)

        teaching = getattr(window, "teaching", None)
        if teaching is not None:
            shown = getattr(teaching, "lesson_shown", None)
            if shown is not None:
                shown.connect(self.captions.set_lesson)
            self.captions.set_lesson(getattr(teaching, "lesson", None))
        else:
            self.captions.refresh()
