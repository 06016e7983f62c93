"""The "collapse" edit: replace a run of linear layers by the single equivalent layer.

A linear hidden layer followed by another layer is one affine map:
``(x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)``. :func:`collapse_run` turns a run
found by :func:`~nnsim.core.collapse.linear_runs` into one layer with the composed
weights (:func:`~nnsim.core.collapse.collapse_network`), as an
:class:`~nnsim.model.edits.Edit` like every other editor gesture, so it goes on the
undo stack through the same command and undo brings the layers back with the
weights they had.

Unit ids: the units of the removed hidden layers disappear; the inputs of the run,
the units it feeds and every other column keep their ids. The merged layer's links
are new (no live counterpart), its biases are set by the edit (so they are pinned
when training runs on): the collapsed network is the stack's, to rounding.
"""

from __future__ import annotations

from dataclasses import replace

from nnsim.core.collapse import collapse_network
from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.units import Units, check_units, fresh_network
from nnsim.model.edit_record import Edit, EditRefused, UnitsLike

__all__ = ["collapse_run"]


def collapse_run(exp: Experiment, units: UnitsLike, start: int, stop: int) -> Edit:
    """Merge weight layers ``start .. stop-1`` into one layer with the same outputs.

    Parameters
    ----------
    exp : Experiment
        The current experiment, with the weights on screen (its seeded initial
        weights are used when it carries none).
    units : Units
        The model's unit ids for ``exp``.
    start, stop : int
        The run (weight layers, 0 = first hidden layer): layers ``start .. stop-2``
        must be linear and ``stop - start >= 2``; layer ``stop-1`` may have any
        activation, which the merged layer keeps.

    Returns
    -------
    Edit
        ``after`` lacks hidden layers ``start .. stop-2``; its layer ``start`` has
        ``W_eff = W_start ... W_stop-1`` and the composed bias, every other layer keeps
        its weights.

    Raises
    ------
    EditRefused
        The range is not a run of linear layers.
    """
    exp.validate()
    u = check_units(units, exp)
    if exp.weights is None:
        net0 = fresh_network(exp)
        exp = exp.with_weights(net0.weights, net0.biases, exp.step)
    assert exp.weights is not None
    n_layers = len(exp.layer_sizes) - 1
    start, stop = int(start), int(stop)
    if not (0 <= start and stop <= n_layers and stop - start >= 2):
        raise EditRefused(
            QT_TRANSLATE_NOOP(
                "Edits", "Only a run of at least two neighbouring layers can be collapsed."
            )
        )
    acts = exp.activations
    if any(a != "linear" for a in acts[start : stop - 1]):
        raise EditRefused(
            QT_TRANSLATE_NOOP(
                "Edits",
                "Only linear layers collapse into the layer after them; "
                "this run has a non-linear one.",
            )
        )
    net = fresh_network(exp)
    net.set_weights(exp.weights.W, exp.weights.b)
    merged = collapse_network(net, start, stop)
    after = replace(exp, hidden=exp.hidden[:start] + exp.hidden[stop - 1 :], weights=None, step=0)
    try:
        after.validate()
    except InvalidExperimentError as exc:  # pragma: no cover - dropping layers stays valid
        raise EditRefused(exc.reason) from None
    after = after.with_weights(merged.weights, merged.biases, exp.step)
    units_after = check_units(Units([*u[: start + 1], *u[stop:]], u.next_id), after)
    n = stop - start
    text = QT_TRANSLATE_NOOP("Edits", "Collapse {n} layers into one").format(n=n)
    return Edit("collapse_run", text, exp, after, u, units_after)
