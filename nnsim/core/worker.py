"""The training process: a :class:`~nnsim.core.trainer.Trainer` steered over a pipe.

The GUI (``nnsim.gui.controller.TrainingController``) starts this module in a
process of its own (DESIGN convention 6): a training thread would share Python's
global lock with the GUI, and tiny NumPy calls hold it nearly all the time. Here one
core trains while the other paints, and this module imports nothing but the core.

Protocol
--------
Everything crossing the pipe is a pickled tuple whose first item names it.

To the worker (commands), handled in order between two training chunks:
``("play",)``, ``("pause",)``, ``("step", n)``, ``("step_epoch",)``, ``("reset",)``,
``("apply", experiment, kind, carry, same_weights)``,
``("preview", layer, src, dst, value)``, ``("speed", pace_or_steps_or_None)``,
``("taken",)`` (the GUI has drawn the last snapshot) and ``("quit",)``.

From the worker (events): ``("snapshot", snapshot, history_update)``,
``("state", playing)``, ``("applied",)``, ``("error", traceback_text)``,
``("diverged", message)`` and ``("stopped", reason)``; messages are translatable
:class:`~nnsim.core.messages.Message` objects, localized by the GUI.

Flow control: a snapshot goes out at most every :data:`PUBLISH_S`, and only once the
GUI has said it took the previous one, so a slow GUI gets fewer snapshots, never a
queue. A snapshot carries only the history records the GUI does not have yet
(:class:`HistoryUpdate`); the history arrays are most of a snapshot's bytes.

The worker ends when the GUI says ``quit`` and also when the pipe closes: the GUI
went away, even by ``kill -9`` (the kernel closes its end of the socket).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import socket
import sys
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from time import perf_counter
from typing import Any

import numpy as np

from nnsim.core.divergence import DivergedError
from nnsim.core.experiment import Experiment
from nnsim.core.pace import DEFAULT_PACE, PACES, steps_per_frame
from nnsim.core.snapshot import HISTORY_RECORD_FIELDS, HistoryArrays, Snapshot, same_values
from nnsim.core.trainer import Trainer
from nnsim.core.units import UnitCarry
from nnsim.core.wire import FrameReader, Sender, encode, unread_bytes

__all__ = [
    "FRAME_S",
    "GRID",
    "PUBLISH_S",
    "THUMB",
    "HistoryUpdate",
    "WorkerInit",
    "Worker",
    "main",
    "merge_history",
]

#: Shortest time between two published snapshots (s): a little above 30 frames/s,
#: because every snapshot costs the worker a forward pass over the boundary grid.
PUBLISH_S = 1.0 / 36.0
#: Publish anyway when the GUI has not said it drew the last snapshot for this long
#: (s): a GUI that never goes idle still gets a few frames a second.
ACK_WAIT_S = 0.25
#: Socket send buffer asked for (bytes; Linux caps it at net.core.wmem_max): a 6x8
#: snapshot is about 0.4 MB.
SEND_BUFFER = 4 << 20
#: Length of one display frame: speeds are given in steps per frame.
FRAME_S = 1.0 / 60.0
#: Steps handed to ``Trainer.train`` at once take about this long, so a command (a
#: pause, an edit) waits at most about that long.
CHUNK_TARGET_S = 0.003
MAX_CHUNK = 4096
#: Boundary grid and neuron thumbnail resolution of published snapshots.
GRID = 100
THUMB = 40


@dataclass(frozen=True, eq=False)
class HistoryUpdate:
    """What a snapshot's history adds to the one the GUI already holds.

    Attributes
    ----------
    keep : int
        Records of the previous history that stay (0: replace it all -- after a
        decimation, a reset or a layer remap the older records changed too).
    tail : HistoryArrays
        The records after them, and the complete ``marks``.
    """

    keep: int
    tail: HistoryArrays


def _tail(h: HistoryArrays, start: int) -> HistoryArrays:
    if start == 0:
        return h
    parts = {name: getattr(h, name)[start:] for name in HISTORY_RECORD_FIELDS}
    return HistoryArrays(marks=h.marks, **parts)


def _same_prefix(old: HistoryArrays, new: HistoryArrays) -> bool:
    n = len(old)
    if n > len(new) or old.grad_norm.shape[1:] != new.grad_norm.shape[1:]:
        return False
    for name in HISTORY_RECORD_FIELDS:
        if not same_values(getattr(old, name), getattr(new, name)[:n]):
            return False
    return True


def history_update(sent: HistoryArrays | None, new: HistoryArrays) -> HistoryUpdate:
    """The update that turns ``sent`` (what the GUI holds) into ``new``."""
    if sent is not None and _same_prefix(sent, new):
        return HistoryUpdate(len(sent), _tail(new, len(sent)))
    return HistoryUpdate(0, new)


def merge_history(held: HistoryArrays | None, update: HistoryUpdate) -> HistoryArrays:
    """The history after ``update`` (the GUI side of :func:`history_update`)."""
    if update.keep == 0 or held is None:
        return update.tail
    parts = {}
    for name in HISTORY_RECORD_FIELDS:
        a = np.concatenate([getattr(held, name)[: update.keep], getattr(update.tail, name)])
        a.setflags(write=False)
        parts[name] = a
    return HistoryArrays(marks=update.tail.marks, **parts)


@dataclass(frozen=True, eq=False)
class WorkerInit:
    """How a worker starts: the run it trains and what it continues from.

    Attributes
    ----------
    experiment : Experiment
        The document; its ``weights`` (if any) and ``step`` are the starting point.
    units : sequence of sequences of int or None
        The document's unit ids.
    history : HistoryArrays or None
        Curves to continue (a restarted worker keeps the dead one's).
    speed : str, int or None
        The pace in force (see :meth:`Worker.set_speed`).
    trainer_factory : callable or None
        Builds the trainer (``Trainer`` when None); picklable by reference.
    """

    experiment: Experiment
    units: Sequence[Sequence[int]] | None = None
    history: HistoryArrays | None = None
    speed: str | int | None = DEFAULT_PACE
    trainer_factory: Callable[..., Trainer] | None = None


class Worker:
    """Owns the trainer in the training process; see the module docstring."""

    def __init__(self, sock: socket.socket, init: WorkerInit, reader: FrameReader) -> None:
        self._sock = sock
        self._reader = reader
        self._inbox: deque[tuple] = deque()
        self._poller = select.poll()
        self._poller.register(sock, select.POLLIN)
        self._outbox = Sender(sock, "nnsim-worker-outbox")
        self._experiment = init.experiment
        # The Weights object the GUI's document holds, as received: edits that keep the
        # document's weights say so (pickling loses object identity, which the
        # Trainer uses to tell a newly loaded file from an unrelated edit).
        self._doc_weights = init.experiment.weights
        self._units = init.units
        self._history = init.history
        self._factory = init.trainer_factory or Trainer
        self._trainer: Trainer | None = None
        self._playing = False
        self._speed: int | None = None
        self._pace: str | None = None
        self.set_speed(init.speed)
        self._owed = 0.0
        self._last_tick = 0.0
        self._chunk = 16
        self._last_publish = 0.0
        self._published_step = -1
        self._gui_has_it = True
        self._sent_history: HistoryArrays | None = None
        self._rate: deque[tuple[float, int]] = deque(maxlen=64)
        self._quit = False

    # ------------------------------------------------------------------ loop
    def run(self) -> None:
        """Serve commands and train until told to quit or the pipe closes."""
        self._outbox.start()
        self._build()
        try:
            while not self._quit and not self._outbox.broken:
                if self._inbox or self._receive(self._wait_s()):
                    self._handle(self._inbox.popleft())
                elif self._playing:
                    self._tick()
        except (EOFError, OSError):
            return  # the GUI went away: nobody to train for
        self._outbox.put(None)
        self._outbox.join(timeout=5.0)

    def queue(self, commands: Sequence[tuple]) -> None:
        """Commands that arrived before this worker existed (handled first)."""
        self._inbox.extend(commands)

    def _receive(self, timeout: float | None) -> bool:
        """Wait up to ``timeout`` for commands; True when some are queued.

        Raises EOFError when the GUI closed its end: it is gone, even after ``kill -9``.
        """
        # poll, not select: select cannot watch descriptors numbered 1024 and up.
        ms = None if timeout is None else max(0, int(timeout * 1000.0 + 0.999))
        if not self._poller.poll(ms):
            return False
        data = self._sock.recv(1 << 20)  # what has arrived; never waits for more
        if not data:
            raise EOFError("the GUI closed the connection")
        self._inbox.extend(self._reader.feed(data))
        return bool(self._inbox)

    def _wait_s(self) -> float | None:
        """How long to wait for a command before training on (None: until one comes)."""
        if not self._playing:
            return None
        speed = self._frame_speed()
        if speed is None or self._owed >= 1.0:
            return 0.0
        # A slow pace waits for its next step instead of spinning.
        due = self._last_tick + (1.0 - self._owed) * FRAME_S / speed
        return max(0.0, min(due - perf_counter(), FRAME_S))

    def _handle(self, msg: tuple) -> None:
        name, args = msg[0], msg[1:]
        if name == "taken":
            self._gui_has_it = True
        elif name == "quit":
            self._quit = True
        elif name == "play":
            self.play()
        elif name == "pause":
            self._set_paused()
            self._publish(force=True)
        elif name == "step":
            self.step(int(args[0]))
        elif name == "step_epoch":
            self.step_epoch()
        elif name == "reset":
            self.reset()
        elif name == "apply":
            self.apply(*args)
        elif name == "preview":
            self.preview_weight(*args)
        elif name == "speed":
            self.set_speed(args[0])

    def _send(self, *msg: Any) -> None:
        self._outbox.put(encode(msg), counted=msg[0] == "snapshot")

    # ------------------------------------------------------------------ commands
    def _build(self) -> None:
        try:
            self._trainer = self._factory(self._experiment, units=self._units)
            if self._history is not None:
                self._trainer.history.restore(self._history)
        except Exception:
            self._send("error", traceback.format_exc())
            return
        self._publish(force=True)

    def play(self) -> None:
        trainer = self._trainer
        if trainer is None or self._playing:
            return
        if trainer.stopped:
            # The stop condition still holds: say so instead of silently doing nothing.
            self._send("stopped", trainer.stopped)
            self._send("state", False)
            return
        self._playing = True
        self._owed = 0.0
        self._last_tick = perf_counter()
        self._rate.clear()
        self._rate.append((self._last_tick, trainer.step_count))
        self._send("state", True)

    def step(self, n: int) -> None:
        """Pause, then train exactly ``n`` steps (fewer if the stop condition fires)."""
        self._set_paused()
        if self._trainer is not None and n > 0:
            self._train(n)
            self._publish(force=True)

    def step_epoch(self) -> None:
        """Pause, then train up to the next epoch boundary (one whole epoch when aligned)."""
        if self._trainer is None:
            return
        spe = max(1, int(self._trainer.steps_per_epoch))
        self.step(spe - int(self._trainer.step_count) % spe)

    def reset(self) -> None:
        """Pause; fresh weights from the same seed, step 0, same data."""
        self._set_paused()
        if self._trainer is None:
            return
        try:
            self._trainer.reset()
        except Exception:
            self._send("error", traceback.format_exc())
        self._publish(force=True)

    def apply(
        self, experiment: Experiment, kind: str, carry: UnitCarry | None, same_weights: bool
    ) -> None:
        """Follow an edit of the experiment (the semantics of ``TrainingController.apply``).

        "all" (a new or opened document, a new seed) starts a fresh run and pauses;
        everything else goes through ``Trainer.apply``, which rebuilds only what changed
        and keeps training if it was. With a :class:`~nnsim.core.units.UnitCarry`
        weights are placed by unit id: its ``prefer="auto"`` (editor edits and their
        undo) loads the stored weights exactly while paused and keeps the live ones
        while training. Without one, weights stored in the document are loaded only
        for "all" and "weights" changes: they are the file's starting point, and an
        unrelated edit (or its undo) must not rewind the trained network to them.
        """
        if same_weights:
            experiment = replace(experiment, weights=self._doc_weights)
        previous_weights = self._doc_weights
        self._doc_weights = experiment.weights
        self._experiment = experiment
        if carry is not None:
            self._units = carry.units
        if self._trainer is None:
            self._send("applied")
            return
        try:
            if kind == "all":
                self._set_paused()
                if experiment.weights is not None and experiment.weights is previous_weights:
                    # The weights the document already had (e.g. a new weight seed for a
                    # document carrying weights): not a file to load, a fresh run.
                    experiment = experiment.without_weights()
                self._trainer = self._factory(experiment, units=carry.units if carry else None)
            elif carry is not None:
                self._trainer.apply(experiment, carry=carry.resolved(self._playing))
            else:
                if kind != "weights" and experiment.weights is not None:
                    experiment = replace(experiment, weights=None)
                self._trainer.apply(experiment)
        except Exception:
            self._set_paused()
            self._send("applied")
            self._send("error", traceback.format_exc())
            return
        self._send("applied")
        self._publish(force=True)

    def preview_weight(self, layer: int, src: int, dst: int, value: float) -> None:
        """Set one live weight (a scrub, no undo); publish at once when paused."""
        if self._trainer is None:
            return
        try:
            self._trainer.set_weight(layer, src, dst, value)
        except (IndexError, ValueError):
            return  # a scrub of a network an edit just replaced: nothing to follow
        if not self._playing:
            self._publish(force=True)

    def set_speed(self, speed: str | int | None) -> None:
        """A lecture pace's name (:data:`~nnsim.core.pace.PACES`), steps per display
        frame (>= 1), or None for as fast as possible.

        A pace counted in epochs is turned into steps at every tick, so it stays one
        epoch per frame when an edit changes the data or the batch size.
        """
        if isinstance(speed, str):
            self._pace = speed if speed in PACES else DEFAULT_PACE
            self._speed = None
        else:
            self._pace = None
            self._speed = None if speed is None else max(1, int(speed))
        self._owed = 0.0

    def _frame_speed(self) -> int | None:
        """Steps one display frame shows now (None: as fast as possible)."""
        if self._pace is None:
            return self._speed
        spe = self._trainer.steps_per_epoch if self._trainer is not None else 1
        return steps_per_frame(self._pace, spe)

    # ------------------------------------------------------------------ training
    def _tick(self) -> None:
        now = perf_counter()
        speed = self._frame_speed()
        if speed is None:
            limit = None
        else:
            # Steps owed for the time since the last tick; a short cap so a busy
            # moment does not turn into a burst of catch-up steps.
            self._owed = min(self._owed + speed * (now - self._last_tick) / FRAME_S, 2.0 * speed)
            limit = int(self._owed)
        self._last_tick = now
        if limit is None or limit > 0:
            done = self._train(limit, chunks=1)
            self._owed = max(0.0, self._owed - done)
        if self._playing and perf_counter() - self._last_publish >= PUBLISH_S:
            self._publish()

    def _train(self, limit: int | None, chunks: int | None = None) -> int:
        """Train ``limit`` steps (None: one chunk) in chunks; return the steps done.

        Pauses and reports on divergence, on the stop condition and on any exception.
        """
        trainer = self._trainer
        assert trainer is not None
        done = 0
        try:
            while chunks is None or chunks > 0:
                n = self._chunk if limit is None else min(self._chunk, limit - done)
                if n <= 0:
                    break
                t = perf_counter()
                k = trainer.train(n)
                elapsed = perf_counter() - t
                done += k
                if k > 0:
                    per_step = max(elapsed / k, 1e-7)
                    self._chunk = int(min(MAX_CHUNK, max(1, CHUNK_TARGET_S / per_step)))
                if trainer.stopped:
                    self._set_paused()
                    self._publish(force=True)
                    self._send("stopped", trainer.stopped)
                    break
                if chunks is not None:
                    chunks -= 1
                elif self._receive(0.0) and any(m[0] == "quit" for m in self._inbox):
                    break  # a long step(n) ends when the GUI closes, not after it
        except DivergedError as exc:
            self._set_paused()
            self._publish(force=True)
            self._send("diverged", getattr(exc, "message", None) or str(exc))
        except Exception:
            self._set_paused()
            self._send("error", traceback.format_exc())
        return done

    def _set_paused(self) -> None:
        if self._playing:
            self._playing = False
            self._rate.clear()
            self._send("state", False)

    def _snapshot_in_flight(self) -> bool:
        """A snapshot not yet written, or anything written that the GUI has not read.

        With a send buffer that holds several snapshots, "written" alone would let
        frames pile up there unseen while the GUI is busy painting: the next snapshot
        waits until the GUI has read everything sent before it.
        """
        return bool(self._outbox.unsent) or unread_bytes(self._sock) > 0

    def _publish(self, force: bool = False) -> None:
        """Send a snapshot unless nothing moved or the GUI still draws the last one."""
        trainer = self._trainer
        if trainer is None:
            return
        if not force:
            if self._published_step == int(trainer.step_count):
                return  # nothing new (a slow pace between its steps)
            if self._snapshot_in_flight():
                return  # the last one is still on its way: never a queue of frames
            if not self._gui_has_it and perf_counter() - self._last_publish < ACK_WAIT_S:
                return
        try:
            snap = trainer.snapshot(grid=GRID, thumb=THUMB)
        except Exception:
            self._set_paused()
            self._send("error", traceback.format_exc())
            return
        now = perf_counter()
        self._last_publish = now
        self._published_step = snap.step
        self._gui_has_it = False
        update = history_update(self._sent_history, snap.history)
        self._sent_history = snap.history
        light = replace(snap, history=_EMPTY_HISTORY, steps_per_second=self._rate_now(now, snap))
        self._send("snapshot", light, update)

    def _rate_now(self, now: float, snap: Snapshot) -> float:
        """Training rate over about the last second (0 when paused)."""
        if not self._playing:
            return 0.0
        self._rate.append((now, snap.step))
        while len(self._rate) > 2 and now - self._rate[1][0] > 1.0:
            self._rate.popleft()
        t_old, s_old = self._rate[0]
        return (snap.step - s_old) / (now - t_old) if now > t_old else 0.0


def _empty_history() -> HistoryArrays:
    def empty(*shape: int, dtype: type = np.float64) -> np.ndarray:
        a = np.zeros(shape, dtype=dtype)
        a.setflags(write=False)
        return a

    return HistoryArrays(
        step=empty(0, dtype=np.int64),
        epoch=empty(0),
        train_loss=empty(0),
        test_loss=empty(0),
        grad_norm=empty(0, 0),
        mean_abs_act=empty(0, 0),
        dead_frac=empty(0, 0),
        sat_frac=empty(0, 0),
        marks=empty(0, dtype=np.int64),
    )


_EMPTY_HISTORY = _empty_history()


def main(fd: int) -> None:
    """Entry point of the training process (``TrainingController`` starts it).

    ``fd`` is this end of a socket pair. The first frame (:mod:`nnsim.core.wire`) is
    ``(sys_path, pickled_init)``: the GUI's ``sys.path`` goes in place before the
    :class:`WorkerInit` is unpickled, so a trainer factory defined outside the package
    (a test's) can be found. The rest is :class:`Worker`'s protocol.
    """
    # Ctrl+C in a terminal reaches the whole process group; the GUI decides when
    # training ends (and this process ends with the GUI's socket anyway).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sock = socket.socket(fileno=fd)
    try:  # room for a deep network's snapshot, so it leaves in one send (wire.Sender)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
    except OSError:
        pass  # the system's default: larger snapshots then go through the outbox thread
    reader = FrameReader()
    try:
        first: list = []
        while not first:
            data = sock.recv(1 << 20)
            if not data:
                raise EOFError("the GUI closed the connection")
            first = reader.feed(data)
        sys_path, init = first[0]
        sys.path[:] = sys_path
        worker = Worker(sock, pickle.loads(init), reader)
        worker.queue(first[1:])
        worker.run()
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    finally:
        sock.close()
    # No interpreter teardown: nothing is left to flush, and the GUI may be waiting.
    os._exit(0)


if __name__ == "__main__":  # pragma: no cover - started by TrainingController
    main(int(sys.argv[1]))
