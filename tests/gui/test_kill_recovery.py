"""Kill the real application mid-training; the next start offers the autosave and restores it.

Runs the ``nnsim`` command's start-up in subprocesses (offscreen, with their own
XDG_DATA_HOME and XDG_CONFIG_HOME) through ``tests/app_driver.py`` (the ``app_driver``
fixture), which plays the user from the test side, with an autosave period of 500 ms
(``NNSIM_AUTOSAVE_MS``; the default stays 10 s):

1. make a change (learning rate, title), start training, wait until an autosave with
   training progress appears, SIGKILL the process;
2. start again: the app asks whether to recover, the driver clicks Yes (or No) in that
   dialog; the restored experiment has the change and exactly the autosaved weights and
   step.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from nnsim.core.experiment import Experiment

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"
)

TIMEOUT_S = 90.0


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(key, None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CONFIG_HOME=str(tmp / "config"),
        XDG_RUNTIME_DIR=str(tmp / "runtime"),
        NNSIM_NO_SETTINGS="1",
        NNSIM_AUTOSAVE_MS="500",
    )
    (tmp / "runtime").mkdir(mode=0o700, exist_ok=True)
    return env


def _start(driver: list[str], tmp: Path, script: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*driver, "--script", script],
        env=_env(tmp),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _autosave_dir(tmp: Path) -> Path:
    # QStandardPaths.AppDataLocation = $XDG_DATA_HOME/<organisation>/<application>
    return tmp / "data" / "nnsim" / "nnsim" / "autosave"


def _autosaves(tmp: Path) -> list[Path]:
    folder = _autosave_dir(tmp)
    if not folder.is_dir():
        return []
    return [p for p in folder.glob("autosave-*.json") if not p.name.endswith(".meta.json")]


def _read(path: Path) -> Experiment | None:
    try:
        return Experiment.from_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def _fail(proc: subprocess.Popen[str], what: str) -> None:
    proc.kill()
    out, err = proc.communicate(timeout=30)
    pytest.fail(f"{what}\n--- stdout\n{out[-3000:]}\n--- stderr\n{err[-3000:]}")


def _crash_mid_training(driver: list[str], tmp: Path) -> Experiment:
    """Run 1: change, train, wait for an autosave with progress, SIGKILL. Returns it."""
    proc = _start(driver, tmp, "recover=no;lr=0.1;title=Kill test;play")
    end = time.monotonic() + TIMEOUT_S
    saved: Experiment | None = None
    while saved is None:
        if proc.poll() is not None:
            _fail(proc, f"nnsim exited early with code {proc.returncode}")
        if time.monotonic() > end:
            _fail(proc, "no autosave with training progress appeared")
        for path in _autosaves(tmp):
            exp = _read(path)
            if exp is not None and exp.title == "Kill test" and exp.step > 0:
                saved = exp
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert "driver: asked" not in out  # a first start has nothing to recover
    # What the kill left behind is a complete experiment (the writes are atomic), at
    # least as far as the one we saw.
    (path,) = _autosaves(tmp)
    last = _read(path)
    assert last is not None, "the autosave was left half-written"
    assert last.title == "Kill test" and last.step >= saved.step
    assert not list(_autosave_dir(tmp).glob("*.tmp")), "a temporary file was left behind"
    return last


def _second_start(driver: list[str], tmp: Path, answer: str) -> tuple[Experiment, str]:
    """Run 2: answer the recovery question, dump what is on screen, quit. Returns the
    experiment shown and the driver's report (stdout)."""
    dump = tmp / "state.json"
    proc = _start(driver, tmp, f"recover={answer};dump={dump};quit")
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _fail(proc, "the second start did not finish")
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    # The question was asked, once, and answered in its dialog.
    assert out.count("driver: asked Recover unsaved work?") == 1, out
    assert f"driver: answered {answer}" in out
    state = _read(dump)
    assert state is not None
    return state, out


def test_killed_mid_training_then_recovered(tmp_path: Path, app_driver: list[str]) -> None:
    saved = _crash_mid_training(app_driver, tmp_path)
    # The note beside the autosave (what the recovery offer names) is well-formed.
    (path,) = _autosaves(tmp_path)
    meta = json.loads(path.with_name(path.stem + ".meta.json").read_text())
    assert meta["format"] == "nnsim-autosave"
    assert meta["title"] == "Kill test"
    assert meta["document"] is None  # an untitled document
    assert isinstance(meta["step"], int) and meta["step"] > 0

    state, _ = _second_start(app_driver, tmp_path, "yes")
    assert state.title == "Kill test"
    assert state.hyper.learning_rate == 0.1
    # Exactly the autosaved network: weights and step.
    assert state.step == saved.step
    assert state.weights is not None and saved.weights is not None
    for a, b in zip(state.weights.W, saved.weights.W, strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(state.weights.b, saved.weights.b, strict=True):
        np.testing.assert_array_equal(a, b)
    # The recovered backup was consumed. The restored work was never saved to a file, so
    # the normal exit keeps one fresh autosave of it (offered again at the next start)
    # rather than lose it; no session lock is left behind.
    (kept,) = _autosaves(tmp_path)
    assert kept != path
    assert Experiment.from_json(kept.read_text()).title == "Kill test"
    assert list(_autosave_dir(tmp_path).glob("*.lock")) == []


def test_declining_the_offer_starts_fresh_and_deletes_the_backup(
    tmp_path: Path, app_driver: list[str]
) -> None:
    _crash_mid_training(app_driver, tmp_path)
    state, _ = _second_start(app_driver, tmp_path, "no")
    assert state.title == ""
    assert state.hyper.learning_rate == Experiment().hyper.learning_rate
    assert state.step == 0
    assert _autosaves(tmp_path) == []
