"""The reader's site without a browser (issue 20): the emblem drawn to the EU's construction, the
formal Romanian of the interface, the 404 page of a preview, share images and the source
repository's link from the configuration."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from practicesite.model import Project
from practicesite.site.build import build, mkdocs_env, validate_and_render

SVG = "{http://www.w3.org/2000/svg}"


def test_eu_emblem_is_drawn_to_the_official_construction() -> None:
    """A blue rectangle of height h and width 1.5 h; twelve upright five-pointed gold stars, like the
    hours of a clock, on a circle of radius h/3 around the centre; each star in a circle of radius
    h/18; a white border of h/25 (for the footer's dark background)."""
    root = ET.parse(ROOT / "docs" / "assets" / "eu-emblem.svg").getroot()
    border, flag = root.findall(f"{SVG}rect")
    h, w = float(flag.get("height")), float(flag.get("width"))
    x0, y0 = float(flag.get("x")), float(flag.get("y"))
    assert w / h == 1.5 and flag.get("fill") == "#039"
    assert border.get("fill") == "#fff" and x0 == y0 == pytest.approx(h / 25)
    assert float(border.get("width")) == pytest.approx(w + 2 * h / 25)
    assert root.get("viewBox") == f"0 0 {border.get('width')} {border.get('height')}"
    [stars] = root.findall(f"{SVG}g")
    assert stars.get("fill") == "#fc0"
    polygons = stars.findall(f"{SVG}polygon")
    assert len(polygons) == 12
    cx, cy = x0 + w / 2, y0 + h / 2
    for hour, polygon in enumerate(polygons):
        points = [tuple(map(float, pair.split(","))) for pair in polygon.get("points").split()]
        assert len(points) == 10  # five points, five inner corners
        sx = sum(x for x, _ in points[::2]) / 5
        sy = sum(y for _, y in points[::2]) / 5
        assert math.hypot(sx - cx, sy - cy) == pytest.approx(h / 3, abs=0.05)
        assert math.degrees(math.atan2(sx - cx, cy - sy)) % 360 == pytest.approx(30 * hour, abs=0.05)
        outer = [math.hypot(x - sx, y - sy) for x, y in points[::2]]
        assert outer == pytest.approx([h / 18] * 5, abs=0.02)
        top = points[0]
        assert top[0] == pytest.approx(sx, abs=0.01) and top[1] < sy  # one point straight up


# Second-person singular ("tu") forms that the site's formal register ("dumneavoastră") replaces.
TU_FORMS = ["Mergi", "Răsfoiește", "Folosește", "Caută", "Alege", "Sari", "Vezi", "Tastează", "Treci",
            "Urmează", "Șterge", "Încearcă", "Copiază", "Editează", "Filtrează", "Distribuie"]


@pytest.mark.parametrize("path", ["docs/404.ro.md", "overrides/partials/languages/ro.html",
                                  "overrides/partials/site-strings.html"])
def test_romanian_interface_texts_address_the_reader_formally(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert [form for form in TU_FORMS if re.search(rf"(?<![\w-]){form}(?!\w)", text)] == []


def test_romanian_catalogue_and_palette_texts_address_the_reader_formally() -> None:
    strings = yaml.safe_load((ROOT / "scripts/practicesite/render/templates/strings.yaml").read_text(encoding="utf-8"))
    catalogue = [value["ro"] for key, value in strings.items()
                 if key.startswith(("filter", "catalogue_"))]
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    palette = re.findall(r"toggle: \{icon: [^,]+, name: ([^}]+)\}", config)[:3]
    assert len(palette) == 3 and catalogue
    texts = " | ".join(catalogue + palette)
    assert [form for form in TU_FORMS if re.search(rf"(?<![\w-]){form}(?!\w)", texts)] == []
    assert "Ștergeți filtrele" in texts and "Treceți la tema întunecată" in texts


@pytest.mark.slow
def test_preview_root_404_is_in_the_default_language(mini_project: Project, tmp_path: Path) -> None:
    """MkDocs alone (as `practicesite serve` runs it) builds the languages one after the other and
    kept the last one's 404.html at the root: English, with Material's own "404 - Not found". The
    plugin gives each language its own, the default one at the root."""
    validate_and_render(mini_project)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(mini_project.mkdocs_yml),
                    "-d", str(site)], cwd=mini_project.root, env=mkdocs_env(mini_project), check=True)
    root = (site / "404.html").read_text(encoding="utf-8")
    english = (site / "en" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="ro"' in root and ">Pagina nu a fost găsită<" in root
    assert "404 - Not found" not in root
    assert "Mergeți la" in root
    assert '<html lang="en"' in english and ">Page not found<" in english
    # Served at any depth: its styles and links are absolute.
    assert 'href="/assets/site.css"' in root and 'href="/en/assets/site.css"' not in root


@pytest.mark.slow
def test_share_image_is_absolute_and_repository_is_linked(mini_project: Project,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/ecoc/")
    monkeypatch.setenv("REPOSITORY_URL", "https://example.org/code/ecoc-sme")
    for lang, title in (("ro", "O pagină cu imagine"), ("en", "A page with an image")):
        (mini_project.docs_dir / f"shared.{lang}.md").write_text(
            f"---\ntitle: {title}\ndescription: Descriere {lang}\nimage: /assets/share/shared.png\n"
            f"image_alt: Imaginea {lang}\n---\n\n# {title}\n\nText.\n", encoding="utf-8")
    site = build(mini_project).site_dir
    for prefix in ("", "en/"):
        html = (site / prefix / "shared" / "index.html").read_text(encoding="utf-8")
        lang = "en" if prefix else "ro"
        assert '<meta property="og:image" content="https://example.org/ecoc/assets/share/shared.png">' in html
        assert f'<meta property="og:image:alt" content="Imaginea {lang}">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        assert f'<meta property="og:url" content="https://example.org/ecoc/{prefix}shared/">' in html
        assert f'<meta property="og:description" content="Descriere {lang}">' in html
    # Every page's footer links the repository; no page names it as Material's repo_url would.
    for page in (site / "index.html", site / "en" / "practices" / "index.html", site / "404.html"):
        html = page.read_text(encoding="utf-8")
        assert '<a href="https://example.org/code/ecoc-sme">' in html
        assert "md-source" not in html
