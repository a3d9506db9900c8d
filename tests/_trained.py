"""Small trained models shared by the model-file tests, trained once per test process.

Training runs with one BLAS thread: on the shared 2-core machine, with pytest-xdist's two
workers, OpenBLAS's own threads made the MNIST model ten times slower (28 s against 2.7 s).
"""

import functools

from threadpoolctl import threadpool_limits

import glassnet as gn
from glassnet.data import load_dataset, one_hot
from glassnet.files.model_file import ModelFile
from glassnet.runs import TrainConfig, run
from tests.conftest import real_data_dir


@functools.cache
@threadpool_limits.wrap(limits=1)
def digits_model() -> ModelFile:
    """64-32-10 sigmoid, squared error, on scikit-learn's 8x8 digits (0.967), in half a second."""
    digits = load_dataset("digits")
    config = TrainConfig(hidden=(32,), epochs=15, batch_size=10, learning_rate=2.0)
    return run(config, digits).model_file(digits)


@functools.cache
@threadpool_limits.wrap(limits=1)
def mnist_model() -> ModelFile:
    """784-64-10 ReLU/softmax, two epochs of Adam on 10,000 MNIST images (~0.93), in seconds."""
    mnist = load_dataset("mnist", real_data_dir(), download=False)
    model = gn.mlp([784, 64, 10], activation="relu", output="softmax", init="he", rng=0)
    gn.train(
        model,
        mnist.X_train[:10_000],
        one_hot(mnist.y_train[:10_000], 10, off=0.0, on=1.0),
        loss=gn.CrossEntropy(),
        optimizer=gn.Adam(0.003),
        epochs=2,
        batch_size=50,
        rng=0,
        transform=mnist.preprocessing,
    )
    return ModelFile(
        model,
        mnist.preprocessing,
        mnist.class_names,
        mnist.image_shape,
        training={"dataset": "mnist"},
    )
