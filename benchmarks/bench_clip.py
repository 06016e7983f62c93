"""Does recording a clip keep the app at 30 frames/s?

Runs the main window on the default experiment (circle, 2-4-2-1 tanh) at max speed, as
``bench_app.py`` does, twice per window size: without a recording, and while recording
the whole window as an MP4 at 1280x720 (File > Export > Record clip…). For each run it
prints the app's frames rendered per second, event-loop lateness p50/p99 (a 5 ms timer
measuring its own lateness), epochs/s and CPU of the GUI process; for the recording also
the distinct grabs per second the encoder took (30 when every frame slot got a grab of
its own; the clip itself is always 30 frames/s of wall time, because the frame clock
repeats a grab for the slots without one and the stop pads to the recording's length),
the grabs the encoder was too far behind to take (the clock repeats a neighbour instead),
and how long the tail took to encode after the stop.

Figures are printed, never asserted. A 2-core machine shared with other work is noisy:
run it on a quiet machine, several times (``--repeat``), before comparing.

    python benchmarks/bench_clip.py [--seconds 10] [--repeat 1] [--platform xcb]
        [--size 1280x720 1920x1080]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app import in_app, qt_app  # noqa: E402

CASE = "default 2-4-2-1"
ROW = (
    "{case:<28} {frames_per_s:>8.1f} {late_p50:>7.1f}ms {late_p99:>7.1f}ms "
    "{epochs_per_s:>9.0f} {gui_cpu:>5.2f} {grabs_per_s:>9} {dropped:>7} {tail_s:>7}"
)


def record_mp4(folder: Path):
    """``during`` for :func:`bench_app.in_app`: record the window as a 1280x720 MP4."""

    def start(window):
        path = folder / f"bench-{time.monotonic_ns()}.mp4"
        recorder = window.clips.start(window, path, "mp4", (1280, 720))
        if recorder is None:
            raise SystemExit('recording needs the video extra: pip install "nnsim[video]"')
        # Each grab the encoder takes is one put that returns True (a repeat is the same
        # grab written again); the first frame was put by start(), before this wrapper.
        encoder = recorder.encoder
        put = encoder.put
        grabs = [1]

        def counting_put(image, repeats: int) -> bool:
            taken = put(image, repeats)
            grabs[0] += taken
            return taken

        encoder.put = counting_put

        def finish() -> dict:
            elapsed = time.monotonic() - recorder.started
            grabs_per_s = grabs[0] / elapsed
            window.clips.stop()  # as the button does: the tail goes on encoding
            t = time.perf_counter()
            encoder.wait()
            tail = time.perf_counter() - t
            return {
                "grabs_per_s": f"{grabs_per_s:.1f}",
                "dropped": str(encoder.dropped),
                "tail_s": f"{tail:.2f}s",
                "error": encoder.error,
            }

        return finish

    return start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured span per run")
    parser.add_argument("--size", nargs="+", default=["1280x720"], help="window sizes WxH")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case")
    parser.add_argument("--platform", default="offscreen", help="Qt platform: offscreen or xcb")
    args = parser.parse_args(argv)

    with qt_app(args.platform) as app:
        print(
            f"nnsim clip benchmark: {CASE} at max speed, {args.seconds:g} s per run, "
            f"platform {app.platformName()}, {os.cpu_count()} cores; recording = the whole "
            "window as MP4 1280x720 (H.264 veryfast, one encoder thread)"
        )
        header = (
            f"{'case':<28} {'frames/s':>8} {'late p50':>9} {'late p99':>9} {'epochs/s':>9} "
            f"{'GUI':>5} {'grabs/s':>9} {'dropped':>7} {'tail':>7}"
        )
        print(header)
        print("-" * len(header))
        with tempfile.TemporaryDirectory() as tmp:
            for size_text in args.size:
                size = tuple(int(v) for v in size_text.lower().split("x"))
                for _ in range(max(1, args.repeat)):
                    for label, during in (("", None), ("+ MP4", record_mp4(Path(tmp)))):
                        r = in_app(app, CASE, args.seconds, size, [], during)  # type: ignore[arg-type]
                        r.setdefault("grabs_per_s", "-")
                        r.setdefault("dropped", "-")
                        r.setdefault("tail_s", "-")
                        print(ROW.format(case=f"window {size_text} {label}".rstrip(), **r))
                        if r.get("error") is not None:
                            print(f"  the recording failed: {r['error']}")
        print(f"{'':<28} target: >= 30 frames/s and p99 <= 35 ms with the recording too")
    return 0


if __name__ == "__main__":
    sys.exit(main())
