"""Validation: one broken practice per error kind, each reported with its exact message and place."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from helpers import write_practice
from practicesite.check.practice import REQUIRED_EXAMPLES
from practicesite.check.project import validate_project
from practicesite.check.schema import practice_schema
from practicesite.cli import main
from practicesite.load.vocab import load_vocabularies
from practicesite.model import Problem, Project, Severity

FIXTURES = Path(__file__).parent / "fixtures"
SLUG = "matera-test-lab"
YAML_FILE = f"practices/{SLUG}/practice.yaml"
RO_FILE = f"practices/{SLUG}/ro.md"
EN_FILE = f"practices/{SLUG}/en.md"

# A valid practice.yaml whose line numbers the tests below rely on.
VALID = (FIXTURES / "valid.practice.yaml").read_text(encoding="utf-8")


def edited(old: str, new: str, text: str = VALID) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def messages(project: Project) -> list[str]:
    return [problem.format() for problem in validate_project(project).problems]


def check(project: Project, yaml_text: str, **kwargs: str | None) -> list[str]:
    write_practice(project, SLUG, yaml_text=yaml_text, **kwargs)  # type: ignore[arg-type]
    return messages(project)


def test_the_template_is_valid(project: Project) -> None:
    assert check(project, VALID) == []


def test_problem_format() -> None:
    problem = Problem("practices/x/practice.yaml", 12, 3, "themes[1]", "unknown theme", "'turism'",
                      "Did you mean 'tourism'?")
    assert problem.format() == "practices/x/practice.yaml:12:3: themes[1]: unknown theme ('turism'). Did you mean 'tourism'?"
    warning = Problem("practices/x/en.md", message="the en case study is missing", severity=Severity.WARNING)
    assert warning.format() == "practices/x/en.md: warning: the en case study is missing"


# --- YAML itself ---------------------------------------------------------------------------------

def test_yaml_syntax_error_points_at_the_line(project: Project) -> None:
    assert check(project, edited("  ro: Rezumatul practicii matera test lab.", "  ro: Rezumat: practica matera")) == [
        f"{YAML_FILE}:6:14: YAML syntax error: mapping values are not allowed here. "
        "Put text that contains ': ' between double quotes"]


def test_yaml_unclosed_bracket(project: Project) -> None:
    assert check(project, edited("themes:\n- creative-industries\n- entrepreneurship\n",
                                 "themes: [creative-industries, entrepreneurship\n")) == [
        f"{YAML_FILE}:11:9: YAML syntax error: the '[' list is not closed (expected ',' or ']', but got ':'). "
        "End the list with ']' on the same line, or write one '- item' per line"]


def test_yaml_unclosed_quote(project: Project) -> None:
    assert check(project, edited("city: matera", 'city: "matera')) == [
        f"{YAML_FILE}:8:7: YAML syntax error: the quoted text is not closed (found unexpected end of stream). "
        "Add the closing quote; write a quote inside the text as \\\" or ''"]


QUOTE_HINT = "Add the closing quote; write a quote inside the text as \\\" or ''"


def test_unclosed_double_quote_is_reported_where_it_opens(project: Project) -> None:
    """Issue 18, item 3: the quoted text runs on to the next quote, and the parser fails two lines
    further: before, "6:8: YAML syntax error: expected <block end>, but found '<scalar>'"."""
    text = edited("  ro: Rezumatul practicii matera test lab.", '  ro: "Rezumatul practicii matera test lab."')
    assert check(project, edited("  en: Practice matera test lab", '  en: "Practice matera test lab', text)) == [
        f"{YAML_FILE}:4:7: YAML syntax error: the quoted text is not closed (expected <block end>, but found "
        f"'<scalar>'). {QUOTE_HINT}"]


def test_unclosed_double_quote_in_a_list_entry(project: Project) -> None:
    text = edited("- name: Test Organisation", '- name: "Test Organisation',
                  edited("  url: https://lab.example.org/", '  url: "https://lab.example.org/"'))
    assert check(project, text) == [  # before: 20:9, after the next quote
        f"{YAML_FILE}:18:9: YAML syntax error: the quoted text is not closed (expected <block end>, but found "
        f"'<scalar>'). {QUOTE_HINT}"]


def test_a_quoted_text_over_several_lines_is_not_mistaken_for_an_unclosed_one(project: Project) -> None:
    text = edited("  en: Practice matera test lab", '  en: "Practice matera\n    test lab"', edited("city: matera", "city: [matera"))
    assert check(project, text) == [
        f"{YAML_FILE}:9:7: YAML syntax error: the '[' list is not closed (expected ',' or ']', but got ':'). "
        "End the list with ']' on the same line, or write one '- item' per line"]


def test_tab_indentation(project: Project) -> None:
    assert check(project, edited("  start: 2016", "\tstart: 2016")) == [
        f"{YAML_FILE}:22:1: YAML syntax error: found character '\\t' that cannot start any token. "
        "Indent with spaces, not tabs"]


def test_anchors_and_aliases_are_refused(project: Project) -> None:
    assert check(project, edited("  start: 2016\n  end: ongoing", "  start: &year 2016\n  end: *year")) == [
        f"{YAML_FILE}:22:10: YAML anchors and aliases (& and *) are not allowed. Write the value out in full"]


def test_alias_bomb_is_refused_without_expanding_it(project: Project) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    assert check(project, bomb) == [
        f"{YAML_FILE}:1:4: YAML anchors and aliases (& and *) are not allowed. Write the value out in full"]


def test_tags_are_refused(project: Project) -> None:
    assert check(project, edited("city: matera", "city: !!python/object:os.system matera")) == [
        f"{YAML_FILE}:8:7: YAML tags are not allowed (!!python/object:os.system). Remove the tag; write plain values"]


def test_several_documents_are_refused(project: Project) -> None:
    assert check(project, VALID + "---\nslug: other\n") == [
        f"{YAML_FILE}:1:1: expected exactly one YAML document (2 documents). "
        "Remove '---' separators; put all fields in one document"]


def test_practice_yaml_must_be_a_mapping(project: Project) -> None:
    assert check(project, "- slug\n- title\n") == [
        f"{YAML_FILE}:1:1: practice.yaml must be a mapping of fields (list). "
        "Start with 'slug: …', 'title: …' as in practices/FORMAT.md"]


def test_field_written_twice(project: Project) -> None:
    assert check(project, VALID + "city: rijeka\n") == [
        f"{YAML_FILE}:41:1: city: field appears twice. Keep one of the two entries"]


# --- fields ---------------------------------------------------------------------------------------

def test_missing_required_fields(project: Project) -> None:
    text = edited("city: matera\n", "", edited("  role: lead\n", ""))
    # A top-level field goes at the end of the file (39 lines are left), a field of a list entry on its first line.
    assert check(project, text) == [
        f"{YAML_FILE}:17:3: organisations[0].role: required field is missing. "
        "Add 'role: lead' (lead, partner, funder, operator, owner; see practices/FORMAT.md)",
        f"{YAML_FILE}:39:1: city: required field is missing. "
        "Add 'city: rijeka' (an id from vocabularies/cities.yaml; see practices/FORMAT.md)",
    ]


def test_a_missing_field_is_reported_where_it_goes_with_a_line_to_add(project: Project) -> None:
    """Issue 18, item 4: before, `practice.yaml:1:1` (the comment line) and "Add 'evidence:'", and the
    nested field at 42:7 (the value of `en:`)."""
    text = "# yaml-language-server: $schema=../../schema/practice.schema.json\n" + edited("evidence: promising\n", "")
    text += "translations:\n  en: {from: ro}\n# written by `practicesite status --record`\n"
    assert check(project, text) == [  # a nested field on the line of its group's key
        f"{YAML_FILE}:42:3: translations.en.source_hash: required field is missing. "
        "Add 'source_hash: …' (see practices/FORMAT.md)",
        f"{YAML_FILE}:43:1: evidence: required field is missing. Add 'evidence: promising' "
        "(an id from vocabularies/evidence_levels.yaml: proven, promising, emerging; see practices/FORMAT.md)",
    ]


def test_every_required_field_has_a_line_to_add_in_the_form_of_format_md() -> None:
    root = Path(__file__).resolve().parent.parent
    schema = practice_schema(load_vocabularies(root / "vocabularies"))
    assert set(REQUIRED_EXAMPLES) == set(schema["required"]) - {"slug"}
    format_md = (root / "practices" / "FORMAT.md").read_text(encoding="utf-8")
    example = yaml.safe_load(format_md.split("```yaml\n", 1)[1].split("```", 1)[0])
    for name, (line, _) in REQUIRED_EXAMPLES.items():
        value = yaml.safe_load(line)[name]
        assert type(value) is type(example[name]), name
        if isinstance(value, dict):
            assert set(value) <= set(example[name]), name
        elif isinstance(value, list) and isinstance(value[0], dict):
            assert set(value[0]) <= set(example[name][0]), name
        else:
            assert line in format_md, name


def test_missing_practice_yaml(project: Project) -> None:
    folder = write_practice(project, SLUG)
    (folder / "practice.yaml").unlink()
    assert messages(project) == [
        f"{YAML_FILE}: practice.yaml is missing. Every practice folder needs one; "
        "copy the example in practices/FORMAT.md"]


def test_unknown_fields_get_did_you_mean(project: Project) -> None:
    text = edited("themes:", "themse:", edited("  end: ongoing", "  ends: ongoing"))
    assert check(project, text) == [
        f"{YAML_FILE}:11:1: themse: unknown field. Did you mean 'themes'?",
        f"{YAML_FILE}:23:3: period.ends: unknown field. Did you mean 'end'?",
        f"{YAML_FILE}:41:1: themes: required field is missing. "
        "Add 'themes: [youth, entrepreneurship]' (ids from vocabularies/themes.yaml; see practices/FORMAT.md)",
    ]


def test_unknown_field_without_a_close_match_lists_the_allowed_ones(project: Project) -> None:
    assert check(project, edited("  start: 2016", "  start: 2016\n  budget: 5")) == [
        f"{YAML_FILE}:23:3: period.budget: unknown field. Allowed fields here: start, end"]


def test_wrong_types(project: Project) -> None:
    text = edited("  amount: 118163", "  amount: 118.163,00",
                  edited("themes:\n- creative-industries\n- entrepreneurship\n", "themes: tourism\n",
                         edited("title:\n  ro: Practica matera test lab\n  en: Practice matera test lab\n",
                                "title: Practica matera\n")))
    assert check(project, text) == [
        f"{YAML_FILE}:2:8: title: expected a group of fields, got text ('Practica matera'). "
        "Write it as 'ro: …' and 'en: …' on indented lines",
        f"{YAML_FILE}:9:9: themes: expected a list, got text ('tourism'). "
        "A list of ids from vocabularies/themes.yaml, e.g. [a, b]",
        f"{YAML_FILE}:21:11: resources.amount: expected a number, got text ('118.163,00'). "
        "Write a plain number without separators, e.g. 118163",
    ]


def test_unknown_vocabulary_values_get_did_you_mean(project: Project) -> None:
    text = edited("- creative-industries\n- entrepreneurship\n",
                  "- turism\n- Cultural tourism\n- Finanțare\n- creative\n- sport\n",
                  edited("city: matera", "city: Timișoara", edited("type: creative-hub", "type: hub creativ")))
    assert check(project, text) == [
        f"{YAML_FILE}:8:7: city: not one of the European Capitals of Culture in vocabularies/cities.yaml "
        "('Timișoara'). Did you mean 'timisoara' (Timișoara 2023)?",
        f"{YAML_FILE}:9:7: type: unknown practice type ('hub creativ'). Did you mean 'creative-hub'?",
        f"{YAML_FILE}:12:3: themes[0]: unknown theme ('turism'). Did you mean 'tourism'?",
        f"{YAML_FILE}:13:3: themes[1]: unknown theme ('Cultural tourism'). Did you mean 'tourism'?",
        f"{YAML_FILE}:14:3: themes[2]: unknown theme ('Finanțare'). Did you mean 'funding'?",
        f"{YAML_FILE}:15:3: themes[3]: unknown theme ('creative'). Did you mean 'creative-industries'?",
        f"{YAML_FILE}:16:3: themes[4]: unknown theme ('sport'). Use one of: community, creative-industries, "
        "entrepreneurship, funding, heritage-reuse, legacy, networking, skills, tourism, urban-regeneration, "
        "workspaces, youth",
    ]


def test_city_names_in_either_language_are_recognised(project: Project) -> None:
    assert check(project, edited("city: matera", "city: Florența")) == [
        f"{YAML_FILE}:8:7: city: not one of the European Capitals of Culture in vocabularies/cities.yaml "
        "('Florența'). Did you mean 'florence' (Florence 1986)?"]


CITY = f"{YAML_FILE}:8:7: city: not one of the European Capitals of Culture in vocabularies/cities.yaml"


def test_a_city_that_never_held_the_title_gets_no_random_suggestion(project: Project) -> None:
    """Issue 18, item 5: before, "unknown city ('bucharest'). Did you mean 'bourges'?"."""
    assert check(project, edited("city: matera", "city: bucharest")) == [
        f"{CITY} ('bucharest'). Only a European Capital of Culture can be a practice's city, written as the id of "
        "its entry in that file; if the city held the title and has no entry, add one (id, name, country, year, "
        "lat, lon, partner, status) and run `practicesite schema` and `practicesite forms`"]


@pytest.mark.parametrize(("written", "suggestion"), [
    ("timisoara 2023", "'timisoara' (Timișoara 2023)"),
    ("Timișoara (2023)", "'timisoara' (Timișoara 2023)"),
    ("Novi Sad", "'novi-sad' (Novi Sad 2022)"),
    ("Esch", "'esch-sur-alzette' (Esch-sur-Alzette 2022)"),
    ("luxembourg 2007", "'luxembourg-2007' (Luxembourg 2007)"),
    ("Luxembourg", "'luxembourg-1995' (Luxembourg 1995) or 'luxembourg-2007' (Luxembourg 2007)"),  # before: 2007 only
    ("rjeka", "'rijeka' (Rijeka 2020)"),
])
def test_a_city_written_by_its_name_or_with_its_year_suggests_its_id(project: Project, written: str,
                                                                     suggestion: str) -> None:
    assert check(project, edited("city: matera", f"city: {written}")) == [
        f"{CITY} ({written!r}). Did you mean {suggestion}?"]


def test_end_before_start(project: Project) -> None:
    assert check(project, edited("  end: ongoing", "  end: 2015")) == [
        f"{YAML_FILE}:23:8: period.end: ends before it starts (start 2016, end 2015). "
        "Check the two dates; is one a typo?"]


def test_end_before_start_with_dates(project: Project) -> None:
    text = edited("  start: 2016\n  end: ongoing", "  start: 2016-05-10\n  end: 2016-05-01")
    assert check(project, text) == [
        f"{YAML_FILE}:23:8: period.end: ends before it starts (start 2016-05-10, end 2016-05-01). "
        "Check the two dates; is one a typo?"]


def test_dates_of_different_precision_do_not_conflict(project: Project) -> None:
    assert check(project, edited("  start: 2016\n  end: ongoing", "  start: 2016-05\n  end: 2016")) == []


@pytest.mark.parametrize(("old", "new"), [
    ("  start: 2016\n", '  start: "٢٠١٦-05"\n'),  # Arabic-Indic digits: Python's \\d matched them
    ("  start: 2016\n", '  start: "2016-05\\n"\n'),  # Python's $ matched before a final line break
    ("  currency: EUR\n", '  currency: "EUR\\n"\n'),
    ("  url: https://example.org/source\n", '  url: "https://example.org/source\\n"\n'),
])
def test_patterns_match_the_whole_value_in_ascii(project: Project, old: str, new: str) -> None:
    """The schema's patterns mean the same here and in editors (ECMAScript regular expressions)."""
    found = check(project, edited(old, new))
    assert len(found) == 1 and ": has the wrong form (" in found[0], found


def test_urls_in_practice_yaml_must_be_web_addresses(project: Project) -> None:
    text = edited("  url: https://example.org/source", "  url: ftp://example.org/source",
                  edited("  url: https://lab.example.org/", "  url: javascript:alert(1)"))
    text += "- title: Local copy\n  url: file:///etc/passwd\ncontact:\n  url: data:text/html,hello\n"
    hint = "Write a full web address starting with https://"
    assert check(project, text) == [
        f"{YAML_FILE}:20:8: organisations[0].url: only http and https addresses are allowed (javascript:alert(1)). {hint}",
        f"{YAML_FILE}:40:8: sources[0].url: only http and https addresses are allowed (ftp://example.org/source). {hint}",
        f"{YAML_FILE}:42:8: sources[1].url: only http and https addresses are allowed (file:///etc/passwd). {hint}",
        f"{YAML_FILE}:44:8: contact.url: only http and https addresses are allowed (data:text/html,hello). {hint}",
    ]


def test_url_without_scheme(project: Project) -> None:
    assert check(project, edited("  url: https://lab.example.org/\n", "  url: www.example.org\n")) == [
        f"{YAML_FILE}:20:8: organisations[0].url: only http and https addresses are allowed (www.example.org). "
        "Write a full web address starting with https://"]


# --- between practices -----------------------------------------------------------------------------

def test_folder_name_must_match_the_slug(project: Project) -> None:
    assert check(project, edited("slug: matera-test-lab", "slug: matera-test-lb")) == [
        f"{YAML_FILE}:1:7: slug: does not match the folder name (matera-test-lb). "
        "Write 'slug: matera-test-lab' or rename the folder to practices/matera-test-lb"]


def test_duplicate_slugs_and_titles(project: Project) -> None:
    write_practice(project, SLUG, yaml_text=VALID)
    other = edited("  en: Practice matera test lab", "  en: practice  Matera test lab",
                   edited("  ro: Practica matera test lab", "  ro: O altă practică"))
    write_practice(project, "rijeka-test-hub", yaml_text=other)
    other_file = "practices/rijeka-test-hub/practice.yaml"
    assert messages(project) == [
        f"{other_file}:1:7: slug: does not match the folder name (matera-test-lab). "
        "Write 'slug: rijeka-test-hub' or rename the folder to practices/matera-test-lab",
        f"{other_file}:1:7: slug: the same slug is used by another practice (matera-test-lab). "
        f"Already used in {YAML_FILE}; choose another",
        f"{other_file}:4:7: title.en: the same title is used by another practice (practice  Matera test lab). "
        f"Already used in {YAML_FILE}; make the title distinctive",
    ]


# --- files -----------------------------------------------------------------------------------------

def test_files_over_the_size_limit(project: Project) -> None:
    yaml_text = VALID + "# " + "x" * 70_000 + "\n"
    write_practice(project, SLUG, yaml_text=yaml_text, en_body="word " * 60_000)
    assert len(yaml_text.encode()) == 70_751
    assert messages(project) == [
        f"{EN_FILE}:1:1: file is too large (300,000 bytes, limit 262,144). "
        "Shorten the text or split it; move large data out of the practice",
        f"{YAML_FILE}:1:1: file is too large (70,751 bytes, limit 65,536). "
        "Shorten the text or split it; move large data out of the practice",
    ]


def test_file_that_is_not_utf8(project: Project) -> None:
    folder = write_practice(project, SLUG, yaml_text=VALID)
    shutil.copy(FIXTURES / "latin1.ro.md", folder / "ro.md")
    shutil.copy(FIXTURES / "utf16.practice.yaml", folder / "practice.yaml")
    utf8_hint = "Save the file with UTF-8 encoding (in most editors: Save as… → Encoding: UTF-8)"
    assert messages(project) == [
        f"{YAML_FILE}:1:1: file is UTF-16, not UTF-8 (b'\\xff\\xfes\\x00'). {utf8_hint}",
        f"{RO_FILE}:1:12: file is not valid UTF-8 (b'\\xe3cut'). {utf8_hint}",
    ]


def test_byte_order_mark_is_accepted(project: Project) -> None:
    folder = write_practice(project, SLUG, yaml_text=VALID)
    shutil.copy(FIXTURES / "bom.en.md", folder / "en.md")
    assert messages(project) == []


def test_nul_bytes(project: Project) -> None:
    folder = write_practice(project, SLUG, yaml_text=VALID, ro_body="## Ce s-a făcut\n\nText\x00 ascuns.\n")
    shutil.copy(FIXTURES / "nul.practice.yaml", folder / "practice.yaml")
    assert messages(project) == [
        f"{YAML_FILE}:3:15: file contains NUL bytes. Save the file as plain UTF-8 text",
        f"{RO_FILE}:3:5: file contains NUL bytes. Save the file as plain UTF-8 text",
    ]


def test_symlinked_file_and_folder(project: Project, tmp_path: Path) -> None:
    folder = write_practice(project, SLUG, yaml_text=VALID, ro_body=None)
    outside = tmp_path / "secret.md"
    outside.write_text("secret\n", encoding="utf-8")
    os.symlink(outside, folder / "ro.md")
    os.symlink(folder, project.practices_dir / "matera-test-link")
    assert messages(project) == [
        f"{RO_FILE}:1:1: symbolic links are not allowed. Replace the link with the file itself",
        "practices/matera-test-link: symbolic links are not allowed. Move the practice folder itself into practices/",
    ]


def test_symlinked_image(project: Project, tmp_path: Path) -> None:
    folder = write_practice(project, SLUG, yaml_text=VALID)
    (folder / "images").mkdir()
    os.symlink(tmp_path / "elsewhere.png", folder / "images" / "photo.png")
    assert messages(project) == [
        f"practices/{SLUG}/images/photo.png: symbolic links are not allowed. Replace the link with the image itself"]


# --- Markdown ---------------------------------------------------------------------------------------

REMOVE_HINT = "Remove it; embedded code cannot run on this site. Link to the page instead"


def test_raw_html_that_can_run_script(project: Project) -> None:
    folder = write_practice(project, SLUG, yaml_text=VALID)
    shutil.copy(FIXTURES / "script.en.md", folder / "en.md")
    assert messages(project) == [
        f"{EN_FILE}:3:24: raw <script> elements are not allowed (<script>). {REMOVE_HINT}",
        f"{EN_FILE}:5:1: raw <iframe> elements are not allowed (<iframe>). {REMOVE_HINT}",
        f"{EN_FILE}:7:34: event handler attribute 'onclick' is not allowed (onclick=track()). {REMOVE_HINT}",
        f"{EN_FILE}:8:17: link with a 'javascript:' address is not allowed (javascript:alert(1)). "
        "Use an https:// address or mailto:",
        f"{EN_FILE}:8:51: link with a 'file:' address is not allowed (file:///etc/passwd). "
        "Use an https:// address or mailto:",
        f"{EN_FILE}:10:8: script addresses are not allowed (vbscript:). {REMOVE_HINT}",
    ]


def test_script_addresses_in_every_form(project: Project) -> None:
    body = ("## Ce s-a făcut\n\n"
            "Un [link de referință][r] și <javascript:alert(2)> și [spațiu]( JavaScript:alert(3)).\n\n"
            "[r]: javascript:alert(1)\n\n"
            '<div>\n  <img src="images/a.png" onerror="alert(1)"><a href="javascript:void(0)">a</a>\n</div>\n\n'
            "![imagine](data:image/png;base64,AAAA) și [ftp](ftp://example.org/fișier).\n\n"
            "JavaScript: un limbaj; [o adresă](https://example.org/?javascript:x) rămâne validă.\n")
    write_practice(project, SLUG, yaml_text=VALID, ro_body=body)
    assert messages(project) == [
        f"{RO_FILE}:3:31: link with a 'javascript:' address is not allowed (javascript:alert(2)). "
        "Use an https:// address or mailto:",
        f"{RO_FILE}:3:65: link with a 'javascript:' address is not allowed (JavaScript:alert(3)). "
        "Use an https:// address or mailto:",
        f"{RO_FILE}:5:6: link with a 'javascript:' address is not allowed (javascript:alert(1)). "
        "Use an https:// address or mailto:",
        f"{RO_FILE}:8:13: link target does not exist (images/a.png). Add the file to practices/{SLUG}/images/",
        f"{RO_FILE}:8:27: event handler attribute 'onerror' is not allowed (onerror=alert(1)). {REMOVE_HINT}",
        f"{RO_FILE}:8:55: link with a 'javascript:' address is not allowed (javascript:void(0)). "
        "Use an https:// address or mailto:",
        f"{RO_FILE}:11:12: image with a 'data:' address is not allowed (data:image/png;base64,AAAA). "
        "Use an https:// address",
        f"{RO_FILE}:11:49: link with a 'ftp:' address is not allowed (ftp://example.org/fișier). "
        "Use an https:// address or mailto:",
    ]


OUTSIDE_HINT = "Link to another practice as ../slug/ and to an image as images/name.jpg"


def test_links_and_images_outside_the_practice_or_missing(project: Project) -> None:
    write_practice(project, "rijeka-test-hub", yaml_text=edited("slug: matera-test-lab", "slug: rijeka-test-hub",
                                                              edited("Practica matera", "Practica rijeka",
                                                                     edited("Practice matera", "Practice rijeka"))))
    body = ("## What was done\n\n"
            "See [the hub](../rijeka-test-hub/), [its text](../rijeka-test-hub/en.md), "
            "[a typo](../rijeka-test-hb/) and [the readme](../../README.md).\n"
            "Also [root](/etc/passwd), [host](//evil.example/x) and [back](..\\secret).\n\n"
            "![photo](images/fotoo.jpg) ![other](../rijeka-test-hub/images/a.jpg) ![ok](images/foto.jpg)\n"
            "[mail](mailto:office@example.org) [web](https://example.org/) [top](#what-was-done)\n")
    folder = write_practice(project, SLUG, yaml_text=VALID, en_body=body)
    (folder / "images").mkdir()
    (folder / "images" / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    assert messages(project) == [
        f"{EN_FILE}:3:84: link to a practice that does not exist (../rijeka-test-hb/). Did you mean 'rijeka-test-hub'?",
        f"{EN_FILE}:3:121: link points outside the practice folder (../../README.md). {OUTSIDE_HINT}",
        f"{EN_FILE}:4:13: link points outside the practice folder (/etc/passwd). {OUTSIDE_HINT}",
        f"{EN_FILE}:4:34: link points outside the practice folder (//evil.example/x). {OUTSIDE_HINT}",
        f"{EN_FILE}:4:63: link points outside the practice folder (..\\secret). {OUTSIDE_HINT}",
        f"{EN_FILE}:6:10: image target does not exist (images/fotoo.jpg). Did you mean 'foto.jpg'?",
        f"{EN_FILE}:6:37: image points outside the practice folder (../rijeka-test-hub/images/a.jpg). {OUTSIDE_HINT}",
    ]


def test_repeated_link_is_reported_at_each_place(project: Project) -> None:
    body = "## Ce\n\n[a](../nu-exista/) și [b](../nu-exista/)\nși [c](../nu-exista/).\n"
    write_practice(project, SLUG, yaml_text=VALID, ro_body=body)
    hint = "Check the folder name under practices/"
    assert messages(project) == [
        f"{RO_FILE}:3:5: link to a practice that does not exist (../nu-exista/). {hint}",
        f"{RO_FILE}:3:27: link to a practice that does not exist (../nu-exista/). {hint}",
        f"{RO_FILE}:4:8: link to a practice that does not exist (../nu-exista/). {hint}",
    ]


# --- warnings --------------------------------------------------------------------------------------

def test_missing_languages(project: Project) -> None:
    write_practice(project, SLUG, yaml_text=edited("  en: We learned a lot.\n", ""), en_body=None)
    write_practice(project, "rijeka-test-hub", yaml_text=edited("slug: matera-test-lab", "slug: rijeka-test-hub",
                                                              edited("Practica matera", "Practica rijeka",
                                                                     edited("Practice matera", "Practice rijeka"))),
                   ro_body=None)
    report = validate_project(project)
    assert [p.format() for p in report.problems] == [
        f"{EN_FILE}: warning: the en case study is missing. "
        "Add en.md; until then the page shows the other language with a notice",
        f"{YAML_FILE}:36:3: warning: lessons: the en text is missing. Add 'en: …' under this field",
        "practices/rijeka-test-hub/ro.md: warning: the ro case study is missing. "
        "Add ro.md; until then the page shows the other language with a notice",
    ]
    assert not report.errors and not report.failed(strict=False) and report.failed(strict=True)


def test_cedilla_letters_in_romanian_text(project: Project) -> None:
    text = edited("  ro: Am învățat multe.", '  ro: "Am învăţat multe, şi\n    încă ceva: Ţara."')
    write_practice(project, SLUG, yaml_text=text, ro_body="## Ce s-a făcut\n\nŞcoala şi\n  ţara.\n")
    report = validate_project(project)
    letter = "(with a cedilla) is not a Romanian letter"
    assert [p.format() for p in report.problems] == [
        f"{YAML_FILE}:36:15: warning: lessons.ro: 'ţ' {letter} (Am învăţat multe, şi î). "
        "Write 'ț' (with a comma below); `practicesite fix` corrects them all",
        f"{YAML_FILE}:36:26: warning: lessons.ro: 'ş' {letter} (învăţat multe, şi încă ceva: Ţ). "
        "Write 'ș' (with a comma below); `practicesite fix` corrects them all",
        f"{YAML_FILE}:37:16: warning: lessons.ro: 'Ţ' {letter} (şi încă ceva: Ţara.). "
        "Write 'Ț' (with a comma below); `practicesite fix` corrects them all",
        f"{RO_FILE}:3:1: warning: 'Ş' {letter} (Ce s-a făcut Şcoala şi ţar). Write 'Ș' (with a comma below); `practicesite fix` corrects them all",
        f"{RO_FILE}:3:8: warning: 'ş' {letter} (făcut Şcoala şi ţara.). Write 'ș' (with a comma below); `practicesite fix` corrects them all",
        f"{RO_FILE}:4:3: warning: 'ţ' {letter} (t Şcoala şi ţara.). Write 'ț' (with a comma below); `practicesite fix` corrects them all",
    ]
    assert report.failed(strict=True) and not report.failed(strict=False)


def test_english_text_and_other_letters_are_not_checked_for_cedillas(project: Project) -> None:
    text = edited("  en: We learned a lot.", "  en: Guimarães and Beşiktaş")
    write_practice(project, SLUG, yaml_text=text, ro_body="## Ce\n\nGuimarães, capitală a culturii.\n")
    assert messages(project) == []


def test_missing_sources(project: Project) -> None:
    write_practice(project, SLUG, yaml_text=edited(
        "sources:\n- title: Example source\n  url: https://example.org/source\n", "sources: []\n"))
    write_practice(project, "rijeka-test-hub", yaml_text=edited(
        "sources:\n- title: Example source\n  url: https://example.org/source\n", "",
        edited("slug: matera-test-lab", "slug: rijeka-test-hub",
               edited("Practica matera", "Practica rijeka", edited("Practice matera", "Practice rijeka")))))
    hint = "Add 'sources:' with the title and url of every document the facts come from"
    assert messages(project) == [
        f"{YAML_FILE}:38:1: warning: sources: no sources are listed. {hint}",
        f"practices/rijeka-test-hub/practice.yaml:38:1: warning: sources: no sources are listed. {hint}",
    ]


def test_all_problems_of_a_practice_are_collected(project: Project) -> None:
    text = edited("themes:", "themse:", edited("  end: ongoing", "  end: 2015", edited("city: matera", "city: turin")))
    write_practice(project, SLUG, yaml_text=text, en_body="[x](javascript:alert(1))\n")
    assert len(validate_project(project).errors) == 5


def test_the_repository_practices_are_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    report = validate_project(Project.at(root))
    assert [problem.format() for problem in report.errors] == []
    assert len(report.practices) >= 3


def test_proven_evidence_needs_an_outcome_figure_with_one_of_the_sources(project: Project) -> None:
    proven = edited("evidence: promising", "evidence: proven")
    assert check(project, proven) == [
        f"{YAML_FILE}:10:11: evidence: 'proven' needs an outcome figure with its source (proven). Mark an "
        "indicator measured by an evaluation or official report with 'kind: outcome' and 'source: <its url>', "
        "or write 'evidence: promising'"]
    elsewhere = edited("  value: 230\n", "  value: 230\n  kind: outcome\n  source: https://example.org/other\n", proven)
    assert check(project, elsewhere) == [
        f"{YAML_FILE}:10:11: evidence: 'proven' needs an outcome figure with its source (proven). Mark an "
        "indicator measured by an evaluation or official report with 'kind: outcome' and 'source: <its url>', "
        "or write 'evidence: promising'",
        f"{YAML_FILE}:33:11: indicators[0].source: is not one of the practice's sources "
        "(https://example.org/other). Copy the url of an entry of 'sources:', or add the source there"]
    sourced = edited("  value: 230\n", "  value: 230\n  kind: outcome\n  source: https://example.org/source\n", proven)
    assert check(project, sourced) == []


def test_an_unknown_evidence_level_names_the_vocabulary(project: Project) -> None:
    assert check(project, edited("evidence: promising", "evidence: proved")) == [
        f"{YAML_FILE}:10:11: evidence: unknown evidence level ('proved'). Did you mean 'proven'?"]


def test_a_host_ending_in_a_dot_is_an_error_and_html_with_digits_a_warning(project: Project) -> None:
    dotted_host = edited("url: https://example.org/source", "url: https://issuu.com./mp2013/docs/dp_aem")
    assert check(project, dotted_host) == [
        f"{YAML_FILE}:40:8: sources[0].url: the host name ends with a dot (https://issuu.com./mp2013/docs/dp_aem). "
        "Remove the dot after 'issuu.com'"]
    typo = edited("url: https://example.org/source", "url: https://example.org/page.html1")
    assert check(project, typo) == [
        f"{YAML_FILE}:40:8: warning: sources[0].url: the address ends in digits after .html, which looks like a "
        "typo (https://example.org/page.html1). Check the address in a browser; it usually ends in .html"]


def test_unclosed_quote_in_a_file_made_by_new(project: Project) -> None:
    """The issue's case: `new`'s practice.yaml with the organisation's name left unclosed (before: the
    error was reported seven lines further, at the next quote, 22:12)."""
    created = CliRunner().invoke(main, ["new", "-C", str(project.root), "timisoara-newcomer-lab", "--city", "timisoara",
                                        "--type", "creative-hub", "--theme", "networking", "--target-group", "smes",
                                        "--title-ro", "Laborator", "--title-en", "Newcomer lab", "--start", "2020",
                                        "--no-input"])
    assert created.exit_code == 0, created.output
    path = project.practices_dir / "timisoara-newcomer-lab" / "practice.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith('  - name: "'))
    lines[number] = lines[number].replace('name"', "name")
    path.write_text("".join(lines), encoding="utf-8")
    assert [m for m in messages(project) if "YAML" in m] == [
        f"practices/timisoara-newcomer-lab/practice.yaml:{number + 1}:11: YAML syntax error: the quoted text is not "
        f"closed (expected <block end>, but found '<scalar>'). {QUOTE_HINT}"]
