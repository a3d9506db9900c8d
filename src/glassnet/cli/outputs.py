"""What the commands write: checked before the work starts, and ``-`` for standard output.

Every subcommand calls ``check_outputs`` with its output options before it loads data or
trains, so that ``--save FOLDER`` or a path under a file fails in a second with one line,
not after an hour of training with the model lost.
"""

import json
import math
import sys
from collections.abc import Mapping
from typing import Any

from glassnet._atomic import output_problem, write_text
from glassnet.errors import GlassnetError

STANDARD_OUTPUT = "-"


def check_outputs(
    files: Mapping[str, str | None] | None = None,
    folders: Mapping[str, str | None] | None = None,
    *,
    standard_output: tuple[str, ...] = (),
) -> None:
    """Refuse, in one line naming the option, any output path that cannot be written.

    ``files`` and ``folders`` map an option (``"--save"``) to its value (None: not given);
    the options in ``standard_output`` also take ``-``.
    """
    checks = [(option, path, False) for option, path in (files or {}).items()]
    checks += [(option, path, True) for option, path in (folders or {}).items()]
    for option, path, is_folder in checks:
        if path is None or (path == STANDARD_OUTPUT and option in standard_output):
            continue
        if path == "":
            raise GlassnetError(f"{option} needs a path")
        problem = output_problem(path, folder=is_folder)
        if problem is not None:
            raise GlassnetError(f"{option} {path}: {problem}")


def strict_json(value: Any) -> str:
    """``value`` as JSON that every parser accepts: NaN and infinities become null.

    Python's json writes them as the bare tokens NaN and Infinity, which JSON does not
    have (a diverged run's loss is NaN).
    """
    return json.dumps(_finite(value), indent=2, allow_nan=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def write_json(path: str, value: Any) -> None:
    """Write ``value`` as strict JSON to ``path``, or to standard output for ``-``."""
    text = strict_json(value) + "\n"
    if path == STANDARD_OUTPUT:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text(path, text)
