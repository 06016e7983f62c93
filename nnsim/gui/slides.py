"""File > Export > Slide images…: one PNG per view, at a slide's size, in the stage look.

For the current experiment, one image each of the network view, the output map (with
its colour key), the loss plot, the per-layer plot and every teaching view that is
open, each exactly the chosen size (1280x720, 1920x1080 or 3840x2160).

How a slide is made: **offscreen copies, not the views on screen.** Each slide is a new
instance of the view's own class (``type(view)()``), fed the document and the latest
snapshot, given the view's choices that a user sets (the statistic shown, the layer, the
sample, the walkthrough's step ...), styled with the presentation theme
(:func:`slide_theme`) through the view's own ``apply_theme`` plus a widget font and
palette, laid out at the slide's size and rendered with ``QWidget.render`` while it is
shown with ``WA_DontShowOnScreen``. The window's views, the application's palette and
font and the presentation state are never touched, so there is nothing to restore and
nothing flickers; the price is that a copy shows what its class can be told through
public setters (a zoomed network view is shown whole, the walkthrough's highlights on
the network drawing are not drawn). The alternative -- restyling and resizing the live
views and putting them back -- fights the dock layout (a larger font grows a dock's
minimum size, and the main window does not move its separators back).

Every slide is laid out at :data:`LAYOUT_SIZE` (a 720p screen, text at
:data:`SLIDE_SCALE`) and drawn at a device pixel ratio of ``height / 720``, so 1080p and
4K slides are the same slide, only sharper, and their text is as large on the screen.

File names are ASCII and the same in every UI language, numbered in slide order:
``01-network.png``, ``02-output.png``, ``03-loss.png``, ``04-per-layer.png``, then the
teaching views (``05-walkthrough.png`` ...). Names do not include the experiment's
title (a title can hold any character); choose a folder per experiment. Each file is
written with :func:`nnsim.storage.atomic_write_bytes` (a temporary file renamed over the
target, with the permissions an ordinary file gets).

All slides of one export show the same moment: the document and the snapshot are taken
once, before the first slide, because rendering lets events run (pyqtgraph lays out on
posted events) and a playing worker's snapshots keep arriving meanwhile.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEventLoop,
    QIODevice,
    QObject,
    QPoint,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QColor, QImage, QPainter, QRegion
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnsim.core.experiment import Experiment
from nnsim.core.snapshot import Snapshot
from nnsim.gui.app_context import AppContext
from nnsim.gui.i18n import Retranslating
from nnsim.gui.lesson_panel import view_title
from nnsim.gui.theme import Theme, palette, theme
from nnsim.storage import atomic_write_bytes

__all__ = [
    "LAYOUT_SIZE",
    "SLIDE_SCALE",
    "SLIDE_SIZES",
    "Slide",
    "SlideActions",
    "SlideDialog",
    "render_widget",
    "slide_files",
    "slide_theme",
    "write_png",
]

#: The sizes offered, in pixels (width, height).
SLIDE_SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080), (3840, 2160))
#: Every slide is laid out at this size (logical pixels) and drawn at a higher device
#: pixel ratio for larger slides.
LAYOUT_SIZE = QSize(1280, 720)
#: Text scale of the slides' theme: presentation mode's on a large screen (a slide has
#: the whole 720p screen to itself, where the stage shares it between four views).
SLIDE_SCALE = 1.6
#: Room around the view on every side, in layout pixels.
SLIDE_MARGIN = 20
#: The main views, in slide order: key (of ``ExportViews.by_key``) -> file name part and
#: the name the dialog shows (context "SlideDialog").
MAIN_SLIDES: dict[str, tuple[str, str]] = {
    "network": ("network", QT_TRANSLATE_NOOP("SlideDialog", "Network view")),
    "output": ("output", QT_TRANSLATE_NOOP("SlideDialog", "Output map")),
    "loss": ("loss", QT_TRANSLATE_NOOP("SlideDialog", "Loss plot")),
    "gradient": ("per-layer", QT_TRANSLATE_NOOP("SlideDialog", "Per-layer plot")),
}
#: Teaching views' file name parts by dock key (their names are the docks' titles).
TEACHING_FILES: dict[str, str] = {
    "walkthrough": "walkthrough",
    "weights": "weight-matrix",
    "activation": "activation",
    "collapse": "linear-collapse",
    "composition": "composition-lab",
    "gradient_bars": "gradient-bars",
}


@dataclass(frozen=True)
class Slide:
    """One slide that can be made: its key, its file name part and the view on screen."""

    key: str
    stem: str
    view: QWidget

    @property
    def title(self) -> str:
        """The view's name in the UI language."""
        if self.key in MAIN_SLIDES:
            return QCoreApplication.translate("SlideDialog", MAIN_SLIDES[self.key][1])
        return view_title(self.key)


def slide_files(slides: list[Slide]) -> list[str]:
    """The file names of ``slides``, numbered in order: ``01-network.png`` ..."""
    return [f"{i:02d}-{s.stem}.png" for i, s in enumerate(slides, start=1)]


def slide_theme(current: Theme) -> Theme:
    """The presentation theme for slides, whatever the window shows now.

    The colours of the window's theme when it is a high-contrast one, else the
    high-contrast light theme (as presentation mode picks); text at
    :data:`SLIDE_SCALE`, presentation line and point sizes.
    """
    key = current.key if current.key != "normal" else "light"
    return theme(key, SLIDE_SCALE, presenting=True, base_pt=current.base_pt)


# --------------------------------------------------------------------------- copies


def _copy_state(key: str, live: QWidget, copy: QWidget) -> None:
    """Give ``copy`` the choices a user made on ``live`` (public attributes and setters)."""
    if key == "output":
        copy.set_show_test(live.show_test)
        copy.set_discretize(live.discretize)
    elif key == "gradient":
        copy.set_stat(live.stat.field)
        copy.smooth_box.setChecked(live.smooth_box.isChecked())
    elif key == "activation":
        copy.set_layer(live.layer)
    elif key == "weights":
        copy.set_layer(live.layer)
        copy.set_sample(live.sample)
        copy.select_unit(live.canvas.selected)
    elif key == "walkthrough":
        copy.set_sample(live.sample)
        copy.follow_box.setChecked(live.follow_box.isChecked())
        copy.go_to(live.index)
    elif key == "composition":
        while len(copy.maps()) > len(live.maps()) and copy.remove_function():
            pass
        while len(copy.maps()) < len(live.maps()) and copy.add_function():
            pass
        for i, (a, b) in enumerate(live.maps()):
            copy.set_function(i, a, b)
        copy.set_x(live.x_box.value())


def _make_copy(slide: Slide, exp: Experiment, snap: Snapshot | None) -> QWidget:
    """A new, unshown instance of the slide's view class showing ``exp`` and ``snap``."""
    copy = type(slide.view)()
    copy.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    # Not every view follows the document or the training (the composition lab does not).
    set_experiment = getattr(copy, "set_experiment", None)
    if set_experiment is not None:
        set_experiment(exp)
    set_snapshot = getattr(copy, "set_snapshot", None)
    if snap is not None and set_snapshot is not None:
        set_snapshot(snap)
    _copy_state(slide.key, slide.view, copy)
    set_tools_visible = getattr(copy, "set_tools_visible", None)
    if set_tools_visible is not None:
        set_tools_visible(False)  # a slide shows the network, not the editing tools
    return copy


def _settle() -> None:
    """Let posted layout requests and zero timers run (pyqtgraph lays out on events).

    User input waits: a click must not reach the window in the middle of an export.
    """
    for _ in range(4):
        QCoreApplication.sendPostedEvents()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def render_widget(widget: QWidget, t: Theme, width: int, height: int) -> QImage:
    """``widget`` in theme ``t``, laid out and drawn as a ``width`` x ``height`` image.

    The widget is restyled, resized and shown offscreen (``WA_DontShowOnScreen``):
    pass a copy made for the purpose, never a view on screen. The layout is
    :data:`LAYOUT_SIZE` high (its width follows the aspect ratio) and the device pixel
    ratio makes up the difference; the ground is the theme's background.
    """
    dpr = height / LAYOUT_SIZE.height()
    # A margin all round: axis ends and tick labels at the edge of a view are not cut
    # by the edge of the slide.
    logical = QSize(
        max(1, round(width / dpr) - 2 * SLIDE_MARGIN), LAYOUT_SIZE.height() - 2 * SLIDE_MARGIN
    )
    if widget.findChildren(pg.GraphicsView) or isinstance(widget, pg.GraphicsView):
        # pyqtgraph's pens are cosmetic (widths in device pixels, not scaled with the
        # painter): a 4K slide's curves would be a third as thick as a 720p slide's.
        t = replace(t, line=t.line * dpr)
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    # Standard controls (labels, combo boxes) follow the widget's font and palette;
    # the views' own items follow apply_theme.
    widget.setFont(t.app_font())
    widget.setPalette(palette(t, QApplication.palette()))
    widget.setAutoFillBackground(True)
    apply = getattr(widget, "apply_theme", None)
    if callable(apply):
        apply(t)
    widget.resize(logical)
    widget.show()
    _settle()
    widget.resize(logical)  # a layout pass may have asked for another size
    _settle()
    ensure = getattr(widget, "ensure_current", None)
    if callable(ensure):
        ensure()
        _settle()
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    # Text drawn at the widget's screen resolution, as its layout measured it.
    dpm = round(widget.logicalDpiX() / 0.0254 * dpr)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    image.fill(QColor(t.background))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        flags = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground
        # QWidget's render, not QGraphicsView's (which draws the scene, not the widget).
        QWidget.render(widget, painter, QPoint(SLIDE_MARGIN, SLIDE_MARGIN), QRegion(), flags)
    finally:
        painter.end()
    widget.hide()
    return image


def write_png(image: QImage, path: str | os.PathLike[str]) -> Path:
    """Write ``image`` as a PNG at ``path`` atomically (a temporary file, then a rename).

    The image is encoded in memory, then written by
    :func:`nnsim.storage.atomic_write_bytes`: a new file gets the umask's permissions
    (0644 under the usual 022, readable by a web server or a colleague), a replaced one
    keeps its own.

    Raises
    ------
    OSError
        The folder is missing or not writable, the disk is full ...; the target is
        unchanged and no temporary file is left.
    """
    target = Path(path)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(
            QCoreApplication.translate("SlideDialog", "cannot encode {name}").format(
                name=target.name
            )
        )
    buffer.close()
    atomic_write_bytes(target, bytes(data))
    return target


# --------------------------------------------------------------------------- dialog


class SlideDialog(Retranslating, QDialog):
    """Where to write the slides, at which size, and which views.

    Parameters
    ----------
    slides : list of Slide
        The views that can be written (the open teaching views only); each has a check
        box, checked.
    folder : str
        The folder to suggest.
    """

    def __init__(self, slides: list[Slide], folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slides = list(slides)
        self.folder_edit = QLineEdit(folder)
        self.browse_button = QPushButton("…")
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        self.size_box = QComboBox()
        for w, h in SLIDE_SIZES:
            self.size_box.addItem("", (w, h))
        self.size_box.setCurrentIndex(1)  # 1080p: a projector's and a slide deck's size
        self.checks: dict[str, QCheckBox] = {}
        views = QVBoxLayout()
        views.setContentsMargins(0, 0, 0, 0)
        for s in self._slides:
            box = QCheckBox()
            box.setChecked(True)
            self.checks[s.key] = box
            views.addWidget(box)
        self.note = QLabel()
        self.note.setWordWrap(True)
        # Ok and Cancel are Qt's own buttons (translated by Qt's catalogue).
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for box in self.checks.values():
            box.toggled.connect(self._sync_ok)
        # An empty folder would mean the working directory, which a user of a desktop
        # app never chose: no folder, no OK.
        self.folder_edit.textChanged.connect(self._sync_ok)
        self.folder_edit.setMinimumWidth(360)  # a folder's path, not a clipped tail of it
        form = QFormLayout(self)
        self._labels = (QLabel(), QLabel(), QLabel())
        form.addRow(self._labels[0], row)
        form.addRow(self._labels[1], self.size_box)
        form.addRow(self._labels[2], views)
        form.addRow(self.note)
        form.addRow(self.buttons)
        self.retranslate_ui()
        self._sync_ok()

    def retranslate_ui(self) -> None:
        """Every text in the UI language (the choices stay)."""
        self.setWindowTitle(self.tr("Slide images"))
        for label, text in zip(
            self._labels, (self.tr("Folder"), self.tr("Size"), self.tr("Views")), strict=True
        ):
            label.setText(text)
        names = {720: "720p", 1080: "1080p", 2160: "4K"}
        for i in range(self.size_box.count()):
            w, h = self.size_box.itemData(i)
            self.size_box.setItemText(i, f"{w} × {h} ({names.get(h, '')})")
        for s in self._slides:
            self.checks[s.key].setText(s.title)
        # A file name is not broken at its hyphen (U+2011 is a hyphen that does not break).
        self.note.setText(
            self.tr(
                "One PNG image per view, in the presentation theme, numbered in order "
                "(01-network.png …). Teaching views are listed while they are open."
            ).replace("01-network", "01\u2011network")
        )
        self.browse_button.setToolTip(self.tr("Choose the folder"))

    def chosen(self) -> list[Slide]:
        """The slides whose box is checked, in order."""
        return [s for s in self._slides if self.checks[s.key].isChecked()]

    def slide_size(self) -> tuple[int, int]:
        """The chosen slide size (width, height) in pixels."""
        return tuple(self.size_box.currentData())

    def folder(self) -> Path | None:
        """The chosen folder, or None when the field is empty."""
        text = self.folder_edit.text().strip()
        return Path(text).expanduser() if text else None

    def _sync_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen()) and self.folder() is not None)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the slides"), self.folder_edit.text()
        )
        if path:
            self.folder_edit.setText(path)


# --------------------------------------------------------------------------- action


class SlideActions(QObject):
    """File > Export > Slide images…: :attr:`action`, which the window places.

    Parameters
    ----------
    context : AppContext
        The document and the latest snapshot (what the slides show), the theme (their
        colours), dialogs and status-bar messages.
    views : mapping str -> QWidget
        The main views by key ("network", "output", "loss", "gradient"; other keys are
        ignored), as ``ExportViews.by_key`` gives them.
    teaching_views, teaching_docks : mapping str -> QWidget, QDockWidget
        The teaching views and their docks by key; a view is offered when its dock is
        open (checked in View > Teaching views, also when tabbed behind another).
    """

    def __init__(
        self,
        context: AppContext,
        views: Mapping[str, QWidget],
        teaching_views: Mapping[str, QWidget],
        teaching_docks: Mapping[str, QDockWidget],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else context)
        self._context = context
        self._views = {k: views[k] for k in MAIN_SLIDES if k in views}
        self._teaching = teaching_views  # looked up only for open docks (views are lazy)
        self._docks = dict(teaching_docks)
        self.action = QAction(self)
        self.action.triggered.connect(lambda _checked=False: self.ask())
        #: The dialog while it is open (tests answer it).
        self.dialog: SlideDialog | None = None
        #: Asked before files are replaced: (folder, names) -> replace? Tests swap it.
        self.confirm_replace: Callable[[Path, list[str]], bool] = self._confirm_replace
        self.retranslate_ui()
        context.language_changed.connect(self.retranslate_ui)

    def retranslate_ui(self, _lang: str = "") -> None:
        """The action's text in the UI language."""
        self.action.setText(self.tr("&Slide images…"))
        self.action.setToolTip(
            self.tr("One PNG per view at a slide's size, in the presentation theme")
        )

    def slides(self) -> list[Slide]:
        """Every slide that can be made now: the main views, then the open teaching views."""
        out = [Slide(k, MAIN_SLIDES[k][0], v) for k, v in self._views.items()]
        for key, stem in TEACHING_FILES.items():
            dock = self._docks.get(key)
            if key in self._teaching and dock is not None and dock.toggleViewAction().isChecked():
                out.append(Slide(key, stem, self._teaching[key]))
        return out

    def render(
        self,
        slide: Slide,
        width: int,
        height: int,
        moment: tuple[Experiment, Snapshot | None] | None = None,
    ) -> QImage:
        """``slide`` as a ``width`` x ``height`` image in the slides' theme.

        ``moment`` is the document and snapshot to show (one for every slide of an
        export); by default the current ones.
        """
        if moment is None:
            moment = (self._context.model.experiment, self._context.controller.latest)
        copy = _make_copy(slide, *moment)
        try:
            return render_widget(copy, slide_theme(self._context.theme), width, height)
        finally:
            copy.deleteLater()

    def write(
        self, folder: str | os.PathLike[str], size: tuple[int, int], slides: list[Slide]
    ) -> list[Path]:
        """Write ``slides`` into ``folder`` (made if missing) at ``size``; the paths.

        Raises
        ------
        OSError
            The folder cannot be made or written; files written before stay.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        width, height = size
        # Taken once: rendering runs events, and while training plays a new snapshot may
        # arrive between two slides; a deck must not mix steps.
        moment = (self._context.model.experiment, self._context.controller.latest)
        paths = []
        for slide, name in zip(slides, slide_files(slides), strict=True):
            paths.append(write_png(self.render(slide, width, height, moment), folder / name))
        return paths

    def ask(self) -> None:
        """The dialog, then the slides (asking before replacing files)."""
        ctx = self._context
        stem = ctx.path.stem if ctx.path is not None else "nnsim"
        start = str(Path.home() / f"{stem}-slides")
        dialog = SlideDialog(self.slides(), start, ctx.dialog_parent)
        self.dialog = dialog
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            folder, size, chosen = dialog.folder(), dialog.slide_size(), dialog.chosen()
        finally:
            self.dialog = None
            dialog.deleteLater()
        if folder is None:  # OK is disabled then; a scripted answer still gets no files
            QMessageBox.warning(
                ctx.dialog_parent,
                self.tr("Cannot write slide images"),
                self.tr("Choose a folder for the slide images."),
            )
            return
        self.write_checked(folder, size, chosen)

    def write_checked(
        self, folder: Path, size: tuple[int, int], slides: list[Slide]
    ) -> list[Path] | None:
        """:meth:`write`, after asking about files it would replace; errors are shown.

        Returns the paths written, or None when nothing was written.
        """
        ctx = self._context
        names = slide_files(slides)
        existing = [n for n in names if (folder / n).exists()]
        if existing and not self.confirm_replace(folder, existing):
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            paths = self.write(folder, size, slides)
        except OSError as exc:
            paths, error = None, exc
        finally:
            QApplication.restoreOverrideCursor()
        if paths is None:
            QMessageBox.warning(
                ctx.dialog_parent,
                self.tr("Cannot write slide images"),
                self.tr("The slide images could not be written to {folder}:").format(folder=folder)
                + f"\n\n{error.strerror or error}",
            )
            return None
        ctx.notify(
            self.tr("Wrote {n} slide images to {folder}").format(n=len(paths), folder=folder),
            6000,
        )
        return paths

    def _confirm_replace(self, folder: Path, names: list[str]) -> bool:
        answer = QMessageBox.question(
            self._context.dialog_parent,
            self.tr("Replace slide images?"),
            self.tr("{folder} already has {names}. Replace them?").format(
                folder=folder, names=", ".join(names)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
