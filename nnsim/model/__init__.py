"""The editable document and its change notifications (pure Python, no Qt)."""

from nnsim.model.experiment_model import KINDS, CallbackSignal, ExperimentModel, kind_of_change

__all__ = ["KINDS", "CallbackSignal", "ExperimentModel", "kind_of_change"]
