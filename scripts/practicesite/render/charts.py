"""Horizontal bar charts as inline SVG, drawn at build time (no chart library, no script).

Each chart is an image with a title and a description that carries every number, each bar has
its number written beside it, and the page adds the same figures as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

FONT = 14.0
BAR = 18.0
LABEL_GAP = 4.0  # between a label and its bar
ROW = FONT * 1.25 + LABEL_GAP + BAR + 12.0  # a label above its bar, then space before the next
BAR_AREA = 220.0
GAP = 10.0


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    link: str | None = None  # a Markdown link target for the table, relative to the page


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    bars: list[Bar]


def _text_width(text: str) -> float:
    return len(text) * FONT * 0.6


def bar_chart(chart: Chart, summary: str) -> str:
    """One chart as one line of SVG; `summary` is the text of <desc> before the figures.

    Each label stands above its bar rather than beside it: the chart is then as wide as its longest
    label or its longest bar, not both, and on a phone it keeps its 14px text (a chart wider than
    the screen shrinks, and its text with it)."""
    top = max((b.value for b in chart.bars), default=0) or 1
    width = max(max((_text_width(b.label) for b in chart.bars), default=0.0),
                BAR_AREA + GAP / 2 + _text_width(str(top))) + 2
    height = ROW * len(chart.bars)
    figures = "; ".join(f"{b.label}: {b.value}" for b in chart.bars)
    out = [
        f'<svg viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{chart.id}-title {chart.id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart.id}-title">{escape(chart.title)}</title>',
        f'<desc id="{chart.id}-desc">{escape(summary)} {escape(figures)}.</desc>',
    ]
    for index, bar in enumerate(chart.bars):
        y = index * ROW
        baseline = y + FONT
        bar_top = y + FONT * 1.25 + LABEL_GAP
        length = BAR_AREA * bar.value / top
        out.append(
            f'<g class="row" data-label="{escape(bar.label)}" data-value="{bar.value}">'
            f'<text class="label" x="0" y="{baseline:.1f}">{escape(bar.label)}</text>'
            f'<rect class="bar" x="0" y="{bar_top:.1f}" width="{length:.1f}" height="{BAR:.0f}"/>'
            f'<text class="value" x="{length + GAP / 2:.1f}" y="{bar_top + BAR / 2 + FONT * 0.35:.1f}">{bar.value}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
