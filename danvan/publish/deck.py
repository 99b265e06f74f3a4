"""A deck for review conferences (hội nghị sơ kết, tổng kết): the view's charts and table as 16:9 slides.

Slides are laid out by hand on python-pptx's plain template, with every position, size, colour and font set
on the slide itself, so PowerPoint and LibreOffice Impress show the same thing: no theme fonts, no table style,
no autofit. The font is Arial: PowerPoint has it, and LibreOffice substitutes the metric-compatible Liberation
Sans (or DejaVu Sans), both with Vietnamese diacritics. Each chart slide carries its picture (PNG bytes made
elsewhere, already stamped with its source), a Vietnamese caption under it, and speaker notes that list every
source with its date; a table too long for one slide goes on over several, each with the header repeated.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from danvan.grammar.i18n import t
from danvan.grammar.periods import date_text
from danvan.publish._sources import Source, source_text, unique_sources

__all__ = ["SLIDE_HEIGHT", "SLIDE_WIDTH", "ChartSlide", "Cover", "TableSlide", "build_deck", "table_pages"]

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13,333 × 7,5 in: PowerPoint's "Widescreen" 16:9
FONT = "Arial"
_MARGIN = Inches(0.5)
_TITLE_TOP, _TITLE_HEIGHT = Inches(0.25), Inches(0.85)
_BODY_TOP = Inches(1.2)
_BODY_BOTTOM = SLIDE_HEIGHT - Inches(0.3)
_CAPTION_GAP, _CAPTION_HEIGHT = Inches(0.1), Inches(0.7)
_TEXT = RGBColor(0x1A, 0x1A, 0x1A)
_MUTED = RGBColor(0x44, 0x44, 0x44)
_ACCENT = RGBColor(0x00, 0x72, 0xB2)  # the charts' first colour (danvan.present.style.PALETTE)
_WHITE = RGBColor(0xFF, 0xFF, 0xFF)
_STRIPE = RGBColor(0xEE, 0xF3, 0xF8)
# Table geometry, in points: a line of 14 pt text, the cell's own padding, and a width per character a little
# above Arial's (about 6 pt for Vietnamese text at 14 pt) so that a DejaVu fallback also fits the rows we plan.
_CELL_PT, _LINE_PT, _CELL_PAD_PT, _CHAR_PT = 14, 17, 9, 7
_CELL_MARGIN = Pt(4)
_LAYOUT_COVER, _LAYOUT_TITLE_ONLY = 0, 5  # python-pptx's default template


@dataclass(frozen=True)
class Cover:
    """The title slide: what the deck is about, for which unit and period, who issues it and when."""

    title: str
    unit: str
    period: str
    office: str
    day: date


@dataclass(frozen=True)
class ChartSlide:
    """One chart: its title, a caption under the picture, the picture as PNG bytes, its sources, notes."""

    title: str
    caption: str
    png: bytes
    sources: Sequence[Source] = ()
    notes: str = ""


@dataclass(frozen=True)
class TableSlide:
    """The view's table: a frame whose column names are the headers; cells are shown as text, verbatim."""

    title: str
    table: pl.DataFrame
    sources: Sequence[Source] = ()
    notes: str = ""


# -- text -------------------------------------------------------------------------------------------------------


def _language(lang: str) -> MSO_LANGUAGE_ID:
    return MSO_LANGUAGE_ID.ENGLISH_US if lang == "en" else MSO_LANGUAGE_ID.VIETNAMESE


def _write(frame: TextFrame, lines: Sequence[str], size: int, lang: str, *, bold: bool = False,
           color: RGBColor = _TEXT, align: PP_ALIGN = PP_ALIGN.LEFT,
           anchor: MSO_ANCHOR | None = MSO_ANCHOR.TOP) -> None:
    """Lines as paragraphs with the font set on every run: nothing is left to the theme or to autofit.

    A table cell is anchored by the cell itself (``anchor=None`` here), as PowerPoint and Impress both read it.
    """
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    if anchor is not None:
        frame.vertical_anchor = anchor
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        font = run.font
        font.name, font.size, font.bold = FONT, Pt(size), bold
        font.color.rgb = color
        font.language_id = _language(lang)


def _title(slide: Slide, text: str, lang: str) -> None:
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _MARGIN, _TITLE_TOP, SLIDE_WIDTH - 2 * _MARGIN, _TITLE_HEIGHT
    _write(shape.text_frame, [text], 28, lang, bold=True, color=_ACCENT, anchor=MSO_ANCHOR.MIDDLE)


def _notes(slide: Slide, notes: str, sources: Sequence[Source], lang: str) -> None:
    """Speaker notes: the slide's own notes, then every source with its date, one per line."""
    lines = [notes] if notes else []
    lines += [t("deck_sources", lang), *(f"– {source_text(s, lang)}" for s in unique_sources(sources))]
    if not sources:
        lines.append(f"– {t('pub_no_source', lang)}")
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


# -- slides -----------------------------------------------------------------------------------------------------


def _cover(slide: Slide, cover: Cover, lang: str) -> None:
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    width = SLIDE_WIDTH - 2 * Inches(1)
    title.left, title.top, title.width, title.height = Inches(1), Inches(1.6), width, Inches(1.9)
    _write(title.text_frame, [cover.title], 36, lang, bold=True, color=_ACCENT, align=PP_ALIGN.CENTER,
           anchor=MSO_ANCHOR.BOTTOM)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Inches(1), Inches(3.8), width, Inches(2.6)
    lines = [t("deck_unit", lang, unit=cover.unit), t("deck_period", lang, period=cover.period), cover.office,
             t("deck_date", lang, day=date_text(cover.day, lang))]
    _write(subtitle.text_frame, lines, 20, lang, color=_MUTED, align=PP_ALIGN.CENTER)


def _fit(pixels: tuple[int, int], width: int, height: int) -> tuple[int, int]:
    """The largest size with the picture's own aspect that fits in width × height (EMU)."""
    scale = min(width / pixels[0], height / pixels[1])
    return round(pixels[0] * scale), round(pixels[1] * scale)


def _chart(slide: Slide, chart: ChartSlide, lang: str) -> None:
    with Image.open(io.BytesIO(chart.png)) as image:
        pixels = image.size
    box_width = SLIDE_WIDTH - 2 * _MARGIN
    box_height = _BODY_BOTTOM - _BODY_TOP - _CAPTION_GAP - _CAPTION_HEIGHT
    width, height = _fit(pixels, box_width, box_height)
    left = _MARGIN + (box_width - width) // 2
    picture = slide.shapes.add_picture(io.BytesIO(chart.png), left, _BODY_TOP, Emu(width), Emu(height))
    picture.name = chart.title
    picture._element.nvPicPr.cNvPr.set("descr", chart.caption or chart.title)  # alt text for screen readers
    caption = slide.shapes.add_textbox(_MARGIN, _BODY_TOP + height + _CAPTION_GAP, box_width, _CAPTION_HEIGHT)
    caption.name = "Chú thích"
    _write(caption.text_frame, [chart.caption], 16, lang, color=_MUTED, align=PP_ALIGN.CENTER)


def _cell_text(value: object, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    return str(value)


def _column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Widths (EMU) in proportion to each column's longest text, kept between 8 and 40 characters."""
    longest = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    weights = [min(max(n, 8), 40) for n in longest]
    total = SLIDE_WIDTH - 2 * _MARGIN
    widths = [int(total * w / sum(weights)) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _row_height(cells: Sequence[str], widths: Sequence[int], *, bold: bool = False) -> int:
    """How tall a row will be once its longest cell wraps (EMU), so that pages never run off the slide."""
    lines = 1
    for text, width in zip(cells, widths, strict=True):
        per_line = max(int((width - 2 * _CELL_MARGIN) / Pt(_CHAR_PT + (1 if bold else 0))), 1)  # bold is wider
        lines = max(lines, *(math.ceil(max(len(part), 1) / per_line) for part in text.split("\n")))
    return Pt(lines * _LINE_PT + _CELL_PAD_PT)


def table_pages(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[list[int]]:
    """Row indices per slide: as many rows as fit under the repeated header in the slide's body."""
    widths = _column_widths(headers, rows)
    room = _BODY_BOTTOM - _BODY_TOP - _row_height(headers, widths, bold=True)
    page: list[int] = []
    used = 0
    for i, row in enumerate(rows):
        height = _row_height(row, widths)
        if page and used + height > room:
            yield page
            page, used = [], 0
        page.append(i)
        used += height
    if page or not rows:
        yield page


def _table(slide: Slide, headers: Sequence[str], rows: Sequence[Sequence[str]], lang: str) -> None:
    widths = _column_widths(headers, rows)
    heights = [_row_height(headers, widths, bold=True), *(_row_height(r, widths) for r in rows)]
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), _MARGIN, _BODY_TOP, SLIDE_WIDTH - 2 * _MARGIN,
                                   Emu(sum(heights)))
    shape.name = "Bảng"
    table = shape.table
    table.first_row, table.horz_banding = True, False  # colours are set per cell below, not by a table style
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for r, (row, height) in enumerate(zip([headers, *rows], heights, strict=True)):
        table.rows[r].height = Emu(height)
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = _CELL_MARGIN
            cell.margin_top = cell.margin_bottom = Pt(2)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = _ACCENT if r == 0 else (_STRIPE if r % 2 == 0 else _WHITE)
            _write(cell.text_frame, text.split("\n"), _CELL_PT, lang, bold=r == 0,
                   color=_WHITE if r == 0 else _TEXT, anchor=None)


# -- the deck ---------------------------------------------------------------------------------------------------


def build_deck(cover: Cover, slides: Sequence[ChartSlide | TableSlide], lang: str = "vi") -> bytes:
    """The whole deck as .pptx bytes: the title slide, then one slide per chart and as many as a table needs."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    deck.core_properties.title = cover.title
    deck.core_properties.author = cover.office
    deck.core_properties.language = "en-US" if lang == "en" else "vi-VN"
    _cover(deck.slides.add_slide(deck.slide_layouts[_LAYOUT_COVER]), cover, lang)
    layout = deck.slide_layouts[_LAYOUT_TITLE_ONLY]
    for item in slides:
        if isinstance(item, ChartSlide):
            slide = deck.slides.add_slide(layout)
            _title(slide, item.title, lang)
            _chart(slide, item, lang)
            _notes(slide, item.notes, item.sources, lang)
            continue
        headers = [str(h) for h in item.table.columns]
        if not headers:
            raise ValueError(f'Bảng "{item.title}" không có cột nào để trình chiếu.')
        rows = [[_cell_text(v, lang) for v in row] for row in item.table.iter_rows()]
        pages = list(table_pages(headers, rows))
        for n, page in enumerate(pages, start=1):
            slide = deck.slides.add_slide(layout)
            title = item.title if len(pages) == 1 else t("deck_table_page", lang, title=item.title, page=n,
                                                         pages=len(pages))
            _title(slide, title, lang)
            _table(slide, headers, [rows[i] for i in page], lang)
            _notes(slide, item.notes, item.sources, lang)
    buf = io.BytesIO()
    deck.save(buf)
    return buf.getvalue()
