"""Themes are data: one :class:`Theme` value, published on change, applied by each view.

The window owns the current theme (its colours, and in presentation mode the text,
line and point scale) and hands it to every view's ``apply_theme(theme)``; each view
styles its own items with it (pens, fonts, backgrounds) through public APIs. No view
is restyled from outside, so a view that gains an item styles it too, and leaving a
theme is just applying the next one.

Widgets made of Qt's standard controls follow the application palette and font
(:func:`palette` and :meth:`Theme.app_font`), which the window sets with the theme.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["THEME_NAMES", "Theme", "palette", "theme"]

#: Theme key -> menu text (translated where the menu is built, context "Theme").
THEME_NAMES: dict[str, str] = {
    "normal": QT_TRANSLATE_NOOP("Theme", "&Normal"),
    "light": QT_TRANSLATE_NOOP("Theme", "High contrast &light"),
    "dark": QT_TRANSLATE_NOOP("Theme", "High contrast &dark"),
}


@dataclass(frozen=True)
class Theme:
    """How everything looks: colours, and the scale of text, lines and points.

    Attributes
    ----------
    key : str
        "normal", "light" or "dark" (:data:`THEME_NAMES`).
    dark : bool
        Light text on a dark ground.
    background : str
        Plots, the network canvas and teaching-view grounds ("#rrggbb").
    foreground : str
        Text, axes, outlines.
    secondary : str
        Captions, tick labels of lesser weight, disabled parts.
    surface : str
        Slabs on a view's ground (palette chips, tool strips, legends' boxes).
    grid : str
        Grid lines, guide lines, separators.
    accent : str
        Selection and highlight.
    scale : float
        Text scale (1.0 normally; presentation mode's 1.3-2.5).
    line : float
        Factor on curve and link widths.
    point : float
        Factor on data point sizes.
    base_pt : float
        The application's font size at scale 1.0, in points.
    presenting : bool
        Presentation mode is on (views may drop fine detail).
    """

    key: str = "normal"
    dark: bool = False
    background: str = "#ffffff"
    foreground: str = "#3c3c3c"
    secondary: str = "#6e6e6e"
    surface: str = "#f3f3f3"
    grid: str = "#c8c8c8"
    accent: str = "#1f6fd1"
    scale: float = 1.0
    line: float = 1.0
    point: float = 1.0
    base_pt: float = 9.0
    presenting: bool = False

    def color(self, role: str) -> QColor:
        """One of the colour attributes as a QColor (``theme.color("foreground")``)."""
        return QColor(getattr(self, role))

    def pt(self, size: float = 1.0) -> float:
        """A font size in points: ``size`` times the scaled application font."""
        return self.base_pt * self.scale * size

    def font(self, size: float = 1.0, bold: bool = False) -> QFont:
        """The application font at ``size`` times its scaled size."""
        f = QFont(QApplication.font())
        f.setPointSizeF(self.pt(size))
        f.setBold(bold)
        return f

    def app_font(self) -> QFont:
        """The application font for this theme (the base font at :attr:`scale`)."""
        return self.font(1.0)

    def with_scale(self, scale: float, presenting: bool) -> Theme:
        """The same colours at another text scale (lines and points follow)."""
        s = float(scale)
        return replace(
            self,
            scale=s,
            line=2.0 if presenting else 1.0,
            point=min(1.6, s) if presenting else 1.0,
            presenting=presenting,
        )


_PRESETS: dict[str, Theme] = {
    "normal": Theme(),
    "light": Theme(
        key="light",
        foreground="#000000",
        secondary="#333333",
        surface="#ededed",
        grid="#9a9a9a",
        accent="#003ca0",
    ),
    "dark": Theme(
        key="dark",
        dark=True,
        background="#000000",
        foreground="#ffffff",
        secondary="#d0d0d0",
        surface="#1e1e1e",
        grid="#5a5a5a",
        accent="#ffc800",
    ),
}


def theme(
    key: str = "normal", scale: float = 1.0, presenting: bool = False, base_pt: float | None = None
) -> Theme:
    """The theme ``key`` at text ``scale``.

    Raises
    ------
    KeyError
        For an unknown key.
    """
    if key not in _PRESETS:
        raise KeyError(f"unknown theme {key!r}; choose one of {', '.join(_PRESETS)}")
    t = _PRESETS[key]
    if base_pt is not None:
        t = replace(t, base_pt=float(base_pt))
    return t.with_scale(scale, presenting)


def palette(t: Theme, normal: QPalette) -> QPalette:
    """The application palette for ``t`` (``normal`` is the platform's own)."""
    if t.key == "normal":
        return QPalette(normal)
    fg, bg = QColor(t.foreground), QColor(t.background)
    alt = QColor("#282828") if t.dark else QColor("#ebebeb")
    button = QColor("#191919") if t.dark else QColor("#f0f0f0")
    highlight = QColor(t.accent)
    p = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, bg)
        p.setColor(group, QPalette.ColorRole.WindowText, fg)
        p.setColor(group, QPalette.ColorRole.Base, QColor("#2a2a2a") if t.dark else bg)
        p.setColor(group, QPalette.ColorRole.AlternateBase, alt)
        p.setColor(group, QPalette.ColorRole.Text, fg)
        p.setColor(group, QPalette.ColorRole.Button, button)
        p.setColor(group, QPalette.ColorRole.ButtonText, fg)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, bg)
        p.setColor(group, QPalette.ColorRole.ToolTipText, fg)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#969696"))
        p.setColor(group, QPalette.ColorRole.Highlight, highlight)
        p.setColor(
            group,
            QPalette.ColorRole.HighlightedText,
            QColor("#000000") if t.dark else QColor("#ffffff"),
        )
        p.setColor(group, QPalette.ColorRole.BrightText, QColor("#ff5050"))
        p.setColor(group, QPalette.ColorRole.Link, highlight)
        # Fusion draws frames, check-box rims and slider grooves from these roles.
        shades = (
            ("#5a5a5a", "#3c3c3c", "#787878", "#a0a0a0")
            if t.dark
            else ("#ffffff", "#e3e3e3", "#a0a0a0", "#5a5a5a")
        )
        for role, shade in zip(
            (
                QPalette.ColorRole.Light,
                QPalette.ColorRole.Midlight,
                QPalette.ColorRole.Mid,
                QPalette.ColorRole.Dark,
            ),
            shades,
            strict=True,
        ):
            p.setColor(group, role, QColor(shade))
        p.setColor(group, QPalette.ColorRole.Shadow, QColor("#000000"))
    # Disabled text: dimmer than the rest, still readable on black (was #787878).
    grey = QColor("#a0a0a0") if t.dark else QColor("#787878")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        p.setColor(QPalette.ColorGroup.Disabled, role, p.color(QPalette.ColorGroup.Active, role))
    return p
