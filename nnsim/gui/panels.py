"""What the data and hyper-parameter panels share.

Every widget edit becomes a :class:`~nnsim.gui.commands.SetExperimentCommand` on the
window's undo stack (consecutive edits of one spin box merge into one undo step);
the panels never change the model directly. Model -> widget updates run under
``QSignalBlocker`` so they do not echo back as new edits (DESIGN conventions 9, 11):
the helpers here (:func:`set_value_quietly`, :func:`select_data` ...) do that. Combo
boxes are filled from the core registries, so a new data set, activation, loss or
optimizer appears without touching the panels; their entries show the registries'
display labels in the UI language (:func:`nnsim.gui.i18n.localize`) and are
re-labelled in place when the language changes, keeping data and selection. Every
field where a number is typed is a :mod:`nnsim.gui.number_field` widget, which reads
scientific notation and the language's decimal separator and refuses anything else
with a message at the field (forwarded as :attr:`PanelBase.rejected`).

The forms fit narrow columns at presentation text sizes: each field is as wide as the
longest value it shows, rows put their field under the label when the column is too
narrow for both (``QFormLayout.WrapLongRows``), and rows of buttons wrap
(:class:`~nnsim.gui.widgets.FlowLayout`). So a panel's ``minimumSizeHint()`` is the
size at which nothing is clipped, in every language and at every text scale. The two
panels are :class:`nnsim.gui.data_panel.DataPanel` and
:class:`nnsim.gui.hyper_panel.HyperPanel`.
"""


from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QWidget,
)

from nnsim.core.experiment import (
    Experiment,
    InvalidExperimentError,
)
from nnsim.gui.commands import NO_MERGE, SetExperimentCommand, field_id
from nnsim.gui.i18n import Retranslating, localize
from nnsim.gui.number_field import NumberCombo, NumberField
from nnsim.gui.theme import Theme
from nnsim.model import ExperimentModel, kind_of_change
from nnsim.model.controls import CONTROLS

#: Space between the widgets of one form row, and between form rows.
SPACING = 4




def control_label(name: str) -> str:
    """The panel row label (and menu text) of control ``name`` in the UI language."""
    return localize(CONTROLS[name])


def error_text(exc: BaseException) -> str:
    """A refused edit's or a bad file's message in the UI language.

    The core's errors carry their text as a translatable Message (``exc.message``);
    anything else is shown as it is.
    """
    return localize(getattr(exc, "message", None) or str(exc))


def select_data(combo: QComboBox, data: object) -> None:
    blocker = QSignalBlocker(combo)
    combo.setCurrentIndex(combo.findData(data))
    del blocker


def relabel_items(combo: QComboBox, label_of: Callable[[object], str]) -> None:
    """Re-label every entry in place (data and current index kept, no signal)."""
    blocker = QSignalBlocker(combo)
    for i in range(combo.count()):
        combo.setItemText(i, label_of(combo.itemData(i)))
    del blocker


def set_value_quietly(box: NumberField | NumberCombo, value: float) -> None:
    blocker = QSignalBlocker(box)
    box.setValue(value)
    del blocker


def set_checked_quietly(box: QCheckBox, checked: bool) -> None:
    blocker = QSignalBlocker(box)
    box.setChecked(checked)
    del blocker


def enable_items(combo: QComboBox, ok: Callable[[str], bool]) -> None:
    """Grey out the combo entries whose data fails ``ok`` (they would be invalid now)."""
    model = combo.model()
    if not isinstance(model, QStandardItemModel):
        return
    for i in range(combo.count()):
        model.item(i).setEnabled(ok(combo.itemData(i)))


def is_valid(exp: Experiment) -> bool:
    try:
        exp.validate()
    except InvalidExperimentError:
        return False
    return True


def form_layout() -> QFormLayout:
    """A form whose rows put the field under the label when the column is narrow."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(SPACING)
    return form


def row_layout(*widgets: QWidget, stretch: int = 0) -> QHBoxLayout:
    """Widgets side by side in one form field; widget ``stretch`` takes the spare width."""
    box = QHBoxLayout()
    box.setSpacing(SPACING)
    for i, w in enumerate(widgets):
        box.addWidget(w, 1 if i == stretch else 0)
    return box


class PanelBase(Retranslating, QWidget):
    """Shared plumbing: turn widget edits into undo commands, follow the model.

    Signals
    -------
    rejected(str)
        An edit was refused by the model's validation (message for the status bar, in
        the UI language); the widgets were reset to the model.

    Attributes
    ----------
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    rejected = Signal(str)

    def __init__(self, model: ExperimentModel, stack: QUndoStack, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._model = model
        self._stack = stack
        self.theme = Theme()
        # Hideable controls (see nnsim.model.controls): form rows, and loose widgets.
        self._control_rows: dict[str, list[tuple[QFormLayout, QWidget | QLayout]]] = {}
        self._control_widgets: dict[str, list[QWidget]] = {}
        #: Row labels by control name (their texts are the controls' names).
        self._row_labels: dict[str, QLabel] = {}
        #: Labels drawn in the theme's secondary colour (captions beside a field).
        self._secondary: list[QLabel] = []
        model.changed.connect(self._on_model_changed)

    @property
    def experiment(self) -> Experiment:
        return self._model.experiment

    #: Show an experiment in the widgets without emitting edits (each panel defines it).
    refresh: Callable[[Experiment], None]

    def _on_model_changed(self, _old: Experiment, new: Experiment, _kind: str) -> None:
        self.refresh(new)

    def _watch_numbers(self, *fields: NumberField | NumberCombo) -> None:
        """A typed number a field refuses (shown at the field) goes to the status bar too."""
        for field in fields:
            field.refused.connect(self.rejected.emit)

    def _add_control_row(self, form: QFormLayout, name: str, field: QWidget | QLayout) -> None:
        """A form row labelled with control ``name``, remembered as hideable."""
        label = QLabel()
        if isinstance(field, QWidget):
            label.setBuddy(field)
        form.addRow(label, field)
        self._row_labels[name] = label
        self._control_rows.setdefault(name, []).append((form, field))

    def retranslate_ui(self) -> None:
        """The row labels; each panel adds its own texts and then shows the model."""
        for name, label in self._row_labels.items():
            label.setText(control_label(name))

    def apply_theme(self, theme: Theme) -> None:
        """Colour the panel's captions with ``theme`` (idempotent).

        Everything else is standard controls, which follow the application palette
        and font that the window sets with the theme.
        """
        self.theme = theme
        palette = QPalette()  # no role set: the others keep following the application
        palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.secondary))
        for label in self._secondary:
            label.setPalette(palette)

    def show_controls(self, hidden: Sequence[str]) -> None:
        """Hide the rows of the controls named in ``hidden``, show the others."""
        for name, rows in self._control_rows.items():
            for form, field in rows:
                # Hides the row's label and every widget of its field together.
                form.setRowVisible(field, name not in hidden)
        for name, widgets in self._control_widgets.items():
            for widget in widgets:
                widget.setVisible(name not in hidden)

    def control_visible(self, name: str) -> bool:
        """Whether the control ``name`` (a :data:`CONTROLS` key) of this panel is shown."""
        for form, field in self._control_rows.get(name, []):
            return form.isRowVisible(field)
        for widget in self._control_widgets.get(name, []):
            return not widget.isHidden()
        raise KeyError(f"{name!r} is not a control of this panel")

    def _commit(self, text: str, field: str, new: Experiment, merge: bool = True) -> None:
        """Push ``new`` as one undoable edit named ``text``; refuse it if invalid."""
        old = self._model.experiment
        if new.weights is not None and new.layer_sizes != old.layer_sizes:
            # Stored weights no longer fit the network: the edited document starts afresh.
            new = new.without_weights()
        if kind_of_change(old, new) is None:
            return
        try:
            command = SetExperimentCommand(
                self._model, new, text, field_id(field) if merge else NO_MERGE
            )
        except InvalidExperimentError as exc:
            self.refresh(old)
            self.rejected.emit(error_text(exc))
            return
        self._stack.push(command)

    def _hyper(self, text: str, field: str, merge: bool = True, **changes: object) -> None:
        exp = self.experiment
        self._commit(
            text, f"hyper.{field}", replace(exp, hyper=replace(exp.hyper, **changes)), merge
        )


