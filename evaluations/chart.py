"""The report's chart: one SVG per theme, each quality's figures on the scale, self against
every column the report shows.

It is drawn from a report's figures alone (``Report.figures``), so it can show nothing the
figures do not. It reads without colour: every column has a marker of its own shape, every
row is labelled and carries its value as text, and a legend pairs each shape with its label.
The SVG is one image to assistive technology (``role="img"``, with a title and a description
that reads out every figure), and each chart comes with the same figures as table rows, for
the HTML table that is its text alternative. Only presentation attributes, no scripts, styles
or outside references, so WeasyPrint draws it the same in the PDF.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from evaluations.anonymity import ALL, DEFAULT_SCALE, MANAGER, POOLED, SELF

#: Each column's marker: a shape that tells it apart without colour, and its name for the
#: legend's text alternative.
SHAPES: dict[str, str] = {
    SELF: "circle",
    MANAGER: "square",
    "peer": "triangle",
    "report": "diamond",
    "other": "inverted triangle",
    POOLED: "cross",
    ALL: "star",
}
#: What a row says where the report shows no figure.
NO_SCORE = "no score"
NOT_SHOWN = "not shown"

INK = "#1d3557"
TEXT = "#1f2933"
MUTED = "#4a5565"
RULE = "#c5ceda"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

WIDTH = 360
LABEL_X = 4
TRACK_START = 132
TRACK_END = 300
VALUE_X = WIDTH - 4
ROW = 17
NAME_LINE = 15
NAME_WIDTH = 52  # characters of a quality's name per line at the name's size
GAP = 10
MARKER = 5.5


@dataclass(frozen=True)
class Row:
    """One row of the chart's table: a quality (or the theme's average) and the figure of
    each column as text."""

    name: str
    cells: list[str]
    is_average: bool = False


@dataclass(frozen=True)
class ThemeChart:
    """A theme's chart, with everything its text alternative needs."""

    name: str
    chart_id: str
    svg: SafeString
    columns: list[dict[str, str]]
    rows: list[Row]


def format_score(value: float | None, *, column: str = "") -> str:
    """A figure as the report writes it: two decimals, a self score as the whole point it is,
    and in words where there is no figure: "no score" from self or the line manager, "not
    shown" for a group too small to show."""
    if value is None:
        # Self and the line manager are shown as they are: no figure means no score given.
        return NO_SCORE if column in (SELF, MANAGER) else NOT_SHOWN
    if column == SELF and float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}"


def marker(shape: str, x: float, y: float, *, size: float = MARKER) -> str:
    """An SVG marker of ``shape`` centred on (x, y). Filled with the one ink colour, apart
    from the cross, which is drawn: shapes differ in outline, never in colour."""
    s = size
    fill = f'fill="{INK}" stroke="{INK}" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s * 0.9:.1f}" {fill}/>'
    if shape == "square":
        side = s * 1.6
        return (
            f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" '
            f'height="{side:.1f}" {fill}/>'
        )
    if shape == "cross":
        d = s * 0.85
        return (
            f'<path d="M{x - d:.1f} {y - d:.1f}L{x + d:.1f} {y + d:.1f}'
            f'M{x - d:.1f} {y + d:.1f}L{x + d:.1f} {y - d:.1f}" fill="none" stroke="{INK}" '
            'stroke-width="2.4" stroke-linecap="round"/>'
        )
    points = {
        "triangle": [(0, -1.1), (1, 0.8), (-1, 0.8)],
        "inverted triangle": [(0, 1.1), (1, -0.8), (-1, -0.8)],
        "diamond": [(0, -1.2), (1, 0), (0, 1.2), (-1, 0)],
        "star": [
            (0, -1.2),
            (0.3, -0.38),
            (1.14, -0.37),
            (0.46, 0.15),
            (0.71, 0.97),
            (0, 0.47),
            (-0.71, 0.97),
            (-0.46, 0.15),
            (-1.14, -0.37),
            (-0.3, -0.38),
        ],
    }[shape]
    path = " ".join(f"{x + px * s:.1f},{y + py * s:.1f}" for px, py in points)
    return f'<polygon points="{path}" {fill}/>'


def _text(
    x: float, y: float, content: str, *, size: float = 10.5, fill: str = TEXT, **attributes: str
) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}"{extra}>'
        f"{escape(content)}</text>"
    )


class _Scale:
    def __init__(self, scale: Sequence[Sequence[Any]]) -> None:
        self.points = [(int(point[0]), str(point[1])) for point in scale] or list(DEFAULT_SCALE)
        self.low = min(score for score, _ in self.points)
        self.high = max(score for score, _ in self.points)

    def x(self, value: float) -> float:
        span = (self.high - self.low) or 1
        return TRACK_START + (float(value) - self.low) / span * (TRACK_END - TRACK_START)

    def words(self) -> str:
        return ", ".join(f"{score} {label}" for score, label in self.points)


def _block(
    *, name: str, means: Mapping[str, Any], columns: Sequence[dict], scale: _Scale, top: float
) -> tuple[list[str], float]:
    """The SVG of one quality (or the theme's average): its name, then one labelled row per
    column with its marker and value. Returns the parts and the height used."""
    parts = []
    lines = textwrap.wrap(name, NAME_WIDTH) or [name]
    y = top
    for line in lines:
        y += NAME_LINE
        parts.append(_text(LABEL_X, y - 3, line, size=11.5, font_weight="bold"))
    rows_top = y + 2
    rows_bottom = rows_top + ROW * len(columns)
    for score, _ in scale.points:
        x = scale.x(score)
        parts.append(
            f'<line x1="{x:.1f}" y1="{rows_top:.1f}" x2="{x:.1f}" y2="{rows_bottom:.1f}" '
            f'stroke="{RULE}" stroke-width="1"/>'
        )
    for index, column in enumerate(columns):
        middle = rows_top + ROW * index + ROW / 2
        key = column["key"]
        value = means.get(key)
        weight = {"font_weight": "bold"} if key == SELF else {}
        parts.append(f'<g class="chart-row" data-column="{escape(key)}">')
        parts.append(_text(LABEL_X + 8, middle + 3.5, column["label"], **weight))
        parts.append(
            f'<line x1="{TRACK_START}" y1="{middle:.1f}" x2="{TRACK_END}" y2="{middle:.1f}" '
            f'stroke="{MUTED}" stroke-width="0.8"/>'
        )
        if value is not None:
            parts.append(marker(SHAPES[key], scale.x(value), middle))
        parts.append(
            _text(
                VALUE_X,
                middle + 3.5,
                format_score(value, column=key),
                size=10 if value is None else 10.5,
                fill=MUTED if value is None else TEXT,
                text_anchor="end",
                **({"font_style": "italic"} if value is None else weight),
            )
        )
        parts.append("</g>")
    return parts, rows_bottom - top


def _legend(columns: Sequence[dict], *, top: float) -> tuple[list[str], float]:
    """Each column's shape beside its label, two to a line."""
    parts = []
    half = WIDTH / 2
    for index, column in enumerate(columns):
        x = LABEL_X + (index % 2) * half
        y = top + (index // 2) * ROW + ROW / 2
        key = column["key"]
        parts.append(f'<g class="chart-legend" data-column="{escape(key)}">')
        parts.append(marker(SHAPES[key], x + 7, y))
        parts.append(_text(x + 18, y + 3.5, f"{column['label']} ({SHAPES[key]})"))
        parts.append("</g>")
    return parts, ((len(columns) + 1) // 2) * ROW


def _axis(scale: _Scale, *, top: float) -> tuple[list[str], float]:
    parts = [_text(LABEL_X, top + 12, "Scale", size=10, fill=MUTED)]
    for score, _ in scale.points:
        parts.append(_text(scale.x(score), top + 12, str(score), size=10, text_anchor="middle"))
    return parts, 16


def _description(
    theme: Mapping[str, Any], columns: Sequence[dict], scale: _Scale
) -> tuple[str, str]:
    title = f"{theme['name']}: your own rating against your raters', quality by quality"
    sentences = [f"On the scale {scale.words()}."]
    for quality in theme["qualities"]:
        figures = "; ".join(
            f"{column['label']} {format_score(quality['means'].get(column['key']), column=column['key'])}"
            for column in columns
        )
        sentences.append(f"{quality['name']}: {figures}.")
    averages = "; ".join(
        f"{column['label']} {format_score(theme['means'].get(column['key']), column=column['key'])}"
        for column in columns
    )
    sentences.append(f"Average over the theme: {averages}.")
    sentences.append("The same figures are in the table that follows the chart.")
    return title, " ".join(sentences)


def theme_svg(
    theme: Mapping[str, Any],
    *,
    columns: Sequence[dict],
    scale: Sequence[Sequence[Any]],
    chart_id: str,
) -> SafeString:
    """One theme's chart as inline SVG."""
    scale_ = _Scale(scale)
    parts: list[str] = []
    top = 0.0
    legend, height = _legend(columns, top=top)
    parts += legend
    top += height + GAP
    axis, height = _axis(scale_, top=top)
    parts += axis
    top += height
    blocks = [(quality["name"], quality["means"]) for quality in theme["qualities"]]
    blocks.append(("Average over the theme", theme.get("means", {})))
    for name, means in blocks:
        block, height = _block(name=name, means=means, columns=columns, scale=scale_, top=top)
        parts += block
        top += height + GAP
    title, description = _description(theme, columns, scale_)
    height = top
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" id="{chart_id}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text in it is escaped above


def theme_charts(figures: Mapping[str, Any], *, prefix: str = "chart") -> list[ThemeChart]:
    """A chart per theme of a report's figures, with the rows of its table, in the report's
    order. ``prefix`` keeps the ids apart where two reports share a page."""
    columns = [dict(column) for column in figures.get("columns", [])]
    for column in columns:
        column["shape"] = SHAPES[column["key"]]
    scale = figures.get("scale") or DEFAULT_SCALE
    charts = []
    for index, theme in enumerate(figures.get("themes", []), start=1):
        chart_id = f"{prefix}-{index}"
        rows = [
            Row(
                name=quality["name"],
                cells=[
                    format_score(quality["means"].get(c["key"]), column=c["key"]) for c in columns
                ],
            )
            for quality in theme["qualities"]
        ]
        rows.append(
            Row(
                name="Average over the theme",
                cells=[
                    format_score(theme.get("means", {}).get(c["key"]), column=c["key"])
                    for c in columns
                ],
                is_average=True,
            )
        )
        charts.append(
            ThemeChart(
                name=theme["name"],
                chart_id=chart_id,
                svg=theme_svg(theme, columns=columns, scale=scale, chart_id=chart_id),
                columns=columns,
                rows=rows,
            )
        )
    return charts
