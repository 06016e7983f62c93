"""The data & features panel: data set, noise, split, samples, classes, seed, inputs."""


from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.datasets import CUSTOM_LABEL, DATASETS
from nnsim.core.experiment import (
    MAX_SEED,
    CustomData,
    Experiment,
)
from nnsim.core.features import FEATURES
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.gui.i18n import localize
from nnsim.gui.number_field import NumberField, WholeField
from nnsim.gui.panels import (
    SPACING,
    PanelBase,
    control_label,
    form_layout,
    relabel_items,
    select_data,
    set_checked_quietly,
    set_value_quietly,
)
from nnsim.gui.widgets import FitComboBox, FlowLayout
from nnsim.model import ExperimentModel
from nnsim.model.controls import CONTROLS
from nnsim.model.data_edits import with_head

# --------------------------------------------------------------------------- data


class DataPanel(PanelBase):
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

        form = form_layout()
        row = self._add_control_row
        row(form, "data.dataset", self.dataset_combo)
        row(form, "data.noise", self.noise_spin)
        row(form, "data.train_fraction", self.ratio_spin)
        row(form, "data.n_samples", self.samples_spin)
        row(form, "data.n_classes", self.classes_spin)
        seed = FlowLayout(spacing=SPACING)
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
        relabel_items(
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
        select_data(combo, d.dataset)
        # Rounded: 0.07 * 100 is 7.000000000000001, and the field shows what it holds.
        set_value_quietly(self.noise_spin, round(d.noise * 100, 9))
        set_value_quietly(self.ratio_spin, round(d.train_fraction * 100, 9))
        set_value_quietly(self.samples_spin, d.n_samples)
        set_value_quietly(self.classes_spin, d.n_classes)
        set_value_quietly(self.seed_spin, d.seed)
        info = DATASETS.get(d.dataset)
        self.classes_spin.setEnabled(info is not None and info.multiclass)
        dims = exp.input_dims
        for name, box in self.feature_boxes.items():
            set_checked_quietly(box, name in exp.features)
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


