"""A page's glyphs and rulings → lines of cells, top to bottom.

- **Ruled tables**: the rulings that meet form a grid; a piece of text belongs to the cell whose
  top rule and left rule enclose it, so a merged cell's text sits in its first column and the
  columns it spans stay blank (as the text and Excel formats give them). A cell whose text wraps
  over several lines is one cell; a grid row that holds several rows of text (no rule between
  them) is split where two or more cells start a line together.
- **Unruled tables**: lines carrying amounts, with the header lines above them, form a block; its
  columns are the x ranges that the text of its amount lines covers, so a blank cell stays blank
  where the text layer simply leaves it out, and amounts printed glued together are split.
- Everything else is prose: one text line each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from ingest.pdf_layout import Glyph, PageLayout, Rule
from ingest.tables import Line

_SNAP = 2.0  # rulings closer than this are one
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
_GLUED = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}")
_ASCII = re.compile(r"[0-9A-Za-z%.,)\]]$")


@dataclass
class Run:
    """Text of one cell on one line."""

    glyphs: list[Glyph]
    text: str = ""

    def __post_init__(self) -> None:
        self.text = _join(self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(glyph.x1 for glyph in self.glyphs)

    @property
    def top(self) -> float:
        return min(glyph.top for glyph in self.glyphs)

    @property
    def middle(self) -> float:
        return median(glyph.middle for glyph in self.glyphs)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def is_amount(self) -> bool:
        return bool(_AMOUNT.match(self.text.replace(" ", "")))


@dataclass
class TextLine:
    runs: list[Run]
    size: float

    @property
    def top(self) -> float:
        return min(run.top for run in self.runs)

    @property
    def middle(self) -> float:
        return median(run.middle for run in self.runs)

    @property
    def text(self) -> str:
        return _join([glyph for run in self.runs for glyph in run.glyphs], wide=True)


@dataclass
class Grid:
    rows: list[float]  # y of each horizontal rule, top to bottom
    cols: list[float]  # x of each vertical rule, left to right
    horizontal: list[Rule]
    vertical: list[Rule]
    runs: list[Run] = field(default_factory=list)

    @property
    def top(self) -> float:
        """The vertical rules may reach past the first or last horizontal one: a row cut by the page."""
        return min(self.rows[0], min(rule.top for rule in self.vertical))

    @property
    def bottom(self) -> float:
        return max(self.rows[-1], max(rule.bottom for rule in self.vertical))

    def holds(self, run: Run) -> bool:
        return self.cols[0] - 1 <= run.center <= self.cols[-1] + 1 and self.top - 1 <= run.middle <= self.bottom + 1

    def cell(self, run: Run) -> tuple[int, int]:
        """(row, column) of the cell enclosing the run: the nearest rules above and to its left."""
        x, y = run.center, run.middle
        top = max((rule.top for rule in self.horizontal if rule.top <= y and rule.x0 - 1 <= x <= rule.x1 + 1),
                  default=self.rows[0])  # above the first rule (a row begun on the page before): row 0
        left = max((rule.x0 for rule in self.vertical if rule.x0 <= x and rule.top - 1 <= y <= rule.bottom + 1),
                   default=self.cols[0])
        return _index(self.rows, top), min(_index(self.cols, left), len(self.cols) - 2)


def page_lines(layout: PageLayout, start: int) -> list[Line]:
    """The page's table rows and text lines, top to bottom, numbered from ``start``."""
    grids = _grids(layout.rules)
    vertical = [rule for grid in grids for rule in grid.vertical]
    loose: list[TextLine] = []
    for line in _text_lines(layout.glyphs):
        runs = _runs(line, vertical)
        inside = [run for run in runs if any(grid.holds(run) for grid in grids)]
        for run in inside:
            next(grid for grid in grids if grid.holds(run)).runs.append(run)
        outside = [run for run in runs if run not in inside]
        if outside:
            loose.append(TextLine(outside, _size(outside)))
    placed: list[tuple[float, list[str], str]] = []
    for grid in grids:
        placed += [(top, cells, "grid") for top, cells in _grid_rows(grid)]
    placed += _loose_rows(loose)
    placed.sort(key=lambda item: item[0])
    return [Line(start + i, cells, layout.number, kind) for i, (_top, cells, kind) in enumerate(placed)]


# ---------------------------------------------------------------- glyphs → lines → runs

def _text_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by the line they sit on, each line left to right; a glyph printed twice over
    itself (simulated bold) counts once."""
    lines: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.middle):
        if lines and abs(glyph.middle - lines[-1][0].middle) <= 0.45 * max(1.0, min(glyph.height, lines[-1][0].height)):
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    result = []
    for line in lines:
        line.sort(key=lambda g: g.x0)
        kept: list[Glyph] = []
        for glyph in line:
            if kept and glyph.text == kept[-1].text and abs(glyph.x0 - kept[-1].x0) < 0.4 * max(0.5, glyph.x1 - glyph.x0):
                continue
            kept.append(glyph)
        result.append(kept)
    return result


def _runs(line: list[Glyph], vertical: list[Rule]) -> list[Run]:
    """A line cut into runs: at a vertical rule, or at a gap wider than about one character."""
    size = median(glyph.height for glyph in line)
    middle = median(glyph.middle for glyph in line)
    walls = sorted(rule.x0 for rule in vertical if rule.top - 1 <= middle <= rule.bottom + 1)
    runs: list[list[Glyph]] = [[line[0]]]
    for previous, glyph in zip(line, line[1:]):
        gap = glyph.x0 - previous.x1
        walled = any(previous.x1 - 1.5 <= wall <= glyph.x0 + 1.5 for wall in walls)
        if walled or gap > 0.9 * size:
            runs.append([glyph])
        else:
            runs[-1].append(glyph)
    return [Run(glyphs) for glyphs in runs]


def _join(glyphs: list[Glyph], wide: bool = False) -> str:
    """Glyphs → text. A space only where a visible gap parts two Latin words or numbers ('Windows
    Server'); none beside Chinese text or punctuation ('66, 716, 064' → '66,716,064'). A text line
    (``wide``) also keeps a space at a gap wider than a character."""
    if not glyphs:
        return ""
    size = median(glyph.height for glyph in glyphs)
    out = [glyphs[0].text]
    for previous, glyph in zip(glyphs, glyphs[1:]):
        gap = glyph.x0 - previous.x1
        left, right = _latin(previous.text), _latin(glyph.text)
        if (wide and (gap > 0.9 * size or (gap > 0.2 * size and (left or right)))) or (left and right and gap > 0.3 * size):
            out.append(" ")
        out.append(glyph.text)
    return "".join(out)


def _latin(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "%")


def _size(runs: list[Run]) -> float:
    return median(glyph.height for run in runs for glyph in run.glyphs)


# ---------------------------------------------------------------- ruled tables

def _merge(rules: list[Rule], horizontal: bool) -> list[Rule]:
    """Collinear pieces (a dashed line, one rule per cell) joined into one rule."""
    key = (lambda r: (round(r.top), r.x0)) if horizontal else (lambda r: (round(r.x0), r.top))
    merged: list[Rule] = []
    for rule in sorted(rules, key=key):
        if merged:
            last = merged[-1]
            if horizontal and abs(rule.top - last.top) <= _SNAP and rule.x0 <= last.x1 + _SNAP:
                merged[-1] = Rule(last.x0, last.top, max(last.x1, rule.x1), last.top)
                continue
            if not horizontal and abs(rule.x0 - last.x0) <= _SNAP and rule.top <= last.bottom + _SNAP:
                merged[-1] = Rule(last.x0, last.top, last.x0, max(last.bottom, rule.bottom))
                continue
        merged.append(rule)
    return merged


def _grids(rules: list[Rule]) -> list[Grid]:
    """Rules that meet, grouped; a group with at least two rules each way is a ruled table."""
    horizontal = _merge([r for r in rules if r.horizontal and r.x1 - r.x0 > 3], True)
    vertical = _merge([r for r in rules if not r.horizontal and r.bottom - r.top > 3], False)
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if h.x0 - 3 <= v.x0 <= h.x1 + 3 and v.top - 3 <= h.top <= v.bottom + 3:
                parent[find(i)] = find(len(horizontal) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, rule in enumerate(horizontal + vertical):
        groups.setdefault(find(i), ([], []))[0 if i < len(horizontal) else 1].append(rule)
    grids = []
    for hs, vs in groups.values():
        if len(hs) >= 2 and len(vs) >= 2:
            grids.append(Grid(_snap(r.top for r in hs), _snap(r.x0 for r in vs), hs, vs))
    return grids


def _snap(values) -> list[float]:
    snapped: list[float] = []
    for value in sorted(values):
        if not snapped or value - snapped[-1] > _SNAP:
            snapped.append(value)
    return snapped


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _grid_rows(grid: Grid) -> list[tuple[float, list[str]]]:
    width = len(grid.cols) - 1
    by_row: dict[int, list[tuple[int, Run]]] = {}
    for run in grid.runs:
        row, col = grid.cell(run)
        by_row.setdefault(row, []).append((col, run))
    # Rules between most rows: a grid row with several lines of text is one row whose cells wrap
    # ('1,264,602' over '.38'); rules only around blocks of rows: each line of amounts is a row.
    stacked = sum(_amount_lines(placed) >= 2 for placed in by_row.values())
    split = stacked > 0.3 * sum(_amount_lines(placed) >= 1 for placed in by_row.values())
    rows = []
    for row in sorted(by_row):
        for top, cells in _split_band(by_row[row], width, split):
            rows.append((top, cells))
    return rows


def _amount_lines(placed: list[tuple[int, Run]]) -> int:
    return len({round(run.middle) for _, run in placed if run.is_amount})


def _split_band(placed: list[tuple[int, Run]], width: int, split: bool = True) -> list[tuple[float, list[str]]]:
    """Text between two rules (or a whole unruled block) → rows of cells. Each line carrying an
    amount is a row of its own when there are several (no rule was drawn between them), and so is
    each line above the first of them that fills two or more cells (a header line); any other line
    (a name wrapped above or below its amounts, a label wrapped over two lines) joins the nearest
    of those rows. Without two such amount lines the band is one row, its cells' lines joined."""
    lines: list[list[tuple[int, Run]]] = []
    for col, run in sorted(placed, key=lambda item: item[1].middle):
        if lines and abs(run.middle - lines[-1][0][1].middle) <= 0.45 * _size([run]):
            lines[-1].append((col, run))
        else:
            lines.append([(col, run)])
    amounts = [i for i, line in enumerate(lines) if any(run.is_amount for _, run in line)]
    if len(amounts) < 2 or not split or _wrapped_row([lines[i] for i in amounts]):
        groups = [lines]
    else:
        headers = [i for i in range(amounts[0]) if len({col for col, _ in lines[i]}) >= 2]
        anchors = headers + amounts
        owner = {i: min(anchors, key=lambda a: (abs(lines[a][0][1].middle - lines[i][0][1].middle), a > i))
                 for i in range(len(lines))}
        groups = [[lines[i] for i in range(len(lines)) if owner[i] == anchor] for anchor in anchors]
    rows = []
    for group in groups:
        cells: list[list[Run]] = [[] for _ in range(width)]
        for line in group:
            for col, run in sorted(line, key=lambda item: item[1].x0):
                cells[col].append(run)
        top = min(run.top for line in group for _, run in line)
        rows.append((top, [_cell_text(runs) for runs in cells]))
    return rows


def _wrapped_row(lines: list[list[tuple[int, Run]]]) -> bool:
    """Lines of amounts that are one row wrapped, not rows: the fullest line leaves out the columns
    the others fill ('科技研发资金-平台载 530,850.0' / '530,850.00 0.00 …' / '体专项 0': the 总计 cell
    wrapped round the line of the other columns). Rows stacked without rules share their 总计 column."""
    filled = [{col for col, run in line if run.is_amount} for line in lines]
    fullest = max(filled, key=len)
    return len(fullest) >= 2 and all(cols.isdisjoint(fullest) for cols in filled if cols is not fullest)


def _cell_text(runs: list[Run]) -> str:
    """A cell's runs, line by line, as one string (a wrapped name joined without a break)."""
    pieces = []
    for run in runs:
        number_goes_on = re.search(r"[\d,.]$", pieces[-1]) and re.match(r"[\d,.]", run.text) if pieces else False
        if pieces and _ASCII.search(pieces[-1]) and _ASCII.match(run.text) and not run.is_amount and not number_goes_on:
            pieces.append(" ")
        pieces.append(run.text)
    return "".join(pieces).strip()


# ---------------------------------------------------------------- unruled tables and prose

def _loose_rows(lines: list[TextLine]) -> list[tuple[float, list[str], str]]:
    """Lines outside the ruled tables: blocks of aligned columns become rows, the rest text lines."""
    lines.sort(key=lambda line: line.middle)
    for line in lines:
        line.runs = [piece for run in line.runs for piece in _unglue(run)]
    out: list[tuple[float, list[str], str]] = []
    used: set[int] = set()
    for start, end in _blocks(lines):
        out += [(top, cells, "grid") for top, cells in _block_rows(lines[start:end])]
        used.update(range(start, end))
    for i, line in enumerate(lines):
        if i not in used:
            out.append((line.top, [line.text], "text"))
    return out


def _columnar(line: TextLine) -> bool:
    """A line of a table: several runs apart, at least one of them an amount."""
    return len(line.runs) >= 2 and any(run.is_amount for run in line.runs[1:])


def _blocks(lines: list[TextLine]) -> list[tuple[int, int]]:
    """Index ranges of table blocks: two or more columnar lines, with the multi-run header lines
    right above them and short fragments (wrapped names) between them."""
    blocks = []
    i = 0
    while i < len(lines):
        if not _columnar(lines[i]):
            i += 1
            continue
        end, last = i + 1, i
        while end < len(lines) and end - last <= 3:
            if _columnar(lines[end]):
                last = end
            elif len(lines[end].runs) > 2 or lines[end].runs[-1].x1 - lines[end].runs[0].x0 > 0.6 * _span(lines, i, last):
                break
            end += 1
        end = last + 1
        if sum(_columnar(line) for line in lines[i:end]) >= 2:
            start = i
            while start > 0 and len(lines[start - 1].runs) >= 2 and not _columnar(lines[start - 1]) \
                    and i - start < 4 and "单位" not in lines[start - 1].text:
                start -= 1
            blocks.append((start, end))
        i = end
    return blocks


def _span(lines: list[TextLine], first: int, last: int) -> float:
    chosen = lines[first:last + 1]
    return max(line.runs[-1].x1 for line in chosen) - min(line.runs[0].x0 for line in chosen)


def _block_rows(block: list[TextLine]) -> list[tuple[float, list[str]]]:
    columns = _columns([line for line in block if _columnar(line)])
    placed = []
    for line in block:
        for run in line.runs:
            placed.append((_column_of(run, columns), run))
    return _split_band(placed, len(columns))


def _columns(lines: list[TextLine]) -> list[tuple[float, float]]:
    """Column x ranges: where the runs of the amount lines fall, split at the x positions almost no
    run covers."""
    left = min(run.x0 for line in lines for run in line.runs)
    right = max(run.x1 for line in lines for run in line.runs)
    cover = [0] * (int(right - left) + 2)
    for line in lines:
        for run in line.runs:
            for x in range(int(run.x0 - left), int(run.x1 - left) + 1):
                cover[x] += 1
    floor = len(lines) // 8
    columns: list[tuple[float, float]] = []
    start: int | None = None
    for x, count in enumerate(cover):
        if count > floor and start is None:
            start = x
        elif count <= floor and start is not None:
            columns.append((left + start, left + x))
            start = None
    if start is not None:
        columns.append((left + start, right))
    return columns or [(left, right)]


def _column_of(run: Run, columns: list[tuple[float, float]]) -> int:
    """The column a run falls in; a label over several columns (a header) sits in the first one."""
    width = max(1.0, run.x1 - run.x0)
    overlaps = [max(0.0, min(run.x1, x1) - max(run.x0, x0)) for x0, x1 in columns]
    spanned = [i for i, overlap in enumerate(overlaps) if overlap >= 0.2 * width or overlap >= 0.5 * (columns[i][1] - columns[i][0])]
    if spanned:
        return spanned[0]
    return min(range(len(columns)), key=lambda i: min(abs(run.center - columns[i][0]), abs(run.center - columns[i][1])))


def _unglue(run: Run) -> list[Run]:
    """'174,900.64101,833.84' (two amounts printed with no gap) → two runs."""
    text = run.text.replace(" ", "")
    if not re.fullmatch(f"(?:{_GLUED.pattern}){{2,}}", text) or len(text) != len(run.glyphs):
        return [run]
    pieces, start = [], 0
    for match in _GLUED.finditer(text):
        pieces.append(Run(run.glyphs[start:match.end()]))
        start = match.end()
    return pieces
