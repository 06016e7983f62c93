"""Trainers that fail on purpose, for the training-process tests.

The training process unpickles a ``trainer_factory`` by reference, so these live in
a module it can import (the GUI's ``sys.path`` is handed to it).
"""

from __future__ import annotations

import os
import signal

from nnsim.core.trainer import Trainer


class RaisingTrainer(Trainer):
    """Raises inside ``train`` (a bug in the core): the worker reports and pauses."""

    def train(self, n: int = 1) -> int:
        raise RuntimeError("boom in the trainer")


class DyingTrainer(Trainer):
    """Kills its own process once training passes step 300 (a crash, not an exception)."""

    def train(self, n: int = 1) -> int:
        done = super().train(n)
        if self.step_count > 300:
            os.kill(os.getpid(), signal.SIGKILL)
        return done
