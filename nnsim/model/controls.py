"""The registry of hideable panel controls, for the GUI (which imports ``model``, not ``core``).

See :mod:`nnsim.core.controls`: the names are defined there because the experiment
document validates ``hidden_controls`` against them, and ``core`` never imports ``model``.
"""

from __future__ import annotations

from nnsim.core.controls import CONTROLS

__all__ = ["CONTROLS"]
