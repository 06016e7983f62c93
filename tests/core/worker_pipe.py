"""The training process's command loop served in a thread over a socket pair, for core
tests that speak its protocol without a process or Qt (``from worker_pipe import ...``)."""

from __future__ import annotations

import socket
import threading

from nnsim.core.wire import FrameReader, encode
from nnsim.core.worker import Worker, WorkerInit

#: How long a test waits for the worker's next message.
RECEIVE_TIMEOUT_S = 20.0


def serve(init: WorkerInit) -> tuple[socket.socket, threading.Thread, FrameReader]:
    """Start a :class:`Worker` on ``init`` in a thread; returns the test's end of the
    pipe, the thread and the reader of what the worker sends. The worker's end is
    closed when its loop ends."""
    ours, theirs = socket.socketpair()
    worker = Worker(theirs, init, FrameReader())

    def run() -> None:
        try:
            worker.run()
        finally:
            theirs.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return ours, thread, FrameReader()


def until(sock: socket.socket, reader: FrameReader, name: str, seen: list) -> tuple:
    """The next message called ``name``, taken out of ``seen`` (what was read but not
    yet taken; other messages stay there)."""
    sock.settimeout(RECEIVE_TIMEOUT_S)
    while True:
        for msg in seen:
            if msg[0] == name:
                seen.remove(msg)
                return msg
        data = sock.recv(1 << 20)
        assert data, "the worker closed the connection"
        seen += reader.feed(data)


def quit_worker(sock: socket.socket, thread: threading.Thread) -> None:
    """Say ``quit`` as the GUI does; the worker's thread must end. Closes ``sock``."""
    try:
        sock.sendall(encode(("quit",)))
        thread.join(timeout=10)
        assert not thread.is_alive(), "the worker did not quit"
    finally:
        sock.close()
