"""The report table read back twice, by openpyxl and by calamine (fastexcel): numbers, qualifiers, footer, safety."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import fastexcel
import openpyxl
import polars as pl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from danvan.publish.report import report_xlsx

TITLE = "Số cuộc đối thoại với Nhân dân, năm 2024"
SOURCES = [("Báo cáo 15/BC-UBND huyện Lạc Sơn", date(2024, 6, 10)), ("Tệp tải lên tong_hop.xlsx", None),
           ("Báo cáo 15/BC-UBND huyện Lạc Sơn", date(2024, 6, 10))]  # named twice, listed once
CHANGED = date(2026, 11, 24)
HOSTILE = '=HYPERLINK("http://x.example","bấm vào")'
# (figure as said, the number worked out by hand, its stored Excel format, the text beside it)
FIGURES = [
    ("trên 2.500", 2500, "#,##0", "trên"),
    ("13/17 (76,47%)", 13 / 17, "0.00%", "13/17"),
    ("khoảng 1,5", 1.5, "#,##0.0", "khoảng"),
    ("50–75%", None, None, "50–75%"),
    ("ít nhất 90%", 0.9, "0%", "ít nhất"),
    ("dự kiến 12 (một phần)", 12, "#,##0", "dự kiến (một phần)"),
    ("53,33%", 0.5333, "0.00%", None),
    ("=1+1", None, None, "'=1+1"),  # not a figure: kept as (safe) text, never a number or a formula
]
HEADERS = ["Đơn vị", "Kỳ báo cáo", "Giá trị", "Giá trị: ghi kèm", "Trạng thái", "một phần"]


def table() -> pl.DataFrame:
    n = len(FIGURES)
    return pl.DataFrame({
        "Đơn vị": [HOSTILE, *(f"Huyện số {i}" for i in range(2, n + 1))],
        "Kỳ báo cáo": ["Năm 2024"] * n,
        "Giá trị": [f[0] for f in FIGURES],
        "Trạng thái": ["Thực hiện"] * n,
        "một phần": [i == 5 for i in range(n)],
    })


@pytest.fixture(scope="module")
def book() -> bytes:
    return report_xlsx(table(), TITLE, SOURCES, CHANGED, "vi")


@pytest.fixture(scope="module")
def sheet(book: bytes) -> Worksheet:
    return openpyxl.load_workbook(io.BytesIO(book)).active


def test_title_header_frozen_and_widths(sheet: Worksheet) -> None:
    assert sheet["A1"].value == TITLE and sheet["A1"].font.bold
    assert sheet["A2"].value is None
    assert [c.value for c in sheet[3]] == HEADERS
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:F{3 + len(FIGURES)}"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEF"]
    assert all(w >= 8 for w in widths)
    assert widths[0] >= len(HOSTILE)  # the longest unit name fits


@pytest.mark.parametrize("row", range(len(FIGURES)))
def test_figures_are_numbers_with_a_format_and_their_qualifier_beside(sheet: Worksheet, row: int) -> None:
    said, number, fmt, beside = FIGURES[row]
    value, qualifier = sheet.cell(4 + row, 3), sheet.cell(4 + row, 4)
    if number is None:
        assert value.value is None
    else:
        assert value.data_type == "n" and value.value == pytest.approx(number)
        assert value.number_format == fmt  # Excel shows it with the reader's separators: 2.500 and 76,47% in vi
    assert qualifier.value == beside
    assert qualifier.data_type in ("s", "n")  # text or empty, never a formula ("f")


def test_flags_are_words_and_the_footer_names_sources_once_with_dates(sheet: Worksheet) -> None:
    assert [sheet.cell(4 + i, 6).value for i in range(len(FIGURES))] == ["Có" if i == 5 else "Không"
                                                                         for i in range(len(FIGURES))]
    last = sheet.max_row
    assert last == 3 + len(FIGURES) + 2 and sheet.cell(last - 1, 1).value is None
    assert sheet.cell(last, 1).value == ("Nguồn: Báo cáo 15/BC-UBND huyện Lạc Sơn (10/06/2024); "
                                         "Tệp tải lên tong_hop.xlsx (không ghi ngày). "
                                         "Số liệu cập nhật ngày 24/11/2026.")


def test_formula_like_text_is_neutralised(book: bytes, sheet: Worksheet) -> None:
    assert sheet["A4"].value == "'" + HOSTILE and sheet["A4"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(book)) as z:  # the raw XML: no formula element anywhere
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert not re.search(r"<(\w+:)?f[ >]", xml)


def test_a_second_reader_sees_the_same_numbers_and_text(book: bytes) -> None:
    """calamine, through fastexcel and Polars: an independent reader of the same bytes."""
    frame = fastexcel.read_excel(book).load_sheet(0, header_row=2).to_polars()
    assert frame.columns == HEADERS
    assert frame["Giá trị"].dtype == pl.Float64
    body = frame.head(len(FIGURES))
    numbers = body["Giá trị"].to_list()
    assert [n is None for n in numbers] == [f[1] is None for f in FIGURES]
    assert [n for n in numbers if n is not None] == pytest.approx([f[1] for f in FIGURES if f[1] is not None])
    assert body["Giá trị: ghi kèm"].to_list() == [f[3] for f in FIGURES]
    assert body["Đơn vị"][0] == "'" + HOSTILE
    assert frame["Đơn vị"][-1].startswith("Nguồn: Báo cáo 15/BC-UBND")
    assert pl.read_excel(io.BytesIO(book), engine="calamine", read_options={"header_row": 2}).columns == HEADERS


def test_english() -> None:
    frame = pl.DataFrame({"Unit": ["Hòa Bình"], "Value": ["over 2,500"]})
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(frame, "Figures", [], None, "en"))).active
    assert [c.value for c in sheet[3]] == ["Unit", "Value", "Value: qualifier"]
    assert (sheet["B4"].value, sheet["B4"].number_format, sheet["C4"].value) == (2500, "#,##0", "over")
    assert sheet.cell(sheet.max_row, 1).value == "Source: no source given."
    assert sheet.title == "Figures"
