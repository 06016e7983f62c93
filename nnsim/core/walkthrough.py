"""One sample, step by step: forward pass, loss, backward pass, gradient-descent update.

:func:`walkthrough` replays for ONE sample exactly what the trainer does for a batch
of that one sample: the same forward pass ``z = x·W + b``, ``a = f(z)``, the same
loss (with the same L1/L2 penalty), the chain rule layer by layer from the output
back to the input, and one plain gradient-descent update ``W ← W − lr·dL/dW``. Every
intermediate array is kept, and each step carries a caption with the actual numbers
for the walkthrough view: a translatable :class:`~nnsim.core.messages.Message`
(English text; the GUI shows it with ``nnsim.gui.i18n.localize``). Names in captions
("hidden layer 2", "the link from input 1 to neuron 3 of hidden layer 1") are
Messages too, nested as arguments, so every part is said in the UI's language.

:func:`neuron_equation` spells out one neuron's weighted sum and activation for the
inspector: ``z = 0.31·(−1.20) + 0.52·0.40 + 0.10 = −0.06; a = tanh(z) = −0.06``.

Both only *read* the network's weights: they never run the network's own forward or
backward pass, so they leave its caches and buffers alone.

Layer indices count weight layers (0 = first hidden layer, the last = output layer).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from nnsim.core.activations import OUTPUT_ACTIVATIONS, Activation
from nnsim.core.losses import LOSSES
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message
from nnsim.core.network import Network
from nnsim.core.snapshot import frozen

__all__ = [
    "STEP_KINDS",
    "NeuronEquation",
    "WalkStep",
    "Walkthrough",
    "format_number",
    "neuron_equation",
    "walkthrough",
]

#: Kinds of :class:`WalkStep`, in the order they occur.
STEP_KINDS = ("forward_layer", "loss", "backward_layer", "update")

# Vectors longer than this are shown as their first entries and "…" in captions.
_MAX_SHOWN = 6
_MINUS = "\u2212"


# --------------------------------------------------------------------------- formatting


def format_number(v: float, digits: int = 3) -> str:
    """A compact human number: 3 significant digits, a real minus sign.

    ``-1.2 -> "−1.2"``, ``0.000123 -> "0.000123"``, ``1.5e-7 -> "1.5e−07"``.
    """
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else f"{_MINUS}∞"
    if v == 0.0:
        return "0"
    s = f"{v:.{digits}g}"
    return s.replace("-", _MINUS)


def _factor(v: float, digits: int = 3) -> str:
    """A number as a factor of a product: negatives in parentheses."""
    s = format_number(v, digits)
    return f"({s})" if v < 0 else s


def _vector(v: np.ndarray) -> str:
    v = np.ravel(v)
    items = [format_number(x) for x in v[:_MAX_SHOWN]]
    if v.size > _MAX_SHOWN:
        items.append("…")
    return "[" + ", ".join(items) + "]"


def _layer_name(i: int, n_layers: int) -> Message:
    """Name of weight layer ``i``: "hidden layer 2" or "output layer"."""
    if i == n_layers - 1:
        return QT_TRANSLATE_NOOP("Walkthrough", "output layer")
    return QT_TRANSLATE_NOOP("Walkthrough", "hidden layer {n}").format(n=i + 1)


def _source_name(i: int, row: int) -> Message:
    """Name of the input or neuron feeding link ``row`` of weight layer ``i``."""
    if i == 0:
        return QT_TRANSLATE_NOOP("Walkthrough", "input {n}").format(n=row + 1)
    return QT_TRANSLATE_NOOP("Walkthrough", "neuron {row} of hidden layer {i}").format(
        row=row + 1, i=i
    )


def _link_name(i: int, row: int, col: int, n_layers: int) -> Message:
    """Name of the link W_i[row, col]: "the link from input 1 to neuron 2 of hidden layer 1"."""
    if i == n_layers - 1:
        dst = QT_TRANSLATE_NOOP("Walkthrough", "the output layer")
    else:
        dst = _layer_name(i, n_layers)
    return QT_TRANSLATE_NOOP(
        "Walkthrough", "the link from {src} to neuron {col} of {dst}"
    ).format(src=_source_name(i, row), col=col + 1, dst=dst)


def _apply_text(act: Activation) -> str:
    return "z" if act.name == "linear" else f"{act.name}(z)"


def _arrays(**values: np.ndarray | float) -> Mapping[str, np.ndarray]:
    return MappingProxyType({k: frozen(np.asarray(v, dtype=np.float64)) for k, v in values.items()})


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class WalkStep:
    """One step of the walkthrough.

    Attributes
    ----------
    kind : str
        ``"forward_layer"``, ``"loss"``, ``"backward_layer"`` or ``"update"``.
    layer : int or None
        Weight-layer index (0 = first hidden layer); None for the loss step.
    caption : Message
        What the step does, with the actual numbers: English text that the GUI
        shows in the UI's language with ``nnsim.gui.i18n.localize(step.caption)``.
    arrays : Mapping[str, numpy.ndarray]
        Read-only float64 arrays; for weight layer ``i`` with ``fan_in`` inputs and
        ``fan_out`` neurons:

        * forward_layer: ``x`` (fan_in,) the layer's input row, ``W`` (fan_in, fan_out),
          ``b`` (fan_out,), ``z`` = x·W + b (fan_out,), ``a`` = f(z) (fan_out,).
        * loss: ``output`` (k,), ``y`` (k,), ``data_loss``, ``penalty`` and ``value``
          (0-d; value = data_loss + penalty).
        * backward_layer: ``dL_da`` (fan_out,) the signal arriving from the layer
          above (hidden layers only), ``f_prime`` = f'(z) (fan_out,, hidden layers
          only), ``dL_dz`` (fan_out,) per neuron, ``x`` (fan_in,), ``dL_dW``
          (fan_in, fan_out) per link (``[r, c]`` is the link from input/neuron r to
          neuron c, penalty included), ``dL_db`` (fan_out,).
        * update: ``W_old``, ``dL_dW``, ``W_new`` = W_old − lr·dL_dW (fan_in, fan_out);
          ``b_old``, ``dL_db``, ``b_new`` (fan_out,); ``learning_rate`` (0-d).
    """

    kind: str
    layer: int | None
    caption: Message
    arrays: Mapping[str, np.ndarray]

    def __repr__(self) -> str:
        return f"WalkStep({self.kind!r}, layer={self.layer}, {str(self.caption)!r})"


@dataclass(frozen=True, eq=False)
class Walkthrough:
    """Forward pass, loss, backward pass and update of one sample.

    Attributes
    ----------
    steps : tuple[WalkStep, ...]
        L forward steps (layer 0 first), the loss, L backward steps (output layer
        first), L update steps (layer 0 first).
    x : (n_in,) ndarray
        The network input (after the input features).
    y : (k,) ndarray
        The target.
    output : (k,) ndarray
        The network's output a for x.
    loss : float
        Loss of this one sample, the L1/L2 penalty included (what
        ``Network.loss_and_gradients`` returns for the one-sample batch).
    loss_name : str
    learning_rate, l1, l2 : float
    gradients : tuple[tuple[ndarray, ndarray], ...]
        ``(dL/dW_i, dL/db_i)`` per weight layer, shapes (fan_in, fan_out), (fan_out,).
    updated : tuple[tuple[ndarray, ndarray], ...]
        ``(W_i, b_i)`` after one gradient-descent step.
    """

    steps: tuple[WalkStep, ...]
    x: np.ndarray
    y: np.ndarray
    output: np.ndarray
    loss: float
    loss_name: str
    learning_rate: float
    l1: float
    l2: float
    gradients: tuple[tuple[np.ndarray, np.ndarray], ...]
    updated: tuple[tuple[np.ndarray, np.ndarray], ...]

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, i: int) -> WalkStep:
        return self.steps[i]

    def of_kind(self, kind: str) -> tuple[WalkStep, ...]:
        """The steps of one kind, in walkthrough order."""
        return tuple(s for s in self.steps if s.kind == kind)

    def __repr__(self) -> str:
        return (
            f"Walkthrough({len(self.steps)} steps, loss={self.loss_name} "
            f"{format_number(self.loss)}, lr={self.learning_rate:g})"
        )


@dataclass(frozen=True, eq=False)
class NeuronEquation:
    """One neuron's weighted sum and activation for one input.

    Attributes
    ----------
    layer, unit : int
        Weight layer (0 = first hidden layer) and neuron index in it (0-based).
    inputs : (fan_in,) ndarray
        x_i: what the neuron receives (the network input for layer 0, else the
        previous layer's activations).
    weights : (fan_in,) ndarray
        w_i: column ``unit`` of the layer's W.
    terms : (fan_in,) ndarray
        w_i·x_i.
    bias : float
    z : float
        The pre-activation, exactly as the forward pass computes it (``x·W + b``).
    a : float
        f(z) (for a softmax output: this unit's share of the softmax).
    activation : str
        Activation name.
    text : str
        ``"z = 0.31·(−1.20) + 0.52·0.4 + 0.1 = −0.06; a = tanh(z) = −0.06"``.
    """

    layer: int
    unit: int
    inputs: np.ndarray
    weights: np.ndarray
    terms: np.ndarray
    bias: float
    z: float
    a: float
    activation: str
    text: str

    def __repr__(self) -> str:
        return f"NeuronEquation(layer={self.layer}, unit={self.unit}: {self.text})"


# --------------------------------------------------------------------------- computing


def _check_row(v: object, n: int, what: str) -> np.ndarray:
    a = np.asarray(v, dtype=np.float64)
    if a.ndim == 2 and a.shape[0] == 1:
        a = a[0]
    if a.shape != (n,):
        raise ValueError(f"{what} must have shape ({n},), got {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{what} contains NaN or infinity")
    return a


def _activations(network: Network) -> list[Activation]:
    return [OUTPUT_ACTIVATIONS[name] for name in network.activations]


def _forward(
    weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], acts: Sequence[Activation],
    x: np.ndarray,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """zs[i] (1, fan_out_i) and inputs[i] (1, fan_in_i) with inputs[L] = the output."""
    h = x[None, :]
    inputs = [h]
    zs = []
    for W, b, act in zip(weights, biases, acts, strict=True):
        # The same expression as the core's forward pass, so the numbers agree bit for bit.
        z = h @ W + b
        h = act.fn(z)
        zs.append(z)
        inputs.append(h)
    return zs, inputs


def walkthrough(
    network: Network,
    x_row: np.ndarray,
    y_row: np.ndarray,
    loss: str,
    learning_rate: float,
    l1: float = 0.0,
    l2: float = 0.0,
) -> Walkthrough:
    """Walk one sample through the forward pass, the loss, the backward pass and one update.

    Parameters
    ----------
    network : Network
        Read only (weights, biases, activations).
    x_row : (n_in,) array_like
        The network input for the sample, after the input features.
    y_row : (k,) array_like
        The target as the loss sees it (binary: ``[0.]`` or ``[1.]``; k classes:
        one-hot; regression: ``[value]``).
    loss : str
        A :data:`~nnsim.core.losses.LOSSES` name accepted by the output activation.
    learning_rate : float
        Step size of the plain gradient-descent update (> 0).
    l1, l2 : float
        Regularisation rates, as in ``Network.loss_and_gradients`` (penalty
        ``l1·Σ|W| + l2·½·ΣW²`` on the weights, not the biases).

    Returns
    -------
    Walkthrough
        Its gradients equal ``network.loss_and_gradients(x_row[None], y_row[None], loss,
        l1, l2)`` and its updated weights equal one SGD step on that one-sample batch.

    Raises
    ------
    ValueError
        Wrong shapes, non-finite values, an unknown loss or one the output activation
        does not accept, or a learning rate that is not positive.
    """
    sizes = list(network.layer_sizes)
    n_layers = len(sizes) - 1
    x = _check_row(x_row, sizes[0], "x_row")
    y = _check_row(y_row, sizes[-1], "y_row")
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; known: {', '.join(LOSSES)}")
    loss_obj = LOSSES[loss]
    if not loss_obj.accepts(network.activations[-1]):
        raise ValueError(f"{loss} cannot be used with a {network.activations[-1]} output")
    lr = float(learning_rate)
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"the learning rate must be a positive number, got {learning_rate!r}")
    l1, l2 = float(l1), float(l2)
    if not (math.isfinite(l1) and math.isfinite(l2) and l1 >= 0 and l2 >= 0):
        raise ValueError("l1 and l2 must be finite and not negative")

    Ws = [np.array(w, dtype=np.float64) for w in network.weights]
    bs = [np.array(b, dtype=np.float64) for b in network.biases]
    acts = _activations(network)
    steps: list[WalkStep] = []

    # ---- forward
    with np.errstate(over="ignore", under="ignore"):
        zs, inputs = _forward(Ws, bs, acts, x)
    for i in range(n_layers):
        z, a = zs[i][0], inputs[i + 1][0]
        f = _apply_text(acts[i])
        eq = f"z = x·W + b = {_vector(z)}; a = {f} = {_vector(a)}"
        steps.append(
            WalkStep(
                "forward_layer",
                i,
                QT_TRANSLATE_NOOP(
                    "Walkthrough",
                    "Forward pass, {layer}: each neuron adds up its weighted inputs and its bias "
                    "(z), then applies the activation f = {activation} (a). {equation}",
                ).format(layer=_layer_name(i, n_layers), activation=acts[i].name, equation=eq),
                _arrays(x=inputs[i][0], W=Ws[i], b=bs[i], z=z, a=a),
            )
        )

    # ---- loss
    z_out, a_out = zs[-1], inputs[-1]
    y2 = y[None, :]
    data_loss = float(loss_obj.value(z_out, a_out, y2))
    penalty = 0.0
    if l1:
        penalty += l1 * sum(float(np.abs(W).sum()) for W in Ws)
    if l2:
        penalty += l2 * 0.5 * sum(float(np.square(W).sum()) for W in Ws)
    total = data_loss + penalty
    if l1 or l2:
        loss_caption = QT_TRANSLATE_NOOP(
            "Walkthrough",
            "Loss ({loss}): the output a = {output} against the target y = {target} gives "
            "{value}; with the regularisation penalty {penalty} the total is L = {total}.",
        )
    else:
        loss_caption = QT_TRANSLATE_NOOP(
            "Walkthrough",
            "Loss ({loss}): the output a = {output} against the target y = {target} gives "
            "{value}.",
        )
    steps.append(
        WalkStep(
            "loss",
            None,
            loss_caption.format(
                loss=loss_obj.label,
                output=_vector(a_out),
                target=_vector(y),
                value=format_number(data_loss),
                penalty=format_number(penalty),
                total=format_number(total),
            ),
            _arrays(output=a_out[0], y=y, data_loss=data_loss, penalty=penalty, value=total),
        )
    )

    # ---- backward: delta = dL/dz of the current layer, shape (1, fan_out)
    grads: list[tuple[np.ndarray, np.ndarray]] = [(np.empty(0), np.empty(0))] * n_layers
    delta = np.asarray(loss_obj.delta(z_out, a_out, y2, acts[-1]), dtype=np.float64)
    for i in range(n_layers - 1, -1, -1):
        extra: dict[str, np.ndarray] = {}
        penalised = bool(l1 or l2)
        dL_da_text = ""
        if i == n_layers - 1:
            # One whole sentence per case (output or hidden layer, with or without the
            # penalty), so a translation can order every part as its language needs.
            if penalised:
                backward_caption = QT_TRANSLATE_NOOP(
                    "Walkthrough",
                    "Backward pass, {layer}: dL/dz = {dL_dz} comes straight from the loss. "
                    "Each link's gradient is dL/dw = (its input) × (dL/dz of its neuron) + the "
                    "penalty's gradient; the largest, {largest}, is on {link}. dL/db = dL/dz.",
                )
            else:
                backward_caption = QT_TRANSLATE_NOOP(
                    "Walkthrough",
                    "Backward pass, {layer}: dL/dz = {dL_dz} comes straight from the loss. "
                    "Each link's gradient is dL/dw = (its input) × (dL/dz of its neuron); "
                    "the largest, {largest}, is on {link}. dL/db = dL/dz.",
                )
        else:
            dL_da = delta @ Ws[i + 1].T
            f_prime = acts[i].grad(zs[i], inputs[i + 1])
            delta = dL_da * f_prime
            extra = {"dL_da": dL_da[0], "f_prime": f_prime[0]}
            dL_da_text = _vector(dL_da)
            if penalised:
                backward_caption = QT_TRANSLATE_NOOP(
                    "Walkthrough",
                    "Backward pass, {layer}: dL/da = dL/dz(layer above)·Wᵀ = {dL_da}; "
                    "dL/dz = dL/da × f′(z) = {dL_dz}. Each link's gradient is "
                    "dL/dw = (its input) × (dL/dz of its neuron) + the penalty's gradient; "
                    "the largest, {largest}, is on {link}. dL/db = dL/dz.",
                )
            else:
                backward_caption = QT_TRANSLATE_NOOP(
                    "Walkthrough",
                    "Backward pass, {layer}: dL/da = dL/dz(layer above)·Wᵀ = {dL_da}; "
                    "dL/dz = dL/da × f′(z) = {dL_dz}. Each link's gradient is "
                    "dL/dw = (its input) × (dL/dz of its neuron); "
                    "the largest, {largest}, is on {link}. dL/db = dL/dz.",
                )
        dW = inputs[i].T @ delta
        if l1:
            dW = dW + l1 * np.sign(Ws[i])
        if l2:
            dW = dW + l2 * Ws[i]
        db = delta.sum(axis=0)
        grads[i] = (dW, db)
        r, c = np.unravel_index(int(np.argmax(np.abs(dW))), dW.shape)
        caption_args = {
            "layer": _layer_name(i, n_layers),
            "dL_dz": _vector(delta),
            "largest": format_number(dW[r, c]),
            "link": _link_name(i, int(r), int(c), n_layers),
        }
        if dL_da_text:
            caption_args["dL_da"] = dL_da_text
        steps.append(
            WalkStep(
                "backward_layer",
                i,
                backward_caption.format(**caption_args),
                _arrays(**extra, dL_dz=delta[0], x=inputs[i][0], dL_dW=dW, dL_db=db),
            )
        )

    # ---- update (plain gradient descent, exactly the SGD optimizer's step)
    updated: list[tuple[np.ndarray, np.ndarray]] = []
    for i in range(n_layers):
        dW, db = grads[i]
        W_new = Ws[i] - lr * dW
        b_new = bs[i] - lr * db
        updated.append((W_new, b_new))
        r, c = np.unravel_index(int(np.argmax(np.abs(dW))), dW.shape)
        # Six digits: a small update must stay visible in "old - lr*grad = new".
        change = (
            f"{format_number(Ws[i][r, c], 6)} − {format_number(lr)}×{_factor(dW[r, c], 6)} = "
            f"{format_number(W_new[r, c], 6)}"
        )
        steps.append(
            WalkStep(
                "update",
                i,
                QT_TRANSLATE_NOOP(
                    "Walkthrough",
                    "Gradient descent, {layer}: W ← W − lr·dL/dW and b ← b − lr·dL/db with "
                    "lr = {lr}. The weight that changes most is on {link}: {change}.",
                ).format(
                    layer=_layer_name(i, n_layers),
                    lr=format_number(lr),
                    link=_link_name(i, int(r), int(c), n_layers),
                    change=change,
                ),
                _arrays(
                    W_old=Ws[i], dL_dW=dW, W_new=W_new, b_old=bs[i], dL_db=db, b_new=b_new,
                    learning_rate=lr,
                ),
            )
        )

    return Walkthrough(
        steps=tuple(steps),
        x=frozen(x),
        y=frozen(y),
        output=frozen(a_out[0]),
        loss=total,
        loss_name=loss,
        learning_rate=lr,
        l1=l1,
        l2=l2,
        gradients=tuple((frozen(dW), frozen(db)) for dW, db in grads),
        updated=tuple((frozen(W), frozen(b)) for W, b in updated),
    )


def neuron_equation(network: Network, layer: int, unit: int, x_row: np.ndarray) -> NeuronEquation:
    """One neuron's weighted sum and activation for one network input.

    Parameters
    ----------
    network : Network
        Read only.
    layer : int
        Weight layer, 0 = first hidden layer, ``len(network.weights) - 1`` = output.
    unit : int
        Neuron index in that layer (0-based).
    x_row : (n_in,) array_like
        The network input (after the input features).

    Returns
    -------
    NeuronEquation
        ``z`` and ``a`` equal the forward pass's ``zs[layer][0, unit]`` and
        ``acts[layer + 1][0, unit]``.

    Raises
    ------
    IndexError
        ``layer`` or ``unit`` out of range.
    ValueError
        ``x_row`` of the wrong shape or not finite.
    """
    sizes = list(network.layer_sizes)
    n_layers = len(sizes) - 1
    if not 0 <= layer < n_layers:
        raise IndexError(f"layer {layer} out of range 0..{n_layers - 1}")
    if not 0 <= unit < sizes[layer + 1]:
        raise IndexError(f"layer {layer} has {sizes[layer + 1]} neurons; no unit {unit}")
    x = _check_row(x_row, sizes[0], "x_row")
    acts = _activations(network)
    Ws = list(network.weights[: layer + 1])
    bs = list(network.biases[: layer + 1])
    with np.errstate(over="ignore", under="ignore"):
        zs, inputs = _forward(Ws, bs, acts[: layer + 1], x)
    xin = np.array(inputs[layer][0], dtype=np.float64)
    w = np.array(Ws[layer][:, unit], dtype=np.float64)
    terms = w * xin
    bias = float(bs[layer][unit])
    z = float(zs[layer][0, unit])
    a = float(inputs[layer + 1][0, unit])
    act = acts[layer]

    shown = [f"{_factor(wi)}·{_factor(xi)}" for wi, xi in zip(w, xin, strict=True)]
    if len(shown) > 8:
        shown = [*shown[:3], "…", shown[-1]]
    parts = " + ".join([*shown, _factor(bias)])
    if act.name == "softmax":
        a_text = f"a = softmax(z)[{unit + 1}] = {format_number(a)}"
    elif act.name == "linear":
        a_text = f"a = z = {format_number(a)}"
    else:
        a_text = f"a = {act.name}(z) = {format_number(a)}"
    text = f"z = {parts} = {format_number(z)}; {a_text}"
    return NeuronEquation(
        layer=layer,
        unit=unit,
        inputs=frozen(xin),
        weights=frozen(w),
        terms=frozen(terms),
        bias=bias,
        z=z,
        a=a,
        activation=act.name,
        text=text,
    )
