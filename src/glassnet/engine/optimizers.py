"""Optimizers: ``step(parameters)`` moves each parameter against its gradient, in place.

Updates are in place (``value -= ...``) so that anything holding a parameter's array, such
as the book class's ``wih``/``who`` views, sees the new weights.
"""

from collections.abc import Sequence

import numpy as np

from glassnet._types import Array
from glassnet.engine.layers import Parameter


def _check_learning_rate(learning_rate: float) -> float:
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning rate must be a positive number, got {learning_rate}")
    return float(learning_rate)


class Optimizer:
    """Base class; keeps per-parameter state in lists aligned with the parameters."""

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = _check_learning_rate(learning_rate)

    def step(self, parameters: Sequence[Parameter]) -> None:
        raise NotImplementedError

    def state(self) -> dict[str, list[Array]]:
        """Arrays that a checkpoint must keep to resume exactly (empty for plain SGD).

        Lists named ``steps`` hold one counter; every other list has one array per parameter.
        """
        return {}

    def load_state(self, state: dict[str, list[Array]]) -> None:
        """Continue from what ``state()`` returned (a checkpoint), so training goes on exactly."""
        if state:
            raise ValueError(f"{type(self).__name__} keeps no state, got {', '.join(state)}")

    def _check_state_keys(self, state: dict[str, list[Array]], keys: set[str]) -> None:
        if state and set(state) != keys:
            raise ValueError(
                f"{type(self).__name__} state needs {', '.join(sorted(keys))}, got {', '.join(sorted(state))}"
            )


class SGD(Optimizer):
    """Gradient descent, optionally with momentum and L2 weight decay.

    Without momentum: value −= learning_rate · grad, the book's "new w = old w − α·∂E/∂w".
    With momentum μ: velocity = μ·velocity − learning_rate·grad; value += velocity.
    Weight decay λ adds λ·value to the gradient of weights (not of biases).
    """

    def __init__(
        self, learning_rate: float = 0.1, momentum: float = 0.0, weight_decay: float = 0.0
    ) -> None:
        super().__init__(learning_rate)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"weight decay must be >= 0, got {weight_decay}")
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.velocities: list[Array] = []

    def start_velocities(self, parameters: Sequence[Parameter]) -> None:
        """With momentum, zero velocities for ``parameters`` unless they exist already."""
        if self.momentum and not self.velocities:
            self.velocities = [np.zeros_like(p.value) for p in parameters]

    def step(self, parameters: Sequence[Parameter]) -> None:
        self.start_velocities(parameters)
        for index, p in enumerate(parameters):
            grad = p.grad
            if self.weight_decay and p.name != "bias":
                grad = grad + self.weight_decay * p.value
            if self.momentum:
                velocity = self.velocities[index]
                velocity *= self.momentum
                velocity -= self.learning_rate * grad
                p.value += velocity
            else:
                p.value -= self.learning_rate * grad

    def state(self) -> dict[str, list[Array]]:
        return {"velocities": self.velocities} if self.velocities else {}

    def load_state(self, state: dict[str, list[Array]]) -> None:
        self._check_state_keys(state, {"velocities"})
        self.velocities = [np.array(v) for v in state.get("velocities", [])]


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015): steps scaled by running averages of grad and grad².

    m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; value −= lr·m̂ / (√v̂ + ε), with the
    bias-corrected m̂ = m / (1 − β1^t) and v̂ = v / (1 − β2^t).
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(learning_rate)
        if not (0.0 <= beta1 < 1.0 and 0.0 <= beta2 < 1.0):
            raise ValueError(f"Adam's betas must be in [0, 1), got {beta1}, {beta2}")
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.weight_decay = weight_decay
        self.steps = 0
        self.first_moments: list[Array] = []
        self.second_moments: list[Array] = []

    def step(self, parameters: Sequence[Parameter]) -> None:
        if not self.first_moments:
            self.first_moments = [np.zeros_like(p.value) for p in parameters]
            self.second_moments = [np.zeros_like(p.value) for p in parameters]
        self.steps += 1
        correction1 = 1.0 - self.beta1**self.steps
        correction2 = 1.0 - self.beta2**self.steps
        for p, m, v in zip(parameters, self.first_moments, self.second_moments, strict=True):
            grad = p.grad
            if self.weight_decay and p.name != "bias":
                grad = grad + self.weight_decay * p.value
            m *= self.beta1
            m += (1.0 - self.beta1) * grad
            v *= self.beta2
            v += (1.0 - self.beta2) * (grad * grad)
            p.value -= (
                (self.learning_rate / correction1) * m / (np.sqrt(v / correction2) + self.epsilon)
            )

    def state(self) -> dict[str, list[Array]]:
        if not self.first_moments:
            return {}
        return {
            "first_moments": self.first_moments,
            "second_moments": self.second_moments,
            "steps": [np.array(self.steps, dtype=np.int64)],  # the bias corrections depend on it
        }

    def load_state(self, state: dict[str, list[Array]]) -> None:
        self._check_state_keys(state, {"first_moments", "second_moments", "steps"})
        # A negative count would make a bias correction 0, negative moments a NaN root.
        if state and (
            int(state["steps"][0]) < 0 or any(np.any(v < 0) for v in state["second_moments"])
        ):
            raise ValueError("Adam state needs steps >= 0 and second moments >= 0")
        self.first_moments = [np.array(m) for m in state.get("first_moments", [])]
        self.second_moments = [np.array(v) for v in state.get("second_moments", [])]
        self.steps = int(state["steps"][0]) if state else 0


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "adam": Adam}
