"""The data & features panel and the hyper-parameter panel.

Every widget edit becomes a :class:`~nnsim.gui.commands.SetExperimentCommand` on the
window's undo stack (consecutive edits of one spin box merge into one undo step);
the panels never change the model directly. Model -> widget updates run under
``QSignalBlocker`` so they do not echo back as new edits (DESIGN conventions 9, 11).
Combo boxes are filled from the core registries, so a new data set, activation, loss
or optimizer appears here without touching this file; their entries show the
registries' display labels in the UI language (:func:`nnsim.gui.i18n.localize`) and
are re-labelled in place when the language changes, keeping data and selection.
Every field where a real number is typed is a :mod:`nnsim.gui.number_field` widget,
which reads scientific notation and the language's decimal separator and refuses
anything else with a message at the field (forwarded as :attr:`_Panel.rejected`).

The forms fit narrow columns at presentation text sizes: each field is as wide as the
longest value it shows, rows put their field under the label when the column is too
narrow for both (``QFormLayout.WrapLongRows``), and rows of buttons wrap
(:class:`FlowLayout`). So a panel's ``minimumSizeHint()`` is the size at which nothing
is clipped, in every language and at every text scale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QMargins, QPoint, QRect, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.datasets import CUSTOM_LABEL, DATASETS
from nnsim.core.experiment import (
    MAX_SEED,
    REGULARIZATION_LABELS,
    REGULARIZATIONS,
    CustomData,
    Experiment,
    InvalidExperimentError,
    LayerSpec,
    StopCondition,
)
from nnsim.core.features import FEATURES
from nnsim.core.losses import LOSSES
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.gui.commands import NO_MERGE, SetExperimentCommand, field_id
from nnsim.gui.i18n import Retranslating, localize
from nnsim.gui.number_field import NumberCombo, NumberField, WholeField
from nnsim.gui.theme import Theme
from nnsim.model import ExperimentModel, edits, kind_of_change
from nnsim.model.controls import CONTROLS
from nnsim.model.data_edits import with_head

#: TF Playground's learning rates; any other positive value can be typed.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: TF Playground's regularisation rates.
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: Space between the widgets of one form row, and between form rows.
_SPACING = 4
#: Undo texts ("Undo Momentum"), kept translatable (Messages: the stack is re-translated
#: on a language switch); edits of a row named by a control use the control's name.
MOMENTUM_EDIT = QT_TRANSLATE_NOOP("HyperPanel", "Momentum")
REG_RATE_EDIT = QT_TRANSLATE_NOOP("HyperPanel", "Regularisation rate")
WIDTH_EDIT = QT_TRANSLATE_NOOP("HyperPanel", "Neurons per layer")
STOP_EDIT = QT_TRANSLATE_NOOP("HyperPanel", "Stop condition")
#: The stop fields' names in messages about a refused typed number.
STOP_EPOCH_NAME = QT_TRANSLATE_NOOP("HyperPanel", "Stop epoch")
STOP_LOSS_NAME = QT_TRANSLATE_NOOP("HyperPanel", "Stop test loss")


def control_label(name: str) -> str:
    """The panel row label (and menu text) of control ``name`` in the UI language."""
    return localize(CONTROLS[name])


def error_text(exc: BaseException) -> str:
    """A refused edit's or a bad file's message in the UI language.

    The core's errors carry their text as a translatable Message (``exc.message``);
    anything else is shown as it is.
    """
    return localize(getattr(exc, "message", None) or str(exc))


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


def _select_data(combo: QComboBox, data: object) -> None:
    blocker = QSignalBlocker(combo)
    combo.setCurrentIndex(combo.findData(data))
    del blocker


def _relabel(combo: QComboBox, label_of: Callable[[object], str]) -> None:
    """Re-label every entry in place (data and current index kept, no signal)."""
    blocker = QSignalBlocker(combo)
    for i in range(combo.count()):
        combo.setItemText(i, label_of(combo.itemData(i)))
    del blocker


def _set_value(box: NumberField | NumberCombo, value: float) -> None:
    blocker = QSignalBlocker(box)
    box.setValue(value)
    del blocker


def _set_checked(box: QCheckBox, checked: bool) -> None:
    blocker = QSignalBlocker(box)
    box.setChecked(checked)
    del blocker


def _enable_items(combo: QComboBox, ok: Callable[[str], bool]) -> None:
    """Grey out the combo entries whose data fails ``ok`` (they would be invalid now)."""
    model = combo.model()
    if not isinstance(model, QStandardItemModel):
        return
    for i in range(combo.count()):
        model.item(i).setEnabled(ok(combo.itemData(i)))


def _is_valid(exp: Experiment) -> bool:
    try:
        exp.validate()
    except InvalidExperimentError:
        return False
    return True


def _form() -> QFormLayout:
    """A form whose rows put the field under the label when the column is narrow."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(_SPACING)
    return form


def _row(*widgets: QWidget, stretch: int = 0) -> QHBoxLayout:
    """Widgets side by side in one form field; widget ``stretch`` takes the spare width."""
    box = QHBoxLayout()
    box.setSpacing(_SPACING)
    for i, w in enumerate(widgets):
        box.addWidget(w, 1 if i == stretch else 0)
    return box


class _Panel(Retranslating, QWidget):
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
            new = replace(new, weights=None, step=0)
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


# --------------------------------------------------------------------------- data


class DataPanel(_Panel):
    """Data set, noise, split, sample count, data seed and the input features.

    Rows of tools that bring data in (Import CSV…, Draw data points:
    :func:`nnsim.gui.csv_import.add_data_panel_buttons`) go under the form
    (:meth:`add_tools`).
    """

    def __init__(
        self, model: ExperimentModel, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(model, stack, parent)
        self.dataset_combo = FitComboBox()
        for name in DATASETS:
            self.dataset_combo.addItem(name, name)  # labelled in retranslate_ui
        # Noise and split are fractions shown in percent; a typed 12.5 means 12.5 %.
        self.noise_spin = NumberField(
            "data.noise", CONTROLS["data.noise"], step=5, scale=100, suffix=" %"
        )
        self.ratio_spin = NumberField(
            "data.train_fraction", CONTROLS["data.train_fraction"], step=10, scale=100, suffix=" %"
        )
        self._watch_numbers(self.noise_spin, self.ratio_spin)
        self.samples_spin = WholeField("data.n_samples", CONTROLS["data.n_samples"], step=50)
        self.classes_spin = WholeField("data.n_classes", CONTROLS["data.n_classes"])
        self.seed_spin = WholeField("data.seed", CONTROLS["data.seed"])
        self._watch_numbers(self.samples_spin, self.classes_spin, self.seed_spin)
        self.regenerate_button = QPushButton()
        self.regenerate_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.feature_boxes: dict[str, QCheckBox] = {}

        form = _form()
        row = self._add_control_row
        row(form, "data.dataset", self.dataset_combo)
        row(form, "data.noise", self.noise_spin)
        row(form, "data.train_fraction", self.ratio_spin)
        row(form, "data.n_samples", self.samples_spin)
        row(form, "data.n_classes", self.classes_spin)
        seed = FlowLayout(spacing=_SPACING)
        seed.addWidget(self.seed_spin)
        seed.addWidget(self.regenerate_button)
        seed.set_stretch(self.seed_spin)
        row(form, "data.seed", seed)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        for i, (name, feat) in enumerate(FEATURES.items()):
            box = QCheckBox(feat.label)  # math, the same in every language
            box.toggled.connect(lambda _on, n=name: self._on_feature_toggled(n))
            self.feature_boxes[name] = box
            grid.addWidget(box, i // 3, i % 3)
        grid.setColumnStretch(3, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        self._tools_at = 1  # where add_tools puts the next row
        self.features_title = QLabel()
        bold = QFont()  # only the weight: the size follows the application font
        bold.setBold(True)
        self.features_title.setFont(bold)
        layout.addWidget(self.features_title)
        layout.addLayout(grid)
        self._control_widgets["data.features"] = [
            self.features_title,
            *self.feature_boxes.values(),
        ]
        layout.addStretch(1)

        self.dataset_combo.currentIndexChanged.connect(self._on_dataset_changed)
        self.noise_spin.valueChanged.connect(
            lambda v: self._data(CONTROLS["data.noise"], "noise", noise=v / 100.0)
        )
        self.ratio_spin.valueChanged.connect(
            lambda v: self._data(
                CONTROLS["data.train_fraction"], "train_fraction", train_fraction=v / 100.0
            )
        )
        self.samples_spin.valueChanged.connect(
            lambda v: self._data(CONTROLS["data.n_samples"], "n_samples", n_samples=int(v))
        )
        self.classes_spin.valueChanged.connect(
            lambda v: self._data(CONTROLS["data.n_classes"], "n_classes", n_classes=int(v))
        )
        self.seed_spin.valueChanged.connect(
            lambda v: self._data(CONTROLS["data.seed"], "seed", seed=int(v))
        )
        self.regenerate_button.clicked.connect(self._on_regenerate)
        self._last_custom: CustomData | None = None  # the last imported/drawn points
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def add_tools(self, row: QWidget) -> None:
        """Show ``row`` under the form (after the rows added before it)."""
        box = self.layout()
        assert isinstance(box, QVBoxLayout)
        box.insertWidget(self._tools_at, row)
        self._tools_at += 1

    def retranslate_ui(self) -> None:
        """Every text of the panel in the UI language (the experiment is untouched)."""
        super().retranslate_ui()
        combo = self.dataset_combo
        _relabel(
            combo,
            lambda name: (
                localize(DATASETS[name].label) if name in DATASETS else localize(CUSTOM_LABEL)
            ),
        )
        for i in range(combo.count()):
            info = DATASETS.get(combo.itemData(i))
            if info is None:
                tip = self.tr("Points drawn by hand or imported from a CSV file")
            elif info.task == "classification":
                tip = self.tr("classification, {dims}-D").format(dims=info.dims)
            else:
                tip = self.tr("regression, {dims}-D").format(dims=info.dims)
            combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        self.regenerate_button.setText(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(self.tr("Draw new data points (next data seed)"))
        self.features_title.setText(control_label("data.features"))
        for name, box in self.feature_boxes.items():
            box.setToolTip(
                self.tr("Feed {feature} into the network").format(feature=FEATURES[name].label)
            )
        self.refresh(self.experiment)

    def refresh(self, exp: Experiment) -> None:
        """Show ``exp`` in the widgets without emitting edits."""
        d = exp.data
        if d.custom is not None:
            # Remembered so "Custom data" stays choosable after an undo removed the points.
            self._last_custom = d.custom
        combo = self.dataset_combo
        if d.dataset not in DATASETS and combo.findData(d.dataset) < 0:
            # Imported points: an entry of their own, so the combo can show them.
            blocker = QSignalBlocker(combo)
            combo.addItem(localize(CUSTOM_LABEL), d.dataset)
            combo.setItemData(
                combo.count() - 1,
                self.tr("Points drawn by hand or imported from a CSV file"),
                Qt.ItemDataRole.ToolTipRole,
            )
            del blocker
        _select_data(combo, d.dataset)
        # Rounded: 0.07 * 100 is 7.000000000000001, and the field shows what it holds.
        _set_value(self.noise_spin, round(d.noise * 100, 9))
        _set_value(self.ratio_spin, round(d.train_fraction * 100, 9))
        _set_value(self.samples_spin, d.n_samples)
        _set_value(self.classes_spin, d.n_classes)
        _set_value(self.seed_spin, d.seed)
        info = DATASETS.get(d.dataset)
        self.classes_spin.setEnabled(info is not None and info.multiclass)
        dims = exp.input_dims
        for name, box in self.feature_boxes.items():
            _set_checked(box, name in exp.features)
            box.setEnabled(FEATURES[name].dims_required <= dims)
        self.show_controls(exp.hidden_controls)

    # ------------------------------------------------------------------ edits
    def _data(self, text: str, field: str, **changes: object) -> None:
        exp = self.experiment
        self._commit(text, f"data.{field}", with_head(exp, replace(exp.data, **changes)))

    def _on_dataset_changed(self, index: int) -> None:
        name = self.dataset_combo.itemData(index)
        if name is None:
            return
        exp = self.experiment
        changes: dict[str, object] = {"dataset": name}
        if name not in DATASETS and exp.data.custom is None:
            custom = self._last_custom
            if custom is None:
                self.refresh(exp)  # nothing to show: put the combo back
                return
            changes["custom"] = custom
        self._commit(
            CONTROLS["data.dataset"],
            "data.dataset",
            with_head(exp, replace(exp.data, **changes)),
            False,
        )

    def _on_regenerate(self) -> None:
        exp = self.experiment
        seed = (exp.data.seed + 1) % (MAX_SEED + 1)
        self._commit(
            QT_TRANSLATE_NOOP("DataPanel", "Regenerate data"),
            "data.seed",
            replace(exp, data=replace(exp.data, seed=seed)),
            False,
        )

    def _on_feature_toggled(self, name: str) -> None:
        exp = self.experiment
        on = self.feature_boxes[name].isChecked()
        # Keep the registry's order, so input node i is always the same feature.
        features = tuple(
            f for f in FEATURES if (f == name and on) or (f != name and f in exp.features)
        )
        self._commit(
            QT_TRANSLATE_NOOP("DataPanel", "Feature {feature}").format(
                feature=FEATURES[name].label
            ),
            f"features.{name}",
            replace(exp, features=features),
            False,
        )


# --------------------------------------------------------------------------- hyper


def layer_sizes_text(sizes: Sequence[int]) -> str:
    """Layer sizes as "2-4-2-1", breakable after each dash (a zero-width space)."""
    return "-\u200b".join(str(n) for n in sizes)


class HyperPanel(_Panel):
    """Learning rate, activation, architecture size, loss, optimizer, regularisation,
    batch size, weight seed and the stop condition."""

    #: ``request_edit(make, merge_id) -> bool``, set by the main window: the network
    #: editor's path. With it the layer-count and width boxes are editor edits (weights
    #: kept by unit id, restored by undo); without it (a panel on its own) they replace
    #: the experiment like the other boxes.
    request_edit: Callable[..., bool] | None = None

    def __init__(
        self, model: ExperimentModel, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(model, stack, parent)
        # Combo entries hold registry keys as data; retranslate_ui labels them.
        self.lr_combo = NumberCombo(
            "hyper.learning_rate", CONTROLS["hyper.learning_rate"], LEARNING_RATES
        )
        self.activation_combo = FitComboBox()
        for name in ACTIVATIONS:
            self.activation_combo.addItem(name, name)
        self.layers_spin = WholeField("hidden.count", CONTROLS["hyper.layers"])
        self.width_spin = WholeField("hidden.width", WIDTH_EDIT)
        self.output_combo = FitComboBox()
        for name in OUTPUT_ACTIVATIONS:
            self.output_combo.addItem(name, name)
        self.loss_combo = FitComboBox()
        for name in LOSSES:
            self.loss_combo.addItem(name, name)
        self.optimizer_combo = FitComboBox()
        for name in OPTIMIZERS:
            self.optimizer_combo.addItem(name, name)
        self.beta_label = QLabel("β")  # the symbol of the formulas, in every language
        self.momentum_spin = NumberField("hyper.momentum", MOMENTUM_EDIT, step=0.05)
        self.reg_combo = FitComboBox()
        for name in REGULARIZATIONS:
            self.reg_combo.addItem(name, name)
        self.reg_rate_combo = NumberCombo("hyper.reg_rate", REG_RATE_EDIT, REG_RATES)
        self.batch_spin = WholeField("hyper.batch_size", CONTROLS["hyper.batch_size"])
        self.seed_spin = WholeField("seed", CONTROLS["hyper.seed"])
        self.stop_epoch_box = QCheckBox()
        self.stop_epoch_spin = NumberField("stop.epoch", STOP_EPOCH_NAME, step=1)
        self.stop_epoch_spin.setValue(100)
        self.stop_loss_box = QCheckBox()
        self.stop_loss_spin = NumberField("stop.test_loss_below", STOP_LOSS_NAME, step=0.01)
        self.stop_loss_spin.setValue(0.05)
        self._watch_numbers(
            self.lr_combo,
            self.layers_spin,
            self.width_spin,
            self.batch_spin,
            self.seed_spin,
            self.momentum_spin,
            self.reg_rate_combo,
            self.stop_epoch_spin,
            self.stop_loss_spin,
        )
        self.sizes_label = QLabel()
        # "2-4-2-1" breaks onto a second line rather than widen a narrow column.
        self.sizes_label.setWordWrap(True)
        self._secondary.append(self.sizes_label)

        form = _form()
        form.setContentsMargins(6, 6, 6, 6)
        self.setLayout(form)
        row = self._add_control_row
        row(form, "hyper.learning_rate", self.lr_combo)
        row(form, "hyper.activation", self.activation_combo)
        row(form, "hyper.layers", _row(self.layers_spin, self.sizes_label, stretch=1))
        row(form, "hyper.width", self.width_spin)
        row(form, "hyper.output", self.output_combo)
        row(form, "hyper.loss", self.loss_combo)
        optimizer = _row(self.optimizer_combo, self.beta_label, self.momentum_spin)
        row(form, "hyper.optimizer", optimizer)
        row(form, "hyper.regularization", _row(self.reg_combo, self.reg_rate_combo, stretch=1))
        row(form, "hyper.batch_size", self.batch_spin)
        row(form, "hyper.seed", self.seed_spin)
        # The check boxes label their spin boxes; a narrow column puts each box below.
        stop = _form()
        stop.addRow(self.stop_epoch_box, self.stop_epoch_spin)
        stop.addRow(self.stop_loss_box, self.stop_loss_spin)
        row(form, "hyper.stop", stop)

        self.lr_combo.valueChanged.connect(
            lambda v: self._hyper(
                CONTROLS["hyper.learning_rate"], "learning_rate", False, learning_rate=v
            )
        )
        self.activation_combo.currentIndexChanged.connect(self._on_activation_changed)
        self.layers_spin.valueChanged.connect(self._on_layers_changed)
        self.width_spin.valueChanged.connect(self._on_width_changed)
        self.output_combo.currentIndexChanged.connect(self._on_output_changed)
        self.loss_combo.currentIndexChanged.connect(self._on_loss_changed)
        self.optimizer_combo.currentIndexChanged.connect(
            lambda _i: self._hyper(
                CONTROLS["hyper.optimizer"],
                "optimizer",
                False,
                optimizer=self.optimizer_combo.currentData(),
            )
        )
        self.momentum_spin.valueChanged.connect(
            lambda v: self._hyper(MOMENTUM_EDIT, "momentum", momentum=float(v))
        )
        self.reg_combo.currentIndexChanged.connect(
            lambda _i: self._hyper(
                CONTROLS["hyper.regularization"],
                "regularization",
                False,
                regularization=self.reg_combo.currentData(),
            )
        )
        self.reg_rate_combo.valueChanged.connect(
            lambda v: self._hyper(REG_RATE_EDIT, "reg_rate", False, reg_rate=v)
        )
        self.batch_spin.valueChanged.connect(
            lambda v: self._hyper(
                CONTROLS["hyper.batch_size"], "batch_size", batch_size=int(v)
            )
        )
        self.seed_spin.valueChanged.connect(
            lambda v: self._commit(
                CONTROLS["hyper.seed"], "seed", replace(self.experiment, seed=int(v))
            )
        )
        for widget in (self.stop_epoch_box, self.stop_loss_box):
            widget.toggled.connect(self._on_stop_edited)
        for widget in (self.stop_epoch_spin, self.stop_loss_spin):
            widget.valueChanged.connect(self._on_stop_edited)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the panel in the UI language (the experiment is untouched)."""
        super().retranslate_ui()
        _relabel(self.activation_combo, lambda name: localize(ACTIVATIONS[name].label))
        _relabel(self.output_combo, lambda name: localize(OUTPUT_ACTIVATIONS[name].label))
        _relabel(self.loss_combo, lambda name: localize(LOSSES[name].label))
        _relabel(self.optimizer_combo, lambda name: localize(OPTIMIZERS[name].label))
        _relabel(self.reg_combo, lambda name: localize(REGULARIZATION_LABELS[name]))
        self.width_spin.setToolTip(self.tr("Neurons in every hidden layer (sets them all)"))
        self.sizes_label.setToolTip(self.tr("Neurons per layer, inputs to output"))
        momentum = self.tr("Momentum (β₁ for Adam)")
        self.beta_label.setToolTip(momentum)
        self.momentum_spin.setToolTip(momentum)
        self.reg_rate_combo.setToolTip(localize(REG_RATE_EDIT))
        self.seed_spin.setToolTip(
            self.tr("Seed of the initial weights (Reset draws the same ones again)")
        )
        self.stop_epoch_box.setText(self.tr("at epoch"))
        self.stop_epoch_box.setToolTip(self.tr("Stop training when this epoch is reached"))
        self.stop_loss_box.setText(self.tr("test loss <"))
        self.stop_loss_box.setToolTip(
            self.tr("Stop training when the test loss falls below this value")
        )
        self.refresh(self.experiment)  # the texts that depend on the experiment

    def refresh(self, exp: Experiment) -> None:
        """Show ``exp`` in the widgets without emitting edits."""
        h = exp.hyper
        _set_value(self.lr_combo, h.learning_rate)
        acts = {layer.activation for layer in exp.hidden}
        # Mixed activations (set per layer elsewhere) show an empty activation box.
        _select_data(self.activation_combo, acts.pop() if len(acts) == 1 else None)
        self.activation_combo.setEnabled(bool(exp.hidden))
        _set_value(self.layers_spin, len(exp.hidden))
        widths = {layer.width for layer in exp.hidden}
        if exp.hidden:
            _set_value(self.width_spin, max(widths))
        # Layers of different widths (edited in the network) show as "mixed" here.
        blocker = QSignalBlocker(self.width_spin)
        self.width_spin.setSuffix(self.tr(" (mixed)") if len(widths) > 1 else "")
        del blocker
        self.width_spin.setEnabled(bool(exp.hidden))
        self.sizes_label.setText(layer_sizes_text(exp.layer_sizes))
        _enable_items(self.output_combo, lambda name: _is_valid(_with_output(exp, name)))
        _select_data(self.output_combo, exp.output_activation)
        _enable_items(self.loss_combo, lambda name: _is_valid(_with_loss(exp, name)))
        _select_data(self.loss_combo, h.loss)
        _select_data(self.optimizer_combo, h.optimizer)
        _set_value(self.momentum_spin, h.momentum)
        _select_data(self.reg_combo, h.regularization)
        _set_value(self.reg_rate_combo, h.reg_rate)
        _set_value(self.batch_spin, h.batch_size)
        _set_value(self.seed_spin, exp.seed)
        stop = exp.stop
        _set_checked(self.stop_epoch_box, stop.epoch is not None)
        if stop.epoch is not None:
            _set_value(self.stop_epoch_spin, stop.epoch)
        self.stop_epoch_spin.setEnabled(stop.epoch is not None)
        _set_checked(self.stop_loss_box, stop.test_loss_below is not None)
        if stop.test_loss_below is not None:
            _set_value(self.stop_loss_spin, stop.test_loss_below)
        self.stop_loss_spin.setEnabled(stop.test_loss_below is not None)
        self.show_controls(exp.hidden_controls)

    # ------------------------------------------------------------------ edits
    def _on_activation_changed(self, _index: int) -> None:
        name = self.activation_combo.currentData()
        exp = self.experiment
        if name is None or not exp.hidden:
            return
        hidden = tuple(replace(layer, activation=name) for layer in exp.hidden)
        self._commit(
            CONTROLS["hyper.activation"],
            "hidden.activation",
            replace(exp, hidden=hidden),
            False,
        )

    def _network_edit(self, make: Callable[..., object], field: str) -> bool:
        """Send an architecture edit through :attr:`request_edit`; False if there is none."""
        if self.request_edit is None:
            return False
        if not self.request_edit(make, field_id(field)):
            self.refresh(self.experiment)  # refused or no change: show the model again
        return True

    def _on_layers_changed(self, count: int) -> None:
        if self._network_edit(
            lambda e, u: edits.set_layer_count(e, u, int(count)), "hidden.count"
        ):
            return
        exp = self.experiment
        hidden = list(exp.hidden[:count])
        # New layers copy the last one (or TF Playground's 4 tanh neurons).
        template = exp.hidden[-1] if exp.hidden else LayerSpec()
        while len(hidden) < count:
            hidden.append(template)
        self._commit(
            CONTROLS["hyper.layers"], "hidden.count", replace(exp, hidden=tuple(hidden))
        )

    def _on_width_changed(self, width: int) -> None:
        if self._network_edit(
            lambda e, u: edits.set_all_widths(e, u, int(width)), "hidden.width"
        ):
            return
        exp = self.experiment
        hidden = tuple(replace(layer, width=int(width)) for layer in exp.hidden)
        self._commit(WIDTH_EDIT, "hidden.width", replace(exp, hidden=hidden))

    def _on_output_changed(self, _index: int) -> None:
        name = self.output_combo.currentData()
        if name is not None:
            self._commit(
                QT_TRANSLATE_NOOP("HyperPanel", "Output activation"),
                "output_activation",
                _with_output(self.experiment, name),
                False,
            )

    def _on_loss_changed(self, _index: int) -> None:
        name = self.loss_combo.currentData()
        if name is not None:
            self._commit(
                CONTROLS["hyper.loss"], "hyper.loss", _with_loss(self.experiment, name), False
            )

    def _on_stop_edited(self, *_args: object) -> None:
        stop = StopCondition(
            epoch=int(self.stop_epoch_spin.value()) if self.stop_epoch_box.isChecked() else None,
            test_loss_below=(
                self.stop_loss_spin.value() if self.stop_loss_box.isChecked() else None
            ),
        )
        self._commit(STOP_EDIT, "stop", replace(self.experiment, stop=stop))


def _with_output(exp: Experiment, name: str) -> Experiment:
    """``exp`` with output activation ``name``, switching to a loss that accepts it."""
    new = replace(exp, output_activation=name)
    if not LOSSES[new.hyper.loss].accepts(name):
        for loss in LOSSES:
            candidate = replace(new, hyper=replace(new.hyper, loss=loss))
            if _is_valid(candidate):
                return candidate
    return new


def _with_loss(exp: Experiment, name: str) -> Experiment:
    """``exp`` with loss ``name``, switching to an output activation it accepts."""
    new = replace(exp, hyper=replace(exp.hyper, loss=name))
    if not LOSSES[name].accepts(new.output_activation):
        for out in OUTPUT_ACTIVATIONS:
            candidate = replace(new, output_activation=out)
            if _is_valid(candidate):
                return candidate
    return new
