"""CSV import: what a lecturer's spreadsheet export turns into, and every way it can fail."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import nnsim.storage.files as files
from nnsim.core.csv_data import MAX_CSV_BYTES, CSVError, infer_task, parse_csv, parse_csv_table
from nnsim.core.datasets import make_dataset
from nnsim.core.experiment import MAX_CUSTOM_POINTS, CustomData, DataSpec, Experiment
from nnsim.storage import LoadError, format_sizes, read_csv_data, read_csv_table


def write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def points(path: Path, **kw) -> CustomData:
    """The file's points as File > Import reads them, with the parser's own error.

    The import's LoadError carries the CSVError (row, column) as its cause.
    """
    try:
        return read_csv_data(path, **kw)
    except LoadError as exc:
        if isinstance(exc.cause, CSVError):
            raise exc.cause from None
        raise


def error(tmp_path: Path, text: str | bytes, **kw) -> CSVError:
    with pytest.raises(CSVError) as info:
        points(write(tmp_path, text), **kw)
    return info.value


def assert_at(err: CSVError, row: int | None, column: int | None, *words: str) -> None:
    assert (err.row, err.column) == (row, column), str(err)
    text = str(err)
    if row is not None:
        assert f"row {row}" in text
    if column is not None:
        assert f"column {column}" in text
    for w in words:
        assert w.lower() in text.lower(), text


# ----------------------------------------------------------------------------- accept


def test_header_two_inputs_binary_classification(tmp_path: Path) -> None:
    text = "x1,x2,label\n0.5,1.5,1\n-2,3,0\n4,-1e-1,1\n2.5e1,.5,0\n"
    c = points(write(tmp_path, text))
    assert isinstance(c, CustomData)
    assert (c.task, c.n_classes, c.dims) == ("classification", 2, 2)
    np.testing.assert_array_equal(c.x, [[0.5, 1.5], [-2, 3], [4, -0.1], [25, 0.5]])
    np.testing.assert_array_equal(c.y, [1, 0, 1, 0])


def test_no_header_is_detected(tmp_path: Path) -> None:
    c = points(write(tmp_path, "1,2,0\n3,4,1\n5,6,0\n7,8,1\n"))
    assert c.x.shape == (4, 2)
    np.testing.assert_array_equal(c.x[0], [1, 2])


def test_parse_csv_reports_the_header() -> None:
    header, table = parse_csv("a,b,c\n1,2,3\n4,5,6\n")
    assert header == ["a", "b", "c"]
    np.testing.assert_array_equal(table, [[1, 2, 3], [4, 5, 6]])
    assert table.dtype == np.float64
    header, table = parse_csv("1,2\n3,4\n")
    assert header is None and table.shape == (2, 2)


def test_header_with_numbers_and_empty_names() -> None:
    header, table = parse_csv(",x,2020\n1,2,3\n")
    assert header == ["column 1", "x", "2020"]
    assert table.shape == (1, 3)


def test_one_dimensional_regression(tmp_path: Path) -> None:
    x = np.linspace(-3, 3, 9)
    text = "x,y\n" + "".join(f"{float(a)!r},{float(0.3 * a + 0.1)!r}\n" for a in x)
    c = points(write(tmp_path, text))
    assert (c.task, c.dims) == ("regression", 1)
    np.testing.assert_array_equal(c.x[:, 0], x)
    np.testing.assert_array_equal(c.y, 0.3 * x + 0.1)


def test_one_dimensional_classification(tmp_path: Path) -> None:
    c = points(write(tmp_path, "-2,0\n-1,0\n1,1\n2,1\n"))
    assert (c.task, c.n_classes, c.dims) == ("classification", 2, 1)


def test_two_dimensional_regression(tmp_path: Path) -> None:
    c = points(write(tmp_path, "0,0,0.5\n1,0,0.25\n0,1,-0.75\n1,1,0.125\n"))
    assert (c.task, c.dims) == ("regression", 2)
    np.testing.assert_array_equal(c.y, [0.5, 0.25, -0.75, 0.125])


def test_tf_style_labels_become_zero_and_one(tmp_path: Path) -> None:
    c = points(write(tmp_path, "1,1,1\n-1,-1,-1\n2,2,1\n-2,-2,-1\n"))
    np.testing.assert_array_equal(c.y, [1, 0, 1, 0])  # -1 = orange = class 0


def test_classes_are_renumbered_in_sorted_order(tmp_path: Path) -> None:
    c = points(write(tmp_path, "0,0,7\n1,1,3\n2,2,5\n3,3,3\n4,4,7\n"))
    assert (c.task, c.n_classes) == ("classification", 3)
    np.testing.assert_array_equal(c.y, [2, 0, 1, 0, 2])


def test_eight_whole_values_are_classes_nine_are_regression(tmp_path: Path) -> None:
    eight = "".join(f"{i},{i % 8}\n" for i in range(16))
    c = points(write(tmp_path, eight))
    assert (c.task, c.n_classes) == ("classification", 8)
    nine = "".join(f"{i},{i % 9}\n" for i in range(18))
    c = points(write(tmp_path, nine))
    assert c.task == "regression"
    np.testing.assert_array_equal(c.y, [i % 9 for i in range(18)])


@pytest.mark.parametrize("distinct", [9, 1000])
def test_many_whole_numbers_become_regression_with_a_note(distinct: int) -> None:
    y = np.arange(2 * distinct, dtype=np.float64) % distinct
    guess = infer_task(y)
    assert (guess.task, guess.n_levels, guess.whole) == ("regression", distinct, True)
    assert f"{distinct:,} different whole numbers" in guess.note
    assert "regression" in guess.note and "8 classes" in guess.note


def test_the_task_notes_of_classes_and_fractions() -> None:
    classes = infer_task(np.array([0, 1, 2, 1, 0.0]))
    assert classes.task == "classification" and "read as 3 classes" in classes.note
    fractions = infer_task(np.array([0.5, 1.0, 2.0]))
    assert fractions.task == "regression" and "fractions" in fractions.note
    assert infer_task(np.array([1.0, 1.0])).note == ""  # refused elsewhere


def test_explicit_task_overrides_inference(tmp_path: Path) -> None:
    c = points(write(tmp_path, "0,0\n1,1\n2,0\n3,1\n"), task="regression")
    assert c.task == "regression"
    np.testing.assert_array_equal(c.y, [0, 1, 0, 1])


def test_choosing_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "label,a,b,c\n0,1,2,3\n1,4,5,6\n0,7,8,9\n1,10,11,12\n")
    c = points(path, target_column=0, x_columns=[3, 1])
    np.testing.assert_array_equal(c.x, [[3, 1], [6, 4], [9, 7], [12, 10]])
    np.testing.assert_array_equal(c.y, [0, 1, 0, 1])
    c = points(path, target_column=0, x_columns=[-1])
    assert c.dims == 1
    np.testing.assert_array_equal(c.x[:, 0], [3, 6, 9, 12])


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_files(tmp_path: Path, sep: str) -> None:
    text = sep.join(["x", "y", "class"]) + "\n"
    text += "".join(sep.join(r) + "\n" for r in [["1", "2", "0"], ["3", "4", "1"],
                                                   ["5", "6", "0"], ["7", "8", "1"]])
    c = points(write(tmp_path, text))
    np.testing.assert_array_equal(c.x[:, 1], [2, 4, 6, 8])


# A header cell may hold any delimiter inside its quotes; only unquoted ones separate.
_QUOTED_HEADER = '"x; first, or\tnot"'


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("quoted", [False, True])
def test_delimiter_is_found_outside_quotes(tmp_path: Path, sep: str, quoted: bool) -> None:
    first = _QUOTED_HEADER if quoted else "x1"
    text = sep.join([first, "x2", "label"]) + "\n"
    rows = [("1.5", "2", "0"), ("3", "-4", "1"), ("5", "6e-1", "0"), ("7", "8", "1")]
    text += "".join(sep.join(r) + "\n" for r in rows)
    header, table = parse_csv(text)
    assert header == [_QUOTED_HEADER.strip('"') if quoted else "x1", "x2", "label"]
    np.testing.assert_array_equal(table[:, 0], [1.5, 3, 5, 7])
    c = points(write(tmp_path, text))
    assert (c.dims, c.task, c.n_classes) == (2, "classification", 2)


def test_a_comma_file_with_a_semicolon_in_a_quoted_header_is_read(tmp_path: Path) -> None:
    # The file: read as semicolon-separated it had one column and was refused.
    text = '"x; first",x2,label\n0.5,1,0\n1.5,2,1\n2.5,3,0\n3.5,4,1\n'
    c = points(write(tmp_path, text))
    np.testing.assert_array_equal(c.x, [[0.5, 1], [1.5, 2], [2.5, 3], [3.5, 4]])
    assert parse_csv(text)[0] == ["x; first", "x2", "label"]


def test_an_unquoted_semicolon_in_a_comma_header_does_not_decide(tmp_path: Path) -> None:
    # Every data row splits on commas only, so the file is comma-separated.
    header, table = parse_csv("x;1,x2,y\n1,2,0\n3,4,1\n")
    assert header == ["x;1", "x2", "y"] and table.shape == (2, 3)


def test_quoted_data_cells_and_escaped_quotes(tmp_path: Path) -> None:
    text = '"a ""b; c""";"d"\n"1,5";2\n'
    err = error(tmp_path, text)  # semicolons decide; "1,5" is a decimal comma
    assert_at(err, 2, 1, "decimal separator")
    header, table = parse_csv('"a ""b; c""",d\n"1.5",2\n')
    assert header == ['a "b; c"', "d"] and table.tolist() == [[1.5, 2.0]]


def test_spreadsheet_export_details(tmp_path: Path) -> None:
    # BOM, CRLF, quoted header, padding spaces, blank lines and empty trailing rows.
    text = '\ufeff"x 1", "x 2" ,"y"\r\n 1 , 2 ,0\r\n\r\n3,4,1\r\n5,6,0\r\n7,8,1\r\n,,\r\n\r\n'
    header, table = parse_csv(text)
    assert header == ["x 1", "x 2", "y"]
    assert table.shape == (4, 3)
    c = points(write(tmp_path, text))
    np.testing.assert_array_equal(c.x[:, 0], [1, 3, 5, 7])


def test_number_formats(tmp_path: Path) -> None:
    _, table = parse_csv("+1,-2.,.5,1E3,-1.5e-3,0\n")
    np.testing.assert_array_equal(table, [[1, -2, 0.5, 1000, -0.0015, 0]])


def test_loaded_data_trains_as_a_custom_experiment(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (40, 2))
    y = (x[:, 0] > 0).astype(int)
    text = "a,b,c\n" + "".join(
        f"{float(p)!r},{float(q)!r},{k}\n" for (p, q), k in zip(x, y, strict=True)
    )
    custom = points(write(tmp_path, text))
    spec = DataSpec(dataset="custom", custom=custom)
    exp = Experiment(data=spec).validate()
    assert Experiment.from_json(exp.to_json()) == exp
    ds = make_dataset(spec)
    assert len(ds.x_train) + len(ds.x_test) == 40


# ----------------------------------------------------------------------------- reject


@pytest.mark.parametrize(
    "text, row, column, words",
    [
        ("x,y,z\n1,2,0\nabc,4,1\n5,6,0\n7,8,1\n", 3, 1, ["'abc'", "not a number"]),
        ("1,2,0\n3,4,1\n5,6,cat\n7,8,1\n", 3, 3, ["'cat'"]),
        ("x,y,z\n1,2,0\n3,nan,1\n5,6,0\n7,8,1\n", 3, 2, ["nan", "finite"]),
        ("1,NaN,0\n3,4,1\n5,6,0\n7,8,1\n", 1, 2, ["nan"]),
        ("1,2,0\n3,4,1\n5,inf,0\n7,8,1\n", 3, 2, ["inf"]),
        ("1,2,0\n3,4,1\n5,6,0\n7,-Infinity,1\n", 4, 2, ["infinity"]),
        ("1,2,0\n3,4,1\n5,6,0\n1e999,8,1\n", 4, 1, ["too large"]),
        ("1,2,0\n3,4,1\n5,6,0\n7,8,1e10\n", 4, 3, ["too large"]),
        ("1,2,0\n3,,1\n5,6,0\n7,8,1\n", 2, 2, ["empty"]),
        ("x;y;z\n1;2,5;0\n", 2, 2, ["decimal separator"]),
        ("1,2,0\n3,4,1\n5,6,0,9\n7,8,1\n", 3, 4, ["extra cell", "row 1 has 3"]),
        ("a,b,c\n1,2,0\n3,4\n5,6,0\n7,8,1\n", 3, 3, ["missing cell"]),
        ("1,2,0\n3,0x10,1\n5,6,0\n7,8,1\n", 2, 2, ["not a number"]),
        ("1,2,0\n3,1_000,1\n5,6,0\n7,8,1\n", 2, 2, ["not a number"]),
        ('1,2,0\n3,"4,1\n5,6,0\n7,8,1\n', 2, 2, ["quote"]),
        ("1,2,0\n3,4\x00,1\n5,6,0\n7,8,1\n", 2, 2, ["not a number"]),
    ],
)
def test_bad_cells_and_rows_are_located(
    tmp_path: Path, text: str, row: int, column: int, words: list[str]
) -> None:
    assert_at(error(tmp_path, text), row, column, *words)
    with pytest.raises(CSVError) as info:
        parse_csv(text)
    assert (info.value.row, info.value.column) == (row, column)


@pytest.mark.parametrize("text", ["", "\n\n", "  \n\t\n", ",,,\n,,\n", "\ufeff"])
def test_empty_files(tmp_path: Path, text: str) -> None:
    assert_at(error(tmp_path, text), None, None, "empty")


def test_header_without_data(tmp_path: Path) -> None:
    assert_at(error(tmp_path, "x1,x2,y\n"), None, None, "header", "no rows")


def test_too_few_rows(tmp_path: Path) -> None:
    assert_at(error(tmp_path, "x,y,c\n1,2,0\n3,4,1\n5,6,0\n"), None, None, "3 data rows", "4")


def test_too_many_rows_is_refused_at_the_first_extra_row(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i % 2}\n" for i in range(MAX_CUSTOM_POINTS + 5))
    assert_at(error(tmp_path, "x,y\n" + rows), MAX_CUSTOM_POINTS + 2, None, "more than")
    assert_at(error(tmp_path, rows), MAX_CUSTOM_POINTS + 1, None, "more than")
    # Exactly the limit is fine.
    c = points(write(tmp_path, "x,y\n" + rows[: rows.index(f"\n{MAX_CUSTOM_POINTS},") + 1]))
    assert len(c.y) == MAX_CUSTOM_POINTS


def test_endless_blank_lines_are_bounded(tmp_path: Path) -> None:
    err = error(tmp_path, "1,0\n2,1\n" + "\n" * (5 * MAX_CUSTOM_POINTS) + "3,0\n4,1\n")
    assert err.row is not None and "too many lines" in str(err)


def test_too_many_columns(tmp_path: Path) -> None:
    assert_at(error(tmp_path, ",".join(["1"] * 500) + "\n"), 1, None, "columns")


def test_line_too_long(tmp_path: Path) -> None:
    assert_at(error(tmp_path, "1,2\n" + "9" * 100_000 + ",1\n"), 2, None, "too long")


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as fh:  # sparse: costs no disk space
        fh.truncate(MAX_CSV_BYTES + 1)
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as info:
            read_csv_data(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "huge.csv" in str(info.value)
    # One byte over: the two sizes must not both read "20.0 MB".
    assert "20,000,001 bytes" in str(info.value) and "20,000,000 bytes" in str(info.value)
    assert peak < 1_000_000, f"refusing a too-large file read {peak} bytes of it"


@pytest.mark.parametrize(
    ("size", "limit", "expected"),
    [
        (20_000_001, 20_000_000, ("20,000,001 bytes", "20,000,000 bytes")),
        (20_400_000, 20_000_000, ("20.4 MB", "20.0 MB")),
        (20_040_000, 20_000_000, ("20.04 MB", "20.00 MB")),
        (2 * 1024**3, 20_000_000, ("2.1 GB", "20.0 MB")),
        (64_001, 64_000, ("64,001 bytes", "64,000 bytes")),
    ],
)
def test_sizes_in_a_message_differ_when_the_sizes_do(
    size: int, limit: int, expected: tuple[str, str]
) -> None:
    assert format_sizes(size, limit) == expected


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    body = "1,0\n2,1\n3,0\n4,1\n"
    text = body + " " * (MAX_CSV_BYTES - len(body))  # trailing blanks: a blank last line
    assert len(text.encode()) == MAX_CSV_BYTES
    assert points(write(tmp_path, text)).x.shape == (4, 1)


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    data = "x1,x2,y\n1,2,0\n3,4,1\n5,6,é\n".encode("latin-1")
    assert_at(error(tmp_path, data), 4, 3, "utf-8", "0xe9")
    data = "x1;x2;y\n1;2;0\n3;\xff4;1\n".encode("latin-1")
    assert_at(error(tmp_path, data), 3, 2, "utf-8")


def test_non_utf8_position_counts_bom_and_old_mac_line_ends(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfx,y\r1,0\r\n2,\xff\r3,0\n4,1\n"
    assert_at(error(tmp_path, data), 3, 2, "0xff")


def test_utf16_file_is_refused(tmp_path: Path) -> None:
    err = error(tmp_path, "x,y\n1,0\n2,1\n3,0\n4,1\n".encode("utf-16"))
    assert err.row == 1 and "utf-8" in str(err).lower()


# The file-level refusals are the one load path's (nnsim.storage), worded as for every
# other file; the core's CSV parser never touches files.


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="folder"):
        read_csv_data(tmp_path)
    with pytest.raises(LoadError, match="no such file"):
        read_csv_data(tmp_path / "nope.csv")


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    with pytest.raises(LoadError, match="not a regular file"):
        read_csv_data(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_unreadable_file_by_permissions(tmp_path: Path) -> None:
    path = write(tmp_path, "1,0\n2,1\n3,0\n4,1\n")
    path.chmod(0)
    with pytest.raises(LoadError, match="permission"):
        read_csv_data(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: the OS refusal is simulated where the loader opens the file.
    path = write(tmp_path, "1,0\n2,1\n3,0\n4,1\n")
    real_open = os.open

    def refuse(name, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", refuse)
    with pytest.raises(LoadError, match="permission to read it"):
        read_csv_data(path)


def test_the_file_is_parsed_once_for_any_choice_of_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b,c\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n")
    table = read_csv_table(path)
    path.unlink()  # the choices below never read the file again
    assert table.header == ["a", "b", "c"] and table.rows == (2, 3, 4, 5)
    two = table.custom()
    one = table.custom([1], target_column=0, task="regression")
    assert two.dims == 2 and two.task == "classification"
    assert one.dims == 1 and one.task == "regression"
    np.testing.assert_array_equal(one.x[:, 0], [2, 4, 6, 8])
    assert parse_csv_table(b"\xef\xbb\xbfa,b\n1,0\n2,1\n3,0\n4,1\n").header == ["a", "b"]


GOOD = "1,2,0\n3,4,1\n5,6,0\n7,8,1\n"


@pytest.mark.parametrize(
    "text, kw, column, words",
    [
        ("1\n2\n3\n4\n", {}, None, ["one column"]),
        ("1,2,3,0\n4,5,6,1\n7,8,9,0\n1,2,3,1\n", {}, None, ["3 input columns"]),
        (GOOD, {"target_column": 5}, None, ["no target column", "index 5"]),
        (GOOD, {"target_column": -4}, None, ["no target column", "index -4"]),
        (GOOD, {"x_columns": [0, 3]}, None, ["no input column", "3 columns"]),
        (GOOD, {"x_columns": [0, 2]}, 3, ["target"]),
        (GOOD, {"x_columns": [0, 0]}, None, ["twice"]),
        ("1,2,5\n3,4,5\n5,6,5\n7,8,5\n", {}, 3, ["at least 2 different"]),
        ("1,2,0.5\n3,4,0.5\n5,6,0.5\n7,8,0.5\n", {"task": "regression"}, 3, ["every target"]),
        (
            "".join(f"{i},{i}\n" for i in range(12)),
            {"task": "classification"},
            2,
            ["12 different class labels", "at most 8"],
        ),
    ],
)
def test_bad_column_choices(
    tmp_path: Path, text: str, kw: dict, column: int | None, words: list[str]
) -> None:
    assert_at(error(tmp_path, text, **kw), None, column, *words)


def test_fractional_class_label_is_located(tmp_path: Path) -> None:
    err = error(tmp_path, "x,y,c\n1,2,0\n3,4,1\n\n5,6,0.5\n7,8,1\n", task="classification")
    assert_at(err, 5, 3, "0.5", "whole number")


def test_bad_task_name_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="task"):
        points(write(tmp_path, "1,0\n2,1\n3,0\n4,1\n"), task="clustering")


def test_error_attributes() -> None:
    err = CSVError("it is wrong", 3, 2)
    assert (err.row, err.column, err.reason) == (3, 2, "it is wrong")
    assert str(err) == "row 3, column 2: it is wrong"
    assert str(CSVError("bad", row=4)) == "row 4: bad"
    assert str(CSVError("bad", column=4)) == "column 4: bad"
    assert str(CSVError("bad")) == "bad"
    assert isinstance(err, ValueError)


# ----------------------------------------------------------------------------- property

_value = st.floats(
    min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False, allow_subnormal=True
)


@st.composite
def tables(draw):
    """(text, x, y, task, n_classes) of a valid random table written as CSV."""
    n = draw(st.integers(4, 40))
    dims = draw(st.sampled_from([1, 2]))
    x = np.array(draw(st.lists(st.lists(_value, min_size=dims, max_size=dims),
                               min_size=n, max_size=n)))
    if draw(st.booleans()):
        task = "classification"
        labels = draw(st.lists(st.integers(-50, 50), min_size=2, max_size=8, unique=True))
        y = np.array(draw(st.lists(st.sampled_from(labels), min_size=n, max_size=n)), float)
        y[:2] = labels[:2]  # at least two classes present
    else:
        task = "regression"
        y = np.array(draw(st.lists(_value, min_size=n, max_size=n)))
        y[0], y[1] = 0.5, -0.25  # at least two different values, not all whole numbers
    t = draw(st.integers(0, dims))  # where the target column goes
    table = np.insert(x, t, y, axis=1)
    sep = draw(st.sampled_from([",", ";", "\t"]))
    lines = [sep.join(repr(float(v)) for v in row) for row in table]
    if draw(st.booleans()):
        lines.insert(0, sep.join(f"col {j}" for j in range(dims + 1)))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    return text, x, y, task, t


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(tables())
def test_random_tables_round_trip(tmp_path: Path, case) -> None:
    text, x, y, task, t = case
    c = points(write(tmp_path, text), target_column=t)
    assert c.task == task
    np.testing.assert_array_equal(c.x, x)
    if task == "classification":
        levels = np.unique(y)
        assert c.n_classes == len(levels)
        np.testing.assert_array_equal(levels[c.y.astype(int)], y)
    else:
        np.testing.assert_array_equal(c.y, y)
