"""argparse ``type=`` converters with messages a learner understands, and shared options."""

import argparse


def _whole(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {value}")
    return value


def positive_int(text: str) -> int:
    return _whole(text, 1)


def non_negative_int(text: str) -> int:
    return _whole(text, 0)


def _real(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def positive_float(text: str) -> float:
    value = _real(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def non_negative_float(text: str) -> float:
    value = _real(text)
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number >= 0, got {text}")
    return value


def sizes(text: str) -> tuple[int, ...]:
    """Layer sizes such as ``128,64``."""
    return tuple(positive_int(part) for part in text.split(","))


def pair(text: str) -> tuple[float, float]:
    """Two numbers ``LOW,HIGH``."""
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"expected LOW,HIGH, got {text!r}")
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected two numbers LOW,HIGH, got {text!r}") from None


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    """``--data-dir``, where every command that loads a dataset looks first."""
    parser.add_argument(
        "--data-dir",
        help="folder with dataset files (default: $GLASSNET_DATA, then the user cache)",
    )
