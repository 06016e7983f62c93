"""Which Python functions Qt's event loop calls into.

While training runs, each such call has to win the GIL back from the training thread,
so the views keep them few; these helpers let a test count them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Entry:
    """A Python function entered from Qt: where it is defined and whose method it is."""

    path: str
    function: str
    owner: str  # class name of its ``self`` ("NoneType" for a plain function)

    @property
    def file(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


def calls_from_event_loop(pump: Callable[..., object], *args: object) -> list[Entry]:
    """Run ``pump(*args)``; return each Python function Qt called while it ran, in order.

    ``pump`` must run the event loop itself (``processEvents``, ``QEventLoop.exec``):
    a function entered from Qt is one whose caller is ``pump``'s own frame. What those
    functions call in turn is not listed.
    """
    code = pump.__code__
    entries: list[Entry] = []

    def hook(frame, event, _arg) -> None:
        if event == "call" and frame.f_back is not None and frame.f_back.f_code is code:
            owner = type(frame.f_locals.get("self")).__name__
            entries.append(Entry(frame.f_code.co_filename, frame.f_code.co_name, owner))

    sys.setprofile(hook)
    try:
        pump(*args)
    finally:
        sys.setprofile(None)
    return entries


def process_events(times: int = 4) -> None:
    """Let the event loop handle what is pending (paints included), ``times`` over."""
    for _ in range(times):
        QApplication.processEvents()
