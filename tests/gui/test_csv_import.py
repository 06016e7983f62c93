"""Import CSV: preview, choice of columns, errors naming row and column, then training."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QDialogButtonBox

from nnsim.core.experiment import DataSpec, Experiment
from nnsim.gui.csv_import import PREVIEW_ROWS, CsvImportDialog, apply_custom


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def table_csv(tmp_path: Path) -> Path:
    # Columns: id, target (0/1), a, b -- the target is NOT last, inputs are not first.
    rng = np.random.default_rng(0)
    lines = ["id,label,a,b"]
    for i in range(60):
        a, b = rng.uniform(-3, 3, 2)
        lines.append(f"{i},{int(a * b > 0)},{a:.4f},{b:.4f}")
    return _write(tmp_path, "points.csv", "\n".join(lines) + "\n")


def test_preview_shows_first_rows_and_columns(qtbot, table_csv: Path) -> None:
    d = CsvImportDialog(table_csv)
    qtbot.addWidget(d)
    assert d.column_names() == ["id", "label", "a", "b"]
    assert d.preview.columnCount() == 4
    assert d.preview.rowCount() == PREVIEW_ROWS
    assert d.preview.horizontalHeaderItem(2).text() == "a"
    assert d.preview.verticalHeaderItem(0).text() == "2"  # the file's line number
    assert d.preview.item(0, 0).text() == "0"
    assert "60 rows" in d.message.text()
    # Default guess: x1 = first, x2 = second, target = last column.
    assert d.selection() == ([0, 1], 3, None)


def test_chosen_columns_load_and_the_data_trains(make_window, qtbot, table_csv: Path) -> None:
    w = make_window(Experiment(data=DataSpec(n_samples=100)), size=None)
    d = CsvImportDialog(table_csv, w)
    qtbot.addWidget(d)
    d.choose(x1=2, x2=3, target=1, task="classification")
    d.accept()
    assert d.result() == CsvImportDialog.DialogCode.Accepted
    custom = d.custom
    assert custom is not None and custom.x.shape == (60, 2) and custom.n_classes == 2
    np.testing.assert_allclose(custom.x[:, 0], d.table[:, 2])
    assert apply_custom(w.context, custom, table_csv.name)
    assert w.model.experiment.data.custom == custom
    qtbot.waitUntil(
        lambda: w.snapshot is not None and len(w.snapshot.y_train) + len(w.snapshot.y_test) == 60,
        timeout=10_000,
    )
    w.controller.step(25)
    qtbot.waitUntil(lambda: w.snapshot.step == 25, timeout=10_000)
    assert math.isfinite(w.snapshot.train_loss)
    w.undo_stack.undo()
    assert w.model.experiment.data.dataset == "circle"


def test_one_d_regression_with_no_x2(qtbot, tmp_path: Path) -> None:
    text = "x,y\n" + "\n".join(f"{v:.3f},{np.sin(v):.5f}" for v in np.linspace(-3, 3, 30))
    d = CsvImportDialog(_write(tmp_path, "sine.csv", text))
    qtbot.addWidget(d)
    d.choose(x1=0, x2=None, target=1)
    custom = d.load()
    assert custom is not None and custom.dims == 1 and custom.task == "regression"


def test_bad_cell_is_named_by_row_and_column(qtbot, tmp_path: Path) -> None:
    d = CsvImportDialog(_write(tmp_path, "bad.csv", "a,b,c\n1,2,0\n3,oops,1\n"))
    qtbot.addWidget(d)
    text = d.message.text()
    assert "row 3" in text and "column 2" in text
    assert not d.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    d.accept()
    assert d.custom is None and d.isVisible() is False and d.result() == 0


def test_wrong_choice_keeps_the_dialog_open_with_the_reason(qtbot, table_csv: Path) -> None:
    d = CsvImportDialog(table_csv)
    qtbot.addWidget(d)
    d.show()
    d.choose(x1=1, x2=2, target=1)  # the target is also an input
    d.accept()
    assert d.isVisible() and d.custom is None
    assert "target column cannot also be an input" in d.message.text()
    assert "column 2" in d.message.text()


def test_data_panel_offers_import_and_draw(make_window) -> None:
    from PySide6.QtWidgets import QToolButton

    w = make_window(Experiment(data=DataSpec(n_samples=40)), show=False, wait=None)
    actions = {b.defaultAction() for b in w.data_panel.findChildren(QToolButton)}
    assert w.import_csv_action in actions
    assert w.draw_mode.action in actions


# ----------------------------------------------------------------------------- the target's kind


def _labels(tmp_path: Path, distinct: int, rows: int = 60) -> Path:
    lines = ["x1,x2,label"] + [f"{i * 0.1:.1f},{-i * 0.2:.1f},{i % distinct}" for i in range(rows)]
    return _write(tmp_path, f"labels{distinct}.csv", "\n".join(lines) + "\n")


@pytest.mark.parametrize("distinct", [9, 1000])
def test_many_distinct_labels_show_that_the_target_becomes_regression(
    qtbot, tmp_path: Path, distinct: int
) -> None:
    # A label column with 9 or 1,000 distinct integers was imported as regression
    # without a word; the preview now says so, and why, before OK is pressed.
    d = CsvImportDialog(_labels(tmp_path, distinct, rows=max(60, distinct)))
    qtbot.addWidget(d)
    d.show()
    assert d.task_box.currentData() is None  # "inferred from the target"
    note = d.task_note.text()
    assert d.task_note.isVisible()
    assert f"{distinct:,} different whole numbers" in note
    assert "value to predict (regression)" in note and "8 classes" in note
    custom = d.load()
    assert custom is not None and custom.task == "regression"  # what the note said
    # The lecturer sees the choice and can make it: the note gives way to it.
    d.choose(x1=0, x2=1, target=2, task="regression")
    assert not d.task_note.isVisible()
    d.choose(x1=0, x2=1, target=2, task=None)
    assert d.task_note.isVisible()


def test_few_labels_say_they_are_classes_and_follow_the_target_column(
    qtbot, tmp_path: Path
) -> None:
    d = CsvImportDialog(_labels(tmp_path, 3))
    qtbot.addWidget(d)
    d.show()
    assert "read as 3 classes" in d.task_note.text() and d.task_note.isVisible()
    d.choose(x1=2, x2=None, target=0)  # x1 holds 60 different fractions
    assert "fractions" in d.task_note.text()
    assert "regression" in d.task_note.text()


def test_a_quoted_header_with_a_semicolon_is_previewed_as_commas(qtbot, tmp_path: Path) -> None:
    text = '"x; first",x2,label\n' + "".join(f"{i},{i * 2},{i % 2}\n" for i in range(8))
    d = CsvImportDialog(_write(tmp_path, "quoted.csv", text))
    qtbot.addWidget(d)
    assert d.column_names() == ["x; first", "x2", "label"]
    assert d.preview.columnCount() == 3 and d.table.shape == (8, 3)
    custom = d.load()
    assert custom is not None and custom.dims == 2 and custom.n_classes == 2


def test_the_file_is_read_once_and_each_choice_uses_that_reading(
    qtbot, table_csv: Path, monkeypatch
) -> None:
    import nnsim.storage.files as files

    reads: list[Path] = []
    real = files.os.open

    def counting_open(name, *args, **kwargs):
        if Path(name) == table_csv:
            reads.append(Path(name))
        return real(name, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", counting_open)
    d = CsvImportDialog(table_csv)
    qtbot.addWidget(d)
    table_csv.unlink()  # a choice made after opening must not need the file again
    d.choose(x1=2, x2=None, target=1, task="regression")
    assert d.load() is not None
    d.choose(x1=2, x2=3, target=1, task="classification")
    d.accept()
    assert d.custom is not None and d.custom.dims == 2 and d.custom.task == "classification"
    assert len(reads) == 1


def test_an_unreadable_file_gets_the_load_message_naming_it(qtbot, tmp_path: Path) -> None:
    # The same one message as File > Import (nnsim.storage's LoadError), not a second wording.
    d = CsvImportDialog(tmp_path / "gone.csv")
    qtbot.addWidget(d)
    assert "gone.csv" in d.message.text() and "no such file" in d.message.text()
    assert not d.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
