"""Alphabetical order of titles (collate.py): Romanian letters in their place, without locales."""

from __future__ import annotations

from practicesite.render.collate import sort_key

WORDS = ["Țara", "Școala", "Sala", "Tur", "Arta", "Ăla", "Âncă", "Azur", "Inel", "Îngheț", "Izvor", "Zebra",
         "Éclair", "Eu", "„Citat” x", "Art Hub", "Arthur", "2023", "şcoală cu sedilă"]


def test_romanian_letters_follow_their_base_letter() -> None:
    assert sorted(WORDS, key=lambda t: sort_key(t, "ro")) == [
        "2023", "Art Hub", "Arta", "Arthur", "Azur", "Ăla", "Âncă", "„Citat” x", "Éclair", "Eu", "Inel", "Izvor",
        "Îngheț", "Sala", "Școala", "şcoală cu sedilă", "Tur", "Țara", "Zebra"]


def test_english_ignores_accents_in_the_first_comparison() -> None:
    assert sorted(WORDS, key=lambda t: sort_key(t, "en")) == [
        "2023", "Ăla", "Âncă", "Art Hub", "Arta", "Arthur", "Azur", "„Citat” x", "Éclair", "Eu", "Inel", "Îngheț",
        "Izvor", "Sala", "Școala", "şcoală cu sedilă", "Țara", "Tur", "Zebra"]


def test_case_and_accents_only_break_ties() -> None:
    assert sorted(["eb", "Ea", "éa", "ea"], key=lambda t: sort_key(t, "en")) == ["ea", "Ea", "éa", "eb"]
