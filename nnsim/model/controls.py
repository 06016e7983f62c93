"""The registries of presentation settings, for the GUI (which imports ``model``, not ``core``).

See :mod:`nnsim.core.controls` (hideable panel controls) and :mod:`nnsim.core.pace`
(lecture paces): they are defined in ``core`` because the experiment document
validates ``hidden_controls`` and ``pace`` against them, and ``core`` never imports
``model``.
"""

from __future__ import annotations

from nnsim.core.controls import CONTROLS
from nnsim.core.pace import DEFAULT_PACE, PACES, Pace, steps_per_frame

__all__ = ["CONTROLS", "DEFAULT_PACE", "PACES", "Pace", "steps_per_frame"]
