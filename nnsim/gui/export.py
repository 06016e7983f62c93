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

:class:`ExportActions` builds the File > Export submenu, File > Open Recent and the
plots' right-click menus for a :class:`~nnsim.gui.main_window.MainWindow`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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
    Qt,
)
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QMenu, QMessageBox, QWidget

from nnsim.core.experiment import Experiment
from nnsim.gui.i18n import notifier
from nnsim.storage import atomic_write_text

if TYPE_CHECKING:  # the window imports this module; no import cycle at run time
    from nnsim.gui.main_window import MainWindow

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


class ExportActions(QObject):
    """File > Export, File > Open Recent and the plots' right-click export entries.

    Its texts follow the UI language (:meth:`retranslate_ui` on
    ``nnsim.gui.i18n.notifier().language_changed``).

    Parameters
    ----------
    window : MainWindow
        The window whose views are exported.
    file_menu : QMenu
        Its File menu; the submenus go in before its last entry (Quit).
    settings : QSettings, optional
        For the recent files; by default nnsim's own settings when they are enabled.
    """

    def __init__(
        self, window: MainWindow, file_menu: QMenu, settings: QSettings | None = None
    ) -> None:
        super().__init__(window)
        from nnsim.gui.main_window import settings_enabled  # the window imports us

        self._window = window
        if settings is None and settings_enabled():
            settings = QSettings("nnsim", "nnsim")
        self.recent = RecentFiles(settings, self)
        before = file_menu.actions()[-1] if file_menu.actions() else None
        self.recent_menu = QMenu(file_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.export_menu = QMenu(file_menu)
        file_menu.insertMenu(before, self.recent_menu)
        file_menu.insertMenu(before, self.export_menu)
        file_menu.insertSeparator(before)
        self.actions: dict[str, QAction] = {}
        self._build_export_menu()
        self._install_context_menus()
        self.retranslate_ui()
        notifier().language_changed.connect(self.retranslate_ui)

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

    def _install_context_menus(self) -> None:
        # The plots have no menu of their own (pyqtgraph's is turned off): right-click
        # on a plot offers its exports.
        w = self._window
        for plot_key, widget in (("loss", w.loss_plot), ("gradient", w.gradient_plot)):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            for fmt in ("png", "svg", "csv"):
                widget.addAction(self.actions[f"{plot_key}_{fmt}"])

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent.paths()
        for i, path in enumerate(paths, start=1):
            action = menu.addAction(f"&{i} {path.name}")
            action.setToolTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self._window.open_file(p))
        if not paths:
            menu.addAction(self.tr("(none)")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear list")).triggered.connect(self.recent.clear)

    # ------------------------------------------------------------------ exporting
    def export(self, key: str, path: str | os.PathLike[str]) -> Path:
        """Write the export named ``key`` (a key of :attr:`actions`) to ``path``."""
        w = self._window
        plots = {"loss": w.loss_plot, "gradient": w.gradient_plot}
        if key == "window_png":
            return export_window_png(w, path)
        if key == "network_png":
            return export_widget_png(w.network_view, path)
        if key == "network_svg":
            return export_scene_svg(w.network_view, path)
        if key == "output_png":
            return export_widget_png(w.output_view, path)
        if key == "output_svg":
            return export_plot_svg(w.output_view.plot, path)
        if key in ("json", "json_bare"):
            return export_experiment_json(w.current_experiment(), path, key == "json")
        if key == "script":
            from nnsim.core.script_export import write_script

            return write_script(path, w.current_experiment())
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
        w = self._window
        stem = w.path.stem if w.path is not None else "nnsim"
        start = str(Path.home() / f"{stem}-{key.replace('_', '-')}{ext}")
        # "Description (*.ext)": only the description is translated, the pattern stays.
        filters = ";;".join(
            f"{QCoreApplication.translate('ExportActions', description)} ({pattern})"
            for description, pattern in (_FILTERS[ext], _ALL_FILES)
        )
        path, _ = QFileDialog.getSaveFileName(w, self.tr("Export"), start, filters)
        if not path:
            return
        p = Path(path)
        if not p.suffix:
            p = p.with_suffix(ext)
        try:
            self.export(key, p)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(w, self.tr("Cannot export"), f"{p}:\n\n{exc}")
            return
        w.statusBar().showMessage(self.tr("Exported {name}").format(name=p.name), 4000)
