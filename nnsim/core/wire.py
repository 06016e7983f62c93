"""Length-prefixed messages over a stream socket, readable without ever blocking.

The training process and the GUI talk over a socket pair. ``multiprocessing``'s
``Connection`` reads a whole message in one blocking call, so a reader that is woken
by the first bytes of a large snapshot would wait for the writer to finish it. Here
the reader takes whatever bytes have arrived (:meth:`FrameReader.feed`) and returns
the messages that are complete; the rest waits in its buffer.

A frame is an 8-byte little-endian length and that many bytes of payload (a pickle).
"""

from __future__ import annotations

import pickle
import socket
import struct
from typing import Any

__all__ = ["FrameReader", "MAX_FRAME", "encode"]

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
