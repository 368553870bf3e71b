"""The fields of the issue forms, in both languages, made from the vocabularies and the schema.

One list of fields serves three purposes: writing the forms (issueforms.py), reading an issue
body as GitHub renders a filled-in form, and writing a practice back as such a body
(issuebody.py, fromissue.py). Dropdown options are vocabulary labels in the form's language;
whether a field is required, whether a dropdown takes several choices and the length limits come
from the practice schema, so the forms cannot drift from what `validate` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from practicesite import LANGUAGES
from practicesite.contrib.scaffold import SECTIONS, choices
from practicesite.load.vocab import Vocabularies
from practicesite.render.editlinks import PAGE_FIELD, PROBLEM_LABEL, PROPOSAL_LABEL, form_file

Text = dict[str, str]
"""One text per language."""

SECTION_IDS = ("what_was_done", "who_did_it", "resources", "evidence_of_success", "difficulties", "potential")
"""Form field ids of the six case-study sections, in the order of practices/FORMAT.md."""
KINDS: dict[str, Text] = {"outcome": {"ro": "rezultat", "en": "outcome"}, "activity": {"ro": "activitate", "en": "activity"}}
"""The words for an indicator's `kind` at the end of its line in a form."""
ONGOING: Text = {"ro": "în desfășurare", "en": "ongoing"}
PER_YEAR: Text = {"ro": "an", "en": "year"}


def _t(ro: str, en: str) -> Text:
    return {"ro": ro, "en": en}


@dataclass(frozen=True)
class FormField:
    """One element of a form. Dropdown options are the labels shown, per language, in the order
    of `values` (vocabulary ids); checkbox options are texts, all to be ticked."""

    id: str
    kind: str  # input, textarea, dropdown or checkboxes
    label: Text
    description: Text
    required: bool = False
    multiple: bool = False
    values: tuple[str, ...] = ()
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    placeholder: Text | None = None


@dataclass(frozen=True)
class Form:
    """One issue form in one language."""

    kind: str  # "proposal" or "problem"
    lang: str
    file: str
    name: str
    description: str
    title: str
    labels: tuple[str, ...]
    intro: str
    fields: tuple[FormField, ...]

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)


def _dropdown(vocab: Vocabularies, schema: dict[str, Any], name: str, kind: str, label: Text,
              description: Text) -> FormField:
    """The options are the labels `new` offers too (cities as 'Name (year)')."""
    options = {lang: tuple(text for _, text in choices(vocab, kind, lang)) for lang in LANGUAGES}
    return FormField(name, "dropdown", label, description, required=name in schema["required"],
                     multiple=schema["properties"][name].get("type") == "array",
                     values=tuple(vocab.kind(kind)), options=options)


def _limit(schema: dict[str, Any], name: str, lang: str) -> int:
    return int(schema["properties"][name]["properties"][lang]["maxLength"])


def proposal_fields(vocab: Vocabularies, schema: dict[str, Any]) -> tuple[FormField, ...]:
    """The fields of the proposal form, in the order the form shows them."""
    required = set(schema["required"])
    roles = {lang: ", ".join(t.label[lang] for t in vocab.organisation_roles.values()) for lang in LANGUAGES}
    title_max = {lang: _limit(schema, "title", lang) for lang in LANGUAGES}
    summary_max = {lang: _limit(schema, "summary", lang) for lang in LANGUAGES}
    markdown = _t(" Puteți folosi Markdown: paragrafe, liste cu „- ”, linkuri [text](https://…).",
                  " Markdown is welcome: paragraphs, lists with “- ”, links [text](https://…).")
    sections = tuple(
        FormField(SECTION_IDS[i], "textarea", {lang: SECTIONS[lang][i][0] for lang in LANGUAGES},
                  {lang: SECTIONS[lang][i][1][:1].upper() + SECTIONS[lang][i][1][1:] + markdown[lang] for lang in LANGUAGES},
                  required=True)
        for i in range(len(SECTION_IDS)))
    return (
        FormField("title", "input", _t("Titlul practicii", "Title of the practice"),
                  _t(f"Un titlu scurt și clar, de cel mult {title_max['ro']} de caractere.",
                     f"A short, clear title, at most {title_max['en']} characters."),
                  required="title" in required,
                  placeholder=_t("RInovatoRI: competențe antreprenoriale pentru copii",
                                 "RInovatoRI: entrepreneurial skills for children")),
        _dropdown(vocab, schema, "city", "cities", _t("Orașul (Capitală Europeană a Culturii)",
                                                      "City (European Capital of Culture)"),
                  _t("Orașul care a purtat sau va purta titlul și în care are loc practica.",
                     "The city that held or will hold the title, where the practice takes place.")),
        _dropdown(vocab, schema, "type", "practice_types", _t("Tipul practicii", "Type of practice"),
                  _t("Alegeți varianta cea mai apropiată.", "Choose the closest one.")),
        _dropdown(vocab, schema, "evidence", "evidence_levels", _t("Nivelul dovezilor", "Evidence level"),
                  {lang: " ".join(f"{t.label[lang]}: {(t.description or {}).get(lang, '')}"
                                  for t in vocab.evidence_levels.values()) for lang in LANGUAGES}),
        _dropdown(vocab, schema, "themes", "themes", _t("Teme", "Themes"),
                  _t("Puteți alege mai multe.", "You can choose several.")),
        _dropdown(vocab, schema, "target_groups", "target_groups", _t("Grupuri țintă", "Target groups"),
                  _t("Cui se adresează practica; puteți alege mai multe.",
                     "Who the practice is for; you can choose several.")),
        FormField("summary", "textarea", _t("Rezumat", "Summary"),
                  _t(f"1–3 propoziții despre ce este practica, cel mult {summary_max['ro']} de caractere.",
                     f"1–3 sentences on what the practice is, at most {summary_max['en']} characters."),
                  required="summary" in required),
        FormField("period_start", "input", _t("Început", "Start"),
                  _t("Un an (2016) sau o dată (2016-09-01). Lăsați gol dacă sursele nu spun.",
                     "A year (2016) or a date (2016-09-01). Leave it empty if the sources do not say."),
                  placeholder=_t("2016", "2016")),
        FormField("period_end", "input", _t("Sfârșit", "End"),
                  _t(f"Un an, o dată sau „{ONGOING['ro']}”. Lăsați gol dacă sursele nu spun.",
                     f"A year, a date, or “{ONGOING['en']}”. Leave it empty if the sources do not say."),
                  placeholder=ONGOING),
        *sections,
        FormField("organisations", "textarea", _t("Organizații", "Organisations"),
                  _t(f"Câte una pe rând: Nume | rol | https://adresa-site-ului (adresa e opțională). Rolul este unul "
                     f"dintre: {roles['ro']}.\nExemplu: Primăria Municipiului Timișoara | Coordonator | https://www.primariatm.ro/",
                     f"One per line: Name | role | https://website (the address is optional). The role is one of: "
                     f"{roles['en']}.\nExample: City of Rijeka | Lead organisation | https://www.rijeka.hr/"),
                  required="organisations" in required),
        FormField("indicators", "textarea", _t("Dovezi de succes în cifre", "Evidence of success in numbers"),
                  _t("Cel puțin un rezultat cu o cifră, câte unul pe rând: valoare | ce se măsoară | unitate | an "
                     "(unitatea și anul sunt opționale; un interval se scrie 12–14). Scrieți numerele fără separator "
                     "de mii. La un rezultat măsurat de o evaluare sau de un raport oficial adăugați | rezultat | "
                     "https://adresa-sursei (una dintre surse).\nExemplu: 560 | copii care au participat | copii | 2021",
                     "At least one result with a number, one per line: value | what is measured | unit | year "
                     "(unit and year are optional; write a range as 12–14). Write numbers without thousands "
                     "separators. For a result measured by an evaluation or official report add | outcome | "
                     "https://source-address (one of the sources).\nExample: 560 | children who took part | children | 2021"),
                  required="indicators" in required),
        FormField("transfer", "textarea", _t("Potențial de transfer, pe scurt", "Potential for transfer, in brief"),
                  _t("1–3 propoziții: de ce ar avea nevoie un alt oraș pentru a prelua practica.",
                     "1–3 sentences: what another city would need to take the practice up."),
                  required="transfer" in required),
        FormField("lessons", "textarea", _t("Dificultăți și lecții, pe scurt", "Difficulties and lessons, in brief"),
                  _t("1–3 propoziții: ce nu a mers și ce ați învățat.",
                     "1–3 sentences: what did not work and what was learned."),
                  required="lessons" in required),
        FormField("cost", "input", _t("Cost", "Cost"),
                  _t(f"Suma și moneda (cod ISO 4217), fără separator de mii: 8000 EUR; pentru un cost anual: "
                     f"8000 EUR / {PER_YEAR['ro']}. Lăsați gol dacă sursele nu spun.",
                     f"Amount and currency (ISO 4217 code), without thousands separators: 8000 EUR; for an annual "
                     f"cost: 8000 EUR / {PER_YEAR['en']}. Leave it empty if the sources do not say.")),
        FormField("funding_sources", "textarea", _t("Surse de finanțare", "Funding sources"),
                  _t("Câte una pe rând, pe scurt.\nExemplu: Bugetul municipiului",
                     "One per line, briefly.\nExample: City budget")),
        FormField("resources_note", "textarea", _t("Notă despre resurse", "Note on the resources"),
                  _t("Ce trebuie știut despre sume, de exemplu dacă sunt planificate sau cheltuite.",
                     "What to know about the amounts, for example whether they were planned or spent.")),
        FormField("sources", "textarea", _t("Surse", "Sources"),
                  _t("Documentele din care provin faptele, câte unul pe rând: Titlu | https://adresa (și, dacă titlul "
                     "nu e în română, limba lui: | en, | nl…)\n"
                     "Exemplu: Raportul final Timișoara 2023 | https://example.org/raport.pdf",
                     "The documents the facts come from, one per line: Title | https://address (and, when the "
                     "title is not in English, its language: | ro, | nl…)\n"
                     "Example: Timișoara 2023 final report | https://example.org/report.pdf"),
                  required=True),
        FormField("contact", "input", _t("Contact public", "Public contact"),
                  _t("Nume | e-mail | https://pagina-de-contact (oricare dintre ele).",
                     "Name | email | https://contact-page (any of them).")),
        FormField("tags", "input", _t("Cuvinte-cheie", "Keywords"),
                  _t("Separate prin virgulă, cu litere mici.\nExemplu: coworking, patrimoniu industrial",
                     "Separated by commas, in lower case.\nExample: coworking, industrial heritage")),
        FormField("slug", "input", _t("Adresa paginii", "Page address"),
                  _t("Cuvinte cu litere mici, fără diacritice, legate prin cratimă, de exemplu timisoara-faber. "
                     "Lăsat gol, se formează din oraș și titlu.",
                     "Lower-case words joined by hyphens, for example timisoara-faber. Left empty, it is made "
                     "from the city and the title.")),
        FormField("consent", "checkboxes", _t("Confirmări", "Confirmation"),
                  _t("Ambele sunt necesare.", "Both are needed."), required=True,
                  values=("sourced", "licence"),
                  options={"ro": ("Fiecare cifră și afirmație provine din sursele enumerate mai sus.",
                                  "Sunt de acord ca textul să fie publicat pe site sub licența de conținut a site-ului, "
                                  "CC BY 4.0 (Creative Commons Atribuire 4.0 Internațional)."),
                           "en": ("Every number and claim comes from the sources listed above.",
                                  "I agree that the text may be published on the site under the site's content licence, "
                                  "CC BY 4.0 (Creative Commons Attribution 4.0 International).")}),
    )


_PROPOSAL_INTRO = _t(
    "Mulțumim că propuneți o bună practică! Completați formularul **în limba română**; textul în engleză "
    "îl poate adăuga apoi un traducător. Fiecare cifră și fiecare afirmație trebuie să provină din sursele "
    "pe care le enumerați; lăsați un câmp gol mai degrabă decât să ghiciți.\n\n"
    "După ce trimiteți formularul, un robot verifică propunerea și răspunde într-un comentariu. Dacă ceva "
    "trebuie corectat, editați issue-ul (meniul ··· → Edit): verificarea se reia. Când totul este în regulă, "
    "robotul deschide un pull request, pe care echipa îl revizuiește înainte de publicare.",
    "Thank you for proposing a good practice! Fill in the form **in English**; a translator can add the "
    "Romanian text later. Every number and claim must come from the sources you list; leave a field empty "
    "rather than guess.\n\n"
    "When you submit the form, a bot checks the proposal and answers in a comment. If something needs "
    "fixing, edit the issue (··· menu → Edit): the check runs again. When everything is in order, the bot "
    "opens a pull request, which the team reviews before publishing.")

_PROBLEM_FIELDS = (
    FormField(PAGE_FIELD, "input", _t("Adresa paginii", "Page address"),
              _t("Se completează singură când veniți de pe pagină prin linkul „Raportează o problemă”.",
                 "Filled in for you when you come from the page's “Report a problem” link."),
              required=True, placeholder=_t("https://…", "https://…")),
    FormField("problem", "textarea", _t("Ce nu este în regulă?", "What is wrong?"),
              _t("O greșeală, o informație depășită, un link care nu merge… Dacă știți, spuneți și care este "
                 "informația corectă și de unde provine.",
                 "A mistake, outdated information, a link that does not work… If you know, say what the "
                 "correct information is and where it comes from."),
              required=True),
)


def forms(vocab: Vocabularies, schema: dict[str, Any]) -> list[Form]:
    """Every issue form: the proposal and the problem report, one of each per language."""
    kinds = (  # kind, name, description, title, label, intro, fields
        ("proposal", _t("Propune o bună practică", "Propose a good practice"),
         _t("Propuneți un studiu de caz pentru site, completând un formular în limba română.",
            "Propose a case study for the site by filling in a form in English."),
         _t("[Propunere] ", "[Proposal] "), PROPOSAL_LABEL, _PROPOSAL_INTRO, proposal_fields(vocab, schema)),
        ("problem", _t("Raportează o problemă", "Report a problem on a page"),
         _t("O greșeală sau o problemă pe o pagină a site-ului.", "A mistake or a problem on a page of the site."),
         _t("[Problemă] ", "[Problem] "), PROBLEM_LABEL,
         _t("Mulțumim! Spuneți-ne ce ați găsit; echipa vă răspunde aici.",
            "Thank you! Tell us what you found; the team answers here."), _PROBLEM_FIELDS))
    return [Form(kind, lang, form_file(kind, lang), name[lang], description[lang], title[lang], (label,), intro[lang],
                 fields) for kind, name, description, title, label, intro, fields in kinds for lang in LANGUAGES]
