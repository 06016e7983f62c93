"""Import a CSV file with a preview and a choice of columns (File > Import CSV…).

The dialog reads the file once with the core's parser
(:func:`nnsim.core.datasets.parse_csv`), shows its first rows, and lets the lecturer
choose which columns are x1, x2 (or none, for 1-D data) and the target, and whether the
target is a class or a value. A file that cannot be used shows one message naming the
row and column. OK loads it through :func:`nnsim.core.datasets.load_csv` (the same
checks as every other import) and the points become the data set as one undoable edit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.datasets import CSVError, _read_text, load_csv, parse_csv
from nnsim.core.experiment import CustomData, Experiment, InvalidExperimentError
from nnsim.gui.commands import SetExperimentCommand
from nnsim.gui.draw_mode import with_points

if TYPE_CHECKING:
    from nnsim.gui.main_window import MainWindow

#: Rows shown in the preview table.
PREVIEW_ROWS = 20
_TASKS = (("inferred from the target", None), ("class", "classification"), ("value", "regression"))


class CsvImportDialog(QDialog):
    """Preview a CSV file and choose its input and target columns.

    Parameters
    ----------
    path : str or path-like
        The file. Problems reading or parsing it are shown in :attr:`message` and
        disable OK.

    Attributes
    ----------
    header : list of str or None
    table : ndarray, shape (n_rows, n_columns)
        The parsed numbers (empty if the file could not be parsed).
    x1_box, x2_box, target_box, task_box : QComboBox
    custom : CustomData or None
        The loaded points once the dialog was accepted.
    """

    def __init__(self, path: str | os.PathLike[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(f"Import {self.path.name}")
        self.custom: CustomData | None = None
        self.header: list[str] | None = None
        self.table = np.zeros((0, 0))
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.x1_box = QComboBox()
        self.x2_box = QComboBox()
        self.target_box = QComboBox()
        self.task_box = QComboBox()
        for text, task in _TASKS:
            self.task_box.addItem(text, task)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("x₁ column", self.x1_box)
        form.addRow("x₂ column", self.x2_box)
        form.addRow("target column", self.target_box)
        form.addRow("target is a", self.task_box)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"First rows of {self.path.name}:"))
        layout.addWidget(self.preview, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 480)
        self._read()

    # ------------------------------------------------------------------ reading
    def _read(self) -> None:
        try:
            self.header, self.table = parse_csv(_read_text(self.path))
        except CSVError as exc:
            self._fail(str(exc))
            return
        n, m = self.table.shape
        names = self.column_names()
        self.preview.setColumnCount(m)
        self.preview.setHorizontalHeaderLabels(names)
        shown = min(n, PREVIEW_ROWS)
        self.preview.setRowCount(shown)
        first = 2 if self.header is not None else 1  # the file's line numbers
        self.preview.setVerticalHeaderLabels([str(first + i) for i in range(shown)])
        for i in range(shown):
            for j in range(m):
                self.preview.setItem(i, j, QTableWidgetItem(f"{self.table[i, j]:g}"))
        for box in (self.x1_box, self.target_box):
            for j, name in enumerate(names):
                box.addItem(name, j)
        self.x2_box.addItem("none (1-D data)", None)
        for j, name in enumerate(names):
            self.x2_box.addItem(name, j)
        # The common layout: inputs first, the target last.
        self.x1_box.setCurrentIndex(0)
        self.x2_box.setCurrentIndex(2 if m >= 3 else 0)
        self.target_box.setCurrentIndex(m - 1)
        if n > PREVIEW_ROWS:
            self.message.setStyleSheet("color: #555;")
            self.message.setText(f"{n} rows; the first {PREVIEW_ROWS} are shown.")

    def _fail(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.table.size > 0)

    def column_names(self) -> list[str]:
        """The columns' names: the header's, else "column 1", "column 2", ..."""
        if self.header is not None:
            return list(self.header)
        return [f"column {j + 1}" for j in range(self.table.shape[1])]

    # ------------------------------------------------------------------ choosing
    def choose(self, x1: int, x2: int | None, target: int, task: str | None = None) -> None:
        """Select columns (0-based; ``x2`` None for 1-D data) and the target's kind."""
        self.x1_box.setCurrentIndex(self.x1_box.findData(x1))
        self.x2_box.setCurrentIndex(0 if x2 is None else self.x2_box.findData(x2))
        self.target_box.setCurrentIndex(self.target_box.findData(target))
        self.task_box.setCurrentIndex(self.task_box.findData(task))

    def selection(self) -> tuple[list[int], int, str | None]:
        """(input columns, target column, task or None) as chosen."""
        xs = [int(self.x1_box.currentData())]
        if self.x2_box.currentData() is not None:
            xs.append(int(self.x2_box.currentData()))
        return xs, int(self.target_box.currentData()), self.task_box.currentData()

    def load(self) -> CustomData | None:
        """Load the file with the chosen columns; on a problem show it and return None."""
        if self.table.size == 0:
            return None
        xs, target, task = self.selection()
        try:
            custom = load_csv(self.path, xs, target, task)
            # Checked here so the dialog stays open on data nnsim cannot train on.
            with_points(Experiment(), custom).validate()
        except (CSVError, InvalidExperimentError, ValueError, OSError) as exc:
            self._fail(str(exc))
            return None
        return custom

    def accept(self) -> None:
        custom = self.load()
        if custom is None:
            return
        self.custom = custom
        super().accept()


def apply_custom(window: MainWindow, custom: CustomData, name: str) -> bool:
    """Make ``custom`` the window's data set as one undoable edit; returns success."""
    exp = window.model.experiment
    new = with_points(exp, custom)
    if new == exp:
        window.statusBar().showMessage(f"{name} holds the data already in use", 4000)
        return True
    try:
        command = SetExperimentCommand(window.model, new, f"Import {name}")
    except InvalidExperimentError as exc:
        window.statusBar().showMessage(f"Not applied: {exc}", 8000)
        return False
    window.undo_stack.push(command)
    return True


def import_with_dialog(window: MainWindow, path: str | os.PathLike[str]) -> bool:
    """Show the import dialog for ``path``; on OK make its points the data set."""
    dialog = CsvImportDialog(path, window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.custom is None:
            return False
        return apply_custom(window, dialog.custom, dialog.path.name)
    finally:
        dialog.deleteLater()


def add_data_panel_buttons(window: MainWindow) -> QWidget:
    """Put "Import CSV…" and the draw-mode toggle in the window's data panel.

    The data is made or brought in where it is chosen; the buttons share the File
    menu's and the output view's actions, so their state stays in one place.
    """
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for action in (window.import_csv_action, window.draw_mode.action):
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(button)
    layout.addStretch(1)
    box = window.data_panel.layout()
    if isinstance(box, QVBoxLayout):
        box.insertWidget(1, row)  # right under the data set's form
    else:
        box.addWidget(row)
    return row
