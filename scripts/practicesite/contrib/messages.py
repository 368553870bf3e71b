"""What a proposal's problems say, in the language of the form the partner filled in.

Each problem names the form field by its label (a partner never saw practice.yaml), says what is
wrong and how to fix it: `Organizații, rândul 2: rol necunoscut („Partner”). Folosiți unul dintre: …`.
"""

from __future__ import annotations

from practicesite.model import Problem

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    # key: {lang: (message, hint)}
    "required": {"ro": ("nu are răspuns, dar este obligatoriu", "Completați-l (vedeți descrierea câmpului în formular)"),
                 "en": ("has no answer, but it is required", "Fill it in (see the field's description in the form)")},
    "absent": {"ro": ("lipsește din issue", "Deschideți o propunere nouă cu formularul actual și copiați textul în ea"),
               "en": ("is missing from the issue", "Open a new proposal with the current form and copy the text into it")},
    "not_a_form": {"ro": ("issue-ul nu este un formular de propunere completat", "Folosiți formularul „Propune o bună practică”"),
                   "en": ("the issue is not a filled-in proposal form", "Use the “Propose a good practice” form")},
    "too_large": {"ro": ("issue-ul este prea mare (peste {limit} de octeți)", "Scurtați textele"),
                  "en": ("the issue is too large (over {limit} bytes)", "Shorten the texts")},
    "nul": {"ro": ("conține un caracter NUL", "Ștergeți-l; copiați textul din nou ca text simplu"),
            "en": ("contains a NUL character", "Remove it; paste the text again as plain text")},
    "unknown_choice": {"ro": ("alegere necunoscută", "Alegeți din lista formularului"),
                       "en": ("unknown choice", "Choose from the form's list")},
    "one_choice": {"ro": ("se poate alege o singură variantă", "Păstrați una singură"),
                   "en": ("only one choice is possible", "Keep one of them")},
    "too_long": {"ro": ("este prea lung ({length} caractere, cel mult {limit})", "Scurtați textul"),
                 "en": ("is too long ({length} characters, at most {limit})", "Shorten the text")},
    "date": {"ro": ("nu este un an sau o dată", "Scrieți un an (2016) sau o dată (2016-09-01)"),
             "en": ("is not a year or a date", "Write a year (2016) or a date (2016-09-01)")},
    "end": {"ro": ("nu este un an, o dată sau „în desfășurare”", "Scrieți un an (2022), o dată (2022-07-31) sau „în desfășurare”"),
            "en": ("is not a year, a date or “ongoing”", "Write a year (2022), a date (2022-07-31) or “ongoing”")},
    "no_period": {"ro": ("nici începutul, nici sfârșitul nu sunt date", "Scrieți cel puțin anul în care a început practica"),
                  "en": ("neither the start nor the end is given", "Write at least the year the practice started")},
    "organisation": {"ro": ("rândul trebuie să fie Nume | rol | https://adresa", "De exemplu: Primăria Rijeka | Coordonator | https://www.rijeka.hr/"),
                     "en": ("the line must be Name | role | https://address", "For example: City of Rijeka | Lead organisation | https://www.rijeka.hr/")},
    "role": {"ro": ("rol necunoscut", "Folosiți unul dintre: {roles}"),
             "en": ("unknown role", "Use one of: {roles}")},
    "url": {"ro": ("nu este o adresă web", "Scrieți adresa întreagă, care începe cu https://"),
            "en": ("is not a web address", "Write the full address, starting with https://")},
    "indicator": {"ro": ("rândul trebuie să fie valoare | ce se măsoară | unitate | an", "De exemplu: 560 | copii care au participat | copii | 2021"),
                  "en": ("the line must be value | what is measured | unit | year", "For example: 560 | children who took part | children | 2021")},
    "number": {"ro": ("nu este un număr", "Scrieți un număr simplu, ca 560 sau 5,4, sau un interval, ca 12–14"),
               "en": ("is not a number", "Write a plain number, such as 560 or 5.4, or a range, such as 12–14")},
    "thousands": {"ro": ("nu se știe dacă este un număr cu separator de mii sau cu zecimale", "Scrieți numărul fără separator de mii ({plain}) sau cu cel mult două zecimale"),
                  "en": ("could be a number with a thousands separator or with decimals", "Write the number without a thousands separator ({plain}) or with at most two decimals")},
    "year": {"ro": ("nu este un an", "Scrieți anul cu patru cifre, de exemplu 2021"),
             "en": ("is not a year", "Write the year with four digits, for example 2021")},
    "source": {"ro": ("rândul trebuie să fie Titlu | https://adresa", "De exemplu: Raportul final | https://example.org/raport.pdf"),
               "en": ("the line must be Title | https://address", "For example: Final report | https://example.org/report.pdf")},
    "cost": {"ro": ("trebuie să fie o sumă și o monedă", "De exemplu: 8000 EUR, sau 8000 EUR / an pentru un cost anual"),
             "en": ("must be an amount and a currency", "For example: 8000 EUR, or 8000 EUR / year for an annual cost")},
    "contact": {"ro": ("nu se înțelege", "Scrieți nume | e-mail | https://pagina-de-contact, oricare dintre ele"),
                "en": ("cannot be understood", "Write name | email | https://contact-page, any of them")},
    "tag": {"ro": ("cuvânt-cheie nepermis", "Folosiți litere, cifre, spații și cratime, cel mult 40 de caractere"),
            "en": ("keyword not allowed", "Use letters, digits, spaces and hyphens, at most 40 characters")},
    "slug": {"ro": ("nu are forma potrivită", "Scrieți cuvinte cu litere mici, fără diacritice, legate prin cratimă, de exemplu timisoara-faber"),
             "en": ("does not have the right form", "Write lower-case words joined by hyphens, for example timisoara-faber")},
    "exists": {"ro": ("există deja o practică cu această adresă (practices/{slug})", "Alegeți altă adresă a paginii sau un alt titlu"),
               "en": ("a practice with this address exists already (practices/{slug})", "Choose another page address or another title")},
    "not_found": {"ro": ("nu există o practică cu această adresă (practices/{slug})", "Verificați adresa paginii"),
                  "en": ("there is no practice with this address (practices/{slug})", "Check the page address")},
    "heading": {"ro": ("titlurile # și ## nu sunt permise într-o secțiune", "Pentru un subtitlu folosiți ###"),
                "en": ("headings # and ## are not allowed in a section", "For a sub-heading use ###")},
    "consent": {"ro": ("ambele căsuțe trebuie bifate", "Bifați-le, după ce ați verificat că sunt adevărate"),
                "en": ("both boxes must be ticked", "Tick them, once you have checked that they hold")},
    "line": {"ro": ("{where}, rândul {line}", ""), "en": ("{where}, line {line}", "")},
    # problems found by the project's validation, after the practice folder was made
    "script": {"ro": ("elementele <{tag}> nu sunt permise", "Ștergeți-l: pe acest site nu rulează cod. Puneți în loc un link către pagină"),
               "en": ("<{tag}> elements are not allowed", "Remove it: no code runs on this site. Link to the page instead")},
    "event": {"ro": ("atributul „{name}” nu este permis", "Ștergeți-l: pe acest site nu rulează cod"),
              "en": ("the attribute '{name}' is not allowed", "Remove it: no code runs on this site")},
    "script_url": {"ro": ("adresele care rulează cod nu sunt permise", "Folosiți o adresă https://"),
                   "en": ("addresses that run code are not allowed", "Use an https:// address")},
    "scheme": {"ro": ("adresele „{scheme}:” nu sunt permise", "Folosiți o adresă https:// (sau mailto: pentru e-mail)"),
               "en": ("'{scheme}:' addresses are not allowed", "Use an https:// address (or mailto: for email)")},
    "image": {"ro": ("imaginile nu pot fi adăugate prin formular", "Ștergeți imaginea; echipa o poate adăuga după ce o trimiteți într-un comentariu"),
              "en": ("images cannot be added through the form", "Remove the image; the team can add it once you send it in a comment")},
    "outside": {"ro": ("linkul nu duce nici pe web, nici la o altă practică", "Scrieți o adresă https:// sau ../adresa-practicii/"),
                "en": ("the link leads neither to the web nor to another practice", "Write an https:// address or ../practice-address/")},
    "no_practice": {"ro": ("linkul duce la o practică inexistentă", "Verificați adresa practicii"),
                    "en": ("the link leads to a practice that does not exist", "Check the practice's address")},
    "cedilla": {"ro": ("„{char}” (cu sedilă) nu este o literă românească", "Scrieți „{right}” (cu virgulă dedesubt)"),
                "en": ("'{char}' (with a cedilla) is not a Romanian letter", "Write '{right}' (with a comma below)")},
    "duplicate_title": {"ro": ("o altă practică are deja acest titlu", "Alegeți un titlu care o deosebește"),
                        "en": ("another practice has this title already", "Choose a title that sets it apart")},
}


def say(lang: str, key: str, **values: object) -> tuple[str, str]:
    """(message, hint) in `lang`."""
    message, hint = MESSAGES[key][lang]
    return message.format(**values), hint.format(**values)


def form_problem(lang: str, where: str, key: str, value: str | None = None, line: int | None = None,
                 **values: object) -> Problem:
    """A problem of one form field (`where` is its label), with the line of a list field."""
    if line is not None:
        where = say(lang, "line", where=where, line=line)[0]
    message, hint = say(lang, key, **values)
    return Problem(where, message=message, value=value, hint=hint)
