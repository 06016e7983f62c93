"""The hyper-parameter panel: learning rate, network shape, activations, loss,
optimizer, regularisation, batch, seed and the stop condition."""


from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QWidget,
)

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.experiment import (
    REGULARIZATION_LABELS,
    REGULARIZATIONS,
    Experiment,
    LayerSpec,
    StopCondition,
)
from nnsim.core.losses import LOSSES
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.gui.commands import field_id
from nnsim.gui.i18n import localize
from nnsim.gui.number_field import NumberCombo, NumberField, WholeField
from nnsim.gui.panels import (
    PanelBase,
    enable_items,
    form_layout,
    is_valid,
    relabel_items,
    row_layout,
    select_data,
    set_checked_quietly,
    set_value_quietly,
)
from nnsim.gui.widgets import FitComboBox
from nnsim.model import ExperimentModel, edits
from nnsim.model.controls import CONTROLS

#: TF Playground's learning rates; any other positive value can be typed.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: TF Playground's regularisation rates.
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: Undo texts ("Undo Momentum"), kept translatable (Messages: the stack is re-translated
#: on a language switch); edits of a row named by a control use the control's name.
MOMENTUM_EDIT = QT_TRANSLATE_NOOP("HyperPanel", "Momentum")
REG_RATE_EDIT = QT_TRANSLATE_NOOP("HyperPanel", "Regularisation rate")
WIDTH_EDIT = QT_TRANSLATE_NOOP("HyperPanel", "Neurons per layer")
STOP_EDIT = QT_TRANSLATE_NOOP("HyperPanel", "Stop condition")
#: The stop fields' names in messages about a refused typed number.
STOP_EPOCH_NAME = QT_TRANSLATE_NOOP("HyperPanel", "Stop epoch")
STOP_LOSS_NAME = QT_TRANSLATE_NOOP("HyperPanel", "Stop test loss")


# --------------------------------------------------------------------------- hyper


def layer_sizes_text(sizes: Sequence[int]) -> str:
    """Layer sizes as "2-4-2-1", breakable after each dash (a zero-width space)."""
    return "-\u200b".join(str(n) for n in sizes)


class HyperPanel(PanelBase):
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
        self.stop_epoch_spin = WholeField("stop.epoch", STOP_EPOCH_NAME)
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

        form = form_layout()
        form.setContentsMargins(6, 6, 6, 6)
        self.setLayout(form)
        row = self._add_control_row
        row(form, "hyper.learning_rate", self.lr_combo)
        row(form, "hyper.activation", self.activation_combo)
        row(form, "hyper.layers", row_layout(self.layers_spin, self.sizes_label, stretch=1))
        row(form, "hyper.width", self.width_spin)
        row(form, "hyper.output", self.output_combo)
        row(form, "hyper.loss", self.loss_combo)
        optimizer = row_layout(self.optimizer_combo, self.beta_label, self.momentum_spin)
        row(form, "hyper.optimizer", optimizer)
        regularization = row_layout(self.reg_combo, self.reg_rate_combo, stretch=1)
        row(form, "hyper.regularization", regularization)
        row(form, "hyper.batch_size", self.batch_spin)
        row(form, "hyper.seed", self.seed_spin)
        # The check boxes label their spin boxes; a narrow column puts each box below.
        stop = form_layout()
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
        relabel_items(self.activation_combo, lambda name: localize(ACTIVATIONS[name].label))
        relabel_items(self.output_combo, lambda name: localize(OUTPUT_ACTIVATIONS[name].label))
        relabel_items(self.loss_combo, lambda name: localize(LOSSES[name].label))
        relabel_items(self.optimizer_combo, lambda name: localize(OPTIMIZERS[name].label))
        relabel_items(self.reg_combo, lambda name: localize(REGULARIZATION_LABELS[name]))
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
        set_value_quietly(self.lr_combo, h.learning_rate)
        acts = {layer.activation for layer in exp.hidden}
        # Mixed activations (set per layer elsewhere) show an empty activation box.
        select_data(self.activation_combo, acts.pop() if len(acts) == 1 else None)
        self.activation_combo.setEnabled(bool(exp.hidden))
        set_value_quietly(self.layers_spin, len(exp.hidden))
        widths = {layer.width for layer in exp.hidden}
        if exp.hidden:
            set_value_quietly(self.width_spin, max(widths))
        # Layers of different widths (edited in the network) show as "mixed" here.
        blocker = QSignalBlocker(self.width_spin)
        self.width_spin.setSuffix(self.tr(" (mixed)") if len(widths) > 1 else "")
        del blocker
        self.width_spin.setEnabled(bool(exp.hidden))
        self.sizes_label.setText(layer_sizes_text(exp.layer_sizes))
        enable_items(self.output_combo, lambda name: is_valid(_with_output(exp, name)))
        select_data(self.output_combo, exp.output_activation)
        enable_items(self.loss_combo, lambda name: is_valid(_with_loss(exp, name)))
        select_data(self.loss_combo, h.loss)
        select_data(self.optimizer_combo, h.optimizer)
        set_value_quietly(self.momentum_spin, h.momentum)
        select_data(self.reg_combo, h.regularization)
        set_value_quietly(self.reg_rate_combo, h.reg_rate)
        set_value_quietly(self.batch_spin, h.batch_size)
        set_value_quietly(self.seed_spin, exp.seed)
        stop = exp.stop
        set_checked_quietly(self.stop_epoch_box, stop.epoch is not None)
        if stop.epoch is not None:
            set_value_quietly(self.stop_epoch_spin, stop.epoch)
        self.stop_epoch_spin.setEnabled(stop.epoch is not None)
        set_checked_quietly(self.stop_loss_box, stop.test_loss_below is not None)
        if stop.test_loss_below is not None:
            set_value_quietly(self.stop_loss_spin, stop.test_loss_below)
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
            epoch=self.stop_epoch_spin.value() if self.stop_epoch_box.isChecked() else None,
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
            if is_valid(candidate):
                return candidate
    return new


def _with_loss(exp: Experiment, name: str) -> Experiment:
    """``exp`` with loss ``name``, switching to an output activation it accepts."""
    new = replace(exp, hyper=replace(exp.hyper, loss=name))
    if not LOSSES[name].accepts(new.output_activation):
        for out in OUTPUT_ACTIVATIONS:
            candidate = replace(new, output_activation=out)
            if is_valid(candidate):
                return candidate
    return new
