"""Mutations of valid inputs, for the fuzz tests and ``make fuzz`` (tools/fuzz.py).

Every mutation takes a ``random.Random``: hypothesis gives one whose choices it controls
and shrinks (``st.randoms()``), ``make fuzz`` a seeded one, so both run the same code.
Byte mutations (flipped bits, truncation, inserted or deleted bytes, 32-bit sizes made
huge or negative) find what a damaged file does; structured ones (a JSON field replaced
by a wrong type, a ``.npy`` header claiming another shape, a PNG header claiming
another size) reach past the checksums and parsers that byte noise rarely gets through.
"""

import io
import json
import random
import struct
import zipfile
import zlib
from typing import Any

# Integers that break size fields: zero, one, sign bits, all ones, "a billion images".
INTERESTING_INTEGERS = (
    0,
    1,
    0x7F,
    0x80,
    0xFF,
    0x7FFF,
    0x8000,
    0xFFFF,
    10**6,
    10**9,
    0x7FFFFFFF,
    0x80000000,
    0xFFFFFFFF,
)
# Values a JSON field should never hold: wrong types, huge or negative sizes, NaN's cousins.
WRONG_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    2**31,
    2**64,
    -(2**64),
    10**400,
    1e308,
    -1e308,
    5e-324,
    0.5,
    "",
    "x" * 300,
    "1e999",
    "nan",
    [],
    [1, [2, [3]]],
    {},
    {"type": "dense"},
    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
)


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One to four byte-level changes anywhere in ``data``."""
    result = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(8)
        position = rng.randrange(len(result) + 1)
        if kind == 0 and result:  # flip one bit
            index = min(position, len(result) - 1)
            result[index] ^= 1 << rng.randrange(8)
        elif kind == 1 and result:  # an interesting byte
            result[min(position, len(result) - 1)] = rng.choice((0, 1, 0x7F, 0x80, 0xFF))
        elif kind == 2:  # truncate
            del result[position:]
        elif kind == 3:  # insert random bytes
            result[position:position] = rng.randbytes(rng.randint(1, 16))
        elif kind == 4:  # delete a few bytes
            del result[position : position + rng.randint(1, 16)]
        elif kind == 5:  # repeat a piece
            piece = result[position : position + rng.randint(1, 64)]
            result[position:position] = piece
        else:  # a 16-, 32- or 64-bit integer, either byte order: sizes, offsets, counts
            width = rng.choice((2, 4, 4, 8))
            value = rng.choice(INTERESTING_INTEGERS) & ((1 << (8 * width)) - 1)
            big = rng.random() < 0.5
            result[position : position + width] = value.to_bytes(width, "big" if big else "little")
    return bytes(result)


def mutate_json(value: Any, rng: random.Random) -> Any:
    """``value`` (a JSON document) with one field replaced, removed or added."""
    paths = list(_paths(value, ()))
    path = rng.choice(paths)
    kind = rng.randrange(4)
    if kind == 0 or not path:  # replace the field (or the whole document) with a wrong value
        return _replace(value, path, _wrong_value(rng))
    parent = _get(value, path[:-1])
    if kind == 1 and isinstance(parent, dict):  # remove it
        return _replace(value, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
    if kind == 2 and isinstance(parent, list):  # remove it, or repeat it, in a list
        index = int(path[-1])
        changed = parent[:index] + parent[index + 1 :] if rng.random() < 0.5 else parent + parent
        return _replace(value, path[:-1], changed)
    if isinstance(parent, dict):  # an unknown key beside it
        return _replace(value, path[:-1], {**parent, rng.choice(("extra", "", "0")): 1})
    return _replace(value, path, _wrong_value(rng))


def _wrong_value(rng: random.Random) -> Any:
    if rng.random() < 0.1:  # a number just past a sensible limit
        return rng.choice((1, -1)) * rng.choice((2, 10, 256, 1000)) ** rng.randint(1, 40)
    return rng.choice(WRONG_VALUES)


def _paths(value: Any, path: tuple[Any, ...]) -> Any:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:20]):  # long arrays: their start is enough
            yield from _paths(item, (*path, index))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replace(value[head], rest, new)
    return copy


def mutate_csv(text: str, delimiter: str, rng: random.Random) -> str:
    """A cell replaced by a strange value, or rows removed, repeated or cut short."""
    lines = text.splitlines()
    line = rng.randrange(len(lines))
    cells = lines[line].split(delimiter)
    kind = rng.randrange(5)
    if kind == 0:
        lines.pop(line)
    elif kind == 1:
        lines[line:line] = [lines[line]] * rng.choice((1, 2, 50))
    elif kind == 2:
        lines[line] = delimiter.join(cells[: rng.randrange(len(cells) + 1)])
    else:
        cell = rng.randrange(len(cells))
        cells[cell] = rng.choice(
            (
                "1e308",
                "-1e308",
                "1e-320",
                "nan",
                "inf",
                "-inf",
                "",
                '"',
                "\x00",
                "1" * 400,
                "9" * 5000,
                "a" + delimiter + "b",
                '"x\ny"',
                "0x10",
                "١٢",  # Arabic-Indic digits: Python's float() reads them
                str(rng.randint(-(10**9), 10**9)),
            )
        )
        lines[line] = delimiter.join(cells)
    return "\n".join(lines) + ("\n" if rng.random() < 0.8 else "")


def mutate_table(data: bytes, delimiter: str, rng: random.Random) -> bytes:
    """A CSV file: most often cells and rows changed (``mutate_csv``), else any bytes."""
    if rng.random() < 0.6:
        return mutate_csv(data.decode("utf-8", errors="replace"), delimiter, rng).encode()
    return mutate_bytes(data, rng)


def mutate_npz(data: bytes, rng: random.Random) -> bytes:
    """A ``.npz`` with one entry changed in a way its checksums still vouch for.

    The metadata's JSON, an array's ``.npy`` header (its shape, dtype or raw text), an
    array's data (cut short or grown), an entry added, removed or renamed.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    names = sorted(entries)
    kind = rng.randrange(7)
    if kind == 0 and "metadata.npy" in entries:  # a metadata field of the wrong type
        header, text = _split_npy(entries["metadata.npy"])
        metadata = mutate_json(json.loads(text), rng)
        entries["metadata.npy"] = _npy(json.dumps(metadata).encode(), "|u1")
    elif kind == 1 and "metadata.npy" in entries:  # the metadata's text, byte by byte
        header, text = _split_npy(entries["metadata.npy"])
        entries["metadata.npy"] = _npy(mutate_bytes(text, rng), "|u1")
    elif kind == 2:  # an array's header claiming another shape or dtype
        name = rng.choice(names)
        header, body = _split_npy(entries[name])
        entries[name] = _with_header(body, rng)
    elif kind == 3:  # an array's header text, byte by byte
        name = rng.choice(names)
        header, body = _split_npy(entries[name])
        text = mutate_bytes(header[10:], rng)
        entries[name] = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + body
    elif kind == 4:  # data cut short or grown
        name = rng.choice(names)
        content = entries[name]
        cut = rng.randrange(len(content) + 1)
        entries[name] = content[:cut] if rng.random() < 0.5 else content + bytes(cut)
    elif kind == 5:  # an extra array, maybe large and compressible
        size = rng.choice((1, 8, 10**5))
        entries[rng.choice(("extra.npy", "layer9.weight.npy", "optimizer.x.0.npy"))] = _npy(
            bytes(8 * size), "<f8", (size,)
        )
    else:  # an entry removed or renamed
        name = rng.choice(names)
        content = entries.pop(name)
        if rng.random() < 0.5:
            entries[rng.choice(("renamed.npy", "notes.txt", name.upper()))] = content
    compression = zipfile.ZIP_DEFLATED if rng.random() < 0.3 else zipfile.ZIP_STORED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _split_npy(content: bytes) -> tuple[bytes, bytes]:
    """A version 1.0 ``.npy`` file's header (magic included) and data."""
    length = struct.unpack("<H", content[8:10])[0] if len(content) >= 10 else 0
    return content[: 10 + length], content[10 + length :]


def _npy(body: bytes, descr: str, shape: tuple[int, ...] | None = None) -> bytes:
    shape = shape if shape is not None else (len(body),)
    text = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape!r}, }}"
    text += " " * (63 - (10 + len(text)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode("latin1") + body


def _with_header(body: bytes, rng: random.Random) -> bytes:
    descr = rng.choice(("<f8", "<f4", ">f8", "<i8", "|u1", "|O", "<c16", "|V8", "garbage"))
    shape = rng.choice(
        ((10**12,), (2**63,), (-1,), (0,), (3, 4), (1,) * 40, (4, 10**9), (len(body) // 8,))
    )
    content = _npy(body, descr, shape)
    if rng.random() < 0.2:
        content = content.replace(b"False", b"True")  # Fortran order
    return content


def mutate_png_size(data: bytes, rng: random.Random) -> bytes:
    """A PNG whose header (IHDR, checksum fixed) claims another width and height."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return mutate_bytes(data, rng)
    width = rng.choice((0, 1, 8, 9000, 10**5, 2**31 - 1))
    height = rng.choice((0, 1, 8, 9000, 10**5, 2**31 - 1))
    chunk = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]
