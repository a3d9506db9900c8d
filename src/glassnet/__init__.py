"""glassnet: neural networks from scratch in NumPy that you can see through."""

from glassnet._version import __version__
from glassnet.engine.activations import Identity, ReLU, Sigmoid, Softmax, Tanh
from glassnet.engine.gradcheck import gradcheck, numerical_gradient
from glassnet.engine.init import book as book_init  # glassnet.book is the book's class's module
from glassnet.engine.init import glorot, he, uniform
from glassnet.engine.layers import Dense, Layer, Parameter
from glassnet.engine.losses import BinaryCrossEntropy, CrossEntropy, Loss, SquaredError
from glassnet.engine.metrics import accuracy, confusion_matrix
from glassnet.engine.network import Sequential, mlp
from glassnet.engine.optimizers import SGD, Adam, Optimizer
from glassnet.engine.training import Callback, EpochRecord, History, minibatches, train
from glassnet.errors import GlassnetError
from glassnet.files import load
from glassnet.files.model_file import ModelFile, save

__all__ = [
    "SGD",
    "Adam",
    "BinaryCrossEntropy",
    "Callback",
    "CrossEntropy",
    "Dense",
    "EpochRecord",
    "GlassnetError",
    "History",
    "Identity",
    "Layer",
    "Loss",
    "ModelFile",
    "Optimizer",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "SquaredError",
    "Tanh",
    "__version__",
    "accuracy",
    "book_init",
    "confusion_matrix",
    "glorot",
    "gradcheck",
    "he",
    "load",
    "minibatches",
    "mlp",
    "numerical_gradient",
    "save",
    "train",
    "uniform",
]
