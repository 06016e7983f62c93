"""The training tool bar: Play, Step, Epoch, Reset, the lecture pace and the counters.

The pace is part of the document (``Experiment.pace``): moving the slider is an undoable
edit, and an experiment that brings its own pace (undo, a lesson, a file) puts the
slider there without one (:meth:`TrainingToolBar.show_pace`). The counters and the
pace label are sized once for their widest text, so new numbers never relayout the bar.

Its texts are the main window's (translation context "MainWindow").
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPixmap,
)
from PySide6.QtWidgets import QLabel, QSlider, QToolBar

from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.pace import DEFAULT_PACE, PACES
from nnsim.gui.app_context import AppContext
from nnsim.gui.commands import SetExperimentCommand, field_id
from nnsim.gui.i18n import localize, translate
from nnsim.gui.theme import Theme

__all__ = [
    "COUNTER_TEMPLATE",
    "SPEEDS",
    "TrainingToolBar",
    "fix_label_size",
    "fixed_label",
    "media_icon",
]

#: Speed slider positions: lecture pace names (:data:`nnsim.core.pace.PACES`), slowest
#: first; the last is "max".
SPEEDS: tuple[str, ...] = tuple(PACES)
#: The widest number a counter shows.
COUNTER_TEMPLATE = "000,000,000"


def fix_label_size(label: QLabel, template: str) -> None:
    """Size ``label`` once for its widest text (``template``) in its current font.

    Its size never changes with its text, so updating it every frame does not make
    Qt relayout the toolbar or status bar around it.
    """
    metrics = QFontMetrics(label.font())
    label.setFixedSize(metrics.horizontalAdvance(template) + 14, metrics.height() + 4)


def fixed_label(template: str, font: QFont) -> QLabel:
    """A plain-text label exactly as wide as ``template`` in ``font``."""
    label = QLabel()
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setContentsMargins(6, 0, 6, 0)
    fix_label_size(label, template)
    return label


def media_icon(kind: str, color: QColor, size: int = 48) -> QIcon:
    """A tool-bar icon drawn in ``color``: "play", "pause", "step", "epoch", "reset",
    "record" (a disc) or "stop" (a square).

    Drawn here rather than taken from the platform style, whose media icons are fixed
    dark glyphs that vanish on the dark theme.
    """
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    s = float(size)

    def triangle(x0: float, x1: float) -> None:
        path = QPainterPath(QPointF(x0, s * 0.18))
        path.lineTo(QPointF(x1, s * 0.5))
        path.lineTo(QPointF(x0, s * 0.82))
        path.closeSubpath()
        p.drawPath(path)

    if kind == "play":
        triangle(s * 0.22, s * 0.84)
    elif kind == "pause":
        p.drawRect(int(s * 0.22), int(s * 0.18), int(s * 0.2), int(s * 0.64))
        p.drawRect(int(s * 0.58), int(s * 0.18), int(s * 0.2), int(s * 0.64))
    elif kind == "step":
        triangle(s * 0.16, s * 0.66)
        p.drawRect(int(s * 0.7), int(s * 0.18), int(s * 0.12), int(s * 0.64))
    elif kind == "epoch":
        triangle(s * 0.08, s * 0.46)
        triangle(s * 0.42, s * 0.80)
        p.drawRect(int(s * 0.82), int(s * 0.18), int(s * 0.1), int(s * 0.64))
    elif kind == "record":
        p.drawEllipse(QPointF(s * 0.5, s * 0.5), s * 0.3, s * 0.3)
    elif kind == "stop":
        p.drawRect(int(s * 0.24), int(s * 0.24), int(s * 0.52), int(s * 0.52))
    elif kind == "reset":
        pen = p.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(color)
        pen.setWidthF(s * 0.11)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        m = s * 0.2
        p.drawArc(int(m), int(m), int(s - 2 * m), int(s - 2 * m), 100 * 16, 290 * 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        tip = QPainterPath(QPointF(s * 0.5, s * 0.04))
        tip.lineTo(QPointF(s * 0.72, s * 0.2))
        tip.lineTo(QPointF(s * 0.5, s * 0.36))
        tip.closeSubpath()
        p.drawPath(tip)
    p.end()
    return QIcon(pix)


class TrainingToolBar(QToolBar):
    """Play, Step, Epoch, Reset, the pace slider with Max speed, and the counters.

    Parameters
    ----------
    context : AppContext
        The controller the pace goes to, and the document and stack it is saved in.
    play, step, epoch, reset, max_speed : QAction
        The window's training actions (they are in the Training menu too).

    Attributes
    ----------
    speed_slider : QSlider
        One position per :data:`SPEEDS` entry.
    speed_label, epoch_label, step_label : QLabel
    speed_caption, epoch_caption, step_caption : QLabel
    """

    def __init__(
        self,
        context: AppContext,
        play: QAction,
        step: QAction,
        epoch: QAction,
        reset: QAction,
        max_speed: QAction,
    ) -> None:
        super().__init__()
        self._context = context
        self.play_action, self.step_action = play, step
        self.epoch_action, self.reset_action = epoch, reset
        self.max_speed_action = max_speed
        self._playing = False
        self._icons: dict[str, QIcon] | None = None
        self._pace_before_max = DEFAULT_PACE
        self.setObjectName("training_toolbar")
        self.setIconSize(QSize(22, 22))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (play, step, epoch, reset):
            self.addAction(action)
        self.addSeparator()
        self.speed_caption = QLabel()
        self.speed_caption.setContentsMargins(6, 0, 4, 0)
        self.addWidget(self.speed_caption)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setFixedWidth(120)
        self.speed_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows stay Step
        self.speed_label = QLabel()
        self.speed_label.setTextFormat(Qt.TextFormat.PlainText)
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        self.addWidget(self.speed_slider)
        self.addWidget(self.speed_label)
        self.addAction(max_speed)
        self.addSeparator()
        self.epoch_caption = QLabel()
        self.step_caption = QLabel()
        self.epoch_label = fixed_label(COUNTER_TEMPLATE, self.font())
        self.step_label = fixed_label(COUNTER_TEMPLATE, self.font())
        for caption, label in (
            (self.epoch_caption, self.epoch_label),
            (self.step_caption, self.step_label),
        ):
            caption.setContentsMargins(12, 0, 4, 0)
            self.addWidget(caption)
            self.addWidget(label)
        self.show_counters(0, 0)

    def add_record_action(self, action: QAction) -> None:
        """The clip record button at the bar's end: its icon only (the tool tip has the
        words), so it costs the crowded 720p bar one icon's width."""
        self.addSeparator()
        self.addAction(action)
        button = self.widgetForAction(action)
        if button is not None:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    # ------------------------------------------------------------------ texts, look
    def retranslate_ui(self) -> None:
        """The captions, the pace label and the Play button in the UI language."""
        self.show_play_state(self._playing)
        self.setWindowTitle(translate("MainWindow", "Training"))
        self.speed_caption.setText(translate("MainWindow", "Speed"))
        self.speed_slider.setToolTip(
            translate("MainWindow", "How much training one display frame shows")
        )
        # The counters' captions are nouns ("Epoch 12"), not the buttons' verbs.
        self.epoch_caption.setText(translate("MainWindow", "Epoch", "counter"))
        self.step_caption.setText(translate("MainWindow", "Step", "counter"))
        self.fit_speed_label()

    def apply_theme(self, theme: Theme) -> None:
        """Icons in the theme's colour, counters and slider at its text scale."""
        fg = theme.color("foreground")
        self._icons = {k: media_icon(k, fg) for k in ("play", "pause", "step", "epoch", "reset")}
        self.step_action.setIcon(self._icons["step"])
        self.epoch_action.setIcon(self._icons["epoch"])
        self.reset_action.setIcon(self._icons["reset"])
        self.show_play_state(self._playing)
        icon = round(22 * min(theme.scale, 1.8))
        self.setIconSize(QSize(icon, icon))
        # Presenting, the buttons other than Play show their icon only (tool tips keep
        # the words), so the counters fit a 720p tool bar at large text.
        for action in (self.step_action, self.epoch_action, self.reset_action):
            button = self.widgetForAction(action)
            if button is not None:
                button.setToolButtonStyle(
                    Qt.ToolButtonStyle.ToolButtonIconOnly
                    if theme.presenting
                    else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                )
        big = theme.font(1.35, bold=True)
        for label in (self.epoch_label, self.step_label):
            label.setFont(big)
            fix_label_size(label, COUNTER_TEMPLATE)
        for caption in (self.epoch_caption, self.step_caption):
            caption.setFont(theme.font(1.35))
        self.speed_slider.setFixedWidth(round(120 * min(theme.scale, 1.6)))
        self.speed_label.setFont(theme.font())
        self.fit_speed_label()

    def show_play_state(self, playing: bool) -> None:
        """Play or Pause on the play button (text and icon)."""
        self._playing = playing
        text = translate("MainWindow", "Pause") if playing else translate("MainWindow", "Play")
        self.play_action.setText(text)
        self.play_action.setIconText(text)
        self.play_action.setToolTip(translate("MainWindow", "Start or pause training (Space)"))
        if self._icons is not None:
            self.play_action.setIcon(self._icons["pause" if playing else "play"])

    def show_counters(self, step: int, epoch: int) -> None:
        """The big epoch and step counters."""
        self.epoch_label.setText(f"{epoch:07,}")
        self.step_label.setText(f"{step:,}")

    # ------------------------------------------------------------------ lecture pace
    def show_pace(self, pace: str) -> None:
        """Put the speed control on ``pace`` (a :data:`SPEEDS` name) without an edit."""
        if pace not in SPEEDS:
            pace = DEFAULT_PACE
        self.speed_slider.blockSignals(True)
        self.speed_slider.setValue(SPEEDS.index(pace))
        self.speed_slider.blockSignals(False)
        self._on_speed_changed(self.speed_slider.value(), edit=False)

    def fit_speed_label(self) -> None:
        """Size the pace label for its widest text in the current font and language.

        Done when those change, so moving the slider never relayouts the tool bar.
        """
        fm = QFontMetrics(self.speed_label.font())
        widest = max(fm.horizontalAdvance(localize(p.label)) for p in PACES.values())
        self.speed_label.setFixedWidth(widest + 12)
        self.speed_label.setText(localize(PACES[SPEEDS[self.speed_slider.value()]].label))

    def _on_speed_changed(self, position: int, edit: bool = True) -> None:
        pace = SPEEDS[position]
        self.speed_label.setText(localize(PACES[pace].label))
        self.max_speed_action.setChecked(PACES[pace].is_max)
        ctx = self._context
        ctx.controller.set_speed(pace)
        exp = ctx.model.experiment
        if edit and exp.pace != pace:
            # The pace is saved with the experiment: one undo step per slider gesture.
            ctx.undo_stack.push(
                SetExperimentCommand(
                    ctx.model,
                    replace(exp, pace=pace),
                    QT_TRANSLATE_NOOP("MainWindow", "Speed"),
                    merge_id=field_id("pace"),
                )
            )

    def toggle_max_speed(self) -> None:
        """Max speed in one key (M) or click; again goes back to the lecture pace."""
        if PACES[SPEEDS[self.speed_slider.value()]].is_max:
            self.speed_slider.setValue(SPEEDS.index(self._pace_before_max))
        else:
            self._pace_before_max = SPEEDS[self.speed_slider.value()]
            self.speed_slider.setValue(len(SPEEDS) - 1)
        self.max_speed_action.setChecked(PACES[SPEEDS[self.speed_slider.value()]].is_max)
