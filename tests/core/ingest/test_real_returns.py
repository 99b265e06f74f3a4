"""Returns shaped as provincial offices make them, built here as real files: the reader keeps every number as the
sheet shows it, reads the classic report table and every sheet, and refuses ragged rows by name.

Expected values are worked out by hand from the cells written (a 0.925 cell formatted 0.00% shows 92,50%).
"""

from __future__ import annotations

import io

import openpyxl
import xlwt

from danvan.ingest.reader import read_bytes
from tests.actors import admin


def xlsx(*sheets: tuple[str, list[list[object]], dict[str, str]], merges: dict[str, list[str]] | None = None) -> bytes:
    """A workbook from (title, rows, {cell: number format}) per sheet, with merged ranges per sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, formats in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for ref, fmt in formats.items():
            ws[ref].number_format = fmt
        for merged in (merges or {}).get(title, []):
            ws.merge_cells(merged)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def figures(result, *columns: str) -> list[tuple]:
    return result.rows.select("row_no", *columns).rows()


# ------------------------------------------------------------------------------------------ typed Excel cells

def test_percent_cells_arrive_as_the_percent_shown_and_numbers_are_never_re_read():
    data = xlsx(("Số liệu", [
        ["Mã đơn vị", "Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"],
        [96, "KNTC_TYLE", 2023, 0.925],       # shown 92,50%
        [95, "TCD_LUOT", 2023, 12.345],       # a decimal number, not 12.345 thousands
        [94, "TCD_LUOT", 2023, 12345],        # shown 12345 (General)
        [93, "TTHC_1NGAY", 2023, 0.5333],     # shown 53,3% with one decimal
    ], {"D2": "0.00%", "D5": "0.0%"}))
    result = read_bytes(data, "phan_tram.xlsx")
    assert figures(result, "unit_code", "period", "value", "value_number", "value_percent") == [
        (2, "96", "2023", "92,5%", 92.5, True),
        (3, "95", "2023", "12,345", 12.345, False),
        (4, "94", "2023", "12.345", 12345.0, False),
        (5, "93", "2023", "53,3%", 53.33, True),
    ]


def test_legacy_xls_percent_cell_keeps_its_format():
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Số liệu")
    for j, text in enumerate(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"]):
        ws.write(0, j, text)
    ws.write(1, 0, 96)
    ws.write(1, 1, "KNTC_TYLE")
    ws.write(1, 2, "2023")
    ws.write(1, 3, 0.9, xlwt.easyxf(num_format_str="0.00%"))
    out = io.BytesIO()
    book.save(out)
    result = read_bytes(out.getvalue(), "cu.xls")
    assert figures(result, "value", "value_number", "value_percent") == [(2, "90%", 90.0, True)]


def test_a_date_in_a_value_column_is_refused_with_its_cell():
    import datetime
    data = xlsx(("S", [["Mã đơn vị", "Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"],
                       [96, "TCD_CUOC", 2023, datetime.date(2023, 5, 12)]], {}))
    result = read_bytes(data, "ngay.xlsx")
    assert figures(result, "read_error", "read_error_column") == [
        (2, "Ô là ngày tháng (2023-05-12), không phải số.", "D (Giá trị)")]


# ------------------------------------------------------------------------------------------ CSV

def test_unquoted_thousands_in_a_comma_file_refuse_the_row_with_a_hint():
    text = "Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n96,TCD_LUOT,2023,2,500\n95,TCD_LUOT,2023,\"2,500\"\n"
    result = read_bytes(text.encode(), "phay.csv")
    rows = figures(result, "value", "read_error", "read_error_column")
    assert rows[0][0] == 2 and rows[0][1] is None and rows[0][3] == "E"
    assert rows[0][2].startswith("Dòng có 5 ô, nhiều hơn 4 cột của dòng tiêu đề")
    assert "2.500" in rows[0][2] and "ngoặc kép" in rows[0][2]
    assert rows[1] == (3, "2,500", None, None)


def test_trailing_empty_fields_are_not_ragged():
    result = read_bytes("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n96,TCD_LUOT,2023,25,,\n".encode(), "a.csv")
    assert figures(result, "value", "read_error") == [(2, "25", None)]


# ------------------------------------------------------------------------------------------ the report table

BIEU = [
    ["UBND HUYỆN LẠC SƠN", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    [None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    ["BIỂU SỐ LIỆU KẾT QUẢ CÔNG TÁC DÂN VẬN CHÍNH QUYỀN"],
    [],
    ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2022", "Năm 2023", "6 tháng đầu năm 2024", "Ghi chú"],
    ["I", "CÔNG TÁC TIẾP CÔNG DÂN"],
    [1, "Số cuộc tiếp công dân thường xuyên", "cuộc", 120, 135, 70],
    [2, "Số lượt người được tiếp (lượt)", "lượt", 340, "trên 400", None, "ước"],
    ["II", "GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO"],
    [3, "Tỷ lệ giải quyết đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh", "%", 0.9, 0.925, "-"],
    [4, "Số cuộc tiếp xúc, đối thoại với người dân", "cuộc", 8, 9, 4],
    [None, "Cộng", None, 460, 535],
]


def test_report_table_indicators_down_periods_across_unit_from_the_title():
    result = read_bytes(xlsx(("Biểu 01", BIEU, {"D10": "0%", "E10": "0.0%"})), "bieu.xlsx")
    assert result.layout == "down"
    assert figures(result, "unit_code", "indicator_code", "period", "status", "value", "value_number",
                   "measure_text", "note") == [
        (7, "HUYỆN LẠC SƠN", "TCD_CUOC", "2022", None, "120", 120.0, "cuộc", None),
        (7, "HUYỆN LẠC SƠN", "TCD_CUOC", "2023", None, "135", 135.0, "cuộc", None),
        (7, "HUYỆN LẠC SƠN", "TCD_CUOC", "2024-H1", None, "70", 70.0, "cuộc", None),
        (8, "HUYỆN LẠC SƠN", "TCD_LUOT", "2022", None, "340", 340.0, "lượt", "ước"),
        (8, "HUYỆN LẠC SƠN", "TCD_LUOT", "2023", None, "trên 400", None, "lượt", "ước"),
        (10, "HUYỆN LẠC SƠN", "KNTC_TYLE", "2022", None, "90%", 90.0, "%", None),
        (10, "HUYỆN LẠC SƠN", "KNTC_TYLE", "2023", None, "92,5%", 92.5, "%", None),
        (10, "HUYỆN LẠC SƠN", "KNTC_TYLE", "2024-H1", None, "-", None, "%", None),
        (11, "HUYỆN LẠC SƠN", "DOITHOAI", "2022", None, "8", 8.0, "cuộc", None),
        (11, "HUYỆN LẠC SƠN", "DOITHOAI", "2023", None, "9", 9.0, "cuộc", None),
        (11, "HUYỆN LẠC SƠN", "DOITHOAI", "2024-H1", None, "4", 4.0, "cuộc", None),
    ]
    assert result.title_unit is None  # the title names the unit itself, not a context
    notes = result.notes
    assert "Bỏ qua dòng tổng cộng 12." in notes
    assert "Bỏ qua dòng tiêu đề mục (I, II, A, 1.1 …) 6, 9." in notes
    assert ('Chỉ tiêu "Số cuộc tiếp xúc, đối thoại với người dân" (dòng 11) được hiểu là DOITHOAI; nếu sai, hãy ghi '
            "mã chỉ tiêu.") in notes
    assert "1 ô số liệu để trống: không báo cáo, không ghi." in notes


def test_report_table_with_plan_and_actual_under_a_merged_year():
    rows = [
        ["UBND TỈNH CÀ MAU"],
        ["STT", "Nội dung", "ĐVT", "Năm 2024", None, "Ước thực hiện 2025"],
        [None, None, None, "Kế hoạch", "Thực hiện", None],
        [1, "TCD_CUOC", "cuộc", 100, 96, 110],
        [2, "Cơ quan chuyên môn cấp tỉnh thực hiện cơ chế một cửa", "cơ quan", None, "13/17", None],
    ]
    data = xlsx(("KH", rows, {}), merges={"KH": ["D2:E2", "A2:A3", "B2:B3", "C2:C3", "F2:F3"]})
    result = read_bytes(data, "kh.xlsx")
    assert result.layout == "down"
    assert figures(result, "unit_code", "indicator_code", "period", "status", "value") == [
        (4, "TỈNH CÀ MAU", "TCD_CUOC", "2024", "target", "100"),
        (4, "TỈNH CÀ MAU", "TCD_CUOC", "2024", "actual", "96"),
        (4, "TỈNH CÀ MAU", "TCD_CUOC", "2025", "expected", "110"),
        (5, "TỈNH CÀ MAU", "MC_CQCM", "2024", "actual", "13/17"),
    ]


def test_an_unknown_indicator_row_with_figures_is_kept_for_the_checks_to_refuse():
    rows = [["UBND HUYỆN LẠC SƠN"], ["STT", "Chỉ tiêu", "Năm 2023"], [1, "Số tin bài tuyên truyền", 12]]
    result = read_bytes(xlsx(("S", rows, {})), "la.xlsx")
    assert figures(result, "indicator_code", "value") == [(3, "Số tin bài tuyên truyền", "12")]


# ------------------------------------------------------------------------------------------ sheets and parts

def quarter(title: str, period_line: str, values: tuple[object, object]) -> tuple[str, list[list[object]], dict]:
    return title, [["UBND TỈNH CÀ MAU"], [period_line], [],
                   ["Mã đơn vị", "Mã chỉ tiêu", "Giá trị"], [96, "TCD_CUOC", values[0]],
                   [96, "TCD_LUOT", values[1]]], {}


def test_every_sheet_is_read_each_with_its_own_period():
    data = xlsx(quarter("Quý 1", "Kỳ báo cáo: Quý I/2024", (12, 300)),
                ("Hướng dẫn", [["Ghi số liệu vào các trang Quý"]], {}),
                quarter("Quý 2", "Kỳ báo cáo: Quý II/2024", (15, 320)))
    result = read_bytes(data, "quy.xlsx")
    assert figures(result, "sheet", "indicator_code", "period", "value_number") == [
        (5, "Quý 1", "TCD_CUOC", "Quý I/2024", 12.0), (6, "Quý 1", "TCD_LUOT", "Quý I/2024", 300.0),
        (5, "Quý 2", "TCD_CUOC", "Quý II/2024", 15.0), (6, "Quý 2", "TCD_LUOT", "Quý II/2024", 320.0),
    ]
    assert [(s.name, s.layout, s.period, s.unit, s.records) for s in result.sheets] == [
        ("Quý 1", "long", "Quý I/2024", "TỈNH CÀ MAU", 2), ("Hướng dẫn", None, None, None, 0),
        ("Quý 2", "long", "Quý II/2024", "TỈNH CÀ MAU", 2)]


def test_a_sheet_period_from_its_title_or_its_name():
    title = ("T", [["BÁO CÁO KẾT QUẢ CÔNG TÁC DÂN VẬN QUÝ III NĂM 2024"], ["Mã đơn vị", "Mã chỉ tiêu", "Giá trị"],
                   [96, "TCD_CUOC", 3]], {})
    named = ("Quý IV-2024", [["Mã đơn vị", "Mã chỉ tiêu", "Giá trị"], [96, "TCD_CUOC", 4]], {})
    signed = ("Ký", [["Báo cáo số 15/BC-UBND ngày 10/6/2024"], ["Mã đơn vị", "Mã chỉ tiêu", "Giá trị"],
                     [96, "TCD_CUOC", 5]], {})
    result = read_bytes(xlsx(title, named, signed), "ten.xlsx")
    assert figures(result, "sheet", "period") == [(3, "T", "2024-Q3"), (2, "Quý IV-2024", "2024-Q4"), (3, "Ký", None)]


def test_ratio_parts_in_sub_columns_under_a_merged_indicator():
    rows = [["Mã đơn vị", "Một cửa: cấp xã", None, "Xã đạt chuẩn nông thôn mới", None, "Kỳ báo cáo"],
            [None, "Tử số", "Mẫu số", "Số đạt", "Tổng số", None],
            [96, 48, 90, 20, None, "2023"]]
    data = xlsx(("S", rows, {}), merges={"S": ["B1:C1", "D1:E1", "A1:A2", "F1:F2"]})
    result = read_bytes(data, "phan.xlsx")
    assert result.layout == "wide"
    assert figures(result, "indicator_code", "value", "numerator", "denominator", "numerator_number",
                   "denominator_number", "value_ref") == [
        (3, "MC_XA", None, "48", "90", 48.0, 90.0, "B (Tử số)"),
        (3, "NTM_XA", None, "20", None, 20.0, None, "D (Số đạt)"),  # one part only: the checks refuse it
    ]


def test_a_ragged_file_is_refused_for_that_reason_alone_and_writes_nothing(writable_db):
    from danvan.ingest.importer import commit, plan_bytes
    from danvan.store import db

    text = "Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n96,TCD_LUOT,2023,2,500\n95,TCD_LUOT,2023,\"2,500\"\n"
    with db.connect(writable_db) as con:
        count = "SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM uploads)"
        before = con.execute(count).fetchall()
        plan = plan_bytes(con, text.encode(), "phay.csv")
        assert plan.check.problems.select("row_no", "column").rows() == [(2, "E")]
        assert not plan.ok
        try:
            commit(con, [plan], user=admin("test"))
        except ValueError:
            pass
        assert con.execute(count).fetchall() == before


def test_a_problem_on_a_later_sheet_names_that_sheet_and_its_own_column(writable_db):
    from danvan.ingest.importer import plan_bytes
    from danvan.store import db

    first = quarter("Quý 1", "Kỳ báo cáo: Quý I/2024", (12, 300))
    # The second sheet puts the value in column D (an STT column first): its column, not the first sheet's C.
    second = ("Quý 2", [["Kỳ báo cáo: Quý II/2024"], ["STT", "Mã đơn vị", "Mã chỉ tiêu", "Giá trị"],
                        [1, 96, "TCD_CUOC", "mười lăm"]], {})
    with db.connect(writable_db) as con:
        plan = plan_bytes(con, xlsx(first, second), "quy.xlsx")
    assert plan.check.problems.select("row_no", "column").rows() == [(3, "Quý 2 › D (Giá trị)")]


def test_the_apps_own_xlsx_template_filled_for_some_cells_commits_exactly_those(writable_db):
    from danvan.ingest.importer import commit, plan_bytes
    from danvan.present.sheets import template_xlsx
    from danvan.store import db

    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("2021", [("96", "Cà Mau"), ("95", "Bạc Liêu")],
                                                           ["TCD_CUOC", "KNTC_TYLE", "MC_CQCM"])))
    ws = book["Số liệu"]
    assert [c.value for c in ws[3]][:6] == ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kỳ báo cáo",
                                            "Giá trị"]
    rows = {(r[0].value, r[2].value): r for r in ws.iter_rows(min_row=4) if r[0].value}
    value_col = 5
    rows[("96", "TCD_CUOC")][value_col].value = 12                       # a number typed as a number
    rows[("95", "KNTC_TYLE")][value_col].value = 0.925                   # a percent cell: 92,5 %
    rows[("95", "KNTC_TYLE")][value_col].number_format = "0.0%"
    rows[("96", "MC_CQCM")][value_col].value = "13/17"                   # a ratio as text
    out = io.BytesIO()
    book.save(out)
    with db.connect(writable_db) as con:
        before = con.execute("SELECT count(*) FROM observations").fetchall()[0][0]
        plan = plan_bytes(con, out.getvalue(), "mau.xlsx")
        assert plan.ok and plan.rows_rejected == 0 and plan.rows_not_reported == 3
        commit(con, [plan], user=admin("test"))
        got = con.execute("SELECT unit_key, indicator_code, value, raw_text FROM current_observations "
                          "WHERE upload_id IS NOT NULL ORDER BY 1, 2").fetchall()
        assert con.execute("SELECT count(*) FROM observations").fetchall()[0][0] == before + 3
    assert got == [("old:95", "KNTC_TYLE", 92.5, "92,5%"), ("old:96", "MC_CQCM", 100 * 13 / 17, "13/17"),
                   ("old:96", "TCD_CUOC", 12.0, "12")]
