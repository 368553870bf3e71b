"""Locale-aware formatting of money, numbers, dates and periods, and the UI strings of the site."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import NumberPattern, get_currency_symbol, parse_pattern

from practicesite import LANGUAGES

STRINGS_FILE = Path(__file__).parent / "templates" / "strings.yaml"


@cache
def load_strings(path: Path) -> dict[str, dict[str, str]]:
    """UI strings of one file, one entry per language; a missing translation is a build error, not a silent gap."""
    data: dict[str, dict[str, str]] = yaml.load(path.read_text(encoding="utf-8"),  # libyaml (C) where there is one
                                                Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    missing = [f"{key}.{lang}" for key, entry in data.items() for lang in LANGUAGES if not entry.get(lang)]
    if missing:
        raise ValueError(f"{path}: untranslated UI strings: {', '.join(missing)}")
    return data


def strings() -> dict[str, dict[str, str]]:
    """The renderer's UI strings."""
    return load_strings(STRINGS_FILE)


def texts(lang: str, path: Path = STRINGS_FILE) -> dict[str, str]:
    """The UI strings of one file (the renderer's by default) in one language, by key."""
    return {key: entry[lang] for key, entry in load_strings(path).items()}


def count(n: int, texts: dict[str, str]) -> str:
    """"1 practice", "5 practices": the number of practices in the words of `texts`."""
    return texts["practices_count_one"] if n == 1 else texts["practices_count"].format(count=n)


# Parsing a locale and a number pattern is most of what formatting one number costs: once each.
@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@cache
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def number(value: float, lang: str) -> str:
    pattern = "#,##0" if float(value).is_integer() else "#,##0.##"
    return _pattern(pattern).apply(value, _locale(lang))


@cache
def _symbol(currency: str) -> str:
    return str(get_currency_symbol(currency, "en"))


@cache
def _symbol_after(lang: str) -> bool:
    return str(_locale(lang).currency_formats["standard"].pattern).strip().endswith("¤")


def money(amount: float, currency: str, lang: str) -> str:
    """118.163 € in Romanian, €118,163 in English: the locale decides where the symbol goes."""
    pattern = "#,##0" if float(amount).is_integer() else "#,##0.00"
    figure = _pattern(pattern).apply(amount, _locale(lang))
    symbol = _symbol(currency)
    if _symbol_after(lang):
        return f"{figure}\u00a0{symbol}"
    return f"{symbol}{figure}"


def date(value: Any, lang: str) -> str:
    """A year, a year-month or a full date, written the way the language writes it."""
    text = str(value)
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return format_date(datetime.date(*map(int, parts)), "long", locale=_locale(lang))
        if len(parts) == 2:
            return format_skeleton("yMMMM", datetime.date(int(parts[0]), int(parts[1]), 1), locale=_locale(lang))
    except ValueError:
        return text
    return text


def country(code: str, lang: str) -> str:
    return str(_locale(lang).territories.get(code, code))
