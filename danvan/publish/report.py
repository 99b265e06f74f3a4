"""The view's table as an XLSX for reports: numbers people can compute with, and nothing of how they were said lost.

A view's table holds figures as they were said ("trên 2.500", "13/17 (76,47%)", "50–75%", "dự kiến 12"). Pasted
into Word or summed in Excel, a figure must be a number, yet "trên" must not vanish: each figure column becomes
the number (with a number format) and, beside it, a text column with what qualifies it. Excel stores a format
such as ``#,##0`` or ``0.00%`` and shows it with the reader's own separators, so a Vietnamese Excel shows 2.500 and
53,33% while the stored format stays the same everywhere. Text cells are neutralised as in every other export.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import polars as pl
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from danvan.grammar.i18n import t
from danvan.grammar.periods import date_text
from danvan.grammar.values import (
    ParsedValue,
    ValueParseError,
    format_number,
    format_observation,
    is_not_reported,
    parse_value,
)
from danvan.present.sheets import (
    _BOLD,
    _HEADER_FILL,
    _TITLE_FONT,
    _clean_text,
    _new_workbook,
    _save,
    _text_cell,
    _width,
    _xlsx_value,
)
from danvan.publish._sources import Source, source_text, unique_sources

__all__ = ["HEADER_ROW", "number_format", "report_xlsx", "split_value"]

HEADER_ROW = 3  # row 1: the title, row 2: blank, row 3: the header, figures from row 4
_RATIO_DECIMALS = 2  # a ratio's share is shown as the app shows it: 53,33%
_NOTE_RE = re.compile(r"\(([^()\d]+)\)\s*$")  # a closing "(một phần)": a remark, not a number


def number_format(parsed: ParsedValue) -> str:
    """The Excel format for a figure: grouped thousands and the decimals it was given in, or a percentage."""
    decimals = _RATIO_DECIMALS if parsed.numerator is not None else parsed.decimals
    fraction = "." + "0" * decimals if decimals else ""
    return f"0{fraction}%" if parsed.is_percent else f"#,##0{fraction}"


def _qualifier(parsed: ParsedValue, text: str, lang: str) -> str:
    """What the number alone does not say: "dự kiến trên", "13/17", a range "50–75%", a closing "(một phần)"."""
    fields = (parsed.value, parsed.numerator, parsed.denominator, parsed.low, parsed.high)
    full = format_observation(*fields, parsed.qualifier, parsed.status, parsed.is_percent, lang=lang)
    parts = []
    if parsed.value is None:  # a range: no single number, so the range itself is the text
        parts.append(full)
    else:
        plain = format_observation(*fields, "=", "actual", parsed.is_percent, lang=lang)
        parts.append(full.removesuffix(plain).strip())
        if parsed.numerator is not None and parsed.denominator is not None:
            parts.append(f"{format_number(parsed.numerator, lang=lang)}/{format_number(parsed.denominator, lang=lang)}")
    if note := _NOTE_RE.search(text):
        parts.append(f"({note[1].strip()})")
    return " ".join(p for p in parts if p)


def split_value(text: str | None, lang: str = "vi") -> tuple[float | None, str | None, str]:
    """A figure as said → (number, its Excel format, the qualifying text).

    A percentage is stored as a fraction (53,33% → 0.5333) so that Excel's ``0.00%`` shows it right; a ratio
    13/17 is stored as its share with "13/17" beside it. Text that is not a figure is kept whole as the
    qualifying text, with no number, so nothing the view showed is dropped.
    """
    if text is None or is_not_reported(text):
        return None, None, "" if text is None else str(text).strip()
    try:
        parsed = parse_value(text)
    except ValueParseError:
        return None, None, str(text).strip()
    qualifier = _qualifier(parsed, text, lang)
    if parsed.value is None:
        return None, None, qualifier
    number = parsed.value / 100 if parsed.is_percent else parsed.value
    return number, number_format(parsed), qualifier


def _cell(ws: WriteOnlyWorksheet, value: object, lang: str) -> object:
    """A table cell as the sheet holds it: yes/no words for flags, safe text, other values as they are."""
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    return _xlsx_value(ws, value)


def _number_cell(ws: WriteOnlyWorksheet, number: float | None, fmt: str | None) -> WriteOnlyCell | None:
    if number is None:
        return None
    cell = WriteOnlyCell(ws, value=number)
    cell.number_format = fmt or "General"
    return cell


def _footer(sources: Sequence[Source], last_changed: date | None, lang: str) -> str:
    named = "; ".join(source_text(s, lang) for s in unique_sources(sources)) or t("pub_no_source", lang)
    changed = t("pub_last_changed", lang, day=date_text(last_changed, lang)) if last_changed else ""
    return f"{t('source', lang)}: {named}. {changed}".strip()


def report_xlsx(table: pl.DataFrame, title: str, sources: Sequence[Source], last_changed: date | None,
                lang: str = "vi", *, figures: Sequence[str] | None = None) -> bytes:
    """One sheet: title, frozen header, the rows, then a footer row with the sources and the date data changed.

    ``figures`` names the columns holding figures as said (default: the view's "Giá trị"/"Value" column);
    each becomes a number column followed by its qualifier column ("<column>: ghi kèm").
    """
    figures = [c for c in (figures or [t("value", lang)]) if c in table.columns]
    split = {c: [split_value(v, lang) for v in table[c].cast(pl.String).to_list()] for c in figures}
    headers: list[str] = []
    widths: list[float] = []
    for c in table.columns:
        headers.append(c)
        if c in split:
            qualifier_header = t("report_qualifier", lang, column=c)
            headers.append(qualifier_header)
            widths += [float(max(len(c) + 4, 12)), _width(pl.Series([q for _, _, q in split[c]]), qualifier_header)]
        else:
            widths.append(_width(table[c], c))

    wb = _new_workbook(title)
    ws = wb.create_sheet(t("report_sheet", lang))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.append([_text_cell(ws, _clean_text(title), font=_TITLE_FONT)])
    ws.append([])
    ws.append([_text_cell(ws, _clean_text(h), font=_BOLD, fill=_HEADER_FILL) for h in headers])
    for i, row in enumerate(table.iter_rows(named=True)):
        cells: list[object] = []
        for c, value in row.items():
            if c in split:
                number, fmt, qualifier = split[c][i]
                cells += [_number_cell(ws, number, fmt), _clean_text(qualifier) if qualifier else None]
            else:
                cells.append(_cell(ws, value, lang))
        ws.append(cells)
    last = HEADER_ROW + table.height
    if headers:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last}"
    ws.append([])
    ws.append([_text_cell(ws, _clean_text(_footer(sources, last_changed, lang)))])
    return _save(wb)
