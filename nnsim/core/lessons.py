"""Lessons: a lecture concept packaged as an experiment, the views to show and what to click.

A lesson file is JSON (never pickle)::

    {"format": "nnsim-lesson", "schema_version": 1,
     "name": "xor-features", "order": 1,
     "title": {"en": "...", "ko": "..."}, "caption": {"en": "...", "ko": "..."},
     "views": ["network", "output", ...],
     "highlight_layer": 0,
     "steps": [{"caption": {"en": "...", "ko": "..."}, "action": "play", "target": null}, ...],
     "experiment": {<an nnsim-experiment object>},
     "compare": {<an nnsim-experiment object>} | null}

Everything is validated before use and every error is an :class:`InvalidLessonError`
naming the field (``"steps[2].target"``, ``"experiment.hidden[0].activation"``). The
text is read by the same JSON rule as experiments (:mod:`nnsim.core.jsontext`); files
(shipped or the user's) are read by :mod:`nnsim.storage` (``read_lesson``,
``list_lessons``, ``load_lesson``), which reports any problem as its one ``LoadError``.

Layer indices (``highlight_layer``, ``select_layer`` targets) count *weight layers*
as :class:`~nnsim.core.network.Network` does: 0 is the first hidden layer, the last
one is the output layer -- the same order as the gradient-norm columns.

The experiment may set the lecture pace (``"pace": "1-step"``, see
:mod:`nnsim.core.pace`), so a lesson that follows single updates opens slow enough to
watch them.

Captions never state numbers the app computes; they point at them ("the app
computes h(10) -- check it against your hand calculation"), because the numbers on
screen come from the core.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from nnsim.core.activations import ACTIVATIONS
from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.core.fields import show
from nnsim.core.jsontext import TOO_DEEP, JSONTextError, parse_json, short_key
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message

LESSON_FORMAT = "nnsim-lesson"
SCHEMA_VERSION = 1
LANGUAGES = ("en", "ko")

#: Views a lesson can ask the GUI to show, with what each one is (translatable Messages).
VIEWS: Mapping[str, str] = MappingProxyType(
    {
        "network": QT_TRANSLATE_NOOP(
            "Lessons", "the network editor: neurons with their output thumbnails, links by weight"
        ),
        "output": QT_TRANSLATE_NOOP(
            "Lessons", "the decision boundary (or fitted curve) with the data points"
        ),
        "loss": QT_TRANSLATE_NOOP("Lessons", "training and test loss over time"),
        "gradients": QT_TRANSLATE_NOOP(
            "Lessons", "per-layer gradient norms over time, one curve per layer (log scale)"
        ),
        "gradient_bars": QT_TRANSLATE_NOOP(
            "Lessons", "the current per-layer gradient norms as bars, first layer at the left"
        ),
        "activation": QT_TRANSLATE_NOOP(
            "Lessons", "f and f' of the selected layer's activation with its pre-activations"
        ),
        "collapse": QT_TRANSLATE_NOOP(
            "Lessons", "a run of linear layers beside the single equivalent layer"
        ),
        "composition": QT_TRANSLATE_NOOP(
            "Lessons", "the 1-D lab: composing f(x) = ax + b, g(x) = cx + d, ..."
        ),
        "weights": QT_TRANSLATE_NOOP(
            "Lessons", "the selected layer's weight matrix as a heatmap; x · W = z for a sample"
        ),
        "walkthrough": QT_TRANSLATE_NOOP(
            "Lessons", "forward pass, loss, backward pass and update for one sample"
        ),
        "inspector": QT_TRANSLATE_NOOP(
            "Lessons", "one neuron's weighted sum z = w·x + b and its activation a = f(z)"
        ),
    }
)


@dataclass(frozen=True)
class ActionInfo:
    """One kind of lesson step ("what to click").

    Attributes
    ----------
    name : str
        Registry key used in lesson files.
    target : str
        What the step's target must be: ``"none"`` (no target), ``"view"`` (a
        :data:`VIEWS` name), ``"layer"`` (a weight-layer index such as ``"0"``),
        ``"neuron"`` (``"layer:unit"``, both 0-based, e.g. ``"0:2"``), ``"activation"``
        (an activation name) or ``"number"`` (a positive decimal such as ``"0.3"``).
    description : str
        What the GUI does for it (a translatable Message: show it with ``localize``).
    """

    name: str
    target: str
    description: str


_ACTION_LIST = (
    ActionInfo("play", "none", QT_TRANSLATE_NOOP("Lessons", "start training")),
    ActionInfo("pause", "none", QT_TRANSLATE_NOOP("Lessons", "pause training")),
    ActionInfo("step", "none", QT_TRANSLATE_NOOP("Lessons", "train one step")),
    ActionInfo("reset", "none", QT_TRANSLATE_NOOP("Lessons", "new weights from the seed, step 0")),
    ActionInfo("show_view", "view", QT_TRANSLATE_NOOP("Lessons", "bring a view to the front")),
    ActionInfo(
        "select_layer",
        "layer",
        QT_TRANSLATE_NOOP("Lessons", "select a weight layer (activation, weights views)"),
    ),
    ActionInfo(
        "select_neuron",
        "neuron",
        QT_TRANSLATE_NOOP("Lessons", "select one neuron (inspector, weights view)"),
    ),
    ActionInfo(
        "pick_sample",
        "none",
        QT_TRANSLATE_NOOP("Lessons", "click a data point to choose the sample to follow"),
    ),
    ActionInfo(
        "set_activation",
        "activation",
        QT_TRANSLATE_NOOP("Lessons", "set every hidden layer to this activation"),
    ),
    ActionInfo(
        "set_learning_rate",
        "number",
        QT_TRANSLATE_NOOP("Lessons", "set the learning rate"),
    ),
    ActionInfo(
        "add_layer",
        "none",
        QT_TRANSLATE_NOOP("Lessons", "add a hidden layer before the output"),
    ),
    ActionInfo(
        "collapse",
        "none",
        QT_TRANSLATE_NOOP("Lessons", "replace the run of linear layers by the equivalent one"),
    ),
    ActionInfo("undo", "none", QT_TRANSLATE_NOOP("Lessons", "undo the last edit")),
    ActionInfo("walk_next", "none", QT_TRANSLATE_NOOP("Lessons", "walkthrough: next step")),
    ActionInfo("walk_previous", "none", QT_TRANSLATE_NOOP("Lessons", "walkthrough: previous step")),
    ActionInfo(
        "show_compare",
        "none",
        QT_TRANSLATE_NOOP("Lessons", "run the lesson's comparison experiment beside it"),
    ),
)
#: Step actions, name -> :class:`ActionInfo`.
ACTIONS: Mapping[str, ActionInfo] = MappingProxyType({a.name: a for a in _ACTION_LIST})

# Bounds: a hostile file is refused before it can make us allocate much.
MAX_LESSON_BYTES = 2_000_000
MAX_TITLE_CHARS = 120
MAX_CAPTION_CHARS = 2_000
MAX_STEPS = 12
MAX_ORDER = 10_000
MAX_NAME_CHARS = 40
MAX_NUMBER_TARGET = 100.0
_NAME_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_LAYER_RE = re.compile(r"^[0-9]{1,3}$")
_NEURON_RE = re.compile(r"^([0-9]{1,3}):([0-9]{1,3})$")
_NUMBER_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")


def is_lesson_name(name: str) -> bool:
    """Whether ``name`` is a valid lesson name: at most :data:`MAX_NAME_CHARS` lower-case
    letters and digits, words joined by single ``-`` or ``_``."""
    return len(name) <= MAX_NAME_CHARS and _NAME_RE.match(name) is not None


class InvalidLessonError(InvalidExperimentError):
    """A lesson file is invalid.

    Attributes
    ----------
    field : str
        Dotted path of the offending value, e.g. ``"steps[1].action"``; errors inside
        the lesson's experiment are prefixed, e.g. ``"experiment.hyper.loss"``.
    reason : str
        What is wrong with it.
    """


# --------------------------------------------------------------------------- documents


def _text(d: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(d))


@dataclass(frozen=True)
class LessonStep:
    """One "what to click" step.

    Attributes
    ----------
    caption : Mapping[str, str]
        The instruction, ``{"en": ..., "ko": ...}``.
    action : str
        An :data:`ACTIONS` key.
    target : str or None
        The action's argument (see :class:`ActionInfo`), ``None`` for actions without one.
    """

    caption: Mapping[str, str]
    action: str
    target: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "caption", _text(self.caption))

    def text(self, lang: str = "en") -> str:
        """The caption in ``lang``, falling back to English."""
        return localized(self.caption, lang)


@dataclass(frozen=True, eq=False)
class Lesson:
    """A lesson: an experiment plus what to show and what to click.

    Attributes
    ----------
    name : str
        Identifier used by ``nnsim --lesson NAME`` (lower case, digits, ``-``/``_``).
    order : int
        Position in the lesson list (1-based).
    title, caption : Mapping[str, str]
        ``{"en": ..., "ko": ...}``.
    views : tuple[str, ...]
        :data:`VIEWS` names to show, most important first.
    steps : tuple[LessonStep, ...]
        What to click, in order.
    experiment : Experiment
        The run the lesson opens.
    compare : Experiment or None
        An optional second run (B) shown side by side, e.g. the ReLU twin of a deep
        sigmoid network.
    highlight_layer : int or None
        Weight layer to select when the lesson opens (0 = first hidden layer).
    """

    name: str
    order: int
    title: Mapping[str, str]
    caption: Mapping[str, str]
    views: tuple[str, ...]
    steps: tuple[LessonStep, ...]
    experiment: Experiment
    compare: Experiment | None = None
    highlight_layer: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", _text(self.title))
        object.__setattr__(self, "caption", _text(self.caption))
        object.__setattr__(self, "views", tuple(self.views))
        object.__setattr__(self, "steps", tuple(self.steps))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lesson):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lesson({self.order}: {self.name!r}, {self.title.get('en', '')!r})"

    def title_in(self, lang: str = "en") -> str:
        """The title in ``lang``, falling back to English."""
        return localized(self.title, lang)

    def caption_in(self, lang: str = "en") -> str:
        """The caption in ``lang``, falling back to English."""
        return localized(self.caption, lang)

    def validate(self) -> Lesson:
        """Raise :class:`InvalidLessonError` if anything is out of bounds; return self."""
        _validate_lesson(self)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The lesson as a JSON-ready dict (the file format)."""
        return {
            "format": LESSON_FORMAT,
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "order": self.order,
            "title": dict(self.title),
            "caption": dict(self.caption),
            "views": list(self.views),
            "highlight_layer": self.highlight_layer,
            "steps": [
                {"caption": dict(s.caption), "action": s.action, "target": s.target}
                for s in self.steps
            ],
            "experiment": self.experiment.to_dict(),
            "compare": None if self.compare is None else self.compare.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The lesson file's text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)


def localized(text: Mapping[str, str], lang: str) -> str:
    """``text[lang]``, or the English text when that language is missing or empty."""
    return text.get(lang) or text.get("en", "")


# --------------------------------------------------------------------------- parsing


def lesson_from_json(text: str | bytes) -> Lesson:
    """Parse and validate a lesson file's text (by nnsim's one JSON rule, as experiments).

    Raises
    ------
    InvalidLessonError
        Naming the offending field, for anything from bad JSON to an unknown view.
    """
    try:
        obj = parse_json(text, max_chars=MAX_LESSON_BYTES, too_large=_TOO_LARGE)
    except JSONTextError as exc:
        raise InvalidLessonError(exc.field, exc.reason) from None
    return lesson_from_dict(obj)


def lesson_from_dict(obj: Any) -> Lesson:
    """Build and validate a lesson from parsed JSON.

    Raises
    ------
    InvalidLessonError
        Naming the offending field.
    """
    try:
        return _from_dict(obj).validate()
    except InvalidLessonError:
        raise
    except InvalidExperimentError as exc:
        raise InvalidLessonError(exc.field, exc.reason) from None
    except RecursionError:
        raise InvalidLessonError("", TOO_DEEP) from None
    except (TypeError, ValueError, OverflowError, MemoryError) as exc:
        raise InvalidLessonError(
            "", QT_TRANSLATE_NOOP("Lessons", "malformed lesson ({error})").format(error=exc)
        ) from None


# --------------------------------------------------------------------------- readers


def _bad(field: str, reason: str) -> None:
    raise InvalidLessonError(field, reason)


_TOO_LARGE = QT_TRANSLATE_NOOP("Lessons", "the file is too large to be a lesson")
_MISSING = QT_TRANSLATE_NOOP("Lessons", "is missing")
_UNKNOWN_FIELD = QT_TRANSLATE_NOOP("Lessons", "unknown field (check the spelling)")


#: "must be ..., got VALUE" reasons by what was expected; each one whole sentence.
_MUST_BE: dict[str, Message] = {
    "text": QT_TRANSLATE_NOOP("Lessons", "must be text, got {value}"),
    "whole number": QT_TRANSLATE_NOOP("Lessons", "must be a whole number, got {value}"),
    "list": QT_TRANSLATE_NOOP("Lessons", "must be a list, got {value}"),
    "view names": QT_TRANSLATE_NOOP("Lessons", "must be a list of view names, got {value}"),
    "view name": QT_TRANSLATE_NOOP("Lessons", "must be a view name, got {value}"),
    "whole number or null": QT_TRANSLATE_NOOP(
        "Lessons", "must be a whole number or null, got {value}"
    ),
    "action name": QT_TRANSLATE_NOOP("Lessons", "must be an action name, got {value}"),
    "text or null": QT_TRANSLATE_NOOP("Lessons", "must be text or null, got {value}"),
}


def _must_be(what: str, value: Any) -> str:
    """A "must be ..., got VALUE" reason; ``what`` picks one of :data:`_MUST_BE`."""
    return _MUST_BE[what].format(value=show(value))


def _obj(value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        _bad(
            path or "(top level)",
            QT_TRANSLATE_NOOP("Lessons", "must be an object, got {type}").format(
                type=type(value).__name__
            ),
        )
    for key in value:
        if key not in allowed:
            key = short_key(str(key))  # a 1 MB key must not make a 1 MB message, as in experiments
            _bad(f"{path}.{key}" if path else key, _UNKNOWN_FIELD)
    for key in required:
        if key not in value:
            _bad(f"{path}.{key}" if path else key, _MISSING)
    return value


def _read_text(value: Any, path: str) -> dict[str, str]:
    d = _obj(value, path, LANGUAGES, LANGUAGES)
    for lang in LANGUAGES:
        s = d[lang]
        if not isinstance(s, str):
            _bad(f"{path}.{lang}", _must_be("text", s))
    return {lang: d[lang] for lang in LANGUAGES}


def _read_experiment(value: Any, path: str) -> Experiment:
    try:
        return Experiment.from_dict(value)
    except InvalidExperimentError as exc:
        field = f"{path}.{exc.field}" if exc.field else path
        raise InvalidLessonError(field, exc.reason) from None


def _from_dict(obj: Any) -> Lesson:
    top = _obj(
        obj,
        "",
        (
            "format", "schema_version", "name", "order", "title", "caption", "views",
            "highlight_layer", "steps", "experiment", "compare",
        ),
        ("format", "name", "order", "title", "caption", "views", "steps", "experiment"),
    )
    if top["format"] != LESSON_FORMAT:
        _bad(
            "format",
            QT_TRANSLATE_NOOP("Lessons", "not an nnsim lesson (format {format})").format(
                format=show(top["format"])
            ),
        )
    version = top.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        _bad(
            "schema_version",
            QT_TRANSLATE_NOOP(
                "Lessons", "version {version} is not supported (this nnsim reads {supported})"
            ).format(version=show(version), supported=SCHEMA_VERSION),
        )
    name = top["name"]
    if not isinstance(name, str):
        _bad("name", _must_be("text", name))
    order = top["order"]
    if isinstance(order, bool) or not isinstance(order, int):
        _bad("order", _must_be("whole number", order))
    title = _read_text(top["title"], "title")
    caption = _read_text(top["caption"], "caption")

    views = top["views"]
    if not isinstance(views, list):
        _bad("views", _must_be("view names", views))
    if len(views) > len(VIEWS):
        _bad(
            "views",
            QT_TRANSLATE_NOOP("Lessons", "has {n} entries; there are only {max} views").format(
                n=len(views), max=len(VIEWS)
            ),
        )
    for i, v in enumerate(views):
        if not isinstance(v, str):
            _bad(f"views[{i}]", _must_be("view name", v))

    highlight = top.get("highlight_layer")
    if highlight is not None and (isinstance(highlight, bool) or not isinstance(highlight, int)):
        _bad("highlight_layer", _must_be("whole number or null", highlight))

    raw_steps = top["steps"]
    if not isinstance(raw_steps, list):
        _bad("steps", _must_be("list", raw_steps))
    if len(raw_steps) > MAX_STEPS:
        _bad(
            "steps",
            QT_TRANSLATE_NOOP("Lessons", "has {n} steps; at most {max}").format(
                n=len(raw_steps), max=MAX_STEPS
            ),
        )
    steps = []
    for i, s in enumerate(raw_steps):
        where = f"steps[{i}]"
        sd = _obj(s, where, ("caption", "action", "target"), ("caption", "action"))
        action = sd["action"]
        if not isinstance(action, str):
            _bad(f"{where}.action", _must_be("action name", action))
        target = sd.get("target")
        if target is not None and not isinstance(target, str):
            _bad(f"{where}.target", _must_be("text or null", target))
        steps.append(
            LessonStep(_read_text(sd["caption"], f"{where}.caption"), action, target)
        )

    experiment = _read_experiment(top["experiment"], "experiment")
    compare_raw = top.get("compare")
    compare = None if compare_raw is None else _read_experiment(compare_raw, "compare")
    return Lesson(
        name=name,
        order=order,
        title=title,
        caption=caption,
        views=tuple(views),
        steps=tuple(steps),
        experiment=experiment,
        compare=compare,
        highlight_layer=highlight,
    )


# --------------------------------------------------------------------------- validation


def _check_text(d: Mapping[str, str], path: str, limit: int) -> None:
    if not isinstance(d, Mapping):
        _bad(path, QT_TRANSLATE_NOOP("Lessons", "must map languages to text"))
    for lang in LANGUAGES:
        s = d.get(lang)
        if not isinstance(s, str) or not s.strip():
            _bad(f"{path}.{lang}", QT_TRANSLATE_NOOP("Lessons", "must be non-empty text"))
        if len(s) > limit:
            _bad(
                f"{path}.{lang}",
                QT_TRANSLATE_NOOP("Lessons", "{n} characters; at most {max}").format(
                    n=len(s), max=limit
                ),
            )
    for lang in d:
        if lang not in LANGUAGES:
            _bad(
                f"{path}.{lang}",
                QT_TRANSLATE_NOOP("Lessons", "unknown language; known: {known}").format(
                    known=", ".join(LANGUAGES)
                ),
            )


def _validate_lesson(lesson: Lesson) -> None:
    if not isinstance(lesson.name, str) or not _NAME_RE.match(lesson.name):
        _bad(
            "name",
            QT_TRANSLATE_NOOP(
                "Lessons", "use lower-case letters, digits and single '-' or '_' between words"
            ),
        )
    if len(lesson.name) > MAX_NAME_CHARS:
        _bad(
            "name",
            QT_TRANSLATE_NOOP("Lessons", "at most {max} characters").format(max=MAX_NAME_CHARS),
        )
    if isinstance(lesson.order, bool) or not isinstance(lesson.order, int):
        _bad("order", QT_TRANSLATE_NOOP("Lessons", "must be a whole number"))
    if not 1 <= lesson.order <= MAX_ORDER:
        _bad(
            "order",
            QT_TRANSLATE_NOOP("Lessons", "must be between {lo} and {hi}, got {value}").format(
                lo=1, hi=MAX_ORDER, value=lesson.order
            ),
        )
    _check_text(lesson.title, "title", MAX_TITLE_CHARS)
    _check_text(lesson.caption, "caption", MAX_CAPTION_CHARS)

    if not lesson.views:
        _bad("views", QT_TRANSLATE_NOOP("Lessons", "a lesson shows at least one view"))
    for i, v in enumerate(lesson.views):
        if v not in VIEWS:
            _bad(f"views[{i}]", _unknown_view(v))
    if len(set(lesson.views)) != len(lesson.views):
        _bad("views", QT_TRANSLATE_NOOP("Lessons", "a view is listed twice"))

    if not isinstance(lesson.experiment, Experiment):
        _bad("experiment", QT_TRANSLATE_NOOP("Lessons", "must be an experiment"))
    try:
        lesson.experiment.validate()
    except InvalidExperimentError as exc:
        _bad(f"experiment.{exc.field}" if exc.field else "experiment", exc.reason)
    if lesson.compare is not None:
        if not isinstance(lesson.compare, Experiment):
            _bad("compare", QT_TRANSLATE_NOOP("Lessons", "must be an experiment or null"))
        try:
            lesson.compare.validate()
        except InvalidExperimentError as exc:
            _bad(f"compare.{exc.field}" if exc.field else "compare", exc.reason)

    sizes = lesson.experiment.layer_sizes
    n_layers = len(sizes) - 1
    if lesson.highlight_layer is not None:
        h = lesson.highlight_layer
        if isinstance(h, bool) or not isinstance(h, int) or not 0 <= h < n_layers:
            _bad("highlight_layer", _weight_layer(n_layers, h))

    if not lesson.steps:
        _bad("steps", QT_TRANSLATE_NOOP("Lessons", "a lesson has at least one step"))
    if len(lesson.steps) > MAX_STEPS:
        _bad("steps", QT_TRANSLATE_NOOP("Lessons", "at most {max} steps").format(max=MAX_STEPS))
    for i, step in enumerate(lesson.steps):
        _validate_step(step, f"steps[{i}]", sizes, lesson.compare is not None)


def _validate_step(step: LessonStep, where: str, sizes: list[int], has_compare: bool) -> None:
    _check_text(step.caption, f"{where}.caption", MAX_CAPTION_CHARS)
    info = ACTIONS.get(step.action) if isinstance(step.action, str) else None
    if info is None:
        _bad(
            f"{where}.action",
            QT_TRANSLATE_NOOP("Lessons", "unknown action {name}; known: {known}").format(
                name=show(step.action), known=", ".join(ACTIONS)
            ),
        )
    target = step.target
    field = f"{where}.target"
    if info.target == "none":
        if target is not None:
            _bad(
                field,
                QT_TRANSLATE_NOOP("Lessons", "{action} takes no target").format(action=info.name),
            )
        if info.name == "show_compare" and not has_compare:
            _bad(
                f"{where}.action",
                QT_TRANSLATE_NOOP("Lessons", "show_compare needs the lesson's compare experiment"),
            )
        return
    if not isinstance(target, str):
        _bad(
            field,
            QT_TRANSLATE_NOOP("Lessons", "{action} needs a target ({kind})").format(
                action=info.name, kind=info.target
            ),
        )
    n_layers = len(sizes) - 1
    if info.target == "view":
        if target not in VIEWS:
            _bad(field, _unknown_view(target))
    elif info.target == "layer":
        if not _LAYER_RE.match(target) or not int(target) < n_layers:
            _bad(field, _weight_layer(n_layers, target))
    elif info.target == "neuron":
        m = _NEURON_RE.match(target)
        if m is None:
            _bad(
                field,
                QT_TRANSLATE_NOOP(
                    "Lessons", "must be 'layer:unit', e.g. '0:1', got {value}"
                ).format(value=show(target)),
            )
        layer, unit = int(m.group(1)), int(m.group(2))
        if not layer < n_layers:
            _bad(
                field,
                QT_TRANSLATE_NOOP("Lessons", "layer must be 0..{last}, got {layer}").format(
                    last=n_layers - 1, layer=layer
                ),
            )
        if not unit < sizes[layer + 1]:
            _bad(
                field,
                QT_TRANSLATE_NOOP(
                    "Lessons", "layer {layer} has {n} neurons, got unit {unit}"
                ).format(layer=layer, n=sizes[layer + 1], unit=unit),
            )
    elif info.target == "activation":
        if target not in ACTIVATIONS:
            _bad(
                field,
                QT_TRANSLATE_NOOP("Lessons", "unknown activation {name}; known: {known}").format(
                    name=show(target), known=", ".join(ACTIVATIONS)
                ),
            )
    elif info.target == "number":
        if not _NUMBER_RE.match(target):
            _bad(
                field,
                QT_TRANSLATE_NOOP("Lessons", "must be a positive decimal number, got {value}")
                .format(value=show(target)),
            )
        value = float(target)
        if not (math.isfinite(value) and 0.0 < value <= MAX_NUMBER_TARGET):
            _bad(
                field,
                QT_TRANSLATE_NOOP(
                    "Lessons", "must be above 0 and at most {max:g}, got {value}"
                ).format(max=MAX_NUMBER_TARGET, value=target),
            )


def _unknown_view(name: Any) -> str:
    return QT_TRANSLATE_NOOP("Lessons", "unknown view {name}; known: {known}").format(
        name=show(name), known=", ".join(VIEWS)
    )


def _weight_layer(n_layers: int, value: Any) -> str:
    return QT_TRANSLATE_NOOP("Lessons", "must be a weight layer 0..{last}, got {value}").format(
        last=n_layers - 1, value=show(value)
    )
