"""The package's metadata is complete and true: README for an index page, changelog, extras."""

import importlib.metadata
import re
import tomllib
from pathlib import Path

import glassnet

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def test_readme_links_and_images_work_from_a_package_index_page():
    """An index page shows the README away from the repository: relative links break there."""
    source = PROJECT["urls"]["Source"]
    raw = source.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/"
    targets = LINK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert targets
    for target in targets:
        assert target.startswith("https://"), f"relative link {target} breaks on the index page"
        for base in (f"{source}/blob/main/", raw):
            if target.startswith(base):
                assert (ROOT / target.removeprefix(base)).is_file(), f"{target}: no such file"
                break
        else:
            raise AssertionError(f"{target} is not a file of this repository")


def test_changelog_keeps_a_changelog_form_and_names_this_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
    assert sections[0] == ("Unreleased", "")
    assert (glassnet.__version__, sections[1][1]) == sections[1] and sections[1][1]
    for name, _ in sections:
        assert re.search(rf"^\[{re.escape(name)}\]: https://", text, re.M), name
    kinds = set(re.findall(r"^### (\w+)$", text, re.M))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_the_version_is_defined_once_and_is_the_metadata_version():
    assert PROJECT["dynamic"] == ["version"] and "version" not in PROJECT
    assert importlib.metadata.version("glassnet") == glassnet.__version__


def test_extras_are_for_users_and_tools_are_dependency_groups():
    assert set(PROJECT["optional-dependencies"]) == {"web", "dask", "export", "fast"}
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "dependency-groups"
    ]
    tools = {re.split(r"[<>=\[]", r)[0] for g in ("test", "lint") for r in groups[g]}
    assert {"pytest", "ruff", "mypy", "hypothesis", "playwright"} <= tools
    assert {"include-group": "test"} in groups["dev"] and {"include-group": "lint"} in groups["dev"]


def test_package_data_holds_the_report_templates_and_the_web_page():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["glassnet"]
    package = ROOT / "src" / "glassnet"
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    for folder in ("report/templates", "web/static"):
        files = {p for p in (package / folder).iterdir() if p.is_file()}
        assert files and files <= shipped, folder
