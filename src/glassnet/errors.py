"""The project's error type: a problem glassnet can explain in one line.

``GlassnetError`` is a ``ValueError``, so code that already catches ``ValueError`` keeps
working; the command line prints it as one line and exits with status 2. Raise it (or a
subclass) for bad input, a corrupt or truncated file, an unknown option, or a training
run that cannot go on; the message names the problem and, for files, the file.
"""


class GlassnetError(ValueError):
    """A problem with the user's input, files or settings, explained in one line."""
