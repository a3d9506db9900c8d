"""A function the learner writes, judged case by case: ``FunctionPart`` and ``run_cases``."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from glassnet.exercises.core import Case, Failure, PartResult
from glassnet.exercises.judge import Judge


@dataclass(frozen=True)
class FunctionPart:
    """A function to write, judged by its worked cases and then by generated ones."""

    reference: Callable[..., Any]
    worked: Callable[[], Sequence[Case]]
    generated: Callable[[], st.SearchStrategy[Case]] | None = None
    examples: int = 25
    requires: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.reference.__name__

    def run(self, objects: Mapping[str, Any], judge: Judge) -> PartResult:
        generated = self.generated() if self.generated is not None else None
        checks, failure = run_cases(
            judge, self.name, objects[self.name], self.worked(), generated, self.examples
        )
        return PartResult(self.name, "failed" if failure else "passed", checks, failure)


def run_cases(
    judge: Judge,
    name: str,
    function: Callable[..., Any],
    worked: Sequence[Case],
    generated: st.SearchStrategy[Case] | None,
    examples: int,
) -> tuple[int, Failure | None]:
    """The worked cases in order, then generated ones: (checks passed, the first failure)."""
    checks = 0
    for case in worked:
        failure = judge.judge_case(name, function, case)
        if failure is not None:
            return checks, failure
        checks += 1
    if generated is None:
        return checks, None
    passed, failure = judge.judge_generated(name, function, generated, examples)
    return checks + passed, failure
