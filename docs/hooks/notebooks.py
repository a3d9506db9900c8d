# mypy: disallow-untyped-calls=False
# (nbformat and nbclient carry no annotations)
"""MkDocs hook: the lesson notebooks (notebooks/*.ipynb) as pages, with their outputs.

The notebooks are kept without outputs in git (the test suite runs them). For the site
they are executed here, all eleven in one Python kernel (starting a kernel costs more
than most lessons), each in a fresh namespace and a scratch folder so their figures never
land in the source tree. The executed copies are cached in build/docs-cache/ under a key
made of the notebooks and glassnet's source, so an unchanged tree rebuilds in seconds.
mkdocs-jupyter then renders them (with execute: false).

A lesson whose data files are missing (students and gestures read CSV files that are
never downloaded) is shown without outputs and with a note saying so; any other error
in a notebook fails the build.
"""

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.notebooks")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CACHE = ROOT / "build" / "docs-cache" / "notebooks"
SITE_FOLDER = "notebooks"  # the pages' place in the site: notebooks/01_bugs.html, ...
# The one error a lesson raises for data that has to be put in place by hand.
MISSING_DATA = "it is never downloaded"


def _cache_key(notebooks: list[Path]) -> str:
    """A digest of what the outputs depend on: the notebooks, glassnet, the data, this file."""
    digest = hashlib.sha256()
    sources = [Path(__file__).resolve(), *sorted((ROOT / "src" / "glassnet").rglob("*.py"))]
    for path in [*notebooks, *sources]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    data = os.environ.get("GLASSNET_DATA", "")
    digest.update(data.encode())
    if data and Path(data).is_dir():
        digest.update(" ".join(sorted(str(p) for p in Path(data).rglob("*"))).encode())
    return digest.hexdigest()[:16]


def _show_gifs(notebook: nbformat.NotebookNode) -> None:
    """Give GIF outputs (the iris lesson's animation) an HTML form, which nbconvert shows.

    nbconvert's HTML output knows PNG, JPEG and SVG images but not GIF, and would print
    the image's text form instead.
    """
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/gif" in data and "text/html" not in data:
                gif = "".join(data["image/gif"]).replace("\n", "")
                data["text/html"] = f'<img src="data:image/gif;base64,{gif}" alt="animation">'


def _missing_data_note() -> nbformat.NotebookNode:
    note: nbformat.NotebookNode = nbformat.v4.new_markdown_cell(
        "> **Shown without outputs.** This page was built without the data files this "
        "lesson reads (above: which, and where they go), so its cells were not run."
    )
    return note


def _execute(notebooks: list[Path], target: Path) -> None:
    """Run each notebook in one shared kernel and write the executed copies to ``target``."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    manager = KernelManager(kernel_name="python3")
    with tempfile.TemporaryDirectory(prefix="glassnet-docs-") as scratch:
        manager.start_kernel(cwd=scratch, env=dict(os.environ))
        try:
            for path in notebooks:
                notebook = nbformat.read(path, as_version=4)
                folder = Path(scratch) / path.stem
                folder.mkdir()
                # A fresh namespace in a folder of its own, as if it had its own kernel.
                reset = nbformat.v4.new_code_cell(
                    f"%reset -f\nimport os\nos.chdir({str(folder)!r})"
                )
                notebook.cells.insert(0, reset)
                client = NotebookClient(notebook, km=manager, timeout=600)
                try:
                    client.execute()
                    notebook.cells.pop(0)
                    _show_gifs(notebook)
                except CellExecutionError as error:
                    if MISSING_DATA not in str(error):
                        raise
                    log.info("%s is shown without outputs: %s", path.name, error.evalue)
                    notebook = nbformat.read(path, as_version=4)
                    notebook.cells.insert(1, _missing_data_note())
                finally:
                    if client.kc is not None:
                        client.kc.stop_channels()
                nbformat.write(notebook, target / path.name)
        finally:
            manager.shutdown_kernel(now=True)


def executed_notebooks() -> Path:
    """The folder holding every lesson notebook with its outputs (executed if not cached)."""
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    folder = CACHE / _cache_key(notebooks)
    if not (folder / SITE_FOLDER).is_dir():
        log.info("executing %d lesson notebooks for the site", len(notebooks))
        partial = folder.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        (partial / SITE_FOLDER).mkdir(parents=True)
        _execute(notebooks, partial / SITE_FOLDER)
        for stale in CACHE.iterdir():  # keep only the newest executed copies
            if stale != partial:
                shutil.rmtree(stale)
        partial.rename(folder)
    return folder


@event_priority(100)  # before mkdocs-jupyter turns .ipynb files into pages
def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    folder = executed_notebooks()
    for path in sorted((folder / SITE_FOLDER).glob("*.ipynb")):
        uri = f"{SITE_FOLDER}/{path.name}"
        files.append(File(uri, str(folder), config.site_dir, config.use_directory_urls))
    return files
