"""The lesson notebooks call the lesson code and run from top to bottom without errors."""

import json
import os
import re
from pathlib import Path

import pytest

from glassnet.lessons import LESSONS
from tests.conftest import MNIST_FILES, real_data_dir
from tests.test_lesson_plots import EXPECTED, check_figures

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
# Lessons whose notebooks need real files; they run when GLASSNET_DATA has them.
NEEDS = {
    "students": ["students/student-mat.csv"],
    "gestures": ["gestures/punch.csv", "gestures/flex.csv"],
}


def _notebook(name: str) -> Path:
    (path,) = NOTEBOOKS.glob(f"[0-9][0-9]_{name}.ipynb")
    return path


def _sources(path: Path) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]]


def test_one_notebook_per_lesson_in_order():
    names = [path.stem for path in sorted(NOTEBOOKS.glob("*.ipynb"))]
    assert names == [f"{number:02d}_{name}" for number, name in enumerate(LESSONS, 1)]


@pytest.mark.parametrize("name", list(LESSONS))
def test_notebooks_call_the_lesson_code(name):
    code = "\n".join(_sources(_notebook(name)))
    assert f"from glassnet.lessons import {name}" in code
    assert f"lesson = {name}.run(" in code
    assert "draw(lesson" in code and "display(Image(" in code


def test_one_notebook_opens_in_colab():
    badges = {}
    pattern = re.compile(r"colab\.research\.google\.com/github/\S+?\.ipynb")
    for path in NOTEBOOKS.glob("*.ipynb"):
        found = [m for source in _sources(path) for m in pattern.findall(source)]
        if found:
            badges[path.name] = found[0]
    assert len(badges) == 1
    ((name, url),) = badges.items()
    assert url.endswith(f"/notebooks/{name}")  # the badge opens this very notebook
    # On Colab glassnet is not installed: the notebook installs it from the same repository.
    repository = url.split("colab.research.google.com/github/")[1].split("/blob/")[0]
    code = "\n".join(_sources(NOTEBOOKS / name))
    assert f'%pip install --quiet "glassnet @ git+https://github.com/{repository}"' in code
    assert 'find_spec("glassnet") is None' in code  # and does nothing where it is installed


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """One Python kernel for all the notebooks a test worker runs: starting one is slow.

    It gets the same isolation as every test: its own user cache, and no downloads.
    """
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name="python3")
    cache = tmp_path_factory.mktemp("kernel-cache")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "GLASSNET_MIRROR": "http://127.0.0.1:9"}
    manager.start_kernel(env=env, cwd=str(cache))
    yield manager
    manager.shutdown_kernel(now=True)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LESSONS))
def test_notebooks_run(name, tmp_path, kernel):
    import nbformat
    from nbclient import NotebookClient

    data = real_data_dir()
    needed = NEEDS.get(name, [])
    if needed and (data is None or not all((data / f).is_file() for f in needed)):
        pytest.skip(f"the {name} notebook needs real data (set GLASSNET_DATA)")
    notebook = nbformat.read(_notebook(name), as_version=4)
    # A fresh namespace in a folder of its own, as if the notebook had its own kernel.
    fresh = nbformat.v4.new_code_cell(f"%reset -f\nimport os\nos.chdir({str(tmp_path)!r})")
    notebook.cells.insert(0, fresh)
    client = NotebookClient(notebook, km=kernel, timeout=300)
    client.execute()
    client.kc.stop_channels()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert text.startswith(f"{name}: ")  # the lesson's own printout
    images = [o for o in outputs if o.output_type == "display_data"]
    kinds = {kind for o in images for kind in o.data if kind.startswith("image/")}
    folder = tmp_path / "figures"
    assert len(images) == len(list(folder.iterdir()))
    check_figures([folder / figure for figure in EXPECTED[name]], folder, name)
    assert "image/png" in kinds
    if name == "iris":
        assert "image/gif" in kinds
    if name == "mnist":
        has_mnist = data is not None and all((data / "mnist" / f).is_file() for f in MNIST_FILES)
        assert ("bundled 8x8 digits" in text) != has_mnist
