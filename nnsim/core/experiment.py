"""The experiment document: everything needed to reproduce a run.

An :class:`Experiment` is immutable (frozen dataclasses, tuples, read-only arrays).
Edits make a new experiment with :func:`dataclasses.replace`, so the training
thread can never read a half-updated one and undo can keep old versions as they are.

JSON is the only file format (no pickle). :meth:`Experiment.from_json` validates
everything -- names against the registries, numbers against bounds, weight shapes
against the architecture -- *before* allocating anything sized by the file, and
raises :class:`InvalidExperimentError` naming the offending field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.controls import CONTROLS
from nnsim.core.datasets import DATASETS
from nnsim.core.features import FEATURES
from nnsim.core.initializers import INITIALIZERS
from nnsim.core.losses import LOSSES
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.core.pace import DEFAULT_PACE, PACES
from nnsim.core.specs import (
    MAX_BATCH,
    MAX_CLASSES,
    MAX_CUSTOM_POINTS,
    MAX_DATA_VALUE,
    MAX_HIDDEN_LAYERS,
    MAX_JSON_CHARS,
    MAX_SAMPLES,
    MAX_SEED,
    MAX_STEP,
    MAX_TITLE_CHARS,
    MAX_WIDTH,
    MIN_SAMPLES,
    REGULARIZATION_LABELS,
    REGULARIZATIONS,
    CustomData,
    DataSpec,
    Hyper,
    LayerSpec,
    StopCondition,
    Weights,
)

SCHEMA_VERSION = 1

# The parts and limits live in the leaf module nnsim.core.specs (so datasets can use them
# without importing this module); they are re-exported here, the document's home.
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
    "SCHEMA_VERSION",
    "CustomData",
    "DataSpec",
    "Experiment",
    "Hyper",
    "InvalidExperimentError",
    "LayerSpec",
    "StopCondition",
    "Weights",
    "default_head",
]

class InvalidExperimentError(ValueError):
    """An experiment (file or edit) is invalid.

    Attributes
    ----------
    field : str
        Dotted path of the offending value, e.g. ``"hidden[2].activation"``.
    reason : str
        What is wrong with it, in words a lecturer understands: a
        :class:`~nnsim.core.messages.Message` (English text that the GUI can show
        translated with ``localize``) for every reason the core writes.
    message : str
        The whole message, ``"field: reason"`` (or the reason alone without a field),
        as a Message; ``str(exc)`` is its English text.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        self.message: str = (
            QT_TRANSLATE_NOOP("Experiment", "{field}: {reason}").format(field=field, reason=reason)
            if field
            else reason
        )
        super().__init__(self.message)

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross the worker's pipe: rebuild from (field, reason), not the message.
        return (type(self), (self.field, self.reason))


# --------------------------------------------------------------------------- experiment


def default_head(task: str, n_classes: int) -> tuple[str, str]:
    """The (loss, output activation) pair that suits a task.

    Binary classification: binary cross-entropy on a sigmoid output (labels 0/1);
    k classes: softmax cross-entropy; regression: MSE on a linear output.
    """
    if task == "regression":
        return "mse", "linear"
    if n_classes > 2:
        return "softmax_ce", "softmax"
    return "bce", "sigmoid"


@dataclass(frozen=True, eq=False)
class Experiment:
    """Everything needed to reproduce a run.

    The default is TF Playground's: circle data, inputs x1 and x2, two hidden tanh
    layers of 4 and 2 neurons, one output (2-4-2-1), learning rate 0.03, batch 10,
    one epoch per display frame.
    """

    data: DataSpec = field(default_factory=DataSpec)
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[LayerSpec, ...] = (LayerSpec(4, "tanh"), LayerSpec(2, "tanh"))
    output_activation: str = "sigmoid"
    hyper: Hyper = field(default_factory=Hyper)
    stop: StopCondition = field(default_factory=StopCondition)
    seed: int = 0
    weights: Weights | None = None
    step: int = 0
    title: str = ""
    #: Panel controls a lesson hides (names from :data:`~nnsim.core.controls.CONTROLS`).
    hidden_controls: tuple[str, ...] = ()
    #: Lecture pace, how much training one display frame shows (a
    #: :data:`~nnsim.core.pace.PACES` name). Like :attr:`hidden_controls` it is a
    #: presentation setting: changing it never resets or retrains anything.
    pace: str = DEFAULT_PACE

    def __post_init__(self) -> None:
        # Accept lists from callers; store tuples so the document stays immutable.
        object.__setattr__(self, "features", tuple(self.features))
        object.__setattr__(self, "hidden", tuple(self.hidden))
        if not isinstance(self.hidden_controls, str):
            # A bare string would become a tuple of letters; validate() refuses it instead.
            object.__setattr__(self, "hidden_controls", tuple(self.hidden_controls))

    # -- derived --------------------------------------------------------------
    @property
    def task(self) -> str:
        """"classification" or "regression"."""
        if self.data.dataset == "custom" and self.data.custom is not None:
            return self.data.custom.task
        info = DATASETS.get(self.data.dataset)
        return info.task if info is not None else "classification"

    @property
    def n_classes(self) -> int:
        """Number of classes (1 for regression)."""
        if self.task == "regression":
            return 1
        if self.data.dataset == "custom" and self.data.custom is not None:
            return self.data.custom.n_classes
        info = DATASETS[self.data.dataset]
        return self.data.n_classes if info.multiclass else 2

    @property
    def n_outputs(self) -> int:
        k = self.n_classes
        return k if k > 2 else 1

    @property
    def layer_sizes(self) -> list[int]:
        """[n_inputs, hidden widths..., n_outputs]."""
        return [len(self.features), *(h.width for h in self.hidden), self.n_outputs]

    @property
    def activations(self) -> list[str]:
        """One activation per weight layer: the hidden ones, then the output's."""
        return [*(h.activation for h in self.hidden), self.output_activation]

    def with_weights(self, W: Sequence[np.ndarray], b: Sequence[np.ndarray], step: int = 0):
        """A copy carrying trained parameters (checked against the architecture)."""
        exp = replace(self, weights=Weights(tuple(W), tuple(b)), step=int(step))
        exp.validate()
        return exp

    def without_weights(self) -> Experiment:
        return replace(self, weights=None, step=0)

    # -- equality --------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Experiment):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self))

    __hash__ = None  # type: ignore[assignment]

    # -- validation -------------------------------------------------------------
    def validate(self) -> Experiment:
        """Raise :class:`InvalidExperimentError` if anything is out of bounds; return self."""
        d = self.data
        if d.dataset != "custom" and d.dataset not in DATASETS:
            _bad(
                "data.dataset",
                QT_TRANSLATE_NOOP("Experiment", "unknown data set {name}; known: {known}").format(
                    name=repr(d.dataset), known=_names(DATASETS)
                ),
            )
        if d.dataset == "custom" and d.custom is None:
            _bad(
                "data.custom", QT_TRANSLATE_NOOP("Experiment", "the 'custom' data set needs points")
            )
        _check_real("data.noise", d.noise, 0.0, 0.5)
        _check_int("data.n_samples", d.n_samples, MIN_SAMPLES, MAX_SAMPLES)
        _check_real("data.train_fraction", d.train_fraction, 0.1, 0.9)
        _check_int("data.n_classes", d.n_classes, 2, MAX_CLASSES)
        _check_int("data.seed", d.seed, 0, MAX_SEED)
        if d.custom is not None:
            _validate_custom(d.custom)

        if not self.features:
            _bad(
                "features", QT_TRANSLATE_NOOP("Experiment", "at least one input feature must be on")
            )
        if len(set(self.features)) != len(self.features):
            _bad("features", QT_TRANSLATE_NOOP("Experiment", "a feature is listed twice"))
        dims = self.input_dims
        for i, name in enumerate(self.features):
            if name not in FEATURES:
                _bad(
                    f"features[{i}]",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "unknown feature {name}; known: {known}"
                    ).format(name=repr(name), known=_names(FEATURES)),
                )
            if FEATURES[name].dims_required > dims:
                _bad(
                    f"features[{i}]",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "{name} needs 2-D data, this data set is 1-D"
                    ).format(name=name),
                )

        if len(self.hidden) > MAX_HIDDEN_LAYERS:
            _bad(
                "hidden",
                QT_TRANSLATE_NOOP("Experiment", "{n} hidden layers; at most {max}").format(
                    n=len(self.hidden), max=MAX_HIDDEN_LAYERS
                ),
            )
        for i, layer in enumerate(self.hidden):
            if not isinstance(layer, LayerSpec):
                _bad(f"hidden[{i}]", QT_TRANSLATE_NOOP("Experiment", "must be a layer"))
            _check_int(f"hidden[{i}].width", layer.width, 1, MAX_WIDTH)
            if layer.activation not in ACTIVATIONS:
                _bad(
                    f"hidden[{i}].activation",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "unknown activation {name}; known: {known}"
                    ).format(name=repr(layer.activation), known=_names(ACTIVATIONS)),
                )

        h = self.hyper
        if self.output_activation not in OUTPUT_ACTIVATIONS:
            _bad(
                "output_activation",
                QT_TRANSLATE_NOOP(
                    "Experiment", "unknown output activation {name}; known: {known}"
                ).format(name=repr(self.output_activation), known=_names(OUTPUT_ACTIVATIONS)),
            )
        if h.loss not in LOSSES:
            _bad(
                "hyper.loss",
                QT_TRANSLATE_NOOP("Experiment", "unknown loss {name}; known: {known}").format(
                    name=repr(h.loss), known=_names(LOSSES)
                ),
            )
        loss = LOSSES[h.loss]
        if not loss.accepts(self.output_activation):
            _bad(
                "hyper.loss",
                QT_TRANSLATE_NOOP(
                    "Experiment", "{loss} cannot be used with a {activation} output"
                ).format(loss=h.loss, activation=self.output_activation),
            )
        if self.task == "regression" and h.loss != "mse":
            _bad("hyper.loss", QT_TRANSLATE_NOOP("Experiment", "regression needs the mse loss"))
        if self.task == "classification" and self.n_classes > 2 and h.loss != "softmax_ce":
            _bad(
                "hyper.loss",
                QT_TRANSLATE_NOOP("Experiment", "{n} classes need the softmax_ce loss").format(
                    n=self.n_classes
                ),
            )
        if self.task == "classification" and self.n_classes == 2 and h.loss == "softmax_ce":
            _bad(
                "hyper.loss",
                QT_TRANSLATE_NOOP("Experiment", "two classes use bce or mse, not softmax_ce"),
            )
        _check_real("hyper.learning_rate", h.learning_rate, 0.0, 100.0, open_low=True)
        if h.optimizer not in OPTIMIZERS:
            _bad(
                "hyper.optimizer",
                QT_TRANSLATE_NOOP("Experiment", "unknown optimizer {name}; known: {known}").format(
                    name=repr(h.optimizer), known=_names(OPTIMIZERS)
                ),
            )
        _check_real("hyper.momentum", h.momentum, 0.0, 0.9999)
        if h.regularization not in REGULARIZATIONS:
            _bad(
                "hyper.regularization",
                QT_TRANSLATE_NOOP("Experiment", "must be one of {names}").format(
                    names=", ".join(REGULARIZATIONS)
                ),
            )
        _check_real("hyper.reg_rate", h.reg_rate, 0.0, 10.0)
        _check_int("hyper.batch_size", h.batch_size, 1, MAX_BATCH)
        if h.init != "auto" and h.init not in INITIALIZERS:
            _bad(
                "hyper.init",
                QT_TRANSLATE_NOOP(
                    "Experiment", "unknown initialiser {name}; known: {known}"
                ).format(name=repr(h.init), known="auto, " + _names(INITIALIZERS)),
            )
        _check_real("hyper.init_value", h.init_value, -10.0, 10.0)

        if self.stop.epoch is not None:
            _check_int("stop.epoch", self.stop.epoch, 1, 10**9)
        if self.stop.test_loss_below is not None:
            _check_real("stop.test_loss_below", self.stop.test_loss_below, 0.0, 1e6, open_low=True)

        _check_int("seed", self.seed, 0, MAX_SEED)
        _check_int("step", self.step, 0, MAX_STEP)
        if not isinstance(self.title, str) or len(self.title) > MAX_TITLE_CHARS:
            _bad("title", QT_TRANSLATE_NOOP("Experiment", "must be text of at most 500 characters"))
        _check_hidden_controls(self.hidden_controls)
        _check_pace(self.pace)

        if self.weights is not None:
            sizes = self.layer_sizes
            n = len(sizes) - 1
            if len(self.weights.W) != n or len(self.weights.b) != n:
                _bad(
                    "weights",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "expected {n} layers of weights for this architecture"
                    ).format(n=n),
                )
            for i in range(n):
                w, b = self.weights.W[i], self.weights.b[i]
                if w.shape != (sizes[i], sizes[i + 1]):
                    _bad(f"weights[{i}].W", _shape_reason(w.shape, (sizes[i], sizes[i + 1])))
                if b.shape != (sizes[i + 1],):
                    _bad(f"weights[{i}].b", _shape_reason(b.shape, (sizes[i + 1],)))
                if not np.all(np.isfinite(w)):
                    _bad(f"weights[{i}].W", _NONFINITE)
                if not np.all(np.isfinite(b)):
                    _bad(f"weights[{i}].b", _NONFINITE)
        return self

    @property
    def input_dims(self) -> int:
        """Dimensions of the raw data (1 for the 1-D regression sets, else 2)."""
        if self.data.dataset == "custom" and self.data.custom is not None:
            return self.data.custom.dims
        info = DATASETS.get(self.data.dataset)
        return info.dims if info is not None else 2

    # -- JSON -------------------------------------------------------------------
    def to_dict(self, include_weights: bool = True) -> dict[str, Any]:
        d = self.data
        data: dict[str, Any] = {
            "dataset": d.dataset,
            "noise": _plain(d.noise),
            "n_samples": _plain(d.n_samples),
            "train_fraction": _plain(d.train_fraction),
            "n_classes": _plain(d.n_classes),
            "seed": _plain(d.seed),
        }
        if d.custom is not None:
            data["custom"] = {
                "task": d.custom.task,
                "n_classes": _plain(d.custom.n_classes),
                "x": d.custom.x.tolist(),
                "y": d.custom.y.tolist(),
            }
        out: dict[str, Any] = {
            "format": "nnsim-experiment",
            "schema_version": SCHEMA_VERSION,
            "title": self.title,
            "seed": _plain(self.seed),
            "data": data,
            "features": list(self.features),
            "hidden": [
                {"width": _plain(h.width), "activation": h.activation} for h in self.hidden
            ],
            "output_activation": self.output_activation,
            "hyper": {f.name: _plain(getattr(self.hyper, f.name)) for f in fields(self.hyper)},
            "stop": {
                "epoch": _plain(self.stop.epoch),
                "test_loss_below": _plain(self.stop.test_loss_below),
            },
        }
        out["pace"] = self.pace
        if self.hidden_controls:
            # Only written when set, so files of experiments hiding nothing stay as before.
            out["hidden_controls"] = list(self.hidden_controls)
        # The step belongs with the weights, but is written whenever weights may be, so an
        # experiment carrying a step without weights still survives a round trip.
        if include_weights:
            out["step"] = _plain(self.step)
        if include_weights and self.weights is not None:
            out["weights"] = [
                {"W": w.tolist(), "b": b.tolist()}
                for w, b in zip(self.weights.W, self.weights.b, strict=True)
            ]
        return out

    def to_json(self, include_weights: bool = True, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(include_weights), indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, obj: Any) -> Experiment:
        """Build and validate an experiment from parsed JSON; raise InvalidExperimentError."""
        try:
            return _from_dict(obj).validate()
        except InvalidExperimentError:
            raise
        except RecursionError:
            raise InvalidExperimentError("", _TOO_DEEP) from None
        except (TypeError, ValueError, OverflowError, MemoryError) as exc:
            # Anything the typed readers did not catch is still the file's fault.
            raise InvalidExperimentError(
                "",
                QT_TRANSLATE_NOOP("Experiment", "malformed experiment ({error})").format(error=exc),
            ) from None

    @classmethod
    def from_json(cls, text: str | bytes) -> Experiment:
        """Parse JSON text; raise InvalidExperimentError naming the field on any problem."""
        if isinstance(text, bytes | bytearray):
            if len(text) > MAX_JSON_CHARS:
                raise InvalidExperimentError("", _TOO_LARGE)
            try:
                text = bytes(text).decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InvalidExperimentError(
                    "",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "the file is not UTF-8 text (byte {byte})"
                    ).format(byte=exc.start),
                ) from None
        if not isinstance(text, str):
            raise InvalidExperimentError("", QT_TRANSLATE_NOOP("Experiment", "expected JSON text"))
        if len(text) > MAX_JSON_CHARS:
            raise InvalidExperimentError("", _TOO_LARGE)
        if text.startswith("\ufeff"):
            text = text[1:]
        try:
            # NaN / Infinity literals are read as floats on purpose: the typed readers
            # reject every non-finite number with the path of the field that holds it
            # ("weights[0].W"), which a parse-level error could not name.
            # parse_int: an integer too long for int() becomes a marker the typed readers
            # refuse with the field's name (Python's own error names no field and tells
            # a lecturer to call sys.set_int_max_str_digits()).
            obj = json.loads(
                text,
                parse_constant=float,
                parse_int=_parse_int,
                object_pairs_hook=_unique_keys,
            )
        except RecursionError:
            raise InvalidExperimentError("", _TOO_DEEP) from None
        except _DuplicateKey as exc:
            # Silently letting the last one win loaded "learning_rate": 0.03 then 99 as 99.
            raise InvalidExperimentError(
                _short(exc.key),
                QT_TRANSLATE_NOOP(
                    "Experiment", "appears twice in the same object; keep only one of them"
                ),
            ) from None
        except json.JSONDecodeError as exc:
            raise InvalidExperimentError(
                "",
                QT_TRANSLATE_NOOP(
                    "Experiment", "not valid JSON at line {line}, column {column}: {error}"
                ).format(line=exc.lineno, column=exc.colno, error=exc.msg),
            ) from None
        except ValueError as exc:  # an integer with more digits than Python converts
            raise InvalidExperimentError(
                "", QT_TRANSLATE_NOOP("Experiment", "the file holds an unreadable number ({error})")
                .format(error=exc)
            ) from None
        return cls.from_dict(obj)


# --------------------------------------------------------------------------- readers

#: Field names in messages are cut to this many characters.
_MAX_KEY_CHARS = 60


def _short(key: str) -> str:
    """``key`` as a message may show it: at most :data:`_MAX_KEY_CHARS` characters."""
    return key if len(key) <= _MAX_KEY_CHARS else key[: _MAX_KEY_CHARS - 1] + "…"


#: Longest integer literal converted: float64 ends near 1.8e308 (309 digits), and every
#: integer field is bounded far below that, so a longer one can only be refused. Python
#: itself refuses more than 4,300 digits, naming no field.
_MAX_INT_DIGITS = 400


class _LongNumber:
    """An integer literal of more than :data:`_MAX_INT_DIGITS` digits, never converted.

    The typed readers refuse it naming the field that holds it; anywhere else its repr
    (through :func:`_show`) says what it is instead of printing thousands of digits.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<a number of {self.digits:,} digits>"


def _parse_int(literal: str) -> int | _LongNumber:
    """``json.loads``' integer hook: int, or :class:`_LongNumber` for an overlong one."""
    digits = len(literal) - literal.startswith("-")
    if digits > _MAX_INT_DIGITS:
        return _LongNumber(digits)
    return int(literal)


def _too_long(value: _LongNumber) -> Message:
    return QT_TRANSLATE_NOOP(
        "Experiment", "a number with {digits:,} digits is far too large"
    ).format(digits=value.digits)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``' object hook: a dict, refusing a key given twice."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out



def _plain(value: Any) -> Any:
    """A JSON-serialisable Python scalar for numpy ones (validate() accepts np.integer)."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _names(registry: Mapping[str, Any]) -> str:
    return ", ".join(registry)


def _bad(field: str, reason: str) -> None:
    raise InvalidExperimentError(field, reason)


# Reasons used in several places (each is one translatable text).
_NONFINITE = QT_TRANSLATE_NOOP("Experiment", "contains NaN or infinity")
_FINITE = QT_TRANSLATE_NOOP("Experiment", "must be a finite number")
_TOO_LARGE_NUMBER = QT_TRANSLATE_NOOP("Experiment", "number is too large")
_TOO_LARGE = QT_TRANSLATE_NOOP("Experiment", "the file is too large to be an experiment")
_TOO_DEEP = QT_TRANSLATE_NOOP("Experiment", "the file is nested too deeply")
_CUSTOM_TASK = QT_TRANSLATE_NOOP("Experiment", "must be 'classification' or 'regression'")


def _whole_number(value: Any) -> Message:
    return QT_TRANSLATE_NOOP("Experiment", "must be a whole number, got {value}").format(
        value=_show(value)
    )


def _a_number(value: Any) -> Message:
    return QT_TRANSLATE_NOOP("Experiment", "must be a number, got {value}").format(
        value=_show(value)
    )


def _shape_reason(shape: tuple[int, ...], expected: tuple[int, ...]) -> Message:
    return QT_TRANSLATE_NOOP("Experiment", "shape {shape}, expected {expected}").format(
        shape=shape, expected=expected
    )


def _check_int(field: str, value: Any, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        _bad(field, _whole_number(value))
    if not lo <= value <= hi:
        _bad(
            field,
            QT_TRANSLATE_NOOP("Experiment", "must be between {lo} and {hi}, got {value}").format(
                lo=lo, hi=hi, value=value
            ),
        )


def _check_real(
    field: str, value: Any, lo: float, hi: float, open_low: bool = False
) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        _bad(field, _a_number(value))
    v = float(value)
    if not math.isfinite(v):
        _bad(field, _FINITE)
    if v < lo or v > hi or (open_low and v <= lo):
        if open_low:
            reason = QT_TRANSLATE_NOOP(
                "Experiment", "must be above {lo} and at most {hi}, got {value:g}"
            )
        else:
            reason = QT_TRANSLATE_NOOP(
                "Experiment", "must be at least {lo} and at most {hi}, got {value:g}"
            )
        _bad(field, reason.format(lo=lo, hi=hi, value=v))


def _show(value: Any) -> str:
    s = repr(value)
    return s if len(s) <= 40 else s[:37] + "..."


class _Reader:
    """Typed access to one JSON object, naming the field path in every error."""

    def __init__(self, obj: Any, path: str, allowed: Sequence[str]) -> None:
        if not isinstance(obj, dict):
            _bad(
                path or "(top level)",
                QT_TRANSLATE_NOOP("Experiment", "must be an object, got {type}").format(
                    type=type(obj).__name__
                ),
            )
        unknown = [k for k in obj if k not in allowed]
        if unknown:
            key = _short(str(unknown[0]))  # a 1 MB key must not make a 1 MB message
            where = f"{path}.{key}" if path else key
            _bad(where, QT_TRANSLATE_NOOP("Experiment", "unknown field (check the spelling)"))
        self.obj = obj
        self.path = path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.obj

    def str(self, key: str, default: str) -> str:
        v = self.obj.get(key, default)
        if not isinstance(v, str):
            _bad(
                self.where(key),
                QT_TRANSLATE_NOOP("Experiment", "must be text, got {value}").format(
                    value=_show(v)
                ),
            )
        if len(v) > 500:
            _bad(self.where(key), QT_TRANSLATE_NOOP("Experiment", "text is too long"))
        return v

    def int(self, key: str, default: int | None, optional: bool = False) -> Any:
        v = self.obj.get(key, default)
        if v is None and optional:
            return None
        if isinstance(v, _LongNumber):
            _bad(self.where(key), _too_long(v))
        if isinstance(v, bool) or not isinstance(v, int):
            _bad(self.where(key), _whole_number(v))
        if abs(v) > 10**15:
            _bad(self.where(key), _TOO_LARGE_NUMBER)
        return v

    def real(self, key: str, default: float | None, optional: bool = False) -> Any:
        v = self.obj.get(key, default)
        if v is None and optional:
            return None
        if isinstance(v, _LongNumber):
            _bad(self.where(key), _too_long(v))
        if isinstance(v, bool) or not isinstance(v, int | float):
            _bad(self.where(key), _a_number(v))
        if isinstance(v, int) and abs(v) > 10**15:
            _bad(self.where(key), _TOO_LARGE_NUMBER)
        f = float(v)
        if not math.isfinite(f):
            _bad(self.where(key), _FINITE)
        return f

    def list(self, key: str, max_len: int) -> list[Any]:
        v = self.obj.get(key)
        if not isinstance(v, list):
            _bad(
                self.where(key),
                QT_TRANSLATE_NOOP("Experiment", "must be a list, got {value}").format(
                    value=_show(v)
                ),
            )
        if len(v) > max_len:
            _bad(self.where(key), _too_many_entries(len(v), max_len))
        return v


def _index(k: int, shape: tuple[int, ...]) -> str:
    """``[k]``, or ``[row][column]`` of the k-th entry (row-major) of a 2-D ``shape``."""
    return f"[{k}]" if len(shape) == 1 else f"[{k // shape[1]}][{k % shape[1]}]"


def _too_many_entries(n: int, max_len: int) -> Message:
    return QT_TRANSLATE_NOOP("Experiment", "has {n} entries; at most {max}").format(
        n=n, max=max_len
    )


def _numeric_array(obj: Any, path: str, shape: tuple[int, ...]) -> np.ndarray:
    """A finite float array of exactly ``shape`` from nested lists, checked element-wise.

    The shape is known from the (already validated) architecture, so a file claiming
    a huge array is refused by its outer length before any allocation.
    """
    rows_reason = QT_TRANSLATE_NOOP("Experiment", "expected {n} rows, got {got}")
    numbers_reason = QT_TRANSLATE_NOOP("Experiment", "expected {n} numbers, got {got}")
    if len(shape) == 2:
        if not isinstance(obj, list) or len(obj) != shape[0]:
            got = len(obj) if isinstance(obj, list) else type(obj).__name__
            _bad(path, rows_reason.format(n=shape[0], got=got))
        for r, row in enumerate(obj):
            if not isinstance(row, list) or len(row) != shape[1]:
                got = len(row) if isinstance(row, list) else type(row).__name__
                _bad(f"{path}[{r}]", numbers_reason.format(n=shape[1], got=got))
    else:
        if not isinstance(obj, list) or len(obj) != shape[0]:
            got = len(obj) if isinstance(obj, list) else type(obj).__name__
            _bad(path, numbers_reason.format(n=shape[0], got=got))
    flat = obj if len(shape) == 1 else [v for row in obj for v in row]
    for k, v in enumerate(flat):
        if isinstance(v, _LongNumber) or (isinstance(v, int) and abs(v) > 10**300):
            _bad(path, QT_TRANSLATE_NOOP("Experiment", "entry {k} is too large").format(k=k))
        if isinstance(v, bool) or not isinstance(v, int | float):
            _bad(
                path,
                QT_TRANSLATE_NOOP("Experiment", "entry {k} is not a number ({value})").format(
                    k=k, value=_show(v)
                ),
            )
    arr = np.array(flat, dtype=np.float64).reshape(shape)
    if not np.all(np.isfinite(arr)):
        _bad(path, _NONFINITE)
    return arr


def _from_dict(obj: Any) -> Experiment:
    top = _Reader(
        obj,
        "",
        (
            "format", "schema_version", "title", "seed", "data", "features", "hidden",
            "output_activation", "hyper", "stop", "step", "weights", "hidden_controls", "pace",
        ),
    )
    fmt = top.str("format", "nnsim-experiment")
    if fmt != "nnsim-experiment":
        _bad(
            "format",
            QT_TRANSLATE_NOOP("Experiment", "not an nnsim experiment (format {format})").format(
                format=repr(fmt)
            ),
        )
    version = top.int("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        _bad(
            "schema_version",
            QT_TRANSLATE_NOOP(
                "Experiment", "version {version} is not supported (this nnsim reads {supported})"
            ).format(version=version, supported=SCHEMA_VERSION),
        )
    default = Experiment()

    dd = default.data
    if top.has("data"):
        dr = _Reader(
            top.obj["data"],
            "data",
            ("dataset", "noise", "n_samples", "train_fraction", "n_classes", "seed", "custom"),
        )
        custom = None
        if dr.has("custom") and dr.obj["custom"] is not None:
            custom = _read_custom(dr.obj["custom"])
        data = DataSpec(
            dataset=dr.str("dataset", dd.dataset),
            noise=dr.real("noise", dd.noise),
            n_samples=dr.int("n_samples", dd.n_samples),
            train_fraction=dr.real("train_fraction", dd.train_fraction),
            n_classes=dr.int("n_classes", dd.n_classes),
            seed=dr.int("seed", dd.seed),
            custom=custom,
        )
    else:
        data = dd

    if top.has("features"):
        raw = top.list("features", len(FEATURES))
        for i, f in enumerate(raw):
            if not isinstance(f, str):
                _bad(
                    f"features[{i}]",
                    QT_TRANSLATE_NOOP("Experiment", "must be a feature name, got {value}").format(
                        value=_show(f)
                    ),
                )
        features = tuple(raw)
    else:
        features = default.features

    if top.has("hidden"):
        raw_h = top.list("hidden", MAX_HIDDEN_LAYERS)
        hidden = []
        for i, h in enumerate(raw_h):
            hr = _Reader(h, f"hidden[{i}]", ("width", "activation"))
            hidden.append(LayerSpec(hr.int("width", 4), hr.str("activation", "tanh")))
        hidden_t = tuple(hidden)
    else:
        hidden_t = default.hidden

    dh = default.hyper
    if top.has("hyper"):
        hr = _Reader(top.obj["hyper"], "hyper", tuple(f.name for f in fields(Hyper)))
        hyper = Hyper(
            learning_rate=hr.real("learning_rate", dh.learning_rate),
            loss=hr.str("loss", dh.loss),
            optimizer=hr.str("optimizer", dh.optimizer),
            momentum=hr.real("momentum", dh.momentum),
            regularization=hr.str("regularization", dh.regularization),
            reg_rate=hr.real("reg_rate", dh.reg_rate),
            batch_size=hr.int("batch_size", dh.batch_size),
            init=hr.str("init", dh.init),
            init_value=hr.real("init_value", dh.init_value),
        )
    else:
        hyper = dh

    if top.has("stop") and top.obj["stop"] is not None:
        sr = _Reader(top.obj["stop"], "stop", ("epoch", "test_loss_below"))
        stop = StopCondition(
            epoch=sr.int("epoch", None, optional=True),
            test_loss_below=sr.real("test_loss_below", None, optional=True),
        )
    else:
        stop = StopCondition()

    exp = Experiment(
        data=data,
        features=features,
        hidden=hidden_t,
        output_activation=top.str("output_activation", default.output_activation),
        hyper=hyper,
        stop=stop,
        seed=top.int("seed", 0),
        step=top.int("step", 0),
        title=top.str("title", ""),
        hidden_controls=_read_hidden_controls(top),
        pace=top.str("pace", DEFAULT_PACE),
    )
    # Validate the architecture before reading weights: their shapes come from it.
    exp.validate()
    if top.has("weights") and top.obj["weights"] is not None:
        sizes = exp.layer_sizes
        raw_w = top.list("weights", len(sizes) - 1)
        if len(raw_w) != len(sizes) - 1:
            _bad(
                "weights",
                QT_TRANSLATE_NOOP("Experiment", "expected {n} layers of weights, got {got}").format(
                    n=len(sizes) - 1, got=len(raw_w)
                ),
            )
        Ws, bs = [], []
        for i, lw in enumerate(raw_w):
            lr = _Reader(lw, f"weights[{i}]", ("W", "b"))
            Ws.append(_numeric_array(lr.obj.get("W"), f"weights[{i}].W", (sizes[i], sizes[i + 1])))
            bs.append(_numeric_array(lr.obj.get("b"), f"weights[{i}].b", (sizes[i + 1],)))
        exp = replace(exp, weights=Weights(tuple(Ws), tuple(bs)))
    return exp


def _check_hidden_controls(names: Any) -> None:
    if not isinstance(names, tuple):
        _bad("hidden_controls", QT_TRANSLATE_NOOP("Experiment", "must be a list of control names"))
    if len(names) > len(CONTROLS):
        _bad("hidden_controls", _too_many_entries(len(names), len(CONTROLS)))
    for i, name in enumerate(names):
        if not isinstance(name, str) or name not in CONTROLS:
            _bad(
                f"hidden_controls[{i}]",
                QT_TRANSLATE_NOOP("Experiment", "unknown control {name}; known: {known}").format(
                    name=_show(name), known=_names(CONTROLS)
                ),
            )
    if len(set(names)) != len(names):
        _bad("hidden_controls", QT_TRANSLATE_NOOP("Experiment", "a control is listed twice"))


def _check_pace(pace: Any) -> None:
    if not isinstance(pace, str) or pace not in PACES:
        _bad(
            "pace",
            QT_TRANSLATE_NOOP("Experiment", "unknown pace {name}; known: {known}").format(
                name=_show(pace), known=_names(PACES)
            ),
        )


def _read_hidden_controls(top: _Reader) -> tuple[str, ...]:
    if not top.has("hidden_controls"):
        return ()
    raw = top.list("hidden_controls", len(CONTROLS))
    names = tuple(raw)
    _check_hidden_controls(names)
    return names


def _read_custom(obj: Any) -> CustomData:
    cr = _Reader(obj, "data.custom", ("task", "n_classes", "x", "y"))
    task = cr.str("task", "classification")
    if task not in ("classification", "regression"):
        _bad("data.custom.task", _CUSTOM_TASK)
    n_classes = cr.int("n_classes", 2)
    _check_int("data.custom.n_classes", n_classes, 2, MAX_CLASSES)
    xs = cr.list("x", MAX_CUSTOM_POINTS)
    ys = cr.list("y", MAX_CUSTOM_POINTS)
    if len(xs) != len(ys):
        _bad(
            "data.custom.y",
            QT_TRANSLATE_NOOP("Experiment", "{targets} targets for {points} points").format(
                targets=len(ys), points=len(xs)
            ),
        )
    if not xs:
        _bad("data.custom.x", QT_TRANSLATE_NOOP("Experiment", "no points"))
    dims = len(xs[0]) if isinstance(xs[0], list) else -1
    if dims not in (1, 2):
        _bad(
            "data.custom.x[0]",
            QT_TRANSLATE_NOOP("Experiment", "each point must be a list of 1 or 2 numbers"),
        )
    x = _numeric_array(xs, "data.custom.x", (len(xs), dims))
    y = _numeric_array(ys, "data.custom.y", (len(ys),))
    return CustomData(x=x, y=y, task=task, n_classes=n_classes)


def _validate_custom(c: CustomData) -> None:
    if c.task not in ("classification", "regression"):
        _bad("data.custom.task", _CUSTOM_TASK)
    if c.x.ndim != 2 or c.x.shape[1] not in (1, 2):
        _bad(
            "data.custom.x", QT_TRANSLATE_NOOP("Experiment", "points must have 1 or 2 coordinates")
        )
    if c.x.shape[0] < 2:
        _bad("data.custom.x", QT_TRANSLATE_NOOP("Experiment", "at least 2 points are needed"))
    if c.x.shape[0] > MAX_CUSTOM_POINTS:
        _bad(
            "data.custom.x",
            QT_TRANSLATE_NOOP("Experiment", "at most {max} points").format(max=MAX_CUSTOM_POINTS),
        )
    if c.y.shape != (c.x.shape[0],):
        _bad("data.custom.y", QT_TRANSLATE_NOOP("Experiment", "one target per point is needed"))
    if not (np.all(np.isfinite(c.x)) and np.all(np.isfinite(c.y))):
        _bad("data.custom", _NONFINITE)
    # The one range rule for data (CSV cells obey the same MAX_DATA_VALUE): points near
    # the float64 limit broke the output view's axes and made pyqtgraph raise.
    for name, values in (("x", c.x), ("y", c.y)):
        outside = np.flatnonzero(np.abs(values) > MAX_DATA_VALUE)
        if outside.size:
            k = int(outside[0])
            _bad(
                f"data.custom.{name}{_index(k, values.shape)}",
                QT_TRANSLATE_NOOP(
                    "Experiment",
                    "{value:g} is outside ±{max:g}, the range of data values (rescale the data)",
                ).format(value=float(values.flat[k]), max=MAX_DATA_VALUE),
            )
    if c.task == "classification":
        _check_int("data.custom.n_classes", c.n_classes, 2, MAX_CLASSES)
        if np.any(c.y != np.round(c.y)) or np.any(c.y < 0) or np.any(c.y >= c.n_classes):
            _bad(
                "data.custom.y",
                QT_TRANSLATE_NOOP(
                    "Experiment", "class labels must be whole numbers 0..{last}"
                ).format(last=c.n_classes - 1),
            )
