"""The engine: each formula of the documents in one small, readable piece.

``layers`` (``Parameter``, ``Dense``), ``activations`` (``Sigmoid``, ``ReLU``, ...),
``losses``, ``init``, ``network`` (``Sequential``, ``mlp``), ``optimizers`` (``SGD``,
``Adam``), ``training`` (the epoch loop, ``train``), ``metrics``, ``gradcheck`` and
``linear`` (the deck's linear classifier). Nothing here imports from outside the engine
except ``glassnet.kernels``, the one seam through which training gets faster.
See ``docs/architecture.md`` for the formulas and where each one lives.
"""
