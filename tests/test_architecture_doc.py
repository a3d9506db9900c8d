"""docs/architecture.md: every name its formula table points to exists, and the picture is current."""

import importlib
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
REFERENCE = re.compile(r"\]\[(glassnet(?:\.\w+)+)\]")
TWIN = re.compile(
    r"`((?:output_head_numba|minibatch_numba|book_numba|book_numpy|kernels\.\w+|FusedSGD)[.\w]*)`"
)


def _resolve(dotted: str) -> object:
    """The object a dotted name means: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


@pytest.mark.parametrize("dotted", sorted(set(REFERENCE.findall(DOC.read_text(encoding="utf-8")))))
def test_each_formula_points_to_a_real_function(dotted):
    assert callable(_resolve(dotted)) or isinstance(_resolve(dotted), type)


def test_each_twin_named_exists():
    pytest.importorskip("numba")
    prefixes = {
        "output_head_numba": "glassnet.kernels.output_head_numba",
        "minibatch_numba": "glassnet.kernels.minibatch_numba",
        "book_numba": "glassnet.kernels.book_numba",
        "book_numpy": "glassnet.kernels.book_numpy",
        "kernels": "glassnet.kernels",
        "FusedSGD": "glassnet.kernels.fused_sgd.FusedSGD",
    }
    names = set(TWIN.findall(DOC.read_text(encoding="utf-8")))
    assert len(names) > 10
    for name in names:
        head, _, rest = name.partition(".")
        _resolve(prefixes[head] + (f".{rest}" if rest else ""))
