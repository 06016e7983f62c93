"""What every editor item shares: its type id, the theme's colours, a cached picture.

:class:`ItemType` and :class:`EditorItemType` let the view ask "what is under the
mouse?" by ``type()``; :class:`Ink` is the editor's palette for one theme, handed to
every item the scene styles.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from nnsim.gui.theme import Theme

__all__ = [
    "DEFAULT_INK",
    "EditorItemType",
    "Ink",
    "ItemType",
    "cache_picture",
    "ink_for",
]


class ItemType(IntEnum):
    """``QGraphicsItem.type()`` of each nnsim item (for ``qgraphicsitem_cast``-style lookups)."""

    FEATURE = QGraphicsItem.UserType + 1
    NEURON = QGraphicsItem.UserType + 2
    LINK = QGraphicsItem.UserType + 3
    HEADER = QGraphicsItem.UserType + 4


class EditorItemType(IntEnum):
    """``type()`` of the editor's controls and feedback (not part of the network drawing).

    Kept apart from :class:`ItemType`, which names exactly the model's things.
    """

    HANDLE = QGraphicsItem.UserType + 20
    WIDTH_BUTTON = QGraphicsItem.UserType + 21
    CHIP = QGraphicsItem.UserType + 22
    TRASH = QGraphicsItem.UserType + 23
    PALETTE = QGraphicsItem.UserType + 24
    SELECTION = QGraphicsItem.UserType + 25
    OVERLAY = QGraphicsItem.UserType + 26


@dataclass(frozen=True)
class Ink:
    """The editor's colours and line factor for one :class:`~nnsim.gui.theme.Theme`.

    The scene hands it to every item it styles (:func:`ink_for`); the normal theme
    gives the editor's own light look, the high-contrast themes their colours.
    """

    background: QColor
    text: QColor
    subtext: QColor
    border: QColor
    control_fill: QColor
    control_hover: QColor
    control_ink: QColor
    accent: QColor
    accent_text: QColor
    chip_fill: QColor
    chip_hover: QColor
    chip_border: QColor
    chip_text: QColor
    icon_ink: QColor
    icon_axis: QColor
    strip: QColor
    strip_text: QColor
    trash_ink: QColor
    trash_fill: QColor
    trash_armed: QColor
    tag_fill: QColor
    tag_text: QColor
    line: float = 1.0
    dark: bool = False


def ink_for(theme: Theme) -> Ink:
    """The editor's colours in ``theme`` (dark themes: dark grounds, light text)."""
    c = QColor
    if theme.key == "normal":
        return Ink(
            background=c(255, 255, 255),
            text=c(50, 50, 50),
            subtext=c(110, 110, 110),
            border=c(40, 40, 40),
            control_fill=c(236, 238, 242),
            control_hover=c(214, 220, 230),
            control_ink=c(70, 76, 86),
            accent=c(20, 110, 220),
            accent_text=c(255, 255, 255),
            chip_fill=c(250, 251, 252),
            chip_hover=c(255, 255, 255),
            chip_border=c(120, 126, 136),
            chip_text=c(40, 44, 52),
            icon_ink=c(60, 64, 72),
            icon_axis=c(175, 180, 188),
            strip=c(240, 242, 245),
            strip_text=c(110, 114, 122),
            trash_ink=c(176, 58, 52),
            trash_fill=c(253, 242, 241),
            trash_armed=c(246, 200, 196),
            tag_fill=c(255, 255, 255, 228),
            tag_text=c(20, 20, 20),
            line=theme.line,
            dark=False,
        )
    bg, fg, sec = c(theme.background), c(theme.foreground), c(theme.secondary)
    surface, grid, accent = c(theme.surface), c(theme.grid), c(theme.accent)
    if theme.dark:
        strip = c(
            (bg.red() + surface.red()) // 2,
            (bg.green() + surface.green()) // 2,
            (bg.blue() + surface.blue()) // 2,
        )
        return Ink(
            background=bg,
            text=fg,
            subtext=sec,
            border=sec,
            control_fill=surface,
            control_hover=surface.lighter(180),
            control_ink=fg,
            accent=accent,
            accent_text=c(0, 0, 0),
            chip_fill=surface,
            chip_hover=surface.lighter(170),
            chip_border=sec,
            chip_text=fg,
            icon_ink=fg,
            icon_axis=grid,
            strip=strip,
            strip_text=sec,
            trash_ink=c(255, 128, 118),
            trash_fill=c(48, 18, 16),
            trash_armed=c(110, 36, 30),
            tag_fill=c(16, 16, 16, 235),
            tag_text=fg,
            line=theme.line,
            dark=True,
        )
    return Ink(
        background=bg,
        text=fg,
        subtext=sec,
        border=fg,
        control_fill=surface,
        control_hover=surface.darker(115),
        control_ink=fg,
        accent=accent,
        accent_text=c(255, 255, 255),
        chip_fill=surface,
        chip_hover=c(255, 255, 255),
        chip_border=sec,
        chip_text=fg,
        icon_ink=fg,
        icon_axis=grid,
        strip=surface.lighter(103),
        strip_text=sec,
        trash_ink=c(150, 30, 25),
        trash_fill=c(253, 242, 241),
        trash_armed=c(246, 200, 196),
        tag_fill=c(255, 255, 255, 235),
        tag_text=fg,
        line=theme.line,
        dark=False,
    )


#: The look until a theme is applied.
DEFAULT_INK = ink_for(Theme())


def cache_picture(item: QGraphicsItem) -> None:
    """Repaint a Python-drawn item only when it changes (``update()``), not every frame.

    The few items that paint in Python (captions, controls, the selection) would
    otherwise cost a Python call per item per frame while training redraws the scene.
    """
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
