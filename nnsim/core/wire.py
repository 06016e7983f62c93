"""Length-prefixed messages over a stream socket, readable without ever blocking.

The training process and the GUI talk over a socket pair. ``multiprocessing``'s
``Connection`` reads a whole message in one blocking call, so a reader that is woken
by the first bytes of a large snapshot would wait for the writer to finish it. Here
the reader takes whatever bytes have arrived (:meth:`FrameReader.feed`) and returns
the messages that are complete; the rest waits in its buffer.

A frame is an 8-byte little-endian length and that many bytes of payload (a pickle).
"""

from __future__ import annotations

import fcntl
import pickle
import queue
import socket
import struct
import sys
import termios
import threading
from typing import Any

__all__ = ["FrameReader", "MAX_FRAME", "Sender", "encode", "unread_bytes"]

_HEADER = struct.Struct("<Q")
#: Refuse frames above this (bytes): a corrupted length must not allocate the machine.
MAX_FRAME = 1 << 31


def encode(obj: Any) -> bytes:
    """``obj`` pickled and framed, ready for ``sendall``."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(payload)) + payload


class FrameReader:
    """Reassembles frames from the bytes a socket delivers, in whatever pieces."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[Any]:
        """Add received bytes; return the objects of the frames now complete, in order."""
        self._buf += data
        out = []
        buf = self._buf
        start = 0
        while len(buf) - start >= _HEADER.size:
            (n,) = _HEADER.unpack_from(buf, start)
            if n > MAX_FRAME:
                raise ValueError(f"frame of {n} bytes: the stream is corrupt")
            end = start + _HEADER.size + n
            if len(buf) < end:
                break
            out.append(pickle.loads(memoryview(buf)[start + _HEADER.size : end]))
            start = end
        if start:
            del buf[:start]
        return out

    def read_available(self, sock: socket.socket) -> tuple[list[Any], bool]:
        """Read what ``sock`` holds now, without waiting; return (objects, closed).

        The socket may be a blocking one that another thread writes to: each read
        asks not to wait (``MSG_DONTWAIT``) instead of switching the socket to
        non-blocking mode, which would change it for the writer too. ``closed`` is
        True when the other end has closed the socket (or it failed): no more frames
        will come.
        """
        out: list[Any] = []
        while True:
            try:
                data = sock.recv(1 << 20, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return out, False
            except OSError:
                return out, True
            if not data:
                return out, True
            out += self.feed(data)


def unread_bytes(sock: socket.socket) -> int:
    """Bytes written to ``sock`` that the other end has not read yet (0 if unknown)."""
    try:
        out = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    except OSError:  # a system without the query: the caller's other pacing applies
        return 0
    return int.from_bytes(out, sys.byteorder, signed=True)


class Sender(threading.Thread):
    """Writes framed messages to a socket without ever blocking the caller.

    A message goes out at once with a non-blocking send when nothing is queued and the
    socket takes it whole (commands, acknowledgements, and a snapshot that fits the
    send buffer); only what the socket cannot take waits for this thread, whose
    blocking write releases the GIL. Waking the thread for every message instead would
    cost the caller a hand-over of the GIL each time, which on a busy 2-core machine
    means waiting for the scheduler to run this thread.

    Both ends use it: the GUI for its commands, the training process for its messages.
    ``put(None)`` ends the thread after what is queued; :attr:`broken` turns true when
    the other end has gone.
    """

    def __init__(self, sock: socket.socket, name: str) -> None:
        super().__init__(name=name, daemon=True)
        self._sock = sock
        self._queue: queue.SimpleQueue[tuple[bytes, bool] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._busy = False  # this thread holds bytes not yet written: keep the order
        self._counted_put = 0  # written by the caller's thread only
        self._counted_sent = 0  # written under the lock
        self.broken = False

    def put(self, data: bytes | None, counted: bool = False) -> None:
        """Send ``data`` (framed bytes) or queue what the socket does not take at once.

        ``counted`` messages (the worker's snapshots) are counted in :attr:`unsent`.
        """
        if data is None:
            self._queue.put(None)
            return
        if counted:
            self._counted_put += 1
        with self._lock:
            if not self._busy:
                try:
                    sent = self._sock.send(data, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    sent = 0
                except OSError:
                    self.broken = True  # the other end went away
                    return
                if sent == len(data):
                    self._counted_sent += counted
                    return
                data = data[sent:]
            self._busy = True
            self._queue.put((data, counted))

    @property
    def unsent(self) -> int:
        """Counted messages handed to :meth:`put` and not yet written to the socket."""
        return self._counted_put - self._counted_sent

    def run(self) -> None:
        while (item := self._queue.get()) is not None:
            data, counted = item
            try:
                self._sock.sendall(data)
            except OSError:
                self.broken = True  # the other end went away
                return
            with self._lock:
                self._counted_sent += counted
                if self._queue.empty():
                    self._busy = False
