"""scikit-learn's own estimator checks, run on both estimators with their defaults.

Nothing is skipped or marked as an expected failure. Two checks need an environment the
test process does not have, so they get it rather than being skipped:

- ``check_array_api_input`` raises SkipTest unless ``SCIPY_ARRAY_API=1`` was set before
  SciPy was imported; it runs in a subprocess with that variable set.
- ``check_dataframe_column_names_consistency`` (``feature_names_in_`` and the warnings for
  mismatched column names) is not in ``parametrize_with_checks``'s list in every
  scikit-learn version; it is called directly. It and the DataFrame variants of the
  checks need pandas, which the ``test`` extra installs.
"""

import functools
import os
import pickle
import subprocess
import sys
from typing import Any

import pytest
import sklearn
from packaging.version import Version
from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    estimator_checks_generator,
    parametrize_with_checks,
)

from glassnet.sklearn import GlassnetClassifier, GlassnetRegressor

ESTIMATORS = [GlassnetClassifier(), GlassnetRegressor()]


def _check_name(check: Any) -> str:
    while isinstance(check, functools.partial):
        check = check.func
    return str(getattr(check, "__name__", check))


def _key(estimator: BaseEstimator, check: Any) -> str:
    return f"{type(estimator).__name__} {sorted(getattr(check, 'keywords', {}).items())}"


@functools.cache
def _array_api_results() -> tuple[list[str], dict[str, str]]:
    """Run every estimator's array API checks in one fresh interpreter (one import of
    scikit-learn, not one per check) with SciPy's array API support switched on; returns
    the ``_key`` of each check run and the traceback of each that failed."""
    checks = [
        (estimator, check)
        for estimator in ESTIMATORS
        for _, check in estimator_checks_generator(estimator)
        if _check_name(check) == "check_array_api_input"
    ]
    code = (
        "import pickle, sys, traceback\n"
        "ran, failures = [], {}\n"
        "for key, estimator, check in pickle.loads(sys.stdin.buffer.read()):\n"
        "    ran.append(key)\n"
        "    try:\n"
        "        check(estimator)\n"
        "    except Exception:\n"
        "        failures[key] = traceback.format_exc()\n"
        "sys.stdout.buffer.write(pickle.dumps((ran, failures)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        input=pickle.dumps([(_key(e, c), e, c) for e, c in checks]),
        env={**os.environ, "SCIPY_ARRAY_API": "1"},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    results: tuple[list[str], dict[str, str]] = pickle.loads(result.stdout)
    return results


@parametrize_with_checks(ESTIMATORS)
def test_scikit_learn_estimator_checks(estimator: BaseEstimator, check: Any) -> None:
    if _check_name(check) == "check_array_api_input" and os.environ.get("SCIPY_ARRAY_API") != "1":
        ran, failures = _array_api_results()
        assert _key(estimator, check) in ran
        assert _key(estimator, check) not in failures, failures[_key(estimator, check)]
    else:
        check(estimator)


def test_array_api_check_is_among_the_checks() -> None:
    """The subprocess route above is taken: scikit-learn 1.9 and later yield that check for
    every estimator; older ones only for estimators that declare array API support, which
    ours do not (so there it is not among the checks, rather than skipped)."""
    names = {_check_name(c) for _, c in estimator_checks_generator(GlassnetClassifier())}
    if Version(sklearn.__version__) >= Version("1.9"):
        assert "check_array_api_input" in names
    else:
        assert not GlassnetClassifier().__sklearn_tags__().array_api_support
        assert "check_array_api_input" not in names
    assert len(names) > 40


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_dataframe_column_names(estimator: BaseEstimator) -> None:
    check_dataframe_column_names_consistency(type(estimator).__name__, estimator)
