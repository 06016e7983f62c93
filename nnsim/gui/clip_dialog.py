"""The Record clip dialog: what to record, as MP4 or GIF, at which size, into which file.

Its texts follow the UI language (context "ClipDialog"); when the optional extra
``nnsim[video]`` is missing for the chosen format it says what to install and the
Record button stays off.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnsim.gui import video
from nnsim.gui.i18n import Retranslating, translate
from nnsim.gui.lesson_panel import view_title

__all__ = [
    "FORMAT_NAMES",
    "SIZES",
    "TARGETS",
    "ClipDialog",
    "free_name",
    "with_clip_suffix",
    "missing_extra_text",
    "target_names",
]

#: What can be recorded besides the teaching views: key -> name (context "ClipDialog").
TARGETS: dict[str, str] = {
    "window": QT_TRANSLATE_NOOP("ClipDialog", "whole window"),
    "network": QT_TRANSLATE_NOOP("ClipDialog", "network view"),
    "output": QT_TRANSLATE_NOOP("ClipDialog", "output view"),
    "loss": QT_TRANSLATE_NOOP("ClipDialog", "loss plot"),
    "gradient": QT_TRANSLATE_NOOP("ClipDialog", "per-layer plot"),
}
#: Clip formats: key -> name (context "ClipDialog").
FORMAT_NAMES: dict[str, str] = {
    "mp4": QT_TRANSLATE_NOOP("ClipDialog", "MP4 video (H.264)"),
    "gif": QT_TRANSLATE_NOOP("ClipDialog", "animated GIF"),
}
#: Clip sizes offered; None is the recorded view's own size.
SIZES: tuple[tuple[int, int] | None, ...] = ((1280, 720), (1920, 1080), None)


def target_names(keys: list[str]) -> dict[str, str]:
    """Each target key's name in the UI language (``"teaching:<key>"``: the dock title)."""
    out = {}
    for key in keys:
        if key.startswith("teaching:"):
            out[key] = view_title(key.split(":", 1)[1])
        else:
            out[key] = translate("ClipDialog", TARGETS[key])
    return out


def free_name(path: Path) -> Path:
    """``path``, or ``name-2``, ``name-3`` ... beside it: a default that overwrites
    nothing (an .mp4 and a .gif of the same name both count)."""
    n = 1
    candidate = path
    while any(candidate.with_suffix(s).exists() for s in video.FORMATS.values()):
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def with_clip_suffix(path: Path, fmt: str) -> Path:
    """``path`` ending in ``fmt``'s suffix: a clip suffix (.mp4, .gif) is swapped, any
    other is kept and the suffix appended ("talk.v2" -> "talk.v2.mp4", not "talk.mp4").
    A path without a name ("/", "") comes back as it is."""
    suffix = video.FORMATS[fmt]
    if not path.name or path.name in (".", ".."):
        return path
    if path.suffix.lower() in video.FORMATS.values():
        return path.with_suffix(suffix)
    return path.with_name(path.name + suffix)


def missing_extra_text() -> str:
    """What to install for clips, in the UI language."""
    return translate(
        "ClipDialog", "Clips need the optional video package. Install it with: {command}"
    ).format(command=video.VIDEO_EXTRA)


class ClipDialog(Retranslating, QDialog):
    """What to record, the format, the size, the caption and the file.

    Parameters
    ----------
    targets : list of str
        Target keys (:data:`TARGETS` and ``"teaching:<key>"``), in the order shown.
    """

    def __init__(self, targets: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sizes: dict[str, tuple[int, int]] = {}
        self.target_box = QComboBox()
        for key in targets:
            self.target_box.addItem(key, key)
        self.format_box = QComboBox()
        for key in FORMAT_NAMES:
            self.format_box.addItem(key, key)
        self.size_box = QComboBox()
        for size in SIZES:
            self.size_box.addItem("", size)
        self.caption_box = QCheckBox()
        self.path_edit = QLineEdit(str(free_name(Path.home() / "nnsim-clip.mp4")))
        self.path_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 36))
        self.path_edit.textChanged.connect(self._on_path_edited)
        self.browse_button = QPushButton("…")
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.note = QLabel()
        self.note.setWordWrap(True)
        #: Says what to install when ``nnsim[video]`` is missing (hidden otherwise).
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet("font-weight: bold")
        #: What is wrong with the file name after Record was pressed (hidden otherwise).
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("font-weight: bold")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = self._form = QFormLayout()
        self._labels = tuple(QLabel() for _ in range(4))
        form.addRow(self._labels[0], self.target_box)
        form.addRow(self._labels[1], self.format_box)
        form.addRow(self._labels[2], self.size_box)
        form.addRow(self._labels[3], row)
        form.addRow("", self.caption_box)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.note)
        column.addWidget(self.notice)
        column.addWidget(self.problem)
        column.addWidget(self.buttons)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.target_box.currentIndexChanged.connect(lambda _i: self.retranslate_ui())
        self.retranslate_ui()
        self._on_format_changed()

    # -- the choice ----------------------------------------------------------------------
    def target(self) -> str:
        """The chosen target key."""
        return str(self.target_box.currentData())

    def fmt(self) -> str:
        """The chosen format ("mp4" or "gif")."""
        return str(self.format_box.currentData())

    def clip_size(self) -> tuple[int, int] | None:
        """The chosen clip size, or None for the view's own."""
        return self.size_box.currentData()

    def path(self) -> Path | None:
        """The chosen file, ending in the format's suffix; None while the field is empty."""
        text = self.path_edit.text().strip()
        if not text:
            return None
        return with_clip_suffix(Path(text).expanduser(), self.fmt())

    def accept(self) -> None:
        """Record, unless the file name is empty or names a folder (said in the dialog,
        which stays open)."""
        text = self.path_edit.text().strip()
        path = self.path()
        if path is None:
            problem = self.tr("Type a file name for the clip.")
        elif (
            text.endswith(("/", os.sep))
            or not path.name
            or Path(text).expanduser().is_dir()
            or path.is_dir()
        ):
            problem = self.tr("{path} is a folder; type a file name in it.").format(
                path=Path(text).expanduser()
            )
        else:
            super().accept()
            return
        self.problem.setText(problem)
        self.problem.show()
        self.path_edit.setFocus()

    def record_button(self) -> QPushButton:
        """The Record (OK) button; off while the format's packages are missing."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def set_view_sizes(self, sizes: dict[str, tuple[int, int]]) -> None:
        """The targets' sizes now, shown beside "the view's own size"."""
        self._sizes = dict(sizes)
        self.retranslate_ui()

    # -- texts -----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Every text in the UI language (items keep their data and the choice)."""
        self.setWindowTitle(self.tr("Record clip"))
        names = target_names([self.target_box.itemData(i) for i in range(self.target_box.count())])
        with QSignalBlocker(self.target_box):
            for i in range(self.target_box.count()):
                self.target_box.setItemText(i, names[self.target_box.itemData(i)])
        with QSignalBlocker(self.format_box):
            for i in range(self.format_box.count()):
                key = self.format_box.itemData(i)
                self.format_box.setItemText(i, translate("ClipDialog", FORMAT_NAMES[key]))
        own = self._sizes.get(self.target())
        with QSignalBlocker(self.size_box):
            for i, size in enumerate(SIZES):
                if size is not None:
                    text = f"{size[0]} × {size[1]}"
                elif own is not None:
                    w, h = video.even_size(*own)
                    text = self.tr("the view's own size ({width} × {height})").format(
                        width=w, height=h
                    )
                else:
                    text = self.tr("the view's own size")
                self.size_box.setItemText(i, text)
        self.caption_box.setText(self.tr("Show the lesson caption bar"))
        self.note.setText(
            self.tr(
                "30 frames per second of real time, however fast the network trains. "
                "A view of another shape is centred on the background colour."
            )
        )
        texts = (self.tr("What to record"), self.tr("Format"), self.tr("Size"), self.tr("File"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.record_button().setText(self.tr("Record"))
        self._show_notice()
        self._fit_width()

    def _fit_width(self) -> None:
        """As wide as the form's rows need in this language and text size: the wrapped
        notes would otherwise let Qt squeeze the dialog to a third of the screen."""
        margins = self.layout().contentsMargins() if self.layout() is not None else None
        if margins is None:
            return
        width = self._form.sizeHint().width() + margins.left() + margins.right()
        screen = self.screen()
        if screen is not None:
            width = min(width, int(screen.availableGeometry().width() * 0.9))
        self.setMinimumWidth(width)

    def _show_notice(self) -> None:
        missing = video.missing_packages(self.fmt())
        self.notice.setText(missing_extra_text() if missing else "")
        self.notice.setVisible(bool(missing))
        self._update_record_button()

    def _update_record_button(self) -> None:
        ok = not self.notice.isVisibleTo(self) and bool(self.path_edit.text().strip())
        self.record_button().setEnabled(ok)

    def _on_path_edited(self, _text: str) -> None:
        self.problem.hide()  # the problem was with the name that is being changed
        self._update_record_button()

    def _on_format_changed(self, _index: int = 0) -> None:
        text = self.path_edit.text().strip()
        if text:
            # Not expanded: "~/talk" stays as typed, only its suffix follows the format.
            self.path_edit.setText(str(with_clip_suffix(Path(text), self.fmt())))
        self._show_notice()

    def _browse(self) -> None:
        filters = {
            "mp4": self.tr("MP4 video (*.mp4)"),
            "gif": self.tr("Animated GIF (*.gif)"),
        }
        start = self.path() or Path.home() / f"nnsim-clip{video.FORMATS[self.fmt()]}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the clip as"), str(start), filters[self.fmt()]
        )
        if path:
            self.path_edit.setText(path)
