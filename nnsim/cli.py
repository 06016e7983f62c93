"""The ``nnsim`` command.

``nnsim [--experiment FILE | --lesson NAME] [--steps N] [--screenshot OUT.png] [--size WxH]``

Without ``--screenshot`` it opens the window and runs the application (``--steps``
trains that many steps in the background first). With ``--screenshot`` it renders
the window offscreen when there is no display, optionally trains N steps first,
saves the window as a PNG of exactly the requested size and exits 0.

``--print-ready`` prints :data:`READY_LINE` on stdout once the window is shown, for
scripts that start the app and must know when it is up.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_SIZE = (1440, 900)
#: What ``--print-ready`` prints (one line on stdout) once the window is up.
READY_LINE = "nnsim: ready"


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text)
    if m is None:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, got {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    if not (320 <= w <= 10000 and 240 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (320x240 .. 10000x10000)")
    return w, h


#: The most ``--steps`` accepts: minutes of training on a lecture network. More ran on
#: silently for hours before a screenshot (or never made one).
MAX_CLI_STEPS = 10_000_000


def _steps(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"steps must be a whole number, got {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("steps cannot be negative")
    if n > MAX_CLI_STEPS:
        raise argparse.ArgumentTypeError(f"steps must be at most {MAX_CLI_STEPS:,}, got {n:,}")
    return n


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser of ``nnsim``."""
    p = argparse.ArgumentParser(
        prog="nnsim",
        description="A desktop neural-network simulator for teaching.",
    )
    opened = p.add_mutually_exclusive_group()
    opened.add_argument("--experiment", metavar="FILE", type=Path, help="experiment JSON to open")
    opened.add_argument(
        "--lesson",
        metavar="NAME",
        help="open a lesson (e.g. linear-collapse, or a lesson .json file) with its views",
    )
    # Test and documentation hook: one screenshot per shipped lesson into DIR, in one process.
    p.add_argument("--lesson-screenshots", metavar="DIR", type=Path, help=argparse.SUPPRESS)
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
    p.add_argument(
        "--lang", choices=("en", "ko"), default=None, help="user interface language (en or ko)"
    )
    p.add_argument(
        "--print-ready",
        action="store_true",
        help=f"print '{READY_LINE}' on stdout once the window is shown (for scripts)",
    )
    p.add_argument(
        "--present",
        action="store_true",
        help="start in presentation mode (View > Presentation mode, F5)",
    )
    return p


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nnsim``; returns the process exit code."""
    args = build_parser().parse_args(argv)
    batch = args.screenshot is not None or args.lesson_screenshots is not None
    if batch and not _has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    # Imported late: Qt must see QT_QPA_PLATFORM before it loads (nnsim.storage is Qt-free).
    from nnsim.storage import LoadError, read_experiment

    experiment = None
    notes: list[str] = []  # opened, but something was left out (e.g. newer curves)
    if args.experiment is not None:
        try:
            # Bounded and checked like File > Open: a FIFO, a device or a huge file is
            # refused before it is read.
            experiment = read_experiment(args.experiment, notes)
        except LoadError as exc:
            print(f"nnsim: cannot open {args.experiment}: {exc.problem}", file=sys.stderr)
            return 2
        for note in notes:  # the terminal's copy; a --screenshot run has no window
            print(f"nnsim: {args.experiment}: {note}", file=sys.stderr)
    lesson = None
    if args.lesson is not None:
        from nnsim.storage import load_lesson

        try:
            lesson = load_lesson(args.lesson)
        except LoadError as exc:
            print(f"nnsim: cannot open lesson {args.lesson}: {exc.problem}", file=sys.stderr)
            return 2
        experiment = lesson.experiment

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "nnsim"])
    app.setApplicationName("nnsim")
    app.setOrganizationName("nnsim")
    if args.lang is not None:
        from nnsim.gui.i18n import install_language

        install_language(args.lang)

    if args.lesson_screenshots is not None:
        return _lesson_screenshots(args.lesson_screenshots, args.steps, args.size or DEFAULT_SIZE)
    if args.screenshot is not None:
        return _screenshot(
            experiment,
            args.steps,
            args.screenshot,
            args.size or DEFAULT_SIZE,
            lesson,
            present=args.present,
        )

    from nnsim.gui.main_window import MainWindow

    window = MainWindow(experiment)
    if args.size is not None:
        window.resize(*args.size)
    window.show()
    if args.present:
        window.presentation.set_active(True)
    if lesson is not None:
        window.teaching.show_lesson(lesson)
    elif notes:
        window.show_notes(notes)  # as File > Open says it
    if args.steps:
        window.controller.step(args.steps)
    _start_crash_safety(window)
    _close_on_sigint(window)
    if args.print_ready:
        _print_ready()
    return int(app.exec())


def _start_crash_safety(window) -> None:
    """Autosave while there is unsaved work; offer what a crashed session left behind."""
    from PySide6.QtCore import QTimer

    window.enable_autosave()
    # From the event loop, so the question appears over the drawn window.
    QTimer.singleShot(0, window.offer_recovery)


def _print_ready() -> None:
    """``--print-ready``: say on stdout when the window is up and Ctrl+C closes it.

    Printed from the running event loop, after the window was shown and the Ctrl+C
    handler installed: a script (or test) that waits for the line may then use the app
    or interrupt it, instead of guessing how long the start takes.
    """
    from PySide6.QtCore import QTimer

    def ready() -> None:
        print(READY_LINE, flush=True)

    QTimer.singleShot(0, ready)


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


def _lesson_screenshots(folder: Path, steps: int, size: tuple[int, int]) -> int:
    """Save ``NAME.png`` in ``folder`` for every shipped lesson (see :func:`_screenshot`)."""
    from nnsim.storage import list_lessons

    for lesson in list_lessons():
        code = _screenshot(lesson.experiment, steps, folder / f"{lesson.name}.png", size, lesson)
        if code:
            return code
    return 0


def _screenshot(
    experiment, steps: int, out: Path, size: tuple[int, int], lesson=None, present: bool = False
) -> int:
    """Render the window at ``size`` after ``steps`` training steps and save it to ``out``.

    With a ``lesson`` (whose experiment ``experiment`` is) the lesson's views are shown;
    ``present`` switches presentation mode on first.
    """
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt

    from nnsim.core.divergence import DivergedError
    from nnsim.core.experiment import Experiment
    from nnsim.core.trainer import Trainer
    from nnsim.gui.controller import GRID, THUMB
    from nnsim.gui.main_window import MainWindow

    exp = experiment if experiment is not None else Experiment()
    window = MainWindow(exp, start=False, remember_layout=False)
    try:
        w, h = size
        window.resize(w, h)
        window.show()
        if present:
            window.presentation.set_active(True)
            window.resize(w, h)
        if lesson is not None:
            window.teaching.show_lesson(lesson)
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
