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

def declared(pyproject: Path) -> list[Requirement]:
    """The dependencies, every extra's, and the dev group's (with the groups it includes)."""
    document = tomllib.loads(pyproject.read_text())
    project, groups = document["project"], document.get("dependency-groups", {})
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    requirements += _group(groups, "dev")
    return [Requirement(text) for text in dict.fromkeys(requirements)]


def _group(groups: dict[str, list[object]], name: str) -> list[str]:
    """A PEP 735 group's requirement strings, its ``include-group`` entries expanded."""
    found: list[str] = []
    for entry in groups.get(name, []):
        if isinstance(entry, dict):
            found += _group(groups, str(entry["include-group"]))
        else:
            found.append(str(entry))
    return found


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
