"""Book-scaled batches for the fused step: written into one reused buffer, gathered by numba.

The twin of ``glassnet.engine.steps.PlainBatches`` with a ``BookScaling`` transform: the
same numbers (``scale_inputs``'s arithmetic in its order, tested equal bit for bit), but
no new array per batch, and with numba the gather and the scaling in one pass over the
batch's rows.
"""

from typing import Any

import numpy as np
import numpy.typing as npt

from glassnet._types import Array, IntArray
from glassnet.data.preprocessing import BOOK_FACTOR, BOOK_OFFSET, BookScaling


class ScaledBatches:
    """Rows of raw ``inputs`` scaled the book's way, into a buffer reused batch to batch.

    A batch's array is only valid until the next batch is made, which is all a training
    step needs.
    """

    def __init__(
        self,
        inputs: npt.NDArray[np.generic],
        transform: BookScaling,
        dtype: Any,
        *,
        compiled: bool,
    ) -> None:
        self.inputs, self.transform, self.dtype = inputs, transform, np.dtype(dtype)
        self._buffers: dict[int, Array] = {}
        number = self.dtype.type
        self._scale = (number(transform.max_value), number(BOOK_FACTOR), number(BOOK_OFFSET))
        self._gather = None
        if compiled and inputs.dtype == np.uint8:
            from glassnet.kernels.minibatch_numba import gather_scaled

            self._gather = gather_scaled

    def __call__(self, rows: IntArray) -> Array:
        if len(rows) not in self._buffers:
            self._buffers[len(rows)] = np.empty((len(rows), self.inputs.shape[1]), self.dtype)
        out = self._buffers[len(rows)]
        if self._gather is not None:
            self._gather(self.inputs, rows, out, *self._scale)
            return out
        return self.transform(self.inputs[rows], self.dtype, out=out)
