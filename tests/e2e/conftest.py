"""Fixtures for end-to-end tests on a real X server.

The fixture starts its own Xvfb, so the tests need no display of the machine's; where
Xvfb or xdotool is not installed (``.ci/run`` installs both) the tests are skipped with
that reason, never silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def _free_display() -> int:
    for n in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number between :90 and :199")


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A running Xvfb (1920x1080x24); yields its DISPLAY string."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb); .ci/run installs it")
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed (apt-get install xdotool); .ci/run installs it")
    n = _free_display()
    proc = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    sock = Path(f"/tmp/.X11-unix/X{n}")
    deadline = time.monotonic() + 15
    while not sock.exists():
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            pytest.skip(f"Xvfb could not start on :{n}: {err.strip()[:300]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.skip(f"Xvfb did not open its socket on :{n} within 15 s")
        time.sleep(0.05)
    try:
        yield f":{n}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def x_env(xvfb_display: str, tmp_path: Path) -> dict[str, str]:
    """Environment for a subprocess that must open a real window on the Xvfb display."""
    env = dict(os.environ)
    env["DISPLAY"] = xvfb_display
    env["QT_QPA_PLATFORM"] = "xcb"
    env["NNSIM_NO_SETTINGS"] = "1"
    env["XDG_RUNTIME_DIR"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    return env


@pytest.fixture
def xdotool(x_env: dict[str, str]) -> Callable[..., str]:
    """``xdotool(*args)``: run xdotool on the test's display; returns its stdout."""

    def run(*args: str) -> str:
        out = subprocess.run(
            ["xdotool", *args], env=x_env, capture_output=True, text=True, timeout=20, check=True
        )
        return out.stdout.strip()

    return run
