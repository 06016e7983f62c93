"""Training in a worker thread, steered from the GUI thread by queued signals.

:class:`TrainingController` lives in the GUI thread; :class:`TrainingWorker` is a
parentless ``QObject`` moved to a ``QThread`` and owns the :class:`~nnsim.core.trainer.Trainer`.
Commands (play, pause, step, reset, apply, speed) cross as queued signals; what comes
back is an immutable :class:`~nnsim.core.snapshot.Snapshot` (plus errors and state
changes). Nothing else crosses the thread boundary.

Pacing (DESIGN convention 6)
----------------------------
The worker shares the GIL with the GUI. Tiny NumPy operations hold it nearly all the
time, so a worker training flat out starves the event loop -- mostly because CPython
hands the GIL to a waiting thread only every ``sys.getswitchinterval()`` (5 ms by
default), and a GUI frame takes it back dozens of times. Qt's own drawing needs no
GIL at all (QGraphicsView with C++ items, widgets without Python paint code), so the
two threads can share the two cores of a lecture laptop if the GUI waits little for
the GIL and does little in Python. The pacing therefore is:

1. the switch interval drops to :data:`SWITCH_INTERVAL_S` (1 ms) while training runs,
   so the GUI gets the GIL within a millisecond whenever it needs it, and the worker
   otherwise keeps training while Qt paints;
2. the worker trains in slices of :data:`SLICE_S`, returning to its event loop between
   slices so that commands (pause, an edit) wait at most one slice;
3. it publishes a snapshot at most every :data:`PUBLISH_S`, and only once the GUI has
   taken the previous one and gone idle (the controller watches the GUI event
   dispatcher's ``aboutToBlock``): a slow GUI gets fewer snapshots, never a queue;
4. right after publishing it steps aside until the GUI thread has handed the snapshot
   to the views (at most :data:`HOLD_MAX_MS`). That part of a frame is Python and
   NumPy, and NumPy lets go of the GIL inside every larger operation: with the worker
   training meanwhile, each of those would hand the GIL over and back, and every
   hand-over costs both threads a thread wake-up. Qt's painting that follows runs
   beside the training;
5. a probe timer in the GUI thread measures how late it fires beyond the GUI's own
   CPU use, i.e. how long the GUI waited for the GIL. While that is high the worker
   rests a little after each slice (up to :data:`REST_MAX_MS`); when it is low the
   rest shrinks back to nothing. The GUI's share thus adapts to what its frames cost.
"""

from __future__ import annotations

import sys
import traceback
from collections import deque
from collections.abc import Sequence
from dataclasses import replace
from time import perf_counter, thread_time

from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QCoreApplication,
    QObject,
    QThread,
    QTimer,
    Signal,
    Slot,
)

from nnsim.core.experiment import Experiment
from nnsim.core.pace import DEFAULT_PACE, PACES, steps_per_frame
from nnsim.core.snapshot import Snapshot
from nnsim.core.trainer import DivergedError, Trainer, UnitCarry
from nnsim.gui.i18n import localize

#: Switch interval while training (s): the longest the GUI waits for the GIL at a time.
SWITCH_INTERVAL_S = 0.001
#: Shortest time between two published snapshots (s): a little above 30 frames/s,
#: because every snapshot costs the worker a forward pass over the boundary grid.
PUBLISH_S = 1.0 / 36.0
#: One training slice between two visits of the worker's event loop (s).
SLICE_S = 0.004
#: Publish anyway after this long even if the GUI never reports the frame drawn.
FRAME_WAIT_MAX_MS = 100
#: Longest the worker waits for the GUI to take a published snapshot (ms).
HOLD_MAX_MS = 20
#: Rest after each slice (ms): adapted between 0 and this from the GUI's starvation.
REST_MAX_MS = 6
#: GUI starvation (ms waited for the GIL per probe tick, mean over a report) above
#: which the worker rests longer, below which it rests less.
STARVED_HIGH_MS = 10.0
STARVED_LOW_MS = 4.0
#: Length of one display frame: speeds are given in steps per frame.
FRAME_S = 1.0 / 60.0
#: Probe period and reporting interval of the GUI-starvation probe.
PROBE_MS = 40
PACE_REPORT_S = 0.25
#: Steps handed to ``Trainer.step`` at once take about this long (commands wait at most that).
CHUNK_TARGET_S = 0.002
MAX_CHUNK = 4096
#: Boundary grid and neuron thumbnail resolution of published snapshots.
GRID = 100
THUMB = 40
#: Weight of the newest sample in the moving averages of frame and snapshot times.
_EMA = 0.2


class TrainingWorker(QObject):
    """Owns the Trainer in the worker thread; never touches a widget.

    Construct it without a parent, then ``moveToThread``. Its slots are called through
    queued signals by :class:`TrainingController`.
    """

    snapshot_ready = Signal(object)
    errored = Signal(str)
    # The core's explanations travel as translatable Messages (a str subclass that a
    # ``Signal(str)`` would flatten into plain English); the controller localizes them.
    diverged = Signal(object)
    stopped = Signal(object)
    state_changed = Signal(bool)
    #: An ``apply`` was handled (its snapshot, if any, follows).
    applied = Signal()

    def __init__(
        self, experiment: Experiment, units: Sequence[Sequence[int]] | None = None
    ) -> None:
        super().__init__()
        self._experiment = experiment
        self._units = units
        self._trainer: Trainer | None = None
        self._playing = False
        self._speed: int | None = None  # steps per frame; None = as fast as pacing allows
        self._pace: str | None = None  # a lecture pace's name, which overrides _speed
        self._owed = 0.0
        self._last_tick = 0.0
        self._chunk = 16
        # Pacing state (see the module docstring).
        self._rest_ms = 0
        self._frame_s = 0.010  # GUI wall time per frame: publish to idle
        self._waiting_frame = False
        self._holding = False  # published; not training until the GUI took the snapshot
        self._last_publish = 0.0
        self._published_step = -1
        # Set from the GUI thread by TrainingController.shutdown (a plain attribute
        # store is atomic under the GIL): stop within one chunk, even inside step(n).
        self.abort = False
        self._rate: deque[tuple[float, int]] = deque(maxlen=64)
        # A child moves with its parent to the worker thread, so the timer fires there.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)

    # ------------------------------------------------------------------ slots
    @Slot()
    def start(self) -> None:
        """Build the trainer (in the worker thread) and publish the first snapshot."""
        try:
            self._trainer = Trainer(self._experiment, units=self._units)
        except Exception:
            self.errored.emit(traceback.format_exc())
            return
        self._publish(force=True)

    @Slot()
    def play(self) -> None:
        if self._trainer is None or self._playing:
            return
        if self._trainer.stopped:
            # The stop condition still holds: say so instead of silently doing nothing.
            self.stopped.emit(self._trainer.stopped)
            self.state_changed.emit(False)
            return
        self._playing = True
        self._owed = 0.0
        self._waiting_frame = False
        self._holding = False
        self._last_tick = perf_counter()
        self._rate.clear()
        self._rate.append((self._last_tick, self._trainer_step()))  # rate from the first frame on
        self.state_changed.emit(True)
        self._timer.start(0)

    @Slot()
    def pause(self) -> None:
        self._set_paused()
        if self._trainer is not None:
            self._publish(force=True)

    @Slot(int)
    def step(self, n: int) -> None:
        """Pause, then train exactly ``n`` steps (fewer if the stop condition fires)."""
        self._set_paused()
        if self._trainer is not None and n > 0:
            self._train(n, deadline=None)
            self._publish(force=True)

    @Slot()
    def step_epoch(self) -> None:
        """Pause, then train up to the next epoch boundary (one whole epoch when aligned)."""
        if self._trainer is None:
            return
        spe = max(1, int(self._trainer.steps_per_epoch))
        self.step(spe - self._trainer_step() % spe)

    @Slot()
    def reset(self) -> None:
        """Pause; fresh weights from the same seed, step 0, same data."""
        self._set_paused()
        if self._trainer is None:
            return
        try:
            self._trainer.reset()
        except Exception:
            self.errored.emit(traceback.format_exc())
        self._publish(force=True)

    @Slot(object, str, object)
    def apply(self, experiment: Experiment, kind: str, carry: UnitCarry | None = None) -> None:
        """Follow an edit of the experiment.

        "all" (a new or opened document, a new seed) starts a fresh run and pauses;
        everything else goes through ``Trainer.apply``, which rebuilds only what changed
        and keeps training if it was. With a :class:`~nnsim.core.trainer.UnitCarry`
        (the model's, for every change made through it) weights are placed by unit id:
        its ``prefer="auto"`` (editor edits and their undo) loads the stored weights
        exactly while paused and keeps the live ones while training. Without one,
        weights stored in the document are loaded only for "all" and "weights"
        changes: they are the file's starting point, and an unrelated edit (or its
        undo) must not rewind the trained network to them.
        """
        previous = self._experiment
        self._experiment = experiment
        if carry is not None:
            self._units = carry.units
        if self._trainer is None:
            self.applied.emit()
            return
        try:
            if kind == "all":
                self._set_paused()
                if experiment.weights is not None and experiment.weights is previous.weights:
                    # The weights the document already had (e.g. a new weight seed for a
                    # document carrying weights): not a file to load, a fresh run.
                    experiment = replace(experiment, weights=None, step=0)
                self._trainer = Trainer(experiment, units=carry.units if carry else None)
            elif carry is not None:
                self._trainer.apply(experiment, carry=carry.resolved(self._playing))
            else:
                if kind != "weights" and experiment.weights is not None:
                    experiment = replace(experiment, weights=None)
                self._trainer.apply(experiment)
        except Exception:
            self._set_paused()
            self.applied.emit()
            self.errored.emit(traceback.format_exc())
            return
        self.applied.emit()
        self._publish(force=True)

    @Slot(int, int, int, float)
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

    @Slot(object)
    def set_speed(self, speed: int | str | None) -> None:
        """A lecture pace's name (:data:`~nnsim.core.pace.PACES`), steps per display
        frame (>= 1), or None for as fast as the pacing allows.

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

    @Slot()
    def frame_done(self) -> None:
        """The GUI took the last snapshot and went idle.

        The next snapshot may go out now; the frame's wall time is kept as a figure.
        """
        if not self._waiting_frame:
            return
        self._waiting_frame = False
        wall = min(perf_counter() - self._last_publish, 0.2)
        self._frame_s += _EMA * (wall - self._frame_s)

    @Slot()
    def snapshot_taken(self) -> None:
        """The GUI thread has handed the last snapshot to its views: train on."""
        if self._holding:
            self._holding = False
            if self._playing:
                self._timer.start(0)

    @Slot(float)
    def set_gui_starvation(self, starved_ms: float) -> None:
        """Rest longer between slices while the GUI waits for the GIL; less after."""
        if starved_ms > STARVED_HIGH_MS:
            self._rest_ms = min(REST_MAX_MS, self._rest_ms + 1)
        elif starved_ms < STARVED_LOW_MS:
            self._rest_ms = max(0, self._rest_ms - 1)

    @Slot()
    def shutdown(self) -> None:
        """Stop, hand the object back to the main thread, and end the worker thread."""
        self._playing = False
        self._timer.stop()
        thread = self.thread()
        app = QCoreApplication.instance()
        if app is not None:
            # From its own thread an object may push itself elsewhere; afterwards the GUI
            # thread can delete it without cross-thread timer warnings.
            self.moveToThread(app.thread())
        thread.quit()

    # ------------------------------------------------------------------ pacing loop
    @property
    def rest_ms(self) -> int:
        """The worker's current rest after each training slice (ms)."""
        return self._rest_ms

    @property
    def frame_s(self) -> float:
        """Measured GUI frame time (s): from a publish until the GUI went idle."""
        return self._frame_s

    def _tick(self) -> None:
        self._holding = False  # also when the GUI never said it took the snapshot
        if not self._playing or self._trainer is None:
            return
        t0 = perf_counter()
        speed = self._frame_speed()
        if speed is None:
            limit = None
        else:
            # Steps owed for the time since the last tick; a short cap so a busy
            # moment does not turn into a burst of catch-up steps.
            self._owed = min(self._owed + speed * (t0 - self._last_tick) / FRAME_S, 2.0 * speed)
            limit = int(self._owed)
        self._last_tick = t0
        if limit is None or limit > 0:
            done = self._train(limit, deadline=t0 + SLICE_S)
            self._owed = max(0.0, self._owed - done)
        if not self._playing:  # _train paused us (error, divergence, stop condition)
            return
        if perf_counter() - self._last_publish >= PUBLISH_S and self._publish():
            self._waiting_frame = True
            self._holding = True
            self._timer.start(HOLD_MAX_MS)
            return
        delay = self._rest_ms
        if speed is not None:
            # Slow speeds wait for the next frame instead of spinning.
            delay = max(delay, round((FRAME_S - (perf_counter() - t0)) * 1000.0))
        self._timer.start(delay)

    def _train(self, limit: int | None, deadline: float | None) -> int:
        """Train up to ``limit`` steps (None: no limit) until ``deadline``; return steps done.

        Pauses and reports on divergence, on the stop condition and on any exception.
        """
        trainer = self._trainer
        assert trainer is not None
        done = 0
        try:
            while not self.abort:
                n = self._chunk if limit is None else min(self._chunk, limit - done)
                if n <= 0:
                    break
                t = perf_counter()
                # Not step(): it ends each call with a forward pass over the whole data
                # set (several per cent at this chunk size); a snapshot evaluates once.
                k = trainer.train(n)
                elapsed = perf_counter() - t
                done += k
                if k > 0:
                    per_step = max(elapsed / k, 1e-7)
                    self._chunk = int(min(MAX_CHUNK, max(1, CHUNK_TARGET_S / per_step)))
                if trainer.stopped:
                    self._set_paused()
                    self._publish(force=True)
                    self.stopped.emit(trainer.stopped)
                    break
                if deadline is not None and perf_counter() >= deadline:
                    break
        except DivergedError as exc:
            self._set_paused()
            self._publish(force=True)
            self.diverged.emit(getattr(exc, "message", None) or str(exc))
        except Exception:
            self._set_paused()
            self.errored.emit(traceback.format_exc())
        return done

    def _trainer_step(self) -> int:
        assert self._trainer is not None
        return int(self._trainer.step_count)

    def _set_paused(self) -> None:
        self._timer.stop()
        self._waiting_frame = False
        self._holding = False
        if self._playing:
            self._playing = False
            self._rate.clear()
            self.state_changed.emit(False)

    def _publish(self, force: bool = False) -> bool:
        """Send a snapshot to the GUI; returns whether one was sent.

        Unless forced, only when training moved on since the last one and the GUI is
        not still drawing the previous one.
        """
        if self._trainer is None:
            return False
        t = perf_counter()
        if not force:
            if self._published_step == self._trainer_step():
                return False  # nothing new (a slow speed between its steps)
            if self._waiting_frame and (t - self._last_publish) * 1000.0 < FRAME_WAIT_MAX_MS:
                return False
        try:
            snap = self._trainer.snapshot(grid=GRID, thumb=THUMB)
        except Exception:
            self._set_paused()
            self.errored.emit(traceback.format_exc())
            return False
        now = perf_counter()
        self._last_publish = now
        self._published_step = snap.step
        self.snapshot_ready.emit(replace(snap, steps_per_second=self._steps_per_second(now, snap)))
        return True

    def _steps_per_second(self, now: float, snap: Snapshot) -> float:
        """Training rate over about the last second (0 when paused)."""
        if not self._playing:
            return 0.0
        self._rate.append((now, snap.step))
        while len(self._rate) > 2 and now - self._rate[1][0] > 1.0:
            self._rate.popleft()
        t_old, s_old = self._rate[0]
        return (snap.step - s_old) / (now - t_old) if now > t_old else 0.0


class TrainingController(QObject):
    """The GUI thread's handle on training: commands out, snapshots in.

    Parameters
    ----------
    experiment : Experiment
        The experiment to train; the worker builds its Trainer on :meth:`start`.
    parent : QObject, optional
        Usually the main window.

    Signals
    -------
    snapshot_ready(Snapshot)
        A new snapshot arrived (also kept as :attr:`latest`). Draw it in the connected
        slot: once the GUI's event loop has nothing left to do (the frame painted), the
        controller tells the worker to train on.
    errored(str)
        The worker caught an exception (traceback text, not translated) and paused.
    diverged(str)
        The loss or weights became NaN/inf; the step was rolled back and training
        paused. The explanation is in the UI language (the core's message localized).
    stopped(str)
        The stop condition fired (its reason, in the UI language); training paused.
    state_changed(bool)
        Training started (True) or paused (False).
    applied()
        The worker handled an :meth:`apply` (the snapshot showing it follows).

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

    # Requests to the worker: emitted here, delivered queued in the worker thread.
    _start_requested = Signal()
    _play_requested = Signal()
    _pause_requested = Signal()
    _step_requested = Signal(int)
    _step_epoch_requested = Signal()
    _reset_requested = Signal()
    _apply_requested = Signal(object, str, object)
    _preview_requested = Signal(int, int, int, float)
    _speed_requested = Signal(object)
    _frame_reported = Signal()
    _taken_reported = Signal()
    _starvation_reported = Signal(float)
    _shutdown_requested = Signal()

    def __init__(
        self,
        experiment: Experiment,
        parent: QObject | None = None,
        units: Sequence[Sequence[int]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("nnsim-training")
        self._worker = TrainingWorker(experiment, units)
        # apply() calls sent / handled, and whether the latest snapshot shows them all.
        self._applies_sent = 0
        self._applies_done = 0
        self._latest_current = False
        self._worker.moveToThread(self._thread)
        self._playing = False
        self._latest: Snapshot | None = None
        self._started = False
        self.halt_message: str | None = None

        w = self._worker
        self._start_requested.connect(w.start)
        self._play_requested.connect(w.play)
        self._pause_requested.connect(w.pause)
        self._step_requested.connect(w.step)
        self._step_epoch_requested.connect(w.step_epoch)
        self._reset_requested.connect(w.reset)
        self._apply_requested.connect(w.apply)
        self._preview_requested.connect(w.preview_weight)
        w.applied.connect(self._on_applied)
        self._speed_requested.connect(w.set_speed)
        self._frame_reported.connect(w.frame_done)
        self._taken_reported.connect(w.snapshot_taken)
        self._starvation_reported.connect(w.set_gui_starvation)
        self._shutdown_requested.connect(w.shutdown)
        w.snapshot_ready.connect(self._on_snapshot_ready)
        w.state_changed.connect(self._on_state_changed)
        w.errored.connect(self.errored)
        w.diverged.connect(self._on_diverged)
        w.stopped.connect(self._on_stopped)

        # "Frame drawn": the GUI event loop is about to wait for events, so everything
        # the last snapshot caused (view updates, paints) is done. Connected only while
        # a frame is pending: the loop blocks many times a frame, and each call of a
        # Python slot has to win the GIL from the training thread.
        self._dispatcher = QAbstractEventDispatcher.instance(QThread.currentThread())
        self._idle_watched = False
        app = QCoreApplication.instance()
        if app is not None:
            # Quitting the application without closing the window still joins the thread.
            app.aboutToQuit.connect(self.shutdown)

        # The starvation probe: a timer in the GUI thread that measures how late it fires
        # beyond the GUI thread's own work.
        self._probe = QTimer(self)
        self._probe.setInterval(PROBE_MS)
        self._probe.timeout.connect(self._on_probe)
        self._probe_last = 0.0
        self._probe_cpu = 0.0
        self._probe_starved = 0.0
        self._probe_ticks = 0
        self._probe_report = 0.0

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
    def worker(self) -> TrainingWorker:
        """The worker (lives in the training thread; do not call its slots directly)."""
        return self._worker

    @property
    def running(self) -> bool:
        """Whether the training thread is running."""
        return self._thread.isRunning()

    # ------------------------------------------------------------------ commands
    def start(self) -> None:
        """Start the training thread and build the trainer there (first snapshot follows)."""
        if self._started:
            return
        self._started = True
        # Process-wide, but it only matters while two threads want the GIL: then the
        # GUI waits at most this long for it instead of CPython's 5 ms per hand-over.
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._thread.start()
        self._start_requested.emit()

    def play(self) -> None:
        self._playing = True
        self._play_requested.emit()

    def pause(self) -> None:
        self._playing = False
        self._pause_requested.emit()

    def toggle(self) -> None:
        """Play if paused, pause if playing."""
        if self._playing:
            self.pause()
        else:
            self.play()

    def step(self, n: int = 1) -> None:
        """Pause and train exactly ``n`` steps."""
        self._playing = False
        self._step_requested.emit(int(n))

    def step_epoch(self) -> None:
        """Pause and train to the end of the current epoch."""
        self._playing = False
        self._step_epoch_requested.emit()

    def reset(self) -> None:
        """Pause; new weights from the same seed, step 0."""
        self._playing = False
        self._reset_requested.emit()

    def apply(self, experiment: Experiment, kind: str, carry: UnitCarry | None = None) -> None:
        """Hand an edited experiment to the trainer (see :meth:`TrainingWorker.apply`).

        The experiment object itself crosses to the worker (it is immutable), queued
        behind whatever the worker is doing, so it lands between two training steps.
        ``carry`` (the model's :attr:`~nnsim.model.ExperimentModel.carry`) says where
        the weights of the edited network come from, by unit id.
        """
        if kind == "ui":
            # Only the panels' hidden controls changed: nothing for the trainer to do,
            # and the network must not be rebuilt (or its history marked) for it.
            return
        if kind == "all":
            self._playing = False
        self._applies_sent += 1
        self._apply_requested.emit(experiment, kind, carry)

    def preview_weight(self, layer: int, src: int, dst: int, value: float) -> None:
        """Set ``W[layer][src, dst]`` of the live network now, without an undo step.

        For a weight scrub: the boundary and thumbnails follow the drag, also while
        paused (a snapshot is published at once then). The gesture ends with an edit
        (undoable) or, cancelled, with a preview of the original value.
        """
        self._preview_requested.emit(int(layer), int(src), int(dst), float(value))

    def set_speed(self, speed: int | str | None) -> None:
        """A lecture pace's name (:data:`~nnsim.core.pace.PACES`, "max" included), steps
        per display frame (>= 1), or None for as fast as pacing allows."""
        if speed is None or isinstance(speed, str):
            self._speed_requested.emit(speed)
        else:
            self._speed_requested.emit(int(speed))

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop training and join the thread (safe to call more than once)."""
        self._probe.stop()
        self._watch_idle(False)
        self._dispatcher = None
        if self._thread.isRunning():
            self._worker.abort = True
            self._shutdown_requested.emit()
            if not self._thread.wait(timeout_ms):
                # Only reachable if a single training step hangs; never leave a
                # running thread behind a destroyed QThread.
                self._thread.terminate()
                self._thread.wait()
        self._playing = False

    # ------------------------------------------------------------------ slots
    def _on_applied(self) -> None:
        self._applies_done += 1
        self._latest_current = False  # the snapshot showing this apply is yet to come
        self.applied.emit()

    def _on_diverged(self, message: object) -> None:
        self.halt_message = message  # type: ignore[assignment]
        self.diverged.emit(localize(message))

    def _on_stopped(self, reason: object) -> None:
        self.halt_message = reason  # type: ignore[assignment]
        self.stopped.emit(localize(reason))

    def _on_snapshot_ready(self, snap: Snapshot) -> None:
        self._latest = snap
        if self._applies_done == self._applies_sent:
            self._latest_current = True
        self.snapshot_ready.emit(snap)
        self._taken_reported.emit()  # the views have it (or have queued it)
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
        self._frame_reported.emit()

    def _on_state_changed(self, playing: bool) -> None:
        self._playing = playing
        if playing:
            self._probe_last = perf_counter()
            self._probe_cpu = thread_time()
            self._probe_report = self._probe_last
            self._probe_starved, self._probe_ticks = 0.0, 0
            self._probe.start()
        else:
            self._probe.stop()
        self.state_changed.emit(playing)

    def _on_probe(self) -> None:
        now, cpu = perf_counter(), thread_time()
        late = (now - self._probe_last) * 1000.0 - PROBE_MS
        busy = (cpu - self._probe_cpu) * 1000.0  # the GUI's own work in this interval
        self._probe_last, self._probe_cpu = now, cpu
        self._probe_starved += max(0.0, late - busy)
        self._probe_ticks += 1
        if now - self._probe_report >= PACE_REPORT_S:
            self._starvation_reported.emit(self._probe_starved / self._probe_ticks)
            self._probe_starved, self._probe_ticks = 0.0, 0
            self._probe_report = now
