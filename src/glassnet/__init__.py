"""glassnet: neural networks from scratch in NumPy that you can see through."""

from glassnet.activations import Identity, ReLU, Sigmoid, Softmax, Tanh
from glassnet.gradcheck import gradcheck, numerical_gradient
from glassnet.init import book, glorot, he, uniform
from glassnet.io import ModelFile, load, save
from glassnet.layers import Dense, Layer, Parameter
from glassnet.losses import BinaryCrossEntropy, CrossEntropy, Loss, SquaredError
from glassnet.metrics import accuracy, confusion_matrix
from glassnet.network import Sequential, mlp
from glassnet.optimizers import SGD, Adam, Optimizer
from glassnet.training import Callback, EpochRecord, History, minibatches, train

__version__ = "0.1.0"

__all__ = [
    "SGD",
    "Adam",
    "BinaryCrossEntropy",
    "Callback",
    "CrossEntropy",
    "Dense",
    "EpochRecord",
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
    "book",
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
