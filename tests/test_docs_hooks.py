"""The documentation site's offline check (docs/hooks/offline.py) finds what a page loads."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("mkdocs", reason="the docs dependency group is not installed")

HOOK = Path(__file__).resolve().parent.parent / "docs" / "hooks" / "offline.py"


@pytest.fixture(scope="module")
def offline():
    spec = importlib.util.spec_from_file_location("offline_hook", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "text",
    [
        '<script src="https://cdn.example.org/lib.js"></script>',
        "<link rel='stylesheet' href='//fonts.example.org/css'>",
        '<img alt="x" src="http://example.org/a.png">',
        '<iframe src="https://example.org/embed"></iframe>',
        "body { background: url(https://example.org/bg.png) }",
        '@import "https://example.org/more.css";',
        'import mermaid from "https://cdn.example.org/mermaid.esm.mjs";',
        '<img srcset="https://example.org/a.png 2x" src="a.png">',
    ],
)
def test_resources_from_other_hosts_are_found(offline, text):
    assert offline.external_resources(text) != []


@pytest.mark.parametrize(
    "text",
    [
        '<a href="https://github.com/glassnet/glassnet">the repository</a>',
        '<script src="assets/javascripts/bundle.js"></script>',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<link rel="stylesheet" href="../assets/main.css">',
    ],
)
def test_links_and_local_files_are_not_resources(offline, text):
    assert offline.external_resources(text) == []


def test_notebook_pages_lose_their_cdn_scripts_and_badge(offline):
    html = (
        '<script src="https://cdnjs.example.org/mathjax/tex-chtml.js"></script>'
        "<script>window.MathJax = {tex: {}};</script>"
        '<script type="module">import mermaid from "https://cdn.example.org/mermaid.mjs";</script>'
        '<a href="https://colab.research.google.com/github/x/y.ipynb">'
        '<img src="https://colab.research.google.com/assets/colab-badge.svg" alt="Open"></a>'
        "<p>lesson</p>"
    )
    page = SimpleNamespace(file=SimpleNamespace(src_uri="notebooks/10_neuron.ipynb"))
    cleaned = offline.on_page_content(html, page=page)
    assert offline.external_resources(cleaned) == []
    assert "Open in Colab</a>" in cleaned and "<p>lesson</p>" in cleaned
    other = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    assert offline.on_page_content(html, page=other) == html  # only notebook pages
