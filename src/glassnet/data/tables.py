"""Reading small CSV tables (the student grades, the IMU gestures) with clear errors."""

import csv
from pathlib import Path

import numpy as np
import numpy.typing as npt

from glassnet.errors import GlassnetError


def read_table(path: str | Path, delimiter: str = ",") -> dict[str, list[str]]:
    """Columns of a CSV file with a header row, as strings (quotes removed), by name.

    Every problem is a ``GlassnetError`` naming the file (and the line, where there is one).
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle, delimiter=delimiter))
    except OSError as error:
        raise GlassnetError(f"{path}: cannot read ({error.strerror or error})") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise GlassnetError(f"{path}: not a readable CSV file ({error})") from None
    if not rows or not rows[0]:
        raise GlassnetError(f"{path}: empty file, expected a header row")
    header, body = rows[0], [row for row in rows[1:] if row]
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise GlassnetError(
                f"{path}: line {line} has {len(row)} fields, the header has {len(header)}"
            )
    return {name: [row[i] for row in body] for i, name in enumerate(header)}


def numeric_column(table: dict[str, list[str]], name: str, where: str) -> npt.NDArray[np.float64]:
    """One column as float64, or a ``GlassnetError`` naming the column and the first bad value."""
    if name not in table:
        columns = ", ".join(repr(column) for column in list(table)[:40])
        raise GlassnetError(f"{where}: no column {name!r} (columns: {columns:.300})")
    try:
        values = np.array([float(text) for text in table[name]], dtype=np.float64)
    except ValueError:
        bad = next(text for text in table[name] if not _is_number(text))
        raise GlassnetError(f"{where}: column {name!r} has a non-number {bad!r:.60}") from None
    if not np.all(np.isfinite(values)):
        raise GlassnetError(f"{where}: column {name!r} contains NaN or inf")
    return values


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
