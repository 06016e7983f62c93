"""How fast does nnsim train while every view is live, and does the GUI stay responsive?

Runs the main window (network view with neuron thumbnails, output map, loss and
gradient plots, the inspector, and the teaching views named by ``--teaching``, all
updating) at full speed on two experiments:

* the default: circle, 250 training points, 2-4-2-1 tanh, batch 10;
* six hidden tanh layers of eight neurons (6x8), same data.

Training runs in its own process (``nnsim.core.worker``). For each run it prints:

* epochs/s and steps/s inside the app, and the factor over TF Playground measured
  live in a browser on the same machine class (43.6 epochs/s default, 10.1 for 6x8);
* the bare core's steps/s over the *same* steps (a ``Trainer`` trained to where the
  app's measurement began, then timed over the steps the app made, in a process with
  the worker's single-threaded BLAS), and the app's share of it;
* frames rendered per second;
* event-loop lateness p50/p99 from a 5 ms ``QTimer`` probe measuring its own lateness;
* CPU seconds of the GUI process and of the training process during the run.

``--platform xcb`` runs on a real X server: Xvfb is started for the run (1920x1080)
unless ``DISPLAY`` is set. ``--size`` takes several sizes. Figures are printed, never
asserted. Targets (issue 13, real X server, 1920x1080): default >= 1,090 epochs/s
(25x), 6x8 >= 404 epochs/s (40x), >= 30 frames/s, lateness p99 <= 35 ms, in-app
steps >= 85 % of the bare core.

    python benchmarks/bench_app.py [--seconds 10] [--repeat 3] [--platform xcb]
        [--size 1280x800 1920x1080] [--teaching activation,gradient_bars]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from time import perf_counter
from typing import Any

PLAYGROUND = {"default 2-4-2-1": 43.6, "6x8 tanh": 10.1}
TARGET_EPOCHS = {"default 2-4-2-1": 1090.0, "6x8 tanh": 404.0}


def _experiment(name: str):
    from nnsim.core.experiment import Experiment, LayerSpec

    exp = Experiment(pace="max")
    if name.startswith("6x8"):
        exp = replace(exp, hidden=tuple(LayerSpec(8, "tanh") for _ in range(6)))
    return exp


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def in_app(
    app,
    name: str,
    seconds: float,
    size: tuple[int, int],
    teaching: list[str],
    during: Callable[[Any], Callable[[], dict]] | None = None,
) -> dict:
    """Train at full speed inside the window for ``seconds``; measure everything.

    ``during(window)``, if given, starts something to measure the app under (a clip
    recording, for ``bench_clip.py``) just before the measured span and returns a
    function called just after it, whose dict joins the figures.
    """
    import numpy as np
    from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer

    from nnsim.gui.main_window import MainWindow

    def wait(condition, timeout_s: float = 60.0) -> None:
        end = perf_counter() + timeout_s
        while not condition():
            if perf_counter() > end:
                raise TimeoutError("the window did not produce a snapshot in time")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def spin(s: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(s * 1000), loop.quit)
        loop.exec()

    window = MainWindow(_experiment(name), remember_layout=False)
    window.resize(*size)
    window.show()
    for key in teaching:
        window.teaching.docks[key].show()
    wait(lambda: window.snapshot is not None)
    spin(0.5)  # let the first layout and paints settle

    lateness: list[float] = []
    last = [perf_counter()]

    def probe() -> None:
        now = perf_counter()
        lateness.append(max(0.0, (now - last[0]) * 1000.0 - 5.0))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(probe)

    c = window.controller
    window.controller.play()
    first = window.snapshot.step
    wait(lambda: window.snapshot.step > first)
    spin(0.5)  # past the start-up of play
    snap0, frames0 = window.snapshot, window.frames_rendered
    pid = c.worker_pid
    finish = during(window) if during is not None else None
    worker0, gui0 = _cpu_s(pid), time.process_time()
    t0 = perf_counter()
    last[0] = t0
    timer.start()
    spin(seconds)
    timer.stop()
    t1 = perf_counter()
    snap1, frames1 = window.snapshot, window.frames_rendered
    worker1, gui1 = _cpu_s(pid), time.process_time()
    extra = finish() if finish is not None else {}
    c.pause()
    window.close()
    # Gone, not just hidden: the next run must not share the process with this window.
    window.deleteLater()
    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # The snapshots' own times are when the worker made them; the GUI's window of
    # t0..t1 holds the steps between them (within a frame at either end).
    elapsed = t1 - t0
    late = np.array(lateness) if lateness else np.zeros(1)
    return {
        "from": snap0.step,
        "to": snap1.step,
        "steps_per_s": (snap1.step - snap0.step) / elapsed,
        "epochs_per_s": (snap1.epoch - snap0.epoch) / elapsed,
        "frames_per_s": (frames1 - frames0) / elapsed,
        "late_p50": float(np.percentile(late, 50)),
        "late_p99": float(np.percentile(late, 99)),
        "gui_cpu": (gui1 - gui0) / elapsed,
        "worker_cpu": (worker1 - worker0) / elapsed,
        **extra,
    }


def bare(name: str, start: int, stop: int) -> float:
    """Steps/s of a bare Trainer over steps ``start..stop`` (run in a fresh process)."""
    from nnsim.gui.controller import WORKER_ENV

    out = subprocess.run(
        [sys.executable, __file__, "--bare", name, str(start), str(stop)],
        env={**os.environ, **WORKER_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.split()[-1])


def _bare_main(name: str, start: int, stop: int) -> None:
    from nnsim.core.trainer import Trainer

    trainer = Trainer(_experiment(name))
    trainer.train(start)  # not timed: where the app's measurement began
    t0 = perf_counter()
    done = 0
    while done < stop - start:  # chunks like the worker's, a few ms each
        done += trainer.train(min(256, stop - start - done))
    print(done / (perf_counter() - t0))


def start_xvfb() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    if shutil.which("Xvfb") is None:
        sys.exit("--platform xcb needs Xvfb (apt-get install xvfb) or a DISPLAY")
    n = 90 + os.getpid() % 100
    while Path(f"/tmp/.X11-unix/X{n}").exists():
        n += 1
    proc = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"Xvfb did not start on :{n}")
        time.sleep(0.05)
    os.environ["DISPLAY"] = f":{n}"
    return proc


@contextmanager
def qt_app(platform: str) -> Iterator[Any]:
    """The QApplication on ``platform`` ("offscreen", or "xcb": Xvfb for the run unless
    ``DISPLAY`` is set), with nnsim's remembered settings off; Xvfb ends on the way out."""
    xvfb = start_xvfb() if platform == "xcb" else None
    try:
        os.environ["QT_QPA_PLATFORM"] = platform
        os.environ.setdefault("NNSIM_NO_SETTINGS", "1")
        from PySide6.QtWidgets import QApplication

        yield QApplication.instance() or QApplication(sys.argv[:1])
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()


ROW = (
    "{name:<22} {epochs_per_s:>9.0f} {x:>6.1f}x {steps_per_s:>9.0f} {bare:>9.0f} {share:>6.0f}% "
    "{frames_per_s:>7.1f} {late_p50:>6.1f}ms {late_p99:>6.1f}ms {gui_cpu:>5.2f} {worker_cpu:>6.2f}"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="in-app run per experiment")
    parser.add_argument("--size", nargs="+", default=["1280x800"], help="window sizes WxH")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; with more, medians")
    parser.add_argument("--platform", default="offscreen", help="Qt platform: offscreen or xcb")
    parser.add_argument(
        "--teaching", default="activation,gradient_bars", help="teaching views to open (or '')"
    )
    parser.add_argument("--bare", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare:
        _bare_main(args.bare[0], int(args.bare[1]), int(args.bare[2]))
        return 0

    import numpy as np

    with qt_app(args.platform) as app:
        teaching = [k for k in args.teaching.split(",") if k]
        print(
            f"nnsim app benchmark: {args.seconds:g} s per run, platform {app.platformName()}, "
            f"teaching views: {', '.join(teaching) or 'none'}; CPU columns are CPU-seconds "
            "per second"
        )
        header = (
            f"{'case':<22} {'epochs/s':>9} {'xPG':>7} {'steps/s':>9} {'bare':>9} {'share':>7} "
            f"{'frames/s':>7} {'late p50':>8} {'late p99':>8} {'GUI':>5} {'worker':>6}"
        )
        print(header)
        print("-" * len(header))
        for size_text in args.size:
            size = tuple(int(v) for v in size_text.lower().split("x"))
            for name in PLAYGROUND:
                runs = []
                for _ in range(max(1, args.repeat)):
                    r = in_app(app, name, args.seconds, size, teaching)  # type: ignore[arg-type]
                    r["bare"] = bare(name, r["from"], r["to"])
                    r["share"] = 100.0 * r["steps_per_s"] / r["bare"]
                    r["x"] = r["epochs_per_s"] / PLAYGROUND[name]
                    runs.append(r)
                    print(ROW.format(name=f"{name} {size_text}", **r))
                if len(runs) > 1:
                    # A 2-core machine is noisy: the median of each column is the figure.
                    med = {k: float(np.median([r[k] for r in runs])) for k in runs[0]}
                    print(ROW.format(name=f"  median of {len(runs)}", **med))
                print(
                    f"{'':<22} target >= {TARGET_EPOCHS[name]:.0f} epochs/s, >= 30 frames/s, "
                    "p99 <= 35 ms, share >= 85 %"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
