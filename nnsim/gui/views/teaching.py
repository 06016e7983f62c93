"""What every teaching view shares: a widget base and the snapshot's network.

The teaching views (activation, weights, gradient bars, walkthrough, collapse) each
recompute a picture from the latest training snapshot. They share:

- rebuilding a core :class:`~nnsim.core.network.Network` from a snapshot's weights,
  and the network inputs and targets of the snapshot's points, so a view runs the
  network itself and never touches the training process's copy;
- the loss and penalties the trainer uses (:func:`loss_for`, :func:`regularization_for`)
  and the layers' display names (:func:`layer_name`, :class:`LayerCombo`);
- :class:`TeachingView`, a widget base that recomputes only while it is visible and at
  most a few times per second;
- :func:`honest_minimum`, the size at which none of a view's wrapped texts is clipped.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QSignalBlocker, QSize, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QWidget

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS, Activation
from nnsim.core.experiment import Experiment, default_head
from nnsim.core.features import feature_matrix
from nnsim.core.losses import LOSSES
from nnsim.core.network import Network
from nnsim.core.snapshot import Snapshot
from nnsim.gui.i18n import Retranslating

__all__ = [
    "LayerCombo",
    "TeachingView",
    "honest_minimum",
    "layer_activation",
    "layer_name",
    "loss_for",
    "regularization_for",
    "snapshot_inputs",
    "snapshot_network",
    "snapshot_targets",
]


def snapshot_network(snap: Snapshot) -> Network:
    """A core network with the snapshot's architecture and weights.

    Parameters
    ----------
    snap : Snapshot
        Uses ``layer_sizes``, ``activations``, ``weights`` (fan_in, fan_out) and
        ``biases`` (fan_out,).

    Returns
    -------
    Network
        An independent copy; running it never touches the trainer's network.
    """
    net = Network(list(snap.layer_sizes), list(snap.activations))
    net.set_weights(snap.weights, snap.biases)
    return net


def snapshot_inputs(snap: Snapshot, points: np.ndarray | None = None) -> np.ndarray:
    """The network inputs of raw points, through the snapshot's input features.

    Parameters
    ----------
    snap : Snapshot
    points : (n, dims) array, optional
        Raw points; the training points ``snap.x_train`` when omitted.

    Returns
    -------
    (n, n_inputs) float64 array
    """
    pts = snap.x_train if points is None else points
    return feature_matrix(np.asarray(pts, dtype=np.float64), snap.features)


def snapshot_targets(snap: Snapshot, y: np.ndarray | None = None) -> np.ndarray:
    """Targets as the loss sees them (as ``Dataset.targets``).

    Parameters
    ----------
    snap : Snapshot
    y : (n,) array, optional
        Class indices or values; ``snap.y_train`` when omitted.

    Returns
    -------
    (n, k) float64 array
        Binary: a 0/1 column; k classes: one-hot; regression: the values as a column.
    """
    y = np.asarray(snap.y_train if y is None else y, dtype=np.float64).reshape(-1)
    k = int(snap.layer_sizes[-1])
    if k == 1:
        return y[:, None].copy()
    out = np.zeros((y.shape[0], k))
    out[np.arange(y.shape[0]), np.clip(y.astype(np.intp), 0, k - 1)] = 1.0
    return out


def loss_for(snap: Snapshot, exp: Experiment | None) -> str:
    """The loss the trainer uses: the experiment's, if it fits the snapshot's output.

    Right after an edit the snapshot may still be of the previous network; then (or
    without an experiment) the task's default loss is used.
    """
    out = snap.activations[-1]
    if exp is not None and exp.hyper.loss in LOSSES and LOSSES[exp.hyper.loss].accepts(out):
        return exp.hyper.loss
    loss, _ = default_head(snap.task, snap.n_classes)
    if not LOSSES[loss].accepts(out):
        loss = next(name for name, obj in LOSSES.items() if obj.accepts(out))
    return loss


def regularization_for(exp: Experiment | None) -> tuple[float, float]:
    """``(l1, l2)`` penalty rates of the experiment (zeros without one)."""
    if exp is None:
        return 0.0, 0.0
    h = exp.hyper
    return (
        float(h.reg_rate) if h.regularization == "l1" else 0.0,
        float(h.reg_rate) if h.regularization == "l2" else 0.0,
    )


def layer_name(i: int, n_layers: int) -> str:
    """Display name of weight layer ``i`` in the UI language: "hidden 1" ... or "output"."""
    if i == n_layers - 1:
        return QCoreApplication.translate("TeachingView", "output")
    return QCoreApplication.translate("TeachingView", "hidden {n}").format(n=i + 1)


def layer_activation(snap: Snapshot, i: int) -> Activation:
    """The :class:`Activation` of weight layer ``i`` (the output layer may be softmax)."""
    name = snap.activations[i]
    return OUTPUT_ACTIVATIONS[name] if name in OUTPUT_ACTIVATIONS else ACTIVATIONS[name]


def honest_minimum(widget: QWidget, floor: QSize | None = None) -> QSize:
    """The smallest size at which none of ``widget``'s laid-out texts is clipped.

    Qt's own hint is one line high for word-wrapped labels; at the minimum width they
    may need several, so the height is the layout's height for that width.
    """
    lay = widget.layout()
    if lay is None:
        return QSize(floor) if floor is not None else QSize(0, 0)
    m = lay.totalMinimumSize()
    w, h = m.width(), m.height()
    if floor is not None:
        w, h = max(w, floor.width()), max(h, floor.height())
    if lay.hasHeightForWidth():
        h = max(h, lay.totalMinimumHeightForWidth(w))
    return QSize(w, h)


class TeachingView(QWidget):
    """Base of the teaching views: keeps the latest snapshot, computes only when seen.

    A hidden dock costs nothing: :meth:`set_snapshot` only stores the snapshot, and the
    view recomputes when it is shown. While visible it recomputes at most once per
    :attr:`REFRESH_MS` (the last snapshot of a burst is always drawn). Accessors used by
    tests and by other views call :meth:`ensure_current` first.

    Attributes
    ----------
    snapshot : Snapshot or None
        The latest snapshot given.
    experiment : Experiment or None
        The current document (for the loss, learning rate and regularisation).
    """

    REFRESH_MS = 100

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshot: Snapshot | None = None
        self.experiment: Experiment | None = None
        self._dirty = False
        self._cooldown = QTimer(self)
        self._cooldown.setSingleShot(True)
        self._cooldown.setInterval(self.REFRESH_MS)
        self._cooldown.timeout.connect(self._on_cooldown)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Show ``snap`` (computed now if visible, else when the view is shown)."""
        self.snapshot = snap
        self._invalidate()

    def set_experiment(self, exp: Experiment) -> None:
        """Follow the edited document (loss, learning rate, regularisation)."""
        self.experiment = exp
        self._invalidate()

    def ensure_current(self) -> None:
        """Recompute now if anything changed since the last computation."""
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw from the latest snapshot (a no-op without one)."""
        self._dirty = False
        if self.snapshot is not None:
            self._render(self.snapshot)

    def _render(self, snap: Snapshot) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _invalidate(self) -> None:
        self._dirty = True
        if not self.isVisible() or self._cooldown.isActive():
            return
        self.refresh()
        self._cooldown.start()

    def _on_cooldown(self) -> None:
        if self._dirty and self.isVisible():
            self.refresh()
            self._cooldown.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_current()

    def hideEvent(self, event: QHideEvent) -> None:
        self._cooldown.stop()
        super().hideEvent(event)


class LayerCombo(Retranslating, QComboBox):
    """Chooses a weight layer: "Hidden 1 · Sigmoid" ... "Output · Sigmoid".

    Items are rebuilt only when the layers or their activations change, so the
    selection survives training frames; their texts follow the UI language.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key: tuple[str, ...] | None = None
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Tool tip and item texts in the UI language."""
        self.setToolTip(self.tr("Which weight layer to show (hidden layers, then the output)"))
        if self._key is not None:
            with QSignalBlocker(self):
                for i in range(min(self.count(), len(self._key))):
                    self.setItemText(i, self._item_text(i))

    def _item_text(self, i: int) -> str:
        key = self._key or ()
        name = key[i]
        act = OUTPUT_ACTIVATIONS[name] if name in OUTPUT_ACTIVATIONS else ACTIVATIONS[name]
        if i == len(key) - 1:
            return self.tr("Output · {activation}").format(activation=act.label)
        return self.tr("Hidden {n} · {activation}").format(n=i + 1, activation=act.label)

    def follow(self, snap: Snapshot, wanted: int) -> int:
        """Match the snapshot's layers; select ``wanted`` (clamped); return the selection."""
        key = tuple(snap.activations)
        n = len(key)
        wanted = int(np.clip(wanted, 0, n - 1))
        with QSignalBlocker(self):
            if key != self._key:
                self._key = key
                self.clear()
                for i in range(n):
                    self.addItem(self._item_text(i), i)
            if self.currentIndex() != wanted:
                self.setCurrentIndex(wanted)
        return wanted
