"""The status bar's permanent labels: step, epoch, losses, accuracy or R², steps/s.

Each label is sized once for the widest text it shows (:meth:`StatusLabels.fit`), so
numbers that change every frame never relayout the bar. Its texts are the main
window's (translation context "MainWindow").
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from nnsim.core.snapshot import Snapshot
from nnsim.gui.i18n import translate
from nnsim.gui.theme import Theme
from nnsim.gui.toolbar import fix_label_size

__all__ = ["STATUS_KEYS", "STATUS_MAX_SCALE", "StatusLabels", "format_loss", "format_share"]

#: The labels, left to right.
STATUS_KEYS = ("step", "epoch", "loss", "metric", "rate")
#: The status bar never grows past this text scale, so it fits a 720p window.
STATUS_MAX_SCALE = 1.3


def format_loss(value: float) -> str:
    """A loss or R² for the status bar: 3 decimals, or 3 significant digits when huge."""
    if not math.isfinite(value):
        return "–"  # NaN for an empty test set
    # A diverging run's 2.2e191 would otherwise print its 190 digits.
    return f"{value:.3f}" if abs(value) < 1e4 else f"{value:.3g}"


def format_share(value: float) -> str:
    """An accuracy as a percentage with one decimal ("–" when there is none)."""
    return f"{value:.1%}" if math.isfinite(value) else "–"


def _templates() -> dict[str, str]:
    # Widths fit the widest text each label shows, so new numbers never relayout the bar.
    return {
        "step": translate("MainWindow", "step {0}").format("000,000,000"),
        "epoch": translate("MainWindow", "epoch {0}").format("00,000,000"),
        "loss": translate("MainWindow", "loss train {0} · test {1}").format("000.000", "000.000"),
        "metric": translate("MainWindow", "accuracy train {0} · test {1}").format(
            "100.0%", "100.0%"
        ),
        "rate": translate("MainWindow", "{0} steps/s").format("0,000,000"),
    }


class StatusLabels(dict[str, QLabel]):
    """The permanent labels of ``bar`` by key (:data:`STATUS_KEYS`)."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__()
        for key in STATUS_KEYS:
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
            self[key] = label

    def fit(self, theme: Theme) -> None:
        """Font and fixed width of every label for ``theme`` and the UI language."""
        font = theme.font(min(theme.scale, STATUS_MAX_SCALE) / theme.scale)
        templates = _templates()
        for key, label in self.items():
            label.setFont(font)
            fix_label_size(label, templates[key])
            # The tool bar's counters show step and epoch large while presenting.
            label.setVisible(not (theme.presenting and key in ("step", "epoch")))

    def show_paused(self) -> None:
        """The rate label before the first snapshot."""
        self["rate"].setText(translate("MainWindow", "paused"))

    def show_snapshot(self, snap: Snapshot) -> None:
        """The numbers of ``snap`` in the UI language."""
        self["step"].setText(translate("MainWindow", "step {0}").format(f"{snap.step:,}"))
        self["epoch"].setText(translate("MainWindow", "epoch {0}").format(f"{snap.epoch:,}"))
        self["loss"].setText(
            translate("MainWindow", "loss train {0} · test {1}").format(
                format_loss(snap.train_loss), format_loss(snap.test_loss)
            )
        )
        if snap.task == "regression":
            train, test = format_loss(snap.train_metric), format_loss(snap.test_metric)
            text = translate("MainWindow", "R² train {0} · test {1}").format(train, test)
        else:
            train, test = format_share(snap.train_metric), format_share(snap.test_metric)
            text = translate("MainWindow", "accuracy train {0} · test {1}").format(train, test)
        self["metric"].setText(text)
        rate = snap.steps_per_second
        self["rate"].setText(
            translate("MainWindow", "{0} steps/s").format(f"{rate:,.0f}")
            if rate > 0
            else translate("MainWindow", "paused")
        )
