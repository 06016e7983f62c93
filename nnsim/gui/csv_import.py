"""Import a CSV file with a preview and a choice of columns (File > Import CSV…).

The dialog reads and parses the file once (:func:`nnsim.storage.read_csv_table`, the
load path every import takes, so a bad file gets the same one message naming the file,
row and column), shows its first rows, and lets the lecturer choose which columns are
x1, x2 (or none, for 1-D data) and the target, and whether the target is a class or a
value. OK makes the points from that parsed table
(:meth:`nnsim.core.csv_data.CSVTable.custom`, the same checks as every other import)
and :func:`apply_custom` makes them the data set as one undoable edit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.csv_data import CSVTable, infer_task
from nnsim.core.experiment import CustomData, Experiment, InvalidExperimentError
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.gui.commands import SetExperimentCommand
from nnsim.gui.data_panel import DataPanel
from nnsim.gui.i18n import Retranslating, localize
from nnsim.gui.panels import error_text, relabel_items
from nnsim.gui.widgets import FitComboBox, FlowLayout
from nnsim.model.data_edits import with_points
from nnsim.storage import LoadError, read_csv_table

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from nnsim.gui.app_context import AppContext

#: Rows shown in the preview table.
PREVIEW_ROWS = 20
#: The target's kinds: (menu text, a translatable Message; task).
_TASKS = (
    (QT_TRANSLATE_NOOP("CsvImportDialog", "inferred from the target"), None),
    (QT_TRANSLATE_NOOP("CsvImportDialog", "class"), "classification"),
    (QT_TRANSLATE_NOOP("CsvImportDialog", "value"), "regression"),
)


class CsvImportDialog(Retranslating, QDialog):
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
    parsed : CSVTable or None
        The file as parsed once when the dialog opened; OK makes points of it for the
        chosen columns without reading the file again.
    x1_box, x2_box, target_box, task_box : QComboBox
    message : QLabel
        What is wrong with the file or the choice, or how many rows it has.
    message_icon : QLabel
        A warning sign beside the message while it names a problem.
    task_note : QLabel
        While "target is a" is left to inference: how the target column will be read
        and why (e.g. many distinct whole numbers make it a value, not classes);
        hidden when the lecturer chose the kind.
    custom : CustomData or None
        The loaded points once the dialog was accepted.
    """

    def __init__(self, path: str | os.PathLike[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.custom: CustomData | None = None
        self.parsed: CSVTable | None = None
        #: The message shown now, made in the UI language when it is shown (or None).
        self._message: Callable[[], str] | None = None
        self._problem = False
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.x1_box = FitComboBox()
        self.x2_box = FitComboBox()
        self.target_box = FitComboBox()
        self.task_box = FitComboBox()
        for text, task in _TASKS:
            self.task_box.addItem(text, task)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message_icon = QLabel()
        self.message_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message_icon.hide()
        self.task_note = QLabel()
        self.task_note.setWordWrap(True)
        self.task_note.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.first_rows = QLabel()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._form_labels = [QLabel() for _ in range(4)]
        boxes = (self.x1_box, self.x2_box, self.target_box, self.task_box)
        for label, box in zip(self._form_labels, boxes, strict=True):
            label.setBuddy(box)
            self.form.addRow(label, box)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message_icon)
        message_row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.first_rows)
        layout.addWidget(self.preview, 1)
        layout.addLayout(self.form)
        layout.addWidget(self.task_note)
        layout.addLayout(message_row)
        layout.addWidget(self.buttons)
        self.resize(560, 480)
        self._read()
        # After _read: filling the boxes must not run the note on a half-built table.
        self.target_box.currentIndexChanged.connect(self._update_task_note)
        self.task_box.currentIndexChanged.connect(self._update_task_note)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the UI language (the choices are kept)."""
        name = self.path.name
        self.setWindowTitle(self.tr("Import {file}").format(file=name))
        self.first_rows.setText(self.tr("First rows of {file}:").format(file=name))
        for label, text in zip(
            self._form_labels,
            (
                self.tr("x₁ column"),
                self.tr("x₂ column"),
                self.tr("target column"),
                self.tr("target is a"),
            ),
            strict=True,
        ):
            label.setText(text)
        task_texts = {task: text for text, task in _TASKS}
        relabel_items(self.task_box, lambda task: localize(task_texts[task]))
        if self.table.size:
            names = self.column_names()
            self.preview.setHorizontalHeaderLabels(names)

            def column(j: object) -> str:
                return self.tr("none (1-D data)") if j is None else names[int(j)]

            for box in (self.x1_box, self.target_box, self.x2_box):
                relabel_items(box, column)
        self._show_message()
        self._update_task_note()

    # ------------------------------------------------------------------ reading
    def _read(self) -> None:
        try:
            self.parsed = read_csv_table(self.path)
        except LoadError as exc:
            self._fail(exc)
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
        self.x2_box.addItem(self.tr("none (1-D data)"), None)
        for j, name in enumerate(names):
            self.x2_box.addItem(name, j)
        # The common layout: inputs first, the target last.
        self.x1_box.setCurrentIndex(0)
        self.x2_box.setCurrentIndex(2 if m >= 3 else 0)
        self.target_box.setCurrentIndex(m - 1)
        if n > PREVIEW_ROWS:
            self._show_message(
                lambda: self.tr("{rows} rows; the first {shown} are shown.").format(
                    rows=n, shown=PREVIEW_ROWS
                ),
                problem=False,
            )

    def _fail(self, exc: BaseException) -> None:
        self._show_message(lambda: error_text(exc), problem=True)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.table.size > 0)

    def _show_message(self, make: Callable[[], str] | None = None, problem: bool = False) -> None:
        """Show ``make()`` (a problem with a warning sign); no argument: show it again."""
        if make is not None:
            self._message, self._problem = make, problem
        self.message.setText(self._message() if self._message is not None else "")
        show_icon = self._problem and self._message is not None
        if show_icon:
            size = self.message.fontMetrics().height()
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.message_icon.setPixmap(icon.pixmap(size, size))
        self.message_icon.setVisible(show_icon)

    def _update_task_note(self) -> None:
        """Say how the target column will be read while its kind is left to inference.

        A label column with 9 or 1,000 distinct whole numbers used to become regression
        without a word; the note says so, and why, before the lecturer trains on it.
        """
        target = self.target_box.currentData()
        if self.table.size == 0 or target is None or self.task_box.currentData() is not None:
            self.task_note.hide()
            return
        note = infer_task(self.table[:, int(target)]).note
        self.task_note.setText(localize(note))
        self.task_note.setVisible(bool(note))

    @property
    def header(self) -> list[str] | None:
        """The file's column names, or None without a header (or a file not parsed)."""
        return self.parsed.header if self.parsed is not None else None

    @property
    def table(self) -> np.ndarray:
        """The parsed numbers, shape (n_rows, n_columns); empty if the file was not parsed."""
        return self.parsed.values if self.parsed is not None else np.zeros((0, 0))

    def column_names(self) -> list[str]:
        """The columns' names in the UI language: the header's, else "column 1", ..."""
        if self.header is not None:
            return [localize(name) for name in self.header]
        return [self.tr("column {n}").format(n=j + 1) for j in range(self.table.shape[1])]

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
        if self.parsed is None or self.table.size == 0:
            return None
        xs, target, task = self.selection()
        try:
            custom = self.parsed.custom(xs, target, task)
            # Checked here so the dialog stays open on data nnsim cannot train on.
            with_points(Experiment(), custom).validate()
        except ValueError as exc:  # CSVError and InvalidExperimentError among them
            self._fail(exc)
            return None
        return custom

    def accept(self) -> None:
        custom = self.load()
        if custom is None:
            return
        self.custom = custom
        super().accept()


def apply_custom(
    context: AppContext,
    custom: CustomData,
    name: str,
    refused: Callable[[InvalidExperimentError], None] | None = None,
) -> bool:
    """Make ``custom`` the document's data set as one undoable edit; returns success.

    Parameters
    ----------
    context : AppContext
        The document, its undo stack and the status bar (``notify``).
    custom : CustomData
        The imported points.
    name : str
        The file's name, for the undo text and the status bar.
    refused : callable, optional
        Told why the points do not fit the experiment (then nothing changes); by
        default the reason is shown in the status bar.
    """
    exp = context.model.experiment
    new = with_points(exp, custom)
    if new == exp:
        context.notify(
            QCoreApplication.translate("CsvImport", "{file} holds the data already in use").format(
                file=name
            ),
            4000,
        )
        return True
    try:
        # A Message, so Edit > Undo follows a language switch.
        text = QT_TRANSLATE_NOOP("CsvImport", "Import {file}").format(file=name)
        command = SetExperimentCommand(context.model, new, text)
    except InvalidExperimentError as exc:
        if refused is not None:
            refused(exc)
            return False
        context.notify(
            QCoreApplication.translate("CsvImport", "Not applied: {error}").format(
                error=error_text(exc)
            ),
            8000,
        )
        return False
    context.undo_stack.push(command)
    return True


def import_with_dialog(context: AppContext, path: str | os.PathLike[str]) -> bool:
    """Show the import dialog for ``path``; on OK make its points the data set."""
    dialog = CsvImportDialog(path, context.dialog_parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.custom is None:
            return False
        return apply_custom(context, dialog.custom, dialog.path.name)
    finally:
        dialog.deleteLater()


class DataSourceButtons(Retranslating, QWidget):
    """The data panel's "Import CSV…" and "Draw data points" buttons, wrapping when narrow.

    They show the window's actions (File > Import CSV…, draw mode's toggle), so their
    state lives in one place; their texts are the actions' icon texts (no mnemonic):
    the import action's is set here, in the UI language, draw mode sets its own.
    """

    def __init__(self, import_action: QAction, draw_action: QAction) -> None:
        super().__init__()
        self._import_action = import_action
        self.buttons: list[QToolButton] = []
        layout = FlowLayout(self)
        for action in (import_action, draw_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            layout.addWidget(button)
            self.buttons.append(button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The import button's text in the UI language."""
        action = self._import_action
        if shiboken6.isValid(action):  # a window being torn down still sends the event
            action.setIconText(self.tr("Import CSV…"))


def add_data_panel_buttons(
    panel: DataPanel, import_action: QAction, draw_action: QAction
) -> DataSourceButtons:
    """Put "Import CSV…" and the draw-mode toggle in the data panel.

    The data is made or brought in where it is chosen; the buttons share the File
    menu's and the output view's actions, so their state stays in one place.
    """
    row = DataSourceButtons(import_action, draw_action)
    panel.add_tools(row)  # right under the data set's form
    return row
