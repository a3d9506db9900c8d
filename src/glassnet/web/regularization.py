"""L1 regularisation for the playground, beside the optimizers' own L2 weight decay.

L2 adds λ·w to each weight's gradient (``SGD``/``Adam``'s ``weight_decay``): the gradient
of λ/2·Σw². L1 adds λ·sign(w), the gradient of λ·Σ|w|: it pulls every weight toward zero
by the same step, so unhelpful weights reach zero and the network grows sparse, where L2
only shrinks them. Biases are never penalised, as with weight decay.

This wraps any optimizer, so the engine's optimizers stay as they are; it belongs beside
``weight_decay`` in ``glassnet.engine.optimizers`` if the library wants L1 too.
"""

from collections.abc import Sequence

import numpy as np

from glassnet._types import Array
from glassnet.engine.layers import Parameter
from glassnet.engine.optimizers import Optimizer


class L1(Optimizer):
    """``optimizer``, with λ·sign(w) added to each weight's gradient before its step."""

    def __init__(self, optimizer: Optimizer, rate: float) -> None:
        super().__init__(optimizer.learning_rate)
        if not np.isfinite(rate) or rate < 0:
            raise ValueError(f"the L1 rate must be a number >= 0, got {rate}")
        self.optimizer = optimizer
        self.rate = rate

    def step(self, parameters: Sequence[Parameter]) -> None:
        if self.rate:
            for parameter in parameters:
                if parameter.name != "bias":
                    parameter.grad += self.rate * np.sign(parameter.value)
        self.optimizer.step(parameters)

    def state(self) -> dict[str, list[Array]]:
        return self.optimizer.state()

    def load_state(self, state: dict[str, list[Array]]) -> None:
        self.optimizer.load_state(state)
