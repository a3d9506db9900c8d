"""argparse ``type=`` converters with messages a learner understands.

The options themselves (names, value syntax, help) are defined once in ``cli.options``.
"""

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
    """Layer sizes such as ``128,64`` (one value: one network)."""
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


def yes_no(text: str) -> bool:
    """``yes`` or ``no`` (also true/false, 1/0), for settings such as ``--bias``."""
    answers = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    if text.lower() not in answers:
        raise argparse.ArgumentTypeError(f"expected yes or no, got {text!r}")
    return answers[text.lower()]
