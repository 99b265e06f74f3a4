"""The checks between reading a file and storing it (issue 10): not reported, conflicts, digits, bounds, text limits,
typed Excel numbers, the "Đơn vị tính" column, read errors, left-out sheets and the source text.

check_rows is called with frames shaped as the reader gives them; the importer tests build real files. Every
expected number below is worked out by hand (13/17 = 76,470588…%).
"""

from __future__ import annotations

import io
from datetime import date

import duckdb
import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.ingest._validate import check_rows
from danvan.ingest.importer import commit, plan_bytes, report_frame, report_lines
from danvan.present.sheets import template_csv
from danvan.store import db
from danvan.store.registry import index_for
from tests.actors import admin

TODAY = date(2026, 11, 23)
SHARE_13_17 = 1300 / 17  # 76.470588…


@pytest.fixture(scope="module")
def index(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        return index_for(con)


@pytest.fixture
def con(writable_db):
    with db.connect(writable_db) as connection:
        yield connection


def rows(*records: dict, **columns: pl.DataType) -> pl.DataFrame:
    """Reader-shaped rows: row_no from 2, unit 96 (Cà Mau), period 2019 unless given."""
    base = [{"row_no": i + 2, "unit_code": "96", "period": "2019", **r} for i, r in enumerate(records)]
    schema = {"row_no": pl.Int64, "value_number": pl.Float64, "numerator_number": pl.Float64,
              "denominator_number": pl.Float64, "value_percent": pl.Boolean, **columns}
    names = list(dict.fromkeys(k for r in base for k in r))
    return pl.DataFrame([{k: r.get(k) for k in names} for r in base],
                        schema={k: schema.get(k, pl.String) for k in names})


def check(index, *records: dict):
    return check_rows(rows(*records), index, today=TODAY)


def problems(result) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in result.problems.iter_rows(named=True):
        out.setdefault(r["row_no"], []).append(r["message"])
    return out


def accepted(result) -> dict[int, dict]:
    return {r["row_no"]: r for r in result.accepted.iter_rows(named=True)}


def count(con, table="observations") -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def plan(con, text: str, name: str = "bao-cao.csv", **options):
    return plan_bytes(con, text.encode("utf-8"), name, today=TODAY, **options)


# --- 1. blank means not reported ----------------------------------------------------------------------------------

MARKERS = ["-", "–", "—", "x", "X", "..", "...", "…", "không có", "Không", "CHƯA CÓ", "k/c"]


def test_blank_and_markers_are_not_reported_skipped_and_counted(index):
    records = [{"indicator_code": "TCD_CUOC", "value": "7"},                    # row 2: the one figure
               {"indicator_code": "TCD_LUOT", "value": None},                   # row 3: blank
               {"indicator_code": "TCD_LUOT", "value": "   "}]                  # row 4: spaces only
    records += [{"indicator_code": "TCD_DOAN", "period": str(2000 + i), "value": m} for i, m in enumerate(MARKERS)]
    result = check(index, *records)
    assert result.problems.height == 0
    assert list(accepted(result)) == [2]
    assert result.not_reported == 2 + 12
    assert result.not_reported_rows["row_no"].to_list() == list(range(3, 17))
    assert result.not_reported_rows["text"].to_list()[2:] == MARKERS
    assert result.records == 15 and result.rejected == 0


def test_a_blank_row_is_skipped_whatever_else_it_says(index):
    # Nothing would be stored, so an unknown unit or indicator on a row without a figure is not an error.
    result = check(index, {"unit_code": "Bac Lieeu", "indicator_code": "TCD_CUOC", "value": None},
                   {"indicator_code": "NOPE", "value": "-"})
    assert (result.problems.height, result.accepted.height, result.not_reported) == (0, 0, 2)


def test_a_dash_is_not_zero_and_a_zero_is_stored(index):
    result = check(index, {"indicator_code": "TCD_CUOC", "value": "-"},
                   {"indicator_code": "TCD_CUOC", "period": "2018", "value": "0"})
    assert list(accepted(result)) == [3] and accepted(result)[3]["value"] == 0.0
    assert result.not_reported == 1


def test_a_marker_beside_both_parts_is_just_no_value(index):
    result = check(index, {"indicator_code": "MC_CQCM", "value": "-", "numerator": "13", "denominator": "17"},
                   {"indicator_code": "MC_CQCM", "period": "2018", "value": None, "numerator": "x",
                    "denominator": "-"})
    got = accepted(result)
    assert list(got) == [2] and got[2]["value"] == pytest.approx(SHARE_13_17)
    assert got[2]["raw_text"] == "13/17"
    assert result.not_reported == 1


def test_a_read_error_is_never_skipped_as_blank(index):
    result = check(index, {"indicator_code": "TCD_CUOC", "value": None, "read_error": "Dòng có 7 ô, nhiều hơn 6 cột.",
                           "read_error_column": "G"})
    [p] = result.problems.iter_rows(named=True)
    assert (p["row_no"], p["column"], p["message"]) == (2, "G", "Dòng có 7 ô, nhiều hơn 6 cột.")
    assert result.not_reported == 0 and result.rejected == 1


def test_template_partially_filled_commits_exactly_the_filled_cells(con):
    # The app's own CSV template for 2 units × 3 indicators (6 rows), filled by a person for 3 cells only.
    template = pl.read_csv(io.BytesIO(template_csv("2021", [("96", "Cà Mau"), ("95", "Bạc Liêu")],
                                                   ["TCD_CUOC", "TCD_DOAN", "KNTC_TYLE"])), infer_schema=False)
    assert template.height == 6 and template["Giá trị"].null_count() == 6
    filled = {0: "12", 2: "85,5%", 4: "-"}          # Cà Mau TCD_CUOC, Cà Mau KNTC_TYLE, Bạc Liêu TCD_DOAN "-"
    template = template.with_columns(pl.Series("Giá trị", [filled.get(i) for i in range(6)], dtype=pl.String))
    template = template.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("3.400"))
                                     .otherwise(pl.col("Giá trị")).alias("Giá trị"))  # Bạc Liêu TCD_CUOC
    data = template.write_csv()
    before, uploads = count(con), count(con, "uploads")
    p = plan(con, data, "mau.csv")
    assert p.ok and p.rows_rejected == 0
    assert (p.summary.new, p.rows_not_reported, p.rows_total) == (3, 3, 6)
    assert 'Không báo cáo (ô trống, "-", "x"): 3' in report_lines(p)
    statuses = report_frame(p, index_for(con))["status"].to_list()
    assert statuses == ["accepted", "not_reported", "accepted", "accepted", "not_reported", "not_reported"]
    commit(con, [p], user=admin("Chị Lan"))
    assert (count(con), count(con, "uploads")) == (before + 3, uploads + 1)
    stored = con.execute("SELECT unit_key, indicator_code, value FROM current_observations WHERE period = '2021' "
                         "AND upload_id IS NOT NULL ORDER BY unit_key, indicator_code").fetchall()
    assert stored == [("old:95", "TCD_CUOC", 3400.0), ("old:96", "KNTC_TYLE", 85.5), ("old:96", "TCD_CUOC", 12.0)]


def test_a_file_with_no_figure_is_not_ok_and_says_why(con):
    p = plan(con, "unit_code,indicator_code,period,value\n96,TCD_CUOC,2021,\n96,TCD_DOAN,2021,-\n")
    assert p.rows_rejected == 0 and p.rows_not_reported == 2 and not p.ok
    with pytest.raises(ValueError, match="không có số liệu nào để ghi"):
        commit(con, [p], user=admin("Chị Lan"))


# --- 2. conflicts are refused ---------------------------------------------------------------------------------------

def test_value_words_against_qualifier_and_status_columns(index):
    result = check(index,
                   {"indicator_code": "KNTC_TYLE", "value": "trên 90", "qualifier": "="},          # 2 conflict
                   {"indicator_code": "KNTC_TYLE", "period": "2018", "value": "90", "qualifier": ">"},   # 3 fine
                   {"indicator_code": "KNTC_TYLE", "period": "2017", "value": "trên 90", "qualifier": ">"},  # 4
                   {"indicator_code": "TCD_CUOC", "value": "dự kiến 12", "status": "actual"},       # 5 conflict
                   {"indicator_code": "TCD_CUOC", "period": "2018", "value": "dự kiến 12", "status": "expected"},
                   {"indicator_code": "TCD_CUOC", "period": "2017", "value": "12", "status": "target"},  # 7 fine
                   {"indicator_code": "KNTC_TYLE", "period": "2016", "value": "50-75%", "qualifier": "="},  # 8
                   {"indicator_code": "TCD_DOAN", "value": "kế hoạch 60", "status": "Expected"})    # 9 conflict
    got = problems(result)
    assert got[2] == ['Giá trị "trên 90" tự ghi dấu so sánh ">" nhưng cột Dấu so sánh ghi "=": sửa một trong hai.']
    assert got[5] == ['Giá trị "dự kiến 12" ghi là dự kiến (expected) nhưng cột Trạng thái (hoặc tiêu đề cột) ghi '
                      "thực hiện (actual): sửa một trong hai."]
    assert 'tự ghi dấu so sánh "range"' in got[8][0]
    assert "kế hoạch, mục tiêu (target)" in got[9][0] and "dự kiến (expected)" in got[9][0]
    assert set(got) == {2, 5, 8, 9}
    ok = accepted(result)
    assert (ok[3]["qualifier"], ok[3]["value"]) == (">", 90.0)
    assert (ok[4]["qualifier"], ok[6]["status"], ok[7]["status"]) == (">", "expected", "target")


def test_a_ratio_needs_both_parts(index):
    result = check(index,
                   {"indicator_code": "MC_CQCM", "value": None, "numerator": "13"},
                   {"indicator_code": "MC_CQCM", "period": "2018", "value": None, "denominator": "17"},
                   {"indicator_code": "MC_CQCM", "period": "2017", "value": "76,5%", "numerator": "13"},
                   {"indicator_code": "MC_CQCM", "period": "2016", "value": "76,5%", "numerator": "13",
                    "denominator": "17"})
    got = problems(result)
    assert got[2] == ["Có tử số nhưng thiếu mẫu số: một tỷ lệ cần cả hai (vd 13/17), hoặc chỉ ghi giá trị."]
    assert got[3] == ["Có mẫu số nhưng thiếu tử số: một tỷ lệ cần cả hai (vd 13/17), hoặc chỉ ghi giá trị."]
    assert got[4] == got[2]
    assert list(accepted(result)) == [5]
    columns = dict(zip(result.problems["row_no"], result.problems["column"], strict=True))
    assert columns == {2: "Mẫu số", 3: "Tử số", 4: "Mẫu số"}


@pytest.mark.parametrize(("value", "agrees"), [
    ("50%", False), ("76,5%", True), ("76%", True), ("76,4%", False), ("76,47%", True), ("76,48%", False),
    ("77%", False), ("76,4706%", True), ("76,4700%", False), ("76,47", True),
])
def test_a_percent_beside_its_parts_agrees_to_the_decimals_written(index, value, agrees):
    # 13/17 = 76,470588…%: "76%" allows ±0,5, "76,5%" ±0,05, "76,47%" ±0,005, "76,4706%" ±0,00005.
    result = check(index, {"indicator_code": "MC_CQCM", "value": value, "numerator": "13", "denominator": "17"})
    if agrees:
        assert result.problems.height == 0
        assert accepted(result)[2]["value"] == pytest.approx(SHARE_13_17)
        assert accepted(result)[2]["raw_text"] == value
    else:
        assert problems(result)[2] == [f'Giá trị "{value}" khác tỷ lệ tính từ tử số và mẫu số: 13/17 = 76,47%.']


def test_parts_written_twice_must_agree(index):
    result = check(index,
                   {"indicator_code": "MC_CQCM", "value": "13/17", "numerator": "12", "denominator": "17"},
                   {"indicator_code": "MC_CQCM", "period": "2018", "value": "13/17", "numerator": "13",
                    "denominator": "17"},
                   {"indicator_code": "MC_CQCM", "period": "2017", "value": "13/17 (50%)"},
                   {"indicator_code": "KNTC_TYLE", "value": "50-75%", "numerator": "13", "denominator": "17"})
    got = problems(result)
    assert got[2] == ['Tử số 12 khác tử số trong giá trị "13/17".']
    assert 'tỷ lệ ghi trong ngoặc (50%) khác tỷ lệ của 13/17 (76,47%)' in got[4][0]
    assert "Một khoảng giá trị không đi kèm tử số, mẫu số." in got[5]
    assert list(accepted(result)) == [3]


def test_a_conflicting_file_writes_nothing(con):
    text = ("unit_code,indicator_code,period,value,qualifier,status\n"
            "96,TCD_CUOC,2021,12,,\n"
            "96,KNTC_TYLE,2021,trên 90,=,\n")
    tables = ("observations", "uploads", "sources")
    before = [count(con, t) for t in tables]
    p = plan(con, text)
    assert p.summary.new == 1 and p.rows_rejected == 1 and not p.ok
    with pytest.raises(ValueError, match="Không ghi gì"):
        commit(con, [p], user=admin("Chị Lan"))
    assert [count(con, t) for t in tables] == before


# --- 3. Unicode digits -----------------------------------------------------------------------------------------------

def test_full_width_and_other_digits_are_read_as_ascii(index):
    result = check(index, {"indicator_code": "TCD_CUOC", "value": "１２３"},
                   {"indicator_code": "TCD_CUOC", "period": "2018", "value": "٣"},
                   {"indicator_code": "KNTC_TYLE", "value": "８５，５％"},
                   {"indicator_code": "MC_CQCM", "value": "１３/１７"})
    got = accepted(result)
    assert result.problems.height == 0
    assert (got[2]["value"], got[3]["value"], got[4]["value"]) == (123.0, 3.0, 85.5)
    assert (got[5]["numerator"], got[5]["denominator"]) == (13.0, 17.0)


def test_full_width_digits_are_stored_as_numbers(con):
    before = count(con)
    p = plan(con, "unit_code,indicator_code,period,value\n96,TCD_CUOC,2021,１２３\n")
    commit(con, [p], user=admin("Chị Lan"))
    assert count(con) == before + 1
    assert con.execute("SELECT value FROM current_observations WHERE unit_key = 'old:96' AND period = '2021' "
                       "AND indicator_code = 'TCD_CUOC'").fetchall() == [(123.0,)]


_CELL = st.text(alphabet="0123456789１２３٣۵.,-–%/ xtrêndưới~khoảng", max_size=10)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_CELL, min_size=1, max_size=12))
def test_no_accepted_row_is_without_a_number(index, texts):
    result = check(index, *({"indicator_code": "KNTC_TYLE", "period": str(1990 + i), "value": t}
                            for i, t in enumerate(texts)))
    a = result.accepted
    assert a.filter(pl.col("value").is_null() & (pl.col("value_low").is_null() | pl.col("value_high").is_null())
                    ).height == 0
    assert a.select(pl.all_horizontal(pl.col(c).is_finite() | pl.col(c).is_null()
                                      for c in ("value", "value_low", "value_high"))).to_series().all()
    assert a.height + result.rejected + result.not_reported == len(texts)


# --- 4. bounded values -----------------------------------------------------------------------------------------------

def test_counts_are_bounded_by_their_measure(index):
    result = check(index,
                   {"indicator_code": "TCD_LUOT", "value": "10.000.000"},                          # 2 the bound
                   {"indicator_code": "TCD_LUOT", "period": "2018", "value": "10.000.001"},        # 3 over
                   {"indicator_code": "TCD_CUOC", "value": "1" + "0" * 400},                       # 4 400 digits
                   {"indicator_code": "TCD_CUOC", "period": "2018", "value": "1.000.001"},         # 5 over
                   {"indicator_code": "MC_NGANHDOC", "value": "1001"},                             # 6 agency
                   {"indicator_code": "QCDC_KT_XA", "value": "20.000"},                            # 7 commune bound
                   {"indicator_code": "TCD_DOAN", "value": "100.001"},                             # 8 delegation
                   {"indicator_code": "TCD_CUOC", "period": "2017", "value": "từ 10 đến 2.000.000"})  # 9 range high
    got = problems(result)
    assert got[3] == ["Giá trị vượt giới hạn của chỉ tiêu TCD_LUOT: tối đa 10.000.000 lượt người."]
    assert len(got[4]) == 1 and "401 chữ số, quá lớn" in got[4][0]
    assert got[5] == ["Giá trị vượt giới hạn của chỉ tiêu TCD_CUOC: tối đa 1.000.000 cuộc."]
    assert got[6] == ["Giá trị vượt giới hạn của chỉ tiêu MC_NGANHDOC: tối đa 1.000 cơ quan."]
    assert got[8] == ["Giá trị vượt giới hạn của chỉ tiêu TCD_DOAN: tối đa 100.000 đoàn."]
    assert got[9] == got[5]
    assert set(got) == {3, 4, 5, 6, 8, 9}
    assert (accepted(result)[2]["value"], accepted(result)[7]["value"]) == (10_000_000.0, 20_000.0)


def test_typed_huge_and_non_finite_numbers_are_refused(index):
    nan, inf = float("nan"), float("inf")
    result = check(index,
                   {"indicator_code": "TCD_CUOC", "value": "1E+308", "value_number": 1e308},
                   {"indicator_code": "KNTC_TYLE", "value": "1E+308", "value_number": 1e308},
                   {"indicator_code": "TCD_CUOC", "period": "2018", "value": "∞", "value_number": inf},
                   {"indicator_code": "KNTC_TYLE", "period": "2018", "value": "NaN", "value_number": nan},
                   {"indicator_code": "MC_CQCM", "value": None, "numerator_number": 1e308,
                    "numerator": "1E+308", "denominator_number": inf, "denominator": "∞"})
    got = problems(result)
    assert got[2] == ["Giá trị vượt giới hạn của chỉ tiêu TCD_CUOC: tối đa 1.000.000 cuộc."]
    assert got[3] == ["Tỷ lệ phần trăm phải trong khoảng 0–100."]
    assert got[4] == ["Số quá lớn hoặc không xác định (vô cực, NaN): không lưu được."]
    assert got[5] == got[4]
    # the numerator 1e308 is finite but over the agency bound; the denominator is infinite
    assert got[6] == [got[4][0], "Tử số, mẫu số vượt giới hạn của chỉ tiêu MC_CQCM: tối đa 1.000 cơ quan."]
    assert result.accepted.height == 0


def test_ratio_parts_are_bounded_by_the_parts_measure(index):
    result = check(index,
                   {"indicator_code": "MC_CQCM", "value": "1001/2000"},                        # agency ≤ 1.000
                   {"indicator_code": "MC_CQCM", "period": "2018", "value": "999/1000"},
                   {"indicator_code": "NTM_XA", "value": None, "numerator": "12", "denominator": "20.001"})
    got = problems(result)
    assert got[2] == ["Tử số, mẫu số vượt giới hạn của chỉ tiêu MC_CQCM: tối đa 1.000 cơ quan."] * 2
    assert got[4] == ["Tử số, mẫu số vượt giới hạn của chỉ tiêu NTM_XA: tối đa 20.000 xã."]
    assert list(accepted(result)) == [3]
    columns = result.problems.filter(pl.col("row_no") == 2)["column"].to_list()
    assert columns == ["Tử số", "Mẫu số"]


def test_huge_values_in_a_file_write_nothing(con):
    before = count(con)
    p = plan(con, "unit_code,indicator_code,period,value\n96,TCD_CUOC,2021," + "9" * 400 + "\n"
             "96,TCD_LUOT,2021,99999999\n")
    assert p.rows_rejected == 2 and not p.ok
    with pytest.raises(ValueError):
        commit(con, [p], user=admin("Chị Lan"))
    assert count(con) == before


# --- 5. text limits --------------------------------------------------------------------------------------------------

def test_note_and_source_are_limited(index):
    result = check(index,
                   {"indicator_code": "TCD_CUOC", "value": "1", "note": "a" * 2000, "source": "b" * 500},
                   {"indicator_code": "TCD_CUOC", "period": "2018", "value": "1", "note": "é" * 2001},
                   {"indicator_code": "TCD_CUOC", "period": "2017", "value": "1", "source": "ư" * 12345})
    got = problems(result)
    assert got == {3: ["Ghi chú dài 2.001 ký tự, vượt giới hạn 2.000 ký tự."],
                   4: ["Nguồn dài 12.345 ký tự, vượt giới hạn 500 ký tự."]}
    assert result.problems["column"].to_list() == ["Ghi chú", "Nguồn"]
    assert accepted(result)[2]["source_text"] == "b" * 500


# --- 6. typed Excel numbers ------------------------------------------------------------------------------------------

def test_typed_numbers_are_used_and_their_text_is_only_shown(index):
    result = check(index,
                   # Excel cell 12345 shown "12.345": the number is used, "12.345" is not re-read.
                   {"indicator_code": "TCD_LUOT", "value": "12.345", "value_number": 12345.0},
                   # a decimal cell 12,345 for a percent indicator: 12.345, never 12345
                   {"indicator_code": "KNTC_TYLE", "value": "12,345", "value_number": 12.345},
                   # 0.925 formatted 0.00%: the percent shown
                   {"indicator_code": "KNTC_TYLE", "period": "2018", "value": "92,50%", "value_number": 92.5,
                    "value_percent": True},
                   # a percent-formatted cell for a count is refused as "12%" typed would be
                   {"indicator_code": "TCD_CUOC", "value": "12%", "value_number": 12.0, "value_percent": True},
                   # a text the grammar would refuse is never parsed when the cell is a number
                   {"indicator_code": "TCD_DOAN", "value": "abc", "value_number": 5.0},
                   # parts as numeric cells
                   {"indicator_code": "MC_CQCM", "value": None, "numerator": "13", "numerator_number": 13.0,
                    "denominator": "17", "denominator_number": 17.0},
                   # a percent cell shown "76%" beside 13/17 agrees (±0,5), "50%" does not
                   {"indicator_code": "MC_CQCM", "period": "2018", "value": "76%", "value_number": 76.470588235,
                    "value_percent": True, "numerator_number": 13.0, "denominator_number": 17.0},
                   {"indicator_code": "MC_CQCM", "period": "2017", "value": "50%", "value_number": 50.0,
                    "value_percent": True, "numerator_number": 13.0, "denominator_number": 17.0})
    got, ok = problems(result), accepted(result)
    assert ok[2]["value"] == 12345.0 and ok[2]["raw_text"] == "12.345"
    assert ok[3]["value"] == 12.345
    assert ok[4]["value"] == 92.5 and ok[4]["raw_text"] == "92,50%"
    assert got[5][0] == "Chỉ tiêu TCD_CUOC là số đếm; không ghi dạng tỷ lệ hay phần trăm."
    assert ok[6]["value"] == 5.0
    assert ok[7]["value"] == pytest.approx(SHARE_13_17) and ok[7]["raw_text"] == "13/17"
    assert ok[8]["value"] == pytest.approx(SHARE_13_17)
    assert got[9] == ['Giá trị "50% (ô số)" khác tỷ lệ tính từ tử số và mẫu số: 13/17 = 76,47%.']
    assert set(got) == {5, 9}


def test_a_typed_percent_cell_in_a_real_workbook(con):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"])
    ws.append(["96", "KNTC_TYLE", "2021", 0.925])
    ws["D2"].number_format = "0.00%"
    ws.append(["96", "TCD_LUOT", "2021", 12345])
    ws["D3"].number_format = "#,##0"
    ws.append(["96", "TCD_CUOC", "2021", 0.12])
    ws["D4"].number_format = "0%"
    out = io.BytesIO()
    wb.save(out)
    p = plan_bytes(con, out.getvalue(), "so-lieu.xlsx", today=TODAY)
    values = {r["indicator_code"]: r["value"] for r in p.check.accepted.iter_rows(named=True)}
    assert values == {"KNTC_TYLE": pytest.approx(92.5), "TCD_LUOT": 12345.0}
    assert "là số đếm" in p.check.problems.filter(pl.col("row_no") == 4)["message"][0]


# --- "Đơn vị tính" -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "unit", "fits"), [
    ("TCD_LUOT", "lượt người", True), ("TCD_LUOT", "Lượt", True), ("TCD_LUOT", "người", True),
    ("TCD_LUOT", "cuộc", False), ("TCD_LUOT", "%", False),
    ("TCD_CUOC", "cuộc", True), ("TCD_CUOC", "Cuộc", True), ("TCD_CUOC", "lượt người", False),
    ("MC_CQCM", "%", True), ("MC_CQCM", "(%)", True), ("MC_CQCM", "Tỷ lệ (%)", True), ("MC_CQCM", "cơ quan", True),
    ("MC_CQCM", "xã", False), ("KNTC_TYLE", "phần trăm", True), ("KNTC_TYLE", "cuộc", False),
    ("NTM_XA", "xã", True), ("NTM_XA", "tỉ lệ", True), ("TCD_DOAN", "đoàn", True), ("MC_NGANHDOC", "cơ quan", True),
    ("MC_HUYEN", "đơn vị", True),
])
def test_the_unit_of_measure_column_must_fit_the_indicator(index, code, unit, fits):
    value = "12" if code in ("TCD_LUOT", "TCD_CUOC", "TCD_DOAN", "MC_NGANHDOC") else "50%"
    result = check(index, {"indicator_code": code, "value": value, "measure_text": unit})
    if fits:
        assert result.problems.height == 0
    else:
        [p] = result.problems.iter_rows(named=True)
        assert p["column"] == "Đơn vị tính" and p["text"] == unit


def test_a_unit_of_measure_mismatch_names_both(index):
    result = check(index, {"indicator_code": "TCD_LUOT", "value": "12", "measure_text": "cuộc"},
                   {"indicator_code": "MC_CQCM", "value": "50%", "measure_text": "xã"})
    assert problems(result) == {2: ['Đơn vị tính "cuộc" không khớp chỉ tiêu TCD_LUOT (lượt người).'],
                                3: ['Đơn vị tính "xã" không khớp chỉ tiêu MC_CQCM (phần trăm hoặc cơ quan).']}


# --- sheets left out ------------------------------------------------------------------------------------------------

def _two_quarters() -> bytes:
    wb = openpyxl.Workbook()
    for title, period, value in (("Quý 1", "Quý I/2024", 5), ("Quý 2", "Quý II/2024", 7)):
        ws = wb.active if title == "Quý 1" else wb.create_sheet(title)
        ws.title = title
        ws.append(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"])
        ws.append(["96", "TCD_CUOC", period, value])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_left_out_sheet_is_neither_checked_nor_committed(con):
    data = _two_quarters()
    both = plan_bytes(con, data, "quy.xlsx", today=TODAY)
    assert both.check.accepted["period"].to_list() == ["2024-Q1", "2024-Q2"]
    one = plan_bytes(con, data, "quy.xlsx", today=TODAY, leave_out=("Quý 2",))
    assert one.check.accepted["period"].to_list() == ["2024-Q1"] and one.rows_total == 1
    assert "Bỏ qua trang tính (theo lựa chọn, không kiểm tra, không ghi): Quý 2" in report_lines(one)
    assert report_frame(one, index_for(con))["row"].to_list() == [2]
    before = count(con)
    commit(con, [one], user=admin("Chị Lan"))
    assert count(con) == before + 1


# --- 7. the source column is kept -----------------------------------------------------------------------------------

def test_the_source_column_becomes_each_figures_source(con):
    text = ("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị,Nguồn\n"
            "96,TCD_CUOC,2021,12,Báo cáo số 12/BC-UBND ngày 5/1/2022\n"
            "96,TCD_DOAN,2021,4,\n"
            "96,TCD_CUOC,2025-Q4,3,Báo cáo quý IV/2025\n")
    p = plan(con, text, "ca-mau.csv")
    assert p.ok
    commit(con, [p], user=admin("Chị Lan"))
    stored = dict(con.execute("SELECT indicator_code || ' ' || period, source_text FROM current_observations "
                              "WHERE upload_id IS NOT NULL").fetchall())
    assert stored == {"TCD_CUOC 2021": "Báo cáo số 12/BC-UBND ngày 5/1/2022", "TCD_DOAN 2021": None,
                      "TCD_CUOC 2025-Q4": "Báo cáo quý IV/2025"}
    exported = {(r["indicator_code"], r["period"]): r["source"]
                for r in db.run(con, "export_observations", unit_code="96", indicator=None).iter_rows(named=True)}
    assert exported[("TCD_CUOC", "2021")].startswith("Báo cáo số 12/BC-UBND ngày 5/1/2022 (tải lên: ca-mau.csv, "
                                                     "Chị Lan, ")
    assert exported[("TCD_DOAN", "2021")].startswith("Tải lên: ca-mau.csv (Chị Lan, ")
    today = {(r["indicator_code"], r["period"]): r["source"]
             for r in db.run(con, "export_today", unit_code="96", indicator="TCD_CUOC").iter_rows(named=True)}
    assert today[("TCD_CUOC", "2025-Q4")] == "Báo cáo quý IV/2025 (tải lên: ca-mau.csv)"
    profile = db.run(con, "unit_profile", unit_key="old:96").filter(pl.col("period") == "2021")
    assert sorted(profile["source_text"].to_list(), key=str) == ["Báo cáo số 12/BC-UBND ngày 5/1/2022", None]
    profile_today = db.run(con, "unit_profile_today", unit_key="new:96").filter(pl.col("period") == "2025-Q4")
    assert profile_today["source_text"].to_list() == ["Báo cáo quý IV/2025"]


def test_a_changed_source_alone_is_unchanged(con):
    first = plan(con, "unit_code,indicator_code,period,value,source\n96,TCD_CUOC,2021,12,Báo cáo A\n")
    commit(con, [first], user=admin("Chị Lan"))
    again = plan(con, "unit_code,indicator_code,period,value,source\n96,TCD_CUOC,2021,12,Báo cáo B\n")
    assert (again.summary.new, again.summary.revised, again.summary.unchanged) == (0, 0, 1)


def test_the_page_source_fills_rows_without_their_own(con):
    p = plan(con, "unit_code,indicator_code,period,value,source\n96,TCD_CUOC,2021,12,Báo cáo A\n"
                  "96,TCD_DOAN,2021,3,\n", source="Công văn 7/UBND")
    assert p.check.accepted["source_text"].to_list() == ["Báo cáo A", "Công văn 7/UBND"]


def test_the_invariant_refuses_a_value_read_as_nothing(index, monkeypatch):
    # The bug of issue 10, put back: a plain-number front that reads "１２３" as a plain number with no value. The
    # invariant (an accepted figure has a number) refuses the row instead of storing an empty value.
    from danvan.ingest import _validate

    def broken_front(texts: pl.Series) -> pl.DataFrame:
        return pl.DataFrame({"text": texts}).with_columns(
            plain=pl.lit(True), value=pl.lit(None, pl.Float64), numerator=pl.lit(None, pl.Float64),
            denominator=pl.lit(None, pl.Float64), is_percent=pl.lit(False), decimals=pl.lit(0, pl.Int64),
            qualifier_written=pl.lit(False), status_written=pl.lit(False))

    monkeypatch.setattr(_validate, "parse_plain_values", broken_front)
    result = check(index, {"indicator_code": "TCD_CUOC", "value": "１２３"})
    assert problems(result) == {2: ["Không đọc được con số nào trong ô giá trị."]}
    assert result.accepted.height == 0
