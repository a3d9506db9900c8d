"""Datasets read from local CSV files only: the UCI student grades and the IMU gestures.

Both live in the data directory (``--data-dir`` or ``GLASSNET_DATA``): ``students/`` and
``gestures/``. They have no checksummed public mirror, so they are never downloaded.
"""

import os
from pathlib import Path

import numpy as np

from glassnet.data.dataset import Dataset, split
from glassnet.data.preprocessing import RangeScaling
from glassnet.data.sources import search_directories
from glassnet.data.tables import numeric_column, read_table
from glassnet.errors import GlassnetError

GESTURE_ROWS = 119  # samples per recorded gesture (119 Hz IMU, one second)
IMU_COLUMNS = ("aX", "aY", "aZ", "gX", "gY", "gZ")
# The Arduino Nano 33 BLE Sense's IMU ranges: accelerometer ±4 g, gyroscope ±2000 °/s.
IMU_LOW = (-4.0, -4.0, -4.0, -2000.0, -2000.0, -2000.0)
IMU_HIGH = (4.0, 4.0, 4.0, 2000.0, 2000.0, 2000.0)


def local_file(folder: str, name: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """``<data dir>/<folder>/<name>`` from the first search directory that has it."""
    for directory in search_directories(data_dir):
        for candidate in (directory / folder / name, directory / name):
            if candidate.is_file():
                return candidate
    where = search_directories(data_dir)[0] / folder
    raise FileNotFoundError(
        f"{folder} file {name} not found (it is never downloaded); put it in {where} "
        "or point --data-dir / GLASSNET_DATA at a folder holding "
        f"{folder}/"
    )


def load_students(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    subject: str = "mat",
    features: tuple[str, ...] = ("G1", "G2", "studytime"),
) -> Dataset:
    """UCI Student Performance: pass (G3 >= 10) or fail from a few numeric columns.

    Inputs are min–max scaled to 0–1 with ranges from the training split (75/25, fixed).
    The CSV file (``student-mat.csv`` or ``student-por.csv``, ``;``-separated) is never
    downloaded.

    Parameters
    ----------
    data_dir : str or os.PathLike or None
        A folder holding the files (in ``students/`` or directly); by default
        ``GLASSNET_DATA``, then the user cache.
    subject : str
        ``"mat"`` (mathematics) or ``"por"`` (Portuguese).
    features : tuple of str
        The columns used as inputs.

    Returns
    -------
    Dataset
        Two classes, ``fail`` and ``pass``, with ``RangeScaling`` preprocessing.

    Raises
    ------
    ValueError
        For an unknown subject or a column that is missing or not numeric.
    FileNotFoundError
        When the CSV file is not in any searched folder (the message says where to put it).
    """
    if subject not in ("mat", "por"):
        raise ValueError(f"unknown subject {subject!r}; choose mat or por")
    path = local_file("students", f"student-{subject}.csv", data_dir)
    table = read_table(path, delimiter=";")
    X = np.column_stack([numeric_column(table, name, str(path)) for name in features])
    y = (numeric_column(table, "G3", str(path)) >= 10).astype(np.int64)
    try:
        X_train, X_test, y_train, y_test = split(X, y, 0.25)
        scaling = RangeScaling.fit(X_train)
    except ValueError as error:  # too few students of a kind, or a range too wide for floats
        raise GlassnetError(f"{path}: cannot use its {len(y)} rows ({error})") from None
    return Dataset(
        "students",
        X_train,
        y_train,
        X_test,
        y_test,
        ["fail", "pass"],
        scaling,
        description=f"UCI student performance ({subject}), features {', '.join(features)}",
    )


def read_gestures(path: Path) -> np.ndarray:
    """One recording file cut into gestures: (n_gestures, 119, 6) floats."""
    table = read_table(path)
    columns = np.column_stack([numeric_column(table, name, str(path)) for name in IMU_COLUMNS])
    if len(columns) == 0 or len(columns) % GESTURE_ROWS:
        raise GlassnetError(
            f"{path}: {len(columns)} rows is not a whole number of {GESTURE_ROWS}-row gestures"
        )
    return columns.reshape(-1, GESTURE_ROWS, len(IMU_COLUMNS))


def load_gestures(
    data_dir: str | os.PathLike[str] | None = None, *, gestures: tuple[str, ...] = ("punch", "flex")
) -> Dataset:
    """IMU gestures (TinyML "gesture to emoji" format), one sample per 119x6 recording.

    Each sample is the recording flattened time-major (aX, aY, ..., gZ at t=0, then t=1,
    ...), scaled from the sensor's fixed ranges to 0–1. Split 70/30, fixed. The CSV files
    (``punch.csv``, ``flex.csv``, ...) are never downloaded.

    Parameters
    ----------
    data_dir : str or os.PathLike or None
        A folder holding the files (in ``gestures/`` or directly); by default
        ``GLASSNET_DATA``, then the user cache.
    gestures : tuple of str
        The gestures (file names without ``.csv``), one class each, in this order.

    Returns
    -------
    Dataset
        714 inputs per sample (119 × 6), ``RangeScaling`` preprocessing.

    Raises
    ------
    ValueError
        When a file's rows are not a whole number of 119-row gestures, or a column is
        missing.
    FileNotFoundError
        When a CSV file is not in any searched folder.
    """
    paths = [local_file("gestures", f"{name}.csv", data_dir) for name in gestures]
    recordings = [read_gestures(path) for path in paths]
    X = np.concatenate([r.reshape(len(r), -1) for r in recordings])
    y = np.concatenate(
        [np.full(len(r), label, dtype=np.int64) for label, r in enumerate(recordings)]
    )
    low = np.tile(IMU_LOW, GESTURE_ROWS)
    high = np.tile(IMU_HIGH, GESTURE_ROWS)
    try:
        X_train, X_test, y_train, y_test = split(X, y, 0.3)
    except ValueError as error:  # a file with a single gesture cannot be split
        counts = ", ".join(f"{path} {len(r)}" for path, r in zip(paths, recordings, strict=True))
        raise GlassnetError(f"too few gestures to split ({counts}): {error}") from None
    return Dataset(
        "gestures",
        X_train,
        y_train,
        X_test,
        y_test,
        list(gestures),
        RangeScaling(low, high),
        description="Arduino Nano 33 BLE Sense IMU gestures, 119 samples x 6 axes each",
    )
