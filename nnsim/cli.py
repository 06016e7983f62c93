"""The ``nnsim`` command.

``nnsim [--experiment FILE] [--steps N] [--screenshot OUT.png] [--size WxH]``

Without ``--screenshot`` it opens the window and runs the application (``--steps``
trains that many steps in the background first). With ``--screenshot`` it renders
the window offscreen when there is no display, optionally trains N steps first,
saves the window as a PNG of exactly the requested size and exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_SIZE = (1440, 900)


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text)
    if m is None:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, got {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    if not (320 <= w <= 10000 and 240 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (320x240 .. 10000x10000)")
    return w, h


def _steps(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"steps must be a whole number, got {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("steps cannot be negative")
    return n


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser of ``nnsim``."""
    p = argparse.ArgumentParser(
        prog="nnsim",
        description="A desktop neural-network simulator for teaching.",
    )
    p.add_argument("--experiment", metavar="FILE", type=Path, help="experiment JSON to open")
    p.add_argument("--steps", metavar="N", type=_steps, default=0, help="train N steps first")
    p.add_argument(
        "--screenshot",
        metavar="OUT.png",
        type=Path,
        help="render the window (offscreen without a display), save it as PNG and exit",
    )
    p.add_argument(
        "--size", metavar="WxH", type=_size, default=None, help="window size, e.g. 1920x1080"
    )
    return p


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nnsim``; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.screenshot is not None and not _has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    # Imported late: Qt must see QT_QPA_PLATFORM before it loads.
    from nnsim.core.experiment import Experiment, InvalidExperimentError

    experiment = None
    if args.experiment is not None:
        try:
            experiment = Experiment.from_json(args.experiment.read_bytes())
        except OSError as exc:
            print(f"nnsim: cannot read {args.experiment}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        except InvalidExperimentError as exc:
            print(f"nnsim: {args.experiment} is not a valid experiment: {exc}", file=sys.stderr)
            return 2

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "nnsim"])
    app.setApplicationName("nnsim")
    app.setOrganizationName("nnsim")

    if args.screenshot is not None:
        return _screenshot(experiment, args.steps, args.screenshot, args.size or DEFAULT_SIZE)

    from nnsim.gui.main_window import MainWindow

    window = MainWindow(experiment)
    if args.size is not None:
        window.resize(*args.size)
    window.show()
    if args.steps:
        window.controller.step(args.steps)
    _close_on_sigint(window)
    return int(app.exec())


def _close_on_sigint(window) -> None:
    """Ctrl+C in the terminal closes the window (training stops and joins) and exits.

    Python runs signal handlers only between bytecodes, and the Qt event loop is C++:
    a short timer gives the interpreter a moment to run them.
    """
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_args: window.close())
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(200)


def _screenshot(experiment, steps: int, out: Path, size: tuple[int, int]) -> int:
    """Render the window at ``size`` after ``steps`` training steps and save it to ``out``."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt

    from nnsim.core.experiment import Experiment
    from nnsim.core.trainer import DivergedError, Trainer
    from nnsim.gui.controller import GRID, THUMB
    from nnsim.gui.main_window import MainWindow

    exp = experiment if experiment is not None else Experiment()
    window = MainWindow(exp, start=False)
    try:
        w, h = size
        window.resize(w, h)
        window.show()
        # Batch mode: train synchronously here, then hand the snapshot to the views.
        trainer = Trainer(exp)
        if steps:
            try:
                trainer.step(steps)
            except DivergedError as exc:
                print(f"nnsim: {exc}", file=sys.stderr)
        window.show_snapshot(trainer.snapshot(grid=GRID, thumb=THUMB))
        for _ in range(5):  # let layouts, plot ranges and pending paints settle
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        image = window.grab().toImage()
        if (image.width(), image.height()) != (w, h):
            # A device pixel ratio != 1 (or a window manager's size limit) changes the
            # grab's pixel size; the file has exactly the size that was asked for.
            image = image.scaled(
                w,
                h,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        image.setDevicePixelRatio(1.0)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            print(f"nnsim: could not write {out}", file=sys.stderr)
            return 1
    finally:
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
