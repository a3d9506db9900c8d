import numpy as np
import pytest

from glassnet.data import RangeScaling, load_gestures, load_students, preprocessing_from_dict
from glassnet.errors import GlassnetError
from tests.conftest import real_data_dir

HEADER = "aX,aY,aZ,gX,gY,gZ"


def _gesture_file(path, n_gestures, value):
    rows = [",".join([str(value)] * 6)] * (119 * n_gestures)
    path.write_bytes(("\r\n".join([HEADER, *rows])).encode())  # CRLF, no final newline


def test_gestures_are_cut_into_119_row_recordings(tmp_path):
    (tmp_path / "gestures").mkdir()
    _gesture_file(tmp_path / "gestures" / "punch.csv", 6, 2.0)
    _gesture_file(tmp_path / "gestures" / "flex.csv", 4, -1.0)
    data = load_gestures(tmp_path)
    assert len(data.X_train) + len(data.X_test) == 10
    assert data.n_features == 119 * 6 and data.class_names == ["punch", "flex"]
    scaled = data.preprocessing(data.X_train)
    # ±4 g and ±2000 °/s map onto 0..1: 2.0 g -> 0.75, 2.0 °/s -> 0.5005
    punch = scaled[data.y_train == 0][0]
    np.testing.assert_allclose(punch[:6], [0.75, 0.75, 0.75, 0.5005, 0.5005, 0.5005])


def test_broken_gesture_files_are_named(tmp_path):
    (tmp_path / "gestures").mkdir()
    (tmp_path / "gestures" / "punch.csv").write_text(HEADER + "\n1,2,3,4,5,6\n")
    _gesture_file(tmp_path / "gestures" / "flex.csv", 1, 0.0)
    with pytest.raises(ValueError, match="1 rows is not a whole number of 119-row gestures"):
        load_gestures(tmp_path)
    (tmp_path / "gestures" / "punch.csv").write_text(HEADER + "\n1,2,x,4,5,6\n")
    with pytest.raises(ValueError, match="column 'aZ' has a non-number 'x'"):
        load_gestures(tmp_path)
    (tmp_path / "gestures" / "punch.csv").write_text(HEADER + "\n1,2,3\n")
    with pytest.raises(ValueError, match="line 2 has 3 fields, the header has 6"):
        load_gestures(tmp_path)


def test_missing_local_files_say_where_to_put_them(tmp_path):
    with pytest.raises(
        FileNotFoundError,
        match=r"students file student-mat\.csv not found \(it is never downloaded\); put it in",
    ):
        load_students(tmp_path)


def test_students_from_a_small_table(tmp_path):
    (tmp_path / "students").mkdir()
    lines = ['"G1";"G2";"studytime";"G3"'] + [f'"{g}";"{g}";2;{g}' for g in range(4, 20)]
    (tmp_path / "students" / "student-mat.csv").write_text("\n".join(lines))
    data = load_students(tmp_path)
    assert data.class_names == ["fail", "pass"]
    assert len(data.X_train) + len(data.X_test) == 16
    all_y = np.concatenate([data.y_train, data.y_test])
    assert all_y.sum() == 10  # grades 10..19 pass
    assert data.preprocessing(data.X_train).min() == 0.0
    assert data.preprocessing(data.X_train).max() == 1.0


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([f"{g};1;2;{g}" for g in (1e308, -1e308) * 4], "a finite range"),  # overflows
        (["4;4;2;4"] * 7 + ["12;12;2;12"], "least populated class"),  # a single pass
        ([], "cannot use its 0 rows"),
    ],
)
def test_student_tables_that_cannot_be_used_are_refused_naming_the_file(tmp_path, rows, message):
    (tmp_path / "students").mkdir()
    path = tmp_path / "students" / "student-mat.csv"
    path.write_text("\n".join(['"G1";"G2";"studytime";"G3"', *rows]) + "\n")
    with pytest.raises(GlassnetError, match=message) as error:
        load_students(tmp_path)
    assert str(error.value).startswith(f"{path}: ")


def test_gesture_files_of_one_gesture_each_are_refused_naming_both(tmp_path):
    (tmp_path / "gestures").mkdir()
    _gesture_file(tmp_path / "gestures" / "punch.csv", 1, 2.0)
    _gesture_file(tmp_path / "gestures" / "flex.csv", 1, -1.0)
    with pytest.raises(GlassnetError, match="too few gestures to split") as error:
        load_gestures(tmp_path)
    assert "punch.csv 1" in str(error.value) and "flex.csv 1" in str(error.value)


def test_range_scaling_roundtrips_through_its_dict():
    scaling = RangeScaling([0.0, -1.0], [10.0, 1.0])
    again = preprocessing_from_dict(scaling.to_dict())
    np.testing.assert_allclose(again(np.array([[5.0, 0.0]])), [[0.5, 0.5]])
    with pytest.raises(ValueError, match="high > low"):
        RangeScaling([1.0], [1.0])


@pytest.mark.data
def test_real_students_and_gestures():
    folder = real_data_dir()
    if folder is None or not (folder / "students").is_dir():
        pytest.skip("real student and gesture data not available")
    students = load_students(folder)
    assert len(students.X_train) + len(students.X_test) == 395
    assert int(students.y_train.sum() + students.y_test.sum()) == 265
    gestures = load_gestures(folder)
    assert len(gestures.X_train) + len(gestures.X_test) == 35
    assert int((np.concatenate([gestures.y_train, gestures.y_test]) == 0).sum()) == 20
