"""The file reader: every encoding, delimiter and sheet shape a local office sends becomes the same long rows.

Files are written by the tests themselves (openpyxl for .xlsx, xlwt for legacy .xls) so the row numbers and
column letters asserted here are the ones a user sees when opening the file.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlwt
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.ingest.reader import ROW_SCHEMA, ReadError, ReadResult, read_bytes, read_file

LONG_VI = "Mã đơn vị;Mã chỉ tiêu;Kỳ báo cáo;Giá trị;Tử số;Mẫu số;Ghi chú"
NO_HEADER = ('Không tìm thấy dòng tiêu đề trong tệp "{}": cần các cột Mã đơn vị, Mã chỉ tiêu, Kỳ báo cáo, '
             "Giá trị (dạng dài), cột đơn vị và các cột chỉ tiêu (dạng rộng), hoặc cột Chỉ tiêu và các cột "
             "kỳ báo cáo như Năm 2023 (biểu số liệu).")
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def records(result: ReadResult, *columns: str) -> list[tuple]:
    """The rows as tuples of (row_no, *columns), for exact comparison."""
    return result.rows.select("row_no", *columns).rows()


def write_xlsx(path: Path, cells: dict[str, object], merges: tuple[str, ...] = (), title: str = "Báo cáo") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for ref, value in cells.items():
        ws[ref] = value
    for merge in merges:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def to_cp1258(text: str) -> bytes:
    """Windows-1258 has precomposed ư, ơ, â, đ… but puts the five tone marks after the letter as combining marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            tones = "".join(c for c in parts if c in TONES)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


# ------------------------------------------------------------------------------------------ encodings

VI_CSV = ("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị,Ghi chú\n"
          "96,TCD_DOAN,Quý II/2023,12,Đã kiểm tra ở Phường Hòa Bình\n"
          "95,MC_XA,6 tháng đầu năm 2023,48/90,Xã Vĩnh Hưng; huyện Vĩnh Lợi\n")
VI_EXPECTED = [
    (2, "96", "TCD_DOAN", "Quý II/2023", "12", "Đã kiểm tra ở Phường Hòa Bình"),
    (3, "95", "MC_XA", "6 tháng đầu năm 2023", "48/90", "Xã Vĩnh Hưng; huyện Vĩnh Lợi"),
]
COLS = ("unit_code", "indicator_code", "period", "value", "note")


def test_utf8_without_bom(tmp_path):
    path = tmp_path / "bao_cao.csv"
    path.write_bytes(VI_CSV.encode("utf-8"))
    result = read_file(path)
    assert result.encoding == "utf-8"
    assert result.layout == "long"
    assert records(result, *COLS) == VI_EXPECTED
    assert result.rows["value_ref"].to_list() == [None, None]
    assert result.sheets[0].labels == {"unit_code": "A (Mã đơn vị)", "indicator_code": "B (Mã chỉ tiêu)",
                                    "period": "C (Kỳ báo cáo)", "value": "D (Giá trị)", "note": "E (Ghi chú)"}
    assert result.notes == ["Mã hóa: UTF-8.", "Dấu phân cách: dấu phẩy (,).", "Dòng tiêu đề: 1."]
    assert result.default_period is None


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(VI_CSV.encode("utf-8-sig"))
    result = read_file(path)
    assert result.encoding == "utf-8-sig"
    assert result.sheets[0].labels["unit_code"] == "A (Mã đơn vị)"  # the BOM is not part of the first header
    assert records(result, *COLS) == VI_EXPECTED
    assert "Mã hóa: UTF-8 (có BOM)." in result.notes


def test_utf16_tab_separated_like_excel_unicode_text(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes(VI_CSV.replace(",", "\t").replace("\n", "\r\n").encode("utf-16"))
    result = read_file(path)
    assert result.encoding == "utf-16"
    assert records(result, *COLS) == VI_EXPECTED
    assert "Dấu phân cách: dấu tab." in result.notes
    assert "Mã hóa: UTF-16 (Unicode text của Excel)." in result.notes


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(codec):
    result = read_bytes(VI_CSV.replace(",", "\t").encode(codec), "unicode.txt")
    assert result.encoding == "utf-16"
    assert records(result, *COLS) == VI_EXPECTED


def test_windows_1258_is_decoded_and_normalised_to_nfc(tmp_path):
    raw = to_cp1258(VI_CSV)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "ở".encode("cp1258", errors="replace") == b"?"  # the codec cannot take precomposed "ở" itself
    path = tmp_path / "cp1258.csv"
    path.write_bytes(raw)
    result = read_file(path)
    assert result.encoding == "cp1258"
    assert "Mã hóa: Windows-1258." in result.notes
    assert records(result, *COLS) == VI_EXPECTED
    for text in result.rows.select(pl.col(pl.String)).rows()[0]:
        assert text is None or unicodedata.is_normalized("NFC", text)
    assert result.sheets[0].labels["unit_code"] == "A (Mã đơn vị)"


def test_nfd_utf8_text_is_normalised():
    result = read_bytes(unicodedata.normalize("NFD", VI_CSV).encode("utf-8"), "mac.csv")
    assert records(result, *COLS) == VI_EXPECTED


# ------------------------------------------------------------------------------------------ delimiters

def test_semicolon_with_decimal_commas_and_vietnamese_aliases():
    text = (f"{LONG_VI}\n"
            "96;MC_CQCM;2023;;15;17;\n"
            "95;TTHC_1NGAY;2023;76,5;;;ước tính\n"
            "94;KNTC_TYLE;2023;\"90,2\";;;\n")
    result = read_bytes(text.encode(), "champhay.csv")
    assert "Dấu phân cách: dấu chấm phẩy (;)." in result.notes
    assert result.sheets[0].labels == {"unit_code": "A (Mã đơn vị)", "indicator_code": "B (Mã chỉ tiêu)",
                                    "period": "C (Kỳ báo cáo)", "value": "D (Giá trị)", "numerator": "E (Tử số)",
                                    "denominator": "F (Mẫu số)", "note": "G (Ghi chú)"}
    assert records(result, "unit_code", "indicator_code", "period", "value", "numerator", "denominator",
                   "note") == [
        (2, "96", "MC_CQCM", "2023", None, "15", "17", None),
        (3, "95", "TTHC_1NGAY", "2023", "76,5", None, None, "ước tính"),
        (4, "94", "KNTC_TYLE", "2023", "90,2", None, None, None),
    ]
    assert result.sheets[0].labels["numerator"] == "E (Tử số)"
    assert result.sheets[0].labels["denominator"] == "F (Mẫu số)"


def test_tab_delimiter_in_a_tsv():
    text = "unit_code\tindicator_code\tperiod\tvalue\n96\tTCD_DOAN\t2019\t12\n"
    result = read_bytes(text.encode(), "a.tsv")
    assert "Dấu phân cách: dấu tab." in result.notes
    assert records(result, "unit_code", "indicator_code", "period", "value") == [(2, "96", "TCD_DOAN", "2019", "12")]


def test_quoted_fields_with_delimiter_and_newline_keep_physical_line_numbers():
    text = ('unit_code,indicator_code,period,value,note\n'
            '96,TCD_DOAN,2019,12,"Bạc Liêu, Cà Mau"\n'
            '95,TCD_DOAN,2019,"1.234","dòng một\ndòng hai"\n'
            '94 , TCD_DOAN , 2019 , 7 , "  cách  "\n')
    result = read_bytes(text.encode(), "quoted.csv")
    assert records(result, "unit_code", "value", "note") == [
        (2, "96", "12", "Bạc Liêu, Cà Mau"),
        (3, "95", "1.234", "dòng một\ndòng hai"),
        (5, "94", "7", "cách"),  # the previous record spans lines 3–4
    ]


def test_crlf_and_blank_lines_and_empty_cells_are_null():
    text = "unit_code,indicator_code,period,value,source\r\n\r\n96,TCD_DOAN,2019,12,\r\n,,,,\r\n95,TCD_DOAN,,3, \r\n"
    result = read_bytes(text.encode(), "crlf.csv")
    assert records(result, "unit_code", "period", "value", "source") == [
        (3, "96", "2019", "12", None),
        (5, "95", None, "3", None),
    ]


def test_default_period_line_and_title_above_a_long_table():
    text = ("UBND TỈNH BẠC LIÊU,,,\n"
            "Kỳ báo cáo: Quý II/2023,,,\n"
            ",,,\n"
            "Mã ĐV,Chỉ tiêu,Kết quả,STT\n"
            "96,Đoàn đông người,12,1\n"
            "95,Số cuộc tiếp công dân thường xuyên,3,2\n"
            "Tổng cộng,,15,\n")
    result = read_bytes(text.encode(), "ky.csv")
    assert result.default_period == "Quý II/2023"
    assert result.layout == "long"
    # Indicators written by name are mapped to their code.
    assert records(result, "unit_code", "indicator_code", "value") == [
        (5, "96", "TCD_DOAN", "12"), (6, "95", "TCD_CUOC", "3")]
    assert result.rows["period"].to_list() == ["Quý II/2023", "Quý II/2023"]  # the line's period fills the rows
    assert result.title_unit == "TỈNH BẠC LIÊU"  # the reporting unit: a context for unit names, not for codes
    assert result.notes[2:] == [
        "Đơn vị báo cáo (tiêu đề): TỈNH BẠC LIÊU (dòng 1); tên đơn vị được tìm trong đơn vị này.",
        "Kỳ báo cáo chung: Quý II/2023 (dòng 2).", "Dòng tiêu đề: 4.", "Bỏ qua dòng tổng cộng 7."]


def test_default_period_in_the_next_cell():
    text = "Kỳ báo cáo:;6 tháng đầu năm 2024\nmã đơn vị;mã chỉ tiêu;giá trị\n96;TCD_DOAN;1\n"
    result = read_bytes(text.encode(), "ky2.csv")
    assert result.default_period == "6 tháng đầu năm 2024"
    assert records(result, "unit_code", "value") == [(3, "96", "1")]


def test_code_column_wins_over_name_column_and_unknown_columns_are_noted():
    text = "Tên đơn vị,Mã đơn vị,Mã chỉ tiêu,Giá trị,Người nhập\nBạc Liêu,96,TCD_DOAN,12,An\n"
    result = read_bytes(text.encode(), "hai_cot.csv")
    assert records(result, "unit_code") == [(2, "96")]
    assert "Bỏ qua cột không nhận ra: E (Người nhập)." in result.notes
    assert "Bỏ qua cột trùng vai trò với cột khác: A (Tên đơn vị)." in result.notes


def test_commune_names_that_fold_like_total_words_are_kept():
    text = ("Đơn vị,Mã chỉ tiêu,Giá trị\nCộng Hòa,TCD_DOAN,1\nTống Trân,TCD_DOAN,2\n"
            "Cộng huyện Vĩnh Lợi,TCD_DOAN,3\nTổng số,TCD_DOAN,3\nToàn tỉnh,TCD_DOAN,9\nCỘNG:,TCD_DOAN,9\n")
    result = read_bytes(text.encode(), "tong.csv")
    assert records(result, "unit_code") == [(2, "Cộng Hòa"), (3, "Tống Trân")]
    assert "Bỏ qua dòng tổng cộng 4, 5, 6, 7." in result.notes


# ------------------------------------------------------------------------------------------ Excel, wide

def wide_workbook(path: Path) -> Path:
    """A printed-form return: blank rows, titles, a period line, a merged group header, STT, a total row."""
    return write_xlsx(path, {
        "A3": "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
        "A4": "BÁO CÁO KẾT QUẢ CÔNG TÁC DÂN VẬN CHÍNH QUYỀN",
        "A5": "Kỳ báo cáo: Quý II/2023",
        "A7": "STT", "B7": "Đơn vị", "C7": "Một cửa", "F7": "TCD_CUOC", "G7": "Ghi chú chung",
        "C8": "MC_CQCM", "D8": "MC_HUYEN", "E8": "MC_XA",
        "A9": 1, "B9": 96, "C9": "15/17", "D9": "6/7", "E9": "48/90", "F9": 12, "G9": "đã rà soát",
        "A11": 2, "B11": "95", "C11": "17/17", "E11": "50/64", "F11": 7.0,
        "B12": "Tổng cộng", "C12": "32/34", "F12": 19,
    }, merges=("A4:G4", "A7:A8", "B7:B8", "C7:E7", "F7:F8", "G7:G8"))


def test_wide_xlsx_with_merged_group_header(tmp_path):
    result = read_file(wide_workbook(tmp_path / "rong.xlsx"))
    assert result.layout == "wide"
    assert result.encoding is None
    assert result.default_period == "Quý II/2023"
    assert records(result, "unit_code", "indicator_code", "period", "value", "value_ref") == [
        (9, "96", "MC_CQCM", "Quý II/2023", "15/17", "C (MC_CQCM)"),
        (9, "96", "MC_HUYEN", "Quý II/2023", "6/7", "D (MC_HUYEN)"),
        (9, "96", "MC_XA", "Quý II/2023", "48/90", "E (MC_XA)"),
        (9, "96", "TCD_CUOC", "Quý II/2023", "12", "F (TCD_CUOC)"),
        (11, "95", "MC_CQCM", "Quý II/2023", "17/17", "C (MC_CQCM)"),
        (11, "95", "MC_XA", "Quý II/2023", "50/64", "E (MC_XA)"),
        (11, "95", "TCD_CUOC", "Quý II/2023", "7", "F (TCD_CUOC)"),
    ]
    # Numbers typed as numbers stay numbers; text cells ("15/17") go to the value grammar.
    assert result.rows["value_number"].to_list() == [None, None, None, 12.0, None, None, 7.0]
    assert result.rows.schema == pl.Schema(ROW_SCHEMA)
    assert result.notes == [
        'Đọc trang tính "Báo cáo".',
        "Đơn vị báo cáo (tiêu đề): TỈNH BẠC LIÊU (dòng 3); tên đơn vị được tìm trong đơn vị này.",
        "Kỳ báo cáo chung: Quý II/2023 (dòng 5).",
        "Dòng tiêu đề: 7–8.",
        "Bỏ qua cột không nhận ra: G (Ghi chú chung).",
        "Bỏ qua dòng tổng cộng 12.",
        "1 ô số liệu để trống: không báo cáo, không ghi.",
    ]
    assert result.sheets[0].labels == {"unit_code": "B (Đơn vị)"}


def test_wide_sheet_with_indicator_names_period_column_and_notes(tmp_path):
    path = write_xlsx(tmp_path / "ten.xlsx", {
        "B2": "Tên đơn vị", "C2": "Thời gian", "D2": "Xã đạt chuẩn nông thôn mới",
        "E2": "Regular citizen-reception sessions", "F2": "Đoàn đông người", "G2": "Kiểm tra (QCDC_KT_XA)",
        "H2": "Một cửa", "I2": "Ghi chú",
        "H3": "cấp xã", "D3": None,
        "B4": "Phước Long", "C4": datetime.date(2020, 9, 30), "D4": "3/7", "E4": 2500.0, "F4": 1 / 3,
        "G4": "> 5", "H4": "10/10", "I4": "số liệu sơ bộ",
        "B5": "Hồng Dân", "C5": "2020", "E5": 0,
    }, merges=("B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "I2:I3"))
    result = read_file(path)
    assert result.layout == "wide"
    assert result.default_period is None
    assert records(result, "unit_code", "indicator_code", "period", "value", "note", "value_ref") == [
        (4, "Phước Long", "NTM_XA", "2020-09-30", "3/7", "số liệu sơ bộ", "D (Xã đạt chuẩn nông thôn mới)"),
        (4, "Phước Long", "TCD_CUOC", "2020-09-30", "2.500", "số liệu sơ bộ",
         "E (Regular citizen-reception sessions)"),
        (4, "Phước Long", "TCD_DOAN", "2020-09-30", "0,333333333333333", "số liệu sơ bộ", "F (Đoàn đông người)"),
        (4, "Phước Long", "QCDC_KT_XA", "2020-09-30", "> 5", "số liệu sơ bộ", "G (Kiểm tra (QCDC_KT_XA))"),
        (4, "Phước Long", "MC_XA", "2020-09-30", "10/10", "số liệu sơ bộ", "H (cấp xã)"),
        (5, "Hồng Dân", "TCD_CUOC", "2020", "0", None, "E (Regular citizen-reception sessions)"),
    ]
    assert result.rows["value_number"].to_list() == [None, 2500.0, 1 / 3, None, None, 0.0]  # exact, not the text
    assert result.sheets[0].labels == {"unit_code": "B (Tên đơn vị)", "period": "C (Thời gian)", "note": "I (Ghi chú)"}


def test_title_directly_above_a_wide_header_is_not_part_of_it(tmp_path):
    path = write_xlsx(tmp_path / "sat.xlsx", {
        "A1": "BÁO CÁO SỐ LIỆU DÂN VẬN", "A2": "TT", "B2": "Mã xã", "C2": "Một cửa", "E2": "Kỳ báo cáo",
        "C3": "cấp xã", "D3": "MC_CQCM",
        "A4": 1, "B4": "31117", "C4": "1/1", "D4": "3/4", "E4": "Quý I/2024",
        "A5": "Cộng", "C5": "1/1",
    }, merges=("A1:F1", "C2:D2"))
    result = read_file(path)
    assert records(result, "unit_code", "indicator_code", "period", "value", "value_ref") == [
        (4, "31117", "MC_XA", "Quý I/2024", "1/1", "C (cấp xã)"),
        (4, "31117", "MC_CQCM", "Quý I/2024", "3/4", "D (MC_CQCM)"),
    ]
    assert result.notes[1:] == ["Dòng tiêu đề: 2–3.", "Bỏ qua dòng tổng cộng 5."]
    assert result.sheets[0].labels == {"unit_code": "B (Mã xã)", "period": "E (Kỳ báo cáo)"}


def test_wide_csv_with_column_numbering_row():
    text = ("STT;Mã đơn vị;MC_XA;TCD_CUOC\n"
            "(1);(2);(3);(4)\n"
            "1;96;48/90;12\n")
    result = read_bytes(text.encode(), "so_cot.csv")
    assert result.layout == "wide"
    assert records(result, "unit_code", "indicator_code", "value", "value_ref") == [
        (3, "96", "MC_XA", "48/90", "C (MC_XA)"), (3, "96", "TCD_CUOC", "12", "D (TCD_CUOC)")]
    assert "Bỏ qua dòng đánh số cột 2." in result.notes


def test_excel_grid_keeps_leading_empty_rows_and_columns(tmp_path):
    path = write_xlsx(tmp_path / "lech.xlsx", {
        "C6": "Mã đơn vị", "D6": "Mã chỉ tiêu", "E6": "Kỳ báo cáo", "F6": "Giá trị",
        "C8": "96", "D8": "TCD_DOAN", "E8": "2023", "F8": 12,
        "C30": "95", "D30": "TCD_DOAN", "E30": "2023", "F30": 2 / 3,
    })
    result = read_file(path)
    assert result.layout == "long"
    assert records(result, "unit_code", "value_number") == [(8, "96", 12.0), (30, "95", 2 / 3)]
    assert result.sheets[0].labels["value"] == "F (Giá trị)"
    assert result.sheets[0].labels["unit_code"] == "C (Mã đơn vị)"


def test_empty_first_sheet_is_skipped(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Hướng dẫn"
    ws = wb.create_sheet("Số liệu")
    ws.append(["unit_code", "indicator_code", "period", "value"])
    ws.append([96, "TCD_DOAN", 2019, 12])
    wb.create_sheet("Khác")["A1"] = "x"
    wb.save(tmp_path / "hai_trang.xlsx")
    result = read_file(tmp_path / "hai_trang.xlsx")
    assert records(result, "unit_code", "period", "value") == [(2, "96", "2019", "12")]
    assert result.notes == ['Trang tính "Hướng dẫn": Trang tính trống.',
                            'Trang tính "Số liệu": Dòng tiêu đề: 1.',
                            'Trang tính "Khác": Không có bảng số liệu (không thấy dòng tiêu đề); bỏ qua.']
    assert [(s.name, s.layout, s.records) for s in result.sheets] == [
        ("Hướng dẫn", None, 0), ("Số liệu", "long", 1), ("Khác", None, 0)]


def test_legacy_xls_written_by_xlwt(tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("Trống")
    ws = wb.add_sheet("Quý II")
    ws.write(2, 0, "Kỳ báo cáo: Quý II/2023")
    ws.write(4, 1, "Mã đơn vị")
    ws.write_merge(4, 4, 2, 3, "Tiếp công dân")
    ws.write(5, 2, "TCD_CUOC")
    ws.write(5, 3, "TCD_LUOT")
    ws.write(6, 1, 96)
    ws.write(6, 2, 12)
    ws.write(6, 3, 2.5)
    ws.write(7, 1, "95")
    ws.write(7, 3, 1 / 7)
    ws.write(8, 1, "Tổng cộng")
    ws.write(8, 2, 12)
    wb.save(str(tmp_path / "cu.xls"))
    result = read_file(tmp_path / "cu.xls")
    assert result.layout == "wide"
    assert result.default_period == "Quý II/2023"
    assert records(result, "unit_code", "indicator_code", "value", "value_number", "value_ref") == [
        (7, "96", "TCD_CUOC", "12", 12.0, "C (TCD_CUOC)"),
        (7, "96", "TCD_LUOT", "2,5", 2.5, "D (TCD_LUOT)"),
        (8, "95", "TCD_LUOT", "0,142857142857143", 1 / 7, "D (TCD_LUOT)"),
    ]
    assert result.notes[0] == 'Trang tính "Trống": Trang tính trống.'
    assert "Bỏ qua dòng tổng cộng 9." in result.sheets[1].notes


def test_unknown_extension_is_sniffed(tmp_path):
    xlsx = wide_workbook(tmp_path / "rong.xlsx").read_bytes()
    assert read_bytes(xlsx, "tai_ve").layout == "wide"
    assert read_bytes(VI_CSV.encode(), "tai_ve").encoding == "utf-8"


# ------------------------------------------------------------------------------------------ refusals

def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "trong.csv"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match='Tệp "trong.csv" trống'):
        read_file(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ReadError, match="Không mở được tệp"):
        read_file(tmp_path / "khong_co.csv")


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"PK\x03\x04" + bytes(range(256)) * 4,
                                  bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600)])
def test_garbage_named_xlsx_is_refused(data):
    with pytest.raises(ReadError, match='"rac.xlsx"'):
        read_bytes(data, "rac.xlsx")


def test_html_saved_as_xls_is_refused_with_advice():
    with pytest.raises(ReadError, match="HTML"):
        read_bytes(b"<html><body><table><tr><td>96</td></tr></table></body></html>", "xuat.xls")


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, bytes(range(0, 256, 2)) * 16, b"\x01\x02\x03abc" * 50])
def test_binary_named_csv_is_refused(data):
    with pytest.raises(ReadError, match='"rac.csv": không phải tệp văn bản'):
        read_bytes(data, "rac.csv")


def test_no_recognisable_header_is_refused(tmp_path):
    path = tmp_path / "la.csv"
    path.write_text("Họ tên,Tuổi\nAn,30\n", encoding="utf-8")
    with pytest.raises(ReadError) as exc:
        read_file(path)
    assert str(exc.value) == NO_HEADER.format("la.csv")


def test_header_only_gives_no_rows_and_says_so():
    result = read_bytes(b"unit_code,indicator_code,period,value\n", "rong.csv")
    assert result.rows.height == 0
    assert result.rows.schema["row_no"] == pl.Int64
    assert "Không có dòng số liệu nào dưới dòng tiêu đề." in result.notes


# ------------------------------------------------------------------------------------------ property

CELL = st.text(alphabet=st.sampled_from(list("ab ,;\t\"\nđĐơƯạỹ0123456789")), max_size=12)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.tuples(CELL, CELL), min_size=1, max_size=6), delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_csv_written_by_the_csv_module_reads_back(values, delimiter):
    """Whatever a spreadsheet writes (quotes, delimiters, newlines in cells) comes back cell for cell and line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["unit_code", "indicator_code", "value", "note"])
    expected = []
    for value, note in values:
        line = out.getvalue().count("\n") + 1
        writer.writerow(["96", "TCD_DOAN", value, note])
        expected.append((line, value.strip() or None, note.strip() or None))
    result = read_bytes(out.getvalue().encode("utf-8"), "p.csv")
    assert records(result, "value", "note") == expected
