"""The version of glassnet, defined here only (``pyproject.toml`` reads it from this file)."""

__version__ = "0.1.0"
"""glassnet's version, as ``pyproject.toml`` and ``glassnet --version`` give it."""
