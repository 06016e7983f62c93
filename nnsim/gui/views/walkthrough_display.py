"""What the walkthrough view shows, worked out from the core's walkthrough without widgets.

Which values a step has revealed (:func:`revealed`), the texts the network drawing's
overlay puts on its units (:func:`overlay_texts`), and an update's "old → new" with
just enough decimals to show the change (:func:`update_texts`). The numbers are the
core's (:func:`~nnsim.core.walkthrough.walkthrough`); this module only decides what is
on screen at a step, so :class:`~nnsim.gui.views.walkthrough_view.WalkthroughView`
stays a widget that fills tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nnsim.core.walkthrough import Walkthrough, format_number

__all__ = ["Key", "Revealed", "overlay_texts", "revealed", "update_texts"]

#: A unit of the network drawing: ``(column, unit)``; column 0 = inputs, ``c >= 1`` =
#: weight layer ``c - 1``.
Key = tuple[int, int]

_MINUS = "\u2212"
#: Decimals of an update "old → new" at least, and at most.
_MIN_DECIMALS = 3
_MAX_DECIMALS = 16


def _fixed(v: float, decimals: int) -> str:
    s = f"{v:.{decimals}f}"
    if float(s) == 0.0:
        s = s.lstrip("-")  # no "−0.000"
    return s.replace("-", _MINUS)


def update_texts(old: float, new: float) -> tuple[str, str]:
    """``old`` and ``new`` (a weight before and after one gradient-descent step) as shown.

    Both are rounded to the same number of decimals, chosen from the size of the
    change: at least 3, and enough that values that differ are shown different (so
    a student never sees "0.265 → 0.265"). Equal values get 3 decimals.
    """
    old, new = float(old), float(new)
    if not (math.isfinite(old) and math.isfinite(new)):
        return format_number(old), format_number(new)
    change = abs(new - old)
    decimals = _MIN_DECIMALS
    if change > 0:
        # Rounding to k decimals moves each value by at most half of 10^-k, so two
        # values more than 10^-k apart stay apart; the loop covers log10's rounding.
        decimals = max(decimals, math.floor(-math.log10(change)) + 1)
    while True:
        a, b = _fixed(old, decimals), _fixed(new, decimals)
        if a != b or change == 0 or decimals >= _MAX_DECIMALS:
            break
        decimals += 1
    if a == b and change > 0:  # below 16 decimals: a change too small for fixed digits
        return f"{old:.17g}".replace("-", _MINUS), f"{new:.17g}".replace("-", _MINUS)
    return a, b


@dataclass(frozen=True)
class Revealed:
    """The layers whose values a walk has reached, up to and including its current step.

    Attributes
    ----------
    forward, backward, update : frozenset[int]
        Weight layers whose forward values, backward values or updated weights are known.
    loss : bool
        Whether the loss has been computed.
    """

    forward: frozenset[int]
    backward: frozenset[int]
    update: frozenset[int]
    loss: bool


def revealed(walk: Walkthrough, index: int) -> Revealed:
    """Which layers' forward/backward/update values the walk has reached at step ``index``.

    ``index`` -1 is the sample at the input, before any step.
    """
    fwd: set[int] = set()
    bwd: set[int] = set()
    upd: set[int] = set()
    loss = False
    for step in walk.steps[: index + 1]:
        if step.kind == "forward_layer":
            fwd.add(int(step.layer))
        elif step.kind == "loss":
            loss = True
        elif step.kind == "backward_layer":
            bwd.add(int(step.layer))
        else:
            upd.add(int(step.layer))
    return Revealed(frozenset(fwd), frozenset(bwd), frozenset(upd), loss)


def overlay_texts(walk: Walkthrough, index: int) -> tuple[dict[Key, str], set[Key]]:
    """Values to draw on the network's units at step ``index`` (-1 = the input).

    Returns
    -------
    (texts, emphasis)
        ``texts[(column, unit)]``: column 0 = inputs, ``c >= 1`` = weight layer
        ``c - 1``; ``emphasis``: the units the current step computes.
    """
    seen = revealed(walk, index)
    fwd, bwd = seen.forward, seen.backward
    step = walk.steps[index] if index >= 0 else None
    texts: dict[Key, str] = {}
    emphasis: set[Key] = set()
    for u, v in enumerate(walk.x):
        texts[(0, u)] = f"x {format_number(v)}"
        if step is None:
            emphasis.add((0, u))
    for s in walk.of_kind("forward_layer"):
        i = int(s.layer)
        if i not in fwd:
            continue
        current = step is s
        for u, (z, a) in enumerate(zip(s.arrays["z"], s.arrays["a"], strict=True)):
            texts[(i + 1, u)] = (
                f"z {format_number(z)}\na {format_number(a)}"
                if current
                else f"a {format_number(a)}"
            )
            if current:
                emphasis.add((i + 1, u))
    if step is not None and step.kind == "loss":
        last = len(walk.gradients)
        for u, (a, y) in enumerate(zip(walk.output, walk.y, strict=True)):
            texts[(last, u)] = f"a {format_number(a)}\ny {format_number(y)}"
            emphasis.add((last, u))
    for s in walk.of_kind("backward_layer"):
        i = int(s.layer)
        if i not in bwd:
            continue
        for u, d in enumerate(s.arrays["dL_dz"]):
            texts[(i + 1, u)] = f"dL/dz {format_number(d)}"
            if step is s:
                emphasis.add((i + 1, u))
    return texts, emphasis
