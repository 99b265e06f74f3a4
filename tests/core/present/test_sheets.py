"""Spreadsheet output, checked by reading the bytes back: text from files must never turn into a formula."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import polars as pl
import pytest

from danvan.grammar import catalogue
from danvan.grammar.periods import PeriodError, parse_period
from danvan.present.sheets import (
    DATA_SHEET,
    LIST_SHEET,
    PROBLEM_HEADERS,
    PROBLEM_SHEET,
    SPARE_ROWS,
    TEMPLATE_HEADERS,
    frame_to_csv,
    frame_to_xlsx,
    neutralise,
    problems_workbook,
    template_csv,
    template_xlsx,
)

BOM = b"\xef\xbb\xbf"
DANGEROUS = ["=SUM(A1)", "+1", "-2+3", "@cmd", "  =x", "\t=x", "\r=x", "\tabc", "\u00a0=x", "＝1+1",
             '=HYPERLINK("http://x")', "-"]
HARMLESS = ["abc", "2.500", "trên 90%", "53,33%", "13/17", "dự kiến 12", "1/2 - 3/4", "", "   ", "a=b",
            "'=already quoted", "Hà Nội"]
UNITS = [("01", "Thành phố Hà Nội"), ("79", "Thành phố Hồ Chí Minh"), ("00004", "Phường Ba Đình")]
CODES = ["MC_XA", "TCD_CUOC"]
# danvan.ingest._validate.PROBLEM_SCHEMA, repeated so these tests do not need the store stack
PROBLEM_SCHEMA = {"rec": pl.Int64, "row_no": pl.Int64, "field": pl.String, "column": pl.String, "text": pl.String,
                  "severity": pl.String, "message": pl.String}


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def csv_frame(data: bytes) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(data.decode("utf-8-sig")), infer_schema=False)


def problems(texts: list[str], severities: list[str] | None = None) -> pl.DataFrame:
    n = len(texts)
    return pl.DataFrame({
        "rec": list(range(n)), "row_no": [i + 2 for i in range(n)], "field": ["value"] * n,
        "column": ["Giá trị"] * n, "text": texts, "severity": severities or ["error"] * n,
        "message": [f"Không hiểu giá trị ở dòng {i + 2}: “{t}”." for i, t in enumerate(texts)],
    }, schema=PROBLEM_SCHEMA)


# -- neutralise ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralise_prefixes_formula_starts(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_neutralise_leaves_plain_text(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize("value", [-3, 2.5, -0.5, 0, None, True, date(2025, 7, 1)])
def test_neutralise_never_touches_non_text(value: object) -> None:
    out = neutralise(value)
    assert out == value
    assert type(out) is type(value)


def test_csv_uses_the_same_rule_as_neutralise() -> None:
    texts = DANGEROUS + HARMLESS + ["\u3000@x", "\ufeff+1", "\n-1", "x\t=1", "＠a", "－1"]
    data = frame_to_csv(pl.DataFrame({"t": texts}))
    assert csv_frame(data)["t"].fill_null("").to_list() == [neutralise(t) for t in texts]


# -- frame_to_xlsx ----------------------------------------------------------------------------------------------


def test_xlsx_formula_text_is_a_string_cell_and_numbers_stay_numbers() -> None:
    frame = pl.DataFrame({
        "Tên": ['=HYPERLINK("http://x")', "Hà Nội", "#N/A"],
        "Số": [-3, 2, 2500],
        "Tỷ lệ": [53.33, -0.5, None],
        "Ngày": [date(2025, 6, 30), date(2025, 7, 1), None],
    })
    ws = book(frame_to_xlsx({"Bảng": frame}))["Bảng"]
    assert [c.value for c in ws[1]] == ["Tên", "Số", "Tỷ lệ", "Ngày"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    link = ws["A2"]
    assert link.data_type == "s"
    assert link.value == "'" + '=HYPERLINK("http://x")'
    assert ws["A3"].value == "Hà Nội"
    assert (ws["A4"].value, ws["A4"].data_type) == ("#N/A", "s")  # text, not an Excel error value
    assert [ws.cell(r, 2).value for r in (2, 3, 4)] == [-3, 2, 2500]
    assert all(ws.cell(r, 2).data_type == "n" for r in (2, 3, 4))
    assert (ws["C2"].value, ws["C3"].value, ws["C4"].value) == (53.33, -0.5, None)
    assert ws["D2"].value.date() == date(2025, 6, 30)
    assert ws.max_row == 4


def test_xlsx_title_line_header_on_row_three_and_several_sheets() -> None:
    frames = {"Một": pl.DataFrame({"a": ["x"]}), "Hai/ba?": pl.DataFrame({"b": [1, 2]})}
    wb = book(frame_to_xlsx(frames, title="=Báo cáo"))
    assert wb.sheetnames == ["Một", "Hai_ba_"]
    ws = wb["Hai_ba_"]
    assert ws["A1"].value == "'=Báo cáo"
    assert ws["A2"].value is None
    assert ws["A3"].value == "b"
    assert ws.freeze_panes == "A4"
    assert [ws.cell(r, 1).value for r in (4, 5)] == [1, 2]
    assert ws.auto_filter.ref == "A3:A5"


def test_xlsx_survives_control_characters_and_odd_types() -> None:
    frame = pl.DataFrame({"t": ["a\x0bb", "dòng 1\ndòng 2"], "l": [[1, 2], None], "f": [float("nan"), 1.0]})
    ws = book(frame_to_xlsx({"x": frame}))["x"]
    assert ws["A2"].value == "a\ufffdb"
    assert ws["A3"].value == "dòng 1\ndòng 2"
    assert ws["B2"].value == "[1, 2]"
    assert ws["C2"].value == "nan"
    assert ws["C3"].value == 1


def test_xlsx_needs_a_sheet_and_dedupes_long_names() -> None:
    with pytest.raises(ValueError, match="Không có bảng"):
        frame_to_xlsx({})
    long = "x" * 40
    wb = book(frame_to_xlsx({long: pl.DataFrame({"a": [1]}), long + "y": pl.DataFrame({"a": [2]})}))
    assert wb.sheetnames == ["x" * 31, "x" * 27 + " (2)"]


def test_xlsx_reads_back_with_polars() -> None:
    frame = pl.DataFrame({"Mã": ["01", "79"], "Tên": ["Hà Nội", "=cmd"], "Giá trị": [1.5, 2.0]})
    back = pl.read_excel(io.BytesIO(frame_to_xlsx({"S": frame})), sheet_name="S")
    assert back["Mã"].to_list() == ["01", "79"]
    assert back["Tên"].to_list() == ["Hà Nội", "'=cmd"]
    assert back["Giá trị"].to_list() == [1.5, 2.0]


# -- frame_to_csv -------------------------------------------------------------------------------------------------


def test_csv_has_bom_keeps_vietnamese_and_neutralises() -> None:
    frame = pl.DataFrame({
        "Tên đơn vị": ["Xã Ẳng Cang", "=1+1", None], "Giá trị": [-3, 2, None],
        "Loại": pl.Series(["@x", "b", "c"], dtype=pl.Categorical), "Danh sách": [["=a"], ["b"], None],
    })
    data = frame_to_csv(frame)
    assert data.startswith(BOM)
    assert not data[3:].startswith(BOM)
    back = csv_frame(data)
    assert back.columns == ["Tên đơn vị", "Giá trị", "Loại", "Danh sách"]
    assert back["Tên đơn vị"].to_list() == ["Xã Ẳng Cang", "'=1+1", None]
    assert back["Giá trị"].to_list() == ["-3", "2", None]  # numbers are written as numbers, not quoted
    assert back["Loại"].to_list() == ["'@x", "b", "c"]
    assert back["Danh sách"].to_list() == ["['=a']", "['b']", None]


def test_csv_neutralises_header_names() -> None:
    assert csv_frame(frame_to_csv(pl.DataFrame({"=x": [1]}))).columns == ["'=x"]


# -- problems_workbook ------------------------------------------------------------------------------------------


def test_problems_workbook_is_the_rejected_rows_report() -> None:
    texts = ["=1+1", "abc", "#N/A", "2,5,5"]
    frame = problems(texts, ["error", "error", "warning", "error"])
    wb = book(problems_workbook(frame, "bao-cao-quy-2.xlsx"))
    assert wb.sheetnames == [PROBLEM_SHEET] == ["Lỗi"]
    ws = wb["Lỗi"]
    assert "bao-cao-quy-2.xlsx" in ws["A1"].value
    assert "3 lỗi, 1 cảnh báo" in ws["A1"].value
    assert [c.value for c in ws[3]] == list(PROBLEM_HEADERS)
    assert list(PROBLEM_HEADERS) == ["Dòng", "Cột", "Nội dung trong tệp", "Mức độ", "Thông báo"]
    assert ws.freeze_panes == "A4"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == frame.height
    assert [r[0] for r in rows] == [2, 3, 4, 5]
    assert [r[1] for r in rows] == ["Giá trị"] * 4
    assert [r[2] for r in rows] == ["'=1+1", "abc", "#N/A", "2,5,5"]
    assert [r[3] for r in rows] == ["Lỗi", "Lỗi", "Cảnh báo", "Lỗi"]
    assert [r[4] for r in rows] == frame["message"].to_list()


def test_problems_workbook_reads_back_with_polars_and_names_files_when_combined() -> None:
    frame = pl.concat([problems(["x"]).with_columns(file=pl.lit("a.csv")),
                       problems(["y", "z"]).with_columns(file=pl.lit("=b.xlsx"))])
    back = pl.read_excel(io.BytesIO(problems_workbook(frame, "tat-ca")), sheet_name="Lỗi",
                         read_options={"header_row": 2})
    assert back.columns == ["Tệp", *PROBLEM_HEADERS]
    assert back["Tệp"].to_list() == ["a.csv", "'=b.xlsx", "'=b.xlsx"]
    assert back["Dòng"].to_list() == [2, 2, 3]


def test_problems_workbook_names_a_dangerous_file_safely_and_handles_none() -> None:
    ws = book(problems_workbook(problems([]), "=evil().csv"))["Lỗi"]
    assert ws["A1"].value.startswith("Tệp: =evil().csv")  # starts with "Tệp", so never a formula
    assert ws["A1"].data_type == "s"
    assert "0 lỗi" in ws["A1"].value
    assert [c.value for c in ws[3]] == list(PROBLEM_HEADERS)
    assert ws.max_row == 3
    untyped = pl.DataFrame({c: [] for c in PROBLEM_SCHEMA})  # all-Null columns, as an empty concat can give
    assert book(problems_workbook(untyped, "x.csv"))["Lỗi"].max_row == 3


# -- templates ----------------------------------------------------------------------------------------------------


def test_template_headers_are_the_reader_aliases() -> None:
    from danvan.grammar.contract import COLUMN_LABELS

    assert TEMPLATE_HEADERS == ("Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kỳ báo cáo",
                                "Giá trị", "Tử số", "Mẫu số", "Ghi chú")
    canonical = ("unit_code", "indicator_code", "period", "value", "numerator", "denominator", "note")
    assert {COLUMN_LABELS[c] for c in canonical} <= set(TEMPLATE_HEADERS)


def test_template_xlsx_layout() -> None:
    wb = book(template_xlsx("Quý IV/2025", UNITS, CODES))
    assert wb.sheetnames == [DATA_SHEET, LIST_SHEET] == ["Số liệu", "Danh mục"]
    ws = wb["Số liệu"]
    assert ws["A1"].value == "Kỳ báo cáo: Quý IV/2025"
    assert parse_period(ws["A1"].value).canonical == "2025-Q4"  # the reader's default-period line
    assert all(c.value is None for c in ws[2])
    assert [c.value for c in ws[3]] == list(TEMPLATE_HEADERS)
    assert ws.freeze_panes == "A4"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == len(UNITS) * len(CODES)
    inds = catalogue.indicators()
    assert rows[0] == ("01", "Thành phố Hà Nội", "MC_XA", inds["MC_XA"].name_vi, "2025-Q4",
                       None, None, None, None)
    assert [(r[0], r[2]) for r in rows] == [(u, c) for u, _ in UNITS for c in CODES]
    assert {r[4] for r in rows} == {"2025-Q4"}


def test_template_xlsx_keeps_codes_as_text() -> None:
    ws = book(template_xlsx("2025-Q4", UNITS, CODES))["Số liệu"]
    codes = {ws.cell(r, 1).value: ws.cell(r, 1) for r in range(4, ws.max_row + 1)}
    assert set(codes) == {"01", "79", "00004"}
    assert all(c.data_type == "s" and c.number_format == "@" for c in codes.values())
    # Columns are formatted as Text, so what the sender types ("01", "13/17", "2.500") is kept as typed.
    assert all(ws.column_dimensions[letter].number_format == "@" for letter in "ABCDEFGHI")
    back = pl.read_excel(io.BytesIO(template_xlsx("2025-Q4", UNITS, CODES)), sheet_name="Số liệu",
                         read_options={"header_row": 2})
    assert back.columns == list(TEMPLATE_HEADERS)
    assert back["Mã đơn vị"].dtype == pl.String
    assert back["Mã đơn vị"].unique(maintain_order=True).to_list() == ["01", "79", "00004"]


def test_template_xlsx_drop_downs_point_at_the_lists() -> None:
    wb = book(template_xlsx("2025-Q4", UNITS, CODES))
    ws, lists = wb["Số liệu"], wb["Danh mục"]
    last = 3 + len(UNITS) * len(CODES) + SPARE_ROWS
    found = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert set(found) == {f"A4:A{last}", f"C4:C{last}"}
    unit_dv, ind_dv = found[f"A4:A{last}"], found[f"C4:C{last}"]
    assert unit_dv.type == ind_dv.type == "list"
    assert unit_dv.formula1 == "'Danh mục'!$A$4:$A$6"
    assert ind_dv.formula1 == "'Danh mục'!$D$4:$D$5"
    assert [lists.cell(r, 1).value for r in (4, 5, 6)] == ["01", "79", "00004"]
    assert [lists.cell(r, 2).value for r in (4, 5, 6)] == [name for _, name in UNITS]
    assert [lists.cell(r, 4).value for r in (4, 5)] == CODES
    assert lists.cell(4, 5).value == catalogue.indicators()["MC_XA"].name_vi
    assert lists.cell(5, 7).value == "Số đếm"
    assert lists.cell(5, 8).value == "cuộc"
    assert lists.cell(7, 4).value is None
    text = " ".join(str(v) for row in lists.iter_rows(max_row=3, values_only=True) for v in row if v)
    for form in ("2.500", "53,33%", "13/17", "trên 90%", "1/2 - 3/4", "dự kiến 12"):
        assert form in text


def test_template_dedupes_and_refuses_unknown_input() -> None:
    ws = book(template_xlsx("2025", UNITS + [("01", "Hà Nội")], ["MC_XA", "mc_xa"]))["Số liệu"]
    assert ws.max_row == 3 + len(UNITS)
    assert ws["B4"].value == "Thành phố Hà Nội"  # the first name given for a code wins
    assert ws["A1"].value == "Kỳ báo cáo: Năm 2025"
    with pytest.raises(ValueError, match="NOPE"):
        template_xlsx("2025", UNITS, ["NOPE"])
    with pytest.raises(PeriodError):
        template_csv("Quý V/2025", UNITS, CODES)


def test_template_without_units_still_offers_spare_rows() -> None:
    ws = book(template_xlsx("2025-Q4", [], CODES))["Số liệu"]
    assert ws.max_row == 3
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == [f"C4:C{3 + SPARE_ROWS}"]


def test_template_csv() -> None:
    data = template_csv("Quý IV/2025", UNITS, CODES)
    assert data.startswith(BOM)
    assert data[3:].decode("utf-8").splitlines()[0] == ",".join(TEMPLATE_HEADERS)
    back = csv_frame(data)
    assert back.columns == list(TEMPLATE_HEADERS)
    assert back.height == len(UNITS) * len(CODES)
    assert back["Mã đơn vị"].to_list() == [u for u, _ in UNITS for _ in CODES]
    assert back["Tên đơn vị"][0] == "Thành phố Hà Nội"
    assert set(back["Kỳ báo cáo"]) == {"2025-Q4"}
    assert back["Giá trị"].null_count() == back.height
