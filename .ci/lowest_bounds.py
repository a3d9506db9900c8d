"""Check that every dependency pyproject.toml declares is installed at its lower bound.

Run by ``.ci/test-oldest`` in the venv it made with ``uv pip compile --resolution
lowest-direct``: where the resolver had to take a newer release (no wheel for this
Python, or another dependency's constraint), the declared bound is not one the suite was
tested with, and this says which bound to raise.
"""

import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

EXTRAS = ("test",)  # the extra the oldest run installs (it holds the others' packages)


def declared(pyproject: Path) -> list[Requirement]:
    project = tomllib.loads(pyproject.read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in EXTRAS:
        requirements += project["optional-dependencies"][extra]
    return [Requirement(text) for text in requirements]


def lower_bound(requirement: Requirement) -> Version | None:
    bounds = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==")]
    return max(bounds) if bounds else None


def main() -> int:
    wrong = []
    for requirement in declared(Path(__file__).parents[1] / "pyproject.toml"):
        bound = lower_bound(requirement)
        try:
            installed = Version(version(requirement.name))
        except PackageNotFoundError:
            wrong.append(f"{requirement.name}: not installed")
            continue
        if bound is not None and installed != bound:
            wrong.append(f"{requirement.name}: declared >={bound}, the oldest installable is {installed}")
    for line in wrong:
        print(f"lower bound not true: {line}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
