"""End to end on a real X server: xdotool drags a layer's grip and the layer grows.

The app starts as the user starts it (the ``nnsim`` command's start-up) in a real
window on the fixture's Xvfb, launched through ``tests/app_driver.py --state FILE``:
from the test side, the driver writes the experiment and the screen position of every
resize grip to a file whenever they change. The test reads where to press from it,
drives the mouse with ``xdotool`` (press, small moves with the button down, release)
and reads the result back.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # not written yet


def _wait_for(path: Path, ok, proc: subprocess.Popen, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            pytest.fail(f"nnsim exited with {proc.returncode}: {err[-2000:]}")
        state = _read(path)
        if state is not None and ok(state):
            return state
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for the state file; last: {_read(path)}")


def _widths(state: dict) -> list[int]:
    return [layer["width"] for layer in state["experiment"]["hidden"]]


def test_dragging_a_grip_with_the_real_mouse_adds_a_neuron(
    x_env: dict[str, str], xdotool, tmp_path: Path, app_driver: list[str]
) -> None:
    state_path = tmp_path / "state.json"
    env = dict(x_env)
    proc = subprocess.Popen(
        [*app_driver, "--state", str(state_path), "--", "--size", "1280x720"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        state = _wait_for(state_path, lambda s: s.get("handles"), proc)
        assert _widths(state) == [4, 2]  # TF Playground's default net
        window = xdotool("search", "--sync", "--onlyvisible", "--name", "nnsim")
        assert window.split()  # the real window is mapped
        # Let the dock layout settle: the grips stop moving once the window is shown.
        state = _wait_for(state_path, lambda s: s["exposed"] and s["handles"], proc)
        time.sleep(0.5)
        state = _wait_for(state_path, lambda s: s["exposed"] and s["handles"], proc)
        x, y = state["handles"]["1"]
        pitch = float(state["row_pitch_px"])
        assert pitch > 10
        xdotool("mousemove", "--sync", str(x), str(y))
        time.sleep(0.1)
        xdotool("mousedown", "1")
        steps = 12
        for k in range(1, steps + 1):  # one neuron's worth, in small steps, button held
            xdotool("mousemove", "--sync", str(x), str(round(y + pitch * k / steps)))
            time.sleep(0.02)
        xdotool("mouseup", "1")

        grown = _wait_for(state_path, lambda s: _widths(s) != [4, 2], proc, timeout=15)
        assert _widths(grown) == [5, 2]
        exp = grown["experiment"]
        assert exp["hidden"][0]["activation"] == "tanh"
        assert exp["features"] == ["x1", "x2"]
        assert grown["undo_count"] == 1
    finally:
        if proc.poll() is None:
            proc.terminate()  # the driver closes the window: training stops, the app exits
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == 0  # a clean exit, not a kill
