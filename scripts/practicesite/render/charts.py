"""Horizontal bar charts as inline SVG, drawn at build time (no chart library, no script).

Each chart is an image with a title and a description that carries every number, each bar has
its number written beside it, and the page adds the same figures as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

FONT = 14.0
ROW = 30.0
BAR = 20.0
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
    """One chart as one line of SVG; `summary` is the text of <desc> before the figures."""
    label_width = max((_text_width(b.label) for b in chart.bars), default=0.0) + GAP
    top = max((b.value for b in chart.bars), default=0) or 1
    width = label_width + BAR_AREA + GAP + _text_width(str(top)) + GAP
    height = ROW * len(chart.bars) + GAP
    figures = "; ".join(f"{b.label}: {b.value}" for b in chart.bars)
    out = [
        f'<svg viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{chart.id}-title {chart.id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart.id}-title">{escape(chart.title)}</title>',
        f'<desc id="{chart.id}-desc">{escape(summary)} {escape(figures)}.</desc>',
    ]
    for index, bar in enumerate(chart.bars):
        y = GAP / 2 + index * ROW
        middle = y + ROW / 2 + FONT * 0.35
        length = BAR_AREA * bar.value / top
        out.append(
            f'<g class="row" data-label="{escape(bar.label)}" data-value="{bar.value}">'
            f'<text class="label" x="{label_width - GAP:.1f}" y="{middle:.1f}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect class="bar" x="{label_width:.1f}" y="{y + (ROW - BAR) / 2:.1f}" width="{length:.1f}" height="{BAR:.0f}"/>'
            f'<text class="value" x="{label_width + length + GAP / 2:.1f}" y="{middle:.1f}">{bar.value}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
