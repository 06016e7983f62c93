"""The network panel: a ``QGraphicsView`` on a :class:`~nnsim.gui.editor.scene.NetworkScene`.

The view decides *when* the scene rebuilds (architecture changes, from the edited
experiment or from a snapshot of a new run) and *how big* it is drawn: the scene is
laid out for the viewport's size on every resize, so thumbnails and text use the
space available from a 1280x720 laptop to a 4K projector; Ctrl+wheel zooms on top
of that and Ctrl+0 resets.

Edits reach the view before the trainer has rebuilt its network, so for a moment
the experiment says "2-4-2-1" while snapshots still say "2-3-2-1". The view draws
the experiment's architecture at once (blank thumbnails) and ignores snapshots of
the old run until one of the new run arrives, so the drawing never flickers back.

The view is also the editor's mouse router: a press on an editable item becomes a
pending click; once the pointer moves beyond the drag distance with the button
held it becomes an :class:`~nnsim.gui.editor.interactions.Interaction`, which
receives every move and, on release, returns the one edit to request. The view
never changes the model: it emits :attr:`NetworkView.edit_requested` with a
``make(experiment, units) -> Edit`` callable (the main window turns it into one
undo command), or :attr:`~NetworkView.weight_previewed` while a link is scrubbed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsItem,
    QGraphicsView,
    QMenu,
    QWidget,
)

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.datasets import DATASETS
from nnsim.core.experiment import Experiment
from nnsim.core.snapshot import Snapshot
from nnsim.gui.editor.edit_request import EditRequest
from nnsim.gui.editor.interactions import (
    ActivationDrag,
    InsertLayerDrag,
    Interaction,
    LayerDrag,
    LinkScrub,
    NeuronDrag,
    ResizeDrag,
)
from nnsim.gui.editor.items import (
    FeatureItem,
    LayerHeaderItem,
    LinkHitItem,
    LinkItem,
    NeuronItem,
    ResizeHandleItem,
    WidthButtonItem,
)
from nnsim.gui.editor.layout import Architecture
from nnsim.gui.editor.palette import PaletteChipItem
from nnsim.gui.editor.scene import NetworkScene
from nnsim.gui.number_field import NumberDialog
from nnsim.gui.theme import Theme

__all__ = ["NetworkView", "Target"]

_ZOOM_RANGE = (0.5, 5.0)
_ZOOM_STEP = 1.15  # per wheel notch
#: Largest viewport (logical px) laid out at 1:1; larger ones magnify this layout.
_DESIGN_SIZE = (1400.0, 860.0)
#: Items a press can act on; everything else (overlays, palette strip, trash) is
#: looked through.
_EDITABLE = (
    ResizeHandleItem,
    WidthButtonItem,
    PaletteChipItem,
    NeuronItem,
    FeatureItem,
    LayerHeaderItem,
    LinkItem,
)


@dataclass(frozen=True)
class Target:
    """What a press landed on.

    Attributes
    ----------
    item : QGraphicsItem
        The editable item (neuron, link, header, grip, button, chip, feature).
    bias : bool
        True when the press hit a neuron's bias square.
    """

    item: QGraphicsItem
    bias: bool = False


@dataclass
class _Press:
    target: Target
    viewport_pos: QPoint
    scene_pos: QPointF


class NetworkView(QGraphicsView):
    """Draws the network: features, neurons as live thumbnails, weights as links.

    Attributes
    ----------
    network_scene : NetworkScene
        The scene (its item maps are the model -> item index).
    snapshot : Snapshot or None
        The snapshot on screen.
    zoom : float
        User zoom on top of fit-to-view (1 = fit).
    experiment : Experiment or None
        The document drawn (from :meth:`set_experiment`).
    interaction : Interaction or None
        The gesture in progress.

    Signals
    -------
    edit_requested(object)
        A finished gesture: a ``make(experiment, units) -> Edit`` callable
        (an :class:`~nnsim.gui.editor.edit_request.EditRequest`). One per gesture.
    weight_previewed(int layer, int src, int dst, float value)
        A link scrub's live value (no undo step; the release requests the edit).
    neuron_clicked(int column, int unit)
        A hidden or output neuron was clicked (the inspector follows).
    layer_selected(int column)
        A layer's header was clicked.
    """

    edit_requested = Signal(object)
    weight_previewed = Signal(int, int, int, float)
    neuron_clicked = Signal(int, int)
    layer_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        self.network_scene = NetworkScene()
        super().__init__(self.network_scene, parent)
        self.network_scene.setParent(self)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
            | QPainter.RenderHint.TextAntialiasing
        )
        # Most items restyle every frame: one full repaint beats tracking hundreds of rects.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(320, 220)
        self.snapshot: Snapshot | None = None
        self.zoom = 1.0
        self._fit = 1.0
        self._stale_run: int | None = None
        self._shown_weights: object | None = None
        self.experiment: Experiment | None = None
        self.interaction: Interaction | None = None
        self._press: _Press | None = None
        self._override_cursor = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.theme = Theme()
        self.network_scene.rebuilding.connect(self._on_scene_rebuilding)
        self.network_scene.relaid_out.connect(self._fit_to_layout)

    # -- data ------------------------------------------------------------------------
    def set_experiment(self, exp: Experiment) -> None:
        """Show ``exp``'s architecture now (items rebuilt only if it changed).

        Thumbnails stay blank (features are drawn at once) until a snapshot of the new
        run arrives; weights stored in the experiment are shown on the links.
        """
        scene = self.network_scene
        self.experiment = exp
        arch = Architecture(tuple(exp.layer_sizes), tuple(exp.features), int(exp.input_dims))
        acts = tuple(exp.activations)
        shown = (scene.architecture, scene.activations)
        rebuilt = scene.set_architecture(arch, acts, exp.task, exp.n_classes)
        if (arch, acts) != shown and self.snapshot is not None:
            # Snapshots of the current run predate this edit: do not let them undo it.
            self._stale_run = self.snapshot.run_id
        if rebuilt:
            scene.set_plane(self._plane_for(exp), arch.dims)
            self._apply_layout()
        # Stored weights (a loaded file, a lesson) are shown once, when they arrive or the
        # items are new; a later hyper-parameter edit carries the same Weights object
        # and must not paint those old values over the live training frames.
        if exp.weights is not None and (rebuilt or exp.weights is not self._shown_weights):
            scene.show_weights(exp.weights.W, exp.weights.b)
        self._shown_weights = exp.weights

    def set_snapshot(self, snap: Snapshot) -> None:
        """Render ``snap``: cheap (no item rebuild) unless its architecture is new."""
        scene = self.network_scene
        arch = Architecture.of(snap)
        if snap.run_id == self._stale_run:
            if arch != scene.architecture or tuple(snap.activations) != scene.activations:
                return  # an old run's frame, overtaken by an edit
        else:
            self._stale_run = None
        self.snapshot = snap
        if scene.set_architecture(arch, snap.activations, snap.task, snap.n_classes):
            self._apply_layout()
        scene.update_snapshot(snap)

    def _plane_for(self, exp: Experiment) -> tuple[float, float, float, float]:
        """Extent of the input plane for the feature thumbnails, before any snapshot."""
        snap = self.snapshot
        if snap is not None and snap.dims == exp.input_dims:
            return tuple(snap.extent)  # type: ignore[return-value]
        info = DATASETS.get(exp.data.dataset)
        if info is not None:
            lo, hi = info.extent
            return (lo, hi, lo, hi)
        custom = exp.data.custom
        if custom is not None and custom.x.size:
            lo = float(np.min(custom.x))
            hi = float(np.max(custom.x))
            pad = 0.05 * (hi - lo) or 1.0
            return (lo - pad, hi + pad, lo - pad, hi + pad)
        return (-6.0, 6.0, -6.0, 6.0)

    # -- geometry -------------------------------------------------------------------
    def _grow(self) -> tuple[float, float, float]:
        """Viewport width and height, and the magnification of the layout beyond 1:1."""
        vp = self.viewport().size()
        w, h = max(vp.width(), 1), max(vp.height(), 1)
        # Up to a desk-sized viewport the layout fills it at 1:1 (crisp text). Beyond
        # that (a 4K projector at 100 %) the drawing is laid out for the design size and
        # magnified, so thumbnails, links and text grow together instead of the net
        # floating small in a sea of white.
        return w, h, max(1.0, min(w / _DESIGN_SIZE[0], h / _DESIGN_SIZE[1]))

    def _apply_layout(self) -> None:
        w, h, grow = self._grow()
        self.network_scene.relayout(w / grow, h / grow)  # relaid_out fits the drawing

    def _fit_to_layout(self) -> None:
        lay = self.network_scene.layout
        if lay is None:
            return
        w, h, grow = self._grow()
        rect = lay.scene_rect
        # A net too big for the viewport even at the minimum thumbnail is scaled down.
        self._fit = grow * min(1.0, (w / grow) / rect.width(), (h / grow) / rect.height())
        self._apply_transform()

    def _apply_transform(self) -> None:
        k = self._fit * self.zoom
        self.setTransform(QTransform.fromScale(k, k))

    def set_tools_visible(self, on: bool) -> None:
        """Show the editing tools, or draw the network alone in the whole view (a slide)."""
        self.network_scene.set_tools_visible(on)
        self._apply_layout()

    def set_text_scale(self, scale: float) -> None:
        """Scale the drawing's texts (presentation mode) and fit the new layout."""
        if scale == self.network_scene.text_scale:
            return
        self.network_scene.set_text_scale(scale)
        # The bigger texts may make the drawing larger than the viewport: fit again.
        self._apply_layout()

    def set_zoom(self, zoom: float) -> None:
        """Zoom on top of fit-to-view (clamped to 0.5..5; 1 = fit)."""
        self.zoom = float(np.clip(zoom, *_ZOOM_RANGE))
        self._apply_transform()

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    # -- language and theme ---------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Captions, chips, tooltips and the layout their widths decide, in the UI language.

        Qt sends ``LanguageChange`` to the view; graphics items are not widgets, so
        the scene re-makes their texts here.
        """
        self.network_scene.retranslate()

    def apply_theme(self, theme: Theme) -> None:
        """Canvas, captions, outlines, links, palette and texts in ``theme`` (idempotent).

        The drawing's text scale follows ``theme.scale`` (as :meth:`set_text_scale`),
        so the layout makes room for the larger captions and chips.
        """
        self.theme = theme
        self.network_scene.apply_theme(theme)
        self.setBackgroundBrush(self.network_scene.ink.background)
        self._apply_layout()
        self.viewport().update()

    def painted_texts(self) -> list[str]:
        """Every text the drawing paints now (captions, labels, palette, drag feedback)."""
        return self.network_scene.painted_texts()

    def clipped_texts(self) -> list[str]:
        """Texts drawn wider than their room; empty when nothing is clipped or cut."""
        return self.network_scene.clipped_texts()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_layout()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / 120.0
            if notches:
                self.set_zoom(self.zoom * _ZOOM_STEP**notches)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_0:
            self.reset_zoom()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and (self.interaction or self._press):
            self.cancel_interaction()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.interaction is None:
            if self.delete_selection():
                event.accept()
                return
        super().keyPressEvent(event)

    # -- editing: hit testing ---------------------------------------------------------
    def target_at(self, pos: QPoint) -> Target | None:
        """The editable item under viewport point ``pos`` (topmost first), if any."""
        for item in self.items(pos):
            if isinstance(item, LinkItem):
                # Its C++ shape also covers the area between the curve and its chord;
                # a link is found by its hit band instead.
                continue
            if isinstance(item, LinkHitItem):
                item = item.link
            if not isinstance(item, _EDITABLE):
                continue
            if isinstance(item, LayerHeaderItem) and item.layer == 0:
                continue  # the features' caption: nothing to edit there
            if isinstance(item, NeuronItem):
                local = item.mapFromScene(self.mapToScene(pos))
                return Target(item, bias=item.bias_rect().adjusted(-2, -2, 2, 2).contains(local))
            return Target(item)
        return None

    def _n_columns(self) -> int:
        arch = self.network_scene.architecture
        return arch.n_columns if arch is not None else 0

    def _is_hidden(self, column: int) -> bool:
        return 0 < column < self._n_columns() - 1

    def _interaction_for(self, target: Target) -> Interaction | None:
        """The drag gesture that starts on ``target``, or None if it cannot be dragged."""
        scene = self.network_scene
        item = target.item
        if isinstance(item, PaletteChipItem):
            size = item.mapRectToScene(item.boundingRect())
            if item.activation is None:
                return InsertLayerDrag(scene, item.key, size)
            return ActivationDrag(scene, item.key, item.activation, size)
        if isinstance(item, ResizeHandleItem):
            return ResizeDrag(scene, item.layer)
        if isinstance(item, LayerHeaderItem) and self._is_hidden(item.layer):
            return LayerDrag(scene, item.layer)
        if isinstance(item, NeuronItem) and self._is_hidden(item.layer) and not target.bias:
            item.unzoom()
            return NeuronDrag(scene, item.layer, item.unit)
        if isinstance(item, LinkItem) and item.weight is not None:
            return LinkScrub(
                scene, item.layer, item.src, item.dst, self.transform().m11(), self._preview
            )
        return None

    def _preview(self, layer: int, src: int, dst: int, value: float) -> None:
        self.weight_previewed.emit(layer, src, dst, value)

    # -- editing: mouse routing ------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.interaction is not None:
            event.accept()  # another button during a drag: ignored
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            pos = event.position().toPoint()
            target = self.target_at(pos)
            if target is not None:
                self._press = _Press(target, pos, self.mapToScene(pos))
                event.accept()
                return
            self.set_selection(None)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.interaction is not None:
            self.interaction.update(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        press = self._press
        if press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            if (pos - press.viewport_pos).manhattanLength() >= QApplication.startDragDistance():
                self._begin(press, pos)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def _begin(self, press: _Press, pos: QPoint) -> None:
        interaction = self._interaction_for(press.target)
        self._press = None  # moved too far to be a click, whatever else it is
        if interaction is None:
            return
        self.interaction = interaction
        QApplication.setOverrideCursor(interaction.cursor)
        self._override_cursor = True
        interaction.start(press.scene_pos)
        interaction.update(self.mapToScene(pos))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            if self.interaction is not None or self._press is not None:
                event.accept()
                return
            super().mouseReleaseEvent(event)
            return
        interaction = self.interaction
        if interaction is not None:
            self.interaction = None
            self._restore_cursor()
            request = interaction.finish(self.mapToScene(event.position().toPoint()))
            event.accept()
            if request is not None:
                self.edit_requested.emit(request)
            return
        press = self._press
        if press is not None:
            self._press = None
            event.accept()
            self._click(press.target)
            return
        super().mouseReleaseEvent(event)

    def _click(self, target: Target) -> None:
        """A press and release without a drag on ``target``."""
        item = target.item
        if isinstance(item, FeatureItem):
            self.edit_requested.emit(EditRequest.toggle_feature(item.name))
        elif isinstance(item, WidthButtonItem):
            arch = self.network_scene.architecture
            if arch is not None:
                width = arch.layer_sizes[item.layer] + item.delta
                self.edit_requested.emit(EditRequest.set_width(item.layer, width))
        elif isinstance(item, NeuronItem):
            selection = ("neuron", item.layer, item.unit) if self._is_hidden(item.layer) else None
            self.set_selection(selection)
            self.neuron_clicked.emit(item.layer, item.unit)
        elif isinstance(item, LayerHeaderItem):
            self.set_selection(("layer", item.layer) if self._is_hidden(item.layer) else None)
            self.layer_selected.emit(item.layer)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.interaction is not None:
            super().mouseDoubleClickEvent(event)
            return
        target = self.target_at(event.position().toPoint())
        self._press = None
        if target is not None and isinstance(target.item, LinkItem):
            event.accept()
            self.edit_weight(target.item.layer, target.item.src, target.item.dst)
            return
        if target is not None and isinstance(target.item, NeuronItem) and target.bias:
            event.accept()
            self.edit_bias(target.item.layer, target.item.unit)
            return
        super().mouseDoubleClickEvent(event)

    def cancel_interaction(self) -> None:
        """Abandon the gesture in progress (Esc): nothing is requested."""
        self._press = None
        interaction = self.interaction
        if interaction is not None:
            self.interaction = None
            self._restore_cursor()
            interaction.cancel()

    def _restore_cursor(self) -> None:
        if self._override_cursor:
            QApplication.restoreOverrideCursor()
            self._override_cursor = False

    def _on_scene_rebuilding(self) -> None:
        # The items a gesture holds on to are about to be deleted.
        self.cancel_interaction()

    # -- editing: selection, typed values, menus -----------------------------------------
    def set_selection(self, selection: tuple[str, int] | tuple[str, int, int] | None) -> None:
        """Select ``("layer", column)`` or ``("neuron", column, unit)`` (None clears)."""
        self.network_scene.set_selection(selection)

    @property
    def selection(self) -> tuple[str, int] | tuple[str, int, int] | None:
        return self.network_scene.selection

    def delete_selection(self) -> bool:
        """Request removal of the selected layer or neuron; False if nothing is selected."""
        sel = self.network_scene.selection
        if sel is None:
            return False
        if sel[0] == "layer":
            request = EditRequest.remove_layer(sel[1])
        else:
            request = EditRequest.remove_neuron(sel[1], sel[2])  # type: ignore[misc]
        self.set_selection(None)
        self.edit_requested.emit(request)
        return True

    def ask_number(self, title: str, label: str, value: float) -> float | None:
        """Ask for a weight or bias (a modal :class:`NumberDialog`); None when cancelled.

        Not ``QInputDialog.getDouble``: its spin box drops the keystrokes it cannot
        place, so a typed ``-2e-1`` became 21. The number field reads what was typed,
        or says why not and keeps the dialog open.
        """
        return NumberDialog.get_number(self, title, label, value)

    def edit_weight(self, layer: int, src: int, dst: int) -> None:
        """Type an exact value for ``W[layer][src, dst]`` (one edit when accepted)."""
        link = self.network_scene.link_items[layer][src][dst]
        value = self.ask_number(
            QCoreApplication.translate("NetworkView", "Weight"),
            QCoreApplication.translate("NetworkView", "Weight {link}:").format(link=link.names),
            link.weight or 0.0,
        )
        if value is not None and value != link.weight:
            self.edit_requested.emit(EditRequest.set_weight(layer, src, dst, value))

    def edit_bias(self, column: int, unit: int) -> None:
        """Type an exact bias for unit ``unit`` of ``column`` (one edit when accepted)."""
        neuron = self.network_scene.neuron_items[column][unit]
        name = neuron.name or QCoreApplication.translate("NetworkView", "the neuron")
        value = self.ask_number(
            QCoreApplication.translate("NetworkView", "Bias"),
            QCoreApplication.translate("NetworkView", "Bias of {neuron}:").format(neuron=name),
            neuron.bias or 0.0,
        )
        if value is not None and value != neuron.bias:
            self.edit_requested.emit(EditRequest.set_bias(column, unit, value))

    def layer_menu(self, column: int) -> QMenu:
        """The right-click menu of a layer: its activation (from the registry) and removal."""
        menu = QMenu(self)
        output = column == self._n_columns() - 1
        registry = OUTPUT_ACTIVATIONS if output else ACTIVATIONS
        current = self.network_scene.activations[column - 1]
        menu.addSection(QCoreApplication.translate("NetworkView", "Activation"))
        group = QActionGroup(menu)
        for name, act in registry.items():
            action = menu.addAction(act.label)
            action.setCheckable(True)
            action.setChecked(name == current)
            action.setData(("activation", name))
            group.addAction(action)
        if not output:
            menu.addSeparator()
            remove = menu.addAction(QCoreApplication.translate("NetworkView", "Remove layer"))
            remove.setData(("remove", None))
        return menu

    def exec_menu(self, menu: QMenu, global_pos: QPoint) -> QAction | None:
        """Show ``menu`` modally at ``global_pos``; the chosen action (or None)."""
        return menu.exec(global_pos)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.interaction is not None:
            event.accept()
            return
        column = self._column_at_viewport(event.pos())
        if column is None:
            super().contextMenuEvent(event)
            return
        event.accept()
        menu = self.layer_menu(column)
        action = self.exec_menu(menu, event.globalPos())
        data = action.data() if action is not None else None
        menu.deleteLater()
        if not data:
            return
        what, name = data
        if what == "activation" and name != self.network_scene.activations[column - 1]:
            self.edit_requested.emit(EditRequest.set_activation(column, name))
        elif what == "remove":
            self.edit_requested.emit(EditRequest.remove_layer(column))

    def _column_at_viewport(self, pos: QPoint) -> int | None:
        target = self.target_at(pos)
        if target is not None:
            item = target.item
            if isinstance(item, (NeuronItem, ResizeHandleItem, WidthButtonItem)):
                return item.layer
            if isinstance(item, LayerHeaderItem):
                return item.layer if item.layer > 0 else None
        return self.network_scene.column_at(self.mapToScene(pos))

    # -- for the end-to-end test hook ----------------------------------------------------
    def handle_screen_positions(self) -> dict[int, tuple[int, int]]:
        """Global screen position of each hidden layer's resize grip (its centre)."""
        out = {}
        for c, handle in self.network_scene.handle_items.items():
            centre = handle.sceneBoundingRect().center()
            p = self.viewport().mapToGlobal(self.mapFromScene(centre))
            out[c] = (p.x(), p.y())
        return out

    def row_pitch_pixels(self) -> float:
        """Screen pixels of one neuron's worth of a resize drag."""
        lay = self.network_scene.layout
        return 0.0 if lay is None else lay.row_pitch * self.transform().m11()
