"""Locale-aware formatting of money, numbers, dates and periods, and the UI strings of the site."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, get_currency_symbol

from practicesite import LANGUAGES

STRINGS_FILE = Path(__file__).parent / "templates" / "strings.yaml"


@cache
def load_strings(path: Path) -> dict[str, dict[str, str]]:
    """UI strings of one file, one entry per language; a missing translation is a build error, not a silent gap."""
    data: dict[str, dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [f"{key}.{lang}" for key, entry in data.items() for lang in LANGUAGES if not entry.get(lang)]
    if missing:
        raise ValueError(f"{path}: untranslated UI strings: {', '.join(missing)}")
    return data


def strings() -> dict[str, dict[str, str]]:
    """The renderer's UI strings."""
    return load_strings(STRINGS_FILE)


def number(value: float, lang: str) -> str:
    pattern = "#,##0" if float(value).is_integer() else "#,##0.##"
    return format_decimal(value, format=pattern, locale=lang)


def money(amount: float, currency: str, lang: str) -> str:
    """118.163 € in Romanian, €118,163 in English: the locale decides where the symbol goes."""
    pattern = "#,##0" if float(amount).is_integer() else "#,##0.00"
    figure = format_decimal(amount, format=pattern, locale=lang)
    symbol = get_currency_symbol(currency, "en")
    standard = Locale.parse(lang).currency_formats["standard"].pattern
    if standard.strip().endswith("¤"):
        return f"{figure}\u00a0{symbol}"
    return f"{symbol}{figure}"


def date(value: Any, lang: str) -> str:
    """A year, a year-month or a full date, written the way the language writes it."""
    text = str(value)
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return format_date(datetime.date(*map(int, parts)), "long", locale=lang)
        if len(parts) == 2:
            return format_skeleton("yMMMM", datetime.date(int(parts[0]), int(parts[1]), 1), locale=lang)
    except ValueError:
        return text
    return text


def country(code: str, lang: str) -> str:
    return str(Locale.parse(lang).territories.get(code, code))
