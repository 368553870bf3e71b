"""Alphabetical order of titles as a reader of each language expects it, without the system's locales.

Romanian has five letters of its own, each after its base letter: a < ă < â, i < î, s < ș, t < ț
(ş and ţ, with a cedilla, are the same letters miswritten). Any other accent is ignored in the first
comparison (é sorts with e) and only breaks ties; case as well. Punctuation and spaces separate words,
and separators sort before digits and letters, so "Art Hub" comes before "Arthur".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ROMANIAN = {"ă": ("a", 1), "â": ("a", 2), "î": ("i", 1), "ș": ("s", 1), "ş": ("s", 1), "ț": ("t", 1), "ţ": ("t", 1)}
_SEPARATOR = (" ", 0)


@lru_cache(maxsize=4096)
def sort_key(text: str, lang: str) -> tuple[tuple[tuple[str, int], ...], str, str]:
    """A key for sorted(): by letters (Romanian's own in their place), then accents and case."""
    letters: list[tuple[str, int]] = []
    folded = text.casefold()
    for char in folded:
        if lang == "ro" and char in _ROMANIAN:
            letters.append(_ROMANIAN[char])
        elif char.isalnum():
            letters.append((unicodedata.normalize("NFD", char)[0], 0))
        elif letters and letters[-1] != _SEPARATOR:  # leading and repeated separators do not count
            letters.append(_SEPARATOR)
    while letters and letters[-1] == _SEPARATOR:
        letters.pop()
    return tuple(letters), unicodedata.normalize("NFD", folded), text.swapcase()  # lower case first, as in CLDR
