"""The editor's edit algebra: pure functions from the current experiment to an Edit.

Every gesture of the network editor (insert, remove or move a layer, resize a layer,
remove a neuron, change an activation, switch a feature, scrub a weight or bias)
calls one function here with the experiment -- carrying the weights on screen -- and
the model's stable unit ids (:class:`~nnsim.core.units.Units`). The function
either returns an :class:`~nnsim.model.edit_record.Edit` (the experiment and ids
before and after, with the weights of ``after`` computed from ``before`` by unit id)
or raises :class:`EditRefused` with a sentence for the status bar; nothing changes
then.

Weights follow units, not positions. A weight belongs to the link between two unit
ids and a bias to its unit; whatever link and unit the new architecture still has
keeps its number, everything new gets the seeded initial value of the new
architecture (``Network(seed)``: layer ``i`` from ``default_rng([seed, i])``), so an
edit is deterministic. Inserting a layer in the middle therefore keeps the outer
layers' weights, removing a neuron keeps every other neuron's incoming and outgoing
weights, and a moved layer keeps its biases.

Pure Python and NumPy (no Qt): :class:`~nnsim.gui.editor.commands.EditCommand` turns
an Edit into an undo command.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from nnsim.core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS, activation_label
from nnsim.core.experiment import (
    MAX_HIDDEN_LAYERS,
    MAX_WIDTH,
    Experiment,
    InvalidExperimentError,
    LayerSpec,
)
from nnsim.core.features import FEATURES
from nnsim.core.losses import LOSSES
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message
from nnsim.core.network import Network
from nnsim.core.units import (
    FEATURE_IDS,
    FIRST_UNIT_ID,
    Units,
    check_units,
    default_units,
    fresh_network,
    overlay_by_units,
    reconcile_units,
)
from nnsim.model.edit_record import CHANGE_OF_KIND, Edit, EditRefused, UnitsLike

__all__ = [
    "CHANGE_OF_KIND",
    "FEATURE_IDS",
    "FIRST_UNIT_ID",
    "Edit",
    "EditRefused",
    "Units",
    "UnitsLike",
    "default_units",
    "insert_layer",
    "move_layer",
    "reconcile_units",
    "refusal_sentence",
    "remove_layer",
    "remove_neuron",
    "set_activation",
    "set_all_widths",
    "set_bias",
    "set_layer_count",
    "set_weight",
    "set_width",
    "toggle_feature",
]

# --------------------------------------------------------------------------- helpers


def _prepare(exp: Experiment, units: UnitsLike) -> tuple[Experiment, Units]:
    """``exp`` with weights (its seeded initial ones when it has none) and checked ids."""
    exp.validate()
    u = check_units(units, exp)
    if exp.weights is None:
        net = fresh_network(exp)
        exp = exp.with_weights(net.weights, net.biases, exp.step)
    return exp, u


class _Ids:
    """Hands out fresh unit ids, never below ``units.next_id``."""

    def __init__(self, units: Units) -> None:
        self.next_id = units.next_id

    def take(self, n: int) -> tuple[int, ...]:
        ids = tuple(range(self.next_id, self.next_id + n))
        self.next_id += n
        return ids


def refusal_sentence(exc: InvalidExperimentError) -> str:
    """The status-bar sentence for an edit that validation refused.

    Validation reasons are clauses ("must be between 1 and 16, got 17"); a refused
    edit shows one as a sentence: capitalised, with a full stop. A translatable
    :class:`~nnsim.core.messages.Message` stays one (its translation is already
    written as a sentence), so the status bar still shows it in the UI language.
    """
    reason = exc.reason
    plain = str(reason).rstrip(".")
    plain = plain[:1].upper() + plain[1:] + "."
    # A Message keeps its template, which the translator writes as a sentence already.
    return reason.with_text(plain) if isinstance(reason, Message) else plain


def _finish(
    kind: str,
    text: str,
    before: Experiment,
    units_before: Units,
    after: Experiment,
    columns: Sequence[Sequence[int]],
    next_id: int,
    tweak: Callable[[Network], None] | None = None,
) -> Edit:
    """Validate ``after``, place ``before``'s weights on it by unit id, make the Edit."""
    after = after.without_weights()
    try:
        after.validate()
    except InvalidExperimentError as exc:
        raise EditRefused(refusal_sentence(exc)) from None
    units_after = check_units(Units(columns, next_id), after)
    net = fresh_network(after)
    w = before.weights
    assert w is not None
    overlay_by_units(net.weights, net.biases, units_after, w.W, w.b, units_before)
    if tweak is not None:
        tweak(net)
    # The live run keeps its curves through an edit of the network (with a mark); the
    # document keeps them while they still have a column per weight layer.
    kept = before.history if len(after.layer_sizes) == len(before.layer_sizes) else None
    after = after.with_weights(net.weights, net.biases, before.step, kept)
    return Edit(kind, text, before, after, units_before, units_after)


def _hidden_index(exp: Experiment, layer: int, inputs: str, output: str) -> int:
    """Check a hidden-layer index; refuse the inputs (-1) and the output (len(hidden))."""
    n = len(exp.hidden)
    if layer == n:
        raise EditRefused(output)
    if layer < 0:
        raise EditRefused(inputs)
    if layer > n:
        raise EditRefused(_no_hidden_layer(layer))
    return layer


def _no_hidden_layer(layer: int) -> Message:
    return QT_TRANSLATE_NOOP("Edits", "There is no hidden layer {n}.").format(n=layer + 1)


_ONE_NEURON = QT_TRANSLATE_NOOP(
    "Edits", "A layer needs at least one neuron; remove the layer instead."
)


def _check_width(width: int) -> int:
    if not isinstance(width, int | np.integer) or isinstance(width, bool):
        raise EditRefused(
            QT_TRANSLATE_NOOP(
                "Edits", "A layer's width is a whole number of neurons, not {value}."
            ).format(value=repr(width))
        )
    if width < 1:
        raise EditRefused(_ONE_NEURON)
    if width > MAX_WIDTH:
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "A layer has at most {max} neurons.").format(max=MAX_WIDTH)
        )
    return int(width)


def _check_value(value: float, bias: bool) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        if bias:
            reason = QT_TRANSLATE_NOOP("Edits", "A bias must be a number, not {value}.")
        else:
            reason = QT_TRANSLATE_NOOP("Edits", "A weight must be a number, not {value}.")
        raise EditRefused(reason.format(value=repr(value))) from None
    if not math.isfinite(v):
        if bias:
            raise EditRefused(QT_TRANSLATE_NOOP("Edits", "A bias must be a finite number."))
        raise EditRefused(QT_TRANSLATE_NOOP("Edits", "A weight must be a finite number."))
    return v


def _default_activation(exp: Experiment, index: int) -> str:
    """The activation of a layer inserted at gap ``index``: its left neighbour's, else the
    right one's, else TF Playground's tanh."""
    if index > 0:
        return exp.hidden[index - 1].activation
    if exp.hidden:
        return exp.hidden[0].activation
    return LayerSpec().activation


def _column_name(exp: Experiment, column: int, unit: int) -> str:
    if column == 0:
        return FEATURES[exp.features[unit]].label
    if column == len(exp.layer_sizes) - 1:
        if exp.n_outputs == 1:
            return QT_TRANSLATE_NOOP("Edits", "output")
        return QT_TRANSLATE_NOOP("Edits", "output {n}").format(n=unit + 1)
    return QT_TRANSLATE_NOOP("Edits", "neuron {n} of layer {layer}").format(
        n=unit + 1, layer=column
    )


# --------------------------------------------------------------------------- layers


def insert_layer(
    exp: Experiment,
    units: UnitsLike,
    index: int,
    width: int = 4,
    activation: str | None = None,
) -> Edit:
    """Insert a hidden layer into gap ``index`` (0 = right after the inputs).

    Parameters
    ----------
    exp : Experiment
        The current experiment, with the weights on screen.
    units : Units
        The model's unit ids for ``exp``.
    index : int
        Position among the hidden layers, ``0 .. len(exp.hidden)``.
    width : int
        Neurons of the new layer (1..16).
    activation : str, optional
        Its activation; the neighbouring layer's when omitted.

    Returns
    -------
    Edit
        The links around the new layer are new (seeded init); every other weight is kept.

    Raises
    ------
    EditRefused
        Already 10 hidden layers, no such gap, a bad width or activation.
    """
    before, u = _prepare(exp, units)
    n = len(before.hidden)
    if n >= MAX_HIDDEN_LAYERS:
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "A network has at most {max} hidden layers.").format(
                max=MAX_HIDDEN_LAYERS
            )
        )
    if not 0 <= index <= n:
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "A new layer goes between the inputs and the output.")
        )
    width = _check_width(width)
    name = activation if activation is not None else _default_activation(before, index)
    if name not in ACTIVATIONS:
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "{activation} cannot be used in a hidden layer.").format(
                activation=activation_label(name)
            )
        )
    ids = _Ids(u)
    cols = list(u)
    cols.insert(index + 1, ids.take(width))
    hidden = list(before.hidden)
    hidden.insert(index, LayerSpec(width, name))
    after = replace(before, hidden=tuple(hidden))
    text = QT_TRANSLATE_NOOP("Edits", "Insert hidden layer {n}").format(n=index + 1)
    return _finish("insert_layer", text, before, u, after, cols, ids.next_id)


def remove_layer(exp: Experiment, units: UnitsLike, index: int) -> Edit:
    """Remove hidden layer ``index``; its neighbours are joined by new (seeded) links.

    Raises
    ------
    EditRefused
        ``index`` names the inputs, the output or no layer.
    """
    before, u = _prepare(exp, units)
    _hidden_index(
        before,
        index,
        QT_TRANSLATE_NOOP("Edits", "The inputs cannot be removed; switch features off instead."),
        QT_TRANSLATE_NOOP("Edits", "The output layer cannot be removed."),
    )
    cols = list(u)
    del cols[index + 1]
    hidden = list(before.hidden)
    del hidden[index]
    after = replace(before, hidden=tuple(hidden))
    text = QT_TRANSLATE_NOOP("Edits", "Remove hidden layer {n}").format(n=index + 1)
    return _finish("remove_layer", text, before, u, after, cols, u.next_id)


def move_layer(exp: Experiment, units: UnitsLike, src: int, dst: int) -> Edit:
    """Move hidden layer ``src`` so that it becomes hidden layer ``dst``.

    The layer keeps its neurons, activation and biases; the links that now join
    different layers are new (seeded init). ``src == dst`` is a no-op edit.

    Raises
    ------
    EditRefused
        ``src`` or ``dst`` is not a hidden layer (the inputs stay first, the output last).
    """
    before, u = _prepare(exp, units)
    n = len(before.hidden)
    for k in (src, dst):
        if k < 0:
            raise EditRefused(
                QT_TRANSLATE_NOOP(
                    "Edits", "The inputs stay first; only hidden layers can be moved."
                )
            )
        if k >= n:
            raise EditRefused(
                QT_TRANSLATE_NOOP(
                    "Edits", "The output stays last; only hidden layers can be moved."
                )
            )
    cols = list(u)
    cols.insert(dst + 1, cols.pop(src + 1))
    hidden = list(before.hidden)
    hidden.insert(dst, hidden.pop(src))
    after = replace(before, hidden=tuple(hidden))
    return _finish(
        "move_layer",
        QT_TRANSLATE_NOOP("Edits", "Move hidden layer {n} to position {position}").format(
            n=src + 1, position=dst + 1
        ),
        before, u, after, cols, u.next_id,
    )


def set_width(exp: Experiment, units: UnitsLike, layer: int, width: int) -> Edit:
    """Give hidden layer ``layer`` ``width`` neurons, adding or removing them at the end.

    Raises
    ------
    EditRefused
        Not a hidden layer, or ``width`` outside 1..16.
    """
    before, u = _prepare(exp, units)
    _hidden_index(
        before,
        layer,
        QT_TRANSLATE_NOOP(
            "Edits", "The inputs are the features switched on; switch features on or off instead."
        ),
        QT_TRANSLATE_NOOP(
            "Edits", "The output has one neuron per class (one for regression); its size is fixed."
        ),
    )
    width = _check_width(width)
    ids = _Ids(u)
    cols = list(u)
    old = cols[layer + 1]
    cols[layer + 1] = old[:width] + ids.take(max(0, width - len(old)))
    hidden = list(before.hidden)
    hidden[layer] = replace(hidden[layer], width=width)
    after = replace(before, hidden=tuple(hidden))
    if width == 1:
        text = QT_TRANSLATE_NOOP("Edits", "Hidden layer {n}: 1 neuron").format(n=layer + 1)
    else:
        text = QT_TRANSLATE_NOOP("Edits", "Hidden layer {n}: {width} neurons").format(
            n=layer + 1, width=width
        )
    return _finish("set_width", text, before, u, after, cols, ids.next_id)


def remove_neuron(exp: Experiment, units: UnitsLike, layer: int, unit: int) -> Edit:
    """Remove neuron ``unit`` of hidden layer ``layer``; the others keep all their weights.

    Raises
    ------
    EditRefused
        Not a hidden layer, no such neuron, or the layer's last neuron.
    """
    before, u = _prepare(exp, units)
    _hidden_index(
        before,
        layer,
        QT_TRANSLATE_NOOP("Edits", "Switch the feature off instead of removing it."),
        QT_TRANSLATE_NOOP(
            "Edits",
            "The output has one neuron per class (one for regression); "
            "its neurons cannot be removed.",
        ),
    )
    spec = before.hidden[layer]
    if not 0 <= unit < spec.width:
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "Hidden layer {n} has no neuron {unit}.").format(
                n=layer + 1, unit=unit + 1
            )
        )
    if spec.width == 1:
        raise EditRefused(_ONE_NEURON)
    cols = list(u)
    col = list(cols[layer + 1])
    del col[unit]
    cols[layer + 1] = tuple(col)
    hidden = list(before.hidden)
    hidden[layer] = replace(spec, width=spec.width - 1)
    after = replace(before, hidden=tuple(hidden))
    return _finish(
        "remove_neuron",
        QT_TRANSLATE_NOOP("Edits", "Remove neuron {unit} of hidden layer {n}").format(
            unit=unit + 1, n=layer + 1
        ),
        before, u, after, cols, u.next_id,
    )


def set_activation(exp: Experiment, units: UnitsLike, layer: int, activation: str) -> Edit:
    """Set the activation of hidden layer ``layer`` (``len(hidden)``: the output). Weights stay.

    Raises
    ------
    EditRefused
        The inputs, an unknown activation, softmax in a hidden layer, or an output
        activation the loss cannot use.
    """
    before, u = _prepare(exp, units)
    n = len(before.hidden)
    label = activation_label(activation)
    unknown = QT_TRANSLATE_NOOP("Edits", "Unknown activation {name}.").format(
        name=repr(activation)
    )
    if layer < 0:
        raise EditRefused(QT_TRANSLATE_NOOP("Edits", "The inputs have no activation."))
    if layer > n:
        raise EditRefused(_no_hidden_layer(layer))
    if layer == n:
        if activation not in OUTPUT_ACTIVATIONS:
            raise EditRefused(unknown)
        loss = LOSSES[before.hyper.loss]
        if not loss.accepts(activation):
            raise EditRefused(
                QT_TRANSLATE_NOOP(
                    "Edits",
                    "{loss} cannot be used with a {activation} output; choose another loss first.",
                ).format(loss=loss.label, activation=label)
            )
        after = replace(before, output_activation=activation)
        text = QT_TRANSLATE_NOOP("Edits", "Output activation: {activation}").format(
            activation=label
        )
    else:
        if activation not in ACTIVATIONS:
            if activation in OUTPUT_ACTIVATIONS:
                raise EditRefused(
                    QT_TRANSLATE_NOOP(
                        "Edits", "{activation} can only be the output layer's activation."
                    ).format(activation=label)
                )
            raise EditRefused(unknown)
        hidden = list(before.hidden)
        hidden[layer] = replace(hidden[layer], activation=activation)
        after = replace(before, hidden=tuple(hidden))
        text = QT_TRANSLATE_NOOP("Edits", "Hidden layer {n}: {activation}").format(
            n=layer + 1, activation=label
        )
    return _finish("set_activation", text, before, u, after, u, u.next_id)


def set_layer_count(exp: Experiment, units: UnitsLike, count: int) -> Edit:
    """Keep the first ``count`` hidden layers, or add copies of the last one at the end.

    The hyper-parameter panel's "Hidden layers" box; new layers copy the last layer's
    width and activation (TF Playground's 4 tanh neurons when there is none).

    Raises
    ------
    EditRefused
        ``count`` outside 0..10.
    """
    before, u = _prepare(exp, units)
    if not 0 <= count <= MAX_HIDDEN_LAYERS:
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "A network has 0 to {max} hidden layers.").format(
                max=MAX_HIDDEN_LAYERS
            )
        )
    n = len(before.hidden)
    template = before.hidden[-1] if before.hidden else LayerSpec()
    hidden = list(before.hidden[:count]) + [template] * max(0, count - n)
    ids = _Ids(u)
    cols = [u[0], *u[1 : 1 + min(n, count)]]
    cols += [ids.take(template.width) for _ in range(count - n)]
    cols.append(u[-1])
    after = replace(before, hidden=tuple(hidden))
    return _finish(
        "set_layer_count",
        QT_TRANSLATE_NOOP("Edits", "Hidden layers"),
        before, u, after, cols, ids.next_id,
    )


def set_all_widths(exp: Experiment, units: UnitsLike, width: int) -> Edit:
    """Give every hidden layer ``width`` neurons (added or removed at the end of each).

    The hyper-parameter panel's "Neurons" box.

    Raises
    ------
    EditRefused
        ``width`` outside 1..16, or no hidden layer.
    """
    before, u = _prepare(exp, units)
    width = _check_width(width)
    if not before.hidden:
        raise EditRefused(QT_TRANSLATE_NOOP("Edits", "There is no hidden layer to resize."))
    ids = _Ids(u)
    cols = [u[0]]
    for col in u[1:-1]:
        cols.append(col[:width] + ids.take(max(0, width - len(col))))
    cols.append(u[-1])
    hidden = tuple(replace(layer, width=width) for layer in before.hidden)
    after = replace(before, hidden=hidden)
    return _finish(
        "set_all_widths",
        QT_TRANSLATE_NOOP("Edits", "Neurons per layer"),
        before, u, after, cols, ids.next_id,
    )


# --------------------------------------------------------------------------- features


def toggle_feature(exp: Experiment, units: UnitsLike, name: str) -> Edit:
    """Switch input feature ``name`` on or off (input order follows the registry).

    A feature keeps its unit id (its index in FEATURES), so switching it back on
    restores its outgoing weights when the edit is undone; a feature switched on
    anew gets seeded initial weights.

    Raises
    ------
    EditRefused
        An unknown feature, the last feature on, or a 2-D feature on 1-D data.
    """
    before, u = _prepare(exp, units)
    feat = FEATURES.get(name)
    if feat is None:
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "Unknown input feature {name}.").format(name=repr(name))
        )
    on = name in before.features
    if on and len(before.features) == 1:
        raise EditRefused(QT_TRANSLATE_NOOP("Edits", "At least one input feature must stay on."))
    if not on and feat.dims_required > before.input_dims:
        raise EditRefused(
            QT_TRANSLATE_NOOP(
                "Edits", "The feature {feature} needs 2-D data; this data set is 1-D."
            ).format(feature=feat.label)
        )
    features = tuple(
        f for f in FEATURES if (f == name and not on) or (f != name and f in before.features)
    )
    cols = [tuple(FEATURE_IDS[f] for f in features), *u[1:]]
    after = replace(before, features=features)
    if on:
        text = QT_TRANSLATE_NOOP("Edits", "Feature {feature} off").format(feature=feat.label)
    else:
        text = QT_TRANSLATE_NOOP("Edits", "Feature {feature} on").format(feature=feat.label)
    return _finish("toggle_feature", text, before, u, after, cols, u.next_id)


# --------------------------------------------------------------------------- numbers


def set_weight(
    exp: Experiment, units: UnitsLike, layer: int, src: int, dst: int, value: float
) -> Edit:
    """Set the weight ``W[layer][src, dst]`` (layer 0: features -> first hidden layer).

    Exactly one number changes.

    Raises
    ------
    EditRefused
        No such weight, or a value that is not a finite number.
    """
    before, u = _prepare(exp, units)
    v = _check_value(value, bias=False)
    n = len(before.layer_sizes) - 1
    if not 0 <= layer < n:
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "There is no weight layer {layer}.").format(layer=layer)
        )
    fan_in, fan_out = before.layer_sizes[layer], before.layer_sizes[layer + 1]
    if not (0 <= src < fan_in and 0 <= dst < fan_out):
        raise EditRefused(
            QT_TRANSLATE_NOOP("Edits", "Weight layer {layer} has no link {src} -> {dst}.").format(
                layer=layer, src=src + 1, dst=dst + 1
            )
        )

    def tweak(net: Network) -> None:
        net.weights[layer][src, dst] = v

    text = QT_TRANSLATE_NOOP("Edits", "Weight {src} → {dst} = {value:.3g}").format(
        src=_column_name(before, layer, src), dst=_column_name(before, layer + 1, dst), value=v
    )
    return _finish("set_weight", text, before, u, before, u, u.next_id, tweak)


def set_bias(exp: Experiment, units: UnitsLike, layer: int, unit: int, value: float) -> Edit:
    """Set the bias ``b[layer][unit]`` of a unit in column ``layer + 1`` (like :func:`set_weight`).

    Raises
    ------
    EditRefused
        No such bias, or a value that is not a finite number.
    """
    before, u = _prepare(exp, units)
    v = _check_value(value, bias=True)
    n = len(before.layer_sizes) - 1
    if not 0 <= layer < n or not 0 <= unit < before.layer_sizes[layer + 1]:
        if layer < 0:
            raise EditRefused(QT_TRANSLATE_NOOP("Edits", "Input features have no bias."))
        raise EditRefused(QT_TRANSLATE_NOOP("Edits", "There is no such bias."))

    def tweak(net: Network) -> None:
        net.biases[layer][unit] = v

    text = QT_TRANSLATE_NOOP("Edits", "Bias of {unit} = {value:.3g}").format(
        unit=_column_name(before, layer + 1, unit), value=v
    )
    return _finish("set_bias", text, before, u, before, u, u.next_id, tweak)
