"""Small layout widgets the GUI shares: a wrapping row and a combo that fits its text."""


from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLayout,
    QLayoutItem,
    QWidget,
)


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto further lines when the width runs out.

    For rows of buttons and fields in a narrow column (presentation mode's large
    text): its minimum width is the widest item's, and its height follows the width
    (``heightForWidth``), so nothing is clipped and no width is wasted. Widgets
    marked with :meth:`set_stretch` take a line's spare width, so a row that fits on
    one line lines up with the fields around it.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: set[int] = set()  # id() of the stretching widgets
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def set_stretch(self, widget: QWidget) -> None:
        """Let ``widget`` (already added) take the spare width of its line."""
        self._stretch.add(id(widget))
        self.invalidate()

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt override)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt override)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt override)
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self._stretch.discard(id(item.widget()))
        return item

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt override)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt override)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _margins(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Everything on one line."""
        items = self._shown()
        width = sum(i.sizeHint().width() for i in items) + self._gap * max(0, len(items) - 1)
        height = max((i.sizeHint().height() for i in items), default=0)
        return QSize(width, height) + self._margins()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt override)
        """The widest item, one per line."""
        items = self._shown()
        width = max((i.sizeHint().width() for i in items), default=0)
        height = max((i.sizeHint().height() for i in items), default=0)
        return QSize(width, height) + self._margins()

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Lay the items out in ``rect`` (if ``move``); returns the height they take."""
        m: QMargins = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            width = item.sizeHint().width()
            if lines[-1] and used + self._gap + width > area.width():
                lines.append([])
                used = 0
            used += (self._gap if lines[-1] else 0) + width
            lines[-1].append(item)
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(i.sizeHint().height() for i in line)
            if move:
                widths = [min(i.sizeHint().width(), area.width()) for i in line]
                spare = area.width() - sum(widths) - self._gap * (len(line) - 1)
                stretch = [k for k, i in enumerate(line) if id(i.widget()) in self._stretch]
                for k in stretch:
                    widths[k] += max(0, spare) // len(stretch)
                x = area.x()
                for item, width in zip(line, widths, strict=True):
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                    x += width + self._gap
            y += height + self._gap
        return max(0, y - self._gap - rect.y()) + m.bottom()


class FitComboBox(QComboBox):
    """A combo box as wide as its longest entry, also after a re-labelling or a new font.

    Its size follows its entries (``AdjustToContents``), and its minimum is that size:
    Qt keeps a combo's minimum size hint from before a font change (presentation
    mode's larger text), so a layout could squeeze the combo and clip its text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.sizeHint()


