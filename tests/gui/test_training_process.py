"""The training process: another process, no Qt in it, and nothing lost when either side dies."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from nnsim.core.experiment import Experiment
from nnsim.gui.controller import TrainingController

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc and uses prctl"
)


@pytest.fixture
def controller(qtbot) -> Iterator[TrainingController]:
    c = TrainingController(Experiment())
    c.start()
    qtbot.waitUntil(lambda: c.latest is not None, timeout=10_000)
    yield c
    c.shutdown()


def _proc(pid: int, name: str) -> str:
    return Path(f"/proc/{pid}/{name}").read_text(errors="replace")


def _gone_or_reaped(pid: int) -> bool:
    """True when ``pid`` no longer exists (a zombie still has its /proc entry)."""
    try:
        state = _proc(pid, "stat").rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "X"


def _trained(qtbot, c: TrainingController, steps: int) -> None:
    c.play()
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.step > steps, timeout=20_000)
    c.pause()
    # The pause publishes the weights it stopped at; wait for that snapshot.
    qtbot.waitUntil(lambda: c.latest.steps_per_second == 0.0, timeout=5000)


def test_training_runs_in_its_own_process_without_qt_and_single_threaded(controller) -> None:
    pid = controller.worker_pid
    assert pid is not None and pid != os.getpid()
    maps = _proc(pid, "maps")
    assert "numpy" in maps  # it is the trainer ...
    assert "Qt6" not in maps and "PySide6" not in maps and "pyqtgraph" not in maps
    # ... with single-threaded BLAS: a second OpenBLAS thread would fight the GUI
    # for the second core. Its two threads are the trainer and the message writer.
    assert "OPENBLAS_NUM_THREADS=1" in _proc(pid, "environ").split("\0")
    threads = int(next(line for line in _proc(pid, "status").splitlines()
                       if line.startswith("Threads:")).split()[1])
    assert threads <= 2


def test_a_killed_worker_is_restarted_with_nothing_lost(controller, qtbot) -> None:
    c = controller
    _trained(qtbot, c, 400)
    before = c.latest
    old = c.worker_pid
    with qtbot.waitSignal(c.worker_lost, timeout=10_000) as lost:
        os.kill(old, signal.SIGKILL)
    assert "restarted" in lost.args[0] and "signal 9" in lost.args[0]
    assert c.worker_pid not in (None, old)
    qtbot.waitUntil(lambda: c.latest is not before, timeout=10_000)
    after = c.latest
    assert after.step == before.step
    for w0, w1 in zip(before.weights + before.biases, after.weights + after.biases, strict=True):
        np.testing.assert_array_equal(w0, w1)
    # The curves go on where they were: the old history is the new one's start.
    h0, h1 = before.history, after.history
    np.testing.assert_array_equal(h0.step, h1.step[: len(h0)])
    np.testing.assert_array_equal(h0.train_loss, h1.train_loss[: len(h0)])
    assert after.train_loss == pytest.approx(before.train_loss, rel=1e-12)
    qtbot.waitUntil(lambda: _gone_or_reaped(old), timeout=5000)  # no zombie
    # ... and training continues from there.
    c.play()
    qtbot.waitUntil(lambda: c.latest.step > before.step + 50, timeout=10_000)
    c.pause()


def _longer_than(items: list, n: int):
    return lambda: len(items) > n


def test_a_worker_that_keeps_dying_is_given_up_with_a_message(qtbot, monkeypatch) -> None:
    from worker_faults import DyingTrainer

    import nnsim.gui.controller as controller_module

    # Four deaths count as "keeps dying" however slowly a busy machine gets there.
    monkeypatch.setattr(controller_module, "RESTART_WINDOW_S", 3600.0)
    c = TrainingController(Experiment(), trainer_factory=DyingTrainer)
    c.start()
    try:
        messages: list[str] = []
        c.worker_lost.connect(messages.append)
        for _ in range(10):
            if not c.running and len(messages) > 0 and "not restarted" in messages[-1]:
                break
            qtbot.waitUntil(lambda: c.latest is not None, timeout=10_000)
            c.play()
            qtbot.waitUntil(_longer_than(messages, len(messages)), timeout=10_000)
        assert "not restarted" in messages[-1]
        assert all("restarted at step" in m for m in messages[:-1])
        assert "with the last weights and curves" in messages[0]
        assert not c.running
        assert c.latest is not None  # what was trained is still shown
    finally:
        c.shutdown()


def test_shutdown_ends_and_reaps_the_process(controller, qtbot) -> None:
    c = controller
    c.play()
    qtbot.waitUntil(lambda: c.latest.step > 50, timeout=10_000)
    pid = c.worker_pid
    c.shutdown()
    assert not c.running and c.worker_pid is None
    assert _gone_or_reaped(pid)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _is_worker(pid: int) -> bool:
    try:
        return "nnsim.core.worker" in _proc(pid, "cmdline")
    except OSError:
        return False  # it ended between listing and reading


def test_the_worker_exits_when_the_gui_is_killed(tmp_path) -> None:
    """``kill -9`` of the GUI: its worker notices the closed pipe and exits by itself."""
    # Become the orphaned worker's new parent, so this test can reap it and see how
    # it ended (else it would go to init).
    pr_set_child_subreaper = 36
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) != 0:
        pytest.skip("prctl(PR_SET_CHILD_SUBREAPER) refused")
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNSIM_NO_SETTINGS="1",
                   XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
        gui = subprocess.Popen([sys.executable, "-m", "nnsim"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            end = time.monotonic() + 60
            workers: list[int] = []
            while not workers and time.monotonic() < end and gui.poll() is None:
                workers = [p for p in _children(gui.pid)
                           if "nnsim.core.worker" in _proc(p, "cmdline")]
                time.sleep(0.05)
            assert workers, "the GUI started no training process"
            worker = workers[0]
            gui.kill()
            gui.wait(timeout=30)
            end = time.monotonic() + 20
            status = None
            while time.monotonic() < end:
                done, status = os.waitpid(worker, os.WNOHANG)
                if done:
                    break
                time.sleep(0.02)
            else:
                os.kill(worker, signal.SIGKILL)
                os.waitpid(worker, 0)
                pytest.fail("the worker outlived its GUI by 20 s")
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        finally:
            if gui.poll() is None:
                gui.kill()
                gui.wait()
    finally:
        libc.prctl(pr_set_child_subreaper, 0, 0, 0, 0)


def _big_data(n: int = 20_000) -> Experiment:
    from dataclasses import replace

    from nnsim.core.experiment import CustomData, DataSpec

    rng = np.random.default_rng(3)
    x = rng.uniform(-5, 5, size=(n, 2))
    custom = CustomData(x, (x[:, 0] * x[:, 1] > 0).astype(float))
    return replace(Experiment(), data=DataSpec(dataset="custom", custom=custom))


def test_messages_larger_than_the_socket_buffer_go_through(qtbot) -> None:
    """A 20,000-point data set is a frame of several hundred KB, each way."""
    exp = _big_data()
    c = TrainingController(exp)
    c.start()
    try:
        qtbot.waitUntil(lambda: c.latest is not None, timeout=20_000)
        assert c.latest.x_train.shape[0] + c.latest.x_test.shape[0] == 20_000
        smaller = _big_data(15_000)
        c.apply(smaller, "data")
        qtbot.waitUntil(
            lambda: c.synced and c.latest.x_train.shape[0] + c.latest.x_test.shape[0] == 15_000,
            timeout=20_000,
        )
        c.step(5)  # commands after a big one still arrive
        qtbot.waitUntil(lambda: c.latest.step == 5, timeout=20_000)
    finally:
        c.shutdown()


def test_a_worker_killed_during_an_edit_restarts_from_the_edited_document(
    controller, qtbot
) -> None:
    from dataclasses import replace

    from nnsim.core.experiment import LayerSpec

    c = controller
    _trained(qtbot, c, 200)
    pid = c.worker_pid
    os.kill(pid, signal.SIGSTOP)  # the edit below waits, unread, in the socket
    wider = replace(Experiment(), hidden=(LayerSpec(6, "tanh"),))
    c.apply(wider, "architecture")
    assert not c.synced
    with qtbot.waitSignal(c.worker_lost, timeout=10_000) as lost:
        os.kill(pid, signal.SIGKILL)
    assert "during an edit" in lost.args[0]
    qtbot.waitUntil(lambda: c.synced and c.latest.layer_sizes == (2, 6, 1), timeout=10_000)
    assert c.latest.step == 0  # the edited document starts anew: no stale weights


def test_after_a_restart_an_edit_does_not_rewind_to_the_files_weights(qtbot) -> None:
    """The continued weights stand for the document's own: a hyper edit keeps them."""
    from dataclasses import replace

    from nnsim.core.experiment import Hyper

    start = Experiment()
    weights, biases = _seeded_weights(start)
    opened = start.with_weights([w + 0.5 for w in weights], biases, step=0)  # "a file"
    c = TrainingController(opened)
    c.start()
    try:
        qtbot.waitUntil(lambda: c.latest is not None, timeout=10_000)
        _trained(qtbot, c, 300)
        before = c.latest
        with qtbot.waitSignal(c.worker_lost, timeout=10_000):
            os.kill(c.worker_pid, signal.SIGKILL)
        qtbot.waitUntil(lambda: c.latest is not before and c.synced, timeout=10_000)
        c.apply(replace(opened, hyper=Hyper(learning_rate=0.01)), "hyper")
        qtbot.waitUntil(lambda: c.synced and c.latest.learning_rate == 0.01, timeout=10_000)
        assert c.latest.step == before.step
        for w0, w1 in zip(before.weights, c.latest.weights, strict=True):
            np.testing.assert_array_equal(w0, w1)
    finally:
        c.shutdown()


def _seeded_weights(exp: Experiment) -> tuple[list[np.ndarray], list[np.ndarray]]:
    from nnsim.core.trainer import Trainer

    net = Trainer(exp).network
    return [w.copy() for w in net.weights], [b.copy() for b in net.biases]


def _playing_worker(qtbot) -> int:
    c = TrainingController(Experiment())
    c.start()
    qtbot.waitUntil(lambda: c.latest is not None, timeout=10_000)
    c.play()
    return c.worker_pid


def test_a_controller_dropped_without_shutdown_ends_its_worker(qtbot) -> None:
    import gc

    pid = _playing_worker(qtbot)  # the controller is gone with the call
    gc.collect()
    qtbot.waitUntil(lambda: _gone_or_reaped(pid), timeout=10_000)
