"""The old ``sweep`` spellings, still understood, each with a note saying today's.

Before the command line had one language, ``sweep`` separated a list of values with
commas and wrote a value's own parts differently from ``train``: hidden layers ``128-64``,
targets ``0.01:0.99``, yes/no as ``--bias yes,no``. Today a value is written as ``train``
writes it and values are separated by spaces. This module rewrites the old words before
parsing; it goes away once the old spellings have had their time.
"""

from collections.abc import Callable

from glassnet.cli.config_options import AUGMENTATION, TRAINING

# For each option taking values: does a word use the old spelling, and today's words for it.
_OLD_PARTS = {"hidden": "-", "targets": ":"}  # the old separator inside one value


def _old(field: str, word: str) -> bool:
    inner = _OLD_PARTS.get(field)
    if inner is not None:
        return inner in word
    return "," in word  # no other value has a comma of its own


def _today(field: str, word: str) -> list[str]:
    inner = _OLD_PARTS.get(field)
    values = [value for value in word.split(",") if value]
    return [value.replace(inner, ",") for value in values] if inner else values


_FIELDS = {
    flag: field
    for field, option in {**TRAINING, **AUGMENTATION}.items()
    if option.flag_value is None
    for flag in option.flags
}


def modernize(argv: list[str], note: Callable[[str], None]) -> list[str]:
    """``sweep``'s arguments with old-style words rewritten; ``note`` hears of each."""
    result: list[str] = []
    field: str | None = None  # the option whose values the next words are
    for word in argv:
        flag, equals, value = word.partition("=")
        if word.startswith("-") and flag in _FIELDS and equals:
            result.append(flag)
            field, word = _FIELDS[flag], value
        elif word.startswith("-"):
            result.append(word)
            field = _FIELDS.get(word)
            continue
        if field is not None and _old(field, word):
            words = _today(field, word)
            flag_name = next(f for f, name in _FIELDS.items() if name == field)
            note(
                f"{flag_name} {word} is the old sweep spelling; "
                f"write {flag_name} {' '.join(words)} (values separated by spaces, "
                "each written as train writes it)"
            )
            result.extend(words)
        else:
            result.append(word)
    return result
