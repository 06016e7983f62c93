"""The experiment's parts and the limits every reader and editor shares.

A leaf: it imports nothing of nnsim's but :mod:`nnsim.core.messages`, so the data sets,
the CSV reader and the experiment document can all use the same limits and value types
without importing each other (``datasets`` needs :class:`CustomData` and the limits;
``experiment`` needs the data-set registry).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnsim.core.messages import QT_TRANSLATE_NOOP

__all__ = [
    "MAX_BATCH",
    "MAX_CLASSES",
    "MAX_CUSTOM_POINTS",
    "MAX_DATA_VALUE",
    "MAX_HIDDEN_LAYERS",
    "MAX_JSON_CHARS",
    "MAX_SAMPLES",
    "MAX_SEED",
    "MAX_STEP",
    "MAX_TITLE_CHARS",
    "MAX_WIDTH",
    "MIN_SAMPLES",
    "REGULARIZATIONS",
    "REGULARIZATION_LABELS",
    "CustomData",
    "DataSpec",
    "Hyper",
    "LayerSpec",
    "StopCondition",
    "Weights",
]

# Limits of the editable document (the GUI's limits). The core's Network accepts any
# size; a *file* must stay within these so a hostile file cannot make us allocate
# gigabytes before we notice.
MAX_HIDDEN_LAYERS = 10
MAX_WIDTH = 16
MAX_SAMPLES = 20_000
MIN_SAMPLES = 4
MAX_CUSTOM_POINTS = 20_000
MAX_CLASSES = 8
MAX_JSON_CHARS = 20_000_000
MAX_BATCH = MAX_SAMPLES
MAX_SEED = 2**32 - 1
#: Largest training step a document holds, and longest title (the autosave's note obeys
#: the same bounds).
MAX_STEP = 10**12
MAX_TITLE_CHARS = 500
REGULARIZATIONS = ("none", "l1", "l2")
#: Display labels of :data:`REGULARIZATIONS` ("none" is translatable; L1 and L2 are names).
REGULARIZATION_LABELS: dict[str, str] = {
    "none": QT_TRANSLATE_NOOP("Regularization", "none"),
    "l1": "L1",
    "l2": "L2",
}
#: The one range rule for data values, wherever they come from (a CSV cell, the points of
#: an experiment file, drawn points): |value| <= 1e9. Beyond it x², sin and the plots stop
#: meaning anything (pyqtgraph draws broken axes near the float64 limit).
MAX_DATA_VALUE = 1e9


# --------------------------------------------------------------------------- parts


@dataclass(frozen=True)
class LayerSpec:
    """One hidden layer: its width (number of neurons) and activation name."""

    width: int = 4
    activation: str = "tanh"


@dataclass(frozen=True, eq=False)
class CustomData:
    """Points drawn by hand or imported from CSV (used when ``DataSpec.dataset == "custom"``).

    ``x`` has shape (n, dims) with dims 1 or 2; ``y`` has shape (n,): class index
    (0..n_classes-1) for classification, a real value for regression.
    """

    x: np.ndarray
    y: np.ndarray
    task: str = "classification"  # or "regression"
    n_classes: int = 2

    def __post_init__(self) -> None:
        x = np.array(self.x, dtype=np.float64, copy=True)
        y = np.array(self.y, dtype=np.float64, copy=True)
        if x.ndim == 1:
            x = x[:, None]
        x.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    @property
    def dims(self) -> int:
        return int(self.x.shape[1])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CustomData):
            return NotImplemented
        return (
            self.task == other.task
            and self.n_classes == other.n_classes
            and np.array_equal(self.x, other.x)
            and np.array_equal(self.y, other.y)
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class DataSpec:
    """Which data set, how noisy, how many samples, how they are split."""

    dataset: str = "circle"
    noise: float = 0.0  # 0..0.5, as a fraction of the data's scale (TF Playground's 0..50 %)
    n_samples: int = 500
    train_fraction: float = 0.5
    n_classes: int = 3  # used by multi-class generators (blobs)
    seed: int = 0  # the data's own seed: new weights never reshuffle the data
    custom: CustomData | None = None


@dataclass(frozen=True)
class Hyper:
    """Hyper-parameters. Changing them while training applies from the next step."""

    learning_rate: float = 0.03
    loss: str = "bce"
    optimizer: str = "sgd"
    momentum: float = 0.9  # used by "momentum" (and as beta1 by "adam")
    regularization: str = "none"  # none | l1 | l2
    reg_rate: float = 0.0
    batch_size: int = 10
    init: str = "auto"  # auto = glorot for sigmoid/tanh/linear, he for the relu family
    init_value: float = 0.1  # used by the "constant" initialiser


@dataclass(frozen=True)
class StopCondition:
    """Optional automatic stop, so a recorded lecture halts at the same place every take."""

    epoch: int | None = None
    test_loss_below: float | None = None


@dataclass(frozen=True, eq=False)
class Weights:
    """Trained parameters: ``W[i]`` (fan_in, fan_out) and ``b[i]`` (fan_out,), read-only copies."""

    W: tuple[np.ndarray, ...]
    b: tuple[np.ndarray, ...]

    def __post_init__(self) -> None:
        ws = []
        bs = []
        for w in self.W:
            a = np.array(w, dtype=np.float64, copy=True)
            a.setflags(write=False)
            ws.append(a)
        for v in self.b:
            a = np.array(v, dtype=np.float64, copy=True)
            a.setflags(write=False)
            bs.append(a)
        object.__setattr__(self, "W", tuple(ws))
        object.__setattr__(self, "b", tuple(bs))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Weights):
            return NotImplemented
        return (
            len(self.W) == len(other.W)
            and len(self.b) == len(other.b)
            and all(np.array_equal(a, b) for a, b in zip(self.W, other.W, strict=True))
            and all(np.array_equal(a, b) for a, b in zip(self.b, other.b, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]
