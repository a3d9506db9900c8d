"""Shared by the exercise tests: the learner's alternative answers, loaded from their files."""

import importlib.util
from pathlib import Path
from typing import Any

ALTERNATIVES = Path(__file__).parent / "exercise_alternatives"


def load_source(folder: Path, name: str, source: str) -> dict[str, Any]:
    """The objects a learner's file defines, imported from ``source`` (saved under ``folder``)."""
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"exercise_test_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


def alternative(file: str) -> str:
    return (ALTERNATIVES / file).read_text(encoding="utf-8")
