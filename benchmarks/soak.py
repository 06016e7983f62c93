"""Soak: does memory stay flat over a million training steps with the window open?

Runs the main window offscreen on the default experiment (circle, 2-4-2-1 tanh, batch
10) with the controller at maximum speed, every view live and autosave on (every 10 s,
into a temporary folder, as training progress is unsaved work), and prints at 10^4,
10^5 and 10^6 steps (``--milestones`` changes them):

* the resident set size (``VmRSS`` from ``/proc/self/status``; Linux only),
* the length of the decimated history in the latest snapshot (bounded by
  ``HISTORY_CAPACITY``),
* the number of live Python objects (a growing list of snapshots would show here),
* training speed and frames drawn.

Not part of CI; figures are printed, never asserted::

    QT_QPA_PLATFORM=offscreen NNSIM_NO_SETTINGS=1 python benchmarks/soak.py
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path
from time import perf_counter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NNSIM_NO_SETTINGS", "1")

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnsim.core.experiment import Experiment  # noqa: E402
from nnsim.core.history import HISTORY_CAPACITY  # noqa: E402
from nnsim.gui.main_window import MainWindow  # noqa: E402
from nnsim.gui.toolbar import SPEEDS  # noqa: E402


def rss_mb() -> float:
    """Resident set size of this process in MB (NaN where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--milestones",
        type=lambda s: [int(float(x)) for x in s.split(",")],
        default=[10**4, 10**5, 10**6],
        help="comma-separated step counts to report at (default 1e4,1e5,1e6)",
    )
    p.add_argument("--timeout", type=float, default=1800.0, help="give up after this many s")
    args = p.parse_args(argv)
    milestones = sorted(args.milestones)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    autosave_dir = tempfile.TemporaryDirectory(prefix="nnsim-soak-")
    window = MainWindow(Experiment())
    window.resize(1440, 900)
    window.show()
    autosaver = window.enable_autosave(directory=Path(autosave_dir.name))
    autosaves = [0]
    autosaver.saved.connect(lambda _path: autosaves.__setitem__(0, autosaves[0] + 1))
    window.speed_slider.setValue(len(SPEEDS) - 1)  # "max": as fast as the pacing allows
    start = perf_counter()
    while window.controller.latest is None:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    gc.collect()
    print(f"start: RSS {rss_mb():7.1f} MB, {len(gc.get_objects()):,} Python objects")
    print(f"{'steps':>10} {'RSS MB':>8} {'history':>8} {'objects':>10} {'steps/s':>9} "
          f"{'frames':>7} {'elapsed s':>9}")

    window.controller.play()
    t0 = perf_counter()
    frames0 = window.frames_rendered
    pending = list(milestones)
    while pending:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        snap = window.controller.latest
        if snap is not None and snap.step >= pending[0]:
            pending.pop(0)
            gc.collect()
            elapsed = perf_counter() - t0
            print(
                f"{snap.step:>10,} {rss_mb():>8.1f} {len(snap.history.step):>8,} "
                f"{len(gc.get_objects()):>10,} {snap.step / elapsed:>9,.0f} "
                f"{window.frames_rendered - frames0:>7,} {elapsed:>9.1f}",
                flush=True,
            )
        if not window.controller.playing and pending:
            print("training stopped early (stop condition or divergence)", file=sys.stderr)
            break
        if perf_counter() - start > args.timeout:
            print(f"timed out after {args.timeout:.0f} s", file=sys.stderr)
            break
    print(f"history capacity {HISTORY_CAPACITY:,} records; {autosaves[0]} autosaves written")
    window.close()
    autosave_dir.cleanup()
    return 0 if not pending else 1


if __name__ == "__main__":
    sys.exit(main())
