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
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnsim.core.datasets import DATASETS
from nnsim.core.features import FEATURES
from nnsim.core.fields import (
    NONFINITE,
    TOO_LARGE,
    InvalidExperimentError,
    Reader,
    bad,
    check_hidden_controls,
    check_int,
    check_pace,
    check_range,
    check_real,
    numeric_array,
    plain,
    read_custom,
    read_hidden_controls,
    registry_names,
    shape_reason,
    show,
    validate_custom,
)
from nnsim.core.initializers import INITIALIZERS
from nnsim.core.jsontext import TOO_DEEP, JSONTextError, parse_json
from nnsim.core.losses import LOSSES
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.optimizers import OPTIMIZERS
from nnsim.core.pace import DEFAULT_PACE
from nnsim.core.saved_history import SavedHistory, check_history, history_to_dict, read_history
from nnsim.core.snapshot import HistoryArrays
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
    "SavedHistory",
    "DataSpec",
    "Experiment",
    "Hyper",
    "InvalidExperimentError",
    "LayerSpec",
    "StopCondition",
    "Weights",
    "default_head",
]

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
    #: The training curves of the run that produced :attr:`weights`, up to :attr:`step`
    #: (:mod:`nnsim.core.saved_history`); only ever with weights.
    history: SavedHistory | None = None

    def __post_init__(self) -> None:
        # Accept lists from callers; store tuples so the document stays immutable.
        object.__setattr__(self, "features", tuple(self.features))
        if self.weights is None and self.history is not None:
            # The curves describe how the weights were reached: every edit that drops
            # the weights (``replace(exp, weights=None, step=0)``) drops them too.
            object.__setattr__(self, "history", None)
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

    def with_weights(
        self,
        W: Sequence[np.ndarray],
        b: Sequence[np.ndarray],
        step: int = 0,
        history: HistoryArrays | SavedHistory | None = None,
    ) -> Experiment:
        """A copy carrying trained parameters (checked against the architecture).

        ``history`` is the curve of the run that reached them (none by default: other
        weights, another run).
        """
        exp = replace(
            self,
            weights=Weights(tuple(W), tuple(b)),
            step=int(step),
            history=SavedHistory.of(history),
        )
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
            bad(
                "data.dataset",
                QT_TRANSLATE_NOOP("Experiment", "unknown data set {name}; known: {known}").format(
                    name=repr(d.dataset), known=registry_names(DATASETS)
                ),
            )
        if d.dataset == "custom" and d.custom is None:
            bad(
                "data.custom", QT_TRANSLATE_NOOP("Experiment", "the 'custom' data set needs points")
            )
        check_range("data.noise", d.noise)
        check_range("data.n_samples", d.n_samples)
        check_range("data.train_fraction", d.train_fraction)
        check_range("data.n_classes", d.n_classes)
        check_range("data.seed", d.seed)
        if d.custom is not None:
            validate_custom(d.custom)

        if not self.features:
            bad(
                "features", QT_TRANSLATE_NOOP("Experiment", "at least one input feature must be on")
            )
        if len(set(self.features)) != len(self.features):
            bad("features", QT_TRANSLATE_NOOP("Experiment", "a feature is listed twice"))
        dims = self.input_dims
        for i, name in enumerate(self.features):
            if name not in FEATURES:
                bad(
                    f"features[{i}]",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "unknown feature {name}; known: {known}"
                    ).format(name=repr(name), known=registry_names(FEATURES)),
                )
            if FEATURES[name].dims_required > dims:
                bad(
                    f"features[{i}]",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "{name} needs 2-D data, this data set is 1-D"
                    ).format(name=name),
                )

        if len(self.hidden) > MAX_HIDDEN_LAYERS:
            bad(
                "hidden",
                QT_TRANSLATE_NOOP("Experiment", "{n} hidden layers; at most {max}").format(
                    n=len(self.hidden), max=MAX_HIDDEN_LAYERS
                ),
            )
        for i, layer in enumerate(self.hidden):
            if not isinstance(layer, LayerSpec):
                bad(f"hidden[{i}]", QT_TRANSLATE_NOOP("Experiment", "must be a layer"))
            check_range(f"hidden[{i}].width", layer.width, "hidden.width")
            if layer.activation not in ACTIVATIONS:
                bad(
                    f"hidden[{i}].activation",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "unknown activation {name}; known: {known}"
                    ).format(name=repr(layer.activation), known=registry_names(ACTIVATIONS)),
                )

        h = self.hyper
        if self.output_activation not in OUTPUT_ACTIVATIONS:
            bad(
                "output_activation",
                QT_TRANSLATE_NOOP(
                    "Experiment", "unknown output activation {name}; known: {known}"
                ).format(
                    name=repr(self.output_activation), known=registry_names(OUTPUT_ACTIVATIONS)
                ),
            )
        if h.loss not in LOSSES:
            bad(
                "hyper.loss",
                QT_TRANSLATE_NOOP("Experiment", "unknown loss {name}; known: {known}").format(
                    name=repr(h.loss), known=registry_names(LOSSES)
                ),
            )
        loss = LOSSES[h.loss]
        if not loss.accepts(self.output_activation):
            bad(
                "hyper.loss",
                QT_TRANSLATE_NOOP(
                    "Experiment", "{loss} cannot be used with a {activation} output"
                ).format(loss=h.loss, activation=self.output_activation),
            )
        if self.task == "regression" and h.loss != "mse":
            bad("hyper.loss", QT_TRANSLATE_NOOP("Experiment", "regression needs the mse loss"))
        if self.task == "classification" and self.n_classes > 2 and h.loss != "softmax_ce":
            bad(
                "hyper.loss",
                QT_TRANSLATE_NOOP("Experiment", "{n} classes need the softmax_ce loss").format(
                    n=self.n_classes
                ),
            )
        if self.task == "classification" and self.n_classes == 2 and h.loss == "softmax_ce":
            bad(
                "hyper.loss",
                QT_TRANSLATE_NOOP("Experiment", "two classes use bce or mse, not softmax_ce"),
            )
        check_range("hyper.learning_rate", h.learning_rate)
        if h.optimizer not in OPTIMIZERS:
            bad(
                "hyper.optimizer",
                QT_TRANSLATE_NOOP("Experiment", "unknown optimizer {name}; known: {known}").format(
                    name=repr(h.optimizer), known=registry_names(OPTIMIZERS)
                ),
            )
        check_range("hyper.momentum", h.momentum)
        if h.regularization not in REGULARIZATIONS:
            bad(
                "hyper.regularization",
                QT_TRANSLATE_NOOP("Experiment", "must be one of {names}").format(
                    names=", ".join(REGULARIZATIONS)
                ),
            )
        check_range("hyper.reg_rate", h.reg_rate)
        check_range("hyper.batch_size", h.batch_size)
        if h.init != "auto" and h.init not in INITIALIZERS:
            bad(
                "hyper.init",
                QT_TRANSLATE_NOOP(
                    "Experiment", "unknown initialiser {name}; known: {known}"
                ).format(name=repr(h.init), known="auto, " + registry_names(INITIALIZERS)),
            )
        check_real("hyper.init_value", h.init_value, -10.0, 10.0)

        if self.stop.epoch is not None:
            check_range("stop.epoch", self.stop.epoch)
        if self.stop.test_loss_below is not None:
            check_range("stop.test_loss_below", self.stop.test_loss_below)

        check_range("seed", self.seed)
        check_int("step", self.step, 0, MAX_STEP)
        if not isinstance(self.title, str) or len(self.title) > MAX_TITLE_CHARS:
            bad("title", QT_TRANSLATE_NOOP("Experiment", "must be text of at most 500 characters"))
        check_hidden_controls(self.hidden_controls)
        check_pace(self.pace)

        if self.weights is not None:
            sizes = self.layer_sizes
            n = len(sizes) - 1
            if len(self.weights.W) != n or len(self.weights.b) != n:
                bad(
                    "weights",
                    QT_TRANSLATE_NOOP(
                        "Experiment", "expected {n} layers of weights for this architecture"
                    ).format(n=n),
                )
            for i in range(n):
                w, b = self.weights.W[i], self.weights.b[i]
                if w.shape != (sizes[i], sizes[i + 1]):
                    bad(f"weights[{i}].W", shape_reason(w.shape, (sizes[i], sizes[i + 1])))
                if b.shape != (sizes[i + 1],):
                    bad(f"weights[{i}].b", shape_reason(b.shape, (sizes[i + 1],)))
                if not np.all(np.isfinite(w)):
                    bad(f"weights[{i}].W", NONFINITE)
                if not np.all(np.isfinite(b)):
                    bad(f"weights[{i}].b", NONFINITE)
        if self.history is not None:
            check_history(self.history, "history", len(self.layer_sizes) - 1, int(self.step))
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
            "noise": plain(d.noise),
            "n_samples": plain(d.n_samples),
            "train_fraction": plain(d.train_fraction),
            "n_classes": plain(d.n_classes),
            "seed": plain(d.seed),
        }
        if d.custom is not None:
            data["custom"] = {
                "task": d.custom.task,
                "n_classes": plain(d.custom.n_classes),
                "x": d.custom.x.tolist(),
                "y": d.custom.y.tolist(),
            }
        out: dict[str, Any] = {
            "format": "nnsim-experiment",
            "schema_version": SCHEMA_VERSION,
            "title": self.title,
            "seed": plain(self.seed),
            "data": data,
            "features": list(self.features),
            "hidden": [
                {"width": plain(h.width), "activation": h.activation} for h in self.hidden
            ],
            "output_activation": self.output_activation,
            "hyper": {f.name: plain(getattr(self.hyper, f.name)) for f in fields(self.hyper)},
            "stop": {
                "epoch": plain(self.stop.epoch),
                "test_loss_below": plain(self.stop.test_loss_below),
            },
        }
        out["pace"] = self.pace
        if self.hidden_controls:
            # Only written when set, so files of experiments hiding nothing stay as before.
            out["hidden_controls"] = list(self.hidden_controls)
        # The step belongs with the weights, but is written whenever weights may be, so an
        # experiment carrying a step without weights still survives a round trip.
        if include_weights:
            out["step"] = plain(self.step)
        if include_weights and self.weights is not None:
            out["weights"] = [
                {"W": w.tolist(), "b": b.tolist()}
                for w, b in zip(self.weights.W, self.weights.b, strict=True)
            ]
            if self.history is not None:
                out["history"] = history_to_dict(self.history)
        return out

    def to_json(self, include_weights: bool = True, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(include_weights), indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, obj: Any, notes: list[str] | None = None) -> Experiment:
        """Build and validate an experiment from parsed JSON; raise InvalidExperimentError.

        ``notes`` receives what the user should know about a file that was read anyway
        (translatable messages: training curves of an unknown version were left out).
        """
        try:
            return _from_dict(obj, notes).validate()
        except InvalidExperimentError:
            raise
        except RecursionError:
            raise InvalidExperimentError("", TOO_DEEP) from None
        except (TypeError, ValueError, OverflowError, MemoryError) as exc:
            # Anything the typed readers did not catch is still the file's fault.
            raise InvalidExperimentError(
                "",
                QT_TRANSLATE_NOOP("Experiment", "malformed experiment ({error})").format(error=exc),
            ) from None

    @classmethod
    def from_json(cls, text: str | bytes, notes: list[str] | None = None) -> Experiment:
        """Parse JSON text; raise InvalidExperimentError naming the field on any problem.

        The text is read by nnsim's one JSON rule (:func:`nnsim.core.jsontext.parse_json`:
        a byte-order mark accepted; NaN, Infinity and duplicate keys refused with their
        field; over-long integers refused by the typed readers with theirs).
        """
        try:
            obj = parse_json(text, max_chars=MAX_JSON_CHARS, too_large=TOO_LARGE)
        except JSONTextError as exc:
            raise InvalidExperimentError(exc.field, exc.reason) from None
        return cls.from_dict(obj, notes)


# --------------------------------------------------------------------------- reading


def _from_dict(obj: Any, notes: list[str] | None = None) -> Experiment:
    top = Reader(
        obj,
        "",
        (
            "format", "schema_version", "title", "seed", "data", "features", "hidden",
            "output_activation", "hyper", "stop", "step", "weights", "hidden_controls", "pace",
            "history",
        ),
    )
    fmt = top.str("format", "nnsim-experiment")
    if fmt != "nnsim-experiment":
        bad(
            "format",
            QT_TRANSLATE_NOOP("Experiment", "not an nnsim experiment (format {format})").format(
                format=repr(fmt)
            ),
        )
    version = top.int("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        bad(
            "schema_version",
            QT_TRANSLATE_NOOP(
                "Experiment", "version {version} is not supported (this nnsim reads {supported})"
            ).format(version=version, supported=SCHEMA_VERSION),
        )
    default = Experiment()

    dd = default.data
    if top.has("data"):
        dr = Reader(
            top.obj["data"],
            "data",
            ("dataset", "noise", "n_samples", "train_fraction", "n_classes", "seed", "custom"),
        )
        custom = None
        if dr.has("custom") and dr.obj["custom"] is not None:
            custom = read_custom(dr.obj["custom"])
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
                bad(
                    f"features[{i}]",
                    QT_TRANSLATE_NOOP("Experiment", "must be a feature name, got {value}").format(
                        value=show(f)
                    ),
                )
        features = tuple(raw)
    else:
        features = default.features

    if top.has("hidden"):
        raw_h = top.list("hidden", MAX_HIDDEN_LAYERS)
        hidden = []
        for i, h in enumerate(raw_h):
            hr = Reader(h, f"hidden[{i}]", ("width", "activation"))
            hidden.append(LayerSpec(hr.int("width", 4), hr.str("activation", "tanh")))
        hidden_t = tuple(hidden)
    else:
        hidden_t = default.hidden

    dh = default.hyper
    if top.has("hyper"):
        hr = Reader(top.obj["hyper"], "hyper", tuple(f.name for f in fields(Hyper)))
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
        sr = Reader(top.obj["stop"], "stop", ("epoch", "test_loss_below"))
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
        hidden_controls=read_hidden_controls(top),
        pace=top.str("pace", DEFAULT_PACE),
    )
    # Validate the architecture before reading weights: their shapes come from it.
    exp.validate()
    if top.has("weights") and top.obj["weights"] is not None:
        sizes = exp.layer_sizes
        raw_w = top.list("weights", len(sizes) - 1)
        if len(raw_w) != len(sizes) - 1:
            bad(
                "weights",
                QT_TRANSLATE_NOOP("Experiment", "expected {n} layers of weights, got {got}").format(
                    n=len(sizes) - 1, got=len(raw_w)
                ),
            )
        Ws, bs = [], []
        for i, lw in enumerate(raw_w):
            lr = Reader(lw, f"weights[{i}]", ("W", "b"))
            Ws.append(numeric_array(lr.obj.get("W"), f"weights[{i}].W", (sizes[i], sizes[i + 1])))
            bs.append(numeric_array(lr.obj.get("b"), f"weights[{i}].b", (sizes[i + 1],)))
        exp = replace(exp, weights=Weights(tuple(Ws), tuple(bs)))
    if top.has("history") and top.obj["history"] is not None:
        if exp.weights is None:
            bad(
                "history",
                QT_TRANSLATE_NOOP(
                    "Experiment", "training curves need the weights they belong to"
                ),
            )
        n_layers = len(exp.layer_sizes) - 1
        history = read_history(top.obj["history"], "history", n_layers, exp.step, notes)
        exp = replace(exp, history=history)
    return exp
