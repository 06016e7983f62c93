"""Bad experiment files and CSVs through the window's own open and import paths.

The core half (tests/core/test_fuzz_inputs.py) proves the loaders raise their typed
errors for generated experiment files and CSVs. This half proves what the lecturer
sees: ``MainWindow.open_file`` / ``MainWindow.import_csv`` on generated files (the same
hypothesis strategies; dozens in every run, hundreds with ``pytest -m slow``) and on
every named hostile case show
exactly ONE message naming the file and the problem, and leave the experiment, the
trained weights (compared array by array after the worker republishes) and the undo
history exactly as they were.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from PySide6.QtWidgets import QMessageBox
from windows import close_window, open_window, wait_until

from nnsim.core.experiment import Experiment, InvalidExperimentError
from nnsim.gui.main_window import MainWindow
from nnsim.storage import LoadError, read_csv_data


def _load_core_fuzz():
    """The strategies of tests/core/test_fuzz_inputs.py (tests/ is not a package)."""
    name = "nnsim_tests_core_fuzz_inputs"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parents[1] / "core" / "test_fuzz_inputs.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_fuzz = _load_core_fuzz()
bad_experiment_text = _fuzz.bad_experiment_text
bad_csv_bytes = _fuzz.bad_csv_bytes

#: Generated files through the window in every ``pytest`` run ...
CI_GUI_EXAMPLES = 50
CI_GUI_CSV_EXAMPLES = 75
#: ... and in the full-size runs (``pytest -m slow``).
GUI_EXAMPLES = int(os.environ.get("NNSIM_FUZZ_GUI_EXAMPLES", "200"))
GUI_CSV_EXAMPLES = int(os.environ.get("NNSIM_FUZZ_GUI_CSV_EXAMPLES", "300"))
_GUI_FUZZ = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


# ----------------------------------------------------------------------------- fixtures


@dataclass
class State:
    """What must survive a failed load."""

    experiment: Experiment
    count: int
    index: int
    clean_index: int
    path: Path | None
    title: str
    step: int
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]


def _state(w: MainWindow) -> State:
    snap = w.controller.latest
    assert snap is not None
    return State(
        w.model.experiment,
        w.undo_stack.count(),
        w.undo_stack.index(),
        w.undo_stack.cleanIndex(),
        w.path,
        w.windowTitle(),
        snap.step,
        tuple(np.array(a) for a in snap.weights),
        tuple(np.array(a) for a in snap.biases),
    )


def _assert_intact(w: MainWindow, before: State) -> None:
    assert w.model.experiment is before.experiment
    assert w.undo_stack.count() == before.count
    assert w.undo_stack.index() == before.index
    assert w.undo_stack.cleanIndex() == before.clean_index
    assert w.path == before.path
    assert w.windowTitle() == before.title
    snap = w.controller.latest
    assert snap is not None and snap.step == before.step
    for a, b in zip(snap.weights, before.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(snap.biases, before.biases, strict=True):
        np.testing.assert_array_equal(a, b)


def _assert_worker_intact(w: MainWindow, before: State, qtbot) -> None:
    """Make the worker publish afresh (pause forces a snapshot) and compare its weights."""
    old = w.controller.latest
    w.controller.pause()
    qtbot.waitUntil(lambda: w.controller.latest is not old, timeout=5000)
    _assert_intact(w, before)


class Messages:
    """Records every message box instead of showing it."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def take(self) -> list[tuple[str, str]]:
        out, self.shown = self.shown, []
        return out


@pytest.fixture(scope="module")
def messages() -> Iterator[Messages]:
    record = Messages()
    mp = pytest.MonkeyPatch()

    def show(_parent, title, text, *_args, **_kwargs) -> QMessageBox.StandardButton:
        record.shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    def show_box(box: QMessageBox) -> None:
        record.shown.append((box.windowTitle(), box.text()))

    for kind in ("warning", "critical", "information", "question", "about"):
        mp.setattr(QMessageBox, kind, staticmethod(show))
    for method in ("exec", "open", "show"):
        mp.setattr(QMessageBox, method, show_box)
    yield record
    mp.undo()


@pytest.fixture(scope="module")
def window(qapp, messages: Messages) -> Iterator[MainWindow]:
    """One window for the module: trained 30 steps, one edit on the undo stack, paused."""
    w = open_window(wait="snapshot")
    w.controller.step(30)
    wait_until(lambda: w.controller.latest.step == 30, 10.0, "step 30")
    w.hyper_panel.batch_spin.setValue(20)  # an edit on the undo stack
    wait_until(
        lambda: w.controller.latest.step == 30 and w.snapshot is w.controller.latest,
        10.0,
        "the edit's snapshot to be drawn",
    )
    assert w.undo_stack.count() == 1
    messages.take()
    yield w
    close_window(w)


def _one_message(messages: Messages, path: Path) -> str:
    shown = messages.take()
    assert len(shown) == 1, shown
    title, text = shown[0]
    assert title.strip() and text.strip()
    assert path.name in text, text  # names the file ...
    assert "unexpected" not in text, text  # ... and a problem we anticipated
    return text


# ----------------------------------------------------------------------------- experiments


def _valid_experiment(data: str | bytes) -> bool:
    try:
        Experiment.from_json(data)
    except InvalidExperimentError:
        return False
    return True


_NAMES = st.sampled_from(["lesson.json", "x", "ünï cødé.json"])


@settings(max_examples=CI_GUI_EXAMPLES, **_GUI_FUZZ)
@given(data=bad_experiment_text(), name=_NAMES)
def test_generated_bad_experiments_leave_everything_intact(
    window: MainWindow, messages: Messages, tmp_path_factory, data: str | bytes, name: str
) -> None:
    _open_bad_experiment(window, messages, tmp_path_factory, data, name)


@pytest.mark.slow
@settings(max_examples=GUI_EXAMPLES, **_GUI_FUZZ)
@given(data=bad_experiment_text(), name=_NAMES)
def test_generated_bad_experiments_leave_everything_intact_full_size(
    window: MainWindow, messages: Messages, tmp_path_factory, data: str | bytes, name: str
) -> None:
    _open_bad_experiment(window, messages, tmp_path_factory, data, name)


def _open_bad_experiment(
    window: MainWindow, messages: Messages, tmp_path_factory, data: str | bytes, name: str
) -> None:
    assume(not _valid_experiment(data))  # the rare mutation that is still a valid file
    before = _state(window)
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    assert window.open_file(path) is False
    _one_message(messages, path)
    _assert_intact(window, before)


def _doc() -> dict:
    exp = Experiment().with_weights(
        [np.full((2, 4), 0.5), np.full((4, 2), -0.25), np.full((2, 1), 1.0)],
        [np.zeros(4), np.zeros(2), np.zeros(1)],
        step=7,
    )
    return json.loads(exp.to_json())


def _json(change: Callable[[dict], object]) -> bytes:
    doc = _doc()
    change(doc)
    return json.dumps(doc).encode()


def _set(path: tuple, value: object) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        obj = doc
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value

    return change


_VALID = Experiment().to_json().encode()
# A number that appears nowhere else in the document, to swap for a non-finite token.
_MARK = 0.123456789
_MARK_BYTES = b"0.123456789"

#: name -> (file bytes, expected words in the message (lower case))
EXPERIMENT_CASES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "truncated": (_VALID[: len(_VALID) // 2], ("not valid json",)),
    "empty": (b"", ("not valid json",)),
    "wrong type: learning rate as text": (
        _json(_set(("hyper", "learning_rate"), "fast")),
        ("hyper.learning_rate", "number"),
    ),
    "wrong type: hidden is a number": (_json(_set(("hidden",), 3)), ("hidden", "list")),
    "wrong type: top level is a list": (b"[1, 2, 3]", ("object",)),
    "unknown activation": (
        _json(_set(("hidden", 0, "activation"), "swish")),
        ("hidden[0].activation", "swish"),
    ),
    "unknown data set": (_json(_set(("data", "dataset"), "mnist")), ("data.dataset", "mnist")),
    "unknown field": (_json(_set(("colour",), "blue")), ("colour", "unknown field")),
    "not an nnsim file": (b'{"format": "photoshop"}', ("format",)),
    "10^9 neurons": (_json(_set(("hidden", 0, "width"), 10**9)), ("hidden[0].width",)),
    "10^9 samples": (_json(_set(("data", "n_samples"), 10**9)), ("data.n_samples",)),
    "too many points": (
        _json(
            _set(
                ("data",),
                {"dataset": "custom", "custom": {"x": [[0.0, 0.0]] * 20_001, "y": [0] * 20_001}},
            )
        ),
        ("data.custom.x", "20000"),
    ),
    "weights array of the wrong shape": (
        _json(_set(("weights", 0, "W"), [[0.0] * 3] * 5000)),
        ("weights[0].w",),
    ),
    "NaN weight": (
        _json(_set(("weights", 1, "b"), [0.5, _MARK])).replace(_MARK_BYTES, b"NaN"),
        ("weights[1].b", "nan"),
    ),
    "Infinity learning rate": (
        _json(_set(("hyper", "learning_rate"), _MARK)).replace(_MARK_BYTES, b"Infinity"),
        ("hyper.learning_rate", "finite"),
    ),
    "1e999 noise": (
        _json(_set(("data", "noise"), _MARK)).replace(_MARK_BYTES, b"1e999"),
        ("data.noise", "finite"),
    ),
    "huge integer": (_json(_set(("seed",), 10**400)), ("seed",)),
    # Python's "Exceeds the limit (4300 digits) ... sys.set_int_max_str_digits()" named
    # no field; the message now names it and says what is wrong in plain words.
    "5,000-digit integer": (
        _json(_set(("hyper", "batch_size"), _MARK)).replace(_MARK_BYTES, b"9" * 5000),
        ("hyper.batch_size", "5,000 digits", "far too large"),
    ),
    "5,000-digit weight": (
        _json(_set(("weights", 0, "b", 2), _MARK)).replace(_MARK_BYTES, b"-" + b"9" * 5000),
        ("weights[0].b", "entry 2", "too large"),
    ),
    # Points up to ±1.8e308 loaded and then broke the output view's axes: the
    # same ±1e9 rule as CSV import, naming the point.
    "custom points beyond the data range": (
        _json(
            _set(
                ("data",),
                {
                    "dataset": "custom",
                    "custom": {"x": [[0.0, 0.0], [1.0, 1.7e308], [2.0, 2.0]], "y": [0, 1, 0]},
                },
            )
        ),
        ("data.custom.x[1][1]", "1.7e+308", "±1e+09"),
    ),
    "deeply nested": (b"[" * 200_000, ("nested too deeply",)),
    "deeply nested objects": (b'{"a":' * 100_000, ("nested too deeply",)),
    "UTF-16": (Experiment().to_json().encode("utf-16"), ("utf-8",)),
    "Latin-1 title": (
        _json(_set(("title",), "TITLE_MARK")).replace(b"TITLE_MARK", "Café".encode("latin-1")),
        ("utf-8",),
    ),
    "binary garbage": (bytes(range(256)) * 4, ("utf-8",)),
    "a CSV file": (b"x1,x2,y\n1,2,0\n3,4,1\n", ("not valid json",)),
}


@pytest.mark.parametrize("case", list(EXPERIMENT_CASES))
def test_named_bad_experiment_files(
    window: MainWindow, messages: Messages, tmp_path: Path, qtbot, case: str
) -> None:
    data, words = EXPERIMENT_CASES[case]
    path = tmp_path / "lecture 3.json"
    path.write_bytes(data)
    before = _state(window)
    tracemalloc.start()
    try:
        assert window.open_file(path) is False
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    text = _one_message(messages, path).lower()
    for word in words:
        assert word.lower() in text, text
    _assert_intact(window, before)
    # Sizes are refused by their claims, not after building them (the largest
    # legitimate input here, 20 001 points, is a 0.5 MB file).
    assert peak < 60_000_000, f"{case}: loading allocated {peak / 1e6:.0f} MB"


def _sparse(path: Path, size: int, head: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)


def _special_path(kind: str, tmp_path: Path, suffix: str) -> tuple[Path, tuple[str, ...]]:
    """A path that is not a readable small file, and words its message must contain."""
    if kind == "directory":
        path = tmp_path / f"folder{suffix}"
        path.mkdir()
        return path, ("folder",)
    if kind == "missing":
        return tmp_path / f"gone{suffix}", ("no such file",)
    if kind == "2 GB file":
        path = tmp_path / f"huge{suffix}"
        # A 2 GB file (sparse: it costs no disk) whose start looks like a real one.
        _sparse(path, 2 * 1024**3, b'{"format": "nnsim-experiment", "weights": [[')
        return path, ("2.1 gb",)
    if kind == "fifo":
        path = tmp_path / f"pipe{suffix}"
        os.mkfifo(path)  # opening it would block until a writer comes: never opened
        return path, ("not a regular file",)
    if kind == "device":
        return Path("/dev/zero"), ("not a regular file",)  # endless: never read
    if kind == "symlink loop":
        path = tmp_path / f"loop{suffix}"
        path.symlink_to(path)
        return path, ("link",)
    raise AssertionError(kind)


SPECIAL = ["directory", "missing", "2 GB file", "fifo", "device", "symlink loop"]


def test_a_file_just_over_the_size_limit_says_by_how_much(
    window: MainWindow, messages: Messages, tmp_path: Path
) -> None:
    from nnsim.storage import MAX_EXPERIMENT_BYTES

    path = tmp_path / "almost.json"
    _sparse(path, MAX_EXPERIMENT_BYTES + 1, b'{"format": "nnsim-experiment"')
    before = _state(window)
    assert window.open_file(path) is False
    text = _one_message(messages, path)
    # Not "it is 20.0 MB; an nnsim experiment is at most 20.0 MB".
    assert "20,000,001 bytes" in text and "at most 20,000,000 bytes" in text, text
    _assert_intact(window, before)


@pytest.mark.parametrize("kind", SPECIAL)
def test_paths_that_are_not_experiment_files(
    window: MainWindow, messages: Messages, tmp_path: Path, kind: str
) -> None:
    if kind in ("fifo", "device", "symlink loop") and sys.platform == "win32":
        pytest.skip("POSIX file types")
    path, words = _special_path(kind, tmp_path, ".json")
    before = _state(window)
    tracemalloc.start()
    try:
        assert window.open_file(path) is False
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    text = _one_message(messages, path).lower()
    for word in words:
        assert word in text, text
    _assert_intact(window, before)
    assert peak < 5_000_000, f"{kind}: {peak / 1e6:.0f} MB allocated"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads files regardless of their permissions",
)
def test_experiment_without_read_permission(
    window: MainWindow, messages: Messages, tmp_path: Path
) -> None:
    path = tmp_path / "secret.json"
    path.write_text(Experiment().to_json())
    path.chmod(0)
    before = _state(window)
    assert window.open_file(path) is False
    assert "permission" in _one_message(messages, path)
    _assert_intact(window, before)


def test_experiment_refused_by_the_kernel_for_permission(
    window: MainWindow, messages: Messages, tmp_path: Path, monkeypatch
) -> None:
    """The same case as above, but it runs as root too (CI runs as root): the kernel's
    EACCES is simulated at the one place the window opens files."""
    import errno

    path = tmp_path / "secret.json"
    path.write_text(Experiment().to_json())
    real_open = os.open

    def deny(file, flags, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    before = _state(window)
    assert window.open_file(path) is False
    assert "permission" in _one_message(messages, path)
    _assert_intact(window, before)


def test_after_all_that_the_worker_still_holds_the_same_network(
    window: MainWindow, messages: Messages, tmp_path: Path, qtbot
) -> None:
    before = _state(window)
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{")
    for _ in range(20):
        window.open_file(bad)
    assert len(messages.take()) == 20
    _assert_worker_intact(window, before, qtbot)
    # And it still trains from exactly there.
    window.controller.step(5)
    qtbot.waitUntil(lambda: window.controller.latest.step == before.step + 5, timeout=5000)


# ----------------------------------------------------------------------------- CSV


def _valid_csv(path: Path) -> bool:
    try:
        read_csv_data(path)
    except LoadError:
        return False
    return True


@settings(max_examples=CI_GUI_CSV_EXAMPLES, **_GUI_FUZZ)
@given(data=bad_csv_bytes())
def test_generated_bad_csvs_leave_everything_intact(
    window: MainWindow, messages: Messages, tmp_path_factory, data: bytes
) -> None:
    _import_bad_csv(window, messages, tmp_path_factory, data)


@pytest.mark.slow
@settings(max_examples=GUI_CSV_EXAMPLES, **_GUI_FUZZ)
@given(data=bad_csv_bytes())
def test_generated_bad_csvs_leave_everything_intact_full_size(
    window: MainWindow, messages: Messages, tmp_path_factory, data: bytes
) -> None:
    _import_bad_csv(window, messages, tmp_path_factory, data)


def _import_bad_csv(
    window: MainWindow, messages: Messages, tmp_path_factory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("csv") / "data.csv"
    path.write_bytes(data)
    assume(not _valid_csv(path))
    before = _state(window)
    assert window.import_csv(path) is False
    _one_message(messages, path)
    _assert_intact(window, before)


CSV_CASES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "truncated": (b"x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n7,", ("row 5",)),
    "empty": (b"", ("empty",)),
    "only a header": (b"x1,x2,y\n", ("header",)),
    "wrong type: text cell": (b"1,2,0\n3,four,1\n5,6,0\n7,8,1\n", ("row 2", "column 2")),
    "wrong type: text class": (b"x,y,label\n1,2,cat\n3,4,dog\n", ("row 2", "column 3")),
    "NaN cell": (b"1,2,0\n3,NaN,1\n5,6,0\n7,8,1\n", ("row 2", "nan")),
    "Inf cell": (b"1,2,0\n3,4,1\ninf,6,0\n7,8,1\n", ("row 3", "inf")),
    "1e999 cell": (b"1,2,0\n3,4,1\n5,6,0\n7,1e999,1\n", ("row 4", "too large")),
    "ragged rows": (b"1,2,0\n3,4,1,9\n5,6,0\n7,8,1\n", ("row 2",)),
    "too few rows": (b"1,2,0\n3,4,1\n", ("at least",)),
    "one column": (b"1\n2\n3\n4\n5\n", ("one column",)),
    "too many inputs": (b"1,2,3,0\n4,5,6,1\n7,8,9,0\n1,2,3,1\n", ("input columns",)),
    "one target value": (b"1,2,0\n3,4,0\n5,6,0\n7,8,0\n", ("2 different",)),
    "10^5 rows": (b"1,2,0\n" * 100_000, ("20000",)),
    "200 columns": ((",".join(["1"] * 200) + "\n").encode() * 5, ("columns",)),
    "a 100 000-character line": (b"1," * 50_000 + b"0\n", ("too long",)),
    "unclosed quote": (b'1,2,0\n"3,4,1\n5,6,0\n7,8,1\n', ("quote",)),
    "decimal commas": (b"1,5;2,5;0\n3,5;4,5;1\n5;6;0\n7;8;1\n", ("decimal",)),
    "UTF-16": ("x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n".encode("utf-16"), ("utf-8",)),
    "Latin-1": ("x1,x2,y\n1,2,0\n3,4,1\n5,6,é\n7,8,1\n".encode("latin-1"), ("utf-8",)),
    "binary garbage": (bytes(range(256)) * 4, ()),
    "an experiment file": (_VALID, ()),
}


@pytest.mark.parametrize("case", list(CSV_CASES))
def test_named_bad_csv_files(
    window: MainWindow, messages: Messages, tmp_path: Path, case: str
) -> None:
    data, words = CSV_CASES[case]
    path = tmp_path / "measurements.csv"
    path.write_bytes(data)
    before = _state(window)
    assert window.import_csv(path) is False
    text = _one_message(messages, path).lower()
    for word in words:
        assert word.lower() in text, text
    _assert_intact(window, before)


@pytest.mark.parametrize("kind", SPECIAL)
def test_paths_that_are_not_csv_files(
    window: MainWindow, messages: Messages, tmp_path: Path, kind: str
) -> None:
    path, words = _special_path(kind, tmp_path, ".csv")
    before = _state(window)
    tracemalloc.start()
    try:
        assert window.import_csv(path) is False
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    text = _one_message(messages, path).lower()
    for word in words:
        assert word in text, text
    _assert_intact(window, before)
    assert peak < 5_000_000


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads files regardless of their permissions",
)
def test_csv_without_read_permission(
    window: MainWindow, messages: Messages, tmp_path: Path
) -> None:
    path = tmp_path / "secret.csv"
    path.write_text("1,2,0\n3,4,1\n5,6,0\n7,8,1\n")
    path.chmod(0)
    before = _state(window)
    assert window.import_csv(path) is False
    assert "permission" in _one_message(messages, path)
    _assert_intact(window, before)


# ----------------------------------------------------------------------------- good CSV


def test_a_good_csv_becomes_custom_data_through_one_undoable_command(
    make_window, qtbot, tmp_path: Path
) -> None:
    w = make_window(size=None)
    rng = np.random.default_rng(3)
    x = rng.uniform(-3, 3, size=(60, 2))
    labels = np.where(x[:, 0] * x[:, 1] > 0, 1, -1)  # TF-style -1/+1 labels
    path = tmp_path / "quadrants.csv"
    rows = "".join(f"{p},{q},{c}\n" for (p, q), c in zip(x, labels, strict=True))
    path.write_text("a,b,label\n" + rows)

    before = w.model.experiment
    assert w.import_csv(path) is True
    exp = w.model.experiment
    assert exp.data.dataset == "custom" and exp.data.custom is not None
    np.testing.assert_array_equal(exp.data.custom.x, x)
    np.testing.assert_array_equal(exp.data.custom.y, (labels > 0).astype(float))
    assert w.undo_stack.count() == 1
    # The worker trains on the imported points.
    qtbot.waitUntil(
        lambda: w.controller.latest.x_train.shape[0] + w.controller.latest.x_test.shape[0] == 60,
        timeout=5000,
    )
    w.controller.step(10)
    qtbot.waitUntil(lambda: w.controller.latest.step == 10, timeout=5000)

    w.undo_stack.undo()
    assert w.model.experiment == before
    qtbot.waitUntil(lambda: w.controller.latest.x_train.shape[0] == 250, timeout=5000)
    w.undo_stack.redo()
    assert w.model.experiment == exp
    w.close()


def test_choosing_custom_data_after_undoing_the_import(
    make_window, tmp_path: Path, monkeypatch
) -> None:
    w = make_window(show=False)
    assert w.controller.latest is not None
    path = tmp_path / "points.csv"
    path.write_text("".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40)))
    assert w.import_csv(path)
    w.undo_stack.undo()  # back to the circle: no points in the document any more
    combo = w.data_panel.dataset_combo
    assert combo.findData("custom") >= 0
    raised: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _kind, value, _tb: raised.append(value))
    combo.setCurrentIndex(combo.findData("custom"))
    assert not raised, raised
    # The panel restores the imported points (one undoable step), and shows the model.
    assert combo.currentData() == w.model.experiment.data.dataset == "custom"
    assert w.model.experiment.data.custom is not None
    w.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_the_command_line_refuses_a_fifo_instead_of_hanging(tmp_path: Path) -> None:
    """``nnsim --experiment`` takes the same bounded path as File > Open."""
    import subprocess

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNSIM_NO_SETTINGS="1")
    proc = subprocess.run(
        [sys.executable, "-m", "nnsim", "--experiment", str(fifo), "--screenshot",
         str(tmp_path / "out.png")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 2
    assert "not a regular file" in proc.stderr
    assert not (tmp_path / "out.png").exists()
