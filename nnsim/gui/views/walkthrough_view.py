"""The forward/backward walkthrough: one sample through the network, step by step.

For one chosen training sample the view replays, with Next and Previous, what the
trainer does for a batch of that one sample (computed by the core's
:func:`~nnsim.core.walkthrough.walkthrough`, never here): the forward pass layer by
layer (``z = x·W + b`` and ``a = f(z)`` appear on each layer's neurons), the loss,
the backward pass from the output back to the first hidden layer (``dL/dz`` on each
neuron, ``dL/dw`` on each link), and the gradient-descent update of every weight
(``w ← w − lr·dL/dw``).

The numbers appear in a table per layer (values become visible as the walk reaches
them; the current step's cells are highlighted) and in a matrix of the current
layer's links. The view also emits the per-neuron values for the network drawing's
overlay (:class:`~nnsim.gui.editor.overlay.NeuronOverlay`).

An update shows each weight as "old → new", both rounded to the same number of
decimals, enough to show the change. What a step reveals, those texts and the overlay's
are worked out without widgets in :mod:`nnsim.gui.views.walkthrough_display`. The
captions are the core's translatable messages, shown in the UI language; the view
re-translates itself on Qt's ``LanguageChange``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.losses import LOSSES
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.core.snapshot import Snapshot
from nnsim.core.walkthrough import WalkStep, Walkthrough, format_number, walkthrough
from nnsim.gui.colors import value_to_rgba
from nnsim.gui.i18n import Retranslating, localize
from nnsim.gui.number_field import SAMPLE_FIELD, WholeField
from nnsim.gui.theme import Theme
from nnsim.gui.views.teaching import (
    TeachingView,
    layer_activation,
    loss_for,
    regularization_for,
    snapshot_inputs,
    snapshot_network,
    snapshot_targets,
)
from nnsim.gui.views.walkthrough_display import Key, overlay_texts, revealed, update_texts
from nnsim.gui.views.weights_view import input_labels
from nnsim.gui.widgets import FlowLayout

__all__ = ["NEURON_COLUMNS", "WalkthroughView", "step_caption"]

#: Columns of the per-layer neuron table (keys of :meth:`WalkthroughView.neuron_values`;
#: the header shows them translated).
NEURON_COLUMNS = ("neuron", "z", "a = f(z)", "f′(z)", "dL/dz", "b → new b")
_HEADERS = (
    QT_TRANSLATE_NOOP("WalkthroughView", "neuron"),
    "z",
    "a = f(z)",
    "f′(z)",
    "dL/dz",
    QT_TRANSLATE_NOOP("WalkthroughView", "b → new b"),
)
_COLUMN_TIPS = (
    "",
    QT_TRANSLATE_NOOP("WalkthroughView", "the weighted sum z = x·W + b"),
    QT_TRANSLATE_NOOP("WalkthroughView", "the neuron's output a = f(z)"),
    QT_TRANSLATE_NOOP("WalkthroughView", "the slope of the activation at z (backward pass)"),
    QT_TRANSLATE_NOOP(
        "WalkthroughView", "how the loss changes with z: dL/dz = dL/da × f′(z); also dL/db"
    ),
    QT_TRANSLATE_NOOP(
        "WalkthroughView",
        "the bias before and after the gradient-descent step b ← b − lr·dL/db",
    ),
)
_Z, _A, _FP, _DZ, _B = 1, 2, 3, 4, 5
_CURRENT = QColor(255, 236, 140)  # the cells the current step computes (light grounds)
_NOTE = "#666666"  # the note's colour in the normal theme
_VALUE_ROLE = Qt.ItemDataRole.UserRole

#: What each kind of step does, for the position line.
_PHASES = {
    "forward_layer": QT_TRANSLATE_NOOP("WalkthroughView", "forward pass"),
    "loss": QT_TRANSLATE_NOOP("WalkthroughView", "loss"),
    "backward_layer": QT_TRANSLATE_NOOP("WalkthroughView", "backward pass"),
    "update": QT_TRANSLATE_NOOP("WalkthroughView", "gradient descent"),
}


def step_caption(step: WalkStep) -> str:
    """The caption of ``step`` (a translatable core message) in the UI language."""
    return localize(step.caption)


class WalkthroughView(Retranslating, TeachingView):
    """Forward pass, loss, backward pass and update for one sample, with Next/Previous.

    Signals
    -------
    sample_changed(int)
        The user picked another training sample.
    overlay_changed(object)
        ``(texts, emphasis)``: ``{(column, unit): text}`` for the network drawing and
        the set of units the current step computes (empty when hidden).

    Attributes
    ----------
    walk : Walkthrough or None
        The core's walkthrough on screen.
    index : int
        Current step: -1 = the sample at the input, then ``0 .. len(walk) - 1``.
    sample : int
        Index of the training sample followed.
    theme : Theme
        The theme applied (:meth:`apply_theme`).
    """

    sample_changed = Signal(int)
    overlay_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.walk: Walkthrough | None = None
        self.index = -1
        self.sample = 0
        self.theme = Theme()
        self._frozen: Snapshot | None = None
        self._shape: tuple | None = None
        self._layer_items: list[QTreeWidgetItem] = []
        self._loss_item: QTreeWidgetItem | None = None
        self._used: Snapshot | None = None
        self._loss_name: str | None = None

        self.sample_box = WholeField("view.sample", SAMPLE_FIELD)
        # Numbered from 1 on screen, like the inspector; ``sample`` stays 0-based.
        self.sample_box.setRange(1, 1)
        self.sample_box.valueChanged.connect(self._on_sample)
        self.prev_button = QPushButton()
        self.next_button = QPushButton()
        self.restart_button = QPushButton()
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.restart_button.clicked.connect(lambda: self.go_to(-1))
        self.follow_box = QCheckBox()
        self.follow_box.setChecked(True)
        self.follow_box.toggled.connect(self._on_follow)
        self.position = QLabel()
        self.position.setWordWrap(True)  # large text in a narrow dock: two lines, not clipped
        self.sample_label = QLabel()
        # The controls wrap onto more lines in a narrow dock (a lesson's bottom row at
        # 720p) instead of pushing the view wider than its dock.
        bar = FlowLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        for widget in (
            self.sample_label,
            self.sample_box,
            self.prev_button,
            self.next_button,
            self.restart_button,
            self.position,
            self.follow_box,
        ):
            bar.addWidget(widget)

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption.setContentsMargins(6, 2, 6, 2)
        self.caption.setMinimumHeight(40)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setContentsMargins(6, 0, 6, 0)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(NEURON_COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)

        self.links_title = QLabel()
        self.links_title.setWordWrap(True)
        self.links_title.setContentsMargins(4, 0, 4, 0)
        self.links = QTableWidget()
        self.links.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.links.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.links.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.links.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.links_box = links_box = QWidget()
        links_layout = QVBoxLayout(links_box)
        links_layout.setContentsMargins(0, 0, 0, 0)
        links_layout.setSpacing(2)
        links_layout.addWidget(self.links_title)
        links_layout.addWidget(self.links, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(links_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(bar)
        layout.addWidget(self.caption)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)
        self.setMinimumSize(300, 220)
        self.apply_theme(self.theme)
        self.retranslate_ui()

    # -- language and theme --------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Controls, headers and the step on screen in the UI language."""
        self.sample_label.setText(self.tr("Sample"))
        self.sample_box.setToolTip(self.tr("Which training sample to follow through the network"))
        self.prev_button.setText(self.tr("◀ Previous"))
        self.next_button.setText(self.tr("Next ▶"))
        self.restart_button.setText(self.tr("Restart"))
        self.follow_box.setText(self.tr("follow training"))
        self.follow_box.setToolTip(
            self.tr(
                "On: the walkthrough uses the latest weights. Off: it keeps the weights it "
                "has, so the numbers stay put while training goes on."
            )
        )
        self.tree.setHeaderLabels([self._tr_text(h) for h in _HEADERS])
        for c, tip in enumerate(_COLUMN_TIPS):
            self.tree.headerItem().setToolTip(c, self._tr_text(tip))
        self._rerender()

    def apply_theme(self, theme: Theme) -> None:
        """Fonts and highlight colours from ``theme`` (idempotent).

        The numbers are read from the back of a room: the caption is 1.2 times, the
        tables 1.1 times the theme's text size.
        """
        self.theme = theme
        self.caption.setFont(theme.font(1.2))
        self.tree.setFont(theme.font(1.1))
        self.links.setFont(theme.font(1.1))
        note = _NOTE if theme.key == "normal" else QColor(theme.secondary).name()
        self.note.setStyleSheet(f"color: {note};")
        self._shape = None  # the tree's bold titles take the new font
        self._rerender()

    def _current_brush(self) -> QBrush:
        """The background of the cells the current step computes."""
        if self.theme.dark:
            return QBrush(QColor(self.theme.accent).darker(250))
        return QBrush(_CURRENT)

    @staticmethod
    def _tr_text(text: str) -> str:
        return QCoreApplication.translate("WalkthroughView", text) if text else text

    def _rerender(self) -> None:
        """Show the current walk again (texts and styles), without recomputing it."""
        snap = self._used
        if snap is None:
            return
        if self.walk is None:
            if snap.x_train.shape[0] == 0:
                self.caption.setText(self.tr("There are no training samples to follow."))
            return
        self._shape = (tuple(snap.layer_sizes), tuple(snap.activations), tuple(snap.features))
        self._build_tree(snap)
        if self._loss_name is not None:
            self._note(snap, self._loss_name)
        self._show_step()

    # -- navigation --------------------------------------------------------------------
    def next(self) -> None:
        """Go one step forward (no-op at the last step)."""
        self.go_to(self.index + 1)

    def previous(self) -> None:
        """Go one step back (no-op at the start)."""
        self.go_to(self.index - 1)

    def go_to(self, index: int) -> None:
        """Show step ``index`` (-1 = the sample at the input), clamped to the walk."""
        self.ensure_current()
        n = len(self.walk) if self.walk is not None else 0
        index = int(np.clip(index, -1, n - 1))
        if index != self.index:
            self.index = index
            self._show_step()

    def set_sample(self, index: int) -> None:
        """Follow training sample ``index``."""
        if int(index) != self.sample:
            self.sample = int(index)
            self._invalidate()

    def current_step(self) -> WalkStep | None:
        """The step on screen (None at the input, index -1)."""
        self.ensure_current()
        if self.walk is None or self.index < 0:
            return None
        return self.walk.steps[self.index]

    # -- what is displayed (for tests and tools) ---------------------------------------
    def link_values(self) -> np.ndarray:
        """The numbers in the link matrix: (rows, cols) with the bias row last; NaN = blank."""
        t = self.links
        out = np.full((t.rowCount(), t.columnCount()), np.nan)
        for r in range(t.rowCount()):
            for c in range(t.columnCount()):
                item = t.item(r, c)
                v = None if item is None else item.data(_VALUE_ROLE)
                if v is not None:
                    out[r, c] = float(v)
        return out

    def neuron_values(self, column: int) -> dict[str, np.ndarray]:
        """The per-neuron numbers shown for drawing column ``column`` (NaN = not yet).

        Keys are the English :data:`NEURON_COLUMNS` (without the first).
        """
        item = self._layer_items[column]
        out = {}
        for c, name in enumerate(NEURON_COLUMNS[1:], start=1):
            vals = []
            for u in range(item.childCount()):
                v = item.child(u).data(c, _VALUE_ROLE)
                vals.append(np.nan if v is None else float(v))
            out[name] = np.array(vals)
        return out

    # -- computing -----------------------------------------------------------------------
    def _on_sample(self, value: int) -> None:
        index = value - 1
        if index != self.sample:
            self.sample = index
            self.sample_changed.emit(index)
            self.refresh()

    def _on_follow(self, on: bool) -> None:
        self._frozen = None if on else self._used
        self._invalidate()

    def _render(self, snap: Snapshot) -> None:
        if not self.follow_box.isChecked():
            if self._frozen is None:
                self._frozen = snap
            snap = self._frozen
        self._used = snap
        n_train = int(snap.x_train.shape[0])
        with QSignalBlocker(self.sample_box):
            self.sample_box.setRange(1, max(1, n_train))
            self.sample = int(np.clip(self.sample, 0, max(0, n_train - 1)))
            self.sample_box.setValue(self.sample + 1)
        if n_train == 0:
            self.walk = None
            self.caption.setText(self.tr("There are no training samples to follow."))
            return
        exp = self.experiment
        k = self.sample
        net = snapshot_network(snap)
        x_row = snapshot_inputs(snap, snap.x_train[k : k + 1])[0]
        y_row = snapshot_targets(snap, snap.y_train[k : k + 1])[0]
        loss = loss_for(snap, exp)
        self._loss_name = loss
        lr = float(exp.hyper.learning_rate) if exp is not None else float(snap.learning_rate)
        l1, l2 = regularization_for(exp)
        with np.errstate(all="ignore"):
            self.walk = walkthrough(net, x_row, y_row, loss, lr, l1=l1, l2=l2)
        self.index = int(np.clip(self.index, -1, len(self.walk) - 1))
        shape = (tuple(snap.layer_sizes), tuple(snap.activations), tuple(snap.features))
        if shape != self._shape:
            self._shape = shape
            self._build_tree(snap)
        self._note(snap, loss)
        self._show_step()

    def _note(self, snap: Snapshot, loss: str) -> None:
        exp = self.experiment
        lr = format_number(self.walk.learning_rate) if self.walk is not None else "?"
        point = ", ".join(format_number(v) for v in snap.x_train[self.sample])
        fields = {
            "n": self.sample + 1,
            "point": point,
            "loss": localize(LOSSES[loss].label),
            "lr": lr,
        }
        if exp is not None and (exp.hyper.optimizer != "sgd" or exp.hyper.batch_size != 1):
            optimizer = getattr(OPTIMIZERS.get(exp.hyper.optimizer), "label", "")
            text = self.tr(
                "Sample {n} at ({point}) · {loss} · lr {lr} · one gradient-descent step on "
                "this sample alone (training itself uses batches of {batch}, {optimizer})"
            ).format(
                batch=exp.hyper.batch_size,
                optimizer=localize(optimizer) if optimizer else exp.hyper.optimizer,
                **fields,
            )
        else:
            text = self.tr(
                "Sample {n} at ({point}) · {loss} · lr {lr} · exactly the trainer's next "
                "step (a batch of this one sample)"
            ).format(**fields)
        self.note.setText(text)

    def _layer_noun(self, i: int, n_layers: int) -> str:
        """Weight layer ``i`` in a sentence: "hidden 1" ... or "output"."""
        if i == n_layers - 1:
            return self.tr("output")
        return self.tr("hidden {n}").format(n=i + 1)

    def _build_tree(self, snap: Snapshot) -> None:
        self.tree.clear()
        self._layer_items = []
        n_layers = len(snap.weights)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        n_features = len(snap.features)
        title = (
            self.tr("Input x (1 feature)")
            if n_features == 1
            else self.tr("Input x ({n} features)").format(n=n_features)
        )
        top = QTreeWidgetItem([title])
        top.setFirstColumnSpanned(True)
        top.setFont(0, bold)
        for label in input_labels(snap, 0):
            top.addChild(QTreeWidgetItem([localize(label)]))
        self.tree.addTopLevelItem(top)
        self._layer_items.append(top)
        title_color = QBrush(QColor(self.theme.foreground))
        for i in range(n_layers):
            act = localize(layer_activation(snap, i).label)
            if i == n_layers - 1:
                title = self.tr("Output · {activation}").format(activation=act)
            else:
                title = self.tr("Hidden {n} · {activation}").format(n=i + 1, activation=act)
            item = QTreeWidgetItem([title])
            item.setFirstColumnSpanned(True)
            item.setFont(0, bold)
            item.setForeground(0, title_color)
            for u in range(snap.layer_sizes[i + 1]):
                item.addChild(QTreeWidgetItem([self.tr("neuron {n}").format(n=u + 1)]))
            self.tree.addTopLevelItem(item)
            self._layer_items.append(item)
        loss = QTreeWidgetItem([self.tr("Loss")])
        loss.setFirstColumnSpanned(True)
        loss.setFont(0, bold)
        n_out = snap.layer_sizes[-1]
        for u in range(n_out):
            target = self.tr("target y{n}").format(n=u + 1) if n_out > 1 else self.tr("target y")
            loss.addChild(QTreeWidgetItem([target]))
        loss.addChild(QTreeWidgetItem(["L"]))
        self.tree.addTopLevelItem(loss)
        self._loss_item = loss
        self.tree.expandAll()

    # -- showing a step ------------------------------------------------------------------
    def _show_step(self) -> None:
        walk = self.walk
        if walk is None:
            return
        n = len(walk)
        step = walk.steps[self.index] if self.index >= 0 else None
        self.prev_button.setEnabled(self.index > -1)
        self.next_button.setEnabled(self.index < n - 1)
        if step is None:
            self.position.setText(self.tr("Start (0 of {count})").format(count=n))
            x = ", ".join(format_number(v) for v in walk.x)
            y = ", ".join(format_number(v) for v in walk.y)
            self.caption.setText(
                self.tr(
                    "The sample enters the network as x = [{x}] with target y = [{y}]. "
                    "Press Next to start the forward pass."
                ).format(x=x, y=y)
            )
        else:
            phase = self._tr_text(_PHASES[step.kind])
            if step.layer is None:
                position = self.tr("Step {index} of {count}: {phase}").format(
                    index=self.index + 1, count=n, phase=phase
                )
            else:
                position = self.tr("Step {index} of {count}: {phase}, {layer}").format(
                    index=self.index + 1,
                    count=n,
                    phase=phase,
                    layer=self._layer_noun(int(step.layer), len(walk.gradients)),
                )
            self.position.setText(position)
            self.caption.setText(step_caption(step))
        self._fill_tree(step)
        self._fill_links(step)
        if self.isVisible():
            self.overlay_changed.emit(self.overlay_texts())

    def _set(
        self,
        item: QTreeWidgetItem,
        col: int,
        value: float | None,
        text: str | None = None,
        current: bool = False,
    ) -> None:
        if value is None:
            item.setText(col, "")
            item.setData(col, _VALUE_ROLE, None)
        else:
            item.setText(col, format_number(value) if text is None else text)
            item.setData(col, _VALUE_ROLE, float(value))
        item.setBackground(col, self._current_brush() if current else QBrush())

    def _fill_tree(self, step: WalkStep | None) -> None:
        walk = self.walk
        assert walk is not None
        seen = revealed(walk, self.index)
        fwd, bwd, upd = seen.forward, seen.backward, seen.update
        kind = step.kind if step is not None else "input"
        layer = step.layer if step is not None else None
        inputs = self._layer_items[0]
        for u in range(inputs.childCount()):
            self._set(inputs.child(u), _A, float(walk.x[u]), current=kind == "input")
        forward = {s.layer: s for s in walk.of_kind("forward_layer")}
        backward = {s.layer: s for s in walk.of_kind("backward_layer")}
        updates = {s.layer: s for s in walk.of_kind("update")}
        for i, item in enumerate(self._layer_items[1:]):
            f = forward[i].arrays
            b = backward[i].arrays
            up = updates[i].arrays
            for u in range(item.childCount()):
                child = item.child(u)
                cur_f = kind == "forward_layer" and layer == i
                cur_b = kind == "backward_layer" and layer == i
                cur_u = kind == "update" and layer == i
                self._set(child, _Z, float(f["z"][u]) if i in fwd else None, current=cur_f)
                self._set(child, _A, float(f["a"][u]) if i in fwd else None, current=cur_f)
                fp = b["f_prime"][u] if "f_prime" in b and i in bwd else None
                self._set(child, _FP, None if fp is None else float(fp), current=cur_b)
                self._set(child, _DZ, float(b["dL_dz"][u]) if i in bwd else None, current=cur_b)
                if i in upd:
                    old, new = update_texts(up["b_old"][u], up["b_new"][u])
                    self._set(child, _B, float(up["b_new"][u]), f"{old} → {new}", current=cur_u)
                else:
                    self._set(child, _B, None)
        loss = self._loss_item
        assert loss is not None
        shown = seen.loss
        for u in range(loss.childCount() - 1):
            self._set(
                loss.child(u), _A, float(walk.y[u]) if shown else None, current=kind == "loss"
            )
        self._set(
            loss.child(loss.childCount() - 1),
            _A,
            walk.loss if shown else None,
            current=kind == "loss",
        )

    def _fill_links(self, step: WalkStep | None) -> None:
        t = self.links
        if step is None or step.layer is None:
            # No layer, no links: the neuron table gets the whole width.
            t.clear()
            t.setRowCount(0)
            t.setColumnCount(0)
            self.links_title.setText("")
            self.links_box.hide()
            return
        self.links_box.show()
        i = int(step.layer)
        a = step.arrays
        snap = self._used
        assert snap is not None and self.walk is not None
        name = self._layer_noun(i, len(self.walk.gradients))
        if step.kind == "forward_layer":
            M, bias = a["W"], a["b"]
            title = self.tr(
                "W and b of {layer}: z = x·W + b (rows = inputs, columns = neurons)"
            ).format(layer=name)
            texts = None
        elif step.kind == "backward_layer":
            M, bias = a["dL_dW"], a["dL_db"]
            title = self.tr(
                "dL/dW of {layer}: each link's input × its neuron's dL/dz; last row dL/db"
            ).format(layer=name)
            texts = None
        else:
            M, bias = a["W_new"], a["b_new"]
            title = self.tr("Update of {layer}: w ← w − lr·dL/dw (old → new)").format(layer=name)
            old = np.vstack([a["W_old"], a["b_old"][None, :]])
            new = np.vstack([M, bias[None, :]])
            texts = [
                ["{} → {}".format(*update_texts(o, v)) for o, v in zip(ro, rn, strict=True)]
                for ro, rn in zip(old, new, strict=True)
            ]
        values = np.vstack([M, bias[None, :]])
        rows = [*(localize(r) for r in input_labels(snap, i)), self.tr("bias")]
        t.clear()
        t.setRowCount(values.shape[0])
        t.setColumnCount(values.shape[1])
        t.setHorizontalHeaderLabels(
            [self.tr("neuron {n}").format(n=u + 1) for u in range(values.shape[1])]
        )
        t.setVerticalHeaderLabels(rows)
        vmax = float(np.max(np.abs(values[np.isfinite(values)]), initial=0.0)) or 1.0
        rgba = value_to_rgba(values, -vmax, vmax)
        dark_text, light_text = QBrush(QColor(0, 0, 0)), QBrush(QColor(255, 255, 255))
        for r in range(values.shape[0]):
            for c in range(values.shape[1]):
                v = float(values[r, c])
                text = texts[r][c] if texts is not None else format_number(v)
                item = QTableWidgetItem(text)
                item.setData(_VALUE_ROLE, v)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                color = QColor(*(int(x) for x in rgba[r, c, :3]))
                # Pale cells get black text, the strongest white text, whatever the
                # theme's own text colour (the cells keep the data's colours).
                pale = color.lightnessF() > 0.5
                item.setBackground(QBrush(color.lighter(115) if pale else color))
                item.setForeground(dark_text if pale else light_text)
                item.setToolTip(
                    self.tr("{source} → neuron {n}: {value}").format(
                        source=rows[r], n=c + 1, value=f"{v:.8g}"
                    )
                )
                t.setItem(r, c, item)
        self.links_title.setText(title)

    # -- overlay -----------------------------------------------------------------------
    def overlay_texts(self) -> tuple[dict[Key, str], set[Key]]:
        """Values to draw on the network's units for the current step.

        Returns
        -------
        (texts, emphasis)
            ``texts[(column, unit)]``: column 0 = inputs, ``c >= 1`` = weight layer
            ``c - 1``; ``emphasis``: the units the current step computes.
        """
        if self.walk is None:
            return {}, set()
        return overlay_texts(self.walk, self.index)

    def hideEvent(self, event: QHideEvent) -> None:
        self.overlay_changed.emit(({}, set()))
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.walk is not None:
            self.overlay_changed.emit(self.overlay_texts())
