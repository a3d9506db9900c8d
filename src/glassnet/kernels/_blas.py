"""How many threads BLAS may use, for code made of many small products.

OpenBLAS splits even small products over all cores, which gains nothing for products
this small, and NumPy's and SciPy's wheels each bring their own OpenBLAS, whose idle
threads take the cores from each other (docs/performance.md, "Threads", tells the
story with its measurements). Code that issues thousands of small products per second
runs them on one thread; big mini-batch products keep the library's default. The limit
applies to every BLAS loaded.
"""

from contextlib import AbstractContextManager
from functools import cache
from typing import Any

from threadpoolctl import ThreadpoolController


@cache
def _controller() -> ThreadpoolController:
    # Built once: finding the loaded BLAS libraries takes about a millisecond.
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[Any]:
    """A context in which BLAS calls run on the calling thread only."""
    limited: AbstractContextManager[Any] = _controller().limit(limits=1, user_api="blas")
    return limited
