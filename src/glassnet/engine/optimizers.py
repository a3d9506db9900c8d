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
    """Base class of the optimizers; per-parameter state is kept in lists aligned with the parameters.

    Parameters
    ----------
    learning_rate : float
        The step size α, a positive number (a schedule may change the attribute between
        epochs).

    Raises
    ------
    ValueError
        When ``learning_rate`` is not a positive finite number.
    """

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = _check_learning_rate(learning_rate)

    def step(self, parameters: Sequence[Parameter]) -> None:
        """Move each parameter against its gradient, in place.

        Parameters
        ----------
        parameters : sequence of Parameter
            The network's parameters, their ``grad`` filled by a backward pass; always the
            same list in the same order (the optimizer's state is aligned with it).
        """
        raise NotImplementedError

    def state(self) -> dict[str, list[Array]]:
        """Arrays that a checkpoint must keep to resume exactly (empty for an optimizer without state).

        Lists named ``steps`` hold one counter; every other list has one array per parameter.

        Returns
        -------
        dict of str to list of numpy.ndarray
        """
        return {}

    def load_state(self, state: dict[str, list[Array]]) -> None:
        """Continue from what ``state()`` returned (a checkpoint), so training goes on exactly.

        Parameters
        ----------
        state : dict of str to list of numpy.ndarray
            What ``state()`` returned.

        Raises
        ------
        ValueError
            When ``state`` holds other arrays than this optimizer keeps.
        """
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

    Parameters
    ----------
    learning_rate : float
        The step size α (the book uses 0.1 to 0.3), positive.
    momentum : float
        μ in [0, 1); 0 is plain gradient descent.
    weight_decay : float
        λ ≥ 0, the L2 penalty on weights.

    Raises
    ------
    ValueError
        When a setting is outside its range.

    Examples
    --------
    One step of the deck's update: a weight 2.0 with gradient 0.5 and α = 0.1.

    >>> import numpy as np
    >>> from glassnet import SGD, Parameter
    >>> weight = Parameter(np.array([2.0]))
    >>> weight.grad[:] = 0.5
    >>> SGD(0.1).step([weight])
    >>> weight.value
    array([1.95])
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
        """With momentum, zero velocities for ``parameters`` unless they exist already.

        Parameters
        ----------
        parameters : sequence of Parameter
            The parameters that ``step`` will update, in its order.
        """
        if self.momentum and not self.velocities:
            self.velocities = [np.zeros_like(p.value) for p in parameters]

    def step(self, parameters: Sequence[Parameter]) -> None:
        """value −= α·grad (plus weight decay), or the momentum update; in place.

        Parameters
        ----------
        parameters : sequence of Parameter
            The network's parameters, their ``grad`` filled by a backward pass; always the
            same list in the same order (the optimizer's state is aligned with it).
        """
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
        """Arrays that a checkpoint must keep to resume exactly: the velocities, with momentum.

        Lists named ``steps`` hold one counter; every other list has one array per parameter.

        Returns
        -------
        dict of str to list of numpy.ndarray
        """
        return {"velocities": self.velocities} if self.velocities else {}

    def load_state(self, state: dict[str, list[Array]]) -> None:
        """Continue from what ``state()`` returned (a checkpoint), so training goes on exactly.

        Parameters
        ----------
        state : dict of str to list of numpy.ndarray
            What ``state()`` returned: ``velocities`` (or nothing).

        Raises
        ------
        ValueError
            When ``state`` holds other arrays than this optimizer keeps.
        """
        self._check_state_keys(state, {"velocities"})
        self.velocities = [np.array(v) for v in state.get("velocities", [])]


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015): steps scaled by running averages of grad and grad².

    m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; value −= lr·m̂ / (√v̂ + ε), with the
    bias-corrected m̂ = m / (1 − β1^t) and v̂ = v / (1 − β2^t).

    Parameters
    ----------
    learning_rate : float
        The step size, positive (0.001 is Adam's usual).
    beta1 : float
        Decay of the running average of gradients, in [0, 1).
    beta2 : float
        Decay of the running average of squared gradients, in [0, 1).
    epsilon : float
        Added to √v̂ so that a step never divides by zero.
    weight_decay : float
        L2 penalty on weights (not biases), added to their gradient.

    Raises
    ------
    ValueError
        When the learning rate or a beta is outside its range.
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
        """One Adam step for every parameter, in place; the moments start at zero.

        Parameters
        ----------
        parameters : sequence of Parameter
            The network's parameters, their ``grad`` filled by a backward pass; always the
            same list in the same order (the optimizer's state is aligned with it).
        """
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
        """Arrays that a checkpoint must keep to resume exactly: both moments and the step count.

        Lists named ``steps`` hold one counter; every other list has one array per parameter.

        Returns
        -------
        dict of str to list of numpy.ndarray
        """
        if not self.first_moments:
            return {}
        return {
            "first_moments": self.first_moments,
            "second_moments": self.second_moments,
            "steps": [np.array(self.steps, dtype=np.int64)],  # the bias corrections depend on it
        }

    def load_state(self, state: dict[str, list[Array]]) -> None:
        """Continue from what ``state()`` returned (a checkpoint), so training goes on exactly.

        Parameters
        ----------
        state : dict of str to list of numpy.ndarray
            What ``state()`` returned: ``first_moments``, ``second_moments`` and ``steps`` (or nothing).

        Raises
        ------
        ValueError
            When ``state`` holds other arrays than this optimizer keeps.
        """
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
