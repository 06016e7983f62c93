"""The training process's pieces without Qt: framing, history updates, the command loop."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest
from worker_pipe import quit_worker, serve, until

from nnsim.core.experiment import Experiment, Hyper
from nnsim.core.trainer import Trainer
from nnsim.core.wire import FrameReader, encode
from nnsim.core.worker import WorkerInit, history_update, merge_history


def test_frames_split_anywhere_come_out_whole_and_in_order() -> None:
    objs = [("snapshot", np.arange(100_000.0)), ("state", True), ("applied",), "x" * 3]
    stream = b"".join(encode(o) for o in objs)
    rng = np.random.default_rng(0)
    cuts = sorted(rng.choice(len(stream), size=40, replace=False))
    reader, out = FrameReader(), []
    for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        out += reader.feed(stream[a:b])
    assert len(out) == len(objs)
    np.testing.assert_array_equal(out[0][1], objs[0][1])
    assert out[1:] == objs[1:]


def test_a_corrupt_length_is_refused_not_allocated() -> None:
    with pytest.raises(ValueError, match="corrupt"):
        FrameReader().feed(b"\xff" * 8)


def test_history_updates_rebuild_the_trainers_history_exactly() -> None:
    """Only new records travel; decimation and edits resend everything."""
    trainer = Trainer(Experiment(), history_capacity=64)
    held, sent, updates = None, None, []
    for n in [1, 5, 50, 400, 3000, 7]:  # the 64-record buffer decimates on the way
        trainer.train(n)
        h = trainer.history.arrays()
        update = history_update(sent, h)
        updates.append(update.keep)
        sent = h
        held = merge_history(held, update)
        for name in ("step", "epoch", "train_loss", "test_loss", "grad_norm", "marks"):
            np.testing.assert_array_equal(getattr(held, name), getattr(h, name))
    assert 0 in updates[1:]  # a decimation changed old records: sent whole
    assert any(k > 0 for k in updates)  # otherwise only the tail went


def test_the_worker_steps_applies_and_quits_on_command() -> None:
    exp = Experiment()
    sock, thread, reader = serve(WorkerInit(exp))
    seen: list = []
    first = until(sock, reader, "snapshot", seen)
    assert first[1].step == 0 and len(first[2].tail) == 0
    sock.sendall(encode(("step", 30)))
    snap = until(sock, reader, "snapshot", seen)[1]
    assert snap.step == 30
    expected = Trainer(exp)
    expected.train(30)
    for w, e in zip(snap.weights, expected.network.weights, strict=True):
        np.testing.assert_array_equal(w, e)  # the same numbers as the core alone
    sock.sendall(encode(("apply", replace(exp, hyper=Hyper(learning_rate=0.1)), "hyper",
                         None, False)))
    assert until(sock, reader, "applied", seen)
    assert until(sock, reader, "snapshot", seen)[1].learning_rate == 0.1
    quit_worker(sock, thread)


def test_the_worker_ends_when_the_gui_closes_its_end() -> None:
    sock, thread, reader = serve(WorkerInit(Experiment()))
    until(sock, reader, "snapshot", [])
    sock.sendall(encode(("play",)))
    until(sock, reader, "state", [])
    sock.close()  # what the kernel does when the GUI is killed
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_worker_init_pickles_with_its_history() -> None:
    trainer = Trainer(Experiment())
    trainer.train(100)
    init = WorkerInit(trainer.to_experiment(), history=trainer.history.arrays(), speed="max")
    back = pickle.loads(pickle.dumps(init))
    np.testing.assert_array_equal(back.history.train_loss, init.history.train_loss)
    assert back.speed == "max" and back.experiment == init.experiment
