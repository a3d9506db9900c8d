"""Models leaving Python: ONNX for other runtimes, C99 headers for microcontrollers.

``glassnet.export.onnx.export_onnx`` (needs the ``onnx`` package: ``glassnet[export]``)
and ``glassnet.export.c.export_c`` (no dependencies). Both start from a ``ModelFile``,
so the preprocessing the network was trained with travels with it.
"""
