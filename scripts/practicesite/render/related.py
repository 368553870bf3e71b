"""Related practices: for each practice, the few others that share the most with it.

Two practices score THEME for each theme they share, TYPE when they are of the same type and GROUP
for each target group they share; a practice that shares none of these is never related. Ties go
to a practice in the same city, then to the first slug in alphabetical order, so that the choice is
the same at every build and in every language.

Scoring every pair one by one would cost a million comparisons at a thousand practices. Instead the
practices are numbered (in slug order) and each theme, type, target group and city is the set of
practices that have it, as the bits of one Python integer. A practice's scores for all the others
are then added up as bit-sliced binary numbers: plane k holds bit k of every practice's score, and
adding a set is a ripple of AND and XOR over a few integers. The best-scoring practices are found
plane by plane from the highest, and the lowest bit among them is the first slug.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THEME, TYPE, GROUP = 3, 2, 1
LIMIT = 4


@dataclass(frozen=True)
class Profile:
    """What relatedness is judged on."""

    slug: str
    city: str
    type: str
    themes: tuple[str, ...]
    target_groups: tuple[str, ...]


def score(a: Profile, b: Profile) -> int:
    """How much two practices share (0: nothing but perhaps their city)."""
    return (THEME * len(set(a.themes) & set(b.themes)) + TYPE * (a.type == b.type)
            + GROUP * len(set(a.target_groups) & set(b.target_groups)))


def related(profiles: Sequence[Profile], targets: Iterable[str] | None = None,
            limit: int = LIMIT) -> dict[str, list[str]]:
    """Up to `limit` related slugs for each slug of `targets` (all by default), best first."""
    order = sorted(profiles, key=lambda p: p.slug)
    index = {p.slug: i for i, p in enumerate(order)}
    members: dict[tuple[str, str], int] = {}  # (kind, value) → the set of practices that have it
    for i, profile in enumerate(order):
        bit = 1 << i
        for key in (("city", profile.city), ("type", profile.type),
                    *(("theme", t) for t in set(profile.themes)),
                    *(("group", g) for g in set(profile.target_groups))):
            members[key] = members.get(key, 0) | bit
    result = {}
    for slug in (p.slug for p in order) if targets is None else targets:
        profile = order[index[slug]]
        # Each score is doubled and the city added as its lowest bit: the city only breaks ties.
        planes: list[int] = []
        for kind, values, weight in (("theme", set(profile.themes), THEME), ("type", {profile.type}, TYPE),
                                     ("group", set(profile.target_groups), GROUP)):
            for value in values:
                _add(planes, members[kind, value], 2 * weight)
        shares = 0  # the practices with a score above zero, before the city is added
        for plane in planes:
            shares |= plane
        _add(planes, members["city", profile.city], 1)
        result[slug] = [order[i].slug for i in _best(planes, shares & ~(1 << index[slug]), limit)]
    return result


def _add(planes: list[int], members: int, weight: int) -> None:
    """Add `weight` to the score of every practice in `members`."""
    position = 0
    while weight:
        if weight & 1:
            carry, k = members, position
            while carry:
                while k >= len(planes):
                    planes.append(0)
                planes[k], carry = planes[k] ^ carry, planes[k] & carry
                k += 1
        weight >>= 1
        position += 1


def _best(planes: list[int], candidates: int, limit: int) -> list[int]:
    """The numbers of the `limit` highest-scoring candidates; on equal scores, the lowest first."""
    chosen: list[int] = []
    while candidates and len(chosen) < limit:
        best = candidates
        for plane in reversed(planes):
            if best & plane:
                best &= plane
        while best and len(chosen) < limit:
            low = best & -best
            chosen.append(low.bit_length() - 1)
            best ^= low
            candidates ^= low
    return chosen
