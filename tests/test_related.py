"""Related practices (related.py): the bit-sliced ranking equals scoring every pair one by one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from practicesite.render.related import LIMIT, Profile, related, score


def naive(profiles: list[Profile], limit: int = LIMIT) -> dict[str, list[str]]:
    """The definition, pair by pair: most shared first, then the same city, then the first slug."""
    result = {}
    for p in profiles:
        others = [q for q in profiles if q.slug != p.slug and score(p, q) > 0]
        others.sort(key=lambda q: (-score(p, q), q.city != p.city, q.slug))
        result[p.slug] = [q.slug for q in others[:limit]]
    return result


def profile(slug: str, city: str = "rijeka", type: str = "creative-hub", themes: tuple[str, ...] = ("funding",),
            groups: tuple[str, ...] = ("smes",)) -> Profile:
    return Profile(slug, city, type, themes, groups)


profiles = st.lists(
    st.builds(Profile, slug=st.text("abcdefgh-", min_size=1, max_size=6),
              city=st.sampled_from(["rijeka", "matera", "kaunas"]),
              type=st.sampled_from(["hub", "fund", "school"]),
              themes=st.lists(st.sampled_from(["t1", "t2", "t3", "t4", "t5"]), min_size=1, max_size=4).map(tuple),
              target_groups=st.lists(st.sampled_from(["g1", "g2", "g3"]), min_size=1, max_size=3).map(tuple)),
    max_size=40, unique_by=lambda p: p.slug)


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_the_ranking_is_the_pairwise_definition(items: list[Profile]) -> None:
    assert related(items) == naive(items)


@settings(max_examples=50, deadline=None)
@given(profiles, st.integers(min_value=0, max_value=6))
def test_any_limit_and_any_targets(items: list[Profile], limit: int) -> None:
    targets = [p.slug for p in items[::2]]
    expected = naive(items, limit)
    assert related(items, targets, limit) == {slug: expected[slug] for slug in targets}


def test_shared_themes_weigh_most_then_type_then_groups_and_the_city_breaks_ties() -> None:
    me = profile("me", themes=("funding", "skills"), groups=("smes", "ngos"))
    items = [
        me,
        profile("two-themes", city="matera", type="fund", themes=("funding", "skills"), groups=("youth",)),
        profile("one-theme-same-type", city="matera", themes=("funding",), groups=("youth",)),  # 3 + 2
        profile("one-theme-one-group", city="matera", type="fund", themes=("funding",)),  # 3 + 1
        profile("b-same-city", type="fund", themes=("funding",)),  # 3 + 1, same city
        profile("nothing-shared", themes=("tourism",), type="fund", groups=("youth",)),
    ]
    assert related(items)["me"] == ["two-themes", "one-theme-same-type", "b-same-city", "one-theme-one-group"]


def test_never_itself_never_unrelated_at_most_four() -> None:
    items = [profile(f"p{i}") for i in range(9)] + [profile("alone", themes=("tourism",), type="x", groups=("y",))]
    chosen = related(items)
    assert chosen["alone"] == []
    assert all(slug not in others and len(others) == LIMIT for slug, others in chosen.items() if slug != "alone")
    assert chosen["p3"] == ["p0", "p1", "p2", "p4"]  # equal scores, same city: slug order


def test_scales_to_thousands_of_practices() -> None:
    import time

    items = [profile(f"p{i:05d}", city=f"c{i % 40}", type=f"y{i % 8}",
                     themes=tuple(f"t{(i * k) % 13}" for k in (1, 3, 7)), groups=(f"g{i % 12}", f"g{(i * 5) % 12}"))
             for i in range(3000)]
    start = time.perf_counter()
    chosen = related(items)
    assert time.perf_counter() - start < 5  # about 0.1 s on a quiet machine; a pairwise loop takes minutes
    assert len(chosen) == 3000 and all(len(v) == LIMIT for v in chosen.values())
