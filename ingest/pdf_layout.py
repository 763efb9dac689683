"""What a PDF page holds, read with pdfium: its characters with their boxes, and its ruling lines.

Coordinates are the page as displayed: x to the right, y downwards from the top edge, in points,
whatever the page's /Rotate. Ruling lines come from every path on the page (lines, the edges of
rectangles, polylines; also inside form XObjects); curves and diagonals are not rulings.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_THIN = 2.0  # a filled rectangle thinner than this is a line
_SKIP = {" ", "\u3000", "\t", "\r", "\n", "\ufffe", "\xa0", "\x00", "\x02"}


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Rule:
    """A horizontal (top == bottom) or vertical (x0 == x1) ruling line."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


@dataclass
class PageLayout:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    rules: list[Rule]


class _Display:
    """PDF user space → the page as displayed (rotation applied, origin top-left, y down)."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        left, bottom, right, top = page.get_mediabox()
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        self.rotation = page.get_rotation() % 360

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self.point(left, bottom), self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def read_pages(document: pdfium.PdfDocument, path: Path) -> Iterator[PageLayout]:
    """Every page's glyphs and rules. A page where pdfium cannot map some glyphs of a font that is not
    embedded to text (it happens with STSong-Light and other CID fonts PDF tools name without
    embedding) has its characters read by pdfminer instead, which decodes them from the CMap."""
    for index in range(len(document)):
        page = document[index]
        try:
            display = _Display(page)
            width, height = page.get_size()
            textpage = page.get_textpage()
            rules = _rules(page, display)
            try:
                unmapped, cut = _text_objects(page, textpage, rules, display)
                glyphs = _glyphs_by_pdfminer(path, index) if unmapped else _glyphs(textpage, display, cut)
            finally:
                textpage.close()
            yield PageLayout(index + 1, width, height, glyphs, rules)
        finally:
            page.close()


def _text_objects(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, rules: list[Rule],
                  display: _Display) -> tuple[bool, dict[int, list[tuple]]]:
    """One pass over the page's text objects for two rare troubles.

    - *Unmapped*: a font that is not embedded whose text pdfium gives as nothing but NULs (it happens
      with STSong-Light and other CID fonts PDF tools name without embedding): pdfminer reads the page.
    - *Cut*: text reaching outside its clip path (a table cell's text cut at the page's foot is in the
      text layer but not on the page): those objects, with their clip boxes. Only text beyond the
      ruled area is looked at, as reading a clip costs.
    """
    extent = (min(r.x0 for r in rules) - 2, min(r.top for r in rules) - 2,
              max(r.x1 for r in rules) + 2, max(r.bottom for r in rules) + 2) if rules else None
    left, low, right, high = (ctypes.c_float() for _ in range(4))
    unmapped, cut = False, {}
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        if not (font and pdfium_c.FPDFFont_GetIsEmbedded(font)) and _nothing_but_nuls(obj, textpage):
            unmapped = True
        if extent is None:
            continue
        pdfium_c.FPDFPageObj_GetBounds(obj, left, low, right, high)
        x0, top, x1, bottom = display.box(left.value, low.value, right.value, high.value)
        if extent[0] <= x0 and x1 <= extent[2] and extent[1] <= top and bottom <= extent[3]:
            continue
        boxes = _clip_boxes(obj)
        if any(left.value < bx0 - 1 or right.value > bx1 + 1 or low.value < by0 - 1 or high.value > by1 + 1
               for bx0, by0, bx1, by1 in boxes):
            cut[ctypes.cast(obj, ctypes.c_void_p).value] = boxes
    return unmapped, cut


def _nothing_but_nuls(obj, textpage: pdfium.PdfTextPage) -> bool:
    size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
    buffer = (ctypes.c_ushort * max(size, 1))()
    pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, buffer, size)
    return size > 1 and not any(buffer[:size - 1])


def _glyphs_by_pdfminer(path: Path, index: int) -> list[Glyph]:
    import pdfplumber

    with pdfplumber.open(path, pages=[index + 1]) as pdf:
        return [Glyph(char["text"], char["x0"], char["x1"], char["top"], char["bottom"])
                for char in pdf.pages[0].chars if char["text"] not in _SKIP and char["text"].strip()]


def _glyphs(textpage: pdfium.PdfTextPage, display: _Display, cut: dict[int, list[tuple]]) -> list[Glyph]:
    handle = textpage.raw
    loose = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    found = []
    for index in range(pdfium_c.FPDFText_CountChars(handle)):
        char = chr(pdfium_c.FPDFText_GetUnicode(handle, index) or 32)
        if char in _SKIP or pdfium_c.FPDFText_IsGenerated(handle, index) == 1:
            continue
        pdfium_c.FPDFText_GetLooseCharBox(handle, index, loose)  # the advance box: typographic spacing
        if cut and _outside(cut.get(ctypes.cast(pdfium_c.FPDFText_GetTextObject(handle, index), ctypes.c_void_p).value),
                            (loose.left + loose.right) / 2, (loose.bottom + loose.top) / 2):
            continue  # printed outside its clip: not on the page as seen
        x0, y0, x1, y1 = display.box(loose.left, loose.bottom, loose.right, loose.top)
        if x1 - x0 <= 0:  # no advance: the glyph's own extent
            pdfium_c.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
            x0, _, x1, _ = display.box(left.value, bottom.value, right.value, top.value)
        found.append(Glyph(char, x0, x1, y0, y1))
    return found


def _outside(boxes: list[tuple] | None, x: float, y: float) -> bool:
    return bool(boxes) and any(not (x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1) for x0, y0, x1, y1 in boxes)


def _clip_boxes(obj) -> list[tuple[float, float, float, float]]:
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    boxes = []
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        points = []
        for index in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, path)):
            pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index), x, y)
            points.append((x.value, y.value))
        if len(points) >= 3:
            boxes.append((min(p[0] for p in points), min(p[1] for p in points),
                          max(p[0] for p in points), max(p[1] for p in points)))
    return boxes


def _rules(page: pdfium.PdfPage, display: _Display) -> list[Rule]:
    found: list[Rule] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        _collect(pdfium_c.FPDFPage_GetObject(page.raw, index), identity, display, found, depth=0)
    return found


def _matrix(obj) -> tuple[float, ...]:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return 1.0, 0.0, 0.0, 1.0, 0.0, 0.0
    return matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F


def _collect(obj, outer: tuple[float, ...], display: _Display, found: list[Rule], depth: int) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 6:
        matrix = _compose(_matrix(obj), outer)
        for index in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect(pdfium_c.FPDFFormObj_GetObject(obj, index), matrix, display, found, depth + 1)
    elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and not _invisible(obj):
        found += _path_rules(obj, _compose(_matrix(obj), outer), display)


def _invisible(obj) -> bool:
    """White strokes and fills: page backgrounds and masks, not rulings."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
    channels = [ctypes.c_uint() for _ in range(4)]
    getter = pdfium_c.FPDFPageObj_GetStrokeColor if stroke.value else pdfium_c.FPDFPageObj_GetFillColor
    if not fill.value and not stroke.value:
        return True
    if not getter(obj, *channels):
        return False
    red, green, blue, alpha = (channel.value for channel in channels)
    return alpha == 0 or min(red, green, blue) >= 245


def _path_rules(obj, matrix: tuple[float, ...], display: _Display) -> list[Rule]:
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[list[tuple[float, float]]] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        point = display.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
            points.append([point])
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            points[-1].append(point)
        else:  # a curve: its end point only starts the next straight piece
            points.append([point])
        if pdfium_c.FPDFPathSegment_GetClose(segment) and len(points[-1]) > 1:
            points[-1].append(points[-1][0])
    rules = []
    for polyline in points:
        xs, ys = [p[0] for p in polyline], [p[1] for p in polyline]
        if len(polyline) >= 4 and max(xs) - min(xs) < _THIN <= max(ys) - min(ys):
            rules.append(Rule((min(xs) + max(xs)) / 2, min(ys), (min(xs) + max(xs)) / 2, max(ys)))
            continue  # a thin filled rectangle: one vertical line
        if len(polyline) >= 4 and max(ys) - min(ys) < _THIN <= max(xs) - min(xs):
            rules.append(Rule(min(xs), (min(ys) + max(ys)) / 2, max(xs), (min(ys) + max(ys)) / 2))
            continue
        for (x0, y0), (x1, y1) in zip(polyline, polyline[1:]):
            if abs(y1 - y0) < 0.8 and abs(x1 - x0) >= 1:
                rules.append(Rule(min(x0, x1), (y0 + y1) / 2, max(x0, x1), (y0 + y1) / 2))
            elif abs(x1 - x0) < 0.8 and abs(y1 - y0) >= 1:
                rules.append(Rule((x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1)))
    return rules
