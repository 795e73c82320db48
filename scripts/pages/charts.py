"""Charts of datasets as inline SVG, drawn at build time (no script runs in the reader's browser).

The geometry is worked out here; ``templates/chart.svg.j2`` turns it into SVG. Decisions:

- Every axis starts at zero, for bars and for lines: the figures are counts of children
  and shares of people, and a cut axis would make a fall from 107 to 92 look like a collapse.
  Percentages run from 0 to 100 %, so that a share is seen as part of the whole.
- Categories that are text (survey answers, kinds of help) are drawn as horizontal bars, the
  label above its bar at full width: long labels stay readable on a 360 px phone. Years
  are drawn along the x axis, as columns (``chart: bar``) or points joined by lines (``line``).
- Every bar and point carries its value, so nothing has to be read off an axis, and series
  differ by pattern (bars) or by dash and marker shape (lines), not only by colour: the
  chart reads in greyscale and for colour-blind readers.
- ``scale: per-series`` draws one panel per series, each with its own axis (national and
  regional targets side by side would flatten the regional ones to a line).
- The drawing is 340 units wide and scales with the page (CSS caps its width), so the text
  stays close to the body text size on a phone and on a desktop.
- The SVG is an image with a name (the dataset title) and a description listing every value
  in the page's language; the table next to it holds the full data.
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

from babel.numbers import format_decimal
from markupsafe import Markup

from ..sources.languages import t
from ..sources.model import Dataset, Text
from .templating import environment


WIDTH = 340  # viewBox units; CSS scales the drawing to the column
FONT = 13  # labels and values
SMALL = 12  # axis ticks
LINE = 16  # line height of wrapped labels
CHAR = 0.58  # average glyph width of a text in em (DejaVu Sans, a wide system sans: 0.55)
DIGIT = 0.66  # a digit in bold, in em
BAR = 18  # thickness of a horizontal bar
PLOT = 170  # plot height of a chart with a shared scale
PANEL = 120  # plot height of one panel (per-series scale)
HEADROOM = 18  # room above the highest column or point for its value

# One style per series (at most four, as the schema allows): a bar pattern, and a line's
# dash and marker. Distinct in greyscale, colours from the site's palette, contrast >= 3:1.
COLOURS = ("#0b5c8a", "#a3400b", "#3d6b1f", "#5b3a8c")
PATTERNS = ("solid", "hatch", "dots", "cross")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass
class Label:
    x: float
    y: float  # baseline of the first line
    lines: list[str]
    anchor: str = "start"
    cls: str = ""


@dataclass
class Bar:
    series: int
    category: int
    x: float
    y: float
    w: float
    h: float


@dataclass
class Point:
    series: int
    category: int
    x: float
    y: float


@dataclass
class Panel:
    title: Label | None
    orientation: str  # "horizontal" or "vertical"
    baselines: list[tuple[float, float, float, float]]  # x1, y1, x2, y2 of the zero line(s)
    axis_max: float
    grid: list[tuple[float, Label]] = field(default_factory=list)  # (y, tick label)
    tracks: list[Bar] = field(default_factory=list)  # 0-100 % background of a share
    bars: list[Bar] = field(default_factory=list)
    lines: list[tuple[int, list[Point]]] = field(default_factory=list)
    values: list[Label] = field(default_factory=list)
    categories: list[Label] = field(default_factory=list)
    series: list[int] = field(default_factory=list)


@dataclass
class Layout:
    id: str
    kind: str  # bar, line
    width: int
    height: float
    legend: list[tuple[int, float, Label]]  # (series, y, name)
    panels: list[Panel]


def text_width(text: str, size: float = FONT, em: float = CHAR) -> float:
    return len(text) * size * em


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    chars = max(4, int(width / (size * CHAR)))
    return textwrap.wrap(" ".join(text.split()), chars, break_long_words=False, break_on_hyphens=False) or [""]


def number(value, lang: str) -> str:
    return format_decimal(value, locale=lang)


def value_text(value, unit: str, lang: str) -> str:
    shown = number(value, lang)
    return t(lang, "unit.percent", value=shown) if unit == "percent" else shown


def label_text(label, lang: str) -> str:
    return label[lang] if isinstance(label, Text) else str(label)


def nice_ticks(top: float, integers: bool) -> list[float]:
    """0 and three to five round steps up to at least ``top``."""
    if top <= 0:
        return [0, 1]
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        step = m * magnitude
        if integers and step != int(step):
            continue
        if step >= raw:
            break
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def horizontal(d: Dataset, lang: str, top: float) -> tuple[Panel, float]:
    """Text categories: each label above its bar(s); bars grow from x = 1."""
    x0 = 1.0
    texts = [[value_text(v, d.unit, lang) for v in s.values] for s in d.series]
    room = max(text_width(v, FONT, DIGIT) for row in texts for v in row) + 6
    span = WIDTH - x0 - room
    axis_max = 100 if d.unit == "percent" else max(max(s.values) for s in d.series) or 1
    panel = Panel(None, "horizontal", [], axis_max, series=list(range(len(d.series))))
    y = top
    for k, category in enumerate(d.categories):
        lines = wrap(label_text(category, lang), WIDTH)
        panel.categories.append(Label(0, y + FONT, lines, cls="category"))
        y += len(lines) * LINE + 3
        panel.baselines.append((x0, y - 2, x0, y + len(d.series) * (BAR + 3) - 1))
        for j, s in enumerate(d.series):
            w = s.values[k] / axis_max * span
            if s.values[k] > 0:
                w = max(w, 1.0)  # a tiny value stays visible; its label gives it exactly
            if d.unit == "percent":
                panel.tracks.append(Bar(j, k, x0, y, span, BAR))
            panel.bars.append(Bar(j, k, x0, y, w, BAR))
            panel.values.append(Label(x0 + w + 4, y + BAR / 2 + FONT * 0.36, [texts[j][k]], cls="value"))
            y += BAR + 3
        y += 9
    return panel, y


def ticks_for(d: Dataset, series: list[int]) -> list[float]:
    """The y axis of a panel: 0 to 100 for percentages, else 0 to a round number."""
    if d.unit == "percent":
        return [0, 25, 50, 75, 100]
    values = [v for j in series for v in d.series[j].values]
    return nice_ticks(max(values), all(float(v).is_integer() for v in values))


def vertical(d: Dataset, lang: str, top: float, series: list[int], plot_h: float, left: float) -> tuple[Panel, float]:
    """Categories (years) along the x axis; columns or points over a zero-based y axis
    that starts at x = ``left``."""
    values = [v for j in series for v in d.series[j].values]
    ticks = ticks_for(d, series)
    axis_max = ticks[-1]
    tick_texts = [number(v, lang) for v in ticks]
    plot_top = top + HEADROOM
    base = plot_top + plot_h
    x_end = WIDTH - 2
    n = len(d.categories)
    slot = (x_end - left) / n
    panel = Panel(None, "vertical", [(left, base, x_end, base)], axis_max, series=series)

    def y_of(v):
        return base - v / axis_max * plot_h

    for v, s in zip(ticks, tick_texts):
        panel.grid.append((y_of(v), Label(left - 5, y_of(v) + SMALL * 0.36, [s], "end", "tick")))

    cat_lines = [wrap(label_text(c, lang), slot - 4) for c in d.categories]
    for k, lines in enumerate(cat_lines):
        panel.categories.append(Label(left + slot * (k + 0.5), base + 4 + FONT, lines, "middle", "category"))

    if d.chart == "bar":
        group = slot * 0.72
        gap = 3
        bw = min(40.0, (group - gap * (len(series) - 1)) / len(series))
        pitch = bw + gap
        widest = max(text_width(value_text(v, d.unit, lang), FONT, DIGIT) for v in values)
        stagger = len(series) > 1 and widest > pitch
        for k in range(n):
            x = left + slot * (k + 0.5) - (len(series) * bw + gap * (len(series) - 1)) / 2
            for i, j in enumerate(series):
                v = d.series[j].values[k]
                h = base - y_of(v)
                if v > 0:
                    h = max(h, 1.0)
                bx = x + i * pitch
                panel.bars.append(Bar(j, k, bx, base - h, bw, h))
                lift = LINE * (i % 2) if stagger else 0
                panel.values.append(Label(bx + bw / 2, base - h - 5 - lift, [value_text(v, d.unit, lang)], "middle", "value"))
    else:
        for j in series:
            points = [Point(j, k, left + slot * (k + 0.5), y_of(v)) for k, v in enumerate(d.series[j].values)]
            panel.lines.append((j, points))
        for k in range(n):
            # the highest point's value goes above it, the others' below theirs (or above
            # when that would cross the axis); then labels are pushed apart upwards
            order = sorted(series, key=lambda j: -d.series[j].values[k])
            placed = []
            for rank, j in enumerate(order):
                v = d.series[j].values[k]
                below = y_of(v) + FONT + 6
                y = below if rank > 0 and below <= base - 2 else y_of(v) - 8
                placed.append([y, j, v])
            placed.sort(key=lambda p: p[0])
            for i in range(len(placed) - 2, -1, -1):
                placed[i][0] = min(placed[i][0], placed[i + 1][0] - LINE + 2)
            x = left + slot * (k + 0.5)
            for y, j, v in placed:
                panel.values.append(Label(x, y, [value_text(v, d.unit, lang)], "middle", "value"))
    bottom = base + 4 + FONT + (max(len(lines) for lines in cat_lines) - 1) * LINE + 8
    return panel, bottom


def layout(d: Dataset, lang: str) -> Layout:
    y = 0.0
    legend = []
    if len(d.series) > 1 and d.scale == "shared":
        for j, s in enumerate(d.series):
            lines = wrap(s.name[lang], WIDTH - 34)
            legend.append((j, y, Label(34 if d.chart == "line" else 22, y + FONT, lines, cls="legend")))
            y += len(lines) * LINE + 4
        y += 6
    panels = []
    groups = [list(range(len(d.series)))] if d.scale == "shared" else [[j] for j in range(len(d.series))]
    # the same left edge for every panel, wide enough for the widest tick label
    left = max(text_width(number(v, lang), SMALL, DIGIT) for g in groups for v in ticks_for(d, g)) + 8
    if any(isinstance(c, Text) for c in d.categories) and d.chart == "bar" and d.scale == "shared":
        panel, y = horizontal(d, lang, y)
        panels.append(panel)
    elif d.scale == "shared":
        panel, y = vertical(d, lang, y, groups[0], PLOT, left)
        panels.append(panel)
    else:
        for j, s in enumerate(d.series):
            lines = wrap(s.name[lang], WIDTH)
            title = Label(0, y + FONT, lines, cls="panel-title")
            y += len(lines) * LINE
            panel, y = vertical(d, lang, y, [j], PANEL, left)
            panel.title = title
            panels.append(panel)
            y += 10
    return Layout(d.id, d.chart, WIDTH, math.ceil(y), legend, panels)




def render_chart(d: Dataset, lang: str) -> Markup:
    """The chart of ``d`` in ``lang``: an inline <svg> element (no blank lines, so that it
    stays one HTML block inside Markdown)."""
    svg = environment().get_template("chart.svg.j2").render(
        d=d,
        lay=layout(d, lang),
        lang=lang,
        t=lambda key, **kw: t(lang, key, **kw),
        label=lambda c: label_text(c, lang),
        value=lambda v: value_text(v, d.unit, lang),
        colours=COLOURS,
        patterns=PATTERNS,
        dashes=DASHES,
        markers=MARKERS,
        font=FONT,
        small=SMALL,
        line=LINE,
    )
    return Markup("\n".join(line for line in svg.splitlines() if line.strip()))
