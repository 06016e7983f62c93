"""The data & features panel and the hyper-parameter panel.

Every widget edit becomes a :class:`~nnsim.gui.commands.SetExperimentCommand` on the
window's undo stack (consecutive edits of one spin box merge into one undo step);
the panels never change the model directly. Model -> widget updates run under
``QSignalBlocker`` so they do not echo back as new edits (DESIGN conventions 9, 11).
Combo boxes are filled from the core registries, so a new data set, activation, loss
or optimizer appears here without touching this file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.datasets import DATASETS
from nnsim.core.experiment import (
    MAX_BATCH,
    MAX_CLASSES,
    MAX_HIDDEN_LAYERS,
    MAX_SAMPLES,
    MAX_WIDTH,
    MIN_SAMPLES,
    REGULARIZATIONS,
    CustomData,
    Experiment,
    InvalidExperimentError,
    LayerSpec,
    StopCondition,
    default_head,
)
from nnsim.core.features import FEATURES
from nnsim.core.losses import LOSSES
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.gui.commands import NO_MERGE, SetExperimentCommand, field_id
from nnsim.model import ExperimentModel, edits, kind_of_change

#: TF Playground's learning rates; any other positive value can be typed.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: TF Playground's regularisation rates.
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: QSpinBox holds a C int: seeds above this are shown clipped (the document keeps them).
_SPIN_INT_MAX = 2**31 - 1


def format_number(value: float) -> str:
    """Plain decimal text without exponent or trailing zeros: 1e-05 -> "0.00001"."""
    return np.format_float_positional(float(value), trim="-")


def _spin(lo: int, hi: int, step: int = 1, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, min(hi, _SPIN_INT_MAX))
    box.setSingleStep(step)
    box.setSuffix(suffix)
    # Typed numbers commit on Enter / focus-out, not on every keystroke.
    box.setKeyboardTracking(False)
    box.setAccelerated(True)
    return box


def _double_spin(lo: float, hi: float, step: float, decimals: int) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setKeyboardTracking(False)
    return box


def _number_combo(values: Sequence[float], bottom: float) -> QComboBox:
    """An editable combo of preset numbers that also accepts typed ones (>= ``bottom``)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for v in values:
        combo.addItem(format_number(v), float(v))
    validator = QDoubleValidator(bottom, 1e6, 8, combo)
    validator.setNotation(QDoubleValidator.Notation.StandardNotation)
    combo.setValidator(validator)
    return combo


def _show_number(combo: QComboBox, value: float) -> None:
    """Select ``value`` in a number combo (or type it in when it is not a preset)."""
    blockers = (QSignalBlocker(combo), QSignalBlocker(combo.lineEdit()))
    index = combo.findData(float(value))
    combo.setCurrentIndex(index)
    combo.setEditText(format_number(value))
    del blockers


def _select_data(combo: QComboBox, data: object) -> None:
    blocker = QSignalBlocker(combo)
    combo.setCurrentIndex(combo.findData(data))
    del blocker


def _set_value(box: QSpinBox | QDoubleSpinBox, value: float) -> None:
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


class _Panel(QWidget):
    """Shared plumbing: turn widget edits into undo commands, follow the model.

    Signals
    -------
    rejected(str)
        An edit was refused by the model's validation (message for the status bar);
        the widgets were reset to the model.
    """

    rejected = Signal(str)

    def __init__(self, model: ExperimentModel, stack: QUndoStack, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._model = model
        self._stack = stack
        # Hideable controls (see nnsim.model.controls): form rows, and loose widgets.
        self._control_rows: dict[str, list[tuple[QFormLayout, QWidget | QHBoxLayout]]] = {}
        self._control_widgets: dict[str, list[QWidget]] = {}
        model.changed.connect(self._on_model_changed)

    @property
    def experiment(self) -> Experiment:
        return self._model.experiment

    #: Show an experiment in the widgets without emitting edits (each panel defines it).
    refresh: Callable[[Experiment], None]

    def _on_model_changed(self, _old: Experiment, new: Experiment, _kind: str) -> None:
        self.refresh(new)

    def _add_control_row(
        self, form: QFormLayout, name: str, label: str, field: QWidget | QHBoxLayout
    ) -> None:
        """``form.addRow(label, field)``, remembered as the hideable control ``name``."""
        form.addRow(label, field)
        self._control_rows.setdefault(name, []).append((form, field))

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
            self.rejected.emit(str(exc))
            return
        self._stack.push(command)

    def _hyper(self, text: str, field: str, merge: bool = True, **changes: object) -> None:
        exp = self.experiment
        self._commit(
            text, f"hyper.{field}", replace(exp, hyper=replace(exp.hyper, **changes)), merge
        )


# --------------------------------------------------------------------------- data


class DataPanel(_Panel):
    """Data set, noise, split, sample count, data seed and the input features."""

    def __init__(
        self, model: ExperimentModel, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(model, stack, parent)
        self.dataset_combo = QComboBox()
        for name, info in DATASETS.items():
            self.dataset_combo.addItem(info.label, name)
            self.dataset_combo.setItemData(
                self.dataset_combo.count() - 1,
                f"{info.task}, {info.dims}-D",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.noise_spin = _spin(0, 50, 5, " %")
        self.ratio_spin = _spin(10, 90, 10, " %")
        self.samples_spin = _spin(MIN_SAMPLES, MAX_SAMPLES, 50)
        self.classes_spin = _spin(2, MAX_CLASSES)
        self.seed_spin = _spin(0, _SPIN_INT_MAX)
        self.regenerate_button = QPushButton("Regenerate")
        self.regenerate_button.setToolTip("Draw new data points (next data seed)")
        self.feature_boxes: dict[str, QCheckBox] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        row = self._add_control_row
        row(form, "data.dataset", "Data set", self.dataset_combo)
        row(form, "data.noise", "Noise", self.noise_spin)
        row(form, "data.train_fraction", "Training share", self.ratio_spin)
        row(form, "data.n_samples", "Samples", self.samples_spin)
        row(form, "data.n_classes", "Classes", self.classes_spin)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_spin, 1)
        seed_row.addWidget(self.regenerate_button)
        row(form, "data.seed", "Data seed", seed_row)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        for i, (name, feat) in enumerate(FEATURES.items()):
            box = QCheckBox(feat.label)
            box.setToolTip(f"Feed {feat.label} into the network")
            box.toggled.connect(lambda _on, n=name: self._on_feature_toggled(n))
            self.feature_boxes[name] = box
            grid.addWidget(box, i // 3, i % 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        features_title = QLabel("Input features")
        features_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(features_title)
        layout.addLayout(grid)
        self._control_widgets["data.features"] = [features_title, *self.feature_boxes.values()]
        layout.addStretch(1)

        self.dataset_combo.currentIndexChanged.connect(self._on_dataset_changed)
        self.noise_spin.valueChanged.connect(
            lambda v: self._data("Noise", "noise", noise=v / 100.0)
        )
        self.ratio_spin.valueChanged.connect(
            lambda v: self._data("Training share", "train_fraction", train_fraction=v / 100.0)
        )
        self.samples_spin.valueChanged.connect(
            lambda v: self._data("Samples", "n_samples", n_samples=int(v))
        )
        self.classes_spin.valueChanged.connect(
            lambda v: self._data("Classes", "n_classes", n_classes=int(v))
        )
        self.seed_spin.valueChanged.connect(lambda v: self._data("Data seed", "seed", seed=int(v)))
        self.regenerate_button.clicked.connect(self._on_regenerate)
        self._last_custom: CustomData | None = None  # the last imported/drawn points
        self.refresh(model.experiment)

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
            combo.addItem("Custom data", d.dataset)
            del blocker
        _select_data(combo, d.dataset)
        _set_value(self.noise_spin, round(d.noise * 100))
        _set_value(self.ratio_spin, round(d.train_fraction * 100))
        _set_value(self.samples_spin, d.n_samples)
        _set_value(self.classes_spin, d.n_classes)
        _set_value(self.seed_spin, min(d.seed, _SPIN_INT_MAX))
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
        self._commit(text, f"data.{field}", _with_head(exp, replace(exp.data, **changes)))

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
            "Data set", "data.dataset", _with_head(exp, replace(exp.data, **changes)), False
        )

    def _on_regenerate(self) -> None:
        exp = self.experiment
        seed = (exp.data.seed + 1) % (_SPIN_INT_MAX + 1)
        self._commit(
            "Regenerate data", "data.seed", replace(exp, data=replace(exp.data, seed=seed)), False
        )

    def _on_feature_toggled(self, name: str) -> None:
        exp = self.experiment
        on = self.feature_boxes[name].isChecked()
        # Keep the registry's order, so input node i is always the same feature.
        features = tuple(
            f for f in FEATURES if (f == name and on) or (f != name and f in exp.features)
        )
        self._commit(
            f"Feature {FEATURES[name].label}",
            f"features.{name}",
            replace(exp, features=features),
            False,
        )


def _with_head(exp: Experiment, data: object) -> Experiment:
    """``exp`` on new data, with the loss/output and input features the data needs.

    A change of task or class count picks the matching head (:func:`default_head`);
    a change of raw dimensions (1-D <-> 2-D) keeps the features the new data supports,
    or falls back to the default ones when none is left or the dimension grew.
    """
    new = replace(exp, data=data)
    if (new.task, new.n_classes) != (exp.task, exp.n_classes):
        loss, out = default_head(new.task, new.n_classes)
        new = replace(new, output_activation=out, hyper=replace(new.hyper, loss=loss))
    dims = new.input_dims
    if dims != exp.input_dims:
        kept = tuple(f for f in new.features if FEATURES[f].dims_required <= dims)
        if not kept or dims > exp.input_dims:
            kept = tuple(f for f in Experiment().features if FEATURES[f].dims_required <= dims)
        new = replace(new, features=kept)
    return new


# --------------------------------------------------------------------------- hyper


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
        self.lr_combo = _number_combo(LEARNING_RATES, 1e-8)
        self.activation_combo = QComboBox()
        for name, act in ACTIVATIONS.items():
            self.activation_combo.addItem(act.label, name)
        self.layers_spin = _spin(0, MAX_HIDDEN_LAYERS)
        self.width_spin = _spin(1, MAX_WIDTH)
        self.width_spin.setToolTip("Neurons in every hidden layer (sets them all)")
        self.output_combo = QComboBox()
        for name, act in OUTPUT_ACTIVATIONS.items():
            self.output_combo.addItem(act.label, name)
        self.loss_combo = QComboBox()
        for name, loss in LOSSES.items():
            self.loss_combo.addItem(loss.label, name)
        self.optimizer_combo = QComboBox()
        for name in OPTIMIZERS:
            self.optimizer_combo.addItem(name, name)
        self.momentum_spin = _double_spin(0.0, 0.999, 0.05, 3)
        self.momentum_spin.setToolTip("Momentum (β₁ for adam)")
        self.reg_combo = QComboBox()
        for name in REGULARIZATIONS:
            self.reg_combo.addItem(name, name)
        self.reg_rate_combo = _number_combo(REG_RATES, 0.0)
        self.batch_spin = _spin(1, MAX_BATCH)
        self.seed_spin = _spin(0, _SPIN_INT_MAX)
        self.seed_spin.setToolTip("Seed of the initial weights (Reset draws the same ones again)")
        self.stop_epoch_box = QCheckBox("at epoch")
        self.stop_epoch_spin = _spin(1, 10**9)
        self.stop_epoch_spin.setValue(100)
        self.stop_loss_box = QCheckBox("test loss <")
        self.stop_loss_spin = _double_spin(0.0001, 1e6, 0.01, 4)
        self.stop_loss_spin.setValue(0.05)

        form = QFormLayout(self)
        form.setContentsMargins(6, 6, 6, 6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        row = self._add_control_row
        row(form, "hyper.learning_rate", "Learning rate", self.lr_combo)
        row(form, "hyper.activation", "Activation", self.activation_combo)
        self.sizes_label = QLabel()
        self.sizes_label.setStyleSheet("color: #666;")
        self.sizes_label.setToolTip("Neurons per layer, inputs to output")
        arch = QHBoxLayout()
        arch.addWidget(self.layers_spin, 1)
        arch.addWidget(self.sizes_label, 1)
        row(form, "hyper.layers", "Hidden layers", arch)
        row(form, "hyper.width", "Neurons", self.width_spin)
        row(form, "hyper.output", "Output", self.output_combo)
        row(form, "hyper.loss", "Loss", self.loss_combo)
        opt = QHBoxLayout()
        opt.addWidget(self.optimizer_combo, 1)
        opt.addWidget(QLabel("β"))
        opt.addWidget(self.momentum_spin)
        row(form, "hyper.optimizer", "Optimizer", opt)
        reg = QHBoxLayout()
        reg.addWidget(self.reg_combo)
        reg.addWidget(self.reg_rate_combo, 1)
        row(form, "hyper.regularization", "Regularisation", reg)
        row(form, "hyper.batch_size", "Batch size", self.batch_spin)
        row(form, "hyper.seed", "Weight seed", self.seed_spin)
        stop_epoch = QHBoxLayout()
        stop_epoch.addWidget(self.stop_epoch_box)
        stop_epoch.addWidget(self.stop_epoch_spin, 1)
        row(form, "hyper.stop", "Stop", stop_epoch)
        stop_loss = QHBoxLayout()
        stop_loss.addWidget(self.stop_loss_box)
        stop_loss.addWidget(self.stop_loss_spin, 1)
        row(form, "hyper.stop", "", stop_loss)

        self.lr_combo.currentIndexChanged.connect(self._on_lr_edited)
        self.lr_combo.lineEdit().editingFinished.connect(lambda: self._on_lr_edited(-1))
        self.activation_combo.currentIndexChanged.connect(self._on_activation_changed)
        self.layers_spin.valueChanged.connect(self._on_layers_changed)
        self.width_spin.valueChanged.connect(self._on_width_changed)
        self.output_combo.currentIndexChanged.connect(self._on_output_changed)
        self.loss_combo.currentIndexChanged.connect(self._on_loss_changed)
        self.optimizer_combo.currentIndexChanged.connect(
            lambda _i: self._hyper(
                "Optimizer", "optimizer", False, optimizer=self.optimizer_combo.currentData()
            )
        )
        self.momentum_spin.valueChanged.connect(
            lambda v: self._hyper("Momentum", "momentum", momentum=float(v))
        )
        self.reg_combo.currentIndexChanged.connect(
            lambda _i: self._hyper(
                "Regularisation",
                "regularization",
                False,
                regularization=self.reg_combo.currentData(),
            )
        )
        self.reg_rate_combo.currentIndexChanged.connect(self._on_reg_rate_edited)
        self.reg_rate_combo.lineEdit().editingFinished.connect(lambda: self._on_reg_rate_edited(-1))
        self.batch_spin.valueChanged.connect(
            lambda v: self._hyper("Batch size", "batch_size", batch_size=int(v))
        )
        self.seed_spin.valueChanged.connect(
            lambda v: self._commit("Weight seed", "seed", replace(self.experiment, seed=int(v)))
        )
        for widget in (self.stop_epoch_box, self.stop_loss_box):
            widget.toggled.connect(self._on_stop_edited)
        for widget in (self.stop_epoch_spin, self.stop_loss_spin):
            widget.valueChanged.connect(self._on_stop_edited)
        self.refresh(model.experiment)

    def refresh(self, exp: Experiment) -> None:
        """Show ``exp`` in the widgets without emitting edits."""
        h = exp.hyper
        _show_number(self.lr_combo, h.learning_rate)
        acts = {layer.activation for layer in exp.hidden}
        # Mixed activations (set per layer elsewhere) show an empty activation box.
        _select_data(self.activation_combo, acts.pop() if len(acts) == 1 else None)
        self.activation_combo.setEnabled(bool(exp.hidden))
        _set_value(self.layers_spin, len(exp.hidden))
        widths = {layer.width for layer in exp.hidden}
        if exp.hidden:
            _set_value(self.width_spin, max(widths))
        # Layers of different widths (edited in the network) show as "mixed" here.
        self.width_spin.setSuffix(" (mixed)" if len(widths) > 1 else "")
        self.width_spin.setEnabled(bool(exp.hidden))
        self.sizes_label.setText("-".join(str(n) for n in exp.layer_sizes))
        _enable_items(self.output_combo, lambda name: _is_valid(_with_output(exp, name)))
        _select_data(self.output_combo, exp.output_activation)
        _enable_items(self.loss_combo, lambda name: _is_valid(_with_loss(exp, name)))
        _select_data(self.loss_combo, h.loss)
        _select_data(self.optimizer_combo, h.optimizer)
        _set_value(self.momentum_spin, h.momentum)
        _select_data(self.reg_combo, h.regularization)
        _show_number(self.reg_rate_combo, h.reg_rate)
        _set_value(self.batch_spin, h.batch_size)
        _set_value(self.seed_spin, min(exp.seed, _SPIN_INT_MAX))
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
    def _on_lr_edited(self, index: int) -> None:
        value = _combo_number(self.lr_combo, index)
        if value is None or value <= 0:
            self.refresh(self.experiment)
            return
        self._hyper("Learning rate", "learning_rate", False, learning_rate=value)

    def _on_reg_rate_edited(self, index: int) -> None:
        value = _combo_number(self.reg_rate_combo, index)
        if value is None:
            self.refresh(self.experiment)
            return
        self._hyper("Regularisation rate", "reg_rate", False, reg_rate=value)

    def _on_activation_changed(self, _index: int) -> None:
        name = self.activation_combo.currentData()
        exp = self.experiment
        if name is None or not exp.hidden:
            return
        hidden = tuple(replace(layer, activation=name) for layer in exp.hidden)
        self._commit("Activation", "hidden.activation", replace(exp, hidden=hidden), False)

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
        self._commit("Hidden layers", "hidden.count", replace(exp, hidden=tuple(hidden)))

    def _on_width_changed(self, width: int) -> None:
        if self._network_edit(
            lambda e, u: edits.set_all_widths(e, u, int(width)), "hidden.width"
        ):
            return
        exp = self.experiment
        hidden = tuple(replace(layer, width=int(width)) for layer in exp.hidden)
        self._commit("Neurons per layer", "hidden.width", replace(exp, hidden=hidden))

    def _on_output_changed(self, _index: int) -> None:
        name = self.output_combo.currentData()
        if name is not None:
            self._commit(
                "Output activation", "output_activation", _with_output(self.experiment, name), False
            )

    def _on_loss_changed(self, _index: int) -> None:
        name = self.loss_combo.currentData()
        if name is not None:
            self._commit("Loss", "hyper.loss", _with_loss(self.experiment, name), False)

    def _on_stop_edited(self, *_args: object) -> None:
        stop = StopCondition(
            epoch=self.stop_epoch_spin.value() if self.stop_epoch_box.isChecked() else None,
            test_loss_below=(
                self.stop_loss_spin.value() if self.stop_loss_box.isChecked() else None
            ),
        )
        self._commit("Stop condition", "stop", replace(self.experiment, stop=stop))


def _combo_number(combo: QComboBox, index: int) -> float | None:
    """The preset at ``index`` (>= 0), else the typed text as a finite number (or None)."""
    if index >= 0:
        return float(combo.itemData(index))
    try:
        value = float(combo.currentText().strip())
    except ValueError:
        return None
    return value if np.isfinite(value) else None


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
