"""Files: model files and training checkpoints (``.npz`` + JSON metadata, never pickle).

- ``glassnet.files.model_file``: ``ModelFile``, ``save`` and reading a model file back.
- ``glassnet.files.checkpoints``: everything needed to resume a run exactly.

``load`` reads either: a model file, or the model inside a checkpoint file or folder.
"""

import os

from glassnet.files._archive import read_archive
from glassnet.files._network_file import check_extras
from glassnet.files.checkpoints import FILE_NAME as CHECKPOINT_FILE
from glassnet.files.checkpoints import FORMAT as CHECKPOINT_FORMAT
from glassnet.files.checkpoints import FORMAT_VERSION as CHECKPOINT_VERSION
from glassnet.files.checkpoints import checkpoint_from
from glassnet.files.model_file import FORMAT, FORMAT_VERSION, ModelFile, build, save

__all__ = ["ModelFile", "load", "save"]


def load(path: str | os.PathLike[str]) -> ModelFile:
    """Read a model file written by ``save`` (or the model in a checkpoint file or folder).

    Arrays are read without unpickling, and each one's shape and dtype is checked against
    the layers the metadata describes.

    Parameters
    ----------
    path : str or os.PathLike
        A model file (``.npz``), a checkpoint file, or a checkpoint folder.

    Returns
    -------
    ModelFile
        The network with its preprocessing, class names and training record.

    Raises
    ------
    ValueError
        When the file does not exist, is not a glassnet model, is truncated or corrupt,
        has an unknown format version, or has missing or extra arrays; a
        ``GlassnetError`` (a ValueError) naming the file and the problem.
    """
    if os.path.isdir(path) and os.path.isfile(os.path.join(path, CHECKPOINT_FILE)):
        path = os.path.join(path, CHECKPOINT_FILE)  # a checkpoint folder
    formats = {FORMAT: FORMAT_VERSION, CHECKPOINT_FORMAT: CHECKPOINT_VERSION}
    with read_archive(path, formats, "glassnet model") as (metadata, arrays):
        if metadata["format"] == CHECKPOINT_FORMAT:
            return checkpoint_from(metadata, arrays, os.fspath(path)).model_file
        model_file = build(metadata, arrays, os.fspath(path))
        check_extras(arrays, os.fspath(path))
        return model_file
