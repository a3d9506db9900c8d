"""MkDocs hook: every public name is documented in the API reference, or the build fails.

The public names are the ``__all__`` of the modules in ``PUBLIC``. After every page is
rendered, each name must have a heading in the API pages (mkdocstrings gives each object
it documents an ``id`` equal to its path, and leaves out objects without a docstring),
so a new public name without documentation, or a page that forgot it, is a warning that
fails ``mkdocs build --strict``.

It also fills the table of ``docs/api/glassnet.md``: every name of ``glassnet.__all__``
with the first line of its docstring and a link to it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # tests/test_docstrings.py imports this file without MkDocs installed
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.api_coverage")

# Documented in full (parameters, returns, raises, examples; tests/test_docstrings.py).
DOCUMENTED = (
    "glassnet",
    "glassnet.book",
    "glassnet.data",
    "glassnet.sklearn",
    "glassnet.export.onnx",
    "glassnet.export.c",
    "glassnet.export.int8",
)
PUBLIC = (*DOCUMENTED, "glassnet.files", "glassnet.inside", "glassnet.runs", "glassnet.lessons")
TABLE_MARKER = "<!-- glassnet: names of __all__ -->"
HEADING_ID = re.compile(r'<h\d[^>]*\bid="(glassnet[\w.]*)"')

_documented: set[str] = set()


def defining_paths(module_name: str) -> dict[str, str]:
    """Each name of the module's ``__all__`` and the path of what it names.

    Read from the module's own imports (``from glassnet.engine.init import book as
    book_init`` makes ``book_init`` mean ``glassnet.engine.init.book``), because an
    attribute can be replaced at run time (importing a submodule rebinds its name).
    """
    module = importlib.import_module(module_name)
    imported: dict[str, str] = {}
    source = Path(inspect.getfile(module)).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return {name: imported.get(name, f"{module_name}.{name}") for name in module.__all__}


def resolve(path: str) -> Any:
    """The object a dotted path names: a module, or attributes of one (``a.b.C.method``)."""
    parts = path.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            target = getattr(target, name)
        return target
    raise ImportError(f"nothing is called {path}")


def _documented_objects() -> dict[int, str]:
    """The documented classes, functions and modules, by identity: one object can be
    documented under its public name (``glassnet.load``) and exported by another module
    (``glassnet.files.load``)."""
    found = {}
    for heading in _documented:
        try:
            target = resolve(heading)
        except (ImportError, AttributeError):
            continue
        if inspect.isclass(target) or inspect.isfunction(target) or inspect.ismodule(target):
            found[id(target)] = heading
    return found


def accepted_ids(module_name: str, name: str, path: str) -> set[str]:
    """The headings that document ``module_name.name``: its public path or where it lives."""
    ids = {f"{module_name}.{name}", path}
    target = resolve(path)
    if inspect.isclass(target) or inspect.isfunction(target):
        ids.add(f"{target.__module__}.{target.__qualname__}")
    return ids


def _summary(path: str) -> str:
    doc = inspect.getdoc(resolve(path)) if not path.endswith("__version__") else None
    first = (doc or "").strip().split("\n\n")[0].replace("\n", " ")
    return first.replace("|", "\\|")


def names_table() -> str:
    rows = ["| name | what it is |", "|---|---|"]
    for name, path in sorted(defining_paths("glassnet").items(), key=lambda item: item[0].lower()):
        public = f"glassnet.{name}"
        target = public if resolve(public) is resolve(path) else path
        summary = "the installed glassnet's version" if name == "__version__" else _summary(path)
        rows.append(f"| [`{name}`][{target}] | {summary} |")
    return "\n".join(rows)


def on_pre_build(config: MkDocsConfig, **kwargs: Any) -> None:
    _documented.clear()


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    if TABLE_MARKER in markdown:
        markdown = markdown.replace(TABLE_MARKER, names_table())
    return markdown


def on_page_content(html: str, page: Page, **kwargs: Any) -> str:
    _documented.update(HEADING_ID.findall(html))
    return html


def on_env(env: Any, config: MkDocsConfig, **kwargs: Any) -> Any:
    objects = _documented_objects()
    for module_name in PUBLIC:
        for name, path in defining_paths(module_name).items():
            if accepted_ids(module_name, name, path) & _documented:
                continue
            if id(resolve(path)) not in objects:
                log.warning(
                    "%s.%s is public but has no entry in the API reference: give it a "
                    "docstring and a ::: line in docs/api/",
                    module_name,
                    name,
                )
    return env
