"""Taking pictures and numbers out of nnsim: plots, views, the window, the experiment.

* Every plot (loss, per-layer statistics): PNG, SVG and CSV of its curves, through
  pyqtgraph's own exporters (``ImageExporter``, ``SVGExporter``, ``CSVExporter``).
* The network view: PNG (a grab) and SVG (its ``QGraphicsScene`` rendered into a
  ``QSvgGenerator``, so links and neurons stay vectors). The output view: PNG (a grab,
  with its colour bar) and SVG (pyqtgraph's ``SVGExporter`` of its plot; the boundary
  raster is embedded as an image).
* The whole window: PNG.
* The experiment: JSON with or without its trained weights.
* Recent files (File > Open Recent), remembered with ``QSettings`` (at most
  :data:`MAX_RECENT`, files that disappeared are dropped).

:class:`ExportActions` makes the File > Export and File > Open Recent submenus and the
plots' export actions from an :class:`~nnsim.gui.app_context.AppContext` and the views
to export (:class:`ExportViews`); the window places them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QRectF,
    QSettings,
    QSize,
    Signal,
)
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QMenu, QMessageBox, QWidget

from nnsim.core.experiment import Experiment
from nnsim.gui.app_context import AppContext
from nnsim.storage import atomic_write_text

if TYPE_CHECKING:  # for the annotations only: views are handed in, never imported for use
    from nnsim.gui.views.boundary import OutputView
    from nnsim.gui.views.plots import GradientPlot, LossPlot

#: Entries kept in File > Open Recent.
MAX_RECENT = 8
_RECENT_KEY = "recent/files"

#: File > Export entries, key -> menu text (translated where shown, context
#: "ExportActions"); ``None`` is a separator.
EXPORT_ENTRIES: tuple[tuple[str, str] | None, ...] = (
    ("window_png", QT_TRANSLATE_NOOP("ExportActions", "Whole window as PNG…")),
    None,
    ("network_png", QT_TRANSLATE_NOOP("ExportActions", "Network view as PNG…")),
    ("network_svg", QT_TRANSLATE_NOOP("ExportActions", "Network view as SVG…")),
    ("output_png", QT_TRANSLATE_NOOP("ExportActions", "Output view as PNG…")),
    ("output_svg", QT_TRANSLATE_NOOP("ExportActions", "Output view as SVG…")),
    None,
    ("loss_png", QT_TRANSLATE_NOOP("ExportActions", "Loss plot as PNG…")),
    ("loss_svg", QT_TRANSLATE_NOOP("ExportActions", "Loss plot as SVG…")),
    ("loss_csv", QT_TRANSLATE_NOOP("ExportActions", "Loss plot as CSV…")),
    ("gradient_png", QT_TRANSLATE_NOOP("ExportActions", "Per-layer plot as PNG…")),
    ("gradient_svg", QT_TRANSLATE_NOOP("ExportActions", "Per-layer plot as SVG…")),
    ("gradient_csv", QT_TRANSLATE_NOOP("ExportActions", "Per-layer plot as CSV…")),
    None,
    ("json", QT_TRANSLATE_NOOP("ExportActions", "Experiment as JSON (with weights)…")),
    ("json_bare", QT_TRANSLATE_NOOP("ExportActions", "Experiment as JSON (without weights)…")),
    ("script", QT_TRANSLATE_NOOP("ExportActions", "Network as NumPy script…")),
)
#: File-dialog filters by extension: a translatable description and its glob pattern.
_FILTERS: dict[str, tuple[str, str]] = {
    ".png": (QT_TRANSLATE_NOOP("ExportActions", "PNG image"), "*.png"),
    ".svg": (QT_TRANSLATE_NOOP("ExportActions", "SVG image"), "*.svg"),
    ".csv": (QT_TRANSLATE_NOOP("ExportActions", "CSV table"), "*.csv"),
    ".json": (QT_TRANSLATE_NOOP("ExportActions", "nnsim experiment"), "*.json"),
    ".py": (QT_TRANSLATE_NOOP("ExportActions", "Python script"), "*.py"),
}
_ALL_FILES = (QT_TRANSLATE_NOOP("ExportActions", "All files"), "*")


# --------------------------------------------------------------------------- plots


def _plot_item(plot: pg.PlotWidget | pg.PlotItem) -> pg.PlotItem:
    return plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot


def export_plot_png(
    plot: pg.PlotWidget | pg.PlotItem, path: str | os.PathLike[str], width: int | None = None
) -> Path:
    """Write ``plot`` as a PNG; ``width`` in pixels (height keeps the aspect ratio).

    Without ``width`` the image has the plot's size on screen.
    """
    exporter = pg_exporters.ImageExporter(_plot_item(plot))
    if width is not None:
        exporter.parameters()["width"] = int(width)
    path = Path(path)
    exporter.export(str(path))
    return path


def export_plot_svg(plot: pg.PlotWidget | pg.PlotItem, path: str | os.PathLike[str]) -> Path:
    """Write ``plot`` as an SVG (vector curves and axes).

    pyqtgraph's ``SVGExporter`` is tried first. Its coordinate fix-up parses path
    data as ``x,y`` pairs, which the SVG that recent Qt versions write does not use
    (it raises ``ValueError`` with PySide6 6.11 and pyqtgraph 0.14); then the plot's
    scene is rendered into a ``QSvgGenerator`` instead, which keeps everything vector.
    """
    path = Path(path)
    item = _plot_item(plot)
    try:
        pg_exporters.SVGExporter(item).export(str(path))
    except ValueError:
        view = plot if isinstance(plot, QGraphicsView) else item.scene().views()[0]
        export_scene_svg(view, path)
    return path


def export_plot_csv(plot: pg.PlotWidget | pg.PlotItem, path: str | os.PathLike[str]) -> Path:
    """Write the curves of ``plot`` as CSV: columns ``<name>_x, <name>_y`` per curve.

    The names are the curves' own (``PlotDataItem(name=...)``; the nnsim plots give
    theirs in English, so a table reads the same in every UI language); unnamed curves
    get pyqtgraph's ``x0000``/``y0000``.
    """
    path = Path(path)
    pg_exporters.CSVExporter(_plot_item(plot)).export(str(path))
    return path


# --------------------------------------------------------------------------- widgets


def export_widget_png(widget: QWidget, path: str | os.PathLike[str]) -> Path:
    """Write what ``widget`` shows (children included) as a PNG of its size on screen."""
    path = Path(path)
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(QCoreApplication.translate("Export", "cannot write {path}").format(path=path))
    return path


def export_scene_svg(
    view: QGraphicsView, path: str | os.PathLike[str], title: str = "nnsim"
) -> Path:
    """Write the part of ``view``'s scene on screen as an SVG (items stay vectors)."""
    path = Path(path)
    viewport = view.viewport().rect()
    source = view.mapToScene(viewport).boundingRect()
    size = QSize(max(1, viewport.width()), max(1, viewport.height()))
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), view.backgroundBrush())
        view.scene().render(painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    if not path.exists():
        raise OSError(QCoreApplication.translate("Export", "cannot write {path}").format(path=path))
    return path


def export_window_png(window: QWidget, path: str | os.PathLike[str]) -> Path:
    """Write the whole window (menus, toolbar, docks) as a PNG."""
    return export_widget_png(window, path)


def image_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """(width, height) of an image file, or (0, 0) if it does not decode."""
    image = QImage(str(path))
    return (0, 0) if image.isNull() else (image.width(), image.height())


# --------------------------------------------------------------------------- experiment


def export_experiment_json(
    exp: Experiment, path: str | os.PathLike[str], include_weights: bool = True
) -> Path:
    """Write ``exp`` as JSON (atomically), with or without its trained weights."""
    path = Path(path)
    if not include_weights:
        exp = exp.without_weights()
    atomic_write_text(path, exp.to_json(include_weights=include_weights))
    return path


# --------------------------------------------------------------------------- recent files


class RecentFiles(QObject):
    """The most recently opened or saved experiment files, newest first.

    Parameters
    ----------
    settings : QSettings or None
        Where the list is remembered; None keeps it for this session only (tests and
        ``NNSIM_NO_SETTINGS=1``).
    """

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._paths: list[str] = []
        if settings is not None:
            value = settings.value(_RECENT_KEY, [])
            if isinstance(value, str):  # QSettings returns a lone entry as a string
                value = [value]
            self._paths = [str(p) for p in (value or [])][:MAX_RECENT]

    def paths(self) -> list[Path]:
        """The remembered files that still exist (missing ones are forgotten)."""
        kept = [p for p in self._paths if Path(p).is_file()]
        if kept != self._paths:
            self._paths = kept
            self._store()
        return [Path(p) for p in kept]

    def add(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` first (moving it up if it is already listed)."""
        text = str(Path(path).resolve())
        self._paths = [text, *(p for p in self._paths if p != text)][:MAX_RECENT]
        self._store()

    def clear(self) -> None:
        self._paths = []
        self._store()

    def _store(self) -> None:
        if self._settings is not None:
            self._settings.setValue(_RECENT_KEY, list(self._paths))
            self._settings.sync()


# --------------------------------------------------------------------------- menus


@dataclass(frozen=True)
class ExportViews:
    """The widgets File > Export and clips take pictures of (the window's views).

    ``output``, ``loss`` and ``gradient`` have the pyqtgraph ``plot`` they draw in.
    """

    window: QWidget
    network: QGraphicsView
    output: OutputView
    loss: LossPlot
    gradient: GradientPlot

    def by_key(self) -> dict[str, QWidget]:
        """The views by the keys clips and exports use ("window", "network", ...)."""
        return {
            "window": self.window,
            "network": self.network,
            "output": self.output,
            "loss": self.loss,
            "gradient": self.gradient,
        }


class ExportActions(QObject):
    """File > Export, File > Open Recent and the plots' export entries.

    The window places :attr:`recent_menu` and :attr:`export_menu` (in its File menu)
    and :meth:`plot_actions` (the plots' right-click menus). Its texts follow the UI
    language (:meth:`retranslate_ui` on the context's ``language_changed``).

    Parameters
    ----------
    context : AppContext
        The document (exported with the weights on screen), its file name (the
        suggested names), the settings (the recent files), dialogs and messages.
    views : ExportViews
        What the picture exports show.

    Signals
    -------
    open_requested(object)
        A file of File > Open Recent was chosen (its Path); the window opens it.
    """

    open_requested = Signal(object)

    def __init__(
        self, context: AppContext, views: ExportViews, parent: QObject | None = None
    ) -> None:
        super().__init__(parent if parent is not None else context)
        self._context = context
        self._views = views
        self.recent = RecentFiles(context.settings(), self)
        # Parented on the dialog parent (the window) for their lifetime; the window
        # inserts them into its File menu.
        self.recent_menu = QMenu(context.dialog_parent)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.export_menu = QMenu(context.dialog_parent)
        self.actions: dict[str, QAction] = {}
        self._build_export_menu()
        self.retranslate_ui()
        context.language_changed.connect(self.retranslate_ui)

    def retranslate_ui(self, _lang: str = "") -> None:
        """Set the menus' and entries' texts in the UI language."""
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.export_menu.setTitle(self.tr("&Export"))
        for entry in EXPORT_ENTRIES:
            if entry is not None:
                key, text = entry
                self.actions[key].setText(QCoreApplication.translate("ExportActions", text))

    # ------------------------------------------------------------------ building
    def _add(self, menu: QMenu, key: str, text: str, slot: Callable[[], object]) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        self.actions[key] = action
        return action

    def _build_export_menu(self) -> None:
        m = self.export_menu
        for entry in EXPORT_ENTRIES:
            if entry is None:
                m.addSeparator()
                continue
            key, text = entry
            self._add(m, key, text, lambda k=key: self._ask(k))  # texts: retranslate_ui

    def plot_actions(self, plot_key: str) -> list[QAction]:
        """The PNG, SVG and CSV exports of plot ``plot_key`` ("loss" or "gradient").

        The plots have no menu of their own (pyqtgraph's is turned off), so the window
        offers these on a right-click.
        """
        return [self.actions[f"{plot_key}_{fmt}"] for fmt in ("png", "svg", "csv")]

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent.paths()
        for i, path in enumerate(paths, start=1):
            action = menu.addAction(f"&{i} {path.name}")
            action.setToolTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_requested.emit(p))
        if not paths:
            menu.addAction(self.tr("(none)")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear list")).triggered.connect(self.recent.clear)

    # ------------------------------------------------------------------ exporting
    def export(self, key: str, path: str | os.PathLike[str]) -> Path:
        """Write the export named ``key`` (a key of :attr:`actions`) to ``path``."""
        v = self._views
        plots = {"loss": v.loss, "gradient": v.gradient}
        if key == "window_png":
            return export_window_png(v.window, path)
        if key == "network_png":
            return export_widget_png(v.network, path)
        if key == "network_svg":
            return export_scene_svg(v.network, path)
        if key == "output_png":
            return export_widget_png(v.output, path)
        if key == "output_svg":
            return export_plot_svg(v.output.plot, path)
        if key in ("json", "json_bare"):
            return export_experiment_json(self._context.current_experiment(), path, key == "json")
        if key == "script":
            from nnsim.core.script_export import write_script

            return write_script(path, self._context.current_experiment())
        plot_key, _, fmt = key.partition("_")
        if plot_key in plots:
            view = plots[plot_key]
            if fmt == "png":
                return export_plot_png(view.plot, path)
            if fmt == "svg":
                return export_plot_svg(view.plot, path)
            if fmt == "csv":
                return export_plot_csv(view.plot, path)
        raise KeyError(f"unknown export {key!r}")

    def _ask(self, key: str) -> None:
        suffix = {"png": ".png", "svg": ".svg", "csv": ".csv", "json": ".json"}
        ext = ".py" if key == "script" else ".json" if key.startswith("json") else ""
        ext = ext or suffix[key.rpartition("_")[2]]
        ctx = self._context
        stem = ctx.path.stem if ctx.path is not None else "nnsim"
        start = str(Path.home() / f"{stem}-{key.replace('_', '-')}{ext}")
        # "Description (*.ext)": only the description is translated, the pattern stays.
        filters = ";;".join(
            f"{QCoreApplication.translate('ExportActions', description)} ({pattern})"
            for description, pattern in (_FILTERS[ext], _ALL_FILES)
        )
        path, _ = QFileDialog.getSaveFileName(
            ctx.dialog_parent, self.tr("Export"), start, filters
        )
        if not path:
            return
        p = Path(path)
        if not p.suffix:
            p = p.with_suffix(ext)
        try:
            self.export(key, p)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(ctx.dialog_parent, self.tr("Cannot export"), f"{p}:\n\n{exc}")
            return
        ctx.notify(self.tr("Exported {name}").format(name=p.name), 4000)
