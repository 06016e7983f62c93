"""The lesson browser, and the names and titles of the views a lesson can show.

:data:`TEACHING_VIEWS` is the registry of teaching views (dock key -> title and
factory) that :class:`nnsim.gui.lessons.TeachingDocks` builds its docks from;
:class:`LessonPanel` lists the shipped lessons and shows the chosen one
(:func:`lesson_html`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.activations import ACTIVATIONS
from nnsim.core.lessons import ACTIONS, VIEWS, Lesson
from nnsim.gui.i18n import Retranslating, current_language, install_language, localize
from nnsim.gui.theme import Theme
from nnsim.gui.views.activation_view import ActivationView
from nnsim.gui.views.collapse_view import CollapseView, CompositionLab
from nnsim.gui.views.gradient_bars import GradientBars
from nnsim.gui.views.walkthrough_view import WalkthroughView
from nnsim.gui.views.weights_view import WeightsView
from nnsim.gui.widgets import FlowLayout
from nnsim.storage import LoadError, list_lessons

__all__ = [
    "LESSON_VIEW_DOCKS",
    "OTHER_VIEW_TITLES",
    "TEACHING_VIEWS",
    "LessonPanel",
    "ViewInfo",
    "lesson_html",
    "view_title",
]


@dataclass(frozen=True)
class ViewInfo:
    """A teaching view's dock title (a translatable source text) and its factory."""

    title: str
    make: Callable[[], QWidget]


#: The teaching views, dock key (= lesson view name) -> title (context "TeachingDocks")
#: and factory.
TEACHING_VIEWS: dict[str, ViewInfo] = {
    "gradient_bars": ViewInfo(QT_TRANSLATE_NOOP("TeachingDocks", "Gradient bars"), GradientBars),
    "activation": ViewInfo(QT_TRANSLATE_NOOP("TeachingDocks", "Activation"), ActivationView),
    "collapse": ViewInfo(QT_TRANSLATE_NOOP("TeachingDocks", "Linear collapse"), CollapseView),
    "composition": ViewInfo(QT_TRANSLATE_NOOP("TeachingDocks", "Composition lab"), CompositionLab),
    "weights": ViewInfo(QT_TRANSLATE_NOOP("TeachingDocks", "Weight matrix"), WeightsView),
    "walkthrough": ViewInfo(QT_TRANSLATE_NOOP("TeachingDocks", "Walkthrough"), WalkthroughView),
}

#: Lesson view names served by the main window's own docks, -> their ``main_docks`` key.
LESSON_VIEW_DOCKS = {
    "output": "output",
    "loss": "loss",
    "gradients": "gradient",
    "inspector": "inspector",
}

#: Titles of the lesson views that are not teaching docks (as the window names them).
OTHER_VIEW_TITLES = {
    "network": QT_TRANSLATE_NOOP("TeachingDocks", "Network"),
    "output": QT_TRANSLATE_NOOP("TeachingDocks", "Output"),
    "loss": QT_TRANSLATE_NOOP("TeachingDocks", "Loss"),
    "gradients": QT_TRANSLATE_NOOP("TeachingDocks", "Per-layer statistics"),
    "inspector": QT_TRANSLATE_NOOP("TeachingDocks", "Neuron inspector"),
}



def view_title(name: str) -> str:
    """A lesson view's name as the UI shows it (its dock's title, translated)."""
    if name in TEACHING_VIEWS:
        return QCoreApplication.translate("TeachingDocks", TEACHING_VIEWS[name].title)
    if name in OTHER_VIEW_TITLES:
        return QCoreApplication.translate("TeachingDocks", OTHER_VIEW_TITLES[name])
    return name


def lesson_html(lesson: Lesson, lang: str | None = None) -> str:
    """The lesson as the panel shows it: title, caption, views, steps and run B.

    The lesson's own texts are in ``lang`` (the UI language by default); the panel's
    words come from the translations of the UI language.
    """
    lang = lang or current_language()

    translate = QCoreApplication.translate
    esc = html.escape
    out = [
        f"<h3>{lesson.order}. {esc(lesson.title_in(lang))}</h3>",
        f"<p>{esc(lesson.caption_in(lang))}</p>",
    ]
    shown = [v for v in lesson.views if v in VIEWS]
    out.append(
        "<p><b>"
        + esc(translate("LessonPanel", "Views:"))
        + "</b> "
        + ", ".join(esc(view_title(v)) for v in shown)
        + "</p>"
    )
    out.append("<p><b>" + esc(translate("LessonPanel", "What to click")) + "</b></p><ol>")
    for step in lesson.steps:
        what = localize(ACTIONS[step.action].description) if step.action in ACTIONS else step.action
        out.append(f"<li>{esc(step.text(lang))} <span style='color:#777'>({esc(what)})</span></li>")
    out.append("</ol>")
    if lesson.compare is not None:
        b = lesson.compare
        arch = "-".join(str(s) for s in b.layer_sizes)
        acts = ", ".join(sorted({localize(ACTIVATIONS[h.activation].label) for h in b.hidden}))
        if not acts:
            acts = translate("LessonPanel", "no hidden layers")
        out.append(
            "<p><b>"
            + esc(translate("LessonPanel", "Run B"))
            + "</b> "
            + esc(
                translate(
                    "LessonPanel",
                    "(for comparison): {arch}, {activations}, seed {seed}. "
                    "“Compare with run B” trains it beside this network, step for step, "
                    "in the Compare A/B window.",
                ).format(
                    arch=arch,
                    activations=acts,
                    seed=b.seed,
                )
            )
            + "</p>"
        )
    return "\n".join(out)


class LessonPanel(Retranslating, QWidget):
    """The Lessons dock: the list, the selected lesson's text, and the buttons.

    Lessons are shown in the UI language (View > Language).

    Signals
    -------
    open_requested(object)
        The user asked to open a :class:`~nnsim.core.lessons.Lesson`.
    compare_requested(object)
        The user asked to train the lesson's run B beside it (its Experiment).

    Attributes
    ----------
    lessons : list of Lesson
        The shipped lessons, in order (empty if one of them is broken: the panel then
        says why).
    """

    open_requested = Signal(object)
    compare_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.current: str | None = None
        self.error: object = ""
        try:
            self.lessons: list[Lesson] = list_lessons()
        except LoadError as exc:
            self.lessons = []
            self.error = getattr(exc, "message", None) or str(exc)

        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._on_open)
        self.compare_button = QPushButton()
        self.compare_button.clicked.connect(self._on_compare)
        # The buttons wrap onto two lines in a narrow column rather than being clipped.
        top = FlowLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(self.open_button)
        top.addWidget(self.compare_button)

        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        # Titles wrap instead of scrolling sideways.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemActivated.connect(lambda _item: self._on_open())
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.splitter = split
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setVisible(bool(self.error))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.retranslate_ui()

    @property
    def language(self) -> str:
        """The language the lessons are shown in (the UI's)."""
        return current_language()

    def retranslate_ui(self) -> None:
        """Buttons, titles, captions and steps in the UI language."""
        self.open_button.setText(self.tr("Open lesson"))
        self.open_button.setToolTip(self.tr("Open the selected lesson (undo with Ctrl+Z)"))
        self.compare_button.setText(self.tr("Compare with run B"))
        self.compare_button.setToolTip(
            self.tr("Train the lesson's run B beside this network in the Compare A/B window")
        )
        if self.error:
            self.status.setText(
                self.tr("The lessons could not be loaded: {0}").format(localize(self.error))
            )
        self._fill()

    def apply_theme(self, theme: Theme) -> None:
        """Text follows the application font and palette; the list's rows re-wrap."""
        self.theme = theme
        self._fill()

    # -- public API ------------------------------------------------------------------
    def lesson(self, name: str) -> Lesson | None:
        """The listed lesson called ``name``."""
        return next((le for le in self.lessons if le.name == name), None)

    def selected(self) -> Lesson | None:
        """The lesson selected in the list."""
        row = self.list.currentRow()
        return self.lessons[row] if 0 <= row < len(self.lessons) else None

    def select(self, name: str) -> bool:
        """Select the lesson called ``name`` in the list; False if there is none."""
        for row, le in enumerate(self.lessons):
            if le.name == name:
                self.list.setCurrentRow(row)
                return True
        return False

    def set_current(self, lesson: Lesson | None) -> None:
        """Mark ``lesson`` as the open one (bold in the list) and show its text."""
        self.current = lesson.name if lesson is not None else None
        self._fill()
        if lesson is not None:
            if not self.select(lesson.name):
                self.text.setHtml(lesson_html(lesson))
                self.compare_button.setEnabled(lesson.compare is not None)

    def set_language(self, lang: str) -> None:
        """Show the whole UI, lessons included, in ``lang`` ("en" or "ko")."""
        install_language(lang)

    # -- internals ---------------------------------------------------------------------
    def _fill(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for le in self.lessons:
                item = QListWidgetItem(f"{le.order}. {le.title_in(self.language)}")
                item.setToolTip(le.caption_in(self.language))
                if le.name == self.current:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.list.addItem(item)
            if self.lessons:
                self.list.setCurrentRow(max(0, row))
        finally:
            self.list.blockSignals(False)
        self._on_row(self.list.currentRow())

    def _on_row(self, row: int) -> None:
        lesson = self.lessons[row] if 0 <= row < len(self.lessons) else None
        self.open_button.setEnabled(lesson is not None)
        self.compare_button.setEnabled(lesson is not None and lesson.compare is not None)
        self.text.setHtml("" if lesson is None else lesson_html(lesson))

    def _on_open(self) -> None:
        lesson = self.selected()
        if lesson is not None:
            self.open_requested.emit(lesson)

    def _on_compare(self) -> None:
        lesson = self.selected()
        if lesson is not None and lesson.compare is not None:
            if lesson.name != self.current:
                self.open_requested.emit(lesson)  # B is compared with this lesson's A
            self.compare_requested.emit(lesson.compare)
