"""The NumPy core of nnsim: networks, data, training. No Qt is imported here.

``from nnsim.core import Network, Trainer, Experiment, datasets, collapse``
"""

from nnsim.core import collapse, datasets
from nnsim.core.activations import ACTIVATIONS
from nnsim.core.datasets import DATASETS
from nnsim.core.divergence import DivergedError
from nnsim.core.experiment import (
    CustomData,
    DataSpec,
    Experiment,
    Hyper,
    InvalidExperimentError,
    LayerSpec,
    StopCondition,
    Weights,
)
from nnsim.core.features import FEATURES
from nnsim.core.history import History
from nnsim.core.losses import LOSSES
from nnsim.core.metrics import Metrics
from nnsim.core.network import Network
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.core.pace import PACES
from nnsim.core.snapshot import HistoryArrays, Snapshot
from nnsim.core.trainer import Trainer

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "FEATURES",
    "LOSSES",
    "OPTIMIZERS",
    "PACES",
    "CustomData",
    "DataSpec",
    "DivergedError",
    "Experiment",
    "History",
    "HistoryArrays",
    "Hyper",
    "InvalidExperimentError",
    "LayerSpec",
    "Metrics",
    "Network",
    "Snapshot",
    "StopCondition",
    "Trainer",
    "Weights",
    "collapse",
    "datasets",
]
