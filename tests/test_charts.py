"""Charts of datasets: validation of the figures, and SVG that matches the YAML in every language.

Each chart is parsed as XML; its bars or points, value labels, category labels, legend and
text alternative are compared with the dataset they come from.
"""
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.numbers import format_decimal, parse_decimal

from conftest import FIXTURES, ROOT, run_cli, validate_here
from scripts.pages.charts import render_chart
from scripts.sources.languages import SETTINGS
from scripts.sources.model import LANGUAGES, Text
from scripts.sources.validate import load_data

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = (FIXTURES / "charts.yml").read_text(encoding="utf-8")
TOLERANCE = 1.1  # coordinates are written to 0.1 unit; a non-zero bar is at least 1 unit


def fixture_data():
    return load_data(FIXTURES / "minimal.yml", extra=(FIXTURES / "charts.yml",))


# ------------------------------------------------------------------ validation

# (name, text to replace in charts.yml, replacement, text whose line the problem is reported
#  at (None: the replacement's first line; looked for from the replacement on, else before
#  it), expected message pieces)
CASES = [
    ("negative value", "values: [10, 0, 13]", "values: [10, -1, 13]", None,
     ["datasets[2].series[0].values[1]", "must not be negative (-1)"]),
    ("value that is not a number", "values: [23, 8.5]", "values: [23, many]", None,
     ["datasets[1].series[0].values[1]", "expected a number, got 'many'"]),
    ("yes/no instead of a number", "values: [23, 8.5]", "values: [23, yes]", None,
     ["datasets[1].series[0].values[1]", "expected a number, got True"]),
    ("shares that do not add up to 100", "values: [52, 42, 6]", "values: [52, 42, 16]", None,
     ["datasets[0].series[0].values", "add up to 110 %, not 100 %", "multiple_choice: true"]),
    ("shares marked both ways", "        total: 100\n", "        total: 100\n        multiple_choice: true\n",
     "multiple_choice: true", ["datasets[0].multiple_choice", "not both"]),
    ("total on counts", "        categories: [2021, 2022, 2023]\n",
     "        total: 100\n        categories: [2021, 2022, 2023]\n", None,
     ["datasets[2].total", "'total' is for percentages"]),
    ("multiple choice on counts", "        scale: per-series\n",
     "        scale: per-series\n        multiple_choice: true\n", "multiple_choice: true",
     ["datasets[3].multiple_choice", "'multiple_choice' is for percentages"]),
    ("percentage over 100", "values: [23, 8.5]", "values: [123, 8.5]", None,
     ["datasets[1].series[0].values[0]", "a percentage cannot be more than 100 (123)"]),
    ("series name without a language",
     "          - name: {kk: Әрекеттер, ru: Попытки, en: Attempts}\n            values: [10, 0, 13]",
     "          - name: {kk: Әрекеттер, ru: Попытки}\n            values: [10, 0, 13]", None,
     ["datasets[2].series[0].name.en", "the en translation is missing"]),
    ("series name with an empty language", "name: {kk: Облыс бойынша, ru: По области, en: In the region}",
     'name: {kk: Облыс бойынша, ru: " ", en: In the region}', None,
     ["datasets[3].series[1].name.ru", "is empty"]),
    ("series name left in Russian in English", "ru: Попытки, en: Attempts}\n            values: [10, 0, 13]",
     "ru: Попытки, en: Попытки}\n            values: [10, 0, 13]", None,
     ["datasets[2].series[0].name.en", "Cyrillic"]),
    ("category without a language", '- {kk: Жоқ, ru: Нет, en: "No"}', '- {kk: Жоқ, en: "No"}', None,
     ["datasets[0].categories[1].ru", "the ru translation is missing"]),
    ("category as plain text", '- {kk: Иә, ru: Да, en: "Yes"}', '- "Yes"', None,
     ["datasets[0].categories[0]", "a category is a year (e.g. 2021) or a text in kk, ru and en"]),
    ("category listed twice", '- {kk: Жоқ, ru: Нет, en: "No"}', '- {kk: Иә, ru: Да, en: "Yes"}', None,
     ["datasets[0].categories[1]", "already listed as number 1"]),
    ("year listed twice", "categories: [2023, 2024, 2025]", "categories: [2023, 2024, 2024]", None,
     ["datasets[3].categories[2]", "already listed as number 2"]),
    ("fewer values than categories", "values: [92, 87, 83]", "values: [92, 87]", None,
     ["datasets[3].series[1].values", "2 values for 3 categories"]),
    ("no categories", "categories: [2021, 2022, 2023]", "categories: []", None,
     ["datasets[2].categories", "give at least 1"]),
    ("five series", "            values: [17, 18, 18, 15]\n",
     "            values: [17, 18, 18, 15]\n"
     "          - name: {kk: Төртінші, ru: Четвёртый, en: Fourth}\n            values: [1, 2, 3, 4]\n"
     "          - name: {kk: Бесінші, ru: Пятый, en: Fifth}\n            values: [1, 2, 3, 4]\n",
     "        series:\n          - name: {kk: Әрекеттер, ru: Попытки, en: Attempts}\n            values: [10, 11",
     ["datasets[4].series", "give at most 4, not 5"]),
    ("one series on its own scale", "        multiple_choice: true\n",
     "        multiple_choice: true\n        scale: per-series\n", "scale: per-series",
     ["datasets[1].scale", "needs two or more series"]),
    ("unknown chart kind", "chart: line", "chart: pie", None, ["datasets[4].chart", "'pie' is not allowed"]),
    ("dataset id used twice", "id: overlapping", "id: shares", None,
     ["datasets[1].id", "'shares' is used more than once"]),
]


@pytest.mark.parametrize("name,old,new,at,pieces", CASES, ids=[c[0] for c in CASES])
def test_bad_dataset_is_reported_with_its_line(tmp_path, name, old, new, at, pieces):
    assert old in CHARTS, f"fixture changed: {old!r}"
    text = CHARTS.replace(old, new, 1)
    bad = tmp_path / "charts.yml"
    bad.write_text(text, encoding="utf-8")
    start = CHARTS.index(old)  # where the replacement begins
    if at:  # the marker's first occurrence from the replacement on, else before it
        start = text.find(at, start) if at in text[start:] else text.index(at)
    line = text[:start].count("\n") + 1
    proc = validate_here("--data", str(FIXTURES / "minimal.yml"), "validate", str(bad))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    problem = [ln for ln in proc.stderr.splitlines() if all(p in ln for p in pieces)]
    assert problem, proc.stderr
    assert problem[0].startswith(f"{bad}:{line}:"), proc.stderr


@pytest.mark.parametrize("changes", [
    [("values: [52, 42, 6]", "values: [52, 42, 7]")],  # 101: rounding to whole per cent
    [("values: [52, 42, 6]", "values: [52, 42, 36]"),  # answers overlap: any sum
     ("        total: 100\n", "        multiple_choice: true\n")],
], ids=["rounding", "multiple-choice"])
def test_shares_within_rounding_or_multiple_choice_are_accepted(tmp_path, changes):
    text = CHARTS
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    good = tmp_path / "charts.yml"
    good.write_text(text, encoding="utf-8")
    load_data(FIXTURES / "minimal.yml", extra=(good,))


def test_all_dataset_problems_are_reported_at_once(tmp_path):
    text = CHARTS.replace("values: [52, 42, 6]", "values: [52, 42, 16]").replace("values: [92, 87, 83]", "values: [92, 87]")
    text = text.replace("values: [23, 8.5]", "values: [123, 8.5]")
    bad = tmp_path / "charts.yml"
    bad.write_text(text, encoding="utf-8")
    proc = run_cli("--data", str(FIXTURES / "minimal.yml"), "validate", str(bad))
    assert proc.returncode == 1
    assert "add up to 110 %" in proc.stderr and "2 values for 3 categories" in proc.stderr
    assert "cannot be more than 100" in proc.stderr
    assert "3 problems found" in proc.stderr


# ------------------------------------------------------------------ reading a chart


def _num(attr: str) -> float:
    return float(attr)


def _norm(text: str) -> str:
    """Lines joined by one space (a no-break space in a number stays)."""
    return re.sub(r"[ \t\n]+", " ", text).strip()


def _text(el) -> str:
    return _norm(" ".join(el.itertext()))


def _classes(el) -> set[str]:
    return set(el.get("class", "").split())


def _series_of(el) -> int:
    return next(int(c.split("-")[1]) for c in _classes(el) if c.startswith("series-"))


def _translate(el) -> tuple[float, float]:
    x, y = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\)", el.get("transform")).groups()
    return float(x), float(y)


def _parse_number(text: str, lang: str) -> float:
    return float(parse_decimal(text, locale=lang, strict=True))


def shown(value, unit: str, lang: str) -> str:
    """How a value must be printed: Babel's format for the language, '%' for shares."""
    text = format_decimal(value, locale=lang)
    return f"{text} %" if unit == "percent" else text


def label_of(category, lang: str) -> str:
    return category[lang] if isinstance(category, Text) else str(category)


def check_chart(svg_text: str, d, lang: str) -> None:
    """Everything a reader sees in the chart agrees with the dataset ``d``."""
    svg = ET.fromstring(svg_text)
    assert svg.tag == SVG + "svg"
    assert svg.get("role") == "img"
    assert svg.get("viewBox", "").startswith("0 0 ")
    vb_w, vb_h = (float(v) for v in svg.get("viewBox").split()[2:])

    # text alternative: named by the title, described with every value
    title = svg.find(SVG + "title")
    desc = svg.find(SVG + "desc")
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    assert _text(title) == _norm(d.title[lang])
    for s in d.series:
        assert s.name[lang] in desc.text
        for category, v in zip(d.categories, s.values):
            assert f"{label_of(category, lang)}: {shown(v, d.unit, lang)}" in desc.text

    # legend (or panel titles) name each series in the language of the page
    legend = [_text(t) for t in svg.iter(SVG + "text") if _classes(t) & {"legend", "panel-title"}]
    expected_names = [s.name[lang] for s in d.series] if len(d.series) > 1 else []
    assert legend == expected_names

    panels = [g for g in svg.iter(SVG + "g") if "panel" in _classes(g)]
    per_series = d.scale == "per-series"
    assert len(panels) == (len(d.series) if per_series else 1)
    for index, panel in enumerate(panels):
        series = [index] if per_series else list(range(len(d.series)))
        assert panel.get("data-series") == " ".join(map(str, series))
        cats = [_text(t) for t in panel.iter(SVG + "text") if "category" in _classes(t)]
        assert cats == [_norm(label_of(c, lang)) for c in d.categories]
        values = [t for t in panel.iter(SVG + "text") if "value" in _classes(t)]
        baselines = [ln for ln in panel.iter(SVG + "line") if "baseline" in _classes(ln)]
        assert baselines
        if d.chart == "bar":
            check_bars(panel, d, lang, series, values, baselines)
        else:
            check_lines(panel, d, lang, series, values, baselines[0])
    # everything starts inside the drawing
    for el in svg.iter():
        if el.tag in (SVG + "text",) or "bar" in _classes(el):
            assert 0 <= _num(el.get("x")) <= vb_w and 0 <= _num(el.get("y")) <= vb_h, el.attrib
        if "bar" in _classes(el):
            assert _num(el.get("x")) + _num(el.get("width")) <= vb_w
            assert _num(el.get("y")) + _num(el.get("height")) <= vb_h


def check_bars(panel, d, lang, series, values, baselines):
    bars = [r for r in panel.iter(SVG + "rect") if "bar" in _classes(r)]
    assert len(bars) == len(d.categories) * len(series)
    # category by category, series by series, as in the table
    expected = [(j, k) for k in range(len(d.categories)) for j in series]
    assert [_series_of(b) for b in bars] == [j for j, _ in expected]
    assert [_text(t) for t in values] == [shown(d.series[j].values[k], d.unit, lang) for j, k in expected]
    # greyscale: each series has its own fill (a pattern, not only a colour)
    fills = {j: {b.get("fill") for b in bars if _series_of(b) == j} for j in series}
    assert all(len(f) == 1 for f in fills.values())
    assert len({f.pop() for f in fills.values()}) == len(series)
    horizontal = "panel-horizontal" in _classes(panel)
    assert horizontal == (any(isinstance(c, Text) for c in d.categories) and d.scale == "shared")
    vals = [d.series[j].values[k] for j, k in expected]
    if horizontal:
        # bars grow from one zero line; length is proportional to the value
        x0 = {_num(b.get("x")) for b in bars}
        assert len(x0) == 1
        assert {_num(ln.get("x1")) for ln in baselines} == x0
        lengths = [_num(b.get("width")) for b in bars]
        if d.unit == "percent":
            tracks = [r for r in panel.iter(SVG + "rect") if "track" in _classes(r)]
            full = {_num(r.get("width")) for r in tracks}
            assert len(full) == 1 and len(tracks) == len(bars)
            scale = full.pop() / 100
        else:
            scale = max(lengths) / max(vals)
        for length, v in zip(lengths, vals):
            assert abs(length - v * scale) <= TOLERANCE, (length, v)
        # each value is printed just after the end of its bar, level with it
        for b, t in zip(bars, values):
            end = _num(b.get("x")) + _num(b.get("width"))
            assert 0 < _num(t.get("x")) - end <= 6
            assert _num(b.get("y")) <= _num(t.get("y")) <= _num(b.get("y")) + _num(b.get("height"))
        # the category's label is above its bars
        cats = [t for t in panel.iter(SVG + "text") if "category" in _classes(t)]
        for k, t in enumerate(cats):
            first_bar = bars[k * len(series)]
            assert _num(t.get("y")) < _num(first_bar.get("y"))
    else:
        base = _num(baselines[0].get("y1"))
        heights = [_num(b.get("height")) for b in bars]
        for b, h in zip(bars, heights):
            assert abs(_num(b.get("y")) + h - base) <= 0.2  # every column stands on zero
        per_unit = check_axis(panel, base, lang)
        for h, v in zip(heights, vals):
            assert abs(h - v * per_unit) <= TOLERANCE, (h, v)
        # columns go left to right in the order of the categories
        xs = [_num(b.get("x")) for b in bars]
        assert xs == sorted(xs)
        for b, t in zip(bars, values):
            assert abs(_num(t.get("x")) - (_num(b.get("x")) + _num(b.get("width")) / 2)) <= 0.2
            assert _num(t.get("y")) < _num(b.get("y"))


def check_axis(panel, base, lang) -> float:
    """The y axis starts at zero at the baseline; returns units of height per unit of value."""
    ticks = [t for t in panel.iter(SVG + "text") if "tick" in _classes(t)]
    assert len(ticks) >= 3
    numbers = [_parse_number(_text(t), lang) for t in ticks]
    assert numbers[0] == 0
    assert [_text(t) for t in ticks] == [format_decimal(n, locale=lang) for n in numbers]
    grid = [ln for ln in panel.iter(SVG + "line") if "grid" in _classes(ln)]
    assert len(grid) == len(ticks) - 1
    per_unit = (base - _num(grid[-1].get("y1"))) / numbers[-1]
    for n, ln in zip(numbers[1:], grid):
        assert abs(base - _num(ln.get("y1")) - n * per_unit) <= 0.2
    return per_unit


def check_lines(panel, d, lang, series, values, baseline):
    base = _num(baseline.get("y1"))
    per_unit = check_axis(panel, base, lang)
    lines = [p for p in panel.iter(SVG + "polyline") if "line" in _classes(p)]
    assert [_series_of(p) for p in lines] == series
    # greyscale: dash pattern and marker shape differ from series to series
    assert len({p.get("stroke-dasharray") for p in lines}) == len(series)
    markers = {}
    for j, polyline in zip(series, lines):
        points = [g for g in panel.iter(SVG + "g") if "point" in _classes(g) and _series_of(g) == j]
        assert len(points) == len(d.categories)
        markers[j] = tuple((c.tag, c.get("points"), c.get("fill")) for c in points[0])
        xy = [_translate(g) for g in points]
        listed = [tuple(map(float, pair.split(","))) for pair in polyline.get("points").split()]
        assert listed == xy
        assert [x for x, _ in xy] == sorted(x for x, _ in xy)
        for (x, y), v in zip(xy, d.series[j].values):
            assert abs(base - y - v * per_unit) <= TOLERANCE, (y, v)
    assert len(set(markers.values())) == len(series)
    # each point's value is printed in its column, near it
    first = [_translate(g)[0] for g in panel.iter(SVG + "g") if "point" in _classes(g) and _series_of(g) == series[0]]
    for k, x in enumerate(first):
        here = sorted(_text(t) for t in values if abs(_num(t.get("x")) - x) <= 0.2)
        assert here == sorted(shown(d.series[j].values[k], d.unit, lang) for j in series)


# ------------------------------------------------------------------ fixture charts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fixture_charts_match_their_data(lang):
    data = fixture_data()
    campaign = next(c for c in data.campaigns if c.slug == "chart-campaign")
    kinds = set()
    for d in campaign.datasets:
        svg = render_chart(d, lang)
        assert "\n\n" not in svg  # stays one HTML block inside Markdown
        check_chart(str(svg), d, lang)
        kinds.add((d.chart, d.scale, any(isinstance(c, Text) for c in d.categories)))
    assert len(kinds) == 4  # horizontal bars, columns, panels, lines


def test_series_are_told_apart_by_marker_shape():
    data = fixture_data()
    d = next(d for d in data.campaigns[2].datasets if d.id == "trend")
    svg = ET.fromstring(str(render_chart(d, "en")))
    panel = next(g for g in svg.iter(SVG + "g") if "panel" in _classes(g))
    shapes = {}
    for g in panel.iter(SVG + "g"):
        if "point" in _classes(g):
            child = list(g)[0]
            shapes.setdefault(_series_of(g), set()).add((child.tag, child.get("fill"), child.get("points")))
    assert all(len(s) == 1 for s in shapes.values())
    assert len({next(iter(s)) for s in shapes.values()}) == 3


def test_a_zero_is_drawn_as_no_bar_but_printed():
    d = next(d for d in fixture_data().campaigns[2].datasets if d.id == "counts")
    svg = ET.fromstring(str(render_chart(d, "ru")))
    bars = [r for r in svg.iter(SVG + "rect") if "bar" in _classes(r)]
    assert float(bars[2].get("height")) == 0  # 2022, first series: 0
    values = [_text(t) for t in svg.iter(SVG + "text") if "value" in _classes(t)]
    assert values[2] == "0" and values[5] == format_decimal(1500, locale="ru")
    assert float(bars[1].get("height")) >= 1  # 5 of 1 500 stays visible


@pytest.mark.parametrize("lang,expected", [("kk", "8,5 %"), ("ru", "8,5 %"), ("en", "8.5 %")])
def test_numbers_are_formatted_for_the_language(lang, expected):
    d = next(d for d in fixture_data().campaigns[2].datasets if d.id == "overlapping")
    values = [_text(t) for t in ET.fromstring(str(render_chart(d, lang))).iter(SVG + "text") if "value" in _classes(t)]
    assert values == ["23 %", expected]


def test_long_labels_wrap_inside_the_drawing():
    data = fixture_data()
    d = data.campaigns[2].datasets[0]
    long = Text(kk="ұзын " * 30, ru="длинный " * 30, en="long " * 30)
    d = d.model_copy(update={"categories": [long, *d.categories[1:]]})
    svg = ET.fromstring(str(render_chart(d, "ru")))
    first = next(t for t in svg.iter(SVG + "text") if "category" in _classes(t))
    rows = list(first)
    assert len(rows) >= 4
    assert all(len(r.text) * 13 * 0.55 <= 340 for r in rows)
    check_chart(ET.tostring(svg, encoding="unicode"), d, "ru")


# ------------------------------------------------------------------ the real site

# Every chart of the seed campaigns, by page.
SEED_CHARTS = {
    "doverie-111": ["hotline-2017"],
    "12-days-report-north-kazakhstan": ["survey-awareness", "survey-attitudes", "where-minors-work", "measures-proposed"],
    "karaganda-road-map-2023-2025": [
        "children-karaganda", "offences-by-minors", "offences-against-minors", "sexual-offence-victims",
        "suicide-facts", "targets-offences-by-minors", "targets-offences-against-minors", "targets-suicides",
        "targets-suicide-attempts", "targets-legal-protection",
    ],
}

# The seeds' figures, as the documents give them (seeds 002, 003, 004).
SEED_FIGURES = {
    ("doverie-111", "hotline-2017"): [[7042, 4102, 2229, 111, 42, 7, 711]],
    ("12-days-report-north-kazakhstan", "survey-awareness"): [[86]],
    ("12-days-report-north-kazakhstan", "survey-attitudes"): [[52, 42, 6]],
    ("12-days-report-north-kazakhstan", "where-minors-work"): [[23, 8, 31, 8]],
    ("12-days-report-north-kazakhstan", "measures-proposed"): [[26, 23, 18]],
    ("karaganda-road-map-2023-2025", "children-karaganda"): [[317681, 172154, 39789, 13817]],
    ("karaganda-road-map-2023-2025", "offences-by-minors"): [[107, 104, 92]],
    ("karaganda-road-map-2023-2025", "offences-against-minors"): [[251, 167, 182]],
    ("karaganda-road-map-2023-2025", "sexual-offence-victims"): [[172, 129, 70]],
    ("karaganda-road-map-2023-2025", "suicide-facts"): [[10, 11, 13, 7], [7, 7, 5, 8]],
    ("karaganda-road-map-2023-2025", "targets-offences-by-minors"): [[1648, 1565, 1486], [92, 87, 83]],
    ("karaganda-road-map-2023-2025", "targets-offences-against-minors"): [[1904, 1808, 1717], [182, 173, 164]],
    ("karaganda-road-map-2023-2025", "targets-suicides"): [[147, 139, 130], [7, 5, 4]],
    ("karaganda-road-map-2023-2025", "targets-suicide-attempts"): [[293, 278, 264], [7, 5, 3]],
    ("karaganda-road-map-2023-2025", "targets-legal-protection"): [[90, 93, 96]],
}
SEED_FIGURES_ALONE = {  # single figures listed next to the charts
    "doverie-111": [1743471, 7042, 4102, 2229, 111, 42, 7, 711],
    "12-days-report-north-kazakhstan": [42, 500, 200, 10, 1074, 1164],
    "karaganda-road-map-2023-2025": [317681, 172154, 39789, 13817],
}


@pytest.fixture(scope="module")
def real_data():
    return load_data(ROOT / "campaigns.yml")


def test_seed_figures_are_in_the_data(real_data):
    campaigns = {c.slug: c for c in real_data.campaigns}
    for (slug, ident), series in SEED_FIGURES.items():
        d = next(d for d in campaigns[slug].datasets if d.id == ident)
        assert [s.values for s in d.series] == series, ident
    for slug, figures in SEED_FIGURES_ALONE.items():
        assert [f.value for f in campaigns[slug].figures] == figures
    assert {slug: [d.id for d in campaigns[slug].datasets] for slug in SEED_CHARTS} == SEED_CHARTS


def _svg_of(html: str, ident: str) -> str:
    start = html.index(f'id="data-{ident}"')
    end = html.index("</figure>", start)
    figure = html[start:end]
    match = re.search(r'<svg class="chart.*?</svg>', figure, re.S)
    assert match, f"no chart in the figure of {ident}"
    assert "<script" not in figure
    assert '<table class="data">' in figure[match.end():]  # the table follows the chart
    return match.group(0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_is_on_its_page_and_matches_the_yaml(built_site, real_data, lang):
    checked = 0
    for campaign in real_data.campaigns:
        if not campaign.datasets:
            continue
        page = built_site / SETTINGS[lang].prefix / "campaigns" / campaign.slug / "index.html"
        html = page.read_text(encoding="utf-8")
        if '<svg class="chart' not in html:
            # too many charts for a light campaign page (render.DATA_ELEMENTS): they are on its
            # data page, and the campaign page links to each
            assert all(f'href="data/#data-{d.id}"' in html for d in campaign.datasets), campaign.slug
            html = (page.parent / "data" / "index.html").read_text(encoding="utf-8")
        assert html.count('<svg class="chart') == len(campaign.datasets)
        for d in campaign.datasets:
            check_chart(_svg_of(html, d.id), d, lang)
            checked += 1
    assert checked == sum(len(v) for v in SEED_CHARTS.values())


def test_charts_are_styled_to_scale_with_the_page(built_site):
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    rule = re.search(r"svg\.chart \{([^}]*)\}", css).group(1)
    assert "width: 100%" in rule and "height: auto" in rule and "max-width" in rule
