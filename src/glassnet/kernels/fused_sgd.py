"""Fused mini-batch SGD: ``train``'s step for SGD, each update done in place by BLAS.

The generic step (``Sequential.backward_loss``, then ``SGD.step``) writes every weight
gradient to ``Parameter.grad`` and then subtracts learning_rate × grad from the weights:
besides the matrix product, two more passes over each weight matrix, which for MNIST's
784×200 first layer is more memory than a core's cache holds. For SGD without weight
decay this step asks BLAS for W ← W − α·δᵀ·x in one call (``gemm`` with β = 1; with
momentum, v ← μ·v − α·δᵀ·x with β = μ, then W ← W + v) and computes each layer's output
into a buffer it reuses from batch to batch. The error is sent back through W before W
changes, as in the generic step, so this is the same maths with different rounding
(tested against the generic step after three epochs: 2e-5 in float32, 1e-12 in
float64). ``Parameter.grad`` is not written.

Every matrix product in the loop goes through SciPy's BLAS, none through NumPy's matmul.
NumPy's and SciPy's wheels each bundle their own OpenBLAS, each with its own threads, and
OpenBLAS threads keep spinning on their cores for a while after each product. A loop that
alternates between the two libraries has each library's spinning threads take the cores
from the other's (measured on this project's 2-core machine: a batch-64 MNIST epoch took
15 s that way, 0.63 s with SciPy's BLAS alone; ``benchmarks/blas_calls.py``).
"""

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.linalg import blas

from glassnet._types import Array
from glassnet.layers import Dense, Layer, Parameter
from glassnet.losses import Loss
from glassnet.network import Sequential
from glassnet.optimizers import SGD, Optimizer

Gemm = Callable[..., Array]


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

    def __init__(self, model: Sequential, loss: Loss, optimizer: SGD) -> None:
        self.model, self.loss, self.optimizer = model, loss, optimizer
        self.blas_gemm: Gemm = blas.sgemm if model.dtype == np.float32 else blas.dgemm
        self._outputs: dict[int, list[Array]] = {}  # per batch size: one buffer per Dense
        self._inputs: dict[int, Array] = {}  # id(layer) -> that layer's input this batch
        self._parameters = model.parameters()  # the order of the optimizer's velocities
        self._index = {id(p): i for i, p in enumerate(self._parameters)}

    def forward(self, x: Array) -> Array:
        buffers = self._buffers(len(x))
        dense_index = 0
        for layer in self.model.layers:
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
