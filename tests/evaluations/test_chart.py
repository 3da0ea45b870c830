"""The report's chart: well-formed SVG, one image with a title and a description to assistive
technology, and nothing said by colour alone (each column its own shape, named in a legend,
each value written out). Drawn from the figures only."""

from __future__ import annotations

import re
from io import BytesIO
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from evaluations import anonymity, chart
from evaluations.anonymity import Answers, QualityRef

SVG = "{http://www.w3.org/2000/svg}"
QUALITIES = (
    QualityRef(key="1", name="Listening to children, families and staff", theme="People"),
    QualityRef(key="2", name="Developing others", theme="People"),
    QualityRef(key="3", name="Working with partners", theme="System"),
)


def figures(**overrides) -> dict:
    """A report showing the line manager, peers, direct reports and all raters; the two other
    stakeholders, too few to show or to pool, are left out."""
    responses = [Answers("manager", {"1": 3, "2": None, "3": 4})]
    responses += [Answers("peer", {"1": 4, "2": 3, "3": 2}) for _ in range(3)]
    responses += [Answers("report", {"1": 2, "2": 2, "3": 3}) for _ in range(3)]
    responses += [Answers("other", {"1": 1, "2": 4, "3": None}) for _ in range(2)]
    return anonymity.report_figures(
        qualities=QUALITIES,
        self_scores={"1": 4, "2": None, "3": 2},
        responses=responses,
        threshold=3,
        comment_threshold=3,
        **overrides,
    )


def pooled_figures() -> dict:
    responses = [Answers("peer", {"1": 4, "2": 3, "3": 2}) for _ in range(2)]
    responses += [Answers("other", {"1": 1, "2": 4, "3": 3})]
    return anonymity.report_figures(
        qualities=QUALITIES,
        self_scores={"1": 4},
        responses=responses,
        threshold=3,
        comment_threshold=3,
    )


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def texts(element: ElementTree.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


MARKER_TAGS = {f"{SVG}{tag}" for tag in ("circle", "rect", "polygon", "path")}


def marker_of(group: ElementTree.Element) -> ElementTree.Element | None:
    found = [e for e in group if e.tag in MARKER_TAGS]
    assert len(found) <= 1
    return found[0] if found else None


def silhouette(element: ElementTree.Element) -> tuple:
    """What a marker looks like without its colour or place: its element, and its outline
    relative to its own first point."""
    if element.tag.endswith("polygon"):
        points = [tuple(map(float, p.split(","))) for p in element.get("points").split()]
        x0, y0 = points[0]
        return ("polygon", tuple((round(x - x0), round(y - y0)) for x, y in points))
    return (element.tag, element.get("fill"))


def test_theme_charts_one_per_theme_in_report_order_with_unique_ids():
    charts = chart.theme_charts(figures(), prefix="pre")

    assert [c.name for c in charts] == ["People", "System"]
    assert [c.chart_id for c in charts] == ["pre-1", "pre-2"]
    for each in charts:
        root = parsed(each.svg)
        assert root.get("id") == each.chart_id
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids))


def test_svg_is_one_image_with_title_and_description():
    each = chart.theme_charts(figures())[0]
    root = parsed(each.svg)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert list(root).index(title) == 0
    assert title.text == "People: your own rating against your raters', quality by quality"
    assert desc.text.startswith("On the scale 1 Emerging, 2 Developing, 3 Established, 4 Leading")
    assert "Listening to children, families and staff: Self 4; Line manager 3.00;" in desc.text
    assert "Developing others: Self no score; Line manager no score; Peers 3.00;" in desc.text
    assert "Average over the theme:" in desc.text
    assert "table that follows" in desc.text


def test_svg_has_nothing_a_pdf_or_a_strict_page_would_refuse():
    svg = str(chart.theme_charts(figures())[0].svg)

    assert "<script" not in svg
    assert not re.search(r"\sstyle=", svg)
    assert "<style" not in svg
    assert "href" not in svg
    assert not re.search(r"url\(", svg)


def test_every_column_has_its_own_shape_named_in_the_legend():
    each = chart.theme_charts(figures())[0]
    root = parsed(each.svg)
    keys = [column["key"] for column in each.columns]

    assert keys == ["self", "manager", "peer", "report", "all"]
    legend = {
        g.get("data-column"): g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-legend"
    }
    assert list(legend) == keys
    shapes = {key: silhouette(marker_of(group)) for key, group in legend.items()}
    assert len(set(shapes.values())) == len(keys), shapes
    for column in each.columns:
        assert texts(legend[column["key"]]) == [f"{column['label']} ({column['shape']})"]
    # The same shape marks the column's rows as its legend entry.
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "chart-row" and (found := marker_of(group)) is not None:
            assert silhouette(found) == shapes[group.get("data-column")]


def test_every_shape_is_distinct_even_across_all_seven_columns():
    polygons = {
        shape: silhouette(
            parsed(f'<svg xmlns="http://www.w3.org/2000/svg">{chart.marker(shape, 50, 50)}</svg>')[
                0
            ]
        )
        for shape in chart.SHAPES.values()
    }

    assert len(set(polygons.values())) == len(chart.SHAPES) == 7


def test_no_meaning_in_colour_markers_share_one_ink():
    for figures_ in (figures(), pooled_figures()):
        for each in chart.theme_charts(figures_):
            root = parsed(each.svg)
            inks = {
                (e.get("fill"), e.get("stroke"))
                for g in root.iter(f"{SVG}g")
                if (e := marker_of(g)) is not None
            }
            assert inks <= {(chart.INK, chart.INK), ("none", chart.INK)}, inks


def test_each_row_says_its_column_and_value_in_text():
    each = chart.theme_charts(figures())[0]
    root = parsed(each.svg)
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-row"]
    labels = {column["key"]: column["label"] for column in each.columns}

    # Two qualities and the theme's average, each a row per column.
    assert len(rows) == 3 * len(labels)
    written = [(g.get("data-column"), texts(g)) for g in rows]
    assert written[:5] == [
        ("self", ["Self", "4"]),
        ("manager", ["Line manager", "3.00"]),
        ("peer", ["Peers", "4.00"]),
        ("report", ["Direct reports", "2.00"]),
        ("all", ["All raters", "3.00"]),
    ]
    # A row with no figure has no marker, and says why in words.
    assert written[5:7] == [
        ("self", ["Self", "no score"]),
        ("manager", ["Line manager", "no score"]),
    ]
    assert marker_of(rows[5]) is None
    for key, row_texts in written:
        assert row_texts[0] == labels[key]


def test_marker_sits_at_its_value_on_the_scale():
    each = chart.theme_charts(figures())[0]
    root = parsed(each.svg)
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-row"]

    self_marker = marker_of(rows[0])  # self, 4: the top of the scale
    manager_marker = marker_of(rows[1])  # line manager, 3
    assert float(self_marker.get("cx")) == pytest.approx(chart.TRACK_END, abs=0.1)
    side = float(manager_marker.get("width"))
    middle = float(manager_marker.get("x")) + side / 2
    expected = chart.TRACK_START + (chart.TRACK_END - chart.TRACK_START) * 2 / 3
    assert middle == pytest.approx(expected, abs=0.2)


def test_table_rows_hold_the_same_figures():
    each = chart.theme_charts(figures())[0]

    assert [c["label"] for c in each.columns] == [
        "Self",
        "Line manager",
        "Peers",
        "Direct reports",
        "All raters",
    ]
    assert each.rows[0] == chart.Row(
        name="Listening to children, families and staff",
        cells=["4", "3.00", "4.00", "2.00", "3.00"],
    )
    assert each.rows[-1].is_average
    assert each.rows[-1].name == "Average over the theme"


def test_pooled_column_is_the_cross_and_names_are_escaped():
    report = pooled_figures()
    report["themes"][0]["qualities"][0]["name"] = "Risk <b>&</b> courage"

    each = chart.theme_charts(report)[0]
    root = parsed(each.svg)

    assert [c["key"] for c in each.columns] == ["self", "pooled", "all"]
    assert each.columns[1]["shape"] == "cross"
    assert "Risk <b>&</b> courage" in texts(root)
    assert "<b>" not in str(each.svg)


def test_long_quality_names_wrap_inside_the_chart():
    report = figures()
    report["themes"][0]["qualities"][0]["name"] = "A very long quality name " * 5

    root = parsed(chart.theme_charts(report)[0].svg)
    names = [t for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]

    assert all(len(t.text) <= chart.NAME_WIDTH for t in names)
    assert all(float(t.get("x")) < chart.WIDTH for t in root.iter(f"{SVG}text"))


def test_format_score():
    assert chart.format_score(3.0, column="self") == "3"
    assert chart.format_score(2.5, column="self") == "2.50"
    assert chart.format_score(3.0, column="peer") == "3.00"
    assert chart.format_score(None, column="self") == "no score"
    assert chart.format_score(None, column="manager") == "no score"
    assert chart.format_score(None, column="peer") == "not shown"


def test_chart_renders_in_a_pdf(settings):
    """WeasyPrint draws the inline SVG: its labels and values are text in the PDF."""
    from weasyprint import HTML

    each = chart.theme_charts(figures())[0]
    content = HTML(string=f"<html lang='en-GB'><body>{each.svg}</body></html>").write_pdf()

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    for label in ("Self", "Line manager", "Peers (triangle)", "3.00"):
        assert label in text
