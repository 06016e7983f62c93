"""Hostile and malformed input through the real loaders (issue: nothing lost, nothing crashes).

Hypothesis generates broken experiment files (mutated valid ones, wrong types, huge
sizes, non-finite numbers, truncation, deep nesting, wrong encodings) and broken CSVs.
Each must either load as a *valid* experiment/data set or raise the loader's typed
error with a message -- never any other exception, and never a huge allocation.

Each generated test runs twice over: CI-sized in every ``pytest`` run, and full-size
(``NNSIM_FUZZ_EXAMPLES``, ``NNSIM_FUZZ_CSV_EXAMPLES``) marked slow, for ``pytest -m slow``.
"""

from __future__ import annotations

import copy
import json
import math
import os
import string
import tracemalloc

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.storage import LoadError, read_csv_data

#: Generated files of the CI-sized runs (every ``pytest``).
CI_EXAMPLES = 200
CI_CSV_EXAMPLES = 100
#: Generated files of the full-size runs (``pytest -m slow``).
FUZZ_EXAMPLES = int(os.environ.get("NNSIM_FUZZ_EXAMPLES", "1000"))
CSV_EXAMPLES = int(os.environ.get("NNSIM_FUZZ_CSV_EXAMPLES", "300"))

_BASE = json.loads(
    Experiment().with_weights(
        [np.full((2, 4), 0.5), np.full((4, 2), -0.25), np.full((2, 1), 1.0)],
        [np.zeros(4), np.zeros(2), np.zeros(1)],
        step=7,
    ).to_json()
)

# Values that are wrong in some way for almost every field.
_hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([10**9, -1, 0, 2**31, 2**63, 10**400, 1e308, -1e308, 1e-320]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["relu ", "RELU", "sigmoid\x00", "", "circle", "custom", "nan"]),
)
_hostile_values = st.recursive(
    _hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(obj, prefix=()):
    """Every (container, key) path inside a JSON object."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield (*prefix, k)
            yield from _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


_ALL_PATHS = list(_paths(_BASE))


def _set(obj, path, value):
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


def _delete(obj, path):
    for key in path[:-1]:
        obj = obj[key]
    del obj[path[-1]]


@st.composite
def bad_experiment_text(draw) -> str | bytes:
    """A broken experiment file, as text or raw bytes."""
    kind = draw(
        st.sampled_from(
            ["mutate", "mutate", "mutate", "delete", "truncate", "nest", "bytes", "nonfinite",
             "huge"]
        )
    )
    doc = copy.deepcopy(_BASE)
    if kind in ("mutate", "delete"):
        n = draw(st.integers(1, 3))
        for _ in range(n):
            path = draw(st.sampled_from(_ALL_PATHS))
            try:
                if kind == "delete":
                    _delete(doc, path)
                else:
                    _set(doc, path, draw(_hostile_values))
            except (KeyError, IndexError, TypeError):
                pass  # an earlier mutation removed the container: the doc is broken anyway
        return json.dumps(doc)
    if kind == "truncate":
        text = json.dumps(doc)
        return text[: draw(st.integers(0, len(text) - 1))]
    if kind == "nest":
        depth = draw(st.integers(1_000, 200_000))
        opener = draw(st.sampled_from(["[", '{"a":']))
        return opener * depth
    if kind == "bytes":
        if draw(st.booleans()):
            return json.dumps(doc).encode("utf-16")
        return draw(st.binary(max_size=200))
    if kind == "nonfinite":
        path = draw(st.sampled_from(_ALL_PATHS))
        _set(doc, path, 0.123456789)
        token = draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999"]))
        return json.dumps(doc).replace("0.123456789", token, 1)
    # huge: a width or array length claimed to be enormous
    which = draw(st.sampled_from(["width", "samples", "weights", "custom"]))
    if which == "width":
        doc["hidden"][0]["width"] = draw(st.sampled_from([10**9, 2**40, 10**6]))
    elif which == "samples":
        doc["data"]["n_samples"] = draw(st.sampled_from([10**9, 2**62]))
    elif which == "weights":
        doc["weights"][0]["W"] = [[0.0] * 3] * draw(st.integers(3, 5000))
    else:
        n = draw(st.integers(20_001, 40_000))
        doc["data"]["dataset"] = "custom"
        doc["data"]["custom"] = {"task": "classification", "x": [[0.0, 0.0]] * n, "y": [0] * n}
    return json.dumps(doc)


_EXPERIMENT_FUZZ = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


@settings(max_examples=CI_EXAMPLES, **_EXPERIMENT_FUZZ)
@given(bad_experiment_text())
def test_bad_experiment_files_fail_cleanly(text: str | bytes) -> None:
    _check_experiment_text(text)


@pytest.mark.slow
@settings(max_examples=FUZZ_EXAMPLES, **_EXPERIMENT_FUZZ)
@given(bad_experiment_text())
def test_bad_experiment_files_fail_cleanly_full_size(text: str | bytes) -> None:
    _check_experiment_text(text)


def _check_experiment_text(text: str | bytes) -> None:
    try:
        exp = Experiment.from_json(text)
    except InvalidExperimentError as exc:
        assert str(exc).strip(), "the error must carry a message for the user"
        return
    # A mutation may happen to produce a valid document: then it must really be valid
    # and survive a round trip.
    exp.validate()
    assert Experiment.from_json(exp.to_json()) == exp


def test_enormous_claims_are_refused_before_allocation() -> None:
    doc = copy.deepcopy(_BASE)
    doc["hidden"][0]["width"] = 10**9
    tracemalloc.start()
    try:
        with pytest.raises(InvalidExperimentError) as info:
            Experiment.from_json(json.dumps(doc))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.field == "hidden[0].width"
    assert peak < 5_000_000, f"refusing a 10^9-neuron file allocated {peak} bytes"


# ----------------------------------------------------------------------------- CSV

_cell = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-1000, 1000).map(str),
    st.text(alphabet=string.ascii_letters + " ,;\"'\t", max_size=6),
    st.sampled_from(["", "nan", "NaN", "inf", "-inf", "1e999", "0x10", "1,5", " 3 "]),
)


@st.composite
def bad_csv_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["table", "table", "ragged", "binary", "empty", "encoding"]))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n\n", b"x1,x2,y\n", b" "]))
    if kind == "binary":
        return draw(st.binary(min_size=1, max_size=300))
    if kind == "encoding":
        return "x1,x2,y\n1,2,0\n3,4,1\n5,6,é\n".encode("latin-1")
    rows = draw(st.integers(1, 12))
    cols = draw(st.integers(1, 5))
    table = [[draw(_cell) for _ in range(cols)] for _ in range(rows)]
    if kind == "ragged" and rows > 1:
        table[draw(st.integers(1, rows - 1))].append("1")
    return ("\n".join(",".join(r) for r in table) + "\n").encode()


_CSV_FUZZ = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)


@settings(max_examples=CI_CSV_EXAMPLES, **_CSV_FUZZ)
@given(data=bad_csv_bytes())
def test_bad_csv_files_fail_cleanly(tmp_path, data: bytes) -> None:
    _check_csv_bytes(tmp_path, data)


@pytest.mark.slow
@settings(max_examples=CSV_EXAMPLES, **_CSV_FUZZ)
@given(data=bad_csv_bytes())
def test_bad_csv_files_fail_cleanly_full_size(tmp_path, data: bytes) -> None:
    _check_csv_bytes(tmp_path, data)


def _check_csv_bytes(tmp_path, data: bytes) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    try:
        custom = read_csv_data(path)
    except LoadError as exc:
        assert str(exc).strip()
        return
    # Whatever loads must be usable data: finite, 1 or 2 input columns, one target each.
    assert custom.x.ndim == 2 and custom.x.shape[1] in (1, 2)
    assert custom.y.shape == (custom.x.shape[0],)
    assert np.all(np.isfinite(custom.x)) and np.all(np.isfinite(custom.y))
    assert not any(math.isnan(v) for v in custom.y)


@pytest.mark.parametrize("kind", ["directory", "missing"])
def test_csv_paths_that_are_not_files(tmp_path, kind: str) -> None:
    path = tmp_path / "sub" if kind == "directory" else tmp_path / "nope.csv"
    if kind == "directory":
        path.mkdir()
    with pytest.raises(LoadError) as info:
        read_csv_data(path)
    assert str(info.value).strip()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_csv_without_read_permission(tmp_path) -> None:
    path = tmp_path / "secret.csv"
    path.write_text("1,2,0\n3,4,1\n")
    path.chmod(0)
    with pytest.raises(LoadError):
        read_csv_data(path)
