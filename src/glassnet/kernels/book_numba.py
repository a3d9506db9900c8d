"""The book's per-sample training as one compiled loop that skips the background pixels.

After the book's scaling most MNIST inputs are the background value b = 0.01 (about 80 %
of the pixels). Write each input as x = b·1 + s, with s zero on the background, and keep
the input→hidden weights as W = U + a·1ᵀ (a column ``a`` added to every column of U).
Then, with r = U·1 the row sums of U, the book's two steps need only the pixels where
s ≠ 0:

    forward   W·x = b·r + (Σ x)·a + Σ_{j: s_j≠0} s_j·U[:, j]
    update    W += α·d·xᵀ  becomes  a += α·b·d;  U[:, j] += α·s_j·d for s_j ≠ 0;
              r += α·(Σ s)·d

Every ``FOLD_EVERY`` samples ``a`` is folded back into U (U += a·1ᵀ, a = 0) and r is
recomputed from U, so rounding errors cannot build up. U is kept transposed (one row per
input) so that the columns touched are contiguous. The arithmetic is the book's, in
another order: the weights agree with the plain book code to rounding (see the tests).
"""

import numba
import numpy as np

from glassnet._types import Array

FOLD_EVERY = 256


@numba.njit(cache=True)
def _fold(columns: Array, offset: Array, row_sums: Array) -> None:
    """U += a·1ᵀ, a = 0, r = U·1 (``columns`` is Uᵀ)."""
    n_inputs, n_hidden = columns.shape
    row_sums[:] = 0.0
    for j in range(n_inputs):
        for k in range(n_hidden):
            columns[j, k] += offset[k]
        for k in range(n_hidden):
            row_sums[k] += columns[j, k]
    offset[:] = 0.0


@numba.njit(cache=True)
def _train(
    inputs: Array,
    targets: Array,
    columns: Array,
    offset: Array,
    row_sums: Array,
    who: Array,
    learning_rate: float,
    background: float,
    outputs: Array,
) -> None:
    n_samples, n_inputs = inputs.shape
    n_outputs, n_hidden = who.shape
    active = np.empty(n_inputs, np.int64)  # indices j with s_j ≠ 0
    signal = np.empty(n_inputs)  # their s_j
    hidden = np.empty(n_hidden)
    delta = np.empty(n_hidden)
    final = np.empty(n_outputs)
    since_fold = 0
    for i in range(n_samples):
        count, signal_sum = 0, 0.0
        for j in range(n_inputs):
            value = inputs[i, j]
            if value != background:
                active[count] = j
                signal[count] = value - background
                signal_sum += value - background
                count += 1
        total = n_inputs * background + signal_sum  # Σ x
        # Forward: hidden = σ(W·x), final = σ(who·hidden).
        for k in range(n_hidden):
            hidden[k] = background * row_sums[k] + total * offset[k]
        for q in range(count):
            j, s = active[q], signal[q]
            for k in range(n_hidden):
                hidden[k] += s * columns[j, k]
        for k in range(n_hidden):
            hidden[k] = 1.0 / (1.0 + np.exp(-hidden[k]))
        for p in range(n_outputs):
            z = 0.0
            for k in range(n_hidden):
                z += who[p, k] * hidden[k]
            final[p] = 1.0 / (1.0 + np.exp(-z))
            outputs[i, p] = final[p]
        # Backward, the book's way: hidden errors = who.T · output errors (before who changes).
        delta[:] = 0.0
        for p in range(n_outputs):
            error = targets[i, p] - final[p]
            for k in range(n_hidden):
                delta[k] += who[p, k] * error
            step = learning_rate * (error * final[p] * (1.0 - final[p]))
            for k in range(n_hidden):
                who[p, k] += step * hidden[k]
        for k in range(n_hidden):
            delta[k] = learning_rate * (delta[k] * hidden[k] * (1.0 - hidden[k]))
            offset[k] += background * delta[k]
            row_sums[k] += signal_sum * delta[k]
        for q in range(count):
            j, s = active[q], signal[q]
            for k in range(n_hidden):
                columns[j, k] += s * delta[k]
        since_fold += 1
        if since_fold == FOLD_EVERY:
            _fold(columns, offset, row_sums)
            since_fold = 0
    _fold(columns, offset, row_sums)


class NumbaBookKernel:
    """Trains the book's weights ``wih`` (hidden, inputs) and ``who`` (outputs, hidden) in place.

    ``background`` is the input value to skip (the book's 0.01 for MNIST); any value is
    correct, a frequent one is fast.
    """

    def __init__(self, wih: Array, who: Array, learning_rate: float, background: float) -> None:
        self.wih, self.who = wih, who
        self.learning_rate, self.background = float(learning_rate), float(background)
        self._columns = np.empty((wih.shape[1], wih.shape[0]))  # Uᵀ, reused across calls
        self._offset = np.zeros(wih.shape[0])

    def train(self, inputs: Array, targets: Array, outputs: Array) -> None:
        columns = self._columns
        columns[...] = self.wih.T  # start from the network's weights, whoever changed them
        self._offset[:] = 0.0
        row_sums = columns.sum(axis=0)
        _train(
            inputs,
            targets,
            columns,
            self._offset,
            row_sums,
            self.who,
            self.learning_rate,
            self.background,
            outputs,
        )
        self.wih[...] = columns.T
