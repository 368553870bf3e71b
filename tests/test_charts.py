"""Charts on the built data page: well-formed SVG whose numbers are the real counts, with a table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from practicesite.model import Project
from practicesite.render.charts import Bar, Chart, bar_chart

pytestmark = pytest.mark.slow
SVG = "{http://www.w3.org/2000/svg}"


def charts_on(site: Path, lang: str) -> tuple[str, dict[str, ET.Element]]:
    page = (site / ("" if lang == "ro" else "en/") / "practices/data/index.html").read_text(encoding="utf-8")
    svgs = [ET.fromstring(m) for m in re.findall(r'<svg viewBox.*?</svg>', page, re.S)]
    return page, {svg.get("aria-labelledby", "").split("-title")[0]: svg for svg in svgs}


def numbers(svg: ET.Element) -> dict[str, int]:
    rows = svg.findall(f"{SVG}g")
    drawn = {row.findtext(f"{SVG}text[@class='label']"): int(row.findtext(f"{SVG}text[@class='value']") or -1)
             for row in rows}
    assert drawn == {row.get("data-label"): int(row.get("data-value") or -2) for row in rows}
    return drawn  # type: ignore[return-value]


def test_bar_lengths_follow_the_numbers() -> None:
    svg = ET.fromstring(bar_chart(Chart("c", "Title", [Bar("a", 4), Bar("b", 2), Bar("c", 0)]), "Summary:"))
    widths = [float(r.get("width") or 0) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0
    assert svg.findtext(f"{SVG}desc") == "Summary: a: 4; b: 2; c: 0."


def test_chart_numbers_equal_the_counts(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    _, charts = charts_on(site, "en")
    assert set(charts) == {"chart-theme", "chart-city", "chart-year"}
    assert numbers(charts["chart-city"]) == {"Timișoara": 2, "Essen": 1, "Matera": 1}
    assert numbers(charts["chart-year"]) == {"2010": 1, "2019": 1, "2023": 2}
    themes = numbers(charts["chart-theme"])
    # matera and timisoara-test-hub: creative industries + entrepreneurship; the fund: funding; essen: regeneration
    assert themes["Cultural and creative industries"] == 2 and themes["Funding"] == 1
    assert themes["Urban regeneration"] == 1 and themes["Youth and children"] == 0
    assert sum(themes.values()) == 6


def test_charts_are_labelled_images_with_a_data_table(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    page, charts = charts_on(site, "ro")
    city = charts["chart-city"]
    assert city.get("role") == "img" and city.get("aria-labelledby") == "chart-city-title chart-city-desc"
    assert city.findtext(f"{SVG}title") == "Practici pe oraș"
    assert city.findtext(f"{SVG}desc", "").endswith("Timișoara: 2; Essen: 1; Matera: 1.")
    assert "<summary>Datele graficului, ca tabel: Practici pe oraș</summary>" in page
    assert re.search(r'<td><a href="\.\./cities/timisoara/">Timișoara</a></td>\s*<td style="text-align: right;">2</td>', page)
    assert '<html lang="ro"' in page
