"""docs/lessons.md covers every lesson, and its printed outputs are the lessons' own."""

import re
from pathlib import Path

import pytest

from glassnet.lessons import LESSONS
from tests.conftest import real_data_dir

DOC = Path(__file__).resolve().parent.parent / "docs" / "lessons.md"
BLOCK = re.compile(r"<!-- output: (\w+) -->\n```text\n(.*?)```\n<!-- end output -->", re.S)
DATA = {"students": "students/student-mat.csv", "gestures": "gestures/punch.csv"}


# Gradient checks print residues of 1e-8 and below: rounding noise, whose last digits
# differ between CPUs (exp and BLAS round differently). Their size is asserted by each
# lesson's own tests; here they are compared as "rounding noise".
ROUNDING_NOISE = re.compile(r"\d(?:\.\d+)?e-(?:0?[89]|[1-9]\d)\b")


def _comparable(text: str) -> str:
    return ROUNDING_NOISE.sub("<rounding noise>", text)


def _blocks() -> dict[str, str]:
    return dict(BLOCK.findall(_comparable(DOC.read_text(encoding="utf-8"))))


def test_every_lesson_is_listed_with_its_section_and_output():
    text = DOC.read_text(encoding="utf-8")
    for number, (name, module) in enumerate(LESSONS.items(), 1):
        info = module.INFO
        row = f"| {number} | `{name}` | {info.document} | {info.section} | `{number:02d}_{name}.ipynb` |"
        assert row in text
        assert f"## {number}. {name}: " in text
    assert list(_blocks()) == list(LESSONS)


@pytest.mark.parametrize("name", [n for n in LESSONS if n not in ("mnist", *DATA)])
def test_outputs_are_current(name):
    assert _blocks()[name] == _comparable(LESSONS[name].run().text()) + "\n", (
        "docs/lessons.md is out of date: run `python docs/update_lessons.py`"
    )


@pytest.mark.parametrize("name", list(DATA))
def test_data_lesson_outputs_are_current(name):
    folder = real_data_dir()
    if folder is None or not (folder / DATA[name]).is_file():
        pytest.skip(f"real {DATA[name]} not available (set GLASSNET_DATA)")
    assert _blocks()[name] == _comparable(LESSONS[name].run(folder).text()) + "\n"
