"""The answer of each kind of form field, read into practice.yaml values and written back.

Lists are written one entry per line, with `|` between the parts, so that nobody needs YAML:

    organisations   Name | role | https://address          (the address is optional)
    indicators      value | what is measured | unit | year  (unit and year optional; range 12–14)
    sources         Title | https://address
    contact         name | email | https://address         (any of them, in any order)
    cost            8000 EUR   or   8000 EUR / year
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from practicesite.check.schema import LANG_PATTERN
from practicesite.check.suggest import did_you_mean, fold
from practicesite.contrib.formfields import KINDS, ONGOING, PER_YEAR, Form, FormField
from practicesite.contrib.messages import form_problem
from practicesite.load.vocab import Vocabularies
from practicesite.model import Problem

_LANG = re.compile(LANG_PATTERN)

_URL = re.compile(r"^https?://\S+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER = r"[+-]?\d+(?:[.,]\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\s*(?:[–—-]\s*({_NUMBER}))?$")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
_COST = re.compile(rf"^({_NUMBER})\s*([A-Za-z]{{3}})\s*(?:/\s*(\S+))?$")
_TAG = re.compile(r"^[\w][\w -]*$")


def lines(text: str) -> list[str]:
    """The entries of a list field: its non-empty lines, without a leading '- '."""
    return [line.strip().removeprefix("- ").strip() for line in text.split("\n") if line.strip()]


def one_line(text: str) -> str:
    return " ".join(text.split())


class Reader:
    """Reads the answers of one form; every problem goes into `problems`, named by field label."""

    def __init__(self, form: Form, vocab: Vocabularies) -> None:
        self.form = form
        self.lang = form.lang
        self.vocab = vocab
        self.problems: list[Problem] = []

    def problem(self, field_id: str, key: str, value: str | None = None, line: int | None = None,
                **values: object) -> None:
        label = self.form.field(field_id).label[self.lang]
        self.problems.append(form_problem(self.lang, label, key, value, line, **values))

    # --- dropdowns ------------------------------------------------------------------------------

    def _choice_ids(self, item: FormField) -> dict[str, str]:
        """Every way of naming an option (its labels in both languages, the city name without its
        year, the id), folded, → id."""
        names: dict[str, str] = {}
        for index, term_id in enumerate(item.values):
            names[fold(term_id)] = term_id
            for options in item.options.values():
                names[fold(options[index])] = term_id
                names.setdefault(fold(re.sub(r" \(\d{4}\)$", "", options[index])), term_id)
        return names

    def choices(self, field_id: str, text: str) -> list[str]:
        """The ids of the options in a dropdown's answer (GitHub joins several with ', ')."""
        item = self.form.field(field_id)
        if not text.strip():
            return []
        names = self._choice_ids(item)
        parts = [part.strip() for part in one_line(text).split(",")]
        # A label may contain a comma: join parts until they name an option (longest first).
        found: list[str] = []
        start = 0
        while start < len(parts):
            for end in range(len(parts), start, -1):
                term = names.get(fold(", ".join(parts[start:end])))
                if term:
                    if term not in found:
                        found.append(term)
                    start = end
                    break
            else:
                seen = parts[start]
                if seen:
                    self.problem(field_id, "unknown_choice", seen)
                    hint = did_you_mean(seen, item.options[self.lang], "")
                    if hint:
                        self.problems[-1] = replace(self.problems[-1], hint=f"{self.problems[-1].hint}. {hint}")
                start += 1
        if len(found) > 1 and not item.multiple:
            self.problem(field_id, "one_choice", one_line(text))
        return found

    def choice(self, field_id: str, text: str) -> str | None:
        return next(iter(self.choices(field_id, text)), None)

    # --- single values --------------------------------------------------------------------------

    def date(self, field_id: str, text: str, end: bool = False) -> int | str | None:
        value = one_line(text)
        if not value:
            return None
        if end and fold(value) in {fold(word) for word in ONGOING.values()}:
            return "ongoing"
        if _YEAR.match(value):
            return int(value)
        if _DATE.match(value):
            return value
        self.problem(field_id, "end" if end else "date", value)
        return None

    def number(self, field_id: str, text: str, line: int | None = None) -> float | int | None:
        value = text.strip().replace("\u2212", "-")
        if _GROUPED.match(value) and not value.startswith("0"):
            self.problem(field_id, "thousands", value, line, plain=re.sub(r"[.,]", "", value))
            return None
        if not re.fullmatch(_NUMBER, value):
            self.problem(field_id, "number", value, line)
            return None
        number = float(value.replace(",", "."))
        return int(number) if re.fullmatch(r"[+-]?\d+", value) else number

    def url(self, field_id: str, text: str, line: int | None = None) -> str | None:
        value = text.strip()
        if _URL.match(value):
            return value
        self.problem(field_id, "url", value, line)
        return None

    # --- lists ----------------------------------------------------------------------------------

    def organisations(self, text: str) -> list[dict[str, Any]]:
        roles = {fold(name): term.id for term in self.vocab.organisation_roles.values()
                 for name in (term.id, *term.label.values())}
        result = []
        for number, entry in enumerate(lines(text), 1):
            parts = [part.strip() for part in entry.split("|")]
            address = parts[-1].lower()
            url = parts.pop() if len(parts) >= 2 and ("://" in address or address.startswith("www.")) else None
            if len(parts) < 2 or not parts[-1] or not parts[0]:
                self.problem("organisations", "organisation", entry, number)
                continue
            role = roles.get(fold(parts[-1]))
            if role is None:
                listed = ", ".join(t.label[self.lang] for t in self.vocab.organisation_roles.values())
                self.problem("organisations", "role", parts[-1], number, roles=listed)
            organisation: dict[str, Any] = {"name": " | ".join(parts[:-1]), "role": role}
            if url:
                organisation["url"] = self.url("organisations", url, number)
            result.append(organisation)
        return result

    def indicators(self, text: str) -> list[dict[str, Any]]:
        """Each indicator with `label` and `unit` as plain text in the form's language."""
        result = []
        words = {word: kind for kind, names in KINDS.items() for word in names.values()}
        for number, entry in enumerate(lines(text), 1):
            parts = [part.strip() for part in entry.split("|")]
            extra: dict[str, Any] = {}  # `kind` and `source`, written last on the line
            while len(parts) > 2 and (parts[-1].lower() in words or parts[-1].startswith(("http://", "https://"))):
                last = parts.pop()
                extra.setdefault("source" if last.startswith("http") else "kind", words.get(last.lower(), last))
            if len(parts) < 2 or len(parts) > 4 or not parts[1]:
                self.problem("indicators", "indicator", entry, number)
                continue
            rest = parts[2:]
            unit, year = (rest + ["", ""])[:2] if len(rest) != 1 else ("", rest[0]) if _YEAR.match(rest[0]) else (rest[0], "")
            indicator: dict[str, Any] = {"label": one_line(parts[1])}
            span = _RANGE.match(parts[0].replace("\u2212", "-"))
            if span:
                indicator["value"] = self.number("indicators", span.group(1), number)
                if span.group(2):
                    indicator["value_max"] = self.number("indicators", span.group(2), number)
            else:
                indicator["value"] = self.number("indicators", parts[0], number)
            if unit:
                indicator["unit"] = one_line(unit)
            if year:
                if _YEAR.match(year):
                    indicator["year"] = int(year)
                else:
                    self.problem("indicators", "year", year, number)
            result.append({**indicator, **dict(sorted(extra.items()))})
        return result

    def sources(self, text: str) -> list[dict[str, Any]]:
        result = []
        for number, entry in enumerate(lines(text), 1):
            title, bar, address = entry.rpartition("|")
            language = None
            if bar and _LANG.match(address.strip()) and "|" in title:  # Title | https://… | de
                language = address.strip()
                title, bar, address = title.rpartition("|")
            if not bar or not title.strip():
                self.problem("sources", "source", entry, number)
                continue
            source = {"title": one_line(title), "url": self.url("sources", address, number)}
            result.append({**source, "lang": language} if language else source)
        return result

    def cost(self, text: str) -> dict[str, Any]:
        value = one_line(text)
        if not value:
            return {}
        match = _COST.match(value)
        per = match.group(3) if match else None
        if not match or (per and fold(per) not in {fold(word) for word in PER_YEAR.values()}):
            self.problem("cost", "cost", value)
            return {}
        cost: dict[str, Any] = {"amount": self.number("cost", match.group(1)), "currency": match.group(2).upper()}
        if per:
            cost["per"] = "year"
        return cost

    def contact(self, text: str) -> dict[str, str]:
        contact: dict[str, str] = {}
        for part in (p.strip() for p in one_line(text).split("|")):
            if not part:
                continue
            key = "url" if "://" in part else "email" if "@" in part else "name"
            value = part.removeprefix("mailto:") if key == "email" else part
            if key in contact or (key == "email" and not _EMAIL.match(value)):
                self.problem("contact", "contact", one_line(text))
                return {}
            if key == "url" and self.url("contact", value) is None:
                return {}
            contact[key] = value
        return contact

    def tags(self, text: str) -> list[str]:
        result: list[str] = []
        for tag in (one_line(t) for t in text.split(",")):
            if not tag:
                continue
            if not _TAG.match(tag) or len(tag) > 40:
                self.problem("tags", "tag", tag)
            elif tag not in result:
                result.append(tag)
        return result


# --- writing answers back -----------------------------------------------------------------------

def write_number(value: Any, lang: str) -> str:
    text = str(value) if isinstance(value, int) else format(value, "f").rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "ro" else text


def write_choices(item: FormField, ids: list[str], lang: str) -> str:
    return ", ".join(item.options[lang][item.values.index(term)] for term in ids)


def write_organisations(organisations: list[dict[str, Any]], vocab: Vocabularies, lang: str) -> str:
    return "\n".join(" | ".join([o["name"], vocab.organisation_roles[o["role"]].label[lang],
                                 *([o["url"]] if o.get("url") else [])]) for o in organisations)


def write_indicators(indicators: list[dict[str, Any]], lang: str) -> str:
    """`label` and `unit` of each indicator are plain texts in `lang` here."""
    result = []
    for item in indicators:
        value = write_number(item["value"], lang)
        if item.get("value_max") is not None:
            value += "–" + write_number(item["value_max"], lang)
        parts = [value, item["label"]]
        if item.get("unit") or item.get("year") is not None:
            parts.append(item.get("unit") or "")
        if item.get("year") is not None:
            parts.append(str(item["year"]))
        if item.get("kind") or item.get("source"):
            parts += ([""] * (4 - len(parts)))  # unit and year keep their places before them
            parts += [KINDS[item["kind"]][lang]] if item.get("kind") else []
            parts += [item["source"]] if item.get("source") else []
        result.append(" | ".join(parts).replace(" |  | ", " | | "))
    return "\n".join(result)


def write_sources(sources: list[dict[str, Any]]) -> str:
    return "\n".join(f"{s['title']} | {s['url']}" + (f" | {s['lang']}" if s.get("lang") else "") for s in sources)


def write_cost(resources: dict[str, Any], lang: str) -> str:
    if resources.get("amount") is None:
        return ""
    text = f"{write_number(resources['amount'], lang)} {resources['currency']}"
    return text + f" / {PER_YEAR[lang]}" if resources.get("per") == "year" else text


def write_contact(contact: dict[str, str]) -> str:
    return " | ".join(contact[key] for key in ("name", "email", "url") if contact.get(key))


def write_date(value: Any, lang: str) -> str:
    return "" if value is None else ONGOING[lang] if value == "ongoing" else str(value)
