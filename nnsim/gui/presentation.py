"""Presentation mode for lectures and screen recordings, and Help > Keyboard shortcuts.

:class:`PresentationController` adds to the main window's View menu:

* **Presentation mode** (F5): every text larger (font scale 1.0-2.5, 1.6 by default),
  plot axes, labels and legends included; thicker curves and larger points; the
  high-contrast light theme unless another one was chosen. Leaving it restores every
  font, pen, point size, palette and the window's size exactly.
* **Theme**: normal, high-contrast light, high-contrast dark (a :class:`QPalette`; the
  pyqtgraph plots' backgrounds and axes follow).
* **Window size** presets 1280x720 and 1920x1080 (the client area, exactly what a
  720p/1080p recording captures) and **Full screen** (F11).

No style sheets: the scale goes through the application font, which every widget
without a font of its own inherits; widgets that set their own font (the big epoch
counter) are scaled one by one, and labels sized to their text grow with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QKeySequence, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLayout,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnsim.gui.editor.view import NetworkView
from nnsim.gui.i18n import tr

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
#: The scale presentation mode starts with.
DEFAULT_PRESENT_SCALE = 1.6
#: Window-size presets (client area): a 720p and a 1080p recording.
WINDOW_PRESETS: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080))
#: Theme key -> menu text.
THEMES: dict[str, str] = {
    "normal": "&Normal",
    "light": "High contrast &light",
    "dark": "High contrast &dark",
}
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
#: Plot line widths and point sizes are multiplied by this in presentation mode.
_LINE_FACTOR = 2.0
_POINT_FACTOR = 1.6


def _contrast_palette(dark: bool) -> QPalette:
    """A high-contrast palette: pure black on white, or white on black."""
    fg = QColor(255, 255, 255) if dark else QColor(0, 0, 0)
    bg = QColor(0, 0, 0) if dark else QColor(255, 255, 255)
    alt = QColor(40, 40, 40) if dark else QColor(235, 235, 235)
    button = QColor(25, 25, 25) if dark else QColor(240, 240, 240)
    # Saturated and dark (light theme) or bright (dark theme): a selection that a
    # projector does not wash out.
    highlight = QColor(255, 200, 0) if dark else QColor(0, 60, 160)
    p = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, bg)
        p.setColor(group, QPalette.ColorRole.WindowText, fg)
        p.setColor(group, QPalette.ColorRole.Base, bg)
        p.setColor(group, QPalette.ColorRole.AlternateBase, alt)
        p.setColor(group, QPalette.ColorRole.Text, fg)
        p.setColor(group, QPalette.ColorRole.Button, button)
        p.setColor(group, QPalette.ColorRole.ButtonText, fg)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, bg)
        p.setColor(group, QPalette.ColorRole.ToolTipText, fg)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150))
        p.setColor(group, QPalette.ColorRole.Highlight, highlight)
        p.setColor(group, QPalette.ColorRole.HighlightedText, bg if dark else fg.lighter(1000))
        p.setColor(group, QPalette.ColorRole.BrightText, QColor(255, 80, 80))
        p.setColor(group, QPalette.ColorRole.Link, highlight)
    grey = QColor(120, 120, 120)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    if not dark:
        p.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    return p


@dataclass
class _Saved:
    """What presentation mode changed, to put back on exit."""

    app_font: QFont
    class_fonts: dict[str, QFont]
    state: object
    fonts: dict[int, tuple[QWidget, QFont | None, QSize, QSize]]
    docks: dict[int, QWidget]
    size: QSize
    geometry: QRect
    full_screen: bool
    theme: str
    toolbar_style: Qt.ToolButtonStyle | None = None
    toolbar_icons: QSize | None = None


def _fixed_label(widget: QWidget) -> bool:
    """A label sized once for its widest text (counters, status fields)."""
    return (
        isinstance(widget, QLabel)
        and widget.minimumSize() == widget.maximumSize()
        and widget.minimumWidth() > 0
    )


def _valid(obj: object) -> bool:
    return obj is not None and shiboken6.isValid(obj)


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
        name = a.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")
        shortcut = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        if (name, shortcut) in seen:
            continue
        seen.add((name, shortcut))
        tip = a.toolTip() if a.toolTip() != name else ""
        rows.append((name, shortcut, tip))
    rows.sort(key=lambda r: r[0].lower())
    return rows


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: a table of :func:`shortcut_rows`."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([tr("Action"), tr("Keys"), tr("What it does")])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
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


class PresentationController(QObject):
    """Presentation mode, themes, window-size presets and full screen for a window.

    Parameters
    ----------
    window : QMainWindow
        The main window.
    view_menu : QMenu
        Its View menu; the entries are appended to it.

    Attributes
    ----------
    active : bool
        Presentation mode is on.
    scale : float
        The font scale presentation mode uses (1.0-2.5).
    theme : str
        One of :data:`THEMES`.
    """

    def __init__(self, window: QMainWindow, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.scale = DEFAULT_PRESENT_SCALE
        self.theme = "normal"
        self._saved: _Saved | None = None
        self._normal_palette = QPalette(QApplication.palette())
        # Plot items changed by the scale or the theme, by id -> (item, what to restore).
        self._styled: dict[int, tuple[object, dict]] = {}
        self._plots: list[pg.PlotWidget] = []
        self._controller = getattr(window, "controller", None)
        self._following = False

        def act(text: str, slot, shortcut: str | None = None, checkable: bool = False) -> QAction:
            a = QAction(text, window)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.setCheckable(checkable)
            a.triggered.connect(slot)
            window.addAction(a)
            return a

        view_menu.addSeparator()
        self.present_action = act("&Presentation mode", self._on_present, "F5", True)
        self.present_action.setToolTip("Large text and thick lines for the back row (F5)")
        self.full_screen_action = act("&Full screen", self._on_full_screen, "F11", True)
        view_menu.addAction(self.present_action)
        view_menu.addAction(self.full_screen_action)

        self.scale_menu = view_menu.addMenu("Te&xt size")
        self.scale_group = QActionGroup(self)
        self.scale_actions: dict[float, QAction] = {}
        for s in SCALES:
            a = act(f"{s:g}×", lambda _on=False, s=s: self.set_scale(s), checkable=True)
            self.scale_group.addAction(a)
            self.scale_menu.addAction(a)
            self.scale_actions[s] = a
        self.larger_action = act("&Larger text", lambda: self._step_scale(+1), "Ctrl+=")
        self.smaller_action = act("S&maller text", lambda: self._step_scale(-1), "Ctrl+-")
        self.scale_menu.addSeparator()
        self.scale_menu.addAction(self.larger_action)
        self.scale_menu.addAction(self.smaller_action)

        self.theme_menu = view_menu.addMenu("T&heme")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key, text in THEMES.items():
            a = act(text, lambda _on=False, k=key: self.set_theme(k), checkable=True)
            self.theme_group.addAction(a)
            self.theme_menu.addAction(a)
            self.theme_actions[key] = a

        self.size_menu = view_menu.addMenu("&Window size")
        self.size_actions: list[QAction] = []
        for i, (w, h) in enumerate(WINDOW_PRESETS, start=1):
            a = act(f"&{i}  {w} × {h}", lambda _on=False, w=w, h=h: self.resize_to(w, h))
            self.size_menu.addAction(a)
            self.size_actions.append(a)
        self._sync_checks()

    # ------------------------------------------------------------------ public API
    def set_active(self, on: bool) -> None:
        """Enter (True) or leave (False) presentation mode."""
        if on == self.active:
            return
        w = self.window
        if on:
            fonts: dict[int, tuple[QWidget, QFont | None, QSize, QSize]] = {}
            for widget in w.findChildren(QWidget):
                own = widget.testAttribute(Qt.WidgetAttribute.WA_SetFont)
                if own or _fixed_label(widget):
                    fonts[id(widget)] = (
                        widget,
                        QFont(widget.font()) if own else None,
                        widget.minimumSize(),
                        widget.maximumSize(),
                    )
            self._saved = _Saved(
                app_font=QFont(QApplication.font()),
                class_fonts={c: QFont(QApplication.font(c)) for c in _CLASS_FONTS},
                state=w.saveState(),
                fonts=fonts,
                docks={},
                size=w.size(),
                geometry=w.geometry(),
                full_screen=w.isFullScreen(),
                theme=self.theme,
            )
            self.active = True
            if self.theme == "normal":
                self.set_theme("light")
            self._apply_scale()
            self._share_docks()
        else:
            saved = self._saved
            self.active = False
            self._restore_fonts()
            self._restyle_plots()
            if saved is not None:
                self.set_theme(saved.theme)
                if w.isFullScreen() and not saved.full_screen:
                    w.showNormal()
                if not w.isFullScreen() and not w.isMaximized():
                    w.resize(saved.size)
                w.restoreState(saved.state)
                # Again once the smaller fonts have reached every widget (Qt delivers
                # them by events): the docks' minimum sizes shrink only then.
                QTimer.singleShot(0, lambda state=saved.state: self._restore_state(state))
                bar = getattr(w, "toolbar", None)
                if bar is not None and saved.toolbar_style is not None:
                    bar.setToolButtonStyle(saved.toolbar_style)
                    bar.setIconSize(saved.toolbar_icons)
            self._saved = None
        self._follow_snapshots()
        self._sync_checks()

    def set_scale(self, scale: float) -> None:
        """Use font ``scale`` (clipped to 1.0-2.5); applied now if presenting."""
        self.scale = float(min(2.5, max(1.0, scale)))
        if self.active:
            self._apply_scale()
            self._share_docks()
        self._sync_checks()

    def set_theme(self, theme: str) -> None:
        """Switch to ``theme`` ("normal", "light" or "dark")."""
        if theme not in THEMES:
            raise KeyError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")
        self.theme = theme
        app = QApplication.instance()
        if theme == "normal":
            app.setPalette(self._normal_palette)
        else:
            app.setPalette(_contrast_palette(theme == "dark"))
        self._restyle_plots()
        self._follow_snapshots()
        self._sync_checks()

    def resize_to(self, width: int, height: int) -> None:
        """Give the window's client area exactly ``width`` x ``height`` pixels."""
        w = self.window
        if w.isFullScreen() or w.isMaximized():
            w.showNormal()
        # Docks' minimum sizes (which grow with the font) must not veto the preset: a
        # recording needs exactly this size, even if a crowded layout gets squeezed.
        layout = w.layout()
        if layout is not None:
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        w.setMinimumSize(0, 0)
        w.resize(width, height)
        if self.active:
            self._fit_toolbar()
        self._sync_checks()

    def set_full_screen(self, on: bool) -> None:
        """Show the window full screen (True) or normally (False)."""
        w = self.window
        if on:
            w.showFullScreen()
        else:
            w.showNormal()
        self._sync_checks()

    def plot_items_styled(self) -> int:
        """How many plot items (axes, legends, curves, scatters) carry our styling."""
        return len(self._styled)

    def _follow_snapshots(self) -> None:
        """Restyle new curves after each snapshot, but only while a style is applied.

        Otherwise the queued call would cost the GUI thread a GIL hand-over from the
        training thread on every frame for nothing.
        """
        on = self.active or self.theme != "normal"
        if self._controller is None or on == self._following:
            return
        self._following = on
        signal = self._controller.snapshot_ready
        if on:
            # Queued after the window's own slot, which may have just grown a curve.
            signal.connect(self._on_snapshot, Qt.ConnectionType.QueuedConnection)
        else:
            signal.disconnect(self._on_snapshot)

    def _on_snapshot(self, _snap: object) -> None:
        self.restyle_new_items()

    def restyle_new_items(self) -> None:
        """Style curves the plots created since the last styling (a layer was added)."""
        if not (self.active or self.theme != "normal"):
            return
        for plot in self._plots:
            if not _valid(plot):
                continue
            if any(id(c) not in self._styled for c in plot.getPlotItem().listDataItems()):
                self._restyle_plots()
                return

    # ------------------------------------------------------------------ slots
    def _on_present(self, on: bool) -> None:
        self.set_active(bool(on))

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

    # ------------------------------------------------------------------ fonts
    def _apply_scale(self) -> None:
        saved = self._saved
        if saved is None:
            return
        base = saved.app_font
        font = QFont(base)
        font.setPointSizeF(base.pointSizeF() * self.scale)
        QApplication.setFont(font)
        for name, original in saved.class_fonts.items():
            f = QFont(original)
            f.setPointSizeF(original.pointSizeF() * self.scale)
            QApplication.setFont(f, name)
        for dock in self.window.findChildren(QDockWidget):
            if id(dock) not in saved.fonts:
                # A dock paints its title in a font captured when it was built, unless
                # its own font differs from the class font: an invisible difference (a
                # style strategy) makes it use the scaled one.
                f = QFont(font)
                f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
                dock.setFont(f)
                saved.docks[id(dock)] = dock
        for widget, original, min_size, _max_size in saved.fonts.values():
            if not _valid(widget):
                continue
            if original is not None:
                f = QFont(original)
                f.setPointSizeF(original.pointSizeF() * self.scale)
                widget.setFont(f)
            if _fixed_label(widget):
                # A label sized for its widest text (counters) grows with its font.
                widget.setFixedSize(
                    round(min_size.width() * self.scale), round(min_size.height() * self.scale)
                )
        self._scale_network_views(self.scale)
        self._restyle_plots()

    def _restore_fonts(self) -> None:
        saved = self._saved
        if saved is None:
            return
        QApplication.setFont(saved.app_font)
        for dock in saved.docks.values():
            if _valid(dock):
                dock.setFont(QFont())  # inherit again, as before
                dock.setAttribute(Qt.WidgetAttribute.WA_SetFont, False)
        for name, original in saved.class_fonts.items():
            QApplication.setFont(original, name)
        for widget, original, min_size, max_size in saved.fonts.values():
            if not _valid(widget):
                continue
            if original is not None:
                widget.setFont(original)
            widget.setMinimumSize(min_size)
            widget.setMaximumSize(max_size)
        self._scale_network_views(1.0)

    def _scale_network_views(self, scale: float) -> None:
        # The editor draws its texts at pixel sizes of its own (not the widget font),
        # so the font scale reaches it only through its layout.
        for view in self.window.findChildren(NetworkView):
            if _valid(view):
                view.set_text_scale(scale)

    def _restore_state(self, state: object) -> None:
        if not self.active and _valid(self.window):
            self.window.restoreState(state)

    def _fit_toolbar(self) -> None:
        """Drop the tool bar's button texts (icons stay) when it is too wide to show whole.

        At 720p and scale 1.6 the texts would push the epoch and step counters, which
        the class must see, into the overflow menu.
        """
        bar = getattr(self.window, "toolbar", None)
        saved = self._saved
        if bar is None or saved is None:
            return
        if saved.toolbar_style is None:
            saved.toolbar_style = bar.toolButtonStyle()
            saved.toolbar_icons = bar.iconSize()
        bar.setToolButtonStyle(saved.toolbar_style)
        icons = saved.toolbar_icons
        bar.setIconSize(
            QSize(round(icons.width() * self.scale), round(icons.height() * self.scale))
        )
        if bar.sizeHint().width() > self.window.width():
            bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def _share_docks(self) -> None:
        """Give the (now larger) panels their room again; exit restores the old layout."""
        share = getattr(self.window, "_apply_default_dock_sizes", None)
        if share is not None and self.window.isVisible():
            share()
        self._fit_toolbar()

    # ------------------------------------------------------------------ plots
    def _plot_font(self) -> QFont:
        f = QFont(QApplication.font())
        if self.active and self._saved is not None:
            f.setPointSizeF(self._saved.app_font.pointSizeF() * self.scale)
        return f

    def _restyle_plots(self) -> None:
        """Put every plot item back as it was, then apply the scale and theme on top."""
        for item, orig in list(self._styled.values()):
            if _valid(item):
                self._restore_item(item, orig)
        self._styled.clear()
        if not self.active and self.theme == "normal":
            return
        scale_on = self.active
        dark = self.theme == "dark"
        fg = QColor(255, 255, 255) if dark else QColor(0, 0, 0)
        font = self._plot_font()
        self._plots = self.window.findChildren(pg.PlotWidget)
        for view in self.window.findChildren(pg.GraphicsView):
            if self.theme != "normal":
                brush = view.backgroundBrush()
                self._styled[id(view)] = (view, {"background": QColor(brush.color())})
                view.setBackground(QColor(0, 0, 0) if dark else QColor(255, 255, 255))
            scene = view.scene()
            if scene is None:
                continue
            for item in scene.items():
                orig: dict = {}
                if isinstance(item, pg.AxisItem):
                    orig["tickFont"] = item.style.get("tickFont")
                    orig["labelStyle"] = dict(item.labelStyle)
                    orig["pen"] = QPen(item.pen())
                    orig["textPen"] = QPen(item.textPen())
                    if scale_on:
                        item.setTickFont(QFont(font))
                    if self.theme != "normal":
                        item.setPen(pg.mkPen(fg, width=2 if scale_on else 1))
                        item.setTextPen(pg.mkPen(fg))
                    if item.label.isVisible() and item.labelText:
                        style = dict(item.labelStyle)
                        if scale_on:
                            style["font-size"] = f"{font.pointSizeF():g}pt"
                        if self.theme != "normal":
                            style["color"] = fg.name()
                        item.labelStyle = style
                        item._updateLabel()  # pyqtgraph has no public re-render of the label
                elif isinstance(item, pg.LegendItem):
                    orig["size"] = item.labelTextSize()
                    if scale_on:
                        item.setLabelTextSize(f"{font.pointSizeF():g}pt")
                    if self.theme != "normal":
                        orig["color"] = item.opts.get("labelTextColor")
                        item.setLabelTextColor(fg)
                        orig["brush"] = item.opts.get("brush")
                        shade = (0, 0, 0, 200) if dark else (255, 255, 255, 220)
                        item.setBrush(pg.mkBrush(*shade))
                    for _sample, label in item.items:
                        label.setText(label.text)  # re-render with the new size and colour
                elif isinstance(item, pg.PlotDataItem):
                    pen = item.opts.get("pen")
                    if pen is None:
                        continue
                    pen = pg.mkPen(pen)
                    orig["pen"] = QPen(pen)
                    new = QPen(pen)
                    if scale_on:
                        new.setWidthF(max(1.0, pen.widthF()) * _LINE_FACTOR)
                    if dark and new.color().lightnessF() < 0.35:
                        # A black curve vanishes on black: invert the dark ones.
                        c = new.color()
                        new.setColor(QColor(255 - c.red(), 255 - c.green(), 255 - c.blue()))
                    item.setPen(new)
                    if scale_on and item.opts.get("symbol") is not None:
                        orig["symbolSize"] = item.opts.get("symbolSize")
                        item.setSymbolSize(item.opts["symbolSize"] * _POINT_FACTOR)
                elif isinstance(item, pg.ScatterPlotItem) and not isinstance(
                    item.parentItem(), pg.PlotDataItem
                ):
                    if scale_on:
                        orig["size"] = item.opts["size"]
                        item.setSize(item.opts["size"] * _POINT_FACTOR)
                if orig:
                    self._styled[id(item)] = (item, orig)

    @staticmethod
    def _restore_item(item: object, orig: dict) -> None:
        if isinstance(item, pg.GraphicsView):
            item.setBackground(orig["background"])
        elif isinstance(item, pg.AxisItem):
            item.setTickFont(orig["tickFont"])
            item.setPen(orig["pen"])
            item.setTextPen(orig["textPen"])
            item.labelStyle = orig["labelStyle"]
            if item.labelText:
                item._updateLabel()
        elif isinstance(item, pg.LegendItem):
            item.setLabelTextSize(orig["size"])
            if "color" in orig:
                item.opts["labelTextColor"] = orig["color"]
                for _sample, label in item.items:
                    label.setAttr("color", orig["color"])
                item.setBrush(orig["brush"] if orig["brush"] is not None else pg.mkBrush(None))
            for _sample, label in item.items:
                label.setText(label.text)
        elif isinstance(item, pg.PlotDataItem):
            item.setPen(orig["pen"])
            if "symbolSize" in orig:
                item.setSymbolSize(orig["symbolSize"])
        elif isinstance(item, pg.ScatterPlotItem) and "size" in orig:
            item.setSize(orig["size"])
