"""The training curves saved with an experiment, so a reopened run shows where it stood.

An experiment that carries trained weights may also carry the decimated
:class:`~nnsim.core.snapshot.HistoryArrays` of the run that produced them
(:attr:`Experiment.history <nnsim.core.experiment.Experiment.history>`); opening the
file restores them into the trainer's :class:`~nnsim.core.history.History`, and new
records join them on the same grid.

File format (``"history"`` in an experiment file, version :data:`HISTORY_VERSION`)::

    "history": {
      "version": 1,
      "records": 3,
      "layers": 3,
      "step": "AQAAAAAAAAAUAAAAAAAAACgAAAAAAAAA",
      "epoch": "...", "train_loss": "...", "test_loss": "...",
      "grad_norm": "...", "mean_abs_act": "...", "dead_frac": "...", "sat_frac": "...",
      "marks": [20]
    }

Each array is base64 of its little-endian bytes: ``step`` int64, the others float64,
the per-layer statistics row-major ``(records, layers)``. Why not JSON numbers, as the
weights are written: the curves must reopen *identical* to what was on screen, and
they hold NaN (a statistic that does not apply to a layer's activation), which nnsim's
JSON rule refuses (:mod:`nnsim.core.jsontext`); base64 keeps every float64 bit for bit
-- NaN, infinity and -0.0 included -- with no rounding rule to argue about, takes 10.7
characters a value instead of up to 24, and decodes in one NumPy call (autosave writes
the history every few seconds). The largest history -- 4,095 records of an 11-layer
network -- is about 2.1 MB. ``marks`` (at most :data:`~nnsim.core.history.MAX_MARKS`
edit steps) stays a readable list of integers.

The reader checks the sizes before decoding anything and refuses a malformed or
oversized history with an :class:`~nnsim.core.fields.InvalidExperimentError` naming
the field; a history of an unknown (newer) version is not refused: the experiment
opens without curves and says so (:func:`read_history`), because the network and its
weights -- the lecture's real content -- are still good.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnsim.core.fields import Reader, bad, check_int
from nnsim.core.history import HISTORY_CAPACITY, MAX_MARKS, STAT_KEYS
from nnsim.core.messages import QT_TRANSLATE_NOOP
from nnsim.core.snapshot import HISTORY_FIELDS, HistoryArrays, frozen, same_values

__all__ = [
    "HISTORY_VERSION",
    "MAX_RECORDS",
    "SavedHistory",
    "check_history",
    "history_to_dict",
    "read_history",
]

#: Version of the ``"history"`` object of an experiment file.
HISTORY_VERSION = 1
#: Records a saved history may hold: a live History always keeps fewer than its capacity.
MAX_RECORDS = HISTORY_CAPACITY - 1

_SERIES = ("epoch", "train_loss", "test_loss")
_KEYS = ("version", "records", "layers", *HISTORY_FIELDS)


@dataclass(frozen=True, eq=False)
class SavedHistory:
    """The curves of a run, as an experiment carries them: compared by value.

    :class:`HistoryArrays` compares by identity (snapshots are never compared); the
    experiment document compares by value, so undo can tell an edit from a no-op.
    Two histories are equal when every array holds the same values, NaN where NaN.

    Attributes
    ----------
    arrays : HistoryArrays
        Read-only arrays: ``step`` int64, the others float64, stats ``(m, L)``.
    """

    arrays: HistoryArrays

    def __post_init__(self) -> None:
        a = self.arrays
        parts = {}
        for name in HISTORY_FIELDS:
            v = getattr(a, name)
            dtype = np.int64 if name in ("step", "marks") else np.float64
            # Snapshot arrays are read-only copies already: keep them, copy the rest.
            parts[name] = v if v.dtype == dtype and not v.flags.writeable else frozen(
                np.asarray(v, dtype=dtype)
            )
        object.__setattr__(self, "arrays", HistoryArrays(**parts))

    @classmethod
    def of(cls, arrays: HistoryArrays | SavedHistory | None) -> SavedHistory | None:
        """``arrays`` as a SavedHistory; None when there is no record to keep (edit marks
        alone draw nothing worth a file)."""
        if arrays is None or isinstance(arrays, SavedHistory):
            return arrays
        if len(arrays) == 0:
            return None
        return cls(arrays)

    @property
    def n_layers(self) -> int:
        return int(self.arrays.grad_norm.shape[1]) if self.arrays.grad_norm.ndim == 2 else 0

    def __len__(self) -> int:
        return len(self.arrays)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SavedHistory):
            return NotImplemented
        # Edits hand the same history along: skip comparing up to ~200k floats.
        if self is other or self.arrays is other.arrays:
            return True
        a, b = self.arrays, other.arrays
        return all(same_values(getattr(a, name), getattr(b, name)) for name in HISTORY_FIELDS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        last = int(self.arrays.step[-1]) if len(self) else None
        return f"SavedHistory(records={len(self)}, layers={self.n_layers}, last_step={last})"


def check_history(h: SavedHistory, field: str, n_layers: int, step: int) -> None:
    """Raise InvalidExperimentError unless ``h`` can continue a run of ``n_layers``
    weight layers that stands at ``step``: at most :data:`MAX_RECORDS` records, steps
    increasing and none after ``step``, edit marks within the run."""
    a = h.arrays
    n = len(a)
    # At least one record: no records is "no curves" (``SavedHistory.of`` gives None),
    # and a file must say that by leaving the history out.
    check_int(f"{field}.records", n, 1, MAX_RECORDS)
    if h.n_layers != n_layers:
        bad(
            f"{field}.layers",
            QT_TRANSLATE_NOOP(
                "Experiment", "expected {n} layers for this architecture, got {got}"
            ).format(n=n_layers, got=h.n_layers),
        )
    if n and (int(a.step[0]) < 0 or np.any(np.diff(a.step) <= 0)):
        bad(
            f"{field}.step",
            QT_TRANSLATE_NOOP("Experiment", "steps must increase from record to record"),
        )
    if n and int(a.step[-1]) > step:
        bad(
            f"{field}.step",
            QT_TRANSLATE_NOOP(
                "Experiment", "a record at step {last} is after the weights' step {step}"
            ).format(last=int(a.step[-1]), step=step),
        )
    if n and not np.all(np.isfinite(a.epoch) & (a.epoch >= 0)):
        bad(
            f"{field}.epoch",
            QT_TRANSLATE_NOOP("Experiment", "must hold finite numbers of at least 0"),
        )
    if len(a.marks) > MAX_MARKS or np.any((a.marks < 0) | (a.marks > step)):
        bad(
            f"{field}.marks",
            QT_TRANSLATE_NOOP(
                "Experiment", "must be at most {max} steps between 0 and {step}"
            ).format(max=MAX_MARKS, step=step),
        )


def _encode(values: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def history_to_dict(h: SavedHistory) -> dict[str, Any]:
    """The ``"history"`` object of an experiment file (see the module docstring)."""
    a = h.arrays
    out: dict[str, Any] = {
        "version": HISTORY_VERSION,
        "records": len(a),
        "layers": h.n_layers,
        "step": _encode(a.step, "<i8"),
    }
    for name in (*_SERIES, *STAT_KEYS):
        out[name] = _encode(getattr(a, name), "<f8")
    out["marks"] = [int(m) for m in a.marks]
    return out


def _decode(raw: Any, field: str, count: int, dtype: str) -> np.ndarray:
    """``count`` numbers of ``dtype`` from base64 text, its length checked before decoding."""
    wrong = QT_TRANSLATE_NOOP("Experiment", "must be base64 text of {n} numbers").format(n=count)
    # 8 bytes a number; base64 writes 4 characters for every 3 bytes, padded.
    if not isinstance(raw, str) or len(raw) != 4 * -(-8 * count // 3):
        bad(field, wrong)
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        bad(field, wrong)
    if len(data) != 8 * count:
        bad(field, wrong)
    # The file's little-endian bytes, as this machine's own int64 / float64.
    return np.frombuffer(data, dtype=dtype).astype(dtype.lstrip("<"))


def read_history(
    obj: Any, field: str, n_layers: int, step: int, notes: list[str] | None = None
) -> SavedHistory | None:
    """Read the ``"history"`` object of an experiment file.

    Parameters
    ----------
    obj : object
        The parsed JSON value.
    field : str
        Its name in messages ("history").
    n_layers : int
        Weight layers of the experiment's (already validated) architecture.
    step : int
        The experiment's step: no record may come after it.
    notes : list of str, optional
        Receives a translatable note when the history is of an unknown version.

    Returns
    -------
    SavedHistory or None
        None for a history of an unknown version (the experiment opens without its
        curves: they are a view of the past run, the weights are what it learnt).

    Raises
    ------
    InvalidExperimentError
        A malformed or oversized history, naming the field. What the values say (steps
        in order, none after ``step``, epochs finite) is left to :func:`check_history`.
    """
    # The version first, with any fields: a newer history may have fields of its own.
    version = Reader(obj, field, list(obj) if isinstance(obj, dict) else []).int("version", None)
    check_int(f"{field}.version", version, 1, 1_000_000)
    if version != HISTORY_VERSION:
        if notes is not None:
            notes.append(
                QT_TRANSLATE_NOOP(
                    "Experiment",
                    "The training curves in this file are of a newer kind (version "
                    "{version}) and are not shown; the network and its weights were opened.",
                ).format(version=version)
            )
        return None
    r = Reader(obj, field, _KEYS)
    n = r.int("records", None)
    check_int(r.where("records"), n, 1, MAX_RECORDS)  # none would be no history at all
    layers = r.int("layers", None)
    if layers != n_layers:
        bad(
            r.where("layers"),
            QT_TRANSLATE_NOOP(
                "Experiment", "expected {n} layers for this architecture, got {got}"
            ).format(n=n_layers, got=layers),
        )
    parts: dict[str, np.ndarray] = {"step": _decode(r.obj.get("step"), r.where("step"), n, "<i8")}
    for name in _SERIES:
        parts[name] = _decode(r.obj.get(name), r.where(name), n, "<f8")
    for name in STAT_KEYS:
        parts[name] = _decode(r.obj.get(name), r.where(name), n * layers, "<f8").reshape(
            n, layers
        )
    raw_marks = r.list("marks", MAX_MARKS) if r.has("marks") else []
    for i, m in enumerate(raw_marks):
        check_int(f"{r.where('marks')}[{i}]", m, 0, step)
    parts["marks"] = np.array(raw_marks, dtype=np.int64)
    # Read-only arrays; whether they can continue the run (steps in order, none after
    # ``step``) is check_history's, which Experiment.validate runs on every experiment.
    return SavedHistory(HistoryArrays(**parts))

