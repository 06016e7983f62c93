"""What the training process has to say: errors, divergence, stops, a lost worker.

:class:`TrainingAlerts` follows a context's controller: an error opens a window-modal
box with the details, a divergence opens one non-modal box (reused, so pressing Play
again at a rate that still diverges never stacks them), and every event is said in the
status bar. Its texts are the main window's (translation context "MainWindow").
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from nnsim.gui.app_context import AppContext
from nnsim.gui.i18n import translate

__all__ = ["TrainingAlerts"]


class TrainingAlerts(QObject):
    """Message boxes and status messages for the context's training controller.

    Attributes
    ----------
    divergence_box : QMessageBox or None
        The one box that reports divergence (made on the first).
    """

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else context)
        self._context = context
        self.divergence_box: QMessageBox | None = None
        c = context.controller
        c.errored.connect(self._on_errored)
        c.diverged.connect(self._on_diverged)
        c.stopped.connect(self._on_stopped)
        c.worker_lost.connect(self._on_worker_lost)

    def _on_stopped(self, reason: str) -> None:
        self._context.notify(reason)

    def _on_worker_lost(self, message: str) -> None:
        # Long enough to be read after the new worker's first frames.
        self._context.notify(message, 30_000)

    def _on_errored(self, details: str) -> None:
        ctx = self._context
        ctx.notify(translate("MainWindow", "Training stopped by an error (see the dialog)."))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            translate("MainWindow", "Training error"),
            translate(
                "MainWindow",
                "Training hit an error and was paused. The network and data are unchanged.",
            ),
            QMessageBox.StandardButton.Ok,
            ctx.dialog_parent,
        )
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, does not block the event loop (rendering goes on)

    def _on_diverged(self, message: str) -> None:
        # The message names the step, the healthy weights training was set back to and
        # what to change: a lower learning rate, or new weights when the loaded ones are
        # the cause.
        self._context.notify(message)
        box = self.divergence_box
        if box is None:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                translate("MainWindow", "Training diverged"),
                message,
                QMessageBox.StandardButton.Ok,
                self._context.dialog_parent,
            )
            # Non-modal: the lecturer can lower the learning rate (or press Reset) with
            # the box still open.
            box.setWindowModality(Qt.WindowModality.NonModal)
            self.divergence_box = box
        box.setText(message)
        box.show()
