"""Run the real ``nnsim`` command in this process and drive it from outside the product.

A test launches this file as the application process::

    python tests/app_driver.py [--script STEPS] [--state FILE] [--] [nnsim arguments]

It starts :func:`nnsim.cli.main` with the given arguments -- the same start-up as the
``nnsim`` command: the window, autosave, the offer to recover a crashed session, Ctrl+C
handling -- and then, from the event loop, does what a user would, using only the
window's public attributes:

``--script`` (steps separated by ``;``, run in order once the start-up is done)
    ``recover=yes`` / ``recover=no``
        How to answer the "Recover unsaved work?" question *if* it is asked: the real
        dialog's Yes or No button is clicked. Each question seen is printed on stdout
        as ``driver: asked <title>``; the answer as ``driver: answered yes|no``.
    ``lr=0.1`` / ``title=TEXT``
        An undoable change of the learning rate or the title.
    ``play``
        Start training.
    ``dump=PATH``
        Write the experiment on screen (weights and step included) to PATH once the
        training process shows the document's network -- and its stored weights, if the
        document has any (at most 60 s after start).
    ``quit``
        Close the window (a normal exit).

``--state FILE``
    Keep FILE describing what an end-to-end test can see (the test drives the mouse
    with xdotool and cannot look inside): the experiment, the undo count, whether the
    window is exposed, the global screen position of every hidden layer's resize grip
    and the editor's row pitch. Written at start, after every model change and
    whenever it changes (checked every 100 ms). SIGTERM closes the window the normal
    way, so the test can end the app cleanly.

Every step printed as ``driver: <step>`` when done; an exception in a step is printed
with its traceback and ends the process with exit code 3.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import traceback
from dataclasses import replace
from pathlib import Path

#: The steps a script may hold.
STEPS = ("recover", "lr", "title", "play", "dump", "quit")
#: How long a ``dump`` waits for the training process to show the document.
DUMP_WAIT_S = 60.0


def parse_script(text: str) -> list[tuple[str, str]]:
    """``"recover=no; lr=0.1; play"`` -> ``[("recover", "no"), ("lr", "0.1"), ("play", "")]``."""
    steps = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        key, _, value = part.partition("=")
        key = key.strip().lower()
        if key not in STEPS:
            raise ValueError(f"unknown driver step {part!r}")
        steps.append((key, value.strip()))
    return steps


def _say(text: str) -> None:
    print(f"driver: {text}", flush=True)


def _fail() -> None:
    traceback.print_exc()
    sys.stderr.flush()
    os._exit(3)


def _main_window():
    from PySide6.QtWidgets import QApplication

    from nnsim.gui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def _caught_up(window) -> bool:
    """The training process shows the document's network (and its stored weights)."""
    import numpy as np

    snap = window.controller.latest
    exp = window.model.experiment
    if snap is None or tuple(snap.layer_sizes) != tuple(exp.layer_sizes):
        return False
    if exp.weights is None:
        return True
    return snap.step == exp.step and all(
        np.array_equal(a, b) for a, b in zip(snap.weights, exp.weights.W, strict=True)
    )


class Driver:
    """Runs the steps from the event loop, one at a time."""

    def __init__(self, steps: list[tuple[str, str]], state: Path | None) -> None:
        self.answer = next((v.lower() for k, v in steps if k == "recover"), None)
        self.pending = [s for s in steps if s[0] != "recover"]
        self.state = state
        self.window = None
        self.deadline = time.monotonic() + DUMP_WAIT_S

    def install(self) -> None:
        """Look for the window every 20 ms until the command has shown it."""
        from PySide6.QtCore import QTimer

        self._finder = QTimer()
        self._finder.setInterval(20)
        self._finder.timeout.connect(self._find_window)
        self._finder.start()

    def _find_window(self) -> None:
        from PySide6.QtCore import QTimer

        window = _main_window()
        if window is None:
            return
        self._finder.stop()
        self.window = window
        if self.state is not None:
            self._report_state()
        # Queued behind the command's own start-up work (the recovery offer is the
        # event loop's first task): a question it asks is open when this runs.
        QTimer.singleShot(0, self._next)

    def _answer_question(self) -> bool:
        """Answer an open modal question (the recovery offer); True if there was one."""
        from PySide6.QtWidgets import QApplication, QMessageBox

        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            return False
        _say(f"asked {box.windowTitle()}")
        if self.answer not in ("yes", "no"):
            raise RuntimeError(f"a question was asked and the script has no answer: {box.text()}")
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        button = yes if self.answer == "yes" else no
        _say(f"answered {self.answer}")
        box.button(button).click()
        return True

    def _next(self) -> None:
        from PySide6.QtCore import QThread, QTimer

        try:
            if self._answer_question():
                QTimer.singleShot(0, self._next)
                return
            if QThread.currentThread().loopLevel() > 1:
                # Still inside the question's own event loop: the offer has not finished
                # (restoring the autosave or not) until the application's loop runs again.
                QTimer.singleShot(20, self._next)
                return
            if not self.pending:
                return
            key, value = self.pending[0]
            if key == "dump" and not _caught_up(self.window):
                if time.monotonic() > self.deadline:
                    raise TimeoutError("the training process never showed the document")
                QTimer.singleShot(20, self._next)
                return
            self.pending.pop(0)
            self._do(key, value)
            _say(f"{key}={value}" if value else key)
            if key != "quit":
                QTimer.singleShot(0, self._next)
        except Exception:
            _fail()

    def _do(self, key: str, value: str) -> None:
        from nnsim.gui.commands import SetExperimentCommand
        from nnsim.storage import atomic_write_text

        window = self.window
        exp = window.model.experiment
        if key == "lr":
            new = replace(exp, hyper=replace(exp.hyper, learning_rate=float(value)))
            window.undo_stack.push(SetExperimentCommand(window.model, new, "Learning rate"))
        elif key == "title":
            window.undo_stack.push(
                SetExperimentCommand(window.model, replace(exp, title=value), "Title")
            )
        elif key == "play":
            window.controller.play()
        elif key == "dump":
            atomic_write_text(Path(value), window.current_experiment().to_json())
        elif key == "quit":
            window.close()

    def _report_state(self) -> None:
        from PySide6.QtCore import QTimer

        from nnsim.storage import atomic_write_text

        window = self.window
        last = [""]

        def write() -> None:
            try:
                view = window.network_view
                handle = window.windowHandle()
                state = {
                    "experiment": window.model.experiment.to_dict(include_weights=False),
                    "undo_count": window.undo_stack.count(),
                    "exposed": bool(handle is not None and handle.isExposed()),
                    "handles": {
                        str(c): list(p) for c, p in view.handle_screen_positions().items()
                    },
                    "row_pitch_px": view.row_pitch_pixels(),
                }
                text = json.dumps(state)
                if text != last[0]:
                    last[0] = text
                    atomic_write_text(self.state, text)
            except Exception:
                _fail()

        window.model.changed.connect(lambda *_args: QTimer.singleShot(0, write))
        self._state_timer = QTimer(window)
        self._state_timer.timeout.connect(write)
        self._state_timer.start(100)
        signal.signal(signal.SIGTERM, lambda *_args: window.close())
        write()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--script", default="", help="steps, e.g. 'recover=no;lr=0.1;play'")
    parser.add_argument("--state", type=Path, default=None, help="state file for e2e tests")
    parser.add_argument("nnsim_args", nargs=argparse.REMAINDER, help="arguments of nnsim")
    args = parser.parse_args(argv)
    rest = args.nnsim_args[1:] if args.nnsim_args[:1] == ["--"] else args.nnsim_args

    from PySide6.QtWidgets import QApplication

    from nnsim import cli

    # The command uses this application (it creates one only if there is none).
    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841
    driver = Driver(parse_script(args.script), args.state)
    driver.install()
    return cli.main(rest)


if __name__ == "__main__":
    sys.exit(main())
