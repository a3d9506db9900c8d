"""Fused mini-batch SGD: ``train``'s step for SGD, each update done in place by BLAS.

The generic step (``Sequential.backward_loss``, then ``SGD.step``) writes every weight
gradient to ``Parameter.grad`` and then subtracts learning_rate × grad from the weights:
besides the matrix product, two more passes over each weight matrix, which for MNIST's
784×200 first layer is more memory than a core's cache holds. For SGD without weight
decay this step asks BLAS for W ← W − α·δᵀ·x in one call (``gemm`` with β = 1; with
momentum, v ← μ·v − α·δᵀ·x with β = μ, then W ← W + v) and computes each layer's output
into a buffer it reuses from batch to batch. The error is sent back through W before W
changes, as in the generic step, so this is the same maths with different rounding
(tested against ``engine.steps.GradientStep``: 2e-5 in float32, 1e-12 in float64).
``Parameter.grad`` is not written. Its readable twins: ``_forward`` is
``Sequential.forward`` with each Dense product written by BLAS into a reused buffer;
``_backward`` is ``Sequential.backward_loss`` and ``SGD.step`` together.

Built with ``compiled=True`` (the ``numba`` kernel), the step also hands the output
layer's whole part to one compiled call when the model ends in an output pair it knows
(sigmoid with squared error or binary cross-entropy, softmax with cross-entropy):
``output_head_numba.output_head``, itself a chain of compiled twins of engine formulas.

Every matrix product in the loop goes through SciPy's BLAS, none through NumPy's matmul:
NumPy's and SciPy's wheels each bundle their own OpenBLAS, and a loop that alternates
between the two has each library's idle threads take the cores from the other's
(docs/performance.md, "Threads").
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.linalg import blas

from glassnet._types import Array, IntArray
from glassnet.engine.layers import Dense, Layer, Parameter
from glassnet.engine.losses import Loss
from glassnet.engine.metrics import labels_from_outputs
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD, Optimizer
from glassnet.kernels.head_plan import head_plan, sigmoid_on_dense

Gemm = Callable[..., Array]


@dataclass(frozen=True)
class _HeadArrays:
    """Scratch of the compiled parts for one batch size (see ``output_head``)."""

    outputs: Array  # (K, B): one row per output node
    delta: Array  # (K, B), likewise
    gradient: Array  # (K, H): the output weights' gradient
    upstream: Array  # (B, H), Fortran-ordered: the error sent back
    bits: npt.NDArray[np.int32]  # (B·H,): the compiled sigmoid's scratch


def can_fuse(model: Sequential, optimizer: Optimizer) -> bool:
    """Whether ``FusedSGD`` computes this training step: SGD on Dense weights.

    SGD with or without momentum, without weight decay. Every parameter must belong to a
    ``Dense`` layer whose weights (and velocities) are C-ordered float32 or float64, the
    layout the in-place update writes through, all of one dtype.
    """
    if type(optimizer) is not SGD or optimizer.weight_decay:
        return False
    if not all(v.flags.c_contiguous for v in optimizer.velocities):
        return False
    dense = model.dense_layers
    dtypes = {layer.weight.value.dtype for layer in dense}
    if len(dtypes) != 1 or dtypes.pop() not in (np.float32, np.float64):
        return False
    if not all(layer.weight.value.flags.c_contiguous for layer in dense):
        return False
    return all(isinstance(layer, Dense) or not layer.parameters() for layer in model.layers)


class FusedSGD:
    """One SGD step per batch for ``model`` with ``loss``, the updates fused into BLAS.

    ``forward(x)`` is ``model.forward(x)`` (outputs in buffers reused next batch: use
    them before the next call); ``update(predicted, target)`` does what
    ``model.backward_loss`` and ``optimizer.step`` do together, with the optimizer's
    current learning rate and its own velocities (so its state, checkpoints included,
    is the same as after generic steps).
    """

    def __init__(
        self,
        model: Sequential,
        loss: Loss,
        optimizer: SGD,
        targets: Array,
        labels: IntArray,
        *,
        compiled: bool = False,
    ) -> None:
        self.model, self.loss, self.optimizer = model, loss, optimizer
        # C order: the compiled head reads each batch's target rows where they are.
        self.targets, self.labels = np.ascontiguousarray(targets), labels
        self.blas_gemm: Gemm = blas.sgemm if model.dtype == np.float32 else blas.dgemm
        self._outputs: dict[int, list[Array]] = {}  # per batch size: one buffer per Dense
        self._inputs: dict[int, Array] = {}  # id(layer) -> that layer's input this batch
        self._parameters = model.parameters()  # the order of the optimizer's velocities
        self._index = {id(p): i for i, p in enumerate(self._parameters)}
        compiled = compiled and model.dtype in (np.float32, np.float64)
        self._head = head_plan(model, loss) if compiled else None
        # The last hidden sigmoid, compiled too when it is float32 on a Dense layer's output.
        self._sigmoid: Callable[[Array, npt.NDArray[np.int32]], None] | None = None
        if compiled:
            # numba imported, and the kernels compiled or loaded, before training starts.
            from glassnet.kernels import minibatch_numba, output_head_numba

            minibatch_numba.warm_up(model.dtype)
            self._output_head: Callable[..., tuple[float, int]] = output_head_numba.output_head
            if self._head and sigmoid_on_dense(model, self._head.head - 1):
                self._sigmoid = minibatch_numba.sigmoid_float32
        if self._head is not None:
            number = model.dtype.type
            self._one, self._eps = number(1), number(np.finfo(model.dtype).eps)
            # Size-0 arrays stand for "no bias" and "no momentum" in the compiled call.
            self._no_matrix, self._no_vector = np.empty((0, 0), number), np.empty(0, number)
        self._head_buffers: dict[int, _HeadArrays] = {}

    def compiled_parts(self) -> dict[str, bool]:
        """Which parts of the step are compiled (numba), by name."""
        return {"output layer": self.compiled_head, "last hidden sigmoid": self.compiled_sigmoid}

    @property
    def compiled_head(self) -> bool:
        """Whether ``step`` does the output layer's part in one compiled call (numba)."""
        return self._head is not None

    @property
    def compiled_sigmoid(self) -> bool:
        """Whether the sigmoid before the output layer is compiled (float32, numba)."""
        return self._sigmoid is not None

    def __call__(self, x: Array, rows: IntArray) -> tuple[float, int]:
        """One training step on a batch: (the batch's summed loss, its correct predictions).

        ``x`` holds the batch's inputs; its targets and labels are rows ``rows`` of
        ``targets`` and ``labels`` (the compiled head reads them in place).

        The loss and the predictions are those of the weights before the update, as
        ``train`` reports them. With numba, the output layer's part of the step is one
        compiled call (``output_head_numba.output_head``) when the model ends in a pair it
        knows; otherwise ``forward``, the loss, and ``update``.
        """
        plan = self._head
        if plan is None or len(x) == 1:  # one sample: its arrays have other numba types
            predicted = self.forward(x)
            target = self.targets[rows]
            loss = self.loss.value(predicted, target) * len(x)
            correct = int(np.sum(labels_from_outputs(predicted) == self.labels[rows]))
            self.update(predicted, target)
            return loss, correct
        layers = self.model.layers
        head: Dense = layers[plan.head]  # type: ignore[assignment]
        arrays = self._head_arrays(len(x), head.n_inputs)
        if self._sigmoid is not None:
            # The last hidden sigmoid, compiled, in place on its Dense layer's own buffer.
            hidden = self._forward(x, layers[: plan.head - 1])
            values = hidden.reshape(-1, order="F")  # a view: the buffer is Fortran-ordered
            self._sigmoid(values, arrays.bits)
        else:
            hidden = np.asfortranarray(self._forward(x, layers[: plan.head]))
        self.optimizer.start_velocities(self._parameters)
        number = self._one.dtype.type
        momentum = self.optimizer.momentum
        loss, correct = self._output_head(
            hidden,
            head.weight.value,
            head.bias.value if head.bias is not None else self._no_vector,
            self.targets,
            self.labels,
            rows,
            number(self.optimizer.learning_rate),
            number(momentum),
            self._velocity(head.weight) if momentum else self._no_matrix,
            self._velocity(head.bias) if momentum and head.bias is not None else self._no_vector,
            plan.output_kind,
            plan.hidden_kind,
            arrays.outputs,
            arrays.delta,
            arrays.gradient,
            arrays.upstream.T,
            plan.resume >= 0,
            self._one,
            self._eps,
        )
        if plan.resume >= 0:
            self._backward(arrays.upstream, layers[: plan.resume + 1])
        return float(loss), int(correct)

    def forward(self, x: Array) -> Array:
        return self._forward(x, self.model.layers)

    def _forward(self, x: Array, layers: Sequence[Layer]) -> Array:
        """``x`` through ``layers``, the model's first ones."""
        buffers = self._buffers(len(x))
        dense_index = 0
        for layer in layers:
            if isinstance(layer, Dense):
                self._inputs[id(layer)] = x
                # x·Wᵀ written by BLAS straight into this layer's buffer, in Fortran
                # order, the layout BLAS writes; the activations keep it, and later
                # products read these arrays as they are, without copies.
                out = buffers[dense_index]
                self._gemm(1.0, x, False, layer.weight.value, True, 0.0, out)
                if layer.bias is not None:
                    out += layer.bias.value
                x = out
                dense_index += 1
            else:
                x = layer.forward(x)
        return x

    def update(self, predicted: Array, target: Array) -> None:
        self.optimizer.start_velocities(self._parameters)
        grad, layers = self.model.output_gradient(self.loss, predicted, target)
        self._backward(grad, layers)

    def _backward(self, grad: Array, layers: Sequence[Layer]) -> None:
        """Send ``grad`` (dLoss/d(output of layers[-1])) back through ``layers``, updating."""
        for index in range(len(layers) - 1, -1, -1):
            layer: Layer = layers[index]
            if not isinstance(layer, Dense):
                grad = layer.backward(grad)
                continue
            # grad·W with the weights before this step's update, as the generic step has.
            upstream = self._gemm(1.0, grad, False, layer.weight.value, False) if index else grad
            self._update_dense(layer, grad)
            grad = upstream

    def _update_dense(self, layer: Dense, grad: Array) -> None:
        rate, momentum = self.optimizer.learning_rate, self.optimizer.momentum
        x = self._inputs[id(layer)]
        weight = layer.weight.value
        # Without momentum W += −α·gradᵀ·x; with it v = μ·v − α·gradᵀ·x, then W += v. Either
        # way the product and the update are one BLAS call, written in place through Wᵀ
        # (or vᵀ): the Fortran-ordered view of the C-ordered array.
        target = self._velocity(layer.weight) if momentum else weight
        beta = momentum if momentum else 1.0
        view = target.T
        updated = self._gemm(-rate, x, True, grad, False, beta, view)
        if updated is not view:  # SciPy copied a weight array that is not C-ordered
            target[...] = updated.T
        if momentum:
            weight += target
        if layer.bias is not None:
            step = np.sum(grad, axis=0)
            step *= -rate
            if momentum:
                velocity = self._velocity(layer.bias)
                velocity *= momentum
                velocity += step
                step = velocity
            layer.bias.value += step

    def _velocity(self, parameter: Parameter) -> Array:
        return self.optimizer.velocities[self._index[id(parameter)]]

    def _gemm(
        self,
        alpha: float,
        a: Array,
        transpose_a: bool,
        b: Array,
        transpose_b: bool,
        beta: float = 0.0,
        c: Array | None = None,
    ) -> Array:
        """alpha·op(a)·op(b) + beta·c, into ``c`` (Fortran-ordered) when given.

        BLAS reads Fortran-ordered matrices; a C-ordered one is passed as its transpose
        with the transpose flag flipped, which is the same matrix and costs no copy.
        """
        a, trans_a = _blas_operand(a, transpose_a)
        b, trans_b = _blas_operand(b, transpose_b)
        if c is None:
            return self.blas_gemm(alpha, a, b, trans_a=trans_a, trans_b=trans_b)
        return self.blas_gemm(alpha, a, b, beta, c, trans_a=trans_a, trans_b=trans_b, overwrite_c=1)

    def _head_arrays(self, n_samples: int, n_hidden: int) -> _HeadArrays:
        """The compiled parts' arrays for a batch of ``n_samples``, reused batch to batch."""
        if n_samples not in self._head_buffers:
            dtype: Any = self.model.dtype
            n_outputs = self.model.n_outputs
            self._head_buffers[n_samples] = _HeadArrays(
                outputs=np.empty((n_outputs, n_samples), dtype),
                delta=np.empty((n_outputs, n_samples), dtype),
                gradient=np.empty((n_outputs, n_hidden), dtype),
                upstream=np.empty((n_samples, n_hidden), dtype, order="F"),
                bits=np.empty(n_samples * n_hidden, np.int32),
            )
        return self._head_buffers[n_samples]

    def _buffers(self, n_samples: int) -> list[Array]:
        if n_samples not in self._outputs:
            dtype: Any = self.model.dtype
            self._outputs[n_samples] = [
                np.empty((n_samples, layer.n_outputs), dtype=dtype, order="F")
                for layer in self.model.dense_layers
            ]
        return self._outputs[n_samples]


def _blas_operand(matrix: Array, transpose: bool) -> tuple[Array, int]:
    """``matrix`` (or its transpose) as gemm takes it: Fortran-ordered, and a trans flag."""
    if matrix.flags.f_contiguous:
        return matrix, int(transpose)
    if matrix.flags.c_contiguous:
        return matrix.T, int(not transpose)
    return np.asfortranarray(matrix), int(transpose)
