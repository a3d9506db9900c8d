"""Checking a lesson's numbers against the numbers the documents print."""

import numpy as np


def printed(value: object, *texts: str) -> None:
    """Assert that ``value`` (a number or a vector) rounds to each printed number.

    Each text is a number as a document prints it ("0.6457", "2.00265", "35"); the value
    must equal it when rounded to as many decimals as the text shows.
    """
    values = np.atleast_1d(np.asarray(value, dtype=np.float64))
    assert len(values) == len(texts), f"{len(values)} values, {len(texts)} printed numbers"
    for number, text in zip(values, texts, strict=True):
        decimals = len(text.split(".")[1]) if "." in text else 0
        assert round(float(number), decimals) == float(text), f"{number} is not {text}"
