"""The package's imports go in one direction: no circles, and no layer imports a layer above it.

Every ``import glassnet...`` and ``from glassnet... import`` in ``src/`` counts, including
those inside functions (a lazy import is still a dependency a reader has to follow). The
layers, bottom to top, are those of docs/architecture.md.
"""

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"

# Bottom to top; a module may import its own layer and the ones below. Modules not named
# here (the package root's private helpers) belong to the "base" layer.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "glassnet._types",
            "glassnet._checks",
            "glassnet._atomic",
            "glassnet._version",
            "glassnet.errors",
        ),
    ),
    ("engine", ("glassnet.engine", "glassnet.data", "glassnet.kernels")),
    ("files", ("glassnet.files",)),
    ("book", ("glassnet.book",)),
    (
        "features",
        (
            "glassnet.inside",
            "glassnet.runs",
            "glassnet.lessons",
            "glassnet.plots",
            "glassnet.report",
            "glassnet.sweeps",
            "glassnet.export",
            "glassnet.sklearn",
            "glassnet.exercises",
        ),
    ),
    ("interfaces", ("glassnet.cli", "glassnet.web")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The glassnet modules ``path`` imports (for ``from a import b``: ``a.b`` if it is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("glassnet"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("glassnet"):
            found.add(str(node.module))
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in SOURCE.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        # ``glassnet`` itself re-exports the public API from everywhere: it is the top.
        edges[name] = {m for m in imports_of(path) if m in modules and m != name}
    return edges


def layer_of(module: str) -> int:
    if module == "glassnet":
        return len(LAYERS)  # the public front door sits above everything
    best, rank = -1, 0
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    return rank


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_imports_have_no_circle():
    cycle = find_cycle(graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_no_layer_imports_a_layer_above_it():
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in graph().items()
        if module != "glassnet"
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_the_engine_reaches_the_kernels_only_through_the_training_seam():
    """Speed lives in ``glassnet.kernels``; of the engine, only the training loop asks for it."""
    reaching = sorted(
        module
        for module, targets in graph().items()
        if module.startswith("glassnet.engine")
        and any(t.startswith("glassnet.kernels") for t in targets)
    )
    assert reaching == ["glassnet.engine.training"]


def test_the_checker_finds_a_circle():
    """The test above can fail: a made-up circle of three modules is found."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(edges) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("glassnet.engine.layers", "engine"),
        ("glassnet.kernels.fused_sgd", "engine"),
        ("glassnet.files.checkpoints", "files"),
        ("glassnet.book", "book"),
        ("glassnet.runs.loop", "features"),
        ("glassnet.cli.train", "interfaces"),
        ("glassnet._checks", "base"),
    ],
)
def test_modules_are_in_the_layers_the_architecture_page_says(module, layer):
    assert LAYERS[layer_of(module)][0] == layer
