"""Forgiving comparison of what a contributor wrote with what is allowed: "Did you mean …?"."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """Lower case without diacritics, for forgiving comparisons and search."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def did_you_mean(seen: str, allowed: Iterable[str], otherwise: str,
                  labels: dict[str, str] | None = None) -> str:
    found = closest(seen, allowed, labels)
    return f"Did you mean '{found}'?" if found is not None else otherwise


def closest(seen: str, allowed: Iterable[str], labels: dict[str, str] | None = None,
            cutoff: float = 0.6) -> str | None:
    """The allowed value `seen` most likely stands for (`labels` maps folded names to values), or None."""
    folded = fold(seen)
    if labels and folded in labels:
        return labels[folded]
    candidates = {fold(a): a for a in allowed}
    if labels:
        candidates.update(labels)
    # a label written in part ('hub creativ' for 'Hub creativ sau incubator') names one term
    if len(folded) >= 4:
        partial = {term for text, term in candidates.items() if folded in text}
        if len(partial) == 1:
            return partial.pop()
    close = difflib.get_close_matches(folded, list(candidates), n=1, cutoff=cutoff)
    return candidates[close[0]] if close else None
