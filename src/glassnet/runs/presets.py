"""Named configurations: the book's MNIST network and the recommended fast one."""

from glassnet.data.dataset import Dataset
from glassnet.runs.config import TrainConfig

# The network of *Make Your Own Neural Network*: 784-200-10 sigmoid, no biases,
# N(0, n_in^-0.5) weights, squared error, per-sample updates in the data's order, learning
# rate 0.1, 5 epochs, trained with the book's own error backpropagation.
PRESETS: dict[str, TrainConfig] = {
    "book": TrainConfig(
        hidden=(200,),
        activation="sigmoid",
        loss="squared-error",
        optimizer="sgd",
        learning_rate=0.1,
        epochs=5,
        batch_size=1,
        init="book",
        bias=False,
        shuffle=False,
        backprop="book",
    ),
    # Recommended for speed on MNIST: >= 0.97 test accuracy in a few seconds of training
    # (benchmarks/run.py measures it). float32 mini-batches, ReLU, softmax.
    "fast": TrainConfig(
        hidden=(128,),
        activation="relu",
        loss="cross-entropy",
        optimizer="sgd",
        learning_rate=0.1,
        momentum=0.9,
        epochs=4,
        batch_size=128,
        init="he",
        bias=True,
        shuffle=True,
    ),
}
"""Named configurations: ``"book"`` (the book's MNIST network, every choice of the book) and
``"fast"`` (the recommended fast settings for MNIST); ``glassnet train --preset NAME``."""
BOOK_SIZES = (784, 200, 10)
"""The book preset's layer sizes: 784 inputs, 200 hidden nodes, 10 outputs."""


def check_fits(config: TrainConfig, dataset: Dataset, preset: str | None = None) -> None:
    """Refuse a preset whose fixed input/output sizes don't match the data."""
    if preset == "book" and (dataset.n_features, dataset.n_classes) != (
        BOOK_SIZES[0],
        BOOK_SIZES[2],
    ):
        raise ValueError(
            f"the book preset is a {BOOK_SIZES[0]}-{BOOK_SIZES[1]}-{BOOK_SIZES[2]} network, but "
            f"{dataset.name} has {dataset.n_features} inputs and {dataset.n_classes} classes"
        )
