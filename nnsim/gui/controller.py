"""Training in a separate process, steered from the GUI thread (DESIGN convention 6).

:class:`TrainingController` lives in the GUI thread. It starts
:mod:`nnsim.core.worker` in a process of its own -- which imports only the core --
and talks to it over a socket pair: commands (play, pause, step, reset, apply,
speed) go out as pickled tuples, immutable :class:`~nnsim.core.snapshot.Snapshot`
objects (plus errors and state changes) come back. The GUI never waits on the
worker:

* outgoing messages leave with a non-blocking send from the GUI thread; what the
  socket cannot take at once goes to a small sender thread, so a worker busy writing a
  large snapshot can never block the GUI in a write (nor the two block each other);
* incoming messages are read when a ``QSocketNotifier`` says the socket is readable,
  all that have arrived at once; only the newest snapshot is shown, and every
  snapshot's history update is merged in order;
* the worker sends the next snapshot only after the GUI said it drew the last one
  (the event loop went idle), so a slow frame means fewer snapshots, never a queue.

A worker that dies (a crash, ``kill -9``) closes its end of the socket: the
controller reaps it, says so (:attr:`TrainingController.worker_lost`) and starts a
new one from the document, the last snapshot's weights and step, and its history.
A GUI that dies closes the other end, and the worker exits by itself.

The worker's BLAS runs single-threaded: two OpenBLAS threads plus the GUI thread
oversubscribe a two-core laptop (a 6x8 snapshot took 28 ms instead of 5.7).
"""

from __future__ import annotations

import os
import pickle
import socket
import subprocess
import sys
import weakref
from collections.abc import Callable, Sequence
from dataclasses import replace
from time import perf_counter

from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QCoreApplication,
    QObject,
    QSocketNotifier,
    QThread,
    QTimer,
    Signal,
)

from nnsim.core.experiment import Experiment, Weights
from nnsim.core.pace import DEFAULT_PACE
from nnsim.core.snapshot import HistoryArrays, Snapshot
from nnsim.core.trainer import Trainer
from nnsim.core.units import UnitCarry
from nnsim.core.wire import FrameReader, Sender, encode
from nnsim.core.worker import GRID, THUMB, WorkerInit, merge_history
from nnsim.gui.i18n import localize

__all__ = ["GRID", "THUMB", "TrainingController"]

#: Environment of the training process: single-threaded BLAS (see the module docstring).
WORKER_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
}
#: Restarts after which a worker that keeps dying is left dead (within RESTART_WINDOW_S).
MAX_RESTARTS = 3
RESTART_WINDOW_S = 30.0
#: How long :meth:`TrainingController.shutdown` lets the worker end by itself (s).
QUIT_WAIT_S = 2.0

_WORKER_CODE = "import sys; from nnsim.core.worker import main; main(int(sys.argv[1]))"


def _abandon(process: subprocess.Popen, sender: Sender, sock: socket.socket) -> None:
    """End a worker whose controller went away without :meth:`TrainingController.shutdown`.

    Without this, the sender thread would hold the socket open for the rest of the GUI's
    life, and the worker -- which ends when the socket closes -- with it.
    """
    sender.put(None)
    sock.close()
    if process.poll() is None:
        process.kill()
    try:
        process.wait(timeout=5.0)
    except subprocess.TimeoutExpired:
        pass


class _WorkerProcess:
    """One training process with its socket, sender thread and read notifier."""

    def __init__(self, init: WorkerInit, on_readable: Callable[[], None], parent: QObject) -> None:
        # Pickled before the process exists: an init that cannot be sent leaks nothing.
        first = encode((list(sys.path), pickle.dumps(init, protocol=pickle.HIGHEST_PROTOCOL)))
        ours, theirs = socket.socketpair()
        env = {**os.environ, **WORKER_ENV}
        # The child finds nnsim where this process found it, whatever its working
        # folder (its first message then sets the rest of sys.path).
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                env=env,
                stdin=subprocess.DEVNULL,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()  # the child has its copy; ours must not keep the pipe open
        # One blocking socket: the GUI thread sends and reads with MSG_DONTWAIT, taking
        # only what has arrived; the sender thread writes what a send left over.
        self.sock = ours
        self.reader = FrameReader()
        self.sender = Sender(ours, "nnsim-worker-sender")
        self.sender.start()
        self.sender.put(first)
        self._finalizer = weakref.finalize(self, _abandon, self.process, self.sender, ours)
        self.notifier = QSocketNotifier(ours.fileno(), QSocketNotifier.Type.Read, parent)
        self.notifier.activated.connect(on_readable)

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, msg: object) -> None:
        self.sender.put(encode(msg))

    def receive(self) -> tuple[list, bool]:
        """The messages that have arrived, and whether the worker has gone.

        A stream that does not decode (it cannot happen between two nnsim processes,
        but a worker dying mid-write could leave one) counts as a worker gone.
        """
        try:
            return self.reader.read_available(self.sock)
        except Exception:
            return [], True

    def close(self) -> None:
        """Stop reading and writing; the process is left to :meth:`reap`."""
        self.notifier.setEnabled(False)
        self.notifier.deleteLater()
        self.sender.put(None)
        self.sender.join(timeout=1.0)
        self.sock.close()

    def reap(self, timeout: float | None = 0.0) -> bool:
        """Collect the process's exit status; True when it has ended (no zombie left)."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        self._finalizer.detach()
        return True


class TrainingController(QObject):
    """The GUI thread's handle on training: commands out, snapshots in.

    Parameters
    ----------
    experiment : Experiment
        The experiment to train; the worker builds its Trainer on :meth:`start`.
    parent : QObject, optional
        Usually the main window.
    units : sequence of sequences of int, optional
        The document's unit ids.
    trainer_factory : callable, optional
        Builds the worker's trainer, ``Trainer(experiment, units=...)`` by default. It
        is pickled by reference: a module-level class or function.

    Signals
    -------
    snapshot_ready(Snapshot)
        A new snapshot arrived (also kept as :attr:`latest`). Draw it in the connected
        slot: once the GUI's event loop has nothing left to do (the frame painted), the
        controller tells the worker it may send the next one.
    errored(str)
        The worker caught an exception (traceback text, not translated) and paused.
    diverged(str)
        The loss exploded (or the starting weights were the cause); the weights were set
        back to a healthy checkpoint and training paused. The explanation, with what to
        change, is in the UI language (the core's message localized).
    stopped(str)
        The stop condition fired (its reason, in the UI language); training paused.
    state_changed(bool)
        Training started (True) or paused (False).
    applied()
        The worker handled an :meth:`apply` (the snapshot showing it follows).
    worker_lost(str)
        The training process died; the message (UI language) says whether it was
        restarted from the last weights.

    Attributes
    ----------
    halt_message : str or None
        The untranslated message of the last divergence or stop (a
        :class:`~nnsim.core.messages.Message`): ``localize(halt_message)`` shows it
        again in a new UI language.
    """

    snapshot_ready = Signal(object)
    errored = Signal(str)
    diverged = Signal(str)
    stopped = Signal(str)
    state_changed = Signal(bool)
    applied = Signal()
    worker_lost = Signal(str)

    def __init__(
        self,
        experiment: Experiment,
        parent: QObject | None = None,
        units: Sequence[Sequence[int]] | None = None,
        trainer_factory: Callable[..., Trainer] | None = None,
    ) -> None:
        super().__init__(parent)
        self._experiment = experiment
        self._units = units
        self._factory = trainer_factory
        self._speed: str | int | None = experiment.pace if experiment.pace else DEFAULT_PACE
        self._worker: _WorkerProcess | None = None
        self._started = False
        self._closed = False
        # apply() calls sent / handled, and whether the latest snapshot shows them all.
        self._applies_sent = 0
        self._applies_done = 0
        self._latest_current = False
        self._playing = False
        self._latest: Snapshot | None = None
        self._history: HistoryArrays | None = None
        self._restarts: list[float] = []
        #: Dead workers not yet reaped: (worker, how it was replaced, step at death).
        self._dying: list[tuple[_WorkerProcess, str, int]] = []
        self.halt_message: str | None = None

        # "Frame drawn": the GUI event loop is about to wait for events, so everything
        # the last snapshot caused (view updates, paints) is done. Connected only while
        # a frame is pending: the loop blocks many times a frame.
        self._dispatcher = QAbstractEventDispatcher.instance(QThread.currentThread())
        self._idle_watched = False
        app = QCoreApplication.instance()
        if app is not None:
            # Quitting the application without closing the window still ends the worker.
            app.aboutToQuit.connect(self.shutdown)
        # Collects the exit status of dead workers without ever blocking the GUI.
        self._reaper = QTimer(self)
        self._reaper.setInterval(50)
        self._reaper.timeout.connect(self._reap)

    # ------------------------------------------------------------------ state
    @property
    def playing(self) -> bool:
        """Whether training is (or has been asked to be) running."""
        return self._playing

    @property
    def latest(self) -> Snapshot | None:
        """The most recent snapshot, or None before the first one arrives."""
        return self._latest

    @property
    def synced(self) -> bool:
        """Whether the latest snapshot shows every change sent with :meth:`apply`.

        False from an apply until the worker has applied it and published the result:
        meanwhile :attr:`latest` shows the network before the edit.
        """
        return self._latest_current and self._applies_done == self._applies_sent

    @property
    def running(self) -> bool:
        """Whether a training process is running."""
        return self._worker is not None and self._worker.process.poll() is None

    @property
    def worker_pid(self) -> int | None:
        """Process id of the training process (None before :meth:`start` and after
        :meth:`shutdown`)."""
        return self._worker.pid if self._worker is not None else None

    @property
    def speed(self) -> str | int | None:
        """The pace the worker trains at (see :meth:`set_speed`)."""
        return self._speed

    # ------------------------------------------------------------------ commands
    def start(self) -> None:
        """Start the training process; it builds the trainer and sends a first snapshot."""
        if self._started or self._closed:
            return
        self._started = True
        self._spawn(WorkerInit(self._experiment, self._units, None, self._speed, self._factory))

    def _spawn(self, init: WorkerInit) -> None:
        self._worker = _WorkerProcess(init, self._on_readable, self)
        # The worker starts from this document: what was sent to the dead one is in it.
        self._applies_done = self._applies_sent
        self._latest_current = False
        # The document's weights object, which the worker holds as its own (after a
        # restart: as the continued weights, so an edit keeping them does not rewind).
        self._sent_weights = self._experiment.weights

    def _send(self, *msg: object) -> None:
        if self._worker is not None:
            self._worker.send(msg)

    def play(self) -> None:
        self._playing = True
        self._send("play")

    def pause(self) -> None:
        self._playing = False
        self._send("pause")

    def toggle(self) -> None:
        """Play if paused, pause if playing."""
        if self._playing:
            self.pause()
        else:
            self.play()

    def step(self, n: int = 1) -> None:
        """Pause and train exactly ``n`` steps."""
        self._playing = False
        self._send("step", int(n))

    def step_epoch(self) -> None:
        """Pause and train to the end of the current epoch."""
        self._playing = False
        self._send("step_epoch")

    def reset(self) -> None:
        """Pause; new weights from the same seed, step 0."""
        self._playing = False
        self._send("reset")

    def apply(self, experiment: Experiment, kind: str, carry: UnitCarry | None = None) -> None:
        """Hand an edited experiment to the trainer (see
        :meth:`nnsim.core.worker.Worker.apply`).

        The experiment crosses to the worker queued behind whatever the worker is
        doing, so it lands between two training chunks. ``carry`` (the model's
        :attr:`~nnsim.model.ExperimentModel.carry`) says where the weights of the
        edited network come from, by unit id.
        """
        if kind == "ui":
            # Only the panels' hidden controls changed: nothing for the trainer to do,
            # and the network must not be rebuilt (or its history marked) for it.
            return
        if kind == "all":
            self._playing = False
        self._experiment = experiment
        if carry is not None:
            self._units = carry.units
        if self._worker is None:
            return  # the worker will start from this experiment
        # Pickling loses object identity, which tells the trainer a newly loaded file
        # from an edit that kept the document's weights: say it instead, and spare the
        # pipe the weights.
        same = experiment.weights is not None and experiment.weights is self._sent_weights
        self._sent_weights = experiment.weights
        sent = replace(experiment, weights=None) if same else experiment
        self._applies_sent += 1
        self._send("apply", sent, kind, carry, same)

    def preview_weight(self, layer: int, src: int, dst: int, value: float) -> None:
        """Set ``W[layer][src, dst]`` of the live network now, without an undo step.

        For a weight scrub: the boundary and thumbnails follow the drag, also while
        paused (a snapshot is published at once then). The gesture ends with an edit
        (undoable) or, cancelled, with a preview of the original value.
        """
        self._send("preview", int(layer), int(src), int(dst), float(value))

    def set_speed(self, speed: int | str | None) -> None:
        """A lecture pace's name (:data:`~nnsim.core.pace.PACES`, "max" included), steps
        per display frame (>= 1), or None for as fast as possible."""
        self._speed = speed if speed is None or isinstance(speed, str) else int(speed)
        self._send("speed", self._speed)

    def shutdown(self, timeout_ms: int = int(QUIT_WAIT_S * 1000)) -> None:
        """Stop training and end the training process (safe to call more than once).

        The worker is asked to quit and given ``timeout_ms`` to do so; then killed.
        Either way it is reaped: no zombie is left behind.
        """
        self._closed = True
        self._watch_idle(False)
        self._dispatcher = None
        self._playing = False
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.send(("quit",))
            worker.close()
            if not worker.reap(timeout_ms / 1000.0):
                worker.process.kill()
                worker.reap(None)
        self._reaper.stop()
        for dead, _, _ in self._dying:
            if not dead.reap(0.5):
                dead.process.kill()
                dead.reap(None)
        self._dying.clear()

    # ------------------------------------------------------------------ incoming
    def _on_readable(self) -> None:
        worker = self._worker
        if worker is None:
            return
        batch, lost = worker.receive()
        last_snapshot = max((i for i, m in enumerate(batch) if m[0] == "snapshot"), default=-1)
        for i, msg in enumerate(batch):
            if self._worker is not worker:
                return  # a slot shut the controller down
            self._handle(msg, show=i == last_snapshot)
        if lost and self._worker is worker:
            self._on_worker_gone(worker)

    def _handle(self, msg: tuple, show: bool) -> None:
        name = msg[0]
        if name == "snapshot":
            snap, update = msg[1], msg[2]
            self._history = merge_history(self._history, update)
            if show:
                self._on_snapshot_ready(replace(snap, history=self._history))
        elif name == "state":
            self._on_state_changed(bool(msg[1]))
        elif name == "applied":
            self._applies_done = min(self._applies_done + 1, self._applies_sent)
            self._latest_current = False  # the snapshot showing this apply is yet to come
            self.applied.emit()
        elif name == "error":
            self.errored.emit(str(msg[1]))
        elif name == "diverged":
            self.halt_message = msg[1]
            self.diverged.emit(localize(msg[1]))
        elif name == "stopped":
            self.halt_message = msg[1]
            self.stopped.emit(localize(msg[1]))

    def _on_snapshot_ready(self, snap: Snapshot) -> None:
        self._latest = snap
        if self._applies_done == self._applies_sent:
            self._latest_current = True
        self.snapshot_ready.emit(snap)
        self._watch_idle(True)  # the frame is pending until the GUI goes idle

    def _watch_idle(self, on: bool) -> None:
        if self._dispatcher is None or on == self._idle_watched:
            return
        self._idle_watched = on
        if on:
            self._dispatcher.aboutToBlock.connect(self._on_gui_idle)
        else:
            self._dispatcher.aboutToBlock.disconnect(self._on_gui_idle)

    def _on_gui_idle(self) -> None:
        self._watch_idle(False)
        self._send("taken")

    def _on_state_changed(self, playing: bool) -> None:
        self._playing = playing
        self.state_changed.emit(playing)

    # ------------------------------------------------------------------ worker death
    def _on_worker_gone(self, worker: _WorkerProcess) -> None:
        """The socket closed under us: the worker crashed or was killed.

        A new worker starts at once; the message follows when the dead one's exit
        status has been collected (moments later: the socket closes as it exits).
        """
        worker.close()
        self._worker = None
        self._watch_idle(False)
        # The last snapshot shows the document only when no edit was on its way.
        continued = self.synced
        if self._playing:
            self._playing = False
            self.state_changed.emit(False)
        now = perf_counter()
        self._restarts = [t for t in self._restarts if now - t < RESTART_WINDOW_S]
        how = "none"
        if not self._closed and len(self._restarts) < MAX_RESTARTS:
            self._restarts.append(now)
            init = self._restart_init(continued)
            how = "continued" if init.history is not None else "document"
            try:
                self._spawn(init)
            except Exception:
                how = "none"  # no process to be had (out of processes or memory)
        step = self._latest.step if self._latest is not None else 0
        self._dying.append((worker, how, step))
        self._reap()
        if self._dying:
            self._reaper.start()

    def _report_lost(self, worker: _WorkerProcess, how: str, step: int) -> None:
        code = worker.process.returncode
        why = ""
        if code is not None and code < 0:
            why = QCoreApplication.translate("TrainingController", " (signal {n})").format(n=-code)
        elif code is not None:
            why = QCoreApplication.translate("TrainingController", " (exit code {n})").format(
                n=code
            )
        if how == "continued":
            text = QCoreApplication.translate(
                "TrainingController",
                "The training process ended unexpectedly{how}; it was restarted at step "
                "{step} with the last weights and curves.",
            ).format(how=why, step=f"{step:,}")
        elif how == "document":
            text = QCoreApplication.translate(
                "TrainingController",
                "The training process ended unexpectedly{how} during an edit; it was "
                "restarted from the edited document.",
            ).format(how=why)
        else:
            text = QCoreApplication.translate(
                "TrainingController",
                "The training process ended again{how} and was not restarted. "
                "Save your work and restart nnsim.",
            ).format(how=why)
        self.worker_lost.emit(text)

    def _restart_init(self, continued: bool) -> WorkerInit:
        """The document, continued from the last snapshot's weights, step and history.

        Only when that snapshot shows the document (``continued``): with an edit on
        its way to the dead worker -- a new file, a new architecture, an undo -- the
        snapshot is of the document before it, and the edited document starts anew.
        """
        exp = self._experiment
        snap = self._latest
        if (
            continued
            and snap is not None
            and tuple(snap.layer_sizes) == tuple(exp.layer_sizes)
            and tuple(snap.activations) == tuple(exp.activations)
        ):
            weights = Weights(tuple(snap.weights), tuple(snap.biases))
            # The curves go separately (WorkerInit.history): the document's own may be
            # those of the file it was opened from, behind this step.
            exp = replace(exp, weights=weights, step=snap.step, history=None)
            return WorkerInit(exp, self._units, self._history, self._speed, self._factory)
        self._history = None
        return WorkerInit(exp, self._units, None, self._speed, self._factory)

    def _reap(self) -> None:
        alive = []
        for worker, how, step in self._dying:
            if worker.reap(0.0):
                if not self._closed:
                    self._report_lost(worker, how, step)
            else:
                alive.append((worker, how, step))
        self._dying = alive
        if not self._dying:
            self._reaper.stop()
