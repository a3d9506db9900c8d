"""Every public name has a NumPy-style docstring naming its parameters; the examples run.

The public names are the ``__all__`` of the modules the API reference documents
(``docs/hooks/api_coverage.py``, which also fails ``make docs`` when one is missing from
the site). Here: a function's docstring has a ``Parameters`` section naming each of its
parameters and says what it returns; a class's docstring names its constructor's
parameters; a public method of a class has a docstring naming its own. The ``Examples``
of the modules listed in ``EXAMPLES`` run as doctests.
"""

import ast
import doctest
import importlib
import importlib.util
import inspect
import itertools
import pkgutil
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

HOOK = Path(__file__).resolve().parent.parent / "docs" / "hooks" / "api_coverage.py"


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("api_coverage", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


API = _hook()
# The modules whose every public function and class is documented in full (issue 17).
DOCUMENTED = API.DOCUMENTED
# Modules with Examples sections, run as doctests.
EXAMPLES = (
    "glassnet.engine.activations",
    "glassnet.engine.layers",
    "glassnet.engine.losses",
    "glassnet.engine.network",
    "glassnet.engine.optimizers",
    "glassnet.engine.training",
    "glassnet.engine.metrics",
    "glassnet.engine.gradcheck",
    "glassnet.engine.init",
    "glassnet.files.model_file",
    "glassnet.book",
    "glassnet.data.preprocessing",
    "glassnet.data.idx",
    "glassnet.data.datasets",
    "glassnet.sklearn.classifier",
    "glassnet.sklearn.regressor",
    "glassnet.export.c",
    "glassnet.export.int8",
)


def _public_objects() -> list[tuple[str, Any]]:
    found = []
    for module_name in DOCUMENTED:
        for name, path in API.defining_paths(module_name).items():
            found.append((f"{module_name}.{name}", API.resolve(path)))
    return found


PUBLIC = _public_objects()
# Each class or function once (the book's class has two names).
CALLABLES = list(
    {
        id(o): (n, o) for n, o in reversed(PUBLIC) if inspect.isclass(o) or inspect.isfunction(o)
    }.values()
)[::-1]


def _section(doc: str, title: str) -> str:
    """The text of a NumPy-style section (``title`` underlined with dashes), or ''."""
    match = re.search(
        rf"^{title}\n-{{{len(title)}}}\n(.*?)(?=^\w[\w ]*\n-+\n|\Z)", doc, re.M | re.S
    )
    return match.group(1) if match else ""


def _parameters(function: Any) -> list[str]:
    signature = inspect.signature(function)
    return [name for name in signature.parameters if name not in ("self", "cls")]


def _missing_parameters(doc: str, names: list[str], sections: tuple[str, ...]) -> list[str]:
    listed = "\n".join(_section(doc, title) for title in sections)
    return [name for name in names if not re.search(rf"^\**{re.escape(name)}\b", listed, re.M)]


def test_the_documented_modules_are_the_issues():
    expected = {"glassnet", "glassnet.book", "glassnet.data", "glassnet.sklearn"}
    assert expected <= set(DOCUMENTED) <= set(API.PUBLIC)
    # glassnet.export's public names are its submodules' (exporting needs optional packages)
    export = importlib.import_module("glassnet.export")
    submodules = {
        f"glassnet.export.{module.name}"
        for module in pkgutil.iter_modules(export.__path__)
        if not module.name.startswith("_")
    }
    assert submodules == {m for m in DOCUMENTED if m.startswith("glassnet.export.")}


def _attribute_docstring(path: str) -> str:
    """The docstring under a module-level assignment (``NAME = ...`` then a string)."""
    module_name, _, name = path.rpartition(".")
    tree = ast.parse(Path(inspect.getfile(importlib.import_module(module_name))).read_text())
    for statement, following in itertools.pairwise(tree.body):
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        named = any(isinstance(t, ast.Name) and t.id == name for t in targets)
        if named and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
            return str(following.value.value)
    return ""


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[n for n, _ in PUBLIC])
def test_public_name_has_a_docstring(name, obj):
    if inspect.ismodule(obj) or inspect.isclass(obj) or callable(obj):
        doc = inspect.getdoc(obj)
    else:  # a constant: its docstring is the string under its assignment
        module_name, _, short = name.rpartition(".")
        doc = _attribute_docstring(API.defining_paths(module_name)[short])
    assert doc and len(doc) > 20, f"{name} has no docstring worth reading"


@pytest.mark.parametrize(("name", "obj"), CALLABLES, ids=[n for n, _ in CALLABLES])
def test_docstring_names_the_parameters(name, obj):
    doc = inspect.getdoc(obj) or ""
    if inspect.isfunction(obj):
        assert not _missing_parameters(doc, _parameters(obj), ("Parameters",)), name
        returns = inspect.signature(obj).return_annotation
        if returns not in (None, "None", inspect.Signature.empty):
            assert _section(doc, "Returns") or _section(doc, "Yields"), f"{name}: no Returns"
        return
    # A class: its constructor's parameters (a dataclass's fields may be Attributes).
    sections = ("Parameters", "Attributes")
    init = obj.__dict__.get("__init__")
    if init is not None and not getattr(obj, "_is_protocol", False) and _parameters(init):
        assert not _missing_parameters(doc, _parameters(init), sections), name


def _methods() -> list[tuple[str, Any]]:
    found = []
    for name, obj in CALLABLES:
        if not inspect.isclass(obj):
            continue
        for attribute, value in vars(obj).items():
            if attribute.startswith("_"):
                continue
            if isinstance(value, staticmethod | classmethod):
                value = value.__func__
            if inspect.isfunction(value) or isinstance(value, property):
                found.append((f"{name}.{attribute}", value))
    return found


METHODS = _methods()


@pytest.mark.parametrize(("name", "method"), METHODS, ids=[n for n, _ in METHODS])
def test_public_methods_are_documented(name, method):
    doc = inspect.getdoc(method) or ""
    assert doc, f"{name} has no docstring"
    if inspect.isfunction(method):
        missing = _missing_parameters(doc, _parameters(method), ("Parameters",))
        assert not missing, f"{name}: parameters not in its docstring: {missing}"


@pytest.mark.parametrize("module_name", EXAMPLES)
def test_docstring_examples_run(module_name):
    module = importlib.import_module(module_name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = [test for test in finder.find(module) if test.examples]
    assert tests, f"{module_name} has no examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    with np.printoptions(legacy=False):
        for test in tests:
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"
