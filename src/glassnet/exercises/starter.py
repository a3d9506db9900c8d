"""The learner's starting file and the teacher's solution file, both made from the answers.

The starting file keeps the answers module's docstring (the task, in the documents'
words), and of each public function, class and method its signature and docstring; every
body becomes ``raise NotImplementedError``. The solution file is the answers module as it
is. One source for both means the task, the signatures and the solution cannot disagree.
"""

import ast
import inspect

from glassnet.exercises.core import Exercise

_HEADER = """
# Write the body of each function (and method) below, then check your answers (from
# this folder) with:  glassnet exercises check . {name}
# Import what you need: math, numpy, scipy.special ... Vector and Matrix only name what
# the arguments are; the checker passes NumPy arrays, which work like lists too.
from typing import Any

Vector = Any  # a list of numbers, or a 1-D NumPy array
Matrix = Any  # a list of rows, or a 2-D NumPy array; row j holds the links into node j
"""

_SOLUTION_HEADER = (
    "# Reference solution, written by `glassnet exercises solutions`: thin wrappers of\n"
    "# glassnet's own engine (its layers, losses, lessons and the book's class).\n"
)


def solution_source(exercise: Exercise) -> str:
    """The reference solution file: the answers module, word for word."""
    return _SOLUTION_HEADER + inspect.getsource(exercise.answers)


def starter_source(exercise: Exercise) -> str:
    """The learner's starting file: the task, the signatures, and bodies still to write."""
    source = inspect.getsource(exercise.answers)
    lines = source.splitlines()
    tree = ast.parse(source)
    docstring = tree.body[0]
    if not (isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant)):
        raise ValueError(f"answers for {exercise.name} start without a docstring")
    parts = ["\n".join(lines[: docstring.end_lineno]), _HEADER.format(name=exercise.name)]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            parts.append("\n\n" + "\n".join(_stub(node, lines, node.name)))
        elif isinstance(node, ast.ClassDef):
            body = _docstring_lines(node, lines)
            for method in node.body:
                if isinstance(method, ast.FunctionDef):
                    body += ["", *_stub(method, lines, f"{node.name}.{method.name}")]
            parts.append("\n\n" + "\n".join([f"class {node.name}:", *body]))
    return "\n".join(parts) + "\n"


def _stub(node: ast.FunctionDef, lines: list[str], name: str) -> list[str]:
    """The function's signature and docstring, then a body that says it is not written yet."""
    body = node.body[0]
    indent = " " * body.col_offset
    signature = lines[node.lineno - 1 : body.lineno - 1]
    return [
        *signature,
        *_docstring_lines(node, lines),
        f'{indent}raise NotImplementedError("{name} is not written yet")',
    ]


def _docstring_lines(node: ast.FunctionDef | ast.ClassDef, lines: list[str]) -> list[str]:
    first = node.body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)):
        raise ValueError(f"{node.name} has no docstring to keep")
    return lines[first.lineno - 1 : first.end_lineno]
