"""Synthetic but realistic bilingual practices for benchmarks: valid against the real schema and
vocabularies, about 800 words per language, the six sections of practices/FORMAT.md, links between
practices. Deterministic: the same size and seed give the same files.

The text is word salad drawn from everyday project vocabulary (Romanian with full diacritics); it
stands in for real case studies only in size and shape, never as content of the site.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from practicesite.load.vocab import load_vocabularies
from practicesite.model import Project
from practicesite.model import copy_skeleton as copy_site_skeleton

ROOT = Path(__file__).resolve().parent.parent

RO_WORDS = """proiect oraș cultură firmă comunitate atelier spațiu tineri antreprenori parteneriat finanțare
program capitală europeană rezidență artiști meșteșugari clădire cartier municipiu fundație asociație
rețea competențe formare mentorat incubator economie creativă industrie patrimoniu regenerare urbană
participare locuitori vizitatori turism eveniment festival expoziție laborator design inovare start-up
sprijin grant buget an rezultat impact durabil moștenire dezvoltare regională strategie consiliu local
universitate școală voluntari organizație neguvernamentală întreprindere mică mijlocie public privat
colaborare schimb experiență transfer lecție dificultate succes indicator evaluare monitorizare
""".split()
RO_GLUE = "și cu pentru în din la care a au fost prin după între către fără despre mai foarte".split()
EN_WORDS = """project city culture firm community workshop space young entrepreneurs partnership funding
programme capital european residency artists craftspeople building neighbourhood municipality
foundation association network skills training mentoring incubator economy creative industry heritage
regeneration urban participation residents visitors tourism event festival exhibition laboratory design
innovation start-up support grant budget year result impact lasting legacy development regional
strategy council local university school volunteers organisation non-governmental enterprise small
medium public private collaboration exchange experience transfer lesson difficulty success indicator
evaluation monitoring""".split()
EN_GLUE = "and with for in from to which has have been through after between towards without about more very".split()
SECTIONS = {
    "ro": ["Ce s-a făcut", "Cine a făcut-o", "Resurse", "Dovezi de succes", "Dificultăți și lecții", "Potențial de transfer"],
    "en": ["What was done", "Who did it", "Resources", "Evidence of success", "Difficulties and lessons", "Potential for transfer"],
}
SEE_ALSO = {"ro": "Vezi și", "en": "See also"}


def sentence(rng: random.Random, lang: str) -> str:
    words, glue = (RO_WORDS, RO_GLUE) if lang == "ro" else (EN_WORDS, EN_GLUE)
    picked = [rng.choice(glue) if i % 3 == 2 else rng.choice(words) for i in range(rng.randint(9, 18))]
    return " ".join(picked).capitalize() + "."


def body(rng: random.Random, lang: str, words: int, links: list[tuple[str, str]]) -> str:
    """About `words` words in the six sections; links to other practices in the first and last."""
    per_section = words // len(SECTIONS[lang])
    out = []
    for index, heading in enumerate(SECTIONS[lang]):
        out.append(f"## {heading}\n")
        count = 0
        while count < per_section:
            paragraph = []
            for _ in range(rng.randint(3, 6)):
                paragraph.append(sentence(rng, lang))
                count += len(paragraph[-1].split())
                if count >= per_section:
                    break
            out.append(" ".join(paragraph) + "\n")
        if index in (0, len(SECTIONS[lang]) - 1) and links:
            refs = ", ".join(f"[{title}](../{slug}/)" for slug, title in links)
            out.append(f"{SEE_ALSO[lang]}: {refs}.\n")
        if index == 3:
            out.append("- " + sentence(rng, lang) + "\n- " + sentence(rng, lang) + "\n")
    return "\n".join(out)


def copy_skeleton(target: Path) -> Project:
    """The repository's configuration and hand-written pages, without its practices."""
    if target.exists():
        shutil.rmtree(target)
    return copy_site_skeleton(Project.at(ROOT), target)


def generate(target: Path, count: int, words: int = 800, seed: int = 2026) -> Project:
    """A site repository at `target` with `count` synthetic practices."""
    project = copy_skeleton(target)
    vocab = load_vocabularies(project.vocabularies_dir)
    rng = random.Random(seed)
    cities, themes = sorted(vocab.cities), sorted(vocab.themes)
    types, groups, roles = sorted(vocab.practice_types), sorted(vocab.target_groups), sorted(vocab.organisation_roles)
    slugs = [f"{rng.choice(cities)}-practice-{i:05d}" for i in range(count)]
    titles = {slug: {"ro": f"Practica {i:05d}: {sentence(rng, 'ro')[:60].rstrip(' .').lower()}",
                     "en": f"Practice {i:05d}: {sentence(rng, 'en')[:60].rstrip(' .').lower()}"} for i, slug in enumerate(slugs)}
    for slug in slugs:
        others = rng.sample(slugs, k=min(3, count)) if count > 1 else []
        data = {
            "slug": slug,
            "title": titles[slug],
            "summary": {lang: " ".join(sentence(rng, lang) for _ in range(2)) for lang in ("ro", "en")},
            "city": slug.rsplit("-practice-", 1)[0],
            "type": rng.choice(types),
            "evidence": "promising",
            "themes": rng.sample(themes, k=rng.randint(1, 3)),
            "target_groups": rng.sample(groups, k=rng.randint(1, 3)),
            "organisations": [{"name": f"Organisation {rng.randint(1, 999)}", "role": rng.choice(roles),
                               "url": f"https://example.org/org/{slug}"}],
            "period": {"start": rng.randint(2000, 2020), "end": rng.choice(["ongoing", 2024])},
            "resources": {"amount": rng.randint(1, 500) * 1000, "currency": "EUR"},
            "indicators": [{"label": {"ro": "participanți", "en": "participants"}, "value": rng.randint(10, 5000)}],
            "transfer": {lang: sentence(rng, lang) for lang in ("ro", "en")},
            "lessons": {lang: sentence(rng, lang) for lang in ("ro", "en")},
            "sources": [{"title": "Synthetic source", "url": f"https://example.org/source/{slug}"}],
        }
        folder = project.practices_dir / slug
        folder.mkdir()
        (folder / "practice.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        for lang in ("ro", "en"):
            links = [(other, titles[other][lang].split(":")[0]) for other in others if other != slug]
            (folder / f"{lang}.md").write_text(body(rng, lang, words, links), encoding="utf-8")
    return project
