"""Every export writes a file another program can read."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from nnsim.core.experiment import DataSpec, Experiment
from nnsim.gui.export import MAX_RECENT, RecentFiles, image_size
from nnsim.gui.main_window import MainWindow
from nnsim.storage import read_experiment


@pytest.fixture
def trained(make_window, qtbot) -> MainWindow:
    w = make_window(Experiment(data=DataSpec(n_samples=200)))
    w.controller.step(60)
    qtbot.waitUntil(lambda: w.snapshot is not None and w.snapshot.step == 60, timeout=10_000)
    qtbot.waitUntil(lambda: len(w.snapshot.history) > 3, timeout=10_000)
    w.loss_plot.set_snapshot(w.snapshot)  # the plots refresh at most every PLOT_MS
    w.gradient_plot.set_snapshot(w.snapshot)
    return w


def _svg_ok(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 5  # it draws something


def test_every_view_exports_png_svg_and_csv(trained: MainWindow, tmp_path: Path) -> None:
    w = trained
    ex = w.exports
    # PNGs decode and have the size on screen.
    p = ex.export("window_png", tmp_path / "window.png")
    dpr = w.devicePixelRatioF()
    assert image_size(p) == (round(w.width() * dpr), round(w.height() * dpr))
    p = ex.export("network_png", tmp_path / "net.png")
    nv = w.network_view
    assert image_size(p) == (round(nv.width() * dpr), round(nv.height() * dpr))
    p = ex.export("output_png", tmp_path / "out.png")
    ov = w.output_view
    assert image_size(p) == (round(ov.width() * dpr), round(ov.height() * dpr))
    for key in ("loss_png", "gradient_png"):
        p = ex.export(key, tmp_path / f"{key}.png")
        assert not QImage(str(p)).isNull()
        assert image_size(p)[0] > 50
    from nnsim.gui.export import export_plot_png

    p = export_plot_png(w.loss_plot.plot, tmp_path / "wide.png", width=800)
    assert image_size(p)[0] == 800
    # SVGs parse as XML.
    for key in ("network_svg", "output_svg", "loss_svg", "gradient_svg"):
        _svg_ok(ex.export(key, tmp_path / f"{key}.svg"))
    # CSVs: one (x, y) column pair per curve, one row per recorded step (the loss
    # curve also ends at the snapshot's own step, between two records).
    snap = w.snapshot
    n = len(snap.history)
    tip = int(snap.step > snap.history.step[-1])
    rows = list(csv.reader((ex.export("loss_csv", tmp_path / "loss.csv")).open()))
    assert rows[0] == ["test loss_x", "test loss_y", "training loss_x", "training loss_y"]
    assert len(rows) == 1 + n + tip
    assert float(rows[-1][0]) == float(snap.step)
    assert float(rows[-1][3]) == pytest.approx(float(snap.train_loss))
    rows = list(csv.reader((ex.export("gradient_csv", tmp_path / "grad.csv")).open()))
    names = w.gradient_plot.curve_names
    assert names == ["layer 1", "layer 2", "output"]
    assert rows[0] == [f"{name}_{c}" for name in names for c in "xy"]
    assert len(rows) == 1 + n
    for i, curve in enumerate(w.gradient_plot.curves):  # column pair i is layer i's curve
        assert float(rows[-1][2 * i + 1]) == pytest.approx(float(curve.yData[-1]))
    # The legend shows its own texts (translated), not the CSV names.
    assert w.loss_plot.legend_texts() == ["test loss", "training loss"]


def test_experiment_json_with_and_without_weights(trained: MainWindow, tmp_path: Path) -> None:
    w = trained
    current = w.current_experiment()
    assert current.weights is not None and current.step == 60
    with_w = read_experiment(w.exports.export("json", tmp_path / "with.json"))
    assert with_w == current
    bare = read_experiment(w.exports.export("json_bare", tmp_path / "bare.json"))
    assert bare.weights is None and bare.step == 0
    assert bare == current.without_weights()
    # The exported script is the bridge to code.
    script = w.exports.export("script", tmp_path / "net.py")
    compile(script.read_text(), str(script), "exec")


def test_export_menu_and_plot_context_menu(trained: MainWindow) -> None:
    w = trained
    texts = [a.text() for a in w.file_menu.actions()]
    assert "&Export" in texts and "Open &Recent" in texts
    assert texts[-1] == "&Quit"
    assert w.exports.actions["loss_csv"] in w.loss_plot.actions()
    assert w.exports.actions["gradient_svg"] in w.gradient_plot.actions()


def test_recent_files_newest_first_bounded_and_pruned(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    recent = RecentFiles(settings)
    files = []
    for i in range(MAX_RECENT + 2):
        f = tmp_path / f"e{i}.json"
        f.write_text("{}")
        files.append(f)
        recent.add(f)
    recent.add(files[3])  # reopening moves it to the top
    got = recent.paths()
    assert len(got) == MAX_RECENT
    assert got[0] == files[3].resolve()
    assert got[1] == files[-1].resolve()
    files[-1].unlink()  # a file that disappeared is dropped
    again = RecentFiles(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert files[-1].resolve() not in again.paths()
    assert again.paths()[0] == files[3].resolve()


def test_open_and_save_fill_recent_files(trained: MainWindow, tmp_path: Path) -> None:
    w = trained
    target = tmp_path / "saved.json"
    assert w.save_file(target)
    assert w.exports.recent.paths()[0] == target.resolve()
    w.exports._fill_recent()
    entries = [a.text() for a in w.exports.recent_menu.actions()]
    assert entries[0] == "&1 saved.json"
