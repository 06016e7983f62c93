"""Unit identity: stable ids for a network's units, and weights that follow them.

The document (``nnsim.model``) gives every unit an id that survives edits: a feature's
id is its index in :data:`~nnsim.core.features.FEATURES`, hidden and output units get
ids from :data:`FIRST_UNIT_ID` on, never reused. A weight belongs to the link between
two ids and a bias to its unit, so an edit that inserts, removes or moves layers or
neurons keeps every number whose link or unit survives (:func:`overlay_by_units`), and
a :class:`UnitCarry` tells the :class:`~nnsim.core.trainer.Trainer` where each number
of an edited network comes from: the live network, stored weights, or the seeded
initialisation (:func:`fresh_network`).

Pure NumPy: the model and the training process both import it, neither through the
other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from nnsim.core.experiment import Experiment, Weights
from nnsim.core.features import FEATURES
from nnsim.core.network import Network

__all__ = [
    "FEATURE_IDS",
    "FIRST_UNIT_ID",
    "PREFER",
    "UnitCarry",
    "Units",
    "check_units",
    "default_units",
    "fresh_network",
    "layer_mapping",
    "overlay_by_units",
    "reconcile_units",
    "shape_mapping",
]

#: Id of each input feature: its index in :data:`~nnsim.core.features.FEATURES`, so
#: switching a feature off and on again gives it back its id (and its weights).
FEATURE_IDS: dict[str, int] = {name: i for i, name in enumerate(FEATURES)}
#: First id of hidden and output units; lower ids belong to the features.
FIRST_UNIT_ID = 100
#: Where :class:`UnitCarry` looks first for a value (``"auto"`` is resolved by the caller).
PREFER = ("live", "stored", "auto")


class Units(tuple):
    """Stable unit ids, one tuple per column: (features, hidden layers..., output).

    Compares equal to (and can be used as) a plain ``tuple[tuple[int, ...], ...]``;
    it also carries :attr:`next_id`, the lowest id that no unit has had yet, so
    edits that add units never reuse the id of one that was removed (whose weights
    an undo command may still hold).

    Parameters
    ----------
    columns : sequence of sequences of int
        Ids per column.
    next_id : int, optional
        Lower bound for :attr:`next_id` (taken from ``columns`` when it is a Units).
        The result is always above every id in ``columns`` and at least
        :data:`FIRST_UNIT_ID`.
    """

    next_id: int

    def __new__(cls, columns: Iterable[Iterable[int]] = (), next_id: int | None = None) -> Units:
        cols = tuple(tuple(int(u) for u in col) for col in columns)
        self = super().__new__(cls, cols)
        floor = next_id if next_id is not None else getattr(columns, "next_id", 0)
        top = max((u for col in cols for u in col), default=-1)
        self.next_id = max(FIRST_UNIT_ID, top + 1, int(floor))
        return self

    def __reduce__(self):  # copy/pickle keep next_id (tuple's own reduce would drop it)
        return (Units, (tuple(self), self.next_id))

    def __repr__(self) -> str:
        return f"Units({tuple(self)!r}, next_id={self.next_id})"

    @property
    def sizes(self) -> tuple[int, ...]:
        """Units per column (the layer sizes they describe)."""
        return tuple(len(col) for col in self)

    def positions(self) -> dict[int, tuple[int, int]]:
        """Map unit id -> (column, index within the column)."""
        return {u: (c, k) for c, col in enumerate(self) for k, u in enumerate(col)}


def check_units(units: Iterable[Iterable[int]], exp: Experiment) -> Units:
    """``units`` as :class:`Units` after checking that they describe ``exp``.

    Raises
    ------
    ValueError
        Wrong number of columns or units per column, feature ids that do not match
        ``exp.features``, or an id used twice. (A programming error, not a user's.)
    """
    u = units if isinstance(units, Units) else Units(units)
    sizes = tuple(exp.layer_sizes)
    if u.sizes != sizes:
        raise ValueError(f"unit ids for layer sizes {list(u.sizes)}, the network has {list(sizes)}")
    if u[0] != tuple(FEATURE_IDS[name] for name in exp.features):
        raise ValueError(f"feature ids {u[0]} do not match the features {exp.features}")
    flat = [i for col in u for i in col]
    if len(set(flat)) != len(flat):
        raise ValueError(f"a unit id is used twice in {tuple(u)}")
    if any(i < FIRST_UNIT_ID for col in u[1:] for i in col):
        raise ValueError(f"hidden and output ids must be >= {FIRST_UNIT_ID}")
    return u


def reconcile_units(units: Iterable[Iterable[int]], exp: Experiment) -> Units:
    """Unit ids for ``exp`` that keep ``units`` by position.

    Used for changes that do not say which unit went where (a data set with more
    classes, a hyper-parameter panel edit): feature ids come from the names; hidden
    layer ``i`` keeps the ids of old hidden layer ``i`` (cut or extended at the end);
    the output keeps its ids likewise. New units get fresh ids.

    Parameters
    ----------
    units : sequence of sequences of int
        The current ids (``()`` for none: every hidden and output id is fresh).
    exp : Experiment
        The experiment to describe.

    Returns
    -------
    Units
    """
    old = units if isinstance(units, Units) else Units(units)
    next_id = old.next_id
    old_hidden = list(old[1:-1]) if len(old) >= 2 else []
    old_out = old[-1] if len(old) >= 2 else ()

    def keep(ids: tuple[int, ...], n: int) -> tuple[int, ...]:
        nonlocal next_id
        kept = ids[:n]
        extra = tuple(range(next_id, next_id + n - len(kept)))
        next_id += len(extra)
        return kept + extra

    cols: list[tuple[int, ...]] = [tuple(FEATURE_IDS[name] for name in exp.features)]
    for i, layer in enumerate(exp.hidden):
        cols.append(keep(old_hidden[i] if i < len(old_hidden) else (), layer.width))
    cols.append(keep(old_out, exp.n_outputs))
    return Units(cols, next_id)


def default_units(exp: Experiment) -> Units:
    """The ids a fresh document gets: feature ids, then sequential ids from FIRST_UNIT_ID."""
    return reconcile_units((), exp)


def fresh_network(exp: Experiment) -> Network:
    """``exp``'s network with its seeded initial weights (layer i: ``default_rng([seed, i])``)."""
    return Network(
        exp.layer_sizes,
        exp.activations,
        seed=exp.seed,
        init=exp.hyper.init,
        init_value=exp.hyper.init_value,
    )


def overlay_by_units(
    W: Sequence[np.ndarray],
    b: Sequence[np.ndarray],
    units: Sequence[Sequence[int]],
    src_W: Sequence[np.ndarray],
    src_b: Sequence[np.ndarray],
    src_units: Sequence[Sequence[int]],
    links: Iterable[tuple[int, int]] | None = None,
    bias_units: Iterable[int] | None = None,
) -> None:
    """Copy, by unit id, every weight and bias of a source network that ``W``/``b`` also have.

    A weight belongs to the link (source unit id, target unit id); it is copied when
    the link exists in both networks (both units present and in adjacent columns).
    A bias belongs to its (non-input) unit and is copied when the unit exists in both.

    Parameters
    ----------
    W, b : sequences of (fan_in, fan_out) and (fan_out,) arrays
        The target parameters, written in place.
    units : sequence of sequences of int
        Ids per column of the target (``len(W) + 1`` columns).
    src_W, src_b : sequences of arrays
        The source parameters.
    src_units : sequence of sequences of int
        Ids per column of the source.
    links : iterable of (int, int), optional
        Copy only these links. With ``links`` or ``bias_units`` given, only the
        listed parameters are copied (a missing one of the two means none of its kind).
    bias_units : iterable of int, optional
        Copy only the biases of these units.
    """
    pos = {u: (c, k) for c, col in enumerate(src_units) for k, u in enumerate(col)}
    if links is not None or bias_units is not None:
        dpos = {u: (c, k) for c, col in enumerate(units) for k, u in enumerate(col)}
        for s, d in links or ():
            ds, dd, ss, sd = dpos.get(s), dpos.get(d), pos.get(s), pos.get(d)
            if None in (ds, dd, ss, sd) or dd[0] != ds[0] + 1 or sd[0] != ss[0] + 1:
                continue
            W[ds[0]][ds[1], dd[1]] = src_W[ss[0]][ss[1], sd[1]]
        for u in bias_units or ():
            du, su = dpos.get(u), pos.get(u)
            if du is None or su is None or du[0] == 0 or su[0] == 0:
                continue
            b[du[0] - 1][du[1]] = src_b[su[0] - 1][su[1]]
        return

    def by_column(ids: Sequence[int]) -> dict[int, tuple[list[int], list[int]]]:
        """Source column -> (indices in ``ids``, indices in that source column)."""
        groups: dict[int, tuple[list[int], list[int]]] = {}
        for k, u in enumerate(ids):
            p = pos.get(u)
            if p is not None:
                here, there = groups.setdefault(p[0], ([], []))
                here.append(k)
                there.append(p[1])
        return groups

    n_src = len(src_W)
    for i in range(len(W)):
        rows = by_column(units[i])
        cols = by_column(units[i + 1])
        for c, (r_new, r_src) in rows.items():
            if c >= n_src or c + 1 not in cols:
                continue
            c_new, c_src = cols[c + 1]
            W[i][np.ix_(r_new, c_new)] = src_W[c][np.ix_(r_src, c_src)]
        for c, (c_new, c_src) in cols.items():
            if c >= 1:
                b[i][c_new] = src_b[c - 1][c_src]


@dataclass(frozen=True, eq=False)
class UnitCarry:
    """How :meth:`~nnsim.core.trainer.Trainer.apply` fills an edited architecture, by unit id.

    For every weight (link) and bias of the new architecture the value comes from the
    live network when its units exist there, else from :attr:`fallback` when they
    exist there, else from the fresh seeded initialisation -- with ``prefer="live"``.
    With ``prefer="stored"`` the fallback wins over the live network (an exact load
    when the fallback covers the whole network: undo while paused).

    Attributes
    ----------
    units : Units
        Ids per column of the new architecture.
    fallback : Weights or None
        Stored values (those an undo command kept when it removed a layer).
    fallback_units : Units or None
        Ids per column of ``fallback`` (default: :attr:`units`).
    pinned_weights : frozenset of (int, int)
        Links (source id, target id) whose value is taken from ``fallback`` even when
        they exist live: the numbers an edit set by hand (a weight scrub).
    pinned_biases : frozenset of int
        Units whose bias is taken from ``fallback`` likewise.
    prefer : str
        ``"live"``, ``"stored"``, or ``"auto"`` -- live while training, stored while
        paused; the training controller resolves "auto" (the Trainer refuses it).
    """

    units: Units
    fallback: Weights | None = None
    fallback_units: Units | None = None
    pinned_weights: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    pinned_biases: frozenset[int] = field(default_factory=frozenset)
    prefer: str = "live"

    def __post_init__(self) -> None:
        if self.prefer not in PREFER:
            raise ValueError(f"prefer must be one of {', '.join(PREFER)}, got {self.prefer!r}")
        units = self.units if isinstance(self.units, Units) else Units(self.units)
        object.__setattr__(self, "units", units)
        fb_units = self.fallback_units
        if fb_units is None:
            fb_units = units
        elif not isinstance(fb_units, Units):
            fb_units = Units(fb_units)
        object.__setattr__(self, "fallback_units", fb_units)
        object.__setattr__(self, "pinned_weights", frozenset(self.pinned_weights))
        object.__setattr__(self, "pinned_biases", frozenset(self.pinned_biases))
        if self.fallback is not None:
            sizes = fb_units.sizes
            shapes = [w.shape for w in self.fallback.W]
            want = [(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
            if shapes != want:
                raise ValueError(f"fallback weights {shapes} do not fit units of sizes {sizes}")

    def resolved(self, playing: bool) -> UnitCarry:
        """This carry with ``"auto"`` resolved: live while ``playing``, else stored."""
        if self.prefer != "auto":
            return self
        return replace(self, prefer="live" if playing else "stored")

    def __repr__(self) -> str:
        return (
            f"UnitCarry(sizes={list(self.units.sizes)}, fallback={self.fallback is not None}, "
            f"pinned={len(self.pinned_weights) + len(self.pinned_biases)}, prefer={self.prefer!r})"
        )


    def fill(
        self,
        W: Sequence[np.ndarray],
        b: Sequence[np.ndarray],
        live_W: Sequence[np.ndarray],
        live_b: Sequence[np.ndarray],
        live_units: Sequence[Sequence[int]],
    ) -> None:
        """Write the carried values into the new architecture's parameters, in place.

        Parameters
        ----------
        W, b : sequences of (fan_in, fan_out) and (fan_out,) arrays
            The parameters of the architecture :attr:`units` describe, holding its
            seeded initial values; every value the live network or the fallback has
            replaces the initial one, in the order :attr:`prefer` says.
        live_W, live_b : sequences of arrays
            The live network's parameters.
        live_units : sequence of sequences of int
            Ids per column of the live network.

        Raises
        ------
        ValueError
            ``prefer`` is still ``"auto"`` (see :meth:`resolved`).
        """
        if self.prefer == "auto":
            raise ValueError("resolve UnitCarry.prefer 'auto' (UnitCarry.resolved) first")
        units, fb, fb_units = self.units, self.fallback, self.fallback_units
        if self.prefer == "live":
            if fb is not None:
                overlay_by_units(W, b, units, fb.W, fb.b, fb_units)
            overlay_by_units(W, b, units, live_W, live_b, live_units)
            if fb is not None and (self.pinned_weights or self.pinned_biases):
                # Values set by hand win over the live ones.
                overlay_by_units(
                    W, b, units, fb.W, fb.b, fb_units,
                    links=self.pinned_weights, bias_units=self.pinned_biases,
                )
        else:
            overlay_by_units(W, b, units, live_W, live_b, live_units)
            if fb is not None:
                overlay_by_units(W, b, units, fb.W, fb.b, fb_units)


def layer_mapping(old: Units, new: Units) -> list[int | None]:
    """Per weight layer of ``new``, the one of ``old`` whose output units it mostly keeps.

    A layer's history curves (gradient norms, dead units...) follow it across an edit
    that moves it or changes its width; ties go to the earlier layer.

    Parameters
    ----------
    old, new : Units
        Ids per column before and after the edit.

    Returns
    -------
    list of int or None, length ``len(new) - 1``
        The old weight layer, or None for a layer whose outputs are all new.
    """
    pos = old.positions()
    mapping: list[int | None] = []
    for col in new[1:]:
        counts: dict[int, int] = {}
        for u in col:
            p = pos.get(u)
            if p is not None and p[0] >= 1:
                counts[p[0] - 1] = counts.get(p[0] - 1, 0) + 1
        mapping.append(max(counts, key=lambda j: (counts[j], -j)) if counts else None)
    return mapping


def shape_mapping(
    old: Sequence[tuple[int, int]],
    new: Sequence[tuple[int, int]],
    carry: Sequence[int | None] | None = None,
) -> list[int | None]:
    """Per weight layer of a new architecture, the old one whose values it takes, by shape.

    The carry of an edit that names no unit ids (see
    :meth:`~nnsim.core.trainer.Trainer.apply`): new layer ``i`` takes old layer
    ``carry[i]`` when given and of the same shape. Without ``carry``, layers of the
    same shape are matched at the same index counted from the front, then from the
    back, so inserting or deleting a middle layer keeps the others.

    Parameters
    ----------
    old, new : sequences of (fan_in, fan_out)
        Weight shapes before and after.
    carry : sequence of int or None, optional
        An explicit old layer per new layer.

    Returns
    -------
    list of int or None, length ``len(new)``
        The old layer, or None for a layer that starts from its seeded init.
    """
    n_old, n_new = len(old), len(new)
    mapping: list[int | None] = [None] * n_new
    if carry is not None:
        for i, j in enumerate(carry):
            if j is not None and 0 <= j < n_old and old[j] == new[i]:
                mapping[i] = j
    else:
        used: set[int] = set()
        for i in range(min(n_old, n_new)):
            if old[i] == new[i]:
                mapping[i] = i
                used.add(i)
        for i in range(n_new):
            j = n_old - n_new + i
            if mapping[i] is not None or j < 0 or j in used:
                continue
            if old[j] == new[i]:
                mapping[i] = j
                used.add(j)
    return mapping
