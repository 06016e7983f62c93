"""``nnsim --screenshot``: a real PNG of the requested size, without a display."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from nnsim.cli import READY_LINE, build_parser


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # No display at all: the command must pick the offscreen platform by itself.
    for key in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(key, None)
    env["NNSIM_NO_SETTINGS"] = "1"
    return env


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = _env()
    return subprocess.run(
        [sys.executable, "-m", "nnsim", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def _pixels(path: Path) -> np.ndarray:
    image = QImage(str(path))
    assert not image.isNull()
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    stride = image.bytesPerLine() // 4
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=stride * image.height())
    return data.reshape(image.height(), stride)[:, : image.width()] & 0xFFFFFF


@pytest.mark.parametrize(("size", "steps"), [((1280, 720), 300), ((1920, 1080), 0)])
def test_screenshot_has_the_requested_size_and_real_content(
    tmp_path: Path, size: tuple[int, int], steps: int
) -> None:
    out = tmp_path / "shot.png"
    w, h = size
    proc = _run("--screenshot", str(out), "--size", f"{w}x{h}", "--steps", str(steps))
    assert proc.returncode == 0, proc.stderr[-3000:]
    pixels = _pixels(out)
    assert pixels.shape == (h, w)
    assert len(np.unique(pixels)) > 50  # a blank or single-widget window has a handful
    # Colour is spread over the window, not one busy corner.
    quadrants = [
        pixels[: h // 2, : w // 2],
        pixels[: h // 2, w // 2 :],
        pixels[h // 2 :, : w // 2],
        pixels[h // 2 :, w // 2 :],
    ]
    assert all(len(np.unique(q)) > 10 for q in quadrants)


def test_screenshot_of_an_experiment_file(tmp_path: Path) -> None:
    from nnsim.core.experiment import DataSpec, Experiment

    exp_path = tmp_path / "xor.json"
    exp_path.write_text(Experiment(data=DataSpec(dataset="xor")).to_json())
    out = tmp_path / "xor.png"
    proc = _run("--experiment", str(exp_path), "--screenshot", str(out), "--size", "800x600")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _pixels(out).shape == (600, 800)


def test_bad_experiment_file_exits_2_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nnsim-experiment", "seed": -1}')
    proc = _run("--experiment", str(bad), "--screenshot", str(tmp_path / "x.png"))
    assert proc.returncode == 2
    assert "seed" in proc.stderr
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("size", ["1280", "0x0", "axb", "99999x10"])
def test_bad_size_is_a_usage_error(size: str) -> None:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["--size", size])
    assert info.value.code == 2


def test_parser_reads_all_options() -> None:
    args = build_parser().parse_args(
        ["--experiment", "a.json", "--steps", "5", "--screenshot", "o.png", "--size", "1920x1080"]
    )
    assert (args.experiment, args.steps, args.screenshot, args.size) == (
        Path("a.json"),
        5,
        Path("o.png"),
        (1920, 1080),
    )


#: Generous: a loaded 2-core CI machine takes seconds to import Qt and start the worker.
READY_TIMEOUT_S = 120.0


def _wait_for_line(proc: subprocess.Popen[str], wanted: str, timeout: float) -> list[str]:
    """Read stdout until the line ``wanted``; returns the lines read (fails on exit or
    timeout)."""
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if lines[-1] == wanted:
                found.set()
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    # The reader ends at the line or when stdout closes (the app exited): no full timeout
    # for an app that died at start-up.
    reader.join(timeout)
    if not found.is_set():
        why = f"in {timeout:.0f} s" if reader.is_alive() else "before stdout closed"
        proc.kill()
        proc.wait(timeout=30)
        err = proc.stderr.read() if proc.stderr is not None else ""
        pytest.fail(f"no {wanted!r} line {why}; stdout {lines}; stderr {err[-3000:]}")
    return lines


def test_print_ready_is_an_option() -> None:
    assert build_parser().parse_args(["--print-ready"]).print_ready
    assert not build_parser().parse_args([]).print_ready


def test_interactive_app_says_ready_and_ctrl_c_closes_it_cleanly() -> None:
    env = _env()
    env["QT_QPA_PLATFORM"] = "offscreen"  # the window mode needs a platform; no screen here
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnsim", "--steps", "50", "--size", "1024x700", "--print-ready"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        _wait_for_line(proc, READY_LINE, READY_TIMEOUT_S)  # the window is up
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err
    assert "QThread" not in err


def test_too_many_steps_is_a_usage_error_not_hours_of_silence(capsys) -> None:
    from nnsim.cli import MAX_CLI_STEPS

    assert build_parser().parse_args(["--steps", str(MAX_CLI_STEPS)]).steps == MAX_CLI_STEPS
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--steps", "10000000000", "--screenshot", "x.png"])
    assert exc.value.code == 2
    assert "at most 10,000,000" in capsys.readouterr().err
