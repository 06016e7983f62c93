"""Autosave, crash recovery and atomic saves, in-process (the kill test does it for real)."""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMessageBox

from nnsim.core.experiment import Experiment, Hyper
from nnsim.gui import autosave as autosave_module
from nnsim.gui.autosave import (
    AUTOSAVE_INTERVAL_MS,
    Autosaver,
    autosave_dir,
    autosave_interval_ms,
)
from nnsim.gui.recovery import Recovery, find_recovery
from nnsim.storage import (
    LoadError,
    atomic_write_bytes,
    atomic_write_text,
    read_csv_data,
    read_experiment,
)

# ----------------------------------------------------------------------------- atomic save


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    atomic_write_text(path, "first")
    path.chmod(0o640)
    atomic_write_text(path, "second é")
    assert path.read_text(encoding="utf-8") == "second é"
    assert (path.stat().st_mode & 0o777) == 0o640  # the user's permissions survive a save
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "run.json"
    path.write_text("precious")

    def broken_replace(src, dst) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(path, "half")
    assert path.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_atomic_bytes_get_ordinary_permissions_and_keep_a_files_own(
    tmp_path: Path, monkeypatch
) -> None:
    # Bytes (a slide's PNG) are saved like text: not mkstemp's private 0600.
    old = os.umask(0o022)
    try:
        path = tmp_path / "slide.png"
        atomic_write_bytes(path, b"\x89PNG\x00\xff")
        assert path.read_bytes() == b"\x89PNG\x00\xff"
        assert (path.stat().st_mode & 0o777) == 0o644
        path.chmod(0o600)  # the owner chose private: a new save keeps it
        atomic_write_bytes(path, b"again")
        assert (path.stat().st_mode & 0o777) == 0o600 and path.read_bytes() == b"again"
    finally:
        os.umask(old)

    def broken_replace(src, dst) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b"half")
    assert path.read_bytes() == b"again"
    assert [p.name for p in tmp_path.iterdir()] == ["slide.png"]


def test_readers_turn_every_failure_into_one_load_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hidden": [{"width": "wide"}]}')
    with pytest.raises(LoadError) as info:
        read_experiment(bad)
    assert "hidden[0].width" in info.value.problem and not info.value.unexpected
    with pytest.raises(LoadError) as info:
        read_csv_data(tmp_path / "nothing.csv")
    assert "no such file" in info.value.problem
    good = tmp_path / "good.json"
    good.write_text(Experiment(title="ok").to_json())
    assert read_experiment(good).title == "ok"


def test_an_unexpected_loader_error_still_becomes_a_message(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    path = tmp_path / "x.json"
    path.write_text("{}")

    def buggy(_text, _notes=None):
        raise KeyError("oops")

    monkeypatch.setattr(Experiment, "from_json", staticmethod(buggy))
    with pytest.raises(LoadError) as info:
        read_experiment(path)
    assert info.value.unexpected and "KeyError" in info.value.problem
    assert "Traceback" in capsys.readouterr().err  # the bug is reported, not hidden


# ----------------------------------------------------------------------------- autosaver


class _Edit(QUndoCommand):
    def redo(self) -> None:
        pass

    def undo(self) -> None:
        pass


class _Doc:
    """A stand-in for the window: a document and the file it belongs to."""

    def __init__(self) -> None:
        self.experiment = Experiment(title="lecture")
        self.path: Path | None = None

    def get(self) -> Experiment:
        return self.experiment

    def where(self) -> Path | None:
        return self.path


@pytest.fixture
def saver(qapp, tmp_path: Path) -> Iterator[tuple[Autosaver, QUndoStack, _Doc]]:
    stack = QUndoStack()
    doc = _Doc()
    s = Autosaver(stack, doc.get, doc.where, directory=tmp_path / "autosave", interval_ms=60_000)
    assert s.start()
    yield s, stack, doc
    s.stop()


def test_nothing_is_written_without_unsaved_work(saver) -> None:
    s, _, _ = saver
    assert not s.is_dirty()
    assert s.tick() is False
    assert not s.path.exists()


def test_an_edit_is_autosaved_with_weights_step_and_document(saver, tmp_path: Path) -> None:
    s, stack, doc = saver
    stack.push(_Edit("edit"))
    doc.path = tmp_path / "lecture.json"
    W = [np.full((2, 4), 0.5), np.full((4, 2), -0.5), np.full((2, 1), 2.0)]
    b = [np.zeros(4), np.ones(2), np.zeros(1)]
    doc.experiment = doc.experiment.with_weights(W, b, step=42)
    assert s.tick() is True
    saved = Experiment.from_json(s.path.read_bytes())
    assert saved == doc.experiment and saved.step == 42
    meta = json.loads(s.path.with_name(s.path.stem + ".meta.json").read_text())
    assert meta["document"] == str(doc.path) and meta["step"] == 42
    mtime = s.path.stat().st_mtime_ns
    assert s.tick() is False  # unchanged: not rewritten
    assert s.path.stat().st_mtime_ns == mtime


def test_training_progress_counts_as_unsaved_work(saver) -> None:
    s, _, doc = saver
    doc.experiment = replace(doc.experiment, step=500)
    assert s.is_dirty()
    assert s.tick() is True
    s.mark_clean(500)  # saved
    assert not s.path.exists()
    assert not s.is_dirty()


def test_undoing_back_to_the_saved_state_removes_the_autosave(saver) -> None:
    s, stack, _ = saver
    stack.push(_Edit("edit"))
    assert s.tick() is True
    stack.undo()
    assert stack.isClean()
    assert s.tick() is False
    assert not s.path.exists()


def test_stop_removes_the_autosave_and_the_lock(saver) -> None:
    s, stack, _ = saver
    stack.push(_Edit("edit"))
    assert s.tick()
    s.stop()
    assert list(s.directory.iterdir()) == []


def test_the_timer_autosaves_on_its_own(qapp, qtbot, tmp_path: Path) -> None:
    stack = QUndoStack()
    doc = _Doc()
    s = Autosaver(stack, doc.get, doc.where, directory=tmp_path, interval_ms=50)
    s.start()
    stack.push(_Edit("edit"))
    with qtbot.waitSignal(s.saved, timeout=5000) as saved:
        pass
    assert Path(saved.args[0]) == s.path and s.path.exists()
    s.stop()


def test_a_failing_autosave_reports_once_and_never_raises(qapp, tmp_path: Path) -> None:
    stack = QUndoStack()
    doc = _Doc()
    s = Autosaver(stack, doc.get, doc.where, directory=tmp_path, interval_ms=60_000)
    s.start()
    stack.push(_Edit("edit"))
    failures: list[str] = []
    s.failed.connect(failures.append)
    s.path.mkdir()  # a folder where the file should go: os.replace fails
    assert s.tick() is False
    assert s.tick() is False
    assert len(failures) == 1 and "Autosave failed" in failures[0]
    s.path.rmdir()
    assert s.tick() is True  # recovers by itself
    s.stop()


def test_interval_default_and_override(monkeypatch) -> None:
    monkeypatch.delenv("NNSIM_AUTOSAVE_MS", raising=False)
    assert autosave_interval_ms() == AUTOSAVE_INTERVAL_MS == 10_000
    monkeypatch.setenv("NNSIM_AUTOSAVE_MS", "500")
    assert autosave_interval_ms() == 500
    monkeypatch.setenv("NNSIM_AUTOSAVE_MS", "soon")
    assert autosave_interval_ms() == 10_000
    monkeypatch.setenv("NNSIM_AUTOSAVE_MS", "1")
    assert autosave_interval_ms() == 50  # bounded: never a busy loop


def test_autosave_dir_follows_xdg_data_home(qapp, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert autosave_dir().is_relative_to(tmp_path)


# ----------------------------------------------------------------------------- recovery


def _left_behind(folder: Path, session: str, exp: Experiment, age_s: float = 0.0,
                 document: Path | None = None) -> Path:
    """An autosave as a killed session leaves it: files, no live lock."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"autosave-{session}.json"
    path.write_text(exp.to_json())
    saved_at = time.time() - age_s
    meta = {"format": "nnsim-autosave", "document": str(document) if document else None,
            "saved_at": saved_at, "title": exp.title, "step": exp.step}
    path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta))
    os.utime(path, (saved_at, saved_at))
    return path


def test_a_running_sessions_autosave_is_not_offered(saver) -> None:
    s, stack, _ = saver
    stack.push(_Edit("edit"))
    assert s.tick()
    assert find_recovery(s.directory) is None
    assert s.path.exists()


def test_the_newest_dead_session_is_offered_and_obsolete_ones_go(tmp_path: Path, qapp) -> None:
    folder = tmp_path / "autosave"
    doc = tmp_path / "lecture.json"
    old = _left_behind(folder, "1-old", Experiment(title="old"), age_s=600)
    new = _left_behind(folder, "2-new", Experiment(title="new", step=0), age_s=5, document=doc)
    doc.write_text(Experiment().to_json())  # saved *after* this autosave: obsolete
    os.utime(doc, (time.time(), time.time()))
    stale_doc_backup = new

    rec = find_recovery(folder)
    assert rec is not None and rec.path == old and rec.title == "old"
    assert not stale_doc_backup.exists()  # obsolete: removed without asking
    assert "“old”" in rec.describe()
    # While one start holds it, a second start does not offer it again.
    assert find_recovery(folder) is None
    rec.release()
    again = find_recovery(folder)
    assert again is not None and again.path == old
    again.discard()
    assert list(folder.glob("autosave-*")) == []


def test_offer_recovery_restores_through_the_open_path(make_window, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "autosave"
    original = tmp_path / "lecture.json"
    trained = Experiment(title="prepared", hyper=Hyper(learning_rate=0.3)).with_weights(
        [np.full((2, 4), 0.25), np.full((4, 2), 0.5), np.full((2, 1), -1.0)],
        [np.zeros(4), np.zeros(2), np.ones(1)],
        step=1234,
    )
    _left_behind(folder, "99-dead", trained, age_s=3, document=original)

    w = make_window(size=None)
    w.enable_autosave(directory=folder, interval_ms=60_000)
    asked: list[Recovery] = []

    def ask(_parent, rec: Recovery) -> bool:
        asked.append(rec)
        return True

    assert w.offer_recovery(ask) is True
    assert len(asked) == 1 and asked[0].document == original and asked[0].step == 1234
    assert w.model.experiment == trained
    assert w.path == original  # Save goes back to the lecturer's file
    assert not w.undo_stack.isClean()  # recovered work is unsaved work
    qtbot.waitUntil(lambda: w.controller.latest.step == 1234, timeout=5000)
    np.testing.assert_array_equal(w.controller.latest.weights[0], trained.weights.W[0])
    # The backup now belongs to this session: the old file is gone, a new one is written.
    assert not (folder / "autosave-99-dead.json").exists()
    assert w.autosaver.tick() is True
    assert Experiment.from_json(w.autosaver.path.read_bytes()).title == "prepared"
    # A clean save clears it.
    assert w.save_file(tmp_path / "saved.json")
    assert not w.autosaver.path.exists()
    w.close()
    assert list(folder.glob("autosave-*")) == []


def test_the_recovery_question_uses_a_message_box(
    make_window, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "autosave"
    _left_behind(folder, "7-dead", Experiment(title="asked"), age_s=1)
    questions: list[str] = []

    def question(_parent, _title, text, *_args):
        questions.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    w = make_window(show=False, wait=None)
    w.enable_autosave(directory=folder)
    before = w.model.experiment
    assert w.offer_recovery() is False
    assert len(questions) == 1 and "“asked”" in questions[0]
    assert w.model.experiment is before and w.undo_stack.count() == 0
    assert list(folder.glob("autosave-*")) == []  # declined: deleted
    w.close()


def test_a_damaged_autosave_shows_one_message_and_changes_nothing(
    make_window, qtbot, tmp_path: Path, warnings: list[str]
) -> None:
    folder = tmp_path / "autosave"
    path = _left_behind(folder, "8-dead", Experiment(title="x"), age_s=1)
    path.write_text('{"format": "nnsim-experiment", "hidden": [{"width": 1e9')
    w = make_window(show=False, wait=None)
    w.enable_autosave(directory=folder)
    before = w.model.experiment
    assert w.offer_recovery(lambda _p, _r: True) is False
    assert len(warnings) == 1 and path.name in warnings[0]
    assert w.model.experiment is before and w.undo_stack.count() == 0
    w.close()


def test_a_save_cleans_up_what_a_killed_save_left_behind(tmp_path) -> None:
    import os
    import time

    from nnsim.storage import STALE_TMP_S, atomic_write_text

    target = tmp_path / "lecture.json"
    stale = tmp_path / ".lecture.json.abc123.tmp"  # a save killed mid-write
    stale.write_text("x" * 1000)
    old = time.time() - STALE_TMP_S - 10
    os.utime(stale, (old, old))
    fresh = tmp_path / ".lecture.json.def456.tmp"  # another process's save under way
    fresh.write_text("y")
    other = tmp_path / ".notes.json.abc123.tmp"  # another file's: not ours to judge
    other.write_text("z")
    os.utime(other, (old, old))
    atomic_write_text(target, "{}")
    assert target.read_text() == "{}"
    assert not stale.exists() and fresh.exists() and other.exists()


def test_the_next_start_removes_what_killed_autosaves_left_behind(tmp_path) -> None:
    from nnsim.storage import STALE_TMP_S

    folder = tmp_path / "autosave"
    folder.mkdir()
    old = time.time() - STALE_TMP_S - 10
    stale = folder / ".autosave-7-dead.json.k3j9x1.tmp"  # a kill mid-save, full size
    stale.write_text("x" * 10_000)
    note = folder / ".autosave-7-dead.meta.json.p0q8r2.tmp"
    note.write_text("{}")
    for leftover in (stale, note):
        os.utime(leftover, (old, old))
    fresh = folder / ".autosave-8-live.json.a1b2c3.tmp"  # a save under way elsewhere
    fresh.write_text("y")
    assert find_recovery(folder) is None  # nothing to offer ...
    assert not stale.exists() and not note.exists()  # ... and no hidden full-size files
    assert fresh.exists()


# ----------------------------------------------------------------------------- damaged notes

#: name -> the ``.meta.json`` text a crash, a full disk or a hand edit left beside an
#: autosave. Each once raised at startup (or hid the backup), at every start.
_DAMAGED_NOTES: dict[str, str] = {
    "saved_at 1e300": json.dumps({"format": "nnsim-autosave", "saved_at": 1e300, "step": 3}),
    "saved_at NaN": '{"format": "nnsim-autosave", "saved_at": NaN, "step": 3}',
    "saved_at -1e18": json.dumps({"format": "nnsim-autosave", "saved_at": -1e18, "step": 3}),
    "saved_at true": json.dumps({"saved_at": True, "step": 3}),
    "saved_at 10**400": '{"saved_at": 1' + "0" * 400 + ', "step": 3}',
    "saved_at 5000 digits": '{"saved_at": ' + "9" * 5000 + ', "step": 3}',
    "document with a NUL": json.dumps({"saved_at": time.time(), "document": "/tmp/a\x00b.json"}),
    "wrong types": json.dumps(
        {"saved_at": "yesterday", "document": ["x"], "title": 5, "step": "ten"}
    ),
    "step 10**100": json.dumps({"saved_at": time.time(), "step": 10**100}),
    "truncated": json.dumps({"format": "nnsim-autosave", "saved_at": time.time()})[:25],
    "not an object": "[1, 2, 3]",
    "not UTF-8": '{"title": "caf\xe9"}',
}


def _damaged(folder: Path, session: str, note: str) -> tuple[Path, Experiment]:
    exp = Experiment(title="before the crash", hyper=Hyper(learning_rate=0.125))
    path = _left_behind(folder, session, exp, age_s=30)
    meta = path.with_name(path.stem + ".meta.json")
    if note == '{"title": "caf\xe9"}':
        meta.write_bytes(note.encode("latin-1"))
    else:
        meta.write_text(note, encoding="utf-8")
    return path, exp


@pytest.mark.parametrize("case", list(_DAMAGED_NOTES))
def test_a_damaged_note_is_reported_discarded_and_the_backup_still_offered(
    qapp, tmp_path: Path, capsys, case: str
) -> None:
    folder = tmp_path / "autosave"
    path, _ = _damaged(folder, "5-dead", _DAMAGED_NOTES[case])
    rec = find_recovery(folder)
    assert rec is not None and rec.path == path  # still offered
    assert rec.note_problem is not None
    question = rec.describe()  # no exception, whatever the note said
    assert "Recover it?" in question and "damaged" in question
    assert question.rstrip().endswith("(No deletes the backup.)")  # the question comes last
    assert 0 < rec.saved_at <= time.time() + 1 and rec.step >= 0
    assert not path.with_name(path.stem + ".meta.json").exists()  # discarded
    err = capsys.readouterr().err
    assert "Traceback" not in err and "damaged" in err  # reported in one line
    rec.release()  # e.g. the window closed before the answer: keep the backup
    again = find_recovery(folder)  # the next start: offered again, without a report
    assert again is not None and again.path == path and again.note_problem is None
    assert "damaged" not in again.describe()
    again.discard()
    assert "damaged" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "case", ["saved_at 1e300", "saved_at NaN", "saved_at -1e18", "document with a NUL",
             "wrong types", "truncated"]
)
def test_startup_with_a_damaged_note_offers_and_recovers_the_backup(
    make_window, qtbot, tmp_path: Path, capsys, case: str
) -> None:
    folder = tmp_path / "autosave"
    _, exp = _damaged(folder, "6-dead", _DAMAGED_NOTES[case])
    w = make_window(show=False, wait=None)
    w.enable_autosave(directory=folder, interval_ms=60_000)
    asked: list[str] = []

    def ask(_parent, rec: Recovery) -> bool:
        asked.append(rec.describe())
        return True

    assert w.offer_recovery(ask) is True  # as at startup (cli._start_crash_safety)
    assert len(asked) == 1 and "damaged" in asked[0]
    assert w.model.experiment == exp and w.path is None
    assert "damaged" in w.statusBar().currentMessage()  # reported in the window too
    assert "Traceback" not in capsys.readouterr().err
    w.close()  # with the recovered work still unsaved: a fresh backup is kept
    # The next start offers that work again (it is still unsaved), with a sound note
    # and no report; declined, nothing is left for the start after.
    again: list[str] = []
    for start in range(2):
        w2 = make_window(show=False, wait=None)
        w2.enable_autosave(directory=folder, interval_ms=60_000)
        offered = w2.offer_recovery(lambda _p, rec: again.append(rec.describe()) or False)
        assert offered is False
        assert "damaged" not in w2.statusBar().currentMessage()
        w2.close()
        assert len(again) == 1, start
    assert "“before the crash”" in again[0] and "damaged" not in again[0]
    assert "Traceback" not in capsys.readouterr().err


# ----------------------------------------------------------------------------- "autosave is off"


def _no_space(*_args, **_kwargs) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_autosave_off_shows_a_persistent_indicator_until_it_works_again(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    stack = QUndoStack()
    doc = _Doc()
    s = Autosaver(stack, doc.get, doc.where, directory=tmp_path / "autosave", interval_ms=60_000)
    assert s.start() and s.saving
    window = QMainWindow()
    qtbot.addWidget(window)
    indicator = s.indicator()
    window.statusBar().addPermanentWidget(indicator)
    window.show()
    assert not indicator.isVisible()  # autosave works: nothing to say
    stack.push(_Edit("edit"))
    monkeypatch.setattr(autosave_module, "atomic_write_text", _no_space)  # disk full
    with qtbot.waitSignal(s.saving_changed) as changed:
        assert s.tick() is False
    assert changed.args[0] is False and "No space left on device" in changed.args[1]
    assert not s.saving and "No space left on device" in s.off_reason()
    assert indicator.isVisible() and indicator.text() == "Autosave is off"
    assert "No space left on device" in indicator.toolTip()
    assert "not being backed up" in indicator.toolTip()
    assert not indicator.icon_label.pixmap().isNull()  # a warning sign
    # The next status message (training, a file opened ...) does not hide it.
    window.statusBar().showMessage("Trained 1,000 steps", 100)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=5000)
    assert indicator.isVisible()
    assert s.tick() is False  # still failing: no second signal, still shown
    assert indicator.isVisible()
    monkeypatch.undo()  # space freed
    with qtbot.waitSignal(s.saving_changed) as changed:
        assert s.tick() is True
    assert changed.args == [True, ""]
    assert s.saving and not indicator.isVisible() and indicator.toolTip() == ""
    s.stop()


def test_autosave_that_cannot_start_shows_the_indicator_at_once(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    def read_only(*_args, **_kwargs) -> None:
        # Tests run as root, which may write anywhere: refuse the way a read-only
        # data folder does.
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", read_only)
    s = Autosaver(QUndoStack(), _Doc().get, _Doc().where, directory=tmp_path / "ro")
    failures: list[str] = []
    s.failed.connect(failures.append)
    assert s.start() is False
    assert not s.saving and len(failures) == 1
    indicator = s.indicator()  # made after the failure, as the window does
    qtbot.addWidget(indicator)
    assert not indicator.isHidden()
    tip = indicator.toolTip()
    assert "Permission denied" in tip and str(tmp_path / "ro") in tip
