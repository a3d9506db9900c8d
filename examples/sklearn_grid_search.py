"""A glassnet network tuned by scikit-learn's GridSearchCV inside a Pipeline.

    python examples/sklearn_grid_search.py digits
    python examples/sklearn_grid_search.py mnist --train-size 10000   # MNIST files needed
    python examples/sklearn_grid_search.py mnist-book                 # no search: the book's run

``digits``: ``Pipeline(StandardScaler(), GlassnetClassifier())`` on scikit-learn's 8x8
digits, grid over hidden nodes and learning rate, 3-fold cross-validation on the training
split, then the refitted best pipeline on the held-out test split.

``mnist``: the book's network (784-200-10 sigmoid, no biases, per-sample updates in order,
the book's backpropagation, 5 epochs: ``GlassnetClassifier.from_config(PRESETS["book"])``)
behind either ``StandardScaler`` or the book's 0.01–1.0 input scaling, grid over the
scaler and the learning rate on the first ``--train-size`` training images, then the
best settings retrained on all 60,000 and tested on the 10,000 test images.

``mnist-book``: no search, the book's settings and scaling in a Pipeline trained on all
60,000 images; its test accuracy equals ``glassnet train mnist --preset book``'s.
"""

import argparse
import time
from typing import Any

from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from glassnet.data import BookScaling, load_dataset
from glassnet.runs import PRESETS
from glassnet.sklearn import GlassnetClassifier

DIGITS_GRID: dict[str, list[Any]] = {
    "net__hidden_layer_sizes": [(25,), (50,), (100,)],
    "net__learning_rate": [0.1, 0.3, 1.0, 3.0],
}
MNIST_GRID: dict[str, list[Any]] = {
    "scale": [StandardScaler(), FunctionTransformer(BookScaling(255.0))],
    "net__learning_rate": [0.05, 0.1, 0.2],
}


def _describe(params: dict[str, Any]) -> str:
    """``scale=StandardScaler, net__learning_rate=0.1``: estimators by their class name."""
    return ", ".join(
        f"{key}={type(value).__name__ if hasattr(value, 'fit') else value}"
        for key, value in params.items()
    )


def _scores(search: GridSearchCV) -> list[str]:
    results = search.cv_results_
    return [
        f"{mean:.4f} ± {std:.4f}  {_describe(params)}"
        for params, mean, std in zip(
            results["params"], results["mean_test_score"], results["std_test_score"], strict=True
        )
    ]


def digits_search(grid: dict[str, list[Any]] = DIGITS_GRID, cv: int = 3) -> dict[str, Any]:
    """Grid search on the digits training split; the best pipeline scored on the test split."""
    digits = load_dataset("digits")
    pipeline = Pipeline([("scale", StandardScaler()), ("net", GlassnetClassifier(random_state=0))])
    started = time.perf_counter()
    search = GridSearchCV(pipeline, grid, cv=cv).fit(digits.X_train, digits.y_train)
    return {
        "best_params": search.best_params_,
        "best_cv_accuracy": float(search.best_score_),
        "test_accuracy": float(search.score(digits.X_test, digits.y_test)),
        "candidates": len(search.cv_results_["params"]),
        "seconds": time.perf_counter() - started,
        "cv_accuracy": _scores(search),
    }


def mnist_search(
    data_dir: str | None = None,
    train_size: int = 10_000,
    grid: dict[str, list[Any]] = MNIST_GRID,
    cv: int = 3,
    retrain_all: bool = True,
) -> dict[str, Any]:
    """Grid search for the book's network on the first ``train_size`` MNIST images."""
    mnist = load_dataset("mnist", data_dir)
    pipeline = Pipeline(
        [("scale", StandardScaler()), ("net", GlassnetClassifier.from_config(PRESETS["book"]))]
    )
    started = time.perf_counter()
    X, y = mnist.X_train[:train_size], mnist.y_train[:train_size]
    search = GridSearchCV(pipeline, grid, cv=cv).fit(X, y)
    result: dict[str, Any] = {
        "best_params": search.best_params_,
        "best_cv_accuracy": float(search.best_score_),
        "subset_test_accuracy": float(search.score(mnist.X_test, mnist.y_test)),
        "candidates": len(search.cv_results_["params"]),
        "search_seconds": time.perf_counter() - started,
        "cv_accuracy": _scores(search),
    }
    if retrain_all:
        started = time.perf_counter()
        best = search.best_estimator_.fit(mnist.X_train, mnist.y_train)
        result["full_test_accuracy"] = float(best.score(mnist.X_test, mnist.y_test))
        result["full_seconds"] = time.perf_counter() - started
    return result


def mnist_book(data_dir: str | None = None) -> dict[str, Any]:
    """The book's network and input scaling as a Pipeline, trained on all of MNIST."""
    mnist = load_dataset("mnist", data_dir)
    pipeline = Pipeline(
        [
            ("scale", FunctionTransformer(BookScaling(255.0))),
            ("net", GlassnetClassifier.from_config(PRESETS["book"])),
        ]
    )
    started = time.perf_counter()
    pipeline.fit(mnist.X_train, mnist.y_train)
    return {
        "test_accuracy": float(pipeline.score(mnist.X_test, mnist.y_test)),
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=["digits", "mnist", "mnist-book"])
    parser.add_argument("--data-dir", help="folder with mnist/ (default: $GLASSNET_DATA)")
    parser.add_argument("--train-size", type=int, default=10_000, help="MNIST images searched")
    args = parser.parse_args()
    if args.dataset == "digits":
        result = digits_search()
    elif args.dataset == "mnist":
        result = mnist_search(args.data_dir, args.train_size)
    else:
        result = mnist_book(args.data_dir)
    for key, value in result.items():
        if isinstance(value, list):
            print(f"{key}:", *value, sep="\n  ")
        elif isinstance(value, dict):
            print(f"{key}: {_describe(value)}")
        else:
            print(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    main()
