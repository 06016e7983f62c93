"""Presentation mode for lectures and screen recordings, and Help > Keyboard shortcuts.

:class:`PresentationController` adds to the main window's View menu:

* **Presentation mode** (F5): the *stage layout* (the network canvas and the output map
  fill the screen; the data and hyper-parameter panels fold away behind one toggle,
  F6) with larger text (scale 1.0-2.5), thicker curves and larger points, in the
  high-contrast light theme unless another one was chosen. Leaving it restores the
  layout, the text size and the window's size.
* **Theme**: normal, high-contrast light, high-contrast dark.
* **Window size** presets 1280x720 and 1920x1080 (the client area, exactly what a
  720p/1080p recording captures) and **Full screen** (F11).

The controller only decides *which* :class:`~nnsim.gui.theme.Theme` is current: it sets
the application palette and font and hands the theme to the window's ``apply_theme``,
which hands it to every view; each view styles its own items.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLayout,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from nnsim.gui.i18n import Retranslating, notifier, strip_mnemonic
from nnsim.gui.theme import THEME_NAMES, Theme, palette, theme

__all__ = [
    "DEFAULT_PRESENT_SCALE",
    "SCALES",
    "THEMES",
    "WINDOW_PRESETS",
    "PresentationController",
    "ShortcutsDialog",
    "shortcut_rows",
]

#: Font scales offered in View > Text size.
SCALES: tuple[float, ...] = (1.0, 1.3, 1.6, 2.0, 2.5)
#: The scale presentation mode starts with on a screen of 900 px or more; a 720p
#: window starts at :data:`SMALL_PRESENT_SCALE` so the stage still fits.
DEFAULT_PRESENT_SCALE = 1.6
SMALL_PRESENT_SCALE = 1.3
#: Window-size presets (client area): a 720p and a 1080p recording.
WINDOW_PRESETS: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080))
#: Theme keys, in menu order (their names: :data:`nnsim.gui.theme.THEME_NAMES`).
THEMES: tuple[str, ...] = tuple(THEME_NAMES)
#: Widget classes whose platform theme may give them a font of their own (dock titles
#: are drawn in "QDockWidgetTitle"'s, not the dock's): scaled with the application font.
_CLASS_FONTS: tuple[str, ...] = (
    "QDockWidgetTitle",
    "QMenu",
    "QMenuBar",
    "QTipLabel",
    "QHeaderView",
    "QMessageBoxLabel",
    "QToolButton",
    "QStatusBar",
)
#: Docks the stage layout folds away (the F6 toggle brings them back).
_SIDE_DOCKS: tuple[str, ...] = ("data", "hyper")


@dataclass
class _Saved:
    """What presentation mode changed, to put back on exit."""

    state: QByteArray
    size: QSize
    full_screen: bool
    theme: str


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """Every keyboard shortcut of ``window``: (action, shortcut keys, tool tip).

    Read from the window's actions each time, so the list cannot go stale: an action
    added by any part of the program appears with the shortcut it really has.
    """
    actions: dict[int, QAction] = {}
    for a in list(window.actions()) + window.findChildren(QAction):
        actions.setdefault(id(a), a)
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for a in actions.values():
        keys = [s for s in a.shortcuts() if not s.isEmpty()]
        if not keys or a.isSeparator():
            continue
        name = strip_mnemonic(a.text()).rstrip("…. ")
        shortcut = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        if (name, shortcut) in seen:
            continue
        seen.add((name, shortcut))
        # Qt's default tool tip is the text without "&", which leaves a Korean "(M)".
        tip = a.toolTip()
        if re.sub(r"\(\w\)$", "", strip_mnemonic(tip)) == name or tip in (a.text(), name):
            tip = ""
        rows.append((name, shortcut, tip))
    rows.sort(key=lambda r: r[0].lower())
    return rows


class ShortcutsDialog(Retranslating, QDialog):
    """Help > Keyboard shortcuts: a table of :func:`shortcut_rows`."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.table = QTableWidget(0, 3, self)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Title, headers and the rows (the actions' texts) in the UI language."""
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Action"), self.tr("Keys"), self.tr("What it does")]
        )
        rows = shortcut_rows(self._window)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))


class PresentationController(QObject):
    """Presentation mode, themes, window-size presets and full screen for a window.

    Parameters
    ----------
    window : QMainWindow
        The main window (its size, full screen and dock layout).
    view_menu : QMenu
        Its View menu; the entries are appended to it.
    docks : mapping str -> QDockWidget
        The window's docks by key ("data", "hyper", "output", "loss", "gradient"); the
        stage layout arranges those it finds.
    state_version : int
        The version the window saves its dock layout with (``QMainWindow.saveState``).

    Signals
    -------
    theme_changed(object)
        The current :class:`~nnsim.gui.theme.Theme` changed; the window connects it to
        its ``apply_theme``.

    Attributes
    ----------
    active : bool
        Presentation mode is on.
    scale : float
        The font scale presentation mode uses (1.0-2.5).
    theme : str
        The theme key, one of :data:`THEMES`.
    """

    theme_changed = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        view_menu: QMenu,
        docks: Mapping[str, QDockWidget],
        state_version: int,
    ) -> None:
        super().__init__(window)
        self.window = window
        self._docks = docks
        self._state_version = state_version
        self.active = False
        self.scale = DEFAULT_PRESENT_SCALE
        self._scale_chosen = False
        self.theme = "normal"
        self._saved: _Saved | None = None
        app = QApplication.instance()
        self._normal_palette = QPalette(app.palette())
        self._base_font = QFont(app.font())
        self._class_fonts = {c: QFont(app.font(c)) for c in _CLASS_FONTS}

        def act(slot, shortcut: str | None = None, checkable: bool = False) -> QAction:
            a = QAction(window)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.setCheckable(checkable)
            a.triggered.connect(slot)
            window.addAction(a)
            return a

        view_menu.addSeparator()
        self.present_action = act(self._on_present, "F5", True)
        self.panels_action = act(self._on_panels, "F6", True)
        self.panels_action.setEnabled(False)  # only the stage layout folds the panels
        self.full_screen_action = act(self._on_full_screen, "F11", True)
        view_menu.addAction(self.present_action)
        view_menu.addAction(self.panels_action)
        view_menu.addAction(self.full_screen_action)

        self.scale_menu = view_menu.addMenu("")
        self.scale_group = QActionGroup(self)
        self.scale_actions: dict[float, QAction] = {}
        for s in SCALES:
            a = act(lambda _on=False, s=s: self.set_scale(s), checkable=True)
            a.setText(f"{s:g}×")
            self.scale_group.addAction(a)
            self.scale_menu.addAction(a)
            self.scale_actions[s] = a
        self.larger_action = act(lambda: self._step_scale(+1), "Ctrl+=")
        self.smaller_action = act(lambda: self._step_scale(-1), "Ctrl+-")
        self.scale_menu.addSeparator()
        self.scale_menu.addAction(self.larger_action)
        self.scale_menu.addAction(self.smaller_action)

        self.theme_menu = view_menu.addMenu("")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key in THEMES:
            a = act(lambda _on=False, k=key: self.set_theme(k), checkable=True)
            self.theme_group.addAction(a)
            self.theme_menu.addAction(a)
            self.theme_actions[key] = a

        self.size_menu = view_menu.addMenu("")
        self.size_actions: list[QAction] = []
        for i, (w, h) in enumerate(WINDOW_PRESETS, start=1):
            a = act(lambda _on=False, w=w, h=h: self.resize_to(w, h))
            a.setText(f"&{i}  {w} × {h}")
            self.size_menu.addAction(a)
            self.size_actions.append(a)
        notifier().language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self._sync_checks()

    def retranslate_ui(self, _lang: str = "") -> None:
        """Menu entries in the UI language."""
        self.present_action.setText(self.tr("&Presentation mode"))
        self.present_action.setToolTip(
            self.tr("Stage layout, large text and thick lines for the back row (F5)")
        )
        self.panels_action.setText(self.tr("Show the &side panels"))
        self.panels_action.setToolTip(
            self.tr("In presentation mode: show or fold the data and hyper-parameter panels (F6)")
        )
        self.full_screen_action.setText(self.tr("&Full screen"))
        self.scale_menu.setTitle(self.tr("Te&xt size"))
        self.larger_action.setText(self.tr("&Larger text"))
        self.smaller_action.setText(self.tr("S&maller text"))
        self.theme_menu.setTitle(self.tr("T&heme"))
        for key, a in self.theme_actions.items():
            a.setText(QCoreApplication.translate("Theme", THEME_NAMES[key]))
        self.size_menu.setTitle(self.tr("&Window size"))

    # ------------------------------------------------------------------ public API
    def layout_before(self) -> QByteArray | None:
        """The dock layout from before presentation mode (None when not presenting).

        That one, not the stage layout, is the window's layout to remember.
        """
        return self._saved.state if self.active and self._saved is not None else None

    def current(self) -> Theme:
        """The theme in force: colours of :attr:`theme`, scale 1 unless presenting."""
        base = self._base_font.pointSizeF()
        if base <= 0:
            base = 9.0
        scale = self.scale if self.active else 1.0
        return theme(self.theme, scale, self.active, base_pt=base)

    def set_active(self, on: bool) -> None:
        """Enter (True) or leave (False) presentation mode."""
        if on == self.active:
            return
        w = self.window
        if on:
            self._saved = _Saved(
                state=w.saveState(self._state_version),
                size=w.size(),
                full_screen=w.isFullScreen(),
                theme=self.theme,
            )
            self.active = True
            if not self._scale_chosen:
                small = w.height() < 900 and not w.isFullScreen()
                self.scale = SMALL_PRESENT_SCALE if small else DEFAULT_PRESENT_SCALE
            if self.theme == "normal":
                self.theme = "light"  # high contrast for the projector
            self._publish()
            self.stage_layout()
        else:
            saved = self._saved
            self.active = False
            self._saved = None
            if saved is not None:
                self.theme = saved.theme
            self._publish()
            if saved is not None:
                if w.isFullScreen() and not saved.full_screen:
                    w.showNormal()
                if not w.isFullScreen() and not w.isMaximized():
                    w.resize(saved.size)
                w.restoreState(saved.state, self._state_version)
        self.panels_action.setEnabled(self.active)
        self._sync_checks()

    def set_scale(self, scale: float) -> None:
        """Use font ``scale`` (clipped to 1.0-2.5); applied now if presenting."""
        self.scale = float(min(2.5, max(1.0, scale)))
        self._scale_chosen = True
        if self.active:
            self._publish()
            self.stage_layout()
        self._sync_checks()

    def set_theme(self, key: str) -> None:
        """Switch to theme ``key`` ("normal", "light" or "dark")."""
        if key not in THEMES:
            raise KeyError(f"unknown theme {key!r}; choose one of {', '.join(THEMES)}")
        self.theme = key
        self._publish()
        self._sync_checks()

    def resize_to(self, width: int, height: int) -> None:
        """Give the window's client area exactly ``width`` x ``height`` pixels."""
        w = self.window
        if w.isFullScreen() or w.isMaximized():
            w.showNormal()
        layout = w.layout()
        if layout is not None:
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        w.setMinimumSize(0, 0)
        w.resize(width, height)
        if self.active:
            self.stage_layout()
        self._sync_checks()

    def set_full_screen(self, on: bool) -> None:
        """Show the window full screen (True) or normally (False)."""
        w = self.window
        if on:
            w.showFullScreen()
        else:
            w.showNormal()
        self._sync_checks()

    def show_side_panels(self, on: bool) -> None:
        """In presentation mode, show (True) or fold away (False) the side panels."""
        docks = self._docks
        for key in _SIDE_DOCKS:
            dock = docks.get(key)
            if dock is not None:
                dock.setVisible(on)
        self.panels_action.setChecked(on)

    def stage_layout(self) -> None:
        """Arrange the docks for the stage: canvas and output map large, panels folded.

        The right column (output map over the loss curves) takes about 40 % of the
        width, and the output map a square of it; the per-layer curves keep a strip
        under the canvas; a lesson's views share the bottom row. The window keeps its
        size: every dock scrolls rather than growing it.
        """
        w = self.window
        docks = self._docks
        self.show_side_panels(self.panels_action.isChecked())
        width, height = w.width(), w.height()
        right = [d for k in ("output", "loss") if (d := docks.get(k)) is not None and d.isVisible()]
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        if right:
            column = int(width * 0.38)
            w.resizeDocks(right[:1], [column], horizontal)
            if len(right) == 2:
                # The map over its colour key and toggles; the loss curves get the rest.
                tall = int(height * 0.68)
                w.resizeDocks(right, [tall, max(80, height - tall)], vertical)
        grad = docks.get("gradient")
        if grad is not None and grad.isVisible():
            w.resizeDocks([grad], [max(150, int(height * 0.3))], vertical)

    def restore_application(self) -> None:
        """Give the application back the palette and fonts it had before this window.

        The theme and text scale are application-wide (palette, fonts); a window that
        closes must not leave them to the next one.
        """
        app = QApplication.instance()
        app.setPalette(self._normal_palette)
        QApplication.setFont(self._base_font)
        for name, original in self._class_fonts.items():
            QApplication.setFont(original, name)

    # ------------------------------------------------------------------ internals
    def _publish(self) -> None:
        """Set the application's palette and font for the current theme, then the views'."""
        t = self.current()
        app = QApplication.instance()
        app.setPalette(palette(t, self._normal_palette))
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * t.scale)
        QApplication.setFont(font)
        for name, original in self._class_fonts.items():
            f = QFont(original)
            f.setPointSizeF(original.pointSizeF() * t.scale)
            QApplication.setFont(f, name)
        self.theme_changed.emit(t)

    def _on_present(self, on: bool) -> None:
        self.set_active(bool(on))

    def _on_panels(self, on: bool) -> None:
        if self.active:
            self.show_side_panels(bool(on))

    def _on_full_screen(self, on: bool) -> None:
        self.set_full_screen(bool(on))

    def _step_scale(self, direction: int) -> None:
        i = min(range(len(SCALES)), key=lambda k: abs(SCALES[k] - self.scale))
        self.set_scale(SCALES[max(0, min(len(SCALES) - 1, i + direction))])
        if not self.active:
            self.set_active(True)

    def _sync_checks(self) -> None:
        self.present_action.setChecked(self.active)
        self.full_screen_action.setChecked(self.window.isFullScreen())
        for s, a in self.scale_actions.items():
            a.setChecked(abs(s - self.scale) < 1e-9)
        for k, a in self.theme_actions.items():
            a.setChecked(k == self.theme)
